"""The roadmap model: owners, roadmaps and items, each carrying where it was written.

Objects are built only by :mod:`sezctl.loader` from validated YAML; everything downstream
(checks, schedule maths, reports) reads them and never re-parses a file.  Every object keeps a
:class:`Position` for itself and for each of its keys, so any later finding can point at the line.

Records that never change once loaded are named tuples (``typing.NamedTuple``): every run
defines these classes at start-up, and on Python 3.11 a frozen dataclass costs about ten times as
much to define (docs/performance.md).  `Item` and `Portfolio` stay dataclasses: items compare by
identity (they are keys of the forecast's tables) and the loader fills both in.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple


class Status(enum.Enum):
    """The life cycle of an item, as written in the ``status:`` key."""

    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    BLOCKED = "blocked"
    DONE = "done"
    CANCELLED = "cancelled"


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

    def where(self, key: str) -> Position:
        return self.key_positions.get(key, self.position)


@dataclass(slots=True, eq=False)
class Item:
    """A stage or a task (at any depth) of a roadmap."""

    roadmap: str
    id: str
    title: str
    owner: str
    due: date
    position: Position
    # (line, column) of each key; a Position is made only when a finding needs one.
    key_positions: dict[str, tuple[int, int]]
    start: date | None = None
    baseline: date | None = None
    done: date | None = None
    status: Status | None = None
    depends_on: tuple[Reference, ...] = ()
    note: str | None = None
    tasks: "list[Item]" = field(default_factory=list)
    parent: "Item | None" = None
    reschedules: tuple[Reschedule, ...] = ()  # oldest first

    @property
    def ref(self) -> str:
        """The full reference ``roadmap-id/item-id`` used across roadmaps and on the CLI."""
        return f"{self.roadmap}/{self.id}"

    @property
    def effective_status(self) -> Status:
        """The written status; without one, ``done`` if a done date is given, else ``planned``."""
        if self.status is not None:
            return self.status
        return Status.DONE if self.done is not None else Status.PLANNED

    @property
    def is_open(self) -> bool:
        """Open means neither done nor cancelled."""
        return self.effective_status not in (Status.DONE, Status.CANCELLED)

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

    def where(self, key: str) -> Position:
        return self.key_positions.get(key, self.position)


@dataclass(slots=True)
class Portfolio:
    """Everything loaded from a roadmaps folder.

    Duplicates are kept (``owner_definitions``, ``roadmaps``) so that checks can report them;
    the lookup tables keep the first definition.
    """

    roadmaps: list[Roadmap] = field(default_factory=list)
    owner_definitions: list[Owner] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    owners: dict[str, Owner] = field(default_factory=dict)
    items_by_ref: dict[str, Item] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

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
