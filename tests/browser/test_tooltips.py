"""Glossary tooltips without a mouse (WCAG 1.4.13 and 2.1.1): an abbreviation reached with Tab
or a tap opens its tooltip, Escape hides it without moving the focus, and a tooltip stays open
while the pointer moves onto it (overrides/assets/javascripts/referentiel-tooltips.js)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from .conftest import Tab

#: A competency whose description names the MOA twice: the second is an abbreviation (the first is
#: a link). The glossary itself draws no tooltips (its terms link to their entries).
PAGE = "competences/piloter-budget/"
DEFINITION = "Personne publique pour qui l’ouvrage est construit."


def _abbreviation(page: Page) -> Locator:
    abbreviation = page.locator("article abbr.rf-term", has_text="MOA").first
    expect(abbreviation).to_have_attribute("title", DEFINITION)
    return abbreviation


def _tooltip(page: Page, host: Locator) -> Locator:
    """The tooltip ``host`` is described by, once it is open (Material sets aria-describedby)."""
    expect(host).to_have_attribute("aria-describedby", re.compile(r"."))
    return page.locator(f"[role=tooltip][id='{host.get_attribute('aria-describedby')}']")


def _tab_to(page: Page, target: Locator, limit: int = 300) -> None:
    """Press Tab until ``target`` has the focus (the test fails after ``limit`` presses)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"Tab never reached the abbreviation in {limit} presses")


def test_keyboard_focus_opens_the_tooltip_and_escape_hides_it(open_tab: Callable[[], Tab]) -> None:
    tab = open_tab()
    tab.goto(PAGE)
    page = tab.page
    abbreviation = _abbreviation(page)
    expect(page.locator(".md-tooltip2--active")).to_have_count(0)

    _tab_to(page, abbreviation)
    tooltip = _tooltip(page, abbreviation)
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_text(DEFINITION)

    page.keyboard.press("Escape")
    expect(tooltip).to_be_hidden()
    assert abbreviation.evaluate("element => element === document.activeElement"), "Escape moved the focus"

    page.keyboard.press("Shift+Tab")  # leave it and come back: the tooltip opens again
    page.keyboard.press("Tab")
    expect(_tooltip(page, abbreviation)).to_be_visible()
    assert not tab.failed and not tab.errors, (tab.failed, tab.errors)


@pytest.fixture
def touch_tab(browser: Browser, base_url: str) -> Iterator[Tab]:
    """A phone-sized tab with a touch screen, reaching 127.0.0.1 only (``Tab.open``)."""
    tab = Tab.open(browser, base_url, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    yield tab
    tab.close()


def test_a_tap_opens_the_tooltip_and_a_tap_elsewhere_closes_it(touch_tab: Tab) -> None:
    touch_tab.goto(PAGE)
    page = touch_tab.page
    abbreviation = _abbreviation(page)
    abbreviation.scroll_into_view_if_needed()
    abbreviation.tap()
    tooltip = _tooltip(page, abbreviation)
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_text(DEFINITION)

    page.locator("article h1").tap()
    expect(tooltip).to_have_count(0)
    assert not touch_tab.failed and not touch_tab.errors, (touch_tab.failed, touch_tab.errors)


def test_the_pointer_can_move_onto_an_open_tooltip(open_tab: Callable[[], Tab]) -> None:
    tab = open_tab()
    tab.goto(PAGE)
    page = tab.page
    abbreviation = _abbreviation(page)
    abbreviation.hover()
    tooltip = _tooltip(page, abbreviation)
    expect(tooltip).to_be_visible()
    box = tooltip.locator(".md-tooltip2__inner").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=5)
    page.wait_for_timeout(500)  # longer than Material's delay before closing
    expect(tooltip).to_be_visible()
    page.keyboard.press("Escape")  # dismissed while hovered, without moving the pointer
    expect(tooltip).to_be_hidden()
