"""JSON and CSV renderers.  Records are built from the model, never scraped from table cells.

JSON keeps every character as written (UTF-8, not ``\\u`` escapes) so Kazakh and Russian stay
readable.  CSV is a :class:`~sezctl.render.spreadsheet.CsvTable` for spreadsheets, which the
command line writes with the separator the user chose (formulas neutralised, BOM, CRLF: see
:mod:`sezctl.render.spreadsheet`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from functools import partial
from json.encoder import encode_basestring  # the C encoder json.dumps itself uses
from typing import TYPE_CHECKING, Any

from sezctl.render.spreadsheet import CsvTable, RecordsAgain, spreadsheet_table
from sezctl.render.streamed import StreamedText, TextStream
from sezctl.render.text import iso_date
from sezctl.reports.status import ItemDetail, ItemRow, OwnerReport, OwnerRow, StatusReport

if TYPE_CHECKING:
    from sezctl.core.model import Item, Reassignment, Reschedule
    from sezctl.history.changes import BaselineComparison
    from sezctl.history.decisions import DecisionBook, ProtocolPoint
    from sezctl.history.versions import RecordedDecision
    from sezctl.reports.critical import CriticalPath, CriticalReport, CriticalRow
    from sezctl.reports.skipped import Skipped


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
        "start": iso_date(item.start),
        "due": iso_date(item.due),
        "baseline": iso_date(item.baseline),
        "done": iso_date(item.done),
        "overdue_days": slip.overdue_days,
        "late_days": slip.late_days,
        "drift_days": slip.drift_days,
        "days_left": slip.days_left,
        "section": row.section.value,
        "depends_on": [reference.ref for reference in item.depends_on],
        "note": item.note,
        "file": item.position.path,
        "line": item.position.line,
        "protocol": protocol_record(item),
    }


def decision_record(record: RecordedDecision | None, book: DecisionBook) -> dict[str, Any] | None:
    """The ``decision`` object of the JSON of ``diff``, ``history`` and ``show``: the recorded
    ``reason``, ``decision`` (``protocol-<date>/<point>``), ``protocol`` (the number, date,
    point, chair id and chair name of the point it names, null when it names no loaded point),
    ``ref`` (a decision taken elsewhere) and ``on``; null for a change with no record, a hand
    edit (docs/git.md)."""
    if record is None:
        return None
    return {
        "reason": record.reason,
        "decision": record.decision,
        "protocol": point_record(book.point(record)),
        "ref": record.ref,
        "on": iso_date(record.on),
    }


def point_record(point: ProtocolPoint | None) -> dict[str, Any] | None:
    """The protocol point a decision names: the protocol's number and date, the point, and its
    chair (who decided: the owner id and name); null when it names none that is loaded."""
    if point is None:
        return None
    return {
        "number": point.number,
        "date": point.date.isoformat(),
        "point": point.point,
        "chair": point.chair,
        "chair_name": point.chair_name,
    }


def protocol_record(item: Item) -> dict[str, Any] | None:
    """Which protocol and point an item comes from (null for a roadmap item): the protocol's
    number and date, the point, the roadmap items it acts on, the evidence of its execution and
    the later point that took it off control."""
    origin = item.origin
    if origin is None:
        return None
    off = origin.off_control
    return {
        "number": origin.number,
        "date": origin.date.isoformat(),
        "point": origin.point,
        "items": [reference.ref for reference in origin.acts_on],
        "evidence": origin.evidence,
        "off_control": None if off is None else {"by": off.by.ref, "reason": off.reason},
    }


PROTOCOL_CSV_COLUMNS = [
    "protocol_number",
    "protocol_date",
    "point",
    "evidence",
    "off_control_by",
    "off_control_reason",
]
"""The CSV columns of a protocol point (empty for a roadmap item, but for ``evidence``, which
``sezctl done --evidence`` writes on items too).  They come after every column a CSV had
before, so a spreadsheet that reads columns by position still works."""


def protocol_csv_fields(item: Item) -> dict[str, Any]:
    """The :data:`PROTOCOL_CSV_COLUMNS` of one item, flat: a spreadsheet has no nested cells."""
    origin = item.origin
    off = origin.off_control if origin is not None else None
    return {
        "protocol_number": origin.number if origin is not None else None,
        "protocol_date": origin.date.isoformat() if origin is not None else None,
        "point": origin.point if origin is not None else None,
        "evidence": origin.evidence if origin is not None else item.evidence,
        "off_control_by": off.by.ref if off is not None else None,
        "off_control_reason": off.reason if off is not None else None,
    }


def forecast_record(row: ItemRow) -> dict[str, Any]:
    """The forecast fields of one item (docs/forecast.md); null where there is no forecast."""
    forecast = row.forecast
    return {
        "forecast_start": iso_date(forecast.start),
        "forecast_finish": iso_date(forecast.finish),
        "forecast_slip_days": forecast.slip_days,
        "at_risk": forecast.at_risk,
        "driving_prerequisite": forecast.driver.ref if forecast.driver else None,
        "root_cause": forecast.root_cause.ref if forecast.root_cause else None,
        "pushed_by": [item.ref for item in forecast.pushed_by],
    }


def forecast_item_record(row: ItemRow) -> dict[str, Any]:
    """An item's JSON object with its forecast: what status, show and critical print."""
    record = item_record(row)
    record.update(forecast_record(row))
    return record


def summary_record(report: StatusReport) -> dict[str, Any]:
    summary = report.summary
    worst = summary.worst
    return {
        "items": summary.items,
        "open": summary.open,
        "overdue": summary.overdue,
        "at_risk": summary.at_risk,
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
    """``json.dumps(data, ensure_ascii=False, indent=2)`` and a newline, byte for byte.

    With ``indent`` the standard library encodes in pure Python, one generator step per value;
    a status report of 10,000 items is several megabytes of it.  Plain data (dicts with text
    keys, lists, text, numbers, booleans, None) is written here in one pass with the same C
    string encoder instead, about a third faster; anything else goes to ``json.dumps``.
    """
    out: list[str] = []
    try:
        _write_json(data, "\n", out)
    except _NotPlainData:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    out.append("\n")
    return "".join(out)


class _NotPlainData(Exception):
    """A value :func:`to_json` leaves to ``json.dumps``."""


def _write_json(value: Any, newline: str, out: list[str]) -> None:
    """Append the indented JSON of ``value``; ``newline`` is a line break and the indent."""
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float) and math.isfinite(value):
        out.append(float.__repr__(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if not isinstance(key, str):
                raise _NotPlainData
            out.append(separator + encode_basestring(key) + ": ")
            _write_json(item, inner, out)
            separator = "," + inner
        out.append(newline + "}")
    elif isinstance(value, list) or type(value) is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            out.append(separator)
            _write_json(item, inner, out)
            separator = "," + inner
        out.append(newline + "]")
    elif isinstance(value, tuple):  # a record (NamedTuple) that a renderer forgot to convert
        raise TypeError(f"{type(value).__name__} is not JSON data; build a dict of its fields")
    else:
        raise _NotPlainData


class Elements:
    """A JSON array whose elements are made one at a time, as :func:`write_json` writes them:
    the records of every item never exist all at once."""

    __slots__ = ("elements",)

    def __init__(self, elements: Iterable[Any]) -> None:
        self.elements = elements


# Pieces (keys, values, separators) gathered before they are joined and written: about 150 item
# records, 100 KB of text.
_PIECES_PER_WRITE = 8192


def write_json(record: dict[str, Any], stream: TextStream) -> None:
    """Write ``to_json(record)`` to ``stream``, byte for byte, a few hundred records at a time;
    the values of ``record`` that are :class:`Elements` are arrays made while they are written.
    """
    out: list[str] = []
    separator = "{\n  "
    for key, value in record.items():
        out.append(separator + encode_basestring(key) + ": ")
        if isinstance(value, Elements):
            _write_elements(value.elements, out, stream)
        else:
            _write_value(value, "\n  ", out)
        separator = ",\n  "
    out.append("\n}\n" if record else "{}\n")
    stream.write("".join(out))


def _write_elements(elements: Iterable[Any], out: list[str], stream: TextStream) -> None:
    """A top-level array of :func:`write_json`, its text written out every few hundred
    elements."""
    separator = "[\n    "
    for element in elements:
        out.append(separator)
        _write_value(element, "\n    ", out)
        separator = ",\n    "
        if len(out) >= _PIECES_PER_WRITE:
            stream.write("".join(out))
            out.clear()
    out.append("[]" if separator[0] == "[" else "\n  ]")


def _write_value(value: Any, newline: str, out: list[str]) -> None:
    """:func:`_write_json`, or for a value it leaves to ``json.dumps`` what :func:`to_json`
    would write of it there: ``json.dumps`` indents a nested value as it does a whole one."""
    written = len(out)
    try:
        _write_json(value, newline, out)
    except _NotPlainData:
        del out[written:]
        text = json.dumps(value, ensure_ascii=False, indent=2)
        out.append(text.replace("\n", newline))


def _each_record(
    rows: Iterable[ItemRow],
    make: Callable[[ItemRow], dict[str, Any]],
    extend: Callable[[dict[str, Any]], None] | None,
) -> Iterable[dict[str, Any]]:
    """``make(row)`` for each row, completed by ``extend`` (the fields of the options)."""
    for row in rows:
        record = make(row)
        if extend is not None:
            extend(record)
        yield record


def render_status_json(report: StatusReport) -> StreamedText:
    return StreamedText(partial(_write_status_json, report))


def _write_status_json(report: StatusReport, stream: TextStream) -> None:
    """The JSON of ``status``, written a few hundred items at a time (`write_json`)."""
    extend = _status_extension(report)
    record: dict[str, Any] = {
        "today": report.today.isoformat(),
        "days": report.day_kind,
        "items": Elements(_each_record(report.items, forecast_item_record, extend)),
        "at_risk": Elements(_each_record(report.at_risk, forecast_item_record, extend)),
        "due_soon": Elements(_each_record(report.due_soon, forecast_item_record, extend)),
        "summary": summary_record(report),
    }
    if report.baseline is not None:
        record["baseline"] = baseline_record(report.baseline)
    if report.skipped is not None:
        record["skipped"] = skipped_files_record(report.skipped)
    write_json(record, stream)


def _status_extension(report: StatusReport) -> Callable[[dict[str, Any]], None] | None:
    """What ``--baseline`` and ``--skip-invalid`` add to each item's record, in that order
    (`baseline_fields`, then `add_skipped`'s ``skipped_prerequisites``); None without them."""
    baseline, skipped = report.baseline, report.skipped
    if baseline is None and skipped is None:
        return None
    items = {row.item.ref: row.item for row in report.rows} if baseline is not None else {}

    def extend(entry: dict[str, Any]) -> None:
        if baseline is not None:
            entry |= baseline_fields(baseline, items[entry["ref"]])
        if skipped is not None:
            entry["skipped_prerequisites"] = list(skipped.prerequisites_left_out(entry["ref"]))

    return extend


def add_skipped(
    record: dict[str, Any], skipped: Skipped | None, *item_lists: list[dict[str, Any]]
) -> None:
    """``--skip-invalid``: the top-level ``skipped`` list (each file left out, what it held and
    its first error, a problem as ``sezctl check --format json`` writes it) and, on each item
    of ``item_lists``, ``skipped_prerequisites`` (its prerequisites in a left-out file).
    Without the option (``skipped`` None) the record keeps the shape it always had."""
    if skipped is None:
        return
    mark_skipped_prerequisites(skipped, *item_lists)
    record["skipped"] = skipped_files_record(skipped)


def mark_skipped_prerequisites(skipped: Skipped, *item_lists: list[dict[str, Any]]) -> None:
    """``skipped_prerequisites`` on each item of ``item_lists`` (`add_skipped`)."""
    for items in item_lists:
        for entry in items:
            entry["skipped_prerequisites"] = list(skipped.prerequisites_left_out(entry["ref"]))


def skipped_files_record(skipped: Skipped) -> list[dict[str, Any]]:
    """The top-level ``skipped`` list of ``--skip-invalid`` (`add_skipped`)."""
    return [
        {
            "path": file.path,
            "roadmap": file.roadmap,
            "items": file.items,
            "owners": file.owners,
            "errors": file.errors,
            "first_error": {
                "path": file.first.path,
                "line": file.first.line,
                "column": file.first.column,
                "severity": file.first.severity.value,
                "code": file.first.code,
                "message": str(file.first.message),
            },
        }
        for file in skipped.files
    ]


def baseline_fields(baseline: BaselineComparison, item: Item) -> dict[str, Any]:
    """One item's fields of ``status --baseline REV`` (JSON and CSV): its deadline at REV, its
    drift since, and whether it is new since REV."""
    return {
        "baseline_due": iso_date(baseline.due_at(item.ref)),
        "baseline_drift_days": baseline.drift_days(item.ref, item.due),
        "new_since_baseline": baseline.is_new(item.ref),
    }


def baseline_record(baseline: BaselineComparison) -> dict[str, Any]:
    """``status --baseline REV``: the revision, its commit and the items removed since REV
    (docs/git.md); each item's own fields are `baseline_fields`."""
    return {
        "revision": baseline.label,
        "commit": baseline.commit,
        "removed": [
            {
                "ref": facts.ref,
                "title": facts.title,
                "owner": facts.owner,
                "due": iso_date(facts.due),
            }
            for facts in baseline.removed
        ],
    }


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


def render_owners_json(report: OwnerReport) -> str:
    record: dict[str, Any] = {
        "today": report.today.isoformat(),
        "days": report.day_kind,
        "owners": [owner_record(row) for row in report.rows],
    }
    add_skipped(record, report.skipped)
    return to_json(record)


def _entry_record(entry: Reschedule | Reassignment, book: DecisionBook | None) -> dict[str, Any]:
    """What a ``reschedules:`` and a ``reassignments:`` entry share in ``show``'s JSON: when,
    why, and the decision behind it (the protocol point resolved, null when none is loaded)."""
    return {
        "on": entry.on.isoformat(),
        "reason": entry.reason,
        "ref": entry.ref,
        "decision": entry.decision,
        "protocol": point_record(book.point(entry) if book else None),
    }


def render_item_detail_json(detail: ItemDetail) -> str:
    today = detail.today
    book = detail.decisions
    record = forecast_item_record
    return to_json(
        {
            "today": today.isoformat(),
            "days": detail.day_kind,
            "item": record(detail.row),
            "reschedules": [
                {
                    "from": move.from_date.isoformat(),
                    "to": move.to.isoformat(),
                    **_entry_record(move, book),
                }
                for move in detail.row.item.reschedules
            ],
            "reassignments": [
                {"from": given.from_owner, "to": given.to, **_entry_record(given, book)}
                for given in detail.row.item.reassignments
            ],
            "slack_days": detail.slack_days,
            "roadmap_forecast_end": iso_date(detail.roadmap_end),
            "driving_chain": [row.item.ref for row in detail.driving_chain],
            "parent": record(detail.parent) if detail.parent else None,
            "prerequisites": [record(row) for row in detail.prerequisites],
            "missing_prerequisites": detail.missing_prerequisites,
            "dependents": [record(row) for row in detail.dependents],
            "tasks": [record(row) for row in detail.tasks],
        }
    )


def _critical_record(row: CriticalRow) -> dict[str, Any]:
    return forecast_item_record(row.row) | {"slack_days": row.slack_days}


def render_critical_json(report: CriticalReport) -> StreamedText:
    return StreamedText(partial(_write_critical_json, report))


def _write_critical_json(report: CriticalReport, stream: TextStream) -> None:
    """The JSON of ``critical``, made and written one roadmap at a time (`write_json`)."""
    skipped = report.skipped

    def roadmap_record(path: CriticalPath) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "roadmap": path.roadmap.id,
            "title": path.roadmap.title,
            "planned_end": iso_date(path.planned_end),
            "forecast_end": iso_date(path.forecast_end),
            "end_slip_days": path.end_slip_days,
            "critical_path": [_critical_record(row) for row in path.chain],
            "other_open_items": [_critical_record(row) for row in path.others],
        }
        if skipped is not None:
            mark_skipped_prerequisites(skipped, entry["critical_path"], entry["other_open_items"])
        return entry

    record: dict[str, Any] = {
        "today": report.today.isoformat(),
        "days": report.day_kind,
        "roadmaps": Elements(map(roadmap_record, report.paths)),
    }
    if skipped is not None:
        record["skipped"] = skipped_files_record(skipped)
    write_json(record, stream)


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


# Appended after the core's columns, so a spreadsheet that reads columns by position still works.
STATUS_CSV_FORECAST_COLUMNS = [
    "forecast_finish",
    "forecast_slip_days",
    "at_risk",
    "driving_prerequisite",
]


# Appended after the protocol columns, and only with ``status --baseline REV`` (the keys of
# `baseline_fields`).
STATUS_CSV_BASELINE_COLUMNS = ["baseline_due", "baseline_drift_days", "new_since_baseline"]


def render_status_csv(report: StatusReport) -> CsvTable:
    columns = STATUS_CSV_COLUMNS + STATUS_CSV_FORECAST_COLUMNS + PROTOCOL_CSV_COLUMNS
    baseline, skipped = report.baseline, report.skipped
    if baseline is not None:
        columns = columns + STATUS_CSV_BASELINE_COLUMNS
    if skipped is not None:  # --skip-invalid: last, as the JSON's field
        columns = [*columns, "skipped_prerequisites"]

    def records() -> Iterable[dict[str, Any]]:
        for row in report.items:
            record = forecast_item_record(row) | protocol_csv_fields(row.item)
            if baseline is not None:
                record |= baseline_fields(baseline, row.item)
            if skipped is not None:
                mark_skipped_prerequisites(skipped, [record])
            yield record

    return spreadsheet_table(RecordsAgain(records), columns)


def render_owners_csv(report: OwnerReport) -> CsvTable:
    rows = report.rows
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
    return spreadsheet_table((owner_record(row) for row in rows), columns)
