"""The pairs' printable documents (reports.pdf): the director's order assigning a pair or group (§6.2) and
the mentoring agreement (Labour Code art. 351.8), as text, PDF and the DOCX's blocks, with their file names.

The words of official documents are Russian whatever the interface language: they are papers the director
signs. Reads only: drafting the order is `services.pairs.pair_draft_order`.
"""

from __future__ import annotations

from collections.abc import Sequence

from formats.filenames import document_filename
from mentoring.models import Agreement, Mode, Pair, RoleForm
from mentoring.selectors.pairs import open_participants
from orders.models import OrderStatus
from orders.selectors import order_signer
from reports.pdf import (
    Block,
    Heading,
    Items,
    Para,
    Signature,
    Space,
    Table,
    date_words,
    official_document,
)
from staff.declension import Case, gendered, staff_full_name, staff_position, staff_short_name
from staff.models import StaffMember
from tenants.models import School


def _is_group(pair: Pair, mentees: Sequence[StaffMember]) -> bool:
    return pair.mode == Mode.GROUP or len(mentees) > 1


# The words of official documents are Russian whatever the interface language (reports.pdf):
# the order and the agreement are papers the director signs.
FORM_RU: dict[str, str] = {
    RoleForm.TEACHER_TEACHER: "«учитель – учитель»",
    RoleForm.EDUCATOR_EDUCATOR: "«педагог – педагог»",
    RoleForm.HEAD_TEACHER: "«руководитель образовательной организации – учитель»",
    RoleForm.EMPLOYER_STUDENT: "«работодатель – студент»",
    RoleForm.UNIVERSITY_YOUNG_TEACHER: "«преподаватель вуза/колледжа – молодой педагог»",
}


MODE_RU: dict[str, str] = {
    Mode.TRADITIONAL: "традиционное (один на один)",
    Mode.GROUP: "групповое",
    Mode.VIRTUAL: "виртуальное (дистанционное)",
    Mode.SHORT_TERM: "краткосрочное (целеполагающее)",
    Mode.REVERSE: "реверсивное",
    Mode.SITUATIONAL: "ситуационное",
    Mode.SPEED: "скоростное (однократная встреча)",
}


def pair_order_title(pair: Pair, mentees: Sequence[StaffMember]) -> str:
    if _is_group(pair, mentees):
        return "О закреплении наставнической группы"
    return "О закреплении наставнической пары"


def _staff_line(staff: StaffMember, case: Case = Case.NOMINATIVE) -> str:
    """«Тазуевой Лейлы Хасановны, учителя начальных классов» (genitive): the name and position declined."""
    name = staff_full_name(staff, case)
    return f"{name}, {staff_position(staff, case)}" if staff.position else name


def _order_paragraphs(
    pair: Pair, mentors: Sequence[StaffMember], mentees: Sequence[StaffMember]
) -> tuple[str, list[str]]:
    """The preamble and the numbered items of the order assigning the pair."""
    what = "наставническую группу" if _is_group(pair, mentees) else "наставническую пару"
    whose = "наставнической группы" if _is_group(pair, mentees) else "наставнической пары"
    preamble = (
        "В соответствии с Положением о системе наставничества педагогических работников (п. 6.2), "
        "на основании письменного согласия участников на возложение на них дополнительных обязанностей, "
        "связанных с наставнической деятельностью (ст. 351.8 Трудового кодекса Российской Федерации),"
    )
    items = [
        f"Закрепить {what}, сформированную {pair.formed_on:%d.%m.%Y}: форма наставничества "
        f"{FORM_RU.get(pair.role_form, pair.role_form)}, вид наставничества — "
        f"{MODE_RU.get(pair.mode, pair.mode)}; "
        + ("наставник — " if len(mentors) == 1 else "наставники — ")
        + "; ".join(_staff_line(m) for m in mentors) + "; "
        + ("наставляемый — " if len(mentees) == 1 else "наставляемые — ")
        + "; ".join(_staff_line(m) for m in mentees) + ".",
        "Наставнику совместно с наставляемым разработать персонализированную программу наставничества "
        "и обеспечить её реализацию.",
        f"Куратору наставничества осуществлять мониторинг работы {whose}.",
        "Контроль за исполнением настоящего приказа оставляю за собой.",
    ]
    return preamble, items


def pair_order_text(pair: Pair, mentors: Sequence[StaffMember], mentees: Sequence[StaffMember]) -> str:
    """The order's text, built from the pair's own data."""
    preamble, items = _order_paragraphs(pair, mentors, mentees)
    return "\n".join([preamble, "ПРИКАЗЫВАЮ:", *(f"{i}. {text}" for i, text in enumerate(items, 1))])


def pair_order_pdf(*, school: School, pair: Pair) -> bytes:
    """The director's order assigning the pair (§6.2) as an official PDF; a draft «№ ____» until drafted."""
    pair = Pair.objects.select_related("order", "order__signer").get(pk=pair.pk)
    mentors, mentees = open_participants(pair)
    order = pair.order if pair.order is not None and pair.order.status != OrderStatus.CANCELLED else None
    if order is not None and order.text.strip():
        lines = [line.strip() for line in order.text.splitlines() if line.strip()]
    else:
        preamble, items = _order_paragraphs(pair, mentors, mentees)
        lines = [preamble, "ПРИКАЗЫВАЮ:", *(f"{i}. {text}" for i, text in enumerate(items, 1))]
    blocks: list[Block] = [
        Heading(line, align="left") if line.rstrip(":").upper() == line.rstrip(":") and line.endswith(":")
        else Para(line)
        for line in lines
    ]
    rows = [[str(i), m.full_name, m.position, role] for i, (m, role) in enumerate(
        [(m, "наставник") for m in mentors] + [(m, "наставляемый") for m in mentees], 1)]
    blocks += [
        Space(3),
        Table(header=["№", "Ф. И. О.", "Должность", "Роль"], rows=rows, widths=[0.07, 0.4, 0.33, 0.2]),
        Signature(position="Директор", name=staff_short_name(order_signer(school=school, order=order))),
        Space(6),
        Para("С приказом ознакомлены:", indent=False),
        Table(header=["Ф. И. О.", "Подпись", "Дата"], rows=[[m.full_name, "", ""] for m in (*mentors, *mentees)],
              widths=[0.5, 0.25, 0.25]),
    ]
    return official_document(
        school=school, title="ПРИКАЗ", number=order.number if order else "", date=order.date if order else None,
        heading=order.title if order else pair_order_title(pair, mentees), blocks=blocks,
    )


def pair_order_filename(*, school: School, pair: Pair, extension: str = "pdf") -> str:
    """«Приказ № 137 от 20.09.2026 — ООШ с. Мескеты.pdf»; before an order is drafted, «Проект приказа о
    закреплении наставнической пары — …»."""
    order = pair.order if pair.order is not None and pair.order.status != OrderStatus.CANCELLED else None
    if order is None:
        title = pair_order_title(pair, open_participants(pair)[1])  # «О закреплении наставнической пары»
        return document_filename(f"Проект приказа {title[:1].lower()}{title[1:]}", school_name=school.short_name,
                                 extension=extension)
    title = "Проект приказа" if order.status == OrderStatus.DRAFT else "Приказ"
    return document_filename(title, number=order.number, date=order.date, school_name=school.short_name,
                             extension=extension)


def agreement_filename(*, school: School, agreement: Agreement, extension: str = "pdf") -> str:
    """«Соглашение о наставничестве — Умарова Э.Х. от 05.12.2026 — ООШ с. Мескеты.pdf»."""
    return document_filename(f"Соглашение о наставничестве — {staff_short_name(agreement.mentor)}",
                             date=agreement.created_at.date(), school_name=school.short_name, extension=extension)


def agreement_pdf(*, school: School, agreement: Agreement) -> bytes:
    """Соглашение о наставничестве (Labour Code art. 351.8) as an official PDF for both parties to sign."""
    return official_document(**agreement_document(school=school, agreement=agreement))  # type: ignore[arg-type]


def agreement_document(*, school: School, agreement: Agreement) -> dict[str, object]:
    """The agreement's letterhead arguments and blocks, the same for the PDF and the DOCX: the director in the
    genitive («в лице директора Эскиева Рамзана Хамидовича, действующего…»), the mentees in the genitive
    («в отношении: Тазуевой Лейлы Хасановны, учителя…»), the words agreeing with the mentor («с её согласия»)."""
    agreement = Agreement.objects.select_related("pair", "pair__order", "pair__order__signer", "mentor").get(
        pk=agreement.pk)
    _mentors, mentees = open_participants(agreement.pair)
    director = order_signer(school=school, order=agreement.pair.order)
    mentor = agreement.mentor
    acting = gendered(director, male="действующего", female="действующей")
    director_name = staff_full_name(director, Case.GENITIVE) if director else "________________"
    blocks: list[Block] = [
        Para(f"{school.full_name} (далее — Работодатель) в лице директора {director_name}, {acting} на основании "
             f"Устава, с одной стороны, и {_staff_line(mentor)} (далее — Наставник), с другой стороны, "
             "заключили настоящее соглашение о нижеследующем:"),
        Items([
            f"Наставник с {gendered(mentor, male='его', female='её')} письменного согласия наряду с работой, "
            "определённой трудовым договором, выполняет работу по наставничеству в отношении: "
            + "; ".join(_staff_line(m, Case.GENITIVE) for m in mentees) + ".",
            f"Содержание наставничества: {agreement.content}",
            f"Срок наставничества: с {date_words(agreement.starts_on)} по {date_words(agreement.ends_on)}",
            f"Форма наставничества: {agreement.form}",
            f"Оплата: {agreement.payment}",
            "Наставничество осуществляется в соответствии с Положением о системе наставничества "
            "педагогических работников и персонализированной программой наставничества.",
            "Соглашение составлено в двух экземплярах, по одному для каждой из сторон.",
        ]),
        Signature(position="Работодатель: директор", name=staff_short_name(director)),
        Signature(position="Наставник", name=staff_short_name(mentor)),
    ]
    return {"school": school, "title": "СОГЛАШЕНИЕ", "date": agreement.created_at.date(), "blocks": blocks,
            "heading": "о наставничестве (статья 351.8 Трудового кодекса Российской Федерации)",
            "author": staff_short_name(director)}


