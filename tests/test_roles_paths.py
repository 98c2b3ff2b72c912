"""Roles, career paths, trainings, matrix and the comparison page, read from the built HTML."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import yaml

from helpers import FIXTURE
from referentiel import graph, pages, routes
from referentiel.layout import KINDS
from referentiel.load import load_framework
from referentiel.model import Framework
from referentiel.pages import PlannedPage, plan, render
from roles_gaps import _rows, check_gap_tables
from site_html import read_page


def test_gap_tables_equal_the_difference_of_the_two_roles(built_mini: Path) -> None:
    assert check_gap_tables(FIXTURE, built_mini) == 3


def test_gap_lists_trainings_reaching_the_required_level_or_says_none(built_mini: Path) -> None:
    rows = _rows((built_mini / "parcours/charge-operation/referent-bim/index.html").read_text("utf-8"))
    # the BIM workshop reaches level 2 only: the move to level 4 has no training
    assert rows == [
        [
            "Collaborer avec le BIM",
            "2 — Application",
            "4 — Expertise",
            "+2",
            "essentielle",
            "aucune formation référencée",
        ]
    ]
    rows = _rows((built_mini / "parcours/assistant-operation/charge-operation/index.html").read_text("utf-8"))
    assert [
        "Piloter le budget d’une opération",
        "1 — Notions",
        "3 — Maîtrise",
        "+2",
        "essentielle",
        "Piloter le budget d’une opération",
    ] in rows


def test_graph_links_every_role_and_has_a_text_alternative(built_mini: Path) -> None:
    page = read_page(built_mini, "parcours/")
    nodes = [e for e in page.elements if e.tag == "a" and "rf-graph__node" in (e.attrs.get("class") or "")]
    svg_links = [e.attrs["href"] or "" for e in nodes]
    roles = sorted(p.stem for p in (FIXTURE / "framework/roles").glob("*.yml"))
    assert sorted(svg_links) == sorted(2 * [f"../roles/{r}/" for r in roles])  # the wide and the narrow drawing
    for link in svg_links:
        assert (built_mini / "parcours" / link / "index.html").resolve().exists()
    assert page.find("svg") and page.find("title")
    for path in (FIXTURE / "framework/paths").glob("*.yml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        assert (
            f"../parcours/{data['from']}/{data['to']}/" in page.links()
            or f"{data['from']}/{data['to']}/" in page.links()
        )
    assert len(page.find("path", **{"class": "rf-graph__edge rf-graph__edge--proche"})) == 2  # one a drawing


def test_beyond_the_readable_size_the_paths_are_a_list_without_a_graph() -> None:
    """With more roles than ``graph.MAX_ROLES`` no graph is drawn (its rows would be unreadable):
    the page says so and still lists every path; at the limit the graph is drawn."""
    framework = load_framework(FIXTURE)
    model_role = next(iter(framework.roles.values()))

    def paths_page(count: int) -> str:
        extra = {f"role-{n}": replace(model_role, id=f"role-{n}") for n in range(count - len(framework.roles))}
        bigger = replace(framework, roles=MappingProxyType({**framework.roles, **extra}))
        page = next(page for page in plan(bigger) if page.path == routes.CAREER_PATHS)
        return render(page).content

    assert "<svg" in paths_page(graph.MAX_ROLES)
    markdown = paths_page(graph.MAX_ROLES + 1)
    assert "<svg" not in markdown
    assert f"Avec {graph.MAX_ROLES + 1} rôles, un graphe ne serait plus lisible" in markdown
    for career_path in framework.career_paths:
        assert f"]({routes.career_path(career_path.origin, career_path.target).removeprefix('parcours/')})" in markdown


def test_role_page(built_mini: Path) -> None:
    page = read_page(built_mini, "roles/charge-operation/")
    text = page.text
    for expected in (
        "Chargé·e d’opération",
        "Conduite d’opération",
        "3 — Maîtrise",
        "essentielle",
        "optionnelle",
        "ROME : C1503",
        "Assistant·e d’opération",
        "Référent·e BIM",
        "Atelier BIM de l’institut",
    ):
        assert expected in text, expected
    links = page.links()
    assert "../../parcours/charge-operation/referent-bim/" in links  # outgoing
    assert "../../parcours/assistant-operation/charge-operation/" in links  # incoming
    assert "../../comparer/?roles=charge-operation" in links  # the comparison, this role preselected
    assert "../../formations/atelier-bim/" in links


def test_one_comparison_page_reading_the_json_export(built_mini: Path) -> None:
    """Roles are compared in the browser: one page, no page per pair of roles."""
    assert [p.parent.name for p in (built_mini / "comparer").rglob("index.html")] == ["comparer"]
    page = read_page(built_mini, "comparer/")
    html = (built_mini / "comparer/index.html").read_text("utf-8")
    assert 'data-source="../donnees/referentiel.json"' in html
    assert (built_mini / "donnees/referentiel.json").is_file()
    # without JavaScript: the page says so and leads to the role pages and the matrix
    assert "besoin de JavaScript" in page.text
    assert {"../roles/", "../matrice/"} <= set(page.links())
    path = read_page(built_mini, "parcours/charge-operation/referent-bim/")
    assert "../../../comparer/?roles=charge-operation,referent-bim" in path.links()


def test_pages_are_entities_and_listings(built_mini: Path) -> None:
    """The site's pages are its entities' pages and its listings: none grows with pairs of roles."""
    def ids(folder: Path) -> list[str]:
        return [p.stem for p in folder.glob("*.yml")]

    fw = FIXTURE / "framework"
    paths = [yaml.safe_load(p.read_text("utf-8")) for p in (fw / "paths").glob("*.yml")]
    published = [
        p.stem for p in (FIXTURE / "docs/livrables").glob("*.md") if "status: draft" not in p.read_text("utf-8")
    ]
    entities = (
        {routes.role(i) for i in ids(fw / "roles")} | {routes.mission(i) for i in ids(fw / "missions")}
        | {routes.training(i) for i in ids(fw / "trainings")}
        | {routes.competency(i) for i in ids(FIXTURE / "competencies")}
        | {routes.career_path(p["from"], p["to"]) for p in paths} | {routes.deliverable(i) for i in published}
    )
    kind_files = {kind.name: kind.file for kind in KINDS}
    optional = [page for kind, page in routes.OPTIONAL.items() if (FIXTURE / str(kind_files[kind])).is_file()]
    assert optional, "the fixture has an accessibility statement"
    # "": the home page; the contributor guide is a hand-written page of the project
    expected = {routes.page_url(page) for page in (*routes.FIXED, *entities, *optional)} | {"", "contribuer/"}
    folders = {html.parent.relative_to(built_mini).as_posix() for html in built_mini.rglob("index.html")}
    built = {"" if folder == "." else f"{folder}/" for folder in folders}
    assert built == expected, (sorted(built - expected), sorted(expected - built))


def test_matrix_one_table_per_domain(built_mini: Path) -> None:
    html = (built_mini / "matrice/index.html").read_text("utf-8")
    pilotage = html[html.index('id="pilotage"') : html.index('id="transitions"')]
    transitions = html[html.index('id="transitions"') :]
    assert _rows(pilotage) == [["Piloter le budget d’une opération", "1 ●", "3 ●", "2 ○"]]  # essential, optional
    assert ["Collaborer avec le BIM", "—", "2 ○", "4 ●"] in _rows(transitions)
    assert html.count('class="rf-matrix"') == 2


def _matrix(framework: Framework, cells: int) -> str:
    page = next(page for page in plan(framework) if page.path == routes.MATRIX)
    context = {**page.context, **pages.matrix_context(framework, cells)}
    return render(PlannedPage(page.path, page.source, page.template, context)).content


def test_matrix_omits_empty_rows_and_columns() -> None:
    """A role with no requirement in a domain has no column in its table; an unrequired competency no row."""
    framework = load_framework(FIXTURE)
    bim = framework.roles["referent-bim"]
    only_bim = replace(bim, requirements=tuple(r for r in bim.requirements if r.competency == "collaborer-bim"))
    framework = replace(framework, roles=MappingProxyType({**framework.roles, bim.id: only_bim}))
    markdown = _matrix(framework, pages.MATRIX_CELLS)
    pilotage = markdown[markdown.index("{ #pilotage }") : markdown.index("{ #transitions }")]
    assert "Référent·e BIM" not in pilotage and "Chargé·e d’opération" in pilotage


def test_large_matrix_grows_with_requirements_not_roles_times_competencies() -> None:
    """Beyond the cell limit a domain is a list: one entry per requirement, no empty cell drawn."""
    framework = load_framework(FIXTURE)
    requirements = sum(len(role.requirements) for role in framework.roles.values())
    markdown = _matrix(framework, 0)
    assert "<table" not in markdown and "—" not in markdown.split("\n## ", 1)[1]
    assert markdown.count('href="../roles/') == markdown.count("<li data-rf-entry=") == requirements
    required = {r.competency for role in framework.roles.values() for r in role.requirements}
    assert markdown.count("<li data-rf-item=") == len(required)


def test_trainings_and_competency_backlinks(built_mini: Path) -> None:
    index = read_page(built_mini, "formations/")
    assert {"atelier-bim/", "piloter-budget-formation/"} <= set(index.links())
    training = read_page(built_mini, "formations/piloter-budget-formation/")
    assert "https://example.org/formation" in training.links() and "3 — Maîtrise" in training.text
    competency = read_page(built_mini, "competences/collaborer-bim/")
    assert "Rôles qui la demandent" in competency.text and "4 — Expertise" in competency.text
    assert "../../roles/referent-bim/" in competency.links() and "../../formations/atelier-bim/" in competency.links()


def test_listings_do_not_crowd_search_results(built_mini: Path) -> None:
    """The listings of competencies, emerging competencies, roles and paths are found by their
    title and introduction (and a domain by its name), never by the names they list: those find
    the entity's own page (issue 14 item 3)."""
    index = json.loads((built_mini / "search" / "search_index.json").read_text("utf-8"))
    listings = {routes.page_url(route) for route in (routes.COMPETENCIES, routes.EMERGING, routes.ROLES,
                                                     routes.CAREER_PATHS)}
    sections = [doc for doc in index["docs"] if doc["location"].split("#")[0] in listings]
    assert {doc["location"] for doc in sections} >= listings  # each listing is still found by its title
    assert "competences/#pilotage" in {doc["location"] for doc in sections}  # and a domain by its name
    framework = load_framework(FIXTURE)
    names = [c.title for c in framework.competencies.values()] + [r.title for r in framework.roles.values()]
    for doc in sections:
        for name in names:
            assert name not in doc["title"] + doc["text"], (doc["location"], name)
    pages = {doc["location"] for doc in index["docs"]}
    assert {routes.page_url(routes.competency(c)) for c in framework.competencies} <= pages
