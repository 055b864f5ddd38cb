"""The YAML module: bytes -> text -> positioned nodes, with every YAML decision pinned."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sezctl.core.problems import Problem, Severity
from sezctl.source.yaml_nodes import (
    MAX_CHARACTER_PROBLEMS,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    NULL_WORDS,
    Mapping,
    Node,
    Scalar,
    Sequence,
    decode_source,
    find_forbidden_characters,
    parse_yaml,
)
from tests.conftest import REPO

PATH = "r.yaml"


def parse(text: str) -> Node:
    """Parse text that must be accepted, and return its root."""
    root, problems = parse_yaml(text, PATH)
    assert problems == []
    assert root is not None
    return root


def value_of(text: str, key: str = "a") -> Scalar:
    root = parse(text)
    assert isinstance(root, Mapping)
    node = root.pairs[key][1]
    assert isinstance(node, Scalar)
    return node


def located(problems: list[Problem]) -> list[tuple[int, int, str]]:
    """Problems reduced to (line, column, code), the part the tests pin exactly."""
    return [(problem.line, problem.column, problem.code) for problem in problems]


def rejected(text: str) -> list[tuple[int, int, str]]:
    root, problems = parse_yaml(text, PATH)
    assert root is None
    assert all(problem.path == PATH and problem.severity is Severity.ERROR for problem in problems)
    return located(problems)


# -- scalars stay text ---------------------------------------------------------------------


YAML11_BOOLEANS = ["NO", "no", "yes", "Yes", "on", "OFF", "y", "true", "False"]
YAML11_NUMBERS = ["1:20", "190:20:30", "050000", "0o17", "0x1F", "0b101", "1_000", "+12", "-0"]
YAML_FLOATS = ["1e3", "3.14", ".5", ".inf", "-.Inf", ".NaN"]
YAML_TIMESTAMPS = ["2026-11-01", "2026-11-01T10:00:00", "30.11.2026"]
YAML_OTHER = ["=", "<<<"]  # the "value" key and a near-merge key


@pytest.mark.parametrize(
    "written", YAML11_BOOLEANS + YAML11_NUMBERS + YAML_FLOATS + YAML_TIMESTAMPS + YAML_OTHER
)
def test_plain_scalars_stay_exactly_the_text_written(written: str) -> None:
    """No implicit typing: every plain scalar is the string as written, marked plain."""
    node = value_of(f"a: {written}\n")
    assert (node.value, node.line, node.column, node.plain) == (written, 1, 4, True)


def test_quoted_and_block_scalars_are_not_plain() -> None:
    """Single-, double-quoted, literal and folded scalars are marked not plain; values unquoted."""
    root = parse("s: 'NO'\nd: \"1:20\"\nl: |\n  one\n  two\nf: >\n  one\n  two\np: NO\n")
    assert isinstance(root, Mapping)
    values = {
        key: (node.value, node.plain)
        for key, (_, node) in root.pairs.items()
        if isinstance(node, Scalar)
    }
    assert values == {
        "s": ("NO", False),
        "d": ("1:20", False),
        "l": ("one\ntwo\n", False),
        "f": ("one two\n", False),
        "p": ("NO", True),
    }


def test_double_quoted_escapes_are_decoded() -> None:
    """A double-quoted scalar's escapes are decoded by YAML (\\n, \\u0410)."""
    assert value_of('a: "x\\ny \\u0410"\n').value == "x\ny А"


@pytest.mark.parametrize("written", ["", "~", "null", "Null", "NULL"])
def test_null_words_written_plain_are_null(written: str) -> None:
    """Nothing, ~ and null in the three spellings mean "no value" when written plain."""
    node = value_of(f"a: {written}\nb: 1\n")
    assert node.value == written
    assert node.is_null is True


@pytest.mark.parametrize(
    "text",
    ["a: '~'\n", 'a: "null"\n', "a: ''\n", "a: nil\n", "a: None\n", "a: NONE\n", "a: nULL\n"],
)
def test_quoted_null_words_and_look_alikes_are_not_null(text: str) -> None:
    """Only the plain null words are null: quoted ones and other spellings are text."""
    assert value_of(text).is_null is False


def test_null_words_are_the_yaml_core_schema_ones() -> None:
    """NULL_WORDS is exactly the YAML core schema's null set (plus the empty value)."""
    assert frozenset({"", "~", "null", "Null", "NULL"}) == NULL_WORDS


# -- positions -----------------------------------------------------------------------------


def test_every_node_has_its_exact_one_based_line_and_column() -> None:
    """Mappings, sequences, keys and values carry 1-based positions of their first character."""
    text = "roadmap: r\nstages:\n  - id: a\n    depends_on: [b, 'c']\n    note: |\n      x\n"
    root = parse(text)
    assert isinstance(root, Mapping)
    assert (root.line, root.column) == (1, 1)
    key, stages = root.pairs["stages"]
    assert (key.line, key.column) == (2, 1)
    assert isinstance(stages, Sequence)
    assert (stages.line, stages.column) == (3, 3)
    item = stages.items[0]
    assert isinstance(item, Mapping)
    assert (item.line, item.column) == (3, 5)
    assert list(item.pairs) == ["id", "depends_on", "note"]
    depends_key, depends = item.pairs["depends_on"]
    assert (depends_key.line, depends_key.column) == (4, 5)
    assert isinstance(depends, Sequence)
    assert (depends.line, depends.column) == (4, 17)
    assert [
        (n.value, n.line, n.column, n.plain) for n in depends.items if isinstance(n, Scalar)
    ] == [("b", 4, 18, True), ("c", 4, 21, False)]
    note = item.pairs["note"][1]
    assert (note.line, note.column) == (5, 11)


_TEXTS = st.text(
    st.characters(
        codec="utf-8",
        categories=("L", "N", "P", "S", "Zs"),
        include_characters="ӘәҒғҚқҢңӨөҰұҮүҺһІі",
    ),
    max_size=12,
)
_DOCUMENTS = st.recursive(
    _TEXTS | st.sampled_from(["", "~", "null", "<<<", "yes", "1:20", "2026-11-01"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXTS, inner, max_size=4),
    max_leaves=25,
)


_BASE_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def _composed(node: yaml.Node) -> tuple[object, ...]:
    """PyYAML's own composer's tree, in the terms of ours (kind, value or children, 1-based
    position, offsets, plain or flow)."""
    start, end = node.start_mark, node.end_mark
    where = (start.line + 1, start.column + 1, start.index, end.index)
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.value, *where, not node.style)
    if isinstance(node, yaml.SequenceNode):
        return ("sequence", [_composed(item) for item in node.value], *where, node.flow_style)
    pairs = {key.value: (_composed(key), _composed(value)) for key, value in node.value}
    return ("mapping", pairs, *where, node.flow_style)


def _ours(node: Node) -> tuple[object, ...]:
    if isinstance(node, Scalar):
        return ("scalar", node.value, node.line, node.column, node.start, node.end, node.plain)
    where = (node.line, node.column, node.start, node.end, node.flow)
    if isinstance(node, Sequence):
        return ("sequence", [_ours(item) for item in node.items], *where)
    pairs = {key: (_ours(key_node), _ours(value)) for key, (key_node, value) in node.pairs.items()}
    return ("mapping", pairs, *where)


@settings(max_examples=300, deadline=None)
@given(
    data=_DOCUMENTS,
    flow=st.sampled_from([False, True, None]),
    width=st.sampled_from([20, 80]),
)
def test_the_tree_is_the_one_pyyaml_composes(data: object, flow: bool | None, width: int) -> None:
    """Any document without anchors, tags or duplicate keys -- nested lists and mappings, block
    and flow style, quoted and plain scalars, Kazakh text, lines folded at 20 columns -- gives
    the tree PyYAML's own composer gives: the same values, 1-based positions, offsets, and
    plain or flow styles, and no problem."""
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, width=width)
    root, problems = parse_yaml(text, PATH)
    assert problems == []
    assert root is not None
    assert _ours(root) == _composed(yaml.compose(text, Loader=_BASE_LOADER))


def test_columns_count_characters_not_bytes() -> None:
    """After Kazakh letters (two bytes each in UTF-8) the column is a character count."""
    node = value_of("a: Ақтөбе, [x]\nb: 1\n", "b")
    assert (node.line, node.column) == (2, 4)
    root = parse("ақтөбе: {қ: ө}\n")
    assert isinstance(root, Mapping)
    inner = root.pairs["ақтөбе"][1]
    assert isinstance(inner, Mapping)
    assert (inner.line, inner.column) == (1, 9)
    assert (inner.pairs["қ"][1].line, inner.pairs["қ"][1].column) == (1, 13)


def test_crlf_line_endings_count_as_one_line_break() -> None:
    """CRLF files keep the same line numbers as LF files and no \\r reaches a value."""
    node = value_of("x: 1\r\ny: 2\r\na: three\r\n")
    assert (node.value, node.line, node.column) == ("three", 3, 4)


def test_empty_value_is_located_where_the_value_would_be() -> None:
    """`a:` with nothing after it gives an empty plain scalar located after the colon."""
    node = value_of("a:\nb: 1\n")
    assert (node.value, node.plain, node.line, node.column) == ("", True, 1, 3)


# -- bytes -> text ---------------------------------------------------------------------------


def test_utf8_text_decodes_unchanged() -> None:
    """Valid UTF-8 (Kazakh, Russian, tabs inside values, CR) is returned as is, no problem."""
    text = "title: «Ақтөбе» — ТОО\tок\r\n"
    assert decode_source(text.encode("utf-8"), PATH) == (text, [])


def test_bom_is_removed_and_does_not_shift_columns() -> None:
    """A leading UTF-8 BOM is accepted and stripped, so line 1 columns are unchanged."""
    text, problems = decode_source(b"\xef\xbb\xbfa: \x01\n", PATH)
    assert text == "a: \x01\n"
    assert located(problems) == [(1, 4, "control-character")]


def test_bom_inside_the_text_is_an_invisible_character() -> None:
    """Only a leading BOM is accepted; U+FEFF anywhere else is reported where it is."""
    text, problems = decode_source("a: 1\nb: x\ufeffy\n".encode(), PATH)
    assert text == "a: 1\nb: x\ufeffy\n"
    assert located(problems) == [(2, 5, "control-character")]
    assert "U+FEFF (ZERO WIDTH NO-BREAK SPACE)" in problems[0].message


def test_windows_1251_bytes_are_refused_with_a_hint() -> None:
    """Cyrillic saved as Windows-1251 is located at the first bad byte and hints at cp1251."""
    data = "a: 1\ntitle: Дорожная карта\n".encode("cp1251")
    assert decode_source(data, PATH) == (
        None,
        [
            Problem(
                PATH,
                2,
                8,
                "encoding",
                "the file is not valid UTF-8 (byte 0xc4 cannot be decoded). It looks like "
                "Windows-1251 (Cyrillic) text: re-save it as UTF-8, for example with "
                "`iconv -f cp1251 -t utf-8`.",
            )
        ],
    )


@pytest.mark.parametrize(
    ("data", "column"),
    [
        ("name: Jürgen Müller\n".encode("latin-1"), 8),
        ("org: Société Générale\n".encode("latin-1"), 10),
        ("a: Ақтөбе \xff\n".encode().replace(b"\xc3\xbf", b"\xff"), 11),
    ],
    ids=["latin1-umlaut", "latin1-accents", "stray-byte-after-kazakh"],
)
def test_other_bad_bytes_are_refused_without_the_cyrillic_hint(data: bytes, column: int) -> None:
    """Latin-1 text or one stray byte is not called Windows-1251; columns count characters."""
    text, problems = decode_source(data, PATH)
    assert text is None
    assert located(problems) == [(1, column, "encoding")]
    assert problems[0].message.endswith("cannot be decoded). Re-save the file as UTF-8.")


def test_file_size_limit_is_inclusive() -> None:
    """A file of exactly MAX_FILE_BYTES is read; one byte more is refused at 0:0."""
    text, problems = decode_source(b"#" * MAX_FILE_BYTES, PATH)
    assert (len(text or ""), problems) == (MAX_FILE_BYTES, [])
    assert decode_source(b"#" * (MAX_FILE_BYTES + 1), PATH) == (
        None,
        [
            Problem(
                PATH,
                0,
                0,
                "file-too-large",
                f"the file is {MAX_FILE_BYTES + 1:,} bytes; the limit is {MAX_FILE_BYTES:,} "
                "bytes. Split the roadmap into several files.",
            )
        ],
    )


# -- control and invisible characters ---------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x00", "control character"),
        ("\x07", "control character"),
        ("\x1b", "control character"),
        ("\x7f", "control character"),
        ("\x85", "control character"),
        ("\u00ad", "SOFT HYPHEN"),
        ("\u061c", "ARABIC LETTER MARK"),
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u200d", "ZERO WIDTH JOINER"),
        ("\u200f", "RIGHT-TO-LEFT MARK"),
        ("\u2028", "LINE SEPARATOR"),
        ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        ("\u2060", "WORD JOINER"),
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
        ("\ufffb", "INTERLINEAR ANNOTATION TERMINATOR"),
    ],
)
def test_each_forbidden_character_is_reported_at_its_position(char: str, name: str) -> None:
    """Controls and invisible format characters are located exactly and named."""
    problems = find_forbidden_characters(f"a: 1\nkey{char}: Ақ{char}\n", PATH)
    assert located(problems) == [(2, 4, "control-character"), (2, 9, "control-character")]
    assert problems[0].message == (
        f"invisible or control character U+{ord(char):04X} ({name}); delete it "
        "(it is often pasted in from a web page or a word processor)."
    )


@pytest.mark.parametrize("char", ["\t", "\n", "\r", " ", "\u00a0", "«", "—", "ә"])
def test_ordinary_whitespace_and_letters_are_allowed(char: str) -> None:
    """Tab, line breaks, no-break space, guillemets, dashes and Kazakh letters are fine."""
    assert find_forbidden_characters(f"a: x{char}y\n", PATH) == []


def test_lone_carriage_returns_count_as_line_breaks_like_the_parser() -> None:
    """Old Mac (CR-only) line endings give the same line numbers as the YAML parser."""
    problems = find_forbidden_characters("a: 1\rb: \x00\r\nc: 2\rd: \x1b\n", PATH)
    assert located(problems) == [(2, 4, "control-character"), (4, 4, "control-character")]


def test_a_file_full_of_control_characters_is_summarised() -> None:
    """Past MAX_CHARACTER_PROBLEMS, one last problem counts the rest (a binary or UTF-16 file)."""
    count = MAX_CHARACTER_PROBLEMS + 250
    problems = find_forbidden_characters("a: " + "\x00" * count, PATH)
    assert len(problems) == MAX_CHARACTER_PROBLEMS + 1
    assert located(problems[:2]) == [(1, 4, "control-character"), (1, 5, "control-character")]
    last = problems[-1]
    assert (last.line, last.column) == (1, 4 + MAX_CHARACTER_PROBLEMS)
    assert last.message == (
        "250 more invisible or control characters from here on; is this really a text file "
        "saved as UTF-8?"
    )


@pytest.mark.parametrize(
    ("escape", "code_point", "name"),
    [
        ("\\e", 0x1B, "control character"),
        ("\\0", 0x00, "control character"),
        ("\\a", 0x07, "control character"),
        ("\\b", 0x08, "control character"),
        ("\\v", 0x0B, "control character"),
        ("\\f", 0x0C, "control character"),
        ("\\r", 0x0D, "control character"),
        ("\\x1b", 0x1B, "control character"),
        ("\\x7F", 0x7F, "control character"),
        ("\\x85", 0x85, "control character"),
        ("\\N", 0x85, "control character"),
        ("\\L", 0x2028, "LINE SEPARATOR"),
        ("\\P", 0x2029, "PARAGRAPH SEPARATOR"),
        ("\\u202e", 0x202E, "RIGHT-TO-LEFT OVERRIDE"),
        ("\\u200B", 0x200B, "ZERO WIDTH SPACE"),
        ("\\uFEFF", 0xFEFF, "ZERO WIDTH NO-BREAK SPACE"),
        ("\\U00002066", 0x2066, "LEFT-TO-RIGHT ISOLATE"),
    ],
)
def test_escaped_forbidden_characters_are_reported_at_the_escape(
    escape: str, code_point: int, name: str
) -> None:
    """The rule is about the value: an escape in a double-quoted scalar that makes a control or
    invisible character is refused like the raw character, located at its backslash."""
    text = f'a: 1\ntitle: "Ақ{escape}x"\n'
    assert find_forbidden_characters(text, PATH) == []  # the file's text itself is clean
    root, problems = parse_yaml(text, PATH)
    assert root is None
    assert problems == [
        Problem(
            PATH,
            2,
            11,
            "control-character",
            f"the escape {escape} makes the invisible or control character "
            f"U+{code_point:04X} ({name}) in this value; delete the escape.",
        )
    ]


def test_the_screen_clearing_title_of_the_review_is_refused() -> None:
    """`"\\e[2J"` in a title (clears a terminal) and `"\\0"`, `"\\u202e"`, `"\\x85"` in a note:
    each escape is one problem, in file order, on its own line and column."""
    text = 'title: "Plan\\e[2J"\nnote: "A\\0B\\u202eC\n  \\x85D"\n'
    assert rejected(text) == [
        (1, 13, "control-character"),
        (2, 9, "control-character"),
        (2, 12, "control-character"),
        (3, 3, "control-character"),
    ]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ('"x\\ty"', "x\ty"),
        ('"x\\ny"', "x\ny"),
        ('"x\\\\ey"', "x\\ey"),  # an escaped backslash, then a plain e
        ('"x\\"y"', 'x"y'),
        ('"x\\_y"', "x\xa0y"),
        ('"x\\/y"', "x/y"),
        ('"x\\u0410\\U0001F600"', "xА\U0001f600"),
        ('"x\\\n  y"', "xy"),  # an escaped line break joins the lines
        ("'x\\ey'", "x\\ey"),  # no escapes in single quotes
        ("x\\0y", "x\\0y"),  # nor in plain scalars
    ],
)
def test_escapes_of_ordinary_characters_are_allowed(written: str, value: str) -> None:
    """Tab, line feed, quotes, backslash, no-break space and letters written as escapes stay."""
    assert value_of(f"a: {written}\n").value == value


def test_escaped_forbidden_character_in_a_key_is_refused() -> None:
    """Keys are scalars too: a double-quoted key with `\\e` is refused at its backslash."""
    assert rejected('"ti\\etle": x\n') == [(1, 4, "control-character")]


def test_many_escaped_control_characters_are_summarised() -> None:
    """Past MAX_CHARACTER_PROBLEMS escapes in a file, one last problem counts the rest."""
    count = MAX_CHARACTER_PROBLEMS + 30
    root, problems = parse_yaml('a: "' + "\\0" * count + '"\n', PATH)
    assert root is None
    assert len(problems) == MAX_CHARACTER_PROBLEMS + 1
    assert located(problems[:2]) == [(1, 5, "control-character"), (1, 7, "control-character")]
    assert problems[-1] == Problem(
        PATH,
        1,
        5 + 2 * MAX_CHARACTER_PROBLEMS,
        "control-character",
        "30 more escapes of invisible or control characters from here on.",
    )


# -- rejected constructs ----------------------------------------------------------------------


def test_anchor_and_alias_are_each_rejected_where_written() -> None:
    """&anchor and *alias are both reported, at their own positions."""
    assert rejected("a: &x 1\nb:\n  - *x\n") == [(1, 4, "anchor"), (3, 5, "alias")]


def test_anchor_on_a_collection_is_rejected() -> None:
    """An anchor on a mapping or sequence is reported at the anchor."""
    assert rejected("a: &m {b: 1}\nc: &s [1]\n") == [(1, 4, "anchor"), (2, 4, "anchor")]


def test_alias_bomb_is_rejected_without_expanding() -> None:
    """Billion laughs: every anchor and alias is reported once; nothing is expanded."""
    text = "a: &a [lol, lol]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert rejected(text) == [
        (1, 4, "anchor"),
        (2, 4, "anchor"),
        (2, 8, "alias"),
        (2, 12, "alias"),
        (3, 5, "alias"),
        (3, 9, "alias"),
    ]


def test_merge_key_is_rejected() -> None:
    """A plain << key is a merge key and is rejected at the key."""
    assert rejected("a:\n  <<: {b: 1}\n  c: 2\n") == [(2, 3, "merge-key")]


def test_quoted_double_less_than_is_an_ordinary_key() -> None:
    """'<<' in quotes is just text, not a merge key."""
    assert value_of("'<<': x\n", "<<").value == "x"


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        (
            "a: !!python/object/apply:os.system [ls]\n",
            "!!python/object/apply:os.system",
        ),
        ("a: !!int 5\n", "!!int"),
        ("a: !!str 5\n", "!!str"),
        ("a: !custom 5\n", "!custom"),
        ("a: ! 5\n", "!"),
        ("a: !!map {b: 1}\n", "!!map"),
        ("a: !<tag:example.com,2026:x> 5\n", "tag:example.com,2026:x"),
    ],
)
def test_explicit_tags_are_rejected(text: str, tag: str) -> None:
    """Every explicit tag, standard or custom, on any node, is rejected at the tag."""
    root, problems = parse_yaml(text, PATH)
    assert root is None
    assert problems == [
        Problem(
            PATH,
            1,
            4,
            "tag",
            f"explicit tag {tag}: tags are not allowed; write the plain value "
            "(quote it if it must stay text).",
        )
    ]


def test_second_document_is_rejected_at_its_start() -> None:
    """A `---` starting a second document is reported there; a leading `---` is fine."""
    assert rejected("---\na: 1\n---\nb: 2\n") == [(3, 1, "multiple-documents")]
    assert rejected("a: 1\n---\n") == [(2, 1, "multiple-documents")]
    assert value_of("---\na: 1\n...\n").value == "1"


def test_duplicate_keys_are_rejected_at_the_second_occurrence() -> None:
    """A key repeated in one mapping (quoted or not) is reported at the repeat, naming line 1."""
    root, problems = parse_yaml("a: 1\nb:\n  c: 1\n  'c': 2\na: 3\n", PATH)
    assert root is None
    assert located(problems) == [(4, 3, "duplicate-key"), (5, 1, "duplicate-key")]
    assert problems[1].message.startswith("duplicate key 'a' (first defined at line 1)")


def test_same_key_in_different_mappings_is_not_a_duplicate() -> None:
    """Keys are unique per mapping: the same key in two items is fine."""
    root = parse("- id: a\n- id: b\n")
    assert isinstance(root, Sequence)
    assert [
        item.pairs["id"][1].value
        for item in root.items
        if isinstance(item, Mapping) and isinstance(item.pairs["id"][1], Scalar)
    ] == ["a", "b"]


def test_collection_keys_are_rejected_at_the_key_and_not_also_as_duplicates() -> None:
    """A list or mapping used as a key is reported where it starts, once per key."""
    root, problems = parse_yaml("? [a, b]\n: 1\n? {c: d}\n: 2\n", PATH)
    assert root is None
    assert located(problems) == [(1, 3, "wrong-type"), (3, 3, "wrong-type")]
    assert problems[0].message == "a key must be plain text, not a list or mapping."


def test_nesting_up_to_the_limit_is_accepted() -> None:
    """MAX_DEPTH nested collections (the root counts) are accepted."""
    root = parse("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    depth = 1
    while isinstance(root, Sequence) and root.items:
        root = root.items[0]
        depth += 1
    assert depth == MAX_DEPTH


def test_nesting_beyond_the_limit_is_rejected_at_the_first_level_too_deep() -> None:
    """The collection at depth MAX_DEPTH + 1 is reported, once, where it opens."""
    assert rejected("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n") == [
        (1, 4 + MAX_DEPTH - 1, "too-deep")
    ]


def test_pathological_nesting_is_rejected_without_recursion() -> None:
    """900 nested lists give one too-deep problem; 100,000 hit libyaml's own limit (1,000 flow
    levels, checked while scanning ahead) and give one located syntax error, never a crash."""
    assert rejected("a: " + "[" * 900) == [(1, 3 + MAX_DEPTH, "too-deep")]
    root, problems = parse_yaml("[" * 100_000, PATH)
    assert (root, located(problems)) == (None, [(1, 1001, "yaml-syntax")])
    assert "exceeded maximum nesting depth" in problems[0].message


def test_block_nesting_is_limited_like_flow_nesting() -> None:
    """Indented block sequences count towards the same depth limit."""
    text = "".join("  " * level + "-\n" for level in range(MAX_DEPTH)) + "  " * MAX_DEPTH + "- x\n"
    assert rejected(text) == [(MAX_DEPTH + 1, 2 * MAX_DEPTH + 1, "too-deep")]


# -- syntax errors -------------------------------------------------------------------------


def test_tab_indentation_is_a_syntax_error_with_a_hint() -> None:
    """A tab used to indent is located at the tab and the message says to use spaces."""
    root, problems = parse_yaml("stages:\n  - id: a\n\t  title: b\n", PATH)
    assert root is None
    assert located(problems) == [(3, 1, "yaml-syntax")]
    assert problems[0].message == (
        "this line is indented with a tab; YAML allows only spaces for indentation: replace the "
        "tab with spaces."
    )


def test_tab_inside_a_value_is_allowed() -> None:
    """A tab between words of a value is not indentation and stays in the text."""
    assert value_of("a: x\ty\n").value == "x\ty"


def test_tab_inside_a_value_is_shown_as_a_space_in_tables(tmp_path: Path) -> None:
    """Tabs are allowed in values, so a table shows one as a space, never as U+FFFD (a real
    `sezctl status` process, its table read back byte for byte)."""
    import os
    import subprocess
    import sys

    (tmp_path / "r.yaml").write_text(
        "owners: {ann: {name: Ann}}\nroadmap: r\ntitle: R\nstages:\n"
        '  - {id: a, title: "Grid\\tline", owner: ann, due: 2026-03-31, note: x}\n'
        "  - {id: b, title: Sub\tstation, owner: ann, due: 2026-03-31}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "SEZCTL_TODAY": "2026-04-01"}
    done = subprocess.run(
        [sys.executable, "-m", "sezctl", "status", "--all", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode("utf-8").splitlines()
    rows = [line.split() for line in lines if line.split()[:1] in (["a"], ["b"])]
    assert rows == [
        ["a", "Grid", "line", "Ann", "2026-03-31", "1", "day", "planned"],
        ["b", "Sub", "station", "Ann", "2026-03-31", "1", "day", "planned"],
    ]
    assert "\ufffd".encode() not in done.stdout


@pytest.mark.parametrize(
    ("text", "position", "message"),
    [
        (
            "a: [1, 2\n",
            (1, 4),
            "the [ that opens this list is never closed; end the list with ] on this line "
            "(entries are separated by commas).",
        ),
        (
            "a: {b: 1\n",
            (1, 4),
            "the { that opens this mapping is never closed; end it with } on this line (entries "
            "are separated by commas).",
        ),
        (
            "a: b: c\n",
            (1, 5),
            "the value of 'a' contains ': ', which YAML takes for the start of another key; put "
            "the whole value in quotes: a: 'b: c'",
        ),
        (
            "a: 'x\n",
            (1, 4),
            "the quote ' that opens this value is never closed; end the value with ' on this line.",
        ),
        (
            "a:\n  - x\n  y: 1\n",
            (3, 3),
            "this line is lined up with the '-' of the list above but has no '-': start a new "
            "item with '- ', or indent the line like the keys of the item above.",
        ),
        (
            "a: `x`\n",
            (1, 4),
            "the value of 'a' starts with '`', which YAML keeps for its own syntax; put the value "
            "in quotes: a: '`x`'",
        ),
        (
            "a: @x\n",
            (1, 4),
            "the value of 'a' starts with '@', which YAML keeps for its own syntax; put the value "
            "in quotes: a: '@x'",
        ),
        (
            "a: Ақ: x\n",
            (1, 6),
            "the value of 'a' contains ': ', which YAML takes for the start of another key; put "
            "the whole value in quotes: a: 'Ақ: x'",
        ),
        (
            "a: 1\n...\nb: 2\n",
            (3, 1),
            "YAML cannot read the file from here (did not find expected <document start>); "
            "compare this line with the lines above: indentation, colons, quotes and brackets.",
        ),
    ],
)
def test_syntax_errors_are_located_problems(
    text: str, position: tuple[int, int], message: str
) -> None:
    """libyaml errors become one yaml-syntax problem at the line to edit, in plain words (what
    tests/test_yaml_errors.py pins case by case), never an exception."""
    root, problems = parse_yaml(text, PATH)
    assert root is None
    assert problems == [Problem(PATH, position[0], position[1], "yaml-syntax", message)]


@pytest.mark.parametrize(
    ("text", "column"), [("a: [1", 4), ("a: {b: 1", 4), ("depends_on: [", 13), ('a: "Ақ', 4)]
)
def test_error_at_the_end_of_a_file_without_final_newline_stays_on_its_last_line(
    text: str, column: int
) -> None:
    """libyaml puts an end-of-file error on a line that does not exist; the problem points at
    the bracket or quote left open on the last line instead."""
    assert rejected(text) == [(1, column, "yaml-syntax")]


def test_problems_found_before_a_syntax_error_are_kept() -> None:
    """An anchor before a syntax error is reported too: every problem found, not only the last."""
    assert rejected("a: &x 1\nb: [\n") == [(1, 4, "anchor"), (2, 4, "yaml-syntax")]


# -- documents -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "---\n...\n"])
def test_empty_document_gives_no_root_and_no_problem(text: str) -> None:
    """A file with no content parses to (None, []); the loader decides what that means."""
    assert parse_yaml(text, PATH) == (None, [])


@pytest.mark.parametrize(
    ("text", "kind"),
    [("- a\n- b\n", Sequence), ("just text\n", Scalar), ("~\n", Scalar), ("{}\n", Mapping)],
)
def test_any_root_kind_is_returned_for_the_loader_to_judge(text: str, kind: type) -> None:
    """parse_yaml returns lists and scalars at the root; rejecting them is the schema's job."""
    root = parse(text)
    assert type(root) is kind
    assert (root.line, root.column) == (1, 1)


def test_security_doc_states_the_limits_as_coded() -> None:
    """docs/security.md's table of limits gives the numbers the code applies."""
    from sezctl.source.config import MAX_CONFIG_BYTES
    from sezctl.source.loader import MAX_SUGGESTION_COMPARISONS

    doc = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line.split("|")[2].strip() for line in doc.splitlines()
            if line.startswith("| ") and line.count("|") == 4}  # fmt: skip
    assert rows["Size of a roadmap file"] == f"{MAX_FILE_BYTES:,} bytes (4 MiB)"
    assert rows["Nesting"] == f"{MAX_DEPTH} levels"
    assert rows["Control characters reported one by one"] == (
        f"{MAX_CHARACTER_PROBLEMS} per file (raw), {MAX_CHARACTER_PROBLEMS} per file (escapes)"
    )
    assert rows["Size of `sezctl.toml`"] == f"{MAX_CONFIG_BYTES:,} bytes"
    assert rows['"Did you mean"'] == f"{MAX_SUGGESTION_COMPARISONS:,} comparisons per check"
