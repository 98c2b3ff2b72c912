"""Command line: ``referentiel check``, ``generate --out DIR``, ``new`` and ``diff``."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .diff import RevisionError, report
from .docs_tree import OverlapError, write_docs
from .layout import SCALE
from .load import check
from .problems import display_path, format_problems
from .skeleton import NEW_KINDS, kind_named, skeleton
from .sources import load_yaml_file
from .validate import PLACEHOLDER


GENERATE_HELP = """\
Vérifie les sources, puis écrit dans DIR un dossier docs complet, à construire par un outil
compatible MkDocs qui n'exécute pas le hook du projet (docs_dir: DIR, sans « hooks: ») :
les pages et fichiers de docs/, les livrables publiés avec leur bloc d'informations et leurs
sources, sans les brouillons, et toutes les pages générées depuis les sources.

Ce qu'un tel constructeur perd, parce que seul le hook le fait sur le HTML :
  - les liens vers le glossaire et leurs infobulles dans les pages, et sous chaque terme la
    liste des pages qui l'emploient (un commentaire HTML invisible en tient la place) ;
  - l'échappement des titres dans l'onglet (balise <title>) : un titre de page tiré de son
    titre « # » qui contient « < », « > » ou « & » y est imprimé sans échappement (les
    titres « title: » de l'en-tête sont échappés par generate, comme par le hook) ;
  - les liens « modifier » vers le fichier source (YAML ou docs/…) : ils visent le chemin
    dans DIR ;
  - la recherche insensible aux accents (la table de repli de l'index de recherche) ;
  - la place du glossaire dans l'index de recherche (le hook le construit en dernier).
Une page écrite à la main au chemin d'une page générée est signalée ici ; la page générée
est gardée, comme le fait le hook.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="referentiel", description="Référentiel MOA : vérifier les sources, écrire les pages générées.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="dossier du projet (par défaut : le dossier courant)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="vérifier toutes les sources sans construire le site")
    generate_parser = commands.add_parser(
        "generate",
        help="écrire le dossier docs complet (pages générées comprises) pour un constructeur sans hook",
        description=GENERATE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    generate_parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="dossier où écrire les pages (hors de docs/), à donner comme docs_dir")
    new_parser = commands.add_parser("new", help="créer le squelette d'une nouvelle entrée, à compléter")
    new_parser.add_argument("kind", help=f"type d'entrée : {', '.join(NEW_KINDS)} (ou competence, role, parcours, formation, terme, livrable)")
    new_parser.add_argument("id", help="identifiant : minuscules sans accents, chiffres et tirets (ex. piloter-budget)")
    diff_parser = commands.add_parser("diff", help="résumer en Markdown les changements du référentiel entre deux révisions git")
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
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entity_id):
        print(f"identifiant invalide : « {entity_id} » — minuscules sans accents, chiffres et tirets, ex. « piloter-budget »", file=sys.stderr)
        return 2
    target = root / kind.folder / f"{entity_id}{'.md' if kind.pattern == '*.md' else '.yml'}"
    if target.exists() or (kind.pattern != "*.md" and (root / kind.folder / f"{entity_id}.yaml").exists()):
        print(f"{display_path(target, root)} existe déjà — choisissez un autre identifiant ou modifiez ce fichier", file=sys.stderr)
        return 2
    scale, _ = load_yaml_file(root / SCALE.file, SCALE.file) if (root / SCALE.file).is_file() else (None, [])
    levels = [item.get("level") for item in scale.data.get("levels", [])] if scale else [1, 2, 3, 4]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(skeleton(kind, entity_id, [level for level in levels if isinstance(level, int)] or [1, 2, 3, 4]), "utf-8")
    print(f"{display_path(target, root)} créé : remplacez chaque « {PLACEHOLDER} », puis lancez « referentiel check ».")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if arguments.command == "new":
        return _new(arguments.root, arguments.kind, arguments.id)
    if arguments.command == "diff":
        return _diff(arguments.root, arguments.revision_a, arguments.revision_b)
    framework, problems = check(arguments.root)
    if framework is None:
        print(format_problems(problems), file=sys.stderr)
        return 1
    if arguments.command == "check":
        print(
            f"Sources valides : {len(framework.competencies)} compétences, {len(framework.missions)} missions, "
            f"{len(framework.domains)} domaines, {len(framework.roles)} rôles, {len(framework.paths)} parcours, "
            f"{len(framework.trainings)} formations, {len(framework.terms)} termes."
        )
        return 0
    try:
        written, replaced = write_docs(framework, arguments.root, arguments.out)
    except OverlapError:
        print(f"{arguments.out} : dossier de sortie invalide — choisissez un dossier hors de docs/ et qui ne le contient pas", file=sys.stderr)
        return 2
    for path in replaced:
        print(f"docs/{path} est remplacé par la page générée du même chemin : supprimez ce fichier", file=sys.stderr)
    pages = sum(path.endswith(".md") for path in written)
    print(f"{pages} pages écrites dans {arguments.out} ({len(written) - pages} autres fichiers)")
    return 0
