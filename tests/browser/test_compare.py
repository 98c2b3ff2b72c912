"""The role comparison (comparer/), in a real browser: built from the site's JSON export,
used with the keyboard only, no request leaving the site, no serious accessibility violation."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Route, expect

from .conftest import Tab, choose, serious_violations


def test_two_roles_compared_with_the_keyboard(open_tab: Callable[[], Tab], axe_script: Path) -> None:
    tab = open_tab()
    tab.goto("comparer/")
    page = tab.page
    first, second = page.get_by_label("Premier rôle"), page.get_by_label("Deuxième rôle")
    expect(first).to_be_visible()
    expect(page.locator(".rf-compare__nojs")).to_have_count(0)  # the script replaced the no-JS note
    status = page.locator(".rf-compare [role=status]")
    expect(status).to_have_text("Choisissez au moins deux rôles différents.")
    choose(page, first, "charge-operation")
    choose(page, second, "referent-bim")
    expect(status).to_contain_text("Chargé·e d’opération, Référent·e BIM")
    bim = page.locator(".rf-compare tbody tr", has_text="Collaborer avec le BIM")
    expect(bim).to_have_class(re.compile("rf-compare__differs"))
    expect(bim.locator("td")).to_have_text(["2 — Application, optionnelle", "4 — Expertise, essentielle", "≠ écart"])
    expect(page.locator(".rf-compare caption").first).to_be_visible()  # one table per domain, named
    all_rows = page.locator(".rf-compare tbody tr").count()
    expect(page).to_have_url(re.compile(r"\?roles=charge-operation,referent-bim$"))
    page.get_by_label("Seulement les différences").focus()
    page.keyboard.press("Space")
    rows = page.locator(".rf-compare tbody tr")
    expect(rows.filter(has_text="= identique")).to_have_count(0)
    assert 0 < rows.count() <= all_rows
    expect(bim).to_be_visible()
    violations = serious_violations(page, axe_script)
    assert not violations, "\n".join(violations)
    assert not tab.failed and not tab.errors, (tab.failed, tab.errors)


def test_a_role_page_preselects_its_role(open_tab: Callable[[], Tab]) -> None:
    tab = open_tab()
    tab.goto("roles/charge-operation/")
    page = tab.page
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Comparer ce rôle avec d’autres rôles").click()
    expect(page).to_have_url(re.compile(r"/comparer/\?roles=charge-operation$"))
    expect(page.get_by_label("Premier rôle")).to_have_value("charge-operation")
    expect(page.get_by_label("Deuxième rôle")).to_have_value("")
    assert not tab.failed and not tab.errors, (tab.failed, tab.errors)


def test_unknown_roles_in_the_address_are_ignored(open_tab: Callable[[], Tab]) -> None:
    tab = open_tab()
    tab.goto("comparer/?roles=inconnu,%3Cimg%20src%3Dx%3E,referent-bim,referent-bim,assistant-operation")
    page = tab.page
    expect(page.get_by_label("Premier rôle")).to_have_value("referent-bim")
    expect(page.get_by_label("Deuxième rôle")).to_have_value("assistant-operation")
    expect(page.get_by_label("Troisième rôle (facultatif)")).to_have_value("")
    assert page.locator(".rf-compare img").count() == 0
    assert not tab.failed and not tab.errors, (tab.failed, tab.errors)


def test_roles_sharing_no_competency_say_so(open_tab: Callable[[], Tab]) -> None:
    """The fixture's roles all share one competency: the export is served without it for one role."""
    tab = open_tab()
    page = tab.page

    def without_shared(route: Route) -> None:
        response = route.fetch()
        data = response.json()
        bim = next(role for role in data["roles"] if role["id"] == "referent-bim")
        bim["requirements"] = [q for q in bim["requirements"] if q["competency"] == "collaborer-bim"]
        route.fulfill(response=response, json=data)

    page.route("**/donnees/referentiel.json", without_shared)
    tab.goto("comparer/?roles=assistant-operation,referent-bim")
    expect(page.locator(".rf-compare [role=status]")).to_contain_text("aucune compétence en commun")
    expect(page.locator(".rf-compare__none")).to_have_text("Ces rôles n’ont aucune compétence en commun.")
    expect(page.locator(".rf-compare tbody tr")).to_have_count(3)  # each role's own, side by side
    assert not tab.failed and not tab.errors, (tab.failed, tab.errors)


def test_levels_take_their_competency_scale_and_a_missing_level_stays_missing(open_tab: Callable[[], Tab]) -> None:
    """The export says a competency's scale and may hold a required level left unspecified (null):
    the comparison labels the level from that scale and shows « non précisé », never a number."""
    tab = open_tab()
    page = tab.page

    def with_a_named_scale(route: Route) -> None:
        response = route.fetch()
        data = response.json()
        data["scales"] = [{**data["scale"], "id": "comportement", "kinds": [], "levels": [
            {**level, "label": f"Échelon {level['level']}"} for level in data["scale"]["levels"]
        ]}]
        for competency in data["competencies"]:
            competency["scale"] = "comportement" if competency["id"] == "collaborer-bim" else ""
        bim = next(role for role in data["roles"] if role["id"] == "referent-bim")
        for requirement in bim["requirements"]:
            if requirement["competency"] != "collaborer-bim":
                requirement["level"] = None
        route.fulfill(response=response, json=data)

    page.route("**/donnees/referentiel.json", with_a_named_scale)
    tab.goto("comparer/?roles=assistant-operation,referent-bim")
    rows = page.locator(".rf-compare tbody tr")
    expect(rows.first).to_be_visible()
    text = " ".join(rows.all_inner_texts())
    assert "Échelon" in text, text
    assert "non précisé" in text and "None" not in text and "null" not in text, text
    assert not tab.failed and not tab.errors, (tab.failed, tab.errors)
