"""The staff member's gender (issue 12): documents agree with it and decline names by it.

Existing records get the suggestion from the patronymic (or the first name); what cannot be told stays
blank for a person to set."""

from django.db import migrations, models


def suggest_genders(apps, schema_editor):  # type: ignore[no-untyped-def]
    from staff.declension import gender_suggest

    StaffMember = apps.get_model("staff", "StaffMember")
    for member in StaffMember.objects.filter(gender="").only("pk", "first_name", "patronymic"):
        gender = gender_suggest(first_name=member.first_name, patronymic=member.patronymic)
        if gender:
            StaffMember.objects.filter(pk=member.pk).update(gender=gender)


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0002_staffmember_home_school_uuid_staffmember_is_guest"),
    ]

    operations = [
        migrations.AddField(
            model_name="staffmember",
            name="gender",
            field=models.CharField(blank=True, choices=[("male", "male"), ("female", "female")], default="",
                                   max_length=6, verbose_name="gender"),
        ),
        migrations.RunPython(suggest_genders, migrations.RunPython.noop),
    ]
