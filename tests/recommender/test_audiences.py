"""Children are their own audience: a women's filter never answers with girls' products, "for my son" means
boys; and a category filter admits the types it is the head of."""

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.encoder import Encoder
from recommender.index.live import LiveIndex
from recommender.index.loaded import LoadedIndex
from recommender.index.versions import IndexStore
from recommender.query import Filters
from recommender.search import filter_mask, search
from tests.recommender.test_index_versions import make_build

GENDERS = ["men", "women", "unisex", "boys", "girls", "kids", None]


@pytest.mark.parametrize(("audience", "admitted"), [
    ("men", {"men", "unisex", None}),
    ("women", {"women", "unisex", None}),
    ("boys", {"boys", "kids", None}),
    ("girls", {"girls", "kids", None}),
    ("kids", {"boys", "girls", "kids", None}),
])
def test_a_gender_filter_admits_its_audience(tmp_path: Path, audience: str, admitted: set[str | None]) -> None:
    build = make_build(len(GENDERS))
    build.attrs["gender"] = GENDERS
    store = IndexStore(tmp_path)
    store.publish(build)
    index = LiveIndex(store).get()
    mask = filter_mask(index, Filters(gender=audience))
    assert mask is not None
    assert {GENDERS[row] for row in range(len(GENDERS)) if mask[row]} == admitted


def test_a_category_filter_admits_the_types_it_is_the_head_of(tmp_path: Path) -> None:
    categories = ["shoes", "running shoes", "trail running shoes", "shoe racks", "horseshoes", "sandals"]
    build = make_build(len(categories))
    build.attrs["category"] = categories
    store = IndexStore(tmp_path)
    store.publish(build)
    index = LiveIndex(store).get()

    def admitted(category: str) -> set[str]:
        mask = filter_mask(index, Filters(category=category))
        assert mask is not None
        return {categories[row] for row in range(len(categories)) if mask[row]}

    assert admitted("shoes") == {"shoes", "running shoes", "trail running shoes"}
    assert admitted("Running Shoes") == {"running shoes", "trail running shoes"}


HEADER = "sku,title,description,brand,gender,price,currency"
ROWS = [
    "W1,Anouk Women Red Floral Maxi Dress,A red floral maxi dress with a flared hem.,Anouk,Women,1899,",
    "W2,Libas Women Blue A-Line Dress,A blue a-line cotton dress.,Libas,Women,1299,",
    "G1,Gini and Jony Girls Pink Fit & Flare Dress,A pink party dress for girls.,Gini and Jony,Girls,999,",
    "G2,Peppermint Girls Yellow Printed Dress,A yellow printed cotton dress for girls.,Peppermint,Girls,799,",
    "K1,Babyhug Unisex Kids Green Romper Dress,A green cotton dress for little ones.,Babyhug,Unisex Kids,599,",
    "B1,Allen Solly Junior Boys Navy Shirt,A navy cotton shirt for boys.,Allen Solly,Boys,899,",
    "M1,Roadster Men Navy Casual Shirt,A navy cotton casual shirt.,Roadster,Men,999,",
    "U1,Wildcraft Unisex Grey Backpack,A grey backpack for college.,Wildcraft,Unisex,1499,",
]


@pytest.fixture
def childrens_index(session: Session, encoder: Encoder, tmp_path: Path) -> LoadedIndex:
    path = tmp_path / "kids.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    import_catalog(session, path, encoder, currency="INR")
    store = IndexStore(tmp_path / "index")
    publish_index(session, store, encoder.model_name)
    return LiveIndex(store).get()


def _skus(index: LoadedIndex, encoder: Encoder, text: str, filters: Filters | None = None) -> set[str]:
    return {hit.sku for hit in search(index, encoder, text, 10, filters).hits}


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_shoppers_words_for_children_reach_childrens_products(childrens_index: LoadedIndex,
                                                              encoder: Encoder) -> None:
    assert _skus(childrens_index, encoder, "a dress for my daughter") == {"G1", "G2", "K1"}
    assert _skus(childrens_index, encoder, "a shirt for my son") == {"B1"}
    assert _skus(childrens_index, encoder, "kids dress") == {"G1", "G2", "K1"}
    assert _skus(childrens_index, encoder, "women's dress") == {"W1", "W2"}
    assert _skus(childrens_index, encoder, "dress", Filters(gender="women")) == {"W1", "W2"}
    assert _skus(childrens_index, encoder, "something navy", Filters(gender="men")) == {"M1", "U1"}


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_a_catalog_without_categories_or_currency_gets_both_on_import(childrens_index: LoadedIndex) -> None:
    attrs = childrens_index.attrs.set_index("sku")
    assert attrs.loc["W1", "category"] == "dresses" and attrs.loc["B1", "category"] == "shirts"
    assert attrs.loc["U1", "category"] == "backpacks"
    assert set(attrs["currency"]) == {"INR"}
    assert attrs.loc["K1", "gender"] == "kids"
