"""Charts of a segment report, drawn on matplotlib axes so the HTML page and the README picture look alike.

Only the object-oriented ``Figure`` API is used: pyplot keeps a global registry of open figures and picks an
interactive backend, neither of which belongs in a server or a CLI run. Every ``draw_*`` function copes with
empty data by writing a short note in the panel, so a picture is produced before the first refresh too.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, MaxNLocator, PercentFormatter, StrMethodFormatter

from recommender.shoppers.report import GroupRow, SegmentReport

TOP = 15  # bars per micro-segment chart; past that the labels stop being readable
LABEL_CHARS = 44
CLUSTER_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
                   "#9c755f", "#bab0ac")  # Tableau 10: tells up to ten clusters apart, also in greyscale print
BAR = "#4e79a7"
MUTED = "#bab0ac"
NOTE = "#777777"
SVG_SIZE = (7.5, 4.6)  # inches; the page scales the SVG down on narrow screens
OVERVIEW_SIZE = (16, 10)
OVERVIEW_DPI = 100  # 16 × 10 in at 100 dpi: the 1600 × 1000 px README picture


def cluster_colour(cluster: int) -> str:
    return CLUSTER_COLOURS[cluster % len(CLUSTER_COLOURS)]


def plain(text: str) -> str:
    """``text`` as a chart label: shortened to fit, and with ``$`` escaped since matplotlib reads it as maths."""
    if len(text) > LABEL_CHARS:
        text = text[: LABEL_CHARS - 1] + "…"
    return text.replace("$", r"\$")


def chosen_k(silhouettes: dict[int, float]) -> int | None:
    """The k the refresh kept: the one with the highest silhouette, as in :func:`learn_clusters`."""
    return max(silhouettes, key=lambda k: silhouettes[k]) if silhouettes else None


def _note(ax: Axes, title: str, message: str) -> None:
    ax.set_title(title, loc="left", fontsize=11)
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", color=NOTE, fontsize=10)


def _tidy(ax: Axes, title: str) -> None:
    ax.set_title(title, loc="left", fontsize=11)
    ax.tick_params(labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _hbars(ax: Axes, labels: Sequence[str], values: Sequence[float], notes: Sequence[str],
           colours: str | Sequence[str] = BAR) -> None:
    positions = range(len(labels))
    bars = ax.barh(positions, values, color=colours, height=0.7)
    ax.set_yticks(positions, [plain(label) for label in labels])
    ax.invert_yaxis()  # the largest group on top, where the eye starts
    ax.bar_label(bars, labels=[plain(n) for n in notes], padding=3, fontsize=7, color="#333333")
    ax.margins(x=0.22)  # room for the bar labels right of the longest bar


def draw_segment_sizes(ax: Axes, rows: Sequence[GroupRow]) -> None:
    """(a) The biggest micro-segments by shoppers, the rest summed as "other"."""
    title = f"Micro-segments by shoppers (top {TOP})"
    total = sum(r.shoppers for r in rows)
    if not total:
        _note(ax, title, "no micro-segments yet: run `outfitter segments refresh`")
        return
    ranked = sorted(rows, key=lambda r: (-r.shoppers, r.label))
    top, rest = ranked[:TOP], ranked[TOP:]
    labels = [r.label for r in top]
    values = [r.shoppers for r in top]
    if rest:
        labels.append(f"other ({len(rest)} segments)")
        values.append(sum(r.shoppers for r in rest))
    _hbars(ax, labels, values, [f"{v:,} · {v / total:.1%}" for v in values],
           [BAR] * len(top) + [MUTED] * bool(rest))
    _tidy(ax, title)
    ax.set_xlabel("shoppers", fontsize=9)
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))


def draw_segment_value(ax: Axes, rows: Sequence[GroupRow]) -> None:
    """(b) The micro-segments that bring the most revenue, with their share of it."""
    title = f"Micro-segments by net revenue (top {TOP})"
    top = sorted(rows, key=lambda r: (-r.revenue, r.label))[:TOP]
    if not top or not any(r.revenue for r in top):
        _note(ax, title, "no revenue in the period")
        return
    _hbars(ax, [r.label for r in top], [r.revenue for r in top],
           [f"{r.revenue:,.0f} · {r.revenue_share:.1%}" for r in top])
    _tidy(ax, title)
    ax.set_xlabel("net revenue (orders − refunds)", fontsize=9)
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))


def _cluster_labels(clusters: Sequence[GroupRow]) -> dict[int, str]:
    labels = {}
    for row in clusters:
        if row.key.lstrip("-").isdigit():
            labels[int(row.key)] = row.label
    return labels


def draw_cluster_map(ax: Axes, points: Sequence[tuple[float, float, int]], clusters: Sequence[GroupRow]) -> None:
    """(c) Shoppers on the first two principal components, coloured by cluster."""
    title = "Shopper map: clusters on the two main axes of behaviour"
    if not points:
        _note(ax, title, "no clusters yet: run `outfitter segments refresh`")
        return
    labels = _cluster_labels(clusters)
    for cluster in sorted({c for _, _, c in points}):
        xs = [x for x, _, c in points if c == cluster]
        ys = [y for _, y, c in points if c == cluster]
        # rasterised: thousands of dots as vectors would make the page heavy and slow to draw
        ax.scatter(xs, ys, s=12, alpha=0.55, color=cluster_colour(cluster), linewidths=0, rasterized=True,
                   label=plain(labels.get(cluster, f"cluster {cluster}")))
    _tidy(ax, title)
    ax.set_xticks([])
    ax.set_yticks([])  # principal-component units mean nothing to a reader; only closeness does
    ax.set_xlabel("first principal component", fontsize=9)
    ax.set_ylabel("second principal component", fontsize=9)
    ax.legend(fontsize=8, markerscale=2.5, frameon=False, loc="best")


def draw_cluster_value(ax: Axes, clusters: Sequence[GroupRow], shoppers: int) -> None:
    """(d) Each cluster's share of shoppers next to its share of revenue: who punches above their weight."""
    title = "Clusters: share of shoppers vs share of revenue"
    if not clusters:
        _note(ax, title, "no clusters yet: run `outfitter segments refresh`")
        return
    total = shoppers or sum(r.shoppers for r in clusters) or 1
    positions = list(range(len(clusters)))
    colours = [cluster_colour(int(r.key)) if r.key.isdigit() else BAR for r in clusters]
    ax.barh([p - 0.2 for p in positions], [r.shoppers / total for r in clusters], height=0.38, color=MUTED,
            label="share of shoppers")
    bars = ax.barh([p + 0.2 for p in positions], [r.revenue_share for r in clusters], height=0.38,
                   color=colours, label="share of revenue")
    ax.bar_label(bars, labels=[f"{r.revenue_per_shopper:,.2f} per shopper · {r.conversion:.0%} bought"
                               for r in clusters], padding=3, fontsize=7, color="#333333")
    ax.set_yticks(positions, [plain(r.label) for r in clusters])
    ax.invert_yaxis()
    ax.margins(x=0.45)
    _tidy(ax, title)
    top = max([r.shoppers / total for r in clusters] + [r.revenue_share for r in clusters])
    # the margin for the bar labels would otherwise put ticks past 100 %, which reads as nonsense for a share
    ax.xaxis.set_major_locator(FixedLocator([t for t in MaxNLocator(5).tick_values(0, top) if 0 <= t <= top]))
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.legend(fontsize=8, frameon=False, ncols=2, loc="upper center", bbox_to_anchor=(0.5, -0.08))


def draw_silhouettes(ax: Axes, silhouettes: dict[int, float]) -> None:
    """(e) The silhouette score per k, the chosen k ringed: how the number of clusters was picked."""
    title = "How many clusters: silhouette score per k (higher separates better)"
    best = chosen_k(silhouettes)
    if best is None:
        _note(ax, title, "no clustering yet: run `outfitter segments refresh`")
        return
    ks = sorted(silhouettes)
    ax.plot(ks, [silhouettes[k] for k in ks], marker="o", color=BAR)
    ax.scatter([best], [silhouettes[best]], s=180, facecolors="none", edgecolors="#e15759", linewidths=2,
               zorder=3)
    ax.annotate(f"chosen k = {best}", (best, silhouettes[best]), xytext=(10, 8), textcoords="offset points",
                fontsize=9, color="#e15759")
    _tidy(ax, title)
    ax.set_xticks(ks)
    ax.set_xlabel("k (number of clusters)", fontsize=9)
    ax.set_ylabel("mean silhouette", fontsize=9)
    ax.margins(y=0.25)


def svg_chart(draw: Callable[[Axes], None], size: tuple[float, float] = SVG_SIZE) -> str:
    """One chart as an ``<svg>`` element to inline in HTML (no XML prologue, no external references)."""
    figure = Figure(figsize=size, layout="constrained")
    draw(figure.subplots())
    buffer = io.StringIO()
    # dpi only sets the resolution of rasterised parts (the map's dots); the rest stays vector
    figure.savefig(buffer, format="svg", dpi=150, metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def html_charts(report: SegmentReport) -> dict[str, str]:
    """The page's charts as inline SVG, by name; a chart with nothing to show is left out."""
    charts: dict[str, str] = {}
    if report.micro_segments:
        charts["sizes"] = svg_chart(lambda ax: draw_segment_sizes(ax, report.micro_segments))
        charts["value"] = svg_chart(lambda ax: draw_segment_value(ax, report.micro_segments))
    if report.map_points:
        charts["map"] = svg_chart(lambda ax: draw_cluster_map(ax, report.map_points, report.clusters),
                                  size=(7.5, 5.6))
    if report.clusters:
        charts["clusters"] = svg_chart(lambda ax: draw_cluster_value(ax, report.clusters, report.shoppers))
    if report.silhouettes:
        charts["silhouettes"] = svg_chart(lambda ax: draw_silhouettes(ax, report.silhouettes), size=(6.0, 3.6))
    return charts


def render_overview_png(report: SegmentReport, path: Path) -> None:
    """Charts (a)–(d) in a 2 × 2 grid, about 1600 × 1000 px, written to ``path`` as PNG."""
    figure = Figure(figsize=OVERVIEW_SIZE, dpi=OVERVIEW_DPI, layout="constrained")
    (sizes, value), (where, worth) = figure.subplots(2, 2)
    draw_segment_sizes(sizes, report.micro_segments)
    draw_segment_value(value, report.micro_segments)
    draw_cluster_map(where, report.map_points, report.clusters)
    draw_cluster_value(worth, report.clusters, report.shoppers)
    as_of = f" as of {report.as_of:%Y-%m-%d}" if report.as_of else ""
    figure.suptitle(f"Shopper segments{as_of}: {report.shoppers:,} shoppers, net revenue {report.revenue:,.2f}",
                    fontsize=13)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png", dpi=OVERVIEW_DPI)
