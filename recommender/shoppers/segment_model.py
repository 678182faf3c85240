"""What a refresh learned, kept on disk so every process scores shoppers the same way and picks up the next one.

The file is written to a temporary name and renamed into place, so a reader never sees half of it; readers
check its modification time on each use and reload when a refresh has replaced it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import joblib

from recommender.shoppers.clusters import Clustering
from recommender.shoppers.scores import Scorer
from recommender.shoppers.traits import Thresholds

FILENAME = "segments.joblib"


@dataclass
class SegmentModel:
    as_of: datetime
    created_at: datetime
    shoppers: int
    thresholds: Thresholds
    medians: dict[str, float]  # median list price per catalog category, for the price index
    clustering: Clustering | None
    scorer: Scorer | None


class SegmentStore:
    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / FILENAME

    def save(self, model: SegmentModel) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{FILENAME}.{os.getpid()}.tmp")
        joblib.dump(model, tmp)
        os.replace(tmp, self.path)

    def load(self) -> SegmentModel | None:
        return joblib.load(self.path) if self.path.exists() else None


class LiveSegments:
    """The latest saved model, reloaded when a refresh replaces the file; None before the first refresh."""

    def __init__(self, store: SegmentStore) -> None:
        self.store = store
        self._stamp: float | None = None
        self._model: SegmentModel | None = None

    def get(self) -> SegmentModel | None:
        try:
            stamp = self.store.path.stat().st_mtime
        except FileNotFoundError:
            return None
        if stamp != self._stamp:
            self._model, self._stamp = self.store.load(), stamp
        return self._model
