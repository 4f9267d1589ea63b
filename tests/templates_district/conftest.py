"""District templates (issue 5, item 4): the district publishes new versions of the regulation, the
roadmap and the standard questionnaires; schools see them and adopt them.

Helpers make new versions through the district's services, as the district administrator would.
"""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from documents.catalogue import DocumentKind, default_text
from regulation_templates import services as regulation_services
from regulation_templates.models import RegulationTemplate
from roadmap.models import Roadmap
from roadmap_templates import services as roadmap_template_services
from roadmap_templates.models import RoadmapTemplate
from tests.english import english  # noqa: F401 - messages are asserted in English
from tests.roadmap.factories import make_roadmap

V2_SENTENCE = "Дополнение версии 2: наставник ведёт дневник наставничества."


NOTE = "Добавлен дневник наставничества"


def publish_regulation(world, *, sentence: str = V2_SENTENCE, note: str = NOTE) -> RegulationTemplate:  # type: ignore[no-untyped-def]
    """A new published version of the regulation: the previous text with one more paragraph."""
    admin = world.people["district_admin"]
    draft = regulation_services.regulation_template_draft_create(acting_user=admin)
    draft = regulation_services.regulation_template_draft_update(
        acting_user=admin, template=draft, body=draft.body + "\n" + sentence, note=note)
    return regulation_services.regulation_template_publish(acting_user=admin, template=draft)


def publish_roadmap(world, change=None) -> RoadmapTemplate:  # type: ignore[no-untyped-def]
    """A new published version of the roadmap template; `change(draft)` edits the draft first."""
    admin = world.people["district_admin"]
    draft = roadmap_template_services.roadmap_template_draft_create(acting_user=admin)
    if change is not None:
        change(draft)
    return roadmap_template_services.roadmap_template_publish(acting_user=admin, template=draft)


@pytest.fixture
def fresh_roadmaps(world):  # type: ignore[no-untyped-def]
    """Each school's roadmap of the current year made now from the latest template (version 1)."""
    roadmap_template_services.roadmap_template_default()
    made = {}
    for school in (world.school_a, world.school_b):
        with schema_context(school.schema_name):
            Roadmap.objects.all().delete()
        made[school.slug] = make_roadmap(world, school=school,
                                         who="curator_a" if school == world.school_a else "curator_b")
    return made


def standard_regulation() -> str:
    return default_text(DocumentKind.REGULATION).strip("\n")
