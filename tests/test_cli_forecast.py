"""Forecasts, the critical path and working days as users meet them on the command line:
`status` (at risk), `show` (forecast, slack), `critical`, `calendar`, `--days working`, the
settings in sezctl.toml and the deadline warning of `check`."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import BUNDLED_ROADMAPS, OWNERS_YAML, Cli
from tests.helpers import assert_golden, run_sezctl

TODAY = "2026-11-26"


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (["critical", "aktobe-sez-infrastructure"], "critical-infrastructure.txt"),
        (["critical", "--format", "json"], "critical.json"),
        (["show", "construction-start"], "show-construction-start.txt"),
        (["status", "--days", "working", "--format", "json"], "status-working.json"),
    ],
)
def test_forecast_outputs_match_golden_files(cli: Cli, args: list[str], golden: str) -> None:
    """The forecast views of the bundled roadmap as of 2026-11-26, pinned byte for byte."""
    result = cli(*args, str(BUNDLED_ROADMAPS), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert_golden(golden, result.stdout)


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (["calendar", "2026"], "calendar-2026.txt"),
        (["calendar", "2025", "--format", "json"], "calendar-2025.json"),
    ],
)
def test_calendar_outputs_match_golden_files(
    cli: Cli, args: list[str], golden: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sezctl calendar` prints the Kazakhstan calendar in use, pinned byte for byte."""
    monkeypatch.chdir(tmp_path)  # no sezctl.toml around
    result = cli(*args)
    assert result.exit_code == 0, result.output
    # The golden file says VERSION: a new release of the package with the same days passes.
    assert_golden(golden, result.stdout.replace(version("holidays"), "VERSION"))


# -- the bundled roadmap's story ---------------------------------------------------------------


def status_json(cli: Cli, *args: str) -> dict[str, object]:
    result = cli("status", str(BUNDLED_ROADMAPS), "--today", TODAY, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_late_design_documents_and_power_grid_put_construction_at_risk(cli: Cli) -> None:
    """As of 2026-11-26 the late design documents (through the state expertise) and the late
    power grid each push the construction start past 30 November; the expertise decides, and
    the rebar plant, planned to start the day after the construction start's deadline, is as
    late as it (41 days)."""
    data = status_json(cli)
    at_risk = {item["id"]: item for item in data["at_risk"]}  # type: ignore[attr-defined]
    assert list(at_risk) == [
        "contractor-procurement",
        "construction-start",
        "phase-1-works",
        "rebar",
        "rebar-construction",
    ]
    start = at_risk["construction-start"]
    assert start["forecast_finish"] == "2027-01-10"
    assert start["forecast_slip_days"] == 41
    assert start["at_risk"] is True and start["section"] == "at-risk"
    assert start["driving_prerequisite"] == "aktobe-sez-infrastructure/state-expertise"
    assert start["root_cause"] == "aktobe-sez-infrastructure/design-documentation"
    assert start["pushed_by"] == [
        "aktobe-sez-infrastructure/state-expertise",
        "aktobe-sez-infrastructure/power-grid",
    ]
    plant = at_risk["rebar-construction"]
    assert plant["driving_prerequisite"] == "aktobe-sez-infrastructure/construction-start"
    assert (plant["forecast_start"], plant["forecast_slip_days"]) == ("2027-01-11", 41)
    assert data["summary"]["at_risk"] == 5  # type: ignore[index]
    overdue = {item["id"]: item for item in data["items"]}  # type: ignore[attr-defined]
    assert overdue["power-grid"]["forecast_finish"] == "2026-12-11"
    assert overdue["power-grid"]["driving_prerequisite"] == (
        "aktobe-sez-infrastructure/distribution-10kv"
    )
    assert overdue["power-grid"]["root_cause"] == "aktobe-sez-infrastructure/substation"


def test_status_table_shows_at_risk_with_what_pushes_it(cli: Cli) -> None:
    """The table has an At risk section naming the prerequisites and where the delay starts,
    and the summary counts the items at risk."""
    result = cli("status", str(BUNDLED_ROADMAPS), "--today", TODAY)
    out = result.stdout
    assert "At risk: not overdue yet, but forecast to miss the deadline" in out
    assert out.index("Overdue") < out.index("At risk") < out.index("Due within 14 days")
    assert "state-expertise" in out and "power-grid" in out
    causes = out[out.index("Where the delay starts") :].splitlines()
    assert [line.rstrip() for line in causes[4:6]] == [
        " design-documentation        5 items at risk",
        " aktobe-sez-infrastructure",
    ]
    assert "9 overdue, 5 at risk, 5 due within 14 days" in out


def test_csv_carries_the_forecast_after_the_core_columns(cli: Cli) -> None:
    """CSV keeps the core columns in place and appends the forecast ones (then the protocol
    point's, docs/exports.md)."""
    result = cli("status", str(BUNDLED_ROADMAPS), "--today", TODAY, "--all", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert list(rows[0])[-10:-6] == [
        "forecast_finish",
        "forecast_slip_days",
        "at_risk",
        "driving_prerequisite",
    ]
    assert list(rows[0])[-6:] == [
        "protocol_number", "protocol_date", "point", "evidence", "off_control_by",
        "off_control_reason",
    ]  # fmt: skip
    start = next(row for row in rows if row["id"] == "construction-start")
    assert (start["forecast_finish"], start["forecast_slip_days"], start["at_risk"]) == (
        "2027-01-10",
        "41",
        "true",
    )


def test_show_reports_forecast_slack_and_what_pushes_the_item(cli: Cli) -> None:
    """power-grid: forecast 2026-12-11 through its distribution task, 30 days of slack."""
    result = cli("show", "power-grid", str(BUNDLED_ROADMAPS), "--today", TODAY, "-f", "json")
    data = json.loads(result.stdout)
    assert data["item"]["forecast_finish"] == "2026-12-11"
    assert data["slack_days"] == 30
    assert data["roadmap_forecast_end"] == "2027-01-10"
    assert data["driving_chain"] == [
        "aktobe-sez-infrastructure/distribution-10kv",
        "aktobe-sez-infrastructure/substation",
    ]
    table = cli("show", "power-grid", str(BUNDLED_ROADMAPS), "--today", TODAY).stdout
    assert "Pushed by       distribution-10kv ← substation" in table
    assert "Slack           30 days" in table


def test_critical_path_of_the_infrastructure(cli: Cli) -> None:
    """The chain from the design networks to the construction start sets the end; the power
    grid has 30 days of slack."""
    result = cli(
        "critical",
        "aktobe-sez-infrastructure",
        str(BUNDLED_ROADMAPS),
        "-f",
        "json",
        "--today",
        TODAY,
    )
    assert result.exit_code == 0, result.output
    (path,) = json.loads(result.stdout)["roadmaps"]
    assert (path["planned_end"], path["forecast_end"], path["end_slip_days"]) == (
        "2026-11-30",
        "2027-01-10",
        41,
    )
    assert [item["id"] for item in path["critical_path"]] == [
        "design-networks",
        "design-documentation",
        "state-expertise",
        "construction-start",
    ]
    assert {item["slack_days"] for item in path["critical_path"]} == {0}
    slack = {item["id"]: item["slack_days"] for item in path["other_open_items"]}
    assert slack["power-grid"] == 30 and slack["utility-networks"] == 44


def test_critical_takes_a_folder_as_its_first_argument(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sezctl critical roadmaps` reads the folder: it is not a roadmap id."""
    monkeypatch.chdir(BUNDLED_ROADMAPS.parent)
    result = cli("critical", "roadmaps", "--today", TODAY, "--format", "json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["roadmaps"]) == 4  # 3 roadmaps, 1 protocol


def test_critical_unknown_roadmap_is_a_usage_error(cli: Cli) -> None:
    """A misspelt roadmap id exits 2 with the closest one suggested."""
    result = cli("critical", "aktobe-sez-infrastructur", str(BUNDLED_ROADMAPS), "--today", TODAY)
    assert result.exit_code == 2
    assert "did you mean 'aktobe-sez-infrastructure'" in result.stderr


# -- working days ---------------------------------------------------------------------------------


def test_working_days_count_every_figure_on_the_kazakhstan_calendar(cli: Cli) -> None:
    """power-grid, due Wednesday 30 September 2026, is 40 working days overdue on 26 November
    (October: 22 weekdays less Republic Day moved to the 26th; November: 19), 57 calendar days;
    its drift from the baseline (31 August) is 22 working days."""
    data = status_json(cli, "--days", "working")
    assert data["days"] == "working"
    grid = next(item for item in data["items"] if item["id"] == "power-grid")  # type: ignore[attr-defined]
    assert grid["overdue_days"] == 40
    assert grid["drift_days"] == 22
    table = cli("status", str(BUNDLED_ROADMAPS), "--today", TODAY, "--days", "working").stdout
    assert "Overdue (working days)" in table
    assert "due within 14 working days" in table


def test_days_come_from_the_config_file_and_the_option_wins(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: Callable[[str, str], Path]
) -> None:
    """days = "working" in sezctl.toml is the default; --days calendar overrides it; extra
    holidays in the config count."""
    write("sezctl.toml", 'days = "working"\nholidays = [2026-11-20, "19.11.2026"]\n')
    write("roadmaps/plan.yaml", OWNERS_YAML + GRID)
    monkeypatch.chdir(tmp_path)
    working = json.loads(cli("status", "--today", TODAY, "--format", "json").stdout)
    # Due Friday 2026-11-13; Mon 16 .. Thu 26 are 9 weekdays, two of them declared holidays.
    assert (working["days"], working["items"][0]["overdue_days"]) == ("working", 7)
    calendar = json.loads(
        cli("status", "--today", TODAY, "--format", "json", "--days", "calendar").stdout
    )
    assert (calendar["days"], calendar["items"][0]["overdue_days"]) == ("calendar", 13)


GRID = """
roadmap: demo
title: Demo
stages:
  - id: grid
    title: Power grid
    owner: abdikarimov
    due: 2026-11-13
"""


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ('days = "business"\n', 'days must be "calendar" or "working"'),
        ("holidays = 2026-08-31\n", "holidays must be a list of dates"),
        ('holidays = ["31/08/2026"]\n', "holidays: '31/08/2026' is not a date"),
        ("working_days = [2026-08-31T09:00:00]\n", "working_days must list dates"),
        ("warn_non_working_deadline = 1\n", "warn_non_working_deadline must be a true or false"),
        (
            "holidays = [2026-08-31]\nworking_days = [2026-08-31]\n",
            "2026-08-31 is in both holidays and working_days",
        ),
    ],
)
def test_bad_calendar_settings_are_exit_two(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    write: Callable[[str, str], Path],
    config: str,
    message: str,
) -> None:
    """A malformed calendar setting names the file and the setting, exit 2."""
    write("sezctl.toml", config)
    write("roadmaps/plan.yaml", OWNERS_YAML + GRID)
    monkeypatch.chdir(tmp_path)
    result = cli("status", "--today", TODAY)
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_calendar_shows_the_days_the_config_adds(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: Callable[[str, str], Path]
) -> None:
    """The December 2025 edition of the 2026 calendar had 31 August off: adding it back gives
    its 246 working days, and the day is shown with the config as its source."""
    write("sezctl.toml", "holidays = [2026-08-31]\n")
    monkeypatch.chdir(tmp_path)
    data = json.loads(cli("calendar", "2026", "--format", "json").stdout)
    assert data["working_days"] == 246
    added = next(entry for entry in data["days"] if entry["date"] == "2026-08-31")
    assert (added["working"], added["source"]) == (False, "config")
    assert data["config"] == "sezctl.toml"


def test_calendar_year_defaults_to_this_year(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a year, `sezctl calendar` shows the year of today (or --today)."""
    monkeypatch.chdir(tmp_path)
    data = json.loads(cli("calendar", "--today", "2025-03-01", "--format", "json").stdout)
    assert (data["year"], data["working_days"]) == (2025, 246)


# -- the deadline warning ---------------------------------------------------------------------


ON_A_HOLIDAY = """
roadmap: demo
title: Demo
stages:
  - id: expertise
    title: State expertise
    owner: abdikarimov
    due: 2026-12-16
"""


def test_check_warns_about_a_deadline_on_a_holiday_and_status_does_not(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: Callable[[str, str], Path]
) -> None:
    """`check` warns (exit 1 with --strict); status in calendar days does not look; status in
    working days counts the warning on stderr and still reports."""
    write("roadmaps/plan.yaml", OWNERS_YAML + ON_A_HOLIDAY)
    monkeypatch.chdir(tmp_path)
    check = cli("check", "--today", TODAY, "--strict")
    assert check.exit_code == 1
    assert "warning[non-working-deadline]" in check.stdout
    assert "(Тәуелсіздік күні)" in check.stdout
    status = cli("status", "--today", TODAY)
    assert status.exit_code == 0 and status.stderr == ""
    working = cli("status", "--today", TODAY, "--days", "working")
    assert working.exit_code == 0
    assert working.stderr == "sezctl: 1 warning: see `sezctl check`\n"


def test_the_deadline_warning_can_be_switched_off(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: Callable[[str, str], Path]
) -> None:
    """warn_non_working_deadline = false silences it."""
    write("sezctl.toml", "warn_non_working_deadline = false\n")
    write("roadmaps/plan.yaml", OWNERS_YAML + ON_A_HOLIDAY)
    monkeypatch.chdir(tmp_path)
    result = cli("check", "--today", TODAY, "--strict")
    assert result.exit_code == 0, result.output


# -- scale -------------------------------------------------------------------------------------


def test_status_on_a_chain_of_10000_items(
    cli: Cli, tmp_path: Path, write: Callable[[str, str], Path]
) -> None:
    """A file with a 10,000-item dependency chain loads, checks and forecasts (no recursion
    limit anywhere): on a day after the last deadline every item is overdue, each one waits for
    the one before, and the critical path is the whole chain."""
    lines = [OWNERS_YAML, "roadmap: long\ntitle: Long\nstages:\n"]
    for number in range(10_000):
        lines.append(
            f"  - id: i{number}\n    title: Step {number}\n    owner: abdikarimov\n"
            f"    due: {_iso(number)}\n"
        )
        if number:
            lines.append(f"    depends_on: [i{number - 1}]\n")
    (tmp_path / "long.yaml").write_text("".join(lines), encoding="utf-8")
    today = _iso(10_000)
    path_to = str(tmp_path / "long.yaml")
    result = cli("critical", "long", path_to, "--today", today, "-f", "json")
    assert result.exit_code == 0, result.stderr[-2000:]
    (path,) = json.loads(result.stdout)["roadmaps"]
    assert len(path["critical_path"]) == 10_000
    assert path["forecast_end"] == today
    status = cli("status", path_to, "--today", today, "--format", "json")
    assert json.loads(status.stdout)["summary"]["overdue"] == 10_000


def _iso(number: int) -> str:
    from datetime import date, timedelta

    return (date(2026, 1, 1) + timedelta(days=number)).isoformat()


def test_owners_count_working_days_and_say_so(cli: Cli) -> None:
    """`owners --days working`: the grid company's worst item, the substation (due Tuesday
    15 September), is 51 working days overdue (11 + 21 + 19, Republic Day moved to Monday
    26 October); the table and the JSON name the unit."""
    result = cli(
        "owners", str(BUNDLED_ROADMAPS), "--today", TODAY, "--days", "working", "-f", "json"
    )
    data = json.loads(result.stdout)
    assert data["days"] == "working"
    grid = next(row for row in data["owners"] if row["owner"] == "grid-company")
    assert (grid["worst"], grid["worst_overdue_days"]) == (
        "aktobe-sez-infrastructure/substation",
        51,
    )
    table = cli("owners", str(BUNDLED_ROADMAPS), "--today", TODAY, "--days", "working").stdout
    assert table.startswith("Owners as of 2026-11-26 (working days)")


# -- a delay down a chain planned back to back (issue #16) ---------------------------------------


CHAIN_DURATIONS = [3, 7, 14, 0, 30, 5, 9, 1, 21, 4]


def write_back_to_back_chain(folder: Path) -> Path:
    """design, 10 days overdue on 2026-11-26, then ten stages, each planned the usual way: it
    starts the day after the deadline of the one before, which it depends on."""
    from datetime import date, timedelta

    due = date(2026, 11, 16)
    lines = [
        OWNERS_YAML,
        "roadmap: chain\ntitle: Back to back\nstages:\n",
        "  - id: design\n    title: Design\n    owner: aitymbetov\n",
        f"    start: 2026-10-01\n    due: {due}\n    status: in-progress\n",
    ]
    previous = "design"
    for number, duration in enumerate(CHAIN_DURATIONS, start=1):
        start = due + timedelta(days=1)
        due = start + timedelta(days=duration)
        lines.append(
            f"  - id: stage-{number}\n    title: Этап {number}\n    owner: aitymbetov\n"
            f"    start: {start}\n    due: {due}\n    depends_on: [{previous}]\n"
        )
        previous = f"stage-{number}"
    path = folder / "chain.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_a_delay_reaches_the_end_of_a_chain_planned_back_to_back(tmp_path: Path) -> None:
    """Issue #16 as users met it: design is 10 days overdue and ten stages follow it back to
    back.  `status` and `critical` (real processes) forecast every stage 10 days late and the
    roadmap's end 10 days late; before the fix the k-th stage was 10 - k days late and the end
    9 days too early."""
    write_back_to_back_chain(tmp_path)
    status = run_sezctl(
        "status", "chain.yaml", "--today", "2026-11-26", "--all", "--format", "json", cwd=tmp_path
    )
    assert status.returncode == 0, status.stderr
    assert status.stderr == ""
    items = {item["id"]: item for item in json.loads(status.stdout)["items"]}
    assert {name: item["forecast_slip_days"] for name, item in items.items()} == {
        "design": 10,
        **{f"stage-{number}": 10 for number in range(1, 11)},
    }
    assert items["stage-1"]["forecast_start"] == "2026-11-27"  # the day after design can finish
    assert items["stage-10"]["due"] == "2027-02-28"  # 94 days of work, 10 handovers
    assert items["stage-10"]["forecast_finish"] == "2027-03-10"
    at_risk = [item["id"] for item in json.loads(status.stdout)["at_risk"]]
    # stage-1 (due 11-20) is overdue already; every later stage is due later, and at risk.
    assert at_risk == [f"stage-{number}" for number in range(2, 11)]
    critical = run_sezctl(
        "critical", "chain", "chain.yaml", "--today", "2026-11-26", "--format", "json", cwd=tmp_path
    )
    assert critical.returncode == 0, critical.stderr
    (path,) = json.loads(critical.stdout)["roadmaps"]
    assert (path["planned_end"], path["forecast_end"], path["end_slip_days"]) == (
        "2027-02-28",
        "2027-03-10",
        10,
    )
    assert [item["id"] for item in path["critical_path"]] == list(items)
    assert {item["slack_days"] for item in path["critical_path"]} == {0}


def test_critical_takes_warning_days_from_the_config_like_status(tmp_path: Path) -> None:
    """With `warning_days = 200` in sezctl.toml, `critical` puts each of the 42 open items of
    the bundled roadmap in the section `status` puts it in (real processes): 22 due soon, not
    3.  It used to keep the default 14 days, and 19 items said "other" in `critical` but
    "due-soon" in `status`."""
    shutil.copytree(BUNDLED_ROADMAPS, tmp_path / "roadmaps")
    (tmp_path / "sezctl.toml").write_text("warning_days = 200\n", encoding="utf-8")
    common = ("--today", TODAY, "--format", "json")
    status = run_sezctl("status", "--all", *common, cwd=tmp_path)
    critical = run_sezctl("critical", *common, cwd=tmp_path)
    assert (status.returncode, critical.returncode) == (0, 0), status.stderr + critical.stderr
    assert json.loads(status.stdout)["summary"]["warning_days"] == 200
    in_status = {item["ref"]: item["section"] for item in json.loads(status.stdout)["items"]}
    in_critical = {
        item["ref"]: item["section"]
        for path in json.loads(critical.stdout)["roadmaps"]
        for item in path["critical_path"] + path["other_open_items"]
    }
    assert len(in_critical) == 47  # with the five points of the bundled protocol
    assert in_critical == {ref: in_status[ref] for ref in in_critical}
    assert Counter(in_critical.values()) == {"due-soon": 27, "overdue": 9, "other": 6, "at-risk": 5}
    assert in_critical["aktobe-sez-hq/hq-closure"] == "due-soon"  # due 2027-04-15: 140 days
