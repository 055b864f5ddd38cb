"""Typed reports: status (sections, order, window, filters, summary), owners, item detail and
item lookup, computed from real loaded roadmaps as of 2026-11-26."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from sezctl.core.model import Portfolio
from sezctl.core.problems import SezctlError
from sezctl.reports.status import (
    DEFAULT_WARNING_DAYS,
    ItemRow,
    Section,
    build_item_detail,
    build_owner_report,
    build_status_report,
    find_item,
)
from sezctl.source.loader import load_roadmaps, load_text

TODAY = date(2026, 11, 26)

OWNERS = """\
owners:
  ann: {name: Ann}
  bob: {name: Bob}
  abe: {name: Abe}
  carol: {name: Carol}
  dan: {name: Dan}
"""

# Overdue as of 2026-11-26: r/b 20, r/a 10, r/c 10, s/a 10, r/e1 2, r/i 1.
# Due soon (<= 14 days): r/d today, s/x in 4 days, r/e in 14 days.  r/f is 15 days away.
ROADMAP_R = """\
roadmap: r
title: R
stages:
  - {id: c, title: C, owner: ann, due: 2026-11-16, status: in-progress}
  - {id: b, title: B, owner: bob, due: 2026-11-06}
  - {id: a, title: A, owner: ann, due: 2026-11-16}
  - {id: i, title: I, owner: bob, due: 2026-11-25, status: blocked}
  - {id: d, title: D, owner: ann, due: 2026-11-26}
  - id: e
    title: E
    owner: ann
    due: 2026-12-10
    tasks:
      - {id: e1, title: E1, owner: bob, due: 2026-11-24}
  - {id: f, title: F, owner: ann, due: 2026-12-11}
  - {id: g, title: G, owner: bob, due: 2026-10-01, done: 2026-10-01}
  - {id: h, title: H, owner: ann, due: 2026-01-01, status: cancelled}
"""

ROADMAP_S = """\
roadmap: s
title: S
stages:
  - {id: a, title: SA, owner: bob, due: 2026-11-16}
  - {id: x, title: X, owner: ann, due: 2026-11-30}
  - {id: y, title: Y, owner: dan, due: 2027-01-01}
"""


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Portfolio:
    folder = tmp_path_factory.mktemp("roadmaps")
    paths = []
    for name, text in [("owners", OWNERS), ("r", ROADMAP_R), ("s", ROADMAP_S)]:
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    result = load_roadmaps(paths)
    assert result.problems == []
    return result.portfolio


def refs(rows: list[ItemRow]) -> list[str]:
    return [row.item.ref for row in rows]


def load_one(text: str) -> Portfolio:
    result = load_text(textwrap.dedent(text), "t.yaml")
    assert result.problems == []
    return result.portfolio


# -- status report -------------------------------------------------------------------------------


def test_status_rows_are_overdue_worst_first_then_due_soon(portfolio: Portfolio) -> None:
    """Overdue worst first (equal days by ref, across roadmaps), then due soon by deadline."""
    report = build_status_report(portfolio, TODAY)
    assert refs(report.rows) == [
        "r/b",
        "r/a",
        "r/c",
        "s/a",
        "r/e1",
        "r/i",
        "r/d",
        "s/x",
        "r/e",
    ]
    assert [row.section for row in report.rows] == [Section.OVERDUE] * 6 + [Section.DUE_SOON] * 3
    assert [row.slippage.overdue_days for row in report.rows[:6]] == [20, 10, 10, 10, 2, 1]
    assert [row.slippage.days_left for row in report.rows[6:]] == [0, 4, 14]
    assert report.today == TODAY
    assert report.warning_days == DEFAULT_WARNING_DAYS == 14
    assert report.include_all is False


def test_status_items_are_the_overdue_rows_and_due_soon_is_separate(portfolio: Portfolio) -> None:
    """Without --all the item list (JSON/CSV) holds only overdue rows; due_soon lists the rest."""
    report = build_status_report(portfolio, TODAY)
    assert refs(report.items) == ["r/b", "r/a", "r/c", "s/a", "r/e1", "r/i"]
    assert refs(report.due_soon) == ["r/d", "s/x", "r/e"]


def test_status_rows_carry_the_owner_name(portfolio: Portfolio) -> None:
    """Each row carries the owner's registered name for renderers."""
    report = build_status_report(portfolio, TODAY)
    assert [(row.item.ref, row.owner_name) for row in report.rows[:3]] == [
        ("r/b", "Bob"),
        ("r/a", "Ann"),
        ("r/c", "Ann"),
    ]


def test_status_include_all_appends_the_rest_by_deadline(portfolio: Portfolio) -> None:
    """--all adds every other item (done, cancelled, far away) sorted by deadline."""
    report = build_status_report(portfolio, TODAY, include_all=True)
    assert refs(report.rows) == [
        "r/b",
        "r/a",
        "r/c",
        "s/a",
        "r/e1",
        "r/i",
        "r/d",
        "s/x",
        "r/e",
        "r/h",
        "r/g",
        "r/f",
        "s/y",
    ]
    assert [row.section for row in report.rows[9:]] == [Section.OTHER] * 4
    assert report.items == report.rows
    assert report.include_all is True


def test_status_summary_counts_every_filtered_item(portfolio: Portfolio) -> None:
    """Summary counts all items (not only rows shown): 13 items, 11 open, 6 overdue, 3 due soon,
    1 done, and the worst item."""
    summary = build_status_report(portfolio, TODAY).summary
    assert (summary.items, summary.open, summary.overdue, summary.due_soon, summary.done) == (
        13,
        11,
        6,
        3,
        1,
    )
    assert summary.worst is not None
    assert (summary.worst.item.ref, summary.worst.owner_name) == ("r/b", "Bob")
    assert summary.worst.slippage.overdue_days == 20


@pytest.mark.parametrize(
    ("warning_days", "due_soon"),
    [
        (0, ["r/d"]),
        (3, ["r/d"]),
        (4, ["r/d", "s/x"]),
        (13, ["r/d", "s/x"]),
        (14, ["r/d", "s/x", "r/e"]),
        (15, ["r/d", "s/x", "r/e", "r/f"]),
    ],
)
def test_due_soon_window_includes_its_last_day(
    portfolio: Portfolio, warning_days: int, due_soon: list[str]
) -> None:
    """An item N days away is due soon exactly when N <= warning_days (due today always is)."""
    report = build_status_report(portfolio, TODAY, warning_days=warning_days)
    assert refs(report.due_soon) == due_soon
    assert report.summary.due_soon == len(due_soon)
    assert report.warning_days == warning_days


def test_status_owner_filter(portfolio: Portfolio) -> None:
    """--owner keeps that owner's items only, and the summary counts only them."""
    report = build_status_report(portfolio, TODAY, owner="ann", include_all=True)
    assert refs(report.rows) == ["r/a", "r/c", "r/d", "s/x", "r/e", "r/h", "r/f"]
    summary = report.summary
    assert (summary.items, summary.open, summary.overdue, summary.due_soon, summary.done) == (
        7,
        6,
        2,
        3,
        0,
    )
    assert summary.worst is not None and summary.worst.item.ref == "r/a"


def test_status_roadmap_filter(portfolio: Portfolio) -> None:
    """--roadmap keeps one roadmap's items only."""
    report = build_status_report(portfolio, TODAY, roadmap="s", include_all=True)
    assert refs(report.rows) == ["s/a", "s/x", "s/y"]
    assert (report.summary.items, report.summary.overdue) == (3, 1)


def test_status_filters_combine_and_can_match_nothing(portfolio: Portfolio) -> None:
    """Owner and roadmap filters combine; an empty selection gives empty rows and no worst."""
    both = build_status_report(portfolio, TODAY, owner="bob", roadmap="s")
    assert refs(both.rows) == ["s/a"]
    nothing = build_status_report(portfolio, TODAY, owner="carol", include_all=True)
    assert nothing.rows == []
    assert nothing.summary.items == 0
    assert nothing.summary.worst is None


def test_status_of_a_portfolio_with_nothing_overdue() -> None:
    """Nothing overdue: no worst item, and rows are just the due-soon ones."""
    portfolio = load_one("""\
        owners: {ann: {name: Ann}}
        roadmap: r
        title: R
        stages:
          - {id: a, title: A, owner: ann, due: 2026-11-27}
          - {id: b, title: B, owner: ann, due: 2026-10-01, done: 2026-09-30}
    """)
    report = build_status_report(portfolio, TODAY)
    assert refs(report.rows) == ["r/a"]
    assert report.items == []
    assert report.summary.worst is None
    assert (report.summary.open, report.summary.done) == (1, 1)


# -- owners report -------------------------------------------------------------------------------


def test_owner_report_lists_every_owner_most_overdue_days_first(portfolio: Portfolio) -> None:
    """bob 33 days (20+10+2+1), ann 20 (10+10), then owners with nothing overdue: dan (1 open)
    before abe and carol (no items), those two by id."""
    rows = build_owner_report(portfolio, TODAY)
    assert [
        (
            row.owner.id,
            row.open,
            row.overdue,
            row.total_overdue_days,
            row.worst.item.ref if row.worst else None,
        )
        for row in rows
    ] == [
        ("bob", 4, 4, 33, "r/b"),
        ("ann", 6, 2, 20, "r/a"),
        ("dan", 1, 0, 0, None),
        ("abe", 0, 0, 0, None),
        ("carol", 0, 0, 0, None),
    ]
    assert rows[0].owner.name == "Bob"


def test_owner_report_breaks_ties_by_overdue_count_then_open_count() -> None:
    """Equal overdue days: more overdue items first; then more open items first."""
    portfolio = load_one("""\
        owners:
          one: {name: One}
          two: {name: Two}
          three: {name: Three}
        roadmap: r
        title: R
        stages:
          - {id: a, title: A, owner: one, due: 2026-11-16}
          - {id: b, title: B, owner: two, due: 2026-11-21}
          - {id: c, title: C, owner: two, due: 2026-11-21}
          - {id: d, title: D, owner: three, due: 2026-11-16}
          - {id: e, title: E, owner: three, due: 2027-01-01}
    """)
    rows = build_owner_report(portfolio, TODAY)
    assert [(row.owner.id, row.overdue, row.open, row.total_overdue_days) for row in rows] == [
        ("two", 2, 2, 10),
        ("three", 1, 2, 10),
        ("one", 1, 1, 10),
    ]


def test_owner_report_ignores_items_of_unregistered_owners() -> None:
    """An item whose owner is not in the registry adds no row and no count."""
    portfolio = load_one("""\
        owners: {ann: {name: Ann}}
        roadmap: r
        title: R
        stages:
          - {id: a, title: A, owner: ann, due: 2026-11-25}
          - {id: b, title: B, owner: ghost, due: 2026-11-01}
    """)
    rows = build_owner_report(portfolio, TODAY)
    assert [(row.owner.id, row.overdue, row.total_overdue_days) for row in rows] == [("ann", 1, 1)]


# -- item detail ---------------------------------------------------------------------------------

DETAIL = """\
    owners: {ann: {name: Ann}, bob: {name: Bob}}
    roadmap: r
    title: R
    stages:
      - {id: pre, title: Pre, owner: bob, due: 2026-11-01, done: 2026-10-30}
      - id: main
        title: Main
        owner: ann
        due: 2026-12-31
        depends_on: [pre, gone, other/thing]
        tasks:
          - {id: t1, title: T1, owner: bob, due: 2026-11-20}
          - {id: t2, title: T2, owner: bob, due: 2026-12-01, status: cancelled}
      - {id: user1, title: U1, owner: ann, due: 2027-01-31, depends_on: [main]}
      - {id: user2, title: U2, owner: bob, due: 2027-02-28, depends_on: [pre, main]}
"""


def test_item_detail_lists_prerequisites_dependents_missing_and_tasks() -> None:
    """show: prerequisites in written order, missing ones by full ref, dependents and tasks in
    file order, each as a row with its own slippage."""
    portfolio = load_one(DETAIL)
    detail = build_item_detail(portfolio, portfolio.items_by_ref["r/main"], TODAY)
    assert detail.row.item.ref == "r/main"
    assert detail.row.slippage.days_left == 35
    assert detail.row.owner_name == "Ann"
    assert detail.parent is None
    assert refs(detail.prerequisites) == ["r/pre"]
    assert detail.prerequisites[0].slippage.late_days == -2
    assert detail.missing_prerequisites == ["r/gone", "other/thing"]
    assert refs(detail.dependents) == ["r/user1", "r/user2"]
    assert refs(detail.tasks) == ["r/t1", "r/t2"]
    assert [row.section for row in detail.tasks] == [Section.OVERDUE, Section.OTHER]
    assert detail.tasks[0].slippage.overdue_days == 6


def test_item_detail_of_a_task_names_its_parent() -> None:
    """A task's detail carries its parent's row; a leaf has no tasks and, here, no links."""
    portfolio = load_one(DETAIL)
    detail = build_item_detail(portfolio, portfolio.items_by_ref["r/t1"], TODAY)
    assert detail.parent is not None
    assert detail.parent.item.ref == "r/main"
    assert (
        detail.prerequisites,
        detail.missing_prerequisites,
        detail.dependents,
        detail.tasks,
    ) == (
        [],
        [],
        [],
        [],
    )


def test_item_detail_dependents_of_a_shared_prerequisite() -> None:
    """r/pre is waited for by r/main and r/user2 (each once)."""
    portfolio = load_one(DETAIL)
    detail = build_item_detail(portfolio, portfolio.items_by_ref["r/pre"], TODAY)
    assert refs(detail.dependents) == ["r/main", "r/user2"]
    assert detail.row.section is Section.OTHER


def test_item_detail_uses_the_warning_window() -> None:
    """Sections in a detail follow the given warning window."""
    portfolio = load_one(DETAIL)
    main = portfolio.items_by_ref["r/main"]
    assert build_item_detail(portfolio, main, TODAY).row.section is Section.OTHER
    assert build_item_detail(portfolio, main, TODAY, warning_days=35).row.section is (
        Section.DUE_SOON
    )


# -- finding an item -----------------------------------------------------------------------------


def test_find_item_by_full_reference_and_unique_bare_id(portfolio: Portfolio) -> None:
    """`r/a` names one item; a bare id found in only one roadmap (`e1`, `y`) is enough."""
    assert find_item(portfolio, "r/a").ref == "r/a"
    assert find_item(portfolio, "s/a").ref == "s/a"
    assert find_item(portfolio, "e1").ref == "r/e1"
    assert find_item(portfolio, "y").ref == "s/y"


def test_find_item_ambiguous_bare_id_lists_every_roadmap(portfolio: Portfolio) -> None:
    """A bare id used in two roadmaps is refused, listing both full references."""
    with pytest.raises(SezctlError) as caught:
        find_item(portfolio, "a")
    assert str(caught.value) == "item id 'a' is in several roadmaps (r/a, s/a); give roadmap/id"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("r/e11", "no item 'r/e11' (did you mean 'r/e1'?)"),
        ("s/yy", "no item 's/yy' (did you mean 's/y'?)"),
        ("e11", "no item 'e11' (did you mean 'e1'?)"),
        ("q/zzzz", "no item 'q/zzzz'"),
        ("zzzz", "no item 'zzzz'"),
    ],
)
def test_find_item_unknown_suggests_the_closest(
    portfolio: Portfolio, text: str, message: str
) -> None:
    """An unknown reference or id is refused with the closest existing one, if any is close."""
    with pytest.raises(SezctlError) as caught:
        find_item(portfolio, text)
    assert str(caught.value) == message


def test_find_item_bare_id_duplicated_within_one_roadmap_is_the_first() -> None:
    """A duplicate id inside one roadmap (a check error) still resolves to its first definition."""
    portfolio = load_one("""\
        owners: {ann: {name: Ann}}
        roadmap: r
        title: R
        stages:
          - id: a
            title: First
            owner: ann
            due: 2026-12-31
            tasks:
              - {id: a, title: Second, owner: ann, due: 2026-12-31}
    """)
    assert find_item(portfolio, "a").title == "First"
