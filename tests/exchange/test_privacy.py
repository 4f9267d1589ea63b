"""No personal data of the mentee leaves the mentee's school beyond the request's fields (152-ФЗ)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from formats.dates import AcademicYear, format_date
from stats.services import figures_refresh
from tests.exchange.factories import cross_school_pair


def _public_tables_text() -> str:
    """Every row of every public table the exchange and the figures write, as text."""
    from audit.models import AuditEvent
    from exchange.models import DirectoryEntry, MentorRequest, Proposal
    from stats.models import SchoolFigures

    texts: list[Any] = []
    with schema_context(get_public_schema_name()):
        assert connection.schema_name == get_public_schema_name()
        for model in (MentorRequest, Proposal, DirectoryEntry, AuditEvent, SchoolFigures):
            texts.extend(model.objects.values())
    return repr(texts)


def test_no_public_row_names_the_mentee_after_the_whole_workflow(world):  # type: ignore[no-untyped-def]
    x = cross_school_pair(world.school_a, world.school_b, host_curator=world.person("curator_a"),
                          home_decider=world.person("director_b"))
    year = AcademicYear.of(timezone.localdate())
    for school in (world.school_a, world.school_b):
        figures_refresh(school=school, years=[year])
    text = _public_tables_text()
    mentee = x.mentee
    assert x.mentor.person.last_name in text  # the scan does read the rows (the mentor is listed by consent)
    for secret in (mentee.last_name, mentee.email, str(mentee.pk), mentee.pk.hex, mentee.birth_date.isoformat(),
                   format_date(mentee.birth_date), f"{mentee.first_name} {mentee.patronymic}"):
        assert secret not in text, secret
