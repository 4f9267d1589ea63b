"""Evidence of an activity's result: files uploaded to a programme's activity and kept under the school's
own folder, served only through a page that checks the right to the programme."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from mentoring.models import Activity, Evidence, ProgrammeStatus
from mentoring.services.programme_lifecycle import programme_lock
from mentoring.services.programme_rights import acting_membership, require, roles_in_pair
from mentoring.services.programme_rules import raise_errors
from people.capabilities import Capability, can
from people.models import Person
from tenants.changes import school_changed
from tenants.models import School
from uploads import upload_errors, upload_max_bytes


def evidence_max_bytes() -> int:
    return upload_max_bytes()


def evidence_upload(
    *, school: School, acting_user: Person, activity: Activity, uploaded_file: UploadedFile, note: str = "",
) -> Evidence:
    """Attach evidence of an activity's result (PDF, office documents or images, up to EVIDENCE_MAX_BYTES).

    The file is kept under the school's own folder and served only through a page that checks the
    right to the programme. The mentor, the mentee, the responsible person or a programme editor uploads
    it while the programme is approved or active.
    """
    evidence: Evidence | None = None
    try:
        with transaction.atomic():
            programme = programme_lock(activity.programme)
            activity = Activity.objects.select_related("responsible").get(pk=activity.pk)
            membership = acting_membership(school=school, acting_user=acting_user)
            roles = roles_in_pair(pair=programme.pair, person=acting_user)
            require(bool(roles) or can(membership, Capability.PROGRAMMES_EDIT)
                     or activity.responsible.person_id == acting_user.pk)
            if programme.status not in (ProgrammeStatus.APPROVED, ProgrammeStatus.ACTIVE):
                raise ValidationError({"status": ValidationError(
                    _("Evidence is uploaded while the programme is approved or active."), code="wrong_status")})
            raise_errors(upload_errors(uploaded_file))
            original = (uploaded_file.name or "file").rsplit("/", 1)[-1][:300]
            evidence = Evidence(activity=activity, original_name=original, size=uploaded_file.size or 0,
                                note=note.strip()[:300], uploaded_by=acting_user)
            evidence.file.save(original, uploaded_file, save=False)
            evidence.save()
            school_changed()
            audit_record(actor=acting_user, action="programmes.evidence_uploaded", school=school, target=evidence,
                         details={"activity": str(activity.id), "name": original, "size": evidence.size})
    except Exception:
        # Nothing half-saved: a file written before the transaction failed is removed.
        if evidence is not None and evidence.file.name:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence
