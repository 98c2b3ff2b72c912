"""Command line: ``referentiel check`` and ``referentiel generate --out DIR``."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .diff import RevisionError, report
from .layout import SCALE
from .load import check
from .pages import generate
from .problems import display_path, format_problems
from .skeleton import ALIASES, NEW_KINDS, kind_named, skeleton
from .sources import load_yaml_file
from .text import fold
from .validate import PLACEHOLDER


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="referentiel", description="Référentiel MOA : vérifier les sources, écrire les pages générées.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="dossier du projet (par défaut : le dossier courant)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="vérifier toutes les sources sans construire le site")
    generate_parser = commands.add_parser("generate", help="écrire les pages Markdown générées dans un dossier")
    generate_parser.add_argument("--out", type=Path, required=True, help="dossier où écrire les pages")
    new_parser = commands.add_parser("new", help="créer le squelette d'une nouvelle entrée, à compléter")
    french = ", ".join(sorted({fold(name) for name in ALIASES}))
    new_parser.add_argument("kind", help=f"type d'entrée : {', '.join(NEW_KINDS)} (ou {french})")
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
    pages = generate(framework)
    for page in pages:
        target = arguments.out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    print(f"{len(pages)} pages écrites dans {arguments.out}")
    return 0
