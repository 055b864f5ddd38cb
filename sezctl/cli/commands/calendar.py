"""``sezctl calendar``: the working-day calendar of Kazakhstan that ``--days working`` and
``sezctl check`` use (:mod:`sezctl.plan.calendar`)."""

# No `from __future__ import annotations`: Typer reads this module's annotations when the
# command runs, and as strings they would be evaluated each time.

from pathlib import Path
from typing import Annotated

import typer

from sezctl.cli.app import app, handle_errors
from sezctl.cli.options import (
    DetailFormat,
    DetailFormatOption,
    LangOption,
    TodayOption,
)
from sezctl.cli.output import render
from sezctl.cli.session import wall_clock
from sezctl.core.i18n import N_
from sezctl.render import CALENDAR


@app.command(
    help=N_(
        "The working-day calendar that `--days working` and `sezctl check` use: Kazakhstan's\n"
        "holidays and transferred days off from the `holidays` package, the working "
        "Saturdays and\n"
        "Sundays, the days sezctl.toml adds, and the working days of each month.\n"
        "\n"
        "Examples:\n"
        "  sezctl calendar 2026\n"
        "  sezctl calendar --format json | jq '.working_days'"
    )
)
@handle_errors
def calendar(
    year: Annotated[
        int | None,
        typer.Argument(
            help=N_("The year (default: this year)."),
            metavar=N_("[YEAR]"),
            min=1,
            max=9999,
            show_default=False,
        ),
    ] = None,
    output_format: DetailFormatOption = DetailFormat.table,
    today: TodayOption = None,
    lang: LangOption = None,
) -> None:
    """The working-day calendar that `--days working` and `sezctl check` use: Kazakhstan's
    holidays and transferred days off from the `holidays` package, the working Saturdays and
    Sundays, the days sezctl.toml adds, and the working days of each month."""
    from sezctl.plan.calendar import KazakhstanCalendar
    from sezctl.source.config import find_project, resolve_today

    config = find_project(Path.cwd())
    if year is None:
        year = resolve_today(today, config.timezone, wall_clock).year
    year_shown = KazakhstanCalendar.for_config(config).describe_year(year)
    render(CALENDAR, year_shown, output_format.value)
