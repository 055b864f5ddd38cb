"""Markdown renderers (for a wiki page or a pull-request comment).

Cells are escaped so that a title cannot break the table or inject HTML: ``|``, ``\\``, ``<``,
``>``, ``&``, backticks, emphasis characters and brackets are written as entities or escaped.
"""

from __future__ import annotations

from sezctl.render.text import day_word, one_line, plural
from sezctl.reports.status import ItemRow, OwnerReport, Section, StatusReport

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


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; the cells must already be escaped (:func:`escape_markdown`)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _item_cells(row: ItemRow) -> list[str]:
    """The cells every item table starts with: roadmap, id, title, owner's name, deadline."""
    item = row.item
    return [
        escape_markdown(item.roadmap),
        escape_markdown(item.id),
        escape_markdown(item.title),
        escape_markdown(row.owner_name or item.owner),
        item.due.isoformat(),
    ]


def _item_rows(rows: list[ItemRow], days: str) -> str:
    body = []
    for row in rows:
        slip, item = row.slippage, row.item
        value = slip.overdue_days if row.section is Section.OVERDUE else slip.days_left
        body.append(
            [
                *_item_cells(row),
                "" if value is None else str(value),
                item.effective_status.value,
            ]
        )
    return markdown_table(["Roadmap", "ID", "Title", "Owner", "Due", days, "Status"], body)


def _at_risk_rows(rows: list[ItemRow]) -> str:
    body = []
    for row in rows:
        forecast = row.forecast
        finish, slip = forecast.finish, forecast.slip_days
        driver, root = forecast.driver, forecast.root_cause
        body.append(
            [
                *_item_cells(row),
                finish.isoformat() if finish else "",
                "" if slip is None else str(slip),
                escape_markdown(driver.ref) if driver else "",
                escape_markdown(root.ref) if root else "",
            ]
        )
    header = ["Roadmap", "ID", "Title", "Owner", "Due", "Forecast", "Slip", "Pushed by"]
    return markdown_table([*header, "Root cause"], body)


def render_status_markdown(report: StatusReport) -> str:
    unit = day_word(report.day_kind)
    sections = {
        Section.OVERDUE: ("Overdue", f"{unit.capitalize()} late"),
        Section.AT_RISK: ("At risk", ""),
        Section.DUE_SOON: (f"Due within {report.warning_days} {unit}", f"{unit.capitalize()} left"),
        Section.OTHER: ("Other items", f"{unit.capitalize()} left"),
    }
    out = [f"# Roadmap status, {report.today.isoformat()}\n"]
    for section, (title, days) in sections.items():
        rows = [row for row in report.rows if row.section is section]
        if rows:
            table = _at_risk_rows(rows) if section is Section.AT_RISK else _item_rows(rows, days)
            out.append(f"\n## {title}\n\n{table}")
    summary = report.summary
    line = (
        f"\n{plural(summary.items, 'item')}, {summary.open} open, {summary.overdue} overdue, "
        f"{summary.at_risk} at risk, {summary.due_soon} due within {report.warning_days} {unit}."
    )
    if summary.worst is not None:
        worst = summary.worst
        line += (
            f" Worst: **{escape_markdown(worst.item.ref)}**, "
            f"{worst.slippage.overdue_days} {unit} overdue "
            f"({escape_markdown(worst.owner_name or worst.item.owner)})."
        )
    out.append(line + "\n")
    if report.baseline is not None:
        out.append(_baseline_section(report))
    return "".join(out)


def _baseline_section(report: StatusReport) -> str:
    """``status --baseline REV``: the listed items whose deadline differs from REV or that are
    new since REV, then the items removed since REV (as in the table)."""
    baseline = report.baseline
    assert baseline is not None
    title = f"Against the baseline {escape_markdown(baseline.label)}"
    if baseline.commit:
        title += f" ({baseline.commit[:7]})"
    body: list[list[str]] = []
    for row in report.rows:
        ref, due = row.item.ref, row.item.due
        if baseline.is_new(ref):
            body.append([escape_markdown(ref), "new", due.isoformat(), ""])
        elif (drift := baseline.drift_days(ref, due)) != 0:
            before = baseline.due_at(ref)
            then = before.isoformat() if before else ""
            shift = "" if drift is None else f"{drift:+d}"
            body.append([escape_markdown(ref), then, due.isoformat(), shift])
    for facts in baseline.removed:
        body.append([escape_markdown(facts.ref), facts.due.isoformat(), "removed", ""])
    if not body:
        return f"\n## {title}\n\nNo listed deadline moved, nothing added or removed.\n"
    header = ["Item", "Deadline then", "Deadline now", "Drift"]
    return f"\n## {title}\n\n" + markdown_table(header, body)


def render_owners_markdown(report: OwnerReport) -> str:
    rows, today, day_kind = report
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
    overdue_days = f"{day_word(day_kind).capitalize()} overdue"
    header = ["Owner", "Name", "Open", "Overdue", overdue_days, "Worst item"]
    return f"# Owners, {today.isoformat()}\n\n" + markdown_table(header, body)
