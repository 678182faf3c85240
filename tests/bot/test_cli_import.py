"""``outfitter catalog import`` when things go wrong: wrong formats, imports at once, output piped to a log."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from typer.testing import CliRunner

from bot.cli import catalog as catalog_cli
from bot.cli.main import app
from recommender.catalog.lock import import_lock
from tests.conftest import ROOT, write_catalog


def many_rows(count: int) -> list[str]:
    return [f"G{i:04d},Trail Item {i},Useful item number {i} for the outdoors.,Brand{i % 7},tents,unisex,"
            f"{20 + i % 300}.00,,black,lightweight,hiking,{i % 4}" for i in range(count)]


def log_text(home: Path) -> str:
    return (home / "logs" / "outfitter.log").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("fake.parquet", b"sku,title,price\nA1,Tent,99\n", "fake.parquet: not a Parquet file (it looks like a CSV file)"),
    ("binary.csv", bytes(range(256)) * 8, "binary.csv: not a CSV file (binary content)"),
    ("binary.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary.jsonl: not a JSON Lines file (binary content)"),
])
def test_a_file_of_the_wrong_format_is_named_in_one_line(cli: CliRunner, tmp_path: Path, name: str, content: bytes,
                                                         message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = cli.invoke(app, ["catalog", "import", str(path)])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert result.output.splitlines() == [f"error: {message}"]


def test_two_imports_of_the_same_file_at_once_both_finish_cleanly(tmp_path: Path) -> None:
    env = {**os.environ, "OUTFITTER_HOME": str(tmp_path / "home")}
    env.pop("OUTFITTER_DATABASE_URL", None)
    command = [sys.executable, "-m", "bot.cli.main"]
    subprocess.run([*command, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    catalog = write_catalog(tmp_path / "c.csv", many_rows(400))
    runs = [subprocess.Popen([*command, "catalog", "import", str(catalog)], env=env, cwd=ROOT, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [run.communicate(timeout=600) for run in runs]
    errors = [stderr for _, stderr in outputs]
    assert [run.returncode for run in runs] == [0, 0], errors
    assert not any("Traceback" in text or "Error" in text for text in errors), errors
    summaries = sorted(line for text in errors for line in text.splitlines() if line.startswith("added"))
    assert summaries == ["added 0 · updated 0 · unchanged 400 · discontinued 0 · rejected 0 · embedded 0",
                         "added 400 · updated 0 · unchanged 0 · discontinued 0 · rejected 0 · embedded 400"]
    assert sum("Embedding 400/400 (100%)" in text for text in errors) == 1  # piped: progress as plain lines
    status = subprocess.run([*command, "catalog", "status"], env=env, cwd=ROOT, check=True, capture_output=True,
                            text=True).stdout
    assert "400 active, 0 discontinued" in status and "pending     nothing" in status


def test_a_second_import_waits_for_the_first_or_with_no_wait_exits_3(cli: CliRunner, small_catalog: Path,
                                                                      tmp_path: Path) -> None:
    home = tmp_path / "home"
    with import_lock(home):
        busy = cli.invoke(app, ["catalog", "import", str(small_catalog), "--no-wait"])
    assert busy.exit_code == 3
    assert busy.output.splitlines() == [f"error: another import is running (pid {os.getpid()})"]

    held = threading.Event()

    def hold() -> None:
        with import_lock(home):
            held.set()
            time.sleep(1.5)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    waited = cli.invoke(app, ["catalog", "import", str(small_catalog)])
    holder.join()
    assert waited.exit_code == 0, waited.output
    assert f"another import is running (pid {os.getpid()}), waiting…" in waited.output
    assert "added 8" in waited.output


def test_index_build_and_rollback_take_the_import_lock(cli: CliRunner, small_catalog: Path, tmp_path: Path) -> None:
    cli.invoke(app, ["catalog", "import", str(small_catalog)])
    with import_lock(tmp_path / "home"):
        for command in (["index", "build", "--no-wait"], ["index", "rollback", "--no-wait"]):
            result = cli.invoke(app, command)
            assert result.exit_code == 3 and "another import is running" in result.output


def test_a_leftover_of_a_killed_publish_is_swept_when_an_import_or_build_starts(cli: CliRunner, tmp_path: Path,
                                                                                 small_catalog: Path) -> None:
    index = tmp_path / "home" / "index"
    for leftover in (index / ".tmp-killed", index / ".tmp-also"):
        leftover.mkdir(parents=True)
        (leftover / "vectors.npy").write_bytes(b"half")
    result = cli.invoke(app, ["catalog", "import", str(write_catalog(tmp_path / "bad.csv", ["X,,1"]))])
    assert result.exit_code == 1
    assert not (index / ".tmp-killed").exists()
    cli.invoke(app, ["catalog", "import", str(small_catalog)])
    (index / ".tmp-killed").mkdir()
    assert cli.invoke(app, ["index", "build"]).exit_code == 0
    assert not list(index.glob(".tmp-*"))


def test_piped_progress_is_written_as_lines_to_stderr_and_to_the_log(cli: CliRunner, small_catalog: Path,
                                                                     tmp_path: Path) -> None:
    result = cli.invoke(app, ["catalog", "import", str(small_catalog)])
    assert result.exit_code == 0
    assert "Embedding 8/8 (100%)" in result.stderr.splitlines()
    assert "Reading" in result.stderr
    log = log_text(tmp_path / "home")
    assert "Embedding 8/8 (100%)" in log
    assert f"catalog import {small_catalog}" in log and "added 8 · updated 0" in log


def test_a_database_error_is_one_line_without_parameters_and_the_traceback_goes_to_the_log(
        cli: CliRunner, small_catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_args: object, **_kwargs: object) -> None:
        raise IntegrityError("INSERT INTO products (sku, title) VALUES (?, ?)", ("SECRET-SKU", "Tent"),
                             Exception("UNIQUE constraint failed: products.sku"))

    monkeypatch.setattr(catalog_cli, "import_catalog", refused)
    result = cli.invoke(app, ["catalog", "import", str(small_catalog)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    log = tmp_path / "home" / "logs" / "outfitter.log"
    assert result.output.splitlines() == [
        "error: the database refused the catalog import: IntegrityError: UNIQUE constraint failed: products.sku "
        f"(nothing was changed; details in {log})"]
    assert "Traceback" in log_text(tmp_path / "home") and "SECRET-SKU" not in result.output


def test_currency_prices_a_file_that_states_none_and_search_shows_it(cli: CliRunner, tmp_path: Path) -> None:
    myntra_like = tmp_path / "fashion.csv"
    myntra_like.write_text("Product_ID,Product_Name,Price,Gender\n"
                           "1,Roadster Men Navy Slim Fit Jeans,1299,Men\n"
                           "2,Biba Women Red Printed Kurta with Palazzos,1899,Women\n", encoding="utf-8")
    mapping = ["--map", "sku=Product_ID", "--map", "title=Product_Name", "--map", "price=Price"]
    refused = cli.invoke(app, ["catalog", "import", str(myntra_like), *mapping, "--currency", "XYZ1"])
    assert refused.exit_code == 2
    assert "--currency 'XYZ1': not a currency code" in refused.output
    assert "0 active" in cli.invoke(app, ["catalog", "status"]).output  # refused before anything was read

    imported = cli.invoke(app, ["catalog", "import", str(myntra_like), *mapping, "--currency", "inr"])
    assert imported.exit_code == 0, imported.output
    table = cli.invoke(app, ["search", "slim fit jeans", "--k", "1"])
    assert "1299.00 INR" in table.stdout and "'category': 'jeans'" in table.output
