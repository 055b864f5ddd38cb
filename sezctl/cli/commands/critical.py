"""``sezctl critical``: the chain of items that sets each roadmap's forecast end, with slack
(:mod:`sezctl.reports.critical`, maths in :mod:`sezctl.plan.forecast`)."""

# No `from __future__ import annotations`: Typer reads this module's annotations when the
# command runs, and as strings they would be evaluated each time.

import re
from pathlib import Path
from typing import Annotated

import typer

from sezctl.cli.app import app, handle_errors
from sezctl.cli.options import (
    AsOfOption,
    DayKindOption,
    DetailFormat,
    DetailFormatOption,
    LangOption,
    PathsArgument,
    SkipInvalidOption,
    TodayOption,
    complete_roadmaps,
)
from sezctl.cli.output import render
from sezctl.cli.session import Session, require_known
from sezctl.core.i18n import N_
from sezctl.render import CRITICAL

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


@app.command(
    help=N_(
        "The critical path: the chain of items that sets a roadmap's forecast end, with each\n"
        "item's slack (how many days it can slip before the end moves), then the "
        "roadmap's other\n"
        "open items, least slack first.  See docs/forecast.md.\n"
        "\n"
        "Examples:\n"
        "  sezctl critical aktobe-sez-infrastructure --today 2026-11-26\n"
        "  sezctl critical --format json | jq '.roadmaps[].forecast_end'\n"
        "  sezctl critical aktobe-sez-infrastructure --days working\n"
        "  sezctl critical --as-of 2026-11-19"
    )
)
@handle_errors
def critical(
    roadmap: Annotated[
        str | None,
        typer.Argument(
            help=N_("The roadmap id (default: every roadmap)."),
            metavar=N_("[ROADMAP]"),
            show_default=False,
            autocompletion=complete_roadmaps,
        ),
    ] = None,
    paths: PathsArgument = None,
    output_format: DetailFormatOption = DetailFormat.table,
    day_kind: DayKindOption = None,
    today: TodayOption = None,
    as_of: AsOfOption = None,
    skip_invalid: SkipInvalidOption = False,
    lang: LangOption = None,
) -> None:
    """The critical path: the chain of items that sets a roadmap's forecast end, with each
    item's slack (how many days it can slip before the end moves), then the roadmap's other
    open items, least slack first.  See docs/forecast.md."""
    from sezctl.reports.critical import build_critical_report

    roadmap, paths = _split_roadmap_argument(roadmap, paths)
    session = Session(paths, today, day_kind, as_of)
    portfolio, skipped = session.load_report(skip_invalid)
    require_known("roadmap", roadmap, {r.id for r in session.load().portfolio.roadmaps})
    report = build_critical_report(
        portfolio,
        session.today,
        roadmap,
        session.day_counter,
        warning_days=session.config.warning_days,
        skipped=skipped,
    )
    render(CRITICAL, report, output_format.value)
    session.finish()
