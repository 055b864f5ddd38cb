"""`sezctl export --format mermaid`: a Gantt chart that GitHub and GitLab render in Markdown.

One section per roadmap, one bar per item from its start to its deadline, that day included
(a milestone on the deadline when there is no start); done items are marked ``done``, items
in progress ``active``, overdue ones ``crit``.  Cancelled items are left out.

User text is escaped with Mermaid's entity codes (``#58;`` for ``:``), so that a title cannot
end the task name early (``:``), start a comment (``%%``) or a new statement (``;``, a line
break), inject markup (``<``, ``>``, ``&``), or be read as a keyword (``title``, ``section``...).

The chart's title is written in the language of the run; its data (dates, tags) never changes.
"""

from __future__ import annotations

from sezctl.core.i18n import _, format_day
from sezctl.core.model import Status
from sezctl.render.text import one_line
from sezctl.reports.export import ExportReport

_ENTITIES = {
    "#": "#35;",
    ":": "#58;",
    ";": "#59;",
    "%": "#37;",
    "<": "#60;",
    ">": "#62;",
    "&": "#38;",
    '"': "#34;",
    "`": "#96;",
    "{": "#123;",
    "}": "#125;",
}
# Words that start a statement of their own in a Gantt chart (matched without regard to case).
_KEYWORDS = (
    "accdescr",
    "acctitle",
    "axisformat",
    "call",
    "click",
    "dateformat",
    "displaymode",
    "excludes",
    "gantt",
    "includes",
    "inclusiveenddates",
    "section",
    "tickinterval",
    "title",
    "todaymarker",
    "topaxis",
    "weekday",
    "weekend",
)


def escape_mermaid(text: str) -> str:
    """Text safe as a Gantt task name, section or title: one line, no syntax characters."""
    escaped = "".join(_ENTITIES.get(char, char) for char in one_line(text))
    if escaped.lower().startswith(_KEYWORDS):
        escaped = f"#{ord(escaped[0])};{escaped[1:]}"
    return escaped or "#8203;"  # an empty name would swallow the task's data


def render_export_mermaid(report: ExportReport) -> str:
    today = format_day(report.today)
    title = _("Roadmap deadlines as of {date}").format(date=today)
    if report.owner is not None:
        title = _("Roadmap deadlines as of {date}: {owner}").format(
            date=today, owner=report.owner.name
        )
    lines = [
        "gantt",
        f"    title {escape_mermaid(title)}",
        "    dateFormat YYYY-MM-DD",
        "    inclusiveEndDates",  # a bar includes its deadline's day
    ]
    rows_by_roadmap: dict[str, list[str]] = {roadmap.id: [] for roadmap in report.roadmaps}
    for row in report.rows:
        item = row.item
        status = item.effective_status
        if status is Status.CANCELLED:
            continue
        tags = []
        if status is Status.DONE:
            tags.append("done")
        elif status is Status.IN_PROGRESS:
            tags.append("active")
        if row.slippage.overdue_days is not None:
            tags.append("crit")
        if item.start is None:
            tags.append("milestone")
            span = [item.due.isoformat(), "0d"]
        else:
            span = [item.start.isoformat(), item.due.isoformat()]
        rows_by_roadmap[item.roadmap].append(
            f"    {escape_mermaid(item.title)} :{', '.join([*tags, *span])}"
        )
    for roadmap in report.roadmaps:
        if rows_by_roadmap[roadmap.id]:
            lines.append(f"    section {escape_mermaid(roadmap.title)}")
            lines += rows_by_roadmap[roadmap.id]
    return "\n".join(lines) + "\n"
