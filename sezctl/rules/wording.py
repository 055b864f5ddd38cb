"""Pieces of the rules' messages whose English is fixed but whose Kazakh and Russian differ in
form, not only in words.

A finding is a :class:`~sezctl.core.i18n.Message`: its value is the English text, which JSON,
SARIF and every test compare, and :func:`~sezctl.core.i18n.localize` writes it in the language of
the run.  Two kinds of argument need more than a catalog entry:

* a date: ``2026-11-26`` in the English text, as the messages always wrote it, but
  ``26.11.2026`` in Kazakh and Russian (:func:`~sezctl.core.i18n.format_day`, which also honours
  ``date_format`` in sezctl.toml) -- :func:`day_message`;
* a status value: the files keep ``status: in-progress`` in English, so a Kazakh or Russian
  message names the value as written and says what it means, ``in-progress (в работе)``, while
  the English text stays ``in-progress`` -- :func:`status_message`.

Both are messages whose English value is set directly and whose localized form is another
pattern, formatted only when the message is shown, in the language of that moment.
"""

from __future__ import annotations

from datetime import date

from sezctl.core.i18n import N_, Message, format_day
from sezctl.core.model import STATUS_WORDS, Status


class Worded(Message):
    """A message whose English is ``english`` and whose localized form is ``template``
    formatted with ``args`` (looked up in the catalog like any message's template)."""

    def __new__(cls, english: str, template: str, args: dict[str, object]) -> Worded:
        self = str.__new__(cls, english)
        self.template, self.plural, self.number, self.args = template, None, 1, args
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (Worded, (str(self), self.template, self.args))


class _DayForPeople:
    """A date that formats itself as people read dates in the language of the moment."""

    __slots__ = ("day",)

    def __init__(self, day: date) -> None:
        self.day = day

    def __format__(self, spec: str) -> str:
        return format(format_day(self.day), spec)

    def __reduce__(self) -> tuple[object, ...]:
        return (_DayForPeople, (self.day,))


def day_message(day: date) -> Message:
    """``day`` inside a finding: ISO in the English text (``2026-11-26``), ``26.11.2026`` in
    Kazakh and Russian."""
    # "{day}" is no catalog entry: every language writes the date alone, as format_day says.
    return Worded(day.isoformat(), "{day}", {"day": _DayForPeople(day)})


def status_message(status: Status, quoted: bool = False) -> Message:
    """A status value inside a finding: ``in-progress`` (``'in-progress'`` when ``quoted``) in
    the English text; in Kazakh and Russian the value as the file writes it and what it means,
    ``in-progress (в работе)``."""
    meaning = Message(STATUS_WORDS[status], None, 1, {})
    if quoted:
        # TRANSLATORS: a status value as the file writes it, quoted, and its meaning:
        # 'in-progress' (в работе).
        template = N_("{value!r} ({meaning})")
        return Worded(repr(status.value), template, {"value": status.value, "meaning": meaning})
    # TRANSLATORS: a status value as the file writes it, and its meaning: in-progress (в работе).
    template = N_("{value} ({meaning})")
    return Worded(status.value, template, {"value": status.value, "meaning": meaning})
