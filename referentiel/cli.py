"""Command line: ``referentiel check`` and ``referentiel generate --out DIR``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .load import check
from .pages import generate
from .problems import format_problems


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="referentiel", description="Référentiel MOA : vérifier les sources, écrire les pages générées.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="dossier du projet (par défaut : le dossier courant)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="vérifier toutes les sources sans construire le site")
    generate_parser = commands.add_parser("generate", help="écrire les pages Markdown générées dans un dossier")
    generate_parser.add_argument("--out", type=Path, required=True, help="dossier où écrire les pages")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
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
