"""The NLU training data (data/nlu/): generated lookups are current, every intent and entity of the domain is
trained and nothing else is, entity values are the catalog's own words or our general shop words, order
numbers are order_ids and never positions (and the order_id regexes take them but not budgets). Plain PyYAML:
no Rasa needed, so these run in .venv. test_nlu_clinc_leaks.py keeps the evaluation set out of the data."""

from __future__ import annotations

import json
import re
import string
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot import nlu_lookups

ROOT = Path(__file__).resolve().parents[2]
NLU_DIR = ROOT / "data" / "nlu"
DOMAIN = ROOT / "domain.yml"
CLINC_DEFAULT = ROOT.parent / "shared" / "eval" / "clinc150" / "data_full.json"

MIN_EXAMPLES = 15
SUPPORT_INTENTS = ("order_status", "request_return", "return_policy", "return_status", "warranty_claim",
                   "cancel_order", "human_handoff")
MIN_EXAMPLES_BY_INTENT = {"out_of_scope": 60, "find_product": 200, "inform": 200,
                          **dict.fromkeys(SUPPORT_INTENTS, 90)}
SUPPORT_FILES = ("support.yml", "support_answers.yml")  # every example in these is a support example
CONDITIONS = {"rain", "snow", "cold", "heat", "wind", "sun"}
AUDIENCES = {"girls", "boys", "kids"}  # children are their own audience, whether or not the demo sells for them
# entity -> catalog column whose values are the only values that entity may resolve to
CLOSED_ENTITIES = {"category": "category", "color": "color", "brand": "brand", "gender": "gender",
                   "activity": "activities", "feature": "features"}

# [text](entity) or [text]{"entity": ..., "value": ...}
# ASCII punctuation becomes a space; letters, digits and emojis stay
# Apostrophes vanish ("what's" is CLINC150's "whats"); other punctuation separates words.
_PUNCTUATION = str.maketrans({**dict.fromkeys(string.punctuation, " "), "'": "", "’": ""})

ANNOTATION = re.compile(r"\[(?P<text>[^\[\]]+)\](?:\((?P<name>[^()]+)\)|(?P<json>\{[^{}]*\}))")


def _documents() -> Iterator[tuple[Path, dict]]:
    for path in sorted(NLU_DIR.glob("*.yml")):
        yield path, yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _examples(block: dict) -> list[str]:
    text = block.get("examples", "")
    return [line.strip()[2:] for line in str(text).splitlines() if line.strip().startswith("- ")]


def _training_examples() -> dict[str, list[str]]:
    by_intent: dict[str, list[str]] = defaultdict(list)
    for _, document in _documents():
        for block in document.get("nlu") or []:
            if "intent" in block:
                by_intent[block["intent"]].extend(_examples(block))
    return dict(by_intent)


def _annotations(example: str) -> Iterator[tuple[str, str, str | None]]:
    """(text, entity, explicit value or None) for each annotation in one example."""
    for match in ANNOTATION.finditer(example):
        if match["json"]:
            spec = json.loads(match["json"])
            yield match["text"], spec["entity"], spec.get("value")
        else:
            name = match["name"]
            assert ":" not in name, f"old-style [text](entity:value) annotation in {example!r}: use the JSON form"
            yield match["text"], name, None


def _plain(example: str) -> str:
    return ANNOTATION.sub(lambda m: m["text"], example)


def _normalise(text: str) -> str:
    return " ".join(text.lower().translate(_PUNCTUATION).split())


def _synonyms() -> dict[str, str]:
    """lower-cased spelling -> value, from synonym blocks and inline {"value": ...} annotations."""
    mapping: dict[str, str] = {}
    for _, document in _documents():
        for block in document.get("nlu") or []:
            if "synonym" in block:
                for spelling in _examples(block):
                    mapping[spelling.lower()] = str(block["synonym"])
    for examples in _training_examples().values():
        for example in examples:
            for text, _, value in _annotations(example):
                if value is not None and value != text:
                    mapping[text.lower()] = value
    return mapping


@pytest.fixture(scope="module")
def domain() -> dict:
    return yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def examples() -> dict[str, list[str]]:
    return _training_examples()


# ------------------------------------------------------------------------------------------- lookups


def test_shipped_lookups_equal_what_the_generator_writes_now() -> None:
    shipped = (NLU_DIR / "lookups.yml").read_text(encoding="utf-8")
    assert shipped == nlu_lookups.generate(), "data/nlu/lookups.yml is stale: run python -m bot.nlu_lookups"


def test_lookups_cover_the_catalog_vocabulary_in_singular_and_plural() -> None:
    tables = nlu_lookups.build_tables()
    assert sorted(tables) == ["activity", "brand", "category", "color", "feature"]
    values = nlu_lookups.catalog_values()
    for table, entries in tables.items():
        assert entries == sorted(set(entries)), f"{table}: entries must be sorted and unique"
        for value in values[table]:
            assert value.lower() in entries, f"{table}: catalog value {value!r} missing"
    assert {"rain jacket", "rain jackets", "tent", "tents", "accessory", "shorts"} <= set(tables["category"])
    assert "quick dry" in tables["feature"] and "quick-dry" in tables["feature"]


def test_shipped_lookups_hold_what_any_shop_sells_beside_the_demo_catalog() -> None:
    """A model trained on the demo still knows a fashion shop's product types, colours and brands."""
    document = yaml.safe_load((NLU_DIR / "lookups.yml").read_text(encoding="utf-8"))
    tables = {block["lookup"]: set(_examples(block)) for block in document["nlu"]}
    assert {"dress", "dresses", "kurta", "kurtas", "saree", "sarees", "watch", "watches", "trainers", "tees",
            "earrings", "sneakers", "jeans", "t-shirts", "flip flops", "lehenga", "handbags"} <= tables["category"]
    assert {"mustard", "peach", "maroon"} <= tables["color"]
    assert {"puma", "roadster", "biba"} <= tables["brand"]


def test_lookups_header_says_the_file_is_generated() -> None:
    head = (NLU_DIR / "lookups.yml").read_text(encoding="utf-8").splitlines()[:4]
    assert any("GENERATED" in line for line in head)
    assert any("python -m bot.nlu_lookups" in line for line in head)


# ------------------------------------------------------------------------------- intents and entities


def test_every_domain_intent_has_enough_examples(domain: dict, examples: dict[str, list[str]]) -> None:
    counts = {intent: len(examples.get(intent, [])) for intent in domain["intents"]}
    short = {intent: n for intent, n in counts.items() if n < MIN_EXAMPLES_BY_INTENT.get(intent, MIN_EXAMPLES)}
    assert not short, f"intents with too few examples: {short}"


def test_every_trained_intent_is_in_the_domain(domain: dict, examples: dict[str, list[str]]) -> None:
    unknown = set(examples) - set(domain["intents"])
    assert not unknown, f"intents in data/nlu but not in domain.yml: {sorted(unknown)}"
    assert "nlu_fallback" not in examples, "nlu_fallback comes from the FallbackClassifier, not from examples"


def test_every_domain_entity_is_annotated_and_no_other(domain: dict, examples: dict[str, list[str]]) -> None:
    annotated = Counter(entity for exs in examples.values() for ex in exs for _, entity, _ in _annotations(ex))
    unknown = set(annotated) - set(domain["entities"])
    assert not unknown, f"annotated entities missing from domain.yml: {sorted(unknown)}"
    missing = set(domain["entities"]) - set(annotated)
    assert not missing, f"domain entities never annotated: {sorted(missing)}"


def test_annotations_are_well_formed(examples: dict[str, list[str]]) -> None:
    for intent, exs in examples.items():
        for example in exs:
            stripped = ANNOTATION.sub("", example)
            assert "](" not in stripped and "]{" not in stripped, f"{intent}: broken annotation in {example!r}"
            for text, _, _ in _annotations(example):
                assert text == text.strip() and text, f"{intent}: entity text with outer spaces in {example!r}"


def test_closed_entities_resolve_to_catalog_values(examples: dict[str, list[str]]) -> None:
    import pandas as pd

    frame = pd.read_csv(nlu_lookups.CATALOG, dtype=str, keep_default_na=False)
    allowed = {entity: {v.strip().lower() for cell in frame[column] for v in cell.split("|") if v.strip()}
               for entity, column in CLOSED_ENTITIES.items()}
    allowed["condition"] = CONDITIONS
    allowed["gender"] |= AUDIENCES
    for table, words in nlu_lookups.GENERAL.items():  # what any shop sells, as our vocabulary spells it
        allowed[table] |= {form for word in words for form in nlu_lookups.spellings(table, word)}
    synonyms = _synonyms()
    wrong = []
    for intent, exs in examples.items():
        for example in exs:
            for text, entity, value in _annotations(example):
                if entity not in allowed:
                    continue
                resolved = value if value is not None else synonyms.get(text.lower(), text)
                if resolved.lower() not in allowed[entity]:
                    wrong.append(f"{intent}: [{text}]({entity}) -> {resolved!r}")
    assert not wrong, ("entity values that are neither catalog values nor bot/nlu_vocabulary.py words (add a "
                       "synonym, or the word to the vocabulary?):\n" + "\n".join(wrong))


def test_synonyms_map_each_spelling_to_one_value() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for _, document in _documents():
        for block in document.get("nlu") or []:
            if "synonym" in block:
                for spelling in _examples(block):
                    key = spelling.lower()
                    if key in seen and seen[key] != str(block["synonym"]):
                        clashes.append(f"{spelling!r}: {seen[key]!r} and {block['synonym']!r}")
                    seen[key] = str(block["synonym"])
    for exs in _training_examples().values():
        for example in exs:
            for text, _, value in _annotations(example):
                if value is not None and text.lower() in seen and seen[text.lower()] != value:
                    clashes.append(f"{text!r}: synonyms.yml says {seen[text.lower()]!r}, {example!r} says {value!r}")
    assert not clashes, "\n".join(clashes)
    # a synonym applies to every entity with that text: a bare number would rewrite positions, sizes, prices
    numbers = sorted(key for key in _synonyms() if key.strip().isdigit())
    assert not numbers, f"synonyms for bare numbers: {numbers}"


def test_children_are_their_own_audience_never_men_or_women() -> None:
    """"For my son" is boys: a synonym to men would hand the finder an adults' filter over the text's word."""
    synonyms = _synonyms()
    expected = {"son": "boys", "my son": "boys", "boy": "boys", "daughter": "girls", "my daughter": "girls",
                "girl": "girls", "kid": "kids", "children": "kids", "toddler": "kids"}
    assert {word: synonyms.get(word) for word in expected} == expected


def test_no_example_is_duplicated_or_shared_between_intents(examples: dict[str, list[str]]) -> None:
    owner: dict[str, str] = {}
    problems = []
    for intent, exs in examples.items():
        for example in exs:
            key = " ".join(_plain(example).lower().split()).strip(" .,!?")  # hyphens matter to the tokenizer
            if key in owner:
                problems.append(f"{example!r} in {intent} and {owner[key]}")
            owner[key] = intent
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------ order numbers and positions

DIGIT_RUN = re.compile(r"\d+")
CASE_NUMBER = re.compile(r"\bC-\d{6}\b", re.IGNORECASE)  # the support desk's own case numbers: no entity
# what shoppers type as an order number, and the part of it that is the order_id
ORDER_SHAPES = {"OF-100234": "OF-100234", "of100234": "of100234", "#100234": "#100234", "581483": "581483",
                "1234567890123": "1234567890123", "A-2231-XK": "A-2231-XK", "SO-88231": "SO-88231",
                "ord 99812": "99812", "order 58812": "58812", "order #20931": "#20931",
                "invoice 536365": "536365", "purchase 77120": "77120", "ref B-7734-QP": "B-7734-QP",
                "302-7718420-5521903": "302-7718420-5521903", "its 58812344 and jane@x.org": "58812344"}
# budgets, sizes, positions and case numbers: none of these may look like an order number
NOT_ORDERS = ["under 15000", "under 15000 rupees", "15000", "max 20000", "₹15000", "budget of 12000 inr",
              "between 5000 and 12000", "10000-15000", "up to 9,999", "under 150 euros", "100-200 euros",
              "size 42", "size 10.5", "eu 44", "3-season tent", "a 2 person tent", "more like #2", "number 3",
              "the 2nd one", "#1 or #3", "bought in 2022", "30 days", "2 weeks ago", "case C-000123"]


def _spans(example: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The plain text of one example and its annotations as (start, end, entity) in that text."""
    plain, spans, last = [], [], 0
    for match in ANNOTATION.finditer(example):
        plain.append(example[last:match.start()])
        start = sum(map(len, plain))
        entity = json.loads(match["json"])["entity"] if match["json"] else match["name"]
        spans.append((start, start + len(match["text"]), entity))
        plain.append(match["text"])
        last = match.end()
    plain.append(example[last:])
    return "".join(plain), spans


def _support_examples() -> list[tuple[str, str]]:
    """(intent, example) for the support intents and for every example in the support files."""
    found = [(intent, ex) for intent, exs in _training_examples().items() if intent in SUPPORT_INTENTS for ex in exs]
    for path, document in _documents():
        if path.name in SUPPORT_FILES:
            found += [(block["intent"], ex) for block in document.get("nlu") or [] if block.get("intent")
                      and block["intent"] not in SUPPORT_INTENTS for ex in _examples(block)]
    return found


def _order_patterns() -> list[re.Pattern[str]]:
    """The order_id patterns of regexes.yml, compiled as RegexFeaturizer does (case_sensitive: false)."""
    document = yaml.safe_load((NLU_DIR / "regexes.yml").read_text(encoding="utf-8"))
    patterns = [re.compile(p, re.IGNORECASE) for block in document["nlu"] if block.get("regex") == "order_id"
                for p in _examples(block)]
    assert patterns, "regexes.yml has no order_id patterns"
    return patterns


def _order_matches(text: str) -> set[str]:
    return {m.group() for pattern in _order_patterns() for m in pattern.finditer(text)}


def test_support_examples_are_numerous_enough_to_be_the_support_intents() -> None:
    counts = Counter(intent for intent, _ in _support_examples())
    missing = set(SUPPORT_INTENTS) - set(counts)
    assert not missing, f"support intents without examples: {sorted(missing)}"
    assert counts["inform"] >= 80, f"support_answers.yml: only {counts['inform']} answers with order numbers/emails"


def test_no_position_is_a_long_number(examples: dict[str, list[str]]) -> None:
    """A carousel position is 1, 2, 3 or a word; a run of 5+ digits is an order number."""
    wrong = [f"{intent}: {example!r}" for intent, exs in examples.items() for example in exs
             for text, entity, value in _annotations(example)
             if entity == "position" and re.search(r"\d{5,}", f"{text} {value or ''}")]
    assert not wrong, "positions that are order numbers:\n" + "\n".join(wrong)


def test_every_long_number_in_support_examples_is_an_order_id_or_in_an_email() -> None:
    wrong = []
    for intent, example in _support_examples():
        plain, spans = _spans(example)
        cases = [m.span() for m in CASE_NUMBER.finditer(plain)]
        for run in DIGIT_RUN.finditer(plain):
            if len(run.group()) < 6:
                continue
            inside = [entity for start, end, entity in spans if start <= run.start() and run.end() <= end]
            in_case = any(start <= run.start() and run.end() <= end for start, end in cases)
            if not in_case and not {"order_id", "email"} & set(inside):
                wrong.append(f"{intent}: {run.group()} in {example!r} ({inside or 'not annotated'})")
    assert not wrong, "6+ digit runs that are not annotated as order_id:\n" + "\n".join(wrong)


def test_order_ids_are_annotated_without_the_word_before_them() -> None:
    wrong = [f"{intent}: [{text}] in {example!r}" for intent, example in _support_examples()
             for text, entity, _ in _annotations(example)
             if entity == "order_id" and (" " in text or not re.search(r"\d{3}", text))]
    assert not wrong, "order_ids with a space or without digits:\n" + "\n".join(wrong)


@pytest.mark.parametrize("typed", sorted(ORDER_SHAPES))
def test_the_order_id_regexes_take_every_shape_of_order_number(typed: str) -> None:
    assert ORDER_SHAPES[typed] in _order_matches(typed), f"{typed!r}: matched {_order_matches(typed)}"


@pytest.mark.parametrize("text", NOT_ORDERS)
def test_the_order_id_regexes_leave_budgets_sizes_and_positions_alone(text: str) -> None:
    assert not _order_matches(text), f"{text!r} looks like an order number: {_order_matches(text)}"


def test_the_order_id_regexes_leave_every_annotated_budget_size_and_position_alone(
        examples: dict[str, list[str]]) -> None:
    wrong = sorted({f"[{text}]({entity})" for exs in examples.values() for example in exs
                    for text, entity, _ in _annotations(example)
                    if entity in ("price", "size", "position") and _order_matches(text)})
    assert not wrong, "annotated budgets, sizes or positions the order_id regexes take:\n" + "\n".join(wrong)


def test_the_order_id_regexes_take_the_annotated_order_numbers() -> None:
    """Each annotated order_id is matched whole, but for short bare numbers (a budget could look the same)."""
    missed = []
    for intent, example in _support_examples():
        plain, spans = _spans(example)
        matched = {m.span() for pattern in _order_patterns() for m in pattern.finditer(plain)}
        for start, end, entity in spans:
            text = plain[start:end]
            if entity == "order_id" and (start, end) not in matched and not re.fullmatch(r"\d{4,5}", text):
                missed.append(f"{intent}: [{text}] in {plain!r}")
    assert not missed, "order numbers no order_id pattern takes whole:\n" + "\n".join(missed)
