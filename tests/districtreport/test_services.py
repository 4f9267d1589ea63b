"""Asking for a district report: what is refused (with which message, on which field) and that nothing is
saved then; what a valid request saves and sends."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import get_public_schema_name, schema_context

from audit.models import AuditEvent
from districtreport import services
from districtreport.models import DistrictReport, ReportStatus
from tests.districtreport.conftest import YEAR


def _messages(error: ValidationError) -> dict[str, list[str]]:
    return {field: [str(message) for message in messages] for field, messages in error.message_dict.items()}


def _counts() -> tuple[int, int]:
    with schema_context(get_public_schema_name()):
        return DistrictReport.objects.count(), AuditEvent.objects.count()


def _refused(world, django_capture_on_commit_callbacks, **kwargs):  # type: ignore[no-untyped-def]
    before = _counts()
    with django_capture_on_commit_callbacks(execute=False) as callbacks, pytest.raises(ValidationError) as caught:
        services.district_report_request(acting_user=world.people["district_admin"], **kwargs)
    assert _counts() == before  # nothing saved
    assert callbacks == []  # nothing sent
    return _messages(caught.value)


def test_a_year_that_is_not_a_year_is_refused_on_the_year(world, kept, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    errors = _refused(world, django_capture_on_commit_callbacks, year_text="двадцать пятый", school_ids=None)
    assert list(errors) == ["year"]
    assert "«двадцать пятый» is not an academic year" in errors["year"][0]


def test_a_year_without_figures_is_refused_naming_the_years_there_are(world, kept,  # type: ignore[no-untyped-def]
                                                                      django_capture_on_commit_callbacks):
    errors = _refused(world, django_capture_on_commit_callbacks, year_text="2010/2011", school_ids=None)
    assert list(errors) == ["year"]
    assert "There are no figures for 2010/2011" in errors["year"][0] and str(YEAR) in errors["year"][0]


@pytest.mark.parametrize("chosen", [[], [""], ["  "]])
def test_selected_schools_with_none_chosen_is_refused(world, kept, chosen,  # type: ignore[no-untyped-def]
                                                      django_capture_on_commit_callbacks):
    errors = _refused(world, django_capture_on_commit_callbacks, year_text=str(YEAR), school_ids=chosen)
    assert errors == {"schools": ["Choose at least one school."]}


def test_a_school_that_is_not_the_districts_is_refused(world, kept, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    errors = _refused(world, django_capture_on_commit_callbacks, year_text=str(YEAR),
                      school_ids=[str(world.school_a.uuid), str(uuid.uuid4())])
    assert errors == {"schools": ["Some of the chosen schools are not schools of the district."]}
    errors = _refused(world, django_capture_on_commit_callbacks, year_text=str(YEAR), school_ids=["alpha"])
    assert errors == {"schools": ["«alpha» is not a school of the district."]}


def test_a_bad_year_and_an_empty_selection_are_both_reported(world, kept, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    errors = _refused(world, django_capture_on_commit_callbacks, year_text="1999", school_ids=[])
    assert set(errors) == {"year", "schools"}


@pytest.mark.parametrize("key", ["mentor_a", "director_a", "outsider"])
def test_only_district_people_may_ask(world, kept, key):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.district_report_request(acting_user=world.people[key], year_text=str(YEAR), school_ids=None)
    assert not DistrictReport.objects.exists()


@pytest.mark.parametrize("key", ["district_admin", "district_analyst"])
def test_a_request_is_queued_and_the_task_sent_after_the_commit(world, kept, key,  # type: ignore[no-untyped-def]
                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = services.district_report_request(
            acting_user=world.people[key], year_text=str(YEAR),
            school_ids=[str(world.school_a.uuid), str(world.school_b.uuid)])
    assert len(callbacks) == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED and report.progress == 0 and report.year == YEAR.start
    # Kept in the order of the names («ООШ …» before «СОШ …»), with the names as they were.
    assert report.schools == [world.school_b.uuid, world.school_a.uuid]
    assert report.school_names == [world.school_b.short_name, world.school_a.short_name]
    assert report.requested_by == world.people[key] and not report.all_schools
    with schema_context(get_public_schema_name()):  # the district's audit record, whatever the connection was
        event = AuditEvent.objects.get(action="districtreport.requested", target_id=str(report.pk))
    assert event.details["year"] == str(YEAR)


def test_no_schools_given_means_every_school_of_the_year(world, kept):  # type: ignore[no-untyped-def]
    report = services.district_report_request(acting_user=world.people["district_analyst"], year_text="2024-2025",
                                              school_ids=None)
    assert report.all_schools and report.schools == [] and report.school_names == []
