"""What the school's public page «Наставничество» shows (regulation §8): the one place that decides.

The page is open to anyone, without login. Everything it shows is built here as plain, frozen
records holding only public fields — no staff ids, no e-mails or phones, no links into the members'
pages — so a template cannot show more than this module decided. The rules:

* **The school**: its full and short name, and its name in the second language where set.
* **The normative base** (§8.1): signed orders (never drafts or cancelled ones) of the kinds
  approving the regulation, approving the roadmap and putting the mentoring system in place — number,
  date, title. The PDF is offered (`public_order_get`) only when every person the order concerns has
  the publication consent in force: the printed order lists them by name.
* **Programmes under way** (active): title, form, mode and period; a participant is named only with
  the publication consent in force, otherwise shown as «участник». No goals, plan or results.
* **Completed programmes** (§8.2: results are published after completion): the same summary, and
  their results (activities done, with the result written) only when every participant of the
  programme has the publication consent in force. A programme that is not completed never shows a result.
* **Mentors and mentees** (the banks, §8.1): name, position, subjects — only people with the
  publication consent in force who are on the staff and have not left the bank.
* **Best cases**: published cases of completed programmes whose every participant has the publication
  consent in force; a withdrawal hides the case at once, without unpublishing it.
* **Methodological materials**: published ones; a file is served by `public_material_get`.
* **News and announcements**: published items whose date of publication has come.

Consents are read once per page (consents.selectors.staff_with_consent), so a withdrawal takes
effect on the next visit and the number of queries does not grow with the rows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from banks.models import Direction, MenteeProfile, MenteeStatus, MentorProfile, MentorStatus
from consents.models import ConsentPurpose
from consents.selectors import staff_with_consent
from lookups import object_or_404
from mentoring.models import (
    Activity,
    ActivityStatus,
    Mode,
    Participant,
    ParticipantRole,
    Programme,
    ProgrammeStatus,
    RoleForm,
)
from orders.models import Order, OrderKind, OrderStatus
from people.capabilities import Capability, can
from people.models import Membership
from practices.models import MethodMaterial, PracticeCase
from publicpage.models import NewsItem
from tenants.models import School

NORMATIVE_KINDS = (OrderKind.MENTORING_SYSTEM, OrderKind.APPROVE_REGULATION, OrderKind.APPROVE_ROADMAP)
COMPLETED_SHOWN = 50
NEWS_SHOWN = 30


# --- the public records ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicOrder:
    id: uuid.UUID  # only for the public PDF link
    number: str
    date: dt.date
    title: str
    kind: str
    downloadable: bool


@dataclass(frozen=True)
class PublicParticipant:
    role: str
    name: str  # the name, or «участник» without the consent


@dataclass(frozen=True)
class PublicResult:
    title: str
    result: str
    done_on: dt.date | None


@dataclass(frozen=True)
class PublicProgramme:
    title: str
    role_form: str
    mode: str
    starts_on: dt.date
    ends_on: dt.date
    finished_on: dt.date | None
    participants: tuple[PublicParticipant, ...]
    results: tuple[PublicResult, ...] = ()


@dataclass(frozen=True)
class PublicPerson:
    name: str
    position: str
    subjects: tuple[str, ...]


@dataclass(frozen=True)
class PublicCase:
    title: str
    description: str
    results: str
    directions: tuple[str, ...]
    programme: PublicProgramme


@dataclass(frozen=True)
class PublicMaterial:
    id: uuid.UUID  # only for the public download link
    title: str
    description: str
    link: str
    has_file: bool


@dataclass(frozen=True)
class PublicNews:
    title: str
    text: str
    published_on: dt.date
    is_announcement: bool
    event_on: dt.date | None


@dataclass(frozen=True)
class PublicPage:
    school_name: str
    school_short_name: str
    school_name_second_language: str
    second_language_code: str
    normative_base: tuple[PublicOrder, ...]
    programmes_under_way: tuple[PublicProgramme, ...]
    programmes_completed: tuple[PublicProgramme, ...]
    mentors: tuple[PublicPerson, ...]
    mentees: tuple[PublicPerson, ...]
    cases: tuple[PublicCase, ...]
    materials: tuple[PublicMaterial, ...]
    announcements: tuple[PublicNews, ...]
    news: tuple[PublicNews, ...]


# --- the rules ---------------------------------------------------------------------------------------


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _anonymous() -> str:
    return _("participant")


def _normative_orders() -> QuerySet[Order]:
    return Order.objects.filter(status=OrderStatus.SIGNED, kind__in=NORMATIVE_KINDS)


def _order_downloadable(order: Order, consented: set[Any]) -> bool:
    return all(subject.staff_id in consented for subject in order.subjects.all())


def _participants(people: Iterable[Participant], consented: set[Any]) -> tuple[PublicParticipant, ...]:
    return tuple(
        PublicParticipant(role=_label(ParticipantRole, p.role),
                          name=p.staff.full_name if p.staff_id in consented else _anonymous())
        for p in people)


def _all_consented(people: Iterable[Participant], consented: set[Any]) -> bool:
    people = list(people)
    return bool(people) and all(p.staff_id in consented for p in people)


def _programme(programme: Programme, consented: set[Any], *, with_results: bool) -> PublicProgramme:
    everyone = programme.pair.all_participants  # type: ignore[attr-defined]
    current = [p for p in everyone if p.left_on is None]
    results: tuple[PublicResult, ...] = ()
    # §8.2: results only after completion, and only when everyone in the programme consented.
    if with_results and programme.status == ProgrammeStatus.COMPLETED and _all_consented(everyone, consented):
        results = tuple(PublicResult(title=a.title, result=a.result, done_on=a.done_on)
                        for a in programme.done_activities)  # type: ignore[attr-defined]
    return PublicProgramme(
        title=programme.title, role_form=_label(RoleForm, programme.pair.role_form),
        mode=_label(Mode, programme.pair.mode), starts_on=programme.starts_on, ends_on=programme.ends_on,
        finished_on=programme.finished_on if programme.status == ProgrammeStatus.COMPLETED else None,
        participants=_participants(current, consented), results=results)


def _with_people(programmes: QuerySet[Any], prefix: str = "") -> QuerySet[Any]:
    return programmes.select_related(f"{prefix}pair").prefetch_related(
        Prefetch(f"{prefix}pair__participants",
                 queryset=Participant.objects.select_related("staff").order_by("role", "staff__last_name"),
                 to_attr="all_participants"))


def _with_done_activities(programmes: QuerySet[Programme], prefix: str = "") -> QuerySet[Programme]:
    return programmes.prefetch_related(Prefetch(
        f"{prefix}activities",
        queryset=Activity.objects.filter(status=ActivityStatus.DONE).order_by("done_on", "deadline", "title"),
        to_attr="done_activities"))


def _person(staff: Any, subjects: Iterable[str]) -> PublicPerson:
    return PublicPerson(name=staff.full_name, position=staff.position, subjects=tuple(subjects))


def _news(item: NewsItem) -> PublicNews:
    return PublicNews(title=item.title, text=item.text, published_on=item.published_on,
                      is_announcement=item.is_announcement, event_on=item.event_on)


def public_page(*, school: School, today: dt.date | None = None) -> PublicPage:
    """Everything the public page shows, decided by the rules above (a constant number of queries)."""
    today = today or timezone.localdate()
    consented: set[Any] = staff_with_consent(ConsentPurpose.PUBLICATION)

    orders = tuple(
        PublicOrder(id=order.pk, number=order.number, date=order.date, title=order.title,
                    kind=_label(OrderKind, order.kind), downloadable=_order_downloadable(order, consented))
        for order in _normative_orders().prefetch_related("subjects").order_by("-date", "number"))

    under_way = tuple(
        _programme(p, consented, with_results=False)
        for p in _with_people(Programme.objects.filter(status=ProgrammeStatus.ACTIVE)).order_by("-starts_on", "title"))
    completed = tuple(
        _programme(p, consented, with_results=True)
        for p in _with_done_activities(_with_people(Programme.objects.filter(status=ProgrammeStatus.COMPLETED)))
        .order_by("-finished_on", "title")[:COMPLETED_SHOWN])

    mentors = tuple(
        _person(profile.staff, profile.subjects or profile.staff.subjects)
        for profile in MentorProfile.objects.exclude(status=MentorStatus.LEFT)
        .filter(staff__is_active=True, staff__is_guest=False, staff_id__in=consented).select_related("staff")
        .order_by("staff__last_name", "staff__first_name"))
    mentees = tuple(
        _person(profile.staff, profile.staff.subjects)
        for profile in MenteeProfile.objects.exclude(status=MenteeStatus.LEFT)
        .filter(staff__is_active=True, staff__is_guest=False, staff_id__in=consented).select_related("staff")
        .order_by("staff__last_name", "staff__first_name"))

    cases = []
    published_cases = _with_people(
        PracticeCase.objects.filter(published=True, programme__status=ProgrammeStatus.COMPLETED)
        .select_related("programme"), prefix="programme__").order_by("-published_on", "title")
    for case in published_cases:
        if not _all_consented(case.programme.pair.all_participants, consented):  # type: ignore[attr-defined]
            continue
        cases.append(PublicCase(
            title=case.title, description=case.description, results=case.results,
            directions=tuple(_label(Direction, d) for d in case.directions),
            programme=_programme(case.programme, consented, with_results=False)))

    materials = tuple(
        PublicMaterial(id=m.pk, title=m.title, description=m.description, link=m.link, has_file=bool(m.file))
        for m in MethodMaterial.objects.filter(published=True).order_by("-created_at"))

    items = list(NewsItem.objects.filter(published=True, published_on__lte=today)
                 .order_by("-published_on", "-created_at")[:NEWS_SHOWN])
    upcoming = [i for i in items if i.is_announcement and i.event_on is not None and i.event_on >= today]
    return PublicPage(
        school_name=school.full_name, school_short_name=school.short_name,
        school_name_second_language=school.full_name_second_language,
        second_language_code=school.second_language_code,
        normative_base=orders, programmes_under_way=under_way, programmes_completed=completed,
        mentors=mentors, mentees=mentees, cases=tuple(cases), materials=materials,
        announcements=tuple(_news(i) for i in sorted(upcoming, key=lambda i: i.event_on or today)),
        news=tuple(_news(i) for i in items if i not in upcoming),
    )


def public_order_get(*, id: Any) -> Order:  # noqa: A002 - the lookups' convention
    """A signed normative order whose every subject consented to publication, for its public PDF; else 404."""
    order = object_or_404(_normative_orders().prefetch_related("subjects"), id)
    if not _order_downloadable(order, staff_with_consent(ConsentPurpose.PUBLICATION)):
        raise Http404
    return order


def public_material_get(*, id: Any) -> MethodMaterial:  # noqa: A002 - the lookups' convention
    """A published methodological material with a file, for its public download; else 404."""
    return object_or_404(MethodMaterial.objects.filter(published=True).exclude(file=""), id)


# --- managing the news (members' pages) ----------------------------------------------------------------


def news_for(*, membership: Membership | None, query: str = "") -> QuerySet[NewsItem]:
    """Every news item and announcement, for those who keep them (BANKS_MANAGE); none for anyone else."""
    if not can(membership, Capability.NEWS_MANAGE):
        return NewsItem.objects.none()
    items = NewsItem.objects.order_by("-published_on", "-created_at")
    if query:
        items = items.filter(Q(title__icontains=query) | Q(text__icontains=query))
    return items


def news_get_for(*, membership: Membership | None, id: Any) -> NewsItem:  # noqa: A002 - the lookups' convention
    """One news item for those who keep them, or 404."""
    return object_or_404(news_for(membership=membership), id)
