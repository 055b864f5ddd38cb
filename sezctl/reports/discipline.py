"""Executive discipline per owner over a period: the figure an akimat reports
(``sezctl owners --period``, and the meeting pack through :func:`build_discipline_report`).

The decisions this module keeps (docs/discipline.md says the same to the user):

* **Which deadline.** Every figure is counted against the *control deadline*, the one first
  approved: the item's ``baseline:``, else the ``from`` of its first recorded reschedule, else
  its ``due``.  An instruction executed by a deadline that was moved later is still executed
  late: that is what a protocol department reports.  The moved deadline is not ignored:
  ``late_within_moved`` counts the late ones that met the current ``due``.
* **Which items.** An item (a stage or a task, or a protocol point) is due
  in the period when its control deadline falls in it, first and last day included; a cancelled
  item is never due.  It belongs to its current owner.
* **Outcome.** Done on or before the control deadline: on time; done after it: late; still open
  after it (as of ``today``): missed; still open and the deadline not passed yet: not yet due,
  which no rate counts.  The on-time rate is on time / (on time + late + missed).
* **Moves come from git, not from ``reschedules:``.**  A deadline moved by hand, with no
  ``reschedules:`` entry, is still a move; the history walk sees every commit that changed a
  ``due``.  A move is counted in the period when its commit's author date falls in it, and
  belongs to the item's owner after that commit.  A move that no ``reschedules:`` entry of the
  current files records (same ``from`` and ``to``) counts as ``unrecorded``.
* **Taken off control** counts the protocol points whose ``off_control:`` names a deciding point
  of a protocol dated in the period (:func:`off_control_events`): the date is that of the
  meeting that decided it, and the point counts for its current owner.  Such a point is closed
  without execution, so it is never "due" (like a cancelled item) and this is its only figure.

Nothing here prints or reads the clock: ``today`` and the period are inputs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from sezctl.core.dates import DateFormatError, parse_date
from sezctl.core.i18n import _, localize
from sezctl.core.model import Item, Owner, Portfolio, Status
from sezctl.core.problems import SezctlError
from sezctl.plan.days import CALENDAR_DAYS, DayCounter
from sezctl.source.fileformat import PROTOCOL_PREFIX

if TYPE_CHECKING:
    from sezctl.core.problems import Problem
    from sezctl.history.changes import FieldChange, HistorySource, State

_YEAR = re.compile(r"(\d{4})", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_QUARTER = re.compile(r"(\d{4})-[Qq]([1-4])", re.ASCII)


class Period(NamedTuple):
    """A stretch of days, ``first`` and ``last`` included; ``label`` is what the user wrote."""

    first: date
    last: date
    label: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def parse_period(text: str) -> Period:
    """``FROM..TO`` (two dates, either notation), ``YYYY``, ``YYYY-MM`` or ``YYYY-Qn``; anything
    else, or an end before the start, is a :class:`SezctlError` that shows the accepted forms."""
    forms = _(
        "write FROM..TO (2026-01-01..2026-12-31), a year (2026), a month (2026-11) or a "
        "quarter (2026-Q4)"
    )
    if (match := _YEAR.fullmatch(text)) and int(match[1]) > 0:
        year = int(match[1])
        return Period(date(year, 1, 1), date(year, 12, 31), text)
    if (match := _MONTH.fullmatch(text)) and int(match[1]) > 0 and 1 <= int(match[2]) <= 12:
        year, month = int(match[1]), int(match[2])
        return Period(date(year, month, 1), _month_end(year, month), text)
    if (match := _QUARTER.fullmatch(text)) and int(match[1]) > 0:
        year, quarter = int(match[1]), int(match[2])
        return Period(date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter), text)
    if text.count("..") == 1:
        start_text, end_text = text.split("..")
        try:
            first, last = parse_date(start_text), parse_date(end_text)
        except DateFormatError as error:
            raise SezctlError(
                _("--period {text!r}: {reason}").format(text=text, reason=localize(error.reason))
            ) from None
        if last < first:
            raise SezctlError(
                _("--period {text!r}: the period ends before it starts").format(text=text)
            )
        return Period(first, last, text)
    raise SezctlError(_("--period {text!r}: {forms}").format(text=text, forms=forms))


# -- what the report is made of ------------------------------------------------------------------


class DeadlineMove(NamedTuple):
    """One commit that changed one item's deadline: ``days`` later (negative: earlier)."""

    ref: str
    owner: str | None  # the item's owner after the commit; None if git never knew it
    day: date  # the commit's author date
    old: date
    new: date
    days: int
    commit: str
    recorded: bool  # a ``reschedules:`` entry of the current files records this move


class OffControl(NamedTuple):
    """An instruction taken off control by a decision, on ``day`` (from the protocols)."""

    ref: str
    owner: str
    day: date


def off_control_events(portfolio: Portfolio) -> list[OffControl]:
    """Every protocol point taken off control, dated by the protocol that decided it (named in
    its ``off_control: by:``, ``protocol-<date>/<point>``, so the date is known even when that
    protocol is not in the folder), for the point's owner; in file order."""
    events = []
    for item in portfolio.items:
        off = item.origin.off_control if item.origin is not None else None
        if off is None:
            continue
        try:
            day = date.fromisoformat(off.by.roadmap.removeprefix(PROTOCOL_PREFIX))
        except ValueError:  # pragma: no cover - the loader accepts only protocol-<date>/<point>
            continue
        events.append(OffControl(item.ref, item.owner, day))
    return events


def control_deadline(item: Item) -> date:
    """The deadline first approved: ``baseline``, else the first recorded move's ``from``,
    else ``due``."""
    if item.baseline is not None:
        return item.baseline
    if item.reschedules:
        return item.reschedules[0].from_date
    return item.due


@dataclass(slots=True)
class OwnerDiscipline:
    """One owner's figures for the period (``owner`` None: the total row)."""

    owner: Owner | None
    due: int = 0
    on_time: int = 0
    late: int = 0
    missed: int = 0
    not_yet_due: int = 0
    late_within_moved: int = 0
    moves: int = 0
    days_moved: int = 0
    unrecorded_moves: int = 0
    off_control: int = 0
    late_items: list[str] = field(default_factory=list)
    missed_items: list[str] = field(default_factory=list)

    @property
    def counted(self) -> int:
        """The items whose outcome is known: on time, late or missed."""
        return self.on_time + self.late + self.missed

    @property
    def on_time_percent(self) -> float | None:
        """On time as a percentage of the counted items, to one decimal; None when none."""
        if not self.counted:
            return None
        return round(100 * self.on_time / self.counted, 1)

    def add(self, other: OwnerDiscipline) -> None:
        for name in (
            "due", "on_time", "late", "missed", "not_yet_due", "late_within_moved", "moves",
            "days_moved", "unrecorded_moves", "off_control",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.late_items += other.late_items
        self.missed_items += other.missed_items


class DisciplineReport(NamedTuple):
    """``sezctl owners --period``: one row per registered owner, worst on-time rate first, and
    the total.  ``day_kind`` is the unit of ``days_moved``."""

    period: Period
    today: date
    rows: list[OwnerDiscipline]
    total: OwnerDiscipline
    day_kind: str = CALENDAR_DAYS.name


def _worst_first(row: OwnerDiscipline) -> tuple[bool, float, int, str]:
    rate = row.on_time_percent
    assert row.owner is not None
    return (rate is None, rate or 0.0, -(row.late + row.missed), row.owner.id)


def build_discipline_report(
    portfolio: Portfolio,
    period: Period,
    today: date,
    moves: Iterable[DeadlineMove] = (),
    off_control: Iterable[OffControl] | None = None,
    days: DayCounter = CALENDAR_DAYS,
) -> DisciplineReport:
    """Every registered owner's figures for ``period`` as of ``today`` (see the module
    docstring for each definition).  ``moves`` and ``off_control`` may cover any dates: only
    those in the period count; ``off_control`` defaults to the portfolio's own points
    (:func:`off_control_events`)."""
    if off_control is None:
        off_control = off_control_events(portfolio)
    rows = {owner_id: OwnerDiscipline(owner) for owner_id, owner in portfolio.owners.items()}
    for item in portfolio.items:
        row = rows.get(item.owner)
        deadline = control_deadline(item)
        status = item.effective_status
        if row is None or status is Status.CANCELLED or deadline not in period:
            continue
        row.due += 1
        if status is Status.DONE and item.done is not None:
            if item.done <= deadline:
                row.on_time += 1
            else:
                row.late += 1
                row.late_items.append(item.ref)
                row.late_within_moved += item.done <= item.due
        elif deadline < today:
            row.missed += 1
            row.missed_items.append(item.ref)
        else:
            row.not_yet_due += 1
    for move in moves:
        moved = rows.get(move.owner or "")
        if moved is not None and move.day in period:
            moved.moves += 1
            moved.days_moved += move.days
            moved.unrecorded_moves += not move.recorded
    for event in off_control:
        removed = rows.get(event.owner)
        if removed is not None and event.day in period:
            removed.off_control += 1
    ordered = sorted(rows.values(), key=_worst_first)
    total = OwnerDiscipline(None)
    for row in ordered:
        total.add(row)
    return DisciplineReport(period, today, ordered, total, days.name)


# -- moves from git ------------------------------------------------------------------------------


def deadline_moves(
    changes: list[FieldChange],
    final: State,
    portfolio: Portfolio,
    days: DayCounter = CALENDAR_DAYS,
) -> list[DeadlineMove]:
    """The deadline changes of a history walk (``changes`` oldest first, ``final`` the state
    after the last), each with the owner after its commit: the walk is read backwards from the
    final owners, undoing each reassignment after the moves of the same commit."""
    owners: dict[str, str] = {ref: facts.owner for ref, facts in final.items()}
    found: list[DeadlineMove] = []
    index = len(changes)
    while index:
        commit = changes[index - 1].commit
        start = index
        while start and changes[start - 1].commit.commit == commit.commit:
            start -= 1
        group = changes[start:index]
        for change in group:
            if change.name == "due" and isinstance(change.old, date):
                assert isinstance(change.new, date)
                found.append(_move(change, owners.get(change.ref), portfolio, days))
        for change in group:
            if change.name == "owner" and isinstance(change.old, str):
                owners[change.ref] = change.old
            elif change.name == "removed":
                owners.pop(change.ref, None)
        index = start
    found.reverse()
    return found


def _move(
    change: FieldChange, owner: str | None, portfolio: Portfolio, days: DayCounter
) -> DeadlineMove:
    old, new = change.old, change.new
    assert isinstance(old, date) and isinstance(new, date)
    item = portfolio.items_by_ref.get(change.ref)
    recorded = item is not None and any(
        entry.from_date == old and entry.to == new for entry in item.reschedules
    )
    return DeadlineMove(
        change.ref, owner, date.fromisoformat(change.commit.day), old, new,
        days.between(old, new), change.commit.commit, recorded,
    )  # fmt: skip


def read_deadline_moves(
    source: HistorySource,
    period: Period,
    portfolio: Portfolio,
    timezone: str,
    end: str = "HEAD",
    days: DayCounter = CALENDAR_DAYS,
) -> tuple[list[DeadlineMove], list[Problem]]:
    """Every deadline move committed from the start of ``period`` up to ``end``: the history
    is walked from the last commit before the period (one ``git log``, one ``cat-file``), and
    the warnings about versions that do not load are returned for the caller to show."""
    from sezctl.history.changes import walk_history
    from sezctl.history.points import commit_on_or_before

    before = period.first - timedelta(days=1) if period.first > date.min else None
    start = commit_on_or_before(source, before, timezone) if before is not None else None
    walk = walk_history(source, end, start)
    moves = deadline_moves(walk.changes, walk.final.merged(), portfolio, days)
    return [move for move in moves if move.day in period], walk.problems
