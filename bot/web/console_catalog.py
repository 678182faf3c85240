"""The console's catalog section: the catalog's status, the index versions and a rollback, and the upload
that starts an import in the background.

The writes hold the import lock as the CLI's do (:mod:`bot.web.console_imports`); a busy lock is a 409 that
names who holds it, never a wait inside a request.
"""

# No postponed annotations here: FastAPI must resolve the routes' types when they are declared.
import asyncio
import logging
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError

from bot.catalog_state import database_refusal, pending_text
from bot.services import Services
from bot.web.console_imports import (
    ImportResult,
    IndexVersionView,
    check_file,
    claim_catalog_writer,
    run_import,
    upload_folder,
)
from bot.web.console_jobs import BUSY, JobView, job_view
from bot.web.deps import BAD_BODY
from bot.web.jobs import JobBoard, JobFailed, JobProgress
from bot.web.uploads import MAX_FIELD_BYTES, MAX_FIELDS, receive_upload, refused
from recommender.catalog.indexing import catalog_status
from recommender.catalog.lock import ImportLockBusy
from recommender.catalog.reader import CatalogFileError, parse_currency, parse_mapping
from recommender.index.versions import IndexVersionError

log = logging.getLogger("outfitter.web")

UPLOAD_IDLE_SECONDS = 60.0  # a stalled upload holds the import lock: this long without a byte and it is dropped
TRUE, FALSE = {"true", "1", "on", "yes"}, {"false", "0", "off", "no", ""}
UPLOAD_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": "The catalog: CSV (.csv, .tsv), JSON Lines (.jsonl) or Parquet (.parquet); a text "
                                "file may be gzipped (.csv.gz)"},
        "map": {"type": "array", "maxItems": MAX_FIELDS - 2,
                "items": {"type": "string", "pattern": "^[a-z_]+=.*[^ ].*$", "maxLength": MAX_FIELD_BYTES},
                "description": "field=Column, one per part, for columns not named like the field (as --map)"},
        "replace": {"type": "boolean", "default": False,
                    "description": "Discontinue active products that are not in the file (as --replace)"},
        "currency": {"type": "string", "maxLength": 8,
                     "description": "ISO 4217 code (EUR, INR, ...) of the prices of rows that state no currency "
                                    "(as --currency)"},
    }}}}}
UPLOAD_RESPONSES: dict[int | str, dict[str, object]] = {
    400: BAD_BODY | {"description": "The body is not well-formed multipart/form-data"},
    408: {"description": "Nothing of the body arrived for a minute: the upload is dropped"},
    409: BUSY,
    413: {"description": "The upload is over OUTFITTER_UPLOAD_MAX_MB (the message says the limit)"},
    415: {"description": "The body is not multipart/form-data"},
}
ROLLBACK_CONFLICT = {"description": "No earlier version to roll back to, or an import holds the catalog (the "
                                    "message says which)"}


class ProductCounts(BaseModel):
    active: int
    discontinued: int
    not_embedded: int = Field(description="Active products waiting for a vector from the configured model")


class CatalogStatusView(BaseModel):
    products: ProductCounts
    live: IndexVersionView | None = Field(description="None before the first import")
    in_sync: bool = Field(description="The live version was built from exactly the current catalog")
    changed_since_live: int = Field(description="Products added, changed or discontinued after it was built")
    pending: str = Field(description="What the live index is missing, in words")
    upload_max_mb: int = Field(description="The largest file an upload may send (OUTFITTER_UPLOAD_MAX_MB)")


class VersionRow(IndexVersionView):
    live: bool


class VersionsView(BaseModel):
    live: str | None
    previous: str | None = Field(description="The version a rollback makes live; None when there is none")
    versions: list[VersionRow] = Field(description="The versions kept on disk, the newest first")


class RollbackView(BaseModel):
    live: IndexVersionView
    rolled_back_from: str
    message: str


def read_options(fields: dict[str, list[str]]) -> tuple[dict[str, str], bool, str | None]:
    """The upload's ``map``, ``replace`` and ``currency`` fields, checked as the CLI checks its options."""
    try:
        mapping = parse_mapping([pair for pair in fields.get("map", []) if pair.strip()])
    except CatalogFileError as exc:
        raise refused(422, "map", str(exc).removeprefix("--map ")) from None
    flags = fields.get("replace", [])
    if len(flags) > 1:
        raise refused(422, "replace", "given more than once")
    flag = flags[0].strip().lower() if flags else ""
    if flag not in TRUE | FALSE:
        raise refused(422, "replace", f"true or false, not {flags[0]!r}")
    currencies = [value.strip() for value in fields.get("currency", []) if value.strip()]
    if len(currencies) > 1:
        raise refused(422, "currency", "given more than once")
    try:
        currency = parse_currency(currencies[0] if currencies else None)
    except CatalogFileError as exc:
        raise refused(422, "currency", str(exc).removeprefix("--currency ")) from None
    return mapping, flag in TRUE, currency


def router(services: Services, board: JobBoard) -> APIRouter:
    api = APIRouter(tags=["merchandiser console"])
    # When each upload holding the lock began, until its job starts: its file is still arriving or being checked.
    arriving: list[datetime] = []

    def busy(exc: ImportLockBusy | None = None) -> HTTPException:
        running = board.running("import")
        if running is not None:
            view = job_view(running)
            doing = f", {view.stage_label.lower()}" if view.stage_label else ""
            doing += f" {view.percent:.0f}%" if doing and view.percent is not None else ""
            return HTTPException(409, f"an import is running: {running.title} (job {running.id}{doing}); wait for "
                                      "it to finish")
        if arriving:  # the lock is this app's, but no job has it yet
            return HTTPException(409, f"a catalog file is being uploaded to this console (since {arriving[0]:%H:%M:%S} "
                                      "UTC) and imports next; wait for it to finish")
        holder = f" (process {exc.pid})" if exc is not None and exc.pid else ""
        return HTTPException(409, f"another import, index build or rollback is running{holder}; wait for it "
                                  "to finish")

    @api.get("/catalog/status")
    def status() -> CatalogStatusView:
        """Product count, the live index version, when it was built and what is pending."""
        with services.sessions() as session:
            state = catalog_status(session, services.index_store, services.encoder.model_name)
        return CatalogStatusView(
            products=ProductCounts(active=state.active, discontinued=state.discontinued,
                                   not_embedded=state.not_embedded),
            live=IndexVersionView.of(state.live) if state.live else None, in_sync=state.in_sync,
            changed_since_live=state.changed_since_live, pending=pending_text(state),
            upload_max_mb=services.settings.upload_max_mb)

    @api.get("/index/versions")
    def versions() -> VersionsView:
        """The index versions kept for rollback, the live one marked."""
        store = services.index_store
        names, live = store.versions(), store.current()
        rows = []
        for name in reversed(names):
            manifest = store.manifest(name)
            if manifest is not None:
                rows.append(VersionRow(**IndexVersionView.of(manifest).model_dump(), live=name == live))
        at = names.index(live) if live in names else -1
        return VersionsView(live=live, previous=names[at - 1] if at > 0 else None, versions=rows)

    @api.post("/index/rollback", responses={409: ROLLBACK_CONFLICT})
    def rollback() -> RollbackView:
        """Make the previous index version live again, as ``outfitter index rollback`` does: the version rolled
        back from is removed, and the catalog itself is not rolled back."""
        try:
            writer = claim_catalog_writer(services)
        except ImportLockBusy as exc:
            raise busy(exc) from None
        with writer:
            current = services.index_store.current()
            try:
                manifest = services.index_store.rollback()
            except IndexVersionError as exc:
                raise HTTPException(409, str(exc)) from None
        log.info("console: index rolled back from %s to %s", current, manifest.version)
        return RollbackView(live=IndexVersionView.of(manifest), rolled_back_from=current or "",
                            message=f"Index {manifest.version} is live again ({manifest.count} products, built "
                                    f"{manifest.created_at}). The catalog is not rolled back: the status shows "
                                    "what the live index is missing.")

    @api.post("/catalog/imports", status_code=202, responses=UPLOAD_RESPONSES,
              openapi_extra={"requestBody": UPLOAD_BODY})
    async def upload(request: Request) -> JobView:
        """Upload a catalog file and import it in the background, as ``outfitter catalog import`` does: the
        same formats, mapping and validation. Poll ``/jobs/{id}`` for progress and the report."""
        # Before the body is read: a second upload is refused at once, not after sending megabytes.
        if board.running("import") is not None:
            raise busy()
        try:
            writer = await asyncio.to_thread(claim_catalog_writer, services)
        except ImportLockBusy as exc:
            raise busy(exc) from None
        folder: Path | None = None
        began = datetime.now(UTC)
        arriving.append(began)
        try:
            folder = await asyncio.to_thread(upload_folder, services)
            upload = await receive_upload(request, folder, limit=services.settings.upload_max_mb * 1_000_000,
                                          idle=UPLOAD_IDLE_SECONDS, text_fields=("map", "replace", "currency"))
            mapping, replace, currency = read_options(upload.fields)
            try:
                await asyncio.to_thread(check_file, upload.path, mapping)
            except CatalogFileError as exc:
                raise refused(422, "file", str(exc)) from None
            log.info("console: importing %s (%d bytes)%s%s", upload.filename, upload.size,
                     "".join(f" --map {f}={c}" for f, c in mapping.items()), " --replace" * replace
                     + (f" --currency {currency}" if currency else ""))
            job = board.start("import", upload.filename, importer(upload.path, mapping, replace, currency),
                              cleanup=released(folder, writer.close))
        except BaseException:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
            writer.close()
            raise
        finally:
            arriving.remove(began)
        return job_view(job)

    def importer(path: Path, mapping: dict[str, str], replace: bool,
                 currency: str | None) -> Callable[[JobProgress], ImportResult]:
        def work(progress: JobProgress) -> ImportResult:
            try:
                return run_import(services, path, mapping=mapping, replace=replace, currency=currency,
                                  progress=progress)
            except CatalogFileError as exc:
                raise JobFailed(f"{exc} (nothing was changed)") from exc
            except SQLAlchemyError as exc:
                log.exception("the console's import of %s failed in the database", path.name)
                raise JobFailed(f"{database_refusal(exc, 'the catalog import')} (nothing was changed)") from exc

        return work

    return api


def released(folder: Path, release: Callable[[], None]) -> Callable[[], None]:
    """The end of an import job: its uploaded file removed, then the import lock released."""

    def cleanup() -> None:
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            release()

    return cleanup
