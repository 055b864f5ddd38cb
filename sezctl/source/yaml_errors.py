"""YAML syntax errors in plain words, at the line a person must edit.

libyaml says what its scanner was doing when it gave up ("while scanning a simple key, could
not find expected ':'"), and where it gave up, which is often the line *after* the mistake: a
key without its colon is only noticed on the next line, an unclosed quote at the end of the
file.  A clerk needs the line to edit and what to type.  :func:`explain_yaml_error` looks at the
parser's marks and at the text around them and recognises the usual mistakes:

* a tab used for indentation (YAML allows only spaces);
* a value that contains ``: `` (YAML takes it for another key) or starts with a character YAML
  reserves (``@``, `````, ``%``, ``*``, ``&``, ``!``, ``|``, ``>``): quote it, and here is the
  line quoted;
* a key without its colon, or without the space after it;
* a quote or a bracket that is opened and never closed, at the line where it opens;
* text after the closing quote of a value (an apostrophe inside '…');
* a ``-`` without a space after it, and a line indented to none of the levels above it.

Anything else keeps the parser's own English as the detail of a translated sentence, at the
parser's mark.  Only :mod:`sezctl.source.yaml_nodes` calls this, and only for a file that does
not parse, so none of it costs a valid file anything.
"""

from __future__ import annotations

import re
from typing import Any

from sezctl.core.i18n import M, Message, Mn

_LINE_BREAK = re.compile("\r\n|\r|\n")

RESERVED_STARTS = "@`%*&!|>"
"""Characters that cannot start a plain value: YAML keeps them for its own syntax (anchors,
aliases, tags, directives, block scalars, and two reserved for the future)."""

_FLOW_ENDS = "]},"
"""Characters that end or separate a [list] or {mapping} and so cannot start a value either."""

# A line whose key is preceded by a character that has no business there ("    }  owner: x").
_STRAY_BEFORE_KEY = re.compile(
    r"(?P<indent> *)(?:-[ \t]+)*(?P<char>[\[\]{}|>@`%*&!:,?])[ \t]*(?:-[ \t]+)?"
    r"(?P<key>[A-Za-z_][\w-]*):(?:[ \t]|$)"
)

# One line of a block mapping: indentation, any "- " of list items, the key, and its value.
_KEY_LINE = re.compile(
    r"(?P<indent> *)(?P<dashes>(?:-[ \t]+)*)"
    r"(?P<key>'[^']*'|\"[^\"]*\"|[^\s#'\"\[\]{},:-][^#]*?|-[^\s#][^#]*?)"
    r"[ \t]*:(?:[ \t]+|$)(?P<value>.*)$"
)
_ITEM_LINE = re.compile(r"(?P<indent> *)(?P<dashes>(?:-[ \t]+)+)(?P<key>)(?P<value>.*)")
_DASH_WITHOUT_SPACE = re.compile(r"(?P<indent> *)-(?P<key>[A-Za-z_][\w-]*)[ \t]*:")
_COMMENT = re.compile(r"[ \t]#")
_CLOSING = {"[": "]", "{": "}"}

Explanation = tuple[int, int, Message]
"""Where to point (1-based line and column) and what to say."""


def explain_yaml_error(error: Any, text: str) -> Explanation:
    """The line and column a person must edit for a ``yaml.MarkedYAMLError``, and the message
    saying what is wrong there in plain words (module docstring)."""
    source = _Source(text, error)
    for explain in (
        source.tab,
        source.stray_character,
        source.unclosed_quote,
        source.unknown_escape,
        source.runaway_quote,
        source.unclosed_bracket,
        source.key_without_colon,
        source.reserved_start,
        source.colon_in_value,
        source.text_after_value,
        source.dash_without_space,
        source.misaligned,
    ):
        found = explain()
        if found is not None:
            return found
    return source.generic()


def quote_value(value: str) -> str:
    """``value`` as a YAML quoted scalar that reads back as exactly ``value``: in single quotes
    (nothing inside is special but ``'``, written twice), or in double quotes when the value
    has an apostrophe and neither a ``"`` nor a backslash."""
    if "'" in value and '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _without_comment(value: str) -> tuple[str, str]:
    """A plain value and the comment after it (`` # ...``), each as written."""
    match = _COMMENT.search(value)
    if match is None:
        return value.rstrip(), ""
    return value[: match.start()].rstrip(), value[match.start() :]


def _or_list(numbers: list[int]) -> str | Message:
    """``4, 2 or 0``: the levels a line may be indented to, "or" in the language of the run."""
    *rest, last = (str(number) for number in numbers)
    # TRANSLATORS: a choice of numbers of spaces, "4, 2 or 0": {numbers} is "4, 2".
    return M("{numbers} or {last}", numbers=", ".join(rest), last=last) if rest else last


class _Source:
    """The text of a file that did not parse, and the parser's account of why."""

    def __init__(self, text: str, error: Any) -> None:
        self.lines = _LINE_BREAK.split(text)
        self.context = error.context or ""
        self.problem = error.problem or ""
        self.problem_mark = self._mark(error.problem_mark or error.context_mark)
        self.context_mark = self._mark(error.context_mark)

    def _mark(self, mark: Any) -> tuple[int, int] | None:
        """A parser mark as a 0-based (line, column) on a line that exists: libyaml ends a
        file without a final line break with one of its own, and points past it."""
        if mark is None:
            return None
        line, column = int(mark.line), int(mark.column)
        if line >= len(self.lines):
            line = len(self.lines) - 1
            column = len(self.lines[line])
        return line, column

    def char_at(self, where: tuple[int, int] | None) -> str:
        if where is None:
            return ""
        line, column = where
        return self.lines[line][column : column + 1]

    @staticmethod
    def at(line: int, column: int, message: Message) -> Explanation:
        return line + 1, column + 1, message

    def significant_above(self, line: int) -> int | None:
        """The nearest line above ``line`` that is neither blank nor only a comment."""
        for number in range(line - 1, -1, -1):
            stripped = self.lines[number].strip()
            if stripped and not stripped.startswith("#"):
                return number
        return None

    # -- the usual mistakes, most certain first -------------------------------------------------

    def tab(self) -> Explanation | None:
        """A tab where YAML wants spaces; libyaml rarely names it, so look at the character."""
        mark = self.problem_mark
        if mark is None or ("tab" not in self.problem and self.char_at(mark) != "\t"):
            return None
        line, column = mark
        text = self.lines[line]
        if text[column : column + 1] != "\t":
            indentation = text[: len(text) - len(text.lstrip(" \t-"))]
            column = indentation.find("\t") if "\t" in indentation else column
        return self.at(
            line,
            column,
            M(
                "this line is indented with a tab; YAML allows only spaces for indentation: "
                "replace the tab with spaces."
            ),
        )

    def stray_character(self) -> Explanation | None:
        """A character typed by accident in front of a key, which YAML then reads as the start
        of something else: delete it (quoting it would make a different key)."""
        for where in (self.problem_mark, self.context_mark):
            if where is None:
                continue
            match = _STRAY_BEFORE_KEY.match(self.lines[where[0]])
            if match is not None:
                return self.at(
                    where[0],
                    match.start("char"),
                    M(
                        "this line has a stray {char!r} before the key {key!r}; delete it.",
                        char=match["char"],
                        key=match["key"],
                    ),
                )
        return None

    def unclosed_quote(self) -> Explanation | None:
        """The file ends (or a new document starts) inside a quoted value."""
        if "quoted scalar" not in self.context or self.context_mark is None:
            return None
        if "end of stream" not in self.problem and "document indicator" not in self.problem:
            return None
        line, column = self.context_mark
        return self.at(line, column, self._unclosed_quote_message(self.char_at(self.context_mark)))

    @staticmethod
    def _unclosed_quote_message(quote: str) -> Message:
        return M(
            "the quote {quote} that opens this value is never closed; end the value with {quote} "
            "on this line.",
            quote=quote,
        )

    def unknown_escape(self) -> Explanation | None:
        """A backslash in a double-quoted value followed by a letter that is no escape: a
        Windows path, usually."""
        if "unknown escape" not in self.problem or self.problem_mark is None:
            return None
        line, column = self.problem_mark
        escape = self.lines[line][column : column + 2]
        return self.at(
            line,
            column,
            M(
                "{escape} is not an escape sequence in a value in double quotes; write the "
                "backslash twice, or put the value in single quotes instead.",
                escape=escape,
            ),
        )

    def runaway_quote(self) -> Explanation | None:
        """A quote opened on an earlier line and not closed there, which swallowed the lines
        after it (YAML lets a quoted value go on over several lines): the error shows up far
        below, at the first place where the swallowed text no longer fits."""
        if self.problem_mark is None:
            return None
        error_line = self.problem_mark[0]
        for number in range(error_line):
            match = _KEY_LINE.fullmatch(self.lines[number]) or _ITEM_LINE.fullmatch(
                self.lines[number]
            )
            if match is None:
                continue
            value = match["value"].lstrip()
            quote = value[:1]
            if quote not in ("'", '"') or _closes(value, quote):
                continue
            # The lines the quoted value swallowed: one among them at the level of the value's
            # key, or left of it, was meant to be a key of its own, not part of the text.
            level = len(match["indent"]) + len(match["dashes"])
            column = len(self.lines[number]) - len(value)
            last = self._closing_line(number, column, quote)
            for later in range(number + 1, min(last, error_line) + 1):
                other = _KEY_LINE.fullmatch(self.lines[later])
                if other is not None and len(other["indent"]) <= level:
                    return self.at(number, column, self._unclosed_quote_message(quote))
        return None

    def _closing_line(self, line: int, column: int, quote: str) -> int:
        """The line where the quoted value opened at (``line``, ``column``) ends, as YAML reads
        it across line breaks (the last line when it never does)."""
        for number in range(line, len(self.lines)):
            start = column + 1 if number == line else 0
            if _quote_end(self.lines[number], start, quote) is not None:
                return number
        return len(self.lines) - 1

    def unclosed_bracket(self) -> Explanation | None:
        """A ``[`` or ``{`` that is never closed, at the line where it opens."""
        if "flow" not in self.context or not (
            "expected ','" in self.problem or "expected node content" in self.problem
        ):
            return None  # not one that an unclosed bracket causes (too deep, say)
        opening = self._unclosed_bracket_before(self.problem_mark)
        if opening is None:
            return None
        line, column, bracket = opening
        message = (
            M(
                "the [ that opens this list is never closed; end the list with ] on this line "
                "(entries are separated by commas)."
            )
            if bracket == "["
            else M(
                "the {{ that opens this mapping is never closed; end it with }} on this line "
                "(entries are separated by commas)."
            )
        )
        return self.at(line, column, message)

    def _unclosed_bracket_before(self, mark: tuple[int, int] | None) -> tuple[int, int, str] | None:
        """The last ``[`` or ``{`` up to ``mark`` not closed on its own line (outside quotes
        and comments)."""
        if mark is None:
            return None
        found = None
        for number in range(mark[0] + 1):
            open_brackets: list[tuple[int, str]] = []
            quote = ""
            text = self.lines[number]
            for column, char in enumerate(text):
                if quote:
                    if char == quote:
                        quote = ""
                elif char in "'\"" and (column == 0 or text[column - 1] in " \t[{,:"):
                    quote = char
                elif char == "#" and (column == 0 or text[column - 1] in " \t"):
                    break
                elif char in _CLOSING:
                    open_brackets.append((column, char))
                elif char in "]}" and open_brackets:
                    open_brackets.pop()
            if open_brackets:
                found = (number, *open_brackets[0])
        return found

    def key_without_colon(self) -> Explanation | None:
        """libyaml read a key and found no ``:`` after it; the key's line is the context mark
        (the problem mark is on the next line)."""
        if "simple key" not in self.context or self.context_mark is None:
            return None
        line = self.context_mark[0]
        return self._value_on_next_line(line) or self._missing_colon(line)

    def _value_on_next_line(self, line: int) -> Explanation | None:
        """``id:`` with nothing after it and the value on the next line, no deeper: the value
        was pushed to a line of its own (a line break typed into it)."""
        above = self.significant_above(line)
        if above is None:
            return None
        previous = _KEY_LINE.fullmatch(self.lines[above])
        text = self.lines[line]
        indent = len(text) - len(text.lstrip(" "))
        if previous is None or previous["value"].strip() or ":" in text:
            return None
        if indent > len(previous["indent"]) + len(previous["dashes"]):
            return None
        key = _unquoted(previous["key"])
        fixed = f"{previous['dashes']}{previous['key']}: {text.strip()}"
        return self.at(
            line,
            indent,
            M(
                "this line holds the value of {key!r} from line {line}, which YAML cannot read "
                "on a line of its own; write it after the key: {fixed}",
                key=key,
                line=above + 1,
                fixed=fixed,
            ),
        )

    def _missing_colon(self, line: int) -> Explanation | None:
        text = self.lines[line]
        content = text.lstrip(" ")
        while content.startswith("- "):
            content = content[2:].lstrip(" ")
        start = len(text) - len(content)
        content = _without_comment(content)[0]
        if not content:
            return None
        glued = re.match(r"[^\s:]+:(?=\S)", content)
        if glued is not None:
            fixed = f"{content[: glued.end()]} {content[glued.end() :]}"
            return self.at(
                line,
                start + glued.end(),
                M("put a space after the colon: {fixed}", fixed=fixed),
            )
        key, _, value = content.partition(" ")
        if not re.fullmatch(r"[A-Za-z_][\w-]*", key):
            return None  # not a key someone forgot to finish: a word of a value, a number
        value = value.strip()
        fixed = f"{key}: {value}" if value else f"{key}:"
        return self.at(
            line,
            start + len(key),
            M("the colon after {key!r} is missing; write {fixed}", key=key, fixed=fixed),
        )

    def reserved_start(self) -> Explanation | None:
        """A value that starts with a character YAML keeps for itself (``@home``, ``*new*``)."""
        flow_end = self.char_at(self.problem_mark)
        if (
            "cannot start any token" in self.problem
            or ("expected node content" in self.problem and flow_end and flow_end in _FLOW_ENDS)
            or ("sequence entries are not allowed" in self.problem and flow_end == "-")
        ):
            where = self.problem_mark
        elif any(
            f"while scanning {thing}" in self.context
            for thing in ("an alias", "an anchor", "a block scalar", "a directive", "a tag")
        ):
            where = self.context_mark
        else:
            return None
        char = self.char_at(where)
        if where is None or not char or char not in RESERVED_STARTS + _FLOW_ENDS + "-":
            return None
        line, column = where
        text = self.lines[line]
        value, comment = _without_comment(text[column:])
        match = _KEY_LINE.fullmatch(text)
        at_value = match is not None and match.start("value") == column
        key = None if at_value else re.match(r"(.*?)(:(?:[ \t].*)?)$", value)
        if key is not None:  # "@x: 1": what starts with '@' is a key, and only it needs quotes
            value, comment = key[1], key[2] + comment
        fixed = (text[:column] + quote_value(value) + comment).strip()
        if match is not None and at_value:
            message = M(
                "the value of {key!r} starts with {char!r}, which YAML keeps for its own syntax; "
                "put the value in quotes: {fixed}",
                key=_unquoted(match["key"]),
                char=char,
                fixed=fixed,
            )
        else:
            message = M(
                "this text starts with {char!r}, which YAML keeps for its own syntax; put it in "
                "quotes: {fixed}",
                char=char,
                fixed=fixed,
            )
        return self.at(line, column, message)

    def colon_in_value(self) -> Explanation | None:
        """``mapping values are not allowed here``: a ``: `` inside a value on the key's own
        line, or a line that continues the value above it (too deep, or the line above lost
        its colon)."""
        if "mapping values are not allowed" not in self.problem or self.problem_mark is None:
            return None
        line, column = self.problem_mark
        text = self.lines[line]
        match = _KEY_LINE.fullmatch(text)
        if match is not None and match.start("value") <= column:
            value, comment = _without_comment(match["value"])
            fixed = f"{match['dashes']}{match['key']}: {quote_value(value)}{comment}"
            return self.at(
                line,
                column,
                M(
                    "the value of {key!r} contains ': ', which YAML takes for the start of "
                    "another key; put the whole value in quotes: {fixed}",
                    key=_unquoted(match["key"]),
                    fixed=fixed,
                ),
            )
        above = self.significant_above(line)
        if above is None:
            return None
        previous = _KEY_LINE.fullmatch(self.lines[above])
        if previous is None:
            return self._missing_colon(above)
        level = len(previous["indent"]) + len(previous["dashes"])
        indent = len(text) - len(text.lstrip(" "))
        key = _unquoted(previous["key"])
        if level == 0:
            message = M(
                "this line is indented, so YAML reads it as part of the value of {key!r} on line "
                "{line}; if it is a key of its own, start it at the beginning of the line, like "
                "{key!r}.",
                key=key,
                line=above + 1,
            )
        else:
            message = Mn(
                "this line is indented deeper than {key!r} on line {line}, so YAML reads it as "
                "part of that value; if it is a key of its own, indent it by {count} space, "
                "like {key!r}.",
                "this line is indented deeper than {key!r} on line {line}, so YAML reads it as "
                "part of that value; if it is a key of its own, indent it by {count} spaces, "
                "like {key!r}.",
                level,
                key=key,
                line=above + 1,
            )
        return self.at(line, indent, message)

    def text_after_value(self) -> Explanation | None:
        """More text after a value that already ended: after its closing quote (an apostrophe
        inside '…' ends it early) or after the ] of a list."""
        if "did not find expected" not in self.problem or self.problem_mark is None:
            return None
        line, column = self.problem_mark
        text = self.lines[line]
        before = text[:column].rstrip()
        if not before.strip() or before[-1] not in "'\"]}":
            return None
        match = _KEY_LINE.fullmatch(text)
        if match is None:
            return None
        value, comment = _without_comment(match["value"])
        if before[-1] in "]}":
            return self.at(
                line,
                column,
                M(
                    "there is more text after the end of the list of {key!r}; put it inside "
                    "the brackets, separated by a comma, or remove it.",
                    key=_unquoted(match["key"]),
                ),
            )
        quote = value[:1]
        inner = value[1:-1] if len(value) > 1 and value.endswith(quote) else value
        fixed = f"{match['dashes']}{match['key']}: {quote_value(inner)}{comment}"
        if quote == "'":
            message = M(
                "there is more text after the closing quote of the value of {key!r} (an "
                "apostrophe inside '…' closes it); write the whole value in one pair of quotes: "
                "{fixed}",
                key=_unquoted(match["key"]),
                fixed=fixed,
            )
        else:
            message = M(
                "there is more text after the closing quote of the value of {key!r}; write the "
                "whole value in one pair of quotes: {fixed}",
                key=_unquoted(match["key"]),
                fixed=fixed,
            )
        return self.at(line, column, message)

    def dash_without_space(self) -> Explanation | None:
        """``-id: x``: a list item needs a space after its ``-``."""
        if self.problem_mark is None:
            return None
        for number in range(self.problem_mark[0] + 1):
            match = _DASH_WITHOUT_SPACE.match(self.lines[number])
            if match is not None:
                column = len(match["indent"]) + 1
                fixed = "- " + self.lines[number][column:].strip()
                return self.at(
                    number,
                    column,
                    M("put a space after the '-' that starts a list item: {fixed}", fixed=fixed),
                )
        return None

    def misaligned(self) -> Explanation | None:
        """A line whose indentation matches none of the levels above it."""
        if self.problem_mark is None or not (
            "did not find expected" in self.problem or "expected <block end>" in self.problem
        ):
            return None
        line, column = self.problem_mark
        text = self.lines[line]
        indent = len(text) - len(text.lstrip(" "))
        if column != indent:
            return None
        is_item = text[indent:].startswith("-")
        keys: list[int] = []
        dashes: list[int] = []
        lowest = len(text) + 1
        for number in range(line - 1, -1, -1):
            above = self.lines[number]
            match = _KEY_LINE.fullmatch(above) or _ITEM_LINE.fullmatch(above)
            if match is None or not above.strip() or above.lstrip().startswith("#"):
                continue
            dash = len(match["indent"])
            key = dash + len(match["dashes"]) if match["key"] else None
            if key is not None and key < lowest:
                keys.append(key)
            if match["dashes"] and dash < lowest and dash not in dashes:
                dashes.append(dash)
            lowest = min(lowest, dash if match["dashes"] or key is None else key)
            if lowest == 0:
                break
        if not is_item and indent in dashes:
            return self.at(
                line,
                indent,
                M(
                    "this line is lined up with the '-' of the list above but has no '-': start "
                    "a new item with '- ', or indent the line like the keys of the item above."
                ),
            )
        levels = (dashes or keys) if is_item else keys
        if not levels or indent in levels:
            return None
        return self.at(
            line,
            indent,
            Mn(
                "this line is indented by {count} space, which lines it up with none of the "
                "lines above; indent it by {levels} spaces, like the lines it belongs with.",
                "this line is indented by {count} spaces, which lines it up with none of the "
                "lines above; indent it by {levels} spaces, like the lines it belongs with.",
                indent,
                levels=_or_list(levels),
            ),
        )

    def generic(self) -> Explanation:
        """Anything else: the parser's own English inside a translated sentence, at its mark."""
        detail = ", ".join(part for part in (self.context, self.problem) if part)
        line, column = self.problem_mark or (0, 0)
        if "simple key" in self.context and self.context_mark is not None:
            line, column = self.context_mark  # the line it could not finish reading
        # TRANSLATORS: {detail} is the YAML parser's own English, e.g. "while parsing a flow
        # node, did not find expected node content".
        return self.at(
            line,
            column,
            M(
                "YAML cannot read the file from here ({detail}); compare this line with the "
                "lines above: indentation, colons, quotes and brackets.",
                detail=detail or "invalid YAML",
            ),
        )


def _unquoted(key: str) -> str:
    """A key as a message names it: without the quotes it may be written in."""
    return key[1:-1] if key[:1] in ("'", '"') and len(key) > 1 else key


def _closes(value: str, quote: str) -> bool:
    """Whether a value that starts with ``quote`` has its closing quote on the same line."""
    return _quote_end(value, 1, quote) is not None


def _quote_end(text: str, start: int, quote: str) -> int | None:
    """Where the quoted text that goes on at ``text[start:]`` ends: the index of its closing
    quote on this line, or None.  Inside '…' an apostrophe is written twice; inside "…" a
    backslash escapes the next character."""
    index = start
    while index < len(text):
        char = text[index]
        if char == quote and not (quote == "'" and text[index + 1 : index + 2] == "'"):
            return index
        index += 2 if (char == "\\" and quote == '"') or char == quote else 1
    return None
