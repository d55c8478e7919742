"""Two people typing at the very same time, for the pad's browser tests.

Playwright's sync API drives one page at a time (each call blocks its thread until the browser
answers), and its objects cannot cross threads. So the typists get a Chromium of their own, driven
by the async API from an event loop in a thread of its own: both pages' keyboards run at once, and
the test's thread, where the session's sync Chromium keeps its loop marked as running (so no
asyncio.run there), calls into that loop and waits for the answers.
"""

import asyncio
import itertools
import threading
import time
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass
from typing import Any

from tests.conftest import CHROMIUM
from tests.factories import PASSWORD

KEY_DELAY_MS = 40  # a fast typist, 25 keys a second each: well within the socket's 100 messages

# Every keydown the page sees, with the browser's clock (one clock for every page of the
# machine), so the test can tell that the two typists' keys really came in between each other.
RECORD_KEYS = """() => {
  window.keyTimes = [];
  document.addEventListener("keydown", () => window.keyTimes.push(Date.now()), true);
}"""
# What the person sees (the editor) and what is merged and sent (the Yjs text).
TEXTS = """() => {
  const pad = window.loupeRoom.pad;
  return pad ? [pad.view.state.doc.toString(), pad.text.toString()] : ["", ""];
}"""


@dataclass
class Typed:
    text: str
    key_times: list[int]  # ms since the epoch, one per keydown


class TypistsBrowser:
    """A Chromium driven by Playwright's async API from its own thread; every method is called
    from the test's thread and returns once the browser has answered."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.playwright = self.browser = None
        try:
            self.playwright, self.browser = self.run(self._launch())
        except BaseException:
            self.close()
            raise

    def run(self, coroutine: Coroutine, timeout: float = 60) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    async def _launch(self):
        from playwright.async_api import async_playwright

        playwright = await async_playwright().start()
        try:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
        except BaseException:
            await playwright.stop()
            raise
        return playwright, browser

    def close(self) -> None:
        if self.browser:
            self.run(self.browser.close())
        if self.playwright:
            self.run(self.playwright.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()

    def open(self, path: str, username: str | None = None):
        """A page of a new context at `path`, logged in as `username` first if given, with its
        pad's editor shown and clicked."""
        return self.run(self._open(path, username))

    async def _open(self, path: str, username: str | None):
        context = await self.browser.new_context(base_url=self.base_url)
        context.set_default_timeout(10_000)
        page = await context.new_page()
        if username:
            await page.goto("/login/")
            await page.get_by_label("Username").fill(username)
            await page.get_by_label("Password").fill(PASSWORD)
            await page.get_by_role("button", name="Log in").click()
            await page.wait_for_url(lambda url: "/login/" not in url)
        await page.goto(path)
        await page.locator("[data-pad] .cm-content").click()
        return page

    def texts(self, page) -> list[str]:
        return self.run(page.evaluate(TEXTS))

    def saved(self, page) -> str:
        async def saved():
            return await page.locator("[data-pad-saved]").inner_text()

        return self.run(saved())

    def type(self, page, text: str) -> None:
        self.run(page.keyboard.type(text))

    def press(self, page, key: str) -> None:
        self.run(page.keyboard.press(key))

    def type_at_once(self, typists: dict[Any, Iterable[str]], seconds: float) -> dict[Any, Typed]:
        """Every page types its chunks, one after the other, all pages at the same time, until
        `seconds` have passed; what each typed, and when each key came down."""
        return self.run(self._type_at_once(typists, seconds), timeout=seconds + 60)

    async def _type_at_once(self, typists, seconds):
        for page in typists:
            await page.evaluate(RECORD_KEYS)
        deadline = time.monotonic() + seconds

        async def type_until_deadline(page, chunks):
            typed = []
            for chunk in itertools.cycle(chunks):
                if time.monotonic() >= deadline:
                    break
                await page.keyboard.type(chunk, delay=KEY_DELAY_MS)
                typed.append(chunk)
            return Typed("".join(typed), await page.evaluate("() => window.keyTimes"))

        done = await asyncio.gather(*(type_until_deadline(p, c) for p, c in typists.items()))
        return dict(zip(typists, done, strict=True))
