"""Command line: ``referentiel check``, ``generate --out DIR``, ``new`` and ``diff``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .diff import RevisionError, report
from .docs_tree import OverlapError, write_docs
from .layout import DOCS_FOLDER, KINDS, NOT_SOURCES, SCALE, SNIPPETS_FOLDER, TRADE
from .load import check, site_problems
from .problems import display_path, format_problems
from .skeleton import ALIASES, NEW_KINDS, kind_named, skeleton
from .sources import load_yaml_file
from .text import fold
from .validate import ID_PATTERN, PLACEHOLDER

GENERATE_HELP = """\
Vérifie les sources, puis écrit dans DIR un dossier docs complet, à construire par un outil
compatible MkDocs qui n'exécute pas le hook du projet (docs_dir: DIR, sans « hooks: ») :
les pages et fichiers de docs/, les livrables publiés avec leur bloc d'informations et leurs
sources, sans les brouillons, toutes les pages générées depuis les sources, et les fichiers
de données (donnees/ : JSON, CASE, CSV) avec leur page.

Ce qu'un tel constructeur perd, parce que seul le hook le fait sur le HTML :
  - les liens vers le glossaire et leurs infobulles dans les pages, et sous chaque terme la
    liste des pages qui l'emploient (un commentaire HTML invisible en tient la place) ;
  - les liens « modifier » vers le fichier source (YAML ou docs/…) : ils visent le chemin
    dans DIR ;
  - la recherche insensible aux accents (la table de repli de l'index de recherche) ;
  - la place du glossaire dans l'index de recherche (le hook le construit en dernier) ;
  - les espaces insécables de la typographie française (avant « : ; ! ? », dans « ») ;
  - le fil d'Ariane et la rubrique active du menu sur les pages absentes du menu (une
    compétence, un rôle, un parcours…) ;
  - la version et la date du référentiel au pied des pages imprimées (l'adresse y reste) ;
  - le lien « Accessibilité : … » vers la déclaration d'accessibilité en pied de page (la
    page elle-même est écrite).
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="referentiel", description="Référentiel MOA : vérifier les sources, écrire les pages générées."
    )
    parser.add_argument(
        "--root",
        type=Path,
        help="dossier du projet (par défaut : le premier dossier contenant mkdocs.yml, "
        "en partant du dossier courant et en remontant)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="vérifier toutes les sources sans construire le site")
    generate_parser = commands.add_parser(
        "generate",
        help="écrire le dossier docs complet (pages générées comprises) pour un constructeur sans hook",
        description=GENERATE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    generate_parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR",
        help="dossier où écrire les pages, hors des sources (ex. /tmp/pages), à donner comme docs_dir",
    )
    new_parser = commands.add_parser("new", help="créer le squelette d'une nouvelle entrée, à compléter")
    french = ", ".join(sorted({fold(name) for name in ALIASES}))
    new_parser.add_argument("kind", help=f"type d'entrée : {', '.join(NEW_KINDS)} (ou {french})")
    new_parser.add_argument("id", help="identifiant : minuscules sans accents, chiffres et tirets (ex. piloter-budget)")
    diff_parser = commands.add_parser(
        "diff", help="résumer en Markdown les changements du référentiel entre deux révisions git"
    )
    diff_parser.add_argument("revision_a", help="révision de départ (ex. origin/main)")
    diff_parser.add_argument("revision_b", help="révision d'arrivée (ex. HEAD)")
    return parser


def _diff(root: Path, revision_a: str, revision_b: str) -> int:
    try:
        print(report(root, revision_a, revision_b))
    except RevisionError as error:
        print(f"{error} — vérifiez le nom de la branche ou du commit (git log --oneline)", file=sys.stderr)
        return 2
    return 0


def _new(root: Path, kind_name: str, entity_id: str) -> int:
    kind = kind_named(kind_name)
    if kind is None or kind.folder is None:
        print(f"type inconnu : « {kind_name} » — types possibles : {', '.join(NEW_KINDS)}", file=sys.stderr)
        return 2
    if not ID_PATTERN.fullmatch(entity_id):
        print(
            f"identifiant invalide : « {entity_id} » — "
            "minuscules sans accents, chiffres et tirets, ex. « piloter-budget »",
            file=sys.stderr,
        )
        return 2
    target = root / kind.folder / f"{entity_id}{'.md' if kind.pattern == '*.md' else '.yml'}"
    if target.exists() or (kind.pattern != "*.md" and (root / kind.folder / f"{entity_id}.yaml").exists()):
        print(
            f"{display_path(target, root)} existe déjà — choisissez un autre identifiant ou modifiez ce fichier",
            file=sys.stderr,
        )
        return 2
    scale_file = SCALE.file
    assert scale_file is not None  # the scale is one file, not a folder
    scale, _ = load_yaml_file(root / scale_file, scale_file) if (root / scale_file).is_file() else (None, [])
    levels = [item.get("level") for item in scale.data.get("levels", [])] if scale else [1, 2, 3, 4]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        skeleton(kind, entity_id, [level for level in levels if isinstance(level, int)] or [1, 2, 3, 4]), "utf-8"
    )
    print(f"{display_path(target, root)} créé : remplacez chaque « {PLACEHOLDER} », puis lancez « referentiel check ».")
    return 0


#: The file that marks a project's root folder, looked for upwards as git looks for .git.
PROJECT_MARKER = "mkdocs.yml"


def find_root(start: Path) -> Path | None:
    """The nearest folder, ``start`` or above it, holding ``mkdocs.yml``."""
    start = start.resolve()
    return next((folder for folder in (start, *start.parents) if (folder / PROJECT_MARKER).is_file()), None)


def _root(given: Path | None) -> Path | None:
    if given is not None:
        if (given / PROJECT_MARKER).is_file() or (given / (TRADE.file or "")).parent.is_dir():
            return given
        hint = f"indiquez le dossier qui contient {PROJECT_MARKER}"
        print(f"{given} n'est pas la racine d'un projet (ni {PROJECT_MARKER} ni framework/) — {hint}", file=sys.stderr)
        return None
    root = find_root(Path.cwd())
    if root is None:
        hint = (
            f"lancez la commande depuis la racine du projet (le dossier qui contient {PROJECT_MARKER}) "
            "ou indiquez-la avec --root"
        )
        print(f"aucun {PROJECT_MARKER} dans ce dossier ni au-dessus — {hint}", file=sys.stderr)
    return root


def source_folders(root: Path) -> list[Path]:
    """The folders the site is made from, which generated pages must never be written into."""
    names = {(kind.file or kind.folder or "").split("/")[0] for kind in KINDS}
    names |= {DOCS_FOLDER, SNIPPETS_FOLDER, *NOT_SOURCES} - {"site"}
    return [root / name for name in sorted(names)]


def _out_problem(root: Path, out: Path) -> str | None:
    target = out.resolve()
    folders = source_folders(root)
    hint = (
        f"choisissez un dossier hors des sources, ni la racine du projet ni {', '.join(f.name + '/' for f in folders)}"
    )
    if target == root.resolve():
        return f"--out {out} est la racine du projet — {hint}"
    inside = next((folder for folder in folders if target.is_relative_to(folder.resolve())), None)
    return f"--out {out} est dans {inside.name}/, qui fait partie des sources — {hint}" if inside else None


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    root = _root(arguments.root)
    if root is None:
        return 2
    if arguments.command == "new":
        return _new(root, arguments.kind, arguments.id)
    if arguments.command == "diff":
        return _diff(root, arguments.revision_a, arguments.revision_b)
    if arguments.command == "generate" and (refusal := _out_problem(root, arguments.out)):
        print(refusal, file=sys.stderr)
        return 2
    framework, problems = check(root)
    if framework is not None:
        problems = site_problems(root, framework)
    if framework is None or problems:
        print(format_problems(problems), file=sys.stderr)
        return 1
    if arguments.command == "check":
        print(
            f"Sources valides : {len(framework.competencies)} compétences, {len(framework.missions)} missions, "
            f"{len(framework.domains)} domaines, {len(framework.roles)} rôles, {len(framework.career_paths)} parcours, "
            f"{len(framework.trainings)} formations, {len(framework.terms)} termes."
        )
        return 0
    try:
        written = write_docs(framework, root, arguments.out)
    except OverlapError:
        print(
            f"{arguments.out} : dossier de sortie invalide — "
            "choisissez un dossier hors de docs/ et qui ne le contient pas",
            file=sys.stderr,
        )
        return 2
    pages = sum(path.endswith(".md") for path in written)
    print(f"{pages} pages écrites dans {arguments.out} ({len(written) - pages} autres fichiers)")
    return 0
