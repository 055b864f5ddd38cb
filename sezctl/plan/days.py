"""Counting days: calendar days, or working days on a national calendar.

Every day count sezctl reports -- overdue, late, drift, days left, forecast slip, slack -- goes
through a :class:`DayCounter`, so one piece of maths serves both ways of counting.  Three
operations are enough:

* ``between(start, end)``: the signed number of days after ``start`` up to and including
  ``end`` (``end - start`` in calendar days; with working days, the working days in
  ``(start, end]``, negative when ``end`` is earlier).  A deadline on Friday and today Monday is
  3 calendar days or 1 working day overdue; on the Saturday in between it is 1 calendar day and
  0 working days overdue.
* ``add(start, n)``: the day ``n`` days after ``start`` (with working days, the ``n``-th working
  day after ``start``; ``add(start, 0)`` is ``start``).  ``between(start, add(start, n)) == n``.
* ``latest_start(finish, n)``: the latest day ``s`` with ``add(s, n) <= finish`` (the backward
  pass of the critical-path maths uses it).

This module is plain Python and cheap to import: the national calendar itself comes from
:mod:`sezctl.plan.calendar`, which imports the ``holidays`` package only when working days are
asked for.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Collection
from datetime import date, timedelta

from sezctl.source.config import CALENDAR, WORKING


class DayCounter(abc.ABC):
    """How days are counted; see the module docstring for the three operations.  ``name`` is
    ``"calendar"`` or ``"working"``, shown in reports and JSON as the unit of every count.

    An abstract base class rather than a ``typing.Protocol``: this module is on the start-up
    path of every command, and a protocol class costs a millisecond to create.
    """

    name = ""

    @abc.abstractmethod
    def between(self, start: date, end: date) -> int:
        """Days from ``start`` to ``end`` (negative when ``end`` is earlier)."""

    @abc.abstractmethod
    def add(self, start: date, days: int) -> date:
        """The day ``days`` days after ``start``."""

    @abc.abstractmethod
    def latest_start(self, finish: date, days: int) -> date:
        """The latest start that still allows ``days`` days of work before ``finish``."""


def _shift(day: date, days: int) -> date:
    """``day + days``, held at the first and last representable dates instead of overflowing."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


class CalendarDays(DayCounter):
    """Every day counts: the plain date arithmetic of the core."""

    name = CALENDAR

    def between(self, start: date, end: date) -> int:
        return (end - start).days

    def add(self, start: date, days: int) -> date:
        return _shift(start, days)

    def latest_start(self, finish: date, days: int) -> date:
        return _shift(finish, -days)

    def __repr__(self) -> str:
        return "CalendarDays()"


CALENDAR_DAYS = CalendarDays()

# For a year: (weekdays that are days off, Saturdays and Sundays that are working days).
YearExceptions = Callable[[int], tuple[Collection[date], Collection[date]]]


class WorkingDays(DayCounter):
    """Working days: Monday to Friday, less the days off and plus the working weekend days that
    ``exceptions(year)`` names for each year.

    The working days of the years used so far are kept as one sorted list of ordinals, so each
    operation is a binary search; the list grows (whole years at a time) when a date outside it
    is asked about, and each year's exceptions are fetched once.
    """

    name = WORKING

    def __init__(self, exceptions: YearExceptions) -> None:
        import bisect  # only working days need it

        self._bisect_left = bisect.bisect_left
        self._bisect_right = bisect.bisect_right
        self._exceptions = exceptions
        self._years: dict[int, list[int]] = {}
        self._first_year = 0
        self._last_year = -1
        self._ordinals: list[int] = []

    # -- the calendar ------------------------------------------------------------------------

    def _year_ordinals(self, year: int) -> list[int]:
        cached = self._years.get(year)
        if cached is None:
            days_off, working_weekend = self._exceptions(year)
            off = {day.toordinal() for day in days_off}
            on = {day.toordinal() for day in working_weekend}
            first = date(year, 1, 1).toordinal()
            last = date(year, 12, 31).toordinal()
            weekday = date(year, 1, 1).weekday()
            cached = []
            for ordinal in range(first, last + 1):
                if (weekday < 5 and ordinal not in off) or (weekday >= 5 and ordinal in on):
                    cached.append(ordinal)
                weekday = 0 if weekday == 6 else weekday + 1
            self._years[year] = cached
        return cached

    def _cover(self, first_year: int, last_year: int) -> None:
        """Make the ordinal list span at least ``first_year`` .. ``last_year``."""
        first_year, last_year = max(first_year, date.min.year), min(last_year, date.max.year)
        if self._first_year <= first_year and last_year <= self._last_year:
            return
        if self._last_year >= self._first_year:  # keep the list contiguous
            first_year = min(first_year, self._first_year)
            last_year = max(last_year, self._last_year)
        ordinals: list[int] = []
        for year in range(first_year, last_year + 1):
            ordinals.extend(self._year_ordinals(year))
        self._first_year, self._last_year, self._ordinals = first_year, last_year, ordinals

    def is_working_day(self, day: date) -> bool:
        ordinal = day.toordinal()
        self._cover(day.year, day.year)
        index = self._bisect_left(self._ordinals, ordinal)
        return index < len(self._ordinals) and self._ordinals[index] == ordinal

    def working_days_in(self, first: date, last: date) -> int:
        """How many working days ``first .. last`` (both included) holds.  (Counted from
        ``first`` itself, not from the day before it: 0001-01-01 has no day before it.)"""
        if first > last:
            return 0
        return self.between(first, last) + self.is_working_day(first)

    # -- the three operations ----------------------------------------------------------------

    def between(self, start: date, end: date) -> int:
        if start == end:
            return 0
        low, high = (start, end) if start < end else (end, start)
        self._cover(low.year, high.year)
        ordinals = self._ordinals
        count = self._bisect_right(ordinals, high.toordinal()) - self._bisect_right(
            ordinals, low.toordinal()
        )
        return count if end > start else -count

    def add(self, start: date, days: int) -> date:
        if days == 0:
            return start
        if days < 0:
            return self._back(start, -days)
        self._cover(start.year, start.year)
        while True:
            index = self._bisect_right(self._ordinals, start.toordinal()) + days - 1
            if index < len(self._ordinals):
                return date.fromordinal(self._ordinals[index])
            if self._last_year >= date.max.year:
                return date.max
            # At least 200 working days a year: grow by enough years in one step.
            missing = index - len(self._ordinals) + 1
            self._cover(self._first_year, self._last_year + 1 + missing // 200)

    def _back(self, start: date, days: int) -> date:
        """The ``days``-th working day before ``start``."""
        self._cover(start.year, start.year)
        while True:
            index = self._bisect_left(self._ordinals, start.toordinal()) - days
            if index >= 0:
                return date.fromordinal(self._ordinals[index])
            if self._first_year <= date.min.year:
                return date.min
            self._cover(self._first_year - 1 - (-index) // 200, self._last_year)

    def latest_start(self, finish: date, days: int) -> date:
        if days <= 0:
            return self.add(finish, -days)
        self._cover(finish.year, finish.year)
        while True:
            # The last working day on or before `finish` is the days-th after any start from the
            # (days)-th working day before it (exclusive) up to the day before the next one.
            index = self._bisect_right(self._ordinals, finish.toordinal()) - days
            if index >= 0:
                return date.fromordinal(self._ordinals[index] - 1)
            if self._first_year <= date.min.year:
                return date.min
            self._cover(self._first_year - 1 - (-index) // 200, self._last_year)

    def __repr__(self) -> str:
        return "WorkingDays()"
