"""The import lock: one catalog writer at a time per OUTFITTER_HOME, the others wait or give up."""

import os
import threading
import time
from pathlib import Path

import pytest

from recommender.catalog.lock import ImportLockBusy, import_lock


def test_a_second_holder_waits_and_is_told_who_holds_the_lock(tmp_path: Path) -> None:
    order: list[str] = []
    told: list[int | None] = []
    held = threading.Event()

    def first() -> None:
        with import_lock(tmp_path):
            held.set()
            time.sleep(0.5)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(10)
    with import_lock(tmp_path, on_wait=told.append):
        order.append("second in")
    thread.join()
    assert order == ["first done", "second in"]
    assert told == [os.getpid()]


def test_without_waiting_a_busy_lock_raises_naming_the_holder(tmp_path: Path) -> None:
    with import_lock(tmp_path), pytest.raises(ImportLockBusy) as busy, import_lock(tmp_path, wait=False):
        pass
    assert busy.value.pid == os.getpid()
    assert str(busy.value) == f"another import is running (pid {os.getpid()})"


def test_the_lock_is_released_when_the_holder_fails(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), import_lock(tmp_path):
        raise RuntimeError("the import failed")
    with import_lock(tmp_path, wait=False):
        pass
    assert (tmp_path / "import.lock").exists()
