"""The mention of the accessibility statement in every page's footer: « Accessibilité : non
conforme », linked to the statement (RGAA 4.1 asks for it on every page). None without
framework/accessibility.yml: no page, no mention."""

from __future__ import annotations

from dataclasses import dataclass

from . import fields, routes
from .layout import ACCESSIBILITY
from .model import Framework


@dataclass(frozen=True)
class Mention:
    url: str  # the statement's page, relative to the site's root ("accessibilite/")
    status: str  # the status's French label ("non conforme")


def mention(framework: Framework) -> Mention | None:
    statement = framework.accessibility
    if statement is None:
        return None
    status = fields.label(statement.status, f"{ACCESSIBILITY.name}.status")
    return Mention(routes.page_url(routes.ACCESSIBILITY), status)
