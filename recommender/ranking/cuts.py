"""The cut of a product ("slim", "relaxed", "plus size"), read from the words its title, description and
features use: no catalog column holds it, yet shops write it ("Roadster Men Slim Fit Jeans", "a regular
men's fit leaves room to move").

The finder's fit question offers the cuts the products that still fit say they have, reads a shopper's
answer in their own words ("something loose", "skinny"), and the ranking lifts the products that say it.
"""

from __future__ import annotations

import re

import numpy as np

from recommender.index.loaded import LoadedIndex

CUTS = ("regular", "slim", "relaxed", "athletic", "plus size")
# How product texts say each cut. "regular" and "loose" say it only next to "fit" or "cut": a regular
# sleeping bag is a length and loose gravel is no cut.
_PRODUCT_WORDS = {
    "regular": r"(?:regular|classic|standard|straight)(?:\s+(?:men'?s|women'?s|unisex))?[\s-]+(?:fit|cut)",
    "slim": r"slim|skinny|tailored|close[\s-]fitting|follows the body",
    "relaxed": r"relaxed|oversized|baggy|roomy|loose[\s-]fit(?:ting)?|loose (?:cut|fit)|boyfriend fit",
    "athletic": r"athletic",
    "plus size": r"plus[\s-]?size|curve|extended sizes",
}
# How shoppers say each cut; bare words like "normal" count only as a whole answer to the fit question.
_SHOPPER_WORDS = {
    **_PRODUCT_WORDS,
    "regular": _PRODUCT_WORDS["regular"] + r"|(?:normal|regular|standard|classic) (?:fit|cut)",
    "slim": _PRODUCT_WORDS["slim"] + r"|tight[\s-]fitting|snug",
    "relaxed": _PRODUCT_WORDS["relaxed"] + r"|loose[\s-]fitting|something loose",
    "athletic": _PRODUCT_WORDS["athletic"] + r"|sporty fit|muscular",
    "plus size": _PRODUCT_WORDS["plus size"] + r"|curvy|bigger sizes|larger sizes",
}
_BARE = {"normal": "regular", "regular": "regular", "standard": "regular", "classic": "regular",
         "loose": "relaxed", "tight": "slim", "fitted": "slim"}
_FILLER = re.compile(r"\b(?:please|pls|thanks|a|an|one|fit|cut|i'?d like|i like|i want|something|prefer)\b|[.,!]",
                     re.I)


def _pattern(words: dict[str, str]) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?P<{cut.replace(' ', '_')}>\b(?:{alts})\b)" for cut, alts in words.items()),
                      re.I)


_PRODUCT = _pattern(_PRODUCT_WORDS)
_SHOPPER = _pattern(_SHOPPER_WORDS)


def _cuts_in(pattern: re.Pattern[str], text: str) -> list[str]:
    return list(dict.fromkeys(m.lastgroup.replace("_", " ") for m in pattern.finditer(text) if m.lastgroup))


def cuts_of(index: LoadedIndex) -> list[frozenset[str]]:
    """Each product's cuts, as its title, description and features say them (computed once per version)."""
    def make(ix: LoadedIndex) -> list[frozenset[str]]:
        texts = [" ".join(str(v) for v in values if v is not None and v == v) for values in
                 zip(ix.column("title"), ix.column("description"), (" ".join(t) for t in ix.tags("features")),
                     strict=True)]
        return [frozenset(_cuts_in(_PRODUCT, text)) for text in texts]
    return index.memo("cuts", make)


def read_cut(text: str) -> str | None:
    """The cut a shopper's words name ("slim fit please", "loose", "plus-size"), buttons' words included."""
    if not text or text.startswith("/"):
        return None
    if found := _cuts_in(_SHOPPER, text):
        return found[0]
    return _BARE.get(" ".join(_FILLER.sub(" ", text).split()).lower())


def cut_counts(index: LoadedIndex, rows: np.ndarray) -> dict[str, int]:
    """How many of ``rows`` say each cut, the catalog's order of cuts kept."""
    cuts = cuts_of(index)
    picked = np.flatnonzero(rows)
    return {cut: n for cut in CUTS if (n := sum(cut in cuts[row] for row in picked))}
