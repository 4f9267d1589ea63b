"""Банк лучших практик (методическая копилка): writes.

Rules decided here (for the README):

* Who keeps the bank: the holders of PROGRAMMES_EDIT (the curator, the methodological association
  of mentors); every member of the school reads it (practices.selectors).
* A case is drawn from a **completed** programme only (regulation §8.2: a programme's results are
  published after it is completed; the roadmap's stage 6 gathers best practices at completion).
* Publishing a case on the school's public page needs the PUBLICATION consent in force of every person
  who took part in the programme's pair (mentors and mentees, including anyone who left it); the public
  page re-checks the consents on every visit, so a withdrawal hides the case at once.
* Files (PDF, office documents, images) are kept under the school's own folder and served only
  through pages that check the right to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from banks.models import Direction
from consents.models import ConsentPurpose
from consents.selectors import has_consent
from mentoring.models import Programme, ProgrammeStatus
from people import selectors as people_selectors
from people.capabilities import Capability, can
from people.models import Person
from practices.models import CaseFile, MethodMaterial, PracticeCase
from practices.selectors import case_people
from tenants.models import School
from uploads import upload_errors


def _require_editor(*, school: School, acting_user: Person) -> None:
    # Pages and the API answer 404 to this, as for any right the person does not have.
    if not can(people_selectors.membership_in(person=acting_user, school=school), Capability.PRACTICES_EDIT):
        raise PermissionDenied


def _text(value: str, field: str, label: str, errors: dict[str, ValidationError]) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = ValidationError(_("%(label)s is required.") % {"label": label}, code="required")
    return value


def _directions(directions: Iterable[str], errors: dict[str, ValidationError]) -> list[str]:
    values = list(dict.fromkeys(directions))
    unknown = [d for d in values if d not in Direction.values]
    if unknown:
        errors["directions"] = ValidationError(
            _("Unknown direction: %(values)s.") % {"values": ", ".join(unknown)}, code="invalid")
    return values


def _raise(errors: dict[str, ValidationError]) -> None:
    if errors:
        raise ValidationError(errors)


def _require_completed(programme: Programme) -> None:
    if programme.status != ProgrammeStatus.COMPLETED:
        raise ValidationError({"programme": ValidationError(
            _("A best practice is drawn from a completed programme; «%(title)s» is %(status)s.")
            % {"title": programme.title, "status": str(ProgrammeStatus(programme.status).label).lower()},
            code="not_completed")})


def _original_name(uploaded_file: UploadedFile) -> str:
    return (uploaded_file.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:300]


# --- cases -------------------------------------------------------------------------------------------


def practice_create(
    *, school: School, acting_user: Person, programme: Programme, title: str, description: str,
    results: str = "", directions: Iterable[str] = (),
) -> PracticeCase:
    """Add a case of a completed programme to the best practices bank (roadmap stage 6; regulation §8.1–8.2).

    The programme must be completed; the case starts unpublished.
    """
    _require_editor(school=school, acting_user=acting_user)
    errors: dict[str, ValidationError] = {}
    title = _text(title, "title", _("The title"), errors)
    description = _text(description, "description", _("The description"), errors)
    chosen = _directions(directions, errors)
    _raise(errors)
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        _require_completed(programme)
        case = PracticeCase.objects.create(
            programme=programme, title=title, description=description, results=(results or "").strip(),
            directions=chosen, created_by=acting_user)
        audit_record(actor=acting_user, action="practices.case_created", school=school, target=case,
                     details={"programme": str(programme.pk), "title": title})
    return case


def practice_update(
    *, school: School, acting_user: Person, case: PracticeCase, title: str, description: str,
    results: str = "", directions: Iterable[str] = (),
) -> PracticeCase:
    """Edit a case's title, description, results and directions (regulation §8.1)."""
    _require_editor(school=school, acting_user=acting_user)
    errors: dict[str, ValidationError] = {}
    title = _text(title, "title", _("The title"), errors)
    description = _text(description, "description", _("The description"), errors)
    chosen = _directions(directions, errors)
    _raise(errors)
    with transaction.atomic():
        case = PracticeCase.objects.select_for_update().get(pk=case.pk)
        before = {"title": case.title, "description": case.description, "results": case.results,
                  "directions": case.directions}
        case.title, case.description, case.directions = title, description, chosen
        case.results = (results or "").strip()
        case.save(update_fields=["title", "description", "results", "directions", "updated_at"])
        after = {"title": case.title, "description": case.description, "results": case.results,
                 "directions": case.directions}
        audit_record(actor=acting_user, action="practices.case_updated", school=school, target=case,
                     details={key: {"before": before[key], "after": after[key]}
                              for key in before if before[key] != after[key]})
    return case


def practice_publish(*, school: School, acting_user: Person, case: PracticeCase,
                     today: dt.date | None = None) -> PracticeCase:
    """Publish a case on the school's public page (regulation §8.1–8.2).

    Only a case of a completed programme, and only when every participant of the programme has the
    consent to publication on the school website in force; otherwise refused, naming who lacks it.
    """
    _require_editor(school=school, acting_user=acting_user)
    day = today or timezone.localdate()
    with transaction.atomic():
        case = PracticeCase.objects.select_for_update().select_related("programme").get(pk=case.pk)
        _require_completed(case.programme)
        missing = [person.full_name for person in case_people(case)
                   if not has_consent(person, ConsentPurpose.PUBLICATION, on=day)]
        if missing:
            raise ValidationError({"published": ValidationError(
                _("The case cannot be published: no consent to publication on the school website from %(names)s.")
                % {"names": ", ".join(missing)}, code="no_consent")})
        if not case.published:
            case.published, case.published_on = True, day
            case.save(update_fields=["published", "published_on", "updated_at"])
            audit_record(actor=acting_user, action="practices.case_published", school=school, target=case,
                         details={"title": case.title})
    return case


def practice_unpublish(*, school: School, acting_user: Person, case: PracticeCase) -> PracticeCase:
    """Take a case off the school's public page (regulation §8.1)."""
    _require_editor(school=school, acting_user=acting_user)
    with transaction.atomic():
        case = PracticeCase.objects.select_for_update().get(pk=case.pk)
        if case.published:
            case.published, case.published_on = False, None
            case.save(update_fields=["published", "published_on", "updated_at"])
            audit_record(actor=acting_user, action="practices.case_unpublished", school=school, target=case,
                         details={"title": case.title})
    return case


def case_file_add(*, school: School, acting_user: Person, case: PracticeCase, uploaded_file: UploadedFile,
                  note: str = "") -> CaseFile:
    """Attach a material to a case (PDF, office documents or images, up to EVIDENCE_MAX_BYTES).

    Kept under the school's own folder; served only to the school's members through a checking page.
    """
    _require_editor(school=school, acting_user=acting_user)
    _raise(upload_errors(uploaded_file))
    stored: CaseFile | None = None
    try:
        with transaction.atomic():
            case = PracticeCase.objects.select_for_update().get(pk=case.pk)
            original = _original_name(uploaded_file)
            stored = CaseFile(case=case, original_name=original, size=uploaded_file.size or 0,
                              note=(note or "").strip()[:300], uploaded_by=acting_user)
            stored.file.save(original, uploaded_file, save=False)
            stored.save()
            audit_record(actor=acting_user, action="practices.case_file_added", school=school, target=stored,
                         details={"case": str(case.pk), "name": original, "size": stored.size})
    except Exception:
        # Nothing half-saved: a file written before the transaction failed is removed.
        if stored is not None and stored.file.name:
            stored.file.storage.delete(stored.file.name)
        raise
    return stored


# --- methodological materials ------------------------------------------------------------------------


def material_add(
    *, school: School, acting_user: Person, title: str, description: str = "", directions: Iterable[str] = (),
    uploaded_file: UploadedFile | None = None, link: str = "",
) -> MethodMaterial:
    """Add a methodological material (методические рекомендации, regulation §8.1): a file or a link, unpublished."""
    _require_editor(school=school, acting_user=acting_user)
    errors: dict[str, ValidationError] = {}
    title = _text(title, "title", _("The title"), errors)
    chosen = _directions(directions, errors)
    link = (link or "").strip()
    if uploaded_file is None and not link:
        errors["file"] = ValidationError(_("Upload a file or give a link."), code="required")
    elif uploaded_file is not None and link:
        errors["link"] = ValidationError(_("Give either a file or a link, not both."), code="both")
    elif link and not link.lower().startswith(("http://", "https://")):
        errors["link"] = ValidationError(_("The link must start with http:// or https://."), code="invalid")
    if uploaded_file is not None and "file" not in errors:
        errors.update(upload_errors(uploaded_file))
    _raise(errors)
    material: MethodMaterial | None = None
    try:
        with transaction.atomic():
            material = MethodMaterial(title=title, description=(description or "").strip(), directions=chosen,
                                      link=link, created_by=acting_user)
            if uploaded_file is not None:
                material.original_name = _original_name(uploaded_file)
                material.size = uploaded_file.size or 0
                material.file.save(material.original_name, uploaded_file, save=False)
            material.save()
            audit_record(actor=acting_user, action="practices.material_added", school=school, target=material,
                         details={"title": title, "file": material.original_name, "link": link})
    except Exception:
        if material is not None and material.file.name:
            material.file.storage.delete(material.file.name)
        raise
    return material


def _material_set_published(*, school: School, acting_user: Person, material: MethodMaterial,
                            published: bool) -> MethodMaterial:
    _require_editor(school=school, acting_user=acting_user)
    with transaction.atomic():
        material = MethodMaterial.objects.select_for_update().get(pk=material.pk)
        if material.published != published:
            material.published = published
            material.save(update_fields=["published"])
            audit_record(actor=acting_user, school=school, target=material,
                         action="practices.material_published" if published else "practices.material_unpublished",
                         details={"title": material.title})
    return material


def material_publish(*, school: School, acting_user: Person, material: MethodMaterial) -> MethodMaterial:
    """Show a methodological material on the school's public page (regulation §8.1)."""
    return _material_set_published(school=school, acting_user=acting_user, material=material, published=True)


def material_unpublish(*, school: School, acting_user: Person, material: MethodMaterial) -> MethodMaterial:
    """Take a methodological material off the school's public page (regulation §8.1)."""
    return _material_set_published(school=school, acting_user=acting_user, material=material, published=False)
