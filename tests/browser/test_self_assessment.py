"""The self-assessment (auto-evaluation/), in a real browser on the fixture site: answered with the
keyboard only, its gap plan equal to the model's ``Framework.gap`` with the reader's levels as the
origin role's, kept only when asked, exported and imported (and a bad file refused), a later
version of the framework saying what changed, printed on one page, on a phone, without
JavaScript; no request leaving the site, no console error, no serious accessibility violation."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from playwright.sync_api import Browser, Page, Route, expect

from helpers import FIXTURE, REPO
from referentiel import fields, self_assessment
from referentiel.load import load_framework
from referentiel.model import UNSPECIFIED, Framework, Requirement
from referentiel.text import french_date

from .conftest import Tab, choose, serious_violations, unavailable
from .test_print import read_pdf, squeezed

#: The reader's answers: competency id → level (0: none of them, None: « je ne sais pas »).
Answers = dict[str, int | None]
ROWS = """() => [...document.querySelectorAll(".rf-selfassess__plan tbody tr")]
  .map(row => [...row.cells].map(cell => cell.innerText.trim()))"""
CHECKED = """() => Object.fromEntries([...document.querySelectorAll(".rf-selfassess__question")]
  .map(box => [box.querySelector("legend").textContent, box.querySelector("input:checked").value]))"""


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(FIXTURE)


def expected_rows(framework: Framework, target: str, answers: Answers, current: str | None = None) -> list[list[str]]:
    """The plan the page must show, from the model: ``Framework.gap`` from a role requiring the
    reader's levels (an answer, else the current role's level, else not given) to the target."""
    role = framework.roles[target]
    origin = framework.roles[current] if current else None
    levels = {
        r.competency: answers[r.competency] if r.competency in answers
        else (origin.level_of(r.competency) if origin else None)
        for r in role.requirements
    }
    reader = replace(role, id="lecteur", requirements=tuple(
        Requirement(competency, level) for competency, level in levels.items() if level != 0
    ))
    rows = []
    for gap in framework.gap(reader, role):
        trainings = " ; ".join(t.title for t in gap.trainings) or "aucune formation référencée"
        rows.append([
            gap.competency.title, framework.level_label(gap.competency.id, gap.now),
            framework.level_label(gap.competency.id, gap.required),
            UNSPECIFIED if gap.difference is None else f"+{gap.difference}",
            fields.label(gap.importance, "role.requirements[].importance"), trainings,
        ])
    return rows


def _value(level: int | None) -> str:
    """The radio button's value for a level."""
    return "" if level is None else str(level)


def answer_with_keyboard(page: Page, framework: Framework, answers: Answers) -> None:
    """From the current role's select, Tab to the questions and pick each level with the arrows."""
    titles = {c.title: c.id for c in framework.competencies.values()}
    for _ in range(20):  # past the saving, export and import controls
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "radio":
            break
    done = set()
    while page.evaluate("document.activeElement.type") == "radio":
        legend = page.evaluate("document.activeElement.closest('fieldset').querySelector('legend').textContent")
        competency = titles[legend]
        wanted = _value(answers[competency])
        for _ in range(10):
            if page.evaluate("document.activeElement.value") == wanted:
                break
            page.keyboard.press("ArrowDown")  # moves to the next radio button and checks it
        assert page.evaluate("document.activeElement.checked && document.activeElement.value") == wanted
        done.add(competency)
        page.keyboard.press("Tab")
    assert done == set(answers), (done, answers)


def start(tab: Tab, target: str, current: str = "") -> Page:
    """The page, with the roles chosen with the keyboard."""
    tab.goto("auto-evaluation/")
    page = tab.page
    expect(page.locator(".rf-selfassess__nojs")).to_have_count(0)  # the script replaced the no-JS note
    choose(page, page.get_by_label("Rôle visé"), target)
    page.keyboard.press("Tab")
    choose(page, page.get_by_label("Rôle actuel (facultatif)"), current)
    return page


def rows(page: Page) -> list[list[str]]:
    expect(page.locator(".rf-selfassess__plan [role=status]")).not_to_have_text("")
    found: list[list[str]] = page.evaluate(ROWS)
    return found


def reload(page: Page) -> None:
    """Reload once the page is idle (a reload cancels the search worker's requests still under way)."""
    page.wait_for_load_state("networkidle")
    page.reload()
    page.wait_for_load_state("networkidle")


def clean(tab: Tab) -> None:
    assert not tab.failed and not tab.errors, (tab.failed, tab.errors)


#: Answers on the fixture's Référent·e BIM: a gap a training closes and one none does.
ANSWERS: Answers = {"collaborer-bim": 1, "piloter-budget": 0}


def test_a_full_self_assessment_with_the_keyboard_only(open_tab: Callable[[], Tab], framework: Framework,
                                                       axe_script: Path) -> None:
    tab = open_tab()
    page = start(tab, "referent-bim")
    answer_with_keyboard(page, framework, ANSWERS)
    expected = expected_rows(framework, "referent-bim", ANSWERS)
    assert any("aucune formation référencée" in row[-1] for row in expected)
    assert any("aucune" not in row[-1] for row in expected)
    assert rows(page) == expected
    status = page.locator(".rf-selfassess__plan [role=status]")
    expect(status).to_have_text(f"Référent·e BIM : {len(expected)} compétences à faire progresser "
                                "(2 réponses sur 2 compétences demandées).")
    descriptor = framework.competencies["collaborer-bim"].levels[3]
    expect(page.locator(".rf-selfassess__question label", has_text=descriptor)).to_have_count(1)
    violations = serious_violations(page, axe_script)
    assert not violations, "\n".join(violations)
    assert not page.evaluate(f"localStorage.getItem({json.dumps(self_assessment.STORAGE_KEY)})")  # not asked to
    clean(tab)


def test_a_current_role_gives_the_career_path_gap_and_an_unknown_level_stays_unknown(
        open_tab: Callable[[], Tab], framework: Framework) -> None:
    tab = open_tab()
    tab.goto("parcours/charge-operation/referent-bim/")
    tab.page.get_by_role("link", name="Vous auto-évaluer sur ce parcours").click()
    page = tab.page
    expect(page).to_have_url(re.compile(r"/auto-evaluation/\?cible=referent-bim&actuel=charge-operation$"))
    expect(page.get_by_label("Rôle actuel (facultatif)")).to_have_value("charge-operation")
    assert rows(page) == expected_rows(framework, "referent-bim", {}, "charge-operation")
    page.locator(".rf-selfassess__question", has_text="Piloter le budget").get_by_label("Je ne sais pas").check()
    unknown = expected_rows(framework, "referent-bim", {"piloter-budget": None}, "charge-operation")
    assert any(row[3] == UNSPECIFIED for row in unknown)
    expect(page.locator(".rf-selfassess__plan tbody tr")).to_have_count(len(unknown))
    assert rows(page) == unknown
    clean(tab)


def test_lines_are_in_the_order_of_the_model(open_tab: Callable[[], Tab], framework: Framework) -> None:
    """Essential first (even with a gap that cannot be computed), then the largest gap, which
    here is not the titles' order."""
    answers: Answers = {"piloter-budget": None, "collaborer-bim": 0, "animer-concertation": 0}
    expected = expected_rows(framework, "charge-operation", answers)
    titles = [row[0] for row in expected]
    assert len(titles) == 3 and expected[0][3] == UNSPECIFIED and titles[1:] != sorted(titles[1:]), expected
    tab = open_tab()
    page = start(tab, "charge-operation")
    for competency, level in answers.items():
        question = page.locator(".rf-selfassess__question", has_text=framework.competencies[competency].title)
        question.locator(f"input[value='{_value(level)}']").check()
    assert rows(page) == expected
    clean(tab)


def _stored(page: Page) -> Any:
    return json.loads(page.evaluate(f"localStorage.getItem({json.dumps(self_assessment.STORAGE_KEY)})") or "null")


def test_answers_are_kept_only_when_asked_and_erased(open_tab: Callable[[], Tab], framework: Framework) -> None:
    tab = open_tab()
    page = start(tab, "referent-bim")
    answer_with_keyboard(page, framework, ANSWERS)
    reload(page)
    expect(page.get_by_label("Rôle visé")).to_have_value("")  # nothing kept: saving is off by default
    page = start(tab, "referent-bim")
    answer_with_keyboard(page, framework, ANSWERS)
    keep = page.get_by_label("Garder mes réponses dans ce navigateur")
    expect(keep).not_to_be_checked()
    keep.focus()
    page.keyboard.press("Space")
    stored = _stored(page)
    jsonschema.validate(stored, self_assessment.schema())
    assert {a["competency"]: a["level"] for a in stored["answers"]} == ANSWERS
    reload(page)
    expect(page.get_by_label("Rôle visé")).to_have_value("referent-bim")
    expect(keep).to_be_checked()
    assert rows(page) == expected_rows(framework, "referent-bim", ANSWERS)
    assert page.evaluate(CHECKED) == {framework.competencies[c].title: _value(v) for c, v in ANSWERS.items()}
    page.get_by_role("button", name="Effacer mes réponses").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".rf-selfassess__message")).to_have_text(
        "Vos réponses ont été effacées de cette page et de ce navigateur.")
    assert _stored(page) is None
    reload(page)
    expect(page.get_by_label("Rôle visé")).to_have_value("")
    expect(keep).not_to_be_checked()
    expect(page.locator(".rf-selfassess__question")).to_have_count(0)
    assert page.evaluate("localStorage.length") == 0
    clean(tab)


def export(page: Page, folder: Path) -> Path:
    with page.expect_download() as download:
        page.get_by_role("button", name="Exporter mes réponses").press("Enter")
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def test_an_exported_file_imported_in_a_fresh_browser_gives_the_same_plan(
        open_tab: Callable[[], Tab], framework: Framework, tmp_path: Path) -> None:
    tab = open_tab()
    page = start(tab, "referent-bim", "assistant-operation")
    answer_with_keyboard(page, framework, ANSWERS)
    plan, checked = rows(page), page.evaluate(CHECKED)
    assert plan == expected_rows(framework, "referent-bim", ANSWERS, "assistant-operation")
    exported = export(page, tmp_path)
    saved = json.loads(exported.read_text("utf-8"))
    jsonschema.validate(saved, self_assessment.schema())
    assert saved["format"] == self_assessment.file_format()
    assert saved["roles"] == {"current": "assistant-operation", "target": "referent-bim"}
    assert not re.search(r"nom|name|mail", json.dumps(list(saved)))  # nothing that identifies the reader
    other = open_tab()  # another browser context: no storage shared
    other.goto("auto-evaluation/")
    fresh = other.page
    expect(fresh.get_by_label("Rôle visé")).to_have_value("")
    fresh.get_by_label("Importer un fichier de réponses (JSON)").set_input_files(exported)
    expect(fresh.locator(".rf-selfassess__message")).to_contain_text("Réponses importées depuis")
    expect(fresh.get_by_label("Rôle visé")).to_have_value("referent-bim")
    expect(fresh.get_by_label("Rôle actuel (facultatif)")).to_have_value("assistant-operation")
    assert rows(fresh) == plan
    assert fresh.evaluate(CHECKED) == checked
    assert not fresh.locator(".rf-selfassess__changes").inner_text()  # same version: nothing to say
    clean(tab)
    clean(other)


#: Files that are not a self-assessment (name → content), each refused by the schema too.
BAD_FILES: dict[str, bytes] = {
    "pas-du-json.json": b"{ ceci n'est pas du JSON",
    "tableau.json": b"[]",
    "sans-reponses.json": json.dumps({"format": "referentiel-moa/auto-evaluation/1", "framework": {
        "version": "0.1", "date": "2026-11-23"}, "roles": {"current": None, "target": None}}).encode(),
    "niveau-texte.json": json.dumps({"format": "referentiel-moa/auto-evaluation/1", "framework": {
        "version": "0.1", "date": "2026-11-23"}, "roles": {"current": None, "target": "referent-bim"},
        "answers": [{"competency": "collaborer-bim", "title": "x", "level": "3", "levels": []}]}).encode(),
    "<img src=x onerror=alert(1)>.json": b'{"format": "autre chose"}',
}


def test_a_malformed_file_is_refused_with_a_clear_message_and_nothing_is_lost(
        open_tab: Callable[[], Tab], framework: Framework) -> None:
    tab = open_tab()
    page = start(tab, "referent-bim")
    answer_with_keyboard(page, framework, ANSWERS)
    page.get_by_label("Garder mes réponses dans ce navigateur").check()
    plan, checked, stored = rows(page), page.evaluate(CHECKED), _stored(page)
    problem = page.locator(".rf-selfassess__problem")
    validator = jsonschema.Draft202012Validator(self_assessment.schema())
    for name, content in BAD_FILES.items():
        try:
            assert not validator.is_valid(json.loads(content)), name
        except json.JSONDecodeError:
            pass
        page.get_by_label("Importer un fichier de réponses (JSON)").set_input_files(
            {"name": name, "mimeType": "application/json", "buffer": content})
        expect(problem).to_contain_text(f"Le fichier « {name} » n’a pas été importé")
        expect(problem).to_contain_text("Vos réponses n’ont pas changé.")
        assert rows(page) == plan and page.evaluate(CHECKED) == checked and _stored(page) == stored, name
    expect(problem).to_have_role("alert")
    assert "champ « answers » manquant" in _problem_for(page, "sans-reponses.json")
    assert "answers[0].level : un nombre entier ou null attendu" in _problem_for(page, "niveau-texte.json")
    assert page.locator(".rf-selfassess img").count() == 0
    clean(tab)


def _problem_for(page: Page, name: str) -> str:
    page.get_by_label("Importer un fichier de réponses (JSON)").set_input_files(
        {"name": name, "mimeType": "application/json", "buffer": BAD_FILES[name]})
    problem = page.locator(".rf-selfassess__problem")
    expect(problem).to_contain_text(name)
    return problem.inner_text()


def test_a_later_version_says_what_changed(open_tab: Callable[[], Tab], framework: Framework,
                                           tmp_path: Path) -> None:
    """Answers exported on this version, imported where the data is another version: one
    competency's descriptor rewritten, another gone (and dropped from the roles)."""
    tab = open_tab()
    page = start(tab, "charge-operation")
    answers: Answers = {"piloter-budget": 1, "collaborer-bim": 2, "animer-concertation": 1}
    answer_with_keyboard(page, framework, answers)
    exported = export(page, tmp_path)

    def next_version(route: Route) -> None:
        response = route.fetch()
        data = response.json()
        data["version"], data["date"] = "9.0", "2027-01-01"
        budget = next(c for c in data["competencies"] if c["id"] == "piloter-budget")
        budget["levels"][1]["descriptor"] = "Un descripteur réécrit."
        data["competencies"] = [c for c in data["competencies"] if c["id"] != "animer-concertation"]
        for role in data["roles"]:
            role["requirements"] = [q for q in role["requirements"] if q["competency"] != "animer-concertation"]
        route.fulfill(response=response, json=data)

    other = open_tab()
    other.page.route("**/donnees/referentiel.json", next_version)
    other.goto("auto-evaluation/")
    later = other.page
    later.get_by_label("Importer un fichier de réponses (JSON)").set_input_files(exported)
    changes = later.locator(".rf-selfassess__changes")
    version = framework.journal[0]
    expect(changes).to_contain_text(f"Ces réponses ont été données sur la version {version.version} du référentiel")
    expect(changes).to_contain_text("cette page montre la version 9.0 (du 1er janvier 2027)")
    budget = framework.competencies["piloter-budget"].title
    concertation = framework.competencies["animer-concertation"].title
    items = changes.locator("li")
    expect(items).to_have_text([
        f"{budget} : descripteur du niveau 2 modifié",
        f"{concertation} : compétence absente de cette version, réponse écartée",
    ])
    question = later.locator(".rf-selfassess__question", has_text=budget)
    expect(question.locator(".rf-selfassess__flag")).to_contain_text("À vérifier : descripteur du niveau 2 modifié")
    flagged = later.locator(".rf-selfassess__plan tbody tr", has_text=budget)
    expect(flagged.locator("td").first).to_have_text(re.compile(r"\(à vérifier\)$"))
    question.get_by_role("button", name="Garder ma réponse").press("Enter")  # the reader confirms it
    expect(question.locator(".rf-selfassess__flag")).to_have_count(0)
    expect(flagged.locator("td").first).not_to_contain_text("à vérifier")
    clean(tab)
    clean(other)


def test_the_plan_prints_on_one_page_with_version_and_date(open_tab: Callable[[], Tab], framework: Framework,
                                                           tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext is not installed: run `.ci/run` as root, or `apt-get install poppler-utils`")
    tab = open_tab()
    page = start(tab, "referent-bim")
    answer_with_keyboard(page, framework, ANSWERS)
    plan = rows(page)
    page.emulate_media(media="print")
    pdf = tmp_path / "plan.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    assert len(read_pdf(pdf)) == 1, "the plan takes one page"
    text = squeezed(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout)
    version = framework.journal[0]
    assert squeezed(f"Référentiel version {version.version} du {french_date(version.date)}") in text
    assert squeezed("Rôle visé : Référent·e BIM. Rôle actuel : aucun.") in text
    assert "planétablile" in text
    for row in plan:
        for cell in row:
            assert squeezed(cell) in text, f"« {cell} » is not on the paper"
    for screen_only in ("Je ne sais pas", "Garder mes réponses", "Ce qui est enregistré", "Importer"):
        assert squeezed(screen_only) not in text, screen_only
    clean(tab)


def test_the_largest_plans_of_our_referentiel_print_on_one_page(open_real_tab: Callable[[], Tab],
                                                                 tmp_path: Path) -> None:
    """With no answer, every requirement of the target is a line: each role of the real content
    gives its longest plan, and it still takes one page, nothing off the paper."""
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext is not installed: run `.ci/run` as root, or `apt-get install poppler-utils`")
    tab = open_real_tab()
    for role in load_framework(REPO).roles.values():
        tab.goto(f"auto-evaluation/?cible={role.id}")
        page = tab.page
        expect(page.locator(".rf-selfassess__plan tbody tr")).to_have_count(len(role.requirements))
        page.emulate_media(media="print")
        pdf = tmp_path / f"{role.id}.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
        page.emulate_media(media="screen")
        pages = read_pdf(pdf)
        assert len(pages) == 1, f"{role.id}: {len(role.requirements)} lines on {len(pages)} pages"
        outside = [word for width, words in pages for left, right, word in words if left < 0 or right > width]
        assert not outside, f"{role.id}: words off the paper: {outside[:10]}"
    clean(tab)


def test_on_a_phone(open_tab: Callable[[], Tab], framework: Framework, axe_script: Path) -> None:
    tab = open_tab()
    tab.page.set_viewport_size({"width": 390, "height": 844})
    page = start(tab, "referent-bim")
    answer_with_keyboard(page, framework, ANSWERS)
    assert rows(page) == expected_rows(framework, "referent-bim", ANSWERS)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
    for control in (page.get_by_label("Rôle visé"), page.locator(".rf-selfassess__question").first,
                    page.get_by_role("button", name="Imprimer le plan")):
        box = control.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    violations = serious_violations(page, axe_script)
    assert not violations, "\n".join(violations)
    clean(tab)


@pytest.fixture
def no_script_page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_without_javascript_the_page_says_so_and_links_to_roles_and_paths(no_script_page: Page) -> None:
    page = no_script_page
    page.goto("auto-evaluation/")
    note = page.locator(".rf-selfassess__nojs")
    expect(note).to_contain_text("a besoin de JavaScript")
    expect(note.get_by_role("link", name="pages des rôles")).to_have_attribute("href", "../roles/")
    expect(note.get_by_role("link", name="parcours")).to_have_attribute("href", "../parcours/")



#: Text planted in the data: it must show as typed, never as markup or script.
HOSTILE = '<img src=x onerror="window.rfPwned=true">'


def test_text_from_the_data_and_from_a_file_stays_text(open_tab: Callable[[], Tab]) -> None:
    tab = open_tab()
    page = tab.page

    def hostile(route: Route) -> None:
        response = route.fetch()
        data = response.json()
        for entity in (*data["competencies"], *data["roles"], *data["trainings"]):
            entity["title"] = f"{entity['title']} {HOSTILE}"
        for competency in data["competencies"]:
            for level in competency["levels"]:
                level["descriptor"] = f"<b>{level['descriptor']}</b>"
        route.fulfill(response=response, json=data)

    page.route("**/donnees/referentiel.json", hostile)
    tab.goto("auto-evaluation/?cible=referent-bim&actuel=assistant-operation")
    expect(page.locator(".rf-selfassess__plan tbody tr").first).to_contain_text(HOSTILE)
    expect(page.locator(".rf-selfassess legend").first).to_have_text(re.compile(re.escape(HOSTILE) + "$"))
    expect(page.locator(".rf-selfassess__question label").filter(has_text="<b>").first).to_be_visible()
    record = {"format": self_assessment.file_format(), "framework": {"version": HOSTILE, "date": "2026-01-01"},
              "roles": {"current": None, "target": "referent-bim"},
              "answers": [{"competency": "ancienne", "title": HOSTILE, "level": 1, "levels": []}]}
    page.get_by_label("Importer un fichier de réponses (JSON)").set_input_files(
        {"name": f"{HOSTILE}.json", "mimeType": "application/json", "buffer": json.dumps(record).encode()})
    expect(page.locator(".rf-selfassess__changes li")).to_have_text(
        f"{HOSTILE} : compétence absente de cette version, réponse écartée")
    expect(page.locator(".rf-selfassess__message")).to_contain_text(f"« {HOSTILE}.json »")
    assert page.locator(".rf-selfassess img, .rf-selfassess b").count() == 0
    assert page.evaluate("window.rfPwned") is None
    clean(tab)
