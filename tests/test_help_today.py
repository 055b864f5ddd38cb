"""The top-level help lists each command with the first sentence of its help, whole, at any
width and in each language; `--today` is on exactly the commands the README names."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from sezctl.cli.app import app
from sezctl.cli.main import COMMAND_MODULES
from tests.conftest import REPO, Cli
from tests.helpers import assert_golden

# Every registered command, in the order of the top-level help.
COMMANDS = [name for names in COMMAND_MODULES.values() for name in names]


def top_level_help(columns: int, language: str, cwd: Path) -> str:
    """`sezctl --help` in a real process on a terminal ``columns`` wide."""
    env = {**os.environ, "COLUMNS": str(columns), "SEZCTL_LANG": language}
    done = subprocess.run(
        [sys.executable, "-m", "sezctl", "--help"],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    return done.stdout


def command_entries(help_text: str) -> dict[str, str]:
    """The list of commands: each command's summary, its wrapped lines joined (Click also
    wraps after the hyphen of a word: "іс-" / "шаралар")."""
    listing = help_text.split("\n\n")[-1].splitlines()[1:]  # the last section, past its heading
    entries: dict[str, str] = {}
    for line in listing:
        if match := re.match(r"  ([a-z][a-z-]*) +(.*)", line):
            name, entries[match[1]] = match[1], match[2]
        else:
            joint = "" if entries[name].endswith("-") else " "
            entries[name] += joint + line.strip()
    return entries


@pytest.mark.parametrize("columns", [60, 80])
def test_top_level_help_golden_per_width(tmp_path: Path, columns: int) -> None:
    """The list of commands at 60 and 80 columns: every summary whole, wrapped under itself."""
    assert_golden(f"help-sezctl.{columns}.txt", top_level_help(columns, "en", tmp_path))


def test_a_wide_terminal_gets_the_80_column_help(tmp_path: Path) -> None:
    """At 200 columns the help keeps Click's 78-column text, and nothing is cut: the same
    bytes as at 80 columns."""
    assert top_level_help(200, "en", tmp_path) == top_level_help(80, "en", tmp_path)


@pytest.mark.parametrize("language", ["en", "kk", "ru"])
def test_each_summary_is_a_whole_sentence(cli: Cli, tmp_path: Path, language: str) -> None:
    """In every language and at 60, 80 and 200 columns, each command's summary is a sentence
    of its own help, whole, never cut with '...'."""
    helps = {
        name: cli(name, "--help", "--lang", language).stdout
        for name in COMMANDS  # in-process: only the top-level help's width matters here
    }
    for columns in (60, 80, 200):
        entries = command_entries(top_level_help(columns, language, tmp_path))
        assert list(entries) == COMMANDS
        for name, summary in entries.items():
            assert not summary.endswith("..."), (columns, name, summary)
            assert summary.endswith("."), (columns, name, summary)
            # compared without spaces: both texts are wrapped, at spaces and after hyphens
            assert "".join(summary.split()) in "".join(helps[name].split()), (name, summary)


def test_english_summaries_are_the_first_sentences(tmp_path: Path) -> None:
    """Two summaries word for word: a long first sentence is whole, and the sentence after it
    ("See docs/forecast.md.") is left for the command's own help."""
    entries = command_entries(top_level_help(80, "en", tmp_path))
    assert entries["critical"] == (
        "The critical path: the chain of items that sets a roadmap's forecast end, with each "
        "item's slack (how many days it can slip before the end moves), then the roadmap's "
        "other open items, least slack first."
    )
    assert entries["assign"] == (
        "Hand an item to another owner (an id from the owners registry) and record it."
    )


# -- --today ------------------------------------------------------------------------------------


def commands_with_today() -> set[str]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return {
        name
        for name, command in group.commands.items()
        if any("--today" in param.opts for param in command.params)
    }


def test_the_readme_names_exactly_the_commands_that_take_today() -> None:
    """The README's paragraph on --today lists every command that takes it, and names the two
    that do not."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("`--today YYYY-MM-DD`")
    takes, _, rest = readme[start:].partition("Two commands do not take it:")
    refuses = rest.split("\n\n")[0]
    named = set(re.findall(r"`([a-z][a-z-]*)`", takes)) & set(COMMANDS)
    assert named == commands_with_today()
    assert set(re.findall(r"`([a-z]+)`", refuses)) & set(COMMANDS) == {"history", "schema"}
    assert set(COMMANDS) - commands_with_today() == {"history", "schema"}


@pytest.mark.parametrize("command", [["history", "demo/grid"], ["schema"]])
def test_history_and_schema_refuse_today(cli: Cli, command: list[str]) -> None:
    """Their output does not depend on a date: --today is an unknown option (exit 2)."""
    result = cli(*command, "--today", "2026-11-26")
    assert result.exit_code == 2
    assert "No such option: --today" in result.stderr
