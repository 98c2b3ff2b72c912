"""Where am I: detail pages show their breadcrumbs and their section active in the nav."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from .conftest import Tab

#: A page of each detail type (all left out of the nav) → its breadcrumbs after « Accueil »,
#: and the nav entries shown active (its section, then its listing when that is not the section's index).
DETAIL_PAGES = {
    "competences/piloter-budget/": (["Compétences"], ["Compétences"]),
    "roles/charge-operation/": (["Rôles et parcours"], ["Rôles et parcours"]),
    "parcours/assistant-operation/charge-operation/": (["Rôles et parcours", "Parcours"],
                                                        ["Rôles et parcours", "Parcours"]),
    "formations/atelier-bim/": (["Rôles et parcours", "Formations"], ["Rôles et parcours", "Formations"]),
    "missions/programmation/": (["Missions"], ["Missions"]),
    "livrables/fiche-budget/": (["Livrables"], ["Livrables"]),
}


@pytest.mark.parametrize("path", DETAIL_PAGES)
def test_a_detail_page_shows_where_it_is(open_tab: Callable[[], Tab], path: str) -> None:
    crumbs, active = DETAIL_PAGES[path]
    tab = open_tab()
    tab.page.set_viewport_size({"width": 1280, "height": 900})
    tab.goto(path)
    page = tab.page
    breadcrumbs = page.locator("nav.md-path")
    expect(breadcrumbs).to_be_visible()
    expect(breadcrumbs.locator(".md-path__item")).to_have_text(["Accueil", *crumbs])
    # The last crumb leads to the listing the page is reached from.
    breadcrumbs.locator(".md-path__link").last.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("article a[href]").count() > 0
    tab.goto(path)
    sidebar = page.locator(".md-sidebar--primary")
    shown = sidebar.locator(
        ".md-nav__item--active > a.md-nav__link, .md-nav__item--active > .md-nav__container > a.md-nav__link"
    )
    expect(shown).to_have_text(active)
    for item in shown.all():
        assert item.evaluate("element => getComputedStyle(element).fontWeight") == "700"
    assert not tab.failed and not tab.errors, (tab.failed, tab.errors)


def test_home_sends_training_leads_to_roles_paths_matrix_trainings_and_the_changelog(
    open_tab: Callable[[], Tab],
) -> None:
    tab = open_tab()
    tab.goto("")
    article = tab.page.locator("article")
    for name, url in [("Les rôles", "roles/"), ("Les parcours", "parcours/"), ("La matrice rôles × compétences",
                      "matrice/"), ("Les formations", "formations/"), ("journal des versions", "journal/")]:
        link = article.get_by_role("link", name=name, exact=True)
        expect(link).to_have_count(1)
        assert (link.get_attribute("href") or "").endswith(url), (name, link.get_attribute("href"))
    nav = tab.page.get_by_role("navigation", name="Navigation")
    expect(nav.get_by_role("link", name="Journal des versions", exact=True)).to_have_count(1)
