"""Rich renderers for the terminal.  User text is always wrapped in ``Text`` (never parsed as
markup or emoji codes) and cleaned of control characters before it reaches the terminal."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from sezctl.core.i18n import _, format_day, ngettext
from sezctl.core.model import Item, Reassignment, Reschedule, Status
from sezctl.render.fit import Indented, paragraph
from sezctl.render.layout import Column, FittedFacts, FittedTable, Kind
from sezctl.render.text import (
    clean_text,
    count_days,
    decision_phrases,
    due_soon_phrase,
    one_line,
    status_label,
    within_days,
)
from sezctl.reports.status import (
    ItemDetail,
    ItemRow,
    OwnerReport,
    Section,
    StatusReport,
)
from sezctl.source.config import CALENDAR, WORKING

if TYPE_CHECKING:
    from sezctl.history.decisions import DecisionBook
    from sezctl.reports.critical import CriticalPath, CriticalReport, CriticalRow
    from sezctl.reports.skipped import Skipped


def _cell(text: str | None) -> Text | None:
    """User text for a cell, on one line, or None (nothing: a dash in a table)."""
    return Text(one_line(text)) if text else None


def _plain_cell(text: str | None) -> str | None:
    """:func:`_cell` as the string a `FittedTable` keeps of it."""
    return one_line(text) if text else None


def overdue_style(days: int) -> str:
    """Colour by severity: a month or more is critical, a week or more is serious."""
    if days >= 30:
        return "bold red"
    if days >= 7:
        return "red"
    return "yellow"


_STATUS_STYLE = {
    Status.PLANNED: "",
    Status.IN_PROGRESS: "cyan",
    Status.BLOCKED: "bold magenta",
    Status.DONE: "green",
    Status.CANCELLED: "dim",
}

# How many root causes "Where the delay starts" names when the view has a row limit (the
# CLI's default, or --limit N if smaller); --all without --limit names them all.
ROOT_CAUSES_SHOWN = 5


def _status_cell(row: ItemRow) -> Text:
    status = row.item.effective_status
    return Text(status_label(status), style=_STATUS_STYLE[status])


def _days_cell(row: ItemRow, days: str, labelled: bool) -> Text | None:
    """The day count that matters for the row, with its unit; ``labelled`` says which count it
    is ("57 days overdue", "4 days left"), for tables that mix overdue, upcoming and finished
    items."""
    slip = row.slippage
    if slip.overdue_days is not None:
        count = count_days(slip.overdue_days, days)
        text = _("{days} overdue").format(days=count) if labelled else count
        return Text(text, style=overdue_style(slip.overdue_days))
    if slip.days_left is not None:
        count = count_days(slip.days_left, days)
        text = _("{days} left").format(days=count) if labelled else count
        return Text(text, style="yellow" if row.section is Section.DUE_SOON else "")
    if slip.late_days is not None:
        if not slip.late_days:
            return Text(_("on time"), style="green")
        count = count_days(abs(slip.late_days), days)
        if slip.late_days < 0:
            return Text(_("{days} early").format(days=count), style="green")
        return Text(_("{days} late").format(days=count))
    return None


def _owner_cell(row: ItemRow) -> Text | None:
    return _cell(row.owner_name or row.item.owner)


def _item_table(
    title: str | Text | None,
    rows: list[ItemRow],
    columns: list[Column],
    cells: Callable[[ItemRow], list[Text | None]],
    skipped: Skipped | None = None,
) -> FittedTable:
    """A table of items: Item, Title, Owner and Due, then ``columns``, filled for each row by
    ``cells``.  Ids and dates never wrap; on a narrow terminal each item is a block.  An item
    waiting for a file that ``skipped`` (--skip-invalid) left out is marked."""
    # The roadmap goes under the id only when the rows come from several roadmaps.
    several_roadmaps = len({row.item.roadmap for row in rows}) > 1
    return FittedTable(
        [
            Column(_("Item"), Kind.KEY),
            Column(_("Title")),
            Column(_("Owner")),
            Column(_("Due"), Kind.FIXED),
            *columns,
        ],
        (  # made as the table takes them, so that only its packed cells are held
            [
                _label(row.item, several_roadmaps, skipped),
                # Strings, not Text: the table keeps them as strings (layout.PackedCell).
                _plain_cell(row.item.title),
                _plain_cell(row.owner_name or row.item.owner),
                format_day(row.item.due),
                *cells(row),
            ]
            for row in rows
        ),
        title,
    )


def _items_table(
    title: str | Text | None,
    rows: list[ItemRow],
    days_header: str,
    days: str,
    labelled: bool,
    skipped: Skipped | None = None,
) -> FittedTable:
    return _item_table(
        title,
        rows,
        [Column(days_header, Kind.FIXED, "right"), Column(_("Status"), Kind.FIXED)],
        lambda row: [_days_cell(row, days, labelled), _status_cell(row)],
        skipped,
    )


def _unit_note(days: str) -> str:
    """Appended to a table title when counts are in working days."""
    return _(" (working days)") if days == WORKING else ""


def _summary_line(report: StatusReport) -> Indented:
    summary = report.summary
    line = Text(
        _("{date}: {items}, {open} open, {overdue} overdue, {at_risk} at risk, {due_soon}.").format(
            date=format_day(report.today),
            items=ngettext("{count} item", "{count} items", summary.items).format(
                count=summary.items
            ),
            open=summary.open,
            overdue=summary.overdue,
            at_risk=summary.at_risk,
            due_soon=due_soon_phrase(summary.due_soon, report.warning_days, report.day_kind),
        )
    )
    worst = summary.worst
    if worst is not None:
        line.append(_(" Worst: "))
        line.append(one_line(worst.item.ref), style="bold")
        overdue = count_days(worst.slippage.overdue_days or 0, report.day_kind)
        line.append(_(", {days} overdue").format(days=overdue))
        line.append(f" ({one_line(worst.owner_name or worst.item.owner)}).")
    return paragraph(line)


def _label(item: Item, several_roadmaps: bool, skipped: Skipped | None = None) -> Text | str:
    """An item's id, marked when ``skipped`` left out what it waits for, with its roadmap below
    (dim) for a table of ``several_roadmaps``; a string when it is only the id."""
    if skipped is None and not several_roadmaps:
        return one_line(item.id)
    label = Text(one_line(item.id))
    if skipped is not None:  # --skip-invalid: loaded only then
        from sezctl.render.skipped import mark

        label.append(mark(skipped, item.ref))
    if several_roadmaps:
        label.append("\n" + one_line(item.roadmap), style="dim")
    return label


def _pushed_by_cell(row: ItemRow) -> Text | None:
    """The driving prerequisite, then any other that alone would make the item late."""
    forecast = row.forecast
    if forecast.driver is None:
        return None
    shown = [forecast.driver, *(item for item in forecast.pushed_by if item is not forecast.driver)]
    return Text("\n".join(one_line(item.id) for item in shown))


def _more_line(hidden: int, command: Sequence[str]) -> Indented:
    """ "… and 30 more: sezctl status --limit 45": what was left out, and how to see it.  The
    command repeats the user's paths and filters, cleaned like any text for the terminal."""
    line = ngettext("… and {count} more: {command}", "… and {count} more: {command}", hidden)
    return paragraph(clean_text(line.format(count=hidden, command=shlex.join(command))))


def _root_causes(report: StatusReport, rows: list[ItemRow]) -> list[RenderableType]:
    """Where the delays start: the root causes of the at-risk rows, most items first; the first
    few of them, and the command that lists the rest."""
    counts: dict[str, int] = {}
    causes: dict[str, Item] = {}
    for row in rows:
        root = row.forecast.root_cause
        if root is not None:
            counts[root.ref] = counts.get(root.ref, 0) + 1
            causes[root.ref] = root
    if not counts:
        return []
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    limit = None if report.limit is None else min(report.limit, ROOT_CAUSES_SHOWN)
    shown = ranked if limit is None else ranked[:limit]
    # A root cause may sit in another roadmap than the items it delays: then every cause
    # names its roadmap, as the rows of the section do.
    roadmaps = {cause.roadmap for cause in causes.values()} | {row.item.roadmap for row in rows}
    table = FittedTable(
        [
            Column(_("Item"), Kind.KEY),
            # TRANSLATORS: a column of the "Where the delay starts" table: how many items at
            # risk the item in that row delays ("5 items at risk").
            Column(_("Delays"), Kind.FIXED, "right"),
        ],
        [
            [
                _label(causes[ref], len(roadmaps) > 1, report.skipped),
                Text(
                    ngettext("{count} item at risk", "{count} items at risk", count).format(
                        count=count
                    )
                ),
            ]
            for ref, count in shown
        ],
        _("Where the delay starts"),
    )
    parts: list[RenderableType] = [table]
    if len(shown) < len(ranked):
        parts.append(_more_line(len(ranked) - len(shown), [*report.command, "--all"]))
        parts.append(Text(""))
    return parts


def _reference(item: Item, seen_from: Item) -> str:
    """An item's id, with its roadmap when it is in another roadmap than ``seen_from``."""
    return one_line(item.id if item.roadmap == seen_from.roadmap else item.ref)


def _at_risk_table(
    title: str, rows: list[ItemRow], days: str, skipped: Skipped | None = None
) -> FittedTable:
    return _item_table(
        title,
        rows,
        [Column(_("Forecast"), Kind.FIXED), Column(_("Pushed by"), Kind.FIXED)],
        lambda row: [_forecast_cell(row, days), _pushed_by_cell(row)],
        skipped,
    )


def _forecast_cell(row: ItemRow, days: str) -> Text | None:
    """The forecast finish and, below it, how late that is."""
    forecast = row.forecast
    if forecast.finish is None:
        return None
    slip = forecast.slip_days or 0
    cell = Text(format_day(forecast.finish))
    if slip > 0:
        late = _("{days} late").format(days=count_days(slip, days))
        cell.append(f"\n{late}", style=overdue_style(slip))
    elif slip < 0:
        early = _("{days} early").format(days=count_days(-slip, days))
        cell.append(f"\n{early}", style="green")
    return cell


def _section(
    report: StatusReport,
    rows: list[ItemRow],
    table: Callable[[list[ItemRow]], FittedTable],
) -> list[RenderableType]:
    """One section of the status view: its worst ``report.limit`` rows, then how many more
    there are and the command that shows them all (the user's filters kept)."""
    limit = report.limit
    if limit is None or len(rows) <= limit:
        return [table(rows)]
    option = ["--all"] if report.include_all else []
    command = [*report.command, *option, "--limit", str(len(rows))]
    return [table(rows[:limit]), _more_line(len(rows) - limit, command), Text("")]


def render_status_table(report: StatusReport) -> RenderableType:
    by_section: dict[Section, list[ItemRow]] = {section: [] for section in Section}
    for row in report.rows:
        by_section[row.section].append(row)
    days = report.day_kind
    note = _unit_note(days)
    summary = _summary_line(report)
    skipped = report.skipped
    # What --skip-invalid left out comes first, then the summary.
    parts = _skipped_parts(skipped)
    parts += [summary, Text("")]
    if by_section[Section.OVERDUE]:
        parts += _section(
            report,
            by_section[Section.OVERDUE],
            lambda rows: _items_table(_("Overdue") + note, rows, _("Late"), days, False, skipped),
        )
    else:
        parts += [paragraph(_("Nothing is overdue."), style="green"), Text("")]
    if by_section[Section.AT_RISK]:
        title = _("At risk: not overdue yet, but forecast to miss the deadline")
        parts += _section(
            report,
            by_section[Section.AT_RISK],
            lambda rows: _at_risk_table(title, rows, days, skipped),
        )
        parts += _root_causes(report, by_section[Section.AT_RISK])
    if by_section[Section.DUE_SOON]:
        title = within_days(report.warning_days, days)
        parts += _section(
            report,
            by_section[Section.DUE_SOON],
            lambda rows: _items_table(title, rows, _("Left"), days, False, skipped),
        )
    if by_section[Section.OTHER]:
        parts += _section(
            report,
            by_section[Section.OTHER],
            lambda rows: _items_table(
                _("Other items") + note, rows, _("Days"), days, True, skipped
            ),
        )
    if report.baseline is not None:
        from sezctl.render.history import render_baseline_section

        parts.append(render_baseline_section(report))
    if report.rows:  # a view with tables ends with the summary again, under the last table
        parts.append(summary)
    elif report.baseline is None:
        parts.pop()  # "Nothing is overdue." is the last line: no blank line after it
    return Group(*parts)


def _skipped_parts(skipped: Skipped | None, items: bool = True) -> list[RenderableType]:
    """``--skip-invalid``: the files left out, first (nothing when none was)."""
    if skipped is None:
        return []
    from sezctl.render.skipped import render_skipped_text

    notice = render_skipped_text(skipped, items)
    return [] if notice is None else [notice]


def _items(count: int) -> str:
    return ngettext("{count} item", "{count} items", count).format(count=count)


def render_owner_table(report: OwnerReport) -> RenderableType:
    rows, today, day_kind = report.rows, report.today, report.day_kind
    title = _("Owners as of {date}").format(date=format_day(today)) + _unit_note(day_kind)
    table_rows: list[list[Text | None]] = []
    for row in rows:
        worst = None
        if row.worst is not None:
            late = row.worst.slippage.overdue_days or 0
            worst = Text(one_line(row.worst.item.id))
            worst.append("\n" + one_line(row.worst.item.roadmap), style="dim")
            overdue = _("{days} overdue").format(days=count_days(late, day_kind))
            worst.append("\n" + overdue, style=overdue_style(late))
        total = row.total_overdue_days
        table_rows.append(
            [
                _cell(row.owner.id),
                _cell(row.owner.name),
                Text(_items(row.open)),
                Text(_items(row.overdue), style="red" if row.overdue else ""),
                Text(count_days(total, day_kind), style="red" if total else ""),
                worst,
            ]
        )
    table = FittedTable(
        [
            Column(_("Owner"), Kind.KEY),
            Column(_("Name")),
            Column(_("Open"), Kind.FIXED, "right"),
            Column(_("Overdue"), Kind.FIXED, "right"),
            Column(_("Total overdue"), Kind.FIXED, "right"),
            Column(_("Worst item"), Kind.FIXED),
        ],
        table_rows,
        title,
    )
    notice = _skipped_parts(report.skipped, items=False)
    return Group(*notice, table) if notice else table


# How many drivers `sezctl show` names before it says how many more there are.
SHOWN_DRIVERS = 6


def _forecast_facts(detail: ItemDetail, fact: Callable[[str, str | Text | None], None]) -> None:
    """Forecast, slip, what pushes the item and its slack, for `sezctl show`."""
    row, forecast = detail.row, detail.row.forecast
    if forecast.finish is None or not row.item.is_open:
        return
    start, finish = forecast.start, format_day(forecast.finish)
    if start is not None and start != forecast.finish:
        finish = f"{format_day(start)} → {finish}"
    fact(_("Forecast"), finish)
    slip = forecast.slip_days or 0
    late = f"+{count_days(slip, detail.day_kind)}"
    slip_text = Text(late if slip else _("on the deadline"))
    if forecast.at_risk:
        slip_text = Text(_("{days}: at risk").format(days=late), style=overdue_style(slip))
    fact(_("Forecast slip"), slip_text)
    if detail.driving_chain:
        names = [_reference(other.item, row.item) for other in detail.driving_chain]
        text = " ← ".join(names[:SHOWN_DRIVERS])
        more = len(names) - SHOWN_DRIVERS
        if more > 0:
            text += ngettext(" ← … ({count} more)", " ← … ({count} more)", more).format(count=more)
        fact(_("Pushed by"), text)
        others = [item for item in forecast.pushed_by if item is not forecast.driver]
        if others:
            fact(_("Also pushed by"), ", ".join(_reference(item, row.item) for item in others))
    if detail.slack_days is not None and detail.roadmap_end is not None:
        fact(
            _("Slack"),
            _("{days} (the forecast end of {roadmap} is {date})").format(
                days=count_days(detail.slack_days, detail.day_kind),
                roadmap=row.item.roadmap,
                date=format_day(detail.roadmap_end),
            ),
        )


def render_item_detail(detail: ItemDetail) -> RenderableType:
    row = detail.row
    item, slip = row.item, row.slippage
    days = detail.day_kind
    facts: list[tuple[str, Text, Kind]] = []

    def fact(label: str, value: str | Text | None, kind: Kind = Kind.PHRASE) -> None:
        cell = value if isinstance(value, Text) or value is None else _cell(value)
        if cell is not None:
            facts.append((label, cell, kind))

    fact(_("Item"), item.ref, Kind.FIXED)
    fact(_("Title"), item.title, Kind.TEXT)
    fact(_("Owner"), f"{row.owner_name or '?'} ({item.owner})")
    fact(_("Status"), _status_cell(row), Kind.FIXED)
    fact(_("Start"), format_day(item.start) if item.start else None, Kind.FIXED)
    fact(_("Due"), format_day(item.due), Kind.FIXED)
    fact(_("Baseline"), format_day(item.baseline) if item.baseline else None, Kind.FIXED)
    fact(_("Done"), format_day(item.done) if item.done else None, Kind.FIXED)
    if slip.overdue_days is not None:
        overdue = count_days(slip.overdue_days, days)
        fact(_("Overdue"), Text(overdue, style=overdue_style(slip.overdue_days)), Kind.FIXED)
    if slip.days_left is not None:
        fact(_("Left"), count_days(slip.days_left, days), Kind.FIXED)
    if slip.late_days is not None:
        finished = _("on the deadline")
        if slip.late_days:
            late = count_days(abs(slip.late_days), days)
            finished = (_("{days} late") if slip.late_days > 0 else _("{days} early")).format(
                days=late
            )
        fact(_("Finished"), finished)
    if slip.drift_days is not None:
        drift = count_days(abs(slip.drift_days), days)
        sign = "-" if slip.drift_days < 0 else "+"
        fact(_("Deadline moved"), _("{days} from the baseline").format(days=f"{sign}{drift}"))
    _forecast_facts(detail, fact)
    fact(_("Parent"), detail.parent.item.ref if detail.parent else None, Kind.FIXED)
    fact(_("File"), f"{item.position.path}:{item.position.line}", Kind.FIXED)
    fact(_("Note"), item.note, Kind.TEXT)
    # Each table ends with a blank line (the table's bottom edge, or the last block's).
    parts: list[RenderableType] = [FittedFacts(facts), Text("")]
    for title, rows in (
        (_("Depends on"), detail.prerequisites),
        (_("Depended on by"), detail.dependents),
        (_("Tasks"), detail.tasks),
    ):
        if rows:
            parts.append(_items_table(title, rows, _("Days"), days, True))
    if item.reschedules or item.reassignments:
        from sezctl.history.decisions import DecisionBook

        book = detail.decisions or DecisionBook()
        if item.reschedules:
            parts.append(_reschedules_table(item.reschedules, book))
        if item.reassignments:
            parts.append(_reassignments_table(item.reassignments, book))
    if detail.missing_prerequisites:
        unknown = ", ".join(detail.missing_prerequisites)
        parts.append(Text(_("Unknown prerequisites: {refs}").format(refs=unknown), style="red"))
    return Group(*parts)


def _decision_cell(entry: Reschedule | Reassignment, book: DecisionBook) -> Text | None:
    """The decision an entry records (the protocol point and its chair, or the document),
    or "no decision named"."""
    return _cell("; ".join(decision_phrases(entry, book, reason=False)))


def _reschedules_table(reschedules: Sequence[Reschedule], book: DecisionBook) -> FittedTable:
    """The recorded moves of the deadline (``reschedules:``), oldest first, with the decision
    each names.  The move is counted in calendar days whatever ``--days`` says: it is a
    distance between two dates written in the file, not a delay."""
    rows: list[list[Text | None]] = []
    for move in reschedules:
        moved = (move.to - move.from_date).days
        sign = "+" if moved >= 0 else "-"
        rows.append(
            [
                Text(format_day(move.on)),
                Text(format_day(move.from_date)),
                Text(format_day(move.to)),
                Text(sign + count_days(abs(moved), CALENDAR)),
                _cell(move.reason),
                _decision_cell(move, book),
            ]
        )
    return FittedTable(
        [
            Column(_("On"), Kind.KEY),
            Column(_("From"), Kind.FIXED),
            Column(_("To"), Kind.FIXED),
            Column(_("Days"), Kind.FIXED, "right"),
            Column(_("Reason")),
            Column(_("Decision")),
        ],
        rows,
        _("Deadline moves"),
    )


def _reassignments_table(reassignments: Sequence[Reassignment], book: DecisionBook) -> FittedTable:
    """The recorded changes of the owner (``reassignments:``), oldest first, with the
    decision each names."""
    rows = [
        [
            Text(format_day(given.on)),
            _cell(given.from_owner),
            _cell(given.to),
            _cell(given.reason),
            _decision_cell(given, book),
        ]
        for given in reassignments
    ]
    return FittedTable(
        [
            Column(_("On"), Kind.KEY),
            Column(_("From"), Kind.FIXED),
            Column(_("To"), Kind.FIXED),
            Column(_("Reason")),
            Column(_("Decision")),
        ],
        rows,
        _("Reassignments"),
    )


def _critical_table(
    title: str,
    rows: list[CriticalRow],
    numbered: bool,
    days: str,
    skipped: Skipped | None = None,
) -> FittedTable:
    several_roadmaps = len({row.row.item.roadmap for row in rows}) > 1
    columns = [Column("#", Kind.ORDINAL, "right")] if numbered else []
    columns += [
        Column(_("Item"), Kind.KEY),
        Column(_("Title")),
        Column(_("Owner")),
        Column(_("Due"), Kind.FIXED),
        Column(_("Forecast"), Kind.FIXED),
        Column(_("Slack"), Kind.FIXED, "right"),
    ]
    return FittedTable(
        columns,
        (  # made as the table takes them; strings where a Text would be kept as its string
            [
                *([str(number)] if numbered else []),
                _label(critical.row.item, several_roadmaps, skipped),
                _plain_cell(critical.row.item.title),
                _plain_cell(critical.row.owner_name or critical.row.item.owner),
                format_day(critical.row.item.due),
                _forecast_cell(critical.row, days),
                None if critical.slack_days is None else count_days(critical.slack_days, days),
            ]
            for number, critical in enumerate(rows, start=1)
        ),
        title,
    )


def _critical_heading(path: CriticalPath, days: str) -> Indented:
    heading = Text(one_line(path.roadmap.id), style="bold")
    if path.forecast_end is None:
        heading.append(_(": every item is cancelled."))
        return paragraph(heading)
    heading.append(_(": forecast to end {date}").format(date=format_day(path.forecast_end)))
    if path.planned_end is not None:
        heading.append(_(", planned {date}").format(date=format_day(path.planned_end)))
        slip = path.end_slip_days or 0
        if slip > 0:
            late = _(" ({days} late)").format(days=count_days(slip, days))
            heading.append(late, style=overdue_style(slip))
    heading.append(".")
    return paragraph(heading)


def render_critical_table(report: CriticalReport) -> RenderableType:
    parts = _skipped_parts(report.skipped)
    note = _unit_note(report.day_kind)
    for path in report.paths:
        parts += [_critical_heading(path, report.day_kind), Text("")]
        if path.chain:
            parts.append(
                _critical_table(
                    _("Critical path, where it starts first") + note,
                    path.chain,
                    True,
                    report.day_kind,
                    report.skipped,
                )
            )
        if path.others:
            title = _("Other open items, least slack first") + note
            parts.append(
                _critical_table(title, path.others, False, report.day_kind, report.skipped)
            )
    return Group(*parts)
