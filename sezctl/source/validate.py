"""Loading, step 1 of 3: does a file's YAML node tree have the shape the format declares?

The format is declared once, in :mod:`sezctl.source.fileformat`: the keys of each mapping, which
are required, and the kind of value each holds.  A :class:`Validator` holds a file's node tree
against those tables and records each mismatch as a located problem in the file's
:class:`ProblemLog`:

* the top level is not a mapping, or the file is empty;
* a key the format does not define (with a "did you mean"), a required key that is missing;
* a value of the wrong shape: a list or a mapping where a single value belongs, something else
  where a list or a mapping belongs;
* a required value that is empty.

It decides nothing about what a single value means -- whether ``due`` is a real date, ``status``
a known status -- that is :mod:`sezctl.source.convert`, step 2; :mod:`sezctl.source.build`
(step 3) makes the model objects and asks both as it walks the tree.  Each method returns the
node in the shape asked for, or ``None`` (or no entries) once the mismatch is recorded, so the
caller goes on with the rest of the file.
"""

from collections.abc import Collection
from typing import NamedTuple

from sezctl.core.i18n import N_, M, Message
from sezctl.core.problems import Problem
from sezctl.source.fileformat import (
    ITEM_FIELDS,
    OFF_CONTROL_FIELDS,
    POINT_FIELDS,
    REASSIGNMENT_FIELDS,
    RESCHEDULE_FIELDS,
    ROADMAP_REQUIRED,
    ROOT_FIELDS,
    Field,
    Kind,
)
from sezctl.source.suggestions import suggest
from sezctl.source.yaml_nodes import Mapping, Node, Scalar, Sequence


def listed(keys: Collection[str]) -> str:
    """``a, b and c``: keys as a message names them (the "and" in the language of the run)."""
    *rest, last = keys
    # TRANSLATORS: a list of file keys, "id, title, owner and due": {keys} is "id, title, owner".
    return M("{keys} and {last}", keys=", ".join(rest), last=last) if rest else last


def required_keys(fields: dict[str, Field]) -> tuple[str, ...]:
    """The keys of a table that every mapping of that kind must have, in the table's order."""
    return tuple(key for key, field in fields.items() if field.required)


ROADMAP_ONLY_KEYS = tuple(
    key for key in ROOT_FIELDS if key != "owners" and key not in ROADMAP_REQUIRED
)
"""Top-level keys that describe a roadmap, but do not by themselves make a file hold one."""

# What the messages say a mapping must hold: taken from the tables, so they never disagree.
_ITEM_KEYS = listed(required_keys(ITEM_FIELDS))
_RESCHEDULE_KEYS = listed(required_keys(RESCHEDULE_FIELDS))
_REASSIGNMENT_KEYS = listed(required_keys(REASSIGNMENT_FIELDS))
_POINT_KEYS = listed(required_keys(POINT_FIELDS))
_OFF_CONTROL_KEYS = listed(required_keys(OFF_CONTROL_FIELDS))


class Where(NamedTuple):
    """The kind of mapping :meth:`Validator.keys` checks, as its two messages name it: each
    sentence is whole in the catalog, so a translation can put the place in the right case."""

    unknown: str  # {key!r}, {hint}, {allowed}, and the Where's own arguments
    missing: str  # {key!r}, and the Where's own arguments


IN_FILE = Where(
    N_("unknown key {key!r} in the file{hint}; allowed keys: {allowed}."),
    N_("the file has no {key!r} key (required)."),
)
IN_OWNER = Where(  # with {owner}, the owner id
    N_("unknown key {key!r} in owner {owner!r}{hint}; allowed keys: {allowed}."),
    N_("owner {owner!r} has no {key!r} key (required)."),
)
IN_ITEM = Where(
    N_("unknown key {key!r} in this item{hint}; allowed keys: {allowed}."),
    N_("this item has no {key!r} key (required)."),
)
IN_RESCHEDULE = Where(
    N_("unknown key {key!r} in this reschedules entry{hint}; allowed keys: {allowed}."),
    N_("this reschedules entry has no {key!r} key (required)."),
)
IN_REASSIGNMENT = Where(
    N_("unknown key {key!r} in this reassignments entry{hint}; allowed keys: {allowed}."),
    N_("this reassignments entry has no {key!r} key (required)."),
)

IN_PROTOCOL = Where(
    N_("unknown key {key!r} in the protocol{hint}; allowed keys: {allowed}."),
    N_("the protocol has no {key!r} key (required)."),
)
IN_POINT = Where(
    N_("unknown key {key!r} in this protocol point{hint}; allowed keys: {allowed}."),
    N_("this protocol point has no {key!r} key (required)."),
)
IN_OFF_CONTROL = Where(
    N_("unknown key {key!r} in this off_control{hint}; allowed keys: {allowed}."),
    N_("this off_control has no {key!r} key (required)."),
)


_TEXT = Kind.TEXT  # a module global is found faster than the enum's attribute, in a hot path


class ProblemLog:
    """The problems found in one file, each located at the node it is about.

    Counting them (``len``) tells a caller whether the part it just read was clean.
    """

    __slots__ = ("path", "problems")

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def __len__(self) -> int:
        return len(self.problems)

    def add(self, node: Node, code: str, message: Message) -> None:
        self.problems.append(Problem(self.path, node.line, node.column, code, message))


class Validator:
    """Checks the shape of one file's nodes against :mod:`~sezctl.source.fileformat`."""

    __slots__ = ("log",)

    def __init__(self, log: ProblemLog) -> None:
        self.log = log

    # -- the file ------------------------------------------------------------------------------

    def root(self, root: Node | None) -> Mapping | None:
        """The top-level mapping; a problem for an empty file or any other kind of root."""
        if root is None:
            self.log.problems.append(
                Problem(
                    self.log.path,
                    1,
                    1,
                    "empty-file",
                    M("the file is empty: it needs `owners:` or a `roadmap:` with `stages:`."),
                )
            )
            return None
        if not isinstance(root, Mapping):
            self.log.add(
                root,
                "root-not-mapping",
                M(
                    "the top level must be a mapping of keys (owners, roadmap, title, stages, "
                    "...), not a list or a single value."
                ),
            )
            return None
        return root

    def holds_roadmap(self, root: Mapping) -> bool:
        """Whether the file holds a roadmap (any of :data:`ROADMAP_REQUIRED` is present).  If so,
        each of those keys that is missing is a problem; if not, the file must hold owners, and
        a roadmap-only key such as ``owner`` is reported rather than silently ignored."""
        pairs = root.pairs
        if not any(key in pairs for key in ROADMAP_REQUIRED):
            if "owners" not in pairs:
                self.log.add(
                    root,
                    "missing-key",
                    M("the file has neither 'owners' nor 'roadmap': nothing to load."),
                )
                return False
            for key in ROADMAP_ONLY_KEYS:
                if key in pairs:
                    self.log.add(
                        pairs[key][0],
                        "missing-key",
                        M(
                            "{key!r} belongs to a roadmap, but this file has no 'roadmap': add "
                            "roadmap, title and stages, or remove the key.",
                            key=key,
                        ),
                    )
            return False
        for key in ROADMAP_REQUIRED:
            if key not in pairs:
                self.log.add(
                    root, "missing-key", M("the roadmap has no {key!r} key (required).", key=key)
                )
        return True

    # -- keys and single values ----------------------------------------------------------------

    def keys(self, mapping: Mapping, fields: dict[str, Field], where: Where, **names: str) -> None:
        """Report unknown keys (with a suggestion) and missing required keys (at the mapping);
        ``where`` says what the mapping is, with ``names`` (the owner id) for its messages."""
        pairs = mapping.pairs
        if not pairs.keys() <= fields.keys():  # the usual case is decided in C
            for key, (key_node, _) in pairs.items():
                if key not in fields:
                    self.log.add(
                        key_node,
                        "unknown-key",
                        M(
                            where.unknown,
                            key=key,
                            hint=suggest(key, fields),
                            allowed=", ".join(fields),
                            **names,
                        ),
                    )
        for key, field in fields.items():
            if field.required and key not in pairs:
                self.log.add(mapping, "missing-key", M(where.missing, key=key, **names))

    def single_value(self, node: Node, key: str, kind: Kind, required: bool) -> Scalar | None:
        """The scalar of a single-value key, or None when it is not one or is empty (``~``,
        ``null``, nothing; for text, only blanks), which is a problem when it is required."""
        if not isinstance(node, Scalar):
            message = (
                M("{key!r} must be a single value, not a list.", key=key)
                if isinstance(node, Sequence)
                else M("{key!r} must be a single value, not a mapping.", key=key)
            )
            self.log.add(node, "wrong-type", message)
            return None
        if node.is_null or (required and kind is _TEXT and not node.value.strip()):
            if required:
                self.log.add(node, "empty-value", M("{key!r} is empty; give it a value.", key=key))
            return None
        return node

    # -- owners --------------------------------------------------------------------------------

    def owners(self, node: Node) -> Mapping | None:
        """The ``owners:`` registry, a mapping of owner ids to owners."""
        if not isinstance(node, Mapping):
            self.log.add(
                node,
                "wrong-type",
                M("'owners' must be a mapping of owner ids to their details (name, role, ...)."),
            )
            return None
        return node

    def owner(self, node: Node, owner_id: str) -> Mapping | None:
        """One owner's details."""
        if not isinstance(node, Mapping):
            self.log.add(
                node,
                "wrong-type",
                M("owner {owner!r} must be a mapping with at least a 'name'.", owner=owner_id),
            )
            return None
        return node

    # -- items ---------------------------------------------------------------------------------

    def stages(self, node: Node) -> list[Node]:
        """The entries of a roadmap's ``stages:``, which must not be empty."""
        if isinstance(node, Sequence) and not node.items:
            self.log.add(node, "empty-value", M("'stages' is empty; list at least one stage."))
        return self.items(node, "stages")

    def tasks(self, node: Node) -> list[Node]:
        """The entries of an item's ``tasks:``; none when it is empty (``~``, ``null``)."""
        if isinstance(node, Scalar) and node.is_null:
            return []
        return self.items(node, "tasks")

    def items(self, node: Node, key: str) -> list[Node]:
        """The entries of a list of items (``stages:`` or ``tasks:``)."""
        if not isinstance(node, Sequence):
            self.log.add(
                node,
                "wrong-type",
                M("{key!r} must be a list of items, each starting with '- id:'.", key=key),
            )
            return []
        return node.items

    def item(self, node: Node) -> Mapping | None:
        """One stage or task."""
        if not isinstance(node, Mapping):
            self.log.add(
                node,
                "wrong-type",
                M("each stage or task must be a mapping with {keys}.", keys=_ITEM_KEYS),
            )
            return None
        return node

    # -- an item's lists -----------------------------------------------------------------------

    def depends_on(self, node: Node | None) -> list[Scalar]:
        """The entries of an item's ``depends_on:``, each a single value (not yet known to be
        a reference: that is conversion)."""
        entries = []
        for entry in self._optional_list(
            node, M("'depends_on' must be a list, e.g. [power-grid] or [other-roadmap/item-id].")
        ):
            if not isinstance(entry, Scalar) or entry.is_null:
                self.log.add(entry, "wrong-type", M("each depends_on entry must be an item id."))
                continue
            entries.append(entry)
        return entries

    def reschedules(self, node: Node | None) -> list[Mapping]:
        """The entries of an item's ``reschedules:``, each a mapping."""
        entries = []
        for entry in self._optional_list(
            node,
            M("'reschedules' must be a list of entries, each with {keys}.", keys=_RESCHEDULE_KEYS),
        ):
            if not isinstance(entry, Mapping):
                self.log.add(
                    entry,
                    "wrong-type",
                    M(
                        "each reschedules entry must be a mapping with {keys}.",
                        keys=_RESCHEDULE_KEYS,
                    ),
                )
                continue
            entries.append(entry)
        return entries

    def reassignments(self, node: Node | None) -> list[Mapping]:
        """The entries of an item's ``reassignments:``, each a mapping."""
        entries = []
        for entry in self._optional_list(
            node,
            M(
                "'reassignments' must be a list of entries, each with {keys}.",
                keys=_REASSIGNMENT_KEYS,
            ),
        ):
            if not isinstance(entry, Mapping):
                self.log.add(
                    entry,
                    "wrong-type",
                    M(
                        "each reassignments entry must be a mapping with {keys}.",
                        keys=_REASSIGNMENT_KEYS,
                    ),
                )
                continue
            entries.append(entry)
        return entries

    def _optional_list(self, node: Node | None, message: Message) -> list[Node]:
        """The entries of an optional list key: none when the key is absent or empty (``~``,
        ``null``), none and a wrong-type problem saying ``message`` when it is not a list."""
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return []
        if not isinstance(node, Sequence):
            self.log.add(node, "wrong-type", message)
            return []
        return node.items

    # -- protocols -----------------------------------------------------------------------------

    def points(self, node: Node) -> list[Node]:
        """The entries of a protocol's ``points:``, which must be a non-empty list."""
        if not isinstance(node, Sequence):
            self.log.add(
                node,
                "wrong-type",
                M("'points' must be a list of points, each starting with '- point:'."),
            )
            return []
        if not node.items:
            self.log.add(node, "empty-value", M("'points' is empty; list at least one point."))
        return node.items

    def point(self, node: Node) -> Mapping | None:
        """One point of a protocol."""
        if not isinstance(node, Mapping):
            self.log.add(
                node,
                "wrong-type",
                M("each protocol point must be a mapping with {keys}.", keys=_POINT_KEYS),
            )
            return None
        return node

    def off_control(self, node: Node) -> Mapping | None:
        """A point's ``off_control:``, a mapping."""
        if not isinstance(node, Mapping):
            self.log.add(
                node,
                "wrong-type",
                M("'off_control' must be a mapping with {keys}.", keys=_OFF_CONTROL_KEYS),
            )
            return None
        return node

    def acts_on(self, node: Node | None) -> list[Scalar]:
        """The entries of a point's ``items:``, each a single value."""
        entries = []
        for entry in self._optional_list(
            node, M("'items' must be a list of roadmap items, e.g. [power-grid/design].")
        ):
            if not isinstance(entry, Scalar) or entry.is_null:
                self.log.add(
                    entry, "wrong-type", M("each entry of 'items' must be roadmap-id/item-id.")
                )
                continue
            entries.append(entry)
        return entries
