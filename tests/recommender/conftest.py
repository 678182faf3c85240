"""``small_index`` and ``demo_index``: a catalog imported, embedded and published as a live index version."""

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bot.db import make_engine, session_factory, upgrade
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.encoder import Encoder
from recommender.index.live import LiveIndex
from recommender.index.loaded import LoadedIndex
from recommender.index.versions import IndexStore
from tests.conftest import DEMO_CATALOG


@pytest.fixture
def small_index(session: Session, encoder: Encoder, small_catalog: Path, tmp_path: Path) -> LoadedIndex:
    import_catalog(session, small_catalog, encoder)
    store = IndexStore(tmp_path / "index")
    publish_index(session, store, encoder.model_name)
    return LiveIndex(store).get()


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory: pytest.TempPathFactory, encoder: Encoder) -> LoadedIndex:
    """The shipped demo catalog, imported and published once for every ranking test."""
    home = tmp_path_factory.mktemp("demo")
    engine = make_engine(f"sqlite:///{home / 'app.db'}")
    upgrade(engine)
    with session_factory(engine)() as session:
        import_catalog(session, DEMO_CATALOG, encoder)
        store = IndexStore(home / "index")
        publish_index(session, store, encoder.model_name)
    engine.dispose()
    return LiveIndex(store).get()
