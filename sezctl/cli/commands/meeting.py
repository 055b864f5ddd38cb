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
    PeriodOption,
    SkipInvalidOption,
    TodayOption,
    complete_owners,
    complete_revisions,
    complete_roadmaps,
)
from sezctl.cli.output import print_problems, progress_printer, render
from sezctl.cli.session import Session, require_known
from sezctl.core.i18n import N_
from sezctl.render import MEETING


@app.command(
    help=N_(
        "The weekly meeting pack, from the files and git history: what changed since the last\n"
        "meeting, what is at risk, and what the meeting must decide.\n"
        "\n"
        "Its sections: overdue now and against the approved deadlines; what changed since the\n"
        "last meeting (newly overdue, completed, moved, reassigned, added, removed); items at\n"
        "risk and what pushes them; the decisions the meeting must take; protocol instructions\n"
        "on control; executive discipline per owner this year; what is due before the next\n"
        "meeting; the stages' timeline and the overdue trend (docs/git.md).\n"
        "\n"
        "Examples:\n"
        "  sezctl report > meeting.md\n"
        "  sezctl report --format html > meeting.html\n"
        "  sezctl report --since 2026-11-19 --weeks 8 --format json\n"
        "  sezctl report --as-of 2026-11-19 --format html > meeting-2026-11-19.html\n"
        "  sezctl report --roadmap aktobe-sez-infrastructure --owner construction-dept\n"
        "  sezctl report --period 2026-Q4 --days working --format json\n"
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
    roadmaps: Annotated[
        list[str] | None,
        typer.Option(
            "--roadmap",
            metavar=N_("ROADMAP-ID"),
            help=N_("Only this roadmap's items, in every section (repeat for more)."),
            show_default=False,
            autocompletion=complete_roadmaps,
        ),
    ] = None,
    owners: Annotated[
        list[str] | None,
        typer.Option(
            "--owner",
            metavar=N_("OWNER-ID"),
            help=N_("Only this owner's items, in every section (repeat for more)."),
            show_default=False,
            autocompletion=complete_owners,
        ),
    ] = None,
    period: PeriodOption = None,
    output_format: MeetingFormatOption = MeetingFormat.markdown,
    day_kind: DayKindOption = None,
    as_of: AsOfOption = None,
    today: TodayOption = None,
    skip_invalid: SkipInvalidOption = False,
    lang: LangOption = None,
) -> None:
    """The weekly meeting pack (docs/git.md), from the files and git history."""
    from sezctl.reports.discipline import parse_period
    from sezctl.reports.meeting import Scope, assemble_meeting_pack

    # (checked before any file is read or git is run; default: the year up to today)
    discipline_period = parse_period(period) if period is not None else None
    session = Session(None, today, day_kind, as_of)
    source = session.committed_history("report")
    portfolio, skipped = session.load_report(skip_invalid)
    known_roadmaps = {roadmap.id for roadmap in portfolio.roadmaps}
    for roadmap in roadmaps or ():
        require_known("roadmap", roadmap, known_roadmaps)
    for owner in owners or ():
        require_known("owner", owner, portfolio.owners)
    config = session.config
    cadence = None
    if config.meeting_rule is not None:
        from sezctl.plan.meetings import cadence_for

        protocol_days = sorted({item.origin.date for item in portfolio.items if item.origin})
        cadence = cadence_for(
            config.meeting_rule, config.meeting_start, protocol_days, session.today
        )
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
        cadence=cadence,
        title=config.report_title,
        scope=Scope(tuple(dict.fromkeys(roadmaps or ())), tuple(dict.fromkeys(owners or ()))),
        period=discipline_period,
    )
    print_problems(problems)
    render(MEETING, pack, output_format.value)
    session.finish()
