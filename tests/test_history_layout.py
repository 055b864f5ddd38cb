"""`diff`, `history ITEM` and `calendar` fit the terminal they are given (issue #14, point 1).

Each view is run as a real process on a pseudo-terminal of a fixed size (60, 80, 120 and 200
columns) with no COLUMNS in the environment, so sezctl learns the width the way it does on a
clerk's terminal.  What the terminal received must fit it line by line; ids, dates, commit ids
and day counts must each stand whole on one line; every word of the names and messages must be
there.  Goldens keep the screens: every width in English, 80 columns in Kazakh and Russian.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from importlib.metadata import version
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text

from sezctl.render.fit import FitColumn, fit_widths, fitted_table, wrapped_lines
from tests.conftest import BUNDLED_ROADMAPS, Cli, GitRepo
from tests.helpers import assert_golden, commit_at, edit

WIDTHS = (60, 80, 120, 200)
LANGUAGES = ("en", "kk", "ru")
# Escape sequences a terminal obeys but does not show: styles (bold, dim) and the like.
CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def on_terminal(args: list[str], width: int, cwd: Path) -> str:
    """What a terminal ``width`` columns wide shows of ``sezctl ARGS`` (its standard output;
    warnings on stderr are another part of issue #14).  stdin and stdout are the terminal, as
    in a shell; the command must exit 0."""
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    env.update(TERM="xterm-256color", NO_COLOR="1")
    env.pop("SEZCTL_LANG", None)
    env.pop("SEZCTL_TODAY", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "sezctl", *args],
        cwd=cwd, env=env, stdin=secondary, stdout=secondary, stderr=subprocess.PIPE,
    )  # fmt: skip
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    assert process.stderr is not None
    errors = process.stderr.read().decode("utf-8")
    process.stderr.close()
    assert process.wait(timeout=60) == 0, errors
    return CONTROL.sub("", b"".join(chunks).decode("utf-8").replace("\r\n", "\n"))


def assert_fits(screen: str, width: int, whole: list[str], words: list[str]) -> None:
    """No line wider than the terminal; each of ``whole`` on one line, unbroken; every word of
    ``words`` (names, messages) somewhere; no column squeezed to one letter per line."""
    lines = screen.splitlines()
    assert lines, "nothing was printed"
    too_wide = [line for line in lines if cell_len(line) > width]
    assert not too_wide, too_wide
    for value in whole:
        assert any(value in line for line in lines), f"{value!r} is not whole on one line"
    shown = {word.strip("“”«»") for word in screen.split()}
    missing = [word for text in words for word in text.split() if word not in shown]
    assert not missing, missing
    one_letter = [line for line in lines if len(line.strip()) == 1]
    assert not one_letter, one_letter


def golden_name(view: str, width: int, language: str) -> str:
    return f"width/{view}-{width}{'' if language == 'en' else '.' + language}.txt"


def keeps_golden(width: int, language: str) -> bool:
    """Every width in English; 80 columns, the clerk's terminal, in Kazakh and Russian."""
    return language == "en" or width == 80


# -- the history_repo fixture: the views at every width and in every language ------------------

DATES = {  # the commits of history_repo, as each language writes a date
    "en": ["2026-11-01", "2026-11-10", "2026-11-20", "2026-11-24"],
    "kk": ["01.11.2026", "10.11.2026", "20.11.2026", "24.11.2026"],
    "ru": ["01.11.2026", "10.11.2026", "20.11.2026", "24.11.2026"],
}
DAYS = {  # the moves of demo/grid: +31 and +15 days, +46 in all
    "en": ["+31 days", "+15 days", "+46 days"],
    "kk": ["+31 күн", "+15 күн", "+46 күн"],
    "ru": ["+31 день", "+15 дней", "+46 дней"],
}
# A count of the closing summary stays with what it counts.
REASSIGNED = {
    "en": "reassigned: 1",
    "kk": "жауаптысы ауыстырылғандар: 1",
    "ru": "сменён ответственный: 1",
}
AUTHORS = ["Operational HQ", "Aliya Nurlanovna"]
MESSAGES = [
    "Approved plan",
    "Grid: substation delivery slipped",
    "Works accepted; grid to Aliya",
    "Fix the file; grid again; fence",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_history_fits_the_terminal(
    history_repo: tuple[GitRepo, dict[str, str]], width: int, language: str
) -> None:
    """`history ITEM`: dates, commit ids, owners' ids and days whole, with their unit; authors
    and messages whole words.  At 60 and 80 columns one block per commit, wider a table."""
    repo, ids = history_repo
    screen = on_terminal(["history", "demo/grid", "--lang", language], width, repo.root)
    commits = [ids[name][:7] for name in ("c1", "c2", "c3", "c5")]
    whole = ["demo/grid", *DATES[language], *commits, *DAYS[language], "hq", "aliya"]
    assert_fits(screen, width, whole, AUTHORS + MESSAGES)
    if keeps_golden(width, language):
        assert_golden(golden_name("history-grid", width, language), screen)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_diff_fits_the_terminal(
    history_repo: tuple[GitRepo, dict[str, str]], width: int, language: str
) -> None:
    """`diff`: ids, owners, dates, commit ids and the move's days whole; authors and messages
    whole words.  The Owner column is never squeezed ("aliya", not "al" / "iy" / "a")."""
    repo, ids = history_repo
    screen = on_terminal(["diff", "2026-11-05", "HEAD", "--lang", language], width, repo.root)
    dates = {"en": ["2026-09-30", "2026-11-15"], "kk": ["30.09.2026", "15.11.2026"]}
    whole = [
        "demo/grid", "demo/works", "demo/fence", "aliya", "hq", ids["c3"][:7], ids["c5"][:7],
        DAYS[language][2], *dates.get(language, dates["kk"]), REASSIGNED[language],
    ]  # fmt: skip
    assert_fits(screen, width, whole, AUTHORS + MESSAGES[2:])
    if keeps_golden(width, language):
        assert_golden(golden_name("diff", width, language), screen)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_calendar_fits_the_terminal(tmp_path: Path, width: int, language: str) -> None:
    """`calendar 2025`: every date whole, every holiday name's words there; the Source column
    goes where it does not fit (Kazakh and Russian at 60 columns)."""
    screen = on_terminal(["calendar", "2025", "--lang", language], width, tmp_path)
    screen = screen.replace(version("holidays"), "VERSION")
    days = ["01.01.2025", "05.01.2025", "01.09.2025", "16.12.2025"]
    whole = [f"2025-{day[3:5]}-{day[:2]}" for day in days] if language == "en" else days
    names = ["Қазақстан Республикасының Конституциясы күні (қайта белгіленген демалыс)"]
    assert_fits(screen, width, whole, names if language != "ru" else [])
    if keeps_golden(width, language):
        assert_golden(golden_name("calendar-2025", width, language), screen)


# -- a real roadmap: ids of 52 characters, owners of 22, a Kazakh author ------------------------


@pytest.fixture
def long_ids_repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> tuple[GitRepo, str]:
    """The bundled roadmaps committed, then one deadline of the longest id moved by 45 days and
    committed by Абзал Әбдікәрімов with a Russian message.  Returns the second commit's id."""
    repo = git_repo
    shutil.copytree(BUNDLED_ROADMAPS, repo.root / "roadmaps")
    commit_at(repo, monkeypatch, "2026-11-02", "Дорожная карта утверждена", "Operational HQ")
    edit(
        repo,
        "owner: inv-used-oil-recycling\n        due: 2027-08-02",
        "owner: inv-used-oil-recycling\n        due: 2027-09-16",
        "roadmaps/investors.yaml",
    )
    moved = commit_at(
        repo, monkeypatch, "2026-11-20",
        "Перенос срока: подрядчик не вышел на площадку, письмо инвестора от 18.11.2026",
        "Абзал Әбдікәрімов",
    )  # fmt: skip
    return repo, moved


LONG_REF = "aktobe-sez-investors/used-oil-recycling-construction"
LONG_DAYS = {"en": "+45 days", "kk": "+45 күн", "ru": "+45 дней"}


@pytest.mark.parametrize(
    ("width", "language"),
    [(60, "en"), (80, "en"), (120, "en"), (200, "en"), (80, "kk"), (80, "ru")],
)
def test_diff_and_history_of_long_ids_fit_the_terminal(
    long_ids_repo: tuple[GitRepo, str], width: int, language: str
) -> None:
    """The bundled roadmap's longest id and owner and a Kazakh author's name: whole at every
    width, and the move has its unit (+45 days, «+45 дней»)."""
    repo, moved = long_ids_repo
    author = "Абзал Әбдікәрімов"
    message = "Перенос срока: подрядчик не вышел на площадку, письмо инвестора от 18.11.2026"
    due = ["2027-08-02", "2027-09-16"] if language == "en" else ["02.08.2027", "16.09.2027"]
    whole = [LONG_REF, moved[:7], LONG_DAYS[language], *due]
    diff = on_terminal(["diff", "HEAD~1", "HEAD", "--lang", language], width, repo.root)
    assert_fits(diff, width, [*whole, "inv-used-oil-recycling"], [author, message])
    history = on_terminal(["history", LONG_REF, "--lang", language], width, repo.root)
    assert_fits(history, width, whole, [author, message, "Зауыт құрылысының басталуы"])
    if width == 80:
        assert_golden(golden_name("diff-long-ids", width, language), diff)
        assert_golden(golden_name("history-long-ids", width, language), history)


def test_the_narrow_diff_puts_the_owner_under_an_id_too_long_to_share_its_line(
    long_ids_repo: tuple[GitRepo, str],
) -> None:
    """At 60 and 80 columns the 52-character id has its line to itself and the owner goes
    under it; at 100 they share one."""
    repo, _moved = long_ids_repo
    narrow = on_terminal(["diff", "HEAD~1", "HEAD"], 60, repo.root).splitlines()
    row = narrow.index(LONG_REF)
    assert narrow[row + 1].rstrip() == "  Owner: inv-used-oil-recycling"
    assert narrow[row + 2].rstrip() == "  2027-08-02 → 2027-09-16, +45 days"
    wide = on_terminal(["diff", "HEAD~1", "HEAD"], 100, repo.root).splitlines()
    assert f"{LONG_REF}   Owner: inv-used-oil-recycling" in wide


# -- what the width does not change -------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fmt"),
    [
        (["diff", "2026-11-05", "HEAD"], "json"),
        (["diff", "2026-11-05", "HEAD"], "markdown"),
        (["history", "demo/grid"], "json"),
    ],
)
def test_machine_formats_and_markdown_do_not_depend_on_the_width(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]], args: list[str], fmt: str
) -> None:
    """JSON and Markdown are not laid out to a terminal: the same bytes at 60 and 200 columns
    (and Markdown's Days column keeps its bare "+46")."""
    outputs = []
    for width in ("60", "200"):
        result = cli(*args, "--format", fmt, env={"COLUMNS": width})
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    if fmt == "markdown":
        assert "| demo/grid | aliya | 2026-09-30 | 2026-11-15 | +46 |" in outputs[0]


def test_the_baseline_section_of_status_fits_the_terminal(
    history_repo: tuple[GitRepo, dict[str, str]],
) -> None:
    """`status --baseline`: a table where it fits (with the unit on the drift), the same facts
    as blocks where it does not."""
    repo, ids = history_repo
    repo.git("tag", "approved-2026-11", ids["c1"])
    args = ["status", "--all", "--today", "2026-11-26", "--baseline", "approved-2026-11"]
    for width, expected in (
        (120, ["demo/grid 2026-09-30 2026-11-15 +46 days"]),
        (30, ["demo/grid", "2026-09-30 → 2026-11-15,", "+46 days"]),  # the unit with its number
    ):
        screen = on_terminal(args, width, repo.root)
        section = screen.split("Against the baseline", 1)[1].splitlines()
        rows = [" ".join(line.split()) for line in section]
        start = rows.index(expected[0].split()[0]) if width == 30 else rows.index(expected[0])
        assert rows[start : start + len(expected)] == expected
        assert max(cell_len(line) for line in screen.splitlines()) <= width


# -- the layout itself -------------------------------------------------------------------------


def test_whole_columns_get_their_widest_value_and_text_the_rest() -> None:
    """Whole columns are as wide as their widest value; the text column takes what is left up
    to its widest line; below the narrowest widths there is no table."""
    columns = [
        FitColumn("Date", ["2026-11-24", "2026-11-01"]),
        FitColumn(
            "Message", ["Fix the file; grid again; fence", "Approved"], whole=False, floor=12
        ),
    ]
    # 3 * 2 + 1 = 7 cells of edges, dividers and padding.
    assert fit_widths(columns, 7 + 10 + 31) == [10, 31]  # room for all
    assert fit_widths(columns, 7 + 10 + 40) == [10, 31]  # never wider than the content
    assert fit_widths(columns, 7 + 10 + 20) == [10, 20]  # the message wraps
    assert fit_widths(columns, 7 + 10 + 12) == [10, 12]  # its floor
    assert fit_widths(columns, 7 + 10 + 11) is None


def test_a_header_wraps_between_its_words_only_when_the_rows_would_take_more_lines() -> None:
    """A two-letter column under a two-word header: one line for the header when there is
    room, two when that room lets a name stay on one line."""
    columns = [
        FitColumn("Апта күні", ["Ср", "Жм", "Сб"]),
        FitColumn("Атауы", ["Жаңа жыл", *["Наурыз мейрамы"] * 2], whole=False, floor=5),
    ]
    # 7 cells of overhead; "Апта күні" 9 wide, "күні" its widest word, the longest name 14.
    assert fit_widths(columns, 7 + 9 + 14) == [9, 14]
    # 5 cells short: the header on two lines costs one line, the names on two lines two.
    assert fit_widths(columns, 7 + 4 + 14) == [4, 14]
    # With one row wrapped either way, the header stays on one line.
    one_long = FitColumn("Атауы", ["Жаңа жыл", "Наурыз мейрамы", "Жаңа жыл"], False, floor=5)
    assert fit_widths([columns[0], one_long], 7 + 4 + 14) == [9, 9]
    assert fit_widths(columns, 7 + 4 + 5) == [4, 5]
    assert fit_widths(columns, 7 + 4 + 4) is None


def test_the_fitted_table_counts_its_lines() -> None:
    """The height a fitted table reports is the number of lines Rich draws."""
    from rich.console import Console

    columns = [
        FitColumn("Commit", ["45c6729", "3a3d5f3"]),
        FitColumn("Message", ["Approved plan", "Grid: substation delivery slipped"], False, 10),
    ]
    fitted = fitted_table(columns, 30)
    assert fitted is not None
    console = Console(width=30, record=True, color_system=None)
    console.print(fitted.table)
    assert len(console.export_text().splitlines()) == fitted.height == 3 + 1 + 1 + 2


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("", 10, 1),
        ("Approved plan", 13, 1),
        ("Approved plan", 12, 2),
        ("Grid: substation delivery slipped", 10, 4),
        ("aktobe-sez-investors/used-oil-recycling-construction", 20, 3),  # folded
        ("two\nlines", 40, 2),
    ],
)
def test_wrapped_lines_counts_as_rich_wraps(text: str, width: int, lines: int) -> None:
    """The line count used to choose a layout is the one Rich draws."""
    from rich.console import Console

    assert wrapped_lines(text, width) == lines
    console = Console(width=width, record=True, color_system=None)
    console.print(Text(text))
    assert len(console.export_text().splitlines()) == lines
