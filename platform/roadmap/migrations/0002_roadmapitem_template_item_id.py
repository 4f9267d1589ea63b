from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Roadmaps made before activities kept their source: an activity whose stage number and title are
    those of an activity of the template version the roadmap was copied from came from it."""
    RoadmapItem = apps.get_model("roadmap", "RoadmapItem")
    if not RoadmapItem.objects.filter(stage__roadmap__template_id__isnull=False).exists():
        return
    public = schema_editor.connection.ops.quote_name(getattr(settings, "PUBLIC_SCHEMA_NAME", "public"))
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE roadmap_roadmapitem AS item SET template_item_id = source.id
                FROM roadmap_roadmapstage AS stage, roadmap_roadmap AS roadmap,
                     {public}.roadmap_templates_templatestage AS tstage,
                     {public}.roadmap_templates_templateitem AS source
                WHERE item.stage_id = stage.id AND stage.roadmap_id = roadmap.id
                  AND tstage.template_id = roadmap.template_id AND tstage.number = stage.number
                  AND source.stage_id = tstage.id AND source.title = item.title
                  AND item.template_item_id IS NULL"""  # noqa: S608 - the schema name is a setting
        )


class Migration(migrations.Migration):

    dependencies = [
        ('roadmap', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='roadmapitem',
            name='template_item_id',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
