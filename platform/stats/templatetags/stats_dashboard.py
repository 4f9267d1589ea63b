"""The dashboard's table of schools, one row per school.

Written with format_html rather than a template loop: the table has a row per school and fifteen
cells a row, and a hundred schools must stay well inside the dashboard's time budget. Every
column label is translated once per table, not once per cell.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
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


@register.simple_tag
def school_rows(rows: list[SchoolRow], year_query: str, threshold: int) -> SafeString:
    """The <tr> of every school: figures, a link to its drill-down, lags highlighted with reasons."""
    numbers = Numbers("")

    def percent(value: float | None) -> str:  # the heading says «%»: the cell has the number only
        return "—" if value is None else numbers.decimal(value)

    labels = [str(heading) for _key, heading in COLUMNS]
    link = reverse("stats-school", args=[_UUID]) + "?" + year_query
    lags_word = _("Lags:")
    hidden = _("hidden: fewer than %(n)s answered") % {"n": threshold}
    html = []
    for row in rows:
        figures, school = row.figures, row.school
        cells = []
        for label, name in zip(labels[1:12], COUNTED, strict=True):
            value = percent(row.coverage) if name is None else str(getattr(figures, name))
            cells.append((label, value))
        cells.append((labels[12], percent(row.roadmap_percent)))
        if row.surveys.shown:
            satisfaction = format_html("{}", percent(row.surveys.satisfaction))
        elif row.surveys.respondents:
            satisfaction = format_html('<span class="muted small survey-hidden">{}</span>', hidden)
        else:
            satisfaction = format_html("{}", "—")
        lags = format_html('<ul class="badges lags"><li class="visually-hidden">{}</li>{}</ul>', lags_word,
                           format_html_join("", '<li class="badge warning">{}</li>', ((lag,) for lag in row.lags))
                           ) if row.lags else ""
        html.append(format_html(
            '<tr class="school-row{}" data-slug="{}"><td class="primary-cell"><a class="name" href="{}">{}</a>'
            '<div class="muted small" title="{}">{}</div>{}</td>{}'
            '<td class="satisfaction" data-label="{}">{}</td></tr>',
            " lagging" if row.lags else "", school.slug, link.replace(_UUID, str(school.uuid)), school.short_name,
            school.get_kind_display(), school.kind, lags,
            format_html_join("", '<td data-label="{}">{}</td>', cells), labels[13], satisfaction,
        ))
    return format_html_join("", "{}", ((part,) for part in html))
