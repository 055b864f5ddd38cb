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
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from sezctl.core.dates import DateFormatError, end_of, parse_date
from sezctl.core.i18n import M
from sezctl.core.model import Item, Portfolio, Status
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
from sezctl.history.decisions import DecisionBook
from sezctl.history.points import resolve_point
from sezctl.plan.days import CALENDAR_DAYS, DayCounter
from sezctl.plan.forecast import Forecast, compute_forecast
from sezctl.reports.agenda import Agenda, PointControl
from sezctl.reports.discipline import DisciplineReport, Period, control_deadline
from sezctl.reports.milestones import MilestoneTrend, build_milestone_trend
from sezctl.reports.status import ItemRow, Section, StatusReport, build_status_report

if TYPE_CHECKING:
    from sezctl.plan.meetings import MeetingCadence
    from sezctl.reports.skipped import Skipped

# Without a meeting cadence in sezctl.toml, the next meeting is taken to be a week away.
DEFAULT_NEXT_MEETING_DAYS = 7


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """The overdue picture at the end of one day, as committed then; ``overdue`` and
    ``overdue_days`` are None for a day before the first commit: no data, not "nothing late"."""

    day: date
    overdue: int | None
    overdue_days: int | None


@dataclass(frozen=True, slots=True)
class StageBar:
    """One stage of a roadmap on the timeline: planned start and deadline, and the actual or
    forecast finish (``finish_kind`` says which: ``done``, ``forecast`` or None).
    ``baseline`` is the deadline first approved (``baseline:`` or the first recorded move's
    ``from``), shown beside a moved deadline."""

    roadmap: str
    ref: str
    title: str
    owner: str
    start: date | None
    due: date
    finish: date | None
    finish_kind: str | None
    status: str
    baseline: date | None = None


@dataclass(frozen=True, slots=True)
class Headline:
    """The pack's first lines.  ``overdue`` counts open items past their current deadline,
    ``baseline_overdue`` those past the deadline first approved (:func:`control_deadline`):
    moving a deadline lowers the first and never the second.  ``hidden_days`` is the delay the
    moves hide: the days overdue against the approved deadlines minus those against the
    current ones.  ``at_risk`` counts as ``status`` does (open, not overdue, forecast late)."""

    overdue: int
    overdue_days: int
    baseline_overdue: int
    baseline_overdue_days: int
    at_risk: int
    hidden_days: int


class DecisionReason:
    """Why an item needs the meeting's decision: its forecast passes a deadline that the plan
    cannot absorb."""

    SUCCESSOR = "successor"  # it finishes after the planned start of an item waiting for it
    ROADMAP_END = "roadmap-end"  # it finishes after the last deadline of its roadmap
    NO_SLACK = "no-slack"  # late on its own deadline, and its roadmap's end moves with it


@dataclass(frozen=True, slots=True)
class Decision:
    """One item the meeting must decide on: forecast to finish on ``finish``, after ``limit``
    (the successor's start, the roadmap's end or the item's own deadline, by ``reason``);
    ``other`` is the successor that waits."""

    row: ItemRow
    reason: str
    finish: date
    limit: date
    other: Item | None = None


@dataclass(slots=True)
class MeetingPack:
    """Everything the meeting pack shows, section by section in the order it shows them."""

    title: str
    today: date
    since_label: str
    since_commit: str | None
    headline: Headline
    newly_overdue: list[ItemRow]
    completed: list[ItemDifference]
    moved: list[ItemDifference]
    reassigned: list[ItemDifference]
    added: list[ItemDifference]
    removed: list[ItemDifference]
    at_risk: list[ItemRow]
    decisions: list[Decision]
    points: list[PointControl]
    discipline: DisciplineReport
    next_meeting: date
    due_next: list[ItemRow]
    stages: list[StageBar]
    trend: list[TrendPoint]
    # The unit of the counts of days overdue and left, and of the trend: "calendar" or
    # "working".  Deadline moves (``moved``) are always calendar days between two dates.
    day_kind: str = CALENDAR_DAYS.name
    # The previous meeting's day when it was named by a date (or by default), None for a
    # revision: the pack writes it for people in the run's date format, while ``since_label``
    # (the JSON's) keeps the date as it was given.
    since_day: date | None = None
    # False when git holds no state from before the previous meeting: the changes since it
    # cannot be shown (and are not invented from an empty past).
    earlier_state: bool = True
    # Owner id -> how people are shown the owner: the name, with the id only where two owners
    # share a name; an id nobody registered stays as it is.
    owner_labels: dict[str, str] = field(default_factory=dict)
    roadmaps: tuple[str, ...] = ()  # --roadmap: the roadmaps shown (empty: all)
    owners: tuple[str, ...] = ()  # --owner: the owners shown (empty: all)
    has_protocols: bool = False  # the portfolio holds protocols: their section is shown
    roadmap_titles: dict[str, str] = field(default_factory=dict)  # roadmap id -> its title
    skipped: Skipped | None = None  # --skip-invalid: the files left out
    milestones: MilestoneTrend | None = None  # the MTA chart's data (reports/milestones.py)
    # The loaded protocols' points: what a recorded decision names, and who chaired it.
    book: DecisionBook = field(default_factory=DecisionBook)

    @property
    def overdue_now(self) -> int:
        return self.headline.overdue

    @property
    def overdue_days_now(self) -> int:
        return self.headline.overdue_days

    def owner_label(self, owner: str) -> str:
        return self.owner_labels.get(owner, owner)


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


class Scope:
    """``--roadmap`` / ``--owner``: which items every section of the pack counts.  Empty
    tuples keep everything; both given, an item must match both."""

    def __init__(self, roadmaps: tuple[str, ...] = (), owners: tuple[str, ...] = ()) -> None:
        self.roadmaps = roadmaps
        self.owners = owners

    def __bool__(self) -> bool:
        return bool(self.roadmaps or self.owners)

    def keeps(self, ref: str, owner: str) -> bool:
        roadmap = ref.split("/", 1)[0]
        return (not self.roadmaps or roadmap in self.roadmaps) and (
            not self.owners or owner in self.owners
        )

    def state(self, state: State) -> State:
        """A state of history narrowed to the scope, each item by its owner then."""
        if not self:
            return state
        return {ref: facts for ref, facts in state.items() if self.keeps(ref, facts.owner)}


def owner_labels(portfolio: Portfolio) -> dict[str, str]:
    """How people are shown each registered owner: the name, and ``name (id)`` where two
    owners share a name."""
    counts: dict[str, int] = {}
    for owner in portfolio.owners.values():
        counts[owner.name] = counts.get(owner.name, 0) + 1
    return {
        owner_id: owner.name if counts[owner.name] == 1 else f"{owner.name} ({owner_id})"
        for owner_id, owner in portfolio.owners.items()
    }


def _stage_bars(rows: list[ItemRow]) -> list[StageBar]:
    bars = []
    for row in rows:
        item = row.item
        if item.parent is not None or item.origin is not None:
            continue
        finish, kind = None, None
        if item.done is not None:
            finish, kind = item.done, "done"
        elif row.forecast.finish is not None and item.is_open:
            finish, kind = row.forecast.finish, "forecast"
        approved = control_deadline(item)
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
                approved if approved != item.due else None,
            )
        )
    bars.sort(key=lambda bar: (bar.roadmap, bar.start or bar.due, bar.due, bar.ref))
    return bars


def build_headline(rows: list[ItemRow], today: date, days: DayCounter) -> Headline:
    """The headline over ``rows`` (every item in scope, as ``status --all`` lists them)."""
    now_late = [row.slippage.overdue_days or 0 for row in rows if row.section is Section.OVERDUE]
    approved_late = [
        days.between(deadline, today)
        for row in rows
        if row.item.is_open and (deadline := control_deadline(row.item)) < today
    ]
    return Headline(
        overdue=len(now_late),
        overdue_days=sum(now_late),
        baseline_overdue=len(approved_late),
        baseline_overdue_days=sum(approved_late),
        at_risk=sum(1 for row in rows if row.section is Section.AT_RISK),
        hidden_days=max(sum(approved_late) - sum(now_late), 0),
    )


def find_decisions(
    portfolio: Portfolio, rows: list[ItemRow], forecast: Forecast, today: date
) -> list[Decision]:
    """The open items in ``rows`` whose forecast finish passes a deadline the plan cannot
    absorb, first match wins: the planned start (or, with none, the deadline) of an open item
    that waits for it and is not due to start before ``today`` (one planned earlier is late
    already and shows as overdue itself); else, when it has no slack left (the roadmap's
    forecast end moves with it), the last deadline of its roadmap if it finishes after that,
    or else its own deadline.  Latest finish first."""
    waiting: dict[str, list[Item]] = {}
    for item in portfolio.items:
        if item.is_open:
            for reference in item.depends_on:
                waiting.setdefault(reference.ref, []).append(item)
    ends: dict[str, date] = {}
    for item in portfolio.items:
        if item.effective_status is not Status.CANCELLED:
            ends[item.roadmap] = max(ends.get(item.roadmap, item.due), item.due)
    slack: dict[str, dict[Item, int]] = {}
    found = []
    for row in rows:
        item, finish = row.item, row.forecast.finish
        if not item.is_open or finish is None or finish <= item.due:
            continue
        successors = sorted(
            (
                other
                for other in waiting.get(item.ref, [])
                if today <= (other.start or other.due) <= finish
            ),
            key=lambda other: (other.start or other.due, other.ref),
        )
        if successors:
            first = successors[0]
            found.append(
                Decision(row, DecisionReason.SUCCESSOR, finish, first.start or first.due, first)
            )
            continue
        if item.roadmap not in slack:
            slack[item.roadmap] = forecast.slack(item.roadmap)
        if slack[item.roadmap].get(item) != 0:
            continue  # the plan absorbs the delay: the roadmap's forecast end does not move
        if finish > ends[item.roadmap]:
            found.append(Decision(row, DecisionReason.ROADMAP_END, finish, ends[item.roadmap]))
        else:
            found.append(Decision(row, DecisionReason.NO_SLACK, finish, item.due))
    found.sort(key=lambda decision: (-decision.finish.toordinal(), decision.row.item.ref))
    return found


def build_meeting_pack(
    portfolio: Portfolio,
    status: StatusReport,
    diff: DiffReport | None,
    was_overdue: set[str],
    since_day: date,
    trend: list[TrendPoint],
    days: DayCounter = CALENDAR_DAYS,
    *,
    agenda: Agenda,
    discipline: DisciplineReport,
    next_meeting: date,
    title: str | None = None,
    scope: Scope | None = None,
    since_is_date: bool = False,
    since_label: str | None = None,
    skipped: Skipped | None = None,
    forecast: Forecast | None = None,
) -> MeetingPack:
    """The pack for ``status.today``.  ``status`` must list every item (``include_all``) in
    ``scope``; ``diff`` runs from the previous meeting to now (None: git holds no state from
    before it, and the pack says so), and ``was_overdue`` names the items overdue then
    (:func:`overdue_refs`); ``trend`` is :func:`overdue_trend` of the walk (its last
    point, today, is taken from the files as they are now).  ``days`` counts days overdue, as
    ``status`` counted its rows'.
    ``agenda`` gives the protocol points and ``discipline`` the per-owner figures, both for
    the whole portfolio (the scope is applied here).  ``title`` is the configured title of the
    pack.  ``since_is_date`` says the previous meeting was named by a date (``since_day``),
    and ``since_label`` is how it was resolved (as ``diff`` labels it; by default its day).
    ``skipped`` is what ``--skip-invalid`` left out of ``portfolio``: the history given must
    leave the same roadmaps out (:func:`assemble_meeting_pack` does)."""
    scope = scope or Scope()
    today = status.today
    rows = status.rows
    if forecast is None:
        forecast = compute_forecast(portfolio, today, days)
    earlier = diff is not None
    overdue_rows = [row for row in rows if row.section is Section.OVERDUE]
    newly: list[ItemRow] = []
    if earlier:
        newly = [row for row in overdue_rows if row.item.ref not in was_overdue]
    due_next = [row for row in rows if row.item.is_open and today <= row.item.due <= next_meeting]
    due_next.sort(key=lambda row: (row.item.due, row.item.ref))
    trend = list(trend)
    headline = build_headline(rows, today, days)
    if trend and trend[-1].day == today:
        trend[-1] = TrendPoint(today, headline.overdue, headline.overdue_days)

    def changes(kind: str) -> list[ItemDifference]:
        if diff is None:
            return []
        return [
            difference
            for difference in diff.of_kind(kind)
            if scope.keeps(difference.ref, difference.owner)
            or (kind == "reassigned" and scope.keeps(difference.ref, str(difference.old)))
        ]

    points = [point for point in agenda.points if scope.keeps(point.item.ref, point.item.owner)]
    owners_shown = discipline.rows
    if scope.owners:
        owners_shown = [row for row in owners_shown if row.owner and row.owner.id in scope.owners]
    owners_shown = [row for row in owners_shown if row.due or row.moves or row.off_control]
    return MeetingPack(
        book=DecisionBook.of(portfolio),
        title=title or _pack_title(portfolio, scope),
        today=today,
        since_label=diff.from_label if diff is not None else since_label or since_day.isoformat(),
        since_commit=diff.from_commit if diff is not None else None,
        headline=headline,
        newly_overdue=newly,
        completed=changes("completed"),
        moved=changes("deadline-moved"),
        reassigned=changes("reassigned"),
        added=changes("added"),
        removed=changes("removed"),
        at_risk=[row for row in rows if row.section is Section.AT_RISK],
        decisions=find_decisions(portfolio, rows, forecast, today),
        points=points,
        discipline=discipline._replace(rows=owners_shown),
        next_meeting=next_meeting,
        due_next=due_next,
        stages=_stage_bars(rows),
        trend=trend,
        day_kind=days.name,
        since_day=since_day if since_is_date else None,
        earlier_state=earlier,
        owner_labels=owner_labels(portfolio),
        roadmaps=scope.roadmaps,
        owners=scope.owners,
        roadmap_titles={roadmap.id: roadmap.title for roadmap in portfolio.roadmaps},
        has_protocols=any(item.origin is not None for item in portfolio.items),
        skipped=skipped,
    )


def overdue_refs(state: State, day: date) -> set[str]:
    """The items open and past their deadline on ``day`` in one state of history, whoever owned
    them then: an item handed over since is not "newly" overdue."""
    return {ref for ref, facts in state.items() if overdue_in({ref: facts}, day).overdue}


def overdue_trend(
    walk: Walk, trend_days: list[date], zone: tzinfo, scope: Scope, days: DayCounter
) -> list[TrendPoint]:
    """The overdue picture of the items in ``scope`` at the end of each of ``trend_days``, from
    the walk's checkpoints (a day before the first commit walked has no data)."""
    trend = []
    for day in trend_days:
        state = walk.checkpoints.get(end_of(day, zone))
        if state is None or day < _first_day(walk, zone):
            trend.append(TrendPoint(day, None, None))
        else:
            trend.append(overdue_in(scope.state(state), day, days))
    return trend


def _narrowed(portfolio: Portfolio, scope: Scope) -> Portfolio:
    """The portfolio's items in ``scope`` (owners and look-ups kept), for the discipline."""
    if not scope:
        return portfolio
    narrowed = Portfolio(portfolio.files)
    narrowed.roadmaps, narrowed.owners = portfolio.roadmaps, portfolio.owners
    narrowed.owner_definitions, narrowed.items_by_ref = (
        portfolio.owner_definitions,
        portfolio.items_by_ref,
    )
    narrowed.items = [item for item in portfolio.items if scope.keeps(item.ref, item.owner)]
    return narrowed


def _first_day(walk: Walk, zone: tzinfo) -> date:
    """The day of the first commit walked, in the project's time zone (no commit: never)."""
    if not walk.commits:
        return date.max
    moment = datetime.fromisoformat(walk.commits[0].date)
    return moment.astimezone(zone).date()


def _pack_title(portfolio: Portfolio, scope: Scope) -> str:
    """Without a configured title: the one roadmap's title, else a generic title (a message:
    English in the JSON, translated where the pack is written for people)."""
    titles = [
        roadmap.title
        for roadmap in portfolio.roadmaps
        if not scope.roadmaps or roadmap.id in scope.roadmaps
    ]
    return titles[0] if len(titles) == 1 else M("Meeting pack of the headquarters")


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
    cadence: MeetingCadence | None = None,
    title: str | None = None,
    scope: Scope | None = None,
    period: Period | None = None,
) -> tuple[MeetingPack, list[Problem]]:
    """``sezctl report``: the pack for ``today`` from the files (``portfolio``) and one walk of
    the history up to ``end``, with the warnings about versions that did not load.

    ``since`` is the previous meeting: a date (the last commit on or before it) or a revision;
    by default 7 days before today.  A revision's day is the day it was committed, on the line
    walked (or 7 days before today if it is not on it).

    ``cadence`` gives the next meeting (``[meetings]`` in sezctl.toml); None: a week after
    today.  ``period`` is the discipline's (default: the calendar year up to today).

    ``skipped`` is what ``--skip-invalid`` left out of ``portfolio``: the roadmaps of those
    files are left out of the history too (as they were at the last commit that loaded), so
    the trend and the changes since the last meeting count the same roadmaps as today."""
    from zoneinfo import ZoneInfo

    from sezctl.plan.meetings import cadence_for
    from sezctl.reports.agenda import build_agenda
    from sezctl.reports.discipline import build_discipline_report, deadline_moves

    scope = scope or Scope()
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
    # What the pack needs of the history is taken from the walk, the state at the previous
    # meeting and the cache of versions, and they go before the milestone trend loads a past
    # portfolio as large as today's (docs/performance.md, "The meeting pack within 250 MiB").
    trend = overdue_trend(walk, trend_days, zone, scope, days)
    diff = None
    if since_commit is not None:
        diff = build_diff(
            since_state, facts_of(portfolio),
            [change for change in walk.changes if change.commit.commit in later],
            since_label, "now", since_commit, None, len(later),
        )  # fmt: skip
    was_overdue = overdue_refs(since_state, since_day) if diff is not None else set()
    moves = [
        move
        for move in deadline_moves(walk.changes, walk.final.merged(), portfolio, days)
        if scope.keeps(move.ref, move.owner or "")
    ]
    del walk, since_state
    source.close_versions()
    # Today's forecast, computed once for every section (status, agenda, decisions, milestones).
    forecast = compute_forecast(portfolio, today, days)
    milestones = build_milestone_trend(
        source, portfolio, trend_days, timezone, days, end=end,
        keep=lambda item: scope.keeps(item.ref, item.owner), forecast=forecast,
    )  # fmt: skip
    # One status report of every item, for the agenda (the whole portfolio) and the pack (its
    # scope): the rows of 50,000 items are made once.
    status = build_status_report(portfolio, today, include_all=True, days=days, forecast=forecast)
    protocol_days = sorted({item.origin.date for item in portfolio.items if item.origin})
    agenda_cadence = cadence or cadence_for(None, None, protocol_days, today)
    if cadence is not None:
        next_meeting = cadence.next_after(today) or today
    else:
        # (never past the calendar's last day, 9999-12-31)
        next_meeting = date.fromordinal(
            min(today.toordinal() + DEFAULT_NEXT_MEETING_DAYS, date.max.toordinal())
        )
    # The pack is read at today's meeting: points are carried up to it, and those closed since
    # the previous meeting are shown once.
    agenda = build_agenda(
        portfolio, today, agenda_cadence, today, days, skipped=skipped, status=status
    )
    if scope:
        status = status._replace(
            rows=[row for row in status.rows if scope.keeps(row.item.ref, row.item.owner)]
        )
    period = period or Period(date(today.year, 1, 1), today, f"{today.year}-01-01..{today}")
    discipline = build_discipline_report(
        _narrowed(portfolio, scope), period, today, moves, days=days
    )
    pack = build_meeting_pack(
        portfolio, status, diff, was_overdue, since_day, trend, days,
        agenda=agenda, discipline=discipline, next_meeting=next_meeting, title=title,
        scope=scope, since_is_date=since_is_date, since_label=since_label, skipped=skipped,
        forecast=forecast,
    )  # fmt: skip
    pack.milestones = milestones
    return pack, problems
