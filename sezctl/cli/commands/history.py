"""The git-history commands: ``sezctl diff`` (what changed in meaning between two points) and
``sezctl history ITEM`` (every commit that changed one item).

The work lives in :mod:`sezctl.history.changes`, which reaches git only through
:mod:`sezctl.history.git`. Exit codes are those of :mod:`sezctl.cli.app`: git missing, no
repository or an unknown revision is exit 2.  Versions of files that do not load at some old
revision are warnings on stderr.
"""

# No `from __future__ import annotations` (as in sezctl.cli.app): Typer reads the annotations of
# this module's commands when they run, and as strings they would be evaluated each time.

import enum
import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sezctl.cli.app import (
    AsOfOption,
    DaysOption,
    TodayOption,
    _render,
    _Session,
    app,
    handle_errors,
    parse_date_option,
)
from sezctl.core.problems import Problem, SezctlError

if TYPE_CHECKING:
    from sezctl.history.changes import HistorySource


class DiffFormat(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class HistoryFormat(enum.StrEnum):
    table = "table"
    json = "json"


# A history walk this long shows its progress on a terminal.
PROGRESS_FROM = 200


def commit_on_or_before(source: "HistorySource", day: date, timezone: str) -> str | None:
    """The last commit on or before ``day`` (None: the history starts later)."""
    from zoneinfo import ZoneInfo

    from sezctl.core.dates import end_of
    from sezctl.history import git

    return git.last_commit_before(source.root, end_of(day, ZoneInfo(timezone)))


def resolve_point(source: "HistorySource", text: str, timezone: str) -> tuple[str | None, str]:
    """(commit, label) for a revision, or for a date: the last commit on or before it."""
    from sezctl.core.dates import DateFormatError, parse_date
    from sezctl.history import git

    try:
        day = parse_date(text)
    except DateFormatError:
        return git.resolve_revision(source.root, text, purpose="history"), text
    commit = commit_on_or_before(source, day, timezone)
    return commit, f"{text} ({commit[:7]})" if commit else f"{text} (before the first commit)"


def _source(session: _Session, purpose: str) -> "HistorySource":
    """The session's repository, which must have commits (``--as-of`` found one already);
    ``purpose`` names the command in the message when there is no repository."""
    from sezctl.history import git

    source: HistorySource = session.history(purpose)
    if session.as_of_commit is None and not git.has_commits(source.root):
        raise SezctlError(f"the repository at {source.root} has no commits yet")
    return source


def _progress() -> Any:
    """A progress line on stderr for long walks, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total >= PROGRESS_FROM and (done % 50 == 0 or done == total - 1):
            end = "\n" if done == total - 1 else ""
            sys.stderr.write(f"\rreading history: commit {done + 1} of {total}{end}")

    return show


def _warn(problems: list[Problem]) -> None:
    for problem in sorted(set(problems)):
        sys.stderr.write(problem.format() + "\n")


def find_as_of_commit(source: "HistorySource", day: date, timezone: str) -> str | None:
    """``--as-of DAY`` (for every command, through `sezctl.cli.app._Session`): the last commit on or
    before the end of ``day`` in ``timezone``, in the repository of ``source``; None if the
    repository has no commit by then."""
    from sezctl.history import git

    return commit_on_or_before(source, day, timezone) if git.has_commits(source.root) else None


@app.command()
@handle_errors
def diff(
    from_point: Annotated[
        str | None,
        typer.Argument(
            metavar="[FROM]",
            help="A revision (tag, branch, commit) or a date: the last commit on or before it "
            "(default: 7 days before today).",
            show_default=False,
        ),
    ] = None,
    to_point: Annotated[
        str | None,
        typer.Argument(
            metavar="[TO]",
            help="A revision or a date (default: the work tree, or the --as-of commit).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Output format.")
    ] = DiffFormat.table,
    as_of: AsOfOption = None,
    today: TodayOption = None,
) -> None:
    """What changed in meaning between two points of git history: deadlines moved (with the
    commit, author, date and message), items completed, reopened, reassigned, added, removed,
    status changes.

    \b
    Examples:
      sezctl diff                                  the last 7 days, up to the work tree
      sezctl diff approved-2025-12 HEAD
      sezctl diff 2026-11-01 2026-11-26 --format markdown > changes.md
      sezctl diff --format json | jq '.changes[] | select(.kind == "deadline-moved")'
    """
    from sezctl.history.changes import (
        DEFAULT_SINCE_DAYS,
        build_diff,
        days_before,
        facts_of,
        walk_history,
    )

    session = _Session(None, today, as_of=as_of)
    source = _source(session, "diff")
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
        to_commit, to_label = None, "the work tree"
    walk = walk_history(source, to_commit or "HEAD", from_commit, _progress())
    _warn(walk.problems)
    if to_commit is not None:
        after = walk.final.merged()
    elif to_point is not None:
        after = {}  # TO is a date before the first commit: nothing existed yet
    else:
        after = facts_of(session.load_valid())
    report = build_diff(
        walk.initial, after, walk.changes, from_label, to_label, from_commit, to_commit,
        len(walk.commits),
    )  # fmt: skip
    _render("diff", output_format.value, report)


@app.command()
@handle_errors
def history(
    item: Annotated[
        str,
        typer.Argument(
            help="roadmap-id/item-id, or an item id unique across roadmaps.",
            metavar="ITEM",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        HistoryFormat, typer.Option("--format", "-f", help="Output format.")
    ] = HistoryFormat.table,
    as_of: AsOfOption = None,
) -> None:
    """Every commit that changed one item's deadline, owner, status, done date or baseline,
    oldest first, with how many times and by how many days in total its deadline moved.

    Only committed history is read: commit an edit to see it here.

    \b
    Examples:
      sezctl history aktobe-sez-infrastructure/power-grid
      sezctl history power-grid --format json | jq '.total_days_moved'
      sezctl history power-grid --as-of 2026-11-01
    """
    from sezctl.history.changes import build_item_history, walk_history
    from sezctl.reports.status import find_ref

    session = _Session(None, None, as_of=as_of)
    source = _source(session, "history")
    end = session.as_of_commit or "HEAD"
    walk = walk_history(source, end, None, _progress())
    _warn(walk.problems)
    known = [change.ref for change in walk.changes] + list(walk.final.merged())
    ref = find_ref(known, item, " in the history")
    _render("history", output_format.value, build_item_history(walk.changes, ref))


# -- helpers of `sezctl status` -----------------------------------------------------------------


def compare_status_baseline(session: _Session, portfolio: Any, revision: str) -> Any:
    """``status --baseline REV``: the roadmap at REV (a revision, or a date) to compare with."""
    from sezctl.history.changes import compare_with_baseline, read_state_at

    source = session.history("--baseline")
    commit, _ = resolve_point(source, revision, session.config.timezone)
    problems: list[Problem] = []
    state = read_state_at(source, commit, problems).merged() if commit else {}
    _warn(problems)
    return compare_with_baseline(state, portfolio, revision, commit)


# -- the meeting pack ---------------------------------------------------------------------------


class MeetingFormat(enum.StrEnum):
    markdown = "markdown"
    html = "html"
    json = "json"


@app.command()
@handle_errors
def report(
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE|REV",
            help="The previous meeting: a date (the last commit on or before it) or a revision "
            "(default: 7 days before today).",
            show_default=False,
        ),
    ] = None,
    weeks: Annotated[
        int, typer.Option("--weeks", min=1, max=520, help="Weeks of slippage trend.")
    ] = 12,
    output_format: Annotated[
        MeetingFormat, typer.Option("--format", "-f", help="Output format.")
    ] = MeetingFormat.markdown,
    days: DaysOption = None,
    as_of: AsOfOption = None,
    today: TodayOption = None,
) -> None:
    """The weekly meeting pack: newly overdue, completed, deadlines moved with the reasons from
    commit messages, the worst overdue item per owner, what is due in the next 14 days, the
    stages' timeline and the overdue trend over the last weeks, from git history.

    \b
    Examples:
      sezctl report > meeting.md
      sezctl report --format html > meeting.html
      sezctl report --since 2026-11-19 --weeks 8 --format json
      sezctl report --as-of 2026-11-19 --format html > meeting-2026-11-19.html
      sezctl report --days working --format json
    """
    from zoneinfo import ZoneInfo

    from sezctl.core.dates import end_of
    from sezctl.history.changes import (
        DEFAULT_SINCE_DAYS,
        build_diff,
        days_before,
        facts_of,
        read_state_at,
        walk_history,
    )
    from sezctl.reports.meeting import build_meeting_pack, week_ends
    from sezctl.reports.status import build_owner_report, build_status_report

    session = _Session(None, today, days, as_of)
    source = _source(session, "report")
    zone_name = session.config.timezone
    portfolio = session.load_valid()
    end = session.as_of_commit or "HEAD"
    day = session.today
    zone = ZoneInfo(zone_name)
    a_week_ago = days_before(day, DEFAULT_SINCE_DAYS)
    since_text = since or a_week_ago.isoformat()
    since_commit, since_label = resolve_point(source, since_text, zone_name)
    trend_days = week_ends(day, weeks)
    walk = walk_history(
        source, end, None, _progress(), [end_of(point, zone) for point in trend_days]
    )
    _warn(walk.problems)
    ids = [commit.commit for commit in walk.commits]
    position = ids.index(since_commit) if since_commit in ids else -1
    try:
        since_day = parse_date_option("--since", since_text)
    except SezctlError:  # a revision: the day it was committed (on the line walked)
        since_day = (
            date.fromisoformat(walk.commits[position].date[:10]) if position >= 0 else a_week_ago
        )
    later = set(ids[position + 1 :])
    problems: list[Problem] = []
    since_state = read_state_at(source, since_commit, problems).merged() if since_commit else {}
    diff = build_diff(
        since_state, facts_of(portfolio),
        [change for change in walk.changes if change.commit.commit in later],
        since_label, "now", since_commit, None, len(later),
    )  # fmt: skip
    status = build_status_report(portfolio, day, include_all=True, days=session.days)
    owners = build_owner_report(portfolio, day, session.days)
    pack = build_meeting_pack(
        portfolio, status, owners, diff, since_state, since_day, walk, trend_days, zone,
        session.days,
    )  # fmt: skip
    _render("report", output_format.value, pack)
