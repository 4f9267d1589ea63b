"""Version 1 of the district's regulation template: the platform's standard wording, published."""

from pathlib import Path

from django.db import migrations
from django.utils import timezone

STANDARD = Path(__file__).resolve().parents[2] / "documents" / "texts" / "regulation.txt"


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    RegulationTemplate = apps.get_model("regulation_templates", "RegulationTemplate")
    if RegulationTemplate.objects.exists():
        return
    RegulationTemplate.objects.create(version=1, body=STANDARD.read_text(encoding="utf-8").strip("\n"),
                                      is_published=True, published_at=timezone.now())


class Migration(migrations.Migration):

    dependencies = [("regulation_templates", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
