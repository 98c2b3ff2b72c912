"""Building the fixture project for real and reading the HTML it produces."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from helpers import FIXTURE, REPO, build, found, make_project, run_process
from site_html import broken_links, read_page

EDIT_BASE = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8").split("\ntheme:")[0])["edit_uri"]


def test_every_entity_has_its_page(built_mini: Path) -> None:
    for path in (FIXTURE / "competencies").glob("*.yml"):
        assert read_page(built_mini, f"competences/{path.stem}/").find("h1")
    for path in (FIXTURE / "framework" / "missions").glob("*.yml"):
        assert read_page(built_mini, f"missions/{path.stem}/").find("h1")
    glossary = read_page(built_mini, "glossaire/")
    for path in (FIXTURE / "glossary").glob("*.yml"):
        assert glossary.find("h3", id=path.stem), f"no anchor #{path.stem} in the glossary"
    institute = read_page(built_mini, "institut/")
    assert institute.find("h3", id="metier-competences") and institute.find("h3", id="visites-expertes")
    assert "Deux jours" in institute.text and "réunion de travail" in institute.text
    for page in (
        "",
        "institut/",
        "metier/",
        "missions/",
        "competences/",
        "competences/emergentes/",
        "niveaux/",
        "contribuer/",
    ):
        assert read_page(built_mini, page).find("h1"), page


def test_competency_page_content(built_mini: Path) -> None:
    page = read_page(built_mini, "competences/piloter-budget/")
    text = page.text
    for expected in (
        "Piloter le budget d’une opération", "actuelle", "savoir-faire", "Pilotage",
        "Lit un tableau de bord budgétaire.", "Conçoit la méthode de pilotage.",
        "Programmer l’opération", "Collaborer avec le BIM", "MOA — Maîtrise d’ouvrage", "ROME : C1503",
        "document réuni par l’institut",
    ):
        assert expected in text, expected
    assert "000_257c336bb350e0a8" not in text, "a seed's file name shown to readers"
    links = page.links()
    for target in (
        "../../missions/programmation/",
        "../collaborer-bim/",
        "../../glossaire/#moa",
        "../../niveaux/#niveau-4",
        "../#pilotage",
        "../../institut/#document-000",
        "https://candidat.francetravail.fr/metierscope/fiche-metier/C1503",
    ):
        assert target in links, target


def test_reverse_views_are_derived(built_mini: Path) -> None:
    # collaborer-bim does not list piloter-budget: the link back is derived.
    assert "../piloter-budget/" in read_page(built_mini, "competences/collaborer-bim/").links()
    mission = read_page(built_mini, "missions/suivi-travaux/")
    assert {"../../competences/piloter-budget/", "../../competences/collaborer-bim/"} <= set(mission.links())
    glossary = read_page(built_mini, "glossaire/")
    assert "#programme" in glossary.links()  # programme → moa, so moa shows programme
    assert "Faux ami" in glossary.text and "project manager" in glossary.text


def test_index_pages_group_and_badge(built_mini: Path) -> None:
    index = read_page(built_mini, "competences/")
    assert [e.attrs["id"] for e in index.find("h2") if e.attrs.get("id")] == ["pilotage", "transitions"]
    assert (
        len([e for e in index.elements if e.tag == "span" and "rf-badge--emerging" in (e.attrs.get("class") or "")])
        == 2
    )
    emerging = read_page(built_mini, "competences/emergentes/")
    assert "../collaborer-bim/" in emerging.links() and "../piloter-budget/" not in emerging.links()


def test_internal_links_and_anchors_resolve(built_mini: Path) -> None:
    """Every relative link of every page points to a built file, and its anchor exists there."""
    broken, checked = broken_links(built_mini)
    assert not broken
    assert checked > 100


def test_edit_links_point_to_source_files(built_mini: Path) -> None:
    competency = read_page(built_mini, "competences/piloter-budget/")
    assert EDIT_BASE + "competencies/piloter-budget.yml" in competency.links()
    assert (
        EDIT_BASE + "framework/missions/programmation.yml" in read_page(built_mini, "missions/programmation/").links()
    )
    assert EDIT_BASE + "docs/index.md" in read_page(built_mini, "").links()


def test_french_and_offline(built_mini: Path) -> None:
    for html in built_mini.rglob("*.html"):
        text = html.read_text("utf-8")
        assert '<html lang="fr"' in text, html
        external = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"', text)
        assert not [url for url in external if "fonts" in url or url.endswith((".js", ".css"))], (html, external)
    config = (built_mini / "search" / "search_index.json").read_text("utf-8")
    assert '"lang":["fr"]' in config.replace(" ", "")


def test_hand_written_page_title_stays_text(tmp_path: Path) -> None:
    """Source fields are covered by tests/test_hostile.py; a hand-written page's front matter title here."""
    project = make_project(tmp_path / "project")
    hostile = "<img src=x onerror=alert(1)>"
    page_md = project / "docs" / "contribuer" / "index.md"
    page_md.write_text(f"---\ntitle: '{hostile}'\n---\n" + page_md.read_text("utf-8"), "utf-8")
    run = build(project)
    assert run.code == 0, run.output
    page = read_page(project / "site", "contribuer/")
    assert not any(name.startswith("on") for element in page.elements for name in element.attrs)
    assert not page.find("img") and hostile in page.text
    index = (project / "site" / "search" / "search_index.json").read_text("utf-8")
    assert "<img" not in index


def test_generate_refuses_bad_sources(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    (project / "glossary" / "moe.yml").write_text("", "utf-8")
    out = tmp_path / "out"
    run = run_process(
        [sys.executable, "-m", "referentiel", "--root", str(project), "generate", "--out", str(out)], project
    )
    assert run.code == 1 and "glossary/moe.yml:1:1: le fichier est vide" in run.output
    assert not out.exists()


def test_glossary_terms_are_linked_on_generated_and_hand_written_pages(built_mini: Path) -> None:
    home = (built_mini / "index.html").read_text("utf-8")
    assert re.search(
        r'<a class="rf-term" href="glossaire/#moa" title="Personne publique pour qui l’ouvrage est construit\.">'
        r"maître d’ouvrage</a>",
        home,
    )
    mission = (built_mini / "missions/programmation/index.html").read_text("utf-8")
    assert '<a class="rf-term" href="../../glossaire/#programme"' in mission
    assert not re.search(r"<h1[^>]*>[^<]*<a class=\"rf-term\"", mission), "a heading was linked"


def test_glossary_entries_list_the_pages_that_use_them(built_mini: Path) -> None:
    glossary = (built_mini / "glossaire/index.html").read_text("utf-8")
    entry = glossary.split('id="programme"')[1].split("<h3")[0]
    backlinks = found(r'<details class="rf-backlinks">(.*?)</details>', entry, re.DOTALL).group(1)
    assert '<a href="../missions/programmation/">Programmer l’opération</a>' in backlinks
    moa = glossary.split('id="moa"')[1].split("<h3")[0]
    assert 'class="rf-term" href="#moa"' not in moa, "an entry links to itself"
    moe = glossary.split('id="moe"')[1].split("<h3")[0]
    assert 'class="rf-term" href="#programme"' in moe  # other terms are linked inside an entry
    for href in re.findall(r'<details class="rf-backlinks">.*?</details>', glossary, re.DOTALL):
        for link in re.findall(r'href="([^"?]+)"', href):  # "?q=…": the rest, a search for the term
            assert (built_mini / "glossaire" / link / "index.html").resolve().exists(), link


def test_our_own_markup_is_never_escaped(tmp_path: Path) -> None:
    """A macro's output printed without ``| safe`` would show as \\[text\\](link) on the page."""
    project = make_project(tmp_path / "project")
    run = run_process(
        [sys.executable, "-m", "referentiel", "--root", str(project), "generate", "--out", str(tmp_path / "out")],
        project,
    )
    assert run.code == 0
    for page in (tmp_path / "out").rglob("*.md"):
        text = page.read_text("utf-8")
        assert "\\](" not in text and "\\- \\[" not in text and "&lt;span" not in text, page


def test_field_reference_is_drawn_from_the_schemas(built_mini: Path) -> None:
    import json

    page = read_page(built_mini, "contribuer/champs/")
    for schema_path in (REPO / "referentiel" / "schemas").glob("*.schema.json"):
        schema = json.loads(schema_path.read_text("utf-8"))
        if schema_path.name == "common.schema.json":
            continue
        assert schema["title"] in page.text, schema_path.name
        for name, sub in schema["properties"].items():
            assert name in page.text
            for choice in sub.get("oneOf", ()):
                value, label = choice["const"], choice["title"]
                shown = value if label == value else f"{value} ({label}"
                assert shown in page.text, (schema_path.name, name)
    assert "requirements[].importance" in page.text
    assert "essential (essentielle — indispensable dès la prise de poste)" in page.text


def test_journal_page(built_mini: Path) -> None:
    page = read_page(built_mini, "journal/")
    assert page.find("h2", id="version-0-1") and "23 novembre 2026" in page.text
