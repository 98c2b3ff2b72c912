"""Benchmark: the cost of linking glossary terms, 500 terms over 1,000 pages.

Builds the same synthetic project with the glossary linker on and off
(``extra: link_glossary_terms``), alternating, in one run, and prints the medians and
the ratio on/off. Not a test: figures, no assertion.

    python benchmarks/glossary_linking.py [--terms 500] [--competencies 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_ratio import synthesise, timed_build  # puts tests/ on the path, for helpers
from helpers import make_project

WORDS = [
    "pilotage", "budget", "ouvrage", "chantier", "marché", "contrat",
    "étude", "programme", "réception", "risque", "délai", "qualité",
]


def synthesise_glossary(project: Path, count: int) -> list[str]:
    """Add ``count`` terms (a third with an acronym); returns the phrases that mention them."""
    folder = project / "glossary"
    mentions = []
    for index in range(count):
        words = f"{WORDS[index % len(WORDS)]} {WORDS[(index // len(WORDS)) % len(WORDS)]} spécial {index}"
        acronym = f"SP{index}X" if index % 3 == 0 else None
        text = f"id: terme-{index}\nterm: {words.capitalize()}\n"
        text += f"acronym: {acronym}\n" if acronym else ""
        text += f"variants: [{words}s]\nshort: Définition courte du terme {index}.\n"
        text += f"definition: Définition du terme {index}.\n"
        text += "sources:\n  - title: Source synthétique\n"
        (folder / f"terme-{index}.yml").write_text(text, "utf-8")
        mentions.append(acronym or words)
    return mentions


def mention_terms(project: Path, mentions: list[str]) -> None:
    """Each competency's description mentions eight terms, in running French."""
    rng = random.Random(1)
    for path in (project / "competencies").glob("competence-*.yml"):
        picked = rng.sample(mentions, 8)
        description = "Le maître d’ouvrage suit " + ", puis ".join(f"l’{m}" for m in picked) + " avec l’équipe."
        text = re.sub(r"(?m)^description: .*$", f"description: {description}", path.read_text("utf-8"))
        path.write_text(text, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=500)
    parser.add_argument("--competencies", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        projects = {}
        for linked in (True, False):
            project = make_project(Path(tmp) / ("linked" if linked else "plain"))
            synthesise(project, arguments.competencies)
            mention_terms(project, synthesise_glossary(project, arguments.terms))
            config = project / "mkdocs.yml"
            config.write_text(
                config.read_text("utf-8") + f"\nextra:\n  link_glossary_terms: {str(linked).lower()}\n", "utf-8"
            )
            projects[linked] = project
        timed_build(projects[True]), timed_build(projects[False])  # warm the file cache
        times: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(arguments.rounds):
            for linked in (True, False):
                times[linked].append(timed_build(projects[linked]))
        links = sum(
            html.read_text("utf-8").count('class="rf-term"') for html in (projects[True] / "site").rglob("*.html")
        )
        on, off = statistics.median(times[True]), statistics.median(times[False])
        print(
            f"{arguments.terms} terms, {arguments.competencies} competencies, {links} linked occurrences, "
            f"{arguments.rounds} alternating rounds"
        )
        print(f"linking on:  median {on:.2f} s  ({', '.join(f'{t:.2f}' for t in times[True])})")
        print(f"linking off: median {off:.2f} s  ({', '.join(f'{t:.2f}' for t in times[False])})")
        print(f"ratio on/off: {on / off:.3f}")


if __name__ == "__main__":
    main()
