"""Everything the command line writes: report output on stdout, diagnostics on stderr.

Only the CLI prints (renderers return strings or Rich renderables); this module is where it
does.  Data goes to stdout, so ``sezctl status --format json | jq`` always works; warnings,
progress and errors go to stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from itertools import islice
from typing import TYPE_CHECKING, TypeGuard, TypeVar

from sezctl.core.i18n import _
from sezctl.core.problems import SezctlError
from sezctl.source.config import CSV_DELIMITERS, DEFAULT_CSV_DIALECT

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from sezctl.core.problems import Problem
    from sezctl.render import Rendered, Renderers

R = TypeVar("R")

# A history walk this long shows its progress on a terminal.
PROGRESS_FROM = 200


def print_error(message: str) -> None:
    """One ``sezctl: error: ...`` line on stderr (the exit code is decided by the caller)."""
    sys.stderr.write(_("sezctl: error: {message}").format(message=message) + "\n")


def print_problems(problems: Iterable[Problem]) -> None:
    """Problems on stderr, one ``path:line:col: severity[code]: message`` line each."""
    from sezctl.render.text import problem_line

    for problem in sorted(set(problems)):
        sys.stderr.write(problem_line(problem) + "\n")


def emit(output: Rendered, csv_dialect: str = DEFAULT_CSV_DIALECT) -> None:
    """Write a renderer's result to stdout: strings as they are, a streamed text or a CSV table
    (in ``csv_dialect``, a key of `sezctl.source.config.CSV_DELIMITERS`) piece by piece as the
    renderer makes it, Rich renderables via Console."""
    # Only a CSV renderer makes a CsvTable, and it imports the module that defines it; the same
    # for a StreamedText.
    spreadsheet = sys.modules.get("sezctl.render.spreadsheet")
    if spreadsheet is not None and isinstance(output, spreadsheet.CsvTable):
        output.write(sys.stdout, CSV_DELIMITERS[csv_dialect])
        sys.stdout.flush()
        return
    streamed = sys.modules.get("sezctl.render.streamed")
    if streamed is not None and isinstance(output, streamed.StreamedText):
        output.write_to(sys.stdout)
        sys.stdout.flush()
        return
    if isinstance(output, str):
        sys.stdout.write(output)
        sys.stdout.flush()
        return
    from rich.console import Console, Group

    console = Console(highlight=False, emoji=False, markup=False)
    if isinstance(output, Group):
        # Rich lays out all it prints before writing any of it: the tables of `critical` at
        # 50,000 items took 67 MiB more than the renderables themselves.  A group (a table per
        # roadmap or per section) is printed member by member, which writes the same lines.
        for part in output.renderables:
            _print_part(console, part)
        return
    _print_part(console, output)


# How many segments (about 2 per line of a table) the console holds before writing them.
SEGMENTS_PER_WRITE = 4096


def _print_part(console: Console, part: object) -> None:
    """Print ``part`` as ``console.print`` does; a `FittedTable` (one section of `status
    --all` is 34,888 rows at 50,000 items) a few thousand lines at a time, as it makes them,
    instead of laying all its lines out first (140 MiB at 50k).

    Without colour (a pipe, a file), a table, a paragraph and a plain `Text` are written as
    the texts of their segments: that is all console.print would write, since their lines are
    made to the width, and it cost as much again as making them (`critical` at 10,000 items is
    394 tables and as many headings)."""
    from rich.segment import Segments

    from sezctl.render.fit import Indented
    from sezctl.render.layout import FittedTable

    plain = _plain_console(console)
    if not (
        isinstance(part, FittedTable)
        or (plain and (isinstance(part, Indented) or _printed_as_is(part)))
    ):
        console.print(part)
        return
    # The options console.print renders with when given no option.
    options = console.options.update(
        justify=None, overflow=None, height=None, no_wrap=None, markup=None, highlight=None
    )
    segments = iter(console.render(part, options))
    if plain:
        write = console.file.write
        while batch := list(islice(segments, SEGMENTS_PER_WRITE)):
            write("".join([segment.text for segment in batch if not segment.control]))
        console.file.flush()
        return
    while batch := list(islice(segments, SEGMENTS_PER_WRITE)):
        # Cut only after a line break, so that console.print crops whole lines as before.
        while not batch[-1].text.endswith("\n") and (segment := next(segments, None)) is not None:
            batch.append(segment)
        console.print(Segments(batch))


def _printed_as_is(part: object) -> TypeGuard[Text]:
    """True for a `Text` that console.print renders as it is: it copies a text's characters
    and styles into a new one with its own settings (``Text(sep).join``), so a text that sets
    none of them (justify, overflow, no_wrap, tab_size, end) renders the same lines, wrapped
    (folded) to the width."""
    from rich.text import Text

    return (
        type(part) is Text
        and part.justify is None
        and part.overflow is None
        and part.no_wrap is None
        and part.tab_size is None
        and part.end == "\n"
    )


def _plain_console(console: Console) -> bool:
    """True when the console writes segments' texts as they are: no colour, no recording, not
    a legacy Windows console, and not a terminal (where Rich keeps control codes)."""
    return (
        console.color_system is None
        and not console.record
        and not console.legacy_windows
        and not console.is_terminal
    )


def render(
    renderers: Renderers[R], report: R, fmt: str, csv_dialect: str = DEFAULT_CSV_DIALECT
) -> None:
    """Lay ``report`` out in ``fmt`` with its family's renderer, and write it to stdout (CSV
    with the cells separated as ``csv_dialect`` says: `choose_csv_dialect`)."""
    emit(renderers.render(report, fmt), csv_dialect)


def choose_csv_dialect(option: str | None, fmt: str, configured: str) -> str:
    """How this run separates CSV cells: ``--csv-dialect`` (``option``), else ``csv_dialect``
    in sezctl.toml (``configured``).  The option with a format other than CSV is a usage error
    (exit 2) rather than ignored: whoever typed it wants a CSV file, not a table in one."""
    if option is not None and fmt != "csv":
        raise SezctlError(
            _("--csv-dialect {dialect} is for --format csv, not --format {format}").format(
                dialect=option, format=fmt
            )
        )
    return option or configured


def progress_printer() -> Callable[[int, int], None] | None:
    """A progress line on stderr for long history walks, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total >= PROGRESS_FROM and (done % 50 == 0 or done == total - 1):
            end = "\n" if done == total - 1 else ""
            line = _("reading history: commit {number} of {total}").format(
                number=done + 1, total=total
            )
            sys.stderr.write(f"\r{line}{end}")

    return show
