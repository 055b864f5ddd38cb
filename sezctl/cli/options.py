"""The options and arguments that several commands share, declared once.

Each is an ``Annotated`` type that a command uses as a parameter's annotation, so the flag, its
help text and its metavar are the same wherever it appears.  The ``--format`` choices are
enums, one per report family; their values are what a person types, the same in every language.
Help texts and metavars are marked with ``N_()`` and translated when shown
(:mod:`sezctl.cli.clicktext`).
"""

# No `from __future__ import annotations`: Typer evaluates these annotations at each start.

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from sezctl.core.i18n import N_


class CheckFormat(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class ReportFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class DetailFormat(enum.StrEnum):
    table = "table"
    json = "json"


class DiffFormat(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class MeetingFormat(enum.StrEnum):
    markdown = "markdown"
    html = "html"
    json = "json"


class ExportFormat(enum.StrEnum):
    ics = "ics"
    mermaid = "mermaid"
    csv = "csv"
    json = "json"


class CsvDialect(enum.StrEnum):
    """How CSV cells are separated: the values of ``--csv-dialect`` and of ``csv_dialect`` in
    sezctl.toml (the keys of `sezctl.source.config.CSV_DELIMITERS`)."""

    excel = "excel"
    excel_semicolon = "excel-semicolon"


class DayKind(enum.StrEnum):
    """How a command counts days: the values of ``--days`` and of ``days`` in sezctl.toml."""

    calendar = "calendar"
    working = "working"


def _completer(name: str) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """The shell-completion function ``name`` of :mod:`sezctl.cli.completion`, imported when
    the shell asks for candidates: every run imports this module, few of them complete."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from sezctl.cli import completion

        function: Callable[[typer.Context, str], list[tuple[str, str]]]
        function = getattr(completion, name)
        return function(ctx, incomplete)

    complete.__name__ = complete.__qualname__ = name
    return complete


# What TAB offers for the values (sezctl.cli.completion): the `autocompletion=` of options.
complete_items = _completer("complete_items")
complete_owners = _completer("complete_owners")
complete_roadmaps = _completer("complete_roadmaps")
complete_languages = _completer("complete_languages")
complete_revisions = _completer("complete_revisions")


def _format_option(help_text: str = N_("Output format.")) -> Any:
    return typer.Option("--format", "-f", help=help_text)


CheckFormatOption = Annotated[CheckFormat, _format_option()]
ReportFormatOption = Annotated[ReportFormat, _format_option()]
DetailFormatOption = Annotated[DetailFormat, _format_option()]
DiffFormatOption = Annotated[DiffFormat, _format_option()]
MeetingFormatOption = Annotated[MeetingFormat, _format_option()]
ExportFormatOption = Annotated[
    ExportFormat, _format_option(N_("ics (calendar), mermaid (Gantt), csv or json."))
]

CsvDialectOption = Annotated[
    CsvDialect | None,
    typer.Option(
        "--csv-dialect",
        help=N_(
            "With --format csv: excel (cells separated by commas) or excel-semicolon (by "
            "semicolons, as Excel with Kazakh or Russian regional settings reads them); "
            "default: `csv_dialect` in sezctl.toml, else excel."
        ),
        show_default=False,
    ),
]

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help=N_("Roadmap files or folders (default: the roadmaps/ folder of this repository)."),
        metavar=N_("PATH"),
        show_default=False,
    ),
]
ItemArgument = Annotated[
    str,
    typer.Argument(
        help=N_("roadmap-id/item-id, or an item id unique across roadmaps."),
        metavar=N_("ITEM"),
        show_default=False,
        autocompletion=complete_items,
    ),
]
OwnerOption = Annotated[
    str | None,
    typer.Option(
        "--owner",
        metavar=N_("OWNER-ID"),
        help=N_("Only this owner's items."),
        autocompletion=complete_owners,
    ),
]
RoadmapOption = Annotated[
    str | None,
    typer.Option(
        "--roadmap",
        metavar=N_("ROADMAP-ID"),
        help=N_("Only this roadmap's items."),
        autocompletion=complete_roadmaps,
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        envvar="SEZCTL_TODAY",
        metavar=N_("YYYY-MM-DD"),
        help=N_(
            "Evaluate as of this date instead of today in Asia/Almaty (or the configured zone)."
        ),
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar=N_("YYYY-MM-DD"),
        help=N_(
            "The roadmap as it stood in git at the last commit on or before this date, "
            "with today = that date (not with --today); see docs/git.md."
        ),
        show_default=False,
    ),
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        metavar=N_("PERIOD"),
        help=N_(
            "Executive discipline over FROM..TO (2026-01-01..2026-12-31), a year (2026), "
            "a month (2026-11) or a quarter (2026-Q4); reads git history."
        ),
        show_default=False,
    ),
]
SkipInvalidOption = Annotated[
    bool,
    typer.Option(
        "--skip-invalid",
        help=N_(
            "Report on the roadmap files without errors: the files with errors are left out "
            "and listed at the top, and the exit code is still 1."
        ),
    ),
]
DayKindOption = Annotated[
    DayKind | None,
    typer.Option(
        "--days",
        help=N_(
            "Count calendar days, or working days on the Kazakhstan calendar "
            "(default: calendar, or `days` in sezctl.toml)."
        ),
        show_default=False,
    ),
]


# The language is chosen from the raw arguments before Click reads this option
# (sezctl.cli.language.choose_for_run); it is declared for Click's parsing and for the help.
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="kk|ru|en",
        help=N_(
            "The language of the output: kk (Kazakh), ru (Russian) or en (English); "
            "default: SEZCTL_LANG, `language` in sezctl.toml, then the locale."
        ),
        show_default=False,
        autocompletion=complete_languages,
    ),
]
