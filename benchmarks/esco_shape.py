"""Benchmark: synthetic frameworks shaped like ESCO, built, searched and served.

ESCO v1.2 has 3,007 occupations, 13,896 skills and 123,855 occupation–skill links, 40 % of
them essential. ``--size`` scales that shape by the number of competencies: ``1k`` (1,000
competencies, 216 roles, 8,913 requirements), ``5k`` and ``full``. Texts are drawn from the
words of the repository's own competencies, at ESCO's lengths (a skill's description about
200 characters, an occupation's about 600); a few competencies are required by many roles,
most by few, as in ESCO. Each competency describes its four levels; roles have families,
career paths link roles of a family, trainings cover a few competencies each.

Per size it prints: pages by kind, build time (hook, glossary linking on: the real build),
the hook/plain ratio (the same Markdown built plain, alternating, glossary linking off as in
``build_ratio.py``), peak memory of the build and of ``referentiel generate``, site size,
largest page, search index size (raw and gzip), in Chromium the time from load to search
ready and from the last keystroke to the first results, and the ``mkdocs serve`` rebuild
time after one competency's title is edited. Figures, no assertion. Run it niced:

    nice python benchmarks/esco_shape.py --size 1k [--size 5k] [--no-serve] [--no-browser]
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from helpers import make_project, without_hook

#: ESCO v1.2's shape: occupations, skills, occupation–skill links, share of essential links.
ESCO_ROLES, ESCO_COMPETENCIES, ESCO_REQUIREMENTS, ESSENTIAL = 3007, 13896, 123855, 0.4
SIZES = {"1k": 1000, "5k": 5000, "full": ESCO_COMPETENCIES}
SITE_PATH = "referentiel-moa"  # site_url's path in mkdocs.yml: where the built site is served
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}


@dataclass(frozen=True)
class Shape:
    competencies: int
    roles: int
    requirements: int
    domains: int
    missions: int
    families: int
    trainings: int

    @classmethod
    def scaled(cls, competencies: int) -> Shape:
        share = competencies / ESCO_COMPETENCIES
        roles = max(3, round(ESCO_ROLES * share))
        return cls(
            competencies, roles, round(ESCO_REQUIREMENTS * share), domains=max(2, round(competencies / 350)),
            missions=max(2, round(competencies / 200)), families=max(2, round(roles / 7)),
            trainings=max(2, round(competencies / 50)),
        )


class Words:
    """French words of the repository's competencies, drawn at random into texts of a given length."""

    def __init__(self, seed: int) -> None:
        found: set[str] = set()
        for path in sorted((REPO / "competencies").glob("*.yml")):
            data = yaml.safe_load(path.read_text("utf-8"))
            text = " ".join(str(data.get(key) or "") for key in ("title", "summary", "description"))
            found.update(w for w in re.findall(r"[^\W\d_]{4,}", text) if w.islower())
        self.words = sorted(found)
        self.random = random.Random(seed)

    def text(self, characters: int) -> str:
        """A sentence of about ``characters`` characters, capitalised, ending with a full stop."""
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < characters:
            words.append(self.random.choice(self.words))
        sentence = " ".join(words)
        return sentence[0].upper() + sentence[1:] + "."

    def title(self) -> str:
        return self.text(self.random.randint(25, 60)).rstrip(".")


def _dump(path: Path, data: dict[str, object]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), "utf-8")


def competency_id(index: int) -> str:
    return f"competence-{index:05d}"


def synthesise(project: Path, shape: Shape, seed: int = 14) -> None:
    """Write a framework of ``shape`` into ``project`` (a copy of the mini fixture, kept as is)."""
    words, rng = Words(seed), random.Random(seed)
    framework = project / "framework"
    domains = [f"domaine-{i:03d}" for i in range(shape.domains)]
    for order, did in enumerate(domains, start=10):
        _dump(framework / "domains" / f"{did}.yml",
              {"id": did, "title": words.title(), "summary": words.text(120), "order": order})
    missions = [f"mission-{i:03d}" for i in range(shape.missions)]
    for order, mid in enumerate(missions, start=10):
        _dump(framework / "missions" / f"{mid}.yml", {
            "id": mid, "title": words.title(), "summary": words.text(150),
            "activities": [words.text(80) for _ in range(3)], "order": order,
            "sources": [{"title": "Référentiel synthétique"}],
        })
    for index in range(shape.competencies):
        cid = competency_id(index)
        _dump(project / "competencies" / f"{cid}.yml", {
            "id": cid, "title": words.title(), "domain": domains[index % len(domains)],
            "kind": rng.choice(["savoir", "savoir-faire", "savoir-être"]), "status": "current",
            "summary": words.text(90), "description": words.text(rng.randint(120, 300)),
            "levels": {level: words.text(rng.randint(60, 110)) for level in range(1, 5)},
            "missions": [missions[index % len(missions)]],
            "related": sorted({competency_id(rng.randrange(shape.competencies)) for _ in range(2)} - {cid}),
            "terms": [],
            "crosswalks": {"esco": [f"http://data.europa.eu/esco/skill/{uuid.UUID(int=rng.getrandbits(128))}"]},
            "sources": [{"title": "Référentiel synthétique"}],
        })
    # ESCO's links are skewed: a few skills are required by many occupations, most by few.
    weights = [1 / (rank + 20) for rank in range(shape.competencies)]
    per_role = shape.requirements // shape.roles
    families = [words.title() for _ in range(shape.families)]
    roles = [f"role-{i:04d}" for i in range(shape.roles)]
    for index, rid in enumerate(roles):
        count = per_role + (1 if index < shape.requirements % shape.roles else 0)
        chosen: set[int] = set()
        while len(chosen) < min(count, shape.competencies):
            chosen.update(rng.choices(range(shape.competencies), weights, k=count - len(chosen)))
        _dump(framework / "roles" / f"{rid}.yml", {
            "id": rid, "title": words.title(), "family": families[index % len(families)],
            "summary": words.text(120), "description": words.text(rng.randint(400, 800)),
            "missions": [missions[index % len(missions)]],
            "requirements": [
                {"competency": competency_id(c), "level": rng.randint(1, 4),
                 "importance": "essential" if rng.random() < ESSENTIAL else "optional"}
                for c in sorted(chosen)
            ],
            "sources": [{"title": "Référentiel synthétique"}],
        })
    for index, rid in enumerate(roles):  # each role evolves to the next of its family
        target = index + len(families)
        if target < len(roles):
            pid = f"{rid}-vers-{roles[target]}"
            _dump(framework / "paths" / f"{pid}.yml", {
                "id": pid, "from": rid, "to": roles[target], "kind": "evolution" if index % 3 else "proche",
                "duration": "2 à 4 ans", "notes": words.text(150), "sources": [{"title": "Référentiel synthétique"}],
            })
    for index in range(shape.trainings):
        covered = sorted({rng.randrange(shape.competencies) for _ in range(3)})
        _dump(framework / "trainings" / f"formation-{index:04d}.yml", {
            "id": f"formation-{index:04d}", "title": words.title(), "provider": "Organisme synthétique",
            "format": "presentiel", "duration": "Deux jours", "summary": words.text(150),
            "covers": [{"competency": competency_id(c), "level": rng.randint(1, 4)} for c in covered],
            "sources": [{"title": "Référentiel synthétique"}],
        })


@dataclass
class Run:
    seconds: float  # wall time
    cpu: float  # user + system time: what other jobs on a shared machine disturb least
    peak_mb: float

    def __str__(self) -> str:
        return f"{self.seconds:.1f} s (CPU {self.cpu:.1f} s)"


def timed(args: list[str], cwd: Path, log: Path | None = None) -> Run:
    """Run a command; its wall and CPU times and its peak resident memory (wait4's, this child only)."""
    start = time.perf_counter()
    with (log.open("w") if log else open(os.devnull, "w")) as out:
        process = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(args)} failed ({process.returncode})" + (f": see {log}" if log else ""))
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def mkdocs_build(project: Path, site: Path) -> Run:
    return timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)], project)


def pages_by_kind(site: Path) -> Counter[str]:
    """HTML pages by their top folder; a folder's own index counted as its listing."""
    kinds: Counter[str] = Counter()
    for page in site.rglob("index.html"):
        parts = page.relative_to(site).parts[:-1]
        kinds[(parts[0] if parts else "(accueil)") + ("/…" if len(parts) > 1 else "")] += 1
    return kinds


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


#: Time stamps of the page's messages to and from the search worker, and of the last keyup.
WATCH_SEARCH = """
window.__search = {sent: 0, received: 0, query: null, receivedAt: 0, keyupAt: 0}
document.addEventListener("keyup", () => { window.__search.keyupAt = performance.now() }, true)
const NativeWorker = window.Worker
window.Worker = class extends NativeWorker {
  constructor(...args) {
    super(...args)
    this.addEventListener("message", ({data}) => {
      if (data.type === 3) { window.__search.received++; window.__search.receivedAt = performance.now() }
    })
  }
  postMessage(message, ...rest) {
    if (message.type === 2) { window.__search.sent++; window.__search.query = message.data }
    return super.postMessage(message, ...rest)
  }
}
"""


def search_times(www: Path, query: str) -> tuple[float, float]:
    """In Chromium: ms from navigation start to search ready, and from the last keystroke of
    ``query`` to the results message (median of three queries)."""
    from playwright.sync_api import sync_playwright

    not_found = www / SITE_PATH / "404.html"
    server = subprocess.Popen(
        [sys.executable, str(REPO / "tests" / "browser" / "static_server.py"), str(www), str(not_found)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        port = server.stdout.readline().strip() if server.stdout else ""
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            page.add_init_script(WATCH_SEARCH)
            page.goto(f"http://127.0.0.1:{port}/{SITE_PATH}/")
            page.wait_for_function(
                "() => document.querySelector('.md-search-result__meta')?.textContent.includes('Taper')",
                polling="raf", timeout=600_000,
            )
            ready: float = page.evaluate("performance.now()")
            firsts: list[float] = []
            for typed in (query, query[:-1], query):
                page.locator(".md-search__input").click()
                page.keyboard.press("Control+A")
                page.keyboard.press("Backspace")
                page.keyboard.type(typed, delay=40)
                page.wait_for_function(
                    "q => window.__search.query === q && window.__search.sent === window.__search.received",
                    arg=typed, timeout=600_000,
                )
                firsts.append(page.evaluate("window.__search.receivedAt - window.__search.keyupAt"))
            browser.close()
        return ready, sorted(firsts)[1]
    finally:
        server.terminate()
        server.wait(timeout=10)


PAGEFIND_SEARCH = """
async query => {
  const started = performance.now()
  const pagefind = await import("./pagefind/pagefind.js")
  await pagefind.init()
  const ready = performance.now()
  const found = await pagefind.search(query)
  const shown = await Promise.all(found.results.slice(0, 10).map(result => result.data()))
  return {ready: ready - started, first: performance.now() - ready, count: found.results.length, shown: shown.length}
}
"""


def pagefind_times(www: Path, query: str, command: list[str]) -> None:
    """Pagefind, for comparison: index the built site (article only, permalinks left out), then
    in Chromium the time to load it, to the first ten results with their excerpts, and the bytes
    both fetched. ``command`` runs Pagefind (``python -m pagefind`` of a venv that has it)."""
    from playwright.sync_api import Response, sync_playwright

    site = www / SITE_PATH
    indexed = timed([*command, "--site", str(site), "--root-selector", "article", "--exclude-selectors", ".headerlink"],
                    site)
    files = list((site / "pagefind").rglob("*"))
    total = sum(f.stat().st_size for f in files if f.is_file())
    print(f"pagefind: indexed in {indexed}, {len(files)} files, {total / 1e6:.2f} MB in all", flush=True)
    server = subprocess.Popen(
        [sys.executable, str(REPO / "tests" / "browser" / "static_server.py"), str(www), str(site / "404.html")],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        port = server.stdout.readline().strip() if server.stdout else ""
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            fetched: list[int] = []  # sizes of the files of pagefind/ the page asked for

            def count(response: Response) -> None:
                path = urlsplit(response.url).path.removeprefix(f"/{SITE_PATH}/")
                if path.startswith("pagefind/"):
                    fetched.append((site / path).stat().st_size)

            page.on("response", count)
            page.goto(f"http://127.0.0.1:{port}/{SITE_PATH}/")
            page.wait_for_load_state("networkidle")
            times = page.evaluate(PAGEFIND_SEARCH, query)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"pagefind (Chromium): ready {times['ready'] / 1000:.2f} s, first {times['shown']} of {times['count']} "
          f"results with excerpts {times['first']:.0f} ms, {sum(fetched) / 1e3:.0f} KB fetched "
          f"({len(fetched)} files)", flush=True)


def _cpu_seconds(pid: int) -> float:
    """User + system time a running process has used so far (Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_rebuild(project: Path, log: Path) -> tuple[float, float, float, float]:
    """Seconds from one competency's edited title to MkDocs' "Documentation built" under
    ``mkdocs serve``, the build time MkDocs reports for that rebuild, the server's CPU time
    during it, and before it (start and first build)."""
    port = _free_port()
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--livereload"],
            cwd=project, env=ENV, stdout=out, stderr=subprocess.STDOUT,
        )
    built = re.compile(r"Documentation built in ([\d.]+) seconds")
    try:
        deadline = time.monotonic() + 3600
        while not built.search(log.read_text("utf-8")):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"mkdocs serve did not build: see {log}")
            time.sleep(0.2)
        time.sleep(2)  # let the watcher settle
        source = project / "competencies" / f"{competency_id(0)}.yml"
        edited = re.sub(r"^title: .*$", "title: Titre modifié pendant serve", source.read_text("utf-8"), count=1,
                        flags=re.MULTILINE)
        cpu = _cpu_seconds(server.pid)
        source.write_text(edited, "utf-8")
        start = time.monotonic()
        while len(found := built.findall(log.read_text("utf-8"))) < 2:
            if time.monotonic() > start + 3600 or server.poll() is not None:
                raise SystemExit(f"mkdocs serve did not rebuild: see {log}")
            time.sleep(0.05)
        return time.monotonic() - start, float(found[1]), _cpu_seconds(server.pid) - cpu, cpu
    finally:
        server.terminate()
        server.wait(timeout=60)


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def benchmark(
    size: str, tmp: Path, browser: bool, serve: bool, ratio: bool, pagefind: list[str] | None
) -> None:
    shape = Shape.scaled(SIZES[size])
    print(f"\n## {size}: {shape.competencies} competencies, {shape.roles} roles, "
          f"{shape.requirements} requirements, {shape.domains} domains, {shape.families} families", flush=True)
    hooked = make_project(tmp / "hooked")
    synthesise(hooked, shape)
    written = tmp / "generated"
    generated = timed([sys.executable, "-m", "referentiel", "--root", str(hooked), "generate", "--out", str(written)],
                      hooked)
    www = tmp / "www"
    site = www / SITE_PATH
    hook = mkdocs_build(hooked, site)
    plain_run = unlinked_run = None
    if ratio:
        unlinked = make_project(tmp / "unlinked")
        synthesise(unlinked, shape)
        config = unlinked / "mkdocs.yml"  # glossary linking has its own benchmark (glossary_linking.py)
        config.write_text(config.read_text("utf-8") + "\nextra:\n  link_glossary_terms: false\n", "utf-8")
        plain = without_hook(make_project(tmp / "plain"), written)
        plain_run = mkdocs_build(plain, tmp / "plain-site")
        unlinked_run = mkdocs_build(unlinked, tmp / "unlinked-site")
    kinds = pages_by_kind(site)
    pages = sum(kinds.values())
    html = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    index = site / "search" / "search_index.json"
    raw = index.read_bytes()
    print("pages by kind: " + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())))
    print(f"pages: {pages}")
    print(f"generate: {generated}, peak {generated.peak_mb:.0f} MB")
    print(f"hook build (linking on): {hook} = {1000 * hook.seconds / pages:.1f} ms/page "
          f"(CPU {1000 * hook.cpu / pages:.1f}), peak {hook.peak_mb:.0f} MB")
    if unlinked_run and plain_run:
        print(f"hook/plain (linking off, one run each, alternating): {unlinked_run} / {plain_run} = "
              f"{unlinked_run.seconds / plain_run.seconds:.3f} (CPU {unlinked_run.cpu / plain_run.cpu:.3f})")
    print(f"site: {_size(site) / 1e6:.1f} MB; largest page {html.relative_to(site)} {html.stat().st_size / 1e3:.0f} KB")
    print(f"search index: {len(raw) / 1e6:.2f} MB, gzip {len(gzip.compress(raw)) / 1e6:.2f} MB", flush=True)
    if browser:
        ready, first = search_times(www, "pilotage")
        print(f"search (lunr, Chromium): ready {ready / 1000:.2f} s after load; first results {first:.0f} ms "
              f"after the last keystroke", flush=True)
    if pagefind:
        pagefind_times(www, "pilotage", pagefind)
    if serve:
        wall, reported, cpu, first = serve_rebuild(hooked, tmp / "serve.log")
        print(f"serve rebuild after one title edit: {wall:.1f} s (MkDocs says {reported:.1f} s; CPU {cpu:.1f} s, "
              f"the start and first build {first:.1f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, action="append", help="1k, 5k or full (repeatable; default 1k)")
    parser.add_argument("--no-browser", dest="browser", action="store_false", help="skip the search timings")
    parser.add_argument("--no-serve", dest="serve", action="store_false", help="skip the serve rebuild")
    parser.add_argument("--no-ratio", dest="ratio", action="store_false", help="skip the two builds of hook/plain")
    parser.add_argument(
        "--pagefind", metavar="PYTHON", help="also measure Pagefind, run by this Python (a venv with pagefind[bin])"
    )
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    arguments = parser.parse_args()
    pagefind = [arguments.pagefind, "-m", "pagefind"] if arguments.pagefind else None
    for size in arguments.size or ["1k"]:
        if arguments.keep:
            folder = arguments.keep / size
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            benchmark(size, folder, arguments.browser, arguments.serve, arguments.ratio, pagefind)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                benchmark(size, Path(tmp), arguments.browser, arguments.serve, arguments.ratio, pagefind)


if __name__ == "__main__":
    main()
