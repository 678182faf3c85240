"""A single query searches on one FAISS thread, and leaves batch work every thread it had."""

from __future__ import annotations

import copy
import threading
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import pytest
from threadpoolctl import ThreadpoolController

from recommender.index.live import LiveIndex
from recommender.index.loaded import LoadedIndex
from recommender.index.threads import NUMPY_BLAS, one_thread
from recommender.index.versions import IndexStore


class Watched:
    """A FAISS index that notes how many OpenMP threads each search may use."""

    def __init__(self, index: faiss.Index) -> None:
        self.index, self.threads = index, []  # type: ignore[var-annotated]

    def search(self, *args: Any, **kwargs: Any) -> Any:
        self.threads.append(faiss.omp_get_max_threads())
        return self.index.search(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.index, name)


@pytest.fixture
def many_threads() -> Any:
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(4)
    yield 4
    faiss.omp_set_num_threads(before)


def test_a_single_query_searches_on_one_thread_and_gives_them_back(demo_index: LoadedIndex,
                                                                    many_threads: int) -> None:
    index = copy.copy(demo_index)
    watched = Watched(demo_index.index)
    index.index = watched
    query = np.asarray(demo_index.vectors[0])
    hits = index.search(query, 5)
    mask = np.zeros(len(index), dtype=bool)
    mask[::2] = True
    index.search(query, 5, mask)
    assert watched.threads == [1, 1]
    assert faiss.omp_get_max_threads() == many_threads  # batch work after it keeps its threads
    assert [hit.sku for hit in hits] == [hit.sku for hit in demo_index.search(query, 5)]
    assert hits[0].sku == demo_index.skus[0]


def test_one_thread_is_the_calling_threads_own_setting(many_threads: int) -> None:
    seen: dict[str, int] = {}
    inside, go_on = threading.Event(), threading.Event()

    def single_query() -> None:
        with one_thread():
            seen["inside"] = faiss.omp_get_max_threads()
            inside.set()
            go_on.wait(5)

    worker = threading.Thread(target=single_query)
    worker.start()
    assert inside.wait(5)
    seen["batch meanwhile"] = faiss.omp_get_max_threads()  # another thread, building or batch-searching
    go_on.set()
    worker.join()
    assert seen == {"inside": 1, "batch meanwhile": many_threads}


def test_a_live_index_keeps_numpy_to_one_thread_and_faiss_to_all(tmp_path: Path) -> None:
    controller = ThreadpoolController()
    numpy_blas = controller.select(prefix=NUMPY_BLAS)
    faiss_blas = controller.select(prefix="libopenblas")
    with controller.limit(limits=2, user_api="blas"):
        LiveIndex(IndexStore(tmp_path / "index"))
        assert {lib["num_threads"] for lib in numpy_blas.info()} == {1}
        assert {lib["num_threads"] for lib in faiss_blas.info()} == {2}
