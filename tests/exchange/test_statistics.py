"""Cross-school pairs in the figures (issue 6, item 5; the rule is in stats.figures' docstring)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tenants.utils import schema_context

from formats.dates import AcademicYear
from stats.figures import school_figures
from stats.models import SchoolFigures
from stats.selectors import dashboard, figures_live, kept_as_dict
from stats.services import figures_refresh
from tests.exchange.factories import CrossSchoolPair, cross_school_pair


def _started(x: CrossSchoolPair) -> None:
    """The host signs the order and starts the pair as for any pair (here straight in the database)."""
    from mentoring.models import PairStatus

    with schema_context(x.host.schema_name):
        x.pair.status = PairStatus.ACTIVE
        x.pair.activated_on = timezone.localdate()
        x.pair.save(update_fields=["status", "activated_on"])


def _live(school, year):  # type: ignore[no-untyped-def]
    with schema_context(school.schema_name):
        return school_figures(school=school, year=year, today=timezone.localdate())


def test_a_cross_school_pair_counts_once_in_the_host_and_as_lent_at_home(world):  # type: ignore[no-untyped-def]
    year = AcademicYear.of(timezone.localdate())
    host, home = world.school_a, world.school_b
    before_host, before_home = _live(host, year), _live(home, year)
    for school in (host, home):
        figures_refresh(school=school, years=[year])
    board_before = dashboard(year, schools=[host, home])

    x = cross_school_pair(host, home, host_curator=world.person("curator_a"),
                          home_decider=world.person("director_b"))
    assert _live(host, year)["pairs_total"] == before_host["pairs_total"]  # «being formed»: not yet a pair of Y
    _started(x)

    after_host, after_home = _live(host, year), _live(home, year)
    assert after_host["pairs_total"] == before_host["pairs_total"] + 1
    assert after_host["cross_school_pairs"] == before_host["cross_school_pairs"] + 1 == 1
    assert after_host["guest_mentors"] == before_host["guest_mentors"] + 1 == 1
    assert after_host["mentees"] == before_host["mentees"] + 1
    assert after_host["mentors"] == before_host["mentors"]  # the guest is not the host's staff
    assert after_host["staff"] == before_host["staff"] + 1  # the new mentee; the guest record is not staff
    assert after_home["mentors_lent"] == before_home["mentors_lent"] + 1 == 1
    assert after_home["pairs_total"] == before_home["pairs_total"]  # not counted again at home
    assert after_home["mentors"] == before_home["mentors"]

    for school in (host, home):
        figures_refresh(school=school, years=[year])
    live = figures_live(year, schools=[host, home])
    for school in (host, home):
        kept = SchoolFigures.objects.get(school=school, year=year.start)
        assert kept_as_dict(kept) == {key: live[str(school.uuid)][key] for key in kept_as_dict(kept)}
    board = dashboard(year, schools=[host, home])
    assert board.totals["pairs_total"] == board_before.totals["pairs_total"] + 1  # the pair once in the district
    assert board.totals["cross_school_pairs"] == 1
    assert board.totals["guest_mentors"] == board.totals["mentors_lent"] == 1


def test_a_pair_ended_before_the_year_no_longer_counts_the_mentor_as_lent(world):  # type: ignore[no-untyped-def]
    year = AcademicYear.of(timezone.localdate())
    x = cross_school_pair(world.school_a, world.school_b, host_curator=world.person("curator_a"),
                          home_decider=world.person("director_b"))
    _started(x)
    assert _live(world.school_b, year)["mentors_lent"] == 1
    x.proposal.ended_on = year.first_day - dt.timedelta(days=1)
    x.proposal.save(update_fields=["ended_on"])
    assert _live(world.school_b, year)["mentors_lent"] == 0
