"""Writes to the school's staff."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from district.selectors import district_settings
from people.models import Person
from staff.models import StaffMember
from staff.rules import YoungSpecialistRule
from tenants.models import School


def staff_refresh_young_specialists(*, school: School, acting_user: Person | None, today: dt.date | None = None) -> int:
    """Re-derive every staff member's young-specialist flag from the district's rule.

    Ages change with time and the district may change the rule, so this runs
    nightly per school. Returns how many flags changed.
    """
    rule = YoungSpecialistRule.from_settings(district_settings())
    today = today or timezone.localdate()
    changed: list[StaffMember] = []
    with transaction.atomic():
        for member in StaffMember.objects.select_for_update().filter(is_active=True):
            flag = rule.applies(
                birth_date=member.birth_date,
                experience_years=member.teaching_experience_years,
                new_to_position=member.new_to_position,
                today=today,
            )
            if flag != member.is_young_specialist:
                member.is_young_specialist = flag
                changed.append(member)
        StaffMember.objects.bulk_update(changed, ["is_young_specialist"])
        if changed:
            audit_record(
                actor=acting_user, action="staff.young_specialists_refreshed", school=school,
                details={"changed": len(changed)},
            )
    return len(changed)
