"""The chat widget in a Playwright page, as a shopper uses it: open it, read the bot, tap its buttons, type, look
at the cards, answer the finder. The browser tests and docs/screenshots.py drive it."""

from __future__ import annotations

import time
from typing import Any

# rasa-webchat's own class names (rasa-webchat 1.0.1, pinned in bot/web/widget/package-lock.json)
LAUNCHER = ".rw-launcher"
BOT_TEXT = ".rw-response"
REPLIES = ".rw-replies"
INPUT = "textarea.rw-new-message"
WAIT = 45.0


class Widget:
    def __init__(self, page: Any) -> None:
        self.page = page

    def open(self) -> None:
        self.page.locator(LAUNCHER).click()

    def texts(self) -> list[str]:
        return self.page.locator(BOT_TEXT).all_inner_texts()

    def wait_for(self, words: str) -> str:
        """The first bot message that contains ``words``, waiting for it."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            found = next((t for t in self.texts() if words in t), None)
            if found is not None:
                return found
            self.page.wait_for_timeout(200)
        raise AssertionError(f"the bot never said {words!r}; it said: {self.texts()}")

    def count(self) -> int:
        return self.page.locator(BOT_TEXT).count()

    def wait_for_new(self, before: int) -> str:
        """The bot's next message after the ``before`` it had said, waiting for it (cards count as one)."""
        # Polled from here: the shop's CSP (rightly) forbids the eval that wait_for_function would need.
        deadline = time.monotonic() + WAIT
        while self.count() <= before and not self.page.locator(".of-cards").count():
            if time.monotonic() > deadline:
                raise AssertionError(f"the bot did not answer; it said: {self.texts()}")
            self.page.wait_for_timeout(200)
        self.page.wait_for_timeout(600)  # the rest of the turn's messages
        return self.texts()[-1] if self.count() > before else ""

    def buttons(self) -> list[str]:
        replies = self.page.locator(REPLIES).last
        return replies.locator(".rw-reply").all_inner_texts() if replies.count() else []

    def tap(self, title: str) -> None:
        self.page.locator(REPLIES).last.locator(".rw-reply", has_text=title).first.click()

    def say(self, text: str) -> None:
        self.page.locator(INPUT).fill(text)
        self.page.locator(INPUT).press("Enter")

    def cards(self) -> Any:
        return self.page.locator(".of-cards").last.locator(".of-card")

    def answer_the_finder(self, answers: dict[str, str]) -> None:
        """Tap the finder's buttons until suggestions come: ``answers`` maps the start of a question to the
        button to tap; any other question gets "No preference"."""
        for _ in range(8):
            if self.cards().count():
                return
            question = self.texts()[-1]
            choice = next((a for q, a in answers.items() if question.startswith(q)), "No preference")
            before = self.count()
            self.tap(choice)
            self.wait_for_new(before)
        raise AssertionError(f"no suggestions after the finder: {self.texts()}")
