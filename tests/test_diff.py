"""`referentiel diff` on fixture revisions: each kind of change, in French Markdown."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO, make_project, run_process
from referentiel import export_json
from referentiel.cli import main
from referentiel.layout import KINDS
from referentiel.load import load_framework


def git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=project,
        check=True,
        capture_output=True,
    )


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


JOURNAL_ENTRY = """versions:
  - version: "0.2"
    date: "2026-12-01"
    summary: Les rôles et les parcours.
    changes:
      - Neuf rôles.
"""


def change(project: Path) -> None:
    """The changes both reports are read on."""
    # a competency added, a term removed, a level descriptor changed, a role requirement changed,
    # a training renamed (file and id), a path added, a mission's title changed, a list item removed
    (project / "competencies" / "nouvelle.yml").write_text(
        (project / "competencies" / "piloter-budget.yml")
        .read_text("utf-8")
        .replace("id: piloter-budget", "id: nouvelle")
        .replace("Piloter le budget d’une opération", "Une nouvelle compétence")
        .replace("Lit un tableau", "Consulte un tableau")
        .replace("related: [collaborer-bim]", "related: []"),
        "utf-8",
    )
    (project / "glossary" / "programme.yml").unlink()
    replace(project / "glossary" / "moa.yml", "see_also: [moe]", "see_also: [moe, amoe]")
    replace(
        project / "competencies" / "collaborer-bim.yml",
        "  3: Rédige un cahier des charges BIM.",
        "  3: Rédige et fait appliquer un cahier des charges BIM.",
    )
    replace(
        project / "framework" / "roles" / "charge-operation.yml",
        "  - competency: collaborer-bim\n    level: 2",
        "  - competency: collaborer-bim\n    level: 3",
    )
    (project / "framework" / "trainings" / "atelier-bim.yml").rename(
        project / "framework" / "trainings" / "atelier-bim-institut.yml"
    )
    replace(
        project / "framework" / "trainings" / "atelier-bim-institut.yml", "id: atelier-bim", "id: atelier-bim-institut"
    )
    (project / "framework" / "paths" / "referent-bim-vers-charge-operation.yml").write_text(
        (
            "id: referent-bim-vers-charge-operation\nfrom: referent-bim\nto: charge-operation\nkind: proche\nduration: "
            "1 an\nsources:\n  - title: x\n"
        ),
        "utf-8",
    )
    replace(
        project / "framework" / "missions" / "programmation.yml",
        "title: Programmer l’opération",
        "title: Programmer une opération",
    )
    replace(
        project / "competencies" / "piloter-budget.yml",
        "missions: [programmation, suivi-travaux]",
        "missions: [programmation]",
    )
    replace(project / "competencies" / "animer-concertation.yml", "status: emerging", "status: current")
    replace(  # a current competency gives no reason for emerging
        project / "competencies" / "animer-concertation.yml",
        "emergence:\n  reason: L’institut range la concertation parmi les thèmes nouveaux du pilotage.\n", "",
    )
    replace(project / "framework" / "roles" / "referent-bim.yml", "importance: optional", "importance: essential")
    replace(project / "framework" / "journal.yml", "versions:\n", JOURNAL_ENTRY)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    project = make_project(tmp_path_factory.mktemp("diff") / "project")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "before")
    change(project)
    git(project, "add", "-A")
    git(project, "commit", "-qm", "after")
    run = run_process([sys.executable, "-m", "referentiel", "--root", str(project), "diff", "HEAD~1", "HEAD"], project)
    assert run.code == 0, run.output
    return run.output


@pytest.mark.parametrize(
    "expected",
    [
        "## Changements du référentiel",
        "### Compétences",
        "- **ajouté** `nouvelle` — Une nouvelle compétence",
        "- **modifié** `collaborer-bim` — Collaborer avec le BIM",
        (
            "    - niveau 3 : « Rédige un cahier des charges BIM. » → « Rédige et fait appliquer un cahier des charges "
            "BIM. »"
        ),
        "    - `missions` : retrait de « suivi-travaux »",
        "### Glossaire",
        "- **retiré** `programme` — Programme",
        "    - `see_also` : ajout de « amoe »",
        "### Rôles",
        "    - `requirements` : `collaborer-bim` `level` 2 → 3",
        "### Formations",
        "- **renommé** `atelier-bim` → `atelier-bim-institut` — Atelier BIM de l’institut",
        "### Parcours",
        "- **ajouté** `referent-bim-vers-charge-operation`",
        "### Missions",
        "    - `title` : « Programmer l’opération » → « Programmer une opération »",
        # allowed values are shown with their labels, read from the schemas
        "    - `status` : « emerging (émergente) » → « current (actuelle) »",
        "`importance` optional (optionnelle) → essential (essentielle)",
        # the journal (issue: KeyError 'journal'), version by version
        "### Le journal des versions",
        "- **modifié** `journal`",
        ("    - `versions` : ajout de `0.2` (`date` 2026-12-01, `summary` Les rôles et les parcours.,"
         " `changes` \\[Neuf rôles.\\])"),
    ],
)
def test_diff_reports(report: str, expected: str) -> None:
    assert expected in report, report


def test_diff_of_a_revision_with_itself(project: Path) -> None:
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "only")
    run = run_process([sys.executable, "-m", "referentiel", "--root", str(project), "diff", "HEAD", "HEAD"], project)
    assert run.code == 0 and "Aucun changement" in run.output


def test_unknown_revision_is_a_clear_error(project: Path) -> None:
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "only")
    run = run_process([sys.executable, "-m", "referentiel", "--root", str(project), "diff", "v9.9", "HEAD"], project)
    assert run.code == 2 and "révision illisible « v9.9 »" in run.output and "Traceback" not in run.output


def test_every_kind_is_reported(project: Path) -> None:
    """One change in a file of every kind of layout.KINDS: each gets its section, none crashes."""
    for kind in KINDS:  # a folder the fixture leaves empty (named scales) gets one file to remove
        folder = project / (kind.folder or "")
        if kind.folder and not any(folder.glob(kind.pattern)):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "autre.yml").write_text("title: Autre\n", "utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "before")
    for kind in KINDS:
        if kind.file:
            with (project / kind.file).open("a", encoding="utf-8") as file:
                file.write("ajout: 1\n")  # parsed, not validated: diff reports what is written
        else:
            first = min((project / (kind.folder or "")).glob(kind.pattern))
            first.unlink()
    git(project, "add", "-A")
    git(project, "commit", "-qm", "after")
    run = run_process([sys.executable, "-m", "referentiel", "--root", str(project), "diff", "HEAD~1", "HEAD"], project)
    assert run.code == 0 and "Traceback" not in run.output, run.output
    for kind in KINDS:
        assert f"### {kind.plural}\n" in run.output, kind.name
    assert run.output.count("`ajout` : ajouté (« 1 »)") == sum(1 for kind in KINDS if kind.file)
    assert run.output.count("- **retiré** ") == sum(1 for kind in KINDS if kind.folder)


def _history() -> list[str]:
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"], cwd=REPO, capture_output=True, text=True, check=False
    )
    if shallow.stdout.strip() == "true":  # a shallow CI clone: bring the history (fails below if it cannot)
        subprocess.run(["git", "fetch", "--quiet", "--unshallow"], cwd=REPO, capture_output=True, check=False)
    done = subprocess.run(
        ["git", "rev-list", "--reverse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=False
    )
    commits = done.stdout.split()
    assert done.returncode == 0 and len(commits) >= 2, f"needs the git history (a full clone): {done.stderr}"
    return commits


def test_diff_over_the_whole_history(capsys: pytest.CaptureFixture[str]) -> None:
    """Every consecutive pair of the project's own commits, in process (an exception fails the test)."""
    commits = _history()
    for before, after in itertools.pairwise(commits):
        assert main(["--root", str(REPO), "diff", before, after]) == 0, (before, after)
        out, err = capsys.readouterr()
        assert out.startswith("## Changements du référentiel\n") and not err, (before, after, err)


def test_diff_from_the_first_commit_to_head() -> None:
    """The real command, as the pull-request workflow runs it: exit 0, no traceback, every kind present then."""
    first = _history()[0]
    run = run_process([sys.executable, "-m", "referentiel", "--root", str(REPO), "diff", first, "HEAD"], REPO)
    assert run.code == 0 and "Traceback" not in run.output, run.output
    assert "### Le journal des versions" in run.output and "### Compétences" in run.output


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The JSON exports (donnees/referentiel.json) of the fixture before and after ``change``."""
    tmp = tmp_path_factory.mktemp("exports")
    before, after = make_project(tmp / "before"), make_project(tmp / "after")
    change(after)
    files = []
    for project in (before, after):
        path = tmp / f"{project.name}.json"
        path.write_bytes(export_json.dumps(export_json.document(load_framework(project))))
        files.append(path)
    return files[0], files[1]


JSON_EXPECTED = [
    "### Compétences",
    "- **ajouté** `nouvelle` — Une nouvelle compétence",
    "- **modifié** `collaborer-bim` — Collaborer avec le BIM",
    "    - niveau 3 : « Rédige un cahier des charges BIM. » → « Rédige et fait appliquer un cahier des charges BIM. »",
    "    - `missions` : retrait de « suivi-travaux »",
    "    - `status` : « emerging (émergente) » → « current (actuelle) »",
    "- **retiré** `programme` — Programme",
    "    - `see_also` : ajout de « amoe »",
    "    - `requirements` : `collaborer-bim` `level` 2 → 3",
    "`importance` optional (optionnelle) → essential (essentielle)",
    "- **renommé** `atelier-bim` → `atelier-bim-institut` — Atelier BIM de l’institut",
    "- **ajouté** `referent-bim-vers-charge-operation`",
    "    - `title` : « Programmer l’opération » → « Programmer une opération »",
    "- **modifié** `journal`",
    # what only the export holds: the paths' computed gaps, which the requirement's new level changes
    "- **modifié** `assistant-operation-vers-charge-operation`",
    "    - `gaps` : `collaborer-bim` `difference` 2 → 3, `required` 2 → 3, `trainings` \\[atelier-bim\\] → \\[\\]",
]


def test_diff_of_two_json_exports(exports: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """`referentiel diff --json A B`, in process, needs no project: the same reporter as for two
    revisions, on the entries of two exports, field by field."""
    before, after = exports
    assert main(["diff", "--json", str(before), str(after)]) == 0
    output = capsys.readouterr().out
    assert output.startswith(f"## Changements du référentiel\n\nDe `{before}` à `{after}`.\n"), output
    for line in JSON_EXPECTED:
        assert line in output.splitlines() or line in output, (line, output)
    assert main(["diff", "--json", str(after), str(after)]) == 0
    assert "Aucun changement" in capsys.readouterr().out


def test_diff_of_what_is_not_an_export_says_so(
    exports: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = exports[0]
    broken = tmp_path / "casse.json"
    broken.write_text('{"format": "referentiel-moa/1",\n  "version": }', "utf-8")
    other = tmp_path / "autre.json"
    other.write_text('{"title": "pas un export"}', "utf-8")
    newer = tmp_path / "futur.json"
    newer.write_text(good.read_text("utf-8").replace('"referentiel-moa/1"', '"referentiel-moa/2"'), "utf-8")
    hint = "— indiquez le fichier donnees/referentiel.json d’une version du site"
    cases = {
        tmp_path / "absent.json": f"{tmp_path / 'absent.json'} : fichier illisible (No such file or directory) {hint}",
        broken: f"{broken}:2:14: JSON invalide (Expecting value) {hint}",
        other: f"{other} : ce n’est pas un export JSON du référentiel (pas de champ « format ») {hint}",
        newer: (f"{good} est au format « referentiel-moa/1 », {newer} au format « referentiel-moa/2 » — "
                "comparez deux exports du même format"),
    }
    for path, message in cases.items():
        assert main(["diff", "--json", str(good), str(path)]) == 2
        captured = capsys.readouterr()
        assert captured.err.strip() == message and captured.out == "" and "Traceback" not in captured.err
