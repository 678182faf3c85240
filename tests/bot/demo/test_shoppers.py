"""The demo shoppers: every shipped call passes the spec, the demo customers' calls are their demo orders, and a
first run records them once, dated from today, with segments, clusters and "bought together" to show."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from bot.cli import first_run as first_run_cli
from bot.cli.console import err
from bot.demo import DEMO_CATALOG, DEMO_SHOPPERS
from bot.demo.orders import DEMO_REFERENCE, demo_orders
from bot.demo.shopper_loading import load_demo_shoppers
from bot.demo.shoppers import demo_calls, shoppers_in
from bot.services import Services
from bot.settings import Settings
from bot.support.models import Order
from recommender.catalog.importer import import_catalog
from recommender.catalog.models import Product
from recommender.encoder import Encoder
from recommender.ranking import bought_together
from recommender.ranking.signals import load_signals
from recommender.shoppers.models import Event, EventItem, Shopper, ShopperSegment
from recommender.shoppers.report import segment_report
from recommender.shoppers.segment_file import read_segment_calls
from recommender.shoppers.spec import ORDER_COMPLETED, ORDER_REFUNDED, check

NOW = datetime(2026, 3, 15, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def shipped() -> list[dict]:
    return [call for _, call in read_segment_calls(DEMO_SHOPPERS)]


def test_every_shipped_call_passes_the_spec(shipped: list[dict]) -> None:
    for line, call in enumerate(shipped, start=1):
        checked = check(call, DEMO_REFERENCE)
        assert checked.occurred_at < DEMO_REFERENCE - timedelta(hours=12), f"line {line} is on the reference day"
    assert len({call["messageId"] for call in shipped}) == len(shipped)


def test_a_year_of_a_believable_shop(shipped: list[dict]) -> None:
    events = Counter(call.get("event") for call in shipped)
    assert set(events) >= {"Product Viewed", "Product List Viewed", "Products Searched", "Product Added",
                           "Product Removed", "Cart Viewed", "Checkout Started", "Order Completed",
                           "Coupon Applied", "Order Refunded"}
    shoppers, customers = shoppers_in(shipped)
    assert 600 <= shoppers <= 1000 and 0.4 < customers / shoppers < 0.9
    assert events["Product Viewed"] > 3 * events["Order Completed"] > 3000
    times = [datetime.fromisoformat(call["timestamp"]) for call in shipped]
    recent = [t for t in times if t > DEMO_REFERENCE - timedelta(days=366)]
    assert len(recent) / len(times) > 0.99  # a year, and the demo customers' older orders
    orders = [call for call in shipped if call.get("event") == ORDER_COMPLETED]
    with_tent = [o for o in orders if any(p["category"] == "tents" for p in o["properties"]["products"])]
    with_bag = [o for o in with_tent if any("Sleeping Bag" in p["name"] for p in o["properties"]["products"])]
    assert len(with_bag) > len(with_tent) / 2 > 10
    sold = [p for o in orders for p in o["properties"]["products"]]
    assert 0.15 < sum("list_price" in p for p in sold) / len(sold) < 0.6  # sale prices, when on sale


def test_the_demo_customers_calls_are_their_demo_orders() -> None:
    calls = demo_calls()
    completed = {c["properties"]["order_id"]: c for c in calls if c.get("event") == ORDER_COMPLETED}
    refunded = {c["properties"]["order_id"] for c in calls if c.get("event") == ORDER_REFUNDED}
    for order in demo_orders():
        if order["customer_id"] is None:  # a guest checkout: the analytics never knew who
            assert order["order_number"] not in completed
            continue
        call = completed[order["order_number"]]
        assert call["userId"] == order["customer_id"] and call["timestamp"] == order["placed_at"]
        assert call["properties"]["revenue"] == order["total"]
        assert [(p["sku"], p["price"]) for p in call["properties"]["products"]] == \
            [(line["sku"], line["unit_price"]) for line in order["lines"]]
        assert (order["order_number"] in refunded) == (order["status"] == "cancelled")


def test_loading_dates_the_calls_from_today_only_into_an_empty_history(session: Session, shipped: list[dict],
                                                                      encoder: Encoder) -> None:
    import_catalog(session, DEMO_CATALOG, encoder)
    report = load_demo_shoppers(session, now=NOW)
    session.commit()
    assert report is not None and report.rejected == []
    assert report.recorded == sum(call["type"] == "track" for call in shipped)
    assert report.identified == sum(call["type"] == "identify" for call in shipped)
    assert session.scalar(select(func.count()).select_from(Shopper)) == shoppers_in(shipped)[0]
    latest = session.scalar(select(func.max(Event.occurred_at)))
    assert latest is not None and NOW - timedelta(days=2) < latest.replace(tzinfo=UTC) < NOW - timedelta(hours=9)
    assert load_demo_shoppers(session, now=NOW + timedelta(days=3)) is None
    assert session.scalar(select(func.count()).select_from(Event)) == report.recorded


def test_a_shop_with_its_own_catalog_gets_no_demo_shoppers(session: Session, encoder: Encoder,
                                                            small_catalog: Path) -> None:
    # The calls are about the demo catalog's products: a shop selling others would see invented shoppers in its
    # segments and popularity.
    import_catalog(session, small_catalog, encoder)
    assert load_demo_shoppers(session, now=NOW) is None
    assert session.scalar(select(func.count()).select_from(Event)) == 0


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, str]]:
    """A fresh home after ``prepare()``: the demo catalog, orders and shoppers, as `outfitter run` starts."""
    services = Services(Settings(home=tmp_path_factory.mktemp("first-run"), database_url=None))
    with err.capture() as output:
        first_run_cli.prepare(services)
    yield services, output.get()
    services.engine.dispose()


def test_a_first_run_loads_the_demo_shoppers_and_segments_them(first_run: tuple[Services, str]) -> None:
    services, output = first_run
    said = re.search(r"shoppers \(the demo shop's, dated from today\): (\d+) shoppers, ([\d,]+) events · "
                     r"(\d+) micro-segments, (\d+) clusters · [\d.]+ s", output)
    assert said is not None, output
    model = services.segment_store.load()
    assert model is not None and model.clustering is not None and model.clustering.k == int(said[4]) >= 2
    with services.sessions() as session:
        micro = session.scalar(select(func.count(distinct(ShopperSegment.micro_segment))))
        assert micro == int(said[3]) >= 5
        assert session.scalar(select(func.count()).select_from(Event)) == int(said[2].replace(",", ""))
        report = segment_report(session, model)
        assert len(report.micro_segments) >= 5 and len(report.clusters) >= 2 and report.revenue > 0
        assert any(row.label.startswith("loyal-high-value") for row in report.micro_segments)
        assert any("cart-abandoner" in row.label for row in report.micro_segments)
        # The support desk's order and its event moved by the same whole days.
        placed = session.scalar(select(Order.placed_at).where(Order.order_number == "OF-100101"))
        event = session.scalar(select(Event.occurred_at).where(Event.order_id == "OF-100101"))
        assert placed is not None and placed == event


def test_a_demo_tent_is_bought_together_with_a_sleeping_bag(first_run: tuple[Services, str]) -> None:
    services, _ = first_run
    with services.sessions() as session:
        signals = load_signals(session, datetime.now(UTC))
        in_stock = set(session.scalars(select(Product.sku).where(Product.category == "tents", Product.stock > 0)))
        ordered = session.execute(select(EventItem.sku, func.count()).join(Event)
                                  .where(Event.name == ORDER_COMPLETED, EventItem.sku.in_(in_stock))
                                  .group_by(EventItem.sku).order_by(func.count().desc(), EventItem.sku)).all()
    tent = ordered[0][0]
    items = bought_together(services.live_index.get(), signals, tent)
    assert items and items[0].category == "sleeping bags", [(i.sku, i.category) for i in items]
    assert len(signals.popularity) > 300  # and the shop's favourites for a shopper with no history


def test_a_second_run_adds_no_shoppers(first_run: tuple[Services, str]) -> None:
    services, _ = first_run
    with services.sessions() as session:
        before = session.scalar(select(func.count()).select_from(Event))
    refreshed = services.segment_store.load()
    with err.capture() as output:
        first_run_cli.prepare(services)
    assert "shoppers (the demo shop's" not in output.get()
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == before
    again = services.segment_store.load()
    assert refreshed is not None and again is not None and again.created_at == refreshed.created_at
