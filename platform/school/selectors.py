"""What needs this person's attention now, for their home page (one place that asks each part)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from banks.selectors import bank_reviews_of_last_year
from documents.selectors import regulation_update
from exchange.models import Proposal, ProposalStatus
from mentoring.models import Activity, Pair, PairStatus, Programme, ProgrammeStatus
from mentoring.selectors.pairs import requests_pending_for
from mentoring.selectors.programmes import overdue_condition
from orders.models import Order, OrderStatus
from people.capabilities import Capability, can
from people.models import Membership
from regulation_templates.models import TemplateKind
from regulation_templates.updates import ADOPT_CAPABILITY, TemplateUpdate
from roadmap.selectors import roadmap_items_needing_attention_query, roadmap_update
from surveys.selectors import questionnaire_updates, surveys_to_answer


@dataclass(frozen=True)
class AttentionItem:
    """One thing to do: what, how many, where to go; `urgent` items are shown first, in red."""

    kind: str
    text: str
    count: int
    url: str
    urgent: bool = False


def _counts(querysets: dict[str, QuerySet[Any]]) -> dict[str, int]:
    """Several counts in one round trip: SELECT (SELECT count(*) FROM (…) c) AS name, … ."""
    parts: list[str] = []
    params: list[Any] = []
    known = dict.fromkeys(querysets, 0)
    for name, queryset in querysets.items():
        try:
            sql, values = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a .none(): nothing to count
            continue
        parts.append(f"(SELECT count(*) FROM ({sql}) AS c) AS {connection.ops.quote_name(name)}")  # noqa: S608 - SQL compiled by the ORM, values as parameters
        params.extend(values)
    if not parts:
        return known
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        names = [column.name for column in cursor.description]
        return {**known, **dict(zip(names, cursor.fetchone(), strict=True))}


def attention_items(*, membership: Membership, today: dt.date) -> list[AttentionItem]:
    """The person's to-do list in this school, by role (regulation §3–§5). The counts — the roadmap's and
    whether the bank's annual review is due too — are read in one query (issue 15: a dozen round trips were
    most of the home page's time)."""
    items: list[AttentionItem] = []
    mine = (Q(responsible__person_id=membership.person_id)
            | Q(programme__pair__participants__staff__person_id=membership.person_id,
                programme__pair__participants__left_on__isnull=True))
    wanted: dict[str, QuerySet[Any]] = {
        "overdue": Activity.objects.filter(overdue_condition(today)).filter(mine).distinct(),
        "surveys": surveys_to_answer(membership=membership, today=today),
    }
    if can(membership, Capability.REQUESTS_DECIDE):
        wanted["petitions"] = requests_pending_for(membership=membership)
    if can(membership, Capability.ORDERS_SIGN):
        wanted["drafts"] = Order.objects.filter(status=OrderStatus.DRAFT)
    if can(membership, Capability.PAIRS_FORM):
        wanted["waiting"] = Pair.objects.filter(status=PairStatus.FORMING).exclude(order__status=OrderStatus.SIGNED)
    if can(membership, Capability.PROGRAMMES_APPROVE):
        wanted["to_approve"] = Programme.objects.filter(status=ProgrammeStatus.DRAFT, activities__isnull=False
                                                        ).distinct()
    if can(membership, Capability.EXCHANGE_REQUEST):
        wanted["exchange_school"] = Proposal.objects.filter(mentor_school_id=membership.school_id,
                                                            status=ProposalStatus.AWAITING_SCHOOL)
    wanted["exchange_mine"] = Proposal.objects.filter(
        entry__person_id=membership.person_id, entry__school_id=membership.school_id,
        status=ProposalStatus.AWAITING_MENTOR)
    roadmap = roadmap_items_needing_attention_query(membership=membership, today=today)
    wanted["roadmap"], wanted["roadmap_overdue"] = roadmap, roadmap.filter(deadline__lt=today)
    if can(membership, Capability.BANKS_MANAGE):
        wanted["bank_reviews"] = bank_reviews_of_last_year(today)
    counts = _counts(wanted)
    if counts["overdue"]:
        items.append(AttentionItem("overdue_activities", _("My overdue activities"), counts["overdue"],
                                   reverse("programmes:list") + "?overdue=1", urgent=True))
    if counts["surveys"]:
        items.append(AttentionItem("surveys", _("Surveys to answer"), counts["surveys"], reverse("surveys:mine")))
    if counts["roadmap"]:
        items.append(AttentionItem("roadmap", _("Roadmap activities due within a week or overdue"), counts["roadmap"],
                                   reverse("roadmap:page"), urgent=bool(counts["roadmap_overdue"])))
    if counts.get("petitions"):
        items.append(AttentionItem("petitions", _("Petitions to decide"), counts["petitions"],
                                   reverse("pairs:requests"), urgent=True))
    if counts.get("drafts"):
        items.append(AttentionItem("orders_to_sign", _("Draft orders to sign"), counts["drafts"],
                                   reverse("orders:list") + "?status=draft"))
    if counts.get("waiting"):
        items.append(AttentionItem("pairs_awaiting_order", _("Pairs and groups awaiting the director's order"),
                                   counts["waiting"], reverse("pairs:list") + "?status=forming"))
    if counts.get("to_approve"):
        items.append(AttentionItem("programmes_to_approve", _("Programmes to approve"), counts["to_approve"],
                                   reverse("programmes:list") + "?status=draft"))
    if "bank_reviews" in wanted and not counts["bank_reviews"]:  # banks.selectors.bank_review_due
        items.append(AttentionItem("bank_review", _("The annual review of the mentee bank is due"), 1,
                                   reverse("banks:mentee_list"), urgent=True))
    items += _exchange_items(counts)
    for update in templates_updates_for_school(membership=membership, today=today):
        text = _("A new version is available: %(title)s, version %(version)s") % {
            "title": update.title, "version": update.new_version}
        items.append(AttentionItem(f"template_{update.kind}", text, 1, update.url))
    return sorted(items, key=lambda item: not item.urgent)


def _exchange_items(counts: dict[str, int]) -> list[AttentionItem]:
    """Mentor exchange: proposals waiting for this school's answer, and for this person's consent."""
    items: list[AttentionItem] = []
    if counts.get("exchange_school"):
        items.append(AttentionItem("exchange_school", _("Proposals of the mentor exchange to answer"),
                                   counts["exchange_school"], reverse("exchange:school_mentors"), urgent=True))
    if counts["exchange_mine"]:
        items.append(AttentionItem("exchange_mine", _("A school asks you to mentor its teacher"),
                                   counts["exchange_mine"], reverse("exchange:mine"), urgent=True))
    return items


def templates_updates_for_school(*, membership: Membership | None, today: dt.date | None = None
                                 ) -> list[TemplateUpdate]:
    """The pending updates of the district's templates that this person may adopt in this school
    (call inside the school's schema): the regulation, the current year's roadmap, the standard
    questionnaires — each only for the holders of its ADOPT_CAPABILITY. At most eight queries."""
    updates: list[TemplateUpdate] = []
    if can(membership, ADOPT_CAPABILITY[TemplateKind.REGULATION]):
        regulation = regulation_update()
        if regulation is not None:
            updates.append(regulation)
    if can(membership, ADOPT_CAPABILITY[TemplateKind.ROADMAP]):
        roadmap = roadmap_update(today=today)
        if roadmap is not None:
            updates.append(roadmap)
    if can(membership, ADOPT_CAPABILITY[TemplateKind.QUESTIONNAIRE]):
        updates.extend(questionnaire_updates())
    return updates
