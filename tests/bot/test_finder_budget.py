"""The finder's budget reader on budgets as shoppers of any shop write them."""

from __future__ import annotations

import numpy as np
import pytest

from bot.finder.budget import Budget, read_budget

PRICES = np.array([299.0, 499.0, 799.0, 999.0, 1299.0, 1599.0, 1999.0, 2999.0, 4999.0])


@pytest.mark.parametrize(("text", "budget"), [
    ("under rs. 1500", Budget(None, 1500.0)),
    ("below 999", Budget(None, 999.0)),
    ("₹800", Budget(None, 800.0)),
    ("less than 2k", Budget(None, 2000.0)),
    ("1.5k", Budget(None, 1500.0)),
    ("2k", Budget(None, 2000.0)),
    ("around 50 bucks", Budget(40.0, 60.0)),
    ("around 2k", Budget(1600.0, 2400.0)),
    ("about ₹1,500", Budget(1200.0, 1800.0)),
    ("1500ish", Budget(1200.0, 1800.0)),
    ("rs 500", Budget(None, 500.0)),
    ("INR 2000", Budget(None, 2000.0)),
    ("1,500", Budget(None, 1500.0)),
    ("12,50", Budget(None, 12.5)),
    ("2000 rupees", Budget(None, 2000.0)),
    ("under 1500/-", Budget(None, 1500.0)),
    ("1500/-", Budget(None, 1500.0)),
    ("max 2k", Budget(None, 2000.0)),
    ("1k-2k", Budget(1000.0, 2000.0)),
])
def test_budgets_as_shoppers_write_them(text: str, budget: Budget) -> None:
    assert read_budget(text, PRICES) == budget


def test_a_budget_is_labelled_in_the_currency_it_is_given() -> None:
    assert Budget(None, 1500.0).label("₹") == "up to 1500 ₹"
    assert Budget(1000.0, 2000.0).label("INR") == "1000–2000 INR"


@pytest.mark.parametrize("text", ["9" * 400, "around " + "9" * 400, "under " + "9" * 400, "₹" + "9" * 400])
def test_an_amount_too_long_to_be_a_price_is_no_budget(text: str) -> None:
    assert read_budget(text, PRICES) is None
