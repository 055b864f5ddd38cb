"""Outputs show the decision, not the commit message (issue #12, point 4): `diff`, `history`
and `show`, in every format, give each deadline move and reassignment the reason and decision
recorded with it -- the protocol's number and point resolved through the loaded protocols,
its chair named as who decided, or the document of a decision taken elsewhere -- and who made
the edit; a move edited by hand shows its commit message flagged "no recorded decision"."""

from __future__ import annotations

import json
from datetime import date

import pytest

from sezctl.core.i18n import localize
from tests.conftest import Cli, GitRepo
from tests.helpers import DECISION_PLAN, assert_golden, commit_at, edit
from tests.helpers import DECISION_PROTOCOL as PROTOCOL

TODAY = "2026-12-02"

OWNERS = """
owners:
  hq:
    name: Operational HQ
  energy:
    name: Energy department
  akim:
    name: Abdikarimov A. B.
"""

PLAN = (  # the decisions' small plan, and a third stage moved by an order
    DECISION_PLAN
    + """  - id: roads
    title: Access roads
    owner: hq
    due: 2026-12-21
"""
)


MOVES = (
    ("reschedule", "grid", "--to", "2027-01-15", "--reason", "Transformer late",
     "--decision", "protocol-2026-11-26/1"),
    ("reschedule", "roads", "--to", "2027-01-29", "--reason", "Asphalt plant closed",
     "--ref", "Akim's order No. 12 of 2026-11-27"),
    ("assign", "grid", "energy", "--reason", "Substation passes over",
     "--decision", "protocol-2026-11-26/2"),
)  # fmt: skip


@pytest.fixture
def decided_repo(cli: Cli, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """An approved plan and a protocol; a move by protocol decision, a move by an akim's
    order (--ref), a reassignment by protocol decision, each committed by the secretary; a
    deadline edited by hand and committed as «обновлены сроки»."""
    monkeypatch.chdir(git_repo.root)
    git_repo.write("roadmaps/owners.yaml", OWNERS)
    git_repo.write("roadmaps/plan.yaml", PLAN)
    git_repo.write("roadmaps/protocols/2026-11-26.yaml", PROTOCOL)
    commit_at(git_repo, monkeypatch, "2026-11-26", "Approved plan", "Clerk")
    for args in MOVES:
        result = cli(*args, "--on", "2026-11-30", "--today", "2026-11-30")
        assert result.exit_code == 0, result.output
        commit_at(git_repo, monkeypatch, "2026-11-30", f"{args[0]} {args[1]}", "Secretary")
    edit(git_repo, "due: 2026-12-18", "due: 2027-02-01")
    commit_at(git_repo, monkeypatch, "2026-12-01", "обновлены сроки", "Somebody")
    return git_repo


def run(cli: Cli, *args: str, lang: str = "en") -> str:
    result = cli(*args, env={"SEZCTL_LANG": lang})
    assert result.exit_code == 0, result.output
    return result.stdout


LATER_PROTOCOL = """
protocol: "49"
date: 2026-12-03
chair: akim
points:
  - point: 1
    text: Take point 2 of protocol No. 48 off control.
    owner: hq
    due: 2026-12-10
"""


# -- diff and history: goldens in every language ---------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_diff_shows_each_decision_and_flags_the_hand_edit(
    cli: Cli, decided_repo: GitRepo, lang: str
) -> None:
    """The diff of the week: the move by protocol No. 48 point 1 (its chair named), the move
    by the akim's order, the hand-over by point 2, each with the secretary's commit; the move
    committed as «обновлены сроки» flagged, with its message, and counted."""
    assert_golden(f"diff-decisions.{lang}.txt", run(cli, "diff", "2026-11-26", "HEAD", lang=lang))


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_history_shows_the_decision_of_each_move_and_reassignment(
    cli: Cli, decided_repo: GitRepo, lang: str
) -> None:
    """`history` of the item moved and handed over by decision, and of the item moved by hand."""
    grid = run(cli, "history", "grid", lang=lang)
    survey = run(cli, "history", "survey", lang=lang)
    assert_golden(f"history-decisions.{lang}.txt", grid + "\n" + survey)


def test_the_narrow_views_and_markdown_show_the_decisions(cli: Cli, decided_repo: GitRepo) -> None:
    """At 80 columns each move is a block with its decision under the commit; Markdown has a
    Reason column beside the commit."""
    narrow = cli("diff", "2026-11-26", "HEAD", env={"COLUMNS": "80"})
    history = cli("history", "grid", env={"COLUMNS": "80"})
    markdown = run(cli, "diff", "2026-11-26", "HEAD", "--format", "markdown")
    assert narrow.exit_code == history.exit_code == 0, narrow.output + history.output
    assert_golden("diff-decisions-80.txt", narrow.stdout + "\n" + history.stdout + "\n" + markdown)


# -- JSON ------------------------------------------------------------------------------------------

PROTOCOL_48 = {"number": "48", "date": "2026-11-26", "chair": "akim"}
CHAIR = {"chair_name": "Abdikarimov A. B."}


def test_diff_json_gives_each_change_its_decision(cli: Cli, decided_repo: GitRepo) -> None:
    """Each change of the diff's JSON carries `decision` (null for the hand edit) and
    `recorded`; the keys it had are all still there."""
    data = json.loads(run(cli, "diff", "2026-11-26", "HEAD", "--format", "json"))
    found = [
        (change["kind"], change["ref"], change["recorded"], change["decision"])
        for change in data["changes"]
    ]
    assert found == [
        ("deadline-moved", "demo/grid", True, {
            "reason": "Transformer late", "decision": "protocol-2026-11-26/1",
            "protocol": {**PROTOCOL_48, "point": "1", **CHAIR}, "ref": None, "on": "2026-11-30",
        }),
        ("deadline-moved", "demo/roads", True, {
            "reason": "Asphalt plant closed", "decision": None, "protocol": None,
            "ref": "Akim's order No. 12 of 2026-11-27", "on": "2026-11-30",
        }),
        ("deadline-moved", "demo/survey", False, None),
        ("reassigned", "demo/grid", True, {
            "reason": "Substation passes over", "decision": "protocol-2026-11-26/2",
            "protocol": {**PROTOCOL_48, "point": "2", **CHAIR}, "ref": None, "on": "2026-11-30",
        }),
    ]  # fmt: skip
    assert list(data["changes"][2]) == [
        "kind", "ref", "title", "owner", "old", "new", "days", "commit", "commits", "decision",
        "recorded",
    ]  # fmt: skip
    assert data["changes"][2]["commit"]["message"] == "обновлены сроки"


def test_history_json_gives_each_change_its_decision(cli: Cli, decided_repo: GitRepo) -> None:
    """`history --format json`: the move and the hand-over by decision, the rest unrecorded."""
    data = json.loads(run(cli, "history", "grid", "--format", "json"))
    found = [
        (change["field"], change["author"], change["recorded"], change["decision"])
        for change in data["changes"]
    ]
    assert found == [
        ("added", "Clerk", False, None),
        ("due", "Secretary", True, {
            "reason": "Transformer late", "decision": "protocol-2026-11-26/1",
            "protocol": {**PROTOCOL_48, "point": "1", **CHAIR}, "ref": None, "on": "2026-11-30",
        }),
        ("baseline", "Secretary", False, None),
        ("owner", "Secretary", True, {
            "reason": "Substation passes over", "decision": "protocol-2026-11-26/2",
            "protocol": {**PROTOCOL_48, "point": "2", **CHAIR}, "ref": None, "on": "2026-11-30",
        }),
    ]  # fmt: skip


def test_a_decision_whose_protocol_is_gone_keeps_its_reference(
    cli: Cli, decided_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The protocols are those of the current files: once the protocol file is gone, the
    recorded decision is shown as written, said to name no protocol point, `protocol` null."""
    decided_repo.git("rm", "--quiet", "roadmaps/protocols/2026-11-26.yaml")
    commit_at(decided_repo, monkeypatch, "2026-12-02", "protocol filed elsewhere", "Clerk")
    data = json.loads(run(cli, "history", "grid", "--format", "json"))
    assert data["changes"][1]["decision"]["protocol"] is None
    assert data["changes"][1]["decision"]["decision"] == "protocol-2026-11-26/1"
    table = run(cli, "history", "grid")
    assert "protocol-2026-11-26/1 (no such protocol point)" in " ".join(table.split())


# -- a point taken off control ---------------------------------------------------------------------


def test_a_point_taken_off_control_shows_its_decision(
    cli: Cli, decided_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point 2 of protocol No. 48 taken off control by point 1 of No. 49: its status change
    in `diff` and `history` gives that decision and its reason, not the commit's message."""
    decided_repo.write("roadmaps/protocols/2026-12-03.yaml", LATER_PROTOCOL)
    edit(
        decided_repo,
        "    owner: energy\n    due: 2026-12-10\n",
        "    owner: energy\n    due: 2026-12-10\n    off_control:\n"
        "      by: protocol-2026-12-03/1\n      reason: The hand-over is done.\n",
        "roadmaps/protocols/2026-11-26.yaml",
    )
    commit_at(decided_repo, monkeypatch, "2026-12-03", "Protocol No. 49", "Secretary")
    data = json.loads(run(cli, "diff", "2026-12-01", "HEAD", "--format", "json"))
    off = [change for change in data["changes"] if change["kind"] == "status-changed"]
    assert [(c["ref"], c["old"], c["new"], c["recorded"], c["decision"]) for c in off] == [
        ("protocol-2026-11-26/2", "planned", "cancelled", True, {
            "reason": "The hand-over is done.", "decision": "protocol-2026-12-03/1",
            "protocol": {"number": "49", "date": "2026-12-03", "point": "1", "chair": "akim",
                         **CHAIR},
            "ref": None, "on": None,
        }),
    ]  # fmt: skip
    markdown = run(cli, "diff", "2026-12-01", "HEAD", "--format", "markdown")
    assert (
        "| protocol-2026-11-26/2 | energy | planned | cancelled | The hand-over is done.; protocol "
        "No. 49 of 2026-12-03, point 1 (chair: Abdikarimov A. B.) | " in markdown
    )
    wide = cli("history", "protocol-2026-11-26/2", env={"COLUMNS": "250"})
    assert wide.exit_code == 0, wide.output
    assert " ".join(wide.stdout.split()).endswith(
        "Secretary status planned cancelled The hand-over is done.; protocol No. 49 of "
        "2026-12-03, point 1 (chair: Abdikarimov A. B.) 2 changes; the deadline moved 0 times, "
        "+0 days in total"
    )


# -- show: from the files --------------------------------------------------------------------------


def test_show_lists_the_recorded_moves_and_reassignments_with_their_decisions(
    cli: Cli, decided_repo: GitRepo
) -> None:
    """`show` reads the files, not git: the item's `reschedules:` and `reassignments:`, each
    with the decision it names resolved through the protocols."""
    table = run(cli, "show", "grid", "--today", TODAY)
    tail = table[table.index("Deadline moves") :]
    assert_golden("show-decisions.txt", tail)
    data = json.loads(run(cli, "show", "grid", "--today", TODAY, "--format", "json"))
    assert data["reschedules"] == [
        {
            "from": "2026-12-15", "to": "2027-01-15", "on": "2026-11-30",
            "reason": "Transformer late", "ref": None, "decision": "protocol-2026-11-26/1",
            "protocol": {**PROTOCOL_48, "point": "1", **CHAIR},
        }
    ]  # fmt: skip
    assert data["reassignments"] == [
        {
            "from": "hq", "to": "energy", "on": "2026-11-30", "reason": "Substation passes over",
            "ref": None, "decision": "protocol-2026-11-26/2",
            "protocol": {**PROTOCOL_48, "point": "2", **CHAIR},
        }
    ]  # fmt: skip


# -- the wording, in one place ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Late; protocol No. 48 of 2026-11-26, point 2 (chair: Abdikarimov A. B.)"),
        ("kk", "Late; 26.11.2026 № 48 хаттама, 2-тармақ (төраға: Abdikarimov A. B.)"),
        ("ru", "Late; протокол № 48 от 26.11.2026, п. 2 (председатель: Abdikarimov A. B.)"),
    ],
)
def test_a_decision_reads_as_officials_write_it(lang: str, expected: str) -> None:
    """decision_text: the reason, then the protocol's number, date and point and its chair."""
    from sezctl.core import i18n
    from sezctl.history.decisions import DecisionBook, ProtocolPoint
    from sezctl.history.versions import RecordedDecision
    from sezctl.render.text import decision_text

    point = ProtocolPoint(
        "protocol-2026-11-26/2", "48", date(2026, 11, 26), "2", "akim", "Abdikarimov A. B."
    )
    book = DecisionBook({point.reference: point})
    record = RecordedDecision(date(2026, 11, 30), "Late", "protocol-2026-11-26/2", None)
    i18n.use_language(lang)
    assert decision_text(record, book) == expected
    assert localize(decision_text(None, book)) == {
        "en": "no recorded decision", "kk": "шешім жазылмаған", "ru": "решение не записано",
    }[lang]  # fmt: skip
    assert decision_text(RecordedDecision(None, "Late", None, None), book) == {
        "en": "Late; no decision named", "kk": "Late; шешім көрсетілмеген",
        "ru": "Late; решение не указано",
    }[lang]  # fmt: skip
