"""Career paths in a real browser: the graph's roles lead to their pages, a path page shows its gap."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import expect

from .conftest import Tab, serious_violations


def test_graph_roles_are_links_to_role_pages(open_tab: Callable[[], Tab]) -> None:
    tab = open_tab()
    tab.goto("parcours/")
    page = tab.page
    graph = page.locator("svg.rf-graph--wide")  # the drawing shown on a desktop
    expect(graph).to_be_visible()
    nodes = graph.locator("a.rf-graph__node")
    expect(nodes).to_have_count(3)
    assert graph.locator("path.rf-graph__edge").count() == 2
    box = graph.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100  # drawn, not collapsed
    page.wait_for_load_state("networkidle")  # leaving earlier would cancel the page's own requests
    nodes.filter(has_text="Référent·e BIM").click()
    expect(page).to_have_url(re.compile(r"/roles/referent-bim/$"))
    expect(page.locator("h1")).to_have_text(re.compile(r"^Référent·e BIM"))
    page.wait_for_load_state("networkidle")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/parcours/$"))
    assert not tab.failed and not tab.errors, (tab.failed, tab.errors)


def test_path_page_shows_its_gap_table(open_tab: Callable[[], Tab]) -> None:
    tab = open_tab()
    tab.goto("parcours/")
    page = tab.page
    page.wait_for_load_state("networkidle")
    page.locator("article ul").get_by_role("link", name="Chargé·e d’opération").click()
    expect(page).to_have_url(re.compile(r"/parcours/assistant-operation/charge-operation/$"))
    table = page.locator("article table").first
    expect(table).to_be_visible()
    expect(table.locator("thead")).to_contain_text("Niveau requis")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("+2")
    page.wait_for_load_state("networkidle")
    assert not tab.failed and not tab.errors, (tab.failed, tab.errors)


def test_matrix_keeps_its_first_column_in_view_on_a_phone(open_tab: Callable[[], Tab]) -> None:
    tab = open_tab()
    page = tab.page
    page.set_viewport_size({"width": 375, "height": 700})
    tab.goto("matrice/")
    first_cell = page.locator(".rf-matrix tbody tr").first.locator("td").first
    last_cell = page.locator(".rf-matrix tbody tr").first.locator("td").last
    moved_before = last_cell.bounding_box()
    scrolled = page.locator(".rf-matrix .md-typeset__scrollwrap").first.evaluate(
        "element => (element.scrollLeft = 200, element.scrollLeft)"
    )
    page.wait_for_timeout(100)
    sticky, moved = first_cell.bounding_box(), last_cell.bounding_box()
    assert scrolled > 0, "the matrix does not scroll sideways on a phone"
    assert moved_before and moved and moved["x"] < moved_before["x"] - scrolled / 2  # the table scrolled…
    assert sticky and sticky["x"] >= 0  # …and the competency column stayed in view


def test_matrix_is_one_table_per_domain_without_empty_columns(open_tab: Callable[[], Tab], axe_script: Path) -> None:
    tab = open_tab()
    tab.goto("matrice/")
    page = tab.page
    expect(page.locator("article h2")).to_have_text([re.compile("^Pilotage"), re.compile("^Transitions")])
    tables = page.locator(".rf-matrix table")
    expect(tables).to_have_count(2)
    for index in range(2):  # each table is under its domain's heading
        heading = tables.nth(index).evaluate("t => t.closest('.rf-matrix').previousElementSibling.textContent")
        assert heading.startswith(("Pilotage", "Transitions")[index]), heading
    expect(tables.first.locator("tbody tr")).to_have_count(1)  # only the required competency of the domain
    violations = serious_violations(page, axe_script)
    assert not violations, "\n".join(violations)
    assert not tab.failed and not tab.errors, (tab.failed, tab.errors)
