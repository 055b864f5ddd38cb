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
    original = milestones.load_at_commit

    def counted(source: Any, commit: str) -> Any:
        read.append(commit)
        return original(source, commit)

    monkeypatch.setattr(milestones, "load_at_commit", counted)
    git_repo.write("roadmaps/plan.yaml", STAGED)
    commit_at(git_repo, monkeypatch, "2026-11-05", "Approved plan", "Operational HQ")
    edit(git_repo, "due: 2026-12-10", "due: 2026-12-12")
    commit_at(git_repo, monkeypatch, "2026-11-12", "Walls later", "Operational HQ")
    monkeypatch.chdir(git_repo.root)
    today = load_roadmaps([Path("roadmaps/plan.yaml")]).portfolio

    def alive() -> int:
        return sum(1 for thing in gc.get_objects() if type(thing) is Item)

    gc.collect()
    before = alive()
    gc.disable()
    try:
        pack = _assemble(today)
        after = alive()
    finally:
        gc.enable()
    assert len(set(read)) == 2  # those of 5 and 12 November
    assert after == before == len(today.items) == 3  # today's, which the caller holds
    assert pack.milestones is not None
    assert [line.ref for line in pack.milestones.lines] == ["staged/build"]
