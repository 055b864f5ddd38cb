"""Outputs that grow with the portfolio are written in pieces (issue #15, point 4: memory).

The JSON of ``status``, ``critical`` and ``export``, the ICS and the CSV of every item are
written to the stream the command line hands them, a few hundred items at a time, instead of
being built as one string.  What is written is, byte for byte, what building the whole text
wrote before: the references below are the old renderers (every record, then ``to_json``; the
calendar holding every event, then ``to_ical``), on a generated portfolio of 2,000 items with
``--baseline`` and ``--skip-invalid`` fields, in calendar and working days.  Peak memory is
measured by bench/memory.py (docs/performance.md)."""

from __future__ import annotations

import csv
import dataclasses
import importlib.util
import io
import json
import math
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sezctl.core.model import Portfolio
from sezctl.core.problems import Problem, Severity
from sezctl.history.changes import compare_with_baseline
from sezctl.history.versions import facts_of
from sezctl.plan.calendar import KazakhstanCalendar
from sezctl.plan.days import CALENDAR_DAYS, DayCounter
from sezctl.render.exports import render_export_csv, render_export_json
from sezctl.render.ics import deadline_calendar, deadline_event, render_export_ics
from sezctl.render.records import (
    Elements,
    add_skipped,
    baseline_fields,
    baseline_record,
    forecast_item_record,
    item_record,
    protocol_csv_fields,
    render_critical_json,
    render_status_csv,
    render_status_json,
    summary_record,
    to_json,
    write_json,
)
from sezctl.render.spreadsheet import CSV_BOM, spreadsheet_safe
from sezctl.render.streamed import StreamedText
from sezctl.render.text import iso_date
from sezctl.reports.critical import CriticalReport, build_critical_report
from sezctl.reports.export import ExportReport, build_export
from sezctl.reports.skipped import Skipped, SkippedFile
from sezctl.reports.status import StatusReport, build_status_report
from sezctl.source.loader import list_roadmap_files, load_roadmaps

BENCH = Path(__file__).parent.parent / "bench"
TODAY = date(2026, 11, 26)
DAYS = [CALENDAR_DAYS, KazakhstanCalendar().days]
DAY_IDS = ["calendar", "working"]


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Portfolio:
    """2,000 items in 40 roadmap files, as bench/run.py generates them (seed 2026)."""
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = generate  # dataclasses look their module up
    spec.loader.exec_module(generate)
    folder = tmp_path_factory.mktemp("generated-2000")
    generate.generate(folder, 2000, 40, 2026, 20)
    result = load_roadmaps(list_roadmap_files([folder]))
    assert not [p for p in result.problems if p.severity is Severity.ERROR]
    return result.portfolio


def options_of(portfolio: Portfolio) -> tuple[Any, Skipped]:
    """A ``--baseline`` comparison (every 7th item's deadline a week earlier then, every 11th
    item new since, two items removed since) and a ``--skip-invalid`` result (one file left
    out, every 5th item waiting for a prerequisite in it)."""
    facts = facts_of(portfolio)
    then = {}
    for number, (ref, fact) in enumerate(facts.items()):
        if number % 11 == 0:
            continue
        then[ref] = fact._replace(due=fact.due - timedelta(days=7)) if number % 7 == 0 else fact
    for gone in ("gone/a", "gone/b"):
        then[gone] = next(iter(facts.values()))._replace(ref=gone, title=f"Снято: {gone}")
    baseline = compare_with_baseline(then, portfolio, "approved-2026-01", "0" * 40)
    error = Problem("broken.yaml", 3, 5, "yaml-syntax", "«жол» is not closed")
    refs = [item.ref for item in portfolio.items]
    skipped = Skipped(
        files=(SkippedFile("broken.yaml", "broken", 12, 0, 2, error),),
        waiting={ref: ("broken/s01", "broken/s02") for ref in refs[::5]},
    )
    return baseline, skipped


def status_json_built_whole(report: StatusReport) -> str:
    """The JSON of ``status`` as it was written before: every record, then ``to_json``."""
    record: dict[str, Any] = {
        "today": report.today.isoformat(),
        "days": report.day_kind,
        "items": [forecast_item_record(row) for row in report.items],
        "at_risk": [forecast_item_record(row) for row in report.at_risk],
        "due_soon": [forecast_item_record(row) for row in report.due_soon],
        "summary": summary_record(report),
    }
    if report.baseline is not None:
        items = {row.item.ref: row.item for row in report.rows}
        for key in ("items", "at_risk", "due_soon"):
            for entry in record[key]:
                entry |= baseline_fields(report.baseline, items[entry["ref"]])
        record["baseline"] = baseline_record(report.baseline)
    add_skipped(record, report.skipped, record["items"], record["at_risk"], record["due_soon"])
    return to_json(record)


def critical_json_built_whole(report: CriticalReport) -> str:
    """The JSON of ``critical`` as it was written before."""
    roadmaps = [
        {
            "roadmap": path.roadmap.id,
            "title": path.roadmap.title,
            "planned_end": iso_date(path.planned_end),
            "forecast_end": iso_date(path.forecast_end),
            "end_slip_days": path.end_slip_days,
            "critical_path": [
                forecast_item_record(row.row) | {"slack_days": row.slack_days} for row in path.chain
            ],
            "other_open_items": [
                forecast_item_record(row.row) | {"slack_days": row.slack_days}
                for row in path.others
            ],
        }
        for path in report.paths
    ]
    record = {"today": report.today.isoformat(), "days": report.day_kind, "roadmaps": roadmaps}
    lists = [entry[key] for entry in roadmaps for key in ("critical_path", "other_open_items")]
    add_skipped(record, report.skipped, *lists)
    return to_json(record)


def export_json_built_whole(report: ExportReport) -> str:
    record: dict[str, Any] = {
        "today": report.today.isoformat(),
        "owner": report.owner.id if report.owner else None,
        "items": [item_record(row) for row in report.rows],
    }
    add_skipped(record, report.skipped, record["items"])
    return to_json(record)


def csv_built_whole(records: list[dict[str, Any]], columns: list[str], delimiter: str) -> str:
    """A CSV file as `CsvTable.text` wrote it before: every row's cells, then the text."""
    rows = []
    for record in records:
        row = []
        for column in columns:
            value = record[column]
            if isinstance(value, list):
                value = " ".join(value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            row.append("" if value is None else str(spreadsheet_safe(value)))
        rows.append(row)
    buffer = io.StringIO()
    buffer.write(CSV_BOM)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue()


class CountingStream:
    """A text stream that keeps what it is given, and how: the number and largest of the
    writes."""

    def __init__(self) -> None:
        self.pieces: list[str] = []

    def write(self, text: str) -> int:
        self.pieces.append(text)
        return len(text)

    def text(self) -> str:
        return "".join(self.pieces)


def streamed(output: object) -> StreamedText:
    assert isinstance(output, StreamedText), type(output)
    return output


@pytest.mark.parametrize("days", DAYS, ids=DAY_IDS)
@pytest.mark.parametrize("with_options", [False, True], ids=["plain", "baseline-skipped"])
def test_status_json_is_what_the_whole_text_was(
    portfolio: Portfolio, days: DayCounter, with_options: bool
) -> None:
    """``status --format json`` (and ``--all``) writes, byte for byte, the text built whole, with
    and without the fields of ``--baseline`` and ``--skip-invalid``."""
    baseline, skipped = options_of(portfolio)
    for include_all in (False, True):
        report = build_status_report(portfolio, TODAY, days=days, include_all=include_all)
        if with_options:
            report = report._replace(baseline=baseline, skipped=skipped)
        expected = status_json_built_whole(report)
        assert streamed(render_status_json(report)).text() == expected
        records = [
            entry | protocol_csv_fields(row.item)
            for entry, row in zip(json.loads(expected)["items"], report.items, strict=True)
        ]
        assert render_status_csv(report).text(";") == csv_built_whole(
            records, render_status_csv(report).columns, ";"
        )


@pytest.mark.parametrize("days", DAYS, ids=DAY_IDS)
def test_critical_json_is_what_the_whole_text_was(portfolio: Portfolio, days: DayCounter) -> None:
    """``critical --format json`` of every roadmap, and of one, with and without
    ``--skip-invalid``, is the text built whole."""
    _, skipped = options_of(portfolio)
    for roadmap in (None, portfolio.roadmaps[3].id):
        plain = build_critical_report(portfolio, TODAY, roadmap, days)
        for report in (plain, dataclasses.replace(plain, skipped=skipped)):
            text = streamed(render_critical_json(report)).text()
            assert text == critical_json_built_whole(report)


def test_export_json_csv_and_ics_are_what_the_whole_text_was(portfolio: Portfolio) -> None:
    """``export`` in JSON, CSV (both dialects) and ICS, of everyone and of one owner, with and
    without ``--skip-invalid``: the text built whole; the ICS is the calendar holding every
    event, serialised by ``icalendar`` in one piece."""
    _, skipped = options_of(portfolio)
    owner = portfolio.items[0].owner
    for report in (
        build_export(portfolio, TODAY),
        build_export(portfolio, TODAY, owner=owner),
        build_export(portfolio, TODAY, skipped=skipped),
    ):
        expected = export_json_built_whole(report)
        assert streamed(render_export_json(report)).text() == expected
        table = render_export_csv(report)
        records = [
            entry | protocol_csv_fields(row.item)
            for entry, row in zip(json.loads(expected)["items"], report.rows, strict=True)
        ]
        for delimiter in (",", ";"):
            whole = csv_built_whole(records, table.columns, delimiter)
            assert table.text(delimiter) == whole
        calendar = deadline_calendar(report)
        roadmaps = {roadmap.id: roadmap for roadmap in report.roadmaps}
        for row in report.rows:
            calendar.add_component(deadline_event(row, roadmaps.get(row.item.roadmap)))
        assert streamed(render_export_ics(report)).text() == calendar.to_ical().decode("utf-8")


def test_large_outputs_are_written_in_pieces_of_bounded_size(portfolio: Portfolio) -> None:
    """The stream gets the text a few hundred items at a time: for 2,000 items, several writes,
    none larger than about 150 records, and the same text as `StreamedText.text`."""
    status = build_status_report(portfolio, TODAY, include_all=True)
    export = build_export(portfolio, TODAY)
    for output, most in (
        (render_status_json(status), 200_000),
        (render_critical_json(build_critical_report(portfolio, TODAY, None)), 200_000),
        (render_export_json(export), 200_000),
        (render_export_ics(export), 150_000),
    ):
        stream = CountingStream()
        streamed(output).write_to(stream)
        total = sum(len(piece) for piece in stream.pieces)
        assert stream.text() == streamed(output).text()
        assert total > 3 * most
        assert len(stream.pieces) > total // most
        assert max(len(piece) for piece in stream.pieces) <= most
    rows = render_export_csv(export).rows
    assert not isinstance(rows, list)  # made while written
    assert sum(1 for _ in rows) == sum(1 for _ in rows) == len(export.rows)  # and again


PLAIN = st.none() | st.booleans() | st.integers() | st.text() | st.floats()
VALUES = st.recursive(
    PLAIN,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(), inner, max_size=4)
        | st.dictionaries(st.integers(), inner, max_size=2)  # left to json.dumps
    ),
    max_leaves=20,
)


@given(st.dictionaries(st.text(), st.tuples(st.booleans(), st.lists(VALUES, max_size=4))))
def test_write_json_writes_what_to_json_returns(fields: dict[str, tuple[bool, list[Any]]]) -> None:
    """`write_json` of a record whose arrays are made while written (`Elements`) writes what
    `to_json` returns for the same record with plain lists: for any data, values left to
    ``json.dumps`` (NaN, keys that are not text) included, and for an empty record."""
    record = {
        key: Elements(iter(value)) if lazy else value for key, (lazy, value) in fields.items()
    }
    plain = {key: value for key, (_, value) in fields.items()}
    stream = CountingStream()
    write_json(record, stream)
    assert stream.text() == to_json(plain)


def test_write_json_leaves_what_to_json_leaves_to_json_dumps() -> None:
    """A value `to_json` hands to ``json.dumps`` (NaN, an integer key) is written as
    ``json.dumps`` writes it in place, with the indentation of where it stands."""
    elements = [{"a": math.nan}, {1: [2.5, None]}, {"b": "ж"}]
    record = {"items": Elements(iter(elements)), "rest": {2: "x"}}
    stream = CountingStream()
    write_json(record, stream)
    assert stream.text() == to_json({"items": elements, "rest": {2: "x"}})
    assert stream.text() == json.dumps({"items": elements, "rest": {2: "x"}}, indent=2,
                                       ensure_ascii=False) + "\n"  # fmt: skip


@pytest.mark.parametrize("which", ["critical", "status --all"])
def test_a_group_of_tables_is_printed_member_by_member_with_the_same_lines(
    portfolio: Portfolio, which: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line prints a group of tables (one per roadmap, one per section) a member at
    a time, so Rich lays out one table at a time: the lines are those of the whole group
    printed at once."""
    from rich.console import Console, Group

    from sezctl.cli.output import emit
    from sezctl.render.table import render_critical_table, render_status_table

    if which == "critical":
        output = render_critical_table(build_critical_report(portfolio, TODAY, None))
    else:
        output = render_status_table(build_status_report(portfolio, TODAY, include_all=True))
    assert isinstance(output, Group) and len(output.renderables) > 3
    Console(highlight=False, emoji=False, markup=False).print(output)
    whole = capsys.readouterr().out
    emit(output)
    assert capsys.readouterr().out == whole
    assert whole.count("\n") > 2000
