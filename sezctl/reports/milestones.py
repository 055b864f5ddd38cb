"""The milestone trend of the meeting pack (the classic MTA chart): for each key milestone, its
deadline and its forecast finish as they were seen at each past weekly meeting, read from git.

Decisions kept here:

* The key milestones are the stages (items without a parent) of each roadmap of today's files;
  when a roadmap has more than :data:`KEY_MILESTONES`, the ones that end last (the later of
  the deadline and the forecast finish, today) are kept: those are the dates a roadmap is
  judged by.  The chart draws one panel per roadmap, so each keeps a readable scale; of more
  than :data:`KEY_ROADMAPS` roadmaps, those whose key milestones are forecast latest past their
  deadlines are kept (the panels a meeting must see), in file order.
* At most the last :data:`MEETINGS` meetings: each one costs a load of roadmap files as
  committed then (a file unchanged since the meeting before is not read again) and a
  forecast, and a quarter of weekly meetings is what the chart can show legibly; ``--weeks``
  lengthens the overdue trend only.
* A past meeting sees the roadmap files as committed at the end of its day in the project's
  time zone (the last commit on or before it, on the line walked) and the forecast made with
  that day as today, as the pack of that meeting did.  Today's meeting sees the files as they
  are now (uncommitted changes included, as the rest of the pack).
* A meeting before the first commit, or a milestone that did not exist yet, is ``None``: a gap
  on the chart, never a date invented for it.
* A past meeting's forecast of a key milestone reads only its roadmap's files and those of
  every roadmap it waits for, at any depth (:func:`read_past_portfolio`): a forecast finish
  depends on nothing else, and a 50,000-item past portfolio read whole on top of today's was
  the meeting pack's peak of memory.  Whenever the bytes cannot show that nothing else counts,
  every file is read, as before.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sezctl.core.dates import end_of
from sezctl.history import git
from sezctl.history.revision import load_at_commit
from sezctl.plan.days import CALENDAR_DAYS, DayCounter
from sezctl.plan.forecast import Forecast, compute_forecast
from sezctl.source.loader import FileMemo, load_roadmaps

if TYPE_CHECKING:
    from sezctl.core.model import Item, Portfolio
    from sezctl.history.changes import HistorySource

KEY_MILESTONES = 4
KEY_ROADMAPS = 6
MEETINGS = 12


@dataclass(frozen=True, slots=True)
class MilestoneSighting:
    """One milestone as one meeting saw it: its deadline and forecast finish (None: the
    milestone was not in the files then, or that meeting has no history)."""

    meeting: date
    due: date | None
    forecast: date | None


@dataclass(frozen=True, slots=True)
class MilestoneLine:
    """One key milestone across the meetings, oldest meeting first."""

    roadmap: str
    ref: str
    title: str
    sightings: list[MilestoneSighting]


@dataclass(frozen=True, slots=True)
class MilestoneTrend:
    """The milestone trend: the meeting days (oldest first), the key milestones, and the title
    of each roadmap (the charts name their bands and lines by it)."""

    meetings: list[date]
    lines: list[MilestoneLine]
    roadmap_titles: dict[str, str]


def _end_today(item: Item, finish: date | None) -> date:
    return max(item.due, finish) if finish is not None else item.due


def choose_key_milestones(
    portfolio: Portfolio,
    today: date,
    days: DayCounter,
    keep: Callable[[Item], bool] | None = None,
    forecast: Forecast | None = None,
) -> list[Item]:
    """The stages to follow, in roadmap and file order: each roadmap's stages, or the
    :data:`KEY_MILESTONES` of them that end last today; only those ``keep`` keeps (the
    pack's ``--roadmap`` / ``--owner``)."""
    if forecast is None:
        forecast = compute_forecast(portfolio, today, days)
    chosen: dict[str, list[Item]] = {}
    for roadmap in portfolio.roadmaps:
        stages = [
            item
            for item in portfolio.items
            if item.roadmap == roadmap.id and item.parent is None and (keep is None or keep(item))
        ]
        if not stages:
            continue
        ranked = sorted(
            stages, key=lambda item: (_end_today(item, forecast[item].finish), item.ref)
        )
        kept = set(ranked[-KEY_MILESTONES:])
        chosen[roadmap.id] = [item for item in stages if item in kept]

    def worst_slip(roadmap: str) -> int:
        return max(
            ((_end_today(item, forecast[item].finish) - item.due).days for item in chosen[roadmap]),
            default=0,
        )

    order = list(chosen)
    shown = sorted(order, key=lambda roadmap: (-worst_slip(roadmap), order.index(roadmap)))
    kept_roadmaps = set(shown[:KEY_ROADMAPS])
    return [item for roadmap in order if roadmap in kept_roadmaps for item in chosen[roadmap]]


def _sightings(
    portfolio: Portfolio,
    day: date,
    refs: list[str],
    days: DayCounter,
    forecast: Forecast | None = None,
) -> dict[str, MilestoneSighting]:
    by_ref = {item.ref: item for item in portfolio.items if item.ref in refs}
    if not by_ref:
        return {}
    if forecast is None:
        forecast = compute_forecast(portfolio, day, days)
    return {
        ref: MilestoneSighting(day, item.due, forecast[item].finish) for ref, item in by_ref.items()
    }


def read_past_portfolio(
    source: HistorySource,
    commit: str,
    today: Portfolio,
    roadmaps: set[str],
    memo: FileMemo | None = None,
) -> Portfolio:
    """The portfolio at ``commit`` as far as the forecast of the items of ``roadmaps`` reads
    it: the files that defined those roadmaps today, with those of every roadmap their items
    depend on at ``commit``, at any depth, and the files that define no roadmap today (the
    owners).  A finish is forecast from its item's prerequisites and tasks alone, so it is the
    one of the whole portfolio when no other file may define one of those roadmaps again: a
    file that names one, other than as ``roadmap/item``, or may name one in a way its bytes do
    not show (:func:`_may_hide_names`), has every file read (:func:`load_at_commit`), as has
    anything else the bytes cannot tell: a roadmap defined twice today or not where it was,
    one not defined today, a file over the size limit.
    ``memo``: the files read at the meeting before, not read again when unchanged."""
    if not source.specs or not roadmaps:
        return load_at_commit(source, commit, memo).portfolio
    contents = source.read_roadmap_files(commit)
    files: dict[str, Path] = {}
    for defined in today.roadmaps:
        if files.setdefault(defined.id, Path(defined.position.path)) != Path(defined.position.path):
            files.clear()  # defined in two files
            break
    if contents.too_large or not files:
        return load_at_commit(source, commit, memo).portfolio
    data = {Path(source.shown(name)): blob for name, blob in contents.data.items()}
    defining = set(files.values())
    always = {path for path in data if path not in defining}
    # Which files: each one read alone tells what its items depend on; then those files once
    # together.  Past half of the files, reading them all costs less.
    wanted = set(roadmaps)
    pending = sorted({files[roadmap] for roadmap in wanted if roadmap in files} | always)
    chosen: set[Path] = set()
    while pending:
        path = pending.pop()
        if path in chosen:
            continue
        if path not in data or 2 * len(chosen) > len(data):
            return load_at_commit(source, commit, memo).portfolio
        chosen.add(path)
        alone = load_roadmaps([path], {path: data[path]}, memo).portfolio
        for roadmap in {reference.roadmap for item in alone.items for reference in item.depends_on}:
            if roadmap not in wanted:
                wanted.add(roadmap)
                if roadmap not in files:
                    return load_at_commit(source, commit, memo).portfolio
                pending.append(files[roadmap])
    if any(roadmap not in files for roadmap in roadmaps):
        return load_at_commit(source, commit, memo).portfolio
    loaded = load_roadmaps(sorted(chosen), {path: data[path] for path in chosen}, memo).portfolio
    found = {roadmap.id for roadmap in loaded.roadmaps}
    needed = {reference.roadmap for item in loaded.items for reference in item.depends_on}
    if (
        not needed <= wanted
        or any(
            path not in chosen and (_may_hide_names(blob) or _names(wanted | found, blob))
            for path, blob in data.items()
        )
        or any(not _names({roadmap}, data[files[roadmap]]) for roadmap in found if roadmap in files)
    ):
        loaded = None  # type: ignore[assignment]
        _free_portfolio()
        return load_at_commit(source, commit, memo).portfolio
    return loaded


def _names(roadmaps: set[str], blob: bytes) -> bool:
    """Whether ``blob`` names one of ``roadmaps`` otherwise than in a ``roadmap/item``
    reference (a roadmap id is lowercase letters, digits and hyphens)."""
    pattern = re.compile(
        rb"(?<![a-z0-9-])(?:"
        + b"|".join(re.escape(name.encode()) for name in sorted(roadmaps, key=len, reverse=True))
        + rb")(?![a-z0-9/-])"
    )
    return pattern.search(blob) is not None


def _may_hide_names(blob: bytes) -> bool:
    """Whether ``blob`` may write a roadmap id that :func:`_names` cannot see in its bytes: a
    double-quoted YAML scalar writes any character as an escape (``"power\\x2Dgrid"``,
    ``"\\u0061"``) and joins two lines at a backslash that ends the first, so a file with
    both a double quote and a backslash may name any roadmap.  Nothing else can hide one: a
    plain, single-quoted or block scalar holds its text as written (a line it folds gains a
    space, which no id holds), and the loader refuses aliases, tags and every encoding but
    UTF-8 (``source.yaml_nodes``)."""
    return b"\\" in blob and b'"' in blob


def _free_portfolio() -> None:
    """Free a past portfolio let go of: its items refer to each other (a stage and its tasks),
    so only the cycle collector frees them, which sezctl runs seldom (``sezctl.__main__``):
    without this a 50,000-item pack held the last past portfolio (96 MiB) until it was written."""
    gc.collect()


def build_milestone_trend(
    source: HistorySource,
    portfolio: Portfolio,
    meetings: list[date],
    timezone: str,
    days: DayCounter = CALENDAR_DAYS,
    *,
    end: str = "HEAD",
    keep: Callable[[Item], bool] | None = None,
    forecast: Forecast | None = None,
) -> MilestoneTrend:
    """The trend of the key milestones of ``portfolio`` (today's files) at each of the last
    :data:`MEETINGS` of ``meetings`` (oldest first, the last one today); the past ones are read
    from git at the last commit on or before each day, on the first-parent line of ``end``."""
    meetings = meetings[-MEETINGS:]
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(timezone)
    today = meetings[-1] if meetings else None
    key = choose_key_milestones(portfolio, today, days, keep, forecast) if today is not None else []
    refs = [item.ref for item in key]
    key_roadmaps = {item.roadmap for item in key}
    past = [day for day in meetings if day != today]
    moments = [end_of(day, zone) for day in past]
    commits = dict(zip(past, git.last_commits_before(source.root, moments, end), strict=True))
    # One past portfolio at a time: meetings are in order, so a commit's meetings come together.
    # A file unchanged since the meeting before is not read again (`memo`).
    loaded: tuple[str, Portfolio] | None = None  # the last past portfolio read, by commit
    memo = FileMemo()
    seen: list[dict[str, MilestoneSighting]] = []
    for day in meetings:
        if day == today:
            seen.append(_sightings(portfolio, day, refs, days, forecast))
            continue
        commit = commits[day]
        if commit is None:
            seen.append({})
            continue
        if loaded is None or loaded[0] != commit:
            if loaded is not None:
                loaded = None
                _free_portfolio()  # before the next is read
            memo.next_round()
            loaded = (commit, read_past_portfolio(source, commit, portfolio, key_roadmaps, memo))
        seen.append(_sightings(loaded[1], day, refs, days))
    del memo
    if loaded is not None:
        loaded = None
        _free_portfolio()
    lines = [
        MilestoneLine(
            item.roadmap,
            item.ref,
            item.title,
            [
                sightings.get(item.ref) or MilestoneSighting(day, None, None)
                for day, sightings in zip(meetings, seen, strict=True)
            ],
        )
        for item in key
    ]
    titles = {roadmap.id: roadmap.title for roadmap in portfolio.roadmaps}
    return MilestoneTrend(list(meetings), lines, titles)
