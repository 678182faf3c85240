"""The shop's rules for returns, warranty claims and cancellations, as pure functions over plain values.

Each decision says yes or no, with the reason in words a shopper understands and a code the bot can branch
on. Nothing here reads the database or the clock: the caller passes the order, its lines and ``today`` (the
shop's calendar day, :func:`today_in`), so every boundary can be tested exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from dateutil.relativedelta import relativedelta

from bot.support.models import CANCELLED, DELIVERED, PAID, SHIPPED
from bot.support.policy_file import SupportPolicy
from bot.support.words import day_text, listed, local_day, plural

# Decision codes.
ELIGIBLE = "eligible"
PARTLY = "partly"  # some of the items asked about may go back, the others not
NOT_DELIVERED = "not_delivered"
ALREADY_CANCELLED = "cancelled"
FINAL_SALE = "final_sale"
WINDOW_PASSED = "window_passed"
CONDITION = "condition"
EXPIRED = "expired"
NO_WARRANTY = "no_warranty"
ALREADY_SHIPPED = "shipped"
ALREADY_DELIVERED = "delivered"
NOT_ALLOWED = "not_allowed"  # a status the shop's cancellation rules leave out


class OrderFacts(Protocol):
    """What the rules read of an order (an ``Order`` row has it)."""

    @property
    def order_number(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def shipped_at(self) -> datetime | None: ...
    @property
    def delivered_at(self) -> datetime | None: ...
    @property
    def cancelled_at(self) -> datetime | None: ...


class LineFacts(Protocol):
    """What the rules read of an order line (an ``OrderLine`` row has it)."""

    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def category(self) -> str | None: ...
    @property
    def final_sale(self) -> bool: ...


@dataclass(frozen=True)
class Decision:
    """Whether the shop grants a request, and why, in words for the shopper."""

    allowed: bool
    code: str  # ELIGIBLE, PARTLY or the reason for a no: NOT_DELIVERED, FINAL_SALE, WINDOW_PASSED, ...
    reason: str
    until: date | None = None  # the last day the return or the warranty covers, when one applies
    line_ids: tuple[int, ...] = ()  # returns: the items that may go back
    refused_line_ids: tuple[int, ...] = ()  # returns: the items that may not
    resolutions: tuple[str, ...] = ()  # returns: refund and/or exchange, as the policy offers


def today_in(policy: SupportPolicy, now: datetime) -> date:
    """The shop's calendar day at ``now``."""
    return local_day(now, policy.zone)


def _on(moment: datetime | None, policy: SupportPolicy, today: date, template: str = " on {}") -> str:
    return template.format(day_text(local_day(moment, policy.zone), today)) if moment else ""


def _window(category: str | None, days: int) -> str:
    return (f"returns for {category} are accepted within {plural(days, 'day')}" if category
            else f"returns are accepted within {plural(days, 'day')}")


def _not_delivered(order: OrderFacts, policy: SupportPolicy, lines: list[LineFacts]) -> Decision:
    if order.status == CANCELLED:
        return Decision(False, ALREADY_CANCELLED, f"Your order {order.order_number} was cancelled, so there is "
                                                  "nothing to return.")
    days = {policy.returns.days_for(line.category) for line in lines}
    within = plural(days.pop(), "day") if len(days) == 1 else "the return window"
    if policy.cancellation.allows(order.status):
        after = " It has not shipped yet, so you can still cancel it instead."
    else:
        after = f" Once it arrives, you can return it within {within} of delivery."
    return Decision(False, NOT_DELIVERED, f"Your order {order.order_number} has not been delivered yet, so it "
                                          f"cannot be returned.{after}")


@dataclass(frozen=True)
class _LineVerdict:
    line: LineFacts
    allowed: bool
    code: str
    days: int
    until: date


def _line_verdict(line: LineFacts, delivered: date, today: date, policy: SupportPolicy) -> _LineVerdict:
    days = policy.returns.days_for(line.category)
    until = delivered + timedelta(days=days)
    if line.final_sale or policy.returns.is_final_sale(line.category):
        return _LineVerdict(line, False, FINAL_SALE, days, until)
    if today > until:  # the day ``days`` after delivery is the last one in
        return _LineVerdict(line, False, WINDOW_PASSED, days, until)
    return _LineVerdict(line, True, ELIGIBLE, days, until)


def _verdict_words(verdict: _LineVerdict, today: date, alone: bool) -> str:
    """One sentence on one item, or with ``alone`` the tail of the sentence on the order."""
    title, window, until = verdict.line.title, _window(verdict.line.category, verdict.days), \
        day_text(verdict.until, today)
    if verdict.code == FINAL_SALE:
        return f"the {title} was a final-sale item, which cannot be returned"
    if verdict.code == WINDOW_PASSED:
        return f"{window}, so the last day was {until}" if alone else \
            f"the {title} could be returned until {until} ({window})"
    return f"{window}, until {until}" if alone else f"the {title} can be returned until {until} ({window})"


def _sentences(parts: list[str]) -> str:
    return " ".join(part[0].upper() + part[1:] + "." for part in parts)


def return_decision(order: OrderFacts, lines: list[LineFacts], reason: str | None, condition: str | None,
                    today: date, policy: SupportPolicy) -> Decision:
    """May these items of this order go back?

    Args:
        order: the order, verified as the shopper's.
        lines: the items the shopper wants to return (at least one).
        reason: why, in the shopper's words or as a key ("faulty", "wrong item"); a reason listed in
            ``returns.any_condition_reasons`` lifts the condition rule.
        condition: the items' state, a key of ``policy.conditions``; None when not asked yet, and then the
            answer says which condition is required.
        today: the shop's calendar day (:func:`today_in`).
        policy: the shop's policy.

    Raises:
        ValueError: no lines, or a condition the policy does not know.
    """
    if not lines:
        raise ValueError("return_decision needs at least one order line")
    if condition is not None:
        policy.condition_text(condition)  # an unknown key is the caller's mistake, not a shopper's refusal
    if order.delivered_at is None:
        return _not_delivered(order, policy, lines)
    delivered = local_day(order.delivered_at, policy.zone)
    opening = f"Your order was delivered on {day_text(delivered, today)}"
    verdicts = [_line_verdict(line, delivered, today, policy) for line in lines]
    allowed = [v for v in verdicts if v.allowed]
    refused = tuple(v.line.id for v in verdicts if not v.allowed)
    rules = policy.returns
    required = " or ".join(policy.conditions[c] for c in rules.accepted_conditions)
    any_condition = rules.any_condition(reason)
    if allowed and condition is not None and condition not in rules.accepted_conditions and not any_condition:
        return Decision(False, CONDITION, f"Returns are accepted only for items that are {required}. If "
                                          f"{'it is' if len(lines) == 1 else 'they are'} faulty, a warranty "
                                          "claim may help.", refused_line_ids=tuple(line.id for line in lines))
    if len(verdicts) == 1:
        text = f"{opening}; {_verdict_words(verdicts[0], today, alone=True)}."
    else:
        text = f"{opening}. " + _sentences([_verdict_words(v, today, alone=False) for v in verdicts])
    if not allowed:
        return Decision(False, verdicts[0].code, text, refused_line_ids=refused)
    if condition is None and not any_condition:
        text += f" Items must be {required}."
    return Decision(True, PARTLY if refused else ELIGIBLE, text, until=min(v.until for v in allowed),
                    line_ids=tuple(v.line.id for v in allowed), refused_line_ids=refused,
                    resolutions=tuple(rules.resolutions))


def warranty_end(delivered: date, months: int) -> date:
    """``months`` calendar months after ``delivered``; a day the month lacks becomes its last day
    (delivered 31 January, one month: 28 or 29 February)."""
    return delivered + relativedelta(months=months)


def warranty_decision(order_line: LineFacts, product_warranty_months: int | None, delivered_at: datetime | None,
                      today: date, policy: SupportPolicy, condition: str | None = None) -> Decision:
    """Is this item still under warranty? The warranty runs its months from the day of delivery, that day's
    date in the last month included.

    Args:
        order_line: the item.
        product_warranty_months: the product's warranty in the catalog; None gives the policy's default.
        delivered_at: when its order was delivered.
        today: the shop's calendar day (:func:`today_in`).
        policy: the shop's policy.
        condition: the item's state, a key of ``policy.conditions``, when the shopper has said it.

    Raises:
        ValueError: a condition the policy does not know.
    """
    if condition is not None:
        policy.condition_text(condition)
    months = policy.warranty.default_months if product_warranty_months is None else product_warranty_months
    title = order_line.title
    if months <= 0:
        return Decision(False, NO_WARRANTY, f"The {title} comes without a warranty.")
    if delivered_at is None:
        return Decision(False, NOT_DELIVERED, f"The warranty on the {title} runs from delivery, and your order "
                                              "has not been delivered yet.")
    delivered = local_day(delivered_at, policy.zone)
    until = warranty_end(delivered, months)
    span = f"{months}-month warranty from delivery on {day_text(delivered, today)}"
    if today > until:
        return Decision(False, EXPIRED, f"The {title} had a {span}; it ended on {day_text(until, today)}.",
                        until=until)
    if condition is not None and condition not in policy.warranty.accepted_conditions:
        return Decision(False, CONDITION, "The warranty covers faults that appear in normal use; it does not "
                                          f"cover an item {policy.conditions[condition]}.", until=until)
    return Decision(True, ELIGIBLE, f"The {title} is under warranty until {day_text(until, today)} (a {span}).",
                    until=until)


def cancel_decision(order: OrderFacts, policy: SupportPolicy, today: date) -> Decision:
    """May this order still be cancelled? While the policy allows its status (placed or paid), yes."""
    number = order.order_number
    if order.status == CANCELLED:
        return Decision(False, ALREADY_CANCELLED,
                        f"Your order {number} was already cancelled{_on(order.cancelled_at, policy, today)}.")
    if policy.cancellation.allows(order.status):
        refund = " The payment will be refunded." if order.status == PAID else ""
        return Decision(True, ELIGIBLE, f"Your order {number} has not shipped yet, so it can be cancelled.{refund}")
    if order.status == DELIVERED:
        return Decision(False, ALREADY_DELIVERED, f"Your order {number} was delivered"
                                                  f"{_on(order.delivered_at, policy, today)}, so it cannot be "
                                                  "cancelled; you can return it instead.")
    if order.status == SHIPPED:
        return Decision(False, ALREADY_SHIPPED, f"Your order {number} has already shipped"
                                                f"{_on(order.shipped_at, policy, today, ' (on {})')}, so it can "
                                                "no longer be cancelled; once it arrives, you can return it.")
    return Decision(False, NOT_ALLOWED, f"Your order {number} can no longer be cancelled here; a person from our "
                                        "team can help.")


def return_policy_text(policy: SupportPolicy) -> str:
    """The return policy in a few sentences, for a shopper who asks before ordering or returning anything."""
    rules = policy.returns
    by_days: dict[int, list[str]] = {}
    for category, days in sorted(rules.days_by_category.items()):
        by_days.setdefault(days, []).append(category)
    exceptions = "; ".join(f"{plural(days, 'day')} for {listed(categories)}"
                           for days, categories in sorted(by_days.items(), reverse=True))
    text = f"Returns are accepted within {plural(rules.default_days, 'day')} of delivery"
    text += f" ({exceptions})." if exceptions else "."
    text += f" Items must be {' or '.join(policy.conditions[c] for c in rules.accepted_conditions)}."
    final = f"{listed(rules.final_sale_categories).capitalize()} and items" if rules.final_sale_categories \
        else "Items"
    text += f" {final} sold as final sale cannot be returned."
    choices = {"refund": "a refund", "exchange": "an exchange"}
    return text + f" You can choose {' or '.join(choices[r] for r in rules.resolutions)}."
