"""Helpers for the tests: a buildable copy of a project, the vendored data, and the real
commands run either in this process or as a subprocess.

``check`` and ``build`` run in-process: the same code as ``referentiel check`` and
``mkdocs build --strict`` (``cli.main``; MkDocs' ``load_config`` + ``build`` between the
plugins' startup and shutdown events, as its command line does), with what the contributor
would read captured the way the command prints it: stdout then stderr, MkDocs' log lines as
``LEVEL    -  message``, a traceback if anything escapes, the exit code the command would
return. ``check_process`` and ``build_process`` run the real commands in a subprocess, for
tests whose point is the process boundary (exit code, no traceback on stderr).
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import chdir, contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import yaml
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.utils import DuplicateFilter

from referentiel import cli

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE = FIXTURES / "mini"


@dataclass
class Run:
    code: int
    output: str  # stdout and stderr together, as a contributor sees them


def fixture(relative: str) -> Path:
    """A vendored data file under tests/fixtures/; a missing one fails the test (never skips it)."""
    path = FIXTURES / relative
    assert path.is_file() and path.stat().st_size > 0, f"missing test data: tests/fixtures/{relative}"
    return path


def found(pattern: str | re.Pattern[str], text: str, flags: int = 0) -> re.Match[str]:
    """The first match of ``pattern`` in ``text``; no match fails the test, showing where it looked."""
    match = re.search(pattern, text, flags)
    assert match is not None, f"no match for {pattern!r} in {text[:500]!r}"
    return match


class _MkDocsConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as data: ``!!python/name:x`` as the name ``x``, ``!ENV [VAR, default]`` as its default."""


_MkDocsConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: suffix)
_MkDocsConfigLoader.add_constructor(
    "!ENV", lambda loader, node: loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None
)


def mkdocs_config(root: Path = REPO) -> dict[str, Any]:
    """The project's mkdocs.yml read as data, without MkDocs (its tags are for MkDocs only)."""
    config: dict[str, Any] = yaml.load((root / "mkdocs.yml").read_text("utf-8"), _MkDocsConfigLoader)
    return config


def run_process(args: list[str], cwd: Path) -> Run:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)
    return Run(done.returncode, done.stdout + done.stderr)


def make_project(target: Path, sources: Path = FIXTURE) -> Path:
    """A buildable project: the repository's mkdocs.yml and hand-written pages, and ``sources``
    (with its own deliverables: the repository's cite the repository's competencies)."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("framework", "competencies", "glossary"):
        if (sources / folder).is_dir():  # a référentiel may have no glossary
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


def check_process(project: Path) -> Run:
    """``python -m referentiel --root PROJECT check`` in a subprocess."""
    return run_process([sys.executable, "-m", "referentiel", "--root", str(project), "check"], project)


def build_process(project: Path, *extra: str) -> Run:
    """``python -m mkdocs build --strict [extra…]`` in a subprocess, in the project folder."""
    return run_process([sys.executable, "-m", "mkdocs", "build", "--strict", *extra], project)


def run_referentiel(project: Path, *arguments: str) -> Run:
    """``referentiel --root PROJECT arguments…`` in-process, in the project folder."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with chdir(project), redirect_stdout(stdout), redirect_stderr(stderr):
        try:
            code = cli.main(["--root", str(project), *arguments])
        except SystemExit as error:  # argparse
            code = error.code if isinstance(error.code, int) else 1
        except Exception:  # noqa: BLE001 — any exception: what Python prints for an uncaught one, and its exit code
            traceback.print_exc()
            code = 1
    return Run(code, stdout.getvalue() + stderr.getvalue())


def check(project: Path) -> Run:
    """``referentiel --root PROJECT check``, in-process."""
    return run_referentiel(project, "check")


# `mkdocs build` options understood in-process, and the `load_config` setting each gives.
_VALUED = {"--site-dir": "site_dir", "-d": "site_dir", "--config-file": "config_file", "-f": "config_file",
           "--theme": "theme", "-t": "theme"}
_FLAGS = {"--use-directory-urls": ("use_directory_urls", True), "--no-directory-urls": ("use_directory_urls", False),
          "--strict": ("strict", True), "-s": ("strict", True), "--clean": ("clean", True), "-c": ("clean", True)}


def _build_options(extra: tuple[str, ...]) -> dict[str, object] | None:
    """The ``load_config`` settings for ``extra`` options, or None for any option not listed above."""
    options: dict[str, object] = {"strict": True}
    arguments = iter(extra)
    for argument in arguments:
        name, _, value = argument.partition("=")
        if name in _VALUED:
            options[_VALUED[name]] = value or next(arguments)
        elif argument in _FLAGS:
            key, flag = _FLAGS[argument]
            options[key] = flag
        else:
            return None
    options.pop("clean", None)  # the default: `mkdocs build` always cleans unless --dirty
    return options


class _LogLine(logging.Formatter):
    """MkDocs' command-line log format (``mkdocs.__main__.ColorFormatter``) on a stream that is
    not a terminal: no colour, no wrapping."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname:<8}-  {super().format(record)}"


@contextmanager
def _mkdocs_logging(stream: io.StringIO) -> Iterator[None]:
    """Log as ``mkdocs build`` does, for one build: the ``mkdocs`` logger at INFO on ``stream``,
    not propagated; a fresh duplicate filter on the build log (the command line adds one per
    process: kept across builds, it would hide a message an earlier build printed, and keep
    it out of the strict-mode count); other loggers' warnings printed bare, as Python's
    last-resort handler prints them. (Python warnings, which the command logs at INFO, are
    left to pytest.)"""
    logger = logging.getLogger("mkdocs")
    saved = logger.level, logger.propagate, logger.handlers[:]
    handler = logging.StreamHandler(stream)
    handler.setFormatter(_LogLine())
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(logging.INFO)
    duplicates = DuplicateFilter()
    mkdocs_build.log.addFilter(duplicates)
    others = logging.StreamHandler(stream)
    others.setLevel(logging.WARNING)
    logging.getLogger().addHandler(others)
    try:
        yield
    finally:
        logging.getLogger().removeHandler(others)
        mkdocs_build.log.removeFilter(duplicates)
        logger.setLevel(saved[0])
        logger.propagate, logger.handlers = saved[1], saved[2]


def build(project: Path, *extra: str) -> Run:
    """``mkdocs build --strict [extra…]`` of ``project``, in-process (as a subprocess when
    ``extra`` holds an option this helper does not know)."""
    options = _build_options(extra)
    if options is None:
        return build_process(project, *extra)
    stdout, stderr = io.StringIO(), io.StringIO()
    # In the project folder, as the command is run: some settings are relative to it (snippets' base_path).
    with chdir(project), _mkdocs_logging(stderr), redirect_stdout(stdout), redirect_stderr(stderr):
        try:
            config = load_config(**options)  # type: ignore[arg-type]
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build.build(config, dirty=False)
            finally:
                config.plugins.on_shutdown()
            code = 0
        except click.ClickException as error:  # MkDocs' Abort and ConfigurationError, shown as click shows them
            error.show()
            code = error.exit_code
        except Exception:  # noqa: BLE001 — any exception, printed and exited on as `mkdocs build` would
            traceback.print_exc()
            code = 1
    return Run(code, stdout.getvalue() + stderr.getvalue())


# --- bad input: mutations of a project, and the report they must give ---------------------

Mutation = Callable[[Path], object]  # called for its effect on the project; what it returns is ignored


def edit(relative: str, old: str, new: str) -> Mutation:
    """Replace the first ``old`` of a project file by ``new`` (the text must be there)."""
    def mutate(project: Path) -> None:
        path = project / relative
        text = path.read_text("utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), "utf-8")

    return mutate


def write(relative: str, content: str | bytes) -> Mutation:
    """Write a project file (its folders made), text as UTF-8 or bytes as they are."""
    def mutate(project: Path) -> None:
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")

    return mutate


def assert_reported(output: str, expected: list[str]) -> None:
    """Each expected line starts a line of ``output``, with a fix after " — "; no traceback."""
    assert "Traceback" not in output, output
    lines = output.splitlines()
    for fragment in expected:
        found = [line for line in lines if line.startswith(fragment)]
        assert found, f"missing {fragment!r} in:\n{output}"
        assert " — " in found[0], f"no fix suggested in {found[0]!r}"
