"""Every page the bot shows is recorded as a suggestion list whose id rides in the carousel; the widget's click
on a card and the order after it come back through the events API, and the conversion report counts them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.db import upgrade
from bot.finder import turns
from bot.finder.state import FinderState
from bot.keys import Role
from bot.services import Services
from bot.settings import Settings
from bot.web.app import create_app
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.encoder import Encoder
from recommender.feedback.holdout import CONTROL, OUTSIDE, PERSONALIZED
from recommender.feedback.models import SuggestionList
from recommender.feedback.report import conversion_report
from tests.bot.web_helpers import bearer
from tests.conftest import SMALL_CATALOG, write_catalog
from tests.recommender.shoppers_helpers import order, product, track


def services_with(home: Path, encoder: Encoder, share: float) -> Services:
    services = Services(Settings(home=home, holdout_share=share))
    upgrade(services.engine)
    services.__dict__["encoder"] = encoder
    with services.sessions() as session:
        import_catalog(session, write_catalog(home / "catalog.csv", SMALL_CATALOG), encoder)
        publish_index(session, services.index_store, encoder.model_name)
    return services


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> Services:
    return services_with(tmp_path_factory.mktemp("lists"), encoder, 0.0)


def shown_list(services: Services, list_id: str) -> SuggestionList:
    with services.sessions() as session:
        found = session.get(SuggestionList, list_id)
        assert found is not None
        _ = found.items
        return found


def carousel_of(reply: turns.Reply) -> dict:
    return next(m["custom"] for m in reply.messages if m.get("custom"))


def test_a_shown_page_is_recorded_and_its_id_is_in_the_carousel(services: Services) -> None:
    shop = TestClient(create_app(services), headers=bearer(services, Role.SHOP))
    shop.post("/api/events", json=[order(f"o-{n}", [product("R2", 99)], "buyer", user="cust-b") | {"timestamp": None}
                                   for n in range(2)])
    reply = turns.show(services, FinderState(request_text="rain jacket"), "cust-b", conversation_id="conv-7")
    payload = carousel_of(reply)
    shown = shown_list(services, payload["suggestion_id"])
    assert payload["suggestion_id"].startswith("sug-") and len(payload["suggestion_id"]) > 16
    assert (shown.external_id, shown.conversation_id, shown.experiment_group) == ("cust-b", "conv-7", PERSONALIZED)
    assert shown.lifecycle == "repeat" and shown.micro_segment.startswith("repeat")
    cards = payload["products"]
    assert [(i.position, i.sku, i.match) for i in shown.items] == [(c["position"], c["sku"], c["match"]) for c in cards]
    assert all({"position", "sku", "url"} <= set(card) for card in cards) and shown.items[0].score > 0


def test_an_unknown_shopper_is_segment_none_and_a_long_conversation_id_is_hashed(services: Services) -> None:
    reply = turns.search(services, "tent", "anon-new", conversation_id="c" * 300)
    shown = shown_list(services, carousel_of(reply)["suggestion_id"])
    assert (shown.micro_segment, shown.lifecycle) == ("none", "none")
    assert shown.conversation_id is not None and len(shown.conversation_id) == 64
    chat = turns.search(services, "tent", "chat:rest-9")
    assert shown_list(services, carousel_of(chat)["suggestion_id"]).experiment_group == OUTSIDE


def test_each_refinement_is_a_list_of_its_own(services: Services) -> None:
    state = FinderState(request_text="jacket")
    first = turns.show(services, state, "anon-r", conversation_id="conv-r")
    state.shown = state.seen = first.slots["shown"]
    more = turns.show_more(services, state, "anon-r", conversation_id="conv-r")
    ids = {carousel_of(first)["suggestion_id"], carousel_of(more)["suggestion_id"]}
    assert len(ids) == 2
    with services.sessions() as session:
        assert set(session.scalars(select(SuggestionList.id).where(SuggestionList.conversation_id == "conv-r"))) == ids


def test_with_everyone_held_out_the_list_is_recorded_as_control(tmp_path: Path, encoder: Encoder) -> None:
    held_out = services_with(tmp_path / "home", encoder, 1.0)
    reply = turns.show(held_out, FinderState(request_text="tent"), "anon-c", conversation_id="conv-c")
    assert shown_list(held_out, carousel_of(reply)["suggestion_id"]).experiment_group == CONTROL


def test_a_click_in_the_widget_and_the_order_after_it_reach_the_report(tmp_path: Path, encoder: Encoder) -> None:
    services = services_with(tmp_path / "home", encoder, 0.0)
    browser = TestClient(create_app(services))
    me = browser.get("/api/session").json()["anonymous_id"]
    reply = turns.show(services, FinderState(request_text="lightweight gear for hiking"), me, conversation_id="conv-w")
    payload = carousel_of(reply)
    second = payload["products"][1]
    clicked = browser.post("/api/events", json={"type": "track", "event": "Product Clicked", "properties": {
        "sku": second["sku"], "position": second["position"], "list_id": payload["suggestion_id"]}})
    assert clicked.json()["recorded"] == 1
    shop = TestClient(create_app(services), headers=bearer(services, Role.SHOP))
    bought = order("O-w", [product(second["sku"], 80.0), product("F1", 69)], me, user="cust-w")
    del bought["timestamp"]
    assert shop.post("/api/events", json=bought).json()["recorded"] == 1  # the sign-in and the order, at once
    with services.sessions() as session:
        report = conversion_report(session)
    assert (report.total.lists, report.total.clicks, report.total.orders, report.total.revenue) == (1, 1, 1, 80.0)
    assert next(row for row in report.by_lifecycle if row.key == "none").revenue == 80.0
    assert next(row for row in report.by_match if row.key == second["match"]).bought == 1


def test_the_click_of_a_stranger_on_someone_elses_list_is_not_counted(services: Services) -> None:
    def clicks() -> int:
        with services.sessions() as session:
            return conversion_report(session).total.clicks

    reply = turns.show(services, FinderState(request_text="fleece"), "anon-owner")
    payload = carousel_of(reply)
    click = track("Product Clicked", "anon-owner", sku=payload["products"][0]["sku"],
                  list_id=payload["suggestion_id"], position=1)
    del click["timestamp"]
    before = clicks()
    stranger = TestClient(create_app(services))  # a browser of its own: its click is recorded under its own id
    assert stranger.post("/api/events", json=click | {"anonymousId": None}).json()["recorded"] == 1
    assert clicks() == before
    shop = TestClient(create_app(services), headers=bearer(services, Role.SHOP))
    assert shop.post("/api/events", json=click).json()["recorded"] == 1  # the owner's own click
    assert clicks() == before + 1
