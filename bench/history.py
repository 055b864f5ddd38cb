"""Time the git-history commands on a long history (issue 4: each under 3 s).

    python bench/history.py [--commits 1000] [--files 50] [--runs 5] [--keep DIR]

Builds a git repository of ``--commits`` commits touching ``--files`` roadmap files (20 items
each) with ``git fast-import`` -- one process, pinned dates one day apart -- then times, as
whole processes of the installed ``sezctl`` console script, the median of ``--runs`` runs of:

* ``sezctl history ITEM`` for the item changed most often,
* ``sezctl diff FIRST HEAD`` over the whole range,
* ``sezctl status --baseline FIRST --all --format json``,
* ``sezctl report --format html`` (12 weeks of trend) and ``--weeks 52 --format json``.

Each commit changes one file: it moves a deadline (most commits), hands an item to another
owner, or marks one done, and every 50th commit breaks the file's YAML (fixed by the next
commit), so the walk also pays for reporting skipped versions.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

SEZCTL = Path(sys.executable).with_name("sezctl")
ITEMS_PER_FILE = 20
START = datetime(2024, 1, 1, 10, 0, tzinfo=timezone(timedelta(hours=5)))
TODAY = "2026-11-26"
TARGET_SECONDS = 3.0
OWNERS = "owners:\n  hq:\n    name: Operational HQ\n  aliya:\n    name: Aliya Nurlanovna\n"


def roadmap_text(index: int, items: list[dict[str, object]]) -> str:
    lines = [
        f"roadmap: rm-{index:03d}",
        f"title: Roadmap {index}",
        "stages:",
    ]
    for item in items:
        lines += [
            f"  - id: {item['id']}",
            f"    title: Stage {item['id']}",
            f"    owner: {item['owner']}",
            f"    due: {item['due']}",
        ]
        if item["done"]:
            lines.append(f"    done: {item['done']}")
    return "\n".join(lines) + "\n"


def build_repository(folder: Path, commits: int, files: int, seed: int = 2026) -> str:
    """Write the repository with one ``git fast-import``; returns the busiest item's ref."""
    rng = random.Random(seed)
    state = [
        [
            {
                "id": f"s{n:02d}",
                "owner": "hq",
                "due": date(2026, 1, 1) + timedelta(days=7 * n),
                "done": None,
            }
            for n in range(ITEMS_PER_FILE)
        ]
        for _ in range(files)
    ]
    touched: dict[str, int] = {}
    stream: list[bytes] = []

    def commit(number: int, message: str, contents: dict[int, str]) -> None:
        when = START + timedelta(days=number)
        stamp = f"{int(when.timestamp())} +0500"
        data = message.encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"author Operational HQ <hq@example.kz> {stamp}\n".encode())
        stream.append(f"committer Operational HQ <hq@example.kz> {stamp}\n".encode())
        stream.append(f"data {len(data)}\n".encode() + data + b"\n")
        for index, text in contents.items():
            blob = text.encode()
            name = "owners" if index < 0 else f"rm-{index:03d}"
            stream.append(f"M 100644 inline roadmaps/{name}.yaml\n".encode())
            stream.append(f"data {len(blob)}\n".encode() + blob + b"\n")

    first = {i: roadmap_text(i, items) for i, items in enumerate(state)}
    commit(0, "Approved plan", {-1: OWNERS, **first})
    broken: int | None = None
    for number in range(1, commits):
        if broken is not None:
            commit(number, "Fix the YAML", {broken: roadmap_text(broken, state[broken])})
            broken = None
            continue
        index = rng.randrange(files)
        item = state[index][rng.randrange(ITEMS_PER_FILE)]
        ref = f"rm-{index:03d}/{item['id']}"
        if number % 50 == 0:
            text = roadmap_text(index, state[index]) + "  - id: [broken\n"
            commit(number, "WIP", {index: text})
            broken = index
            continue
        roll = rng.random()
        if roll < 0.8:
            item["due"] = item["due"] + timedelta(days=rng.randint(1, 30))  # type: ignore[operator]
            message = f"{ref}: moved, supplier late"
        elif roll < 0.9:
            item["owner"] = "aliya" if item["owner"] == "hq" else "hq"
            message = f"{ref}: reassigned"
        else:
            item["done"] = None if item["done"] else item["due"]
            message = f"{ref}: done or reopened"
        touched[ref] = touched.get(ref, 0) + 1
        commit(number, message, {index: roadmap_text(index, state[index])})
    folder.mkdir(parents=True)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main", str(folder)], check=True,
                   env=env)  # fmt: skip
    subprocess.run(["git", "-C", str(folder), "fast-import", "--quiet"], input=b"".join(stream),
                   check=True, env=env)  # fmt: skip
    subprocess.run(["git", "-C", str(folder), "checkout", "--quiet", "main"], check=True, env=env)
    return max(touched, key=lambda ref: touched[ref])


def time_command(folder: Path, args: list[str], runs: int) -> float:
    """The median wall-clock seconds of ``runs`` runs (after one untimed run)."""
    env = {**os.environ, "SEZCTL_TODAY": TODAY, "GIT_CONFIG_GLOBAL": os.devnull}
    times = []
    for attempt in range(runs + 1):
        started = time.perf_counter()
        done = subprocess.run(
            [str(SEZCTL), *args], cwd=folder, env=env, capture_output=True, check=False
        )
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"sezctl {' '.join(args)} failed: {done.stderr.decode()[-2000:]}")
        if attempt:
            times.append(elapsed)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sezctl-history-"))
    folder = options.keep or work / "repo"
    try:
        started = time.perf_counter()
        busiest = build_repository(folder, options.commits, options.files)
        built = time.perf_counter() - started
        first = subprocess.run(
            ["git", "-C", str(folder), "rev-list", "--max-parents=0", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        print(f"{options.commits} commits, {options.files} files x {ITEMS_PER_FILE} items "
              f"(built in {built:.1f} s); busiest item {busiest}")  # fmt: skip
        commands = {
            f"history {busiest}": ["history", busiest],
            "diff FIRST HEAD": ["diff", first, "HEAD", "--format", "json"],
            "status --baseline FIRST": ["status", "--all", "--baseline", first, "-f", "json"],
            "report --format html": ["report", "--format", "html"],
            "report --weeks 52 --format json": ["report", "--weeks", "52", "--format", "json"],
        }
        slow = 0
        for name, args in commands.items():
            seconds = time_command(folder, args, options.runs)
            verdict = "ok" if seconds < TARGET_SECONDS else "OVER TARGET"
            slow += seconds >= TARGET_SECONDS
            print(f"  sezctl {name:<32} {seconds * 1000:7.0f} ms  ({verdict}, target < 3 s)")
        return 1 if slow else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
