"""The finder's "Who is it for?" offers children's audiences when the products that fit include theirs."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bot.finder.questions import options
from recommender.index.live import LiveIndex
from recommender.index.loaded import LoadedIndex
from recommender.index.versions import IndexStore
from tests.recommender.test_index_versions import make_build


def _index(tmp_path: Path, genders: list[str]) -> LoadedIndex:
    build = make_build(len(genders))
    build.attrs["gender"] = genders
    store = IndexStore(tmp_path)
    store.publish(build)
    return LiveIndex(store).get()


def _fit(index: LoadedIndex) -> list[str]:
    return [option.value for option in options(index, "fit", np.ones(len(index), dtype=bool), {})]


def test_childrens_audiences_are_offered_when_the_catalog_has_them(tmp_path: Path) -> None:
    index = _index(tmp_path, ["women", "men", "unisex", "girls", "boys", "kids", "girls"])
    assert _fit(index) == ["women", "men", "unisex", "girls", "boys", "kids"]


def test_an_adults_catalog_offers_what_it_always_did(tmp_path: Path) -> None:
    assert _fit(_index(tmp_path / "a", ["women", "men", "unisex"])) == ["women", "men", "unisex"]
    assert _fit(_index(tmp_path / "b", ["unisex", "unisex", "women"])) == []  # one audience is no choice
