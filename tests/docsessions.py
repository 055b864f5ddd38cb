"""Documentation tested like code: the example sessions of docs/*.md, read and re-run.

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

Used by tests/test_docs.py, tests/test_git_docs.py and tests/test_integration_docs.py.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import Cli

FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
FILE_COMMENT = re.compile(r"# ([\w-][\w./-]*\.(?:ya?ml|toml))\n")
EXIT_SUFFIX = '; echo "exit $?"'
TABLE_ROW = re.compile(r"^\|(.+)\|[ \t]*$", re.MULTILINE)
HEADING = re.compile(r"^(#{2,4}) (.+)$", re.MULTILINE)

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


def update_docs(docs: tuple[Path, ...]) -> None:
    """Rewrite every console block's outputs from real runs (a maintainer's tool, not a test)."""
    import tempfile

    cli = Cli()
    for doc in (doc for doc in docs if doc.exists()):
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
