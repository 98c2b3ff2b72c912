"""The printable fiches: `referentiel pdf` run on fixture projects, each PDF read back with
pdftotext (every requirement row with its descriptor, every gap row with its trainings, the
version, date and page address), tagged; hostile text kept as text; the build publishing and
linking the fiches only when given their folder, and refusing a folder that does not match."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import FIXTURES, assert_reported, build, make_project, run_referentiel
from hostile import make_hostile_project
from referentiel import fiches, fields, routes
from referentiel.fiches import INVENTORY
from referentiel.load import load_framework
from referentiel.model import UNDESCRIBED, UNSPECIFIED, Framework, Role
from referentiel.pdf import RequestRefused, print_fiches
from referentiel.text import french_date

SITE_URL = "https://institut-imoa.github.io/referentiel-moa/"
SITE_NAME = "Référentiel MOA"
IMPORTANCE = "role.requirements[].importance"


def _tools() -> str:
    """Chromium's path; skipped (failed when CI=true) without Chromium or poppler-utils."""
    missing = [tool for tool in ("chromium", "pdftotext", "pdfinfo") if shutil.which(tool) is None]
    if missing:
        reason = f"{', '.join(missing)} missing: run `.ci/run` as root, or `apt-get install chromium poppler-utils`"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the fiches tests must run)", pytrace=False)
        pytest.skip(reason)
    return shutil.which("chromium") or ""


def squeezed(text: str) -> str:
    """Text without white space: on paper, lines break anywhere in a cell or a paragraph."""
    return re.sub(r"[\s\u00a0\u202f]+", "", text)


@dataclass
class Printed:
    project: Path
    out: Path
    framework: Framework
    output: str
    rows_fit: bool = True  # no table row longer than a page (false for hostile text, many payloads a cell)

    def pdf(self, path: str) -> Path:
        return self.out / path.rsplit("/", 1)[-1]

    def paper(self, path: str, footers: bool = False) -> str:
        """The fiche's text as pdftotext reads it, in the order Chromium wrote it (a cell's lines
        together); without the page footers unless asked (they fall between the halves of a
        paragraph a page break cuts)."""
        raw = subprocess.run(["pdftotext", "-raw", str(self.pdf(path)), "-"], capture_output=True, text=True,
                             check=True).stdout
        footer = re.compile(rf"^(?:{re.escape(SITE_NAME)}, version .*|https://\S+|page \d+ sur \d+)$")
        return squeezed("\n".join(line for line in raw.splitlines() if footers or not footer.match(line.strip())))

    def tagged(self, path: str) -> str:
        """The fiche's text in its structure tree's order (what a screen reader reads): a table
        cell is whole even when its row runs over two pages; footers are artifacts, not in it."""
        tree = subprocess.run(["pdfinfo", "-struct-text", str(self.pdf(path))], capture_output=True, text=True,
                              check=True).stdout
        return squeezed("".join(re.findall(r'^\s*"(.*)"$', tree, re.MULTILINE)))


def _print(project: Path, out: Path, rows_fit: bool = True) -> Printed:
    _tools()
    run = run_referentiel(project, "pdf", "--out", str(out))
    assert run.code == 0, run.output
    return Printed(project, out, load_framework(project), run.output, rows_fit)


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    folder = tmp_path_factory.mktemp("fiches-mini")
    return _print(make_project(folder / "project"), folder / "fiches")


@pytest.fixture(scope="module")
def partial(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """The fixture with omissions (no strict mode): levels not given, levels not described."""
    folder = tmp_path_factory.mktemp("fiches-partial")
    return _print(make_project(folder / "project", FIXTURES / "partial"), folder / "fiches")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    folder = tmp_path_factory.mktemp("fiches-hostile")
    return _print(make_hostile_project(folder).root, folder / "fiches", rows_fit=False)


def _blocks(value: str | None) -> list[str]:
    return [block for block in re.split(r"\n\s*\n", (value or "").strip()) if block.strip()]


def role_texts(framework: Framework, role: Role) -> list[str]:
    """What a role's fiche must show: its title, family, texts, missions, and one row per
    requirement: competency, required level, importance, that level's descriptor."""
    texts = [role.title, f"Famille : {role.family}", *_blocks(role.summary), *_blocks(role.description)]
    for mission_id in role.missions:
        mission = framework.missions[mission_id]
        texts.append(f"{mission.title} : {mission.summary}")
    for requirement in role.requirements:
        competency = framework.competencies[requirement.competency]
        level = requirement.level
        descriptor = UNSPECIFIED if level is None else competency.levels.get(level, UNDESCRIBED)
        texts.append(" ".join((
            competency.title, framework.level_label(competency.id, level),
            fields.label(requirement.importance, IMPORTANCE), descriptor,
        )))
    texts += [f"ROME : {code}" for code in role.rome]
    return texts


def path_texts(framework: Framework, origin: Role, target: Role) -> tuple[list[str], int, int]:
    """What a career path's fiche must show: one row per gap line (competency, levels, gap,
    importance, trainings) and each training's details; with the counts of gaps and trainings."""
    gaps = framework.gap(origin, target)
    texts = [f"{origin.title} → {target.title}"]
    trainings = {}
    for gap in gaps:
        difference = UNSPECIFIED if gap.difference is None else f"+{gap.difference}"
        names = " ; ".join(training.title for training in gap.trainings) or "aucune formation référencée"
        texts.append(" ".join((
            gap.competency.title, framework.level_label(gap.competency.id, gap.now),
            framework.level_label(gap.competency.id, gap.required), difference,
            fields.label(gap.importance, IMPORTANCE), names,
        )))
        trainings.update({training.id: training for training in gap.trainings})
    for training in trainings.values():
        details = f"{training.provider} · {fields.label(training.format, 'training.format')} · {training.duration}"
        texts.append(f"{training.title} ({details}) : {training.summary}{f' {training.url}' if training.url else ''}")
    return texts, len(gaps), len(trainings)


_WORD = re.compile(r'<word xMin="(-?[\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', re.DOTALL)


def _outside_the_paper(pdf: Path) -> list[str]:
    """Words pdftotext places beyond a page's left or right edge (cut off on paper)."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [
        word for width, body in _PAGE.findall(boxes) for left, right, word in _WORD.findall(body)
        if float(left) < 0 or float(right) > float(width)
    ]


def _assert_on_paper(printed: Printed, path: str, page: str, texts: list[str]) -> None:
    """Every text in the tagged structure and, for rows that fit on a page, on paper; nothing
    cut off at the page's edge; the version, the date and the page's address on it."""
    outside = _outside_the_paper(printed.pdf(path))
    assert not outside, f"{path}: words off the paper: {outside[:10]}"
    paper, tagged = printed.paper(path), printed.tagged(path)
    for expected in texts:
        assert squeezed(expected) in tagged, f"{path}: « {expected[:200]} » is not in the tagged text"
        if printed.rows_fit:
            assert squeezed(expected) in paper, f"{path}: « {expected[:200]} » is not on the paper"
    whole = printed.paper(path, footers=True)
    newest = printed.framework.journal[0]
    assert squeezed(f"{SITE_NAME}, version {newest.version} du {french_date(newest.date)}") in whole, path
    assert squeezed(f"{SITE_URL}{routes.page_url(page)}") in whole, path


def _fiches_of(printed: Printed) -> tuple[int, int, int, int]:
    """Check every fiche of a printed project; (requirement rows, gap rows, trainings, fiches)."""
    framework = printed.framework
    rows = gaps = trainings = 0
    for role in framework.roles.values():
        texts = role_texts(framework, role)
        rows += len(role.requirements)
        _assert_on_paper(printed, routes.role_fiche(role.id), routes.role(role.id), texts)
    for career_path in framework.career_paths:
        origin, target = framework.roles[career_path.origin], framework.roles[career_path.target]
        texts, count, used = path_texts(framework, origin, target)
        gaps, trainings = gaps + count, trainings + used
        page = routes.career_path(origin.id, target.id)
        _assert_on_paper(printed, routes.career_path_fiche(career_path.id), page, texts)
    pdfs = sorted(path.name for path in printed.out.glob("*.pdf"))
    return rows, gaps, trainings, len(pdfs)


def test_every_fiche_holds_its_rows_descriptors_trainings_version_and_address(mini: Printed) -> None:
    rows, gaps, trainings, count = _fiches_of(mini)
    framework = mini.framework
    assert count == len(framework.roles) + len(framework.career_paths) == 5
    assert rows >= 6 and gaps >= 2 and trainings >= 1, (rows, gaps, trainings)
    assert f"{count} fiches écrites dans {mini.out}" in mini.output
    assert re.search(r"Chromium démarré en \d+,\d\d\u00a0s, \d+,\d\d\u00a0s par fiche en moyenne", mini.output)


def test_what_the_sources_leave_out_is_shown_as_missing(partial: Printed) -> None:
    """A required level not given reads « non précisé », a level not described « non décrit »."""
    _fiches_of(partial)
    every = "".join(partial.paper(path.name) for path in partial.out.glob("*.pdf"))
    assert squeezed(UNSPECIFIED) in every and squeezed(UNDESCRIBED) in every


def test_fiches_are_tagged_pdf_in_french_with_a_title(mini: Printed) -> None:
    for role in mini.framework.roles.values():
        pdf = mini.out / routes.role_fiche(role.id).rsplit("/", 1)[-1]
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
        assert re.search(r"^JavaScript:\s+no$", info, re.MULTILINE), info
        assert f"Title:           {role.title} — fiche de poste type — {SITE_NAME}" in info
        structure = subprocess.run(["pdfinfo", "-struct", str(pdf)], capture_output=True, text=True,
                                   check=True).stdout
        for element in ("H1", "H2", *(["L (block)", "LI"] if role.missions else []), "Table", "TR", "TH", "TD"):
            assert re.search(rf"^\s*{re.escape(element)}(?:[\s:]|$)", structure, re.MULTILINE), (element, structure)
        assert "/Scope /Column" in structure  # header cells say what they head
        assert b"/Lang (fr)" in pdf.read_bytes()


def test_hostile_text_stays_text(hostile: Printed) -> None:
    """Every text a fiche shows, with every payload of tests/hostile.py, is on the paper as
    typed; the PDFs hold no script and link only to the site and the trainings' pages."""
    rows, gaps, _, count = _fiches_of(hostile)
    assert count >= 20 and rows and gaps
    every = "".join(hostile.paper(path.name) for path in hostile.out.glob("*.pdf"))
    for payload in ("<script>alert('script')</script>", "<img src=x onerror=alert('img')>", "{{ 7 * 7 }}",
                    "&lt;script&gt;alert('entite')&lt;/script&gt;", '" onmouseover="alert(\'guillemet\')" x="'):
        assert squeezed(payload) in every, payload
    for pdf in hostile.out.glob("*.pdf"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^JavaScript:\s+no$", info, re.MULTILINE), pdf.name
        listed = subprocess.run(["pdfinfo", "-url", str(pdf)], capture_output=True, text=True, check=True).stdout
        urls = {line.split(None, 2)[2] for line in listed.splitlines()[1:] if line.strip()}
        assert any(url.startswith(SITE_URL) for url in urls), pdf.name  # the page's address
        assert all(re.match(r"https?://", url) for url in urls), (pdf.name, urls)


def test_a_fiche_asking_for_anything_outside_is_refused(tmp_path: Path) -> None:
    """Defence in depth: were a value ever printed unescaped, the browser would load nothing."""
    chromium = _tools()
    leaking = fiches.Fiche(
        "donnees/fiches/role-x.pdf", SITE_URL, "x",
        '<!DOCTYPE html><html lang="fr"><title>x</title><img src="http://127.0.0.1:9/x.png" alt="">',
    )
    with pytest.raises(RequestRefused, match=r"role-x\.pdf : http://127\.0\.0\.1:9/x\.png"):
        print_fiches([leaking], tmp_path, chromium, SITE_NAME, None)
    assert not (tmp_path / "role-x.pdf").exists() and not (tmp_path / INVENTORY).exists()


def _links(site: Path) -> dict[str, list[str]]:
    """Every link to a PDF in every page of a built site, resolved to a path under the site."""
    found: dict[str, list[str]] = {}
    for page in site.rglob("*.html"):
        for href in re.findall(r'href="([^"#?]+\.pdf)"', page.read_text("utf-8")):
            target = (page.parent / href).resolve()
            found.setdefault(page.parent.relative_to(site).as_posix(), []).append(
                target.relative_to(site.resolve()).as_posix())
    return found


def test_the_build_publishes_and_links_the_fiches_it_is_given(
    mini: Printed, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    """With REFERENTIEL_FICHES, every role and path page links its fiche, /donnees/ lists each
    with its size, and every linked file is on the site, the bytes printed; without it, none."""
    project = make_project(tmp_path / "project")
    assert build(project).code == 0
    assert not _links(project / "site") and not (project / "site" / routes.FICHES_FOLDER).exists()
    monkeypatch.setenv("REFERENTIEL_FICHES", str(mini.out))
    run = build(project)
    assert run.code == 0, run.output
    site = project / "site"
    links = _links(site)
    framework = mini.framework
    expected = {
        **{routes.page_url(routes.role(r)).rstrip("/"): routes.role_fiche(r) for r in framework.roles},
        **{
            routes.page_url(routes.career_path(p.origin, p.target)).rstrip("/"): routes.career_path_fiche(p.id)
            for p in framework.career_paths
        },
    }
    for page, fiche in expected.items():
        assert links.get(page) == [fiche], (page, links.get(page))
        assert (site / fiche).read_bytes() == (mini.out / fiche.rsplit("/", 1)[-1]).read_bytes()
    assert sorted(links["donnees"]) == sorted(expected.values())
    data = (site / "donnees" / "index.html").read_text("utf-8")
    rows = {
        link[1]: row
        for row in re.findall(r"<tr>.*?</tr>", data, re.DOTALL)
        if (link := re.search(r'href="([^"]+)"', row))
    }
    for fiche in expected.values():
        size = f"{(site / fiche).stat().st_size:,}".replace(",", "\u00a0")
        assert f"<td>{size}\u00a0octets</td>" in rows[fiche.removeprefix("donnees/")], fiche
    assert {page for page in links if page not in expected} == {"donnees"}


def test_the_build_refuses_fiches_that_do_not_match_the_sources(mini: Printed, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A fiche printed from other sources, one missing, one changed since, a folder not there:
    each named with what to do, the build stopped, no site."""
    folder = tmp_path / "fiches"
    shutil.copytree(mini.out, folder)
    project = make_project(tmp_path / "project")
    role = project / "framework" / "roles" / "charge-operation.yml"
    role.write_text(role.read_text("utf-8").replace("summary: Conduit une opération.", "summary: Autre."), "utf-8")
    (folder / "role-referent-bim.pdf").unlink()
    with (folder / "parcours-assistant-operation-vers-charge-operation.pdf").open("ab") as pdf:
        pdf.write(b"%")
    monkeypatch.setenv("REFERENTIEL_FICHES", str(folder))
    run = build(project)
    assert run.code == 1
    remake = f" — {fiches.REMAKE}"
    changed = folder / "parcours-assistant-operation-vers-charge-operation.pdf"
    assert_reported(run.output, [
        f"{folder}/role-charge-operation.pdf:1:1: fiche imprimée depuis d’autres sources que celles-ci{remake}",
        f"{folder}/role-referent-bim.pdf:1:1: fiche absente{remake}",
        f"{changed}:1:1: fiche modifiée depuis son impression{remake}",
    ])
    assert not any((project / "site").glob("**/*.html"))
    monkeypatch.setenv("REFERENTIEL_FICHES", str(tmp_path / "nowhere"))
    run = build(project)
    assert run.code == 1 and f"{tmp_path / 'nowhere'}:1:1: dossier des fiches introuvable{remake}" in run.output
    (folder / INVENTORY).write_text("[]", "utf-8")
    monkeypatch.setenv("REFERENTIEL_FICHES", str(folder))
    run = build(project)
    assert run.code == 1 and f"{folder}/{INVENTORY}:1:1: inventaire des fiches absent ou illisible" in run.output


def test_the_command_refuses_a_folder_of_the_sources_and_a_missing_chromium(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "project")
    run = run_referentiel(project, "pdf", "--out", str(project / "docs" / "fiches"))
    assert run.code == 2 and "fait partie des sources" in run.output
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    run = run_referentiel(project, "pdf", "--out", str(tmp_path / "fiches"))
    assert (run.code, run.output.strip()) == (
        2, "chromium est introuvable — installez-le (apt-get install chromium) ou indiquez-le avec --chromium CHEMIN"
    )
    assert not (tmp_path / "fiches").exists()
