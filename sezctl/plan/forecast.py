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

The work is done in three steps, each a function over one small structure:

* :func:`build_dependency_graph`: one :class:`ForecastNode` per item, with what holds up its
  start and its finish, and an order of the nodes in which prerequisites and tasks come first;
* :func:`forecast_finishes`, the forward pass: each node's forecast start and finish, and what
  sets them;
* :func:`find_latest_finishes`, the backward pass: how late each node that can move an end may
  finish without moving it (slack).

:class:`Forecast` runs the first two and answers per item.  Everything is linear in items plus
dependencies: the order comes from Kahn's algorithm, with no recursion.  Dependency cycles are
errors that ``sezctl check`` reports (so ``status`` refuses to run on them), but a library
caller may still pass one: when no item is left whose prerequisites are all placed, the
remaining item that comes first in file order is placed next, as if the links into it that are
still open (those from inside the cycle) were absent, and the rest follows.  The result is
deterministic and nothing loops or raises.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

from collections import deque
from collections.abc import Iterable
from datetime import date
from operator import attrgetter
from typing import NamedTuple

from sezctl.core.model import Item, Portfolio, Status
from sezctl.plan.days import CALENDAR_DAYS, DayCounter

_DONE, _CANCELLED = Status.DONE, Status.CANCELLED  # module globals: read for every node


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


# -- the dependency graph ------------------------------------------------------------------------


class ForecastNode:
    """One item in the dependency graph, and what the forward pass finds for it.

    Set when the graph is built: ``status``, the item's effective status (read once from the
    model), and ``is_open``, neither done nor cancelled (as ``Item.is_open``); ``starters``, what
    holds up its start, each with its *handover* (1: the item starts no earlier than the day
    after that prerequisite finishes, 0: on the day it finishes); ``finishers``, what holds up
    its finish (its tasks, and prerequisites among them); ``rank``, its place in the graph's
    order.  Only an open item waits for anything, and a link from a node of a higher rank was
    broken in a cycle: it holds nothing up.

    Set by :func:`forecast_finishes`: ``start`` and ``finish`` (``None`` for a cancelled item),
    ``duration`` (planned, in the unit of counting; 0 without one), ``link`` (what set the
    finish, if anything did: the critical path follows it), ``driver`` (``link`` when it pushed
    the finish past the deadline, or past today) and ``root_cause`` (where that chain starts).
    """

    __slots__ = (
        "driver", "duration", "finish", "finishers", "index", "is_open", "item", "link",
        "rank", "root_cause", "start", "starters", "status",
    )  # fmt: skip

    def __init__(self, item: Item, index: int) -> None:
        self.item = item
        self.index = index  # the item's position in ``portfolio.items``
        # From the status read once: Item.is_open would compute the effective status again, and
        # this runs for every item (docs/performance.md).
        self.status = status = item.effective_status
        self.is_open = status is not _DONE and status is not _CANCELLED
        self.starters: tuple[tuple[ForecastNode, int], ...] = ()
        self.finishers: tuple[ForecastNode, ...] = ()
        self.rank = 0
        self.start: date | None = None
        self.finish: date | None = None
        self.duration = 0
        self.link: ForecastNode | None = None
        self.driver: ForecastNode | None = None
        self.root_cause: ForecastNode | None = None

    def __repr__(self) -> str:
        return f"ForecastNode({self.item.ref!r}, rank={self.rank})"


_RANK = attrgetter("rank")
_FILE_ORDER = attrgetter("index")


class DependencyGraph:
    """What waits for what: ``nodes``, one per item in file order, ``node_of`` to find an
    item's node, and ``order``, the same nodes with each one after everything that holds it up
    (but for links broken in a cycle): done and cancelled items first, in file order."""

    __slots__ = ("node_of", "nodes", "order")

    def __init__(
        self,
        nodes: list[ForecastNode],
        node_of: dict[Item, ForecastNode],
        order: list[ForecastNode],
    ) -> None:
        self.nodes = nodes
        self.node_of = node_of
        self.order = order


def _is_inside(candidate: Item, ancestor: Item) -> bool:
    """Whether ``candidate`` is a task of ``ancestor`` at any depth."""
    parent = candidate.parent
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent
    return False


def handover_days(prerequisite_due: date, start: date | None, days: DayCounter) -> int:
    """1 when the plan starts the item after the prerequisite's deadline (the usual way, the
    next day): then it starts no earlier than the day after the prerequisite finishes.  0 when
    it starts on (or before) that deadline, or has no start: then it can start, or be reached,
    on the day the prerequisite finishes."""
    if start is None or start <= prerequisite_due:
        return 0
    return 1 if days.between(prerequisite_due, start) > 0 else 0


def build_dependency_graph(
    portfolio: Portfolio, days: DayCounter = CALENDAR_DAYS
) -> DependencyGraph:
    """The nodes of ``portfolio``'s items with their links, in Kahn's order.  ``days`` counts
    the gap between a prerequisite's deadline and the item's start (see :func:`handover_days`).
    """
    items = portfolio.items
    nodes = [ForecastNode(item, index) for index, item in enumerate(items)]
    node_of = dict(zip(items, nodes, strict=True))
    by_ref = portfolio.items_by_ref
    # Only links between open items need ordering: what a done item waits for is known.
    waiting = [0] * len(nodes)  # open prerequisites and tasks not yet in the order
    successors: dict[ForecastNode, list[ForecastNode]] = {}
    for node in nodes:
        item = node.item
        if not (item.depends_on or item.tasks) or not node.is_open:
            continue  # done and cancelled items wait for nothing
        start = item.start
        starting: list[tuple[ForecastNode, int]] = []
        finishing: list[ForecastNode] = []
        for reference in item.depends_on:
            prerequisite = by_ref.get(reference.ref)
            if prerequisite is None or prerequisite is item:
                continue
            other = node_of[prerequisite]
            if other.status is _CANCELLED:
                continue
            if item.tasks and _is_inside(prerequisite, item):
                finishing.append(other)
            else:
                starting.append((other, handover_days(prerequisite.due, start, days)))
            if other.is_open:
                _link(successors, waiting, other, node)
        for task in item.tasks:
            other = node_of[task]
            if other.status is not _CANCELLED:
                finishing.append(other)
                if other.is_open:
                    _link(successors, waiting, other, node)
        if starting:
            node.starters = tuple(starting)
        if finishing:
            node.finishers = tuple(finishing)
    return DependencyGraph(nodes, node_of, _kahn_order(nodes, successors, waiting))


def _link(
    successors: dict[ForecastNode, list[ForecastNode]],
    waiting: list[int],
    prerequisite: ForecastNode,
    node: ForecastNode,
) -> None:
    """Order ``node`` after ``prerequisite``, both open."""
    waiting[node.index] += 1
    found = successors.get(prerequisite)
    if found is None:
        successors[prerequisite] = [node]
    else:
        found.append(node)


def _kahn_order(
    nodes: list[ForecastNode],
    successors: dict[ForecastNode, list[ForecastNode]],
    waiting: list[int],
) -> list[ForecastNode]:
    """Kahn's algorithm; when only cycles are left, the first node in file order goes next.
    Sets each node's ``rank``."""
    order = [node for node in nodes if not node.is_open]
    placed = [False] * len(nodes)
    for rank, node in enumerate(order):
        node.rank = rank
        placed[node.index] = True
    ready = deque(node for node in nodes if waiting[node.index] == 0 and not placed[node.index])
    first_unplaced = 0
    while len(order) < len(nodes):
        if ready:
            node = ready.popleft()
        else:  # only cycles are left
            while placed[first_unplaced]:
                first_unplaced += 1
            node = nodes[first_unplaced]
        placed[node.index] = True
        node.rank = len(order)
        order.append(node)
        found = successors.get(node)
        if found is not None:
            for successor in found:
                waiting[successor.index] -= 1
                if waiting[successor.index] == 0 and not placed[successor.index]:
                    ready.append(successor)
    return order


# -- the forward pass ----------------------------------------------------------------------------


def forecast_finishes(
    graph: DependencyGraph, today: date, days: DayCounter = CALENDAR_DAYS
) -> None:
    """Forecast every node's start and finish, in the graph's order (the rules above)."""
    between, add = days.between, days.add
    for node in graph.order:
        status = node.status
        if status is _CANCELLED:
            continue
        item = node.item
        if status is _DONE:
            node.start = item.start
            # status done without a date is an error `check` reports: its deadline
            node.finish = item.done or item.due
            continue
        rank, due, start = node.rank, item.due, item.start
        # The start: the planned one, or when the last prerequisite hands over.
        gate: date | None = None
        gate_source: ForecastNode | None = None
        for other, handover in node.starters:
            ready_on = other.finish
            if ready_on is None or other.rank > rank:
                continue
            if handover:
                ready_on = add(ready_on, 1)
            if gate is None or ready_on > gate:
                gate, gate_source = ready_on, other
        duration = 0
        if start is not None and start < due:
            duration = node.duration = between(start, due)
        pushed_start: ForecastNode | None = None
        if gate is not None and (start is None or gate > start):
            start, pushed_start = gate, gate_source
        node.start = start
        # The finish: no earlier than the deadline, or today for an overdue item.  Whatever
        # pushes it later names its source; on a tie the source wins, so the critical path
        # follows it (a slip there would move this item).
        floor = due if due >= today else today
        finish, link = floor, None
        if start is not None:
            own = add(start, duration) if duration else start
            if own > finish or (own == finish and pushed_start is not None):
                finish, link = own, pushed_start
        for other in node.finishers:
            candidate = other.finish
            if (
                candidate is not None
                and other.rank < rank
                and (candidate > finish or (candidate == finish and link is None))
            ):
                finish, link = candidate, other
        node.finish = finish
        node.link = link
        if link is not None and finish > floor:
            node.driver = link
            root = link.root_cause
            node.root_cause = link if root is None else root


def pushing_prerequisites(node: ForecastNode, days: DayCounter) -> list[ForecastNode]:
    """The node's driver, then every other prerequisite that alone would push its finish past
    its deadline, in the order written.  Tasks other than the driver are left out: they are
    parts of the item, not what it waits for."""
    driver = node.driver
    if driver is None:
        return []
    found = [driver]
    item = node.item
    for other, handover in node.starters:
        finish = other.finish
        if other in found or finish is None or other.rank > node.rank:
            continue
        ready_on = days.add(finish, 1) if handover else finish
        start = ready_on if item.start is None or ready_on > item.start else item.start
        if (days.add(start, node.duration) if node.duration else start) > item.due:
            found.append(other)
    return found


# -- the backward pass ---------------------------------------------------------------------------


def find_latest_finishes(
    ends: Iterable[ForecastNode], end: date, days: DayCounter = CALENDAR_DAYS
) -> dict[ForecastNode, date]:
    """The latest finish of every node that can move ``end``, the day the ``ends`` nodes (a
    roadmap's items) must finish by: the earliest of ``end`` (for those nodes), the latest
    finish of the nodes whose finish it holds up, and the latest start of the nodes whose start
    it holds up (the day before it, for those that start the day after it finishes).

    Only the nodes the ``ends`` wait for, directly or not, are visited, latest in the graph's
    order first, so what waits for a node is done before the node."""
    latest = dict.fromkeys(ends, end)
    visited = list(latest)  # grows while it is walked: breadth first
    seen = set(visited)
    for node in visited:
        rank = node.rank
        for other, _ in node.starters:
            if other not in seen and other.rank < rank:
                seen.add(other)
                visited.append(other)
        for other in node.finishers:
            if other not in seen and other.rank < rank:
                seen.add(other)
                visited.append(other)
    visited.sort(key=_RANK, reverse=True)
    latest_start = days.latest_start
    for node in visited:
        limit = latest.get(node)
        if limit is None or not node.is_open:
            continue
        rank = node.rank
        for other in node.finishers:
            if other.rank < rank:
                known = latest.get(other)
                if known is None or limit < known:
                    latest[other] = limit
        if node.starters:
            start_limit = latest_start(limit, node.duration)
            for other, handover in node.starters:
                if other.rank < rank:
                    other_limit = latest_start(start_limit, 1) if handover else start_limit
                    known = latest.get(other)
                    if known is None or other_limit < known:
                        latest[other] = other_limit
    return latest


# -- the forecast of a portfolio -----------------------------------------------------------------


class Forecast:
    """The forecast of every item of a portfolio, built by :func:`compute_forecast`: the
    dependency graph after the forward pass, and each item's :class:`ItemForecast`, made when
    it is first asked for."""

    def __init__(self, portfolio: Portfolio, today: date, days: DayCounter) -> None:
        self.today = today
        self.days = days
        self.items = portfolio.items
        self.graph = build_dependency_graph(portfolio, days)
        forecast_finishes(self.graph, today, days)
        self._made: dict[ForecastNode, ItemForecast] = {}
        self._by_roadmap: dict[str, list[ForecastNode]] | None = None
        ends: dict[str, date] = {}
        for node in self.graph.nodes:
            finish = node.finish
            if finish is not None:
                roadmap = node.item.roadmap
                known = ends.get(roadmap)
                if known is None or finish > known:
                    ends[roadmap] = finish
        self._ends = ends

    def is_at_risk(self, item: Item) -> bool:
        """``self[item].at_risk``, without building the item's forecast."""
        node = self.graph.node_of[item]
        finish = node.finish
        return node.is_open and finish is not None and finish > item.due >= self.today

    def __getitem__(self, item: Item) -> ItemForecast:
        node = self.graph.node_of[item]
        made = self._made.get(node)
        if made is None:
            made = self._made[node] = self._make(node)
        return made

    def _make(self, node: ForecastNode) -> ItemForecast:
        finish = node.finish
        if finish is None:
            return NOT_FORECAST
        item = node.item
        slip = self.days.between(item.due, finish)
        if not node.is_open:
            return ItemForecast(node.start, finish, slip)
        at_risk = finish > item.due >= self.today
        driver, root = node.driver, node.root_cause
        return ItemForecast(
            start=node.start,
            finish=finish,
            slip_days=slip,
            at_risk=at_risk,
            driver=None if driver is None else driver.item,
            root_cause=None if root is None else root.item,
            pushed_by=tuple(other.item for other in pushing_prerequisites(node, self.days))
            if at_risk
            else (),
        )

    def _roadmap_nodes(self, roadmap: str) -> list[ForecastNode]:
        """The nodes of one roadmap's items, in file order (grouped once, when first asked)."""
        if self._by_roadmap is None:
            self._by_roadmap = {}
            for node in self.graph.nodes:
                self._by_roadmap.setdefault(node.item.roadmap, []).append(node)
        return self._by_roadmap.get(roadmap, [])

    def roadmap_end(self, roadmap: str) -> date | None:
        """The latest forecast finish of the roadmap's items (``None`` if all are cancelled)."""
        return self._ends.get(roadmap)

    def slack(self, roadmap: str) -> dict[Item, int]:
        """Days each open item can slip before ``roadmap``'s forecast end moves, in file order.

        Every open item that can move that end is in the result: the roadmap's own and those of
        other roadmaps it depends on (see :func:`find_latest_finishes`).
        """
        end = self._ends.get(roadmap)
        if end is None:
            return {}
        ends = (node for node in self._roadmap_nodes(roadmap) if node.status is not _CANCELLED)
        latest = find_latest_finishes(ends, end, self.days)
        between = self.days.between
        return {
            node.item: between(node.finish, latest[node])
            for node in sorted(latest, key=_FILE_ORDER)
            if node.finish is not None and node.is_open
        }

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
        last = max(
            (node for node in self._roadmap_nodes(roadmap) if node.finish == end),
            key=lambda node: (node.item.parent is None, node.item.due, node.index),
        )
        chain = [last.item]
        link = last.link
        while link is not None:
            chain.append(link.item)
            link = link.link
        chain.reverse()
        return chain


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
