"""The roadmap's history in git: what changed in meaning, in which commit, by whom and why.

Git already records every deadline that was ever moved.  This module turns that record into
facts about items:

* :func:`walk_history` reads a stretch of history in bulk -- ONE ``git log`` stream names the
  commits and the roadmap files each changed, ONE ``git cat-file --batch`` reads every changed
  file -- and re-parses only the files a commit changed, so a thousand commits cost a thousand
  small parses and two processes.  What each version reads as is kept by blob id
  (:mod:`sezctl.history.versions`), so the next walk parses only versions it has not seen and
  runs no ``cat-file`` at all when there are none.  It returns one :class:`FieldChange` per
  changed fact.
* :func:`build_diff` compares two states (two revisions, or a revision and the work tree) and
  attributes each difference to the last commit that made it.
* :func:`build_item_history` lists the changes of one item, oldest first.

A file that does not load at some revision is reported as a warning and skipped: its last
version that loaded stands in for it, so one broken commit never looks like items removed and
added again.  A version larger than the loader's limit (``file-too-large``) is skipped the same
way without being read: its size is asked first.  A shallow clone whose history stops inside
the stretch walked is an error (:class:`~sezctl.history.git.ShallowHistory`, exit 2), never a
history in which every item looks added at the cut.  Nothing here prints or reads the clock;
git is reached only through :mod:`sezctl.history.git`.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sezctl.core.i18n import M, Mn, _
from sezctl.core.model import Portfolio, Status
from sezctl.core.problems import Problem, Severity, SezctlError
from sezctl.history import git
from sezctl.history.decisions import DecisionBook as DecisionBook

# ItemFacts, State and facts_of live with the cache of what each version of a file reads as;
# reports and the CLI import them from here.
from sezctl.history.versions import ItemFacts as ItemFacts
from sezctl.history.versions import RecordedDecision as RecordedDecision
from sezctl.history.versions import State as State
from sezctl.history.versions import Version, VersionCache, caching_enabled, read_version
from sezctl.history.versions import facts_of as facts_of
from sezctl.source.loader import ROADMAP_SUFFIXES
from sezctl.source.yaml_nodes import MAX_FILE_BYTES

if TYPE_CHECKING:
    pass

SKIPPED_CODE = "history-file-skipped"
TOO_LARGE_CODE = "file-too-large"  # the loader's code for the same limit

DEFAULT_SINCE_DAYS = 7
"""How far back ``diff`` and ``report`` look when no starting point is given: the last week."""

# The facts whose changes are history, in the order a report shows them.
TRACKED_FIELDS = ("due", "owner", "status", "done", "baseline")

# The kinds of difference a diff reports, in the order it shows them.
DIFF_KINDS = (
    "deadline-moved",
    "completed",
    "reopened",
    "reassigned",
    "status-changed",
    "added",
    "removed",
)


class CommitInfo(NamedTuple):  # one per commit walked, and FieldChange one per change: tuples
    """A commit as reports show it: id, author, author date and the first line of the message."""

    commit: str
    author: str
    date: str
    message: str

    @property
    def short(self) -> str:
        return self.commit[:7]

    @property
    def day(self) -> str:
        return self.date[:10]


class FieldChange(NamedTuple):
    """One fact of one item changed by one commit.  ``name`` is a tracked field, or ``added`` /
    ``removed`` for the item as a whole (then ``old`` / ``new`` are None)."""

    ref: str
    title: str
    name: str
    old: object
    new: object
    commit: CommitInfo
    # What the new version records about why (the reschedule, reassignment or off-control
    # entry behind the new value); None for a change with no record: an edit by hand.
    record: RecordedDecision | None = None

    @property
    def days(self) -> int | None:
        """For a deadline move, how many days later (negative: earlier)."""
        if self.name == "due" and isinstance(self.old, date) and isinstance(self.new, date):
            return (self.new - self.old).days
        return None


@dataclass(slots=True)
class HistorySource:
    """Where the roadmap files live in git: the repository root and the pathspecs (from the
    root) of the roadmap files and folders, as the command line named them."""

    root: Path
    specs: dict[str, bool]  # path from the root -> is a folder
    # Worked out once per name; the cache of what each version read as, opened on first use.
    _roadmap: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False)
    _shown: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _versions: VersionCache | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def for_paths(cls, paths: list[Path], purpose: str = "history") -> "HistorySource":
        root = git.repository_root(paths[0].resolve(), paths[0], purpose=purpose)
        specs: dict[str, bool] = {}
        for path in paths:
            relative = Path(os.path.relpath(path.resolve(), root))
            if relative.parts[:1] == ("..",):
                raise SezctlError(
                    _("{path} is outside the git repository at {root}").format(path=path, root=root)
                )
            specs[relative.as_posix()] = path.is_dir()
        return cls(root, specs)

    def is_roadmap(self, name: str) -> bool:
        """The rule used on disk: a file named directly, or a visible *.yaml / *.yml file."""
        known = self._roadmap.get(name)
        if known is None:
            known = self._roadmap[name] = self._is_roadmap(name)
        return known

    def _is_roadmap(self, name: str) -> bool:
        if name in self.specs:
            return True
        for spec in self.specs:
            if spec == "." or name.startswith(spec + "/"):
                below = Path(name).relative_to(spec).parts if spec != "." else Path(name).parts
                return name.endswith(ROADMAP_SUFFIXES) and not any(
                    part.startswith(".") for part in below
                )
        return False

    def shown(self, name: str) -> str:
        shown = self._shown.get(name)
        if shown is None:
            shown = self._shown[name] = Path(os.path.relpath(self.root / name)).as_posix()
        return shown

    def versions(self, folders: git.GitFolders | None = None) -> VersionCache:
        """What each version of a file reads as (:mod:`sezctl.history.versions`): the cache in
        the repository's git folder, opened once (``folders`` saves asking git where it is)."""
        if self._versions is None:
            common = None
            if caching_enabled():
                try:
                    common = (folders or git.git_folders(self.root)).common
                except git.GitError:  # the cache is never a reason to fail
                    common = None
            self._versions = VersionCache.open(common)
        return self._versions

    def close_versions(self) -> None:
        """Let go of the cache of versions (each read saves it): a caller done with reading
        states frees it before loading a whole portfolio; a later read opens it again."""
        self._versions = None

    def read_roadmap_files(self, commit: str) -> git.Contents:
        """Every roadmap file at ``commit`` (the same rule as on disk: suffixes, nothing
        hidden), ``{path from the root: bytes}``, with the size of each file over the loader's
        limit, which is left unread: one ``ls-tree`` and one ``cat-file --batch``.  The one
        reader of "all roadmap files at a commit", for ``--as-of``, ``--base`` and history."""
        return git.read_files_at(
            self.root, commit, list(self.specs), MAX_FILE_BYTES, keep=self.is_roadmap
        )


# -- reading facts ------------------------------------------------------------------------------


def _skipped(
    source: HistorySource, name: str, version: Version, commit: str, problems: list[Problem]
) -> bool:
    """True, with a warning, when this version of the file does not load: it is skipped."""
    first = version.error
    if first is not None:
        path = Path(source.shown(name))
        problems.append(
            Problem(
                path.as_posix(),
                0,
                0,
                SKIPPED_CODE,
                # TRANSLATORS: {problem} is the loader's first error in the file, translated.
                M(
                    "at commit {commit} the file does not load ({line}:{column}: {problem}); "
                    "that version is skipped",
                    commit=commit[:7],
                    line=first.line,
                    column=first.column,
                    problem=first.message,
                ),
                Severity.WARNING,
            )
        )
        return True
    return False


def too_large_problem(path: str, commit: str, size: int, severity: Severity) -> Problem:
    """The loader's ``file-too-large`` problem for a version in git, which is not read: an
    error where that version is the one asked for, a warning where history skips it."""
    if severity is Severity.ERROR:
        message = Mn(
            "at commit {commit} the file is {count:,} byte; the limit is {limit:,} bytes, so it "
            "is not read.",
            "at commit {commit} the file is {count:,} bytes; the limit is {limit:,} bytes, so it "
            "is not read.",
            size,
            commit=commit[:7],
            limit=MAX_FILE_BYTES,
        )
    else:
        message = Mn(
            "at commit {commit} the file is {count:,} byte; the limit is {limit:,} bytes, so "
            "that version is skipped unread.",
            "at commit {commit} the file is {count:,} bytes; the limit is {limit:,} bytes, so "
            "that version is skipped unread.",
            size,
            commit=commit[:7],
            limit=MAX_FILE_BYTES,
        )
    return Problem(path, 0, 0, TOO_LARGE_CODE, message, severity)


def days_before(day: date, days: int) -> date:
    """``day`` minus ``days``, but never before the calendar's first day (0001-01-01): the last
    week of ``--today 0001-01-03`` is what there is of it."""
    return date.fromordinal(max(1, day.toordinal() - days))


@dataclass(slots=True)
class FileStates:
    """The version of each roadmap file standing at one point of history (path from the root
    -> the last version of it that loaded)."""

    files: dict[str, Version] = field(default_factory=dict)

    def merged(self) -> State:
        state: State = {}
        for name in sorted(self.files):
            for ref, facts in self.files[name].state.items():
                state.setdefault(ref, facts)
        return state

    def lookup(self, ref: str, skip: set[str]) -> ItemFacts | None:
        for name in sorted(self.files):
            if name not in skip and ref in self.files[name].state:
                return self.files[name].state[ref]
        return None


def read_versions(
    source: HistorySource, wanted: Iterable[tuple[str, str]], sizes: dict[str, int] | None = None
) -> dict[tuple[str, str], Version]:
    """What each ``(name, blob)`` of ``wanted`` reads as: from the cache, or read from git
    (one ``cat-file --batch-check`` for the sizes unless ``sizes`` has them, one ``cat-file
    --batch`` for those within the loader's limit) and parsed, then kept in the cache."""
    cache = source.versions()
    found: dict[tuple[str, str], Version] = {}
    missing: list[tuple[str, str]] = []
    for key in wanted:
        if key in found:
            continue
        name, blob = key
        version = cache.version(blob, source.shown(name))
        if version is None:
            missing.append(key)
            found[key] = Version()  # a place held in the order asked
        else:
            found[key] = version
    if not missing:
        return found
    if sizes is None:
        sizes = git.blob_sizes(source.root, (blob for _, blob in missing))
    data = git.read_blobs(
        source.root, (blob for _, blob in missing if sizes[blob] <= MAX_FILE_BYTES)
    )
    for name, blob in missing:
        shown = source.shown(name)
        version = cache.version(blob, shown)  # read meanwhile under another name
        if version is None:
            if blob in data:
                version = read_version(Path(shown), data[blob])
            else:
                version = Version(size=sizes[blob])
            version = cache.add(blob, version)
        found[name, blob] = version
    cache.save()
    return found


def read_state_at(source: HistorySource, commit: str, problems: list[Problem]) -> FileStates:
    """Every roadmap file at ``commit``: one ``ls-tree``, and one ``cat-file --batch`` for the
    versions the cache does not hold."""
    entries = [
        entry
        for entry in git.list_files_at(source.root, commit, list(source.specs))
        if source.is_roadmap(entry.path)
    ]
    for entry in entries:
        if entry.size > MAX_FILE_BYTES:
            shown = source.shown(entry.path)
            problems.append(too_large_problem(shown, commit, entry.size, Severity.WARNING))
    small = [entry for entry in entries if entry.size <= MAX_FILE_BYTES]
    versions = read_versions(
        source, [(entry.path, entry.blob) for entry in small], {e.blob: e.size for e in small}
    )
    states = FileStates()
    for entry in small:
        version = versions[entry.path, entry.blob]
        if not _skipped(source, entry.path, version, commit, problems):
            states.files[entry.path] = version
    return states


@dataclass(slots=True)
class Walk:
    """The outcome of :func:`walk_history`: the changes in order, the files' final state, the
    commits walked and the warnings about versions skipped."""

    initial: State
    changes: list[FieldChange]
    final: FileStates
    commits: list[CommitInfo]
    problems: list[Problem]
    checkpoints: dict[datetime, State] = field(default_factory=dict)


def walk_history(
    source: HistorySource,
    end: str,
    start: str | None = None,
    progress: object = None,
    checkpoints: Iterable[datetime] = (),
) -> Walk:
    """The changes made by each commit after ``start`` (from the first commit when None) up to
    ``end``, oldest first.  ``progress``, when given, is called as ``progress(done, total)``.

    For each of ``checkpoints`` (aware datetimes) the walk also keeps the whole state after the
    last commit committed at or before it (empty before the first), for weekly trends.
    """
    folders = git.git_folders(source.root)
    git.require_full_history(source.root, end, start, folders)
    source.versions(folders)  # opened where git just said, without asking again
    problems: list[Problem] = []
    states = read_state_at(source, start, problems) if start is not None else FileStates()
    initial = states.merged()
    log = git.log_changes(source.root, list(source.specs), end, start)
    is_roadmap = source.is_roadmap
    versions = read_versions(
        source,
        [
            (change.path, change.blob)
            for entry in log
            for change in entry.changes
            if change.blob is not None and is_roadmap(change.path)
        ],
    )
    changes: list[FieldChange] = []
    commits: list[CommitInfo] = []
    # Compared in seconds since 1970, as git keeps commit dates: no year limit either way.
    pending = sorted((moment.timestamp(), moment) for moment in checkpoints)
    kept: dict[datetime, State] = {}
    for index, entry in enumerate(log):
        if callable(progress):
            progress(index, len(log))
        if pending and pending[0][0] < entry.committed:
            state = states.merged()
            while pending and pending[0][0] < entry.committed:
                kept[pending.pop(0)[1]] = state
        info = CommitInfo(entry.commit, entry.author, entry.date, entry.subject)
        commits.append(info)
        swaps: list[tuple[str, Version | None, Version | None]] = []  # (file, before, after)
        for change in entry.changes:
            if not is_roadmap(change.path):
                continue
            new: Version | None = None
            if change.blob is not None:
                version = versions[change.path, change.blob]
                if version.size is not None:
                    shown = source.shown(change.path)
                    size = version.size
                    problems.append(too_large_problem(shown, entry.commit, size, Severity.WARNING))
                    continue  # skipped unread: the last version that loaded stands
                if _skipped(source, change.path, version, entry.commit, problems):
                    continue  # skipped: the last version that loaded stands
                new = version
            swaps.append((change.path, states.files.get(change.path), new))
            if new is None:
                states.files.pop(change.path, None)
            else:
                states.files[change.path] = new
        if len(swaps) == 1 and _compare_in_place(*swaps[0], info, changes):
            continue
        before: State = {}
        after: State = {}
        touched: set[str] = set()
        for name, old, new in swaps:
            touched.add(name)
            for ref, facts in (old.state if old else {}).items():
                before.setdefault(ref, facts)
            for ref, facts in (new.state if new else {}).items():
                after.setdefault(ref, facts)
        for ref in dict.fromkeys([*before, *after]):
            old_facts = before.get(ref) or states.lookup(ref, touched)
            new_facts = after.get(ref) or states.lookup(ref, touched)
            if old_facts is not new_facts:  # equal facts are one object (versions.VersionCache)
                changes.extend(_compare_facts(old_facts, new_facts, info))
    if pending:
        state = states.merged()
        kept.update(dict.fromkeys((moment for _, moment in pending), state))
    return Walk(initial, changes, states, commits, problems, kept)


def _compare_in_place(
    name: str,
    old: Version | None,
    new: Version | None,
    commit: CommitInfo,
    changes: list[FieldChange],
) -> bool:
    """The usual commit: one file edited, the same items in the same order before and after.
    Then only the records that are not the same object can differ, and their changes are
    added; False (nothing added) for any other commit."""
    if old is None or new is None or old.records is None or new.records is None:
        return False
    if len(old.records) != len(new.records):
        return False
    edited = [(a, b) for a, b in zip(old.records, new.records, strict=True) if a is not b]
    if any(a.ref != b.ref for a, b in edited):
        return False
    for a, b in edited:
        changes.extend(_compare_facts(a, b, commit))
    return True


def _compare_facts(
    old: ItemFacts | None, new: ItemFacts | None, commit: CommitInfo
) -> Iterable[FieldChange]:
    if old is None and new is not None:
        yield FieldChange(new.ref, new.title, "added", None, None, commit)
    elif new is None and old is not None:
        yield FieldChange(old.ref, old.title, "removed", None, None, commit)
    elif old is not None and new is not None:
        for name in TRACKED_FIELDS:
            before, after = getattr(old, name), getattr(new, name)
            if before != after:
                record = _record_behind(name, old, new)
                yield FieldChange(new.ref, new.title, name, before, after, commit, record)


def _record_behind(name: str, old: ItemFacts, new: ItemFacts) -> RecordedDecision | None:
    """The record behind a change of ``name`` from ``old`` to ``new``: the new reschedule entry
    of a moved deadline, the new reassignment of a changed owner, the off-control decision of a
    status that became cancelled by it; None when the change has none (a hand edit)."""
    if name == "due":
        return new.moved
    if name == "owner":
        return new.handed
    if name == "status" and new.off is not None and new.off != old.off:
        return new.off
    return None


# -- diff ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemDifference:
    """One difference in meaning between two states of the roadmap.

    ``old`` / ``new`` are the deadlines (``deadline-moved``), owners (``reassigned``), statuses
    (``status-changed``, ``completed``, ``reopened``) or None (``added``, ``removed``).
    ``commit`` is the last commit in the range that made the change; None when it is not
    committed yet (the work tree) or the range holds no single commit for it.
    """

    kind: str
    ref: str
    title: str
    owner: str
    old: object
    new: object
    days: int | None
    commit: CommitInfo | None
    commits: tuple[CommitInfo, ...] = ()  # every commit in the range that changed it
    # The recorded reason and decision behind the new value (``deadline-moved``: the reschedule
    # entry; ``reassigned``: the reassignment; a point taken off control: its off-control
    # decision); None when nothing is recorded -- a hand edit, "no recorded decision".
    record: RecordedDecision | None = None


@dataclass(slots=True)
class DiffReport:
    """What changed in meaning from one state of the roadmap to another."""

    from_label: str
    to_label: str
    from_commit: str | None
    to_commit: str | None
    differences: list[ItemDifference]
    commits: int
    # The protocols the records are resolved through (docs/git.md): the current files'.
    decisions: DecisionBook = field(default_factory=DecisionBook)

    def of_kind(self, kind: str) -> list[ItemDifference]:
        return [difference for difference in self.differences if difference.kind == kind]


def _attribution(
    changes: list[FieldChange], ref: str, names: tuple[str, ...]
) -> tuple[CommitInfo | None, tuple[CommitInfo, ...]]:
    commits = tuple(c.commit for c in changes if c.ref == ref and c.name in names)
    return (commits[-1] if commits else None), commits


def build_diff(
    before: State,
    after: State,
    changes: list[FieldChange],
    from_label: str,
    to_label: str,
    from_commit: str | None = None,
    to_commit: str | None = None,
    commits: int = 0,
    decisions: DecisionBook | None = None,
) -> DiffReport:
    """The differences between ``before`` and ``after``, each attributed through ``changes``
    (the commits between them, oldest first) to the last commit that made it; ``decisions``
    are the protocols the records behind them are resolved through."""
    by_ref: dict[str, list[FieldChange]] = {}
    for change in changes:
        by_ref.setdefault(change.ref, []).append(change)
    found: list[ItemDifference] = []

    def add(
        kind: str,
        facts: ItemFacts,
        old: object,
        new: object,
        names: tuple[str, ...],
        record: RecordedDecision | None = None,
    ) -> None:
        last, every = _attribution(by_ref.get(facts.ref, []), facts.ref, names)
        days = (new - old).days if isinstance(old, date) and isinstance(new, date) else None
        found.append(
            ItemDifference(
                kind, facts.ref, facts.title, facts.owner, old, new, days, last, every, record
            )
        )

    done = Status.DONE.value
    for ref, new in after.items():
        old = before.get(ref)
        if old is None:
            add("added", new, None, None, ("added",))
            continue
        if old.due != new.due:
            add("deadline-moved", new, old.due, new.due, ("due",), new.moved)
        if old.status != done and new.status == done:
            add("completed", new, old.status, new.status, ("status", "done"))
        elif old.status == done and new.status != done:
            add("reopened", new, old.status, new.status, ("status", "done"))
        elif old.status != new.status:
            off = new.off if new.off != old.off else None
            add("status-changed", new, old.status, new.status, ("status",), off)
        if old.owner != new.owner:
            add("reassigned", new, old.owner, new.owner, ("owner",), new.handed)
    for ref, old in before.items():
        if ref not in after:
            add("removed", old, None, None, ("removed",))
    order = {kind: index for index, kind in enumerate(DIFF_KINDS)}
    found.sort(key=lambda d: (order[d.kind], d.ref))
    book = DecisionBook() if decisions is None else decisions
    return DiffReport(from_label, to_label, from_commit, to_commit, found, commits, book)


# -- one item's history ------------------------------------------------------------------------


@dataclass(slots=True)
class ItemHistory:
    """Every commit that changed one item's deadline, owner, status, done date or baseline."""

    ref: str
    title: str
    changes: list[FieldChange]
    # The protocols the records are resolved through (docs/git.md): the current files'.
    decisions: DecisionBook = field(default_factory=DecisionBook)

    @property
    def deadline_moves(self) -> int:
        return sum(1 for change in self.changes if change.name == "due")

    @property
    def total_days_moved(self) -> int:
        """The deadline's moves added up, later positive and earlier negative."""
        return sum(change.days or 0 for change in self.changes if change.name == "due")


def build_item_history(
    changes: list[FieldChange], ref: str, decisions: DecisionBook | None = None
) -> ItemHistory:
    """The changes of one item, oldest first (``changes`` come oldest first); ``decisions``
    are the protocols the records behind them are resolved through."""
    own = [change for change in changes if change.ref == ref]
    title = own[-1].title if own else ref
    return ItemHistory(ref, title, own, DecisionBook() if decisions is None else decisions)


# -- a baseline revision ------------------------------------------------------------------------


@dataclass(slots=True)
class BaselineComparison:
    """The roadmap at a baseline revision, for ``status --baseline REV``: each item's deadline
    then, and the items that existed then but are gone now."""

    label: str
    commit: str | None
    facts: State
    removed: list[ItemFacts]

    def due_at(self, ref: str) -> date | None:
        facts = self.facts.get(ref)
        return facts.due if facts else None

    def drift_days(self, ref: str, due: date) -> int | None:
        """Days the deadline moved since the baseline (later positive); None for a new item."""
        before = self.due_at(ref)
        return (due - before).days if before is not None else None

    def is_new(self, ref: str) -> bool:
        return ref not in self.facts


def compare_with_baseline(
    baseline: State, current: Portfolio, label: str, commit: str | None
) -> BaselineComparison:
    """The baseline's facts and the items removed since (in the baseline's order)."""
    removed = [facts for ref, facts in baseline.items() if ref not in current.items_by_ref]
    return BaselineComparison(label, commit, baseline, removed)
