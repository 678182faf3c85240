"""The NLU lookup tables built from any catalog: the live one in the app database, a CSV, and always our
general shop words, so a shop whose catalog the demo lacks (sarees, watches) is understood."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot import nlu_lookups
from recommender.catalog.models import DISCONTINUED, Product


def _fashion_shop(engine: Engine) -> None:
    with Session(engine) as session:
        session.add_all([
            Product(sku="F-1", title="Banarasi Silk Saree", category="Sarees", brand="Kalamandir", color="Magenta",
                    price=4200.0, features=["handwoven"], activities=["wedding"], row_hash="a", text_hash="a"),
            Product(sku="F-2", title="Chronograph Watch", category="Watches", brand="Tempora", color="Black",
                    price=5100.0, features=[], activities=[], row_hash="b", text_hash="b"),
            Product(sku="F-3", title="Old Dungarees", category="Dungarees", brand="Gone Brand", price=900.0,
                    status=DISCONTINUED, row_hash="c", text_hash="c"),
        ])
        session.commit()


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_the_live_catalog_gives_its_active_products_words(db_engine: Engine) -> None:
    _fashion_shop(db_engine)
    values = nlu_lookups.database_values(db_engine)
    assert values["category"] == {"Sarees", "Watches"}
    assert values["brand"] == {"Kalamandir", "Tempora"}
    assert values["feature"] == {"handwoven"} and values["activity"] == {"wedding"}
    assert "Gone Brand" not in values["brand"], "a discontinued product is not the shop's vocabulary"


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_write_lookups_from_the_live_catalog_says_when_the_file_changed(db_engine: Engine, tmp_path: Path) -> None:
    _fashion_shop(db_engine)
    out = tmp_path / "lookups.yml"
    values = nlu_lookups.database_values(db_engine)
    assert nlu_lookups.write_lookups(values, out) is True
    text = out.read_text(encoding="utf-8")
    for entry in ("saree", "sarees", "watch", "watches", "kalamandir", "tempora", "magenta", "handwoven"):
        assert f"      - {entry}\n" in text, entry
    assert "the live catalog" in text.splitlines()[1]
    assert nlu_lookups.write_lookups(values, out) is False, "an unchanged vocabulary needs no retrain"


def test_a_catalog_without_categories_still_gets_the_general_product_types() -> None:
    tables = nlu_lookups.build_tables({"brand": ["Roadster"], "category": []})
    assert {"dress", "dresses", "kurta", "kurtas", "jeans", "trainers", "earrings", "flip flops"} <= set(
        tables["category"])
    assert "roadster" in tables["brand"] and "mustard" in tables["color"] and "gym" in tables["activity"]


@pytest.mark.parametrize(("word", "singular", "plural"), [
    ("dress", "dress", "dresses"), ("watches", "watch", "watches"), ("jeans", "jeans", "jeans"),
    ("accessories", "accessory", "accessories"), ("kurta", "kurta", "kurtas"), ("innerwear", "innerwear", "innerwear"),
    ("rain jackets", "rain jacket", "rain jackets"), ("flip flop", "flip flop", "flip flops"),
])
def test_singular_and_plural_forms(word: str, singular: str, plural: str) -> None:
    assert nlu_lookups.singular(word) == singular
    assert nlu_lookups.plural(word) == plural


def test_the_shipped_file_is_current_by_the_command_line_check() -> None:
    assert nlu_lookups.main(["--check"]) == 0
