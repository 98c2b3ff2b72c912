"""The self-assessment (page ``auto-evaluation/``): what the build says about it, kept once.

The page is drawn in the browser by ``overrides/assets/javascripts/referentiel-self-assessment.js``
from the JSON export (``routes.DATA_JSON``). Its answers stay in the browser: kept, only when the
reader asks, in ``localStorage`` under ``STORAGE_KEY``, and exported or imported as a file that
follows ``self_assessment.schema.json``, published as ``routes.SELF_ASSESSMENT_SCHEMA`` and read
by the script to check an imported file. The template prints the key on the page and hands it to
the script, so the page says what it stores under the name it uses.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

#: The one localStorage key the page writes, when the reader opts in.
STORAGE_KEY = "referentiel-moa.auto-evaluation"
SCHEMA_FILE = "self_assessment.schema.json"


def schema_bytes() -> bytes:
    """The JSON Schema of an exported self-assessment, as shipped in the package."""
    return resources.files("referentiel").joinpath(SCHEMA_FILE).read_bytes()


def schema() -> dict[str, Any]:
    found: dict[str, Any] = json.loads(schema_bytes())
    return found


def file_format() -> str:
    """The ``format`` an exported file carries (the schema's constant: the script reads it there too)."""
    return str(schema()["properties"]["format"]["const"])
