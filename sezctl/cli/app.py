"""The command line: parse options, call the library, print, and decide the exit code.

This is the only module that imports Typer and the only one that prints.  Exit codes, decided
here and nowhere else:

====  =====================================================================================
0     success: no problems (``check``), nothing that fails the run (``status``)
1     problems found: invalid or inconsistent roadmap files; warnings too with ``--strict``;
      a breach of the change policy with ``check --base``; anything overdue with
      ``status --fail-on-overdue``
2     usage or environment error: bad option or argument, unreadable or missing path,
      unknown item, bad ``--today``, no roadmaps folder, bad ``sezctl.toml``; git missing,
      no repository or an unknown revision for ``--base`` and the history commands
      (``diff``, ``history``, ``report``, ``--baseline``, ``--as-of``); a file ``init`` would
      overwrite
3     internal error (a bug in sezctl): a short "please report" message, no traceback
====  =====================================================================================
"""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and as strings they would be evaluated again each time (1.5 ms of every run).

import enum
import functools
import os
import sys
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from sezctl import __version__
from sezctl.core.problems import Problem, Severity, SezctlError

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

BUG_REPORT_HINT = (
    "This is a bug in sezctl, not in your files. Please report it with the command you ran "
    "and the output above (set SEZCTL_DEBUG=1 to see the traceback)."
)

app = typer.Typer(
    name="sezctl",
    help="Roadmaps as plain YAML files: validate deadlines, see what is late and who owns it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


class DayCount(enum.StrEnum):
    calendar = "calendar"
    working = "working"


# One declaration each for the --format options that several commands share.
ReportFormatOption = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
DetailFormatOption = Annotated[DetailFormat, typer.Option("--format", "-f", help="Output format.")]

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Roadmap files or folders (default: the roadmaps/ folder of this repository).",
        metavar="PATH",
        show_default=False,
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        envvar="SEZCTL_TODAY",
        metavar="YYYY-MM-DD",
        help="Evaluate as of this date instead of today in Asia/Almaty (or the configured zone).",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="The roadmap as it stood in git at the last commit on or before this date, "
        "with today = that date (not with --today); see docs/git.md.",
        show_default=False,
    ),
]

DaysOption = Annotated[
    DayCount | None,
    typer.Option(
        "--days",
        help="Count calendar days, or working days on the Kazakhstan calendar "
        "(default: calendar, or `days` in sezctl.toml).",
        show_default=False,
    ),
]

F = TypeVar("F", bound=Callable[..., Any])


def _print_error(message: str) -> None:
    sys.stderr.write(f"sezctl: error: {message}\n")


def handle_errors(command: F) -> F:
    """Turn environment errors into exit 2 and bugs into exit 3, in one place."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except SezctlError as exc:
            _print_error(str(exc))
            raise typer.Exit(EXIT_USAGE) from None
        except BrokenPipeError:
            # The reader went away (`sezctl status | head`): not an error worth a message.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(EXIT_OK) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except Exception as exc:
            if os.environ.get("SEZCTL_DEBUG"):
                raise
            _print_error(f"internal error: {type(exc).__name__}: {exc}")
            sys.stderr.write(BUG_REPORT_HINT + "\n")
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"sezctl {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Roadmaps as plain YAML files: validate deadlines, see what is late and who owns it.

    \b
    Examples:
      sezctl status                       what is overdue today
      sezctl check                        validate every roadmap file (for CI)
      sezctl status --today 2026-11-26    the picture as of a past meeting
    """


# -- shared steps ------------------------------------------------------------------------------


def parse_date_option(name: str, value: str) -> date:
    """A date given to an option (``--on``, ``--to``, ``--as-of``, ``--since``); exit 2 if bad."""
    from sezctl.core.dates import DateFormatError, parse_date

    try:
        return parse_date(value)
    except DateFormatError as exc:
        raise SezctlError(f"{name}: {exc}") from None


def _wall_clock(zone: tzinfo) -> datetime:
    return datetime.now(zone)


def _today_typed(today_option: str | None) -> bool:
    """True when ``--today`` was typed, not taken from ``SEZCTL_TODAY`` (the same text)."""
    return today_option is not None and today_option != os.environ.get("SEZCTL_TODAY")


class _Session:
    """The files and the date one command works on.

    With ``as_of`` (``--as-of DATE``) every command works on the roadmap as it stood in git at
    the last commit on or before ``DATE`` (in the configured zone), with today = ``DATE``: the
    files are read from that commit, never from the work tree.  ``--today`` with it is a usage
    error; ``SEZCTL_TODAY`` is ignored then.  git is imported only when ``as_of`` is given.
    """

    def __init__(
        self,
        paths: list[Path] | None,
        today_option: str | None,
        days_option: DayCount | None = None,
        as_of: str | None = None,
    ) -> None:
        from sezctl.source.config import find_project, resolve_today, roadmap_paths

        self.config = find_project(Path.cwd())
        self.named: list[Path] = roadmap_paths(paths, self.config)
        self.day_kind = days_option.value if days_option else self.config.days
        self._calendar: Any = None
        self._loaded: Any = None
        self._files: list[Path] | None = None
        self.as_of = as_of
        self.as_of_commit: str | None = None
        self._history: Any = None
        if as_of is None:
            from sezctl.source.loader import list_roadmap_files

            self._files = list_roadmap_files(self.named)
            if not self._files:
                raise SezctlError(
                    "no *.yaml or *.yml files found in "
                    + ", ".join(str(path) for path in self.named)
                )
            self.today: date = resolve_today(today_option, self.config.timezone, _wall_clock)
            return
        if _today_typed(today_option):
            raise SezctlError(
                "--as-of and --today cannot be used together: --as-of DATE sets today to DATE"
            )
        from sezctl.cli.commands.history import find_as_of_commit

        self.today = parse_date_option("--as-of", as_of)
        commit = find_as_of_commit(self.history("--as-of"), self.today, self.config.timezone)
        if commit is None:
            raise SezctlError(
                f"--as-of {as_of}: the repository has no commit on or before that date"
            )
        self.as_of_commit = commit

    def history(self, purpose: str) -> Any:
        """Where the roadmap files live in git (a `sezctl.history.changes.HistorySource`), found
        once per run.  ``purpose`` names the command or option in the message when there is no
        repository; the first caller's is the one used (one run has one purpose)."""
        if self._history is None:
            from sezctl.history.changes import HistorySource

            self._history = HistorySource.for_paths(self.named, purpose=purpose)
        return self._history

    @property
    def files(self) -> list[Path]:
        """The roadmap files: on disk, or with ``--as-of`` those in the commit then."""
        if self._files is None:
            self._load()
        assert self._files is not None
        return self._files

    def _load(self) -> Any:
        """The files loaded (a `sezctl.source.loader.LoadResult`), once."""
        if self._loaded is None:
            if self.as_of_commit is None:
                from sezctl.source.loader import load_roadmaps

                self._loaded = load_roadmaps(self.files)
            else:
                from sezctl.history.revision import load_at_commit

                self._loaded = load_at_commit(self.history("--as-of"), self.as_of_commit)
                self._files = [Path(name) for name in self._loaded.portfolio.files]
                if not self._files:
                    raise SezctlError(
                        f"--as-of {self.as_of}: no *.yaml or *.yml files in "
                        + ", ".join(str(path) for path in self.named)
                        + f" at commit {self.as_of_commit[:7]}"
                    )
        return self._loaded

    def working_calendar(self) -> Any:
        """The Kazakhstan calendar with sezctl.toml's additions (imports `holidays` on use)."""
        if self._calendar is None:
            from sezctl.plan.calendar import KazakhstanCalendar

            self._calendar = KazakhstanCalendar.for_config(self.config)
        return self._calendar

    @property
    def days(self) -> Any:
        """How this command counts days (a `sezctl.plan.days.DayCounter`)."""
        if self.day_kind == DayCount.working.value:
            return self.working_calendar().days
        from sezctl.plan.days import CALENDAR_DAYS

        return CALENDAR_DAYS

    def load_and_check(self, deadline_check: bool | None = None) -> tuple[Any, list[Problem]]:
        """Load and check every file.  The deadline-on-a-day-off warning needs the holiday
        calendar: `check` asks for it (``deadline_check``); reports run it only when they count
        working days anyway, so that calendar days never pay for the `holidays` import."""
        from sezctl.rules.checks import check_loaded

        if deadline_check is None:
            deadline_check = self.day_kind == DayCount.working.value
        calendar = None
        if deadline_check and self.config.warn_non_working_deadline:
            calendar = self.working_calendar()
        result = self._load()
        return result.portfolio, check_loaded(result, self.today, calendar)

    def load_valid(self) -> Any:
        """The portfolio, or exit 1 with every problem on stderr: never a half-right report."""
        portfolio, problems = self.load_and_check()
        errors = [p for p in problems if p.severity is Severity.ERROR]
        if problems:
            from sezctl.render.problems import count_summary, render_problems_text

            sys.stderr.write(render_problems_text(problems, len(self.files)))
            if errors:
                why = (
                    f"the roadmap at {self.as_of_commit[:7]} ({self.as_of}) does not load"
                    if self.as_of_commit is not None
                    else "fix the files (see `sezctl check`) before a report can be trusted"
                )
                sys.stderr.write(f"sezctl: {count_summary(problems, len(self.files))}; {why}.\n")
                raise typer.Exit(EXIT_PROBLEMS)
        return portfolio


def _emit(output: Any) -> None:
    """Write a renderer's result to stdout: strings as they are, Rich renderables via Console."""
    if isinstance(output, str):
        sys.stdout.write(output)
        sys.stdout.flush()
        return
    from rich.console import Console

    Console(highlight=False, emoji=False, markup=False).print(output)


def _render(report: str, fmt: str, *args: Any) -> None:
    from sezctl.render import get_renderer

    _emit(get_renderer(report, fmt)(*args))


# -- commands ----------------------------------------------------------------------------------


@app.command()
@handle_errors
def check(
    paths: PathsArgument = None,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            metavar="REV",
            help="Also check the change policy against this git revision (see docs/ci.md).",
            show_default=False,
        ),
    ] = None,
    today: TodayOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Validate roadmap files: YAML, the format, and deadline consistency.

    Every problem in every file is reported as path:line:col: severity[code]: message.
    Exit 0 when clean, 1 when problems are found (warnings only with --strict), 2 on a
    usage or I/O error.

    \b
    Examples:
      sezctl check
      sezctl check roadmaps/infrastructure.yaml --strict
      sezctl check --format json | jq '.summary'
      sezctl check --base origin/main --format github
      sezctl check --as-of 2026-11-19     the files as committed then
    """
    session = _Session(paths, today, as_of=as_of)
    portfolio, problems = session.load_and_check(deadline_check=True)
    if base is not None:
        from sezctl.cli.commands.integrations import change_policy_problems

        policy = change_policy_problems(session, portfolio, problems, base)
        problems = sorted(problems + policy)
    _render("check", output_format.value, problems, len(session.files))
    if output_format in (CheckFormat.text, CheckFormat.github):
        from sezctl.render.problems import count_summary

        sys.stderr.write(count_summary(problems, len(session.files)) + "\n")
    if output_format is CheckFormat.github:
        from sezctl.cli.commands.integrations import write_step_summary

        write_step_summary(problems, len(session.files))
    failing = [p for p in problems if strict or p.severity is Severity.ERROR]
    raise typer.Exit(EXIT_PROBLEMS if failing else EXIT_OK)


@app.command()
@handle_errors
def status(
    paths: PathsArgument = None,
    owner: Annotated[
        str | None, typer.Option("--owner", metavar="OWNER-ID", help="Only this owner's items.")
    ] = None,
    roadmap: Annotated[
        str | None,
        typer.Option("--roadmap", metavar="ROADMAP-ID", help="Only this roadmap's items."),
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="List every item.")] = False,
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
    days: DaysOption = None,
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

    session = _Session(paths, today, days, as_of)
    portfolio = session.load_valid()
    _require_known("owner", owner, portfolio.owners)
    _require_known("roadmap", roadmap, {r.id for r in portfolio.roadmaps})
    report = build_status_report(
        portfolio,
        session.today,
        owner=owner,
        roadmap=roadmap,
        warning_days=session.config.warning_days if warning_days is None else warning_days,
        include_all=show_all,
        days=session.days,
    )
    if baseline is not None:
        from sezctl.cli.commands.history import compare_status_baseline

        compared = compare_status_baseline(session, portfolio, baseline)
        report = report._replace(baseline=compared)
    _render("status", output_format.value, report)
    if fail_on_overdue and report.summary.overdue:
        raise typer.Exit(EXIT_PROBLEMS)


def _require_known(what: str, value: str | None, known: Any) -> None:
    if value is not None and value not in known:
        from sezctl.source.loader import suggest

        raise SezctlError(f"unknown {what} {value!r}{suggest(value, known)}")


@app.command()
@handle_errors
def owners(
    paths: PathsArgument = None,
    output_format: ReportFormatOption = ReportFormat.table,
    days: DaysOption = None,
    today: TodayOption = None,
    as_of: AsOfOption = None,
) -> None:
    """One row per owner: open items, overdue items, total days overdue, worst item.

    \b
    Examples:
      sezctl owners
      sezctl owners --format markdown > owners.md
      sezctl owners --days working
      sezctl owners --as-of 2026-11-19
    """
    from sezctl.reports.status import build_owner_report

    session = _Session(paths, today, days, as_of)
    portfolio = session.load_valid()
    report = build_owner_report(portfolio, session.today, session.days)
    _render("owners", output_format.value, report, session.today, session.day_kind)


@app.command()
@handle_errors
def show(
    item: Annotated[
        str,
        typer.Argument(
            help="roadmap-id/item-id, or an item id unique across roadmaps.",
            metavar="ITEM",
            show_default=False,
        ),
    ],
    paths: PathsArgument = None,
    output_format: DetailFormatOption = DetailFormat.table,
    days: DaysOption = None,
    today: TodayOption = None,
    as_of: AsOfOption = None,
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

    session = _Session(paths, today, days, as_of)
    portfolio = session.load_valid()
    detail = build_item_detail(
        portfolio,
        find_item(portfolio, item),
        session.today,
        session.config.warning_days,
        session.days,
    )
    _render("show", output_format.value, detail, session.today)


def main() -> None:
    """Run the command line for ``sys.argv`` (the console script calls it through
    `sezctl.__main__`, which first sets the garbage collector up for a short run)."""
    register_commands(sys.argv[1:])
    app(prog_name="sezctl")


# The other command modules register their commands on `app` when imported.  Typer builds the
# parameters of every registered command at each start (about 1 ms a command: signatures and
# type hints), so a run registers only the command it runs; help, completion and unknown names
# get them all.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "sezctl.cli.commands.edit": ("done", "start", "reschedule", "assign"),
    "sezctl.cli.commands.forecast": ("critical", "calendar"),
    "sezctl.cli.commands.history": ("diff", "history", "report"),
    "sezctl.cli.commands.integrations": ("schema", "export", "init"),
}
CORE_COMMANDS = ("check", "status", "owners", "show")


def register_commands(argv: list[str] | None = None) -> None:
    """Register every command, or only the one that ``argv`` runs (importing its module).
    Called once per process, by `main`: the commands it leaves out are gone for that process."""
    import importlib
    import itertools

    options = list(itertools.takewhile(lambda arg: arg.startswith("-"), argv or ()))
    command = argv[len(options)] if argv and len(options) < len(argv) else None
    known = {name for names in COMMAND_MODULES.values() for name in names}
    everything = (
        argv is None
        or command not in known | set(CORE_COMMANDS)  # no command, or one click must reject
        or "--help" in options  # `sezctl --help status` shows the top-level help
        or "-h" in options
        or any(name.endswith("_COMPLETE") for name in os.environ)  # shell completion
    )
    for module, commands in COMMAND_MODULES.items():
        if everything or command in commands:
            importlib.import_module(module)
    if not everything:
        app.registered_commands = [
            info
            for info in app.registered_commands
            if info.callback is not None
            and (info.name or typer.main.get_command_name(info.callback.__name__)) == command
        ]
