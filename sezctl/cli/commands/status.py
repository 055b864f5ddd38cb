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
    CsvDialectOption,
    DayKind,
    DayKindOption,
    DetailFormat,
    DetailFormatOption,
    ItemArgument,
    LangOption,
    OwnerOption,
    PathsArgument,
    PeriodOption,
    ReportFormat,
    ReportFormatOption,
    RoadmapOption,
    SkipInvalidOption,
    TodayOption,
    complete_revisions,
)
from sezctl.cli.output import choose_csv_dialect, print_problems, render
from sezctl.cli.session import Session, require_known
from sezctl.core.i18n import N_
from sezctl.core.model import Portfolio
from sezctl.core.problems import Problem
from sezctl.render import DISCIPLINE, OWNERS, SHOW, STATUS

if TYPE_CHECKING:
    from sezctl.history.changes import BaselineComparison
    from sezctl.reports.skipped import Skipped

# Rows of each section that `sezctl status` shows a person unless --limit or --all says more.
DEFAULT_LIMIT = 15


@app.command(
    help=N_(
        "Show overdue items (worst first), items at risk, items due soon, and a summary.\n"
        "\n"
        "An item is at risk when it is not overdue yet but a late prerequisite pushes its\n"
        "forecast past its deadline (docs/forecast.md); the table names that prerequisite.\n"
        "\n"
        "Examples:\n"
        "  sezctl status\n"
        "  sezctl status --owner aitymbetov --today 2026-11-26\n"
        "  sezctl status --all --format csv > roadmap.csv\n"
        "  sezctl status --format json | jq '.items[] | {ref, overdue_days}'\n"
        "  sezctl status --days working --today 2026-11-26\n"
        "  sezctl status --baseline approved-2025-12 --format json\n"
        "  sezctl status --as-of 2026-11-19"
    )
)
@handle_errors
def status(
    paths: PathsArgument = None,
    owner: OwnerOption = None,
    roadmap: RoadmapOption = None,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help=N_("List every item, also those neither late nor due soon, with no row limit."),
        ),
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=1,
            metavar="N",
            help=N_(
                "Show the worst N rows of each section of the table (default 15, none with "
                "--all); JSON, CSV and Markdown always list every item."
            ),
            show_default=False,
        ),
    ] = None,
    fail_on_overdue: Annotated[
        bool, typer.Option("--fail-on-overdue", help=N_("Exit 1 when anything is overdue."))
    ] = False,
    warning_days: Annotated[
        int | None,
        typer.Option(
            "--warning-days",
            min=0,
            metavar=N_("DAYS"),
            help=N_("Window for 'due soon' (default 14, or sezctl.toml)."),
        ),
    ] = None,
    output_format: ReportFormatOption = ReportFormat.table,
    csv_dialect: CsvDialectOption = None,
    day_kind: DayKindOption = None,
    today: TodayOption = None,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar=N_("REV"),
            help=N_(
                "Compare each deadline with the one at this tag, commit or date (the last "
                "commit on or before it); see docs/git.md."
            ),
            show_default=False,
            autocompletion=complete_revisions,
        ),
    ] = None,
    as_of: AsOfOption = None,
    skip_invalid: SkipInvalidOption = False,
    lang: LangOption = None,
) -> None:
    """Show overdue items (worst first), items at risk, items due soon, and a summary."""
    from sezctl.reports.status import build_status_report

    session = Session(paths, today, day_kind, as_of)
    dialect = choose_csv_dialect(csv_dialect, output_format, session.config.csv_dialect)
    portfolio, skipped = session.load_report(skip_invalid)
    require_known("owner", owner, portfolio.owners)
    require_known("roadmap", roadmap, {r.id for r in session.load().portfolio.roadmaps})
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
        command=status_command(
            paths, owner, roadmap, warning_days, day_kind, today, as_of, lang, skip_invalid
        ),
    )
    if baseline is not None:
        compared = compare_status_baseline(session, portfolio, baseline, skipped)
        report = report._replace(baseline=compared)
    render(STATUS, report._replace(skipped=skipped), output_format.value, dialect)
    session.finish()
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
    skip_invalid: bool = False,
) -> tuple[str, ...]:
    """The `sezctl status` command line that repeats this run's choice of items (paths,
    filters, dates, the day count, the language and --skip-invalid, without which the files in
    error would refuse the report), for the view to name the command that shows what it left
    out.  A --today that came from SEZCTL_TODAY stays in the environment."""
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
    if skip_invalid:
        command.append("--skip-invalid")
    return tuple(command)


def compare_status_baseline(
    session: Session, portfolio: Portfolio, revision: str, skipped: "Skipped | None" = None
) -> "BaselineComparison":
    """``status --baseline REV``: the roadmap at REV (a revision, or a date) to compare with;
    the roadmaps ``--skip-invalid`` left out are left out of REV too (not "removed")."""
    from sezctl.history.changes import compare_with_baseline, read_state_at
    from sezctl.history.points import resolve_point

    source = session.history("--baseline")
    commit, _label = resolve_point(source, revision, session.config.timezone)
    problems: list[Problem] = []
    states = read_state_at(source, commit, problems) if commit else None
    state = states.merged() if states else {}
    if skipped is not None and skipped.files and states is not None:
        from sezctl.reports.skipped import left_out_roadmaps, without_roadmaps

        state = without_roadmaps(state, left_out_roadmaps(skipped, states, source.shown))
    print_problems(problems)
    return compare_with_baseline(state, portfolio, revision, commit)


@app.command(
    help=N_(
        "One row per owner: open items, overdue items, total days overdue, worst item.\n"
        "\n"
        "With --period, executive discipline per owner over that period instead: items due\n"
        "(by the approved deadline), executed on time, late, missed, the on-time rate, and\n"
        "how many times and by how many days deadlines were moved (from git); see\n"
        "docs/discipline.md.\n"
        "\n"
        "Examples:\n"
        "  sezctl owners\n"
        "  sezctl owners --format markdown > owners.md\n"
        "  sezctl owners --days working\n"
        "  sezctl owners --as-of 2026-11-19\n"
        "  sezctl owners --period 2026-01-01..2026-12-31\n"
        "  sezctl owners --period 2026-Q4 --format csv > discipline.csv"
    )
)
@handle_errors
def owners(
    paths: PathsArgument = None,
    output_format: ReportFormatOption = ReportFormat.table,
    csv_dialect: CsvDialectOption = None,
    day_kind: DayKindOption = None,
    today: TodayOption = None,
    as_of: AsOfOption = None,
    skip_invalid: SkipInvalidOption = False,
    period: PeriodOption = None,
    lang: LangOption = None,
) -> None:
    """One row per owner: open items, overdue items, total days overdue, worst item."""
    if period is not None:
        owners_discipline(paths, output_format, day_kind, today, as_of, period, csv_dialect)
        return
    from sezctl.reports.status import OwnerReport, build_owner_report

    session = Session(paths, today, day_kind, as_of)
    dialect = choose_csv_dialect(csv_dialect, output_format, session.config.csv_dialect)
    portfolio, skipped = session.load_report(skip_invalid)
    rows = build_owner_report(portfolio, session.today, session.day_counter)
    report = OwnerReport(rows, session.today, session.day_kind, skipped)
    render(OWNERS, report, output_format.value, dialect)
    session.finish()


def owners_discipline(
    paths: list[Path] | None,
    output_format: ReportFormat,
    day_kind: str | None,
    today: str | None,
    as_of: str | None,
    period_text: str,
    csv_dialect: str | None,
) -> None:
    """``owners --period``: the period is checked before any file is read or git is run."""
    from sezctl.reports.discipline import (
        build_discipline_report,
        parse_period,
        read_deadline_moves,
    )

    period = parse_period(period_text)
    session = Session(paths, today, day_kind, as_of)
    dialect = choose_csv_dialect(csv_dialect, output_format, session.config.csv_dialect)
    portfolio = session.load_valid()
    source = session.committed_history("owners --period")
    moves, problems = read_deadline_moves(
        source,
        period,
        portfolio,
        session.config.timezone,
        session.as_of_commit or "HEAD",
        session.day_counter,
    )
    print_problems(problems)
    report = build_discipline_report(
        portfolio, period, session.today, moves, days=session.day_counter
    )
    render(DISCIPLINE, report, output_format.value, dialect)


@app.command(
    help=N_(
        "One item with its dates, slippage, forecast and slack, what it depends on and what\n"
        "depends on it.\n"
        "\n"
        "Examples:\n"
        "  sezctl show aktobe-sez-infrastructure/power-grid\n"
        "  sezctl show power-grid --format json\n"
        "  sezctl show construction-start --days working\n"
        "  sezctl show power-grid --as-of 2026-11-19"
    )
)
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
    depends on it."""
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
