"""What ``outfitter run`` (either mode) makes ready before it starts anything: the schema, a catalog and its
live index, and on a first run the demo shop's orders and shoppers."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.cli.catalog import print_report, refresh_index, tell_vocabulary
from bot.cli.console import err
from bot.cli.events import load_first_shoppers
from bot.cli.orders import print_order_report
from bot.cli.progress import progress_bars
from bot.cli.writing import catalog_writer
from bot.db import upgrade
from bot.demo import DEMO_CATALOG
from bot.demo.orders import load_demo_orders
from bot.services import Services
from recommender.catalog.importer import import_catalog
from recommender.catalog.models import Product


def prepare(services: Services) -> None:
    """Database schema, a catalog, orders and shoppers (the demo shop's on first run) and a live index."""
    upgrade(services.engine)
    with services.sessions() as session:
        if (orders := load_demo_orders(session)) is not None:  # only while there is no order at all
            session.commit()
            print_order_report(orders, err, where=" (the demo shop's, dated from today)")
    with catalog_writer(services):
        with services.sessions() as session:
            empty = not session.scalar(select(func.count()).select_from(Product))
        if empty:
            err.print(f"The catalog is empty: importing the demo catalog {DEMO_CATALOG.name}")
            with progress_bars(err) as progress, services.sessions() as session:
                print_report(import_catalog(session, DEMO_CATALOG, services.encoder, progress=progress), err)
        refresh_index(services, err)
    tell_vocabulary(services, err)
    load_first_shoppers(services, err)  # only while no event is recorded; reads the catalog's prices
