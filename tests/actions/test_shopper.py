"""Whom a chat personalizes for: only the shop's signed session names a shopper; whatever else a client puts
in a message's metadata or its sender id opens no one's history."""

from pathlib import Path

import pytest

from actions.deps import shopper_of
from bot.db import upgrade
from bot.identity import ShopperSession
from bot.services import Services
from bot.settings import Settings
from recommender.shoppers.recording import record_events
from tests.actions.conftest import tracker
from tests.recommender.shoppers_helpers import order, product


@pytest.fixture
def services(tmp_path: Path) -> Services:
    services = Services(Settings(home=tmp_path / "home"))
    upgrade(services.engine)
    with services.sessions() as session:
        record_events(session, [order("O-1", [product("R1")], "victim-browser", user="victim-1")])
        session.commit()
    return services


def test_a_signed_session_names_the_shopper(services: Services) -> None:
    anonymous = services.signer.sign(ShopperSession("anon-7"))
    assert shopper_of(services, tracker(metadata={"session": anonymous})) == "anon-7"
    signed_in = services.signer.sign(ShopperSession("victim-browser", "victim-1"))
    assert shopper_of(services, tracker(metadata={"session": signed_in})) == "victim-1"


@pytest.mark.parametrize("metadata", [{"shopper_id": "victim-1"}, {"session": "forged.token"}, {}])
def test_anything_else_is_the_conversation_alone(services: Services, metadata: dict) -> None:
    assert shopper_of(services, tracker(metadata=metadata, sender="victim-1")) == "chat:victim-1"


def test_another_sites_signature_is_no_session(services: Services, tmp_path: Path) -> None:
    other = Services(Settings(home=tmp_path / "other"))
    token = other.signer.sign(ShopperSession("victim-browser", "victim-1"))
    assert shopper_of(services, tracker(metadata={"session": token})) == "chat:conversation-1"


def test_a_browser_id_since_linked_to_a_customer_needs_their_sign_in(services: Services) -> None:
    left_behind = services.signer.sign(ShopperSession("victim-browser"))
    assert shopper_of(services, tracker(metadata={"session": left_behind})) == "chat:conversation-1"


def test_a_long_conversation_id_still_fits_a_shopper_id(services: Services) -> None:
    shopper = shopper_of(services, tracker(sender="x" * 500))
    assert shopper.startswith("chat:") and len(shopper) <= 120
    assert shopper == shopper_of(services, tracker(sender="x" * 500)), "the same conversation, the same shopper"
