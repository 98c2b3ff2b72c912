"""The 404 page, as a static host serves it for any missing address: styled, scripted and
searchable at any depth, where site_url says the site lives and anywhere else (a fork, an
intranet copy, a preview served from the root)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .conftest import SITE_PATH, Tab

#: The same site served from other folders than site_url's path.
ELSEWHERE = {"root": "/", "other-path": "/ailleurs/copie/"}


@pytest.fixture(scope="module")
def elsewhere(site_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """One server whose folder holds the built site at each path of ELSEWHERE; its 404 page for anything missing."""
    built = site_folder / SITE_PATH.strip("/")
    www = tmp_path_factory.mktemp("elsewhere")
    for path in ELSEWHERE.values():
        shutil.copytree(built, www / path.strip("/"), dirs_exist_ok=True)
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("static_server.py")), str(www), str(built / "404.html")],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        port = server.stdout.readline().strip() if server.stdout else ""
        assert port.isdigit(), "the test server did not start"
        yield {name: f"http://127.0.0.1:{port}{path}" for name, path in ELSEWHERE.items()}
    finally:
        server.terminate()
        server.wait(timeout=10)


def _check_not_found_page(browser: Browser, root: str, missing: str) -> None:
    tab = Tab.open(browser, root)
    try:
        response = tab.page.goto(missing)
        tab.page.wait_for_load_state("networkidle")
        assert response is not None and response.status == 404
        page = tab.page
        # Elsewhere, the preload scanner fetches the assets where site_url says before the script moves the <base>.
        intended = "/".join(root.split("/")[:3]) + SITE_PATH

        def expected(line: str) -> bool:
            return line.rstrip(")").endswith(missing) or (root != intended and intended in line)

        failed = [line for line in tab.failed if not expected(line)]
        assert not failed, f"{missing}: requests failed:\n" + "\n".join(failed)
        assert not [line for line in tab.errors if not expected(line)], tab.errors
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", "no CSS"
        assert page.evaluate("document.documentElement.classList.contains('js')"), "Material's script did not run"
        assert page.locator("article a", has_text="accueil").evaluate("a => a.href") == root
        assert page.locator(".md-nav__link", has_text="Glossaire").first.evaluate("a => a.href") == root + "glossaire/"
        page.locator(".md-search__input").click()
        page.keyboard.type("budget", delay=15)
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        first = page.locator(".md-search-result__link").first.evaluate("a => a.href")
        assert first.startswith(root), first
    finally:
        tab.close()


@pytest.mark.parametrize("missing", ["inexistante", "competences/inexistante/", "a/b/c/inexistante.html"])
def test_not_found_page_where_site_url_says(browser: Browser, base_url: str, missing: str) -> None:
    _check_not_found_page(browser, base_url, missing)


@pytest.mark.parametrize("missing", ["inexistante", "competences/inexistante/", "glossaire/x/y/"])
@pytest.mark.parametrize("where", ELSEWHERE)
def test_not_found_page_served_elsewhere(browser: Browser, elsewhere: dict[str, str], where: str, missing: str) -> None:
    _check_not_found_page(browser, elsewhere[where], missing)
