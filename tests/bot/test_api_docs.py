"""``/docs`` works without internet: the page names only the app's own URLs, and they all answer."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from bot.web.app import create_app
from tests.bot.web_helpers import migrated_services

KINDS = {".js": "javascript", ".css": "text/css", ".png": "image/png"}


def test_the_api_page_loads_swagger_ui_from_the_app_itself(tmp_path: Path) -> None:
    client = TestClient(create_app(migrated_services(tmp_path / "home")))
    page = client.get("/docs")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    urls = re.findall(r"""(?:src|href)="([^"]+)"|url: '([^']+)'""", page.text)
    urls = [a or b for a, b in urls]
    assert "/openapi.json" in urls and "http" not in page.text.lower().replace("http-equiv", "")
    assets = [url for url in urls if url != "/openapi.json"]
    assert {Path(url).suffix for url in assets} == set(KINDS)  # the script, the style and the icon
    for url in assets:
        assert url.startswith("/") and not url.startswith("//"), url
        response = client.get(url)
        assert response.status_code == 200, url
        assert KINDS[Path(url).suffix] in response.headers["content-type"], url
        assert response.content, url
    assert "SwaggerUIBundle" in client.get(next(u for u in assets if u.endswith(".js"))).text
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")


def test_redoc_is_off_and_the_page_stays_out_of_the_schema(tmp_path: Path) -> None:
    client = TestClient(create_app(migrated_services(tmp_path / "home")))
    assert client.get("/redoc").status_code == 404
    assert not any(path.startswith("/docs") for path in client.get("/openapi.json").json()["paths"])
