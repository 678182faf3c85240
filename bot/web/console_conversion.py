"""The console's conversion section: suggestion lists shown, their cards clicked and the orders that followed,
by match level, lifecycle and micro-segment, and the lift of the personalized group over the holdout, with
the report's charts (:mod:`recommender.feedback.report`, :mod:`recommender.feedback.charts`)."""

# No postponed annotations here: FastAPI must resolve the routes' types when they are declared.
import asyncio
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from bot.services import Services
from bot.web.console_segments import ChartView
from recommender.feedback.charts import conversion_charts
from recommender.feedback.report import DEFAULT_WINDOW_DAYS, conversion_report

MAX_DAYS = 3650
CAPTIONS = {
    "match": "Click-through and conversion by match level. Whiskers are 95% intervals; a pale bar is over too few "
             "to read.",
    "lifecycle": "The same by the shopper's lifecycle when the list was shown.",
    "groups": "Personalized suggestions against the holdout group's popular products, with the verdict of the "
              "comparison.",
}


class RateView(BaseModel):
    hits: int
    base: int
    value: float | None
    enough: bool = Field(description="Whether the base is large enough to read the rate (else show the counts)")
    low: float | None = Field(description="95% Wilson interval")
    high: float | None


class RowView(BaseModel):
    key: str = Field(description="The match level, lifecycle, micro-segment or group")
    lists: int
    shoppers: int
    products: int = Field(description="Products shown")
    clicks: int
    ctr: RateView = Field(description="Clicks per product shown")
    bought: int = Field(description="Clicked products ordered within the window")
    orders: int
    conversion: RateView = Field(description="Clicked products that were ordered")
    revenue: float = Field(description="The clicked products' order lines")


class LiftView(BaseModel):
    metric: str
    personalized: RateView
    control: RateView
    verdict: str
    lift: float | None = Field(description="personalized / control − 1; None when there are too few to tell")
    lift_low: float | None
    lift_high: float | None
    difference: float | None
    difference_low: float | None
    difference_high: float | None
    p_value: float | None


class ConversionView(BaseModel):
    days: int
    since: datetime | None
    until: datetime
    as_of: datetime
    window_days: int = Field(description="Days after a click in which an order of the product counts")
    total: RowView
    by_match: list[RowView]
    by_lifecycle: list[RowView]
    by_segment: list[RowView] = Field(description="The micro-segments with most products shown")
    segments: int = Field(description="Micro-segments in all")
    by_group: list[RowView]
    lifts: list[LiftView]
    open_clicks: int = Field(description="Clicks whose window is still open: their orders may still come")
    charts: list[ChartView]


def router(services: Services) -> APIRouter:
    api = APIRouter(tags=["merchandiser console"])

    @api.get("/conversion")
    async def conversion(days: Annotated[int, Query(ge=1, le=MAX_DAYS, description="Lists shown in the last N days")]
                         = 30,
                         window_days: Annotated[int, Query(ge=1, le=90)] = DEFAULT_WINDOW_DAYS) -> ConversionView:
        """What the suggestions shown in the last ``days`` led to, and what personalization adds."""

        def build() -> ConversionView:
            now = datetime.now(UTC)
            with services.sessions() as session:
                report = conversion_report(session, since=now - timedelta(days=days), until=now,
                                           window_days=window_days, as_of=now)
            charts = [ChartView(name=name, caption=CAPTIONS.get(name, name), svg=svg)
                      for name, svg in conversion_charts(report).items()]
            return ConversionView.model_validate(report.to_dict() | {"days": days, "charts": charts})

        return await asyncio.to_thread(build)

    return api
