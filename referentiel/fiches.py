"""Printable fiches: one per role (fiche de poste type) and one per career path (its gap table
with the trainings), as whole HTML documents that ``referentiel pdf`` prints to PDF
(referentiel/pdf.py), and what the build publishes of them.

The fiches are made outside the build (printing them takes several times as long as the whole
build): ``referentiel pdf --out DIR`` writes the PDFs and an inventory (``fiches.json``,
each fiche's fingerprint: the SHA-256 of the HTML it was printed from, and of the PDF). A build
given that folder (``extra.fiches`` in mkdocs.yml, from the environment variable
``REFERENTIEL_FICHES``) renders the HTML again, publishes the fiches under ``donnees/fiches/``
and links them from their pages and from ``/donnees/``, or refuses the folder when a fiche is
missing, was printed from other sources or was changed since: never a dead link, never a
stale fiche. Without the setting nothing links to a fiche.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from . import fields, model, routes
from .downloads import DataFile
from .edition import edition
from .model import Framework
from .problems import Problem
from .routes import page_url
from .typography import french_spacing

#: The key of mkdocs.yml's ``extra`` naming the folder ``referentiel pdf`` wrote (set there from
#: the environment variable REFERENTIEL_FICHES); empty or absent: no fiche.
SETTING = "fiches"
#: The inventory ``referentiel pdf`` writes beside the PDFs: fiche file name → fingerprints.
INVENTORY = "fiches.json"
#: Said when the fiches folder does not match the sources: how to make it again.
REMAKE = "relancez « referentiel pdf --out DOSSIER » sur ces sources, puis construisez à nouveau"


@dataclass(frozen=True)
class Fiche:
    path: str  # under docs/: routes.role_fiche / routes.career_path_fiche
    url: str  # the public address of the entity's page, printed on the fiche
    title: str  # for the downloads page
    html: str  # the whole document Chromium prints

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.html.encode("utf-8")).hexdigest()


def _blocks(value: str | None) -> list[str]:
    """The paragraphs of a multi-paragraph field (separated by a blank line), none if absent."""
    return [block for block in re.split(r"\n\s*\n", (value or "").strip()) if block.strip()]


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("referentiel", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # HTML documents: every {{ value }} is text
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(label=fields.label, blocks=_blocks)
    env.globals.update(UNSPECIFIED=model.UNSPECIFIED, UNDESCRIBED=model.UNDESCRIBED)
    return env


def page_address(site_url: str | None, page: str) -> str:
    """The public address of a page: site_url (mkdocs.yml) and the page's URL folder; the site's
    relative address when no site_url is set."""
    base = (site_url or "").rstrip("/")
    return f"{base}/{page_url(page)}" if base else f"/{page_url(page)}"


def fiches(framework: Framework, site_name: str, site_url: str | None) -> list[Fiche]:
    """Every fiche, roles first then career paths, in display order."""
    env = _environment()
    common = {"framework": framework, "site_name": site_name, "edition": edition(framework)}

    def fiche(path: str, page: str, listed: str, template: str, **context: object) -> Fiche:
        url = page_address(site_url, page)
        html = env.get_template(template).render(url=url, **common, **context)
        return Fiche(path, url, listed, french_spacing(html))

    found = [
        fiche(routes.role_fiche(role.id), routes.role(role.id), f"Fiche de poste type : {role.title}",
              "fiche_role.html.j2", role=role, title=role.title, kind="fiche de poste type")
        for role in framework.roles.values()
    ]
    for career_path in framework.career_paths:
        origin, target = framework.roles[career_path.origin], framework.roles[career_path.target]
        title = f"{origin.title} → {target.title}"
        found.append(fiche(
            routes.career_path_fiche(career_path.id), routes.career_path(origin.id, target.id),
            f"Fiche de parcours : {title}", "fiche_path.html.j2",
            career_path=career_path, origin=origin, target=target, title=title, kind="fiche de parcours",
        ))
    return found


def inventory(printed: Sequence[tuple[Fiche, bytes]]) -> bytes:
    """The inventory of a fiches folder: for each PDF, the fingerprint of its HTML and of itself."""
    entries = {
        fiche.name: {"html": fiche.fingerprint, "pdf": hashlib.sha256(pdf).hexdigest()} for fiche, pdf in printed
    }
    return (json.dumps(entries, indent=2, sort_keys=True) + "\n").encode("utf-8")


def published(
    framework: Framework, root: Path, shown: str, site_name: str, site_url: str | None,
) -> tuple[list[DataFile], list[Problem]]:
    """The fiches of the folder ``shown`` (as the setting names it, relative to the project
    ``root``) as downloads, when every fiche of the framework is there, printed from these
    sources and unchanged since; otherwise the problems. No folder named: no fiche."""
    if not shown:
        return [], []
    folder = root / shown
    if not folder.is_dir():
        hint = f"{REMAKE} (ou laissez REFERENTIEL_FICHES vide pour construire sans les fiches)"
        return [], [Problem(shown, 1, 1, "dossier des fiches introuvable", hint)]
    listed = f"{shown.rstrip('/')}/{INVENTORY}"
    try:
        entries = json.loads((folder / INVENTORY).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        entries = None
    if not isinstance(entries, dict):
        return [], [Problem(listed, 1, 1, "inventaire des fiches absent ou illisible", REMAKE)]
    files, problems = [], []
    for fiche in fiches(framework, site_name, site_url):
        where = f"{shown.rstrip('/')}/{fiche.name}"
        entry = entries.get(fiche.name)
        try:
            pdf = (folder / fiche.name).read_bytes()
        except OSError:
            problems.append(Problem(where, 1, 1, "fiche absente", REMAKE))
            continue
        if not isinstance(entry, dict) or entry.get("html") != fiche.fingerprint:
            problems.append(Problem(where, 1, 1, "fiche imprimée depuis d’autres sources que celles-ci", REMAKE))
        elif entry.get("pdf") != hashlib.sha256(pdf).hexdigest():
            problems.append(Problem(where, 1, 1, "fiche modifiée depuis son impression", REMAKE))
        else:
            files.append(DataFile(fiche.path, pdf, "PDF", fiche.title))
    return files, problems
