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

from sezctl.core.problems import Problem
from sezctl.source.fileformat import (
    ITEM_FIELDS,
    RESCHEDULE_FIELDS,
    ROADMAP_REQUIRED,
    ROOT_FIELDS,
    Field,
    Kind,
)
from sezctl.source.suggestions import suggest
from sezctl.source.yaml_nodes import Mapping, Node, Scalar, Sequence


def listed(keys: Collection[str]) -> str:
    """``a, b and c``: keys as a message names them."""
    *rest, last = keys
    return f"{', '.join(rest)} and {last}" if rest else last


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

    def add(self, node: Node, code: str, message: str) -> None:
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
                    "the file is empty: it needs `owners:` or a `roadmap:` with `stages:`.",
                )
            )
            return None
        if not isinstance(root, Mapping):
            self.log.add(
                root,
                "root-not-mapping",
                "the top level must be a mapping of keys (owners, roadmap, title, stages, ...), "
                "not a list or a single value.",
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
                    "the file has neither 'owners' nor 'roadmap': nothing to load.",
                )
                return False
            for key in ROADMAP_ONLY_KEYS:
                if key in pairs:
                    self.log.add(
                        pairs[key][0],
                        "missing-key",
                        f"{key!r} belongs to a roadmap, but this file has no 'roadmap': "
                        "add roadmap, title and stages, or remove the key.",
                    )
            return False
        for key in ROADMAP_REQUIRED:
            if key not in pairs:
                self.log.add(root, "missing-key", f"the roadmap has no {key!r} key (required).")
        return True

    # -- keys and single values ----------------------------------------------------------------

    def keys(self, mapping: Mapping, fields: dict[str, Field], what: str) -> None:
        """Report unknown keys (with a suggestion) and missing required keys (at the mapping)."""
        pairs = mapping.pairs
        if not pairs.keys() <= fields.keys():  # the usual case is decided in C
            for key, (key_node, _) in pairs.items():
                if key not in fields:
                    self.log.add(
                        key_node,
                        "unknown-key",
                        f"unknown key {key!r} in {what}{suggest(key, fields)}; "
                        f"allowed keys: {', '.join(fields)}.",
                    )
        for key, field in fields.items():
            if field.required and key not in pairs:
                self.log.add(mapping, "missing-key", f"{what} has no {key!r} key (required).")

    def single_value(self, node: Node, key: str, kind: Kind, required: bool) -> Scalar | None:
        """The scalar of a single-value key, or None when it is not one or is empty (``~``,
        ``null``, nothing; for text, only blanks), which is a problem when it is required."""
        if not isinstance(node, Scalar):
            shape = "a list" if isinstance(node, Sequence) else "a mapping"
            self.log.add(node, "wrong-type", f"{key!r} must be a single value, not {shape}.")
            return None
        if node.is_null or (required and kind is _TEXT and not node.value.strip()):
            if required:
                self.log.add(node, "empty-value", f"{key!r} is empty; give it a value.")
            return None
        return node

    # -- owners --------------------------------------------------------------------------------

    def owners(self, node: Node) -> Mapping | None:
        """The ``owners:`` registry, a mapping of owner ids to owners."""
        if not isinstance(node, Mapping):
            self.log.add(
                node,
                "wrong-type",
                "'owners' must be a mapping of owner ids to their details (name, role, ...).",
            )
            return None
        return node

    def owner(self, node: Node, owner_id: str) -> Mapping | None:
        """One owner's details."""
        if not isinstance(node, Mapping):
            self.log.add(
                node, "wrong-type", f"owner {owner_id!r} must be a mapping with at least a 'name'."
            )
            return None
        return node

    # -- items ---------------------------------------------------------------------------------

    def stages(self, node: Node) -> list[Node]:
        """The entries of a roadmap's ``stages:``, which must not be empty."""
        if isinstance(node, Sequence) and not node.items:
            self.log.add(node, "empty-value", "'stages' is empty; list at least one stage.")
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
                node, "wrong-type", f"{key!r} must be a list of items, each starting with '- id:'."
            )
            return []
        return node.items

    def item(self, node: Node) -> Mapping | None:
        """One stage or task."""
        if not isinstance(node, Mapping):
            self.log.add(
                node,
                "wrong-type",
                f"each stage or task must be a mapping with {_ITEM_KEYS}.",
            )
            return None
        return node

    # -- an item's lists -----------------------------------------------------------------------

    def depends_on(self, node: Node | None) -> list[Scalar]:
        """The entries of an item's ``depends_on:``, each a single value (not yet known to be
        a reference: that is conversion)."""
        entries = []
        for entry in self._optional_list(
            node, "'depends_on' must be a list, e.g. [power-grid] or [other-roadmap/item-id]."
        ):
            if not isinstance(entry, Scalar) or entry.is_null:
                self.log.add(entry, "wrong-type", "each depends_on entry must be an item id.")
                continue
            entries.append(entry)
        return entries

    def reschedules(self, node: Node | None) -> list[Mapping]:
        """The entries of an item's ``reschedules:``, each a mapping."""
        entries = []
        for entry in self._optional_list(
            node, f"'reschedules' must be a list of entries, each with {_RESCHEDULE_KEYS}."
        ):
            if not isinstance(entry, Mapping):
                self.log.add(
                    entry,
                    "wrong-type",
                    f"each reschedules entry must be a mapping with {_RESCHEDULE_KEYS}.",
                )
                continue
            entries.append(entry)
        return entries

    def _optional_list(self, node: Node | None, message: str) -> list[Node]:
        """The entries of an optional list key: none when the key is absent or empty (``~``,
        ``null``), none and a wrong-type problem saying ``message`` when it is not a list."""
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return []
        if not isinstance(node, Sequence):
            self.log.add(node, "wrong-type", message)
            return []
        return node.items
