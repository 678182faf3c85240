"""Property tests for what reads a shop's or a shopper's words: the catalog row reader, the budget parsers and the
finder's slot parsers. Whatever arrives, they answer with their own errors or with values they allow, never
with a crash."""

from __future__ import annotations

import asyncio
import csv
import gzip
import json
import math
import os
import re
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa_sdk.executor import CollectingDispatcher

from actions.finder_form import ValidateFinderForm
from bot.finder.budget import Budget, read_budget
from bot.finder.reading import ANY, QUESTIONS, SKIPPED, read_message, vocabulary
from bot.finder.search_terms import search_terms
from bot.finder.state import ANSWER_SLOTS
from bot.services import Services
from recommender.catalog.formats import CatalogFileError
from recommender.catalog.importer import validate
from recommender.catalog.reader import read_records
from recommender.catalog.rows import CANONICAL_FIELDS, GENDERS
from recommender.encoder import Encoder
from recommender.index.loaded import LoadedIndex
from recommender.query import parse_budget
from recommender.ranking.cuts import CUTS
from recommender.ranking.wishes import ACTIVITY_WORDS, CONDITIONS
from tests.actions.conftest import slots_of, tracker
from tests.bot.web_helpers import stocked_services

EXAMPLES = int(os.environ.get("OUTFITTER_FUZZ_PARSER_EXAMPLES", "150"))  # per property; more for a deep run
FAST = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=max(1, EXAMPLES * 2 // 5), deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Characters that broke parsers before: NUL, controls, lone surrogates, separators, BOM, the replacement char.
TROUBLE = ["\x00", "\x01", "\t", "\n", "\r", "\x85", "\ud800", "\udfff", "\u2028", "\ufeff", "\ufffd", ",", '"',
           "|", ";", "₹", "€", "$", "-", "–", "k", ".", " "]
texts = st.lists(st.one_of(st.characters(codec=None), st.sampled_from(TROUBLE)), max_size=40).map("".join)


# --- the catalog row reader ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("parsers")


def read(path: Path) -> tuple[list[Any], list[Any]]:
    return validate(read_records(path))


READER_REASON = re.compile(r"cannot be read as CSV|\d+ fields?, the header has \d+|not valid JSON|not a JSON object|"
                           r"duplicate sku \(first at row \d+\)")
noise = st.one_of(st.binary(max_size=300), texts.map(lambda t: t.encode("utf-8", "surrogatepass")))
headers = st.sampled_from([b"sku,title,price\n", b"SKU,Title,Price,Stock,Features\n", b"sku\ttitle\tprice\n", b""])


@FAST
@given(st.sampled_from(["c.csv", "c.tsv", "c.jsonl", "c.csv.gz"]), headers, noise)
def test_any_file_gives_rows_or_rejections_or_one_file_error(folder: Path, name: str, header: bytes,
                                                              body: bytes) -> None:
    path = folder / name
    content = header + body if not name.endswith(".jsonl") else body
    path.write_bytes(gzip.compress(content) if name.endswith(".gz") else content)
    try:
        good, rejected = read(path)
    except CatalogFileError as exc:
        assert str(exc).startswith(name), exc  # the whole file refused, by name
        return
    assert all(r.row >= 1 for r in rejected)
    for rejection in rejected:  # a field's fault names the field; a record the reader could not split says so
        assert rejection.reason.split(":", 1)[0] in CANONICAL_FIELDS or READER_REASON.match(rejection.reason), \
            rejection
    assert len({row.sku for row in good}) == len(good)


plain = st.text(st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=20)
words = st.lists(plain, min_size=1, max_size=3).map(" ".join)
good_rows = st.fixed_dictionaries({
    "sku": plain, "title": words, "price": st.integers(0, 10_000_000).map(lambda cents: cents / 100)},
    optional={"brand": words, "category": words.map(str.lower), "color": plain.map(str.lower),
              "gender": st.sampled_from(sorted(set(GENDERS.values()))),
              "features": st.lists(words, min_size=1, max_size=4, unique_by=str.lower),
              "stock": st.integers(0, 1_000_000), "warranty_months": st.integers(0, 120)})


def as_cell(value: Any) -> str:
    return "|".join(value) if isinstance(value, list) else f"{value:.2f}" if isinstance(value, float) else str(value)


@FAST
@given(good_rows, st.sampled_from(["csv", "jsonl"]))
def test_a_good_row_reads_back_field_for_field(folder: Path, row: dict[str, Any], fmt: str) -> None:
    path = folder / f"good.{fmt}"
    if fmt == "csv":
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(list(row))
            writer.writerow([as_cell(value) for value in row.values()])
    else:
        path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    good, rejected = read(path)
    assert not rejected and len(good) == 1, rejected
    for name, value in row.items():
        # Casing a word can change it ("ß" and "SS"); a sku or title keeps what the shop wrote.
        expected = value if name not in ("category", "color") else value.lower()
        assert getattr(good[0], name) == expected, name


BAD_CELLS = {"sku": ["", "  "], "title": [""], "price": ["abc", "-1", "1e400", "12.5.3", "nan"],
             "stock": ["1.5", "-3", "many", "1" * 40], "warranty_months": ["two", "-1", "0.5"]}


@FAST
@given(st.lists(good_rows.map(lambda r: {**r, "stock": r.get("stock", 1), "warranty_months": 12}), min_size=1,
                max_size=6, unique_by=lambda r: r["sku"]), st.data())
def test_a_bad_row_is_rejected_by_its_number_and_field(folder: Path, rows: list[dict[str, Any]],
                                                       data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(rows) - 1))
    field = data.draw(st.sampled_from(sorted(BAD_CELLS)))
    cells = [{name: as_cell(row.get(name, "")) for name in ("sku", "title", "price", "stock", "warranty_months")}
             for row in rows]
    cells[at][field] = data.draw(st.sampled_from(BAD_CELLS[field]))
    path = folder / "bad.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(cells[0]))
        writer.writeheader()
        writer.writerows(cells)
    good, rejected = read(path)
    assert [(r.row, r.reason.split(":")[0]) for r in rejected] == [(at + 1, field)], rejected
    assert len(good) == len(rows) - 1


# --- the budget parsers -------------------------------------------------------------------------------------

def assert_sane(low: float | None, high: float | None) -> None:
    for bound in (low, high):
        assert bound is None or (math.isfinite(bound) and bound >= 0), (low, high)
    assert low is None or high is None or low <= high, (low, high)


PHRASES = ["under", "below", "up to", "max", "at most", "over", "above", "at least", "from", "around", "about",
           "between", "and", "to", "-", "–", "₹", "€", "$", "rs", "rupees", "euros", "bucks", "/-", "k", "cheap",
           "jacket", "2 kg", "for 4 people", "1,50,000", "12,50", "1.5k", "0", "1e9", "9" * 40]
budget_texts = st.one_of(texts, st.lists(st.one_of(st.sampled_from(PHRASES), st.integers(0, 10 ** 8).map(str),
                                                   st.integers(0, 10 ** 400).map(str)),
                                         max_size=8).map(" ".join))


@FAST
@given(budget_texts)
def test_a_budget_read_from_any_text_is_finite_non_negative_and_ordered(text: str) -> None:
    low, high, rest = parse_budget(text)
    assert_sane(low, high)
    assert isinstance(rest, str)
    budget = read_budget(text, np.array([39.0, 89.0, 129.0, 349.0]))
    assert budget is None or isinstance(budget, Budget)
    if budget is not None:
        assert_sane(budget.min, budget.max)


def indian(n: int) -> str:
    """1,50,000: the last three digits, then pairs."""
    head, tail = str(n)[:-3], str(n)[-3:]
    pairs = []
    while head:
        head, pairs = head[:-2], [head[-2:], *pairs]
    return ",".join([*pairs, tail])


def written(n: int, style: str) -> str:
    """The whole number n as shoppers write it."""
    return {"plain": str(n), "grouped": f"{n:,}", "indian": indian(n), "cents": f"{n}.00", "comma": f"{n},00",
            "k": f"{n / 1000:g}k"}[style]


amounts = st.one_of(st.integers(1, 10 ** 7).map(lambda n: (n, st.sampled_from(["plain", "grouped", "indian",
                                                                                   "cents", "comma"]))),
                    st.integers(1, 999).map(lambda n: (n * 100, st.just("k"))))
MAX_WORDS = ["under {}", "below {}", "up to {}", "at most {}", "max {}", "₹{}", "₹ {}", "€{}", "{} rupees",
             "{} euros", "rs {}", "{}/-", "{} bucks"]
MIN_WORDS = ["over {}", "above {}", "at least {}", "more than {}"]


@FAST
@given(amounts, st.data())
def test_a_bound_written_as_a_number_parses_back_to_that_number(amount: tuple[int, Any],
                                                              data: st.DataObject) -> None:
    n, styles = amount
    raw = written(n, data.draw(styles))
    before, after = data.draw(st.sampled_from(["", "a rain jacket ", "show me boots "])), \
        data.draw(st.sampled_from(["", " please", " for hiking"]))
    phrase = data.draw(st.sampled_from([*MAX_WORDS, *MIN_WORDS]))
    low, high, _ = parse_budget(before + phrase.format(raw) + after)
    assert (low, high) == ((pytest.approx(n), None) if phrase in MIN_WORDS else (None, pytest.approx(n))), raw
    other = data.draw(st.integers(1, 10 ** 6))
    low, high, _ = parse_budget(f"{before}between {other} and {raw}{after}")
    assert (low, high) == (pytest.approx(min(n, other)), pytest.approx(max(n, other)))


# --- the slot parsers ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def services(encoder: Encoder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    services = stocked_services(tmp_path_factory.mktemp("finder"), encoder)
    yield services
    services.engine.dispose()


@pytest.fixture(scope="module")
def index(services: Services) -> LoadedIndex:
    return services.live_index.get()


ENTITIES = ["category", "activity", "condition", "feature", "gender", "color", "size", "brand", "price"]
entities = st.lists(st.fixed_dictionaries({"entity": st.sampled_from(ENTITIES), "value": st.one_of(
    texts, st.sampled_from(["rain jackets", "hikng", "waterprof", "women", "under 150", "black", "Northwind"]),
    st.integers(), st.floats(), st.none())}), max_size=4)
messages = st.one_of(texts, st.lists(st.sampled_from(
    ["waterproof", "hiking", "jacket", "rain", "for my daughter", "under 150", "black", "slim fit", "size M",
     "Northwind", "/inform", "cheap", "no preference", "snow", "around 2k", "tents"]), max_size=6).map(" ".join))


def allowed(index: LoadedIndex) -> dict[str, set[Any]]:
    vocab = vocabulary(index)
    return {"category": set(vocab.category_of_form.values()) | set(vocab.categories_of_kind),
            "activity": {t for tags in index.tags("activities") for t in tags} | set(ACTIVITY_WORDS.values()),
            "fit": {"women", "men", "unisex", "boys", "girls", "kids"}, "cut": set(CUTS),
            "colour": set(index.distinct("color")), "brand": set(index.distinct("brand")),
            "size": {t for tags in index.tags("sizes") for t in tags}}


def assert_allowed(name: str, value: Any, index: LoadedIndex) -> None:
    if name in ("conditions", "features"):
        known = set(CONDITIONS) if name == "conditions" else {t for tags in index.tags("features") for t in tags}
        assert isinstance(value, list) and set(value) <= known, (name, value)
    elif name == "budget":
        assert isinstance(value, Budget), value
        assert_sane(value.min, value.max)
    else:
        assert value in allowed(index)[name], (name, value)


@SLOW
@given(messages, entities)
def test_a_message_reads_only_as_answers_the_catalog_allows(index: LoadedIndex, text: str,
                                                            found: list[dict[str, Any]]) -> None:
    read = read_message(text, found, index, index.effective_price)
    assert set(read) <= {*QUESTIONS, "colour", "size", "brand"}
    for name, value in read.items():
        assert_allowed(name, value, index)


@FAST
@given(st.one_of(texts, messages.map(lambda m: f"just search for {m}")))
def test_search_terms_are_none_or_words_of_the_message(text: str) -> None:
    terms = search_terms(text)
    assert terms is None or (terms.strip() and terms in text)


def slot_allowed(name: str, value: Any, index: LoadedIndex) -> None:
    if value in (None, ANY, SKIPPED, [ANY], [SKIPPED]):
        return
    if name == "budget":
        assert isinstance(value, dict) and set(value) == {"min", "max"}, value
        assert_sane(value["min"], value["max"])
    elif name == "features" and value and value[0] not in allowed(index)["category"]:
        # A free-text answer to the features question is kept as the shopper's words, to be matched later.
        assert isinstance(value, list) and all(isinstance(v, str) for v in value), value
    elif name in ("conditions", "features"):
        assert isinstance(value, list), value
    elif name in ("category", "activity") and isinstance(value, str):
        pass  # free text is kept as an answer to the question asked, as said (FREE_TEXT)
    elif name in allowed(index):
        assert value in allowed(index)[name], (name, value)


T = TypeVar("T")


def in_own_loop(work: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on a thread of its own: in a whole run the browser tests' Playwright (sync API, held for
    the session) keeps an event loop running on the main thread, where ``asyncio.run`` refuses to start."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, work).result()


@SLOW
@given(messages, entities, st.sampled_from(["inform", "find_product", "no_preference", "deny", "nlu_fallback",
                                            "greet"]),
       st.sampled_from([None, *QUESTIONS]))
def test_form_validation_sets_only_finder_slots_with_allowed_values(services: Services, index: LoadedIndex,
                                                                   text: str, found: list[dict[str, Any]],
                                                                   intent: str, requested: str | None) -> None:
    events = in_own_loop(ValidateFinderForm(services).run(
        CollectingDispatcher(), tracker(text, intent, entities=found, slots={"requested_slot": requested}), {}))
    slots = slots_of(events)
    assert set(slots) <= {*ANSWER_SLOTS, *QUESTIONS, "misunderstood", "request_text", "excluded_brands", "seen",
                          "requested_slot", "finder_done", "colour", "size", "brand"}, slots
    for name in set(slots) & set(QUESTIONS):
        slot_allowed(name, slots[name], index)
    if "misunderstood" in slots:
        assert isinstance(slots["misunderstood"], int) and slots["misunderstood"] >= 0
