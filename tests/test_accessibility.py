"""The accessibility statement (framework/accessibility.yml → /accessibilite/), through real builds:
its content drawn from the file, what the file leaves out shown as missing, a footer link on every
page, no page and no link without the file, bad input reported at path:line:col; and the real
statement naming the tool versions the test suite uses."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
import yaml

from helpers import REPO, Mutation, assert_reported, build, check, edit, found, make_project

STATEMENT = "framework/accessibility.yml"


def visible_text(html: str) -> str:
    """The text of an HTML fragment, tags dropped, spaces (no-break ones too) made single spaces."""
    return " ".join(unescape(re.sub(r"<[^>]*>", "", html)).split())


def _article(site: Path, page: str) -> str:
    html = (site / page).read_text("utf-8")
    return visible_text(found(r"<article[^>]*>(.*?)</article>", html, re.DOTALL)[1])


def test_the_page_is_drawn_from_the_file(built_mini: Path) -> None:
    data = yaml.safe_load((REPO / "tests/fixtures/mini" / STATEMENT).read_text("utf-8"))
    text = _article(built_mini, "accessibilite/index.html")
    assert "Ce site est non conforme avec le RGAA 4.1." in text  # 40 % of the criteria: below half
    assert "réalisé le 1er octobre 2026 par Cabinet d’essai, mesure que 40 % des critères applicables" in text
    assert "elle a été établie le 30 novembre 2026." in text and "Entité qui déclare : Institut d’essai." in text
    for check_ in data["checks"]:
        assert check_["tool"] in text and check_["what"] in text
    assert "| axe-core | 4.14.1 |" in _table_rows(built_mini)
    assert "| Tests au clavier | non précisé |" in _table_rows(built_mini)  # a tool without a version
    assert "Chromium 156 (Debian 12)" in text
    assert "Technologies d’assistance : NVDA 2024.4" in text
    issue = data["known_issues"][0]
    assert f"{issue['description']} (critère RGAA {issue['criterion']})" in text
    assert f"Alternative : {issue['workaround']}" in text
    assert "Courriel : accessibilite@example.org" in text
    assert "Formulaire : non précisé" in text and "Adresse postale : non précisé" in text  # never invented
    assert "Schéma pluriannuel : non précisé." in text
    assert "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07" in text
    html = (built_mini / "accessibilite/index.html").read_text("utf-8")
    assert 'href="mailto:accessibilite@example.org"' in html


def _table_rows(site: Path) -> str:
    """The table of checks, as "| cell | cell |" lines."""
    html = (site / "accessibilite/index.html").read_text("utf-8")
    table = found(r"<table>(.*?)</table>", html, re.DOTALL)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)
    cells = (re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.DOTALL) for row in rows)
    return "\n".join("| " + " | ".join(visible_text(cell) for cell in row) + " |" for row in cells)


def test_every_page_links_to_the_statement_with_its_status(built_mini: Path) -> None:
    pages = sorted(built_mini.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text("utf-8")
        link = found(r'<div class="rf-accessibility-mention">\s*<a href="([^"]*)">([^<]*)</a>', html)
        assert " ".join(link[2].split()) == "Accessibilité : non conforme", page
        target = (page.parent / link[1]).resolve() if page.name != "404.html" else built_mini / "accessibilite"
        assert (target / "index.html").is_file(), (page, link[1])


def test_without_the_file_no_page_and_no_link(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    (project / STATEMENT).unlink()
    assert check(project).code == 0
    run = build(project)
    assert run.code == 0, run.output
    site = project / "site"
    assert not (site / "accessibilite").exists()
    pages = list(site.rglob("*.html"))
    assert pages and not [page for page in pages if "rf-accessibility-mention" in page.read_text("utf-8")]
    assert "Accessibilité" not in (site / "index.html").read_text("utf-8")


AUDIT = "audit:\n  date: 2026-10-01\n  auditor: Cabinet d’essai\n  rate: 40\n"


def mutations(*steps: Mutation) -> Mutation:
    return lambda project: [step(project) for step in steps]


def statement(status: str, rate: float | None) -> Mutation:
    """The fixture's statement with this status, and this audit rate (None: no audit)."""
    audit = "" if rate is None else AUDIT.replace("rate: 40", f"rate: {rate:g}")
    return mutations(edit(STATEMENT, AUDIT, audit), edit(STATEMENT, "status: non_compliant", f"status: {status}"))


def test_without_an_audit_the_page_says_so(project: Path) -> None:
    statement("non_compliant", None)(project)
    edit(STATEMENT, 'assistive_technologies:\n  - name: NVDA\n    version: "2024.4"\n', "")(project)
    run = build(project)
    assert run.code == 0, run.output
    text = _article(project / "site", "accessibilite/index.html")
    assert "Ce site est non conforme avec le RGAA 4.1." in text
    assert "Aucun audit de conformité RGAA complet n’a été réalisé" in text
    assert "Technologies d’assistance : aucune n’a été essayée." in text


#: Each bad statement, and the line the contributor must read.
BAD: dict[str, tuple[Mutation, list[str]]] = {
    "a status without an audit": (
        statement("partially_compliant", None),
        [(f"{STATEMENT}:1:9: l'état « partiellement conforme » demande un audit RGAA complet, et le fichier n'en "
         "décrit aucun — décrivez l'audit sous « audit » (date, auditor, rate), ou écrivez status: non_compliant")],
    ),
    "a status above the audit": (
        statement("compliant", 62.5),
        [(f"{STATEMENT}:1:9: l'état « totalement conforme » ne correspond pas à l'audit (62,5 % des critères "
         "respectés), que le RGAA dit « partiellement conforme » — écrivez status: partially_compliant")],
    ),
    "a status below the audit": (
        statement("non_compliant", 100),
        [(f"{STATEMENT}:1:9: l'état « non conforme » ne correspond pas à l'audit (100 % des critères respectés), "
         "que le RGAA dit « totalement conforme » — écrivez status: compliant")],
    ),
    "an unknown status": (
        edit(STATEMENT, "status: non_compliant", "status: conforme"),
        [(f"{STATEMENT}:1:9: valeur non admise pour « status » : « conforme » — valeurs possibles : non_compliant "
         "(non conforme), partially_compliant (partiellement conforme), compliant (totalement conforme)")],
    ),
    "an impossible date": (
        edit(STATEMENT, "date: 2026-11-30", "date: 2026-11-31"),
        [f"{STATEMENT}:2:7: date impossible : « 2026-11-31 » — écrivez une date réelle au format AAAA-MM-JJ"],
    ),
    "an impossible audit date": (
        edit(STATEMENT, "date: 2026-10-01", "date: 2026-02-30"),
        [f"{STATEMENT}:4:9: date impossible : « 2026-02-30 »"],
    ),
    "a rate above 100": (
        statement("compliant", 120),
        [f"{STATEMENT}:6:9: "],
    ),
    "a check without what it checked": (
        edit(STATEMENT, "    what: Toutes ses règles, sur une page de chaque type.\n", ""),
        [f"{STATEMENT}:8:5: champ obligatoire manquant : « what »"],
    ),
    "a contact address that is not one": (
        edit(STATEMENT, "email: accessibilite@example.org", "email: écrivez-nous"),
        [f"{STATEMENT}:25:10: format invalide pour « contact.email » : « écrivez-nous »"],
    ),
    "a misspelt field": (
        edit(STATEMENT, "known_issues:", "known_isues:"),
        [f"{STATEMENT}:20:1: champ inconnu « known_isues » — vouliez-vous dire « known_issues » ?"],
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_statements_are_reported_where_they_are(project: Path, case: str) -> None:
    mutate, expected = BAD[case]
    mutate(project)
    for run in (check(project), build(project)):
        assert run.code == 1, run.output
        assert_reported(run.output, expected)
    assert not (project / "site" / "index.html").exists()


def test_a_statement_matching_its_audit_passes(project: Path) -> None:
    statement("partially_compliant", 62.5)(project)
    run = build(project)
    assert run.code == 0, run.output
    text = _article(project / "site", "accessibilite/index.html")
    assert "Ce site est partiellement conforme avec le RGAA 4.1." in text
    assert "réalisé le 1er octobre 2026 par Cabinet d’essai, mesure que 62,5 % des critères applicables" in text
    assert "Aucun audit" not in text
    home = visible_text((project / "site" / "index.html").read_text("utf-8"))
    assert "Accessibilité : partiellement conforme" in home


def test_the_real_statement_names_the_versions_the_tests_use() -> None:
    """What the statement says was tested is what the suite runs: axe-core from the npm lock,
    Playwright from the Python lock (the browser's version: tests/browser/test_accessibility.py)."""
    statement = yaml.safe_load((REPO / STATEMENT).read_text("utf-8"))
    versions = {check_["tool"].split(",")[0]: check_.get("version") for check_ in statement["checks"]}
    lock = json.loads((REPO / "package-lock.json").read_text("utf-8"))
    assert versions["axe-core"] == lock["packages"]["node_modules/axe-core"]["version"]
    playwright = found(r"^playwright==(\S+)", (REPO / "requirements.lock").read_text("utf-8"), re.MULTILINE)[1]
    assert versions["Playwright"] == playwright
    assert statement["status"] == "non_compliant" and "audit" not in statement  # no RGAA audit was made


def test_a_hand_written_page_takes_the_route_only_without_the_file(tmp_path: Path) -> None:
    """docs/accessibilite/index.md is where the statement is generated: refused with the file
    (the build would replace the page), the institute's own page without it."""
    page = "docs/accessibilite/index.md"
    for name, with_file in (("with", True), ("without", False)):
        project = make_project(tmp_path / name)
        if not with_file:
            (project / STATEMENT).unlink()
        (project / page).parent.mkdir()
        (project / page).write_text("# Accessibilité\n\nNotre propre déclaration.\n", "utf-8")
        run = check(project)
        if with_file:
            assert run.code == 1
            expected = f"{page}:1:1: cette page occupe l'adresse d'une page générée par le référentiel"
            assert_reported(run.output, [f"{expected} (accessibilite/index.md)"])
        else:
            assert run.code == 0, run.output
            built = build(project)
            assert built.code == 0, built.output
            assert "Notre propre déclaration." in (project / "site/accessibilite/index.html").read_text("utf-8")
