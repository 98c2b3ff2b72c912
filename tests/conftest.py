"""Shared fixtures: a small project copied into a tmp dir, and helpers that run the real commands."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini"
SHARED = REPO.parent / "shared"


@dataclass
class Run:
    code: int
    output: str  # stdout and stderr together, as a contributor sees them


def _run(args: list[str], cwd: Path) -> Run:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    return Run(done.returncode, done.stdout + done.stderr)


def make_project(target: Path, sources: Path = FIXTURE) -> Path:
    """A buildable project: the repository's mkdocs.yml and hand-written pages, and ``sources``
    (with its own deliverables: the repository's cite the repository's competencies)."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("framework", "competencies", "glossary"):
        shutil.copytree(sources / folder, target / folder)
    shutil.copytree(REPO / "docs", target / "docs", ignore=shutil.ignore_patterns("livrables"))
    shutil.copytree(REPO / "modeles", target / "modeles")
    if (sources / "docs" / "livrables").is_dir():
        shutil.copytree(sources / "docs" / "livrables", target / "docs" / "livrables")
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    hook = (REPO / "hooks" / "referentiel_hook.py").as_posix()
    config = config.replace("- hooks/referentiel_hook.py", f"- {hook}")
    config = config.replace("custom_dir: overrides", f"custom_dir: {(REPO / 'overrides').as_posix()}")
    (target / "mkdocs.yml").write_text(config, "utf-8")
    return target


def without_hook(project: Path, docs_dir: Path | None = None) -> Path:
    """Turn a project into a plain MkDocs project: no hook, and ``docs_dir`` (the folder
    `referentiel generate --out` wrote) as its docs folder when given."""
    config = project / "mkdocs.yml"
    text = re.sub(r"hooks:\n  - .*\n", "", config.read_text("utf-8"))
    config.write_text(text + (f"\ndocs_dir: {docs_dir.as_posix()}\n" if docs_dir else ""), "utf-8")
    return project


def check(project: Path) -> Run:
    return _run([sys.executable, "-m", "referentiel", "--root", str(project), "check"], project)


def build(project: Path, *extra: str) -> Run:
    return _run([sys.executable, "-m", "mkdocs", "build", "--strict", *extra], project)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project built once; returns its site/ folder."""
    root = make_project(tmp_path_factory.mktemp("mini") / "project")
    run = build(root)
    assert run.code == 0, run.output
    return root / "site"
