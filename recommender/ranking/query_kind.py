"""What a query is, read against the catalog's own words, and how well each product's title answers it.

A shopper who types "Puma men black running shoes" names a product: the brand and the words of its title
decide, and a meaning-based search that ranks a similar shoe of another brand first has failed them. One who
types "black leather wallet for men" describes attributes, and one who types "something to wear to a beach
wedding" describes a use the titles never spell. The kind is read from the catalog alone (its brands, and
which words its titles use how often), so it follows any shop's catalog without training:

- ``known-item``: the query names a brand of the catalog, or a model code one of its titles carries;
- ``attribute``: it names a kind of product the titles name (the last word of many titles: "jeans", "watch");
- ``use-case``: it names none, or most of its words are not words of the titles at all.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from recommender.index.loaded import LoadedIndex

KNOWN_ITEM, ATTRIBUTE, USE_CASE = "known-item", "attribute", "use-case"
KINDS = (KNOWN_ITEM, ATTRIBUTE, USE_CASE)
# Words that carry no product fact: how shoppers frame a request, not what they ask for.
FRAMING = frozenset([
    "a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "at", "with", "by", "from", "my", "me", "i",
    "im", "we", "our", "your", "you", "it", "its", "this", "that", "some", "something", "anything", "any",
    "need", "needs", "want", "wanted", "looking", "look", "find", "show", "get", "got", "have", "has", "do",
    "does", "please", "would", "like", "good", "nice", "best", "new", "buy", "which", "what", "where", "when",
    "who", "is", "are", "be", "can", "could", "should", "will", "just", "also", "really", "very", "one", "ones",
    "pair", "thing", "things", "stuff", "wear", "wearing", "only", "even", "simply", "more", "other", "than", "so",
    "too", "as", "but", "not", "if",
])
# A word that ends at least this many titles names a kind of product; a small shop's titles need fewer.
KIND_WORD_TITLES, KIND_WORD_SHARE = 5, 0.02
TITLE_WORDS_SHARE = 0.5  # below this share of words the titles use, a query describes a use, not a product
# How a product's title answers the words: the words it has (weighted by rarity), the brand, the word pairs,
# and how little else its title says (of two shoes with every word asked, the one named by them alone).
COVERAGE_WEIGHT, BRAND_WEIGHT, PHRASE_WEIGHT, PRECISION_WEIGHT = 0.5, 0.3, 0.2, 0.15
BRAND_PREFIX_WORDS = 2  # "fame forever" names Fame Forever by Lifestyle; "us polo" names U.S. Polo Assn.


def _tokens(text: str) -> list[str]:
    """Lower-cased words; "&" is "and", and dots, hyphens and apostrophes join what they separate, so "U.S."
    is "us", "T-shirt" is "tshirt" and "Levi's" is "levis"."""
    text = re.sub(r"['\u2019.\-]", "", text.lower().replace("&", " and "))
    return re.findall(r"[a-z0-9]+", text)


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Word stems: "shoes" and "shoe", "Levi's" and "levis" read alike."""
    return [_stem(w) for w in _tokens(text)]


def content(text: str) -> list[str]:
    """The stems of the words of ``text`` that can name a product fact, in order."""
    return [_stem(w) for w in _tokens(text) if w not in FRAMING]


@dataclass(frozen=True)
class TitleWords:
    """The catalog's title vocabulary, computed once per index version."""

    rows_with: dict[str, np.ndarray]  # a title or brand word -> the rows whose title or brand has it
    rows_with_pair: dict[tuple[str, str], np.ndarray]  # two adjacent title words -> the rows that have them
    idf: dict[str, float]  # how rare a title word is
    weight_of_row: np.ndarray  # the summed rarity of each row's title and brand words
    brand_of_row: np.ndarray  # each row's brand words joined by spaces ("" when it has none)
    brand_names: dict[str, frozenset[str]]  # what a query may call a brand -> the brands it names
    brands: re.Pattern[str] | None  # those names, longest first
    kind_words: frozenset[str]  # words that end many titles: the kinds of product the shop sells

    @classmethod
    def of(cls, index: LoadedIndex) -> TitleWords:
        titles = [words(str(t or "")) for t in index.column("title")]
        brand_of_row = np.array([" ".join(words(str(b))) if b else "" for b in index.column("brand")], dtype=object)
        rows_with: dict[str, list[int]] = {}
        rows_with_pair: dict[tuple[str, str], list[int]] = {}
        for row, (title, brand) in enumerate(zip(titles, brand_of_row, strict=True)):
            for word in {*title, *brand.split()}:
                rows_with.setdefault(word, []).append(row)
            for pair in set(pairwise(title)):
                rows_with_pair.setdefault(pair, []).append(row)
        idf = {w: math.log(1 + len(titles) / len(rows)) for w, rows in rows_with.items()}
        weight_of_row = np.array([sum(idf[w] for w in {*title, *brand.split()})
                                  for title, brand in zip(titles, brand_of_row, strict=True)])
        ends = Counter(next((w for w in reversed(t) if not w.isdigit()), "") for t in titles)
        enough = min(KIND_WORD_TITLES, max(2, round(KIND_WORD_SHARE * len(titles))))
        kinds = frozenset(w for w, n in ends.items() if w and n >= enough)
        names = _brand_names(_nameable_brands(brand_of_row, titles))
        return cls({w: np.array(r) for w, r in rows_with.items()}, {p: np.array(r) for p, r in rows_with_pair.items()},
                   idf, weight_of_row, brand_of_row, names, _alternation(names), kinds)

    def count(self, *said: str) -> int:
        """How many titles have the word, or the two words side by side."""
        found = self.rows_with.get(said[0]) if len(said) == 1 else self.rows_with_pair.get((said[0], said[1]))
        return 0 if found is None else len(found)


def _nameable_brands(brand_of_row: np.ndarray, titles: list[list[str]]) -> list[str]:
    """Brands a query can be taken to name: not a single letter, not a word shoppers frame requests with
    ("Only", "With"), and not a word other brands' titles use more than the brand's own ("Basics" is a brand,
    unless "basics" is mostly a word of other titles)."""
    own = Counter(b for b in brand_of_row if b)
    elsewhere = Counter(w for brand, title in zip(brand_of_row, titles, strict=True)
                        for w in set(title) if w in own and w != brand)
    return [b for b, n in own.items() if len(b) > 1 and b not in FRAMING and elsewhere[b] <= n]


def _brand_names(brands: list[str]) -> dict[str, frozenset[str]]:
    """Each brand's full name, and the first words of a long one, which shoppers say for short."""
    names: dict[str, set[str]] = {}
    for brand in brands:
        names.setdefault(brand, set()).add(brand)
        parts = brand.split()
        if len(parts) > BRAND_PREFIX_WORDS and parts[BRAND_PREFIX_WORDS - 1] not in FRAMING:
            names.setdefault(" ".join(parts[:BRAND_PREFIX_WORDS]), set()).add(brand)
    return {name: frozenset(named) for name, named in names.items()}


def _alternation(phrases: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"(?<!\S)(" + "|".join(map(re.escape, ordered)) + r")(?!\S)") if ordered else None


def title_words(index: LoadedIndex) -> TitleWords:
    return index.memo("title_words", TitleWords.of)


def _as_titles_write(said: list[str], vocab: TitleWords) -> list[str]:
    """The query's words as the titles write them: "bath mat" is "bathmat" where more titles say "bathmat"
    than "bath mat", and a "100ml" the titles never write is "100 ml"."""
    out: list[str] = []
    i = 0
    while i < len(said):
        if i + 1 < len(said) and vocab.count(joined := _stem(said[i] + said[i + 1])) > vocab.count(*said[i:i + 2]):
            out.append(joined)
            i += 2
            continue
        split = re.findall(r"\d+|[a-z]+", said[i])
        out.extend(split if said[i] not in vocab.idf and len(split) > 1 else [said[i]])
        i += 1
    return out


@dataclass(frozen=True)
class QueryKind:
    kind: str  # KNOWN_ITEM, ATTRIBUTE or USE_CASE
    words: tuple[str, ...]  # the query's content words, as the titles write them
    brands: frozenset[str] = frozenset()  # the catalog brands it names, as brand words


def classify(index: LoadedIndex, text: str) -> QueryKind:
    """What kind of query ``text`` is for this catalog."""
    vocab = title_words(index)
    said = tuple(_as_titles_write(content(text), vocab))
    spoken = " ".join(words(text))
    named = vocab.brands.search(spoken) if vocab.brands is not None and spoken else None
    if named:
        return QueryKind(KNOWN_ITEM, said, vocab.brand_names[named.group(1)])
    if any(any(c.isdigit() for c in w) and not w.isdigit() and w in vocab.idf for w in said):
        return QueryKind(KNOWN_ITEM, said)  # a model code the titles carry: "95061wd02"
    known = sum(w in vocab.idf for w in said)
    if known < TITLE_WORDS_SHARE * len(said) or (not vocab.kind_words.intersection(said) and known < len(said)):
        return QueryKind(USE_CASE, said)
    return QueryKind(ATTRIBUTE, said)


def title_match(index: LoadedIndex, rows: np.ndarray, query: QueryKind) -> np.ndarray:
    """How well each row's title answers the query's words, in [0, 1]: the share of the words it has
    (weighted by how rare each word is in the titles), its brand being the one named, the share of the
    query's adjacent word pairs that stand together in the title, and the share of the title the words cover."""
    vocab = title_words(index)
    said = [w for w in dict.fromkeys(query.words) if w in vocab.idf]
    if not said or not len(rows):
        return np.zeros(len(rows))
    weights = np.array([vocab.idf[w] for w in said])
    has = np.array([np.isin(rows, vocab.rows_with[w]) for w in said], dtype=np.float64)
    matched = weights @ has
    score = COVERAGE_WEIGHT * matched / float(weights.sum())
    score = score + PRECISION_WEIGHT * matched / np.maximum(vocab.weight_of_row[rows], 1e-9)
    top = COVERAGE_WEIGHT + PRECISION_WEIGHT
    if query.brands:
        score = score + BRAND_WEIGHT * np.isin(vocab.brand_of_row[rows], list(query.brands))
        top += BRAND_WEIGHT
    pairs = set(pairwise(query.words))
    if pairs:
        together = [np.isin(rows, vocab.rows_with_pair[pair]) for pair in pairs if pair in vocab.rows_with_pair]
        score = score + PHRASE_WEIGHT * np.sum(together, axis=0) / len(pairs) if together else score
        top += PHRASE_WEIGHT
    return score / top
