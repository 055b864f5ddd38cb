"""The documentation is tested like code: it must name every code, key and command that exists,
and every example session in docs/*.md must still print exactly what the docs say.

The example sessions (their format is described in tests/docsessions.py) run for real.
Each session runs in its own empty folder.  To refresh the outputs after a deliberate change of
wording, run ``python -c "from tests.test_docs import update_docs; update_docs()"`` from the
repository root and read the diff before keeping it.
"""

from __future__ import annotations

import re
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
from tests import docsessions
from tests.conftest import REPO, Cli
from tests.docsessions import (
    Session,
    code_sections,
    console_steps,
    normalise,
    read_sessions,
    run_session,
    section,
    table_rows,
)

DOCS = REPO / "docs"
README = REPO / "README.md"
CHECKS_DOC = DOCS / "checks.md"
FORMAT_DOC = DOCS / "format.md"
EXIT_CODES_DOC = DOCS / "exit-codes.md"
FORECAST_DOC = DOCS / "forecast.md"
CALENDAR_DOC = DOCS / "calendar.md"
TESTED_DOCS = (FORMAT_DOC, CHECKS_DOC, EXIT_CODES_DOC, FORECAST_DOC, CALENDAR_DOC, DOCS / "i18n.md")

# The severity each code is reported with, as docs/checks.md's table must show it.
EXPECTED_SEVERITIES: dict[str, str] = {
    **{code: "error" for code in LOADER_CODES},  # the loader only ever reports errors
    **{code: check.severity.value for code, check in CHECKS.items()},
}


# -- docs/checks.md -----------------------------------------------------------------------------


def all_sessions() -> list[Session]:
    return [session for doc in TESTED_DOCS if doc.exists() for session in read_sessions(doc)]


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
    "PROTOCOL_FIELDS": "Protocol keys",
    "POINT_FIELDS": "Point keys",
    "OFF_CONTROL_FIELDS": "Off-control keys",
    "REASSIGNMENT_FIELDS": "Reassignment keys",
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
    """Rewrite every console block's outputs of the tested docs from real runs (a maintainer's
    tool, not a test)."""
    docsessions.update_docs(TESTED_DOCS)
