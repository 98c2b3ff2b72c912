"""Builders other than `mkdocs build` with the hook: ProperDocs (the MkDocs 1.x fork, which runs
hooks), and a builder that runs no hooks, fed by `referentiel generate --out DIR`; and the
lock file that pins what every builder is installed with.

Both compare every HTML page of the site with the hook build. What differs is normalised
explicitly, each difference asserted to occur, so the lists below are exactly what differs.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from importlib.metadata import distributions, version
from pathlib import Path

import yaml

from helpers import REPO, build, found, make_project, run_process, without_hook
from referentiel.typography import french_spacing

EDIT_BASE = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8").split("\ntheme:")[0])["edit_uri"]
GENERATOR = re.compile(r'<meta name="generator" content="([^"]*)">')


def _pages(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): path.read_text("utf-8") for path in sorted(site.rglob("*.html"))}


def _files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.suffix != ".html"
    }


def test_properdocs_builds_the_same_site(tmp_path: Path) -> None:
    """The real content, built by `properdocs build --strict` and `mkdocs build --strict`: every
    HTML page the same but for the generator meta tag; every other file byte for byte."""
    runs = {
        "mkdocs": run_process(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "mkdocs")], REPO
        ),
        "properdocs": run_process(
            [
                sys.executable,
                "-m",
                "properdocs",
                "build",
                "--strict",
                "--config-file",
                "mkdocs.yml",
                "--site-dir",
                str(tmp_path / "properdocs"),
            ],
            REPO,
        ),
    }
    for name, run in runs.items():
        assert run.code == 0 and "WARNING" not in run.output, (name, run.output)
    ours, theirs = _pages(tmp_path / "mkdocs"), _pages(tmp_path / "properdocs")
    assert ours.keys() == theirs.keys() and len(ours) > 100
    for page, html in ours.items():
        assert "ProperDocs" in found(GENERATOR, theirs[page]).group(1), page  # really built by ProperDocs
        assert GENERATOR.sub("", html) == GENERATOR.sub("", theirs[page]), page
    assert _files(tmp_path / "mkdocs") == _files(tmp_path / "properdocs")  # search index, sitemap, assets


HOSTILE_TITLE = "Budget <b>gras</b> & co"  # a competency title drawn into a heading
FRONT_MATTER_TITLE = "Contribuer <i>x</i> & y"  # a hand-written page's front-matter title


def _with_hostile_titles(project: Path) -> Path:
    path = project / "competencies" / "piloter-budget.yml"
    path.write_text(
        path.read_text("utf-8").replace("title: Piloter le budget d’une opération", f"title: '{HOSTILE_TITLE}'"),
        "utf-8",
    )
    page = project / "docs" / "contribuer" / "index.md"
    page.write_text(f"---\ntitle: '{FRONT_MATTER_TITLE}'\n---\n" + page.read_text("utf-8"), "utf-8")
    return project


def _count_sub(pattern: str, replacement: str, text: str) -> tuple[str, int]:
    return re.subn(pattern, replacement, text, flags=re.DOTALL)


def test_generate_then_a_plain_build_loses_only_what_the_hook_adds(tmp_path: Path) -> None:
    """`referentiel generate --out DIR`, then MkDocs with docs_dir DIR and no hook, against the hook
    build of the same sources: the same pages (drafts left out, deliverables decorated,
    front-matter titles escaped), and exactly these differences, as `generate --help` lists them:

    1. glossary links and tooltips (hook only);
    2. the backlinks under each glossary entry (hook) — an invisible HTML comment instead;
    3. edit links: the hook's point at the source file (none for a listing drawn from a folder),
       the plain build's at the page's path in DIR;
    4. the search index has no accent-folding table;
    5. the glossary's entries are not last in the search index (the hook builds that page last);
    6. French typography's no-break spaces (the hook's last step on every page);
    7. breadcrumbs and the active nav section on pages left out of the nav;
    8. the framework's version and date in the print-only line at the end of each page;
    9. the footer's link to the accessibility statement, with its status (the page is there).
    """
    hooked = _with_hostile_titles(make_project(tmp_path / "hooked"))
    run = build(hooked)
    assert run.code == 0, run.output
    plain = _with_hostile_titles(make_project(tmp_path / "plain"))
    written = tmp_path / "generated"
    run = run_process(
        [sys.executable, "-m", "referentiel", "--root", str(plain), "generate", "--out", str(written)], plain
    )
    count = len(list(written.rglob("*.md")))
    assert run.code == 0 and f"{count} pages écrites" in run.output and count > 30, run.output
    run = build(without_hook(plain, written))
    assert run.code == 0 and "WARNING" not in run.output, run.output
    hook_pages, plain_pages = _pages(hooked / "site"), _pages(plain / "site")
    assert hook_pages.keys() == plain_pages.keys()
    assert "livrables/brouillon/index.html" not in plain_pages  # drafts left out
    assert 'class="rf-deliverable-meta"' in plain_pages["livrables/fiche-budget/index.html"]  # decorated
    assert "5 octobre 2026" in plain_pages["livrables/fiche-budget/index.html"]
    found = dict.fromkeys(("glossary links", "backlinks", "edit links", "editions", "accessibility links"), 0)
    escaped_once = HOSTILE_TITLE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for page, html in hook_pages.items():
        other = plain_pages[page]
        # 1. glossary links
        html, links = _count_sub(r'<(a|abbr) class="rf-term"[^>]*>(.*?)</\1>', r"\2", html)
        found["glossary links"] += links
        assert 'class="rf-term"' not in other, page
        # 2. backlinks
        html, backlinks = _count_sub(r'<details class="rf-backlinks">.*?</details>', "<!-- rf-backlinks -->", html)
        other, markers = _count_sub(r"<!-- rf-backlinks:[\w-]+ -->", "<!-- rf-backlinks -->", other)
        assert backlinks == markers, page
        found["backlinks"] += backlinks
        # 3. edit links
        source = page.removesuffix("index.html").rstrip("/")
        expected = EDIT_BASE + (
            f"{source}.md" if (written / f"{source}.md").is_file() else f"{source}/index.md".lstrip("/")
        )
        plain_edit = re.findall(
            r'<a href="([^"]*)" title="[^"]*" class="md-content__button md-icon" rel="edit">', other
        )
        hook_edit = re.findall(r'<a href="([^"]*)" title="[^"]*" class="md-content__button md-icon" rel="edit">', html)
        if page != "404.html":
            assert plain_edit == [expected], page
            assert hook_edit != plain_edit, page
            found["edit links"] += 1
        edit_button = r'<a href="[^"]*" title="[^"]*" class="md-content__button md-icon" rel="edit">.*?</a>'
        html, other = re.sub(edit_button, "", html, flags=re.DOTALL), re.sub(edit_button, "", other, flags=re.DOTALL)
        # Titles are the same HTML text in both (a heading's title is HTML already, a front
        # matter's is escaped by the hook and by generate alike).
        if page == "competences/piloter-budget/index.html":
            assert f"<title>{escaped_once} - " in html and f"<title>{escaped_once} - " in other
        # 6. typography: the plain page, spaced, is the hooked one (spacing is the hook's last step)
        other = french_spacing(other)
        # 7. where the page sits in the nav: breadcrumbs and active items, taken out of both
        html, other = (_without_place(text) for text in (html, other))
        # 8. the edition in the print-only line: the plain build has the page's address only
        html, editions = _count_sub(r" — [^<]*, version [^<]*? du [^<]*\.\s*</p>", ". </p>", html)
        assert editions == (page != "404.html") and ("rf-edition" in other) == editions, page
        found["editions"] += editions
        # 9. the footer's link to the accessibility statement
        html, mentions = _count_sub(r'<div class="rf-accessibility-mention">.*?</div>', "", html)
        assert mentions == 1 and "rf-accessibility-mention" not in other, page
        found["accessibility links"] += mentions
        # Removing an edit button leaves the template's blank lines around it: whitespace is folded.
        assert " ".join(html.split()) == " ".join(other.split()), page
    assert all(found.values()), found
    hook_index = json.loads((hooked / "site" / "search" / "search_index.json").read_text("utf-8"))
    plain_index = json.loads((plain / "site" / "search" / "search_index.json").read_text("utf-8"))
    assert hook_index["config"].pop("fold") and "fold" not in plain_index["config"]  # 4.
    # 5. the hook builds the glossary last (so that it can list the pages using each term):
    # its entries come last in the search index, which is otherwise the same.
    order = [[entry["location"] for entry in index["docs"]] for index in (hook_index, plain_index)]
    assert order[0] != order[1] and order[0][-1].startswith("glossaire/") and not order[1][-1].startswith("glossaire/")
    assert hook_index["config"] == plain_index["config"]
    assert sorted(order[0]) == sorted(order[1]) and len(set(order[0])) == len(order[0])
    by_location = [{entry["location"]: entry for entry in index["docs"]} for index in (hook_index, plain_index)]
    assert by_location[0] == by_location[1]


def _without_place(html: str) -> str:
    """A page without its breadcrumbs and its nav's active marks (the hook places detail pages)."""
    html = re.sub(r'<nav class="md-path".*?</nav>', "", html, flags=re.DOTALL)
    html = html.replace(" md-nav__item--active", "").replace('aria-expanded="true"', 'aria-expanded="false"')
    toggle = r'(<input class="md-nav__toggle md-toggle[^"]*" type="checkbox" id="__nav[^"]*") checked'
    return re.sub(toggle, r"\1 ", html)


def test_generate_refuses_to_write_over_the_sources(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    before = {path: path.read_bytes() for path in (project / "docs").rglob("*") if path.is_file()}
    refusals = {
        project / "docs": "est dans docs/, qui fait partie des sources",
        project / "docs" / "site": "est dans docs/, qui fait partie des sources",
        project: "est la racine du projet",
        tmp_path: "dossier de sortie invalide",  # holds docs/
    }
    for out, message in refusals.items():
        run = run_process(
            [sys.executable, "-m", "referentiel", "--root", str(project), "generate", "--out", str(out)], project
        )
        assert run.code == 2 and message in run.output and "Traceback" not in run.output, run.output
    assert {path: path.read_bytes() for path in (project / "docs").rglob("*") if path.is_file()} == before


def test_generate_help_lists_what_a_builder_without_hooks_loses() -> None:
    run = run_process([sys.executable, "-m", "referentiel", "generate", "--help"], REPO)
    assert run.code == 0
    for loss in ("liens vers le glossaire", "pages qui l'emploient", "« modifier »", "insensible aux accents",
                 "déclaration d'accessibilité"):
        assert loss in run.output, loss


def _locked() -> dict[str, tuple[str, list[str]]]:
    """requirements.lock: normalised name → (version, hashes)."""
    locked: dict[str, tuple[str, list[str]]] = {}
    for block in re.split(r"\n(?=\S)", (REPO / "requirements.lock").read_text("utf-8")):
        if match := re.match(r"([A-Za-z0-9._-]+)==(\S+)", block):
            locked[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = (
                match.group(2),
                re.findall(r"--hash=sha256:([0-9a-f]{64})", block),
            )
    return locked


def test_every_dependency_is_locked_with_hashes_and_installed_at_that_version() -> None:
    """The one place that pins: every package in the lock has a version and hashes, the
    environment holds exactly those versions, and every direct dependency is in the lock."""
    locked = _locked()
    assert len(locked) > 30 and {"mkdocs", "mkdocs-material", "properdocs", "setuptools"} <= locked.keys()
    for name, (pinned, hashes) in locked.items():
        assert hashes, f"{name} has no hash"
        if name != "setuptools":  # a build dependency, installed in the environment or not
            assert version(name) == pinned, name
    assert locked["mkdocs-material"][0] == "9.8.2" and locked["properdocs"][0] == "1.6.7"
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    direct = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    for requirement in direct:
        name = re.sub(r"[-_.]+", "-", found(r"^[A-Za-z0-9._-]+", requirement).group()).lower()
        assert name in locked, requirement
        assert "==" not in requirement, f"{requirement}: pins belong in requirements.lock"
    installed = {re.sub(r"[-_.]+", "-", d.metadata["Name"]).lower() for d in distributions()}
    assert installed - locked.keys() <= {"pip", "referentiel-moa", "setuptools"}, installed - locked.keys()


def test_generate_refuses_a_hand_written_page_on_a_generated_route(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    (project / "docs" / "metier").mkdir()
    (project / "docs" / "metier" / "index.md").write_text("# Écrit à la main\n", "utf-8")
    out = tmp_path / "out"
    run = run_process(
        [sys.executable, "-m", "referentiel", "--root", str(project), "generate", "--out", str(out)], project
    )
    assert run.code == 1 and "docs/metier/index.md:1:1: cette page occupe l'adresse d'une page générée" in run.output
    assert not out.exists()
