"""CSV and JSON exports of every item: the same records as ``sezctl status --format json``.

CSV is made for spreadsheets (:mod:`sezctl.render.spreadsheet`): UTF-8 with a byte-order mark,
cells separated as the reader's Excel expects (``--csv-dialect``), and text a spreadsheet would
run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR at the start) neutralised with a ``'``.
"""

from __future__ import annotations

from sezctl.render.records import item_record, to_json
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
]


def render_export_json(report: ExportReport) -> str:
    return to_json(
        {
            "today": report.today.isoformat(),
            "owner": report.owner.id if report.owner else None,
            "items": [item_record(row) for row in report.rows],
        }
    )


def render_export_csv(report: ExportReport) -> CsvTable:
    return spreadsheet_table((item_record(row) for row in report.rows), EXPORT_CSV_COLUMNS)
