"""The headquarters' meeting cadence: which days it meets, the meeting after a day, and how many
meetings lie between two days.  Pure: the days come in as arguments, the clock is never read.

The cadence is an RFC 5545 recurrence rule (``[meetings]`` in ``sezctl.toml``, checked there for
its shape), expanded with python-dateutil's ``rrule``: weekly on Thursdays is
``FREQ=WEEKLY;BYDAY=TH``, every other Thursday adds ``INTERVAL=2``, the last day of each month is
``FREQ=MONTHLY;BYMONTHDAY=-1`` (rrule skips a month without the day, so ``BYMONTHDAY=31`` would
leave out April; ``-1`` is each month's own end).  The rule counts from its first meeting
(``start``): an interval of two weeks means two weeks from that day.

dateutil is imported here only, and only the agenda imports this module (its import costs about
8.5 ms measured with -X importtime): no other command pays for it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sezctl.core.i18n import _
from sezctl.core.problems import SezctlError

if TYPE_CHECKING:
    from dateutil.rrule import rrule

_WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class MeetingCadence:
    """The meeting days of one rule, counted from ``start`` (itself a meeting if the rule
    allows it)."""

    def __init__(self, rule: str, start: date) -> None:
        from dateutil.rrule import rrulestr

        self.rule_text = rule
        self.start = start
        try:
            made = rrulestr(rule, dtstart=datetime(start.year, start.month, start.day), cache=True)
        except (ValueError, TypeError) as exc:
            raise SezctlError(
                _("[meetings] rrule {rule!r} is not a rule dateutil can read: {error}").format(
                    rule=rule, error=exc
                )
            ) from None
        self.rule: rrule = made  # type: ignore[assignment]

    def next_after(self, day: date) -> date | None:
        """The first meeting strictly after ``day`` (None if the rule has ended)."""
        found = self.rule.after(_midnight(day), inc=False)
        return None if found is None else found.date()

    def last_before(self, day: date) -> date | None:
        """The last meeting strictly before ``day`` (None if there is none)."""
        found = self.rule.before(_midnight(day), inc=False)
        return None if found is None else found.date()

    def is_meeting_day(self, day: date) -> bool:
        return self.rule.after(_midnight(day), inc=True) == _midnight(day)

    def meetings_between(self, after: date, until: date) -> int:
        """The meetings after ``after`` up to and including ``until``: how many meetings a
        point of the protocol of ``after`` has been carried to by the meeting of ``until``."""
        if until <= after:
            return 0
        inside = self.rule.between(_midnight(after), _midnight(until), inc=False)
        return len(inside) + (1 if self.is_meeting_day(until) else 0)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def cadence_for(
    rule: str | None, start: date | None, protocol_days: list[date], today: date
) -> MeetingCadence:
    """The project's cadence: the configured rule from its ``start`` (default: the earliest
    protocol, or ``today``); without one, weekly on the weekday of the latest protocol (or of
    ``today`` when there is none yet)."""
    if rule is None:
        latest = max(protocol_days) if protocol_days else today
        weekly = f"FREQ=WEEKLY;BYDAY={_WEEKDAY_CODES[latest.weekday()]}"
        return MeetingCadence(weekly, min([latest, *protocol_days]))
    if start is None:
        start = min(protocol_days) if protocol_days else today
    return MeetingCadence(rule, start)
