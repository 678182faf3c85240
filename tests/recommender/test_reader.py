import json
from pathlib import Path

import pandas as pd
import pytest

from recommender.catalog.reader import CatalogFileError, parse_mapping, read_records


def test_csv_records_are_numbered_from_the_first_data_row(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("SKU,Title,Price\nA,Jacket,10\nB,\"Multi\nline\",20\n")
    records = list(read_records(path))
    assert [(r.row, r.values["sku"], r.values["title"]) for r in records] == [
        (1, "A", "Jacket"), (2, "B", "Multi\nline")]


def test_a_mapping_names_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("Product_ID,Product_Name,Price\n7,Tent,99\n")
    mapping = parse_mapping(["sku=Product_ID", "title=Product_Name"])
    assert next(read_records(path, mapping)).values == {"sku": "7", "title": "Tent", "price": "99"}


def test_a_mapping_to_an_absent_column_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("sku,name,price\n1,x,2\n")
    with pytest.raises(CatalogFileError, match="--map title=Product_Name: no column 'Product_Name'"):
        list(read_records(path, parse_mapping(["title=Product_Name"])))


def test_a_missing_required_column_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("sku,name\n1,x\n")
    with pytest.raises(CatalogFileError, match=r"required field.*title, price"):
        list(read_records(path))


def test_an_unknown_mapping_field_is_reported() -> None:
    with pytest.raises(CatalogFileError, match="unknown field 'colour'"):
        parse_mapping(["colour=Color"])


def test_an_undecodable_row_reaches_validation_only_for_that_row(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"sku,title,price\nA,Jacket,10\n" + b"B,Caf\xe9,20\n" + b"C,Tent,30\n")
    records = list(read_records(path))
    assert [r.values["sku"] for r in records] == ["A", "B", "C"]
    assert "\ufffd" in records[1].values["title"]
    assert records[2].values["title"] == "Tent"


def test_json_lines_with_a_broken_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"sku": "A", "title": "T", "price": 1, "sizes": ["S", "M"]}) + "\n{broken\n"
                    + json.dumps({"SKU": "B", "Title": "U", "Price": 2}) + "\n")
    records = list(read_records(path))
    assert records[0].values["sizes"] == ["S", "M"]
    assert records[1].error is not None and records[1].error.startswith("not valid JSON")
    assert records[2].values["sku"] == "B"


def test_parquet(tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    pd.DataFrame({"sku": ["A"], "title": ["T"], "price": [1.5]}).to_parquet(path)
    assert next(read_records(path)).values["price"] == 1.5


def test_an_unknown_file_type_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    path.write_text("x")
    with pytest.raises(CatalogFileError, match="unknown file type"):
        list(read_records(path))


def test_a_ragged_csv_row_is_one_bad_record_numbered_as_a_record(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text('sku,title,price\nA,"Two\nlines",10\nB,Tent,20,extra,more\nC,Boot\nD,Fleece,30\n')
    records = list(read_records(path))
    assert [(r.row, r.values.get("sku"), r.error) for r in records] == [
        (1, "A", None), (2, "B", "5 fields, the header has 3"), (3, "C", "2 fields, the header has 3"),
        (4, "D", None)]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("c.csv", bytes(range(256)) * 4, "c.csv: not a CSV file (binary content)"),
    ("c.csv", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "c.csv: not a CSV file (it looks like an Excel workbook"),
    ("c.csv", b"\xff\xfes\x00k\x00u\x00", "c.csv: not a CSV file (it is UTF-16 text"),
    ("c.csv", b"PAR1\x15\x04" + b"\x00" * 40 + b"PAR1", "c.csv: not a CSV file (it looks like a Parquet file)"),
    ("c.parquet", b"sku,title,price\nA,Tent,10\n", "c.parquet: not a Parquet file"),
    ("c.parquet", b"PAR1" + b"\x00" * 64, "c.parquet: not a Parquet file (truncated or damaged)"),
    ("c.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "c.jsonl: not a JSON Lines file (binary content)"),
    ("c.jsonl", b"sku,title,price\nA,Tent,10\n", "c.jsonl: not a JSON Lines file"),
    ("c.csv", b"", "c.csv: empty file"),
])
def test_the_content_must_be_what_the_name_says(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CatalogFileError) as raised:
        list(read_records(path))
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_parquet_values_arrive_as_plain_values_for_validation(tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    pd.DataFrame({"sku": ["A", "B"], "title": [["b"], ["c"]], "price": [1.5, None],
                  "sizes": [["S", "M"], None]}).to_parquet(path)
    first, second = read_records(path)
    assert first.values["title"] == ["b"] and first.values["sizes"] == ["S", "M"]
    assert second.values["price"] is None and second.values["sizes"] is None


def test_json_lines_numbers_too_large_or_nested_too_deep_are_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"sku": "A", "title": "T", "price": ' + "9" * 5000 + "}\n"
                    + '{"sku": "B", "title": ' + "[" * 100000 + "]" * 100000 + ', "price": 1}\n'
                    + '{"sku": "C", "title": "U", "price": 2}\n')
    records = list(read_records(path))
    assert [r.row for r in records] == [1, 2, 3]
    assert records[0].error is not None and records[0].error.startswith("not valid JSON")
    assert records[1].error is not None and records[1].error.startswith("not valid JSON")
    assert records[2].values["sku"] == "C"
