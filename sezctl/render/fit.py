"""Tables that fit the terminal they are drawn on, without losing a character.

Given too little width, Rich squeezes a table as best it can: a column shrinks to one letter
per line, a cell that may not wrap is cut short with "…".  The views of ``diff``, ``history``
and ``calendar`` decide for themselves instead.  Each column says what it holds:

- *whole* values (ids, dates, commit ids, numbers with their unit, status names), which are
  never broken: the column is as wide as its widest value;
- *text* (names, titles, commit messages), which may wrap between words: the column may be
  made as narrow as its ``floor``.

:func:`fit_widths` gives every column its width at a given terminal width, or None when the
columns cannot all have what they need; the view then takes its narrow layout (one block per
row) instead.  :class:`ByWidth` makes that choice when the console knows its width, so a
renderer still returns one renderable and never asks the terminal itself.

Widths are counted in terminal cells (:func:`rich.cells.cell_len`), as Rich counts them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rich import box
from rich.cells import cell_len
from rich.console import (
    Console,
    ConsoleOptions,
    Group,
    JustifyMethod,
    RenderableType,
    RenderResult,
)
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

Cell = str | Text


def _lines(cell: Cell) -> list[str]:
    return (cell.plain if isinstance(cell, Text) else cell).split("\n")


def _widest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=0)


@dataclass
class FitColumn:
    """One column of a table that must fit: its header, its cells (top to bottom) and what
    they hold (module docstring)."""

    header: str
    cells: Sequence[Cell] = ()
    whole: bool = True
    floor: int = 0  # text only: the narrowest the column may be made
    ratio: int = 1  # text only: its share of the width left over
    justify: JustifyMethod = "left"

    @cached_property
    def content(self) -> int:
        """The widest line of the cells."""
        return max((cell_len(line) for cell in self.cells for line in _lines(cell)), default=0)

    @cached_property
    def narrowest(self) -> int:
        """Whole values never break; a header may wrap between its words, not inside one."""
        header = _widest_word(self.header)
        if self.whole:
            return max(self.content, header)
        return max(header, min(self.content, self.floor))

    @cached_property
    def widest(self) -> int:
        """As wide as is of use: every line and the header on one line."""
        return max(self.content, cell_len(self.header))


def table_overhead(columns: int, *, pad_edge: bool = True) -> int:
    """The cells a ``box.SIMPLE_HEAD`` table with ``columns`` columns spends besides their
    content: an edge each side, one divider between two columns, one space of padding each
    side of a column (not at the outer edges when ``pad_edge`` is False)."""
    return 2 + (columns - 1) + 2 * columns - (0 if pad_edge else 2)


@lru_cache(maxsize=65536)  # a message or name comes back in many rows and layouts tried
def wrapped_lines(text: str, width: int) -> int:
    """How many lines ``text`` takes wrapped between words at ``width`` cells (a word wider
    than that is folded), as Rich wraps it."""
    width = max(width, 1)
    lines = 0
    for line in text.split("\n"):
        used = 0
        lines += 1
        for word in line.split():
            size = cell_len(word)
            if used and used + 1 + size <= width:
                used += 1 + size
                continue
            if used:
                lines += 1
            lines += (size - 1) // width if size > width else 0
            used = size % width or width if size > width else size
    return lines


def _height(columns: Sequence[FitColumn], widths: list[int]) -> int:
    """The lines the table takes at ``widths``: its header and every row."""
    pairs = zip(columns, widths, strict=True)
    header = max(wrapped_lines(column.header, width) for column, width in pairs)
    rows = zip(*(column.cells for column in columns), strict=True)
    return header + sum(
        max(
            wrapped_lines(cell.plain if isinstance(cell, Text) else cell, width)
            for cell, width in zip(row, widths, strict=True)
        )
        for row in rows
    )


def _grow_text(
    columns: Sequence[FitColumn], widths: list[int], spare: int, *, least_first: bool
) -> int:
    """Give text columns up to their widest line, shared by ratio; with ``least_first``, the
    columns that need least to be whole are made whole first (an author's name before a long
    message).  Returns what is left."""
    growing = [index for index, column in enumerate(columns) if not column.whole]
    if least_first:
        growing.sort(key=lambda index: columns[index].widest - widths[index])
        while growing and columns[growing[0]].widest - widths[growing[0]] <= spare:
            index = growing.pop(0)
            spare -= columns[index].widest - widths[index]
            widths[index] = columns[index].widest
    while spare > 0:
        growing = [index for index in growing if widths[index] < columns[index].widest]
        if not growing:
            break
        total = sum(columns[index].ratio for index in growing)
        shares = {index: spare * columns[index].ratio // total for index in growing}
        if not any(shares.values()):  # less left than there are shares: the largest takes it
            shares[max(growing, key=lambda index: columns[index].ratio)] = spare
        for index, share in shares.items():
            grow = min(share, columns[index].widest - widths[index])
            widths[index] += grow
            spare -= grow
    return spare


def _grow_headers(columns: Sequence[FitColumn], widths: list[int], spare: int) -> int:
    """Give whole columns what their header needs to stay on one line, left to right."""
    for index, column in enumerate(columns):
        grow = min(spare, column.widest - widths[index])
        widths[index] += grow
        spare -= grow
    return spare


def fit_widths(
    columns: Sequence[FitColumn], width: int, *, pad_edge: bool = True
) -> list[int] | None:
    """The width of each column for a table at most ``width`` cells wide, or None when even the
    narrowest widths do not fit.  Whole columns get their values' width at once; what is left
    goes to text columns up to their widest line and to headers that would wrap, in whichever
    of a few orders gives the table the fewest lines.  The table is never wider than its
    content needs."""
    narrowest = [column.narrowest for column in columns]
    spare = width - table_overhead(len(columns), pad_edge=pad_edge) - sum(narrowest)
    if spare < 0:
        return None
    candidates = []
    for headers_first in (True, False):
        for least_first in (True, False):
            widths = list(narrowest)
            if headers_first:
                left = _grow_headers(columns, widths, spare)
                _grow_text(columns, widths, left, least_first=least_first)
            else:
                left = _grow_text(columns, widths, spare, least_first=least_first)
                _grow_headers(columns, widths, left)
            if widths not in candidates:
                candidates.append(widths)
    if len(candidates) == 1:
        return candidates[0]
    # The fewest lines; among equals, the first (one-line headers, whole short texts).
    return min(candidates, key=lambda widths: _height(columns, widths))
    for index, column in enumerate(columns):  # then headers on one line, left to right
        grow = min(spare, column.widest - widths[index])
        widths[index] += grow
        spare -= grow
    return widths


@dataclass(frozen=True)
class FittedTable:
    """A table laid out to a width, and how many lines it takes there."""

    table: Table
    height: int

    def under(self, title: str) -> RenderableType:
        """The table under its title, as every view draws one: neither ends a line in blanks
        (:func:`paragraph`, :class:`Trimmed`)."""
        return Group(paragraph(title, "table.title"), Trimmed(self.table))


def fitted_table(
    columns: Sequence[FitColumn], width: int, *, pad_edge: bool = True
) -> FittedTable | None:
    """The table of ``columns`` laid out to at most ``width`` cells (:func:`fit_widths`), or
    None when it does not fit.  Every column is given its width, so Rich never has to squeeze
    one; a text word wider than its column (a long URL in a message) is folded, never cut."""
    widths = fit_widths(columns, width, pad_edge=pad_edge)
    if widths is None:
        return None
    table = Table(box=box.SIMPLE_HEAD, pad_edge=pad_edge)
    for column, column_width in zip(columns, widths, strict=True):
        table.add_column(column.header, width=column_width, justify=column.justify, overflow="fold")
    for row in zip(*(column.cells for column in columns), strict=True):
        table.add_row(*row)
    # The blank edge above and below, and the rule under the header.
    return FittedTable(table, _height(columns, widths) + 3)


class ByWidth:
    """A view with more than one layout, laid out when the console gives its width:
    ``layout(width)`` returns what to draw in that many cells."""

    def __init__(self, layout: Callable[[int], RenderableType]) -> None:
        self.layout = layout

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.layout(options.max_width)


# -- the narrow layout: lines of text, some indented -------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a narrow layout (it wraps between words, and its continuation lines keep
    its indent)."""

    text: Text
    indent: int = 0


def packed_lines(chunks: Sequence[str], width: int, indent: int = 0) -> list[Line]:
    """``chunks`` joined by spaces into as few lines as fit ``width`` at ``indent``, broken
    only between chunks: "+46 days" or "→ 2026-11-15" is one chunk and stays on one line
    (Rich would break at any space).  A chunk wider than the line has one to itself."""
    room = max(width - indent, 1)
    lines: list[str] = []
    for chunk in chunks:
        if lines and cell_len(lines[-1]) + 1 + cell_len(chunk) <= room:
            lines[-1] += " " + chunk
        else:
            lines.append(chunk)
    return [Line(Text(line), indent) for line in lines]


def heading(text: str, width: int, style: str = "bold") -> list[Line]:
    """A section title of a narrow layout and a rule under it, as long as the title (or the
    width, when the title wraps)."""
    return [Line(Text(text, style=style)), Line(Text("─" * min(cell_len(text), width), "dim"))]


def table_reads_better(height: int, lines: Sequence[Line], width: int) -> bool:
    """Whether a table of ``height`` lines (or tables) is the better layout than ``lines`` at
    ``width``: a table is easier to scan, so it is kept unless a text column squeezed narrow
    makes it take half as many lines again as the blocks."""
    return 2 * height <= 3 * lines_height(lines, width)


def lines_height(lines: Sequence[Line], width: int) -> int:
    """How many terminal lines ``lines`` take at ``width`` cells."""
    return sum(wrapped_lines(line.text.plain, width - line.indent) for line in lines)


class Indented:
    """A text wrapped between words within ``indent`` spaces on its left, and nothing on its
    right: a wrapped line is not padded to the width with spaces (as ``rich.padding.Padding``
    pads it), so no line ends in blanks in a file or a pipe."""

    __slots__ = ("indent", "text")

    def __init__(self, text: Text, indent: int) -> None:
        self.text, self.indent = text, indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = options.update_width(max(options.max_width - self.indent, 1))
        margin = Segment(" " * self.indent)
        for line in console.render_lines(self.text, room, pad=False):
            if self.indent:
                yield margin
            yield from without_end_blanks(line)
            yield Segment.line()


class Trimmed:
    """Any renderable (a Rich ``Table``) drawn line by line without the blanks Rich pads each
    line's end with: the padding of the last cells and the table's right edge."""

    __slots__ = ("renderable",)

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in console.render_lines(self.renderable, options, pad=False):
            yield from without_end_blanks(line)
            yield Segment.line()


def without_end_blanks(line: list[Segment]) -> list[Segment]:
    """A line's segments without the spaces at its end (segments of blanks dropped, the last
    one with text cut), so that no line of a saved output or a printed page ends in blanks.
    A control segment (a cursor move, never in sezctl's output) stops the trimming."""
    end = len(line)
    while end and not line[end - 1].control and not line[end - 1].text.rstrip(" "):
        end -= 1
    last = line[end - 1] if end else None
    if last is None or last.control or not last.text.endswith(" "):
        return line[:end]
    return [*line[: end - 1], Segment(last.text.rstrip(" "), last.style, last.control)]


def paragraph(text: Text | str, style: str = "") -> Indented:
    """``text`` wrapped between words to the width it is printed at, each line ending with its
    last word: Rich keeps the space it breaks a ``Text`` at, which a saved output, a golden file
    or a printed page would carry at the end of the line."""
    return Indented(Text(text, style=style) if isinstance(text, str) else text, 0)


def render_lines(lines: Sequence[Line]) -> list[RenderableType]:
    """The renderables of ``lines``: each wraps between words within its indent."""
    return [Indented(line.text, line.indent) for line in lines]
