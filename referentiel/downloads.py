"""The data downloads of the site (``/donnees/``): the files and the page that lists them.

``files`` gives every export as bytes at its path under docs/ (the hook adds them to the
build, ``referentiel generate`` writes them); ``page`` is the generated Markdown page
listing them with format, size, version, date and licence. Pure functions of the model.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from . import export_case, export_csv, export_json, routes
from .model import Framework
from .pages import GeneratedPage, front_matter
from .text import inline

#: Nothing in the repository gives the content a licence (the generator's code is MIT):
#: said as it is rather than invented.
LICENCE = (
    "licence : non précisée (aucune licence n’est déclarée pour le contenu du référentiel ; "
    "le code du générateur est sous licence MIT)"
)


@dataclass(frozen=True)
class DataFile:
    path: str  # under docs/, e.g. "donnees/referentiel.json"
    content: bytes
    format: str  # French, for the page
    title: str  # French, for the page

    @property
    def name(self) -> str:
        return posixpath.basename(self.path)


def _at(name: str) -> str:
    return f"{routes.DATA_FOLDER}/{name}"


def files(framework: Framework) -> list[DataFile]:
    """Every download, in the order of the page: the JSON, its schema, the CASE package, the CSV tables."""
    document = export_json.document(framework)
    found = [
        DataFile(routes.DATA_JSON, export_json.dumps(document), "JSON", "Le référentiel complet"),
        DataFile(_at("referentiel.schema.json"), export_json.schema_bytes(), "JSON Schema",
                 "Le schéma du fichier JSON (JSON Schema 2020-12)"),
        DataFile(_at("referentiel.case.json"), export_json.dumps(export_case.package(document)), "CASE 1.1 (CFPackage)",
                 "Le référentiel pour les plateformes de formation et de gestion des talents"),
    ]
    found += [
        DataFile(_at(f"{table.name}.csv"), export_csv.to_csv(table), "CSV", table.title)
        for table in export_csv.tables(document)
    ]
    return found


def size(count: int) -> str:
    """"380 329 octets": the exact size, thousands separated by a no-break space."""
    return f"{count:,}".replace(",", "\u00a0") + "\u00a0octets"


#: The page's description (its meta description) and the start of its first paragraph.
DESCRIPTION = "Le référentiel est publié aussi comme données, tirées des mêmes sources validées que les pages"


def page(framework: Framework, downloads: list[DataFile]) -> GeneratedPage:
    latest = framework.journal[0]
    here = posixpath.dirname(routes.DATA)
    rows = "".join(
        f"| [{inline(f.name)}]({posixpath.relpath(f.path, here)}) | {inline(f.title)} | {f.format} "
        f"| {size(len(f.content))} |\n"
        for f in downloads
    )
    journal = posixpath.relpath(routes.JOURNAL, here)
    content = front_matter(DESCRIPTION, None) + f"""# Données

{DESCRIPTION} :
rien ne peut différer entre le site et les fichiers.

- Version : {inline(latest.version)} du {inline(latest.date)} (voir le [journal des versions]({journal})).
- Licence : {LICENCE.removeprefix("licence : ")}.

| Fichier | Contenu | Format | Taille |
|---|---|---|---|
{rows}
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
  parcours y sont calculés comme sur les pages.
- **Dans une plateforme de formation ou de gestion des talents** : importez
  `referentiel.case.json`, un paquet CASE 1.1 (norme 1EdTech) : le référentiel, ses domaines,
  compétences et rôles, leurs liens (compétences liées, équivalences ESCO, compétences requises
  par rôle, avec leur niveau) et les descripteurs de niveau comme grille d’évaluation (CFRubric).
  Les identifiants sont stables d’une version à l’autre.
- Les colonnes des fichiers CSV portent les noms des champs du JSON. Les identifiants relient les
  tables entre elles (par exemple `exigences.csv` : un rôle, une compétence, un niveau).
"""
    return GeneratedPage(routes.DATA, content, routes.DATA_FOLDER)


def publish(framework: Framework) -> tuple[GeneratedPage, list[DataFile]]:
    """The downloads page and the files it lists: what the hook and ``generate`` add to the site."""
    found = files(framework)
    return page(framework, found), found
