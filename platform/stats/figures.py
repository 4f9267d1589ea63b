"""A school's figures for one academic year, computed inside the school's schema.

Only counts leave this module — no names, no ids of people — so what the district keeps is
aggregate by construction. The rules for the year Y (1 September – 31 August):

* the pairs and groups of Y, participants, young specialists and their coverage follow the
  final analytic report's rules (schoolreport.selectors), so the school's report and the
  district's figures agree;
* each pair or group of Y has one *outcome*: **completed** when its programme was completed in
  Y, **ended early** when its programme ended early in Y (§7.1) or the pair ended in Y without a
  completed programme, otherwise **active**;
* staff and young specialists are the active staff at the time of counting (a closed year keeps
  the figures counted while it was open, see stats.services); a *young specialist* is who the
  district's age and experience rule names (staff.rules); «впервые на должности»
  (`new_to_position`) are the staff new to their position who are not young specialists — a
  separate category, never added into the young specialists — each with its coverage (mentees
  of a pair or group of Y);
* consents are those in force on the day of counting (or the last day of a past year);
* the regulation counts as approved by a signed order «об утверждении Положения» — or the order
  introducing the mentoring system, which approves the regulation and the roadmap together, as
  order № 116/1 does — dated before the end of Y; the roadmap (it is annual) by
  `roadmap.selectors.roadmap_approval`, the one definition the school's roadmap page and the «done»
  mark of its approval activity use too: a signed order «об утверждении дорожной карты» or
  introducing the system dated from 1 June before Y to 31 May of Y (a roadmap approved in the
  summer is the coming year's) — the activity cannot be marked done without that order;
* survey results are the submitted responses to campaigns that opened in Y, by audience; a
  scale answer v on a scale 1..m counts as (v − 1) / (m − 1) × 100 %, and the kept sums let
  the district add schools up exactly;
* a *cross-school pair* is one whose mentor is a guest from another school (mentor exchange):
  it exists only in the mentee's school and counts once, there (pairs, mentees, «guest
  mentors», «cross-school pairs»; `mentors` counts the school's own staff only). The mentor's
  own school counts the mentor under «mentors engaged in other schools» (`mentors_lent`): its
  staff with an accepted exchange proposal (public table exchange_proposal) accepted by the
  end of Y whose pair had not ended before Y began — each mentor once, whatever the number of
  schools. District totals add the schools up: pairs are counted once (each lives in one
  school); `mentors` is the district's mentors in their own schools' pairs, and `guest_mentors`
  / `mentors_lent` count the same exchange engagements from either side (Σ guest mentors of
  the hosts = Σ mentors lent of the home schools, when a mentor has one host), so they are
  shown beside `mentors`, never added to it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count, F, Q

from consents.models import Consent, ConsentPurpose
from formats.dates import AcademicYear
from mentoring.models import Activity, Mode, PairStatus, ParticipantRole, ProgrammeStatus, RoleForm
from mentoring.selectors.programmes import overdue_condition
from orders.models import Order, OrderKind, OrderStatus
from people.models import Membership
from people.roles import SchoolRole
from roadmap.selectors import roadmap_approval
from schoolreport.selectors import year_pairs, year_participants, young_specialists_figures
from staff.models import StaffMember
from tenants.models import School

OUTCOMES = ("active", "completed", "ended_early")
# The order introducing the mentoring system approves the regulation and the roadmap (order № 116/1, §1).
REGULATION_ORDERS = (OrderKind.APPROVE_REGULATION, OrderKind.MENTORING_SYSTEM)
AUDIENCES = ("mentors", "mentees", "curator")


def _outcome(*, pair_status: str, pair_ended_on: dt.date | None, programme_status: str | None,
             finished_on: dt.date | None, year: AcademicYear) -> str:
    finished_in_year = finished_on is not None and finished_on <= year.last_day
    if programme_status == ProgrammeStatus.COMPLETED and finished_in_year:
        return "completed"
    if programme_status == ProgrammeStatus.ENDED_EARLY and finished_in_year:
        return "ended_early"
    if pair_status == PairStatus.ENDED and pair_ended_on is not None and pair_ended_on <= year.last_day:
        return "ended_early"
    return "active"


def _pairs(year: AcademicYear) -> dict[str, Any]:
    mentee_in_year = Q(participants__role=ParticipantRole.MENTEE, participants__joined_on__lte=year.last_day) & (
        Q(participants__left_on__isnull=True) | Q(participants__left_on__gte=year.first_day))
    guest_mentor = Q(participants__role=ParticipantRole.MENTOR, participants__staff__is_guest=True)
    rows = (year_pairs(year)
            .annotate(mentee_count=Count("participants__staff", filter=mentee_in_year, distinct=True),
                      guests=Count("participants", filter=guest_mentor, distinct=True))
            .values_list("role_form", "mode", "status", "ended_on", "programme__status", "programme__finished_on",
                         "mentee_count", "guests"))
    empty = {"pairs": 0, "groups": 0, **dict.fromkeys(OUTCOMES, 0)}
    by_form: dict[str, Counter[str]] = {code: Counter(empty) for code in RoleForm.values}
    by_mode: dict[str, Counter[str]] = {code: Counter(empty) for code in Mode.values}
    totals: Counter[str] = Counter(empty)
    cross_school = 0
    for role_form, mode, status, ended_on, programme_status, finished_on, mentees, guests in rows:
        outcome = _outcome(pair_status=status, pair_ended_on=ended_on, programme_status=programme_status,
                           finished_on=finished_on, year=year)
        kind = "groups" if mentees >= 2 else "pairs"
        for counter in (by_form.setdefault(role_form, Counter(empty)), by_mode.setdefault(mode, Counter(empty)),
                        totals):
            counter[kind] += 1
            counter[outcome] += 1
        cross_school += 1 if guests else 0
    return {
        "totals": dict(totals), "cross_school": cross_school,
        "by_form": {code: dict(counter) for code, counter in by_form.items()},
        "by_mode": {code: dict(counter) for code, counter in by_mode.items()},
    }


def _participants(year: AcademicYear) -> dict[str, int]:
    rows = list(year_participants(year).values_list("staff_id", "role", "staff__is_guest").distinct())
    mentors = {staff for staff, role, guest in rows if role == ParticipantRole.MENTOR and not guest}
    guests = {staff for staff, role, guest in rows if role == ParticipantRole.MENTOR and guest}
    mentees = {staff for staff, role, _guest in rows if role == ParticipantRole.MENTEE}
    return {"mentors": len(mentors), "guest_mentors": len(guests), "mentees": len(mentees)}


def _mentors_lent(school: School, year: AcademicYear) -> int:
    """This school's mentors engaged in other schools' pairs in `year` (see the module docstring)."""
    from exchange.models import Proposal, ProposalStatus

    return (Proposal.objects.filter(mentor_school=school, status=ProposalStatus.ACCEPTED,
                                    mentor_decided_at__date__lte=year.last_day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=year.first_day))
            .values("mentor_staff_uuid").distinct().count())


def _consents(as_of: dt.date) -> dict[str, int]:
    in_force = Consent.objects.filter(given_on__lte=as_of).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=as_of))
    counts = dict(in_force.values_list("purpose").annotate(n=Count("staff", distinct=True)).values_list("purpose", "n"))
    return {code: counts.get(code, 0) for code in ConsentPurpose.values}


def _signed(kinds: tuple[str, ...], *, since: dt.date | None, until: dt.date) -> bool:
    orders = Order.objects.filter(kind__in=kinds, status=OrderStatus.SIGNED, date__lte=until)
    if since is not None:
        orders = orders.filter(date__gte=since)
    return orders.exists()


def _roadmap(year: AcademicYear) -> dict[str, int]:
    from roadmap.models import RoadmapItem, RoadmapItemStatus

    items = RoadmapItem.objects.filter(stage__roadmap__year_start=year.start)
    counts = items.aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=RoadmapItemStatus.DONE)))
    return {"items": counts["total"], "done": counts["done"]}


def _surveys(year: AcademicYear) -> dict[str, dict[str, float]]:
    from surveys.models import Answer, CampaignStatus, QuestionKind, Response

    opened = Q(campaign__opens_on__gte=year.first_day, campaign__opens_on__lte=year.last_day) & ~Q(
        campaign__status=CampaignStatus.DRAFT)
    respondents = dict(Response.objects.filter(opened).values_list("campaign__questionnaire__audience")
                       .annotate(n=Count("pk")).values_list("campaign__questionnaire__audience", "n"))
    scale = (Answer.objects
             .filter(Q(response__campaign__opens_on__gte=year.first_day,
                       response__campaign__opens_on__lte=year.last_day)
                     & ~Q(response__campaign__status=CampaignStatus.DRAFT),
                     question__kind=QuestionKind.SCALE, scale_value__isnull=False, question__scale_max__gt=1)
             .values_list("response__campaign__questionnaire__audience", "scale_value", "question__scale_max"))
    sums: dict[str, float] = dict.fromkeys(AUDIENCES, 0.0)
    answers: Counter[str] = Counter()
    for audience, value, top in scale:
        sums[audience] = sums.get(audience, 0.0) + 100 * (int(value or 1) - 1) / (top - 1)
        answers[audience] += 1
    return {audience: {"respondents": respondents.get(audience, 0), "scale_answers": answers[audience],
                       "scale_percent_sum": round(sums[audience], 4)} for audience in AUDIENCES}


def school_figures(*, school: School, year: AcademicYear, today: dt.date) -> dict[str, Any]:
    """Every kept figure of `school` for `year` (run inside the school's schema).

    Returns the model's column values plus `detail`; see the module docstring for the rules.
    """
    as_of = min(today, year.last_day)
    pairs = _pairs(year)
    totals = pairs["totals"]
    participants = _participants(year)
    young = young_specialists_figures(year)
    roadmap = _roadmap(year)
    surveys = _surveys(year)
    overdue = Activity.objects.filter(overdue_condition(as_of)).filter(
        programme__pair__in=year_pairs(year).values("pk"))
    programmes = {
        "overdue_programmes": overdue.aggregate(n=Count(F("programme_id"), distinct=True))["n"],
    }
    return {
        "staff": StaffMember.objects.filter(is_active=True, is_guest=False).count(),
        "young_specialists": young["total"],
        "young_covered": young["covered"],
        "young_without_mentor": young["not_covered"],
        "new_to_position": young["new_to_position"]["total"],
        "new_to_position_covered": young["new_to_position"]["covered"],
        "mentors": participants["mentors"],
        "guest_mentors": participants["guest_mentors"],
        "mentors_lent": _mentors_lent(school, year),
        "mentees": participants["mentees"],
        "pairs_active": totals["active"],
        "pairs_completed": totals["completed"],
        "pairs_ended_early": totals["ended_early"],
        "pairs_total": totals["pairs"] + totals["groups"],
        "groups_total": totals["groups"],
        "cross_school_pairs": pairs["cross_school"],
        "overdue_activities": overdue.count(),
        "roadmap_items": roadmap["items"],
        "roadmap_done": roadmap["done"],
        "has_curator": Membership.objects.filter(school=school, is_active=True,
                                                 roles__contains=[SchoolRole.CURATOR]).exists(),
        "regulation_approved": _signed(REGULATION_ORDERS, since=None, until=year.last_day),
        "roadmap_approved": roadmap_approval(year) is not None,
        "survey_respondents": sum(int(s["respondents"]) for s in surveys.values()),
        "detail": {
            "by_form": pairs["by_form"], "by_mode": pairs["by_mode"],
            "consents": _consents(as_of), "surveys": surveys, "programmes": programmes,
            "as_of": as_of.isoformat(),
        },
    }
