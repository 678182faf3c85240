import pytest

from recommender.catalog.rows import RowError, parse_row

GOOD = {"sku": "A1", "title": "Shell Jacket", "price": "189.00"}


def test_a_minimal_row_is_accepted_and_normalised() -> None:
    row = parse_row({**GOOD, "gender": "Women's", "category": "Rain Jackets", "features": "waterproof | packable",
                     "sale_price": "149", "currency": "eur", "stock": "3"})
    assert (row.sku, row.title, row.price, row.sale_price) == ("A1", "Shell Jacket", 189.0, 149.0)
    assert (row.gender, row.category, row.currency, row.stock) == ("women", "rain jackets", "EUR", 3)
    assert row.features == ["waterproof", "packable"]


@pytest.mark.parametrize("field", ["sku", "title", "price"])
@pytest.mark.parametrize("empty", [None, "", "   ", float("nan")])
def test_a_missing_required_field_is_named(field: str, empty: object) -> None:
    with pytest.raises(RowError, match=rf"^{field}: missing"):
        parse_row({**GOOD, field: empty})


@pytest.mark.parametrize(("value", "message"), [
    ("-3", r"price: must be >= 0 \(got '-3'\)"),
    ("abc", r"price: not a number \('abc'\)"),
    ("12..5", r"price: not a number"),
    ("inf", r"price: not a number"),
])
def test_a_bad_price_is_named_with_its_value(value: str, message: str) -> None:
    with pytest.raises(RowError, match=message):
        parse_row({**GOOD, "price": value})


def test_prices_with_currency_signs_and_thousands_separators_are_read() -> None:
    assert parse_row({**GOOD, "price": "€1,299.00"}).price == 1299.0
    assert parse_row({**GOOD, "price": 12}).price == 12.0


def test_a_sale_price_not_below_the_price_is_dropped() -> None:
    assert parse_row({**GOOD, "sale_price": "200"}).sale_price is None


def test_a_stock_that_is_not_a_whole_number_is_rejected() -> None:
    with pytest.raises(RowError, match="stock: must be a whole number"):
        parse_row({**GOOD, "stock": "2.5"})


def test_undecodable_bytes_reject_the_row_naming_the_field() -> None:
    with pytest.raises(RowError, match=r"title: unreadable text \(not valid UTF-8\)"):
        parse_row({**GOOD, "title": "Caf\ufffd jacket"})


def test_the_row_hash_changes_with_any_field() -> None:
    assert parse_row(GOOD).row_hash() == parse_row(dict(GOOD)).row_hash()
    assert parse_row(GOOD).row_hash() != parse_row({**GOOD, "stock": "1"}).row_hash()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("title", ["b"], r"^title: expected text, got a list$"),
    ("title", {"en": "b"}, r"^title: expected text, got an object$"),
    ("brand", True, r"^brand: expected text, got a boolean$"),
    ("description", b"\x00\x01", r"^description: expected text, got binary data$"),
    ("price", [1, 2], r"^price: expected a number, got a list$"),
    ("stock", {"n": 1}, r"^stock: expected a number, got an object$"),
    ("sizes", {"S": 1}, r"^sizes: expected a list or text, got an object$"),
    ("sizes", ["S", ["M"]], r"^sizes: item 2: expected text, got a list$"),
])
def test_a_value_of_the_wrong_type_is_rejected_naming_the_field(field: str, value: object, message: str) -> None:
    with pytest.raises(RowError, match=message):
        parse_row({**GOOD, field: value})


def test_numbers_are_accepted_as_text_and_numeric_text_as_numbers() -> None:
    row = parse_row({"sku": 10017413, "title": "Tent", "price": "99.5", "stock": 3.0, "warranty_months": "24",
                     "sizes": [38, 40]})
    assert (row.sku, row.price, row.stock, row.warranty_months, row.sizes) == ("10017413", 99.5, 3, 24, ["38", "40"])


@pytest.mark.parametrize(("field", "value", "message"), [
    ("price", "1e308", r"^price: must be at most 1,000,000 \(got '1e308'\)$"),
    ("price", 10 ** 400, r"^price: must be at most 1,000,000"),
    ("sale_price", 2_000_000, r"^sale_price: must be at most 1,000,000"),
    ("stock", "1" * 5000, r"^stock: must be at most 1,000,000,000"),
    ("stock", 10 ** 10, r"^stock: must be at most 1,000,000,000"),
    ("warranty_months", "1201", r"^warranty_months: must be at most 1,200"),
    ("description", "x" * 1_000_000, r"^description: too long \(1,000,000 characters, at most 10,000\)$"),
    ("sku", "S" * 65, r"^sku: too long \(65 characters, at most 64\)$"),
    ("title", "T" * 301, r"^title: too long \(301 characters, at most 300\)$"),
    ("brand", "B" * 101, r"^brand: too long"),
    ("category", "C" * 101, r"^category: too long"),
    ("color", "c" * 61, r"^color: too long \(61 characters, at most 60\)$"),
    ("gender", "g" * 17, r"^gender: too long \(17 characters, at most 16\)$"),
    ("currency", "EURO", r"^currency: not a currency code \('EURO'\); write three letters such as EUR or INR$"),
    ("url", "https://x.example/" + "a" * 1000, r"^url: too long"),
    ("image_url", "https://x.example/" + "a" * 1000, r"^image_url: too long"),
    ("features", "|".join(f"f{i}" for i in range(101)), r"^features: too many items \(101, at most 100\)$"),
    ("materials", ["m" * 101], r"^materials: item 1: too long \(101 characters, at most 100\)$"),
])
def test_values_beyond_the_bounds_are_rejected_naming_the_field(field: str, value: object, message: str) -> None:
    with pytest.raises(RowError, match=message):
        parse_row({**GOOD, field: value})


def test_values_at_the_bounds_are_accepted() -> None:
    row = parse_row({**GOOD, "price": "1000000", "stock": 10 ** 9, "warranty_months": 1200, "sku": "S" * 64,
                     "title": "T" * 300, "description": "d" * 10_000, "features": ["f" * 100] * 100})
    assert (row.price, row.stock, len(row.description or ""), len(row.features)) == (1e6, 10 ** 9, 10_000, 100)


@pytest.mark.parametrize("text", ["Caf\x00 jacket", "Caf\ud800 jacket"])
def test_characters_no_database_can_store_are_rejected(text: str) -> None:
    with pytest.raises(RowError, match=r"^title: unreadable text"):
        parse_row({**GOOD, "title": text})


@pytest.mark.parametrize("name", ["sku", "features", "sizes"])
def test_a_number_too_long_to_write_is_refused_naming_its_field(name: str) -> None:
    # Python refuses to turn an integer of more than 4,300 digits into text; JSON Lines can hold one.
    with pytest.raises(RowError, match=rf"^{name}: too long \(a number of more than 4,300 digits\)"):
        parse_row({"sku": "A1", "title": "Shell", "price": 10, name: 10 ** 4400})


@pytest.mark.parametrize(("written", "gender"), [
    ("Boys", "boys"), ("boy", "boys"), ("Girls", "girls"), ("girl's", "girls"), ("Kids", "kids"),
    ("Unisex Kids", "kids"), ("children", "kids"), ("Women", "women"), ("Men", "men"), ("Unisex", "unisex"),
])
def test_childrens_products_keep_their_own_audience(written: str, gender: str) -> None:
    assert parse_row({**GOOD, "gender": written}).gender == gender


@pytest.mark.parametrize(("written", "code"), [("inr", "INR"), ("₹", "INR"), ("Rs.", "INR"), ("€", "EUR"),
                                               (" usd ", "USD")])
def test_a_currency_is_stored_as_its_code(written: str, code: str) -> None:
    assert parse_row({**GOOD, "currency": written}).currency == code


def test_the_default_currency_prices_rows_that_state_none_and_a_rows_own_wins() -> None:
    assert parse_row(GOOD, "INR").currency == "INR"
    assert parse_row({**GOOD, "currency": "  "}, "INR").currency == "INR"
    assert parse_row({**GOOD, "currency": "EUR"}, "INR").currency == "EUR"
    assert parse_row(GOOD).currency is None


@pytest.mark.parametrize("written", ["XYZ1", "E", "€€", "12"])
def test_a_bad_currency_is_refused_naming_it(written: str) -> None:
    with pytest.raises(RowError, match=rf"^currency: not a currency code \({written!r}\)"):
        parse_row({**GOOD, "currency": written})


def test_a_catalogs_currency_is_the_one_most_products_state_and_shows_by_its_sign() -> None:
    from recommender.catalog.currency import currency_sign, main_currency

    assert main_currency(["INR", None, "INR", "USD", ""]) == "INR"
    assert main_currency([None, float("nan")]) is None
    assert (currency_sign("INR"), currency_sign("EUR"), currency_sign("CHF"), currency_sign(None)) == (
        "₹", "€", "CHF", "€")
