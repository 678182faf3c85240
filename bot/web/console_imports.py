"""The console's catalog writes, as the CLI does them: the import lock held from before the catalog is read
until its index version is live, leftovers swept under it, the same importer and the same validation.

Only the shape differs: a busy lock is an answer (:class:`ImportLockBusy`) rather than a wait, and the
result is a value for the page rather than lines on a terminal.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError

from bot.catalog_state import database_refusal, publish_if_changed
from bot.retraining import refresh_lookups
from bot.services import Services
from recommender.catalog.importer import ImportReport, import_catalog
from recommender.catalog.lock import import_lock
from recommender.catalog.reader import Progress, read_records
from recommender.index.versions import Manifest

log = logging.getLogger("outfitter.web")

NOTHING_IMPORTED = "No good row in the file: nothing was changed."
REJECTIONS_SHOWN = 500  # rejected rows in a job's view; the rest are read a page at a time


class IndexVersionView(BaseModel):
    version: str
    count: int = Field(description="Products in this version")
    index_type: str
    model: str
    built_at: str = Field(description="When it was built (ISO 8601, UTC)")
    build_seconds: float

    @classmethod
    def of(cls, manifest: Manifest) -> IndexVersionView:
        return cls(version=manifest.version, count=manifest.count, index_type=manifest.index_type,
                   model=manifest.model, built_at=manifest.created_at, build_seconds=manifest.build_seconds)


class RejectedRow(BaseModel):
    row: int = Field(description="1 = the first record after the header")
    sku: str | None
    reason: str


class ImportResult(BaseModel):
    kind: Literal["import"] = "import"
    file: str
    replace: bool
    mapping: dict[str, str]
    added: int
    updated: int
    unchanged: int
    discontinued: int
    embedded: int
    rejected_count: int
    rejected: list[RejectedRow] = Field(description=f"The first {REJECTIONS_SHOWN} rejected rows; "
                                                    "`/jobs/{job_id}/rejections` pages through all of them")
    imported: bool = Field(description="False when the file had no good row: then nothing was changed")
    message: str
    index: IndexVersionView | None = Field(description="The live index version after the import")
    index_published: bool = Field(description="Whether this import published a new version")
    index_error: str | None = Field(default=None, description="Why no version was published although the "
                                                              "catalog changed (the catalog is stored)")
    retrain: str | None = Field(default=None, description="Set when the catalog brought words the bot's model "
                                                          "was not trained on: a retrain is due")


def claim_catalog_writer(services: Services) -> ExitStack:
    """The import lock of the services' home, taken without waiting, with what crashed writers left swept.

    The caller closes the returned stack to release the lock (a background job closes it when done).

    Raises:
        ImportLockBusy: another import, index build or rollback holds the lock (in this app or a CLI).
    """
    stack = ExitStack()
    stack.enter_context(import_lock(services.settings.home_dir, wait=False))
    try:
        # Under the lock, so neither a live publish's folder nor a running import's upload is ever removed.
        swept = services.index_store.remove_abandoned()
        uploads = services.settings.uploads_dir
        if uploads.exists():
            for leftover in uploads.iterdir():
                shutil.rmtree(leftover, ignore_errors=True)
                swept.append(f"uploads/{leftover.name}")
        if swept:
            log.info("removed what an interrupted import left: %s", ", ".join(swept))
    except BaseException:
        stack.close()
        raise
    return stack


def upload_folder(services: Services) -> Path:
    """A new, private folder for one uploaded file; the import's clean-up removes it."""
    services.settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="import-", dir=services.settings.uploads_dir))


def check_file(path: Path, mapping: dict[str, str]) -> None:
    """Refuse, before an import starts, a file the importer could not read at all: an unknown or wrong
    format, a mapping to a column that is not there, a required field without a column.

    Raises:
        CatalogFileError: with the importer's own words, naming the file.
    """
    records = read_records(path, mapping)
    try:
        next(records, None)  # the header (or the first line, or the Parquet schema) is checked here
    finally:
        records.close()


def run_import(services: Services, path: Path, *, mapping: dict[str, str], replace: bool,
               progress: Progress, currency: str | None = None) -> ImportResult:
    """Import ``path`` into the catalog, embed what changed and publish a new index version.

    Raises:
        CatalogFileError: the file turned out unreadable part-way (nothing was changed).
        SQLAlchemyError: the database refused the import (nothing was changed).
    """
    with services.sessions() as session:
        report = import_catalog(session, path, services.encoder, mapping=mapping, replace=replace,
                                progress=progress, currency=currency)
    result = _result(path.name, mapping, replace, report)
    if not result.imported:
        result.index = _live(services)
        return result
    progress("publish", 0, 1)
    try:
        manifest, published = publish_if_changed(services)
    except (SQLAlchemyError, ValueError, OSError) as exc:
        # The catalog is committed; what is missing is its index version, which the next writer publishes.
        log.exception("publishing the index after the console's import of %s failed", path.name)
        reason = database_refusal(exc, "publishing the index") if isinstance(exc, SQLAlchemyError) else str(exc)
        result.index = _live(services)
        result.index_error = f"{reason}; the catalog is stored, and `outfitter index build` publishes it"
        return result
    progress("publish", 1, 1)
    result.index = IndexVersionView.of(manifest) if manifest else None
    result.index_published = published
    result.retrain = refresh_lookups(services.settings, services.engine).message()
    return result


def _live(services: Services) -> IndexVersionView | None:
    manifest = services.index_store.manifest()
    return IndexVersionView.of(manifest) if manifest else None


def _result(name: str, mapping: dict[str, str], replace: bool, report: ImportReport) -> ImportResult:
    imported = bool(report.added + report.updated + report.unchanged)
    counts = (f"added {report.added} · updated {report.updated} · unchanged {report.unchanged} · discontinued "
              f"{report.discontinued} · rejected {len(report.rejected)} · embedded {report.embedded}")
    return ImportResult(
        file=name, replace=replace, mapping=mapping, added=report.added, updated=report.updated,
        unchanged=report.unchanged, discontinued=report.discontinued, embedded=report.embedded,
        rejected_count=len(report.rejected),
        rejected=[RejectedRow(row=r.row, sku=r.sku, reason=r.reason) for r in report.rejected],
        imported=imported, message=counts if imported else NOTHING_IMPORTED, index=None, index_published=False)
