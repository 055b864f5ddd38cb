"""Typed reports computed from a portfolio and a date; every renderer draws from these objects.

``build_status_report`` (what is late, what is at risk, what is due soon), ``build_owner_report``
(who owns the delay) and ``build_item_detail`` (one item with what it waits for and what waits
for it); :mod:`sezctl.reports.critical` builds the critical-path report from the same rows.  Every
day count goes through a :class:`~sezctl.plan.days.DayCounter` (calendar or working days).  Nothing
here prints or formats text for a terminal.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

import enum
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from sezctl.core.i18n import _, localize
from sezctl.core.model import Item, Owner, Portfolio, Status
from sezctl.core.problems import SezctlError
from sezctl.plan.days import CALENDAR_DAYS, DayCounter
from sezctl.plan.forecast import (
    NOT_FORECAST,
    Forecast,
    ItemForecast,
    compute_forecast,
    driving_chain,
)
from sezctl.plan.slippage import Slippage, compute_slippage
from sezctl.source.config import DEFAULT_WARNING_DAYS
from sezctl.source.loader import suggest

if TYPE_CHECKING:
    from sezctl.history.changes import BaselineComparison
    from sezctl.history.decisions import DecisionBook
    from sezctl.reports.skipped import Skipped


class Section(enum.Enum):
    """Where an item belongs in the status report."""

    OVERDUE = "overdue"
    AT_RISK = "at-risk"  # not overdue, but forecast to miss its deadline
    DUE_SOON = "due-soon"
    OTHER = "other"


class ItemRow(NamedTuple):
    """One item with everything a renderer needs: owner's name, slippage, section, forecast."""

    item: Item
    owner_name: str | None
    slippage: Slippage
    section: Section
    forecast: ItemForecast = NOT_FORECAST  # all None where the report computes no forecast


class StatusSummary(NamedTuple):
    """Counts over every item that passed the filters (not only the rows shown)."""

    items: int
    open: int
    overdue: int
    due_soon: int
    done: int
    worst: ItemRow | None
    at_risk: int = 0


class StatusReport(NamedTuple):
    """``rows`` is what a table shows: overdue, then at risk, then due soon, then (with --all)
    the rest.  ``day_kind`` is the unit of every day count: ``"calendar"`` or ``"working"``."""

    today: date
    warning_days: int
    rows: list[ItemRow]
    summary: StatusSummary
    include_all: bool = False
    day_kind: str = CALENDAR_DAYS.name
    baseline: "BaselineComparison | None" = None  # status --baseline REV (sezctl.history.changes)
    skipped: "Skipped | None" = None  # --skip-invalid: the files left out (sezctl.reports.skipped)
    # What a person is shown: at most ``limit`` rows of each section of the table view (None:
    # all), and ``command``, the command line that made this report (without --all and
    # --limit), which the view completes to name the one that shows what it left out.  JSON
    # and CSV always carry every row.
    limit: int | None = None
    command: tuple[str, ...] = ("sezctl", "status")

    @property
    def items(self) -> list[ItemRow]:
        """The item list of JSON and CSV: the overdue items, or every item with --all."""
        if self.include_all:
            return self.rows
        return [row for row in self.rows if row.section is Section.OVERDUE]

    @property
    def due_soon(self) -> list[ItemRow]:
        return [row for row in self.rows if row.section is Section.DUE_SOON]

    @property
    def at_risk(self) -> list[ItemRow]:
        return [row for row in self.rows if row.section is Section.AT_RISK]


def make_row(
    portfolio: Portfolio,
    item: Item,
    today: date,
    warning_days: int,
    forecast: Forecast | None = None,
    days: DayCounter = CALENDAR_DAYS,
    *,
    forecast_other: bool = True,
) -> ItemRow:
    """One item's row; its section is overdue, at risk (only with a ``forecast``), due within
    ``warning_days``, or other, in that order of precedence.  ``forecast_other=False`` leaves
    the forecast off rows of the "other" section (a report that will not show them)."""
    slippage = compute_slippage(item, today, days)
    if slippage.overdue_days is not None:
        section = Section.OVERDUE
    elif forecast is not None and forecast.is_at_risk(item):
        section = Section.AT_RISK
    elif slippage.days_left is not None and slippage.days_left <= warning_days:
        section = Section.DUE_SOON
    else:
        section = Section.OTHER
    item_forecast = NOT_FORECAST
    if forecast is not None and (forecast_other or section is not Section.OTHER):
        item_forecast = forecast[item]
    return ItemRow(item, portfolio.owner_name(item.owner), slippage, section, item_forecast)


def _worst_first(row: ItemRow) -> tuple[int, date, str]:
    return (-(row.slippage.overdue_days or 0), row.item.due, row.item.ref)


def _most_at_risk_first(row: ItemRow) -> tuple[int, date, str]:
    return (-(row.forecast.slip_days or 0), row.item.due, row.item.ref)


def _soonest_first(row: ItemRow) -> tuple[date, str]:
    return (row.item.due, row.item.ref)


def build_status_report(
    portfolio: Portfolio,
    today: date,
    *,
    owner: str | None = None,
    roadmap: str | None = None,
    warning_days: int = DEFAULT_WARNING_DAYS,
    include_all: bool = False,
    days: DayCounter = CALENDAR_DAYS,
    forecast: Forecast | None = None,
) -> StatusReport:
    """Overdue items worst first, then items at risk (largest forecast slip first), then items
    due within ``warning_days``, then (with ``include_all``) every other item by deadline.

    The forecast covers the whole portfolio, so a prerequisite outside the filters still
    pushes the items shown.  ``forecast`` is that forecast when the caller has it already
    (for ``today`` and ``days``), so a report built from several views computes it once."""
    if forecast is None:
        forecast = compute_forecast(portfolio, today, days)
    rows = [
        make_row(portfolio, item, today, warning_days, forecast, days, forecast_other=include_all)
        for item in portfolio.items
        if (owner is None or item.owner == owner) and (roadmap is None or item.roadmap == roadmap)
    ]
    overdue = sorted((r for r in rows if r.section is Section.OVERDUE), key=_worst_first)
    at_risk = sorted((r for r in rows if r.section is Section.AT_RISK), key=_most_at_risk_first)
    due_soon = sorted((r for r in rows if r.section is Section.DUE_SOON), key=_soonest_first)
    shown = overdue + at_risk + due_soon
    if include_all:
        shown += sorted((r for r in rows if r.section is Section.OTHER), key=_soonest_first)
    summary = StatusSummary(
        items=len(rows),
        open=sum(1 for r in rows if r.item.is_open),
        overdue=len(overdue),
        due_soon=len(due_soon),
        done=sum(1 for r in rows if r.item.effective_status is Status.DONE),
        worst=overdue[0] if overdue else None,
        at_risk=len(at_risk),
    )
    return StatusReport(today, warning_days, shown, summary, include_all, days.name)


class OwnerRow(NamedTuple):
    """One responsible person's share of the roadmap."""

    owner: Owner
    open: int
    overdue: int
    total_overdue_days: int
    worst: ItemRow | None


def build_owner_report(
    portfolio: Portfolio, today: date, days: DayCounter = CALENDAR_DAYS
) -> list[OwnerRow]:
    """Every registered owner, most overdue days first."""
    rows_by_owner: dict[str, list[ItemRow]] = {owner_id: [] for owner_id in portfolio.owners}
    for item in portfolio.items:
        if item.owner in rows_by_owner:
            rows_by_owner[item.owner].append(make_row(portfolio, item, today, 0, days=days))
    result = []
    for owner_id, rows in rows_by_owner.items():
        overdue = sorted((r for r in rows if r.section is Section.OVERDUE), key=_worst_first)
        result.append(
            OwnerRow(
                owner=portfolio.owners[owner_id],
                open=sum(1 for r in rows if r.item.is_open),
                overdue=len(overdue),
                total_overdue_days=sum(r.slippage.overdue_days or 0 for r in overdue),
                worst=overdue[0] if overdue else None,
            )
        )
    result.sort(key=lambda r: (-r.total_overdue_days, -r.overdue, -r.open, r.owner.id))
    return result


class OwnerReport(NamedTuple):
    """``sezctl owners``: one row per registered owner, as of ``today``, counted in ``days``
    (the name of the day counter: calendar or working days)."""

    rows: list[OwnerRow]
    today: date
    day_kind: str = CALENDAR_DAYS.name
    skipped: "Skipped | None" = None  # --skip-invalid: the files left out (sezctl.reports.skipped)


class ItemDetail(NamedTuple):
    """One item, the items it depends on, the items that depend on it, and its tasks; with its
    slack against its roadmap's forecast end and the chain of drivers that pushes it."""

    row: ItemRow
    parent: ItemRow | None
    prerequisites: list[ItemRow]
    missing_prerequisites: list[str]
    dependents: list[ItemRow]
    tasks: list[ItemRow]
    today: date
    slack_days: int | None = None  # None: done or cancelled, nothing to slip
    roadmap_end: date | None = None
    driving_chain: tuple[ItemRow, ...] = ()  # nearest driver first
    day_kind: str = CALENDAR_DAYS.name
    # The protocols the item's recorded moves and reassignments name, read from the files
    # (`show` reads no git history); None: none given, nothing resolves.
    decisions: "DecisionBook | None" = None


def find_ref(refs: Iterable[str], text: str, in_history: bool = False) -> str:
    """Resolve ``roadmap/item``, or a bare item id unique across roadmaps, among ``refs``;
    an unknown one is an error naming the closest id (``in_history``: the refs are every item
    the git history knows, and the message says so)."""
    known = list(dict.fromkeys(refs))
    if text in known:
        return text
    candidates: Iterable[str] = known
    if "/" not in text:
        matches = [ref for ref in known if ref.split("/", 1)[1] == text]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise SezctlError(
                _("item id {id!r} is in several roadmaps ({refs}); give roadmap/id").format(
                    id=text, refs=", ".join(matches)
                )
            )
        candidates = {ref.split("/", 1)[1] for ref in known}
    hint = localize(suggest(text, candidates))
    if in_history:
        raise SezctlError(_("no item {id!r} in the history{hint}").format(id=text, hint=hint))
    raise SezctlError(_("no item {id!r}{hint}").format(id=text, hint=hint))


def find_item(portfolio: Portfolio, text: str) -> Item:
    """Resolve ``roadmap/item`` or a bare item id that is unique across roadmaps."""
    return portfolio.items_by_ref[find_ref(portfolio.items_by_ref, text)]


def build_item_detail(
    portfolio: Portfolio,
    item: Item,
    today: date,
    warning_days: int = DEFAULT_WARNING_DAYS,
    days: DayCounter = CALENDAR_DAYS,
) -> ItemDetail:
    forecast = compute_forecast(portfolio, today, days)

    def row(other: Item) -> ItemRow:
        return make_row(portfolio, other, today, warning_days, forecast, days)

    prerequisites, missing = [], []
    for reference in item.depends_on:
        prerequisite = portfolio.items_by_ref.get(reference.ref)
        if prerequisite is None:
            missing.append(reference.ref)
        else:
            prerequisites.append(row(prerequisite))
    dependents = [
        row(other)
        for other in portfolio.items
        if any(reference.ref == item.ref for reference in other.depends_on)
    ]
    return ItemDetail(
        row=row(item),
        parent=row(item.parent) if item.parent else None,
        prerequisites=prerequisites,
        missing_prerequisites=missing,
        dependents=dependents,
        tasks=[row(task) for task in item.tasks],
        today=today,
        slack_days=forecast.slack(item.roadmap).get(item),
        roadmap_end=forecast.roadmap_end(item.roadmap),
        driving_chain=tuple(row(driver) for driver in driving_chain(forecast, item)),
        day_kind=days.name,
        decisions=_decision_book(portfolio, item),
    )


def _decision_book(portfolio: Portfolio, item: Item) -> "DecisionBook | None":
    """The protocols, for an item that records moves or reassignments (imported only then)."""
    if not item.reschedules and not item.reassignments:
        return None
    from sezctl.history.decisions import DecisionBook

    return DecisionBook.of(portfolio)
