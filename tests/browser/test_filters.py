"""The filters of the competencies, trainings and matrix pages, in Chromium on a phone's width:
each control reached and changed with the keyboard, what stays shown equal to what the YAML
gives (computed from the model), empty groups, rows and columns not drawn, the status line
counting them, printed with what is shown. No request leaving the site, no console error, no
serious accessibility violation. Without JavaScript the lists are whole (tests/test_filters.py)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from helpers import FIXTURE, build, make_project
from referentiel import pages
from referentiel.load import load_framework
from referentiel.model import Framework, Training

from .conftest import SITE_PATH, Tab, _serve, serious_violations, tabs_on, unavailable

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(FIXTURE)


@pytest.fixture(scope="module")
def open_list_tab(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], Tab]]:
    """Tabs on the fixture site built with the matrix drawn as lists (no table fits in 0 cells)."""
    root = make_project(tmp_path_factory.mktemp("listed") / "project")
    folder = root / "www"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages, "MATRIX_CELLS", 0)
        run = build(root, "--site-dir", str(folder / SITE_PATH.strip("/")))
    assert run.code == 0, run.output
    for base_url in _serve(folder):  # one address; the server stops after the module's tests
        yield from tabs_on(browser, base_url)


def _open(open_tab: Callable[[], Tab], path: str) -> Tab:
    tab = open_tab()
    tab.page.set_viewport_size(PHONE)
    tab.goto(path)
    expect(tab.page.locator("form.rf-filters")).to_be_visible()  # the script showed the form
    return tab


def _choose(page: Page, select: Locator, value: str) -> None:
    """Pick an option with the arrow keys, the control focused from the previous one with Tab."""
    if not select.evaluate("element => element === document.activeElement"):
        page.keyboard.press("Tab")
    assert select.evaluate("element => element === document.activeElement"), "not reached with Tab"
    for key in ("Home", *["ArrowDown"] * 40):
        chosen = select.input_value()
        if (json.loads(chosen) if chosen else "") == value:  # an option's value is JSON
            return
        page.keyboard.press(key)
    raise AssertionError(f"option {value!r} not reached with the keyboard")


def _shown(page: Page, part: str) -> set[str]:
    return {node.get_attribute(f"data-rf-{part}") or "" for node in page.locator(f"[data-rf-{part}]:visible").all()}


def _status(page: Page) -> str:
    return page.locator(".rf-filters [role=status]").inner_text()


def _counted(page: Page) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(r"(\d+) \w+ sur (\d+)", _status(page).replace("\u00a0", " "))]


def _fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px screen"
    for select in page.locator(".rf-filters select").all():
        box = select.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


def _clean(tab: Tab, axe: Path) -> None:
    violations = serious_violations(tab.page, axe)
    assert not violations, "\n".join(violations)
    assert not tab.failed and not tab.errors, (tab.failed, tab.errors)


def test_competencies_filtered_by_domain_status_and_kind(
    open_tab: Callable[[], Tab], axe_script: Path, framework: Framework
) -> None:
    tab = _open(open_tab, "competences/")
    page = tab.page
    everything = set(framework.competencies)
    assert _shown(page, "item") == everything and _counted(page) == [(len(everything), len(everything))]
    domain, status, kind = (page.get_by_label(name, exact=True) for name in ("Domaine", "Statut", "Nature"))
    domain.focus()
    _fits_the_phone(page)

    def expected(domain_id: str = "", status_value: str = "", kind_value: str = "") -> set[str]:
        return {
            c.id for c in framework.competencies.values()
            if (not domain_id or domain_id in c.domains) and (not status_value or c.status == status_value)
            and (not kind_value or c.kind == kind_value)
        }

    _choose(page, domain, "transitions")
    assert _shown(page, "item") == expected("transitions") and _shown(page, "group") == {"transitions"}
    expect(page.locator(".rf-filters [role=status]")).to_contain_text("(Domaine\u00a0: Transitions)")
    _choose(page, status, "emerging")
    assert _shown(page, "item") == expected("transitions", "emerging")
    _choose(page, kind, "savoir-être")
    wanted = expected("transitions", "emerging", "savoir-être")
    assert wanted and _shown(page, "item") == wanted
    assert _counted(page) == [(len(wanted), len(everything))]
    expect(page.locator(".rf-filters [role=status]")).to_have_attribute("aria-live", "polite")
    _clean(tab, axe_script)
    # a domain where nothing is left: its heading goes with its list
    domain.focus()
    _choose(page, domain, "pilotage")
    assert expected("pilotage", "emerging", "savoir-être") == set() and _shown(page, "item") == set()
    expect(page.locator("article h2:visible")).to_have_count(0)
    assert _counted(page) == [(0, len(everything))]
    for select in (domain, status, kind):  # back to everything
        select.focus()
        _choose(page, select, "")
    assert _shown(page, "item") == everything and _shown(page, "group") == set(framework.domains)
    assert not tab.failed and not tab.errors, (tab.failed, tab.errors)


def test_trainings_filtered_by_format_provider_and_competency(
    open_tab: Callable[[], Tab], axe_script: Path, framework: Framework
) -> None:
    tab = _open(open_tab, "formations/")
    page = tab.page
    trainings = framework.trainings.values()
    assert _shown(page, "item") == set(framework.trainings)
    fmt, provider, competency = (
        page.get_by_label(name, exact=True) for name in ("Format", "Organisme", "Compétence développée")
    )
    fmt.focus()
    _fits_the_phone(page)
    cases: list[tuple[Locator, str, Callable[[Training], bool]]] = [
        (fmt, "echange", lambda t: t.format == "echange"),
        (provider, "Institut d’essai", lambda t: t.provider == "Institut d’essai"),
    ]
    for select, value, keep in cases:
        _choose(page, select, value)
        wanted = {t.id for t in trainings if keep(t)}
        assert wanted and _shown(page, "item") == wanted
        assert _counted(page) == [(len(wanted), len(trainings))]
    # a competency no training of that provider covers: no row, no empty table
    _choose(page, competency, "piloter-budget")
    assert not {t.id for t in trainings if t.provider == "Institut d’essai" and "piloter-budget" in
                [c.competency for c in t.covers]}
    expect(page.locator("article table:visible")).to_have_count(0)
    assert _counted(page) == [(0, len(trainings))]
    provider.focus()
    _choose(page, provider, "")
    fmt.focus()
    _choose(page, fmt, "")
    wanted = {t.id for t in trainings if "piloter-budget" in [c.competency for c in t.covers]}
    assert wanted and _shown(page, "item") == wanted
    _clean(tab, axe_script)


def test_matrix_filtered_by_family_and_domain(
    open_tab: Callable[[], Tab], axe_script: Path, framework: Framework
) -> None:
    tab = _open(open_tab, "matrice/")
    page = tab.page
    drawn = {did: cells for did, cells in framework.matrix_by_domain.items() if cells[0]}
    competencies = {c.id for rows, _ in drawn.values() for c in rows}
    roles = {r.id for _, columns in drawn.values() for r in columns}
    assert _counted(page) == [(len(competencies), len(competencies)), (len(roles), len(roles))]
    domain, family = page.get_by_label("Domaine", exact=True), page.get_by_label("Famille de rôles", exact=True)
    domain.focus()
    _fits_the_phone(page)
    page.keyboard.press("Tab")
    _choose(page, family, "Fonctions transverses")

    def expected(family_name: str, domain_id: str = "") -> tuple[set[str], set[str]]:
        rows, columns = set(), set()
        for did, (competency_rows, role_columns) in drawn.items():
            kept = [r for r in role_columns if r.family == family_name]
            if domain_id and did != domain_id:
                continue
            found = {c.id for c in competency_rows if any(r.requirement(c.id) for r in kept)}
            rows |= found
            columns |= {r.id for r in kept} if found else set()
        return rows, columns

    rows, columns = expected("Fonctions transverses")
    assert rows < competencies, "the fixture must have a row the family filter leaves empty"
    assert _shown(page, "item") == rows and _shown(page, "column") == columns
    assert _counted(page) == [(len(rows), len(competencies)), (len(columns), len(roles))]
    # no column of another family, no cell of one: every shown row has as many cells as its header
    for table in page.locator(".rf-matrix table:visible").all():
        width = table.locator("thead th:visible").count()
        assert width == 1 + len(columns)
        for row in table.locator("tbody tr:visible").all():
            assert row.locator("td:visible").count() == width
    domain.focus()
    _choose(page, domain, "transitions")
    rows, columns = expected("Fonctions transverses", "transitions")
    assert _shown(page, "item") == rows and _shown(page, "group") == {"transitions"}
    _clean(tab, axe_script)


def test_matrix_drawn_as_lists_filtered_by_family(
    open_list_tab: Callable[[], Tab], axe_script: Path, framework: Framework
) -> None:
    """Beyond the cell limit a domain is a list of competencies, each with its roles as entries."""
    tab = _open(open_list_tab, "matrice/")
    page = tab.page
    expect(page.locator(".rf-matrix table")).to_have_count(0)
    # one entry per requirement (each competency of the fixture is in one domain)
    assert page.locator("[data-rf-entry]").count() == sum(len(r.requirements) for r in framework.roles.values())
    family = page.get_by_label("Famille de rôles", exact=True)
    family.focus()
    _choose(page, family, "Fonctions transverses")
    kept = [r for r in framework.roles.values() if r.family == "Fonctions transverses"]
    rows = {c for r in kept for c in r.requirements_by_competency}
    assert _shown(page, "item") == rows < set(framework.competencies)
    assert _shown(page, "entry") == {r.id for r in kept}
    expect(page.locator("[data-rf-entry]:visible")).to_have_count(sum(len(r.requirements) for r in kept))
    assert _counted(page) == [(len(rows), len(framework.competencies)), (len(kept), len(framework.roles))]
    _clean(tab, axe_script)


def test_print_shows_what_is_filtered_and_says_so(
    open_tab: Callable[[], Tab], framework: Framework, tmp_path: Path
) -> None:
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext is not installed: run `.ci/run` as root, or `apt-get install poppler-utils`")
    tab = _open(open_tab, "competences/")
    page = tab.page
    status = page.get_by_label("Statut", exact=True)
    status.focus()
    _choose(page, status, "current")
    left_out = [c.title for c in framework.competencies.values() if c.status != "current"]
    kept = [c.title for c in framework.competencies.values() if c.status == "current"]
    page.emulate_media(media="print")
    expect(page.locator(".rf-filters fieldset")).to_be_hidden()
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf))
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
                    .stdout.split())
    assert left_out and kept
    assert all(title in text for title in kept) and not any(title in text for title in left_out), text
    assert f"{len(kept)} compétence sur {len(framework.competencies)} (Statut" in text.replace("\u00a0", " "), text
    assert not tab.failed and not tab.errors, (tab.failed, tab.errors)
