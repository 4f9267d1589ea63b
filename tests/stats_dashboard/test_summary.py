"""The kept summary of the dashboard and the figures API, counted by the database (issue 15): the same
figures as dashboard() reading every school in Python."""

from __future__ import annotations

import dataclasses

import pytest

from district.selectors import district_settings
from stats.selectors import dashboard, dashboard_counted
from tenants.models import SchoolKind, SchoolStatus
from tests.stats_dashboard.conftest import GOOD, YEAR, keep, school_row, surveys


def _as_counted(board):  # type: ignore[no-untyped-def]
    return dataclasses.replace(board, rows=[], school_count=board.schools, lagging_count=board.lagging)


def _varied() -> list:  # type: ignore[type-arg]
    kinds = [SchoolKind.SOSH, SchoolKind.OOSH, SchoolKind.GYMNASIUM]
    kept = []
    for index in range(24):
        young = index % 5
        detail = {
            "by_form": {"teacher_teacher": {"pairs": index % 3, "groups": index % 2, "active": index % 4,
                                            "completed": 1, "ended_early": 0},
                        **({"student_teacher": {"pairs": 1, "active": 1}} if index % 4 == 1 else {})},
            "by_mode": {("virtual" if index % 2 else "traditional"): {"pairs": 2, "completed": index % 3},
                        **({"legacy_mode": {"groups": 1}} if index == 7 else {})},
            "consents": {"processing_programme": index, **({"exchange": 2} if index % 3 == 0 else {})},
            "surveys": surveys(mentors=index % 7, mentees=(index * 3) % 4),
        } if index % 6 != 5 else {}
        kept.append(keep(school_row(kind=kinds[index % len(kinds)]), detail=detail, staff=10 + index,
                         young_specialists=young, young_covered=min(young, index % 3),
                         young_without_mentor=young - min(young, index % 3), pairs_active=index % 4,
                         pairs_completed=index % 3, pairs_ended_early=index % 2, pairs_total=index % 7,
                         overdue_activities=index % 5 == 0, roadmap_items=10, roadmap_done=index % 11,
                         survey_respondents=index % 7 + (index * 3) % 4,
                         **{**GOOD, "has_curator": index % 4 != 0}))
    keep(school_row(status=SchoolStatus.ARCHIVED), staff=99, **GOOD)  # not counted in the current year
    return kept


@pytest.mark.parametrize("threshold", [5, 40])
def test_the_counted_summary_is_the_dashboard_without_its_rows(world, threshold):
    settings_row = district_settings()
    settings_row.survey_min_respondents = threshold
    settings_row.save()
    kept = _varied()
    chosen = [row.school for row in kept[::3]]
    for choice in ({}, {"kind": SchoolKind.OOSH}, {"schools": chosen}, {"kind": SchoolKind.SOSH, "schools": chosen}):
        counted, read = dashboard_counted(YEAR, **choice), _as_counted(dashboard(YEAR, **choice))
        assert counted == read, choice
        # The API lists the breakdowns and the charts draw them in this order.
        for name in ("by_form", "by_mode", "consents"):
            assert list(getattr(counted, name)) == list(getattr(read, name)), (choice, name)


def test_the_counted_summary_of_the_refreshed_figures(world, filled):
    assert dashboard_counted(YEAR) == _as_counted(dashboard(YEAR))


def test_the_counted_summary_of_no_school(world):
    assert dashboard_counted(YEAR) == _as_counted(dashboard(YEAR))
