"""The console's page: served by the app under a strict CSP, no data in it, nothing from elsewhere, every value
from the API put in as text, and the stable ids browser tests drive."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from bot.services import Services
from bot.settings import Settings
from bot.web.app import create_app
from bot.web.console_page import SCRIPTS

IDS = ("token-form", "token", "sign-out", "error", "catalog", "catalog-status", "status-products", "status-live",
       "status-built", "status-pending", "versions", "rollback", "rollback-result", "upload-form", "upload-file",
       "upload-map", "upload-replace", "upload-button", "upload-progress", "upload-bar", "upload-stage",
       "import-report", "import-message", "import-counts", "import-index", "rejections", "rejected-rows",
       "rejected-more", "segments", "refresh-segments", "refresh-progress", "refresh-result", "download-report",
       "segments-charts", "micro-segments", "clusters", "evaluation", "conversion", "conversion-form",
       "conversion-days", "conversion-meta", "conversion-figures", "conversion-lifts", "conversion-groups",
       "conversion-charts", "conversion-match", "conversion-segments", "conversion-lifecycle")


def test_the_page_loads_without_a_token_and_everything_is_served_here(tmp_path: Path) -> None:
    client = TestClient(create_app(Services(Settings(home=tmp_path / "home"))))
    page = client.get("/console")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "style-src 'self';" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "img-src 'self' blob:;" in policy
    html = page.text
    assert '<script type="module" src="/console/console.js">' in html and 'href="/console/console.css"' in html
    style = client.get("/console/console.css")
    assert style.status_code == 200 and style.headers["content-type"].startswith("text/css")
    assert client.get("/console/other.js").status_code == 404
    scripts = {}
    for name in SCRIPTS:
        response = client.get(f"/console/{name}")
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/javascript")
        scripts[name] = response.text
    # Every module the page imports is served, and nothing else is imported.
    imported = {found for text in scripts.values() for found in re.findall(r'from "\./([a-z]+\.js)"', text)}
    assert imported == set(SCRIPTS) - {"console.js"}
    for text in (html, style.text, *scripts.values()):
        assert "//cdn" not in text and 'src="http' not in text and "@import" not in text and "<style" not in text
        assert "import(" not in text and "http://" not in text and "https://" not in text
    # No inline script or style that the policy would refuse.
    assert html.count("<script") == 1 and " style=" not in html and " on" + "click=" not in html
    # The token is kept for the tab and sent as a bearer token; data goes in as text, never as markup.
    code = "\n".join(scripts.values())
    assert "sessionStorage" in scripts["api.js"] and "`Bearer ${" in scripts["api.js"]
    assert ".innerHTML" not in code and "insertAdjacentHTML" not in code and "outerHTML" not in code
    assert "document.write" not in code and "eval(" not in code
    for name in IDS:
        assert f'id="{name}"' in html, name
    for count in ("added", "updated", "unchanged", "discontinued", "rejected", "embedded"):
        assert f'data-test="{count}"' in html
