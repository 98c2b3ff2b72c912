"""Benchmark: the printable fiches of our référentiel (one per role and per career path):
rendering their HTML, printing them with Chromium (`referentiel pdf`), and what a build given
them adds (rendering again, reading and hashing the PDFs). Figures, no assertion.

    python benchmarks/fiches.py [--rounds 3] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from referentiel import fiches, siteconfig
from referentiel.edition import edition
from referentiel.load import load_framework
from referentiel.pdf import print_fiches

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--chromium", default=shutil.which("chromium"))
    arguments = parser.parse_args()
    if arguments.chromium is None:
        parser.error("chromium is not installed (apt-get install chromium), or give --chromium PATH")
    framework = load_framework(REPO)
    config = siteconfig.read(REPO)
    assert config is not None and config.site_name
    name, url = config.site_name, config.site_url
    renders: list[float] = []
    launches: list[float] = []
    each: list[float] = []
    totals: list[float] = []
    published: list[float] = []
    sizes: list[int] = []
    for _ in range(arguments.rounds):
        start = time.perf_counter()
        found = fiches.fiches(framework, name, url)
        renders.append(time.perf_counter() - start)
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            timing = print_fiches(found, Path(tmp), arguments.chromium, name, edition(framework))
            totals.append(time.perf_counter() - start)
            launches.append(timing.launch)
            each += timing.fiches
            start = time.perf_counter()
            given, problems = fiches.published(framework, Path(tmp), tmp, name, url)
            published.append(time.perf_counter() - start)
            assert not problems, problems
            sizes = [len(file.content) for file in given]
    roles, paths = len(framework.roles), len(framework.career_paths)
    print(f"our référentiel: {roles} roles, {paths} career paths, {len(sizes)} fiches, {sum(sizes):,} bytes of PDF "
          f"(largest {max(sizes):,}), medians over {arguments.rounds} rounds:")
    print(f"  HTML of every fiche        {statistics.median(renders) * 1000:8.0f} ms")
    print(f"  Playwright, Chromium up    {statistics.median(launches):8.2f} s")
    print(f"  one fiche printed          {statistics.median(each):8.2f} s (min {min(each):.2f}, max {max(each):.2f})")
    print(f"  `referentiel pdf`, all     {statistics.median(totals):8.2f} s")
    print(f"  a build given the fiches   {statistics.median(published) * 1000:8.0f} ms more (render and hash)")


if __name__ == "__main__":
    main()
