"""Processes that die under a conversation: an action server killed mid-turn, every Rasa server restarted.
The shopper's conversation goes on, and what she already answered is kept (trackers live in PostgreSQL)."""

from __future__ import annotations

import threading
import time

import requests

from tests.production.conftest import SOAK, Cluster, texts
from tests.production.conversation import answered, asked, carousel, new_sender, to_suggestions


def test_a_conversation_goes_on_through_the_other_action_server_when_one_is_killed(healthy: Cluster) -> None:
    who = new_sender("killed-actions")
    assert asked(answered(healthy, who, "I need a rain jacket")) is not None
    failures: list[str] = []
    answers = 0
    stop = threading.Event()

    def keep_asking() -> None:  # other shoppers' turns in flight while the process dies
        nonlocal answers
        while not stop.is_set():
            other = new_sender("busy")
            for message in ("show me waterproof hiking jackets for women under 200", "cheaper"):
                try:
                    response = healthy.say(other, message)
                    if response.status_code != 200 or not response.json():
                        failures.append(f"{message!r}: {response.status_code} {response.text[:200]}")
                    answers += 1
                except requests.RequestException as exc:
                    failures.append(f"{message!r}: {exc}")

    busy = [threading.Thread(target=keep_asking) for _ in range(3)]
    for thread in busy:
        thread.start()
    time.sleep(2)
    victim = healthy.names("actions-")[0]
    killed = healthy.kill(victim)
    products = to_suggestions(healthy, who, "for women, under 200")
    time.sleep(20 if SOAK else 3)
    stop.set()
    for thread in busy:
        thread.join(timeout=120)
    assert products and all((p["sale_price"] or p["price"]) <= 200 for p in products)
    assert not failures, failures[:5]
    assert answers >= 6
    healthy.wait_healthy()
    assert healthy.pid(victim) != killed, "the supervisor did not start the killed action server again"
    assert f"{victim} stopped" in healthy.log()


def test_a_conversation_resumes_after_every_rasa_server_restarts_with_its_answers_kept(healthy: Cluster) -> None:
    who = new_sender("restarted-rasa")
    assert asked(answered(healthy, who, "I need a jacket")) == "activity"
    assert asked(answered(healthy, who, "hiking")) not in (None, "activity")
    for answer in ("for women", "under 150"):  # answers to questions not asked yet: kept for later
        said = answered(healthy, who, answer)
        assert asked(said) not in (None, "fit", "budget"), texts(said)
    killed = {name: healthy.kill(name) for name in healthy.names("rasa-")}
    down = healthy.say(who, "no preference")
    assert down.status_code == 503 and "try again" in texts(down.json()), down.text[:300]
    healthy.wait_healthy()
    assert all(healthy.pid(name) != pid for name, pid in killed.items())
    messages = answered(healthy, who, "no preference")
    for _ in range(6):
        assert asked(messages) not in ("activity", "fit", "budget"), f"an answer was forgotten: {texts(messages)}"
        if products := carousel(messages):
            break
        messages = answered(healthy, who, "no preference")
    else:
        raise AssertionError(f"no carousel after the restart: {texts(messages)}")
    assert all((p["sale_price"] or p["price"]) <= 150 for p in products), products
