"""The live index as a long-running reader sees it: the newest published version, without restart."""

from __future__ import annotations

import threading

from recommender.index.loaded import LoadedIndex
from recommender.index.threads import numpy_blas_on_one_thread
from recommender.index.versions import IndexStore, IndexVersionError


class LiveIndex:
    """Hands out the version CURRENT names, loading a new one when CURRENT changes.

    Checking costs one small file read per call; a request that already holds a version keeps
    using it even if a newer one goes live meanwhile.
    """

    def __init__(self, store: IndexStore) -> None:
        # A process that keeps a live index answers queries one at a time: see recommender.index.threads.
        numpy_blas_on_one_thread()
        self.store = store
        self._loaded: LoadedIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> LoadedIndex:
        version = self.store.current()
        if version is None:
            raise IndexVersionError(f"no index has been built in {self.store.root}; import a catalog first")
        loaded = self._loaded
        if loaded is not None and loaded.manifest.version == version:
            return loaded
        with self._lock:
            if self._loaded is None or self._loaded.manifest.version != version:
                self._loaded = LoadedIndex(self.store.folder(version))
            return self._loaded
