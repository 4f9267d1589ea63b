"""A school adopts the district's newer roadmap template into this year's roadmap: done activities and
the school's own stay; not-done activities from the old template are replaced by the new version's."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from people.models import Person
from regulation_templates.models import TemplateAdoption, TemplateKind
from roadmap import services
from roadmap.models import Roadmap, RoadmapItem, RoadmapItemStatus, RoadmapStage
from roadmap.services import deadline_for_month
from roadmap_templates import services as template_services
from roadmap_templates.models import RoadmapTemplate, TemplateItem
from school.selectors import templates_updates_for_school
from tests.conftest import client_for
from tests.roadmap.factories import current_year, snapshot
from tests.templates_district.conftest import publish_roadmap

NEW_TITLE = "Новое мероприятие версии 2"
RENAMED = "Переименовано в версии 2"
OWN_TITLE = "Своё мероприятие школы"


def _v2_change(removed: list[str], renamed: list[str]):  # type: ignore[no-untyped-def]
    def change(draft: RoadmapTemplate) -> None:
        stage1, stage4, stage5 = (draft.stages.get(number=n) for n in (1, 4, 5))
        admin_person = Person.objects.get(username="district_admin")
        template_services.roadmap_template_item_add(acting_user=admin_person, stage=stage1, title=NEW_TITLE,
                                                    month=10, responsible_role="curator")
        gone = stage4.items.order_by("position").first()
        removed.append(gone.title)
        template_services.roadmap_template_item_remove(acting_user=admin_person, item=gone)
        old = stage5.items.order_by("position").first()
        renamed.append(old.title)
        template_services.roadmap_template_item_update(acting_user=admin_person, item=old, title=RENAMED,
                                                       month=old.month, responsible_role=old.responsible_role)
    return change


@pytest.fixture
def school_a_progress(world, fresh_roadmaps):  # type: ignore[no-untyped-def]
    """School A's roadmap with one activity done, one in progress with a named person, one of its own."""
    roadmap = fresh_roadmaps["alpha"]
    curator = world.people["curator_a"]
    with schema_context(world.school_a.schema_name):
        first, second = RoadmapItem.objects.filter(stage__roadmap=roadmap, stage__number=1).order_by("position")[:2]
        done = services.roadmap_item_mark_done(school=world.school_a, acting_user=curator, item=first,
                                               evidence="Приказ подписан")
        in_stage2 = RoadmapItem.objects.filter(stage__roadmap=roadmap, stage__number=2).order_by("position").first()
        staff = world.staff("curator_a")
        progress = services.roadmap_item_update(
            school=world.school_a, acting_user=curator, item=in_stage2, title=in_stage2.title,
            deadline=in_stage2.deadline, responsible_role=in_stage2.responsible_role, responsible_staff=staff,
            status=RoadmapItemStatus.IN_PROGRESS, throughout_year=in_stage2.throughout_year)
        stage3 = RoadmapStage.objects.get(roadmap=roadmap, number=3)
        own = services.roadmap_item_add(school=world.school_a, acting_user=curator, stage=stage3, title=OWN_TITLE,
                                        deadline=current_year().first_day, responsible_role="curator")
    return {"roadmap": roadmap, "done": done, "progress": progress, "own": own, "planned": second}


def _adopt(world, template, key="curator_a"):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        return services.roadmap_template_adopt(school=world.school_a, acting_user=world.people[key], template=template)


def test_a_newer_template_is_a_pending_update_of_this_years_roadmap(world, fresh_roadmaps):
    with schema_context(world.school_a.schema_name):
        assert templates_updates_for_school(membership=world.people["curator_a"].memberships.get()) == []
    v2 = publish_roadmap(world)
    with schema_context(world.school_a.schema_name):
        [update] = templates_updates_for_school(membership=world.people["curator_a"].memberships.get())
        assert (update.kind, update.current_version, update.new_version, update.template_id) == (
            TemplateKind.ROADMAP, 1, 2, v2.pk)
        # No roadmap for the year: nothing to adopt (it will be created from the latest version).
        Roadmap.objects.all().delete()
        assert templates_updates_for_school(membership=world.people["curator_a"].memberships.get()) == []


def test_adopting_keeps_done_and_own_activities_and_replaces_the_rest(world, school_a_progress):
    removed: list[str] = []
    renamed: list[str] = []
    v2 = publish_roadmap(world, _v2_change(removed, renamed))
    with schema_context(world.school_b.schema_name):
        school_b_before = snapshot()
    roadmap = _adopt(world, v2)
    year = current_year()
    v2_items = {item.pk: item for item in TemplateItem.objects.filter(stage__template=v2)}
    with schema_context(world.school_a.schema_name):
        roadmap.refresh_from_db()
        assert (roadmap.template_id, roadmap.template_version) == (v2.pk, 2)
        items = list(RoadmapItem.objects.filter(stage__roadmap=roadmap).select_related("stage"))
        by_pk = {item.pk: item for item in items}
        done, own = school_a_progress["done"], school_a_progress["own"]
        # Done and own activities are the same rows, untouched.
        assert by_pk[done.pk].status == RoadmapItemStatus.DONE and by_pk[done.pk].evidence == "Приказ подписан"
        assert by_pk[own.pk].title == OWN_TITLE and by_pk[own.pk].template_item_id is None
        # The done activity is not added again from the new version.
        assert [i.title for i in items if i.stage.number == 1].count(done.title) == 1
        # Every other activity from the template is the new version's, not done.
        for item in items:
            if item.pk not in (done.pk, own.pk):
                assert item.template_item_id in v2_items and item.status != RoadmapItemStatus.DONE, item.title
        assert school_a_progress["planned"].pk not in by_pk and school_a_progress["progress"].pk not in by_pk
        # The one in progress keeps the person the school named and its status.
        progress = school_a_progress["progress"]
        again = next(i for i in items if i.stage.number == 2 and i.title == progress.title)
        assert again.status == RoadmapItemStatus.IN_PROGRESS
        assert again.responsible_staff_id == progress.responsible_staff_id
        # The new activity, with its month as a date of this year; removed and renamed ones follow the version.
        new = next(i for i in items if i.title == NEW_TITLE)
        assert new.deadline == deadline_for_month(year, 10) and new.status == RoadmapItemStatus.PLANNED
        titles = {i.title for i in items}
        assert removed[0] not in titles and renamed[0] not in titles and RENAMED in titles
        # As many activities as the new version has, plus the school's own; the done one stands for its own.
        assert len(items) == len(v2_items) + 1
        event = AuditEvent.objects.get(action="roadmap.template_adopted")
        assert (event.details["from_version"], event.details["version"]) == (1, 2)
        assert event.details["kept_done"] == 1 and event.details["kept_own"] == 1
        assert {r["title"] for r in event.details["removed"]} >= {progress.title, removed[0], renamed[0]}
        assert templates_updates_for_school(membership=world.people["curator_a"].memberships.get()) == []
    assert TemplateAdoption.objects.filter(school=world.school_a, kind=TemplateKind.ROADMAP, version=2).exists()
    assert not TemplateAdoption.objects.filter(school=world.school_b, kind=TemplateKind.ROADMAP, version=2).exists()
    with schema_context(world.school_b.schema_name):
        assert snapshot() == school_b_before
        assert Roadmap.objects.get().template_version == 1


def test_a_kept_activity_keeps_its_stage_when_the_new_version_drops_the_stage(world, school_a_progress):
    def drop_stage_3(draft: RoadmapTemplate) -> None:
        draft.stages.get(number=3).delete()

    v2 = publish_roadmap(world, drop_stage_3)
    _adopt(world, v2)
    with schema_context(world.school_a.schema_name):
        own = RoadmapItem.objects.select_related("stage").get(pk=school_a_progress["own"].pk)
        assert own.stage.number == 3
        assert list(RoadmapItem.objects.filter(stage__number=3).values_list("title", flat=True)) == [OWN_TITLE]


def test_an_older_or_the_same_version_is_refused_and_nothing_changes(world, school_a_progress):
    v1 = RoadmapTemplate.objects.get(version=1)
    with schema_context(world.school_a.schema_name):
        before = snapshot()
    with pytest.raises(ValidationError) as error:
        _adopt(world, v1)
    assert error.value.error_dict["version"][0].code == "not_newer"
    with schema_context(world.school_a.schema_name):
        assert snapshot() == before


def test_without_a_roadmap_for_the_year_there_is_nothing_to_adopt(world, fresh_roadmaps):
    v2 = publish_roadmap(world)
    with schema_context(world.school_a.schema_name):
        Roadmap.objects.all().delete()
    with pytest.raises(ValidationError) as error:
        _adopt(world, v2)
    assert error.value.error_dict["year"][0].code == "no_roadmap"


@pytest.mark.parametrize("key", ["teacher_a", "mentor_a", "admin_alpha", "director_b"])
def test_without_the_capability_nobody_adopts(world, school_a_progress, key):
    v2 = publish_roadmap(world)
    with schema_context(world.school_a.schema_name):
        before = snapshot()
    with pytest.raises(PermissionDenied):
        _adopt(world, v2, key)
    with schema_context(world.school_a.schema_name):
        assert snapshot() == before
    assert not TemplateAdoption.objects.filter(kind=TemplateKind.ROADMAP, version=2).exists()


# --- pages -----------------------------------------------------------------------------------------------


def test_the_roadmap_page_and_home_show_the_new_version_and_adopt_it(world, school_a_progress):
    publish_roadmap(world)
    client = client_for(world.school_a, world.people["director_a"])
    page = client.get("/roadmap/").content.decode()
    assert "A new version is available" in page and 'action="/roadmap/adopt/"' in page
    home = client.get("/").content.decode()
    assert "A new version is available" in home and "/roadmap/#template-update" in home
    response = client.post("/roadmap/adopt/", {"version": "2"}, follow=True)
    assert "Version 2 of the district&#x27;s template is adopted" in response.content.decode()
    with schema_context(world.school_a.schema_name):
        assert Roadmap.objects.get().template_version == 2
    assert "A new version is available" not in client.get("/roadmap/").content.decode()


@pytest.mark.parametrize("key", ["teacher_a", "mentee_a", "admin_alpha"])
def test_a_member_without_the_capability_sees_no_update_and_gets_404(world, school_a_progress, key):
    publish_roadmap(world)
    client = client_for(world.school_a, world.people[key])
    assert "A new version is available" not in client.get("/roadmap/").content.decode()
    with schema_context(world.school_a.schema_name):
        before = snapshot()
    assert client.post("/roadmap/adopt/", {"version": "2"}).status_code == 404
    with schema_context(world.school_a.schema_name):
        assert snapshot() == before and Roadmap.objects.get().template_version == 1


@pytest.mark.parametrize("key", ["curator_b", "outsider", "district_admin"])
def test_people_of_other_spaces_cannot_adopt_for_school_a(world, school_a_progress, key):
    publish_roadmap(world)
    response = client_for(world.school_a, world.people[key]).post("/roadmap/adopt/", {"version": "2"})
    assert response.status_code == 302
    if response.status_code == 302:
        assert response["Location"].startswith("/login/")
    with schema_context(world.school_a.schema_name):
        assert Roadmap.objects.get().template_version == 1


def test_an_unknown_or_draft_version_is_404(world, school_a_progress):
    template_services.roadmap_template_draft_create(acting_user=world.people["district_admin"])
    client = client_for(world.school_a, world.people["curator_a"])
    for version in ("2", "9", "x"):
        assert client.post("/roadmap/adopt/", {"version": version}).status_code == 404
    with schema_context(world.school_a.schema_name):
        assert Roadmap.objects.get().template_version == 1


def test_the_district_list_counts_the_schools_on_each_version(world, school_a_progress):
    v2 = publish_roadmap(world)
    _adopt(world, v2)
    page = client_for(None, world.people["district_analyst"]).get("/templates/roadmap/")
    counts = {t.version: t.adopted_count for t in page.context["templates"]}
    assert counts == {2: 1, 1: 1}
