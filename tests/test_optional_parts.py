"""Optional parts of a référentiel: what a foreign one may not have at all.

``tests/fixtures/bare`` is the partial fixture without an institute, a journal, missions,
career paths, trainings, a glossary, deliverables or an emerging competency. Outside strict
mode it passes ``check`` and builds ``--strict`` with the repository's own ``mkdocs.yml``,
whose nav lists every part: the pages of the absent parts are not published, their nav
entries and the generated pages' links to them disappear, and the data exports say what is
missing (no version, no institute) instead of inventing it. In strict mode the institute and
the journal are still required.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from helpers import FIXTURES, REPO, assert_reported, build, check, make_project, run_referentiel
from referentiel import routes
from referentiel.load import load_framework
from referentiel.pages import unpublished

BARE = FIXTURES / "bare"

#: The fixed pages of the parts the bare fixture lacks.
ABSENT = {
    routes.INSTITUTE, routes.JOURNAL, routes.MISSIONS, routes.EMERGING, routes.CAREER_PATHS, routes.TRAININGS,
    routes.GLOSSARY, routes.DELIVERABLES, *(routes.deliverable_view(view) for view in routes.DELIVERABLE_VIEWS),
}

HOME = """# Un autre référentiel

- [Le métier](metier/index.md)
- [Les compétences](competences/index.md)
- [Les rôles](roles/index.md)
"""


def _project(target: Path) -> Path:
    """The bare sources with the repository's mkdocs.yml and docs, but a home page and no
    contributor guide of their own (ours links to the journal and the deliverables)."""
    root = make_project(target, BARE)
    (root / "docs/index.md").write_text(HOME, "utf-8")
    (root / "docs/contribuer/index.md").unlink()
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("      - contribuer/index.md\n", ""), "utf-8")
    return root


@pytest.fixture(scope="module")
def bare_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _project(tmp_path_factory.mktemp("bare") / "project")
    run = build(root)
    assert run.code == 0, run.output
    assert "WARNING" not in run.output, run.output
    return root / "site"


def test_the_bare_fixture_lacks_every_optional_part() -> None:
    framework = load_framework(BARE)
    assert framework.institute is None and framework.journal == ()
    assert not (framework.missions or framework.career_paths or framework.trainings or framework.terms)
    assert not (framework.deliverables or framework.emerging)
    assert framework.roles and framework.competencies
    assert unpublished(framework) == ABSENT


def test_bare_sources_pass_check(tmp_path: Path) -> None:
    run = check(_project(tmp_path / "p"))
    assert run.code == 0, run.output
    assert "Sources valides : 3 compétences, 0 missions" in run.output


def test_strict_mode_still_requires_the_institute_and_the_journal(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    trade = root / "framework/trade.yml"
    trade.write_text("strict: true\n" + trade.read_text("utf-8"), "utf-8")
    run = check(root)
    assert run.code == 1
    hint = "ou retirez « strict: true » de framework/trade.yml si le référentiel n'en a pas"
    assert_reported(run.output, [
        "framework/institute.yml:1:1: fichier manquant : l'institut (exigé en mode strict) — "
        + f"créez framework/institute.yml, {hint}",
        "framework/journal.yml:1:1: fichier manquant : le journal des versions (exigé en mode strict) — "
        + f"créez framework/journal.yml, {hint}",
    ])


def test_a_deliverable_without_an_institute_is_reported(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    shutil.copytree(FIXTURES / "mini/docs/livrables", root / "docs/livrables")
    run = check(root)
    assert run.code == 1
    deliverable = min((root / "docs/livrables").glob("*.md"))
    shown = deliverable.relative_to(root).as_posix()
    assert re.search(
        rf"^{re.escape(shown)}:\d+:\d+: communauté « [^»]+ » : aucun fichier framework/institute.yml ne la définit — "
        r"créez framework/institute.yml avec ses communities, ou retirez ce livrable$",
        run.output, re.MULTILINE,
    ), run.output


def test_a_seed_without_an_institute_is_reported(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    trade = root / "framework/trade.yml"
    text = trade.read_text("utf-8")
    cited = "  - title: Document de l’institut\n"
    trade.write_text(text.replace(cited, cited + "    seed: 000_257c336bb350e0a8.txt\n", 1), "utf-8")
    line = text.splitlines().index("  - title: Document de l’institut") + 2
    run = check(root)
    assert run.code == 1
    assert_reported(run.output, [
        f"framework/trade.yml:{line}:11: document de l'institut « 000_257c336bb350e0a8.txt » : aucun fichier "
        + "framework/institute.yml ne le décrit — créez framework/institute.yml avec ses « documents »",
    ])


def test_absent_parts_publish_no_page(bare_site: Path) -> None:
    for page in ABSENT:
        assert not (bare_site / routes.page_url(page)).exists(), f"{page} was published"
    for present in (routes.TRADE, routes.COMPETENCIES, routes.ROLES, routes.MATRIX, routes.COMPARE, routes.DATA,
                    routes.SELF_ASSESSMENT):
        assert (bare_site / routes.page_url(present) / "index.html").is_file(), present


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"#?]*)', html))


def test_no_page_links_to_an_absent_part(bare_site: Path) -> None:
    absent_urls = {routes.page_url(page) for page in ABSENT}
    pages = list(bare_site.rglob("*.html"))
    assert len(pages) > 10
    for html_path in pages:
        folder = html_path.parent
        for link in _links(html_path.read_text("utf-8")):
            if "://" in link or not link or link.startswith(("/", "mailto:")):  # the 404 page's are absolute
                continue
            target = (folder / link).resolve()
            relative = target.relative_to(bare_site.resolve()).as_posix() if target.is_relative_to(
                bare_site.resolve()) else ""
            assert (relative.rstrip("/") + "/") not in absent_urls, f"{html_path} links to {link}"
            assert target.exists(), f"{html_path} links to {link}, which does not exist"


def test_the_nav_lists_only_what_exists(bare_site: Path) -> None:
    home = (bare_site / "index.html").read_text("utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', home, re.DOTALL)
    assert nav is not None
    for label in ("L’institut", "Journal des versions", "Glossaire", "Formations", "Livrables", "Missions",
                  "Parcours", "Compétences émergentes"):
        assert f">{label}<" not in nav.group().replace("\n", "").replace("  ", ""), label
        assert re.search(rf">\s*{re.escape(label)}\s*<", nav.group()) is None, label
    for label in ("Le métier", "Compétences", "Rôles et parcours", "Matrice rôles × compétences", "Données"):
        assert re.search(rf">\s*{re.escape(label)}\s*<", nav.group()), label


def test_generated_pages_leave_out_links_to_absent_listings(bare_site: Path) -> None:
    competencies = (bare_site / "competences/index.html").read_text("utf-8")
    assert "émergentes" not in competencies
    roles = (bare_site / "roles/index.html").read_text("utf-8")
    assert "parcours entre rôles" not in roles and "matrice rôles" in roles
    trade = (bare_site / "metier/index.html").read_text("utf-8")
    assert "Les missions de la maîtrise" not in trade


def test_exports_say_what_is_missing(bare_site: Path) -> None:
    document = json.loads((bare_site / "donnees/referentiel.json").read_bytes())
    schema = json.loads((bare_site / "donnees/referentiel.schema.json").read_bytes())
    jsonschema.validate(document, schema)
    assert document["version"] is None and document["date"] is None and document["institute"] is None
    assert document["journal"] == [] and document["trainings"] == [] and document["glossary"] == []
    assert not (bare_site / "donnees/referentiel.case.json").exists()  # CASE dates every record
    page = (bare_site / "donnees/index.html").read_text("utf-8")
    assert "Version\u00a0: non précisée (le référentiel n’a pas de journal des versions" in page
    assert "referentiel.case.json" not in page


def test_check_accepts_the_nav_of_absent_parts(tmp_path: Path) -> None:
    """The nav lists the journal, the glossary…: check drops them as the build does, and still
    refuses a nav entry to a hand-written page that does not exist."""
    root = _project(tmp_path / "p")
    config = root / "mkdocs.yml"
    data = "  - Données: donnees/index.md\n"
    config.write_text(config.read_text("utf-8").replace(data, data + "  - Perdu: perdu.md\n"), "utf-8")
    run = check(root)
    assert run.code == 1
    lines = [line for line in run.output.splitlines() if line.startswith("mkdocs.yml:")]
    assert len(lines) == 1 and "« perdu.md », qui n'existe pas" in lines[0], run.output


def test_generate_writes_only_the_pages_that_exist(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    out = tmp_path / "out"
    run = run_referentiel(root, "generate", "--out", str(out))
    assert run.code == 0, run.output
    for page in ABSENT:
        assert not (out / page).exists(), page
    assert (out / routes.COMPETENCIES).is_file()
    # the repository's nav lists them: a builder without the hook must be told to drop them
    note = next(line for line in run.output.splitlines() if line.startswith("Pour un constructeur sans hooks"))
    for page in ABSENT & {routes.INSTITUTE, routes.JOURNAL, routes.GLOSSARY, routes.TRAININGS, routes.EMERGING}:
        assert re.search(rf"{re.escape(page)} \(ligne \d+\)", note), page


def test_our_generate_asks_nothing_to_drop(tmp_path: Path) -> None:
    run = run_referentiel(REPO, "generate", "--out", str(tmp_path / "out"))
    assert run.code == 0, run.output
    assert "constructeur sans hooks" not in run.output
