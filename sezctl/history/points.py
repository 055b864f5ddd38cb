"""Points of history a person names: a revision, or a date meaning the last commit on or
before the end of that day in the project's time zone (``--as-of``, ``--baseline``,
``--since``, ``sezctl diff FROM TO``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sezctl.core.dates import DateFormatError, end_of, parse_date
from sezctl.core.i18n import M
from sezctl.history import git

if TYPE_CHECKING:
    from sezctl.history.changes import HistorySource


def commit_on_or_before(source: HistorySource, day: date, timezone: str) -> str | None:
    """The last commit on or before ``day`` (None: the history starts later)."""
    from zoneinfo import ZoneInfo

    return git.last_commit_before(source.root, end_of(day, ZoneInfo(timezone)))


def resolve_point(source: HistorySource, text: str, timezone: str) -> tuple[str | None, str]:
    """(commit, label) for a revision, or for a date: the last commit on or before it."""
    try:
        day = parse_date(text)
    except DateFormatError:
        return git.resolve_revision(source.root, text, purpose="history"), text
    commit = commit_on_or_before(source, day, timezone)
    if commit is None:
        # A label of reports and their JSON: English as a string, localized where shown.
        return None, M("{point} (before the first commit)", point=text)
    return commit, f"{text} ({commit[:7]})"


def find_as_of_commit(source: HistorySource, day: date, timezone: str) -> str | None:
    """``--as-of DAY``: the last commit on or before the end of ``day`` in ``timezone``, in the
    repository of ``source``; None if the repository has no commit by then."""
    return commit_on_or_before(source, day, timezone) if git.has_commits(source.root) else None
