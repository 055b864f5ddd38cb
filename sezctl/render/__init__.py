"""Renderers, chosen by name.  Each turns a report object into a string or a Rich renderable.

Modules are imported only when their format is asked for, so ``--format json`` never pays for
Rich and a table never pays for ``json`` or ``csv``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

# (report, format) -> "module:function".  The CLI offers exactly the formats listed here.
RENDERERS: dict[tuple[str, str], str] = {
    ("check", "text"): "sezctl.render.problems:render_problems_text",
    ("check", "json"): "sezctl.render.problems:render_problems_json",
    ("status", "table"): "sezctl.render.table:render_status_table",
    ("status", "json"): "sezctl.render.records:render_status_json",
    ("status", "csv"): "sezctl.render.records:render_status_csv",
    ("status", "markdown"): "sezctl.render.markdown:render_status_markdown",
    ("owners", "table"): "sezctl.render.table:render_owner_table",
    ("owners", "json"): "sezctl.render.records:render_owners_json",
    ("owners", "csv"): "sezctl.render.records:render_owners_csv",
    ("owners", "markdown"): "sezctl.render.markdown:render_owners_markdown",
    ("show", "table"): "sezctl.render.table:render_item_detail",
    ("show", "json"): "sezctl.render.records:render_item_detail_json",
}


def formats_for(report: str) -> list[str]:
    """The format names available for one kind of report, in registry order."""
    return [fmt for (kind, fmt) in RENDERERS if kind == report]


def get_renderer(report: str, fmt: str) -> Callable[..., Any]:
    """Look up and import the renderer for a report kind and format name."""
    module_name, function_name = RENDERERS[(report, fmt)].split(":")
    return getattr(importlib.import_module(module_name), function_name)  # type: ignore[no-any-return]
