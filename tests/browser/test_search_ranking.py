"""Search ranking on the real site, typed key by key in Chromium with the site's worker.

Every glossary acronym finds its own entry first (not a deliverable titled with it, not a
longer acronym it begins: OPC before OPCO); a topic finds the pages about it before the
listings that repeat their titles; a level finds the scale. The weights are
``referentiel/search.py``'s ``BOOSTS``; the full-word boost is the worker's.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from helpers import REPO
from referentiel.load import load_framework
from referentiel.routes import page_url
from referentiel.search import BOOSTS

from .conftest import Tab
from .test_search import search, searching

FRAMEWORK = load_framework(REPO)
ACRONYMS = sorted((term.acronym, term.id) for term in FRAMEWORK.terms.values() if term.acronym)
#: Pages that list others (weight below 1): they must stay out of a topic's first results.
LISTINGS = {page_url(route) for route, boost in BOOSTS.items() if boost < 1}


@pytest.fixture(scope="module")
def real_search_tab(browser: Browser, real_base_url: str) -> Iterator[Tab]:
    yield from searching(browser, real_base_url)


def test_every_glossary_acronym_finds_its_entry_first(real_search_tab: Tab) -> None:
    assert len(ACRONYMS) >= 20, "the real glossary has its acronyms"
    wrong = []
    for acronym, term_id in ACRONYMS:
        results = search(real_search_tab, acronym)
        first = results.first_section()
        if results.groups[0][0].path != "glossaire/" or first.path != f"glossaire/#{term_id}":
            wrong.append(f"{acronym}: {results.paths()[:4]}")
    assert not wrong, "\n".join(wrong)


def test_a_topic_finds_its_pages_not_the_listings(real_search_tab: Tab) -> None:
    paths = search(real_search_tab, "BIM").paths()
    pages = list(dict.fromkeys(path.split("#")[0] for path in paths))
    assert pages[0] == "glossaire/" and paths[1] == "glossaire/#bim"
    assert "competences/piloter-demarche-bim/" in pages[:4], pages[:8]
    assert not LISTINGS & set(pages[:8]), pages[:8]


def test_a_level_finds_the_scale_not_the_contributor_guide(real_search_tab: Tab) -> None:
    results = search(real_search_tab, "niveau 3")
    assert results.groups[0][0].path == "niveaux/", results.paths()[:6]
    assert results.first_section().path == "niveaux/#niveau-3"
    assert not any(path.startswith("contribuer/") for path in results.paths()[:6])


def test_sources_are_not_searched(real_search_tab: Tab) -> None:
    """A page's sources are others' words: a title cited there does not make the page a result."""
    assert not [path for path in search(real_search_tab, "Batiweb").paths() if path.endswith("#sources")]


def test_a_glossary_entry_links_the_rest_of_its_pages_to_a_search(browser: Browser, real_base_url: str) -> None:
    """Backlinks beyond the few shown are a search for the term, opened by Material from ``?q=``."""
    tab = Tab.open(browser, real_base_url)
    try:
        tab.goto("glossaire/")
        rest = tab.page.locator('#amo ~ details.rf-backlinks a[href^="?q="]').first
        tab.page.locator("#amo ~ details.rf-backlinks summary").first.click()
        rest.click()
        tab.page.wait_for_function(
            """() => /^\\d+ /.test(document.querySelector(".md-search-result__meta")?.textContent ?? "")"""
        )
        assert tab.page.locator(".md-search__input").input_value() == "AMO"
        assert tab.page.locator(".md-search-result__item").count() > 0
    finally:
        tab.close()
