"""The console's background jobs as the API shows them: the latest ones, one job's progress and result, and
an import's rejected rows a page at a time."""

# No postponed annotations here: FastAPI must resolve the routes' types when they are declared.
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, Field

from bot.cli.progress import LABELS
from bot.web.console_imports import REJECTIONS_SHOWN, ImportResult, RejectedRow
from bot.web.console_refresh import RefreshResult
from bot.web.jobs import Job, JobBoard

JOB_ID = r"^[0-9a-f]{12}$"
MAX_PAGE = 1000
STAGES = LABELS | {"publish": "Publishing the index"}

NO_JOB = {"description": "No such job (finished jobs are kept until 20 newer ones have finished, or a restart)"}
BUSY = {"description": "A job of this kind is running, or another import holds the catalog (the message says "
                       "which)"}

JobId = Annotated[str, Path(pattern=JOB_ID, description="The job's id, as starting it answered")]


class JobView(BaseModel):
    id: str
    kind: Literal["import", "refresh"]
    title: str = Field(description="What runs: the uploaded file's name, or the segment refresh")
    state: Literal["running", "done", "failed"]
    stage: str | None = Field(description="The stage running now, or the last one: read, embed, publish, "
                                          "load, profile, cluster, train, write")
    stage_label: str | None
    done: int
    total: int | None = Field(description="None while the stage's size is unknown")
    percent: float | None = Field(description="Of the current stage")
    started_at: datetime
    finished_at: datetime | None
    error: str | None = Field(description="Why the job failed; nothing was changed")
    result: ImportResult | RefreshResult | None = Field(default=None, discriminator="kind")


class JobList(BaseModel):
    jobs: list[JobView]


class RejectionPage(BaseModel):
    total: int
    offset: int
    limit: int
    rows: list[RejectedRow]


def job_view(job: Job) -> JobView:
    """The job as the page reads it; an import shows its first rejected rows only."""
    result = job.result
    if isinstance(result, ImportResult) and len(result.rejected) > REJECTIONS_SHOWN:
        result = result.model_copy(update={"rejected": result.rejected[:REJECTIONS_SHOWN]})
    percent = None if not job.total else round(min(100.0, job.done * 100 / job.total), 1)
    return JobView(id=job.id, kind=job.kind, title=job.title, state=job.state, stage=job.stage,  # type: ignore[arg-type]
                   stage_label=STAGES.get(job.stage, job.stage) if job.stage else None, done=job.done,
                   total=job.total, percent=percent, started_at=job.started_at, finished_at=job.finished_at,
                   error=job.error, result=result)


def router(board: JobBoard) -> APIRouter:
    api = APIRouter(tags=["merchandiser console"])

    def find(job_id: str) -> Job:
        job = board.get(job_id)
        if job is None:
            raise HTTPException(404, f"job {job_id}: no such job (the web app keeps its last {board.keep} finished "
                                     "jobs, until it restarts)")
        return job

    @api.get("/jobs")
    def jobs() -> JobList:
        """The jobs kept, the latest first: a page opened while an import runs finds it here."""
        return JobList(jobs=[job_view(job) for job in board.recent()])

    @api.get("/jobs/{job_id}", responses={404: NO_JOB})
    def job(job_id: JobId) -> JobView:
        """One job: its stage and progress while it runs, then its result or why it failed."""
        return job_view(find(job_id))

    @api.get("/jobs/{job_id}/rejections", responses={404: NO_JOB})
    def rejections(job_id: JobId, offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
                   limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = MAX_PAGE) -> RejectionPage:
        """An import's rejected rows, in file order, a page at a time (none for other jobs or while running)."""
        result: Any = find(job_id).result
        rows = result.rejected if isinstance(result, ImportResult) else []
        return RejectionPage(total=len(rows), offset=offset, limit=limit, rows=rows[offset:offset + limit])

    return api
