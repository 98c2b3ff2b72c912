"""Site search as French readers use it, typed key by key in a real browser.

Material's search listens to `keyup`, so queries are typed, never filled in. Results
are read as a person sees them: the count line, then each result (one per page) with
the title of the page and of its matching sections.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

from helpers import found
from referentiel.search import fold_with
from referentiel.text import fold

from .conftest import SITE_PATH, Tab, serious_violations

#: Test instrumentation: count the queries the page sends to the search worker and the
#: results it gets back, so a test knows when the results on screen answer its query.
WATCH_SEARCH = """
window.__search = {sent: 0, received: 0, query: null}
const NativeWorker = window.Worker
window.Worker = class extends NativeWorker {
  constructor(...args) {
    super(...args)
    this.addEventListener("message", ({data}) => { if (data.type === 3) window.__search.received++ })
  }
  postMessage(message, ...rest) {
    if (message.type === 2) { window.__search.sent++; window.__search.query = message.data }
    return super.postMessage(message, ...rest)
  }
}
"""

READ_RESULTS = """
() => [...document.querySelectorAll(".md-search-result__item")].map(item =>
  [...item.querySelectorAll("a.md-search-result__link")].map(link => ({
    href: link.href,
    title: link.querySelector("h1, h2").textContent.trim(),
    marks: [...link.querySelectorAll("mark")].map(mark => mark.textContent),
  })))
"""

#: Material adds results when the list's end comes into view: leave it, then reach it.
SCROLL_TO_END = """
async list => {
  const frame = () => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))
  list.scrollTo({top: 0}); await frame()
  list.scrollTo({top: list.scrollHeight}); await frame()
}
"""


@dataclass
class Hit:
    path: str  # page path on the site and section anchor: "glossaire/#amoe"
    title: str
    marks: list[str]  # highlighted words


@dataclass
class Results:
    count: int  # as the count line says
    groups: list[list[Hit]]  # one per page, best first: the page, then its sections

    def paths(self) -> list[str]:
        return [hit.path for group in self.groups for hit in group]

    def first_section(self, index: int = 0) -> Hit:
        """The best section of the index-th page found (the page itself when no section matched)."""
        group = self.groups[index]
        return group[1] if len(group) > 1 else group[0]


def searching(browser: Browser, base_url: str) -> Iterator[Tab]:
    """The home page of the site at ``base_url``, its search ready, for a fixture to yield: one
    page load for all the queries of a module."""
    tab = Tab.open(browser, base_url)
    tab.page.add_init_script(WATCH_SEARCH)
    tab.goto("")
    tab.page.locator(".md-search__input").click()
    tab.page.wait_for_function(
        """() => document.querySelector(".md-search-result__meta").textContent.includes("Taper")"""
    )
    yield tab
    tab.close()


@pytest.fixture(scope="module")
def search_tab(browser: Browser, base_url: str) -> Iterator[Tab]:
    yield from searching(browser, base_url)


def search(tab: Tab, query: str) -> Results:
    """Type ``query`` into the search field, key by key, and read the results it shows."""
    page = tab.page
    page.locator(".md-search__input").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(query, delay=15)
    page.keyboard.press("End")  # Playwright types "é" with no keyup (not on a US keyboard); a French keyboard has one
    page.wait_for_function(
        "query => window.__search.query === query && window.__search.sent === window.__search.received", arg=query,
    )
    meta = page.locator(".md-search-result__meta").inner_text()
    count = 0 if meta.startswith("Aucun") else int(found(r"^\d+", meta)[0])
    items = page.locator(".md-search-result__item")
    while items.count() < count:  # Material shows 10 results, then more as the list scrolls
        shown = items.count()
        page.locator(".md-search__scrollwrap").evaluate(SCROLL_TO_END)
        page.wait_for_function(
            "n => document.querySelectorAll('.md-search-result__item').length > n", arg=shown, timeout=5000
        )
    groups = [
        [Hit(_site_path(hit["href"]), hit["title"], hit["marks"]) for hit in group]
        for group in page.evaluate(READ_RESULTS)
    ]
    assert count == len(groups), (meta, groups)
    return Results(count, groups)


def _site_path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path.removeprefix(SITE_PATH) + (f"#{parts.fragment}" if parts.fragment else "")


@pytest.mark.parametrize(
    ("query", "page", "title"),
    [
        ("maitrise", "niveaux/#niveau-3", "3 — Maîtrise"),
        ("reglementation", "metier/#reglementation", "Réglementation"),
        ("competences", "competences/", "Les compétences"),
        ("MAITRISE", "niveaux/#niveau-3", "3 — Maîtrise"),
    ],
)
def test_query_without_accents_finds_accented_words(search_tab: Tab, query: str, page: str, title: str) -> None:
    results = search(search_tab, query)
    hits = {hit.path: hit for group in results.groups for hit in group}
    assert page in hits, results.paths()
    assert hits[page].title == title
    assert fold(query) in [fold(mark) for mark in hits[page].marks], "the accented word is highlighted"


@pytest.mark.parametrize("query", ["échéancier", "Échéancier", "ÉCHÉANCIER", "échéan"])
def test_query_with_accents_finds_words_written_without(search_tab: Tab, query: str) -> None:
    """The fixture's mission writes "l’echeancier", without accents."""
    results = search(search_tab, query)
    assert results.paths()[:1] == ["missions/suivi-travaux/"]
    assert "echeancier" in [mark for hit in results.groups[0] for mark in hit.marks]


def test_prefix_search_still_works_while_typing(search_tab: Tab) -> None:
    assert "metier/#reglementation" in search(search_tab, "regle").paths()
    assert "metier/#reglementation" in search(search_tab, "régle").paths()


@pytest.mark.parametrize("query", ["œuvre", "oeuvre", "Œuvre"])
def test_apostrophes_split_words(search_tab: Tab, query: str) -> None:
    """« d’œuvre » (typographic apostrophe) and « d'œuvre » (straight) both hold the word « œuvre »."""
    paths = search(search_tab, query).paths()
    assert "glossaire/#moe" in paths  # "MOE — Maîtrise d’œuvre"
    assert "competences/animer-concertation/" in paths  # "avec la maîtrise d'œuvre"


def test_elided_words_in_the_query_are_ignored(search_tab: Tab) -> None:
    """« d’œuvre » looks for « œuvre », not for every word that starts with « d »."""
    assert search(search_tab, "d’œuvre").paths() == search(search_tab, "œuvre").paths()
    assert search(search_tab, "d'oeuvre").paths() == search(search_tab, "œuvre").paths()


def test_parentheses_split_words(search_tab: Tab) -> None:
    """The AMOE entry names the MOA only as « (MOA) »."""
    assert "glossaire/#amoe" in search(search_tab, "MOA").paths()


@pytest.mark.parametrize("query", ["AMOE", "amoe", "l’AMOE"])
def test_acronym_finds_its_glossary_entry_first(search_tab: Tab, query: str) -> None:
    """Title match first: the glossary entry, then the competency that mentions « l’appui éventuel d’une AMOE »."""
    results = search(search_tab, query)
    assert results.groups[0][0].path == "glossaire/"
    assert results.first_section().path == "glossaire/#amoe"
    assert results.first_section().title == "AMOE — Assistance à maîtrise d’œuvre"
    assert "AMOE" in results.first_section().marks
    assert "competences/collaborer-bim/" in results.paths()[2:]


def test_title_match_ranks_above_a_passing_mention(search_tab: Tab) -> None:
    """« Réglementation » is a section title of the trade page, a passing word in a competency."""
    results = search(search_tab, "réglementation")
    assert results.paths()[:2] == ["metier/", "metier/#reglementation"]
    assert "competences/piloter-budget/" in results.paths()[2:]


@pytest.mark.parametrize(
    ("query", "entry"),
    [
        ("project owner", "glossaire/#moa"),  # English equivalent
        ("maîtres", "glossaire/#moa"),  # variant: « maîtres d’ouvrage »
        ("design assistance", "glossaire/#amoe"),
    ],
)
def test_variants_and_english_equivalents_find_the_entry(search_tab: Tab, query: str, entry: str) -> None:
    results = search(search_tab, query)
    assert results.first_section().path == entry, results.paths()


def test_no_result(search_tab: Tab) -> None:
    results = search(search_tab, "xylophone")
    assert results.count == 0 and not results.groups


@pytest.mark.parametrize("query", ["maitrise", "xylophone"])
def test_search_results_are_accessible(search_tab: Tab, axe_script: Path, query: str) -> None:
    """The search dialog open, with results and without."""
    search(search_tab, query)
    violations = serious_violations(search_tab.page, axe_script)
    assert not violations, "\n".join(violations)
    assert not search_tab.failed and not search_tab.errors, (search_tab.failed, search_tab.errors)


def test_the_page_found_highlights_the_words_as_written(search_tab: Tab, browser: Browser, base_url: str) -> None:
    """Following a result for « reglementation » marks « Réglementation » on the page (search.highlight)."""
    search(search_tab, "reglementation")
    link = search_tab.page.locator("a.md-search-result__link[href*='metier/'][href*='#reglementation']").first
    url = link.get_attribute("href")
    assert url is not None, "the search result has no link"
    tab = Tab.open(browser, base_url)
    try:
        tab.goto(url)
        tab.page.wait_for_selector("mark[data-md-highlight]")
        marks = tab.page.locator("mark[data-md-highlight]").all_inner_texts()
        assert "Réglementation" in marks, marks
    finally:
        tab.close()


def test_worker_folds_as_the_site_does(search_tab: Tab) -> None:
    """The worker's folding, with the table of the site's index, is referentiel.text.fold."""
    worker = search_tab.page.workers[0]
    table = worker.evaluate("table")
    for text in ["Maîtrise d’œuvre", "ÉCHÉANCIER", "Cœur", "naïve", "(MOA)", "Ça", "Ÿ"]:
        assert worker.evaluate("fold", text) == fold_with(table, text) == fold(text), text
