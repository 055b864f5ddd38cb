"""Property tests: no input, however broken, gives anything but located problems; dates
round-trip in both notations."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sezctl.core.dates import format_local, parse_date
from sezctl.core.problems import LOADER_CODES, Problem
from sezctl.rules.checks import CHECKS, check_loaded
from sezctl.source.loader import LoadResult, load_roadmaps, load_text
from sezctl.source.yaml_nodes import (
    Mapping,
    Scalar,
    find_forbidden_characters,
    has_forbidden_character,
    parse_yaml,
)
from tests.conftest import BUNDLED_ROADMAPS

TODAY = date(2026, 11, 26)
KNOWN_CODES = set(LOADER_CODES) | set(CHECKS)
PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
LINE_BREAK = re.compile(rb"\r\n|\r|\n")

OWNERS = (BUNDLED_ROADMAPS / "owners.yaml").read_bytes()
INFRASTRUCTURE = (BUNDLED_ROADMAPS / "infrastructure.yaml").read_bytes()

# Text that looks like YAML more often than uniform Unicode does, so the parser's error paths
# (indicators, indentation, anchors, tags, directives, quotes) are reached.
YAML_PIECES = st.sampled_from(
    [
        "\n",
        "  ",
        "- ",
        ": ",
        "? ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "!!int ",
        "!x ",
        "<<: ",
        "---\n",
        "...\n",
        "%YAML 1.1\n",
        "%TAG ! tag:x,2026:\n",
        "'",
        '"',
        "|\n",
        ">-\n",
        "#",
        "\t",
        "\r\n",
        "\ufeff",
        "\x00",
        "\u200b",
        "roadmap: ",
        "stages:\n",
        "id: ",
        "due: ",
        "2026-02-30",
        "30.11.2026",
        "owner: ",
        "owners:\n",
        "title: Ақтөбе",
        "depends_on: [",
        "tasks:\n",
        "status: NO",
        "~",
        "050000",
    ]
)
YAMLISH_TEXT = st.lists(st.one_of(YAML_PIECES, st.text(max_size=5)), max_size=40).map("".join)


def line_count(data: bytes) -> int:
    return len(LINE_BREAK.split(data))


def assert_only_located_problems(
    problems: list[Problem], path: str, lines: int, *, file_level: bool
) -> None:
    """Every problem is a known code, in the file given, on a line that exists (or 0:0 for a
    problem about the whole file, when allowed)."""
    for problem in problems:
        assert problem.code in KNOWN_CODES, problem
        assert problem.message, problem
        if problem.path != path:
            continue
        if (problem.line, problem.column) == (0, 0):
            assert file_level, problem
            assert problem.code in {"file-too-large", "file-unreadable"}, problem
        else:
            assert 1 <= problem.line <= lines, (problem, lines)
            assert problem.column >= 1, problem
    assert problems == sorted(problems)


def check_text(text: str) -> tuple[LoadResult, list[Problem]]:
    result = load_text(text, "t.yaml")
    return result, check_loaded(result, TODAY)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder per module: hypothesis runs many examples inside one test call."""
    path = tmp_path_factory.mktemp("properties")
    (path / "owners.yaml").write_bytes(OWNERS)
    return path


def load_bytes(folder: Path, data: bytes) -> tuple[LoadResult, list[Problem]]:
    target = folder / "roadmap.yaml"
    target.write_bytes(data)
    result = load_roadmaps([folder / "owners.yaml", target])
    return result, check_loaded(result, TODAY)


# -- no input crashes --------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text_gives_only_located_problems(text: str) -> None:
    """Any Unicode text loads without an exception; every problem is known and located."""
    result, problems = check_text(text)
    assert_only_located_problems(
        problems, "t.yaml", line_count(text.encode("utf-8")), file_level=False
    )
    assert {p.code for p in problems} >= {p.code for p in result.problems}


@PROPERTY_SETTINGS
@given(YAMLISH_TEXT)
def test_yaml_like_text_gives_only_located_problems(text: str) -> None:
    """Text assembled from YAML syntax pieces loads without an exception, problems located."""
    _, problems = check_text(text)
    assert_only_located_problems(
        problems, "t.yaml", line_count(text.encode("utf-8")), file_level=False
    )


@PROPERTY_SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes_in_a_file_give_only_located_problems(folder: Path, data: bytes) -> None:
    """Any bytes in a roadmap file load without an exception; problems are known and located,
    and the other file of the folder is still loaded."""
    result, problems = load_bytes(folder, data)
    assert_only_located_problems(
        problems, result.portfolio.files[1], line_count(data), file_level=False
    )
    assert "abdikarimov" in result.portfolio.owners


# -- mutated real roadmaps ----------------------------------------------------------------------


@st.composite
def mutations(draw: st.DrawFn) -> bytes:
    """The bundled infrastructure roadmap with a few bytes inserted, deleted or replaced."""
    data = bytearray(INFRASTRUCTURE)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        position = draw(st.integers(min_value=0, max_value=len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(
            st.one_of(
                st.binary(min_size=1, max_size=4),
                YAML_PIECES.map(lambda piece: piece.encode("utf-8")),
            )
        )
        if action == "insert":
            data[position:position] = chunk
        elif action == "delete":
            del data[position : position + len(chunk)]
        else:
            data[position : position + len(chunk)] = chunk
    return bytes(data)


def test_unmutated_roadmap_is_clean(folder: Path) -> None:
    """The starting point of the mutations loads and checks with no problem at all."""
    result, problems = load_bytes(folder, INFRASTRUCTURE)
    assert problems == []
    assert [roadmap.id for roadmap in result.portfolio.roadmaps] == ["aktobe-sez-infrastructure"]


@PROPERTY_SETTINGS
@given(mutations())
def test_mutated_roadmap_gives_only_located_problems(folder: Path, data: bytes) -> None:
    """A real roadmap with random byte edits never raises; problems are known and located."""
    result, problems = load_bytes(folder, data)
    assert_only_located_problems(
        problems, result.portfolio.files[1], line_count(data), file_level=False
    )
    if not problems:
        assert len(result.portfolio.roadmaps) == 1


# -- text stays text ---------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(st.text(max_size=80))
def test_any_quoted_string_parses_back_to_itself(value: str) -> None:
    """Whatever a YAML emitter writes as a double-quoted scalar comes back character for
    character: the YAML module never retypes or rewrites text.  A value holding a control or
    invisible character is refused instead, with one control-character problem per such
    character, whether the emitter wrote it raw or as an escape."""
    text = yaml.safe_dump({"a": value}, default_style='"', allow_unicode=True, width=10**6)
    root, problems = parse_yaml(text, "t.yaml")
    if has_forbidden_character(value):
        problems += find_forbidden_characters(text, "t.yaml")
        assert [problem.code for problem in problems] == ["control-character"] * sum(
            map(has_forbidden_character, value)
        )
        return
    assert problems == []
    assert isinstance(root, Mapping)
    node = root.pairs["a"][1]
    assert isinstance(node, Scalar)
    assert (node.value, node.plain) == (value, False)


@PROPERTY_SETTINGS
@given(st.from_regex(r"[a-z0-9](?:[a-z0-9.:_+-]{0,20}[a-z0-9._+-])?", fullmatch=True))
def test_plain_words_stay_the_text_written(word: str) -> None:
    """Plain words (numbers, booleans, times in YAML 1.1) are the text written, nothing else."""
    root, problems = parse_yaml(f"a: {word}\n", "t.yaml")
    assert problems == []
    assert isinstance(root, Mapping)
    node = root.pairs["a"][1]
    assert isinstance(node, Scalar)
    assert (node.value, node.plain) == (word, True)


# -- dates ----------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(st.dates())
def test_dates_round_trip_in_iso_notation(day: date) -> None:
    """parse_date reads back every date written as YYYY-MM-DD."""
    assert parse_date(day.isoformat()) == day


@PROPERTY_SETTINGS
@given(st.dates())
def test_dates_round_trip_in_local_notation(day: date) -> None:
    """parse_date reads back every date written by format_local as DD.MM.YYYY."""
    text = format_local(day)
    assert re.fullmatch(r"[0-9]{2}\.[0-9]{2}\.[0-9]{4}", text)
    assert parse_date(text) == day


# -- text shown in tables, Markdown and HTML ----------------------------------------------------

UNSAFE_CHARACTERS = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))))
@example("".join(map(chr, [*range(0x00, 0x21), *range(0x7E, 0xA1)])))
@example("a\u200a\u200b\u200f\u2010\u2027\u2028\u202e\u202f\u205f\u2060\u206f\u2070\ufeff\ufffd")
@example("Ақтөбе [/bold] \x1b[31m")
def test_clean_text_replaces_exactly_the_control_and_invisible_characters(text: str) -> None:
    """Every C0 control but the line feed, every C1 control, zero-width and bidirectional
    format characters and the BOM become U+FFFD, one for one; every other character stays."""
    from sezctl.render.text import clean_text

    cleaned = clean_text(text)
    assert cleaned == UNSAFE_CHARACTERS.sub("\ufffd", text)
    assert len(cleaned) == len(text)
    assert "\n" not in text or "\n" in cleaned
