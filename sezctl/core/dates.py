"""Strict calendar dates: ``YYYY-MM-DD`` or ``DD.MM.YYYY``, nothing else.

Deadlines are official: a date that could be read two ways (``01/11/2026``) or that a library
would "helpfully" guess (``1 ноября 2026``, a date-time) is refused rather than interpreted.
So is a date with spaces or a line break around it (``' 2026-03-31 '``, ``"2026-03-31\\n"``):
the value is exactly the date, as a program reading the file would take it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, tzinfo

from sezctl.core.i18n import M, Message

# ASCII digits only: \d alone would also accept fullwidth or Arabic-Indic digits ("２０２６").
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
LOCAL_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})", re.ASCII)


class DateFormatError(ValueError):
    """The text is not a date in one of the two accepted notations, or no such day exists.

    Its ``reason`` is a :class:`~sezctl.core.i18n.Message`: English as a string (``str(error)``,
    the same in every language), and written in the run's language by ``localize``.
    """

    def __init__(self, reason: Message) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_date(text: str) -> date:
    """Parse ``YYYY-MM-DD`` or ``DD.MM.YYYY`` into a date, or raise :class:`DateFormatError`."""
    if _ISO.fullmatch(text):
        try:
            return date.fromisoformat(text)  # the common case, several times faster
        except ValueError:
            raise DateFormatError(M("{text!r} is not a real calendar date", text=text)) from None
    elif match := LOCAL_DATE.fullmatch(text):
        day, month, year = match.groups()
    elif (inner := text.strip()) != text and (_ISO.fullmatch(inner) or LOCAL_DATE.fullmatch(inner)):
        raise DateFormatError(
            M(
                "{text!r} has spaces or a line break around the date: write only the date, {date}",
                text=text,
                date=inner,
            )
        )
    else:
        raise DateFormatError(
            M(
                "{text!r} is not a date: write YYYY-MM-DD (2026-11-30) or DD.MM.YYYY (30.11.2026)",
                text=text,
            )
        )
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise DateFormatError(M("{text!r} is not a real calendar date", text=text)) from None


def format_local(day: date) -> str:
    """The ``DD.MM.YYYY`` notation used in Kazakhstan's official documents."""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def end_of(day: date, zone: tzinfo) -> datetime:
    """The last second of ``day`` in ``zone``: "on or before DAY" in git history means a
    commit made before this moment (``--as-of``, ``--since``, ``--baseline``, the trend)."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=zone)
