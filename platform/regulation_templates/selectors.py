"""Reads of the district's regulation template and of the district's record of adoptions.

District people read every version (drafts included) through the pages and the API; a school
reads only published versions (`published_get`, `latest_published`), to adopt one and to print it.
"""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from lookups import object_or_404
from regulation_templates.models import RegulationTemplate, TemplateAdoption, TemplateKind
from tenants.models import School, SchoolStatus


def version_list() -> list[RegulationTemplate]:
    """Every version, newest first, each with `adopted_count`: the schools using it now."""
    versions = list(RegulationTemplate.objects.order_by("-version"))
    counts = regulation_adoption_counts()
    for template in versions:
        template.adopted_count = counts.get(template.version, 0)  # type: ignore[attr-defined]
    return versions


def version_get(*, id: Any) -> RegulationTemplate:
    """One version (a draft too), for the district's pages; 404 when there is none."""
    template = object_or_404(RegulationTemplate.objects.all(), id)
    template.adopted_count = regulation_adoption_counts().get(template.version, 0)  # type: ignore[attr-defined]
    return template


def draft() -> RegulationTemplate | None:
    """The draft version being edited, if any (there is at most one)."""
    return RegulationTemplate.objects.filter(published=False).order_by("-version").first()


def published() -> QuerySet[RegulationTemplate]:
    return RegulationTemplate.objects.filter(published=True)


def latest_published() -> RegulationTemplate | None:
    return published().order_by("-version").first()


def published_get(*, version: int) -> RegulationTemplate:
    """A published version by its number, as a school adopts it; 404 for a draft or a missing one."""
    template = published().filter(version=version).first()
    if template is None:
        raise Http404
    return template


def published_by_id(template_id: uuid.UUID | None) -> RegulationTemplate | None:
    if template_id is None:
        return None
    return published().filter(pk=template_id).first()


def base_version() -> RegulationTemplate | None:
    """The version a school that never adopted one uses: the first published (version 1)."""
    return published().order_by("version").first()


def adoption_counts(kind: str, template_id: uuid.UUID | None = None) -> dict[int, int]:
    """version → how many schools use it now (their latest adoption of the template), from the
    district's record of adoptions (public schema; no school's schema is read).

    The regulation and the roadmap have one series of versions per district (`template_id` left
    out); a standard questionnaire is one series per questionnaire (`template_id` given).
    """
    adoptions = TemplateAdoption.objects.filter(kind=kind, school__status=SchoolStatus.ACTIVE)
    if template_id is not None:
        adoptions = adoptions.filter(template_id=template_id)
    latest: dict[Any, int] = {}
    for school_id, version in adoptions.values_list("school_id", "version"):
        latest[school_id] = max(version, latest.get(school_id, 0))
    return dict(Counter(latest.values()))


def adoption_counts_by_template(kind: str) -> dict[uuid.UUID, dict[int, int]]:
    """For standard questionnaires: questionnaire → (version → schools using it now), one query."""
    latest: dict[tuple[uuid.UUID, Any], int] = {}
    for template_id, school_id, version in TemplateAdoption.objects.filter(
            kind=kind, school__status=SchoolStatus.ACTIVE).values_list(
            "template_id", "school_id", "version"):
        key = (template_id, school_id)
        latest[key] = max(version, latest.get(key, 0))
    counts: dict[uuid.UUID, Counter[int]] = {}
    for (template_id, _school), version in latest.items():
        counts.setdefault(template_id, Counter())[version] += 1
    return {template_id: dict(counter) for template_id, counter in counts.items()}


def regulation_adoption_counts() -> dict[int, int]:
    """version → active schools using it: the recorded adoptions, and every active school that never
    adopted a version on the first published one (the standard wording it started from)."""
    counts = adoption_counts(TemplateKind.REGULATION)
    base = base_version()
    if base is not None:
        never = (School.objects.filter(status=SchoolStatus.ACTIVE)
                 .exclude(template_adoptions__kind=TemplateKind.REGULATION).count())
        if never:
            counts[base.version] = counts.get(base.version, 0) + never
    return counts
