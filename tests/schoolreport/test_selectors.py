"""The figures equal counts made here over the rows the test created."""

from __future__ import annotations

import datetime as dt

import pytest

from mentoring.models import EarlyEndReason, Mode, ParticipantRole, RoleForm
from schoolreport.selectors import report_figures
from staff.models import StaffMember
from tests.schoolreport.scene import YEAR

TODAY = dt.date(2026, 11, 24)


def test_participants_pairs_and_young_specialists(world, in_a):  # type: ignore[no-untyped-def]
    young_before = StaffMember.objects.filter(is_young_specialist=True, is_active=True).count()
    from tests.schoolreport import scene as scene_module

    scene = scene_module.build()
    figures = report_figures(year=YEAR, today=TODAY)

    mentors, mentees = scene.participants(ParticipantRole.MENTOR), scene.participants(ParticipantRole.MENTEE)
    assert figures["participants"] == {"mentors": len(mentors), "mentees": len(mentees),
                                       "total": len(mentors | mentees), "both_roles": len(mentors & mentees)}
    assert figures["participants"]["both_roles"] == 1  # a mentor of one pair is a mentee of the reverse one

    covered = {member.pk for member in scene.young_created} & mentees
    young = figures["young_specialists"]
    assert young["total"] == young_before + len(scene.young_created)
    assert young["covered"] == len(covered) == 2  # the third is in a pair still being formed
    assert young["share"] == round(100 * len(covered) / young["total"], 1)

    pairs = figures["pairs"]
    groups = scene.groups()
    assert pairs["total"] == len(scene.counted_pairs)
    assert (pairs["pairs"], pairs["groups"]) == (len(scene.counted_pairs) - len(groups), len(groups))
    by_mode = {row["code"]: row["total"] for row in pairs["by_mode"]}
    for mode in Mode.values:
        assert by_mode[mode] == sum(1 for pair in scene.counted_pairs if pair.mode == mode)
    by_form = {row["code"]: row for row in pairs["by_form"]}
    for form in RoleForm.values:
        assert by_form[form]["total"] == sum(1 for pair in scene.counted_pairs if pair.role_form == form)
    assert by_form[RoleForm.TEACHER_TEACHER]["groups"] == 1


def test_programmes_overdue_and_missing_sections(world, scene):  # type: ignore[no-untyped-def]
    figures = report_figures(year=YEAR, today=TODAY)
    programmes = figures["programmes"]
    assert programmes["completed"] == 1  # last year's completed programme is not counted
    assert programmes["ended_early"] == 1
    assert programmes["under_way"] == 1 and programmes["drafts"] == 1 and programmes["total"] == 4
    reasons = {row["code"]: row["count"] for row in programmes["early_reasons"]}
    assert reasons == {code: int(code == EarlyEndReason.MUTUAL) for code in EarlyEndReason.values}

    overdue = figures["overdue"]
    assert overdue["count"] == len(scene.overdue) == 1
    assert overdue["as_of"] == YEAR.last_day.isoformat()  # a past year: as of its last day
    assert overdue["items"][0]["activity"] == scene.overdue[0].title
    assert overdue["items"][0]["days"] == (YEAR.last_day - scene.overdue[0].deadline).days


def test_an_empty_year_is_all_zeros(world, in_a):  # type: ignore[no-untyped-def]
    from formats.dates import AcademicYear

    figures = report_figures(year=AcademicYear(2021), today=TODAY)
    assert figures["participants"]["total"] == 0
    assert figures["pairs"]["total"] == 0
    assert figures["programmes"]["total"] == 0
    assert figures["overdue"]["count"] == 0


def test_the_figures_of_school_b_do_not_see_school_a(world, scene):  # type: ignore[no-untyped-def]
    from django_tenants.utils import schema_context

    with schema_context(world.school_b.schema_name):
        figures = report_figures(year=YEAR, today=TODAY)
    assert figures["pairs"]["total"] == 0 and figures["participants"]["total"] == 0


@pytest.mark.parametrize("module", ["surveys.selectors", "roadmap.selectors"])
def test_a_section_of_an_app_without_a_report_selector_says_no_data(world, in_a, module, monkeypatch):  # type: ignore[no-untyped-def]
    import importlib
    import sys
    import types

    fake = types.ModuleType(module)
    monkeypatch.setitem(sys.modules, module, fake)
    key = module.split(".")[0]
    assert report_figures(year=YEAR, today=TODAY)[key] == {"available": False}
    importlib.invalidate_caches()
