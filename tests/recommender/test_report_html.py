"""The HTML segment report and the README overview picture, from a report built by hand."""

from __future__ import annotations

import re
import struct
from datetime import datetime
from pathlib import Path

import pytest

from recommender.shoppers.report import GroupRow, SegmentReport
from recommender.shoppers.report_html import render_html, render_overview_png

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def row(key: str, label: str, shoppers: int, revenue: float, share: float, *, scored: bool = True) -> GroupRow:
    buyers = shoppers // 3
    return GroupRow(key=key, label=label, shoppers=shoppers, buyers=buyers, orders=buyers * 2, revenue=revenue,
                    revenue_share=share, aov=round(revenue / max(buyers * 2, 1), 2),
                    conversion=round(buyers / shoppers, 4), revenue_per_shopper=round(revenue / shoppers, 2),
                    purchase_probability=0.4213 if scored else None, clv_12m=321.5 if scored else None)


@pytest.fixture(scope="module")
def report() -> SegmentReport:
    micro = [row("repeat · premium · jackets", "repeat · premium · jackets", 1200, 1234567.891, 0.6123),
             row("<b>x</b>", "<b>x</b>", 300, 4500.5, 0.0223),
             row("$5 deals & more", "$5 deals & more", 250, 900.0, 0.0045, scored=False)]
    micro += [row(f"browsing-prospect · cat {i}", f"browsing-prospect · cat {i}", 100 - i, 100.0 * i, 0.001)
              for i in range(20)]  # more than the 15 a chart shows, so "other" appears
    clusters = [row("0", "0: frequent, big spenders", 900, 1000000.0, 0.5),
                row("1", "1: bargain hunters", 700, 200000.0, 0.1),
                row("2", "2: <i>window</i> shoppers", 400, 5000.0, 0.0025)]
    points = [(float(i % 17), float(i % 11) - c * 4, c) for c in range(3) for i in range(60)]
    return SegmentReport(
        as_of=datetime(2024, 5, 1), refreshed_at=datetime(2024, 5, 2, 9, 30), since=None, shoppers=2000,
        revenue=2016000.0, micro_segments=micro, clusters=clusters,
        cluster_traits={0: ["orders often", "spends a lot"], 1: ["uses coupons"], 2: ["browses, rarely buys"]},
        map_points=points, silhouettes={2: 0.31, 3: 0.42, 4: 0.38, 5: 0.29},
        evaluation={"train_cutoff": datetime(2023, 11, 3), "test_cutoff": datetime(2024, 2, 1),
                    "train_shoppers": 1500, "test_shoppers": 1600, "test_buyers": 420, "model_auc": 0.8123,
                    "rfm_auc": 0.7456, "clv_mae": 12.345, "baseline_mae": 20.5},
    )


@pytest.fixture(scope="module")
def html(report: SegmentReport) -> str:
    """Rendered once: drawing five charts is most of the cost of these tests."""
    return render_html(report, title="Shop <script>alert(1)</script>")


def empty_report() -> SegmentReport:
    return SegmentReport(as_of=None, refreshed_at=None, since=None, shoppers=0, revenue=0.0, micro_segments=[],
                         clusters=[])


def test_html_is_self_contained_with_a_chart_per_view(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    assert "<script src" not in html.lower() and "<link" not in html.lower() and "@import" not in html
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html  # SVG inlined as elements, not documents
    assert html.count("<svg") == 5  # sizes, value, map, clusters, silhouettes
    assert "Chosen: k = 3." in html


def test_html_tables_hold_every_row_formatted(html: str) -> None:
    assert "2,000</b><span>shoppers" in html and "2,016,000.00</b><span>net revenue" in html
    assert "As of 2024-05-01" in html and "refreshed 2024-05-02 09:30" in html
    assert "Micro-segments (23)" in html and "Clusters (3)" in html
    for i in range(20):
        assert f"<td>browsing-prospect · cat {i}</td>" in html
    assert "<td>1,234,567.89</td>" in html and "<td>61.2%</td>" in html  # money and share
    assert "<td>1,200</td>" in html and "<td>42.1%</td>" in html and "<td>321.50</td>" in html
    assert "<td>–</td>" in html  # an unscored segment has no prediction
    assert "orders often, spends a lot" in html and "0: frequent, big spenders" in html
    assert "0.812" in html and "0.746" in html and "12.35" in html and "20.50" in html
    assert "does better than the RFM score" in html and "2023-11-03" in html


def test_html_escapes_every_text_value(html: str) -> None:
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<i>window</i>" not in html and "&lt;i&gt;window&lt;/i&gt;" in html
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "$5 deals &amp; more" in html


def test_empty_report_renders_with_the_refresh_hint() -> None:
    html = render_html(empty_report())
    assert "<svg" not in html
    assert html.count("No clusters yet: run `outfitter segments refresh`") == 2  # the charts and the table
    assert "No micro-segments yet" in html and "No purchase model yet" in html and "Not refreshed yet" in html
    png = render_html(SegmentReport(as_of=datetime(2024, 5, 1), refreshed_at=None, since=datetime(2024, 1, 1),
                                    shoppers=5, revenue=0.0, micro_segments=[row("new-visitor", "new-visitor", 5,
                                                                                 0.0, 0.0)], clusters=[]))
    assert png.count("<svg") == 2 and "No clusters yet" in png and "counted from 2024-01-01" in png


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_overview_png_is_written_at_readme_size(report: SegmentReport, tmp_path: Path) -> None:
    path = tmp_path / "docs" / "segments.png"
    render_overview_png(report, path)
    width, height = png_size(path)
    assert 1400 <= width <= 1800 and 900 <= height <= 1100
    assert path.stat().st_size > 20_000  # four drawn charts, not a blank canvas


def test_overview_png_of_an_empty_report(tmp_path: Path) -> None:
    path = tmp_path / "empty.png"
    render_overview_png(empty_report(), path)
    assert png_size(path) == (1600, 1000)
