"""The school's documents, filled from its own records: PDF (reports.pdf) and DOCX (reports.docx).

- the order implementing the mentoring system (like order № 116/1 of the seed);
- the regulation (Положение о системе наставничества педагогических работников, §1–§9);
- the roadmap (Дорожная карта, the seven stages of the seed's Приложение 2);
- a personalised programme (§1.2: participants, directions, goals, plan, period);
- the order assigning a pair or group (§6.2; its PDF is mentoring's own `pair_order_pdf`).

The words are Russian whatever the interface language: these are official Russian documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils import translation

from banks.models import Direction
from district.selectors import district_settings, docx_template
from documents.catalogue import BLANK, DocumentKind, placeholders_for, template_name
from documents.layout import Layout, layout
from documents.selectors import SchoolFacts, document_text, school_facts, year_of
from formats.dates import AcademicYear
from formats.filenames import document_filename
from mentoring.documents import FORM_RU, MODE_RU, pair_order_filename, pair_order_pdf, pair_order_text, pair_order_title
from mentoring.models import ActivityStatus, Pair, ParticipantRole, Programme
from mentoring.selectors.pairs import open_participants
from mentoring.selectors.programmes import programme_participants, programme_plan
from orders.models import OrderStatus
from orders.selectors import order_signer
from people.models import Membership
from people.roles import SchoolRole
from reports.docx import official_docx
from reports.pdf import (
    Block,
    Heading,
    Para,
    Signature,
    Space,
    Table,
    date_numeric,
    date_words,
    official_document,
)
from staff.declension import Case, staff_full_name, staff_position, staff_short_name
from staff.models import StaffMember
from tenants.models import School

DIRECTION_RU: dict[str, str] = {
    Direction.SUBJECT_CONTENT: "предметное содержание",
    Direction.TEACHING_METHODS: "методика обучения и преподавания",
    Direction.UPBRINGING: "воспитательная деятельность",
    Direction.LESSON_ORGANISATION: "организация урочной и внеурочной деятельности",
    Direction.PSYCHOLOGICAL_SUPPORT: "психолого-педагогическое сопровождение",
    Direction.DIGITAL_ENVIRONMENT: "цифровая образовательная среда",
    Direction.OTHER: "иное",
}
ACTIVITY_STATUS_RU: dict[str, str] = {
    ActivityStatus.PLANNED: "запланировано",
    ActivityStatus.IN_PROGRESS: "выполняется",
    ActivityStatus.DONE: "выполнено",
    ActivityStatus.CANCELLED: "отменено",
}
DATE_BLANK = "«___» __________ 20___ г."

# The seven stages of the seed's Приложение 2, with deadlines in this school's academic year.
DEFAULT_ROADMAP: tuple[tuple[str, str, Callable[[AcademicYear], str], str], ...] = (
    ("Подготовка условий для реализации системы наставничества",
     "Подготовка и принятие локальных нормативных правовых актов образовательной организации: приказ "
     "«Об утверждении положения о системе наставничества педагогических работников в образовательной "
     "организации»; Дорожная карта (план мероприятий) по реализации Положения о системе наставничества "
     "педагогических работников; приказ(ы) о закреплении наставнических пар/групп с письменного согласия их "
     "участников на возложение на них дополнительных обязанностей, связанных с наставнической деятельностью; "
     "подготовка персонализированных программ наставничества – при наличии в организации наставляемых.",
     lambda year: f"август {year.start} г.", "Директор, заместитель директора по УВР"),
    ("Формирование банка наставляемых",
     "Сбор информации о профессиональных запросах педагогов. Формирование банка данных наставляемых, "
     "обеспечение согласий на сбор и обработку персональных данных.",
     lambda year: f"август – сентябрь {year.start} г.", "Куратор"),
    ("Формирование банка наставников",
     "Проведение анкетирования среди потенциальных наставников, желающих принять участие в "
     "персонализированных программах наставничества. Формирование банка данных наставников, обеспечение "
     "согласий на сбор и обработку персональных данных.",
     lambda year: f"сентябрь {year.start} г.", "Куратор"),
    ("Отбор и обучение",
     "Анализ банка наставников и выбор подходящих для конкретной персонализированной программы наставничества "
     "педагога/группы педагогов. Обучение наставников для работы с наставляемыми: подготовка методических "
     "материалов для сопровождения наставнической деятельности; проведение консультаций, организация обмена "
     "опытом среди наставников – «установочные сессии» наставников.",
     lambda year: f"сентябрь {year.start} г., в течение года", "Рабочая группа по наставничеству"),
    ("Организация и осуществление работы наставнических пар/групп",
     "Формирование наставнических пар/групп. Разработка персонализированных программ наставничества для "
     "каждой пары/группы. Организация психолого-педагогической поддержки сопровождения наставляемых, не "
     "сформировавших пару или группу (при необходимости), продолжение поиска наставника/наставников.",
     lambda year: "в течение учебного года", "Педагог-психолог, все участники программы"),
    ("Завершение персонализированных программ наставничества",
     "Проведение мониторинга качества реализации персонализированных программ наставничества (анкетирование). "
     "Проведение школьной конференции или семинара. Проведение итогового мероприятия (круглого стола) по "
     "выявлению лучших практик наставничества; пополнение методической копилки педагогических практик "
     "наставничества.",
     lambda year: f"апрель – май {year.start + 1} г.", "Куратор, рабочая группа по наставничеству"),
    ("Информационная поддержка системы наставничества",
     "Освещение мероприятий Дорожной карты на всех этапах на сайте образовательной организации и в "
     "социальных сетях.",
     lambda year: "в течение учебного года", "Куратор, системный администратор"),
)


@dataclass
class OfficialFile:
    """One generated document: the same words as PDF and as DOCX."""

    kind: DocumentKind
    school: School
    filename: str
    title: str
    blocks: Sequence[Block]
    number: str | None = None
    date: dt.date | None = None
    heading: str = ""
    locality: str | None = None
    authority: str = ""
    author: str = ""
    mark: str = ""
    pdf_override: Callable[[], bytes] | None = field(default=None, repr=False)
    name_override: Callable[[str], str] | None = field(default=None, repr=False)

    def _arguments(self) -> dict[str, object]:
        return {"school": self.school, "title": self.title, "blocks": self.blocks, "number": self.number,
                "date": self.date, "heading": self.heading, "locality": self.locality,
                "authority": self.authority, "author": self.author, "mark": self.mark}

    def file_name(self, extension: str) -> str:
        """«Приказ № 116-1 от 31.08.2022 — ООШ с. Мескеты.pdf»: what the document is, its number and date if it
        has them, and the school (`filename` holds what the document is)."""
        if self.name_override is not None:
            return self.name_override(extension)
        numbered = self.filename.startswith("Приказ")
        return document_filename(self.filename, number=(self.number or "") if numbered else "",
                                 date=self.date if numbered else None, school_name=self.school.short_name,
                                 extension=extension)

    def pdf(self) -> bytes:
        if self.pdf_override is not None:
            return self.pdf_override()
        return official_document(**self._arguments())  # type: ignore[arg-type]

    def docx(self) -> bytes:
        """The DOCX, filled into the district's own template of this kind if it uploaded one."""
        return official_docx(**self._arguments(), template=docx_template(self.kind))  # type: ignore[arg-type]


# --- filling ------------------------------------------------------------------------------


def draft_title(heading: str) -> str:
    """«О закреплении наставнической пары» → «Проект приказа о закреплении наставнической пары»."""
    return f"Проект приказа {heading[:1].lower()}{heading[1:]}".strip()


def short_name(staff: StaffMember | None, case: Case = Case.NOMINATIVE) -> str:
    return staff_short_name(staff, case) if staff else BLANK


def _position(staff: StaffMember | None, case: Case = Case.NOMINATIVE) -> str:
    return (staff_position(staff, case) if staff else "") or BLANK


def _with_position(staff: StaffMember | None) -> str:
    if staff is None:
        return BLANK
    return f"{short_name(staff)}, {staff.position}" if staff.position else short_name(staff)


def school_context(facts: SchoolFacts) -> dict[str, str]:
    """The common placeholders filled from the school's records; what is unknown is a blank to fill by hand."""
    school, order = facts.school, facts.order
    members = [f"– {_with_position(member)};" for member in facts.working_group_members] or [f"– {BLANK};"]
    locality = school.locality or BLANK
    return {
        "school.full_name": school.full_name,
        "school.short_name": school.short_name or school.full_name,
        "school.full_name_second_language": school.full_name_second_language or "",
        "school.locality": locality,
        "locality": locality,
        "district.name": district_settings().name,
        "order.number": order.number if order is not None else "______",
        "order.date": date_numeric(order.date) if order is not None else DATE_BLANK,
        "year": str(facts.year),
        "year.first_day": date_numeric(facts.year.first_day),
        "year.last_day": date_numeric(facts.year.last_day),
        "director.short_name": short_name(facts.director),
        "director.full_name": facts.director.full_name if facts.director else BLANK,
        "director.full_name_genitive": staff_full_name(facts.director, Case.GENITIVE) if facts.director else BLANK,
        "director.short_name_dative": short_name(facts.director, Case.DATIVE),
        "curator.short_name_accusative": short_name(facts.curator, Case.ACCUSATIVE),
        "curator.position_accusative": _position(facts.curator, Case.ACCUSATIVE),
        "coordinator.short_name_accusative": short_name(facts.coordinator, Case.ACCUSATIVE),
        "coordinator.position_accusative": _position(facts.coordinator, Case.ACCUSATIVE),
        "curator.short_name": short_name(facts.curator),
        "curator.full_name": facts.curator.full_name if facts.curator else BLANK,
        "curator.position": (facts.curator.position if facts.curator else "") or BLANK,
        "coordinator.short_name": short_name(facts.coordinator),
        "coordinator.full_name": facts.coordinator.full_name if facts.coordinator else BLANK,
        "coordinator.position": (facts.coordinator.position if facts.coordinator else "") or BLANK,
        "working_group.head": _with_position(facts.working_group_head),
        "working_group.members": "\n".join(members),
    }


def _fill(kind: DocumentKind, context: dict[str, str], tables: dict[str, Table], text: str | None = None) -> Layout:
    body = text if text is not None else document_text(kind)[0]
    known = placeholders_for(kind)
    # Every placeholder the kind declares is filled, so a template that passes the check always renders.
    missing = set(known) - set(context) - set(tables)
    if missing:  # pragma: no cover - a programming error, kept loud
        raise RuntimeError(f"placeholders without a value for {kind}: {sorted(missing)}")
    return layout(body, template=template_name(kind), context=context, tables=tables)


def _titled(result: Layout) -> list[Block]:
    """The stamp at the top right, then the title and the subject, then the body (acts, not orders)."""
    stamp, rest = result.stamp_and_body()
    head: list[Block] = []
    if result.title:
        head.append(Para(result.title, align="centre", bold=True, indent=False, size=16))
    if result.heading:
        head.append(Para(result.heading, align="centre", bold=True, indent=False))
    return [*stamp, *head, Space(4), *rest]


def _authority() -> str:
    return district_settings().name


# --- the documents ------------------------------------------------------------------------


def _acquainted_table(facts: SchoolFacts) -> Table:
    people: list[StaffMember] = []
    for member in (facts.coordinator, facts.curator, facts.working_group_head, *facts.working_group_members):
        if member is not None and member not in people:
            people.append(member)
    rows = [[member.full_name, member.position, "", ""] for member in people] or [["", "", "", ""]] * 3
    return Table(header=["Ф. И. О.", "Должность", "Подпись", "Дата"], rows=rows, widths=[0.36, 0.34, 0.15, 0.15])


def mentoring_order_file(
    *, school: School, text: str | None = None, today: dt.date | None = None, year: AcademicYear | None = None,
) -> OfficialFile:
    """The order implementing the mentoring system (like order № 116/1 of the seed), §3.1–§3.4, for the year
    chosen: the school's own order of that year gives the number and the date; another year's is a draft."""
    facts = school_facts(school=school, today=today, year=year)
    result = _fill(DocumentKind.MENTORING_ORDER, school_context(facts), {"table.acquainted": _acquainted_table(facts)},
                   text)
    order = facts.order if facts.order is not None and year_of(facts.order.date) == facts.year else None
    return OfficialFile(
        kind=DocumentKind.MENTORING_ORDER, school=school,
        filename="Приказ" if order is not None else draft_title(result.heading),
        title=result.title or "ПРИКАЗ", number=order.number if order else "", date=order.date if order else None,
        heading=result.heading, blocks=result.blocks, authority=_authority(),
        author=short_name(facts.director) if facts.director else "",
        mark="" if order is not None and order.status == OrderStatus.SIGNED else "ПРОЕКТ",
    )


def regulation_file(
    *, school: School, text: str | None = None, today: dt.date | None = None, year: AcademicYear | None = None,
) -> OfficialFile:
    """Положение о системе наставничества педагогических работников (all sections) with this school's name."""
    facts = school_facts(school=school, today=today, year=year)
    result = _fill(DocumentKind.REGULATION, school_context(facts), {}, text)
    return OfficialFile(kind=DocumentKind.REGULATION, school=school, filename="Положение о системе наставничества",
                        title="", locality="", blocks=_titled(result), authority=_authority())


def roadmap_rows(year: AcademicYear, *, membership: Membership | None = None) -> list[list[str]]:
    """The roadmap's rows: the school's roadmap for the year (roadmap app) if it has one, else the seed's stages."""
    from_app = _roadmap_from_app(year, membership) if membership is not None else None
    if from_app:
        return from_app
    return [[f"{index}.", stage, content, deadline(year), responsible]
            for index, (stage, content, deadline, responsible) in enumerate(DEFAULT_ROADMAP, start=1)]


def _roadmap_from_app(year: AcademicYear, membership: Membership) -> list[list[str]] | None:
    """Rows from the school's own roadmap of the year (roadmap.selectors.roadmap_for_year), one per stage."""
    try:
        from roadmap.selectors import roadmap_for_year
    except ImportError:  # pragma: no cover - the roadmap app is optional to this module
        return None
    roadmap = roadmap_for_year(membership=membership, year=year)
    if roadmap is None:
        return None
    rows: list[list[str]] = []
    with translation.override("ru"):
        for stage in roadmap.stages.all():
            items = list(stage.items.all())
            content = "\n".join(f"– {item.title}" for item in items)
            deadlines = "\n".join("в течение года" if item.throughout_year else f"до {date_numeric(item.deadline)}"
                                  for item in items)
            responsible: list[str] = []
            for item in items:
                who = (short_name(item.responsible_staff) if item.responsible_staff is not None
                       else str(SchoolRole(item.responsible_role).label) if item.responsible_role else "")
                if who and who not in responsible:
                    responsible.append(who)
            rows.append([f"{stage.number}.", stage.title, content, deadlines, ", ".join(responsible)])
    return rows or None


def roadmap_file(
    *, school: School, text: str | None = None, today: dt.date | None = None, membership: Membership | None = None,
    year: AcademicYear | None = None,
) -> OfficialFile:
    """Дорожная карта (план мероприятий) of the academic year chosen (by default the current one): the school's
    own roadmap of that year, else the seven stages of the standard one."""
    facts = school_facts(school=school, today=today, year=year)
    table = Table(header=["№", "Этап", "Содержание деятельности и план мероприятий", "Сроки", "Ответственные"],
                  rows=roadmap_rows(facts.year, membership=membership), widths=[0.05, 0.245, 0.37, 0.145, 0.19],
                  size=11)
    result = _fill(DocumentKind.ROADMAP, school_context(facts), {"table.roadmap": table}, text)
    return OfficialFile(kind=DocumentKind.ROADMAP, school=school,
                        filename=f"Дорожная карта на {facts.year} учебный год",
                        title="", locality="", blocks=_titled(result), authority=_authority())


def _people_lines(people: Sequence[StaffMember]) -> str:
    return "\n".join(short_name(member) for member in people) or BLANK


def programme_file(
    *, school: School, programme: Programme, text: str | None = None, year: AcademicYear | None = None,
) -> OfficialFile:
    """Персонализированная программа наставничества (§1.2): participants, directions, goals, plan, period."""
    facts = school_facts(school=school, year=year)
    participants = programme_participants(programme)
    mentors = [p.staff for p in participants if p.role == ParticipantRole.MENTOR]
    mentees = [p.staff for p in participants if p.role == ParticipantRole.MENTEE]
    participant_rows = [[str(index), role, member.full_name, member.position] for index, (member, role) in enumerate(
        [(m, "наставник") for m in mentors] + [(m, "наставляемый") for m in mentees], start=1)]
    plan_rows = []
    for index, activity in enumerate(programme_plan(programme), start=1):
        status = ACTIVITY_STATUS_RU.get(activity.status, activity.status)
        if activity.status == ActivityStatus.DONE and activity.done_on:
            status = f"{status} {date_numeric(activity.done_on)}"
        what = activity.title + (f". {activity.description}" if activity.description else "")
        if activity.direction:
            what += f" (направление: {DIRECTION_RU.get(activity.direction, activity.direction)})"
        plan_rows.append([str(index), what, date_numeric(activity.deadline), short_name(activity.responsible), status])
    tables = {
        "table.participants": Table(header=["№", "Роль", "Ф. И. О.", "Должность"], rows=participant_rows or [
            ["", "", "", ""]], widths=[0.07, 0.2, 0.4, 0.33]),
        "table.plan": Table(header=["№", "Мероприятие", "Срок", "Ответственный", "Отметка о выполнении"],
                            rows=plan_rows or [["", "", "", "", ""]], widths=[0.06, 0.41, 0.14, 0.19, 0.2], size=11),
    }
    pair = programme.pair
    context = {
        **school_context(facts),
        "programme.title": programme.title,
        "programme.goals": programme.goals or BLANK,
        "programme.strengths": programme.strengths_supported or BLANK,
        "programme.directions": "; ".join(DIRECTION_RU.get(d, d) for d in programme.directions) or BLANK,
        "programme.form": FORM_RU.get(pair.role_form, pair.role_form),
        "programme.mode": MODE_RU.get(pair.mode, pair.mode),
        "programme.starts_on": date_numeric(programme.starts_on),
        "programme.ends_on": date_numeric(programme.ends_on),
        "programme.approved_on": date_words(programme.approved_on) if programme.approved_on else DATE_BLANK,
        "programme.mentors": _people_lines(mentors),
        "programme.mentees": _people_lines(mentees),
    }
    result = _fill(DocumentKind.PROGRAMME, context, tables, text)
    return OfficialFile(kind=DocumentKind.PROGRAMME, school=school,
                        filename=f"Программа наставничества «{programme.title}»",
                        title="", locality="", blocks=_titled(result), authority=_authority())


def pair_order_file(*, school: School, pair: Pair) -> OfficialFile:
    """The order assigning the pair or group (§6.2): mentoring's PDF, and the same words as DOCX."""
    pair = Pair.objects.select_related("order", "order__signer").get(pk=pair.pk)
    mentors, mentees = open_participants(pair)
    order = pair.order if pair.order is not None and pair.order.status != OrderStatus.CANCELLED else None
    text = order.text if order is not None and order.text.strip() else pair_order_text(pair, mentors, mentees)
    blocks: list[Block] = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        blocks.append(Heading(line, align="left") if line.endswith(":") and line.upper() == line else Para(line))
    rows = [[str(i), m.full_name, m.position, role] for i, (m, role) in enumerate(
        [(m, "наставник") for m in mentors] + [(m, "наставляемый") for m in mentees], 1)]
    signer = order_signer(school=school, order=order)
    blocks += [
        Space(3),
        Table(header=["№", "Ф. И. О.", "Должность", "Роль"], rows=rows, widths=[0.07, 0.4, 0.33, 0.2]),
        Signature(position="Директор", name=short_name(signer) if signer else ""),
        Space(6),
        Para("С приказом ознакомлены:", indent=False),
        Table(header=["Ф. И. О.", "Подпись", "Дата"], rows=[[m.full_name, "", ""] for m in (*mentors, *mentees)],
              widths=[0.5, 0.25, 0.25]),
    ]
    return OfficialFile(
        kind=DocumentKind.PAIR_ORDER, school=school, filename="", title="ПРИКАЗ",
        number=order.number if order else "", date=order.date if order else None,
        heading=order.title if order else pair_order_title(pair, mentees), blocks=blocks,
        pdf_override=lambda: pair_order_pdf(school=school, pair=pair),
        name_override=lambda extension: pair_order_filename(school=school, pair=pair, extension=extension),
    )


SCHOOL_FILES: dict[str, Callable[..., OfficialFile]] = {
    DocumentKind.MENTORING_ORDER: mentoring_order_file,
    DocumentKind.REGULATION: regulation_file,
    DocumentKind.ROADMAP: roadmap_file,
}
