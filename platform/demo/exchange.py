"""The demo district's mentor exchange (issue 6): requests of the СОШ с. Ножай-Юрт for mentors of the other
schools, at every step of the workflow.

The directory is already filled by the schools' own seeding (mentors willing to work in another school who
gave the exchange consent, through banks.mentor_add and consents.consent_give). Here:

* Хасанов А.Р. (physics) ← Исаев М.Х. (Новый-Замай-Юрт): accepted; the host school signs the pair's order and
  starts the pair, so it counts in both schools' figures;
* Мусаева К.С. (English) ← Ибрагимова Л.Ю. (Мескеты): the school approved, awaiting the mentor;
* Тазуева А.Х. (lesson organisation) ← Попова Н.Н. (Мескеты): awaiting the mentor's school;
* Дадаева М.И. (mathematics): open, no mentor of the directory fits (the ranking shows why);
* open requests of Мескеты and Новый-Замай-Юрт (Russian, history, geography), so that the
  district's proposal has something to assign, and one request no mentor fits.

Safe to run again: a mentee who already has a request is left as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django_tenants.utils import schema_context

from banks.models import Direction
from consents.models import Consent, ConsentPurpose
from consents.services import consent_give
from exchange import services
from exchange.models import DirectoryEntry, Proposal
from exchange_school.models import RequestMentee
from mentoring.models import Pair, Programme
from mentoring.services.pairs import agreement_create, pair_activate, pair_draft_order
from mentoring.services.programme_plan import activity_add
from orders.services import order_sign
from people.models import Person
from staff.models import StaffMember
from tenants.models import School

HOST = "nozhay-yurt"


@dataclass(frozen=True)
class DemoRequest:
    mentee: str  # «Фамилия Имя Отчество» in the host school
    subjects: tuple[str, ...]
    directions: tuple[str, ...]
    mentor: str | None  # the directory mentor proposed, or None
    mentor_school: str | None
    stage: str  # "open", "awaiting_school", "awaiting_mentor", "accepted"
    school: str = HOST  # the requesting school (the mentee's)


REQUESTS = (
    DemoRequest("Хасанов Апти Русланович", ("физика",), (Direction.SUBJECT_CONTENT,), "Исаев Магомед Хасанович",
                "novy-zamay-yurt", "accepted"),
    DemoRequest("Мусаева Камила Саидовна", ("английский язык",), (Direction.TEACHING_METHODS,),
                "Ибрагимова Луиза Юсуповна", "meskety", "awaiting_mentor"),
    DemoRequest("Тазуева Асет Хамзатовна", (), (Direction.LESSON_ORGANISATION,), "Попова Наталья Николаевна",
                "meskety", "awaiting_school"),
    DemoRequest("Дадаева Милана Исмаиловна", ("математика",), (Direction.TEACHING_METHODS,), None, None, "open"),
    DemoRequest("Умарова Элина Хасановна", ("русский язык",), (Direction.TEACHING_METHODS,), None, None, "open",
                school="meskety"),
    DemoRequest("Адамова Малика Умаровна", ("география",), (Direction.SUBJECT_CONTENT,), None, None, "open",
                school="meskety"),
    DemoRequest("Магомадов Саид Хамзатович", ("история",), (Direction.SUBJECT_CONTENT,), None, None, "open",
                school="novy-zamay-yurt"),
    DemoRequest("Сулейманова Айшат Руслановна", ("русский язык",), (Direction.LESSON_ORGANISATION,), None, None,
                "open", school="novy-zamay-yurt"),
)


def _staff(name: str) -> StaffMember | None:
    last, first, patronymic = name.split(" ")
    return StaffMember.objects.filter(last_name=last, first_name=first, patronymic=patronymic).first()


def _curator_of(school: School, curator_name: str) -> Person | None:
    with schema_context(school.schema_name):
        staff = _staff(curator_name)
        return staff.person if staff is not None else None


def exchange_demo_seed(*, curators: dict[str, str]) -> int:
    """Create the demo requests and proposals that are missing; `curators` maps a school slug to its curator's
    name. Returns how many requests were created."""
    schools = {s.slug: s for s in School.objects.filter(slug__in=[HOST, "meskety", "novy-zamay-yurt"])}
    created = 0
    for demo in REQUESTS:
        host = schools.get(demo.school)
        host_curator = _curator_of(host, curators[demo.school]) if host is not None else None
        if host is None or host_curator is None:
            continue
        with schema_context(host.schema_name):
            mentee = _staff(demo.mentee)
            if mentee is None or RequestMentee.objects.filter(mentee=mentee).exists():
                continue
            request = services.request_create(
                acting_user=host_curator, school=host, mentee=mentee, subjects=list(demo.subjects),
                directions=list(demo.directions), preferred_mode="", months=9,
                starts_on=timezone.localdate() + dt.timedelta(days=7))
        created += 1
        if demo.mentor is None or demo.mentor_school not in schools:
            continue
        mentor_school = schools[demo.mentor_school]
        last, first, patronymic = demo.mentor.split(" ")
        entry = DirectoryEntry.objects.filter(school=mentor_school, last_name=last, first_name=first,
                                              patronymic=patronymic).first()
        if entry is None:
            continue
        with schema_context(host.schema_name):
            proposal: Proposal = services.proposal_create(acting_user=host_curator, request=request,
                                                          entry_id=entry.pk)
        if demo.stage == "awaiting_school":
            continue
        decider = _curator_of(mentor_school, curators[mentor_school.slug])
        with schema_context(mentor_school.schema_name):
            proposal = services.proposal_school_decide(acting_user=decider or host_curator, school=mentor_school,
                                                       proposal=proposal, approve=True)
        if demo.stage == "accepted" and entry.person is not None:
            proposal = services.proposal_mentor_decide(acting_user=entry.person, proposal=proposal, accept=True)
            assert proposal.pair_uuid is not None and proposal.programme_uuid is not None
            with schema_context(host.schema_name):  # the host school orders and starts the pair, as for any pair
                pair = Pair.objects.get(pk=proposal.pair_uuid)
                order = pair_draft_order(school=host, acting_user=host_curator, pair=pair, number="121/обм",
                                         date=timezone.localdate())
                for purpose in (ConsentPurpose.PROCESSING_PROGRAMME, ConsentPurpose.EXTRA_DUTIES):
                    if not Consent.objects.filter(staff=mentee, purpose=purpose, withdrawn_on__isnull=True).exists():
                        consent_give(school=host, acting_user=host_curator, staff=mentee, purpose=purpose,
                                     given_on=timezone.localdate())
                director = StaffMember.objects.filter(
                    person__memberships__school=host, person__memberships__roles__contains=["director"]).first()
                order_sign(school=host, acting_user=director.person if director else None, order=order,
                           signer=director)
                programme = Programme.objects.get(pk=proposal.programme_uuid)
                agreement_create(  # Labour Code art. 351.8, signed by the host school with the guest mentor
                    school=host, acting_user=host_curator, pair=pair, mentor=pair.participants.get(role="mentor").staff,
                    content="Методическая помощь молодому учителю физики: анализ уроков, подготовка лабораторных "
                            "работ, дистанционные консультации.",
                    starts_on=programme.starts_on, ends_on=programme.ends_on, form="учитель – учитель, виртуальная",
                    payment="Доплата по положению об оплате труда школы-заказчика (по договорённости школ).")
                pair_activate(school=host, acting_user=host_curator, pair=pair)
                for days, title in ((14, "Знакомство: анализ уроков наставляемого, план на год"),
                                    (45, "Совместная подготовка лабораторной работы (онлайн)")):
                    activity_add(school=host, acting_user=host_curator, programme=programme, title=title,
                                 direction=Direction.SUBJECT_CONTENT, deadline=programme.starts_on
                                 + dt.timedelta(days=days), responsible=mentee)
    return created
