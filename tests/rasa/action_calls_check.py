"""Run by .venv-rasa's Python (tests/rasa/test_rasa_runtime.py): Rasa's endpoint requests with
rasa_action_calls.keep_action_connections, against a small aiohttp server on loopback that records what it gets.

    .venv-rasa/bin/python tests/rasa/action_calls_check.py <bot folder>

Prints a ``held:`` line per property; exits non-zero at the first that does not hold."""

from __future__ import annotations

import asyncio
import json
import sys
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, sys.argv[1])

import rasa.core.run
import rasa_action_calls
from aiohttp import web
from rasa.utils.endpoints import EndpointConfig

TRACKER = {"sender_id": "zoë", "slots": {"budget": 120.5, "colour": None},
           "events": [{"event": "user", "text": "a jacket for Zürich in winter", "parse_data": {"entities": []}}],
           "by_position": {1: "first", 2: "second"}}


def held(what: str) -> None:
    print(f"held: {what}", flush=True)


async def serve(seen: list[dict[str, Any]]) -> tuple[web.AppRunner, int]:
    async def webhook(request: web.Request) -> web.Response:
        seen.append({"port": request.transport.get_extra_info("peername")[1], "body": await request.text(),
                     "token": request.headers.get("X-Token")})
        return web.json_response({"events": [], "responses": [{"text": "ok"}]})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]


async def main() -> None:
    seen: list[dict[str, Any]] = []
    runner, port = await serve(seen)
    rasa_action_calls.keep_action_connections()
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers={"X-Token": "t0ken"})

    for _ in range(3):
        answer = await endpoint.request(json=TRACKER, method="post")
        assert answer == {"events": [], "responses": [{"text": "ok"}]}, answer
    assert len({call["port"] for call in seen}) == 1, f"connections: {[call['port'] for call in seen]}"
    held("three calls, one connection")

    assert all(json.loads(call["body"]) == json.loads(json.dumps(TRACKER)) for call in seen), seen[0]["body"]
    assert all(call["token"] == "t0ken" for call in seen), seen
    held("the body is the JSON json.dumps writes, the endpoint's headers are sent")

    await asyncio.sleep(rasa_action_calls.IDLE_SECONDS + 1)
    await endpoint.request(json=TRACKER, method="post")
    assert seen[-1]["port"] != seen[0]["port"], "an idle connection was used again"
    held("an idle connection is dropped before it is used again")

    try:
        await endpoint.request(json={"not json": object()}, method="post")
    except TypeError as error:
        assert "not JSON serializable" in str(error), error
    else:
        raise AssertionError("a body json.dumps refuses was sent")
    held("a body neither can encode is refused as json.dumps refuses it")

    kept = endpoint.__dict__["_outfitter_session"][1]
    stopping = SimpleNamespace(ctx=SimpleNamespace())  # a Sanic app with no agent: Rasa's own part returns at once
    await rasa.core.run.close_resources(stopping, asyncio.get_running_loop())
    assert kept.closed, "the kept session is still open after the server stopped"
    held("the kept session is closed when the server stops")
    await runner.cleanup()


asyncio.run(main())
