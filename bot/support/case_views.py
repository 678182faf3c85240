"""Reading cases: a shopper's "where is my refund / my return / my claim", the console's list and a case with
its order and transcript."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot.support.cases import find_case
from bot.support.ids import conversation_key
from bot.support.models import (
    APPROVED,
    CANCEL,
    CASE_KINDS,
    CASE_STATUSES,
    EXCHANGE,
    HANDOFF,
    NOTE,
    OPEN,
    REFUND_ISSUED,
    REJECTED,
    RETURN,
    STATUS,
    WARRANTY,
    CaseEvent,
    SupportCase,
)
from bot.support.orders import OrderView, order_view
from bot.support.words import day_text, listed, local_day

KIND_WORDS = {RETURN: "return", WARRANTY: "warranty claim", CANCEL: "cancellation", HANDOFF: "request for a person"}
MAX_PAGE = 200


@dataclass(frozen=True)
class CaseSummary:
    case_number: str
    kind: str
    status: str
    status_text: str  # "Your return C-000012 for the Drumlin Jacket was approved; ...", for the shopper
    order_number: str | None
    items: tuple[str, ...]  # the titles of the lines the case is about
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class TranscriptEntry:
    at: datetime
    actor: str  # "bot", "shopper" or "agent:<name>"
    kind: str  # opened, message, status, note
    text: str | None
    from_status: str | None
    to_status: str | None


@dataclass(frozen=True)
class CaseDetail:
    """A case as the console shows it: everything, notes included."""

    summary: CaseSummary
    conversation_id: str
    customer_id: str | None
    reason: str | None
    condition: str | None
    resolution: str | None
    photo_url: str | None
    line_ids: tuple[int, ...]
    order: OrderView | None
    transcript: tuple[TranscriptEntry, ...]


@dataclass(frozen=True)
class CasePage:
    total: int  # cases matching the filters, over all pages
    cases: tuple[CaseSummary, ...]


def _last_status_text(case: SupportCase) -> str | None:
    changes = [e for e in case.events if e.kind == STATUS and e.to_status == case.status]
    return changes[-1].text if changes else None


def _status_text(case: SupportCase, items: tuple[str, ...], zone: tzinfo, today: date) -> str:
    what = f"Your {KIND_WORDS[case.kind]} {case.case_number}"
    if items:
        what += f" for the {listed(list(items))}"
    said = _last_status_text(case)
    since = day_text(local_day(case.updated_at, zone), today)
    if case.status == OPEN:
        text = f"{what} is open; our team will look at it."
    elif case.status == APPROVED:
        after = {RETURN: " The refund follows once the item is back with us." if case.resolution != EXCHANGE
                 else " We will send the exchange once the item is back with us.",
                 WARRANTY: " We will be in touch about the repair or replacement."}.get(case.kind, "")
        text = f"{what} was approved on {since}.{after}"
    elif case.status == REJECTED:
        text = f"{what} was not approved" + (f": {said.rstrip('.')}." if said else ".")
    elif case.status == REFUND_ISSUED:
        text = f"{what}: the refund was issued on {since}; your bank may take a few days to show it."
    else:
        text = f"{what} is closed."
    if said and case.status != REJECTED:
        text += f" {said}"
    return text


def _items(case: SupportCase) -> tuple[str, ...]:
    if case.order is None or not case.line_ids:
        return ()
    wanted = set(case.line_ids)
    return tuple(line.title for line in case.order.lines if line.id in wanted)


def summarize(case: SupportCase, *, zone: tzinfo = UTC, today: date | None = None) -> CaseSummary:
    """A case in a line: its number, kind, status and the status in words for the shopper."""
    today = today or datetime.now(zone).date()
    items = _items(case)
    return CaseSummary(case_number=case.case_number, kind=case.kind, status=case.status,
                       status_text=_status_text(case, items, zone, today),
                       order_number=case.order.order_number if case.order else None, items=items,
                       created_at=case.created_at, updated_at=case.updated_at)


def case_status_for(session: Session, *, conversation_id: str | None = None, customer_id: str | None = None,
                    kind: str | None = None, limit: int = 5, zone: tzinfo = UTC,
                    today: date | None = None) -> list[CaseSummary]:
    """The shopper's cases, the latest news first: those opened in this conversation, and with a signed-in
    customer id (the widget's verified session) those opened in any of their conversations.

    Raises:
        ValueError: neither a conversation nor a customer, or an unknown kind.
    """
    if not conversation_id and not customer_id:
        raise ValueError("case_status_for needs a conversation_id or a customer_id")
    if kind is not None and kind not in CASE_KINDS:
        raise ValueError(f"kind: {kind!r} is not one of {', '.join(CASE_KINDS)}")
    whose = []
    if conversation_id:
        whose.append(SupportCase.conversation_id == conversation_key(conversation_id))
    if customer_id:
        whose.append(SupportCase.customer_id == customer_id)
    query = select(SupportCase).where(or_(*whose))
    if kind:
        query = query.where(SupportCase.kind == kind)
    cases = session.scalars(query.order_by(SupportCase.updated_at.desc(), SupportCase.id.desc()).limit(limit))
    return [summarize(case, zone=zone, today=today) for case in cases]


def order_cases(session: Session, order_id: int, *, limit: int = 5) -> list[SupportCase]:
    """The cases about one order, the latest news first (for its verified owner)."""
    return list(session.scalars(select(SupportCase).where(SupportCase.order_id == order_id)
                                .order_by(SupportCase.updated_at.desc(), SupportCase.id.desc()).limit(limit)))


def list_cases(session: Session, kind: str | None = None, status: str | None = None, *, limit: int = 50,
               offset: int = 0, zone: tzinfo = UTC) -> CasePage:
    """The console's list of cases, filtered by kind and status, the latest update first.

    Raises:
        ValueError: an unknown kind or status, or a page outside 1..MAX_PAGE.
    """
    if kind is not None and kind not in CASE_KINDS:
        raise ValueError(f"kind: {kind!r} is not one of {', '.join(CASE_KINDS)}")
    if status is not None and status not in CASE_STATUSES:
        raise ValueError(f"status: {status!r} is not one of {', '.join(CASE_STATUSES)}")
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise ValueError(f"limit: 1 to {MAX_PAGE}; offset: 0 or more")
    where = [c for c in (SupportCase.kind == kind if kind else None,
                         SupportCase.status == status if status else None) if c is not None]
    total = session.scalar(select(func.count()).select_from(SupportCase).where(*where)) or 0
    cases = session.scalars(select(SupportCase).where(*where)
                            .order_by(SupportCase.updated_at.desc(), SupportCase.id.desc())
                            .limit(limit).offset(offset))
    return CasePage(total=total, cases=tuple(summarize(case, zone=zone) for case in cases))


def _entry(event: CaseEvent) -> TranscriptEntry:
    return TranscriptEntry(at=event.at, actor=event.actor, kind=event.kind, text=event.text,
                           from_status=event.from_status, to_status=event.to_status)


def case_detail(session: Session, case_number: str, *, zone: tzinfo = UTC,
                include_notes: bool = True) -> CaseDetail | None:
    """The case, its order with the lines, and its history as a transcript; None when there is no such case.

    ``include_notes=False`` leaves out the team's notes, for anything a shopper sees.
    """
    case = find_case(session, case_number)
    if case is None:
        return None
    today = datetime.now(zone).date()
    transcript = tuple(_entry(e) for e in case.events if include_notes or e.kind != NOTE)
    return CaseDetail(summary=summarize(case, zone=zone, today=today), conversation_id=case.conversation_id,
                      customer_id=case.customer_id, reason=case.reason, condition=case.condition,
                      resolution=case.resolution, photo_url=case.photo_url, line_ids=tuple(case.line_ids),
                      order=order_view(case.order, zone=zone, today=today) if case.order else None,
                      transcript=transcript)
