"""Making user text safe to show: no control characters, no line breaks inside a cell.

The loader already rejects control characters in files; this is the second line of defence for
every renderer, because a terminal escape sequence in a title must never reach a terminal.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sezctl.core.i18n import _, format_day, localize, ngettext
from sezctl.core.model import STATUS_WORDS, Status
from sezctl.core.problems import Problem
from sezctl.source.config import WORKING

if TYPE_CHECKING:
    from sezctl.history.changes import CommitInfo, RecordedDecision
    from sezctl.history.decisions import Decided, DecisionBook

# Control characters but the line feed, C1 controls, and the invisible format characters
# (zero-width, bidirectional overrides, BOM): each becomes U+FFFD.  A translation table, not a
# regular expression: this module is imported by every table, and the character class took
# 0.35 ms to compile at each start.
_UNSAFE = dict.fromkeys(
    [
        *range(0x00, 0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0), *range(0x200B, 0x2010),
        *range(0x2028, 0x202F), *range(0x2060, 0x2070), 0xFEFF,
    ],
    "\ufffd",
)  # fmt: skip


def clean_text(text: str) -> str:
    """Replace control and invisible characters with U+FFFD; keep line breaks."""
    # None of them is printable (tests/test_table_lines.py checks), so a printable text, nearly
    # every title, is returned as it is: translate looks each Cyrillic letter up in the table.
    return text if text.isprintable() else text.translate(_UNSAFE)


def one_line(text: str) -> str:
    """Clean text folded onto one line (for table cells): tabs, which a value may hold, are
    spaces like any other run of whitespace."""
    return " ".join(clean_text(text.replace("\t", " ")).split())


# What each status value (English in the files) is called in the language of the run.


def status_label(status: Status) -> str:
    """A status as people read it: the value of the files in English, its meaning in Kazakh and
    Russian ("in-progress": «орындалуда», «в работе»)."""
    return _(STATUS_WORDS[status])


def status_name(value: str) -> str:
    """:func:`status_label` of a status value written as text (a status in git history); any
    other text as it is."""
    try:
        return status_label(Status(value))
    except ValueError:
        return value


def count_days(count: int, days: str) -> str:
    """ "1 day", "40 days", "1 working day", "22 working days", in the language of the run
    (Russian: 1 день, 2 дня, 5 дней; Kazakh: 5 күн)."""
    if days == WORKING:
        return ngettext("{count} working day", "{count} working days", abs(count)).format(
            count=count
        )
    return ngettext("{count} day", "{count} days", abs(count)).format(count=count)


def due_soon_phrase(number: int, window: int, days: str) -> str:
    """ "3 due within 14 days": how many items fall due in the warning window."""
    if days == WORKING:
        phrase = ngettext(
            "{number} due within {count} working day",
            "{number} due within {count} working days",
            window,
        )
    else:
        phrase = ngettext(
            "{number} due within {count} day", "{number} due within {count} days", window
        )
    return phrase.format(number=number, count=window)


def within_days(count: int, days: str) -> str:
    """ "due within 14 days" / "due within 10 working days": the due-soon window."""
    if days == WORKING:
        return ngettext(
            "Due within {count} working day", "Due within {count} working days", count
        ).format(count=count)
    return ngettext("Due within {count} day", "Due within {count} days", count).format(count=count)


def baseline_title(label: str, commit: str | None) -> str:
    """ "Against the baseline approved-2025-12 (1a2b3c4)": ``label`` already made safe for the
    format (cleaned for the terminal, escaped for Markdown)."""
    if commit:
        return _("Against the baseline {label} ({commit})").format(label=label, commit=commit[:7])
    return _("Against the baseline {label}").format(label=label)


def signed_days(days: int | None) -> str:
    """ "+3", "-2", "+0"; empty when there is no count."""
    return "" if days is None else f"{days:+d}"


def iso_date(day: date | None) -> str | None:
    """A date as YYYY-MM-DD, or None."""
    return day.isoformat() if day else None


def problem_line(problem: Problem) -> str:
    """``path:line:col: severity[code]: message``, the message in the language of the run (the
    prefix never changes: editors and CI parse it)."""
    return f"{problem.prefix()}: {localize(problem.message)}"


# -- the decision behind a change ---------------------------------------------------------------


def decision_phrases(record: Decided, book: DecisionBook, *, reason: bool = True) -> list[str]:
    """The recorded decision behind a change, for people, in the order an official reads it:
    the reason, then the decision -- «протокол № 48 от 26.11.2026, п. 2 (председатель:
    Абдикаримов А. Б.)», the protocol resolved through ``book`` and its chair named as who
    decided -- and the document of a decision taken elsewhere.  Each phrase is cleaned onto
    one line.  The one place that words a decision: ``diff``, ``history``, ``show`` and the
    meeting pack call it.  Without ``reason``, the decision alone (for a table that shows the
    reason in a column of its own)."""
    phrases = [one_line(record.reason)] if reason and record.reason else []
    if record.decision is not None:
        point = book.point(record)
        if point is None:
            # TRANSLATORS: a recorded decision names a protocol point that no loaded protocol has.
            phrases.append(
                _("{decision} (no such protocol point)").format(decision=one_line(record.decision))
            )
        else:
            decision = _("protocol No. {number} of {date}, point {point}").format(
                number=one_line(point.number), date=format_day(point.date), point=point.point
            )
            chair = point.chair_name or point.chair
            if chair:
                # TRANSLATORS: who decided: the chair of the meeting whose protocol it is.
                decision = _("{decision} (chair: {chair})").format(
                    decision=decision, chair=one_line(chair)
                )
            phrases.append(decision)
    if record.ref:
        # TRANSLATORS: the order, letter or other document of a decision taken outside the HQ.
        phrases.append(_("document: {ref}").format(ref=one_line(record.ref)))
    if record.decision is None and not record.ref:
        phrases.append(_("no decision named"))
    return phrases


def decision_text(record: Decided | None, book: DecisionBook) -> str:
    """:func:`decision_phrases` on one line, or "no recorded decision" for a change that has
    no record (an edit by hand)."""
    if record is None:
        return _("no recorded decision")
    return "; ".join(decision_phrases(record, book))


def reason_text(
    record: RecordedDecision | None,
    commit: CommitInfo | None,
    needs_decision: bool,
    book: DecisionBook,
) -> str:
    """Why a change was made, for people: its recorded decision; without one, the commit's
    message, after "no recorded decision" where a decision was needed."""
    if record is not None:
        return decision_text(record, book)
    message = one_line(commit.message) if commit is not None else ""
    if not needs_decision:
        return message
    if not message:
        return _("no recorded decision")
    # TRANSLATORS: a move or reassignment edited by hand, and the message of its commit.
    return _("no recorded decision: “{message}”").format(message=message)
