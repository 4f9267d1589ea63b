"""The printed order (приказ) as PDF, on the school's letterhead (reports.pdf).

The words of the document are Russian whatever the interface language: an order is an
official Russian document. The role names come from the Russian catalogue.
"""

from __future__ import annotations

from django.utils import translation

from district.selectors import district_settings
from formats.filenames import document_filename
from orders.models import Order, OrderStatus
from people.roles import SchoolRole
from reports.pdf import Block, Heading, Items, Para, Signature, Table, official_document
from staff.declension import Case, staff_position, staff_short_name
from staff.models import StaffMember
from staff.signers import school_director
from tenants.models import School


def order_pdf(*, school: School, order: Order) -> bytes:
    """The order as the director signs it: header, «ПРИКАЗ № … от …», text, people, signature."""
    with translation.override("ru"):
        subjects = list(order.subjects.all())
        blocks: list[Block] = []
        mark = {OrderStatus.DRAFT: "ПРОЕКТ", OrderStatus.CANCELLED: "ОТМЕНЁН (проект не подписан)"}.get(
            OrderStatus(order.status), "")
        lines = [line.strip() for line in order.text.splitlines() if line.strip()]
        if lines:
            for line in lines:
                if line.rstrip(":").upper() == "ПРИКАЗЫВАЮ":
                    blocks.append(Heading("ПРИКАЗЫВАЮ:", align="left"))
                else:
                    blocks.append(Para(line))
            if subjects:
                blocks.append(Para("Лица, которых касается приказ:", indent=False))
                blocks.append(_subjects_table(subjects))
        else:
            blocks.append(Heading("ПРИКАЗЫВАЮ:", align="left"))
            items = [_appointment(subject.staff, subject.role) for subject in subjects]
            items.append("Контроль исполнения приказа оставляю за собой.")
            blocks.append(Items(items))
        signer = order.signer or school_director(school=school)
        blocks.append(Signature(position="Директор", name=staff_short_name(signer)))
        return official_document(
            school=school, title="ПРИКАЗ", number=order.number, date=order.date, heading=order.title,
            authority=district_settings().name, blocks=blocks,
            author=staff_short_name(signer), mark=mark,
        )


def order_filename(*, school: School, order: Order, extension: str = "pdf") -> str:
    """«Приказ № 116-1 от 31.08.2022 — ООШ с. Мескеты.pdf» (a draft: «Проект приказа № …»)."""
    title = "Проект приказа" if order.status == OrderStatus.DRAFT else "Приказ"
    return document_filename(title, number=order.number, date=order.date, school_name=school.short_name,
                             extension=extension)


def _role_label(role: str) -> str:
    return str(SchoolRole(role).label).lower() if role in SchoolRole.values else role


def _appointment(staff: StaffMember, role: str) -> str:
    """«Назначить Цугиеву М.Р., заместителя директора по УВР, на роль: …» — the accusative; «ознакомить» too."""
    name = staff_short_name(staff, Case.ACCUSATIVE)
    position = f", {staff_position(staff, Case.ACCUSATIVE)}," if staff.position else ""
    if not role:
        return f"Ознакомить с настоящим приказом {name}{position.rstrip(',')}."
    return f"Назначить {name}{position} на роль: {_role_label(role)} — с даты настоящего приказа."


def _subjects_table(subjects: list) -> Table:  # type: ignore[type-arg]
    rows = [
        [str(index), subject.staff.full_name, subject.staff.position, _role_label(subject.role) or "—"]
        for index, subject in enumerate(subjects, start=1)
    ]
    return Table(header=["№", "Фамилия, имя, отчество", "Должность", "Роль"], rows=rows,
                 widths=[0.07, 0.38, 0.30, 0.25])
