"""The district's own DOCX templates per document kind (issue 12)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("district", "0005_districtsettings_invitation_and_second_factor"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DocxTemplate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=30, unique=True, verbose_name="document")),
                ("file_name", models.CharField(max_length=200, verbose_name="file")),
                ("content", models.BinaryField(verbose_name="template")),
                ("uploaded_at", models.DateTimeField(auto_now=True, verbose_name="uploaded at")),
                ("uploaded_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                                  related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={"verbose_name": "DOCX template", "verbose_name_plural": "DOCX templates"},
        ),
    ]
