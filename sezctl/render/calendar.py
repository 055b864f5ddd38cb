"""Renderers of ``sezctl calendar``: the working-day calendar of one year, as used for counting."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sezctl.plan.calendar import CalendarYear
from sezctl.render.records import to_json
from sezctl.render.text import one_line

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _source(year: CalendarYear, source: str) -> str:
    return (year.config_source or "sezctl.toml") if source == "config" else "holidays"


def render_calendar_table(year: CalendarYear) -> RenderableType:
    days = Table(
        title=f"{year.country_name}, {year.year}: "
        "days off and working days that differ from the week",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    days.add_column("Date", no_wrap=True)
    days.add_column("Day", no_wrap=True)
    days.add_column("Works", no_wrap=True)
    days.add_column("Name", overflow="fold")
    days.add_column("Source", overflow="fold")
    for day in year.days:
        weekday = day.day.weekday()
        days.add_row(
            day.day.isoformat(),
            Text(_WEEKDAYS[weekday], style="dim" if weekday >= 5 else ""),
            Text("yes", style="green") if day.working else Text("no", style="red"),
            Text(one_line(day.name)),
            Text(one_line(_source(year, day.source)), style="dim"),
        )
    months = Table(title="Working days", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    months.add_column("Month")
    months.add_column("Days", justify="right")
    months.add_column("Working", justify="right")
    for month in year.months:
        months.add_row(_MONTHS[month.month - 1], str(month.calendar_days), str(month.working_days))
    total_days = sum(month.calendar_days for month in year.months)
    months.add_row(Text("Year", style="bold"), str(total_days), Text(str(year.working_days)))
    if year.package_version is None:
        note = Text(
            f"The holidays package has no data for {year.year}: only Saturdays and Sundays "
            "are days off, plus what sezctl.toml adds.",
            style="yellow",
        )
    else:
        note = Text("Holiday data: the holidays package", style="dim")
        if year.config_source:
            note.append(f", with the additions of {year.config_source}", style="dim")
        note.append(" (docs/calendar.md).", style="dim")
    return Group(days, months, note)


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
