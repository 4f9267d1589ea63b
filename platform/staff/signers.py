"""Who signs the school's papers, (names in their cases: `staff.declension`).

Used by every printed document of a school (orders, consent forms, the generated documents), so it
lives with the staff, below them all.
"""

from __future__ import annotations

from people.roles import SchoolRole
from staff.models import StaffMember
from tenants.models import School


def school_director(*, school: School) -> StaffMember | None:
    """The staff record of the person holding the director's role in the school (one query)."""
    return (
        StaffMember.objects.filter(
            person__memberships__school=school, person__memberships__is_active=True,
            person__memberships__roles__contains=[SchoolRole.DIRECTOR], is_active=True,
        ).order_by("last_name").first()
    )

