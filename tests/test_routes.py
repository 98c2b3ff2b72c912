"""Routes: one owner for every generated page, the URLs they are served at, and the names
(ids, hand-written pages) that would collide with them, refused by check and build alike."""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import FIXTURE, REPO, build, check, mkdocs_config
from referentiel import routes
from referentiel.layout import KINDS
from referentiel.load import load_framework
from referentiel.pages import plan


@pytest.mark.parametrize(
    ("page", "url"),
    [
        ("roles/responsable-index.md", "roles/responsable-index/"),  # "index" ends the name, is not the name
        ("roles/index.md", "roles/"),
        ("index.md", ""),
        ("livrables/formats.md", "livrables/formats/"),
        ("parcours/index/target.md", "parcours/index/target/"),
        ("comparer/a/index.md", "comparer/a/"),
        ("reindex.md", "reindex/"),
    ],
)
def test_page_url(page: str, url: str) -> None:
    assert routes.page_url(page) == url


def test_every_planned_page_is_a_route() -> None:
    """The plan draws its paths from routes: the fixed pages, one route per entity, and the
    optional pages whose file the fixture has (the accessibility statement)."""
    framework = load_framework(FIXTURE)
    # the downloads page is drawn from the exports (referentiel/downloads.py), added beside the plan
    planned = {page.path for page in plan(framework)} | {routes.DATA}
    assert set(routes.FIXED) <= planned
    entity_pages = (
        {routes.competency(i) for i in framework.competencies} | {routes.mission(i) for i in framework.missions}
        | {routes.role(i) for i in framework.roles} | {routes.training(i) for i in framework.trainings}
        | {routes.career_path(p.origin, p.target) for p in framework.career_paths}
    )
    assert framework.accessibility is not None
    assert planned == set(routes.FIXED) | entity_pages | set(routes.OPTIONAL.values())
    assert len({routes.page_url(page) for page in planned}) == len(planned), "two pages at one URL"


def test_reserved_ids_are_the_generated_pages_beside_each_kind() -> None:
    """An id is reserved exactly when its page would be served at a fixed page's URL."""
    fixed_urls = {routes.page_url(page) for page in routes.FIXED}
    for kind in KINDS:
        route = routes.ENTITY_PAGES.get(kind.name)
        if route is None:
            assert routes.reserved_ids(kind) == frozenset(), kind.name
            continue
        stems = {posixpath.basename(page).removesuffix(".md") for page in routes.FIXED}
        expected = {stem for stem in stems if routes.page_url(route(stem)) in fixed_urls}
        assert routes.reserved_ids(kind) == expected, kind.name
    names = {kind.name: routes.reserved_ids(kind) for kind in KINDS}
    assert names["competency"] == {"index", "emergentes"}
    assert names["deliverable"] == {"index", "communautes", "formats", "annees"}


def _deliverable(project: Path, name: str) -> None:
    source = project / "docs" / "livrables" / "fiche-budget.md"
    (project / "docs" / "livrables" / name).write_text(source.read_text("utf-8"), "utf-8")


def _page(project: Path, page: str) -> None:
    path = project / "docs" / page
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Une page\n", "utf-8")


# A hand-written page where the site generates one: check must refuse it, as the strict build did.
COLLISIONS: dict[str, tuple[str, Callable[[Path], None]]] = {
    "docs/livrables/formats.md": ("livrables/formats.md", lambda p: _deliverable(p, "formats.md")),
    "docs/livrables/communautes.md": ("livrables/communautes.md", lambda p: _deliverable(p, "communautes.md")),
    "docs/livrables/annees.md": ("livrables/annees.md", lambda p: _deliverable(p, "annees.md")),
    "docs/livrables/index.md": ("livrables/index.md", lambda p: _deliverable(p, "index.md")),
    "docs/donnees/index.md": ("donnees/index.md", lambda p: _page(p, "donnees/index.md")),
    "docs/competences/piloter-budget.md": (
        "competences/piloter-budget.md", lambda p: _page(p, "competences/piloter-budget.md")
    ),
}


def _expected(shown: str, generated: str) -> str:
    return (
        f"{shown}:1:1: cette page occupe l'adresse d'une page générée par le référentiel ({generated})"
        " — renommez le fichier : ce nom est réservé"
    )


@pytest.mark.parametrize("shown", COLLISIONS, ids=list(COLLISIONS))
def test_check_refuses_a_page_on_a_generated_route(project: Path, shown: str) -> None:
    generated, mutate = COLLISIONS[shown]
    mutate(project)
    run = check(project)
    assert run.code == 1 and "Traceback" not in run.output, run.output
    assert _expected(shown, generated) in run.output.splitlines(), run.output


@pytest.mark.parametrize("shown", [name for name in COLLISIONS if "livrables" in name and "index" not in name])
def test_build_refuses_it_the_same_way(project: Path, shown: str) -> None:
    generated, mutate = COLLISIONS[shown]
    mutate(project)
    run = build(project)
    assert run.code == 1 and "Traceback" not in run.output, run.output
    assert _expected(shown, generated) in run.output.splitlines(), run.output
    assert not (project / "site" / "index.html").exists(), "a site was built"


def test_a_name_beside_the_generated_ones_is_accepted(project: Path) -> None:
    """Only the generated pages' own names are reserved: « formats-2026 » is a deliverable like any other."""
    _deliverable(project, "formats-2026.md")
    run = check(project)
    assert run.code == 0, run.output


def _nav_pages(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [page for value in node.values() for page in _nav_pages(value)]
    if isinstance(node, list):
        return [page for item in node for page in _nav_pages(item)]
    return []


def test_the_navigation_names_the_routes() -> None:
    """mkdocs.yml's nav lists each fixed page of routes (and hand-written pages); the detail pages
    of every kind fall under its not_in_nav patterns."""
    config = mkdocs_config()
    nav = _nav_pages(config["nav"])
    for page in nav:
        assert page in routes.FIXED or (REPO / "docs" / page).is_file(), page
    assert set(routes.FIXED) <= set(nav)
    patterns = [line.strip().lstrip("/") for line in config["not_in_nav"].splitlines() if line.strip()]
    framework = load_framework(FIXTURE)
    for page in [page.path for page in plan(framework) if page.path not in routes.FIXED] + [routes.deliverable("x")]:
        assert any(fnmatch.fnmatchcase(page, pattern) for pattern in patterns), page
