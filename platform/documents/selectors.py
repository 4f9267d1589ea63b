"""Reads for the school's documents: the facts they are filled from, and what a person may print.

Who may generate the school's documents: the holders of `Capability.DOCUMENTS_GENERATE` (the director,
the curator, the coordinator, the head of the working group) — they prepare the orders and the
acts the director signs. A programme or a pair is then looked up through the mentoring
selectors, already filtered for the person (same 404 for missing and not theirs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from documents.catalogue import TEMPLATED_KINDS, DocumentKind, default_text
from documents.models import AdoptedTemplate, DocumentText
from formats.dates import AcademicYear
from mentoring.models import Pair, Programme
from mentoring.selectors.pairs import pair_get_for, pairs_visible_to
from mentoring.selectors.programmes import programme_get_for, programmes_for
from orders.models import Order, OrderKind, OrderStatus, RoleAssignment
from people.capabilities import Capability, can
from people.models import Membership, Person
from people.roles import SchoolRole
from regulation_templates.models import RegulationTemplate, TemplateKind
from regulation_templates.selectors import published
from regulation_templates.updates import TemplateUpdate
from staff.models import StaffMember
from staff.signers import school_director
from tenants.models import School

# The orders whose number and date the regulation and the roadmap carry («УТВЕРЖДЕНО приказом …»).
SYSTEM_ORDER_KINDS = (OrderKind.MENTORING_SYSTEM, OrderKind.APPROVE_REGULATION)


def may_generate(membership: Membership | None) -> bool:
    return can(membership, Capability.DOCUMENTS_GENERATE)


@dataclass
class SchoolFacts:
    """What the school's documents are filled from: its people by role, its order, its year."""

    school: School
    year: AcademicYear
    order: Order | None = None
    director: StaffMember | None = None
    curator: StaffMember | None = None
    coordinator: StaffMember | None = None
    working_group_head: StaffMember | None = None
    working_group_members: list[StaffMember] = field(default_factory=list)


def system_order() -> Order | None:
    """The school's order implementing the mentoring system (or approving the regulation), newest first."""
    return (Order.objects.filter(kind__in=SYSTEM_ORDER_KINDS).exclude(status=OrderStatus.CANCELLED)
            .select_related("signer").order_by("-date", "-created_at").first())


def year_of(day: dt.date) -> AcademicYear:
    """The academic year a document of `day` is for: from June the school prepares the coming year
    (the seed's order of 31.08.2022 puts the system in place from 01.09.2022)."""
    return AcademicYear(day.year) if 6 <= day.month <= 8 else AcademicYear.of(day)


FIRST_DOCUMENT_YEAR = 2015  # no school kept its mentoring papers here before the target model (2019+)


def document_years(*, today: dt.date | None = None) -> list[AcademicYear]:
    """The years a school may print its documents for, newest first: the current one and the one it prepares
    (from June), back to the first year the platform knows."""
    current = year_of(today or timezone.localdate())
    return [AcademicYear(start) for start in range(current.start, FIRST_DOCUMENT_YEAR - 1, -1)]


def document_year(value: str | None, *, today: dt.date | None = None) -> AcademicYear:
    """The academic year a person chose for the documents (?year=2026/2027); the current one when none is
    chosen; 404 for anything that is not a year offered."""
    if not value:
        return year_of(today or timezone.localdate())
    try:
        year = AcademicYear.parse(value)
    except ValueError:
        raise Http404 from None
    if year not in document_years(today=today):
        raise Http404
    return year


def school_facts(*, school: School, today: dt.date | None = None, year: AcademicYear | None = None) -> SchoolFacts:
    """The school's people by role (open role assignments by order) and its system order (four queries),
    for the academic year chosen (by default the current one)."""
    order = system_order()
    year = year or year_of(today or timezone.localdate())
    facts = SchoolFacts(school=school, year=year, order=order, director=school_director(school=school))
    roles = (SchoolRole.CURATOR, SchoolRole.COORDINATOR, SchoolRole.WORKING_GROUP_HEAD,
             SchoolRole.WORKING_GROUP_MEMBER)
    assignments = (RoleAssignment.objects.filter(role__in=roles, ended_on__isnull=True, staff__is_active=True)
                   .select_related("staff").order_by("started_on", "staff__last_name", "staff__first_name"))
    for assignment in assignments:
        if assignment.role == SchoolRole.CURATOR:
            facts.curator = facts.curator or assignment.staff
        elif assignment.role == SchoolRole.COORDINATOR:
            facts.coordinator = facts.coordinator or assignment.staff
        elif assignment.role == SchoolRole.WORKING_GROUP_HEAD:
            facts.working_group_head = facts.working_group_head or assignment.staff
        elif assignment.staff not in facts.working_group_members:
            facts.working_group_members.append(assignment.staff)
    return facts


def document_text(kind: str) -> tuple[str, DocumentText | None]:
    """The template of `kind`: the school's adapted copy if it has one, else the district's standard wording
    (for the regulation: the version the school adopted)."""
    own = DocumentText.objects.filter(kind=kind).first()
    return (own.body, own) if own is not None else (standard_text(kind), None)


@dataclass(frozen=True)
class RegulationVersion:
    """The district's version of the regulation this school uses: `adopted` is None for version 1
    that every school starts from; `template` is None only if the district has no published one."""

    version: int
    adopted: AdoptedTemplate | None
    template: RegulationTemplate | None


def regulation_version() -> RegulationVersion:
    """The version of the district's regulation the school adopted (two queries: the school's, the district's)."""
    from regulation_templates import selectors as regulation_selectors

    adopted = AdoptedTemplate.objects.filter(kind=DocumentKind.REGULATION).first()
    if adopted is not None:
        template = regulation_selectors.published_by_id(adopted.template_id)
        return RegulationVersion(version=adopted.version, adopted=adopted, template=template)
    base = regulation_selectors.base_version()
    return RegulationVersion(version=base.version if base is not None else 1, adopted=None, template=base)


def standard_text(kind: str) -> str:
    """The district's wording of `kind` for this school: for the regulation, the text of the version it
    adopted (version 1 until it adopts another); for the others, the platform's standard wording."""
    if kind == DocumentKind.REGULATION:
        template = regulation_version().template
        if template is not None:
            return template.body
    return default_text(kind)


def document_texts() -> dict[str, DocumentText]:
    """The school's adapted templates by kind (one query)."""
    return {text.kind: text for text in DocumentText.objects.filter(kind__in=[str(k) for k in TEMPLATED_KINDS])}


def templated_kind_get(kind: str) -> DocumentKind:
    """A kind whose wording is a template, or 404."""
    if kind not in [str(k) for k in TEMPLATED_KINDS]:
        raise Http404
    return DocumentKind(kind)


def programmes_for_documents(*, membership: Membership | None, query: str = "") -> QuerySet[Programme]:
    """The programmes the person may print, with their current participants (fixed number of queries)."""
    if not may_generate(membership):
        return Programme.objects.none()
    return programmes_for(membership=membership, query=query)


def pairs_for_documents(*, membership: Membership | None, person: Person, query: str = "") -> QuerySet[Pair]:
    """The pairs and groups whose order the person may print (fixed number of queries)."""
    if not may_generate(membership):
        return Pair.objects.none()
    return pairs_visible_to(membership=membership, person=person, search=query)


def programme_for_documents(*, membership: Membership | None, programme_id: Any) -> Programme:
    if not may_generate(membership):
        raise Http404
    return programme_get_for(membership=membership, id=programme_id)


def pair_for_documents(*, membership: Membership | None, person: Person, pair_id: Any) -> Pair:
    if not may_generate(membership):
        raise Http404
    return pair_get_for(membership=membership, person=person, id=pair_id)


def regulation_update() -> TemplateUpdate | None:
    """The district's regulation, when a newer version is published than the one the school adopted.
    Versions only (not the regulation's text): two small queries on every home page (the published versions,
    newest first — a handful — give both the latest and the base one)."""
    versions = list(published().order_by("-version").values_list("pk", "version", "note"))
    if not versions:
        return None
    latest_pk, latest_version, latest_note = versions[0]
    adopted = AdoptedTemplate.objects.filter(kind=DocumentKind.REGULATION).values_list("version", flat=True).first()
    if adopted is None:  # as regulation_version: the district's base version (the first published), or 1
        adopted = versions[-1][1] or 1
    if latest_version <= adopted:
        return None
    return TemplateUpdate(
        kind=TemplateKind.REGULATION, template_id=latest_pk, title=str(DocumentKind.REGULATION.label),
        current_version=adopted, new_version=latest_version, note=latest_note,
        url=reverse("documents:list") + "#template-updates",
        replaces_own_text=DocumentText.objects.filter(kind=DocumentKind.REGULATION).exists())
