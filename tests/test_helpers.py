"""The test helpers run the real commands faithfully: an in-process build or check gives what
the command gives, builds in one process do not leak into each other, a crash still shows as
a traceback, and missing test data fails."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest

import referentiel.cli
import seed_runs
from helpers import FIXTURE, build, build_process, check, check_process, fixture, make_project

BUDGET = "competencies/piloter-budget.yml"


def _break(project: Path) -> None:
    path = project / BUDGET
    path.write_text(path.read_text("utf-8").replace("missions: [programmation,", "missions: [programation,"), "utf-8")


def _files(site: Path) -> dict[str, bytes]:
    """Every file of a built site; gzip files uncompressed (their header holds a date)."""
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            files[path.relative_to(site).as_posix()] = gzip.decompress(data) if path.suffix == ".gz" else data
    return files


def _log(output: str, project: Path) -> str:
    return re.sub(r"built in [\d.]+ seconds", "built in … seconds", output.replace(str(project), "PROJECT"))


def test_in_process_build_writes_what_the_command_writes(tmp_path: Path) -> None:
    """A failed build first, then the fixed sources: the second in-process build must give the
    same files and the same log as `mkdocs build --strict` in its own process."""
    real = make_project(tmp_path / "real")
    here = make_project(tmp_path / "here")
    _break(here)
    assert build(here).code == 1
    shutil.copy(FIXTURE / BUDGET, here / BUDGET)
    done, expected = build(here), build_process(real)
    assert (done.code, expected.code) == (0, 0), done.output + expected.output
    assert _log(done.output, here) == _log(expected.output, real)
    built, reference = _files(here / "site"), _files(real / "site")
    assert len(reference) > 30
    assert built.keys() == reference.keys()
    different = [name for name in reference if built[name] != reference[name].replace(b"/real/", b"/here/")]
    assert not different, different
    assert check(here).output == check_process(real).output


def test_repeated_in_process_builds_report_the_same_problems(project: Path) -> None:
    """MkDocs' command line filters repeated log messages once per process: kept across
    in-process builds, the filter would hide the second build's problems."""
    _break(project)
    first, second = build(project), build(project)
    assert first.code == second.code == 1
    assert "ERROR   -  Les sources du référentiel contiennent des erreurs" in second.output
    assert first.output == second.output


def test_strict_mode_counts_warnings_at_every_build(tmp_path: Path) -> None:
    """The count that fails a strict build, at every in-process build, as the command counts.
    (A plain MkDocs project: the count is MkDocs', and a plain build takes a tenth of a second.)"""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Page\n\n[Lien](nulle-part.md)\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Essai\n", "utf-8")
    runs = [build(tmp_path), build(tmp_path)]
    for run in runs:
        assert run.code == 1, run.output
        assert "WARNING -  Doc file 'index.md' contains a link 'nulle-part.md'" in run.output
        assert "Aborted with 1 warnings in strict mode!" in run.output
    assert build_process(tmp_path).output == runs[1].output


def test_a_crash_in_a_hook_shows_its_traceback(project: Path) -> None:
    hook = project / "crash_hook.py"
    hook.write_text("def on_config(config):\n    raise ValueError('boum')\n", "utf-8")
    config = project / "mkdocs.yml"
    hooks = f"hooks:\n  - {hook.as_posix()}\n"
    config.write_text(re.sub(r"hooks:\n  - .*\n", hooks, config.read_text("utf-8")), "utf-8")
    for run in build(project), build_process(project):
        assert run.code == 1
        assert "Traceback (most recent call last):" in run.output and "ValueError: boum" in run.output


def test_a_crash_in_check_shows_its_traceback(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(root: Path) -> None:
        raise ValueError("boum")

    monkeypatch.setattr(referentiel.cli, "check", crash)
    run = check(project)
    assert run.code == 1
    assert "Traceback (most recent call last):" in run.output and "ValueError: boum" in run.output


def test_missing_data_fails() -> None:
    with pytest.raises(AssertionError, match="missing test data: tests/fixtures/external/nope.csv"):
        fixture("external/nope.csv")


def test_seed_fingerprints_find_a_copied_run(tmp_path: Path) -> None:
    """The fingerprints written by `seed_runs.py` find a run of twelve words copied from a seed
    (case, apostrophes and line breaks aside), and nothing shorter."""
    seed = "Le maître d’ouvrage conduit un projet complexe inscrit dans une politique publique et garantit le coût."
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "000_seed.txt").write_text(seed, "utf-8")
    (tmp_path / "runs.json").write_text(seed_runs.main(tmp_path / "seeds"), "utf-8")
    fingerprints = seed_runs.load_fingerprints(tmp_path / "runs.json")
    assert list(fingerprints) == ["000_seed.txt"] and len(fingerprints["000_seed.txt"]) == 5
    copied = "Notre texte : LE MAÎTRE D'OUVRAGE conduit un projet\ncomplexe inscrit dans une politique publique et…"
    found = [text for text, hashed in seed_runs.runs(copied) if hashed in fingerprints["000_seed.txt"]]
    assert found == [
        "le maître d'ouvrage conduit un projet complexe inscrit dans une politique publique",
        "maître d'ouvrage conduit un projet complexe inscrit dans une politique publique et",
    ]
    shorter = "le maître d'ouvrage conduit un projet complexe inscrit dans une politique"  # eleven words
    assert not [hashed for _, hashed in seed_runs.runs(shorter) if hashed in fingerprints["000_seed.txt"]]
