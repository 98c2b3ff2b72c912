"""Benchmark: building N synthetic competencies through the hook vs a plain MkDocs build.

Both projects hold the same pages: the hook project generates them from YAML at build
time (glossary linking off, so the HTML is nearly the same); the plain project builds the
docs folder that `referentiel generate --out DIR` wrote, with no hook.
Builds alternate, in one run, so that machine noise hits both alike. Prints the medians
and the ratio hook / plain. Not a test: figures, no assertion.

    python benchmarks/build_ratio.py [--competencies 1000] [--rounds 5]      (make bench SIZE=5000)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from helpers import FIXTURE, make_project, without_hook


def synthesise(project: Path, count: int) -> None:
    """Add ``count`` distinct competencies to the fixture's."""
    folder = project / "competencies"
    template = (FIXTURE / "competencies" / "piloter-budget.yml").read_text("utf-8")
    for index in range(count):
        cid = f"competence-{index:05d}"
        text = template.replace("id: piloter-budget", f"id: {cid}").replace(
            "related: [collaborer-bim]", f"related: [competence-{(index + 1) % count:05d}]"
        )
        text = text.replace("Piloter le budget d’une opération", f"Compétence synthétique numéro {index}")
        text = text.replace("domain: pilotage", f"domain: {'pilotage' if index % 2 else 'transitions'}")
        (folder / f"{cid}.yml").write_text(text, "utf-8")


def timed_build(project: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=project, env=env, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--competencies", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        hooked = make_project(Path(tmp) / "hooked")
        synthesise(hooked, arguments.competencies)
        plain = make_project(Path(tmp) / "plain")
        synthesise(plain, arguments.competencies)
        written = Path(tmp) / "generated"
        subprocess.run(
            [sys.executable, "-m", "referentiel", "--root", str(plain), "generate", "--out", str(written)], check=True
        )
        without_hook(plain, written)
        # The same pages on both sides: glossary linking changes the HTML, and has its own
        # benchmark (glossary_linking.py).
        hooked_config = hooked / "mkdocs.yml"
        hooked_config.write_text(hooked_config.read_text("utf-8") + "\nextra:\n  link_glossary_terms: false\n", "utf-8")
        timed_build(hooked), timed_build(plain)  # warm the file cache
        hook_times: list[float] = []
        plain_times: list[float] = []
        for _ in range(arguments.rounds):
            hook_times.append(timed_build(hooked))
            plain_times.append(timed_build(plain))
        pages = len(list((hooked / "site").rglob("index.html")))
        hook, flat = statistics.median(hook_times), statistics.median(plain_times)
        print(f"{arguments.competencies} competencies, {pages} HTML pages, {arguments.rounds} alternating rounds")
        print(f"hook build:  median {hook:.2f} s  ({', '.join(f'{t:.2f}' for t in hook_times)})")
        print(f"plain build: median {flat:.2f} s  ({', '.join(f'{t:.2f}' for t in plain_times)})")
        print(f"ratio hook/plain: {hook / flat:.3f}")


if __name__ == "__main__":
    main()
