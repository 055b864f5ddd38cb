"""The human views fit the terminal they are given (issue 14, points 1 and 2).

`status`, `owners`, `show` and `critical` run in a real terminal: a tmux pane of a fixed size,
read back with ``capture-pane`` (scroll-back included), so the width is the one sezctl finds
for itself and what is checked is what a clerk sees.  For each view, at 60, 80, 120 and 200
columns in English and at 80 in Kazakh and Russian, the screen is pinned in a golden file
(``SEZCTL_UPDATE_GOLDEN=1`` rewrites them) and checked against the data of the view's JSON:
every id and date is whole on one line, every word of every title and name is there, the
terminal never had to wrap a line, and "…" only starts the line that says what was left out.

The row limit, the root-cause summary and the machine formats do not depend on the width and
run in-process on made-up roadmaps.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from rich.console import Console
from rich.text import Text

from sezctl.render.layout import Column, FittedFacts, FittedTable, Kind
from tests.conftest import OWNERS_YAML, REPO, Cli
from tests.helpers import assert_golden, run_sezctl

TODAY = "2026-11-26"
TMUX = shutil.which("tmux")
needs_tmux = pytest.mark.skipif(TMUX is None, reason="needs tmux (.ci/run installs it)")
END = "::sezctl-exit::"

# -- a real terminal ---------------------------------------------------------------------------


class Screen(NamedTuple):
    """What a tmux pane showed, line by line (trailing spaces and blank lines dropped)."""

    lines: list[str]
    joined: list[str]  # the same, with lines the terminal wrapped joined again (-J)
    exit_code: int

    @property
    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def _capture(tmux: list[str], joined: bool) -> list[str]:
    flags = ["-J"] if joined else []
    done = subprocess.run(
        [*tmux, "capture-pane", "-p", *flags, "-t", "view", "-S", "-", "-E", "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return [line.rstrip() for line in done.stdout.split("\n")]


def on_terminal(args: list[str], width: int, language: str = "en", cwd: Path = REPO) -> Screen:
    """Run ``sezctl ARGS`` in a detached tmux pane ``width`` columns wide and 40 lines high and
    return everything the pane showed, scroll-back included.  No COLUMNS or LINES: sezctl (Rich)
    asks the terminal for its size, as it does for a person."""
    assert TMUX is not None
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(cwd),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "SEZCTL_LANG": language,
    }
    config = Path(__file__).parent / "data" / "tmux.conf"
    tmux = [TMUX, "-u", "-L", f"sezctl-{os.getpid()}-{uuid.uuid4().hex[:8]}", "-f", str(config)]
    command = shlex.join([sys.executable, "-m", "sezctl", *args])
    script = f"cd {shlex.quote(str(cwd))} && {command}; echo {END}$?; exec sleep 600"
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "view", "-x", str(width), "-y", "40", script],
        env=env,
        check=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            lines = _capture(tmux, joined=False)
            ends = [index for index, line in enumerate(lines) if line.startswith(END)]
            if ends:
                break
            assert time.monotonic() < deadline, "\n".join(lines)
            time.sleep(0.1)
        end = ends[0]
        code = int(lines[end][len(END) :])
        joined = _capture(tmux, joined=True)
        joined = joined[: joined.index(lines[end])]
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)
    return Screen(_trimmed(lines[:end]), _trimmed(joined), code)


def _trimmed(lines: list[str]) -> list[str]:
    while lines and not lines[-1]:
        lines = lines[:-1]
    return lines


# -- what the views must show ----------------------------------------------------------------

VIEWS = {
    "status": ["status"],
    "owners": ["owners"],
    "show-construction-start": ["show", "construction-start"],
    "critical": ["critical"],
}
WIDTHS = [60, 80, 120, 200]
CASES = [(view, width, "en") for view in VIEWS for width in WIDTHS] + [
    (view, 80, language) for view in VIEWS for language in ("kk", "ru")
]


def _day(iso: str, language: str) -> str:
    day = date.fromisoformat(iso)
    return iso if language == "en" else f"{day.day:02d}.{day.month:02d}.{day.year}"


def _whole(token: str) -> str:
    """A pattern for ``token`` not glued to more of an id on either side."""
    return r"(?<![\w./-])" + re.escape(token) + r"(?![\w/-])"


def expected_on_screen(view: str, language: str) -> tuple[list[str], list[str]]:
    """From the view's JSON: the ids, refs and dates that must each be whole on one line, and
    the words (of titles, names and notes) that must each be there."""
    args = [*VIEWS[view], "--today", TODAY, "--format", "json"]
    done = run_sezctl(*args, cwd=REPO)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    whole: list[str] = []
    words: list[str] = []

    def item(record: dict[str, Any], *, ref: bool = False) -> None:
        whole.append(record["ref"] if ref else record["id"])
        whole.append(_day(record["due"], language))
        words.extend(record["title"].split())
        words.extend((record["owner_name"] or record["owner"]).split())

    if view == "status":
        for record in data["items"] + data["at_risk"] + data["due_soon"]:
            item(record)
            whole.append(record["roadmap"])
    elif view == "owners":
        for owner in data["owners"]:
            whole.append(owner["owner"])
            words.extend(owner["name"].split())
            if owner["worst"]:
                whole.extend(owner["worst"].split("/"))
    elif view.startswith("show"):
        item(data["item"], ref=True)
        words.extend(data["item"]["note"].split())
        for record in data["prerequisites"] + data["dependents"] + data["tasks"]:
            item(record)
    else:
        for roadmap in data["roadmaps"]:
            whole.append(roadmap["roadmap"])
            for record in roadmap["critical_path"] + roadmap["other_open_items"]:
                item(record)
    return whole, words


@pytest.fixture(scope="module")
def screens() -> Iterator[Callable[[str, int, str], Screen]]:
    """Each view at each width and language, run once for the module."""
    seen: dict[tuple[str, int, str], Screen] = {}

    def screen(view: str, width: int, language: str) -> Screen:
        key = (view, width, language)
        if key not in seen:
            seen[key] = on_terminal([*VIEWS[view], "--today", TODAY], width, language)
        return seen[key]

    yield screen


@needs_tmux
@pytest.mark.parametrize(("view", "width", "language"), CASES)
def test_each_view_on_a_real_terminal_matches_its_golden_file(
    screens: Callable[[str, int, str], Screen], view: str, width: int, language: str
) -> None:
    """The screen of each view of the bundled roadmap as of 2026-11-26, pinned byte for byte
    per width and language: a table where one fits, one block per item where not."""
    screen = screens(view, width, language)
    assert screen.exit_code == 0, screen.text
    suffix = "" if language == "en" else f".{language}"
    assert_golden(f"{view}-{width}col{suffix}.txt", screen.text)


@needs_tmux
@pytest.mark.parametrize(("view", "width", "language"), CASES)
def test_no_character_is_lost_and_no_id_or_date_is_broken(
    screens: Callable[[str, int, str], Screen], view: str, width: int, language: str
) -> None:
    """Every id and date of the view's data is whole on one line of the screen, every word of
    its titles and names is there, no line was wider than the terminal, and nothing is elided
    with "…" (only the line that says how many more there are starts with it)."""
    screen = screens(view, width, language)
    assert screen.joined == screen.lines, "the terminal had to wrap a line"
    assert all(len(line) <= width for line in screen.lines)
    whole, words = expected_on_screen(view, language)
    for token in whole:
        assert any(re.search(_whole(token), line) for line in screen.lines), token
    tokens = {token for line in screen.lines for token in line.split()}
    assert [word for word in words if word not in tokens] == []
    assert [line for line in screen.lines if "…" in line and not line.startswith("…")] == []


@needs_tmux
def test_a_narrow_terminal_gets_blocks_and_a_wide_one_a_table() -> None:
    """At 60 columns an overdue item is a block, its id on its own line and each count with its
    unit; at 200 the same item is one table row."""
    narrow = on_terminal(["status", "--today", TODAY], 60)
    start = narrow.lines.index("truck-assembly-agreement  aktobe-sez-investors")
    assert narrow.lines[start : start + 6] == [
        "truck-assembly-agreement  aktobe-sez-investors",
        "  Title   Қызметті жүзеге асыру туралы шарт (АЭА қатысушысы)",
        "  Owner   «Ақтөбе» АЭА басқарушы компаниясы",
        "  Due     2026-06-30",
        "  Late    149 days",
        "  Status  in-progress",
    ]
    wide = on_terminal(["status", "--today", TODAY], 200)
    row = next(line for line in wide.lines if line.startswith(" truck-assembly-agreement"))
    assert re.split(r" {3,}", row.strip()) == [
        "truck-assembly-agreement",
        "Қызметті жүзеге асыру туралы шарт (АЭА қатысушысы)",
        "«Ақтөбе» АЭА басқарушы компаниясы",
        "2026-06-30",
        "149 days",
        "in-progress",
    ]


@needs_tmux
def test_the_summary_comes_first_and_last() -> None:
    """The one-line summary is the first thing on the screen, and the last."""
    screen = on_terminal(["status", "--today", TODAY], 200)
    summary = (
        "2026-11-26: 83 items, 47 open, 9 overdue, 5 at risk, 5 due within 14 days. Worst: "
        "aktobe-sez-investors/truck-assembly-agreement, 149 days overdue («Ақтөбе» АЭА "
        "басқарушы компаниясы)."
    )
    assert screen.lines[0] == summary
    assert screen.lines[-1] == summary


# -- deadline moves: a table of dates, counts and free text -------------------------------------

RESCHEDULED = """
roadmap: demo
title: Demo
stages:
  - id: grid
    title: Power grid
    owner: abdikarimov
    baseline: 2026-06-01
    due: 2026-08-15
    reschedules:
      - {from: 2026-06-01, to: 2026-07-01, on: 2026-05-20, reason: "Transformer late"}
      - from: 2026-07-01
        to: 2026-08-15
        on: 2026-06-25
        reason: Жер учаскесін рәсімдеу кешікті, облыс әкімдігінің шешімі күтілуде
        ref: HQ protocol No. 12
"""


@needs_tmux
def test_deadline_moves_are_blocks_on_a_narrow_terminal(tmp_path: Path) -> None:
    """`show` of an item with recorded moves: at 60 columns each move is a block headed by its
    date, the move counted in days, with the decision it names (or "no decision named"); at 120
    a table row."""
    (tmp_path / "rm").mkdir()
    (tmp_path / "rm" / "plan.yaml").write_text(OWNERS_YAML + RESCHEDULED, encoding="utf-8")
    narrow = on_terminal(["show", "grid", "rm", "--today", TODAY], 60, cwd=tmp_path)
    start = narrow.lines.index("Deadline moves")
    assert narrow.lines[start:] == [
        "Deadline moves",
        "",
        "2026-05-20",
        "  From      2026-06-01",
        "  To        2026-07-01",
        "  Days      +30 days",
        "  Reason    Transformer late",
        "  Decision  no decision named",
        "",
        "2026-06-25",
        "  From      2026-07-01",
        "  To        2026-08-15",
        "  Days      +45 days",
        "  Reason    Жер учаскесін рәсімдеу кешікті, облыс",
        "            әкімдігінің шешімі күтілуде",
        "  Decision  document: HQ protocol No. 12",
    ]
    wide = on_terminal(["show", "grid", "rm", "--today", TODAY], 120, cwd=tmp_path)
    start = next(i for i, line in enumerate(wide.lines) if line.startswith(" 2026-05-20"))
    reason = "Жер учаскесін рәсімдеу кешікті, облыс"
    assert [re.split(r" {3,}", line.strip()) for line in wide.lines[start:]] == [
        [
            "2026-05-20",
            "2026-06-01",
            "2026-07-01",
            "+30 days",
            "Transformer late",
            "no decision named",
        ],
        ["2026-06-25", "2026-07-01", "2026-08-15", "+45 days", reason, "document: HQ"],
        ["әкімдігінің шешімі күтілуде", "protocol No. 12"],
    ]


# -- the layout on its own -----------------------------------------------------------------


def _render(renderable: object, width: int) -> list[str]:
    console = Console(width=width, no_color=True, highlight=False, markup=False, emoji=False)
    with console.capture() as captured:
        console.print(renderable)
    return [line.rstrip() for line in captured.get().splitlines()]


def test_a_table_is_chosen_exactly_when_its_ids_and_words_fit() -> None:
    """The table needs its fixed columns whole, each text column at least 20 wide (or its
    natural width), and the edges and gaps between: 2 + 3 per gap.  One column less and it
    is blocks."""
    table = FittedTable(
        [Column("Item", Kind.KEY), Column("Title"), Column("Due", Kind.FIXED)],
        [[Text("power-grid"), Text("Электрмен жабдықтау — 110/10 кВ"), Text("2026-09-30")]],
    )
    needed = len("power-grid") + 20 + len("2026-09-30") + 2 + 3 * 2
    assert table.table_widths(needed) == [10, 20, 10]
    assert table.table_widths(needed - 1) is None
    assert _render(table, needed) == [
        "",
        " Item         Title                  Due",
        " " + "─" * (needed - 2),
        " power-grid   Электрмен жабдықтау    2026-09-30",
        "              — 110/10 кВ",
        "",
    ]
    assert _render(table, needed - 1) == [
        "",
        "power-grid",
        "  Title  Электрмен жабдықтау — 110/10 кВ",
        "  Due    2026-09-30",
        "",
    ]


def test_an_id_longer_than_the_terminal_is_folded_not_cut() -> None:
    """The last resort: an id wider than the whole terminal is folded onto the next line,
    every character kept."""
    long_id = "a-very-long-item-identifier-that-no-terminal-holds"
    lines = _render(
        FittedFacts([("Item", Text(long_id), Kind.FIXED), ("Due", Text("2026-09-30"), Kind.FIXED)]),
        20,
    )
    assert lines[0] == "Item"
    assert "".join(line.strip() for line in lines[1:-1]) == long_id
    assert lines[-1] == "Due   2026-09-30"


def test_a_value_too_wide_beside_its_header_goes_under_it() -> None:
    """In a block, a ref that cannot sit beside the longest header goes on the next line; the
    other values stay beside theirs."""
    facts = FittedFacts(
        [
            ("Болжам бойынша кешігу", Text("+41 күн"), Kind.PHRASE),
            ("Іс-шара", Text("aktobe-sez-infrastructure/construction-start"), Kind.FIXED),
        ]
    )
    assert _render(facts, 60) == [
        "Болжам бойынша кешігу  +41 күн",
        "Іс-шара",
        "  aktobe-sez-infrastructure/construction-start",
    ]


# -- point 2: what a person is shown ------------------------------------------------------------


def late_roadmap(roots: int) -> str:
    """Roots r1..rN, overdue, and for each root ri, i items that depend on it and are at risk
    because of it: N overdue items, N(N+1)/2 at risk, N root causes counting 1..N items."""
    lines = ["roadmap: late", "title: Late", "stages:"]
    for root in range(1, roots + 1):
        lines += [
            f"  - id: r{root}",
            f"    title: Root {root}",
            "    owner: abdikarimov",
            "    start: 2026-10-01",
            f"    due: 2026-11-{10 + root:02d}",
        ]
        for number in range(1, root + 1):
            lines += [
                f"  - id: d{root}-{number}",
                f"    title: Waits for root {root}",
                "    owner: aitymbetov",
                "    start: 2026-11-21",
                "    due: 2026-11-30",
                f"    depends_on: [r{root}]",
            ]
    return OWNERS_YAML + "\n".join(lines) + "\n"


@pytest.fixture
def late(tmp_path: Path) -> Path:
    folder = tmp_path / "late"
    folder.mkdir()
    (folder / "late.yaml").write_text(late_roadmap(7), encoding="utf-8")
    return folder


def status_lines(cli: Cli, *args: str) -> list[str]:
    """The lines of `sezctl status ARGS` (as of 2026-11-26) at 200 columns."""
    result = cli("status", *args, "--today", TODAY, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return [line.rstrip() for line in result.stdout.splitlines()]


def first_words(lines: list[str], title: str) -> list[str]:
    """The first word of each row of the table under ``title`` (up to its closing blank),
    skipping the lines that only continue a row's cells."""
    start = lines.index(title) + 4  # title, the table's blank top, the header, the rule
    end = lines.index("", start)
    return [line.split()[0] for line in lines[start:end] if not line.startswith("  ")]


def test_each_section_shows_its_worst_rows_and_the_command_for_the_rest(
    cli: Cli, late: Path
) -> None:
    """With --limit 3 each section lists its three worst items, then how many more there are
    and the exact command that shows them, with the same folder and date; that command does."""
    lines = status_lines(cli, str(late), "--limit", "3")
    assert first_words(lines, "Overdue") == ["r1", "r2", "r3"]
    end = lines.index("", lines.index("Overdue") + 4)
    more = f"… and 4 more: sezctl status {late} --today {TODAY} --limit 7"
    assert lines[end + 1] == more
    at_risk = "At risk: not overdue yet, but forecast to miss the deadline"
    assert first_words(lines, at_risk) == ["d1-1", "d2-1", "d2-2"]
    assert f"… and 25 more: sezctl status {late} --today {TODAY} --limit 28" in lines
    command = shlex.split(more.split(": ", 1)[1])
    assert command[:2] == ["sezctl", "status"]
    shown = status_lines(cli, *command[2:-2], "--limit", "7")
    assert first_words(shown, "Overdue") == ["r1", "r2", "r3", "r4", "r5", "r6", "r7"]
    assert not [line for line in shown if line.startswith("… and") and "--limit 7" in line]


def test_the_default_limit_is_fifteen_rows_and_all_lifts_it(cli: Cli, late: Path) -> None:
    """Without options each section stops after 15 rows (28 at risk: 13 more); --all lists
    every item and every root cause."""
    lines = status_lines(cli, str(late))
    at_risk = "At risk: not overdue yet, but forecast to miss the deadline"
    assert len(first_words(lines, at_risk)) == 15
    assert f"… and 13 more: sezctl status {late} --today {TODAY} --limit 28" in lines
    everything = status_lines(cli, str(late), "--all")
    assert not [line for line in everything if line.startswith("…")]
    assert len(first_words(everything, at_risk)) == 28


def test_the_hint_keeps_the_filters_and_options_that_chose_the_rows(
    cli: Cli, late: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Owner, roadmap, the due-soon window, working days, --all and --lang are repeated in the
    command; a date that came from SEZCTL_TODAY stays in the environment."""
    monkeypatch.setenv("SEZCTL_TODAY", TODAY)
    result = cli(
        "status", str(late), "--owner", "aitymbetov", "--roadmap", "late", "--warning-days",
        "3", "--days", "working", "--all", "--limit", "2", "--lang", "ru",
        env={"COLUMNS": "200", "SEZCTL_TODAY": TODAY},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        f"… и ещё 26 мероприятий: sezctl status {late} --owner aitymbetov --roadmap late "
        "--warning-days 3 --days working --lang ru --all --limit 28"
    ) in result.stdout.splitlines()


def test_where_the_delay_starts_names_the_top_five_causes_with_counts(cli: Cli, late: Path) -> None:
    """Seven root causes: the five that hold up the most items, with how many, then how many
    more and the command that lists them all (--all, which does)."""
    lines = status_lines(cli, str(late))
    start = lines.index("Where the delay starts")
    assert lines[start : start + 12] == [
        "Where the delay starts",
        "",
        " Item            Delays",
        " ──────────────────────",
        " r7     7 items at risk",
        " r6     6 items at risk",
        " r5     5 items at risk",
        " r4     4 items at risk",
        " r3     3 items at risk",
        "",
        f"… and 2 more: sezctl status {late} --today {TODAY} --all",
        "",
    ]
    everything = status_lines(cli, str(late), "--all")
    causes = first_words(everything, "Where the delay starts")
    assert causes == ["r7", "r6", "r5", "r4", "r3", "r2", "r1"]


def test_machine_formats_are_never_cut(cli: Cli, late: Path) -> None:
    """--limit is for people: JSON and CSV carry every item whatever it says."""
    data = json.loads(
        cli("status", str(late), "--today", TODAY, "--limit", "1", "-f", "json").stdout
    )
    assert (len(data["items"]), len(data["at_risk"])) == (7, 28)
    csv = cli("status", str(late), "--today", TODAY, "--all", "--limit", "1", "-f", "csv").stdout
    assert len(csv.splitlines()) == 1 + 7 + 28


def test_the_command_in_the_hint_is_cleaned_for_the_terminal(cli: Cli, tmp_path: Path) -> None:
    """A folder name with an escape character is repeated in the hint with U+FFFD in its place,
    never as a control sequence."""
    folder = tmp_path / "late\x1b[2J"
    folder.mkdir()
    (folder / "late.yaml").write_text(late_roadmap(3), encoding="utf-8")
    lines = status_lines(cli, str(folder), "--limit", "1")
    assert f"… and 2 more: sezctl status '{tmp_path}/late\ufffd[2J' --today {TODAY} --limit 3" in (
        lines
    )
    assert not [line for line in lines if "\x1b" in line]


# -- the agenda and the discipline table (issue 14, point 1) -----------------------------------

AGENDA_HEADERS = [
    ("points", ["Point", "Instruction", "Responsible", "Deadline", "Control", "Carried"]),
    ("overdue", ["Item", "Title", "Responsible", "Deadline", "Overdue"]),
    ("due", ["Item", "Title", "Responsible", "Deadline", "Left"]),
    ("at_risk", ["Item", "Title", "Responsible", "Deadline", "Forecast"]),
    ("moves_awaiting_decision", ["Item", "Responsible", "From", "To", "Recorded", "Reason"]),
]
DISCIPLINE_HEADERS = [
    "Owner", "Name", "Due in period", "On time", "Done late", "Missed", "Not yet due",
    "On-time rate", "Moves", "Days moved", "Off control",
]  # fmt: skip
FITTED_VIEWS = {
    "agenda": ["agenda"],
    "discipline": ["owners", "--period", "2026"],
}


def _translated(headers: list[str], language: str) -> list[str]:
    from sezctl.core.i18n import _, use_language

    use_language(language)
    try:
        return [_(header) for header in headers]
    finally:
        use_language("en")


def fitted_view_expected(view: str, language: str) -> tuple[list[str], list[str]]:
    """The ids and dates that must be whole on one line, and the words of the column headers
    (but the first, whose column heads each block on a narrow terminal), which must be whole."""
    args = [*FITTED_VIEWS[view], "--today", TODAY, "--format", "json"]
    done = run_sezctl(*args, cwd=REPO)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    whole: list[str] = []
    headers: list[str] = []
    if view == "agenda":
        for key, names in AGENDA_HEADERS:
            if data[key]:
                headers += names[1:]  # the first names the row: a block shows its value only
            for record in data[key]:
                whole.append(record["ref"])
                whole.append(_day(record["due"] if "due" in record else record["to"], language))
    else:
        headers = DISCIPLINE_HEADERS[1:]
        whole = [owner["owner"] for owner in data["owners"]]
    words = [word for header in _translated(headers, language) for word in header.split()]
    return whole, words


@needs_tmux
@pytest.mark.parametrize("language", ["en", "kk", "ru"])
@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("view", list(FITTED_VIEWS))
def test_agenda_and_discipline_fit_the_terminal(view: str, width: int, language: str) -> None:
    """`agenda` and `owners --period` of the bundled roadmap at 60 and 80 columns: no line wider
    than the terminal (nor wrapped by it), every id and date whole on one line, and every word
    of every column header whole (a header wraps between its words only)."""
    screen = on_terminal([*FITTED_VIEWS[view], "--today", TODAY], width, language)
    assert screen.exit_code == 0, screen.text
    assert screen.joined == screen.lines, "the terminal had to wrap a line"
    assert all(len(line) <= width for line in screen.lines)
    whole, words = fitted_view_expected(view, language)
    for token in whole:
        assert any(re.search(_whole(token), line) for line in screen.lines), token
    tokens = {token for line in screen.lines for token in line.split()}
    assert [word for word in words if word not in tokens] == []
    assert [line for line in screen.lines if "…" in line] == []
