"""Production mode's configuration: refused on the embedded defaults with the variable named; the files it
writes are ones nginx and Rasa accept."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from bot import production
from bot.settings import Settings

PG = "postgresql+psycopg2://outfitter:s3cr%22et@db.internal:5433/shop"


def settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(home=tmp_path, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(("values", "named"), [
    ({"redis_url": "redis://127.0.0.1:6379/0"}, "OUTFITTER_DATABASE_URL is not set"),
    ({"database_url": "sqlite:///x.db", "redis_url": "redis://127.0.0.1:6379/0"}, "OUTFITTER_DATABASE_URL=sqlite"),
    ({"database_url": PG}, "OUTFITTER_REDIS_URL is not set"),
    ({"database_url": PG, "redis_url": "http://cache:6379"}, "OUTFITTER_REDIS_URL=http://cache:6379"),
    ({"database_url": PG, "redis_url": "redis://cache:abc/0"}, "OUTFITTER_REDIS_URL=redis://cache:abc/0"),
    ({"database_url": PG, "redis_url": "redis://cache:6379/zz"}, "OUTFITTER_REDIS_URL=redis://cache:6379/zz"),
    ({"database_url": PG, "redis_url": "redis://r:6379/0", "tracker_url": "mysql://x/y"}, "OUTFITTER_TRACKER_URL"),
])
def test_production_refuses_missing_or_wrong_settings_naming_the_variable(tmp_path: Path, values: dict[str, str],
                                                                         named: str) -> None:
    with pytest.raises(production.ProductionConfigError, match=named):
        production.check_settings(settings(tmp_path, **values))


def test_the_password_is_not_echoed_when_the_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(production.ProductionConfigError) as refused:
        production.check_settings(settings(tmp_path, database_url="mysql://u:hunter2@h/db", redis_url="redis://r/0"))
    assert "hunter2" not in str(refused.value)


def test_server_counts_are_bounded(tmp_path: Path) -> None:
    with pytest.raises(production.ProductionConfigError, match="--rasa 0"):
        production.Layout.of(settings(tmp_path), 0, 1)
    with pytest.raises(production.ProductionConfigError, match="--actions 17"):
        production.Layout.of(settings(tmp_path), 1, 17)


def test_rasa_endpoints_keep_trackers_apart_from_the_app_tables_and_lock_in_redis(tmp_path: Path) -> None:
    config = yaml.safe_load(production.rasa_endpoints(settings(
        tmp_path, database_url=PG, redis_url="redis://:pw@cache.internal:6380/3", actions_port=6055)))
    assert config["action_endpoint"]["url"] == "http://127.0.0.1:6055/webhook"
    assert config["tracker_store"] == {"type": "SQL", "dialect": "postgresql", "url": "db.internal", "port": 5433,
                                       "db": "shop_trackers", "login_db": "shop", "username": "outfitter",
                                       "password": 's3cr"et'}
    assert config["lock_store"] == {"type": "redis", "url": "cache.internal", "port": 6380, "db": 3,
                                    "key_prefix": "outfitter", "password": "pw"}


def test_an_explicit_tracker_database_is_used(tmp_path: Path) -> None:
    config = yaml.safe_load(production.tracker_store(settings(
        tmp_path, database_url=PG, tracker_url="postgresql://rasa@trackers:5432/conversations")))
    assert config["tracker_store"]["db"] == "conversations"
    assert config["tracker_store"]["url"] == "trackers"


@pytest.mark.skipif(not production.NGINX.exists(), reason="nginx is not installed (make production-setup)")
def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    layout = production.Layout(balancer_port=18080, web_port=18000, rasa_port=15005, actions_port=15055,
                               rasa_count=3, actions_count=2)
    conf = production.write_nginx_conf(layout, tmp_path / "nginx", as_root=False)
    text = conf.read_text()
    assert "server 127.0.0.1:15008" in text and "server 127.0.0.1:15009" not in text  # Rasa: 15006-15008
    assert "server 127.0.0.1:15057" in text  # actions: 15056, 15057
    checked = subprocess.run([str(production.NGINX), "-t", "-p", str(tmp_path / "nginx"), "-c", str(conf)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_index_versions_can_live_outside_the_home_on_storage_every_node_mounts(tmp_path: Path) -> None:
    from bot.services import Services

    shared = tmp_path / "nfs" / "index"
    one, other = (Services(Settings(home=tmp_path / name, index_root=shared)) for name in ("node-a", "node-b"))
    assert one.index_store.root == other.index_store.root == shared.resolve()
    assert Settings(home=tmp_path).index_dir == tmp_path.resolve() / "index"


@pytest.mark.rasa
def test_the_tracker_store_is_made_once_before_the_rasa_servers_start(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.engine import make_url

    from bot import cluster
    from tests.conftest import POSTGRES_URL

    if not (Settings().rasa_venv / "bin" / "python").exists():
        pytest.skip("no .venv-rasa: `make test` creates it")
    server = make_url(POSTGRES_URL)
    name = f"outfitter_made_{tmp_path.name[-8:].lower().replace('-', '_')}"
    made = settings(tmp_path, database_url=server.set(database=name).render_as_string(hide_password=False),
                    redis_url="redis://127.0.0.1:6379/0")
    (tmp_path / "rasa-endpoints-production.yml").write_text(production.rasa_endpoints(made))
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        cluster.make_tracker_store(made)
        trackers = create_engine(server.set(database=f"{name}_trackers"))
        assert "events" in inspect(trackers).get_table_names()
        trackers.dispose()
    finally:
        with admin.connect() as connection:
            for database in (name, f"{name}_trackers"):
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()
