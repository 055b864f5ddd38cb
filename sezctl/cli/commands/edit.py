"""The editing commands: ``done``, ``start``, ``reschedule`` and ``assign``.

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
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sezctl.cli.app import EXIT_PROBLEMS, app, handle_errors
from sezctl.cli.options import ItemArgument, LangOption, PathsArgument, TodayOption, complete_owners
from sezctl.cli.session import Session, parse_date_option
from sezctl.core.i18n import N_, _, localize, ngettext
from sezctl.core.problems import SezctlError

if TYPE_CHECKING:
    from contextlib import ExitStack

    from sezctl.editing.edits import Change

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
        "  sezctl done substation --commit"
    )
)
@handle_errors
def done(
    item: ItemArgument,
    paths: PathsArgument = None,
    on: Annotated[
        str | None, _on_option(N_("The date it was finished (default: today; also DD.MM.YYYY)."))
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
    _run_edit(session, item, MarkDone(when), dry_run=dry_run, commit=commit)


@app.command(
    help=N_(
        "Mark an item in progress: status: in-progress, and a start date if it has none.\n"
        "\n"
        "An existing start date is kept.\n"
        "\n"
        "Examples:\n"
        "  sezctl start aktobe-sez-infrastructure/construction-start\n"
        "  sezctl start construction-start --on 2026-11-23 --dry-run"
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
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    today: TodayOption = None,
    lang: LangOption = None,
) -> None:
    """Mark an item in progress: status: in-progress, and a start date if it has none."""
    from sezctl.editing.edits import MarkStarted

    session = Session(paths, today)
    when = parse_date_option("--on", on) if on is not None else session.today
    _run_edit(session, item, MarkStarted(when), dry_run=dry_run, commit=commit)


@app.command(
    help=N_(
        "Move an item's deadline and record why, with the decision that allowed it.\n"
        "\n"
        "The old deadline becomes the baseline if the item has none, and an entry\n"
        "(from, to, on, reason, ref) is appended to the item's reschedules: list.\n"
        "\n"
        "Examples:\n"
        "  sezctl reschedule aktobe-sez-infrastructure/power-grid --to 2026-12-15 \\\n"
        '      --reason "Transformer delivery delayed" --ref "HQ protocol No. 41 of '
        '2026-11-26"\n'
        '  sezctl reschedule power-grid --to 15.12.2026 --reason "..." --dry-run'
    )
)
@handle_errors
def reschedule(
    item: ItemArgument,
    to: Annotated[
        str,
        typer.Option(
            "--to", metavar=N_("YYYY-MM-DD"), help=N_("The new deadline."), show_default=False
        ),
    ],
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
    ref: Annotated[
        str | None,
        typer.Option(
            "--ref",
            metavar=N_("TEXT"),
            help=N_("The decision that allowed it, e.g. 'HQ protocol No. 12 of 2026-03-04'."),
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
    """Move an item's deadline and record why, with the decision that allowed it."""
    from sezctl.editing.edits import MoveDeadline

    session = Session(paths, today)
    new_due = parse_date_option("--to", to)
    when = parse_date_option("--on", on) if on is not None else session.today
    change = MoveDeadline(to=new_due, reason=reason, on=when, ref=ref)
    _run_edit(session, item, change, dry_run=dry_run, commit=commit)


@app.command(
    help=N_(
        "Hand an item to another owner (an id from the owners registry).\n"
        "\n"
        "Examples:\n"
        "  sezctl assign aktobe-sez-infrastructure/substation energy-dept\n"
        "  sezctl assign substation energy-dept --commit"
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
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    today: TodayOption = None,
    lang: LangOption = None,
) -> None:
    """Hand an item to another owner (an id from the owners registry)."""
    from sezctl.editing.edits import AssignOwner

    session = Session(paths, today)
    _run_edit(session, item, AssignOwner(owner), dry_run=dry_run, commit=commit)


def _run_edit(
    session: Session, item_text: str, change: "Change", *, dry_run: bool, commit: bool
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
    change: "Change",
    *,
    dry_run: bool,
    commit: bool,
) -> None:
    """The steps of :func:`_run_edit`; the edit lock, once taken, is held by ``held``."""
    import os

    from sezctl.core.problems import Severity
    from sezctl.editing import locks, safewrite
    from sezctl.editing.edits import AssignOwner, edit_item, new_problems, split_bom, unified_diff
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
    path = {display_path(file): file for file in session.files}[item.position.path]
    snapshot = safewrite.read_snapshot(path)
    bom, body = split_bom(snapshot.data)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise SezctlError(
            _("{path}: not UTF-8; run `sezctl check`").format(path=item.position.path)
        ) from None
    edit = edit_item(text, item.roadmap, item.id, change)
    if not edit.changed:
        note = _("{summary}; nothing to change.").format(summary=edit.shown)
        sys.stderr.write(f"sezctl: {note}\n")
        return
    new_data = bom + edit.text.encode("utf-8")
    after = load_roadmaps(session.files, {path: new_data})
    fresh = new_problems(check_loaded(before, session.today), check_loaded(after, session.today))
    errors = [problem for problem in fresh if problem.severity is Severity.ERROR]
    if fresh:
        sys.stderr.write(render_problems_text(CheckReport(fresh, len(session.files))))
    if errors:
        sys.stderr.write(f"sezctl: {refusal_note(edit.shown, len(errors))}\n")
        raise typer.Exit(EXIT_PROBLEMS)
    if dry_run:
        sys.stdout.write(unified_diff(text, edit.text, item.position.path))
        note = _("dry run: {summary}; nothing was written.").format(summary=edit.shown)
        sys.stderr.write(f"sezctl: {note}\n")
        return
    if commit:
        committed = git.prepare_commit(path, item.position.path)
    safewrite.write_atomically(snapshot, new_data)
    sys.stdout.write(f"{item.position.path}: {edit.shown}\n")
    if commit:
        # The commit message is the English summary in every language (sezctl.editing.edits):
        # this line repeats the commit as `git commit` and `git log --oneline` show it.
        short = git.commit_file(committed, edit.summary, item.position.path)
        sys.stdout.write(f"[{short}] {edit.summary}\n")


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
