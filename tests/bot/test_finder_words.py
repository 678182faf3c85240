"""The finder's small readers: budgets in words, which product is meant, what to search, glossary terms."""

from __future__ import annotations

import numpy as np
import pytest

from bot.finder.budget import Budget, bands, read_budget
from bot.finder.glossary import GLOSSARY, explain, terms_in
from bot.finder.positions import positions
from bot.finder.search_terms import search_terms

PRICES = np.array([20.0, 40.0, 60.0, 80.0, 100.0, 150.0, 200.0, 300.0, 400.0])


@pytest.mark.parametrize(("text", "budget"), [
    ("under 150", Budget(None, 150.0)), ("100-200 euros", Budget(100.0, 200.0)), ("150", Budget(None, 150.0)),
    ("max 300 €", Budget(None, 300.0)), ("between 80 and 120", Budget(80.0, 120.0)),
    ("around 100", Budget(80.0, 120.0)), ("money's no object", Budget()), ("over 250", Budget(250.0, None)),
])
def test_budgets_in_words(text: str, budget: Budget) -> None:
    assert read_budget(text, PRICES) == budget


def test_cheap_is_the_cheapest_third_of_what_fits() -> None:
    budget = read_budget("something cheap please", PRICES)
    assert budget is not None and budget.min is None
    assert np.quantile(PRICES, 0.33) <= budget.max <= np.quantile(PRICES, 0.33) + 5


@pytest.mark.parametrize("text", ["a reasonable amount", "low-cut hiking shoes", "/inform", ""])
def test_words_that_state_no_budget(text: str) -> None:
    assert read_budget(text, PRICES) is None


def test_budget_bands_split_prices_at_round_quartiles() -> None:
    found = bands(PRICES)
    assert found[0] == Budget(None, 60.0) and found[-1] == Budget(200.0, None) and len(found) == 4
    assert [b.label() for b in found[:2]] == ["up to 60 €", "60–100 €"]


@pytest.mark.parametrize(("text", "named"), [
    ("more like the second one", [2]), ("what's the difference between 1 and 3", [1, 3]), ("#2 vs #1", [2, 1]),
    ("the last one", [3]), ("number 7", []), ("compare the first two", [1, 2]),
])
def test_positions_named(text: str, named: list[int]) -> None:
    assert positions(text, [], shown=3) == named


def test_a_button_names_its_position_as_an_entity() -> None:
    assert positions('/more_like{"position":"2"}', [{"entity": "position", "value": "2"}], shown=3) == [2]


@pytest.mark.parametrize(("text", "terms"), [
    ("just search", None), ("search for merino socks", "merino socks"), ("just show me tents", "tents"),
    ("skip the questions and search for red backpacks", "red backpacks"), ("let me search myself", None),
])
def test_search_terms(text: str, terms: str | None) -> None:
    assert search_terms(text) == terms


def test_glossary_terms_in_the_shoppers_spelling() -> None:
    assert terms_in("whats the difference between water resistant and waterproof") == ["water-resistant",
                                                                                       "waterproof"]
    assert explain("what does breathable mean?") == f"Breathable: {GLOSSARY['breathable']}"
    assert "don't have that term" in explain("what is a flux capacitor")
