"""Loading into the model: the bundled roadmap loads and checks clean with exact facts and
positions; item status rules; the portfolio's depth-first item order and lookup tables."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sezctl.core.model import Item, Position, Reference, Status
from sezctl.rules.checks import check_loaded
from sezctl.source.loader import (
    MAX_SUGGESTION_COMPARISONS,
    LoadResult,
    Suggester,
    list_roadmap_files,
    load_roadmaps,
    load_text,
    suggest,
)
from tests.conftest import BUNDLED_ROADMAPS, REPO

TODAY = date(2026, 11, 26)
INFRASTRUCTURE = "roadmaps/infrastructure.yaml"


@pytest.fixture
def bundled(monkeypatch: pytest.MonkeyPatch) -> LoadResult:
    """The bundled roadmaps, loaded from the repository root so paths print as roadmaps/..."""
    monkeypatch.chdir(REPO)
    return load_roadmaps(list_roadmap_files([BUNDLED_ROADMAPS]))


def load_one(text: str) -> LoadResult:
    result = load_text(textwrap.dedent(text), "t.yaml")
    assert result.problems == [], [p.format() for p in result.problems]
    return result


# -- the bundled roadmap -------------------------------------------------------------------------


def test_bundled_roadmaps_load_and_check_clean(bundled: LoadResult) -> None:
    """`sezctl check` passes on roadmaps/ as of 2026-11-26: no loader and no check problems."""
    assert bundled.problems == []
    assert bundled.broken_refs == set()
    assert bundled.broken_owners == set()
    assert check_loaded(bundled, TODAY) == []


def test_bundled_files_and_roadmaps(bundled: LoadResult) -> None:
    """Four files in name order hold three roadmaps and one owners registry of 17 entries."""
    portfolio = bundled.portfolio
    assert portfolio.files == [
        "roadmaps/headquarters.yaml",
        "roadmaps/infrastructure.yaml",
        "roadmaps/investors.yaml",
        "roadmaps/owners.yaml",
    ]
    assert [roadmap.id for roadmap in portfolio.roadmaps] == [
        "aktobe-sez-hq",
        "aktobe-sez-infrastructure",
        "aktobe-sez-investors",
    ]
    assert len(portfolio.owners) == len(portfolio.owner_definitions) == 17
    assert portfolio.owner_name("abdikarimov") == "Абзал Әбдікәрімов"
    assert portfolio.owners["abdikarimov"].position == Position("roadmaps/owners.yaml", 17, 3)


def test_bundled_infrastructure_plan_has_seven_stages_in_order(bundled: LoadResult) -> None:
    """The infrastructure roadmap is the seven-stage plan, from technical conditions to the
    phased start of construction, with its metadata read exactly."""
    roadmap = bundled.portfolio.roadmaps[1]
    assert roadmap.id == "aktobe-sez-infrastructure"
    assert roadmap.title == "«Ақтөбе» АЭА инфрақұрылымын дамыту жоспары"
    assert roadmap.owner == "abdikarimov"
    assert roadmap.approved == date(2025, 12, 26)
    assert roadmap.where("roadmap") == Position(INFRASTRUCTURE, 14, 1)
    assert [stage.id for stage in roadmap.stages] == [
        "technical-conditions",
        "land-surveys",
        "design-documentation",
        "state-expertise",
        "power-grid",
        "utility-networks",
        "construction-start",
    ]
    assert all(stage.parent is None for stage in roadmap.stages)


def test_bundled_power_grid_stage_values_and_positions(bundled: LoadResult) -> None:
    """power-grid carries its dates, status, tasks, resolved dependency and exact positions."""
    item = bundled.portfolio.items_by_ref["aktobe-sez-infrastructure/power-grid"]
    assert (item.owner, item.start, item.due, item.baseline, item.done, item.status) == (
        "energy-dept",
        date(2026, 2, 15),
        date(2026, 9, 30),
        date(2026, 8, 31),
        None,
        Status.IN_PROGRESS,
    )
    assert item.position == Position(INFRASTRUCTURE, 128, 5)
    assert item.where("due") == Position(INFRASTRUCTURE, 132, 5)
    assert item.where("baseline") == Position(INFRASTRUCTURE, 133, 5)
    assert item.depends_on == (
        Reference(
            "aktobe-sez-infrastructure", "technical-conditions", Position(INFRASTRUCTURE, 135, 18)
        ),
    )
    assert [task.id for task in item.tasks] == [
        "grid-design",
        "line-110kv",
        "substation",
        "distribution-10kv",
        "temporary-supply",
    ]


def test_bundled_nested_task_positions_and_parent(bundled: LoadResult) -> None:
    """A task knows its parent and where each of its keys is written."""
    task = bundled.portfolio.items_by_ref["aktobe-sez-infrastructure/substation"]
    assert task.parent is bundled.portfolio.items_by_ref["aktobe-sez-infrastructure/power-grid"]
    assert task.position == Position(INFRASTRUCTURE, 156, 9)
    assert task.where("due") == Position(INFRASTRUCTURE, 160, 9)
    assert task.note == "Поставка силовых трансформаторов задерживается."


# -- status of an item ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "done", "effective", "is_open"),
    [
        (None, None, Status.PLANNED, True),
        (None, date(2026, 1, 1), Status.DONE, False),
        (Status.PLANNED, None, Status.PLANNED, True),
        (Status.IN_PROGRESS, None, Status.IN_PROGRESS, True),
        (Status.BLOCKED, None, Status.BLOCKED, True),
        (Status.DONE, None, Status.DONE, False),
        (Status.DONE, date(2026, 1, 1), Status.DONE, False),
        (Status.CANCELLED, None, Status.CANCELLED, False),
        (Status.CANCELLED, date(2026, 1, 1), Status.CANCELLED, False),
        # A written status wins over a done date (the contradiction is a check error).
        (Status.IN_PROGRESS, date(2026, 1, 1), Status.IN_PROGRESS, True),
        (Status.BLOCKED, date(2026, 1, 1), Status.BLOCKED, True),
    ],
)
def test_effective_status_and_is_open(
    status: Status | None, done: date | None, effective: Status, is_open: bool
) -> None:
    """Without a status, a done date means done, else planned; open = not done nor cancelled."""
    item = Item(
        roadmap="r",
        id="a",
        title="A",
        owner="ann",
        due=date(2026, 6, 1),
        position=Position("t.yaml", 1, 1),
        key_positions={},
        status=status,
        done=done,
    )
    assert item.effective_status is effective
    assert item.is_open is is_open


@pytest.mark.parametrize(
    ("written", "shown"),
    [("' 2026-03-31 '", "' 2026-03-31 '"), ('"2026-03-31\\n"', "'2026-03-31\\n'")],
)
def test_a_quoted_date_with_whitespace_around_it_is_a_bad_date(written: str, shown: str) -> None:
    """`due: ' 2026-03-31 '` and `due: "2026-03-31\\n"` are not dates: the format allows the
    date and nothing else, so they are bad-date at the value, not silently trimmed."""
    result = load_text(
        f"owners: {{ann: {{name: Ann}}}}\nroadmap: r\ntitle: R\nstages:\n"
        f"  - {{id: a, title: A, owner: ann, due: {written}}}\n",
        "t.yaml",
    )
    assert [problem.format() for problem in result.problems] == [
        f"t.yaml:5:40: error[bad-date]: due: {shown} has spaces or a line break around the "
        "date: write only the date, 2026-03-31."
    ]
    assert result.portfolio.items == []


def test_status_values_are_the_documented_words() -> None:
    """The status vocabulary is exactly the five documented words."""
    assert [status.value for status in Status] == [
        "planned",
        "in-progress",
        "blocked",
        "done",
        "cancelled",
    ]


# -- the portfolio -------------------------------------------------------------------------------

NESTED = """\
    owners: {ann: {name: Ann}}
    roadmap: r
    title: R
    stages:
      - id: a
        title: A
        owner: ann
        due: 31.12.2026
        tasks:
          - id: a1
            title: A1
            owner: ann
            due: 2026-12-01
            tasks:
              - {id: a1x, title: A1X, owner: ann, due: 2026-11-01, depends_on: [b, other/z]}
          - {id: a2, title: A2, owner: ann, due: 2026-12-02}
      - id: b
        title: B
        owner: ann
        due: 2026-10-01
        tasks:
          - {id: b1, title: B1, owner: ann, due: 2026-09-01}
"""


def test_portfolio_items_are_depth_first_in_file_order() -> None:
    """Each item is followed by its tasks (recursively) before its next sibling."""
    portfolio = load_one(NESTED).portfolio
    assert [item.ref for item in portfolio.items] == ["r/a", "r/a1", "r/a1x", "r/a2", "r/b", "r/b1"]
    assert list(portfolio.items_by_ref) == [item.ref for item in portfolio.items]


def test_tasks_link_to_their_parents() -> None:
    """tasks and parent links mirror the nesting in the file."""
    by_ref = load_one(NESTED).portfolio.items_by_ref
    assert [task.id for task in by_ref["r/a"].tasks] == ["a1", "a2"]
    assert by_ref["r/a1x"].parent is by_ref["r/a1"]
    assert by_ref["r/a1"].parent is by_ref["r/a"]
    assert by_ref["r/a"].parent is None
    assert by_ref["r/a1x"].tasks == []


def test_items_keep_dates_references_and_key_positions() -> None:
    """DD.MM.YYYY is a date; bare ids resolve to this roadmap; absent keys fall back to the item."""
    by_ref = load_one(NESTED).portfolio.items_by_ref
    assert by_ref["r/a"].due == date(2026, 12, 31)
    assert by_ref["r/a"].where("due") == Position("t.yaml", 8, 5)
    assert by_ref["r/a"].where("start") == by_ref["r/a"].position == Position("t.yaml", 5, 5)
    assert [reference.ref for reference in by_ref["r/a1x"].depends_on] == ["r/b", "other/z"]
    assert by_ref["r/a1x"].depends_on[0].position == Position("t.yaml", 15, 77)
    assert by_ref["r/a1x"].position == Position("t.yaml", 15, 13)


def test_portfolio_items_follow_file_order_across_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files are loaded in sorted name order, so items of 1.yaml come before those of 2.yaml."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "2.yaml").write_text(
        "roadmap: second\ntitle: S\nstages:\n  - {id: z, title: Z, owner: ann, due: 2026-01-01}\n",
        encoding="utf-8",
    )
    (tmp_path / "1.yaml").write_text(
        "owners: {ann: {name: Ann}}\nroadmap: first\ntitle: F\n"
        "stages:\n  - {id: y, title: Y, owner: ann, due: 2026-01-01}\n",
        encoding="utf-8",
    )
    result = load_roadmaps(list_roadmap_files([tmp_path]))
    assert result.problems == []
    assert result.portfolio.files == ["1.yaml", "2.yaml"]
    assert [item.ref for item in result.portfolio.items] == ["first/y", "second/z"]


def test_duplicates_are_kept_but_lookups_keep_the_first() -> None:
    """A duplicate item stays in items (for the check) while items_by_ref names the first."""
    portfolio = load_one("""\
        owners: {ann: {name: Ann}}
        roadmap: r
        title: R
        stages:
          - {id: a, title: First, owner: ann, due: 2026-01-01}
          - {id: a, title: Second, owner: ann, due: 2026-01-01}
    """).portfolio
    assert [item.title for item in portfolio.items] == ["First", "Second"]
    assert portfolio.items_by_ref["r/a"].title == "First"


def test_owner_definitions_keep_duplicates_owners_keep_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An owner defined in two files appears twice in owner_definitions, once in owners."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text("owners:\n  ann: {name: Ann A}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("owners:\n  ann: {name: Ann B}\n", encoding="utf-8")
    portfolio = load_roadmaps(list_roadmap_files([tmp_path])).portfolio
    assert [owner.name for owner in portfolio.owner_definitions] == ["Ann A", "Ann B"]
    assert portfolio.owner_name("ann") == "Ann A"
    assert portfolio.owner_name("nobody") is None


# -- "did you mean" ------------------------------------------------------------------------------

IDS = st.text(alphabet="abcdef-/", min_size=0, max_size=10)


@given(word=IDS, candidates=st.lists(IDS, max_size=30), exclude=st.one_of(st.none(), IDS))
@example(word="stage-1", candidates=["stage-2", "stage-3"], exclude="stage-3")  # a tie
@example(word="power-gird", candidates=["power-grid", "power"], exclude="power-grid")
def test_suggester_gives_exactly_difflibs_closest_match(
    word: str, candidates: list[str], exclude: str | None
) -> None:
    """Within its budget, a Suggester's hint is difflib.get_close_matches(n=1, cutoff=0.6) over
    the candidates other than ``exclude``, ties included; the one-off suggest() agrees."""
    others = [candidate for candidate in candidates if candidate != exclude]
    expected = difflib.get_close_matches(word, others, n=1, cutoff=0.6)
    assert Suggester(candidates).closest(word, exclude) == (expected[0] if expected else None)
    hint = f" (did you mean {expected[0]!r}?)" if expected else ""
    if exclude is None:
        assert suggest(word, candidates) == hint


def test_suggester_compares_only_candidates_of_a_possible_length() -> None:
    """A word is compared only with candidates whose length allows a ratio of 0.6 (lengths 3 to
    16 for a 7-letter word), and each unknown word is worked out once however often asked."""
    candidates = ["ab", "abc", "abcd", "stage-1", "stage-22", "a" * 16, "a" * 17, "a" * 40]
    suggester = Suggester(candidates)
    for _ in range(1000):
        assert suggester.hint("stage-2") == " (did you mean 'stage-22'?)"
    assert suggester.comparisons == 5  # abc, abcd, stage-1, stage-22, a*16


def test_suggester_stops_suggesting_when_its_comparison_budget_is_spent() -> None:
    """1,000 unknown references among 1,000 similar ids: the first words that fit in
    MAX_SUGGESTION_COMPARISONS get the exact hint, the rest none, and no more candidates are
    compared than the budget allows."""
    candidates = [f"r/stage-{number}" for number in range(1000)]
    suggester = Suggester(candidates)
    hints = [suggester.hint(f"r/stagx-{n}", exclude=f"r/stage-{n}") for n in range(1000)]
    fitted = MAX_SUGGESTION_COMPARISONS // len(candidates)
    assert suggester.comparisons == fitted * len(candidates) <= MAX_SUGGESTION_COMPARISONS
    assert hints[:2] == [" (did you mean 'r/stage-90'?)", " (did you mean 'r/stage-91'?)"]
    assert all(hints[:fitted]) and not any(hints[fitted:])


def test_two_thousand_broken_references_are_checked_in_seconds(tmp_path: Path) -> None:
    """The review's attack: every one of 2,000 items depends on a misspelt id.  Comparing each
    with every id took minutes (difflib per reference); a real `sezctl check` process now ends
    well inside a generous 30 s, with every reference reported and the first ones with a hint."""
    lines = ["owners: {ann: {name: Ann}}", "roadmap: r", "title: R", "stages:"]
    lines += [
        f"  - {{id: stage-{n}, title: S, owner: ann, due: 2026-03-31, depends_on: [stagx-{n}]}}"
        for n in range(2000)
    ]
    (tmp_path / "r.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "SEZCTL_TODAY": "2026-01-01"}
    done = subprocess.run(
        [sys.executable, "-m", "sezctl", "check", "r.yaml"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == "2000 errors, 0 warnings in 1 file\n"
    problems = done.stdout.splitlines()
    assert len(problems) == 2000
    assert problems[0] == (
        "r.yaml:5:71: error[unknown-dependency]: r/stage-0 depends on 'r/stagx-0', which does "
        "not exist (did you mean 'r/stage-90'?)."
    )
    assert problems[-1] == (
        "r.yaml:2004:74: error[unknown-dependency]: r/stage-1999 depends on 'r/stagx-1999', "
        "which does not exist."
    )


def test_the_suggestion_budget_is_the_documented_one() -> None:
    """docs/checks.md states the comparison budget of "did you mean" as the code has it."""
    checks = (REPO / "docs" / "checks.md").read_text(encoding="utf-8")
    assert f"at most {MAX_SUGGESTION_COMPARISONS:,} candidate ids" in " ".join(checks.split())
