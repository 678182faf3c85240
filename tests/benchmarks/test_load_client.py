"""The load test's own logic, without the bot: its bounds (loopback only, capped), the summary maths, how turns are
classified and judged, how a shopper answers the finder, the CPU groups and the saturation verdict, and whole
conversations against a made-up bot served on loopback."""

from __future__ import annotations

import asyncio
import random
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.background_run import free_ports
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))  # the benchmarks are scripts that import their siblings

import load
import load_script as script
from load_cpu import (
    ACTIONS,
    CLIENT,
    NGINX,
    OTHER,
    PG_BACKENDS,
    PG_SERVER,
    RASA,
    TREE_OTHER,
    WEB,
    CpuReport,
    GroupLoad,
    group_of,
    verdict,
)
from load_stats import BoundsError, Turn, check_bounds, failing, loopback_url, percentiles, rest_url, summarise

from bot.finder.ladder import GUIDED, OUT_OF_SCOPE, REPHRASE

WEBHOOK = "/webhooks/rest/webhook"
CAROUSEL = {"custom": {"type": "carousel", "products": [{"position": 1, "sku": "A"}, {"position": 2, "sku": "B"}]}}
QUESTION = [{"text": "What will you mostly use it for?",
             "buttons": [{"title": "Hiking", "payload": '/inform{"activity":"hiking"}'},
                         {"title": "Skiing", "payload": '/inform{"activity":"skiing"}'},
                         {"title": "No preference", "payload": "/no_preference"}]}]


# --- bounds -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["http://127.0.0.1:5005", "http://localhost:8080/", "http://[::1]:5005/x",
                                 "https://127.0.0.2:443"])
def test_loopback_urls_are_accepted(url: str) -> None:
    assert loopback_url(url) == url


@pytest.mark.parametrize("url", ["http://example.com:5005", "http://10.0.0.5:5005", "http://192.168.1.20/",
                                 "http://127.0.0.1.example.com/", "http://[2001:db8::1]:80/", "http:///nohost"])
def test_a_remote_url_is_refused_naming_it(url: str) -> None:
    with pytest.raises(BoundsError, match="not loopback") as refused:
        loopback_url(url)
    assert url in str(refused.value) and "--url" in str(refused.value)


def test_only_http_urls_and_the_named_schemes() -> None:
    with pytest.raises(BoundsError, match="only http:// or https://"):
        loopback_url("ftp://127.0.0.1/")
    assert loopback_url("postgresql+psycopg2://postgres@127.0.0.1:5432/postgres", "--postgres", ("postgresql",))
    with pytest.raises(BoundsError, match="--redis"):
        loopback_url("redis://cache.example.com:6379/0", "--redis", ("redis",))


def test_the_command_line_refuses_a_remote_target(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        load.parse(["--url", "http://203.0.113.7:5005"])
    assert "not loopback" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        load.parse(["--pairs", "1", "--postgres", "postgresql://postgres@db.example.com/postgres"])
    assert "--postgres" in capsys.readouterr().err


@pytest.mark.parametrize(("conversations", "duration", "think", "timeout", "named"), [
    (201, 60, 0, 30, "--conversations 201"), (0, 60, 0, 30, "--conversations 0"),
    (20, 3601, 0, 30, "--duration 3601"), (20, 0.5, 0, 30, "--duration 0.5"),
    (20, 60, -1, 30, "--think -1"), (20, 60, 0, 0, "--timeout 0")])
def test_concurrency_duration_and_pauses_are_capped(conversations: int, duration: float, think: float,
                                                     timeout: float, named: str) -> None:
    with pytest.raises(BoundsError, match=named):
        check_bounds(conversations, duration, think, timeout)
    check_bounds(200, 3600, 0, 30)  # the caps themselves are allowed


def test_the_rest_webhook_is_added_once() -> None:
    assert rest_url("http://127.0.0.1:8080/") == "http://127.0.0.1:8080/webhooks/rest/webhook"
    assert rest_url(f"http://127.0.0.1:9{WEBHOOK}") == f"http://127.0.0.1:9{WEBHOOK}"
    assert load.parse(["--url", "http://localhost:8080"]).url == "http://localhost:8080/webhooks/rest/webhook"


# --- summary maths ------------------------------------------------------------------------------------------------

def test_percentiles_interpolate_between_ranks() -> None:
    assert percentiles(list(range(1, 101))) == pytest.approx((50.5, 95.05, 99.01))
    assert percentiles([7.0]) == (7.0, 7.0, 7.0)
    assert all(v != v for v in percentiles([]))  # NaN: no turn, no latency


def test_the_summary_counts_rates_and_errors_per_type_and_overall() -> None:
    turns = [Turn("small talk", ms) for ms in (10, 20, 30, 40)]
    turns += [Turn("suggestion", 100), Turn("suggestion", 300, "timeout"), Turn("suggestion", 200, "timeout"),
              Turn("suggestion", 150, "HTTP 503")]
    rows = {r.kind: r for r in summarise(turns, elapsed=4.0, kinds=script.TURN_TYPES)}
    assert list(rows) == ["small talk", "suggestion", "all"]  # types with no turn are left out; "all" last
    talk, suggestion, everything = rows["small talk"], rows["suggestion"], rows["all"]
    assert (talk.count, talk.per_second, talk.errors, talk.p50) == (4, 1.0, 0, 25.0)
    assert (suggestion.count, suggestion.errors) == (4, 3)
    assert suggestion.reasons == (("timeout", 2), ("HTTP 503", 1))
    assert suggestion.p99 == pytest.approx(297.0)  # 200 + 0.97 × 100: failed turns count with their time
    assert (everything.count, everything.per_second, everything.errors) == (8, 2.0, 3)
    with pytest.raises(ValueError, match="elapsed"):
        summarise(turns, elapsed=0, kinds=script.TURN_TYPES)


def test_the_commonest_failures_name_what_was_said() -> None:
    turns = [Turn("refinement", 5, "fallback: asked to rephrase", "in blue please")] * 3
    turns += [Turn("small talk", 5, "timeout", "hi"), Turn("small talk", 5, None, "hello")]
    assert failing(turns) == [("refinement", "in blue please", "fallback: asked to rephrase", 3),
                              ("small talk", "hi", "timeout", 1)]


# --- classification and judgement ---------------------------------------------------------------------------------

def test_a_finder_answer_that_brings_the_carousel_is_the_suggestion_turn() -> None:
    assert script.classify(script.FINDER, [{"text": "Here are my picks"}, CAROUSEL]) == script.SUGGESTION
    assert script.classify(script.FINDER, QUESTION) == script.FINDER
    assert script.classify(script.REFINEMENT, [CAROUSEL]) == script.REFINEMENT
    assert script.classify(script.SUPPORT, [{"text": "Your order shipped"}]) == script.SUPPORT


@pytest.mark.parametrize(("status", "body", "expect", "reason"), [
    (None, None, None, "no answer"), (503, None, None, "HTTP 503"), (200, {"error": 1}, None, "not a list"),
    (200, [], None, "empty answer"), (200, [{"text": REPHRASE}], None, "fallback: asked to rephrase"),
    (200, [{"text": GUIDED, "buttons": []}], None, "fallback: guided buttons"),
    (200, [{"text": OUT_OF_SCOPE}], None, "out of scope"),
    (200, [{"text": "The catalog isn't available right now, sorry. Please try again in a moment."}], None,
     "catalog not available"),
    (200, [{"text": "I could not find that order"}], "OF-100106", "answer without 'OF-100106'"),
])
def test_failures_are_named(status: int | None, body: Any, expect: str | None, reason: str) -> None:
    assert reason in (script.judge(status, body, expect) or "")


def test_a_real_answer_is_no_error() -> None:
    assert script.judge(200, [{"text": "Here are my picks"}, CAROUSEL]) is None
    assert script.judge(200, [{"text": "OF-100106 shipped on 2 May"}], "OF-100106") is None


def test_the_shopper_answers_a_question_from_its_buttons_by_tap_or_in_words() -> None:
    rng = random.Random(1)
    answers = {script.finder_answer(QUESTION, rng) for _ in range(200)}
    assert {'/inform{"activity":"hiking"}', '/inform{"activity":"skiing"}', "/no_preference"} <= answers
    worded = answers - {'/inform{"activity":"hiking"}', '/inform{"activity":"skiing"}', "/no_preference"}
    assert worded and all("hiking" in a or "skiing" in a for a in worded)
    ways_out = [{"text": "Let's keep it simple", "buttons": [{"title": "Search", "payload": "/just_search"},
                                                              {"title": "Slim fit", "payload": "Slim fit"}]}]
    assert {script.finder_answer(ways_out, rng) for _ in range(50)} <= {"Slim fit", "no preference"}
    assert script.finder_answer([{"text": "What's your budget?"}], rng) == "no preference"


# --- CPU groups and the verdict -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("cmdline", "name", "in_tree", "group"), [
    ("/w/.venv-rasa/bin/python /w/.venv-rasa/bin/rasa run --enable-api --port 5006", "rasa", True, RASA),
    ("/w/.venv/bin/python -m rasa_sdk --actions actions --port 5056", "python", True, ACTIONS),
    ("/w/.venv/bin/python -m bot.action_server --actions actions --port 5056", "python", True, ACTIONS),
    ("/w/.venv/bin/python -m pytest tests/", "python", True, TREE_OTHER),
    ("/w/.venv/bin/python -m uvicorn bot.web.app:create_app --factory", "python", True, WEB),
    ("nginx: worker process", "nginx", True, NGINX),
    ("/w/.venv-rasa/bin/python /w/.venv-rasa/bin/rasa run --port 5005", "rasa", False, OTHER),
    ("/w/.venv-rasa/bin/python /w/.venv-rasa/bin/rasa run --port 5005", "rasa", None, RASA),
    ("postgres: postgres outfitter_load_ab12 127.0.0.1(5123) idle", "postgres", None, PG_BACKENDS),
    ("postgres: postgres outfitter_load_ab12_trackers 127.0.0.1(5124) idle", "postgres", False, PG_BACKENDS),
    ("postgres: walwriter", "postgres", None, PG_SERVER),
])
def test_processes_fall_into_their_groups(cmdline: str, name: str, in_tree: bool | None, group: str) -> None:
    assert group_of(cmdline, name, in_tree=in_tree, database="outfitter_load_ab12", own=False) == group
    assert group_of(cmdline, name, in_tree=in_tree, database=None, own=True) == CLIENT


def test_the_verdict_names_the_group_nearest_its_ceiling() -> None:
    # Two Rasa servers at 150% of a core use 75% of their two cores; one action server at 90% is nearer its one.
    report = CpuReport(cores=2, machine_busy=0.95, groups=[GroupLoad(RASA, 2, 150, 190),
                                                           GroupLoad(ACTIONS, 1, 90, 100),
                                                           GroupLoad(OTHER, 40, 120, 150)])
    said = verdict(report)
    assert said.startswith(f"saturates first: {ACTIONS}") and "90% of its ceiling of 1 core" in said
    assert "2 cores were 95% busy" in said and "saturated" in said
    calm = verdict(CpuReport(2, 0.3, [GroupLoad(RASA, 1, 30, 50)]))
    assert RASA in calm and "saturated" not in calm
    assert "no process of the assistant" in verdict(CpuReport(2, 0.1, [GroupLoad(OTHER, 9, 10, 20)]))


# --- whole conversations against a made-up bot ---------------------------------------------------------------------

def fake_bot() -> tuple[web.Application, dict[str, list[str]]]:
    """Greets, asks two questions (or none after a full request), suggests, refines, answers support questions;
    records what each sender said."""
    said: dict[str, list[str]] = {}

    async def answer(request: web.Request) -> web.Response:
        body = await request.json()
        sender, text = body["sender"], body["message"]
        history = said.setdefault(sender, [])
        history.append(text)
        finder = [t for t in history if t not in script.GREETINGS]
        if text in script.GREETINGS:
            reply: list[dict[str, Any]] = [{"text": "Hi! I'm Outfitter."}]
        elif text in script.DIRECT_REQUESTS or (len(finder) == 3 and history[1] in script.VAGUE_OPENINGS):
            reply = [{"text": "Here are my picks"}, CAROUSEL]
        elif len(finder) < 3 and history[1] in script.VAGUE_OPENINGS:
            reply = QUESTION
        elif any(text == r for (r,) in script.REFINEMENTS):
            reply = [{"text": "How about these"}, CAROUSEL]
        elif text == script.DEMO_EMAIL:
            reply = [{"text": f"{script.DEMO_ORDER} shipped on 2 May and is on its way"}]
        else:
            reply = [{"text": "Noted."}]
        return web.json_response(reply)

    app = web.Application()
    app.router.add_post(WEBHOOK, answer)
    return app, said


@asynccontextmanager
async def served(app: web.Application) -> AsyncIterator[str]:
    """``app`` on a free loopback port, for as long as the block runs; its REST webhook's URL."""
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        port = runner.addresses[0][1]
        yield f"http://127.0.0.1:{port}{WEBHOOK}"
    finally:
        await runner.cleanup()


def test_a_conversation_walks_the_whole_visit_in_order() -> None:
    app, said = fake_bot()
    turns: list[Turn] = []

    def check_visit() -> None:
        kinds = [t.kind for t in turns]
        assert all(t.error is None for t in turns), [t.error for t in turns]
        assert kinds[0] == script.SMALL_TALK and kinds[-1] == script.SMALL_TALK
        assert kinds.count(script.SUGGESTION) == 1
        start = kinds.index(script.SUGGESTION)
        assert set(kinds[1:start]) <= {script.FINDER}
        assert kinds[start + 1] == script.REFINEMENT and script.SUPPORT in kinds[start + 1:]

    async def visits() -> None:
        async with served(app) as url, aiohttp.ClientSession() as client:
            for seed in range(12):
                turns.clear()
                shopper = load.Shopper(client, url, f"s-{seed}", turns.append, think=0)
                await load.conversation(shopper, random.Random(seed),
                                        deadline=asyncio.get_running_loop().time() + 60)
                check_visit()

    asyncio.run(visits())
    assert len(said) == 12  # each conversation its own sender


def test_the_load_runs_closed_loop_new_senders_and_stops_at_the_deadline() -> None:
    app, said = fake_bot()

    async def load_it() -> tuple[list[Turn], float]:
        async with served(app) as url:
            return await load.run_load(url, 3, 0.3, think=0, timeout=5, seed=1)

    turns, elapsed = asyncio.run(load_it())
    assert turns and 0.3 <= elapsed < 5
    assert all(t.error is None for t in turns), [t.error for t in turns]
    assert len(said) > 3  # conversations start again as soon as one ends, each with a new sender id
    assert sum(len(v) for v in said.values()) == len(turns)


def test_a_turn_without_an_answer_is_an_error_named_for_its_cause() -> None:
    async def broken(request: web.Request) -> web.Response:
        text = (await request.json())["message"]
        if text in script.GREETINGS:
            return web.Response(text="<html>not json</html>", content_type="text/html")
        return web.Response(status=502)

    app = web.Application()
    app.router.add_post(WEBHOOK, broken)
    turns: list[Turn] = []

    async def visit() -> None:
        async with served(app) as url, aiohttp.ClientSession() as client:
            shopper = load.Shopper(client, url, "s-broken", turns.append, think=0)
            await shopper.say(script.Say(script.GREETINGS[0], script.SMALL_TALK))
            await shopper.say(script.Say("under 100", script.FINDER))
        # nothing listens there any more
        async with aiohttp.ClientSession() as client:
            await load.Shopper(client, url, "s-gone", turns.append, think=0).say(
                script.Say(script.GREETINGS[0], script.SMALL_TALK))

    asyncio.run(visit())
    assert [t.error for t in turns[:2]] == ["not JSON", "HTTP 502"]
    assert turns[2].error == "no answer (ClientConnectorError)"


def test_the_load_refuses_a_remote_url_even_when_called_directly() -> None:
    with pytest.raises(BoundsError):
        asyncio.run(load.run_load("http://198.51.100.1/webhooks/rest/webhook", 1, 1, think=0, timeout=1, seed=1))


def test_the_assistant_gets_distinct_free_ports_below_the_ephemeral_range() -> None:
    taken: set[int] = set()
    blocks = [(free_ports(3, taken), 3), (free_ports(3, taken), 3), (free_ports(1, taken), 1)]
    ports = [p for first, n in blocks for p in range(first, first + n)]
    assert len(set(ports)) == len(ports) == 7 and set(ports) == taken
    assert all(10_000 <= p < 32768 for p in ports)
