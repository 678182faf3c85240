"""FAISS index types behind one builder: exact inner product, IVF and HNSW.

Vectors are L2-normalised, so inner product is cosine similarity. Every index is wrapped in an
``IndexIDMap2`` so that FAISS returns our product ids, not row positions.
"""

from __future__ import annotations

import math
from typing import Literal

import faiss
import numpy as np

IndexType = Literal["flat", "ivf", "hnsw"]
HNSW_NEIGHBOURS = 32
HNSW_EF_SEARCH = 128
HNSW_EF_CONSTRUCTION = 80
IVF_MIN_POINTS_PER_CELL = 39  # FAISS warns (and clusters badly) below 39 training points per centroid
APPROXIMATE_MIN_PRODUCTS = 5000  # below this an exact scan is already sub-millisecond
# k-means on every vector costs minutes at 1M and buys nothing: 64 points per cell place centroids as well.
IVF_TRAIN_POINTS_PER_CELL = 64


def ivf_cells(count: int) -> int:
    """IVF cell count: about 4·√n, but never fewer than 39 training points per cell."""
    return max(1, min(int(4 * math.sqrt(count)), count // IVF_MIN_POINTS_PER_CELL))


def ivf_probes(cells: int) -> int:
    """Cells searched per query: ~1/16 of them keeps recall@10 near 0.95 on text embeddings."""
    return max(8, cells // 16)


def training_sample(vectors: np.ndarray, size: int) -> np.ndarray:
    """At most ``size`` rows of ``vectors``, picked with a fixed seed so that builds are reproducible."""
    if len(vectors) <= size:
        return vectors
    rows = np.sort(np.random.default_rng(0).choice(len(vectors), size, replace=False))
    return np.ascontiguousarray(vectors[rows])


def effective_type(requested: IndexType, count: int) -> IndexType:
    """Small catalogs stay exact whatever was asked for: approximation buys nothing there."""
    return "flat" if count < APPROXIMATE_MIN_PRODUCTS else requested


def build_index(vectors: np.ndarray, ids: np.ndarray, kind: IndexType = "flat") -> faiss.Index:
    """Build a searchable index of ``vectors`` labelled with ``ids``."""
    count, dim = vectors.shape
    if kind == "flat":
        inner: faiss.Index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        inner = faiss.IndexHNSWFlat(dim, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        inner.hnsw.efSearch = HNSW_EF_SEARCH
    elif kind == "ivf":
        cells = ivf_cells(count)
        quantizer = faiss.IndexFlatIP(dim)
        inner = faiss.IndexIVFFlat(quantizer, dim, cells, faiss.METRIC_INNER_PRODUCT)
        inner.train(training_sample(vectors, cells * IVF_TRAIN_POINTS_PER_CELL))
        inner.nprobe = ivf_probes(cells)
    else:
        raise ValueError(f"index type {kind!r}: expected flat, ivf or hnsw")
    index = faiss.IndexIDMap2(inner)
    if count:
        index.add_with_ids(vectors, ids.astype(np.int64))
    return index


def search_params(index: faiss.Index, allowed_ids: np.ndarray | None) -> faiss.SearchParameters | None:
    """Search parameters restricting results to ``allowed_ids`` (None: no restriction)."""
    if allowed_ids is None:
        return None
    selector = faiss.IDSelectorBatch(allowed_ids.astype(np.int64))
    inner = faiss.downcast_index(index.index)
    if isinstance(inner, faiss.IndexHNSW):
        return faiss.SearchParametersHNSW(sel=selector, efSearch=inner.hnsw.efSearch)
    if isinstance(inner, faiss.IndexIVF):
        return faiss.SearchParametersIVF(sel=selector, nprobe=inner.nprobe)
    return faiss.SearchParameters(sel=selector)

