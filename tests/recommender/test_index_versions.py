"""Index versions: publish, live pick-up, failure half-way, rollback, pruning."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from recommender.index import versions as versions_module
from recommender.index.backends import training_sample
from recommender.index.live import LiveIndex
from recommender.index.versions import ATTR_COLUMNS, IndexBuild, IndexStore, IndexVersionError


def make_build(count: int, seed: int = 0, checksum: str = "c") -> IndexBuild:
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(count, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    attrs = pd.DataFrame({column: [None] * count for column in ATTR_COLUMNS})
    attrs["id"] = np.arange(1, count + 1) * 10
    attrs["sku"] = [f"S{i}" for i in range(count)]
    attrs["title"] = attrs["sku"]
    attrs["price"] = 10.0
    return IndexBuild(vectors=vectors, attrs=attrs, model="test-model", catalog_checksum=checksum)


def test_publish_writes_a_version_with_its_manifest_and_makes_it_live(tmp_path: Path) -> None:
    store = IndexStore(tmp_path)
    manifest = store.publish(make_build(50, checksum="abc"))
    assert store.current() == manifest.version == "v000001"
    on_disk = store.manifest()
    assert on_disk is not None
    assert (on_disk.model, on_disk.dimension, on_disk.count, on_disk.catalog_checksum, on_disk.index_type) == (
        "test-model", 16, 50, "abc", "flat")
    assert on_disk.created_at


def test_a_reader_picks_up_a_new_version_without_restart(tmp_path: Path) -> None:
    store = IndexStore(tmp_path)
    store.publish(make_build(20, seed=1))
    reader = LiveIndex(IndexStore(tmp_path))  # a separate object, as in another process
    first = reader.get()
    assert len(first) == 20
    store.publish(make_build(30, seed=2))
    second = reader.get()
    assert second.manifest.version == "v000002" and len(second) == 30
    # A request that still holds the old version can finish with it.
    assert len(first.search(first.vectors[0], 5)) == 5


def test_a_build_that_fails_half_way_leaves_the_previous_version_live_and_readable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = IndexStore(tmp_path)
    store.publish(make_build(20))
    reader = LiveIndex(store)
    query = reader.get().vectors[3].copy()

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(versions_module.np, "save", disk_full)
    with pytest.raises(OSError, match="No space left"):
        store.publish(make_build(40, seed=5))
    monkeypatch.undo()
    assert store.current() == "v000001"
    assert store.versions() == ["v000001"]
    assert not list(tmp_path.glob(".tmp-*")), "the half-written version is cleaned up"
    assert reader.get().search(query, 1)[0].sku == "S3"
    assert store.publish(make_build(40, seed=5)).version == "v000002"


def test_rollback_goes_back_one_version_at_a_time(tmp_path: Path) -> None:
    store = IndexStore(tmp_path)
    for seed in range(3):
        store.publish(make_build(10 + seed, seed=seed))
    reader = LiveIndex(store)
    assert len(reader.get()) == 12
    assert store.rollback().version == "v000002"
    assert len(reader.get()) == 11
    assert store.rollback().version == "v000001"
    with pytest.raises(IndexVersionError, match="no earlier index version"):
        store.rollback()
    assert store.publish(make_build(5)).version == "v000002"


def test_only_the_last_few_versions_are_kept(tmp_path: Path) -> None:
    store = IndexStore(tmp_path, keep=3)
    for seed in range(6):
        store.publish(make_build(5, seed=seed))
    assert store.versions() == ["v000004", "v000005", "v000006"]


def test_a_reader_without_any_version_is_told_to_import(tmp_path: Path) -> None:
    with pytest.raises(IndexVersionError, match="import a catalog first"):
        LiveIndex(IndexStore(tmp_path)).get()


@pytest.mark.parametrize("kind", ["ivf", "hnsw"])
def test_approximate_types_are_used_for_large_catalogs_and_recorded(tmp_path: Path, kind: str) -> None:
    store = IndexStore(tmp_path)
    manifest = store.publish(make_build(6000), index_type=kind)
    assert manifest.index_type == kind
    loaded = LiveIndex(store).get()
    hits = loaded.search(loaded.vectors[42], 10)
    assert hits[0].sku == "S42" and len(hits) == 10


def test_small_catalogs_stay_exact_whatever_type_is_asked_for(tmp_path: Path) -> None:
    assert IndexStore(tmp_path).publish(make_build(100), index_type="hnsw").index_type == "flat"


def test_ivf_trains_on_a_bounded_reproducible_sample() -> None:
    vectors = np.random.default_rng(3).standard_normal((1000, 8)).astype(np.float32)
    sample = training_sample(vectors, 100)
    assert sample.shape == (100, 8)
    assert np.array_equal(sample, training_sample(vectors, 100))
    assert training_sample(vectors, 5000) is vectors
