"""The GitHub Actions workflows, validated offline against the published schema (check-jsonschema's vendored copy)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import REPO, Run, run_process

WORKFLOWS = REPO / ".github" / "workflows"


def validate(*paths: Path) -> Run:
    return run_process(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
        REPO,
    )


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


def _pull_request_steps() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((WORKFLOWS / "pull-request.yml").read_text("utf-8"))
    return {step.get("name", step.get("uses")): step for step in data["jobs"]["verifier"]["steps"]}


def test_pull_request_workflow_does_what_reviewers_need() -> None:
    steps = _pull_request_steps()
    runs = "\n".join(step.get("run", "") for step in steps.values())
    # The tests run through .ci/run (system packages, axe-core, then `make test`), exactly as CI does.
    for needed in ("make check", ".ci/run", "make build", "referentiel diff", "GITHUB_STEP_SUMMARY"):
        assert needed in runs, needed
    assert runs.count(".ci/run") == 1 and "make test" not in runs and "apt-get" not in runs
    assert any(step.get("uses", "").startswith("actions/upload-artifact@") for step in steps.values())
    deploy = yaml.safe_load((WORKFLOWS / "deploy.yml").read_text("utf-8"))
    assert deploy[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as True
    assert "actions/deploy-pages@v4" in (WORKFLOWS / "deploy.yml").read_text("utf-8")


def test_deployment_prints_the_fiches_then_builds_with_them() -> None:
    """The fiches are printed outside the build (tests/test_fiches.py), by Debian's Chromium, into
    the folder the strict build then publishes (REFERENTIEL_FICHES, read by mkdocs.yml), before upload."""
    job = yaml.safe_load((WORKFLOWS / "deploy.yml").read_text("utf-8"))["jobs"]["construire"]
    assert job["container"].startswith("python:3.11-bookworm")
    folder = job["env"]["REFERENTIEL_FICHES"]
    assert folder.startswith("/") and "REFERENTIEL_FICHES" in (REPO / "mkdocs.yml").read_text("utf-8")
    runs = [step.get("run", "") or step.get("uses", "") for step in job["steps"]]
    order = [
        next(i for i, run in enumerate(runs) if needed in run)
        for needed in ("apt-get install -y -qq chromium", 'referentiel pdf --out "$REFERENTIEL_FICHES"',
                       "mkdocs build --strict", "actions/upload-pages-artifact@")
    ]
    assert order == sorted(order), runs


def test_the_comment_is_skipped_on_forks() -> None:
    """A fork's pull request gets a read-only token: commenting would fail the job."""
    comment = _pull_request_steps()["Commenter la demande de fusion"]
    assert comment["if"] == "github.event.pull_request.head.repo.full_name == github.repository"


def _run_comment_script(comments: list[dict[str, Any]], diff: str, folder: Path) -> list[tuple[str, dict[str, Any]]]:
    """Run the workflow's github-script code in Node against a recording stand-in for the GitHub API."""
    node = shutil.which("node")
    if node is None:
        message = "node is missing: apt-get install nodejs (or run .ci/run as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    (folder / "referentiel-diff.md").write_text(diff, "utf-8")
    script = _pull_request_steps()["Commenter la demande de fusion"]["with"]["script"]
    harness = f"""
const calls = [];
const comments = {json.dumps(comments)};
const record = (name) => async (args) => {{ calls.push([name, args]); return {{ data: {{}} }}; }};
const github = {{
  paginate: async (method, args) => {{ calls.push(['listComments', args]); return comments; }},
  rest: {{ issues: {{
    listComments: 'listComments', createComment: record('createComment'), updateComment: record('updateComment'),
  }} }},
}};
const context = {{ repo: {{ owner: 'o', repo: 'r' }}, issue: {{ number: 7 }} }};
(async () => {{
{script}
}})().then(() => console.log(JSON.stringify(calls)), (error) => {{ console.error(error); process.exit(1); }});
"""
    done = subprocess.run([node, "-e", harness], cwd=folder, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return [(name, args) for name, args in json.loads(done.stdout)]


def test_one_sticky_comment_updated_on_every_push(tmp_path: Path) -> None:
    first = _run_comment_script(
        [{"id": 1, "user": {"type": "User"}, "body": "Merci !"}], "## Compétences\n- ajoutée", tmp_path
    )
    assert [name for name, _ in first] == ["listComments", "createComment"]
    posted = first[1][1]
    assert posted["issue_number"] == 7 and posted["body"].endswith("## Compétences\n- ajoutée")
    ours = {"id": 42, "user": {"type": "Bot"}, "body": posted["body"]}
    second = _run_comment_script(
        [{"id": 1, "user": {"type": "User"}, "body": "Merci !"}, ours], "## Rôles\n- modifié", tmp_path
    )
    assert [name for name, _ in second] == ["listComments", "updateComment"]
    assert second[1][1]["comment_id"] == 42 and second[1][1]["body"].endswith("## Rôles\n- modifié")
    # Someone quoting the marker in their own comment does not capture the bot's comment.
    quoted = {"id": 5, "user": {"type": "User"}, "body": posted["body"]}
    assert [name for name, _ in _run_comment_script([quoted], "x", tmp_path)] == ["listComments", "createComment"]


def test_ci_installs_the_system_packages_and_make_test_does_not() -> None:
    """`.ci/run` makes a clean Debian machine ready (as root) and runs the README's test command;
    `make test` installs no system package, it only says what is missing."""
    run = (REPO / ".ci" / "run").read_text("utf-8")
    steps = ("apt-get update", "chromium chromium-driver", "nodejs npm", "libreoffice-calc", "npm ci", "make test")
    for needed in steps:
        assert needed in run, needed
    assert run.rstrip().endswith("make test")
    makefile = (REPO / "Makefile").read_text("utf-8")
    assert "apt-get install" not in makefile.replace("sudo apt-get install", "")
    assert "--require-hashes" in makefile
    readme = (REPO / "README.md").read_text("utf-8")
    assert "make test" in readme and "make serve" in readme


def _run_ci_with_stub_make(tmp_path: Path, failing: str) -> tuple[int, list[str]]:
    """Run a copy of `.ci/run` with stand-ins for the system's commands: `make` records its
    target and fails on ``failing``; chromium, npm, soffice, apt-get and python3 do nothing."""
    (tmp_path / ".ci").mkdir(parents=True)
    shutil.copy(REPO / ".ci" / "run", tmp_path / ".ci" / "run")
    stubs = tmp_path / "bin"
    stubs.mkdir()
    log = tmp_path / "make.log"
    (stubs / "make").write_text(f'#!/bin/sh\necho "$*" >> "{log}"\n[ "$1" != "{failing}" ]\n', "utf-8")
    for name in ("chromium", "npm", "soffice", "apt-get", "python3"):  # python3: the venv probe, seconds otherwise
        (stubs / name).write_text("#!/bin/sh\nexit 0\n", "utf-8")
    for stub in stubs.iterdir():
        stub.chmod(0o755)
    env = {**os.environ, "PATH": f"{stubs}{os.pathsep}{os.environ['PATH']}"}
    bash = shutil.which("bash")
    assert bash is not None, "bash is needed to run .ci/run"
    done = subprocess.run(
        [bash, str(tmp_path / ".ci" / "run")], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
        check=False,
    )
    return done.returncode, log.read_text("utf-8").split() if log.exists() else []


def test_ci_runs_the_gates_before_the_tests_and_fails_with_them(tmp_path: Path) -> None:
    """`.ci/run` runs `make lint`, then `make test`; a lint failure fails CI before any test runs."""
    code, targets = _run_ci_with_stub_make(tmp_path / "green", failing="none")
    assert (code, targets) == (0, ["lint", "test"])
    code, targets = _run_ci_with_stub_make(tmp_path / "red", failing="lint")
    assert code != 0 and targets == ["lint"]
    makefile = (REPO / "Makefile").read_text("utf-8")
    recipe = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "$(BIN)/mypy" in recipe and "$(BIN)/ruff check" in recipe, recipe
    # The pull-request workflow runs the gates through .ci/run (checked above), pre-commit on Python files.
    hooks = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))["repos"][0]["hooks"]
    lint = next(hook for hook in hooks if hook["entry"] == "make lint")
    assert lint["types"] == ["python"] and lint["pass_filenames"] is False


def test_code_owners_cover_every_source_folder() -> None:
    owners = (REPO / ".github" / "CODEOWNERS").read_text("utf-8")
    for folder in (
        "/competencies/",
        "/glossary/",
        "/framework/roles/",
        "/framework/paths/",
        "/framework/trainings/",
        "/docs/livrables/",
    ):
        assert folder in owners, folder
    assert (REPO / ".github" / "pull_request_template.md").is_file()
    assert shutil.which("git")
