"""report_request: who may, a bad or future year, a job already under way — and nothing saved when refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from formats.dates import AcademicYear
from schoolreport import services
from schoolreport.models import ReportStatus, SchoolReport
from tests.schoolreport.scene import YEAR


def _request(world, person="curator_a", **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("year", YEAR)
    return services.report_request(school=world.school_a, acting_user=world.people[person], **kwargs)


def _nothing_saved() -> None:
    assert SchoolReport.objects.count() == 0
    assert not AuditEvent.objects.filter(action="schoolreport.requested").exists()


def test_the_request_queues_the_report_and_sends_the_task_after_commit(world, in_a, django_capture_on_commit_callbacks,
                                                                        monkeypatch):  # type: ignore[no-untyped-def]
    sent: list[str] = []
    from schoolreport import tasks

    monkeypatch.setattr(tasks.build_school_report, "delay", lambda report_id: sent.append(report_id))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = _request(world, year="2025/2026", conclusions="  Выводы.  ")
        assert sent == []  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    assert sent == [str(report.pk)]
    report.refresh_from_db()
    assert (report.year, report.status, report.progress, report.conclusions) == (2025, "queued", 0, "Выводы.")
    assert report.requested_by == world.people["curator_a"]
    assert AuditEvent.objects.filter(action="schoolreport.requested", target_id=str(report.pk)).exists()


def test_the_director_may_request_too(world, in_a):  # type: ignore[no-untyped-def]
    assert _request(world, "director_a").status == ReportStatus.QUEUED


@pytest.mark.parametrize("person", ["teacher_a", "mentor_a", "mentee_a", "admin_alpha"])
def test_others_may_not(world, in_a, person):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        _request(world, person)
    _nothing_saved()


@pytest.mark.parametrize("text", ["2025", "2025/2027", "двадцать пятый", "", "2025/2026/2027"])
def test_a_bad_year_string_gets_a_clear_message(world, in_a, text):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        _request(world, year=text)
    message = caught.value.message_dict["year"][0]
    assert "is not an academic year" in message and "e.g." in message
    assert caught.value.error_dict["year"][0].code == "year_format"
    _nothing_saved()


@pytest.mark.parametrize("when", ["future", "ancient"])
def test_a_year_out_of_range_is_refused(world, in_a, when):  # type: ignore[no-untyped-def]
    future = AcademicYear.of(timezone.localdate()).start + 1
    with pytest.raises(ValidationError) as caught:
        _request(world, year=f"{future}/{future + 1}" if when == "future" else "26/27")
    assert caught.value.error_dict["year"][0].code == "year_range"
    _nothing_saved()


def test_the_dash_form_of_the_year_is_understood(world, in_a):  # type: ignore[no-untyped-def]
    assert _request(world, year="2025-2026").year == 2025


def test_a_report_being_built_is_not_requested_twice_unless_stale(world, in_a):  # type: ignore[no-untyped-def]
    report = _request(world, conclusions="Первые выводы.")
    with pytest.raises(ValidationError) as caught:
        _request(world, conclusions="Другие выводы.")
    assert caught.value.error_dict["year"][0].code == "in_progress"
    report.refresh_from_db()
    assert report.conclusions == "Первые выводы."
    assert AuditEvent.objects.filter(action="schoolreport.requested").count() == 1

    SchoolReport.objects.filter(pk=report.pk).update(requested_at=timezone.now() - dt.timedelta(hours=1))
    again = _request(world)  # conclusions not given: the saved ones are kept
    assert again.pk == report.pk and again.conclusions == "Первые выводы."


def test_too_long_conclusions_are_refused(world, in_a):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        _request(world, conclusions="я" * (services.CONCLUSIONS_MAX + 1))
    assert "conclusions" in caught.value.message_dict
    _nothing_saved()


def test_a_report_in_school_a_is_not_in_school_b(world, in_a):  # type: ignore[no-untyped-def]
    _request(world)
    from django_tenants.utils import schema_context

    with schema_context(world.school_b.schema_name):
        assert SchoolReport.objects.count() == 0
