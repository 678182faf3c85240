"""The sentence-transformers model exported once to ONNX and run by onnxruntime.

The exported graph includes mean pooling and L2 normalisation, so it returns exactly what
``SentenceTransformer.encode(normalize_embeddings=True)`` returns (cosine 1.0000), about four times
faster per query on CPU. The export needs torch (present, since sentence-transformers needs it) and
takes a few seconds; it is cached by a fingerprint of the model files and the torch version.

Single queries can run on an int8 copy of that graph (dynamic quantization, one scale per output channel):
1.8 ms instead of 4.5 at the median for a shopper's words, at a cosine of about 0.99 to the full-precision
vector. ``benchmarks/suggest_speed.py`` and ``benchmarks/ranking.py`` take ``--query-precision`` to compare the
speed and the ranking quality of both. The copy is made from the export on first use and cached beside it.
Products are encoded in full precision, in batches.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import warnings
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from recommender.encoder import PACKAGED_MODEL, Encoder, Precision, clean_text, offline, resolve_model_path

EXPORT_VERSION = "1"  # bump when the exported graph changes
QUANTIZE_VERSION = "1"  # bump when the int8 copy is made differently
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def default_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "outfitter" / "onnx"


def _fingerprint(model_dir: Path) -> str:
    # The torch version by metadata: importing torch would cost every reader a second and 300 MB.
    digest = hashlib.sha256(f"{EXPORT_VERSION}|{metadata.version('torch')}".encode())
    for file in sorted(model_dir.rglob("*")):
        if file.is_file() and file.suffix in {".json", ".safetensors", ".bin", ".txt"}:
            stat = file.stat()
            digest.update(f"{file.relative_to(model_dir)}|{stat.st_size}|{int(stat.st_mtime)}".encode())
    return digest.hexdigest()[:16]


def _check_mean_pooling(model_dir: Path) -> None:
    config = model_dir / "1_Pooling" / "config.json"
    if config.exists() and not json.loads(config.read_text()).get("pooling_mode_mean_tokens", False):
        raise ValueError(f"{model_dir}: the ONNX backend supports mean-pooling models only; "
                         "set OUTFITTER_ENCODER_BACKEND=torch")


def export(model_dir: Path, target: Path) -> None:
    """Write ``target``: the transformer plus mean pooling and normalisation, as one ONNX graph."""
    import torch
    from transformers import AutoModel

    class Pooled(torch.nn.Module):
        def __init__(self, transformer: torch.nn.Module) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                    token_type_ids: torch.Tensor) -> torch.Tensor:
            hidden = self.transformer(input_ids=input_ids, attention_mask=attention_mask,
                                      token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    # "eager" attention exports to plain ONNX ops; the fused SDPA kernel does not.
    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()
    sample = torch.ones((2, 8), dtype=torch.int64)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS} | {"embedding": {0: "batch"}}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's notes on tracing concern dynamic shapes we pin
        torch.onnx.export(Pooled(model), (sample, sample, torch.zeros_like(sample)), str(tmp),
                          input_names=list(INPUTS), output_names=["embedding"], dynamic_axes=axes,
                          opset_version=17, dynamo=False)
    os.replace(tmp, target)  # two processes exporting at once both end with a whole file


def quantize(source: Path, target: Path) -> None:
    """Write ``target``: ``source`` with its weight matrices in int8, one scale per output channel (a single
    scale per matrix moves a query's vector to a cosine of about 0.96 of the original; per channel, about 0.99)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = target.with_name(f".{target.stem}.{os.getpid()}.tmp.onnx")
    # The quantizer logs advice for image models on the root logger; it says nothing about this graph.
    logging.disable(logging.WARNING)
    try:
        quantize_dynamic(source, tmp, weight_type=QuantType.QInt8, per_channel=True)
    finally:
        logging.disable(logging.NOTSET)
    os.replace(tmp, target)


def _session(onnx_file: Path, threads: int) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    # Idle threads sleep instead of spinning: a spinning thread holds a core that the FAISS scan and
    # the ranking's matrix products need right after the query is encoded (measured: 4 ms lost per
    # suggestion on 2 cores, against well under 0.1 ms of extra encoding time).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])


class OnnxEncoder(Encoder):
    def __init__(self, model_name: str = PACKAGED_MODEL, batch_size: int = 64,
                 cache_dir: Path | None = None, query_precision: Precision = "int8") -> None:
        super().__init__(model_name, batch_size)
        self.cache_dir = cache_dir or default_cache_dir()
        self.query_precision = query_precision
        self._session: Any = None
        self._query_session: Any = None  # the int8 copy, when queries use it
        self._tokenizer: Any = None
        self._dimension = 0

    def _load(self) -> None:
        offline()
        from tokenizers import Tokenizer

        model_dir = resolve_model_path(self.model_name)
        _check_mean_pooling(model_dir)
        onnx_file = self.cache_dir / f"{model_dir.name}-{_fingerprint(model_dir)}.onnx"
        if not onnx_file.exists():
            export(model_dir, onnx_file)
        config = json.loads((model_dir / "sentence_bert_config.json").read_text())
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=int(config.get("max_seq_length", 256)))
        tokenizer.enable_padding(pad_id=tokenizer.token_to_id("[PAD]") or 0, pad_token="[PAD]")
        self._session = _session(onnx_file, os.cpu_count() or 1)
        if self.query_precision == "int8":
            int8_file = onnx_file.with_name(f"{onnx_file.stem}-int8-{QUANTIZE_VERSION}.onnx")
            if not int8_file.exists():
                quantize(onnx_file, int8_file)
            # One thread: a short text gains nothing from a second (measured), and the other core serves
            # another shopper meanwhile.
            self._query_session = _session(int8_file, 1)
        self._tokenizer = tokenizer
        self._dimension = int(json.loads((model_dir / "config.json").read_text())["hidden_size"])

    @property
    def dimension(self) -> int:
        if self._session is None:
            self._load()
        return self._dimension

    def _feeds(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        encodings = self._tokenizer.encode_batch(list(texts))
        return {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if self._session is None:
            self._load()
        texts = [clean_text(text) for text in texts]
        out = []
        for start in range(0, len(texts), self.batch_size):
            out.append(self._session.run(None, self._feeds(texts[start:start + self.batch_size]))[0])
        if not out:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.ascontiguousarray(np.vstack(out), dtype=np.float32)

    def encode_one(self, text: str) -> np.ndarray:
        if self._session is None:
            self._load()
        if self._query_session is None:
            return super().encode_one(text)
        vector = self._query_session.run(None, self._feeds([clean_text(text)]))[0][0]
        return np.ascontiguousarray(vector, dtype=np.float32)
