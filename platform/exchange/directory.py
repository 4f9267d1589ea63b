"""The exchange directory, written by the mentor's school (see exchange.services for the rules).

Kept apart from the matching so that the school's services (consents, banks) import it cheaply.
"""

from __future__ import annotations

from typing import Any

from exchange.models import DirectoryEntry, Proposal, ProposalStatus
from tenants.models import School, SchoolStatus


def _listable(staff: Any) -> bool:
    from banks.models import MentorStatus
    from consents.models import ConsentPurpose
    from consents.selectors import has_consent

    profile = getattr(staff, "mentor_profile", None)
    return bool(staff.is_active and not staff.is_guest and profile is not None and profile.willing_cross_school
                and profile.status != MentorStatus.LEFT
                and has_consent(staff, ConsentPurpose.PROCESSING_EXCHANGE))


def directory_sync(*, school: School, staff: Any) -> DirectoryEntry | None:
    """List, update or remove one mentor of `school` (call inside that school's schema)."""
    from banks.models import MentorProfile
    from mentoring.selectors.pairs import active_mentee_counts

    staff_uuid = staff.pk
    staff = type(staff).objects.filter(pk=staff_uuid).first()  # fresh: the caller's copy may be stale
    try:
        listable = staff is not None and school.status == SchoolStatus.ACTIVE and _listable(staff)
    except MentorProfile.DoesNotExist:
        listable = False
    if not listable:
        DirectoryEntry.objects.filter(school=school, staff_uuid=staff_uuid).delete()
        return None
    profile = staff.mentor_profile
    modes = sorted(set(profile.preferred_modes))
    entry, _created = DirectoryEntry.objects.update_or_create(
        school=school, staff_uuid=staff.pk, defaults={
            "person": staff.person, "last_name": staff.last_name, "first_name": staff.first_name,
            "patronymic": staff.patronymic, "subjects": list(profile.subjects or staff.subjects),
            "directions": list(profile.directions), "modes": modes,
            "experience_years": staff.teaching_experience_years, "capacity": profile.capacity,
            "home_load": active_mentee_counts([staff.pk]).get(staff.pk, 0),
        })
    return entry


def directory_sync_school(*, school: School) -> int:
    """Bring every entry of `school` in step (call inside its schema): list, update, remove; and note
    the end of cross-school pairs this school hosts, which frees the mentors' places."""
    from banks.models import MentorProfile
    from mentoring.models import Pair, PairStatus
    from staff.models import StaffMember

    listed = 0
    # Only who may be listed (willing) or is listed now: the rest would be checked to change nothing.
    candidates = set(MentorProfile.objects.filter(willing_cross_school=True).values_list("staff_id", flat=True)) | set(
        DirectoryEntry.objects.filter(school=school).values_list("staff_uuid", flat=True))
    for staff in StaffMember.objects.select_related("mentor_profile").filter(pk__in=candidates):
        listed += directory_sync(school=school, staff=staff) is not None
    DirectoryEntry.objects.filter(school=school).exclude(
        staff_uuid__in=StaffMember.objects.values_list("pk", flat=True)).delete()
    hosted = Proposal.objects.filter(request__school=school, status=ProposalStatus.ACCEPTED, ended_on__isnull=True,
                                     pair_uuid__isnull=False)
    ended = dict(Pair.objects.filter(pk__in=hosted.values_list("pair_uuid", flat=True), status=PairStatus.ENDED)
                 .values_list("pk", "ended_on"))
    for proposal_id, pair_uuid in hosted.filter(pair_uuid__in=list(ended)).values_list("pk", "pair_uuid"):
        if pair_uuid is not None:
            Proposal.objects.filter(pk=proposal_id).update(ended_on=ended[pair_uuid])
    return listed


