"""Errors that point at the cause (issue #14): YAML syntax errors at the line to edit, in plain
words with the fix; look-alike letters named; what a file that could not be read may define.
The folder-level behaviour is in the corpus (tests/data/invalid/, tests/test_corpus.py)."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sezctl.core import i18n
from sezctl.core.i18n import localize
from sezctl.source.loader import load_text, what_it_may_define
from sezctl.source.suggestions import (
    LOOKALIKES,
    Suggester,
    describe_lookalikes,
    fold_lookalikes,
)
from sezctl.source.yaml_errors import RESERVED_STARTS, quote_value
from sezctl.source.yaml_nodes import parse_yaml
from tests.conftest import REPO

PATH = "r.yaml"

ITEM = "stages:\n  - id: a\n    title: {title}\n    owner: ann\n    due: 2026-12-31\n"


def explained(text: str) -> tuple[int, int, str]:
    """The one yaml-syntax problem of ``text``: its line, column and message."""
    root, problems = parse_yaml(text, PATH)
    assert root is None
    assert [problem.code for problem in problems] == ["yaml-syntax"], problems
    return problems[0].line, problems[0].column, str(problems[0].message)


# -- YAML syntax: the line to edit and what to type -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "roadmap: r\ntitle t\nstages: []\n",
            (2, 6, "the colon after 'title' is missing; write title: t"),
            id="missing-colon-top-level",
        ),
        pytest.param(
            "stages:\n  - id: a\n    due 2026-12-31\n    owner: ann\n",
            (3, 8, "the colon after 'due' is missing; write due: 2026-12-31"),
            id="missing-colon-in-item",
        ),
        pytest.param(
            "stages:\n  - id a\n    title: t\n",
            (2, 7, "the colon after 'id' is missing; write id: a"),
            id="missing-colon-first-key-of-item",
        ),
        pytest.param(
            "stages:\n  - id: a\n    done\n",
            (3, 9, "the colon after 'done' is missing; write done:"),
            id="missing-colon-key-alone",
        ),
        pytest.param(
            "a: 1\ntitle:x\nb: 2\n",
            (2, 7, "put a space after the colon: title: x"),
            id="no-space-after-colon",
        ),
        pytest.param(
            "a: 1\nnote: 'Akim: see protocol' # ok\nb: x: y # comment\n",
            (
                3,
                5,
                "the value of 'b' contains ': ', which YAML takes for the start of another key; "
                "put the whole value in quotes: b: 'x: y' # comment",
            ),
            id="colon-in-value-keeps-the-comment",
        ),
        pytest.param(
            "- title: Су: кезең 1\n",
            (
                1,
                12,
                "the value of 'title' contains ': ', which YAML takes for the start of another "
                "key; put the whole value in quotes: - title: 'Су: кезең 1'",
            ),
            id="colon-in-value-of-list-item",
        ),
        pytest.param(
            "a: Akim's plan: phase 1\n",
            (
                1,
                15,
                "the value of 'a' contains ': ', which YAML takes for the start of another key; "
                'put the whole value in quotes: a: "Akim\'s plan: phase 1"',
            ),
            id="colon-in-value-with-apostrophe-gets-double-quotes",
        ),
        pytest.param(
            "stages:\n  - id: a\n    title: b\n      due: c\n",
            (
                4,
                7,
                "this line is indented deeper than 'title' on line 3, so YAML reads it as part of "
                "that value; if it is a key of its own, indent it by 4 spaces, like 'title'.",
            ),
            id="key-deeper-than-the-one-above",
        ),
        pytest.param(
            "roadmap: r\n title: t\n",
            (
                2,
                2,
                "this line is indented, so YAML reads it as part of the value of 'roadmap' on "
                "line 1; if it is a key of its own, start it at the beginning of the line, like "
                "'roadmap'.",
            ),
            id="top-level-key-indented",
        ),
        pytest.param(
            "a:\n    b: 1\n  c: 2\n",
            (
                3,
                3,
                "this line is indented by 2 spaces, which lines it up with none of the lines "
                "above; indent it by 4 or 0 spaces, like the lines it belongs with.",
            ),
            id="key-at-no-level",
        ),
        pytest.param(
            "stages:\n  - id: a\n    title: b\n   - id: c\n",
            (
                4,
                4,
                "this line is indented by 3 spaces, which lines it up with none of the lines "
                "above; indent it by 2 spaces, like the lines it belongs with.",
            ),
            id="item-at-no-level",
        ),
        pytest.param(
            "stages:\n  - id: a\n    title: b\n  id: c\n",
            (
                4,
                3,
                "this line is lined up with the '-' of the list above but has no '-': start a new "
                "item with '- ', or indent the line like the keys of the item above.",
            ),
            id="item-without-its-dash",
        ),
        pytest.param(
            "stages:\n  -id: a\n  - id: b\n",
            (2, 4, "put a space after the '-' that starts a list item: - id: a"),
            id="dash-without-space",
        ),
        pytest.param(
            "stages:\n\t- id: a\n",
            (
                2,
                1,
                "this line is indented with a tab; YAML allows only spaces for indentation: "
                "replace the tab with spaces.",
            ),
            id="tab-before-dash",
        ),
        pytest.param(
            "stages:\n  - id: a\n  \ttitle: b\n",
            (
                3,
                3,
                "this line is indented with a tab; YAML allows only spaces for indentation: "
                "replace the tab with spaces.",
            ),
            id="tab-after-spaces",
        ),
        pytest.param(
            'a: 1\ntitle: "abc\nb: 2\nc: "3"\nd: 4\n',
            (
                2,
                8,
                'the quote " that opens this value is never closed; end the value with " on this '
                "line.",
            ),
            id="runaway-double-quote-closed-by-a-later-one",
        ),
        pytest.param(
            "a: 'x\n",
            (
                1,
                4,
                "the quote ' that opens this value is never closed; end the value with ' on "
                "this line.",
            ),
            id="single-quote-open-at-the-end",
        ),
        pytest.param(
            'a: "x\n---\nb"\n',
            (
                1,
                4,
                'the quote " that opens this value is never closed; end the value with " on '
                "this line.",
            ),
            id="quote-open-at-a-document-marker",
        ),
        pytest.param(
            'a: "abc\n  def"\nb: [\n',
            (
                3,
                4,
                "the [ that opens this list is never closed; end the list with ] on this line "
                "(entries are separated by commas).",
            ),
            id="quote-over-two-lines-is-fine-the-bracket-is-not",
        ),
        pytest.param(
            "stages:\n  - id: x\n    depends_on: [a, b\n    due: 2026-12-31\n",
            (
                3,
                17,
                "the [ that opens this list is never closed; end the list with ] on this line "
                "(entries are separated by commas).",
            ),
            id="unclosed-bracket-before-next-key",
        ),
        pytest.param(
            "a: ['x]', [b]\n",
            (
                1,
                4,
                "the [ that opens this list is never closed; end the list with ] on this line "
                "(entries are separated by commas).",
            ),
            id="bracket-inside-quotes-does-not-close",
        ),
        pytest.param(
            "a: 'Akim's plan'\n",
            (
                1,
                10,
                "there is more text after the closing quote of the value of 'a' (an apostrophe "
                "inside '…' closes it); write the whole value in one pair of quotes: "
                'a: "Akim\'s plan"',
            ),
            id="apostrophe-closes-single-quotes",
        ),
        pytest.param(
            'a: "ТОО" Ақтөбе\n',
            (
                1,
                10,
                "there is more text after the closing quote of the value of 'a'; write the whole "
                "value in one pair of quotes: a: '\"ТОО\" Ақтөбе'",
            ),
            id="text-after-double-quotes",
        ),
        pytest.param(
            "a: [x, y] z\n",
            (
                1,
                11,
                "there is more text after the end of the list of 'a'; put it inside the "
                "brackets, separated by a comma, or remove it.",
            ),
            id="text-after-list",
        ),
        pytest.param(
            'note: "C:\\docs"\n',
            (
                1,
                10,
                "\\d is not an escape sequence in a value in double quotes; write the backslash "
                "twice, or put the value in single quotes instead.",
            ),
            id="unknown-escape",
        ),
        pytest.param(
            "stages:\n  - id: a\n    [   title: b\n",
            (3, 5, "this line has a stray '[' before the key 'title'; delete it."),
            id="stray-bracket-before-a-key",
        ),
        pytest.param(
            "roadmap: r\n   |  title: t\n",
            (2, 4, "this line has a stray '|' before the key 'title'; delete it."),
            id="stray-pipe-before-a-key",
        ),
        pytest.param(
            "@a: 1\n",
            (1, 1, "this line has a stray '@' before the key 'a'; delete it."),
            id="key-starting-with-at",
        ),
        pytest.param(
            "stages:\n  - id: a\n    title: }Құрылыс\n",
            (
                3,
                12,
                "the value of 'title' starts with '}', which YAML keeps for its own syntax; put "
                "the value in quotes: title: '}Құрылыс'",
            ),
            id="value-starting-with-a-closing-brace",
        ),
        pytest.param(
            "deps:\n  - `x`\n",
            (
                2,
                5,
                "this text starts with '`', which YAML keeps for its own syntax; put it in "
                "quotes: - '`x`'",
            ),
            id="list-entry-starting-with-backtick",
        ),
        pytest.param(
            "stages:\n  - id:\n  line-110kv\n",
            (
                3,
                3,
                "this line holds the value of 'id' from line 2, which YAML cannot read on a line "
                "of its own; write it after the key: - id: line-110kv",
            ),
            id="value-pushed-to-the-next-line",
        ),
        pytest.param(
            "a: 1\ndue: - 2026-11-30\n",
            (
                2,
                6,
                "the value of 'due' starts with '-', which YAML keeps for its own syntax; put the "
                "value in quotes: due: '- 2026-11-30'",
            ),
            id="value-starting-with-a-dash",
        ),
        pytest.param(
            "a: 1\nnote: ж\nқ.\nb: 2\n",
            (
                3,
                1,
                "YAML cannot read the file from here (while scanning a simple key, could not find "
                "expected ':'); compare this line with the lines above: indentation, colons, "
                "quotes and brackets.",
            ),
            id="words-without-a-colon-are-not-taken-for-a-key",
        ),
        pytest.param(
            "a: 1\n...\nb: 2\n",
            (
                3,
                1,
                "YAML cannot read the file from here (did not find expected <document start>); "
                "compare this line with the lines above: indentation, colons, quotes and "
                "brackets.",
            ),
            id="anything-else-keeps-the-parser-words",
        ),
    ],
)
def test_syntax_error_points_at_the_line_to_edit_with_the_fix(
    text: str, expected: tuple[int, int, str]
) -> None:
    """Each usual mistake is reported at the line a person must edit (not where libyaml gave
    up), in plain words, with the line as it should be written."""
    assert explained(text) == expected


@pytest.mark.parametrize("char", list(RESERVED_STARTS))
def test_value_starting_with_a_reserved_character_is_quoted_in_the_fix(char: str) -> None:
    """`title: @x`, `title: *x*`, `title: !x: y`... each gives the fix with the whole value
    quoted, and the fixed line parses back to exactly the value that was meant."""
    value = f"{char}Маңызды: 50% дайын"
    line, column, message = explained(ITEM.format(title=value))
    assert (line, column) == (3, 12)
    fixed = message.split("put the value in quotes: ", 1)[1]
    assert fixed == f"title: '{value}'"
    assert yaml.safe_load(fixed) == {"title": value}


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=30))
def test_quoted_value_reads_back_as_itself(value: str) -> None:
    """The fix a message shows is valid YAML that gives back exactly the value, whatever
    quotes, apostrophes, backslashes or colons it holds."""
    assert yaml.safe_load(f"title: {quote_value(value)}") == {"title": value}


def test_the_issue_missing_colon_is_reported_on_its_own_line() -> None:
    """Issue #14: a missing colon on line 176 was reported at 177 as "while scanning a simple
    key, could not find expected ':'"; it is now line 176, at the place the colon belongs."""
    lines = (REPO / "roadmaps" / "infrastructure.yaml").read_text("utf-8").splitlines(True)
    assert lines[175] == "        due: 2026-06-30\n"
    lines[175] = "        due 2026-06-30\n"
    assert explained("".join(lines)) == (
        176,
        12,
        "the colon after 'due' is missing; write due: 2026-06-30",
    )


def test_syntax_messages_are_translated() -> None:
    """The plain words are the catalog's, in Kazakh and Russian; the fixed line stays as the
    file must have it."""
    _, _, message = explained("a: 1\ntitle: Су: кезең 1\n")
    root, problems = parse_yaml("a: 1\ntitle: Су: кезең 1\n", PATH)
    assert root is None
    try:
        i18n.use_language("ru")
        russian = localize(problems[0].message)
        i18n.use_language("kk")
        kazakh = localize(problems[0].message)
    finally:
        i18n.use_language("en")
    for text in (russian, kazakh):
        assert text != message
        assert text.endswith("title: 'Су: кезең 1'")
    assert "кавычки" in russian
    assert "тырнақша" in kazakh


# -- look-alike letters ------------------------------------------------------------------------


def test_lookalike_letters_are_named_with_script_code_point_and_latin_letter() -> None:
    """The issue's example word for word, and several letters of one script at once."""
    assert describe_lookalikes("оwner") == (
        "'оwner' contains the Cyrillic letter 'о' (U+043E); type the Latin 'o'"
    )
    assert describe_lookalikes("аitymbеtov") == (
        "'аitymbеtov' contains the Cyrillic letters 'а' (U+0430), 'е' (U+0435); type the "
        "Latin 'a', 'e'"
    )
    assert describe_lookalikes("dυe") == (
        "'dυe' contains the Greek letter 'υ' (U+03C5); type the Latin 'u'"
    )
    assert describe_lookalikes("dυеs") == (
        "'dυеs' contains the Cyrillic and Greek letters 'υ' (U+03C5), 'е' (U+0435); type the "
        "Latin 'u', 'e'"
    )


@pytest.mark.parametrize("word", ["owner", "электр-желісі", "Ақтөбе", "status-2"])
def test_words_that_are_not_mistyped_latin_have_no_lookalike_message(word: str) -> None:
    """A Latin word, or a word written in Kazakh or Russian (some of whose letters look Latin),
    is not a mistyped Latin word."""
    assert describe_lookalikes(word) is None


def test_every_lookalike_is_a_cyrillic_or_greek_letter_that_folds_to_ascii() -> None:
    """The table maps Cyrillic and Greek letters to one ASCII letter each."""
    import unicodedata

    for char, (latin, script) in LOOKALIKES.items():
        assert unicodedata.name(char).split()[0] == script.upper(), char
        assert latin.isascii() and latin.isalpha() and len(latin) == 1
    assert fold_lookalikes("Аktоbе-SEZ") == "Aktobe-SEZ"


def test_suggester_names_the_letters_instead_of_suggesting_the_same_looking_word() -> None:
    """'оwner' (Cyrillic о) is not "did you mean 'owner'?", which reads as nonsense on screen;
    an ordinary typo still gets the closest word."""
    suggester = Suggester(["owner", "title", "due"])
    assert suggester.hint("оwner") == (
        " ('оwner' contains the Cyrillic letter 'о' (U+043E); type the Latin 'o')"
    )
    assert suggester.hint("ownr") == " (did you mean 'owner'?)"


def test_lookalike_messages_are_translated() -> None:
    """In Russian the letter's script agrees with «буква»; in Kazakh it is «кирилл әрпі»."""
    message = describe_lookalikes("оwner")
    assert message is not None
    try:
        i18n.use_language("ru")
        russian = localize(message)
        i18n.use_language("kk")
        kazakh = localize(message)
    finally:
        i18n.use_language("en")
    assert russian == "в 'оwner' есть кириллическая буква 'о' (U+043E); наберите латинскую 'o'"
    assert kazakh == "'оwner' сөзінде кирилл әрпі 'о' (U+043E) бар; орнына латын 'o' әрпін теріңіз"


# -- what a file that could not be read may define ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "# c\n---\nroadmap: power\ntitle: [x\nstages:\n", (frozenset({"power"}), False),
            id="roadmap-id-on-its-line",
        ),
        pytest.param("owners:\n  a: {name: A}\n\tb: x\n", (frozenset(), True), id="owners-only"),
        pytest.param(
            "roadmap: 'power'  # the grid\r\nowners:\r\n", (frozenset({"power"}), True),
            id="quoted-id-comment-crlf",
        ),
        pytest.param("roadmap: [unclosed\n", (None, False), id="roadmap-id-unreadable"),
        pytest.param("- roadmap: x\n", (None, True), id="not-a-block-mapping"),
        pytest.param("{roadmap: x, owners: {}}\n", (None, True), id="flow-mapping"),
        pytest.param("", (None, True), id="nothing"),
    ],
)  # fmt: skip
def test_what_a_broken_file_may_define_is_read_from_its_top_level_lines(
    text: str, expected: tuple[frozenset[str] | None, bool]
) -> None:
    """The roadmap ids whose items a file may hold (None: any) and whether it may define
    owners, from its top-level lines, whatever stopped the parser further down."""
    assert what_it_may_define(text) == expected


def test_parts_that_cannot_be_read_are_recorded_with_their_cause() -> None:
    """An owners: that is not a mapping, a tasks: that is not a list and an item without an
    id are each an UnreadSource at the problem that says why; a task of a left-out item and
    an item id with a look-alike letter are broken references, not unknown ones."""
    result = load_text(
        "owners: [ann]\n"
        "roadmap: hq\n"
        "title: HQ\n"
        "stages:\n"
        "  - {id: a, title: A, owner: ann, due: 2026-12-31, tasks: soon}\n"
        "  - {title: B, owner: ann, due: 2026-12-31}\n"
        "  - {id: c, title: C, owner: ann, due: 2026-13-01, tasks: [{id: d, title: D, "
        "owner: ann, due: 2026-12-31}]}\n"
        "  - {id: еxtra, title: E, owner: ann, due: 2026-12-31}\n",
        PATH,
    )
    assert [
        (source.cause.line, source.cause.column, source.cause.code, source.part, source.roadmaps)
        for source in result.unread
    ] == [
        (1, 9, "wrong-type", "owners", frozenset()),
        (5, 59, "wrong-type", "items", frozenset({"hq"})),
        (6, 5, "missing-key", "items", frozenset({"hq"})),
    ]
    assert [source.owners for source in result.unread] == [True, False, False]
    assert sorted(result.broken_refs) == ["hq/c", "hq/d", "hq/extra"]
