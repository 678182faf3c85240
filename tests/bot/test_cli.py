"""The ``outfitter`` commands as a merchandiser runs them, on a private OUTFITTER_HOME."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from bot.cli.main import app
from bot.settings import Settings, setting_errors
from tests.conftest import SMALL_CATALOG, write_catalog


def test_import_status_search_and_rollback(cli: CliRunner, tmp_path: Path) -> None:
    bad = "BAD,,A two-person tent.,Summit Forge,tents,unisex,5.00,,green,lightweight,camping,1"
    catalog = write_catalog(tmp_path / "c.csv", [*SMALL_CATALOG, bad])
    result = cli.invoke(app, ["catalog", "import", str(catalog)])
    assert result.exit_code == 0, result.output
    assert "rejected row 9 (sku BAD): title: missing (required)" in result.output
    assert "added 8 · updated 0 · unchanged 0 · discontinued 0 · rejected 1 · embedded 8" in result.output
    assert "Index v000001 is live" in result.output

    status = cli.invoke(app, ["catalog", "status"])
    assert "8 active, 0 discontinued" in status.output and "v000001" in status.output
    assert "pending     nothing" in status.output

    found = cli.invoke(app, ["search", "tent for two people", "--json", "--k", "3"])
    assert [r["sku"] for r in json.loads(found.stdout)["results"]] == ["T1"]  # "tent" names the category
    found = cli.invoke(app, ["search", "gear for a wet hike", "--json", "--k", "3"])
    assert len(json.loads(found.stdout)["results"]) == 3

    cheaper = write_catalog(tmp_path / "d.csv", [r.replace("349.00", "299.00") for r in SMALL_CATALOG])
    update = cli.invoke(app, ["catalog", "import", str(cheaper), "--replace"])
    assert "updated 1" in update.output and "embedded 0" in update.output and "v000002" in update.output

    rolled = cli.invoke(app, ["index", "rollback"])
    assert rolled.exit_code == 0 and "v000001 is live again" in rolled.output
    assert "v000001" in cli.invoke(app, ["catalog", "status"]).output
    assert "not in the live index" in cli.invoke(app, ["catalog", "status"]).output


def test_batch_search_gives_one_line_per_query(cli: CliRunner, small_catalog: Path, tmp_path: Path) -> None:
    cli.invoke(app, ["catalog", "import", str(small_catalog)])
    queries = tmp_path / "q.jsonl"
    queries.write_text("\n".join(json.dumps(q) for q in [
        {"id": "a", "query": "waterproof jacket", "filters": {"gender": "men"}},
        {"id": 2, "query": "something to sleep in outdoors", "shopper_id": "anon-1"},
        {"id": "bad", "query": "x", "filters": {"colour": "red"}},
    ]) + "\n")
    result = cli.invoke(app, ["search", "--batch", str(queries), "--k", "2"])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", 2, "bad"]
    assert lines[0]["results"][0]["sku"] == "R2"  # the men's waterproof jacket
    assert all(set(r) == {"sku", "score"} for r in lines[1]["results"]) and len(lines[1]["results"]) == 2
    assert "unknown filter(s) colour" in lines[2]["error"]


def test_search_shows_a_product_once_with_its_colours(cli: CliRunner, tmp_path: Path) -> None:
    granite = [f"G{i},Granite Waterproof Shell Jacket – {c.title()},Taped seams keep the rain out.,Northwind,"
               f"rain jackets,unisex,200.00,,{c},waterproof,hiking,5" for i, c in enumerate(("red", "blue", "black"))]
    cli.invoke(app, ["catalog", "import", str(write_catalog(tmp_path / "c.csv", granite + SMALL_CATALOG))])
    found = json.loads(cli.invoke(app, ["search", "Granite waterproof shell jacket", "--json", "--k", "3"]).stdout)
    skus = [r["sku"] for r in found["results"]]
    assert len(skus) == 3 and sum(sku.startswith("G") for sku in skus) == 1
    assert all(set(r) == {"sku", "score"} for r in found["results"])
    queries = tmp_path / "q.jsonl"
    queries.write_text(json.dumps({"id": "g", "query": "Granite shell jacket"}) + "\n")
    line = json.loads(cli.invoke(app, ["search", "--batch", str(queries), "--k", "2"]).stdout)
    assert set(line) == {"id", "results"} and sum(r["sku"].startswith("G") for r in line["results"]) == 1
    table = cli.invoke(app, ["search", "Granite waterproof shell jacket", "--k", "3"]).stdout
    assert all(word in table for word in ("red,", "blue,", "black"))  # the colours column, wrapped or not


def test_a_file_with_no_good_row_exits_non_zero_and_keeps_the_catalog(cli: CliRunner, small_catalog: Path,
                                                                      tmp_path: Path) -> None:
    cli.invoke(app, ["catalog", "import", str(small_catalog)])
    bad = write_catalog(tmp_path / "bad.csv", ["X,,1"])
    result = cli.invoke(app, ["catalog", "import", str(bad), "--replace"])
    assert result.exit_code == 1 and "nothing was changed" in result.output
    assert "8 active, 0 discontinued" in cli.invoke(app, ["catalog", "status"]).output


def test_bad_mappings_and_missing_files_are_named(cli: CliRunner, small_catalog: Path) -> None:
    result = cli.invoke(app, ["catalog", "import", str(small_catalog), "--map", "title=Name"])
    assert result.exit_code == 2 and "no column 'Name'" in result.output
    result = cli.invoke(app, ["catalog", "import", "/nonexistent.csv"])
    assert result.exit_code == 2 and "no such file" in result.output


def test_search_before_any_import_says_what_to_do(cli: CliRunner) -> None:
    result = cli.invoke(app, ["search", "jacket"])
    assert result.exit_code == 1 and "import a catalog first" in result.output


def test_a_blank_query_is_refused_as_in_a_batch(cli: CliRunner) -> None:
    result = cli.invoke(app, ["search", "   "])  # it searched for nothing: the first products of the index
    assert result.exit_code == 2 and "give a QUERY" in result.output



def test_a_refused_setting_is_named_with_the_value_given(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTFITTER_QUERY_PRECISION", "int4")
    monkeypatch.setenv("OUTFITTER_EMBEDDING_BATCH_SIZE", "0")
    result = cli.invoke(app, ["catalog", "status"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "OUTFITTER_QUERY_PRECISION: Input should be 'int8' or 'float32' (got 'int4')" in result.output
    assert "OUTFITTER_EMBEDDING_BATCH_SIZE: Input should be greater than or equal to 1 (got '0')" in result.output


def test_a_refused_secret_or_url_is_named_without_its_value() -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(rasa_token=["s3cret"], database_url=["postgresql://shop:pa55@db/shop"], index_keep="one")
    lines = setting_errors(refused.value)
    assert [line.split(":")[0] for line in lines] == ["OUTFITTER_DATABASE_URL", "OUTFITTER_INDEX_KEEP",
                                                      "OUTFITTER_RASA_TOKEN"]
    assert "s3cret" not in "".join(lines) and "pa55" not in "".join(lines) and "(got 'one')" in lines[1]


def test_a_home_without_tables_is_told_to_make_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTFITTER_HOME", str(tmp_path / "new-home"))
    monkeypatch.delenv("OUTFITTER_DATABASE_URL", raising=False)
    runner, catalog = CliRunner(), write_catalog(tmp_path / "c.csv", SMALL_CATALOG)
    for command in (["catalog", "status"], ["catalog", "import", str(catalog)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert "no such table: products" in result.output and "`outfitter db upgrade` makes them" in result.output
