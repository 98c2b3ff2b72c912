"""How alike the level descriptors are: per level, the share of descriptors using a stock phrase.

A level must say what the person does that the level below does not (autonomy, judgement,
transmission, changing methods), not only in which context (« opération courante »,
« complexe », « de sa structure »). Run it to print the figures:
``.venv/bin/python tests/descriptor_phrases.py``; tests/test_content.py keeps them low.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

#: Phrases that name a context, a size or a rank instead of a behaviour (issue 18).
STOCK_PHRASES = {
    "courante": re.compile(r"\bcourante?s?\b", re.IGNORECASE),
    "complexe": re.compile(r"\bcomplexes?\b", re.IGNORECASE),
    "sa structure": re.compile(r"\b(sa|la|de) structure\b", re.IGNORECASE),
    "simple": re.compile(r"\bsimples?\b", re.IGNORECASE),
}

_WORD = re.compile(r"[\w’'-]+")


def stock_shares(descriptors: Mapping[int, list[str]]) -> dict[int, float]:
    """Per level, the share of its descriptors holding at least one stock phrase."""
    return {
        level: sum(any(p.search(text) for p in STOCK_PHRASES.values()) for text in texts) / len(texts)
        for level, texts in sorted(descriptors.items())
    }


def most_shared_run(texts: Iterable[str], length: int = 3) -> tuple[str, int]:
    """The run of ``length`` words found in the most descriptors of one level, and in how many."""
    counts: Counter[str] = Counter()
    for text in texts:
        words = [w.casefold() for w in _WORD.findall(text)]
        counts.update({" ".join(words[i : i + length]) for i in range(len(words) - length + 1)})
    return counts.most_common(1)[0] if counts else ("", 0)


def descriptors_by_level(root: Path) -> dict[int, list[str]]:
    from referentiel.load import load_framework

    found: dict[int, list[str]] = {}
    for competency in load_framework(root).competencies.values():
        for level, text in competency.levels.items():
            found.setdefault(level, []).append(" ".join(text.split()))
    return found


def report(descriptors: Mapping[int, list[str]]) -> str:
    lines = ["niveau  descripteurs  avec une formule toute faite  groupe de trois mots le plus partagé"]
    for level, share in stock_shares(descriptors).items():
        texts = descriptors[level]
        run, count = most_shared_run(texts)
        lines.append(f"{level:>6}  {len(texts):>12}  {share:>27.0%}  « {run} » ({count})")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(descriptors_by_level(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())))
