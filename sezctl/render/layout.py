"""Tables that fit the terminal they are printed on, without losing or breaking anything.

A clerk's terminal is often 80 columns wide, sometimes 60; a Rich table squeezed into it breaks
ids, names and dates mid-word and crops its last column.  :class:`FittedTable` decides at the
moment it is printed, from the width Rich gives it:

- **a table**, when every id, date and count fits whole on its line and every text column
  (titles, names) can be at least as wide as its longest word (up to :data:`WORD_CAP`) and
  :data:`TEXT_FLOOR`; the column widths are computed here, so Rich never measures or shrinks
  them itself;
- otherwise **one block per row**: the row's id on its own line, then one ``Header  value``
  line per cell, with the value wrapped between words (or, on a terminal too narrow even for
  that, each header on its own line with its value below).

Either way nothing is cropped or elided: a text wraps at spaces, and only a word longer than
the whole line (or than :data:`WORD_CAP` in a table) is folded.  :class:`FittedFacts` is the
block of one row on its own (`sezctl show`'s facts).

Cells are Rich ``Text``, or ``None`` for "nothing here" (a dash in a table, left out of a
block).  This module knows nothing about items or reports; the renderers in
:mod:`sezctl.render.table` say what each column holds.

**Rows are written as lines here, not handed to Rich.**  ``sezctl status --all`` lays out
thousands of rows, and a ``rich.table.Table`` (or a ``Text`` per block line, which the console
wraps once more) costs about 0.7 ms a row.  The widths are known once the layout is chosen, so
a cell that fits its width on one line, nearly every cell, is padded as Rich pads it and the
row is joined into one line (:func:`_cell_lines`, :func:`_print_line`); only a cell that must
wrap goes through Rich's own ``Text.wrap``, so the output is the same, byte for byte, as the
``Table`` that :meth:`FittedTable._table` still builds where Rich would draw another box (an
ASCII-only or legacy Windows console), but for the blanks Rich pads each line's end with: a
line here ends with its last character, so a saved output, a golden file or a printed page
carries no spaces at line ends, and the blank edges above and below the table are empty
lines.  The text is the cells' ``Text``, which the renderers
have already cleaned of control characters and never parsed as markup (docs/security.md);
colours are kept whenever the console prints them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from sezctl.render.fit import paragraph, without_end_blanks

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, JustifyMethod, RenderResult

# A text column in a table is at least this wide (or as wide as its widest cell, if less): a
# title in a narrower column is more line breaks than words.
TEXT_FLOOR = 20
# The longest word a text column makes room for; a longer one (a URL in a note) is folded.
WORD_CAP = 24
# Blocks: the indent of a block's fields under its heading, and the gap after a header.
INDENT = 2
GAP = 2
# Rich's SIMPLE_HEAD table without edge padding: one space at each edge, three between columns.
EDGES = 2
BETWEEN = 3


class Kind(enum.Enum):
    """What a column holds, which decides how it may be laid out."""

    KEY = "key"  # what names the row (an item id, its roadmap below): heads each block
    ORDINAL = "ordinal"  # the row's place in a sequence ("#"): before the key in a block
    FIXED = "fixed"  # dates, counts with their unit, statuses, ids: never wrapped
    TEXT = "text"  # titles, names, notes: wrapped between words
    PHRASE = "phrase"  # words that must stay whole (ids, dates) in a sentence: wrapped between


WRAPPED = (Kind.TEXT, Kind.PHRASE)


def _unbreakable(kind: Kind, cell: Text) -> int:
    """The widest part of ``cell`` that a line must hold whole."""
    if kind is Kind.TEXT:
        return min(word_width(cell), WORD_CAP)
    if kind is Kind.PHRASE:
        return word_width(cell)
    return line_width(cell)


class Column(NamedTuple):
    header: str
    kind: Kind = Kind.TEXT
    justify: JustifyMethod = "left"


Cell = Text | None
DASH = "—"


def _lines(text: Text) -> list[str]:
    return text.plain.split("\n")


def line_width(text: Text) -> int:
    """The width of the widest line of ``text`` in terminal cells."""
    return max(cell_len(line) for line in _lines(text))


def word_width(text: Text) -> int:
    """The width of the longest word of ``text`` (0 for an empty text)."""
    return max((cell_len(word) for word in text.plain.split()), default=0)


def _line_width(text: str) -> int:
    """:func:`line_width` of a plain text."""
    return max(cell_len(line) for line in text.split("\n"))


def _word_width(text: str) -> int:
    """:func:`word_width` of a plain text."""
    return max((cell_len(word) for word in text.split()), default=0)


# A cell as a table keeps it until it is printed.  ``status --all`` at 50,000 items holds
# 300,000 cells, and a ``Text`` (its object, the list of its pieces, the list of its spans)
# costs some 250 bytes besides its string: a cell that is only a string in one style, nearly
# every cell, is kept as that string (no style) or as (string, style), and becomes a ``Text``
# again only where Rich must draw it.
PackedCell = Text | str | tuple[str, str] | None


def _pack(cell: Cell | str) -> PackedCell:
    if type(cell) is not Text:  # None, a string, or a kind of Text that may draw otherwise
        return cell
    style = cell.style
    if (
        cell.spans
        or type(style) is not str
        or cell.justify is not None
        or cell.overflow is not None
        or cell.no_wrap is not None
        or cell.end != "\n"
        or cell.tab_size is not None
    ):
        return cell
    return (cell.plain, style) if style else cell.plain


def _unpack(cell: PackedCell) -> Cell:
    if isinstance(cell, str):
        return Text(cell)
    if isinstance(cell, tuple):
        return Text(cell[0], style=cell[1])
    return cell


def _plain(cell: PackedCell) -> str | None:
    """The text of a cell (None: no cell)."""
    if cell is None or isinstance(cell, str):
        return cell
    if isinstance(cell, tuple):
        return cell[0]
    return cell.plain


class _Measure(NamedTuple):
    """What the layout needs to know of a column's cells, measured once per table."""

    unbreakable: int  # the widest part of any cell that a line must hold whole
    natural: int  # the widest line of any cell


def _measure(kind: Kind, texts: Iterable[str | None]) -> _Measure:
    """Measure the cells of a column from their plain texts (None: no cell)."""
    unbreakable = natural = 0
    text_kind = kind is Kind.TEXT
    wrapped = kind in WRAPPED
    for text in texts:  # every cell of the column: comparisons, not max(), in this loop
        if text is None:
            continue
        width = cell_len(text) if "\n" not in text else _line_width(text)
        if width > natural:
            natural = width
        # A word is no wider than its line (unless a joiner or a variation selector makes
        # Rich measure a cluster): measure the words only when they could matter.
        if wrapped and (
            (width > unbreakable and not (text_kind and unbreakable >= WORD_CAP))
            or "\u200d" in text
            or "\ufe0f" in text
        ):
            word = _word_width(text)
            if word > unbreakable:
                unbreakable = word
    if kind is Kind.TEXT:
        unbreakable = min(unbreakable, WORD_CAP)
    elif kind is not Kind.PHRASE:
        unbreakable = natural
    return _Measure(unbreakable, natural)


def _min_width(column: Column, measure: _Measure, whole_header: bool) -> int:
    """The narrowest a column can be in a table without breaking what must stay whole (with
    ``whole_header``, its header on one line too); a text column also keeps
    :data:`TEXT_FLOOR` (or its natural width, when that is less)."""
    header = cell_len(column.header) if whole_header else word_width(Text(column.header))
    needed = max(header, cell_len(DASH), measure.unbreakable)
    if column.kind is Kind.TEXT:
        return min(_natural_width(column, measure), max(needed, TEXT_FLOOR))
    return needed


def _natural_width(column: Column, measure: _Measure) -> int:
    """How wide a column would be with all the room it wants: its widest line."""
    return max(cell_len(column.header), cell_len(DASH), measure.natural)


def share_widths(minimums: Sequence[int], naturals: Sequence[int], room: int) -> list[int]:
    """Widths for the text columns: each its minimum, then the rest of ``room`` one cell at a
    time to the column furthest (relatively) from its natural width, never past it."""
    widths = list(minimums)
    spare = room - sum(widths)
    while spare > 0:
        wanting = [
            (1 - widths[index] / naturals[index], -index)
            for index in range(len(widths))
            if widths[index] < naturals[index]
        ]
        if not wanting:
            break
        _, negative_index = max(wanting)
        widths[-negative_index] += 1
        spare -= 1
    return widths


class FittedTable:
    """A titled table of rows that is printed as a table when it fits, else as blocks.

    ``rows`` hold one cell per column, a ``Text``, None, or a string already cleaned (as
    ``Text`` would take it: no control characters); they may be made as the table takes them (a
    generator), which it keeps packed (:data:`PackedCell`).  ``title`` (optional) is printed
    above, wrapped to the width like any text.
    """

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Cell | str]],
        title: Text | str | None = None,
    ) -> None:
        self.columns = list(columns)
        self._packed = [[_pack(cell) for cell in row] for row in rows]
        self.title = Text(title, style="bold") if isinstance(title, str) else title
        self._measured: list[_Measure] | None = None

    @property
    def rows(self) -> list[list[Cell]]:
        """The rows, their cells as they were given (equal ``Text``, made again)."""
        return [[_unpack(cell) for cell in row] for row in self._packed]

    def column_cells(self, index: int) -> list[Cell]:
        return [_unpack(row[index]) for row in self._packed]

    def _measures(self) -> list[_Measure]:
        if self._measured is None:
            self._measured = [
                _measure(column.kind, [_plain(row[index]) for row in self._packed])
                for index, column in enumerate(self.columns)
            ]
        return self._measured

    def table_widths(self, width: int) -> list[int] | None:
        """The width of each column in a table ``width`` cells wide, or None when the table
        cannot be that narrow without breaking an id, a date or a word.  Headers stay on one
        line when there is room for that, else they wrap between words."""
        room = width - EDGES - BETWEEN * (len(self.columns) - 1)
        measures = self._measures()
        for whole_header in (True, False):
            minimums = [
                _min_width(column, measure, whole_header)
                for column, measure in zip(self.columns, measures, strict=True)
            ]
            if sum(minimums) <= room:
                break
        else:
            return None
        text = [i for i, column in enumerate(self.columns) if column.kind in WRAPPED]
        naturals = [_natural_width(self.columns[index], measures[index]) for index in text]
        fixed = sum(minimums[index] for index in range(len(self.columns)) if index not in text)
        shared = share_widths([minimums[index] for index in text], naturals, room - fixed)
        widths = list(minimums)
        for index, share in zip(text, shared, strict=True):
            widths[index] = share
        return widths

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        widths = self.table_widths(width)
        if self.title is not None:
            yield paragraph(self.title)
        if widths is not None:
            # Its first line is blank: SIMPLE_HEAD has no top rule.
            if options.ascii_only or options.legacy_windows:
                yield self._table(widths)  # Rich substitutes another box: let it draw
            else:
                yield from self._table_lines(console, options, widths)
        else:
            yield Text("")
            yield from self._blocks(console, options)

    def _table_lines(
        self, console: Console, options: ConsoleOptions, widths: list[int]
    ) -> Iterator[Segment]:
        """The lines Rich draws for :meth:`_table`, each without the blanks at its end: a
        blank top edge, the headers (bold, each at the bottom of the header row), a rule, one
        line per line of each row (a space at the left edge, three between cells, every cell
        but the last padded to its width) and a blank bottom edge."""
        plain = _plain_output(console)
        total = sum(widths) + EDGES + BETWEEN * (len(widths) - 1)
        yield NEWLINE
        header_style = console.get_style("table.header")
        headers = [
            console.render_lines(
                column.header,
                _cell_options(options, width, column.justify),
                style=header_style,
            )
            for column, width in zip(self.columns, widths, strict=True)
        ]
        height = max(len(lines) for lines in headers)
        for lines, width in zip(headers, widths, strict=True):
            lines[:0] = [[Segment(" " * width, header_style)]] * (height - len(lines))
        for number in range(height):
            segments = [lines[number] for lines in headers]
            line: list[CellLine] = (
                ["".join(segment.text for segment in cell) for cell in segments]
                if plain
                else list(segments)
            )
            yield from _row_line(line, plain)
        yield Segment(" " + "─" * (total - 2))
        yield NEWLINE
        justify = [column.justify for column in self.columns]
        for row in self._packed:
            cells = [
                _cell_lines(console, options, DIM_DASH if cell is None else cell, width, how, plain)
                for cell, width, how in zip(row, widths, justify, strict=True)
            ]
            height = max(len(cell_lines) for cell_lines in cells)
            if height == 1:
                yield from _row_line([cell_lines[0] for cell_lines in cells], plain)
                continue
            for cell_lines, width in zip(cells, widths, strict=True):
                blank: CellLine = " " * width if plain else [Segment(" " * width)]
                cell_lines.extend([blank] * (height - len(cell_lines)))
            for number in range(height):
                yield from _row_line([cell_lines[number] for cell_lines in cells], plain)
        yield NEWLINE

    def _table(self, widths: list[int]) -> Table:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=True, expand=False)
        for column, width in zip(self.columns, widths, strict=True):
            table.add_column(
                column.header,
                justify=column.justify,
                width=width,
                # Every cell of a fixed column fits its width; wrapping stays on for the
                # header, which may be longer ("Total overdue" over "201 days").
                overflow="fold",
            )
        for row in self.rows:
            table.add_row(*(Text(DASH, style="dim") if cell is None else cell for cell in row))
        return table

    def _blocks(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        """One block per row: the heading (ordinal and key), then a line per other cell."""
        width = options.max_width
        key = [i for i, column in enumerate(self.columns) if column.kind is Kind.KEY]
        ordinal = [i for i, column in enumerate(self.columns) if column.kind is Kind.ORDINAL]
        fields = [i for i, column in enumerate(self.columns) if i not in key + ordinal]
        labels = [self.columns[index].header for index in fields]
        kinds = [self.columns[index].kind for index in fields]
        layout = FieldLayout(labels, width, INDENT)
        plain = _plain_output(console)
        for packed in self._packed:
            heading = _plain_heading(
                [_plain(packed[i]) for i in ordinal], [_plain(packed[i]) for i in key], width
            )
            if plain and heading is not None:
                yield Segment(heading)
                yield NEWLINE
            else:
                row = [_unpack(cell) for cell in packed]
                for line in _heading(
                    [row[i] for i in ordinal], [row[i] for i in key], console, width
                ):
                    yield from _print_line(console, options, line, plain)
            yield from layout.segments(console, options, kinds, [packed[i] for i in fields])
            yield NEWLINE  # the blank line after a block


def _heading(ordinal: list[Cell], key: list[Cell], console: Console, width: int) -> Iterator[Text]:
    """A block's first line: ``3. power-grid  aktobe-sez-infrastructure``, the key's lines on
    one line when they fit, else one under the other; bold, like a heading."""
    parts: list[Text] = []
    for cell in key:
        if cell is not None:
            parts.extend(cell.split("\n"))
    prefix = Text(" ".join(cell.plain + "." for cell in ordinal if cell is not None))
    if not parts:
        parts = [Text(DASH)]
    first = parts[0].copy()
    first.stylize("bold")
    if prefix.plain:
        first = Text.assemble(prefix, " ", first)
    joined = Text("  ").join([first, *parts[1:]])
    wrapped = [joined] if cell_len(joined.plain) <= width else [first, *parts[1:]]
    for part in wrapped:
        for line in part.wrap(console, width, overflow="fold"):
            line.rstrip()  # the space a line was broken at
            yield line


def _plain_heading(ordinal: list[str | None], key: list[str | None], width: int) -> str | None:
    """The text of :func:`_heading` (cells given by their plain texts, None for no cell) when it
    is one line that fits ``width``, else None."""
    parts: list[str] = []
    for text in key:
        if text is not None:
            if "\n" not in text:
                parts.append(text)
            else:  # as Text.split("\n"): no empty line after a final line break
                parts.extend(text[:-1].split("\n") if text.endswith("\n") else text.split("\n"))
    prefix = " ".join(text + "." for text in ordinal if text is not None)
    if not parts:
        parts = [DASH]
    if prefix:
        parts[0] = prefix + " " + parts[0]
    joined = "  ".join(parts)
    if "\t" in joined or cell_len(joined) > width:
        return None
    return joined.rstrip()


class FieldLayout:
    """``Header  value`` lines, the values aligned after the longest header.  A value that
    cannot sit beside its header without breaking an id or a date (or a text that would get
    less than :data:`TEXT_FLOOR` columns there) goes on the lines under its header instead."""

    def __init__(
        self, labels: Sequence[str], width: int, indent: int, label_style: str = ""
    ) -> None:
        self.labels = list(labels)
        self.label_style = label_style
        self.width = width
        self.indent = indent
        self.label_width = max((cell_len(label) for label in self.labels), default=0)
        self.room = width - indent - self.label_width - GAP
        # Each label as it starts its line when the value fits beside it.
        self.leads = [
            " " * indent + label + " " * (self.label_width - cell_len(label) + GAP)
            for label in self.labels
        ]
        self.blank = " " * (indent + self.label_width + GAP)

    def fits_beside(self, kind: Kind, cell: Text) -> bool:
        if kind in WRAPPED and self.room < min(TEXT_FLOOR, line_width(cell)):
            return False
        return _unbreakable(kind, cell) <= self.room

    def segments(
        self,
        console: Console,
        options: ConsoleOptions,
        kinds: Sequence[Kind],
        cells: Sequence[PackedCell],
    ) -> Iterator[Segment]:
        """What the console prints for :meth:`lines`: a value that fits beside its label on
        one line (most of them) is written as that line, without building a ``Text``."""
        plain = _plain_output(console)
        room = self.room
        for label, lead, kind, cell in zip(self.labels, self.leads, kinds, cells, strict=True):
            if cell is None:
                continue
            value = _plain(cell)
            assert value is not None
            if plain and "\t" not in value:
                if "\n" not in value:  # nearly every value: one line, measured once
                    parts = [value]
                    fits = cell_len(value) <= room
                else:
                    parts = value.split("\n")  # as Rich's Text.wrap splits it
                    fits = max(cell_len(part) for part in parts) <= room
                # A value whose every line fits beside its label (then fits_beside holds).
                if fits:
                    yield Segment(lead + parts[0].rstrip())
                    yield NEWLINE
                    for part in parts[1:]:
                        yield Segment(self.blank + part.rstrip())
                        yield NEWLINE
                    continue
            for line in self.lines(console, (kind,), (_unpack(cell),), (label,)):
                yield from _print_line(console, options, line, plain)

    def lines(
        self,
        console: Console,
        kinds: Sequence[Kind],
        cells: Sequence[Cell],
        labels: Sequence[str] | None = None,
    ) -> Iterator[Text]:
        pad = " " * self.indent
        for label, kind, cell in zip(labels or self.labels, kinds, cells, strict=True):
            if cell is None:
                continue
            lead = Text.assemble(pad, (label, self.label_style))
            if self.fits_beside(kind, cell):
                lead.append(" " * (self.label_width - cell_len(label) + GAP))
                blank = " " * (self.indent + self.label_width + GAP)
                for number, line in enumerate(cell.wrap(console, self.room, overflow="fold")):
                    line.rstrip()
                    yield Text.assemble(lead if number == 0 else blank, line)
            else:
                yield from lead.wrap(console, self.width, overflow="fold")
                inner = pad + " " * GAP
                for line in cell.wrap(console, self.width - len(inner), overflow="fold"):
                    line.rstrip()
                    yield Text.assemble(inner, line)


class FittedFacts:
    """Labelled facts about one thing (``Title  …``, ``Due  …``): one block without heading."""

    def __init__(self, facts: Sequence[tuple[str, Text, Kind]], label_style: str = "bold"):
        self.facts = list(facts)
        self.label_style = label_style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        layout = FieldLayout(
            [label for label, _, _ in self.facts], options.max_width, 0, self.label_style
        )
        kinds = [kind for _, _, kind in self.facts]
        plain = _plain_output(console)
        for line in layout.lines(console, kinds, [value for _, value, _ in self.facts]):
            yield from _print_line(console, options, line, plain)


# How Rich's SIMPLE_HEAD table, without edge padding, draws a line of cells (see EDGES and
# BETWEEN), and the rest of what FittedTable writes itself.
NEWLINE = Segment.line()
EDGE = Segment(" ")
SEPARATOR = Segment("   ")
DIM_DASH = Text(DASH, style="dim")
CellLine = str | list[Segment]


def _plain_output(console: Console) -> bool:
    """True when styles print nothing (no colour, nothing recorded): a line is then one
    string, which is what the console writes for the segments of its cells."""
    return console.color_system is None and not console.record


def _cell_options(options: ConsoleOptions, width: int, justify: JustifyMethod) -> ConsoleOptions:
    """The options Rich's ``Table`` renders a cell of a column with."""
    return options.update(
        width=width, justify=justify, no_wrap=False, overflow="fold", height=None, highlight=False
    )


def _cell_lines(
    console: Console,
    options: ConsoleOptions,
    cell: Text | str | tuple[str, str],
    width: int,
    justify: JustifyMethod,
    plain: bool,
) -> list[CellLine]:
    """The lines of a table cell, each exactly ``width`` cells wide, as Rich pads them: a
    left-justified line is followed by spaces, a right-justified one (trailing spaces removed)
    preceded by them.  A cell that wraps, or that sets its own justification, is wrapped by
    Rich itself."""
    if isinstance(cell, Text):
        text, style = cell.plain, cell.style
        simple = cell.justify is None and cell.overflow is None
        one_style = not cell.spans
    else:  # packed: one style, nothing else set
        text, style = (cell, "") if isinstance(cell, str) else cell
        simple = one_style = True
    if (
        "\t" not in text
        and simple
        and justify in ("left", "right")
        and (plain or ("\n" not in text and one_style))
    ):
        parts = text.split("\n")  # as Rich's Text.wrap splits it: a last empty line is kept
        if justify == "right":
            parts = [part.rstrip() for part in parts]
        spares = [width - cell_len(part) for part in parts]
        if min(spares) >= 0:
            if justify == "left":
                parts = [part + " " * spare for part, spare in zip(parts, spares, strict=True)]
            else:
                parts = [" " * spare + part for part, spare in zip(parts, spares, strict=True)]
            if plain:
                return list(parts)
            return [[Segment(parts[0], console.get_style(style) if style else None)]]
    drawn = cell if isinstance(cell, Text) else Text(text, style=style)
    lines = console.render_lines(drawn, _cell_options(options, width, justify))
    if plain:
        return ["".join(segment.text for segment in line) for line in lines]
    return list(lines)


def _row_line(cells: Sequence[CellLine], plain: bool) -> Iterator[Segment]:
    """One line of a table row: the cells' lines after the left edge and between separators,
    without the blanks at its end (the padding of the last cells and the right edge)."""
    if plain:
        yield Segment((" " + "   ".join(cells)).rstrip(" "))  # type: ignore[arg-type]
    else:
        segments = [EDGE]
        for number, line in enumerate(cells):
            if number:
                segments.append(SEPARATOR)
            segments += line  # type: ignore[arg-type]
        yield from without_end_blanks(segments)
    yield NEWLINE


def _print_line(
    console: Console, options: ConsoleOptions, line: Text, plain: bool
) -> Iterable[Segment]:
    """What the console prints for one line of text: the text and a line break when it fits
    the width (it is not wrapped again), else whatever Rich makes of it."""
    text = line.plain
    if (
        "\n" in text
        or "\t" in text
        or line.justify is not None
        or options.justify is not None
        or cell_len(text) > options.max_width
    ):
        return console.render(line, options)
    if plain:
        return (Segment(text), NEWLINE)
    return (*line.render(console), NEWLINE)
