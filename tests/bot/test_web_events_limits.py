"""The events API's limits: a body too large is refused before it is read whole, a caller over its event rate
gets a 429 saying when to come back (a batch counts every call), and a refused request stores nothing."""

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import HTTPException, Request
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from bot.db import upgrade
from bot.keys import Role
from bot.services import Services
from bot.settings import Settings
from bot.web import rate_limit
from bot.web.app import create_app
from bot.web.events import MAX_BODY_BYTES, read_body
from bot.web.rate_limit import TokenBuckets
from recommender.shoppers.models import Event
from tests.bot.web_helpers import bearer, browser
from tests.recommender.shoppers_helpers import track


def limited(home: Path, **settings: int) -> Services:
    services = Services(Settings(home=home, **settings))
    upgrade(services.engine)
    return services


def stored(services: Services) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(Event)) or 0


def views(n: int, shopper: str | None = None) -> list[dict]:
    return [track("Product Viewed", shopper or "anon-x", sku=f"S{i}") | ({} if shopper else {"anonymousId": None})
            for i in range(n)]


@pytest.fixture
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Services:
    # Time stands still for the app's buckets: a slow machine must not refill a token between two requests.
    monkeypatch.setattr(rate_limit, "monotonic", lambda: 1_000.0)
    return limited(tmp_path / "home", events_rate=6, events_burst=5)


def test_a_browser_over_its_rate_gets_429_with_retry_after_and_nothing_is_stored(services: Services) -> None:
    shopper = browser(services)
    shopper.get("/api/session")
    assert shopper.post("/api/events", json=views(3)).json()["recorded"] == 3
    over = shopper.post("/api/events", json=views(3))  # 2 tokens left: the batch of 3 counts as 3 calls
    assert over.status_code == 429
    assert over.json()["detail"].startswith("events: at most 6 a minute (5 at once) from one browser session; "
                                            "this request has 3")
    assert over.headers["Retry-After"] == "10"  # one more token comes every 10 s
    assert stored(services) == 3
    assert shopper.post("/api/events", json=views(2)).json()["recorded"] == 2  # what is left may still be spent
    empty = shopper.post("/api/events", json=views(1))
    assert empty.status_code == 429 and int(empty.headers["Retry-After"]) == 10
    assert stored(services) == 5


def test_a_batch_larger_than_the_burst_is_refused_whole(services: Services) -> None:
    response = browser(services).post("/api/events", json={"batch": views(1000)})
    assert response.status_code == 400
    assert response.json()["detail"] == "body: at most 5 calls a request from one address, got 1000"
    assert stored(services) == 0


def test_a_browser_without_its_cookie_is_limited_by_its_address(services: Services) -> None:
    app = create_app(services)
    for _ in range(5):
        forgetful = TestClient(app)  # a new client each time: no cookie carried over
        assert forgetful.post("/api/events", json=views(1)).status_code == 200
    refused = TestClient(app).post("/api/events", json=views(1))
    assert refused.status_code == 429 and "from one address" in refused.json()["detail"]
    assert stored(services) == 5


def test_each_browser_session_has_its_own_bucket(services: Services) -> None:
    first, second = browser(services), browser(services)
    first.get("/api/session")
    second.get("/api/session")
    assert first.post("/api/events", json=views(5)).json()["recorded"] == 5
    assert second.post("/api/events", json=views(5)).json()["recorded"] == 5
    assert first.post("/api/events", json=views(1)).status_code == 429


def test_the_shop_token_is_not_limited_by_default(services: Services) -> None:
    shop = TestClient(create_app(services), headers=bearer(services, Role.SHOP))
    for n in range(3):
        assert shop.post("/api/events", json=views(400, f"web-{n}")).json()["recorded"] == 400
    assert stored(services) == 1200


def test_the_shop_can_be_given_a_rate_of_its_own(tmp_path: Path) -> None:
    services = limited(tmp_path / "home", events_rate=6, events_burst=5, events_shop_rate=1200)
    shop = TestClient(create_app(services), headers=bearer(services, Role.SHOP))
    assert shop.post("/api/events", json=views(1000, "web-1")).json()["recorded"] == 1000  # a full batch fits
    over = shop.post("/api/events", json=views(10, "web-1"))
    assert over.status_code == 429 and "from the shop's servers" in over.json()["detail"]
    assert stored(services) == 1000


def test_a_rate_of_zero_is_no_limit(tmp_path: Path) -> None:
    services = limited(tmp_path / "home", events_rate=0, events_burst=5)
    shopper = browser(services)
    for _ in range(4):
        assert shopper.post("/api/events", json=views(50)).json()["recorded"] == 50


def receiving(chunks: list[bytes], headers: dict[str, str]) -> tuple[Request, list[int]]:
    """A request whose body arrives in ``chunks``, and the count of chunks the app has pulled so far."""
    pulled: list[int] = []

    async def receive() -> dict[str, object]:
        pulled.append(1)
        more = len(pulled) < len(chunks)
        return {"type": "http.request", "body": chunks[len(pulled) - 1], "more_body": more}

    scope = {"type": "http", "method": "POST", "path": "/api/events",
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}
    return Request(scope, receive), pulled


def test_a_declared_length_over_the_limit_is_refused_before_a_byte_is_read(services: Services) -> None:
    request, pulled = receiving([b"[]"], {"Content-Length": str(MAX_BODY_BYTES + 1)})
    with pytest.raises(HTTPException) as refused:
        asyncio.run(read_body(request))
    assert (refused.value.status_code, pulled) == (413, [])
    assert refused.value.detail == "body: at most 1,000,000 bytes, got 1,000,001 (Content-Length)"
    response = browser(services).post("/api/events", content=b"[" + b" " * MAX_BODY_BYTES + b"]",
                                      headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and "(Content-Length)" in response.json()["detail"]
    assert stored(services) == 0


def test_a_chunked_body_is_cut_off_once_it_grows_past_the_limit(services: Services) -> None:
    chunks = [b"x" * 20_000] * 100  # twice the limit, if all of it were read
    request, pulled = receiving(chunks, {})
    with pytest.raises(HTTPException) as refused:
        asyncio.run(read_body(request))
    assert refused.value.status_code == 413 and len(pulled) == 51  # the first chunk past 1,000,000 bytes

    def body() -> Iterator[bytes]:
        yield b'{"batch": ['
        yield from (b'"' + chunk + b'",' for chunk in chunks)
        yield b"1]}"

    response = browser(services).post("/api/events", content=body(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and response.json()["detail"] == "body: at most 1,000,000 bytes, got more"
    assert stored(services) == 0


def test_a_forbidden_request_spends_its_calls_and_stores_nothing(services: Services) -> None:
    shopper = browser(services)
    shopper.get("/api/session")
    foreign = shopper.post("/api/events", json=views(4, "someone-else"))
    assert foreign.status_code == 403 and stored(services) == 0
    assert shopper.post("/api/events", json=views(2)).status_code == 429  # the 4 refused calls were counted


def test_buckets_refill_at_the_rate_and_never_above_the_burst() -> None:
    now = [0.0]
    buckets = TokenBuckets(per_minute=60, burst=3, clock=lambda: now[0])
    assert buckets.take("a", 3) == 0 and buckets.take("a", 1) == pytest.approx(1.0)
    now[0] = 1.5
    assert buckets.take("a", 1) == 0 and buckets.wait_for("a") == pytest.approx(0.5)
    now[0] = 1000
    assert buckets.take("a", 3) == 0 and buckets.take("a", 1) > 0  # a long pause saved up no more than 3
    assert buckets.take("b", 3) == 0  # another caller's bucket is its own
    with pytest.raises(ValueError, match="exceeds the burst"):
        buckets.take("c", 4)


def test_the_least_recently_seen_callers_are_forgotten_first() -> None:
    buckets = TokenBuckets(per_minute=1, burst=1, clock=lambda: 0.0, max_callers=2)
    for key in ("a", "b"):
        buckets.take(key, 1)
    buckets.wait_for("a")  # a was seen again: b is now the oldest
    buckets.take("c", 1)
    assert buckets.wait_for("a") > 0 and buckets.wait_for("b") == 0  # b came back as a new, full bucket


def test_a_client_that_goes_away_mid_body_is_a_400_not_an_error(services: Services,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    parts = [{"type": "http.request", "body": b'{"batch": [' + b'{"type": "track"},' * 50, "more_body": True},
             {"type": "http.disconnect"}]
    sent: list[dict] = []

    async def receive() -> dict:
        return parts.pop(0) if parts else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    token = bearer(services, Role.SHOP)["Authorization"]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/events", "raw_path": b"/api/events", "query_string": b"", "root_path": "",
             "headers": [(b"authorization", token.encode()), (b"content-type", b"application/json"),
                         (b"content-length", b"10000")], "client": ("127.0.0.1", 5000), "server": ("testserver", 80)}
    asyncio.run(create_app(services)(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] == 400, sent
    assert b"the client went away" in b"".join(m.get("body", b"") for m in sent)
    assert not [r for r in caplog.records if "failed" in r.getMessage()] and stored(services) == 0
