"""Markdown renderers (for a wiki page or a pull-request comment).

Cells are escaped so that a title cannot break the table or inject HTML: ``|``, ``\\``, ``<``,
``>``, ``&``, backticks, emphasis characters and brackets are written as entities or escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sezctl.core.i18n import _, format_day, localize, ngettext
from sezctl.render.text import (
    baseline_title,
    count_days,
    due_soon_phrase,
    one_line,
    status_label,
    within_days,
)
from sezctl.reports.status import ItemRow, OwnerReport, Section, StatusReport
from sezctl.source.config import WORKING

if TYPE_CHECKING:
    from sezctl.reports.skipped import Skipped

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


def render_skipped_markdown(skipped: Skipped | None, items: bool = True) -> str:
    """``--skip-invalid``: the files left out, as a paragraph, a list and the notes, each
    followed by a blank line; ``""`` when nothing was left out (``items``: as
    :func:`~sezctl.render.skipped.skipped_notice`)."""
    if skipped is None:
        return ""
    from sezctl.render.skipped import skipped_notice

    notice = skipped_notice(skipped, items)
    if notice is None:
        return ""
    # The heading is our own sentence: its backticks are meant as code.
    lines = [f"**{notice.heading}**", ""]
    for what, error in notice.files:
        lines.append(f"- {escape_markdown(what)} — {escape_markdown(error)}")
    lines.append("")
    for note in notice.notes:
        lines += [escape_markdown(note), ""]
    return "\n".join(lines) + "\n"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; the cells must already be escaped (:func:`escape_markdown`)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _item_cells(row: ItemRow, skipped: Skipped | None = None) -> list[str]:
    """The cells every item table starts with: roadmap, id (marked when the item waits for a
    file ``skipped`` left out), title, owner's name, deadline."""
    item = row.item
    label = escape_markdown(item.id)
    if skipped is not None:  # --skip-invalid: loaded only then
        from sezctl.render.skipped import mark

        label += mark(skipped, item.ref)
    return [
        escape_markdown(item.roadmap),
        label,
        escape_markdown(item.title),
        escape_markdown(row.owner_name or item.owner),
        format_day(item.due),
    ]


def _item_header() -> list[str]:
    return [_("Roadmap"), _("ID"), _("Title"), _("Owner"), _("Due")]


def _item_rows(rows: list[ItemRow], days: str, skipped: Skipped | None = None) -> str:
    body = []
    for row in rows:
        slip, item = row.slippage, row.item
        value = slip.overdue_days if row.section is Section.OVERDUE else slip.days_left
        body.append(
            [
                *_item_cells(row, skipped),
                "" if value is None else str(value),
                status_label(item.effective_status),
            ]
        )
    return markdown_table([*_item_header(), days, _("Status")], body)


def _at_risk_rows(rows: list[ItemRow], skipped: Skipped | None = None) -> str:
    body = []
    for row in rows:
        forecast = row.forecast
        finish, slip = forecast.finish, forecast.slip_days
        driver, root = forecast.driver, forecast.root_cause
        body.append(
            [
                *_item_cells(row, skipped),
                format_day(finish) if finish else "",
                "" if slip is None else str(slip),
                escape_markdown(driver.ref) if driver else "",
                escape_markdown(root.ref) if root else "",
            ]
        )
    header = [*_item_header(), _("Forecast"), _("Slip"), _("Pushed by")]
    return markdown_table([*header, _("Root cause")], body)


def render_status_markdown(report: StatusReport) -> str:
    working = report.day_kind == WORKING
    left = _("Working days left") if working else _("Days left")
    sections = {
        Section.OVERDUE: (_("Overdue"), _("Working days late") if working else _("Days late")),
        Section.AT_RISK: (_("At risk"), ""),
        Section.DUE_SOON: (within_days(report.warning_days, report.day_kind), left),
        Section.OTHER: (_("Other items"), left),
    }
    out = ["# " + _("Roadmap status, {date}").format(date=format_day(report.today)) + "\n"]
    skipped = report.skipped
    if notice := render_skipped_markdown(skipped):
        out.append("\n" + notice.rstrip("\n") + "\n")
    for section, (title, days) in sections.items():
        rows = [row for row in report.rows if row.section is section]
        if rows:
            if section is Section.AT_RISK:
                table = _at_risk_rows(rows, skipped)
            else:
                table = _item_rows(rows, days, skipped)
            out.append(f"\n## {title}\n\n{table}")
    summary = report.summary
    counts = _("{items}, {open} open, {overdue} overdue, {at_risk} at risk, {due_soon}.")
    line = "\n" + counts.format(
        items=ngettext("{count} item", "{count} items", summary.items).format(count=summary.items),
        open=summary.open,
        overdue=summary.overdue,
        at_risk=summary.at_risk,
        due_soon=due_soon_phrase(summary.due_soon, report.warning_days, report.day_kind),
    )
    if summary.worst is not None:
        worst = summary.worst
        overdue = count_days(worst.slippage.overdue_days or 0, report.day_kind)
        line += _(" Worst: ") + f"**{escape_markdown(worst.item.ref)}**"
        line += _(", {days} overdue").format(days=overdue)
        line += f" ({escape_markdown(worst.owner_name or worst.item.owner)})."
    out.append(line + "\n")
    if report.baseline is not None:
        out.append(_baseline_section(report))
    return "".join(out)


def _baseline_section(report: StatusReport) -> str:
    """``status --baseline REV``: the listed items whose deadline differs from REV or that are
    new since REV, then the items removed since REV (as in the table)."""
    baseline = report.baseline
    assert baseline is not None
    title = baseline_title(escape_markdown(localize(baseline.label)), baseline.commit)
    body: list[list[str]] = []
    for row in report.rows:
        ref, due = row.item.ref, row.item.due
        if baseline.is_new(ref):
            body.append([escape_markdown(ref), _("new"), format_day(due), ""])
        elif (drift := baseline.drift_days(ref, due)) != 0:
            before = baseline.due_at(ref)
            then = format_day(before) if before else ""
            shift = "" if drift is None else f"{drift:+d}"
            body.append([escape_markdown(ref), then, format_day(due), shift])
    for facts in baseline.removed:
        body.append([escape_markdown(facts.ref), format_day(facts.due), _("removed"), ""])
    if not body:
        nothing = _("No listed deadline moved, nothing added or removed.")
        return f"\n## {title}\n\n{nothing}\n"
    header = [_("Item"), _("Deadline then"), _("Deadline now"), _("Drift")]
    return f"\n## {title}\n\n" + markdown_table(header, body)


def render_owners_markdown(report: OwnerReport) -> str:
    rows, today, day_kind = report.rows, report.today, report.day_kind
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
    overdue_days = _("Working days overdue") if day_kind == WORKING else _("Days overdue")
    header = [_("Owner"), _("Name"), _("Open"), _("Overdue"), overdue_days, _("Worst item")]
    heading = _("Owners, {date}").format(date=format_day(today))
    notice = render_skipped_markdown(report.skipped, items=False)
    return f"# {heading}\n\n" + notice + markdown_table(header, body)
