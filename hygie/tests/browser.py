"""What browser tests share: Debian's Chromium driven by Playwright, against a live server."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.db import connections
from django.test import Client, TransactionTestCase
from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    expect,
    sync_playwright,
)

CHROMIUM = os.environ.get("HYGIE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_MISSING = (
    f"Chromium introuvable à {CHROMIUM} : lancez « make system », qui installe le paquet "
    "Debian « chromium » (ou dit comment), ou indiquez son chemin dans HYGIE_CHROMIUM. "
    f"Chromium not found at {CHROMIUM}: install Debian's chromium package (make system)."
)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class BrowserMixin:
    """A Chromium browser (`self.browser`) for each test, against `live_server_url`.

    A missing Chromium fails the test, unless HYGIE_SKIP_BROWSER=1 says to skip.
    """

    @classmethod
    def setUpClass(cls) -> None:
        # Playwright's sync API runs an event loop in this thread, and Django's
        # ORM (flushing the database between tests) refuses to run beside one.
        previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        cls.addClassCleanup(cls._restore_async_unsafe, previous)
        super().setUpClass()

    @staticmethod
    def _restore_async_unsafe(previous: str | None) -> None:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous

    def setUp(self) -> None:
        if not Path(CHROMIUM).is_file():
            if os.environ.get("HYGIE_SKIP_BROWSER") == "1":
                self.skipTest(f"HYGIE_SKIP_BROWSER=1. {CHROMIUM_MISSING}")
            self.fail(CHROMIUM_MISSING)
        # Links in e-mails must lead to this server.
        self.enterContext(self.settings(SITE_URL=self.live_server_url))
        playwright = sync_playwright().start()
        self.addCleanup(playwright.stop)
        # Database connections the test opens from now on belong to the context
        # Playwright runs it in, which the test runner's final teardown does not
        # see: on PostgreSQL they would stay taken from the pool, and the test
        # database could not be dropped. Give them back after each test.
        self.addCleanup(connections.close_all)
        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.addCleanup(self.browser.close)
        # Generous waits: CI runs the other tests on the other core meanwhile.
        expect.set_options(timeout=10_000)
        self.addCleanup(expect.set_options, timeout=5_000)
        self.problems: list[str] = []

    def new_page(self, who: str = "", *, form_errors: bool = False) -> Page:
        """A page in a fresh context (its own cookies, as another person's
        browser) whose JavaScript errors and Content-Security-Policy violations
        are recorded in `self.problems`. form_errors: a form answered with
        errors (400) is expected, and Chromium logs it."""
        context = self.browser.new_context(locale="fr-FR")
        context.set_default_timeout(10_000)
        page = context.new_page()
        label = f"{who}, " if who else ""

        def on_console(message: ConsoleMessage) -> None:
            if form_errors and "status of 400 (Bad Request)" in message.text:
                return
            # Chromium reports CSP violations as console errors.
            if message.type == "error" or "Content Security Policy" in message.text:
                self.problems.append(f"{label}{page.url}: console {message.type}: {message.text}")

        def on_page_error(error: Error) -> None:
            self.problems.append(f"{label}{page.url}: JavaScript error: {error}")

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        return page

    def signed_in_context(self, user, **options) -> BrowserContext:
        """A browser context signed in as `user` (a session made by Django's
        test client, not by typing the password); `options` go to Playwright's
        new_context (java_script_enabled, bypass_csp, viewport…)."""
        client = Client()
        client.force_login(user)
        context = self.browser.new_context(locale="fr-FR", **options)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": self.live_server_url,
                }
            ]
        )
        return context

    def assertNoProblems(self) -> None:
        self.assertFalse(self.problems, "\n".join(self.problems))


class BrowserTestCase(BrowserMixin, StaticLiveServerTestCase):
    """Django's live server (HTTP) and a browser."""

    host = "127.0.0.1"


class ASGIServer(threading.Thread):
    """Hygie's ASGI application served by uvicorn in a thread of the test
    process, WebSockets included: the same stack as `hygie serve`."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        import uvicorn

        from hygie.asgi import application
        from hygie.front.serving import WEBSOCKET_OPTIONS

        config = uvicorn.Config(
            application,
            host="127.0.0.1",
            port=0,
            log_level="warning",
            lifespan="off",
            **WEBSOCKET_OPTIONS,
        )
        self.server = uvicorn.Server(config)

    def run(self) -> None:
        asyncio.run(self.server.serve())

    def start_and_wait(self) -> str:
        self.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.is_alive():
                raise RuntimeError("The ASGI server did not start.")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.join(timeout=20)


class ASGIBrowserTestCase(BrowserMixin, TransactionTestCase):
    """Hygie's whole ASGI application (pages and WebSockets) and a browser."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.server = ASGIServer()
        cls.live_server_url = cls.server.start_and_wait()
        cls.addClassCleanup(cls.server.stop)
