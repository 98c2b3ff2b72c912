"""Unit tests of the loader: safe YAML with positions, with libyaml and with the pure-Python fallback."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helpers import fixture
from referentiel import sources
from referentiel.sources import load_front_matter, parse_yaml


@pytest.fixture(params=["libyaml", "python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run each test with both loaders: positions and refusals must not depend on libyaml."""
    if request.param == "libyaml":
        if not yaml.__with_libyaml__:
            pytest.skip("PyYAML was built without libyaml on this machine")
        monkeypatch.setattr(sources, "Loader", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(sources, "Loader", yaml.SafeLoader)
    name: str = request.param
    return name


def test_positions_of_values_and_keys(loader: str) -> None:
    document, problems = parse_yaml("id: x\nlevels:\n  1: un\n  2: deux\nlist:\n  - a\n  - b\n", "f.yml")
    assert not problems and document is not None
    assert document.data == {"id": "x", "levels": {"1": "un", "2": "deux"}, "list": ["a", "b"]}
    assert document.position(("levels", "2")) == (4, 6)
    assert document.position(("levels", "2"), key=True) == (4, 3)
    assert document.position(("list", 1)) == (7, 5)
    assert document.position(("missing", "deeper")) == (1, 1)
    assert document.position(("levels", "9")) == (3, 3)  # nearest ancestor: the mapping


def test_dates_stay_strings_and_keys_stay_as_written(loader: str) -> None:
    document, _ = parse_yaml("date: 2024-05-01\n1: un\ntrue: oui\n", "f.yml")
    assert document is not None
    assert document.data == {"date": "2024-05-01", "1": "un", "true": "oui"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: !!python/object/apply:os.system [ls]\n",
            "1:4: étiquette YAML non acceptée : !!python/object/apply:os.system",
        ),
        ("a: !!python/name:os.system\n", "1:4: étiquette YAML non acceptée"),
        ("a: !custom x\n", "1:4: étiquette YAML non acceptée : !custom"),
        ("a: &x 1\nb: *x\n", "1:4: les ancres et alias YAML"),
        ("base: &b {x: 1}\nc:\n  <<: *b\n", "clé invalide"),
        ("a: 1\na: 2\n", "2:1: la clé « a » apparaît deux fois"),
        ("[1, 2]\n", "1:1: le fichier doit être une suite de champs"),
        ("just text\n", "1:1: le fichier doit être une suite de champs"),
        ("# only a comment\n", "1:1: le fichier est vide"),
        ("a:\n\tb: 1\n", "2:1: tabulation dans l'indentation"),
        ("a: b: c\n", "1:5: deux-points inattendu"),
        ("a: 'ouvert\nb: 2\n", "1:4: guillemet ouvert ici mais jamais fermé"),
        ("{a: 1\n", "syntaxe YAML invalide"),
    ],
)
def test_refusals(loader: str, text: str, expected: str) -> None:
    document, problems = parse_yaml(text, "f.yml")
    assert document is None
    assert any(expected in str(problem) for problem in problems), [str(p) for p in problems]


def test_alias_bomb_is_refused_quickly(loader: str) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"] + [
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 30)
    ]
    document, problems = parse_yaml("\n".join(lines) + "\n", "f.yml")
    assert document is None and "ancres et alias" in str(problems[0])


def test_non_utf8_position(tmp_path: Path) -> None:
    path = tmp_path / "f.yml"
    path.write_bytes(b"id: x\ntitle: caf\xe9\n")
    document, problems = sources.load_yaml_file(path, "f.yml")
    assert document is None
    assert str(problems[0]).startswith("f.yml:2:11: le fichier n'est pas encodé en UTF-8")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "f.yml"
    path.write_bytes("\ufeffid: x\n".encode("utf-8"))
    document, problems = sources.load_yaml_file(path, "f.yml")
    assert not problems and document is not None and document.data == {"id": "x"}


def test_front_matter_positions_are_file_lines(tmp_path: Path, loader: str) -> None:
    path = tmp_path / "page.md"
    path.write_text("---\ntitle: Page\nformat: [atelier\n---\n# Page\n", "utf-8")
    _, problems = load_front_matter(path, "page.md")
    assert problems and problems[0].line == 4  # the unclosed list is reported in the file's numbering
    path.write_text("---\ntitle: Page\nlevel: 2\n---\n# Page\n", "utf-8")
    document, problems = load_front_matter(path, "page.md")
    assert not problems and document is not None and document.position(("level",)) == (3, 8)
    path.write_text("# No front matter\n", "utf-8")
    assert load_front_matter(path, "page.md") == (None, [])


def test_real_malformed_front_matter_is_reported_with_its_line(loader: str) -> None:
    """Monzo's people.md has a TAB after a list dash in its front matter: a real-world input."""
    path = fixture("external/monzo-progression-framework/people.md")
    document, problems = load_front_matter(path, "people.md")
    assert document is None
    assert [str(p).split(" — ")[0] for p in problems] == ["people.md:205:12: tabulation dans l'indentation"]


def test_real_wellformed_front_matter_loads(loader: str) -> None:
    path = fixture("external/monzo-progression-framework/generic.md")
    document, problems = load_front_matter(path, "generic.md")
    assert not problems and document is not None
    assert "topics" in document.data
