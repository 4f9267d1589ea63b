"""Reads of the district's roadmap template: the district's pages and API, and the schools' copy."""

from __future__ import annotations

import uuid

from django.db.models import Count, Prefetch, QuerySet

from lookups import object_or_404
from roadmap_templates.models import RoadmapTemplate, TemplateItem, TemplateStage


def template_list() -> QuerySet[RoadmapTemplate]:
    """Every version, newest first, with its number of activities."""
    return RoadmapTemplate.objects.annotate(item_count=Count("stages__items")).order_by("-version")


def _with_items(queryset: QuerySet[RoadmapTemplate]) -> QuerySet[RoadmapTemplate]:
    return queryset.prefetch_related(
        Prefetch("stages", queryset=TemplateStage.objects.prefetch_related(
            Prefetch("items", queryset=TemplateItem.objects.order_by("position", "title")))))


def template_get(*, id: uuid.UUID | str) -> RoadmapTemplate:
    """One version with its stages and activities; 404 when there is none."""
    return object_or_404(_with_items(RoadmapTemplate.objects.all()), id)


def template_latest_published() -> RoadmapTemplate | None:
    return _with_items(RoadmapTemplate.objects.filter(published=True).order_by("-version")).first()


def template_stage_get(*, id: uuid.UUID | str) -> TemplateStage:
    return object_or_404(TemplateStage.objects.select_related("template"), id)


def template_item_get(*, id: uuid.UUID | str) -> TemplateItem:
    return object_or_404(TemplateItem.objects.select_related("stage__template"), id)
