"""The benchmark scripts report what they claim: the floor program does sezctl's job on the
bundled roadmap, and the targets are computed from the medians as docs/performance.md says."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from tests.conftest import BUNDLED_ROADMAPS, CLI_ENV, REPO, Cli

BENCH = REPO / "bench"


def bench_module(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[f"bench_{name}"] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


def overdue_rows(table: str) -> list[tuple[str, int]]:
    """(item id, days late) of each row of the "Overdue" table, read from the rendered text."""
    overdue = table.split("Overdue", 1)[1].split("Due within", 1)[0]
    found = re.findall(r"^ (\S+) .* (\d{4}-\d{2}-\d{2}) +(\d+) ", overdue, re.MULTILINE)
    return [(item, int(days)) for item, _, days in found]


def test_the_floor_program_prints_the_overdue_items_sezctl_prints(cli: Cli) -> None:
    """bench/floor.py is a fair floor: on the bundled roadmap its overdue table has the same
    items, in the same order, with the same day counts as `sezctl status`."""
    floor = bench_module("floor")
    env = {**CLI_ENV, "COLUMNS": "400"}
    printed = CliRunner().invoke(
        floor.build_app(), [str(BUNDLED_ROADMAPS), "--today", "2026-11-26"], env=env
    )
    assert printed.exit_code == 0, printed.output
    status = cli("status", "--today", "2026-11-26", "--format", "json")
    expected = [(item["id"], item["overdue_days"]) for item in json.loads(status.stdout)["items"]]
    assert len(expected) == 9
    assert overdue_rows(printed.stdout) == expected
    # The floor's second table is every open item due within 14 days; sezctl splits those
    # into "at risk" and "due soon".
    everything = json.loads(
        cli("status", "--all", "--today", "2026-11-26", "--format", "json").stdout
    )
    rows = everything["items"]
    within = [r for r in rows if r["days_left"] is not None and r["days_left"] <= 14]
    summary = everything["summary"]
    assert len(within) == 8  # 6 roadmap items and 2 points of the 2026-11-26 protocol
    assert printed.stdout.rstrip().endswith(
        f"2026-11-26: {summary['items']} items, {summary['open']} open, "
        f"{summary['overdue']} overdue, {len(within)} due within 14 days."
    )


@pytest.mark.parametrize("columns", ["80", "120"])
def test_the_floor_program_lays_out_the_overdue_table_as_sezctl_does(
    cli: Cli, columns: str
) -> None:
    """The floor renders the same work as sezctl: its overdue table is sezctl's, line for line
    (bench/floor.py copies the columns of sezctl.render.table on purpose: it must not import
    sezctl, whose cost is what it is compared with)."""
    floor = bench_module("floor")
    env = {**CLI_ENV, "COLUMNS": columns}
    printed = CliRunner().invoke(
        floor.build_app(), [str(BUNDLED_ROADMAPS), "--today", "2026-11-26"], env=env
    )
    status = cli("status", "--today", "2026-11-26", env={"COLUMNS": columns})

    def overdue_table(text: str, next_title: str) -> list[str]:
        """From the "Overdue" title (under the summary, which differs) to the next title, each
        line without the blanks at its end (sezctl writes none; the floor's Rich pads them)."""
        table = text[text.index("\nOverdue\n") : text.index("\n" + next_title)]
        return [line.rstrip() for line in table.split("\n")]

    ours = overdue_table(status.stdout, "At risk")
    assert len(ours) > 20
    assert overdue_table(printed.stdout, "Due within") == ours


def test_targets_are_the_ratios_of_the_medians() -> None:
    """bench/run.py's verdicts are the ratios and limits of issue 2 applied to the medians
    (not to the means or the best runs), and the floor's rows are references, not targets."""
    run = bench_module("run")

    def bench(name: str, seconds: list[float], rss: int = 10_000_000) -> object:
        runs = len(seconds)
        return run.Benchmark(name, [], runs, name, wall=seconds, cpu=seconds, rss=[rss] * runs)

    by_name = {
        "baseline-imports": bench("baseline-imports", [0.080, 0.100, 0.090]),
        "floor-bundled": bench("floor-bundled", [0.117, 0.120, 0.130]),
        "status-bundled": bench("status-bundled", [0.108, 0.112, 0.150]),
        "status-json-10k": bench("status-json-10k", [0.7, 0.75, 0.8], rss=160_000_000),
        "status-json-20k": bench("status-json-20k", [1.5, 1.6, 1.7]),
    }
    targets = run.evaluate_targets(by_name)
    assert [(t["target"], t["measured"], t["met"]) for t in targets] == [
        (
            "status on bundled roadmaps <= 1.25x baseline imports",
            "112 ms / 90 ms = 1.24x",
            True,
        ),
        (
            "reference: floor program (bench/floor.py) / baseline imports",
            "120 ms / 90 ms = 1.33x",
            None,
        ),
        ("reference: status on bundled roadmaps / floor program", "112 ms / 120 ms = 0.93x", None),
        ("status-json 10k: < 0.8 s", "0.750 s", True),
        ("status-json 10k: < 150 MB peak RSS", "160.0 MB (max of runs)", False),
        ("status-json 20k <= 2.2x 10k", "1.600 s / 0.750 s = 2.13x", True),
    ]
    table = run.markdown(list(by_name.values()), targets)
    assert (
        "| reference: status on bundled roadmaps / floor program | 112 ms / 120 ms = 0.93x "
        "| reference |" in table
    )
    assert "| status-json 10k: < 150 MB peak RSS | 160.0 MB (max of runs) | **missed** |" in table


def test_bench_scripts_exist_where_the_docs_say() -> None:
    """docs/performance.md names every benchmark script, and each one is there."""
    performance = (REPO / "docs" / "performance.md").read_text(encoding="utf-8")
    for script in ("bench/run.py", "bench/floor.py", "bench/phases.py", "bench/generate.py"):
        assert script in performance
        assert Path(REPO / script).is_file()
