"""The support desk: orders and their lines, support cases and their events, verification attempts.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from recommender.base import UtcDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("orders",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("order_number", sa.String(length=40), nullable=False),
    sa.Column("customer_id", sa.String(length=120), nullable=True),
    sa.Column("email", sa.String(length=320), nullable=True),
    sa.Column("status", sa.String(length=16), nullable=False),
    sa.Column("placed_at", UtcDateTime(), nullable=False),
    sa.Column("paid_at", UtcDateTime(), nullable=True),
    sa.Column("shipped_at", UtcDateTime(), nullable=True),
    sa.Column("delivered_at", UtcDateTime(), nullable=True),
    sa.Column("cancelled_at", UtcDateTime(), nullable=True),
    sa.Column("tracking_url", sa.String(length=1000), nullable=True),
    sa.Column("currency", sa.String(length=3), nullable=False),
    sa.Column("total", sa.Numeric(precision=12, scale=2, asdecimal=False), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
    sa.CheckConstraint("status IN ('placed', 'paid', 'shipped', 'delivered', 'cancelled')",
                       name=op.f("ck_orders_status")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
    sa.UniqueConstraint("order_number", name=op.f("uq_orders_order_number"))
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_customer_id"), ["customer_id"], unique=False)

    op.create_table("verification_attempts",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("conversation_id", sa.String(length=120), nullable=False),
    sa.Column("at", UtcDateTime(), nullable=False),
    sa.Column("succeeded", sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_attempts"))
    )
    with op.batch_alter_table("verification_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_verification_attempts_conversation_at", ["conversation_id", "at"], unique=False)

    op.create_table("order_lines",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("order_id", sa.Integer(), nullable=False),
    sa.Column("line_number", sa.Integer(), nullable=False),
    sa.Column("sku", sa.String(length=64), nullable=False),
    sa.Column("title", sa.String(length=400), nullable=False),
    sa.Column("quantity", sa.Integer(), nullable=False),
    sa.Column("unit_price", sa.Numeric(precision=12, scale=2, asdecimal=False), nullable=False),
    sa.Column("category", sa.String(length=120), nullable=True),
    sa.Column("final_sale", sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(["order_id"], ["orders.id"],
                            name=op.f("fk_order_lines_order_id_orders"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_order_lines")),
    sa.UniqueConstraint("order_id", "line_number", name=op.f("uq_order_lines_order_id"))
    )
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_lines_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_order_lines_sku"), ["sku"], unique=False)

    op.create_table("support_cases",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("case_number", sa.String(length=40), nullable=False),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("status", sa.String(length=16), nullable=False),
    sa.Column("order_id", sa.Integer(), nullable=True),
    sa.Column("line_ids", sa.JSON(), nullable=False),
    sa.Column("conversation_id", sa.String(length=120), nullable=False),
    sa.Column("customer_id", sa.String(length=120), nullable=True),
    sa.Column("reason", sa.Text(), nullable=True),
    sa.Column("condition", sa.String(length=40), nullable=True),
    sa.Column("resolution", sa.String(length=16), nullable=True),
    sa.Column("photo_url", sa.String(length=1000), nullable=True),
    sa.Column("idempotency_key", sa.String(length=64), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('return', 'warranty', 'cancel', 'handoff')", name=op.f("ck_support_cases_kind")),
    sa.CheckConstraint("resolution IS NULL OR resolution IN ('refund', 'exchange')",
                       name=op.f("ck_support_cases_resolution")),
    sa.CheckConstraint("status IN ('open', 'approved', 'rejected', 'refund_issued', 'closed')",
                       name=op.f("ck_support_cases_status")),
    sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_support_cases_order_id_orders")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_support_cases")),
    sa.UniqueConstraint("case_number", name=op.f("uq_support_cases_case_number")),
    sa.UniqueConstraint("idempotency_key", name=op.f("uq_support_cases_idempotency_key"))
    )
    with op.batch_alter_table("support_cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_support_cases_conversation_id"), ["conversation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_support_cases_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_support_cases_order_id"), ["order_id"], unique=False)
        batch_op.create_index("ix_support_cases_status_updated", ["status", "updated_at"], unique=False)

    op.create_table("case_events",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("case_id", sa.Integer(), nullable=False),
    sa.Column("at", UtcDateTime(), nullable=False),
    sa.Column("actor", sa.String(length=160), nullable=False),
    sa.Column("kind", sa.String(length=16), nullable=False),
    sa.Column("text", sa.Text(), nullable=True),
    sa.Column("from_status", sa.String(length=16), nullable=True),
    sa.Column("to_status", sa.String(length=16), nullable=True),
    sa.CheckConstraint("kind IN ('opened', 'message', 'status', 'note')", name=op.f("ck_case_events_kind")),
    sa.ForeignKeyConstraint(["case_id"], ["support_cases.id"],
                            name=op.f("fk_case_events_case_id_support_cases"), ondelete="CASCADE"),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events"))
    )
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_events_case_id"), ["case_id"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_events_case_id"))

    op.drop_table("case_events")
    with op.batch_alter_table("support_cases", schema=None) as batch_op:
        batch_op.drop_index("ix_support_cases_status_updated")
        batch_op.drop_index(batch_op.f("ix_support_cases_order_id"))
        batch_op.drop_index(batch_op.f("ix_support_cases_customer_id"))
        batch_op.drop_index(batch_op.f("ix_support_cases_conversation_id"))

    op.drop_table("support_cases")
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_lines_sku"))
        batch_op.drop_index(batch_op.f("ix_order_lines_order_id"))

    op.drop_table("order_lines")
    with op.batch_alter_table("verification_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_verification_attempts_conversation_at")

    op.drop_table("verification_attempts")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_customer_id"))

    op.drop_table("orders")
