"""The kept figures: what they count, that they equal a live recount, and how a change reaches them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.services import audit_record
from consents.models import ConsentPurpose
from formats.dates import AcademicYear
from staff.services import staff_create
from stats.models import FiguresState, SchoolFigures
from stats.selectors import dashboard, figures_live, kept_as_dict
from stats.services import figures_refresh
from tenants.changes import school_changed
from tenants.models import School, SchoolStatus
from tenants.services import FirstAdministrator, school_register
from tests.stats.data import fill

YEAR = AcademicYear.of(timezone.localdate())


@pytest.fixture
def gamma(world) -> School:  # type: ignore[no-untyped-def]
    """A third school (rolled back with the test)."""
    return school_register(acting_user=None, slug="gamma", full_name="МБОУ «СОШ с. Гамма»", short_name="СОШ Гамма",
                           administrator=FirstAdministrator(username="admin_gamma", last_name="Гаммов",
                                                            first_name="Админ")).school


def test_kept_figures_equal_a_live_recount_and_the_generated_data(world, gamma):
    schools = [world.school_a, world.school_b, gamma]
    expected = {}
    for seed, school in enumerate(schools, start=11):
        with schema_context(school.schema_name):
            expected[school.uuid] = fill(seed)
    for school in schools:
        figures_refresh(school=school, years=[YEAR])

    live = figures_live(YEAR, schools=schools)
    for school in schools:
        kept = SchoolFigures.objects.get(school=school, year=YEAR.start)
        assert kept_as_dict(kept) == {key: live[str(school.uuid)][key] for key in kept_as_dict(kept)}
        # …and both equal what the generator made, counted without the stats code.
        e = expected[school.uuid]
        assert (kept.staff, kept.young_specialists, kept.young_covered) == (e.staff, e.young, e.young_covered)
        assert kept.young_without_mentor == e.young - e.young_covered
        assert (kept.pairs_active, kept.pairs_completed, kept.pairs_ended_early) == (
            e.pairs["active"], e.pairs["completed"], e.pairs["ended_early"])
        assert kept.pairs_total == sum(e.pairs.values()) and kept.groups_total == e.groups
        assert (kept.mentors, kept.mentees, kept.overdue_activities) == (e.mentors, e.mentees, e.overdue)
        assert kept.regulation_approved is True
        assert kept.detail["consents"][ConsentPurpose.PROCESSING_EXCHANGE] == e.exchange_consents
        by_mode = {code: counts["pairs"] + counts["groups"] for code, counts in kept.detail["by_mode"].items()}
        assert {code: n for code, n in by_mode.items() if n} == dict(e.by_mode)

    board = dashboard(YEAR, schools=schools)
    assert board.totals["pairs_total"] == sum(sum(e.pairs.values()) for e in expected.values())
    assert board.totals["staff"] == sum(e.staff for e in expected.values())
    assert board.schools == 3


def test_refreshing_twice_keeps_one_row_per_school_and_year(world):
    figures_refresh(school=world.school_a, years=[YEAR])
    figures_refresh(school=world.school_a, years=[YEAR])
    assert SchoolFigures.objects.filter(school=world.school_a, year=YEAR.start).count() == 1


def test_a_default_refresh_counts_this_year_and_the_one_before(world):
    figures_refresh(school=world.school_b)
    years = set(SchoolFigures.objects.filter(school=world.school_b).values_list("year", flat=True))
    assert years == {YEAR.start, YEAR.start - 1}


def test_figures_never_hold_names(world):
    with schema_context(world.school_a.schema_name):
        fill(3)
    kept = figures_refresh(school=world.school_a, years=[YEAR])[0]
    text = str(kept_as_dict(kept))
    assert "Случайный" not in text and "Mentor_A" not in text


def test_a_school_write_asks_for_one_refresh_after_commit(world, django_capture_on_commit_callbacks):
    FiguresState.objects.filter(school=world.school_a).delete()
    with schema_context(world.school_a.schema_name):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            school_changed()
            school_changed()
    assert len(callbacks) == 2
    state = FiguresState.objects.get(school=world.school_a)
    assert state.queued is True and state.changed_at is not None
    # The refresh clears the flag, so the next change sends the next refresh.
    figures_refresh(school=world.school_a, years=[YEAR])
    assert FiguresState.objects.get(school=world.school_a).queued is False


def test_a_refresh_lost_before_it_started_does_not_stop_the_next_one(world, django_capture_on_commit_callbacks,
                                                                       settings):
    """A claim older than STATS_REFRESH_STALE_SECONDS (the task was lost) is taken again by the next change;
    a recent claim still debounces."""
    settings.STATS_REFRESH_STALE_SECONDS = 600
    long_ago = timezone.now() - dt.timedelta(hours=2)
    FiguresState.objects.update_or_create(school=world.school_a,
                                          defaults={"queued": True, "queued_at": long_ago, "changed_at": long_ago})
    with schema_context(world.school_a.schema_name):
        with django_capture_on_commit_callbacks(execute=True):
            school_changed()
    state = FiguresState.objects.get(school=world.school_a)
    assert state.queued is True and state.queued_at is not None and state.queued_at > long_ago
    claimed_at = state.queued_at
    with schema_context(world.school_a.schema_name):
        with django_capture_on_commit_callbacks(execute=True):
            school_changed()
    again = FiguresState.objects.get(school=world.school_a)
    assert again.queued_at == claimed_at and again.changed_at is not None and again.changed_at > claimed_at


def test_a_district_write_asks_for_no_refresh(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        school_changed()
    assert callbacks == []


def test_an_audit_record_alone_asks_for_no_refresh(world, django_capture_on_commit_callbacks):
    """audit_record only writes the record: the notice is the service's own, explicit call."""
    FiguresState.objects.filter(school=world.school_a).delete()
    with schema_context(world.school_a.schema_name):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            audit_record(actor=None, action="test:only-recorded")
    assert callbacks == []
    assert not FiguresState.objects.filter(school=world.school_a).exists()


def test_a_service_that_changes_counted_data_asks_for_one_refresh(world, django_capture_on_commit_callbacks):
    FiguresState.objects.filter(school=world.school_a).delete()
    with schema_context(world.school_a.schema_name):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            staff_create(school=world.school_a, acting_user=None, last_name="Новикова", first_name="Алла",
                         position="учитель химии")
    assert len(callbacks) == 1
    assert FiguresState.objects.get(school=world.school_a).queued is True


def test_an_archived_school_leaves_the_current_year_but_keeps_past_years(world):
    figures_refresh(school=world.school_b)
    School.objects.filter(pk=world.school_b.pk).update(status=SchoolStatus.ARCHIVED, archived_at=timezone.now())
    current = dashboard(YEAR)
    past = dashboard(AcademicYear(YEAR.start - 1))
    assert world.school_b.pk not in {row.school.pk for row in current.rows}
    assert world.school_b.pk in {row.school.pk for row in past.rows}


def test_an_overdue_activity_of_a_past_year_counts_as_of_that_years_end(world):
    past = AcademicYear(YEAR.start - 1)
    with schema_context(world.school_a.schema_name):
        from tests.programmes import factories as f

        pair = f.the_pair(world)
        pair.formed_on = pair.activated_on = past.first_day
        pair.save()
        from mentoring.models import ProgrammeStatus

        programme = f.programme(pair, status=ProgrammeStatus.ACTIVE, starts_on=past.first_day,
                                ends_on=past.first_day + dt.timedelta(days=300))
        f.activity(programme, pair.participants.first().staff, deadline=past.last_day - dt.timedelta(days=10))
    kept = figures_refresh(school=world.school_a, years=[past])[0]
    assert kept.overdue_activities == 1
    assert kept.detail["as_of"] == past.last_day.isoformat()


def test_the_command_recounts_a_chosen_year_and_refuses_a_bad_one(world):
    from django.core.management import CommandError, call_command

    call_command("refresh_figures", "--school", "alpha", "--year", "2023/2024")
    assert SchoolFigures.objects.filter(school=world.school_a, year=2023).exists()
    with pytest.raises(CommandError, match="2024/2025"):
        call_command("refresh_figures", "--year", "2023")


def test_the_order_introducing_the_system_approves_the_regulation_and_that_years_roadmap(world):
    from orders.models import Order, OrderKind, OrderStatus

    with schema_context(world.school_b.schema_name):
        Order.objects.create(number="116/1", date=YEAR.first_day - dt.timedelta(days=1), year=YEAR.start,
                             kind=OrderKind.MENTORING_SYSTEM, title="О внедрении", status=OrderStatus.SIGNED)
    this_year, last_year = figures_refresh(school=world.school_b)
    assert (this_year.regulation_approved, this_year.roadmap_approved) == (True, True)
    # Dated 31 August: the regulation is in force from then; the roadmap is the coming year's.
    assert (last_year.regulation_approved, last_year.roadmap_approved) == (True, False)


def test_a_refresh_costs_the_same_queries_however_much_the_school_holds(world):
    """Counting is aggregates inside the school: more pairs, programmes and answers add no query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            figures_refresh(school=world.school_a, years=[YEAR])
        return len(captured.captured_queries)

    with schema_context(world.school_a.schema_name):
        fill(1)
    queries()  # the first refresh creates the kept rows; later ones update them
    few = queries()
    with schema_context(world.school_a.schema_name):
        fill(3)
    assert queries() == few
