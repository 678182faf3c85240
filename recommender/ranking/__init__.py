"""Personalized ranking: ``suggest``, ``similar`` and ``bought_together``, the recommender's entry points, and
``popular``, the holdout group's page."""

from recommender.ranking.popular import popular
from recommender.ranking.related import bought_together, similar
from recommender.ranking.request import Reason, Suggestion, Suggestions, SuggestRequest
from recommender.ranking.suggest import suggest

__all__ = ["Reason", "SuggestRequest", "Suggestion", "Suggestions", "bought_together", "popular", "similar",
           "suggest"]
