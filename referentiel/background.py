"""Pages made in a second process while the site builder renders those already made.

Validating and rendering a large framework costs about a millisecond per entity; MkDocs
spends several per page. ``PageStream`` forks a worker that parses the sources, announces
the pages, sends each one as soon as it is rendered, and only then validates everything.
The builder takes each page when it needs it and asks for the verdict before it writes
anything: with problems, the verdict raises ``SourceError`` with every one of them, exactly
as ``check`` reports them. ``EagerPages`` is the same interface computed up front, for
callers that cannot fork (or should not: a server with threads).
"""

from __future__ import annotations

import multiprocessing
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .problems import Problem, SourceError

if TYPE_CHECKING:
    from .pages import Decorations

# The core's heavy imports (jsonschema, Jinja2) are made where they are used: in the worker,
# they load on the second core while MkDocs starts on the first.


class Pages(Protocol):
    def planned(self) -> list[tuple[str, str]]:
        """(path under docs/, source file) of every generated page, in build order."""

    def content(self, path: str) -> str:
        """The Markdown of one generated page."""

    def verdict(self) -> None:
        """Return when the sources are valid; raise ``SourceError`` otherwise."""

    def decorations(self) -> Decorations:
        """What the build adds to hand-written pages (available once ``planned`` returned)."""


class EagerPages:
    """Validate and render everything now; raises ``SourceError`` at once."""

    def __init__(self, root: Path) -> None:
        from .load import check
        from .pages import decorations, generate

        framework, problems = check(root)
        if framework is None:
            raise SourceError(problems)
        self._pages = {page.path: page for page in generate(framework)}
        self._decorations = decorations(framework)

    def planned(self) -> list[tuple[str, str]]:
        return [(page.path, page.source) for page in self._pages.values()]

    def content(self, path: str) -> str:
        return self._pages[path].content

    def verdict(self) -> None:
        return None

    def decorations(self) -> Decorations:
        return self._decorations


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class PageStream:
    """Validate and render in a forked worker; pages arrive while the caller works."""

    def __init__(self, root: Path) -> None:
        context = multiprocessing.get_context("fork")
        self._connection, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_work, args=(root, sender), daemon=True)
        self._process.start()
        sender.close()
        self._plan: list[tuple[str, str]] | None = None
        self._decorations: Decorations | None = None
        self._pages: dict[str, str] = {}
        self._render_failure: str | None = None
        self._problems: list[Problem] | None = None

    def planned(self) -> list[tuple[str, str]]:
        while self._plan is None and self._problems is None:
            self._receive()
        if self._plan is None:
            self.verdict()
            raise RuntimeError(f"aucune page prévue, sans problème signalé :\n{self._render_failure}")
        return self._plan

    def content(self, path: str) -> str:
        """The page's Markdown; empty when rendering failed (``verdict`` then says why)."""
        while path not in self._pages and self._render_failure is None and self._problems is None:
            self._receive()
        return self._pages.get(path, "")

    def decorations(self) -> Decorations:
        assert self._decorations is not None, "planned() first"
        return self._decorations

    def verdict(self) -> None:
        while self._problems is None:
            self._receive()
        if self._problems:
            raise SourceError(self._problems)
        if self._render_failure:
            raise RuntimeError(f"échec du rendu des pages avec des sources valides :\n{self._render_failure}")

    def _receive(self) -> None:
        try:
            kind, *payload = self._connection.recv()
        except EOFError:
            raise RuntimeError(f"le processus de génération s'est arrêté (code {self._process.exitcode})") from None
        match kind:
            case "plan":
                self._plan, self._decorations = payload
            case "page":
                self._pages[payload[0]] = payload[1]
            case "failed":
                self._render_failure = payload[0]
            case "verdict":
                self._problems = payload[0]
                self._connection.close()
                self._process.join()
            case "crash":
                raise RuntimeError(f"erreur interne du processus de génération :\n{payload[0]}")


def _work(root: Path, connection: Connection) -> None:
    """In the worker: pages first, optimistically, from the parsed sources; then the full verdict."""

    from .load import build, parse, validate
    from .pages import decorations, plan, render

    def send(*message: Any) -> None:
        connection.send(message)

    try:
        parsed = parse(root)
        planned = None
        if not parsed.problems:
            try:
                framework = build(parsed.documents)
                planned, extra = plan(framework), decorations(framework)
            except Exception:  # invalid sources; validation below says why
                send("failed", traceback.format_exc())
        if planned is not None:
            send("plan", [(page.path, page.source) for page in planned], extra)
            try:
                for page in planned:
                    send("page", page.path, render(page).content)
            except Exception:
                send("failed", traceback.format_exc())
        send("verdict", validate(parsed, root))
    except Exception:
        send("crash", traceback.format_exc())
    finally:
        connection.close()
