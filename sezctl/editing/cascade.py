"""Which items one deadline move carries with it: the plan of ``sezctl reschedule --cascade``.

One HQ decision often moves a chain (design documents -> state expertise -> procurement ->
construction).  Moved one item at a time, each move is refused until the next item has moved,
and each moved item keeps a start that no longer fits its deadline.  This module decides, on the
loaded model and before any text is touched, every move that one decision implies.

Decisions kept here:

* **A shift, not a date, travels down the chain.**  ``--by 1m`` moves every item by one calendar
  month (python-dateutil's ``relativedelta``: 2026-01-31 + 1 month = 2026-02-28, the last day of
  February, never 2026-03-03); ``--to D`` moves the first item to ``D`` and the others by the
  same number of days.
* **The start moves with the deadline** and the planned duration (``due - start``, in days) is
  kept, so the forecast, which pushes a late item's start and keeps its duration, does not
  invent risk from a start left behind.  It stays where it is when the item is in progress (its
  start is a fact, not a plan) or with ``--keep-start``.
* **Only what would become inconsistent moves** (the rules of :mod:`sezctl.rules.checks`):
  an open item that depends on a moved one and would be due on or before it
  (``due-not-after-prerequisite``) or would start before it is due
  (``starts-before-prerequisite-due``, when its start can move); an open task that would be due
  after its moved parent (``task-due-after-parent``) or start before it
  (``task-starts-before-parent``); the open parent of a moved task that would be due before it.
  Each moved item is examined in turn, so the chain is followed as far as it needs to go and
  no further: an item with enough slack stops it.
* **Finished items never move**: a done or cancelled item's deadline is history.  If the move
  makes one of them inconsistent, the check of the whole folder refuses the edit.

Pure: a portfolio and a request in, a list of :class:`Move` out; no file, no clock, no output.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sezctl.core.i18n import _
from sezctl.core.model import Item, Portfolio, Status
from sezctl.core.problems import SezctlError

_SHIFT = re.compile(r"([+-]?)(\d{1,4})([dwmy])")


@dataclass(frozen=True, slots=True)
class Shift:
    """A move of a date by calendar ``months`` and then ``days`` (either may be negative)."""

    months: int = 0
    days: int = 0

    def apply(self, day: date) -> date:
        """``day`` moved by this shift; months end on the last day of a shorter month."""
        if not self.months:
            return day + timedelta(days=self.days)
        # Imported here: dateutil costs about 20 ms to import, and only this needs it.
        from dateutil.relativedelta import relativedelta

        moved: date = day + relativedelta(months=self.months, days=self.days)
        return moved


def parse_shift(text: str) -> Shift:
    """``2w``, ``1m``, ``-3d``, ``+1y`` as a :class:`Shift`; anything else is a usage error."""
    found = _SHIFT.fullmatch(text.strip())
    if found is None or int(found.group(2)) == 0:
        raise SezctlError(
            _(
                "--by {text!r} is not a shift; write a number and a unit: 10d (days), 2w "
                "(weeks), 1m (months), 1y (years), with a minus to move earlier (-3d)"
            ).format(text=text)
        )
    sign = -1 if found.group(1) == "-" else 1
    count = sign * int(found.group(2))
    unit = found.group(3)
    if unit == "d":
        return Shift(days=count)
    if unit == "w":
        return Shift(days=7 * count)
    return Shift(months=count * (12 if unit == "y" else 1))


@dataclass(frozen=True, slots=True)
class Move:
    """One item to move: its new ``due`` and ``start`` (``None``: the start stays).

    ``cause`` is the moved item that made this one move (``None`` for the item named on the
    command line), and ``rule`` the code of the check the move avoids.
    """

    item: Item
    due: date
    start: date | None
    cause: Item | None = None
    rule: str | None = None


def moved_start(item: Item, due: date, *, keep_start: bool) -> date | None:
    """The start that keeps ``item``'s planned duration with the deadline ``due``, or ``None``
    when the start stays: none written, ``--keep-start``, or the work already in progress."""
    if not _start_can_move(item, keep_start):
        return None
    assert item.start is not None
    start = due - (item.due - item.start)
    return None if start == item.start else start


def _start_can_move(item: Item, keep_start: bool) -> bool:
    return not (keep_start or item.start is None or item.effective_status is Status.IN_PROGRESS)


def plan_moves(
    portfolio: Portfolio,
    root: Item,
    due: date,
    shift: Shift,
    *,
    keep_start: bool,
    cascade: bool,
) -> list[Move]:
    """The moves that deadline ``due`` for ``root`` implies: ``root`` first, then (with
    ``cascade``) every item that would otherwise become inconsistent, in the order found."""
    first = Move(root, due, moved_start(root, due, keep_start=keep_start))
    if not cascade:
        return [first]
    dependents: dict[str, list[Item]] = {}
    for item in portfolio.items:
        for reference in item.depends_on:
            dependents.setdefault(reference.ref, []).append(item)
    moves: dict[int, Move] = {id(root): first}
    queue = [first]
    while queue:
        move = queue.pop(0)
        for candidate, rule in _knocked_on(move, dependents, keep_start):
            if id(candidate) in moves or not candidate.is_open:
                continue
            new_due = shift.apply(candidate.due)
            follow = Move(
                candidate,
                new_due,
                moved_start(candidate, new_due, keep_start=keep_start),
                move.item,
                rule,
            )
            moves[id(candidate)] = follow
            queue.append(follow)
    return list(moves.values())


def _knocked_on(
    move: Move, dependents: dict[str, list[Item]], keep_start: bool
) -> Iterator[tuple[Item, str]]:
    """The items ``move`` makes inconsistent, each with the code of the rule it would break."""
    item = move.item
    start = move.start or item.start
    for dependent in dependents.get(item.ref, ()):
        if dependent.due <= move.due:
            yield dependent, "due-not-after-prerequisite"
        elif (
            dependent.start is not None
            and dependent.start < move.due
            and dependent.start >= item.due  # it fitted before the move
            and _start_can_move(dependent, keep_start)
        ):
            yield dependent, "starts-before-prerequisite-due"
    for task in item.tasks:
        if task.due > move.due:
            yield task, "task-due-after-parent"
        elif (
            start is not None
            and task.start is not None
            and item.start is not None
            and task.start < start
            and task.start >= item.start
            and _start_can_move(task, keep_start)
        ):
            yield task, "task-starts-before-parent"
    parent = item.parent
    if parent is not None and move.due > parent.due:
        yield parent, "task-due-after-parent"
