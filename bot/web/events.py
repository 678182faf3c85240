"""The events API: Segment e-commerce calls from the shop's pages (for the browser's own id) or from the
shop's servers (for anyone, with the shop's token)."""

# No postponed annotations here: FastAPI must resolve the routes' local dependencies when they are declared.
import asyncio
import json
import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from starlette.requests import ClientDisconnect

from bot.identity import ShopperSession
from bot.keys import Role
from bot.metrics import Metrics, process_metrics
from bot.services import Services
from bot.settings import Settings
from bot.web.deps import FORBIDDEN, OPTIONAL_AUTH, UNAUTHORIZED, Caller, browser_session, caller_dependency
from bot.web.rate_limit import TokenBuckets
from bot.write_races import retrying
from recommender.shoppers.recording import RecordReport, record_events

MAX_BATCH = 1000
MAX_BODY_BYTES = 1_000_000  # a full batch of ordinary calls is well under this

_CALL = {"type": "object", "description": "A Segment track or identify call", "additionalProperties": True,
         "properties": {"type": {"type": "string", "enum": ["track", "identify"]}, "event": {"type": "string"},
                        "anonymousId": {"type": "string"}, "userId": {"type": "string"},
                        "timestamp": {"type": "string", "format": "date-time"}, "messageId": {"type": "string"},
                        "properties": {"type": "object"}, "context": {"type": "object"},
                        "traits": {"type": "object"}}}
_BODY = {"required": True, "content": {"application/json": {"schema": {"oneOf": [
    _CALL,
    {"type": "array", "items": _CALL, "minItems": 1, "maxItems": MAX_BATCH},
    {"type": "object", "required": ["batch"], "properties": {"batch": {"type": "array", "items": _CALL}}},
]}}}}
_REPORT = {"type": "object", "properties": {
    "recorded": {"type": "integer"}, "identified": {"type": "integer"}, "duplicates": {"type": "integer"},
    "rejected": {"type": "array", "items": {"type": "object", "properties": {
        "position": {"type": "integer"}, "event": {"type": ["string", "null"]}, "reason": {"type": "string"}}}}}}
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "What was recorded, and each rejected call with its position and reason",
          "content": {"application/json": {"schema": _REPORT}}},
    400: {"description": "Not a call, no call in it could be recorded (each named), or the body was cut short"},
    401: UNAUTHORIZED, 403: FORBIDDEN, 413: {"description": "Body too large (Content-Length, or the bytes sent)"},
    429: {"description": "Over the caller's event rate: the detail names the limit; nothing was recorded",
          "headers": {"Retry-After": {"description": "Seconds until the same request would be accepted",
                                      "schema": {"type": "integer"}}}},
}


class ForeignId(Exception):
    """A browser's call that names an id other than its own."""


def as_own(call: Any, session: ShopperSession, position: int) -> Any:
    """A browser's call with the session's ids: naming another browser or a customer the session has not
    signed in as is refused, and only a signed-in session may identify (the shop's sign-in links ids)."""
    if not isinstance(call, dict):
        return call  # the spec check reports it in place
    anonymous, user = call.get("anonymousId"), call.get("userId")
    if anonymous is not None and str(anonymous) != session.anonymous_id:
        raise ForeignId(f"event {position}: anonymousId: a browser records events for its own id only")
    if user is not None and str(user) != session.customer_id:
        raise ForeignId(f"event {position}: userId: only the shop's sign-in names a customer")
    if call.get("type") == "identify" and session.customer_id is None:
        raise ForeignId(f"event {position}: identify: sign in on the shop to link this browser to a customer")
    return call | {"anonymousId": session.anonymous_id, "userId": session.customer_id}


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body, refused with a 413 as soon as it is known to exceed ``limit`` bytes: from its Content-Length
    before a byte is read, else (a chunked body) once what has arrived passes the limit. A client that goes away
    before the end (a tab closed while its page sends) is a 400, not an error of ours."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"body: at most {limit:,} bytes, got {int(declared):,} (Content-Length)")
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise HTTPException(413, f"body: at most {limit:,} bytes, got more")
    except ClientDisconnect:
        raise HTTPException(400, f"body: the client went away after {len(body):,} bytes; nothing was recorded") \
            from None
    return bytes(body)


class EventLimits:
    """The event rates of browsers (per session, else per address) and of the shop's servers; a limit of 0
    in the settings is no limit."""

    def __init__(self, settings: Settings) -> None:
        self.browsers = TokenBuckets(settings.events_rate, settings.events_burst) if settings.events_rate else None
        # The shop forwards whole batches: its burst is always at least one full request.
        self.shop = (TokenBuckets(settings.events_shop_rate, max(settings.events_burst, MAX_BATCH))
                     if settings.events_shop_rate else None)

    def of(self, who: Caller, request: Request) -> tuple[TokenBuckets | None, str, str]:
        """The caller's buckets, its key in them, and how a message names the caller."""
        if who.role is Role.SHOP:
            return self.shop, "shop", "the shop's servers"
        if who.session is not None:
            return self.browsers, f"session:{who.session.anonymous_id}", "one browser session"
        # No session yet: a client that drops its cookie is still one address.
        return self.browsers, f"address:{request.client.host if request.client else '-'}", "one address"


def too_many(buckets: TokenBuckets, caller: str, wait: float, calls: int | None = None) -> HTTPException:
    seconds = max(1, math.ceil(wait))
    asked = f"; this request has {calls}" if calls is not None else ""
    return HTTPException(429, f"events: at most {buckets.per_minute} a minute ({buckets.burst} at once) from "
                              f"{caller}{asked}; retry in {seconds} s", headers={"Retry-After": str(seconds)})


def _calls_of(raw: bytes) -> list[Any]:
    try:
        payload = json.loads(raw)
    except (ValueError, RecursionError):
        raise HTTPException(400, "body: not valid JSON") from None
    calls = payload.get("batch", [payload]) if isinstance(payload, dict) else payload
    if not isinstance(calls, list) or not calls:
        raise HTTPException(400, "body: expected a call, a list of calls or {\"batch\": [...]}")
    if len(calls) > MAX_BATCH:
        raise HTTPException(400, f"body: at most {MAX_BATCH} calls per request, got {len(calls)}")
    return calls


def router(services: Services, metrics: Metrics | None = None) -> APIRouter:
    api = APIRouter(prefix="/api")
    caller = caller_dependency(services)
    limits = EventLimits(services.settings)
    metrics = metrics or process_metrics()

    def record(calls: list[Any]) -> RecordReport:
        def write() -> RecordReport:
            with services.sessions() as session:
                report = record_events(session, calls)
                session.commit()
            return report

        report = retrying(write, what="events")
        metrics.count_events(report.by_event)  # after the commit: only what is stored
        return report

    @api.post("/events", openapi_extra={"requestBody": _BODY, **OPTIONAL_AUTH}, responses=RESPONSES)
    async def events(request: Request, response: Response,
                     who: Annotated[Caller, Depends(caller)]) -> dict[str, Any]:
        """One call, a list of calls, or Segment's ``{"batch": [...]}``; bad calls are reported, the rest kept.

        A browser records for its own session's ids (the session cookie is started on its first call); the
        shop's servers, with the shop's token, record for any shopper and may identify. Each caller may send
        so many calls a minute (a batch counts every call in it); over that is a 429 and nothing is recorded."""
        if who.role is not None and who.role is not Role.SHOP:
            raise HTTPException(403, "Authorization: events come from the shop's pages or the shop's token")
        buckets, key, named = limits.of(who, request)
        if buckets is not None and (wait := buckets.wait_for(key)):
            raise too_many(buckets, named, wait)  # before the body is read: a flood costs us no parsing
        calls = _calls_of(await read_body(request))
        if buckets is not None:
            if len(calls) > buckets.burst:
                raise HTTPException(400, f"body: at most {buckets.burst} calls a request from {named}, "
                                         f"got {len(calls)}")
            if wait := buckets.take(key, len(calls)):
                raise too_many(buckets, named, wait, len(calls))
        if who.role is None:
            session = browser_session(services, who, request, response)
            try:
                calls = [as_own(call, session, position) for position, call in enumerate(calls, start=1)]
            except ForeignId as exc:
                raise HTTPException(403, str(exc)) from None
        report = await asyncio.to_thread(record, calls)
        body = {"recorded": report.recorded, "identified": report.identified, "duplicates": report.duplicates,
                "rejected": [{"position": r.position, "event": r.event, "reason": r.reason}
                             for r in report.rejected]}
        if report.recorded + report.identified + report.duplicates == 0:
            response.status_code = 400
        return body

    return api
