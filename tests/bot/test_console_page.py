"""The console's page: served by the app under a strict CSP, no data in it, nothing from elsewhere, every value
from the API put in as text, and the stable ids browser tests drive."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from bot.services import Services
from bot.settings import Settings
from bot.web.app import create_app

IDS = ("token-form", "token", "sign-out", "error", "catalog", "catalog-status", "status-products", "status-live",
       "status-built", "status-pending", "versions", "rollback", "rollback-result", "upload-form", "upload-file",
       "upload-map", "upload-replace", "upload-button", "upload-progress", "upload-bar", "upload-stage",
       "import-report", "import-message", "import-counts", "import-index", "rejections", "rejected-rows",
       "rejected-more", "segments", "refresh-segments", "refresh-progress", "refresh-result", "download-report",
       "segments-charts", "micro-segments", "clusters", "evaluation", "conversion", "conversion-form",
       "conversion-days", "conversion-body")


def test_the_page_loads_without_a_token_and_everything_is_served_here(tmp_path: Path) -> None:
    client = TestClient(create_app(Services(Settings(home=tmp_path / "home"))))
    page = client.get("/console")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "style-src 'self';" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "img-src 'self' blob:;" in policy
    html = page.text
    assert '<script src="/console/console.js">' in html and 'href="/console/console.css"' in html
    script, style = client.get("/console/console.js"), client.get("/console/console.css")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert style.status_code == 200 and style.headers["content-type"].startswith("text/css")
    assert client.get("/console/other.js").status_code == 404
    for text in (html, script.text, style.text):
        assert "//cdn" not in text and 'src="http' not in text and "@import" not in text and "<style" not in text
    # No inline script or style that the policy would refuse.
    assert html.count("<script") == 1 and " style=" not in html and " on" + "click=" not in html
    # The token is kept for the tab and sent as a bearer token; data goes in as text, never as markup.
    assert "sessionStorage" in script.text and "`Bearer ${" in script.text
    assert ".innerHTML" not in script.text and "insertAdjacentHTML" not in script.text
    assert "document.write" not in script.text and "outerHTML" not in script.text
    for name in IDS:
        assert f'id="{name}"' in html, name
    for count in ("added", "updated", "unchanged", "discontinued", "rejected", "embedded"):
        assert f'data-test="{count}"' in html
