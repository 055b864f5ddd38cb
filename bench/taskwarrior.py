"""sezctl against Taskwarrior on the same 10,000 items (issue 15, point 2).

    python bench/taskwarrior.py [--runs 11] [--portfolio 10k] [--no-depends] [--json FILE]
                                [--keep DIR]

Imports the generated portfolio (``bench/out/10k``, made by ``bench/run.py``'s generator when
missing) into a private Taskwarrior -- ``TASKRC`` and ``TASKDATA`` in a temporary folder, the
user's own tasks never touched -- and times, in turn, round after round, through
``bench/run.py``'s launcher (wall, CPU, peak RSS of one fresh process each):

- ``task overdue`` (the overdue report, every overdue task) and ``task +OVERDUE count``;
- ``sezctl status DIR --today`` (the default view a person reads), ``--format json`` and
  ``--all``;

with ``rc.verbose=nothing`` and ``rc._forcecolor=off`` for Taskwarrior, ``COLUMNS=80`` for both,
output to a pipe.  It installs nothing: without a ``task`` program it says how to get one
(``apt-get install taskwarrior``) and exits 2.

**The same overdue set.**  Each item becomes one task: the roadmap is its project, the title
its description, its ``depends_on`` its dependencies, open items are pending, done items
completed, cancelled ones deleted.  Dependencies cost Taskwarrior dearly (every report works
out which tasks are blocked): ``--no-depends`` leaves them out, for the comparison without.
Taskwarrior has no ``--today``: it compares due dates with the clock.  So every due date is
moved by the distance between the real today and sezctl's ``--today`` (2026-11-26), at
23:59:59 local time (sezctl counts an item due today as not yet overdue; Taskwarrior's
``+OVERDUE`` is "due before now").  Before timing anything the script checks that
``task +OVERDUE export`` names exactly the items ``sezctl status --format json`` lists as
overdue, and stops if not.  (A run that crosses midnight would shift the set: don't.)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import run  # bench/run.py: the launcher, the portfolios, how sezctl is found

STATUS_FOR_TASKWARRIOR = {"done": "completed", "cancelled": "deleted"}
NAMESPACE = uuid.UUID("5e2c7c1e-0000-4000-8000-000000000015")


def task_uuid(ref: str) -> str:
    return str(uuid.uuid5(NAMESPACE, ref))


def taskwarrior_tasks(folder: Path, shift: timedelta, depends: bool) -> list[dict[str, str]]:
    """One task per item of the portfolio, due dates moved by ``shift`` to 23:59:59, with
    its prerequisites as dependencies when ``depends``."""
    from sezctl.source.loader import list_roadmap_files, load_roadmaps

    portfolio = load_roadmaps(list_roadmap_files([folder])).portfolio

    def stamp(day: date) -> str:
        moment = datetime.combine(day + shift, datetime.max.time().replace(microsecond=0))
        return moment.astimezone().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    tasks: list[dict[str, str]] = []
    refs = {item.ref for item in portfolio.items}
    entry = stamp(date(2025, 1, 1))
    for item in portfolio.items:
        status = STATUS_FOR_TASKWARRIOR.get(item.effective_status.value, "pending")
        task = {
            "uuid": task_uuid(item.ref),
            "description": item.title,
            "project": item.roadmap,
            "status": status,
            "entry": entry,
            "due": stamp(item.due),
        }
        if status != "pending":
            task["end"] = stamp(item.done or item.due)
        prerequisites = [ref.ref for ref in item.depends_on]
        known = [ref for ref in prerequisites if ref in refs]
        if known and depends:
            task["depends"] = ",".join(task_uuid(ref) for ref in known)
        tasks.append(task)
    return tasks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="timed rounds (default 11)")
    parser.add_argument("--portfolio", default="10k", choices=sorted(run.PORTFOLIOS))
    parser.add_argument("--out-dir", type=Path, default=run.HERE / "out")
    parser.add_argument("--json", type=Path, help="also write every sample here")
    parser.add_argument("--sezctl", help="path of the sezctl script to time")
    parser.add_argument("--keep", type=Path, help="keep the Taskwarrior data in this folder")
    parser.add_argument(
        "--no-depends",
        dest="depends",
        action="store_false",
        help="import the tasks without their dependencies (Taskwarrior is then much faster)",
    )
    args = parser.parse_args(argv)

    task = shutil.which("task")
    if task is None:
        sys.stderr.write(
            "bench/taskwarrior.py: Taskwarrior is not installed (no `task` on PATH); "
            "install it with `apt-get install taskwarrior` (Debian, Ubuntu) and run again\n"
        )
        return 2
    version = subprocess.run(
        [task, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    folder = run.ensure_portfolio(args.out_dir, args.portfolio)
    sezctl = run.sezctl_command(False, args.sezctl)
    home = args.keep or Path(tempfile.mkdtemp(prefix="sezctl-taskwarrior-"))
    home.mkdir(parents=True, exist_ok=True)
    data = home / "data"
    rc = home / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nnews.version={version}\n")
    env = {k: v for k, v in os.environ.items() if k not in run._DROPPED_ENV}
    env |= {"TASKRC": str(rc), "TASKDATA": str(data), "COLUMNS": "80"}
    quiet = ["rc.verbose=nothing", "rc._forcecolor=off"]

    shift = date.today() - run.generate.TODAY
    if not (data / "pending.data").exists():
        tasks = taskwarrior_tasks(folder, shift, args.depends)
        (home / "import.json").write_text(json.dumps(tasks, ensure_ascii=False))
        started = time.perf_counter()
        subprocess.run(
            [task, *quiet, "import", str(home / "import.json")],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        sys.stderr.write(
            f"imported {len(tasks)} tasks into {data} in {time.perf_counter() - started:.1f} s\n"
        )

    # The same overdue set, or nothing is timed.
    report = json.loads(
        subprocess.run(
            [*sezctl, "status", str(folder), "--today", run.TODAY, "--format", "json"],
            env=env,
            capture_output=True,
            check=True,
        ).stdout
    )
    expected = {task_uuid(item["ref"]) for item in report["items"]}
    exported = subprocess.run(
        [task, *quiet, "+OVERDUE", "export"], env=env, capture_output=True, check=True
    ).stdout
    overdue = {entry["uuid"] for entry in json.loads(exported)}
    if overdue != expected:
        sys.stderr.write(
            f"bench/taskwarrior.py: Taskwarrior finds {len(overdue)} overdue tasks, sezctl "
            f"{len(expected)}; {len(overdue ^ expected)} differ: not timing\n"
        )
        return 1
    sys.stderr.write(f"the same {len(overdue)} overdue items in both\n")

    days = ["--today", run.TODAY]
    benchmarks = [
        run.Benchmark("task overdue", [task, *quiet, "overdue"], args.runs, "task overdue"),
        run.Benchmark(
            "task +OVERDUE count", [task, *quiet, "+OVERDUE", "count"], args.runs, "count"
        ),
        run.Benchmark(
            "sezctl status", [*sezctl, "status", str(folder), *days], args.runs, "status"
        ),
        run.Benchmark(
            "sezctl status --format json",
            [*sezctl, "status", str(folder), *days, "--format", "json"],
            args.runs,
            "status json",
        ),
        run.Benchmark(
            "sezctl status --all",
            [*sezctl, "status", str(folder), *days, "--all"],
            args.runs,
            "status --all",
        ),
    ]
    for bench in benchmarks:  # one untimed run each (bytecode, Taskwarrior's own tidying)
        *_, code, stderr = run.run_once(bench, env)
        if code != 0:
            sys.stderr.write(f"bench/taskwarrior.py: {bench.name} failed: {stderr}\n")
            return 1
    loads = []
    for round_number in range(args.runs):
        for bench in benchmarks:
            wall, cpu, rss, code, stderr = run.run_once(bench, env)
            if code != 0:
                sys.stderr.write(f"bench/taskwarrior.py: {bench.name} failed: {stderr}\n")
                return 1
            bench.wall.append(wall)
            bench.cpu.append(cpu)
            bench.rss.append(rss)
        loads.append(os.getloadavg()[0])
        sys.stderr.write(f"round {round_number + 1} done (load average {loads[-1]:.2f})\n")

    def median(name: str, field: str = "wall") -> float:
        return statistics.median(getattr(next(b for b in benchmarks if b.name == name), field))

    lines = [
        f"{version and 'Taskwarrior ' + version}, sezctl `{' '.join(sezctl)}`, "
        f"{args.portfolio} ({len(overdue)} overdue), "
        f"{'with' if args.depends else 'without'} dependencies, {args.runs} rounds, 1-minute load "
        f"{min(loads):.2f}-{max(loads):.2f}",
        "",
        "| command | wall median (ms) | min | max | CPU median (ms) | peak RSS (MiB) | output |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for bench in benchmarks:
        lines.append(
            f"| `{bench.name}` | {median(bench.name) * 1000:.0f} | {min(bench.wall) * 1000:.0f} "
            f"| {max(bench.wall) * 1000:.0f} | {median(bench.name, 'cpu') * 1000:.0f} "
            f"| {max(bench.rss) / run.MIB:.1f} | {bench.output_bytes:,} B |"
        )
    for field in ("wall", "cpu"):
        ratio = median("task overdue", field) / median("sezctl status", field)
        verdict = "met" if ratio >= 3 else "not met"
        lines.append(
            f"\n`task overdue` / `sezctl status` ({field}): {ratio:.2f}x "
            f"(target: at least 3x): {verdict}"
        )
    sys.stdout.write("\n".join(lines) + "\n")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "taskwarrior": version,
                    "depends": args.depends,
                    "load_average_after_each_round": loads,
                    "benchmarks": {b.name: b.summary() for b in benchmarks},
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
    if args.keep is None:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
