"""From the products table to index versions: incremental changes and what is pending."""

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import catalog_status, embed_missing, publish_index
from recommender.catalog.models import Product
from recommender.encoder import Encoder
from recommender.index.live import LiveIndex
from recommender.index.versions import IndexStore
from tests.conftest import write_catalog

KINDS = ["rain jackets", "fleeces", "tents", "hiking boots", "backpacks"]


def generated_rows(start: int, count: int) -> list[str]:
    return [f"G{i:04d},Trail Item {i} {KINDS[i % 5]},Useful item number {i} for the outdoors.,Brand{i % 7},"
            f"{KINDS[i % 5]},unisex,{20 + i % 300}.00,,black,lightweight,hiking,{i % 4}"
            for i in range(start, start + count)]


def test_adding_and_removing_100_products_makes_a_version_without_reembedding_the_rest(
        session: Session, encoder: Encoder, tmp_path: Path) -> None:
    store = IndexStore(tmp_path / "index")
    base = generated_rows(0, 300)
    assert import_catalog(session, write_catalog(tmp_path / "a.csv", base), encoder).embedded == 300
    first = publish_index(session, store, encoder.model_name)
    vectors_before = dict(session.execute(select(Product.sku, Product.embedding)).all())

    changed = base[100:] + generated_rows(300, 100)  # 100 removed, 100 added
    report = import_catalog(session, write_catalog(tmp_path / "b.csv", changed), encoder, replace=True)
    assert (report.added, report.discontinued, report.unchanged, report.embedded) == (100, 100, 200, 100)
    second = publish_index(session, store, encoder.model_name)

    assert (first.count, second.count) == (300, 300)
    assert second.version != first.version and second.catalog_checksum != first.catalog_checksum
    live = LiveIndex(store).get()
    assert set(live.skus) == {row.split(",")[0] for row in changed}
    vectors_after = dict(session.execute(select(Product.sku, Product.embedding)).all())
    assert all(vectors_after[sku] == vectors_before[sku] for sku in vectors_before)


def test_status_says_what_the_live_index_is_missing(session: Session, encoder: Encoder, small_catalog: Path,
                                                    tmp_path: Path) -> None:
    store = IndexStore(tmp_path / "index")
    import_catalog(session, small_catalog, encoder)
    before = catalog_status(session, store, encoder.model_name)
    assert (before.live, before.in_sync, before.active) == (None, False, 8)
    publish_index(session, store, encoder.model_name)
    synced = catalog_status(session, store, encoder.model_name)
    assert synced.in_sync and synced.changed_since_live == 0 and synced.not_embedded == 0

    import_catalog(session, write_catalog(tmp_path / "more.csv", generated_rows(0, 3)), encoder)
    behind = catalog_status(session, store, encoder.model_name)
    assert not behind.in_sync and behind.changed_since_live == 3


def test_a_model_change_leaves_products_waiting_until_they_are_embedded(
        session: Session, encoder: Encoder, small_catalog: Path) -> None:
    import_catalog(session, small_catalog, encoder)
    for product in session.scalars(select(Product)):
        product.embedding_model = "an-older-model"
    session.commit()
    store = IndexStore(Path("/nonexistent"))
    assert catalog_status(session, store, encoder.model_name).not_embedded == 8
    assert embed_missing(session, encoder) == 8
    assert catalog_status(session, store, encoder.model_name).not_embedded == 0
