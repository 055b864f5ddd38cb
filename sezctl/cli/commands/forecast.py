"""The forecast commands: ``critical`` (what sets a roadmap's forecast end) and ``calendar``
(the working-day calendar in use).

``status`` and ``show`` carry the forecast too; they live in :mod:`sezctl.cli.app` with the other
reports.  Exit codes are those of :mod:`sezctl.cli.app`.  Only Typer is imported at module level:
every start of ``sezctl`` imports this module, and the work lives in modules imported on use.
"""

# No `from __future__ import annotations` (as in sezctl.cli.app): Typer reads the annotations of
# this module's commands when they run, and as strings they would be evaluated each time.

import re
from pathlib import Path
from typing import Annotated

import typer

from sezctl.cli.app import (
    AsOfOption,
    DaysOption,
    DetailFormat,
    DetailFormatOption,
    PathsArgument,
    TodayOption,
    _render,
    _require_known,
    _Session,
    _wall_clock,
    app,
    handle_errors,
)

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _split_roadmap_argument(
    roadmap: str | None, paths: list[Path] | None
) -> tuple[str | None, list[Path] | None]:
    """`sezctl critical roadmaps/` names a folder, not a roadmap: a first argument that cannot
    be a roadmap id, or that is an existing file or folder, is taken as the first PATH."""
    if roadmap is None:
        return None, paths
    if not _SLUG.fullmatch(roadmap) or Path(roadmap).exists():
        return None, [Path(roadmap), *(paths or [])]
    return roadmap, paths


@app.command()
@handle_errors
def critical(
    roadmap: Annotated[
        str | None,
        typer.Argument(
            help="The roadmap id (default: every roadmap).",
            metavar="[ROADMAP]",
            show_default=False,
        ),
    ] = None,
    paths: PathsArgument = None,
    output_format: DetailFormatOption = DetailFormat.table,
    days: DaysOption = None,
    today: TodayOption = None,
    as_of: AsOfOption = None,
) -> None:
    """The critical path: the chain of items that sets a roadmap's forecast end, with each
    item's slack (how many days it can slip before the end moves), then the roadmap's other
    open items, least slack first.  See docs/forecast.md.

    \b
    Examples:
      sezctl critical aktobe-sez-infrastructure --today 2026-11-26
      sezctl critical --format json | jq '.roadmaps[].forecast_end'
      sezctl critical aktobe-sez-infrastructure --days working
      sezctl critical --as-of 2026-11-19
    """
    from sezctl.reports.critical import build_critical_report

    roadmap, paths = _split_roadmap_argument(roadmap, paths)
    session = _Session(paths, today, days, as_of)
    portfolio = session.load_valid()
    _require_known("roadmap", roadmap, {r.id for r in portfolio.roadmaps})
    report = build_critical_report(
        portfolio, session.today, roadmap, session.days, warning_days=session.config.warning_days
    )
    _render("critical", output_format.value, report)


@app.command()
@handle_errors
def calendar(
    year: Annotated[
        int | None,
        typer.Argument(
            help="The year (default: this year).",
            metavar="[YEAR]",
            min=1,
            max=9999,
            show_default=False,
        ),
    ] = None,
    output_format: DetailFormatOption = DetailFormat.table,
    today: TodayOption = None,
) -> None:
    """The working-day calendar that `--days working` and `sezctl check` use: Kazakhstan's
    holidays and transferred days off from the `holidays` package, the working Saturdays and
    Sundays, the days sezctl.toml adds, and the working days of each month.

    \b
    Examples:
      sezctl calendar 2026
      sezctl calendar --format json | jq '.working_days'
    """
    from sezctl.plan.calendar import KazakhstanCalendar
    from sezctl.source.config import find_project, resolve_today

    config = find_project(Path.cwd())
    if year is None:
        year = resolve_today(today, config.timezone, _wall_clock).year
    _render(
        "calendar", output_format.value, KazakhstanCalendar.for_config(config).describe_year(year)
    )
