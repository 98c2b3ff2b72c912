"""Where each kind of source lives in the project, and which schema it follows; the files of
a kind, and the files under a folder, as the checks and the loader see them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Kind:
    """A kind of source file: one file (``file``) or one file per entity in ``folder``."""

    name: str
    label: str  # French, for messages: "la compétence"
    plural: str  # French, for headings over several entries: "Compétences"
    schema: str
    folder: str | None = None
    file: str | None = None
    pattern: str = "*.y*ml"  # files of ``folder`` (.yml, .yaml); Markdown kinds are read from their front matter
    optional: bool = False  # a ``file`` the project may leave out (what it gives is then left out too)
    strict_required: bool = True  # an optional file strict mode still requires (the scale, the institute…)


TRADE = Kind("trade", "le métier", "Le métier", "trade.schema.json", file="framework/trade.yml")
SCALE = Kind(
    "scale", "l'échelle de niveaux", "L’échelle de niveaux", "scale.schema.json", file="framework/scale.yml",
    optional=True,  # a référentiel without levels (ESCO's relations say essential or optional, no level)
)
NAMED_SCALE = Kind(  # other scales, each named by its file name; a competency's ``scale`` picks one
    "named-scale", "l'échelle", "Autres échelles", "scale.schema.json", folder="framework/scales"
)
INSTITUTE = Kind(
    "institute", "l'institut", "L’institut", "institute.schema.json", file="framework/institute.yml", optional=True
)
JOURNAL = Kind(
    "journal", "le journal des versions", "Le journal des versions", "journal.schema.json",
    file="framework/journal.yml", optional=True,
)
#: The site's accessibility statement (RGAA): optional, no page and no footer link without it.
ACCESSIBILITY = Kind(
    "accessibility", "la déclaration d'accessibilité", "La déclaration d’accessibilité", "accessibility.schema.json",
    file="framework/accessibility.yml", optional=True, strict_required=False,
)
DOMAIN = Kind("domain", "le domaine", "Domaines", "domain.schema.json", folder="framework/domains")
MISSION = Kind("mission", "la mission", "Missions", "mission.schema.json", folder="framework/missions")
COMPETENCY = Kind("competency", "la compétence", "Compétences", "competency.schema.json", folder="competencies")
ROLE = Kind("role", "le rôle", "Rôles", "role.schema.json", folder="framework/roles")
CAREER_PATH = Kind("path", "le parcours", "Parcours", "path.schema.json", folder="framework/paths")
TRAINING = Kind("training", "la formation", "Formations", "training.schema.json", folder="framework/trainings")
DELIVERABLE = Kind(
    "deliverable", "le livrable", "Livrables", "deliverable.schema.json", folder="docs/livrables", pattern="*.md"
)
TERM = Kind("term", "le terme", "Glossaire", "term.schema.json", folder="glossary")

KINDS: tuple[Kind, ...] = (
    TRADE, SCALE, NAMED_SCALE, INSTITUTE, JOURNAL, ACCESSIBILITY, DOMAIN, MISSION, COMPETENCY, ROLE, CAREER_PATH,
    TRAINING, TERM, DELIVERABLE,
)

#: Folders whose Markdown pages are read (front matter) and published as they are.
DOCS_FOLDER = "docs"

#: Hand-written pages under docs/ (deliverables aside): their front matter follows this schema.
PAGE = Kind("page", "la page", "Pages", "page.schema.json", folder=DOCS_FOLDER, pattern="**/*.md")

#: The only folder a snippet line (``--8<-- "file"``) may include from; ``base_path`` of
#: ``pymdownx.snippets`` in mkdocs.yml says the same (a test pins both).
SNIPPETS_FOLDER = "modeles"

#: Where a project imported by ``referentiel import`` keeps its mapping file and CSV files.
IMPORT_FOLDER = "import"

#: The mapping file of ``referentiel import`` (read by the importer only, listed in the field reference).
IMPORT_MAPPING = Kind(
    "mapping", "le fichier de correspondance", "Correspondances d'import", "import.schema.json", folder=IMPORT_FOLDER
)

#: Top-level folders that hold no sources: YAML there is not looked for as misplaced.
NOT_SOURCES = frozenset({
    SNIPPETS_FOLDER, IMPORT_FOLDER, "tests", "benchmarks", "examples", "referentiel", "hooks", "overrides", "site",
    "node_modules",
})


def files(root: Path, kind: Kind) -> list[Path]:
    """The files of a kind in the project at ``root``: its one file (existing or not), or
    those of its folder that its pattern takes (an ``index.md`` aside), sorted."""
    if kind.file is not None:
        return [root / kind.file]
    folder = root / (kind.folder or "")
    return sorted(path for path in folder.glob(kind.pattern) if path.name != "index.md") if folder.is_dir() else []


def walk(folder: Path) -> Iterator[Path]:
    """Every file and folder under ``folder`` (hidden ones aside), not following symbolic links."""
    for current, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in folders + sorted(names):
            if not name.startswith("."):
                yield Path(current) / name


def source_folders(root: Path) -> list[Path]:
    """The top-level folders of ``root`` holding YAML sources (``framework``, ``competencies``,
    ``glossary``…, docs/ aside), those that exist: what ``mkdocs serve`` watches besides docs/."""
    names = {(kind.file or kind.folder or "").split("/")[0] for kind in KINDS} - {DOCS_FOLDER}
    return [root / name for name in sorted(names) if (root / name).is_dir()]
