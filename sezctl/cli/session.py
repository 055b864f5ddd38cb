"""The files, the date and the project that one command works on.

A :class:`Session` is built from the common options (paths, ``--today``, ``--days``,
``--as-of``): it finds the project's ``sezctl.toml``, lists the roadmap files, decides what
"today" is (the clock is read here and nowhere else), and loads and checks the files once.
Everything heavy (the loader, git, the holiday calendar) is imported on first use.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Collection
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from sezctl.cli.app import EXIT_PROBLEMS
from sezctl.core.i18n import N_, _, localize, ngettext
from sezctl.core.problems import Problem, Severity, SezctlError
from sezctl.source.config import WORKING

if TYPE_CHECKING:
    from sezctl.core.model import Portfolio
    from sezctl.history.changes import HistorySource
    from sezctl.plan.calendar import KazakhstanCalendar
    from sezctl.plan.days import DayCounter
    from sezctl.reports.skipped import Skipped
    from sezctl.source.loader import LoadResult


def parse_date_option(name: str, value: str) -> date:
    """A date given to an option (``--on``, ``--to``, ``--as-of``, ``--since``); exit 2 if bad."""
    from sezctl.core.dates import DateFormatError, parse_date

    try:
        return parse_date(value)
    except DateFormatError as exc:
        raise SezctlError(
            _("{option}: {reason}").format(option=name, reason=localize(exc.reason))
        ) from None


def wall_clock(zone: tzinfo) -> datetime:
    """The one place sezctl reads the clock; everything below the CLI takes today as input."""
    return datetime.now(zone)


UNKNOWN = {
    "owner": N_("unknown owner {value!r}{hint}"),
    "roadmap": N_("unknown roadmap {value!r}{hint}"),
}


def require_known(what: str, value: str | None, known: Collection[str]) -> None:
    """An ``--owner`` / ``--roadmap`` value (``what``, a key of :data:`UNKNOWN`) must name
    something that exists (exit 2 if not)."""
    if value is not None and value not in known:
        from sezctl.source.loader import suggest

        hint = localize(suggest(value, known))
        raise SezctlError(_(UNKNOWN[what]).format(value=value, hint=hint))


def _today_typed(today_option: str | None) -> bool:
    """True when ``--today`` was typed, not taken from ``SEZCTL_TODAY`` (the same text)."""
    return today_option is not None and today_option != os.environ.get("SEZCTL_TODAY")


class Session:
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
        day_kind: str | None = None,
        as_of: str | None = None,
    ) -> None:
        from sezctl.cli.language import project_config
        from sezctl.source.config import resolve_today, roadmap_paths

        self.config = project_config(Path.cwd())
        if self.config.disabled_policy_rules:
            from sezctl.rules.policy import require_known_rules

            require_known_rules(self.config)
        self.named: list[Path] = roadmap_paths(paths, self.config)
        self.given_paths = list(paths or [])
        self.day_kind: str = day_kind or self.config.days
        self.as_of = as_of
        self.as_of_commit: str | None = None
        self._calendar: KazakhstanCalendar | None = None
        self._loaded: LoadResult | None = None
        self._files: list[Path] | None = None
        self._history: HistorySource | None = None
        self.incomplete = False  # --skip-invalid left files out: exit 1 after the report
        if as_of is None:
            from sezctl.source.loader import list_roadmap_files

            self._files = list_roadmap_files(self.named)
            if not self._files:
                raise SezctlError(
                    _("no *.yaml or *.yml files found in {paths}").format(
                        paths=", ".join(str(path) for path in self.named)
                    )
                )
            self.today: date = resolve_today(today_option, self.config.timezone, wall_clock)
            return
        if _today_typed(today_option):
            raise SezctlError(
                _("--as-of and --today cannot be used together: --as-of DATE sets today to DATE")
            )
        from sezctl.history.points import find_as_of_commit

        self.today = parse_date_option("--as-of", as_of)
        commit = find_as_of_commit(self.history("--as-of"), self.today, self.config.timezone)
        if commit is None:
            raise SezctlError(
                _("--as-of {date}: the repository has no commit on or before that date").format(
                    date=as_of
                )
            )
        self.as_of_commit = commit

    def history(self, purpose: str) -> HistorySource:
        """Where the roadmap files live in git, found once per run.  ``purpose`` names the
        command or option in the message when there is no repository; the first caller's is
        the one used (one run has one purpose)."""
        if self._history is None:
            from sezctl.history.changes import HistorySource

            self._history = HistorySource.for_paths(self.named, purpose=purpose)
        return self._history

    def committed_history(self, purpose: str) -> HistorySource:
        """The session's repository, which must have commits (``--as-of`` found one already)."""
        from sezctl.history import git

        source = self.history(purpose)
        if self.as_of_commit is None and not git.has_commits(source.root):
            raise SezctlError(
                _("the repository at {root} has no commits yet").format(root=source.root)
            )
        return source

    @property
    def files(self) -> list[Path]:
        """The roadmap files: on disk, or with ``--as-of`` those in the commit then."""
        if self._files is None:
            self.load()
        assert self._files is not None
        return self._files

    def load(self) -> LoadResult:
        """The files loaded, once."""
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
                        _(
                            "--as-of {date}: no *.yaml or *.yml files in {paths} at commit {commit}"
                        ).format(
                            date=self.as_of,
                            paths=", ".join(str(path) for path in self.named),
                            commit=self.as_of_commit[:7],
                        )
                    )
        return self._loaded

    def working_calendar(self) -> KazakhstanCalendar:
        """The Kazakhstan calendar with sezctl.toml's additions (imports `holidays` on use)."""
        if self._calendar is None:
            from sezctl.plan.calendar import KazakhstanCalendar

            self._calendar = KazakhstanCalendar.for_config(self.config)
        return self._calendar

    @property
    def day_counter(self) -> DayCounter:
        """How this command counts days: calendar days, or working days on the calendar."""
        if self.day_kind == WORKING:
            return self.working_calendar().days
        from sezctl.plan.days import CALENDAR_DAYS

        return CALENDAR_DAYS

    def load_and_check(self, deadline_check: bool | None = None) -> tuple[Portfolio, list[Problem]]:
        """Load and check every file.  The deadline-on-a-day-off warning needs the holiday
        calendar: `check` asks for it (``deadline_check``); reports run it only when they count
        working days anyway, so that calendar days never pay for the `holidays` import."""
        from sezctl.rules.checks import check_loaded

        if deadline_check is None:
            deadline_check = self.day_kind == WORKING
        calendar = None
        if deadline_check and self.config.warn_non_working_deadline:
            calendar = self.working_calendar()
        result = self.load()
        return result.portfolio, check_loaded(result, self.today, calendar)

    def check_command(self) -> str:
        """The ``sezctl check`` command that lists every problem of the files this run read."""
        import shlex

        words = ["sezctl", "check", *map(str, self.given_paths)]
        if self.as_of is not None:
            words += ["--as-of", self.as_of]
        return shlex.join(words)

    def load_valid(self) -> Portfolio:
        """The portfolio, or exit 1 with the first errors on stderr: never a half-right report."""
        portfolio, problems = self.load_and_check()
        if any(p.severity is Severity.ERROR for p in problems):
            self._refuse(problems)
        self._print_warnings(problems)
        return portfolio

    def load_report(self, skip_invalid: bool) -> tuple[Portfolio, Skipped | None]:
        """The portfolio of a report command that takes ``--skip-invalid``, and what it left out
        (``None`` without the option).

        Without the option, files with errors stop the report as in :meth:`load_valid`, and the
        refusal says which files the option would leave out.  With it, the roadmaps of the
        files without errors are reported (:mod:`sezctl.reports.skipped`): the first errors go
        to stderr, and :meth:`finish` ends the run with exit 1 once the report is written.  With
        no roadmap left to report on, the report is refused all the same."""
        portfolio, problems = self.load_and_check()
        if not any(p.severity is Severity.ERROR for p in problems):
            self._print_warnings(problems)
            if not skip_invalid:
                return portfolio, None
            from sezctl.reports.skipped import Skipped

            return portfolio, Skipped()
        from sezctl.reports.skipped import leave_out_invalid

        kept, skipped = leave_out_invalid(portfolio, problems)
        if not kept.roadmaps:
            self._refuse(problems, nothing_left=skip_invalid)
        if not skip_invalid:
            self._refuse(problems, would_skip=skipped)
        from sezctl.render.problems import count_summary

        self._print_first_errors(problems)
        summary = count_summary(problems, len(self.files))
        sys.stderr.write(_left_out_line(summary, skipped) + "\n")
        self.incomplete = True
        return kept, skipped

    def finish(self) -> None:
        """Exit 1 once a report that left files out (``--skip-invalid``) is written."""
        if self.incomplete:
            raise typer.Exit(EXIT_PROBLEMS)

    def _print_warnings(self, problems: list[Problem]) -> None:
        """Warnings alone do not stop a report, and are `check`'s to list: a report says how
        many there are in one line on stderr, with the command that lists them."""
        if problems:
            summary = ngettext(
                "{count} warning: see `{command}`",
                "{count} warnings: see `{command}`",
                len(problems),
            )
            line = summary.format(count=len(problems), command=self.check_command())
            sys.stderr.write(f"sezctl: {line}\n")

    def _print_first_errors(self, problems: list[Problem]) -> None:
        """The first :data:`FIRST_PROBLEMS` errors, then how many more problems `check` lists.
        The errors of a file from which nothing could be read come first: what follows from
        its absence elsewhere is fixed by fixing it."""
        from sezctl.render.problems import render_problems_text
        from sezctl.reports.check import CheckReport

        portfolio = self.load().portfolio
        read = {roadmap.position.path for roadmap in portfolio.roadmaps}
        read.update(owner.position.path for owner in portfolio.owner_definitions)
        errors = [p for p in problems if p.severity is Severity.ERROR]
        errors.sort(key=lambda problem: problem.path in read)  # stable: by position otherwise
        errors = errors[:FIRST_PROBLEMS]
        sys.stderr.write(render_problems_text(CheckReport(errors, len(self.files))))
        more = len(problems) - len(errors)
        if more:
            line = ngettext(
                "… and {count} more: `{command}`", "… and {count} more: `{command}`", more
            )
            sys.stderr.write(line.format(count=more, command=self.check_command()) + "\n")

    def _refuse(
        self,
        problems: list[Problem],
        would_skip: Skipped | None = None,
        nothing_left: bool = False,
    ) -> NoReturn:
        """Exit 1 with the first errors and one line that says why there is no report, and
        what ``--skip-invalid`` would leave out (``would_skip``) when a command offers it."""
        from sezctl.render.problems import count_summary

        self._print_first_errors(problems)
        summary = count_summary(problems, len(self.files))
        if nothing_left:
            line = _("sezctl: {summary}; every roadmap has errors, so there is nothing to report.")
        elif self.as_of_commit is not None:
            line = _("sezctl: {summary}; the roadmap at {commit} ({date}) does not load.")
        else:
            line = _("sezctl: {summary}; fix the files before a report can be trusted.")
        commit = (self.as_of_commit or "")[:7]
        line = line.format(summary=summary, commit=commit, date=self.as_of)
        if would_skip is not None:
            line += " " + _skip_hint(would_skip)
        sys.stderr.write(line + "\n")
        raise typer.Exit(EXIT_PROBLEMS)


# A report stopped or cut by errors names this many of them on stderr; `sezctl check` lists
# them all.  Three fit a terminal above the report and are usually one mistake and its echoes.
FIRST_PROBLEMS = 3
# Up to this many left-out files are named in the one line on stderr (the report lists all).
NAMED_FILES = 3


def _skip_hint(skipped: Skipped) -> str:
    """The sentence that offers ``--skip-invalid``, naming what it would leave out."""
    paths = [file.path for file in skipped.files]
    if len(paths) <= NAMED_FILES:
        return _("Add --skip-invalid to report without {files}.").format(files=", ".join(paths))
    return ngettext(
        "Add --skip-invalid to report without the {count} file with errors.",
        "Add --skip-invalid to report without the {count} files with errors.",
        len(paths),
    ).format(count=len(paths))


def _left_out_line(summary: str, skipped: Skipped) -> str:
    """The one line on stderr of a report that left files out."""
    paths = [file.path for file in skipped.files]
    if len(paths) <= NAMED_FILES:
        return _("sezctl: {summary}; the report leaves out {files}.").format(
            summary=summary, files=", ".join(paths)
        )
    return ngettext(
        "sezctl: {summary}; the report leaves out {count} file with errors.",
        "sezctl: {summary}; the report leaves out {count} files with errors.",
        len(paths),
    ).format(summary=summary, count=len(paths))
