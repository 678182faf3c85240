"""The offline evaluation harness: a query set, its judgements, and the metrics of each ranking method.

Queries are JSON Lines ``{"id", "query", "answers"?, "filters"?, "shopper_id"?, "kind"?}`` (``kind``: known-item,
attribute or use-case, so that the metrics can be read per kind of query); judgements (qrels) are
JSON Lines ``{"query_id", "sku", "relevance"}`` with relevance 0, 1 or 2. The project's ranking runs beside
two baselines that see the same understood constraints: BM25 alone and dense (MiniLM) alone, so the
difference between them is the fusion and the re-ranking, not the filters; and, when asked, catalog search
as ``outfitter search`` runs it.

Every metric is reported twice: per sku, and per product, where the colour variants of one product count
as one (the best grade among them) and each method's list is read with repeats of a product skipped. The
ranking shows one variant of a product per page on purpose; per sku, the baselines are paid for filling a
page with one jacket in five colours, and per product they are not.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from recommender.encoder import Encoder
from recommender.evaluation.metrics import ndcg_at, recall_at, reciprocal_rank
from recommender.index.loaded import LoadedIndex
from recommender.query import Filters
from recommender.ranking.query_kind import KINDS
from recommender.ranking.request import Suggestions, SuggestRequest
from recommender.ranking.retrieval import dense_rows, lexical_rows
from recommender.ranking.suggest import allowed_rows, suggest
from recommender.ranking.wishes import understand_request
from recommender.search import search

HYBRID, BM25, DENSE, SEARCH = "hybrid", "bm25", "dense", "search"
METRICS = ("ndcg", "recall", "mrr")
DEPTH = 5  # a baseline's list is this many times k long, so that k distinct products can be read from it


class EvalFileError(ValueError):
    """A query or judgement file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class EvalQuery:
    id: str
    request: SuggestRequest
    kind: str | None = None  # one of query_kind.KINDS, when the query set says


Ranker = Callable[[SuggestRequest], list[str]]


def _lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    lines = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalFileError(f"{path.name} line {number}: not JSON ({exc.msg})") from None
        if not isinstance(item, dict):
            raise EvalFileError(f"{path.name} line {number}: expected an object")
        lines.append((number, item))
    return lines


def read_queries(path: Path) -> list[EvalQuery]:
    queries, seen = [], set()
    for number, item in _lines(path):
        where = f"{path.name} line {number}"
        query_id, text, answers = item.get("id"), item.get("query", ""), item.get("answers") or {}
        if query_id is None or str(query_id) in seen:
            raise EvalFileError(f"{where}: id {'missing' if query_id is None else f'{query_id!r} repeated'}")
        if not isinstance(text, str) or not isinstance(answers, dict) or not (text.strip() or answers):
            raise EvalFileError(f"{where}: query must be text, answers an object, and one of them given")
        try:
            filters = Filters.from_dict(item.get("filters"))
        except (TypeError, ValueError) as exc:
            raise EvalFileError(f"{where}: filters: {exc}") from None
        kind = item.get("kind")
        if kind is not None and kind not in KINDS:
            raise EvalFileError(f"{where}: kind {kind!r} is none of {', '.join(KINDS)}")
        seen.add(str(query_id))
        shopper = item.get("shopper_id")
        queries.append(EvalQuery(str(query_id), SuggestRequest(text=text, answers=answers, filters=filters,
                                                               shopper_id=None if shopper is None else str(shopper)),
                                 kind))
    return queries


def read_qrels(path: Path) -> dict[str, dict[str, float]]:
    qrels: dict[str, dict[str, float]] = defaultdict(dict)
    for number, item in _lines(path):
        try:
            grade = float(item["relevance"])
            qrels[str(item["query_id"])][str(item["sku"])] = grade
        except (KeyError, TypeError, ValueError):
            raise EvalFileError(f"{path.name} line {number}: needs query_id, sku and a numeric relevance") from None
    return dict(qrels)


def rankers(index: LoadedIndex, encoder: Encoder, k: int,
            run: Callable[[SuggestRequest], Suggestions] | None = None, with_search: bool = False) -> dict[str, Ranker]:
    """Ours and the two baselines, and with ``with_search`` catalog search (free text only: a query of finder
    answers alone gets no results from it). ``run`` is how ours is called (e.g. with profiles and signals)."""
    ours = run or (lambda request: suggest(request, index=index, encoder=encoder))

    def baseline(request: SuggestRequest, dense: bool) -> list[str]:
        wishes = understand_request(index, request.text, request.answers, request.constraints)
        mask = allowed_rows(index, wishes, request, None)
        depth = k * DEPTH
        rows = dense_rows(index, encoder.encode_query(wishes.text), mask, depth) if dense \
            else lexical_rows(index, wishes.text, mask, depth)
        return [str(index.skus[row]) for row in rows]

    def searched(request: SuggestRequest) -> list[str]:
        if not request.text.strip():
            return []
        return [hit.sku for hit in search(index, encoder, request.text, k, request.filters).hits]

    methods = {HYBRID: lambda request: ours(replace(request, k=k)).skus,
               BM25: lambda request: baseline(request, dense=False),
               DENSE: lambda request: baseline(request, dense=True)}
    return {SEARCH: searched, **methods} if with_search else methods


@dataclass
class QueryResult:
    id: str
    text: str
    relevant: int
    kind: str | None = None
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # method -> metric -> value
    ranked: dict[str, list[str]] = field(default_factory=dict)


def by_product(ranked: list[str], judged: Mapping[str, float], product_of: Callable[[str], str],
               ) -> tuple[list[str], dict[str, float]]:
    """The list with repeats of a product dropped, and the judgements per product (the best variant's)."""
    products = list(dict.fromkeys(product_of(sku) for sku in ranked))
    grades: dict[str, float] = {}
    for sku, grade in judged.items():
        product = product_of(sku)
        grades[product] = max(grade, grades.get(product, 0.0))
    return products, grades


def _scores(ranked: list[str], judged: Mapping[str, float], k: int) -> dict[str, float]:
    return {"ndcg": ndcg_at(ranked, judged, k), "recall": recall_at(ranked, judged, k),
            "mrr": reciprocal_rank(ranked, judged, k)}


@dataclass
class EvalReport:
    k: int
    queries: list[QueryResult]
    unjudged: list[str]  # query ids without any relevant product: left out of the means

    def mean(self, method: str, metric: str, kind: str | None = None) -> float:
        """The mean over the judged queries, or over those of one ``kind``."""
        values = [q.scores[method][metric] for q in self.of_kind(kind)]
        return float(np.mean(values)) if values else 0.0

    def of_kind(self, kind: str | None) -> list[QueryResult]:
        return self.queries if kind is None else [q for q in self.queries if q.kind == kind]

    @property
    def kinds(self) -> list[str]:
        """The kinds of query the set has, in the order of ``query_kind.KINDS``."""
        present = {q.kind for q in self.queries}
        return [kind for kind in KINDS if kind in present]

    @property
    def methods(self) -> list[str]:
        return list(self.queries[0].scores) if self.queries else []


def evaluate(queries: list[EvalQuery], qrels: Mapping[str, Mapping[str, float]], methods: Mapping[str, Ranker],
             k: int, product_of: Callable[[str], str] | None = None,
             progress: Callable[[int, int], None] | None = None) -> EvalReport:
    """Each method's metrics per query: per sku, and per product when ``product_of`` names a sku's product."""
    results, unjudged = [], []
    for done, query in enumerate(queries, 1):
        judged = qrels.get(query.id, {})
        if not any(grade > 0 for grade in judged.values()):
            unjudged.append(query.id)
            continue
        result = QueryResult(query.id, query.request.text or json.dumps(dict(query.request.answers)),
                             sum(grade > 0 for grade in judged.values()), query.kind)
        for name, ranker in methods.items():
            ranked = ranker(query.request)
            result.ranked[name] = ranked[:k]
            result.scores[name] = _scores(ranked, judged, k)
            if product_of is not None:
                products, grades = by_product(ranked, judged, product_of)
                result.scores[name] |= {f"{metric}_product": value
                                        for metric, value in _scores(products, grades, k).items()}
        results.append(result)
        if progress:
            progress(done, len(queries))
    return EvalReport(k, results, unjudged)
