"""Knock-on forecasts (docs/forecast.md): hand-computed chains, diamonds, cross-roadmap links,
early, late and cancelled prerequisites, nested tasks, cycles, slack and the critical path;
property tests; and a chain of 10,000 items.  Today is Thursday 2026-11-26 unless a test says
otherwise; every figure in a comment is worked out by hand from the rules."""

from __future__ import annotations

import copy
import itertools
import time
from datetime import date, timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sezctl.core.model import Item, Portfolio, Position, Reference, Roadmap, Status
from sezctl.plan.calendar import KazakhstanCalendar
from sezctl.plan.days import CALENDAR_DAYS, DayCounter
from sezctl.plan.forecast import (
    Forecast,
    ForecastNode,
    compute_forecast,
    driving_chain,
    find_latest_finishes,
)

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
    """design is overdue (finishes today at the earliest, 6 days late); expertise, planned to
    start the day after design's deadline, starts the day after design finishes, keeps its 19
    days and finishes 6 days late too; a milestone after it keeps its deadline; works keeps 20
    days and is 6 days late as well."""
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
    # 11-21 -> 12-10 is 19 days; pushed to start 11-27, the day after 11-26, it ends 12-16.
    assert (expertise.start, expertise.finish, expertise.slip_days) == (
        day("11-27"),
        day("12-16"),
        6,
    )
    assert expertise.at_risk and expertise.driver is find(forecast, "r/design")
    milestone = forecast[find(forecast, "r/milestone")]
    assert (milestone.start, milestone.finish, milestone.at_risk) == (
        day("12-16"),
        day("12-20"),
        False,
    )
    assert milestone.driver is None
    works = forecast[find(forecast, "r/works")]
    # 12-11 -> 12-31 is 20 days; pushed to start 12-17, it ends 2027-01-06.
    assert (works.start, works.finish, works.slip_days, works.at_risk) == (
        day("12-17"),
        day("2027-01-06"),
        6,
        True,
    )
    assert works.driver is find(forecast, "r/expertise")
    assert works.root_cause is find(forecast, "r/design")
    assert refs(driving_chain(forecast, find(forecast, "r/works"))) == ["r/expertise", "r/design"]


def test_diamond_waits_for_the_later_branch_and_names_both() -> None:
    """a finished 10 days late; b and c, planned to start the day after its deadline, start the
    day after it finished and keep their durations; d waits for the later (c) and would also be
    late because of b alone, although b's 5 spare days absorb half of b's delay."""
    forecast = forecast_of(
        make("r/a", "11-10", done="11-20"),
        make("r/b", "11-30", start="11-11", deps=("a",)),
        make("r/c", "12-05", start="11-11", deps=("a",)),
        make("r/d", "12-20", start="12-06", deps=("b", "c")),
    )
    assert finish(forecast, "r/b") == day("12-10")  # 19 days from 11-21
    assert finish(forecast, "r/c") == day("12-15")  # 24 days from 11-21
    d = forecast[find(forecast, "r/d")]
    assert (d.start, d.finish, d.slip_days) == (day("12-16"), day("12-30"), 10)  # 14 days
    assert d.driver is find(forecast, "r/c") and d.root_cause is find(forecast, "r/a")
    # b alone: start 12-11 + 14 days = 12-25, after 12-20: it pushes d too.
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
    """Done 9 days late on 11-24: b (15 days from 11-16, the day after a's deadline) starts the
    day after, 11-25, and ends 12-10, 9 days late too."""
    forecast = forecast_of(
        make("r/a", "11-15", done="11-24"),
        make("r/b", "12-01", start="11-16", deps=("a",)),
    )
    b = forecast[find(forecast, "r/b")]
    assert (b.start, b.finish, b.slip_days, b.at_risk) == (day("11-25"), day("12-10"), 9, True)
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
    """The plant waits for the overdue grid of another roadmap (25 days late): it starts the
    day after today and keeps its 30 days; the 8 days its plan leaves after the day following
    the grid's deadline absorb 8 of the 25."""
    forecast = forecast_of(
        make("infra/grid", "11-01", start="09-01"),
        make("investors/plant", "12-10", start="11-10", deps=("infra/grid",)),
    )
    plant = forecast[find(forecast, "investors/plant")]
    assert (plant.start, plant.finish, plant.slip_days, plant.at_risk) == (
        day("11-27"),
        day("12-27"),
        17,
        True,
    )
    assert plant.driver is find(forecast, "infra/grid")
    assert forecast.roadmap_end("infra") == TODAY
    assert forecast.roadmap_end("investors") == day("12-27")


def test_a_parent_finishes_no_earlier_than_its_tasks() -> None:
    """t2 (27 days) waits for the overdue t1, starts the day after it, ends 12-24 (6 days late,
    like t1) and pushes its parent past 12-20."""
    t1 = make("r/t1", "11-20", start="11-01")
    t2 = make("r/t2", "12-18", start="11-21", deps=("t1",))
    parent = make("r/parent", "12-20", start="11-01", tasks=(t1, t2))
    forecast = forecast_of(parent)
    assert finish(forecast, "r/t2") == day("12-24")
    result = forecast[parent]
    assert (result.finish, result.slip_days, result.at_risk) == (day("12-24"), 4, True)
    assert result.driver is t2 and result.root_cause is t1
    assert result.pushed_by == (t2,)  # tasks are parts, not prerequisites: only the driver


def test_tasks_do_not_inherit_their_parents_prerequisites() -> None:
    """The parent waits for q (50 days from the day after today); its task, which lists
    nothing, does not."""
    task = make("r/task", "12-10", start="12-01")
    forecast = forecast_of(
        make("r/q", "11-10"),
        make("r/parent", "12-31", start="11-11", deps=("q",), tasks=(task,)),
    )
    assert finish(forecast, "r/task") == day("12-10")
    assert finish(forecast, "r/parent") == day("2027-01-16")


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


# -- handing over: the day after, or the same day (issue #16) -----------------------------------


def back_to_back(
    head_due: date, durations: list[int], days: DayCounter = CALENDAR_DAYS
) -> list[Item]:
    """A head item due ``head_due`` (started 30 days before), then one item per duration, each
    waiting for the one before and planned the usual way: it starts the day after the previous
    deadline (with working days, the next working day) and lasts its duration."""
    head = Item(
        roadmap="r",
        id="head",
        title="x",
        owner="ann",
        due=head_due,
        start=head_due - timedelta(days=30),
        position=WHERE,
        key_positions={},
    )
    items = [head]
    for number, duration in enumerate(durations, start=1):
        start = days.add(items[-1].due, 1)
        items.append(
            Item(
                roadmap="r",
                id=f"link{number}",
                title="x",
                owner="ann",
                due=days.add(start, duration),
                start=start,
                position=WHERE,
                key_positions={},
                depends_on=(Reference("r", items[-1].id, WHERE),),
            )
        )
    return items


def test_a_delay_runs_on_undiminished_through_a_chain_planned_back_to_back() -> None:
    """Issue #16: the head is 10 days overdue and ten items follow it back to back, each
    starting the day after the previous deadline.  Every one of them is forecast 10 days late
    (not 9, 8, ... 0: a day lost at every link), and so is the roadmap's end."""
    items = back_to_back(day("11-16"), [3, 7, 14, 0, 30, 5, 9, 1, 21, 4])
    forecast = forecast_of(*items)
    assert [forecast[item].slip_days for item in items] == [10] * 11
    for before, item in itertools.pairwise(items):
        result = forecast[item]
        assert result.start == before.due + timedelta(days=11)  # the day after it finishes
        assert result.driver is before and result.root_cause is items[0]
    assert forecast.roadmap_end("r") == items[-1].due + timedelta(days=10)
    assert refs(forecast.critical_path("r")) == refs(items)
    assert set(forecast.slack("r").values()) == {0}


def test_a_plan_that_starts_on_the_prerequisites_deadline_hands_over_that_day() -> None:
    """b is planned to start on a's deadline (`check` accepts it): with a on time b keeps its
    plan, not a day later; with a 5 days late b starts the day a finishes and is 5 days late."""
    on_time = forecast_of(
        make("r/a", "12-01", start="11-20"),
        make("r/b", "12-10", start="12-01", deps=("a",)),
    )
    b = on_time[find(on_time, "r/b")]
    assert (b.start, b.finish, b.slip_days, b.driver) == (day("12-01"), day("12-10"), 0, None)
    late = forecast_of(
        make("r/a", "11-21", start="11-01"),
        make("r/b", "11-30", start="11-21", deps=("a",)),
    )
    b = late[find(late, "r/b")]
    assert (b.start, b.finish, b.slip_days) == (day("11-26"), day("12-05"), 5)
    assert late.slack("r") == {find(late, "r/a"): 0, find(late, "r/b"): 0}


def test_days_a_plan_leaves_spare_absorb_a_delay() -> None:
    """b starts 15 days after a's deadline: 14 spare days (the first is the usual next-day
    start).  a 10 days late does not move b; a 20 days late moves it 6 days (docs/forecast.md,
    rule 4), and a then has no slack left, where it had 4."""
    ten_late = forecast_of(
        make("r/a", "11-16", start="11-01"),
        make("r/b", "12-20", start="12-01", deps=("a",)),
    )
    b = ten_late[find(ten_late, "r/b")]
    assert (b.start, b.finish, b.slip_days, b.driver) == (day("12-01"), day("12-20"), 0, None)
    assert ten_late.slack("r")[find(ten_late, "r/a")] == 4  # it may finish 11-30
    twenty_late = forecast_of(
        make("r/a", "11-06", start="10-01"),
        make("r/b", "12-10", start="11-21", deps=("a",)),
    )
    b = twenty_late[find(twenty_late, "r/b")]
    assert (b.start, b.finish, b.slip_days) == (day("11-27"), day("12-16"), 6)
    assert twenty_late.slack("r")[find(twenty_late, "r/a")] == 0


def test_back_to_back_in_working_days_hands_over_on_the_next_working_day() -> None:
    """a is due Friday 2026-12-04 and b starts the Monday after (3 calendar days, but the next
    working day).  a finishes two working days late, on Tuesday the 8th: b starts Wednesday the
    9th, keeps its 3 working days and ends on Monday the 14th, two working days late too."""
    working = KazakhstanCalendar().days
    forecast = forecast_of(
        make("r/a", "12-04", start="12-01", done="12-08"),
        make("r/b", "12-10", start="12-07", deps=("a",)),
        today=day("12-08"),
        days=working,
    )
    a, b = forecast[find(forecast, "r/a")], forecast[find(forecast, "r/b")]
    assert a.slip_days == 2
    assert (b.start, b.finish, b.slip_days) == (day("12-09"), day("12-14"), 2)


def test_a_weekend_start_after_a_friday_deadline_hands_over_on_monday() -> None:
    """Working days: b starts on Saturday 2026-12-05, after a's Friday deadline but with no
    working day in between.  a on time leaves b on time (3 working days, ending Wednesday the
    9th), not a day late; a finishing on Monday the 7th, one working day late, makes b start
    that Monday and end on Thursday the 10th, one working day late."""
    working = KazakhstanCalendar().days
    on_time = forecast_of(
        make("r/a", "12-04", start="12-01"),
        make("r/b", "12-09", start="12-05", deps=("a",)),
        today=day("11-30"),
        days=working,
    )
    b = on_time[find(on_time, "r/b")]
    assert (b.start, b.finish, b.slip_days, b.driver) == (day("12-05"), day("12-09"), 0, None)
    late = forecast_of(
        make("r/a", "12-04", start="12-01", done="12-07"),
        make("r/b", "12-09", start="12-05", deps=("a",)),
        today=day("12-07"),
        days=working,
    )
    b = late[find(late, "r/b")]
    assert (b.start, b.finish, b.slip_days) == (day("12-07"), day("12-10"), 1)


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
    has 2 days; it must start by 12-04, the day after design finishes (its plan starts it the
    day after design's deadline), so design must finish by 12-03: 2 days; the overdue grid must
    finish by 12-22: 26 days."""
    forecast = forecast_of(
        make("r/grid", "11-10"),
        make("r/design", "12-01", start="11-20"),
        make("r/expertise", "12-20", start="12-02", deps=("design",)),
        make("r/works", "12-22", deps=("expertise", "grid")),
    )
    assert forecast.roadmap_end("r") == day("12-22")
    slack = {item.id: days for item, days in forecast.slack("r").items()}
    assert slack == {"grid": 26, "design": 2, "expertise": 2, "works": 0}
    assert refs(forecast.critical_path("r")) == ["r/works"]  # nothing pushes works


def test_critical_path_follows_what_sets_each_finish() -> None:
    """In the chain example the end (2027-01-06) is set by works <- expertise <- design."""
    forecast = forecast_of(
        make("r/design", "11-20", start="10-01"),
        make("r/expertise", "12-10", start="11-21", deps=("design",)),
        make("r/milestone", "12-20", deps=("expertise",)),
        make("r/works", "12-31", start="12-11", deps=("expertise",)),
    )
    assert refs(forecast.critical_path("r")) == ["r/design", "r/expertise", "r/works"]
    slack = {item.id: days for item, days in forecast.slack("r").items()}
    assert slack == {"design": 0, "expertise": 0, "milestone": 17, "works": 0}


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
    """Working days: b must start by Tuesday 2026-12-08 to finish 2 working days later, by
    Thursday the 10th, and starts the day after a finishes (its plan starts it after a's
    deadline): a, due Friday the 4th, may finish on Monday the 7th, so its slack is 1 (Monday;
    the weekend does not count).  Planned to start on Monday instead, b leaves a no slack."""
    working = KazakhstanCalendar().days
    forecast = forecast_of(
        make("r/a", "12-04", start="12-01"),
        make("r/b", "12-10", start="12-08", deps=("a",)),
        today=day("11-30"),
        days=working,
    )
    slack = {item.id: days for item, days in forecast.slack("r").items()}
    assert slack == {"a": 1, "b": 0}
    back_to_back = forecast_of(
        make("r/a", "12-04", start="12-01"),
        make("r/b", "12-09", start="12-07", deps=("a",)),
        today=day("11-30"),
        days=working,
    )
    slack = {item.id: days for item, days in back_to_back.slack("r").items()}
    assert slack == {"a": 0, "b": 0}


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
    fewer working days.  Nor is moving a deadline onto or past the start of an item that waits
    for it: that plan hands over on the prerequisite's last day, not the day after, see
    test_a_plan_that_starts_on_the_prerequisites_deadline_hands_over_that_day.)"""
    days = CALENDAR_DAYS if kind == "calendar" else WORKING
    before = compute_forecast(plan, TODAY, days)
    victim = data.draw(st.sampled_from(plan.items))
    delay = timedelta(days=data.draw(st.integers(min_value=1, max_value=30)))
    if victim.done is not None:
        victim.done = min(TODAY, victim.done + delay)
    else:
        new_due = victim.due + delay
        assume(
            not any(
                victim.ref in {reference.ref for reference in item.depends_on}
                and item.start is not None
                and days.between(victim.due, item.start) > 0 >= days.between(new_due, item.start)
                for item in plan.items
            )
        )
        victim.due = new_due
    after = compute_forecast(plan, TODAY, days)
    for item in plan.items:
        old, new = before[item], after[item]
        if old.finish is not None:
            assert new.finish is not None and new.finish >= old.finish, item.ref
        if old.start is not None and new.start is not None:
            assert new.start >= old.start, item.ref


@PROPERTIES
@given(
    st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12),
    st.integers(min_value=0, max_value=60),
    st.sampled_from(["calendar", "working"]),
)
def test_a_chain_planned_back_to_back_is_late_by_exactly_the_heads_delay(
    durations: list[int], late: int, kind: str
) -> None:
    """Issue #16, as a property: random durations, every item starting the day after the
    previous deadline (with working days the next working day, 1 to several calendar days
    later), the head overdue by N days: every link is forecast exactly N days late, in the unit
    of counting, and the roadmap ends N days later than planned."""
    days = CALENDAR_DAYS if kind == "calendar" else WORKING
    items = back_to_back(date(2026, 9, 30), durations, days)
    today = days.add(items[0].due, late)
    forecast = compute_forecast(portfolio(*items), today, days)
    assert [forecast[item].slip_days for item in items] == [late] * len(items)
    assert forecast.roadmap_end("r") == days.add(items[-1].due, late)


@PROPERTIES
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=40), st.integers(min_value=1, max_value=20)),
        min_size=1,
        max_size=12,
    ),
    st.integers(min_value=0, max_value=60),
)
def test_only_the_days_a_plan_leaves_spare_absorb_a_delay(
    links: list[tuple[int, int]], late: int
) -> None:
    """Random durations and random lags of 1 day or more between a prerequisite's deadline and
    the next start, the head overdue by N days: each link is late by what the link before it
    was, less the days its lag leaves spare beyond the usual next-day start (never below 0).
    Nothing else absorbs a delay: a chain with every lag 1 stays N days late to its end."""
    items = [make("r/head", "09-30", start="09-01")]
    for number, (duration, lag) in enumerate(links, start=1):
        start = items[-1].due + timedelta(days=lag)
        items.append(
            make(
                f"r/link{number}",
                (start + timedelta(days=duration)).isoformat(),
                start=start.isoformat(),
                deps=(items[-1].id,),
            )
        )
    forecast = compute_forecast(portfolio(*items), day("09-30") + timedelta(days=late))
    expected = late
    assert forecast[items[0]].slip_days == late
    for item, (_, lag) in zip(items[1:], links, strict=True):
        expected = max(0, expected - (lag - 1))
        assert forecast[item].slip_days == expected, item.ref


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


def latest_finishes_over_every_node(
    forecast: Forecast, ends: list[ForecastNode], end: date
) -> dict[ForecastNode, date]:
    """The backward pass done the plain way, as a reference: every node of the graph, latest
    in its order first, whether or not it can reach the ends."""
    days = forecast.days
    latest = dict.fromkeys(ends, end)
    for node in reversed(forecast.graph.order):
        limit = latest.get(node)
        if limit is None or not node.is_open:
            continue
        for other in node.finishers:
            if other.rank < node.rank and (other not in latest or limit < latest[other]):
                latest[other] = limit
        start_limit = days.latest_start(limit, node.duration)
        for other, handover in node.starters:
            if other.rank < node.rank:
                candidate = days.latest_start(start_limit, 1) if handover else start_limit
                if other not in latest or candidate < latest[other]:
                    latest[other] = candidate
    return latest


@PROPERTIES
@given(portfolios(), st.data(), st.sampled_from(["calendar", "working"]))
def test_the_backward_pass_visits_only_what_feeds_the_ends_and_misses_nothing(
    plan: Portfolio, data: st.DataObject, kind: str
) -> None:
    """find_latest_finishes walks back from the ends (a roadmap's items) through what they wait
    for, so that `sezctl critical` does not pass over every item once per roadmap
    (docs/performance.md); for any set of ends, with or without cycles, it gives exactly what a
    pass over every node gives.  Each node's status and openness are the model's."""
    for _ in range(data.draw(st.integers(min_value=0, max_value=2))):  # cycles, sometimes
        waiting, waited_for = (
            data.draw(st.sampled_from(plan.items)),
            data.draw(st.sampled_from(plan.items)),
        )
        waiting.depends_on += (Reference("p", waited_for.id, WHERE),)
    forecast = compute_forecast(plan, TODAY, CALENDAR_DAYS if kind == "calendar" else WORKING)
    nodes = forecast.graph.nodes
    assert [(node.status, node.is_open) for node in nodes] == [
        (node.item.effective_status, node.item.is_open) for node in nodes
    ]
    ends = data.draw(st.lists(st.sampled_from(nodes), min_size=1, unique=True))
    ends = [node for node in ends if node.finish is not None]
    assume(ends)
    end = max(node.finish for node in ends if node.finish is not None)
    expected = latest_finishes_over_every_node(forecast, ends, end)
    assert find_latest_finishes(ends, end, forecast.days) == expected


def test_copies_of_items_are_forecast_alike() -> None:
    """The forecast reads the items only: two equal portfolios give equal forecasts."""
    first = make("r/a", "11-20", start="11-01")
    second = copy.copy(first)
    assert forecast_of(first)[first].finish == forecast_of(second)[second].finish
