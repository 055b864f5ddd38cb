"""The JSON Schema for editors: generated from the format tables, committed beside the bundled
roadmaps, and in agreement with the loader on both test corpora (checked with `jsonschema`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sezctl.core.dates import DateFormatError, parse_date
from sezctl.core.problems import LOADER_CODES
from sezctl.source.fileformat import (
    ID_PATTERN,
    ITEM_FIELDS,
    OFF_CONTROL_FIELDS,
    OWNER_FIELDS,
    POINT_FIELDS,
    PROTOCOL_FIELDS,
    REFERENCE_PATTERN,
    RESCHEDULE_FIELDS,
    ROOT_FIELDS,
    STATUS_VALUES,
)
from sezctl.source.loader import load_roadmaps
from sezctl.source.schema import (
    DATE_PATTERN,
    ID_SCHEMA_PATTERN,
    MODELINE,
    REFERENCE_SCHEMA_PATTERN,
    SCHEMA_FILE,
    SCHEMA_LEVEL_CODES,
    build_schema,
    render_schema,
)
from sezctl.source.yaml_nodes import decode_source, node_to_json, parse_yaml
from tests.conftest import BUNDLED_ROADMAPS, DATA, REPO, Cli

VALIDATOR = jsonschema.Draft7Validator(build_schema())
CORPUS_FILES = sorted(
    path
    for corpus in ("valid", "invalid")
    for path in (DATA / corpus).rglob("*")
    if path.suffix in (".yaml", ".yml")
)


def as_json(path: Path) -> tuple[set[str], Any]:
    """The file as JSON values the way sezctl's YAML module reads it, or, for a file refused
    before it becomes data (bytes, YAML syntax, anchors, tags...), the codes it was refused
    with."""
    text, problems = decode_source(path.read_bytes(), path.name)
    if text is not None and not problems:
        tree, problems = parse_yaml(text, path.name)
        if not problems:
            return set(), node_to_json(tree)
    return {problem.code for problem in problems}, None


def schema_errors(data: Any) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(data)]


# -- the schema itself ------------------------------------------------------------------------


def test_schema_is_a_valid_draft_07_schema_with_an_id() -> None:
    """`jsonschema` accepts the generated schema as draft-07; it has an $id and a title."""
    schema = build_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["$id"].startswith("urn:sezctl:")


def test_schema_is_generated_from_the_format_tables() -> None:
    """Every key of every table (roadmap files, protocols) is a property with its description;
    required keys are required;
    nothing else is allowed; status is an enum of STATUS_VALUES."""
    schema = build_schema()
    definitions = schema["definitions"]
    for fields, part in (
        (ROOT_FIELDS, schema["else"]),
        (OWNER_FIELDS, definitions["owner"]),
        (ITEM_FIELDS, definitions["item"]),
        (RESCHEDULE_FIELDS, definitions["reschedule"]),
        (PROTOCOL_FIELDS, definitions["protocol"]),
        (POINT_FIELDS, definitions["point"]),
        (OFF_CONTROL_FIELDS, definitions["off_control"]),
    ):
        assert list(part["properties"]) == list(fields)
        assert part["additionalProperties"] is False
        for key, spec in fields.items():
            assert part["properties"][key]["description"] == spec.description
        required = [key for key, spec in fields.items() if spec.required]
        assert part.get("required", []) == required
    status = definitions["item"]["properties"]["status"]["anyOf"][0]
    assert status["enum"] == list(STATUS_VALUES)


def test_committed_schema_file_is_what_sezctl_schema_prints(cli: Cli) -> None:
    """schema/sezctl.schema.json is the output of `sezctl schema`, byte for byte (regenerate it
    with `sezctl schema > schema/sezctl.schema.json`)."""
    result = cli("schema")
    assert result.exit_code == 0, result.output
    assert result.stdout == render_schema()
    assert (REPO / SCHEMA_FILE).read_text(encoding="utf-8") == result.stdout
    assert json.loads(result.stdout) == build_schema()


@pytest.mark.parametrize("path", sorted(BUNDLED_ROADMAPS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_bundled_roadmap_names_the_schema_on_its_first_line(path: Path) -> None:
    """Editors find the schema from the first line, and the path it names exists."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == MODELINE
    target = first.split("$schema=", 1)[1]
    assert (path.parent / target).resolve() == (REPO / SCHEMA_FILE).resolve()


@pytest.mark.parametrize("path", sorted(BUNDLED_ROADMAPS.glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_roadmaps_validate_against_the_schema(path: Path) -> None:
    """The bundled roadmap is valid for editors too."""
    refused, data = as_json(path)
    assert not refused
    assert schema_errors(data) == []


# -- agreement with the loader on the corpora -------------------------------------------------


def test_schema_level_codes_are_loader_codes() -> None:
    """The codes the schema also catches are codes the loader reports."""
    assert LOADER_CODES.keys() >= SCHEMA_LEVEL_CODES


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_schema_and_loader_agree_on_every_corpus_file(path: Path) -> None:
    """jsonschema rejects a corpus file exactly when sezctl finds a schema-level problem in it
    (missing or unknown key, wrong type, empty value, bad id, date, status or reference, a root
    that is not a mapping); files with only consistency problems are valid for the schema.
    A file refused before YAML becomes data (encoding, syntax, anchors, tags...) never reaches
    a schema, in an editor or in sezctl: there it is enough that sezctl reports why."""
    refused, data = as_json(path)
    result = load_roadmaps([path])
    codes = {problem.code for problem in result.problems}
    if refused:
        assert refused <= codes
        return
    errors = schema_errors(data)
    schema_codes = codes & SCHEMA_LEVEL_CODES
    assert bool(errors) == bool(schema_codes), (sorted(codes), errors)
    if path.is_relative_to(DATA / "valid"):
        assert errors == []


def test_corpus_comparison_covers_every_schema_level_code() -> None:
    """Each schema-level code occurs in some corpus file that the schema then rejects, so the
    agreement test above is not vacuous."""
    seen: set[str] = set()
    for path in CORPUS_FILES:
        refused, data = as_json(path)
        if not refused and schema_errors(data):
            seen |= {problem.code for problem in load_roadmaps([path]).problems}
    assert seen >= SCHEMA_LEVEL_CODES


@pytest.mark.parametrize(
    ("document", "valid"),
    [
        ({"owners": {"a": {"name": "A", "phone": 87012345678}}}, True),  # YAML 1.2 number
        ({"owners": {"a": {"name": "  "}}}, False),  # blank required text
        ({"owners": {"A": {"name": "A"}}}, False),  # owner id not a slug
        ({"owners": {"a": {"name": "A"}}, "owner": "a"}, False),  # roadmap key without roadmap
        ({"owners": None}, False),
        ({"roadmap": "r", "title": "T", "stages": []}, False),
        ({"roadmap": "r", "title": "T"}, False),
        (
            {
                "roadmap": "r",
                "title": "T",
                "stages": [
                    {
                        "id": 2026,  # YAML 1.2 integer id, as an editor reads `id: 2026`
                        "title": "S",
                        "owner": "a",
                        "due": "2028-02-29",
                        "status": None,
                        "tasks": None,
                        "depends_on": ["other/x", "y"],
                        "reschedules": [
                            {
                                "from": "01.01.2028",
                                "to": "2028-02-29",
                                "on": "2027-12-01",
                                "reason": "why",
                                "ref": None,
                            },
                        ],
                    }
                ],
            },
            True,
        ),
        (
            {
                "roadmap": "r",
                "title": "T",
                "stages": [{"id": "s", "title": "S", "owner": "a", "due": "2027-02-29"}],
            },
            False,
        ),
        (  # spaces around a date: the loader refuses it too (bad-date)
            {
                "roadmap": "r",
                "title": "T",
                "stages": [{"id": "s", "title": "S", "owner": "a", "due": " 2028-02-29 "}],
            },
            False,
        ),
        (
            {
                "roadmap": "r",
                "title": "T",
                "stages": [
                    {
                        "id": "s",
                        "title": "S",
                        "owner": "a",
                        "due": "2026-01-01",
                        "reschedules": [
                            {"from": "2026-01-01", "to": "2026-02-01", "on": "2026-01-01"}
                        ],
                    }
                ],
            },
            False,
        ),
    ],
)
def test_schema_verdicts_on_hand_written_documents(document: Any, valid: bool) -> None:
    """Edge cases of the generated rules: what editors must accept and refuse."""
    assert (schema_errors(document) == []) is valid


# -- the patterns agree with the loader's parsers ------------------------------------------------

DATE_LIKE = st.one_of(
    st.from_regex(r"\A\s?[0-9]{4}-[0-9]{2}-[0-9]{2}\s?\Z"),
    st.from_regex(r"\A[0-9]{2}\.[0-9]{2}\.[0-9]{4}\Z"),
    st.dates().map(lambda day: day.isoformat()),
    st.dates().map(lambda day: f"{day.day:02d}.{day.month:02d}.{day.year:04d}"),
    st.text(max_size=12),
)


def _parses(text: str) -> bool:
    try:
        parse_date(text)
    except DateFormatError:
        return False
    return True


@given(DATE_LIKE)
def test_date_pattern_accepts_exactly_what_parse_date_accepts(text: str) -> None:
    """The schema's date pattern (calendar included) and sezctl.core.dates agree on any text."""
    matches = VALIDATOR.is_valid(
        {"roadmap": "r", "title": "T", "approved": text, "stages": [
            {"id": "s", "title": "S", "owner": "a", "due": "2026-01-01"}]}
    )  # fmt: skip
    assert matches == _parses(text), text
    assert bool(jsonschema.Draft7Validator({"pattern": DATE_PATTERN}).is_valid(text)) == matches


@pytest.mark.parametrize(
    "text", ["2024-02-29", "29.02.2000", "2000-02-29", "0001-01-01", "31.12.9999"]
)
def test_date_pattern_knows_the_calendar(text: str) -> None:
    """Leap days and the ends of the calendar are accepted as the loader accepts them."""
    assert jsonschema.Draft7Validator({"pattern": DATE_PATTERN}).is_valid(text) == _parses(text)
    assert _parses(text)


@pytest.mark.parametrize(
    "text", ["2100-02-29", "29.02.1900", "0000-01-01", "2026-04-31", "２０２６-01-01"]
)
def test_date_pattern_refuses_what_the_loader_refuses(text: str) -> None:
    """Not leap years, year 0, a 31st in a 30-day month, non-ASCII digits: refused by both."""
    assert not jsonschema.Draft7Validator({"pattern": DATE_PATTERN}).is_valid(text)
    assert not _parses(text)


@given(st.one_of(st.from_regex(r"\A[a-z0-9/-]{0,12}\n?\Z"), st.text(max_size=12)))
def test_id_and_reference_patterns_agree_with_the_loader(text: str) -> None:
    """The schema's id and reference patterns match exactly what the loader's regexes
    full-match (a trailing line break included)."""
    assert jsonschema.Draft7Validator({"pattern": ID_SCHEMA_PATTERN}).is_valid(text) == bool(
        ID_PATTERN.fullmatch(text)
    )
    assert jsonschema.Draft7Validator({"pattern": REFERENCE_SCHEMA_PATTERN}).is_valid(text) == bool(
        REFERENCE_PATTERN.fullmatch(text)
    )


def test_schema_command_help_names_the_editor_line(cli: Cli) -> None:
    """`sezctl schema --help` shows the yaml-language-server line to put in a file."""
    result = cli("schema", "--help")
    assert result.exit_code == 0, result.output
    assert "yaml-language-server: $schema=" in result.stdout
