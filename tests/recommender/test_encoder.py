"""Both encoder backends load the packaged model offline and give the same normalised vectors."""

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
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


def test_the_export_and_its_int8_copy_are_made_once_and_cached(tmp_path: Path) -> None:
    first = OnnxEncoder(cache_dir=tmp_path)
    first.encode_query("tent")
    files = sorted(tmp_path.glob("*.onnx"), key=lambda f: "-int8-" in f.name)
    assert len(files) == 2 and "-int8-" in files[1].name
    assert files[1].stat().st_size < files[0].stat().st_size / 2  # int8 weights instead of float32
    stamps = [f.stat().st_mtime_ns for f in files]
    OnnxEncoder(cache_dir=tmp_path).encode_query("tent")
    assert [f.stat().st_mtime_ns for f in files] == stamps and len(list(tmp_path.glob("*.onnx"))) == 2
    OnnxEncoder(cache_dir=tmp_path / "full", query_precision="float32").encode_query("tent")
    assert [f.name for f in (tmp_path / "full").glob("*.onnx")] == [files[0].name]


SHOPPER_WORDS = ["waterproof hiking jacket for women under 200", "black running shoes", "something warm for a winter "
                 "camping trip with the kids", "kurta", "a dress for a beach wedding", "tent for two, light"]


def test_a_query_in_int8_stays_close_to_full_precision(tmp_path: Path) -> None:
    quick = OnnxEncoder(cache_dir=tmp_path)
    full = OnnxEncoder(cache_dir=tmp_path, query_precision="float32")
    int8 = np.vstack([quick.encode_query(text) for text in SHOPPER_WORDS])
    exact = np.vstack([full.encode_query(text) for text in SHOPPER_WORDS])
    assert np.allclose(exact, full.encode(SHOPPER_WORDS), atol=1e-5)  # float32 queries: the products' encoding
    assert np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-5)
    closeness = (int8 * exact).sum(axis=1)
    assert closeness.min() > 0.98 and closeness.max() < 0.99999  # close, and really another model
    # Products are encoded in full precision whatever the queries use.
    assert np.array_equal(quick.encode(SHOPPER_WORDS), full.encode(SHOPPER_WORDS))


def test_int8_queries_find_the_products_full_precision_finds(tmp_path: Path) -> None:
    full = OnnxEncoder(cache_dir=tmp_path, query_precision="float32")
    quick = OnnxEncoder(cache_dir=tmp_path)
    products = full.encode_documents(DEMO_CATALOG.read_text().splitlines()[1:])
    overlap = [len(set(np.argsort(-(products @ quick.encode_query(text)))[:10])
                   & set(np.argsort(-(products @ full.encode_query(text)))[:10])) / 10 for text in SHOPPER_WORDS]
    assert np.mean(overlap) >= 0.8 and min(overlap) >= 0.6, overlap


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


class Counting(Encoder):
    """An encoder whose vectors say which call made them."""

    def __init__(self, query_cache: int) -> None:
        super().__init__(query_cache=query_cache)
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.full((len(texts), 4), float(len(self.calls)), dtype=np.float32)


def test_a_query_seen_lately_is_not_encoded_again() -> None:
    encoder = Counting(query_cache=2)
    first = encoder.encode_query("rain jacket")
    assert encoder.encode_query("rain jacket") is first and encoder.calls == [["rain jacket"]]
    with pytest.raises(ValueError, match="read-only"):
        first[0] = 0.0  # shared with every later caller of the same text
    encoder.encode_query("tent")
    encoder.encode_query("rain jacket")  # the latest used, so "tent" is the one to go
    encoder.encode_query("boots")
    assert encoder.encode_query("rain jacket") is first
    assert encoder.encode_query("tent")[0] == 4.0 and len(encoder.calls) == 4
    encoder.clear_query_cache()
    assert encoder.encode_query("rain jacket") is not first


def test_the_real_encoder_gives_the_same_vector_from_its_cache(encoder: Encoder) -> None:
    text = "a cached query about green wellies"
    first = encoder.encode_query(text)
    assert encoder.encode_query(text) is first and np.array_equal(first, encoder.encode_one(text))
