"""Dates and statuses in the words a shopper reads: "3 May", "3 May 2024", "on its way"."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

# Spelled out rather than strftime("%B"), which follows the process locale.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def day_text(day: date, today: date | None = None) -> str:
    """``3 May``, with the year when it is not ``today``'s year (or when there is no ``today``)."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return text if today is not None and today.year == day.year else f"{text} {day.year}"


def local_day(moment: datetime, zone: tzinfo) -> date:
    """The shop's calendar day of ``moment``: a parcel delivered at 23:30 UTC may arrive tomorrow locally."""
    return moment.astimezone(zone).date()


def plural(count: int, word: str) -> str:
    """``1 day``, ``30 days``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def listed(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
