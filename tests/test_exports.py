"""`sezctl export`: ICS read back by the icalendar parser (stable bytes), a Mermaid Gantt chart
with escaped titles, and CSV/JSON of every item, safe for spreadsheets."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest

from sezctl.render.mermaid import escape_mermaid
from tests.conftest import BUNDLED_ROADMAPS, OWNERS_YAML, REPO, Cli

TODAY = "2026-11-26"

TRICKY = """
roadmap: demo
title: "Demo: phase #1; <b>bold</b> & more"
approved: 2026-01-10
stages:
  - id: grid
    title: "=HYPERLINK(\\"http://x\\"); title: section x %% comment"
    owner: aitymbetov
    start: 2026-03-01
    due: 2026-09-30
    baseline: 2026-06-30
    status: in-progress
    note: "Line one\\nline two, with a comma; and \\\\ backslash"
    reschedules:
      - from: 2026-06-30
        to: 2026-09-30
        on: 2026-06-15
        reason: Cable late
  - id: title-check
    title: "title Not a chart title"
    owner: abdikarimov
    due: 2026-10-31
    done: 2026-10-30
  - id: dropped
    title: Dropped idea
    owner: abdikarimov
    due: 2026-05-01
    status: cancelled
"""


@pytest.fixture
def tricky(write: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    write("roadmaps/owners.yaml", OWNERS_YAML)
    path = write("roadmaps/demo.yaml", TRICKY)
    monkeypatch.chdir(path.parent.parent)
    return path


def export(cli: Cli, *args: str) -> str:
    """The export's standard output exactly as written (the runner's .stdout folds CRLF)."""
    result = cli("export", "--today", TODAY, *args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")


# -- ICS ----------------------------------------------------------------------------------------


def test_ics_is_read_back_by_icalendar_with_one_all_day_event_per_item(cli: Cli) -> None:
    """The icalendar parser reads the bundled roadmap's export: one VEVENT per item, all-day
    on the deadline (DTEND the day after), UID from the reference, SUMMARY the title."""
    text = export(cli, str(BUNDLED_ROADMAPS))
    calendar = icalendar.Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    items = json.loads(export(cli, str(BUNDLED_ROADMAPS), "--format", "json"))["items"]
    assert len(events) == len(items) > 50
    by_uid = {str(event["UID"]): event for event in events}
    grid = by_uid["aktobe-sez-infrastructure/power-grid@sezctl"]
    assert grid.decoded("DTSTART") == date(2026, 9, 30)
    assert grid.decoded("DTEND") == date(2026, 10, 1)
    assert grid["DTSTART"].params["VALUE"] == "DATE"
    assert str(grid["SUMMARY"]) == next(i["title"] for i in items if i["id"] == "power-grid")
    assert str(calendar["VERSION"]) == "2.0"
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_ics_export_is_byte_identical_on_another_day_and_process(cli: Cli) -> None:
    """Re-exporting an unchanged roadmap gives the same bytes: no clock in UID, DTSTAMP or
    anywhere else; another day, another process, same output."""
    first = export(cli, str(BUNDLED_ROADMAPS))
    later = cli("export", str(BUNDLED_ROADMAPS), "--today", "2027-03-01").stdout_bytes.decode()
    process = subprocess.run(
        [sys.executable, "-m", "sezctl", "export", str(BUNDLED_ROADMAPS)],
        capture_output=True, check=True, cwd=REPO,
        env={**os.environ, "SEZCTL_TODAY": "2027-01-15"},
    )  # fmt: skip
    assert first == later == process.stdout.decode("utf-8")


def test_ics_stamps_and_sequence_come_from_the_data(cli: Cli, tricky: Path) -> None:
    """DTSTAMP is the latest recorded date (approval, reschedule decision, done date); SEQUENCE
    counts the recorded moves; a cancelled item is a CANCELLED event; text is escaped and
    survives the round trip."""
    calendar = icalendar.Calendar.from_ical(export(cli))
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    grid = events["demo/grid@sezctl"]
    assert grid.decoded("DTSTAMP").isoformat() == "2026-06-15T00:00:00+00:00"
    assert int(grid["SEQUENCE"]) == 1
    assert str(grid["SUMMARY"]) == '=HYPERLINK("http://x"); title: section x %% comment'
    description = str(grid["DESCRIPTION"])
    assert "Owner: Мақсат Айтымбетов (aitymbetov)" in description
    assert "Baseline: 2026-06-30" in description
    assert description.endswith("Line one\nline two, with a comma; and \\ backslash")
    done = events["demo/title-check@sezctl"]
    assert done.decoded("DTSTAMP").isoformat() == "2026-10-30T00:00:00+00:00"
    assert str(events["demo/dropped@sezctl"]["STATUS"]) == "CANCELLED"
    assert str(grid["STATUS"]) == "CONFIRMED"


def test_ics_for_one_owner_is_their_own_calendar(cli: Cli) -> None:
    """--owner keeps only that owner's deadlines and names the calendar after them."""
    calendar = icalendar.Calendar.from_ical(
        export(cli, str(BUNDLED_ROADMAPS), "--owner", "grid-company")
    )
    items = json.loads(
        export(cli, str(BUNDLED_ROADMAPS), "--format", "json", "--owner", "grid-company")
    )["items"]
    events = list(calendar.walk("VEVENT"))
    assert {str(e["UID"]) for e in events} == {f"{i['ref']}@sezctl" for i in items}
    assert items and all(item["owner"] == "grid-company" for item in items)
    assert str(calendar["X-WR-CALNAME"]) == "Roadmap deadlines: Өңірлік электр желілік компаниясы"


def test_unknown_owner_is_exit_two_with_a_suggestion(cli: Cli) -> None:
    """A typo in --owner is a usage error with the closest id."""
    result = cli("export", str(BUNDLED_ROADMAPS), "--owner", "grid-compny")
    assert result.exit_code == 2
    assert "did you mean 'grid-company'?" in result.stderr


def test_export_refuses_invalid_files(cli: Cli, write: Callable[[str, str], Path]) -> None:
    """Like status, an export of files with errors is refused (exit 1, problems on stderr)."""
    write("owners.yaml", OWNERS_YAML)
    path = write("r.yaml", "roadmap: r\ntitle: R\nstages:\n  - id: x\n    title: X\n")
    result = cli("export", str(path.parent))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "missing-key" in result.stderr


def run_sezctl(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """sezctl in a real process: the exact bytes it writes, and its exit code."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    env.pop("SEZCTL_TODAY", None)
    return subprocess.run(
        [sys.executable, "-m", "sezctl", *args], cwd=cwd, env=env, capture_output=True, timeout=60
    )


@pytest.mark.parametrize("fmt", ["csv", "ics", "json", "mermaid"])
def test_escaped_control_characters_never_reach_an_export(
    fmt: str, write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    """A title `"\\e[2J"` (clears the screen) and a note `"\\0 \\u202e \\x85"`, written as
    escapes in double quotes, are located problems: the export is refused (exit 1), nothing
    reaches standard output; the refusal names the first three (`sezctl check` lists all)."""
    write("roadmaps/owners.yaml", OWNERS_YAML)
    write(
        "roadmaps/r.yaml",
        r"""
        roadmap: r
        title: R
        stages:
          - id: x
            title: "Grid\e[2J"
            owner: aitymbetov
            due: 2026-09-30
            note: "a\0b\u202ec\x85"
        """,
    )
    done = run_sezctl("export", "--format", fmt, "--today", TODAY, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout == b""
    assert done.stderr.decode("utf-8").splitlines()[:4] == [
        "roadmaps/r.yaml:5:17: error[control-character]: the escape \\e makes the invisible or "
        "control character U+001B (control character) in this value; delete the escape.",
        "roadmaps/r.yaml:8:13: error[control-character]: the escape \\0 makes the invisible or "
        "control character U+0000 (control character) in this value; delete the escape.",
        "roadmaps/r.yaml:8:16: error[control-character]: the escape \\u202e makes the invisible "
        "or control character U+202E (RIGHT-TO-LEFT OVERRIDE) in this value; delete the escape.",
        "… and 1 more: `sezctl check`",
    ]
    assert b"\x1b" not in done.stderr


def test_ics_of_a_deadline_on_the_last_representable_day(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    """`due: 9999-12-31` is a valid date: its event has no DTEND (RFC 5545 reads a DATE start
    without an end as one day), the others keep theirs; no OverflowError, exit 0."""
    write("roadmaps/owners.yaml", OWNERS_YAML)
    write(
        "roadmaps/r.yaml",
        """
        roadmap: r
        title: R
        approved: 0001-01-01
        stages:
          - id: first
            title: First
            owner: aitymbetov
            due: 0001-01-01
          - id: last
            title: Last
            owner: aitymbetov
            due: 9999-12-31
        """,
    )
    done = run_sezctl("export", "--format", "ics", "--today", TODAY, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    events = {
        str(event["UID"]): event
        for event in icalendar.Calendar.from_ical(done.stdout.decode("utf-8")).walk("VEVENT")
    }
    last, first = events["r/last@sezctl"], events["r/first@sezctl"]
    assert last.decoded("DTSTART") == date(9999, 12, 31)
    assert "DTEND" not in last
    assert b"DTSTART;VALUE=DATE:99991231\r\nDTSTAMP:00010101T000000Z\r\nUID:r/last" in (done.stdout)
    assert (first.decoded("DTSTART"), first.decoded("DTEND")) == (date(1, 1, 1), date(1, 1, 2))


# -- Mermaid ------------------------------------------------------------------------------------


def test_mermaid_gantt_of_the_tricky_roadmap(cli: Cli, tricky: Path) -> None:
    """The whole chart: header, a section per roadmap, tags from status and slippage, a
    milestone without a start, cancelled items left out, every special character escaped."""
    assert export(cli, "--format", "mermaid") == (
        "gantt\n"
        "    title Roadmap deadlines as of 2026-11-26\n"
        "    dateFormat YYYY-MM-DD\n"
        "    inclusiveEndDates\n"
        "    section Demo#58; phase #35;1#59; #60;b#62;bold#60;/b#62; #38; more\n"
        "    =HYPERLINK(#34;http#58;//x#34;)#59; title#58; section x #37;#37; comment "
        ":active, crit, 2026-03-01, 2026-09-30\n"
        "    #116;itle Not a chart title :done, milestone, 2026-10-31, 0d\n"
    )


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a:b", "a#58;b"),
        ("#1; next", "#35;1#59; next"),
        ("line\nbreak", "line break"),
        ("%%{init}%%", "#37;#37;#123;init#125;#37;#37;"),
        ("Section 2", "#83;ection 2"),
        ("dateFormat x", "#100;ateFormat x"),
        ("", "#8203;"),
        ("Қосалқы станция", "Қосалқы станция"),
    ],
)
def test_mermaid_escaping(text: str, escaped: str) -> None:
    """Syntax characters become entity codes, keywords lose their first letter to one, line
    breaks fold, an empty name becomes a zero-width space, letters stay."""
    assert escape_mermaid(text) == escaped


def test_mermaid_task_lines_cannot_break_out(cli: Cli) -> None:
    """On the bundled roadmap, every task line has exactly one ':' (the data separator) and
    no ';' or '%%' outside entity codes."""
    chart = export(cli, str(BUNDLED_ROADMAPS), "--format", "mermaid")
    lines = chart.splitlines()
    assert lines[0] == "gantt"
    tasks = [line for line in lines[4:] if not line.startswith("    section ")]
    assert tasks
    for line in tasks:
        name, data = line.split(" :")
        assert ":" not in name and "%%" not in name
        assert all(part.strip() for part in data.split(","))


# -- CSV and JSON -------------------------------------------------------------------------------


def test_csv_lists_every_item_and_neutralises_formulas(cli: Cli, tricky: Path) -> None:
    """Every item, cancelled ones too; UTF-8 with BOM; a title starting with '=' is prefixed
    with an apostrophe; multi-line notes stay one quoted cell."""
    text = export(cli, "--format", "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [row["ref"] for row in rows] == ["demo/grid", "demo/title-check", "demo/dropped"]
    grid = rows[0]
    assert grid["title"] == '\'=HYPERLINK("http://x"); title: section x %% comment'
    assert grid["owner_name"] == "Мақсат Айтымбетов"
    assert grid["note"] == "Line one\nline two, with a comma; and \\ backslash"
    assert (grid["due"], grid["baseline"], grid["drift_days"]) == (
        "2026-09-30",
        "2026-06-30",
        "92",
    )


def test_json_lists_every_item_with_the_status_fields(cli: Cli) -> None:
    """JSON of all items (not only the overdue ones), with the documented item fields."""
    data = json.loads(export(cli, str(BUNDLED_ROADMAPS), "--format", "json"))
    status = json.loads(
        cli("status", str(BUNDLED_ROADMAPS), "--all", "--format", "json", "--today", TODAY).stdout
    )
    assert data["today"] == TODAY and data["owner"] is None
    assert sorted(item["ref"] for item in data["items"]) == sorted(
        item["ref"] for item in status["items"]
    )
    first = data["items"][0]
    assert first["ref"] == "aktobe-sez-hq/hq-setup"  # file order, not urgency
    assert {"overdue_days", "late_days", "drift_days", "owner_name", "due"} <= first.keys()


def test_export_help_has_examples(cli: Cli) -> None:
    """`sezctl export --help` lists the formats and examples."""
    result = cli("export", "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "mermaid" in result.stdout


# -- the real Mermaid parser (optional: needs Node.js and `npm install mermaid@11 jsdom`) -------

MERMAID = os.environ.get("SEZCTL_MERMAID")
ENTITY = re.compile("\ufb02\u00b0\u00b0(\\d+)\u00b6\u00df")  # Mermaid's placeholder for "#NN;"


def parse_with_mermaid(*charts: Path) -> list[dict[str, Any]]:
    done = subprocess.run(
        ["node", str(REPO / "tests" / "tools" / "mermaid_parse.mjs"), *map(str, charts)],
        capture_output=True, text=True, check=True, timeout=120,
        env={**os.environ, "TZ": "UTC"},
    )  # fmt: skip
    return [json.loads(line) for line in done.stdout.splitlines()]


def decoded(text: str) -> str:
    """Mermaid's parser keeps entity codes as placeholders until it draws: decode them."""
    return ENTITY.sub(lambda match: chr(int(match.group(1))), text)


@pytest.mark.skipif(
    not MERMAID or shutil.which("node") is None,
    reason="set SEZCTL_MERMAID to a folder with `npm install mermaid@11 jsdom` (docs/exports.md)",
)
def test_mermaid_parser_reads_every_task_and_title_back(
    cli: Cli, tricky: Path, tmp_path: Path
) -> None:
    """Mermaid's own parser accepts the charts, finds one task per item (cancelled ones left
    out) with its dates and flags, and the escaped titles decode to the titles as written."""
    (tmp_path / "tricky.mmd").write_text(export(cli, "--format", "mermaid"), encoding="utf-8")
    bundled = export(cli, str(BUNDLED_ROADMAPS), "--format", "mermaid")
    (tmp_path / "bundled.mmd").write_text(bundled, encoding="utf-8")
    tricky_chart, bundled_chart = parse_with_mermaid(
        tmp_path / "tricky.mmd", tmp_path / "bundled.mmd"
    )
    assert tricky_chart["ok"] and bundled_chart["ok"], (tricky_chart, bundled_chart)
    assert [decoded(s) for s in tricky_chart["sections"]] == ["Demo: phase #1; <b>bold</b> & more"]
    assert [(decoded(t[0]).strip(), *t[2:]) for t in tricky_chart["tasks"]] == [
        # inclusiveEndDates: the bar ends when the deadline's day ends
        ('=HYPERLINK("http://x"); title: section x %% comment', "2026-03-01", "2026-10-01",
         ["active", "crit"]),
        ("title Not a chart title", "2026-10-31", "2026-10-31", ["done", "milestone"]),
    ]  # fmt: skip
    items = json.loads(export(cli, str(BUNDLED_ROADMAPS), "--format", "json"))["items"]
    assert len(bundled_chart["tasks"]) == sum(1 for i in items if i["status"] != "cancelled")


# -- CSV: the columns of a protocol point ---------------------------------------------------------


def test_csv_gives_each_point_its_protocol_evidence_and_off_control_decision(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`export` and `status --format csv` end with protocol_number, protocol_date, point,
    evidence, off_control_by and off_control_reason: filled for a point (a cell a spreadsheet
    would run as a formula gets its '), empty for a roadmap item but for its evidence."""
    shutil.copytree(Path(__file__).parent / "data" / "points", tmp_path / "roadmaps")
    protocol = tmp_path / "roadmaps" / "protocols" / "2026-11-19.yaml"
    text = protocol.read_text(encoding="utf-8")
    protocol.write_text(text.replace("reason: Газ құбыры", "reason: =Газ құбыры"), "utf-8")
    plan = tmp_path / "roadmaps" / "plan.yaml"
    plan.write_text(
        plan.read_text("utf-8") + "    done: 2026-11-20\n    evidence: акт № 12\n", "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    columns = ["ref", "protocol_number", "protocol_date", "point", "evidence", "off_control_by",
               "off_control_reason"]  # fmt: skip
    expected = [
        ["demo/grid", "", "", "", "акт № 12", "", ""],
        ["protocol-2026-11-19/1", "47", "2026-11-19", "1", "", "", ""],
        ["protocol-2026-11-19/2", "47", "2026-11-19", "2", "", "", ""],
        ["protocol-2026-11-19/3", "47", "2026-11-19", "3", "хат № 12-04/1187", "", ""],
        ["protocol-2026-11-19/4", "47", "2026-11-19", "4", "", "protocol-2026-11-26/2",
         "'=Газ құбыры жоспардан алынды."],
        ["protocol-2026-11-19/5", "47", "2026-11-19", "5", "", "", ""],
        ["protocol-2026-11-26/1", "48", "2026-11-26", "1", "", "", ""],
        ["protocol-2026-11-26/2", "48", "2026-11-26", "2", "", "", ""],
    ]  # fmt: skip
    for command in (["export"], ["status"]):
        result = cli(*command, "--format", "csv", "--today", "2026-11-30")
        assert result.exit_code == 0, result.output
        rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
        header = rows[0]
        assert header[-6:] == columns[1:]
        if command == ["export"]:
            assert header[:18] == [
                "roadmap", "id", "ref", "parent", "title", "owner", "owner_name", "status",
                "start", "due", "baseline", "done", "overdue_days", "late_days", "drift_days",
                "days_left", "depends_on", "note",
            ]  # fmt: skip
        records = [dict(zip(header, row, strict=True)) for row in rows[1:]]
        if "ref" not in header:
            for record in records:
                record["ref"] = f"{record['roadmap']}/{record['id']}"
        got = sorted([record[column] for column in columns] for record in records)
        if command == ["export"]:
            assert got == expected
        else:  # status lists what needs attention, each with the same cells as the export
            assert ["protocol-2026-11-19/1", "47", "2026-11-19", "1", "", "", ""] in got
            assert all(row in expected for row in got)
