"""``outfitter orders import|show|policy``, the orders of ``events import --format online-retail`` and the demo
orders of ``outfitter run``'s first start, on a private OUTFITTER_HOME."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import first_run as first_run_cli
from bot.cli.main import app
from bot.services import Services
from bot.support.cases import open_case
from bot.support.orders import find_order
from recommender.catalog.importer import ImportReport
from tests.recommender.test_online_retail import EDGE_CASES, write_retail

from .conftest import order_record


def write_orders(path: Path, rows: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def test_import_reports_bad_rows_and_keeps_the_good_ones(cli: CliRunner, tmp_path: Path) -> None:
    bad = order_record("OF-2")
    bad["lines"][0]["unit_price"] = "cheap"
    path = write_orders(tmp_path / "orders.jsonl", [order_record("OF-1"), bad, "not json"])
    result = cli.invoke(app, ["orders", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "rejected line 2 (order OF-2): lines[0].unit_price: Input should be a valid number" in result.output
    assert "rejected line 3: not JSON" in result.output
    assert "orders: added 1 (2 lines) · already known 0 · rejected 2" in result.output

    again = cli.invoke(app, ["orders", "import", str(path)])
    assert again.exit_code == 0 and "orders: added 0 (0 lines) · already known 1 · rejected 2" in again.output
    log = (tmp_path / "home" / "logs" / "outfitter.log").read_text(encoding="utf-8")
    assert "orders: added 1 (2 lines)" in log and "example.com" not in log.casefold()


def test_import_failures_exit_non_zero_and_change_nothing(cli: CliRunner, tmp_path: Path) -> None:
    missing = cli.invoke(app, ["orders", "import", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2 and "nope.jsonl: no such file" in missing.output
    nothing = cli.invoke(app, ["orders", "import", str(write_orders(tmp_path / "bad.jsonl", ["{}"]))])
    assert nothing.exit_code == 1 and "No good order in" in nothing.output and "nothing was changed" in nothing.output
    broken = tmp_path / "orders.jsonl.gz"
    broken.write_bytes(gzip.compress(json.dumps(order_record("OF-1")).encode() * 50)[:40])
    result = cli.invoke(app, ["orders", "import", str(broken)])
    assert result.exit_code == 2 and "broken gzip data" in result.output


def test_show_an_order_with_its_owner_and_cases(cli: CliRunner, tmp_path: Path) -> None:
    cli.invoke(app, ["orders", "import", str(write_orders(tmp_path / "o.jsonl", [order_record("OF-1")]))])
    with Services().sessions() as session:
        order = find_order(session, "OF-1")
        assert order is not None
        number = open_case(session, "return", "conv", order, [order.lines[0].id], None,
                           resolution="refund").case.case_number
        session.commit()
    shown = cli.invoke(app, ["orders", "show", "of-1"])
    assert shown.exit_code == 0, shown.output
    for text in ("OF-1", "delivered on", "cust-1", "Ada@Example.com", "301.00 EUR", "Drumlin Shell Jacket",
                 f"{number} (return, open)", "https://tracking.example.com/OF-1"):
        assert text in shown.stdout
    as_json = json.loads(cli.invoke(app, ["orders", "show", "OF-1", "--json"]).stdout)
    assert as_json["order_number"] == "OF-1" and as_json["email"] == "Ada@Example.com"
    assert as_json["cases"] == [{"case_number": number, "kind": "return", "status": "open"}]
    assert [line["sku"] for line in as_json["lines"]] == ["OF-RJK-0001", "OF-BSL-0001"]
    unknown = cli.invoke(app, ["orders", "show", "OF-404"])
    assert unknown.exit_code == 1 and "no order OF-404" in unknown.output


def test_policy_check(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = cli.invoke(app, ["orders", "policy"])
    assert shipped.exit_code == 0 and "Returns are accepted within 30 days of delivery" in shipped.stdout
    bad = tmp_path / "policy.yml"
    bad.write_text("timezone: UTC\n", encoding="utf-8")
    result = cli.invoke(app, ["orders", "policy", str(bad)])
    assert result.exit_code == 2 and "conditions: missing" not in result.output
    assert f"{bad}: conditions: Field required; returns: Field required; warranty: Field required" in result.output
    monkeypatch.setenv("OUTFITTER_SUPPORT_POLICY", str(bad))
    assert cli.invoke(app, ["orders", "show", "OF-1"]).exit_code == 2  # the setting's file is the one used


def test_online_retail_events_import_adds_the_orders(cli: CliRunner, tmp_path: Path) -> None:
    path = write_retail(tmp_path / "retail.csv", EDGE_CASES)
    result = cli.invoke(app, ["events", "import", str(path), "--format", "online-retail"])
    assert result.exit_code == 0, result.output
    assert "orders (from 2 invoices; 1 cancellation invoices are not orders): added 2 (3 lines) · already known 0" \
        in result.output
    again = cli.invoke(app, ["events", "import", str(path), "--format", "online-retail"])
    assert "added 0 (0 lines) · already known 2" in again.output
    assert "delivered on" in cli.invoke(app, ["orders", "show", "100001"]).stdout


def test_the_first_run_loads_the_demo_orders_once(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    # The catalog half of prepare() has its own tests; here it imports nothing.
    monkeypatch.setattr(first_run_cli, "import_catalog", lambda *args, **kwargs: ImportReport())
    monkeypatch.setattr(first_run_cli, "refresh_index", lambda *args, **kwargs: None)
    monkeypatch.setattr(first_run_cli, "print_report", lambda *args, **kwargs: None)
    services = Services()
    first_run_cli.prepare(services)
    with services.sessions() as session:
        order = find_order(session, "OF-100101")
        assert order is not None and order.status == "delivered"
        session.delete(order)  # a shop that has orders of its own gets no demo ones
        session.commit()
    first_run_cli.prepare(services)
    with services.sessions() as session:
        assert find_order(session, "OF-100101") is None and find_order(session, "OF-100102") is not None
