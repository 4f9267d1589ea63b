"""Reads of consents, already filtered for the acting person.

The school's list is for those with CONSENTS_VIEW; anyone sees and prints their own.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from consents.models import Consent, ConsentPurpose
from lookups import object_or_404
from people.capabilities import Capability, can
from people.models import Membership, Person
from staff.models import StaffMember


def _in_force_on(day: dt.date) -> Q:
    return Q(given_on__lte=day) & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))


def has_consent(staff: StaffMember, purpose: ConsentPurpose, *, on: dt.date | None = None) -> bool:
    """Whether `staff` has a consent for `purpose` in force on a date (today by default).

    A withdrawal takes effect at once: a consent withdrawn today is no longer in force today.
    """
    day = on or timezone.localdate()
    return Consent.objects.filter(_in_force_on(day), staff=staff, purpose=purpose).exists()


def staff_with_consent(purpose: ConsentPurpose) -> set[object]:
    """Ids of the staff with a consent in force for `purpose` (one query)."""
    return set(
        Consent.objects.filter(_in_force_on(timezone.localdate()), purpose=purpose)
        .values_list("staff_id", flat=True)
    )


def consent_list(
    *,
    membership: Membership | None,
    staff_id: uuid.UUID | None = None,
    purpose: str = "",
    in_force: bool | None = None,
    query: str = "",
) -> QuerySet[Consent]:
    """The school's consents for those who may see them, with the staff member (one query)."""
    if not can(membership, Capability.CONSENTS_VIEW):
        return Consent.objects.none()
    consents = Consent.objects.select_related("staff")
    if staff_id:
        consents = consents.filter(staff_id=staff_id)
    if purpose:
        consents = consents.filter(purpose=purpose)
    if in_force is True:
        consents = consents.filter(_in_force_on(timezone.localdate()))
    elif in_force is False:
        consents = consents.exclude(_in_force_on(timezone.localdate()))
    if query:
        consents = consents.filter(
            Q(staff__last_name__icontains=query) | Q(staff__first_name__icontains=query)
            | Q(staff__patronymic__icontains=query)
        )
    return consents.order_by("staff__last_name", "staff__first_name", "purpose", "-given_on")


def consents_of(staff: StaffMember) -> list[Consent]:
    """A person's own consents, newest first."""
    return list(Consent.objects.filter(staff=staff).order_by("purpose", "-given_on"))


def consent_get_for(*, membership: Membership | None, id: object) -> Consent:  # noqa: A002 - the helper's convention
    """One consent for those who see the school's consents, or 404 (missing or not yours alike)."""
    return object_or_404(consent_list(membership=membership), id)


def consent_form_staff_for(*, membership: Membership | None, person: Person,
                           id: object) -> StaffMember:  # noqa: A002 - the lookups' convention
    """The staff member whose consent form may be printed: anyone's for CONSENTS_VIEW, else one's own; or 404."""
    if membership is None:
        raise Http404
    staff = object_or_404(StaffMember.objects.all(), id)
    if can(membership, Capability.CONSENTS_VIEW) or (staff.person_id is not None and staff.person_id == person.pk):
        return staff
    raise Http404


def staff_options() -> QuerySet[StaffMember]:
    """The active staff a consent may be recorded for."""
    return StaffMember.objects.filter(is_active=True, is_guest=False).order_by("last_name", "first_name", "patronymic")
