"""Both encoder backends load the packaged model offline and give the same normalised vectors."""

from pathlib import Path

import numpy as np

from recommender.encoder import Encoder, make_encoder
from recommender.encoder_onnx import OnnxEncoder
from tests.conftest import DEMO_CATALOG

TEXTS = ["waterproof hiking jacket for women", "x", "Kestrel Down Parka. Brand: Alpenlite. " * 40,
         "Tente légère pour deux personnes", ""]


def test_the_onnx_export_gives_sentence_transformers_vectors(encoder: Encoder, tmp_path: Path) -> None:
    assert isinstance(encoder, OnnxEncoder)
    reference = make_encoder(backend="torch").encode(TEXTS)
    vectors = encoder.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert (vectors * reference).sum(axis=1).min() > 0.9999


def test_the_export_is_made_once_and_cached(tmp_path: Path) -> None:
    first = OnnxEncoder(cache_dir=tmp_path)
    first.encode_query("tent")
    files = list(tmp_path.glob("*.onnx"))
    assert len(files) == 1
    stamp = files[0].stat().st_mtime_ns
    OnnxEncoder(cache_dir=tmp_path).encode_query("tent")
    assert [f.stat().st_mtime_ns for f in tmp_path.glob("*.onnx")] == [stamp]


def test_documents_come_back_in_the_order_given(encoder: Encoder) -> None:
    texts = DEMO_CATALOG.read_text().splitlines()[1:40]
    assert np.allclose(encoder.encode_documents(texts), encoder.encode(texts), atol=1e-5)
