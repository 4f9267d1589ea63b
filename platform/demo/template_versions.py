"""The district's newer template versions in the demo: after the schools are seeded on version 1,
the district publishes version 2 of the roadmap template and of the regulation, so that the
schools' home pages show «Доступна новая версия …» with «Принять» (issue 5, item 4).

Made once: a second run finds version 2 and changes nothing.
"""

from __future__ import annotations

from people.models import Person
from people.roles import DistrictRole, SchoolRole
from regulation_templates.models import RegulationTemplate
from regulation_templates.services import (
    regulation_template_draft_create,
    regulation_template_draft_update,
    regulation_template_publish,
)
from roadmap_templates.models import RoadmapTemplate
from roadmap_templates.services import (
    roadmap_template_default,
    roadmap_template_draft_create,
    roadmap_template_item_add,
    roadmap_template_publish,
)

ROADMAP_ACTIVITY = "Промежуточное анкетирование наставников и наставляемых по итогам полугодия"
REGULATION_AFTER = "1.4. "
REGULATION_CLAUSE = ("1.5. Наставник и наставляемый ведут дневник наставничества на платформе наставничества "
                     "района; куратор рассматривает его при ежеквартальном мониторинге.")
REGULATION_NOTE = "Добавлен п. 1.5: дневник наставничества на платформе района"


def demo_template_versions(*, acting_user: Person | None = None) -> None:
    """Publish version 2 of the district's roadmap template and regulation, if there is none yet."""
    admin = acting_user or Person.objects.filter(district_roles__contains=[DistrictRole.ADMIN]).order_by(
        "username").first()
    if admin is None:
        return
    roadmap_template_default()
    if not RoadmapTemplate.objects.filter(version__gte=2).exists():
        roadmap = roadmap_template_draft_create(acting_user=admin)
        roadmap_template_item_add(acting_user=admin, stage=roadmap.stages.get(number=6), title=ROADMAP_ACTIVITY,
                                  month=1, responsible_role=SchoolRole.CURATOR)
        roadmap_template_publish(acting_user=admin, template=roadmap)
    if not RegulationTemplate.objects.filter(version__gte=2).exists():
        draft = regulation_template_draft_create(acting_user=admin)
        lines = draft.body.splitlines()
        at = next((n for n, line in enumerate(lines) if line.startswith(REGULATION_AFTER)), len(lines) - 1)
        lines.insert(at + 1, REGULATION_CLAUSE)
        draft = regulation_template_draft_update(acting_user=admin, template=draft, body="\n".join(lines),
                                                 note=REGULATION_NOTE)
        regulation_template_publish(acting_user=admin, template=draft)
