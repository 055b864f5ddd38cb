"""The meeting pack's sections (`sezctl report`, issue 13): the headline against the current and
the approved deadlines, what changed since the last meeting (only against a state git holds),
at risk next, the decisions the meeting must take, protocol instructions on control, executive
discipline, what is due before the next meeting; --roadmap/--owner narrowing every section; the
title from sezctl.toml; the JSON carrying every figure the Markdown and HTML packs show; and the
Markdown pack in English, Kazakh and Russian on a pinned-date history."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli, GitRepo
from tests.helpers import assert_golden, commit_at, edit
from tests.test_exports import MERMAID, decoded, parse_with_mermaid

TODAY = "2026-11-26"
CONFIG = """\
[meetings]
weekday = "thursday"
every_weeks = 1

[report]
title = "«Demo» SEZ operational headquarters"
"""
PROTOCOL = """\
protocol: "47"
date: 2026-11-19
chair: hq
points:
  - point: 1
    text: Deliver the transformer schedule.
    owner: aliya
    due: 2026-11-25
  - point: 2
    text: Report on the fence.
    owner: hq
    due: 2026-12-10
  - point: 3
    text: Sign the works acceptance act.
    owner: hq
    due: 2026-11-25
    executed: 2026-11-24
    evidence: act No. 7
"""
# Uncommitted on the meeting day: an item overdue since 21 November, the grid's approved
# deadline, and a chain the grid's delay pushes: cabling (planned 20-30 November) cannot start
# before the grid ends today, so it is forecast to 7 December, past the commissioning due
# 3 December.
NEW_ITEMS = """\
  - id: permit
    title: Permit
    owner: hq
    due: 2026-11-21
  - id: cabling
    title: Cabling
    owner: aliya
    start: 2026-11-20
    due: 2026-11-30
    depends_on: [grid]
  - id: energise
    title: Commissioning
    owner: hq
    due: 2026-12-03
    depends_on: [cabling]
"""


@pytest.fixture
def pack_repo(
    history_repo: tuple[GitRepo, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> tuple[GitRepo, dict[str, str]]:
    """tests/conftest.py's history (1-24 November 2026), then on 25 November the cadence, the
    pack's title and protocol No. 47 of 19 November, and on the meeting day (26 November,
    uncommitted) the grid's approved deadline 30 September, the survey removed and three new
    items."""
    repo, ids = history_repo
    repo.write("sezctl.toml", CONFIG)
    repo.write("roadmaps/protocols/2026-11-19.yaml", PROTOCOL)
    ids["c6"] = commit_at(repo, monkeypatch, "2026-11-25", "Protocol No. 47", "Secretary")
    edit(repo, "    due: 2026-11-15\n", "    due: 2026-11-15\n    baseline: 2026-09-30\n")
    edit(repo, "  - id: survey\n    title: Survey\n    owner: hq\n    due: 2026-02-01\n"
         "    done: 2026-01-30\n", "")  # fmt: skip
    path = repo.root / "roadmaps/plan.yaml"
    path.write_text(path.read_text(encoding="utf-8") + NEW_ITEMS, encoding="utf-8")
    return repo, ids


def pack(cli: Cli, *args: str) -> str:
    result = cli("report", "--today", TODAY, "--weeks", "3", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def pack_json(cli: Cli, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(pack(cli, "--format", "json", *args))
    return data


HEADLINE = ("overdue", "overdue_days", "baseline_overdue", "baseline_overdue_days", "at_risk",
            "hidden_delay_days")  # fmt: skip


def refs(rows: list[dict[str, Any]]) -> list[str]:
    return [row["ref"] for row in rows]


# -- the headline -------------------------------------------------------------------------------


def test_the_headline_counts_overdue_against_the_current_and_the_approved_deadlines(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """By hand for 26 November: the grid (due 15 Nov, approved 30 Sep) is 11 days late, 57
    against the approved deadline; the permit 5 and protocol point 47/1 (due 25 Nov) 1, both
    never moved: 17 days now, 63 against the approved deadlines, 46 hidden by the moves.  At
    risk as `status` counts: cabling and commissioning."""
    data = pack_json(cli)
    assert [data[key] for key in HEADLINE] == [3, 17, 3, 63, 2, 46]
    status = json.loads(cli("status", "--today", TODAY, "--format", "json").stdout)
    assert (status["summary"]["overdue"], status["summary"]["at_risk"]) == (3, 2)
    assert (
        "- Overdue now: **3** items, **17** days in total.\n"
        "- Against the approved deadlines: **3** items overdue, **63** days in total.\n"
        "- Delay hidden by moved deadlines: **46** days.\n"
        "- At risk (forecast to miss the deadline): **2** items.\n"
    ) in pack(cli)


def test_moving_a_deadline_never_lowers_the_figures_against_the_approved_one(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """The permit moved from 21 November to 20 December with a recorded reschedule: overdue
    now drops to 2 items and 12 days, the approved-deadline figures stay 3 and 63, and the
    hidden delay grows by the permit's 5 days."""
    repo, _ = pack_repo
    moved = "      - {from: 2026-11-21, to: 2026-12-20, on: 2026-11-26, reason: Land survey.}\n"
    edit(repo, "    due: 2026-11-21\n", "    due: 2026-12-20\n    reschedules:\n" + moved)
    data = pack_json(cli)
    assert (data["overdue"], data["overdue_days"]) == (2, 12)
    assert (data["baseline_overdue"], data["baseline_overdue_days"]) == (3, 63)
    assert data["hidden_delay_days"] == 51


# -- what changed since the last meeting --------------------------------------------------------


def test_what_changed_since_the_last_meeting_lists_every_kind_of_change(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """Since the meeting of 19 November (the state of c2, 10 November): the grid was overdue
    then, so only the permit and point 47/1 are newly overdue; the works were completed and the
    grid moved (c5) and handed to Aliya (c3); five items and three points were added, and the
    survey removed in the files not yet committed."""
    _, ids = pack_repo
    data = pack_json(cli)
    assert data["since"] == {
        "label": f"2026-11-19 ({ids['c2'][:7]})", "commit": ids["c2"], "earlier_state": True
    }  # fmt: skip
    assert refs(data["newly_overdue"]) == ["demo/permit", "protocol-2026-11-19/1"]
    assert [(c["ref"], c["commit"]) for c in data["completed"]] == [("demo/works", ids["c3"])]
    assert [(c["ref"], c["old"], c["new"], c["days"]) for c in data["deadlines_moved"]] == [
        ("demo/grid", "2026-10-31", "2026-11-15", 15)
    ]
    assert [(c["ref"], c["old"], c["new"], c["commit"]) for c in data["reassigned"]] == [
        ("demo/grid", "hq", "aliya", ids["c3"])
    ]
    assert [(c["ref"], c["commit"]) for c in data["added"]] == [
        ("demo/cabling", None), ("demo/energise", None), ("demo/fence", ids["c5"]),
        ("demo/permit", None), ("protocol-2026-11-19/1", ids["c6"]),
        ("protocol-2026-11-19/2", ids["c6"]), ("protocol-2026-11-19/3", ids["c6"]),
    ]  # fmt: skip
    assert [(c["ref"], c["commit"]) for c in data["removed"]] == [("demo/survey", None)]
    text = pack(cli)
    assert "Meeting pack for 2026-11-26, changes since the meeting of 2026-11-19.\n" in text
    assert ids["c2"][:7] not in text  # no git hash for people
    assert (
        "| demo/grid | Power grid | Operational HQ | Aliya Nurlanovna | no recorded decision: "
        "“Works accepted; grid to Aliya” | Operational HQ |" in text
    )


def test_without_an_earlier_state_the_pack_says_so_instead_of_inventing_changes(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """The previous meeting on 15 October, before the first commit (1 November): nothing is
    "newly overdue" or "added" — the pack says the changes cannot be shown."""
    data = pack_json(cli, "--since", "2026-10-15")
    assert data["since"] == {  # labelled as `sezctl diff` labels it
        "label": "2026-10-15 (before the first commit)",
        "commit": None,
        "earlier_state": False,
    }
    for key in ("newly_overdue", "completed", "deadlines_moved", "reassigned", "added", "removed"):
        assert data[key] == [], key
    assert data["overdue"] == 3  # the headline is today's, whatever the history
    text = pack(cli, "--since", "2026-10-15")
    assert (
        "## What changed since the meeting of 2026-10-15\n\n"
        "No earlier record: git holds no state of the roadmaps from before the previous meeting, "
        "so the changes since it cannot be shown.\n\n## At risk next\n"
    ) in text


def test_trend_weeks_before_the_first_commit_are_no_data_not_zero(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """Five weeks back from 26 November: 29 October is before the first commit (1 November),
    so it has no figures (null, "no data"); 5 November is the approved plan, nothing late."""
    data = pack_json(cli, "--weeks", "5")
    assert [(p["date"], p["overdue"], p["overdue_days"]) for p in data["trend"]] == [
        ("2026-10-29", None, None),
        ("2026-11-05", 1, 36),
        ("2026-11-12", 1, 12),
        ("2026-11-19", 1, 19),
        ("2026-11-26", 3, 17),
    ]
    assert "| 2026-10-29 | no data | no data |\n| 2026-11-05 | 1 | 36 |" in pack(
        cli, "--weeks", "5"
    )


# -- at risk, decisions, protocol points, discipline, due next ---------------------------------


def test_at_risk_next_says_what_pushes_each_item_and_where_the_delay_starts(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """The grid (overdue, forecast to end today) pushes cabling to 7 December, 7 days past its
    deadline; cabling pushes commissioning 4 days; both delays start at the grid."""
    data = pack_json(cli)
    assert [
        (r["ref"], r["forecast"], r["slip_days"], r["driver"], r["root_cause"])
        for r in data["at_risk_next"]
    ] == [
        ("demo/cabling", "2026-12-07", 7, "demo/grid", "demo/grid"),
        ("demo/energise", "2026-12-07", 4, "demo/cabling", "demo/grid"),
    ]


def test_decisions_are_the_delays_the_plan_cannot_absorb(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """Cabling's forecast (7 December) passes the deadline of commissioning, which waits for
    it (3 December).  Commissioning's own slip is absorbed: the fence, due 1 March, ends the
    roadmap.  The grid's successor was due to start before today: it is late already."""
    data = pack_json(cli)
    assert [
        (d["ref"], d["reason"], d["forecast"], d["limit"], d["successor"])
        for d in data["decisions"]
    ] == [("demo/cabling", "successor", "2026-12-07", "2026-12-03", "demo/energise")]
    assert (
        "| demo/cabling | Cabling | Aliya Nurlanovna | 2026-11-30 | 2026-12-07 | the start of "
        "demo/energise (2026-12-03) |"
    ) in pack(cli)


def test_a_late_item_that_ends_its_roadmap_needs_a_decision(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """Without the fence, commissioning ends the roadmap: its forecast (7 December) passes the
    roadmap's last deadline (3 December), and it has no slack left.  The grid, which starts the
    delay, now moves the roadmap's end too: it is late on its own deadline with no slack."""
    repo, _ = pack_repo
    edit(repo, "    due: 2027-03-01\n", "    due: 2026-11-01\n    status: cancelled\n")
    data = pack_json(cli)
    assert [(d["ref"], d["reason"], d["limit"]) for d in data["decisions"]] == [
        ("demo/cabling", "successor", "2026-12-03"),
        ("demo/energise", "roadmap-end", "2026-12-03"),
        ("demo/grid", "no-slack", "2026-11-15"),
    ]


def test_protocol_instructions_show_their_control_status_and_meetings_carried(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """Protocol No. 47 of 19 November at the meeting of 26 November: point 1 overdue, point 2
    not yet due, each carried to one meeting; point 3 executed on 24 November, shown once."""
    data = pack_json(cli)
    assert [(p["ref"], p["control"], p["carried"], p["closed"]) for p in data["points"]] == [
        ("protocol-2026-11-19/1", "overdue", 1, None),
        ("protocol-2026-11-19/2", "not-yet-due", 1, None),
        ("protocol-2026-11-19/3", "executed", 1, "2026-11-24"),
    ]
    text = pack(cli)
    assert (
        "| protocol-2026-11-19/1 | Deliver the transformer schedule. | Aliya Nurlanovna "
        "| 2026-11-25 | overdue by 1 day | 1 meeting |" in text
    )
    assert (
        "| protocol-2026-11-19/3 | Sign the works acceptance act. | Operational HQ | 2026-11-25 "
        "| executed 2026-11-24 | — |" in text
    )


def test_executive_discipline_covers_the_calendar_year_to_date(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """1 January to 26 November 2026, against the approved deadlines: Aliya's grid (approved
    30 Sep) and point 47/1 are missed; the HQ's point 47/3 was on time and the permit missed;
    the moves come from git (c2 by the HQ, +31; c5 by Aliya, +15)."""
    data = pack_json(cli)["discipline"]
    assert data["period"] == {"from": "2026-01-01", "to": "2026-11-26"}
    assert [
        (o["owner"], o["due"], o["on_time"], o["late"], o["missed"], o["moves"], o["days_moved"])
        for o in data["owners"]
    ] == [("aliya", 2, 0, 0, 2, 1, 15), ("hq", 2, 1, 0, 1, 1, 31)]


def test_due_before_the_next_meeting_follows_the_cadence(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """Weekly on Thursdays: the next meeting is 3 December, so cabling (30 Nov) and
    commissioning (3 Dec) are due before it; every other week, the meeting of 10 December
    brings point 47/2 (due that day) in too (counted from 26 November; from the protocol of 19
    November the next would be 3 December).  Without a cadence, a week from today."""
    repo, _ = pack_repo
    data = pack_json(cli)
    assert (data["next_meeting"], refs(data["due_next"])) == (
        "2026-12-03", ["demo/cabling", "demo/energise"]
    )  # fmt: skip
    assert "## Due before the next meeting (2026-12-03)\n" in pack(cli)
    repo.write(
        "sezctl.toml", CONFIG.replace("every_weeks = 1", "every_weeks = 2\nstart = 2026-11-26")
    )
    data = pack_json(cli)
    assert (data["next_meeting"], refs(data["due_next"])) == (
        "2026-12-10", ["demo/cabling", "demo/energise", "protocol-2026-11-19/2"]
    )  # fmt: skip
    repo.write("sezctl.toml", "[report]" + CONFIG.split("[report]")[1])
    assert pack_json(cli, "--today", "2026-11-24")["next_meeting"] == "2026-12-01"


# -- filters, title, owners' names --------------------------------------------------------------


def test_owner_filter_narrows_every_section_and_the_trend(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """--owner aliya: her grid and cabling and point 47/1, in every section; the trend counts
    the items she owned then (the grid was the HQ's until 20 November)."""
    data = pack_json(cli, "--owner", "aliya")
    assert data["filters"] == {"roadmaps": [], "owners": ["aliya"]}
    assert (data["overdue"], data["overdue_days"], data["at_risk"]) == (2, 12, 1)
    assert refs(data["newly_overdue"]) == ["protocol-2026-11-19/1"]
    assert refs(data["reassigned"]) == ["demo/grid"]
    assert refs(data["added"]) == ["demo/cabling", "protocol-2026-11-19/1"]
    assert data["completed"] == data["removed"] == []
    assert refs(data["at_risk_next"]) == refs(data["decisions"]) == ["demo/cabling"]
    assert refs(data["points"]) == ["protocol-2026-11-19/1"]
    assert [o["owner"] for o in data["discipline"]["owners"]] == ["aliya"]
    assert refs(data["due_next"]) == ["demo/cabling"]
    assert {s["owner"] for s in data["stages"]} == {"aliya"}
    assert [(p["date"], p["overdue"]) for p in data["trend"]] == [
        ("2026-11-12", 0), ("2026-11-19", 0), ("2026-11-26", 2)
    ]  # fmt: skip


def test_roadmap_filter_is_repeatable_and_checked(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """--roadmap protocol-2026-11-19 keeps the points only; given twice with demo, everything;
    an unknown id is exit 2 with a suggestion, and nothing is printed on stdout."""
    data = pack_json(cli, "--roadmap", "protocol-2026-11-19")
    assert data["overdue"] == 1 and refs(data["points"]) == refs(data["added"])
    assert refs(data["newly_overdue"]) == ["protocol-2026-11-19/1"]
    both = pack_json(cli, "--roadmap", "protocol-2026-11-19", "--roadmap", "demo")
    assert both["overdue"] == 3 and both["filters"]["roadmaps"] == ["protocol-2026-11-19", "demo"]
    result = cli("report", "--today", TODAY, "--roadmap", "dmeo")
    assert result.exit_code == 2 and result.stdout == ""
    assert "dmeo" in result.stderr and "demo" in result.stderr
    result = cli("report", "--today", TODAY, "--owner", "nobody")
    assert result.exit_code == 2 and "nobody" in result.stderr


def test_the_title_comes_from_the_configuration_else_one_roadmap_else_a_generic_title(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """[report] title heads the pack; without it, one roadmap's title (with --roadmap), or
    "Meeting pack of the headquarters" for several — never the titles joined."""
    repo, _ = pack_repo
    assert pack(cli).startswith("# «Demo» SEZ operational headquarters\n")
    repo.write("sezctl.toml", CONFIG.split("[report]")[0])
    assert pack(cli).startswith("# Meeting pack of the headquarters\n")
    assert pack_json(cli)["title"] == "Meeting pack of the headquarters"
    assert pack(cli, "--lang", "ru").startswith("# Материалы к заседанию оперативного штаба\n")
    assert pack(cli, "--roadmap", "demo").startswith("# Demo\n")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('title = ""', "[report] title must be one line of text, 1 to 200 characters"),
        ("title = 5", "[report] title must be one line of text, 1 to 200 characters"),
        ('title = "a\\nb"', "[report] title must be one line of text, 1 to 200 characters"),
        ('heading = "x"', "unknown setting 'report.heading'; known settings: report.title"),
    ],
)
def test_a_bad_report_title_is_a_configuration_error(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]], table: str, message: str
) -> None:
    """[report] takes one key, title: one line of text; anything else is exit 2, named."""
    repo, _ = pack_repo
    repo.write("sezctl.toml", f"[report]\n{table}\n")
    result = cli("report", "--today", TODAY)
    assert result.exit_code == 2, result.output
    assert f"sezctl.toml: {message}" in result.stderr
    repo.write("sezctl.toml", 'report = "x"\n')
    assert "report must be a table ([report])" in cli("report", "--today", TODAY).stderr


def test_owners_are_shown_by_name_with_the_id_only_where_names_clash(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """A second owner named Aliya Nurlanovna: both Aliyas get their id; the HQ stays a name."""
    repo, _ = pack_repo
    edit(repo, "  aliya:\n", "  aliya2:\n    name: Aliya Nurlanovna\n  aliya:\n")
    text = pack(cli)
    assert "| demo/cabling | Cabling | Aliya Nurlanovna (aliya) | 2026-11-30 | 4 |" in text
    assert "| demo/energise | Commissioning | Operational HQ | 2026-12-03 | 7 |" in text
    assert "| demo/grid | Aliya Nurlanovna (aliya) | 2026-10-31 | 2026-11-15 |" in text
    assert "| Aliya Nurlanovna | 2 | 0 | 0 | 2 |" not in text


# -- the formats agree ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "kk", "ru"])
def test_markdown_pack_golden_per_language(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]], language: str
) -> None:
    """The whole Markdown pack, word for word, in each language: sections in order, the stage
    timeline as a Mermaid gantt block, dates 26.11.2026 in Kazakh and Russian."""
    assert_golden(f"report-pack.{language}.md", pack(cli, "--lang", language))


def test_markdown_pack_shows_each_title_escaped_beside_its_id(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """A title beside the id in every table of the Markdown pack that has one in HTML, escaped
    as all user text in Markdown: a pipe, a backtick, HTML-looking text and a line break can
    neither split the row nor become markup."""
    repo, _ = pack_repo
    edit(repo, "    title: Cabling\n", '    title: "Cabling | `A-B` <b>fast</b>\\nthen *test*"\n')
    text = pack(cli)
    cell = "Cabling \\| \\`A-B\\` &lt;b&gt;fast&lt;/b&gt; then \\*test\\*"
    rows = [line for line in text.splitlines() if line.startswith("| demo/cabling |")]
    assert rows == [
        f"| demo/cabling | {cell} | Aliya Nurlanovna |  | uncommitted |",
        f"| demo/cabling | {cell} | Aliya Nurlanovna | 2026-11-30 | 2026-12-07 | 7 | demo/grid "
        "| demo/grid |",
        f"| demo/cabling | {cell} | Aliya Nurlanovna | 2026-11-30 | 2026-12-07 | the start of "
        "demo/energise (2026-12-03) |",
        f"| demo/cabling | {cell} | Aliya Nurlanovna | 2026-11-30 | 4 |",
    ]


class Figures(HTMLParser):
    """The ``data-figure`` numbers and tables of the HTML pack, and the section headings."""

    def __init__(self) -> None:
        super().__init__()
        self.numbers: dict[str, str] = {}
        self.rows: dict[str, int] = {}
        self.sections: list[str] = []
        self._figure: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        figure = found.get("data-figure")
        if figure and found.get("data-rows") is not None:
            self.rows[figure] = int(found["data-rows"] or 0)
        elif figure:
            self._figure = figure
        if tag == "h2" and found.get("data-section"):
            self.sections.append(found["data-section"] or "")

    def handle_data(self, data: str) -> None:
        if self._figure is not None:
            self.numbers[self._figure] = data
            self._figure = None


def test_html_and_markdown_show_the_figures_of_the_json(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """Each headline figure and the row count of each table of the HTML page equal the JSON's;
    the Markdown pack shows the same figures and sections in the same order."""
    data = pack_json(cli)
    page = Figures()
    page.feed(pack(cli, "--format", "html"))
    headline = HEADLINE
    assert {name: int(page.numbers[name]) for name in headline} == {
        name: data[name] for name in headline
    }
    tables = {
        "newly_overdue": "newly_overdue", "completed": "completed",
        "deadlines_moved": "deadlines_moved", "reassigned": "reassigned", "added": "added",
        "removed": "removed", "at_risk_next": "at_risk_next", "decisions": "decisions",
        "points": "points", "due_next": "due_next", "trend": "trend",
    }  # fmt: skip
    assert {figure: page.rows[figure] for figure in tables} == {
        figure: len(data[key]) for figure, key in tables.items()
    }
    assert page.rows["discipline"] == len(data["discipline"]["owners"])
    assert page.sections == ["changes", "at_risk_next", "decisions", "points", "discipline",
                             "due_next"]  # fmt: skip
    text = pack(cli)
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings == [
        "What changed since the meeting of 2026-11-19", "At risk next",
        "Decisions the meeting must take", "Protocol instructions on control",
        "Executive discipline by owner, 2026-01-01–2026-11-26",
        "Due before the next meeting (2026-12-03)",
        "Stages: planned against actual or forecast", "Slippage trend",
    ]  # fmt: skip
    for name in headline:
        assert f"**{data[name]}**" in text


@pytest.mark.skipif(
    not MERMAID or shutil.which("node") is None,
    reason="set SEZCTL_MERMAID to a folder with `npm install mermaid@11 jsdom` (docs/exports.md)",
)
@pytest.mark.parametrize("language", ["en", "kk", "ru"])
def test_the_stage_timeline_is_a_gantt_chart_mermaid_reads(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]], tmp_path: Path, language: str
) -> None:
    """Mermaid's own parser reads the pack's gantt block: one section per roadmap, each stage
    from its start to its deadline, the approved deadline as a milestone, and the forecast
    past the deadline as a critical bar; titles decode to the titles as written."""
    text = pack(cli, "--lang", language)
    block = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    (tmp_path / "pack.mmd").write_text(block, encoding="utf-8")
    (chart,) = parse_with_mermaid(tmp_path / "pack.mmd")
    assert chart["ok"], chart
    assert [decoded(section) for section in chart["sections"]] == ["Demo"]
    tasks = [(decoded(t[0]).strip(), *t[2:]) for t in chart["tasks"]]
    approved = {"en": "approved deadline", "kk": "бекітілген мерзім", "ru": "утверждённый срок"}
    forecast = {"en": "forecast", "kk": "болжам", "ru": "прогноз"}
    assert tasks[:5] == [
        ("Power grid", "2026-11-15", "2026-11-15", ["crit", "milestone"]),
        (f"Power grid: {approved[language]}", "2026-09-30", "2026-09-30", ["milestone"]),
        (f"Power grid: {forecast[language]}", "2026-11-16", "2026-11-27", ["crit"]),
        ("Cabling", "2026-11-20", "2026-12-01", []),
        (f"Cabling: {forecast[language]}", "2026-12-01", "2026-12-08", ["crit"]),
    ]
    assert len(tasks) == 11


def test_moves_and_hand_overs_show_the_decision_the_files_record(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """The grid's move of 24 November was a hand edit, and so was its hand-over of 20 November:
    "no recorded decision", with the commit message beside it.  Moved again by point 47/1 with
    `sezctl reschedule --decision`, the row gives its reason and the point with its chair
    (JSON: `decision`, as `sezctl diff` writes it)."""
    text = pack(cli)
    assert (
        "| demo/grid | Aliya Nurlanovna | 2026-10-31 | 2026-11-15 | +15 | no recorded decision: "
        "“Fix the file; grid again; fence” | Aliya Nurlanovna |" in text
    )
    assert (
        "| demo/grid | Power grid | Operational HQ | Aliya Nurlanovna | no recorded decision: "
        "“Works accepted; grid to Aliya” | Operational HQ |" in text
    )
    moved = cli("reschedule", "grid", "--to", "2026-11-19", "--reason", "Transformers late",
                "--decision", "protocol-2026-11-19/1", "--today", TODAY)  # fmt: skip
    assert moved.exit_code == 0, moved.output
    data = pack_json(cli)
    moves = data["deadlines_moved"]
    assert [(c["old"], c["new"], c["decision"], c["recorded"]) for c in moves] == [
        ("2026-10-31", "2026-11-19", {
            "reason": "Transformers late", "decision": "protocol-2026-11-19/1",
            "protocol": {"number": "47", "date": "2026-11-19", "point": "1", "chair": "hq",
                         "chair_name": "Operational HQ"},
            "ref": None, "on": "2026-11-26",
        }, True),
    ]  # fmt: skip
    assert (data["reassigned"][0]["decision"], data["reassigned"][0]["recorded"]) == (None, False)
    # The work tree's move is attributed, as `sezctl diff` does, to the last commit that moved
    # the deadline; the decision is the one the files record now.
    assert (
        "| +19 | Transformers late; protocol No. 47 of 2026-11-19, point 1 (chair: Operational "
        "HQ) | Aliya Nurlanovna |" in pack(cli)
    )


def test_the_discipline_period_is_chosen_with_period(
    cli: Cli, pack_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """`--period` sets the discipline's period, and the pack's rows are those of `owners
    --period` over it: in the fourth quarter Aliya missed point 47/1 and has one not yet due, the
    HQ missed the permit; a period that is not one is refused before anything is read
    (exit 2)."""
    data = pack_json(cli, "--period", "2026-Q4")["discipline"]
    assert data["period"] == {"from": "2026-10-01", "to": "2026-12-31"}
    alone = json.loads(cli("owners", "--period", "2026-Q4", "--format", "json",
                           "--today", "2026-11-26").stdout)  # fmt: skip
    assert data["owners"] == alone["owners"]
    assert [
        (o["owner"], o["due"], o["on_time"], o["missed"], o["not_yet_due"], o["missed_items"])
        for o in data["owners"]
    ] == [
        ("aliya", 2, 0, 1, 1, ["protocol-2026-11-19/1"]),
        ("hq", 5, 2, 1, 2, ["demo/permit"]),
    ]
    result = cli("report", "--period", "2026-13", "--today", "2026-11-26")
    assert result.exit_code == 2
    assert "--period '2026-13'" in result.output
