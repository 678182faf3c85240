"""The support console's API: the team lists cases, opens one with its order and transcript, and works it
(approve, reject with a reason, refund issued, reply, note, close). Every route needs the ``support`` token.

The routes validate and delegate to :mod:`bot.support.cases` and :mod:`bot.support.case_views`; a refused
request is rolled back whole. A reply or a close is then pushed to the shopper's conversation through Rasa
(:func:`bot.support.relay.deliver`); that push is best effort, because the case is already stored and the
conversation's next turn gives the shopper the same messages.
"""

# No postponed annotations here: FastAPI must resolve the routes' local dependencies when they are declared.
import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, tzinfo
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query
from pydantic import AfterValidator, BaseModel, Field, StringConstraints
from sqlalchemy.orm import Session

from bot.keys import Role
from bot.services import Services
from bot.support import cases as desk
from bot.support.case_views import MAX_PAGE, CaseDetail, CaseSummary, case_detail, list_cases
from bot.support.ids import MAX_ORDER_NUMBER
from bot.support.models import CASE_KINDS, CASE_STATUSES, CLOSED, SupportCase
from bot.support.policy_file import PolicyError
from bot.support.relay import Delivery, RelayError, deliver
from bot.web.deps import BAD_BODY, FORBIDDEN, UNAUTHORIZED, Caller, caller_dependency, require
from bot.web.schemas import NOT_BLANK, NOT_BLANK_LINES, PRINTABLE, Strict, printable

log = logging.getLogger("outfitter.web")

DEFAULT_AGENT = "support"
MAX_OFFSET = 1_000_000_000  # far past any desk's cases, and well inside the databases' 64-bit OFFSET
# A case number as the desk writes it (C-000123); find_case upper-cases, so c-000123 is found too.
CASE_NUMBER = r"^[A-Za-z0-9-]+$"

NOT_FOUND = {"description": "No case with this number"}
CONFLICT = {"description": "The case's status does not allow this move (the message says why)"}
INVALID = {"description": "A field is missing or wrong; each is named in `detail[].loc`"}
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {401: UNAUTHORIZED, 403: FORBIDDEN, 422: INVALID}
CASE_RESPONSES: dict[int | str, dict[str, Any]] = {404: NOT_FOUND}
# A body that is not even text (invalid UTF-8) is refused by FastAPI with a 400 before any check of ours.
MOVE_RESPONSES: dict[int | str, dict[str, Any]] = {400: BAD_BODY, 404: NOT_FOUND, 409: CONFLICT}

# Literal of the model's own tuples, so a new kind or status reaches the filters without an edit here.
Kind = Literal[CASE_KINDS]  # type: ignore[valid-type]
Status = Literal[CASE_STATUSES]  # type: ignore[valid-type]
CaseNumber = Annotated[str, Path(min_length=1, max_length=MAX_ORDER_NUMBER, pattern=CASE_NUMBER,
                                 description="The case's number, e.g. C-000123")]


def _agent_name(value: str) -> str:
    desk.agent_actor(value)  # the desk's own rule; its CaseError is a ValueError, reported under "agent"
    return value


Agent = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=desk.MAX_AGENT),
                  AfterValidator(printable), AfterValidator(_agent_name),
                  Field(json_schema_extra={"pattern": NOT_BLANK},
                        description="Who of the team acts, as the case's history names them")]
# Replies, reasons and notes are several lines long at times, so line breaks are allowed in them.
Message = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=desk.MAX_TEXT),
                    AfterValidator(printable), Field(json_schema_extra={"pattern": NOT_BLANK_LINES})]
OptionalMessage = Annotated[str, StringConstraints(strip_whitespace=True, max_length=desk.MAX_TEXT),
                            AfterValidator(printable), Field(json_schema_extra={"pattern": PRINTABLE})]


class Signed(Strict):
    agent: Agent = DEFAULT_AGENT


class NoteBody(Signed):
    """Approve, refund issued, close: an optional word that the shopper is told with the news."""

    note: OptionalMessage | None = None


class RejectBody(Signed):
    reason: Message = Field(description="Why not; the shopper is told it")


class TextBody(Signed):
    """A reply to the shopper, or a note for the team only."""

    text: Message


class CaseList(BaseModel):
    total: int = Field(description="Cases matching the filters, over all pages")
    limit: int
    offset: int
    cases: list[CaseSummary]


class CaseView(BaseModel):
    case: CaseDetail
    moves: list[str] = Field(description="The statuses the case may move to now")
    writable: bool = Field(description="Whether replies and notes may still be added (the case is not closed)")


class DeliveredView(CaseView):
    """A reply or a close, and whether it reached the shopper's conversation now."""

    delivered: Delivery | None = Field(description="None when Rasa could not be reached: the shopper gets the "
                                                   "messages with the bot's next answer instead")
    delivery_error: str | None = None


def moves_of(case: SupportCase) -> list[str]:
    return sorted(desk.TRANSITIONS[case.kind].get(case.status, frozenset()))


def refusal(exc: desk.CaseError) -> HTTPException:
    """409 for what the case's state refuses ("case C-000003 (handoff) is open: ..."), 422 naming the field
    for what the request got wrong; the desk's messages start with the case or the field."""
    message = str(exc)
    if isinstance(exc, desk.IllegalTransition) or message.startswith("case "):
        return HTTPException(409, message)
    field, _, reason = message.partition(": ")
    return HTTPException(422, [{"loc": ["body", field], "msg": reason or message, "type": "value_error"}])


def router(services: Services) -> APIRouter:
    caller = caller_dependency(services)

    def support_only(who: Annotated[Caller, Depends(caller)]) -> None:
        require(who, Role.SUPPORT)

    # On the router, so no console route can forget it; it runs before the body is looked at.
    api = APIRouter(prefix="/api/support", tags=["support console"], dependencies=[Depends(support_only)],
                    responses=AUTH_RESPONSES)

    def zone() -> tzinfo:
        # Dates are the shop's calendar days. A policy file that was never readable stops the bot's flows,
        # not the console, which can show UTC days until it is fixed.
        try:
            return services.support_policy.current().zone
        except PolicyError:
            log.exception("the support policy cannot be read; the console shows dates in UTC")
            return UTC

    def view(session: Session, case_number: str) -> CaseView:
        detail = case_detail(session, case_number, zone=zone())
        case = desk.find_case(session, case_number)
        if detail is None or case is None:
            raise HTTPException(404, f"case {case_number.strip().upper()}: no such case")
        return CaseView(case=detail, moves=moves_of(case), writable=case.status != CLOSED)

    def act(case_number: str, action: Callable[[Session, SupportCase], object]) -> CaseView:
        with services.sessions() as session:
            case = desk.find_case(session, case_number)
            if case is None:
                raise HTTPException(404, f"case {case_number.strip().upper()}: no such case")
            try:
                action(session, case)
            except desk.CaseError as exc:
                raise refusal(exc) from None  # the session closes unflushed work away: nothing changes
            session.commit()
            session.expire_all()  # read back what the database now holds, events in their stored order
            return view(session, case_number)

    def push(result: CaseView) -> DeliveredView:
        conversation = result.case.conversation_id
        delivered, error = None, None
        try:
            with services.sessions() as session:
                delivered = deliver(session, services.support_relay, conversation)
        except RelayError as exc:
            error = str(exc)
            log.warning("case %s: not delivered now: %s", result.case.summary.case_number, error)
        except Exception:
            # The case is committed: a 500 now would have the agent send the reply twice. The traceback is
            # logged, and the conversation's next turn gives the shopper the messages.
            log.exception("case %s: delivery failed", result.case.summary.case_number)
            error = "delivery failed unexpectedly (see the web app's log)"
        return DeliveredView(case=result.case, moves=result.moves, writable=result.writable, delivered=delivered,
                             delivery_error=error)

    async def act_and_push(case_number: str, action: Callable[[Session, SupportCase], object]) -> DeliveredView:
        result = await asyncio.to_thread(act, case_number, action)
        return await asyncio.to_thread(push, result)

    @api.get("/cases")
    async def cases(kind: Annotated[Kind | None, Query()] = None, status: Annotated[Status | None, Query()] = None,
                    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
                    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> CaseList:
        """Cases of a kind and status, the latest update first, a page at a time."""

        def load() -> CaseList:
            with services.sessions() as session:
                page = list_cases(session, kind, status, limit=limit, offset=offset, zone=zone())
            return CaseList(total=page.total, limit=limit, offset=offset, cases=list(page.cases))

        return await asyncio.to_thread(load)

    @api.get("/cases/{case_number}", responses=CASE_RESPONSES)
    async def case(case_number: CaseNumber) -> CaseView:
        """The case with its order (lines, dates, tracking) and its whole history, the team's notes included."""

        def load() -> CaseView:
            with services.sessions() as session:
                return view(session, case_number)

        return await asyncio.to_thread(load)

    @api.post("/cases/{case_number}/approve", responses=MOVE_RESPONSES)
    async def approve(case_number: CaseNumber, body: Annotated[NoteBody | None, Body()] = None) -> CaseView:
        """Grant a return or warranty claim; the note is told to the shopper with the news."""
        body = body or NoteBody()
        return await asyncio.to_thread(act, case_number, lambda s, c: desk.approve(
            s, c, agent=body.agent, note=body.note))

    @api.post("/cases/{case_number}/reject", responses=MOVE_RESPONSES)
    async def reject(case_number: CaseNumber, body: RejectBody) -> CaseView:
        """Refuse a return or warranty claim, saying why."""
        return await asyncio.to_thread(act, case_number, lambda s, c: desk.reject(
            s, c, body.reason, agent=body.agent))

    @api.post("/cases/{case_number}/refund", responses=MOVE_RESPONSES)
    async def refund(case_number: CaseNumber, body: Annotated[NoteBody | None, Body()] = None) -> CaseView:
        """Record that the money went back (an approved return or claim, a paid cancellation)."""
        body = body or NoteBody()
        return await asyncio.to_thread(act, case_number, lambda s, c: desk.refund_issued(
            s, c, agent=body.agent, note=body.note))

    @api.post("/cases/{case_number}/close", responses=MOVE_RESPONSES)
    async def close(case_number: CaseNumber, body: Annotated[NoteBody | None, Body()] = None) -> DeliveredView:
        """Finish the case; a hand-off's conversation goes back to the bot, which tells the shopper."""
        body = body or NoteBody()
        return await act_and_push(case_number, lambda s, c: desk.close(s, c, agent=body.agent, note=body.note))

    @api.post("/cases/{case_number}/reply", responses=MOVE_RESPONSES)
    async def reply(case_number: CaseNumber, body: TextBody) -> DeliveredView:
        """Write to the shopper; a conversation open in the widget gets it at once."""
        return await act_and_push(case_number, lambda s, c: desk.reply(s, c, body.text, body.agent))

    @api.post("/cases/{case_number}/note", responses=MOVE_RESPONSES)
    async def note(case_number: CaseNumber, body: TextBody) -> CaseView:
        """A note for the team only: in the history, never shown to the shopper."""
        return await asyncio.to_thread(act, case_number, lambda s, c: desk.add_note(s, c, body.text, body.agent))

    return api
