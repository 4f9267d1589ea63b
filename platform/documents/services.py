"""Writes of the documents app: a school adapts the wording of its documents and adopts the
district's new versions of the regulation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from district.models import DocxTemplate
from documents.catalogue import DOCX_KINDS, DocumentKind
from documents.layout import document_text_check
from documents.models import AdoptedTemplate, DocumentText
from people import selectors as people_selectors
from people.capabilities import Capability, can
from people.models import Person
from regulation_templates.models import RegulationTemplate, TemplateKind
from reports.docx import template_check
from tenants.models import School


def document_text_save(*, school: School, acting_user: Person | None, kind: str, body: str) -> DocumentText:
    """Save the school's own wording of a document (regulation §3.3: the director issues the school's acts).

    Every placeholder must be one the document knows: an unknown or malformed one is refused with
    a message naming it, its line and the template, and nothing is saved.
    """
    body = document_text_check(kind=kind, body=body)
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


MAX_DOCX_TEMPLATE_BYTES = 5 * 1024 * 1024


def docx_template_upload(*, acting_user: Person | None, kind: str, file_name: str, content: bytes) -> DocxTemplate:
    """The district's own DOCX template of a document kind: every school's DOCX of that kind is filled into it.

    Checked before it is saved (reports.docx.template_check): a DOCX that can be read, with a place for the body
    (`{{p body }}`) and no placeholder the documents do not know — an unknown one is refused, naming it; nothing is
    saved then. Only the district's administrator uploads (the page answers 404 to anyone else).
    """
    if kind not in DOCX_KINDS:
        raise ValidationError({"kind": ValidationError(_("Choose a document from the list."), code="invalid_choice")})
    if len(content) > MAX_DOCX_TEMPLATE_BYTES:
        raise ValidationError({"file": ValidationError(
            _("The template is too large: at most %(limit)s MB."), code="max_size", params={"limit": 5})})
    template_check(content, template=str(DOCX_KINDS[kind]))
    with transaction.atomic():
        template, _created = DocxTemplate.objects.select_for_update().update_or_create(
            kind=kind, defaults={"file_name": file_name[:200], "content": content, "uploaded_by": acting_user})
        audit_record(actor=acting_user, action="documents.docx_template_uploaded", target=template,
                     details={"kind": kind, "file": file_name[:200], "size": len(content)})
    return template


def docx_template_remove(*, acting_user: Person | None, kind: str) -> None:
    """Back to the repository's template for the kind."""
    with transaction.atomic():
        deleted, _rows = DocxTemplate.objects.filter(kind=kind).delete()
        if deleted:
            audit_record(actor=acting_user, action="documents.docx_template_removed", details={"kind": kind})


def document_text_reset(*, school: School, acting_user: Person | None, kind: str) -> None:
    """Return to the district's standard wording of a document (the school's copy is removed)."""
    DocumentKind(kind)
    with transaction.atomic():
        deleted, _rows = DocumentText.objects.filter(kind=kind).delete()
        if deleted:
            audit_record(actor=acting_user, action="documents.text_reset", school=school, details={"kind": kind})


def regulation_adopt(
    *, school: School, acting_user: Person, template: RegulationTemplate, replace_own_text: bool = False,
) -> AdoptedTemplate:
    """Adopt a published version of the district's regulation (Положение о системе наставничества):
    the school's regulation is printed from it from now on.

    * Only the holders of Capability.DOCUMENTS_GENERATE adopt (they prepare the acts the director
      signs, §3.3); anyone else is refused (pages and the API answer 404).
    * Only a published version newer than the school's current one (a school that never adopted
      one is on version 1, the standard wording).
    * A school that has its own wording of the regulation keeps it until the person confirms
      (`replace_own_text`): adopting then removes it, and the audit record keeps the replaced text
      whole (`details.replaced_text`), so it can be read and saved again.
    * The adoption is also written to the district's record (regulation_templates.TemplateAdoption).
    """
    from regulation_templates.services import template_adoption_record

    membership = people_selectors.membership_in(person=acting_user, school=school)
    if not can(membership, Capability.DOCUMENTS_GENERATE):
        raise PermissionDenied
    if not template.published:
        raise ValidationError({"version": ValidationError(_("This version is not published."),
                                                          code="not_published")})
    with transaction.atomic():
        current = AdoptedTemplate.objects.select_for_update().filter(kind=DocumentKind.REGULATION).first()
        current_version = current.version if current is not None else 1
        if template.version <= current_version:
            raise ValidationError({"version": ValidationError(
                _("The school already uses version %(current)s of the regulation; version %(version)s is not "
                  "newer."), code="not_newer", params={"current": current_version, "version": template.version})})
        own = DocumentText.objects.select_for_update().filter(kind=DocumentKind.REGULATION).first()
        if own is not None and not replace_own_text:
            raise ValidationError({"replace_own_text": ValidationError(
                _("The school has its own wording of the regulation. Adopting version %(version)s replaces it: "
                  "confirm to go on (the current wording is kept in the audit record)."),
                code="own_text", params={"version": template.version})})
        if current is None:
            current = AdoptedTemplate(kind=DocumentKind.REGULATION)
        current.template_id, current.version, current.adopted_by = template.pk, template.version, acting_user
        current.save()
        details: dict[str, object] = {"from_version": current_version, "version": template.version}
        if own is not None:
            details["replaced_text"] = own.body
            details["replaced_text_saved_at"] = own.updated_at.isoformat()
            own.delete()
        audit_record(actor=acting_user, action="documents.regulation_adopted", school=school, target=current,
                     details=details)
        template_adoption_record(school=school, kind=TemplateKind.REGULATION, template_id=template.pk,
                                 version=template.version)
    return current
