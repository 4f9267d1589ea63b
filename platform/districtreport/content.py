"""What the district's report says, section by section — one source for the PDF and the XLSX.

The figures are the kept ones (stats.selectors.dashboard over stats.models.SchoolFigures), never a
school's schema. The words are Russian whatever the interface language: the report is an official
document; call inside `translation.override("ru")` so that the choice labels (forms, modes,
consent purposes) are Russian too.

Section 1 is the statistical observation: a fixed table — always the same rows, in the same
order, with the same numbers and wording, zeros included — so that reports of different years
and of different selections of schools can be compared line by line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from consents.models import ConsentPurpose
from mentoring.models import Mode, RoleForm
from reports.sections import Cell, Item, ReportChart, ReportSection, ReportTable
from stats.models import SchoolFigures
from stats.selectors import Dashboard, SchoolRow, SurveyView

# The statistical observation: (row number, wording, how the value is read from the dashboard).
OBSERVATION: tuple[tuple[str, str, Callable[[Dashboard], Cell]], ...] = (
    ("01", "Число общеобразовательных организаций (ОО), единиц", lambda b: b.schools),
    ("02", "Численность педагогических работников в ОО, человек", lambda b: b.totals["staff"]),
    ("03", "Численность молодых (начинающих) специалистов, человек", lambda b: b.totals["young_specialists"]),
    ("04", "из них охвачены наставничеством, человек", lambda b: b.totals["young_covered"]),
    ("05", "Доля молодых специалистов, охваченных наставничеством, %", lambda b: float(b.coverage or 0.0)),
    ("06", "Численность наставников (включая наставников из других ОО), человек",
     lambda b: b.totals["mentors"] + b.totals["guest_mentors"]),
    ("07", "Численность наставляемых, человек", lambda b: b.totals["mentees"]),
    ("08", "Количество наставнических пар, единиц", lambda b: b.totals["pairs_total"] - b.totals["groups_total"]),
    ("09", "Количество наставнических групп, единиц", lambda b: b.totals["groups_total"]),
    ("10", "Завершили реализацию программы наставничества (пары и группы), единиц",
     lambda b: b.totals["pairs_completed"]),
    ("11", "Завершили досрочно (п. 7.1 Положения), единиц", lambda b: b.totals["pairs_ended_early"]),
    ("12", "Число ОО, в которых назначен куратор, единиц", lambda b: b.flags["has_curator"]),
    ("13", "Число ОО с утверждённым положением о наставничестве, единиц", lambda b: b.flags["regulation_approved"]),
    ("14", "Число ОО с утверждённой дорожной картой, единиц", lambda b: b.flags["roadmap_approved"]),
    ("15", "Количество просроченных мероприятий планов программ, единиц", lambda b: b.totals["overdue_activities"]),
    ("16", "Количество межшкольных пар (наставник из другой ОО), единиц", lambda b: b.totals["cross_school_pairs"]),
)

AUDIENCES = (("mentors", "Наставники"), ("mentees", "Наставляемые"), ("curator", "Куратор"))

CONSENTS_NOTE = ("Согласия учитываются действующими на день подсчёта сведений ОО (для прошедшего учебного года — "
                 "на его последний день); один работник учитывается по каждой цели согласия один раз.")


def _label(choices: Any, code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def _percent(value: float | None) -> Cell:
    return "—" if value is None else float(value)


def _name(figures: SchoolFigures) -> str:
    school = figures.school
    return school.short_name or school.full_name


def lags(figures: SchoolFigures) -> list[str]:
    """Why a school lags, in the report's words (the rules of stats.selectors.lags_of)."""
    found = []
    if not figures.has_curator:
        found.append("не назначен куратор")
    if not figures.regulation_approved:
        found.append("не утверждено положение о наставничестве")
    if not figures.roadmap_approved:
        found.append("не утверждена дорожная карта")
    if figures.young_without_mentor:
        found.append(f"молодые специалисты без наставника: {figures.young_without_mentor}")
    if figures.overdue_activities:
        found.append(f"просроченные мероприятия: {figures.overdue_activities}")
    return found


def district_sections(board: Dashboard, *, missing: Sequence[str] = (), as_of: dt.date | None = None,
                      ) -> list[ReportSection]:
    """The report's sections, in order. `missing` names chosen schools that have no figures for the year."""
    rows = sorted(board.rows, key=lambda row: (_name(row.figures).casefold(), str(row.school.uuid)))
    return [
        _observation(board, as_of=as_of),
        _by_school(board, rows, missing=missing),
        _forms_and_modes(board),
        _young_specialists(board, rows),
        _surveys(board, rows),
        _consents(board),
    ]


def _observation(board: Dashboard, *, as_of: dt.date | None) -> ReportSection:
    when = f" по состоянию на {as_of.strftime('%d.%m.%Y')}" if as_of else ""
    return ReportSection(1, "Статистическое наблюдение", "Статнаблюдение", [
        f"Сведения о реализации целевой модели наставничества педагогических работников в общеобразовательных "
        f"организациях района за {board.year} учебный год{when}.",
        ReportTable(caption="Таблица 1. Сведения о наставничестве педагогических работников",
                    header=["Наименование показателя", "№ строки", "Значение"], widths=[0.70, 0.12, 0.18],
                    rows=[[wording, number, value(board)] for number, wording, value in OBSERVATION]),
    ])


def _by_school(board: Dashboard, rows: Sequence[SchoolRow], *, missing: Sequence[str]) -> ReportSection:
    items: list[Item] = []
    if not rows:
        items.append("За учебный год нет сведений ни по одной из выбранных ОО.")
    else:
        table: list[list[Cell]] = []
        for index, row in enumerate(rows, start=1):
            f = row.figures
            table.append([index, _name(f), f.staff, f.mentors + f.guest_mentors, f.mentees,
                          f.pairs_total - f.groups_total, f.groups_total, f.pairs_completed, f.pairs_ended_early,
                          f.overdue_activities])
        t = board.totals
        table.append(["", "Итого", t["staff"], t["mentors"] + t["guest_mentors"], t["mentees"],
                      t["pairs_total"] - t["groups_total"], t["groups_total"], t["pairs_completed"],
                      t["pairs_ended_early"], t["overdue_activities"]])
        items.append(ReportTable(
            caption="Таблица 2. Основные показатели по ОО",
            header=["№", "Общеобразовательная организация", "Педа\xadгоги", "Настав\xadники", "Настав\xadляемые",
                    "Пары", "Группы", "Завер\xadшено", "Досрочно", "Просро\xadчено"],
            widths=[0.05, 0.25, 0.085, 0.085, 0.085, 0.075, 0.08, 0.095, 0.095, 0.10], rows=table, total_row=True,
            compact=True))
        items.append("«Просрочено» — просроченные мероприятия планов программ наставничества; «Завершено» и "
                     "«Досрочно» — пары и группы, завершившие программу в учебном году.")
        lagging = [(row, lags(row.figures)) for row in rows]
        lagging = [(row, found) for row, found in lagging if found]
        if lagging:
            items.append(f"Отставание от требований целевой модели выявлено в {len(lagging)} из {len(rows)} ОО.")
            items.append(ReportTable(
                caption="Таблица 3. ОО, отстающие от требований целевой модели",
                header=["№", "Общеобразовательная организация", "Отставание"], widths=[0.06, 0.34, 0.60],
                rows=[[index, _name(row.figures), "; ".join(found)]
                      for index, (row, found) in enumerate(lagging, start=1)]))
        else:
            items.append("Отстающих от требований целевой модели ОО нет.")
    if missing:
        items.append(f"Сведения за {board.year} учебный год отсутствуют: {', '.join(missing)}.")
    return ReportSection(2, "Показатели по общеобразовательным организациям", "По ОО", items)


def _counts(breakdown: dict[str, dict[str, int]], choices: Any) -> tuple[list[list[Cell]], list[str], list[int]]:
    codes = [*choices.values, *sorted(code for code in breakdown if code not in choices.values)]
    rows: list[list[Cell]] = []
    labels: list[str] = []
    totals: list[int] = []
    keys = ("pairs", "groups", "completed", "ended_early")
    sums = dict.fromkeys(keys, 0)
    for code in codes:
        counts = breakdown.get(code, {})
        values = {key: int(counts.get(key, 0)) for key in keys}
        for key in keys:
            sums[key] += values[key]
        total = values["pairs"] + values["groups"]
        rows.append([_label(choices, code), values["pairs"], values["groups"], total, values["completed"],
                     values["ended_early"]])
        labels.append(_label(choices, code))
        totals.append(total)
    rows.append(["Итого", sums["pairs"], sums["groups"], sums["pairs"] + sums["groups"], sums["completed"],
                 sums["ended_early"]])
    return rows, labels, totals


def _forms_and_modes(board: Dashboard) -> ReportSection:
    header = ["Пары", "Группы", "Всего", "Завер\xadшено", "Досрочно"]
    widths = [0.40, 0.12, 0.12, 0.12, 0.12, 0.12]
    by_form, _labels, _totals = _counts(board.by_form, RoleForm)
    by_mode, labels, totals = _counts(board.by_mode, Mode)
    return ReportSection(3, "Формы и виды наставничества", "Формы и виды", [
        "Пары и группы учебного года по формам наставничества (по ролям участников, п. 2.3 Положения) и по видам "
        "наставничества. Группа — наставник и два или более наставляемых.",
        ReportTable(caption="Таблица 4. Пары и группы по формам наставничества",
                    header=["Форма наставничества", *header], widths=widths, rows=by_form, total_row=True),
        ReportTable(caption="Таблица 5. Пары и группы по видам наставничества",
                    header=["Вид наставничества", *header], widths=widths, rows=by_mode, total_row=True),
        ReportChart(caption="Рисунок 1. Пары и группы по видам наставничества", labels=labels, values=totals),
    ])


def _young_specialists(board: Dashboard, rows: Sequence[SchoolRow]) -> ReportSection:
    t = board.totals
    items: list[Item] = [
        f"Молодых (начинающих) специалистов в ОО: {t['young_specialists']}, из них охвачены наставничеством: "
        f"{t['young_covered']}, без наставника: {t['young_without_mentor']}. Доля охвата по району: "
        f"{_share(board.coverage)}.",
        f"Отдельно от них — впервые на должности (не молодые специалисты): {t['new_to_position']}, из них "
        f"охвачены наставничеством: {t['new_to_position_covered']}.",
    ]
    table: list[list[Cell]] = [
        [index, _name(row.figures), row.figures.young_specialists, row.figures.young_covered,
         row.figures.young_without_mentor, _percent(row.coverage)]
        for index, row in enumerate(rows, start=1)
    ]
    table.append(["", "Итого", t["young_specialists"], t["young_covered"], t["young_without_mentor"],
                  _percent(board.coverage)])
    items.append(ReportTable(
        caption="Таблица 6. Охват молодых специалистов наставничеством по ОО",
        header=["№", "Общеобразовательная организация", "Молодых специалистов", "Охвачено", "Без наставника",
                "Доля охвата, %"],
        widths=[0.06, 0.38, 0.15, 0.13, 0.14, 0.14], rows=table, total_row=True, compact=True))
    charted = [row for row in rows if row.coverage is not None]
    if charted:
        items.append(ReportChart(
            caption="Рисунок 2. Доля молодых специалистов, охваченных наставничеством, по ОО, %",
            labels=[_name(row.figures) for row in charted], values=[float(row.coverage or 0.0) for row in charted],
            axis="доля охвата, %", percent=True))
        if len(charted) < len(rows):
            items.append("На рисунке — ОО, в которых есть молодые специалисты.")
    else:
        items.append("Молодых специалистов в выбранных ОО нет.")
    return ReportSection(4, "Охват молодых специалистов наставничеством", "Охват", items)


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %".replace(".", ",")


def _hidden(view: SurveyView, threshold: int) -> str:
    return "ответов нет" if view.respondents == 0 else f"скрыто: менее {threshold} ответов"


def _survey_row(view: SurveyView, threshold: int) -> list[Cell]:
    if not view.shown:
        return [_hidden(view, threshold), "—", "—", "—", "—"]
    return [view.respondents,
            *[_percent(view.by_audience.get(code, {}).get("satisfaction")) for code, _ in AUDIENCES],
            _percent(view.satisfaction)]


def _surveys(board: Dashboard, rows: Sequence[SchoolRow]) -> ReportSection:
    n = board.threshold
    items: list[Item] = [
        f"Правило малых чисел: результаты анкетирования ОО приводятся, только если в ОО на анкеты ответили не менее "
        f"{n} человек, — чтобы по результатам нельзя было узнать ответы отдельных работников. По ОО с меньшим "
        f"числом ответов результаты скрыты; итог по району скрыт, если по нему можно было бы вычислить результаты "
        f"скрытых ОО.",
        "Удовлетворённость — средняя оценка по шкальным вопросам анкет мониторинга, приведённая к шкале 0–100 %, "
        "по анкетам кампаний, открытых в учебном году.",
    ]
    table: list[list[Cell]] = [[index, _name(row.figures), *_survey_row(row.surveys, n)]
                               for index, row in enumerate(rows, start=1)]
    district = board.surveys
    if district.shown:
        results = _survey_row(district, n)[1:]
    else:
        results = ["скрыто" if district.respondents else "—"] * 4
    total: list[Cell] = ["", "Итого по району", district.respondents, *results]
    table.append(total)
    items.append(ReportTable(
        caption="Таблица 7. Удовлетворённость участников программами наставничества, %",
        header=["№", "Общеобразовательная организация", "Ответили", "Наставники", "Настав\xadляемые", "Куратор",
                "В целом"],
        widths=[0.05, 0.29, 0.18, 0.12, 0.13, 0.11, 0.12], rows=table, total_row=True, compact=True))
    hidden = sum(1 for row in rows if not row.surveys.shown)
    if hidden:
        items.append(f"Результаты скрыты по правилу малых чисел в {hidden} из {len(rows)} ОО.")
    return ReportSection(5, "Результаты анкетирования", "Анкетирование", items)


def _consents(board: Dashboard) -> ReportSection:
    codes = [*ConsentPurpose.values, *sorted(code for code in board.consents if code not in ConsentPurpose.values)]
    return ReportSection(6, "Согласия работников", "Согласия", [
        "Письменные согласия педагогических работников, которые ОО учитывают в платформе: на обработку "
        "персональных данных (152-ФЗ), на назначение наставником (ст. 351.8 ТК РФ), на дополнительную работу, "
        "на включение в районную биржу наставников и на публикацию на сайте ОО.",
        ReportTable(caption="Таблица 8. Работники с действующим согласием, по целям согласия",
                    header=["Цель согласия", "Работников, человек"], widths=[0.78, 0.22],
                    rows=[[_label(ConsentPurpose, code), int(board.consents.get(code, 0))] for code in codes]),
        CONSENTS_NOTE,
    ])
