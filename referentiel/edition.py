"""The framework's edition, printed at the foot of every page on paper: its newest version and date."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Framework
from .text import french_date


@dataclass(frozen=True)
class Edition:
    version: str
    date: str  # ISO, as in framework/journal.yml
    french_date: str  # "5 octobre 2026"


def edition(framework: Framework) -> Edition | None:
    """The newest entry of the journal (``Framework.journal`` is newest first); None without one."""
    if not framework.journal:
        return None
    newest = framework.journal[0]
    return Edition(newest.version, newest.date, french_date(newest.date))
