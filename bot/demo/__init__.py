"""The demo shop's data and the code that writes it: the catalog, its judged queries, the orders and their
customers, a year of shoppers' events, the bot's lookup tables drawn from the catalog's words, and the
products' pictures.

Every generator here is seeded and free of time-dependent values, so it rewrites its shipped file under
``data/`` byte for byte; a test holds each file to its generator.
"""

from bot.settings import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"
DEMO_CATALOG = DATA / "catalog" / "demo_catalog.csv"
DEMO_QUERIES = DATA / "catalog" / "demo_queries.jsonl"
DEMO_QRELS = DATA / "catalog" / "demo_qrels.jsonl"
DEMO_ORDERS = DATA / "support" / "demo_orders.jsonl"
DEMO_SHOPPERS = DATA / "shoppers" / "demo_events.jsonl.gz"
