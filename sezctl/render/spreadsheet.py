"""CSV for spreadsheets: what the CSV renderers return, and how it becomes a file.

Decisions kept here:

* A CSV renderer returns a :class:`CsvTable` (the header and the rows, every cell already
  text), not the file's bytes.  The cell separator is not a property of the report but of the
  spreadsheet that will open the file: Excel splits a CSV at the "list separator" of the
  machine's regional settings, a comma in English ones and a semicolon in Kazakhstan's and
  Russia's.  So a renderer still takes exactly its report (:mod:`sezctl.render`), and the
  command line writes the table with the separator the user chose (``--csv-dialect``,
  ``csv_dialect`` in sezctl.toml: :meth:`CsvTable.text`).
* Whatever the separator: UTF-8 with a byte-order mark (without it Excel reads the file in the
  local ANSI code page, which garbles Kazakh and Russian; Python reads it with "utf-8-sig"),
  CRLF at the end of each row, and the ``csv`` module's quoting, which quotes a cell holding
  the separator, a quote or a line break.
* Text a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or
  a carriage return) gets a leading ``'`` (OWASP CSV injection), in every dialect.
* Lists are joined with spaces and booleans written ``true``/``false``, as in the JSON; an
  absent value is an empty cell.
* The rows of a table of every item are made while the file is written (:meth:`CsvTable.write`,
  :class:`RecordsAgain`), a row at a time: at 50,000 items the cells of every row, held at once,
  were most of the memory of ``export --format csv``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from sezctl.render.streamed import TextStream

CSV_BOM = "\ufeff"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Neutralise text that a spreadsheet would evaluate as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class CsvTable(NamedTuple):
    """A CSV renderer's result: the header and the rows, each cell text ready for a
    spreadsheet; :meth:`text` writes the file with the separator of the reader's settings."""

    columns: list[str]
    rows: Iterable[list[str]]  # may be made afresh at each pass (`spreadsheet_table`)

    def text(self, delimiter: str = ",") -> str:
        """The file: a BOM, then the header and each row, cells separated by ``delimiter``
        (and quoted where the ``csv`` module must), each row ended by CRLF."""
        import io

        buffer = io.StringIO()
        self.write(buffer, delimiter)
        return buffer.getvalue()

    def write(self, stream: TextStream, delimiter: str = ",") -> None:
        """Write :meth:`text` to ``stream``, a row at a time."""
        import csv  # only CSV output pays for it

        stream.write(CSV_BOM)
        writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)


class RecordsAgain:
    """Records made afresh at each pass, by ``make``: a table of every item is written without
    holding every record (module docstring)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Iterable[dict[str, Any]]]) -> None:
        self.make = make

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.make())


class _Cells:
    """The rows of `spreadsheet_table`, made from the records at each pass."""

    __slots__ = ("columns", "records")

    def __init__(self, records: Iterable[dict[str, Any]], columns: list[str]) -> None:
        self.records = records
        self.columns = columns

    def __iter__(self) -> Iterator[list[str]]:
        columns = self.columns
        for record in self.records:
            row = []
            for column in columns:
                value = record[column]
                if isinstance(value, list):
                    value = " ".join(value)
                elif isinstance(value, bool):
                    value = "true" if value else "false"
                row.append("" if value is None else str(spreadsheet_safe(value)))
            yield row


def spreadsheet_table(records: Iterable[dict[str, Any]], columns: list[str]) -> CsvTable:
    """The ``columns`` of each record as spreadsheet cells (module docstring), made while the
    table is written when ``records`` can be read again (a list, :class:`RecordsAgain`)."""
    if iter(records) is records:  # read once: keep them, so the table can be written twice
        records = list(records)
    return CsvTable(list(columns), _Cells(records, list(columns)))
