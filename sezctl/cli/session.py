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
from typing import TYPE_CHECKING

import typer

from sezctl.cli.app import EXIT_PROBLEMS
from sezctl.core.problems import Problem, Severity, SezctlError
from sezctl.source.config import WORKING

if TYPE_CHECKING:
    from sezctl.core.model import Portfolio
    from sezctl.history.changes import HistorySource
    from sezctl.plan.calendar import KazakhstanCalendar
    from sezctl.plan.days import DayCounter
    from sezctl.source.loader import LoadResult


def parse_date_option(name: str, value: str) -> date:
    """A date given to an option (``--on``, ``--to``, ``--as-of``, ``--since``); exit 2 if bad."""
    from sezctl.core.dates import DateFormatError, parse_date

    try:
        return parse_date(value)
    except DateFormatError as exc:
        raise SezctlError(f"{name}: {exc}") from None


def wall_clock(zone: tzinfo) -> datetime:
    """The one place sezctl reads the clock; everything below the CLI takes today as input."""
    return datetime.now(zone)


def require_known(what: str, value: str | None, known: Collection[str]) -> None:
    """An ``--owner`` / ``--roadmap`` value must name something that exists (exit 2 if not)."""
    if value is not None and value not in known:
        from sezctl.source.loader import suggest

        raise SezctlError(f"unknown {what} {value!r}{suggest(value, known)}")


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
        if as_of is None:
            from sezctl.source.loader import list_roadmap_files

            self._files = list_roadmap_files(self.named)
            if not self._files:
                raise SezctlError(
                    "no *.yaml or *.yml files found in "
                    + ", ".join(str(path) for path in self.named)
                )
            self.today: date = resolve_today(today_option, self.config.timezone, wall_clock)
            return
        if _today_typed(today_option):
            raise SezctlError(
                "--as-of and --today cannot be used together: --as-of DATE sets today to DATE"
            )
        from sezctl.history.points import find_as_of_commit

        self.today = parse_date_option("--as-of", as_of)
        commit = find_as_of_commit(self.history("--as-of"), self.today, self.config.timezone)
        if commit is None:
            raise SezctlError(
                f"--as-of {as_of}: the repository has no commit on or before that date"
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
            raise SezctlError(f"the repository at {source.root} has no commits yet")
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
                        f"--as-of {self.as_of}: no *.yaml or *.yml files in "
                        + ", ".join(str(path) for path in self.named)
                        + f" at commit {self.as_of_commit[:7]}"
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

    def load_valid(self) -> Portfolio:
        """The portfolio, or exit 1 with every problem on stderr: never a half-right report.
        Warnings alone do not stop a report, and are `check`'s to list: a report says how
        many there are in one line on stderr."""
        portfolio, problems = self.load_and_check()
        errors = [p for p in problems if p.severity is Severity.ERROR]
        if problems and not errors:
            import shlex

            from sezctl.core.i18n import ngettext

            check = shlex.join(["sezctl", "check", *map(str, self.given_paths)])
            summary = ngettext(
                "{count} warning: see `{command}`",
                "{count} warnings: see `{command}`",
                len(problems),
            )
            sys.stderr.write(f"sezctl: {summary.format(count=len(problems), command=check)}\n")
        elif problems:
            from sezctl.render.problems import count_summary, render_problems_text
            from sezctl.reports.check import CheckReport

            sys.stderr.write(render_problems_text(CheckReport(problems, len(self.files))))
            if errors:
                why = (
                    f"the roadmap at {self.as_of_commit[:7]} ({self.as_of}) does not load"
                    if self.as_of_commit is not None
                    else "fix the files (see `sezctl check`) before a report can be trusted"
                )
                sys.stderr.write(f"sezctl: {count_summary(problems, len(self.files))}; {why}.\n")
                raise typer.Exit(EXIT_PROBLEMS)
        return portfolio
