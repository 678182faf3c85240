"""Index versions on disk: each build is written aside, renamed into place, then made live.

Layout under the index folder::

    v000001/ manifest.json index.faiss vectors.npy attrs.parquet
    v000002/ ...
    CURRENT            name of the live version, replaced atomically

A build that fails half-way leaves only a ``.tmp-*`` folder behind, and CURRENT still names the previous
version, so readers never see a partial index. Leftovers are removed under the writers' lock (by the next
publish, or by :meth:`IndexStore.remove_abandoned` when an import starts), so a live writer's folder never is.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import faiss
import numpy as np
import pandas as pd

from recommender.index.backends import IndexType, build_index, effective_type
from recommender.index.lexical import build_lexical

CURRENT = "CURRENT"
LOCK = ".lock"
ATTR_COLUMNS = ("id", "sku", "title", "brand", "category", "gender", "price", "sale_price", "currency",
                "color", "stock", "sizes", "features", "activities", "image_url", "url", "created_at", "materials",
                "warranty_months", "description")
# Columns a version published before they existed lacks; a loaded version fills them with "not stated".
LATER_COLUMNS = {"sizes": list, "features": list, "activities": list, "image_url": None, "url": None,
                 "created_at": None, "materials": list, "warranty_months": None, "description": None}


class IndexVersionError(RuntimeError):
    """No live version, or a version that cannot be read."""


@dataclass(frozen=True)
class Manifest:
    version: str
    model: str
    dimension: int
    count: int
    catalog_checksum: str
    index_type: str
    created_at: str
    build_seconds: float

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        return cls(**json.loads((folder / "manifest.json").read_text()))


@dataclass(frozen=True)
class IndexBuild:
    """What a new version is made of: one vector and one attribute row per active product."""

    vectors: np.ndarray
    attrs: pd.DataFrame  # ATTR_COLUMNS; "id" labels the vector in the same row
    model: str
    catalog_checksum: str
    texts: list[str] | None = None  # each product's text, row by row, for the lexical (BM25) index


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


class IndexStore:
    """The versions of one index folder."""

    def __init__(self, root: Path, keep: int = 5) -> None:
        self.root = root
        self.keep = max(2, keep)

    def versions(self) -> list[str]:
        if not self.root.exists():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and p.name.startswith("v"))

    def current(self) -> str | None:
        try:
            name = (self.root / CURRENT).read_text().strip()
        except FileNotFoundError:
            return None
        return name or None

    def manifest(self, version: str | None = None) -> Manifest | None:
        version = version or self.current()
        return Manifest.read(self.root / version) if version else None

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the writers' lock: one writer at a time numbers versions, moves CURRENT or sweeps leftovers."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def publish(self, build: IndexBuild | Callable[[], IndexBuild], index_type: IndexType = "flat") -> Manifest:
        """Write ``build`` as a new version and make it live; the previous one stays until pruned.

        ``build`` may be a function that reads it: it is then called under the writers' lock, so a writer that
        waited for another one builds from what that one left, never from what it saw before waiting.
        """
        with self.locked():
            return self._publish_locked(build() if callable(build) else build, index_type)

    def _publish_locked(self, build: IndexBuild, index_type: IndexType) -> Manifest:
        started = datetime.now(UTC)
        self._remove_abandoned()
        versions = self.versions()
        number = int(versions[-1][1:]) + 1 if versions else 1
        name = f"v{number:06d}"
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.root))
        try:
            ids = build.attrs["id"].to_numpy(dtype=np.int64)
            kind = effective_type(index_type, len(ids))
            index = build_index(build.vectors, ids, kind)
            faiss.write_index(index, str(tmp / "index.faiss"))
            np.save(tmp / "vectors.npy", build.vectors)
            build.attrs.loc[:, list(ATTR_COLUMNS)].to_parquet(tmp / "attrs.parquet", index=False)
            if build.texts is not None:
                build_lexical(build.texts, tmp)
            manifest = Manifest(
                version=name, model=build.model, dimension=int(build.vectors.shape[1]), count=len(ids),
                catalog_checksum=build.catalog_checksum, index_type=kind,
                created_at=started.isoformat(),
                build_seconds=round((datetime.now(UTC) - started).total_seconds(), 3),
            )
            (tmp / "manifest.json").write_text(json.dumps(asdict(manifest), indent=2))
            for file in tmp.rglob("*"):
                if file.is_file():
                    with open(file, "rb") as handle:
                        os.fsync(handle.fileno())
            os.rename(tmp, self.root / name)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _atomic_write(self.root / CURRENT, name)
        self._prune()
        return manifest

    def rollback(self) -> Manifest:
        """Make the version before the live one live again."""
        with self.locked():  # decided under the lock too: a publish in between would change "previous"
            versions, current = self.versions(), self.current()
            if current is None or current not in versions or versions.index(current) == 0:
                raise IndexVersionError("no earlier index version to roll back to")
            previous = versions[versions.index(current) - 1]
            _atomic_write(self.root / CURRENT, previous)
            # The version rolled back from is removed so that a second rollback goes further back.
            shutil.rmtree(self.root / current, ignore_errors=True)
        return Manifest.read(self.root / previous)

    def folder(self, version: str) -> Path:
        return self.root / version

    def _prune(self) -> None:
        current = self.current()
        old = [v for v in self.versions() if v != current][: -(self.keep - 1)]
        for version in old:
            shutil.rmtree(self.root / version, ignore_errors=True)

    def remove_abandoned(self) -> list[str]:
        """Remove what killed writers left behind (half-written versions and CURRENT files); their names."""
        if not self.root.exists():
            return []
        with self.locked():
            return self._remove_abandoned()

    def _remove_abandoned(self) -> list[str]:
        removed = []
        for leftover in [*self.root.glob(".tmp-*"), *self.root.glob(f".{CURRENT}.*.tmp")]:
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
            removed.append(leftover.name)
        return sorted(removed)
