"""templates_updates_for_school: the pending updates of the three kinds, by capability, on the home page;
and the demo's newer versions."""

from __future__ import annotations

from django_tenants.utils import schema_context

from audit.models import AuditEvent
from demo.template_versions import REGULATION_CLAUSE, ROADMAP_ACTIVITY, demo_template_versions
from regulation_templates.models import RegulationTemplate, TemplateKind
from roadmap_templates.models import RoadmapTemplate, TemplateItem
from school.selectors import templates_updates_for_school
from tests.conftest import client_for
from tests.templates_district.conftest import publish_regulation, publish_roadmap
from tests.templates_district.test_adopt_surveys import answered_v1, publish_new_version  # noqa: F401


def _kinds(world, key: str, school=None) -> list[str]:  # type: ignore[no-untyped-def]
    school = school or world.school_a
    with schema_context(school.schema_name):
        membership = world.people[key].memberships.filter(school=school).first()
        return [update.kind for update in templates_updates_for_school(membership=membership)]


def test_each_kind_is_listed_for_those_who_adopt_it(world, fresh_roadmaps, answered_v1,  # noqa: F811
                                                    django_assert_max_num_queries):
    publish_regulation(world)
    publish_roadmap(world)
    publish_new_version(world)
    assert _kinds(world, "curator_a") == [TemplateKind.REGULATION, TemplateKind.ROADMAP, TemplateKind.QUESTIONNAIRE]
    assert _kinds(world, "director_a") == [TemplateKind.REGULATION, TemplateKind.ROADMAP]
    for key in ("teacher_a", "mentor_a", "mentee_a", "admin_alpha"):
        assert _kinds(world, key) == [], key
    assert _kinds(world, "curator_b", world.school_b) == [TemplateKind.REGULATION, TemplateKind.ROADMAP]
    with schema_context(world.school_a.schema_name):
        membership = world.people["curator_a"].memberships.get()
        with django_assert_max_num_queries(8):
            templates_updates_for_school(membership=membership)


def test_the_home_page_lists_every_pending_update_with_its_page(world, fresh_roadmaps, answered_v1):  # noqa: F811
    publish_regulation(world)
    publish_roadmap(world)
    publish_new_version(world)
    page = client_for(world.school_a, world.people["curator_a"]).get("/")
    kinds = [item.kind for item in page.context["attention"] if item.kind.startswith("template_")]
    assert kinds == ["template_regulation", "template_roadmap", "template_questionnaire"]
    html = page.content.decode()
    for url in ("/documents/#template-updates", "/roadmap/#template-update",
                "/surveys/questionnaires/#template-updates"):
        assert url in html
    assert "A new version is available" not in client_for(world.school_a, world.people["teacher_a"]).get(
        "/").content.decode()


def test_the_demo_publishes_version_2_once(world, fresh_roadmaps):
    demo_template_versions()
    roadmap = RoadmapTemplate.objects.get(version=2)
    regulation = RegulationTemplate.objects.get(version=2)
    assert roadmap.published and regulation.published
    assert TemplateItem.objects.filter(stage__template=roadmap, title=ROADMAP_ACTIVITY).exists()
    assert REGULATION_CLAUSE in regulation.body and regulation.note
    assert _kinds(world, "director_a") == [TemplateKind.REGULATION, TemplateKind.ROADMAP]
    events = AuditEvent.objects.count()
    demo_template_versions()
    assert RoadmapTemplate.objects.count() == 2 and RegulationTemplate.objects.count() == 2
    assert AuditEvent.objects.count() == events
