"""The critical-path report of ``sezctl critical``: for each roadmap, the chain of items that
sets its forecast end and every other open item by slack (the maths is in
:mod:`sezctl.plan.forecast`).  Kept apart from :mod:`sezctl.reports.status` so that ``sezctl
status`` does not pay for it at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sezctl.core.model import Item, Portfolio, Roadmap, Status
from sezctl.plan.days import CALENDAR_DAYS, DayCounter
from sezctl.plan.forecast import compute_forecast
from sezctl.reports.status import ItemRow, make_row
from sezctl.source.config import DEFAULT_WARNING_DAYS

if TYPE_CHECKING:
    from sezctl.reports.skipped import Skipped


@dataclass(frozen=True, slots=True)
class CriticalRow:
    """An item on (or near) a critical path, with its slack in days (``None``: done)."""

    row: ItemRow
    slack_days: int | None


@dataclass(frozen=True, slots=True)
class CriticalPath:
    """What sets one roadmap's forecast end: the chain (where it starts first), then the
    roadmap's other open items by slack, least first."""

    roadmap: Roadmap
    planned_end: date | None  # the latest deadline of the roadmap's items
    forecast_end: date | None  # the latest forecast finish
    end_slip_days: int | None
    chain: list[CriticalRow]
    others: list[CriticalRow]


@dataclass(frozen=True, slots=True)
class CriticalReport:
    today: date
    paths: list[CriticalPath]
    day_kind: str = CALENDAR_DAYS.name
    skipped: Skipped | None = None  # --skip-invalid: the files left out


def build_critical_report(
    portfolio: Portfolio,
    today: date,
    roadmap: str | None = None,
    days: DayCounter = CALENDAR_DAYS,
    *,
    warning_days: int = DEFAULT_WARNING_DAYS,
    skipped: Skipped | None = None,
) -> CriticalReport:
    """The critical path of one roadmap, or of every roadmap in file order.  Each row's section
    (overdue, at risk, due soon) is decided as ``sezctl status`` decides it, with the same
    ``warning_days``.  ``skipped`` is what ``--skip-invalid`` left out of ``portfolio``."""
    forecast = compute_forecast(portfolio, today, days)
    chosen = [r for r in portfolio.roadmaps if roadmap is None or r.id == roadmap]
    # Each roadmap's items, grouped in one pass: picked out of all the portfolio's items for
    # each roadmap, they made the report roadmaps x items (docs/performance.md, issue 15).
    items_of: dict[str, list[Item]] = {}
    for item in portfolio.items:
        if roadmap is None or item.roadmap == roadmap:
            items_of.setdefault(item.roadmap, []).append(item)
    seen: set[str] = set()
    paths = []
    for plan in chosen:
        if plan.id in seen:  # a duplicate roadmap id (an error `check` reports): once is enough
            continue
        seen.add(plan.id)
        slack = forecast.slack(plan.id)

        def critical_row(item: Item, slack: dict[Item, int] = slack) -> CriticalRow:
            return CriticalRow(
                make_row(portfolio, item, today, warning_days, forecast, days),
                slack.get(item),
            )

        chain = forecast.critical_path(plan.id)
        on_chain = set(chain)
        items = items_of.get(plan.id, [])
        others = sorted(
            (item for item in items if item.is_open and item not in on_chain),
            key=lambda item: (slack.get(item, 0), forecast[item].finish or item.due, item.ref),
        )
        deadlines = [i.due for i in items if _counts(i)]
        planned_end = max(deadlines) if deadlines else None
        forecast_end = forecast.roadmap_end(plan.id)
        paths.append(
            CriticalPath(
                roadmap=plan,
                planned_end=planned_end,
                forecast_end=forecast_end,
                end_slip_days=days.between(planned_end, forecast_end)
                if planned_end and forecast_end
                else None,
                chain=[critical_row(item) for item in chain],
                others=[critical_row(item) for item in others],
            )
        )
    return CriticalReport(today, paths, days.name, skipped)


def _counts(item: Item) -> bool:
    return item.effective_status is not Status.CANCELLED
