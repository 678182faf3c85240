"""What a Rasa server keeps of its conversations between turns (bot/rasa_tracker_reads.py's ``Remembered``): the
rows within a bound, and the tracker a save was given, handed out once. The module's memory needs only the
standard library, so it is tried here; its use inside Rasa's tracker store is checked in tests/rasa."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.rasa_tracker_reads import TRACKER_WEIGHT, Remembered


@dataclass
class Tracker:
    events: list[str] = field(default_factory=lambda: ["action_listen", "user"])


DOMAIN, NEW_MODEL = object(), object()
TEXTS = ["x" * 10, "y" * 30]  # 40 characters of stored rows


def test_a_kept_tracker_counts_as_its_weight_until_it_is_handed_out() -> None:
    memory = Remembered(limit=10_000)
    tracker = Tracker()
    memory.put("a", TEXTS, 2, tracker, DOMAIN)
    assert memory.chars == 40 * (1 + TRACKER_WEIGHT)
    assert memory.take_tracker("a", DOMAIN) is tracker
    assert memory.chars == 40 and memory.get("a") is not None  # the rows stay
    assert memory.take_tracker("a", DOMAIN) is None  # once
    memory.forget("a")
    assert memory.chars == 0


def test_the_bound_forgets_the_least_recently_used_counting_kept_trackers() -> None:
    memory = Remembered(limit=40 * (1 + TRACKER_WEIGHT) + 40)
    memory.put("old", TEXTS, 2)
    memory.put("kept", TEXTS, 2, Tracker(), DOMAIN)
    assert set(memory.reads) == {"old", "kept"}
    memory.put("new", TEXTS, 2)
    assert set(memory.reads) == {"kept", "new"}
    assert memory.chars == sum(read.chars for read in memory.reads.values())


def test_a_tracker_changed_since_its_save_or_from_another_model_is_not_handed_out() -> None:
    memory = Remembered()
    changed = Tracker()
    memory.put("a", TEXTS, 2, changed, DOMAIN)
    changed.events.append("slot")  # a turn that went on after its save, then failed
    assert memory.take_tracker("a", DOMAIN) is None
    memory.put("a", TEXTS, 2, Tracker(), DOMAIN)
    assert memory.take_tracker("a", NEW_MODEL) is None
    assert memory.take_tracker("a", DOMAIN) is None  # dropped, not kept for later
    assert memory.chars == 40


def test_without_keeping_trackers_only_the_rows_are_remembered() -> None:
    memory = Remembered(keep_trackers=False)
    memory.put("a", TEXTS, 2, Tracker(), DOMAIN)
    assert memory.chars == 40 and memory.take_tracker("a", DOMAIN) is None
