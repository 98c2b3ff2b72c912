"""`referentiel diff` on fixture revisions: each kind of change, in French Markdown."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import _run, make_project


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=project, check=True, capture_output=True)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    project = make_project(tmp_path_factory.mktemp("diff") / "project")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "before")
    # a competency added, a term removed, a level descriptor changed, a role requirement changed,
    # a training renamed (file and id), a path added, a mission's title changed, a list item removed
    (project / "competencies" / "nouvelle.yml").write_text(
        (project / "competencies" / "piloter-budget.yml").read_text("utf-8")
        .replace("id: piloter-budget", "id: nouvelle").replace("Piloter le budget d’une opération", "Une nouvelle compétence")
        .replace("Lit un tableau", "Consulte un tableau").replace("related: [collaborer-bim]", "related: []"), "utf-8")
    (project / "glossary" / "programme.yml").unlink()
    replace(project / "glossary" / "moa.yml", "see_also: [moe]", "see_also: [moe, amoe]")
    replace(project / "competencies" / "collaborer-bim.yml", "  3: Rédige un cahier des charges BIM.", "  3: Rédige et fait appliquer un cahier des charges BIM.")
    replace(project / "framework" / "roles" / "charge-operation.yml", "  - competency: collaborer-bim\n    level: 2", "  - competency: collaborer-bim\n    level: 3")
    (project / "framework" / "trainings" / "atelier-bim.yml").rename(project / "framework" / "trainings" / "atelier-bim-institut.yml")
    replace(project / "framework" / "trainings" / "atelier-bim-institut.yml", "id: atelier-bim", "id: atelier-bim-institut")
    (project / "framework" / "paths" / "referent-bim-vers-charge-operation.yml").write_text(
        "id: referent-bim-vers-charge-operation\nfrom: referent-bim\nto: charge-operation\nkind: proche\nduration: 1 an\nsources:\n  - title: x\n", "utf-8")
    replace(project / "framework" / "missions" / "programmation.yml", "title: Programmer l’opération", "title: Programmer une opération")
    replace(project / "competencies" / "piloter-budget.yml", "missions: [programmation, suivi-travaux]", "missions: [programmation]")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "after")
    run = _run([sys.executable, "-m", "referentiel", "--root", str(project), "diff", "HEAD~1", "HEAD"], project)
    assert run.code == 0, run.output
    return run.output


@pytest.mark.parametrize(
    "expected",
    [
        "## Changements du référentiel",
        "### Compétences",
        "- **ajouté** `nouvelle` — Une nouvelle compétence",
        "- **modifié** `collaborer-bim` — Collaborer avec le BIM",
        "    - niveau 3 : « Rédige un cahier des charges BIM. » → « Rédige et fait appliquer un cahier des charges BIM. »",
        "    - missions : retrait de « suivi-travaux »",
        "### Glossaire",
        "- **retiré** `programme` — Programme",
        "    - see_also : ajout de « amoe »",
        "### Rôles",
        "    - requirements : « collaborer-bim » level 2 → 3",
        "### Formations",
        "- **renommé** `atelier-bim` → `atelier-bim-institut` — Atelier BIM de l’institut",
        "### Parcours",
        "- **ajouté** `referent-bim-vers-charge-operation`",
        "### Missions",
        "    - title : « Programmer l’opération » → « Programmer une opération »",
    ],
)
def test_diff_reports(report: str, expected: str) -> None:
    assert expected in report, report


def test_diff_of_a_revision_with_itself(project: Path) -> None:
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "only")
    run = _run([sys.executable, "-m", "referentiel", "--root", str(project), "diff", "HEAD", "HEAD"], project)
    assert run.code == 0 and "Aucun changement" in run.output


def test_unknown_revision_is_a_clear_error(project: Path) -> None:
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "only")
    run = _run([sys.executable, "-m", "referentiel", "--root", str(project), "diff", "v9.9", "HEAD"], project)
    assert run.code == 2 and "révision illisible « v9.9 »" in run.output and "Traceback" not in run.output
