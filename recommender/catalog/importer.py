"""Catalog import: validate a file's rows, then apply them to the products table in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from recommender.catalog.embedding import embed_products, product_text, text_hash
from recommender.catalog.models import ACTIVE, DISCONTINUED, Product
from recommender.catalog.reader import Progress, Record, read_records
from recommender.catalog.rows import CatalogRow, RowError, parse_row
from recommender.encoder import Encoder


@dataclass(frozen=True)
class Rejection:
    row: int
    reason: str
    sku: str | None = None

    def __str__(self) -> str:
        return f"row {self.row}" + (f" (sku {self.sku})" if self.sku else "") + f": {self.reason}"


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    discontinued: int = 0
    embedded: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.discontinued)


def _shown_sku(value: object) -> str | None:
    """The sku to name a rejected row by: plain text or a whole number only, so the message stays one short line."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = value.strip() if isinstance(value, str) else str(value) if abs(value) < 10 ** 64 else ""
    return text[:64] if text and text != "nan" and "\n" not in text else None


def validate(records: Iterable[Record], currency: str | None = None) -> tuple[list[CatalogRow], list[Rejection]]:
    """Split records into good rows and rejections; a repeated sku keeps its first row. ``currency`` is the code
    of rows that state none."""
    rows: list[CatalogRow] = []
    rejected: list[Rejection] = []
    first_row: dict[str, int] = {}
    for record in records:
        sku = _shown_sku(record.values.get("sku"))
        if record.error:
            rejected.append(Rejection(record.row, record.error, sku))
            continue
        try:
            row = parse_row(record.values, currency)
        except RowError as exc:
            rejected.append(Rejection(record.row, str(exc), sku))
            continue
        if row.sku in first_row:
            rejected.append(Rejection(record.row, f"duplicate sku (first at row {first_row[row.sku]})", row.sku))
            continue
        first_row[row.sku] = record.row
        rows.append(row)
    return rows, rejected


def apply_rows(session: Session, rows: list[CatalogRow], encoder: Encoder, *, replace: bool = False,
               progress: Progress | None = None) -> ImportReport:
    """Add, update or leave each product; with ``replace``, discontinue active products not in ``rows``.

    Only products whose embedded text (or the model) changed are embedded again. The caller commits.
    """
    report = ImportReport()
    if not rows:
        return report
    now = datetime.now(UTC)
    existing = {p.sku: p for p in session.scalars(select(Product))}
    to_embed: list[Product] = []
    for row in rows:
        product = existing.get(row.sku)
        row_hash = row.row_hash()
        if product is not None and product.row_hash == row_hash and product.status == ACTIVE \
                and product.embedding_model == encoder.model_name and product.embedding is not None:
            report.unchanged += 1
            continue
        text = product_text(row)
        if product is None:
            product = Product(sku=row.sku, created_at=now)
            session.add(product)
            report.added += 1
        else:
            report.updated += 1
        product_needs_vector = (product.text_hash != text_hash(text) or product.embedding is None
                                or product.embedding_model != encoder.model_name)
        for name, value in row.as_dict().items():
            setattr(product, name, value)
        product.row_hash, product.text_hash = row_hash, text_hash(text)
        product.status, product.discontinued_at, product.updated_at = ACTIVE, None, now
        if product_needs_vector:
            to_embed.append(product)
    if replace:
        in_file = {row.sku for row in rows}
        for sku, product in existing.items():
            if sku not in in_file and product.status == ACTIVE:
                product.status, product.discontinued_at, product.updated_at = DISCONTINUED, now, now
                report.discontinued += 1
    embed_products(to_embed, encoder, progress)
    report.embedded = len(to_embed)
    return report


def import_catalog(session: Session, path: Path, encoder: Encoder, *, mapping: dict[str, str] | None = None,
                   replace: bool = False, progress: Progress | None = None,
                   currency: str | None = None) -> ImportReport:
    """Read, validate and apply a catalog file. A file with no good row changes nothing. ``currency`` (an ISO
    4217 code, :func:`recommender.catalog.reader.parse_currency`) prices the rows that do not say."""
    rows, rejected = validate(read_records(path, mapping, progress), currency)
    if not rows:
        session.rollback()
        return ImportReport(rejected=rejected)
    report = apply_rows(session, rows, encoder, replace=replace, progress=progress)
    report.rejected = rejected
    session.commit()
    return report
