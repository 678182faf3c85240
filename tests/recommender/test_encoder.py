"""Both encoder backends load the packaged model offline and give the same normalised vectors."""

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from recommender.encoder import Encoder, clean_text, make_encoder
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


# Text a shopper or a file can hand the encoder that the tokenizers refuse or choke on: a NUL with an unpaired
# surrogate (the events API's case), a surrogate pair left split, controls, a lone low surrogate at the end.
DIRTY = ["\u0000\ud800", "tent \ud83d\ude00 for two", "rain\x01jacket\x7f", "boots\udc80", "\x00" * 5]


def test_any_text_encodes_on_both_backends(encoder: Encoder) -> None:
    for backend in (encoder, make_encoder(backend="torch")):
        vectors = backend.encode(DIRTY)
        assert vectors.shape == (len(DIRTY), 384) and np.isfinite(vectors).all()
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # A split pair is the character it stands for; other controls are spaces.
    assert clean_text("tent \ud83d\ude00 for two") == "tent \U0001f600 for two"
    assert clean_text("rain\x01jacket\x7f") == "rain jacket "
    assert clean_text("boots\udc80") == "boots\ufffd"
    close = encoder.encode(["tent \U0001f600 for two"])[0] @ encoder.encode(["tent \ud83d\ude00 for two"])[0]
    assert close > 0.9999


def test_clean_text_encodes_exactly_as_before(encoder: Encoder) -> None:
    assert isinstance(encoder, OnnxEncoder)
    clean = ["waterproof hiking jacket for women", "Tente légère pour deux personnes 🏕️", "line one\nline\ttwo", ""]
    assert [clean_text(text) for text in clean] == clean
    # The tokenizer and the graph run on the text as given, without the cleaning step.
    encoder.encode(["warm up"])
    raw = encoder._tokenizer.encode_batch(clean)
    feeds = {"input_ids": np.array([e.ids for e in raw], dtype=np.int64),
             "attention_mask": np.array([e.attention_mask for e in raw], dtype=np.int64),
             "token_type_ids": np.array([e.type_ids for e in raw], dtype=np.int64)}
    assert np.array_equal(encoder.encode(clean), encoder._session.run(None, feeds)[0])


@settings(max_examples=50, deadline=None)
# Joined from a list: st.text draws surrogates from a mixed alphabet only rarely.
@given(st.lists(st.one_of(st.characters(codec=None), st.sampled_from(["\x00", "\ud800", "\udfff", "\ud83d", "\x1b"])),
                max_size=40).map("".join))
def test_any_generated_text_gives_a_finite_unit_vector(encoder: Encoder, text: str) -> None:
    vector = encoder.encode_query(text)
    assert vector.shape == (384,) and np.isfinite(vector).all()
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4
