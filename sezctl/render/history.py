"""Renderers of the git-history reports: ``sezctl diff`` and ``sezctl history``.

Table (Rich), JSON (built from the report objects) and Markdown; user text is cleaned for the
terminal and escaped for Markdown like every other renderer.

The tables fit the terminal they are drawn on (:mod:`sezctl.render.fit`): ids, dates, commit
ids and day counts are never broken, and where the table does not fit — `history` at 80
columns, `diff` of long ids — each change becomes a block of lines instead: what changed, then
the commit's date, id and author on one line, then its message.

A deadline move and a reassignment show the decision recorded with them (the reason, the
protocol point and its chair, or the document of a decision taken elsewhere:
:func:`~sezctl.render.text.decision_text`), resolved through the protocols of the current
files; the commit's message is shown instead only for a change with no record, and a move or
reassignment without one is flagged "no recorded decision".
"""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import Any

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.text import Text

from sezctl.core.i18n import N_, _, format_day, localize, ngettext
from sezctl.history.changes import (
    DIFF_KINDS,
    CommitInfo,
    DecisionBook,
    DiffReport,
    FieldChange,
    ItemDifference,
    ItemHistory,
    RecordedDecision,
)
from sezctl.render.fit import (
    ByWidth,
    FitColumn,
    Line,
    fitted_table,
    heading,
    packed_lines,
    paragraph,
    render_lines,
    table_reads_better,
)
from sezctl.render.markdown import escape_markdown, markdown_table
from sezctl.render.records import decision_record, to_json
from sezctl.render.text import (
    baseline_title,
    decision_text,
    one_line,
    reason_text,
    signed_days,
    status_name,
)
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


# The kinds of difference, and the facts, that only a decision may change: without a record,
# they are flagged "no recorded decision".
DECISION_KINDS = ("deadline-moved", "reassigned")
DECISION_FIELDS = ("due", "owner")


def names_decision(record: RecordedDecision | None) -> bool:
    """Whether a change names the decision that allowed it: a protocol point or a document.
    A record with neither (a `reschedule` with only `--reason`) is counted with the changes
    that have no record, as the change policy counts it (``move-without-decision``)."""
    return record is not None and bool(record.decision or record.ref)


def _covered(change: FieldChange, commit_changes: list[FieldChange]) -> bool:
    """A baseline set by the commit of a recorded move of the same item is part of that
    move (``sezctl reschedule`` keeps the first deadline as the baseline): no reason of its own."""
    return change.name == "baseline" and any(
        other.ref == change.ref and other.name == "due" and other.record is not None
        for other in commit_changes
    )


def commit_record(commit: CommitInfo | None) -> dict[str, Any] | None:
    if commit is None:
        return None
    return {
        "commit": commit.commit,
        "author": commit.author,
        "date": commit.date,
        "message": commit.message,
    }


def _commit_cell(commit: CommitInfo | None, message: bool) -> str:
    """Who made the edit and when: the commit's id, day and author, and under them its
    message unless the reason column shows why (:func:`reason_text`)."""
    if commit is None:
        return _("uncommitted")
    who = f"{commit.short} {_day(commit)} {one_line(commit.author)}"
    return f"{who}\n{one_line(commit.message)}" if message else who


def _decided(kind: str, rows: list[ItemDifference]) -> bool:
    """Whether a kind's rows show a reason of their own: moves and reassignments always (a
    recorded decision, or "no recorded decision"), other kinds when a row records one (a point
    taken off control); the rest show the commit's message."""
    return kind in DECISION_KINDS or any(row.record is not None for row in rows)


def days_moved(days: int | None) -> str:
    """ "+46 days", «+46 дней», "+46 күн": how far a deadline moved, signed, with its unit;
    empty when there is no count."""
    if days is None:
        return ""
    return ngettext("{count} day", "{count} days", abs(days)).format(count=f"{days:+d}")


def _moved(old: str, new: str, days: int | None = None) -> list[str]:
    """ "2026-09-30 → 2026-11-15, +46 days": a value before and after (a dash for none), in
    the chunks a narrow layout may break it into (:func:`~sezctl.render.fit.packed_lines`)."""
    if days is None:
        return [old or "—", f"→ {new or '—'}"]
    return [old or "—", f"→ {new or '—'},", days_moved(days)]


def _commit_line(commit: CommitInfo | None, indent: int) -> Line:
    """A commit in a narrow layout: date, id and author on one line (the values of fixed
    width first, so they line up from one change to the next)."""
    if commit is None:
        return Line(Text(_("uncommitted")), indent)
    return Line(Text(f"{_day(commit)}  {commit.short}  {one_line(commit.author)}"), indent)


def _message_line(commit: CommitInfo, indent: int) -> Line:
    # TRANSLATORS: a commit message quoted in the narrow views of `diff` and `history`.
    return Line(Text(_("“{message}”").format(message=one_line(commit.message))), indent)


def _reason_line(
    record: RecordedDecision | None,
    commit: CommitInfo | None,
    needs_decision: bool,
    book: DecisionBook,
    indent: int,
) -> list[Line]:
    """The reason of a change in a narrow layout: its recorded decision, "no recorded
    decision" (with the commit's message), or the message quoted; nothing when there is none."""
    if record is None and not needs_decision:
        return [] if commit is None else [_message_line(commit, indent)]
    text = reason_text(record, commit, needs_decision, book)
    style = "" if names_decision(record) else "yellow"
    return [Line(Text(text, style=style), indent)]


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


def _difference_counts(report: DiffReport) -> list[str]:
    """ "deadlines moved: 1", one for each kind of difference there is, then how many moves
    and reassignments have no recorded decision, when any."""
    counts = [
        _("{kind}: {count}").format(
            kind=_(KIND_TITLES[kind]).lower(), count=len(report.of_kind(kind))
        )
        for kind in DIFF_KINDS
        if report.of_kind(kind)
    ]
    unrecorded = sum(
        1
        for row in report.differences
        if row.kind in DECISION_KINDS and not names_decision(row.record)
    )
    if unrecorded:
        counts.append(_("no recorded decision: {count}").format(count=unrecorded))
    return counts


def _difference_summary(report: DiffReport) -> str:
    counts = _difference_counts(report)
    return "; ".join(counts) if counts else _("no changes in meaning")


def _difference_summary_lines(report: DiffReport, width: int) -> list[Line]:
    """The summary on the terminal: a line breaks between two counts, never inside one."""
    counts = _difference_counts(report)
    if not counts:
        return [Line(Text(_("no changes in meaning")))]
    return packed_lines([f"{count};" for count in counts[:-1]] + counts[-1:], width)


# -- diff ---------------------------------------------------------------------------------------


def _diff_columns(kind: str, rows: list[ItemDifference], book: DecisionBook) -> list[FitColumn]:
    """The columns of one kind's table: ids, owners, dates, statuses and days whole; the
    reason (the recorded decision, or the commit's message) and the commit (id, date, author)
    wrap between words."""
    columns = [FitColumn(_("Item"), [one_line(row.ref) for row in rows])]
    if kind != "reassigned":  # there Was and Now are the owners
        columns.append(FitColumn(_("Owner"), [one_line(row.owner) for row in rows]))
    if kind not in ("added", "removed"):
        status = kind in _STATUS_KINDS
        columns.append(FitColumn(_("Was"), [_text(row.old, status) for row in rows]))
        columns.append(FitColumn(_("Now"), [_text(row.new, status) for row in rows]))
    if kind == "deadline-moved":
        days = [days_moved(row.days) for row in rows]
        columns.append(FitColumn(_("Days"), days, justify="right"))
    decided = _decided(kind, rows)
    if decided:
        reasons = [_row_reason(kind, row, book) for row in rows]
        columns.append(FitColumn(_("Reason"), reasons, whole=False, floor=20, ratio=2))
    commits = [_commit_cell(row.commit, not decided) for row in rows]
    columns.append(FitColumn(_("Commit"), commits, whole=False, floor=18 if decided else 24))
    return columns


def _row_reason(kind: str, row: ItemDifference, book: DecisionBook) -> str:
    return reason_text(row.record, row.commit, kind in DECISION_KINDS, book)


def _difference_lines(
    kind: str, row: ItemDifference, width: int, book: DecisionBook, decided: bool
) -> list[Line]:
    """One difference in the narrow layout: the item (and its owner, on the same line when it
    fits), the values before and after, the commit, the reason (``decided``) or the commit's
    message."""
    ref = Text(one_line(row.ref), style="bold")
    lines = [Line(ref)]
    if kind != "reassigned":
        owner = f"{_('Owner')}: {one_line(row.owner)}"
        if cell_len(ref.plain) + 3 + cell_len(owner) <= width:
            ref.append("   " + owner)
        else:
            lines.append(Line(Text(owner), 2))
    if kind not in ("added", "removed"):
        status = kind in _STATUS_KINDS
        moved = _moved(_text(row.old, status), _text(row.new, status), row.days)
        lines += packed_lines(moved, width, 2)
    needs_decision = kind in DECISION_KINDS
    if decided:
        reason = _reason_line(row.record, row.commit, needs_decision, book, 2)
    else:
        reason = [] if row.commit is None else [_message_line(row.commit, 2)]
    return [*lines, _commit_line(row.commit, 2), *reason]


def render_diff_table(report: DiffReport) -> RenderableType:
    """A table per kind of difference, or one block of lines per difference (for every kind,
    so the sections read alike): the tables where they fit the width and take no more lines."""
    sections = [(kind, report.of_kind(kind)) for kind in DIFF_KINDS if report.of_kind(kind)]
    book = report.decisions

    def layout(width: int) -> RenderableType:
        top = paragraph(_diff_heading(report), "bold")
        bottom = render_lines(_difference_summary_lines(report, width))
        lines: list[Line] = []
        for kind, rows in sections:
            lines += [Line(Text()), *heading(_(KIND_TITLES[kind]), width)]
            for row in rows:
                lines += _difference_lines(kind, row, width, book, _decided(kind, rows))
        tables = [fitted_table(_diff_columns(kind, rows, book), width) for kind, rows in sections]
        fitted = [table for table in tables if table is not None]
        height = sum(table.height + 1 for table in fitted)  # each has its title
        if len(fitted) == len(sections) and table_reads_better(height, lines, width):
            parts: list[RenderableType] = []
            for (kind, _rows), table in zip(sections, fitted, strict=True):
                parts.append(table.under(_(KIND_TITLES[kind])))
            return Group(top, *parts, *bottom)
        return Group(top, *render_lines(lines), Text(), *bottom)

    return ByWidth(layout)


def difference_record(row: ItemDifference, book: DecisionBook) -> dict[str, Any]:
    """One difference in JSON; ``decision`` and ``recorded`` say what is recorded behind it
    (docs/git.md)."""
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
        "decision": decision_record(row.record, book),
        "recorded": row.record is not None,
    }


def render_diff_json(report: DiffReport) -> str:
    record = {
        "from": {"label": report.from_label, "commit": report.from_commit},
        "to": {"label": report.to_label, "commit": report.to_commit},
        "commits": report.commits,
        "summary": {kind: len(report.of_kind(kind)) for kind in DIFF_KINDS},
        "changes": [difference_record(row, report.decisions) for row in report.differences],
    }
    return to_json(record)


def _md_commit(commit: CommitInfo | None, message: bool) -> str:
    if commit is None:
        return _("uncommitted")
    who = f"{commit.short} {_day(commit)} {escape_markdown(commit.author)}"
    return f"{who}: {escape_markdown(commit.message)}" if message else who


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
        decided = _decided(kind, rows)
        header += [_("Reason"), _("Commit")] if decided else [_("Commit")]
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
            if decided:
                cells.append(escape_markdown(_row_reason(kind, row, report.decisions)))
            cells.append(_md_commit(row.commit, not decided))
            body.append(cells)
        lines += [*markdown_table(header, body).splitlines(), ""]
    lines.append(escape_markdown(_difference_summary(report)).capitalize() + ".")
    return "\n".join(lines) + "\n"


# -- one item's history -------------------------------------------------------------------------


def _history_summary(history: ItemHistory) -> str:
    """ "3 changes; the deadline moved 2 times, +46 days in total"."""
    changes, moves, total = len(history.changes), history.deadline_moves, history.total_days_moved
    unrecorded = sum(
        1
        for change in history.changes
        if change.name in DECISION_FIELDS and not names_decision(change.record)
    )
    summary = _("{changes}; {moves}, {total} in total").format(
        changes=ngettext("{count} change", "{count} changes", changes).format(count=changes),
        moves=ngettext(
            "the deadline moved {count} time", "the deadline moved {count} times", moves
        ).format(count=moves),
        total=days_moved(total),
    )
    if not unrecorded:
        return summary
    return "; ".join(
        [
            summary,
            ngettext(
                "{count} move or reassignment without a recorded decision",
                "{count} moves or reassignments without a recorded decision",
                unrecorded,
            ).format(count=unrecorded),
        ]
    )


def _change_name(change: FieldChange) -> str:
    name = CHANGE_NAMES.get(change.name)
    return change.name if name is None else _(name)


def _history_reasons(history: ItemHistory) -> list[str]:
    """The reason of each change (:func:`reason_text`); empty for a baseline set by a
    recorded move, which is that move's."""
    by_commit = {
        commit: list(changes)
        for commit, changes in groupby(history.changes, key=lambda change: change.commit)
    }
    return [
        ""
        if _covered(change, by_commit[change.commit])
        else reason_text(
            change.record, change.commit, change.name in DECISION_FIELDS, history.decisions
        )
        for change in history.changes
    ]


def _history_columns(history: ItemHistory) -> list[FitColumn]:
    """Dates, commit ids, changes, values and days whole; authors and reasons wrap."""
    changes = history.changes

    def value(change: FieldChange, which: object) -> str:
        return _text(which, change.name == "status")

    return [
        FitColumn(_("Date"), [_day(change.commit) for change in changes]),
        FitColumn(_("Commit"), [change.commit.short for change in changes]),
        FitColumn(
            _("Author"), [one_line(change.commit.author) for change in changes], whole=False,
            floor=12,
        ),
        FitColumn(_("Change"), [_change_name(change) for change in changes]),
        FitColumn(_("Was"), [value(change, change.old) for change in changes]),
        FitColumn(_("Now"), [value(change, change.new) for change in changes]),
        FitColumn(_("Days"), [days_moved(change.days) for change in changes], justify="right"),
        FitColumn(_("Reason"), _history_reasons(history), whole=False, floor=20, ratio=3),
    ]  # fmt: skip


def _commit_block(changes: list[FieldChange], width: int, book: DecisionBook) -> list[Line]:
    """The changes one commit made, in the narrow layout: the commit's date, id and author,
    what changed (one line each, a move or reassignment with its recorded decision or "no
    recorded decision" under it), then the commit's message when a change has no record."""
    commit = changes[0].commit
    first = _commit_line(commit, 0)
    first.text.stylize("bold")
    lines = [first]
    for change in changes:
        what = [_change_name(change)]
        if change.name not in ("added", "removed"):
            status = change.name == "status"
            old, new = _text(change.old, status), _text(change.new, status)
            what = [f"{what[0]}:", *_moved(old, new, change.days)]
        lines += packed_lines(what, width, 2)
        if change.record is not None or change.name in DECISION_FIELDS:
            text = decision_text(change.record, book)
            style = "" if names_decision(change.record) else "yellow"
            lines.append(Line(Text(text, style=style), 4))
    unexplained = [
        change for change in changes if change.record is None and not _covered(change, changes)
    ]
    return [*lines, _message_line(commit, 2)] if unexplained else lines


def render_history_table(history: ItemHistory) -> RenderableType:
    """One row per change where the table fits the width and takes no more lines, else one
    block of lines per change."""
    title = _("History of {ref}: {title}").format(
        ref=one_line(history.ref), title=one_line(history.title)
    )
    summary = paragraph(_history_summary(history))

    def layout(width: int) -> RenderableType:
        lines = heading(title, width)
        for _commit, changes in groupby(history.changes, key=lambda change: change.commit):
            lines += _commit_block(list(changes), width, history.decisions)
        table = fitted_table(_history_columns(history), width)
        if table is not None and table_reads_better(table.height + 1, lines, width):
            return Group(table.under(title), summary)
        return Group(*render_lines(lines), Text(), summary)

    return ByWidth(layout)


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
                "decision": decision_record(change.record, history.decisions),
                "recorded": change.record is not None,
            }
            for change in history.changes
        ],
    }
    return to_json(record)


# -- status --baseline --------------------------------------------------------------------------


def render_baseline_section(report: StatusReport) -> RenderableType:
    """The part of the status table that ``--baseline REV`` adds: the listed items whose
    deadline differs from REV or that are new since REV, then the items removed since REV.
    A table where it fits the width, else one block per item: its id, and under it the
    deadline then and now."""
    baseline = report.baseline
    assert baseline is not None
    title = baseline_title(one_line(localize(baseline.label)), baseline.commit)
    rows: list[tuple[str, str, str, int | None]] = []
    for row in report.rows:
        ref, due = row.item.ref, row.item.due
        if baseline.is_new(ref):
            rows.append((one_line(ref), _("new"), format_day(due), None))
        elif (drift := baseline.drift_days(ref, due)) != 0:
            rows.append((one_line(ref), _text(baseline.due_at(ref)), format_day(due), drift))
    for facts in baseline.removed:
        rows.append((one_line(facts.ref), format_day(facts.due), _("removed"), None))
    if not rows:
        return paragraph(
            _("{title}: no listed deadline moved, nothing added or removed.").format(title=title)
        )
    columns = [
        FitColumn(_("Item"), [ref for ref, _then, _now, _drift in rows]),
        FitColumn(_("Deadline then"), [then for _ref, then, _now, _drift in rows]),
        FitColumn(_("Deadline now"), [now for _ref, _then, now, _drift in rows]),
        FitColumn(
            _("Drift"), [days_moved(drift) for _ref, _then, _now, drift in rows], justify="right"
        ),
    ]

    def layout(width: int) -> RenderableType:
        table = fitted_table(columns, width)
        if table is not None:
            return table.under(title)
        lines = heading(title, width)
        for ref, then, now, drift in rows:
            lines.append(Line(Text(ref, style="bold")))
            lines += packed_lines(_moved(then, now, drift), width, 2)
        return Group(*render_lines(lines))

    return ByWidth(layout)
