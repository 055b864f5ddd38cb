"""The table path writes rows as lines (issue #15, point 2): `FittedTable` pads the cells and
joins the rows itself instead of handing thousands of rows to ``rich.table.Table`` and a
``Text`` per block line to the console.  What a person sees must not change: the output is the
one Rich drew before, byte for byte but for the blanks Rich ends its lines with (which a table
leaves out: tests/test_line_ends.py), on random cells (Kazakh, Russian, CJK, long words, cells
of several lines, right-justified counts, dashes) at 60 to 200 columns, with and without
colour, and on a generated portfolio through the real renderer; and the work Rich does no
longer grows with the number of rows.  Timings are in docs/performance.md (bench/run.py)."""

from __future__ import annotations

import importlib.util
import io
import itertools
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from sezctl.core import i18n
from sezctl.render import layout
from sezctl.render.fit import paragraph
from sezctl.render.layout import Column, FieldLayout, FittedTable, Kind
from sezctl.render.table import render_critical_table, render_status_table
from sezctl.render.text import _UNSAFE, clean_text
from sezctl.reports.critical import build_critical_report
from sezctl.reports.status import build_status_report
from sezctl.source.loader import list_roadmap_files, load_roadmaps

BENCH = Path(__file__).parent.parent / "bench"
TODAY = date(2026, 11, 26)
WIDTHS = (60, 80, 120, 200)


class RichDrawn:
    """A FittedTable drawn the way it was before the table path: the title (a paragraph, as
    the table prints it), then Rich's ``Table`` of the same widths, or each block line as a
    ``Text`` the console wraps."""

    def __init__(self, table: FittedTable) -> None:
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table, width = self.table, options.max_width
        widths = table.table_widths(width)
        if table.title is not None:
            yield paragraph(table.title)
        if widths is not None:
            yield table._table(widths)
            return
        yield Text("")
        columns = table.columns
        key = [i for i, column in enumerate(columns) if column.kind is Kind.KEY]
        ordinal = [i for i, column in enumerate(columns) if column.kind is Kind.ORDINAL]
        fields = [i for i in range(len(columns)) if i not in key + ordinal]
        fitted = FieldLayout([columns[i].header for i in fields], width, layout.INDENT)
        for row in table.rows:
            yield from layout._heading(
                [row[i] for i in ordinal], [row[i] for i in key], console, width
            )
            yield from fitted.lines(
                console, [columns[i].kind for i in fields], [row[i] for i in fields]
            )
            yield Text("")


def trimmed(text: str) -> str:
    """``text`` without the blanks at the end of its lines, as a FittedTable writes them."""
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def printed(renderable: object, width: int, colour: bool = False) -> str:
    """What a console ``width`` columns wide writes (with ``colour``: the text it records)."""
    out = io.StringIO()
    if colour:
        console = Console(file=out, width=width, force_terminal=True, record=True)
        console.print(renderable)
        return console.export_text(styles=False)
    Console(file=out, width=width, highlight=False, emoji=False, markup=False).print(renderable)
    return out.getvalue()


WORDS = [
    "Жобалау",
    "мердігері",
    "құрылыс-монтаж",
    "жұмыстары",
    "подстанция",
    "«Ақтөбе»",
    "АЭА",
    "110/10",
    "кВ",
    "電力網の設計",
    "工事",
    "grid",
    "x",
    "—",
    "perimeter-fence-engineering-surveys-and-approvals",
    "https://example.org/a/very/long/address/without/any/space/in/it",
]
text_values = st.lists(st.sampled_from(WORDS), min_size=1, max_size=9).map(" ".join)
cells = st.one_of(
    st.none(),
    text_values.map(Text),
    st.tuples(text_values, text_values).map(lambda pair: Text(f"{pair[0]}\n{pair[1]}")),
    st.sampled_from(["149 days", "3 күн", "12 дней ", " 7", "01.12.2026"]).map(
        lambda value: Text(value, style="red")
    ),
)
columns = st.lists(
    st.tuples(
        st.sampled_from(["Item", "Атауы", "Total overdue", "Мерзімі өткені", "Title", "#"]),
        st.sampled_from([Kind.TEXT, Kind.FIXED, Kind.PHRASE]),
        st.sampled_from(["left", "right"]),
    ),
    min_size=1,
    max_size=6,
).map(
    lambda specs: [
        Column(header, Kind.KEY if index == 0 else kind, justify)  # type: ignore[arg-type]
        for index, (header, kind, justify) in enumerate(specs)
    ]
)


@st.composite
def tables(draw: st.DrawFn) -> FittedTable:
    chosen = draw(columns)
    rows = draw(st.lists(st.lists(cells, min_size=len(chosen), max_size=len(chosen)), max_size=6))
    title = draw(st.sampled_from([None, "Мерзімі өткен", Text("Overdue", style="bold")]))
    return FittedTable(chosen, rows, title)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from(WIDTHS))
def test_rows_written_as_lines_are_what_rich_drew(table: FittedTable, width: int) -> None:
    """Tables and blocks alike: the same bytes as Rich's Table and re-wrapped block lines,
    without the blanks at the end of each line."""
    assert printed(table, width) == trimmed(printed(RichDrawn(table), width))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from(WIDTHS))
def test_with_colour_the_text_is_what_rich_drew(table: FittedTable, width: int) -> None:
    """On a colour terminal the rows are styled segments; the text is still Rich's."""
    assert printed(table, width, colour=True) == trimmed(
        printed(RichDrawn(table), width, colour=True)
    )


def test_an_ascii_only_console_gets_richs_own_table() -> None:
    """Where Rich would draw another box (a console that cannot print UTF-8), it draws the
    table itself."""
    table = FittedTable([Column("Item", Kind.KEY), Column("Title")], [[Text("a"), Text("b c")]])
    console = Console(file=io.StringIO(), width=80, color_system=None)
    options = console.options.update()
    options.encoding = "ascii"
    assert options.ascii_only
    rendered = "".join(segment.text for segment in console.render(table, options))
    reference = "".join(segment.text for segment in console.render(RichDrawn(table), options))
    assert rendered == reference
    assert "|" in rendered  # Rich's ASCII box, not SIMPLE_HEAD


def count_wraps(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every call of Rich's Text.wrap, counted."""
    calls = [0]
    wrap = Text.wrap

    def counted(self: Text, *args: object, **kwargs: object) -> object:
        calls[0] += 1
        return wrap(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Text, "wrap", counted)
    return calls


def rows_of(count: int) -> list[list[Text | None]]:
    return [
        [
            Text(f"item-{number}\nroadmap-{number % 7}"),
            Text(f"{WORDS[number % 9]} {WORDS[(number + 3) % 9]}"),
            None if number % 5 else Text("Нұрлан Сейітов"),
            Text(f"{number % 300} күн", style="red"),
        ]
        for number in range(count)
    ]


@pytest.mark.parametrize("width", [60, 200])
def test_rich_wraps_no_cell_that_fits_whatever_the_row_count(
    monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Rich's Text.wrap runs for the title and the headers, never once per row: 200 rows and
    2,000 rows (blocks at 60 columns, a table at 200) make the same number of calls."""
    columns = [
        Column("Item", Kind.KEY),
        Column("Title"),
        Column("Owner"),
        Column("Late", Kind.FIXED, "right"),
    ]
    counts = []
    for count in (200, 2000):
        table = FittedTable(columns, rows_of(count), "Overdue")
        calls = count_wraps(monkeypatch)
        output = printed(table, width)
        counts.append(calls[0])
        monkeypatch.undo()
        assert output == trimmed(printed(RichDrawn(table), width))
    assert counts[0] == counts[1] <= 6


def test_clean_text_leaves_printable_text_as_it_is() -> None:
    """clean_text skips the translation of a printable text: none of the characters it
    replaces is printable, so nothing is missed."""
    assert not [code for code in _UNSAFE if chr(code).isprintable()]
    for text in ["Ішкі су, кәріз", "a\x1b[31mb", "bidi\u202eevil", "a\nb", "\ufeffx", "\x85"]:
        assert clean_text(text) == text.translate(_UNSAFE)


def test_a_catalog_message_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each message (and each missing one) is looked up in the .mo file once per run."""
    with (i18n.LOCALE_DIR / "kk" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo").open("rb") as catalog:
        translation = i18n.LazyCatalog(catalog)
    entries = translation._catalog
    reads = [0]
    find = type(entries)._find

    def counted(self: object, key: bytes, prefix: bool) -> str | None:
        reads[0] += 1
        return find(self, key, prefix)  # type: ignore[arg-type]

    monkeypatch.setattr(type(entries), "_find", counted)
    first = [
        translation.gettext("Overdue"),
        translation.ngettext("{count} item", "{count} items", 3),
    ]
    missing = translation.gettext("no such message")
    again = [
        translation.gettext("Overdue"),
        translation.ngettext("{count} item", "{count} items", 3),
    ]
    assert translation.gettext("no such message") == missing == "no such message"
    assert first == again and first[0] != "Overdue"
    assert reads[0] == 4  # the missing message is also asked for as a plural form, once


# -- the real renderer on a generated portfolio ----------------------------------------------


def bench_module(name: str) -> ModuleType:
    """One of the scripts of bench/ (not a package), imported as ``bench_NAME``."""
    path = list(sys.path)
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[f"bench_{name}"] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path[:] = path


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> object:
    folder = tmp_path_factory.mktemp("portfolio") / "p"
    bench_module("generate").generate(folder, 300, 6, 2026, 20)
    return load_roadmaps(list_roadmap_files([folder])).portfolio


class AsBefore:
    """A renderable drawn with every FittedTable in it drawn as Rich drew it."""

    def __init__(self, renderable: object) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self._walk(self.renderable)

    def _walk(self, renderable: object) -> Iterator[object]:
        parts = getattr(renderable, "renderables", None)
        if parts is not None:  # a Group
            for part in parts:
                yield from self._walk(part)
        elif isinstance(renderable, FittedTable):
            yield RichDrawn(renderable)
        else:
            yield renderable


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_status_all_and_critical_are_what_rich_drew(portfolio: object, language: str) -> None:
    """`status --all` and `critical` of a generated 300-item portfolio, at 60 to 200 columns:
    the same bytes as with Rich's tables, without the blanks at line ends."""
    i18n.use_language(language)
    try:
        status = build_status_report(portfolio, TODAY, include_all=True)  # type: ignore[arg-type]
        critical = build_critical_report(portfolio, TODAY)  # type: ignore[arg-type]
        for width in WIDTHS:
            for view in (render_status_table(status), render_critical_table(critical)):
                assert printed(view, width) == trimmed(printed(AsBefore(view), width))
    finally:
        i18n.use_language(i18n.DEFAULT)


def test_a_cell_of_one_string_in_one_style_is_kept_as_that_string() -> None:
    """A table holds a plain or single-styled cell without its ``Text`` (300,000 cells in
    `status --all` at 50,000 items), and gives back cells equal to the ones it was given, in
    the same style; a cell with styled parts is kept as it is."""
    given = rows_of(50)
    table = FittedTable(
        [Column("Item", Kind.KEY), Column("Title"), Column("Owner"), Column("Late")], iter(given)
    )  # a generator is enough
    assert table.rows == given
    assert [[cell.style if cell else None for cell in row] for row in table.rows] == [
        [cell.style if cell else None for cell in row] for row in given
    ]
    held = [cell for row in table._packed for cell in row]
    assert not [cell for cell in held if isinstance(cell, Text)]
    parts = Text.assemble("item-1", ("\nroadmap-1", "dim"))
    assert FittedTable([Column("Item", Kind.KEY)], [[parts]])._packed == [[parts]]


@pytest.mark.parametrize("width", [60, 200])
def test_the_cli_writes_a_table_while_it_makes_its_lines(
    monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """Issue 15, point 4: the command line writes a FittedTable (blocks at 60 columns, a table
    at 200) a few thousand lines at a time, as the table makes them, instead of laying all of
    it out first; what it writes is what one ``print`` of the whole table writes."""
    from rich.console import Group

    from sezctl.cli import output

    table = FittedTable(
        [Column("Item", Kind.KEY), Column("Title"), Column("Owner"), Column("Late", Kind.FIXED)],
        rows_of(4000),
        "Other items",
    )
    expected = printed(table, width)
    made = [0]  # the pieces the table has yielded so far
    made_at_write: list[int] = []
    draw = FittedTable.__rich_console__

    def counted(self: FittedTable, console: Console, options: ConsoleOptions) -> RenderResult:
        for piece in draw(self, console, options):
            made[0] += 1
            yield piece

    class Stdout(io.StringIO):
        def write(self, text: str) -> int:
            made_at_write.append(made[0])
            return super().write(text)

    stdout = Stdout()
    monkeypatch.setattr(FittedTable, "__rich_console__", counted)
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setenv("COLUMNS", str(width))
    output.emit(Group(table))
    assert stdout.getvalue() == expected
    assert made[0] > 3 * output.SEGMENTS_PER_WRITE
    # The first lines went out before a fifth of the table was made, and each write after.
    assert made_at_write[0] <= output.SEGMENTS_PER_WRITE + 2
    steps = [later - earlier for earlier, later in itertools.pairwise(made_at_write)]
    assert len(made_at_write) > 3
    assert max(steps) <= output.SEGMENTS_PER_WRITE + 2


headings = st.one_of(
    text_values.map(Text),
    text_values.map(lambda value: Text(value, style="bold")),
    st.tuples(text_values, text_values).map(lambda pair: Text.assemble(pair[0], (pair[1], "dim"))),
    text_values.map(lambda value: Text(value, justify="right")),  # printed by Rich itself
    text_values.map(lambda value: Text(value + "\t" + value)),
)


@settings(
    max_examples=200,
    deadline=None,
    # sys.stdout and COLUMNS are set anew for each example.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.one_of(tables(), headings), min_size=1, max_size=5), st.sampled_from(WIDTHS))
def test_without_colour_the_cli_writes_what_one_print_writes(
    monkeypatch: pytest.MonkeyPatch, parts: list[object], width: int
) -> None:
    """To a pipe the command line writes the tables and headings of a view (a `critical`
    report is a heading and a table per roadmap) as their segments' texts, not through
    console.print: the bytes are those it wrote with a print of each part (which, unlike a
    print of the whole group, ignores a heading's own justify)."""
    from rich.console import Group

    from sezctl.cli import output

    stdout = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setenv("COLUMNS", str(width))
    output.emit(Group(*parts))
    assert stdout.getvalue() == "".join(printed(part, width) for part in parts)
