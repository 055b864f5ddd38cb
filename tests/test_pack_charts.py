"""The meeting pack's charts (sezctl/render/charts.py) and their data: axes with exact ticks and
month names in each language, today's line where the day is, labels cut at words, trend labels
that never overlap, weeks without history as gaps; the milestone trend read from git."""

from __future__ import annotations

import json
import re
from datetime import date
from itertools import combinations, pairwise
from typing import Any

import pytest

from sezctl.core import i18n
from sezctl.core.model import Portfolio
from sezctl.core.problems import Problem
from sezctl.render.charts import (
    Box,
    DateScale,
    TrendWeek,
    axis_labels,
    choose_axis_labels,
    date_axis,
    fit_label,
    label_box,
    month_starts,
    nice_ticks,
    render_milestone_trend_svg,
    render_overdue_trend_svg,
    render_timeline_svg,
    text_width,
)
from sezctl.render.pack_style import css_string, print_css
from sezctl.reports.meeting import StageBar
from sezctl.reports.milestones import MilestoneLine, MilestoneSighting, MilestoneTrend
from tests.conftest import Cli, GitRepo
from tests.helpers import commit_at

D = date.fromisoformat


def _texts(svg: str, attribute: str = "") -> list[tuple[float, float, str]]:
    """(x, y, text) of the ``<text>`` elements of ``svg`` (those with ``attribute`` only)."""
    pattern = rf'<text x="([\d.-]+)" y="([\d.-]+)"[^>]*{attribute}[^>]*>([^<]*)</text>'
    return [(float(x), float(y), text) for x, y, text in re.findall(pattern, svg)]


def test_month_starts_and_a_short_range_in_weeks() -> None:
    """An axis over months has a tick on each first of the month inside the range; under two
    months it has one every 7 days from its first day instead."""
    assert month_starts(D("2026-11-15"), D("2027-02-01")) == [
        D("2026-12-01"), D("2027-01-01"), D("2027-02-01"),
    ]  # fmt: skip
    assert month_starts(D("2026-12-01"), D("2026-12-31")) == [D("2026-12-01")]
    assert date_axis(D("2026-01-01"), D("2026-03-15")) == [
        (D("2026-01-01"), True), (D("2026-02-01"), True), (D("2026-03-01"), True),
    ]  # fmt: skip
    assert date_axis(D("2026-12-01"), D("2026-12-22")) == [
        (D("2026-12-01"), False), (D("2026-12-08"), False),
        (D("2026-12-15"), False), (D("2026-12-22"), False),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["December 2026", "January 2027", "February"]),
        ("kk", ["Желтоқсан 2026", "Қаңтар 2027", "Ақпан"]),
        ("ru", ["Декабрь 2026", "Январь 2027", "Февраль"]),
    ],
)
def test_month_names_follow_the_language_with_the_year_where_it_changes(
    language: str, expected: list[str]
) -> None:
    """Month names come from the catalog; the year is on the first label and wherever it
    changes; days on a short axis are dates for people."""
    i18n.use_language(language)
    ticks = date_axis(D("2026-12-01"), D("2027-02-10"))
    assert axis_labels(ticks, 1) == expected
    assert axis_labels(date_axis(D("2026-12-01"), D("2026-12-10")), 1)[1] == (
        "2026-12-08" if language == "en" else "08.12.2026"
    )


def test_axis_labels_are_thinned_until_they_do_not_touch() -> None:
    """Twelve month names 25 units apart cannot all be written: every fourth one is (the step
    found with each label at its longest, with its year, since a label shown after a gap may
    carry one), none overlapping the next."""
    ticks = date_axis(D("2026-01-01"), D("2026-12-31"))
    positions = [25.0 * index for index in range(12)]
    labels = choose_axis_labels(ticks, positions)
    assert labels == [
        "January 2026", None, None, None, "May", None, None, None, "September", None, None, None,
    ]  # fmt: skip
    shown = [(x, text) for x, text in zip(positions, labels, strict=True) if text]
    for (x1, a), (x2, b) in pairwise(shown):
        assert x2 - x1 >= (text_width(a) + text_width(b)) / 2


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Облыс әкімі тапсырмаларының орындалуын бақылау", 150, "Облыс әкімі…"),
        ("Облыс әкімі тапсырмаларының орындалуын бақылау", 250, "Облыс әкімі тапсырмаларының…"),
        ("Подготовка проектно-сметной документации, экспертиза", 250,
         "Подготовка проектно-сметной…"),
        ("Электроснабжение: 110/10 кВ подстанция", 500, "Электроснабжение: 110/10 кВ подстанция"),
        ("Электроснабжение: 110/10 кВ", 100, "…"),  # the first word alone is too long
    ],
)  # fmt: skip
def test_labels_are_cut_after_a_whole_word(text: str, width: float, expected: str) -> None:
    """A label that does not fit ends with an ellipsis after the last whole word that fits
    (a trailing comma or colon dropped), never inside a word."""
    assert fit_label(text, width) == expected
    assert text_width(expected) <= width


def _bar(name: str, start: str, due: str, **other: object) -> StageBar:
    values: dict[str, object] = {
        "roadmap": "hq", "ref": f"hq/{name}", "title": name.title(), "owner": "hq",
        "start": D(start), "due": D(due), "finish": None, "finish_kind": None,
        "status": "planned", "baseline": D(due),
    }  # fmt: skip
    values.update(other)
    return StageBar(**values)  # type: ignore[arg-type]


def test_timeline_draws_today_the_month_axis_and_one_band_per_roadmap() -> None:
    """2026-01-01 to 2026-12-31 across 300..986: today (2026-07-02, day 182 of 364) is at
    300 + 686 * 182 / 364 = 643; months are ticked on their first days; each roadmap's band is
    headed by its title; a moved deadline shows its baseline and the move."""
    stages = [
        _bar("survey", "2026-01-01", "2026-03-31", finish=D("2026-03-20"), finish_kind="done"),
        _bar("grid", "2026-02-01", "2026-12-31", baseline=D("2026-06-30"),
             finish=D("2026-12-31"), finish_kind="forecast"),
        _bar("plant", "2026-04-01", "2026-09-30", roadmap="inv", ref="inv/plant"),
    ]  # fmt: skip
    svg = render_timeline_svg(stages, D("2026-07-02"), {"hq": "HQ <work> plan", "inv": "Investors"})
    assert 'viewBox="0 0 1000 ' in svg and "<script" not in svg and "width=" not in svg[:200]
    scale = DateScale(D("2026-01-01"), D("2026-12-31"), 300, 986)
    assert scale(D("2026-07-02")) == 643.0
    assert re.search(r'<line x1="643.0" y1="[\d.]+" x2="643.0"', svg)
    today = _texts(svg, "data-today")
    assert [(x, text) for x, _y, text in today] == [(643.0, "today 2026-07-02")]
    month_names = [text for _x, _y, text in _texts(svg, 'text-anchor="middle" fill="#5f6b7a"')]
    # Above and below the rows, every other month (686 units for 12 months at 1000 wide).
    assert month_names[::2] == month_names[1::2] == [
        "January 2026", "March", "May", "July", "September", "November",
    ]  # fmt: skip
    assert "HQ &lt;work&gt; plan" in svg and ">Investors</text>" in svg
    assert svg.index("HQ &lt;work&gt; plan") < svg.index("hq/grid") < svg.index(">Investors<")
    grid = svg[svg.index('data-ref="hq/grid"') :]
    grid = grid[: grid.index("</g>")]
    assert "approved deadline 2026-06-30" in grid and "forecast 2026-12-31" in grid
    assert grid.count('stroke="#6a1b9a"') == 2  # the move's line and the baseline's diamond
    legend = [text for _x, _y, text in _texts(svg)][:6]
    assert legend == [
        "planned (start to deadline)", "approved deadline (baseline)", "current deadline",
        "forecast finish", "done", "today",
    ]  # fmt: skip


def test_overdue_trend_labels_never_overlap_each_other_or_the_markers() -> None:
    """Close values in both series: every label drawn keeps clear of every other label and of
    every point; a label that has no free place is left out (the table has it)."""
    first = D("2026-10-01").toordinal()
    # 40 weeks 21.8 units apart: three-digit labels (22 units wide) side by side would touch.
    weeks = [TrendWeek(date.fromordinal(first + 7 * i), 5 + i % 2, 700 + i % 3) for i in range(40)]
    svg = render_overdue_trend_svg(weeks, "days overdue, added up")
    labels = [label_box(x, y, text) for x, y, text in _texts(svg, "data-value")]
    assert len(labels) >= 40
    for a, b in combinations(labels, 2):
        assert not a.overlaps(b), (a, b)
    centres = [
        (float(x), float(y))
        for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="3.5"', svg)
    ] + [
        (float(x) + 3.5, float(y) + 3.5)
        for x, y in re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="7" height="7"', svg)
    ]
    assert len(centres) == 82  # 40 weeks of two series, and the two markers of the legend
    points = [Box(x - 3.5, y - 3.5, x + 3.5, y + 3.5) for x, y in centres]
    for label in labels:
        assert not any(label.overlaps(point) for point in points)
    weeks_shown = [text for _x, _y, text in _texts(svg, 'text-anchor="middle" fill="#5f6b7a"')]
    assert weeks_shown[-1] == "01.07"  # the latest week always has its label
    assert nice_ticks(14) == [0, 5, 10, 15] and nice_ticks(783) == [0, 200, 400, 600, 800]
    assert nice_ticks(0) == [0, 1]


def test_weeks_without_history_are_gaps_with_a_note_not_zeros() -> None:
    """A week whose counts are None breaks both lines, has no value label, is shaded and
    named in the note under the chart."""
    weeks = [
        TrendWeek(D("2026-11-05"), None, None),
        TrendWeek(D("2026-11-12"), 1, 12),
        TrendWeek(D("2026-11-19"), None, None),
        TrendWeek(D("2026-11-26"), 2, 16),
        TrendWeek(D("2026-12-03"), 3, 20),
    ]
    svg = render_overdue_trend_svg(weeks, "days overdue, added up")
    assert re.findall(r'data-no-data="([\d-]+)"', svg) == ["2026-11-05", "2026-11-19"]
    lines = re.findall(r'<polyline fill="none" stroke="(#\w+)"[^>]*points="([^"]*)"', svg)
    assert [(colour, points.count(",")) for colour, points in lines] == [
        ("#b00020", 1), ("#b00020", 2), ("#0072b2", 1), ("#0072b2", 2),
    ]  # fmt: skip
    values = [text for _x, _y, text in _texts(svg, "data-value")]
    assert "0" not in values and sorted(values) == ["1", "12", "16", "2", "20", "3"]
    assert "Shaded weeks: no history in git (not zero)." in svg


def test_milestone_panel_draws_gaps_the_diagonal_and_numbers() -> None:
    """One panel per roadmap; a milestone not yet in the files is a gap; the diagonal runs
    through the meetings whose days are within the dates shown."""
    meetings = [D("2026-11-05"), D("2026-11-12"), D("2026-11-19"), D("2026-11-26")]
    grid = MilestoneLine("demo", "demo/grid", "Power grid", [
        MilestoneSighting(meetings[0], D("2026-09-30"), D("2026-11-05")),
        MilestoneSighting(meetings[1], D("2026-10-31"), D("2026-11-12")),
        MilestoneSighting(meetings[2], D("2026-10-31"), D("2026-11-19")),
        MilestoneSighting(meetings[3], D("2026-11-15"), D("2026-11-26")),
    ])  # fmt: skip
    fence = MilestoneLine("demo", "demo/fence", "Fence", [
        MilestoneSighting(day, None, None) for day in meetings[:3]
    ] + [MilestoneSighting(meetings[3], D("2027-03-01"), D("2027-03-01"))])  # fmt: skip
    svg = render_milestone_trend_svg(MilestoneTrend(meetings, [grid, fence], {"demo": "Demo"}))
    assert svg.count("<svg") == 1 and "Milestone trend: Demo" in svg
    fence_part = svg[svg.index('data-ref="demo/fence"') :]
    assert fence_part[: fence_part.index("</g>")].count("<polyline") == 2  # one point each
    diagonal = re.findall(
        r'stroke-dasharray="1 3"[^>]*?points="([^"]*)"|points="([^"]*)"[^>]*stroke-dasharray="1 3"',
        svg,
    )
    assert len(diagonal) == 1
    assert [text for _x, _y, text in _texts(svg, 'font-weight="700" text-anchor="middle"')] == [
        "1", "2",
    ]  # fmt: skip


def test_the_milestone_trend_is_read_from_git_at_each_meeting(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """At each weekly meeting, each stage's deadline and forecast as committed by that day:
    the grid's deadline moves 09-30 → 10-31 (c2, 11-10) → 11-15 (c5, 11-24) while its forecast
    is each meeting's day (it is overdue); works is done on 11-19 but committed on 11-20, so the
    11-19 meeting still sees it open; the fence, added on 11-24, and every stage at the meeting
    of 10-29 (before the first commit) are null, not dates."""
    result = cli("report", "--today", "2026-11-26", "--weeks", "5", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["milestones"]
    assert data["meetings"] == [
        "2026-10-29",
        "2026-11-05",
        "2026-11-12",
        "2026-11-19",
        "2026-11-26",
    ]
    seen = {
        line["ref"]: [(s["due"], s["forecast"]) for s in line["seen"]] for line in data["lines"]
    }
    none = (None, None)
    assert seen == {
        "demo/survey": [none] + [("2026-02-01", "2026-01-30")] * 4,
        "demo/grid": [
            none, ("2026-09-30", "2026-11-05"), ("2026-10-31", "2026-11-12"),
            ("2026-10-31", "2026-11-19"), ("2026-11-15", "2026-11-26"),
        ],
        "demo/works": [none] + [("2026-12-01", "2026-12-01")] * 3 + [("2026-12-01", "2026-11-19")],
        "demo/fence": [none] * 4 + [("2027-03-01", "2027-03-01")],
    }  # fmt: skip


def test_the_milestone_trend_reads_each_version_of_a_file_once(
    cli: Cli, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that did not change between two meetings is not read again: its load is reused
    (issue 15: a warm `report` of 5,000 commits read every file at each of 12 meetings).  Two
    roadmaps, one edited each week: three past meetings, at three commits, read four versions
    instead of six (today's meeting is the work tree's)."""
    from sezctl.reports import milestones
    from sezctl.source import loader

    owners = "owners:\n  hq:\n    name: HQ\n"
    stage = "stages:\n  - id: s\n    title: S\n    owner: hq\n    due: {due}\n"

    def write(name: str, due: str) -> None:
        header = owners if name == "a" else ""
        git_repo.write(f"roadmaps/{name}.yaml", f"{header}roadmap: {name}\ntitle: {name.upper()}\n"
                       + stage.format(due=due))  # fmt: skip

    write("a", "2026-10-01")
    write("b", "2026-10-02")
    commit_at(git_repo, monkeypatch, "2026-11-02", "plan", "HQ")
    for day, name, due in [
        ("2026-11-09", "a", "2026-10-15"),
        ("2026-11-16", "a", "2026-10-30"),
        ("2026-11-23", "b", "2026-12-20"),
    ]:
        write(name, due)
        commit_at(git_repo, monkeypatch, day, f"move {name}", "HQ")
    monkeypatch.chdir(git_repo.root)

    read: list[tuple[str, bytes]] = []  # the files parsed and built for past meetings
    in_trend = [False]
    load_file, read_past = loader._load_file, milestones.read_past_portfolio

    def counted(data: bytes, shown: str, *rest: Any) -> list[Problem]:
        if in_trend[0]:
            read.append((shown, data))
        return load_file(data, shown, *rest)

    def past_meeting(*args: Any) -> Portfolio:
        in_trend[0] = True
        try:
            return read_past(*args)
        finally:
            in_trend[0] = False

    monkeypatch.setattr(loader, "_load_file", counted)
    monkeypatch.setattr(milestones, "read_past_portfolio", past_meeting)
    result = cli("report", "--today", "2026-11-26", "--weeks", "5", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["milestones"]
    assert data["meetings"] == ["2026-10-29", "2026-11-05", "2026-11-12", "2026-11-19",
                                "2026-11-26"]  # fmt: skip
    assert sorted(read) == sorted(set(read))
    assert sorted((shown, data.split(b"due: ")[1][:10].decode()) for shown, data in read) == [
        ("roadmaps/a.yaml", "2026-10-01"), ("roadmaps/a.yaml", "2026-10-15"),
        ("roadmaps/a.yaml", "2026-10-30"), ("roadmaps/b.yaml", "2026-10-02"),
    ]  # fmt: skip
    seen = {line["ref"]: [s["due"] for s in line["seen"]] for line in data["lines"]}
    assert seen == {
        "a/s": [None, "2026-10-01", "2026-10-15", "2026-10-30", "2026-10-30"],
        "b/s": [None, "2026-10-02", "2026-10-02", "2026-10-02", "2026-12-20"],
    }


def test_stage_bars_carry_the_approved_deadline(
    cli: Cli, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stage's baseline is its `baseline:` key, else the `from` of its first recorded
    reschedule, else its deadline."""
    git_repo.write("roadmaps/plan.yaml", """
        owners:
          hq:
            name: HQ
        roadmap: demo
        title: Demo
        stages:
          - id: keyed
            title: Keyed
            owner: hq
            baseline: 2026-06-30
            due: 2026-08-31
          - id: moved
            title: Moved
            owner: hq
            due: 2026-09-30
            reschedules:
              - from: 2026-07-31
                to: 2026-09-30
                on: 2026-07-20
                reason: Late design
          - id: kept
            title: Kept
            owner: hq
            due: 2026-10-31
        """)  # fmt: skip
    commit_at(git_repo, monkeypatch, "2026-11-01", "Plan", "HQ")
    monkeypatch.chdir(git_repo.root)
    result = cli("report", "--today", "2026-11-26", "--weeks", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    stages = json.loads(result.stdout)["stages"]
    assert [(s["ref"], s["due"], s["baseline"]) for s in stages] == [
        ("demo/keyed", "2026-08-31", "2026-06-30"),
        ("demo/moved", "2026-09-30", "2026-07-31"),
        ("demo/kept", "2026-10-31", None),  # never moved: no approved deadline apart
    ]


def test_the_printed_header_cannot_end_the_stylesheet() -> None:
    """The page header is user text inside `<style>`: quotes, backslashes and `< > &` become
    CSS hex escapes, so a title "</style><script>" stays text on the page."""
    assert css_string('</style><script>x</script> & "A"\\') == (
        '"\\3c /style\\3e \\3c script\\3e x\\3c /script\\3e  \\26  \\22 A\\22 \\5c "'
    )
    assert "</style>" not in print_css("</style><b>", "page")


def test_the_milestone_trend_keeps_the_roadmaps_slipping_most_and_twelve_meetings(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """Of seven roadmaps, the six whose key milestones are forecast furthest past their
    deadlines are kept, in file order; of 20 weeks of trend, the last 12 meetings."""
    from pathlib import Path

    from sezctl.plan.days import CALENDAR_DAYS
    from sezctl.reports.milestones import choose_key_milestones
    from sezctl.source.loader import load_roadmaps

    today = D("2026-11-26")
    files = {
        Path(f"r{index}.yaml"): (
            ("owners:\n  hq:\n    name: HQ\n" if index == 0 else "")
            + f"roadmap: r{index}\ntitle: R{index}\nstages:\n  - id: s\n    title: S\n"
            + f"    owner: hq\n    due: {date.fromordinal(today.toordinal() - 10 * index)}\n"
        ).encode()
        for index in (3, 0, 5, 1, 6, 2, 4)
    }
    loaded = load_roadmaps(list(files), files)
    assert [problem.code for problem in loaded.problems] == []
    chosen = choose_key_milestones(loaded.portfolio, today, CALENDAR_DAYS)
    assert [item.ref for item in chosen] == ["r3/s", "r5/s", "r1/s", "r6/s", "r2/s", "r4/s"]
    result = cli("report", "--today", "2026-11-26", "--weeks", "20", "--format", "json")
    data = json.loads(result.stdout)
    assert len(data["trend"]) == 20
    assert data["milestones"]["meetings"][0] == "2026-09-10"
    assert len(data["milestones"]["meetings"]) == 12
