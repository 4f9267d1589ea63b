"""The dashboard's table of schools, one row per school.

Written as escaped strings rather than a template loop (or format_html, whose check for lazy
strings on every value was a third of a page's time): the table has fifty rows a page and fifteen
cells a row. Every column label is translated and escaped once per table, not once per cell.
"""

from __future__ import annotations

from html import escape as html_escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from stats.charts import Numbers
from stats.selectors import SchoolRow

register = template.Library()

PAIRS = "pairs and groups"  # the translation context of their outcomes (plural in Russian)

# The table's columns in order: (sort key, heading). Every key is one of stats.selectors.SORTABLE.
COLUMNS: tuple[tuple[str, Any], ...] = (
    ("school", gettext_lazy("School")),
    ("staff", gettext_lazy("Staff")),
    ("young_specialists", gettext_lazy("Young specialists")),
    ("coverage", gettext_lazy("With a mentor, %")),
    ("young_without_mentor", gettext_lazy("Without a mentor")),
    ("mentors", gettext_lazy("Mentors")),
    ("mentees", gettext_lazy("Mentees")),
    ("pairs_total", gettext_lazy("Pairs and groups")),
    ("pairs_active", pgettext_lazy(PAIRS, "Active")),
    ("pairs_completed", pgettext_lazy(PAIRS, "Completed")),
    ("pairs_ended_early", pgettext_lazy(PAIRS, "Ended early")),
    ("overdue_activities", gettext_lazy("Overdue activities")),
    ("roadmap_percent", gettext_lazy("Roadmap, %")),
    ("satisfaction", gettext_lazy("Satisfaction, %")),
)
# The cells after the school's name that are plain counts of the kept figures.
COUNTED = ("staff", "young_specialists", None, "young_without_mentor", "mentors", "mentees", "pairs_total",
           "pairs_active", "pairs_completed", "pairs_ended_early", "overdue_activities")

_UUID = "00000000-0000-0000-0000-000000000000"


def _escaped(value: Any) -> str:
    """What format_html does to a value that is not marked safe (Django's escape is html.escape on str),
    without its check for lazy strings on every call: the table is a thousand values a page."""
    return html_escape(str(value))


@register.simple_tag
def school_rows(rows: list[SchoolRow], year_query: str, threshold: int) -> SafeString:
    """The <tr> of every school: figures, a link to its drill-down, lags highlighted with reasons."""
    numbers = Numbers("")

    def percent(value: float | None) -> str:  # the heading says «%»: the cell has the number only
        return "—" if value is None else numbers.decimal(value)

    labels = [_escaped(heading) for _key, heading in COLUMNS]
    link = reverse("stats-school", args=[_UUID]) + "?" + year_query
    lags_word = _escaped(_("Lags:"))
    hidden = _escaped(_("hidden: fewer than %(n)s answered") % {"n": threshold})
    html = []
    for row in rows:
        figures, school = row.figures, row.school
        cells = []
        for label, name in zip(labels[1:12], COUNTED, strict=True):
            value = percent(row.coverage) if name is None else getattr(figures, name)
            cells.append(f'<td data-label="{label}">{_escaped(value)}</td>')
        cells.append(f'<td data-label="{labels[12]}">{_escaped(percent(row.roadmap_percent))}</td>')
        if row.surveys.shown:
            satisfaction = _escaped(percent(row.surveys.satisfaction))
        elif row.surveys.respondents:
            satisfaction = f'<span class="muted small survey-hidden">{hidden}</span>'
        else:
            satisfaction = "—"
        lags = "".join(f'<li class="badge warning">{_escaped(lag)}</li>' for lag in row.lags)
        if lags:
            lags = f'<ul class="badges lags"><li class="visually-hidden">{lags_word}</li>{lags}</ul>'
        html.append(
            f'<tr class="school-row{" lagging" if row.lags else ""}" data-slug="{_escaped(school.slug)}">'
            f'<td class="primary-cell"><a class="name" href="{_escaped(link.replace(_UUID, str(school.uuid)))}">'
            f'{_escaped(school.short_name)}</a><div class="muted small" title="{_escaped(school.get_kind_display())}">'
            f'{_escaped(school.kind)}</div>{lags}</td>{"".join(cells)}'
            f'<td class="satisfaction" data-label="{labels[13]}">{satisfaction}</td></tr>')
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped
