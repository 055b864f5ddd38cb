"""`sezctl agenda`: what the next meeting goes through, on the meeting cadence of sezctl.toml."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sezctl.core.problems import SezctlError
from sezctl.plan.meetings import MeetingCadence, cadence_for
from sezctl.source.config import parse_config
from tests.conftest import Cli, GitRepo
from tests.helpers import assert_golden, commit_at

TODAY = "2026-11-26"


# -- the cadence --------------------------------------------------------------------------------


def _meetings(cadence: MeetingCadence, first: date, count: int) -> list[date]:
    days, day = [], first
    for _ in range(count):
        found = cadence.next_after(day)
        assert found is not None
        days.append(found)
        day = found
    return days


def test_weekly_on_thursdays() -> None:
    """Weekly on Thursday: from a Thursday the next meeting is a week on, from a Friday the
    coming Thursday; the meeting before a Thursday is the Thursday before."""
    cadence = MeetingCadence("FREQ=WEEKLY;BYDAY=TH", date(2026, 1, 1))
    assert cadence.next_after(date(2026, 11, 26)) == date(2026, 12, 3)
    assert cadence.next_after(date(2026, 11, 27)) == date(2026, 12, 3)
    assert cadence.last_before(date(2026, 12, 3)) == date(2026, 11, 26)
    assert cadence.is_meeting_day(date(2026, 11, 26))
    assert not cadence.is_meeting_day(date(2026, 11, 27))
    assert cadence.meetings_between(date(2026, 11, 12), date(2026, 12, 3)) == 3


def test_every_two_weeks_counts_from_the_first_meeting() -> None:
    """every_weeks = 2 alternates from `start`: 26 Nov, 10 Dec, 24 Dec, 7 Jan."""
    text = b'[meetings]\nweekday = "thursday"\nevery_weeks = 2\nstart = 2026-11-26\n'
    config = parse_config(text, Path("sezctl.toml"), "sezctl.toml")
    assert config.meeting_rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"
    cadence = cadence_for(config.meeting_rule, config.meeting_start, [], date(2026, 11, 30))
    assert _meetings(cadence, date(2026, 11, 26), 3) == [
        date(2026, 12, 10), date(2026, 12, 24), date(2027, 1, 7),
    ]  # fmt: skip
    assert cadence.meetings_between(date(2026, 11, 26), date(2026, 12, 24)) == 2


def test_month_end_meets_on_each_months_own_last_day() -> None:
    """BYMONTHDAY=-1: 30 Nov, 31 Dec, 31 Jan, 28 Feb (not skipped, as BYMONTHDAY=31 would)."""
    cadence = MeetingCadence("FREQ=MONTHLY;BYMONTHDAY=-1", date(2026, 1, 1))
    assert _meetings(cadence, date(2026, 11, 15), 4) == [
        date(2026, 11, 30), date(2026, 12, 31), date(2027, 1, 31), date(2027, 2, 28),
    ]  # fmt: skip


def test_without_a_cadence_the_hq_meets_weekly_on_its_latest_protocols_weekday() -> None:
    cadence = cadence_for(None, None, [date(2026, 11, 19), date(2026, 11, 24)], date(2026, 11, 26))
    assert cadence.next_after(date(2026, 11, 26)) == date(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[meetings]\nweekday = "thurs"\n', "weekday must be one of monday"),
        ('[meetings]\nweekday = "friday"\nevery_weeks = 0\n', "every_weeks must be a whole"),
        ('[meetings]\nrrule = "WEEKLY"\n', "rrule must be an RFC 5545 rule"),
        ('[meetings]\nrrule = "FREQ=WEEKLY"\nweekday = "friday"\n', "not both"),
        ('[meetings]\nday = "friday"\n', "unknown setting 'meetings.day'"),
        ("meetings = 1\n", "meetings must be a table"),
    ],
)
def test_a_bad_cadence_is_an_error_naming_the_file(toml: str, message: str) -> None:
    with pytest.raises(SezctlError, match=message) as caught:
        parse_config(toml.encode(), Path("sezctl.toml"), "sezctl.toml")
    assert str(caught.value).startswith("sezctl.toml: ")


# -- the bundled repository ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_bundled_agenda_golden(cli: Cli, lang: str) -> None:
    """The agenda of 3 December 2026, prepared on the day of protocol 48, in each language."""
    result = cli("agenda", "--today", TODAY, "--lang", lang)
    assert result.exit_code == 0, result.output
    assert_golden(f"agenda.{lang}.txt", result.stdout)


def test_bundled_agenda_markdown_golden(cli: Cli) -> None:
    result = cli("agenda", "--today", TODAY, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert_golden("agenda.md", result.stdout)


def test_bundled_agenda_json(cli: Cli) -> None:
    """The JSON names the meeting, the cadence and every part, the same in every language."""
    result = cli("agenda", "--today", TODAY, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["meeting"], data["previous_meeting"], data["following_meeting"]) == (
        "2026-12-03", "2026-11-26", "2026-12-10",
    )  # fmt: skip
    assert data["cadence"] == "FREQ=WEEKLY;INTERVAL=1;BYDAY=TH"
    assert [(p["ref"], p["control"], p["carried_meetings"]) for p in data["points"]] == [
        (f"protocol-2026-11-26/{n}", "not-yet-due", 1) for n in range(1, 6)
    ]
    assert len(data["overdue"]) == 9
    assert [row["ref"] for row in data["due"]][-1] == "protocol-2026-11-26/4"
    assert all(row["at_risk"] for row in data["at_risk"])
    assert data["moves_awaiting_decision"] == []
    kazakh = cli("agenda", "--today", TODAY, "--format", "json", "--lang", "kk")
    assert kazakh.stdout == result.stdout


# -- two protocols in a real repository ----------------------------------------------------------

OWNERS = """
owners:
  abdikarimov:
    name: Абзал Әбдікәрімов
  grid-company:
    name: Өңірлік электр желілік компаниясы
"""
ROADMAP = """
roadmap: power
title: Power
stages:
  - id: substation
    title: Substation
    owner: grid-company
    due: 2026-12-20
    baseline: 2026-11-30
    reschedules:
      - from: 2026-11-30
        to: 2026-12-20
        on: 2026-11-20
        reason: Transformers late.
"""
FIRST = """
protocol: "46"
date: 2026-11-12
chair: abdikarimov
points:
  - point: 1
    text: Submit the delivery schedule.
    owner: grid-company
    due: 2026-11-20
  - point: 2
    text: Report on the feeder.
    owner: grid-company
    due: 2026-11-25
    executed: 2026-11-26
    evidence: letter No. 12-04/1187
  - point: 3
    text: Temporary supply plan.
    owner: grid-company
    due: 2026-12-01
    off_control:
      by: protocol-2026-11-19/1
      reason: Temporary supply dropped.
"""
SECOND = """
protocol: "47"
date: 2026-11-19
chair: abdikarimov
points:
  - point: 1
    text: Take point 46/3 off control.
    owner: abdikarimov
    due: 2026-12-08
"""


@pytest.fixture
def two_protocols(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    git_repo.write("sezctl.toml", '[meetings]\nrrule = "FREQ=WEEKLY;BYDAY=TH"\n')
    git_repo.write("roadmaps/owners.yaml", OWNERS)
    git_repo.write("roadmaps/power.yaml", ROADMAP)
    git_repo.write("roadmaps/protocols/2026-11-12.yaml", FIRST)
    git_repo.write("roadmaps/protocols/2026-11-19.yaml", SECOND)
    commit_at(git_repo, monkeypatch, "2026-11-26", "protocols 46 and 47", "Secretary")
    monkeypatch.chdir(git_repo.root)
    return git_repo


def _points(cli: Cli, *args: str) -> list[tuple[str, str, int, str | None]]:
    result = cli("agenda", "--today", TODAY, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return [
        (p["ref"], p["control"], p["carried_meetings"], p["closed"])
        for p in json.loads(result.stdout)["points"]
    ]


def test_carried_meetings_count_the_cadence_since_each_protocol(
    cli: Cli, two_protocols: GitRepo
) -> None:
    """For 3 December: protocol 46 (12 Nov) is carried to 19 Nov, 26 Nov and 3 Dec, protocol 47
    to 26 Nov and 3 Dec; the point executed on the day of the previous meeting is heard, the one
    taken off control at an earlier meeting is not."""
    assert _points(cli) == [
        ("protocol-2026-11-12/1", "overdue", 3, None),
        ("protocol-2026-11-12/2", "executed", 3, "2026-11-26"),
        ("protocol-2026-11-19/1", "not-yet-due", 2, None),
    ]


def test_an_earlier_date_hears_the_decision_taken_since_its_previous_meeting(
    cli: Cli, two_protocols: GitRepo
) -> None:
    """For 26 November (previous meeting 19 Nov), protocol 47's decision to take 46/3 off
    control is on the agenda, and protocol 46 has been carried two meetings."""
    assert _points(cli, "--date", "2026-11-26") == [
        ("protocol-2026-11-12/1", "overdue", 2, None),
        ("protocol-2026-11-12/2", "executed", 2, "2026-11-26"),
        ("protocol-2026-11-12/3", "off-control", 2, "2026-11-19"),
        ("protocol-2026-11-19/1", "not-yet-due", 1, None),
    ]


def test_two_protocols_table_golden(cli: Cli, two_protocols: GitRepo) -> None:
    """Control status in words: overdue by N days, executed with the evidence, taken off
    control by which point and why; the move without a decision is listed."""
    result = cli("agenda", "--today", TODAY, "--date", "2026-11-26")
    assert result.exit_code == 0, result.output
    assert_golden("agenda-two-protocols.txt", result.stdout)


def test_a_move_without_a_decision_awaits_one(cli: Cli, two_protocols: GitRepo) -> None:
    result = cli("agenda", "--today", TODAY, "--format", "json")
    moves = json.loads(result.stdout)["moves_awaiting_decision"]
    assert moves == [
        {
            "ref": "power/substation", "owner": "grid-company", "from": "2026-11-30",
            "to": "2026-12-20", "on": "2026-11-20", "reason": "Transformers late.",
            "file": "roadmaps/power.yaml", "line": 10,
        }
    ]  # fmt: skip


def test_a_date_off_the_cadence_is_said(cli: Cli, two_protocols: GitRepo) -> None:
    result = cli("agenda", "--today", TODAY, "--date", "2026-11-27")
    assert result.exit_code == 0, result.output
    assert "2026-11-27 is not a meeting day of the cadence FREQ=WEEKLY;BYDAY=TH" in result.stdout
