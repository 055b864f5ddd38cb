"""Renderers of ``sezctl calendar``: the working-day calendar of one year, as used for counting.

The table of days fits the terminal it is drawn on (:mod:`sezctl.render.fit`): dates are never
broken; where the Source column does not fit, it goes (the days that sezctl.toml adds say so in
their name), and below that each day is a block of two lines.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sezctl.core.i18n import N_, _, format_day, localize
from sezctl.plan.calendar import CalendarYear
from sezctl.render.fit import (
    ByWidth,
    FitColumn,
    Line,
    Trimmed,
    fitted_table,
    heading,
    paragraph,
    render_lines,
)
from sezctl.render.records import to_json
from sezctl.render.text import one_line

# The JSON writes the English abbreviation; the table, the language of the run's.
_WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
_MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)  # fmt: skip


def _source(year: CalendarYear, source: str) -> str:
    if source == "config":
        return year.config_source or "sezctl.toml"
    # TRANSLATORS: the source of a day: the Python package named "holidays" (docs/calendar.md).
    return _("holidays")


def _days_columns(year: CalendarYear, *, with_source: bool) -> list[FitColumn]:
    """The days off and working days: dates, weekdays, yes/no and sources whole, names wrap.
    The Source column can go: a day that sezctl.toml adds says so in its name ("day off
    (sezctl.toml)"), and the note under the tables names the package for the others."""
    dates, weekdays, works, names, sources = [], [], [], [], []
    for day in year.days:
        weekday = day.day.weekday()
        dates.append(format_day(day.day))
        weekdays.append(Text(_(_WEEKDAYS[weekday]), style="dim" if weekday >= 5 else ""))
        works.append(Text(_("yes"), style="green") if day.working else Text(_("no"), style="red"))
        names.append(Text(one_line(localize(day.name))))
        sources.append(Text(one_line(_source(year, day.source)), style="dim"))
    columns = [
        FitColumn(_("Date"), dates),
        FitColumn(_("Day"), weekdays),
        FitColumn(_("Works"), works),
        FitColumn(_("Name"), names, whole=False, floor=20),
    ]
    if with_source:
        columns.append(FitColumn(_("Source"), sources))
    return columns


def _days_stacked(year: CalendarYear) -> list[Line]:
    """The days when not even three columns and a name fit: one block per day."""
    lines = []
    for day in year.days:
        works = _("yes") if day.working else _("no")
        weekday = _(_WEEKDAYS[day.day.weekday()])
        lines.append(Line(Text(f"{format_day(day.day)}  {weekday}  {works}", style="bold")))
        lines.append(Line(Text(one_line(localize(day.name))), 2))
    return lines


def render_calendar_table(year: CalendarYear) -> RenderableType:
    """The days that differ from the week (with their source where it fits, without it where it
    does not, one block per day when even that does not), the working days of each month, and
    where the data comes from."""
    title = _("{country}, {year}: days off and working days that differ from the week").format(
        country=_(year.country_name), year=year.year
    )

    def days_layout(width: int) -> RenderableType:
        for with_source in (True, False):
            columns = _days_columns(year, with_source=with_source)
            table = fitted_table(columns, width, pad_edge=False)
            if table is not None:
                return table.under(title)
        return Group(*render_lines([*heading(title, width), *_days_stacked(year)]), Text())

    months = Table(
        title=_("Working days"), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False
    )
    months.add_column(_("Month"))
    months.add_column(_("Days"), justify="right")
    months.add_column(_("Working"), justify="right")
    for month in year.months:
        months.add_row(
            _(_MONTHS[month.month - 1]), str(month.calendar_days), str(month.working_days)
        )
    total_days = sum(month.calendar_days for month in year.months)
    months.add_row(Text(_("Year"), style="bold"), str(total_days), Text(str(year.working_days)))
    if year.package_version is None:
        note = Text(
            _(
                "The holidays package has no data for {year}: only Saturdays and Sundays are "
                "days off, plus what sezctl.toml adds."
            ).format(year=year.year),
            style="yellow",
        )
    elif year.config_source:
        note = Text(
            _(
                "Holiday data: the holidays package, with the additions of {source} "
                "(docs/calendar.md)."
            ).format(source=year.config_source),
            style="dim",
        )
    else:
        note = Text(_("Holiday data: the holidays package (docs/calendar.md)."), style="dim")
    return Group(ByWidth(days_layout), Trimmed(months), paragraph(note))


def render_calendar_json(year: CalendarYear) -> str:
    data: dict[str, Any] = {
        "year": year.year,
        "country": year.country,
        "holidays_package": year.package_version,
        "config": year.config_source,
        "working_days": year.working_days,
        "days": [
            {
                "date": day.day.isoformat(),
                "weekday": _WEEKDAYS[day.day.weekday()],
                "working": day.working,
                "name": day.name,
                "source": day.source,
            }
            for day in year.days
        ],
        "months": [
            {
                "month": month.month,
                "calendar_days": month.calendar_days,
                "working_days": month.working_days,
            }
            for month in year.months
        ],
    }
    return to_json(data)
