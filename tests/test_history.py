"""Git-aware history: `sezctl diff` and `sezctl history` against real git repositories whose
commits carry pinned author and committer dates, with exact expected values."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from sezctl.history import git
from sezctl.history.changes import HistorySource, walk_history
from tests.conftest import Cli, GitRepo, run_in_terminal
from tests.helpers import PLAN, commit_at, edit


def run_json(cli: Cli, *args: str) -> tuple[dict[str, Any], str]:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def brief(changes: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (c["kind"], c["ref"], c["old"], c["new"], c["days"], (c["commit"] or {}).get("commit"))
        for c in changes
    ]


SKIPPED_WARNING = (
    "roadmaps/plan.yaml:0:0: warning[history-file-skipped]: at commit {c4} the file does not load"
)


def test_diff_between_two_dates_lists_changes_in_meaning(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """From the last commit on or before 2026-11-05 (c1) to HEAD: the deadline's net move with
    every commit that made it, the completion, the reassignment and the new item; the broken
    version in between is a warning, not a failure."""
    _, ids = history_repo
    data, err = run_json(cli, "diff", "2026-11-05", "HEAD")
    assert data["from"] == {"label": f"2026-11-05 ({ids['c1'][:7]})", "commit": ids["c1"]}
    assert data["to"] == {"label": "HEAD", "commit": ids["c5"]}
    assert data["commits"] == 4
    assert brief(data["changes"]) == [
        ("deadline-moved", "demo/grid", "2026-09-30", "2026-11-15", 46, ids["c5"]),
        ("completed", "demo/works", "planned", "done", None, ids["c3"]),
        ("reassigned", "demo/grid", "hq", "aliya", None, ids["c3"]),
        ("added", "demo/fence", None, None, None, ids["c5"]),
    ]
    moved = data["changes"][0]
    assert [c["commit"] for c in moved["commits"]] == [ids["c2"], ids["c5"]]
    assert moved["commit"] == {
        "commit": ids["c5"],
        "author": "Aliya Nurlanovna",
        "date": "2026-11-24T10:00:00+05:00",
        "message": "Fix the file; grid again; fence",
    }
    assert data["summary"]["deadline-moved"] == 1
    assert SKIPPED_WARNING.format(c4=ids["c4"][:7]) in err


def test_diff_defaults_to_last_week_against_the_work_tree(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """No arguments, today 2026-11-26: from the last commit on or before 2026-11-19 (c2) to the
    files on disk, where an uncommitted status change has no commit."""
    repo, ids = history_repo
    edit(repo, "owner: aliya\n    due: 2026-11-15", "owner: aliya\n    due: 2026-11-15\n"
         "    status: in-progress")  # fmt: skip
    data, _ = run_json(cli, "diff", "--today", "2026-11-26")
    assert data["from"]["commit"] == ids["c2"]
    assert data["to"] == {"label": "the work tree", "commit": None}
    assert brief(data["changes"]) == [
        ("deadline-moved", "demo/grid", "2026-10-31", "2026-11-15", 15, ids["c5"]),
        ("completed", "demo/works", "planned", "done", None, ids["c3"]),
        ("reassigned", "demo/grid", "hq", "aliya", None, ids["c3"]),
        ("status-changed", "demo/grid", "planned", "in-progress", None, None),
        ("added", "demo/fence", None, None, None, ids["c5"]),
    ]


def test_diff_reopened_and_removed(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dropping a done date reopens the item; deleting an item lists it as removed."""
    repo, ids = history_repo
    edit(repo, "    done: 2026-11-19\n", "")
    edit(repo, "  - id: fence\n    title: Fence\n    owner: hq\n    due: 2027-03-01\n", "")
    c6 = commit_at(repo, monkeypatch, "2026-11-25", "Works reopened; no fence", "Operational HQ")
    data, _ = run_json(cli, "diff", ids["c5"], "HEAD")
    assert brief(data["changes"]) == [
        ("reopened", "demo/works", "done", "planned", None, c6),
        ("removed", "demo/fence", None, None, None, c6),
    ]


def test_diff_table_and_markdown(cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]) -> None:
    """The table names the move, its days, its reason and its commit; Markdown has one section
    per kind."""
    _, ids = history_repo
    table = cli("diff", "2026-11-05", "HEAD")
    assert table.exit_code == 0, table.output
    short = ids["c5"][:7]
    assert f"Changes from 2026-11-05 ({ids['c1'][:7]}) to HEAD (4 commits)" in table.stdout
    assert "Deadlines moved" in table.stdout
    assert "demo/grid" in table.stdout and "+46" in table.stdout
    lines = [line.rstrip() for line in table.stdout.splitlines()]
    row = lines.index(next(line for line in lines if line.startswith("  demo/grid")))
    # A move edited by hand: its message, flagged; the commit says who made the edit, and when.
    assert lines[row].split() == [
        "demo/grid", "aliya", "2026-09-30", "2026-11-15", "+46", "days", "no", "recorded",
        "decision:", "“Fix", "the", "file;", short, "2026-11-24",
    ]  # fmt: skip
    assert lines[row + 1].split() == ["grid", "again;", "fence”", "Aliya", "Nurlanovna"]
    assert (
        "deadlines moved: 1; completed: 1; reassigned: 1; added: 1; no recorded decision: 2"
        in table.stdout
    )
    markdown = cli("diff", "2026-11-05", "HEAD", "--format", "markdown")
    assert markdown.exit_code == 0, markdown.output
    assert "### Deadlines moved\n\n| Item | Owner | Was | Now | Days | Reason | Commit |\n" in (
        markdown.stdout
    )
    assert (
        "| demo/grid | aliya | 2026-09-30 | 2026-11-15 | +46 | no recorded decision: “Fix the "
        f"file; grid again; fence” | {short} 2026-11-24 Aliya Nurlanovna |" in markdown.stdout
    )
    assert "### Completed\n\n| Item | Owner | Was | Now | Commit |\n" in markdown.stdout


def test_diff_as_of_a_past_date(cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]) -> None:
    """--as-of 2026-11-21: the roadmap as it stood then (c3); FROM defaults to a week before
    that date (c2)."""
    _, ids = history_repo
    data, _ = run_json(cli, "diff", "--as-of", "2026-11-21")
    assert data["from"]["commit"] == ids["c2"]
    assert data["to"]["commit"] == ids["c3"]
    assert [c["kind"] for c in data["changes"]] == ["completed", "reassigned"]


def test_history_of_an_item_oldest_first(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """Every commit that changed demo/grid, with how many times and how far its deadline moved."""
    _, ids = history_repo
    data, err = run_json(cli, "history", "grid")
    assert SKIPPED_WARNING.format(c4=ids["c4"][:7]) in err
    assert data["ref"] == "demo/grid"
    assert data["deadline_moves"] == 2
    assert data["total_days_moved"] == 46
    assert [(c["field"], c["old"], c["new"], c["days"], c["commit"]) for c in data["changes"]] == [
        ("added", None, None, None, ids["c1"]),
        ("due", "2026-09-30", "2026-10-31", 31, ids["c2"]),
        ("owner", "hq", "aliya", None, ids["c3"]),
        ("due", "2026-10-31", "2026-11-15", 15, ids["c5"]),
    ]
    assert data["changes"][1]["message"] == "Grid: substation delivery slipped"
    assert data["changes"][1]["author"] == "Aliya Nurlanovna"
    assert data["changes"][1]["date"] == "2026-11-10T10:00:00+05:00"
    table = cli("history", "demo/grid")
    assert table.exit_code == 0, table.output
    assert "3 changes" not in table.stdout
    assert "4 changes; the deadline moved 2 times, +46 days in total" in table.stdout


def test_history_as_of(cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]) -> None:
    """--as-of 2026-11-15 stops at c2: one move of 31 days."""
    data, _ = run_json(cli, "history", "demo/grid", "--as-of", "2026-11-15")
    assert (data["deadline_moves"], data["total_days_moved"]) == (1, 31)


def test_history_unknown_item_is_exit_2(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """An item that never existed: exit 2 with a suggestion."""
    result = cli("history", "gird")
    assert result.exit_code == 2
    assert "no item 'gird' in the history" in result.stderr


def test_unknown_and_option_like_revisions_are_exit_2(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """An unknown revision and a revision starting with '-' are refused with exit 2."""
    unknown = cli("diff", "no-such-tag", "HEAD")
    assert unknown.exit_code == 2
    assert "unknown revision 'no-such-tag'" in unknown.stderr
    dashed = cli("diff", "--", "--output=/tmp/x", "HEAD")
    assert dashed.exit_code == 2
    assert "starts with '-'" in dashed.stderr


def test_not_a_repository_is_exit_2(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside git: a clear message and exit 2."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "plain" / "roadmaps").mkdir(parents=True)
    (tmp_path / "plain" / "roadmaps" / "plan.yaml").write_text(PLAN.lstrip(), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "plain")
    result = cli("history", "grid")
    assert result.exit_code == 2
    assert "is not inside a git repository; history needs one" in result.stderr
    # Each command or option names itself.
    for args, who in [
        (("diff",), "diff"),
        (("report",), "report"),
        (("status", "--baseline", "approved"), "--baseline"),
        (("status", "--as-of", "19.11.2026"), "--as-of"),
    ]:
        result = cli(*args)
        assert (result.exit_code, result.stderr) == (
            2,
            f"sezctl: error: roadmaps is not inside a git repository; {who} needs one\n",
        )


def test_history_is_read_in_bulk(
    history_repo: tuple[GitRepo, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walking five commits runs git a fixed number of times: where the repository is, is it a
    shallow clone, one `log`, the blobs' sizes, then their contents."""
    calls: list[list[str]] = []
    real_popen = subprocess.Popen

    def counting_popen(args: list[str], *more: Any, **kwargs: Any) -> Any:
        calls.append(args[3:5])
        return real_popen(args, *more, **kwargs)

    monkeypatch.setattr(git.subprocess, "Popen", counting_popen)
    source = HistorySource.for_paths([Path("roadmaps")])
    walk = walk_history(source, "HEAD")
    assert len(walk.commits) == 5
    assert calls == [
        ["rev-parse", "--show-toplevel"],
        ["rev-parse", "--git-path"],
        ["log", "--reverse"],
        ["cat-file", "--batch-check"],
        ["cat-file", "--batch"],
    ]


def items_by_ref(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["ref"]: item for item in data["items"]}


def test_status_baseline_tag_gives_drift_and_new_items(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """--baseline TAG: each deadline against the one at the tag; items added since are new."""
    repo, ids = history_repo
    repo.git("tag", "approved-2026-11", ids["c1"])
    data, _ = run_json(cli, "status", "--all", "--today", "2026-11-26", "--baseline",
                       "approved-2026-11")  # fmt: skip
    items = items_by_ref(data)
    facts = ("baseline_due", "baseline_drift_days", "new_since_baseline")
    assert [items["demo/grid"][key] for key in facts] == ["2026-09-30", 46, False]
    assert [items["demo/works"][key] for key in facts] == ["2026-12-01", 0, False]
    assert [items["demo/fence"][key] for key in facts] == [None, None, True]
    assert data["baseline"] == {
        "revision": "approved-2026-11",
        "commit": ids["c1"],
        "removed": [],
    }
    table = cli("status", "--all", "--today", "2026-11-26", "--baseline", "approved-2026-11")
    assert table.exit_code == 0, table.output
    assert f"Against the baseline approved-2026-11 ({ids['c1'][:7]})" in table.stdout
    rows = [" ".join(line.split()) for line in table.stdout.splitlines()]
    assert "demo/grid 2026-09-30 2026-11-15 +46 days" in rows
    assert "demo/fence new 2027-03-01" in rows


def test_status_baseline_date_lists_removed_items(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """--baseline DATE: the last commit on or before it; an item deleted since is listed."""
    repo, ids = history_repo
    edit(repo, "  - id: fence\n    title: Fence\n    owner: hq\n    due: 2027-03-01\n", "")
    data, _ = run_json(cli, "status", "--all", "--today", "2026-11-26", "--baseline",
                       "2026-11-25")  # fmt: skip
    assert data["baseline"]["commit"] == ids["c5"]
    assert data["baseline"]["removed"] == [
        {"ref": "demo/fence", "title": "Fence", "owner": "hq", "due": "2027-03-01"}
    ]
    assert items_by_ref(data)["demo/grid"]["baseline_drift_days"] == 0


def test_status_as_of_shows_a_past_meeting(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """--as-of 2026-11-12: the files at c2 with today = 2026-11-12; edits made later (the work
    tree's included) do not count."""
    repo, _ = history_repo
    edit(repo, "due: 2027-03-01", "due: 2027-04-01")
    data, _ = run_json(cli, "status", "--all", "--as-of", "2026-11-12")
    assert data["today"] == "2026-11-12"
    items = items_by_ref(data)
    assert sorted(items) == ["demo/grid", "demo/survey", "demo/works"]
    assert (items["demo/grid"]["due"], items["demo/grid"]["overdue_days"]) == ("2026-10-31", 12)
    assert items["demo/works"]["done"] is None


def test_status_as_of_a_broken_version_is_exit_1(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """A date whose commit holds a file that does not load: the problems, and exit 1."""
    result = cli("status", "--as-of", "2026-11-22")
    assert result.exit_code == 1
    assert "does not load" in result.stderr


def test_as_of_before_the_first_commit_is_exit_2(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """Nothing was committed yet on that date: exit 2 with a clear message, which quotes the
    date as it was typed."""
    result = cli("status", "--as-of", "01.10.2026")
    assert result.exit_code == 2
    assert result.stderr == (
        "sezctl: error: --as-of 01.10.2026: the repository has no commit on or before that date\n"
    )


def test_odd_file_names_and_deleted_files(
    cli: Cli, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file name with spaces and Kazakh letters is read whole (NUL-separated output); a
    deleted file's items are removed; a non-roadmap file in the folder is ignored."""
    repo = git_repo
    repo.write("roadmaps/Жол картасы 2026.yaml", PLAN)
    repo.write("roadmaps/notes.txt", "not yaml: [")
    repo.write("roadmaps/owners.yaml", "owners:\n  hq:\n    name: Operational HQ\n")
    first = commit_at(repo, monkeypatch, "2026-11-01", "Plan", "Operational HQ")
    (repo.root / "roadmaps/Жол картасы 2026.yaml").unlink()
    last = commit_at(repo, monkeypatch, "2026-11-02", "Dropped the plan", "Operational HQ")
    monkeypatch.chdir(repo.root)
    data, err = run_json(cli, "diff", first, last)
    assert err == ""
    assert brief(data["changes"]) == [
        ("removed", "demo/grid", None, None, None, last),
        ("removed", "demo/survey", None, None, None, last),
        ("removed", "demo/works", None, None, None, last),
    ]
    history, _ = run_json(cli, "history", "demo/works")
    assert [c["field"] for c in history["changes"]] == ["added", "removed"]


def git_calls(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str
) -> list[list[str]]:
    """Run sezctl with a `git` on PATH that logs each call (its arguments after ``-C DIR``)
    and then runs the real git; return the calls."""
    import shutil

    real = shutil.which("git")
    assert real is not None
    shim = tmp_path / "shim"
    shim.mkdir(parents=True)
    log = tmp_path / "git-calls.log"
    script = f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{real}" "$@"\n'
    (shim / "git").write_text(script, encoding="utf-8")
    (shim / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim}:{os.environ['PATH']}")
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return [line.split()[2:] for line in log.read_text(encoding="utf-8").splitlines()]


def test_as_of_asks_git_for_the_repository_once(
    cli: Cli,
    history_repo: tuple[GitRepo, dict[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`status --as-of` finds the repository once, checks it has commits, finds the commit and
    reads the files at it: one ls-tree (with sizes) and one cat-file, no second look-up of the
    same commit."""
    calls = git_calls(cli, tmp_path, monkeypatch, "status", "--as-of", "2026-11-12")
    assert [call[0] for call in calls] == [
        "rev-parse",
        "rev-parse",
        "rev-list",
        "ls-tree",
        "cat-file",
    ]
    assert calls[0] == ["rev-parse", "--show-toplevel"]
    assert calls[2][:3] == ["rev-list", "--first-parent", "--timestamp"]
    report = git_calls(cli, tmp_path / "report", monkeypatch, "report", "--as-of", "2026-11-21")
    assert [call for call in report if "--show-toplevel" in call] == [calls[0]]
    assert [call for call in report if "HEAD^{commit}" in call] == [calls[1]]


# -- --as-of on every reporting command ----------------------------------------------------------

AS_OF_COMMANDS = [
    ("status",),
    ("owners",),
    ("show", "grid"),
    ("critical", "demo"),
    ("export",),
    ("check",),
    ("diff",),
    ("report",),
]


def test_owners_show_critical_export_as_of_a_past_date(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """--as-of 2026-11-12: owners, show, critical and export read the files at c2 (grid due
    2026-10-31, owned by hq, no fence) with today = 2026-11-12; the work tree's edit and the
    later commits do not count."""
    repo, _ = history_repo
    edit(repo, "due: 2026-11-15", "due: 2026-12-20")
    owners, _ = run_json(cli, "owners", "--as-of", "2026-11-12")
    assert owners["today"] == "2026-11-12"
    assert [
        (o["owner"], o["open"], o["overdue"], o["total_overdue_days"], o["worst"])
        for o in owners["owners"]
    ] == [("hq", 2, 1, 12, "demo/grid"), ("aliya", 0, 0, 0, None)]

    shown, _ = run_json(cli, "show", "grid", "--as-of", "2026-11-12")
    item = shown["item"]
    assert (shown["today"], item["owner"], item["due"], item["overdue_days"]) == (
        "2026-11-12", "hq", "2026-10-31", 12,
    )  # fmt: skip
    assert (shown["slack_days"], shown["roadmap_forecast_end"]) == (19, "2026-12-01")

    critical, _ = run_json(cli, "critical", "demo", "--as-of", "2026-11-12")
    [roadmap] = critical["roadmaps"]
    assert [i["ref"] for i in roadmap["critical_path"]] == ["demo/works"]
    assert roadmap["critical_path"][0]["days_left"] == 19
    assert [(i["ref"], i["due"], i["slack_days"]) for i in roadmap["other_open_items"]] == [
        ("demo/grid", "2026-10-31", 19)
    ]

    export = cli("export", "--as-of", "2026-11-12", "--format", "csv")
    assert export.exit_code == 0, export.output
    rows = list(csv.DictReader(io.StringIO(export.stdout.lstrip("\ufeff"))))
    assert [(r["ref"], r["owner"], r["due"], r["overdue_days"], r["days_left"]) for r in rows] == [
        ("demo/survey", "hq", "2026-02-01", "", ""),
        ("demo/grid", "hq", "2026-10-31", "12", ""),
        ("demo/works", "hq", "2026-12-01", "", "19"),
    ]


def test_show_as_of_a_later_date_sees_the_reassignment(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """--as-of 2026-11-21 is c3: grid belongs to aliya, works is done."""
    grid, _ = run_json(cli, "show", "demo/grid", "--as-of", "2026-11-21")
    assert (grid["today"], grid["item"]["owner"], grid["item"]["overdue_days"]) == (
        "2026-11-21", "aliya", 21,
    )  # fmt: skip
    works, _ = run_json(cli, "show", "works", "--as-of", "2026-11-21")
    assert (works["item"]["status"], works["item"]["done"]) == ("done", "2026-11-19")


def test_check_as_of_checks_the_files_as_committed_then(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """check --as-of 2026-11-22 checks c4, whose file does not load (exit 1), though the work
    tree is clean; --as-of 2026-11-12 checks c2 (exit 0)."""
    assert cli("check").exit_code == 0
    broken = cli("check", "--as-of", "2026-11-22", "--format", "json")
    assert broken.exit_code == 1
    data = json.loads(broken.stdout)
    assert data["summary"] == {"errors": 1, "warnings": 0, "files": 1}
    assert [(p["path"], p["code"]) for p in data["problems"]] == [
        ("roadmaps/plan.yaml", "yaml-syntax")
    ]
    clean = cli("check", "--as-of", "2026-11-12")
    assert clean.exit_code == 0, clean.output
    assert clean.stderr == "0 errors, 0 warnings in 1 file\n"


@pytest.mark.parametrize("command", AS_OF_COMMANDS, ids=lambda c: c[0])
def test_as_of_before_the_first_commit_is_exit_2_for_every_command(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]], command: tuple[str, ...]
) -> None:
    """No commit on or before 2026-10-01: exit 2 with the same message on every command."""
    result = cli(*command, "--as-of", "2026-10-01")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "sezctl: error: --as-of 2026-10-01: the repository has no commit on or before that date\n"
    )


@pytest.mark.parametrize("command", AS_OF_COMMANDS, ids=lambda c: c[0])
def test_as_of_with_today_is_exit_2_for_every_command(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]], command: tuple[str, ...]
) -> None:
    """--as-of sets today: giving --today as well is a usage error (exit 2)."""
    result = cli(*command, "--as-of", "2026-11-12", "--today", "2026-11-26")
    assert result.exit_code == 2, result.output
    assert "--as-of and --today cannot be used together" in result.stderr


def test_as_of_ignores_sezctl_today(cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]) -> None:
    """SEZCTL_TODAY in the environment is not a --today typed with --as-of: --as-of wins."""
    result = cli("owners", "--as-of", "2026-11-12", "--format", "json",
                 env={"SEZCTL_TODAY": "2026-11-26"})  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["today"] == "2026-11-12"


def test_as_of_bad_date_is_exit_2(cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]) -> None:
    """A date that is not a date: exit 2, naming the option."""
    result = cli("owners", "--as-of", "2026-13-45")
    assert result.exit_code == 2
    assert result.stderr.startswith("sezctl: error: --as-of: ")


def test_status_baseline_in_csv_and_markdown(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """CSV gets three trailing columns only with --baseline; Markdown gets the same section as
    the table: moved and new items, then removed ones."""
    repo, ids = history_repo
    repo.git("tag", "approved-2026-11", ids["c1"])
    args = ("status", "--all", "--today", "2026-11-26")
    plain = cli(*args, "--format", "csv")
    assert plain.exit_code == 0, plain.output
    header = plain.stdout.lstrip("\ufeff").splitlines()[0].split(",")
    assert "baseline_due" not in header
    result = cli(*args, "--baseline", "approved-2026-11", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0] == [*header, "baseline_due", "baseline_drift_days", "new_since_baseline"]
    tail = {f"{row[0]}/{row[1]}": row[-3:] for row in rows[1:]}
    assert tail == {
        "demo/survey": ["2026-02-01", "0", "false"],
        "demo/grid": ["2026-09-30", "46", "false"],
        "demo/works": ["2026-12-01", "0", "false"],
        "demo/fence": ["", "", "true"],
    }
    markdown = cli(*args, "--baseline", "approved-2026-11", "--format", "markdown")
    assert markdown.exit_code == 0, markdown.output
    section = markdown.stdout.split("\n## Against the baseline ", 1)[1]
    assert section == (
        f"approved-2026-11 ({ids['c1'][:7]})\n\n"
        "| Item | Deadline then | Deadline now | Drift |\n"
        "|---|---|---|---|\n"
        "| demo/grid | 2026-09-30 | 2026-11-15 | +46 |\n"
        "| demo/fence | new | 2027-03-01 |  |\n"
    )


def _fast_import_history(root: Path, commits: int) -> None:
    """A repository whose roadmap file moves one deadline in each of ``commits`` commits."""
    stream = []
    for number in range(commits):
        due = date(2026, 1, 1) + timedelta(days=number)
        text = (
            "owners:\n  ann:\n    name: Ann\nroadmap: r\ntitle: R\nstages:\n"
            f"  - id: a\n    title: A\n    owner: ann\n    due: {due.isoformat()}\n"
        ).encode()
        message = f"move a to {due.isoformat()}".encode()
        stream.append(
            b"commit refs/heads/main\n"
            + f"committer Clerk <c@hq> {1_767_225_600 + number * 3600} +0500\n".encode()
            + b"data %d\n%s\n" % (len(message), message)
            + b"M 100644 inline roadmaps/r.yaml\n"
            + b"data %d\n%s\n" % (len(text), text)
        )
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)


def test_a_long_walk_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    """History walks of 200+ commits report progress on a terminal, never into a pipe."""
    import os
    import sys

    _fast_import_history(tmp_path, 250)
    command = [sys.executable, "-m", "sezctl", "history", "r/a"]
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    piped = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert piped.returncode == 0, piped.stderr
    assert "reading history" not in piped.stderr
    assert "the deadline moved 249 times" in piped.stdout

    screen = run_in_terminal(command, tmp_path, env)
    assert "reading history: commit 250 of 250" in screen


# -- hardening (issue #16): what a commit can hold does not break or stall a report -------------


def run_sezctl(
    *args: str, cwd: Path, memory_mb: int = 400, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python -m sezctl ARGS`` as a real process with at most ``memory_mb`` of address space
    and ``timeout`` seconds, at a fixed width and without colour."""
    import resource
    import sys

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))

    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    env.pop("SEZCTL_TODAY", None)
    return subprocess.run(
        [sys.executable, "-m", "sezctl", *args],
        cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout,
        preexec_fn=limit_memory, check=False,
    )  # fmt: skip


def test_a_5_mb_commit_subject_is_cut_and_costs_nothing(
    history_repo: tuple[GitRepo, dict[str, str]], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A deadline moved by a commit whose subject is 5 MB long (and whose author name is 50 KB):
    history, diff and report each run in a real process within 150 MB and 60 s (they took
    157 s and 849 MB), showing the subject cut at 200 characters with an ellipsis."""
    repo, _ = history_repo
    edit(repo, "due: 2027-03-01", "due: 2027-04-01")
    message = tmp_path / "message.txt"
    message.write_text("Fence: " + "Ф" * 5_000_000, encoding="utf-8")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Н" * 50_000)
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2026-11-25T10:00:00+05:00")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-11-25T10:00:00+05:00")
    repo.git("commit", "--quiet", "--all", "--file", str(message))
    shown = "Fence: " + "Ф" * 192 + "…"
    table = run_sezctl("history", "fence", cwd=repo.root, memory_mb=150)
    assert table.returncode == 0, table.stderr
    assert (table.stdout.count("Ф"), table.stdout.count("Н"), table.stdout.count("…")) == (
        192, 99, 2,
    )  # fmt: skip
    history = run_sezctl("history", "fence", "--format", "json", cwd=repo.root, memory_mb=150)
    assert history.returncode == 0, history.stderr
    moved = json.loads(history.stdout)["changes"][-1]
    assert (moved["new"], moved["message"], moved["author"]) == (
        "2027-04-01", shown, "Н" * 99 + "…",
    )  # fmt: skip
    diff = run_sezctl("diff", "2026-11-24", "HEAD", cwd=repo.root, memory_mb=150)
    assert diff.returncode == 0, diff.stderr
    assert "Deadlines moved" in diff.stdout
    report = run_sezctl(
        "report", "--since", "2026-11-24", "--today", "2026-11-26", cwd=repo.root, memory_mb=150
    )
    assert report.returncode == 0, report.stderr
    who = "Н" * 99 + "…"
    assert (
        f"| demo/fence | Operational HQ | 2027-03-01 | 2027-04-01 | +31 | no recorded decision: "
        f"“{shown}” | {who} |" in report.stdout
    )


def test_control_characters_in_commits_are_shown_not_obeyed(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A subject with the bytes sezctl once split git's output at (0x1E, 0x1F) and a terminal
    escape was an internal error (exit 3); now each shows as U+FFFD."""
    repo, _ = history_repo
    edit(repo, "due: 2027-03-01", "due: 2027-04-01")
    commit_at(repo, monkeypatch, "2026-11-25", "Fence \x1e moved \x1f\x1b[2J", "Eve")
    data, _ = run_json(cli, "history", "fence")
    assert data["changes"][-1]["message"] == "Fence \ufffd moved \ufffd\ufffd[2J"


def test_a_commit_date_git_cannot_print_reads_as_1970(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """A commit whose dates git cannot represent (written with `hash-object --literally`) was
    an internal error in every history command; now it is dated 1970-01-01, as git shows it."""
    repo, ids = history_repo
    edit(repo, "due: 2027-03-01", "due: 2027-04-01")
    repo.git("add", "--all")
    tree = repo.git("write-tree").strip()
    raw = (
        f"tree {tree}\nparent {ids['c5']}\nauthor Eve <e@x> never +0500\n"
        "committer Eve <e@x> never +0500\n\nFence moved\n"
    )
    broken = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--literally", "--stdin"],
        cwd=repo.root, input=raw.encode(), capture_output=True, check=True,
    ).stdout.decode().strip()  # fmt: skip
    repo.git("update-ref", "refs/heads/main", broken)
    data, _ = run_json(cli, "history", "fence")
    assert data["changes"][-1]["date"] == "1970-01-01T00:00:00+00:00"
    for args in (("diff", "2026-11-01", "HEAD"), ("report", "--since", "HEAD~1")):
        result = cli(*args, "--today", "2026-11-26", "--format", "json")
        assert result.exit_code == 0, result.output


BIG = 100 * 1024 * 1024  # a version 25 times the loader's limit


@pytest.fixture
def big_version_repo(
    history_repo: tuple[GitRepo, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> tuple[GitRepo, dict[str, str]]:
    """history_repo plus c6 (2026-11-25), where plan.yaml is 100 MB, and c7 (2026-11-26),
    which restores it with grid moved to 2026-12-01."""
    repo, ids = history_repo
    good = (repo.root / "roadmaps/plan.yaml").read_bytes()
    (repo.root / "roadmaps/plan.yaml").write_bytes(good + b"#" * (BIG - len(good)))
    ids["c6"] = commit_at(repo, monkeypatch, "2026-11-25", "Pasted a dump", "Eve")
    (repo.root / "roadmaps/plan.yaml").write_bytes(good.replace(b"2026-11-15", b"2026-12-01"))
    ids["c7"] = commit_at(repo, monkeypatch, "2026-11-26", "Restored; grid moved", "Aliya")
    return repo, ids


def test_a_huge_version_in_history_is_sized_not_read(
    big_version_repo: tuple[GitRepo, dict[str, str]],
) -> None:
    """history, diff and report skip the 100 MB version unread, with the loader's
    file-too-large code as a warning, and run within 100 MB of address space (reading it took
    twice its size); the versions around it count as usual."""
    repo, ids = big_version_repo
    warning = (
        f"roadmaps/plan.yaml:0:0: warning[file-too-large]: at commit {ids['c6'][:7]} the file "
        f"is {BIG:,} bytes; the limit is 4,194,304 bytes, so that version is skipped unread.\n"
    )
    broken = SKIPPED_WARNING.format(c4=ids["c4"][:7])
    history = run_sezctl("history", "grid", "--format", "json", cwd=repo.root, memory_mb=100)
    assert history.returncode == 0, history.stderr
    assert history.stderr.startswith(warning + broken)
    moves = [(c["new"], c["commit"]) for c in json.loads(history.stdout)["changes"][-2:]]
    assert moves == [("2026-11-15", ids["c5"]), ("2026-12-01", ids["c7"])]
    diff = run_sezctl("diff", ids["c5"], "HEAD", "--format", "json", cwd=repo.root, memory_mb=100)
    assert (diff.returncode, diff.stderr) == (0, warning)
    assert brief(json.loads(diff.stdout)["changes"]) == [
        ("deadline-moved", "demo/grid", "2026-11-15", "2026-12-01", 16, ids["c7"])
    ]
    report = run_sezctl("report", "--today", "2026-11-26", cwd=repo.root, memory_mb=100)
    assert report.returncode == 0, report.stderr
    assert report.stderr.startswith(warning + broken)


def test_a_huge_version_at_a_point_read_whole_is_a_located_error(
    cli: Cli, big_version_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """Where that version is the one asked for (--as-of its day, a diff from it, a baseline
    at it), it is the loader's file-too-large problem: an error for --as-of (exit 1), a
    warning for the other end of a diff or a baseline."""
    _, ids = big_version_repo
    short = ids["c6"][:7]
    result = cli("status", "--as-of", "2026-11-25")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"roadmaps/plan.yaml:0:0: error[file-too-large]: at commit {short} the file is "
        f"{BIG:,} bytes; the limit is 4,194,304 bytes, so it is not read.\n"
    )
    assert f"the roadmap at {short} (2026-11-25) does not load" in result.stderr
    baseline = cli("status", "--baseline", ids["c6"], "--today", "2026-11-26")
    assert baseline.exit_code == 0, baseline.output
    assert baseline.stderr == (
        f"roadmaps/plan.yaml:0:0: warning[file-too-large]: at commit {short} the file is "
        f"{BIG:,} bytes; the limit is 4,194,304 bytes, so that version is skipped unread.\n"
    )


# -- shallow clones -----------------------------------------------------------------------------


@pytest.fixture
def shallow_clone(
    history_repo: tuple[GitRepo, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, dict[str, str]]:
    """A clone of history_repo with only its last two commits (c4 and c5), as CI checks out
    by default; the tests run inside it."""
    repo, ids = history_repo
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "2", f"file://{repo.root}", str(clone)],
        check=True,
    )
    monkeypatch.chdir(clone)
    return clone, ids


SHALLOW = (
    "sezctl: error: {clone} is a shallow clone: its history stops at commit {cut}, so {what} "
    "cannot be read from it. Fetch the whole history with `git fetch --unshallow` (in CI: "
    "actions/checkout with fetch-depth: 0, or GIT_DEPTH: 0 in GitLab)\n"
)


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (("diff", "--today", "2026-11-26"), "whether a commit was made by 2026-11-19"),
        (("diff", "2026-11-01", "HEAD"), "whether a commit was made by 2026-11-01"),
        (("report", "--today", "2026-11-26"), "whether a commit was made by 2026-11-19"),
        (("report", "--since", "HEAD~1", "--today", "2026-11-26"),
         "the history since the first commit"),
        (("history", "grid"), "the history since the first commit"),
        (("status", "--as-of", "2026-11-12"), "whether a commit was made by 2026-11-12"),
        (("status", "--baseline", "2026-11-12", "--today", "2026-11-26"),
         "whether a commit was made by 2026-11-12"),
    ],
)  # fmt: skip
def test_shallow_clone_history_is_exit_2_not_everything_added(
    cli: Cli, shallow_clone: tuple[Path, dict[str, str]], args: tuple[str, ...], what: str
) -> None:
    """In a clone of depth 2 every item looked added at the cut and newly overdue items were
    invented, with exit 0; now whatever needs history past the cut is exit 2 naming the cut
    and `git fetch --unshallow`."""
    clone, ids = shallow_clone
    result = cli(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == SHALLOW.format(clone=clone, cut=ids["c4"][:7], what=what)


def test_shallow_clone_still_answers_within_its_history(
    cli: Cli, shallow_clone: tuple[Path, dict[str, str]]
) -> None:
    """What the clone holds still works: a diff of its last commit, --as-of a day after the
    cut, and check --base against a commit it has."""
    _, ids = shallow_clone
    data, _ = run_json(cli, "diff", "HEAD~1", "HEAD")
    assert (data["from"]["commit"], data["to"]["commit"]) == (ids["c4"], ids["c5"])
    assert cli("status", "--as-of", "2026-11-24").exit_code == 0
    assert cli("check", "--base", "HEAD~1", "--today", "2026-11-26").exit_code == 0


# -- dates at the ends of the calendar -------------------------------------------------------------


def test_as_of_after_2099_finds_the_last_commit(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """git's --before stops at 2099, so --as-of 2100-01-01 said "no commit"; it is c5 now, and
    so is the calendar's last day."""
    for day in ("2100-01-01", "9999-12-31", "31.12.9999"):
        data, _ = run_json(cli, "owners", "--as-of", day)
        assert data["today"] == ("9999-12-31" if day.endswith("9999") else day)
        result = cli("diff", "--as-of", day, "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["to"]["label"].endswith(f"({history_repo[1]['c5'][:7]})")


@pytest.mark.parametrize(
    ("today", "since", "trend"),
    [
        ("0001-01-01", "0001-01-01", ["0001-01-01"]),
        ("0001-01-03", "0001-01-01", ["0001-01-03"]),
        ("0001-01-10", "0001-01-03", ["0001-01-03", "0001-01-10"]),
        ("9999-12-31", "9999-12-24", [f"9999-{day}" for day in (
            "10-15", "10-22", "10-29", "11-05", "11-12", "11-19", "11-26", "12-03", "12-10",
            "12-17", "12-24", "12-31")]),
    ],
)  # fmt: skip
def test_diff_and_report_at_the_ends_of_the_calendar(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]], today: str, since: str,
    trend: list[str],
) -> None:  # fmt: skip
    """--today 0001-01-03 was an internal error in diff and report (a week before it does not
    exist); the last week is now what there is of it, and the trend starts on the calendar's
    first day.  (The files' done dates go, so that the files are valid on such a day.)"""
    repo, ids = history_repo
    edit(repo, "    done: 2026-01-30\n", "")
    edit(repo, "    done: 2026-11-19\n", "")
    point = f"{ids['c5'][:7]}" if today.startswith("9999") else "before the first commit"
    diff, _ = run_json(cli, "diff", "--today", today)
    assert diff["from"]["label"] == f"{since} ({point})"
    report, _ = run_json(cli, "report", "--today", today)
    assert report["since"]["label"] == f"{since} ({point})"
    assert [p["date"] for p in report["trend"]] == trend


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_every_date_option_takes_the_calendars_ends(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]], day: str
) -> None:
    """FROM, TO, --since and --baseline at 0001-01-01 (before any commit) and 9999-12-31
    (after the last): a result, never an internal error."""
    _, ids = history_repo
    expected = ids["c5"] if day.startswith("9999") else None
    data, _ = run_json(cli, "diff", day, day)
    assert (data["from"]["commit"], data["to"]["commit"]) == (expected, expected)
    data, _ = run_json(cli, "report", "--since", day, "--today", "2026-11-26")
    assert data["since"]["commit"] == expected
    data, _ = run_json(cli, "status", "--baseline", day, "--today", "2026-11-26")
    assert data["baseline"]["commit"] == expected
