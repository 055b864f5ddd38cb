"""Knock-on forecasts (docs/forecast.md): hand-computed chains, diamonds, cross-roadmap links,
early, late and cancelled prerequisites, nested tasks, cycles, slack and the critical path;
property tests; and a chain of 10,000 items.  Today is Thursday 2026-11-26 unless a test says
otherwise; every figure in a comment is worked out by hand from the rules."""

from __future__ import annotations

import copy
import time
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sezctl.core.model import Item, Portfolio, Position, Reference, Roadmap, Status
from sezctl.plan.calendar import KazakhstanCalendar
from sezctl.plan.days import CALENDAR_DAYS, DayCounter
from sezctl.plan.forecast import Forecast, compute_forecast, driving_chain

TODAY = date(2026, 11, 26)
WHERE = Position("test.yaml", 1, 1)


def day(text: str) -> date:
    """'11-26' is a day of 2026, '2027-01-04' a full date."""
    return date.fromisoformat(text if len(text) > 5 else f"2026-{text}")


def make(
    ref: str,
    due: str,
    *,
    start: str | None = None,
    done: str | None = None,
    status: Status | None = None,
    deps: tuple[str, ...] = (),
    tasks: tuple[Item, ...] = (),
) -> Item:
    """An item ``roadmap/id``; ``deps`` are ids of the same roadmap or ``roadmap/id``."""
    roadmap, item_id = ref.split("/")
    references = []
    for dep in deps:
        other_roadmap, other_id = dep.split("/") if "/" in dep else (roadmap, dep)
        references.append(Reference(other_roadmap, other_id, WHERE))
    item = Item(
        roadmap=roadmap,
        id=item_id,
        title=item_id,
        owner="ann",
        due=day(due),
        position=WHERE,
        key_positions={},
        start=day(start) if start else None,
        done=day(done) if done else None,
        status=status,
        depends_on=tuple(references),
        tasks=list(tasks),
    )
    for task in tasks:
        task.parent = item
    return item


def portfolio(*stages: Item) -> Portfolio:
    """Stages grouped into roadmaps by their roadmap id, in the order given."""
    result = Portfolio()
    by_roadmap: dict[str, list[Item]] = {}
    for stage in stages:
        by_roadmap.setdefault(stage.roadmap, []).append(stage)
    for roadmap_id, items in by_roadmap.items():
        result.add_roadmap(Roadmap(roadmap_id, roadmap_id, WHERE, {}, items))
    return result


def forecast_of(*stages: Item, today: date = TODAY, days: DayCounter = CALENDAR_DAYS) -> Forecast:
    return compute_forecast(portfolio(*stages), today, days)


def finish(forecast: Forecast, ref: str) -> date | None:
    return forecast[find(forecast, ref)].finish


def find(forecast: Forecast, ref: str) -> Item:
    return next(item for item in forecast.items if item.ref == ref)


def refs(items: list[Item] | tuple[Item, ...]) -> list[str]:
    return [item.ref for item in items]


# -- the rules, one at a time --------------------------------------------------------------------


def test_chain_pushes_each_item_by_the_late_one_before_it() -> None:
    """design is overdue (finishes today at the earliest); expertise keeps its 19 days and
    finishes 5 days late; a milestone after it keeps its deadline; works keeps 20 days."""
    forecast = forecast_of(
        make("r/design", "11-20", start="10-01"),
        make("r/expertise", "12-10", start="11-21", deps=("design",)),
        make("r/milestone", "12-20", deps=("expertise",)),
        make("r/works", "12-31", start="12-11", deps=("expertise",)),
    )
    design = forecast[find(forecast, "r/design")]
    assert (design.start, design.finish, design.slip_days) == (day("10-01"), day("11-26"), 6)
    assert design.driver is None and not design.at_risk  # overdue, not "at risk"
    expertise = forecast[find(forecast, "r/expertise")]
    # 11-21 -> 12-10 is 19 days; pushed to start 11-26, it ends 12-15.
    assert (expertise.start, expertise.finish, expertise.slip_days) == (
        day("11-26"),
        day("12-15"),
        5,
    )
    assert expertise.at_risk and expertise.driver is find(forecast, "r/design")
    milestone = forecast[find(forecast, "r/milestone")]
    assert (milestone.start, milestone.finish, milestone.at_risk) == (
        day("12-15"),
        day("12-20"),
        False,
    )
    assert milestone.driver is None
    works = forecast[find(forecast, "r/works")]
    # 12-11 -> 12-31 is 20 days; pushed to start 12-15, it ends 2027-01-04.
    assert (works.finish, works.slip_days, works.at_risk) == (day("2027-01-04"), 4, True)
    assert works.driver is find(forecast, "r/expertise")
    assert works.root_cause is find(forecast, "r/design")
    assert refs(driving_chain(forecast, find(forecast, "r/works"))) == ["r/expertise", "r/design"]


def test_diamond_waits_for_the_later_branch_and_names_both() -> None:
    """a finished 10 days late; b and c keep their durations; d waits for the later (c) and
    would also be late because of b alone."""
    forecast = forecast_of(
        make("r/a", "11-10", done="11-20"),
        make("r/b", "11-30", start="11-11", deps=("a",)),
        make("r/c", "12-05", start="11-11", deps=("a",)),
        make("r/d", "12-20", start="12-06", deps=("b", "c")),
    )
    assert finish(forecast, "r/b") == day("12-09")  # 19 days from 11-20
    assert finish(forecast, "r/c") == day("12-14")  # 24 days from 11-20
    d = forecast[find(forecast, "r/d")]
    assert (d.start, d.finish, d.slip_days) == (day("12-14"), day("12-28"), 8)  # 14 days
    assert d.driver is find(forecast, "r/c") and d.root_cause is find(forecast, "r/a")
    # b alone: start 12-09 + 14 days = 12-23, after 12-20: it pushes d too.
    assert refs(d.pushed_by) == ["r/c", "r/b"]


def test_a_prerequisite_finished_early_does_not_pull_anything_earlier() -> None:
    """Done five days early: the next item still starts on its own start and ends on time."""
    forecast = forecast_of(
        make("r/a", "11-25", done="11-20"),
        make("r/b", "12-10", start="11-26", deps=("a",)),
    )
    a = forecast[find(forecast, "r/a")]
    assert (a.finish, a.slip_days) == (day("11-20"), -5)  # a done item finishes on its date
    b = forecast[find(forecast, "r/b")]
    assert (b.start, b.finish, b.slip_days, b.at_risk, b.driver) == (
        day("11-26"),
        day("12-10"),
        0,
        False,
        None,
    )


def test_a_prerequisite_finished_late_pushes_what_waits_for_it() -> None:
    """Done 9 days late on 11-24: b (15 days from 11-16) starts 11-24 and ends 12-09."""
    forecast = forecast_of(
        make("r/a", "11-15", done="11-24"),
        make("r/b", "12-01", start="11-16", deps=("a",)),
    )
    b = forecast[find(forecast, "r/b")]
    assert (b.start, b.finish, b.slip_days, b.at_risk) == (day("11-24"), day("12-09"), 8, True)
    assert b.driver is find(forecast, "r/a") and b.root_cause is find(forecast, "r/a")


def test_a_cancelled_prerequisite_does_not_delay_anything() -> None:
    """A cancelled item is not forecast and holds nothing up; the other prerequisite counts."""
    forecast = forecast_of(
        make("r/feeder", "10-15", status=Status.CANCELLED),
        make("r/late", "11-20"),
        make("r/b", "12-10", start="11-16", deps=("feeder",)),
        make("r/c", "12-10", start="11-16", deps=("feeder", "late")),
    )
    feeder = forecast[find(forecast, "r/feeder")]
    assert (feeder.start, feeder.finish, feeder.slip_days, feeder.at_risk) == (
        None,
        None,
        None,
        False,
    )
    assert finish(forecast, "r/b") == day("12-10")
    c = forecast[find(forecast, "r/c")]  # 24 days from today
    assert (c.finish, c.driver) == (day("12-20"), find(forecast, "r/late"))


def test_an_overdue_item_could_finish_today_at_the_earliest() -> None:
    """Open and 25 days past its deadline: forecast today, slip = overdue days."""
    forecast = forecast_of(make("r/a", "11-01", start="10-01", status=Status.IN_PROGRESS))
    a = forecast[find(forecast, "r/a")]
    assert (a.finish, a.slip_days, a.at_risk) == (TODAY, 25, False)


def test_an_item_without_a_start_is_a_milestone() -> None:
    """No start, so no duration: it finishes when its prerequisite does, if that is later."""
    forecast = forecast_of(
        make("r/a", "12-01", start="11-20"),
        make("r/b", "12-10", start="11-25", deps=("a",)),  # 15 days, not pushed
        make("r/gate", "11-30", deps=("a",)),
    )
    gate = forecast[find(forecast, "r/gate")]
    assert (gate.start, gate.finish, gate.slip_days, gate.at_risk) == (
        day("12-01"),
        day("12-01"),
        1,
        True,
    )
    alone = make("r/alone", "12-10")
    assert (forecast_of(alone)[alone].start, forecast_of(alone)[alone].finish) == (
        None,
        day("12-10"),
    )


def test_cross_roadmap_prerequisites_push_the_other_roadmap() -> None:
    """The plant waits for the overdue grid of another roadmap: 30 days from today."""
    forecast = forecast_of(
        make("infra/grid", "11-01", start="09-01"),
        make("investors/plant", "12-10", start="11-10", deps=("infra/grid",)),
    )
    plant = forecast[find(forecast, "investors/plant")]
    assert (plant.finish, plant.slip_days, plant.at_risk) == (day("12-26"), 16, True)
    assert plant.driver is find(forecast, "infra/grid")
    assert forecast.roadmap_end("infra") == TODAY
    assert forecast.roadmap_end("investors") == day("12-26")


def test_a_parent_finishes_no_earlier_than_its_tasks() -> None:
    """t2 (27 days) waits for the overdue t1, ends 12-23 and pushes its parent past 12-20."""
    t1 = make("r/t1", "11-20", start="11-01")
    t2 = make("r/t2", "12-18", start="11-21", deps=("t1",))
    parent = make("r/parent", "12-20", start="11-01", tasks=(t1, t2))
    forecast = forecast_of(parent)
    assert finish(forecast, "r/t2") == day("12-23")
    result = forecast[parent]
    assert (result.finish, result.slip_days, result.at_risk) == (day("12-23"), 3, True)
    assert result.driver is t2 and result.root_cause is t1
    assert result.pushed_by == (t2,)  # tasks are parts, not prerequisites: only the driver


def test_tasks_do_not_inherit_their_parents_prerequisites() -> None:
    """The parent waits for q (50 days from today); its task, which lists nothing, does not."""
    task = make("r/task", "12-10", start="12-01")
    forecast = forecast_of(
        make("r/q", "11-10"),
        make("r/parent", "12-31", start="11-11", deps=("q",), tasks=(task,)),
    )
    assert finish(forecast, "r/task") == day("12-10")
    assert finish(forecast, "r/parent") == day("2027-01-15")


def test_a_parent_depending_on_its_own_task_waits_for_its_finish_not_its_start() -> None:
    """No cycle: the task holds up the parent's finish like any task."""
    task = make("r/task", "12-22", start="11-27")
    parent = make("r/parent", "12-20", start="11-01", deps=("task",), tasks=(task,))
    forecast = forecast_of(parent)
    result = forecast[parent]
    assert (result.start, result.finish, result.driver) == (day("11-01"), day("12-22"), task)


def test_a_done_parent_keeps_its_done_date_whatever_its_tasks() -> None:
    """Done is a fact, even with a task still open (a warning of `sezctl check`)."""
    task = make("r/task", "11-20")
    parent = make("r/parent", "11-25", done="11-24", tasks=(task,))
    forecast = forecast_of(parent)
    assert forecast[parent].finish == day("11-24")
    assert forecast[task].finish == TODAY


def test_working_days_keep_the_duration_in_working_days() -> None:
    """In working days, a 3-working-day task pushed to start on Friday 2026-12-11 skips the
    weekend and Independence Day (Wednesday 16 December): it ends on Thursday the 17th."""
    working = KazakhstanCalendar().days
    forecast = forecast_of(
        make("r/a", "12-11", done="12-11", status=Status.DONE),
        make("r/b", "12-09", start="12-04", deps=("a",)),  # Fri 4 -> Wed 9: 3 working days
        today=day("12-11"),
        days=working,
    )
    b = forecast[find(forecast, "r/b")]
    assert (b.start, b.finish) == (day("12-11"), day("12-17"))
    assert b.slip_days == 5  # Thu 10, Fri 11, Mon 14, Tue 15, Thu 17


# -- cycles, slack, critical path ----------------------------------------------------------------


def test_a_cycle_is_broken_at_the_first_item_in_the_files_deterministically() -> None:
    """a and b wait for each other (an error `check` reports): a is forecast as if it did not
    wait for b, then b and what follows are forecast normally; no exception, same every time."""
    stages = [
        make("r/a", "12-10", start="12-01", deps=("b",)),
        make("r/b", "12-20", start="12-15", deps=("a", "late")),
        make("r/late", "11-01"),
        make("r/c", "12-31", start="12-21", deps=("b",)),
    ]
    first = forecast_of(*stages)
    assert finish(first, "r/a") == day("12-10")  # its link to b ignored
    assert finish(first, "r/b") == day("12-20")
    assert finish(first, "r/c") == day("12-31")
    again = forecast_of(*stages)
    assert [again[item].finish for item in again.items] == [
        first[item].finish for item in first.items
    ]
    assert first.slack("r") is not None and first.critical_path("r")


def test_slack_is_how_far_an_item_can_slip_before_the_roadmap_end_moves() -> None:
    """works (milestone) ends the roadmap on 12-22; expertise (18 days) finishes 12-20, so it
    has 2 days; design must finish by 12-04 for expertise to start in time: 3 days; the overdue
    grid must finish by 12-22: 26 days."""
    forecast = forecast_of(
        make("r/grid", "11-10"),
        make("r/design", "12-01", start="11-20"),
        make("r/expertise", "12-20", start="12-02", deps=("design",)),
        make("r/works", "12-22", deps=("expertise", "grid")),
    )
    assert forecast.roadmap_end("r") == day("12-22")
    slack = {item.id: days for item, days in forecast.slack("r").items()}
    assert slack == {"grid": 26, "design": 3, "expertise": 2, "works": 0}
    assert refs(forecast.critical_path("r")) == ["r/works"]  # nothing pushes works


def test_critical_path_follows_what_sets_each_finish() -> None:
    """In the chain example the end (2027-01-04) is set by works <- expertise <- design."""
    forecast = forecast_of(
        make("r/design", "11-20", start="10-01"),
        make("r/expertise", "12-10", start="11-21", deps=("design",)),
        make("r/milestone", "12-20", deps=("expertise",)),
        make("r/works", "12-31", start="12-11", deps=("expertise",)),
    )
    assert refs(forecast.critical_path("r")) == ["r/design", "r/expertise", "r/works"]
    slack = {item.id: days for item, days in forecast.slack("r").items()}
    assert slack == {"design": 0, "expertise": 0, "milestone": 15, "works": 0}


def test_slack_counts_other_roadmaps_that_feed_the_end() -> None:
    """The grid of another roadmap feeds the plant: its slack against the investors' end is 0,
    and it has no slack entry for a roadmap it does not feed."""
    forecast = forecast_of(
        make("infra/grid", "11-01", start="09-01"),
        make("infra/roads", "12-31"),
        make("investors/plant", "12-10", start="11-10", deps=("infra/grid",)),
    )
    investors = {item.ref: days for item, days in forecast.slack("investors").items()}
    assert investors == {"infra/grid": 0, "investors/plant": 0}
    infra = {item.ref: days for item, days in forecast.slack("infra").items()}
    assert infra == {"infra/grid": 35, "infra/roads": 0}
    assert forecast.slack("nowhere") == {}


def test_slack_in_working_days() -> None:
    """Working days: b must start by Monday 2026-12-07 to finish 2 working days later, by
    Wednesday the 9th; a finishes Friday the 4th, so its slack is Mon + the weekend = 1."""
    working = KazakhstanCalendar().days
    forecast = forecast_of(
        make("r/a", "12-04", start="12-01"),
        make("r/b", "12-09", start="12-07", deps=("a",)),
        today=day("11-30"),
        days=working,
    )
    slack = {item.id: days for item, days in forecast.slack("r").items()}
    assert slack == {"a": 1, "b": 0}


# -- scale -------------------------------------------------------------------------------------


def chain(length: int, first_due: date) -> Portfolio:
    """``length`` one-day items, each waiting for the one before; the first is overdue."""
    items = []
    for number in range(length):
        due = first_due + timedelta(days=number)
        items.append(
            Item(
                roadmap="long",
                id=f"i{number}",
                title="x",
                owner="ann",
                due=due,
                start=due - timedelta(days=1),
                position=WHERE,
                key_positions={},
                depends_on=(Reference("long", f"i{number - 1}", WHERE),) if number else (),
            )
        )
    result = Portfolio()
    result.add_roadmap(Roadmap("long", "Long", WHERE, {}, items))
    return result


def test_a_chain_of_10000_items_is_fast_and_needs_no_recursion() -> None:
    """Every item of a 10,000-long chain is pushed by the overdue first one; forecast, slack
    and the 10,000-item critical path take well under a second."""
    long = chain(10_000, TODAY - timedelta(days=10))
    started = time.perf_counter()
    forecast = compute_forecast(long, TODAY)
    slack = forecast.slack("long")
    path = forecast.critical_path("long")
    elapsed = time.perf_counter() - started
    last = long.items[-1]
    assert forecast[last].finish == TODAY + timedelta(days=9_999)
    assert forecast[last].root_cause is long.items[0]
    assert len(path) == 10_000 and path[0] is long.items[0]
    assert set(slack.values()) == {0}
    assert elapsed < 1.0, elapsed
    assert len(driving_chain(forecast, last)) == 9_999


def test_a_chain_of_10000_items_in_working_days() -> None:
    """The same chain in working days (an item due on a Monday lasts one working day, one due
    on a Sunday none), decades into the future: the result is the one the rules give when
    followed step by step."""
    working = KazakhstanCalendar().days
    long = chain(10_000, TODAY - timedelta(days=10))
    started = time.perf_counter()
    forecast = compute_forecast(long, TODAY, working)
    elapsed = time.perf_counter() - started
    expected = date.min  # the first item waits for nothing
    for item in long.items:
        assert item.start is not None
        start = max(item.start, expected)
        expected = max(item.due, TODAY, working.add(start, working.between(item.start, item.due)))
    assert forecast[long.items[-1]].finish == expected > date(2040, 1, 1)
    assert elapsed < 3.0, elapsed


# -- properties --------------------------------------------------------------------------------

OFFSETS = st.integers(min_value=-60, max_value=60)


@st.composite
def portfolios(draw: st.DrawFn) -> Portfolio:
    """Small portfolios shaped like valid files: items that depend on earlier ones, some nested,
    open, done (not after today) or cancelled."""
    count = draw(st.integers(min_value=1, max_value=10))
    items: list[Item] = []
    for number in range(count):
        due = TODAY + timedelta(days=draw(OFFSETS))
        start = draw(st.none() | st.integers(min_value=0, max_value=40))
        state = draw(st.sampled_from(["open", "open", "done", "cancelled"]))
        done = None
        status = None
        if state == "done":
            done = min(TODAY, due + timedelta(days=draw(OFFSETS)))
        elif state == "cancelled":
            status = Status.CANCELLED
        # As in a file that passes `sezctl check`: a task is due by its parent's deadline and an
        # item after each prerequisite's, which also rules out every kind of cycle.
        parents = [item for item in items if item.due >= due]
        parent = draw(st.sampled_from(parents)) if parents and draw(st.booleans()) else None
        candidates = [item.id for item in items if item.due < due]
        deps = draw(st.lists(st.sampled_from(candidates), max_size=3)) if candidates else []
        item = Item(
            roadmap="p",
            id=f"i{number}",
            title="x",
            owner="ann",
            due=due,
            position=WHERE,
            key_positions={},
            start=None if start is None else due - timedelta(days=start),
            done=done,
            status=status,
            depends_on=tuple(Reference("p", dep, WHERE) for dep in deps),
            parent=parent,
        )
        if parent is not None:
            parent.tasks.append(item)
        items.append(item)
    result = Portfolio()
    result.add_roadmap(Roadmap("p", "P", WHERE, {}, [item for item in items if not item.parent]))
    return result


PROPERTIES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORKING = KazakhstanCalendar().days


@PROPERTIES
@given(portfolios(), st.sampled_from(["calendar", "working"]))
def test_an_open_item_never_finishes_before_its_deadline_or_a_prerequisite(
    plan: Portfolio, kind: str
) -> None:
    """An open item's forecast finish is never before its deadline, nor before today, nor
    before the forecast finish of any prerequisite or task it waits for."""
    forecast = compute_forecast(plan, TODAY, CALENDAR_DAYS if kind == "calendar" else WORKING)
    for item in plan.items:
        result = forecast[item]
        if not item.is_open:
            continue
        assert result.finish is not None
        assert result.finish >= item.due and result.finish >= TODAY
        waits_for = [plan.items_by_ref[reference.ref] for reference in item.depends_on]
        for other in [*waits_for, *item.tasks]:
            other_finish = forecast[other].finish
            if other_finish is not None:
                assert result.finish >= other_finish, (item.ref, other.ref)
        if result.at_risk:
            assert result.driver is not None and item.due >= TODAY


@PROPERTIES
@given(portfolios(), st.data(), st.sampled_from(["calendar", "working"]))
def test_delaying_an_item_never_moves_any_forecast_earlier(
    plan: Portfolio, data: st.DataObject, kind: str
) -> None:
    """Delay one item (move its deadline later, so it is planned to take longer, or move its
    done date later): no start or finish anywhere moves earlier.  (Shifting a start and a
    deadline together is not a delay in working days: the same span of calendar days can hold
    fewer working days.)"""
    days = CALENDAR_DAYS if kind == "calendar" else WORKING
    before = compute_forecast(plan, TODAY, days)
    victim = data.draw(st.sampled_from(plan.items))
    delay = timedelta(days=data.draw(st.integers(min_value=1, max_value=30)))
    if victim.done is not None:
        victim.done = min(TODAY, victim.done + delay)
    else:
        victim.due += delay
    after = compute_forecast(plan, TODAY, days)
    for item in plan.items:
        old, new = before[item], after[item]
        if old.finish is not None:
            assert new.finish is not None and new.finish >= old.finish, item.ref
        if old.start is not None and new.start is not None:
            assert new.start >= old.start, item.ref


@PROPERTIES
@given(portfolios())
def test_slack_is_never_negative_and_zero_along_the_critical_path(plan: Portfolio) -> None:
    """Every open item's slack is zero or more; the critical path's open items have none."""
    forecast = compute_forecast(plan, TODAY)
    slack = forecast.slack("p")
    assert all(days >= 0 for days in slack.values())
    for item in forecast.critical_path("p"):
        if item.is_open:
            assert slack[item] == 0, item.ref


def test_copies_of_items_are_forecast_alike() -> None:
    """The forecast reads the items only: two equal portfolios give equal forecasts."""
    first = make("r/a", "11-20", start="11-01")
    second = copy.copy(first)
    assert forecast_of(first)[first].finish == forecast_of(second)[second].finish
