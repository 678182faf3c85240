import pytest

from recommender.query import Filters, parse_budget, parse_category, parse_gender, understand

CATEGORIES = ["rain jackets", "insulated jackets", "tents", "trail running shoes", "backpacks"]


@pytest.mark.parametrize(("text", "low", "high", "rest"), [
    ("jacket under 1500", None, 1500.0, "jacket"),
    ("boots below €120", None, 120.0, "boots"),
    ("tent 100-200", 100.0, 200.0, "tent"),
    ("tent 100 - 200 euros", 100.0, 200.0, "tent"),
    ("shoes between 80 and 120 eur", 80.0, 120.0, "shoes"),
    ("a fleece for less than 60 bucks please", None, 60.0, "a fleece for please"),
    ("packs over 200", 200.0, None, "packs"),
    ("max 99.50 for socks", None, 99.5, "for socks"),
    ("waterproof jacket", None, None, "waterproof jacket"),
    ("2-person tent", None, None, "2-person tent"),
])
def test_budgets(text: str, low: float | None, high: float | None, rest: str) -> None:
    assert parse_budget(text) == (low, high, rest)


@pytest.mark.parametrize(("text", "gender"), [
    ("jacket for my daughter", "women"),
    ("women's boots", "women"),
    ("womens fleece", "women"),
    ("men's shell", "men"),
    ("something for my husband", "men"),
    ("mens jacket", "men"),
    ("a tent", None),
    ("matching jackets for men and women", None),
])
def test_gender(text: str, gender: str | None) -> None:
    assert parse_gender(text) == gender


def test_the_longest_category_named_wins_and_plurals_match() -> None:
    assert parse_category("a rain jacket for scotland", CATEGORIES) == "rain jackets"
    assert parse_category("trail running shoes", CATEGORIES) == "trail running shoes"
    assert parse_category("a warm jacket", CATEGORIES) is None


def test_explicit_filters_override_what_the_text_implies() -> None:
    query = understand("rain jacket for my wife under 200", CATEGORIES, ["black"],
                       explicit=Filters(gender="men", in_stock=True))
    assert query.filters == Filters(gender="men", category="rain jackets", max_price=200.0, in_stock=True)
    assert query.text == "rain jacket for my wife"


def test_a_colour_named_in_the_text_is_a_boost_not_a_filter() -> None:
    query = understand("black daypack", CATEGORIES, ["black", "blue"])
    assert query.boost_colors == ("black",) and query.filters.color is None


def test_unknown_filters_are_named() -> None:
    with pytest.raises(ValueError, match="unknown filter\\(s\\) colour"):
        Filters.from_dict({"colour": "red"})
