"""Rich renderers for the terminal.  User text is always wrapped in ``Text`` (never parsed as
markup or emoji codes) and cleaned of control characters before it reaches the terminal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sezctl.core.i18n import _, format_day, ngettext
from sezctl.core.model import Item, Reschedule, Status
from sezctl.render.text import count_days, due_soon_phrase, one_line, status_label, within_days
from sezctl.reports.status import (
    ItemDetail,
    ItemRow,
    OwnerReport,
    Section,
    StatusReport,
)
from sezctl.source.config import WORKING

if TYPE_CHECKING:
    from sezctl.reports.critical import CriticalPath, CriticalReport, CriticalRow
    from sezctl.reports.skipped import Skipped


def _cell(text: str | None) -> Text:
    return Text(one_line(text)) if text else Text("—", style="dim")


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


def _status_cell(row: ItemRow) -> Text:
    status = row.item.effective_status
    return Text(status_label(status), style=_STATUS_STYLE[status])


def _days_cell(row: ItemRow, labelled: bool) -> Text:
    """The day count that matters for the row; ``labelled`` says which count it is, for tables
    that mix overdue, upcoming and finished items."""
    slip = row.slippage
    if slip.overdue_days is not None:
        count = slip.overdue_days
        text = _("{count} late").format(count=count) if labelled else str(count)
        return Text(text, style=overdue_style(count))
    if slip.days_left is not None:
        count = slip.days_left
        text = _("{count} left").format(count=count) if labelled else str(count)
        style = "yellow" if row.section is Section.DUE_SOON else ""
        return Text(text, style=style)
    if slip.late_days is not None:
        text = f"{slip.late_days:+d}" if slip.late_days else _("on time")
        return Text(text, style="green" if slip.late_days <= 0 else "")
    return Text("")


def _owner_cell(row: ItemRow) -> Text:
    return _cell(row.owner_name or row.item.owner)


def _item_table(
    title: str,
    rows: list[ItemRow],
    columns: list[tuple[str, dict[str, Any]]],
    cells: Callable[[ItemRow], list[Text]],
    skipped: Skipped | None = None,
) -> Table:
    """A table of items: Item, Title, Owner and Due, then ``columns`` (header and Rich column
    options), filled for each row by ``cells``; an item waiting for a file that ``skipped``
    left out is marked."""
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=False, pad_edge=False
    )
    # Text columns fold; the short columns never wrap, so dates and day counts stay whole
    # even on an 80-column terminal.
    table.add_column(_("Item"), overflow="fold")
    table.add_column(_("Title"), min_width=12, overflow="fold")
    table.add_column(_("Owner"), min_width=8, overflow="fold")
    table.add_column(_("Due"), no_wrap=True, min_width=10)
    for header, options in columns:
        table.add_column(header, **options)
    # The roadmap goes under the id only when the rows come from several roadmaps.
    several_roadmaps = len({row.item.roadmap for row in rows}) > 1
    for row in rows:
        item = row.item
        table.add_row(
            _label(item, several_roadmaps, skipped),
            _cell(item.title),
            _owner_cell(row),
            Text(format_day(item.due)),
            *cells(row),
        )
    return table


def _items_table(
    title: str,
    rows: list[ItemRow],
    days_header: str,
    labelled: bool = False,
    skipped: Skipped | None = None,
) -> Table:
    days_column = {"justify": "right", "no_wrap": True, "min_width": len(days_header)}
    return _item_table(
        title,
        rows,
        [(days_header, days_column), (_("Status"), {"no_wrap": True, "min_width": 11})],
        lambda row: [_days_cell(row, labelled), _status_cell(row)],
        skipped,
    )


def _unit_note(days: str) -> str:
    """Appended to a table title when counts are in working days."""
    return _(" (working days)") if days == WORKING else ""


def _summary_line(report: StatusReport) -> Text:
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
    return line


def _label(item: Item, several_roadmaps: bool, skipped: Skipped | None = None) -> Text:
    label = Text(one_line(item.id))
    if skipped is not None:  # --skip-invalid: loaded only then
        from sezctl.render.skipped import mark

        label.append(mark(skipped, item.ref))
    if several_roadmaps:
        label.append("\n" + one_line(item.roadmap), style="dim")
    return label


def _pushed_by_cell(row: ItemRow) -> Text:
    """The driving prerequisite, then any other that alone would make the item late."""
    forecast = row.forecast
    if forecast.driver is None:
        return _cell(None)
    shown = [forecast.driver, *(item for item in forecast.pushed_by if item is not forecast.driver)]
    return Text("\n".join(one_line(item.id) for item in shown))


def _root_causes_line(rows: list[ItemRow]) -> Text:
    """Where the delays start: the root causes of the rows, most items first."""
    counts: dict[str, int] = {}
    for row in rows:
        root = row.forecast.root_cause
        if root is not None:
            counts[root.ref] = counts.get(root.ref, 0) + 1
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    line = Text(_("Where the delay starts: "))
    for number, (ref, count) in enumerate(ranked):
        line.append(", " if number else "")
        line.append(one_line(ref), style="bold")
        at_risk = ngettext("{count} item at risk", "{count} items at risk", count)
        line.append(f" ({at_risk.format(count=count)})")
    line.append(".\n")
    return line


def _reference(item: Item, seen_from: Item) -> str:
    """An item's id, with its roadmap when it is in another roadmap than ``seen_from``."""
    return one_line(item.id if item.roadmap == seen_from.roadmap else item.ref)


def _at_risk_table(
    title: str, rows: list[ItemRow], days: str, skipped: Skipped | None = None
) -> Table:
    return _item_table(
        title,
        rows,
        [
            (_("Forecast"), {"min_width": 10}),
            (_("Pushed by"), {"min_width": 12, "overflow": "fold"}),
        ],
        lambda row: [_forecast_cell(row, days), _pushed_by_cell(row)],
        skipped,
    )


def _forecast_cell(row: ItemRow, days: str) -> Text:
    """The forecast finish and, below it, how late that is."""
    forecast = row.forecast
    if forecast.finish is None:
        return _cell(None)
    slip = forecast.slip_days or 0
    cell = Text(format_day(forecast.finish))
    if slip > 0:
        late = _("{days} late").format(days=count_days(slip, days))
        cell.append(f"\n{late}", style=overdue_style(slip))
    elif slip < 0:
        early = _("{days} early").format(days=count_days(-slip, days))
        cell.append(f"\n{early}", style="green")
    return cell


def render_status_table(report: StatusReport) -> RenderableType:
    by_section: dict[Section, list[ItemRow]] = {section: [] for section in Section}
    for row in report.rows:
        by_section[row.section].append(row)
    parts = _skipped_parts(report.skipped)
    note = _unit_note(report.day_kind)
    skipped = report.skipped
    if by_section[Section.OVERDUE]:
        parts.append(
            _items_table(
                _("Overdue") + note, by_section[Section.OVERDUE], _("Late"), skipped=skipped
            )
        )
    else:
        parts.append(Text(_("Nothing is overdue."), style="green"))
    if by_section[Section.AT_RISK]:
        parts.append(
            _at_risk_table(
                _("At risk: not overdue yet, but forecast to miss the deadline"),
                by_section[Section.AT_RISK],
                report.day_kind,
                skipped,
            )
        )
        parts.append(_root_causes_line(by_section[Section.AT_RISK]))
    if by_section[Section.DUE_SOON]:
        parts.append(
            _items_table(
                within_days(report.warning_days, report.day_kind),
                by_section[Section.DUE_SOON],
                _("Left"),
                skipped=skipped,
            )
        )
    if by_section[Section.OTHER]:
        parts.append(
            _items_table(
                _("Other items"), by_section[Section.OTHER], _("Days"), True, skipped=skipped
            )
        )
    if report.baseline is not None:
        from sezctl.render.history import render_baseline_section

        parts.append(render_baseline_section(report))
    parts.append(_summary_line(report))
    return Group(*parts)


def _skipped_parts(skipped: Skipped | None, items: bool = True) -> list[RenderableType]:
    """``--skip-invalid``: the files left out, first (nothing when none was)."""
    if skipped is None:
        return []
    from sezctl.render.skipped import render_skipped_text

    notice = render_skipped_text(skipped, items)
    return [] if notice is None else [notice]


def render_owner_table(report: OwnerReport) -> RenderableType:
    rows, today, day_kind = report.rows, report.today, report.day_kind
    table = Table(
        title=_("Owners as of {date}").format(date=format_day(today)) + _unit_note(day_kind),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column(_("Owner"), overflow="fold")
    table.add_column(_("Name"), ratio=2, overflow="fold")
    table.add_column(_("Open"), justify="right")
    table.add_column(_("Overdue"), justify="right")
    table.add_column(_("Days overdue"), justify="right")
    table.add_column(_("Worst item"), ratio=2, overflow="fold")
    for row in rows:
        worst = Text("—", style="dim")
        if row.worst is not None:
            late = row.worst.slippage.overdue_days or 0
            worst = Text(one_line(row.worst.item.id))
            worst.append(f" ({late})", style=overdue_style(late))
            worst.append("\n" + one_line(row.worst.item.roadmap), style="dim")
        table.add_row(
            _cell(row.owner.id),
            _cell(row.owner.name),
            str(row.open),
            Text(str(row.overdue), style="red" if row.overdue else ""),
            Text(str(row.total_overdue_days), style="red" if row.total_overdue_days else ""),
            worst,
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
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()

    def fact(label: str, value: str | Text | None) -> None:
        if value is not None:
            facts.add_row(label, value if isinstance(value, Text) else _cell(value))

    fact(_("Item"), item.ref)
    fact(_("Title"), item.title)
    fact(_("Owner"), f"{row.owner_name or '?'} ({item.owner})")
    fact(_("Status"), _status_cell(row))
    fact(_("Start"), format_day(item.start) if item.start else None)
    fact(_("Due"), format_day(item.due))
    fact(_("Baseline"), format_day(item.baseline) if item.baseline else None)
    fact(_("Done"), format_day(item.done) if item.done else None)
    if slip.overdue_days is not None:
        overdue = count_days(slip.overdue_days, detail.day_kind)
        fact(_("Overdue"), Text(overdue, style=overdue_style(slip.overdue_days)))
    if slip.days_left is not None:
        working = detail.day_kind == WORKING
        left = slip.days_left
        fact(_("Left"), count_days(left, detail.day_kind) if working else str(left))
    if slip.late_days is not None:
        finished = _("on the deadline")
        if slip.late_days:
            late = count_days(abs(slip.late_days), detail.day_kind)
            finished = (_("{days} late") if slip.late_days > 0 else _("{days} early")).format(
                days=late
            )
        fact(_("Finished"), finished)
    if slip.drift_days is not None:
        drift = count_days(abs(slip.drift_days), detail.day_kind)
        sign = "-" if slip.drift_days < 0 else "+"
        fact(_("Deadline moved"), _("{days} from the baseline").format(days=f"{sign}{drift}"))
    _forecast_facts(detail, fact)
    fact(_("Parent"), detail.parent.item.ref if detail.parent else None)
    fact(_("File"), f"{item.position.path}:{item.position.line}")
    fact(_("Note"), item.note)
    parts: list[RenderableType] = [facts]
    for title, rows in (
        (_("Depends on"), detail.prerequisites),
        (_("Depended on by"), detail.dependents),
        (_("Tasks"), detail.tasks),
    ):
        if rows:
            parts.append(_items_table(title, rows, _("Days"), labelled=True))
    if item.reschedules:
        parts.append(_reschedules_table(item.reschedules))
    if detail.missing_prerequisites:
        unknown = ", ".join(detail.missing_prerequisites)
        parts.append(Text(_("Unknown prerequisites: {refs}").format(refs=unknown), style="red"))
    return Group(*parts)


def _reschedules_table(reschedules: Sequence[Reschedule]) -> Table:
    """The recorded moves of the deadline (``reschedules:``), oldest first."""
    table = Table(
        title=_("Deadline moves"), title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False
    )
    table.add_column(_("On"), no_wrap=True)
    table.add_column(_("From"), no_wrap=True)
    table.add_column(_("To"), no_wrap=True)
    table.add_column(_("Days"), justify="right", no_wrap=True)
    table.add_column(_("Reason"), ratio=2, overflow="fold")
    table.add_column(_("Decision"), ratio=1, overflow="fold")
    for move in reschedules:
        table.add_row(
            format_day(move.on),
            format_day(move.from_date),
            format_day(move.to),
            f"{(move.to - move.from_date).days:+d}",
            _cell(move.reason),
            _cell(move.ref),
        )
    return table


def _critical_table(
    title: str,
    rows: list[CriticalRow],
    numbered: bool,
    days: str,
    skipped: Skipped | None = None,
) -> Table:
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=False, pad_edge=False
    )
    if numbered:
        table.add_column("#", justify="right", no_wrap=True)
    table.add_column(_("Item"), overflow="fold")
    table.add_column(_("Title"), min_width=12, overflow="fold")
    table.add_column(_("Owner"), min_width=8, overflow="fold")
    table.add_column(_("Due"), no_wrap=True, min_width=10)
    table.add_column(_("Forecast"), min_width=10)
    table.add_column(_("Slack"), justify="right", no_wrap=True)
    several_roadmaps = len({row.row.item.roadmap for row in rows}) > 1
    for number, critical in enumerate(rows, start=1):
        row = critical.row
        cells: list[Text] = [Text(str(number))] if numbered else []
        cells += [
            _label(row.item, several_roadmaps, skipped),
            _cell(row.item.title),
            _owner_cell(row),
            Text(format_day(row.item.due)),
            _forecast_cell(row, days),
            _cell(None) if critical.slack_days is None else Text(str(critical.slack_days)),
        ]
        table.add_row(*cells)
    return table


def _critical_heading(path: CriticalPath, days: str) -> Text:
    heading = Text(one_line(path.roadmap.id), style="bold")
    if path.forecast_end is None:
        heading.append(_(": every item is cancelled."))
        return heading
    heading.append(_(": forecast to end {date}").format(date=format_day(path.forecast_end)))
    if path.planned_end is not None:
        heading.append(_(", planned {date}").format(date=format_day(path.planned_end)))
        slip = path.end_slip_days or 0
        if slip > 0:
            late = _(" ({days} late)").format(days=count_days(slip, days))
            heading.append(late, style=overdue_style(slip))
    heading.append(".")
    return heading


def render_critical_table(report: CriticalReport) -> RenderableType:
    parts = _skipped_parts(report.skipped)
    note = _unit_note(report.day_kind)
    for path in report.paths:
        parts.append(_critical_heading(path, report.day_kind))
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
