"""How Rasa calls the action server: over connections it keeps, with the request body encoded by orjson. Imported by
``rasa_server.py`` in .venv-rasa's Python 3.10: Rasa, what it installs (aiohttp), orjson and the standard library.

Rasa 3.6 opens a new ``aiohttp.ClientSession`` for every request to an endpoint, so every custom action (a
finder question, a form's validation, a suggestion) costs a new TCP connection, and encodes the whole tracker
with the standard library's ``json``: together a tenth of a Rasa server's CPU under load. Here each endpoint keeps
one session, made the way Rasa makes it (same headers, authentication and timeout), and lends it to Rasa's own
``request``, which is otherwise unchanged: same URL, status handling and errors.

What keeps it right:
- Idle connections are dropped after ``IDLE_SECONDS``, well before the servers behind them close theirs (the
  action server's Sanic after 120 s, nginx after 75 s), so a request never goes out on a connection its server is
  closing.
- A session belongs to the event loop it was made in; a call from another loop gets a session of its own.
- orjson writes what ``json.dumps`` writes, as compact UTF-8; a body orjson refuses (a type it does not know) goes
  to ``json.dumps``, so Rasa's own error is raised for a body neither can encode.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

IDLE_SECONDS = 2.0


def encode(body: Any) -> str:
    """``json.dumps(body)``, faster: orjson where it can (str keys or not), the standard library where it can't."""
    import orjson

    try:
        return orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        return json.dumps(body)


class Lent:
    """``async with`` lends a kept session and leaves it open (Rasa's ``request`` closes the session it makes)."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def __aenter__(self) -> Any:
        return self.session

    async def __aexit__(self, *exc_info: object) -> None:
        return None


def keep_action_connections() -> None:
    """Make every Rasa ``EndpointConfig`` reuse one session per event loop, encoding JSON bodies with orjson."""
    import aiohttp
    import rasa.core.run
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

    made_here: list[Any] = []
    rasas_close_resources = rasa.core.run.close_resources

    def session(self: EndpointConfig) -> Lent:
        loop = asyncio.get_running_loop()
        kept = self.__dict__.get("_outfitter_session")
        if kept is None or kept[0] is not loop or kept[1].closed:
            auth = (aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
                    if self.basic_auth else None)
            made = aiohttp.ClientSession(headers=self.headers, auth=auth, json_serialize=encode,
                                         timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                                         connector=aiohttp.TCPConnector(keepalive_timeout=IDLE_SECONDS))
            kept = self.__dict__["_outfitter_session"] = (loop, made)
            made_here.append(kept)
        return Lent(kept[1])

    async def close_resources(app: Any, loop: asyncio.AbstractEventLoop) -> None:
        """Rasa's own, when its server stops; then the sessions kept, closed as Rasa closed each of its own."""
        await rasas_close_resources(app, loop)
        for kept in [kept for kept in made_here if kept[0] is loop]:
            made_here.remove(kept)
            await kept[1].close()

    EndpointConfig.session = session  # type: ignore[method-assign]
    # serve_application registers this by name when the server starts
    rasa.core.run.close_resources = close_resources
