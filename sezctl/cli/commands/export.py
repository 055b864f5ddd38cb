"""``sezctl export``: every item for calendars (ICS), a Gantt chart (Mermaid) or a table (CSV,
JSON), from :mod:`sezctl.reports.export`."""

# No `from __future__ import annotations`: Typer reads this module's annotations when the
# command runs, and as strings they would be evaluated each time.

from sezctl.cli.app import app, handle_errors
from sezctl.cli.options import (
    AsOfOption,
    CsvDialectOption,
    ExportFormat,
    ExportFormatOption,
    LangOption,
    OwnerOption,
    PathsArgument,
    SkipInvalidOption,
    TodayOption,
)
from sezctl.cli.output import choose_csv_dialect, render
from sezctl.cli.session import Session, require_known
from sezctl.core.i18n import N_
from sezctl.render import EXPORT


@app.command(
    help=N_(
        "Export every item: deadlines for calendars, a Gantt chart, or a table.\n"
        "\n"
        "ICS gives each deadline as an all-day event; exporting an unchanged roadmap "
        "again gives\n"
        "the same bytes.  Mermaid gives a Gantt chart that GitHub and GitLab render in "
        "Markdown.\n"
        "CSV (for spreadsheets) and JSON list every item with its slippage as of --today.\n"
        "\n"
        "Examples:\n"
        "  sezctl export > deadlines.ics\n"
        "  sezctl export --owner grid-company > grid-company.ics\n"
        "  sezctl export --format mermaid > gantt.mmd\n"
        "  sezctl export --format csv > items.csv\n"
        "  sezctl export --as-of 2026-11-19 --format csv > items-2026-11-19.csv"
    )
)
@handle_errors
def export(
    paths: PathsArgument = None,
    output_format: ExportFormatOption = ExportFormat.ics,
    csv_dialect: CsvDialectOption = None,
    owner: OwnerOption = None,
    today: TodayOption = None,
    as_of: AsOfOption = None,
    skip_invalid: SkipInvalidOption = False,
    lang: LangOption = None,
) -> None:
    """Export every item: deadlines for calendars, a Gantt chart, or a table."""
    from sezctl.reports.export import build_export

    session = Session(paths, today, as_of=as_of)
    dialect = choose_csv_dialect(csv_dialect, output_format, session.config.csv_dialect)
    portfolio, skipped = session.load_report(skip_invalid)
    require_known("owner", owner, portfolio.owners)
    report = build_export(
        portfolio,
        session.today,
        owner=owner,
        warning_days=session.config.warning_days,
        skipped=skipped,
    )
    render(EXPORT, report, output_format.value, dialect)
    session.finish()
