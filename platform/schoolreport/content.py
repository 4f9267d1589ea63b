"""What the final report says, section by section — one source for the PDF and the XLSX.

The figures (schoolreport.selectors.report_figures) hold codes and numbers; here they become
the report's Russian sections: paragraphs, tables and a chart. The PDF (schoolreport.documents)
and the XLSX render these same sections (the generic section types and their rendering live in
reports.sections, shared with the district's report), so the two files always show the same figures.
The words are Russian whatever the interface language: the report is an official document
(call inside `translation.override("ru")` so that the choice labels are Russian too).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from mentoring.models import EarlyEndReason, Mode, RoleForm
from reports.sections import NO_DATA, Cell, Item, ReportChart, ReportSection, ReportTable

__all__ = ["NO_DATA", "Cell", "Item", "ReportChart", "ReportSection", "ReportTable", "report_sections"]


def _date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d.%m.%Y")


def _label(choices: Any, code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def _percent(value: float | None) -> Cell:
    return "—" if value is None else value


def report_sections(figures: dict[str, Any], *, conclusions: str = "") -> list[ReportSection]:
    """The report's sections, in order, from the stored figures and the curator's conclusions."""
    return [
        _participants(figures["participants"]),
        _young_specialists(figures["young_specialists"]),
        _pairs(figures["pairs"]),
        _programmes(figures["programmes"]),
        _overdue(figures["overdue"]),
        _optional(6, "Результаты анкетирования (мониторинг качества программ)", "Анкетирование",
                  figures.get("surveys", {}),
                  "Результаты анкетирования наставников и наставляемых в платформе пока отсутствуют."),
        _optional(7, "Выполнение дорожной карты", "Дорожная карта", figures.get("roadmap", {}),
                  "Сведения о выполнении дорожной карты в платформе пока отсутствуют."),
        _conclusions(conclusions),
    ]


def _participants(f: dict[str, int]) -> ReportSection:
    rows: list[list[Cell]] = [
        ["Наставники", f["mentors"]],
        ["Наставляемые", f["mentees"]],
        ["Всего участников (человек)", f["total"]],
    ]
    if f.get("both_roles"):
        rows.append(["из них одновременно наставники и наставляемые", f["both_roles"]])
    return ReportSection(1, "Участники системы наставничества", "Участники", [
        "Педагогические работники — участники наставнических пар и групп учебного года.",
        ReportTable(header=["Показатель", "Количество"], rows=rows, widths=[0.75, 0.25]),
    ])


def _young_specialists(f: dict[str, Any]) -> ReportSection:
    new = f.get("new_to_position") or {"total": 0, "covered": 0, "not_covered": 0, "share": None}
    return ReportSection(2, "Молодые специалисты и их охват наставничеством", "Молодые специалисты", [
        ReportTable(header=["Показатель", "Значение"], widths=[0.75, 0.25], rows=[
            ["Молодых (начинающих) специалистов в штате", f["total"]],
            ["из них охвачены наставничеством (наставляемые в парах и группах)", f["covered"]],
            ["не охвачены наставничеством", f["not_covered"]],
            ["Доля охвата, %", _percent(f["share"])],
            ["Впервые на должности (не молодые специалисты)", new["total"]],
            ["из них охвачены наставничеством", new["covered"]],
            ["не охвачены наставничеством", new["not_covered"]],
            ["Доля охвата, %", _percent(new["share"])],
        ]),
    ])


def _by(rows: list[dict[str, Any]], choices: Any) -> tuple[list[list[Cell]], list[int]]:
    table: list[list[Cell]] = [[_label(choices, r["code"]), r["pairs"], r["groups"], r["total"]] for r in rows]
    totals = [sum(r[key] for r in rows) for key in ("pairs", "groups", "total")]
    return [*table, ["Итого", *totals]], totals


def _pairs(f: dict[str, Any]) -> ReportSection:
    by_form, _ = _by(f["by_form"], RoleForm)
    by_mode, _ = _by(f["by_mode"], Mode)
    return ReportSection(3, "Наставнические пары и группы", "Пары и группы", [
        f"В учебном году работали наставнических пар: {f['pairs']}, групп: {f['groups']}, "
        f"всего: {f['total']}. Группа — наставник и два или более наставляемых.",
        ReportTable(caption="Таблица 1. Пары и группы по формам наставничества (п. 2.3 Положения)",
                    header=["Форма наставничества", "Пары", "Группы", "Всего"], rows=by_form,
                    widths=[0.55, 0.15, 0.15, 0.15], total_row=True),
        ReportTable(caption="Таблица 2. Пары и группы по видам наставничества",
                    header=["Вид наставничества", "Пары", "Группы", "Всего"], rows=by_mode,
                    widths=[0.55, 0.15, 0.15, 0.15], total_row=True),
        ReportChart(caption="Рисунок 1. Пары и группы по видам наставничества",
                    labels=[_label(Mode, r["code"]) for r in f["by_mode"]],
                    values=[r["total"] for r in f["by_mode"]]),
    ])


def _programmes(f: dict[str, Any]) -> ReportSection:
    reasons: list[list[Cell]] = [[_label(EarlyEndReason, r["code"]), r["count"]] for r in f["early_reasons"]]
    return ReportSection(4, "Персонализированные программы наставничества", "Программы", [
        ReportTable(caption="Таблица 3. Программы наставничества учебного года",
                    header=["Состояние программы", "Количество"], widths=[0.75, 0.25], total_row=True, rows=[
                        ["Завершены: план мероприятий выполнен в полном объёме", f["completed"]],
                        ["Завершены досрочно (п. 7.1 Положения)", f["ended_early"]],
                        ["Выполняются (утверждены, не завершены)", f["under_way"]],
                        ["Проекты (не утверждены)", f["drafts"]],
                        ["Итого", f["total"]],
                    ]),
        ReportTable(caption="Таблица 4. Основания досрочного завершения программ (п. 7.1 Положения)",
                    header=["Основание", "Количество"], widths=[0.75, 0.25], total_row=True,
                    rows=[*reasons, ["Итого", f["ended_early"]]]),
    ])


def _overdue(f: dict[str, Any]) -> ReportSection:
    items: list[Item] = []
    if not f["count"]:
        items.append(f"По состоянию на {_date(f['as_of'])} просроченных мероприятий в планах программ нет.")
    else:
        items.append(f"По состоянию на {_date(f['as_of'])} просроченных мероприятий планов программ: {f['count']}; "
                     f"программ, в которых есть просроченные мероприятия: {f['programmes']}.")
        rows: list[list[Cell]] = [
            [index, item["programme"], item["activity"], _date(item["deadline"]), item["responsible"], item["days"]]
            for index, item in enumerate(f["items"], start=1)
        ]
        items.append(ReportTable(header=["№", "Программа", "Мероприятие", "Срок", "Ответственный", "Дней"],
                                 rows=rows, widths=[0.06, 0.25, 0.27, 0.13, 0.21, 0.08]))
        if f["count"] > len(rows):
            items.append(f"Показаны первые {len(rows)} мероприятий из {f['count']}.")
    return ReportSection(5, "Просроченные мероприятия", "Просроченные", items)


def _optional(number: int, title: str, sheet: str, f: dict[str, Any], missing: str) -> ReportSection:
    if not f.get("available"):
        return ReportSection(number, title, sheet, [f"{NO_DATA}. {missing}"], no_data=True)
    items: list[Item] = []
    if f.get("summary"):
        items.append(ReportTable(header=["Показатель", "Значение"], rows=f["summary"], widths=[0.75, 0.25]))
    if f.get("rows"):
        header = f.get("header") or [""] * len(f["rows"][0])
        widths = f.get("widths") or None
        items.append(ReportTable(header=header, rows=f["rows"], widths=widths, total_row=bool(f.get("total_row"))))
    if not items:
        items.append(f"{NO_DATA}.")
    return ReportSection(number, title, sheet, items)


def _conclusions(text: str) -> ReportSection:
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return ReportSection(8, "Выводы куратора", "Выводы", paragraphs or ["Выводы куратора не внесены."])
