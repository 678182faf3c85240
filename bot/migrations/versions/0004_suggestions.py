"""Suggestion lists the bot showed and the products on them, for the conversion report.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from recommender.base import UtcDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("suggestion_lists",
    sa.Column("id", sa.String(length=40), nullable=False),
    sa.Column("shown_at", UtcDateTime(), nullable=False),
    sa.Column("external_id", sa.String(length=120), nullable=True),
    sa.Column("conversation_id", sa.String(length=120), nullable=True),
    sa.Column("micro_segment", sa.String(length=200), nullable=False),
    sa.Column("lifecycle", sa.String(length=40), nullable=False),
    sa.Column("experiment_group", sa.String(length=16), nullable=False),
    sa.CheckConstraint("experiment_group IN ('personalized', 'control', 'outside')",
                       name=op.f("ck_suggestion_lists_experiment_group")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestion_lists"))
    )
    with op.batch_alter_table("suggestion_lists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suggestion_lists_shown_at"), ["shown_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestion_lists_external_id"), ["external_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_suggestion_lists_conversation_id"), ["conversation_id"], unique=False)

    op.create_table("suggestion_items",
    sa.Column("list_id", sa.String(length=40), nullable=False),
    sa.Column("position", sa.Integer(), nullable=False),
    sa.Column("sku", sa.String(length=64), nullable=False),
    sa.Column("match", sa.String(length=8), nullable=False),
    sa.Column("score", sa.Float(), nullable=False),
    sa.CheckConstraint("position >= 1", name=op.f("ck_suggestion_items_position")),
    sa.CheckConstraint("match IN ('high', 'medium', 'low')", name=op.f("ck_suggestion_items_match")),
    sa.ForeignKeyConstraint(["list_id"], ["suggestion_lists.id"],
                            name=op.f("fk_suggestion_items_list_id_suggestion_lists"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("list_id", "position", name=op.f("pk_suggestion_items"))
    )
    with op.batch_alter_table("suggestion_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suggestion_items_sku"), ["sku"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("suggestion_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestion_items_sku"))

    op.drop_table("suggestion_items")
    with op.batch_alter_table("suggestion_lists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestion_lists_conversation_id"))
        batch_op.drop_index(batch_op.f("ix_suggestion_lists_external_id"))
        batch_op.drop_index(batch_op.f("ix_suggestion_lists_shown_at"))

    op.drop_table("suggestion_lists")
