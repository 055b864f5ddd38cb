"""Loading, step 3 of 3: one file's node tree -> model objects (:mod:`sezctl.core.model`), each
with the position it was written at.

A :class:`ModelBuilder` walks the tree top-down: the owners registry, then the roadmap and its
items at any depth, each item's ``depends_on`` and ``reschedules``.  At each mapping it asks
:class:`~sezctl.source.validate.Validator` whether the shape is right and
:func:`~sezctl.source.convert.convert_values` for the typed values, and builds the object only
when that part of the file is clean; otherwise the problems say why, and the rest of the file
is still read, so one mistake never hides another.

The rules for what a mistake leaves out:

* an item with any problem of its own (not of its tasks) is left out, and its tasks with it; its
  ``roadmap/id`` and theirs go to ``broken_refs``, so the checks do not also call them unknown;
* an owner with any problem is left out and its id goes to ``broken_owners`` (an id written with
  a look-alike Cyrillic letter goes there as the Latin id it was meant to be);
* a ``reschedules`` or ``depends_on`` entry with a problem makes its item invalid;
* the roadmap itself is kept whenever its id and title are valid, whatever its items hold; when
  its title is not, its items' ids go to ``broken_refs``.

What cannot be read at all -- an ``owners:`` that is not a mapping, a roadmap without a valid
id, a ``stages:`` or ``tasks:`` that is not a list, an item that is not a mapping or has no
valid id -- defines things nobody can name.  Each is an :class:`UnreadSource`: the checks do
not report the owners and references that it might have defined as unknown, but say once that
they could not be checked, and why (``unchecked-references``).
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

from datetime import date
from typing import NamedTuple

from sezctl.core.model import (
    Item,
    OffControl,
    Owner,
    Portfolio,
    Position,
    ProtocolOrigin,
    Reassignment,
    Reference,
    Reschedule,
    Roadmap,
    Status,
)
from sezctl.core.problems import Problem
from sezctl.source.convert import (
    Invalid,
    convert_item_reference,
    convert_owner_id,
    convert_point_number,
    convert_protocol_point,
    convert_reference,
    convert_values,
    single_value_fields,
)
from sezctl.source.fileformat import (
    ID_PATTERN,
    ITEM_FIELDS,
    OFF_CONTROL_FIELDS,
    OWNER_FIELDS,
    POINT_FIELDS,
    PROTOCOL_FIELDS,
    PROTOCOL_PREFIX,
    REASSIGNMENT_FIELDS,
    RESCHEDULE_FIELDS,
    ROADMAP_REQUIRED,
    ROOT_FIELDS,
    Field,
)
from sezctl.source.suggestions import fold_lookalikes
from sezctl.source.validate import (
    IN_FILE,
    IN_ITEM,
    IN_OFF_CONTROL,
    IN_OWNER,
    IN_POINT,
    IN_PROTOCOL,
    IN_REASSIGNMENT,
    IN_RESCHEDULE,
    ProblemLog,
    Validator,
)
from sezctl.source.yaml_nodes import Mapping, Node, Scalar, Sequence

# What an UnreadSource was: a whole file, or one part of a file that was read.
FILE = "file"
OWNERS = "owners"
ROADMAP = "roadmap"
ITEMS = "items"


class UnreadSource(NamedTuple):
    """A file, or a part of one, that could not be read, so that what it defines is unknown.

    ``cause`` is the error that says why (the first one, for a whole file); ``part`` is
    :data:`FILE`, :data:`OWNERS` (an ``owners:`` registry), :data:`ROADMAP` (a roadmap without a
    valid id) or :data:`ITEMS` (a list of items, or an item without a valid id).  ``roadmaps``
    holds the ids of the roadmaps whose items it may define (None: any roadmap, as far as anyone
    can tell); ``owners`` says whether it may define owners.
    """

    cause: Problem
    part: str
    roadmaps: frozenset[str] | None
    owners: bool


# The keys of each table that hold a single value, which convert_values converts.
ROOT_VALUES = single_value_fields(ROOT_FIELDS)
OWNER_VALUES = single_value_fields(OWNER_FIELDS)
ITEM_VALUES = single_value_fields(ITEM_FIELDS)
RESCHEDULE_VALUES = single_value_fields(RESCHEDULE_FIELDS)
REASSIGNMENT_VALUES = single_value_fields(REASSIGNMENT_FIELDS)
PROTOCOL_VALUES = single_value_fields(PROTOCOL_FIELDS)
POINT_VALUES = single_value_fields(POINT_FIELDS)
OFF_CONTROL_VALUES = single_value_fields(OFF_CONTROL_FIELDS)
# A point's keys under the item keys they stand for, so that every item check points at them.
_POINT_KEY_AS_ITEM_KEY = {"point": "id", "text": "title", "executed": "done"}


def value_of(mapping: Mapping, key: str) -> Node | None:
    """The value node of ``key``, or None when the key is absent."""
    pair = mapping.pairs.get(key)
    return pair[1] if pair is not None else None


class ModelBuilder:
    """Builds one file's owners and roadmap into a portfolio, recording problems on the way."""

    __slots__ = (
        "broken_owners",
        "broken_refs",
        "log",
        "path",
        "portfolio",
        "unread",
        "validator",
    )

    def __init__(
        self,
        path: str,
        portfolio: Portfolio,
        broken_refs: set[str],
        broken_owners: set[str],
        unread: list[UnreadSource] | None = None,
    ) -> None:
        self.path = path
        self.portfolio = portfolio
        self.broken_refs = broken_refs
        self.broken_owners = broken_owners
        self.unread: list[UnreadSource] = [] if unread is None else unread
        self.log = ProblemLog(path)
        self.validator = Validator(self.log)

    @property
    def problems(self) -> list[Problem]:
        """Every problem found in the file so far, in the order found."""
        return self.log.problems

    def at(self, node: Node) -> Position:
        return Position(self.path, node.line, node.column)

    def could_not_read(
        self, node: Node, part: str, roadmaps: frozenset[str] | None, owners: bool = False
    ) -> None:
        """Record that ``part`` of the file, at ``node``, could not be read: its cause is the
        problem just logged at that node (or, failing that, the last one logged)."""
        problems = self.log.problems
        cause = next(
            (p for p in problems if (p.line, p.column) == (node.line, node.column)), problems[-1]
        )
        self.unread.append(UnreadSource(cause, part, roadmaps, owners))

    def mark_broken(self, items: list[Item]) -> None:
        """Items that were read but cannot be loaded (their roadmap or their parent could not
        be), with their tasks at every depth: they exist, they are just not in the model."""
        pending = list(items)
        while pending:
            item = pending.pop()
            self.broken_refs.add(item.ref)
            pending.extend(item.tasks)

    # -- the file ------------------------------------------------------------------------------

    def build_file(self, root: Node | None) -> None:
        """The file's owners and roadmap, whichever it holds."""
        mapping = self.validator.root(root)
        if mapping is None:
            if root is not None:  # a list or a single value: what it means is anyone's guess
                self.could_not_read(root, FILE, None, owners=True)
            return
        if "protocol" in mapping.pairs:
            self.build_protocol(mapping)
            return
        self.validator.keys(mapping, ROOT_FIELDS, IN_FILE)
        owners = value_of(mapping, "owners")
        if owners is not None:
            self.build_owners(owners)
        if self.validator.holds_roadmap(mapping):
            self.build_roadmap(mapping)

    def build_owners(self, node: Node) -> None:
        owners = self.validator.owners(node)
        if owners is None:
            self.could_not_read(node, OWNERS, frozenset(), owners=True)
            return
        log = self.log
        for owner_id, (key, value) in owners.pairs.items():
            checked_id = convert_owner_id(owner_id)
            if isinstance(checked_id, Invalid):
                log.add(key, checked_id.code, checked_id.message)
                meant = fold_lookalikes(owner_id)
                if ID_PATTERN.fullmatch(meant):  # 'аitymbetov' with a Cyrillic 'а'
                    self.broken_owners.add(meant)
                continue
            details = self.validator.owner(value, owner_id)
            if details is None:
                self.broken_owners.add(owner_id)
                continue
            before = len(log)
            self.validator.keys(details, OWNER_FIELDS, IN_OWNER, owner=owner_id)
            texts = convert_values(self.validator, details, OWNER_VALUES).texts
            name = texts.get("name")
            if name is None or len(log) > before:
                self.broken_owners.add(owner_id)
                continue
            self.portfolio.add_owner(
                Owner(
                    id=owner_id,
                    name=name,
                    position=self.at(key),
                    role=texts.get("role"),
                    org=texts.get("org"),
                    email=texts.get("email"),
                    phone=texts.get("phone"),
                )
            )

    def build_roadmap(self, root: Mapping) -> None:
        values = convert_values(self.validator, root, ROOT_VALUES, required=ROADMAP_REQUIRED)
        roadmap_id, title = values.texts.get("roadmap"), values.texts.get("title")
        if roadmap_id is None:  # missing or not an id: its items cannot be named...
            written = value_of(root, "roadmap")
            meant = fold_lookalikes(written.value) if isinstance(written, Scalar) else ""
            # ...unless it is an id written with a look-alike letter: then we know which one
            roadmaps = frozenset({meant}) if ID_PATTERN.fullmatch(meant) else None
            self.could_not_read(written or root, ROADMAP, roadmaps)
        stages_node = value_of(root, "stages")
        stages = (
            self.build_items(self.item_list(stages_node, roadmap_id), roadmap_id or "", None)
            if stages_node is not None
            else []
        )
        if roadmap_id is None or title is None:
            self.mark_broken(stages)
            return
        self.portfolio.add_roadmap(
            Roadmap(
                id=roadmap_id,
                title=title,
                position=self.at(root),
                key_positions={k: self.at(key) for k, (key, _) in root.pairs.items()},
                stages=stages,
                owner=values.texts.get("owner"),
                approved=values.dates.get("approved"),
            )
        )

    # -- items ---------------------------------------------------------------------------------

    def item_list(self, node: Node, roadmap_id: str | None, tasks: bool = False) -> list[Node]:
        """The entries of ``stages:`` (or ``tasks:``); one that is not a list could not be read."""
        before = len(self.log)
        entries = self.validator.tasks(node) if tasks else self.validator.stages(node)
        if not isinstance(node, Sequence) and len(self.log) > before and roadmap_id:
            self.could_not_read(node, ITEMS, frozenset({roadmap_id}))
        return entries

    def build_items(self, entries: list[Node], roadmap_id: str, parent: Item | None) -> list[Item]:
        items = []
        for entry in entries:
            item = self.build_item(entry, roadmap_id, parent)
            if item is not None:
                items.append(item)
        return items

    def build_item(self, node: Node, roadmap_id: str, parent: Item | None) -> Item | None:
        """One stage or task and, below it, its tasks."""
        validator, log = self.validator, self.log
        mapping = validator.item(node)
        if mapping is None:
            if roadmap_id:
                self.could_not_read(node, ITEMS, frozenset({roadmap_id}))
            return None
        before = len(log)
        validator.keys(mapping, ITEM_FIELDS, IN_ITEM)
        values = convert_values(validator, mapping, ITEM_VALUES)
        depends_on = self.build_references(value_of(mapping, "depends_on"), roadmap_id)
        reschedules = self.build_reschedules(value_of(mapping, "reschedules"))
        reassignments = self.build_reassignments(value_of(mapping, "reassignments"))
        texts, dates = values.texts, values.dates
        item_id, title, owner = texts.get("id"), texts.get("title"), texts.get("owner")
        due = dates.get("due")
        item = None
        # Clean means the required keys are there and valid; the None tests only say so to mypy.
        if (
            len(log) == before
            and roadmap_id
            and item_id is not None
            and title is not None
            and owner is not None
            and due is not None
        ):
            item = Item(
                roadmap=roadmap_id,
                id=item_id,
                title=title,
                owner=owner,
                due=due,
                position=self.at(mapping),
                key_positions={k: (n.line, n.column) for k, (n, _) in mapping.pairs.items()},
                start=dates.get("start"),
                baseline=dates.get("baseline"),
                done=dates.get("done"),
                status=values.statuses.get("status"),
                depends_on=depends_on,
                reschedules=reschedules,
                note=texts.get("note"),
                parent=parent,
                reassignments=reassignments,
                evidence=texts.get("evidence"),
            )
        elif roadmap_id:
            self.item_left_out(mapping, roadmap_id, item_id)
        tasks_node = value_of(mapping, "tasks")
        if tasks_node is not None:
            tasks = self.build_items(self.item_list(tasks_node, roadmap_id, True), roadmap_id, item)
            if item is not None:
                item.tasks = tasks
            else:
                self.mark_broken(tasks)
        return item

    def item_left_out(self, mapping: Mapping, roadmap_id: str, item_id: str | None) -> None:
        """An item with a problem: its reference is broken, not unknown.  Without a valid id
        it cannot be named, unless the id is a valid one written with look-alike letters."""
        if item_id is None:
            written = value_of(mapping, "id")
            text = fold_lookalikes(written.value) if isinstance(written, Scalar) else ""
            if not ID_PATTERN.fullmatch(text):
                self.could_not_read(written or mapping, ITEMS, frozenset({roadmap_id}))
                return
            item_id = text
        self.broken_refs.add(f"{roadmap_id}/{item_id}")

    def build_references(self, node: Node | None, roadmap_id: str) -> tuple[Reference, ...]:
        """An item's ``depends_on`` entries, resolved to ``roadmap/item``."""
        if node is None:  # most items
            return ()
        references = []
        for entry in self.validator.depends_on(node):
            target = convert_reference(entry.value, roadmap_id)
            if isinstance(target, Invalid):
                self.log.add(entry, target.code, target.message)
                continue
            references.append(Reference(target[0], target[1], self.at(entry)))
        return tuple(references)

    def build_reschedules(self, node: Node | None) -> tuple[Reschedule, ...]:
        """An item's ``reschedules`` entries; each needs from, to, on and reason (ref optional)."""
        if node is None:  # most items
            return ()
        validator, log = self.validator, self.log
        entries = []
        for entry in validator.reschedules(node):
            before = len(log)
            validator.keys(entry, RESCHEDULE_FIELDS, IN_RESCHEDULE)
            values = convert_values(validator, entry, RESCHEDULE_VALUES)
            texts, dates = values.texts, values.dates
            moved_from, moved_to, on = dates.get("from"), dates.get("to"), dates.get("on")
            reason = texts.get("reason")
            decision = self.build_decision(entry, RESCHEDULE_FIELDS)
            if (
                len(log) > before
                or moved_from is None
                or moved_to is None
                or on is None
                or reason is None
            ):
                continue
            entries.append(
                Reschedule(
                    from_date=moved_from,
                    to=moved_to,
                    on=on,
                    reason=reason,
                    position=self.at(entry),
                    key_positions={k: self.at(key) for k, (key, _) in entry.pairs.items()},
                    ref=texts.get("ref"),
                    decision=decision,
                )
            )
        return tuple(entries)

    def build_reassignments(self, node: Node | None) -> tuple[Reassignment, ...]:
        """An item's ``reassignments`` entries; each needs from, to and on."""
        if node is None:  # most items
            return ()
        validator, log = self.validator, self.log
        entries = []
        for entry in validator.reassignments(node):
            before = len(log)
            validator.keys(entry, REASSIGNMENT_FIELDS, IN_REASSIGNMENT)
            values = convert_values(validator, entry, REASSIGNMENT_VALUES)
            texts, on = values.texts, values.dates.get("on")
            decision = self.build_decision(entry, REASSIGNMENT_FIELDS)
            old, new = texts.get("from"), texts.get("to")
            if len(log) > before or old is None or new is None or on is None:
                continue
            entries.append(
                Reassignment(
                    from_owner=old,
                    to=new,
                    on=on,
                    position=self.at(entry),
                    key_positions={k: self.at(key) for k, (key, _) in entry.pairs.items()},
                    reason=texts.get("reason"),
                    ref=texts.get("ref"),
                    decision=decision,
                )
            )
        return tuple(entries)

    def build_decision(self, entry: Mapping, fields: dict[str, Field]) -> str | None:
        """An entry's ``decision:`` (``protocol-<date>/<point>``), or None when absent or
        wrong (a problem says so).  Whether that protocol point exists is the
        ``unknown-decision`` check's to say, once every file is loaded."""
        node = value_of(entry, "decision")
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return None
        scalar = self.validator.single_value(node, "decision", fields["decision"].kind, False)
        if scalar is None:
            return None
        target = convert_protocol_point(scalar.value)
        if isinstance(target, Invalid):
            self.log.add(scalar, target.code, target.message)
            return None
        return f"{target[0]}/{target[1]}"

    # -- protocols -----------------------------------------------------------------------------

    def build_protocol(self, root: Mapping) -> None:
        """A protocol file: a group ``protocol-<date>`` whose items are its points.

        The group is kept when its date is valid (the date names it) whatever its points hold;
        a point with any problem is left out and its reference goes to ``broken_refs``.
        """
        validator = self.validator
        validator.keys(root, PROTOCOL_FIELDS, IN_PROTOCOL)
        values = convert_values(validator, root, PROTOCOL_VALUES)
        number, day = values.texts.get("protocol"), values.dates.get("date")
        group = f"{PROTOCOL_PREFIX}{day.isoformat()}" if day is not None else None
        if group is None:
            self.could_not_read(value_of(root, "date") or root, ROADMAP, frozenset())
        points_node = value_of(root, "points")
        entries = validator.points(points_node) if points_node is not None else []
        points = []
        for entry in entries:
            point = self.build_point(entry, group, number, day)
            if point is not None:
                points.append(point)
        if group is None or number is None or day is None:
            self.mark_broken(points)
            return
        self.portfolio.add_roadmap(
            Roadmap(
                id=group,
                title=values.texts.get("title") or f"№ {number}",
                position=self.at(root),
                key_positions={k: self.at(key) for k, (key, _) in root.pairs.items()},
                stages=points,
                owner=values.texts.get("chair"),
                approved=day,
                protocol=number,
            )
        )

    def build_point(
        self, node: Node, group: str | None, number: str | None, day: date | None
    ) -> Item | None:
        """One point of a protocol, as an item of the group ``group``."""
        validator, log = self.validator, self.log
        mapping = validator.point(node)
        if mapping is None:
            if group:
                self.could_not_read(node, ITEMS, frozenset({group}))
            return None
        before = len(log)
        validator.keys(mapping, POINT_FIELDS, IN_POINT)
        values = convert_values(validator, mapping, POINT_VALUES)
        point_id = self.point_number(value_of(mapping, "point"))
        acts_on = self.build_acts_on(value_of(mapping, "items"))
        off_control = self.build_off_control(value_of(mapping, "off_control"))
        reschedules = self.build_reschedules(value_of(mapping, "reschedules"))
        reassignments = self.build_reassignments(value_of(mapping, "reassignments"))
        texts, dates = values.texts, values.dates
        text, owner, due = texts.get("text"), texts.get("owner"), dates.get("due")
        if (
            len(log) > before
            or group is None
            or number is None
            or point_id is None
            or text is None
            or owner is None
            or due is None
            or day is None
        ):
            if group is not None and point_id is not None:
                self.broken_refs.add(f"{group}/{point_id}")
            return None
        status = values.statuses.get("status")
        if status is None and off_control is not None:
            status = Status.CANCELLED  # taken off control: closed without execution
        return Item(
            roadmap=group,
            id=point_id,
            title=text,
            owner=owner,
            due=due,
            position=self.at(mapping),
            key_positions={
                _POINT_KEY_AS_ITEM_KEY.get(k, k): (n.line, n.column)
                for k, (n, _) in mapping.pairs.items()
            },
            done=dates.get("executed"),
            status=status,
            note=texts.get("note"),
            reschedules=reschedules,
            reassignments=reassignments,
            origin=ProtocolOrigin(
                number=number,
                date=day,
                point=point_id,
                acts_on=acts_on,
                evidence=texts.get("evidence"),
                off_control=off_control,
            ),
        )

    def point_number(self, node: Node | None) -> str | None:
        """A point's ``point:`` number, or None (with a problem when it is written wrong)."""
        if node is None:
            return None  # missing: Validator.keys reported it
        scalar = self.validator.single_value(node, "point", POINT_FIELDS["point"].kind, True)
        if scalar is None:
            return None
        number = convert_point_number(scalar.value)
        if isinstance(number, Invalid):
            self.log.add(scalar, number.code, number.message)
            return None
        return number

    def build_acts_on(self, node: Node | None) -> tuple[Reference, ...]:
        """A point's ``items:``: the roadmap items it acts on, each named in full."""
        if node is None:
            return ()
        references = []
        for entry in self.validator.acts_on(node):
            target = convert_item_reference(entry.value)
            if isinstance(target, Invalid):
                self.log.add(entry, target.code, target.message)
                continue
            references.append(Reference(target[0], target[1], self.at(entry)))
        return tuple(references)

    def build_off_control(self, node: Node | None) -> OffControl | None:
        """A point's ``off_control:`` (by, reason), or None when absent or wrong."""
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return None
        mapping = self.validator.off_control(node)
        if mapping is None:
            return None
        before = len(self.log)
        self.validator.keys(mapping, OFF_CONTROL_FIELDS, IN_OFF_CONTROL)
        reason = convert_values(self.validator, mapping, OFF_CONTROL_VALUES).texts.get("reason")
        by_node = value_of(mapping, "by")
        by = None
        if by_node is not None:
            scalar = self.validator.single_value(by_node, "by", OFF_CONTROL_FIELDS["by"].kind, True)
            if scalar is not None:
                target = convert_protocol_point(scalar.value)
                if isinstance(target, Invalid):
                    self.log.add(scalar, target.code, target.message)
                else:
                    by = Reference(target[0], target[1], self.at(scalar))
        if len(self.log) > before or by is None or reason is None:
            return None
        return OffControl(by=by, reason=reason, position=self.at(mapping))
