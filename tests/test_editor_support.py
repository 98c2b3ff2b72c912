"""Contributors' editors and pre-commit know the project's schemas and checks."""

from __future__ import annotations

import json

import yaml

from helpers import REPO
from referentiel.layout import KINDS


def test_vscode_maps_every_yaml_kind_to_its_schema() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text("utf-8"))
    mapping = settings["yaml.schemas"]
    for kind in KINDS:
        if kind.pattern == "*.md":
            continue
        pattern = kind.file or f"{kind.folder}/*.yml"
        mapped = mapping.get(f"./referentiel/schemas/{kind.schema}")
        assert pattern in (mapped if isinstance(mapped, list) else [mapped]), kind.name  # a schema may serve two kinds
    for schema in mapping:
        assert (REPO / schema).is_file(), schema
    assert (
        "redhat.vscode-yaml" in json.loads((REPO / ".vscode" / "extensions.json").read_text("utf-8"))["recommendations"]
    )


def test_pre_commit_runs_the_check_on_sources() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert hook["entry"].endswith("referentiel check") and hook["pass_filenames"] is False
    for folder in ("framework", "competencies", "glossary", "docs"):
        assert folder in hook["files"]
