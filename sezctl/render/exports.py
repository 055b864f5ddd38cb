"""CSV and JSON exports of every item: the same records as ``sezctl status --format json``.

CSV is made for spreadsheets (:mod:`sezctl.render.spreadsheet`): UTF-8 with a byte-order mark,
cells separated as the reader's Excel expects (``--csv-dialect``), and text a spreadsheet would
run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR at the start) neutralised with a ``'``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from sezctl.render.records import (
    PROTOCOL_CSV_COLUMNS,
    Elements,
    item_record,
    mark_skipped_prerequisites,
    protocol_csv_fields,
    skipped_files_record,
    write_json,
)
from sezctl.render.spreadsheet import CsvTable, RecordsAgain, spreadsheet_table
from sezctl.render.streamed import StreamedText, TextStream
from sezctl.reports.export import ExportReport

if TYPE_CHECKING:
    from sezctl.reports.skipped import Skipped
    from sezctl.reports.status import ItemRow

EXPORT_CSV_COLUMNS = [
    "roadmap",
    "id",
    "ref",
    "parent",
    "title",
    "owner",
    "owner_name",
    "status",
    "start",
    "due",
    "baseline",
    "done",
    "overdue_days",
    "late_days",
    "drift_days",
    "days_left",
    "depends_on",
    "note",
    *PROTOCOL_CSV_COLUMNS,
]


def render_export_json(report: ExportReport) -> StreamedText:
    return StreamedText(partial(_write_export_json, report))


def _write_export_json(report: ExportReport, stream: TextStream) -> None:
    """The JSON of ``export``, a few hundred items at a time (`write_json`)."""
    skipped = report.skipped
    record: dict[str, Any] = {
        "today": report.today.isoformat(),
        "owner": report.owner.id if report.owner else None,
        "items": Elements(_records(report, skipped, item_record)),
    }
    if skipped is not None:
        record["skipped"] = skipped_files_record(skipped)
    write_json(record, stream)


def _records(
    report: ExportReport, skipped: Skipped | None, make: Callable[[ItemRow], dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """Each item's record (``make``), made as it is written; with ``--skip-invalid``, its
    prerequisites in the files left out."""
    for row in report.rows:
        record = make(row)
        if skipped is not None:
            mark_skipped_prerequisites(skipped, [record])
        yield record


def _csv_record(row: ItemRow) -> dict[str, Any]:
    """A row of the CSV: the item's record and, for a protocol point, its protocol's fields."""
    return item_record(row) | protocol_csv_fields(row.item)


def render_export_csv(report: ExportReport) -> CsvTable:
    columns = EXPORT_CSV_COLUMNS
    skipped = report.skipped
    if skipped is not None:  # --skip-invalid: last, as the JSON's field
        columns = [*columns, "skipped_prerequisites"]
    records = RecordsAgain(partial(_records, report, skipped, _csv_record))
    return spreadsheet_table(records, columns)
