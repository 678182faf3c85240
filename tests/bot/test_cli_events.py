"""``outfitter events import`` as a merchandiser runs it, on a private OUTFITTER_HOME."""

import gzip
from pathlib import Path

from typer.testing import CliRunner

from bot.cli.main import app
from bot.services import Services
from recommender.shoppers.identity import find_shopper
from tests.recommender.test_online_retail import EDGE_CASES, write_retail
from tests.recommender.test_segment_file import LINES, write_lines


def test_online_retail_import_adds_products_publishes_an_index_and_records_once(cli: CliRunner,
                                                                                 tmp_path: Path) -> None:
    path = write_retail(tmp_path / "retail.csv", EDGE_CASES)
    result = cli.invoke(app, ["events", "import", str(path), "--format", "online-retail"])
    assert result.exit_code == 0, result.output
    assert "9 lines · 5 invoices: 2 orders, 1 refunds, 2 skipped" in result.output
    assert "1 customers · 1 guest checkouts · 2 products added to the catalog" in result.output
    assert "not merchandise: postage 2" in result.output
    assert "recorded 3 · identified 0 · duplicates 0 · shoppers created 2" in result.output
    assert "Index v000001 is live: 2 products" in result.output
    with Services().sessions() as session:
        shopper = find_shopper(session, "12345")
        assert shopper is not None and shopper.customer_id == "12345"

    again = cli.invoke(app, ["events", "import", str(path), "--format", "online-retail"])
    assert again.exit_code == 0, again.output
    assert "recorded 0 · identified 0 · duplicates 3" in again.output and "Index" not in again.output
    assert "2 active" in cli.invoke(app, ["catalog", "status"]).output


def test_a_limit_reads_whole_invoices(cli: CliRunner, tmp_path: Path) -> None:
    path = write_retail(tmp_path / "retail.csv", EDGE_CASES)
    result = cli.invoke(app, ["events", "import", str(path), "--format", "online-retail", "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert "4 lines · 1 invoices: 1 orders" in result.output


def test_segment_import_reports_bad_lines_by_number(cli: CliRunner, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "calls.jsonl.gz", LINES)
    result = cli.invoke(app, ["events", "import", str(path), "--format", "segment"])
    assert result.exit_code == 0, result.output
    assert "rejected line 4: not JSON: Expecting value" in result.output
    assert "rejected line 5 (Product Viewed): properties.sku/product_id" in result.output
    assert "rejected line 8: call: expected a JSON object, got list" in result.output
    assert "recorded 3 · identified 0 · duplicates 0 · shoppers created 1 · merged 0 · rejected 3" in result.output


def test_nothing_recordable_exits_1_and_bad_files_exit_2(cli: CliRunner, tmp_path: Path) -> None:
    bad = write_lines(tmp_path / "bad.jsonl", ["{", '{"event": "Product Viewed"}'])
    result = cli.invoke(app, ["events", "import", str(bad), "--format", "segment"])
    assert result.exit_code == 1 and f"Nothing in {bad} could be recorded" in result.output

    result = cli.invoke(app, ["events", "import", str(tmp_path / "nope.csv"), "--format", "online-retail"])
    assert result.exit_code == 2 and f"{tmp_path / 'nope.csv'}: no such file" in result.output

    broken = tmp_path / "retail.csv.gz"
    broken.write_bytes(gzip.compress(write_retail(tmp_path / "r.csv", EDGE_CASES).read_bytes())[:30])
    result = cli.invoke(app, ["events", "import", str(broken), "--format", "online-retail"])
    assert result.exit_code == 2 and f"{broken}: broken gzip data" in result.output

    headless = write_retail(tmp_path / "other.csv", [])
    headless.write_text("sku,title\nA,B\n", encoding="utf-8")
    result = cli.invoke(app, ["events", "import", str(headless), "--format", "online-retail"])
    assert result.exit_code == 2 and "other.csv: missing column(s) InvoiceNo" in result.output

    result = cli.invoke(app, ["events", "import", str(bad), "--format", "csv"])
    assert result.exit_code == 2 and "'csv' is not one of" in result.output
