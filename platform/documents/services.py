"""Writes of the documents app: a school adapts the wording of its documents."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from documents.catalogue import TEMPLATED_KINDS, DocumentKind, placeholders_for, template_name
from documents.layout import split_front_matter
from documents.models import DocumentText
from documents.rendering import template_check
from people.models import Person
from tenants.models import School

MAX_TEMPLATE_LENGTH = 200_000


def document_text_save(*, school: School, acting_user: Person | None, kind: str, body: str) -> DocumentText:
    """Save the school's own wording of a document (regulation §3.3: the director issues the school's acts).

    Every placeholder must be one the document knows: an unknown or malformed one is refused with
    a message naming it, its line and the template, and nothing is saved.
    """
    if kind not in [str(k) for k in TEMPLATED_KINDS]:
        raise ValidationError({"kind": ValidationError(_("This document has no editable template."),
                                                       code="not_templated")})
    body = body.replace("\r\n", "\n").strip("\n")
    if not body.strip():
        raise ValidationError({"body": ValidationError(_("The template is empty."), code="required")})
    if len(body) > MAX_TEMPLATE_LENGTH:
        raise ValidationError({"body": ValidationError(
            _("The template is too long: at most %(limit)s characters."), code="max_length",
            params={"limit": MAX_TEMPLATE_LENGTH})})
    name = template_name(kind)
    template_check(body, template=name, known=placeholders_for(kind))
    split_front_matter(body, template=name)
    with transaction.atomic():
        text, created = DocumentText.objects.select_for_update().get_or_create(
            kind=kind, defaults={"body": body, "updated_by": acting_user})
        if not created:
            text.body = body
            text.updated_by = acting_user
            text.save(update_fields=["body", "updated_by", "updated_at"])
        audit_record(actor=acting_user, action="documents.text_saved", school=school, target=text,
                     details={"kind": kind, "length": len(body)})
    return text


def document_text_reset(*, school: School, acting_user: Person | None, kind: str) -> None:
    """Return to the district's standard wording of a document (the school's copy is removed)."""
    DocumentKind(kind)
    with transaction.atomic():
        deleted, _rows = DocumentText.objects.filter(kind=kind).delete()
        if deleted:
            audit_record(actor=acting_user, action="documents.text_reset", school=school, details={"kind": kind})
