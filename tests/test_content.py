"""The repository's own content: valid, complete, sourced, written in our own words, built strictly."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from conftest import REPO, SHARED, _run, check
from referentiel.layout import KINDS
from referentiel.load import load_framework
from site_html import broken_links, read_page

SEEDS = SHARED / "seeds"
ESCO_SKILLS = SHARED / "data/external/esco-construction-subset/skills.csv"


@pytest.fixture(scope="module")
def framework():
    return load_framework(REPO)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("real") / "site"
    run = _run([__import__("sys").executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], REPO)
    assert run.code == 0, run.output
    assert "WARNING" not in run.output, run.output
    return site


def test_check_passes_on_the_repository() -> None:
    run = check(REPO)
    assert run.code == 0, run.output


def _sources() -> list[tuple[Path, str]]:
    files = []
    for kind in KINDS:
        paths = [REPO / kind.file] if kind.file else sorted((REPO / kind.folder).glob("*.yml"))
        files += [(path, kind.schema) for path in paths]
    return files


def test_every_source_declares_its_schema_for_editors() -> None:
    for path, schema in _sources():
        first = path.read_text("utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path.relative_to(REPO)}: first line must be the yaml-language-server modeline"
        target = (path.parent / match.group(1)).resolve()
        assert target == (REPO / "referentiel" / "schemas" / schema).resolve(), f"{path.relative_to(REPO)} → {match.group(1)}"


def test_starter_counts(framework) -> None:
    assert len(framework.missions) >= 4
    assert len(framework.competencies) >= 10
    assert len(framework.emerging) >= 3
    acronyms = {term.acronym for term in framework.terms.values()}
    assert {"MOA", "MOE", "AMO", "AMOA", "AMOE"} <= acronyms
    assert len(framework.scale.levels) >= 4


def test_every_entry_has_sources(framework) -> None:
    entries = [framework.trade, framework.scale, *framework.missions.values(), *framework.competencies.values(), *framework.terms.values()]
    for entry in entries:
        assert entry.sources, entry.path
    cited = {source.seed for entry in entries for source in entry.sources if source.seed}
    assert cited <= {path.name for path in SEEDS.glob("*.txt")}, "a seed is cited that does not exist"


def test_esco_uris_are_real(framework) -> None:
    with ESCO_SKILLS.open(encoding="utf-8", newline="") as handle:
        known = {row["conceptUri"] for row in csv.DictReader(handle)}
    for competency in framework.competencies.values():
        for uri in competency.esco:
            assert uri in known, f"{competency.path}: {uri} is not in the ESCO subset"


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’']+", text.casefold().replace("’", "'"))


def test_no_run_of_twelve_words_copied_from_a_seed() -> None:
    run = 12
    seed_runs: set[tuple[str, ...]] = set()
    for seed in SEEDS.glob("*.txt"):
        words = _words(seed.read_text("utf-8"))
        seed_runs.update(tuple(words[i : i + run]) for i in range(len(words) - run + 1))
    content = [path for path, _ in _sources()] + sorted((REPO / "docs").rglob("*.md"))
    for path in content:
        words = _words(path.read_text("utf-8"))
        copied = [" ".join(words[i : i + run]) for i in range(len(words) - run + 1) if tuple(words[i : i + run]) in seed_runs]
        assert not copied, f"{path.relative_to(REPO)} copies a seed: « {copied[0]} »"


def test_every_entity_has_its_page(framework, built_site: Path) -> None:
    for competency_id in framework.competencies:
        assert read_page(built_site, f"competences/{competency_id}/").find("h1"), competency_id
    for mission_id in framework.missions:
        assert read_page(built_site, f"missions/{mission_id}/").find("h1"), mission_id
    glossary = read_page(built_site, "glossaire/")
    for term_id in framework.terms:
        assert glossary.find("h3", id=term_id), term_id
    domains = read_page(built_site, "competences/")
    for domain_id in framework.domains:
        assert domains.find("h2", id=domain_id), domain_id


def test_every_cross_reference_is_a_working_link(built_site: Path) -> None:
    broken, checked = broken_links(built_site)
    assert not broken
    assert checked > 200
