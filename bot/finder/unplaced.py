"""Messages the bot cannot place: most of their words are neither English nor the shop's.

The NLU model is sure of itself on gibberish ("blorf snargle wibble" can come out as a product request
or as out of scope with high confidence), so the actions check the words themselves before they start the
finder, take a free-text answer or call a message off-topic: a message most of whose words neither the
encoder's vocabulary, the catalog nor the finder's own words know goes to the fallback ladder instead.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

from recommender.index.loaded import LoadedIndex
from recommender.ranking.cuts import CUTS
from recommender.ranking.wishes import ACTIVITY_WORDS, CONDITION_WORDS, FEATURE_WORDS

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
NUMBER = re.compile(r"\d")
# Short replies a shopper types that no vocabulary lists as words of their own.
CHAT_WORDS = frozenset({"lol", "ok", "okay", "k", "kk", "thx", "ty", "pls", "plz", "sup", "yo", "hey", "hiya",
                        "nope", "yep", "yup", "nah", "u", "ur", "idk", "dunno", "hmm", "hm", "uh", "um", "erm"})


def english_words(vocab_file: Path | None) -> frozenset[str]:
    """The whole words of a WordPiece vocabulary (``vocab.txt`` beside the encoder), without sub-word pieces."""
    if vocab_file is None or not vocab_file.is_file():
        return frozenset()
    lines = vocab_file.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w.isalpha() and not w.startswith("##"))


def _words(texts: Iterable[object]) -> set[str]:
    return {w.lower() for text in texts if text is not None and text == text for w in WORD.findall(str(text))}


def shop_words(index: LoadedIndex) -> frozenset[str]:
    """Every word the catalog and the finder's vocabularies use (computed once per index version)."""
    def make(ix: LoadedIndex) -> frozenset[str]:
        columns = [ix.column(name) for name in ("title", "brand", "category", "color", "description")]
        tags = [" ".join(t) for name in ("features", "activities", "materials") for t in ix.tags(name)]
        vocabularies = [*FEATURE_WORDS, *ACTIVITY_WORDS, *CONDITION_WORDS, *CUTS]
        return frozenset(_words([v for column in columns for v in column] + tags + vocabularies))
    return index.memo("shop words", make)


TYPO = 0.8  # a word this close to one of the shop's is a typo of it ("waterprof", "hikng")
KNOWN_SHARE = 0.5  # "snorfle blimp quaxx" has one English word by chance: most of a message must be known


def _known(word: str, known: frozenset[str], shop: frozenset[str]) -> bool:
    if (word in known or word in CHAT_WORDS or word.removesuffix("s") in known
            or word.removesuffix("es") in known or word.removesuffix("'s") in known):
        return True
    # Typos are forgiven for the shop's words only: among all of English, gibberish is always close to a word.
    return len(word) >= 4 and bool(difflib.get_close_matches(word, shop, n=1, cutoff=TYPO))


def unplaceable(text: str, known: frozenset[str], shop: frozenset[str] = frozenset()) -> bool:
    """Whether ``text`` has words and fewer than half of them are known or a typo of one of the ``shop``'s
    words. A button's payload, a number or an empty message is never unplaceable: they are read elsewhere.
    With no vocabulary at all, nothing is judged."""
    if not known or not text or text.startswith("/") or NUMBER.search(text):
        return False
    words = [w.lower() for w in WORD.findall(text)]
    return bool(words) and sum(_known(w, known, shop) for w in words) < KNOWN_SHARE * len(words)


def known_words(index: LoadedIndex, vocab_file: Path | None) -> frozenset[str]:
    """English and the shop's words together, once per index version."""
    return index.memo("known words", lambda ix: english_words(vocab_file) | shop_words(ix))
