"""Command line: ``referentiel check``, ``generate --out DIR``, ``pdf --out DIR``, ``new``, ``import`` and
``diff``."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import importer, siteconfig
from .diff import ExportError, RevisionError, export_report, report
from .docs_tree import OverlapError, write_docs
from .edition import edition
from .fiches import fiches
from .layout import DOCS_FOLDER, IMPORT_FOLDER, KINDS, NOT_SOURCES, SCALE, SNIPPETS_FOLDER, TRADE
from .load import check, site_problems
from .model import Framework
from .pages import unpublished
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
de données (donnees/ : JSON, CASE, SKOS, CSV, le fichier de chaque entité) avec leur page.

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


PDF_HELP = """\
Vérifie les sources, puis imprime en PDF balisé (accessible) avec Chromium une fiche par rôle
(fiche de poste type : missions, niveaux requis et ce que chacun demande) et une par parcours
(compétences à développer, formations qui y mènent), chacune avec la version et la date du
référentiel et l'adresse de sa page ; écrit aussi l'inventaire fiches.json.

Pour publier les fiches, construisez ensuite le site avec ce dossier :
  REFERENTIEL_FICHES=DIR mkdocs build --strict
Le site les place sous donnees/fiches/ et les relie depuis chaque page de rôle et de parcours
et depuis la page Données ; il refuse un dossier imprimé depuis d'autres sources.
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
    pdf_parser = commands.add_parser(
        "pdf",
        help="imprimer en PDF la fiche de chaque rôle et de chaque parcours (Chromium), pour la publication",
        description=PDF_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    pdf_parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR",
        help="dossier où écrire les fiches, hors des sources (ex. /tmp/fiches)",
    )
    pdf_parser.add_argument(
        "--chromium", metavar="CHEMIN", default=shutil.which("chromium"),
        help="le navigateur Chromium à utiliser (par défaut : chromium, trouvé dans le PATH)",
    )
    new_parser = commands.add_parser("new", help="créer le squelette d'une nouvelle entrée, à compléter")
    french = ", ".join(sorted({fold(name) for name in ALIASES}))
    new_parser.add_argument("kind", help=f"type d'entrée : {', '.join(NEW_KINDS)} (ou {french})")
    new_parser.add_argument("id", help="identifiant : minuscules sans accents, chiffres et tirets (ex. piloter-budget)")
    import_parser = commands.add_parser(
        "import", help="écrire les sources d'un référentiel existant, en CSV, d'après un fichier de correspondance"
    )
    import_parser.add_argument("mapping", type=Path, help="fichier de correspondance (YAML), ex. import.yml")
    import_parser.add_argument(
        "--out", type=Path, metavar="DIR", required=True,
        help=f"dossier du projet à écrire (le fichier de correspondance et les CSV peuvent être dans son dossier "
        f"{IMPORT_FOLDER}/)",
    )
    diff_parser = commands.add_parser(
        "diff",
        help="résumer en Markdown les changements du référentiel entre deux révisions git, ou entre deux exports JSON",
    )
    diff_parser.add_argument(
        "--json", action="store_true",
        help="comparer deux exports JSON (donnees/referentiel.json de deux versions du site) au lieu de deux révisions",
    )
    diff_parser.add_argument("revision_a", help="révision de départ (ex. origin/main), ou premier fichier avec --json")
    diff_parser.add_argument("revision_b", help="révision d'arrivée (ex. HEAD), ou second fichier avec --json")
    return parser


def _import(mapping_path: Path, out: Path) -> int:
    """Write the source tree a mapping gives, then check it as ``check`` would."""
    shown = display_path(mapping_path.resolve(), out.resolve())  # relative to the project, as for every source
    mapping, problems = importer.read_mapping(mapping_path, shown)
    result = importer.entities(mapping, mapping_path.parent) if mapping is not None else None
    if result is not None:
        problems = result.problems
    if result is None or problems:
        print(format_problems(problems), file=sys.stderr)
        return 1
    if foreign := importer.foreign_files(result, out):
        print(
            f"{out} : contient déjà des sources qui ne viennent pas d'un import ({', '.join(foreign[:3])}…) — "
            "choisissez un dossier vide ou celui d'un import précédent",
            file=sys.stderr,
        )
        return 2
    written = importer.write(result, out)
    for line in result.report:
        print(line)
    framework, problems = check(out)
    if framework is None:
        print(format_problems(problems), file=sys.stderr)
        return 1
    print(
        f"{len(written)} fichiers écrits dans {out} : {len(framework.competencies)} compétences, "
        f"{len(framework.roles)} rôles, {len(framework.domains)} domaines ; les sources sont valides."
    )
    return 0


def _diff(root: Path, revision_a: str, revision_b: str) -> int:
    try:
        print(report(root, revision_a, revision_b))
    except RevisionError as error:
        print(f"{error} — vérifiez le nom de la branche ou du commit (git log --oneline)", file=sys.stderr)
        return 2
    return 0


def _diff_exports(file_a: str, file_b: str) -> int:
    try:
        print(export_report(Path(file_a), Path(file_b)))
    except ExportError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


def _seconds(value: float) -> str:
    return f"{value:.2f}".replace(".", ",") + "\u00a0s"


def _pdf(root: Path, framework: Framework, out: Path, chromium: str | None) -> int:
    if chromium is None:
        print(
            "chromium est introuvable — installez-le (apt-get install chromium) ou indiquez-le avec --chromium CHEMIN",
            file=sys.stderr,
        )
        return 2
    from playwright.sync_api import Error  # Playwright is loaded only to print

    from .pdf import RequestRefused, print_fiches

    config = siteconfig.read(root)
    site_name = (config.site_name if config else None) or framework.trade.title
    found = fiches(framework, site_name, config.site_url if config else None)
    start = time.perf_counter()
    try:
        timing = print_fiches(found, out, chromium, site_name, edition(framework))
    except RequestRefused as refused:
        print(f"une fiche demande un fichier extérieur, refusé : {refused} — signalez-le (anomalie)", file=sys.stderr)
        return 1
    except Error as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(f"Chromium n’a pas pu imprimer les fiches : {first} — vérifiez --chromium {chromium}", file=sys.stderr)
        return 1
    total = time.perf_counter() - start
    each = sum(timing.fiches) / len(timing.fiches) if timing.fiches else 0.0
    print(
        f"{len(found)} fiches écrites dans {out} ({len(framework.roles)} rôles, "
        f"{len(framework.career_paths)} parcours) en {_seconds(total)} : Chromium démarré en "
        f"{_seconds(timing.launch)}, {_seconds(each)} par fiche en moyenne."
    )
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
    if arguments.command == "import":  # it writes a project: no project root to find
        return _import(arguments.mapping, arguments.out)
    if arguments.command == "diff" and arguments.json:  # two files: no project needed
        return _diff_exports(arguments.revision_a, arguments.revision_b)
    root = _root(arguments.root)
    if root is None:
        return 2
    if arguments.command == "new":
        return _new(root, arguments.kind, arguments.id)
    if arguments.command == "diff":
        return _diff(root, arguments.revision_a, arguments.revision_b)
    if arguments.command in ("generate", "pdf") and (refusal := _out_problem(root, arguments.out)):
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
    if arguments.command == "pdf":
        return _pdf(root, framework, arguments.out, arguments.chromium)
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
    config = siteconfig.read(root)
    absent = unpublished(framework)
    dropped = [f"{entry} (ligne {line})" for entry, line in (config.nav or []) if entry in absent] if config else []
    if dropped:  # the hook drops them from the nav; a builder without it would warn
        print(
            "Pour un constructeur sans hooks, retirez de « nav: » dans mkdocs.yml les pages que ce référentiel "
            f"n'a pas : {', '.join(dropped)}",
            file=sys.stderr,
        )
    return 0
