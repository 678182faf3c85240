"""The lexical side of retrieval: BM25 (bm25s) over the same product texts the encoder embeds.

Dense vectors find "a jacket for rain" when the shopper says "something for showers"; BM25 finds the
"Ridgeline" by its name and exact terms the model blurs. Each index version carries its own BM25 index,
built beside the FAISS one, so both always describe the same products.
"""

from __future__ import annotations

import logging
from pathlib import Path

import bm25s
import numpy as np

FOLDER = "bm25"
STOPWORDS = "en"

logging.getLogger("bm25s").setLevel(logging.WARNING)


def tokens(texts: list[str], *, as_ids: bool) -> object:
    return bm25s.tokenize(texts, stopwords=STOPWORDS, return_ids=as_ids, show_progress=False)


def build_lexical(texts: list[str], folder: Path) -> None:
    """Index ``texts`` (row i is the product in row i of the version) and save them under ``folder``."""
    retriever = bm25s.BM25()
    retriever.index(tokens(texts, as_ids=True), show_progress=False)
    retriever.save(str(folder / FOLDER))


class LexicalIndex:
    """A version's BM25 index; results are row positions with their scores."""

    def __init__(self, folder: Path) -> None:
        self.retriever = bm25s.BM25.load(str(folder / FOLDER))
        self.size = int(self.retriever.scores["num_docs"])

    @staticmethod
    def exists(folder: Path) -> bool:
        return (folder / FOLDER).is_dir()

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Up to ``k`` rows that share a term with ``query`` (rows where ``mask`` holds), best first."""
        wanted = min(k, self.size if mask is None else int(mask.sum()))
        query_tokens = tokens([query], as_ids=False)
        if wanted <= 0 or not query_tokens[0]:  # type: ignore[index]
            return []
        weights = None if mask is None else mask.astype(np.float32)
        rows, scores = self.retriever.retrieve(query_tokens, k=wanted, weight_mask=weights, show_progress=False)
        return [(int(row), float(score)) for row, score in zip(rows[0], scores[0], strict=True) if score > 0]
