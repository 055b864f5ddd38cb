"""Slippage maths (``compute_slippage``): overdue, late, drift and days-left counts in calendar
days, with today as an input, at every boundary the spec names."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sezctl.core.model import Item, Position, Status
from sezctl.plan.slippage import Slippage, compute_slippage

TODAY = date(2026, 11, 26)
HERE = Position("r.yaml", 1, 1)


def make_item(
    due: date,
    *,
    status: Status | None = None,
    done: date | None = None,
    baseline: date | None = None,
    start: date | None = None,
) -> Item:
    return Item(
        roadmap="r",
        id="a",
        title="A",
        owner="ann",
        due=due,
        position=HERE,
        key_positions={},
        start=start,
        baseline=baseline,
        done=done,
        status=status,
    )


@pytest.mark.parametrize(
    ("status", "due", "done", "expected"),
    [
        # Open items: overdue after the deadline, days left up to and including it.
        (None, date(2026, 11, 26), None, Slippage(None, None, None, 0)),
        (None, date(2026, 11, 25), None, Slippage(1, None, None, None)),
        (None, date(2026, 11, 27), None, Slippage(None, None, None, 1)),
        (Status.PLANNED, date(2026, 12, 10), None, Slippage(None, None, None, 14)),
        (Status.IN_PROGRESS, date(2026, 9, 30), None, Slippage(57, None, None, None)),
        (Status.BLOCKED, date(2026, 10, 15), None, Slippage(42, None, None, None)),
        (Status.BLOCKED, date(2027, 1, 1), None, Slippage(None, None, None, 36)),
        # Across a year: 2025-11-26 -> 2026-11-26 is 365 days.
        (Status.PLANNED, date(2025, 11, 26), None, Slippage(365, None, None, None)),
        # Cancelled: never overdue, never "due in", whatever the dates.
        (Status.CANCELLED, date(2020, 1, 1), None, Slippage(None, None, None, None)),
        (Status.CANCELLED, date(2027, 1, 1), None, Slippage(None, None, None, None)),
        (Status.CANCELLED, date(2026, 1, 1), date(2026, 2, 1), Slippage(None, None, None, None)),
        # Done: late_days = done - due, negative when early; no overdue, no days left.
        (Status.DONE, date(2026, 1, 31), date(2026, 2, 10), Slippage(None, 10, None, None)),
        (Status.DONE, date(2026, 1, 31), date(2026, 1, 27), Slippage(None, -4, None, None)),
        (Status.DONE, date(2026, 1, 31), date(2026, 1, 31), Slippage(None, 0, None, None)),
        (Status.DONE, date(2026, 12, 31), date(2026, 11, 26), Slippage(None, -35, None, None)),
        # Status absent + done date = done.
        (None, date(2026, 7, 31), date(2026, 10, 5), Slippage(None, 66, None, None)),
        # status: done without a date (a check error): closed, but nothing to measure.
        (Status.DONE, date(2026, 1, 31), None, Slippage(None, None, None, None)),
        # A done date under an open status (a check error): the written status wins.
        (Status.IN_PROGRESS, date(2026, 11, 20), date(2026, 11, 1), Slippage(6, None, None, None)),
    ],
)
def test_slippage_table(
    status: Status | None, due: date, done: date | None, expected: Slippage
) -> None:
    """Exact overdue/late/days-left values as of 2026-11-26 for each status and boundary."""
    assert compute_slippage(make_item(due, status=status, done=done), TODAY) == expected


@pytest.mark.parametrize(
    ("due", "baseline", "drift"),
    [
        (date(2026, 9, 30), date(2026, 8, 31), 30),
        (date(2026, 8, 31), date(2026, 6, 30), 62),
        (date(2026, 6, 1), date(2026, 6, 15), -14),
        (date(2026, 6, 1), date(2026, 6, 1), 0),
        (date(2026, 6, 1), None, None),
    ],
)
def test_drift_is_due_minus_baseline(due: date, baseline: date | None, drift: int | None) -> None:
    """drift_days = due - baseline (negative when pulled in), None without a baseline."""
    assert compute_slippage(make_item(due, baseline=baseline), TODAY).drift_days == drift


@pytest.mark.parametrize("status", [None, *Status])
def test_drift_does_not_depend_on_status(status: Status | None) -> None:
    """A moved deadline is reported for open, done and cancelled items alike."""
    item = make_item(date(2026, 9, 30), baseline=date(2026, 8, 31), status=status)
    assert compute_slippage(item, TODAY).drift_days == 30


def test_overdue_counts_calendar_days_over_february() -> None:
    """Calendar days, not working days: Feb 2026 has 28 days, Feb 2028 has 29."""
    assert compute_slippage(make_item(date(2026, 2, 28)), date(2026, 3, 1)).overdue_days == 1
    assert compute_slippage(make_item(date(2028, 2, 28)), date(2028, 3, 1)).overdue_days == 2


def test_start_date_does_not_affect_slippage() -> None:
    """Only due, done, baseline and status count; a start in the past or future changes nothing."""
    due = date(2026, 11, 20)
    for start in (None, date(2026, 1, 1), date(2026, 12, 1)):
        assert compute_slippage(make_item(due, start=start), TODAY) == Slippage(6, None, None, None)


# -- properties ----------------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
ITEMS = st.builds(
    make_item,
    DAYS,
    status=st.none() | st.sampled_from(Status),
    done=st.none() | DAYS,
    baseline=st.none() | DAYS,
    start=st.none() | DAYS,
)


@given(item=ITEMS, first=DAYS, second=DAYS)
def test_overdue_days_never_decrease_as_today_moves_forward(
    item: Item, first: date, second: date
) -> None:
    """For t1 <= t2, overdue_days(t1) <= overdue_days(t2), counting None as 0."""
    earlier, later = sorted((first, second))
    before = compute_slippage(item, earlier).overdue_days or 0
    after = compute_slippage(item, later).overdue_days or 0
    assert before <= after


@given(item=ITEMS, today=DAYS)
def test_open_items_are_either_overdue_or_counting_down(item: Item, today: date) -> None:
    """An open item has exactly one of overdue_days (> 0) and days_left (>= 0); a closed item
    has neither, and late/drift never depend on today."""
    slippage = compute_slippage(item, today)
    if item.is_open:
        assert (slippage.overdue_days is None) != (slippage.days_left is None)
        assert slippage.overdue_days is None or slippage.overdue_days > 0
        assert slippage.days_left is None or slippage.days_left >= 0
        assert (slippage.overdue_days or -(slippage.days_left or 0)) == (today - item.due).days
    else:
        assert slippage.overdue_days is None
        assert slippage.days_left is None
    other_day = compute_slippage(item, date(2000, 1, 1))
    assert (slippage.late_days, slippage.drift_days) == (other_day.late_days, other_day.drift_days)
