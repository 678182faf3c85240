"""One catalog writer at a time: the import lock of an OUTFITTER_HOME.

Whoever changes the catalog or its index versions (an import, an index build or rollback, an order-history
import that adds products) holds the lock from before it reads the catalog until its index version is live,
so two writers never insert the same products or publish an index built from an older catalog.

The lock is an ``flock`` on ``import.lock`` in the folder given: the kernel releases it when the holder's
process ends, however it ends, so a killed import never leaves the catalog locked.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = "import.lock"


class ImportLockBusy(RuntimeError):
    """Another process holds the import lock and the caller chose not to wait."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        super().__init__("another import is running" + (f" (pid {pid})" if pid else ""))


def _holder(handle: int) -> int | None:
    os.lseek(handle, 0, os.SEEK_SET)
    text = os.read(handle, 32).decode("ascii", errors="replace").strip()
    return int(text) if text.isdigit() else None


@contextmanager
def import_lock(folder: Path, *, wait: bool = True,
                on_wait: Callable[[int | None], None] | None = None) -> Iterator[None]:
    """Hold the import lock of ``folder`` for the duration of the ``with`` block.

    Args:
        folder: the OUTFITTER_HOME whose catalog is being changed (created if absent).
        wait: wait for the holder to finish; when false, raise :class:`ImportLockBusy` instead.
        on_wait: called once with the holder's process id (None if unknown) before waiting.

    Raises:
        ImportLockBusy: when the lock is held elsewhere and ``wait`` is false.
    """
    folder.mkdir(parents=True, exist_ok=True)
    # Opened without truncating: the holder's pid stays readable while it holds the lock.
    handle = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(handle)
            if not wait:
                raise ImportLockBusy(holder) from None
            if on_wait is not None:
                on_wait(holder)
            fcntl.flock(handle, fcntl.LOCK_EX)
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(handle, 0)  # released: nobody's pid
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)
