"""The shop's keys: generated once per home and shared by its processes, or set from the environment."""

import json
import stat
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from bot.cli.main import app
from bot.keys import KEYS_FILE, NAMES, Role, load_keys


def _load(home: str) -> dict:
    keys = load_keys(Path(home), {})
    return {"secret": keys.session_secret, **{role.value: token for role, token in keys.tokens.items()}}


def test_a_home_generates_its_keys_once_private_and_alike_for_every_process(tmp_path: Path) -> None:
    with ProcessPoolExecutor(4) as pool:  # the web app, the action server and the CLI start together
        seen = list(pool.map(_load, [str(tmp_path)] * 8))
    assert all(keys == seen[0] for keys in seen)
    assert len(set(seen[0].values())) == len(seen[0]), "every key is its own"
    assert stat.S_IMODE((tmp_path / KEYS_FILE).stat().st_mode) == 0o600
    assert load_keys(tmp_path / "elsewhere", {}).session_secret != seen[0]["secret"]


def test_configured_keys_win_and_a_missing_key_is_added_to_an_older_home(tmp_path: Path) -> None:
    (tmp_path / KEYS_FILE).write_text(json.dumps({"session_secret": "old-secret", "shop_token": "old-shop"}))
    keys = load_keys(tmp_path, {"support_token": SecretStr("from-env")})
    assert keys.session_secret == "old-secret" and keys.tokens[Role.SHOP] == "old-shop"
    assert keys.tokens[Role.SUPPORT] == "from-env"
    assert set(json.loads((tmp_path / KEYS_FILE).read_text())) == set(NAMES)
    assert keys.role_of("from-env") is Role.SUPPORT and keys.role_of("old-shop") is Role.SHOP
    assert keys.role_of("from-en") is None and keys.role_of("") is None


def test_outfitter_tokens_prints_the_roles(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTFITTER_MERCHANDISER_TOKEN", "merch-123")
    listed = cli.invoke(app, ["tokens"])
    assert listed.exit_code == 0 and {"shop", "support", "merchandiser"} <= {line.split()[0] for line in
                                                                             listed.output.splitlines()}
    assert cli.invoke(app, ["tokens", "--role", "merchandiser"]).output.strip() == "merch-123"
