"""The finder says prices in the shop's currency: a shop priced in rupees hears ₹, not the demo's euros."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bot.finder.budget import Budget, shop_currency
from bot.finder.page import summary
from bot.finder.questions import options
from recommender.index.live import LiveIndex
from recommender.index.loaded import LoadedIndex
from recommender.index.versions import IndexStore
from tests.recommender.test_index_versions import make_build


def _index(tmp_path: Path, currencies: list[str | None]) -> LoadedIndex:
    build = make_build(len(currencies))
    build.attrs["currency"] = currencies
    build.attrs["price"] = [500.0 * (n + 1) for n in range(len(currencies))]
    store = IndexStore(tmp_path)
    store.publish(build)
    return LiveIndex(store).get()


def test_the_shop_currency_is_its_catalogs_main_one(tmp_path: Path) -> None:
    assert shop_currency(_index(tmp_path / "a", ["INR"] * 7 + ["USD"])) == "₹"
    assert shop_currency(_index(tmp_path / "b", ["GBP", "GBP"])) == "£"
    assert shop_currency(_index(tmp_path / "c", ["CHF"])) == "CHF"
    assert shop_currency(_index(tmp_path / "d", [None, None])) == "€"  # a catalog that says none, as always


def test_the_budget_buttons_and_the_picks_heading_say_the_shops_currency(tmp_path: Path) -> None:
    index = _index(tmp_path, ["INR"] * 8)
    titles = [o.title for o in options(index, "budget", np.ones(len(index), dtype=bool), {})]
    assert titles and all(title.endswith("₹") for title in titles), titles
    assert summary({"category": "dresses", "budget": {"min": None, "max": 2000}}, shop_currency(index)) == \
        "dresses · up to 2000 ₹"
    assert Budget(None, 2000).label() == "up to 2000 €"

