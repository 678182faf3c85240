"""The conversation's finder state, as plain values: what the shopper answered and what is on screen.

Rasa keeps these as slots; :meth:`FinderState.from_slots` and :meth:`FinderState.request` are the two ends
of the adapter, so the rules in between never touch a tracker.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bot.finder.questions import answered, candidates
from bot.finder.reading import QUESTIONS, read_message, slot_value, vocabulary
from recommender.index.loaded import LoadedIndex
from recommender.query import Filters
from recommender.ranking import SuggestRequest
from recommender.ranking.cuts import CUTS, cuts_of

ANSWER_SLOTS = (*QUESTIONS, "colour", "size")
PAGE = 3  # products per carousel page: a chat is not a category page


@dataclass
class FinderState:
    answers: dict[str, Any] = field(default_factory=dict)  # ANSWER_SLOTS -> value, ANY, SKIPPED or None
    request_text: str = ""
    excluded_brands: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)  # skus on screen, in the order numbered
    seen: list[str] = field(default_factory=list)  # every sku shown since the request began
    focus: str | None = None  # the product the shopper last pointed at ("that brand")
    done: bool = False  # suggestions were shown for these answers

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> FinderState:
        return cls(answers={name: slot_value(slots.get(name)) for name in ANSWER_SLOTS},
                   request_text=slots.get("request_text") or "",
                   excluded_brands=list(slots.get("excluded_brands") or []), shown=list(slots.get("shown") or []),
                   seen=list(slots.get("seen") or []), focus=slots.get("focus"), done=bool(slots.get("finder_done")))

    def request(self, index: LoadedIndex, *, shopper_id: str | None, k: int = PAGE,
                exclude: frozenset[str] = frozenset(), more_like: str | None = None) -> SuggestRequest:
        """The suggestion request these answers make. Free-text answers the catalog's words do not cover
        ("walking the dog") are searched for rather than matched; colour and size said in chat are constraints."""
        answers, words = {}, [self.request_text]
        for question, value in answered({q: self.answers.get(q) for q in QUESTIONS}).items():
            if value is None or question == "budget" or _understood(index, question, value):
                answers[question] = value
            else:
                words.append(" ".join(value) if isinstance(value, list) else str(value))
        kinds = vocabulary(index).categories_of_kind
        if (kind := answers.get("category")) in kinds:
            # "a jacket" asked in the finder means a jacket of any of the three kinds, never a boot in the colour
            # asked for: products of other kinds are left out rather than ranked lower.
            exclude = exclude | frozenset(index.skus[~index.where("category", kinds[kind].__contains__)])
        exclude = exclude | _other_cuts(index, self.answers, exclude)
        filters = Filters(color=self.answers.get("colour"), size=self.answers.get("size"))
        return SuggestRequest(text=" ".join(w for w in words if w).strip(), answers=answers, filters=filters,
                              exclude=exclude, exclude_brands=frozenset(self.excluded_brands), k=k,
                              more_like=more_like, shopper_id=shopper_id)


def _other_cuts(index: LoadedIndex, answers: Mapping[str, Any], exclude: frozenset[str]) -> frozenset[str]:
    """The products that do not say the cut asked for, when a page of those that do fits the other answers.

    The fit question offered the cut because such products fit; shown a page where none has it, the shopper
    would think the answer ignored. A catalog that rarely states a cut keeps its other products ranked lower."""
    if (cut := answers.get("cut")) not in CUTS:
        return frozenset()
    says = np.fromiter((cut in cuts for cuts in cuts_of(index)), dtype=bool, count=len(index))
    fits = candidates(index, {q: answers.get(q) for q in QUESTIONS}) & ~np.isin(index.skus, list(exclude))
    return frozenset(index.skus[~says]) if (fits & says).sum() >= PAGE else frozenset()


def _understood(index: LoadedIndex, question: str, value: Any) -> bool:
    """Whether an answer is in the catalog's words (free text the shopper typed instead may not be)."""
    vocab = vocabulary(index)
    if question == "category":
        return value in vocab.category_of_form or value in vocab.categories_of_kind
    text = " ".join(value) if isinstance(value, list) else str(value)
    read = read_message(text, [], index, index.effective_price[:0])
    return question in read
