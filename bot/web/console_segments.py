"""The console's segments section: the report ``outfitter segments report --html`` draws, as parts the page
lays out itself (figures, tables, the charts as SVG images) and as the whole HTML page, and the refresh as a
background job."""

# No postponed annotations here: FastAPI must resolve the routes' types when they are declared.
import asyncio
from dataclasses import asdict
from datetime import UTC, date, datetime, time
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from bot.services import Services
from bot.web.console_jobs import BUSY, JobView, job_view
from bot.web.console_refresh import run_refresh
from bot.web.jobs import JobBoard, JobBusy
from recommender.shoppers.report import GroupRow, SegmentReport, segment_report
from recommender.shoppers.report_charts import cluster_colour, html_charts
from recommender.shoppers.report_html import CHARTS, HINTS, _evaluation_rows, render_html

# The report is a document of its own: its inline style and SVG may render, nothing in it may run or load.
REPORT_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                                             "sandbox",
                  "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
HTML_ANSWER = {"description": "The report as one self-contained page (inline CSS, charts as SVG)",
               "content": {"text/html": {"schema": {"type": "string"}}}}

Since = Annotated[date | None, Query(description="Count orders and revenue from this day on (UTC); "
                                                "default: all history")]


class GroupView(BaseModel):
    key: str = Field(description="The micro-segment key, or the cluster number")
    label: str
    shoppers: int
    buyers: int
    orders: int
    revenue: float
    revenue_share: float
    aov: float
    conversion: float = Field(description="Share of the group's shoppers who ordered in the period")
    revenue_per_shopper: float
    purchase_probability: float | None = Field(description="Mean predicted chance to order in the next 90 days")
    clv_12m: float | None = Field(description="Mean predicted 12-month value")
    traits: list[str] = Field(default_factory=list, description="What sets a cluster apart")
    colour: str | None = Field(default=None, description="A cluster's colour on the charts")


class ChartView(BaseModel):
    name: str
    caption: str
    svg: str = Field(description="A standalone SVG document; show it as an image")


class Figure(BaseModel):
    name: str
    value: str


class SegmentsView(BaseModel):
    refreshed: bool = Field(description="False until `outfitter segments refresh` (or the console's) has run")
    as_of: datetime | None
    refreshed_at: datetime | None
    since: datetime | None
    shoppers: int
    revenue: float
    micro_segments: list[GroupView]
    clusters: list[GroupView]
    charts: list[ChartView]
    hints: list[str] = Field(description="What is missing and how to get it")
    evaluation: list[Figure] = Field(description="How the purchase and value models tested; empty without them")


def _group(row: GroupRow, report: SegmentReport) -> GroupView:
    view = GroupView(**asdict(row))
    if row.key.isdigit() and report.clusters:
        view.traits = report.cluster_traits.get(int(row.key), [])
        view.colour = cluster_colour(int(row.key))
    return view


def segments_view(report: SegmentReport) -> SegmentsView:
    """The report's parts, its charts drawn once as SVG."""
    svgs = html_charts(report)
    return SegmentsView(
        refreshed=report.refreshed_at is not None, as_of=report.as_of, refreshed_at=report.refreshed_at,
        since=report.since, shoppers=report.shoppers, revenue=report.revenue,
        micro_segments=[_group(row, report) for row in report.micro_segments],
        clusters=[_group(row, report) for row in report.clusters],
        charts=[ChartView(name=name, caption=caption, svg=svgs[name]) for name, caption in CHARTS if name in svgs],
        hints=list(dict.fromkeys(HINTS[name] for name, _ in CHARTS if name not in svgs)),
        # The HTML report's rows: the same names, order and formatting.
        evaluation=[Figure(name=name, value=value) for name, value in _evaluation_rows(report.evaluation or {})])


def router(services: Services, board: JobBoard) -> APIRouter:
    api = APIRouter(tags=["merchandiser console"])

    def report(since: date | None) -> SegmentReport:
        start = datetime.combine(since, time.min, tzinfo=UTC) if since else None
        with services.sessions() as session:
            return segment_report(session, services.live_segments.get(), since=start)

    @api.get("/segments/report")
    async def parts(since: Since = None) -> SegmentsView:
        """Shoppers, revenue and its share, orders, AOV and conversion per micro-segment and cluster, with the
        charts of the HTML report."""
        return await asyncio.to_thread(lambda: segments_view(report(since)))

    @api.get("/segments/report.html", response_class=HTMLResponse, responses={200: HTML_ANSWER})
    async def page(since: Since = None) -> HTMLResponse:
        """The whole report as the CLI's ``--html`` writes it, to save or send."""
        html = await asyncio.to_thread(lambda: render_html(report(since)))
        return HTMLResponse(html, headers=REPORT_HEADERS)

    @api.post("/segments/refresh", status_code=202, responses={409: BUSY})
    def refresh() -> JobView:
        """Start a segment refresh in the background; poll ``/jobs/{id}`` for its progress and summary. Seconds
        on the demo data, minutes on a long history."""
        try:
            job = board.start("refresh", "segment refresh", lambda progress: run_refresh(services, progress))
        except JobBusy as exc:
            raise HTTPException(409, f"a segment refresh is already running (job {exc.running.id})") from None
        return job_view(job)

    return api
