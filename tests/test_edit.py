"""Editing an item as text (sezctl.editing.edits): golden before/after files for many YAML styles,
the refusals, the diff, problem matching, the `reschedules:` key, and a property test over
generated roadmaps and random edits."""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from sezctl.core.dates import parse_date
from sezctl.core.model import Item, Status
from sezctl.core.problems import Problem, Severity
from sezctl.editing.edits import (
    AssignOwner,
    Change,
    EditRefused,
    MarkDone,
    MarkStarted,
    MoveDeadline,
    edit_item,
    new_problems,
    split_bom,
    unified_diff,
)
from sezctl.rules.checks import check_loaded
from sezctl.source.loader import load_text
from tests.helpers import CASE_NAMES, EDIT_CASES, case_args

TODAY = date(2026, 11, 26)


# -- golden before/after files --------------------------------------------------------------------


def change_from_args(args: list[str]) -> tuple[str, Change]:
    """The (ITEM, change) that a `sezctl done|start|reschedule|assign ...` command line asks for."""
    command, ref, *rest = args
    options: dict[str, str] = {}
    positional: list[str] = []
    while rest:
        word = rest.pop(0)
        if word.startswith("--"):
            options[word] = rest.pop(0)
        else:
            positional.append(word)
    on = parse_date(options.get("--on", TODAY.isoformat()))
    if command == "done":
        return ref, MarkDone(on)
    if command == "start":
        return ref, MarkStarted(on)
    if command == "reschedule":
        to = parse_date(options["--to"])
        return ref, MoveDeadline(to, options["--reason"], on, options.get("--ref"))
    assert command == "assign"
    return ref, AssignOwner(positional[0], on)  # the CLI records the hand-over on --on


def assert_golden_bytes(path: Path, actual: bytes) -> None:
    """Compare with a golden file byte for byte; SEZCTL_UPDATE_GOLDEN=1 rewrites it instead."""
    if os.environ.get("SEZCTL_UPDATE_GOLDEN"):
        path.write_bytes(actual)
    assert actual == path.read_bytes()


def apply_case(name: str) -> bytes:
    before = (EDIT_CASES / name / "before.yaml").read_bytes()
    ref, change = change_from_args(case_args(name))
    roadmap, item = ref.split("/")
    bom, body = split_bom(before)
    edit = edit_item(body.decode("utf-8"), roadmap, item, change)
    assert edit.changed
    return bom + edit.text.encode("utf-8")


@pytest.mark.parametrize("name", CASE_NAMES)
def test_golden_edit(name: str) -> None:
    """Each tests/data/edit/NAME/before.yaml, edited as NAME/args says, gives NAME/after.yaml
    byte for byte (comments, quoting, indentation, flow style, CRLF and BOM kept)."""
    assert_golden_bytes(EDIT_CASES / name / "after.yaml", apply_case(name))


@pytest.mark.parametrize("name", CASE_NAMES)
def test_golden_after_file_is_valid_and_consistent(name: str) -> None:
    """Every golden result loads without a single problem, consistency checks included."""
    result = load_text(split_bom((EDIT_CASES / name / "after.yaml").read_bytes())[1].decode())
    assert check_loaded(result, TODAY) == []


@pytest.mark.parametrize("name", CASE_NAMES)
def test_golden_edit_changes_only_the_item_lines(name: str) -> None:
    """Outside the edited item, before and after are identical line for line."""
    before = (EDIT_CASES / name / "before.yaml").read_bytes().decode("utf-8")
    after = (EDIT_CASES / name / "after.yaml").read_bytes().decode("utf-8")
    ref = case_args(name)[1]
    item = load_text(before.removeprefix("\ufeff")).portfolio.items_by_ref[ref]
    first = item.position.line - 1
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            assert first <= i1 <= i2 <= first + 40, (tag, i1, i2)
    # the line ending style is unchanged
    assert ("\r\n" in before) == ("\r\n" in after)
    assert after.count("\r\n") == after.count("\n") or "\r\n" not in after


def test_golden_cases_cover_the_styles_the_issue_names() -> None:
    """The corpus holds the styles issue 5 lists: flow and block, quotes, comments, depth,
    CRLF, BOM and Cyrillic text."""
    befores = {name: (EDIT_CASES / name / "before.yaml").read_bytes() for name in CASE_NAMES}
    assert any(b"- {" in data for data in befores.values())  # flow mapping items
    assert any(b"stages: [" in data for data in befores.values())  # flow sequence
    assert any(b': "' in data for data in befores.values())  # double quotes
    assert any(b": '" in data for data in befores.values())  # single quotes
    assert any(b"\r\n" in data for data in befores.values())
    assert any(data.startswith(b"\xef\xbb\xbf") for data in befores.values())
    assert any(data.count(b"tasks:") >= 3 for data in befores.values())  # 4 levels deep
    assert any("Ақтөбе".encode() in data for data in befores.values())


# -- what each command writes ---------------------------------------------------------------------

ITEM_TEXT = """\
roadmap: demo
title: Demo
stages:
  - id: grid
    title: Grid
    owner: grid-company
    start: 2026-05-04
    due: 2026-09-30
    status: in-progress
"""


def edit(text: str, change: Change, item: str = "grid") -> str:
    result = edit_item(text, "demo", item, change)
    assert result.changed
    return result.text


def test_done_sets_the_date_and_the_status() -> None:
    """`done` inserts done: after due and replaces the status."""
    assert edit(ITEM_TEXT, MarkDone(date(2026, 11, 20))).endswith(
        "    due: 2026-09-30\n    done: 2026-11-20\n    status: done\n"
    )


def test_done_summary_is_the_commit_subject() -> None:
    """The summary names the verb, the full reference and the date."""
    result = edit_item(ITEM_TEXT, "demo", "grid", MarkDone(date(2026, 11, 20)))
    assert result.summary == "done demo/grid: 2026-11-20"


def test_done_twice_on_the_same_date_changes_nothing() -> None:
    """Marking a done item done again on the same date is not an error and changes nothing."""
    text = edit(ITEM_TEXT, MarkDone(date(2026, 11, 20)))
    again = edit_item(text, "demo", "grid", MarkDone(date(2026, 11, 20)))
    assert not again.changed and again.text == text
    assert again.summary == "demo/grid is already done on 2026-11-20"


def test_done_on_another_date_is_refused() -> None:
    """A recorded done date is a fact: `done` does not silently move it."""
    text = edit(ITEM_TEXT, MarkDone(date(2026, 11, 20)))
    with pytest.raises(EditRefused, match="already done on 2026-11-20"):
        edit_item(text, "demo", "grid", MarkDone(date(2026, 11, 21)))


def test_done_on_a_cancelled_item_is_refused() -> None:
    """A cancelled item cannot be marked done by the command."""
    text = ITEM_TEXT.replace("in-progress", "cancelled")
    with pytest.raises(EditRefused, match="is cancelled"):
        edit_item(text, "demo", "grid", MarkDone(TODAY))


def test_start_sets_status_and_keeps_an_existing_start() -> None:
    """`start` sets in-progress; a start date that is there already stays."""
    text = ITEM_TEXT.replace("in-progress", "planned")
    result = edit_item(text, "demo", "grid", MarkStarted(TODAY))
    assert result.text == ITEM_TEXT
    assert result.summary == "start demo/grid: 2026-05-04"


def test_start_adds_a_missing_start_before_due() -> None:
    """Without a start date, `start` inserts one in its place in the key order."""
    text = ITEM_TEXT.replace("    start: 2026-05-04\n", "").replace("in-progress", "planned")
    assert edit(text, MarkStarted(TODAY)) == ITEM_TEXT.replace("2026-05-04", "2026-11-26")


def test_start_on_an_item_in_progress_changes_nothing() -> None:
    """Starting what is already in progress (with a start date) is a no-op."""
    result = edit_item(ITEM_TEXT, "demo", "grid", MarkStarted(TODAY))
    assert not result.changed
    assert result.summary == "demo/grid is already in progress (started 2026-05-04)"


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_start_on_a_finished_item_is_refused(status: str) -> None:
    """Done and cancelled items cannot start again."""
    text = ITEM_TEXT.replace("in-progress", status)
    with pytest.raises(EditRefused, match=f"already {status}"):
        edit_item(text, "demo", "grid", MarkStarted(TODAY))


def test_reschedule_records_baseline_and_the_move() -> None:
    """The first move keeps the old deadline as baseline and appends a reschedules entry."""
    change = MoveDeadline(date(2026, 12, 15), "Transformer late", TODAY, "HQ protocol No. 41")
    assert edit(ITEM_TEXT, change) == ITEM_TEXT.replace(
        "    due: 2026-09-30\n", "    due: 2026-12-15\n    baseline: 2026-09-30\n"
    ) + (
        "    reschedules:\n"
        "      - from: 2026-09-30\n"
        "        to: 2026-12-15\n"
        "        on: 2026-11-26\n"
        "        reason: Transformer late\n"
        "        ref: HQ protocol No. 41\n"
    )


def test_reschedule_summary_names_both_dates_reason_and_ref() -> None:
    """The commit subject: reschedule REF: OLD -> NEW (reason; ref)."""
    change = MoveDeadline(date(2026, 12, 15), "Transformer late", TODAY, "HQ protocol No. 41")
    result = edit_item(ITEM_TEXT, "demo", "grid", change)
    assert result.summary == (
        "reschedule demo/grid: 2026-09-30 -> 2026-12-15 (Transformer late; HQ protocol No. 41)"
    )
    no_ref = edit_item(ITEM_TEXT, "demo", "grid", MoveDeadline(date(2026, 12, 15), "Late", TODAY))
    assert no_ref.summary == "reschedule demo/grid: 2026-09-30 -> 2026-12-15 (Late)"


def test_reschedule_keeps_an_existing_baseline() -> None:
    """A baseline that is there is the originally approved date: it never changes."""
    text = ITEM_TEXT.replace("    status:", "    baseline: 2026-06-30\n    status:")
    new = edit(text, MoveDeadline(date(2026, 12, 15), "Late", TODAY))
    assert "    baseline: 2026-06-30\n" in new and new.count("baseline") == 1


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_reschedule_without_a_reason_is_refused(reason: str) -> None:
    """A moved deadline is an official act: the reason is required."""
    with pytest.raises(EditRefused, match="give the reason"):
        edit_item(ITEM_TEXT, "demo", "grid", MoveDeadline(date(2026, 12, 15), reason, TODAY))


def test_reschedule_to_the_same_date_is_refused() -> None:
    """Moving a deadline to where it is would record a move that did not happen."""
    with pytest.raises(EditRefused, match="already due on 2026-09-30"):
        edit_item(ITEM_TEXT, "demo", "grid", MoveDeadline(date(2026, 9, 30), "x", TODAY))


def test_reschedule_of_a_done_item_is_refused() -> None:
    """A finished item's deadline is history."""
    text = ITEM_TEXT.replace("in-progress", "done").replace(
        "    status", "    done: 2026-10-01\n    status"
    )
    with pytest.raises(EditRefused, match="is done"):
        edit_item(text, "demo", "grid", MoveDeadline(date(2026, 12, 15), "x", TODAY))


def test_reschedule_reason_with_an_invisible_character_is_refused() -> None:
    """A zero-width space in a reason would be rejected by the loader, so it is refused first."""
    with pytest.raises(EditRefused, match="U\\+200B"):
        edit_item(ITEM_TEXT, "demo", "grid", MoveDeadline(date(2026, 12, 15), "a\u200bb", TODAY))


@pytest.mark.parametrize(
    ("reason", "ref", "message"),
    [
        (
            "\udcff",
            None,
            "--reason: the text holds bytes that are not UTF-8 (0xff), so it cannot be written "
            "to the file; type it again in a terminal set to UTF-8",
        ),
        (
            "Кабель \udcd0\udcd0 late",
            None,
            "--reason: the text holds bytes that are not UTF-8 (0xd0), so it cannot be written "
            "to the file; type it again in a terminal set to UTF-8",
        ),
        (
            "Late",
            "No. \udcfe\udcff",
            "--ref: the text holds bytes that are not UTF-8 (0xfe, 0xff), so it cannot be "
            "written to the file; type it again in a terminal set to UTF-8",
        ),
        (
            "lone \ud800 surrogate",
            None,
            "--reason: the text holds bytes that are not UTF-8 (U+D800), so it cannot be "
            "written to the file; type it again in a terminal set to UTF-8",
        ),
    ],
)
def test_reschedule_text_that_is_not_unicode_is_refused(
    reason: str, ref: str | None, message: str
) -> None:
    """Bytes that are not UTF-8 on the command line reach Python as lone surrogates, which no
    file can hold: refused with the bytes named, instead of failing while writing."""
    change = MoveDeadline(date(2026, 12, 15), reason, TODAY, ref)
    with pytest.raises(EditRefused) as refused:
        edit_item(ITEM_TEXT, "demo", "grid", change)
    assert str(refused.value) == message


def test_reschedule_without_baseline_takes_it_from_the_first_recorded_move() -> None:
    """When moves are recorded but the baseline is missing, the first move's from is the
    originally approved date."""
    text = ITEM_TEXT + (
        "    reschedules:\n"
        "      - {from: 2026-06-30, to: 2026-09-30, on: 2026-05-01, reason: Design}\n"
    )
    assert "    baseline: 2026-06-30\n" in edit(text, MoveDeadline(date(2026, 12, 1), "x", TODAY))


@pytest.mark.parametrize(
    ("reason", "written"),
    [
        ("Transformer late", "Transformer late"),
        ("Себеп: кешігу", '"Себеп: кешігу"'),
        ("#12 protocol", '"#12 protocol"'),
        ('He said "no"', 'He said "no"'),
        ("- a list?", '"- a list?"'),
        ("null", '"null"'),
        ("tab\there", '"tab\\there"'),
        ("two\nlines", '"two\\nlines"'),
        ("back\\slash: x", '"back\\\\slash: x"'),
    ],
)
def test_reason_is_written_plain_when_safe_and_quoted_otherwise(reason: str, written: str) -> None:
    """Text that YAML would misread is double-quoted and escaped; it always loads back exact."""
    new = edit(ITEM_TEXT, MoveDeadline(date(2026, 12, 15), reason, TODAY))
    assert f"        reason: {written}\n" in new
    item = load_text(new).portfolio.items_by_ref["demo/grid"]
    assert item.reschedules[-1].reason == reason


def test_assign_replaces_the_owner_only() -> None:
    """`assign` changes the owner value and nothing else."""
    result = edit_item(ITEM_TEXT, "demo", "grid", AssignOwner("aitymbetov"))
    assert result.text == ITEM_TEXT.replace("owner: grid-company", "owner: aitymbetov")
    assert result.summary == "assign demo/grid: grid-company -> aitymbetov"


def test_assign_to_the_same_owner_changes_nothing() -> None:
    """Assigning an item to its owner is a no-op."""
    result = edit_item(ITEM_TEXT, "demo", "grid", AssignOwner("grid-company"))
    assert not result.changed and result.summary == "demo/grid is already owned by grid-company"


def test_empty_value_after_the_colon_is_filled_in() -> None:
    """`done:` with nothing after it gets the date after one space."""
    text = ITEM_TEXT.replace("    status: in-progress\n", "    done:\n    status: in-progress\n")
    assert "    done: 2026-11-20\n" in edit(text, MarkDone(date(2026, 11, 20)))


def test_unknown_item_in_the_text_is_refused() -> None:
    """The item must be in the text given (the CLI resolves it first)."""
    with pytest.raises(EditRefused, match="no item 'power' in roadmap 'demo'"):
        edit_item(ITEM_TEXT, "demo", "power", MarkDone(TODAY))


def test_other_roadmap_is_refused() -> None:
    """The roadmap id must be the file's."""
    with pytest.raises(EditRefused, match="does not hold roadmap 'other'"):
        edit_item(ITEM_TEXT, "other", "grid", MarkDone(TODAY))


def test_broken_yaml_is_refused() -> None:
    """Text that does not parse is never edited."""
    with pytest.raises(EditRefused, match="not valid YAML"):
        edit_item(ITEM_TEXT + "  - [unclosed\n", "demo", "grid", MarkDone(TODAY))


def test_block_scalar_date_is_refused() -> None:
    """A date written as a block scalar (|) cannot be replaced in place safely."""
    text = ITEM_TEXT.replace("due: 2026-09-30", "due: |-\n      2026-09-30")
    with pytest.raises(EditRefused, match="block scalar"):
        edit_item(text, "demo", "grid", MoveDeadline(date(2026, 12, 15), "x", TODAY))


def test_layout_that_cannot_be_edited_safely_is_refused_not_corrupted() -> None:
    """A kept-chomping note (|+) owns its trailing blank lines; inserting after it would change
    the note, so the edit is refused instead."""
    text = ITEM_TEXT + "    note: |+\n      kept\n\n"
    with pytest.raises(EditRefused, match="cannot make this edit safely"):
        edit_item(text, "demo", "grid", MoveDeadline(date(2026, 12, 15), "x", TODAY))


def test_flow_item_refusal_names_the_flow_style() -> None:
    """When an insertion into a flow mapping would not read back right, the message says the
    item is a flow mapping and what to do."""
    text = (
        "roadmap: demo\ntitle: Demo\nstages:\n"
        "  - {id: grid, title: Grid, owner: o, due: 2026-09-30, note: |+\n"
    )
    with pytest.raises(EditRefused):
        edit_item(text, "demo", "grid", MarkDone(TODAY))


EXPLICIT_KEY_ITEMS = {
    "the id as `? id`": (
        "  - ? id\n    : grid\n    title: Grid\n    owner: o\n    due: 2026-09-30\n",
        "demo/grid has its 'id' key written in the explicit form `? id` (line 4), which sezctl "
        "does not edit; rewrite it as `id: grid` on one line, then run the command again",
    ),
    "the edited key itself": (
        "  - id: grid\n    title: Grid\n    ? owner\n    : o\n    due: 2026-09-30\n",
        "demo/grid has its 'owner' key written in the explicit form `? owner` (line 6), which "
        "sezctl does not edit; rewrite it as `owner: o` on one line, then run the command again",
    ),
    "a quoted key on the line after `?`": (
        '  - id: grid\n    title: Grid\n    owner: o\n    ?\n      "due"\n    : 2026-09-30\n',
        "demo/grid has its 'due' key written in the explicit form `? due` (line 8), which "
        "sezctl does not edit; rewrite it as `due: 2026-09-30` on one line, then run the "
        "command again",
    ),
    "a flow mapping": (
        "  - {? id: grid, title: Grid, owner: o, due: 2026-09-30}\n",
        "demo/grid has its 'id' key written in the explicit form `? id` (line 4), which sezctl "
        "does not edit; rewrite it as `id: grid` on one line, then run the command again",
    ),
    "a block value": (
        "  - id: grid\n    title: Grid\n    owner: o\n    due: 2026-09-30\n"
        "    ? note\n    : |\n      Two\n      lines\n",
        "demo/grid has its 'note' key written in the explicit form `? note` (line 8), which "
        "sezctl does not edit; rewrite it as `note: ...` on one line, then run the command again",
    ),
}


@pytest.mark.parametrize("name", EXPLICIT_KEY_ITEMS)
@pytest.mark.parametrize(
    "change",
    [MarkDone(TODAY), MarkStarted(TODAY), AssignOwner("p"), MoveDeadline(TODAY, "x", TODAY)],
    ids=["done", "start", "assign", "reschedule"],
)
def test_item_with_an_explicit_key_is_refused_with_the_reason(name: str, change: Change) -> None:
    """YAML's explicit `? key` form loads like `key: value` (`sezctl check` accepts it), but
    the text edits lay keys out as `key: value` lines: every edit of such an item is refused
    with a message naming the key, its line and the way to rewrite it."""
    item, message = EXPLICIT_KEY_ITEMS[name]
    text = "roadmap: demo\ntitle: Demo\nstages:\n" + item
    loaded = load_text(text)
    assert [p for p in loaded.problems if p.severity is Severity.ERROR] == []
    assert loaded.portfolio.items_by_ref["demo/grid"].due == date(2026, 9, 30)
    with pytest.raises(EditRefused) as refused:
        edit_item(text, "demo", "grid", change)
    assert str(refused.value) == message


def test_explicit_keys_elsewhere_do_not_block_an_edit() -> None:
    """Only the edited item's own keys matter: `? key` at the top, in another item or in a
    task below, and a `?` inside a value, leave the item editable."""
    text = (
        "? roadmap\n: demo\ntitle: Demo\nstages:\n"
        "  - id: grid\n    title: Why ? not\n    owner: o\n    due: 2026-09-30\n"
        "    tasks:\n      - ? id\n        : sub\n        title: Sub\n        owner: o\n"
        "        due: 2026-09-01\n"
        "  - ? id\n    : other\n    title: Other\n    owner: o\n    due: 2026-10-30\n"
    )
    assert edit(text, AssignOwner("p")) == text.replace(
        "owner: o\n    due: 2026-09-30", "owner: p\n    due: 2026-09-30"
    )


# -- the diff -------------------------------------------------------------------------------------


def test_unified_diff_is_exact() -> None:
    """--dry-run output: a unified diff with a/ and b/ paths, as git shows it."""
    new = ITEM_TEXT.replace("owner: grid-company", "owner: aitymbetov")
    assert unified_diff(ITEM_TEXT, new, "roadmaps/demo.yaml") == (
        "--- a/roadmaps/demo.yaml\n"
        "+++ b/roadmaps/demo.yaml\n"
        "@@ -3,7 +3,7 @@\n"
        " stages:\n"
        "   - id: grid\n"
        "     title: Grid\n"
        "-    owner: grid-company\n"
        "+    owner: aitymbetov\n"
        "     start: 2026-05-04\n"
        "     due: 2026-09-30\n"
        "     status: in-progress\n"
    )


def test_unified_diff_marks_a_missing_final_newline() -> None:
    """A last line without a newline is marked, so the diff stays well-formed."""
    diff = unified_diff("a: 1", "a: 2", "x.yaml")
    assert diff.endswith(
        "-a: 1\n\\ No newline at end of file\n+a: 2\n\\ No newline at end of file\n"
    )


def test_unified_diff_of_identical_texts_is_empty() -> None:
    """No change, no diff."""
    assert unified_diff(ITEM_TEXT, ITEM_TEXT, "x.yaml") == ""


# -- which problems are new -----------------------------------------------------------------------


def problem(line: int, code: str, message: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem("r.yaml", line, 5, code, message, severity)


def test_new_problems_ignores_problems_that_only_moved() -> None:
    """An inserted line moves the problems below it; they are not new."""
    before = [problem(10, "unknown-owner", "owner 'x' is not in the registry")]
    after = [problem(11, "unknown-owner", "owner 'x' is not in the registry")]
    assert new_problems(before, after) == []


def test_new_problems_ignores_line_numbers_inside_messages() -> None:
    """ "first at r.yaml:12" becoming ":13" is the same problem."""
    before = [problem(20, "duplicate-item-id", "id 'a' twice (first at r.yaml:12)")]
    after = [problem(21, "duplicate-item-id", "id 'a' twice (first at r.yaml:13)")]
    assert new_problems(before, after) == []


def test_new_problems_counts_repeats() -> None:
    """A second copy of a problem that existed once is new."""
    before = [problem(1, "c", "m")]
    after = [problem(1, "c", "m"), problem(2, "c", "m")]
    assert new_problems(before, after) == [problem(2, "c", "m")]


# -- the reschedules: key in the loader and the chain check ---------------------------------------

RESCHEDULED = """\
owners:
  o:
    name: O
roadmap: demo
title: Demo
stages:
  - id: grid
    title: Grid
    owner: o
    due: 2026-12-15
    baseline: 2026-06-30
    reschedules:
      - from: 2026-06-30
        to: 2026-09-30
        on: 2026-05-20
        reason: Design changed
      - from: 2026-09-30
        to: 2026-12-15
        on: 2026-09-25
        reason: Transformer
        ref: HQ protocol No. 37
"""


def test_reschedules_load_into_the_model() -> None:
    """Each entry becomes a Reschedule with its dates, reason, ref and position."""
    result = load_text(RESCHEDULED, "r.yaml")
    assert check_loaded(result, TODAY) == []
    moves = result.portfolio.items_by_ref["demo/grid"].reschedules
    assert [(m.from_date, m.to, m.on, m.reason, m.ref) for m in moves] == [
        (date(2026, 6, 30), date(2026, 9, 30), date(2026, 5, 20), "Design changed", None),
        (
            date(2026, 9, 30),
            date(2026, 12, 15),
            date(2026, 9, 25),
            "Transformer",
            "HQ protocol No. 37",
        ),
    ]
    assert (moves[1].position.line, moves[1].where("ref").line) == (17, 21)


def codes(text: str) -> list[tuple[int, int, str, str]]:
    return [
        (p.line, p.column, p.code, p.message)
        for p in check_loaded(load_text(text, "r.yaml"), TODAY)
    ]


def test_chain_break_between_entries_is_reported_at_from() -> None:
    """Each from must be the previous to."""
    text = RESCHEDULED.replace("      - from: 2026-09-30", "      - from: 2026-09-29")
    assert codes(text) == [
        (
            17,
            9,
            "reschedule-chain",
            "demo/grid: this move starts from 2026-09-29, but the previous one moved the deadline "
            "to 2026-09-30; the entries must chain.",
        ),
    ]


def test_last_move_must_end_at_the_deadline() -> None:
    """A deadline changed by hand without a record breaks the chain at the last to."""
    text = RESCHEDULED.replace("    due: 2026-12-15", "    due: 2026-12-20")
    assert codes(text) == [
        (
            18,
            9,
            "reschedule-chain",
            "demo/grid: the last recorded move is to 2026-12-15, but the deadline is 2026-12-20; "
            "record the move with `sezctl reschedule` or fix the dates.",
        ),
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("        reason: Transformer\n", "", (17, 9, "missing-key")),
        ("        ref: HQ protocol No. 37\n", "        reff: x\n", (21, 9, "unknown-key")),
        ("        on: 2026-09-25\n", "        on: 25/09/2026\n", (19, 13, "bad-date")),
        ("        reason: Transformer\n", "        reason: ''\n", (20, 17, "empty-value")),
        ("    reschedules:\n", "    reschedules: moved\n    x:\n", (12, 18, "wrong-type")),
        (
            "      - from: 2026-06-30\n",
            "      - just text\n      - from: 2026-06-30\n",
            (13, 9, "wrong-type"),
        ),
    ],
)
def test_malformed_reschedules_are_located_schema_errors(
    old: str, new: str, expected: tuple[int, int, str]
) -> None:
    """Entries are validated like items: missing and unknown keys, bad dates, wrong shapes."""
    found = [(line, column, code) for line, column, code, _ in codes(RESCHEDULED.replace(old, new))]
    assert expected in found


def test_empty_reschedules_is_allowed() -> None:
    """`reschedules: []` (or an empty value) means no recorded moves."""
    text = RESCHEDULED.split("    reschedules:")[0] + "    reschedules: []\n"
    assert codes(text) == []


# -- property: generated roadmaps, random edits ---------------------------------------------------

OWNER_IDS = ("aitymbetov", "abdikarimov", "grid-company")
BASE = date(2026, 1, 1)
TEXT_ALPHABET = "abcxyz АқтөбеЖСҚ:#,-'\"[]{}№.!?&*|>%@`\\"


@dataclass
class GenItem:
    id: str
    title: str
    owner: str
    due: date
    start: date | None
    baseline: date | None
    status: str | None
    note: str | None
    depends_on: list[str]
    flow: bool
    comment: bool
    optional_order: list[str]
    tasks: list[GenItem] = field(default_factory=list)


@dataclass(frozen=True)
class GenStyle:
    indent: int
    dash_offset: int
    newline: str
    local_dates: bool
    quote: str
    blank_lines: bool


def text_values(min_size: int = 1) -> st.SearchStrategy[str]:
    return st.text(alphabet=TEXT_ALPHABET, min_size=min_size, max_size=24).filter(
        lambda s: s.strip() == s and s != ""
    )


@st.composite
def gen_items(draw: st.DrawFn, depth: int, counter: list[int]) -> list[GenItem]:
    items = []
    for _ in range(draw(st.integers(1, 3 if depth == 0 else 2))):
        counter[0] += 1
        number = counter[0]
        due = BASE + timedelta(days=draw(st.integers(60, 600)))
        tasks = draw(gen_items(depth + 1, counter)) if depth < 3 and draw(st.booleans()) else []
        optional = ["start", "baseline", "status", "note", "depends_on"]
        present = [key for key in optional if draw(st.booleans())]
        items.append(
            GenItem(
                id=f"item-{number}",
                title=draw(text_values()),
                owner=draw(st.sampled_from(OWNER_IDS)),
                due=due,
                start=due - timedelta(days=draw(st.integers(0, 50)))
                if "start" in present
                else None,
                baseline=due - timedelta(days=draw(st.integers(1, 50)))
                if "baseline" in present
                else None,
                status=draw(st.sampled_from(["planned", "in-progress", "blocked"]))
                if "status" in present
                else None,
                note=draw(text_values()) if "note" in present else None,
                depends_on=["item-1"] if "depends_on" in present and number > 1 else [],
                flow=not tasks and draw(st.integers(0, 3)) == 0,
                comment=draw(st.booleans()),
                optional_order=draw(st.permutations(present)),
                tasks=tasks,
            )
        )
    return items


def render(items: list[GenItem], style: GenStyle) -> str:
    def day(value: date) -> str:
        text = value.strftime("%d.%m.%Y") if style.local_dates else value.isoformat()
        return f"{style.quote}{text}{style.quote}"

    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted one

    def pairs(item: GenItem) -> list[tuple[str, str]]:
        values = {
            "start": day(item.start) if item.start else "",
            "baseline": day(item.baseline) if item.baseline else "",
            "status": item.status or "",
            "note": text(item.note) if item.note else "",
            "depends_on": "[" + ", ".join(item.depends_on) + "]",
        }
        result = [("id", item.id), ("title", text(item.title)), ("owner", item.owner)]
        result.append(("due", day(item.due)))
        result += [(key, values[key]) for key in item.optional_order]
        return result

    lines = [
        "owners:",
        *(f"  {owner}:\n    name: {owner.title()}" for owner in OWNER_IDS),
        "roadmap: demo",
        "title: Demo  # generated",
        "stages:",
    ]

    def block(items: list[GenItem], key_column: int) -> None:
        dash = " " * (key_column + style.dash_offset)
        inner = " " * (len(dash) + style.indent)
        for item in items:
            if style.blank_lines:
                lines.append("")
            if item.comment:
                lines.append(f"{dash}# {item.id}")
            if item.flow:
                body = ", ".join(f"{key}: {value}" for key, value in pairs(item))
                lines.append(f"{dash}-{' ' * (style.indent - 1)}{{{body}}}")
                continue
            for index, (key, value) in enumerate(pairs(item)):
                lead = f"{dash}-{' ' * (style.indent - 1)}" if index == 0 else inner
                tail = "  # note this" if item.comment and key in ("due", "status") else ""
                lines.append(f"{lead}{key}: {value}{tail}")
            if item.tasks:
                lines.append(f"{inner}tasks:")
                block(item.tasks, len(inner))

    block(items, 0)
    return style.newline.join(lines) + style.newline


def flatten(items: list[GenItem]) -> list[GenItem]:
    result = []
    for item in items:
        result.append(item)
        result.extend(flatten(item.tasks))
    return result


def snapshot(item: Item) -> tuple[object, ...]:
    return (
        item.title,
        item.owner,
        item.due,
        item.start,
        item.baseline,
        item.done,
        item.status,
        item.note,
        tuple(r.ref for r in item.depends_on),
        tuple(t.id for t in item.tasks),
        tuple((r.from_date, r.to, r.on, r.reason, r.ref) for r in item.reschedules),
    )


KEY_LINE = re.compile(r"^(\s*(?:-\s+)?)([a-z_]+):( *)(.*?)((?:\s+#.*)?)(\r?\n)?$")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_edits_of_generated_roadmaps_load_back_and_touch_only_their_lines(
    data: st.DataObject,
) -> None:
    """For generated valid roadmaps in many styles and a random edit of a random item, the
    result loads back with the intended values, every other value unchanged, and the diff
    touches only the lines of the edited keys (plus the lines it inserts)."""
    style = GenStyle(
        indent=data.draw(st.sampled_from([2, 4])),
        dash_offset=data.draw(st.sampled_from([0, 2])),
        newline=data.draw(st.sampled_from(["\n", "\r\n"])),
        local_dates=data.draw(st.booleans()),
        quote=data.draw(st.sampled_from(["", "'", '"'])),
        blank_lines=data.draw(st.booleans()),
    )
    items = data.draw(gen_items(0, [0]))
    text = render(items, style)
    before = load_text(text)
    assert before.problems == []
    target = data.draw(st.sampled_from(flatten(items)))
    old = before.portfolio.items_by_ref[f"demo/{target.id}"]
    kind = data.draw(st.sampled_from(["done", "start", "reschedule", "assign"]))
    on = target.due + timedelta(days=data.draw(st.integers(-30, 30)))
    change: Change
    if kind == "done":
        change = MarkDone(on)
    elif kind == "start":
        change = MarkStarted(on)
    elif kind == "reschedule":
        shift = data.draw(st.integers(-60, 120).filter(lambda n: n != 0))
        reason = data.draw(text_values())
        decision = data.draw(st.none() | text_values())
        change = MoveDeadline(target.due + timedelta(days=shift), reason, on, decision)
    else:
        change = AssignOwner(data.draw(st.sampled_from(OWNER_IDS)))
    result = edit_item(text, "demo", target.id, change)
    new_text = result.text
    note(f"before:\n{text}\nafter:\n{new_text}")
    after = load_text(new_text)
    assert after.problems == []
    new = after.portfolio.items_by_ref[f"demo/{target.id}"]

    # The intended values, and nothing else of the item changed.
    expected = {
        name: getattr(old, name) for name in ("owner", "due", "start", "baseline", "done", "status")
    }
    expected_moves = old.reschedules
    replaced: set[str] = set()
    if isinstance(change, MarkDone):
        expected.update(done=change.on, status=Status.DONE)
        replaced = {"status"}
    elif isinstance(change, MarkStarted):
        expected.update(start=old.start or change.on, status=Status.IN_PROGRESS)
        replaced = {"status"}
    elif isinstance(change, MoveDeadline):
        expected.update(due=change.to, baseline=old.baseline or old.due)
        expected_moves = (*old.reschedules, None)  # type: ignore[assignment]
        last = new.reschedules[-1]
        assert (last.from_date, last.to, last.on, last.reason, last.ref) == (
            old.due,
            change.to,
            change.on,
            change.reason,
            change.ref,
        )
        replaced = {"due"}
    else:
        expected.update(owner=change.owner)
        replaced = {"owner"}
    assert {name: getattr(new, name) for name in expected} == expected
    assert len(new.reschedules) == len(expected_moves)
    assert (new.title, new.note, [r.ref for r in new.depends_on]) == (
        old.title,
        old.note,
        [r.ref for r in old.depends_on],
    )
    for ref, other in before.portfolio.items_by_ref.items():
        if ref != old.ref:
            assert snapshot(after.portfolio.items_by_ref[ref]) == snapshot(other)

    # The diff touches only the lines of the replaced keys, and inserts only new keys.
    old_lines = text.splitlines(keepends=True)
    new_lines = new_text.splitlines(keepends=True)
    if target.flow:
        allowed = {old.position.line - 1}
    else:
        allowed = {old.where(key).line - 1 for key in replaced if key in old.key_positions}
    inserted_keys = {
        "done",
        "status",
        "start",
        "baseline",
        "reschedules",
        "from",
        "to",
        "on",
        "reason",
        "ref",
    }
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        assert set(range(i1, i2)) <= allowed, (tag, old_lines[i1:i2])
        for line in new_lines[j1:j2]:
            if target.flow:
                assert line.startswith(old_lines[old.position.line - 1].split("{")[0] + "{")
                continue
            match = KEY_LINE.match(line)
            assert match, line
            if match.group(2) in replaced and any(
                (m := KEY_LINE.match(o)) and m.group(2) == match.group(2) for o in old_lines[i1:i2]
            ):
                removed = next(
                    o for o in old_lines[i1:i2] if KEY_LINE.match(o).group(2) == match.group(2)
                )  # type: ignore[union-attr]
                was = KEY_LINE.match(removed)
                assert was is not None
                # same key, same indentation, same comment and line ending: only the value moved
                assert (was.group(1), was.group(3), was.group(5), was.group(6)) == (
                    match.group(1),
                    match.group(3),
                    match.group(5),
                    match.group(6),
                )
            else:
                assert match.group(2) in inserted_keys, line
                assert line.endswith(style.newline) or j2 == len(new_lines)
