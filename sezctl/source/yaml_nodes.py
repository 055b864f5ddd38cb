"""The one place where YAML is read: bytes -> text -> a small tree of positioned nodes.

Every YAML decision lives here:

* PyYAML's C parser (libyaml) produces *events*; we build the tree ourselves from them with an
  explicit stack.  That keeps line and column on every value, never recurses (so deep nesting
  cannot overflow the C or Python stack), and is several times faster than ``yaml.compose``.
* Nothing is typed implicitly: every scalar stays the exact text that was written, so
  ``status: NO``, ``1:20`` or ``050000`` are never turned into booleans or numbers.  The schema in
  ``sezctl.source.convert`` decides what a value means.
* Anchors, aliases, merge keys and explicit tags are rejected (this also rules out alias bombs),
  as are duplicate keys, several documents in one file, files over :data:`MAX_FILE_BYTES` and
  nesting deeper than :data:`MAX_DEPTH`.
* Bytes must be UTF-8 (a leading BOM is accepted); control and invisible characters are
  rejected wherever they appear, written raw in the file or as an escape sequence in a
  double-quoted value (``"\\e[2J"``, ``"\\0"``, ``"\\u202e"``, ``"\\x85"``, ``"\\r"``): the rule
  is about the value that reaches reports and exports, however it was written.
* Whatever the YAML library raises on odd input (it raises ``ValueError``, ``IndexError`` and
  others, not only ``YAMLError``) becomes a located :class:`~sezctl.core.problems.Problem`.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from sezctl.core.i18n import M, Message, Mn
from sezctl.core.problems import Problem

try:  # libyaml is an order of magnitude faster; the pure-Python parser is only a fallback.
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner

    class _Parser(_Reader, _Scanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _Reader.__init__(self, stream)
            _Scanner.__init__(self)
            _PyParser.__init__(self)

        def dispose(self) -> None:
            pass


MAX_FILE_BYTES = 4 * 1024 * 1024
"""Larger files are refused: a roadmap is a document people read, not a data dump."""

MAX_CHARACTER_PROBLEMS = 100
"""Control characters reported one by one in a file before the rest are only counted."""

MAX_DEPTH = 64
"""Deepest allowed nesting of mappings and sequences (about 30 levels of nested tasks)."""

NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
"""Plain scalars that mean "no value", as in every YAML schema."""

FORBIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb]"
)
"""C0/C1 controls except tab, LF and CR; format characters (zero-width, bidi overrides, soft
hyphen, BOM inside the text); line/paragraph separators; lone surrogates (bytes that were not
UTF-8, in a file name).  Checked over a file's whole text at once, and over every value."""

_LINE_BREAK = re.compile("\r\n|\r|\n")


def has_forbidden_character(value: str) -> bool:
    """True when a value, its escapes decoded, holds a character a file may not hold raw, or a
    carriage return (in a file it only ends a line; in a value it can only come from ``"\\r"``,
    and it sends a terminal's cursor back over what was printed)."""
    return "\r" in value or FORBIDDEN_CHARACTERS.search(value) is not None


class _Node:
    """Equality and repr field by field, in ``__slots__`` order, for the three node classes.

    They are plain classes rather than dataclasses because every run defines them: on Python
    3.11 the three dataclasses took 1 ms to create at each start (docs/performance.md).
    """

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __eq__(self, other: object) -> bool:
        names: tuple[str, ...] = self.__slots__
        return type(other) is type(self) and all(
            getattr(self, name) == getattr(other, name) for name in names
        )

    def __repr__(self) -> str:
        names: tuple[str, ...] = self.__slots__
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__name__}({fields})"


class Scalar(_Node):
    """A scalar exactly as written; ``plain`` is False for quoted and block scalars.

    ``start`` and ``end`` are character offsets into the decoded text (BOM removed):
    ``text[start:end]`` is the scalar as written, quotes included.  Editing commands replace
    exactly that span.
    """

    __slots__ = ("value", "line", "column", "plain", "start", "end")  # noqa: RUF023 (field order)

    def __init__(
        self, value: str, line: int, column: int, plain: bool = True, start: int = 0, end: int = 0
    ) -> None:
        self.value = value
        self.line = line
        self.column = column
        self.plain = plain
        self.start = start
        self.end = end

    @property
    def is_null(self) -> bool:
        """True for an empty value, ``~`` or ``null`` written without quotes."""
        return self.plain and self.value in NULL_WORDS


class Mapping(_Node):
    """A mapping with text keys, in file order; ``pairs`` maps key text to (key node, value).

    ``start`` and ``end`` are character offsets, as for `Scalar`; a block mapping ends where the
    next token starts (after trailing comments and blank lines).  ``flow``: written as
    ``{key: value, ...}``.
    """

    __slots__ = ("line", "column", "pairs", "start", "end", "flow")  # noqa: RUF023 (field order)

    def __init__(
        self,
        line: int,
        column: int,
        pairs: dict[str, tuple[Scalar, Node]] | None = None,
        start: int = 0,
        end: int = 0,
        flow: bool = False,
    ) -> None:
        self.line = line
        self.column = column
        self.pairs: dict[str, tuple[Scalar, Node]] = {} if pairs is None else pairs
        self.start = start
        self.end = end
        self.flow = flow


class Sequence(_Node):
    """A sequence of nodes, in file order; offsets and ``flow`` (``[a, b, ...]``) as for
    `Mapping`."""

    __slots__ = ("line", "column", "items", "start", "end", "flow")  # noqa: RUF023 (field order)

    def __init__(
        self,
        line: int,
        column: int,
        items: list[Node] | None = None,
        start: int = 0,
        end: int = 0,
        flow: bool = False,
    ) -> None:
        self.line = line
        self.column = column
        self.items: list[Node] = [] if items is None else items
        self.start = start
        self.end = end
        self.flow = flow


Node = Scalar | Mapping | Sequence

_INVALID_KEY = Scalar("", 0, 0, plain=False)
"""Stands in for a key that was a list or mapping (already reported) until its value arrives."""


def file_too_large(size: str) -> Message:
    """The ``file-too-large`` message: ``size`` says how large the file is (:func:`size_in_bytes`,
    or "more than ..." when it could not be told)."""
    # TRANSLATORS: {size} is "5,000,000 bytes" or "more than 4,194,304 bytes".
    return M(
        "the file is {size}; the limit is {limit:,} bytes. Split the roadmap into several files.",
        size=size,
        limit=MAX_FILE_BYTES,
    )


def size_in_bytes(size: int) -> Message:
    """``5,000,000 bytes``, counted in the language of the run (5 000 000 байт)."""
    return Mn("{count:,} byte", "{count:,} bytes", size)


def decode_source(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Turn file bytes into text, or explain why they are not acceptable UTF-8 text."""
    if len(data) > MAX_FILE_BYTES:
        return None, [
            Problem(path, 0, 0, "file-too-large", file_too_large(size_in_bytes(len(data))))
        ]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(data):
        # Its ASCII letters would decode as UTF-8 between NUL bytes: hundreds of
        # control-character problems for one mistake, made when the file was saved.
        message = M(
            'the file is saved as UTF-16 (which Windows calls "Unicode"), not UTF-8; re-save it '
            "as UTF-8, for example with `iconv -f utf-16 -t utf-8`."
        )
        return None, [Problem(path, 1, 1, "encoding", message)]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters, like every other column; the line so far is valid UTF-8.
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        advice = (
            M(
                "It looks like Windows-1251 (Cyrillic) text: re-save it as UTF-8, "
                "for example with `iconv -f cp1251 -t utf-8`."
            )
            if _looks_like_cp1251(data)
            else M("Re-save the file as UTF-8.")
        )
        message = M(
            "the file is not valid UTF-8 (byte 0x{byte:02x} cannot be decoded). {advice}",
            byte=data[exc.start],
            advice=advice,
        )
        return None, [Problem(path, line, column, "encoding", message)]
    return text, find_forbidden_characters(text, path)


def _looks_like_utf16(data: bytes) -> bool:
    """True when the bytes read as UTF-16 without a byte order mark: in a roadmap, keys,
    spaces and line breaks are ASCII, so at least a fifth of the bytes are NUL, nearly all of
    them at even offsets (big-endian) or at odd ones (little-endian).  A stray NUL in a UTF-8
    file is a control-character problem instead."""
    sample = data[:4096]
    nul_even = sample[0::2].count(0)
    nul_odd = sample[1::2].count(0)
    nul = nul_even + nul_odd
    return len(sample) >= 8 and 5 * nul >= len(sample) and 10 * max(nul_even, nul_odd) >= 9 * nul


def _looks_like_cp1251(data: bytes) -> bool:
    """True when the bytes that are not UTF-8 read as Cyrillic words in Windows-1251.

    Only the undecodable runs are looked at: Cyrillic letters are bytes 0xC0-0xFF there, so a
    Russian word is one such run, while a Latin-1 accent ("café") or one stray byte in a UTF-8
    file is a run of one byte.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    cyrillic_word = re.compile("[\u0400-\u04ff]{3}")  # three Cyrillic letters in a row
    return any(
        cyrillic_word.search(run.encode("utf-8", "surrogateescape").decode("cp1251", "replace"))
        for run in re.findall("[\udc80-\udcff]+", text)  # the runs that are not UTF-8
    )


def find_forbidden_characters(text: str, path: str) -> list[Problem]:
    """Every control or invisible character in the text, each at its exact position.

    After :data:`MAX_CHARACTER_PROBLEMS` of them, one last problem counts the rest: such a file
    is binary or in another encoding, and millions of identical lines would help nobody.
    """
    problems: list[Problem] = []
    # Lines are counted as we go (one pass over the text, however many matches: a file full of
    # NUL bytes must not take quadratic time), with the same line breaks as the YAML parser.
    line, line_start, scanned = 1, 0, 0
    for match in FORBIDDEN_CHARACTERS.finditer(text):
        char = match.group()
        start = match.start()
        for line_break in _LINE_BREAK.finditer(text, scanned, start):
            line += 1
            line_start = line_break.end()
        scanned = start
        column = start - line_start + 1
        if len(problems) == MAX_CHARACTER_PROBLEMS:
            rest = len(FORBIDDEN_CHARACTERS.findall(text, start))
            # TRANSLATORS: the English says "characters" even for 1 (it is never 1 in practice).
            more = Mn(
                "{count:,} more invisible or control characters from here on; is this really a "
                "text file saved as UTF-8?",
                "{count:,} more invisible or control characters from here on; is this really a "
                "text file saved as UTF-8?",
                rest,
            )
            problems.append(Problem(path, line, column, "control-character", more))
            break
        message = M(
            "invisible or control character U+{code:04X} ({name}); delete it (it is often pasted "
            "in from a web page or a word processor).",
            code=ord(char),
            name=character_name(char),
        )
        problems.append(Problem(path, line, column, "control-character", message))
    return problems


def character_name(char: str) -> str:
    """The Unicode name of a character (``RIGHT-TO-LEFT OVERRIDE``, the standard's own English
    identifier), or "control character" in the language of the run when it has none."""
    import unicodedata  # only for a file that has such a character

    name = unicodedata.name(char, None)
    return M("control character") if name is None else name


def parse_yaml(text: str, path: str) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document into a positioned node tree.

    Returns ``(None, problems)`` when the file cannot be trusted as a whole (syntax error,
    anchors, tags, duplicate keys, ...); every such problem found is reported, not only the first.
    An empty document gives ``(None, [])``.
    """
    builder = _TreeBuilder(path, text)
    parser = _Parser(text)
    try:
        builder.consume(parser)
    except yaml.MarkedYAMLError as exc:
        from sezctl.source.yaml_errors import explain_yaml_error  # only for a broken file

        line, column, message = explain_yaml_error(exc, text)
        builder.problems.append(Problem(path, line, column, "yaml-syntax", message))
        return None, builder.problems
    except Exception as exc:  # the YAML library raises all sorts on bad input
        error = f"{type(exc).__name__}: {exc}"
        # TRANSLATORS: {error} is the parser's own English ("ValueError: ...").
        message = M("the YAML parser could not read the file here ({error}).", error=error)
        builder.problems.append(
            Problem(path, builder.last_line, builder.last_column, "yaml-syntax", message)
        )
        return None, builder.problems
    finally:
        parser.dispose()
    builder.finish()
    if builder.problems:
        return None, builder.problems
    root = builder.root
    if isinstance(root, Scalar) and root.plain and root.value == "":
        return None, []  # "---" with nothing after it: libyaml gives an empty scalar
    return root, []


def _decode_escape(sequence: str) -> str | None:
    """The character an escape sequence of a double-quoted scalar stands for (``\\e`` ->
    ESC, ``\\x85`` -> NEL, ``\\u202e`` -> RLO), or None for an escaped line break (which
    joins two lines) and for anything libyaml would have refused."""
    code = sequence[1:]
    if code[0] in "xuU" and len(code) > 1:
        number = int(code[1:], 16)
        return chr(number) if number <= 0x10FFFF else None
    return _SIMPLE_ESCAPES.get(code)


_SIMPLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}  # fmt: skip
"""YAML's one-letter escapes (``\\x``, ``\\u`` and ``\\U`` take hexadecimal digits)."""


class _TreeBuilder:
    """Builds the node tree from parser events with an explicit stack (no recursion)."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.problems: list[Problem] = []
        self.escaped_characters = 0  # forbidden characters written as escapes, all counted
        self._first_unreported = (0, 0)  # where the first one not reported by itself is
        self.root: Node | None = None
        self.last_mark: Any = None  # where the last event started, to locate a parser crash

    def _problem(self, mark: Any, code: str, message: Message) -> None:
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, code, message))

    def _check_node_event(self, event: Any) -> None:
        if event.anchor is not None:
            self._problem(
                event.start_mark,
                "anchor",
                M(
                    "anchor &{anchor}: anchors and aliases are not allowed; write the value out "
                    "in full (or, if it is text that starts with '&', put it in quotes).",
                    anchor=event.anchor,
                ),
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            # libyaml hands back the resolved tag; show it as it was written.
            if tag.startswith("tag:yaml.org,2002:"):
                tag = "!!" + tag.removeprefix("tag:yaml.org,2002:")
            self._problem(
                event.start_mark,
                "tag",
                M(
                    "explicit tag {tag}: tags are not allowed; write the plain value (quote it if "
                    "it must stay text).",
                    tag=tag,
                ),
            )

    def _check_escapes(self, start: int, end: int, mark: Any) -> None:
        """Report each escape sequence in the double-quoted scalar ``text[start:end]`` that
        makes a forbidden character, at the backslash; past :data:`MAX_CHARACTER_PROBLEMS` in
        a file, one last problem counts the rest (:meth:`finish`)."""
        escape = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
        written = self.text[start:end]
        line, line_start = mark.line + 1, -mark.column  # columns count from the line's start
        scanned, found = 0, False
        for match in escape.finditer(written):
            sequence = match.group()
            char = _decode_escape(sequence)
            if char is None or not has_forbidden_character(char):
                continue
            for line_break in _LINE_BREAK.finditer(written, scanned, match.start()):
                line += 1
                line_start = line_break.end()
            scanned, found = match.start(), True
            self.escaped_characters += 1
            if self.escaped_characters > MAX_CHARACTER_PROBLEMS:
                if self.escaped_characters == MAX_CHARACTER_PROBLEMS + 1:
                    self._first_unreported = (line, match.start() - line_start + 1)
                continue
            message = M(
                "the escape {escape} makes the invisible or control character U+{code:04X} "
                "({name}) in this value; delete the escape.",
                escape=sequence,
                code=ord(char),
                name=character_name(char),
            )
            self.problems.append(
                Problem(
                    self.path, line, match.start() - line_start + 1, "control-character", message
                )
            )
        if not found and not has_forbidden_character(written):
            # Neither an escape nor a raw character (that one is find_forbidden_characters'
            # to report) made it: cannot happen with YAML's escapes, but never let it through.
            self._problem(
                mark,
                "control-character",
                M("this value holds an invisible or control character."),
            )

    def finish(self) -> None:
        """Count the escaped forbidden characters that were not reported one by one."""
        rest = self.escaped_characters - MAX_CHARACTER_PROBLEMS
        if rest > 0:
            line, column = self._first_unreported
            # TRANSLATORS: the English says "escapes" even for 1.
            more = Mn(
                "{count:,} more escapes of invisible or control characters from here on.",
                "{count:,} more escapes of invisible or control characters from here on.",
                rest,
            )
            self.problems.append(Problem(self.path, line, column, "control-character", more))

    @property
    def last_line(self) -> int:
        return 1 if self.last_mark is None else int(self.last_mark.line) + 1

    @property
    def last_column(self) -> int:
        return 1 if self.last_mark is None else int(self.last_mark.column) + 1

    def consume(self, parser: _Parser) -> None:
        """Build the tree from the parser's events.

        This loop runs for every event of every file (185,000 for 10,000 items), so the open
        container, whether it is a mapping, and the key waiting for its value are locals, and
        only the rare cases (a merge key, a key that is not text, a duplicate key) call out.
        """
        documents = 0
        # The event classes as locals; PyYAML's event classes are untyped (and the C ones
        # differ): treat the events as Any.
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        document_start = yaml.DocumentStartEvent
        get_event, invalid_key = parser.get_event, _INVALID_KEY
        # What was open when each open container started (the container, or None at the root;
        # whether it is a mapping; its key): as long as the number of open containers.
        stack: list[tuple[Mapping | Sequence | None, bool, Scalar | None]] = []
        current: Mapping | Sequence | None = None  # the open container (None: at the root)
        in_mapping = False  # whether `current` is a mapping
        key: Scalar | None = None  # in a mapping, the key read and waiting for its value
        mark: Any = None
        try:
            while True:
                event: Any = get_event()
                if event is None:
                    return
                mark = event.start_mark
                kind = event.__class__
                node: Node
                if kind is scalar_event:
                    if event.anchor is not None or event.tag is not None:
                        self._check_node_event(event)
                    style = event.style
                    if style == '"' and has_forbidden_character(event.value):
                        self._check_escapes(mark.index, event.end_mark.index, mark)
                    # libyaml reports a plain scalar's style as '', the Python parser as None.
                    node = Scalar(
                        event.value,
                        mark.line + 1,
                        mark.column + 1,
                        not style,
                        mark.index,
                        event.end_mark.index,
                    )
                    if in_mapping and key is None:  # a key (the usual case, decided here)
                        if node.plain and node.value == "<<":
                            self._merge_key(mark)
                        key = node
                        continue
                elif kind is mapping_start or kind is sequence_start:
                    if event.anchor is not None or event.tag is not None:
                        self._check_node_event(event)
                    if len(stack) >= MAX_DEPTH:
                        self._problem(
                            mark,
                            "too-deep",
                            Mn(
                                "nesting is deeper than {count} level; flatten the structure.",
                                "nesting is deeper than {count} levels; flatten the structure.",
                                MAX_DEPTH,
                            ),
                        )
                        return
                    stack.append((current, in_mapping, key))
                    in_mapping = kind is mapping_start
                    current = (
                        Mapping(
                            mark.line + 1,
                            mark.column + 1,
                            start=mark.index,
                            flow=bool(event.flow_style),
                        )
                        if in_mapping
                        else Sequence(
                            mark.line + 1,
                            mark.column + 1,
                            start=mark.index,
                            flow=bool(event.flow_style),
                        )
                    )
                    key = None
                    continue
                elif kind is mapping_end or kind is sequence_end:
                    assert current is not None  # libyaml pairs every end with its start
                    node = current
                    node.end = event.end_mark.index
                    current, in_mapping, key = stack.pop()
                    if in_mapping and key is None:
                        # A list or mapping as a key: located at its start (``mark`` is where
                        # it ends); the pair is then dropped, so two such keys are not also
                        # reported as duplicates of each other.
                        self.problems.append(
                            Problem(
                                self.path,
                                node.line,
                                node.column,
                                "wrong-type",
                                M("a key must be plain text, not a list or mapping."),
                            )
                        )
                        key = invalid_key
                        continue
                elif kind is alias_event:
                    self._problem(
                        mark,
                        "alias",
                        M(
                            "alias *{anchor}: anchors and aliases are not allowed; write the "
                            "value out in full (or, if it is text that starts with '*', put it "
                            "in quotes).",
                            anchor=event.anchor,
                        ),
                    )
                    node = Scalar("", mark.line + 1, mark.column + 1)
                    if in_mapping and key is None:
                        key = node
                        continue
                else:
                    if kind is document_start:
                        documents += 1
                        if documents > 1:
                            self._problem(
                                mark,
                                "multiple-documents",
                                M(
                                    "a second YAML document starts here; keep one document per "
                                    "file (remove the `---` line or split the file)."
                                ),
                            )
                            return
                    continue
                # `node` is a complete value: the root, an entry of a list or a key's value.
                if current is None:
                    self.root = node
                elif not in_mapping:
                    current.items.append(node)  # type: ignore[union-attr]
                else:
                    assert key is not None and isinstance(current, Mapping)
                    pairs = current.pairs
                    if key is not invalid_key:
                        if key.value in pairs:
                            self._duplicate_key(key, pairs[key.value][0])
                        else:
                            pairs[key.value] = (key, node)
                    key = None
        finally:
            self.last_mark = mark

    def _merge_key(self, mark: Any) -> None:
        self._problem(
            mark,
            "merge-key",
            M("merge key <<: merge keys are not allowed; write the keys out in full."),
        )

    def _duplicate_key(self, key: Scalar, first: Scalar) -> None:
        self.problems.append(
            Problem(
                self.path,
                key.line,
                key.column,
                "duplicate-key",
                M(
                    "duplicate key {key!r} (first defined at line {line}); YAML would silently "
                    "keep only the last one. Remove one of them.",
                    key=key.value,
                    line=first.line,
                ),
            )
        )


def node_to_json(node: Node | None) -> object:
    """A YAML tree from :mod:`sezctl.source.yaml_nodes` as plain JSON values, the way sezctl reads
    it: every scalar is text, except an unquoted empty value, ``~`` or ``null``, which is
    ``None``."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return None if node.is_null else node.value
    if isinstance(node, Sequence):
        return [node_to_json(item) for item in node.items]
    assert isinstance(node, Mapping)
    return {key: node_to_json(value) for key, (_, value) in node.pairs.items()}
