"""What the exchange reads to rank and assign mentors: the directory with its free places, the open
requests and the district's rules, given to the matching (exchange.matching). Nothing here writes;
the rules of the workflow are in exchange.services."""

from __future__ import annotations

import uuid
from typing import Any

from district.selectors import district_settings
from exchange import matching
from exchange.models import LIVE_PROPOSAL, DirectoryEntry, MentorRequest, Proposal, RequestStatus
from exchange.selectors import held_places
from tenants.models import SchoolStatus

RANKING_SHOWN = 50  # the request page and the API explain the best this many mentors


def exchange_rules() -> matching.Rules:
    settings_row = district_settings()
    weights = matching.Weights(**settings_row.exchange_weights) if settings_row.exchange_weights else matching.Weights()
    return matching.Rules(require_subject_match=settings_row.exchange_require_subject_match,
                          min_experience_years=settings_row.exchange_min_experience_years,
                          exclude_same_school=settings_row.exchange_exclude_same_school, weights=weights)


def free_capacity(entry: DirectoryEntry, held: dict[tuple[int, uuid.UUID], int]) -> int:
    return max(0, entry.capacity - entry.home_load - held.get((entry.school_id, entry.staff_uuid), 0))


def directory_entries() -> list[DirectoryEntry]:
    """The directory as shown: active schools only, each entry with `free` places set."""
    entries = list(DirectoryEntry.objects.select_related("school").filter(school__status=SchoolStatus.ACTIVE)
                   .order_by("last_name", "first_name", "id"))
    held = held_places()
    for entry in entries:
        entry.free = free_capacity(entry, held)  # type: ignore[attr-defined]
    return entries


def offer_of(entry: DirectoryEntry) -> matching.MentorOffer:
    return matching.MentorOffer(id=entry.pk, school_id=entry.school_id, subjects=frozenset(entry.subjects),
                                directions=frozenset(entry.directions), experience_years=entry.experience_years,
                                free_capacity=getattr(entry, "free", 0), modes=frozenset(entry.modes))


def needs_of(request: MentorRequest) -> matching.RequestNeeds:
    return matching.RequestNeeds(id=request.pk, school_id=request.school_id, subjects=frozenset(request.subjects),
                                 directions=frozenset(request.directions), preferred_mode=request.preferred_mode,
                                 excluded_mentors=frozenset(request.excluded_entries),
                                 min_experience_years=request.min_experience_years)


def request_rank(*, request: MentorRequest, limit: int | None = None) -> list[tuple[matching.Score, DirectoryEntry]]:
    """The directory's mentors for one request, best first, each with its score and explanation."""
    entries = {entry.pk: entry for entry in directory_entries()}
    scores = matching.rank(needs_of(request), [offer_of(e) for e in entries.values()], exchange_rules(), limit=limit)
    return [(s, entries[s.mentor_id]) for s in scores]  # type: ignore[index]


def open_requests() -> list[MentorRequest]:
    """Open requests of active schools without a live proposal, first come first."""
    live = Proposal.objects.filter(status__in=LIVE_PROPOSAL).values("request_id")
    return list(MentorRequest.objects.select_related("school").filter(
        status=RequestStatus.OPEN, school__status=SchoolStatus.ACTIVE).exclude(pk__in=live).order_by("created_at"))


def district_assignment() -> dict[str, Any]:
    """The optimal assignment of every open request, with greedy first-come beside it (nothing is sent)."""
    requests = open_requests()
    entries = directory_entries()
    rules = exchange_rules()
    needs = [needs_of(r) for r in requests]
    offers = [offer_of(e) for e in entries]
    optimal = matching.assign_optimal(needs, offers, rules)
    greedy = matching.assign_greedy(needs, offers, rules)
    return {"requests": {r.pk: r for r in requests}, "entries": {e.pk: e for e in entries},
            "optimal": optimal, "greedy": greedy}
