"""Personalized ranking: ``suggest``, ``similar`` and ``bought_together``, the recommender's entry points."""

from recommender.ranking.related import bought_together, similar
from recommender.ranking.request import Reason, Suggestion, Suggestions, SuggestRequest
from recommender.ranking.suggest import suggest

__all__ = ["Reason", "SuggestRequest", "Suggestion", "Suggestions", "bought_together", "similar", "suggest"]
