"""``sezctl report``: the weekly meeting pack, assembled from the files and git history by
:mod:`sezctl.reports.meeting`."""

# No `from __future__ import annotations`: Typer reads this module's annotations when the
# command runs, and as strings they would be evaluated each time.

from typing import Annotated

import typer

from sezctl.cli.app import app, handle_errors
from sezctl.cli.options import (
    AsOfOption,
    DayKindOption,
    LangOption,
    MeetingFormat,
    MeetingFormatOption,
    SkipInvalidOption,
    TodayOption,
    complete_revisions,
)
from sezctl.cli.output import print_problems, progress_printer, render
from sezctl.cli.session import Session
from sezctl.core.i18n import N_
from sezctl.render import MEETING


@app.command(
    help=N_(
        "The weekly meeting pack: newly overdue, completed, deadlines moved with the "
        "reasons from\n"
        "commit messages, the worst overdue item per owner, what is due in the next 14 "
        "days, the\n"
        "stages' timeline and the overdue trend over the last weeks, from git history.\n"
        "\n"
        "Examples:\n"
        "  sezctl report > meeting.md\n"
        "  sezctl report --format html > meeting.html\n"
        "  sezctl report --since 2026-11-19 --weeks 8 --format json\n"
        "  sezctl report --as-of 2026-11-19 --format html > meeting-2026-11-19.html\n"
        "  sezctl report --days working --format json\n"
        "  sezctl report --skip-invalid > meeting.md"
    )
)
@handle_errors
def report(
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar=N_("DATE|REV"),
            help=N_(
                "The previous meeting: a date (the last commit on or before it) or a revision "
                "(default: 7 days before today)."
            ),
            show_default=False,
            autocompletion=complete_revisions,
        ),
    ] = None,
    weeks: Annotated[
        int,
        typer.Option(
            "--weeks",
            min=1,
            max=520,
            metavar=N_("<int range>"),
            help=N_("Weeks of slippage trend."),
        ),
    ] = 12,
    output_format: MeetingFormatOption = MeetingFormat.markdown,
    day_kind: DayKindOption = None,
    as_of: AsOfOption = None,
    today: TodayOption = None,
    skip_invalid: SkipInvalidOption = False,
    lang: LangOption = None,
) -> None:
    """The weekly meeting pack: newly overdue, completed, deadlines moved with the reasons from
    commit messages, the worst overdue item per owner, what is due in the next 14 days, the
    stages' timeline and the overdue trend over the last weeks, from git history."""
    from sezctl.reports.meeting import assemble_meeting_pack

    session = Session(None, today, day_kind, as_of)
    source = session.committed_history("report")
    portfolio, skipped = session.load_report(skip_invalid)
    pack, problems = assemble_meeting_pack(
        source,
        portfolio,
        session.today,
        end=session.as_of_commit or "HEAD",
        since=since,
        weeks=weeks,
        timezone=session.config.timezone,
        days=session.day_counter,
        progress=progress_printer(),
        skipped=skipped,
    )
    print_problems(problems)
    render(MEETING, pack, output_format.value)
    session.finish()
