"""Decisions as data (issue #12, points 3): `reschedule` and `assign` record the decision that
allowed them (`--decision protocol-<date>/<point>`, checked against the loaded protocols, or
`--ref`), `assign` records the hand-over in `reassignments:`, `done --evidence` records what
proves execution, and the opt-in `move-without-decision` rule of `check --base` refuses a move
or a hand-over without a decision.  Everything runs in real git repositories with pinned
dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli, GitRepo
from tests.helpers import DECISION_OWNERS as OWNERS
from tests.helpers import DECISION_PLAN as PLAN
from tests.helpers import DECISION_PROTOCOL as PROTOCOL
from tests.helpers import assert_golden

TODAY = "2026-11-30"


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """Owners, one roadmap and the protocol of 2026-11-26, committed on main."""
    git_repo.write("roadmaps/owners.yaml", OWNERS)
    git_repo.write("roadmaps/plan.yaml", PLAN)
    git_repo.write("roadmaps/protocols/2026-11-26.yaml", PROTOCOL)
    git_repo.commit("Approved plan")
    monkeypatch.chdir(git_repo.root)
    return git_repo


def plan_text(repo: GitRepo) -> str:
    return (repo.root / "roadmaps/plan.yaml").read_text(encoding="utf-8")


def switch_policy_on(repo: GitRepo) -> None:
    repo.write("sezctl.toml", "[policy]\nmove-without-decision = true\n")
    repo.commit("The HQ moves deadlines only by decision")


def test_reschedule_records_the_protocol_point(cli: Cli, repo: GitRepo) -> None:
    """--decision writes `decision:` into the new reschedules entry, and names it in the
    summary and the commit message."""
    result = cli(
        "reschedule", "grid", "--to", "2027-01-15", "--reason", "Transformer late",
        "--decision", "protocol-2026-11-26/1", "--commit", "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "    due: 2027-01-15\n    baseline: 2026-12-15\n" in plan_text(repo)
    assert plan_text(repo).endswith(
        "    reschedules:\n"
        "      - from: 2026-12-15\n"
        "        to: 2027-01-15\n"
        "        on: 2026-11-30\n"
        "        reason: Transformer late\n"
        "        decision: protocol-2026-11-26/1\n"
        "  - id: survey\n    title: Survey\n    owner: hq\n    due: 2026-12-18\n"
    )
    assert repo.git("log", "-1", "--format=%s").strip() == (
        "reschedule demo/grid: 2026-12-15 -> 2027-01-15 (Transformer late; protocol-2026-11-26/1)"
    )


@pytest.mark.parametrize(
    ("decision", "on", "message"),
    [
        (
            "48/1",
            TODAY,
            "--decision '48/1' is not a protocol point; write it as protocol-YYYY-MM-DD/N, "
            "e.g. protocol-2026-11-26/2",
        ),
        (
            "protocol-2026-11-19/1",
            TODAY,
            "--decision protocol-2026-11-19/1: there is no protocol protocol-2026-11-19 in the "
            "roadmaps (protocols: protocol-2026-11-26); record the meeting's protocol first "
            "(docs/format.md)",
        ),
        (
            "protocol-2026-11-26/7",
            TODAY,
            "--decision protocol-2026-11-26/7: protocol No. 48 has no point 7 (its points: 1, 2)",
        ),
        (
            "protocol-2026-11-26/1",
            "2026-11-25",
            "--decision protocol-2026-11-26/1: protocol No. 48 is dated 2026-11-26, after the "
            "change (2026-11-25); a decision comes before what it allows (give the change's "
            "date with --on)",
        ),
    ],
    ids=["not-a-point", "no-such-protocol", "no-such-point", "protocol-after-the-move"],
)
@pytest.mark.parametrize("command", ["reschedule", "assign"])
def test_a_decision_that_does_not_hold_is_refused(
    cli: Cli, repo: GitRepo, command: str, decision: str, on: str, message: str
) -> None:
    """A --decision naming no protocol point of the roadmaps, or a protocol dated after the
    change, is refused with exit 2 and the file is left byte for byte."""
    before = plan_text(repo)
    change = ["grid", "--to", "2027-01-15"] if command == "reschedule" else ["grid", "energy"]
    result = cli(
        command, *change, "--reason", "x", "--decision", decision, "--on", on, "--today", TODAY
    )
    assert result.exit_code == 2, result.output
    assert result.stderr == f"sezctl: error: {message}\n"
    assert plan_text(repo) == before


def test_assign_records_the_reassignment(cli: Cli, repo: GitRepo) -> None:
    """assign appends a reassignments entry with from, to, on, reason and decision."""
    result = cli(
        "assign", "grid", "energy", "--reason", "Grid passes to energy",
        "--decision", "protocol-2026-11-26/2", "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "roadmaps/plan.yaml: assign demo/grid: hq -> energy (Grid passes to energy; "
        "protocol-2026-11-26/2)\n"
    )
    assert plan_text(repo).startswith(
        "roadmap: demo\ntitle: Demo\nstages:\n"
        "  - id: grid\n"
        "    title: Power grid\n"
        "    owner: energy\n"
        "    due: 2026-12-15\n"
        "    reassignments:\n"
        "      - from: hq\n"
        "        to: energy\n"
        "        on: 2026-11-30\n"
        "        reason: Grid passes to energy\n"
        "        decision: protocol-2026-11-26/2\n"
        "  - id: survey\n"
    )
    assert cli("check", "--today", TODAY).exit_code == 0


def test_assign_with_a_ref_records_it(cli: Cli, repo: GitRepo) -> None:
    """A decision outside the HQ is recorded as `ref:`, with no reason when none is given."""
    result = cli("assign", "grid", "energy", "--ref", "Akimat order No. 41", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert (
        "    reassignments:\n      - from: hq\n        to: energy\n        on: 2026-11-30\n"
        "        ref: Akimat order No. 41\n"
    ) in plan_text(repo)


def test_done_records_the_evidence(cli: Cli, repo: GitRepo) -> None:
    """done --evidence writes the evidence after the done date."""
    result = cli(
        "done", "grid", "--on", "2026-11-20", "--evidence", "акт № 12 от 20.11.2026",
        "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "    due: 2026-12-15\n    done: 2026-11-20\n    evidence: акт № 12 от 20.11.2026\n"
        "    status: done\n"
    ) in plan_text(repo)


def test_the_rule_is_off_by_default(cli: Cli, repo: GitRepo) -> None:
    """Without [policy] move-without-decision = true, a move with only a reason passes."""
    cli("reschedule", "grid", "--to", "2027-01-15", "--reason", "Late", "--today", TODAY)
    result = cli("check", "--base", "main", "--today", TODAY)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_a_move_without_decision_is_refused(cli: Cli, repo: GitRepo, lang: str) -> None:
    """With the rule on, `reschedule` with only a reason and a hand edit of the owner are
    refused, each with the command that records the decision."""
    switch_policy_on(repo)
    result = cli(
        "reschedule", "grid", "--to", "2027-01-15", "--reason", "Transformer late",
        "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = plan_text(repo).replace(
        "    owner: hq\n    due: 2026-12-18\n", "    owner: energy\n    due: 2026-12-18\n"
    )
    (repo.root / "roadmaps/plan.yaml").write_text(text, encoding="utf-8")
    result = cli("check", "--base", "main", "--today", TODAY, "--lang", lang)
    assert result.exit_code == 1, result.output
    assert_golden(f"check-move-without-decision.{lang}.txt", result.stdout)


@pytest.mark.parametrize("on", [False, True])
def test_a_hand_edited_deadline_is_told_the_whole_command(
    cli: Cli, repo: GitRepo, on: bool
) -> None:
    """A deadline edited by hand gets `deadline-moved-without-reschedule` with the command that
    records the move; where moves must name their decision, the command names one too, so that
    following it does not meet `move-without-decision` next."""
    if on:
        switch_policy_on(repo)
    text = plan_text(repo).replace("    due: 2026-12-15\n", "    due: 2027-01-15\n", 1)
    (repo.root / "roadmaps/plan.yaml").write_text(text, encoding="utf-8")
    result = cli("check", "--base", "main", "--today", TODAY)
    assert result.exit_code == 1, result.output
    decision = " --decision protocol-YYYY-MM-DD/N" if on else ""
    assert result.stdout == (
        "roadmaps/plan.yaml:7:5: error[deadline-moved-without-reschedule]: demo/grid: the "
        "deadline moved from 2026-12-15 (at main) to 2027-01-15, but no new reschedules entry "
        "records it. Put the deadline back to 2026-12-15 and move it with `sezctl reschedule "
        f'demo/grid --to 2027-01-15 --reason "..."{decision}`, which records why.\n'
    )


@pytest.mark.parametrize(
    "record", [["--decision", "protocol-2026-11-26/1"], ["--ref", "Akimat order No. 41"]]
)
def test_a_recorded_decision_passes(cli: Cli, repo: GitRepo, record: list[str]) -> None:
    """With the rule on, a move and a hand-over that record a decision or a ref pass."""
    switch_policy_on(repo)
    moved = cli(
        "reschedule", "grid", "--to", "2027-01-15", "--reason", "Late", *record, "--today", TODAY
    )
    handed = cli("assign", "survey", "energy", *record, "--today", TODAY)
    assert (moved.exit_code, handed.exit_code) == (0, 0), moved.output + handed.output
    result = cli("check", "--base", "main", "--today", TODAY)
    assert result.exit_code == 0, result.output


def test_the_rule_is_listed_commented_out_by_init(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sezctl init` lists the rule in [policy], commented out with its default, false."""
    monkeypatch.chdir(tmp_path)
    assert cli("init").exit_code == 0
    config = (tmp_path / "sezctl.toml").read_text(encoding="utf-8")
    assert "# move-without-decision = false\n" in config
    assert "# deadline-moved-without-reschedule = true\n" in config
