"""The file format, declared once: which keys exist, which are required, what kind each is.

The loader validates against these tables, the documentation lists them, and the JSON Schema
for editors is generated from them, so the three cannot drift apart.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

import enum
import re
from typing import NamedTuple


class Kind(enum.Enum):
    """What a value must look like."""

    TEXT = "text"
    ID = "id"
    OWNER = "owner id"
    DATE = "date"
    STATUS = "status"
    REFERENCES = "list of item references"
    ITEMS = "list of items"
    RESCHEDULES = "list of reschedules"
    REASSIGNMENTS = "list of reassignments"
    OWNERS = "mapping of owner ids to owners"
    POINTS = "list of protocol points"
    POINT = "point number"
    OFF_CONTROL = "off-control decision"
    PROTOCOL_POINT = "protocol point reference"


class Field(NamedTuple):
    """One key of a mapping in a roadmap file."""

    kind: Kind
    required: bool
    description: str


ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""Lowercase ASCII slugs: ``power-grid``, ``stage-2``.  Ids appear in URLs, git and shells."""

REFERENCE_PATTERN = re.compile(rf"(?:({ID_PATTERN.pattern})/)?({ID_PATTERN.pattern})")

STATUS_VALUES = ("planned", "in-progress", "blocked", "done", "cancelled")

ROOT_FIELDS: dict[str, Field] = {
    "owners": Field(Kind.OWNERS, False, "Registry of responsible persons; ids are global."),
    "roadmap": Field(Kind.ID, False, "The roadmap id (required when the file has stages)."),
    "title": Field(Kind.TEXT, False, "The roadmap title (required with `roadmap`)."),
    "owner": Field(Kind.OWNER, False, "Who is accountable for the whole roadmap."),
    "approved": Field(Kind.DATE, False, "The date the plan was approved."),
    "stages": Field(Kind.ITEMS, False, "The stages (required with `roadmap`, non-empty)."),
}

ROADMAP_REQUIRED = ("roadmap", "title", "stages")

OWNER_FIELDS: dict[str, Field] = {
    "name": Field(Kind.TEXT, True, "Full name of the person or body."),
    "role": Field(Kind.TEXT, False, "Position or role."),
    "org": Field(Kind.TEXT, False, "Organisation."),
    "email": Field(Kind.TEXT, False, "E-mail address."),
    "phone": Field(Kind.TEXT, False, "Phone number."),
}

ITEM_FIELDS: dict[str, Field] = {
    "id": Field(Kind.ID, True, "Unique within the roadmap at every level."),
    "title": Field(Kind.TEXT, True, "What has to be achieved."),
    "owner": Field(Kind.OWNER, True, "The responsible person (an id from `owners:`)."),
    "start": Field(Kind.DATE, False, "Planned or actual start."),
    "due": Field(Kind.DATE, True, "The deadline."),
    "baseline": Field(Kind.DATE, False, "The originally approved deadline."),
    "done": Field(Kind.DATE, False, "Actual completion date."),
    "evidence": Field(Kind.TEXT, False, "What proves it was done: «акт № 12 от 20.11.2026»."),
    "status": Field(Kind.STATUS, False, "planned, in-progress, blocked, done or cancelled."),
    "depends_on": Field(Kind.REFERENCES, False, "Items that must finish first."),
    "note": Field(Kind.TEXT, False, "Free text."),
    "reschedules": Field(Kind.RESCHEDULES, False, "Each move of the deadline, oldest first."),
    "reassignments": Field(Kind.REASSIGNMENTS, False, "Each change of owner, oldest first."),
    "tasks": Field(Kind.ITEMS, False, "Nested items with the same keys, any depth."),
}

RESCHEDULE_FIELDS: dict[str, Field] = {
    "from": Field(Kind.DATE, True, "The deadline before this move."),
    "to": Field(Kind.DATE, True, "The deadline after this move."),
    "on": Field(Kind.DATE, True, "The date the move was decided or recorded."),
    "reason": Field(Kind.TEXT, True, "Why the deadline moved."),
    "decision": Field(
        Kind.PROTOCOL_POINT,
        False,
        "The HQ protocol point that decided it: protocol-<date>/<point>.",
    ),
    "ref": Field(Kind.TEXT, False, "A decision outside the HQ: an order's or a letter's number."),
}
"""Keys of one ``reschedules:`` entry.  Entries chain: each ``from`` is the previous ``to``, and
the last ``to`` is the item's ``due`` (the ``reschedule-chain`` check)."""

REASSIGNMENT_FIELDS: dict[str, Field] = {
    "from": Field(Kind.OWNER, True, "The owner before this change."),
    "to": Field(Kind.OWNER, True, "The owner after this change."),
    "on": Field(Kind.DATE, True, "The date the change was decided or recorded."),
    "reason": Field(Kind.TEXT, False, "Why the owner changed."),
    "decision": Field(
        Kind.PROTOCOL_POINT,
        False,
        "The HQ protocol point that decided it: protocol-<date>/<point>.",
    ),
    "ref": Field(Kind.TEXT, False, "A decision outside the HQ: an order's or a letter's number."),
}
"""Keys of one ``reassignments:`` entry, written by ``sezctl assign``."""

# -- protocols ----------------------------------------------------------------------------------

PROTOCOL_FIELDS: dict[str, Field] = {
    "protocol": Field(Kind.TEXT, True, 'The protocol\'s number as written on it, e.g. "12".'),
    "date": Field(Kind.DATE, True, "The date of the meeting; names the protocol."),
    "title": Field(Kind.TEXT, False, "What the meeting was, e.g. the headquarters' meeting."),
    "chair": Field(Kind.OWNER, True, "Who chaired the meeting (an id from `owners:`)."),
    "points": Field(Kind.POINTS, True, "The numbered instructions, at least one."),
}
"""Keys of a protocol file (``roadmaps/protocols/<date>.yaml``): a file with a top-level
``protocol:`` key is a protocol, loaded as the group ``protocol-<date>`` whose items are its
points (``protocol-2026-11-26/3``)."""

PROTOCOL_PREFIX = "protocol-"
"""A protocol's group id is this prefix and its date: ``protocol-2026-11-26``."""

POINT_PATTERN = re.compile(r"[1-9][0-9]{0,3}")
"""A point number: 1, 2, ... 9999, written as on the protocol."""

POINT_FIELDS: dict[str, Field] = {
    "point": Field(Kind.POINT, True, "The point's number in the protocol: 1, 2, 3 ..."),
    "text": Field(Kind.TEXT, True, "The instruction, as the protocol words it."),
    "owner": Field(Kind.OWNER, True, "The responsible body (an id from `owners:`)."),
    "due": Field(Kind.DATE, True, "The deadline set by the protocol."),
    "items": Field(Kind.REFERENCES, False, "Roadmap items it acts on: roadmap-id/item-id."),
    "status": Field(Kind.STATUS, False, "planned, in-progress, blocked, done or cancelled."),
    "executed": Field(Kind.DATE, False, "The date it was executed (the point is done)."),
    "evidence": Field(Kind.TEXT, False, "What proves it: «акт № 45», a letter's number."),
    "off_control": Field(Kind.OFF_CONTROL, False, "The later decision that took it off control."),
    "note": Field(Kind.TEXT, False, "Free text."),
    "reschedules": Field(Kind.RESCHEDULES, False, "Each move of the deadline, by a decision."),
    "reassignments": Field(Kind.REASSIGNMENTS, False, "Each change of the responsible body."),
}

OFF_CONTROL_FIELDS: dict[str, Field] = {
    "by": Field(Kind.PROTOCOL_POINT, True, "The point that decided it: protocol-<date>/<point>."),
    "reason": Field(Kind.TEXT, True, "Why it was taken off control."),
}
