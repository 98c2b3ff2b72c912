"""The career-path graph, laid out and drawn at build time as inline SVG (no script, no network).

Roles are placed in columns by how many "evolution" moves lead to them (longest path),
ordered inside a column to keep linked roles close; "proche" moves are dashed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from .model import CareerPath, Role

BOX_WIDTH, BOX_HEIGHT = 190, 64
COLUMN_GAP, ROW_GAP, MARGIN = 90, 28, 16
LINE_CHARS = 24


@dataclass(frozen=True)
class Placed:
    role: Role
    x: int
    y: int


def _ranks(roles: Sequence[Role], paths: Sequence[CareerPath]) -> dict[str, int]:
    """Column of each role: the longest chain of evolution moves leading to it (cycles cut)."""
    rank = {role.id: 0 for role in roles}
    evolution = [(p.origin, p.target) for p in paths if p.kind == "evolution"]
    for _ in range(len(roles)):  # Bellman-Ford style relaxation; stops early, bounded on cycles
        changed = False
        for origin, target in evolution:
            if rank[target] < rank[origin] + 1 <= len(roles) - 1:
                rank[target] = rank[origin] + 1
                changed = True
        if not changed:
            break
    return rank


def layout(roles: Sequence[Role], paths: Sequence[CareerPath]) -> list[Placed]:
    rank = _ranks(roles, paths)
    columns: dict[int, list[Role]] = {}
    for role in roles:
        columns.setdefault(rank[role.id], []).append(role)
    neighbours: dict[str, set[str]] = {role.id: set() for role in roles}
    for p in paths:
        neighbours[p.origin].add(p.target)
        neighbours[p.target].add(p.origin)
    row: dict[str, float] = {}
    for column in sorted(columns):
        members = columns[column]
        for index, role in enumerate(members):
            linked = [row[n] for n in neighbours[role.id] if n in row]
            row[role.id] = sum(linked) / len(linked) if linked else index  # barycentre of placed neighbours
        members.sort(key=lambda r: (row[r.id], r.title))
        for index, role in enumerate(members):
            row[role.id] = index
    return [
        Placed(role, MARGIN + column * (BOX_WIDTH + COLUMN_GAP), MARGIN + index * (BOX_HEIGHT + ROW_GAP))
        for column in sorted(columns)
        for index, role in enumerate(columns[column])
    ]


def _lines(text: str) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= LINE_CHARS:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[:3]


def svg(roles: Sequence[Role], paths: Sequence[CareerPath], href: Callable[[str], str]) -> str:
    """The graph as an SVG element; ``href(role_id)`` gives the URL of a role's page."""
    placed = {p.role.id: p for p in layout(roles, paths)}
    width = max((p.x for p in placed.values()), default=0) + BOX_WIDTH + MARGIN
    height = max((p.y for p in placed.values()), default=0) + BOX_HEIGHT + MARGIN
    parts = [
        (
            f'<svg class="rf-graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="group" aria-labelledby="rf-graph-title">'
        ),
        '<title id="rf-graph-title">Graphe des parcours entre les rôles</title>',
        (
            '<defs><marker id="rf-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
            'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="rf-graph__arrow"/></marker></defs>'
        ),
    ]
    for path in paths:
        a, b = placed[path.origin], placed[path.target]
        parts.append(
            f'<path class="rf-graph__edge rf-graph__edge--{path.kind}" d="{_edge(a, b)}" marker-end="url(#rf-arrow)"/>'
        )
    for p in placed.values():
        label = escape(p.role.title)
        text = "".join(
            f'<tspan x="{p.x + BOX_WIDTH // 2}" dy="{"0" if i == 0 else "1.2em"}">{escape(line)}</tspan>'
            for i, line in enumerate(_lines(p.role.title))
        )
        count = len(_lines(p.role.title))
        first_y = p.y + BOX_HEIGHT // 2 - (count - 1) * 8 + 5
        parts.append(
            f'<a href="{escape(href(p.role.id))}" class="rf-graph__node"><title>{label}</title>'
            f'<rect x="{p.x}" y="{p.y}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="8"/>'
            f'<text x="{p.x + BOX_WIDTH // 2}" y="{first_y}" text-anchor="middle">{text}</text></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _edge(a: Placed, b: Placed) -> str:
    """A straight line between columns; a bowed curve inside a column."""
    if a.x != b.x:
        left_to_right = a.x < b.x
        x1 = a.x + (BOX_WIDTH if left_to_right else 0)
        x2 = b.x + (0 if left_to_right else BOX_WIDTH)
        y1, y2 = a.y + BOX_HEIGHT // 2, b.y + BOX_HEIGHT // 2
        middle = (x1 + x2) // 2
        return f"M{x1},{y1} C{middle},{y1} {middle},{y2} {x2},{y2}"
    x = a.x + BOX_WIDTH
    y1, y2 = a.y + BOX_HEIGHT // 2 + (6 if a.y < b.y else -6), b.y + BOX_HEIGHT // 2 + (-6 if a.y < b.y else 6)
    bow = x + 40 + abs(y2 - y1) // 6
    return f"M{x},{y1} C{bow},{y1} {bow},{y2} {x},{y2}"
