"""Protocol points as edits (issue #12): `done`, `start`, `reschedule` and `assign` write into a
point of a protocol file as into a roadmap item (`executed:`, `evidence:`, `reschedules:`,
`reassignments:`), and `off-control` takes a point off control by a later protocol's decision.

The folder is tests/data/points (two protocols, one point of each kind), copied into a real git
repository committed on a pinned date; every edit is compared byte for byte with a golden diff,
and every refusal leaves every file as it was."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest

from sezctl.editing.edits import unified_diff
from tests.conftest import Cli, GitRepo
from tests.helpers import assert_golden, commit_at

DATA = Path(__file__).parent / "data" / "points"
TODAY = "2026-11-30"
P47 = "roadmaps/protocols/2026-11-19.yaml"


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """tests/data/points as `roadmaps/`, committed on 2026-11-26, the day of protocol No. 48."""
    shutil.copytree(DATA, git_repo.root / "roadmaps")
    commit_at(git_repo, monkeypatch, "2026-11-26", "Protocols No. 47 and 48", "HQ")
    monkeypatch.chdir(git_repo.root)
    return git_repo


def snapshot(repo: GitRepo) -> dict[str, bytes]:
    return {
        str(path.relative_to(repo.root)): path.read_bytes()
        for path in sorted((repo.root / "roadmaps").rglob("*.yaml"))
    }


# -- the edits, byte for byte -------------------------------------------------------------------

EDITS: dict[str, list[str]] = {
    "done-evidence": ["done", "protocol-2026-11-19/1", "--on", "2026-11-27", "--evidence",
                      "акт № 45 от 27.11.2026"],
    "done-in-progress": ["done", "protocol-2026-11-19/2", "--on", "2026-11-28"],
    "done-flow": ["done", "protocol-2026-11-19/5", "--on", "2026-11-28"],
    "start": ["start", "protocol-2026-11-19/1"],
    "reschedule": ["reschedule", "protocol-2026-11-19/2", "--to", "2026-12-15", "--reason",
                   "Фидер: кабель кешікті", "--decision", "protocol-2026-11-26/1"],
    "reschedule-twice": ["reschedule", "protocol-2026-11-19/1", "--to", "2026-12-04",
                         "--reason", "Кесте келісілмеді", "--ref", "Akimat order No. 41"],
    "assign": ["assign", "protocol-2026-11-19/2", "hq", "--reason", "Фидер штабқа өтті",
               "--decision", "protocol-2026-11-26/1"],
    "off-control": ["off-control", "protocol-2026-11-19/1", "--by", "protocol-2026-11-26/2",
                    "--reason", "Кесте енді қажет емес", "--on", "2026-11-26"],
    "off-control-in-progress": ["off-control", "protocol-2026-11-19/2", "--by",
                                "protocol-2026-11-26/2", "--reason", "Фидер қажет емес"],
    "off-control-flow": ["off-control", "protocol-2026-11-19/5", "--by", "protocol-2026-11-26/2",
                         "--reason", "Тізім: жарияланбайды"],
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(EDITS))
def test_an_edit_of_a_point_changes_exactly_these_bytes(cli: Cli, repo: GitRepo, case: str) -> None:
    """The dry run prints the diff and writes nothing; the edit then writes exactly that diff
    into protocol No. 47 (golden), says what it did, and leaves the folder without a problem."""
    before = snapshot(repo)
    args = [*EDITS[case], "--today", TODAY]
    dry = cli(*args, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert snapshot(repo) == before
    result = cli(*args)
    assert result.exit_code == 0, result.output
    after = snapshot(repo)
    assert {name for name in after if after[name] != before[name]} == {P47}
    diff = unified_diff(before[P47].decode(), after[P47].decode(), P47)
    assert dry.stdout == diff
    assert_golden(f"points-edit/{case}.txt", f"$ sezctl {shlex.join(args)}\n{result.stdout}{diff}")
    check = cli("check", "--today", TODAY)
    assert check.exit_code == 0, check.output
    assert "0 errors, 0 warnings" in check.stderr


def test_reschedule_and_assign_records_load_as_the_points_own(cli: Cli, repo: GitRepo) -> None:
    """After a move and a hand-over, `show` of the point lists the recorded move and hand-over
    with their decision, and the point is due on the new date for its new owner."""
    for case in ("reschedule", "assign"):
        assert cli(*EDITS[case], "--today", TODAY).exit_code == 0
    result = cli("show", "protocol-2026-11-19/2", "--today", TODAY, "--format", "json")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert (shown["item"]["due"], shown["item"]["owner"]) == ("2026-12-15", "hq")
    assert shown["reschedules"] == [
        {"from": "2026-12-01", "to": "2026-12-15", "on": "2026-11-30",
         "reason": "Фидер: кабель кешікті", "ref": None, "decision": "protocol-2026-11-26/1",
         "protocol": {"number": "48", "date": "2026-11-26", "point": "1", "chair": "akim",
                      "chair_name": "Deputy akim"}}
    ]  # fmt: skip
    assert shown["reassignments"] == [
        {"from": "grid-company", "to": "hq", "on": "2026-11-30", "reason": "Фидер штабқа өтті",
         "ref": None, "decision": "protocol-2026-11-26/1",
         "protocol": {"number": "48", "date": "2026-11-26", "point": "1", "chair": "akim",
                      "chair_name": "Deputy akim"}}
    ]  # fmt: skip


def test_start_on_a_date_says_a_point_keeps_no_start(cli: Cli, repo: GitRepo) -> None:
    """A point has no start date: `start --on D` sets the status and says D is not kept."""
    result = cli("start", "protocol-2026-11-19/1", "--on", "2026-11-28", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "sezctl: protocol-2026-11-19/1 is a protocol point, which has no start date: --on "
        "2026-11-28 is not recorded\n"
    )
    assert result.stdout == f"{P47}: start protocol-2026-11-19/1: in progress\n"


def test_off_control_with_commit_commits_the_protocol_alone(cli: Cli, repo: GitRepo) -> None:
    """--commit makes one commit of the protocol file, whose message is the English summary."""
    result = cli(*EDITS["off-control"], "--today", TODAY, "--commit")
    assert result.exit_code == 0, result.output
    assert repo.git("log", "-1", "--format=%s").strip() == (
        "off-control protocol-2026-11-19/1: by protocol-2026-11-26/2 (Кесте енді қажет емес)"
    )
    assert repo.git("show", "--name-only", "--format=", "HEAD").split() == [P47]
    assert repo.git("status", "--porcelain") == ""


# -- refusals: exit 2, every file as it was -----------------------------------------------------

OFF = ["off-control", "protocol-2026-11-19/1", "--by", "protocol-2026-11-26/2", "--reason", "r"]

REFUSALS: dict[str, tuple[list[str], str]] = {
    "unknown-point": (
        ["off-control", "protocol-2026-11-19/9", "--by", "protocol-2026-11-26/2", "--reason", "r"],
        "no item 'protocol-2026-11-19/9' (did you mean 'protocol-2026-11-19/5'?)",
    ),
    "executed": (
        ["off-control", "protocol-2026-11-19/3", "--by", "protocol-2026-11-26/2", "--reason", "r"],
        "protocol-2026-11-19/3 is already executed on 2026-11-23; an executed instruction "
        "stays on record",
    ),
    "already-off-control": (
        ["off-control", "protocol-2026-11-19/4", "--by", "protocol-2026-11-26/1", "--reason", "r"],
        "protocol-2026-11-19/4 is already off control, by protocol-2026-11-26/2",
    ),
    "by-not-later": (
        [*OFF[:3], "protocol-2026-11-19/2", *OFF[4:]],
        "--by protocol-2026-11-19/2: protocol No. 47 of 2026-11-19 is not later than the "
        "point's own protocol No. 47 of 2026-11-19; only a later meeting's decision takes an "
        "instruction off control",
    ),
    "by-no-point": (
        [*OFF[:3], "protocol-2026-11-26/7", *OFF[4:]],
        "--by protocol-2026-11-26/7: protocol No. 48 has no point 7 (its points: 1, 2)",
    ),
    "by-no-protocol": (
        [*OFF[:3], "protocol-2026-12-03/1", *OFF[4:]],
        "--by protocol-2026-12-03/1: there is no protocol protocol-2026-12-03 in the roadmaps "
        "(protocols: protocol-2026-11-19, protocol-2026-11-26); record the meeting's protocol "
        "first (docs/format.md)",
    ),
    "by-not-a-point": (
        [*OFF[:3], "48/2", *OFF[4:]],
        "--by '48/2' is not a protocol point; write it as protocol-YYYY-MM-DD/N, e.g. "
        "protocol-2026-11-26/2",
    ),
    "by-after-on": (
        [*OFF, "--on", "2026-11-25"],
        "--by protocol-2026-11-26/2: protocol No. 48 is dated 2026-11-26, after the change "
        "(2026-11-25); a decision comes before what it allows (give the change's date with --on)",
    ),
    "on-after-today": (
        [*OFF, "--on", "2026-12-01"],
        "--on 2026-12-01 is after today (2026-11-30); record a decision once it is taken",
    ),
    "empty-reason": (
        [*OFF[:5], "  "],
        "give the reason it is taken off control: --reason TEXT (it is recorded)",
    ),
    "roadmap-item": (
        ["off-control", "demo/grid", "--by", "protocol-2026-11-26/2", "--reason", "r"],
        "demo/grid is a roadmap item; only a protocol point is taken off control (to drop an "
        "item, set its status: cancelled)",
    ),
    "done-off-control": (
        ["done", "protocol-2026-11-19/4"],
        "protocol-2026-11-19/4 was taken off control by protocol-2026-11-26/2; an instruction "
        "off control is closed (to put it back under control, remove its off_control: by hand)",
    ),
    "reschedule-off-control": (
        ["reschedule", "protocol-2026-11-19/4", "--to", "2026-12-20", "--reason", "r"],
        "protocol-2026-11-19/4 was taken off control by protocol-2026-11-26/2; an instruction "
        "off control is closed (to put it back under control, remove its off_control: by hand)",
    ),
    "start-move": (
        ["start", "protocol-2026-11-19/1", "--on", "2026-11-27", "--move"],
        "protocol-2026-11-19/1 is a protocol point, which has no start date to move",
    ),
    "reschedule-executed": (
        ["reschedule", "protocol-2026-11-19/3", "--to", "2026-12-20", "--reason", "r"],
        "protocol-2026-11-19/3 is done; a finished item's deadline is history",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_refused_point_edit_writes_nothing(cli: Cli, repo: GitRepo, case: str) -> None:
    """Exit 2, the reason on standard error, nothing on standard output, no file changed."""
    args, message = REFUSALS[case]
    before = snapshot(repo)
    result = cli(*args, "--today", TODAY)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"sezctl: error: {message}\n"
    assert result.stdout == ""
    assert snapshot(repo) == before


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_what_the_point_edits_say_in_kazakh_and_russian(cli: Cli, repo: GitRepo, lang: str) -> None:
    """The summary of each edit of a point and the refusals of off-control, in the language of
    the headquarters (golden)."""
    lines = []
    for case in ("start", "off-control"):
        result = cli(*EDITS[case], "--today", TODAY, "--lang", lang, "--dry-run")
        assert result.exit_code == 0, result.output
        lines.append(result.stderr)
    for case in sorted(REFUSALS):
        result = cli(*REFUSALS[case][0], "--today", TODAY, "--lang", lang)
        assert result.exit_code == 2, result.output
        lines.append(f"{case}: {result.stderr}")
    assert_golden(f"points-edit/messages.{lang}.txt", "".join(lines))


# -- the decision policy covers points ----------------------------------------------------------


def switch_policy_on(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write("sezctl.toml", "[policy]\nmove-without-decision = true\n")
    commit_at(repo, monkeypatch, "2026-11-27", "The HQ moves deadlines only by decision", "HQ")


def test_a_point_moved_without_a_decision_is_refused_by_check_base(
    cli: Cli, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With `move-without-decision` on, a point moved with a reason only, or handed over
    without a decision, fails `check --base`, each at its line with the command to record it."""
    switch_policy_on(repo, monkeypatch)
    moved = cli("reschedule", "protocol-2026-11-19/2", "--to", "2026-12-15", "--reason", "Late",
                "--today", TODAY)  # fmt: skip
    assert moved.exit_code == 0, moved.output
    handed = cli("assign", "protocol-2026-11-19/1", "hq", "--today", TODAY)
    assert handed.exit_code == 0, handed.output
    result = cli("check", "--base", "main", "--today", TODAY)
    assert result.exit_code == 1, result.output
    assert_golden("points-edit/check-move-without-decision.txt", result.stdout)


def test_a_point_moved_by_decision_passes_check_base(
    cli: Cli, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same move and hand-over with --decision pass; so does taking a point off control,
    which always names its decision."""
    switch_policy_on(repo, monkeypatch)
    for case in ("reschedule", "assign", "off-control"):
        assert cli(*EDITS[case], "--today", TODAY).exit_code == 0
    result = cli("check", "--base", "main", "--today", TODAY)
    assert result.exit_code == 0, result.output


def test_a_point_deadline_edited_by_hand_is_refused_by_check_base(
    cli: Cli, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A point's `due:` changed by hand, with no reschedules entry, is a move with no record."""
    switch_policy_on(repo, monkeypatch)
    path = repo.root / P47
    path.write_text(
        path.read_text(encoding="utf-8").replace("due: 2026-12-01", "due: 2026-12-20"), "utf-8"
    )
    result = cli("check", "--base", "main", "--today", TODAY)
    assert result.exit_code == 1, result.output
    assert "deadline-moved-without-reschedule" in result.stdout
    assert "protocol-2026-11-19/2" in result.stdout
