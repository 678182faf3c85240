"""The demo catalog the project ships: complete, and searchable the way shoppers ask (its generator is tested
in tests/bot/demo)."""

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.catalog.reader import read_records
from recommender.catalog.rows import parse_row
from recommender.encoder import Encoder
from recommender.index.live import LiveIndex
from recommender.index.loaded import LoadedIndex
from recommender.index.versions import IndexStore
from recommender.search import search
from tests.conftest import DEMO_CATALOG

CATEGORIES = {"rain jackets", "insulated jackets", "softshell jackets", "fleeces", "base layers", "trousers",
              "shorts", "hiking boots", "trail running shoes", "backpacks", "travel bags", "tents",
              "sleeping bags", "accessories"}


def test_every_row_is_valid_and_the_catalog_covers_the_shop() -> None:
    rows = [parse_row(record.values) for record in read_records(DEMO_CATALOG)]
    assert len(rows) >= 300 and len({row.sku for row in rows}) == len(rows)
    assert {row.category for row in rows} == CATEGORIES
    assert set(Counter(row.gender for row in rows)) == {"men", "women", "unisex"}
    assert sum(row.sale_price is not None for row in rows) > len(rows) / 10
    assert sum(row.stock == 0 for row in rows) > 0
    assert all(row.features and row.activities and row.image_url and row.warranty_months for row in rows)


@pytest.fixture
def demo_index(session: Session, encoder: Encoder, tmp_path: Path) -> LoadedIndex:
    report = import_catalog(session, DEMO_CATALOG, encoder)
    assert report.rejected == []
    store = IndexStore(tmp_path / "index")
    publish_index(session, store, encoder.model_name)
    return LiveIndex(store).get()


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_shopper_questions_find_fitting_products(demo_index: LoadedIndex, encoder: Encoder) -> None:
    attrs = demo_index.attrs.set_index("sku")
    jackets = search(demo_index, encoder, "waterproof hiking jacket for women under 200", 5).hits
    assert len(jackets) == 5
    for hit in jackets:
        product = attrs.loc[hit.sku]
        assert product["gender"] in {"women", "unisex"}
        price = product["sale_price"] if product["sale_price"] == product["sale_price"] else product["price"]
        assert price <= 200
    # Five products, not five colours of a few: plain search may close the page with the nearest other kind
    # (a waterproof hiking boot); the first four are rain jackets.
    assert all(attrs.loc[hit.sku, "category"] == "rain jackets" for hit in jackets[:4])
    tents = search(demo_index, encoder, "lightweight tent for two", 3).hits
    assert all(attrs.loc[hit.sku, "category"] == "tents" for hit in tents)
    boots = search(demo_index, encoder, "warm boots for winter hikes", 5).hits
    assert sum(attrs.loc[hit.sku, "category"] == "hiking boots" for hit in boots) >= 4
