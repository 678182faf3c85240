"""``small_index``: the small catalog imported, embedded and published as a live index version."""

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.encoder import Encoder
from recommender.index.live import LiveIndex
from recommender.index.loaded import LoadedIndex
from recommender.index.versions import IndexStore


@pytest.fixture
def small_index(session: Session, encoder: Encoder, small_catalog: Path, tmp_path: Path) -> LoadedIndex:
    import_catalog(session, small_catalog, encoder)
    store = IndexStore(tmp_path / "index")
    publish_index(session, store, encoder.model_name)
    return LiveIndex(store).get()
