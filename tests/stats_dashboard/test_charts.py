"""The dashboard's bar charts: geometry on one scale, stacks, missing values, the drawn SVG."""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.utils import translation

from stats.charts import LABEL_WIDTH, VALUE_WIDTH, WIDTH, bar_chart, chart_svg, nice_step, number_text

PLOT = WIDTH - LABEL_WIDTH - VALUE_WIDTH


def test_bars_share_one_scale_and_percentages_end_at_100():
    chart = bar_chart(key="c", title="Coverage", label_heading="School", series=["%"], unit="%", maximum=100,
                      rows=[("A", [50.0]), ("B", [100.0]), ("C", [None]), ("D", [0.0])])
    a, b, c, d = chart.rows
    assert a.segments[0].width == PLOT / 2 and b.segments[0].width == PLOT
    assert a.segments[0].x == LABEL_WIDTH
    assert c.segments == () and c.display == "—"  # no figure: no bar, a dash
    assert d.segments == () and d.display == "0.0 %"  # a real zero is a figure
    assert [t.label for t in chart.ticks] == ["0 %", "25 %", "50 %", "75 %", "100 %"]
    assert b.y > a.y and chart.height > b.y


def test_stacked_bars_add_up_and_the_scale_is_rounded_up():
    chart = bar_chart(key="s", title="Outcomes", label_heading="School", series=["active", "completed", "ended"],
                      rows=[("A", [3.0, 2.0, 1.0]), ("B", [7.0, 0.0, 0.0])])
    a, b = chart.rows
    assert [s.series for s in a.segments] == [0, 1, 2]
    assert a.segments[1].x == a.segments[0].x + a.segments[0].width
    assert a.display == "6" and b.display == "7" and b.cells == ("7", "0", "0")
    top = chart.ticks[-1]
    assert top.label == "8" and top.x == LABEL_WIDTH + PLOT  # 7 rounded up to a whole step of 2
    assert round(sum(s.width for s in a.segments), 6) == round(6 / 8 * PLOT, 6)
    assert chart.stacked and not chart.empty


def test_an_empty_chart_says_so():
    chart = bar_chart(key="e", title="Nothing", label_heading="Form", series=["a", "b"], rows=[])
    assert chart.empty and chart.rows == ()
    html = render_to_string("stats/_chart.html", {"chart": chart})
    assert "No figures to draw." in html and "<svg" not in html


def test_nice_steps():
    assert [nice_step(v) for v in (0, 3, 7, 40, 130, 999)] == [1, 1, 2, 10, 50, 250]


def test_long_names_wrap_in_the_drawing_and_are_kept_whole_in_the_table():
    name = "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»"
    chart = bar_chart(key="n", title="T", label_heading="School", series=["x"], rows=[(name, [1.0])])
    html = render_to_string("stats/_chart.html", {"chart": chart})
    lines = chart.rows[0].label_lines
    assert len(lines) == 2 and all(len(line) <= 25 for line in lines) and lines[-1].endswith("…")
    assert lines[0] == "Муниципальное бюджетное"
    assert f'<th scope="row">{name}</th>' in html and f"<title>{name}</title>" in html


def test_a_mode_name_wraps_onto_two_lines_whole():
    chart = bar_chart(key="m", title="T", label_heading="Mode", series=["x"],
                      rows=[("Традиционное (один на один)", [1.0]), ("Групповое", [2.0])])
    assert chart.rows[0].label_lines == ("Традиционное (один на", "один)")
    assert chart.rows[1].label_lines == ("Групповое",)
    svg = str(chart_svg(chart))
    assert '<tspan x="202" dy="-6.5">Традиционное (один на</tspan><tspan x="202" dy="13">один)</tspan>' in svg


def test_the_svg_has_a_title_a_description_and_unlocalised_geometry():
    with translation.override("ru"):
        assert number_text(12.5, "%") == "12,5 %"
        chart = bar_chart(key="g", title="Охват", label_heading="Школа", series=["%"], unit="%", maximum=100,
                          rows=[("А", [33.3]), ("Б", [66.7])])
        html = render_to_string("stats/_chart.html", {"chart": chart})
    assert 'role="img"' in html and '<title id="chart-g-title">Охват</title>' in html and "<desc" in html
    assert 'aria-labelledby="chart-g-title"' in html
    svg = html[html.index("<svg"): html.index("</svg>")]
    assert re.search(r'width="\d+\.\d+"', svg)
    assert not re.search(r'(x|y|width|height|x1|x2|y1|y2)="-?\d+,\d', svg)
    assert "33,3 %" in html  # the figures themselves are written the Russian way
    assert '<details class="chart-data">' in html
