"""The command line as users meet it: outputs (golden files), exit codes, streams, discovery."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import sezctl
from tests.conftest import BUNDLED_ROADMAPS, OWNERS_YAML, REPO, TESTS, Cli, run_in_terminal
from tests.helpers import assert_golden, run_sezctl

GOLDEN = TESTS / "golden"
TODAY = "2026-11-26"


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (["status"], "status-table.txt"),
        (["status", "--format", "json"], "status.json"),
        (["status", "--format", "markdown"], "status.md"),
        (["status", "--all", "--format", "csv"], "status-all.csv"),
        (["status", "--owner", "aitymbetov", "--all"], "status-aitymbetov.txt"),
        (["owners"], "owners-table.txt"),
        (["owners", "--format", "json"], "owners.json"),
        (["show", "aktobe-sez-infrastructure/power-grid"], "show-power-grid.txt"),
        (["show", "power-grid", "--format", "json"], "show-power-grid.json"),
    ],
)
def test_bundled_roadmap_outputs_match_golden_files(cli: Cli, args: list[str], golden: str) -> None:
    """Every renderer's output on the bundled roadmap as of 2026-11-26 is pinned byte for byte."""
    result = cli(*args, str(BUNDLED_ROADMAPS), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert_golden(golden, result.stdout)


def test_status_json_is_built_from_the_model(cli: Cli) -> None:
    """JSON carries every documented field with ISO dates, nulls and exact day counts."""
    result = cli("status", str(BUNDLED_ROADMAPS), "--today", TODAY, "--format", "json")
    data = json.loads(result.stdout)
    assert data["today"] == TODAY
    first = data["items"][0]
    required = {
        "roadmap",
        "id",
        "title",
        "owner",
        "owner_name",
        "status",
        "start",
        "due",
        "baseline",
        "done",
        "overdue_days",
        "late_days",
        "drift_days",
        "depends_on",
    }
    assert required <= first.keys()
    grid = next(i for i in data["items"] if i["id"] == "power-grid")
    assert grid["due"] == "2026-09-30"
    assert grid["overdue_days"] == 57
    assert grid["done"] is None and grid["late_days"] is None
    assert grid["drift_days"] == 30  # baseline 2026-08-31
    assert data["summary"]["overdue"] == len(data["items"]) == 9
    days = [i["overdue_days"] for i in data["items"]]
    assert days == sorted(days, reverse=True)


def test_status_json_keeps_kazakh_and_russian_text_verbatim(cli: Cli) -> None:
    """Non-ASCII titles appear as UTF-8 in the JSON, not as \\u escapes."""
    result = cli("status", str(BUNDLED_ROADMAPS), "--today", TODAY, "--format", "json")
    assert "Электрмен жабдықтау" in result.stdout
    assert "\\u04" not in result.stdout


def test_everything_is_on_time_before_the_first_deadline(
    cli: Cli, write: Callable[[str, str], Path]
) -> None:
    """Before the first deadline nothing is overdue and the table says so."""
    folder = _roadmap(write, WARNING_ONLY).parent
    result = cli("status", str(folder), "--today", "2026-01-10")
    assert result.exit_code == 0, result.output
    assert "Nothing is overdue." in result.stdout


def test_today_comes_from_the_environment_variable(cli: Cli) -> None:
    """SEZCTL_TODAY gives the same figures as --today."""
    by_env = cli("status", str(BUNDLED_ROADMAPS), "--format", "json", env={"SEZCTL_TODAY": TODAY})
    by_option = cli("status", str(BUNDLED_ROADMAPS), "--format", "json", "--today", TODAY)
    assert by_env.stdout == by_option.stdout


@pytest.mark.parametrize("value", ["26.11.2026", "2026-11-26"])
def test_today_accepts_both_date_notations(cli: Cli, value: str) -> None:
    """--today takes the ISO and the local DD.MM.YYYY notation."""
    result = cli("status", str(BUNDLED_ROADMAPS), "--format", "json", "--today", value)
    assert json.loads(result.stdout)["today"] == TODAY


@pytest.mark.parametrize("value", ["26/11/2026", "2026-02-30", "tomorrow", ""])
def test_bad_today_is_a_usage_error(cli: Cli, value: str) -> None:
    """A --today that is not a real date in an accepted notation exits 2 with a message."""
    result = cli("status", str(BUNDLED_ROADMAPS), "--today", value)
    assert result.exit_code == 2, result.output
    assert "--today" in result.stderr
    assert result.stdout == ""


def test_fail_on_overdue_exits_one_only_when_something_is_overdue(cli: Cli) -> None:
    """--fail-on-overdue turns overdue items into exit 1 (for CI), and is 0 when all is on time."""
    late = cli("status", str(BUNDLED_ROADMAPS), "--today", TODAY, "--fail-on-overdue")
    assert late.exit_code == 1, late.output
    on_time = cli(
        "status",
        str(BUNDLED_ROADMAPS),
        "--today",
        "2026-11-26",
        "--fail-on-overdue",
        "--roadmap",
        "aktobe-sez-hq",
        "--owner",
        "abdikarimov",
    )
    assert on_time.exit_code == 0, on_time.output


def test_check_on_the_bundled_roadmap_is_clean(cli: Cli) -> None:
    """The bundled roadmap passes its own strict check; the summary goes to stderr."""
    result = cli("check", str(BUNDLED_ROADMAPS), "--today", TODAY, "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "0 errors, 0 warnings in 5 files\n"


def _roadmap(write: Callable[[str, str], Path], body: str) -> Path:
    return write("rm/roadmap.yaml", OWNERS_YAML + body)


INCONSISTENT = """
roadmap: demo
title: Demo
stages:
  - id: grid
    title: Power grid
    owner: abdikarimov
    start: 2026-05-01
    due: 2026-04-01
  - id: works
    title: Works
    owner: aitymbetov
    due: 2026-03-01
    depends_on: [grid]
"""


def test_check_reports_every_problem_sorted_with_exit_one(
    cli: Cli, write: Callable[[str, str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """check prints each problem as path:line:col: severity[code]: message, sorted, exit 1."""
    _roadmap(write, INCONSISTENT)
    monkeypatch.chdir(tmp_path)
    result = cli("check", "rm", "--today", TODAY)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [
        "rm/roadmap.yaml:14:5: error[start-after-due]: demo/grid starts on 2026-05-01, after its "
        "deadline 2026-04-01; move the start or the deadline.",
        "rm/roadmap.yaml:20:18: error[due-not-after-prerequisite]: demo/works is due 2026-03-01, "
        "not after its prerequisite demo/grid (due 2026-04-01); move one deadline.",
    ]
    assert result.stderr == "2 errors, 0 warnings in 1 file\n"


def test_check_json_lists_problems_and_counts(
    cli: Cli, write: Callable[[str, str], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """check --format json gives machine-readable problems and a summary."""
    _roadmap(write, INCONSISTENT)
    monkeypatch.chdir(tmp_path)
    result = cli("check", "rm", "--today", TODAY, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"] == {"errors": 2, "warnings": 0, "files": 1}
    assert [(p["line"], p["column"], p["code"]) for p in data["problems"]] == [
        (14, 5, "start-after-due"),
        (20, 18, "due-not-after-prerequisite"),
    ]


def test_status_refuses_invalid_files_with_problems_on_stderr(
    cli: Cli, write: Callable[[str, str], Path]
) -> None:
    """status never prints a half-right table: problems go to stderr, stdout stays empty, exit 1."""
    folder = _roadmap(write, INCONSISTENT).parent
    result = cli("status", str(folder), "--today", TODAY, "--format", "json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "error[start-after-due]" in result.stderr


WARNING_ONLY = """
roadmap: demo
title: Demo
stages:
  - id: grid
    title: Power grid
    owner: abdikarimov
    start: 2026-05-01
    due: 2026-06-01
    tasks:
      - id: substation
        title: Substation
        owner: aitymbetov
        start: 2026-04-01
        due: 2026-05-15
"""


def test_warnings_pass_unless_strict(cli: Cli, write: Callable[[str, str], Path]) -> None:
    """Warnings alone exit 0; with --strict they exit 1; status still reports, and counts the
    warnings in one line instead of repeating them (`check` lists them)."""
    folder = _roadmap(write, WARNING_ONLY).parent
    relaxed = cli("check", str(folder), "--today", TODAY)
    assert relaxed.exit_code == 0, relaxed.output
    assert "warning[task-starts-before-parent]" in relaxed.stdout
    strict = cli("check", str(folder), "--today", TODAY, "--strict")
    assert strict.exit_code == 1
    status = cli("status", str(folder), "--today", TODAY, "--format", "json")
    assert status.exit_code == 0
    assert [i["id"] for i in json.loads(status.stdout)["items"]] == ["substation", "grid"]
    assert status.stderr == f"sezctl: 1 warning: see `sezctl check {folder}`\n"


MARKUP = """
roadmap: demo
title: Demo
stages:
  - id: grid
    title: "[/bold] [red]Power[/red] :warning: =HYPERLINK(\\"http://x\\")"
    owner: abdikarimov
    due: 2026-06-01
  - id: roads
    title: "=1+2"
    owner: aitymbetov
    due: 2026-07-01
    note: "@SUM(A1)"
"""


def test_user_text_is_never_markup_in_tables(cli: Cli, write: Callable[[str, str], Path]) -> None:
    """Rich markup and emoji codes in a title print literally."""
    folder = _roadmap(write, MARKUP).parent
    result = cli("status", str(folder), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "[/bold] [red]Power[/red] :warning:" in result.stdout
    assert "\x1b[" not in result.stdout


def test_csv_neutralises_formulas_and_carries_a_bom(
    cli: Cli, write: Callable[[str, str], Path]
) -> None:
    """CSV cells that a spreadsheet would run as formulas are prefixed with a quote."""
    folder = _roadmap(write, MARKUP).parent
    result = cli("status", str(folder), "--today", TODAY, "--format", "csv")
    assert result.stdout.startswith("\ufeffroadmap,")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert [row["title"] for row in rows] == [
        '[/bold] [red]Power[/red] :warning: =HYPERLINK("http://x")',
        "'=1+2",
    ]
    assert rows[0]["overdue_days"] == "178"


def test_markdown_escapes_table_breaking_text(cli: Cli, write: Callable[[str, str], Path]) -> None:
    """A pipe or HTML in a title cannot break the Markdown table or inject markup."""
    body = MARKUP.replace('"=1+2"', '"a | <script>x</script>"')
    folder = _roadmap(write, body).parent
    result = cli("status", str(folder), "--today", TODAY, "--format", "markdown")
    assert "a \\| &lt;script&gt;x&lt;/script&gt;" in result.stdout
    assert "<script>" not in result.stdout


def test_filters_and_unknown_filter_values(cli: Cli) -> None:
    """--roadmap narrows the report; an unknown owner is a usage error with a suggestion."""
    result = cli(
        "status",
        str(BUNDLED_ROADMAPS),
        "--today",
        TODAY,
        "--format",
        "json",
        "--roadmap",
        "aktobe-sez-hq",
    )
    assert {i["roadmap"] for i in json.loads(result.stdout)["items"]} == {"aktobe-sez-hq"}
    unknown = cli("status", str(BUNDLED_ROADMAPS), "--today", TODAY, "--owner", "aitymbetv")
    assert unknown.exit_code == 2
    assert "did you mean 'aitymbetov'" in unknown.stderr


def test_show_unknown_item_suggests_the_closest(cli: Cli) -> None:
    """show with a misspelt item exits 2 and names the closest id."""
    result = cli("show", "power-gird", str(BUNDLED_ROADMAPS), "--today", TODAY)
    assert result.exit_code == 2
    assert result.stderr == "sezctl: error: no item 'power-gird' (did you mean 'power-grid'?)\n"


def test_missing_path_is_exit_two(cli: Cli, tmp_path: Path) -> None:
    """A path that does not exist is an environment error, not a roadmap problem."""
    result = cli("check", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr


def test_unknown_option_is_exit_two(cli: Cli) -> None:
    """Bad options are usage errors (exit 2)."""
    assert cli("status", "--no-such-option").exit_code == 2
    assert cli("status", "--format", "xml").exit_code == 2


def test_roadmaps_folder_is_found_from_a_subfolder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: Callable[[str, str], Path]
) -> None:
    """Run anywhere inside the repository, sezctl walks up to find roadmaps/."""
    (tmp_path / ".git").mkdir()
    write("roadmaps/owners.yaml", OWNERS_YAML)
    write("roadmaps/demo.yaml", WARNING_ONLY)
    deep = tmp_path / "docs" / "meetings"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = cli("check", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "../../roadmaps/demo.yaml:13:9: warning[task-starts-before-parent]: demo/substation "
        "starts 2026-04-01, before its parent grid (2026-05-01).\n"
    )


def test_no_roadmaps_folder_gives_a_hint(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside any roadmap repository sezctl says what to do, exit 2, no traceback."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    result = cli("status")
    assert result.exit_code == 2
    assert "no roadmaps/ folder" in result.stderr
    assert "Traceback" not in result.output


def test_config_file_sets_folder_and_warning_window(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: Callable[[str, str], Path]
) -> None:
    """sezctl.toml names the roadmaps folder and the due-soon window."""
    write("sezctl.toml", 'roadmaps = "plans"\nwarning_days = 200\n')
    write("plans/all.yaml", OWNERS_YAML + WARNING_ONLY)
    monkeypatch.chdir(tmp_path)
    result = cli("status", "--today", "2026-01-01", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"]["warning_days"] == 200
    assert data["items"] == []
    assert [i["id"] for i in data["due_soon"]] == ["substation", "grid"]


def test_bad_config_file_is_exit_two(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: Callable[[str, str], Path]
) -> None:
    """An unknown setting in sezctl.toml is reported with the file name, exit 2."""
    write("sezctl.toml", "warn_days = 3\n")
    monkeypatch.chdir(tmp_path)
    result = cli("status")
    assert result.exit_code == 2
    assert "unknown setting 'warn_days'" in result.stderr


def test_internal_errors_exit_three_without_traceback(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug inside sezctl gives exit 3 and a please-report line, never a bare traceback."""
    import sezctl.reports.status

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(sezctl.reports.status, "build_status_report", broken)
    result = cli("status", str(BUNDLED_ROADMAPS), "--today", TODAY)
    assert result.exit_code == 3
    assert "internal error: ZeroDivisionError: boom" in result.stderr
    assert "Please report it" in result.stderr
    assert "Traceback" not in result.output


def test_version_and_help(cli: Cli) -> None:
    """--version prints the package version; every command's help carries examples."""
    assert cli("--version").stdout == f"sezctl {sezctl.__version__}\n"
    for command in ("check", "status", "owners", "show"):
        result = cli(command, "--help")
        assert result.exit_code == 0
        assert "Examples:" in result.stdout


def _process(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return run_sezctl(*args, cwd=cwd)


def test_python_dash_m_runs_in_a_real_process() -> None:
    """`python -m sezctl` works as a process, with UTF-8 output and no colour when piped."""
    completed = _process("status", "--today", TODAY, "--format", "json")
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["summary"]["overdue"] == 9
    assert "\x1b[" not in completed.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("status", "--today", TODAY, "--all"), 0),
        (("status", "--today", TODAY, "--fail-on-overdue"), 1),
        (("status", "--today", "30.02.2026"), 2),
        (("check", "--today", TODAY, "--format", "sarif"), 0),
        (("no-such-command",), 2),
        (("--version",), 0),
    ],
)
def test_a_real_process_ends_with_every_byte_written_and_its_exit_code(
    cli: Cli, args: tuple[str, ...], code: int
) -> None:
    """The entry point ends the process without tearing it down (sezctl.__main__): standard
    output and error still arrive whole, as the in-process run prints them, with the exit
    code the CLI decided (1 and 2 included)."""
    completed = _process(*args)
    in_process = cli(*args)
    assert (completed.returncode, in_process.exit_code) == (code, code)
    assert completed.stdout == in_process.stdout
    assert completed.stderr == in_process.stderr
    assert completed.stdout or completed.stderr


def test_a_reader_that_goes_away_is_not_an_error() -> None:
    """`sezctl status --all --format json | head -c 1` ends quietly with exit 0: no traceback,
    no "Exception ignored" from the last flush.  The JSON (91 KB) is larger than what the pipe
    and `head` take before `head` exits, so the write does meet a closed pipe."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert reader.stdin is not None and reader.stdout is not None
    done = subprocess.run(
        [sys.executable, "-m", "sezctl", "status", "--all", "--today", TODAY, "--format", "json"],
        cwd=REPO,
        env=env,
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        check=False,
    )
    reader.stdin.close()
    with reader.stdout:
        assert reader.stdout.read() == b"{"
    assert reader.wait() == 0
    assert (done.returncode, done.stderr) == (0, b"")


def _run_in_terminal(env_extra: dict[str, str]) -> str:
    """Run `sezctl status` attached to a pseudo-terminal and return what the terminal got."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update({"COLUMNS": "120", "TERM": "xterm-256color", **env_extra})
    command = [sys.executable, "-m", "sezctl", "status", "--today", TODAY]
    return run_in_terminal(command, REPO, env)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_colour_on_a_terminal_and_none_with_no_color() -> None:
    """On a terminal overdue days are coloured; NO_COLOR=1 turns every colour off."""
    import re

    # An SGR sequence that sets a foreground colour (30-38, 90-97); bold/italic are not colour.
    colour = re.compile(r"\x1b\[(?:\d+;)*(?:3[0-8]|9[0-7])(?:;\d+)*m")
    coloured = _run_in_terminal({})
    assert colour.search(coloured)
    assert "Электрмен жабдықтау" in coloured
    plain = _run_in_terminal({"NO_COLOR": "1"})
    assert not colour.search(plain)
    assert "Электрмен жабдықтау" in plain


ALL_COMMAND_MODULES = sorted(
    f"sezctl.cli.commands.{name}"
    for name in (
        "agenda", "calendar", "check", "critical", "edit", "export", "history", "init",
        "meeting", "schema", "status",
    )
)  # fmt: skip
ALL_COMMANDS = sorted(
    [
        "agenda",
        "assign",
        "calendar",
        "check",
        "critical",
        "diff",
        "done",
        "export",
        "history",
        "init",
        "off_control",
        "owners",
        "reschedule",
        "report",
        "schema",
        "show",
        "start",
        "status",
    ]
)

SHOW_COMMAND_MODULES = """
import sys
from sezctl.cli import main as cli
cli.register_commands(sys.argv[1:])
print(sorted(name for name in sys.modules if name.startswith("sezctl.cli.commands.")))
print(sorted(info.callback.__name__ for info in cli.app.registered_commands))
"""


@pytest.mark.parametrize(
    ("argv", "modules", "commands"),
    [
        (["status"], ["sezctl.cli.commands.status"], ["status"]),
        (["check", "--strict"], ["sezctl.cli.commands.check"], ["check"]),
        (["--version", "show", "x"], ["sezctl.cli.commands.status"], ["show"]),
        (["done", "x"], ["sezctl.cli.commands.edit"], ["done"]),
        (["off-control", "x"], ["sezctl.cli.commands.edit"], ["off_control"]),
        (["critical", "--today", "2026-11-26"], ["sezctl.cli.commands.critical"], ["critical"]),
        (["report"], ["sezctl.cli.commands.meeting"], ["report"]),
        (["export"], ["sezctl.cli.commands.export"], ["export"]),
        (["--help"], ALL_COMMAND_MODULES, ALL_COMMANDS),
        (["--help", "status"], ALL_COMMAND_MODULES, ALL_COMMANDS),
        (["-h", "done"], ALL_COMMAND_MODULES, ALL_COMMANDS),
        (["status", "--help"], ["sezctl.cli.commands.status"], ["status"]),
        (["no-such-command"], ALL_COMMAND_MODULES, ALL_COMMANDS),
        (["statu"], ALL_COMMAND_MODULES, ALL_COMMANDS),
    ],
)
def test_a_run_registers_only_the_command_it_runs(
    argv: list[str], modules: list[str], commands: list[str]
) -> None:
    """Start-up builds only the command that runs (and imports only its module); help and
    unknown names (which click answers with a suggestion) see every command."""
    completed = subprocess.run(
        [sys.executable, "-c", SHOW_COMMAND_MODULES, *argv],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if not k.endswith("_COMPLETE")},
    )
    assert completed.stdout == f"{modules}\n{commands}\n"


def test_top_level_help_lists_every_command() -> None:
    """`sezctl --help` in a real process lists the commands of every module."""
    completed = subprocess.run(
        [sys.executable, "-m", "sezctl", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "120"},
    )
    for name in ("status", "done", "critical", "report", "export", "init"):
        assert f" {name} " in completed.stdout


RESCHEDULED = """
roadmap: demo
title: Demo
stages:
  - id: grid
    title: Power grid
    owner: abdikarimov
    baseline: 2026-06-01
    due: 2026-08-15
    reschedules:
      - {from: 2026-06-01, to: 2026-07-01, on: 2026-05-20, reason: "Transformer late"}
      - from: 2026-07-01
        to: 2026-08-15
        on: 2026-06-25
        reason: "[bold]Жер[/bold] учаскесі"
        ref: HQ protocol No. 12
"""


def test_show_lists_the_recorded_deadline_moves(
    cli: Cli, write: Callable[[str, str], Path]
) -> None:
    """show prints each reschedules entry, oldest first, in the table and in JSON."""
    folder = _roadmap(write, RESCHEDULED).parent
    table = cli("show", "grid", str(folder), "--today", TODAY)
    assert table.exit_code == 0, table.output
    lines = [line.rstrip() for line in table.stdout.splitlines()]
    start = lines.index("Deadline moves")
    assert lines[start + 4 : start + 6] == [
        " 2026-05-20   2026-06-01   2026-07-01   +30 days   Transformer late            "
        "no decision named",
        " 2026-06-25   2026-07-01   2026-08-15   +45 days   [bold]Жер[/bold] учаскесі   "
        "document: HQ protocol No. 12",
    ]
    data = json.loads(cli("show", "grid", str(folder), "--today", TODAY, "-f", "json").stdout)
    assert data["reschedules"] == [
        {
            "from": "2026-06-01",
            "to": "2026-07-01",
            "on": "2026-05-20",
            "reason": "Transformer late",
            "ref": None,
            "decision": None,
            "protocol": None,
        },
        {
            "from": "2026-07-01",
            "to": "2026-08-15",
            "on": "2026-06-25",
            "reason": "[bold]Жер[/bold] учаскесі",
            "ref": "HQ protocol No. 12",
            "decision": None,
            "protocol": None,
        },
    ]
    assert data["reassignments"] == []
