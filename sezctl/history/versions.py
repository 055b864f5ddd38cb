"""What history reads from one version of a roadmap file, read once per blob and kept.

A version of a file in git is a blob, and a blob's content never changes: what sezctl reads from
it -- the facts of its items, or why it does not load -- is the same at every run.  Walking
years of weekly edits used to parse every changed version again through the full loader at
every run; :class:`VersionCache` keeps what was read, by blob id, in the repository's git
folder, so a walk parses only the versions it has never seen (docs/git.md, "The cache").

Decisions kept here:

* **The key** is the blob id plus everything else that changes what reading it gives: the cache
  format (:data:`CACHE_VERSION`) and a fingerprint of the code that reads (every module of
  :mod:`sezctl.source` and :mod:`sezctl.core`, this module, the PyYAML version and whether it
  has libyaml, the Python version; :func:`code_fingerprint`).  A blob id names its content, so
  an entry cannot go stale; another sezctl, loader or PyYAML starts a new cache.
* **The path.**  The facts of a version that loads hold no path (ref, title, owner, dates,
  status: a file's name is only in positions, which are not kept), so they serve the blob under
  any name.  A version that does not load is kept with its first error and the name it was
  shown under, and is a miss under any other name: a message may name the file.
* **Per-item records.**  Each distinct :class:`ItemFacts` is stored once and a version is the
  list of its records, so a commit that moves one deadline in a 20-item file adds one record;
  equal facts are one object from version to version, which the walk compares by identity.
* **Where**: ``sezctl-cache/history-versions.json`` in the git folder shared by the
  repository's worktrees (``git rev-parse --git-common-dir``, so worktrees, ``GIT_DIR`` and
  ``GIT_COMMON_DIR`` work as they do for git).  Safe to delete at any time.
* **Read as untrusted data.**  JSON, never pickle: the file lives in ``.git`` and could be
  planted.  A header line names the format, the code fingerprint, and the body's length and
  BLAKE2b digest; every record's types and ranges are checked when it is first used.  A file
  that is unreadable, truncated, corrupted, from another version or surprising in any way is
  ignored (and rebuilt by the next write): the cache is never needed for a correct answer.
* **Written** only when something new was read: whole, to a temporary file in the same folder,
  then renamed over the old one, so a reader sees the old file or the new one.  A read-only or
  full disk leaves it unwritten and the command unaffected.  Two runs writing at once lose at
  most what one of them added.
* ``SEZCTL_CACHE=0`` (or ``off``, ``no``, ``false``) turns it off: nothing is read or written;
  a version is still read once per run.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

import binascii
import hashlib
import json
import os
import re
import stat
import sys
from array import array
from collections.abc import Iterable, Sequence
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Literal, NamedTuple, cast

from sezctl.core.cachefile import write_cache
from sezctl.core.model import Item, Portfolio, Status
from sezctl.core.problems import Problem, Severity
from sezctl.source.yaml_nodes import MAX_FILE_BYTES

CACHE_SWITCH = "SEZCTL_CACHE"
"""The environment variable that turns the cache off (``0``, ``off``, ``no``, ``false``)."""

CACHE_FOLDER = "sezctl-cache"
CACHE_FILE = "history-versions.json"
CACHE_FORMAT = "sezctl-history-versions"
CACHE_VERSION = 2
"""The layout of the cache file; a file of another version is ignored."""

MAX_CACHE_BYTES = 64 * 1024 * 1024
"""A larger cache file is not read; a cache that would grow past it starts again with the
versions of the run that writes it (about 300,000 versions of a 20-item file fit)."""

_OFF = frozenset({"0", "off", "no", "false"})
_HEADER_ROOM = 4096  # the header line is shorter (about 170 bytes)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_STATUSES = frozenset(status.value for status in Status)
_LAST_DAY = date.max.toordinal()


class RecordedDecision(NamedTuple):
    """What the files record about why a tracked fact is what it is: the entry of
    ``reschedules:`` that set the current deadline, the entry of ``reassignments:`` that set the
    current owner, or a point's ``off_control:``.  ``decision`` is a protocol point
    (``protocol-<date>/<point>``; who decided is that protocol's chair), ``ref`` a decision
    taken elsewhere (a letter, an order); ``on`` is None for ``off_control:``, which is dated
    by its deciding protocol."""

    on: date | None
    reason: str | None
    decision: str | None
    ref: str | None


class ItemFacts(NamedTuple):  # thousands per walk: a tuple is 5x quicker to make than a dataclass
    """What history tracks about one item at one revision.  ``moved``, ``handed`` and ``off``
    are the records behind the current deadline, owner and off-control state (None: nothing
    recorded, e.g. a deadline edited by hand)."""

    ref: str
    title: str
    owner: str
    due: date
    status: str  # the effective status: "done" when only a done date is written
    done: date | None
    baseline: date | None
    moved: RecordedDecision | None = None
    handed: RecordedDecision | None = None
    off: RecordedDecision | None = None

    def value(self, name: str) -> object:
        return getattr(self, name)


State = dict[str, ItemFacts]  # item ref -> facts


def facts_of(portfolio: Portfolio) -> State:
    """The tracked facts of every item of a loaded portfolio (the first definition wins)."""
    state: State = {}
    for item in portfolio.items:
        state.setdefault(
            item.ref,
            ItemFacts(
                item.ref,
                item.title,
                item.owner,
                item.due,
                item.effective_status.value,
                item.done,
                item.baseline,
                *records_of(item),
            ),
        )
    return state


def records_of(
    item: Item,
) -> tuple[RecordedDecision | None, RecordedDecision | None, RecordedDecision | None]:
    """The records behind ``item``'s current deadline, owner and off-control state: the last
    ``reschedules:`` entry if it moved the deadline to the current one, the last
    ``reassignments:`` entry if it gave the item to its current owner, and ``off_control:``."""
    moved = handed = off = None
    if item.reschedules:
        last = item.reschedules[-1]
        if last.to == item.due:
            moved = RecordedDecision(last.on, last.reason, last.decision, last.ref)
    if item.reassignments:
        given = item.reassignments[-1]
        if given.to == item.owner:
            handed = RecordedDecision(given.on, given.reason, given.decision, given.ref)
    origin = item.origin
    if origin is not None and origin.off_control is not None:
        taken = origin.off_control
        off = RecordedDecision(None, taken.reason, taken.by.ref, None)
    return moved, handed, off


class Version:
    """What sezctl read from one version of a file: the facts of its items in the file's order
    when it loads (``records``), the first error found in it when it does not (``error``, whose
    path is the name the version was shown under), or -- over the loader's size limit, unread
    -- its size (``size``)."""

    __slots__ = ("_state", "error", "records", "size")

    def __init__(
        self,
        records: tuple[ItemFacts, ...] | None = None,
        error: Problem | None = None,
        size: int | None = None,
    ) -> None:
        self.records = records
        self.error = error
        self.size = size
        self._state: State | None = None

    @property
    def state(self) -> State:
        """The facts by item ref, made on first use (empty when the version does not load)."""
        if self._state is None:
            self._state = {facts.ref: facts for facts in self.records or ()}
        return self._state


def read_version(path: Path, data: bytes) -> Version:
    """Load one version of a file (shown as ``path``) through the full loader."""
    from sezctl.source.loader import load_roadmaps

    result = load_roadmaps([path], {path: data})
    for problem in result.problems:  # sorted by position: the first error is the first here
        if problem.severity is Severity.ERROR:
            return Version(error=problem)
    return Version(tuple(facts_of(result.portfolio).values()))


def caching_enabled() -> bool:
    """False when ``SEZCTL_CACHE`` turns the cache off."""
    return os.environ.get(CACHE_SWITCH, "").strip().lower() not in _OFF


def code_fingerprint() -> str | None:
    """A digest of everything besides a blob's content that decides what reading it gives,
    or None (no cache) when the code cannot be read to make it."""
    import yaml

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=16)
    versions = (CACHE_VERSION, sys.version_info[:3], yaml.__version__)
    digest.update(repr((*versions, getattr(yaml, "__with_libyaml__", None))).encode())
    try:
        files = [
            *sorted((package / "source").glob("*.py")),
            *sorted((package / "core").glob("*.py")),
            Path(__file__),
        ]
        if len(files) < 3:  # installed without its sources: nothing to tell versions apart
            return None
        for file in files:
            digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


class _Surprise(Exception):
    """Something in the cache file that this code does not write."""


class VersionCache:
    """What was read from each blob: kept in the repository's git folder (``file``), or only
    for this run (``file`` is None: the cache is off, or there is no folder to keep it in).

    The file holds ``facts``, one record ``[ref, title, owner, due, status, done, baseline]``
    per distinct :class:`ItemFacts`, followed by its ``moved``, ``handed`` and ``off`` records
    (each None or ``[on, reason, decision, ref]``; dates as day numbers, ``date.toordinal``), and
    ``versions``, blob id -> the version: the numbers of its records (base64 of unsigned 32-bit
    little-endian integers) when it loads, ``{"error": {shown: [line, column, code,
    message]}}`` (the first error under each name it was shown under) when it does not,
    ``{"size": bytes}`` when it is over the loader's limit."""

    __slots__ = (
        "_changed",
        "_code",
        "_facts",
        "_failed",
        "_found",
        "_numbers",
        "_raw",
        "_rows",
        "file",
    )

    def __init__(self, file: Path | None = None, code: str = "") -> None:
        self.file = file
        self._code = code
        self._changed = False
        self._empty()

    def _empty(self) -> None:
        self._rows: list[object] = []  # the records, as stored
        self._facts: list[ItemFacts] | None = []  # the records made into facts (None: not yet)
        self._raw: dict[str, object] = {}  # blob -> entry, as stored
        self._found: dict[str, Version] = {}  # blob -> its entry made into a Version
        self._failed: dict[tuple[str, str], Version] = {}  # the same for (blob, name) that fail
        self._numbers: dict[ItemFacts, int] | None = None  # facts -> the number of its record

    @classmethod
    def open(cls, git_folder: Path | None) -> "VersionCache":
        """The cache kept in ``git_folder`` (the repository's common git folder), with what a
        valid file there holds; an empty one when there is none or it cannot be used."""
        if git_folder is None or not caching_enabled():
            return cls()
        code = code_fingerprint()
        if code is None:
            return cls()
        return cls.load(git_folder / CACHE_FOLDER / CACHE_FILE, code)

    @classmethod
    def load(cls, file: Path, code: str) -> "VersionCache":
        """The cache kept in ``file`` for the code of fingerprint ``code``: what the file holds
        if it is valid and made for that code, else nothing (and the file is replaced by the
        next write)."""
        cache = cls(file, code)
        cache._load(file)
        return cache

    def version_count(self) -> int:
        """How many versions the cache holds for the next write (read from its file or added)."""
        return len(self._raw)

    # -- reading --------------------------------------------------------------------------------

    def _load(self, file: Path) -> None:
        try:  # never waits on a FIFO, never reads a device: a regular file or nothing
            descriptor = os.open(file, _OPEN_FLAGS)
        except OSError:  # not written yet, unreadable: no cache
            return
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CACHE_BYTES:
                return
            with open(descriptor, "rb", closefd=False) as stored:
                data = stored.read(MAX_CACHE_BYTES + 1)
        except OSError:
            return
        finally:
            os.close(descriptor)
        end = data.find(b"\n", 0, 4096)
        body = data[end + 1 :]
        try:
            header = json.loads(data[:end]) if end > 0 else None
            if header != self._header([body]):
                return
            payload = json.loads(body)
        except (ValueError, RecursionError):  # not JSON (UnicodeDecodeError is a ValueError)
            return
        if type(payload) is dict:
            rows, raw = payload.get("facts"), payload.get("versions")
            if type(rows) is list and type(raw) is dict:
                self._rows, self._raw, self._facts = rows, raw, None

    def version(self, blob: str, shown: str) -> Version | None:
        """What was read from ``blob`` when shown as ``shown``; None if it was never read (or
        was read under another name and did not load).  An entry that surprises empties the
        cache: this and every later question is a miss, and the next write starts again."""
        found = self._found.get(blob) or self._failed.get((blob, shown))
        if found is None:
            raw = self._raw.get(blob)
            if raw is None:
                return None
            try:
                found = self._version_of(raw, shown)
            except _Surprise:
                self._empty()
                self._changed = True
                return None
            if found is None:
                return None
            if found.error is None:
                self._found[blob] = found
            else:
                self._failed[blob, shown] = found
        return found

    def _version_of(self, raw: object, shown: str) -> Version | None:
        if type(raw) is str:  # a version that loads: the numbers of its records, in order
            numbers = _unpack(raw)
            try:
                return Version(tuple(map(self._made_facts().__getitem__, numbers)))
            except IndexError:  # a number past the last record
                raise _Surprise from None
        if type(raw) is dict and len(raw) == 1:
            size = raw.get("size")
            if type(size) is int and size > MAX_FILE_BYTES:
                return Version(size=size)
            errors = raw.get("error")
            if type(errors) is dict:
                error = errors.get(shown)
                if error is None:
                    return None  # did not load, but shown under another name then
                if type(error) is list and len(error) == 4:
                    line, column, code, message = error
                    if type(line) is int and type(column) is int and type(code) is str:
                        return Version(error=Problem(shown, line, column, code, _message(message)))
        raise _Surprise

    def _made_facts(self) -> list[ItemFacts]:
        """Every record as :class:`ItemFacts`: made and checked all at once, on first use."""
        if self._facts is None:
            self._facts = _facts_of_rows(self._rows)
        return self._facts

    # -- adding ---------------------------------------------------------------------------------

    def add(self, blob: str, version: Version) -> Version:
        """Keep what was read from ``blob``, and return it with each item's facts as the cache's
        own object: equal facts, in any version, are one object."""
        entry: object
        if version.records is not None:
            try:
                facts = self._made_facts()
            except _Surprise:  # start again from nothing
                self._empty()
                facts = self._made_facts()
            numbers = array(_NUMBER, map(self._number, version.records))
            version, entry = Version(tuple(map(facts.__getitem__, numbers))), _pack(numbers)
        elif version.error is not None:
            self._failed[blob, version.error.path] = version
            error = _error_entry(version.error)
            if error is None:  # kept for this run only
                return version
            known = self._raw.get(blob)
            others = known.get("error") if type(known) is dict else None
            entry = {"error": {**(others if type(others) is dict else {}), **error}}
        else:
            entry = {"size": version.size}
        if version.error is None:
            self._found[blob] = version
        self._raw[blob] = entry
        self._changed = True
        return version

    def _number(self, facts: ItemFacts) -> int:
        """The number of the record of ``facts``, added if new (the records are made)."""
        made = self._made_facts()
        if self._numbers is None:
            self._numbers = {}
            for number, record in enumerate(made):
                self._numbers.setdefault(record, number)
        known = self._numbers.get(facts)
        if known is not None:
            return known
        number = self._numbers[facts] = len(made)
        made.append(facts)
        self._rows.append(
            [
                facts.ref,
                facts.title,
                facts.owner,
                facts.due.toordinal(),
                facts.status,
                None if facts.done is None else facts.done.toordinal(),
                None if facts.baseline is None else facts.baseline.toordinal(),
                _record_row(facts.moved),
                _record_row(facts.handed),
                _record_row(facts.off),
            ]
        )
        return number

    # -- writing --------------------------------------------------------------------------------

    def save(self) -> None:
        """Write the cache if this run added to it; quietly nothing when it cannot."""
        if not self._changed or self.file is None:
            return
        self._changed = False
        body = self._body()
        if sum(map(len, body)) + _HEADER_ROOM > MAX_CACHE_BYTES:  # start again with this run's
            fresh = VersionCache(self.file, self._code)
            for blob, version in self._found.items():
                fresh.add(blob, version)
            for (blob, _), version in self._failed.items():
                fresh.add(blob, version)
            body = fresh._body()
            if sum(map(len, body)) + _HEADER_ROOM > MAX_CACHE_BYTES:
                return
        write_cache(self.file, json.dumps(self._header(body)).encode() + b"\n", *body)

    def _body(self) -> list[bytes]:
        """The body, ``{"facts":[...],"versions":{...}}`` in compact JSON, in parts of
        :data:`_PART_ENTRIES` entries: the bytes of ``json.dumps(payload, separators=(",", ":"))``
        without its whole text and a second copy of it as bytes, 30 MB more at the peak of a
        50,000-item run (the cache is written last, with everything else still alive)."""
        return [
            b'{"facts":[',
            *_entries(self._rows, pairs=False),
            b'],"versions":{',
            *_entries(self._raw.items(), pairs=True),
            b"}}",
        ]

    def _header(self, body: Sequence[bytes]) -> dict[str, object]:
        """The first line of the file: what it is, for which code, and what follows it."""
        digest = hashlib.blake2b(digest_size=16)
        for part in body:
            digest.update(part)
        return {
            "format": CACHE_FORMAT,
            "version": CACHE_VERSION,
            "code": self._code,
            "bytes": sum(map(len, body)),
            "blake2b": digest.hexdigest(),
        }


_PART_ENTRIES = 4096
"""Entries of the cache's body turned into JSON at a time (:meth:`VersionCache._body`)."""


def _entries(entries: "Iterable[object]", pairs: bool) -> list[bytes]:
    """The compact JSON of ``entries``, list elements or (with ``pairs``) the (key, value)
    pairs of a dict, without the brackets, made :data:`_PART_ENTRIES` at a time."""
    parts: list[bytes] = []
    pending = iter(entries)
    while chunk := list(islice(pending, _PART_ENTRIES)):
        text = json.dumps(dict(chunk) if pairs else chunk, separators=(",", ":"))  # type: ignore[arg-type]
        parts.append((text[1:-1] if not parts else "," + text[1:-1]).encode())
    return parts


# The numbers of a version's records: unsigned 32-bit integers, little-endian, in base64.
_NUMBER: Literal["I", "L"] = "I" if array("I").itemsize == 4 else "L"


def _pack(numbers: "array[int]") -> str:
    if sys.byteorder == "big":
        numbers = array(_NUMBER, numbers)
        numbers.byteswap()
    return binascii.b2a_base64(numbers.tobytes(), newline=False).decode("ascii")


def _unpack(text: str) -> "Sequence[int]":
    try:
        packed = binascii.a2b_base64(text, strict_mode=True)
    except (binascii.Error, ValueError):
        raise _Surprise from None
    if len(packed) % 4:
        raise _Surprise
    if sys.byteorder == "little":
        return memoryview(packed).cast(_NUMBER)
    numbers = array(_NUMBER, packed)
    numbers.byteswap()
    return numbers


def _facts_of_rows(rows: list[object]) -> list[ItemFacts]:
    """The records as facts, checked column by column: any record of another shape, type or
    range is a surprise."""
    if not rows:
        return []
    if set(map(type, rows)) != {list}:
        raise _Surprise
    records = cast(list[list[object]], rows)
    if set(map(len, records)) != {10}:
        raise _Surprise
    refs, titles, owners, dues, statuses, dones, baselines, moved, handed, off = zip(
        *records, strict=True
    )
    texts = {str}
    if not (
        set(map(type, refs)) == texts
        and set(map(type, titles)) == texts
        and set(map(type, owners)) == texts
        and set(map(type, statuses)) == texts
        and set(statuses) <= _STATUSES
    ):
        raise _Surprise
    return list(
        map(
            ItemFacts,
            refs,
            titles,
            owners,
            _days(dues, optional=False),
            statuses,
            _days(dones),
            _days(baselines),
            map(_record_of_row, moved),
            map(_record_of_row, handed),
            map(_record_of_row, off),
        )
    )


def _record_row(record: RecordedDecision | None) -> list[object] | None:
    if record is None:
        return None
    on, reason, decision, ref = record
    return [None if on is None else on.toordinal(), reason, decision, ref]


def _record_of_row(row: object) -> RecordedDecision | None:
    """A stored record back as a :class:`RecordedDecision`; anything else is a surprise."""
    if row is None:
        return None
    if type(row) is not list or len(row) != 4:
        raise _Surprise
    on, reason, decision, ref = row
    if not all(part is None or type(part) is str for part in (reason, decision, ref)):
        raise _Surprise
    (day,) = _days((on,))
    return RecordedDecision(day, reason, decision, ref)


def _days(column: tuple[object, ...], optional: bool = True) -> list[date | None]:
    """Day numbers as dates, None as None where ``optional``; anything else is a surprise."""
    kinds = set(map(type, column))
    if not kinds <= ({int, type(None)} if optional else {int}):
        raise _Surprise
    numbers = cast(tuple[int | None, ...], column)
    days = [number for number in numbers if number is not None]
    if days and (min(days) < 1 or max(days) > _LAST_DAY):
        raise _Surprise
    return [None if number is None else date.fromordinal(number) for number in numbers]


# A message is kept as its English text, or -- a message shown in the language of the run
# (sezctl.core.i18n.Message) -- as what makes it again: template, plural, number and arguments.
_PLAIN = (str, int, float, bool, type(None))


def _error_entry(error: Problem) -> dict[str, object] | None:
    """``{shown: [line, column, code, message]}``; None when the message holds something JSON
    cannot keep (the version is then read again at each run)."""
    message = _message_entry(error.message)
    if message is None:
        return None
    return {error.path: [error.line, error.column, error.code, message]}


def _message_entry(message: object) -> object:
    if type(message) is str:
        return message
    from sezctl.core.i18n import Message

    if not isinstance(message, Message):
        return None
    maker, made_of = message.__reduce__()[:2]
    if maker is not Message or not isinstance(made_of, tuple) or len(made_of) != 4:
        return None
    template, plural, number, args = made_of
    kept: dict[str, object] = {}
    for name, value in args.items():
        if isinstance(value, Message):
            value = _message_entry(value)
            if value is None:
                return None
            kept[name] = value
        elif type(value) in _PLAIN:
            kept[name] = value
        else:
            return None
    return {"message": [template, plural, number, kept]}


def _message(entry: object) -> str:
    if type(entry) is str:
        return entry
    if type(entry) is not dict or len(entry) != 1 or type(entry.get("message")) is not list:
        raise _Surprise
    made_of = entry["message"]
    if len(made_of) != 4:
        raise _Surprise
    template, plural, number, args = made_of
    if not (
        _plain_template(template)
        and (plural is None or _plain_template(plural))
        and type(number) is int
        and type(args) is dict
    ):
        raise _Surprise
    from sezctl.core.i18n import Message

    kept = {name: _message(value) if type(value) is dict else value for name, value in args.items()}
    if not all(type(value) in _PLAIN or isinstance(value, Message) for value in kept.values()):
        raise _Surprise
    try:
        return Message(template, plural, number, kept)
    except (KeyError, IndexError, ValueError):  # a template its arguments do not fill
        raise _Surprise from None


# What a template from the cache may ask of str.format: a named argument, shown with !r, !s or
# !a and a short format spec ("{size:,}"): never an attribute, an index or a width that would
# make a huge text.
_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SPEC = re.compile(r"[<>^=]?[-+ ]?#?0?[0-9]{0,3}[,_]?(?:\.[0-9]{1,3})?[bcdeEfFgGnosxX%]?")


def _plain_template(template: object) -> bool:
    if type(template) is not str:
        return False
    import string

    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return False
    return all(
        name is None
        or (
            _FIELD.fullmatch(name)
            and conversion in (None, "r", "s", "a")
            and _SPEC.fullmatch(spec or "")
        )
        for _, name, spec, conversion in fields
    )
