"""Edits running at the same time, and edits that are killed, as real `sezctl` processes.

Every edit that exits 0 is in the final file: edits of one folder take turns under its lock
(sezctl.editing.locks), wait a bounded time for it, and clean what a killed edit left behind.
Some processes are paused just before their rename by a wrapper around `os.replace`, the one
point where a lost update or a left-over temporary file can happen; everything else is real."""

from __future__ import annotations

import fcntl
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from sezctl.editing.edits import AssignOwner, Change, MarkDone, MoveDeadline, edit_item
from tests.conftest import Cli
from tests.helpers import pinned_git_env

TODAY = "2026-11-26"
WAIT = 120  # seconds any step may take on a loaded machine before the test gives up

OWNERS = """\
owners:
  aitymbetov:
    name: Мақсат Айтымбетов
  grid-company:
    name: Өңірлік электр желілік компаниясы
"""


def roadmap(count: int) -> str:
    """A roadmap with ``count`` independent items, item-1 ... item-N."""
    items = "".join(
        f"  - id: item-{number}\n"
        f"    title: Жұмыс {number}  # work package {number}\n"
        "    owner: aitymbetov\n"
        "    start: 2026-05-04\n"
        "    due: 2026-12-31\n"
        "    status: in-progress\n"
        for number in range(1, count + 1)
    )
    return OWNERS + "roadmap: demo\ntitle: Demo plan\nstages:\n" + items


def command_for(number: int) -> tuple[list[str], Change]:
    """The edit of item-N, one of done, reschedule and assign in turn, as arguments and as the
    change the library applies."""
    item = f"item-{number}"
    kind = number % 3
    if kind == 0:
        return ["done", item, "--on", "2026-11-20"], MarkDone(date(2026, 11, 20))
    if kind == 1:
        reason = f"Decision {number}"
        return (
            ["reschedule", item, "--to", "2027-01-15", "--reason", reason],
            MoveDeadline(date(2027, 1, 15), reason, date(2026, 11, 26)),
        )
    return (
        ["assign", item, "grid-company", "--on", "2026-11-26"],
        AssignOwner("grid-company", date(2026, 11, 26)),
    )


def expected_text(count: int, numbers: list[int]) -> str:
    """The roadmap after the edits of ``numbers``: the edits touch different items, so the
    result does not depend on their order."""
    text = roadmap(count)
    for number in numbers:
        text = edit_item(text, "demo", f"item-{number}", command_for(number)[1]).text
    return text


def environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "SEZCTL_TODAY"}
    return {
        **env,
        "NO_COLOR": "1",
        "PYTHONIOENCODING": "utf-8",
        "SEZCTL_LOCK_TIMEOUT": "300",
        **extra,
    }


# A sezctl process that stops just before it renames its temporary file over the roadmap: it
# creates READY, then waits until GO exists.  Only os.replace is wrapped; the rest is sezctl.
PAUSED_SEZCTL = """\
import os, sys, time
from pathlib import Path
ready, go = Path(sys.argv[1]), Path(sys.argv[2])
real_replace = os.replace
def replace_when_told(source, target):
    if str(source).endswith(".sezctl-tmp"):
        ready.touch()
        while not go.exists():
            time.sleep(0.01)
    return real_replace(source, target)
os.replace = replace_when_told
sys.argv = ["sezctl", *sys.argv[3:]]
from sezctl.__main__ import main
main()
"""


def start_sezctl(folder: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "sezctl", *args, "--today", TODAY],
        cwd=folder,
        env=environment(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def start_paused_sezctl(folder: Path, *args: str) -> tuple[subprocess.Popen[str], Path, Path]:
    """Start sezctl with the pause before its rename; wait until it has reached it."""
    ready, go = folder / "paused.ready", folder / "paused.go"
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSED_SEZCTL, str(ready), str(go), *args, "--today", TODAY],
        cwd=folder,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    deadline = time.monotonic() + WAIT
    while not ready.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the paused edit never reached its rename"
        time.sleep(0.01)
    return process, ready, go


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """tmp_path with roadmaps/demo.yaml (6 items): the working folder of the processes."""
    (tmp_path / "roadmaps").mkdir()
    (tmp_path / "roadmaps" / "demo.yaml").write_text(roadmap(6), encoding="utf-8")
    return tmp_path


def waiting_note(name: str = "roadmaps/demo.yaml") -> str:
    return (
        f"sezctl: {name}: another sezctl edit in roadmaps/ is in progress; "
        "waiting for it (at most 300 s)\n"
    )


def test_an_edit_waits_for_the_one_in_progress_and_neither_is_lost(folder: Path) -> None:
    """The lost update the review found, made deterministic: edit A stops right before its
    rename; edit B of another item starts meanwhile.  B waits (and says so) instead of writing
    a file that A's rename would then throw away; when A goes on, B edits A's result."""
    first, _, go = start_paused_sezctl(folder, *command_for(1)[0])
    try:
        second = start_sezctl(folder, *command_for(2)[0])
        assert second.stderr is not None
        note = second.stderr.readline()  # without the lock: "" (B is done, A has not renamed)
        assert note == waiting_note(), second.communicate()
    finally:
        go.touch()
    first_out, first_err = first.communicate(timeout=WAIT)
    second_out, second_err = second.communicate(timeout=WAIT)
    assert (first.returncode, first_err) == (0, ""), first_out
    assert (second.returncode, second_err) == (0, ""), second_out
    assert first_out == (
        "roadmaps/demo.yaml: reschedule demo/item-1: 2026-12-31 -> 2027-01-15 (Decision 1)\n"
    )
    assert second_out == "roadmaps/demo.yaml: assign demo/item-2: aitymbetov -> grid-company\n"
    assert (folder / "roadmaps" / "demo.yaml").read_text(encoding="utf-8") == expected_text(
        6, [1, 2]
    )
    assert sorted(p.name for p in (folder / "roadmaps").iterdir()) == ["demo.yaml"]


def test_racing_edits_of_one_file_all_land(folder: Path) -> None:
    """2×N sezctl processes (done, reschedule, assign) on different items of the same file,
    started together: every one exits 0, and the file ends up with all of their edits, as if
    they had run one after another."""
    count = 8
    (folder / "roadmaps" / "demo.yaml").write_text(roadmap(count), encoding="utf-8")
    processes = [start_sezctl(folder, *command_for(number)[0]) for number in range(1, count + 1)]
    results = [process.communicate(timeout=WAIT) for process in processes]
    for number, (process, (out, err)) in enumerate(zip(processes, results, strict=True), 1):
        assert process.returncode == 0, (number, out, err)
        assert out.startswith("roadmaps/demo.yaml: "), (number, out)
        assert err in ("", waiting_note()), (number, err)
    assert (folder / "roadmaps" / "demo.yaml").read_text(encoding="utf-8") == expected_text(
        count, list(range(1, count + 1))
    )
    assert sorted(p.name for p in (folder / "roadmaps").iterdir()) == ["demo.yaml"]


def test_racing_commits_each_hold_their_own_edit(folder: Path) -> None:
    """The same race with --commit in a real repository: one commit per edit, each holding
    exactly its own change, the file holding all of them, and nothing left uncommitted."""
    count = 6
    (folder / "roadmaps" / "demo.yaml").write_text(roadmap(count), encoding="utf-8")
    git_env = pinned_git_env(folder.parent)

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=folder, env=environment(**git_env), capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    git("init", "--quiet")
    git("add", "--all")
    git("commit", "--quiet", "-m", "Roadmap approved")
    processes = [
        start_sezctl(folder, *command_for(number)[0], "--commit", **git_env)
        for number in range(1, count + 1)
    ]
    results = [process.communicate(timeout=WAIT) for process in processes]
    for number, (process, (out, err)) in enumerate(zip(processes, results, strict=True), 1):
        assert process.returncode == 0, (number, out, err)
        assert err in ("", waiting_note()), (number, err)
    assert (folder / "roadmaps" / "demo.yaml").read_text(encoding="utf-8") == expected_text(
        count, list(range(1, count + 1))
    )
    assert git("status", "--porcelain") == ""
    # Each of the last N commits is exactly its own edit applied to the commit before it.
    numbers = []
    for commit in git("rev-list", "-n", str(count), "HEAD").split():
        subject = git("log", "-1", "--format=%s", commit)
        number = int(subject.split("demo/item-")[1].split(":")[0])
        numbers.append(number)
        before = git("show", f"{commit}~1:roadmaps/demo.yaml")
        change = command_for(number)[1]
        assert git("show", f"{commit}:roadmaps/demo.yaml") == (
            edit_item(before, "demo", f"item-{number}", change).text
        ), subject
        assert git("diff", "--name-only", f"{commit}~1", commit) == "roadmaps/demo.yaml\n"
    assert sorted(numbers) == list(range(1, count + 1))


def hold_folder_lock(folder: Path) -> int:
    """Take the edit lock of ``folder`` as another sezctl edit would; close the fd to let go."""
    fd = os.open(folder, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def test_a_lock_held_too_long_is_exit_2_naming_the_file(folder: Path) -> None:
    """Another edit holds the folder's lock past SEZCTL_LOCK_TIMEOUT: after waiting, exit 2
    with the file, the folder and what to do; nothing is written."""
    path = folder / "roadmaps" / "demo.yaml"
    before = path.read_bytes()
    fd = hold_folder_lock(folder / "roadmaps")
    try:
        process = start_sezctl(folder, "done", "item-3", SEZCTL_LOCK_TIMEOUT="0.5")
        out, err = process.communicate(timeout=WAIT)
    finally:
        os.close(fd)
    assert process.returncode == 2, err
    assert out == ""
    assert err == (
        "sezctl: roadmaps/demo.yaml: another sezctl edit in roadmaps/ is in progress; waiting "
        "for it (at most 0.5 s)\n"
        "sezctl: error: roadmaps/demo.yaml: another sezctl edit in roadmaps/ still holds its lock "
        "after 0.5 s; nothing was written. Run the command again when that edit is done, or set "
        "SEZCTL_LOCK_TIMEOUT=SECONDS to wait longer\n"
    )
    assert path.read_bytes() == before


def test_a_dry_run_does_not_wait_for_the_lock(
    folder: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--dry-run writes nothing, so it neither takes nor waits for the lock."""
    monkeypatch.chdir(folder)
    fd = hold_folder_lock(folder / "roadmaps")
    try:
        result = cli(
            "done", "item-3", "--today", TODAY, "--dry-run", env={"SEZCTL_LOCK_TIMEOUT": "0"}
        )
    finally:
        os.close(fd)
    assert result.exit_code == 0, result.output
    assert result.stderr == "sezctl: dry run: done demo/item-3: 2026-11-26; nothing was written.\n"


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "inf"])
def test_a_bad_lock_timeout_is_a_usage_error(
    folder: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """SEZCTL_LOCK_TIMEOUT must be a number of seconds: exit 2 saying so; nothing written."""
    monkeypatch.chdir(folder)
    before = (folder / "roadmaps" / "demo.yaml").read_bytes()
    result = cli("done", "item-3", "--today", TODAY, env={"SEZCTL_LOCK_TIMEOUT": value})
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"sezctl: error: SEZCTL_LOCK_TIMEOUT={value!r} is not a number of seconds; write e.g. "
        "SEZCTL_LOCK_TIMEOUT=120, or unset it for the default of 30 s\n"
    )
    assert (folder / "roadmaps" / "demo.yaml").read_bytes() == before


@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGTERM], ids=["KILL", "TERM"])
def test_the_next_edit_removes_what_a_killed_edit_left(
    folder: Path, signal_number: signal.Signals
) -> None:
    """An edit killed while its temporary file exists leaves `.demo.yaml.XXXXXXXX.sezctl-tmp`
    behind (git status shows it).  The next edit of the folder holds the lock, so that file
    cannot be anyone's work in progress: it is removed, and the edit says so on stderr."""
    roadmaps = folder / "roadmaps"
    subprocess.run(["git", "init", "--quiet", str(folder)], check=True)
    process, ready, _ = start_paused_sezctl(folder, *command_for(1)[0])
    ready.unlink()
    process.send_signal(signal_number)
    process.communicate(timeout=WAIT)
    assert process.returncode == -signal_number
    leftovers = [p.name for p in roadmaps.iterdir() if p.name != "demo.yaml"]
    assert len(leftovers) == 1 and re.fullmatch(
        r"\.demo\.yaml\.[0-9a-f]{8}\.sezctl-tmp", leftovers[0]
    )
    status = subprocess.run(
        ["git", "-C", str(folder), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert f"?? roadmaps/{leftovers[0]}\n" in status.stdout
    assert (roadmaps / "demo.yaml").read_text(encoding="utf-8") == roadmap(6)

    second = start_sezctl(folder, *command_for(2)[0])
    out, err = second.communicate(timeout=WAIT)
    assert second.returncode == 0, err
    assert err == (
        f"sezctl: removed roadmaps/{leftovers[0]}, a temporary file left by an interrupted edit\n"
    )
    assert out == "roadmaps/demo.yaml: assign demo/item-2: aitymbetov -> grid-company\n"
    assert sorted(p.name for p in roadmaps.iterdir()) == ["demo.yaml"]
    assert (roadmaps / "demo.yaml").read_text(encoding="utf-8") == expected_text(6, [2])
