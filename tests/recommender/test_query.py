import pytest

from recommender.query import Filters, admitted_genders, parse_budget, parse_category, parse_gender, understand

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


@pytest.mark.parametrize(("text", "low", "high", "rest"), [
    ("kurta under rs. 1500", None, 1500.0, "kurta"),
    ("kurta under Rs.1500", None, 1500.0, "kurta"),
    ("sneakers below 999", None, 999.0, "sneakers"),
    ("earrings ₹800", None, 800.0, "earrings"),
    ("earrings ₹ 800", None, 800.0, "earrings"),
    ("a saree for less than 2k", None, 2000.0, "a saree for"),
    ("jeans under 1.5k", None, 1500.0, "jeans"),
    ("jeans under 1.5 k", None, 1500.0, "jeans"),
    ("shoes around 50 bucks", 40.0, 60.0, "shoes"),
    ("a watch about 2k", 1600.0, 2400.0, "a watch"),
    ("belt rs 500", None, 500.0, "belt"),
    ("sherwani INR 2000", None, 2000.0, "sherwani"),
    ("shirt under 1,500", None, 1500.0, "shirt"),
    ("a lehenga under 1,50,000", None, 150000.0, "a lehenga"),
    ("a watch under 1,500,000", None, 1500000.0, "a watch"),
    ("socks under 12,50 €", None, 12.5, "socks"),
    ("socks 12,50 €", None, 12.5, "socks"),
    ("kurti for 2000 rupees", None, 2000.0, "kurti for"),
    ("top under 1500/-", None, 1500.0, "top"),
    ("dress 1500/-", None, 1500.0, "dress"),
    ("max 2k for a blazer", None, 2000.0, "for a blazer"),
    ("between 1,000 and 2,000", 1000.0, 2000.0, ""),
    ("sarees 1k-2k", 1000.0, 2000.0, "sarees"),
    ("tent under 2 kg", None, None, "tent under 2 kg"),
    ("a tent for about 4 people", None, None, "a tent for about 4 people"),
    ("backpack over 30 l", None, None, "backpack over 30 l"),
    ("pack of 3 socks", None, None, "pack of 3 socks"),
    ("t-shirt for a 5k run", None, None, "t-shirt for a 5k run"),
])
def test_budgets_as_shoppers_write_them(text: str, low: float | None, high: float | None, rest: str) -> None:
    assert parse_budget(text) == (low, high, rest)


@pytest.mark.parametrize(("text", "gender"), [
    ("jacket for my daughter", "girls"),
    ("a dress for my daughters", "girls"),
    ("girls' party dress", "girls"),
    ("girls dress", "girls"),
    ("school shoes for my son", "boys"),
    ("boys t-shirt", "boys"),
    ("boy's jacket", "boys"),
    ("kids raincoat", "kids"),
    ("kid's backpack", "kids"),
    ("children's sandals", "kids"),
    ("shoes for a toddler", "kids"),
    ("something for my child", "kids"),
    ("unisex kids hoodie", "kids"),
    ("matching t-shirts for my son and daughter", "kids"),
    ("a gift for my niece", "girls"),
    ("a hoodie for my nephew", "boys"),
    ("for my boyfriend", "men"),
    ("for my girlfriend", "women"),
    ("t-shirts for men and boys", None),
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


@pytest.mark.parametrize(("audience", "admitted"), [
    ("men", {"men", "unisex"}),
    ("Women", {"women", "unisex"}),
    ("boys", {"boys", "kids"}),
    ("girls", {"girls", "kids"}),
    ("kids", {"boys", "girls", "kids"}),
    ("unisex", {"unisex"}),
])
def test_children_are_their_own_audience(audience: str, admitted: set[str]) -> None:
    assert admitted_genders(audience) == admitted


def test_the_longest_category_named_wins_and_plurals_match() -> None:
    assert parse_category("a rain jacket for scotland", CATEGORIES) == "rain jackets"
    assert parse_category("trail running shoes", CATEGORIES) == "trail running shoes"
    assert parse_category("a warm jacket", CATEGORIES) is None


@pytest.mark.parametrize(("text", "category"), [
    ("pink blue kurta with trousers", "kurtas"),
    ("grey lounge t shirt", "t-shirts"),
    ("pink tshirt and shorts set", "t-shirts"),
    ("crossbody sling bag", "handbags"),
    ("teal kurta churidar dupatta set", "kurtas"),
    ("printed palazzo pants", "palazzos"),
    ("a bag for college", "bags"),
])
def test_a_requests_category_is_its_head_noun_as_in_a_title(text: str, category: str) -> None:
    fashion = ["kurtas", "trousers", "t-shirts", "shirts", "shorts", "handbags", "bags", "dupattas", "palazzos"]
    assert parse_category(text, fashion) == category


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


@pytest.mark.parametrize("text", ["jacket under " + "9" * 400, "tents between 50 and " + "9" * 400,
                                  "9" * 400 + " euros", "packs over " + "1" * 310])
def test_an_amount_too_long_to_be_a_price_is_no_budget(text: str) -> None:
    # Hundreds of digits read as a float's infinity, which no filter or JSON answer can hold.
    low, high, rest = parse_budget(text)
    assert (low, high, rest) == (None, None, text)
