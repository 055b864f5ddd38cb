"""Markdown renderers (for a wiki page or a pull-request comment).

Cells are escaped so that a title cannot break the table or inject HTML: ``|``, ``\\``, ``<``,
``>``, ``&``, backticks, emphasis characters and brackets are written as entities or escaped.
"""

from __future__ import annotations

from datetime import date

from sezctl.render.text import one_line, plural
from sezctl.report import ItemRow, OwnerRow, Section, StatusReport

_ESCAPES = {
    "\\": "\\\\",
    "|": "\\|",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "#": "\\#",
}


def escape_markdown(text: str | None) -> str:
    if not text:
        return ""
    return "".join(_ESCAPES.get(char, char) for char in one_line(text))


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _item_rows(rows: list[ItemRow], days: str) -> str:
    body = []
    for row in rows:
        slip, item = row.slippage, row.item
        value = slip.overdue_days if row.section is Section.OVERDUE else slip.days_left
        body.append(
            [
                escape_markdown(item.roadmap),
                escape_markdown(item.id),
                escape_markdown(item.title),
                escape_markdown(row.owner_name or item.owner),
                item.due.isoformat(),
                "" if value is None else str(value),
                item.effective_status.value,
            ]
        )
    return _table(["Roadmap", "ID", "Title", "Owner", "Due", days, "Status"], body)


def render_status_markdown(report: StatusReport) -> str:
    sections = {
        Section.OVERDUE: ("Overdue", "Days late"),
        Section.DUE_SOON: (f"Due within {report.warning_days} days", "Days left"),
        Section.OTHER: ("Other items", "Days left"),
    }
    out = [f"# Roadmap status, {report.today.isoformat()}\n"]
    for section, (title, days) in sections.items():
        rows = [row for row in report.rows if row.section is section]
        if rows:
            out.append(f"\n## {title}\n\n{_item_rows(rows, days)}")
    summary = report.summary
    line = (
        f"\n{plural(summary.items, 'item')}, {summary.open} open, {summary.overdue} overdue, "
        f"{summary.due_soon} due within {report.warning_days} days."
    )
    if summary.worst is not None:
        worst = summary.worst
        line += (
            f" Worst: **{escape_markdown(worst.item.ref)}**, "
            f"{worst.slippage.overdue_days} days overdue "
            f"({escape_markdown(worst.owner_name or worst.item.owner)})."
        )
    out.append(line + "\n")
    return "".join(out)


def render_owners_markdown(rows: list[OwnerRow], today: date) -> str:
    body = [
        [
            escape_markdown(row.owner.id),
            escape_markdown(row.owner.name),
            str(row.open),
            str(row.overdue),
            str(row.total_overdue_days),
            escape_markdown(row.worst.item.ref) if row.worst else "",
        ]
        for row in rows
    ]
    header = ["Owner", "Name", "Open", "Overdue", "Days overdue", "Worst item"]
    return f"# Owners, {today.isoformat()}\n\n" + _table(header, body)
