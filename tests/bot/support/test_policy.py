"""The return, warranty and cancellation rules at their boundaries, over plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from bot.support import policy as rules
from bot.support.policy import cancel_decision, return_decision, return_policy_text, warranty_decision, warranty_end
from bot.support.policy_file import SupportPolicy


@dataclass
class Order:
    order_number: str = "OF-7"
    status: str = "delivered"
    shipped_at: datetime | None = None
    delivered_at: datetime | None = datetime(2025, 5, 3, 9, 0, tzinfo=UTC)
    cancelled_at: datetime | None = None


@dataclass
class Line:
    id: int
    title: str
    category: str | None
    final_sale: bool = False


JACKET = Line(1, "Drumlin Jacket", "rain jackets")
BOOTS = Line(2, "Scarp Boots", "Hiking Boots")  # the policy's categories match whatever the case
BASE_LAYER = Line(3, "Merino Top", "base layers")  # a final-sale category
CLEARANCE = Line(4, "Headlamp", "accessories", final_sale=True)


def test_day_30_after_delivery_is_the_last_day_of_a_30_day_window(policy: SupportPolicy) -> None:
    day_30 = return_decision(Order(), [JACKET], "too small", None, date(2025, 6, 2), policy)
    assert day_30.allowed and day_30.code == rules.ELIGIBLE and day_30.until == date(2025, 6, 2)
    assert day_30.reason == ("Your order was delivered on 3 May; returns for rain jackets are accepted within "
                             "30 days, until 2 June. Items must be unworn and unwashed, with the tags on.")
    assert day_30.resolutions == ("refund", "exchange") and day_30.line_ids == (1,)

    day_31 = return_decision(Order(), [JACKET], "too small", None, date(2025, 6, 3), policy)
    assert not day_31.allowed and day_31.code == rules.WINDOW_PASSED and day_31.refused_line_ids == (1,)
    assert day_31.reason == ("Your order was delivered on 3 May; returns for rain jackets are accepted within "
                             "30 days, so the last day was 2 June.")


def test_the_window_counts_the_shops_days_not_utc(policy: SupportPolicy) -> None:
    # 22:30 UTC on 2 May is 00:30 on 3 May in Berlin, the policy's time zone: delivered on 3 May.
    late = Order(delivered_at=datetime(2025, 5, 2, 22, 30, tzinfo=UTC))
    assert return_decision(late, [JACKET], None, "new", date(2025, 6, 2), policy).allowed


def test_a_category_has_its_own_window_and_a_mixed_return_says_which_item_may_go(policy: SupportPolicy) -> None:
    day_40 = date(2025, 6, 12)
    boots = return_decision(Order(), [BOOTS], None, "new", day_40, policy)
    assert boots.allowed and boots.until == date(2025, 7, 2)
    assert "returns for Hiking Boots are accepted within 60 days, until 2 July" in boots.reason
    assert return_decision(Order(), [BOOTS], None, "new", date(2025, 7, 3), policy).code == rules.WINDOW_PASSED

    mixed = return_decision(Order(), [JACKET, BOOTS, BASE_LAYER], None, "new", day_40, policy)
    assert mixed.allowed and mixed.code == rules.PARTLY
    assert mixed.line_ids == (2,) and mixed.refused_line_ids == (1, 3)
    assert mixed.reason == (
        "Your order was delivered on 3 May. The Drumlin Jacket could be returned until 2 June (returns for rain "
        "jackets are accepted within 30 days). The Scarp Boots can be returned until 2 July (returns for Hiking "
        "Boots are accepted within 60 days). The Merino Top was a final-sale item, which cannot be returned.")


@pytest.mark.parametrize("line", [BASE_LAYER, CLEARANCE], ids=["final-sale category", "final-sale line"])
def test_final_sale_items_are_never_returnable(policy: SupportPolicy, line: Line) -> None:
    decision = return_decision(Order(), [line], "faulty", "new", date(2025, 5, 4), policy)
    assert not decision.allowed and decision.code == rules.FINAL_SALE
    assert decision.reason.endswith(f"the {line.title} was a final-sale item, which cannot be returned.")


def test_an_order_not_delivered_yet_cannot_be_returned_but_one_not_shipped_can_be_cancelled(
        policy: SupportPolicy) -> None:
    paid = return_decision(Order(status="paid", delivered_at=None), [JACKET], None, None, date(2025, 5, 4), policy)
    assert not paid.allowed and paid.code == rules.NOT_DELIVERED
    assert paid.reason == ("Your order OF-7 has not been delivered yet, so it cannot be returned. It has not "
                           "shipped yet, so you can still cancel it instead.")
    shipped = return_decision(Order(status="shipped", delivered_at=None), [BOOTS], None, None, date(2025, 5, 4),
                              policy)
    assert shipped.code == rules.NOT_DELIVERED
    assert shipped.reason.endswith("Once it arrives, you can return it within 60 days of delivery.")
    cancelled = return_decision(Order(status="cancelled", delivered_at=None), [JACKET], None, None,
                                date(2025, 5, 4), policy)
    assert cancelled.code == rules.ALREADY_CANCELLED and "nothing to return" in cancelled.reason


def test_conditions_worn_is_refused_unless_the_reason_lifts_the_rule(policy: SupportPolicy) -> None:
    worn = return_decision(Order(), [JACKET], "too small", "worn", date(2025, 5, 10), policy)
    assert not worn.allowed and worn.code == rules.CONDITION
    assert worn.reason == ("Returns are accepted only for items that are unworn and unwashed, with the tags on. "
                           "If it is faulty, a warranty claim may help.")
    faulty = return_decision(Order(), [JACKET], " Faulty ", "worn", date(2025, 5, 10), policy)
    assert faulty.allowed and "Items must be" not in faulty.reason
    with pytest.raises(ValueError, match="unknown condition 'mint'"):
        return_decision(Order(), [JACKET], None, "mint", date(2025, 5, 10), policy)
    with pytest.raises(ValueError, match="at least one order line"):
        return_decision(Order(), [], None, None, date(2025, 5, 10), policy)


def test_the_year_is_said_when_it_is_not_this_year(policy: SupportPolicy) -> None:
    old = Order(delivered_at=datetime(2024, 12, 20, 12, tzinfo=UTC))
    decision = return_decision(old, [JACKET], None, None, date(2025, 1, 5), policy)
    assert decision.reason.startswith("Your order was delivered on 20 December 2024; ")
    assert "until 19 January." in decision.reason  # this year's date needs no year


@pytest.mark.parametrize(("delivered", "months", "last_day"), [
    (date(2024, 1, 31), 1, date(2024, 2, 29)),  # a leap year's February
    (date(2023, 1, 31), 1, date(2023, 2, 28)),
    (date(2024, 3, 31), 1, date(2024, 4, 30)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2023, 5, 3), 24, date(2025, 5, 3)),
    (date(2024, 8, 31), 6, date(2025, 2, 28)),
])
def test_warranty_runs_calendar_months_clamped_to_the_end_of_a_short_month(
        policy: SupportPolicy, delivered: date, months: int, last_day: date) -> None:
    assert warranty_end(delivered, months) == last_day
    at = datetime(delivered.year, delivered.month, delivered.day, 10, tzinfo=UTC)
    inside = warranty_decision(JACKET, months, at, last_day, policy)
    assert inside.allowed and inside.until == last_day
    outside = warranty_decision(JACKET, months, at, date.fromordinal(last_day.toordinal() + 1), policy)
    assert not outside.allowed and outside.code == rules.EXPIRED


def test_warranty_words_default_months_and_conditions(policy: SupportPolicy) -> None:
    delivered = datetime(2024, 1, 31, 10, tzinfo=UTC)
    inside = warranty_decision(JACKET, 1, delivered, date(2024, 2, 29), policy)
    assert inside.reason == ("The Drumlin Jacket is under warranty until 29 February (a 1-month warranty from "
                             "delivery on 31 January).")
    # No warranty in the catalog: the policy's 24 months.
    expired = warranty_decision(JACKET, None, delivered, date(2026, 2, 1), policy)
    assert expired.reason == ("The Drumlin Jacket had a 24-month warranty from delivery on 31 January 2024; it "
                              "ended on 31 January.")
    assert warranty_decision(JACKET, None, delivered, date(2026, 1, 31), policy).allowed
    # "used" is fine for a warranty claim (unlike a return); accidental damage is not covered.
    assert warranty_decision(JACKET, 24, delivered, date(2024, 6, 1), policy, "used").allowed
    damaged = warranty_decision(JACKET, 24, delivered, date(2024, 6, 1), policy, "damaged")
    assert not damaged.allowed and damaged.code == rules.CONDITION and "accident or misuse" in damaged.reason
    # Final sale still has its warranty.
    assert warranty_decision(CLEARANCE, 24, delivered, date(2024, 6, 1), policy).allowed
    assert warranty_decision(JACKET, 0, delivered, date(2024, 2, 1), policy).code == rules.NO_WARRANTY
    not_yet = warranty_decision(JACKET, 24, None, date(2024, 2, 1), policy)
    assert not not_yet.allowed and not_yet.code == rules.NOT_DELIVERED and "not been delivered yet" in not_yet.reason


@pytest.mark.parametrize(("status", "allowed", "code", "words"), [
    ("placed", True, rules.ELIGIBLE, "has not shipped yet, so it can be cancelled."),
    ("paid", True, rules.ELIGIBLE, "can be cancelled. The payment will be refunded."),
    ("shipped", False, rules.ALREADY_SHIPPED, "has already shipped (on 1 May), so it can no longer be cancelled"),
    ("delivered", False, rules.ALREADY_DELIVERED, "was delivered on 3 May, so it cannot be cancelled; you can "
                                                  "return it instead."),
    ("cancelled", False, rules.ALREADY_CANCELLED, "was already cancelled on 2 May."),
])
def test_cancel_while_placed_or_paid_never_after_shipping(policy: SupportPolicy, status: str, allowed: bool,
                                                          code: str, words: str) -> None:
    order = Order(status=status, shipped_at=datetime(2025, 5, 1, 8, tzinfo=UTC) if status != "placed" else None,
                  delivered_at=datetime(2025, 5, 3, 8, tzinfo=UTC) if status == "delivered" else None,
                  cancelled_at=datetime(2025, 5, 2, 8, tzinfo=UTC) if status == "cancelled" else None)
    decision = cancel_decision(order, policy, date(2025, 5, 10))
    assert (decision.allowed, decision.code) == (allowed, code) and words in decision.reason


def test_a_stricter_cancellation_rule_is_followed(policy: SupportPolicy) -> None:
    strict = policy.model_copy(update={"cancellation": policy.cancellation.model_copy(
        update={"allowed_statuses": ["placed"]})})
    decision = cancel_decision(Order(status="paid", delivered_at=None), strict, date(2025, 5, 10))
    assert not decision.allowed and decision.code == rules.NOT_ALLOWED and "a person" in decision.reason


def test_the_return_policy_in_words(policy: SupportPolicy) -> None:
    assert return_policy_text(policy) == (
        "Returns are accepted within 30 days of delivery (60 days for hiking boots and trail running shoes). "
        "Items must be unworn and unwashed, with the tags on. Base layers and items sold as final sale cannot be "
        "returned. You can choose a refund or an exchange.")
