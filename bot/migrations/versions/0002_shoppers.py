"""Shoppers and the ids they are known by, behaviour events and their products, stated preferences, segments.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from recommender.base import UtcDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("shoppers",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("customer_id", sa.String(length=120), nullable=True),
    sa.Column("email", sa.String(length=320), nullable=True),
    sa.Column("first_seen", UtcDateTime(), nullable=False),
    sa.Column("last_seen", UtcDateTime(), nullable=False),
    sa.Column("country", sa.String(length=80), nullable=True),
    sa.Column("device", sa.String(length=40), nullable=True),
    sa.Column("traffic_source", sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_shoppers")),
    sa.UniqueConstraint("customer_id", name=op.f("uq_shoppers_customer_id"))
    )
    with op.batch_alter_table("shoppers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shoppers_email"), ["email"], unique=False)

    op.create_table("events",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("shopper_id", sa.Integer(), nullable=False),
    sa.Column("name", sa.String(length=40), nullable=False),
    sa.Column("occurred_at", UtcDateTime(), nullable=False),
    sa.Column("received_at", UtcDateTime(), nullable=False),
    sa.Column("message_id", sa.String(length=120), nullable=True),
    sa.Column("order_id", sa.String(length=120), nullable=True),
    sa.Column("revenue", sa.Float(), nullable=True),
    sa.Column("coupon", sa.String(length=120), nullable=True),
    sa.Column("query", sa.String(length=400), nullable=True),
    sa.Column("properties", sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(["shopper_id"], ["shoppers.id"],
                            name=op.f("fk_events_shopper_id_shoppers"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    sa.UniqueConstraint("message_id", name=op.f("uq_events_message_id"))
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_order_id"), ["order_id"], unique=False)
        batch_op.create_index("ix_events_shopper_time", ["shopper_id", "occurred_at"], unique=False)

    op.create_table("shopper_ids",
    sa.Column("external_id", sa.String(length=120), nullable=False),
    sa.Column("shopper_id", sa.Integer(), nullable=False),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["shopper_id"], ["shoppers.id"],
                            name=op.f("fk_shopper_ids_shopper_id_shoppers"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("external_id", name=op.f("pk_shopper_ids"))
    )
    with op.batch_alter_table("shopper_ids", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shopper_ids_shopper_id"), ["shopper_id"], unique=False)

    op.create_table("shopper_segments",
    sa.Column("shopper_id", sa.Integer(), nullable=False),
    sa.Column("micro_segment", sa.String(length=200), nullable=False),
    sa.Column("lifecycle", sa.String(length=40), nullable=False),
    sa.Column("cluster", sa.Integer(), nullable=True),
    sa.Column("purchase_probability", sa.Float(), nullable=True),
    sa.Column("churn_risk", sa.Float(), nullable=True),
    sa.Column("clv_12m", sa.Float(), nullable=True),
    sa.Column("map_x", sa.Float(), nullable=True),
    sa.Column("map_y", sa.Float(), nullable=True),
    sa.Column("refreshed_at", UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["shopper_id"], ["shoppers.id"],
                            name=op.f("fk_shopper_segments_shopper_id_shoppers"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("shopper_id", name=op.f("pk_shopper_segments"))
    )
    with op.batch_alter_table("shopper_segments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shopper_segments_cluster"), ["cluster"], unique=False)
        batch_op.create_index(batch_op.f("ix_shopper_segments_micro_segment"), ["micro_segment"], unique=False)

    op.create_table("stated_preferences",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("shopper_id", sa.Integer(), nullable=False),
    sa.Column("question", sa.String(length=40), nullable=False),
    sa.Column("value", sa.JSON(), nullable=False),
    sa.Column("answered_at", UtcDateTime(), nullable=False),
    sa.Column("conversation_id", sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(["shopper_id"], ["shoppers.id"],
                            name=op.f("fk_stated_preferences_shopper_id_shoppers"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_stated_preferences"))
    )
    with op.batch_alter_table("stated_preferences", schema=None) as batch_op:
        batch_op.create_index("ix_stated_preferences_shopper_time", ["shopper_id", "answered_at"], unique=False)

    op.create_table("event_items",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("event_id", sa.Integer(), nullable=False),
    sa.Column("sku", sa.String(length=64), nullable=False),
    sa.Column("name", sa.String(length=400), nullable=True),
    sa.Column("category", sa.String(length=120), nullable=True),
    sa.Column("brand", sa.String(length=120), nullable=True),
    sa.Column("price", sa.Float(), nullable=True),
    sa.Column("quantity", sa.Float(), nullable=False),
    sa.Column("on_sale", sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(["event_id"], ["events.id"],
                            name=op.f("fk_event_items_event_id_events"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_event_items"))
    )
    with op.batch_alter_table("event_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_items_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_items_sku"), ["sku"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("event_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_items_sku"))
        batch_op.drop_index(batch_op.f("ix_event_items_event_id"))

    op.drop_table("event_items")
    with op.batch_alter_table("stated_preferences", schema=None) as batch_op:
        batch_op.drop_index("ix_stated_preferences_shopper_time")

    op.drop_table("stated_preferences")
    with op.batch_alter_table("shopper_segments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shopper_segments_micro_segment"))
        batch_op.drop_index(batch_op.f("ix_shopper_segments_cluster"))

    op.drop_table("shopper_segments")
    with op.batch_alter_table("shopper_ids", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shopper_ids_shopper_id"))

    op.drop_table("shopper_ids")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_shopper_time")
        batch_op.drop_index(batch_op.f("ix_events_order_id"))

    op.drop_table("events")
    with op.batch_alter_table("shoppers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shoppers_email"))

    op.drop_table("shoppers")
