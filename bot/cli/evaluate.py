"""``outfitter eval QUERIES.jsonl QRELS.jsonl``: how well the ranking answers a judged query set."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from bot.cli.console import err, out
from bot.cli.progress import progress_bars
from bot.services import Services
from bot.suggestions import suggest_for
from recommender.evaluation.calibration import calibrate
from recommender.evaluation.harness import (
    METRICS,
    EvalFileError,
    EvalReport,
    evaluate,
    rankers,
    read_qrels,
    read_queries,
)
from recommender.feedback.holdout import PERSONALIZED
from recommender.index.variants import product_of
from recommender.index.versions import IndexVersionError


def _means(report: EvalReport) -> Table:
    names = [f"{m.upper()}@{report.k}" if m != "mrr" else "MRR" for m in METRICS]
    table = Table("method", *(f"{n} per sku" for n in names), *(f"{n} per product" for n in names),
                  title=f"{len(report.queries)} judged queries (per product: colour variants count once)")
    for method in report.methods:
        table.add_row(method, *(f"{report.mean(method, metric):.3f}" for metric in METRICS),
                      *(f"{report.mean(method, metric + '_product'):.3f}" for metric in METRICS))
    return table


def _per_query(report: EvalReport) -> Table:
    table = Table("id", "query", "relevant", *(f"{m}" for m in report.methods),
                  title=f"NDCG@{report.k} per product, per query, weakest first for {report.methods[0]}")
    first = report.methods[0]
    for result in sorted(report.queries, key=lambda q: q.scores[first]["ndcg_product"]):
        table.add_row(result.id, result.text[:60], str(result.relevant),
                      *(f"{result.scores[m]['ndcg_product']:.3f}" for m in report.methods))
    return table


def command(
    queries: Path = typer.Argument(..., exists=True, dir_okay=False, help="JSON Lines: {id, query, answers?, "
                                   "filters?, shopper_id?}."),
    qrels: Path = typer.Argument(..., exists=True, dir_okay=False, help="JSON Lines: {query_id, sku, relevance}."),
    k: int = typer.Option(10, "--k", min=1, max=100, help="Cut-off for NDCG and Recall."),
    per_query: Path = typer.Option(None, "--per-query", help="Also write each query's scores and results here "
                                   "(JSON Lines)."),
    calibrated: bool = typer.Option(False, "--calibrate", help="Fit the match-level model to these judgements "
                                    "and show how each band holds."),
) -> None:
    """NDCG@k, Recall@k and MRR of the ranking and of BM25-only and dense-only baselines."""
    services = Services()
    try:
        query_set, judgements = read_queries(queries), read_qrels(qrels)
        index = services.live_index.get()
    except (EvalFileError, IndexVersionError) as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    # The ranking is what is evaluated, whichever experiment group a query's shopper would be in.
    methods = rankers(index, services.encoder, k,
                      run=lambda request: suggest_for(services, request, group=PERSONALIZED))
    with progress_bars(err) as progress:
        report = evaluate(query_set, judgements, methods, k, product_of(index),
                          lambda done, total: progress("rank", done, total))
    if report.unjudged:
        err.print(f"left out (no relevant product judged): {', '.join(report.unjudged)}", highlight=False)
    out.print(_means(report))
    out.print(_per_query(report))
    if per_query is not None:
        per_query.write_text("".join(json.dumps({"id": q.id, "query": q.text, "relevant": q.relevant,
                                                 "scores": q.scores, "results": q.ranked}) + "\n"
                                     for q in report.queries))
        err.print(f"per-query results written to {per_query}")
    if calibrated:
        calibration = calibrate(query_set, judgements,
                                lambda request: suggest_for(services, request, group=PERSONALIZED), k)
        table = Table("match level", "suggestions", "judged relevant", title="Match levels with the coefficients "
                      "in use")
        for band in calibration.bands:
            table.add_row(band.level, str(band.suggestions), f"{band.relevant_share:.0%}")
        out.print(table)
        out.print(f"fitted on {calibration.samples} suggestions: INTERCEPT = {calibration.intercept:.2f}, "
                  f"W_COSINE = {calibration.w_cosine:.2f}, W_COVERAGE = {calibration.w_coverage:.2f}", highlight=False)
