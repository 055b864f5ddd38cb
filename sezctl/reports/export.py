"""Exports: every item of a portfolio, for calendars, charts and spreadsheets.

:func:`build_export` computes one :class:`ExportReport`; the renderers registered as
``("export", FORMAT)`` in :mod:`sezctl.render` turn it into ICS, a Mermaid Gantt chart, CSV or
JSON.  Like every report, it takes ``today`` as data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sezctl.core.model import Owner, Portfolio, Roadmap
from sezctl.reports.status import ItemRow, make_row
from sezctl.source.config import DEFAULT_WARNING_DAYS

if TYPE_CHECKING:
    from sezctl.reports.skipped import Skipped


@dataclass(frozen=True, slots=True)
class ExportReport:
    """Every item (in file order) of the roadmaps, or only one owner's."""

    today: date
    rows: list[ItemRow]
    roadmaps: list[Roadmap]  # those with at least one exported item, in file order
    owner: Owner | None = None
    skipped: Skipped | None = None  # --skip-invalid: the files left out


def build_export(
    portfolio: Portfolio,
    today: date,
    *,
    owner: str | None = None,
    warning_days: int = DEFAULT_WARNING_DAYS,
    skipped: Skipped | None = None,
) -> ExportReport:
    """The items to export: all of them, or those of ``owner`` (an id in the registry).
    ``skipped`` is what ``--skip-invalid`` left out of ``portfolio``."""
    rows = [
        make_row(portfolio, item, today, warning_days)
        for item in portfolio.items
        if owner is None or item.owner == owner
    ]
    used = {row.item.roadmap for row in rows}
    roadmaps = [roadmap for roadmap in portfolio.roadmaps if roadmap.id in used]
    return ExportReport(
        today, rows, roadmaps, portfolio.owners.get(owner) if owner is not None else None, skipped
    )
