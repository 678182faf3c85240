"""Products, with the content hashes and the embedding each was indexed with.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("products",
    sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
    sa.Column("sku", sa.String(length=64), nullable=False),
    sa.Column("title", sa.String(length=400), nullable=False),
    sa.Column("description", sa.Text(), nullable=True),
    sa.Column("brand", sa.String(length=120), nullable=True),
    sa.Column("category", sa.String(length=120), nullable=True),
    sa.Column("gender", sa.String(length=16), nullable=True),
    sa.Column("price", sa.Numeric(precision=12, scale=2, asdecimal=False), nullable=False),
    sa.Column("sale_price", sa.Numeric(precision=12, scale=2, asdecimal=False), nullable=True),
    sa.Column("currency", sa.String(length=3), nullable=True),
    sa.Column("color", sa.String(length=60), nullable=True),
    sa.Column("sizes", sa.JSON(), nullable=False),
    sa.Column("materials", sa.JSON(), nullable=False),
    sa.Column("features", sa.JSON(), nullable=False),
    sa.Column("activities", sa.JSON(), nullable=False),
    sa.Column("warranty_months", sa.Integer(), nullable=True),
    sa.Column("stock", sa.Integer(), nullable=True),
    sa.Column("image_url", sa.String(length=1000), nullable=True),
    sa.Column("url", sa.String(length=1000), nullable=True),
    sa.Column("status", sa.String(length=16), nullable=False),
    sa.Column("row_hash", sa.String(length=64), nullable=False),
    sa.Column("text_hash", sa.String(length=64), nullable=False),
    sa.Column("embedding", sa.LargeBinary(), nullable=True),
    sa.Column("embedding_model", sa.String(length=300), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("discontinued_at", sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_products"))
    )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_products_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_products_sku"), ["sku"], unique=True)
        batch_op.create_index(batch_op.f("ix_products_status"), ["status"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_products_status"))
        batch_op.drop_index(batch_op.f("ix_products_sku"))
        batch_op.drop_index(batch_op.f("ix_products_category"))

    op.drop_table("products")
