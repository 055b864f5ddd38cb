"""The renderers of ``sezctl owners --period``: executive discipline per owner as a Rich table,
Markdown, JSON and CSV (:class:`~sezctl.reports.discipline.DisciplineReport`).  JSON and CSV are
the same in every language; the table and Markdown are written for the HQ's officials."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sezctl.core.i18n import _, format_day, ngettext
from sezctl.source.config import WORKING

if TYPE_CHECKING:
    from rich.console import RenderableType

    from sezctl.render.spreadsheet import CsvTable
    from sezctl.reports.discipline import DisciplineReport, OwnerDiscipline


def percent_text(value: float | None) -> str:
    """``66.7%`` in English, ``66,7 %`` in Kazakh and Russian (the catalog says how)."""
    if value is None:
        return "—"
    whole, tenth = f"{value:.1f}".split(".")
    # TRANSLATORS: a percentage with one decimal, e.g. 66.7%; keep {whole} and {tenth}.
    return _("{whole}.{tenth}%").format(whole=whole, tenth=tenth)


def _title(report: DisciplineReport) -> str:
    period = report.period
    return _("Executive discipline, {first}–{last} (as of {today})").format(
        first=format_day(period.first), last=format_day(period.last), today=format_day(report.today)
    )


def _headers(report: DisciplineReport) -> list[str]:
    moved = _("Working days moved") if report.day_kind == WORKING else _("Days moved")
    return [
        _("Owner"), _("Name"), _("Due in period"), _("On time"), _("Done late"), _("Missed"),
        _("Not yet due"), _("On-time rate"), _("Moves"), moved, _("Off control"),
    ]  # fmt: skip


def _numbers(row: OwnerDiscipline) -> list[str]:
    moved = f"{row.days_moved:+d}" if row.days_moved else "0"
    return [
        str(row.due), str(row.on_time), str(row.late), str(row.missed), str(row.not_yet_due),
        percent_text(row.on_time_percent), str(row.moves), moved, str(row.off_control),
    ]  # fmt: skip


def discipline_notes(report: DisciplineReport) -> list[str]:
    """The sentences under the table: what the counts are measured against, and the moves
    that a late item met or that nothing records."""
    total = report.total
    notes = [
        _(
            "Due in period: items whose approved deadline (baseline) falls in the period. Done "
            "late and missed are counted against that deadline; the on-time rate is on time / "
            "(on time + done late + missed)."
        )
    ]
    if total.late_within_moved:
        notes.append(
            ngettext(
                "{count} item executed late met its moved deadline.",
                "{count} items executed late met their moved deadlines.",
                total.late_within_moved,
            ).format(count=total.late_within_moved)
        )
    if total.unrecorded_moves:
        notes.append(
            ngettext(
                "{count} deadline move has no recorded reason (moved by hand, see sezctl diff).",
                "{count} deadline moves have no recorded reason (moved by hand, see sezctl diff).",
                total.unrecorded_moves,
            ).format(count=total.unrecorded_moves)
        )
    return notes


def render_discipline_table(report: DisciplineReport) -> RenderableType:
    """Owner id, name and figures: a table when it fits the terminal (its long headers wrap
    between words), else one block per owner (:class:`~sezctl.render.layout.FittedTable`)."""
    from rich.console import Group
    from rich.text import Text

    from sezctl.render.fit import paragraph
    from sezctl.render.layout import Column, FittedTable, Kind
    from sezctl.render.text import one_line

    headers = _headers(report)
    columns = [
        Column(headers[0], Kind.KEY),
        Column(headers[1]),
        *(Column(header, Kind.FIXED, "right") for header in headers[2:]),
    ]
    rows: list[list[Text | None]] = []
    for row in report.rows:
        assert row.owner is not None
        styled = [Text(text) for text in _numbers(row)]
        if row.late:
            styled[2].stylize("yellow")
        if row.missed:
            styled[3].stylize("red")
        name = one_line(row.owner.name)
        rows.append([Text(one_line(row.owner.id)), Text(name) if name else None, *styled])
    total = [Text(text, style="bold") for text in _numbers(report.total)]
    rows.append([Text(_("Total"), style="bold"), None, *total])
    table = FittedTable(columns, rows, Text(_title(report), style="bold"))
    return Group(table, *(paragraph(note) for note in discipline_notes(report)))


def render_discipline_markdown(report: DisciplineReport) -> str:
    from sezctl.render.markdown import escape_markdown, markdown_table

    body = []
    for row in report.rows:
        assert row.owner is not None
        owner = [escape_markdown(row.owner.id), escape_markdown(row.owner.name)]
        body.append(owner + _numbers(row))
    body.append([f"**{escape_markdown(_('Total'))}**", "", *_numbers(report.total)])
    notes = "".join(f"\n{escape_markdown(note)}\n" for note in discipline_notes(report))
    return f"# {_title(report)}\n\n" + markdown_table(_headers(report), body) + notes


def discipline_record(row: OwnerDiscipline) -> dict[str, Any]:
    """The JSON object of one owner's figures (the total has no owner keys)."""
    record: dict[str, Any] = {}
    if row.owner is not None:
        record |= {"owner": row.owner.id, "name": row.owner.name, "role": row.owner.role}
    return record | {
        "due": row.due,
        "on_time": row.on_time,
        "late": row.late,
        "missed": row.missed,
        "not_yet_due": row.not_yet_due,
        "on_time_percent": row.on_time_percent,
        "late_within_moved": row.late_within_moved,
        "moves": row.moves,
        "days_moved": row.days_moved,
        "unrecorded_moves": row.unrecorded_moves,
        "off_control": row.off_control,
        "late_items": row.late_items,
        "missed_items": row.missed_items,
    }


def render_discipline_json(report: DisciplineReport) -> str:
    from sezctl.render.records import to_json

    period = report.period
    return to_json(
        {
            "period": {"from": period.first.isoformat(), "to": period.last.isoformat()},
            "today": report.today.isoformat(),
            "days": report.day_kind,
            "deadline": "baseline",
            "owners": [discipline_record(row) for row in report.rows],
            "total": discipline_record(report.total),
        }
    )


DISCIPLINE_CSV_COLUMNS = [
    "owner", "name", "role", "due", "on_time", "late", "missed", "not_yet_due",
    "on_time_percent", "late_within_moved", "moves", "days_moved", "unrecorded_moves",
    "off_control", "late_items", "missed_items",
]  # fmt: skip


def render_discipline_csv(report: DisciplineReport) -> CsvTable:
    """One line per owner, then the total (owner ``*``), for a spreadsheet."""
    from sezctl.render.spreadsheet import spreadsheet_table

    total = {"owner": "*", "name": None, "role": None} | discipline_record(report.total)
    records = [discipline_record(row) for row in report.rows] + [total]
    return spreadsheet_table(records, DISCIPLINE_CSV_COLUMNS)
