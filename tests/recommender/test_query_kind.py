"""Fusion by what the query is: a query that names a product finds that product first, on any catalog."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy.orm import Session

from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.encoder import Encoder
from recommender.index.live import LiveIndex
from recommender.index.loaded import LoadedIndex
from recommender.index.versions import IndexStore
from recommender.ranking import SuggestRequest, retrieval, suggest
from recommender.ranking.query_kind import ATTRIBUTE, KNOWN_ITEM, USE_CASE, classify, content, title_match
from recommender.search import search
from tests.conftest import write_catalog

# A small fashion shop: the Velocity shoe's own text is mostly care instructions, while another Puma running
# shoe's short text repeats what a shopper types, so meaning and word counts alone put the lookalike first.
FASHION = [
    "P1,Puma Men Black Velocity Nitro Running Shoes,A lace-up closure; a padded footbed; a textured outsole with "
    "flex grooves; a warranty of three months against manufacturing defects; wipe with a clean dry cloth and keep "
    "away from direct heat; stuff with paper to keep the shape; do not machine wash; colour may vary slightly "
    "from the picture.,Puma,,men,5999,,black,,,",
    "P3,Puma Men Black Softride Running Shoes,Velocity running shoes by Puma.,Puma,,men,3999,,black,,,",
    "P4,Puma Men Black Smash Running Shoes,Black running shoes for men by Puma.,Puma,,men,2999,,black,,,",
    "A1,Asics Men Black Gel Running Shoes,Black running shoes for men: a cushioned sole for road running and a "
    "black mesh upper for daily runs.,Asics,,men,4999,,black,,,",
    "N1,Nike Men Black Revolution Running Shoes,Men's black running shoes with a soft foam sole for running every "
    "day.,Nike,,men,3999,,black,,,",
    "P2,Puma Women Pink Softride Running Shoes,Pink running shoes for women.,Puma,,women,3499,,pink,,,",
    "S1,Skechers Men Grey Walking Shoes,Grey walking shoes for men with a memory foam insole.,Skechers,,men,2999,,"
    "grey,,,",
    "W1,Hidesign Men Black Leather Wallet,A black leather wallet for men with six card slots.,Hidesign,,men,1499,,"
    "black,,,",
    "W2,Lavie Women Tan Zip Around Wallet,A tan wallet for women with a zip around closure.,Lavie,,women,999,,tan,,,",
    "W3,Roadster Men Brown Leather Wallet,A brown leather wallet for men.,Roadster,,men,799,,brown,,,",
    "J1,Roadster Men Blue Slim Fit Jeans,Blue slim fit jeans for men with five pockets.,Roadster,,men,1299,,blue,,,",
    "J2,Levis Men Black 511 Slim Fit Jeans,Black slim fit jeans with a little stretch.,Levis,,men,2999,,black,,,",
    "J3,Pepe Jeans Women Blue Skinny Fit Jeans,Blue skinny fit jeans for women.,Pepe Jeans,,women,2499,,blue,,,",
    "D1,Sassafras Women White Floral Maxi Dress,A flowing white floral maxi dress for summer.,Sassafras,,women,1599,,"
    "white,,,",
    "D2,Athena Women Pink Linen Shirt Dress,A pink linen shirt dress for warm days.,Athena,,women,1799,,pink,,,",
    "D3,Biba Women Yellow Printed Kurta,A yellow printed cotton kurta for festive days.,Biba,,women,1199,,yellow,,,",
    "F1,Fame Forever by Lifestyle Men Blue Printed T-shirt,A blue printed cotton tee.,Fame Forever by Lifestyle,,"
    "men,399,,blue,,,",
    "G1,Gini and Jony Girls Red Printed Shorts,Red printed shorts for girls.,Gini and Jony,,girls,559,,red,,,",
    "M1,Obsessions Brown Colourblocked Bathmat,A brown bathmat.,Obsessions,,,1200,,brown,,,",
    "B1,Basics Men Olive Tapered Trousers,Olive trousers.,Basics,,men,1469,,olive,,,",
    "B2,Roadster Men Grey Basics T-shirt,A grey tee.,Roadster,,men,399,,grey,,,",
    "B3,Levis Men White Basics T-shirt,A white tee.,Levis,,men,599,,white,,,",
    "O1,ONLY Women Black Skinny Fit Jeans,Black skinny jeans.,ONLY,,women,1799,,black,,,",
]


@pytest.fixture
def fashion_index(session: Session, encoder: Encoder, tmp_path: Path) -> LoadedIndex:
    import_catalog(session, write_catalog(tmp_path / "fashion.csv", FASHION), encoder)
    store = IndexStore(tmp_path / "index")
    publish_index(session, store, encoder.model_name)
    return LiveIndex(store).get()


def _fixed_fusion(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every query fused alike, dense and lexical equally, no title match: the fusion before query kinds."""
    fixed = retrieval.Fusion(dense=1.0, lexical=1.0, title=0.0)
    monkeypatch.setattr(retrieval, "FUSION", {kind: fixed for kind in retrieval.FUSION})


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_queries_are_told_apart_by_the_catalogs_own_words(fashion_index: LoadedIndex) -> None:
    named = classify(fashion_index, "Puma men black running shoes")
    assert (named.kind, named.brands) == (KNOWN_ITEM, {"puma"})
    assert classify(fashion_index, "roadster slim fit jeans").brands == {"roadster"}
    assert classify(fashion_index, "levi's black 511").brands == {"levi"}  # the apostrophe and plural read alike
    assert classify(fashion_index, "black leather wallet for men").kind == ATTRIBUTE
    assert classify(fashion_index, "jeans").kind == ATTRIBUTE
    assert classify(fashion_index, "something to wear to a beach wedding").kind == USE_CASE
    assert classify(fashion_index, "what to wear for diwali").kind == USE_CASE
    # "jeans" names the kind, not the brand Pepe Jeans; and a brand that is a word other brands' titles use
    # more than its own is not taken for the brand.
    assert classify(fashion_index, "blue jeans for women").kind == ATTRIBUTE
    assert classify(fashion_index, "grey basics t-shirt").kind == ATTRIBUTE
    assert classify(fashion_index, "only black jeans please").kind == ATTRIBUTE  # "Only" is a brand too
    assert content("I'm looking for some Shoes") == ["shoe"]


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_words_are_read_as_the_titles_write_them(fashion_index: LoadedIndex) -> None:
    # The first words of a long brand name it, "&" is "and", and a word the titles write joined is joined.
    assert classify(fashion_index, "fame forever blue tshirt").brands == {"fame forever by lifestyle"}
    assert classify(fashion_index, "gini & jony red shorts").brands == {"gini and jony"}
    assert classify(fashion_index, "obsessions brown bath mat").words == ("obsession", "brown", "bathmat")
    rows = np.arange(len(fashion_index))
    for text, sku in (("fame forever blue printed tshirt", "F1"), ("obsessions brown bath mat", "M1")):
        scores = title_match(fashion_index, rows, classify(fashion_index, text))
        assert fashion_index.skus[int(np.argmax(scores))] == sku and scores.max() > 0.8


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_the_title_that_answers_the_words_scores_highest(fashion_index: LoadedIndex) -> None:
    query = classify(fashion_index, "Puma Men Black Velocity Running Shoes")
    rows = np.arange(len(fashion_index))
    scores = dict(zip(fashion_index.skus, title_match(fashion_index, rows, query), strict=True))
    assert max(scores, key=scores.__getitem__) == "P1" and scores["P1"] > 0.9
    assert scores["P1"] > scores["P3"] > scores["P2"] > scores["A1"]  # the model name, the brand, the words
    assert scores["W1"] < scores["A1"]
    assert not title_match(fashion_index, rows, classify(fashion_index, "zzz qqq")).any()


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_a_named_product_comes_first_where_a_fixed_fusion_puts_a_lookalike_first(
        fashion_index: LoadedIndex, encoder: Encoder, monkeypatch: pytest.MonkeyPatch) -> None:
    # The other Puma running shoe's short text says "velocity running shoes": by meaning and by word counts
    # it is the better match, but the title that carries the model's name is the product asked for.
    text = "Puma Men Black Velocity Running Shoes"
    assert search(fashion_index, encoder, text, 3).hits[0].sku == "P1"
    assert suggest(SuggestRequest(text=text, k=3), index=fashion_index, encoder=encoder).skus[0] == "P1"
    assert search(fashion_index, encoder, "roadster slim fit jeans", 3).hits[0].sku == "J1"
    _fixed_fusion(monkeypatch)
    assert search(fashion_index, encoder, text, 3).hits[0].sku == "P3"
    assert suggest(SuggestRequest(text=text, k=3), index=fashion_index, encoder=encoder).skus[0] == "P3"


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
def test_a_use_leans_on_meaning(fashion_index: LoadedIndex, encoder: Encoder) -> None:
    found = retrieval.retrieve(fashion_index, encoder.encode_query("something to wear to a beach wedding"),
                               "something to wear to a beach wedding", None)
    assert found.query is not None and found.query.kind == USE_CASE and found.title is None
    top = [str(fashion_index.skus[row]) for row in found.rows[np.argsort(-found.score)][:3]]
    assert set(top) & {"D1", "D2"}
