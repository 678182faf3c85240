"""The products table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, LargeBinary, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from recommender.base import Base, utcnow

ACTIVE = "active"
DISCONTINUED = "discontinued"



class Product(Base):
    """One sellable product. ``id`` is also its id inside the FAISS index."""

    __tablename__ = "products"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(400))
    description: Mapped[str | None] = mapped_column(Text)
    brand: Mapped[str | None] = mapped_column(String(120))
    category: Mapped[str | None] = mapped_column(String(120), index=True)
    gender: Mapped[str | None] = mapped_column(String(16))
    price: Mapped[float] = mapped_column(Numeric(12, 2, asdecimal=False))
    sale_price: Mapped[float | None] = mapped_column(Numeric(12, 2, asdecimal=False))
    currency: Mapped[str | None] = mapped_column(String(3))
    color: Mapped[str | None] = mapped_column(String(60))
    sizes: Mapped[list[str]] = mapped_column(JSON, default=list)
    materials: Mapped[list[str]] = mapped_column(JSON, default=list)
    features: Mapped[list[str]] = mapped_column(JSON, default=list)
    activities: Mapped[list[str]] = mapped_column(JSON, default=list)
    warranty_months: Mapped[int | None] = mapped_column(Integer)
    stock: Mapped[int | None] = mapped_column(Integer)
    image_url: Mapped[str | None] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(String(1000))

    status: Mapped[str] = mapped_column(String(16), default=ACTIVE, index=True)
    # row_hash covers every field (was the row changed at all?); text_hash only the embedded text
    # (does it need a new embedding?). A price change touches the first, not the second.
    row_hash: Mapped[str] = mapped_column(String(64))
    text_hash: Mapped[str] = mapped_column(String(64))
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    embedding_model: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    discontinued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def effective_price(self) -> float:
        return self.sale_price if self.sale_price is not None else self.price
