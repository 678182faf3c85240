"""A shop that sells what the demo does not: its catalog imported, and the trained bot asked for it in a
shopper's words. Nothing is retrained for this catalog: the model knows product words in general and the
actions read the live catalog's own vocabulary."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.services import Services
from tests.rasa.conftest import say, serving, texts
from tests.rasa.test_wiring import carousel_of

pytestmark = pytest.mark.rasa

CATALOG = Path(__file__).parent / "data" / "dresses_sarees_watches.csv"
RED_DRESSES_UNDER_2000 = {"KV-DR-01", "KV-DR-02", "KV-DR-03"}  # KV-DR-02 is on sale at 1899


@pytest.fixture(scope="module")
def fashion_shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    with serving(tmp_path_factory.mktemp("fashion-home"), CATALOG, demo_orders=False) as services:
        yield services


def test_red_dresses_under_2000_are_red_dresses_under_2000(fashion_shop: Services) -> None:
    messages = say(fashion_shop, "fashion-1", "do you have any red dresses under 2000?")
    carousel = carousel_of(messages)
    assert carousel, texts(messages)
    shown = [card["sku"] for card in carousel["products"]]
    assert set(shown[:3]) == RED_DRESSES_UNDER_2000, shown
    index = fashion_shop.live_index.get()
    for sku in shown:
        row = index.row_of_sku(sku)
        assert index.column("category")[row] == "dresses" and index.effective_price[row] <= 2000, sku
    said = texts(messages)
    assert "up to 2000" in said and ("INR" in said or "₹" in said), said  # the shop's currency, not euros
