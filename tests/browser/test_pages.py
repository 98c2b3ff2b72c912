"""Every page type, in a real browser: works with no network beyond the site, in French,
and without serious or critical accessibility violations (axe-core)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pytest

from .conftest import SITE_PATH, Tab, serious_violations

#: One page of each type, by its path on the site (keys: test ids).
PAGE_TYPES = {
    "accueil": "",
    "metier": "metier/",
    "missions": "missions/",
    "mission": "missions/suivi-travaux/",
    "competences": "competences/",
    "emergentes": "competences/emergentes/",
    "competence": "competences/piloter-budget/",
    "niveaux": "niveaux/",
    "glossaire": "glossaire/",
    "contribuer": "contribuer/",
    "donnees": "donnees/",
    "accessibilite": "accessibilite/",
    "404": "cette-page-n-existe-pas/",
}


def check_page(tab: Tab, path: str, axe: Path, media: Literal["screen", "print"] = "screen") -> None:
    """The page loads in French with nothing failing, and axe-core finds nothing serious on it, as
    shown on ``media`` ("print": Chromium's print media emulation, the print stylesheet applied)."""
    tab.page.emulate_media(media=media)
    tab.goto(path)
    page = tab.page
    assert page.locator("h1").first.is_visible(), path
    assert page.get_attribute("html", "lang") == "fr", path
    # The 404 page comes with a 404 status, which the browser also logs.
    expected = (lambda line: line.rstrip(")").endswith(path)) if path == PAGE_TYPES["404"] else (lambda line: False)
    failed = [line for line in tab.failed if not expected(line)]
    assert not failed, f"{path}: requests failed or blocked:\n" + "\n".join(failed)
    errors = [line for line in tab.errors if not expected(line)]
    assert not errors, f"{path}: console errors:\n" + "\n".join(errors)
    violations = serious_violations(page, axe)
    assert not violations, f"{path} ({media}): accessibility violations:\n" + "\n".join(violations)


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_works_offline_and_is_accessible(open_tab: Callable[[], Tab], axe_script: Path, path: str) -> None:
    check_page(open_tab(), path, axe_script)


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_is_accessible_in_print(open_tab: Callable[[], Tab], axe_script: Path, path: str) -> None:
    check_page(open_tab(), path, axe_script, media="print")


def test_not_found_page_is_the_sites(open_tab: Callable[[], Tab]) -> None:
    tab = open_tab()
    response = tab.page.goto(PAGE_TYPES["404"])
    assert response is not None and response.status == 404
    assert "404" in tab.page.locator("h1").inner_text()


def page_type(path: str) -> tuple[str, int]:
    """Pages of a type share their first folder and their depth: "roles/x/" → ("roles", 2)."""
    parts = path.strip("/").split("/")
    return parts[0], len(parts) if path else 0


def test_page_types_added_later(open_tab: Callable[[], Tab], axe_script: Path, site_folder: Path) -> None:
    """One page of each type that PAGE_TYPES does not list yet, found in the built site."""
    site = site_folder / SITE_PATH.strip("/")
    known = {page_type(path) for path in PAGE_TYPES.values()}
    others: dict[tuple[str, int], str] = {}
    for html in sorted(site.rglob("index.html")):
        path = html.parent.relative_to(site).as_posix().removeprefix(".") + "/"
        others.setdefault(page_type(path.lstrip("/")), path.lstrip("/"))
    tab = open_tab()
    for key, path in others.items():
        for media in ("screen", "print") if key not in known else ():
            tab.failed.clear()
            tab.errors.clear()
            check_page(tab, path, axe_script, media)
