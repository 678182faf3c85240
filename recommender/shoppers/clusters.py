"""Learned behaviour clusters: k-means over standardised features, k chosen by silhouette, each described.

The criterion: the k in 2..8 with the highest mean silhouette on a seeded sample of the population (the
silhouette needs all pairwise distances, so the whole population would cost minutes for no better choice).
A cluster is described by the features whose cluster mean sits furthest from the population's, in
standard deviations, put in words from :data:`recommender.shoppers.features.WORDS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

from recommender.shoppers.features import FEATURES, WORDS

K_RANGE = range(2, 9)
SILHOUETTE_SAMPLE = 4000
DISTINCT_Z = 0.5  # a cluster "stands out" on a feature when its mean is half a deviation away


@dataclass(frozen=True)
class Cluster:
    id: int
    label: str
    traits: list[str]
    size: int
    z: dict[str, float]  # cluster mean per feature, in population standard deviations


@dataclass
class Clustering:
    scaler: StandardScaler
    kmeans: KMeans
    projection: PCA
    clusters: list[Cluster]
    silhouettes: dict[int, float] = field(default_factory=dict)

    @property
    def k(self) -> int:
        return len(self.clusters)

    def assign(self, rows: np.ndarray) -> np.ndarray:
        return self.kmeans.predict(self.scaler.transform(rows))

    def map2d(self, rows: np.ndarray) -> np.ndarray:
        return self.projection.transform(self.scaler.transform(rows))

    def by_id(self, cluster_id: int) -> Cluster:
        return self.clusters[cluster_id]


def learn_clusters(rows: np.ndarray, *, seed: int = 0) -> Clustering | None:
    """Clusters of ``rows`` (one per shopper, columns :data:`FEATURES`); None for fewer than 10 shoppers."""
    if len(rows) < 10:
        return None
    scaler = StandardScaler().fit(rows)
    scaled = scaler.transform(rows)
    rng = np.random.default_rng(seed)
    sample = rng.choice(len(rows), min(len(rows), SILHOUETTE_SAMPLE), replace=False)
    fits: dict[int, KMeans] = {}
    silhouettes: dict[int, float] = {}
    for k in K_RANGE:
        if k >= len(np.unique(scaled, axis=0)):
            break
        fits[k] = KMeans(n_clusters=k, n_init=4, random_state=seed).fit(scaled)
        labels = fits[k].labels_[sample]
        if len(set(labels)) > 1:
            silhouettes[k] = float(silhouette_score(scaled[sample], labels))
    if not silhouettes:
        return None
    best = max(silhouettes, key=lambda k: silhouettes[k])
    kmeans = _ordered(fits[best], scaled)
    projection = PCA(n_components=2, random_state=seed).fit(scaled)
    clusters = describe(scaled, kmeans.labels_)
    return Clustering(scaler, kmeans, projection, clusters, silhouettes)


def _ordered(kmeans: KMeans, scaled: np.ndarray) -> KMeans:
    """Renumber clusters largest first, so cluster 0 is always the biggest group."""
    sizes = np.bincount(kmeans.labels_, minlength=kmeans.n_clusters)
    order = np.argsort(-sizes, kind="stable")
    kmeans.cluster_centers_ = kmeans.cluster_centers_[order]
    kmeans.labels_ = kmeans.predict(scaled)
    return kmeans


def describe(scaled: np.ndarray, labels: np.ndarray) -> list[Cluster]:
    """Name each cluster by the two or three features that set it furthest apart."""
    clusters = []
    for cluster_id in range(int(labels.max()) + 1):
        members = scaled[labels == cluster_id]
        z = members.mean(axis=0) if len(members) else np.zeros(len(FEATURES))
        ranked = [i for i in np.argsort(-np.abs(z)) if abs(z[i]) >= DISTINCT_Z]
        traits = [WORDS[FEATURES[i]][0 if z[i] > 0 else 1] for i in ranked[:3]]
        label = ", ".join(traits[:2]) or "typical shoppers"
        clusters.append(Cluster(cluster_id, label, traits, len(members),
                                {name: round(float(v), 3) for name, v in zip(FEATURES, z, strict=True)}))
    seen: dict[str, int] = {}
    for i, cluster in enumerate(clusters):  # two clusters must never read the same
        if cluster.label in seen:
            extra = cluster.traits[2] if len(cluster.traits) > 2 else f"group {cluster.id + 1}"
            clusters[i] = Cluster(cluster.id, f"{cluster.label}, {extra}", cluster.traits, cluster.size, cluster.z)
        seen[clusters[i].label] = i
    return clusters
