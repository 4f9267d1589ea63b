"""Reads of consents."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from consents.models import Consent, ConsentPurpose
from staff.models import StaffMember


def has_consent(staff: StaffMember, purpose: ConsentPurpose, *, on: dt.date | None = None) -> bool:
    """Whether `staff` has a consent for `purpose` in force on a date (today by default)."""
    day = on or timezone.localdate()
    return Consent.objects.filter(
        staff=staff, purpose=purpose, given_on__lte=day, withdrawn_on__isnull=True
    ).exists()


def staff_with_consent(purpose: ConsentPurpose) -> set[object]:
    """Ids of the staff with a consent in force for `purpose` (one query)."""
    return set(Consent.objects.filter(purpose=purpose, withdrawn_on__isnull=True).values_list("staff_id", flat=True))
