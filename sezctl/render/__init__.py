"""Renderers, chosen by format name: each turns one report object into a string, a Rich
renderable, (CSV) a :class:`~sezctl.render.spreadsheet.CsvTable` or (an output that grows with
the portfolio) a :class:`~sezctl.render.streamed.StreamedText` that writes itself to the stream
the command line hands it, and never prints.

Each report family has one typed :class:`Renderers` table (``STATUS``, ``CHECK``, ...): the
formats it offers, and for each the ``module:function`` that lays it out.  A renderer takes
exactly the report and nothing else, so the table's type says what every format of the family
is given.  Modules are imported only when their format is asked for, so ``--format json`` never
pays for Rich and a table never pays for ``json`` or ``csv``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, Union

if TYPE_CHECKING:
    from rich.console import RenderableType

    from sezctl.history.changes import DiffReport, ItemHistory
    from sezctl.plan.calendar import CalendarYear
    from sezctl.render.spreadsheet import CsvTable
    from sezctl.render.streamed import StreamedText
    from sezctl.reports.agenda import Agenda
    from sezctl.reports.check import CheckReport
    from sezctl.reports.critical import CriticalReport
    from sezctl.reports.discipline import DisciplineReport
    from sezctl.reports.export import ExportReport
    from sezctl.reports.meeting import MeetingPack
    from sezctl.reports.status import ItemDetail, OwnerReport, StatusReport

R = TypeVar("R")
Rendered = Union[str, "RenderableType", "CsvTable", "StreamedText"]


class Renderers(Generic[R]):
    """The formats of one report family: format name -> ``"module:function"``."""

    def __init__(self, family: str, formats: dict[str, str]) -> None:
        self.family = family
        self.formats = formats

    def renderer(self, fmt: str) -> Callable[[R], Rendered]:
        """The function for ``fmt``, imported now (a format the CLI offers always exists)."""
        module_name, function_name = self.formats[fmt].split(":")
        function: Callable[[R], Rendered] = getattr(
            importlib.import_module(module_name), function_name
        )
        return function

    def render(self, report: R, fmt: str) -> Rendered:
        return self.renderer(fmt)(report)


CHECK: Renderers[CheckReport] = Renderers("check", {
    "text": "sezctl.render.problems:render_problems_text",
    "json": "sezctl.render.problems:render_problems_json",
    "github": "sezctl.render.github:render_problems_github",
    "sarif": "sezctl.render.sarif:render_problems_sarif",
})  # fmt: skip
STATUS: Renderers[StatusReport] = Renderers("status", {
    "table": "sezctl.render.table:render_status_table",
    "json": "sezctl.render.records:render_status_json",
    "csv": "sezctl.render.records:render_status_csv",
    "markdown": "sezctl.render.markdown:render_status_markdown",
})  # fmt: skip
OWNERS: Renderers[OwnerReport] = Renderers("owners", {
    "table": "sezctl.render.table:render_owner_table",
    "json": "sezctl.render.records:render_owners_json",
    "csv": "sezctl.render.records:render_owners_csv",
    "markdown": "sezctl.render.markdown:render_owners_markdown",
})  # fmt: skip
DISCIPLINE: Renderers[DisciplineReport] = Renderers("discipline", {
    "table": "sezctl.render.discipline:render_discipline_table",
    "json": "sezctl.render.discipline:render_discipline_json",
    "csv": "sezctl.render.discipline:render_discipline_csv",
    "markdown": "sezctl.render.discipline:render_discipline_markdown",
})  # fmt: skip
SHOW: Renderers[ItemDetail] = Renderers("show", {
    "table": "sezctl.render.table:render_item_detail",
    "json": "sezctl.render.records:render_item_detail_json",
})  # fmt: skip
CRITICAL: Renderers[CriticalReport] = Renderers("critical", {
    "table": "sezctl.render.table:render_critical_table",
    "json": "sezctl.render.records:render_critical_json",
})  # fmt: skip
CALENDAR: Renderers[CalendarYear] = Renderers("calendar", {
    "table": "sezctl.render.calendar:render_calendar_table",
    "json": "sezctl.render.calendar:render_calendar_json",
})  # fmt: skip
EXPORT: Renderers[ExportReport] = Renderers("export", {
    "ics": "sezctl.render.ics:render_export_ics",
    "mermaid": "sezctl.render.mermaid:render_export_mermaid",
    "csv": "sezctl.render.exports:render_export_csv",
    "json": "sezctl.render.exports:render_export_json",
})  # fmt: skip
DIFF: Renderers[DiffReport] = Renderers("diff", {
    "table": "sezctl.render.history:render_diff_table",
    "json": "sezctl.render.history:render_diff_json",
    "markdown": "sezctl.render.history:render_diff_markdown",
})  # fmt: skip
HISTORY: Renderers[ItemHistory] = Renderers("history", {
    "table": "sezctl.render.history:render_history_table",
    "json": "sezctl.render.history:render_history_json",
})  # fmt: skip
MEETING: Renderers[MeetingPack] = Renderers("report", {
    "markdown": "sezctl.render.meeting:render_meeting_markdown",
    "html": "sezctl.render.meeting:render_meeting_html",
    "json": "sezctl.render.meeting:render_meeting_json",
})  # fmt: skip
AGENDA: Renderers[Agenda] = Renderers("agenda", {
    "table": "sezctl.render.agenda:render_agenda_table",
    "json": "sezctl.render.agenda:render_agenda_json",
    "markdown": "sezctl.render.agenda:render_agenda_markdown",
})  # fmt: skip

FAMILIES: tuple[Renderers[Any], ...] = (
    CHECK, STATUS, OWNERS, DISCIPLINE, SHOW, CRITICAL, CALENDAR, EXPORT, DIFF, HISTORY, MEETING,
    AGENDA,
)  # fmt: skip
