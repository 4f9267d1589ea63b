"""True figures (issue 13): young specialists and «впервые на должности» apart; one definition of «roadmap approved»."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from formats.dates import AcademicYear
from mentoring.models import Mode, Pair, PairStatus, Participant, ParticipantRole, RoleForm
from orders.models import Order, OrderKind, OrderStatus
from roadmap import selectors as roadmap_selectors
from roadmap import services as roadmap_services
from roadmap.models import RoadmapItem, RoadmapItemStatus
from schoolreport.content import report_sections
from schoolreport.selectors import report_figures
from staff import services as staff_services
from stats.figures import school_figures
from stats.models import SchoolFigures
from stats.services import figures_refresh
from tests.conftest import client_for

TODAY = timezone.localdate()
YEAR = AcademicYear.of(TODAY)


def _figures(world):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        return school_figures(school=world.school_a, year=YEAR, today=TODAY)


def _teacher(world, last_name, born, years, new_to_position):  # type: ignore[no-untyped-def]
    return staff_services.staff_create(
        school=world.school_a, acting_user=None, last_name=last_name, first_name="Хеда", position="учитель",
        birth_date=born, teaching_experience_years=years, new_to_position=new_to_position, today=TODAY)


def test_a_forty_year_old_new_to_her_position_is_not_a_young_specialist_and_is_counted_apart(world):
    before = _figures(world)
    with schema_context(world.school_a.schema_name):
        young = _teacher(world, "Молодая", TODAY.replace(year=TODAY.year - 26), 2, False)
        moved = _teacher(world, "Байсултанова", TODAY.replace(year=TODAY.year - 40), 12, True)
        _teacher(world, "Опытная", TODAY.replace(year=TODAY.year - 45), 20, False)
        assert young.is_young_specialist and not moved.is_young_specialist and moved.new_to_position
        mentor = _teacher(world, "Наставница", TODAY.replace(year=TODAY.year - 50), 25, False)
        pair = Pair.objects.create(role_form=RoleForm.TEACHER_TEACHER, mode=Mode.TRADITIONAL,
                                   status=PairStatus.ACTIVE, formed_on=YEAR.first_day, activated_on=YEAR.first_day)
        Participant.objects.create(pair=pair, staff=mentor, role=ParticipantRole.MENTOR, joined_on=YEAR.first_day)
        Participant.objects.create(pair=pair, staff=moved, role=ParticipantRole.MENTEE, joined_on=YEAR.first_day)
    after = _figures(world)
    assert after["young_specialists"] - before["young_specialists"] == 1
    assert after["young_covered"] - before["young_covered"] == 0  # her pair does not inflate the young's coverage
    assert after["new_to_position"] - before["new_to_position"] == 1
    assert after["new_to_position_covered"] - before["new_to_position_covered"] == 1

    # The school's report says both, apart; the district keeps both.
    with schema_context(world.school_a.schema_name):
        sections = report_sections(report_figures(year=YEAR, today=TODAY))
    rows = {row[0]: row[1] for row in sections[1].items[0].rows}
    assert rows["Впервые на должности (не молодые специалисты)"] == after["new_to_position"]
    assert rows["Молодых (начинающих) специалистов в штате"] == after["young_specialists"]
    figures_refresh(school=world.school_a, years=[YEAR])
    kept = SchoolFigures.objects.get(school=world.school_a, year=YEAR.start)
    assert (kept.new_to_position, kept.new_to_position_covered) == (after["new_to_position"],
                                                                     after["new_to_position_covered"])


def test_the_staff_card_and_the_bank_name_the_category(world):
    with schema_context(world.school_a.schema_name):
        moved = _teacher(world, "Байсултанова", TODAY.replace(year=TODAY.year - 40), 12, True)
    client = client_for(world.school_a, world.people["curator_a"])
    page = client.get(f"/staff/{moved.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Впервые на должности</span>" in page and "Молодой специалист</span>" not in page
    assert f"/banks/mentees/add/?staff={moved.pk}&amp;category=new_to_position" in page
    form = client.get(f"/banks/mentees/add/?staff={moved.pk}&category=new_to_position",
                      HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<option value="new_to_position" selected>Впервые на должности</option>' in form


@pytest.fixture
def marked_without_order(world):  # type: ignore[no-untyped-def]
    """A school whose roadmap approval activity was marked done with no signed order — the two used to disagree."""
    with schema_context(world.school_a.schema_name):
        roadmap = roadmap_services.roadmap_ensure_current(school=world.school_a, today=TODAY)
        item = next(i for i in RoadmapItem.objects.filter(stage__roadmap=roadmap)
                    if roadmap_selectors.is_approval_item(i))
        RoadmapItem.objects.filter(pk=item.pk).update(status=RoadmapItemStatus.DONE, done_on=TODAY,
                                                      evidence="утверждена директором")
        return item


def test_roadmap_approved_means_the_signed_order_everywhere(world, marked_without_order):
    item = marked_without_order
    assert _figures(world)["roadmap_approved"] is False
    client = client_for(world.school_a, world.people["curator_a"])
    page = client.get("/roadmap/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Не утверждена" in page
    with schema_context(world.school_a.schema_name):
        RoadmapItem.objects.filter(pk=item.pk).update(status=RoadmapItemStatus.PLANNED, done_on=None)
        with pytest.raises(ValidationError) as refused:
            roadmap_services.roadmap_item_mark_done(school=world.school_a, acting_user=world.people["curator_a"],
                                                    item=item, evidence="утверждена директором")
        assert refused.value.error_dict["__all__"][0].code == "no_approval_order"
        assert RoadmapItem.objects.get(pk=item.pk).status == RoadmapItemStatus.PLANNED
        order = Order.objects.create(number="12", date=dt.date(YEAR.start, 8, 30), year=YEAR.start,
                                     kind=OrderKind.APPROVE_ROADMAP, title="Об утверждении дорожной карты",
                                     status=OrderStatus.SIGNED)
        roadmap_services.roadmap_item_mark_done(school=world.school_a, acting_user=world.people["curator_a"],
                                                item=item, evidence="приказ № 12")
    assert _figures(world)["roadmap_approved"] is True
    page = client.get("/roadmap/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert f"приказом № {order.number} от 30.08.{YEAR.start}" in page
    figures_refresh(school=world.school_a, years=[YEAR])
    assert SchoolFigures.objects.get(school=world.school_a, year=YEAR.start).roadmap_approved is True


def test_an_order_of_last_spring_approves_last_years_roadmap_not_this_one(world):
    with schema_context(world.school_a.schema_name):
        Order.objects.create(number="5", date=dt.date(YEAR.start, 5, 31), year=YEAR.start,
                             kind=OrderKind.APPROVE_ROADMAP, title="Об утверждении дорожной карты",
                             status=OrderStatus.SIGNED)
        assert roadmap_selectors.roadmap_approval(YEAR) is None
        assert roadmap_selectors.roadmap_approval(AcademicYear(YEAR.start - 1)) is not None
