"""A web app on a private home, and the credentials its callers hold."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from bot.db import upgrade
from bot.keys import Role
from bot.services import Services
from bot.settings import Settings
from bot.web.app import create_app
from recommender.catalog.importer import import_catalog
from recommender.catalog.indexing import publish_index
from recommender.encoder import Encoder
from tests.conftest import SMALL_CATALOG, write_catalog


def migrated_services(home: Path) -> Services:
    services = Services(Settings(home=home))
    upgrade(services.engine)
    return services


def stocked_services(home: Path, encoder: Encoder) -> Services:
    """``migrated_services`` with the session's encoder and the small catalog imported and live."""
    services = migrated_services(home / "home")
    services.__dict__["encoder"] = encoder  # the session's already-loaded model
    with services.sessions() as session:
        import_catalog(session, write_catalog(home / "catalog.csv", SMALL_CATALOG), encoder)
        publish_index(session, services.index_store, encoder.model_name)
    return services


def bearer(services: Services, role: Role) -> dict[str, str]:
    return {"Authorization": f"Bearer {services.keys.tokens[role]}"}


def browser(services: Services) -> TestClient:
    """A browser: it keeps the cookies the app sets, and holds no token."""
    return TestClient(create_app(services))


def sign_in(services: Services, client: TestClient, customer: str) -> dict[str, str]:
    """The shop's sign-in for ``client``'s browser: its anonymous id linked to ``customer``, and the signed
    session installed as the browser's cookie (as the shop's server would set it)."""
    anonymous = client.get("/api/session").json()["anonymous_id"]
    response = client.post("/api/sessions", json={"customer_id": customer, "anonymous_id": anonymous},
                           headers=bearer(services, Role.SHOP))
    assert response.status_code == 200, response.text
    body = response.json()
    client.cookies.clear()
    client.cookies.set("outfitter_session", body["token"])
    return body
