"""Product types read from titles: the share of a catalog without a category column that gets one on import.

Reads the real Myntra catalog (12,491 products, no category column) through the importer's reader and row
validation with the README's mapping, without embedding anything, and prints:

1. how many products get a category, from the title or from the description, and how many none;
2. the categories with their counts, and the audiences (children apart from adults);
3. a sample of titles left without a category, to see what the vocabulary lacks.

Run from the repository root (a few seconds)::

    .venv/bin/python benchmarks/catalog_types.py [--catalog FILE] [--sample N]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

from rich.table import Table

from recommender.catalog.importer import validate
from recommender.catalog.product_types import type_in
from recommender.catalog.reader import parse_mapping, read_records

from measure import err, out

ROOT = Path(__file__).resolve().parents[1]
MYNTRA = ROOT.parent / "shared" / "data" / "catalogs" / "myntra" / "myntra_products_catalog.csv"
MYNTRA_MAP = parse_mapping(["sku=Product_ID", "title=Product_Name", "brand=Product_Brand", "gender=Gender",
                            "price=Price", "description=Description", "color=Primary_Color"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalog", type=Path, default=MYNTRA)
    parser.add_argument("--sample", type=int, default=15, help="untyped titles to print")
    args = parser.parse_args()
    if not args.catalog.exists():
        err.print(f"skipped: the Myntra catalog is not at {args.catalog} (../shared/data absent)")
        return 0
    rows, rejected = validate(read_records(args.catalog, MYNTRA_MAP))
    typed = [row for row in rows if row.category]
    from_title = sum(1 for row in typed if type_in(_without_brand(row.title, row.brand)) == row.category)
    summary = Table("products", "rejected", "with a category", "from the title", "from the description", "none",
                    title=f"Product types of {args.catalog.name} (no category column)")
    summary.add_row(f"{len(rows):,}", f"{len(rejected):,}", f"{len(typed):,} ({len(typed) / len(rows):.2%})",
                    f"{from_title:,}", f"{len(typed) - from_title:,}", f"{len(rows) - len(typed):,}")
    out.print(summary)

    categories = Table("category", "products", title=f"{len({row.category for row in typed})} categories")
    for category, count in Counter(row.category for row in typed).most_common():
        categories.add_row(category, f"{count:,}")
    out.print(categories)
    audiences = Table("audience", "products", title="Audiences")
    for gender, count in Counter(row.gender or "(none)" for row in rows).most_common():
        audiences.add_row(gender, f"{count:,}")
    out.print(audiences)

    untyped = [row.title for row in rows if not row.category]
    if untyped and args.sample:
        out.print(f"Titles without a category ({args.sample} of {len(untyped)}):")
        for title in random.Random(7).sample(untyped, min(args.sample, len(untyped))):
            out.print(f"  {title}", highlight=False)
    return 0


def _without_brand(title: str, brand: str | None) -> str:
    return title[len(brand):] if brand and title.lower().startswith(brand.lower()) else title


if __name__ == "__main__":
    sys.exit(main())
