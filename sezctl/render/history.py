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

from sezctl.core.i18n import N_, _, format_day, localize, ngettext
from sezctl.history.changes import DIFF_KINDS, CommitInfo, DiffReport, ItemDifference, ItemHistory
from sezctl.render.markdown import escape_markdown, markdown_table
from sezctl.render.records import to_json
from sezctl.render.text import baseline_title, one_line, signed_days, status_name
from sezctl.reports.status import StatusReport

# The title of each kind of difference (the kinds themselves are JSON values).
KIND_TITLES = {
    "deadline-moved": N_("Deadlines moved"),
    "completed": N_("Completed"),
    "reopened": N_("Reopened"),
    "reassigned": N_("Reassigned"),
    "status-changed": N_("Status changed"),
    "added": N_("Added"),
    "removed": N_("Removed"),
}
# What `history` calls each change: a key of the files, or the item added or removed.
CHANGE_NAMES = {
    "due": N_("due"),
    "owner": N_("owner"),
    "status": N_("status"),
    "done": N_("done"),
    "baseline": N_("baseline"),
    "added": N_("added"),
    "removed": N_("removed"),
}


def _value(value: object) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def _text(value: object, status: bool = False) -> str:
    """A value for people: a date as the language writes it, a ``status`` in words, the rest
    (owners' ids) as the files write it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return format_day(value)
    return one_line(status_name(str(value)) if status else str(value))


# The kinds of difference whose Was and Now are statuses.
_STATUS_KINDS = ("completed", "reopened", "status-changed")


def _day(commit: CommitInfo) -> str:
    return format_day(date.fromisoformat(commit.day))


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
        return _("uncommitted")
    return f"{commit.short} {_day(commit)} {one_line(commit.author)}\n{one_line(commit.message)}"


def _diff_heading(report: DiffReport) -> str:
    """The labels are localized: the CLI may make them messages ("the work tree")."""
    return ngettext(
        "Changes from {start} to {end} ({count} commit)",
        "Changes from {start} to {end} ({count} commits)",
        report.commits,
    ).format(
        start=one_line(localize(report.from_label)),
        end=one_line(localize(report.to_label)),
        count=report.commits,
    )


def _difference_summary(report: DiffReport) -> str:
    counts = [
        _("{kind}: {count}").format(
            kind=_(KIND_TITLES[kind]).lower(), count=len(report.of_kind(kind))
        )
        for kind in DIFF_KINDS
        if report.of_kind(kind)
    ]
    return "; ".join(counts) if counts else _("no changes in meaning")


# -- diff ---------------------------------------------------------------------------------------


def render_diff_table(report: DiffReport) -> RenderableType:
    parts: list[RenderableType] = [Text(_diff_heading(report), style="bold")]
    for kind in DIFF_KINDS:
        rows = report.of_kind(kind)
        if not rows:
            continue
        table = Table(
            title=_(KIND_TITLES[kind]), title_justify="left", box=box.SIMPLE_HEAD, expand=True
        )
        table.add_column(_("Item"), ratio=2, overflow="fold")
        if kind != "reassigned":  # there Was and Now are the owners
            # Rich may squeeze a ratio column below min_width, never below width: a header
            # longer than the minimum (Russian) stays whole.
            owner = _("Owner")
            whole = len(owner) if len(owner) > 12 else None
            table.add_column(owner, ratio=1, min_width=12, width=whole, overflow="fold")
        if kind not in ("added", "removed"):
            dates = kind == "deadline-moved"
            table.add_column(_("Was"), no_wrap=dates, overflow="fold")
            table.add_column(_("Now"), no_wrap=dates, overflow="fold")
        if kind == "deadline-moved":
            table.add_column(_("Days"), justify="right", no_wrap=True)
        table.add_column(_("Commit"), ratio=3, overflow="fold")
        for row in rows:
            cells = [one_line(row.ref)] + ([] if kind == "reassigned" else [one_line(row.owner)])
            if kind not in ("added", "removed"):
                status = kind in _STATUS_KINDS
                cells += [_text(row.old, status), _text(row.new, status)]
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
        return _("uncommitted")
    return (
        f"{commit.short} {_day(commit)} {escape_markdown(commit.author)}: "
        f"{escape_markdown(commit.message)}"
    )


def render_diff_markdown(report: DiffReport) -> str:
    lines = [f"## {escape_markdown(_diff_heading(report))}", ""]
    for kind in DIFF_KINDS:
        rows = report.of_kind(kind)
        if not rows:
            continue
        lines += [f"### {_(KIND_TITLES[kind])}", ""]
        header = [_("Item")] + ([] if kind == "reassigned" else [_("Owner")])
        if kind not in ("added", "removed"):
            header += [_("Was"), _("Now")]
        if kind == "deadline-moved":
            header.append(_("Days"))
        header.append(_("Commit"))
        body = []
        for row in rows:
            cells = [escape_markdown(row.ref)]
            if kind != "reassigned":
                cells.append(escape_markdown(row.owner))
            if kind not in ("added", "removed"):
                status = kind in _STATUS_KINDS
                old, new = _text(row.old, status), _text(row.new, status)
                cells += [escape_markdown(old), escape_markdown(new)]
            if kind == "deadline-moved":
                cells.append(signed_days(row.days))
            cells.append(_md_commit(row.commit))
            body.append(cells)
        lines += [*markdown_table(header, body).splitlines(), ""]
    lines.append(escape_markdown(_difference_summary(report)).capitalize() + ".")
    return "\n".join(lines) + "\n"


# -- one item's history -------------------------------------------------------------------------


def _history_summary(history: ItemHistory) -> str:
    """ "3 changes; the deadline moved 2 times, +46 days in total"."""
    changes, moves, total = len(history.changes), history.deadline_moves, history.total_days_moved
    return _("{changes}; {moves}, {total} in total").format(
        changes=ngettext("{count} change", "{count} changes", changes).format(count=changes),
        moves=ngettext(
            "the deadline moved {count} time", "the deadline moved {count} times", moves
        ).format(count=moves),
        total=ngettext("{count} day", "{count} days", abs(total)).format(count=f"{total:+d}"),
    )


def render_history_table(history: ItemHistory) -> RenderableType:
    table = Table(
        title=_("History of {ref}: {title}").format(
            ref=one_line(history.ref), title=one_line(history.title)
        ),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        expand=True,
    )
    table.add_column(_("Date"), no_wrap=True)
    table.add_column(_("Commit"), no_wrap=True)
    table.add_column(_("Author"), ratio=1, min_width=12, overflow="fold")
    table.add_column(_("Change"), no_wrap=True)
    table.add_column(_("Was"), no_wrap=True)
    table.add_column(_("Now"), no_wrap=True)
    table.add_column(_("Days"), justify="right", no_wrap=True)
    table.add_column(_("Message"), ratio=3, overflow="fold")
    for change in history.changes:
        name = CHANGE_NAMES.get(change.name)
        table.add_row(
            _day(change.commit),
            change.commit.short,
            one_line(change.commit.author),
            change.name if name is None else _(name),
            _text(change.old, change.name == "status"),
            _text(change.new, change.name == "status"),
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
    title = baseline_title(one_line(localize(baseline.label)), baseline.commit)
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(_("Item"), overflow="fold")
    table.add_column(_("Deadline then"))
    table.add_column(_("Deadline now"))
    table.add_column(_("Drift"), justify="right")
    shown = 0
    for row in report.rows:
        ref, due = row.item.ref, row.item.due
        if baseline.is_new(ref):
            table.add_row(one_line(ref), _("new"), format_day(due), "")
        elif (drift := baseline.drift_days(ref, due)) != 0:
            before = baseline.due_at(ref)
            table.add_row(one_line(ref), _text(before), format_day(due), signed_days(drift))
        else:
            continue
        shown += 1
    for facts in baseline.removed:
        table.add_row(one_line(facts.ref), format_day(facts.due), _("removed"), "")
        shown += 1
    if not shown:
        return Text(
            _("{title}: no listed deadline moved, nothing added or removed.").format(title=title)
        )
    return table
