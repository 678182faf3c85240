"""The support console's API on SQLite and PostgreSQL: the team lists and opens cases and works them; every
move lands in the case's history, a refused request changes nothing, and only the support token gets in."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.db import session_factory
from bot.keys import Role
from bot.services import Services
from bot.settings import Settings
from bot.support.cases import open_case
from bot.support.handoff import HANDOFF_LOOP, SEEN_SLOT
from bot.support.models import CaseEvent, Order, OrderLine, SupportCase
from bot.support.relay import RasaRelay, RelayError
from bot.web.app import create_app
from tests.bot.web_helpers import bearer

from .conftest import NOW


class FakeRelay(RasaRelay):
    """Rasa's API as :func:`bot.support.relay.deliver` sees it: one socket.io conversation in the hand-off
    loop, which records what is appended to it (or, with ``down``, a Rasa that cannot be reached)."""

    def __init__(self, *, channel: str = "socketio", down: bool = False) -> None:
        super().__init__("http://rasa.invalid", "rasa-token")
        self.channel, self.down = channel, down
        self.seen: dict[str, int] = {}
        self.appended: list[tuple[str, list[dict[str, Any]]]] = []

    def tracker(self, conversation_id: str) -> dict[str, Any]:
        if self.down:
            raise RelayError("Rasa at http://rasa.invalid is not reachable: ConnectionError")
        return {"latest_input_channel": self.channel, "slots": {SEEN_SLOT: self.seen.get(conversation_id, 0)},
                "active_loop": {"name": HANDOFF_LOOP}}

    def append(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        self.appended.append((conversation_id, events))
        for event in events:
            if event.get("event") == "slot" and event.get("name") == SEEN_SLOT:
                self.seen[conversation_id] = event["value"]


@dataclass
class Desk:
    services: Services
    client: TestClient
    engine: Engine
    numbers: dict[str, str]  # "refund", "exchange", "warranty", "cancel", "handoff" -> case number
    relay: FakeRelay = field(default_factory=FakeRelay)

    def as_support(self, method: str, path: str, body: Any = None) -> Any:
        kwargs: dict[str, Any] = {"headers": bearer(self.services, Role.SUPPORT)}
        if body is not None:
            kwargs["json"] = body
        return self.client.request(method, path, **kwargs)

    def case(self, name: str) -> dict[str, Any]:
        response = self.as_support("GET", f"/api/support/cases/{self.numbers[name]}")
        assert response.status_code == 200, response.text
        return response.json()

    def act(self, name: str, action: str, body: Any = None) -> Any:
        return self.as_support("POST", f"/api/support/cases/{self.numbers[name]}/{action}", body)


@pytest.fixture
def desk(db_engine: Engine, session: Session, orders: dict[str, Order], tmp_path: Path) -> Iterator[Desk]:
    """Five open cases, one of each kind (two returns: a refund and an exchange), and the web app on them."""
    one, nine = orders["OF-1"], orders["OF-9"]
    opened = {
        "refund": open_case(session, "return", "conv-1", one, [one.lines[0].id], "Too small.", resolution="refund",
                            condition="new", now=NOW),
        "exchange": open_case(session, "return", "conv-1", one, [one.lines[1].id], "Wrong colour.",
                              resolution="exchange", now=NOW),
        "warranty": open_case(session, "warranty", "conv-9", nine, [nine.lines[0].id], "The zip broke.",
                              photo_url="https://example.com/zip.jpg", now=NOW),
        "cancel": open_case(session, "cancel", "conv-2", orders["OF-2"], [], "Changed my mind.", now=NOW),
        "handoff": open_case(session, "handoff", "conv-h", None, [], "Can I talk to a person?", now=NOW),
    }
    session.commit()
    services = Services(Settings(home=tmp_path / "home"))
    services.__dict__["engine"] = db_engine  # the parametrized database, SQLite or PostgreSQL
    relay = FakeRelay()
    services.__dict__["support_relay"] = relay
    client = TestClient(create_app(services))
    yield Desk(services, client, db_engine, {name: o.case.case_number for name, o in opened.items()}, relay)
    client.close()


def snapshot(engine: Engine) -> list[tuple[Any, ...]]:
    """Every row the console could touch, to show that a refused request changed none."""
    with session_factory(engine)() as session:
        rows: list[tuple[Any, ...]] = []
        for model in (SupportCase, CaseEvent, Order, OrderLine):
            columns = list(model.__table__.columns)
            rows += [tuple(row) for row in session.execute(select(*columns).order_by(columns[0]))]
        return rows


def history(case: dict[str, Any]) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return [(e["actor"], e["kind"], e["text"], e["from_status"], e["to_status"]) for e in case["case"]["transcript"]]


# --- reading -------------------------------------------------------------------------------------------------

def test_cases_are_listed_by_kind_and_status_a_page_at_a_time(desk: Desk) -> None:
    everything = desk.as_support("GET", "/api/support/cases").json()
    assert everything["total"] == 5 and len(everything["cases"]) == 5
    first = everything["cases"][0]
    assert set(first) >= {"case_number", "kind", "status", "status_text", "order_number", "items", "created_at",
                          "updated_at"}
    refund = next(c for c in everything["cases"] if c["case_number"] == desk.numbers["refund"])
    assert refund["items"] == ["Drumlin Shell Jacket"] and refund["order_number"] == "OF-1"
    assert refund["status_text"].startswith(f"Your return {desk.numbers['refund']} for the Drumlin Shell Jacket")

    returns = desk.as_support("GET", "/api/support/cases?kind=return").json()
    assert returns["total"] == 2 and {c["kind"] for c in returns["cases"]} == {"return"}
    assert desk.act("refund", "approve").status_code == 200
    approved = desk.as_support("GET", "/api/support/cases?status=approved").json()
    assert [c["case_number"] for c in approved["cases"]] == [desk.numbers["refund"]]
    open_returns = desk.as_support("GET", "/api/support/cases?kind=return&status=open").json()
    assert [c["case_number"] for c in open_returns["cases"]] == [desk.numbers["exchange"]]
    # The latest update first: the case just approved leads.
    assert desk.as_support("GET", "/api/support/cases").json()["cases"][0]["case_number"] == desk.numbers["refund"]

    pages = [desk.as_support("GET", f"/api/support/cases?limit=2&offset={offset}").json() for offset in (0, 2, 4)]
    assert [len(p["cases"]) for p in pages] == [2, 2, 1] and {p["total"] for p in pages} == {5}
    assert len({c["case_number"] for p in pages for c in p["cases"]}) == 5


@pytest.mark.parametrize(("query", "name"), [("kind=refund", "kind"), ("status=done", "status"),
                                             ("limit=0", "limit"), ("limit=201", "limit"), ("offset=-1", "offset")])
def test_a_bad_filter_is_a_422_naming_it(desk: Desk, query: str, name: str) -> None:
    response = desk.as_support("GET", f"/api/support/cases?{query}")
    assert response.status_code == 422 and [e["loc"] for e in response.json()["detail"]] == [["query", name]]


def test_a_case_comes_with_its_order_and_its_whole_transcript(desk: Desk) -> None:
    assert desk.act("warranty", "note", {"text": "Ask for the receipt.", "agent": "Dana"}).status_code == 200
    view = desk.case("warranty")
    case = view["case"]
    assert case["summary"]["kind"] == "warranty" and case["summary"]["status"] == "open"
    assert case["photo_url"] == "https://example.com/zip.jpg" and case["conversation_id"] == "conv-9"
    order = case["order"]
    assert order["order_number"] == "OF-9" and order["status"] == "delivered"
    assert order["tracking_url"] == "https://tracking.example.com/OF-9"
    assert order["placed_on"] == "2025-05-13" and order["delivered_on"] == "2025-05-23"
    assert [line["title"] for line in order["lines"]] == ["Drumlin Shell Jacket", "Merino Base Layer"]
    assert case["line_ids"] == [order["lines"][0]["line_id"]]
    assert "email" not in json.dumps(view)  # the console reads the order as its owner would, never the email
    # The team sees its notes; the shopper is never shown them (case_views leaves them out for the bot).
    assert history(view) == [("bot", "opened", "The zip broke.", None, "open"),
                             ("agent:Dana", "note", "Ask for the receipt.", None, None)]
    assert view["moves"] == ["approved", "closed", "rejected"] and view["writable"] is True
    handoff = desk.case("handoff")
    assert handoff["case"]["order"] is None and handoff["moves"] == ["closed"]
    lower = desk.as_support("GET", f"/api/support/cases/{desk.numbers['refund'].lower()}")
    assert lower.status_code == 200 and lower.json()["case"]["summary"]["case_number"] == desk.numbers["refund"]


def test_an_unknown_case_is_a_404_naming_it(desk: Desk) -> None:
    for method, path in (("GET", "/api/support/cases/C-999999"), ("POST", "/api/support/cases/c-999999/approve"),
                         ("POST", "/api/support/cases/C-999999/reply")):
        response = desk.as_support(method, path, {"text": "Hello"} if path.endswith("reply") else None)
        assert response.status_code == 404, response.text
        assert response.json()["detail"] == "case C-999999: no such case"
    bad = desk.as_support("GET", "/api/support/cases/C%20000001")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["path", "case_number"]


# --- working a case ------------------------------------------------------------------------------------------

def test_a_return_is_approved_refunded_and_closed_each_move_in_its_history(desk: Desk) -> None:
    approved = desk.act("refund", "approve", {"agent": "Dana", "note": "Send it back with the label."})
    assert approved.status_code == 200, approved.text
    assert approved.json()["case"]["summary"]["status"] == "approved"
    assert approved.json()["moves"] == ["closed", "refund_issued"]
    assert "delivered" not in approved.json()  # a status move is read by the shopper from the bot, not pushed
    refunded = desk.act("refund", "refund", {"agent": "Lee"}).json()
    assert refunded["case"]["summary"]["status"] == "refund_issued"
    assert "the refund was issued" in refunded["case"]["summary"]["status_text"]
    closed = desk.act("refund", "close").json()  # no body at all: the agent is "support"
    assert closed["case"]["summary"]["status"] == "closed" and closed["moves"] == [] and not closed["writable"]
    assert history(closed) == [
        ("bot", "opened", "Too small.", None, "open"),
        ("agent:Dana", "status", "Send it back with the label.", "open", "approved"),
        ("agent:Lee", "status", None, "approved", "refund_issued"),
        ("agent:support", "status", None, "refund_issued", "closed"),
    ]
    assert closed["delivered"] == {"channel": "socketio", "pushed": 0, "handed_back": False}


def test_a_claim_is_rejected_with_its_reason_for_the_shopper(desk: Desk) -> None:
    rejected = desk.act("warranty", "reject", {"reason": "Accidental damage is not covered.", "agent": "Dana"})
    assert rejected.status_code == 200, rejected.text
    summary = rejected.json()["case"]["summary"]
    assert summary["status"] == "rejected" and summary["status_text"].endswith(": Accidental damage is not covered.")
    assert history(rejected.json())[-1] == ("agent:Dana", "status", "Accidental damage is not covered.", "open",
                                            "rejected")


def test_a_cancellation_gets_its_refund(desk: Desk) -> None:
    refunded = desk.act("cancel", "refund", {"note": "Refunded to your card."})
    assert refunded.status_code == 200 and refunded.json()["case"]["summary"]["status"] == "refund_issued"


def test_a_reply_reaches_the_conversation_and_a_close_hands_it_back(desk: Desk) -> None:
    replied = desk.act("handoff", "reply", {"text": "Hi, I'm Ana.\nHow can I help?", "agent": "Ana"})
    assert replied.status_code == 200, replied.text
    body = replied.json()
    assert body["delivered"] == {"channel": "socketio", "pushed": 1, "handed_back": False}
    assert body["delivery_error"] is None
    assert history(body)[-1] == ("agent:Ana", "message", "Hi, I'm Ana.\nHow can I help?", None, None)
    conversation, events = desk.relay.appended[-1]
    assert conversation == "conv-h"
    assert [e["text"] for e in events if e["event"] == "bot"] == ["Ana: Hi, I'm Ana.\nHow can I help?"]

    # A note is for the team: nothing is pushed for it.
    assert "delivered" not in desk.act("handoff", "note", {"text": "Wants a bigger size."}).json()
    assert len(desk.relay.appended) == 1

    closed = desk.act("handoff", "close", {"agent": "Ana"}).json()
    assert closed["case"]["summary"]["status"] == "closed"
    assert closed["delivered"] == {"channel": "socketio", "pushed": 0, "handed_back": True}
    _, events = desk.relay.appended[-1]
    assert {"event": "active_loop", "name": None} in events
    assert "you're back with me" in events[-1]["text"]


def test_a_reply_is_stored_when_rasa_cannot_be_reached(desk: Desk) -> None:
    desk.relay.down = True
    replied = desk.act("handoff", "reply", {"text": "Are you still there?"})
    assert replied.status_code == 200, replied.text
    assert replied.json()["delivered"] is None
    assert replied.json()["delivery_error"] == "Rasa at http://rasa.invalid is not reachable: ConnectionError"
    assert history(desk.case("handoff"))[-1] == ("agent:support", "message", "Are you still there?", None, None)


def test_the_real_relay_to_a_rasa_that_is_not_there(desk: Desk) -> None:
    # A port nobody listens on: the relay the app builds from its settings fails to connect, for real.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    services = Services(Settings(home=desk.services.settings.home, rasa_url=f"http://127.0.0.1:{port}"))
    services.__dict__["engine"] = desk.engine
    assert services.support_relay.base_url == f"http://127.0.0.1:{port}"
    with TestClient(create_app(services)) as client:
        replied = client.post(f"/api/support/cases/{desk.numbers['handoff']}/reply", json={"text": "Hello?"},
                              headers=bearer(services, Role.SUPPORT))
    assert replied.status_code == 200, replied.text
    assert replied.json()["delivery_error"] == f"Rasa at http://127.0.0.1:{port} is not reachable: ConnectionError"
    assert history(desk.case("handoff"))[-1][1:3] == ("message", "Hello?")


# --- refusals --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "action", "body", "message"), [
    ("handoff", "approve", None, "case {} (handoff) is open: it cannot become approved"),
    ("cancel", "reject", {"reason": "No."}, "case {} (cancel) is open: it cannot become rejected"),
    ("refund", "refund", None, "case {} (return) is open: it cannot become refund_issued"),
    ("exchange", "refund", None, "case {} is an exchange: there is no refund to issue"),
])
def test_an_illegal_move_is_a_409_and_changes_nothing(desk: Desk, name: str, action: str, body: Any,
                                                      message: str) -> None:
    before = snapshot(desk.engine)
    response = desk.act(name, action, body)
    assert response.status_code == 409, response.text
    assert response.json()["detail"] == message.format(desk.numbers[name])
    assert snapshot(desk.engine) == before


def test_a_closed_case_takes_no_more(desk: Desk) -> None:
    assert desk.act("handoff", "close").status_code == 200
    before = snapshot(desk.engine)
    for action, body in (("reply", {"text": "One more thing"}), ("note", {"text": "x"}), ("close", None)):
        response = desk.act("handoff", action, body)
        assert response.status_code == 409, response.text
        assert response.json()["detail"].startswith(f"case {desk.numbers['handoff']} ")
    assert snapshot(desk.engine) == before


@pytest.mark.parametrize(("action", "body", "name"), [
    ("reject", {}, "reason"),
    ("reject", {"reason": "   "}, "reason"),
    ("reject", {"reason": "x" * 5001}, "reason"),
    ("reply", {"text": ""}, "text"),
    ("reply", {"text": "hi\u0000"}, "text"),
    ("reply", {"text": 42}, "text"),
    ("note", {"text": "ok", "agent": ""}, "agent"),
    ("note", {"text": "ok", "agent": "a" * 121}, "agent"),
    ("approve", {"note": "x" * 5001}, "note"),
    ("approve", {"agent": "Dana", "approved": True}, "approved"),
    ("close", {"note": None, "agent": None}, "agent"),
])
def test_a_bad_field_is_a_422_naming_it_and_changes_nothing(desk: Desk, action: str, body: dict[str, Any],
                                                            name: str) -> None:
    before = snapshot(desk.engine)
    response = desk.act("refund", action, body)
    assert response.status_code == 422, response.text
    assert ["body", name] in [e["loc"][:2] for e in response.json()["detail"]]
    assert snapshot(desk.engine) == before


# --- who may ---------------------------------------------------------------------------------------------------

def console_routes(desk: Desk) -> list[tuple[str, str, Any]]:
    """Every route under /api/support as the OpenAPI lists it, with a path and a body that the support token
    would get a 200 for."""
    bodies = {"reject": {"reason": "No."}, "reply": {"text": "Hello"}, "note": {"text": "Hi"}}
    found = []
    for path, operations in desk.client.get("/openapi.json").json()["paths"].items():
        if not path.startswith("/api/support"):
            continue
        for method in operations:
            action = path.rsplit("/", 1)[-1]
            found.append((method.upper(), path.replace("{case_number}", desk.numbers["refund"]),
                          bodies.get(action, {})))
    return found


def test_every_console_route_needs_the_support_token_and_changes_nothing_without_it(desk: Desk) -> None:
    routes = console_routes(desk)
    assert len(routes) == 8
    stranger = TestClient(desk.client.app)
    shopper = TestClient(desk.client.app)
    shopper.get("/api/session").raise_for_status()  # a browser with its own signed session
    before = snapshot(desk.engine)
    for method, path, body in routes:
        kwargs = {"json": body} if method == "POST" else {}
        anonymous = stranger.request(method, path, **kwargs)
        assert anonymous.status_code == 401, (path, anonymous.text)
        assert anonymous.json()["detail"] == "Authorization: a staff token is required"
        guessed = stranger.request(method, path, headers={"Authorization": "Bearer guessed"}, **kwargs)
        assert guessed.status_code == 401, (path, guessed.text)
        for role in (Role.SHOP, Role.MERCHANDISER):
            other = stranger.request(method, path, headers=bearer(desk.services, role), **kwargs)
            assert other.status_code == 403, (path, role, other.text)
            assert other.json()["detail"] == "Authorization: needs the support role"
        assert shopper.request(method, path, **kwargs).status_code == 403, path
        # A bad body without the token is refused as unauthorized, not examined.
        if method == "POST":
            assert stranger.post(path, json={"nonsense": 1}).status_code == 401
    assert snapshot(desk.engine) == before
    for method, path, body in routes:  # and the support token gets in everywhere
        response = desk.as_support(method, path, body if method == "POST" else None)
        assert response.status_code in (200, 409), (path, response.text)


def test_the_openapi_documents_every_console_answer(desk: Desk) -> None:
    paths = desk.client.get("/openapi.json").json()["paths"]
    console = {path: ops for path, ops in paths.items() if path.startswith("/api/support")}
    assert len(console) == 8
    for path, operations in console.items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"200", "401", "403", "422"} <= codes, (path, method)
            if "{case_number}" in path:
                assert "404" in codes, (path, method)
            if method == "post":
                assert "409" in codes, (path, method)
            assert {"staffToken": []} in operation["security"], (path, method)
    assert "/support" not in paths  # the page is not part of the API


# --- the page ----------------------------------------------------------------------------------------------------

def test_the_console_page_loads_without_a_token_and_everything_is_served_here(desk: Desk) -> None:
    page = TestClient(desk.client.app).get("/support")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    html = page.text
    assert '<script src="/support/console.js">' in html and 'href="/support/console.css"' in html
    script = desk.client.get("/support/console.js")
    style = desk.client.get("/support/console.css")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert style.status_code == 200 and style.headers["content-type"].startswith("text/css")
    assert desk.client.get("/support/other.js").status_code == 404
    for text in (html, script.text, style.text):
        assert "//cdn" not in text and 'src="http' not in text and "@import" not in text
    # The page asks for the token, keeps it for the tab and sends it as a bearer token; data goes in as text.
    assert "sessionStorage" in script.text and "Authorization: `Bearer" in script.text
    assert ".innerHTML" not in script.text
    for action in ("approve", "reject", "refund", "reply", "note", "close"):
        assert f'data-action="{action}"' in html
