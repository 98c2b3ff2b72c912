"""Fixtures only; the helpers live in tests/helpers.py, imported from there by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import build, make_project


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
