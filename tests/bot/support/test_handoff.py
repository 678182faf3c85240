"""Hand-off cases: opened once with the transcript, the shopper's words relayed, the team's answers delivered
once, and the Rasa events that end the hand-off when the case is closed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.support import cases, handoff
from tests.bot.support.conftest import NOW

TRANSCRIPT = [("shopper", "where is my order"), ("bot", "What's the order number?"), ("shopper", "a person pls")]


def test_a_handoff_is_opened_once_with_the_transcript_and_again_after_closing(session: Session) -> None:
    first = handoff.open_handoff(session, "conv-1", TRANSCRIPT, reason="a person pls", now=NOW)
    again = handoff.open_handoff(session, "conv-1", [*TRANSCRIPT, ("shopper", "hello??")], now=NOW)
    assert first.created and not again.created and again.case.id == first.case.id
    assert [(e.actor, e.text) for e in first.case.events if e.kind == "message"] == TRANSCRIPT
    cases.close(session, first.case, agent="Mia", now=NOW)
    later = handoff.open_handoff(session, "conv-1", TRANSCRIPT, now=NOW)
    assert later.created and later.case.id != first.case.id
    assert handoff.latest_handoff(session, "conv-1").id == later.case.id  # type: ignore[union-attr]


def test_the_shoppers_words_go_to_the_open_case_only(session: Session) -> None:
    assert not handoff.relay_shopper(session, "conv-2", "anyone?", now=NOW)
    opened = handoff.open_handoff(session, "conv-2", [], now=NOW)
    assert handoff.relay_shopper(session, "conv-2", "anyone?", now=NOW)
    assert opened.case.events[-1].text == "anyone?" and opened.case.events[-1].actor == "shopper"
    cases.close(session, opened.case, agent="Mia", now=NOW)
    assert not handoff.relay_shopper(session, "conv-2", "still there?", now=NOW)


def test_pending_answers_are_those_after_the_last_delivered(session: Session) -> None:
    opened = handoff.open_handoff(session, "conv-3", TRANSCRIPT, now=NOW)
    first = cases.reply(session, opened.case, "Hi, Mia here.", "Mia", now=NOW)
    cases.add_note(session, opened.case, "check the courier", "Mia", now=NOW)  # never shown to the shopper
    news = handoff.pending(session, "conv-3", 0)
    assert [m.text for m in news.messages] == ["Hi, Mia here."] and not news.closed
    second = cases.reply(session, opened.case, "It's with the courier.", "Mia", now=NOW)
    news = handoff.pending(session, "conv-3", first.id)
    assert [m.text for m in news.messages] == ["It's with the courier."] and news.last_event_id == second.id
    assert handoff.pending(session, "conv-3", second.id).messages == ()
    assert handoff.pending(session, "conv-other", 0).messages == ()


def test_delivery_events_say_the_answers_and_hand_back_once_closed(session: Session) -> None:
    opened = handoff.open_handoff(session, "conv-4", TRANSCRIPT, now=NOW)
    cases.reply(session, opened.case, "Sorted: a new one is on its way.", "Mia", now=NOW)
    open_events = handoff.delivery_events(handoff.pending(session, "conv-4", 0), in_handoff=True)
    assert [e["event"] for e in open_events] == ["bot", "slot"]
    assert open_events[0]["text"] == "Mia: Sorted: a new one is on its way."
    cases.close(session, opened.case, agent="Mia", now=NOW)
    news = handoff.pending(session, "conv-4", open_events[1]["value"])
    closing = handoff.delivery_events(news, in_handoff=True)
    assert {"event": "active_loop", "name": None} in closing
    assert closing[-1]["text"].startswith(f"Mia closed your request {opened.case.case_number}")
    assert all(e["event"] != "active_loop" for e in handoff.delivery_events(news, in_handoff=False))
