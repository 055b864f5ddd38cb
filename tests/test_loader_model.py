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
from typing import NamedTuple

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sezctl.core.model import Item, Position, Reference, Status
from sezctl.rules.checks import check_loaded
from sezctl.source.convert import (
    Invalid,
    convert_date,
    convert_id,
    convert_reference,
    convert_status,
)
from sezctl.source.loader import (
    MAX_SUGGESTION_COMPARISONS,
    FileMemo,
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
    """Five files in name order hold three roadmaps, one owners registry of 17 entries and,
    in the protocols/ subfolder, one protocol loaded as the group protocol-2026-11-26."""
    portfolio = bundled.portfolio
    assert portfolio.files == [
        "roadmaps/headquarters.yaml",
        "roadmaps/infrastructure.yaml",
        "roadmaps/investors.yaml",
        "roadmaps/owners.yaml",
        "roadmaps/protocols/2026-11-26.yaml",
    ]
    assert [roadmap.id for roadmap in portfolio.roadmaps] == [
        "aktobe-sez-hq",
        "aktobe-sez-infrastructure",
        "aktobe-sez-investors",
        "protocol-2026-11-26",
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


# -- validation, conversion and model building, word for word ------------------------------------


class SchemaCase(NamedTuple):
    """A file and what loading it gives: every problem as printed, and what was kept or left
    out (item refs and owner ids kept, item refs and owner ids written but broken)."""

    text: str
    problems: list[str]
    items: list[str]
    owners: list[str]
    broken_refs: list[str]
    broken_owners: list[str]


# One file per part of the format, each holding every mistake that part can have.  The
# expected lines were recorded from the loader before it was split into validate, convert and
# build (issue #10), so they pin its messages, positions and choices byte for byte.
SCHEMA_CASES = {
    "empty": SchemaCase(
        "",
        [
            (
                "t.yaml:1:1: error[empty-file]: the file is empty: it needs `owners:` or a "
                "`roadmap:` with `stages:`."
            ),
        ],
        [],
        [],
        [],
        [],
    ),
    "root-list": SchemaCase(
        ("- a\n- b\n"),
        [
            (
                "t.yaml:1:1: error[root-not-mapping]: the top level must be a mapping of keys "
                "(owners, roadmap, title, stages, ...), not a list or a single value."
            ),
        ],
        [],
        [],
        [],
        [],
    ),
    "nothing-to-load": SchemaCase(
        "note: x\n",
        [
            (
                "t.yaml:1:1: error[missing-key]: the file has neither 'owners' nor 'roadmap': "
                "nothing to load."
            ),
            (
                "t.yaml:1:1: error[unknown-key]: unknown key 'note' in the file; allowed "
                "keys: owners, roadmap, title, owner, approved, stages."
            ),
        ],
        [],
        [],
        [],
        [],
    ),
    "owners-file-with-roadmap-keys": SchemaCase(
        ("owners:\n  ivanov: {name: Иван Иванов}\nowner: ivanov\napproved: 2026-01-15\n"),
        [
            (
                "t.yaml:3:1: error[missing-key]: 'owner' belongs to a roadmap, but this file "
                "has no 'roadmap': add roadmap, title and stages, or remove the key."
            ),
            (
                "t.yaml:4:1: error[missing-key]: 'approved' belongs to a roadmap, but this "
                "file has no 'roadmap': add roadmap, title and stages, or remove the key."
            ),
        ],
        [],
        ["ivanov"],
        [],
        [],
    ),
    "roadmap-missing-keys": SchemaCase(
        ("roadmap: hq\nowner: Ivanov\napproved: 2026-02-30\n"),
        [
            "t.yaml:1:1: error[missing-key]: the roadmap has no 'stages' key (required).",
            "t.yaml:1:1: error[missing-key]: the roadmap has no 'title' key (required).",
            (
                "t.yaml:2:8: error[bad-id]: owner 'Ivanov' is not a valid id: use lowercase "
                "latin letters, digits and single hyphens, e.g. 'power-grid'."
            ),
            ("t.yaml:3:11: error[bad-date]: approved: '2026-02-30' is not a real calendar date."),
        ],
        [],
        [],
        [],
        [],
    ),
    "owners-not-mapping": SchemaCase(
        "owners: [a, b]\n",
        [
            (
                "t.yaml:1:9: error[wrong-type]: 'owners' must be a mapping of owner ids to "
                "their details (name, role, ...)."
            ),
        ],
        [],
        [],
        [],
        [],
    ),
    "owners-each-problem": SchemaCase(
        (
            "owners:\n"
            "  Ivanov: {name: Иван}\n"
            "  petrov: Пётр Петров\n"
            "  sidorov: {nme: Сидоров}\n"
            "  kim: {name: '  ', role: [a]}\n"
            "  ok: {name: Ақбота, phone: ~}\n"
        ),
        [
            (
                "t.yaml:2:3: error[bad-id]: owner id 'Ivanov' is not a valid id: use "
                "lowercase latin letters, digits and single hyphens, e.g. 'abdikarimov'."
            ),
            (
                "t.yaml:3:11: error[wrong-type]: owner 'petrov' must be a mapping with at "
                "least a 'name'."
            ),
            "t.yaml:4:12: error[missing-key]: owner 'sidorov' has no 'name' key (required).",
            (
                "t.yaml:4:13: error[unknown-key]: unknown key 'nme' in owner 'sidorov' (did "
                "you mean 'name'?); allowed keys: name, role, org, email, phone."
            ),
            "t.yaml:5:15: error[empty-value]: 'name' is empty; give it a value.",
            "t.yaml:5:27: error[wrong-type]: 'role' must be a single value, not a list.",
        ],
        [],
        ["ok"],
        [],
        ["kim", "petrov", "sidorov"],
    ),
    "stages-empty": SchemaCase(
        ("roadmap: hq\ntitle: HQ\nstages: []\n"),
        [
            "t.yaml:3:9: error[empty-value]: 'stages' is empty; list at least one stage.",
        ],
        [],
        [],
        [],
        [],
    ),
    "stages-not-a-list": SchemaCase(
        ("roadmap: hq\ntitle: HQ\nstages: soon\n"),
        [
            (
                "t.yaml:3:9: error[wrong-type]: 'stages' must be a list of items, each "
                "starting with '- id:'."
            ),
        ],
        [],
        [],
        [],
        [],
    ),
    "stages-null": SchemaCase(
        ("roadmap: hq\ntitle: '   '\nstages:\n"),
        [
            "t.yaml:2:8: error[empty-value]: 'title' is empty; give it a value.",
            (
                "t.yaml:3:8: error[wrong-type]: 'stages' must be a list of items, each "
                "starting with '- id:'."
            ),
        ],
        [],
        [],
        [],
        [],
    ),
    "items-each-problem": SchemaCase(
        (
            "roadmap: hq\n"
            "title: Штаб\n"
            "stages:\n"
            "  - just text\n"
            "  - {titel: x}\n"
            "  - id: Bad_Id\n"
            "    title: [a, b]\n"
            "    owner: {x: 1}\n"
            "    due: 2026-02-30\n"
            "    status: Done\n"
            "  - id: s4\n"
            "    title: '  '\n"
            "    owner: ~\n"
            "    due: 31.12.2026\n"
            "    start: 1.1.2026\n"
            "    status: in progress\n"
            "    note: [x]\n"
            "  - id: s5\n"
            "    title: ok\n"
            "    owner: ivanov\n"
            "    due: 2026-12-31\n"
            "    depends_on: s4\n"
            "    tasks: soon\n"
            "  - id: s6\n"
            "    title: ok\n"
            "    owner: ivanov\n"
            "    due: 2026-12-31\n"
            "    depends_on: [s5, [x], ~, 'A/b', x/y/z, other-map/s1]\n"
            "    reschedules: later\n"
            "  - id: s7\n"
            "    title: ok\n"
            "    owner: ivanov\n"
            "    due: 2026-12-31\n"
            "    reschedules:\n"
            "      - moved\n"
            "      - {from: 2026-06-01, to: 2026-13-01, on: ~, why: x}\n"
            "      - {from: 2026-06-01, to: 2026-12-31, on: 2026-05-20, reason: '  ', ref: [1]}\n"
            "    tasks:\n"
            "      - id: t1\n"
            "        title: ok\n"
            "        owner: ivanov\n"
            "        due: 2026-11-30\n"
            "      - id: t2\n"
            "        title: ok\n"
            "        due: 2026-11-30\n"
            "  - id: s8\n"
            "    title: ok\n"
            "    owner: ivanov\n"
            "    due: 2026-12-31\n"
            "    depends_on: [s7, other-map/s1]\n"
            "    reschedules:\n"
            "      - {from: 2026-06-01, to: 2026-12-31, on: 2026-05-20, reason: late}\n"
            "    tasks:\n"
            "      - {id: t3, title: ok, owner: ivanov, due: 2026-11-30}\n"
            "      - {id: t4, title: ok, owner: ivanov, due: 2026-11-30, extra: 1}\n"
        ),
        [
            (
                "t.yaml:4:5: error[wrong-type]: each stage or task must be a mapping with id, "
                "title, owner and due."
            ),
            "t.yaml:5:5: error[missing-key]: this item has no 'due' key (required).",
            "t.yaml:5:5: error[missing-key]: this item has no 'id' key (required).",
            "t.yaml:5:5: error[missing-key]: this item has no 'owner' key (required).",
            "t.yaml:5:5: error[missing-key]: this item has no 'title' key (required).",
            (
                "t.yaml:5:6: error[unknown-key]: unknown key 'titel' in this item (did you "
                "mean 'title'?); allowed keys: id, title, owner, start, due, baseline, done, "
                "evidence, status, depends_on, note, reschedules, reassignments, tasks."
            ),
            (
                "t.yaml:6:9: error[bad-id]: id 'Bad_Id' is not a valid id: use lowercase "
                "latin letters, digits and single hyphens, e.g. 'power-grid'."
            ),
            "t.yaml:7:12: error[wrong-type]: 'title' must be a single value, not a list.",
            "t.yaml:8:12: error[wrong-type]: 'owner' must be a single value, not a mapping.",
            "t.yaml:9:10: error[bad-date]: due: '2026-02-30' is not a real calendar date.",
            (
                "t.yaml:10:13: error[bad-status]: status 'Done' is not one of planned, "
                "in-progress, blocked, done, cancelled (did you mean 'done'?)."
            ),
            "t.yaml:12:12: error[empty-value]: 'title' is empty; give it a value.",
            "t.yaml:13:12: error[empty-value]: 'owner' is empty; give it a value.",
            (
                "t.yaml:15:12: error[bad-date]: start: '1.1.2026' is not a date: write "
                "YYYY-MM-DD (2026-11-30) or DD.MM.YYYY (30.11.2026)."
            ),
            (
                "t.yaml:16:13: error[bad-status]: status 'in progress' is not one of planned, "
                "in-progress, blocked, done, cancelled (did you mean 'in-progress'?)."
            ),
            "t.yaml:17:11: error[wrong-type]: 'note' must be a single value, not a list.",
            (
                "t.yaml:22:17: error[wrong-type]: 'depends_on' must be a list, e.g. "
                "[power-grid] or [other-roadmap/item-id]."
            ),
            (
                "t.yaml:23:12: error[wrong-type]: 'tasks' must be a list of items, each "
                "starting with '- id:'."
            ),
            "t.yaml:28:22: error[wrong-type]: each depends_on entry must be an item id.",
            "t.yaml:28:27: error[wrong-type]: each depends_on entry must be an item id.",
            (
                "t.yaml:28:30: error[bad-reference]: 'A/b' is not an item reference: write "
                "'item-id' for this roadmap or 'roadmap-id/item-id' for another one."
            ),
            (
                "t.yaml:28:37: error[bad-reference]: 'x/y/z' is not an item reference: write "
                "'item-id' for this roadmap or 'roadmap-id/item-id' for another one."
            ),
            (
                "t.yaml:29:18: error[wrong-type]: 'reschedules' must be a list of entries, "
                "each with from, to, on and reason."
            ),
            (
                "t.yaml:35:9: error[wrong-type]: each reschedules entry must be a mapping "
                "with from, to, on and reason."
            ),
            (
                "t.yaml:36:9: error[missing-key]: this reschedules entry has no 'reason' key "
                "(required)."
            ),
            "t.yaml:36:32: error[bad-date]: to: '2026-13-01' is not a real calendar date.",
            "t.yaml:36:48: error[empty-value]: 'on' is empty; give it a value.",
            (
                "t.yaml:36:51: error[unknown-key]: unknown key 'why' in this reschedules "
                "entry; allowed keys: from, to, on, reason, decision, ref."
            ),
            "t.yaml:37:68: error[empty-value]: 'reason' is empty; give it a value.",
            "t.yaml:37:79: error[wrong-type]: 'ref' must be a single value, not a list.",
            "t.yaml:43:9: error[missing-key]: this item has no 'owner' key (required).",
            (
                "t.yaml:55:61: error[unknown-key]: unknown key 'extra' in this item; allowed "
                "keys: id, title, owner, start, due, baseline, done, evidence, status, "
                "depends_on, note, reschedules, reassignments, tasks."
            ),
        ],
        ["hq/s8", "hq/t3"],
        [],
        ["hq/s4", "hq/s5", "hq/s6", "hq/s7", "hq/t1", "hq/t2", "hq/t4"],
        [],
    ),
    "item-without-roadmap-id": SchemaCase(
        (
            "roadmap: Штаб\n"
            "title: HQ\n"
            "stages:\n"
            "  - {id: s1, title: ok, owner: ivanov, due: 2026-12-31}\n"
        ),
        [
            (
                "t.yaml:1:10: error[bad-id]: roadmap 'Штаб' is not a valid id: use lowercase "
                "latin letters, digits and single hyphens, e.g. 'power-grid'."
            ),
        ],
        [],
        [],
        [],
        [],
    ),
}


@pytest.mark.parametrize("name", SCHEMA_CASES)
def test_each_mistake_gives_its_exact_problem_and_leaves_out_only_what_it_breaks(
    name: str,
) -> None:
    """Every schema problem the loader reports, word for word at its line and column (what a
    clerk reads and CI greps), and which items and owners it still builds: an item or owner
    with any problem of its own is left out and its id recorded as broken (with its tasks: t1
    is fine, but its parent s7 is not), a roadmap is kept whenever its id and title are
    valid."""
    case = SCHEMA_CASES[name]
    result = load_text(case.text, "t.yaml")
    assert [problem.format() for problem in result.problems] == case.problems
    assert [item.ref for item in result.portfolio.items] == case.items
    assert [owner.id for owner in result.portfolio.owner_definitions] == case.owners
    assert sorted(result.broken_refs) == case.broken_refs
    assert sorted(result.broken_owners) == case.broken_owners


def test_converters_are_pure_functions_of_the_text() -> None:
    """Each converter turns the written text into its typed value, or into an Invalid that
    carries the problem's code and message (the caller knows where the text was)."""
    assert convert_date("31.12.2026", "due") == date(2026, 12, 31)
    assert convert_id("power-grid", "id") == "power-grid"
    assert convert_status("in-progress") is Status.IN_PROGRESS
    assert convert_reference("power-grid", "hq") == ("hq", "power-grid")
    assert convert_reference("other/power-grid", "hq") == ("other", "power-grid")
    refused = [
        convert_date("2026-02-30", "due"),
        convert_id("Power_Grid", "id"),
        convert_status("Done"),
        convert_reference("a/b/c", "hq"),
    ]
    assert [(value.code, value.message) for value in refused if isinstance(value, Invalid)] == [
        ("bad-date", "due: '2026-02-30' is not a real calendar date."),
        (
            "bad-id",
            "id 'Power_Grid' is not a valid id: use lowercase latin letters, digits and single "
            "hyphens, e.g. 'power-grid'.",
        ),
        (
            "bad-status",
            "status 'Done' is not one of planned, in-progress, blocked, done, cancelled "
            "(did you mean 'done'?).",
        ),
        (
            "bad-reference",
            "'a/b/c' is not an item reference: write 'item-id' for this roadmap or "
            "'roadmap-id/item-id' for another one.",
        ),
    ]


@pytest.mark.parametrize("module", ["loader", "validate", "convert", "build"])
def test_the_loader_narrows_types_instead_of_silencing_mypy(module: str) -> None:
    """What the loader builds is typed all the way (isinstance, typed records): none of its
    modules needs a `type: ignore`."""
    source = (REPO / "sezctl" / "source" / f"{module}.py").read_text(encoding="utf-8")
    assert "type: ignore" not in source


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


# -- files reused between loads (the milestone trend's past meetings) ----------------------------


def _loaded(result: LoadResult) -> tuple[object, ...]:
    """Everything a load gives, compared by value: each item's facts and place, the owners,
    the roadmaps, the problems and what could not be read."""
    from sezctl.history.versions import facts_of

    portfolio = result.portfolio
    return (
        facts_of(portfolio),
        [(item.ref, item.position, item.depends_on, item.start) for item in portfolio.items],
        portfolio.owner_definitions,
        [(roadmap.id, roadmap.title, roadmap.position) for roadmap in portfolio.roadmaps],
        portfolio.files,
        result.problems,
        result.broken_refs,
        result.broken_owners,
        result.unread,
    )


def test_a_file_loaded_before_is_reused_and_the_load_is_the_same(tmp_path: Path) -> None:
    """With a memo, a load reuses the files whose path and bytes it has met in this round or
    the one before (their model objects are shared) and reads the others; what it gives is
    exactly a fresh load's, for the bundled roadmaps and after one file is edited and another
    broken.  A file met two rounds ago only is read again."""

    folder = tmp_path / "roadmaps"
    subprocess.run(["cp", "-r", str(BUNDLED_ROADMAPS), str(folder)], check=True)
    files = list_roadmap_files([folder])
    memo = FileMemo()
    first = load_roadmaps(files, memo=memo)
    assert _loaded(first) == _loaded(load_roadmaps(files))

    memo.next_round()
    infrastructure = folder / "infrastructure.yaml"
    text = infrastructure.read_text(encoding="utf-8")
    edited = text.replace("due: 2026-01-31", "due: 2027-01-20", 1)
    assert edited != text
    infrastructure.write_text(edited, encoding="utf-8")
    (folder / "investors.yaml").write_text("roadmap: [broken\n", encoding="utf-8")
    second = load_roadmaps(files, memo=memo)
    assert _loaded(second) == _loaded(load_roadmaps(files))
    assert second.problems and second.unread  # the broken file is reported as a fresh load does

    before = {roadmap.id: roadmap for roadmap in first.portfolio.roadmaps}
    after = {roadmap.id: roadmap for roadmap in second.portfolio.roadmaps}
    assert after["aktobe-sez-hq"] is before["aktobe-sez-hq"]
    assert after["aktobe-sez-infrastructure"] is not before["aktobe-sez-infrastructure"]
    assert "aktobe-sez-investors" not in after

    memo.next_round()
    memo.next_round()  # nothing was loaded in the round before: every file is read again
    third = load_roadmaps(files, memo=memo)
    assert _loaded(third) == _loaded(second)
    assert {roadmap.id: roadmap for roadmap in third.portfolio.roadmaps}["aktobe-sez-hq"] is not (
        after["aktobe-sez-hq"]
    )
