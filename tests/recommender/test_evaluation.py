"""The evaluation harness: metrics, query files, rule judging, and the demo query set's result."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import ndcg_score

from recommender.encoder import Encoder
from recommender.evaluation.harness import (
    BM25,
    DENSE,
    HYBRID,
    SEARCH,
    EvalFileError,
    EvalQuery,
    evaluate,
    rankers,
    read_qrels,
    read_queries,
)
from recommender.evaluation.judging import judge, relevance
from recommender.evaluation.metrics import ndcg_at, recall_at, reciprocal_rank
from recommender.index.loaded import LoadedIndex
from recommender.index.variants import product_of
from recommender.ranking import SuggestRequest
from tests.conftest import ROOT

DEMO_QUERIES, DEMO_QRELS = ROOT / "data/catalog/demo_queries.jsonl", ROOT / "data/catalog/demo_qrels.jsonl"


def test_ndcg_agrees_with_scikit_learn_on_full_rankings() -> None:
    rng = np.random.default_rng(3)
    for _ in range(20):
        grades = rng.integers(0, 3, size=12).astype(float)
        scores = rng.random(12)
        ranked = [f"p{i}" for i in np.argsort(-scores)]
        judged = {f"p{i}": g for i, g in enumerate(grades)}
        # scikit-learn's NDCG uses linear gains; ours uses 2^g - 1, which equals it for 0/1 grades.
        binary = {p: float(g > 0) for p, g in judged.items()}
        expected = ndcg_score([[binary[f"p{i}"] for i in range(12)]], [scores], k=5)
        assert ndcg_at(ranked, binary, 5) == pytest.approx(expected)


def test_recall_and_reciprocal_rank() -> None:
    judged = {"a": 2, "b": 1, "c": 0}
    assert recall_at(["x", "b", "a"], judged, 2) == 0.5
    assert reciprocal_rank(["x", "c", "b"], judged) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x"], judged) == 0.0
    assert ndcg_at(["a", "b"], judged, 2) == pytest.approx(1.0)


def test_bad_query_and_judgement_lines_are_named(tmp_path: Path) -> None:
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "a", "query": "tent"}\n{"id": "a", "query": "boots"}\n')
    with pytest.raises(EvalFileError, match=r"q\.jsonl line 2: id 'a' repeated"):
        read_queries(queries)
    queries.write_text('{"id": "a", "query": "tent", "filters": {"colour": "red"}}\n')
    with pytest.raises(EvalFileError, match="line 1: filters: unknown filter"):
        read_queries(queries)
    queries.write_text('{"id": "a", "query": "tent", "kind": "known-item"}\n'
                       '{"id": "b", "query": "x", "kind": "brand"}\n')
    with pytest.raises(EvalFileError, match="line 2: kind 'brand' is none of known-item, attribute, use-case"):
        read_queries(queries)
    qrels = tmp_path / "r.jsonl"
    qrels.write_text('{"query_id": "a", "sku": "X", "relevance": 1}\n{"query_id": "a", "sku": "Y"}\n')
    with pytest.raises(EvalFileError, match=r"r\.jsonl line 2: needs query_id, sku and a numeric relevance"):
        read_qrels(qrels)
    qrels.write_text('{"query_id": "a", "sku": "X", "relevance": 1}\nnot json\n')
    with pytest.raises(EvalFileError, match="line 2: not JSON"):
        read_qrels(qrels)


@pytest.mark.parametrize(("wanted", "answers", "misses"), [
    ("boys", {"boys", "kids", ""}, {"men", "unisex", "girls"}),
    ("women", {"women", "unisex", ""}, {"girls", "kids", "men"}),
    ("kids", {"boys", "girls", "kids"}, {"men", "women"}),
])
def test_judging_reads_an_audience_as_the_filters_do(wanted: str, answers: set[str], misses: set[str]) -> None:
    tee = {"sku": "T", "title": "Printed T-shirt", "price": 10.0, "sale_price": None}
    spec = {"title_any": ["t-shirt"], "gender": wanted}
    assert {g for g in answers | misses if relevance({**tee, "gender": g}, spec) == 2} == answers


def test_judging_grades_by_the_rules_and_ignores_what_cannot_be_bought() -> None:
    spec = {"categories": ["tents"], "max_price": 300, "features_any": ["lightweight"]}
    tent = {"sku": "T", "category": "tents", "price": 250.0, "sale_price": None, "features": "lightweight",
            "stock": 3}
    assert relevance(tent, spec) == 2
    assert relevance({**tent, "price": 350.0}, spec) == 1
    assert relevance({**tent, "price": 350.0, "features": ""}, spec) == 0
    assert relevance({**tent, "category": "boots"}, spec) == 0
    assert relevance({**tent, "stock": 0}, spec) == 0
    with pytest.raises(ValueError, match="unknown judge rule"):
        judge(pd.DataFrame([tent]), [{"id": "q", "judge": {"colour": ["red"]}}])


def test_a_known_item_query_is_answered_by_its_product_alone() -> None:
    spec = {"skus": ["P1", "P1-copy"]}
    shoe = {"sku": "P1", "title": "Puma Men Black Velocity Running Shoes", "price": 5999.0, "sale_price": None}
    assert relevance(shoe, spec) == 2 and relevance({**shoe, "sku": "P1-copy"}, spec) == 2
    assert relevance({**shoe, "sku": "P3"}, spec) == 0  # a lookalike answers nothing
    assert judge(pd.DataFrame([shoe, {**shoe, "sku": "P3"}]), [{"id": "k", "judge": spec}]) == [
        {"query_id": "k", "sku": "P1", "relevance": 2}]


def test_the_report_reads_each_kind_of_query_apart() -> None:
    queries = [EvalQuery("k1", SuggestRequest(text="puma velocity"), "known-item"),
               EvalQuery("k2", SuggestRequest(text="roadster jeans"), "known-item"),
               EvalQuery("u1", SuggestRequest(text="beach wedding"), "use-case")]
    qrels = {"k1": {"A": 2.0}, "k2": {"B": 2.0}, "u1": {"C": 2.0}}
    lists = {"puma velocity": ["A", "X"], "roadster jeans": ["X", "B"], "beach wedding": ["X", "Y"]}
    report = evaluate(queries, qrels, {"m": lambda request: lists[request.text]}, 10)
    assert report.kinds == ["known-item", "use-case"]
    assert report.mean("m", "mrr", "known-item") == pytest.approx(0.75)
    assert report.mean("m", "mrr", "use-case") == 0.0
    assert report.mean("m", "mrr") == pytest.approx(0.5)
    assert report.mean("m", "mrr", "attribute") == 0.0 and not report.of_kind("attribute")


def test_the_shipped_judgements_are_what_the_rules_give() -> None:
    catalog = pd.read_csv(ROOT / "data/catalog/demo_catalog.csv", keep_default_na=False,
                          na_values={"sale_price": [""], "stock": [""]})
    queries = [json.loads(line) for line in DEMO_QUERIES.read_text().splitlines() if line.strip()]
    shipped = [json.loads(line) for line in DEMO_QRELS.read_text().splitlines() if line.strip()]
    assert judge(catalog, queries) == shipped


def test_on_the_demo_query_set_the_ranking_beats_both_baselines(demo_index: LoadedIndex, encoder: Encoder) -> None:
    queries, qrels = read_queries(DEMO_QUERIES), read_qrels(DEMO_QRELS)
    report = evaluate(queries, qrels, rankers(demo_index, encoder, 10), 10, product_of(demo_index))
    assert len(report.queries) == 40 and not report.unjudged
    ours = report.mean(HYBRID, "ndcg_product")
    assert ours > report.mean(BM25, "ndcg_product") + 0.03
    assert ours > report.mean(DENSE, "ndcg_product") + 0.03
    assert report.mean(HYBRID, "mrr") >= max(report.mean(BM25, "mrr"), report.mean(DENSE, "mrr"))


def test_catalog_search_is_ranked_beside_the_others_when_asked(demo_index: LoadedIndex, encoder: Encoder) -> None:
    methods = rankers(demo_index, encoder, 5, with_search=True)
    assert set(methods) == {SEARCH, HYBRID, BM25, DENSE}
    found = methods[SEARCH](SuggestRequest(text="waterproof jacket"))
    assert 0 < len(found) <= 5 and len(set(found)) == len(found)
    assert methods[SEARCH](SuggestRequest(answers={"activity": "hiking"})) == []
    assert SEARCH not in rankers(demo_index, encoder, 5)
