"""Catalog import against a real database (SQLite and PostgreSQL) and the real encoder."""

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from recommender.catalog.importer import import_catalog
from recommender.catalog.models import ACTIVE, DISCONTINUED, Product
from recommender.encoder import Encoder
from tests.conftest import SMALL_CATALOG, write_catalog


def _count(session: Session, status: str = ACTIVE) -> int:
    return session.scalar(select(func.count()).select_from(Product).where(Product.status == status)) or 0


def test_bad_rows_are_reported_by_row_number_and_skipped(session: Session, encoder: Encoder,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    lines = [
        "sku,title,price",
        "A1,Shell Jacket,189",  # row 1: good
        ",No Sku,10",  # row 2
        "A3,,10",  # row 3
        "A4,No Price,",  # row 4
        "A5,Negative,-5",  # row 5
        "A6,Words,twelve",  # row 6
        "A1,Again,20",  # row 7: duplicate
    ]
    path.write_bytes(("\n".join(lines) + "\n").encode() + b"A8,Caf\xe9 Jacket,30\nA9,Tent,99\n")
    report = import_catalog(session, path, encoder)
    assert [(r.row, r.reason.split(":")[0] if "duplicate" not in r.reason else "duplicate")
            for r in report.rejected] == [
        (2, "sku"), (3, "title"), (4, "price"), (5, "price"), (6, "price"), (7, "duplicate"), (8, "title")]
    reasons = {r.row: r.reason for r in report.rejected}
    assert reasons[5] == "price: must be >= 0 (got '-5')"
    assert reasons[6] == "price: not a number ('twelve')"
    assert reasons[7] == "duplicate sku (first at row 1)"
    assert reasons[8].startswith("title: unreadable text")
    assert (report.added, report.embedded) == (2, 2)
    assert sorted(session.scalars(select(Product.sku))) == ["A1", "A9"]


def test_a_file_with_no_good_row_changes_nothing(session: Session, encoder: Encoder, small_catalog: Path,
                                                 tmp_path: Path) -> None:
    import_catalog(session, small_catalog, encoder)
    bad = write_catalog(tmp_path / "bad.csv", ["X1,,10", "X2,Tent,-1"])
    report = import_catalog(session, bad, encoder, replace=True)
    assert report.added + report.updated + report.unchanged + report.discontinued == 0
    assert len(report.rejected) == 2
    assert _count(session) == len(SMALL_CATALOG) and _count(session, DISCONTINUED) == 0


def test_reimporting_unchanged_rows_embeds_nothing(session: Session, encoder: Encoder,
                                                   small_catalog: Path) -> None:
    first = import_catalog(session, small_catalog, encoder)
    assert (first.added, first.embedded) == (len(SMALL_CATALOG), len(SMALL_CATALOG))
    again = import_catalog(session, small_catalog, encoder)
    assert (again.added, again.updated, again.unchanged, again.embedded) == (0, 0, len(SMALL_CATALOG), 0)
    assert not again.changed


def test_a_price_change_updates_without_embedding_and_a_text_change_embeds_one(
        session: Session, encoder: Encoder, small_catalog: Path, tmp_path: Path) -> None:
    import_catalog(session, small_catalog, encoder)
    before = session.scalar(select(Product.embedding).where(Product.sku == "R1"))
    cheaper = [row.replace("189.00,149.00", "189.00,129.00") for row in SMALL_CATALOG]
    report = import_catalog(session, write_catalog(tmp_path / "p.csv", cheaper), encoder)
    assert (report.updated, report.embedded) == (1, 0)
    assert session.scalar(select(Product.sale_price).where(Product.sku == "R1")) == 129.0
    retitled = [row.replace("Kestrel Down Parka", "Kestrel Expedition Down Parka") for row in cheaper]
    report = import_catalog(session, write_catalog(tmp_path / "t.csv", retitled), encoder)
    assert (report.updated, report.embedded) == (1, 1)
    assert session.scalar(select(Product.embedding).where(Product.sku == "R1")) == before


def test_replace_discontinues_products_missing_from_the_file_and_brings_them_back(
        session: Session, encoder: Encoder, small_catalog: Path, tmp_path: Path) -> None:
    import_catalog(session, small_catalog, encoder)
    fewer = write_catalog(tmp_path / "fewer.csv", SMALL_CATALOG[:5])
    plain = import_catalog(session, fewer, encoder)
    assert plain.discontinued == 0 and _count(session) == len(SMALL_CATALOG)
    replaced = import_catalog(session, fewer, encoder, replace=True)
    assert (replaced.discontinued, replaced.unchanged) == (len(SMALL_CATALOG) - 5, 5)
    assert _count(session, DISCONTINUED) == len(SMALL_CATALOG) - 5
    back = import_catalog(session, small_catalog, encoder)
    assert (back.updated, back.embedded) == (len(SMALL_CATALOG) - 5, 0)
    assert _count(session) == len(SMALL_CATALOG)


def test_json_lines_and_parquet_import_the_same_products(session: Session, encoder: Encoder,
                                                         tmp_path: Path) -> None:
    import pandas as pd

    frame = pd.DataFrame({"sku": ["J1", "J2"], "title": ["Trail Shoe", "Down Vest"], "price": [120.0, 140.0],
                          "features": [["grippy outsole"], ["insulated", "packable"]]})
    frame.to_json(tmp_path / "c.jsonl", orient="records", lines=True)
    frame.assign(sku=["P1", "P2"]).to_parquet(tmp_path / "c.parquet")
    assert import_catalog(session, tmp_path / "c.jsonl", encoder).added == 2
    assert import_catalog(session, tmp_path / "c.parquet", encoder).added == 2
    features = session.scalar(select(Product.features).where(Product.sku == "P2"))
    assert features == ["insulated", "packable"]


def test_a_ragged_row_is_one_rejection_and_the_good_rows_import(session: Session, encoder: Encoder,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("sku,title,price\nA1,Shell Jacket,189\nA2,Tent, two person,99,x\nA3,Fleece,69\n")
    report = import_catalog(session, path, encoder)
    assert [str(r) for r in report.rejected] == ["row 2 (sku A2): 5 fields, the header has 3"]
    assert sorted(session.scalars(select(Product.sku))) == ["A1", "A3"]


def test_values_of_the_wrong_type_are_rejected_per_row_not_stringified(session: Session, encoder: Encoder,
                                                                        tmp_path: Path) -> None:
    import pandas as pd

    pd.DataFrame({"sku": ["P1", "P2"], "title": [["b"], ["Down Vest"]], "price": [10.0, 20.0]}).to_parquet(
        tmp_path / "c.parquet")
    (tmp_path / "c.jsonl").write_text('{"sku": "J1", "title": {"en": "Tent"}, "price": 5}\n'
                                      '{"sku": "J2", "title": "Boot", "price": 7}\n')
    parquet = import_catalog(session, tmp_path / "c.parquet", encoder)
    jsonl = import_catalog(session, tmp_path / "c.jsonl", encoder)
    assert [str(r) for r in parquet.rejected + jsonl.rejected] == [
        "row 1 (sku P1): title: expected text, got a list", "row 2 (sku P2): title: expected text, got a list",
        "row 1 (sku J1): title: expected text, got an object"]
    assert sorted(session.scalars(select(Product.sku))) == ["J2"]


def test_a_huge_price_or_description_is_rejected_naming_the_field(session: Session, encoder: Encoder,
                                                                   tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(f"sku,title,price,description\nA1,Jacket,1e308,\nA2,Tent,99,{'x' * 1_000_000}\n"
                    "A3,Boot,120,Leather.\n")
    report = import_catalog(session, path, encoder)
    assert [str(r) for r in report.rejected] == [
        "row 1 (sku A1): price: must be at most 1,000,000 (got '1e308')",
        "row 2 (sku A2): description: too long (1,000,000 characters, at most 10,000)"]
    assert sorted(session.scalars(select(Product.sku))) == ["A3"]
