"""The weekly meeting pack (``sezctl report``): what changed since the previous meeting, who is
worst off, what is due next, the stages' timeline and the slippage trend from git history.

Everything is computed here from a loaded portfolio, today's date and one history walk
(:mod:`sezctl.history.changes`); renderers (Markdown, HTML, JSON) only lay it out.  The trend
counts, at the end of each of the last N weeks, the items that were open and past their deadline *as
the files stood in git then*, and the days they were overdue added up, counted like every other
figure of the pack (calendar days, or working days with ``days = "working"``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import TYPE_CHECKING

from sezctl.core.dates import DateFormatError, end_of, parse_date
from sezctl.core.i18n import M
from sezctl.core.model import Portfolio, Status
from sezctl.core.problems import Problem
from sezctl.history.changes import (
    DEFAULT_SINCE_DAYS,
    DiffReport,
    HistorySource,
    ItemDifference,
    State,
    Walk,
    build_diff,
    days_before,
    facts_of,
    read_state_at,
    walk_history,
)
from sezctl.history.points import resolve_point
from sezctl.plan.days import CALENDAR_DAYS, DayCounter
from sezctl.reports.discipline import control_deadline
from sezctl.reports.milestones import MilestoneTrend, build_milestone_trend
from sezctl.reports.status import (
    ItemRow,
    OwnerRow,
    Section,
    StatusReport,
    build_owner_report,
    build_status_report,
)

if TYPE_CHECKING:
    from sezctl.reports.skipped import Skipped

DUE_NEXT_DAYS = 14


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """The overdue picture at the end of one day, as committed then."""

    day: date
    overdue: int
    overdue_days: int


@dataclass(frozen=True, slots=True)
class StageBar:
    """One stage of a roadmap on the timeline: planned start and deadline, and the actual or
    forecast finish (``finish_kind`` says which: ``done``, ``forecast`` or None)."""

    roadmap: str
    ref: str
    title: str
    owner: str
    start: date | None
    due: date
    finish: date | None
    finish_kind: str | None
    status: str
    # The deadline first approved (``baseline:``, else the first recorded move's ``from``):
    # the timeline draws it beside the current deadline, so a moved deadline shows as moved.
    baseline: date | None = None


@dataclass(slots=True)
class MeetingPack:
    """Everything the meeting pack shows."""

    title: str
    today: date
    since_label: str
    since_commit: str | None
    newly_overdue: list[ItemRow]
    completed: list[ItemDifference]
    moved: list[ItemDifference]
    worst_by_owner: list[OwnerRow]
    due_next: list[ItemRow]
    stages: list[StageBar]
    trend: list[TrendPoint]
    overdue_now: int
    overdue_days_now: int
    # The unit of the counts of days overdue and left, and of the trend: "calendar" or
    # "working".  Deadline moves (``moved``) are always calendar days between two dates.
    day_kind: str = CALENDAR_DAYS.name
    # The previous meeting's day when it was named by a date (or by default), None for a
    # revision: the pack writes it for people in the run's date format, while ``since_label``
    # (the JSON's) keeps the date as it was given.
    since_day: date | None = None
    skipped: Skipped | None = None  # --skip-invalid: the files left out
    milestones: MilestoneTrend | None = None  # the MTA chart's data (reports/milestones.py)


def week_ends(today: date, weeks: int) -> list[date]:
    """The last ``weeks`` days one week apart, ending with today, oldest first; none before
    the calendar's first day (0001-01-01), so a trend near it is shorter."""
    last = today.toordinal()
    days = [last - 7 * back for back in range(weeks - 1, -1, -1)]
    return [date.fromordinal(day) for day in days if day >= 1]


def overdue_in(state: State, day: date, days: DayCounter = CALENDAR_DAYS) -> TrendPoint:
    """Open items past their deadline on ``day`` in one state of history, and their days
    overdue counted with ``days``."""
    late = [
        days.between(facts.due, day)
        for facts in state.values()
        if facts.status not in (Status.DONE.value, Status.CANCELLED.value) and facts.due < day
    ]
    return TrendPoint(day, len(late), sum(late))


def _stage_bars(status: StatusReport) -> list[StageBar]:
    bars = []
    for row in status.rows:
        item = row.item
        if item.parent is not None:
            continue
        finish, kind = None, None
        if item.done is not None:
            finish, kind = item.done, "done"
        elif row.forecast.finish is not None and item.is_open:
            finish, kind = row.forecast.finish, "forecast"
        bars.append(
            StageBar(
                item.roadmap,
                item.ref,
                item.title,
                item.owner,
                item.start,
                item.due,
                finish,
                kind,
                item.effective_status.value,
                control_deadline(item),
            )
        )
    bars.sort(key=lambda bar: (bar.roadmap, bar.start or bar.due, bar.due, bar.ref))
    return bars


def build_meeting_pack(
    portfolio: Portfolio,
    status: StatusReport,
    owners: list[OwnerRow],
    diff: DiffReport,
    since_state: State,
    since_day: date,
    walk: Walk,
    trend_days: list[date],
    zone: tzinfo,
    days: DayCounter = CALENDAR_DAYS,
    *,
    since_is_date: bool = False,
    skipped: Skipped | None = None,
) -> MeetingPack:
    """The pack for ``status.today``.  ``status`` must list every item (``include_all``);
    ``diff`` runs from the previous meeting to now; ``walk`` holds a checkpoint at the end of
    each of ``trend_days`` (the last one, today, is taken from the files as they are now).
    ``days`` counts the trend's days overdue, as ``status`` counted its rows'.
    ``since_is_date`` says the previous meeting was named by a date (``since_day``).
    ``skipped`` is what ``--skip-invalid`` left out of ``portfolio``: the history given must
    leave the same roadmaps out (:func:`assemble_meeting_pack` does)."""
    today = status.today
    was_overdue = {
        ref for ref, facts in since_state.items() if overdue_in({ref: facts}, since_day).overdue
    }
    overdue_rows = [row for row in status.rows if row.section is Section.OVERDUE]
    newly = [row for row in overdue_rows if row.item.ref not in was_overdue]
    due_next = [
        row
        for row in status.rows
        if row.item.is_open
        and row.slippage.days_left is not None
        and 0 <= row.slippage.days_left <= DUE_NEXT_DAYS
    ]
    due_next.sort(key=lambda row: (row.item.due, row.item.ref))
    now_late = [row.slippage.overdue_days or 0 for row in overdue_rows]
    trend = [
        overdue_in(walk.checkpoints.get(end_of(day, zone), {}), day, days) for day in trend_days
    ]
    if trend and trend[-1].day == today:
        trend[-1] = TrendPoint(today, len(now_late), sum(now_late))
    titles = [roadmap.title for roadmap in portfolio.roadmaps]
    return MeetingPack(
        # A message: English in the JSON, translated where the pack is written for people.
        title=titles[0] if len(titles) == 1 else M("Roadmaps: {titles}", titles="; ".join(titles)),
        today=today,
        since_label=diff.from_label,
        since_commit=diff.from_commit,
        newly_overdue=newly,
        completed=diff.of_kind("completed"),
        moved=diff.of_kind("deadline-moved"),
        worst_by_owner=[row for row in owners if row.worst is not None and row.overdue],
        due_next=due_next,
        stages=_stage_bars(status),
        trend=trend,
        overdue_now=len(now_late),
        overdue_days_now=sum(now_late),
        day_kind=days.name,
        since_day=since_day if since_is_date else None,
        skipped=skipped,
    )


def assemble_meeting_pack(
    source: HistorySource,
    portfolio: Portfolio,
    today: date,
    *,
    end: str = "HEAD",
    since: str | None = None,
    weeks: int = 12,
    timezone: str,
    days: DayCounter = CALENDAR_DAYS,
    progress: Callable[[int, int], None] | None = None,
    skipped: Skipped | None = None,
) -> tuple[MeetingPack, list[Problem]]:
    """``sezctl report``: the pack for ``today`` from the files (``portfolio``) and one walk of
    the history up to ``end``, with the warnings about versions that did not load.

    ``since`` is the previous meeting: a date (the last commit on or before it) or a revision;
    by default 7 days before today.  A revision's day is the day it was committed, on the line
    walked (or 7 days before today if it is not on it).

    ``skipped`` is what ``--skip-invalid`` left out of ``portfolio``: the roadmaps of those
    files are left out of the history too (as they were at the last commit that loaded), so
    the trend and the changes since the last meeting count the same roadmaps as today."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(timezone)
    a_week_ago = days_before(today, DEFAULT_SINCE_DAYS)
    since_text = since or a_week_ago.isoformat()
    since_commit, since_label = resolve_point(source, since_text, timezone)
    trend_days = week_ends(today, weeks)
    walk = walk_history(source, end, None, progress, [end_of(point, zone) for point in trend_days])
    problems = list(walk.problems)
    ids = [commit.commit for commit in walk.commits]
    position = ids.index(since_commit) if since_commit in ids else -1
    since_is_date = True
    try:
        since_day = parse_date(since_text)
    except DateFormatError:
        since_is_date = False
        since_day = (
            date.fromisoformat(walk.commits[position].date[:10]) if position >= 0 else a_week_ago
        )
    later = set(ids[position + 1 :])
    since_state = read_state_at(source, since_commit, problems).merged() if since_commit else {}
    if skipped is not None and skipped.files:
        from sezctl.reports.skipped import left_out_roadmaps, without_roadmaps

        left_out = left_out_roadmaps(skipped, walk.final, source.shown)
        since_state = without_roadmaps(since_state, left_out)
        walk.checkpoints = {
            day: without_roadmaps(state, left_out) for day, state in walk.checkpoints.items()
        }
    diff = build_diff(
        since_state, facts_of(portfolio),
        [change for change in walk.changes if change.commit.commit in later],
        since_label, "now", since_commit, None, len(later),
    )  # fmt: skip
    status = build_status_report(portfolio, today, include_all=True, days=days)
    owners = build_owner_report(portfolio, today, days)
    pack = build_meeting_pack(
        portfolio, status, owners, diff, since_state, since_day, walk, trend_days, zone, days,
        since_is_date=since_is_date, skipped=skipped,
    )  # fmt: skip
    pack.milestones = build_milestone_trend(source, portfolio, trend_days, timezone, days, end=end)
    return pack, problems
