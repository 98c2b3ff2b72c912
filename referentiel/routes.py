"""Where every page of the site sits: paths under docs/, relative, ending in ``.md``.

The one owner of routes. Pages are planned from these functions and constants, templates
link with them, the hook finds the glossary with them, and the ids and file names that
would collide with a generated page are derived from them (``reserved_ids``,
``generated_urls``), so ``referentiel check`` and the build always agree.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

from .layout import ACCESSIBILITY as ACCESSIBILITY_KIND
from .layout import COMPETENCY, DELIVERABLE, DOCS_FOLDER, MISSION, NAMED_SCALE, ROLE, TRAINING, Kind

TRADE = "metier/index.md"
SCALE = "niveaux/index.md"
INSTITUTE = "institut/index.md"
MISSIONS = "missions/index.md"
COMPETENCIES = "competences/index.md"
EMERGING = "competences/emergentes.md"
GLOSSARY = "glossaire/index.md"
ROLES = "roles/index.md"
CAREER_PATHS = "parcours/index.md"
MATRIX = "matrice/index.md"
#: The one comparison page: the reader picks the roles, a script reads the JSON export.
COMPARE = "comparer/index.md"
#: The self-assessment: the reader rates themselves against a role, a script reads the JSON export.
SELF_ASSESSMENT = "auto-evaluation/index.md"
TRAININGS = "formations/index.md"
JOURNAL = "journal/index.md"
FIELDS = "contribuer/champs.md"
#: The data downloads (referentiel/downloads.py): their page, and the folder the files are in.
DATA_FOLDER = "donnees"
DATA = f"{DATA_FOLDER}/index.md"
#: The whole framework as JSON, read in the browser by the comparison page.
DATA_JSON = f"{DATA_FOLDER}/referentiel.json"
#: Each entity's own data file (``entity_data``), by the JSON document's list it is drawn from:
#: the folder under donnees/ its file is in, named as its pages' folder.
ENTITY_DATA_FOLDERS: Mapping[str, str] = MappingProxyType({
    "domains": "domaines", "missions": "missions", "competencies": "competences", "roles": "roles",
    "paths": "parcours", "trainings": "formations", "glossary": "glossaire", "deliverables": "livrables",
})

#: The printable fiches (PDF, referentiel/fiches.py), made by `referentiel pdf` outside the build.
FICHES_FOLDER = f"{DATA_FOLDER}/fiches"

#: The JSON Schema of the files the self-assessment exports and imports (read by its script too).
SELF_ASSESSMENT_SCHEMA = f"{DATA_FOLDER}/auto-evaluation.schema.json"

#: The accessibility statement, there only when the project has framework/accessibility.yml.
ACCESSIBILITY = "accessibilite/index.md"
#: Deliverables are hand-written pages: their route is their file's place under docs/.
DELIVERABLES_FOLDER = posixpath.relpath(DELIVERABLE.folder or "", DOCS_FOLDER)
DELIVERABLES = f"{DELIVERABLES_FOLDER}/index.md"
#: The listings of deliverables besides the one by date: view → how its title ends.
DELIVERABLE_VIEWS: Mapping[str, str] = MappingProxyType(
    {"communautes": "par communauté", "formats": "par format", "annees": "par année"}
)


def entity_data(kind: str, entity_id: str) -> str:
    """An entity's own data file: ``donnees/competences/<id>.json`` (``kind``: its list in the JSON document)."""
    return f"{DATA_FOLDER}/{ENTITY_DATA_FOLDERS[kind]}/{entity_id}.json"


def competency(competency_id: str) -> str:
    return f"competences/{competency_id}.md"


def mission(mission_id: str) -> str:
    return f"missions/{mission_id}.md"


def role(role_id: str) -> str:
    return f"roles/{role_id}.md"


def career_path(origin: str, target: str) -> str:
    """A career path's page, under its two roles (``parcours/<from>/<to>.md``)."""
    return f"parcours/{origin}/{target}.md"


def role_fiche(role_id: str) -> str:
    """A role's printable fiche de poste (PDF), among the downloads."""
    return f"{FICHES_FOLDER}/role-{role_id}.pdf"


def career_path_fiche(path_id: str) -> str:
    """A career path's printable fiche (PDF), named by the path's id (its file name)."""
    return f"{FICHES_FOLDER}/parcours-{path_id}.pdf"


def scale(scale_id: str) -> str:
    """A named scale's page (framework/scales/<id>.yml), next to the framework's scale."""
    return f"niveaux/{scale_id}.md"


def training(training_id: str) -> str:
    return f"formations/{training_id}.md"


def deliverable(deliverable_id: str) -> str:
    """A deliverable's own page (the hand-written file ``docs/livrables/<id>.md``)."""
    return f"{DELIVERABLES_FOLDER}/{deliverable_id}.md"


def deliverable_view(view: str) -> str:
    return f"{DELIVERABLES_FOLDER}/{view}.md"


#: Pages that exist whatever the sources hold (listings, the trade, the scale…).
FIXED: tuple[str, ...] = (
    TRADE, SCALE, INSTITUTE, MISSIONS, COMPETENCIES, EMERGING, GLOSSARY, ROLES, CAREER_PATHS, MATRIX, COMPARE,
    SELF_ASSESSMENT, TRAININGS, JOURNAL, FIELDS, DATA, DELIVERABLES,
    *(deliverable_view(view) for view in DELIVERABLE_VIEWS),
)

#: Pages drawn from an optional file, there only when the project has it: kind name → page.
OPTIONAL: Mapping[str, str] = MappingProxyType({ACCESSIBILITY_KIND.name: ACCESSIBILITY})

#: Kinds with one page per entity, named by its id: kind name → the page of an id.
ENTITY_PAGES: Mapping[str, Callable[[str], str]] = MappingProxyType({
    COMPETENCY.name: competency, MISSION.name: mission, ROLE.name: role, TRAINING.name: training,
    DELIVERABLE.name: deliverable, NAMED_SCALE.name: scale,
})


def page_url(page: str) -> str:
    """The URL folder a docs-relative page is served at (``use_directory_urls``):
    "roles/x.md" → "roles/x/", "roles/index.md" → "roles/", "index.md" → "".
    Only a last path segment named exactly ``index`` is an index page."""
    stem = page.removesuffix(".md")
    folder, _, name = stem.rpartition("/")
    if name == "index":
        return f"{folder}/" if folder else ""
    return f"{stem}/"


_FIXED_URLS: Mapping[str, str] = MappingProxyType({page_url(page): page for page in FIXED})


def reserved_ids(kind: Kind) -> frozenset[str]:
    """Ids of ``kind`` whose page would be served where a fixed page of the site is."""
    page = ENTITY_PAGES.get(kind.name)
    if page is None:
        return frozenset()
    names = {posixpath.basename(fixed).removesuffix(".md") for fixed in FIXED}
    return frozenset(name for name in names if page_url(page(name)) in _FIXED_URLS)


def generated_urls(known: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """URL → generated page, for every page drawn from one id (``known``: ids by kind name), every
    optional page whose file is there, and every fixed page. Deliverables are left out: their
    pages are the hand-written files."""
    urls = {
        page_url(route(entity_id)): route(entity_id)
        for kind_name, route in ENTITY_PAGES.items()
        if kind_name != DELIVERABLE.name
        for entity_id in known.get(kind_name, ())
    }
    optional = {page_url(page): page for kind_name, page in OPTIONAL.items() if known.get(kind_name)}
    return {**urls, **optional, **_FIXED_URLS}


def listing(page: str) -> str | None:
    """The listing a detail page is reached from, which stands for it in the navigation
    (breadcrumbs, active section): "competences/x.md" → "competences/index.md". None for a fixed
    page or a page outside the generated folders."""
    if page in FIXED or "/" not in page:
        return None
    found = f"{page.split('/', 1)[0]}/index.md"
    return found if found in FIXED else None
