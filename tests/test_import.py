"""``referentiel import``: CSV files and a mapping → a source tree that passes ``check``.

Two shapes of référentiel are covered: one table of competencies whose last column lists the
roles (the UK DDaT framework, committed as ``examples/ddat``), and separate tables of
competencies, roles and requirements with words for levels and importances (small CSV files
written here, the shape of ESCO's occupation–skill relations). Every problem of a mapping or a
CSV file is reported at its line and column, all at once.
"""

from __future__ import annotations

import csv
import filecmp
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import REPO, assert_reported, build, check, run_referentiel
from referentiel.importer import MANIFEST
from site_html import read_page

DDAT = REPO / "examples" / "ddat"
ESCO = REPO / "examples" / "esco-construction"

MAPPING = """\
trade:
  title: Un référentiel importé
  summary: Résumé déclaré par le fichier de correspondance.
  description: Description déclarée par le fichier de correspondance.
  sources:
    - title: Source d’origine
scale:
  title: Niveaux
  summary: Trois niveaux.
  levels:
    - {level: 1, label: Notions}
    - {level: 2, label: Pratique}
    - {level: 3, label: Expertise}
  sources:
    - title: Source d’origine
domains:
  - {id: gestion, title: Gestion, summary: Le domaine de gestion., order: 1}
  - {id: technique, title: Technique, summary: Le domaine technique., order: 2}
sources:
  - title: Source d’origine
competencies:
  file: competences.csv
  separator: ";"
  title: Intitulé
  description: Description
  key: Code
  kind: {column: Type, values: {connaissance: savoir, aptitude: savoir-faire}}
  status: {value: current}
  domain: {column: Domaine, values: {G: gestion, T: technique}}
roles:
  file: roles.csv
  separator: ";"
  title: Métier
  key: Code
  family: {column: Famille}
requirements:
  file: exigences.csv
  separator: ";"
  role: Métier
  competency: Compétence
  level: {column: Niveau, values: {notions: 1, pratique: 2, expert: 3}}
  importance: {column: Relation, values: {essentielle: essential, facultative: optional}}
"""

COMPETENCIES = """\
Code;Intitulé;Description;Type;Domaine
C1;Budget de l’opération;Tenir le budget, ligne par ligne;aptitude;G
C2;Droit de la commande publique;"Connaître les règles ;
et leurs exceptions";connaissance;G
C3;Réception des travaux;;aptitude;T
"""

ROLES = """\
Code;Métier;Famille
M1;Chargée d’opération;Conduite d’opération
M2;Responsable technique;Technique
"""

REQUIREMENTS = """\
Métier;Compétence;Niveau;Relation
M1;C1;expert;essentielle
M1;C2;;facultative
M2;C3;pratique;
"""


def _project(tmp: Path, files: dict[str, str] | None = None, encoding: str = "utf-8") -> tuple[Path, Path]:
    """An import folder (mapping + CSV files) and an empty output folder."""
    folder = tmp / "project" / "import"
    folder.mkdir(parents=True)
    sources = {"mapping.yml": MAPPING, "competences.csv": COMPETENCIES, "roles.csv": ROLES,
               "exigences.csv": REQUIREMENTS, **(files or {})}
    for name, text in sources.items():
        if name.endswith(".csv") and encoding == "latin-1":
            text = text.replace("’", "'")  # not in Latin-1
        (folder / name).write_bytes(text.encode(encoding if name.endswith(".csv") else "utf-8"))
    return folder / "mapping.yml", tmp / "project"


def _import(mapping: Path, out: Path) -> Any:
    return run_referentiel(out if (out / "mkdocs.yml").exists() else REPO, "import", str(mapping), "--out", str(out))


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


def test_tables_of_competencies_roles_and_requirements(tmp_path: Path) -> None:
    mapping, out = _project(tmp_path)
    run = _import(mapping, out)
    assert run.code == 0, run.output
    assert "3 compétences, 2 rôles, 2 domaines ; les sources sont valides." in run.output
    budget = _yaml(out / "competencies/budget-de-l-operation.yml")
    assert budget == {
        "id": "budget-de-l-operation", "title": "Budget de l’opération", "domain": "gestion", "kind": "savoir-faire",
        "status": "current", "description": "Tenir le budget, ligne par ligne",
        "sources": [{"title": "Source d’origine"}],
    }
    law = _yaml(out / "competencies/droit-de-la-commande-publique.yml")
    assert law["description"] == "Connaître les règles ;\net leurs exceptions"  # a line break inside a cell
    assert law["kind"] == "savoir"
    assert "description" not in _yaml(out / "competencies/reception-des-travaux.yml")  # an empty cell: no field
    role = _yaml(out / "framework/roles/chargee-d-operation.yml")
    assert role["family"] == "Conduite d’opération"
    assert role["requirements"] == [
        {"competency": "budget-de-l-operation", "level": 3, "importance": "essential"},
        {"competency": "droit-de-la-commande-publique", "importance": "optional"},  # no level: « non précisé »
    ]
    assert _yaml(out / "framework/roles/responsable-technique.yml")["requirements"] == [
        {"competency": "reception-des-travaux", "level": 2},  # no importance: essential by default
    ]
    assert check(out).code == 0


def test_latin1_is_read_when_declared_and_explained_when_not(tmp_path: Path) -> None:
    mapping, out = _project(tmp_path, encoding="latin-1")
    run = _import(mapping, out)
    assert run.code == 1
    # the first byte that is not UTF-8: the "é" of each header (columns counted in bytes)
    assert_reported(run.output, [
        ("import/competences.csv:1:13: ce fichier n'est pas en UTF-8 — indiquez « encoding: latin-1 » pour ce "
        "fichier dans le fichier de correspondance (un export de tableur ancien), ou enregistrez-le en UTF-8"),
        ("import/exigences.csv:1:2: ce fichier n'est pas en UTF-8 — indiquez « encoding: latin-1 » pour ce "
        "fichier dans le fichier de correspondance (un export de tableur ancien), ou enregistrez-le en UTF-8"),
        ("import/roles.csv:1:7: ce fichier n'est pas en UTF-8 — indiquez « encoding: latin-1 » pour ce "
        "fichier dans le fichier de correspondance (un export de tableur ancien), ou enregistrez-le en UTF-8"),
    ])
    text = MAPPING.replace("  file: competences.csv\n", "  file: competences.csv\n  encoding: latin-1\n")
    text = text.replace("  file: roles.csv\n", "  file: roles.csv\n  encoding: latin-1\n")
    text = text.replace("  file: exigences.csv\n", "  file: exigences.csv\n  encoding: latin-1\n")
    mapping.write_text(text, "utf-8")
    run = _import(mapping, out)
    assert run.code == 0, run.output
    assert _yaml(out / "competencies/budget-de-l-operation.yml")["title"] == "Budget de l'opération"


@pytest.mark.parametrize(("old", "new", "at", "expected"), [
    ("  title: Intitulé\n", "  title: Titre\n", ("  title: Titre", 10),
     ("colonne inconnue dans import/competences.csv : « Titre » — "
     "colonnes du fichier : Code, Intitulé, Description, Type, Domaine")),
    ("  role: Métier\n", "  role: Poste\n", ("  role: Poste", 9),
     ("colonne inconnue dans import/exigences.csv : « Poste » — "
     "colonnes du fichier : Métier, Compétence, Niveau, Relation")),
    ("  separator: \";\"\n  title: Intitulé", "  title: Intitulé", ("  title: Intitulé", 10),
     ("colonne inconnue dans import/competences.csv : « Intitulé » — "
     "l'en-tête n'a qu'une colonne : indiquez « separator: \";\" » pour competencies")),
    ("  status: {value: current}\n", "  status: {value: current, column: Type}\n",
     ("  status: {value: current, column: Type}", 11),
     ("« value » et « column » ensemble — "
     "gardez « value » (la même valeur pour toutes les lignes) ou « column », pas les deux")),
    ("  title: Intitulé\n", "", ("  file: competences.csv", 3), "champ obligatoire manquant : « title »"),
])
def test_mapping_problems(tmp_path: Path, old: str, new: str, at: tuple[str, int], expected: str) -> None:
    text = MAPPING.replace(old, new, 1)
    assert text != MAPPING
    mapping, out = _project(tmp_path, {"mapping.yml": text})
    run = _import(mapping, out)
    assert run.code == 1
    line = text.splitlines().index(at[0]) + 1
    assert_reported(run.output, [f"import/mapping.yml:{line}:{at[1]}: {expected}"])
    assert not (out / "competencies").exists()  # nothing written


def test_every_problem_of_the_data_at_once(tmp_path: Path) -> None:
    competencies = COMPETENCIES + "C4;;Sans intitulé;aptitude;G\nC5;Hors domaine;;aptitude;X\n"
    requirements = REQUIREMENTS + "M1;C9;expert;essentielle\nM2;C1;maître;essentielle\nM2;C2;notions;parfois\n"
    mapping, out = _project(tmp_path, {"competences.csv": competencies, "exigences.csv": requirements})
    run = _import(mapping, out)
    assert run.code == 1
    lines = [line.removeprefix(str(out) + "/") for line in run.output.splitlines()]
    for expected in (
        "import/competences.csv:6:2: identifiant vide : la cellule ne contient ni lettre ni chiffre",
        "import/competences.csv:7:5: valeur inconnue : « X » — ajoutez « X: … » à « values » de competencies.domain",
        ("import/exigences.csv:5:2: compétence inconnue : « C9 » — la clé doit figurer dans la colonne « key » "
        "du fichier de « competencies »"),
        ("import/exigences.csv:6:3: valeur inconnue : « maître » — ajoutez « maître: … » à « values » de "
        "requirements.level dans le fichier de correspondance (valeurs possibles : notions, pratique, expert)"),
        "import/exigences.csv:7:4: valeur inconnue : « parfois »",
    ):
        assert any(line.startswith(expected) for line in lines), f"{expected!r} not in {run.output}"
    assert not (out / "competencies").exists()


def test_identical_labels_are_merged_or_told_apart_with_a_report(tmp_path: Path) -> None:
    competencies = COMPETENCIES + (
        "C1bis;Budget de l’opération;Tenir le budget, ligne par ligne;aptitude;G\n"  # the same: merged
        "C6;Réception des travaux;Une autre description;aptitude;T\n"  # another: -2
    )
    mapping, out = _project(tmp_path, {"competences.csv": competencies})
    run = _import(mapping, out)
    assert run.code == 0, run.output
    assert "import/competences.csv:6: compétence identique à celle de la ligne 2, fusionnée" in run.output
    assert "import/competences.csv:7: même intitulé que la ligne 5, identifiant « reception-des-travaux-2 »" in (
        run.output)
    assert _yaml(out / "competencies/reception-des-travaux-2.yml")["description"] == "Une autre description"
    assert len(list((out / "competencies").glob("*.yml"))) == 4


def test_rerunning_is_idempotent_and_removes_only_its_own_stale_files(tmp_path: Path) -> None:
    mapping, out = _project(tmp_path)
    assert _import(mapping, out).code == 0
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.yml") if "import" not in p.parts}
    assert _import(mapping, out).code == 0
    again = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.yml") if "import" not in p.parts}
    assert first == again
    (out / "competencies/ours.yml").write_text("id: ours\n", "utf-8")  # not the import's: kept
    shorter = COMPETENCIES.replace("C3;Réception des travaux;;aptitude;T\n", "")
    (mapping.parent / "competences.csv").write_text(shorter, "utf-8")
    (mapping.parent / "exigences.csv").write_text(REQUIREMENTS.replace("M2;C3;pratique;\n", ""), "utf-8")
    _import(mapping, out)
    assert not (out / "competencies/reception-des-travaux.yml").exists()
    assert not (out / "framework/roles/responsable-technique.yml").exists()  # it required nothing left
    assert (out / "competencies/ours.yml").exists()


def test_refuses_to_overwrite_sources_it_did_not_write(tmp_path: Path) -> None:
    mapping, out = _project(tmp_path)
    (out / "framework").mkdir()
    (out / "framework/trade.yml").write_text("title: Le nôtre\n", "utf-8")
    run = _import(mapping, out)
    assert run.code == 2
    assert "contient déjà des sources qui ne viennent pas d'un import (framework/trade.yml…)" in run.output
    assert (out / "framework/trade.yml").read_text("utf-8") == "title: Le nôtre\n"
    assert not (out / MANIFEST).exists()


# --- the DDaT example, committed under examples/ddat ---------------------------------------

def _ddat_rows() -> list[dict[str, str]]:
    with (DDAT / "import/skills.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.mark.parametrize(("example", "counts"), [
    (DDAT, "188 compétences, 51 rôles, 1 domaines"), (ESCO, "795 compétences, 32 rôles, 3 domaines"),
], ids=["ddat", "esco"])
def test_the_committed_examples_are_what_the_import_writes(tmp_path: Path, example: Path, counts: str) -> None:
    copy = tmp_path / example.name
    shutil.copytree(example / "import", copy / "import")
    run = _import(copy / "import/mapping.yml", copy)
    assert run.code == 0, run.output
    assert counts in run.output
    for folder in ("competencies", "framework"):
        comparison = filecmp.dircmp(example / folder, copy / folder)
        stack = [comparison]
        while stack:
            current = stack.pop()
            assert not (current.left_only or current.right_only or current.diff_files), (
                f"{example.name} differs from a fresh import in {current.left}: rerun "
                f"`referentiel import examples/{example.name}/import/mapping.yml --out examples/{example.name}`"
            )
            stack += current.subdirs.values()


def test_the_example_loses_nothing_and_invents_nothing() -> None:
    rows = _ddat_rows()
    cells = {cell for row in rows for cell in row.values()} | {
        name.strip() for row in rows for name in row["Roles that require Skill"].split(",")
    }
    competencies = [_yaml(path) for path in sorted((DDAT / "competencies").glob("*.yml"))]
    assert len(competencies) == len(rows) == 188  # every row, no title given twice
    assert {c["title"] for c in competencies} == {row["Skill Name"] for row in rows}
    undescribed = "This skill level is currently not defined."
    by_title = {c["title"]: c for c in competencies}
    for row in rows:
        levels = by_title[row["Skill Name"]].get("levels", {})
        for number, column in enumerate(("Awareness", "Working", "Practitioner", "Expert"), start=1):
            expected = row[column] if row[column] and row[column] != undescribed else None
            assert levels.get(number) == expected, (row["Skill Name"], column)
    roles = [_yaml(path) for path in (DDAT / "framework/roles").glob("*.yml")]
    assert {r["title"] for r in roles} == {n.strip() for row in rows for n in row["Roles that require Skill"].split(
        ",") if n.strip()}
    assert not _invented(DDAT, cells)


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for item in value.values() for t in _texts(item)]
    if isinstance(value, list):
        return [t for item in value for t in _texts(item)]
    return []


def _invented(example: Path, cells: set[str]) -> list[str]:
    """Every text of the example's competencies and roles that is neither a cell of its CSV files
    (as the import reads them: trimmed) nor written in its mapping."""
    mapping = (example / "import/mapping.yml").read_text("utf-8")
    cells = cells | {cell.strip() for cell in cells}
    ids = ("id", "kind", "status", "domain", "requirements")  # identifiers and allowed values, not text
    entities = [
        _yaml(path) for folder in ("competencies", "framework/roles") for path in (example / folder).glob("*.yml")
    ]
    return [
        f"{entity['id']}: {text!r}"
        for entity in entities
        for text in _texts({k: v for k, v in entity.items() if k not in ids})
        if text not in cells and text not in mapping
    ]


def _strict_site(example: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built ``--strict`` with its own mkdocs.yml, with no warning at all."""
    site = tmp_path_factory.mktemp(example.name) / "site"
    run = build(example, "-d", str(site))
    assert run.code == 0, run.output
    assert "WARNING" not in run.output, run.output
    return site


@pytest.fixture(scope="module")
def ddat_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _strict_site(DDAT, tmp_path_factory)


def test_the_example_builds_strict_and_shows_what_is_missing(ddat_site: Path) -> None:
    pages = list(ddat_site.rglob("index.html"))
    assert len(pages) >= 188 + 51
    role = read_page(ddat_site, "roles/frontend-developer/")
    assert "Accessibility" in role.text and "non précisé" in role.text
    undefined = next(row for row in _ddat_rows() if row["Awareness"] == "This skill level is currently not defined.")
    competency = read_page(ddat_site, f"competences/{_slug(undefined['Skill Name'])}/")
    assert "non décrit" in competency.text
    assert "This skill level is currently not defined." not in competency.text
    scale = read_page(ddat_site, "niveaux/")
    assert "Practitioner" in scale.text and "non décrit" in scale.text
    for absent in ("institut", "journal", "glossaire", "formations", "parcours", "livrables", "missions"):
        assert not (ddat_site / absent).exists(), absent


def _slug(title: str) -> str:
    from referentiel.text import slugify

    return slugify(title)


# --- the ESCO example: separate tables, essential or optional, no level at all -------------

def _esco(name: str) -> list[dict[str, str]]:
    with (ESCO / "import" / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_the_esco_example_keeps_every_relation_and_no_level() -> None:
    skills = {row["conceptUri"]: row for row in _esco("skills.csv")}
    occupations = {row["conceptUri"]: row for row in _esco("occupations.csv")}
    relations = _esco("occupation_skill_relations.csv")
    assert not (ESCO / "framework/scale.yml").exists()  # ESCO has no proficiency levels
    competencies = {c["crosswalks"]["esco"][0]: c for c in map(_yaml, (ESCO / "competencies").glob("*.yml"))}
    assert competencies.keys() == skills.keys()
    for uri, competency in competencies.items():
        assert competency["title"] == skills[uri]["preferredLabel"].strip()  # cells are read trimmed
        kinds = {"knowledge": "savoir", "skill/competence": "savoir-faire"}
        assert competency["kind"] == kinds[skills[uri]["skillType"]]
        assert "levels" not in competency
    roles = {r["title"]: r for r in map(_yaml, (ESCO / "framework/roles").glob("*.yml"))}
    assert roles.keys() == {row["preferredLabel"].strip() for row in occupations.values()}
    by_id = {c["id"]: uri for uri, c in competencies.items()}
    found = {
        (role["title"], by_id[q["competency"]], q.get("importance", "essential"))
        for role in roles.values() for q in role["requirements"]
    }
    assert all("level" not in q for role in roles.values() for q in role["requirements"])
    expected = {
        (occupations[r["occupationUri"]]["preferredLabel"].strip(), r["skillUri"], r["relationType"]) for r in relations
    }
    assert found == expected and len(found) == 1657
    every_cell = {cell for table in (skills, occupations) for row in table.values() for cell in row.values()}
    assert not _invented(ESCO, every_cell)  # titles, descriptions, families, ESCO URIs: all from the files


@pytest.fixture(scope="module")
def esco_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _strict_site(ESCO, tmp_path_factory)


def test_the_esco_example_builds_strict_without_a_scale(esco_site: Path) -> None:
    assert not (esco_site / "niveaux").exists()
    role = read_page(esco_site, "roles/civil-engineer/").text
    assert "non précisé" in role and "essentielle" in role and "optionnelle" in role
    competency = next((esco_site / "competences").glob("*/index.html")).read_text("utf-8")
    assert ">Niveaux<" not in competency
    data = (esco_site / "donnees/referentiel.json").read_text("utf-8")
    assert '"scale": null' in data


def test_a_level_without_a_scale_is_reported(tmp_path: Path) -> None:
    project = tmp_path / "esco"
    for folder in ("framework", "competencies"):
        shutil.copytree(ESCO / folder, project / folder)
    role = project / "framework/roles/civil-engineer.yml"
    text = role.read_text("utf-8")
    first = text.index("- competency:")
    line = text[:first].count("\n") + 2
    role.write_text(text.replace("- competency:", "- level: 2\n  competency:", 1), "utf-8")
    run = check(project)
    assert run.code == 1
    assert_reported(run.output, [
        f"framework/roles/civil-engineer.yml:{line - 1}:10: niveau 2 sans échelle : framework/scale.yml est absent — "
        + "créez framework/scale.yml avec ses niveaux, ou retirez ce niveau",
    ])
