"""What ``--skip-invalid`` left out, as every human format says it at the top of a report, and
the mark on an item that waits for a left-out file (:mod:`sezctl.reports.skipped`).

The words are made once here (:func:`skipped_notice`) and each format lays them out: the
terminal tables (:func:`render_skipped_text`), Markdown
(:func:`sezctl.render.markdown.render_skipped_markdown`) and the HTML meeting pack
(:func:`render_skipped_html`).  JSON carries the same facts as data
(:func:`sezctl.render.records.add_skipped`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from sezctl.core.i18n import _, localize, ngettext
from sezctl.render.text import one_line

if TYPE_CHECKING:
    from rich.console import RenderableType

    from sezctl.reports.skipped import Skipped, SkippedFile

# Put after the id of an item that waits for an item of a left-out file; the notice explains it.
MARK = "†"


class SkippedNotice(NamedTuple):
    """The notice in the language of the run; ``files`` are (what is left out, its first
    error) pairs.  Data from the files (paths, ids, the problem's words) is not escaped yet."""

    heading: str
    files: list[tuple[str, str]]
    notes: list[str]


def skipped_notice(skipped: Skipped | None, items: bool = True) -> SkippedNotice | None:
    """The notice of a report that left files out, or None when nothing was left out.  A
    report that lists no items (``owners``: ``items=False``) says nothing of marked items."""
    if skipped is None or not skipped.files:
        return None
    heading = _(
        "Left out of this report, because their files have errors (`sezctl check` lists them all):"
    )
    files = [(_file_summary(file), _first_error(file)) for file in skipped.files]
    notes = []
    if skipped.waiting and items:
        waiting = len(skipped.waiting)
        notes.append(
            ngettext(
                "{count} item waits for an item in a left-out file and is marked {mark}: its "
                "forecast does not count that wait.",
                "{count} items wait for items in left-out files and are marked {mark}: their "
                "forecasts do not count that wait.",
                waiting,
            ).format(mark=MARK, count=waiting)
        )
    if skipped.owners_by_id:
        notes.append(
            _("Owners not in the registry are shown by their id: {owners}.").format(
                owners=", ".join(skipped.owners_by_id)
            )
        )
    return SkippedNotice(heading, files, notes)


def _file_summary(file: SkippedFile) -> str:
    errors = ngettext("{count} error", "{count} errors", file.errors).format(count=file.errors)
    if file.roadmap is None and file.owners:
        what = _("owners registry: its owners without errors are used")
    elif file.roadmap is None:
        what = _("nothing could be read from it")
    else:
        what = ngettext(
            "roadmap {roadmap}, {count} item", "roadmap {roadmap}, {count} items", file.items
        ).format(roadmap=file.roadmap, count=file.items)
    return _("{path}: {what}; {errors}").format(path=file.path, what=what, errors=errors)


def _first_error(file: SkippedFile) -> str:
    message = localize(file.first.message)
    if file.first.line == 0:
        return message
    return _("line {line}: {message}").format(line=file.first.line, message=message)


def mark(skipped: Skipped | None, ref: str) -> str:
    """`` †`` after the id of an item that waits for an item in a left-out file, else ``""``."""
    if skipped is not None and skipped.prerequisites_left_out(ref):
        return " " + MARK
    return ""


def render_skipped_text(skipped: Skipped | None, items: bool = True) -> RenderableType | None:
    """The notice for the terminal, above a table; None when nothing was left out."""
    notice = skipped_notice(skipped, items)
    if notice is None:
        return None
    from rich.console import Group
    from rich.text import Text

    from sezctl.render.fit import Indented, paragraph

    # Indented indents every line a long message wraps onto, not only its first, and leaves
    # no blank at the end of a line (rich's Padding fills the line with spaces).
    parts: list[RenderableType] = [paragraph(notice.heading, style="bold yellow")]
    for what, problem in notice.files:
        parts.append(Indented(Text(one_line(what)), 2))
        parts.append(Indented(Text(one_line(problem), style="yellow"), 4))
    parts += [paragraph(one_line(note)) for note in notice.notes]
    parts.append(Text(""))
    return Group(*parts)


def render_skipped_html(skipped: Skipped | None) -> str:
    """The notice as an HTML block (every piece of text escaped); ``""`` when nothing was left
    out."""
    notice = skipped_notice(skipped)
    if notice is None:
        return ""
    items = "".join(
        f'<li>{_html(what)}<br><span class="late">{_html(problem)}</span></li>'
        for what, problem in notice.files
    )
    notes = "".join(f"<p>{_html(note)}</p>" for note in notice.notes)
    return (
        f'<div class="skipped" data-figure="skipped"><p><strong>{_html(notice.heading)}'
        f"</strong></p><ul>{items}</ul>{notes}</div>"
    )


def _html(text: str) -> str:
    from html import escape  # only the meeting pack's HTML needs it, not every table

    return escape(one_line(text), quote=True)
