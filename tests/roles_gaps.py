"""Gap tables of career paths: expected from the YAML, read from the built HTML."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from helpers import found


def _rows(html: str) -> list[list[str]]:
    """The body rows of the first table of a page, as the text of each cell."""
    table = found(r"<table>.*?</table>", html, re.DOTALL).group()
    body = found(r"<tbody>(.*?)</tbody>", table, re.DOTALL).group(1)

    def cell(text: str) -> str:
        return " ".join(re.sub(r"<[^>]+>", " ", text).split())

    return [
        [cell(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
        for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", body, re.DOTALL)
    ]


def _yaml(folder: Path) -> dict[str, dict[str, Any]]:
    return {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in folder.glob("*.yml")}


def expected_gaps(root: Path) -> dict[tuple[str, str], dict[str, tuple[int, int, str]]]:
    """For each path, straight from the YAML: competency title → (now, required, importance)."""
    roles = _yaml(root / "framework" / "roles")
    titles = {cid: data["title"] for cid, data in _yaml(root / "competencies").items()}
    result = {}
    for path in _yaml(root / "framework" / "paths").values():
        now = {r["competency"]: r["level"] for r in roles[path["from"]]["requirements"]}
        result[(path["from"], path["to"])] = {
            titles[r["competency"]]: (now.get(r["competency"], 0), r["level"], r["importance"])
            for r in roles[path["to"]]["requirements"]
            if r["level"] > now.get(r["competency"], 0)
        }
    return result


def check_gap_tables(root: Path, site: Path) -> int:
    importance = {"essential": "essentielle", "optional": "optionnelle"}
    checked = 0
    for (origin, target), gaps in expected_gaps(root).items():
        html = (site / "parcours" / origin / target / "index.html").read_text("utf-8")
        if not gaps:
            assert "<table>" not in html.split("Compétences à développer")[1]
            continue
        rows = _rows(html)
        assert len(rows) == len(gaps), (origin, target)
        for competency, now, required, difference, kind, trainings in rows:
            expected_now, expected_required, expected_kind = gaps[competency]
            assert now.split(" ")[0] == (str(expected_now) if expected_now else "—"), (origin, target, competency)
            assert required.split(" ")[0] == str(expected_required)
            assert difference == f"+{expected_required - expected_now}"
            assert kind == importance[expected_kind]
            assert trainings
            checked += 1
    return checked
