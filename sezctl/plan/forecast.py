"""Knock-on forecasts through dependencies, roadmap ends, slack and the critical path.

Pure functions of a portfolio, ``today`` and a :class:`~sezctl.plan.days.DayCounter`; nothing here
reads the clock or prints.  There is no effort or resource model: a forecast says how early
an item can finish given what is known today, and docs/forecast.md explains each rule with
examples.  For every item, in an order where prerequisites and tasks come first:

* a **cancelled** item is not forecast, and does not hold up anything that depends on it;
* a **done** item finishes on its ``done`` date (a fact; its tasks do not change it);
* an **open** item starts on its ``start`` (none given: it is a milestone, with no duration),
  or later, when a prerequisite (``depends_on``) is forecast to finish later.  Planned to start
  after the prerequisite's deadline (the usual way: the next day), it starts no earlier than
  the day after the prerequisite finishes; planned to start on that deadline (or before), or a
  milestone, no earlier than the day it finishes.  It keeps its planned duration ``due -
  start`` when its start is pushed, so a delay runs on undiminished through a chain planned
  back to back (issue #16); only days a plan leaves spare absorb it.  It finishes no earlier
  than its deadline, no earlier than today (an overdue item could finish today at the
  earliest), and no earlier than any of its tasks;
* tasks do not inherit their parent's ``depends_on``: a parent's prerequisites hold up the
  parent's own start, and each task waits only for what it lists.  A prerequisite that is one
  of the item's own tasks (or their tasks) holds up its finish, like a task.

``forecast_slip_days`` is ``forecast finish - due``.  An open item that is not overdue (due
today or later) and is forecast to finish after its deadline is *at risk*; its *driving
prerequisite* is the prerequisite (or task) whose forecast finish pushes it, and its *root
cause* the first item along that chain of drivers that is not pushed itself.

A roadmap's forecast end is the latest forecast finish of its items.  An item's slack is how
many days its finish can slip before the forecast end of a roadmap moves (a backward pass over
the same graph); the critical path is the chain of items that sets that end.

Everything is linear in items plus dependencies: the order comes from Kahn's algorithm, with no
recursion.  Dependency cycles are errors that ``sezctl check`` reports (so ``status`` refuses to
run on them), but a library caller may still pass one: when no item is left whose prerequisites
are all forecast, the remaining item that comes first in file order is forecast as if the
links into it that are still open (those from inside the cycle) were absent, and the rest
follows.  The result is deterministic and nothing loops or raises.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

from collections import deque
from datetime import date
from typing import NamedTuple

from sezctl.core.model import Item, Portfolio, Status
from sezctl.plan.days import CALENDAR_DAYS, DayCounter

_OPEN, _DONE, _CANCELLED = 0, 1, 2


class ItemForecast(NamedTuple):
    """One item's forecast; ``None`` where it does not apply (a cancelled item has none)."""

    start: date | None
    finish: date | None
    slip_days: int | None
    at_risk: bool = False
    driver: Item | None = None  # the prerequisite or task that pushes the finish past the plan
    root_cause: Item | None = None  # where the chain of drivers starts
    pushed_by: tuple[Item, ...] = ()  # at risk: the driver, then prerequisites as late alone


NOT_FORECAST = ItemForecast(None, None, None)


def _is_inside(candidate: Item, ancestor: Item) -> bool:
    """Whether ``candidate`` is a task of ``ancestor`` at any depth."""
    parent = candidate.parent
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent
    return False


def _link(successors: list[list[int]], none: list[int], source: int, target: int) -> None:
    """Add ``target`` to the successors of ``source`` (whose list may still be the shared one)."""
    if successors[source] is none:
        successors[source] = [target]
    else:
        successors[source].append(target)


def _handover(prerequisite: Item, start: date | None, days: DayCounter) -> int:
    """1 when the plan starts the item after the prerequisite's deadline (the usual way, the
    next day): then it starts no earlier than the day after the prerequisite finishes.  0 when
    it starts on (or before) that deadline, or has no start: then it can start, or be reached,
    on the day the prerequisite finishes."""
    due = prerequisite.due
    return 1 if start is not None and start > due and days.between(due, start) > 0 else 0


def _state(item: Item) -> int:
    """Open, done or cancelled, by the effective status (inlined: it runs for every item)."""
    status = item.status
    if status is None:
        return _OPEN if item.done is None else _DONE
    if status is Status.CANCELLED:
        return _CANCELLED
    return _DONE if status is Status.DONE else _OPEN


class Forecast:
    """The forecast of every item of a portfolio, built by :func:`compute_forecast`.

    The passes keep plain lists indexed by the item's position in ``portfolio.items``; the
    :class:`ItemForecast` of an item is made when it is asked for.
    """

    def __init__(self, portfolio: Portfolio, today: date, days: DayCounter) -> None:
        self.today = today
        self.days = days
        items = portfolio.items
        self.items = items
        index = {item: position for position, item in enumerate(items)}
        self._index = index
        count = len(items)
        state = [_state(item) for item in items]
        # Edges point from what must finish first to what waits for it:
        # `starters[i]` hold up item i's start, `finishers[i]` its finish.  Only open items wait
        # for anything, and what a done item waits for is already known, so the ordering only
        # needs the edges between open items (`successors`, `indegree`).
        none: list[int] = []  # shared by the many items that wait for nothing; never appended to
        starters: list[list[int]] = [none] * count
        finishers: list[list[int]] = [none] * count
        successors: list[list[int]] = [none] * count
        indegree = [0] * count
        by_ref = portfolio.items_by_ref
        for position, item in enumerate(items):
            if state[position] != _OPEN or not (item.depends_on or item.tasks):
                continue  # done and cancelled items wait for nothing
            starting: list[int] = []
            finishing: list[int] = []
            for reference in item.depends_on:
                prerequisite = by_ref.get(reference.ref)
                if prerequisite is None or prerequisite is item:
                    continue
                other = index[prerequisite]
                kind = state[other]
                if kind == _CANCELLED:
                    continue
                if item.tasks and _is_inside(prerequisite, item):
                    finishing.append(other)
                else:
                    starting.append(other)
                if kind == _OPEN:
                    _link(successors, none, other, position)
                    indegree[position] += 1
            for task in item.tasks:
                other = index[task]
                kind = state[other]
                if kind != _CANCELLED:
                    finishing.append(other)
                    if kind == _OPEN:
                        _link(successors, none, other, position)
                        indegree[position] += 1
            if starting:
                starters[position] = starting
            if finishing:
                finishers[position] = finishing
        self._state = state
        self._starters = starters
        self._finishers = finishers
        self._durations = [0] * count
        self._start: list[date | None] = [None] * count
        self._finish: list[date | None] = [None] * count
        self._links: list[int | None] = [None] * count
        self._drivers: list[int | None] = [None] * count
        self._roots: list[int | None] = [None] * count
        self._made: list[ItemForecast | None] = [None] * count
        self._order: list[int] = []
        self._rank = [0] * count
        self._run(successors, indegree)
        ends: dict[str, date] = {}
        for item, finish in zip(items, self._finish, strict=True):
            if finish is not None:
                known = ends.get(item.roadmap)
                if known is None or finish > known:
                    ends[item.roadmap] = finish
        self._ends = ends

    # -- the forward pass --------------------------------------------------------------------

    def _run(self, successors: list[list[int]], indegree: list[int]) -> None:
        """Kahn's algorithm; when only cycles are left, break at the first item in the files.

        Done and cancelled items come first, in file order: they wait for nothing."""
        count = len(self.items)
        items, state = self.items, self._state
        starters, finishers = self._starters, self._finishers
        start_of, finish_of = self._start, self._finish
        links, drivers, roots, durations = self._links, self._drivers, self._roots, self._durations
        days, today = self.days, self.today
        between, add = days.between, days.add
        known = [False] * count
        order, rank = self._order, self._rank
        for position, item in enumerate(items):
            kind = state[position]
            if kind != _OPEN:
                known[position] = True
                rank[position] = len(order)
                order.append(position)
                if kind == _DONE:
                    start_of[position] = item.start
                    # status done without a date is an error `check` reports: its deadline
                    finish_of[position] = item.done or item.due
        ready = deque(
            position
            for position in range(count)
            if indegree[position] == 0 and state[position] == _OPEN
        )
        next_unfinished = 0
        while len(order) < count:
            if ready:
                position = ready.popleft()
            else:
                while known[next_unfinished]:
                    next_unfinished += 1
                position = next_unfinished
            known[position] = True
            rank[position] = len(order)
            order.append(position)
            for successor in successors[position]:
                indegree[successor] -= 1
                if indegree[successor] == 0 and not known[successor]:
                    ready.append(successor)
            item = items[position]
            due = item.due
            # The start: the planned one, or when the last prerequisite hands over (rule above).
            gate: date | None = None
            gate_source: int | None = None
            start = item.start
            for other in starters[position]:
                ready_on = finish_of[other]
                if ready_on is None or not known[other]:
                    continue
                if _handover(items[other], start, days):
                    ready_on = add(ready_on, 1)
                if gate is None or ready_on > gate:
                    gate, gate_source = ready_on, other
            duration = 0
            if start is not None and start < due:
                duration = between(start, due)
                durations[position] = duration
            pushed_start: int | None = None
            if gate is not None and (start is None or gate > start):
                start, pushed_start = gate, gate_source
            start_of[position] = start
            # The finish: no earlier than the deadline, or today for an overdue item.  Whatever
            # pushes it later names its source; on a tie the source wins, so the critical path
            # follows it (a slip there would move this item).
            floor = due if due >= today else today
            finish, link = floor, None
            if start is not None:
                own = add(start, duration) if duration else start
                if own > finish or (own == finish and pushed_start is not None):
                    finish, link = own, pushed_start
            for other in finishers[position]:
                candidate = finish_of[other]
                if (
                    candidate is not None
                    and known[other]
                    and (candidate > finish or (candidate == finish and link is None))
                ):
                    finish, link = candidate, other
            finish_of[position] = finish
            links[position] = link
            if link is not None and finish > floor:
                drivers[position] = link
                root = roots[link]
                roots[position] = link if root is None else root

    def _pushers(self, position: int) -> tuple[Item, ...]:
        """The driver, then every other prerequisite that alone would push the item's finish
        past its deadline, in the order written.  Tasks other than the driver are left out:
        they are parts of the item, not what it waits for."""
        item = self.items[position]
        driver = self._drivers[position]
        if driver is None:
            return ()
        found = [driver]
        duration = self._durations[position]
        rank = self._rank
        for other in self._starters[position]:
            finish = self._finish[other]
            if other in found or finish is None or rank[other] > rank[position]:
                continue
            if _handover(self.items[other], item.start, self.days):
                finish = self.days.add(finish, 1)
            start = finish if item.start is None or finish > item.start else item.start
            if (self.days.add(start, duration) if duration else start) > item.due:
                found.append(other)
        return tuple(self.items[other] for other in found)

    # -- results -----------------------------------------------------------------------------

    def is_at_risk(self, item: Item) -> bool:
        """``self[item].at_risk``, without building the item's forecast."""
        position = self._index[item]
        finish = self._finish[position]
        return (
            self._state[position] == _OPEN
            and finish is not None
            and finish > item.due >= self.today
        )

    def __getitem__(self, item: Item) -> ItemForecast:
        position = self._index[item]
        made = self._made[position]
        if made is None:
            made = self._made[position] = self._make(position)
        return made

    def _make(self, position: int) -> ItemForecast:
        finish = self._finish[position]
        if finish is None:
            return NOT_FORECAST
        item = self.items[position]
        slip = self.days.between(item.due, finish)
        if self._state[position] != _OPEN:
            return ItemForecast(self._start[position], finish, slip)
        at_risk = finish > item.due >= self.today
        driver, root = self._drivers[position], self._roots[position]
        return ItemForecast(
            start=self._start[position],
            finish=finish,
            slip_days=slip,
            at_risk=at_risk,
            driver=None if driver is None else self.items[driver],
            root_cause=None if root is None else self.items[root],
            pushed_by=self._pushers(position) if at_risk else (),
        )

    def roadmap_end(self, roadmap: str) -> date | None:
        """The latest forecast finish of the roadmap's items (``None`` if all are cancelled)."""
        return self._ends.get(roadmap)

    def slack(self, roadmap: str) -> dict[Item, int]:
        """Days each open item can slip before ``roadmap``'s forecast end moves.

        Every open item that can move that end is in the result: the roadmap's own and those of
        other roadmaps it depends on.  A backward pass: each item's latest finish is the
        earliest of the roadmap end (for the roadmap's items), the latest finish of the items
        its finish holds up, and the latest start of the items whose start it holds up (the day
        before it, for those that start the day after it finishes).
        """
        end = self._ends.get(roadmap)
        if end is None:
            return {}
        days = self.days
        count = len(self.items)
        latest: list[date | None] = [None] * count
        for position, item in enumerate(self.items):
            if item.roadmap == roadmap and self._state[position] != _CANCELLED:
                latest[position] = end
        rank = self._rank
        for position in reversed(self._order):
            limit = latest[position]
            if limit is None or self._state[position] != _OPEN:
                continue
            for other in self._finishers[position]:
                if rank[other] < rank[position]:  # links broken in a cycle hold nothing up
                    known = latest[other]
                    if known is None or limit < known:
                        latest[other] = limit
            starters = self._starters[position]
            if starters:
                item = self.items[position]
                start_limit = days.latest_start(limit, self._durations[position])
                for other in starters:
                    if rank[other] < rank[position]:
                        other_limit = start_limit
                        if _handover(self.items[other], item.start, days):
                            other_limit = days.latest_start(start_limit, 1)
                        known = latest[other]
                        if known is None or other_limit < known:
                            latest[other] = other_limit
        result: dict[Item, int] = {}
        for position, item in enumerate(self.items):
            limit = latest[position]
            finish = self._finish[position]
            if limit is not None and finish is not None and self._state[position] == _OPEN:
                result[item] = days.between(finish, limit)
        return result

    def critical_path(self, roadmap: str) -> list[Item]:
        """The chain of items that sets ``roadmap``'s forecast end, where it starts first.

        It ends at the roadmap's item that finishes last (a stage rather than a task, then the
        latest deadline, then the last in the file) and goes back through what sets each
        item's finish: the prerequisite that pushed its start, or the task that finishes last.
        It stops at an item that nothing pushes: an overdue item, or one on its own plan.
        """
        end = self._ends.get(roadmap)
        if end is None:
            return []
        candidates = [
            position
            for position, item in enumerate(self.items)
            if item.roadmap == roadmap and self._finish[position] == end
        ]
        last = max(
            candidates,
            key=lambda position: (
                self.items[position].parent is None,
                self.items[position].due,
                position,
            ),
        )
        chain = [last]
        link = self._links[last]
        while link is not None:
            chain.append(link)
            link = self._links[link]
        return [self.items[position] for position in reversed(chain)]


def compute_forecast(
    portfolio: Portfolio, today: date, days: DayCounter = CALENDAR_DAYS
) -> Forecast:
    """Forecast every item of ``portfolio`` as of ``today``, counting days with ``days``."""
    return Forecast(portfolio, today, days)


def driving_chain(forecast: Forecast, item: Item) -> list[Item]:
    """The item's drivers, nearest first, down to the root cause (empty if not pushed)."""
    chain: list[Item] = []
    driver = forecast[item].driver
    while driver is not None:
        chain.append(driver)
        driver = forecast[driver].driver
    return chain
