"""``sezctl report``: the weekly meeting pack, assembled from the files and git history by
:mod:`sezctl.reports.meeting`."""

# No `from __future__ import annotations`: Typer reads this module's annotations when the
# command runs, and as strings they would be evaluated each time.

from datetime import date, timedelta
from typing import Annotated

import typer

from sezctl.cli.app import app, handle_errors
from sezctl.cli.options import (
    AsOfOption,
    DayKindOption,
    MeetingFormat,
    MeetingFormatOption,
    TodayOption,
)
from sezctl.cli.output import print_problems, progress_printer, render
from sezctl.cli.session import Session, parse_date_option
from sezctl.core.problems import Problem, SezctlError


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
    output_format: MeetingFormatOption = MeetingFormat.markdown,
    day_kind: DayKindOption = None,
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
    from sezctl.history.changes import build_diff, facts_of, read_state_at, walk_history
    from sezctl.history.points import resolve_point
    from sezctl.reports.meeting import build_meeting_pack, week_ends
    from sezctl.reports.status import build_owner_report, build_status_report

    session = Session(None, today, day_kind, as_of)
    source = session.committed_history("report")
    zone_name = session.config.timezone
    portfolio = session.load_valid()
    end = session.as_of_commit or "HEAD"
    day = session.today
    zone = ZoneInfo(zone_name)
    since_text = since or (day - timedelta(days=7)).isoformat()
    since_commit, since_label = resolve_point(source, since_text, zone_name)
    trend_days = week_ends(day, weeks)
    walk = walk_history(
        source, end, None, progress_printer(), [end_of(point, zone) for point in trend_days]
    )
    print_problems(walk.problems)
    ids = [commit.commit for commit in walk.commits]
    position = ids.index(since_commit) if since_commit in ids else -1
    try:
        since_day = parse_date_option("--since", since_text)
    except SezctlError:  # a revision: the day it was committed (on the line walked)
        since_day = (
            date.fromisoformat(walk.commits[position].date[:10])
            if position >= 0
            else day - timedelta(days=7)
        )
    later = set(ids[position + 1 :])
    problems: list[Problem] = []
    since_state = read_state_at(source, since_commit, problems).merged() if since_commit else {}
    diff = build_diff(
        since_state, facts_of(portfolio),
        [change for change in walk.changes if change.commit.commit in later],
        since_label, "now", since_commit, None, len(later),
    )  # fmt: skip
    status = build_status_report(portfolio, day, include_all=True, days=session.day_counter)
    owners = build_owner_report(portfolio, day, session.day_counter)
    pack = build_meeting_pack(
        portfolio, status, owners, diff, since_state, since_day, walk, trend_days, zone,
        session.day_counter,
    )  # fmt: skip
    render("report", output_format.value, pack)
