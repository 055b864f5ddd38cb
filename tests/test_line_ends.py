"""No line of the human views ends with whitespace.

Rich breaks a ``Text`` between words and keeps the space it broke at on the end of the line:
the summary line of ``status``, the headings of ``critical``, the notes of ``owners --period``
and the title of every table carried it at 80 columns and narrower, in every language; and a
table drawn as Rich draws it pads every line to the table's width.  A printed pack, a saved
output or a golden file showed those blanks.  The sentences are made as paragraphs
(``render.fit.paragraph``), which break at the same places and drop that space, and a
``FittedTable`` writes each line without the blanks at its end.

The views of the history (``diff``, ``history``, ``status --baseline``) and ``calendar`` draw
Rich's own tables; they are written through ``render.fit.Trimmed``, which drops the same blanks.

The views run in-process on the bundled roadmaps (the history views in the five-commit
repository of ``tests/conftest.py``), in Kazakh, Russian and English, at widths from 40 to 120
columns and at 200: no line may end with whitespace, and the summary line must say the same
words at every width as on one line.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tests.conftest import BUNDLED_ROADMAPS, Cli, GitRepo

TODAY = "2026-12-03"
WIDTHS = [*range(40, 121, 5), 200]
LANGUAGES = ("kk", "ru", "en")
VIEWS = {
    "status": ["status"],
    "status-all": ["status", "--all"],
    "critical": ["critical"],
    "owners": ["owners"],
    "discipline": ["owners", "--period", "2026"],
    "check": ["check"],
    "show": ["show", "aktobe-sez-infrastructure/construction-start"],
}


def run(cli: Cli, args: list[str], language: str, width: int) -> str:
    result = cli(
        *args, str(BUNDLED_ROADMAPS), "--today", TODAY, "--lang", language,
        env={"COLUMNS": str(width)},
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return result.stdout + result.stderr


def ending_with_whitespace(text: str) -> list[str]:
    """The lines of ``text`` that end with whitespace."""
    return [line for line in text.splitlines() if line != line.rstrip()]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("view", VIEWS)
def test_no_line_ends_with_whitespace(cli: Cli, view: str, language: str) -> None:
    """At every width, no line of the view (a summary, a heading, a table's title, a note, a
    line of a table or of a block) ends with a blank."""
    found = {
        width: lines
        for width in WIDTHS
        if (lines := ending_with_whitespace(run(cli, VIEWS[view], language, width)))
    }
    assert found == {}


def summary_lines(text: str) -> list[str]:
    """The summary at the top of ``status``: the lines before the first blank one."""
    lines = text.splitlines()
    return lines[: lines.index("")]


def is_wrapped_from(lines: list[str], whole: str) -> bool:
    """Whether ``lines`` are ``whole`` broken between words (each break taking the space it was
    made at) or inside a word (a 46-character id at 40 columns), nothing added or lost."""
    at = 0
    for line in lines:
        if not whole.startswith(line, at):
            return False
        at += len(line)
        if whole.startswith(" ", at):
            at += 1
    return at == len(whole)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_status_summary_wraps_between_its_words_and_keeps_them_all(
    cli: Cli, language: str
) -> None:
    """The summary line, wrapped at any width, is the one-line summary broken between words
    (or inside a word longer than the line), each line ending with a printable character; the
    view ends with the same lines."""
    whole = summary_lines(run(cli, ["status"], language, 1000))
    assert len(whole) == 1
    for width in WIDTHS:
        text = run(cli, ["status"], language, width)
        lines = summary_lines(text)
        assert ending_with_whitespace("\n".join(lines)) == [], width
        assert all(cell_len(line) <= width for line in lines), width
        assert is_wrapped_from(lines, whole[0]), (width, lines)
        assert text.splitlines()[-len(lines) :] == lines, width


GIT_VIEWS = {
    "diff": ["diff", "HEAD~4", "HEAD"],
    "diff-week": ["diff", "--as-of", "2026-11-21"],
    "history": ["history", "demo/grid"],
    "moved": ["status", "--baseline", "HEAD~4"],
    "unmoved": ["status", "--baseline", "HEAD"],
    "calendar": ["calendar", "2026"],
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("view", GIT_VIEWS)
def test_no_line_of_the_history_views_ends_with_whitespace(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]], view: str, language: str
) -> None:
    """The tables and blocks of ``diff``, ``history`` and the deadlines moved since a baseline,
    and the calendar's two tables, at every width: no line ends with a blank, and the view is
    not empty (a table or its blocks were drawn)."""
    found = {}
    for width in WIDTHS:
        result = cli(*GIT_VIEWS[view], "--lang", language, env={"COLUMNS": str(width)})
        assert result.exit_code in (0, 1), result.output
        assert len(result.stdout.splitlines()) > 3, result.output
        if lines := ending_with_whitespace(result.stdout + result.stderr):
            found[width] = lines
    assert found == {}
