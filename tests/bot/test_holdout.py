"""The holdout group: a share of shoppers, drawn by a salted hash of their stable id, is shown the shop's most
popular products within the same constraints instead of personalized suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.db import upgrade
from bot.finder import turns
from bot.finder.state import FinderState
from bot.services import Services
from bot.settings import Settings
from bot.suggestions import experiment_group, profile_for, suggest_for
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.encoder import Encoder
from recommender.feedback.holdout import CONTROL, OUTSIDE, PERSONALIZED, holdout_group
from recommender.query import Filters
from recommender.ranking import SuggestRequest, suggest
from recommender.shoppers.recording import record_events
from tests.conftest import SMALL_CATALOG, write_catalog
from tests.recommender.shoppers_helpers import order, product, track


def now(call: dict) -> dict:
    """The call as a live page sends it: received now."""
    call.pop("timestamp", None)
    return call


# T1 is ordered by three shoppers, I1 (out of stock) by two, B1 carted by two, R2 ordered by one, F1 viewed by one.
POPULARITY = [
    *(now(order(f"o-t{n}", [product("T1", 349)], f"fan-{n}")) for n in range(3)),
    *(now(order(f"o-i{n}", [product("I1", 299)], f"fan-{n}")) for n in range(2)),
    *(now(track("Product Added", f"fan-{n}", sku="B1", price=89)) for n in range(2)),
    now(track("Product Viewed", "fan-9", sku="F1", price=69)),
    # A repeat customer, whose suggestions would open with a welcome back.
    *(now(order(f"o-r{n}", [product("R2", 99)], "anon-r", user="cust-r")) for n in range(2)),
]


def shop_services(home: Path, encoder: Encoder, share: float) -> Services:
    services = Services(Settings(home=home, holdout_share=share))
    upgrade(services.engine)
    services.__dict__["encoder"] = encoder
    with services.sessions() as session:
        import_catalog(session, write_catalog(home / "catalog.csv", SMALL_CATALOG), encoder)
        publish_index(session, services.index_store, encoder.model_name)
        record_events(session, POPULARITY)
        session.commit()
    return services


@pytest.fixture(scope="module")
def everyone_held_out(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Services:
    return shop_services(tmp_path_factory.mktemp("control"), encoder, 1.0)


@pytest.fixture(scope="module")
def nobody_held_out(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Services:
    return shop_services(tmp_path_factory.mktemp("personalized"), encoder, 0.0)


def test_with_a_share_of_one_every_shopper_gets_the_popular_products(everyone_held_out: Services) -> None:
    for shopper in ("anon-new", "fan-1", "cust-r"):
        assert experiment_group(everyone_held_out, shopper) == CONTROL
        page = suggest_for(everyone_held_out, SuggestRequest(k=3, shopper_id=shopper))
        assert page.skus == ["T1", "B1", "R2"]  # by popularity; I1 is out of stock, F1 only viewed once
    first = page.items[0]
    assert first.match in ("medium", "low") and "popular with other shoppers" in [r.text for r in first.reasons]


def test_the_popular_page_keeps_the_hard_constraints(everyone_held_out: Services) -> None:
    cheap = suggest_for(everyone_held_out, SuggestRequest(k=3, shopper_id="fan-1", filters=Filters(max_price=100)))
    assert cheap.skus == ["B1", "R2", "F1"]
    women = suggest_for(everyone_held_out, SuggestRequest(text="waterproof rain jacket for women", k=3,
                                                          shopper_id="fan-1"))
    assert (women.filters.gender, women.filters.category, women.skus) == ("women", "rain jackets", ["R1"])
    assert women.items[0].match == "high"  # matched to the words as any page is, though chosen by popularity
    anyone = suggest_for(everyone_held_out, SuggestRequest(text="something for women", k=8, shopper_id="fan-1"))
    assert "R2" not in anyone.skus and "T1" in anyone.skus  # men's left out, unisex kept
    without = suggest_for(everyone_held_out, SuggestRequest(k=5, shopper_id="fan-1", exclude=frozenset({"T1"}),
                                                            exclude_brands=frozenset({"alpenlite"})))
    assert "T1" not in without.skus and "F1" not in without.skus and without.skus[0] == "B1"


def test_with_a_share_of_zero_nobody_is_held_out(nobody_held_out: Services) -> None:
    request = SuggestRequest(text="jacket", k=3, shopper_id="fan-1")
    assert experiment_group(nobody_held_out, "fan-1") == PERSONALIZED
    ranked = suggest(request, index=nobody_held_out.live_index.get(), encoder=nobody_held_out.encoder,
                     profile=profile_for(nobody_held_out, "fan-1"), signals=nobody_held_out.signals.get())
    assert suggest_for(nobody_held_out, request).skus == ranked.skus != ["T1", "B1", "R2"]


def test_a_conversation_without_a_shopper_is_outside_the_experiment(everyone_held_out: Services) -> None:
    assert experiment_group(everyone_held_out, "chat:rest-1") == OUTSIDE
    assert experiment_group(everyone_held_out, None) == OUTSIDE
    page = suggest_for(everyone_held_out, SuggestRequest(text="tent", k=3, shopper_id="chat:rest-1"))
    assert page.skus[0] == "T1" and page.items[0].match == "high"  # ranked for the words, not by popularity


def test_the_control_group_hears_the_plain_intro(everyone_held_out: Services, nobody_held_out: Services) -> None:
    def opening(services: Services) -> str:
        reply = turns.show(services, FinderState(request_text="backpack"), "cust-r")
        return reply.messages[0]["text"]

    assert opening(nobody_held_out).startswith("Welcome back!")
    assert opening(everyone_held_out) == "Here is 1 pick."


def test_a_shopper_keeps_their_group_and_the_groups_keep_their_share() -> None:
    ids = [f"anon-{n}" for n in range(20_000)]
    groups = [holdout_group(i, 0.1, "salt") for i in ids]
    assert groups == [holdout_group(i, 0.1, "salt") for i in ids]
    assert abs(groups.count(CONTROL) / len(ids) - 0.1) < 0.006  # 3 standard errors
    wider = [holdout_group(i, 0.3, "salt") for i in ids]
    assert all(w == CONTROL for g, w in zip(groups, wider, strict=True) if g == CONTROL)  # held out stay held out
    assert abs(wider.count(CONTROL) / len(ids) - 0.3) < 0.01
    reshuffled = [holdout_group(i, 0.1, "another salt") for i in ids]
    assert reshuffled != groups
    assert {holdout_group(i, 0.0, "salt") for i in ids} == {PERSONALIZED}
    assert {holdout_group(i, 1.0, "salt") for i in ids} == {CONTROL}


def test_a_known_customer_is_drawn_by_their_customer_id(tmp_path: Path) -> None:
    services = Services(Settings(home=tmp_path / "home", holdout_share=0.5))
    upgrade(services.engine)
    # Find a browser id whose own draw differs from its customer's, then link them.
    browser = next(f"anon-{n}" for n in range(100) if holdout_group(f"anon-{n}", 0.5, services.settings.holdout_salt)
                   != holdout_group("cust-7", 0.5, services.settings.holdout_salt))
    before = experiment_group(services, browser)
    with services.sessions() as session:
        record_events(session, [now(track("Product Viewed", browser, user="cust-7", sku="R1"))])
        session.commit()
    assert experiment_group(services, browser) == experiment_group(services, "cust-7") != before
