"""The data downloads of the site (``/donnees/``): the files and the page that lists them.

``files`` gives every export as bytes at its path under docs/ (the hook adds them to the
build, ``referentiel generate`` writes them); ``page`` is the generated Markdown page
listing them with format, size, version, date and licence. Pure functions of the model.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass

from . import export_case, export_csv, export_json, export_skos, routes, self_assessment
from .layout import JOURNAL
from .model import Framework
from .pages import GeneratedPage, front_matter
from .text import inline

#: Nothing in the repository gives the content a licence (the generator's code is MIT):
#: said as it is rather than invented.
LICENCE = (
    "licence : non précisée (aucune licence n’est déclarée pour le contenu du référentiel ; "
    "le code du générateur est sous licence MIT)"
)

#: How to use the CASE package, on the page when it is published.
_CASE_USE = """- **Dans une plateforme de formation ou de gestion des talents** : importez
  `referentiel.case.json`, un paquet CASE 1.1 (norme 1EdTech) : le référentiel, ses domaines,
  compétences et rôles, leurs liens (compétences liées, équivalences ESCO, compétences requises
  par rôle, avec leur niveau) et les descripteurs de niveau comme grille d’évaluation (CFRubric).
  Les identifiants sont stables d’une version à l’autre.
"""


@dataclass(frozen=True)
class DataFile:
    path: str  # under docs/, e.g. "donnees/referentiel.json"
    content: bytes
    format: str  # French, for the page
    title: str  # French, for the page
    listed: bool = True  # in the page's table; an entity's own file is not (one per entity)

    @property
    def name(self) -> str:
        return posixpath.basename(self.path)


def _at(name: str) -> str:
    return f"{routes.DATA_FOLDER}/{name}"


#: Why the SKOS files are missing when they are: their concepts' IRIs are the pages' addresses.
NO_SITE_URL = (
    "Les fichiers SKOS ne sont pas publiés : leurs concepts sont nommés par l’adresse de leur page, "
    "et l’adresse du site (`site_url` dans `mkdocs.yml`) n’est pas déclarée."
)


def files(framework: Framework, site_url: str | None) -> list[DataFile]:
    """Every download, in the order of the page: the JSON, its schema, the CASE package (only
    with a journal, which gives the version's date), the SKOS files (when the site's address is
    known: it names their concepts), the CSV tables, the schema of the self-assessment's files."""
    document = export_json.document(framework)
    found = [
        DataFile(routes.DATA_JSON, export_json.dumps(document), "JSON", "Le référentiel complet"),
        DataFile(_at("referentiel.schema.json"), export_json.schema_bytes(), "JSON Schema",
                 "Le schéma du fichier JSON (JSON Schema 2020-12)"),
    ]
    if document["date"] is not None:  # CASE dates every record: without a journal there is no date to give
        found.append(DataFile(
            _at("referentiel.case.json"), export_json.dumps(export_case.package(document)), "CASE 1.1 (CFPackage)",
            "Le référentiel pour les plateformes de formation et de gestion des talents",
        ))
    if site_url:
        nodes = export_skos.graph(document, site_url)
        found += [
            DataFile(_at("referentiel.skos.jsonld"), export_skos.jsonld(nodes), "SKOS en JSON-LD",
                     "Les compétences, les niveaux et le glossaire comme vocabulaire SKOS"),
            DataFile(_at("referentiel.skos.ttl"), export_skos.turtle(nodes), "SKOS en Turtle",
                     "Le même vocabulaire SKOS, en Turtle"),
        ]
    found += [
        DataFile(_at(f"{table.name}.csv"), export_csv.to_csv(table), "CSV", table.title)
        for table in export_csv.tables(document)
    ]
    found.append(DataFile(routes.SELF_ASSESSMENT_SCHEMA, self_assessment.schema_bytes(), "JSON Schema",
                          "Le schéma des fichiers d’auto-évaluation (JSON Schema 2020-12)"))
    return found + entity_files(document)


def entity_files(document: export_json.JSON) -> list[DataFile]:
    """Each entity's own file (``routes.entity_data``), that its page links to: its object of the
    JSON document, with the document's format, version and date. One small file per entity: the
    cost and the size grow with the entities as the pages do (about the JSON document once more)."""
    head = {key: document[key] for key in ("format", "version", "date")}
    return [
        DataFile(routes.entity_data(kind, item["id"]), export_json.dumps({**head, "kind": kind, "entity": item}),
                 "JSON", item.get("title") or item.get("term") or item["id"], listed=False)
        for kind in routes.ENTITY_DATA_FOLDERS
        for item in document[kind]
    ]


def size(count: int) -> str:
    """"380 329 octets": the exact size, thousands separated by a no-break space."""
    return f"{count:,}".replace(",", "\u00a0") + "\u00a0octets"


#: The page's description (its meta description) and the start of its first paragraph.
DESCRIPTION = "Le référentiel est publié aussi comme données, tirées des mêmes sources validées que les pages"


def _rows(downloads: Sequence[DataFile]) -> str:
    here = posixpath.dirname(routes.DATA)
    return "".join(
        f"| [{inline(f.name)}]({posixpath.relpath(f.path, here)}) | {inline(f.title)} | {f.format} "
        f"| {size(len(f.content))} |\n"
        for f in downloads
        if f.listed
    )


def _fiches_section(fiches: Sequence[DataFile]) -> str:
    """The printable fiches, when the build was given them (referentiel/fiches.py); nothing otherwise."""
    if not fiches:
        return ""
    return f"""
## Fiches à imprimer

Une fiche PDF par rôle (fiche de poste type : missions, niveaux requis et ce que chacun demande)
et par parcours (compétences à développer et formations qui y mènent), tirées des mêmes sources,
avec la version du référentiel et l’adresse de la page en ligne. Les fichiers PDF sont balisés
(titres, listes et tableaux lisibles par les lecteurs d’écran).

| Fichier | Contenu | Format | Taille |
|---|---|---|---|
{_rows(fiches)}"""


def page(
    framework: Framework, downloads: list[DataFile], site_url: str | None, fiches: Sequence[DataFile] = ()
) -> GeneratedPage:
    here = posixpath.dirname(routes.DATA)
    rows = _rows(downloads)
    if framework.journal:
        latest = framework.journal[0]
        journal = posixpath.relpath(routes.JOURNAL, here)
        version = f"{inline(latest.version)} du {inline(latest.date)} (voir le [journal des versions]({journal}))"
    else:
        version = f"non précisée (le référentiel n’a pas de journal des versions, {JOURNAL.file})"
    case = _CASE_USE if any(f.name == "referentiel.case.json" for f in downloads) else ""
    assessment = posixpath.relpath(routes.SELF_ASSESSMENT, here)
    content = front_matter(DESCRIPTION, None) + f"""# Données

{DESCRIPTION} :
rien ne peut différer entre le site et les fichiers.

- Version : {version}.
- Licence : {LICENCE.removeprefix("licence : ")}.

| Fichier | Contenu | Format | Taille |
|---|---|---|---|
{rows}{"" if site_url else chr(10) + NO_SITE_URL + chr(10)}
## Utiliser ces fichiers

- **Dans un tableur** (LibreOffice Calc, Excel) : ouvrez un fichier CSV. Il est encodé en UTF-8
  avec une marque d’ordre d’octets (les accents s’affichent sans réglage), les cellules sont
  séparées par des points-virgules et le texte est entre guillemets. Si le tableur demande les
  options d’import, choisissez « UTF-8 », le séparateur « point-virgule » et les guillemets
  droits comme délimiteur de texte. Une cellule qui contient une liste (les missions d’une
  compétence, les équivalents anglais d’un terme) en donne un élément par ligne. Un texte qui
  commence par `=`, `+`, `-` ou `@` est précédé d’une apostrophe, pour qu’aucun tableur ne le
  prenne pour une formule.
- **Dans un programme** : lisez `referentiel.json` ; sa forme est décrite par
  `referentiel.schema.json`. Chaque entité y a son identifiant stable (le nom de son fichier
  source) et l’adresse de sa page (`page`, relative à la racine du site). Les écarts des
  parcours y sont calculés comme sur les pages. Chaque entité a aussi son propre fichier, que
  sa page signale par un lien « Données » : `donnees/competences/<identifiant>.json` (et de même
  `domaines`, `missions`, `roles`, `parcours`, `formations`, `glossaire`, `livrables`), qui
  contient son objet du fichier complet avec la version et la date.
{case}- **Dans un outil de thésaurus ou de données liées** (Skosmos, VocBench, un triplestore) : chargez
  `referentiel.skos.jsonld` (JSON-LD, contexte inclus : rien à télécharger) ou
  `referentiel.skos.ttl` (Turtle), le même graphe SKOS. Il contient trois sortes de schémas de
  concepts : les compétences sous leurs domaines (`skos:broader`), avec leurs compétences liées
  et leurs termes (`skos:related`), leurs équivalences ESCO (`skos:exactMatch`) et leurs fiches
  ROME (`skos:relatedMatch` : une fiche ROME décrit un métier, pas une compétence) ; les niveaux
  de chaque échelle (`skos:notation` : leur numéro) ; le glossaire, avec les équivalents anglais
  de ses termes (libellés `@en`). Chaque concept est nommé par l’adresse de sa page sur ce site.
  Les descripteurs de niveau de chaque compétence sont dans le JSON, les CSV et le paquet CASE.
- **Une auto-évaluation** : le fichier qu’exporte la page [Auto-évaluation]({assessment}) suit
  `{posixpath.basename(routes.SELF_ASSESSMENT_SCHEMA)}` ; la page vérifie avec ce schéma le fichier
  qu’on lui donne à importer.
- Les colonnes des fichiers CSV portent les noms des champs du JSON. Les identifiants relient les
  tables entre elles (par exemple `exigences.csv` : un rôle, une compétence, un niveau).
{_fiches_section(fiches)}"""
    return GeneratedPage(routes.DATA, content, routes.DATA_FOLDER)


def publish(
    framework: Framework, site_url: str | None, fiches: Sequence[DataFile] = ()
) -> tuple[GeneratedPage, list[DataFile]]:
    """The downloads page and the files it lists: what the hook and ``generate`` add to the site,
    with the printable fiches when the build was given them. ``site_url``: the site's address
    (``mkdocs.yml``), with its final "/"."""
    found = files(framework, site_url)
    return page(framework, found, site_url, fiches), [*found, *fiches]
