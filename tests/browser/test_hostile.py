"""The hostile site (tests/hostile.py: every text field × every payload) in Chromium.

Every page type is opened with dialogs listened for; every element with a tooltip is
hovered and focused (Material builds tooltips from `title` with innerHTML), links from the
sources are clicked, and a search shows results made of the payloads. Nothing may run: no
dialog, no uncaught error, no `on…` attribute, no `javascript:`/`data:` address, no script
but the site's own, no image or frame from the sources.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from hostile import HostileProject, built_hostile_project

from .conftest import Tab

#: One page of each type, with a cloned entity where the page shows one.
PAGES = (
    "", "metier/", "niveaux/", "institut/", "missions/", "missions/programmation-h3/", "competences/",
    "competences/animer-concertation-h5/", "competences/emergentes/", "glossaire/", "roles/",
    "roles/assistant-operation-h2/", "parcours/", "parcours/assistant-operation-h3/assistant-operation/",
    "comparer/?roles=assistant-operation,assistant-operation-h4",
    "auto-evaluation/?cible=charge-operation&actuel=assistant-operation-h2", "matrice/", "formations/",
    "formations/atelier-bim-h3/",
    "journal/", "livrables/", "livrables/brouillon-h6/", "livrables/communautes/", "livrables/formats/",
    "livrables/annees/", "contribuer/champs/",
)

#: In the page: what a payload that ran or became markup would leave behind.
_ACTIVE = """() => {
  const problems = []
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const shown = `${element.tagName} ${attribute.name}=${attribute.value}`
      if (attribute.name.startsWith("on")) problems.push(shown)
      if (/^\\s*(javascript|data|vbscript)\\s*:/i.test(attribute.value)) problems.push(shown)
    }
  }
  const loading = "img, iframe, object, embed, base, math, frame, video, audio, meta[http-equiv], article style"
  for (const element of document.querySelectorAll(loading))
    problems.push(`element ${element.outerHTML.slice(0, 120)}`)
  const scripts = [...document.scripts].map(s => s.src ? new URL(s.src).pathname.split("/").pop() : "inline")
  return {problems, scripts: scripts.sort(), pwned: window.rfPwned === true}
}"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileProject:
    return built_hostile_project(tmp_path_factory)


@pytest.fixture(scope="module")
def hostile_url(hostile: HostileProject) -> Iterator[str]:
    server = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("static_server.py")),
            str(hostile.site),
            str(hostile.site / "404.html"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        port = server.stdout.readline().strip() if server.stdout else ""
        assert port.isdigit(), "the test server did not start"
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def tab(browser: Browser, hostile_url: str) -> Iterator[tuple[Tab, list[str]]]:
    opened = Tab.open(browser, hostile_url)
    dialogs: list[str] = []
    opened.page.set_viewport_size({"width": 1400, "height": 900})  # sidebars and table of contents shown

    def dismiss(dialog) -> None:  # type: ignore[no-untyped-def]
        dialogs.append(f"{dialog.type}: {dialog.message} on {opened.page.url}")
        dialog.dismiss()

    opened.page.on("dialog", dismiss)
    yield opened, dialogs
    opened.close()


def _exercise_tooltips(tab: Tab) -> int:
    """Hover and focus every element with a tooltip, and every title that may be cut off
    (Material listens for mouseenter and focus on each), then leave them."""
    count = tab.page.evaluate("""() => {
      const elements = [...document.querySelectorAll("[title], .md-ellipsis")].filter(e => e.getClientRects().length)
      for (const element of elements) {
        const target = element.closest("a") || element
        target.dispatchEvent(new MouseEvent("mouseenter"))
        if (!target.hasAttribute("tabindex") && !target.matches("a[href], button, input")) {
          target.setAttribute("tabindex", "-1")
        }
        target.focus()
      }
      return elements.length
    }""")
    assert isinstance(count, int), count
    tab.page.wait_for_timeout(400)  # tooltips open after a short delay
    return count


def _elsewhere_than(here: str) -> Callable[[str], bool]:
    """Whether the browser has left the page ``here`` (for ``wait_for_url``)."""
    return lambda url: not url.startswith(here)


def _open(tab: Tab, path: str) -> None:
    """Open a page and let Material mount its components (no wait for the network to idle:
    every request is local, and one that fails is recorded)."""
    tab.page.goto(path, wait_until="load")
    tab.page.wait_for_function("() => window.document$ !== undefined && document.querySelector('.md-content')")
    if path.startswith("comparer/"):  # the comparison draws the hostile roles from the JSON export
        tab.page.wait_for_selector(".rf-compare tbody tr")
    if path.startswith("auto-evaluation/"):  # questions and plan drawn from the hostile export
        tab.page.wait_for_selector(".rf-selfassess__question")
        tab.page.wait_for_selector(".rf-selfassess__plan tbody tr")


def test_nothing_runs_on_any_page_type(tab: tuple[Tab, list[str]], hostile_url: str) -> None:
    opened, dialogs = tab
    problems: list[str] = []
    hovered = 0
    own_scripts = None
    for path in PAGES:
        _open(opened, path)
        hovered += _exercise_tooltips(opened)
        state = opened.page.evaluate(_ACTIVE)
        own_scripts = own_scripts or state["scripts"]
        problems += [f"{path}: {problem}" for problem in state["problems"]]
        if state["scripts"] != own_scripts or state["pwned"]:
            problems.append(f"{path}: scripts {state['scripts']} instead of {own_scripts}")
    assert hovered > 100, hovered
    assert not dialogs, dialogs
    assert not problems, "\n".join(problems[:30])
    assert not opened.errors, opened.errors
    # a payload's <img src=x> or <link href=…> would request a file the site does not have
    assert not [
        failure for failure in opened.failed if failure.startswith(("HTTP", "blocked")) and "example.org" not in failure
    ], opened.failed


def test_tooltips_show_the_title_as_text(tab: tuple[Tab, list[str]]) -> None:
    """A glossary definition with markup in it, on a linked term: its tooltip shows the text."""
    opened, dialogs = tab
    _open(opened, "")
    link = opened.page.locator("article a.rf-term[title*='<']").first
    title = link.get_attribute("title")
    assert title and "<" in title
    link.hover()
    tooltip = opened.page.locator(".md-tooltip2__inner").filter(has_text=title[:20]).first
    tooltip.wait_for(state="attached", timeout=3000)
    assert tooltip.evaluate("e => [e.textContent, e.children.length]") == [title, 0]
    assert not dialogs


def test_source_links_and_search_results_stay_inert(tab: tuple[Tab, list[str]], hostile_url: str) -> None:
    """Click the links the sources make (glossary anchors, source addresses: blocked, they
    leave the site), then search for the payloads: Material shows results with innerHTML."""
    opened, dialogs = tab
    clicked = 0
    for path in ("glossaire/", "formations/atelier-bim-h3/", "competences/animer-concertation-h5/"):
        _open(opened, path)
        links = opened.page.locator("article a[href^='#']:not(.headerlink), article a[href^='http']")
        for index in range(min(links.count(), 12)):
            link = links.nth(index)
            external = (link.get_attribute("href") or "").startswith("http")
            link.click(timeout=15_000)  # a loaded machine can take seconds on the long glossary
            clicked += 1
            if external:  # blocked: wait for the browser's error page (it comes after the click returns), then back
                opened.page.wait_for_url(_elsewhere_than(hostile_url + path), timeout=15_000)
                _open(opened, path)
    assert clicked >= 10, clicked
    _open(opened, "")
    opened.page.locator("label.md-search__icon, .md-search__input").first.click()
    opened.page.keyboard.type("alert onerror", delay=20)
    opened.page.locator(".md-search-result__item").first.wait_for(timeout=5000)
    _exercise_tooltips(opened)
    state = opened.page.evaluate(_ACTIVE)
    assert not state["problems"] and not dialogs, (state, dialogs)
    assert not opened.errors, opened.errors
