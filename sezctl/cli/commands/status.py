"""``sezctl status`` (what is late, at risk, due soon), ``sezctl owners`` (who owns the delay)
and ``sezctl show ITEM`` (one item in full): the reports of :mod:`sezctl.reports.status`."""

# No `from __future__ import annotations`: Typer reads this module's annotations when the
# command runs, and as strings they would be evaluated each time.

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sezctl.cli.app import EXIT_PROBLEMS, app, handle_errors
from sezctl.cli.options import (
    AsOfOption,
    DayKind,
    DayKindOption,
    DetailFormat,
    DetailFormatOption,
    ItemArgument,
    LangOption,
    OwnerOption,
    PathsArgument,
    ReportFormat,
    ReportFormatOption,
    RoadmapOption,
    TodayOption,
)
from sezctl.cli.output import print_problems, render
from sezctl.cli.session import Session, require_known
from sezctl.core.i18n import _
from sezctl.core.model import Portfolio
from sezctl.core.problems import Problem
from sezctl.render import OWNERS, SHOW, STATUS

if TYPE_CHECKING:
    from sezctl.history.changes import BaselineComparison

# Rows of each section that `sezctl status` shows a person unless --limit or --all says more.
DEFAULT_LIMIT = 15


@app.command()
@handle_errors
def status(
    paths: PathsArgument = None,
    owner: OwnerOption = None,
    roadmap: RoadmapOption = None,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help=_("List every item, also those neither late nor due soon, with no row limit."),
        ),
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=1,
            metavar="N",
            help=_(
                "Show the worst N rows of each section of the table (default {count}, none "
                "with --all); JSON, CSV and Markdown always list every item."
            ).format(count=DEFAULT_LIMIT),
            show_default=False,
        ),
    ] = None,
    fail_on_overdue: Annotated[
        bool, typer.Option("--fail-on-overdue", help="Exit 1 when anything is overdue.")
    ] = False,
    warning_days: Annotated[
        int | None,
        typer.Option(
            "--warning-days",
            min=0,
            metavar="DAYS",
            help="Window for 'due soon' (default 14, or sezctl.toml).",
        ),
    ] = None,
    output_format: ReportFormatOption = ReportFormat.table,
    day_kind: DayKindOption = None,
    today: TodayOption = None,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="REV",
            help="Compare each deadline with the one at this tag, commit or date (the last "
            "commit on or before it); see docs/git.md.",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
) -> None:
    """Show overdue items (worst first), items at risk, items due soon, and a summary.

    An item is at risk when it is not overdue yet but a late prerequisite pushes its
    forecast past its deadline (docs/forecast.md); the table names that prerequisite.

    \b
    Examples:
      sezctl status
      sezctl status --owner aitymbetov --today 2026-11-26
      sezctl status --all --format csv > roadmap.csv
      sezctl status --format json | jq '.items[] | {ref, overdue_days}'
      sezctl status --days working --today 2026-11-26
      sezctl status --baseline approved-2025-12 --format json
      sezctl status --as-of 2026-11-19
    """
    from sezctl.reports.status import build_status_report

    session = Session(paths, today, day_kind, as_of)
    portfolio = session.load_valid()
    require_known("owner", owner, portfolio.owners)
    require_known("roadmap", roadmap, {r.id for r in portfolio.roadmaps})
    report = build_status_report(
        portfolio,
        session.today,
        owner=owner,
        roadmap=roadmap,
        warning_days=session.config.warning_days if warning_days is None else warning_days,
        include_all=show_all,
        days=session.day_counter,
    )
    report = report._replace(
        limit=limit if limit is not None or show_all else DEFAULT_LIMIT,
        command=status_command(paths, owner, roadmap, warning_days, day_kind, today, as_of, lang),
    )
    if baseline is not None:
        compared = compare_status_baseline(session, portfolio, baseline)
        report = report._replace(baseline=compared)
    render(STATUS, report, output_format.value)
    if fail_on_overdue and report.summary.overdue:
        raise typer.Exit(EXIT_PROBLEMS)


def status_command(
    paths: list[Path] | None,
    owner: str | None,
    roadmap: str | None,
    warning_days: int | None,
    day_kind: DayKind | None,
    today: str | None,
    as_of: str | None,
    lang: str | None,
) -> tuple[str, ...]:
    """The `sezctl status` command line that repeats this run's choice of items (paths,
    filters, dates, the day count and the language), for the view to name the command that
    shows what it left out.  A --today that came from SEZCTL_TODAY stays in the environment."""
    command = ["sezctl", "status", *(str(path) for path in paths or [])]
    options = {
        "--owner": owner,
        "--roadmap": roadmap,
        "--warning-days": None if warning_days is None else str(warning_days),
        "--days": None if day_kind is None else day_kind.value,
        "--today": None if today == os.environ.get("SEZCTL_TODAY") else today,
        "--as-of": as_of,
        "--lang": lang,
    }
    for option, value in options.items():
        if value is not None:
            command += [option, value]
    return tuple(command)


def compare_status_baseline(
    session: Session, portfolio: Portfolio, revision: str
) -> "BaselineComparison":
    """``status --baseline REV``: the roadmap at REV (a revision, or a date) to compare with."""
    from sezctl.history.changes import compare_with_baseline, read_state_at
    from sezctl.history.points import resolve_point

    source = session.history("--baseline")
    commit, _label = resolve_point(source, revision, session.config.timezone)
    problems: list[Problem] = []
    state = read_state_at(source, commit, problems).merged() if commit else {}
    print_problems(problems)
    return compare_with_baseline(state, portfolio, revision, commit)


@app.command()
@handle_errors
def owners(
    paths: PathsArgument = None,
    output_format: ReportFormatOption = ReportFormat.table,
    day_kind: DayKindOption = None,
    today: TodayOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
) -> None:
    """One row per owner: open items, overdue items, total days overdue, worst item.

    \b
    Examples:
      sezctl owners
      sezctl owners --format markdown > owners.md
      sezctl owners --days working
      sezctl owners --as-of 2026-11-19
    """
    from sezctl.reports.status import OwnerReport, build_owner_report

    session = Session(paths, today, day_kind, as_of)
    portfolio = session.load_valid()
    rows = build_owner_report(portfolio, session.today, session.day_counter)
    render(OWNERS, OwnerReport(rows, session.today, session.day_kind), output_format.value)


@app.command()
@handle_errors
def show(
    item: ItemArgument,
    paths: PathsArgument = None,
    output_format: DetailFormatOption = DetailFormat.table,
    day_kind: DayKindOption = None,
    today: TodayOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
) -> None:
    """One item with its dates, slippage, forecast and slack, what it depends on and what
    depends on it.

    \b
    Examples:
      sezctl show aktobe-sez-infrastructure/power-grid
      sezctl show power-grid --format json
      sezctl show construction-start --days working
      sezctl show power-grid --as-of 2026-11-19
    """
    from sezctl.reports.status import build_item_detail, find_item

    session = Session(paths, today, day_kind, as_of)
    portfolio = session.load_valid()
    detail = build_item_detail(
        portfolio,
        find_item(portfolio, item),
        session.today,
        session.config.warning_days,
        session.day_counter,
    )
    render(SHOW, detail, output_format.value)
