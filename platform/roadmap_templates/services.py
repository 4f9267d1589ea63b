"""Writes to the district's roadmap template (Приложение 2 to the regulation).

The district administrator opens a draft version (a copy of the latest one), edits its
activities and publishes it; a published version is frozen, so every school's roadmap
can say which version it came from. Every write is audited in the district's record.
"""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from people.models import Person
from people.roles import SchoolRole
from roadmap_templates.default import DEFAULT_NAME, DEFAULT_STAGES
from roadmap_templates.models import RoadmapTemplate, TemplateItem, TemplateStage
from service_errors import field_error

TITLE_MAX = 500
NAME_MAX = 300



def clean_month(month: int | None, *, field: str = "month") -> int | None:
    """A calendar month 1–12, or None for «в течение года»."""
    if month is None:
        return None
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise field_error(field, _("The month must be from 1 to 12, or empty for “throughout the year”."), "invalid")
    return month


def clean_role(role: str, *, field: str = "responsible_role") -> str:
    if role and role not in SchoolRole.values:
        raise field_error(field, _("“%(value)s” is not a school role.") % {"value": role}, "invalid_choice")
    return role


def clean_title(title: str, *, field: str = "title", max_length: int = TITLE_MAX) -> str:
    text = " ".join((title or "").split())
    if not text:
        raise field_error(field, _("Name the activity."), "required")
    if len(text) > max_length:
        raise field_error(field, _("This is longer than %(max)d characters.") % {"max": max_length}, "max_length")
    return text


def _locked_draft(template_id: uuid.UUID) -> RoadmapTemplate:
    template = RoadmapTemplate.objects.select_for_update().get(pk=template_id)
    if template.published:
        raise field_error("template", _("Version %(version)d is published and cannot change: open a new draft version.")
                     % {"version": template.version}, "published")
    return template


def _copy_stages(source: RoadmapTemplate, target: RoadmapTemplate) -> None:
    stages = list(source.stages.prefetch_related("items"))
    new_stages = TemplateStage.objects.bulk_create(
        [TemplateStage(template=target, number=stage.number, title=stage.title) for stage in stages])
    TemplateItem.objects.bulk_create([
        TemplateItem(stage=new_stage, position=item.position, title=item.title, description=item.description,
                     month=item.month, responsible_role=item.responsible_role)
        for stage, new_stage in zip(stages, new_stages, strict=True) for item in stage.items.all()
    ])


def roadmap_template_default() -> RoadmapTemplate:
    """The latest published template; creates the default version (the seed's seven stages,
    Приложение 2) — version 1 in a new district — when none is published."""
    latest = RoadmapTemplate.objects.filter(published=True).order_by("-version").first()
    if latest is not None:
        return latest
    try:
        with transaction.atomic():
            template = RoadmapTemplate.objects.create(
                name=DEFAULT_NAME, version=_next_version(), published=True, published_at=timezone.now())
            for number, stage in enumerate(DEFAULT_STAGES, start=1):
                stage_row = TemplateStage.objects.create(template=template, number=number, title=stage.title)
                TemplateItem.objects.bulk_create([
                    TemplateItem(stage=stage_row, position=position, title=item.title, description=item.description,
                                 month=item.month, responsible_role=item.role)
                    for position, item in enumerate(stage.items, start=1)
                ])
            audit_record(actor=None, action="roadmap_templates.default_created", target=template,
                         details={"version": template.version})
    except IntegrityError:  # created at the same moment by another request
        return RoadmapTemplate.objects.filter(published=True).order_by("-version").first()  # type: ignore[return-value]
    return template


def _next_version() -> int:
    return (RoadmapTemplate.objects.aggregate(top=Max("version"))["top"] or 0) + 1


def roadmap_template_draft_create(*, acting_user: Person, name: str = "") -> RoadmapTemplate:
    """Open a new draft version: a copy of the latest version (the default if there is none).

    One draft at a time, so that two administrators do not edit diverging copies.
    """
    with transaction.atomic():
        roadmap_template_default()
        # Serialise draft creation on the latest row.
        latest = RoadmapTemplate.objects.select_for_update().order_by("-version").first()
        assert latest is not None
        draft = RoadmapTemplate.objects.filter(published=False).first()
        if draft is not None:
            raise field_error("template", _("Version %(version)d is still a draft: publish it or go on editing it.")
                         % {"version": draft.version}, "draft_open")
        clean_name = " ".join((name or "").split()) or latest.name
        if len(clean_name) > NAME_MAX:
            raise field_error("name", _("This is longer than %(max)d characters.") % {"max": NAME_MAX}, "max_length")
        template = RoadmapTemplate.objects.create(name=clean_name, version=latest.version + 1,
                                                  created_by=acting_user)
        _copy_stages(latest, template)
        audit_record(actor=acting_user, action="roadmap_templates.draft_created", target=template,
                     details={"version": template.version, "copied_from": latest.version})
    return template


def roadmap_template_item_add(
    *, acting_user: Person, stage: TemplateStage, title: str, description: str = "", month: int | None = None,
    responsible_role: str = "",
) -> TemplateItem:
    """Add an activity to a stage of a draft version."""
    with transaction.atomic():
        _locked_draft(stage.template_id)
        clean = clean_title(title)
        month = clean_month(month)
        role = clean_role(responsible_role)
        position = (stage.items.aggregate(top=Max("position"))["top"] or 0) + 1
        item = TemplateItem.objects.create(stage=stage, position=position, title=clean,
                                           description=(description or "").strip(), month=month,
                                           responsible_role=role)
        audit_record(actor=acting_user, action="roadmap_templates.item_added", target=item,
                     details={"stage": stage.number, "title": clean})
    return item


def roadmap_template_item_update(
    *, acting_user: Person, item: TemplateItem, title: str, description: str = "", month: int | None = None,
    responsible_role: str = "",
) -> TemplateItem:
    """Change an activity of a draft version."""
    with transaction.atomic():
        _locked_draft(item.stage.template_id)
        item = TemplateItem.objects.select_for_update().get(pk=item.pk)
        item.title = clean_title(title)
        item.month = clean_month(month)
        item.responsible_role = clean_role(responsible_role)
        item.description = (description or "").strip()
        item.save()
        audit_record(actor=acting_user, action="roadmap_templates.item_updated", target=item,
                     details={"title": item.title, "month": item.month, "role": item.responsible_role})
    return item


def roadmap_template_item_remove(*, acting_user: Person, item: TemplateItem) -> None:
    """Remove an activity from a draft version."""
    with transaction.atomic():
        _locked_draft(item.stage.template_id)
        audit_record(actor=acting_user, action="roadmap_templates.item_removed", target=item,
                     details={"title": item.title})
        TemplateItem.objects.filter(pk=item.pk).delete()


def roadmap_template_publish(*, acting_user: Person, template: RoadmapTemplate) -> RoadmapTemplate:
    """Publish a draft version: from now on new school roadmaps are copied from it."""
    with transaction.atomic():
        template = _locked_draft(template.pk)
        if not TemplateItem.objects.filter(stage__template=template).exists():
            raise field_error("template", _("A version without activities cannot be published."), "empty")
        template.published = True
        template.published_at = timezone.now()
        template.save(update_fields=["published", "published_at"])
        audit_record(actor=acting_user, action="roadmap_templates.published", target=template,
                     details={"version": template.version})
    return template
