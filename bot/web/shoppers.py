"""The events API (Segment e-commerce calls from the shop's pages) and a shopper's profile."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Body, HTTPException
from fastapi.responses import JSONResponse

from bot.services import Services
from recommender.shoppers.profile import shopper_profile
from recommender.shoppers.recording import RecordReport, record_events

MAX_BATCH = 1000


def _record(services: Services, calls: list[Any]) -> RecordReport:
    with services.sessions() as session:
        report = record_events(session, calls)
        session.commit()
    return report


def router(services: Services) -> APIRouter:
    api = APIRouter(prefix="/api")

    @api.post("/events")
    async def events(payload: Any = Body(...)) -> JSONResponse:
        """One call, a list of calls, or Segment's ``{"batch": [...]}``; bad calls are reported, the rest kept."""
        calls = payload.get("batch", [payload]) if isinstance(payload, dict) else payload
        if not isinstance(calls, list) or not calls:
            raise HTTPException(400, "body: expected a call, a list of calls or {\"batch\": [...]}")
        if len(calls) > MAX_BATCH:
            raise HTTPException(413, f"body: at most {MAX_BATCH} calls per request, got {len(calls)}")
        report = await asyncio.to_thread(_record, services, calls)
        body = {"recorded": report.recorded, "identified": report.identified, "duplicates": report.duplicates,
                "rejected": [{"position": r.position, "event": r.event, "reason": r.reason}
                             for r in report.rejected]}
        nothing_kept = report.recorded + report.identified + report.duplicates == 0
        return JSONResponse(body, status_code=400 if nothing_kept else 200)

    @api.get("/shoppers/{shopper_id}/profile")
    async def profile(shopper_id: str) -> dict[str, Any]:
        def load() -> dict[str, Any] | None:
            with services.sessions() as session:
                found = shopper_profile(session, shopper_id, model=services.live_segments.get())
            return found.to_dict() if found else None

        result = await asyncio.to_thread(load)
        if result is None:
            raise HTTPException(404, f"shopper {shopper_id!r} is not known")
        return result

    return api
