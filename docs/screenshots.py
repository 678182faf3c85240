"""Take the README's pictures of the running assistant: the shop with the widget open on its suggestions, and the
merchandiser console's segment report.

    .venv/bin/python docs/screenshots.py            # writes docs/shop-widget.png and docs/console-segments.png

It starts `outfitter run` on a fresh home (the demo catalog, orders and shoppers), so the pictures show what
`make run` shows. Needs what `make test` sets up: the trained model, the widget's npm packages, Chromium.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from bot.background_run import CHROMIUM, CHROMIUM_ARGS, background_run
from bot.keys import Role
from bot.services import Services
from bot.widget_driver import Widget

DOCS = Path(__file__).resolve().parent
ANSWERS = {"What will you mostly use it for": "Hiking", "What conditions": "Rain", "Which features": "Waterproof",
           "Who is it for": "Women"}
VIEWPORT = {"width": 1360, "height": 900}


def shop_with_suggestions(page: Any, url: str, out: Path) -> None:
    """A shopper looks at three women's rain jackets, opens the chat and lets the finder pick."""
    page.goto(f"{url}/shop?category=rain%20jackets&gender=women")
    skus = page.locator("article.card").evaluate_all("cards => cards.map(c => c.dataset.sku)")
    for sku in skus[3:6]:
        page.goto(f"{url}/products/{sku}")
        page.wait_for_selector("html[data-events-sent]", state="attached")
    page.goto(f"{url}/shop?category=rain%20jackets&gender=women")
    chat = Widget(page)
    chat.open()
    chat.wait_for("looking at rain jackets")
    before = chat.count()
    chat.tap("Help me choose rain jackets")
    chat.wait_for_new(before)
    chat.answer_the_finder(ANSWERS)
    # The intro that frames the picks at the top of the chat, the cards under it.
    page.locator(".rw-response", has_text="pick").last.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(1000)
    page.screenshot(path=str(out))


def console_segments(page: Any, url: str, token: str, out: Path) -> None:
    page.goto(f"{url}/console")
    page.locator("#token").fill(token)
    page.locator("#sign-in-button").click()
    charts = page.locator("#segments-charts img")
    charts.first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    box = page.locator("#segments").bounding_box()
    # The figures and charts; the tables under them are the page's to read, not the picture's.
    page.screenshot(path=str(out), full_page=True,
                    clip={"x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], 1650)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DOCS, help="folder for the pictures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home, background_run(Path(home), {"OUTFITTER_HOLDOUT_SHARE": "0"}) as run:
        url = f"http://127.0.0.1:{run.web_port}"
        token = Services(run).keys.tokens[Role.MERCHANDISER]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            shop_with_suggestions(browser.new_page(viewport=VIEWPORT), url, args.out / "shop-widget.png")
            console_segments(browser.new_page(viewport={"width": 1360, "height": 1800}), url, token,
                             args.out / "console-segments.png")
            browser.close()
    print(f"wrote {args.out / 'shop-widget.png'} and {args.out / 'console-segments.png'}")


if __name__ == "__main__":
    main()
