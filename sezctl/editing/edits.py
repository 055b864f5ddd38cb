"""Edit one item of a roadmap file as *text*, so that every byte outside the edited values stays.

Loading a YAML file and dumping it again loses comments, blank lines, quoting, key order, flow
style and line endings.  The editing commands therefore never dump: they find the item in the
positioned node tree of :mod:`sezctl.source.yaml_nodes` and splice new text into the character spans
of the values they change.

* A value that exists is replaced in place, in the same quoting style (``due: "2026-09-30"``
  stays double-quoted) and, for dates, in the same notation (``30.09.2026`` stays local).
* A key that is missing is inserted after the closest preceding key in the order of
  :data:`~sezctl.source.fileformat.ITEM_FIELDS` (:data:`~sezctl.source.fileformat.POINT_FIELDS`
  for a point of a protocol), at the item's indentation and in the item's style: a new line in a
  block mapping, ``, key: value`` in a flow mapping ``{...}``.
* A protocol point is edited like an item, under its own key names: it is ``executed:``, not
  ``done:``; it has no ``start:`` and no ``baseline:`` (the deadline the protocol set is the first
  ``reschedules:`` entry's ``from``); a point taken off control (``off_control:``) is closed.
* The result is parsed again and compared, value for value, with the intended data.  Anything
  else (a layout this module did not foresee) refuses the edit rather than risk the file.

This module is pure: text and a requested change in, new text out.  It reads no file, no clock
and prints nothing; whether the edit keeps the folder consistent is decided by the caller with
the loader and the checks.  A change that does not fit the item raises :class:`EditRefused`.

Languages: what a person reads (refusals, and :attr:`Edit.shown`) is in the language of the run,
with dates as :func:`~sezctl.core.i18n.format_day` writes them.  :attr:`Edit.summary` is the
commit message of ``--commit``, so it is kept in English with ISO dates whatever the language,
like everything an edit writes into the file: a commit made by a Russian-speaking clerk and one
made by a Kazakh-speaking one read the same in ``git log`` and in ``sezctl history``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sezctl.core.dates import LOCAL_DATE, DateFormatError, format_local, parse_date
from sezctl.core.i18n import N_, _, format_day, localize
from sezctl.core.model import Item, Portfolio
from sezctl.core.problems import Problem, Severity, SezctlError
from sezctl.source.fileformat import ITEM_FIELDS, POINT_FIELDS, PROTOCOL_PREFIX
from sezctl.source.yaml_nodes import (
    NULL_WORDS,
    Mapping,
    Node,
    Scalar,
    Sequence,
    find_forbidden_characters,
    node_to_json,
    parse_yaml,
)

BOM = b"\xef\xbb\xbf"


# -- the changes that can be asked for ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MarkDone:
    """``sezctl done``: the item was finished on ``on``; ``evidence`` is what proves it
    («акт № 12 от 20.11.2026»), written to the item's ``evidence:``."""

    on: date
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class MarkStarted:
    """``sezctl start``: the item is in progress; it started on ``on`` unless a start is given.

    ``explicit``: ``on`` was given by the person (``--on``), so an existing, different start is
    not silently kept: the edit is refused with the way to replace it, ``move`` (``--move``).
    """

    on: date
    explicit: bool = False
    move: bool = False


@dataclass(frozen=True, slots=True)
class MoveDeadline:
    """``sezctl reschedule``: the deadline moves to ``to``, decided on ``on`` for ``reason``.

    ``start_to``: the start moves there too (keeping the planned duration, decided by
    :mod:`sezctl.editing.cascade`); ``None`` leaves the start as it is.
    """

    to: date
    reason: str
    on: date
    ref: str | None = None
    start_to: date | None = None
    decision: str | None = None  # protocol-<date>/<point>, checked by the caller


@dataclass(frozen=True, slots=True)
class AssignOwner:
    """``sezctl assign``: someone else is responsible now, decided on ``on``; an entry (from,
    to, on, reason, decision, ref) is appended to the item's ``reassignments:``."""

    owner: str
    on: date | None = None  # None: record nothing (the change of owner only)
    reason: str | None = None
    ref: str | None = None
    decision: str | None = None  # protocol-<date>/<point>, checked by the caller


@dataclass(frozen=True, slots=True)
class TakeOffControl:
    """``sezctl off-control``: a later decision, the protocol point ``by``
    (``protocol-<date>/<point>``, checked by the caller with :func:`resolve_off_control`), took
    the point off control for ``reason``; written as the point's ``off_control: {by, reason}``."""

    by: str
    reason: str
    on: date  # the date of the change: the deciding protocol is on or before it; not written


Change = MarkDone | MarkStarted | MoveDeadline | AssignOwner | TakeOffControl


class EditRefused(SezctlError):
    """The change does not fit the item (already done, same date, empty reason, ...) or the
    file's layout cannot be edited safely; nothing is changed."""


@dataclass(frozen=True, slots=True)
class Edit:
    """The outcome of :func:`edit_item`.

    ``summary`` is one line naming the change, used as the commit message, e.g.
    ``reschedule aktobe-sez-infrastructure/power-grid: 2026-09-30 -> 2026-12-15 (why; ref)``:
    English with ISO dates in every language.  ``shown`` is the same line for people, in the
    language of the run (``перенос срока мероприятия ... с 30.09.2026 на 15.12.2026 (...)``).
    When the item already is as asked, ``changed`` is False, ``text`` is the original and
    ``summary`` says so (``... is already done on 2026-11-20``).  ``note`` is what else the
    person should know, e.g. that ``start --on`` kept a different start the item already had.
    """

    text: str
    summary: str
    changed: bool
    shown: str
    note: str | None = None


# -- entry points -------------------------------------------------------------------------------


def split_bom(data: bytes) -> tuple[bytes, bytes]:
    """``(bom, rest)``: the UTF-8 byte order mark (or ``b""``) and the bytes after it."""
    if data.startswith(BOM):
        return BOM, data[len(BOM) :]
    return b"", data


def edit_item(text: str, roadmap_id: str, item_id: str, change: Change) -> Edit:
    """Apply ``change`` to the item ``roadmap_id/item_id`` in ``text`` (a file without its BOM).

    Raises :class:`EditRefused` when the change does not apply to the item or cannot be written
    without risking the rest of the file.
    """
    ref = f"{roadmap_id}/{item_id}"
    root = _parse(text)
    if "protocol" in root.pairs:
        location = _find_point(root, roadmap_id, item_id)
    else:
        location = _find_item(root, roadmap_id, item_id)
    state = _ItemState(location.mapping, location.point)
    plan = _plan(ref, state, change)
    if not plan.steps:
        return Edit(text, plan.summary, changed=False, shown=plan.shown, note=plan.note)
    _refuse_explicit_keys(text, location.mapping, ref)
    expected = node_to_json(root)
    target = _navigate(expected, location.path)
    assert isinstance(target, dict)
    new_text = text
    for step in plan.steps:
        # Re-parse between steps: each splice moves the offsets of everything after it.
        location = _locate(_parse(new_text), location.path)
        new_text = step.apply(new_text, location)
        step.expect(target)
    _verify(new_text, expected, location)
    return Edit(new_text, plan.summary, changed=True, shown=plan.shown, note=plan.note)


def unified_diff(old: str, new: str, path: str) -> str:
    """The change as a unified diff (``--- a/path`` / ``+++ b/path``), as ``git diff`` shows it."""
    import difflib

    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    out = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line)
        else:  # the last line of a file without a final newline
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def new_problems(before: list[Problem], after: list[Problem]) -> list[Problem]:
    """The problems in ``after`` that ``before`` did not have.

    Problems are matched by file, code and message, not by line: an inserted line moves the
    problems below it without making them new.  Line numbers inside messages ("first at
    x.yaml:12") are ignored for the same reason.
    """

    def key(problem: Problem) -> tuple[str, str, str, Severity]:
        message = re.sub(r":\d+", ":N", problem.message)
        return (problem.path, problem.code, message, problem.severity)

    remaining: dict[tuple[str, str, str, Severity], int] = {}
    for problem in before:
        remaining[key(problem)] = remaining.get(key(problem), 0) + 1
    fresh = []
    for problem in after:
        count = remaining.get(key(problem), 0)
        if count:
            remaining[key(problem)] = count - 1
        else:
            fresh.append(problem)
    return fresh


# -- reading the item ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Location:
    """Where the item is: its mapping, the path of keys and indexes to it, its list's key, and
    whether it is a point of a protocol (whose keys are :data:`POINT_FIELDS`)."""

    path: tuple[str | int, ...]
    mapping: Mapping
    sequence: Sequence
    sequence_key: Scalar
    point: bool = False

    @property
    def order(self) -> tuple[str, ...]:
        """The keys of the item in the documented order, where missing keys are inserted."""
        return _POINT_ORDER if self.point else _ITEM_ORDER


_ITEM_ORDER = tuple(ITEM_FIELDS)
_POINT_ORDER = tuple(POINT_FIELDS)
# What an item's key is called in a protocol point: a point is executed, not done.
_POINT_KEYS = {"done": "executed", "id": "point", "title": "text"}


def _parse(text: str) -> Mapping:
    root, problems = parse_yaml(text, "<edit>")
    if problems or not isinstance(root, Mapping):
        raise EditRefused(
            _("the file is not valid YAML or is not a roadmap; run `sezctl check` and fix it first")
        )
    return root


def _find_item(root: Mapping, roadmap_id: str, item_id: str) -> _Location:
    roadmap = root.pairs.get("roadmap")
    stages = root.pairs.get("stages")
    if roadmap is None or not isinstance(roadmap[1], Scalar) or roadmap[1].value != roadmap_id:
        raise EditRefused(
            _("the file does not hold roadmap {roadmap!r}").format(roadmap=roadmap_id)
        )
    # Depth first in file order, like the loader, so that the item found is the one the
    # portfolio knows under this id (a duplicate id is reported by `duplicate-item-id`).
    pending: list[tuple[tuple[str | int, ...], Scalar, Sequence, Node]] = []

    def push(path: tuple[str | int, ...], key: Scalar, node: Node) -> None:
        if isinstance(node, Sequence):
            for index in reversed(range(len(node.items))):
                pending.append(((*path, index), key, node, node.items[index]))

    if stages is not None:
        push(("stages",), *stages)
    while pending:
        path, key, sequence, entry = pending.pop()
        if not isinstance(entry, Mapping):
            continue
        id_node = entry.pairs["id"][1] if "id" in entry.pairs else None
        if isinstance(id_node, Scalar) and id_node.value == item_id:
            return _Location(path, entry, sequence, key)
        if "tasks" in entry.pairs:
            push((*path, "tasks"), *entry.pairs["tasks"])
    raise EditRefused(
        _("no item {item!r} in roadmap {roadmap!r} in this file").format(
            item=item_id, roadmap=roadmap_id
        )
    )


def _find_point(root: Mapping, group: str, point: str) -> _Location:
    """The point ``point`` of the protocol file ``root``, which must be the protocol
    ``group`` (``protocol-<date>``, named by its ``date:``)."""
    from sezctl.source.convert import convert_point_number

    date_node = root.pairs.get("date")
    day = None
    if date_node is not None and isinstance(date_node[1], Scalar):
        try:
            day = parse_date(date_node[1].value)
        except DateFormatError:
            day = None
    if day is None or f"{PROTOCOL_PREFIX}{day.isoformat()}" != group:
        raise EditRefused(_("the file does not hold protocol {protocol!r}").format(protocol=group))
    points = root.pairs.get("points")
    if points is not None and isinstance(points[1], Sequence):
        for index, entry in enumerate(points[1].items):
            number = entry.pairs.get("point") if isinstance(entry, Mapping) else None
            if number is None or not isinstance(number[1], Scalar):
                continue
            if convert_point_number(number[1].value) == point:
                assert isinstance(entry, Mapping)
                return _Location(("points", index), entry, points[1], points[0], point=True)
    raise EditRefused(
        _("no point {point} in protocol {protocol!r} in this file").format(
            point=point, protocol=group
        )
    )


def _locate(root: Mapping, path: tuple[str | int, ...]) -> _Location:
    """The item at ``path`` (found once by id; ids do not move when values change)."""
    node: Node = root
    sequence: Sequence | None = None
    sequence_key: Scalar | None = None
    for step in path:
        if isinstance(step, str):
            assert isinstance(node, Mapping)
            sequence_key, node = node.pairs[step]
        else:
            assert isinstance(node, Sequence)
            sequence, node = node, node.items[step]
    assert isinstance(node, Mapping) and sequence is not None and sequence_key is not None
    return _Location(path, node, sequence, sequence_key, point="protocol" in root.pairs)


def _refuse_explicit_keys(text: str, mapping: Mapping, ref: str) -> None:
    """Refuse an item with a key in YAML's explicit form (``? id`` on one line, ``: grid`` on
    the next).  It is valid YAML and loads like ``id: grid``, but the splicing here lays out
    keys and values as ``key: value`` lines and would misplace what it inserts next to it."""
    if "?" not in text[mapping.start : mapping.end]:
        return  # no explicit key can be there: skip scanning the file
    import yaml

    # The parsed nodes do not say how a key was written; the scanner does: an explicit key
    # token spans its `?`, the implicit one before a `key:` is empty.  The key's own scalar
    # is the token right after it.
    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    explicit: set[int] = set()
    after_explicit = False
    for token in yaml.scan(text, Loader=loader):
        if after_explicit and isinstance(token, yaml.ScalarToken):
            explicit.add(token.start_mark.index)
        after_explicit = (
            isinstance(token, yaml.KeyToken) and token.end_mark.index > token.start_mark.index
        )
    for name, (key, value) in mapping.pairs.items():
        if key.start in explicit:
            written = text[value.start : value.end] if isinstance(value, Scalar) else ""
            if not written or "\n" in written:
                written = "..."
            raise EditRefused(
                _(
                    "{ref} has its {key!r} key written in the explicit form `? {key}` (line "
                    "{line}), which sezctl does not edit; rewrite it as `{key}: {value}` on one "
                    "line, then run the command again"
                ).format(ref=ref, key=name, line=key.line, value=written)
            )


class _ItemState:
    """The item's current values, read from its nodes.  Keys are named as for a roadmap item
    (``done``); :meth:`name` says what the key is called in the file (a point's ``executed``)."""

    def __init__(self, mapping: Mapping, point: bool = False) -> None:
        self.mapping = mapping
        self.point = point

    def name(self, key: str) -> str:
        """``key`` as the file calls it."""
        return _POINT_KEYS.get(key, key) if self.point else key

    def off_control_by(self) -> str | None:
        """A point's ``off_control: by:``, or None when it is not off control."""
        pair = self.mapping.pairs.get("off_control")
        if pair is None or not isinstance(pair[1], Mapping):
            return None
        by = pair[1].pairs.get("by")
        return by[1].value if by is not None and isinstance(by[1], Scalar) else "?"

    def scalar(self, key: str) -> Scalar | None:
        pair = self.mapping.pairs.get(self.name(key))
        if pair is None or not isinstance(pair[1], Scalar) or pair[1].is_null:
            return None
        return pair[1]

    def word(self, key: str) -> str | None:
        scalar = self.scalar(key)
        return scalar.value if scalar else None

    def date_of(self, key: str) -> date | None:
        scalar = self.scalar(key)
        if scalar is None:
            return None
        try:
            return parse_date(scalar.value)
        except DateFormatError:
            raise EditRefused(
                _("its {key!r} value {value!r} is not a date; run `sezctl check`").format(
                    key=self.name(key), value=scalar.value
                )
            ) from None

    def first_reschedule_from(self) -> date | None:
        pair = self.mapping.pairs.get("reschedules")
        if pair is None or not isinstance(pair[1], Sequence) or not pair[1].items:
            return None
        first = pair[1].items[0]
        if not isinstance(first, Mapping) or "from" not in first.pairs:
            return None
        value = first.pairs["from"][1]
        if not isinstance(value, Scalar):
            return None
        try:
            return parse_date(value.value)
        except DateFormatError:
            return None

    def date_text(self, day: date, like_key: str = "due") -> str:
        """``day`` in the notation the item already uses for ``like_key`` (or its due date)."""
        sample = self.scalar(like_key) or self.scalar("due")
        if sample is not None and LOCAL_DATE.fullmatch(sample.value.strip()):
            return format_local(day)
        return day.isoformat()


# -- deciding what to change ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Plan:
    summary: str  # what the edit does, or (without steps) why nothing needs doing; English
    shown: str  # the same in the language of the run
    steps: tuple[_Step, ...]
    note: str | None = None  # what the person should know besides (in the run's language)

    @classmethod
    def said(cls, template: str, steps: tuple[_Step, ...], **args: object) -> _Plan:
        """A plan whose summary is ``template`` (an English message marked with ``N_``) filled
        with ``args`` twice: in English with ISO dates for the commit message, and in the
        language of the run with dates for people."""
        english = {name: _iso(value) for name, value in args.items()}
        for_people = {name: _for_people(value) for name, value in args.items()}
        return cls(template.format(**english), _(template).format(**for_people), steps)


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _for_people(value: object) -> object:
    return format_day(value) if isinstance(value, date) else value


def _plan(ref: str, state: _ItemState, change: Change) -> _Plan:
    status = state.word("status")
    done = state.date_of("done")
    off_by = state.off_control_by()
    effective = status or ("done" if done else "cancelled" if off_by else "planned")
    if off_by is not None and not isinstance(change, TakeOffControl) and effective != "done":
        raise EditRefused(
            _(
                "{ref} was taken off control by {by}; an instruction off control is closed "
                "(to put it back under control, remove its off_control: by hand)"
            ).format(ref=ref, by=off_by)
        )
    if isinstance(change, TakeOffControl):
        return _plan_off_control(ref, state, change, effective, done, off_by)
    if isinstance(change, MarkDone):
        return _plan_done(ref, state, change, effective, done)
    if isinstance(change, MarkStarted):
        return _plan_start(ref, state, change, effective)
    if isinstance(change, MoveDeadline):
        return _plan_reschedule(ref, state, change, effective)
    return _plan_assign(ref, state, change)


def _plan_done(
    ref: str, state: _ItemState, change: MarkDone, effective: str, done: date | None
) -> _Plan:
    if effective == "cancelled":
        raise EditRefused(
            _("{ref} is cancelled; change its status by hand if the work resumed").format(ref=ref)
        )
    if done is not None and done != change.on:
        raise EditRefused(
            _("{ref} is already done on {day}; to correct that date, edit the file").format(
                ref=ref, day=format_day(done)
            )
        )
    steps: list[_Step] = []
    if done is None:
        steps.append(_SetValue(state.name("done"), state.date_text(change.on, "done")))
    evidence = " ".join((change.evidence or "").split())
    if evidence and evidence != state.word("evidence"):
        _require_encodable("--evidence", evidence)
        if bad := find_forbidden_characters(evidence, "--evidence"):
            raise EditRefused(f"--evidence: {localize(bad[0].message)}")
        steps.append(_SetValue("evidence", evidence))
    # A point is executed by its date alone (format.md); a status written on it must follow.
    if state.word("status") != "done" and not (state.point and state.word("status") is None):
        steps.append(_SetValue("status", "done"))
    if not steps:
        return _Plan.said(N_("{ref} is already done on {day}"), (), ref=ref, day=change.on)
    return _Plan.said(N_("done {ref}: {day}"), tuple(steps), ref=ref, day=change.on)


def _plan_start(ref: str, state: _ItemState, change: MarkStarted, effective: str) -> _Plan:
    # One sentence per status (not "already {status}"): the status is a word of the file, and
    # each language says "is done" and "is cancelled" in its own way.
    if effective == "done":
        raise EditRefused(_("{ref} is already done; it cannot start again").format(ref=ref))
    if effective == "cancelled":
        raise EditRefused(_("{ref} is already cancelled; it cannot start again").format(ref=ref))
    if state.point:
        return _plan_start_point(ref, state, change)
    start = state.date_of("start")
    steps: list[_Step] = []
    note = None
    if start is not None and start != change.on and change.move:
        start = change.on
        steps.append(_SetValue("start", state.date_text(change.on, "start")))
    elif start is not None and start != change.on and change.explicit:
        note = _(
            "{ref} already has a start date, {start}, which is kept; to record {day} as its "
            "start instead, run `sezctl start {ref} --on {iso} --move` (to move the deadline "
            "with it: `sezctl reschedule {ref} --to DATE --reason TEXT`)"
        ).format(ref=ref, start=format_day(start), day=format_day(change.on), iso=change.on)
    if start is None:
        start = change.on
        steps.append(_SetValue("start", state.date_text(change.on, "start")))
    if state.word("status") != "in-progress":
        steps.append(_SetValue("status", "in-progress"))
    if not steps:
        plan = _Plan.said(
            N_("{ref} is already in progress (started {day})"), (), ref=ref, day=start
        )
    else:
        plan = _Plan.said(N_("start {ref}: {day}"), tuple(steps), ref=ref, day=start)
    return plan if note is None else _Plan(plan.summary, plan.shown, plan.steps, note)


def _plan_start_point(ref: str, state: _ItemState, change: MarkStarted) -> _Plan:
    """A point has no start date: starting it only sets ``status: in-progress``."""
    if change.move:
        raise EditRefused(
            _("{ref} is a protocol point, which has no start date to move").format(ref=ref)
        )
    if state.word("status") == "in-progress":
        plan = _Plan.said(N_("{ref} is already in progress"), (), ref=ref)
    else:
        steps = (_SetValue("status", "in-progress"),)
        plan = _Plan.said(N_("start {ref}: in progress"), steps, ref=ref)
    if not change.explicit:
        return plan
    note = _(
        "{ref} is a protocol point, which has no start date: --on {day} is not recorded"
    ).format(ref=ref, day=format_day(change.on))
    return _Plan(plan.summary, plan.shown, plan.steps, note)


def _plan_off_control(
    ref: str,
    state: _ItemState,
    change: TakeOffControl,
    effective: str,
    done: date | None,
    off_by: str | None,
) -> _Plan:
    """``off_control: {by, reason}``; a status written on the point becomes ``cancelled``,
    since a point off control is closed without execution."""
    reason = " ".join(change.reason.split())
    if not reason:
        raise EditRefused(
            _("give the reason it is taken off control: --reason TEXT (it is recorded)")
        )
    _require_encodable("--reason", reason)
    if bad := find_forbidden_characters(reason, "--reason"):
        raise EditRefused(f"--reason: {localize(bad[0].message)}")
    if not state.point:
        raise EditRefused(
            _(
                "{ref} is a roadmap item; only a protocol point is taken off control (to drop an "
                "item, set its status: cancelled)"
            ).format(ref=ref)
        )
    if off_by is not None:
        raise EditRefused(_("{ref} is already off control, by {by}").format(ref=ref, by=off_by))
    if effective == "done":
        if done is not None:
            raise EditRefused(
                _(
                    "{ref} is already executed on {day}; an executed instruction stays on record"
                ).format(ref=ref, day=format_day(done))
            )
        raise EditRefused(
            _("{ref} is already executed; an executed instruction stays on record").format(ref=ref)
        )
    if effective == "cancelled":
        raise EditRefused(_("{ref} is cancelled; it is not under control").format(ref=ref))
    steps: list[_Step] = [_SetMapping("off_control", {"by": change.by, "reason": reason})]
    if state.word("status") is not None:
        steps.append(_SetValue("status", "cancelled"))
    return _Plan.said(
        N_("off-control {ref}: by {by} ({reason})"),
        tuple(steps),
        ref=ref,
        by=change.by,
        reason=reason,
    )


def _plan_reschedule(ref: str, state: _ItemState, change: MoveDeadline, effective: str) -> _Plan:
    reason = change.reason.strip()
    decision = (change.ref or "").strip() or None
    if not reason:
        raise EditRefused(_("give the reason for the move: --reason TEXT (it is recorded)"))
    for what, value in (("--reason", reason), ("--ref", decision or "")):
        _require_encodable(what, value)
        if bad := find_forbidden_characters(value, what):
            raise EditRefused(f"{what}: {localize(bad[0].message)}")
    if effective == "done":
        raise EditRefused(_("{ref} is done; a finished item's deadline is history").format(ref=ref))
    if effective == "cancelled":
        raise EditRefused(
            _("{ref} is cancelled; a finished item's deadline is history").format(ref=ref)
        )
    due = state.date_of("due")
    if due is None:
        raise EditRefused(_("{ref} has no due date; run `sezctl check`").format(ref=ref))
    if change.to == due:
        raise EditRefused(
            _("{ref} is already due on {day}; nothing to move").format(ref=ref, day=format_day(due))
        )
    steps: list[_Step] = [_SetValue("due", state.date_text(change.to))]
    start = state.date_of("start")
    new_start = change.start_to if start is not None and change.start_to != start else None
    if new_start is not None:
        if new_start > change.to:
            raise EditRefused(
                _("{ref} would start on {start}, after its new deadline {due}").format(
                    ref=ref, start=format_day(new_start), due=format_day(change.to)
                )
            )
        steps.append(_SetValue("start", state.date_text(new_start, "start")))
    if state.scalar("baseline") is None and not state.point:
        baseline = state.first_reschedule_from() or due
        steps.append(_SetValue("baseline", state.date_text(baseline, "baseline")))
    entry = {
        "from": state.date_text(due),
        "to": state.date_text(change.to),
        "on": state.date_text(change.on),
        "reason": reason,
    }
    if change.decision is not None:
        entry["decision"] = change.decision
    if decision is not None:
        entry["ref"] = decision
    steps.append(_AppendReschedule(entry))
    why = "; ".join(" ".join(part.split()) for part in (reason, change.decision, decision) if part)
    if new_start is not None:
        return _Plan.said(
            N_("reschedule {ref}: {old} -> {new}, start {old_start} -> {new_start} ({why})"),
            tuple(steps),
            ref=ref,
            old=due,
            new=change.to,
            old_start=start,
            new_start=new_start,
            why=why,
        )
    return _Plan.said(
        N_("reschedule {ref}: {old} -> {new} ({why})"),
        tuple(steps),
        ref=ref,
        old=due,
        new=change.to,
        why=why,
    )


def _require_encodable(what: str, value: str) -> None:
    """Refuse text that is not Unicode: bytes a UTF-8 system could not decode reach Python as
    lone surrogates (``$'\\xff'`` becomes ``'\\udcff'``), which no UTF-8 file can hold."""
    bad = [char for char in value if "\ud800" <= char <= "\udfff"]
    if not bad:
        return
    named = [
        f"0x{ord(char) - 0xDC00:02x}" if "\udc80" <= char <= "\udcff" else f"U+{ord(char):04X}"
        for char in dict.fromkeys(bad)
    ]
    shown = ", ".join(named[:4]) + (", ..." if len(named) > 4 else "")
    raise EditRefused(
        _(
            "{option}: the text holds bytes that are not UTF-8 ({bytes}), so it cannot be "
            "written to the file; type it again in a terminal set to UTF-8"
        ).format(option=what, bytes=shown)
    )


def _plan_assign(ref: str, state: _ItemState, change: AssignOwner) -> _Plan:
    current = state.word("owner")
    if current == change.owner:
        return _Plan.said(N_("{ref} is already owned by {owner}"), (), ref=ref, owner=current)
    steps: list[_Step] = [_SetValue("owner", change.owner)]
    reason = " ".join((change.reason or "").split()) or None
    outside = (change.ref or "").strip() or None
    for what, value in (("--reason", reason or ""), ("--ref", outside or "")):
        _require_encodable(what, value)
        if bad := find_forbidden_characters(value, what):
            raise EditRefused(f"{what}: {localize(bad[0].message)}")
    if change.on is not None and current is not None:
        entry = {"from": current, "to": change.owner, "on": state.date_text(change.on)}
        recorded = (("reason", reason), ("decision", change.decision), ("ref", outside))
        entry.update({key: value for key, value in recorded if value is not None})
        steps.append(_AppendReschedule(entry, "reassignments"))
    why = "; ".join(part for part in (reason, change.decision, outside) if part)
    if why:
        return _Plan.said(
            N_("assign {ref}: {old} -> {new} ({why})"),
            tuple(steps),
            ref=ref,
            old=current,
            new=change.owner,
            why=why,
        )
    return _Plan.said(
        N_("assign {ref}: {old} -> {new}"),
        tuple(steps),
        ref=ref,
        old=current,
        new=change.owner,
    )


# -- writing values ------------------------------------------------------------------------------

_PLAIN_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@`")


def _plain_ok(value: str, flow: bool) -> bool:
    """Whether ``value`` reads back as exactly this text when written without quotes."""
    if not value or value != value.strip() or value in NULL_WORDS:
        return False
    if value[0] in _PLAIN_UNSAFE_START or ": " in value or " #" in value or value.endswith(":"):
        return False
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        return False
    return not (flow and any(char in ",[]{}:?#" for char in value))


def _double_quoted(value: str) -> str:
    escaped = []
    for char in value:
        if char in '\\"':
            escaped.append("\\" + char)
        elif char == "\n":
            escaped.append("\\n")
        elif char == "\t":
            escaped.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\x{ord(char):02x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _scalar_text(value: str, flow: bool, like: str | None = None) -> str:
    """``value`` as YAML: in the quoting of ``like`` (the text it replaces), else plain if safe."""
    if like:
        if like[0] in "|>":
            raise EditRefused(
                _("the value is written as a block scalar (| or >); write it on one line first")
            )
        if like[0] == "'" and "\n" not in value:
            return "'" + value.replace("'", "''") + "'"
        if like[0] == '"':
            return _double_quoted(value)
    return value if _plain_ok(value, flow) else _double_quoted(value)


def _flow_mapping(entry: dict[str, str]) -> str:
    return "{" + ", ".join(f"{key}: {_scalar_text(v, True)}" for key, v in entry.items()) + "}"


def _line_end(text: str, position: int) -> int:
    """Where the line holding ``position`` ends (before its CR LF or LF), or the text's end."""
    newline = text.find("\n", position)
    if newline == -1:
        return len(text)
    return newline - 1 if newline > position and text[newline - 1] == "\r" else newline


def _newline(text: str, position: int) -> str:
    """The line break used at ``position`` (or in the file): CR LF files stay CR LF."""
    if text.startswith("\r\n", position):
        return "\r\n"
    if text.startswith("\n", position):
        return "\n"
    return "\r\n" if "\r\n" in text else "\n"


def _content_end(text: str, node: Node) -> int:
    """The offset just after the last character that belongs to ``node``.

    A block collection "ends" where the next token starts, after comments and blank lines, so
    descend to its last value; a block scalar's span includes the blank lines after it.
    """
    while isinstance(node, Mapping | Sequence) and not node.flow:
        children = node.items if isinstance(node, Sequence) else [v for _, v in node.pairs.values()]
        if not children:
            return node.end
        node = children[-1]
    end = node.end
    if isinstance(node, Scalar):
        while end > node.start and text[end - 1] in " \t\r\n":
            end -= 1
    return end


def _skip_nested_comments(text: str, position: int, indent: int) -> int:
    """Move ``position`` (a line end) past the comment lines indented deeper than ``indent``
    that follow: they belong to the value above (``- grid`` / ``# more to come``)."""
    while position < len(text):
        start = text.find("\n", position) + 1
        end = _line_end(text, start)
        line = text[start:end]
        comment = line.lstrip(" ")
        if not (comment.startswith("#") and len(line) - len(comment) > indent):
            return position
        position = end
    return position


def _indent(text: str, offset: int) -> str:
    """The characters between the start of the line and ``offset`` (all spaces when indented)."""
    return text[text.rfind("\n", 0, offset) + 1 : offset]


def _anchor_end(text: str, mapping: Mapping, key: str, order: tuple[str, ...]) -> int:
    """Where the value of the key that should precede ``key`` (in ``order``) ends."""
    before = order[: order.index(key)] if key in order else order
    for candidate in reversed(before):
        if candidate in mapping.pairs:
            return _content_end(text, mapping.pairs[candidate][1])
    return _content_end(text, list(mapping.pairs.values())[-1][1])


def _insert_block_lines(text: str, location: _Location, key: str, lines: list[str]) -> str:
    """Insert ``lines`` (already relative to the item's indentation) after the anchor key."""
    mapping = location.mapping
    first_key = next(iter(mapping.pairs.values()))[0]
    indent = " " * (first_key.column - 1)
    position = _line_end(text, _anchor_end(text, mapping, key, location.order))
    position = _skip_nested_comments(text, position, len(indent))
    newline = _newline(text, position)
    block = "".join(newline + indent + line for line in lines)
    return text[:position] + block + text[position:]


def _insert_flow_pair(text: str, location: _Location, key: str, value: str) -> str:
    position = _anchor_end(text, location.mapping, key, location.order)
    return text[:position] + f", {key}: {value}" + text[position:]


@dataclass(frozen=True, slots=True)
class _SetValue:
    """Set ``key`` to the scalar ``value``: replace it in place, or insert the key."""

    key: str
    value: str

    def apply(self, text: str, location: _Location) -> str:
        mapping = location.mapping
        pair = mapping.pairs.get(self.key)
        if pair is None:
            written = _scalar_text(self.value, mapping.flow)
            if mapping.flow:
                return _insert_flow_pair(text, location, self.key, written)
            return _insert_block_lines(text, location, self.key, [f"{self.key}: {written}"])
        node = pair[1]
        if not isinstance(node, Scalar):
            raise EditRefused(
                _("its {key!r} is a list or mapping, not a single value").format(key=self.key)
            )
        like = None if node.is_null else text[node.start : node.end]
        written = _scalar_text(self.value, mapping.flow, like)
        if node.start == node.end and text[node.start - 1 : node.start] == ":":
            written = " " + written  # `done:` with nothing after the colon
        return text[: node.start] + written + text[node.end :]

    def expect(self, item: dict[str, object]) -> None:
        item[self.key] = self.value


@dataclass(frozen=True, slots=True)
class _AppendReschedule:
    """Append an entry to the item's ``reschedules:`` list (or another record list of the
    item, ``reassignments:``), creating the key if needed."""

    entry: dict[str, str]
    key: str = "reschedules"

    def block_entry(self, dash: str, key_indent: str) -> list[str]:
        lines = []
        for index, (key, value) in enumerate(self.entry.items()):
            lead = dash if index == 0 else key_indent
            lines.append(f"{lead}{key}: {_scalar_text(value, False)}")
        return lines

    def apply(self, text: str, location: _Location) -> str:
        mapping = location.mapping
        flow_entry = _flow_mapping(self.entry)
        pair = mapping.pairs.get(self.key)
        if pair is None:
            if mapping.flow:
                return _insert_flow_pair(text, location, self.key, f"[{flow_entry}]")
            dash = self._nested_dash(text, location)
            lines = [f"{self.key}:", *self.block_entry(dash, " " * len(dash))]
            return _insert_block_lines(text, location, self.key, lines)
        key, node = pair
        if isinstance(node, Scalar) and node.is_null:
            if node.start == node.end and not mapping.flow:
                position = _line_end(text, key.end)
                newline = _newline(text, position)
                dash = " " * (key.column - 1) + self._nested_dash(text, location)
                lines = self.block_entry(dash, " " * len(dash))
                return text[:position] + "".join(newline + line for line in lines) + text[position:]
            prefix = " " if node.start == node.end else ""
            return text[: node.start] + f"{prefix}[{flow_entry}]" + text[node.end :]
        if not isinstance(node, Sequence):
            raise EditRefused(
                _("its {key!r} is not a list; run `sezctl check`").format(key=self.key)
            )
        if node.flow:
            if not node.items:
                return text[: node.start + 1] + flow_entry + text[node.start + 1 :]
            last = node.items[-1]
            end = _content_end(text, last)
            if last.line == node.line:
                return text[:end] + ", " + flow_entry + text[end:]
            newline = _newline(text, _line_end(text, end))
            return text[:end] + "," + newline + " " * (last.column - 1) + flow_entry + text[end:]
        last = node.items[-1]
        position = _line_end(text, _content_end(text, last))
        position = _skip_nested_comments(text, position, node.column - 1)
        newline = _newline(text, position)
        dash = _indent(text, last.start)
        if dash.strip() != "-":  # the entry starts on the line after its dash
            dash = " " * (node.column - 1) + "- "
        if isinstance(last, Mapping) and last.flow:
            lines = [dash + flow_entry]
        else:
            lines = self.block_entry(dash, " " * len(dash))
        return text[:position] + "".join(newline + line for line in lines) + text[position:]

    @staticmethod
    def _nested_dash(text: str, location: _Location) -> str:
        """The ``- `` prefix of a list nested in the item, styled like the item's own list:
        the same indentation of the dash under its key, and the same gap after it."""
        sequence, key = location.sequence, location.sequence_key
        offset = max(sequence.column - key.column, 0)
        own_line = _indent(text, location.mapping.start)
        gap = len(own_line) - (sequence.column - 1) - 1 if own_line.strip() == "-" else 1
        return " " * offset + "-" + " " * max(gap, 1)

    def expect(self, item: dict[str, object]) -> None:
        entries = item.get(self.key)
        item[self.key] = [*(entries if isinstance(entries, list) else []), dict(self.entry)]


@dataclass(frozen=True, slots=True)
class _SetMapping:
    """Write ``key`` as a mapping of scalars (a point's ``off_control: {by, reason}``): a new
    key gets a block mapping (a flow ``{...}`` in a flow item), an empty one gets the flow form."""

    key: str
    entry: dict[str, str]

    def apply(self, text: str, location: _Location) -> str:
        mapping = location.mapping
        flow_entry = _flow_mapping(self.entry)
        pair = mapping.pairs.get(self.key)
        if pair is None:
            if mapping.flow:
                return _insert_flow_pair(text, location, self.key, flow_entry)
            # Nested keys two spaces in, as the format's examples and `sezctl init` write them.
            lines = [f"{self.key}:"]
            lines += [f"  {key}: {_scalar_text(value, False)}" for key, value in self.entry.items()]
            return _insert_block_lines(text, location, self.key, lines)
        node = pair[1]
        if not (isinstance(node, Scalar) and node.is_null):
            raise EditRefused(
                _("its {key!r} is already written; edit the file by hand").format(key=self.key)
            )
        prefix = " " if node.start == node.end else ""
        return text[: node.start] + prefix + flow_entry + text[node.end :]

    def expect(self, item: dict[str, object]) -> None:
        item[self.key] = dict(self.entry)


_Step = _SetValue | _AppendReschedule | _SetMapping


# -- checking the result -------------------------------------------------------------------------


def _navigate(data: object, path: tuple[str | int, ...]) -> object:
    for step in path:
        data = data[step]  # type: ignore[index]
    return data


def _verify(new_text: str, expected: object, location: _Location) -> None:
    root, problems = parse_yaml(new_text, "<edit>")
    if problems or root is None or node_to_json(root) != expected:
        if location.mapping.flow:
            raise EditRefused(
                _(
                    "sezctl cannot make this edit safely in a flow mapping {...}; nothing was "
                    "changed. Edit the file by hand (or rewrite the item in block style) and run "
                    "`sezctl check`"
                )
            )
        raise EditRefused(
            _(
                "sezctl cannot make this edit safely in this layout; nothing was changed. Edit "
                "the file by hand (or rewrite the item in block style) and run `sezctl check`"
            )
        )


# -- the decision behind a change ---------------------------------------------------------------


def resolve_decision(
    portfolio: Portfolio, written: str, on: date, option: str = "--decision"
) -> str:
    """``--decision``: the protocol point ``protocol-<date>/<point>`` that decided a change made
    on ``on``, checked against the loaded protocols: the protocol and its point exist, and the
    protocol is dated on or before ``on`` (a decision comes before what it allows).  Returns
    the reference as it is recorded; raises :class:`EditRefused` saying what is wrong, naming
    the option the reference was given with (``--by`` for ``off-control``)."""
    from sezctl.source.convert import Invalid, convert_protocol_point

    target = convert_protocol_point(written.strip())
    if isinstance(target, Invalid):
        raise EditRefused(
            _(
                "{option} {decision!r} is not a protocol point; write it as "
                "protocol-YYYY-MM-DD/N, e.g. protocol-2026-11-26/2"
            ).format(option=option, decision=written)
        )
    group, point = target
    reference = f"{group}/{point}"
    protocols = {roadmap.id: roadmap for roadmap in portfolio.roadmaps if roadmap.protocol}
    protocol = protocols.get(group)
    if protocol is None:
        known = ", ".join(sorted(protocols)) or "-"
        raise EditRefused(
            _(
                "{option} {decision}: there is no protocol {protocol} in the roadmaps "
                "(protocols: {known}); record the meeting's protocol first (docs/format.md)"
            ).format(option=option, decision=reference, protocol=group, known=known)
        )
    points = [item for item in protocol.stages if item.origin is not None]
    if all(item.id != point for item in points):
        raise EditRefused(
            _(
                "{option} {decision}: protocol No. {number} has no point {point} (its "
                "points: {points})"
            ).format(
                option=option,
                decision=reference,
                number=protocol.protocol,
                point=point,
                points=", ".join(item.id for item in points) or "-",
            )
        )
    dated = points[0].origin.date if points and points[0].origin else None
    if dated is not None and dated > on:
        raise EditRefused(
            _(
                "{option} {decision}: protocol No. {number} is dated {dated}, after the change "
                "({on}); a decision comes before what it allows (give the change's date with --on)"
            ).format(
                option=option,
                decision=reference,
                number=protocol.protocol,
                dated=format_day(dated),
                on=format_day(on),
            )
        )
    return reference


def resolve_off_control(
    portfolio: Portfolio, point: Item, written: str, on: date, today: date
) -> str:
    """``off-control --by``: the protocol point that takes ``point`` off control on ``on``.

    Besides what :func:`resolve_decision` checks (the protocol and its point exist, dated on or
    before ``on``), only a later meeting's decision takes a point off control: the deciding
    protocol must be dated after the point's own (the ``off-control-date`` check), and ``on``
    may not be after ``today``.  Returns the reference to record; raises :class:`EditRefused`.
    """
    if point.origin is None:
        raise EditRefused(
            _(
                "{ref} is a roadmap item; only a protocol point is taken off control (to drop an "
                "item, set its status: cancelled)"
            ).format(ref=point.ref)
        )
    if on > today:
        raise EditRefused(
            _("--on {on} is after today ({today}); record a decision once it is taken").format(
                on=format_day(on), today=format_day(today)
            )
        )
    reference = resolve_decision(portfolio, written, on, "--by")
    decider = portfolio.items_by_ref[reference]
    assert decider.origin is not None
    if decider.origin.date <= point.origin.date:
        raise EditRefused(
            _(
                "--by {decision}: protocol No. {number} of {decided} is not later than the "
                "point's own protocol No. {own} of {dated}; only a later meeting's decision takes "
                "an instruction off control"
            ).format(
                decision=reference,
                number=decider.origin.number,
                decided=format_day(decider.origin.date),
                own=point.origin.number,
                dated=format_day(point.origin.date),
            )
        )
    return reference
