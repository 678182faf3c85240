"""The chat widget's files as the app serves them: the three npm builds by name only, our script and style, and
rasa-webchat without its call to Google's font server."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.web import widget_assets


@pytest.fixture(scope="module")
def client() -> TestClient:
    if not widget_assets.installed():
        pytest.skip("the widget's npm packages are missing: `make setup` installs them")
    app = FastAPI()
    app.include_router(widget_assets.router())
    return TestClient(app)


def test_the_vendor_builds_are_served_without_the_font_import(client: TestClient) -> None:
    for url in widget_assets.script_urls():
        response = client.get(url)
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/javascript")
    webchat = client.get("/widget/vendor/webchat.js").content
    assert b"rw-conversation-container" in webchat and b"fonts.googleapis.com" not in webchat
    assert b"fonts.googleapis.com" in widget_assets.VENDOR["webchat.js"].read_bytes(), "the package has it"


def test_nothing_else_under_node_modules_is_reachable(client: TestClient) -> None:
    assert client.get("/widget/vendor/package.json").status_code == 404
    assert client.get("/widget/vendor/..%2F..%2Fpackage.json").status_code == 404
    assert client.get("/widget/widget.css").status_code == 200
