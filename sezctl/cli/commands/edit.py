"""The editing commands: ``done``, ``start``, ``reschedule``, ``assign`` and ``off-control``.

Each one changes one item in one file, in five steps: find the item in the loaded folder; edit
the file's text (:mod:`sezctl.editing.edits`, which keeps every other byte); load and check the
whole folder with the edited text in memory, and refuse (exit 1, nothing written) if that leaves any
error the folder did not have before; write the file atomically (:mod:`sezctl.editing.safewrite`);
and with ``--commit`` commit that file alone (:mod:`sezctl.history.git`).  ``--dry-run`` stops
before the write and prints the change as a unified diff.

Exit codes are those of :mod:`sezctl.cli.app`: 0 edited (or nothing to change, or a dry run),
1 the edit would leave a problem in the files, 2 a usage or environment error (unknown item or
owner, a change that does not fit the item, a read-only file, a full disk, git failing).

"""

# No `from __future__ import annotations` (as in sezctl.cli.app): Typer reads the annotations of
# this module's commands when they run, and as strings they would be evaluated each time.

import sys
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from sezctl.cli.app import EXIT_PROBLEMS, app, handle_errors
from sezctl.cli.options import (
    ItemArgument,
    LangOption,
    PathsArgument,
    TodayOption,
    complete_items,
    complete_owners,
)
from sezctl.cli.session import Session, parse_date_option
from sezctl.core.i18n import N_, _, localize, ngettext
from sezctl.core.problems import SezctlError

if TYPE_CHECKING:
    from contextlib import ExitStack

    from sezctl.core.model import Item, Portfolio
    from sezctl.editing.edits import Change
    from sezctl.editing.safewrite import Snapshot

DecisionOption = Annotated[
    str | None,
    typer.Option(
        "--decision",
        metavar=N_("PROTOCOL/POINT"),
        help=N_(
            "The HQ protocol point that decided it, e.g. protocol-2026-11-26/2 (the protocol "
            "must be in the roadmaps and dated on or before --on)."
        ),
        show_default=False,
    ),
]
DryRunOption = Annotated[
    bool,
    typer.Option("--dry-run", help=N_("Print the change as a unified diff and write nothing.")),
]
CommitOption = Annotated[
    bool,
    typer.Option(
        "--commit",
        help=N_("Commit just this file to git, with the change as the commit message."),
    ),
]


def _on_option(help_text: str) -> Any:
    return typer.Option("--on", metavar=N_("YYYY-MM-DD"), help=help_text, show_default=False)


@app.command(
    help=N_(
        "Mark an item done: set its done date (default today) and status: done.\n"
        "\n"
        "Examples:\n"
        "  sezctl done aktobe-sez-infrastructure/substation\n"
        "  sezctl done substation --on 2026-11-20 --dry-run\n"
        '  sezctl done substation --evidence "акт № 12 от 20.11.2026" --commit'
    )
)
@handle_errors
def done(
    item: ItemArgument,
    paths: PathsArgument = None,
    on: Annotated[
        str | None, _on_option(N_("The date it was finished (default: today; also DD.MM.YYYY)."))
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option(
            "--evidence",
            metavar=N_("TEXT"),
            help=N_("What proves it, e.g. an act's or a letter's number; written to the item."),
            show_default=False,
        ),
    ] = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    today: TodayOption = None,
    lang: LangOption = None,
) -> None:
    """Mark an item done: set its done date (default today) and status: done."""
    from sezctl.editing.edits import MarkDone

    session = Session(paths, today)
    when = parse_date_option("--on", on) if on is not None else session.today
    _run_edit(session, item, MarkDone(when, evidence), dry_run=dry_run, commit=commit)


@app.command(
    help=N_(
        "Mark an item in progress: status: in-progress, and a start date if it has none.\n"
        "\n"
        "An existing start date is kept (and --on with another date says so) unless\n"
        "--move replaces it; the deadline stays: to move both, use reschedule.\n"
        "\n"
        "Examples:\n"
        "  sezctl start aktobe-sez-infrastructure/construction-start\n"
        "  sezctl start construction-start --on 2026-11-23 --dry-run\n"
        "  sezctl start state-expertise --on 2026-12-01 --move"
    )
)
@handle_errors
def start(
    item: ItemArgument,
    paths: PathsArgument = None,
    on: Annotated[
        str | None,
        _on_option(N_("The start date, if the item has none (default: today; also DD.MM.YYYY).")),
    ] = None,
    move: Annotated[
        bool,
        typer.Option(
            "--move", help=N_("Replace the start date the item already has with the --on date.")
        ),
    ] = False,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    today: TodayOption = None,
    lang: LangOption = None,
) -> None:
    """Mark an item in progress: status: in-progress, and a start date if it has none."""
    from sezctl.editing.edits import MarkStarted

    session = Session(paths, today)
    if move and on is None:
        raise SezctlError(_("--move needs the new start date: --on YYYY-MM-DD"))
    when = parse_date_option("--on", on) if on is not None else session.today
    change = MarkStarted(when, explicit=on is not None, move=move)
    _run_edit(session, item, change, dry_run=dry_run, commit=commit)


@app.command(
    help=N_(
        "Move an item's deadline and record why, with the decision that allowed it.\n"
        "\n"
        "Give the new deadline (--to) or the shift (--by 2w, --by 1m, --by -3d;\n"
        "months end right: 31.01 + 1m = 28.02). The start moves with the deadline,\n"
        "keeping the planned duration, unless the item is in progress or --keep-start\n"
        "is given. The old deadline becomes the baseline if the item has none, and an\n"
        "entry (from, to, on, reason, decision, ref) is appended to the item's reschedules:\n"
        "list.\n"
        "\n"
        "--cascade also moves, by the same shift and with the same reason, every open\n"
        "item that would otherwise become inconsistent: dependents due or starting\n"
        "before the moved deadline, tasks due after their stage, a stage due before\n"
        "its task. All files are written together or none is; --commit makes one\n"
        "commit.\n"
        "\n"
        "Examples:\n"
        "  sezctl reschedule aktobe-sez-infrastructure/power-grid --to 2026-12-15 \\\n"
        '      --reason "Transformer delivery delayed" --decision protocol-2026-11-26/2\n'
        '  sezctl reschedule power-grid --to 2026-12-15 --reason "..." --ref "Order No. 41"\n'
        '  sezctl reschedule power-grid --to 15.12.2026 --reason "..." --dry-run\n'
        '  sezctl reschedule design-documentation --by 1m --cascade --reason "..." --commit'
    )
)
@handle_errors
def reschedule(
    item: ItemArgument,
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            metavar=N_("TEXT"),
            help=N_("Why the deadline moves (required)."),
            show_default=False,
        ),
    ],
    paths: PathsArgument = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to", metavar=N_("YYYY-MM-DD"), help=N_("The new deadline."), show_default=False
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar=N_("SHIFT"),
            help=N_("Move the deadline by 10d, 2w, 1m or 1y (-3d: earlier), instead of --to."),
            show_default=False,
        ),
    ] = None,
    keep_start: Annotated[
        bool,
        typer.Option("--keep-start", help=N_("Move only the deadline; the start stays.")),
    ] = False,
    cascade: Annotated[
        bool,
        typer.Option(
            "--cascade",
            help=N_("Also move the items that would otherwise become inconsistent."),
        ),
    ] = False,
    ref: Annotated[
        str | None,
        typer.Option(
            "--ref",
            metavar=N_("TEXT"),
            help=N_("A decision outside the HQ, e.g. 'Akimat order No. 41 of 2026-11-20'."),
            show_default=False,
        ),
    ] = None,
    decision: DecisionOption = None,
    on: Annotated[
        str | None, _on_option(N_("The date of the decision (default: today; also DD.MM.YYYY)."))
    ] = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    today: TodayOption = None,
    lang: LangOption = None,
) -> None:
    """Move an item's deadline and record why, with the decision that allowed it."""
    from sezctl.editing.cascade import Shift, parse_shift

    session = Session(paths, today)
    if (to is None) == (by is None):
        raise SezctlError(_("give the new deadline with --to DATE or the shift with --by 1m"))
    new_due = parse_date_option("--to", to) if to is not None else None
    shift = parse_shift(by) if by is not None else Shift()
    when = parse_date_option("--on", on) if on is not None else session.today
    request = _Reschedule(new_due, shift, reason, when, ref, keep_start, cascade, decision)
    _run_edit(session, item, request, dry_run=dry_run, commit=commit)


class _Reschedule:
    """What ``reschedule`` asks for, turned into one change per item once the folder is read
    (under the edit lock: the moves depend on the other items' current dates)."""

    def __init__(self, *args: Any) -> None:
        (self.to, self.shift, self.reason, self.on, self.ref, self.keep_start, self.cascade) = args[
            :7
        ]
        self.decision = args[7]

    def changes(self, portfolio: "Portfolio", root: "Item") -> "list[tuple[Item, Change]]":
        from sezctl.editing.cascade import Shift, plan_moves
        from sezctl.editing.edits import MoveDeadline, resolve_decision

        if self.decision is not None:
            self.decision = resolve_decision(portfolio, self.decision, self.on)

        if self.to is not None:
            due, shift = self.to, Shift(days=(self.to - root.due).days)
        else:
            due, shift = self.shift.apply(root.due), self.shift
        moves = plan_moves(
            portfolio, root, due, shift, keep_start=self.keep_start, cascade=self.cascade
        )
        self.followers = {id(move.item): move.cause for move in moves if move.cause is not None}
        if not self.cascade:
            everything = plan_moves(portfolio, root, due, shift, keep_start=False, cascade=True)
            self.would_move = len(everything) - 1
        return [
            (
                move.item,
                MoveDeadline(move.due, self.reason, self.on, self.ref, move.start, self.decision),
            )
            for move in moves
        ]

    def refusal_hint(self) -> str | None:
        """What to do when the edit is refused: move the dependents with it."""
        if self.cascade or not getattr(self, "would_move", 0):
            return None
        return ngettext(
            "add --cascade to move with it, by the same shift, the {count} item it would leave "
            "inconsistent (see the change first with --dry-run)",
            "add --cascade to move with it, by the same shift, the {count} items it would leave "
            "inconsistent (see the change first with --dry-run)",
            self.would_move,
        ).format(count=self.would_move)


@app.command(
    help=N_(
        "Hand an item to another owner (an id from the owners registry) and record it.\n"
        "\n"
        "An entry (from, to, on, reason, decision, ref) is appended to the item's\n"
        "reassignments: list.\n"
        "\n"
        "Examples:\n"
        "  sezctl assign aktobe-sez-infrastructure/substation energy-dept \\\n"
        '      --reason "The grid passes to the energy department" \\\n'
        "      --decision protocol-2026-11-26/2\n"
        '  sezctl assign substation energy-dept --ref "Akimat order No. 41" --commit'
    )
)
@handle_errors
def assign(
    item: ItemArgument,
    owner: Annotated[
        str,
        typer.Argument(
            help=N_("An owner id from the owners registry."),
            metavar=N_("OWNER"),
            show_default=False,
            autocompletion=complete_owners,
        ),
    ],
    paths: PathsArgument = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason", metavar=N_("TEXT"), help=N_("Why the owner changes."), show_default=False
        ),
    ] = None,
    decision: DecisionOption = None,
    ref: Annotated[
        str | None,
        typer.Option(
            "--ref",
            metavar=N_("TEXT"),
            help=N_("A decision outside the HQ, e.g. 'Akimat order No. 41 of 2026-11-20'."),
            show_default=False,
        ),
    ] = None,
    on: Annotated[
        str | None, _on_option(N_("The date of the decision (default: today; also DD.MM.YYYY)."))
    ] = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    today: TodayOption = None,
    lang: LangOption = None,
) -> None:
    """Hand an item to another owner (an id from the owners registry) and record it."""
    from sezctl.editing.edits import AssignOwner

    session = Session(paths, today)
    when = parse_date_option("--on", on) if on is not None else session.today
    change = AssignOwner(owner, when, reason, ref, decision)
    _run_edit(session, item, change, dry_run=dry_run, commit=commit)


@app.command(
    "off-control",
    help=N_(
        "Take an instruction (a protocol point) off control by a later decision.\n"
        "\n"
        "Writes off_control: (by, reason) into the point: it is closed without being\n"
        "executed. --by is the point of a later protocol that decided it, dated on or\n"
        "before --on; an executed point, or one already off control, is refused.\n"
        "\n"
        "Examples:\n"
        "  sezctl off-control protocol-2026-11-19/2 --by protocol-2026-11-26/3 \\\n"
        '      --reason "The temporary feeder is no longer needed"\n'
        "  sezctl off-control protocol-2026-11-19/2 --by protocol-2026-11-26/3 \\\n"
        '      --reason "..." --on 2026-11-26 --commit'
    ),
)
@handle_errors
def off_control(
    item: Annotated[
        str,
        typer.Argument(
            help=N_("The point, as protocol-YYYY-MM-DD/N."),
            metavar=N_("POINT"),
            show_default=False,
            autocompletion=complete_items,
        ),
    ],
    by: Annotated[
        str,
        typer.Option(
            "--by",
            metavar=N_("PROTOCOL/POINT"),
            help=N_("The point of a later protocol that decided it (required)."),
            show_default=False,
        ),
    ],
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            metavar=N_("TEXT"),
            help=N_("Why it is taken off control (required; it is recorded)."),
            show_default=False,
        ),
    ],
    paths: PathsArgument = None,
    on: Annotated[
        str | None, _on_option(N_("The date of the decision (default: today; also DD.MM.YYYY)."))
    ] = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    today: TodayOption = None,
    lang: LangOption = None,
) -> None:
    """Take an instruction (a protocol point) off control by a later decision."""
    from sezctl.editing.edits import TakeOffControl

    session = Session(paths, today)
    when = parse_date_option("--on", on) if on is not None else session.today
    _run_edit(session, item, TakeOffControl(by, reason, when), dry_run=dry_run, commit=commit)


def _run_edit(
    session: Session,
    item_text: str,
    change: "Change | _Reschedule",
    *,
    dry_run: bool,
    commit: bool,
) -> None:
    """Find, edit, check, then print a diff or write (and commit).  See the module docstring.

    A write holds the edit lock of the roadmap folders (:mod:`sezctl.editing.locks`) from
    before it reads the file until after the commit; a dry run writes nothing and locks nothing.
    """
    import contextlib

    with contextlib.ExitStack() as held:
        _edit_file(held, session, item_text, change, dry_run=dry_run, commit=commit)


def _edit_file(
    held: "ExitStack",
    session: Session,
    item_text: str,
    change: "Change | _Reschedule",
    *,
    dry_run: bool,
    commit: bool,
) -> None:
    """The steps of :func:`_run_edit`; the edit lock, once taken, is held by ``held``.

    One command may change several items (``reschedule --cascade``), in several files: each
    file's items are edited one after the other in its text, the folder is checked with every
    edited file at once, and the files are written together or not at all.
    """
    import os

    from sezctl.core.problems import Severity
    from sezctl.editing import locks, safewrite
    from sezctl.editing.edits import (
        AssignOwner,
        Edit,
        TakeOffControl,
        edit_item,
        new_problems,
        resolve_decision,
        resolve_off_control,
        split_bom,
        unified_diff,
    )
    from sezctl.history import git
    from sezctl.render.problems import render_problems_text
    from sezctl.reports.check import CheckReport
    from sezctl.reports.status import find_item
    from sezctl.rules.checks import check_loaded
    from sezctl.source.loader import display_path, load_roadmaps, suggest

    if dry_run and commit:
        raise SezctlError(_("--dry-run writes nothing, so there is nothing to --commit; use one"))
    before = load_roadmaps(session.files)
    try:
        item = find_item(before.portfolio, item_text)
    except SezctlError as exc:
        if any(problem.severity is Severity.ERROR for problem in before.problems):
            raise SezctlError(
                _("{error} (some files have errors; see `sezctl check`)").format(error=exc)
            ) from None
        raise
    if not dry_run:
        held.enter_context(
            locks.hold_edit_lock(
                session.files,
                item.position.path,
                timeout=locks.lock_timeout(os.environ),
                notify=lambda note: sys.stderr.write(f"sezctl: {note}\n"),
            )
        )
        # Read again under the lock: an edit that finished while this one waited is on disk.
        before = load_roadmaps(session.files)
        item = find_item(before.portfolio, item_text)
    if isinstance(change, AssignOwner) and change.owner not in before.portfolio.owners:
        hint = localize(suggest(change.owner, before.portfolio.owners))
        raise SezctlError(
            _(
                "unknown owner {owner!r}{hint}; the owner must be in the owners registry "
                "(see `sezctl owners`)"
            ).format(owner=change.owner, hint=hint)
        )
    if isinstance(change, AssignOwner) and change.decision is not None and change.on is not None:
        decided = resolve_decision(before.portfolio, change.decision, change.on)
        change = AssignOwner(change.owner, change.on, change.reason, change.ref, decided)
    if isinstance(change, TakeOffControl):
        decided = resolve_off_control(before.portfolio, item, change.by, change.on, session.today)
        change = TakeOffControl(decided, change.reason, change.on)
    wanted = (
        change.changes(before.portfolio, item)
        if isinstance(change, _Reschedule)
        else [(item, change)]
    )
    by_file: dict[str, list[tuple[Item, Change]]] = {}
    for moved, moved_change in wanted:
        by_file.setdefault(moved.position.path, []).append((moved, moved_change))
    paths = {display_path(file): file for file in session.files}
    files: list[_EditedFile] = []
    edits: list[tuple[str, Item, Edit]] = []
    for shown_path, pairs in by_file.items():
        snapshot = safewrite.read_snapshot(paths[shown_path])
        bom, body = split_bom(snapshot.data)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise SezctlError(
                _("{path}: not UTF-8; run `sezctl check`").format(path=shown_path)
            ) from None
        new_text = text
        for moved, moved_change in pairs:
            edit = edit_item(new_text, moved.roadmap, moved.id, moved_change)
            new_text = edit.text
            edits.append((shown_path, moved, edit))
            if edit.note:
                sys.stderr.write(f"sezctl: {edit.note}\n")
        files.append(_EditedFile(shown_path, snapshot, text, new_text, bom + new_text.encode()))
    if not any(edit.changed for _path, _item, edit in edits):
        note = _("{summary}; nothing to change.").format(summary=edits[0][2].shown)
        sys.stderr.write(f"sezctl: {note}\n")
        return
    after = load_roadmaps(session.files, {paths[file.shown]: file.data for file in files})
    fresh = new_problems(check_loaded(before, session.today), check_loaded(after, session.today))
    errors = [problem for problem in fresh if problem.severity is Severity.ERROR]
    if fresh:
        sys.stderr.write(render_problems_text(CheckReport(fresh, len(session.files))))
    first = edits[0][2]
    if errors:
        sys.stderr.write(f"sezctl: {refusal_note(first.shown, len(errors))}\n")
        next_step = change.refusal_hint() if isinstance(change, _Reschedule) else None
        if next_step:
            sys.stderr.write(f"sezctl: {next_step}\n")
        raise typer.Exit(EXIT_PROBLEMS)
    followers = [(path, edit) for path, _item, edit in edits[1:]]
    if dry_run:
        for file in files:
            sys.stdout.write(unified_diff(file.text, file.new_text, file.shown))
        note = _("dry run: {summary}; nothing was written.").format(summary=first.shown)
        sys.stderr.write(f"sezctl: {note}\n")
        for path, edit in followers:
            sys.stderr.write(f"sezctl: {_cascaded(path, edit.shown)}\n")
        return
    if commit:
        committed = [git.prepare_commit(paths[file.shown], file.shown) for file in files]
    safewrite.write_all_atomically([(file.snapshot, file.data) for file in files])
    sys.stdout.write(f"{edits[0][0]}: {first.shown}\n")
    for path, edit in followers:
        sys.stdout.write(f"{_cascaded(path, edit.shown)}\n")
    if commit:
        # The commit message is the English summary in every language (sezctl.editing.edits):
        # this line repeats the commit as `git commit` and `git log --oneline` show it.
        message = first.summary
        if followers:
            message += "\n\nMoved with it (--cascade):\n" + "".join(
                f"- {edit.summary}\n" for _path, edit in followers
            )
        if len(committed) == 1:
            short = git.commit_file(committed[0], message, files[0].shown)
        else:
            short = git.commit_files(committed, message, [file.shown for file in files])
        sys.stdout.write(f"[{short}] {first.summary}\n")


class _EditedFile(NamedTuple):
    """One file an edit changes: its name as shown, what was read, the text before and after,
    and the bytes to write (its byte order mark kept)."""

    shown: str
    snapshot: "Snapshot"
    text: str
    new_text: str
    data: bytes


def _cascaded(path: str, summary: str) -> str:
    return _("{path}: with it (--cascade): {summary}").format(path=path, summary=summary)


def refusal_note(summary: str, errors: int) -> str:
    """Why an edit was not written: ``summary`` (in the run's language) would leave ``errors``
    new errors, printed above it."""
    return ngettext(
        "refused: {summary} would leave {count} error (above, at the lines the edited file "
        "would have); nothing was written.",
        "refused: {summary} would leave {count} errors (above, at the lines the edited file "
        "would have); nothing was written.",
        errors,
    ).format(summary=summary, count=errors)
