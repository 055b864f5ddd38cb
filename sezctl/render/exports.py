"""CSV and JSON exports of every item: the same records as ``sezctl status --format json``.

CSV is made for spreadsheets (:mod:`sezctl.render.spreadsheet`): UTF-8 with a byte-order mark,
cells separated as the reader's Excel expects (``--csv-dialect``), and text a spreadsheet would
run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR at the start) neutralised with a ``'``.
"""

from __future__ import annotations

from typing import Any

from sezctl.render.records import (
    PROTOCOL_CSV_COLUMNS,
    add_skipped,
    item_record,
    protocol_csv_fields,
    to_json,
)
from sezctl.render.spreadsheet import CsvTable, spreadsheet_table
from sezctl.reports.export import ExportReport

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


def render_export_json(report: ExportReport) -> str:
    record: dict[str, Any] = {
        "today": report.today.isoformat(),
        "owner": report.owner.id if report.owner else None,
        "items": [item_record(row) for row in report.rows],
    }
    add_skipped(record, report.skipped, record["items"])
    return to_json(record)


def render_export_csv(report: ExportReport) -> CsvTable:
    records = [item_record(row) | protocol_csv_fields(row.item) for row in report.rows]
    columns = EXPORT_CSV_COLUMNS
    if report.skipped is not None:  # --skip-invalid: last, as the JSON's field
        columns = [*columns, "skipped_prerequisites"]
        add_skipped({}, report.skipped, records)
    return spreadsheet_table(records, columns)
