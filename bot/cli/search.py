"""``outfitter search "QUERY"`` and ``outfitter search --batch FILE.jsonl``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from bot.cli.console import err, out
from bot.services import Services
from recommender.index.loaded import LoadedIndex
from recommender.index.versions import IndexVersionError
from recommender.query import Filters
from recommender.search import SearchResult, product_cards, search


def _result_line(result: SearchResult) -> list[dict[str, Any]]:
    return [{"sku": hit.sku, "score": round(hit.score, 5)} for hit in result.hits]


def _print_table(result: SearchResult, index: LoadedIndex) -> None:
    implied = {k: v for k, v in vars(result.query.filters).items() if v is not None}
    if implied or result.query.boost_colors:
        err.print(f"understood: {implied}" + (f", boost {list(result.query.boost_colors)}"
                                               if result.query.boost_colors else ""), highlight=False)
    table = Table("#", "sku", "title", "brand", "price", "colours", "score")
    for rank, card in enumerate(product_cards(index, result.hits), 1):
        unit = f" {card['currency']}" if card["currency"] else ""  # a catalog that states none shows bare prices
        price = f"{card['price']:.2f}{unit}" if card["sale_price"] is None \
            else f"{card['sale_price']:.2f}{unit} (was {card['price']:.2f})"
        colours = ", ".join(c["color"] or "?" for c in card["colors"]) if len(card["colors"]) > 1 else ""
        table.add_row(str(rank), card["sku"], card["title"], card["brand"] or "", price, colours,
                      f"{card['score']:.3f}")
    out.print(table)


def _run_batch(services: Services, path: Path, k: int) -> int:
    """One output line per input line; a bad line gets an ``error`` and the rest go on."""
    failures = 0
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            item_id: Any = None
            try:
                item = json.loads(line)
                item_id = item.get("id", number)
                if not isinstance(item.get("query"), str) or not item["query"].strip():
                    raise ValueError("query: missing or not text")
                filters = Filters.from_dict(item.get("filters"))
                result = search(services.live_index.get(), services.encoder, item["query"], k, filters)
                out: dict[str, Any] = {"id": item_id, "results": _result_line(result)}
            except (ValueError, TypeError, AttributeError) as exc:
                failures += 1
                err.print(f"line {number}: {exc}", highlight=False)
                out = {"id": item_id if item_id is not None else number, "error": str(exc)}
            sys.stdout.write(json.dumps(out) + "\n")
    return failures


def command(
    query: str = typer.Argument(None, help="What the shopper typed."),
    k: int = typer.Option(10, "--k", min=1, max=1000, help="How many results."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of a table."),
    batch: Path = typer.Option(None, "--batch", help="JSON Lines of {id, query, filters?, shopper_id?}."),
) -> None:
    """Search the live catalog index the way the bot and the search box do."""
    services = Services()
    try:
        if batch is not None:
            _run_batch(services, batch, k)
            return
        if not query or not query.strip():
            err.print("[red]error:[/] give a QUERY or --batch FILE")
            raise typer.Exit(2)
        index = services.live_index.get()
        result = search(index, services.encoder, query, k)
    except IndexVersionError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from None
    if as_json:
        sys.stdout.write(json.dumps({"query": query, "results": _result_line(result)}) + "\n")
    else:
        _print_table(result, index)
