"""Moving around the site as a person does: following links, going back, hovering."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import expect

from .conftest import Tab


def test_home_to_a_competency_and_back(open_tab: Callable[[], Tab]) -> None:
    tab = open_tab()
    tab.goto("")
    page = tab.page
    page.get_by_role("navigation", name="Navigation").get_by_role("link", name="Compétences", exact=True).click()
    expect(page).to_have_url(re.compile(r"/competences/$"))
    expect(page.locator("h1")).to_have_text(heading("Les compétences"))
    page.wait_for_load_state("networkidle")  # read the page: leaving earlier cancels its requests

    page.locator("article").get_by_role("link", name="Piloter le budget d’une opération").click()
    expect(page).to_have_url(re.compile(r"/competences/piloter-budget/$"))
    expect(page.locator("h1")).to_have_text(heading("Piloter le budget d’une opération"))
    page.wait_for_load_state("networkidle")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/competences/$"))
    expect(page.locator("h1")).to_have_text(heading("Les compétences"))
    page.wait_for_load_state("networkidle")
    page.go_back()
    expect(page.locator("h1")).to_have_text(heading("Référentiel de compétences de la maîtrise d’ouvrage"))
    page.wait_for_load_state("networkidle")
    assert not tab.failed and not tab.errors, (tab.failed, tab.errors)


def heading(text: str) -> re.Pattern[str]:
    """A page title as shown, followed by its permalink sign."""
    return re.compile(rf"^{re.escape(text)}¶?$")


def test_hovering_a_glossary_term_shows_its_definition(open_tab: Callable[[], Tab]) -> None:
    """Terms of the glossary met in a page carry their short definition as a title, which
    the theme shows as a tooltip (feature content.tooltips) on hover."""
    tab = open_tab()
    tab.goto("competences/collaborer-bim/")  # « avec l’appui éventuel d’une AMOE »
    page = tab.page
    term = page.locator("article a.rf-term", has_text="AMOE").first
    tooltip = page.get_by_role("tooltip")
    expect(tooltip).to_have_count(0)

    term.hover()
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_text("Appui technique au maître d’œuvre, sur demande du maître d’ouvrage (MOA).")
    assert term.get_attribute("aria-describedby") == tooltip.get_attribute("id")

    page.mouse.move(0, 0)
    expect(tooltip).not_to_be_visible()
    term.click()
    expect(page).to_have_url(re.compile(r"/glossaire/#amoe$"))
