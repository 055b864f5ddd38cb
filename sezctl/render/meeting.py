"""Renderers of the meeting pack (``sezctl report``): JSON, Markdown, and one self-contained
HTML page for the meeting-room screen.

The HTML page has inline CSS and inline SVG only: no script, no external asset, nothing fetched
from the network.  Every piece of user text goes through :func:`html.escape` (quotes too), so a
title such as ``<script>`` is shown as text.  Figures carry ``data-figure`` attributes so a test
can read them back from the rendered page and compare them with the JSON.

The Markdown and HTML packs are written in the language of the run: every heading, column name,
label and tooltip is made here with ``_()`` / ``ngettext()`` when the pack is rendered (the
tables are declared once, in :func:`pack_tables`, so both formats share their words), dates for
people go through :func:`format_day` and the page says its language in ``<html lang>``.  The
JSON never changes with the language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any, Generic, TypeVar

from sezctl.core.i18n import _, format_day, language, localize, ngettext
from sezctl.history.changes import ItemDifference
from sezctl.render.charts import (
    TrendWeek,
    milestone_trend_record,
    render_milestone_trend_svg,
    render_overdue_trend_svg,
    render_timeline_svg,
)
from sezctl.render.markdown import escape_markdown, markdown_table, render_skipped_markdown
from sezctl.render.pack_style import SCREEN_CSS, print_css
from sezctl.render.records import add_skipped, to_json
from sezctl.render.skipped import mark, render_skipped_html
from sezctl.render.text import iso_date, one_line, signed_days
from sezctl.reports.meeting import DUE_NEXT_DAYS, MeetingPack, StageBar, TrendPoint
from sezctl.reports.status import ItemRow, OwnerRow
from sezctl.source.config import WORKING


def _row_record(row: ItemRow) -> dict[str, Any]:
    item = row.item
    return {
        "ref": item.ref,
        "title": item.title,
        "owner": item.owner,
        "owner_name": row.owner_name,
        "due": item.due.isoformat(),
        "overdue_days": row.slippage.overdue_days,
        "days_left": row.slippage.days_left,
    }


def _move_record(move: ItemDifference) -> dict[str, Any]:
    commit = move.commit
    return {
        "ref": move.ref,
        "title": move.title,
        "owner": move.owner,
        "old": iso_date(move.old) if isinstance(move.old, date) else move.old,
        "new": iso_date(move.new) if isinstance(move.new, date) else move.new,
        "days": move.days,
        "commit": commit.commit if commit else None,
        "author": commit.author if commit else None,
        "date": commit.date if commit else None,
        "reason": commit.message if commit else None,
    }


def _owner_record(row: OwnerRow) -> dict[str, Any]:
    worst = row.worst
    assert worst is not None
    return {
        "owner": row.owner.id,
        "name": row.owner.name,
        "overdue": row.overdue,
        "total_overdue_days": row.total_overdue_days,
        "worst": worst.item.ref,
        "worst_title": worst.item.title,
        "worst_overdue_days": worst.slippage.overdue_days,
    }


def _stage_record(bar: StageBar) -> dict[str, Any]:
    return {
        "ref": bar.ref,
        "title": bar.title,
        "owner": bar.owner,
        "start": iso_date(bar.start),
        "due": bar.due.isoformat(),
        "finish": iso_date(bar.finish),
        "finish_kind": bar.finish_kind,
        "status": bar.status,
        "baseline": iso_date(bar.baseline),
    }


def _trend_record(point: TrendPoint) -> dict[str, Any]:
    return {
        "date": point.day.isoformat(),
        "overdue": point.overdue,
        "overdue_days": point.overdue_days,
    }


def meeting_record(pack: MeetingPack) -> dict[str, Any]:
    record: dict[str, Any] = {
        "title": pack.title,
        "today": pack.today.isoformat(),
        "days": pack.day_kind,
        "since": {"label": pack.since_label, "commit": pack.since_commit},
        "overdue": pack.overdue_now,
        "overdue_days": pack.overdue_days_now,
        "newly_overdue": [_row_record(row) for row in pack.newly_overdue],
        "completed": [_move_record(row) for row in pack.completed],
        "deadlines_moved": [_move_record(row) for row in pack.moved],
        "worst_by_owner": [_owner_record(row) for row in pack.worst_by_owner],
        "due_next": [_row_record(row) for row in pack.due_next],
        "stages": [_stage_record(bar) for bar in pack.stages],
        "trend": [_trend_record(point) for point in pack.trend],
        "milestones": milestone_trend_record(pack.milestones),
    }
    add_skipped(record, pack.skipped, record["newly_overdue"], record["due_next"])
    return record


def render_meeting_json(pack: MeetingPack) -> str:
    return to_json(meeting_record(pack))


def _headers(pack: MeetingPack) -> dict[str, str]:
    """The words for the pack's day counts: in days or in working days (``days = "working"``),
    each a whole phrase of its own so that every language can word it.  A deadline's move stays
    in calendar days: it is the distance between two dates."""
    working = pack.day_kind == WORKING
    return {
        "overdue": _("Working days overdue") if working else _("Days overdue"),
        "left": _("Working days left") if working else _("Days left"),
        "its": _("Its working days") if working else _("Its days"),
        "window": due_next_heading(DUE_NEXT_DAYS, pack.day_kind),
        "moved": _("Calendar days") if working else _("Days"),
        "legend": (_("working days overdue, added up") if working else _("days overdue, added up")),
    }


def due_next_heading(count: int, day_kind: str) -> str:
    """ "Due in the next 14 days" / "Due in the next 14 working days", with the plural form of
    the language (Russian: в ближайший 21 день, в ближайшие 22 дня, в ближайшие 14 дней)."""
    if day_kind == WORKING:
        phrase = ngettext(
            "Due in the next {count} working day", "Due in the next {count} working days", count
        )
    else:
        phrase = ngettext("Due in the next {count} day", "Due in the next {count} days", count)
    return phrase.format(count=count)


def _as_is(text: str) -> str:
    return text


def _plain_figure(name: str, number: int) -> str:
    return str(number)


def overdue_now_line(
    items: int,
    days: int,
    day_kind: str,
    figure: Callable[[str, int], str] = _plain_figure,
    safe: Callable[[str], str] = _as_is,
) -> str:
    """ "Overdue now: 2 items, 16 days in total.", each count with the plural form of the
    language (Russian: 1 мероприятие, 2 мероприятия, 5 мероприятий).  ``figure(name, number)``
    writes a number as the format shows it (bold in Markdown, a ``data-figure`` span in HTML);
    ``safe`` makes the translated words safe for the format (HTML escaping)."""
    if day_kind == WORKING:
        days_phrase = ngettext("{count} working day", "{count} working days", days)
    else:
        days_phrase = ngettext("{count} day", "{count} days", days)
    items_phrase = ngettext("{count} item", "{count} items", items)
    return safe(_("Overdue now: {items}, {days} in total.")).format(
        items=safe(items_phrase).format(count=figure("overdue", items)),
        days=safe(days_phrase).format(count=figure("overdue_days", days)),
    )


def _since_text(pack: MeetingPack) -> str:
    """The previous meeting for people: its day in the run's date format and the commit read
    for it, or the revision as it was given."""
    if pack.since_day is None:
        return one_line(localize(pack.since_label))
    day = format_day(pack.since_day)
    if pack.since_commit is None:
        return _("{day} (before the first commit)").format(day=day)
    return _("{day} ({commit})").format(day=day, commit=pack.since_commit[:7])


def _day_cell(value: object) -> str:
    """A date for people; anything else (there is none today) as it is."""
    return format_day(value) if isinstance(value, date) else str(value)


# -- the tables, declared once ----------------------------------------------------------------

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    """One column of a pack table: its ``data-field`` name in HTML, its header, and the text of
    its cell for a row.  ``text`` cells hold user text (escaped for each format); the others
    hold figures and dates.  ``html_only`` columns (titles) are left out of the Markdown pack,
    which stays narrow enough to read in a merge request."""

    field: str
    header: str
    cell: Callable[[R], str]
    numeric: bool = False
    text: bool = True
    html_only: bool = False
    css: str | None = None


@dataclass(frozen=True, slots=True)
class PackTable(Generic[R]):
    """One table of the pack: its ``data-figure`` name, its heading, its columns and rows."""

    figure: str
    heading: str
    columns: list[Column[R]]
    rows: Sequence[R]


def _owner_of(row: ItemRow) -> str:
    return row.owner_name or row.item.owner


def _reason(move: ItemDifference) -> str:
    return move.commit.message if move.commit else _("uncommitted")


def pack_tables(pack: MeetingPack) -> list[PackTable[Any]]:
    """The pack's tables in the order both the Markdown and the HTML pack show them."""
    words = _headers(pack)
    item_header, title_header, owner_header = _("Item"), _("Title"), _("Owner")
    overdue_items = _("Overdue items")
    ref: Column[ItemRow] = Column(
        "ref", item_header, lambda r: r.item.ref + mark(pack.skipped, r.item.ref)
    )
    title: Column[ItemRow] = Column("title", title_header, lambda r: r.item.title, html_only=True)
    owner: Column[ItemRow] = Column("owner", owner_header, _owner_of)
    due: Column[ItemRow] = Column("due", _("Due"), lambda r: format_day(r.item.due), text=False)
    newly: PackTable[ItemRow] = PackTable(
        "newly_overdue",
        _("Newly overdue"),
        [
            ref, title, owner, due,
            Column("overdue_days", words["overdue"], lambda r: str(r.slippage.overdue_days),
                   numeric=True, text=False, css="late"),
        ],
        pack.newly_overdue,
    )  # fmt: skip
    completed: PackTable[ItemDifference] = PackTable(
        "completed",
        _("Completed"),
        [
            Column("ref", item_header, lambda m: m.ref),
            Column("title", title_header, lambda m: m.title, html_only=True),
            Column("owner", owner_header, lambda m: m.owner),
            Column("reason", _("Commit"), _reason),
        ],
        pack.completed,
    )
    moved: PackTable[ItemDifference] = PackTable(
        "deadlines_moved",
        _("Deadlines moved"),
        [
            Column("ref", item_header, lambda m: m.ref),
            Column("old", _("Was"), lambda m: _day_cell(m.old), text=False),
            Column("new", _("Now"), lambda m: _day_cell(m.new), text=False),
            Column("days", words["moved"], lambda m: signed_days(m.days), numeric=True, text=False),
            Column("author", _("Who"), lambda m: m.commit.author if m.commit else ""),
            Column("reason", _("Reason (commit message)"), _reason),
        ],
        pack.moved,
    )
    owners: PackTable[OwnerRow] = PackTable(
        "worst_by_owner",
        _("Worst overdue item per owner"),
        [
            Column("owner", owner_header, lambda o: o.owner.name),
            Column("overdue", overdue_items, lambda o: str(o.overdue), numeric=True, text=False),
            Column("total_overdue_days", words["overdue"], lambda o: str(o.total_overdue_days),
                   numeric=True, text=False),
            Column("worst", _("Worst item"), lambda o: o.worst.item.ref if o.worst else ""),
            Column("worst_overdue_days", words["its"],
                   lambda o: str(o.worst.slippage.overdue_days) if o.worst else "",
                   numeric=True, text=False),
        ],
        pack.worst_by_owner,
    )  # fmt: skip
    due_next: PackTable[ItemRow] = PackTable(
        "due_next",
        words["window"],
        [
            ref, title, owner, due,
            Column("days_left", words["left"], lambda r: str(r.slippage.days_left),
                   numeric=True, text=False),
        ],
        pack.due_next,
    )  # fmt: skip
    trend: PackTable[TrendPoint] = PackTable(
        "trend",
        _("Slippage trend"),
        [
            Column("date", _("Week ending"), lambda p: format_day(p.day), text=False),
            Column("overdue", overdue_items, lambda p: str(p.overdue), numeric=True, text=False),
            Column("overdue_days", words["overdue"], lambda p: str(p.overdue_days),
                   numeric=True, text=False),
        ],
        pack.trend,
    )  # fmt: skip
    return [newly, completed, moved, owners, due_next, trend]


# -- Markdown -----------------------------------------------------------------------------------


def _markdown_table(table: PackTable[Any]) -> list[str]:
    columns = [column for column in table.columns if not column.html_only]
    lines = [f"## {table.heading}", ""]
    if not table.rows:
        return [*lines, _("None."), ""]
    rows = [
        [
            escape_markdown(column.cell(row)) if column.text else column.cell(row)
            for column in columns
        ]
        for row in table.rows
    ]
    return [*lines, *markdown_table([column.header for column in columns], rows).splitlines(), ""]


def render_meeting_markdown(pack: MeetingPack) -> str:
    lead = _("Meeting pack for {day}, changes since {since}.").format(
        day=format_day(pack.today), since=escape_markdown(_since_text(pack))
    )
    overdue = overdue_now_line(
        pack.overdue_now, pack.overdue_days_now, pack.day_kind, lambda _name, n: f"**{n}**"
    )
    lines = [f"# {escape_markdown(localize(pack.title))}", "", f"{lead} {overdue}", ""]
    if notice := render_skipped_markdown(pack.skipped):
        lines += [*notice.rstrip("\n").split("\n"), ""]
    for table in pack_tables(pack):
        lines += _markdown_table(table)
    return "\n".join(lines).rstrip("\n") + "\n"


# -- HTML ---------------------------------------------------------------------------------------

CSS = """
body{font-family:system-ui,sans-serif;margin:24px;color:#1b1f24;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px}
.lead{color:#444;margin:0 0 12px}.big{font-size:22px;font-weight:700}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
td[data-field=due],td[data-field=old],td[data-field=new],td[data-field=date]{white-space:nowrap}.late{color:#b00020;font-weight:600}
.none{color:#666}svg text{font-family:system-ui,sans-serif;font-size:11px}
.skipped{border-left:4px solid #b00020;padding:4px 12px;margin:12px 0;background:#fff5f5}
"""


def _e(text: object) -> str:
    return escape(one_line(str(text)), quote=True)


def _html_table(table: PackTable[Any]) -> str:
    """A table with ``data-figure`` and ``data-field`` names, so tests can read figures back."""
    if not table.rows:
        none = _e(_("None."))
        return f'<p class="none" data-figure="{table.figure}" data-rows="0">{none}</p>'
    head = "".join(f"<th>{escape(column.header)}</th>" for column in table.columns)
    body = []
    for row in table.rows:
        cells = []
        for column in table.columns:
            value = _e(column.cell(row))
            if column.css:
                value = f'<span class="{column.css}">{value}</span>'
            numeric = " class=n" if column.numeric else ""
            cells.append(f'<td data-field="{column.field}"{numeric}>{value}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<table data-figure="{table.figure}" data-rows="{len(table.rows)}"><thead><tr>{head}'
        f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _roadmap_titles(pack: MeetingPack) -> dict[str, str]:
    return pack.milestones.roadmap_titles if pack.milestones is not None else {}


def _trend_weeks(trend: list[TrendPoint]) -> list[TrendWeek]:
    """The overdue trend as the chart takes it (a week without history has None counts)."""
    return [TrendWeek(point.day, point.overdue, point.overdue_days) for point in trend]


def _html_figure(name: str, number: int) -> str:
    """A headline figure of the page, marked for tests to read back."""
    return f'<span class="big late" data-figure="{name}">{number}</span>'


def _escaped_template(template: str) -> str:
    """A translated template made safe for HTML; its ``{placeholders}`` survive escaping."""
    return escape(template, quote=True)


def _overdue_now_html(pack: MeetingPack) -> str:
    return overdue_now_line(
        pack.overdue_now, pack.overdue_days_now, pack.day_kind, _html_figure, _escaped_template
    )


def render_meeting_html(pack: MeetingPack) -> str:
    words = _headers(pack)
    title = localize(pack.title)
    page_word = _("page")  # before each printed page's number (render/pack_style.py)
    lead = _escaped_template(_("Meeting pack for {day}; changes since {since}.")).format(
        day=_e(format_day(pack.today)), since=_e(_since_text(pack))
    )
    body = [
        f"<h1>{_e(title)}</h1>",
        f'<p class="lead">{lead}</p>',
        f"<p>{_overdue_now_html(pack)}</p>",
    ]
    if notice := render_skipped_html(pack.skipped):
        body.append(notice)
    for table in pack_tables(pack):
        if table.figure == "trend":
            body += [
                "<h2>" + _e(_("Stages: planned against actual or forecast")) + "</h2>",
                render_timeline_svg(pack.stages, pack.today, _roadmap_titles(pack)),
                "<h2>" + _e(_("Milestone trend")) + "</h2>",
                render_milestone_trend_svg(pack.milestones)
                if pack.milestones is not None
                else '<p class="none">' + _e(_("No history.")) + "</p>",
                f"<h2>{_e(table.heading)}</h2>",
                render_overdue_trend_svg(_trend_weeks(pack.trend), words["legend"]),
            ]
        else:
            body.append(f"<h2>{_e(table.heading)}</h2>")
        body.append(_html_table(table))
    return (
        f'<!DOCTYPE html>\n<html lang="{language()}"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_e(title)}: {_e(format_day(pack.today))}</title><style>{CSS}{SCREEN_CSS}"
        f"{print_css(f'{title}: {format_day(pack.today)}', page_word)}</style>"
        "</head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
