"""`sezctl export --format ics`: deadlines as all-day events, for any calendar program.

Built with the ``icalendar`` package (imported only here, only for this format).  Re-exporting
an unchanged roadmap gives identical bytes, so a calendar subscription or a file in git only
changes when the roadmap does:

* ``UID`` is the item's reference, ``roadmap-id/item-id@sezctl``: the same event every time.
* ``DTSTAMP`` comes from the data, not the clock: the latest of the roadmap's approval date,
  the item's recorded reschedule decisions and its done date (the deadline when there is none).
* ``SEQUENCE`` is the number of recorded moves of the deadline, so a calendar that already has
  the event sees a moved deadline as a newer version of it.

Nothing depends on "today": days overdue belong to ``sezctl status``, not to a calendar.

The calendar's name and each event's ``DESCRIPTION`` are for people: they are written in the
language of the run (dates too, 26.11.2026 in Kazakh and Russian).  The structure, ``UID``,
``DTSTART``, ``DTSTAMP`` and ``CATEGORIES`` never change with the language.

An event lasts its deadline's day: ``DTEND`` is the next day (exclusive, as RFC 5545 wants for
all-day events).  A deadline on 9999-12-31 has no next day in any calendar program's date type,
so that event has no ``DTEND``, which RFC 5545 (3.6.1) reads as the same one day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from sezctl.core.i18n import _, format_day
from sezctl.core.model import Item, Roadmap, Status
from sezctl.render.streamed import StreamedText, TextStream
from sezctl.render.text import status_label
from sezctl.reports.export import ExportReport
from sezctl.reports.status import ItemRow

if TYPE_CHECKING:
    from icalendar import Calendar, Event

PRODID = "-//sezctl//roadmap deadlines//EN"
_CALENDAR_END = b"END:VCALENDAR\r\n"
_EVENTS_PER_WRITE = 200


def last_recorded_change(item: Item, roadmap: Roadmap | None) -> date:
    """The latest date the files record for an item (see the module docstring)."""
    days = [entry.on for entry in item.reschedules]
    if item.done is not None:
        days.append(item.done)
    if roadmap is not None and roadmap.approved is not None:
        days.append(roadmap.approved)
    return max(days, default=item.due)


def _description(row: ItemRow) -> str:
    item = row.item
    lines = [
        item.ref,
        _("Owner: {name} ({owner})").format(name=row.owner_name or item.owner, owner=item.owner),
        _("Status: {status}").format(status=status_label(item.effective_status)),
    ]
    if item.start is not None:
        lines.append(_("Start: {date}").format(date=format_day(item.start)))
    if item.baseline is not None and item.baseline != item.due:
        lines.append(_("Baseline: {date}").format(date=format_day(item.baseline)))
    if item.done is not None:
        lines.append(_("Done: {date}").format(date=format_day(item.done)))
    if item.depends_on:
        refs = ", ".join(reference.ref for reference in item.depends_on)
        lines.append(_("Depends on: {refs}").format(refs=refs))
    if item.note:
        lines.append(item.note)
    return "\n".join(lines)


def render_export_ics(report: ExportReport) -> StreamedText:
    return StreamedText(partial(_write_export_ics, report))


def _write_export_ics(report: ExportReport, stream: TextStream) -> None:
    """The calendar, written one event at a time: the calendar's own lines, each event as
    ``icalendar`` writes it, then the calendar's end.  That is what ``Calendar.to_ical()``
    writes of the calendar holding every event (its properties first, then its components in
    the order they were added), without holding them all (docs/performance.md)."""
    empty: bytes = deadline_calendar(report).to_ical()
    assert empty.endswith(_CALENDAR_END)
    stream.write(empty[: -len(_CALENDAR_END)].decode("utf-8"))
    roadmaps = {roadmap.id: roadmap for roadmap in report.roadmaps}
    pieces: list[str] = []
    for row in report.rows:
        lines: bytes = deadline_event(row, roadmaps.get(row.item.roadmap)).to_ical()
        pieces.append(lines.decode("utf-8"))
        if len(pieces) == _EVENTS_PER_WRITE:
            stream.write("".join(pieces))
            pieces.clear()
    pieces.append(_CALENDAR_END.decode("ascii"))
    stream.write("".join(pieces))


def deadline_calendar(report: ExportReport) -> Calendar:
    """The calendar, without its events: its properties, its name in the run's language."""
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = _("Roadmap deadlines")
    if report.owner is not None:
        name = _("Roadmap deadlines: {owner}").format(owner=report.owner.name)
    calendar.add("x-wr-calname", name)
    return calendar


def deadline_event(row: ItemRow, roadmap: Roadmap | None) -> Event:
    """One item's all-day event (module docstring); ``roadmap`` is the item's."""
    from icalendar import Event

    item = row.item
    stamp = last_recorded_change(item, roadmap)
    event = Event()
    event.add("uid", f"{item.ref}@sezctl")
    event.add("dtstamp", datetime(stamp.year, stamp.month, stamp.day, tzinfo=UTC))
    event.add("dtstart", item.due)
    if item.due < date.max:
        event.add("dtend", item.due + timedelta(days=1))
    event.add("summary", item.title)
    event.add("description", _description(row))
    event.add("categories", [item.roadmap])
    event.add("status", "CANCELLED" if item.effective_status is Status.CANCELLED else "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    event.add("sequence", len(item.reschedules))
    return event
