"""The accessibility statement says which browser the checks ran in: the one these tests drive."""

from __future__ import annotations

import yaml
from playwright.sync_api import Browser

from helpers import REPO


def test_the_statement_names_the_browser_the_tests_use(browser: Browser) -> None:
    """framework/accessibility.yml lists the browsers of its checks with their major version;
    Chromium's here must be one of them (update the statement when Debian's Chromium moves on)."""
    statement = yaml.safe_load((REPO / "framework" / "accessibility.yml").read_text("utf-8"))
    declared = {(entry["name"], str(entry["version"]).split(".")[0]) for entry in statement["browsers"]}
    assert ("Chromium", browser.version.split(".")[0]) in declared, (browser.version, declared)
