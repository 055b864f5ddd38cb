"""JSON and CSV renderers.  Records are built from the model, never scraped from table cells.

JSON keeps every character as written (UTF-8, not ``\\u`` escapes) so Kazakh and Russian stay
readable.  CSV is written for spreadsheets: text that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from sezctl.report import ItemDetail, ItemRow, OwnerRow, StatusReport


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def item_record(row: ItemRow) -> dict[str, Any]:
    """The JSON object of one item; dates ISO, absent values null."""
    item, slip = row.item, row.slippage
    return {
        "roadmap": item.roadmap,
        "id": item.id,
        "ref": item.ref,
        "parent": item.parent.id if item.parent else None,
        "title": item.title,
        "owner": item.owner,
        "owner_name": row.owner_name,
        "status": item.effective_status.value,
        "start": _iso(item.start),
        "due": _iso(item.due),
        "baseline": _iso(item.baseline),
        "done": _iso(item.done),
        "overdue_days": slip.overdue_days,
        "late_days": slip.late_days,
        "drift_days": slip.drift_days,
        "days_left": slip.days_left,
        "section": row.section.value,
        "depends_on": [reference.ref for reference in item.depends_on],
        "note": item.note,
        "file": item.position.path,
        "line": item.position.line,
    }


def _summary_record(report: StatusReport) -> dict[str, Any]:
    summary = report.summary
    worst = summary.worst
    return {
        "items": summary.items,
        "open": summary.open,
        "overdue": summary.overdue,
        "due_soon": summary.due_soon,
        "done": summary.done,
        "warning_days": report.warning_days,
        "worst": None
        if worst is None
        else {
            "ref": worst.item.ref,
            "overdue_days": worst.slippage.overdue_days,
            "owner": worst.item.owner,
            "owner_name": worst.owner_name,
        },
    }


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_status_json(report: StatusReport) -> str:
    return to_json(
        {
            "today": report.today.isoformat(),
            "items": [item_record(row) for row in report.items],
            "due_soon": [item_record(row) for row in report.due_soon],
            "summary": _summary_record(report),
        }
    )


def owner_record(row: OwnerRow) -> dict[str, Any]:
    owner = row.owner
    return {
        "owner": owner.id,
        "name": owner.name,
        "role": owner.role,
        "open": row.open,
        "overdue": row.overdue,
        "total_overdue_days": row.total_overdue_days,
        "worst": row.worst.item.ref if row.worst else None,
        "worst_overdue_days": row.worst.slippage.overdue_days if row.worst else None,
    }


def render_owners_json(rows: list[OwnerRow], today: date) -> str:
    return to_json({"today": today.isoformat(), "owners": [owner_record(r) for r in rows]})


def render_item_detail_json(detail: ItemDetail, today: date) -> str:
    return to_json(
        {
            "today": today.isoformat(),
            "item": item_record(detail.row),
            "parent": item_record(detail.parent) if detail.parent else None,
            "prerequisites": [item_record(row) for row in detail.prerequisites],
            "missing_prerequisites": detail.missing_prerequisites,
            "dependents": [item_record(row) for row in detail.dependents],
            "tasks": [item_record(row) for row in detail.tasks],
        }
    )


# Excel reads a CSV without a byte-order mark as the local ANSI code page, which garbles Kazakh
# and Russian; with the BOM it reads UTF-8.  Python's csv users read it with "utf-8-sig".
CSV_BOM = "\ufeff"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Neutralise text that a spreadsheet would evaluate as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(records: Iterable[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        row = []
        for column in columns:
            value = record[column]
            if isinstance(value, list):
                value = " ".join(value)
            row.append("" if value is None else spreadsheet_safe(value))
        writer.writerow(row)
    return buffer.getvalue()


STATUS_CSV_COLUMNS = [
    "roadmap",
    "id",
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
    "depends_on",
]


def render_status_csv(report: StatusReport) -> str:
    return CSV_BOM + _csv((item_record(row) for row in report.items), STATUS_CSV_COLUMNS)


def render_owners_csv(rows: list[OwnerRow], today: date) -> str:
    return CSV_BOM + _owners_csv(rows)


def _owners_csv(rows: list[OwnerRow]) -> str:
    columns = [
        "owner",
        "name",
        "role",
        "open",
        "overdue",
        "total_overdue_days",
        "worst",
        "worst_overdue_days",
    ]
    return _csv((owner_record(row) for row in rows), columns)
