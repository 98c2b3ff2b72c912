"""The career-path graph of the real site as a reader sees it: label sizes on a desktop and a
phone, links reachable by keyboard, one A4 page in print."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import Tab, unavailable

#: The rendered size of every text of the shown drawing: computed font size × the SVG's scale.
RENDERED_SIZES = """() => {
  const shown = [...document.querySelectorAll("svg.rf-graph")].filter(s => s.getBoundingClientRect().width > 0)
  return shown.map(svg => [...svg.querySelectorAll("text")].map(text => {
    const m = text.getScreenCTM()
    return [text.textContent, parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b)]
  }))
}"""


@pytest.mark.parametrize(("width", "drawing"), [(1280, "wide"), (390, "narrow")])
def test_labels_are_at_least_12_px(open_real_tab: Callable[[], Tab], width: int, drawing: str) -> None:
    tab = open_real_tab()
    tab.page.set_viewport_size({"width": width, "height": 900})
    tab.goto("parcours/")
    page = tab.page
    expect(page.locator(f"svg.rf-graph--{drawing}")).to_be_visible()
    shown = page.evaluate(RENDERED_SIZES)
    assert len(shown) == 1, "exactly one drawing is shown"
    sizes = shown[0]
    assert len(sizes) >= 9 + 3  # every role, the axis and the legend
    small = [(text, size) for text, size in sizes if size < 12]
    assert not small, small
    box = page.locator(f"svg.rf-graph--{drawing}").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, "the graph fits the screen"
    assert not tab.failed and not tab.errors, (tab.failed, tab.errors)


def test_roles_are_focusable_links(open_real_tab: Callable[[], Tab]) -> None:
    tab = open_real_tab()
    tab.page.set_viewport_size({"width": 1280, "height": 900})
    tab.goto("parcours/")
    page = tab.page
    nodes = page.locator("svg.rf-graph--wide a.rf-graph__node")
    expect(nodes).to_have_count(9)
    nodes.first.focus()
    assert page.evaluate("document.activeElement.classList.contains('rf-graph__node')")
    href = nodes.first.get_attribute("href") or ""
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(href.lstrip("./")) + "$"))


def test_the_graph_prints_on_one_a4_page(open_real_tab: Callable[[], Tab], tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext is not installed: run `.ci/run` as root, or `apt-get install poppler-utils`")
    tab = open_real_tab()
    tab.goto("parcours/")
    page = tab.page
    page.emulate_media(media="print")
    box = page.locator("svg.rf-graph--wide").bounding_box()
    assert box, "the wide drawing is printed"
    expect(page.locator("svg.rf-graph--narrow")).to_be_hidden()
    pdf = tmp_path / "parcours.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    with_graph = [text for text in pages if "junior → senior" in text]
    assert len(with_graph) == 1, "the graph is on one page"
    for meaning in ("Évolution", "Mobilité proche"):
        assert meaning in with_graph[0]
    names = page.locator("svg.rf-graph--wide a.rf-graph__node title").all_text_contents()
    words = {word for name in names for word in re.findall(r"\w{4,}", name)}
    assert len(names) == 9 and all(word in with_graph[0] for word in words), words
