"""Roadmap files -> :class:`~sezctl.core.model.Portfolio` plus problems.  Never raises on user data.

``load_roadmaps`` reads each file, parses it with :mod:`sezctl.source.yaml_nodes`, validates it
against the tables in :mod:`sezctl.source.fileformat`, and builds model objects with a position on
everything. A file that cannot be read or parsed contributes problems and nothing else; the other
files are still loaded, so one bad file never hides the problems of the rest.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

import os
import stat
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import NamedTuple

from sezctl.core.dates import DateFormatError, parse_date
from sezctl.core.model import (
    Item,
    Owner,
    Portfolio,
    Position,
    Reference,
    Reschedule,
    Roadmap,
    Status,
)
from sezctl.core.problems import Problem, SezctlError
from sezctl.source.fileformat import (
    ID_PATTERN,
    ITEM_FIELDS,
    OWNER_FIELDS,
    REFERENCE_PATTERN,
    RESCHEDULE_FIELDS,
    ROADMAP_REQUIRED,
    ROOT_FIELDS,
    STATUS_VALUES,
    Field,
    Kind,
)
from sezctl.source.suggestions import (
    MAX_SUGGESTION_COMPARISONS,
    SUGGESTION_CUTOFF,
    Suggester,
    suggest,
)
from sezctl.source.yaml_nodes import (
    MAX_FILE_BYTES,
    Mapping,
    Node,
    Scalar,
    Sequence,
    decode_source,
    parse_yaml,
)

__all__ = [  # the "did you mean" helpers lived here first, and are still imported from here
    "MAX_SUGGESTION_COMPARISONS",
    "ROADMAP_SUFFIXES",
    "SUGGESTION_CUTOFF",
    "LoadResult",
    "Suggester",
    "display_path",
    "list_roadmap_files",
    "load_roadmaps",
    "load_text",
    "quote_file_name",
    "read_roadmap_bytes",
    "suggest",
]

ROADMAP_SUFFIXES = (".yaml", ".yml")


class LoadResult(NamedTuple):
    """What loading produced: the model, every problem found, and ids seen in broken entries.

    ``broken_refs`` and ``broken_owners`` hold ids of items and owners that were written but
    could not be loaded because of a schema problem; checks use them to avoid reporting a
    second, confusing "unknown item" for something that exists but is malformed.
    """

    portfolio: Portfolio
    problems: list[Problem]
    broken_refs: set[str]
    broken_owners: set[str]


def list_roadmap_files(paths: Iterable[Path]) -> list[Path]:
    """Expand files and folders into the sorted list of roadmap files to load.

    Folders are searched recursively for ``*.yaml`` / ``*.yml`` files, skipping hidden folders.
    A path given explicitly is loaded whatever its name.  A missing path is an environment error.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for folder, subfolders, names in os.walk(path):
                subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
                found.extend(
                    Path(folder, name)
                    for name in sorted(names)
                    if name.endswith(ROADMAP_SUFFIXES) and not name.startswith(".")
                )
        elif path.exists():
            found.append(path)
        else:
            raise SezctlError(f"{path}: no such file or folder")
    return sorted(dict.fromkeys(found))


def display_path(path: Path) -> str:
    """The path as shown in messages: as given when relative, else relative to the working
    folder when below it, else absolute; quoted by :func:`quote_file_name` when needed."""
    if not path.is_absolute():
        return quote_file_name(path.as_posix())
    try:
        return quote_file_name(path.relative_to(Path.cwd()).as_posix())
    except ValueError:
        return quote_file_name(path.as_posix())


_NAME_ESCAPES = {
    "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f",
    "\r": "\\r", '"': '\\"', "\\": "\\\\",
}  # fmt: skip


def quote_file_name(name: str) -> str:
    """A file name safe to print anywhere (a terminal, a CI log, JSON, SARIF), as git quotes
    names: unchanged when every character is printable and there is no ``"`` or ``\\``;
    otherwise in double quotes with C escapes, ``\\xHH`` for an ASCII control character or a
    byte that is not UTF-8, and ``\\uHHHH`` for any other character that does not print.

    A name is data from the repository: a line feed in it would start a new line of output
    (on GitHub, a new workflow command), an escape sequence would drive the terminal, and a
    byte that is not UTF-8 cannot be written as text at all.  Quoting is one to one, so two
    files never show under the same name.
    """
    if name.isprintable() and '"' not in name and "\\" not in name:
        return name  # the usual case, tested in C
    escaped = []
    for char in name:
        if char in _NAME_ESCAPES:
            escaped.append(_NAME_ESCAPES[char])
        elif char.isprintable():
            escaped.append(char)
        elif "\udc80" <= char <= "\udcff":  # a byte that was not UTF-8 (surrogateescape)
            escaped.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif ord(char) < 0x80:  # an ASCII control: one byte, never confused with the above
            escaped.append(f"\\x{ord(char):02x}")
        else:
            escaped.append(f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}")
    return '"' + "".join(escaped) + '"'


def load_roadmaps(paths: Iterable[Path], overrides: dict[Path, bytes] | None = None) -> LoadResult:
    """Load every file into one portfolio.  User mistakes become problems, never exceptions.

    ``overrides`` gives the content to use instead of what is on disk for some of the paths:
    an editing command checks the whole folder with its edited file before writing it.
    """
    portfolio = Portfolio()
    problems: list[Problem] = []
    broken_refs: set[str] = set()
    broken_owners: set[str] = set()
    for path in paths:
        shown = display_path(path)
        portfolio.files.append(shown)
        if overrides and path in overrides:
            data: bytes | None = overrides[path]
        else:
            data, file_problems = read_roadmap_bytes(path, shown)
            problems.extend(file_problems)
        if data is None:
            continue
        reader = _FileReader(shown, portfolio, broken_refs, broken_owners)
        reader.read(data)
        problems.extend(reader.problems)
    problems.sort()
    return LoadResult(portfolio, problems, broken_refs, broken_owners)


_FILE_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}
# Opening never waits: a FIFO opened without O_NONBLOCK blocks until someone writes to it.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def read_roadmap_bytes(path: Path, shown: str) -> tuple[bytes | None, list[Problem]]:
    """A roadmap file's bytes, or ``None`` and the problem that explains why not.

    The file's size and kind are checked before anything is read, and at most
    :data:`MAX_FILE_BYTES` + 1 bytes are ever read: a committed link to ``/dev/zero``, a FIFO
    named ``x.yaml`` or a 1 GB sparse file costs a ``stat``, not memory or a hang.  The checks
    are repeated on the opened descriptor, so a file swapped in between is caught too.
    """
    try:
        refused = _refuse(os.stat(path), path, shown)
        if refused is not None:
            return None, [refused]
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        return None, [_unreadable(shown, exc)]
    try:
        refused = _refuse(os.fstat(descriptor), path, shown)
        if refused is not None:
            return None, [refused]
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(descriptor, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        return None, [_unreadable(shown, exc)]
    finally:
        os.close(descriptor)
    if size > MAX_FILE_BYTES:  # it grew after the stat, or the system reports no size (/proc)
        return None, [_too_large(shown, f"more than {MAX_FILE_BYTES:,} bytes")]
    return b"".join(chunks), []


def _refuse(info: os.stat_result, path: Path, shown: str) -> Problem | None:
    """The problem when ``info`` is not a regular file within the size limit, else None."""
    if not stat.S_ISREG(info.st_mode):
        kind = _FILE_KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        link = " (the name is a symbolic link to it)" if path.is_symlink() else ""
        return Problem(
            shown,
            0,
            0,
            "special-file",
            f"this is {kind}{link}, not a regular file, so sezctl did not open it. "
            "Remove it, or rename it so that its name does not end in .yaml or .yml.",
        )
    if info.st_size > MAX_FILE_BYTES:
        return _too_large(shown, f"{info.st_size:,} bytes")
    return None


def _too_large(shown: str, size: str) -> Problem:
    return Problem(
        shown,
        0,
        0,
        "file-too-large",
        f"the file is {size}; the limit is {MAX_FILE_BYTES:,} bytes. "
        "Split the roadmap into several files.",
    )


def _unreadable(shown: str, error: OSError) -> Problem:
    return Problem(shown, 0, 0, "file-unreadable", f"cannot read the file: {error.strerror}.")


def load_text(text: str, path: str = "<text>") -> LoadResult:
    """Load one document given as text (used by editing commands and tests)."""
    portfolio = Portfolio(files=[path])
    broken_refs: set[str] = set()
    broken_owners: set[str] = set()
    reader = _FileReader(path, portfolio, broken_refs, broken_owners)
    reader.read(text.encode("utf-8"))
    return LoadResult(portfolio, sorted(reader.problems), broken_refs, broken_owners)


class _FileReader:
    """Validates one file's node tree against the format tables and builds model objects."""

    def __init__(
        self, path: str, portfolio: Portfolio, broken_refs: set[str], broken_owners: set[str]
    ) -> None:
        self.path = path
        self.portfolio = portfolio
        self.broken_refs = broken_refs
        self.broken_owners = broken_owners
        self.problems: list[Problem] = []
        # How each kind of single value is read: (node, key, required) -> value or None.
        self.scalar_readers: dict[Kind, Callable[[Node, str, bool], object]] = {
            Kind.TEXT: self.text,
            Kind.ID: self.ident,
            Kind.OWNER: self.ident,
            Kind.DATE: self.date,
            Kind.STATUS: self.status,
        }

    # -- helpers ---------------------------------------------------------------------------

    def at(self, node: Node) -> Position:
        return Position(self.path, node.line, node.column)

    def problem(self, node: Node, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, node.line, node.column, code, message))

    def check_keys(self, mapping: Mapping, fields: dict[str, Field], what: str) -> None:
        """Report unknown keys (with a suggestion) and missing required keys (at the parent)."""
        for key, (key_node, _) in mapping.pairs.items():
            if key not in fields:
                self.problem(
                    key_node,
                    "unknown-key",
                    f"unknown key {key!r} in {what}{suggest(key, fields)}; "
                    f"allowed keys: {', '.join(fields)}.",
                )
        for key, spec in fields.items():
            if spec.required and key not in mapping.pairs:
                self.problem(mapping, "missing-key", f"{what} has no {key!r} key (required).")

    def scalar(self, node: Node, key: str, required: bool) -> Scalar | None:
        """The scalar value of a key, or None; reports wrong shapes and empty required values."""
        if not isinstance(node, Scalar):
            shape = "a list" if isinstance(node, Sequence) else "a mapping"
            self.problem(node, "wrong-type", f"{key!r} must be a single value, not {shape}.")
            return None
        if node.is_null:
            if required:
                self.problem(node, "empty-value", f"{key!r} is empty; give it a value.")
            return None
        return node

    def text(self, node: Node, key: str, required: bool) -> str | None:
        scalar = self.scalar(node, key, required)
        if scalar is None:
            return None
        if required and not scalar.value.strip():
            self.problem(node, "empty-value", f"{key!r} is empty; give it a value.")
            return None
        return scalar.value

    def ident(self, node: Node, key: str, required: bool) -> str | None:
        scalar = self.scalar(node, key, required)
        if scalar is None:
            return None
        if not ID_PATTERN.fullmatch(scalar.value):
            self.problem(
                node,
                "bad-id",
                f"{key} {scalar.value!r} is not a valid id: use lowercase latin letters, digits "
                "and single hyphens, e.g. 'power-grid'.",
            )
            return None
        return scalar.value

    def date(self, node: Node, key: str, required: bool) -> date | None:
        scalar = self.scalar(node, key, required)
        if scalar is None:
            return None
        try:
            return parse_date(scalar.value)
        except DateFormatError as exc:
            self.problem(node, "bad-date", f"{key}: {exc}.")
            return None

    # -- the file --------------------------------------------------------------------------

    def read(self, data: bytes) -> None:
        text, problems = decode_source(data, self.path)
        self.problems.extend(problems)
        if text is None or problems:
            return
        root, problems = parse_yaml(text, self.path)
        self.problems.extend(problems)
        if problems:
            return
        if root is None:
            self.problems.append(
                Problem(
                    self.path,
                    1,
                    1,
                    "empty-file",
                    "the file is empty: it needs `owners:` or a `roadmap:` with `stages:`.",
                )
            )
            return
        if not isinstance(root, Mapping):
            self.problem(
                root,
                "root-not-mapping",
                "the top level must be a mapping of keys (owners, roadmap, title, stages, ...), "
                "not a list or a single value.",
            )
            return
        self.read_root(root)

    def read_root(self, root: Mapping) -> None:
        self.check_keys(root, ROOT_FIELDS, "the file")
        pairs = root.pairs
        if "owners" in pairs:
            self.read_owners(pairs["owners"][1])
        has_roadmap = any(key in pairs for key in ROADMAP_REQUIRED)
        if not has_roadmap:
            if "owners" not in pairs:
                self.problem(
                    root,
                    "missing-key",
                    "the file has neither 'owners' nor 'roadmap': nothing to load.",
                )
                return
            for key in ("owner", "approved"):
                if key in pairs:  # never silently ignore what someone wrote
                    self.problem(
                        pairs[key][0],
                        "missing-key",
                        f"{key!r} belongs to a roadmap, but this file has no 'roadmap': "
                        "add roadmap, title and stages, or remove the key.",
                    )
            return
        for key in ROADMAP_REQUIRED:
            if key not in pairs:
                self.problem(root, "missing-key", f"the roadmap has no {key!r} key (required).")

        def value(key: str) -> Node | None:
            pair = pairs.get(key)
            return pair[1] if pair else None

        roadmap_node, title_node = value("roadmap"), value("title")
        owner_node, approved_node = value("owner"), value("approved")
        roadmap_id = self.ident(roadmap_node, "roadmap", True) if roadmap_node else None
        title = self.text(title_node, "title", True) if title_node else None
        owner = self.ident(owner_node, "owner", False) if owner_node else None
        approved = self.date(approved_node, "approved", False) if approved_node else None
        stages: list[Item] = []
        if "stages" in pairs:
            node = pairs["stages"][1]
            if isinstance(node, Sequence) and not node.items:
                self.problem(node, "empty-value", "'stages' is empty; list at least one stage.")
            stages = self.read_items(node, "stages", roadmap_id or "", None)
        if roadmap_id is None or title is None:
            return
        self.portfolio.add_roadmap(
            Roadmap(
                id=roadmap_id,
                title=title,
                position=self.at(root),
                key_positions={k: self.at(key) for k, (key, _) in pairs.items()},
                stages=stages,
                owner=owner,
                approved=approved,
            )
        )

    def read_owners(self, node: Node) -> None:
        if not isinstance(node, Mapping):
            self.problem(
                node,
                "wrong-type",
                "'owners' must be a mapping of owner ids to their details (name, role, ...).",
            )
            return
        for owner_id, (key, value) in node.pairs.items():
            if not ID_PATTERN.fullmatch(owner_id):
                self.problem(
                    key,
                    "bad-id",
                    f"owner id {owner_id!r} is not a valid id: use lowercase latin letters, "
                    "digits and single hyphens, e.g. 'abdikarimov'.",
                )
                continue
            if not isinstance(value, Mapping):
                self.problem(
                    value,
                    "wrong-type",
                    f"owner {owner_id!r} must be a mapping with at least a 'name'.",
                )
                self.broken_owners.add(owner_id)
                continue
            before = len(self.problems)
            self.check_keys(value, OWNER_FIELDS, f"owner {owner_id!r}")
            texts = {
                field: self.text(value.pairs[field][1], field, spec.required)
                for field, spec in OWNER_FIELDS.items()
                if field in value.pairs
            }
            name = texts.get("name")
            if name is None or len(self.problems) > before:
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

    def read_items(self, node: Node, key: str, roadmap_id: str, parent: Item | None) -> list[Item]:
        if not isinstance(node, Sequence):
            self.problem(
                node, "wrong-type", f"{key!r} must be a list of items, each starting with '- id:'."
            )
            return []
        items = []
        for entry in node.items:
            item = self.read_item(entry, roadmap_id, parent)
            if item is not None:
                items.append(item)
        return items

    def read_item(self, node: Node, roadmap_id: str, parent: Item | None) -> Item | None:
        if not isinstance(node, Mapping):
            self.problem(
                node,
                "wrong-type",
                "each stage or task must be a mapping with id, title, owner and due.",
            )
            return None
        before = len(self.problems)
        pairs = node.pairs
        self.check_keys(node, ITEM_FIELDS, "this item")

        def get(key: str) -> Node | None:
            pair = pairs.get(key)
            return pair[1] if pair else None

        values: dict[str, object] = {}
        readers = self.scalar_readers
        for key, (_, value_node) in pairs.items():  # only the keys present: this is hot
            spec = ITEM_FIELDS.get(key)
            reader = readers.get(spec.kind) if spec is not None else None
            if reader is not None:
                values[key] = reader(value_node, key, spec.required)  # type: ignore[union-attr]
        depends_on = self.references(get("depends_on"), roadmap_id)
        reschedules = self.reschedules(get("reschedules"))
        item_id = values.get("id")
        valid = len(self.problems) == before and roadmap_id
        item = None
        if valid:
            item = Item(
                roadmap=roadmap_id,
                id=item_id,  # type: ignore[arg-type]
                title=values["title"],  # type: ignore[arg-type]
                owner=values["owner"],  # type: ignore[arg-type]
                due=values["due"],  # type: ignore[arg-type]
                position=self.at(node),
                key_positions={k: (n.line, n.column) for k, (n, _) in pairs.items()},
                start=values.get("start"),  # type: ignore[arg-type]
                baseline=values.get("baseline"),  # type: ignore[arg-type]
                done=values.get("done"),  # type: ignore[arg-type]
                status=values.get("status"),  # type: ignore[arg-type]
                depends_on=depends_on,
                reschedules=reschedules,
                note=values.get("note"),  # type: ignore[arg-type]
                parent=parent,
            )
        elif isinstance(item_id, str) and roadmap_id:
            self.broken_refs.add(f"{roadmap_id}/{item_id}")
        tasks_node = get("tasks")
        if tasks_node is not None and not (isinstance(tasks_node, Scalar) and tasks_node.is_null):
            tasks = self.read_items(tasks_node, "tasks", roadmap_id, item)
            if item is not None:
                item.tasks = tasks
        return item

    def status(self, node: Node, key: str = "status", required: bool = False) -> Status | None:
        scalar = self.scalar(node, key, required)
        if scalar is None:
            return None
        if scalar.value not in STATUS_VALUES:
            self.problem(
                node,
                "bad-status",
                f"status {scalar.value!r} is not one of {', '.join(STATUS_VALUES)}"
                f"{suggest(scalar.value.lower(), STATUS_VALUES)}.",
            )
            return None
        return Status(scalar.value)

    def optional_list(self, node: Node | None, message: str) -> list[Node]:
        """The entries of an optional list key: none when the key is absent or empty (``~``,
        ``null``), none and a wrong-type problem saying ``message`` when it is not a list."""
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return []
        if not isinstance(node, Sequence):
            self.problem(node, "wrong-type", message)
            return []
        return node.items

    def reschedules(self, node: Node | None) -> tuple[Reschedule, ...]:
        """The ``reschedules:`` entries; each needs from, to, on and reason (ref optional)."""
        entries = []
        for entry in self.optional_list(
            node, "'reschedules' must be a list of entries, each with from, to, on and reason."
        ):
            if not isinstance(entry, Mapping):
                self.problem(
                    entry,
                    "wrong-type",
                    "each reschedules entry must be a mapping with from, to, on and reason.",
                )
                continue
            before = len(self.problems)
            self.check_keys(entry, RESCHEDULE_FIELDS, "this reschedules entry")
            values: dict[str, object] = {}
            for key, spec in RESCHEDULE_FIELDS.items():
                if key not in entry.pairs:
                    continue
                reader = self.scalar_readers[spec.kind]
                values[key] = reader(entry.pairs[key][1], key, spec.required)
            if len(self.problems) > before:
                continue
            entries.append(
                Reschedule(
                    from_date=values["from"],  # type: ignore[arg-type]
                    to=values["to"],  # type: ignore[arg-type]
                    on=values["on"],  # type: ignore[arg-type]
                    reason=values["reason"],  # type: ignore[arg-type]
                    position=self.at(entry),
                    key_positions={k: self.at(key) for k, (key, _) in entry.pairs.items()},
                    ref=values.get("ref"),  # type: ignore[arg-type]
                )
            )
        return tuple(entries)

    def references(self, node: Node | None, roadmap_id: str) -> tuple[Reference, ...]:
        references = []
        for entry in self.optional_list(
            node, "'depends_on' must be a list, e.g. [power-grid] or [other-roadmap/item-id]."
        ):
            if not isinstance(entry, Scalar) or entry.is_null:
                self.problem(entry, "wrong-type", "each depends_on entry must be an item id.")
                continue
            match = REFERENCE_PATTERN.fullmatch(entry.value)
            if match is None:
                self.problem(
                    entry,
                    "bad-reference",
                    f"{entry.value!r} is not an item reference: write 'item-id' for this "
                    "roadmap or 'roadmap-id/item-id' for another one.",
                )
                continue
            other_roadmap, item_id = match.groups()
            references.append(Reference(other_roadmap or roadmap_id, item_id, self.at(entry)))
        return tuple(references)
