"""The roadmap model: owners, roadmaps and items, each carrying where it was written.

Objects are built only by :mod:`sezctl.source.loader` from validated YAML; everything downstream
(checks, schedule maths, reports) reads them and never re-parses a file.  Every object keeps a
:class:`Position` for itself and for each of its keys, so any later finding can point at the line.

Records that never change once loaded are named tuples (``typing.NamedTuple``): every run
defines these classes at start-up, and on Python 3.11 a frozen dataclass costs about ten times as
much to define (docs/performance.md).  `Item` and `Portfolio` are plain classes with
``__slots__``: items compare by identity (they are keys of the forecast's tables) and the loader
fills both in.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

import enum
from datetime import date
from typing import NamedTuple

from sezctl.core.i18n import N_


class Status(enum.Enum):
    """The life cycle of an item, as written in the ``status:`` key."""

    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    BLOCKED = "blocked"
    DONE = "done"
    CANCELLED = "cancelled"


_DONE, _CANCELLED = Status.DONE, Status.CANCELLED  # an enum member lookup costs ~90 ns

# What each status means, in words for people: the catalog entries a table shows for it, and a
# message names next to the value as the file writes it (``in-progress (в работе)``).
STATUS_WORDS = {
    Status.PLANNED: N_("planned"),
    Status.IN_PROGRESS: N_("in-progress"),
    Status.BLOCKED: N_("blocked"),
    Status.DONE: N_("done"),
    Status.CANCELLED: N_("cancelled"),
}


class Position(NamedTuple):
    """Where something was written: a file and a 1-based line and column."""

    path: str
    line: int
    column: int


class Owner(NamedTuple):
    """A responsible person or body from an ``owners:`` registry."""

    id: str
    name: str
    position: Position
    role: str | None = None
    org: str | None = None
    email: str | None = None
    phone: str | None = None


class Reference(NamedTuple):
    """A ``depends_on`` entry, resolved to a full ``roadmap/item`` reference."""

    roadmap: str
    item: str
    position: Position

    @property
    def ref(self) -> str:
        return f"{self.roadmap}/{self.item}"


class Reschedule(NamedTuple):
    """One recorded move of an item's deadline: an entry of the item's ``reschedules:`` list.

    ``from_date`` is the YAML key ``from`` (a Python keyword).
    """

    from_date: date
    to: date
    on: date
    reason: str
    position: Position
    key_positions: dict[str, Position]
    ref: str | None = None
    decision: str | None = None  # protocol-<date>/<point>

    def where(self, key: str) -> Position:
        return self.key_positions.get(key, self.position)


class Reassignment(NamedTuple):
    """One recorded change of an item's owner: an entry of the item's ``reassignments:``."""

    from_owner: str
    to: str
    on: date
    position: Position
    key_positions: dict[str, Position]
    reason: str | None = None
    ref: str | None = None
    decision: str | None = None  # protocol-<date>/<point>

    def where(self, key: str) -> Position:
        return self.key_positions.get(key, self.position)


class OffControl(NamedTuple):
    """A point's ``off_control:``: the later protocol point that took it off control, and why."""

    by: Reference  # protocol-<date>/<point>
    reason: str
    position: Position


class ProtocolOrigin(NamedTuple):
    """Where a protocol point comes from, and what only a point has: the protocol's number
    and date, the point's number, the roadmap items it acts on (``items:``), the evidence of
    its execution and the decision that took it off control."""

    number: str
    date: date
    point: str
    acts_on: tuple[Reference, ...] = ()
    evidence: str | None = None
    off_control: OffControl | None = None


class Item:
    """A stage or a task (at any depth) of a roadmap.  Items compare by identity: the forecast
    and the checks key tables by item.  (A plain class: a dataclass of 17 fields costs 0.6 ms
    to define at every start.)"""

    __slots__ = (
        "baseline", "depends_on", "done", "due", "evidence", "id", "key_positions", "note",
        "origin", "owner", "parent", "position", "reassignments", "ref", "reschedules",
        "roadmap", "start", "status", "tasks", "title",
    )  # fmt: skip

    def __init__(
        self,
        roadmap: str,
        id: str,
        title: str,
        owner: str,
        due: date,
        position: Position,
        key_positions: dict[str, tuple[int, int]],
        start: date | None = None,
        baseline: date | None = None,
        done: date | None = None,
        status: Status | None = None,
        depends_on: tuple[Reference, ...] = (),
        note: str | None = None,
        tasks: "list[Item] | None" = None,
        parent: "Item | None" = None,
        reschedules: tuple[Reschedule, ...] = (),
        origin: ProtocolOrigin | None = None,
        reassignments: tuple[Reassignment, ...] = (),
        evidence: str | None = None,
    ) -> None:
        self.roadmap = roadmap
        self.id = id
        # The full reference ``roadmap-id/item-id`` used across roadmaps and on the CLI: made
        # once, as reports and checks ask for it tens of thousands of times in a 10k portfolio.
        self.ref = f"{roadmap}/{id}"
        self.title = title
        self.owner = owner
        self.due = due
        self.position = position
        # (line, column) of each key; a Position is made only when a finding needs one.
        self.key_positions = key_positions
        self.start = start
        self.baseline = baseline
        self.done = done
        self.status = status
        self.depends_on = depends_on
        self.note = note
        self.tasks: list[Item] = [] if tasks is None else tasks
        self.parent = parent
        self.reschedules = reschedules  # oldest first
        self.origin = origin  # set on the points of a protocol, None on roadmap items
        self.reassignments = reassignments  # oldest first
        self.evidence = evidence  # what proves it was done

    def __repr__(self) -> str:
        return f"Item({self.ref!r}, due={self.due.isoformat()})"

    @property
    def effective_status(self) -> Status:
        """The written status; without one, ``done`` if a done date is given, else ``planned``."""
        if self.status is not None:
            return self.status
        return Status.DONE if self.done is not None else Status.PLANNED

    @property
    def is_open(self) -> bool:
        """Open means neither done nor cancelled (:attr:`effective_status`, written out: this
        is asked of every item by every report)."""
        status = self.status
        if status is None:
            return self.done is None
        return status is not _DONE and status is not _CANCELLED

    def where(self, key: str) -> Position:
        """The position of one of the item's keys, or of the item itself if the key is absent."""
        found = self.key_positions.get(key)
        if found is None:
            return self.position
        return Position(self.position.path, found[0], found[1])


class Roadmap(NamedTuple):
    """One roadmap file's plan: its stages (with nested tasks) and metadata."""

    id: str
    title: str
    position: Position
    key_positions: dict[str, Position]
    stages: list[Item]
    owner: str | None = None
    approved: date | None = None
    protocol: str | None = None  # a protocol's number: the group is a protocol, owner its chair

    def where(self, key: str) -> Position:
        return self.key_positions.get(key, self.position)


class Portfolio:
    """Everything loaded from a roadmaps folder, filled in by the loader.

    Duplicates are kept (``owner_definitions``, ``roadmaps``) so that checks can report them;
    the lookup tables keep the first definition.
    """

    __slots__ = ("files", "items", "items_by_ref", "owner_definitions", "owners", "roadmaps")

    def __init__(self, files: list[str] | None = None) -> None:
        self.roadmaps: list[Roadmap] = []
        self.owner_definitions: list[Owner] = []
        self.items: list[Item] = []
        self.owners: dict[str, Owner] = {}
        self.items_by_ref: dict[str, Item] = {}
        self.files: list[str] = [] if files is None else files

    def add_owner(self, owner: Owner) -> None:
        self.owner_definitions.append(owner)
        self.owners.setdefault(owner.id, owner)

    def add_roadmap(self, roadmap: Roadmap) -> None:
        self.roadmaps.append(roadmap)
        pending = list(reversed(roadmap.stages))
        while pending:  # depth-first, file order, no recursion
            item = pending.pop()
            self.items.append(item)
            self.items_by_ref.setdefault(item.ref, item)
            pending.extend(reversed(item.tasks))

    def owner_name(self, owner_id: str) -> str | None:
        owner = self.owners.get(owner_id)
        return owner.name if owner else None
