"""A hand-off in the widget's channel: the shop's page talks to Rasa over socket.io (as rasa-webchat does), a
person answers from the support console, and the answer reaches the open page at once; closing the case hands
the conversation back to the bot."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.keys import Role
from bot.services import Services
from bot.support.handoff import latest_handoff
from bot.web.app import create_app
from tests.rasa.widget_client import WAIT, Widget

pytestmark = pytest.mark.rasa


def wait_for_shopper_line(services: Services, conversation: str, text: str) -> bool:
    """Whether the shopper's words reach the hand-off case within WAIT (the bot passes them on as it reads them)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        with services.sessions() as session:
            case = latest_handoff(session, conversation)
            if case is not None and any(e.actor == "shopper" and e.text == text for e in case.events):
                return True
        time.sleep(0.2)
    return False


@pytest.fixture
def widget(assistant: Services) -> Iterator[Widget]:
    page = Widget(f"http://127.0.0.1:{assistant.settings.rasa_port}")
    yield page
    page.client.disconnect()


def test_a_persons_answer_reaches_the_open_widget_and_closing_hands_back(assistant: Services,
                                                                          widget: Widget) -> None:
    console = TestClient(create_app(assistant))
    staff = {"Authorization": f"Bearer {assistant.keys.tokens[Role.SUPPORT]}"}
    widget.say("hi")
    widget.hear("Outfitter")
    widget.say("can i speak to a human please")
    widget.hear("person from our team")
    with assistant.sessions() as session:
        case = latest_handoff(session, widget.session_id)
        assert case is not None
        number = case.case_number

    replied = console.post(f"/api/support/cases/{number}/reply", headers=staff,
                           json={"text": "Hello, Mia here. How can I help?", "agent": "Mia"})
    assert replied.status_code == 200, replied.text
    assert replied.json()["delivered"]["pushed"] == 1
    assert widget.hear("Mia here") == "Mia: Hello, Mia here. How can I help?"

    widget.say("my tent pole snapped")
    assert wait_for_shopper_line(assistant, widget.session_id, "my tent pole snapped")
    closed = console.post(f"/api/support/cases/{number}/close", headers=staff, json={"agent": "Mia"})
    assert closed.status_code == 200, closed.text
    assert "you're back with me" in widget.hear("you're back with me")

    widget.say("i need a rain jacket")
    assert widget.hear("?")  # the finder asks its first question: the bot has the conversation again
