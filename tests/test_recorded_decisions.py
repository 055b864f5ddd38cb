"""What history reads about *why* a fact changed (issue #12, point 4): each version's facts
carry the records behind the current deadline (the last `reschedules:` entry, if it set it),
owner (the last `reassignments:` entry) and off-control state, so a walk tells a move made by
`sezctl reschedule --decision` from a deadline edited by hand -- and the blob cache keeps the
records, so a warm walk tells the same."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sezctl.history.changes import FieldChange, HistorySource, RecordedDecision, walk_history
from tests.conftest import Cli, GitRepo
from tests.helpers import DECISION_OWNERS as OWNERS
from tests.helpers import DECISION_PLAN as PLAN
from tests.helpers import DECISION_PROTOCOL as PROTOCOL
from tests.helpers import commit_at, edit

TODAY = "2026-11-30"


@pytest.fixture
def walked_repo(cli: Cli, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """An approved plan; a move by decision; a hand-over by decision; a deadline edited by
    hand and committed as «обновлены сроки»."""
    monkeypatch.chdir(git_repo.root)
    git_repo.write("roadmaps/owners.yaml", OWNERS)
    git_repo.write("roadmaps/plan.yaml", PLAN)
    git_repo.write("roadmaps/protocols/2026-11-26.yaml", PROTOCOL)
    commit_at(git_repo, monkeypatch, "2026-11-26", "Approved plan", "Clerk")
    for args in (
        ("reschedule", "grid", "--to", "2027-01-15", "--reason", "Transformer late",
         "--decision", "protocol-2026-11-26/1"),
        ("assign", "grid", "energy", "--reason", "Substation passes over",
         "--decision", "protocol-2026-11-26/2"),
    ):  # fmt: skip
        result = cli(*args, "--today", TODAY)
        assert result.exit_code == 0, result.output
        commit_at(git_repo, monkeypatch, "2026-11-30", f"{args[0]} grid", "Secretary")
    edit(git_repo, "due: 2026-12-18", "due: 2027-02-01")
    commit_at(git_repo, monkeypatch, "2026-12-01", "обновлены сроки", "Somebody")
    return git_repo


def changes_of(repo: GitRepo) -> list[FieldChange]:
    source = HistorySource.for_paths([repo.root / "roadmaps"])
    return [change for change in walk_history(source, "HEAD").changes if change.name != "added"]


def summary(changes: list[FieldChange]) -> list[tuple[str, str, object, object, object, str]]:
    return [(c.ref, c.name, c.old, c.new, c.record, c.commit.message) for c in changes]


EXPECTED = [
    (
        "demo/grid", "due", date(2026, 12, 15), date(2027, 1, 15),
        RecordedDecision(date(2026, 11, 30), "Transformer late", "protocol-2026-11-26/1", None),
        "reschedule grid",
    ),
    (
        "demo/grid", "baseline", None, date(2026, 12, 15), None, "reschedule grid",
    ),
    (
        "demo/grid", "owner", "hq", "energy",
        RecordedDecision(
            date(2026, 11, 30), "Substation passes over", "protocol-2026-11-26/2", None
        ),
        "assign grid",
    ),
    ("demo/survey", "due", date(2026, 12, 18), date(2027, 2, 1), None, "обновлены сроки"),
]  # fmt: skip


def test_a_walk_tells_recorded_decisions_from_hand_edits(walked_repo: GitRepo) -> None:
    assert summary(changes_of(walked_repo)) == EXPECTED


def test_the_cache_keeps_the_records(walked_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cold (writes the cache), warm (reads it) and off: the same records."""
    cache = Path(walked_repo.git("rev-parse", "--git-common-dir").strip())
    if not cache.is_absolute():
        cache = walked_repo.root / cache
    cold = summary(changes_of(walked_repo))
    assert (cache / "sezctl-cache" / "history-versions.json").is_file()
    warm = summary(changes_of(walked_repo))
    monkeypatch.setenv("SEZCTL_CACHE", "0")
    off = summary(changes_of(walked_repo))
    assert cold == warm == off == EXPECTED


def test_a_hand_edit_after_a_recorded_move_has_no_record(
    walked_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record stays with the deadline it set: moving the deadline again by hand, with the
    old entry still in the file, is a change without a record."""
    edit(walked_repo, "due: 2027-01-15", "due: 2027-01-31")
    commit_at(walked_repo, monkeypatch, "2026-12-02", "weekly update", "Somebody")
    last = changes_of(walked_repo)[-1]
    assert (last.ref, last.name, last.new, last.record) == (
        "demo/grid",
        "due",
        date(2027, 1, 31),
        None,
    )
