"""Executive discipline per owner (`sezctl owners --period`, #12 point 6): exact figures on a
real git repository with pinned dates, goldens in three languages, periods, plural forms."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sezctl.core.problems import SezctlError
from sezctl.reports.discipline import Period, parse_period
from tests.conftest import Cli, GitRepo
from tests.helpers import assert_golden, commit_at, edit

PLAN = """
owners:
  hq:
    name: Operational HQ
  aliya:
    name: Aliya Nurlanovna
  bek:
    name: Bek Serikov
roadmap: demo
title: Demo
stages:
  - id: a
    title: Land allotment
    owner: aliya
    due: 2026-03-15
  - id: b
    title: Design documents
    owner: aliya
    due: 2026-04-30
  - id: c
    title: State expertise
    owner: hq
    due: 2026-04-30
  - id: d
    title: Procurement
    owner: hq
    due: 2026-11-30
  - id: e
    title: Grid connection
    owner: hq
    due: 2026-02-10
  - id: f
    title: Dropped study
    owner: hq
    due: 2026-05-01
    status: cancelled
  - id: g
    title: Last year's survey
    owner: bek
    due: 2025-12-31
"""

TODAY = "2026-11-26"


@pytest.fixture
def history(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """Moves before, in and across the period 2026; a reassignment after a move."""
    repo = git_repo
    repo.write("sezctl.toml", 'roadmaps = "roadmaps"\ntimezone = "Asia/Almaty"\n')
    repo.write("roadmaps/plan.yaml", PLAN)
    commit_at(repo, monkeypatch, "2025-12-01", "Roadmap approved", "HQ")
    edit(repo, "    due: 2025-12-31", "    due: 2025-12-31\n    done: 2025-12-20")
    edit(repo, "    due: 2026-03-15", "    due: 2026-03-31")  # before the period: not counted
    commit_at(repo, monkeypatch, "2025-12-20", "Survey done; allotment moved", "HQ")
    edit(repo, "    due: 2026-02-10", "    due: 2026-02-10\n    done: 2026-02-20")
    edit(repo, "    owner: hq\n    due: 2026-04-30", "    owner: hq\n    due: 2026-05-31")
    commit_at(repo, monkeypatch, "2026-03-01", "weekly update", "HQ")  # c moved by hand, hq's
    edit(repo, "    due: 2026-03-31", "    due: 2026-03-31\n    done: 2026-03-20")
    edit(
        repo,
        "    owner: aliya\n    due: 2026-04-30",
        "    owner: aliya\n    due: 2026-06-30\n    baseline: 2026-04-30\n    reschedules:\n"
        "      - from: 2026-04-30\n        to: 2026-06-30\n        on: 2026-04-20\n"
        "        reason: Expertise returned the design",
    )
    commit_at(repo, monkeypatch, "2026-04-20", "reschedule demo/b", "Aliya")
    edit(repo, "    due: 2026-06-30\n", "    due: 2026-06-30\n    done: 2026-06-15\n")
    commit_at(repo, monkeypatch, "2026-06-15", "design done", "Aliya")
    edit(repo, "    due: 2026-11-30", "    due: 2026-12-20")
    commit_at(repo, monkeypatch, "2026-09-01", "обновлены сроки", "HQ")  # d moved by hand
    edit(repo, "    owner: hq\n    due: 2026-05-31", "    owner: aliya\n    due: 2026-05-31")
    commit_at(repo, monkeypatch, "2026-10-01", "c handed to Aliya", "HQ")
    monkeypatch.chdir(repo.root)
    return repo


def owners_json(cli: Cli, *args: str) -> dict[str, object]:
    result = cli("owners", "--today", TODAY, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_exact_figures_per_owner_for_a_year(cli: Cli, history: GitRepo) -> None:
    """Each owner's due, on time, late, missed, rate and moves, against the approved deadline;
    the move made while hq owned c stays hq's after c is handed to aliya."""
    data = owners_json(cli, "--period", "2026")
    assert data["period"] == {"from": "2026-01-01", "to": "2026-12-31"}
    rows = {row["owner"]: row for row in data["owners"]}  # type: ignore[attr-defined]
    assert [row["owner"] for row in data["owners"]] == ["hq", "aliya", "bek"]  # type: ignore[attr-defined]
    assert rows["aliya"] == {
        "owner": "aliya", "name": "Aliya Nurlanovna", "role": None,
        "due": 3, "on_time": 1, "late": 1, "missed": 1, "not_yet_due": 0,
        "on_time_percent": 33.3, "late_within_moved": 1,
        "moves": 1, "days_moved": 61, "unrecorded_moves": 0, "off_control": 0,
        "late_items": ["demo/b"], "missed_items": ["demo/c"],
    }  # fmt: skip
    assert rows["hq"] == {
        "owner": "hq", "name": "Operational HQ", "role": None,
        "due": 2, "on_time": 0, "late": 1, "missed": 0, "not_yet_due": 1,
        "on_time_percent": 0.0, "late_within_moved": 0,
        "moves": 2, "days_moved": 51, "unrecorded_moves": 2, "off_control": 0,
        "late_items": ["demo/e"], "missed_items": [],
    }  # fmt: skip
    assert rows["bek"]["due"] == 0 and rows["bek"]["on_time_percent"] is None
    total = data["total"]
    assert isinstance(total, dict)
    assert (total["due"], total["on_time"], total["late"], total["missed"]) == (5, 1, 2, 1)
    assert (total["on_time_percent"], total["moves"], total["days_moved"]) == (25.0, 3, 112)


def test_a_month_counts_only_its_deadlines_and_moves(cli: Cli, history: GitRepo) -> None:
    """--period 2026-09: nothing is due, d's move of 2026-09-01 is the only one counted."""
    data = owners_json(cli, "--period", "2026-09")
    total = data["total"]
    assert isinstance(total, dict)
    assert (total["due"], total["moves"], total["days_moved"], total["unrecorded_moves"]) == (
        0, 1, 20, 1,
    )  # fmt: skip


def test_working_days_count_the_moves_in_working_days(cli: Cli, history: GitRepo) -> None:
    """--days working: d's move 2026-11-30 -> 2026-12-20 is 13 working days (weekends and
    Independence Day, 16 December, off), not 20."""
    data = owners_json(cli, "--period", "2026-09", "--days", "working")
    assert data["days"] == "working"
    assert data["total"]["days_moved"] == 13  # type: ignore[index]


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_discipline_table_golden(cli: Cli, history: GitRepo, lang: str) -> None:
    """The table an akimat reads, in each language, with the total and the notes."""
    result = cli("owners", "--period", "2026", "--today", TODAY, "--lang", lang)
    assert result.exit_code == 0, result.output
    assert_golden(f"discipline-table.{lang}.txt", result.stdout)


def test_discipline_markdown_golden(cli: Cli, history: GitRepo) -> None:
    """Markdown for a wiki page: the same figures, the total in bold, the notes below."""
    result = cli("owners", "--period", "2026", "--today", TODAY, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert_golden("discipline.md", result.stdout)


def test_discipline_csv_golden(cli: Cli, history: GitRepo) -> None:
    """CSV for a spreadsheet: one line per owner, then the total as owner '*'."""
    result = cli("owners", "--period", "2026", "--today", TODAY, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert_golden("discipline.csv", result.stdout)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_machine_output_is_the_same_in_every_language(cli: Cli, history: GitRepo, fmt: str) -> None:
    """JSON and CSV do not depend on the language of the run."""
    outputs = {
        lang: cli(
            "owners", "--period", "2026", "--today", TODAY, "--format", fmt, "--lang", lang
        ).stdout
        for lang in ("en", "kk", "ru")
    }
    assert outputs["en"] == outputs["kk"] == outputs["ru"]


@pytest.mark.parametrize(
    ("period", "count", "expected"),
    [
        (
            "2026-09",
            1,
            "1 перенос срока без записанного основания (изменён вручную, см. sezctl diff).",
        ),
        (
            "2026",
            2,
            "2 переноса срока без записанного основания (изменены вручную, см. sezctl diff).",
        ),
    ],
)
def test_notes_use_the_russian_plural_forms(
    cli: Cli, history: GitRepo, period: str, count: int, expected: str
) -> None:
    """The note on unrecorded moves takes the Russian form of its count."""
    result = cli(
        "owners", "--period", period, "--today", TODAY, "--lang", "ru", env={"COLUMNS": "300"}
    )
    assert result.exit_code == 0, result.output
    assert expected in result.stdout


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026-01-01..2026-12-31", date(2026, 1, 1), date(2026, 12, 31)),
        ("01.10.2026..31.12.2026", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-05-05..2026-05-05", date(2026, 5, 5), date(2026, 5, 5)),
    ],
)
def test_periods_that_are_accepted(text: str, first: date, last: date) -> None:
    """A range in either date notation, a year, a month (leap years right) or a quarter."""
    assert parse_period(text) == Period(first, last, text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-13", "--period '2026-13': write FROM..TO"),
        ("2026-Q5", "--period '2026-Q5': write FROM..TO"),
        ("26", "--period '26': write FROM..TO"),
        ("2026-05-01..2026-04-01", "--period '2026-05-01..2026-04-01': the period ends before"),
        ("2026-02-30..2026-04-01", "'2026-02-30' is not a real calendar date"),
        ("2026-01-01..", "'' is not a date"),
    ],
)
def test_periods_that_are_refused(text: str, message: str) -> None:
    """A period that is not one of the forms says which forms there are."""
    with pytest.raises(SezctlError) as error:
        parse_period(text)
    assert message in str(error.value)


def test_a_bad_period_is_exit_2_before_git_is_asked(cli: Cli, tmp_path: Path) -> None:
    """--period is checked first: outside any repository the error is still about the period."""
    result = cli("owners", "--period", "2026-13", "--today", TODAY, str(tmp_path))
    assert result.exit_code == 2
    assert "--period '2026-13'" in result.stderr


def test_the_docs_show_the_real_table() -> None:
    """docs/discipline.md's example is the English golden table, line for line."""
    doc = (Path(__file__).parent.parent / "docs" / "discipline.md").read_text(encoding="utf-8")
    golden = (Path(__file__).parent / "golden" / "discipline-table.en.txt").read_text("utf-8")
    assert "".join(line.rstrip() + "\n" for line in golden.splitlines()) in doc


# -- instructions taken off control (#12: the points' off_control:) ------------------------------

PROTOCOL_12 = """
protocol: "12"
date: 2026-05-14
chair: hq
points:
  - point: 1
    text: Submit the land plan.
    owner: aliya
    due: 2026-05-29
    executed: 2026-05-28
  - point: 2
    text: Report on the temporary feeder.
    owner: bek
    due: 2026-06-30
  - point: 3
    text: Agree the grid route.
    owner: bek
    due: 2026-07-31
"""

PROTOCOL_13 = """
protocol: "13"
date: 2026-06-11
chair: hq
points:
  - point: 1
    text: The temporary feeder and the grid route are no longer needed.
    owner: hq
    due: 2026-06-11
    executed: 2026-06-11
"""


@pytest.fixture
def protocols(cli: Cli, history: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """Two of bek's points of protocol No. 12 taken off control by protocol No. 13 of
    2026-06-11, with `sezctl off-control`; the protocols are committed after the history."""
    history.write("roadmaps/protocols/2026-05-14.yaml", PROTOCOL_12)
    history.write("roadmaps/protocols/2026-06-11.yaml", PROTOCOL_13)
    commit_at(history, monkeypatch, "2026-10-08", "protocols No. 12 and 13", "HQ")
    for point in ("protocol-2026-05-14/2", "protocol-2026-05-14/3"):
        result = cli(
            "off-control", point, "--by", "protocol-2026-06-11/1", "--reason", "Not needed",
            "--on", "2026-06-11", "--today", "2026-10-08",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    commit_at(history, monkeypatch, "2026-10-08", "off control", "HQ")
    return history


def test_off_control_counts_for_the_owner_in_the_month_of_the_decision(
    cli: Cli, protocols: GitRepo
) -> None:
    """bek's two points count as taken off control in June 2026, the month of protocol No. 13,
    not in May (their own protocol) nor in July (their deadline); they are never due."""
    counts = {}
    for period in ("2026-05", "2026-06", "2026-07", "2026"):
        data = owners_json(cli, "--period", period)
        rows = {row["owner"]: row for row in data["owners"]}  # type: ignore[attr-defined]
        bek = rows["bek"]
        counts[period] = (bek["off_control"], bek["due"], data["total"]["off_control"])  # type: ignore[index]
    assert counts == {"2026-05": (0, 0, 0), "2026-06": (2, 0, 2), "2026-07": (0, 0, 0),
                      "2026": (2, 0, 2)}  # fmt: skip


def test_discipline_table_with_off_control_golden(cli: Cli, protocols: GitRepo) -> None:
    """June 2026: aliya's point executed on time, hq's deciding point, bek's two points off
    control."""
    result = cli("owners", "--period", "2026-06", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert_golden("discipline-off-control.en.txt", result.stdout)


def test_the_docs_show_the_real_off_control_table() -> None:
    """docs/discipline.md's off-control example is the golden table, line for line."""
    doc = (Path(__file__).parent.parent / "docs" / "discipline.md").read_text(encoding="utf-8")
    golden = Path(__file__).parent / "golden" / "discipline-off-control.en.txt"
    text = golden.read_text("utf-8")
    assert "".join(line.rstrip() + "\n" for line in text.splitlines()) in doc
