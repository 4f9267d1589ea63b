"""The school's roadmap: copied from the template into the year's dates, adapted, progress, overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from audit.models import AuditEvent
from formats.dates import AcademicYear
from people.roles import SchoolRole
from roadmap import selectors, services
from roadmap.models import Roadmap, RoadmapItem, RoadmapItemStatus, RoadmapStage
from roadmap_templates import services as template_services
from tests.roadmap.factories import a_day_in, items_of, make_roadmap, snapshot

YEAR = AcademicYear(2030)


def test_deadline_for_month_maps_into_the_academic_year():
    assert services.deadline_for_month(YEAR, 9) == dt.date(2030, 9, 30)
    assert services.deadline_for_month(YEAR, 12) == dt.date(2030, 12, 31)
    assert services.deadline_for_month(YEAR, 2) == dt.date(2031, 2, 28)
    assert services.deadline_for_month(YEAR, 8) == dt.date(2031, 8, 31)
    assert services.deadline_for_month(YEAR, None) == dt.date(2031, 8, 31)


def test_copy_from_the_template_gives_seven_stages_with_dates_inside_the_year(world):
    roadmap = make_roadmap(world, year=YEAR)
    template = template_services.roadmap_template_default()
    with tenant_context(world.school_a):
        roadmap = Roadmap.objects.get(pk=roadmap.pk)
        assert roadmap.year == YEAR and roadmap.template_version == template.version
        assert list(roadmap.stages.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
        items = items_of(roadmap)
        assert len(items) == 19
        assert all(item.deadline in YEAR for item in items)
        assert all(item.status == RoadmapItemStatus.PLANNED for item in items)
        stage3 = [item for item in items if item.stage.number == 3]
        assert {item.deadline for item in stage3} == {dt.date(2030, 9, 30)}
        stage5 = [item for item in items if item.stage.number == 5]
        assert all(item.throughout_year and item.deadline == YEAR.last_day for item in stage5)
        assert AuditEvent.objects.filter(action="roadmap.created").exists()
    with tenant_context(world.school_b):
        assert not Roadmap.objects.exists()  # school A's roadmap is its own


def test_one_roadmap_per_year(world):
    make_roadmap(world, year=YEAR)
    with pytest.raises(ValidationError) as error:
        make_roadmap(world, year=YEAR)
    assert error.value.error_dict["year"][0].code == "exists"
    with tenant_context(world.school_a):
        assert Roadmap.objects.count() == 1


def test_the_copy_comes_from_the_latest_published_version(world):
    admin = world.people["district_admin"]
    template_services.roadmap_template_default()
    draft = template_services.roadmap_template_draft_create(acting_user=admin)
    template_services.roadmap_template_item_add(acting_user=admin, stage=draft.stages.get(number=7),
                                                title="Новости района", month=10, responsible_role="sysadmin")
    make_roadmap(world, year=YEAR)  # the draft is not used yet
    with tenant_context(world.school_a):
        assert not RoadmapItem.objects.filter(title="Новости района").exists()
    template_services.roadmap_template_publish(acting_user=admin, template=draft)
    roadmap = make_roadmap(world, year=AcademicYear(2031))
    with tenant_context(world.school_a):
        item = RoadmapItem.objects.get(title="Новости района")
        assert item.deadline == dt.date(2031, 10, 31) and item.stage.roadmap_id == roadmap.pk
        assert Roadmap.objects.get(pk=roadmap.pk).template_version == draft.version


def test_ensure_current_creates_the_current_year_once(world):
    today = dt.date(2030, 11, 2)
    with tenant_context(world.school_a):
        first = services.roadmap_ensure_current(school=world.school_a, today=today)
        second = services.roadmap_ensure_current(school=world.school_a, today=today)
        assert first.pk == second.pk and first.year == YEAR
        assert Roadmap.objects.count() == 1


def _stage(roadmap, number: int) -> RoadmapStage:  # type: ignore[no-untyped-def]
    return RoadmapStage.objects.get(roadmap=roadmap, number=number)


def test_the_school_adds_an_activity_inside_the_year(world):
    roadmap = make_roadmap(world, year=YEAR)
    with tenant_context(world.school_a):
        item = services.roadmap_item_add(
            school=world.school_a, acting_user=world.people["curator_a"], stage=_stage(roadmap, 7),
            title="Страница «Наставничество» на сайте", deadline=dt.date(2030, 10, 1),
            responsible_staff=world.staff("curator_a"))
        assert item.deadline == dt.date(2030, 10, 1) and item.responsible_staff.person_id == world.people[
            "curator_a"].pk


@pytest.mark.parametrize("deadline", [dt.date(2030, 8, 31), dt.date(2031, 9, 1), dt.date(2029, 12, 1)])
def test_a_deadline_outside_the_academic_year_is_refused_and_nothing_saved(world, deadline):
    roadmap = make_roadmap(world, year=YEAR)
    with tenant_context(world.school_a):
        before = snapshot()
        with pytest.raises(ValidationError) as error:
            services.roadmap_item_add(school=world.school_a, acting_user=world.people["curator_a"],
                                      stage=_stage(roadmap, 1), title="Вне года", deadline=deadline,
                                      responsible_role=SchoolRole.CURATOR)
        assert error.value.error_dict["deadline"][0].code == "outside_year"
        assert "2030/2031" in error.value.error_dict["deadline"][0].message
        item = items_of(roadmap)[0]
        with pytest.raises(ValidationError) as error:
            services.roadmap_item_update(school=world.school_a, acting_user=world.people["curator_a"], item=item,
                                         title="Переименовано", deadline=deadline,
                                         responsible_role=SchoolRole.DIRECTOR)
        assert "deadline" in error.value.error_dict
        assert snapshot() == before


def test_an_activity_needs_a_title_and_someone_responsible(world):
    roadmap = make_roadmap(world, year=YEAR)
    with tenant_context(world.school_a):
        before = snapshot()
        with pytest.raises(ValidationError) as error:
            services.roadmap_item_add(school=world.school_a, acting_user=world.people["curator_a"],
                                      stage=_stage(roadmap, 1), title=" ", deadline=dt.date(2030, 10, 1),
                                      responsible_role=SchoolRole.CURATOR)
        assert "title" in error.value.error_dict
        with pytest.raises(ValidationError) as error:
            services.roadmap_item_add(school=world.school_a, acting_user=world.people["curator_a"],
                                      stage=_stage(roadmap, 1), title="Без ответственного",
                                      deadline=dt.date(2030, 10, 1))
        assert "responsible_role" in error.value.error_dict
        assert snapshot() == before


def test_update_cannot_set_done_without_evidence_and_mark_done_records_it(world):
    roadmap = make_roadmap(world, year=YEAR)
    with tenant_context(world.school_a):
        item = items_of(roadmap)[0]
        with pytest.raises(ValidationError) as error:
            services.roadmap_item_update(school=world.school_a, acting_user=world.people["curator_a"], item=item,
                                         title=item.title, deadline=item.deadline,
                                         responsible_role=item.responsible_role, status=RoadmapItemStatus.DONE)
        assert "status" in error.value.error_dict
        with pytest.raises(ValidationError) as error:
            services.roadmap_item_mark_done(school=world.school_a, acting_user=world.people["curator_a"], item=item,
                                            evidence="  ")
        assert "evidence" in error.value.error_dict
        with pytest.raises(ValidationError) as error:
            services.roadmap_item_mark_done(school=world.school_a, acting_user=world.people["curator_a"], item=item,
                                            evidence="Приказ № 116/1", evidence_link="javascript:alert(1)")
        assert "evidence_link" in error.value.error_dict
        item.refresh_from_db()
        assert item.status == RoadmapItemStatus.PLANNED and item.evidence == ""
        done = services.roadmap_item_mark_done(school=world.school_a, acting_user=world.people["curator_a"],
                                               item=item, evidence="Приказ № 116/1 от 30.08.2030",
                                               evidence_link="https://school.example/orders/116-1.pdf")
        assert done.status == RoadmapItemStatus.DONE and done.done_on is not None
        reopened = services.roadmap_item_update(
            school=world.school_a, acting_user=world.people["curator_a"], item=done, title=done.title,
            deadline=done.deadline, responsible_role=done.responsible_role, status=RoadmapItemStatus.IN_PROGRESS)
        assert reopened.done_on is None


def test_remove_an_activity(world):
    roadmap = make_roadmap(world, year=YEAR)
    with tenant_context(world.school_a):
        item = items_of(roadmap)[-1]
        services.roadmap_item_remove(school=world.school_a, acting_user=world.people["curator_a"], item=item)
        assert not RoadmapItem.objects.filter(pk=item.pk).exists()
        assert AuditEvent.objects.filter(action="roadmap.item_removed", target_id=str(item.pk)).exists()


def test_progress_per_stage_and_overall_and_overdue(world, membership_a):
    roadmap = make_roadmap(world, year=YEAR)
    with tenant_context(world.school_a):
        items = items_of(roadmap)
        stage2 = [item for item in items if item.stage.number == 2]  # two activities, due 31.08.2031
        services.roadmap_item_mark_done(school=world.school_a, acting_user=world.people["curator_a"],
                                        item=stage2[0], evidence="Банк сформирован")
        stage3 = [item for item in items if item.stage.number == 3]  # due 30.09.2030
        today = dt.date(2030, 10, 5)
        loaded = selectors.roadmap_for_year(membership=membership_a, year=YEAR)
        progress = selectors.roadmap_progress(loaded, today=today)
        by_number = {stage.stage.number: stage for stage in progress.stages}
        assert (by_number[2].done, by_number[2].total, by_number[2].percent) == (1, 2, 50)
        assert (by_number[3].done, by_number[3].overdue) == (0, len(stage3))
        assert (progress.done, progress.total, progress.percent) == (1, 19, 5)
        september = {item.title for item in items if item.deadline == dt.date(2030, 9, 30)}
        assert len(september) == 3  # stage 3's two activities and stage 4's analysis of the mentor bank
        assert progress.overdue == 3 and by_number[4].overdue == 1 and by_number[2].overdue == 0
        overdue_titles = {item.title for stage in progress.stages for item in stage.items if item.is_overdue}
        assert overdue_titles == september


@pytest.fixture
def membership_a(world):  # type: ignore[no-untyped-def]
    from people.models import Membership

    return Membership.objects.get(person=world.people["curator_a"], school=world.school_a)


def test_a_day_in_helper():
    assert a_day_in(YEAR, month=2) == dt.date(2031, 2, 15)


def test_the_home_page_selector_lists_what_the_person_answers_for(world):
    from django.utils import timezone

    from people.models import Membership
    from tests.roadmap.factories import current_year

    today = timezone.localdate()
    year = current_year()
    roadmap = make_roadmap(world, year=year)
    due = min(today + dt.timedelta(days=2), year.last_day)
    with tenant_context(world.school_a):
        RoadmapItem.objects.filter(stage__roadmap=roadmap).update(deadline=year.last_day)
        stage = RoadmapStage.objects.get(roadmap=roadmap, number=1)
        by_role = RoadmapItem.objects.create(stage=stage, title="Для куратора", deadline=due,
                                             responsible_role=SchoolRole.CURATOR)
        named = RoadmapItem.objects.create(stage=stage, title="Для учителя", deadline=due,
                                           responsible_role=SchoolRole.CURATOR,
                                           responsible_staff=world.staff("teacher_a"))
        curator = Membership.objects.get(person=world.people["curator_a"], school=world.school_a)
        teacher = Membership.objects.get(person=world.people["teacher_a"], school=world.school_a)
        far_from_end = (year.last_day - today).days > 7
        curator_items = selectors.roadmap_items_needing_attention(membership=curator, today=today)
        teacher_items = selectors.roadmap_items_needing_attention(membership=teacher, today=today)
        assert by_role in curator_items and named not in curator_items
        assert teacher_items == [named]
        if far_from_end:
            assert curator_items == [by_role]
        assert selectors.roadmap_items_needing_attention(membership=None, today=today) == []
