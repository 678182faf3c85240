"""Generate Outfitter's demo catalog of outdoor and travel gear.

Every product, brand and product line in the catalog is invented. Rows are built from the tables
in :mod:`bot.demo.vocabulary` with seeded random choices and no time-dependent values, so the output
is reproducible byte for byte.

Re-run after editing the vocabulary::

    .venv/bin/python -m bot.demo.catalog            # rewrite data/catalog/demo_catalog.csv
    .venv/bin/python -m bot.demo.catalog --out FILE # write elsewhere

It prints row counts per category and gender.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bot.demo import DEMO_CATALOG
from bot.demo.vocabulary import common as vocab
from bot.demo.vocabulary.accessories import ACCESSORIES
from bot.demo.vocabulary.camp import SLEEPING_BAGS, TENTS
from bot.demo.vocabulary.clothing import BASE_LAYERS, SHORTS, TROUSERS
from bot.demo.vocabulary.gear import BACKPACKS, HIKING_BOOTS, TRAIL_RUNNING_SHOES, TRAVEL_BAGS
from bot.demo.vocabulary.outerwear import FLEECES, INSULATED_JACKETS, RAIN_JACKETS, SOFTSHELL_JACKETS

SEED = "outfitter-demo-catalog-v1"
COLUMNS = (
    "sku", "title", "description", "brand", "category", "gender", "price", "sale_price", "currency",
    "color", "sizes", "materials", "features", "activities", "warranty_months", "stock", "image_url", "url",
)
CATEGORIES: tuple[vocab.Category, ...] = (
    RAIN_JACKETS, INSULATED_JACKETS, SOFTSHELL_JACKETS, FLEECES, BASE_LAYERS, TROUSERS, SHORTS,
    HIKING_BOOTS, TRAIL_RUNNING_SHOES, BACKPACKS, TRAVEL_BAGS, TENTS, SLEEPING_BAGS, ACCESSORIES,
)

SALE_SHARE = 0.25
SALE_DISCOUNTS = (15, 20, 25, 30, 35, 40)
OUT_OF_STOCK_SHARE = 0.08
VARIANT_WEIGHTS = ((1, 30), (2, 40), (3, 30))
T = TypeVar("T")
GENDER_PREFIX = {"men": "Men's ", "women": "Women's ", "unisex": ""}

# Words that show a feature is already described, so its stock sentence would only repeat it.
FEATURE_MENTIONS: dict[str, tuple[str, ...]] = {
    "packable": ("packs into", "packs down", "packs flat", "stuffs", "compress", "folds into", "crushes", "pouch"),
    "lightweight": ("light", "weigh"),
    "odour-resistant": ("odour", "fresh"),
    "uv-protection": ("upf", " uv"),
    "stretch": ("stretch", "elastane"),
    "quick-dry": ("dries", "drying", "quick-dry"),
    "hydration-compatible": ("hydration", "flask"),
    "vegan": ("animal",),
    "ventilated": ("vent", "air "),
    "durable": ("durab", "tough", "reinforced", "abrasion", "hard use", "last"),
    "windproof": ("wind",),
    "breathable": ("breath",),
    "water-resistant": ("water-re", "shed", "repell"),
    "cushioned": ("cushion",),
    "grippy outsole": ("grip", "lug"),
    "warm": ("warm",),
    "hooded": ("hood",),
}
# A product made with any of these cannot honestly be called vegan.
ANIMAL_MATERIALS = ("leather", "wool", "down", "silk", "suede")


@dataclass(frozen=True)
class Model:
    """One product model; each of its colour variants becomes a catalog row."""

    category: vocab.Category
    name: str
    brand: str
    gender: str
    sizes: str
    materials: tuple[str, ...]
    features: tuple[str, ...]
    activities: tuple[str, ...]
    price_cents: int
    warranty: int
    description: str


def weighted(rng: random.Random, weights: tuple[tuple[T, int], ...]) -> T:
    values = [value for value, _ in weights]
    return rng.choices(values, weights=[weight for _, weight in weights])[0]


class GenderMix:
    """Picks each model's gender so a category's rows track its gender weights closely.

    Independent draws left small categories lopsided (e.g. 18 women's fleeces to 7 men's), so each
    pick goes to the gender furthest below its share of rows so far, with jitter for variety.
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rows: dict[tuple[tuple[str, int], ...], dict[str, int]] = {}

    def pick(self, weights: tuple[tuple[str, int], ...]) -> str:
        counts = self.rows.setdefault(weights, {gender: 0 for gender, _ in weights})
        total_weight = sum(weight for _, weight in weights)
        upcoming = sum(counts.values()) + 2  # about one model's worth of rows ahead
        deficits = {
            gender: weight / total_weight * upcoming - counts[gender] + self.rng.random()
            for gender, weight in weights
        }
        return max(deficits, key=lambda gender: deficits[gender])

    def record(self, weights: tuple[tuple[str, int], ...], gender: str, rows: int) -> None:
        self.rows[weights][gender] += rows


def sizes_for(spec: str, gender: str) -> str:
    chart = vocab.SIZE_CHARTS.get(spec)
    if chart is None:
        return spec  # a literal such as "2 person"
    return chart.get(gender, chart["unisex"])


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def list_price(rng: random.Random, low: int, high: int) -> int:
    """A list price in cents that looks like a shop's: 190.00, 189.95, 189.90 or 189.99."""
    euros = max(low, min(high, round(rng.randint(low, high) / 5) * 5))
    ending = rng.choice((0, 0, 5, 10, 1))
    if euros == low:
        ending = 0  # stay inside the category's advertised range
    return euros * 100 - ending


def sale_price(rng: random.Random, price_cents: int) -> int:
    discount = rng.choice(SALE_DISCOUNTS)
    # Rounding down to 5 cents keeps the sale price tidy and strictly below the list price.
    return price_cents * (100 - discount) // 100 // 5 * 5


def pick_optional(rng: random.Random, options: tuple[str, ...], chance: float, limit: int) -> list[str]:
    chosen = [option for option in options if rng.random() < chance]
    return chosen[:limit]


def activity_phrase(rng: random.Random, activities: tuple[str, ...]) -> str:
    first = rng.choice(vocab.ACTIVITY_PHRASES[activities[0]])
    if len(activities) > 1 and rng.random() < 0.5:
        second = rng.choice(vocab.ACTIVITY_PHRASES[activities[1]])
        return f"{first} and {second}"
    return first


def sentence(template: str, context: dict[str, str]) -> str:
    text = template.format(**context)
    return text[0].upper() + text[1:]


def mentioned(feature: str, text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in FEATURE_MENTIONS.get(feature, (feature,)))


def describe(
    rng: random.Random,
    category: vocab.Category,
    ptype: vocab.ProductType,
    context: dict[str, str],
    features: tuple[str, ...],
    gender: str,
) -> str:
    """Two to four sentences: an opener, one or two type details, then at most two extras."""
    sentences = [sentence(rng.choice(category.openers), context)]
    # The first detail holds what a shopper must learn (membrane, fill power, capacity and weight...).
    details = [ptype.details[0]]
    if len(ptype.details) > 1 and rng.random() < 0.6:
        details.append(rng.choice(ptype.details[1:]))
    sentences += [sentence(template, context) for template in details]

    extras: list[str] = []
    written = " ".join(sentences)
    candidates = [f for f in features if f in vocab.FEATURE_SENTENCES and not mentioned(f, written)]
    if candidates and rng.random() < 0.7:
        extras.append(sentence(rng.choice(vocab.FEATURE_SENTENCES[rng.choice(candidates)]), context))
    fit_lines = vocab.FIT_SENTENCES.get(category.fit or "", {}).get(gender, ())
    if fit_lines and rng.random() < (0.6 if gender == "women" else 0.3):
        extras.append(rng.choice(fit_lines))
    if rng.random() < 0.25:
        extras.append(sentence(rng.choice(vocab.CLOSERS), context))
    rng.shuffle(extras)
    return " ".join(sentences + extras[: 4 - len(sentences)])


def build_model(
    rng: random.Random, category: vocab.Category, ptype: vocab.ProductType, line: str, gender: str
) -> Model:
    facts = {key: rng.choice(values) for key, values in ptype.facts.items()}
    brand = rng.choice(category.brands)
    name = f"{line} {ptype.noun.format(**facts)}"
    materials = rng.choice(ptype.materials).format(**facts)

    features = set(ptype.features) | set(pick_optional(rng, ptype.optional_features, 0.5, 2))
    # "recycled" and "vegan" must follow from the materials, not from chance.
    if "recycled" in materials:
        features.add("recycled")
    if any(
        word in material and not material.startswith("synthetic")
        for material in materials.split("|")
        for word in ANIMAL_MATERIALS
    ):
        features.discard("vegan")
    ordered_features = tuple(f for f in vocab.FEATURES if f in features)
    activities = (*ptype.activities, *pick_optional(rng, ptype.optional_activities, 0.4, 2))

    warranty = rng.choice(category.warranty)
    context = {
        "name": name, "line": line, "brand": brand, "kind": ptype.kind,
        # Possessive and verb agreement for brands like "Boreal Works" and kinds like "gloves".
        "brand_pos": f"{brand}'" if brand.endswith("s") else f"{brand}'s",
        "is": "are" if ptype.kind.endswith("s") else "is",
        "acts": activity_phrase(rng, activities), "warranty": vocab.WARRANTY_WORDS[warranty], **facts,
    }
    return Model(
        category=category,
        name=name,
        brand=brand,
        gender=gender,
        sizes=sizes_for(ptype.sizes or category.sizes, gender),
        materials=tuple(materials.split("|")),
        features=ordered_features,
        activities=activities,
        price_cents=list_price(rng, *ptype.price),
        warranty=warranty,
        description=describe(rng, category, ptype, context, ordered_features, gender),
    )


def variant_row(rng: random.Random, model: Model, sku: str, colour: str, on_sale: bool) -> dict[str, str]:
    sale = sale_price(rng, model.price_cents) if on_sale else None
    return {
        "sku": sku,
        "title": f"{GENDER_PREFIX[model.gender]}{model.name} – {colour.title()}",
        "description": model.description,
        "brand": model.brand,
        "category": model.category.name,
        "gender": model.gender,
        "price": money(model.price_cents),
        "sale_price": "" if sale is None else money(sale),
        "currency": "EUR",
        "color": colour,
        "sizes": model.sizes,
        "materials": "|".join(model.materials),
        "features": "|".join(model.features),
        "activities": "|".join(model.activities),
        "warranty_months": str(model.warranty),
        "stock": str(rng.randint(1, 250)),
        "image_url": f"/static/products/{sku}.svg",
        "url": f"/products/{sku}",
    }


def category_rows(category: vocab.Category) -> list[dict[str, str]]:
    # A generator per category keeps editing one category from reshuffling all the others.
    rng = random.Random(f"{SEED}:{category.name}")
    lines = list(vocab.LINE_NAMES)
    rng.shuffle(lines)
    genders = GenderMix(rng)
    rows: list[dict[str, str]] = []
    types: list[vocab.ProductType] = []
    # Fixed quotas rather than coin flips, so every category has its share of sales and sell-outs.
    on_sale = set(rng.sample(range(category.target), round(category.target * SALE_SHARE)))
    sold_out = rng.sample(range(category.target), round(category.target * OUT_OF_STOCK_SHARE))
    while len(rows) < category.target:
        if not types:  # deal every type once before any type repeats
            types = list(category.types)
            rng.shuffle(types)
        if not lines:
            raise ValueError(f"{category.name}: ran out of line names")
        ptype = types.pop()
        gender_weights = ptype.genders or category.genders
        model = build_model(rng, category, ptype, lines.pop(), genders.pick(gender_weights))
        count = min(weighted(rng, VARIANT_WEIGHTS), category.target - len(rows))
        genders.record(gender_weights, model.gender, count)
        for colour in rng.sample(category.colours, count):
            sku = f"OF-{category.prefix}-{len(rows) + 1:04d}"
            rows.append(variant_row(rng, model, sku, colour, len(rows) in on_sale))
    for index in sold_out:
        rows[index]["stock"] = "0"
    return rows


def check(rows: list[dict[str, str]]) -> None:
    """Fail loudly if a vocabulary edit broke an invariant the demo relies on."""
    skus = [row["sku"] for row in rows]
    titles = [row["title"] for row in rows]
    if len(set(skus)) != len(skus) or len(set(titles)) != len(titles):
        raise ValueError("duplicate sku or title")
    for row in rows:
        if row["sale_price"] and float(row["sale_price"]) >= float(row["price"]):
            raise ValueError(f"{row['sku']}: sale price not below price")
        if not set(row["features"].split("|")) <= set(vocab.FEATURES):
            raise ValueError(f"{row['sku']}: unknown feature")
        if not set(row["activities"].split("|")) <= set(vocab.ACTIVITIES):
            raise ValueError(f"{row['sku']}: unknown activity")
        sentences = row["description"].count(". ") + 1
        if not 2 <= sentences <= 4:
            raise ValueError(f"{row['sku']}: description has {sentences} sentences")


def write(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def demo_rows() -> list[dict[str, str]]:
    """Every row of the demo catalog, checked, in file order."""
    rows = [row for category in CATEGORIES for row in category_rows(category)]
    check(rows)
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the demo catalog.")
    parser.add_argument("--out", type=Path, default=DEMO_CATALOG, help="where to write it (default: %(default)s)")
    output = parser.parse_args(argv).out
    rows = demo_rows()
    write(rows, output)
    models = {row["title"].rsplit(" – ", 1)[0] for row in rows}
    print(f"wrote {len(rows)} rows ({len(models)} models) to {output}")
    per_category = Counter((row["category"], row["gender"]) for row in rows)
    for category in CATEGORIES:
        counts = {gender: per_category[(category.name, gender)] for gender in ("men", "women", "unisex")}
        total = sum(counts.values())
        detail = "  ".join(f"{gender}={count}" for gender, count in counts.items() if count)
        print(f"  {category.name:<20} {total:>4}  {detail}")


if __name__ == "__main__":
    main()
