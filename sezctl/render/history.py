"""Renderers of the git-history reports: ``sezctl diff`` and ``sezctl history``.

Table (Rich), JSON (built from the report objects) and Markdown; user text is cleaned for the
terminal and escaped for Markdown like every other renderer.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sezctl.history.changes import DIFF_KINDS, CommitInfo, DiffReport, ItemDifference, ItemHistory
from sezctl.render.markdown import escape_markdown, markdown_table
from sezctl.render.records import to_json
from sezctl.render.text import one_line, plural, signed_days
from sezctl.reports.status import StatusReport

KIND_TITLES = {
    "deadline-moved": "Deadlines moved",
    "completed": "Completed",
    "reopened": "Reopened",
    "reassigned": "Reassigned",
    "status-changed": "Status changed",
    "added": "Added",
    "removed": "Removed",
}


def _value(value: object) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def _text(value: object) -> str:
    return "" if value is None else one_line(str(_value(value)))


def commit_record(commit: CommitInfo | None) -> dict[str, Any] | None:
    if commit is None:
        return None
    return {
        "commit": commit.commit,
        "author": commit.author,
        "date": commit.date,
        "message": commit.message,
    }


def _commit_cell(commit: CommitInfo | None) -> str:
    if commit is None:
        return "uncommitted"
    return f"{commit.short} {commit.day} {one_line(commit.author)}\n{one_line(commit.message)}"


def _diff_heading(report: DiffReport) -> str:
    return (
        f"Changes from {one_line(report.from_label)} to {one_line(report.to_label)} "
        f"({plural(report.commits, 'commit')})"
    )


def _difference_summary(report: DiffReport) -> str:
    counts = [
        f"{KIND_TITLES[kind].lower()}: {len(report.of_kind(kind))}"
        for kind in DIFF_KINDS
        if report.of_kind(kind)
    ]
    return "; ".join(counts) if counts else "no changes in meaning"


# -- diff ---------------------------------------------------------------------------------------


def render_diff_table(report: DiffReport) -> RenderableType:
    parts: list[RenderableType] = [Text(_diff_heading(report), style="bold")]
    for kind in DIFF_KINDS:
        rows = report.of_kind(kind)
        if not rows:
            continue
        table = Table(
            title=KIND_TITLES[kind], title_justify="left", box=box.SIMPLE_HEAD, expand=True
        )
        table.add_column("Item", ratio=2, overflow="fold")
        if kind != "reassigned":  # there Was and Now are the owners
            table.add_column("Owner", ratio=1, min_width=12, overflow="fold")
        if kind not in ("added", "removed"):
            dates = kind == "deadline-moved"
            table.add_column("Was", no_wrap=dates, overflow="fold")
            table.add_column("Now", no_wrap=dates, overflow="fold")
        if kind == "deadline-moved":
            table.add_column("Days", justify="right", no_wrap=True)
        table.add_column("Commit", ratio=3, overflow="fold")
        for row in rows:
            cells = [one_line(row.ref)] + ([] if kind == "reassigned" else [one_line(row.owner)])
            if kind not in ("added", "removed"):
                cells += [_text(row.old), _text(row.new)]
            if kind == "deadline-moved":
                cells.append(signed_days(row.days))
            cells.append(_commit_cell(row.commit))
            table.add_row(*cells)
        parts.append(table)
    parts.append(Text(_difference_summary(report)))
    return Group(*parts)


def difference_record(row: ItemDifference) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "ref": row.ref,
        "title": row.title,
        "owner": row.owner,
        "old": _value(row.old),
        "new": _value(row.new),
        "days": row.days,
        "commit": commit_record(row.commit),
        "commits": [commit_record(commit) for commit in row.commits],
    }


def render_diff_json(report: DiffReport) -> str:
    record = {
        "from": {"label": report.from_label, "commit": report.from_commit},
        "to": {"label": report.to_label, "commit": report.to_commit},
        "commits": report.commits,
        "summary": {kind: len(report.of_kind(kind)) for kind in DIFF_KINDS},
        "changes": [difference_record(row) for row in report.differences],
    }
    return to_json(record)


def _md_commit(commit: CommitInfo | None) -> str:
    if commit is None:
        return "uncommitted"
    return (
        f"{commit.short} {commit.day} {escape_markdown(commit.author)}: "
        f"{escape_markdown(commit.message)}"
    )


def render_diff_markdown(report: DiffReport) -> str:
    lines = [f"## {escape_markdown(_diff_heading(report))}", ""]
    for kind in DIFF_KINDS:
        rows = report.of_kind(kind)
        if not rows:
            continue
        lines += [f"### {KIND_TITLES[kind]}", ""]
        header = ["Item"] + ([] if kind == "reassigned" else ["Owner"])
        if kind not in ("added", "removed"):
            header += ["Was", "Now"]
        if kind == "deadline-moved":
            header.append("Days")
        header.append("Commit")
        body = []
        for row in rows:
            cells = [escape_markdown(row.ref)]
            if kind != "reassigned":
                cells.append(escape_markdown(row.owner))
            if kind not in ("added", "removed"):
                cells += [escape_markdown(_text(row.old)), escape_markdown(_text(row.new))]
            if kind == "deadline-moved":
                cells.append(signed_days(row.days))
            cells.append(_md_commit(row.commit))
            body.append(cells)
        lines += [*markdown_table(header, body).splitlines(), ""]
    lines.append(escape_markdown(_difference_summary(report)).capitalize() + ".")
    return "\n".join(lines) + "\n"


# -- one item's history -------------------------------------------------------------------------


def _history_summary(history: ItemHistory) -> str:
    return (
        f"{plural(len(history.changes), 'change')}; the deadline moved "
        f"{plural(history.deadline_moves, 'time')}, {history.total_days_moved:+d} days in total"
    )


def render_history_table(history: ItemHistory) -> RenderableType:
    table = Table(
        title=f"History of {one_line(history.ref)}: {one_line(history.title)}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        expand=True,
    )
    table.add_column("Date", no_wrap=True)
    table.add_column("Commit", no_wrap=True)
    table.add_column("Author", ratio=1, min_width=12, overflow="fold")
    table.add_column("Change", no_wrap=True)
    table.add_column("Was", no_wrap=True)
    table.add_column("Now", no_wrap=True)
    table.add_column("Days", justify="right", no_wrap=True)
    table.add_column("Message", ratio=3, overflow="fold")
    for change in history.changes:
        table.add_row(
            change.commit.day,
            change.commit.short,
            one_line(change.commit.author),
            change.name,
            _text(change.old),
            _text(change.new),
            signed_days(change.days),
            one_line(change.commit.message),
        )
    return Group(table, Text(_history_summary(history)))


def render_history_json(history: ItemHistory) -> str:
    record = {
        "ref": history.ref,
        "title": history.title,
        "deadline_moves": history.deadline_moves,
        "total_days_moved": history.total_days_moved,
        "changes": [
            {
                "field": change.name,
                "old": _value(change.old),
                "new": _value(change.new),
                "days": change.days,
                **(commit_record(change.commit) or {}),
            }
            for change in history.changes
        ],
    }
    return to_json(record)


# -- status --baseline --------------------------------------------------------------------------


def render_baseline_section(report: StatusReport) -> RenderableType:
    """The part of the status table that ``--baseline REV`` adds: the listed items whose
    deadline differs from REV or that are new since REV, then the items removed since REV."""
    baseline = report.baseline
    assert baseline is not None
    title = f"Against the baseline {one_line(baseline.label)}"
    if baseline.commit:
        title += f" ({baseline.commit[:7]})"
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Item", overflow="fold")
    table.add_column("Deadline then")
    table.add_column("Deadline now")
    table.add_column("Drift", justify="right")
    shown = 0
    for row in report.rows:
        ref, due = row.item.ref, row.item.due
        if baseline.is_new(ref):
            table.add_row(one_line(ref), "new", due.isoformat(), "")
        elif (drift := baseline.drift_days(ref, due)) != 0:
            before = baseline.due_at(ref)
            table.add_row(one_line(ref), _text(before), due.isoformat(), signed_days(drift))
        else:
            continue
        shown += 1
    for facts in baseline.removed:
        table.add_row(one_line(facts.ref), facts.due.isoformat(), "removed", "")
        shown += 1
    if not shown:
        return Text(f"{title}: no listed deadline moved, nothing added or removed.")
    return table
