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
    ("check", "github"): "sezctl.render.github:render_problems_github",
    ("check", "sarif"): "sezctl.render.sarif:render_problems_sarif",
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
    ("critical", "table"): "sezctl.render.table:render_critical_table",
    ("critical", "json"): "sezctl.render.records:render_critical_json",
    ("calendar", "table"): "sezctl.render.calendar:render_calendar_table",
    ("calendar", "json"): "sezctl.render.calendar:render_calendar_json",
    ("export", "ics"): "sezctl.render.ics:render_export_ics",
    ("export", "mermaid"): "sezctl.render.mermaid:render_export_mermaid",
    ("export", "csv"): "sezctl.render.exports:render_export_csv",
    ("export", "json"): "sezctl.render.exports:render_export_json",
    ("diff", "table"): "sezctl.render.history:render_diff_table",
    ("diff", "json"): "sezctl.render.history:render_diff_json",
    ("diff", "markdown"): "sezctl.render.history:render_diff_markdown",
    ("history", "table"): "sezctl.render.history:render_history_table",
    ("history", "json"): "sezctl.render.history:render_history_json",
    ("report", "markdown"): "sezctl.render.meeting:render_meeting_markdown",
    ("report", "html"): "sezctl.render.meeting:render_meeting_html",
    ("report", "json"): "sezctl.render.meeting:render_meeting_json",
}


def get_renderer(report: str, fmt: str) -> Callable[..., Any]:
    """Look up and import the renderer for a report kind and format name."""
    module_name, function_name = RENDERERS[(report, fmt)].split(":")
    return getattr(importlib.import_module(module_name), function_name)  # type: ignore[no-any-return]
