"""Browser tests: the fixture site, built once and served on 127.0.0.1, in Debian's Chromium.

One build, one server and one browser per test session; each test gets fresh browser
tabs (``open_tab``) where every request outside 127.0.0.1 is blocked and recorded,
with failed requests and console errors. Outside CI, a missing browser (`chromium`,
installed by `.ci/run`) or axe-core (`npm ci`, run by `make test`) skips these tests and says why; with
CI=true it fails them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, Request, Response, Route, sync_playwright

from helpers import REPO, build, found, make_project
from referentiel.pdf import CHROMIUM_FLAGS

#: Where the site lives on its host (site_url's path): pages link to assets below it.
SITE_PATH = urlsplit(found(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text("utf-8"), re.MULTILINE)[1]).path
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def unavailable(reason: str) -> NoReturn:
    """Skip the test for a missing tool, except in CI, where browser tests must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(reason)


@dataclass
class Tab:
    """A browser tab, in a browser context of its own, and what went wrong in it."""

    page: Page
    failed: list[str] = field(default_factory=list)  # blocked or failed requests, HTTP errors
    errors: list[str] = field(default_factory=list)  # console errors, uncaught exceptions

    @classmethod
    def open(cls, browser: Browser, base_url: str, **options: Any) -> Tab:
        """A tab that reaches 127.0.0.1 only: any other request is blocked and recorded.
        ``options``: more of the browser context's (a viewport, a touch screen…)."""
        context = browser.new_context(base_url=base_url, locale="fr-FR", **options)
        tab = cls(context.new_page())

        def local_only(route: Route) -> None:
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                tab.failed.append(f"blocked: {route.request.url}")
                route.abort()

        def request_failed(request: Request) -> None:
            tab.failed.append(f"failed: {request.url} ({request.failure})")

        def response_received(response: Response) -> None:
            if response.status >= 400:
                tab.failed.append(f"HTTP {response.status}: {response.url}")

        def console_message(message: ConsoleMessage) -> None:
            if message.type == "error":
                tab.errors.append(f"console: {message.text} ({message.location['url']})")

        context.route("**/*", local_only)
        context.on("requestfailed", request_failed)
        context.on("response", response_received)
        context.on("console", console_message)
        tab.page.on("pageerror", lambda error: tab.errors.append(f"uncaught: {error}"))
        return tab

    def goto(self, path: str) -> None:
        """Open a page of the site (path relative to the site's root) and let it settle."""
        self.page.goto(path)
        self.page.wait_for_load_state("networkidle")

    def close(self) -> None:
        self.page.context.close()


@pytest.fixture(scope="session")
def site_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project built into <folder>/<site path>, as its host serves it."""
    root = make_project(tmp_path_factory.mktemp("browser") / "project")
    folder = root / "www"
    run = build(root, "--site-dir", str(folder / SITE_PATH.strip("/")))
    assert run.code == 0, run.output
    return folder


@pytest.fixture(scope="session")
def base_url(site_folder: Path) -> Iterator[str]:
    """The site's address on a server process started for the session."""
    yield from _serve(site_folder)


@pytest.fixture(scope="session")
def real_base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's own content, built and served, for what needs its size (the graph, print)."""
    folder = tmp_path_factory.mktemp("real") / "www"
    run = build(REPO, "--site-dir", str(folder / SITE_PATH.strip("/")))
    assert run.code == 0, run.output
    yield from _serve(folder)


@pytest.fixture
def open_real_tab(browser: Browser, real_base_url: str) -> Iterator[Callable[[], Tab]]:
    """Open tabs on the real site for one test; they close after it."""
    yield from tabs_on(browser, real_base_url)


def _serve(site_folder: Path) -> Iterator[str]:
    not_found = site_folder / SITE_PATH.strip("/") / "404.html"
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("static_server.py")), str(site_folder), str(not_found)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        port = server.stdout.readline().strip() if server.stdout else ""
        assert port.isdigit(), "the test server did not start"
        yield f"http://127.0.0.1:{port}{SITE_PATH}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright (no browser download), with a fresh profile."""
    executable = shutil.which("chromium")
    if executable is None:
        unavailable("chromium is not installed: run `.ci/run` as root, or `apt-get install chromium chromium-driver`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_FLAGS))
        yield browser
        browser.close()


@pytest.fixture
def open_tab(browser: Browser, base_url: str) -> Iterator[Callable[[], Tab]]:
    """Open tabs for one test; they close after it."""
    yield from tabs_on(browser, base_url)


def tabs_on(browser: Browser, base_url: str) -> Iterator[Callable[[], Tab]]:
    """A tab opener on the site at ``base_url``, for a fixture to yield; its tabs close afterwards."""
    tabs: list[Tab] = []

    def open_() -> Tab:
        tabs.append(Tab.open(browser, base_url))
        return tabs[-1]

    yield open_
    for tab in tabs:
        tab.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE.is_file():
        unavailable("axe-core is not installed: run `make test`, or `npm ci`")
    return AXE


def serious_violations(page: Page, axe: Path) -> list[str]:
    """axe-core's serious and critical violations on the page, one line per element."""
    page.add_script_tag(path=str(axe))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['impact']} {violation['id']}: {violation['help']} — {node['target']}"
        for violation in result["violations"] if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]


def choose(page: Page, select: Locator, value: str) -> None:
    """Pick an option of a <select> with the arrow keys, as a keyboard user does."""
    select.focus()
    for _ in range(10):
        if select.input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {value} not reached with the keyboard")
