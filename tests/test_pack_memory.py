"""What the meeting pack holds at once (issue 15, point 4: `sezctl report` within 250 MiB at
50,000 items): one status report of every item serves the pack and its agenda, and a past
portfolio read for the milestone trend is freed before the trend returns, even though its
items refer to each other and sezctl runs the cycle collector seldom."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GitRepo
from tests.helpers import commit_at, edit

TODAY = date(2026, 11, 26)


def _today(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> Any:
    from sezctl.source.loader import load_roadmaps

    monkeypatch.chdir(repo.root)
    return load_roadmaps([Path("roadmaps/plan.yaml")]).portfolio


def _assemble(portfolio: Any, **options: Any) -> Any:
    from sezctl.history.changes import HistorySource
    from sezctl.reports.meeting import assemble_meeting_pack

    source = HistorySource.for_paths([Path("roadmaps")])
    pack, _ = assemble_meeting_pack(
        source, portfolio, TODAY, weeks=4, timezone="Asia/Almaty", **options
    )
    return pack


@pytest.mark.parametrize("owners", [(), ("hq",)])
def test_the_pack_and_its_agenda_share_one_status_report(
    history_repo: tuple[GitRepo, dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    owners: tuple[str, ...],
) -> None:
    """The status of every item is built once per pack (it was built again for the agenda),
    with or without --owner, and the pack's rows are what it was before: the items in scope."""
    import sezctl.reports.agenda as agenda
    import sezctl.reports.meeting as meeting
    from sezctl.reports.meeting import Scope

    built: list[bool] = []
    original = meeting.build_status_report

    def counted(*args: Any, **kwargs: Any) -> Any:
        built.append(kwargs["include_all"])
        return original(*args, **kwargs)

    monkeypatch.setattr(meeting, "build_status_report", counted)
    monkeypatch.setattr(agenda, "build_status_report", counted)
    repo, _ = history_repo
    pack = _assemble(_today(repo, monkeypatch), scope=Scope((), owners))
    assert built == [True]
    shown = ["demo/survey", "demo/works", "demo/fence"]  # hq's; demo/grid is aliya's
    assert [bar.ref for bar in pack.stages] == (
        shown if owners else ["demo/survey", "demo/grid", "demo/works", "demo/fence"]
    )


# A stage and its tasks refer to each other (``parent``, ``tasks``): a cycle.
STAGED = """\
owners:
  hq:
    name: Operational HQ
roadmap: staged
title: Staged
stages:
  - id: build
    title: Build
    owner: hq
    due: 2026-12-20
    tasks:
      - id: walls
        title: Walls
        owner: hq
        due: 2026-12-10
      - id: roof
        title: Roof
        owner: hq
        due: 2026-12-20
"""


def test_a_past_portfolio_is_freed_before_the_milestone_trend_returns(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the cycle collector off (sezctl runs it seldom), no item but today's is alive once
    the pack is assembled, though the trend read two past portfolios, each as large as today's,
    whose stages and tasks refer to each other, so that only the collector frees them."""
    import sezctl.reports.milestones as milestones
    from sezctl.core.model import Item
    from sezctl.source.loader import load_roadmaps

    read: list[str] = []
    original = milestones.read_past_portfolio

    def counted(source: Any, commit: str, *args: Any) -> Any:
        read.append(commit)
        return original(source, commit, *args)

    monkeypatch.setattr(milestones, "read_past_portfolio", counted)
    git_repo.write("roadmaps/plan.yaml", STAGED)
    commit_at(git_repo, monkeypatch, "2026-11-05", "Approved plan", "Operational HQ")
    edit(git_repo, "due: 2026-12-10", "due: 2026-12-12")
    commit_at(git_repo, monkeypatch, "2026-11-12", "Walls later", "Operational HQ")
    monkeypatch.chdir(git_repo.root)

    def alive() -> int:
        return sum(1 for thing in gc.get_objects() if type(thing) is Item)

    gc.collect()
    elsewhere = alive()  # items other tests of the run still hold (module fixtures, caches)
    today = load_roadmaps([Path("roadmaps/plan.yaml")]).portfolio
    gc.collect()
    before = alive()
    gc.disable()
    try:
        pack = _assemble(today)
        after = alive()
    finally:
        gc.enable()
    assert len(set(read)) == 2  # those of 5 and 12 November
    assert after == before == elsewhere + len(today.items)  # and today's, which we hold
    assert len(today.items) == 3
    assert pack.milestones is not None
    assert [line.ref for line in pack.milestones.lines] == ["staged/build"]


def _roadmap(name: str, due: str, depends_on: str = "") -> str:
    needs = f"\n    depends_on: [{depends_on}]" if depends_on else ""
    return (
        f"roadmap: {name}\ntitle: Roadmap {name}\nstages:\n"
        f"  - id: works\n    title: Works of {name}\n    owner: hq\n"
        f"    start: 2026-11-01\n    due: {due}{needs}\n"
    )


def _trend_of(roadmap: str) -> Any:
    """The milestone trend of ``roadmap``'s items at the four meetings to TODAY, of the
    ``roadmaps`` folder of the current folder (a git repository), as a function to call."""
    import sezctl.reports.milestones as milestones
    from sezctl.history.changes import HistorySource
    from sezctl.reports.meeting import week_ends
    from sezctl.source.loader import list_roadmap_files, load_roadmaps

    today = load_roadmaps(list_roadmap_files([Path("roadmaps")])).portfolio
    source = HistorySource.for_paths([Path("roadmaps")])
    meetings = week_ends(TODAY, 4)
    return lambda: milestones.build_milestone_trend(
        source, today, meetings, "Asia/Almaty", keep=lambda item: item.roadmap == roadmap
    )


def _count_whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The commits at which the milestone trend reads every file, as it reads them."""
    import sezctl.reports.milestones as milestones

    fullread: list[str] = []
    whole = milestones.load_at_commit

    def counted_whole(source: Any, commit: str, memo: Any = None) -> Any:
        fullread.append(commit)
        return whole(source, commit, memo)

    monkeypatch.setattr(milestones, "load_at_commit", counted_whole)
    return fullread


def _read_every_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, the milestone trend reads every file at each past commit."""
    import sezctl.reports.milestones as milestones
    from sezctl.history.revision import load_at_commit

    monkeypatch.setattr(
        milestones,
        "read_past_portfolio",
        lambda source, commit, *_: load_at_commit(source, commit).portfolio,
    )


@pytest.mark.parametrize("duplicate", [False, True])
def test_a_past_forecast_reads_the_roadmaps_it_waits_for_and_equals_the_whole_ones(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, duplicate: bool
) -> None:
    """The milestone trend of roadmap a, which waits for b, which waits for c, reads at each
    past commit the files of a, b and c and the owners (not d to h, nor e which waits for a),
    and sees the dates that reading every file gives; a past file that defines a again has
    every file read."""
    import sezctl.reports.milestones as milestones

    files = {
        "a": _roadmap("a", "2026-12-01", "b/works"),
        "b": _roadmap("b", "2026-12-10", "c/works"),
        "c": _roadmap("c", "2026-12-20"),
        "e": _roadmap("e", "2026-12-30", "a/works"),
        **{name: _roadmap(name, "2027-01-15") for name in ("d", "f", "g", "h")},
    }
    git_repo.write("roadmaps/owners.yaml", "owners:\n  hq:\n    name: Operational HQ\n")
    for name, text in files.items():
        git_repo.write(f"roadmaps/{name}.yaml", text)
    commit_at(git_repo, monkeypatch, "2026-11-05", "Approved plan", "Operational HQ")
    edit(git_repo, "due: 2026-12-20", "due: 2027-01-05", "roadmaps/c.yaml")  # b and a pushed
    if duplicate:
        git_repo.write("roadmaps/h.yaml", _roadmap("a", "2027-02-01"))
    commit_at(git_repo, monkeypatch, "2026-11-12", "c slipped", "Operational HQ")
    if duplicate:
        git_repo.write("roadmaps/h.yaml", files["h"])
    monkeypatch.chdir(git_repo.root)
    trend = _trend_of("a")

    read: list[list[str]] = []
    original = milestones.load_roadmaps

    def counted(paths: list[Path], overrides: Any = None, memo: Any = None) -> Any:
        read.append([path.name for path in paths])
        return original(paths, overrides, memo)

    monkeypatch.setattr(milestones, "load_roadmaps", counted)
    fullread = _count_whole_reads(monkeypatch)
    seen = trend()
    together = ["a.yaml", "b.yaml", "c.yaml", "owners.yaml"]
    if duplicate:  # 12 November: h names a; 5 November: a, b, c and the owners
        assert len(fullread) == 1
        assert read[-1] == together
    else:
        assert fullread == []
        assert [paths for paths in read if len(paths) > 1] == [together, together]
    _read_every_file(monkeypatch)
    assert seen == trend()
    # c's slip pushes a's forecast by 16 days; the h of 12 November defines a/works again,
    # and the trend shows the last definition of a ref, with or without the whole files.
    pushed = (
        "2027-02-01" if duplicate else "2026-12-01",
        "2027-02-01" if duplicate else "2027-03-15",
    )
    assert [
        (sighting.meeting.isoformat(), str(sighting.due), str(sighting.forecast))
        for sighting in seen.lines[0].sightings
    ] == [
        ("2026-11-05", "2026-12-01", "2027-02-27"),
        ("2026-11-12", *pushed),
        ("2026-11-19", *pushed),
        ("2026-11-26", "2026-12-01", "2027-03-15"),
    ]


# A roadmap id as YAML can write it: plainly, quoted, or with escapes that only a YAML parser
# reads as the id (a hyphen as \x2D or \u002D, a line joined at a backslash).
POWER_GRID_WRITTEN = {
    "hex-escape": '"power\\x2Dgrid"',
    "unicode-escape": '"power\\u002Dgrid"',
    "line-continuation": '"power-\\\n    grid"',
    "single-quoted": "'power-grid'",
    "double-quoted": '"power-grid"',
}


@pytest.mark.parametrize("written", POWER_GRID_WRITTEN)
def test_a_roadmap_defined_again_under_an_escape_has_every_file_read(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch, written: str
) -> None:
    """On 12 November a second file (water.yaml, read after power-grid.yaml) defines
    power-grid again, its id written with a YAML escape, a line continuation or quotes: the
    bytes cannot rule it out, so every file is read, and the milestone trend is the one that
    reading every file gives: the later definition's deadline, 1 February, on 12 and 19
    November."""

    files = {
        "power-grid": _roadmap("power-grid", "2026-12-01", "substation/works"),
        "substation": _roadmap("substation", "2026-12-10"),
        **{name: _roadmap(name, "2027-01-15") for name in ("roads", "water", "gas", "fence")},
    }
    git_repo.write("roadmaps/owners.yaml", "owners:\n  hq:\n    name: Operational HQ\n")
    for name, text in files.items():
        git_repo.write(f"roadmaps/{name}.yaml", text)
    commit_at(git_repo, monkeypatch, "2026-11-05", "Approved plan", "Operational HQ")
    git_repo.write(
        "roadmaps/water.yaml",
        f"roadmap: {POWER_GRID_WRITTEN[written]}\ntitle: Second plan\nstages:\n"
        "  - id: works\n    title: Works again\n    owner: hq\n    due: 2027-02-01\n",
    )
    commit_at(git_repo, monkeypatch, "2026-11-12", "Grid planned again", "Operational HQ")
    git_repo.write("roadmaps/water.yaml", files["water"])
    monkeypatch.chdir(git_repo.root)
    trend = _trend_of("power-grid")

    fullread = _count_whole_reads(monkeypatch)
    seen = trend()
    assert len(fullread) == 1  # 12 November; 5 November reads power-grid, substation, owners
    _read_every_file(monkeypatch)
    assert seen == trend()
    assert [
        (sighting.meeting.isoformat(), str(sighting.due), str(sighting.forecast))
        for sighting in seen.lines[0].sightings
    ] == [
        ("2026-11-05", "2026-12-01", "2027-01-09"),
        ("2026-11-12", "2027-02-01", "2027-02-01"),
        ("2026-11-19", "2027-02-01", "2027-02-01"),
        ("2026-11-26", "2026-12-01", "2027-01-09"),
    ]
