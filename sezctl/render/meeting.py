"""Renderers of the meeting pack (``sezctl report``): JSON, Markdown, and one self-contained
HTML page for the meeting-room screen.

The HTML page has inline CSS and inline SVG only: no script, no external asset, nothing fetched
from the network.  Every piece of user text goes through :func:`html.escape` (quotes too), so a
title such as ``<script>`` is shown as text.  Figures carry ``data-figure`` attributes so a test
can read them back from the rendered page and compare them with the JSON.

The Markdown and HTML packs are written in the language of the run: every heading, column name,
label and tooltip is made here with ``_()`` / ``ngettext()`` when the pack is rendered (the
tables are declared once, in :func:`pack_tables`, so both formats share their words), dates for
people go through :func:`format_day` and the page says its language in ``<html lang>``.  The
JSON never changes with the language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from html import escape
from typing import Any, Generic, TypeVar

from sezctl.core.i18n import _, format_day, language, localize, ngettext
from sezctl.history.changes import ItemDifference
from sezctl.render.agenda import CONTROL_LABELS
from sezctl.render.charts import (
    TrendWeek,
    milestone_trend_record,
    render_milestone_trend_svg,
    render_overdue_trend_svg,
    render_timeline_svg,
)
from sezctl.render.discipline import discipline_record, percent_text
from sezctl.render.markdown import escape_markdown, markdown_table, render_skipped_markdown
from sezctl.render.mermaid import escape_mermaid
from sezctl.render.pack_style import SCREEN_CSS, print_css
from sezctl.render.records import Elements, add_skipped, decision_record, write_json
from sezctl.render.skipped import mark, render_skipped_html
from sezctl.render.streamed import StreamedText, TextStream
from sezctl.render.text import count_days, iso_date, one_line, reason_text, signed_days
from sezctl.reports.agenda import Control, PointControl
from sezctl.reports.discipline import OwnerDiscipline, control_deadline
from sezctl.reports.meeting import (
    Decision,
    DecisionReason,
    MeetingPack,
    StageBar,
    TrendPoint,
)
from sezctl.reports.status import ItemRow
from sezctl.source.config import WORKING


def _row_record(row: ItemRow, pack: MeetingPack) -> dict[str, Any]:
    item = row.item
    return {
        "ref": item.ref,
        "title": item.title,
        "owner": item.owner,
        "owner_name": row.owner_name,
        "due": item.due.isoformat(),
        "baseline": control_deadline(item).isoformat(),
        "overdue_days": row.slippage.overdue_days,
        "days_left": row.slippage.days_left,
    }


def _change_record(change: ItemDifference, pack: MeetingPack) -> dict[str, Any]:
    commit = change.commit
    return {
        "ref": change.ref,
        "title": change.title,
        "owner": change.owner,
        "old": iso_date(change.old) if isinstance(change.old, date) else change.old,
        "new": iso_date(change.new) if isinstance(change.new, date) else change.new,
        "days": change.days,
        "commit": commit.commit if commit else None,
        "author": commit.author if commit else None,
        "date": commit.date if commit else None,
        "reason": commit.message if commit else None,
        "decision": decision_record(change.record, pack.book),
        "recorded": change.record is not None,
    }


def _risk_record(row: ItemRow, pack: MeetingPack) -> dict[str, Any]:
    forecast = row.forecast
    return _row_record(row, pack) | {
        "forecast": iso_date(forecast.finish),
        "slip_days": forecast.slip_days,
        "driver": forecast.driver.ref if forecast.driver else None,
        "root_cause": forecast.root_cause.ref if forecast.root_cause else None,
    }


def _decision_record(decision: Decision, pack: MeetingPack) -> dict[str, Any]:
    return _row_record(decision.row, pack) | {
        "reason": decision.reason,
        "forecast": decision.finish.isoformat(),
        "limit": decision.limit.isoformat(),
        "successor": decision.other.ref if decision.other else None,
    }


def _point_record(point: PointControl) -> dict[str, Any]:
    item = point.item
    origin = item.origin
    assert origin is not None
    return {
        "ref": item.ref,
        "title": item.title,
        "owner": item.owner,
        "protocol_date": origin.date.isoformat(),
        "due": item.due.isoformat(),
        "control": point.control.value,
        "carried": point.carried,
        "closed": iso_date(point.closed),
        "overdue_days": point.row.slippage.overdue_days,
    }


def _stage_record(bar: StageBar) -> dict[str, Any]:
    return {
        "roadmap": bar.roadmap,
        "ref": bar.ref,
        "title": bar.title,
        "owner": bar.owner,
        "start": iso_date(bar.start),
        "due": bar.due.isoformat(),
        "baseline": iso_date(bar.baseline),
        "finish": iso_date(bar.finish),
        "finish_kind": bar.finish_kind,
        "status": bar.status,
    }


def _trend_record(point: TrendPoint) -> dict[str, Any]:
    return {
        "date": point.day.isoformat(),
        "overdue": point.overdue,
        "overdue_days": point.overdue_days,
    }


def meeting_record(pack: MeetingPack) -> dict[str, Any]:
    """The pack as JSON: every section's figures, keys in English, dates ISO (docs/git.md
    lists them)."""
    headline = pack.headline
    discipline = pack.discipline
    period = discipline.period
    record: dict[str, Any] = {
        "title": pack.title,
        "today": pack.today.isoformat(),
        "days": pack.day_kind,
        "filters": {"roadmaps": list(pack.roadmaps), "owners": list(pack.owners)},
        "since": {
            "label": pack.since_label,
            "commit": pack.since_commit,
            "earlier_state": pack.earlier_state,
        },
        "overdue": headline.overdue,
        "overdue_days": headline.overdue_days,
        "baseline_overdue": headline.baseline_overdue,
        "baseline_overdue_days": headline.baseline_overdue_days,
        "at_risk": headline.at_risk,
        "hidden_delay_days": headline.hidden_days,
        "newly_overdue": [_row_record(row, pack) for row in pack.newly_overdue],
        "completed": [_change_record(change, pack) for change in pack.completed],
        "deadlines_moved": [_change_record(change, pack) for change in pack.moved],
        "reassigned": [_change_record(change, pack) for change in pack.reassigned],
        "added": [_change_record(change, pack) for change in pack.added],
        "removed": [_change_record(change, pack) for change in pack.removed],
        "at_risk_next": [_risk_record(row, pack) for row in pack.at_risk],
        "decisions": [_decision_record(decision, pack) for decision in pack.decisions],
        "points": [_point_record(point) for point in pack.points],
        "discipline": {
            "period": {"from": period.first.isoformat(), "to": period.last.isoformat()},
            "owners": [discipline_record(row) for row in discipline.rows],
            "total": discipline_record(discipline.total),
        },
        "next_meeting": pack.next_meeting.isoformat(),
        "due_next": [_row_record(row, pack) for row in pack.due_next],
        "stages": [_stage_record(bar) for bar in pack.stages],
        "trend": [_trend_record(point) for point in pack.trend],
        "milestones": milestone_trend_record(pack.milestones),
    }
    add_skipped(record, pack.skipped, record["newly_overdue"], record["due_next"])
    return record


def render_meeting_json(pack: MeetingPack) -> StreamedText:
    """:func:`meeting_record` as ``to_json`` writes it, the text of its longest arrays written a
    few hundred records at a time (50,000 items: 10 MB, 56 MiB more held whole)."""
    return StreamedText(partial(_write_meeting_json, pack))


def _write_meeting_json(pack: MeetingPack, stream: TextStream) -> None:
    record = meeting_record(pack)
    for key in ("at_risk_next", "decisions", "stages"):
        record[key] = Elements(record[key])
    write_json(record, stream)


def _headers(pack: MeetingPack) -> dict[str, str]:
    """The words for the pack's day counts: in days or in working days (``days = "working"``),
    each a whole phrase of its own so that every language can word it.  A deadline's move stays
    in calendar days: it is the distance between two dates."""
    working = pack.day_kind == WORKING
    return {
        "overdue": _("Working days overdue") if working else _("Days overdue"),
        "left": _("Working days left") if working else _("Days left"),
        "slip": _("Forecast slip, working days") if working else _("Forecast slip, days"),
        "moved": _("Calendar days") if working else _("Days"),
        "days_moved": _("Working days moved") if working else _("Days moved"),
        "legend": (_("working days overdue, added up") if working else _("days overdue, added up")),
    }


def _count_phrase(count: int, day_kind: str) -> str:
    if day_kind == WORKING:
        return ngettext("{count} working day", "{count} working days", count)
    return ngettext("{count} day", "{count} days", count)


def _as_is(text: str) -> str:
    return text


def _plain_figure(name: str, number: int) -> str:
    return str(number)


def overdue_now_line(
    items: int,
    days: int,
    day_kind: str,
    figure: Callable[[str, int], str] = _plain_figure,
    safe: Callable[[str], str] = _as_is,
) -> str:
    """ "Overdue now: 2 items, 16 days in total.", each count with the plural form of the
    language (Russian: 1 мероприятие, 2 мероприятия, 5 мероприятий); ``figure`` and ``safe``
    as for :func:`headline_lines`."""
    items_phrase = ngettext("{count} item", "{count} items", items)
    return safe(_("Overdue now: {items}, {days} in total.")).format(
        items=safe(items_phrase).format(count=figure("overdue", items)),
        days=safe(_count_phrase(days, day_kind)).format(count=figure("overdue_days", days)),
    )


def headline_lines(
    pack: MeetingPack,
    figure: Callable[[str, int], str] = _plain_figure,
    safe: Callable[[str], str] = _as_is,
) -> list[str]:
    """The headline's sentences, each count with the plural form of the language (Russian:
    1 мероприятие, 2 мероприятия, 5 мероприятий).  ``figure(name, number)`` writes a number
    as the format shows it (bold in Markdown, a ``data-figure`` span in HTML); ``safe`` makes
    the translated words safe for the format (HTML escaping)."""
    headline, kind = pack.headline, pack.day_kind

    def items(name: str, count: int) -> str:
        phrase = ngettext("{count} item", "{count} items", count)
        return safe(phrase).format(count=figure(name, count))

    def days(name: str, count: int) -> str:
        return safe(_count_phrase(count, kind)).format(count=figure(name, count))

    return [
        overdue_now_line(headline.overdue, headline.overdue_days, kind, figure, safe),
        safe(_("Against the approved deadlines: {items} overdue, {days} in total.")).format(
            items=items("baseline_overdue", headline.baseline_overdue),
            days=days("baseline_overdue_days", headline.baseline_overdue_days),
        ),
        safe(_("Delay hidden by moved deadlines: {days}.")).format(
            days=days("hidden_delay_days", headline.hidden_days)
        ),
        safe(_("At risk (forecast to miss the deadline): {items}.")).format(
            items=items("at_risk", headline.at_risk)
        ),
    ]


def lead_text(pack: MeetingPack) -> str:
    """The lead line under the title: the previous meeting by its day ("since the meeting of
    26.11.2026") or by the revision as it was given; never a commit hash."""
    today = format_day(pack.today)
    if pack.since_day is None:
        return _("Meeting pack for {day}, changes since {since}.").format(
            day=today, since=one_line(localize(pack.since_label))
        )
    return _("Meeting pack for {day}, changes since the meeting of {previous}.").format(
        day=today, previous=format_day(pack.since_day)
    )


def changes_heading(pack: MeetingPack) -> str:
    if pack.since_day is None:
        return _("What changed since {since}").format(since=one_line(localize(pack.since_label)))
    return _("What changed since the meeting of {day}").format(day=format_day(pack.since_day))


def no_history_text() -> str:
    return _(
        "No earlier record: git holds no state of the roadmaps from before the previous "
        "meeting, so the changes since it cannot be shown."
    )


def _day_cell(value: object) -> str:
    """A date for people; anything else (there is none today) as it is."""
    return format_day(value) if isinstance(value, date) else str(value)


def _trend_cell(value: int | None) -> str:
    return _("no data") if value is None else str(value)


# -- the tables, declared once ----------------------------------------------------------------

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    """One column of a pack table: its ``data-field`` name in HTML, its header, and the text of
    its cell for a row.  ``text`` cells hold user text (escaped for each format); the others
    hold figures and dates.  Both packs show every column: the Markdown pack keeps the titles
    too, since an id alone does not tell a clerk which work it is."""

    field: str
    header: str
    cell: Callable[[R], str]
    numeric: bool = False
    text: bool = True
    css: str | None = None


@dataclass(frozen=True, slots=True)
class PackTable(Generic[R]):
    """One table of the pack: its ``data-figure`` name, its heading, its columns and rows;
    ``level`` 3 for the parts of "what changed since the last meeting"."""

    figure: str
    heading: str
    columns: list[Column[R]]
    rows: Sequence[R]
    level: int = 2


@dataclass(frozen=True, slots=True)
class PackSection:
    """One section of the pack: a heading, sentences under it, and its tables."""

    name: str
    heading: str
    notes: list[str]
    tables: list[PackTable[Any]]


def _reason(change: ItemDifference) -> str:
    return change.commit.message if change.commit else _("uncommitted")


def _decision_text(decision: Decision) -> str:
    limit = format_day(decision.limit)
    if decision.reason == DecisionReason.SUCCESSOR and decision.other is not None:
        return _("the start of {item} ({day})").format(item=decision.other.ref, day=limit)
    if decision.reason == DecisionReason.ROADMAP_END:
        return _("the roadmap's last deadline ({day})").format(day=limit)
    return _("its own deadline ({day}), with no slack left").format(day=limit)


def _control_cell(point: PointControl, day_kind: str) -> str:
    label = _(CONTROL_LABELS[point.control])
    slip = point.row.slippage
    if point.control is Control.OVERDUE and slip.overdue_days is not None:
        return _("{label} by {days}").format(
            label=label, days=count_days(slip.overdue_days, day_kind)
        )
    if point.control in (Control.EXECUTED, Control.OFF_CONTROL) and point.closed is not None:
        return _("{label} {day}").format(label=label, day=format_day(point.closed))
    return label


def _carried_cell(point: PointControl) -> str:
    if not point.item.is_open:
        return "—"
    return ngettext("{count} meeting", "{count} meetings", point.carried).format(
        count=point.carried
    )


def pack_sections(pack: MeetingPack) -> list[PackSection]:
    """The pack's sections in the order both the Markdown and the HTML pack show them (the
    headline and the charts are laid out by each format around them)."""
    words = _headers(pack)
    label = pack.owner_label
    item_header, title_header, owner_header = _("Item"), _("Title"), _("Owner")
    ref: Column[ItemRow] = Column(
        "ref", item_header, lambda r: r.item.ref + mark(pack.skipped, r.item.ref)
    )
    title: Column[ItemRow] = Column("title", title_header, lambda r: r.item.title)
    owner: Column[ItemRow] = Column("owner", owner_header, lambda r: label(r.item.owner))
    due: Column[ItemRow] = Column("due", _("Due"), lambda r: format_day(r.item.due), text=False)
    change_ref: Column[ItemDifference] = Column("ref", item_header, lambda m: m.ref)
    change_title: Column[ItemDifference] = Column("title", title_header, lambda m: m.title)
    change_owner: Column[ItemDifference] = Column("owner", owner_header, lambda m: label(m.owner))
    who: Column[ItemDifference] = Column(
        "author", _("Who"), lambda m: m.commit.author if m.commit else ""
    )
    reason: Column[ItemDifference] = Column("reason", _("Reason (commit message)"), _reason)
    # A move or a hand-over: the reason and decision the files record, or "no recorded
    # decision" and the commit's message for a hand edit (render/text.py words it everywhere).
    recorded: Column[ItemDifference] = Column(
        "recorded", _("Decision"), lambda m: reason_text(m.record, m.commit, True, pack.book)
    )
    newly: PackTable[ItemRow] = PackTable(
        "newly_overdue",
        _("Newly overdue"),
        [
            ref, title, owner, due,
            Column("overdue_days", words["overdue"], lambda r: str(r.slippage.overdue_days),
                   numeric=True, text=False, css="late"),
        ],
        pack.newly_overdue,
        3,
    )  # fmt: skip
    completed: PackTable[ItemDifference] = PackTable(
        "completed", _("Completed"), [change_ref, change_title, change_owner, who, reason],
        pack.completed, 3,
    )  # fmt: skip
    moved: PackTable[ItemDifference] = PackTable(
        "deadlines_moved",
        _("Deadlines moved"),
        [
            change_ref, change_owner,
            Column("old", _("Was"), lambda m: _day_cell(m.old), text=False),
            Column("new", _("Now"), lambda m: _day_cell(m.new), text=False),
            Column("days", words["moved"], lambda m: signed_days(m.days), numeric=True, text=False),
            recorded, who,
        ],
        pack.moved,
        3,
    )  # fmt: skip
    reassigned: PackTable[ItemDifference] = PackTable(
        "reassigned",
        _("Reassigned"),
        [
            change_ref, change_title,
            Column("old", _("Was responsible"), lambda m: label(str(m.old))),
            Column("new", _("Now responsible"), lambda m: label(str(m.new))),
            recorded, who,
        ],
        pack.reassigned,
        3,
    )  # fmt: skip
    added: PackTable[ItemDifference] = PackTable(
        "added", _("Added"), [change_ref, change_title, change_owner, who, reason], pack.added, 3
    )
    removed: PackTable[ItemDifference] = PackTable(
        "removed", _("Removed"), [change_ref, change_title, change_owner, who, reason],
        pack.removed, 3,
    )  # fmt: skip
    at_risk: PackTable[ItemRow] = PackTable(
        "at_risk_next",
        _("At risk next"),
        [
            ref, title, owner, due,
            Column("forecast", _("Forecast"), lambda r: _day_cell(r.forecast.finish), text=False),
            Column("slip_days", words["slip"], lambda r: str(r.forecast.slip_days),
                   numeric=True, text=False, css="late"),
            Column("driver", _("Pushed by"),
                   lambda r: r.forecast.driver.ref if r.forecast.driver else "—"),
            Column("root_cause", _("Delay starts at"),
                   lambda r: r.forecast.root_cause.ref if r.forecast.root_cause else "—"),
        ],
        pack.at_risk,
    )  # fmt: skip
    decisions: PackTable[Decision] = PackTable(
        "decisions",
        _("Decisions the meeting must take"),
        [
            Column("ref", item_header, lambda d: d.row.item.ref),
            Column("title", title_header, lambda d: d.row.item.title),
            Column("owner", owner_header, lambda d: label(d.row.item.owner)),
            Column("due", _("Due"), lambda d: format_day(d.row.item.due), text=False),
            Column("forecast", _("Forecast"), lambda d: format_day(d.finish), text=False),
            Column("limit", _("Passes"), _decision_text),
        ],
        pack.decisions,
    )
    points: PackTable[PointControl] = PackTable(
        "points",
        _("Protocol instructions on control"),
        [
            Column("ref", _("Instruction"), lambda p: p.item.ref),
            Column("title", title_header, lambda p: p.item.title),
            Column("owner", owner_header, lambda p: label(p.item.owner)),
            Column("due", _("Due"), lambda p: format_day(p.item.due), text=False),
            Column("control", _("Control status"), lambda p: _control_cell(p, pack.day_kind)),
            Column("carried", _("Carried"), _carried_cell, numeric=True, text=False),
        ],
        pack.points,
    )
    discipline: PackTable[OwnerDiscipline] = PackTable(
        "discipline",
        _discipline_heading(pack),
        [
            Column("owner", owner_header, lambda o: label(o.owner.id) if o.owner else ""),
            Column("due", _("Due in period"), lambda o: str(o.due), numeric=True, text=False),
            Column("on_time", _("On time"), lambda o: str(o.on_time), numeric=True, text=False),
            Column("late", _("Done late"), lambda o: str(o.late), numeric=True, text=False),
            Column("missed", _("Missed"), lambda o: str(o.missed), numeric=True, text=False),
            Column("on_time_percent", _("On-time rate"),
                   lambda o: percent_text(o.on_time_percent), numeric=True, text=False),
            Column("moves", _("Moves"), lambda o: str(o.moves), numeric=True, text=False),
            Column("days_moved", words["days_moved"],
                   lambda o: f"{o.days_moved:+d}" if o.days_moved else "0",
                   numeric=True, text=False),
            Column("off_control", _("Off control"), lambda o: str(o.off_control),
                   numeric=True, text=False),
        ],
        pack.discipline.rows,
    )  # fmt: skip
    due_next: PackTable[ItemRow] = PackTable(
        "due_next",
        _("Due before the next meeting ({day})").format(day=format_day(pack.next_meeting)),
        [
            ref, title, owner, due,
            Column("days_left", words["left"], lambda r: str(r.slippage.days_left),
                   numeric=True, text=False),
        ],
        pack.due_next,
    )  # fmt: skip
    trend: PackTable[TrendPoint] = PackTable(
        "trend",
        _("Slippage trend"),
        [
            Column("date", _("Week ending"), lambda p: format_day(p.day), text=False),
            Column("overdue", _("Overdue items"), lambda p: _trend_cell(p.overdue),
                   numeric=True, text=False),
            Column("overdue_days", words["overdue"], lambda p: _trend_cell(p.overdue_days),
                   numeric=True, text=False),
        ],
        pack.trend,
    )  # fmt: skip
    changed_heading = changes_heading(pack)
    changed = PackSection(
        "changes",
        changed_heading,
        [no_history_text()] if not pack.earlier_state else [],
        [newly, completed, moved, reassigned, added, removed] if pack.earlier_state else [],
    )
    sections = [
        changed,
        PackSection("at_risk_next", at_risk.heading, [], [at_risk]),
        PackSection("decisions", decisions.heading, [], [decisions]),
    ]
    if pack.points or pack.has_protocols:
        sections.append(PackSection("points", points.heading, [], [points]))
    sections += [
        PackSection("discipline", discipline.heading, [], [discipline]),
        PackSection("due_next", due_next.heading, [], [due_next]),
        PackSection("trend", trend.heading, [], [trend]),
    ]
    return sections


def _discipline_heading(pack: MeetingPack) -> str:
    period = pack.discipline.period
    return _("Executive discipline by owner, {first}–{last}").format(
        first=format_day(period.first), last=format_day(period.last)
    )


# -- Markdown -----------------------------------------------------------------------------------


def _markdown_table(table: PackTable[Any], single: bool) -> list[str]:
    """A table under its heading (none when it is its section's only table: the section's
    heading says it)."""
    columns = table.columns
    lines = [] if single else ["#" * table.level + f" {table.heading}", ""]
    if not table.rows:
        return [*lines, _("None."), ""]
    rows = [
        [
            escape_markdown(column.cell(row)) if column.text else column.cell(row)
            for column in columns
        ]
        for row in table.rows
    ]
    return [*lines, *markdown_table([column.header for column in columns], rows).splitlines(), ""]


def stages_mermaid(pack: MeetingPack) -> list[str]:
    """The stage timeline as a Mermaid ``gantt`` block: one section per roadmap, each stage from
    its start to its current deadline (``done``, ``crit`` when overdue), a ``crit`` bar on to
    the forecast finish when it is later, and a milestone on the approved deadline when the
    deadline was moved."""
    lines = [
        "```mermaid",
        "gantt",
        f"    title {escape_mermaid(_('Stages: planned against actual or forecast'))}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %m.%Y",
        "    inclusiveEndDates",
    ]
    roadmap = None
    for bar in pack.stages:
        if bar.roadmap != roadmap:
            roadmap = bar.roadmap
            title = pack.roadmap_titles.get(roadmap, roadmap)
            lines.append(f"    section {escape_mermaid(title)}")
        tags = []
        if bar.finish_kind == "done":
            tags.append("done")
        elif bar.due < pack.today:
            tags.append("crit")
        if bar.start is None or bar.start > bar.due:
            span = ["milestone", bar.due.isoformat(), "0d"]
        else:
            span = [bar.start.isoformat(), bar.due.isoformat()]
        lines.append(f"    {escape_mermaid(bar.title)} :{', '.join([*tags, *span])}")
        if bar.baseline is not None:
            approved = _("{title}: approved deadline").format(title=bar.title)
            lines.append(
                f"    {escape_mermaid(approved)} :milestone, {bar.baseline.isoformat()}, 0d"
            )
        if bar.finish_kind == "forecast" and bar.finish is not None and bar.finish > bar.due:
            late = _("{title}: forecast").format(title=bar.title)
            after = bar.due + timedelta(days=1)
            lines.append(
                f"    {escape_mermaid(late)} :crit, {after.isoformat()}, {bar.finish.isoformat()}"
            )
    return [*lines, "```"]


def render_meeting_markdown(pack: MeetingPack) -> str:
    lead = escape_markdown(lead_text(pack))
    lines = [f"# {escape_markdown(localize(pack.title))}", "", lead, ""]
    if notice := render_skipped_markdown(pack.skipped):
        lines += [*notice.rstrip("\n").split("\n"), ""]
    figures = headline_lines(pack, lambda _name, n: f"**{n}**", escape_markdown)
    lines += [f"- {line}" for line in figures] + [""]
    for section in pack_sections(pack):
        if section.name == "trend" and pack.stages:
            lines += [f"## {_('Stages: planned against actual or forecast')}", ""]
            lines += [*stages_mermaid(pack), ""]
        lines += [f"## {escape_markdown(section.heading)}", ""]
        lines += [line for note in section.notes for line in (escape_markdown(note), "")]
        single = len(section.tables) == 1
        for table in section.tables:
            lines += _markdown_table(table, single)
    return "\n".join(lines).rstrip("\n") + "\n"


# -- HTML ---------------------------------------------------------------------------------------

CSS = """
body{font-family:system-ui,sans-serif;margin:24px;color:#1b1f24;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px}
.lead{color:#444;margin:0 0 12px}.big{font-size:22px;font-weight:700}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
td[data-field=due],td[data-field=old],td[data-field=new],td[data-field=date]{white-space:nowrap}.late{color:#b00020;font-weight:600}
.none{color:#666}svg text{font-family:system-ui,sans-serif;font-size:11px}
.skipped{border-left:4px solid #b00020;padding:4px 12px;margin:12px 0;background:#fff5f5}
"""


def _e(text: object) -> str:
    return escape(one_line(str(text)), quote=True)


def _html_table(table: PackTable[Any]) -> str:
    """A table with ``data-figure`` and ``data-field`` names, so tests can read figures back."""
    if not table.rows:
        none = _e(_("None."))
        return f'<p class="none" data-figure="{table.figure}" data-rows="0">{none}</p>'
    head = "".join(f"<th>{escape(column.header)}</th>" for column in table.columns)
    body = []
    for row in table.rows:
        cells = []
        for column in table.columns:
            value = _e(column.cell(row))
            if column.css:
                value = f'<span class="{column.css}">{value}</span>'
            numeric = " class=n" if column.numeric else ""
            cells.append(f'<td data-field="{column.field}"{numeric}>{value}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<table data-figure="{table.figure}" data-rows="{len(table.rows)}"><thead><tr>{head}'
        f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _trend_weeks(trend: list[TrendPoint]) -> list[TrendWeek]:
    """The overdue trend as the chart takes it (a week without history has None counts)."""
    return [TrendWeek(point.day, point.overdue, point.overdue_days) for point in trend]


def _html_figure(name: str, number: int) -> str:
    """A headline figure of the page, marked for tests to read back."""
    return f'<span class="big late" data-figure="{name}">{number}</span>'


def _escaped_template(template: str) -> str:
    """A translated template made safe for HTML; its ``{placeholders}`` survive escaping."""
    return escape(template, quote=True)


def render_meeting_html(pack: MeetingPack) -> StreamedText:
    """The page, its head and then each part of its body written in turn: the page whole (its
    text, then its bytes) is twice its 10 MB at 50,000 items."""
    return StreamedText(partial(_write_meeting_html, pack))


def _write_meeting_html(pack: MeetingPack, stream: TextStream) -> None:
    words = _headers(pack)
    title = localize(pack.title)
    page_word = _("page")  # before each printed page's number (render/pack_style.py)
    figures = headline_lines(pack, _html_figure, _escaped_template)
    body = [
        f"<h1>{_e(title)}</h1>",
        f'<p class="lead">{_e(lead_text(pack))}</p>',
        '<ul class="headline">' + "".join(f"<li>{line}</li>" for line in figures) + "</ul>",
    ]
    if notice := render_skipped_html(pack.skipped):
        body.append(notice)
    for section in pack_sections(pack):
        if section.name == "trend":
            body += [
                "<h2>" + _e(_("Stages: planned against actual or forecast")) + "</h2>",
                render_timeline_svg(pack.stages, pack.today, pack.roadmap_titles),
                "<h2>" + _e(_("Milestone trend")) + "</h2>",
                render_milestone_trend_svg(pack.milestones)
                if pack.milestones is not None
                else '<p class="none">' + _e(_("No history.")) + "</p>",
                f"<h2>{_e(section.heading)}</h2>",
                render_overdue_trend_svg(_trend_weeks(pack.trend), words["legend"]),
            ]
        else:
            body.append(f'<h2 data-section="{section.name}">{_e(section.heading)}</h2>')
        body += [f'<p class="note">{_e(note)}</p>' for note in section.notes]
        single = len(section.tables) == 1
        for table in section.tables:
            if not single:
                body.append(f"<h{table.level}>{_e(table.heading)}</h{table.level}>")
            body.append(_html_table(table))
    stream.write(
        f'<!DOCTYPE html>\n<html lang="{language()}"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_e(title)}: {_e(format_day(pack.today))}</title><style>{CSS}{SCREEN_CSS}"
        f"{print_css(f'{title}: {format_day(pack.today)}', page_word)}</style>"
        "</head><body>\n"
    )
    separator = ""
    for part in body:
        stream.write(separator + part)
        separator = "\n"
    stream.write("\n</body></html>\n")
