"""Shared fixtures: the real encoder, a migrated database on SQLite and on PostgreSQL, small catalogs."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from bot.db import make_engine, session_factory, upgrade
from recommender.encoder import Encoder, make_encoder

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
DEMO_CATALOG = ROOT / "data" / "catalog" / "demo_catalog.csv"
POSTGRES_URL = os.environ.get("OUTFITTER_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")

CATALOG_HEADER = "sku,title,description,brand,category,gender,price,sale_price,color,features,activities,stock"
SMALL_CATALOG = [
    "R1,Ridgeline Waterproof Shell Jacket,Taped seams and a waterproof membrane keep the rain out.,Northwind,"
    "rain jackets,women,189.00,149.00,black,waterproof|breathable,hiking,5",
    "R2,Drizzle Packable Rain Jacket,Packs into its own pocket; waterproof for sudden showers.,Tidewater,"
    "rain jackets,men,99.00,,blue,waterproof|packable,travel,12",
    "I1,Kestrel Down Parka,800-fill goose down for the coldest winter days.,Alpenlite,insulated jackets,men,"
    "299.00,,navy,insulated|warm,everyday,0",
    "I2,Ember Synthetic Hooded Jacket,Synthetic insulation that stays warm when wet.,Northwind,"
    "insulated jackets,women,179.00,139.00,red,insulated|hooded,skiing,3",
    "S1,Scree Trail-Running Shoe,Grippy outsole and a cushioned midsole for muddy trails.,Cairn & Co,"
    "trail running shoes,unisex,129.00,,red,grippy outsole|cushioned,trail running,10",
    "B1,Ascent 30 Daypack,A 30 litre pack with a rain cover and hydration sleeve.,Summit Forge,backpacks,"
    "unisex,89.00,,green,hydration-compatible|lightweight,hiking,7",
    "T1,Lumen 2 Lightweight Tent,A freestanding two-person tent that weighs under 2 kg.,Summit Forge,tents,"
    "unisex,349.00,,orange,freestanding|lightweight|3-season,camping,4",
    "F1,Tarn Grid Fleece,A breathable grid fleece for cool mornings on the trail.,Alpenlite,fleeces,women,"
    "69.00,,purple,breathable|quick-dry,hiking,20",
]


def pytest_configure(config: pytest.Config) -> None:
    # The suites hold the personalized ranking to its behaviour: the holdout group, which is shown popular
    # products instead, is off unless a test turns it on (the processes the REST tests start inherit this).
    os.environ.setdefault("OUTFITTER_HOLDOUT_SHARE", "0")


def write_catalog(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([CATALOG_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    return make_encoder()


@pytest.fixture
def small_catalog(tmp_path: Path) -> Path:
    return write_catalog(tmp_path / "catalog.csv", SMALL_CATALOG)


def _postgres_engine_or_skip() -> Engine:
    probe = create_engine(POSTGRES_URL)
    try:
        with probe.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as exc:
        pytest.skip(f"PostgreSQL at {POSTGRES_URL} is unreachable: {exc.__class__.__name__}")
    return probe


@pytest.fixture(params=["sqlite", "postgresql"])
def db_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A freshly migrated app database: a SQLite file, or a private schema on the PostgreSQL server."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    admin = _postgres_engine_or_skip()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def session(db_engine: Engine) -> Iterator[Session]:
    with session_factory(db_engine)() as session:
        yield session
