"""``sezctl agenda``: what the next meeting of the headquarters must go through
(:mod:`sezctl.reports.agenda`, cadence in :mod:`sezctl.plan.meetings`)."""

# No `from __future__ import annotations`: Typer reads this module's annotations when the
# command runs, and as strings they would be evaluated each time.

from typing import Annotated

import typer

from sezctl.cli.app import app, handle_errors
from sezctl.cli.options import (
    AsOfOption,
    DayKindOption,
    DiffFormat,
    DiffFormatOption,
    LangOption,
    PathsArgument,
    SkipInvalidOption,
    TodayOption,
)
from sezctl.cli.output import render
from sezctl.cli.session import Session, parse_date_option
from sezctl.core.i18n import N_
from sezctl.render import AGENDA


@app.command(
    help=N_(
        "The agenda of the next meeting: the open instructions of earlier protocols (with how\n"
        "many meetings each has been carried) and those closed since the previous meeting,\n"
        "overdue items and points, what is due before the following meeting, items at risk,\n"
        "and deadline moves recorded without a decision.  The meeting days come from\n"
        "[meetings] in sezctl.toml (docs/meetings.md).\n"
        "\n"
        "Examples:\n"
        "  sezctl agenda\n"
        "  sezctl agenda --today 2026-11-26\n"
        "  sezctl agenda --date 2026-12-10 --format markdown > agenda.md\n"
        "  sezctl agenda --format json | jq '.points[] | select(.control == \"overdue\")'"
    )
)
@handle_errors
def agenda(
    paths: PathsArgument = None,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar=N_("DATE"),
            help=N_("The meeting (default: the next meeting after today)."),
            show_default=False,
        ),
    ] = None,
    output_format: DiffFormatOption = DiffFormat.table,
    day_kind: DayKindOption = None,
    today: TodayOption = None,
    as_of: AsOfOption = None,
    skip_invalid: SkipInvalidOption = False,
    lang: LangOption = None,
) -> None:
    """The agenda of the next meeting (docs/meetings.md)."""
    from sezctl.plan.meetings import cadence_for
    from sezctl.reports.agenda import build_agenda

    session = Session(paths, today, day_kind, as_of)
    meeting_day = parse_date_option("--date", meeting) if meeting is not None else None
    portfolio, skipped = session.load_report(skip_invalid)
    protocol_days = sorted({item.origin.date for item in portfolio.items if item.origin})
    config = session.config
    cadence = cadence_for(config.meeting_rule, config.meeting_start, protocol_days, session.today)
    report = build_agenda(
        portfolio, session.today, cadence, meeting_day, session.day_counter, skipped=skipped
    )
    render(AGENDA, report, output_format.value)
    session.finish()
