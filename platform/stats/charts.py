"""Bar charts of the district dashboard, drawn on the server as inline SVG.

No script and no outside host draws them: this module turns numbers into rectangles and writes
them as SVG with a title and a description; the template `stats/_chart.html` puts the SVG in a
figure with its legend and repeats the numbers in a table (the accessible fallback, inside
<details>). The markup is written here rather than in template loops because a chart has a row
per school: a hundred schools must stay well inside the dashboard's time budget.

A chart is a list of rows; a row is a label and one value per series. One series gives plain
horizontal bars; several give stacked bars (e.g. active, completed and ended early). A value of
None is "no figure" (a school without young specialists has no coverage): no bar, a dash.
Geometry is written with a decimal point whatever the language; the figures shown as text are
written the language's way (78,5 % in Russian).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

# Drawn at their own size (a card of the two-column grid) and scaled down on narrow screens.
WIDTH = 560
LABEL_WIDTH = 210
VALUE_WIDTH = 60
ROW_HEIGHT = 30  # room for a label on two lines
BAR_HEIGHT = 15
TOP = 6
AXIS_HEIGHT = 24
LABEL_CHARS = 25


@dataclass(frozen=True)
class Segment:
    series: int  # the series' index: its colour class is `s<index>`
    series_label: str
    value: float
    text: str  # the value as the page shows it
    x: float
    width: float


@dataclass(frozen=True)
class ChartRow:
    label: str
    label_lines: tuple[str, ...]
    values: tuple[float | None, ...]
    cells: tuple[str, ...]  # the values as text, for the table
    display: str  # the text at the end of the bar: the value, or the total of a stack
    y: float
    bar_y: float
    text_y: float
    end_x: float
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class BarChart:
    key: str  # unique on the page: ids of the title and description
    title: str
    description: str
    label_heading: str  # the first column of the table: what a row is (school, form, audience)
    series: tuple[str, ...]
    rows: tuple[ChartRow, ...]
    ticks: tuple[Tick, ...]
    unit: str
    height: float
    axis_y: float
    width: int = WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def stacked(self) -> bool:
        return len(self.series) > 1

    @property
    def empty(self) -> bool:
        return not any(segment.value for row in self.rows for segment in row.segments)

    @property
    def svg(self) -> SafeString:
        return chart_svg(self)

    @property
    def table_rows(self) -> SafeString:
        return chart_table_rows(self)


class Numbers:
    """Figures as text in the active language, the separator looked up once per chart."""

    def __init__(self, unit: str) -> None:
        self.unit = unit
        self.separator = str(get_format("DECIMAL_SEPARATOR"))

    def decimal(self, value: float) -> str:
        return f"{value:.1f}".replace(".", self.separator)

    def text(self, value: float | None) -> str:
        """«78,5 %», «12», «—» for none."""
        if value is None:
            return "—"
        if self.unit == "%":
            return f"{self.decimal(value)} %"
        return str(int(value)) if float(value).is_integer() else self.decimal(value)

    def tick(self, value: float) -> str:
        text = str(int(value)) if float(value).is_integer() else self.decimal(value)
        return f"{text} {self.unit}" if self.unit else text


def number_text(value: float | None, unit: str = "") -> str:
    """A figure as the page shows it: «78,5 %», «12», «—» for none (in the active language)."""
    return Numbers(unit).text(value)


def nice_step(maximum: float, parts: int = 4) -> float:
    """A round whole step (1, 2, 2.5 or 5 × 10ⁿ) dividing 0..maximum into about `parts` parts."""
    if maximum <= 0:
        return 1
    raw = maximum / parts
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if raw <= step and float(step).is_integer():
            return max(1.0, step)
    return 10 * power


def _lines(label: str) -> tuple[str, ...]:
    """The label wrapped at spaces onto at most two lines of LABEL_CHARS; what still does not fit
    ends in «…» (the whole label is the row's tooltip and stands in the table under the chart)."""
    lines: list[str] = []
    rest = label.split()
    while rest and len(lines) < 2:
        line = rest.pop(0)
        while rest and len(line) + 1 + len(rest[0]) <= LABEL_CHARS:
            line += " " + rest.pop(0)
        lines.append(line)
    if rest or any(len(line) > LABEL_CHARS for line in lines):
        last = lines[-1][: LABEL_CHARS - 1].rstrip() if len(lines[-1]) >= LABEL_CHARS else lines[-1]
        lines[-1] = last + "…"
        lines[:-1] = [line[:LABEL_CHARS] for line in lines[:-1]]
    return tuple(lines) or ("",)


def bar_chart(*, key: str, title: str, label_heading: str, series: Sequence[str],
              rows: Sequence[tuple[str, Sequence[float | None]]], unit: str = "", maximum: float | None = None,
              description: str = "") -> BarChart:
    """Rows of (label, one value per series) as horizontal (stacked) bars on one scale.

    `maximum` fixes the scale (100 for percentages); otherwise it is the largest row total,
    rounded up to a whole step so the axis ends on a round number.
    """
    numbers = Numbers(unit)
    totals = [sum(v for v in values if v) for _label, values in rows]
    if maximum is None:
        step = nice_step(max(totals, default=0))
        top = step * max(1, math.ceil(max(totals, default=0) / step))
    else:
        top = float(maximum) or 1.0
        step = nice_step(top)
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    scale = plot / top
    chart_rows = []
    for index, ((label, values), total) in enumerate(zip(rows, totals, strict=True)):
        y = TOP + index * ROW_HEIGHT
        x = float(LABEL_WIDTH)
        segments = []
        for number, value in enumerate(values):
            if not value:
                continue
            width = max(1.0, round(min(value, top) * scale, 2))
            segments.append(Segment(series=number, series_label=series[number], value=value,
                                    text=numbers.text(value), x=round(x, 2), width=width))
            x += width
        known = any(v is not None for v in values)
        chart_rows.append(ChartRow(
            label=label, label_lines=_lines(label), values=tuple(values),
            cells=tuple(numbers.text(v) for v in values), display=numbers.text(total if known else None),
            y=y, bar_y=y + (ROW_HEIGHT - BAR_HEIGHT) / 2, text_y=y + ROW_HEIGHT / 2 + 4,
            end_x=round(x + 6, 2), segments=tuple(segments),
        ))
    axis_y = TOP + len(rows) * ROW_HEIGHT + 2
    ticks = []
    value = 0.0
    while value <= top + 1e-9:
        ticks.append(Tick(x=round(LABEL_WIDTH + value * scale, 2), label=numbers.tick(value)))
        value += step
    return BarChart(key=key, title=title, description=description, label_heading=label_heading,
                    series=tuple(series), rows=tuple(chart_rows), ticks=tuple(ticks), unit=unit,
                    height=axis_y + AXIS_HEIGHT, axis_y=axis_y)


def _n(value: float) -> str:
    """A coordinate: always a decimal point, never a language's comma."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def chart_svg(chart: BarChart) -> SafeString:
    """The chart as an inline SVG image (role img, named by its title, described by its desc)."""
    key = f"chart-{chart.key}"
    description = " ".join(filter(None, [chart.description, _("The same figures are in the table below the chart.")]))
    grid = format_html_join("", '<line x1="{0}" x2="{0}" y1="0" y2="{1}"/>'
                                '<text class="chart-tick" x="{0}" y="{2}" text-anchor="middle">{3}</text>',
                            ((_n(t.x), _n(chart.axis_y), _n(chart.axis_y + 16), t.label) for t in chart.ticks))
    rows = []
    label_x = _n(chart.label_width - 8)
    for row in chart.rows:
        bars = format_html_join("", '<rect class="s{}" x="{}" y="{}" width="{}" height="{}"><title>{} — {}: {}</title>'
                                    "</rect>",
                                ((s.series, _n(s.x), _n(row.bar_y), _n(s.width), BAR_HEIGHT, row.label,
                                  s.series_label, s.text) for s in row.segments))
        # One line sits on the bar's middle; two lines sit half a line above and below it.
        first_dy = -6.5 * (len(row.label_lines) - 1)
        lines = format_html_join("", '<tspan x="{}" dy="{}">{}</tspan>', (
            (label_x, _n(first_dy if number == 0 else 13), line) for number, line in enumerate(row.label_lines)))
        rows.append(format_html(
            '<g class="chart-row"><text class="chart-label" x="{}" y="{}" text-anchor="end"><title>{}</title>{}</text>'
            '{}<text class="chart-value" x="{}" y="{}">{}</text></g>',
            label_x, _n(row.text_y), row.label, lines, bars, _n(row.end_x), _n(row.text_y), row.display))
    return format_html(
        '<svg class="chart-svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{k}-title" '
        'aria-describedby="{k}-desc" focusable="false"><title id="{k}-title">{title}</title><desc id="{k}-desc">{desc}'
        '</desc><g class="chart-axis" aria-hidden="true">{grid}</g>{rows}</svg>',
        w=chart.width, h=_n(chart.height), k=key, title=chart.title, desc=description, grid=grid,
        rows=format_html_join("", "{}", ((part,) for part in rows)),
    )


def chart_table_rows(chart: BarChart) -> SafeString:
    """The chart's figures as table rows (the fallback under the chart)."""
    total = chart.stacked
    return format_html_join("", '<tr><th scope="row">{}</th>{}{}</tr>', (
        (row.label, format_html_join("", "<td>{}</td>", ((cell,) for cell in row.cells)),
         format_html("<td>{}</td>", row.display) if total else "")
        for row in chart.rows))
