"""Slippage maths.  Pure functions of an item and ``today``; the clock is never read here.

Definitions (in calendar days, or in working days with a working-day counter, see
:mod:`sezctl.plan.days`; ``a - b`` below is ``days.between(b, a)``):

* ``overdue_days = today - due`` for an *open* item (neither done nor cancelled) whose deadline
  has passed.  An item due today is not overdue yet; otherwise the value is ``None``.  Whether
  an item is overdue is decided by the dates alone, so in working days an item due on Friday is
  overdue by 0 working days on the Saturday after.
* ``late_days = done - due`` for a done item: positive when late, negative when early.
* ``drift_days = due - baseline`` when a baseline is given: how far the deadline has moved.
* ``days_left = due - today`` for an open item that is not overdue.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

from datetime import date
from typing import NamedTuple

from sezctl.core.model import Item, Status
from sezctl.plan.days import CALENDAR_DAYS, DayCounter


class Slippage(NamedTuple):
    """The day counts of one item on one day; ``None`` where a count does not apply."""

    overdue_days: int | None
    late_days: int | None
    drift_days: int | None
    days_left: int | None


def compute_slippage(item: Item, today: date, days: DayCounter = CALENDAR_DAYS) -> Slippage:
    """The slippage of one item as of ``today``, counted with ``days``."""
    if days is CALENDAR_DAYS:  # the common case, for every item of a report: no method calls
        return _calendar_slippage(item, today)
    overdue = None
    days_left = None
    if item.is_open:
        if today > item.due:
            overdue = days.between(item.due, today)
        else:
            days_left = days.between(today, item.due)
    late = None
    if item.done is not None and item.effective_status is Status.DONE:
        late = days.between(item.due, item.done)
    drift = days.between(item.baseline, item.due) if item.baseline is not None else None
    return Slippage(overdue, late, drift, days_left)


def _calendar_slippage(item: Item, today: date) -> Slippage:
    overdue = None
    days_left = None
    if item.is_open:
        delta = (today - item.due).days
        if delta > 0:
            overdue = delta
        else:
            days_left = -delta
    late = None
    if item.done is not None and item.effective_status is Status.DONE:
        late = (item.done - item.due).days
    drift = (item.due - item.baseline).days if item.baseline is not None else None
    return Slippage(overdue, late, drift, days_left)
