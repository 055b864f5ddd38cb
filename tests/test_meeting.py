"""`sezctl report`, the weekly meeting pack: exact figures from a real git history, Markdown,
an HTML page that escapes user text, and that page checked in headless Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, Cli, GitRepo
from tests.helpers import edit

ARTIFACTS = REPO / "test-artifacts"
TODAY = "2026-11-26"
PERMIT = "  - id: permit\n    title: Permit\n    owner: hq\n    due: 2026-11-21\n"


@pytest.fixture
def meeting_repo(history_repo: tuple[GitRepo, dict[str, str]]) -> tuple[GitRepo, dict[str, str]]:
    """The history of tests/test_history.py plus an uncommitted item already overdue."""
    repo, ids = history_repo
    path = repo.root / "roadmaps/plan.yaml"
    path.write_text(path.read_text(encoding="utf-8") + PERMIT, encoding="utf-8")
    return repo, ids


def report(cli: Cli, *args: str) -> str:
    result = cli("report", "--today", TODAY, "--weeks", "3", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_report_json_has_the_exact_figures(
    cli: Cli, meeting_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """Since the last commit on or before 2026-11-19 (c2): the permit is newly overdue, works
    completed, the grid's deadline moved with its reason; the trend comes from git."""
    _, ids = meeting_repo
    data = json.loads(report(cli, "--format", "json"))
    assert data["since"] == {
        "label": f"2026-11-19 ({ids['c2'][:7]})", "commit": ids["c2"], "earlier_state": True
    }  # fmt: skip
    assert (data["overdue"], data["overdue_days"]) == (2, 16)
    assert [(r["ref"], r["overdue_days"]) for r in data["newly_overdue"]] == [("demo/permit", 5)]
    assert [(r["ref"], r["commit"]) for r in data["completed"]] == [("demo/works", ids["c3"])]
    assert data["deadlines_moved"] == [
        {
            "ref": "demo/grid",
            "title": "Power grid",
            "owner": "aliya",
            "old": "2026-10-31",
            "new": "2026-11-15",
            "days": 15,
            "commit": ids["c5"],
            "author": "Aliya Nurlanovna",
            "date": "2026-11-24T10:00:00+05:00",
            "reason": "Fix the file; grid again; fence",
            "decision": None,
            "recorded": False,
        }
    ]
    assert [(o["owner"], o["due"], o["missed"]) for o in data["discipline"]["owners"]] == [
        ("aliya", 1, 1),
        ("hq", 2, 1),
    ]
    assert (data["next_meeting"], data["due_next"]) == ("2026-12-03", [])
    assert data["trend"] == [
        {"date": "2026-11-12", "overdue": 1, "overdue_days": 12},
        {"date": "2026-11-19", "overdue": 1, "overdue_days": 19},
        {"date": "2026-11-26", "overdue": 2, "overdue_days": 16},
    ]
    assert [(s["ref"], s["finish"], s["finish_kind"]) for s in data["stages"]][:2] == [
        ("demo/survey", "2026-01-30", "done"),
        ("demo/grid", "2026-11-26", "forecast"),
    ]


def test_report_counts_working_days_in_every_figure_the_trend_included(
    cli: Cli, meeting_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """With --days working, the trend from git counts working days like today's figures do.
    Kazakhstan has no public holiday in November 2026; by hand: the grid, due Saturday
    2026-10-31, is 9 working days late on 11-12 (2-6 and 9-12 November) and 14 on 11-19; on
    11-26 the grid (moved to Sunday 11-15) is 9 late (16-20 and 23-26 November) and the permit
    (due Saturday 11-21) 4: 13 in all."""
    data = json.loads(report(cli, "--days", "working", "--format", "json"))
    assert data["days"] == "working"
    assert data["trend"] == [
        {"date": "2026-11-12", "overdue": 1, "overdue_days": 9},
        {"date": "2026-11-19", "overdue": 1, "overdue_days": 14},
        {"date": "2026-11-26", "overdue": 2, "overdue_days": 13},
    ]
    assert (data["overdue"], data["overdue_days"]) == (2, 13)
    text = report(cli, "--days", "working")
    assert "Overdue now: **2** items, **13** working days in total." in text
    assert "| Week ending | Overdue items | Working days overdue |" in text
    assert "| 2026-11-19 | 1 | 14 |" in text
    assert "| Item | Title | Owner | Due | Working days overdue |" in text
    assert "| Missed | On-time rate | Moves | Working days moved |" in text
    # A deadline's move is the distance between two dates, in calendar days, and says so.
    assert "| Item | Owner | Was | Now | Calendar days | Decision | Who |" in text
    page = report(cli, "--days", "working", "--format", "html")
    assert "</span> working days in total.</li>" in page
    assert "<th>Working days overdue</th>" in page and "<th>Working days moved</th>" in page
    assert ">working days overdue, added up</text>" in page
    calendar = report(cli)
    assert "| Item | Owner | Was | Now | Days | Decision | Who |" in calendar
    assert "| Missed | On-time rate | Moves | Days moved |" in calendar
    assert json.loads(report(cli, "--format", "json"))["days"] == "calendar"


def test_report_since_a_revision(cli: Cli, meeting_repo: tuple[GitRepo, dict[str, str]]) -> None:
    """--since REV: the changes after that commit only."""
    _, ids = meeting_repo
    data = json.loads(report(cli, "--since", ids["c3"], "--format", "json"))
    assert data["completed"] == []
    assert [m["days"] for m in data["deadlines_moved"]] == [15]


def test_report_markdown(cli: Cli, meeting_repo: tuple[GitRepo, dict[str, str]]) -> None:
    """Markdown for a wiki: every section, the move with its reason, the trend table."""
    text = report(cli)
    assert text.startswith(
        "# Demo\n\nMeeting pack for 2026-11-26, changes since the meeting of 2026-11-19.\n"
    )
    assert "Overdue now: **2** items, **16** days in total." in text
    assert (
        "| demo/grid | Aliya Nurlanovna | 2026-10-31 | 2026-11-15 | +15 | no recorded decision: "
        "“Fix the file; grid again; fence” | Aliya Nurlanovna |" in text
    )
    assert "## Due before the next meeting (2026-12-03)\n\nNone.\n" in text
    assert "| 2026-11-19 | 1 | 19 |" in text


def html_with_script_title(cli: Cli, repo: GitRepo) -> str:
    edit(repo, "title: Demo", 'title: <script>alert(1)</script> & "Demo"')
    return report(cli, "--format", "html")


def test_report_html_is_self_contained_and_escapes_user_text(
    cli: Cli, meeting_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """A `<script>` title is text; the page has no script, no link and nothing from a network."""
    repo, _ = meeting_repo
    page = html_with_script_title(cli, repo)
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Demo&quot;</h1>" in page
    assert "<script" not in page.lower()
    assert not re.search(r"\b(src|href)=", page)
    # The timeline, the milestone trend (one roadmap) and the overdue trend.
    assert re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"] * 3
    assert page.count("<svg") == 3


class _Figures(HTMLParser):
    """Reads `data-figure` values and table cells back from a rendered DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, str] = {}
        self.tables: dict[str, list[dict[str, str]]] = {}
        self.scripts = 0
        self.h1 = ""
        self._figure: str | None = None
        self._table: str | None = None
        self._field: str | None = None
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "h1":
            self._in_h1 = True
        if tag == "table" and attributes.get("data-figure"):
            self._table = attributes["data-figure"]
            self.tables[self._table] = []
        elif tag == "span" and attributes.get("data-figure"):
            self._figure = attributes["data-figure"]
            self.figures[self._figure] = ""
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append({})
        elif tag == "td" and self._table is not None:
            self._field = attributes.get("data-field")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        if tag in ("span",):
            self._figure = None
        if tag == "td":
            self._field = None
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data
        if self._figure is not None:
            self.figures[self._figure] += data
        if self._table is not None and self._field is not None:
            row = self.tables[self._table][-1]
            row[self._field] = row.get(self._field, "") + data


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--enable-logging=stderr",
    "--v=0",
]  # fmt: skip


def test_report_html_in_headless_chromium(
    cli: Cli, meeting_repo: tuple[GitRepo, dict[str, str]], tmp_path: Path
) -> None:
    """The page rendered by Chromium shows the JSON's figures, items and trend, runs no script
    and logs no console error; a screenshot is kept in test-artifacts/report.png."""
    browser = _chromium()
    if browser is None:
        pytest.skip("Chromium is not installed: apt-get install -y chromium (see .ci/run)")
    repo, _ = meeting_repo
    page = tmp_path / "report.html"
    page.write_text(html_with_script_title(cli, repo), encoding="utf-8")
    data: dict[str, Any] = json.loads(report(cli, "--format", "json"))
    env = {**os.environ, "HOME": str(tmp_path)}

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        profile = tmp_path / f"profile-{len(extra)}-{extra[0][2:8]}"
        return subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
            capture_output=True, text=True, timeout=120, check=False, env=env,
        )  # fmt: skip

    dom = run("--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line]
    assert console == [], console
    figures = _Figures()
    figures.feed(dom.stdout)
    assert figures.scripts == 0
    assert figures.h1 == '<script>alert(1)</script> & "Demo"'
    headline = ("overdue", "overdue_days", "baseline_overdue", "baseline_overdue_days",
                "at_risk", "hidden_delay_days")  # fmt: skip
    assert figures.figures == {name: str(data[name]) for name in headline}
    tables = figures.tables
    assert [r["ref"] for r in tables["newly_overdue"][1:]] == [
        r["ref"] for r in data["newly_overdue"]
    ]
    assert [(r["ref"], r["days"], r["recorded"]) for r in tables["deadlines_moved"][1:]] == [
        (m["ref"], f"{m['days']:+d}", f"no recorded decision: “{m['reason']}”")
        for m in data["deadlines_moved"]
        if m["decision"] is None
    ]
    assert [(r["due"], r["missed"]) for r in tables["discipline"][1:]] == [
        (str(o["due"]), str(o["missed"])) for o in data["discipline"]["owners"]
    ]
    assert [(r["date"], r["overdue"], r["overdue_days"]) for r in tables["trend"][1:]] == [
        (p["date"], str(p["overdue"]), str(p["overdue_days"])) for p in data["trend"]
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    taken = run(f"--screenshot={shot}", "--window-size=1280,1800")
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.stat().st_size > 10_000


def test_report_as_of_a_past_meeting(
    cli: Cli, meeting_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """--as-of 2026-11-21: the files at c3 with today = 2026-11-21; the work tree is ignored."""
    _, ids = meeting_repo
    result = cli("report", "--as-of", "2026-11-21", "--weeks", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["today"] == "2026-11-21"
    assert data["since"]["commit"] == ids["c2"]
    assert (data["overdue"], data["overdue_days"]) == (1, 21)
    assert [r["ref"] for r in data["completed"]] == ["demo/works"]
    assert data["trend"] == [
        {"date": "2026-11-14", "overdue": 1, "overdue_days": 14},
        {"date": "2026-11-21", "overdue": 1, "overdue_days": 21},
    ]


def test_the_pack_is_assembled_by_the_library_without_the_cli(
    meeting_repo: tuple[GitRepo, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`assemble_meeting_pack` is the whole of `sezctl report` but the printing: since a
    revision, only the commits after it count, and the newly overdue items are those that were
    not overdue on the day that revision was committed."""
    from datetime import date

    from sezctl.history.changes import HistorySource
    from sezctl.reports.meeting import assemble_meeting_pack
    from sezctl.source.loader import load_roadmaps

    repo, ids = meeting_repo
    monkeypatch.chdir(repo.root)
    source = HistorySource.for_paths([Path("roadmaps")])
    portfolio = load_roadmaps([Path("roadmaps/plan.yaml")]).portfolio
    pack, problems = assemble_meeting_pack(
        source, portfolio, date(2026, 11, 26), since=ids["c3"], weeks=3, timezone="Asia/Almaty"
    )
    assert [problem.code for problem in problems] == ["history-file-skipped"]  # the bad commit
    assert (pack.since_label, pack.since_commit) == (ids["c3"], ids["c3"])
    assert pack.completed == []
    assert [(m.ref, m.days) for m in pack.moved] == [("demo/grid", 15)]
    assert [row.item.ref for row in pack.newly_overdue] == ["demo/permit"]
