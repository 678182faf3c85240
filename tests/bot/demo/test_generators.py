"""The demo data's generators, run as a maintainer runs them, rewrite the shipped files byte for byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.demo import DEMO_CATALOG, DEMO_ORDERS, DEMO_QRELS, DEMO_SHOPPERS
from bot.settings import PROJECT_ROOT


def _run(module: str, out: Path) -> str:
    done = subprocess.run([sys.executable, "-m", module, "--out", str(out)], cwd=PROJECT_ROOT, check=True,
                          capture_output=True, text=True)
    return done.stdout


@pytest.mark.parametrize(("module", "shipped"), [("bot.demo.catalog", DEMO_CATALOG),
                                                 ("bot.demo.judge_queries", DEMO_QRELS),
                                                 ("bot.demo.orders", DEMO_ORDERS),
                                                 ("bot.demo.shoppers", DEMO_SHOPPERS)])
def test_the_generator_reproduces_the_shipped_file(module: str, shipped: Path, tmp_path: Path) -> None:
    written = tmp_path / shipped.name
    _run(module, written)
    assert written.read_bytes() == shipped.read_bytes(), f"regenerate it: .venv/bin/python -m {module}"


def test_the_catalog_generator_reports_what_it_wrote(tmp_path: Path) -> None:
    report = _run("bot.demo.catalog", tmp_path / "catalog.csv")
    assert report.startswith("wrote 400 rows") and "rain jackets" in report


def test_the_data_folder_holds_data_only() -> None:
    # Rasa reads data/ as training data; code there would be neither training data nor importable.
    assert not list((PROJECT_ROOT / "data").rglob("*.py"))
