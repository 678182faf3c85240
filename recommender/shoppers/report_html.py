"""The segment report as one self-contained HTML page a merchandiser opens in a browser, and a README picture.

Everything is inline (CSS, charts as SVG, the map's dots as an embedded PNG) so the file can be mailed or
attached to a ticket and still render offline. Every text value goes through jinja2's autoescape: segment
keys carry category names that come from shop data.
"""

from __future__ import annotations

from datetime import date, datetime
from numbers import Integral, Real

from jinja2 import Environment
from markupsafe import Markup

from recommender.shoppers.report import GroupRow, SegmentReport
from recommender.shoppers.report_charts import chosen_k, cluster_colour, html_charts
from recommender.shoppers.report_charts import render_overview_png as render_overview_png

__all__ = ["render_html", "render_overview_png"]

REFRESH_HINT = "run `outfitter segments refresh`"

# (chart name, caption); charts the report has no data for are left out and their hint shown once
CHARTS = (
    ("sizes", "Where the shoppers are: the biggest micro-segments, the rest summed as “other”."),
    ("value", "Where the money is: net revenue per micro-segment and its share of the total."),
    ("map", "Each dot is a shopper, placed by behaviour; dots close together behave alike."),
    ("clusters", "A cluster whose revenue bar outgrows its shopper bar is worth more than its size."),
    ("silhouettes", "The refresh tries k = 2…8 clusters and keeps the k whose clusters separate best."),
)
NO_CLUSTERS = f"No clusters yet: {REFRESH_HINT} (clusters need at least 10 shoppers)."
HINTS = {"sizes": f"No micro-segments yet: {REFRESH_HINT}.", "value": f"No micro-segments yet: {REFRESH_HINT}.",
         "map": NO_CLUSTERS, "clusters": NO_CLUSTERS, "silhouettes": NO_CLUSTERS}
COLUMNS = ("Shoppers", "Buyers", "Orders", "Net revenue", "Revenue share", "AOV", "Conversion",
           "Revenue / shopper", "P(order, 90 d)", "CLV 12 m")

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 0;
       background: #f6f6f4; }
main { max-width: 1180px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; }
.meta { color: #666; margin: 0 0 16px; }
.figures { display: flex; flex-wrap: wrap; gap: 12px; margin: 0 0 8px; }
.figure { background: #fff; border: 1px solid #e2e2dd; border-radius: 8px; padding: 10px 16px; min-width: 140px; }
.figure b { display: block; font-size: 22px; } .figure span { color: #666; font-size: 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
figure { background: #fff; border: 1px solid #e2e2dd; border-radius: 8px; margin: 0; padding: 12px; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { color: #555; font-size: 13px; margin-top: 6px; }
.hint { color: #8a5a00; background: #fff7e0; border: 1px solid #f0dca0; border-radius: 6px; padding: 8px 12px; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 13px; }
table.compact { width: auto; min-width: 420px; border: 1px solid #e2e2dd; }
th, td { padding: 5px 8px; border-bottom: 1px solid #eee; text-align: right; white-space: nowrap; }
th { background: #efefeb; position: sticky; top: 0; }
th:first-child, td:first-child, td.text { text-align: left; white-space: normal; }
tbody tr:hover { background: #f3f7fb; }
.scroll { max-height: 640px; overflow: auto; border: 1px solid #e2e2dd; border-radius: 8px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
code { background: #efefeb; padding: 1px 4px; border-radius: 3px; }
footer { color: #888; font-size: 12px; margin-top: 32px; }
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title><style>{{ style }}</style></head>
<body><main>
<h1>{{ title }}</h1>
<p class="meta">{{ meta }}</p>
<div class="figures">
{% for value, name in figures %}<div class="figure"><b>{{ value }}</b><span>{{ name }}</span></div>{% endfor %}
</div>

<h2>How to read this</h2>
<p>A <em>micro-segment</em> is a readable rule-based key (lifecycle · price sensitivity · main category ·
intent · cart abandonment) so you can see why a shopper is where they are. A <em>cluster</em> is a group the
model found in behaviour (recency, frequency, spend, browsing) and named by the traits that set it apart.
<em>Conversion</em> is the share of a group's shoppers who ordered in the period, <em>AOV</em> the average
order value, revenue is net of refunds. <em>P(order, 90 d)</em> and <em>CLV 12 m</em> are the predicted
chance to order in the next 90 days and the predicted 12-month value, averaged over the group.</p>

<h2>Charts</h2>
<div class="charts">
{% for name, caption in charts if name in svgs %}<figure>{{ svgs[name] }}
<figcaption>{{ caption }}{% if name == "silhouettes" and chosen %} Chosen: k = {{ chosen }}.{% endif %}
</figcaption></figure>
{% endfor %}</div>
{% for hint in missing %}<p class="hint">{{ hint }}</p>{% endfor %}

<h2>Micro-segments ({{ report.micro_segments | length }})</h2>
{% if report.micro_segments %}<div class="scroll"><table>
<thead><tr><th>Micro-segment</th>{% for c in columns %}<th>{{ c }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in micro %}<tr><td>{{ row.label }}</td>{% for v in row.cells %}<td>{{ v }}</td>{% endfor %}
</tr>{% endfor %}</tbody></table></div>
{% else %}<p class="hint">No micro-segments yet: {{ hint }}.</p>{% endif %}

<h2>Clusters ({{ report.clusters | length }})</h2>
{% if report.clusters %}<div class="scroll"><table>
<thead><tr><th>Cluster</th><th>Traits</th>{% for c in columns %}<th>{{ c }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in clusters %}<tr><td><span class="swatch" style="background: {{ row.colour }}"></span>
{{- row.label }}</td><td class="text">{{ row.traits }}</td>{% for v in row.cells %}<td>{{ v }}</td>{% endfor %}
</tr>{% endfor %}</tbody></table></div>
{% else %}<p class="hint">No clusters yet: {{ hint }} (clusters need at least 10 shoppers).</p>{% endif %}

<h2>Predictive model</h2>
{% if evaluation %}<p>{% for sentence in verdict %}{{ sentence }} {% endfor %}</p>
<table class="compact"><tbody>
{% for name, value in evaluation %}<tr><td>{{ name }}</td><td>{{ value }}</td></tr>{% endfor %}
</tbody></table>
{% else %}<p class="hint">No purchase model yet: it needs at least 30 shoppers with orders before the cut-off
dates; {{ hint }} once there is more history.</p>{% endif %}

<footer>Generated by Outfitter on {{ generated }}.</footer>
</main></body></html>
"""

# what each evaluation field means, in the order a reader wants them; unknown fields follow as they are
EVALUATION_NAMES = {
    "model_auc": "Purchase model AUC (test window)",
    "rfm_auc": "RFM baseline AUC (same shoppers)",
    "clv_mae": "Value model MAE, 90-day revenue per shopper",
    "baseline_mae": "Baseline MAE (past revenue rate carried forward)",
    "train_cutoff": "Training cut-off",
    "test_cutoff": "Test cut-off",
    "train_shoppers": "Shoppers in training",
    "test_shoppers": "Shoppers in test",
    "test_buyers": "Of whom ordered in the test window",
}


def money(value: float | None) -> str:
    return "–" if value is None else f"{value:,.2f}"


def share(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def when(value: datetime | date | None, *, time: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:%Y-%m-%d %H:%M}" if time and isinstance(value, datetime) else f"{value:%Y-%m-%d}"


def _cells(row: GroupRow) -> list[str]:
    return [f"{row.shoppers:,}", f"{row.buyers:,}", f"{row.orders:,}", money(row.revenue), share(row.revenue_share),
            money(row.aov), share(row.conversion), money(row.revenue_per_shopper), share(row.purchase_probability),
            money(row.clv_12m)]


def _evaluation_value(name: str, value: object) -> str:
    if isinstance(value, datetime | date):
        return when(value)
    if isinstance(value, bool) or not isinstance(value, Real):
        return str(value)
    if isinstance(value, Integral):
        return f"{value:,}"
    return f"{value:.3f}" if name.endswith("auc") else money(float(value))


def _verdict(evaluation: dict[str, object]) -> list[str]:
    """One plain sentence per model: is it better than the simple rule it has to beat?"""
    sentences = []
    model, rfm = evaluation.get("model_auc"), evaluation.get("rfm_auc")
    if isinstance(model, Real) and isinstance(rfm, Real):
        better = "better than" if model > rfm else "no better than"
        sentences.append(f"Ranking who orders in the next 90 days, the model does {better} the RFM score "
                         f"(AUC {model:.3f} vs {rfm:.3f}; 0.5 is a coin toss, 1.0 perfect).")
    clv, baseline = evaluation.get("clv_mae"), evaluation.get("baseline_mae")
    if isinstance(clv, Real) and isinstance(baseline, Real):
        better = "closer than" if clv < baseline else "no closer than"
        sentences.append(f"Its 90-day value estimate is off by {money(float(clv))} per shopper on average, "
                         f"{better} carrying past spending forward ({money(float(baseline))}).")
    return sentences


def _evaluation_rows(evaluation: dict[str, object]) -> list[tuple[str, str]]:
    known = [(EVALUATION_NAMES[name], _evaluation_value(name, evaluation[name]))
             for name in EVALUATION_NAMES if name in evaluation]
    extra = [(name, _evaluation_value(name, value)) for name, value in evaluation.items()
             if name not in EVALUATION_NAMES]
    return known + extra


def _meta(report: SegmentReport) -> str:
    parts = [f"As of {when(report.as_of)}" if report.as_of else "Not refreshed yet"]
    if report.refreshed_at:
        parts.append(f"segments refreshed {when(report.refreshed_at, time=True)}")
    parts.append(f"orders and revenue counted from {when(report.since)}" if report.since else
                 "orders and revenue over all history")
    return " · ".join(parts)


def render_html(report: SegmentReport, *, title: str = "Outfitter — shopper segments") -> str:
    """The whole report as one HTML document with inline CSS and SVG charts; nothing is fetched."""
    environment = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    figures = [(f"{report.shoppers:,}", "shoppers"), (money(report.revenue), "net revenue"),
               (f"{len(report.micro_segments):,}", "micro-segments"), (f"{len(report.clusters):,}", "clusters")]
    clusters = [{"label": row.label, "cells": _cells(row),
                 "colour": cluster_colour(int(row.key)) if row.key.isdigit() else "#999",
                 "traits": ", ".join(report.cluster_traits.get(int(row.key), [])) if row.key.isdigit() else ""}
                for row in report.clusters]
    svgs = {name: Markup(svg) for name, svg in html_charts(report).items()}  # matplotlib escaped its own text
    return environment.from_string(TEMPLATE).render(
        title=title, style=Markup(STYLE), meta=_meta(report), figures=figures, report=report, hint=REFRESH_HINT,
        charts=CHARTS, svgs=svgs, missing=list(dict.fromkeys(HINTS[name] for name, _ in CHARTS if name not in svgs)),
        chosen=chosen_k(report.silhouettes),
        columns=COLUMNS, micro=[{"label": row.label, "cells": _cells(row)} for row in report.micro_segments],
        clusters=clusters, evaluation=_evaluation_rows(report.evaluation) if report.evaluation else [],
        verdict=_verdict(report.evaluation) if report.evaluation else [],
        generated=when(datetime.now(), time=True),
    )
