"""Suggestion lists: each page of suggestions the bot showed, to whom, in which group, and what was on it.

Clicks and orders are not copied here: they are Segment calls in ``events`` (``Product Clicked`` names the
list in ``list_id``), so the report reads what the shop's pages actually sent.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recommender.base import Base, UtcDateTime
from recommender.feedback.holdout import GROUPS
from recommender.ranking.request import HIGH, LOW, MEDIUM

MATCH_LEVELS = (HIGH, MEDIUM, LOW)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class SuggestionList(Base):
    """One page of suggestions as it was shown."""

    __tablename__ = "suggestion_lists"
    __table_args__ = (
        CheckConstraint(_one_of("experiment_group", GROUPS), name="experiment_group"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # "sug-…": the widget sends it back as list_id
    shown_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    # The shopper as the bot knew them (an anonymous, customer or "chat:" id): resolved through shopper_ids
    # when the report runs, so a browser merged into a customer since then is followed.
    external_id: Mapped[str | None] = mapped_column(String(120), index=True)
    conversation_id: Mapped[str | None] = mapped_column(String(120), index=True)
    micro_segment: Mapped[str] = mapped_column(String(200))  # "none" for a shopper without history
    lifecycle: Mapped[str] = mapped_column(String(40))
    experiment_group: Mapped[str] = mapped_column(String(16))

    items: Mapped[list[SuggestionItem]] = relationship(back_populates="suggestion_list", cascade="all, delete-orphan",
                                                       order_by="SuggestionItem.position")


class SuggestionItem(Base):
    """A product on a shown list, at its place (1 = first)."""

    __tablename__ = "suggestion_items"
    __table_args__ = (
        CheckConstraint("position >= 1", name="position"),
        CheckConstraint(_one_of("match", MATCH_LEVELS), name="match"),
    )

    list_id: Mapped[str] = mapped_column(ForeignKey("suggestion_lists.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), index=True)
    match: Mapped[str] = mapped_column(String(8))
    score: Mapped[float] = mapped_column(Float)

    suggestion_list: Mapped[SuggestionList] = relationship(back_populates="items")
