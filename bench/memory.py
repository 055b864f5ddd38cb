"""Peak memory of every sezctl command at 50,000 items (issue 15, point 4: at most 250 MiB).

    python bench/memory.py [--size 50k] [--runs 1] [--only NAME ...] [--json OUT]

Each command runs as a whole process under ``/usr/bin/time -v`` (GNU time), which reports the
command's own peak resident set ("Maximum resident set size"): a small C program forks it, so
none of this runner's memory is counted (bench/run.py explains why that matters).  Standard
output goes to a temporary file, whose size is printed beside the figure.

The portfolio is the one ``bench/run.py`` generates (``bench/out/50k``: 50,000 items in 1,000
roadmap files).  The commands that read git history (``diff``, ``history``, ``report``,
``status --baseline``) run in a repository made beside it (``bench/out/50k-git``): the same
files committed as ``roadmaps/`` with the bundled ``sezctl.toml``, then one more commit that
hands one stage to another owner.  Every command must exit 0 or 1 (1: what ``check`` returns on
errors; the generated portfolio has none); a missed bound is reported, not failed.
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
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (bench/ is a folder of scripts, not a package)

BOUND_MIB = 250
MIB = 1024 * 1024
TIME = "/usr/bin/time"
# The stage the second commit of the git repository hands over, and its new owner.
MOVED_ITEM = "logistics-0001/heat-supply-procure"
MOVED_FROM, MOVED_TO = "    owner: ivanov-15\n", "    owner: esenov-6\n"


@dataclass
class Command:
    name: str
    args: list[str]
    git: bool = False  # runs in the git repository rather than on the portfolio's folder
    rss: list[int] = field(default_factory=list)  # bytes
    wall: list[float] = field(default_factory=list)  # seconds
    output_bytes: int = 0
    error: str | None = None


def commands(portfolio: str) -> list[Command]:
    """Every command of sezctl that reads the portfolio, in the formats that differ in how
    much they build (the table, JSON, CSV, ...)."""
    p = portfolio
    return [
        Command("check", ["check", p]),
        Command("status", ["status", p]),
        Command("status --all", ["status", p, "--all"]),
        Command("status -f json", ["status", p, "--format", "json"]),
        Command("status -f csv", ["status", p, "--format", "csv"]),
        Command("status -f markdown", ["status", p, "--format", "markdown"]),
        Command("status --baseline", ["status", "--baseline", "HEAD~1", "-f", "json"], True),
        Command("owners", ["owners", p]),
        Command("owners -f json", ["owners", p, "--format", "json"]),
        Command("show", ["show", MOVED_ITEM, p]),
        Command("critical", ["critical", p]),
        Command("critical -f json", ["critical", p, "--format", "json"]),
        Command("export (ics)", ["export", p]),
        Command("export -f csv", ["export", p, "--format", "csv"]),
        Command("export -f json", ["export", p, "--format", "json"]),
        Command("export -f mermaid", ["export", p, "--format", "mermaid"]),
        Command("agenda", ["agenda", p]),
        Command("calendar", ["calendar"]),
        Command("diff", ["diff", "HEAD~1", "HEAD"], True),
        Command("history", ["history", MOVED_ITEM], True),
        Command("report (markdown)", ["report"], True),
        Command("report -f html", ["report", "--format", "html"], True),
        Command("report -f json", ["report", "--format", "json"], True),
    ]  # fmt: skip


def ensure_git_repository(portfolio: Path) -> Path:
    """``portfolio``'s files committed as ``roadmaps/`` of a repository beside it, then one
    commit that hands :data:`MOVED_ITEM` over (made again when the portfolio is newer)."""
    repository = portfolio.with_name(portfolio.name + "-git")
    manifest = (portfolio / "portfolio.json").read_bytes()
    stamp = repository / ".git" / "bench-portfolio.json"
    if stamp.exists() and stamp.read_bytes() == manifest:
        return repository
    if repository.exists():
        shutil.rmtree(repository)
    shutil.copytree(portfolio, repository / "roadmaps")
    (repository / "roadmaps" / "portfolio.json").unlink()
    shutil.copy(REPO / "sezctl.toml", repository / "sezctl.toml")
    env = os.environ | {
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
        "GIT_AUTHOR_DATE": "2026-11-19T10:00:00+05:00",
        "GIT_COMMITTER_DATE": "2026-11-19T10:00:00+05:00",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repository, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "The generated portfolio")
    first = repository / "roadmaps" / "roadmap-0001.yaml"
    text = first.read_text(encoding="utf-8")
    if MOVED_FROM not in text:
        sys.exit(f"bench/memory.py: {first} no longer has {MOVED_FROM.strip()!r}")
    first.write_text(text.replace(MOVED_FROM, MOVED_TO, 1), encoding="utf-8")
    env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = "2026-11-24T10:00:00+05:00"
    git("commit", "-q", "-a", "-m", "Hand the heat supply procurement over")
    stamp.write_bytes(manifest)
    return repository


def run_once(command: Command, argv: list[str], cwd: Path, env: dict[str, str]) -> None:
    """One run under ``/usr/bin/time -v``: its peak RSS and wall time, or its error."""
    with (
        tempfile.NamedTemporaryFile("r", suffix=".time") as report,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        started = time.perf_counter()
        process = subprocess.run(
            [TIME, "-v", "-o", report.name, *argv],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            check=False,
        )
        wall = time.perf_counter() - started
        command.output_bytes = out.tell()
        lines = report.read().splitlines()
        err.seek(0)
        stderr_tail = err.read()[-1000:].decode("utf-8", "replace")
    if process.returncode not in (0, 1):
        command.error = f"exit {process.returncode}: {stderr_tail.strip()}"
        return
    for line in lines:
        if "Maximum resident set size (kbytes):" in line:
            command.rss.append(int(line.rsplit(":", 1)[1]) * 1024)
            command.wall.append(wall)
            return
    command.error = "no 'Maximum resident set size' in the output of /usr/bin/time -v"


def table(selected: list[Command]) -> str:
    lines = [
        f"| command | peak RSS (MiB) | <= {BOUND_MIB} MiB | wall (s) | output |",
        "|---|--:|---|--:|--:|",
    ]
    for command in selected:
        if command.error:
            lines.append(f"| `{command.name}` | error: {command.error} | | | |")
            continue
        peak = max(command.rss) / MIB
        verdict = "met" if peak <= BOUND_MIB else "**missed**"
        wall = statistics.median(command.wall)
        size = f"{command.output_bytes / 1e6:.1f} MB"
        lines.append(f"| `{command.name}` | {peak:.1f} | {verdict} | {wall:.1f} | {size} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="50k", choices=sorted(run.PORTFOLIOS))
    parser.add_argument("--runs", type=int, default=1, help="runs of each command (default 1)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="commands named as in the table")
    parser.add_argument("--out-dir", type=Path, default=HERE / "out")
    parser.add_argument("--sezctl", help="path of the sezctl script (default: beside this Python)")
    parser.add_argument("--json", type=Path, help="also write every sample here")
    args = parser.parse_args(argv)
    if not Path(TIME).exists():
        sys.exit(f"bench/memory.py: {TIME} (GNU time) is needed: apt-get install time")

    sezctl = run.sezctl_command(False, args.sezctl)
    portfolio = run.ensure_portfolio(args.out_dir, args.size)
    selected = commands(str(portfolio))
    if args.only:
        selected = [command for command in selected if command.name in args.only]
    repository = ensure_git_repository(portfolio) if any(c.git for c in selected) else REPO
    env = {k: v for k, v in os.environ.items() if k not in run._DROPPED_ENV}
    env |= {"SEZCTL_TODAY": run.TODAY, "COLUMNS": "80"}
    load_before = os.getloadavg()[0]
    for _ in range(args.runs):
        for command in selected:
            if command.error is None:
                cwd = repository if command.git else REPO
                run_once(command, [*sezctl, *command.args], cwd, env)
                peak = f"{command.rss[-1] / MIB:.1f} MiB" if command.rss else command.error
                sys.stderr.write(f"{command.name}: {peak}\n")
    load_after = os.getloadavg()[0]
    commit = run.machine_info()["git_commit"]
    sys.stdout.write(
        f"{args.size} ({portfolio}), {args.runs} run(s) each, sezctl at {commit}, "
        f"1-minute load {load_before:.1f} before, {load_after:.1f} after\n\n" + table(selected)
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "size": args.size,
                    "bound_mib": BOUND_MIB,
                    "load": [load_before, load_after],
                    "commands": [
                        {
                            "name": c.name,
                            "argv": c.args,
                            "peak_rss_bytes": c.rss,
                            "wall_s": c.wall,
                            "output_bytes": c.output_bytes,
                            "error": c.error,
                        }
                        for c in selected
                    ],
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    return 1 if any(c.error for c in selected) else 0


if __name__ == "__main__":
    sys.exit(main())
