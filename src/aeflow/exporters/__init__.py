"""Document exporters: one module per format, registered here and discovered from this list.

Each module defines ``FORMAT`` (a :class:`Format`) and
``export(project, audience, lang, extras) -> bytes``. Adding a format is adding a module and one
name to :data:`MODULES`. Every exporter renders from :func:`aeflow.exporters.view.build_view`, the
one step that decides what each audience may see.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from aeflow.domain.project import Project
from aeflow.errors import NotFound
from aeflow.exporters.audience import Audience
from aeflow.exporters.view import Extras
from aeflow.i18n import _

MODULES = ("pptx", "xlsx", "ics", "markdown", "pdf")

ExportFunction = Callable[[Project, Audience, str, Extras], bytes]


@dataclass(frozen=True)
class Format:
    """A document format: its name on the command line, file suffix, media type and help text."""

    name: str
    suffix: str
    media_type: str
    help: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exporter:
    format: Format
    export: ExportFunction


@cache
def registry() -> dict[str, Exporter]:
    """Every exporter by format name (aliases included)."""
    out: dict[str, Exporter] = {}
    for name in MODULES:
        module = importlib.import_module(f"aeflow.exporters.{name}")
        exporter = Exporter(module.FORMAT, module.export)
        for key in (exporter.format.name, *exporter.format.aliases):
            out[key] = exporter
    return out


def names() -> list[str]:
    """The format names, in registry order, without aliases."""
    return list(dict.fromkeys(e.format.name for e in registry().values()))


def get(name: str) -> Exporter:
    try:
        return registry()[name.lower()]
    except KeyError:
        raise NotFound(_("there is no exporter for the format {name}", name=name),
                       hint=_("choose one of: {names}", names=", ".join(names()))) from None


__all__ = ["Audience", "Exporter", "Extras", "Format", "get", "names", "registry"]
