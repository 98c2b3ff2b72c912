"""Benchmark: time and sizes of the data exports (/donnees/), for our référentiel and for the
fixture with N synthetic competencies (the generator of build_ratio.py). Figures, no assertion.

    python benchmarks/exports.py [--competencies 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from helpers import make_project
from referentiel import export_case, export_csv, export_json, export_skos
from referentiel.downloads import entity_files, files
from referentiel.load import load_framework
from referentiel.siteconfig import site_url_of

_spec = importlib.util.spec_from_file_location("build_ratio", REPO / "benchmarks" / "build_ratio.py")
assert _spec and _spec.loader
_build_ratio = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_build_ratio)
#: The synthetic-framework generator of the build benchmark, reused.
synthesise: Callable[[Path, int], None] = _build_ratio.synthesise


def measure(name: str, root: Path, rounds: int) -> None:
    framework = load_framework(root)
    times: list[float] = []
    for _ in range(rounds):
        start = time.perf_counter()
        exported = files(framework, site_url_of(root))
        times.append(time.perf_counter() - start)
    total = sum(len(f.content) for f in exported)
    print(f"{name}: {len(framework.competencies)} competencies, {len(exported)} files, {total:,} bytes in all,"
          f" export median {statistics.median(times) * 1000:.0f} ms over {rounds} rounds")
    for file in exported:
        if file.listed:
            print(f"  {file.name:28} {len(file.content):>10,} bytes")
    own = [f for f in exported if not f.listed]
    print(f"  {'each entity its own file':28} {sum(len(f.content) for f in own):>10,} bytes in {len(own)} files")
    document = export_json.document(framework)
    url = site_url_of(root) or "https://example.org/"
    stages: dict[str, Callable[[], object]] = {
        "document": lambda: export_json.document(framework),
        "JSON": lambda: export_json.dumps(document),
        "CASE": lambda: export_json.dumps(export_case.package(document)),
        "SKOS": lambda: [write(export_skos.graph(document, url)) for write in (export_skos.jsonld, export_skos.turtle)],
        "CSV": lambda: [export_csv.to_csv(table) for table in export_csv.tables(document)],
        "own files": lambda: entity_files(document),
    }
    medians = {}
    for stage, run in stages.items():
        spent = []
        for _ in range(rounds):
            start = time.perf_counter()
            run()
            spent.append(time.perf_counter() - start)
        medians[stage] = statistics.median(spent) * 1000
    print("  by stage (median ms): " + ", ".join(f"{stage} {ms:.0f}" for stage, ms in medians.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--competencies", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args()
    measure("our référentiel", REPO, arguments.rounds)
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp) / "project")
        synthesise(project, arguments.competencies)
        measure(f"fixture + {arguments.competencies} synthetic", project, arguments.rounds)


if __name__ == "__main__":
    main()
