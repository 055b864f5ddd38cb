"""The agenda of the next meeting (``sezctl agenda``): what the headquarters must go through.

1. **Control of execution**: every point of an earlier protocol that is still open, with how
   many meetings it has been carried to, and the points closed since the previous meeting
   (executed, with the date and evidence, or taken off control, by which point and why), so
   the meeting hears them once.
2. **Overdue**: open items and points past their deadline today.
3. **Due by the following meeting**: open items and points due from today until the day
   before the meeting after the agenda's one: they are either done or overdue by then.
4. **At risk**: the forecast's at-risk set (open, not overdue, forecast to finish late).
5. **Moves awaiting a decision**: recorded deadline moves (``reschedules:``) with no ``ref``.

Computed from a loaded portfolio, ``today`` and the cadence (:mod:`sezctl.plan.meetings`);
renderers only lay it out.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sezctl.core.model import Item, Portfolio, Reschedule, Status
from sezctl.plan.days import CALENDAR_DAYS, DayCounter
from sezctl.reports.status import ItemRow, Section, StatusReport, build_status_report

if TYPE_CHECKING:
    from sezctl.plan.forecast import Forecast
    from sezctl.plan.meetings import MeetingCadence
    from sezctl.reports.skipped import Skipped


class Control(enum.Enum):
    """A point's control status (статус контроля) on the day the agenda is made."""

    EXECUTED = "executed"
    OVERDUE = "overdue"
    NOT_YET_DUE = "not-yet-due"
    OFF_CONTROL = "off-control"
    CANCELLED = "cancelled"  # closed without a decision that took it off control


@dataclass(frozen=True, slots=True)
class PointControl:
    """One protocol point on the agenda: its row, control status and how many meetings of the
    cadence have come since its protocol, up to the agenda's meeting."""

    row: ItemRow
    control: Control
    carried: int
    closed: date | None = None  # executed, or taken off control (the deciding protocol's date)

    @property
    def item(self) -> Item:
        return self.row.item


@dataclass(frozen=True, slots=True)
class PendingMove:
    """A recorded deadline move that names no decision (no ``ref``)."""

    row: ItemRow
    move: Reschedule


@dataclass(slots=True)
class Agenda:
    """Everything ``sezctl agenda`` shows, for the meeting of ``meeting``."""

    today: date
    meeting: date
    following: date | None  # the meeting after, which ends the "due" window
    previous: date | None  # the meeting before, which starts "closed since"
    rule: str
    meeting_day: bool  # False: ``meeting`` (--date) is not a day of the cadence
    points: list[PointControl]
    overdue: list[ItemRow]
    due: list[ItemRow]
    at_risk: list[ItemRow]
    moves: list[PendingMove]
    day_kind: str = CALENDAR_DAYS.name
    skipped: Skipped | None = None


def point_control(item: Item, today: date) -> Control:
    """A point's control status as of ``today``."""
    assert item.origin is not None
    if item.origin.off_control is not None:
        return Control.OFF_CONTROL
    status = item.effective_status
    if status is Status.DONE:
        return Control.EXECUTED
    if status is Status.CANCELLED:
        return Control.CANCELLED
    return Control.OVERDUE if item.due < today else Control.NOT_YET_DUE


def closed_on(item: Item, portfolio: Portfolio) -> date | None:
    """When a closed point was closed: its execution date, or the date of the protocol whose
    point took it off control (None if nothing says)."""
    origin = item.origin
    if origin is not None and origin.off_control is not None:
        decider = portfolio.items_by_ref.get(origin.off_control.by.ref)
        if decider is not None and decider.origin is not None:
            return decider.origin.date
        return None
    return item.done


def build_agenda(
    portfolio: Portfolio,
    today: date,
    cadence: MeetingCadence,
    meeting: date | None = None,
    days: DayCounter = CALENDAR_DAYS,
    *,
    skipped: Skipped | None = None,
    forecast: Forecast | None = None,
    status: StatusReport | None = None,
) -> Agenda:
    """The agenda of ``meeting`` (default: the cadence's first meeting after ``today``) as the
    files stand ``today``; ``forecast`` is today's forecast when the caller has it already, and
    ``status`` the ``include_all`` status report of the whole portfolio for ``today`` and
    ``days`` (the meeting pack's, so its 50,000 rows are made once)."""
    if meeting is None:
        meeting = cadence.next_after(today) or today
    following = cadence.next_after(meeting)
    previous = cadence.last_before(meeting)
    if status is None:
        status = build_status_report(
            portfolio, today, include_all=True, days=days, forecast=forecast
        )
    rows = {row.item: row for row in status.rows}
    points = []
    for row in status.rows:
        item = row.item
        origin = item.origin
        if origin is None or origin.date >= meeting:
            continue
        control = point_control(item, today)
        closed = None
        if not item.is_open:
            closed = closed_on(item, portfolio)
            # A point closed before the previous meeting was heard there: off the agenda.
            if closed is None or closed > today or (previous is not None and closed < previous):
                continue
        carried = cadence.meetings_between(origin.date, meeting)
        points.append(PointControl(row, control, carried, closed))
    points.sort(key=_protocol_order)
    overdue = [row for row in status.rows if row.section is Section.OVERDUE]
    window_end = following or meeting
    due = sorted(
        (row for row in status.rows if row.item.is_open and today <= row.item.due < window_end),
        key=lambda row: (row.item.due, row.item.ref),
    )
    moves = [
        PendingMove(rows[item], move)
        for item in portfolio.items
        for move in item.reschedules
        if not move.ref and move.on <= today
    ]
    moves.sort(key=lambda pending: (pending.move.on, pending.row.item.ref))
    return Agenda(
        today=today,
        meeting=meeting,
        following=following,
        previous=previous,
        rule=cadence.rule_text,
        meeting_day=cadence.is_meeting_day(meeting),
        points=points,
        overdue=overdue,
        due=due,
        at_risk=status.at_risk,
        moves=moves,
        day_kind=days.name,
        skipped=skipped,
    )


def _protocol_order(point: PointControl) -> tuple[date, int, str]:
    origin = point.item.origin
    assert origin is not None
    number = origin.point
    return (origin.date, int(number) if number.isdigit() else 10**9, number)
