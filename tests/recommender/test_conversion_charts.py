"""The conversion report's charts: click-through and conversion bars at the report's rates, pale where the
counts are too few to read, and a panel that says so when nothing was shown."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from matplotlib.figure import Figure

from recommender.feedback.charts import PALE, conversion_charts, draw_rates
from recommender.feedback.lift import Rate, compare
from recommender.feedback.report import ConversionReport, Row

MANY = Row("high", lists=300, shoppers=280, products=900, clicks=90, bought=30, orders=28, revenue=3000.0)
FEW = Row("low", lists=2, shoppers=2, products=3, clicks=2, bought=1, orders=1, revenue=50.0)
NONE = Row("medium", lists=0, shoppers=0, products=0, clicks=0, bought=0, orders=0, revenue=0.0)


def report(rows: list[Row]) -> ConversionReport:
    when = datetime(2026, 6, 1, tzinfo=UTC)
    lifts = [compare("clicked a suggestion", Rate(3, 3), Rate(0, 1))]
    return ConversionReport(since=None, until=when, as_of=when, window_days=7, total=rows[0], by_match=rows,
                            by_lifecycle=rows, by_segment=rows, segments=len(rows), by_group=rows, lifts=lifts,
                            open_clicks=0)


def test_bars_show_each_rate_and_pale_ones_are_too_few() -> None:
    ax = Figure().subplots()
    draw_rates(ax, "By match level", [MANY, FEW])
    heights = [round(bar.get_height(), 4) for bar in ax.patches]
    assert heights == [0.1, round(2 / 3, 4), round(30 / 90, 4), 0.5]  # click-through bars, then conversion bars
    alphas = [bar.get_alpha() for bar in ax.patches]
    assert alphas == [None, PALE, None, PALE]  # 2 of 3 shown and 1 of 2 clicks are too few to read
    assert [t.get_text() for t in ax.texts] == ["90/900", "2/3", "30/90", "1/2"]
    assert ax.get_ylim()[1] <= 1.05


def test_nothing_shown_is_said_in_the_panel() -> None:
    ax = Figure().subplots()
    draw_rates(ax, "By match level", [NONE])
    assert [t.get_text() for t in ax.texts] == ["no suggestion list shown in this period"] and not ax.patches


@pytest.mark.parametrize("rows", [[MANY, FEW, NONE], [NONE]])
def test_every_chart_is_inline_svg(rows: list[Row]) -> None:
    charts = conversion_charts(report(rows))
    assert set(charts) == {"match", "lifecycle", "groups"}
    assert all(svg.startswith("<svg") and svg.rstrip().endswith("</svg>") for svg in charts.values())
