"""The demo shop's shoppers: a year of Segment e-commerce calls over the demo catalog, from shoppers of
recognisably different kinds, so that a fresh shop has segments, clusters, popularity and "bought together".

The kinds (counts in :data:`KINDS`): loyal buyers with an activity habit (climbers, trail runners, campers,
hikers, skiers, travellers); deal seekers, who buy what is on sale or with a coupon; premium shoppers, who buy
the dearest products of a category at full price; one-off buyers who lapsed and newcomers who bought once
lately; browsers who never buy; shoppers who leave a cart; and the three demo customers of
:mod:`bot.demo.orders`, whose calls are their demo orders. Products go in believable pairs (a tent and a
sleeping bag of its class, boots and hiking socks, a rain jacket and overtrousers: :data:`COMPLEMENTS`).
Buyers are known by a customer id from their first checkout on; browsers by their browsers' anonymous ids.

The calls are written as of :data:`bot.demo.orders.DEMO_REFERENCE` with seeded choices, so the shipped file
``data/shoppers/demo_events.jsonl.gz`` is the same on every run and a test checks it against this generator.
Loading moves every timestamp by the whole days from the reference to today
(``bot.demo.shopper_loading.load_demo_shoppers``).

Regenerate after changing the demo catalog or the demo orders::

    .venv/bin/python -m bot.demo.shoppers            # rewrite data/shoppers/demo_events.jsonl.gz
    .venv/bin/python -m bot.demo.shoppers --out FILE # write elsewhere (gzipped when FILE ends in .gz)
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.demo import DEMO_CATALOG, DEMO_SHOPPERS
from bot.demo.orders import CUSTOMERS, DEMO_REFERENCE, demo_orders
from bot.demo.shop_visits import Call, Placed, Product, Shopper, Visit, read_products, refund
from recommender.shoppers.segment_file import read_segment_calls

SEED = "outfitter-demo-shoppers-v1"
DAYS = 365  # the history spans a year before the reference; nothing falls on the reference day itself
REFUND_RATE = 0.07  # orders with a line sent back
COUPONS = (("WELCOME10", 0.10), ("SPRING15", 0.15), ("OUTDOOR20", 0.20))
DEVICES = ("mobile", "mobile", "desktop", "tablet")


@dataclass(frozen=True)
class Habit:
    activity: str
    categories: tuple[str, ...]  # what they buy, the usual first
    searches: tuple[str, ...]


HABITS = (
    Habit("climbing", ("softshell jackets", "trousers", "insulated jackets", "shorts", "backpacks"),
          ("climbing trousers", "softshell for climbing", "belay jacket")),
    Habit("trail running", ("trail running shoes", "base layers", "shorts", "rain jackets"),
          ("trail running shoes", "running shell", "soft flask")),
    Habit("camping", ("tents", "sleeping bags", "fleeces", "backpacks"), ("2 person tent", "down sleeping bag",
                                                                         "headlamp")),
    Habit("hiking", ("hiking boots", "rain jackets", "trousers", "fleeces", "backpacks"),
          ("waterproof hiking boots", "rain jacket", "hiking socks")),
    Habit("skiing", ("insulated jackets", "trousers", "base layers", "softshell jackets"),
          ("ski trousers", "down jacket", "merino base layer")),
    Habit("travel", ("travel bags", "trousers", "base layers", "rain jackets"),
          ("carry-on bag", "travel chinos", "packable rain jacket")),
)
# What goes with what: (category, words in the title, chance it joins the basket, of the lead's class). A partner
# of the lead's class is the one at the same place in price order (a dear tent with a warm down bag), so the same
# pairs recur; the others (a headlamp, socks) are any that fit.
COMPLEMENTS: dict[str, tuple[tuple[str, str, float, bool], ...]] = {
    "tents": (("sleeping bags", "Sleeping Bag –", 0.75, True), ("accessories", "Headlamp", 0.3, False)),
    "sleeping bags": (("sleeping bags", "Liner", 0.25, True),),
    "hiking boots": (("accessories", "Hiking Socks", 0.7, False), ("accessories", "Gaiters", 0.2, False)),
    "rain jackets": (("trousers", "Overtrousers", 0.5, True),),
    "trail running shoes": (("accessories", "Running Socks", 0.6, False), ("accessories", "Soft Flask", 0.3, False)),
    "insulated jackets": (("accessories", "Beanie", 0.35, False), ("accessories", "Mittens", 0.25, False)),
    "backpacks": (("accessories", "Dry Bag", 0.3, False), ("accessories", "Water Bottle", 0.3, False)),
    "travel bags": (("accessories", "Travel Towel", 0.5, False),),
}


class Catalog:
    """The demo catalog as shoppers pick from it: by category, habit, fit, price class and sale."""

    def __init__(self, products: list[Product]) -> None:
        self.by_sku = {p.sku: p for p in products}
        self.by_category: dict[str, list[Product]] = defaultdict(list)
        for product in products:
            self.by_category[product.category].append(product)
        self.medians = {c: statistics.median(p.price for p in ps) for c, ps in self.by_category.items()}
        self.on_sale = [p for p in products if p.sale_price is not None and p.in_stock]

    def pick(self, rng: random.Random, category: str, *, activity: str | None = None, gender: str | None = None,
             price: str | None = None, owned: set[str] | None = None) -> Product:
        """An in-stock product, not one of ``owned``; ``price``: "low" (at most the category's median) or "high"
        (a third above it, at full price). A wish nothing meets is dropped, the activity first."""
        median = self.medians[category]
        wishes: list[Callable[[Product], bool]] = [lambda p: p.in_stock, lambda p: p.sku not in (owned or ())]
        if gender:
            wishes.append(lambda p: p.gender in (gender, "unisex"))
        if price == "low":
            wishes.append(lambda p: p.price <= median)
        elif price == "high":
            wishes.append(lambda p: p.price >= 1.3 * median and p.sale_price is None)
        if activity:
            wishes.append(lambda p: activity in p.activities)
        while True:
            found = [p for p in self.by_category[category] if all(wish(p) for wish in wishes)]
            if found or len(wishes) == 1:
                return rng.choice(found or self.by_category[category])
            wishes.pop()

    def partners(self, rng: random.Random, lead: Product, gender: str | None) -> list[Product]:
        """What joins ``lead`` in the basket: each complement by its chance, of the lead's class if it says so."""
        chosen = []
        for category, words, chance, matched in COMPLEMENTS.get(lead.category, ()):
            found = sorted((p for p in self.by_category[category] if words in p.title and p.in_stock
                            and p.gender in (gender or p.gender, "unisex")), key=lambda p: (p.price, p.sku))
            if rng.random() >= chance or not found:
                continue
            if not matched:
                chosen.append(rng.choice(found))
                continue
            peers = sorted(self.by_category[lead.category], key=lambda p: (p.price, p.sku))
            place = round(peers.index(lead) / max(len(peers) - 1, 1) * (len(found) - 1))
            chosen.append(found[min(max(place + rng.choice((-1, 0, 0, 0, 0, 1)), 0), len(found) - 1)])
        return chosen

    def page(self, rng: random.Random, products: list[Product], size: int = 8) -> list[Product]:
        return rng.sample(products, min(size, len(products)))


class DemoShop:
    """The calls of every shopper, and the ids, orders and moments they are given."""

    def __init__(self, catalog: Catalog, rng: random.Random, reference: datetime) -> None:
        self.catalog, self.rng, self.reference = catalog, rng, reference
        self.calls: list[Call] = []
        self.customers = self.orders = 0

    def browser(self) -> str:
        return f"{self.rng.getrandbits(64):016x}"

    def customer(self, devices: int = 1) -> Shopper:
        self.customers += 1
        browsers = {self.browser(): self.rng.choice(DEVICES) for _ in range(devices)}
        return Shopper(browsers, f"cust-{self.customers:05d}")

    def visitor(self) -> Shopper:
        return Shopper({self.browser(): self.rng.choice(DEVICES)})

    def visit(self, shopper: Shopper, days_ago: float) -> Visit:
        """A visit that starts ``days_ago`` whole days before the reference day, in waking hours."""
        day = self.reference.replace(hour=0, minute=0, second=0) - timedelta(days=max(int(days_ago), 1))
        start = day + timedelta(hours=self.rng.randint(7, 22), minutes=self.rng.randint(0, 59),
                                seconds=self.rng.randint(0, 59))
        return Visit(self.calls, shopper, start, self.rng, self.rng.choice(list(shopper.browsers)))

    def browse(self, visit: Visit, category: str, views: int, *, activity: str | None = None,
               gender: str | None = None, query: str | None = None) -> None:
        """Find a category by a search or its listing, and look at a few of its products."""
        if query and self.rng.random() < 0.6:
            visit.search(query)
        else:
            listing = self.catalog.page(self.rng, self.catalog.by_category[category])
            visit.list(category.replace(" ", "-"), category, listing)
        for _ in range(views):
            visit.view(self.catalog.pick(self.rng, category, activity=activity, gender=gender))

    def buy(self, visit: Visit, leads: list[Product], *, gender: str | None = None,
            coupon: tuple[str, float] | None = None, complements: bool = True) -> Placed:
        """View and cart the leads and what goes with them, then check out."""
        for lead in leads:
            visit.view(lead)
            visit.add(lead)
            for partner in self.catalog.partners(self.rng, lead, gender) if complements else ():
                visit.view(partner)
                visit.add(partner, 2 if "Socks" in partner.title and self.rng.random() < 0.4 else 1)
        if self.rng.random() < 0.15:  # tried another colour or size and took it out again
            other = self.catalog.pick(self.rng, leads[0].category, gender=gender)
            visit.add(other)
            visit.remove(other)
        visit.cart_viewed()
        visit.checkout()
        self.orders += 1
        placed = visit.order(f"DEMO-{self.orders:06d}", coupon)
        days_left = (self.reference - placed.at).days
        if self.rng.random() < REFUND_RATE and days_left > 20:
            refund(self.calls, placed, self.rng.choice(placed.lines),
                   placed.at + timedelta(days=self.rng.randint(7, 18), hours=self.rng.randint(1, 6)))
        return placed

    def spread(self, count: int, newest: float, oldest: float) -> list[float]:
        """``count`` days ago from ``oldest`` to ``newest``, oldest first."""
        if count == 1:
            return [self.rng.uniform(newest, oldest)]
        return sorted([newest, oldest, *(self.rng.uniform(newest, oldest) for _ in range(count - 2))], reverse=True)


def habit_buyer(shop: DemoShop) -> None:
    """Three to seven orders in the categories of their activity, mostly at the asked price."""
    rng, habit = shop.rng, shop.rng.choice(HABITS)
    gender, shopper = rng.choice(("women", "men")), shop.customer(devices=rng.choice((1, 1, 2)))
    lapsed = rng.random() < 0.2
    newest = rng.uniform(95, 170) if lapsed else rng.uniform(1, 45)
    for days in shop.spread(rng.randint(3, 7), newest, rng.uniform(max(newest + 90, 200), DAYS)):
        category = rng.choices(habit.categories, weights=range(len(habit.categories) + 3, 3, -1))[0]
        if rng.random() < 0.7:
            shop.browse(shop.visit(shopper, days + rng.randint(1, 6)), category, rng.randint(2, 5),
                        activity=habit.activity, gender=gender, query=rng.choice(habit.searches))
        visit = shop.visit(shopper, days)
        lead = shop.catalog.pick(rng, category, activity=habit.activity, gender=gender, owned=shopper.owned)
        shop.buy(visit, [lead], gender=gender)


def deal_seeker(shop: DemoShop, coupons: bool) -> None:
    """Two to four orders: with a coupon on nearly each (cheaper products), or of products on sale only."""
    rng, gender = shop.rng, shop.rng.choice(("women", "men"))
    shopper = shop.customer()
    for days in shop.spread(rng.randint(2, 4), rng.uniform(1, 120), rng.uniform(150, DAYS)):
        visit = shop.visit(shopper, days)
        if coupons:
            category = rng.choice(sorted(COMPLEMENTS))
            shop.browse(visit, category, rng.randint(2, 4), gender=gender)
            leads = [shop.catalog.pick(rng, category, gender=gender, price="low", owned=shopper.owned)]
            shop.buy(visit, leads, gender=gender, coupon=rng.choice(COUPONS) if rng.random() < 0.85 else None)
        else:
            deals = [p for p in shop.catalog.on_sale if p.gender in (gender, "unisex")]
            visit.list("sale", None, shop.catalog.page(rng, deals, 12))
            for product in rng.sample(deals, rng.randint(3, 7)):
                visit.view(product)
            fresh = [p for p in deals if p.sku not in shopper.owned]
            shop.buy(visit, rng.sample(fresh, rng.choice((1, 1, 2))), gender=gender, complements=False)


def premium(shop: DemoShop) -> None:
    """Two to four orders of the dearest products in a category, at full price, decided quickly."""
    rng, gender = shop.rng, shop.rng.choice(("women", "men"))
    shopper, habit = shop.customer(devices=2), rng.choice(HABITS)
    for days in shop.spread(rng.randint(2, 4), rng.uniform(1, 80), rng.uniform(120, DAYS)):
        visit = shop.visit(shopper, days)
        categories = rng.sample(habit.categories, rng.choice((1, 1, 2)))
        leads = [shop.catalog.pick(rng, c, activity=habit.activity, gender=gender, price="high", owned=shopper.owned)
                 for c in categories]
        shop.buy(visit, leads, gender=gender, complements=rng.random() < 0.5)


def one_order(shop: DemoShop, newest: float, oldest: float) -> None:
    """A look or two, one order; a lapsed buyer sometimes looks again without buying."""
    rng, habit, gender = shop.rng, shop.rng.choice(HABITS), shop.rng.choice(("women", "men"))
    shopper, days = shop.customer(), rng.uniform(newest, oldest)
    category = rng.choice(habit.categories)
    for _ in range(rng.randint(0, 2)):
        shop.browse(shop.visit(shopper, days + rng.randint(1, 20)), category, rng.randint(1, 4), gender=gender,
                    query=rng.choice(habit.searches))
    visit = shop.visit(shopper, days)
    shop.buy(visit, [shop.catalog.pick(rng, category, activity=habit.activity, gender=gender)], gender=gender)
    if days > 90 and rng.random() < 0.4:
        shop.browse(shop.visit(shopper, rng.uniform(30, days - 30)), rng.choice(habit.categories), 1)


def browser(shop: DemoShop) -> None:
    """One to four visits of looking, never a cart: anonymous throughout."""
    rng, habit = shop.rng, shop.rng.choice(HABITS)
    shopper, gender = shop.visitor(), rng.choice(("women", "men", None))
    for days in shop.spread(rng.randint(1, 4), rng.uniform(1, 200), rng.uniform(200, DAYS)):
        shop.browse(shop.visit(shopper, days), rng.choice(habit.categories), rng.randint(1, 6),
                    activity=habit.activity, gender=gender, query=rng.choice(habit.searches))


def cart_abandoner(shop: DemoShop, known: bool) -> None:
    """Cart products lately and leave them; a known one bought once or twice before."""
    rng, habit, gender = shop.rng, shop.rng.choice(HABITS), shop.rng.choice(("women", "men"))
    shopper = shop.customer() if known else shop.visitor()
    category = rng.choice(habit.categories)
    if known:
        for days in shop.spread(rng.randint(1, 2), rng.uniform(60, 150), rng.uniform(150, 300)):
            shop.buy(shop.visit(shopper, days), [shop.catalog.pick(rng, category, gender=gender)], gender=gender)
    visit = shop.visit(shopper, rng.uniform(1, 25))
    shop.browse(visit, category, rng.randint(2, 4), activity=habit.activity, gender=gender)
    for _ in range(rng.randint(1, 3)):
        visit.add(shop.catalog.pick(rng, rng.choice(habit.categories), activity=habit.activity, gender=gender))
    visit.cart_viewed()
    if rng.random() < 0.5:
        visit.checkout()


def demo_customers(shop: DemoShop, orders: list[dict[str, Any]]) -> None:
    """The demo customers' orders as their analytics saw them: same numbers, moments, lines and prices."""
    people = {customer_id: Shopper({f"{name}-laptop": "desktop"}, customer_id, email)
              for name, (customer_id, email) in CUSTOMERS.items() if customer_id}
    for order in sorted(orders, key=lambda o: o["placed_at"]):
        shopper = people.get(order["customer_id"])
        if shopper is None:  # a guest checkout: the shop's analytics never knew who
            continue
        placed = datetime.fromisoformat(order["placed_at"])
        visit = Visit(shop.calls, shopper, placed - timedelta(minutes=8), shop.rng, gap=(10, 45))
        for line in order["lines"]:
            product = shop.catalog.by_sku[line["sku"]]
            visit.view(product)
            visit.add(product, line["quantity"], line["unit_price"])
        visit.cart_viewed()
        visit.checkout()
        done = visit.order(order["order_number"], at=placed)
        if order["cancelled_at"]:  # a paid order cancelled: its money goes back
            for line in done.lines:
                refund(shop.calls, done, line, datetime.fromisoformat(order["cancelled_at"]))


# Kinds of shoppers and how many of each: a shop of about 900, two in three of whom bought something.
KINDS: tuple[tuple[str, int, Callable[[DemoShop], None]], ...] = (
    ("loyal, with an activity habit", 160, habit_buyer),
    ("coupon responders", 60, lambda shop: deal_seeker(shop, coupons=True)),
    ("sale hunters", 70, lambda shop: deal_seeker(shop, coupons=False)),
    ("premium", 50, premium),
    ("one order, lapsed", 170, lambda shop: one_order(shop, 95, DAYS)),
    ("one order, lately", 70, lambda shop: one_order(shop, 1, 60)),
    ("browsers", 220, browser),
    ("cart abandoners, anonymous", 45, lambda shop: cart_abandoner(shop, known=False)),
    ("cart abandoners, past buyers", 45, lambda shop: cart_abandoner(shop, known=True)),
)


def demo_calls(catalog: Path = DEMO_CATALOG, *, reference: datetime = DEMO_REFERENCE,
               seed: str = SEED) -> list[dict[str, Any]]:
    """Every call, in time order, as of ``reference``; the same catalog and seed give the same calls."""
    shop = DemoShop(Catalog(read_products(catalog)), random.Random(seed), reference)
    for _name, count, kind in KINDS:
        for _ in range(count):
            kind(shop)
    demo_customers(shop, demo_orders(catalog, reference=reference))
    ordered = sorted(enumerate(shop.calls), key=lambda pair: (pair[1].at, pair[0]))
    return [{"messageId": f"demo-{n:06d}", "timestamp": call.at.isoformat(), **call.data}
            for n, (_, call) in enumerate(ordered, start=1)]


def demo_calls_text(catalog: Path = DEMO_CATALOG) -> str:
    return "".join(json.dumps(call, ensure_ascii=False, separators=(",", ":")) + "\n" for call in demo_calls(catalog))


def write_demo_shoppers(path: Path = DEMO_SHOPPERS, catalog: Path = DEMO_CATALOG) -> Path:
    """Write the calls; a ``.gz`` path is gzipped with no name or time in its header, so it is reproducible."""
    data = demo_calls_text(catalog).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0) if path.suffix == ".gz" else data)
    return path


def shoppers_in(calls: list[dict[str, Any]]) -> tuple[int, int]:
    """(shoppers, customers) the calls are about: each customer id, and each browser never signed in."""
    customers = {c["userId"] for c in calls if "userId" in c}
    signed_in = {c["anonymousId"] for c in calls if "anonymousId" in c and "userId" in c}
    browsers = {c["anonymousId"] for c in calls if "anonymousId" in c} - signed_in
    return len(customers) + len(browsers), len(customers)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the demo shoppers' calls.")
    parser.add_argument("--out", type=Path, default=DEMO_SHOPPERS, help="where to write (default: %(default)s)")
    written = write_demo_shoppers(parser.parse_args(argv).out)
    calls = [call for _, call in read_segment_calls(written)]
    shoppers, customers = shoppers_in(calls)
    print(f"wrote {len(calls):,} calls of {shoppers:,} shoppers ({customers:,} customers) to {written} "
          f"({written.stat().st_size:,} bytes)")
    for event, count in Counter(c.get("event", c["type"]) for c in calls).most_common():
        print(f"  {event:<20} {count:>6}")


if __name__ == "__main__":
    main()
