"""Problems found in the sources, and how they are printed for contributors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one source file, at a 1-based line and column.

    ``message`` says what is wrong, ``hint`` how to fix it; both are French,
    because contributors read them.
    """

    path: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class SourceError(Exception):
    """Raised when the sources hold problems; carries all of them, sorted."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    """One line per problem, then a count, as ``check`` and the build print them."""
    lines = [str(problem) for problem in sorted(problems)]
    count = len(problems)
    lines.append(f"{count} problème{'s' if count > 1 else ''} dans les sources.")
    return "\n".join(lines)


def display_path(path: Path, root: Path) -> str:
    """The path as a contributor sees it: relative to the project root, with slashes."""
    try:  # the file's own name as written: a symbolic link is shown where it is, not where it points
        return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return path.as_posix()
