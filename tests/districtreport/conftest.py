"""Fixtures for the district report's tests: kept figures of schools A and B for a past year, files under
a temporary MEDIA_ROOT. The figures are written straight into the kept table (stats.models.SchoolFigures):
the report reads only those, never a school's schema."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from formats.dates import AcademicYear
from stats.models import SchoolFigures
from tenants.models import School
from tests.english import english  # noqa: F401 - messages are asserted in English

YEAR = AcademicYear(2024)

# School A: 3 survey respondents (under the small-numbers threshold of 5); school B: 10.
FIGURES_A: dict[str, Any] = {
    "staff": 40, "young_specialists": 6, "young_covered": 4, "young_without_mentor": 2, "mentors": 5,
    "guest_mentors": 1, "mentees": 7, "pairs_active": 3, "pairs_completed": 2, "pairs_ended_early": 1,
    "pairs_total": 6, "groups_total": 1, "cross_school_pairs": 1, "overdue_activities": 3, "has_curator": True,
    "regulation_approved": True, "roadmap_approved": False, "survey_respondents": 3,
    "detail": {
        "by_form": {"teacher_teacher": {"pairs": 5, "groups": 1, "active": 3, "completed": 2, "ended_early": 1}},
        "by_mode": {"traditional": {"pairs": 5, "groups": 0, "active": 2, "completed": 2, "ended_early": 1},
                    "group": {"pairs": 0, "groups": 1, "active": 1, "completed": 0, "ended_early": 0}},
        "consents": {"processing_programme": 30, "publication": 12},
        "surveys": {"mentors": {"respondents": 1, "scale_answers": 2, "scale_percent_sum": 200.0},
                    "mentees": {"respondents": 2, "scale_answers": 4, "scale_percent_sum": 100.0},
                    "curator": {"respondents": 0, "scale_answers": 0, "scale_percent_sum": 0}},
    },
}
FIGURES_B: dict[str, Any] = {
    "staff": 25, "young_specialists": 3, "young_covered": 3, "young_without_mentor": 0, "mentors": 3,
    "guest_mentors": 0, "mentees": 3, "pairs_active": 2, "pairs_completed": 1, "pairs_ended_early": 0,
    "pairs_total": 3, "groups_total": 0, "cross_school_pairs": 0, "overdue_activities": 0, "has_curator": True,
    "regulation_approved": True, "roadmap_approved": True, "survey_respondents": 10,
    "detail": {
        "by_form": {"teacher_teacher": {"pairs": 3, "groups": 0, "active": 2, "completed": 1, "ended_early": 0}},
        "by_mode": {"reverse": {"pairs": 3, "groups": 0, "active": 2, "completed": 1, "ended_early": 0}},
        "consents": {"processing_programme": 20, "processing_exchange": 4},
        "surveys": {"mentors": {"respondents": 4, "scale_answers": 8, "scale_percent_sum": 600.0},
                    "mentees": {"respondents": 6, "scale_answers": 12, "scale_percent_sum": 600.0},
                    "curator": {"respondents": 0, "scale_answers": 0, "scale_percent_sum": 0}},
    },
}


def keep(school: School, values: dict[str, Any], year: AcademicYear = YEAR) -> SchoolFigures:
    return SchoolFigures.objects.create(school=school, year=year.start, computed_at=timezone.now(), **values)


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def kept(world):  # type: ignore[no-untyped-def]
    return {"a": keep(world.school_a, FIGURES_A), "b": keep(world.school_b, FIGURES_B)}


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
