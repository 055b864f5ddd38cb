"""Rich renderers for the terminal.  User text is always wrapped in ``Text`` (never parsed as
markup or emoji codes) and cleaned of control characters before it reaches the terminal."""

from __future__ import annotations

from datetime import date

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sezctl.model import Status
from sezctl.render.text import one_line, plural
from sezctl.report import ItemDetail, ItemRow, OwnerRow, Section, StatusReport


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
    return Text(status.value, style=_STATUS_STYLE[status])


def _days_cell(row: ItemRow, labelled: bool) -> Text:
    """The day count that matters for the row; ``labelled`` says which count it is, for tables
    that mix overdue, upcoming and finished items."""
    slip = row.slippage
    if slip.overdue_days is not None:
        label = " late" if labelled else ""
        return Text(f"{slip.overdue_days}{label}", style=overdue_style(slip.overdue_days))
    if slip.days_left is not None:
        label = " left" if labelled else ""
        style = "yellow" if row.section is Section.DUE_SOON else ""
        return Text(f"{slip.days_left}{label}", style=style)
    if slip.late_days is not None:
        text = f"{slip.late_days:+d}" if slip.late_days else "on time"
        return Text(text, style="green" if slip.late_days <= 0 else "")
    return Text("")


def _owner_cell(row: ItemRow) -> Text:
    return _cell(row.owner_name or row.item.owner)


def _items_table(
    title: str, rows: list[ItemRow], days_header: str, labelled: bool = False
) -> Table:
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=False, pad_edge=False
    )
    # Text columns fold; the short columns never wrap, so dates and day counts stay whole
    # even on an 80-column terminal.
    table.add_column("Item", overflow="fold")
    table.add_column("Title", min_width=12, overflow="fold")
    table.add_column("Owner", min_width=8, overflow="fold")
    table.add_column("Due", no_wrap=True, min_width=10)
    table.add_column(days_header, justify="right", no_wrap=True, min_width=len(days_header))
    table.add_column("Status", no_wrap=True, min_width=11)
    # The roadmap goes under the id only when the rows come from several roadmaps.
    several_roadmaps = len({row.item.roadmap for row in rows}) > 1
    for row in rows:
        item = row.item
        label = Text(one_line(item.id))
        if several_roadmaps:
            label.append("\n" + one_line(item.roadmap), style="dim")
        table.add_row(
            label,
            _cell(item.title),
            _owner_cell(row),
            Text(item.due.isoformat()),
            _days_cell(row, labelled),
            _status_cell(row),
        )
    return table


def _summary_line(report: StatusReport) -> Text:
    summary = report.summary
    line = Text(
        f"{report.today.isoformat()}: {plural(summary.items, 'item')}, {summary.open} open, "
        f"{summary.overdue} overdue, {summary.due_soon} due within {report.warning_days} days."
    )
    worst = summary.worst
    if worst is not None:
        line.append(" Worst: ")
        line.append(one_line(worst.item.ref), style="bold")
        line.append(f", {worst.slippage.overdue_days} days overdue")
        line.append(f" ({one_line(worst.owner_name or worst.item.owner)}).")
    return line


def render_status_table(report: StatusReport) -> RenderableType:
    by_section: dict[Section, list[ItemRow]] = {section: [] for section in Section}
    for row in report.rows:
        by_section[row.section].append(row)
    parts: list[RenderableType] = []
    if by_section[Section.OVERDUE]:
        parts.append(_items_table("Overdue", by_section[Section.OVERDUE], "Late"))
    else:
        parts.append(Text("Nothing is overdue.", style="green"))
    if by_section[Section.DUE_SOON]:
        parts.append(
            _items_table(
                f"Due within {report.warning_days} days", by_section[Section.DUE_SOON], "Left"
            )
        )
    if by_section[Section.OTHER]:
        parts.append(_items_table("Other items", by_section[Section.OTHER], "Days", labelled=True))
    parts.append(_summary_line(report))
    return Group(*parts)


def render_owner_table(rows: list[OwnerRow], today: date) -> RenderableType:
    table = Table(
        title=f"Owners as of {today.isoformat()}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("Owner", overflow="fold")
    table.add_column("Name", ratio=2, overflow="fold")
    table.add_column("Open", justify="right")
    table.add_column("Overdue", justify="right")
    table.add_column("Days overdue", justify="right")
    table.add_column("Worst item", ratio=2, overflow="fold")
    for row in rows:
        worst = Text("—", style="dim")
        if row.worst is not None:
            days = row.worst.slippage.overdue_days or 0
            worst = Text(one_line(row.worst.item.id))
            worst.append(f" ({days})", style=overdue_style(days))
            worst.append("\n" + one_line(row.worst.item.roadmap), style="dim")
        table.add_row(
            _cell(row.owner.id),
            _cell(row.owner.name),
            str(row.open),
            Text(str(row.overdue), style="red" if row.overdue else ""),
            Text(str(row.total_overdue_days), style="red" if row.total_overdue_days else ""),
            worst,
        )
    return table


def render_item_detail(detail: ItemDetail, today: date) -> RenderableType:
    row = detail.row
    item, slip = row.item, row.slippage
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()

    def fact(label: str, value: str | Text | None) -> None:
        if value is not None:
            facts.add_row(label, value if isinstance(value, Text) else _cell(value))

    fact("Item", item.ref)
    fact("Title", item.title)
    fact("Owner", f"{row.owner_name or '?'} ({item.owner})")
    fact("Status", _status_cell(row))
    fact("Start", item.start.isoformat() if item.start else None)
    fact("Due", item.due.isoformat())
    fact("Baseline", item.baseline.isoformat() if item.baseline else None)
    fact("Done", item.done.isoformat() if item.done else None)
    if slip.overdue_days is not None:
        fact("Overdue", Text(f"{slip.overdue_days} days", style=overdue_style(slip.overdue_days)))
    if slip.days_left is not None:
        fact("Left", str(slip.days_left))
    if slip.late_days is not None:
        fact(
            "Finished",
            f"{abs(slip.late_days)} days {'late' if slip.late_days > 0 else 'early'}"
            if slip.late_days
            else "on the deadline",
        )
    if slip.drift_days is not None:
        fact("Deadline moved", f"{slip.drift_days:+d} days from the baseline")
    fact("Parent", detail.parent.item.ref if detail.parent else None)
    fact("File", f"{item.position.path}:{item.position.line}")
    fact("Note", item.note)
    parts: list[RenderableType] = [facts]
    for title, rows in (
        ("Depends on", detail.prerequisites),
        ("Depended on by", detail.dependents),
        ("Tasks", detail.tasks),
    ):
        if rows:
            parts.append(_items_table(title, rows, "Days", labelled=True))
    if detail.missing_prerequisites:
        parts.append(
            Text("Unknown prerequisites: " + ", ".join(detail.missing_prerequisites), style="red")
        )
    return Group(*parts)
