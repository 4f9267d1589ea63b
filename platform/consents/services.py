"""Writes of consents (согласия): given for a purpose, withdrawn with effect at once.

152-ФЗ art. 9: consent to the processing of personal data is given for a purpose and
may be withdrawn at any time; Labour Code art. 351.8 and regulation §3.2–3.3: a mentor is
appointed, and a pair is formed, only with the written consent of the people concerned.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from consents.models import Consent, ConsentPurpose
from people.models import Person
from staff.models import StaffMember
from tenants.changes import mentor_changed, school_changed
from tenants.models import School


def _actor(acting_user: Person | None) -> Person | None:
    return acting_user if acting_user is not None and acting_user.is_authenticated else None


def _already_in_force(staff: StaffMember, purpose: str) -> ValidationError:
    return ValidationError({"purpose": ValidationError(
        _("%(name)s already has a consent in force for this purpose; withdraw it first to record a new one.")
        % {"name": staff.full_name}, code="duplicate")})


def consent_give(
    *,
    school: School,
    acting_user: Person | None,
    staff: StaffMember,
    purpose: ConsentPurpose | str,
    given_on: dt.date,
    note: str = "",
) -> Consent:
    """Record a written consent given on a date (152-ФЗ art. 9; Labour Code art. 351.8; regulation §3.2–3.3).

    One consent in force per person and purpose; the date cannot be in the future
    (a consent is recorded once the signed paper is in hand).
    """
    errors: dict[str, ValidationError] = {}
    if purpose not in ConsentPurpose.values:
        errors["purpose"] = ValidationError(_("Unknown purpose of consent."), code="invalid")
    if given_on > timezone.localdate():
        errors["given_on"] = ValidationError(
            _("The date the consent was given cannot be in the future."), code="future")
    if not staff.is_active:
        errors["staff"] = ValidationError(
            _("%(name)s is no longer on the staff.") % {"name": staff.full_name}, code="inactive")
    if errors:
        raise ValidationError(errors)
    if Consent.objects.filter(staff=staff, purpose=purpose, withdrawn_on__isnull=True).exists():
        raise _already_in_force(staff, purpose)
    try:
        with transaction.atomic():
            consent = Consent.objects.create(
                staff=staff, purpose=purpose, given_on=given_on, note=note.strip(), recorded_by=_actor(acting_user),
            )
            school_changed()
            audit_record(actor=acting_user, action="consent.given", school=school, target=consent,
                         details={"staff": staff.full_name, "purpose": str(purpose), "given_on": given_on.isoformat()})
            if purpose == ConsentPurpose.PROCESSING_EXCHANGE:
                mentor_changed(school=school, staff=staff)
    except IntegrityError as error:  # the same consent recorded twice at the same moment
        raise _already_in_force(staff, purpose) from error
    return consent


def consent_withdraw(
    *, school: School, acting_user: Person | None, consent: Consent, withdrawn_on: dt.date
) -> Consent:
    """Record the withdrawal of a consent (152-ФЗ art. 9 §2): it stops being in force at once.

    Whatever relies on the consent (`consents.selectors.has_consent`: new pairs, the public
    page, the mentor exchange) sees the withdrawal from this moment. The date is not before
    the consent was given and not in the future.
    """
    with transaction.atomic():
        consent = Consent.objects.select_for_update().select_related("staff").get(pk=consent.pk)
        if consent.withdrawn_on is not None:
            raise ValidationError({"withdrawn_on": ValidationError(
                _("This consent was already withdrawn on %(date)s.") % {"date": consent.withdrawn_on.strftime(
                    "%d.%m.%Y")}, code="already_withdrawn")})
        if withdrawn_on < consent.given_on:
            raise ValidationError({"withdrawn_on": ValidationError(
                _("A consent cannot be withdrawn before it was given (%(date)s).")
                % {"date": consent.given_on.strftime("%d.%m.%Y")}, code="before_given")})
        if withdrawn_on > timezone.localdate():
            raise ValidationError({"withdrawn_on": ValidationError(
                _("The date of the withdrawal cannot be in the future."), code="future")})
        consent.withdrawn_on = withdrawn_on
        consent.save(update_fields=["withdrawn_on"])
        school_changed()
        audit_record(actor=acting_user, action="consent.withdrawn", school=school, target=consent,
                     details={"staff": consent.staff.full_name, "purpose": consent.purpose,
                              "withdrawn_on": withdrawn_on.isoformat()})
        if consent.purpose == ConsentPurpose.PROCESSING_EXCHANGE:
            mentor_changed(school=school, staff=consent.staff)  # out of the directory in this transaction
    return consent
