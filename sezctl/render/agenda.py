"""The renderers of ``sezctl agenda`` (:class:`~sezctl.reports.agenda.Agenda`): a Rich table and
Markdown, both laid out from the same sections of cells (:func:`agenda_sections`), and JSON,
which is the same in every language."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from sezctl.core.i18n import N_, _, format_day, ngettext
from sezctl.render.text import count_days, one_line
from sezctl.reports.agenda import Control

if TYPE_CHECKING:
    from rich.console import RenderableType

    from sezctl.reports.agenda import Agenda, PendingMove, PointControl
    from sezctl.reports.status import ItemRow


class AgendaSection(NamedTuple):
    """One numbered part of the agenda: its heading, column headers and rows of cells."""

    heading: str
    headers: list[str]
    rows: list[list[str]]


CONTROL_LABELS = {
    Control.EXECUTED: N_("executed"),
    Control.OVERDUE: N_("overdue"),
    Control.NOT_YET_DUE: N_("not yet due"),
    Control.OFF_CONTROL: N_("taken off control"),
    Control.CANCELLED: N_("cancelled"),
}


def _title(agenda: Agenda) -> str:
    return _("Agenda of the meeting of {day}").format(day=format_day(agenda.meeting))


def _facts(agenda: Agenda) -> list[str]:
    facts = [_("As of {today}.").format(today=format_day(agenda.today))]
    if agenda.previous is not None:
        facts.append(_("Previous meeting: {day}.").format(day=format_day(agenda.previous)))
    if agenda.following is not None:
        facts.append(_("Following meeting: {day}.").format(day=format_day(agenda.following)))
    if not agenda.meeting_day:
        facts.append(
            _("{day} is not a meeting day of the cadence {rule} (sezctl.toml, [meetings]).").format(
                day=format_day(agenda.meeting), rule=agenda.rule
            )
        )
    return facts


def _control_text(point: PointControl, agenda: Agenda) -> str:
    item, days = point.item, agenda.day_kind
    origin = item.origin
    assert origin is not None
    label = _(CONTROL_LABELS[point.control])
    if point.control is Control.EXECUTED:
        text = (
            _("{label} {day}").format(label=label, day=format_day(item.done))
            if item.done
            else label
        )
        if origin.evidence:
            text = _("{text}; evidence: {evidence}").format(text=text, evidence=origin.evidence)
        return text
    if point.control is Control.OFF_CONTROL and origin.off_control is not None:
        return _("{label} by {point}: {reason}").format(
            label=label, point=origin.off_control.by.ref, reason=origin.off_control.reason
        )
    slip = point.row.slippage
    if point.control is Control.OVERDUE and slip.overdue_days is not None:
        return _("{label} by {days}").format(label=label, days=count_days(slip.overdue_days, days))
    if point.control is Control.NOT_YET_DUE and slip.days_left is not None:
        return _("{label}, {days} left").format(label=label, days=count_days(slip.days_left, days))
    return label


def _carried_text(point: PointControl) -> str:
    if not point.item.is_open:
        return "—"
    return ngettext("{count} meeting", "{count} meetings", point.carried).format(
        count=point.carried
    )


def _who(row: ItemRow) -> str:
    return one_line(row.owner_name or row.item.owner)


def _item_cells(row: ItemRow) -> list[str]:
    return [row.item.ref, one_line(row.item.title), _who(row), format_day(row.item.due)]


def _item_headers() -> list[str]:
    return [_("Item"), _("Title"), _("Responsible"), _("Deadline")]


def _move_cells(pending: PendingMove) -> list[str]:
    move = pending.move
    return [
        pending.row.item.ref,
        _who(pending.row),
        format_day(move.from_date),
        format_day(move.to),
        format_day(move.on),
        one_line(move.reason),
    ]


def agenda_sections(agenda: Agenda) -> list[AgendaSection]:
    """The five numbered parts of the agenda, in the order the meeting goes through them."""
    days = agenda.day_kind
    due_until = agenda.following or agenda.meeting
    return [
        AgendaSection(
            _("1. Control of execution: instructions of earlier protocols"),
            [
                _("Point"),
                _("Instruction"),
                _("Responsible"),
                _("Deadline"),
                _("Control"),
                _("Carried"),
            ],
            [
                [*_item_cells(point.row), _control_text(point, agenda), _carried_text(point)]
                for point in agenda.points
            ],
        ),
        AgendaSection(
            _("2. Overdue"),
            [*_item_headers(), _("Overdue")],
            [
                [*_item_cells(row), count_days(row.slippage.overdue_days or 0, days)]
                for row in agenda.overdue
            ],
        ),
        AgendaSection(
            _("3. Due before the meeting of {day}").format(day=format_day(due_until)),
            [*_item_headers(), _("Left")],
            [
                [*_item_cells(row), count_days(row.slippage.days_left or 0, days)]
                for row in agenda.due
            ],
        ),
        AgendaSection(
            _("4. At risk: forecast to miss the deadline"),
            [*_item_headers(), _("Forecast")],
            [
                [*_item_cells(row), format_day(row.forecast.finish) if row.forecast.finish else ""]
                for row in agenda.at_risk
            ],
        ),
        AgendaSection(
            _("5. Deadline moves awaiting a decision"),
            [_("Item"), _("Responsible"), _("From"), _("To"), _("Recorded"), _("Reason")],
            [_move_cells(pending) for pending in agenda.moves],
        ),
    ]


# What each column of each section holds (sezctl.render.layout.Kind, by value): the reference
# heads a block, deadlines and counts never wrap, the control sentence wraps between its words.
_ITEM_KINDS = ["key", "text", "text", "fixed"]
SECTION_KINDS = [
    [*_ITEM_KINDS, "phrase", "fixed"],
    [*_ITEM_KINDS, "fixed"],
    [*_ITEM_KINDS, "fixed"],
    [*_ITEM_KINDS, "fixed"],
    ["key", "text", "fixed", "fixed", "fixed", "text"],
]


def render_agenda_table(agenda: Agenda) -> RenderableType:
    """The agenda for a terminal: each section a table when it fits the terminal's width,
    else one block per row (:class:`~sezctl.render.layout.FittedTable`)."""
    from rich.console import Group
    from rich.text import Text

    from sezctl.render.layout import Column, FittedTable, Kind

    parts: list[RenderableType] = [
        Text(_title(agenda), style="bold"),
        Text("\n".join(_facts(agenda))),
    ]
    for section, kinds in zip(agenda_sections(agenda), SECTION_KINDS, strict=True):
        parts.append(Text(""))
        if not section.rows:
            parts.append(Text(section.heading, style="bold"))
            parts.append(Text(_("Nothing.")))
            continue
        columns = [
            Column(header, Kind(kind)) for header, kind in zip(section.headers, kinds, strict=True)
        ]
        rows = [[Text(cell) if cell else None for cell in cells] for cells in section.rows]
        parts.append(FittedTable(columns, rows, section.heading))
    return Group(*parts)


def render_agenda_markdown(agenda: Agenda) -> str:
    from sezctl.render.markdown import escape_markdown, markdown_table

    lines = [
        f"# {escape_markdown(_title(agenda))}",
        "",
        "  \n".join(escape_markdown(fact) for fact in _facts(agenda)),
    ]
    for section in agenda_sections(agenda):
        lines += ["", f"## {escape_markdown(section.heading)}", ""]
        if section.rows:
            rows = [[escape_markdown(cell) for cell in cells] for cells in section.rows]
            lines.append(markdown_table(section.headers, rows).rstrip("\n"))
        else:
            lines.append(escape_markdown(_("Nothing.")))
    return "\n".join(lines) + "\n"


def render_agenda_json(agenda: Agenda) -> str:
    from sezctl.render.records import forecast_item_record, item_record, to_json
    from sezctl.render.text import iso_date

    return to_json(
        {
            "meeting": agenda.meeting.isoformat(),
            "today": agenda.today.isoformat(),
            "previous_meeting": iso_date(agenda.previous),
            "following_meeting": iso_date(agenda.following),
            "cadence": agenda.rule,
            "meeting_day": agenda.meeting_day,
            "days": agenda.day_kind,
            "points": [
                item_record(point.row)
                | {
                    "control": point.control.value,
                    "closed": iso_date(point.closed),
                    "carried_meetings": point.carried,
                }
                for point in agenda.points
            ],
            "overdue": [item_record(row) for row in agenda.overdue],
            "due": [item_record(row) for row in agenda.due],
            "at_risk": [forecast_item_record(row) for row in agenda.at_risk],
            "moves_awaiting_decision": [
                {
                    "ref": pending.row.item.ref,
                    "owner": pending.row.item.owner,
                    "from": pending.move.from_date.isoformat(),
                    "to": pending.move.to.isoformat(),
                    "on": pending.move.on.isoformat(),
                    "reason": pending.move.reason,
                    "file": pending.move.position.path,
                    "line": pending.move.position.line,
                }
                for pending in agenda.moves
            ],
        }
    )
