"""Charts of a conversion report as inline SVG, drawn like the segment report's (matplotlib's Figure API).

Each chart shows click-through and conversion side by side with their 95% intervals as whiskers; a rate over
too few products or clicks to read is drawn pale and labelled with its counts, so a tall bar from 2 of 3 does
not pass for a finding. A report with nothing to show gives a panel that says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from recommender.feedback.holdout import OUTSIDE
from recommender.feedback.lift import Rate
from recommender.feedback.report import ConversionReport, Row
from recommender.shoppers.report_charts import plain, svg_chart

CTR_COLOUR = "#4e79a7"
CONVERSION_COLOUR = "#f28e2b"
PALE = 0.35  # opacity of a rate over too few to read
NOTE = "#777777"
TOP_LIFECYCLES = 8


def _note(ax: Axes, title: str, message: str) -> None:
    ax.set_title(title, loc="left", fontsize=11)
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", color=NOTE, fontsize=10)


def _bars(ax: Axes, positions: np.ndarray, rates: Sequence[Rate], colour: str, label: str) -> None:
    values = [r.value or 0.0 for r in rates]
    intervals = [r.interval() or (0.0, 0.0) for r in rates]
    errors = np.array([[max(0.0, v - low) for v, (low, _) in zip(values, intervals, strict=True)],
                       [max(0.0, high - v) for v, (_, high) in zip(values, intervals, strict=True)]])
    bars = ax.bar(positions, values, width=0.38, color=colour, label=label, yerr=errors, capsize=3,
                  error_kw={"elinewidth": 0.8, "ecolor": "#555555"})
    for bar, found in zip(bars, rates, strict=True):
        if not found.enough:
            bar.set_alpha(PALE)
    ax.bar_label(bars, labels=[f"{r.hits}/{r.base}" if r.base else "" for r in rates], padding=2, fontsize=7,
                 color="#333333")


def draw_rates(ax: Axes, title: str, rows: Sequence[Row], subtitle: str | None = None) -> None:
    """Click-through and conversion for each row, side by side."""
    if not any(row.products for row in rows):
        _note(ax, title, "no suggestion list shown in this period")
        return
    positions = np.arange(len(rows))
    _bars(ax, positions - 0.2, [row.ctr for row in rows], CTR_COLOUR, "click-through (clicks / shown)")
    _bars(ax, positions + 0.2, [row.conversion for row in rows], CONVERSION_COLOUR, "conversion (bought / clicks)")
    ax.set_xticks(positions, [plain(row.key) for row in rows], fontsize=8, rotation=20 if len(rows) > 4 else 0,
                  ha="right" if len(rows) > 4 else "center")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    tops = [interval[1] for row in rows for r in (row.ctr, row.conversion) if (interval := r.interval())]
    ax.set_ylim(0, min(1.05, max(tops, default=0.1) * 1.15 or 0.1))  # room above the whiskers for the labels
    ax.legend(fontsize=7, frameon=False, loc="upper right")
    ax.set_title(title, loc="left", fontsize=11, pad=16 if subtitle else 6)
    if subtitle:
        ax.text(0, 1.01, subtitle.replace("$", r"\$"), transform=ax.transAxes, fontsize=8, color=NOTE, va="bottom")
    ax.tick_params(labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def conversion_charts(report: ConversionReport) -> dict[str, str]:
    """The report's charts as ``<svg>`` strings, by name: ``match`` (by match level), ``lifecycle`` and
    ``groups`` (personalized against control, with the verdict of the comparison)."""
    verdicts = " · ".join(f"{lift.metric}: {lift.verdict}" for lift in report.lifts)
    groups = [row for row in report.by_group if row.key != OUTSIDE]
    return {
        "match": svg_chart(lambda ax: draw_rates(ax, "By match level", report.by_match)),
        "lifecycle": svg_chart(lambda ax: draw_rates(ax, "By lifecycle", report.by_lifecycle[:TOP_LIFECYCLES])),
        "groups": svg_chart(lambda ax: draw_rates(ax, "Personalized against control", groups,
                                                  subtitle=f"shoppers who … {verdicts}")),
    }
