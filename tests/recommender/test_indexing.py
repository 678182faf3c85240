"""From the products table to index versions: incremental changes and what is pending."""

from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bot.db import session_factory
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import catalog_status, embed_missing, publish_index
from recommender.catalog.models import Product
from recommender.encoder import Encoder
from recommender.index.live import LiveIndex
from recommender.index.versions import IndexStore, Manifest
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


def test_a_publisher_waiting_for_the_lock_indexes_the_catalog_as_the_holder_left_it(
        db_engine: Engine, encoder: Encoder, small_catalog: Path, tmp_path: Path) -> None:
    import fcntl
    import threading
    import time

    sessions = session_factory(db_engine)
    store = IndexStore(tmp_path / "index")
    store.root.mkdir(parents=True)
    with sessions() as session:
        import_catalog(session, small_catalog, encoder)
    published: list[Manifest] = []

    def publish() -> None:
        with sessions() as session:
            published.append(publish_index(session, store, encoder.model_name))

    with open(store.root / ".lock", "w") as lock:  # a slower import holds the lock while it writes
        fcntl.flock(lock, fcntl.LOCK_EX)
        waiting = threading.Thread(target=publish)
        waiting.start()
        time.sleep(1.0)
        assert not published, "the publisher waits for the lock"
        with sessions() as session:
            import_catalog(session, write_catalog(tmp_path / "more.csv", generated_rows(0, 3)), encoder)
        fcntl.flock(lock, fcntl.LOCK_UN)
    waiting.join(timeout=60)
    assert published[0].count == 8 + 3
    with sessions() as session:
        assert catalog_status(session, store, encoder.model_name).in_sync
