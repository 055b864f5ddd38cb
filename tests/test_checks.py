"""Every consistency check in ``sezctl.rules.checks.CHECKS``: where it points, what it says, and the
boundary where it must stay silent.

Each case is a small inline roadmap loaded with ``load_text``; the loader must find nothing, so
every problem in the expected list comes from a check.  Today is 2026-11-26 throughout.
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest

from sezctl.core.problems import Problem, Severity
from sezctl.rules.checks import CHECKS, check_loaded
from sezctl.source.loader import LoadResult, load_roadmaps, load_text

TODAY = date(2026, 11, 26)
ERROR = "error"
WARNING = "warning"

# Eight lines: the first stage's "- id:" is always on line 9, at column 5 for its keys.
HEADER = """\
owners:
  ann:
    name: Ann
  bob:
    name: Bob
roadmap: r
title: R
stages:
"""

# The public contract: every code and its severity.  A new check must be added here, and so be
# given tests below.
EXPECTED_CODES = {
    "duplicate-item-id": ERROR,
    "duplicate-roadmap-id": ERROR,
    "duplicate-owner-id": ERROR,
    "unknown-owner": ERROR,
    "start-after-due": ERROR,
    "done-in-future": ERROR,
    "done-before-start": WARNING,
    "done-without-date": ERROR,
    "done-date-not-done": ERROR,
    "cancelled-with-done-date": ERROR,
    "task-due-after-parent": ERROR,
    "task-starts-before-parent": WARNING,
    "parent-done-with-open-tasks": WARNING,
    "unknown-dependency": ERROR,
    "unchecked-references": WARNING,
    "dependency-cycle": ERROR,
    "due-not-after-prerequisite": ERROR,
    "starts-before-prerequisite-due": WARNING,
    "done-before-prerequisite": WARNING,
    "reschedule-chain": ERROR,
    "non-working-deadline": WARNING,
    "protocol-unknown-item": ERROR,
    "point-due-before-protocol": ERROR,
    "off-control-unknown-point": ERROR,
    "off-control-date": ERROR,
    "unknown-decision": ERROR,
}


def check_text(text: str, path: str = "r.yaml") -> list[Problem]:
    """Load one dedented document, insist the loader is happy, and run every check."""
    result = load_text(textwrap.dedent(text), path)
    assert result.problems == [], [p.format() for p in result.problems]
    return check_loaded(result, TODAY)


def check_stages(stages: str) -> list[Problem]:
    """Check HEADER followed by the given stages, dedented and then indented by two spaces."""
    return check_text(HEADER + textwrap.indent(textwrap.dedent(stages).lstrip("\n"), "  "))


def located(problems: list[Problem]) -> list[tuple[int, int, str, str]]:
    return [(p.line, p.column, p.code, p.severity.value) for p in problems]


def check_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **files: str) -> LoadResult:
    """Write name=text files into tmp_path (cwd, so paths print short) and load them all."""
    monkeypatch.chdir(tmp_path)
    paths = []
    for name, text in files.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        paths.append(path)
    return load_roadmaps(sorted(paths))


# -- the registry --------------------------------------------------------------------------------


def test_registry_holds_exactly_the_documented_codes_and_severities() -> None:
    """Codes are a public contract: the registry is exactly these codes with these severities."""
    assert {code: check.severity.value for code, check in CHECKS.items()} == EXPECTED_CODES


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_every_check_has_a_docstring(code: str) -> None:
    """Each check's docstring is its user documentation, so it is a real sentence."""
    check = CHECKS[code]
    assert check.function.__doc__ is not None
    assert len(check.description.split()) >= 6, check.description
    assert check.description.endswith((".", ")")), check.description


def test_consistent_roadmap_gives_no_problems() -> None:
    """A small roadmap using every feature (tasks, dependencies, dates) is clean."""
    problems = check_stages("""
      - id: a
        title: A
        owner: ann
        start: 2026-01-01
        due: 2026-03-01
        baseline: 2026-02-01
        done: 2026-03-01
        status: done
        tasks:
          - id: a1
            title: A1
            owner: bob
            start: 2026-01-01
            due: 2026-03-01
            done: 2026-02-15
      - id: b
        title: B
        owner: bob
        start: 2026-03-01
        due: 2026-12-31
        status: in-progress
        depends_on: [a, a1]
    """)
    assert problems == []


# -- identity ------------------------------------------------------------------------------------


def test_duplicate_item_id_at_another_level_points_at_the_second_id() -> None:
    """A task reusing a stage's id is reported at the second id, naming the first's line."""
    problems = check_stages("""
      - id: a
        title: A
        owner: ann
        due: 2026-12-31
        tasks:
          - id: a
            title: A again
            owner: ann
            due: 2026-12-31
    """)
    assert located(problems) == [(14, 9, "duplicate-item-id", ERROR)]
    assert problems[0].message == (
        "item id 'a' is used twice in roadmap 'r' (first at r.yaml:9); rename one of them."
    )


def test_same_item_id_in_two_roadmaps_is_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item ids are unique per roadmap only: r1/a and r2/a coexist."""
    result = check_files(
        tmp_path,
        monkeypatch,
        one=HEADER.replace("roadmap: r", "roadmap: r1")
        + "  - {id: a, title: A, owner: ann, due: 2026-12-31}\n",
        two="roadmap: r2\ntitle: R2\nstages:\n  - {id: a, title: A, owner: bob, due: 2026-12-31}\n",
    )
    assert check_loaded(result, TODAY) == []


def test_duplicate_roadmap_id_across_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second file using a roadmap id is reported at its `roadmap:` key."""
    result = check_files(
        tmp_path,
        monkeypatch,
        one=HEADER + "  - {id: a, title: A, owner: ann, due: 2026-12-31}\n",
        two="title: R\nroadmap: r\nstages:\n  - {id: b, title: B, owner: bob, due: 2026-12-31}\n",
    )
    problems = check_loaded(result, TODAY)
    assert [(p.path, *located([p])[0]) for p in problems] == [
        ("two.yaml", 2, 1, "duplicate-roadmap-id", ERROR)
    ]
    assert problems[0].message == (
        "roadmap id 'r' is already used in one.yaml:6; each roadmap needs its own id."
    )


def test_duplicate_owner_id_across_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An owner id defined in two files is reported at the second definition's key."""
    result = check_files(
        tmp_path,
        monkeypatch,
        a_owners="owners:\n  ann:\n    name: Ann\n",
        b_owners="owners:\n  bob:\n    name: Bob\n  ann:\n    name: Ann Again\n",
    )
    problems = check_loaded(result, TODAY)
    assert [(p.path, *located([p])[0]) for p in problems] == [
        ("b_owners.yaml", 4, 3, "duplicate-owner-id", ERROR)
    ]
    assert problems[0].message == (
        "owner 'ann' is already defined at a_owners.yaml:2; keep one definition."
    )


# -- owners --------------------------------------------------------------------------------------


def test_unknown_owners_of_item_and_roadmap_suggest_the_closest_id() -> None:
    """Item and roadmap owners missing from the registry are reported with a 'did you mean'."""
    problems = check_text("""\
        owners:
          ann:
            name: Ann
          abdikarimov:
            name: A
        roadmap: r
        title: R
        owner: abdikarimv
        stages:
          - id: a
            title: A
            owner: anne
            due: 2026-12-31
          - id: b
            title: B
            owner: zzz
            due: 2026-12-31
    """)
    assert located(problems) == [
        (8, 1, "unknown-owner", ERROR),
        (12, 5, "unknown-owner", ERROR),
        (16, 5, "unknown-owner", ERROR),
    ]
    assert "owner 'abdikarimv' is not in the owners registry (did you mean 'abdikarimov'?)" in (
        problems[0].message
    )
    assert "(did you mean 'ann'?)" in problems[1].message
    assert problems[2].message == (
        "owner 'zzz' is not in the owners registry; add them under 'owners:' or fix the id."
    )


def test_owner_registered_in_another_file_is_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Owner ids are global to the folder: a registry in owners.yaml serves every roadmap."""
    result = check_files(
        tmp_path,
        monkeypatch,
        owners="owners:\n  carol:\n    name: Carol\n",
        plan="roadmap: p\ntitle: P\nowner: carol\n"
        "stages:\n  - {id: a, title: A, owner: carol, due: 2026-12-31}\n",
    )
    assert check_loaded(result, TODAY) == []


def test_owner_with_a_schema_error_is_not_also_unknown() -> None:
    """A registry entry that is malformed gets one loader problem, not a second unknown-owner."""
    result = load_text(
        HEADER.replace("  bob:\n    name: Bob\n", "  bob:\n    role: Engineer\n")
        + "  - {id: a, title: A, owner: bob, due: 2026-12-31}\n",
        "r.yaml",
    )
    assert located(check_loaded(result, TODAY)) == [(5, 5, "missing-key", ERROR)]


# -- one item's own dates and status -------------------------------------------------------------


def test_start_after_due_is_reported_at_start() -> None:
    """A start one day after the deadline is an error at the `start` key; start == due is fine."""
    problems = check_stages("""
      - id: late-start
        title: A
        owner: ann
        start: 2026-02-01
        due: 2026-01-31
      - id: same-day
        title: B
        owner: ann
        start: 2026-01-31
        due: 2026-01-31
    """)
    assert located(problems) == [(12, 5, "start-after-due", ERROR)]
    assert problems[0].message == (
        "r/late-start starts on 2026-02-01, after its deadline 2026-01-31; "
        "move the start or the deadline."
    )


def test_done_in_the_future_is_an_error_but_done_today_is_fine() -> None:
    """A done date after today is an error; done today (2026-11-26) is a fact, not a forecast."""
    problems = check_stages("""
      - id: tomorrow
        title: A
        owner: ann
        due: 2026-12-31
        done: 2026-11-27
      - id: today
        title: B
        owner: ann
        due: 2026-12-31
        done: 26.11.2026
    """)
    assert located(problems) == [(13, 5, "done-in-future", ERROR)]
    assert problems[0].message == (
        "r/tomorrow is marked done on 2026-11-27, which is after today (2026-11-26); "
        "record the date it was actually finished."
    )


def test_done_before_start_is_a_warning_and_same_day_is_fine() -> None:
    """Finishing the day before starting warns at `done`; finishing on the start day is fine."""
    problems = check_stages("""
      - id: a
        title: A
        owner: ann
        start: 2026-03-02
        due: 2026-03-31
        done: 2026-03-01
      - id: b
        title: B
        owner: ann
        start: 2026-03-02
        due: 2026-03-31
        done: 2026-03-02
    """)
    assert located(problems) == [(14, 5, "done-before-start", WARNING)]
    assert "r/a was done on 2026-03-01, before its start 2026-03-02" in problems[0].message


def test_status_done_without_done_date() -> None:
    """`status: done` with no done date is an error at `status`."""
    problems = check_stages("""
      - id: a
        title: A
        owner: ann
        due: 2026-03-31
        status: done
    """)
    assert located(problems) == [(13, 5, "done-without-date", ERROR)]
    assert problems[0].message == ("r/a has status done but no 'done' date; add done: YYYY-MM-DD.")


def test_done_date_without_status_means_done() -> None:
    """A done date with no status is a finished item: no status contradiction is reported."""
    assert (
        check_stages("""
      - id: a
        title: A
        owner: ann
        due: 2026-03-31
        done: 2026-03-30
    """)
        == []
    )


@pytest.mark.parametrize("status", ["planned", "in-progress", "blocked"])
def test_done_date_with_an_open_status(status: str) -> None:
    """A done date with an open status is an error at `done`, naming the status."""
    problems = check_stages(f"""
      - id: a
        title: A
        owner: ann
        due: 2026-03-31
        status: {status}
        done: 2026-03-30
    """)
    assert located(problems) == [(14, 5, "done-date-not-done", ERROR)]
    assert problems[0].message == (
        f"r/a has a done date but status {status!r}; set status: done or remove the done date."
    )


def test_cancelled_with_done_date_is_one_error_not_two() -> None:
    """Cancelled + done date gives cancelled-with-done-date only (not done-date-not-done)."""
    problems = check_stages("""
      - id: a
        title: A
        owner: ann
        due: 2026-03-31
        done: 2026-03-30
        status: cancelled
      - id: b
        title: B
        owner: ann
        due: 2026-03-31
        status: cancelled
    """)
    assert located(problems) == [(13, 5, "cancelled-with-done-date", ERROR)]
    assert problems[0].message == "r/a is cancelled but has a done date; remove one of the two."


# -- tasks against their parent ------------------------------------------------------------------


def test_task_due_after_parent_at_any_depth() -> None:
    """A task due one day after its direct parent is an error at its `due`; equal is fine."""
    problems = check_stages("""
      - id: parent
        title: P
        owner: ann
        due: 2026-06-30
        tasks:
          - id: on-time
            title: T1
            owner: ann
            due: 2026-06-30
            tasks:
              - id: deep-late
                title: T2
                owner: ann
                due: 2026-07-01
          - id: late
            title: T3
            owner: ann
            due: 2026-07-01
    """)
    assert located(problems) == [
        (22, 13, "task-due-after-parent", ERROR),
        (26, 9, "task-due-after-parent", ERROR),
    ]
    assert problems[0].message == (
        "r/deep-late is due 2026-07-01, after its parent on-time (2026-06-30); "
        "a task must finish by its parent's deadline."
    )
    assert "after its parent parent (2026-06-30)" in problems[1].message


def test_task_starting_before_parent_warns() -> None:
    """A task starting a day before its parent warns; the same start or no parent start is fine."""
    problems = check_stages("""
      - id: parent
        title: P
        owner: ann
        start: 2026-02-01
        due: 2026-06-30
        tasks:
          - id: early
            title: T1
            owner: ann
            start: 2026-01-31
            due: 2026-06-30
          - id: same
            title: T2
            owner: ann
            start: 2026-02-01
            due: 2026-06-30
      - id: no-start
        title: Q
        owner: ann
        due: 2026-06-30
        tasks:
          - id: any-start
            title: T3
            owner: ann
            start: 2020-01-01
            due: 2026-06-30
    """)
    assert located(problems) == [(18, 9, "task-starts-before-parent", WARNING)]
    assert problems[0].message == (
        "r/early starts 2026-01-31, before its parent parent (2026-02-01)."
    )


def test_parent_done_with_open_tasks_lists_only_the_open_ones() -> None:
    """A done parent warns at `status`, naming its planned and blocked tasks, not done/cancelled."""
    problems = check_stages("""
      - id: parent
        title: P
        owner: ann
        due: 2026-06-30
        done: 2026-06-30
        status: done
        tasks:
          - {id: t-done, title: T, owner: ann, due: 2026-06-01, done: 2026-06-01}
          - {id: t-planned, title: T, owner: ann, due: 2026-06-01}
          - {id: t-cancelled, title: T, owner: ann, due: 2026-06-01, status: cancelled}
          - {id: t-blocked, title: T, owner: ann, due: 2026-06-01, status: blocked}
    """)
    assert located(problems) == [(14, 5, "parent-done-with-open-tasks", WARNING)]
    assert problems[0].message == (
        "r/parent is done but its task(s) t-planned, t-blocked are still open; "
        "finish or cancel them."
    )


def test_parent_done_by_date_only_is_reported_at_done() -> None:
    """Without a status key the warning points at the `done` date that makes the parent done."""
    problems = check_stages("""
      - id: parent
        title: P
        owner: ann
        due: 2026-06-30
        done: 2026-06-30
        tasks:
          - {id: t, title: T, owner: ann, due: 2026-06-01, status: in-progress}
    """)
    assert located(problems) == [(13, 5, "parent-done-with-open-tasks", WARNING)]


def test_parent_done_with_finished_tasks_is_fine() -> None:
    """A done parent whose tasks are all done or cancelled is consistent."""
    assert (
        check_stages("""
      - id: parent
        title: P
        owner: ann
        due: 2026-06-30
        done: 2026-06-30
        tasks:
          - {id: t1, title: T, owner: ann, due: 2026-06-01, done: 2026-06-01}
          - {id: t2, title: T, owner: ann, due: 2026-06-01, status: cancelled}
    """)
        == []
    )


# -- dependencies --------------------------------------------------------------------------------


def test_unknown_dependency_suggests_the_closest_reference() -> None:
    """An unknown depends_on entry is reported at the entry itself with the closest full ref."""
    problems = check_stages("""
      - id: power-grid
        title: A
        owner: ann
        due: 2026-06-30
      - id: b
        title: B
        owner: ann
        due: 2026-12-31
        depends_on: [power-gird, nothing-like-it]
    """)
    assert located(problems) == [
        (17, 18, "unknown-dependency", ERROR),
        (17, 30, "unknown-dependency", ERROR),
    ]
    assert problems[0].message == (
        "r/b depends on 'r/power-gird', which does not exist (did you mean 'r/power-grid'?)."
    )
    assert problems[1].message == "r/b depends on 'r/nothing-like-it', which does not exist."


def test_dependency_on_a_malformed_item_is_not_also_unknown() -> None:
    """An item that exists but failed the schema gets its loader problem only."""
    result = load_text(
        HEADER
        + "  - {id: a, title: A, owner: ann}\n"
        + "  - {id: b, title: B, owner: ann, due: 2026-12-31, depends_on: [a]}\n",
        "r.yaml",
    )
    assert located(check_loaded(result, TODAY)) == [(9, 5, "missing-key", ERROR)]


def test_cross_roadmap_dependencies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`other-roadmap/id` resolves across files; a bare id means this roadmap only."""
    result = check_files(
        tmp_path,
        monkeypatch,
        infra=HEADER.replace("roadmap: r", "roadmap: infra")
        + "  - {id: power, title: Power, owner: ann, due: 2026-06-30}\n",
        inv=textwrap.dedent("""\
            roadmap: inv
            title: Investors
            stages:
              - id: plant
                title: Plant
                owner: bob
                due: 2026-07-01
                depends_on: [infra/power]
              - id: early-plant
                title: Early plant
                owner: bob
                due: 2026-06-30
                depends_on: [infra/power]
              - id: typo
                title: Typo
                owner: bob
                due: 2026-12-31
                depends_on: [infra/powr, power]
        """),
    )
    problems = check_loaded(result, TODAY)
    assert [(p.path, *located([p])[0]) for p in problems] == [
        ("inv.yaml", 13, 18, "due-not-after-prerequisite", ERROR),
        ("inv.yaml", 18, 18, "unknown-dependency", ERROR),
        ("inv.yaml", 18, 30, "unknown-dependency", ERROR),
    ]
    assert problems[0].message == (
        "inv/early-plant is due 2026-06-30, not after its prerequisite infra/power "
        "(due 2026-06-30); move one deadline."
    )
    assert "'infra/powr', which does not exist (did you mean 'infra/power'?)" in (
        problems[1].message
    )
    assert "depends on 'inv/power', which does not exist" in problems[2].message


def test_cycle_through_three_items_is_named_once_in_full() -> None:
    """a -> b -> c -> a is one cycle problem at the link that closes it, named in full."""
    problems = check_stages("""
      - id: a
        title: A
        owner: ann
        due: 2026-03-01
        depends_on: [b]
      - id: b
        title: B
        owner: ann
        due: 2026-02-01
        depends_on: [c]
      - id: c
        title: C
        owner: ann
        due: 2026-01-01
        depends_on: [a]
    """)
    assert located(problems) == [
        (23, 18, "dependency-cycle", ERROR),
        (23, 18, "due-not-after-prerequisite", ERROR),
    ]
    assert problems[0].message == (
        "dependency cycle: r/a -> r/b -> r/c -> r/a; remove one of the links."
    )


def test_self_dependency_is_a_cycle_of_one() -> None:
    """An item depending on itself is named as `r/a -> r/a`, with no date complaint about it."""
    problems = check_stages("""
      - id: a
        title: A
        owner: ann
        start: 2026-01-01
        due: 2026-03-01
        done: 2026-02-01
        depends_on: [a]
    """)
    assert located(problems) == [(15, 18, "dependency-cycle", ERROR)]
    assert problems[0].message == "dependency cycle: r/a -> r/a; remove one of the links."


def test_two_separate_cycles_are_both_reported() -> None:
    """Each cycle is reported: a <-> b and c -> c."""
    problems = check_stages("""
      - {id: a, title: A, owner: ann, due: 2026-03-01, depends_on: [b]}
      - {id: b, title: B, owner: ann, due: 2026-03-02, depends_on: [a]}
      - {id: c, title: C, owner: ann, due: 2026-03-03, depends_on: [c]}
    """)
    cycles = [p.message for p in problems if p.code == "dependency-cycle"]
    assert cycles == [
        "dependency cycle: r/a -> r/b -> r/a; remove one of the links.",
        "dependency cycle: r/c -> r/c; remove one of the links.",
    ]


def test_due_not_after_prerequisite_boundaries() -> None:
    """Due before or on the prerequisite's deadline is an error; one day after is fine."""
    problems = check_stages("""
      - {id: pre, title: P, owner: ann, due: 2026-06-30}
      - {id: same-day, title: S, owner: ann, due: 2026-06-30, depends_on: [pre]}
      - {id: earlier, title: E, owner: ann, due: 2026-06-29, depends_on: [pre]}
      - {id: next-day, title: N, owner: ann, due: 2026-07-01, depends_on: [pre]}
    """)
    assert located(problems) == [
        (10, 72, "due-not-after-prerequisite", ERROR),
        (11, 71, "due-not-after-prerequisite", ERROR),
    ]
    assert problems[1].message == (
        "r/earlier is due 2026-06-29, not after its prerequisite r/pre (due 2026-06-30); "
        "move one deadline."
    )


def test_cancelled_prerequisites_are_ignored_by_date_checks() -> None:
    """A cancelled prerequisite constrains nothing: no due, start or done complaints."""
    assert (
        check_stages("""
      - {id: pre, title: P, owner: ann, due: 2026-06-30, status: cancelled}
      - id: b
        title: B
        owner: ann
        start: 2026-01-01
        due: 2026-02-01
        done: 2026-01-15
        depends_on: [pre]
    """)
        == []
    )


def test_start_before_prerequisite_due_warns() -> None:
    """Starting a day before a prerequisite is due warns at the reference; on the day is fine."""
    problems = check_stages("""
      - {id: pre, title: P, owner: ann, due: 2026-06-30}
      - id: early
        title: E
        owner: ann
        start: 2026-06-29
        due: 2026-12-31
        depends_on: [pre]
      - id: on-time
        title: O
        owner: ann
        start: 2026-06-30
        due: 2026-12-31
        depends_on: [pre]
    """)
    assert located(problems) == [(15, 18, "starts-before-prerequisite-due", WARNING)]
    assert problems[0].message == (
        "r/early starts 2026-06-29, before its prerequisite r/pre is due (2026-06-30)."
    )


def test_done_before_prerequisite_was_done_warns() -> None:
    """Done a day before the prerequisite's done date warns; the same day is fine."""
    problems = check_stages("""
      - {id: pre, title: P, owner: ann, due: 2026-03-01, done: 2026-05-10}
      - {id: early, title: E, owner: ann, due: 2026-06-01, done: 2026-05-09, depends_on: [pre]}
      - {id: same, title: S, owner: ann, due: 2026-06-01, done: 2026-05-10, depends_on: [pre]}
    """)
    assert located(problems) == [(10, 87, "done-before-prerequisite", WARNING)]
    assert problems[0].message == (
        "r/early was done on 2026-05-09, before its prerequisite r/pre (2026-05-10)."
    )


def test_done_while_prerequisite_is_still_open_warns() -> None:
    """A done item whose prerequisite is still open (blocked, here) warns that it is not done."""
    problems = check_stages("""
      - {id: pre, title: P, owner: ann, due: 2026-03-01, status: blocked}
      - {id: b, title: B, owner: ann, due: 2026-06-01, done: 2026-05-09, depends_on: [pre]}
    """)
    assert located(problems) == [(10, 83, "done-before-prerequisite", WARNING)]
    assert problems[0].message == (
        "r/b was done on 2026-05-09 but its prerequisite r/pre is not done yet."
    )


def test_prerequisite_done_without_date_is_not_called_not_done() -> None:
    """A prerequisite with `status: done` but no date gets done-without-date only; the dependent
    is not told the prerequisite "is not done yet"."""
    problems = check_stages("""
      - {id: pre, title: P, owner: ann, due: 2026-03-01, status: done}
      - {id: b, title: B, owner: ann, due: 2026-06-01, done: 2026-05-09, depends_on: [pre]}
    """)
    assert located(problems) == [(9, 54, "done-without-date", ERROR)]


# -- recorded deadline moves ----------------------------------------------------------------------


def test_reschedules_that_chain_to_the_due_date_are_fine() -> None:
    """Moves 06-30 -> 08-31 -> 09-30 with due 09-30 form an unbroken chain."""
    assert (
        check_stages("""
      - id: a
        title: A
        owner: ann
        due: 2026-09-30
        baseline: 2026-06-30
        reschedules:
          - {from: 2026-06-30, to: 2026-08-31, on: 2026-06-20, reason: Late}
          - {from: 2026-08-31, to: 2026-09-30, on: 2026-08-20, reason: Late again}
    """)
        == []
    )


def test_reschedule_chain_gap_and_unrecorded_last_move() -> None:
    """A `from` that is not the previous `to` is reported at that `from`; a last `to` that is
    not the item's due is reported at that `to`."""
    problems = check_stages("""
      - id: a
        title: A
        owner: ann
        due: 2026-09-30
        reschedules:
          - {from: 2026-06-30, to: 2026-08-31, on: 2026-06-20, reason: Late}
          - {from: 2026-08-30, to: 2026-09-15, on: 2026-08-20, reason: Late again}
    """)
    assert located(problems) == [
        (15, 10, "reschedule-chain", ERROR),
        (15, 28, "reschedule-chain", ERROR),
    ]
    assert "starts from 2026-08-30" in problems[0].message
    assert "moved the deadline to 2026-08-31" in problems[0].message
    assert "the last recorded move is to 2026-09-15" in problems[1].message
    assert "the deadline is 2026-09-30" in problems[1].message


# -- scale ---------------------------------------------------------------------------------------

CHAIN_LENGTH = 10_000


def chain_yaml(close_the_loop: bool) -> str:
    """c0 depends on c1, ..., c9998 on c9999: depth-first search from c0 goes 10,000 deep."""
    first_due = date(2000, 1, 1)
    lines = [HEADER.rstrip("\n")]
    for index in range(CHAIN_LENGTH):
        due = first_due + timedelta(days=CHAIN_LENGTH - index)
        lines.append(f"  - {{id: c{index}, title: C, owner: ann, due: {due.isoformat()}")
        if index + 1 < CHAIN_LENGTH:
            lines[-1] += f", depends_on: [c{index + 1}]}}"
        elif close_the_loop:
            lines[-1] += ", depends_on: [c0]}"
        else:
            lines[-1] += "}"
    return "\n".join(lines) + "\n"


def test_ten_thousand_item_chain_is_consistent_without_recursion_error() -> None:
    """A 10,000-deep dependency chain with strictly later deadlines checks clean, no recursion."""
    result = load_text(chain_yaml(close_the_loop=False), "chain.yaml")
    assert len(result.portfolio.items) == CHAIN_LENGTH
    assert check_loaded(result, TODAY) == []


def test_ten_thousand_item_cycle_is_found_and_named() -> None:
    """Closing the 10,000-item chain gives one cycle through every item, plus the bad deadline."""
    result = load_text(chain_yaml(close_the_loop=True), "chain.yaml")
    problems = check_loaded(result, TODAY)
    last_line = 8 + CHAIN_LENGTH
    assert [(p.line, p.code) for p in problems] == [
        (last_line, "dependency-cycle"),
        (last_line, "due-not-after-prerequisite"),
    ]
    named = problems[0].message.removeprefix("dependency cycle: ").split("; ")[0].split(" -> ")
    assert named == [f"r/c{index}" for index in range(CHAIN_LENGTH)] + ["r/c0"]


def test_problem_severity_is_the_registered_one() -> None:
    """Problems carry their check's severity (warnings stay warnings through check_loaded)."""
    problems = check_stages("""
      - id: a
        title: A
        owner: ann
        start: 2026-03-02
        due: 2026-03-31
        done: 2026-03-01
    """)
    assert [p.severity for p in problems] == [Severity.WARNING]
    assert problems[0].format() == (
        "r.yaml:14:5: warning[done-before-start]: r/a was done on 2026-03-01, before its start "
        "2026-03-02; one of the two dates is wrong."
    )


def test_the_rule_registry_runs_the_enabled_rules_and_refuses_a_reused_code() -> None:
    """Checks and policy rules share one registry type: findings become sorted problems with
    the rule's code and severity, `enabled` narrows the run, and a code cannot be reused."""
    from collections.abc import Iterator

    from sezctl.core.model import Position
    from sezctl.core.problems import Problem, Severity
    from sezctl.rules.registry import Finding, Registry

    rules: Registry[int] = Registry("demo")

    @rules.register("late", Severity.WARNING)
    def late(context: int) -> Iterator[Finding]:
        """Doc of late."""
        yield Position("b.yaml", context, 1), "late"

    @rules.register("early")
    def early(context: int) -> Iterator[Finding]:
        yield Position("a.yaml", context, 2), "early"

    assert list(rules) == ["late", "early"]
    assert rules["late"].description == "Doc of late."
    assert rules.run(7) == [
        Problem("a.yaml", 7, 2, "early", "early", Severity.ERROR),
        Problem("b.yaml", 7, 1, "late", "late", Severity.WARNING),
    ]
    assert [p.code for p in rules.run(7, enabled=["late"])] == ["late"]
    with pytest.raises(ValueError, match="demo code 'late' registered twice"):
        rules.register("late")(late)


# -- protocols ----------------------------------------------------------------------------------

_PROTOCOL_OWNERS = "owners:\n  abdikarimov:\n    name: Абзал Әбдікәрімов\n"


def _protocol(day: str, number: str, points: str) -> str:
    return f'protocol: "{number}"\ndate: {day}\nchair: abdikarimov\npoints:\n' + points


def test_off_control_by_a_decision_dated_after_today_is_refused(tmp_path: Path) -> None:
    """A point cannot be off control by a meeting that has not happened yet (after today)."""
    (tmp_path / "owners.yaml").write_text(_PROTOCOL_OWNERS, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(
        _protocol(
            "2026-11-19",
            "47",
            "  - point: 1\n    text: A\n    owner: abdikarimov\n    due: 2026-12-01\n"
            "    off_control:\n      by: protocol-2026-12-03/1\n      reason: Done otherwise.\n",
        ),
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text(
        _protocol(
            "2026-12-03",
            "49",
            "  - point: 1\n    text: B\n    owner: abdikarimov\n    due: 2026-12-10\n",
        ),
        encoding="utf-8",
    )
    result = load_roadmaps(sorted(tmp_path.iterdir()))
    problems = check_loaded(result, TODAY)
    assert [(p.path.rsplit("/", 1)[-1], p.line, p.column, p.code) for p in problems] == [
        ("a.yaml", 10, 11, "off-control-date"),
    ]
    assert str(problems[0].message) == (
        "point 1 was taken off control by 'protocol-2026-12-03/1' of 2026-12-03, which is "
        "after today (2026-11-26)."
    )
    # The same files a week later: the decision is in the past, and later than the point.
    assert check_loaded(result, date(2026, 12, 3)) == []


def test_a_point_off_control_is_closed_and_an_executed_point_is_done(tmp_path: Path) -> None:
    """off_control closes a point (cancelled unless a status is written); executed is done."""
    result = load_text(
        _protocol(
            "2026-11-19",
            "47",
            "  - point: 1\n    text: A\n    owner: abdikarimov\n    due: 2026-12-01\n"
            "    executed: 2026-11-25\n    evidence: акт № 45\n"
            "  - point: 2\n    text: B\n    owner: abdikarimov\n    due: 2026-12-01\n"
            "    off_control:\n      by: protocol-2026-11-26/1\n      reason: x\n",
        )
    )
    assert result.problems == []
    first, second = result.portfolio.items
    assert (first.ref, first.effective_status.value, first.done) == (
        "protocol-2026-11-19/1",
        "done",
        date(2026, 11, 25),
    )
    assert first.origin is not None and first.origin.evidence == "акт № 45"
    assert (second.ref, second.effective_status.value, second.is_open) == (
        "protocol-2026-11-19/2",
        "cancelled",
        False,
    )
