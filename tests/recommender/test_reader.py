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
