"""`sezctl critical` at scale (issue #15): the report groups the items by roadmap once instead of
picking each roadmap's items out of the whole portfolio.  The report is exactly the one built
the old way (random portfolios with links across roadmaps, cycles and duplicate roadmap ids;
generated portfolios, in calendar and working days), and the work, counted, grows with the
portfolio, not with roadmaps x items.  Timings are in docs/performance.md (bench/run.py)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sezctl.core.model import Item, Portfolio, Position, Reference, Roadmap, Status
from sezctl.core.problems import Severity
from sezctl.plan import forecast as forecast_module
from sezctl.plan.calendar import KazakhstanCalendar
from sezctl.plan.days import CALENDAR_DAYS, DayCounter
from sezctl.plan.forecast import ForecastNode, compute_forecast
from sezctl.render.records import render_critical_json
from sezctl.reports.critical import CriticalPath, CriticalReport, CriticalRow, build_critical_report
from sezctl.reports.status import make_row
from sezctl.source.config import DEFAULT_WARNING_DAYS
from sezctl.source.loader import list_roadmap_files, load_roadmaps

REPO = Path(__file__).parent.parent
BENCH = REPO / "bench"
TODAY = date(2026, 11, 26)
WHERE = Position("test.yaml", 1, 1)
WORKING = KazakhstanCalendar().days
ROADMAPS = ["r0", "r1", "r2"]


def critical_report_one_roadmap_at_a_time(
    portfolio: Portfolio, today: date, roadmap: str | None, days: DayCounter
) -> CriticalReport:
    """The report as it was built before issue #15, as the reference: for each roadmap, the
    forecast's slack and critical path of that roadmap, and its items picked out of all the
    portfolio's items."""
    forecast = compute_forecast(portfolio, today, days)
    seen: set[str] = set()
    paths = []
    for plan in portfolio.roadmaps:
        if (roadmap is not None and plan.id != roadmap) or plan.id in seen:
            continue
        seen.add(plan.id)
        slack = forecast.slack(plan.id)

        def critical_row(item: Item, slack: dict[Item, int] = slack) -> CriticalRow:
            return CriticalRow(
                make_row(portfolio, item, today, DEFAULT_WARNING_DAYS, forecast, days),
                slack.get(item),
            )

        chain = forecast.critical_path(plan.id)
        others = sorted(
            (
                item
                for item in portfolio.items
                if item.roadmap == plan.id and item.is_open and item not in chain
            ),
            key=lambda item: (slack.get(item, 0), forecast[item].finish or item.due, item.ref),
        )
        deadlines = [
            i.due
            for i in portfolio.items
            if i.roadmap == plan.id and i.effective_status is not Status.CANCELLED
        ]
        planned_end = max(deadlines) if deadlines else None
        forecast_end = forecast.roadmap_end(plan.id)
        paths.append(
            CriticalPath(
                roadmap=plan,
                planned_end=planned_end,
                forecast_end=forecast_end,
                end_slip_days=days.between(planned_end, forecast_end)
                if planned_end and forecast_end
                else None,
                chain=[critical_row(item) for item in chain],
                others=[critical_row(item) for item in others],
            )
        )
    return CriticalReport(today, paths, days.name)


# -- random portfolios -------------------------------------------------------------------------

OFFSETS = st.integers(min_value=-60, max_value=60)


@st.composite
def portfolios(draw: st.DrawFn) -> Portfolio:
    """Small portfolios of up to three roadmaps shaped like valid files (a task is due by its
    parent's deadline, an item after each prerequisite's, in any roadmap), open, done or
    cancelled items; sometimes with links that close cycles, and sometimes with a roadmap id
    used by two files."""
    count = draw(st.integers(min_value=1, max_value=14))
    items: list[Item] = []
    for number in range(count):
        due = TODAY + timedelta(days=draw(OFFSETS))
        start = draw(st.none() | st.integers(min_value=0, max_value=40))
        state = draw(st.sampled_from(["open", "open", "done", "cancelled"]))
        done = min(TODAY, due + timedelta(days=draw(OFFSETS))) if state == "done" else None
        parents = [item for item in items if item.due >= due]
        parent = draw(st.sampled_from(parents)) if parents and draw(st.booleans()) else None
        roadmap = parent.roadmap if parent else draw(st.sampled_from(ROADMAPS))
        candidates = [item for item in items if item.due < due]
        deps = draw(st.lists(st.sampled_from(candidates), max_size=3)) if candidates else []
        item = Item(
            roadmap=roadmap,
            id=f"i{number}",
            title="x",
            owner="ann",
            due=due,
            position=WHERE,
            key_positions={},
            start=None if start is None else due - timedelta(days=start),
            done=done,
            status=Status.CANCELLED if state == "cancelled" else None,
            depends_on=tuple(Reference(dep.roadmap, dep.id, WHERE) for dep in deps),
            parent=parent,
        )
        if parent is not None:
            parent.tasks.append(item)
        items.append(item)
    for _ in range(draw(st.integers(min_value=0, max_value=2))):  # cycles, sometimes
        waiting, waited_for = draw(st.sampled_from(items)), draw(st.sampled_from(items))
        waiting.depends_on += (Reference(waited_for.roadmap, waited_for.id, WHERE),)
    result = Portfolio()
    split = draw(st.booleans())  # r0's stages in two files, both saying `roadmap: r0`
    for roadmap in ROADMAPS:
        stages = [item for item in items if item.roadmap == roadmap and item.parent is None]
        if split and roadmap == "r0" and len(stages) > 1:
            result.add_roadmap(Roadmap(roadmap, roadmap, WHERE, {}, stages[:1]))
            stages = stages[1:]
        result.add_roadmap(Roadmap(roadmap, roadmap, WHERE, {}, stages))
    return result


PROPERTIES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KINDS = st.sampled_from([CALENDAR_DAYS, WORKING])


@PROPERTIES
@given(portfolios(), KINDS, st.sampled_from([None, *ROADMAPS, "nowhere"]))
def test_the_report_is_the_one_built_one_roadmap_at_a_time(
    plan: Portfolio, days: DayCounter, asked: str | None
) -> None:
    """build_critical_report gives the report built the way it was before issue #15, row for
    row, for every roadmap or one of them, with duplicate roadmap ids and cycles."""
    expected = critical_report_one_roadmap_at_a_time(plan, TODAY, asked, days)
    assert build_critical_report(plan, TODAY, asked, days) == expected


# -- generated portfolios ----------------------------------------------------------------------


def bench_module(name: str) -> ModuleType:
    """One of the scripts of bench/ (not a package), imported as ``bench_NAME``."""
    path = list(sys.path)
    sys.path.insert(0, str(BENCH))  # where bench/run.py finds bench/generate.py
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[f"bench_{name}"] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path[:] = path  # bench/run.py puts its folder first too


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[int, Portfolio]]:
    """Portfolios of 20, 40, 80 and 160 roadmap files of 50 items each, as bench/run.py
    generates them (seed 2026), loaded by the real loader."""
    generate = bench_module("generate")
    loaded = {}
    for files in (20, 40, 80, 160):
        folder = tmp_path_factory.mktemp(f"generated-{files}")
        generate.generate(folder, files * 50, files, 2026, max(20, files // 2))
        result = load_roadmaps(list_roadmap_files([folder]))
        assert not [p for p in result.problems if p.severity is Severity.ERROR]
        loaded[files * 50] = result.portfolio
    yield loaded


@pytest.mark.parametrize("days", [CALENDAR_DAYS, WORKING], ids=["calendar", "working"])
def test_the_report_on_a_generated_portfolio_is_unchanged(
    generated: dict[int, Portfolio], days: DayCounter
) -> None:
    """On a generated portfolio of 2,000 items in 40 files, links across roadmaps included, the
    report and its JSON are those built one roadmap at a time; so is the report of one roadmap
    whose critical path starts in other roadmaps."""
    plan = generated[2000]
    report = build_critical_report(plan, TODAY, None, days)
    expected = critical_report_one_roadmap_at_a_time(plan, TODAY, None, days)
    assert report == expected
    assert render_critical_json(report) == render_critical_json(expected)
    crossing = [
        path.roadmap.id
        for path in report.paths
        if any(row.row.item.roadmap != path.roadmap.id for row in path.chain)
    ]
    assert crossing
    assert build_critical_report(
        plan, TODAY, crossing[0], days
    ) == critical_report_one_roadmap_at_a_time(plan, TODAY, crossing[0], days)


class CountedItems(list[Item]):
    """A portfolio's item list that counts the items read from it by iteration."""

    read = 0

    def __iter__(self) -> Iterator[Item]:
        for item in super().__iter__():
            self.read += 1
            yield item


def test_the_report_reads_the_item_list_three_times_whatever_the_number_of_roadmaps(
    generated: dict[int, Portfolio],
) -> None:
    """Building the whole report reads the portfolio's list of items three times (the forecast's
    graph makes its nodes, then finds each item's node; the report groups the items by
    roadmap), at 20 roadmaps as at 160.  Built the old way, it read the list twice more for
    each roadmap: 322 times at 8,000 items."""
    for size, plan in generated.items():
        roadmaps = len(plan.roadmaps)
        counted = CountedItems(plan.items)
        plan.items = counted
        try:
            build_critical_report(plan, TODAY)
            read, counted.read = counted.read, 0
            critical_report_one_roadmap_at_a_time(plan, TODAY, None, CALENDAR_DAYS)
            read_before = counted.read
        finally:
            plan.items = list(counted)
        assert read == 3 * size, size
        assert read_before == (2 + 2 * roadmaps) * size, size


def test_the_backward_walks_grow_with_the_portfolio(
    generated: dict[int, Portfolio], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report asks for the slack of every roadmap; each backward pass walks back from the
    roadmap's items through what they wait for, so all of them together visit each item that
    is not cancelled once, and once more for each other roadmap whose end it holds up: at 1,000
    to 8,000 items, 1.04-1.09 visits per item, not one per item and roadmap."""
    visits: list[int] = []
    walk = forecast_module.find_latest_finishes

    def counted_walk(
        ends: Iterable[ForecastNode], end: date, days: DayCounter
    ) -> dict[ForecastNode, date]:
        latest = walk(ends, end, days)
        visits.append(len(latest))  # every node visited gets its latest finish
        return latest

    monkeypatch.setattr(forecast_module, "find_latest_finishes", counted_walk)
    per_size = {}
    for size, plan in generated.items():
        visits.clear()
        build_critical_report(plan, TODAY)
        assert len(visits) == len(plan.roadmaps)
        per_size[size] = sum(visits)
    assert per_size == {1000: 1040, 2000: 2123, 4000: 4159, 8000: 8731}
    assert all(found < 1.1 * size for size, found in per_size.items())


def test_the_critical_targets_are_those_of_issue_15() -> None:
    """bench/run.py judges `critical` by the medians at 10k and 50k items (at most 0.8 s, and
    at most 5.5 times as long at 50k) and by the largest peak RSS at 50k (at most 250 MiB)."""
    run = bench_module("run")
    medians = {"critical-json-10k": 0.75, "critical-json-50k": 4.2}
    peaks = {"critical-json-50k": 270_000_000}
    targets = run.critical_targets(medians.get, peaks.get)
    assert [(t["target"], t["measured"], t["met"]) for t in targets] == [
        ("critical-json 10k: <= 0.8 s", "0.750 s", True),
        ("critical-json 50k <= 5.5x 10k", "4.200 s / 0.750 s = 5.60x", False),
        ("critical-json 50k: <= 250 MiB peak RSS", "257.5 MiB (max of runs)", False),
    ]
