"""The meeting pack's charts as inline SVG: the stage timeline, the milestone trend (MTA) and
the overdue trend.  Pure functions from report data to one ``<svg>`` string each.

Decisions kept here:

* **Sized by viewBox.** Every chart has a ``viewBox`` and ``width:100%`` (no fixed pixel
  width), so it shrinks to a 760 px screen and widens to an A4 landscape page without being
  clipped; the coordinates below are viewBox units (one unit is one CSS pixel at 1000 px).
* **Readable on paper.** Every date is written on the chart (axes with month names, a labelled
  "today" line), never only in a tooltip; the series differ by dash pattern and marker shape as
  well as by colour, so a grey-scale print keeps them apart; every chart has a legend.
* **Nothing cut mid-word.** Text that does not fit is cut at a word boundary with an ellipsis
  (:func:`fit_label`); the full text is in the element's SVG ``<title>`` and in the pack's
  tables.  Widths are estimated from the text (:func:`text_width`), a little generously, since
  no script measures them in the page.
* **No invented data.** A week without history (``None``) is a gap in a line and a shaded
  "no data" band, never a 0.
* **Safe and self-contained.** Every piece of text goes through :func:`html.escape`; no script,
  no link, nothing fetched.  Words come from the catalog (month names too) when the chart is
  made, so a chart is in the language of the run.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from itertools import pairwise

from sezctl.core.i18n import N_, _, format_day
from sezctl.render.text import one_line
from sezctl.reports.meeting import StageBar
from sezctl.reports.milestones import MilestoneLine, MilestoneTrend

FONT_SIZE = 12
ELLIPSIS = "…"

MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)  # fmt: skip

# Colours that stay apart for the common colour blindnesses (Okabe-Ito), each line also with
# its own dash pattern and marker.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
DASHES = ("", "6 3", "2 3", "8 3 2 3")
TODAY_COLOUR = "#b00020"
GRID = "#e3e6ea"
INK = "#1b1f24"
MUTED = "#5f6b7a"

# Widths of characters as a fraction of the font size, for a sans-serif face; generous enough
# for DejaVu Sans (the usual fallback on Linux, wider than most), so that an estimate never lets
# two labels touch.
_NARROW = set(" .,:;'!|()[]ilIjtfr1")
_WIDE = set("mwMWЖШЩЮМФЫжшщюмфыӘәҮ—@%")


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """The width of ``text`` at ``size``, estimated from its characters."""
    units = sum(0.38 if char in _NARROW else 1.0 if char in _WIDE else 0.68 for char in text)
    return units * size


def fit_label(text: str, width: float, size: float = FONT_SIZE) -> str:
    """``text`` on one line within ``width``: whole, or cut after the last word that fits,
    followed by an ellipsis; never within a word (just the ellipsis when the first word alone
    is too long)."""
    text = one_line(text)
    if text_width(text, size) <= width:
        return text
    words = text.split(" ")
    kept: list[str] = []
    for word in words:
        trial = " ".join([*kept, word]).rstrip(",;:.-–—") + ELLIPSIS
        if text_width(trial, size) > width:
            break
        kept.append(word)
    return " ".join(kept).rstrip(",;:.-–—") + ELLIPSIS


def month_name(day: date) -> str:
    """The month of ``day`` in the language of the run."""
    return _(MONTHS[day.month - 1])


def month_starts(first: date, last: date) -> list[date]:
    """The first day of every month within ``first``..``last`` (both included)."""
    starts: list[date] = []
    year, month = first.year, first.month
    if first.day != 1:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    while True:
        start = date(year, month, 1)
        if start > last:
            return starts
        starts.append(start)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def month_label(day: date, with_year: bool) -> str:
    """A month start on an axis: its name, with its year when ``with_year``."""
    name = month_name(day)
    return f"{name} {day.year}" if with_year else name


def date_axis(first: date, last: date) -> list[tuple[date, bool]]:
    """The ticks of a date axis from ``first`` to ``last``: month starts, or every 7 days from
    ``first`` when the range is under two months (too short for months to tell apart); each
    with whether it is a month start (labelled by name) or a day (labelled by its date)."""
    if (last - first).days >= 62:
        return [(tick, True) for tick in month_starts(first, last)]
    count = (last - first).days // 7 + 1
    return [(date.fromordinal(first.toordinal() + 7 * index), False) for index in range(count)]


def axis_labels(ticks: Sequence[tuple[date, bool]], step: int) -> list[str | None]:
    """The labels of every ``step``-th tick (None for the others): month names, each with its
    year on the first label and wherever the year changes from the label before; days as
    dates for people."""
    labels: list[str | None] = []
    year = None
    for index, (tick, is_month) in enumerate(ticks):
        if index % step:
            labels.append(None)
        elif not is_month:
            labels.append(format_day(tick))
        else:
            labels.append(month_label(tick, tick.year != year))
            year = tick.year
    return labels


def choose_axis_labels(
    ticks: Sequence[tuple[date, bool]], positions: Sequence[float], *, upward: bool = False
) -> list[str | None]:
    """The axis labels that fit along ``positions`` without touching: across, by their widths
    (found with every label at its longest, with its year, so no label chosen can overlap the
    next); ``upward`` (positions are y, growing downwards), by their height."""
    if upward:
        step = label_every([-position for position in positions], [FONT_SIZE + 2.0] * len(ticks), 2)
        return axis_labels(ticks, step)
    longest = [
        month_label(tick, with_year=True) if is_month else format_day(tick)
        for tick, is_month in ticks
    ]
    step = label_every(positions, [text_width(label) for label in longest])
    return axis_labels(ticks, step)


def label_every(positions: Sequence[float], widths: Sequence[float], gap: float = 8) -> int:
    """The smallest step (1, 2, 3, 4, 6, 12, ...) at which every ``step``-th label, centred on
    its position, keeps ``gap`` from the next one."""
    for step in (1, 2, 3, 4, 6, 12, 24, 48):
        chosen = list(range(0, len(positions), step))
        if all(
            positions[b] - positions[a] >= (widths[a] + widths[b]) / 2 + gap
            for a, b in pairwise(chosen)
        ):
            return step
    return max(len(positions), 1)


def _e(text: object) -> str:
    return escape(one_line(str(text)), quote=True)


def _svg_open(label: str, width: float, height: float, figure: str) -> str:
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {width:g} {height:g}" '
        f'preserveAspectRatio="xMinYMin meet" data-chart="{figure}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{_e(label)}">'
        f"<title>{_e(label)}</title>"
    )


def _text(x: float, y: float, text: str, **attributes: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{_e(text)}</text>'


# -- the stage timeline ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateScale:
    """Days to x (or y) positions: ``first`` at ``start``, ``last`` at ``end``."""

    first: date
    last: date
    start: float
    end: float

    def __call__(self, day: date) -> float:
        span = max((self.last - self.first).days, 1)
        return self.start + (self.end - self.start) * (day - self.first).days / span


TIMELINE_WIDTH = 1000
LABEL_COLUMN = 290
ROW = 20


def _timeline_legend(y: float) -> tuple[list[str], float]:
    """The key of the timeline, one symbol and word per mark, laid out left to right (on as
    many lines as the language needs), and the y of its last line."""
    entries: list[tuple[str, str]] = [
        (
            '<rect x="0" y="-5" width="22" height="8" fill="#c5ccd3"/>',
            _("planned (start to deadline)"),
        ),
        (
            '<path d="M11 -9 L16 -1 L11 7 L6 -1 Z" fill="#fff" stroke="#6a1b9a" '
            'stroke-width="1.5"/>',
            _("approved deadline (baseline)"),
        ),
        (f'<rect x="9" y="-8" width="3" height="14" fill="{INK}"/>', _("current deadline")),
        (
            '<line x1="0" y1="-1" x2="22" y2="-1" stroke="#d55e00" stroke-width="4" '
            'stroke-dasharray="4 2"/><circle cx="22" cy="-1" r="4" fill="#fff" '
            'stroke="#d55e00" stroke-width="2"/>',
            _("forecast finish"),
        ),
        ('<circle cx="11" cy="-1" r="4.5" fill="#2e7d32"/>', _("done")),
        (
            f'<line x1="11" y1="-10" x2="11" y2="8" stroke="{TODAY_COLOUR}" stroke-width="1.5" '
            'stroke-dasharray="4 3"/>',
            _("today"),
        ),
    ]
    parts, x = [], 0.0
    for symbol, word in entries:
        needed = 30 + text_width(word) + 18
        if x + needed > TIMELINE_WIDTH:
            x, y = 0.0, y + 18
        parts.append(f'<g transform="translate({x:.1f} {y:.1f})">{symbol}</g>')
        parts.append(_text(x + 30, y + 3, word))
        x += needed
    return parts, y


def render_timeline_svg(
    stages: Sequence[StageBar], today: date, roadmap_titles: dict[str, str]
) -> str:
    """The stages on a dated axis: one band per roadmap headed by its title; for each stage the
    planned bar (start to current deadline), the approved deadline (baseline), the current
    deadline, and the forecast or actual finish; a labelled line at today."""
    if not stages:
        return '<p class="none">' + _e(_("No stages.")) + "</p>"
    days = [
        day
        for bar in stages
        for day in (bar.start, bar.due, bar.finish, bar.baseline)
        if day is not None
    ] + [today]
    first, last = min(days), max(days)
    first = date(first.year, first.month, 1)  # the axis starts on a month
    scale = DateScale(first, last, LABEL_COLUMN + 10, TIMELINE_WIDTH - 14)
    legend, legend_bottom = _timeline_legend(12)
    top = legend_bottom + 40  # the month axis above the rows
    bands: dict[str, list[StageBar]] = {}
    for bar in stages:
        bands.setdefault(bar.roadmap, []).append(bar)
    rows = sum(len(bars) + 1 for bars in bands.values())
    height = top + rows * ROW + 40
    label = _("Stages: planned against actual or forecast")
    parts = [_svg_open(label, TIMELINE_WIDTH, height, "timeline"), *legend]
    # The month axis: a grid line at every month start, the names where they fit.
    ticks = date_axis(first, last)
    names = choose_axis_labels(ticks, [scale(tick) for tick, _is_month in ticks])
    for (tick, _is_month), name in zip(ticks, names, strict=True):
        x = scale(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{height - 30}" stroke="{GRID}"/>'
        )
        if name is not None:
            parts.append(_text(x, top - 12, name, text_anchor="middle", fill=MUTED))
            parts.append(_text(x, height - 16, name, text_anchor="middle", fill=MUTED))
    y = float(top)
    for band, (roadmap, bars) in enumerate(bands.items()):
        band_height = (len(bars) + 1) * ROW
        if band % 2 == 0:
            parts.append(
                f'<rect x="0" y="{y:.1f}" width="{TIMELINE_WIDTH}" height="{band_height}" '
                'fill="#f5f7fa"/>'
            )
        title = roadmap_titles.get(roadmap, roadmap)
        parts.append(
            f"<g><title>{_e(title)}</title>"
            + _text(4, y + 14, fit_label(title, TIMELINE_WIDTH - 8), font_weight="700")
            + "</g>"
        )
        y += ROW
        for bar in bars:
            parts.append(_timeline_row(bar, y, scale))
            y += ROW
    x_today = scale(today)
    today_label = _("today {day}").format(day=format_day(today))
    anchor = "end" if x_today + text_width(today_label) / 2 > TIMELINE_WIDTH else "middle"
    parts.append(
        f'<line x1="{x_today:.1f}" y1="{top - 6}" x2="{x_today:.1f}" y2="{height - 30}" '
        f'stroke="{TODAY_COLOUR}" stroke-width="1.5" stroke-dasharray="4 3"/>'
        + _text(x_today, height - 5, today_label, text_anchor=anchor, fill=TODAY_COLOUR,
                font_weight="700", data_today=today.isoformat())
    )  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def _timeline_row(bar: StageBar, y: float, scale: DateScale) -> str:
    start = bar.start or bar.due
    mid = y + ROW / 2
    details = [
        _("{ref}: planned {start} to {due}").format(
            ref=bar.ref, start=format_day(start), due=format_day(bar.due)
        )
    ]
    if bar.baseline is not None and bar.baseline != bar.due:
        details.append(_("approved deadline {day}").format(day=format_day(bar.baseline)))
    if bar.finish is not None:
        done = bar.finish_kind == "done"
        details.append(
            (_("done {day}") if done else _("forecast {day}")).format(day=format_day(bar.finish))
        )
    parts = [
        f'<g data-ref="{_e(bar.ref)}"><title>{_e(one_line(bar.title))}: '
        f"{_e('; '.join(details))}</title>",
        _text(14, mid + 4, fit_label(bar.title, LABEL_COLUMN - 18)),
        f'<rect x="{scale(start):.1f}" y="{mid - 4:.1f}" '
        f'width="{max(scale(bar.due) - scale(start), 2):.1f}" height="8" fill="#c5ccd3"/>',
    ]
    if bar.baseline is not None and bar.baseline != bar.due:
        # The move from the approved deadline to the current one, thin, under both marks.
        low, high = sorted((scale(bar.baseline), scale(bar.due)))
        parts.append(
            f'<line x1="{low:.1f}" y1="{mid:.1f}" x2="{high:.1f}" y2="{mid:.1f}" '
            'stroke="#6a1b9a" stroke-width="1" stroke-dasharray="2 2"/>'
        )
    if bar.finish is not None:
        x_due, x_finish = scale(bar.due), scale(bar.finish)
        if bar.finish_kind == "done":
            parts.append(f'<circle cx="{x_finish:.1f}" cy="{mid:.1f}" r="4.5" fill="#2e7d32"/>')
        else:
            if x_finish > x_due + 1:
                parts.append(
                    f'<line x1="{x_due:.1f}" y1="{mid:.1f}" x2="{x_finish:.1f}" y2="{mid:.1f}" '
                    'stroke="#d55e00" stroke-width="4" stroke-dasharray="4 2"/>'
                )
            parts.append(
                f'<circle cx="{x_finish:.1f}" cy="{mid:.1f}" r="4" fill="#fff" '
                'stroke="#d55e00" stroke-width="2"/>'
            )
    parts.append(
        f'<rect x="{scale(bar.due) - 1.5:.1f}" y="{mid - 7:.1f}" width="3" height="14" '
        f'fill="{INK}"/>'
    )
    if bar.baseline is not None:
        x = scale(bar.baseline)
        parts.append(
            f'<path d="M{x:.1f} {mid - 8:.1f} L{x + 5:.1f} {mid:.1f} L{x:.1f} {mid + 8:.1f} '
            f'L{x - 5:.1f} {mid:.1f} Z" fill="#fff" fill-opacity="0.6" stroke="#6a1b9a" '
            'stroke-width="1.5"/>'
        )
    parts.append("</g>")
    return "".join(parts)


# -- the milestone trend (MTA) --------------------------------------------------------------

MTA_WIDTH = 1000
MTA_PLOT_HEIGHT = 220
MTA_LEFT = 130  # the y axis's month names
MTA_RIGHT = 70  # the milestones' numbers beside their latest points


def _meeting_label(day: date) -> str:
    """A meeting on a weekly axis: day and month, the year being on the chart's title."""
    return f"{day.day:02d}.{day.month:02d}"


def _runs(points: Sequence[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """The unbroken runs of a series: a ``None`` ends one, so missing weeks are gaps."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def _polylines(runs: list[list[tuple[float, float]]], attributes: str) -> list[str]:
    return [
        f'<polyline fill="none" {attributes} points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
        + '"/>'
        for run in runs
    ]


def _marker(shape: str, x: float, y: float, colour: str, filled: bool) -> str:
    fill = colour if filled else "#fff"
    if shape == "square":
        return (
            f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{fill}" '
            f'stroke="{colour}" stroke-width="1.5"/>'
        )
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{fill}" stroke="{colour}" '
        'stroke-width="1.5"/>'
    )


def render_milestone_trend_svg(trend: MilestoneTrend) -> str:
    """The MTA chart, one panel per roadmap: across, the weekly meetings; up, dates; for each
    key milestone its deadline (solid, squares) and forecast finish (dashed, circles) as each
    meeting saw them, and the diagonal where a date equals the meeting day (a milestone reached
    lands on it).  Lines rising mean the dates slipped; a meeting without history is a gap."""
    panels: dict[str, list[MilestoneLine]] = {}
    for line in trend.lines:
        panels.setdefault(line.roadmap, []).append(line)
    if not trend.meetings or not panels:
        return '<p class="none">' + _e(_("No history.")) + "</p>"
    return "".join(
        _milestone_panel(trend.roadmap_titles.get(roadmap, roadmap), lines, trend.meetings)
        for roadmap, lines in panels.items()
    )


def _milestone_panel(title: str, lines: list[MilestoneLine], meetings: list[date]) -> str:
    seen = [
        day
        for line in lines
        for sighting in line.sightings
        for day in (sighting.due, sighting.forecast)
        if day is not None
    ]
    if not seen:
        seen = list(meetings)
    low, high = min(seen), max(seen)
    low = date(low.year, low.month, 1)
    if high <= low:
        high = date(low.year + (low.month == 12), low.month % 12 + 1, 1)
    top, plot = 30.0, float(MTA_PLOT_HEIGHT)
    # Later dates higher up; 8 units kept clear above the latest so its marker is whole.
    y_of = DateScale(low, high, top + plot, top + 8)
    step_x = (MTA_WIDTH - MTA_LEFT - MTA_RIGHT) / max(len(meetings) - 1, 1)
    x_positions = [MTA_LEFT + index * step_x for index in range(len(meetings))]
    legend_top = top + plot + 58  # under the meetings and their axis title
    height = legend_top + 20 * (len(lines) + 2) + 6
    label = _("Milestone trend: {roadmap}").format(roadmap=one_line(title))
    parts = [_svg_open(label, MTA_WIDTH, height, "milestones")]
    # The meetings without history for any of these milestones: shaded, never drawn as dates.
    step_half = step_x / 2
    missing = [
        index
        for index in range(len(meetings))
        if all(line.sightings[index].due is None for line in lines)
    ]
    for index in missing:
        left = max(x_positions[index] - step_half, MTA_LEFT)
        right = min(x_positions[index] + step_half, MTA_WIDTH - MTA_RIGHT)
        parts.append(
            f'<rect x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" height="{plot:.1f}" '
            f'fill="#eceff3" data-no-data="{meetings[index].isoformat()}"/>'
        )
    parts.append(_text(4, 16, fit_label(label, MTA_WIDTH - 8), font_weight="700"))
    # The date axis (up): a grid line at each month start, the names where they fit.
    ticks = date_axis(low, high)
    names = choose_axis_labels(ticks, [y_of(tick) for tick, _is_month in ticks], upward=True)
    for (tick, _is_month), name in zip(ticks, names, strict=True):
        y = y_of(tick)
        parts.append(
            f'<line x1="{MTA_LEFT - 4}" y1="{y:.1f}" x2="{MTA_WIDTH - MTA_RIGHT}" y2="{y:.1f}" '
            f'stroke="{GRID}"/>'
        )
        if name is not None:
            parts.append(_text(MTA_LEFT - 8, y + 4, name, text_anchor="end", fill=MUTED))
    # The meetings axis (across).
    bottom = top + plot
    parts.append(
        f'<line x1="{MTA_LEFT}" y1="{bottom:.1f}" x2="{MTA_WIDTH - MTA_RIGHT}" y2="{bottom:.1f}" '
        f'stroke="{MUTED}"/><line x1="{MTA_LEFT}" y1="{top:.1f}" x2="{MTA_LEFT}" '
        f'y2="{bottom:.1f}" stroke="{MUTED}"/>'
    )
    meeting_names = [_meeting_label(day) for day in meetings]
    every = label_every(x_positions, [text_width(name) for name in meeting_names])
    for index, x in enumerate(x_positions):
        parts.append(
            f'<line x1="{x:.1f}" y1="{bottom:.1f}" x2="{x:.1f}" y2="{bottom + 4:.1f}" '
            f'stroke="{MUTED}"/>'
        )
        if (len(x_positions) - 1 - index) % every == 0:  # the latest meeting always labelled
            parts.append(
                _text(x, bottom + 17, meeting_names[index], text_anchor="middle", fill=MUTED)
            )
    parts.append(
        _text(
            MTA_WIDTH - MTA_RIGHT, bottom + 32, _("weekly meetings"), text_anchor="end", fill=MUTED
        )
    )
    # The diagonal (date = meeting day), drawn where it is inside the dates shown.
    diagonal = [
        (x, y_of(day)) for x, day in zip(x_positions, meetings, strict=True) if low <= day <= high
    ]
    if len(diagonal) >= 2:
        parts += _polylines([diagonal], f'stroke="{MUTED}" stroke-width="1" stroke-dasharray="1 3"')
    # The milestones.
    numbers: list[Box] = []
    for index, line in enumerate(lines):
        colour = PALETTE[index % len(PALETTE)]
        due = [
            None if s.due is None else (x, y_of(s.due))
            for x, s in zip(x_positions, line.sightings, strict=True)
        ]
        forecast = [
            None if s.forecast is None else (x, y_of(s.forecast))
            for x, s in zip(x_positions, line.sightings, strict=True)
        ]
        parts.append(f'<g data-ref="{_e(line.ref)}"><title>{_e(one_line(line.title))}</title>')
        parts += _polylines(_runs(due), f'stroke="{colour}" stroke-width="2"')
        parts += _polylines(
            _runs(forecast), f'stroke="{colour}" stroke-width="2" stroke-dasharray="6 3"'
        )
        parts += [_marker("square", x, y, colour, True) for x, y in filter(None, due)]
        parts += [_marker("circle", x, y, colour, False) for x, y in filter(None, forecast)]
        # The milestone's number at its latest deadline, for a print without colour.
        latest = next((point for point in reversed(due) if point is not None), None)
        if latest is not None:
            # Beside the point, moved right past the numbers already there.
            for shift in range(4):
                x, y = latest[0] + 14 + 14 * shift, latest[1] + 4
                box = label_box(x, y, str(index + 1))
                if not any(box.overlaps(other) for other in numbers):
                    numbers.append(box)
                    parts.append(_text(x, y, str(index + 1), fill=colour, font_weight="700",
                                       text_anchor="middle"))  # fmt: skip
                    break
        parts.append("</g>")
    # The legend: the two kinds of line, then one row per milestone.
    y = legend_top
    parts.append(
        f'<line x1="4" y1="{y - 4:.1f}" x2="30" y2="{y - 4:.1f}" stroke="{INK}" stroke-width="2"/>'
        + _marker("square", 17, y - 4, INK, True)
        + _text(36, y, _("deadline at that meeting"))
        + f'<line x1="260" y1="{y - 4:.1f}" x2="286" y2="{y - 4:.1f}" stroke="{INK}" '
        'stroke-width="2" stroke-dasharray="6 3"/>'
        + _marker("circle", 273, y - 4, INK, False)
        + _text(292, y, _("forecast finish at that meeting"))
        + f'<line x1="560" y1="{y - 4:.1f}" x2="586" y2="{y - 4:.1f}" stroke="{MUTED}" '
        'stroke-dasharray="1 3"/>'
        + _text(592, y, fit_label(_("date = meeting day (reached)"), MTA_WIDTH - 600))
    )
    for index, line in enumerate(lines):
        y += 20
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="4" y="{y - 10:.1f}" width="26" height="10" fill="{colour}"/>'
            + _text(36, y, f"{index + 1}", font_weight="700")
            + _text(52, y, fit_label(line.title, MTA_WIDTH - 56))
        )
    if missing:
        y += 20
        note = _("Shaded weeks: no history in git (not zero).")
        parts.append(
            f'<rect x="4" y="{y - 10:.1f}" width="26" height="10" fill="#eceff3" '
            f'stroke="{MUTED}" stroke-width="0.5"/>'
            + _text(36, y, fit_label(note, MTA_WIDTH - 40), fill=MUTED)
        )
    parts.append("</svg>")
    return "".join(parts)


# -- the overdue trend ----------------------------------------------------------------------

TREND_WIDTH = 1000
TREND_PLOT_HEIGHT = 200
TREND_LEFT = 60
TREND_RIGHT = 70


@dataclass(frozen=True, slots=True)
class TrendWeek:
    """One week of the overdue trend: None where the week has no history."""

    day: date
    items: int | None
    days: int | None


@dataclass(frozen=True, slots=True)
class Box:
    """A label's box in viewBox units: its left, top, right and bottom."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return not (
            self.right <= other.left
            or other.right <= self.left
            or self.bottom <= other.top
            or other.bottom <= self.top
        )


def label_box(x: float, baseline: float, text: str, size: float = FONT_SIZE) -> Box:
    """The box of a label centred on ``x`` with its baseline at ``baseline``."""
    width = text_width(text, size)
    return Box(x - width / 2, baseline - size, x + width / 2, baseline + size * 0.25)


def nice_ticks(peak: int) -> list[int]:
    """Whole-number ticks from 0 past ``peak``: at most six, at a step of 1, 2 or 5 times a
    power of ten."""
    peak = max(peak, 1)
    for power in range(0, 12):
        for base in (1, 2, 5):
            step = base * 10**power
            if math.ceil(peak / step) <= 5:
                return [step * index for index in range(math.ceil(peak / step) + 1)]
    return [0, peak]


def render_overdue_trend_svg(weeks: Sequence[TrendWeek], days_legend: str) -> str:
    """The overdue trend: items overdue (left axis, solid red, squares) and days overdue added
    up (right axis, dashed blue, circles) at the end of each week; each point labelled with its
    value where the label does not overlap another; weeks without history shaded, noted and
    left as gaps."""
    if not weeks:
        return '<p class="none">' + _e(_("No history.")) + "</p>"
    top, plot = 44.0, float(TREND_PLOT_HEIGHT)
    bottom = top + plot
    step = (TREND_WIDTH - TREND_LEFT - TREND_RIGHT) / max(len(weeks) - 1, 1)
    xs = [TREND_LEFT + index * step for index in range(len(weeks))]
    label = _("Slippage trend")
    parts = [_svg_open(label, TREND_WIDTH, bottom + 62, "trend")]
    series: list[tuple[str, str, str, str, Callable[[TrendWeek], int | None]]] = [
        (_("overdue items"), "#b00020", "", "square", lambda week: week.items),
        (days_legend, "#0072b2", "7 4", "circle", lambda week: week.days),
    ]
    # The weeks without history: a shaded band each, and one note under the axis.
    missing = [index for index, week in enumerate(weeks) if week.items is None]
    for index in missing:
        parts.append(
            f'<rect x="{xs[index] - step / 2:.1f}" y="{top:.1f}" width="{step:.1f}" '
            f'height="{plot:.1f}" fill="#eceff3" data-no-data="{weeks[index].day.isoformat()}"/>'
        )
    axes: list[str] = []
    drawn: list[tuple[str, str, int, list[tuple[float, float] | None], list[int | None]]] = []
    for side, (name, colour, dash, shape, value_of) in enumerate(series):
        values = [value_of(week) for week in weeks]
        ticks = nice_ticks(max((value for value in values if value is not None), default=0))
        peak = ticks[-1]

        def y_of(value: int, peak: int = peak) -> float:
            return bottom - plot * value / peak

        axis_x = TREND_LEFT - 10 if side == 0 else TREND_WIDTH - TREND_RIGHT + 20
        anchor = "end" if side == 0 else "start"
        axes.append(
            f'<line x1="{axis_x:.1f}" y1="{top:.1f}" x2="{axis_x:.1f}" y2="{bottom:.1f}" '
            f'stroke="{colour}" stroke-dasharray="{dash or "none"}"/>'
        )
        for tick in ticks:
            y = y_of(tick)
            if side == 0:
                axes.append(
                    f'<line x1="{TREND_LEFT - 10}" y1="{y:.1f}" '
                    f'x2="{TREND_WIDTH - TREND_RIGHT + 10}" y2="{y:.1f}" stroke="{GRID}"/>'
                )
            offset = -4 if side == 0 else 4
            axes.append(_text(axis_x + offset, y + 4, str(tick), text_anchor=anchor, fill=colour))
        points: list[tuple[float, float] | None] = [
            None if value is None else (x, y_of(value)) for x, value in zip(xs, values, strict=True)
        ]
        attributes = f'stroke="{colour}" stroke-width="2.5"' + (
            f' stroke-dasharray="{dash}"' if dash else ""
        )
        parts += _polylines(_runs(points), attributes)
        parts += [_marker(shape, x, y, colour, side == 0) for x, y in filter(None, points)]
        drawn.append((name, colour, side, points, values))
    # The values, placed once every line is drawn: each label keeps clear of every marker, of
    # the right axis and of the labels placed before it; items' labels go above their points
    # and days' below, else on the other side, else right of the point, else are left out
    # (the table under the chart has every value).
    placed = [
        Box(x - 5, y - 5, x + 5, y + 5)
        for _name, _colour, _side, points, _values in drawn
        for x, y in filter(None, points)
    ]
    right_axis = TREND_WIDTH - TREND_RIGHT + 20
    placed.append(Box(right_axis - 1, top - 20, TREND_WIDTH, bottom))
    for name, colour, side, points, values in drawn:
        for point, value in zip(points, values, strict=True):
            if point is None or value is None:
                continue
            x, y = point
            text = str(value)
            beside = x + 8 + text_width(text) / 2
            spots = [(x, y - 9), (x, y + 19), (beside, y + 4)]
            if side == 1:
                spots[:2] = spots[1::-1]
            for spot_x, baseline in spots:
                box = label_box(spot_x, baseline, text)
                if box.top < top - 22 or box.bottom > bottom + 2:
                    continue
                if not any(box.overlaps(other) for other in placed):
                    placed.append(box)
                    parts.append(
                        _text(spot_x, baseline, text, text_anchor="middle", fill=colour,
                              data_value=name)
                    )  # fmt: skip
                    break
    parts = parts[:1] + axes + parts[1:]
    # The weeks across, the labels dropped where they would touch.
    names = [_meeting_label(week.day) for week in weeks]
    every = label_every(xs, [text_width(name) for name in names])
    parts.append(
        f'<line x1="{TREND_LEFT - 10}" y1="{bottom:.1f}" x2="{TREND_WIDTH - TREND_RIGHT + 10}" '
        f'y2="{bottom:.1f}" stroke="{MUTED}"/>'
    )
    for index, x in enumerate(xs):
        if (len(xs) - 1 - index) % every == 0:  # the latest week always has its label
            parts.append(_text(x, bottom + 16, names[index], text_anchor="middle", fill=MUTED))
    # The legend, then the note on missing weeks.
    x = 4.0
    legend_y = 16.0
    for name, colour, dash, shape, _value_of in series:
        parts.append(
            f'<line x1="{x:.1f}" y1="{legend_y - 4:.1f}" x2="{x + 30:.1f}" y2="{legend_y - 4:.1f}" '
            f'stroke="{colour}" stroke-width="2.5"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/>"
            + _marker(shape, x + 15, legend_y - 4, colour, shape == "square")
            + _text(x + 36, legend_y, name)
        )
        x += 36 + text_width(name) + 24
    if missing:
        note = _("Shaded weeks: no history in git (not zero).")
        parts.append(
            f'<rect x="4" y="{bottom + 30:.1f}" width="14" height="12" fill="#eceff3" '
            f'stroke="{MUTED}" stroke-width="0.5"/>'
            + _text(24, bottom + 40, fit_label(note, TREND_WIDTH - 30), fill=MUTED)
        )
    parts.append("</svg>")
    return "".join(parts)


def milestone_trend_record(trend: MilestoneTrend | None) -> dict[str, object] | None:
    """The milestone trend for the pack's JSON: the meeting days, and for each key milestone
    its deadline and forecast as each meeting saw them (null: not in the files then)."""
    if trend is None:
        return None
    return {
        "meetings": [day.isoformat() for day in trend.meetings],
        "lines": [
            {
                "roadmap": line.roadmap,
                "ref": line.ref,
                "title": line.title,
                "seen": [
                    {
                        "meeting": sighting.meeting.isoformat(),
                        "due": None if sighting.due is None else sighting.due.isoformat(),
                        "forecast": (
                            None if sighting.forecast is None else sighting.forecast.isoformat()
                        ),
                    }
                    for sighting in line.sightings
                ],
            }
            for line in trend.lines
        ],
    }
