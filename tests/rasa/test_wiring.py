"""The trained bot through Rasa's REST channel, with the action server on the demo catalog: the finder's
conversations as a shopper has them. `make test` trains the model before this runs."""

import json

import pytest
import requests
from sqlalchemy import select

from bot.identity import ShopperSession
from bot.services import Services
from bot.settings import PROJECT_ROOT
from recommender.feedback.models import SuggestionList
from recommender.shoppers.identity import shopper_id_of
from recommender.shoppers.models import StatedPreference
from tests.rasa.conftest import say

pytestmark = pytest.mark.rasa


def carousel_of(messages: list[dict]) -> dict | None:
    return next((m["custom"] for m in messages if m.get("custom", {}).get("type") == "carousel"), None)


def test_a_request_that_says_everything_gets_a_carousel(assistant: Services) -> None:
    # The widget sends the shopper's signed session (issued by the web app of the same home).
    session = assistant.signer.sign(ShopperSession(anonymous_id="anon-rest-1"))
    messages = say(assistant, "rest-1", "waterproof hiking jacket for women under 200", {"session": session})
    carousel = carousel_of(messages)
    assert carousel, messages
    index = assistant.live_index.get()
    for card in carousel["products"]:
        row = index.row_of_sku(card["sku"])
        assert index.effective_price[row] <= 200 and index.column("gender")[row] in ("women", "unisex")
        assert card["match"] in ("high", "medium", "low") and card["reasons"] and card["url"]
    assert messages[0]["text"].startswith("Here are")
    assert messages[-1]["buttons"][0]["payload"] == "/cheaper"
    with assistant.sessions() as session:
        shopper = shopper_id_of(session, "anon-rest-1")
        stated = {p.question for p in session.scalars(select(StatedPreference)
                                                      .where(StatedPreference.shopper_id == shopper))}
    assert {"activity", "features", "fit", "budget"} <= stated
    with assistant.sessions() as session:  # the page is recorded for the widget's clicks on it
        shown = session.get(SuggestionList, carousel["suggestion_id"])
        assert shown is not None and (shown.conversation_id, shown.external_id) == ("rest-1", "anon-rest-1")


def test_the_finder_asks_with_buttons_and_refines(assistant: Services) -> None:
    asked = say(assistant, "rest-2", "i need a jacket")
    assert asked[-1]["text"] == "What will you mostly use it for?"
    hiking = next(b for b in asked[-1]["buttons"] if b["title"] == "Hiking")
    assert json.loads(hiking["payload"].removeprefix("/inform")) == {"activity": "hiking"}
    asked = say(assistant, "rest-2", hiking["payload"])
    assert asked[-1]["text"] == "What conditions should it handle?"
    explained = say(assistant, "rest-2", "what does breathable mean?")
    assert explained[0]["text"].startswith("Breathable:")
    assert explained[-1]["text"] == "What conditions should it handle?", "the question comes back"
    asked = say(assistant, "rest-2", "/no_preference")
    assert asked[-1]["text"].startswith("Which features matter most?")
    for answer in ("waterproof", "for men", "100-250 euros"):
        messages = say(assistant, "rest-2", answer)
    first = carousel_of(messages)
    assert first, messages
    cheaper = say(assistant, "rest-2", "anything cheaper?")
    assert cheaper[0]["text"].startswith("Cheaper ones")
    assert carousel_of(cheaper)


def test_rasas_http_api_needs_the_token_a_transcript_is_not_public(assistant: Services) -> None:
    say(assistant, "rest-4", "hello")
    url = f"http://127.0.0.1:{assistant.settings.rasa_port}/conversations/rest-4/tracker"
    assert requests.get(url, timeout=10).status_code == 401
    tracker = requests.get(url, params={"token": assistant.keys.rasa_token}, timeout=10)
    assert tracker.status_code == 200 and tracker.json()["sender_id"] == "rest-4"


def test_rasa_answers_small_talk_from_its_own_model(assistant: Services) -> None:
    messages = say(assistant, "rest-3", "hello")
    assert messages and "Outfitter" in messages[0]["text"]


def test_the_project_root_holds_the_rasa_files() -> None:
    for name in ("config.yml", "domain.yml", "endpoints.yml", "credentials.yml", "data/nlu", "data/rules"):
        assert (PROJECT_ROOT / name).exists(), name
