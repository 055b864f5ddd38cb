"""The git-history commands: ``sezctl diff`` (what changed in meaning between two points) and
``sezctl history ITEM`` (every commit that changed one item).

The work lives in :mod:`sezctl.history.changes`, which reaches git only through
:mod:`sezctl.history.git`.  Versions of files that do not load at some old revision are
warnings on stderr.

``diff`` takes ``--today`` (its default FROM is 7 days before today); ``history`` does not:
it lists commits, and nothing in it is counted from today (``--as-of DATE`` stops it at a
date), so the option would change nothing (the README lists the commands that take it).
"""

# No `from __future__ import annotations`: Typer reads this module's annotations when the
# command runs, and as strings they would be evaluated each time.

from typing import Annotated

import typer

from sezctl.cli.app import app, handle_errors
from sezctl.cli.options import (
    AsOfOption,
    DetailFormat,
    DetailFormatOption,
    DiffFormat,
    DiffFormatOption,
    ItemArgument,
    LangOption,
    TodayOption,
    complete_revisions,
)
from sezctl.cli.output import print_problems, progress_printer, render
from sezctl.cli.session import Session
from sezctl.core.i18n import N_, M
from sezctl.render import DIFF, HISTORY


@app.command(
    help=N_(
        "What changed in meaning between two points of git history: deadlines moved (with the\n"
        "commit, author, date and message), items completed, reopened, reassigned, added, "
        "removed,\n"
        "status changes.\n"
        "\n"
        "Examples:\n"
        "  sezctl diff                                  the last 7 days, up to the work tree\n"
        "  sezctl diff approved-2025-12 HEAD\n"
        "  sezctl diff 2026-11-01 2026-11-26 --format markdown > changes.md\n"
        "  sezctl diff --format json | jq '.changes[] | select(.kind == \"deadline-moved\")'"
    )
)
@handle_errors
def diff(
    from_point: Annotated[
        str | None,
        typer.Argument(
            metavar=N_("[FROM]"),
            help=N_(
                "A revision (tag, branch, commit) or a date: the last commit on or before it "
                "(default: 7 days before today)."
            ),
            show_default=False,
            autocompletion=complete_revisions,
        ),
    ] = None,
    to_point: Annotated[
        str | None,
        typer.Argument(
            metavar=N_("[TO]"),
            help=N_("A revision or a date (default: the work tree, or the --as-of commit)."),
            show_default=False,
            autocompletion=complete_revisions,
        ),
    ] = None,
    output_format: DiffFormatOption = DiffFormat.table,
    as_of: AsOfOption = None,
    today: TodayOption = None,
    lang: LangOption = None,
) -> None:
    """What changed in meaning between two points of git history: deadlines moved (with the
    commit, author, date and message), items completed, reopened, reassigned, added, removed,
    status changes."""
    from sezctl.history.changes import (
        DEFAULT_SINCE_DAYS,
        DecisionBook,
        build_diff,
        days_before,
        facts_of,
        walk_history,
    )
    from sezctl.history.points import resolve_point

    session = Session(None, today, as_of=as_of)
    source = session.committed_history("diff")
    zone = session.config.timezone
    as_of_commit = session.as_of_commit
    if from_point is None:
        since = days_before(session.today, DEFAULT_SINCE_DAYS)
        from_commit, from_label = resolve_point(source, since.isoformat(), zone)
    else:
        from_commit, from_label = resolve_point(source, from_point, zone)
    if to_point is not None:
        to_commit, to_label = resolve_point(source, to_point, zone)
    elif as_of_commit is not None:
        to_commit, to_label = as_of_commit, f"{as_of} ({as_of_commit[:7]})"
    else:
        to_commit, to_label = None, M("the work tree")
    walk = walk_history(source, to_commit or "HEAD", from_commit, progress_printer())
    print_problems(walk.problems)
    if to_commit is not None:
        after = walk.final.merged()
    elif to_point is not None:
        after = {}  # TO is a date before the first commit: nothing existed yet
    else:
        after = facts_of(session.load_valid())
    report = build_diff(
        walk.initial, after, walk.changes, from_label, to_label, from_commit, to_commit,
        len(walk.commits), DecisionBook.of(session.load().portfolio),
    )  # fmt: skip
    render(DIFF, report, output_format.value)


@app.command(
    help=N_(
        "Every commit that changed one item's deadline, owner, status, done date or baseline,\n"
        "oldest first, with how many times and by how many days in total its deadline moved.\n"
        "\n"
        "Only committed history is read: commit an edit to see it here.\n"
        "\n"
        "Examples:\n"
        "  sezctl history aktobe-sez-infrastructure/power-grid\n"
        "  sezctl history power-grid --format json | jq '.total_days_moved'\n"
        "  sezctl history power-grid --as-of 2026-11-01"
    )
)
@handle_errors
def history(
    item: ItemArgument,
    output_format: DetailFormatOption = DetailFormat.table,
    as_of: AsOfOption = None,
    lang: LangOption = None,
) -> None:
    """Every commit that changed one item's deadline, owner, status, done date or baseline,
    oldest first, with how many times and by how many days in total its deadline moved."""
    from sezctl.history.changes import DecisionBook, build_item_history, walk_history
    from sezctl.reports.status import find_ref

    session = Session(None, None, as_of=as_of)
    source = session.committed_history("history")
    end = session.as_of_commit or "HEAD"
    walk = walk_history(source, end, None, progress_printer())
    print_problems(walk.problems)
    known = [change.ref for change in walk.changes] + list(walk.final.merged())
    ref = find_ref(known, item, in_history=True)
    decisions = DecisionBook.of(session.load().portfolio)
    render(HISTORY, build_item_history(walk.changes, ref, decisions), output_format.value)
