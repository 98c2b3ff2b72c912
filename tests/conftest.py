"""Fixtures only; the helpers live in tests/helpers.py (re-exported here for the tests that
import them from conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import (  # noqa: F401 (re-exported)
    FIXTURE,
    FIXTURES,
    REPO,
    Run,
    build,
    build_process,
    check,
    check_process,
    fixture,
    make_project,
    run_process,
    run_referentiel,
    without_hook,
)
from helpers import run_process as _run  # noqa: F401 (the former name)


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
