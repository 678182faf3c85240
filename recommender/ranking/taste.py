"""A shopper's taste: a recency-weighted blend of the products they viewed, carted and bought."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from recommender.index.loaded import LoadedIndex
from recommender.shoppers.profile import Profile

VIEWED, CARTED, BOUGHT = "viewed", "carted", "bought"
# Buying says more about taste than carting, and carting more than looking.
KIND_WEIGHTS = {VIEWED: 1.0, CARTED: 2.0, BOUGHT: 3.0}
HALF_LIFE_DAYS = 30.0


@dataclass(frozen=True)
class Source:
    """One product of the shopper's history that the taste is made of."""

    row: int  # in the index
    sku: str
    kind: str  # VIEWED, CARTED or BOUGHT
    weight: float


@dataclass(frozen=True)
class Taste:
    vector: np.ndarray  # unit length
    sources: tuple[Source, ...]
    source_vectors: np.ndarray = field(repr=False)  # row i is sources[i]'s embedding
    # Share of the history's weight on products made for each activity. Embeddings blur "for cycling"
    # into "a jacket"; the catalog's own activity tags do not.
    activities: dict[str, float] = field(default_factory=dict)

    def closest(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each row of ``vectors``: the cosine to its most similar source, and that source's position."""
        similarity = vectors @ self.source_vectors.T
        best = similarity.argmax(axis=1)
        return similarity[np.arange(len(vectors)), best], best


def taste_of(profile: Profile | None, index: LoadedIndex) -> Taste | None:
    """The shopper's taste from the products of their history that the index still holds; None without."""
    if profile is None:
        return None
    weights: dict[str, tuple[float, str]] = {}
    for kind, interactions in ((VIEWED, profile.recently_viewed), (CARTED, profile.recently_carted),
                               (BOUGHT, profile.recently_purchased)):
        for interaction in interactions:
            age_days = max(0.0, (profile.as_of - interaction.at).total_seconds() / 86400)
            weight = KIND_WEIGHTS[kind] * math.pow(0.5, age_days / HALF_LIFE_DAYS)
            # A product viewed and then bought counts once, as its strongest interaction.
            if weight > weights.get(interaction.sku, (0.0, ""))[0]:
                weights[interaction.sku] = (weight, kind)
    sources = [Source(index.row_of_sku(sku), sku, kind, weight)
               for sku, (weight, kind) in weights.items() if index.has_sku(sku)]
    if not sources:
        return None
    vectors = np.asarray(index.vectors[[s.row for s in sources]], dtype=np.float32)
    blend = (vectors * np.array([s.weight for s in sources], dtype=np.float32)[:, None]).sum(axis=0)
    norm = float(np.linalg.norm(blend))
    if norm == 0:
        return None
    activities: dict[str, float] = {}
    tags = index.tags("activities")
    for source in sources:
        for activity in tags[source.row]:
            activities[activity] = activities.get(activity, 0.0) + source.weight
    total = sum(s.weight for s in sources)
    return Taste(blend / norm, tuple(sources), vectors, {a: w / total for a, w in activities.items()})
