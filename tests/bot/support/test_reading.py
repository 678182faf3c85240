"""Reading shoppers' answers to the desk's questions (bot/support/reading.py)."""

from __future__ import annotations

import pytest

from bot.support import reading

KNOWN = ["new", "worn", "used", "damaged"]


@pytest.mark.parametrize(("text", "numbers"), [
    ("where is my order OF-100234", ["OF-100234"]),
    ("its 58812344", ["58812344"]),
    ("order number is #20931", ["20931"]),
    ("here: 1234567890123", ["1234567890123"]),
    ("A-2231-XK", ["A-2231-XK"]),
    ("ord 99812", ["99812"]),
    ("purchase 5812 never came", ["5812"]),
    ("581483 and jane@x.org", ["581483"]),
])
def test_order_numbers_of_any_shape(text: str, numbers: list[str]) -> None:
    assert reading.order_numbers(text) == numbers


@pytest.mark.parametrize("text", ["more like #2", "the 2nd one", "under 15000", "₹25000 max", "size 42",
                                  "jo.2231@x.org", "see https://shop.example.com/orders/77812"])
def test_positions_prices_sizes_emails_and_links_are_not_order_numbers(text: str) -> None:
    assert reading.order_numbers(text) == []


def test_a_short_number_counts_only_when_asked_for() -> None:
    assert reading.order_numbers("it's 77") == []
    assert reading.order_numbers("it's 77", asked=True) == ["77"]


def test_the_models_order_id_comes_first() -> None:
    entities = [{"entity": "order_id", "value": "#of-512"}]
    assert reading.order_numbers("order OF-100234", entities) == ["OF-512", "OF-100234"]


def test_a_quantity_the_model_took_for_an_order_id_is_left_out() -> None:
    entities = [{"entity": "order_id", "value": "3"}, {"entity": "order_id", "value": "5512093"}]
    assert reading.order_numbers("i want to return 3 jackets from order 5512093", entities) == ["5512093"]


def test_emails_are_read_and_case_folded() -> None:
    assert reading.email("my email is Jane.Doe+shop@Example.co.uk.") == "jane.doe+shop@example.co.uk"
    assert reading.email("no email here") is None


@pytest.mark.parametrize(("text", "picked"), [
    ("the boots", [1]), ("item 2", [1]), ("the first one", [0]), ("2", [1]), ("both", [0, 1]),
    ("all of them", [0, 1]), ("the last", [1]), ("jacket", [0]), ("a tent", None),
])
def test_picking_items(text: str, picked: list[int] | None) -> None:
    titles = ["Men's Spruce Synthetic Insulated Jacket – Green", "Men's Meridian Vegan Hiking Boot – Black"]
    assert reading.pick_items(text, titles) == picked


@pytest.mark.parametrize(("text", "key"), [
    ("never worn, tags still on", "new"), ("not used at all", "new"), ("new", "new"), ("i wore it once", "worn"),
    ("used it on a trip", "used"), ("the strap is torn", "damaged"), ("hmm", None),
])
def test_conditions_in_shoppers_words(text: str, key: str | None) -> None:
    assert reading.condition(text, KNOWN) == key


def test_resolutions_reasons_and_yes_no() -> None:
    assert reading.resolution("i'd like my money back", ["refund", "exchange"]) == "refund"
    assert reading.resolution("a bigger size instead", ["refund", "exchange"]) == "exchange"
    assert reading.resolution("exchange", ["refund"]) is None
    assert reading.reason_key("the zipper broke after a week") == "faulty"
    assert reading.reason_key("arrived damaged, box crushed") == "damaged in transit"
    assert reading.reason_key("you sent the wrong item") == "wrong item"
    assert reading.reason_key("too small") is None
    assert reading.yes_or_no("yes please", "inform") is True
    assert reading.yes_or_no("no, keep it", "inform") is False
    assert reading.yes_or_no("hmm", "affirm") is True
    assert reading.yes_or_no("what?", "inform") is None


def test_photo_links() -> None:
    assert reading.photo_url("here: https://img.example.com/a.jpg.") == "https://img.example.com/a.jpg"
    assert reading.photo_url("no photo") is None
