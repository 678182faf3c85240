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
