"""Bad input that used to crash, slip through, or be misreported: each case through
``referentiel check`` and, where the build reads it, a real ``mkdocs build --strict``.

Both must print the expected ``path:line:col: … — …`` line, exit non-zero, show no traceback,
and leave no built site behind.
"""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

from helpers import REPO, Mutation, assert_reported, build, check, edit, mkdocs_config, write
from referentiel import cli, load, sources
from referentiel.layout import SNIPPETS_FOLDER
from referentiel.pages import decorations, generate
from referentiel.problems import Problem
from referentiel.routes import page_url
from referentiel.validate import markdown_anchors, markdown_links

BUDGET = "competencies/piloter-budget.yml"
FICHE = "docs/livrables/fiche-budget.md"
HOSTILE_NAME = 'x.y" onmouseover="alert(1)" x="ml'




def both(*mutations: Mutation) -> Mutation:
    def mutate(project: Path) -> None:
        for mutation in mutations:
            mutation(project)

    return mutate


def symlink(relative: str, target: Path) -> Mutation:
    def mutate(project: Path) -> None:
        (project / relative).symlink_to(target)

    return mutate


def _secret(project: Path) -> Path:
    """A file outside the project, with text that must never be published."""
    secret = project.parent / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\n# Secret\n\nMOT-DE-PASSE-SECRET\n", "utf-8")
    return secret


def _copy_as(relative: str, source: str) -> Mutation:
    return lambda project: write(relative, (project / source).read_text("utf-8"))(project)


DEEP = "id: moe\nterm: " + "[" * 500 + "]" * 500 + "\n"
PAGE = "---\ntitle: Page\n---\n# Page\n\nTexte.\n"

#: case → (mutation, expected line starts in check's output, whether the build reads it)
CASES: dict[str, tuple[Mutation, list[str], bool]] = {
    # item 5: tracebacks
    "structure nested 500 levels deep": (
        write("glossary/moe.yml", DEEP),
        ["glossary/moe.yml:2:57: structure imbriquée sur plus de 50 niveaux — aucun champ"],
        True,
    ),
    "page title is a list": (
        write("docs/liste.md", "---\ntitle: [a, b]\n---\n# Liste\n"),
        ["docs/liste.md:2:8: « title » doit être un texte — Titre de la page"],
        True,
    ),
    "snippet of a missing file in a deliverable": (
        edit(FICHE, "Le maître d’ouvrage tient l’enveloppe.", '--8<-- "inexistant.md"'),
        [f"{FICHE}:18:9: extrait « inexistant.md » introuvable dans {SNIPPETS_FOLDER}/ — une ligne « --8<-- »"],
        True,
    ),
    "snippet of a file outside the project": (
        edit(FICHE, "Le maître d’ouvrage tient l’enveloppe.", '--8<-- "../../secret.md"'),
        [f"{FICHE}:18:9: extrait « ../../secret.md » hors du dossier {SNIPPETS_FOLDER}/"],
        True,
    ),
    "snippet block naming a missing file": (
        edit(FICHE, "Le maître d’ouvrage tient l’enveloppe.", "--8<--\nlivrable.md\nabsent.md\n--8<--"),
        [f"{FICHE}:20:1: extrait « absent.md » introuvable"],
        True,
    ),
    # item 6: accepted silently
    "symlink to a file outside the project": (
        lambda project: symlink("docs/fuite.md", _secret(project))(project),
        ["docs/fuite.md:1:1: lien symbolique vers un fichier hors du projet — remplacez le lien"],
        True,
    ),
    "symlink loop in glossary": (
        lambda project: (project / "glossary" / "boucle.yml").symlink_to(project / "glossary" / "boucle.yml"),
        ["glossary/boucle.yml:1:1: lien symbolique cassé (sa cible n'existe pas ou boucle)"],
        True,
    ),
    "snippet name too long for the system": (
        edit(FICHE, "Le maître d’ouvrage tient l’enveloppe.", '--8<-- "' + "x" * 5000 + '.md"'),
        [f"{FICHE}:18:9: extrait « {'x' * 5000}.md » introuvable"],
        True,
    ),
    "competency in a misnamed top-level folder": (
        _copy_as("competences/piloter-tresorerie.yml", BUDGET),
        [
            (
                "competences/piloter-tresorerie.yml:1:1: fichier YAML dans un dossier inconnu (competences/) : "
                "le référentiel ne le lit pas — ce fichier ressemble à la compétence : déplacez-le dans competencies/"
            )
        ],
        True,
    ),
    "competency saved at the project root": (
        _copy_as("piloter-tresorerie.yml", BUDGET),
        [
            (
                "piloter-tresorerie.yml:1:1: fichier YAML à la racine du projet : le référentiel ne le lit pas — ce "
                "fichier ressemble à la compétence"
            )
        ],
        True,
    ),
    "mission in a misnamed framework folder": (
        _copy_as("framework/mission/autre.yml", "framework/missions/programmation.yml"),
        [
            (
                "framework/mission/autre.yml:1:1: fichier YAML dans un emplacement inconnu (framework/mission) : "
                "le référentiel ne le lit pas — ce fichier ressemble à la mission : "
                "déplacez-le dans framework/missions/"
            )
        ],
        True,
    ),
    "competency in a subfolder of competencies": (
        _copy_as("competencies/pilotage/piloter-tresorerie.yml", BUDGET),
        ["competencies/pilotage/piloter-tresorerie.yml:1:1: fichier YAML dans un sous-dossier de competencies/"],
        True,
    ),
    "competency with an upper-case extension": (
        _copy_as("competencies/piloter-tresorerie.YML", BUDGET),
        ["competencies/piloter-tresorerie.YML:1:1: fichier YAML dont l'extension n'est pas .yml de competencies/"],
        True,
    ),
    "YAML file under docs": (
        _copy_as("docs/piloter-tresorerie.yml", BUDGET),
        [
            (
                "docs/piloter-tresorerie.yml:1:1: fichier YAML dans docs/ : le référentiel ne le lit pas — ce fichier "
                "ressemble à la compétence"
            )
        ],
        True,
    ),
    "front matter closing line ends the file": (
        write(FICHE.replace("fiche-budget", "sans-fin"), "---\ntitle: Sans fin\ndate: 2026-10-05\n---"),
        [
            (
                "docs/livrables/sans-fin.md:4:4: la ligne « --- » qui ferme l'en-tête termine le fichier sans retour à "
                "la ligne"
            )
        ],
        True,
    ),
    "page whose front matter closing line ends the file": (
        write("docs/sans-fin.md", "---\ntitle: Sans fin\n---"),
        ["docs/sans-fin.md:3:4: la ligne « --- » qui ferme l'en-tête"],
        True,
    ),
    "CR-only line endings": (
        write("glossary/moe.yml", "id: moe\rterm: Maîtrise d’œuvre\rshort: Conçoit.\r"),
        [
            (
                "glossary/moe.yml:1:8: fin de ligne « retour chariot » seule (ancien format Mac) — enregistrez le "
                "fichier avec des fins de ligne LF"
            )
        ],
        True,
    ),
    "CR-only deliverable": (
        lambda project: write(FICHE, (project / FICHE).read_text("utf-8").replace("\n", "\r"))(project),
        [f"{FICHE}:1:4: fin de ligne « retour chariot » seule"],
        True,
    ),
    "NUL byte": (
        write("glossary/moe.yml", b"id: moe\nterm: Ma\x00trise\n"),
        ["glossary/moe.yml:2:9: octet nul (U+0000) dans le fichier — supprimez ce caractère"],
        True,
    ),
    "schema error and unknown reference in one competency": (
        both(
            edit(BUDGET, "kind: savoir-faire", "kind: savoir-fer"),
            edit(BUDGET, "related: [collaborer-bim]", "related: [collaborer-bin]"),
        ),
        [
            f"{BUDGET}:4:7: valeur non admise pour « kind »",
            f"{BUDGET}:14:11: la compétence « collaborer-bin » n'existe pas — vouliez-vous dire « collaborer-bim » ?",
        ],
        True,
    ),
    # item 7: what the strict build refuses in Markdown
    "broken link in a deliverable body": (
        edit(FICHE, "Le maître d’ouvrage tient l’enveloppe.", "Voir [le budget](../competences/piloter-budjet.md)."),
        [
            (
                f"{FICHE}:18:18: lien vers une page inexistante « ../competences/piloter-budjet.md » — "
                "vouliez-vous dire « competences/piloter-budget.md » ?"
            )
        ],
        True,
    ),
    "link to a folder in a hand-written page": (
        write("docs/contribuer/aide.md", "# Aide\n\nVoir [le glossaire](../glossaire/).\n"),
        [
            (
                "docs/contribuer/aide.md:3:21: lien vers un dossier « ../glossaire/ » — pointez vers le fichier de la "
                "page : « ../glossaire/index.md »"
            )
        ],
        True,
    ),
    "absolute link in a hand-written page": (
        write("docs/contribuer/aide.md", "# Aide\n\n[Accueil](/index.md)\n"),
        ["docs/contribuer/aide.md:3:11: lien absolu « /index.md »"],
        True,
    ),
    "link to a missing anchor": (
        edit(
            FICHE,
            "Le maître d’ouvrage tient l’enveloppe.",
            "Voir [MOE](../glossaire/index.md#moee) et [ici](#fiche-methode).",
        ),
        [
            f"{FICHE}:18:12: ancre « #moee » absente de glossaire/index.md — vouliez-vous dire « moe » ?",
            f"{FICHE}:18:49: ancre « #fiche-methode » absente de livrables/fiche-budget.md",
        ],
        True,
    ),
    "new page missing from the nav": (
        write("docs/nouvelle.md", PAGE),
        ["docs/nouvelle.md:1:1: page absente de la navigation — ajoutez-la à « nav: » dans mkdocs.yml"],
        True,
    ),
    "nav entry to no page": (
        edit(
            "mkdocs.yml", "  - Glossaire: glossaire/index.md", "  - Glossaire: glossaire/index.md\n  - Perdu: perdu.md"
        ),
        ["mkdocs.yml:"],
        True,
    ),
    # item 16: one safe pattern for ids and file names
    "hostile competency file name": (
        lambda project: write(f"competencies/{HOSTILE_NAME}", (project / BUDGET).read_text("utf-8"))(project),
        [
            (
                f"competencies/{HOSTILE_NAME}:1:1: nom de fichier non admis : « {HOSTILE_NAME} » — "
                "renommez le fichier : un nom de fichier s'écrit comme un identifiant"
            )
        ],
        True,
    ),
    "hostile deliverable file name": (
        lambda project: write(
            'docs/livrables/x"><img src=x onerror=alert(1)>.md', (project / FICHE).read_text("utf-8")
        )(project),
        ['docs/livrables/x"><img src=x onerror=alert(1)>.md:1:1: nom de fichier non admis'],
        True,
    ),
    "hand-written page with an unsafe name": (
        write("docs/Mes Notes.md", PAGE),
        ["docs/Mes Notes.md:1:1: nom de fichier non admis : « Mes Notes.md »"],
        True,
    ),
    "hand-written page in an unsafe folder": (
        write("docs/Équipe/index.md", PAGE),
        ["docs/Équipe/index.md:1:1: nom de dossier non admis : « Équipe »"],
        True,
    ),
    # item 17: front matter of every page
    "page front matter with a template": (
        write("docs/redirige.md", "---\ntemplate: redirect.html\nlocation: javascript:alert(1)\n---\n# R\n"),
        [
            "docs/redirige.md:2:1: champ inconnu « template » — champs possibles ici : title, description",
            "docs/redirige.md:3:1: champ inconnu « location »",
        ],
        True,
    ),
    "page description with markup": (
        write("docs/balise.md", "---\ndescription: <img src=x onerror=alert(1)>\n---\n# B\n"),
        [
            (
                "docs/balise.md:2:14: format invalide pour « description » : « <img src=x onerror=alert(1)> » — Résumé "
                "de la page"
            )
        ],
        True,
    ),
    "page title on two lines": (
        write("docs/deux-lignes.md", "---\ntitle: |\n  Un\n  Deux\n---\n# D\n"),
        ["docs/deux-lignes.md:2:8: format invalide pour « title »"],
        True,
    ),
    "page author": (
        write("docs/auteur.md", "---\ntitle: Auteur\nauthor: <b>moi</b>\n---\n# A\n"),
        ["docs/auteur.md:3:1: champ inconnu « author »"],
        True,
    ),
}



@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_check_reports(project: Path, case: str) -> None:
    mutate, expected, _ = CASES[case]
    mutate(project)
    run = check(project)
    assert run.code == 1, run.output
    assert_reported(run.output, expected)


BUILD_FAILS_WITH = {  # what the build prints where the strict build refuses the page itself
    "broken link in a deliverable body": "piloter-budjet.md",
    "link to a folder in a hand-written page": "../glossaire/",
    "absolute link in a hand-written page": "/index.md",
    "link to a missing anchor": "#moee",
    "new page missing from the nav": "nouvelle.md",
    "nav entry to no page": "perdu.md",
}


@pytest.mark.parametrize("case", [name for name, (_, _, built) in CASES.items() if built])
def test_build_refuses(project: Path, case: str) -> None:
    mutate, expected, _ = CASES[case]
    mutate(project)
    run = build(project)
    assert run.code == 1, run.output
    assert "Traceback" not in run.output, run.output
    if case in BUILD_FAILS_WITH:
        assert BUILD_FAILS_WITH[case] in run.output and "Aborted" in run.output, run.output
    else:
        assert_reported(run.output, expected)
    assert not (project / "site" / "index.html").exists(), "a site was left by a failed build"
    assert "MOT-DE-PASSE-SECRET" not in "".join(
        p.read_text("utf-8", "replace") for p in (project / "site").rglob("*.html")
    )


def test_anchors_are_the_ids_the_build_gives(built_mini: Path) -> None:
    """The anchors check computes from Markdown are the heading and element ids of the built
    pages (pages that include a snippet aside: their text comes from another file)."""
    root = built_mini.parent
    framework, _ = load.check(root)
    assert framework is not None
    texts = {page.path: page.content for page in generate(framework)}
    for path in (root / "docs").rglob("*.md"):
        texts[path.relative_to(root / "docs").as_posix()] = path.read_text("utf-8")
    for page, added in decorations(framework).deliverables.items():
        texts[page] = "\n".join((texts[page], *added))
    compared = 0
    for page, text in texts.items():
        html = built_mini / page_url(page) / "index.html"
        if "--8<--" in text or not html.is_file():
            continue
        article = re.search(r"<article.*?</article>", html.read_text("utf-8"), re.DOTALL)
        assert article is not None
        ids = set(re.findall(r'<[a-z0-9]+ [^>]*?id="([^"]+)"', article.group()))
        computed = markdown_anchors(text)
        assert computed <= ids, (page, computed - ids)
        assert set(re.findall(r'<h[1-6] id="([^"]+)"', article.group())) <= computed, page
        compared += len(computed)
    assert compared > 100


@pytest.mark.parametrize(
    "line", ["[" * 20000, "<a" * 20000, "{#" * 20000, "[a" * 10000 + "](", "# " + "{" * 20000, "`` `" * 5000]
)
def test_markdown_scanning_stays_linear(line: str) -> None:
    started = time.perf_counter()
    markdown_anchors(line)
    list(markdown_links(line))
    assert time.perf_counter() - started < 0.5


def test_nav_entry_to_no_page_is_located(project: Path) -> None:
    CASES["nav entry to no page"][0](project)
    line = next(
        n for n, text in enumerate((project / "mkdocs.yml").read_text("utf-8").splitlines(), 1) if "perdu.md" in text
    )
    run = check(project)
    assert f"mkdocs.yml:{line}:1: la navigation cite « perdu.md », qui n'existe pas — " in run.output, run.output


def test_a_failed_build_empties_a_previous_site(project: Path) -> None:
    assert build(project).code == 0
    assert (project / "site" / "index.html").is_file()
    (project / "site" / ".garder").write_text("", "utf-8")  # hidden files stay, as MkDocs' own cleaning keeps them
    CASES["new page missing from the nav"][0](project)
    run = build(project)
    assert run.code == 1 and "Traceback" not in run.output
    assert not (project / "site" / "index.html").exists()
    assert (project / "site" / ".garder").exists()


def test_snippet_folder_is_the_one_of_mkdocs_yml() -> None:
    config = mkdocs_config()
    snippets = next(
        e["pymdownx.snippets"]
        for e in config["markdown_extensions"]
        if isinstance(e, dict) and "pymdownx.snippets" in e
    )
    assert snippets["base_path"] == [SNIPPETS_FOLDER]


# item 5: a file that cannot be read (tests run as root, who reads everything: simulated in-process)
def test_unreadable_file_is_reported(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    original = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == "moe.yml":
            raise PermissionError(13, "Permission denied", str(path))
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert cli.main(["--root", str(project), "check"]) == 1
    err = capsys.readouterr().err
    assert "glossary/moe.yml:1:1: fichier illisible (permission refusée) — vérifiez que le fichier existe" in err, err
    assert "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file_as_a_user(project: Path) -> None:
    (project / "glossary" / "moe.yml").chmod(0)
    run = check(project)
    assert run.code == 1 and "glossary/moe.yml:1:1: fichier illisible (permission refusée)" in run.output


# item 3: run from a subfolder
def _run_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1", "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "referentiel", *args],
        cwd=folder, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def test_check_from_a_subfolder_finds_the_project_root(project: Path) -> None:
    CASES["schema error and unknown reference in one competency"][0](project)
    done = _run_in(project / "competencies", "check")
    assert done.returncode == 1
    assert f"{BUDGET}:14:11: la compétence « collaborer-bin » n'existe pas" in done.stderr, done.stderr
    assert "institute.yml" not in done.stderr


def test_check_outside_any_project_says_where_to_run(tmp_path: Path) -> None:
    done = _run_in(tmp_path, "check")
    assert done.returncode == 2
    assert (
        "aucun mkdocs.yml dans ce dossier ni au-dessus — lancez la commande depuis la racine du projet" in done.stderr
    )
    assert "Traceback" not in done.stderr and "fichier manquant" not in done.stderr


# item 4: generate into the sources
@pytest.mark.parametrize(
    "out", ["docs", "docs/generes", "competencies", "glossary", "framework/missions", "modeles", "."]
)
def test_generate_refuses_an_output_folder_inside_the_sources(project: Path, out: str) -> None:
    before = sorted(str(p) for p in project.rglob("*"))
    done = _run_in(project, "generate", "--out", out)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"--out {out} " in done.stderr and "choisissez un dossier hors des sources" in done.stderr, done.stderr
    assert sorted(str(p) for p in project.rglob("*")) == before  # nothing written into the sources


def test_generate_outside_the_sources_still_writes(project: Path, tmp_path: Path) -> None:
    done = _run_in(project, "generate", "--out", str(tmp_path / "pages"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "pages" / "competences" / "piloter-budget.md").is_file()


# issue 12 item 7: memory stays flat over many parses
@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
def test_repeated_parses_keep_no_memory(loader: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(yaml, loader):
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(sources, "Loader", getattr(yaml, loader))
    text = (REPO / "tests/fixtures/mini" / BUDGET).read_text("utf-8")
    for _ in range(20):
        sources.parse_yaml(text, BUDGET)
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        for _ in range(300):
            document, problems = sources.parse_yaml(text, BUDGET)
            assert document is not None and not problems
        del document
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()
    assert grown < 50_000, f"{grown} bytes kept after 300 parses"


def test_the_real_content_passes_the_new_rules() -> None:
    framework, problems = load.check(REPO)
    assert framework is not None, problems
    assert load.site_problems(REPO, framework) == []


def test_messages_stay_on_one_line(project: Path) -> None:
    """Values and keys quoted in a message never break its line (one problem, one line)."""
    write("docs/cles.md", '---\n"clé\\nsur deux lignes": x\ntitle: "a\\nb"\n---\n# C\n')(project)
    run = check(project)
    assert run.code == 1
    assert "docs/cles.md:2:1: champ inconnu « clé sur deux lignes » — " in run.output, run.output
    assert "docs/cles.md:3:8: format invalide pour « title » : « a b » — " in run.output, run.output
    assert all(line.startswith("docs/cles.md:") for line in run.output.splitlines()[:-1]), run.output


def test_problem_positions_are_within_the_file(project: Path) -> None:
    """A NUL byte after the first line is reported where it is, not at 1:1."""
    write("glossary/moe.yml", b"id: moe\nterm: Maitrise\nshort: abc\x00\n")(project)
    parsed = load.parse(project)
    assert (
        Problem("glossary/moe.yml", 3, 11, "octet nul (U+0000) dans le fichier", parsed.problems[0].hint)
        in parsed.problems
    )
