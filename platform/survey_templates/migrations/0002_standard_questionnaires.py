"""The district's three standard questionnaires, published (survey_templates.standard)."""

from django.db import migrations
from django.utils import timezone


def make_standard(apps, schema_editor):
    from survey_templates.standard import STANDARD

    Template = apps.get_model("survey_templates", "QuestionnaireTemplate")
    Question = apps.get_model("survey_templates", "TemplateQuestion")
    for standard in STANDARD:
        if Template.objects.filter(key=standard.key).exists():
            continue
        template = Template.objects.create(
            key=standard.key, title=standard.title, description=standard.description, audience=standard.audience,
            published=True, published_at=timezone.now(),
        )
        for number, question in enumerate(standard.questions, start=1):
            q = question.cleaned()
            Question.objects.create(template=template, order=number, text=q.text, kind=q.kind,
                                    scale_max=q.scale_max, options=list(q.options), required=q.required)


class Migration(migrations.Migration):
    dependencies = [("survey_templates", "0001_initial")]

    operations = [migrations.RunPython(make_standard, migrations.RunPython.noop)]
