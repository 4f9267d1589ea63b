"""Writes to the district's regulation template (Положение о системе наставничества, Приложение 1).

Rules decided here (for the README):

* Only the district administrator writes; district analysts read (people.roles.DistrictRole).
* One draft version at a time, opened as a copy of the latest version; a draft may be saved while
  it still has a mistake (work in progress), but it is published only when it renders: publishing
  runs the documents' strict renderer against the regulation's known placeholders, and an unknown
  or malformed placeholder is refused with a message naming it and its line — nothing changes.
* A published version never changes, so «version 3» adopted by a school always means one text.
* Version 1 is the platform's standard wording (documents/texts/regulation.txt), published; every
  school starts from it.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from people.models import Person
from people.roles import DistrictRole
from regulation_templates.models import RegulationTemplate, TemplateAdoption
from service_errors import field_error
from tenants.models import School

NOTE_MAX = 500
BODY_MAX = 200_000


def _require_admin(acting_user: Person | None) -> None:
    # None is the system (a migration, a management command, the demo).
    if acting_user is not None and not (acting_user.is_superuser or DistrictRole.ADMIN in acting_user.district_roles):
        raise PermissionDenied



def _locked_draft(template_id: uuid.UUID) -> RegulationTemplate:
    template = RegulationTemplate.objects.select_for_update().get(pk=template_id)
    if template.published:
        raise field_error("template", _("Version %(version)d is published and cannot change: open a new draft version.")
                     % {"version": template.version}, "published")
    return template


def regulation_template_default() -> RegulationTemplate:
    """The first published version; creates version 1 from the platform's standard wording when the
    district has none (the migration seeds it; this keeps a district that lost it working)."""
    from documents.catalogue import DocumentKind, default_text

    first = RegulationTemplate.objects.filter(published=True).order_by("version").first()
    if first is not None:
        return first
    try:
        with transaction.atomic():
            version = (RegulationTemplate.objects.aggregate(top=Max("version"))["top"] or 0) + 1
            template = RegulationTemplate.objects.create(
                version=version, body=default_text(DocumentKind.REGULATION), published=True,
                published_at=timezone.now())
            audit_record(actor=None, action="regulation_templates.default_created", target=template,
                         details={"version": template.version})
    except IntegrityError:  # created at the same moment by another request
        return RegulationTemplate.objects.filter(published=True).order_by("version").first()  # type: ignore[return-value]
    return template


def regulation_template_draft_create(*, acting_user: Person | None) -> RegulationTemplate:
    """Open a new draft version: a copy of the latest version's text. One draft at a time, so that two
    administrators do not edit diverging copies."""
    _require_admin(acting_user)
    with transaction.atomic():
        regulation_template_default()
        latest = RegulationTemplate.objects.select_for_update().order_by("-version").first()
        assert latest is not None
        if not latest.published:
            raise field_error("template", _("Version %(version)d is still a draft: publish it or go on editing it.")
                         % {"version": latest.version}, "draft_open")
        draft = RegulationTemplate.objects.create(version=latest.version + 1, body=latest.body,
                                                  created_by=acting_user)
        audit_record(actor=acting_user, action="regulation_templates.draft_created", target=draft,
                     details={"version": draft.version, "copied_from": latest.version})
    return draft


def regulation_template_draft_update(
    *, acting_user: Person | None, template: RegulationTemplate, body: str, note: str = "",
) -> RegulationTemplate:
    """Save the text (and the note of what changed) of a draft version. A draft may still have a
    mistake; it is checked when published."""
    _require_admin(acting_user)
    text = (body or "").replace("\r\n", "\n").strip("\n")
    if not text.strip():
        raise field_error("body", _("The template is empty."), "required")
    if len(text) > BODY_MAX:
        raise field_error("body", _("The template is too long: at most %(limit)s characters.") % {"limit": BODY_MAX},
                     "max_length")
    clean_note = " ".join((note or "").split())
    if len(clean_note) > NOTE_MAX:
        raise field_error("note", _("This is longer than %(max)d characters.") % {"max": NOTE_MAX}, "max_length")
    with transaction.atomic():
        draft = _locked_draft(template.pk)
        draft.body, draft.note = text, clean_note
        draft.save(update_fields=["body", "note", "updated_at"])
        audit_record(actor=acting_user, action="regulation_templates.draft_saved", target=draft,
                     details={"version": draft.version, "length": len(text)})
    return draft


def regulation_template_check(template: RegulationTemplate) -> None:
    """Whether the version renders as the school's regulation (the documents' strict renderer):
    raises ValidationError on `body` naming the unknown or malformed placeholder and its line."""
    from documents.catalogue import DocumentKind
    from documents.layout import document_text_check

    document_text_check(kind=DocumentKind.REGULATION, body=template.body)


def regulation_template_publish(*, acting_user: Person | None, template: RegulationTemplate) -> RegulationTemplate:
    """Publish a draft version: schools see that it exists and may adopt it. A text that does not
    render is refused, naming the placeholder and the line, and nothing changes."""
    _require_admin(acting_user)
    with transaction.atomic():
        draft = _locked_draft(template.pk)
        regulation_template_check(draft)
        draft.published, draft.published_at = True, timezone.now()
        draft.save(update_fields=["published", "published_at", "updated_at"])
        audit_record(actor=acting_user, action="regulation_templates.published", target=draft,
                     details={"version": draft.version})
    return draft


def template_adoption_record(*, school: School, kind: str, template_id: uuid.UUID, version: int) -> TemplateAdoption:
    """Note in the district's record that `school` adopted `version` of a district template.

    Called by the adopt services inside the school's request and transaction: the table lives in
    the public schema, which is on every school's search path, so the row commits (or rolls back)
    with the school's own change. Adopting the same version twice records it once.
    """
    adoption, _created = TemplateAdoption.objects.get_or_create(
        school=school, kind=kind, template_id=template_id, version=version)
    return adoption
