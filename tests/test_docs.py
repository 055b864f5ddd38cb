"""The documentation is tested like code: it must name every code, key and command that exists,
and every example session in docs/*.md must still print exactly what the docs say.

An example session is written in the docs as fenced blocks, in this order:

* zero or more ```yaml (or ```toml) blocks whose first line is a comment naming the file,
  e.g. ``# example.yaml``; each is written to that file, comment line included, so the line
  numbers the reader sees are the ones sezctl reports;
* one or more ```console blocks.  Lines starting with ``$ `` are commands; the lines after a
  command are its exact output (stdout, then stderr; spaces at the end of a line are ignored,
  because Rich pads tables with them and editors strip them).  ``sezctl ...`` commands run
  in-process through the ``cli`` fixture, any other command (``printf``, ``ln``, ...) in a
  shell.  A command ending in ``; echo "exit $?"`` also prints its exit code, as a shell would.
  A console block with no file block before it continues the previous example.

Each session runs in its own empty folder.  To refresh the outputs after a deliberate change of
wording, run ``python -c "from tests.test_docs import update_docs; update_docs()"`` from the
repository root and read the diff before keeping it.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from sezctl.cli.app import app
from sezctl.core.problems import LOADER_CODES
from sezctl.rules.checks import CHECKS
from sezctl.source import fileformat
from sezctl.source.fileformat import ROADMAP_REQUIRED, ROOT_FIELDS, STATUS_VALUES, Field
from sezctl.source.yaml_nodes import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    NULL_WORDS,
    find_forbidden_characters,
)
from tests.conftest import REPO, Cli

DOCS = REPO / "docs"
README = REPO / "README.md"
CHECKS_DOC = DOCS / "checks.md"
FORMAT_DOC = DOCS / "format.md"
EXIT_CODES_DOC = DOCS / "exit-codes.md"
FORECAST_DOC = DOCS / "forecast.md"
CALENDAR_DOC = DOCS / "calendar.md"
TESTED_DOCS = (FORMAT_DOC, CHECKS_DOC, EXIT_CODES_DOC, FORECAST_DOC, CALENDAR_DOC)

FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
FILE_COMMENT = re.compile(r"# ([\w-][\w./-]*\.(?:ya?ml|toml))\n")
EXIT_SUFFIX = '; echo "exit $?"'
TABLE_ROW = re.compile(r"^\|(.+)\|[ \t]*$", re.MULTILINE)
HEADING = re.compile(r"^(#{2,4}) (.+)$", re.MULTILINE)

# The severity each code is reported with, as docs/checks.md's table must show it.
EXPECTED_SEVERITIES: dict[str, str] = {
    **{code: "error" for code in LOADER_CODES},  # the loader only ever reports errors
    **{code: check.severity.value for code, check in CHECKS.items()},
}


# -- reading the docs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One ``$ command`` of a console block and the output the docs promise for it."""

    command: str
    expected: str


@dataclass(frozen=True)
class Session:
    """Files to write, then commands to run: one documented example."""

    doc: Path
    line: int
    files: dict[str, str]
    steps: tuple[Step, ...]
    body_start: int  # character offsets of the console block's body, for update_docs()
    body_end: int

    @property
    def name(self) -> str:
        return f"{self.doc.name}:{self.line}"


def parse_console(body: str) -> tuple[Step, ...]:
    """Split a console block into commands and their expected output."""
    steps: list[Step] = []
    command: str | None = None
    output: list[str] = []
    for line in body.splitlines(keepends=True):
        if line.startswith("$ "):
            if command is not None:
                steps.append(Step(command, "".join(output)))
            command, output = line[2:].rstrip("\n"), []
        elif command is None:
            raise ValueError(f"console block does not start with a '$ ' command: {line!r}")
        else:
            output.append(line)
    if command is not None:
        steps.append(Step(command, "".join(output)))
    return tuple(steps)


def read_sessions(doc: Path) -> list[Session]:
    """Every example session in one document, in order."""
    text = doc.read_text(encoding="utf-8")
    sessions: list[Session] = []
    files: dict[str, str] = {}
    after_console = False
    for match in FENCE.finditer(text):
        language, body = match.group(1), match.group(2)
        if language in ("yaml", "toml"):
            if named := FILE_COMMENT.match(body):
                if after_console:  # a new example starts in a new, empty folder
                    files, after_console = {}, False
                files[named.group(1)] = body
        elif language == "console":
            line = text.count("\n", 0, match.start()) + 1
            sessions.append(
                Session(doc, line, dict(files), parse_console(body), match.start(2), match.end(2))
            )
            after_console = True
    return sessions


def console_steps(text: str) -> list[Step]:
    """Every command of every console block in a piece of a document."""
    return [
        step
        for match in FENCE.finditer(text)
        if match.group(1) == "console"
        for step in parse_console(match.group(2))
    ]


def all_sessions() -> list[Session]:
    return [session for doc in TESTED_DOCS if doc.exists() for session in read_sessions(doc)]


def run_step(cli: Cli, step: Step, folder: Path) -> str:
    """What the step's command prints now, run in ``folder``."""
    command = step.command
    show_exit = command.endswith(EXIT_SUFFIX)
    if show_exit:
        command = command[: -len(EXIT_SUFFIX)]
    if command.startswith("sezctl "):
        result = cli(*shlex.split(command)[1:])
        output, code = result.stdout + result.stderr, result.exit_code
    else:
        done = subprocess.run(
            command, shell=True, cwd=folder, capture_output=True, text=True, check=False
        )
        output, code = done.stdout + done.stderr, done.returncode
        assert show_exit or code == 0, f"{command!r} failed: {output}"
    output += f"exit {code}\n" if show_exit else ""
    # Rich pads table lines to the full width with spaces; Markdown editors strip them.
    return "".join(line.rstrip() + "\n" for line in output.splitlines())


def run_session(cli: Cli, session: Session, folder: Path) -> list[tuple[Step, str]]:
    """Write the session's files into ``folder`` and run its commands there."""
    for name, content in session.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return [(step, run_step(cli, step, folder)) for step in session.steps]


def table_rows(text: str) -> list[list[str]]:
    """Every Markdown table row as a list of stripped cells (separator rows dropped)."""
    rows = []
    for match in TABLE_ROW.finditer(text):
        cells = [cell.strip() for cell in match.group(1).split("|")]
        if not all(set(cell) <= set(":- ") for cell in cells):
            rows.append(cells)
    return rows


def section(text: str, heading: str) -> str:
    """The text under a heading, up to the next heading of the same or a higher level."""
    for match in HEADING.finditer(text):
        if match.group(2).strip() == heading:
            level = len(match.group(1))
            rest = text[match.end() :]
            ends = [m.start() for m in HEADING.finditer(rest) if len(m.group(1)) <= level]
            return rest[: ends[0]] if ends else rest
    raise AssertionError(f"no heading {heading!r}")


def normalise(text: str) -> str:
    return " ".join(text.split())


def code_sections(text: str) -> dict[str, str]:
    """The ``### `code` ...`` sections of docs/checks.md, by code."""
    sections = {}
    for match in HEADING.finditer(text):
        if len(match.group(1)) == 3 and (code := re.match(r"`([a-z-]+)`", match.group(2))):
            sections[code.group(1)] = section(text, match.group(2).strip())
    return sections


# -- docs/checks.md -----------------------------------------------------------------------------


def test_every_problem_code_is_in_the_checks_table_with_its_severity() -> None:
    """docs/checks.md's summary table lists exactly the codes sezctl can report, each with the
    severity it is reported with."""
    documented = {
        row[0].strip("`"): row[1]
        for row in table_rows(CHECKS_DOC.read_text(encoding="utf-8"))
        if re.fullmatch(r"`[a-z-]+`", row[0]) and row[1] in ("error", "warning")
    }
    assert documented == EXPECTED_SEVERITIES


@pytest.mark.parametrize("code", list(EXPECTED_SEVERITIES))
def test_every_problem_code_has_a_section_with_a_real_example(code: str) -> None:
    """Each code has its own heading in docs/checks.md, and its example prints that code."""
    sections = code_sections(CHECKS_DOC.read_text(encoding="utf-8"))
    assert code in sections, f"no '### `{code}`' heading in docs/checks.md"
    printed = f"{EXPECTED_SEVERITIES[code]}[{code}]: "
    outputs = [step.expected for step in console_steps(sections[code])]
    assert any(printed in output for output in outputs), f"no example output with {printed!r}"


def test_checks_doc_quotes_every_summary_and_check_docstring() -> None:
    """A check's docstring and a loader code's summary are its user documentation, so
    docs/checks.md quotes each one word for word."""
    quoted = re.sub(r"^> ?", "", CHECKS_DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    doc = normalise(quoted)
    texts = {**LOADER_CODES, **{code: check.description for code, check in CHECKS.items()}}
    missing = {code: text for code, text in texts.items() if normalise(text) not in doc}
    assert not missing


# -- docs/format.md -----------------------------------------------------------------------------


# Each table of keys declared in sezctl/source/fileformat.py, and the heading of its table in
# format.md.
KEY_TABLES = {
    "ROOT_FIELDS": "Root keys",
    "OWNER_FIELDS": "Owner keys",
    "ITEM_FIELDS": "Item keys",
    "RESCHEDULE_FIELDS": "Reschedule keys",
}


def test_every_key_table_of_the_format_is_documented() -> None:
    """A new ``*_FIELDS`` table in sezctl.source.fileformat needs its own table in
    docs/format.md."""
    declared = {name for name in vars(fileformat) if name.endswith("_FIELDS")}
    assert declared <= KEY_TABLES.keys()


@pytest.mark.parametrize(
    ("heading", "fields"),
    [
        (heading, getattr(fileformat, name))
        for name, heading in KEY_TABLES.items()
        if hasattr(fileformat, name)
    ],
)
def test_format_tables_match_the_format_declaration(heading: str, fields: dict[str, Field]) -> None:
    """Each key table in docs/format.md lists the keys of sezctl.source.fileformat in order, with
    the right required flag and kind, and quotes the key's description."""
    rows = [
        row
        for row in table_rows(section(FORMAT_DOC.read_text(encoding="utf-8"), heading))
        if row[0].startswith("`")
    ]
    assert [row[0].strip("`") for row in rows] == list(fields)
    for key, required, kind, meaning in rows:
        spec = fields[key.strip("`")]
        if spec.required:
            expected_flag = "yes"
        elif fields is ROOT_FIELDS and key.strip("`") in ROADMAP_REQUIRED:
            expected_flag = "in a roadmap"
        else:
            expected_flag = "no"
        assert (key, required, kind) == (key, expected_flag, spec.kind.value)
        assert spec.description in meaning, key


def test_format_doc_lists_status_values_null_words_and_limits() -> None:
    """docs/format.md states the status values, the null words and the YAML limits as coded."""
    doc = FORMAT_DOC.read_text(encoding="utf-8")
    statuses = section(doc, "Status")
    assert [row[0].strip("`") for row in table_rows(statuses) if row[0].startswith("`")] == list(
        STATUS_VALUES
    )
    nulls = section(doc, "Empty values")
    for word in NULL_WORDS - {""}:
        assert f"`{word}`" in nulls
    limits = section(doc, "The YAML subset")
    assert f"{MAX_FILE_BYTES:,} bytes" in limits
    assert f"{MAX_DEPTH} levels" in limits


def forbidden_ranges() -> str:
    """The characters sezctl refuses, as ``U+0000–U+0008, U+000B–U+000C, ...``."""
    # One character per line, so each problem's line number says which character it was.
    chars = [chr(c) for c in range(0x110000) if c != 0x0A and not 0xD800 <= c <= 0xDFFF]
    problems = find_forbidden_characters("\n".join(chars), "all-characters")
    ranges: list[list[int]] = []
    for code in (ord(chars[problem.line - 1]) for problem in problems):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return ", ".join(
        f"U+{first:04X}" if first == last else f"U+{first:04X}–U+{last:04X}"
        for first, last in ranges
    )


def test_format_doc_lists_exactly_the_forbidden_characters() -> None:
    """The list of refused code points in docs/format.md is the one the YAML module applies."""
    limits = normalise(section(FORMAT_DOC.read_text(encoding="utf-8"), "The YAML subset"))
    assert f"The exact list: {forbidden_ranges()}." in limits


# -- docs/exit-codes.md -------------------------------------------------------------------------


def test_exit_code_table_matches_the_cli_constants() -> None:
    """docs/exit-codes.md's policy table has one row per exit code the CLI defines."""
    from sezctl.cli import app as cli_module

    rows = table_rows(EXIT_CODES_DOC.read_text(encoding="utf-8"))
    documented = sorted(int(row[0]) for row in rows if row[0].isdigit())
    constants = sorted(
        value for name, value in vars(cli_module).items() if name.startswith("EXIT_")
    )
    assert documented == constants == [0, 1, 2, 3]


def test_exit_codes_doc_quotes_the_internal_error_message() -> None:
    """The exit 3 example in docs/exit-codes.md shows the CLI's real "please report" text."""
    from sezctl.cli.app import BUG_REPORT_HINT

    assert BUG_REPORT_HINT in EXIT_CODES_DOC.read_text(encoding="utf-8")


# -- commands -----------------------------------------------------------------------------------


def command_names() -> list[str]:
    """The names of the commands registered on the Typer app, as typed on the command line."""
    return [
        command.name or command.callback.__name__.replace("_", "-")  # type: ignore[union-attr]
        for command in app.registered_commands
    ]


@pytest.mark.parametrize("name", command_names())
def test_every_command_is_in_the_readme(name: str) -> None:
    """README.md mentions every registered command as `sezctl NAME`."""
    assert README.exists(), "README.md does not exist yet"
    assert f"sezctl {name}" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", command_names())
def test_every_command_help_has_an_example(cli: Cli, name: str) -> None:
    """`sezctl NAME --help` exits 0 and shows at least one example."""
    result = cli(name, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout


# -- every example session in the docs ----------------------------------------------------------


def test_the_docs_have_example_sessions() -> None:
    """Guards the parser: each tested document yields example sessions with commands."""
    for doc in TESTED_DOCS:
        sessions = read_sessions(doc)
        assert sessions and all(session.steps for session in sessions), doc.name


@pytest.mark.parametrize("session", all_sessions(), ids=lambda session: session.name)
def test_documented_session_prints_what_the_docs_say(
    cli: Cli, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-runs one documented example in an empty folder; the output must match exactly."""
    monkeypatch.chdir(tmp_path)
    for step, actual in run_session(cli, session, tmp_path):
        expected = "".join(line.rstrip() + "\n" for line in step.expected.splitlines())
        assert actual == expected, f"{session.name}: $ {step.command}"


def update_docs() -> None:
    """Rewrite every console block's outputs from real runs (a maintainer's tool, not a test)."""
    import tempfile

    cli = Cli()
    for doc in (doc for doc in TESTED_DOCS if doc.exists()):
        text = doc.read_text(encoding="utf-8")
        for session in reversed(read_sessions(doc)):  # from the end, so offsets stay valid
            with tempfile.TemporaryDirectory() as folder:
                here = Path.cwd()
                os.chdir(folder)
                try:
                    results = run_session(cli, session, Path(folder))
                finally:
                    os.chdir(here)
            body = "".join(f"$ {step.command}\n{actual}" for step, actual in results)
            text = text[: session.body_start] + body + text[session.body_end :]
        doc.write_text(text, encoding="utf-8")
