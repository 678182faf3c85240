"""``similar``, ``bought_together`` and the shop-wide signals behind them."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from recommender.index.loaded import LoadedIndex
from recommender.index.variants import product_keys
from recommender.ranking import bought_together, similar
from recommender.ranking.signals import Touch, co_purchase, popularity, signals_from
from recommender.shoppers.spec import ORDER_COMPLETED, PRODUCT_ADDED, PRODUCT_VIEWED
from tests.recommender.ranking_helpers import skus_of
from tests.recommender.shoppers_helpers import NOW


def test_similar_products_are_close_but_never_the_product_or_its_colour_variants(demo_index: LoadedIndex) -> None:
    sku = skus_of(demo_index, category="rain jackets")[1]
    keys = product_keys(demo_index)
    mine = keys[demo_index.row_of_sku(sku)]
    assert (keys == mine).sum() > 1, "the demo catalog has this jacket in several colours"
    items = similar(demo_index, sku, k=6)
    assert len(items) == 6
    assert all(keys[demo_index.row_of_sku(i.sku)] != mine for i in items)
    assert sum(i.category == "rain jackets" for i in items) >= 4
    assert all(i.reasons[0].code == "like" and i.reasons[0].evidence["sku"] == sku for i in items)
    with pytest.raises(KeyError, match="NOPE"):
        similar(demo_index, "NOPE")


def test_bought_together_follows_the_orders(demo_index: LoadedIndex) -> None:
    tent, bag, lamp = skus_of(demo_index, category="tents")[0], skus_of(demo_index, category="sleeping bags")[0], \
        skus_of(demo_index, category="accessories")[0]
    touches = []
    for n in range(10):  # the bag is in every tent order, the accessory in three of them
        touches += [Touch(n, n, ORDER_COMPLETED, NOW, tent), Touch(n, n, ORDER_COMPLETED, NOW, bag)]
        if n < 3:
            touches.append(Touch(n, n, ORDER_COMPLETED, NOW, lamp))
    signals = signals_from(touches, NOW)
    items = bought_together(demo_index, signals, tent)
    assert [i.sku for i in items] == [bag, lamp]
    assert items[0].reasons[0].code == "together"
    assert bought_together(demo_index, signals_from([], NOW), tent) == []


def test_co_purchase_is_the_cosine_of_order_sets() -> None:
    together = co_purchase([["a", "b"], ["a", "b"], ["a", "c"], ["d"]])
    assert dict(together["a"]) == pytest.approx({"b": 2 / np.sqrt(3 * 2), "c": 1 / np.sqrt(3 * 1)}, abs=1e-4)
    assert [sku for sku, _ in together["a"]] == ["b", "c"]
    assert "d" not in together


def test_popularity_counts_shoppers_not_clicks_weights_purchases_and_fades() -> None:
    touches = [Touch(i, 1, PRODUCT_VIEWED, NOW, "x") for i in range(50)]  # one shopper, fifty views
    touches += [Touch(100 + i, 10 + i, PRODUCT_VIEWED, NOW, "y") for i in range(3)]
    touches += [Touch(200, 20, ORDER_COMPLETED, NOW, "z"), Touch(201, 21, PRODUCT_ADDED, NOW, "w")]
    touches += [Touch(300, 30, ORDER_COMPLETED, NOW - timedelta(days=60), "old")]
    scores = popularity(touches, NOW)
    assert scores["x"] == pytest.approx(1.0)
    assert scores["y"] == pytest.approx(3.0)
    assert scores["z"] == pytest.approx(5.0) and scores["w"] == pytest.approx(3.0)
    assert scores["old"] == pytest.approx(5.0 / 4)  # two half-lives
