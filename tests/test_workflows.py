"""The GitHub Actions workflows, validated offline against the published schema (check-jsonschema's vendored copy)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

from conftest import REPO, _run

WORKFLOWS = REPO / ".github" / "workflows"


def validate(*paths: Path):
    return _run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, paths)], REPO)


def test_workflows_match_the_github_schema() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert len(files) == 2
    run = validate(*files)
    assert run.code == 0, run.output


def test_a_broken_workflow_is_caught(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    data = yaml.safe_load((WORKFLOWS / "pull-request.yml").read_text("utf-8"))
    data["jobs"]["verifier"]["runs-on"] = 42
    data["jobs"]["verifier"]["steps"][0]["uses"] = ["not", "a", "string"]
    broken.write_text(yaml.safe_dump(data), "utf-8")
    assert validate(broken).code == 1


def test_pull_request_workflow_does_what_reviewers_need() -> None:
    text = (WORKFLOWS / "pull-request.yml").read_text("utf-8")
    for needed in ("referentiel check", "mkdocs build --strict", "make test", "referentiel diff", "createComment", "upload-artifact"):
        assert needed in text, needed
    deploy = yaml.safe_load((WORKFLOWS / "deploy.yml").read_text("utf-8"))
    assert deploy[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as True
    assert "actions/deploy-pages@v4" in (WORKFLOWS / "deploy.yml").read_text("utf-8")


def test_code_owners_cover_every_source_folder() -> None:
    owners = (REPO / ".github" / "CODEOWNERS").read_text("utf-8")
    for folder in ("/competencies/", "/glossary/", "/framework/roles/", "/framework/paths/", "/framework/trainings/", "/docs/livrables/"):
        assert folder in owners, folder
    assert (REPO / ".github" / "pull_request_template.md").is_file()
    assert shutil.which("git")
