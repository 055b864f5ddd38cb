"""Roadmap files -> :class:`~sezctl.core.model.Portfolio` plus problems.  Never raises on user data.

``load_roadmaps`` takes each file through the steps of loading, one module each:

1. read its bytes, refusing what is not a regular file of a sane size (here);
2. decode and parse them into a tree of positioned YAML nodes (:mod:`sezctl.source.yaml_nodes`);
3. validate the tree against the declared format (:mod:`sezctl.source.validate`, after
   :mod:`sezctl.source.fileformat`), convert single values to dates, ids, statuses and
   references (:mod:`sezctl.source.convert`), and build model objects with a position on
   everything (:mod:`sezctl.source.build`, which drives the other two).

A file that cannot be read or parsed contributes problems and nothing else; the other files are
still loaded, so one bad file never hides the problems of the rest.  What such a file would have
defined is unknown, so it becomes an :class:`~sezctl.source.build.UnreadSource`, with what its
text shows of its top-level keys (:func:`what_it_may_define`): the checks then say that the
references into it could not be checked, rather than call them unknown in the files that are
right.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from sezctl.core.i18n import M, Mn, _
from sezctl.core.model import Owner, Portfolio, Roadmap
from sezctl.core.problems import Problem, SezctlError
from sezctl.source.build import FILE, ModelBuilder, UnreadSource
from sezctl.source.fileformat import ID_PATTERN, PROTOCOL_PREFIX
from sezctl.source.suggestions import (
    MAX_SUGGESTION_COMPARISONS,
    SUGGESTION_CUTOFF,
    Suggester,
    suggest,
)
from sezctl.source.yaml_nodes import (
    MAX_FILE_BYTES,
    decode_source,
    file_too_large,
    parse_yaml,
    size_in_bytes,
)

__all__ = [  # the "did you mean" helpers lived here first, and are still imported from here
    "MAX_SUGGESTION_COMPARISONS",
    "ROADMAP_SUFFIXES",
    "SUGGESTION_CUTOFF",
    "FileLoad",
    "FileMemo",
    "LoadResult",
    "Suggester",
    "UnreadSource",
    "display_path",
    "list_roadmap_files",
    "load_roadmaps",
    "load_text",
    "quote_file_name",
    "read_roadmap_bytes",
    "suggest",
    "what_it_may_define",
]

ROADMAP_SUFFIXES = (".yaml", ".yml")


class LoadResult(NamedTuple):
    """What loading produced: the model, every problem found, and what could not be loaded.

    ``broken_refs`` and ``broken_owners`` hold ids of items and owners that were written but
    could not be loaded because of a schema problem; checks use them to avoid reporting a
    second, confusing "unknown item" for something that exists but is malformed.  ``unread``
    lists the files and parts of files that could not be read at all, so that what they define
    is unknown: the checks do not call a reference into them unknown either.
    """

    portfolio: Portfolio
    problems: list[Problem]
    broken_refs: set[str]
    broken_owners: set[str]
    unread: tuple[UnreadSource, ...] = ()


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
            raise SezctlError(_("{path}: no such file or folder").format(path=path))
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


class FileLoad(NamedTuple):
    """What one file's bytes loaded into: its problems, the owners and roadmaps (or protocol)
    it defines, and what of it could not be loaded.  The model objects are never changed once
    built, so portfolios loaded from versions that share the file can share them."""

    problems: list[Problem]
    owners: list[Owner]
    roadmaps: list[Roadmap]
    broken_refs: frozenset[str]
    broken_owners: frozenset[str]
    unread: tuple[UnreadSource, ...]


class FileMemo:
    """Files already loaded, by path (as shown) and bytes, for a run that loads the versions of
    one folder at several commits (the milestone trend's past meetings): a file unchanged since
    the last round is not read again, and portfolios share its model objects.  It keeps the
    files of this round and of the one before (:meth:`next_round`), not every version met."""

    __slots__ = ("_last", "_this")

    def __init__(self) -> None:
        self._last: dict[tuple[str, bytes], FileLoad] = {}
        self._this: dict[tuple[str, bytes], FileLoad] = {}

    def load(self, data: bytes, shown: str) -> FileLoad:
        key = (shown, data)
        load = self._this.get(key) or self._last.get(key)
        if load is None:
            load = _load_alone(data, shown)
        self._this[key] = load
        return load

    def next_round(self) -> None:
        """Forget the files of the round before this one."""
        self._last, self._this = self._this, {}


def load_roadmaps(
    paths: Iterable[Path],
    overrides: dict[Path, bytes] | None = None,
    memo: FileMemo | None = None,
) -> LoadResult:
    """Load every file into one portfolio.  User mistakes become problems, never exceptions.

    ``overrides`` gives the content to use instead of what is on disk for some of the paths:
    an editing command checks the whole folder with its edited file before writing it.
    ``memo``: files loaded before are taken from it (:class:`FileMemo`).
    """
    portfolio = Portfolio()
    problems: list[Problem] = []
    broken_refs: set[str] = set()
    broken_owners: set[str] = set()
    unread: list[UnreadSource] = []
    for path in paths:
        shown = display_path(path)
        portfolio.files.append(shown)
        if overrides and path in overrides:
            data: bytes | None = overrides[path]
        else:
            data, file_problems = read_roadmap_bytes(path, shown)
            problems.extend(file_problems)
            if data is None:
                unread.append(UnreadSource(min(file_problems), FILE, None, True))
        if data is None:
            continue
        if memo is None:
            problems.extend(_load_file(data, shown, portfolio, broken_refs, broken_owners, unread))
            continue
        load = memo.load(data, shown)
        problems.extend(load.problems)
        for owner in load.owners:
            portfolio.add_owner(owner)
        for roadmap in load.roadmaps:
            portfolio.add_roadmap(roadmap)
        broken_refs |= load.broken_refs
        broken_owners |= load.broken_owners
        unread.extend(load.unread)
    problems.sort()
    return LoadResult(portfolio, problems, broken_refs, broken_owners, tuple(unread))


def _load_alone(data: bytes, shown: str) -> FileLoad:
    """One file loaded into a portfolio of its own, for :func:`load_roadmaps` to add to others
    (through a :class:`FileMemo`)."""
    portfolio = Portfolio()
    broken_refs: set[str] = set()
    broken_owners: set[str] = set()
    unread: list[UnreadSource] = []
    problems = _load_file(data, shown, portfolio, broken_refs, broken_owners, unread)
    return FileLoad(
        problems,
        portfolio.owner_definitions,
        portfolio.roadmaps,
        frozenset(broken_refs),
        frozenset(broken_owners),
        tuple(unread),
    )


_FILE_KINDS = {
    stat.S_IFIFO: M("a named pipe (FIFO)"),
    stat.S_IFCHR: M("a character device"),
    stat.S_IFBLK: M("a block device"),
    stat.S_IFSOCK: M("a socket"),
    stat.S_IFDIR: M("a folder"),
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
        more = Mn("more than {count:,} byte", "more than {count:,} bytes", MAX_FILE_BYTES)
        return None, [_too_large(shown, more)]
    return b"".join(chunks), []


def _refuse(info: os.stat_result, path: Path, shown: str) -> Problem | None:
    """The problem when ``info`` is not a regular file within the size limit, else None."""
    if not stat.S_ISREG(info.st_mode):
        kind = _FILE_KINDS.get(stat.S_IFMT(info.st_mode)) or M("not a regular file")
        link = M(" (the name is a symbolic link to it)") if path.is_symlink() else ""
        # TRANSLATORS: {kind} is "a named pipe (FIFO)", "a folder", ...; {link} is empty or
        # " (the name is a symbolic link to it)".
        message = M(
            "this is {kind}{link}, not a regular file, so sezctl did not open it. Remove it, or "
            "rename it so that its name does not end in .yaml or .yml.",
            kind=kind,
            link=link,
        )
        return Problem(shown, 0, 0, "special-file", message)
    if info.st_size > MAX_FILE_BYTES:
        return _too_large(shown, size_in_bytes(info.st_size))
    return None


def _too_large(shown: str, size: str) -> Problem:
    return Problem(shown, 0, 0, "file-too-large", file_too_large(size))


# The reasons a file most often cannot be read, in the words of the C library (strerror).
_OS_REASONS = {
    errno.ENOENT: M("No such file or directory"),
    errno.EACCES: M("Permission denied"),
    errno.EPERM: M("Operation not permitted"),
    errno.ELOOP: M("Too many levels of symbolic links"),
    errno.ENAMETOOLONG: M("File name too long"),
    errno.EIO: M("Input/output error"),
}


def _unreadable(shown: str, error: OSError) -> Problem:
    reason: str | None = _OS_REASONS.get(error.errno or 0)
    if reason != error.strerror:  # another reason, or another system's words for it
        reason = error.strerror
    # TRANSLATORS: {reason} is why the system could not read it ("Permission denied").
    message = M("cannot read the file: {reason}.", reason=reason)
    return Problem(shown, 0, 0, "file-unreadable", message)


def load_text(text: str, path: str = "<text>") -> LoadResult:
    """Load one document given as text (used by editing commands and tests)."""
    portfolio = Portfolio(files=[path])
    broken_refs: set[str] = set()
    broken_owners: set[str] = set()
    unread: list[UnreadSource] = []
    problems = _load_file(text.encode("utf-8"), path, portfolio, broken_refs, broken_owners, unread)
    return LoadResult(portfolio, sorted(problems), broken_refs, broken_owners, tuple(unread))


def _load_file(
    data: bytes,
    path: str,
    portfolio: Portfolio,
    broken_refs: set[str],
    broken_owners: set[str],
    unread: list[UnreadSource],
) -> list[Problem]:
    """Decode, parse, validate and build one file's bytes into ``portfolio``: its problems.
    A file refused as a whole is added to ``unread``."""
    text, problems = decode_source(data, path)
    if text is None or problems:
        if problems:  # the encoding, the size, or characters that have no place in a text
            # What the keys say, even in another encoding: they are ASCII in Windows-1251, and
            # in UTF-16 once the NUL bytes between the letters are gone.
            readable = text if text is not None else data.decode("utf-8", errors="replace")
            readable = readable.replace("\x00", "").lstrip("\ufeff\ufffd")
            unread.append(UnreadSource(min(problems), FILE, *what_it_may_define(readable)))
        return problems
    root, problems = parse_yaml(text, path)
    if problems:
        unread.append(UnreadSource(min(problems), FILE, *what_it_may_define(text)))
        return problems
    builder = ModelBuilder(path, portfolio, broken_refs, broken_owners, unread)
    builder.build_file(root)
    return builder.problems


# A top-level key as a file's text shows it, whether or not the file parses: a line that starts
# at column 0 with a key and a colon (what follows is the value, up to a comment).
_TOP_LEVEL_KEY = re.compile(
    r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+([^#\r\n]*?))?[ \t\r]*(?:#.*)?$", re.M
)
_SKIPPED_LINE = re.compile(r"[ \t]*(?:#.*)?|---[ \t]*|%.*")


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def what_it_may_define(text: str) -> tuple[frozenset[str] | None, bool]:
    """What a file that could not be read may define, from the lines of its text: the ids of
    the roadmaps whose items it may hold (None: any roadmap) and whether it may define owners.

    A roadmap file is a mapping written as indented lines, so its top-level keys start at the
    first column even when a mistake further down stops the parser: ``roadmap: power-grid``
    there says which roadmap the file holds (``protocol:`` with ``date: 2026-11-26``: the
    points of the group ``protocol-2026-11-26``); a file without ``owners:`` defines no owners.
    When the text does not start like that (a list, ``{...}`` on one line, bytes in another
    encoding), the file may define anything.
    """
    first = next(
        (line for line in text.splitlines() if not _SKIPPED_LINE.fullmatch(line)),
        "",
    )
    if not _TOP_LEVEL_KEY.fullmatch(first):
        return None, True
    keys: dict[str, list[str]] = {}
    for match in _TOP_LEVEL_KEY.finditer(text):
        keys.setdefault(match[1], []).append((match[2] or "").strip().strip("'\""))
    ids = keys.get("roadmap", [])
    if "protocol" in keys:  # a protocol: its points are the group protocol-<date>
        dates = keys.get("date", [])
        if not dates or not all(_ISO_DAY.fullmatch(day) for day in dates):
            return None, "owners" in keys
        ids = ids + [f"{PROTOCOL_PREFIX}{day}" for day in dates]
    if not all(ID_PATTERN.fullmatch(roadmap_id) for roadmap_id in ids):
        return None, "owners" in keys
    return frozenset(ids), "owners" in keys
