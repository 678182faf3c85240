"""The console's catalog section: status and index versions, rollback, and imports from an uploaded file run in
the background, with the CLI's options, validation and lock; new products are searchable at once."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import Engine

from recommender.encoder import Encoder
from tests.bot.console_helpers import NEW_ROWS, Console, console_on, csv_bytes, started, uploads_left

TWO_BAD_ROWS = [{"row": 2, "sku": "N2", "reason": "price: must be >= 0 (got '-3')"},
                {"row": 3, "sku": "N3", "reason": "title: missing (required)"}]


@pytest.fixture
def console(tmp_path: Path, encoder: Encoder) -> Iterator[Console]:
    yield from console_on(tmp_path, encoder)


@pytest.fixture
def console_db(tmp_path: Path, encoder: Encoder, db_engine: Engine) -> Iterator[Console]:
    """The console on SQLite and on PostgreSQL."""
    yield from console_on(tmp_path, encoder, db_engine)


# --- status and versions -----------------------------------------------------------------------------------------

def test_the_status_and_the_versions_say_what_is_live(console_db: Console) -> None:
    status = console_db.ok("/api/console/catalog/status")
    assert status["products"] == {"active": 8, "discontinued": 0, "not_embedded": 0}
    assert status["live"]["version"] == "v000001" and status["live"]["count"] == 8
    assert status["live"]["index_type"] == "flat" and status["live"]["built_at"]
    assert status["in_sync"] and status["pending"] == "nothing" and status["upload_max_mb"] == 100
    versions = console_db.ok("/api/console/index/versions")
    assert versions["live"] == "v000001" and versions["previous"] is None
    assert [(v["version"], v["live"], v["count"]) for v in versions["versions"]] == [("v000001", True, 8)]


# --- an import -----------------------------------------------------------------------------------------------------

def test_an_upload_with_two_bad_rows_names_both_and_its_good_rows_are_searchable_at_once(console_db: Console) -> None:
    assert "N1" not in console_db.search("insulated winter boot")
    job = console_db.wait(started(console_db.upload("new products.csv", csv_bytes(*NEW_ROWS)))["id"])
    assert job["state"] == "done" and job["title"] == "new products.csv" and job["error"] is None
    result = job["result"]
    assert result["rejected"] == TWO_BAD_ROWS and result["rejected_count"] == 2
    assert (result["added"], result["updated"], result["unchanged"], result["embedded"]) == (2, 0, 0, 2)
    assert result["imported"] and result["index_published"]
    assert result["index"]["version"] == "v000002" and result["index"]["count"] == 10
    # The running app serves the new version: no restart, no reload.
    assert console_db.search("insulated winter boot")[0] == "N1"
    assert console_db.search("down sleeping bag")[0] == "N4"
    status = console_db.ok("/api/console/catalog/status")
    assert status["products"]["active"] == 10 and status["live"]["version"] == "v000002"
    assert status["pending"] == "nothing"
    assert console_db.ok("/api/console/index/versions")["previous"] == "v000001"
    assert uploads_left(console_db) == []  # the uploaded file is gone with its job
    # The job stays readable, and its rejected rows page by page.
    assert console_db.ok("/api/console/jobs")["jobs"][0]["id"] == job["id"]
    page = console_db.ok(f"/api/console/jobs/{job['id']}/rejections", params={"offset": 1, "limit": 5})
    assert page["total"] == 2 and page["rows"] == TWO_BAD_ROWS[1:]


def test_the_upload_takes_the_cli_options_map_and_replace(console: Console) -> None:
    content = b"Product_ID,Product_Name,Cost\nX1,Harbor Merino Beanie,29.5\n"
    job = console.wait(started(console.upload("export.csv", content, map=["sku=Product_ID", "title=Product_Name",
                                                                           "price=Cost"], replace="true"))["id"])
    result = job["result"]
    assert result["mapping"] == {"sku": "Product_ID", "title": "Product_Name", "price": "Cost"} and result["replace"]
    assert (result["added"], result["discontinued"]) == (1, 8)
    assert console.ok("/api/console/catalog/status")["products"] == {"active": 1, "discontinued": 8,
                                                                      "not_embedded": 0}


def test_the_upload_takes_the_currency_of_rows_that_do_not_say(console: Console) -> None:
    content = b"sku,title,price,currency\nRS1,Cotton Kurta,1299,\nRS2,Linen Shirt,45,EUR\n"
    job = console.wait(started(console.upload("rupees.csv", content, currency="inr"))["id"])
    assert job["result"]["added"] == 2
    index = console.services.live_index.get()
    assert [index.column("currency")[index.row_of_sku(sku)] for sku in ("RS1", "RS2")] == ["INR", "EUR"]


def test_json_lines_and_parquet_import_too(console: Console) -> None:
    line = b'{"sku": "J1", "title": "Basalt Trekking Poles", "price": 79, "category": "poles"}\n'
    assert console.wait(started(console.upload("p.jsonl", line))["id"])["result"]["added"] == 1
    frame = pd.DataFrame({"sku": ["P1"], "title": ["Gorge Canyon Sandal"], "price": [59.0], "features": [["grippy"]]})
    buffer = io.BytesIO()
    frame.to_parquet(buffer)
    assert console.wait(started(console.upload("p.parquet", buffer.getvalue()))["id"])["result"]["added"] == 1
    assert console.search("trekking poles")[0] == "J1" and console.search("canyon sandal")[0] == "P1"


def test_a_file_with_no_good_row_changes_nothing_and_says_so(console: Console) -> None:
    job = console.wait(started(console.upload("bad.csv", csv_bytes(NEW_ROWS[1], NEW_ROWS[2])))["id"])
    result = job["result"]
    assert job["state"] == "done" and not result["imported"]
    assert result["message"] == "No good row in the file: nothing was changed."
    assert [r["row"] for r in result["rejected"]] == [1, 2]
    assert result["index"]["version"] == "v000001" and not result["index_published"]
    assert console.ok("/api/console/catalog/status")["products"]["active"] == 8
    assert len(console.ok("/api/console/index/versions")["versions"]) == 1


def test_an_import_the_database_refuses_fails_in_one_line_and_changes_nothing(console: Console) -> None:
    with console.services.engine.begin() as connection:  # a database that refuses new products
        connection.exec_driver_sql("CREATE TRIGGER frozen BEFORE INSERT ON products "
                                   "BEGIN SELECT RAISE(ABORT, 'the catalog is frozen'); END")
    before = console.ok("/api/console/catalog/status")
    job = console.wait(started(console.upload("new.csv", csv_bytes(*NEW_ROWS)))["id"])
    assert (job["state"], job["result"]) == ("failed", None)
    assert job["error"] == "the database refused the catalog import: IntegrityError: the catalog is frozen " \
                           "(nothing was changed)"
    assert console.ok("/api/console/catalog/status") == before and uploads_left(console) == []
    rollback = console.post("/api/console/index/rollback")  # the lock is free again; there is just no version
    assert rollback.json()["detail"] == "no earlier index version to roll back to"


def test_a_job_shows_its_first_500_rejected_rows_and_pages_through_all_of_them(console: Console) -> None:
    rows = [f"B{n},Broken Tent {n},,,tents,,-1,,,,,1" for n in range(1, 651)]
    job = console.wait(started(console.upload("broken.csv", csv_bytes(*rows)))["id"])
    result = job["result"]
    assert result["rejected_count"] == 650 and [r["row"] for r in result["rejected"]] == list(range(1, 501))
    assert console.ok("/api/console/jobs")["jobs"][0]["result"]["rejected"] == result["rejected"]
    rest = console.ok(f"/api/console/jobs/{job['id']}/rejections", params={"offset": 500})
    assert rest["total"] == 650 and [(r["row"], r["sku"]) for r in rest["rows"]] == \
        [(n, f"B{n}") for n in range(501, 651)]
    assert len(console.ok(f"/api/console/jobs/{job['id']}/rejections")["rows"]) == 650


@pytest.mark.parametrize(("name", "content", "message"), [
    ("products.xlsx", b"PK\x03\x04\x14\x00\x06\x00", "products.xlsx: unknown file type; use .csv, .jsonl or .parquet"),
    ("products.csv", b"PK\x03\x04\x14\x00\x06\x00", "products.csv: not a CSV file (it looks like an Excel workbook"),
    ("products.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "products.csv: not a CSV file (binary content)"),
    ("products.csv", b"name,cost\nTent,3\n", "products.csv: no column for required field(s) sku, title, price"),
    ("products.parquet", b"sku,title,price\nA,B,1\n", "products.parquet: not a Parquet file (it looks like a CSV"),
    ("products.jsonl", b'[{"sku": "A"}]\n', "products.jsonl: not a JSON Lines file (it is one JSON array"),
    ("products.csv", b"", "products.csv: empty file"),
])
def test_a_file_that_is_not_a_catalog_is_a_422_naming_it_and_changes_nothing(console: Console, name: str,
                                                                              content: bytes, message: str) -> None:
    before = console.ok("/api/console/catalog/status")
    response = console.upload(name, content)
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "file"] and error["msg"].startswith(message)
    assert console.ok("/api/console/jobs")["jobs"] == []
    assert console.ok("/api/console/catalog/status") == before and uploads_left(console) == []


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"map": ["colour=Farbe"]}, "map", "'colour=Farbe': unknown field 'colour'"),
    ({"map": ["sku"]}, "map", "'sku': expected field=Column"),
    ({"map": ["sku=Nope"]}, "file", "new.csv: --map sku=Nope: no column 'Nope'"),
    ({"replace": "maybe"}, "replace", "true or false"),
    ({"replace": "2"}, "replace", "true or false, not '2'"),
    ({"replace": ["true", "false"]}, "replace", "given more than once"),
    ({"currency": "XYZ1"}, "currency", "'XYZ1': not a currency code"),
    ({"currency": ["INR", "EUR"]}, "currency", "given more than once"),
    ({"colour": "red"}, "colour", "unknown field; the fields are file, map, replace, currency"),
])
def test_a_bad_option_is_a_422_naming_it(console: Console, data: dict[str, Any], field: str, message: str) -> None:
    response = console.upload("new.csv", csv_bytes(*NEW_ROWS), **data)
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", field] and error["msg"].startswith(message)
    assert console.ok("/api/console/jobs")["jobs"] == [] and uploads_left(console) == []


# --- rollback ------------------------------------------------------------------------------------------------------

def test_a_rollback_makes_the_previous_version_live_and_the_status_says_what_it_lacks(console_db: Console) -> None:
    response = console_db.post("/api/console/index/rollback")
    assert response.status_code == 409 and response.json()["detail"] == "no earlier index version to roll back to"
    console_db.wait(started(console_db.upload("new.csv", csv_bytes(*NEW_ROWS)))["id"])
    assert console_db.search("insulated winter boot")[0] == "N1"
    response = console_db.post("/api/console/index/rollback")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["live"]["version"] == "v000001" and body["rolled_back_from"] == "v000002"
    assert "The catalog is not rolled back" in body["message"]
    versions = console_db.ok("/api/console/index/versions")
    assert [v["version"] for v in versions["versions"]] == ["v000001"] and versions["previous"] is None
    assert "N1" not in console_db.search("insulated winter boot")  # the running app serves v000001 again
    status = console_db.ok("/api/console/catalog/status")
    assert not status["in_sync"] and status["pending"].startswith("2 product change(s) not in the live index")
    assert console_db.post("/api/console/index/rollback").status_code == 409


def test_an_upload_with_words_the_bot_never_saw_says_a_retrain_is_due(console: Console) -> None:
    content = b"sku,title,brand,category,price\nZ1,Zephyrine Linen Kaftan,Zephyrine,kaftans,89\n"
    result = console.wait(started(console.upload("kaftans.csv", content))["id"])["result"]
    assert "zephyrine" in result["retrain"] and "a retrain is due" in result["retrain"]
    again = console.wait(started(console.upload("kaftans.csv", content))["id"])["result"]
    assert again["retrain"] is None  # the same words: nothing new to learn
