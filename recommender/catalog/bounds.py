"""The largest values a catalog row may hold, each with the reason for its size.

A value beyond a bound rejects its row naming the field; nothing is truncated, because a cut-off text or a
clipped number would be stored as if the merchant had written it. The text bounds never exceed the widths of
the ``products`` columns (``recommender/catalog/models.py``), which PostgreSQL enforces.
"""

from __future__ import annotations

# Per unit, in the catalog's currency. Far above any product an outdoor or fashion shop sells, and far below
# what Numeric(12, 2) holds (10^10); a larger figure is an error such as a barcode in the price column.
MAX_PRICE = 1_000_000
# 100 years: "lifetime" warranties fit, a year given in the months column (2024) does not.
MAX_WARRANTY_MONTHS = 1200
# A billion units of one product is more than any shop holds; the column is a 32-bit integer (2.1 * 10^9).
MAX_STOCK = 10 ** 9

MAX_CHARS = {
    "sku": 64,  # the column's width; shop systems use far shorter ids (Google Merchant Center allows 50)
    "title": 300,  # twice Google Merchant Center's 150; the longest Myntra title has 101 (column: 400)
    # About 1,500 words. The longest Myntra description has 3,670 characters, Google Merchant Center allows
    # 5,000; longer is a page of HTML or several fields run together. Only the first 300 characters are
    # embedded, so a longer text would not improve suggestions either.
    "description": 10_000,
    "brand": 100,  # a name, not a sentence; the longest in Myntra has 28 (column: 120)
    "category": 100,  # likewise; the demo's longest has 19 (column: 120)
    "gender": 16,  # the column's width; the audiences stored are at most 6 characters ("unisex", "women")
    "currency": 3,  # an ISO 4217 code such as EUR; the column holds 3
    "color": 60,  # the column's width; colour names people use are a word or two
    "image_url": 1000,  # the column's width; longer addresses are tracking parameters, not images
    "url": 1000,
}
# List fields (sizes, materials, features, activities) become filters and buttons: a hundred labels of up to
# a hundred characters each is more than any product page shows; beyond that a text landed in the wrong column.
MAX_ITEMS = 100
MAX_ITEM_CHARS = 100
