"""Two products side by side, from the catalog's facts: what they share, what only one has, what it costs."""

from __future__ import annotations

from dataclasses import dataclass

from recommender.index.loaded import LoadedIndex


@dataclass(frozen=True)
class Facts:
    title: str
    brand: str | None
    price: float
    currency: str
    features: frozenset[str]
    materials: frozenset[str]
    activities: frozenset[str]
    warranty_months: float | None

    @classmethod
    def of(cls, index: LoadedIndex, sku: str) -> Facts:
        row = index.row_of_sku(sku)
        warranty = index.column("warranty_months")[row]
        return cls(title=str(index.column("title")[row]), brand=index.column("brand")[row],
                   price=float(index.effective_price[row]), currency=str(index.column("currency")[row] or ""),
                   features=frozenset(t for t in index.tags("features")[row] if t),
                   materials=frozenset(t for t in index.tags("materials")[row] if t),
                   activities=frozenset(t for t in index.tags("activities")[row] if t),
                   warranty_months=None if warranty is None else float(warranty))


def _list(values: frozenset[str]) -> str:
    return ", ".join(sorted(values))


def compare(index: LoadedIndex, first: tuple[int, str], second: tuple[int, str]) -> str:
    """The differences between two shown products, numbered as on screen."""
    (n, a_sku), (m, b_sku) = first, second
    a, b = Facts.of(index, a_sku), Facts.of(index, b_sku)
    lines = [f"{n}. {a.title}" + (f" ({a.brand})" if a.brand else "") + f": {a.price:.2f} {a.currency}",
             f"{m}. {b.title}" + (f" ({b.brand})" if b.brand else "") + f": {b.price:.2f} {b.currency}"]
    if both := a.features & b.features:
        lines.append(f"Both: {_list(both)}.")
    for k, mine, theirs in ((n, a.features, b.features), (m, b.features, a.features)):
        if only := mine - theirs:
            lines.append(f"Only {k}: {_list(only)}.")
    if a.materials != b.materials and a.materials and b.materials:
        lines.append(f"Made of: {n} {_list(a.materials)}; {m} {_list(b.materials)}.")
    if a.activities != b.activities and (a.activities or b.activities):
        lines.append(f"Made for: {n} {_list(a.activities) or 'anything'}; {m} {_list(b.activities) or 'anything'}.")
    if a.warranty_months != b.warranty_months and a.warranty_months and b.warranty_months:
        lines.append(f"Warranty: {n} {a.warranty_months:g} months, {m} {b.warranty_months:g} months.")
    gap = abs(a.price - b.price)
    if gap >= 0.01:
        cheaper = n if a.price < b.price else m
        lines.append(f"{cheaper} costs {gap:.2f} {a.currency} less.".replace("  ", " "))
    else:
        lines.append("They cost the same.")
    return "\n".join(lines)
