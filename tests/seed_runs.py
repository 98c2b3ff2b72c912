"""Runs of words taken from the institute's seed texts, kept as fingerprints.

The content must be written in our own words: no run of ``RUN`` consecutive words may come
from a seed. The seeds' licences are not known, so the repository does not hold their text,
only a hash of each run (``tests/fixtures/seeds/runs.json``), enough to find a copied run.

Regenerate the fingerprints from a folder of seed texts (``*.txt``)::

    .venv/bin/python tests/seed_runs.py SEEDS_FOLDER > tests/fixtures/seeds/runs.json
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

RUN = 12
FINGERPRINTS = Path(__file__).resolve().parent / "fixtures" / "seeds" / "runs.json"


def words(text: str) -> list[str]:
    """The text's words, case-folded, apostrophes made straight."""
    return re.findall(r"[\w’']+", text.casefold().replace("’", "'"))


def fingerprint(run: list[str]) -> str:
    return hashlib.blake2b(" ".join(run).encode("utf-8"), digest_size=8).hexdigest()


def runs(text: str) -> list[tuple[str, str]]:
    """(the run as text, its fingerprint) for every run of ``RUN`` words of ``text``."""
    found = words(text)
    return [(" ".join(found[i : i + RUN]), fingerprint(found[i : i + RUN])) for i in range(len(found) - RUN + 1)]


def load_fingerprints(path: Path = FINGERPRINTS) -> dict[str, set[str]]:
    """Seed file name → fingerprints of its runs."""
    return {name: set(hashes) for name, hashes in json.loads(path.read_text("utf-8")).items()}


def main(folder: Path) -> str:
    seeds = sorted(folder.glob("*.txt"))
    if not seeds:
        raise SystemExit(f"no *.txt seed in {folder}")
    table = {seed.name: sorted({hashed for _, hashed in runs(seed.read_text("utf-8"))}) for seed in seeds}
    return json.dumps(table, indent=0) + "\n"


if __name__ == "__main__":
    sys.stdout.write(main(Path(sys.argv[1])))
