"""The one module that runs git.  Everything sezctl asks of git goes through here.

Habits kept in every function:

* git runs as a subprocess with an argument list (``git -C FOLDER ...``), never through a shell,
  with no standard input, so no user text is ever interpreted by anything but git.
* A revision given by the user is checked by :func:`check_revision` before git sees it: one
  starting with ``-`` could otherwise be read as an option.  Paths always follow ``--``.
* Output that holds paths is read in git's NUL-separated form (``-z``), so a file name with a
  space, a newline or a non-ASCII letter is never split or quoted.
* Every path is given to git as a literal pathspec (:func:`literal`, ``:(literal)PATH``):
  ``plan[2026].yaml`` names that file, never a pattern that also matches ``plan2.yaml``.  (Not
  ``git --literal-pathspecs``: git exports that to the hooks a commit runs.)
* Every failure is a :class:`GitError` (a :class:`~sezctl.core.problems.SezctlError`, so exit 2)
  with a message that says what to do: git missing, not a repository, an unknown revision, a
  shallow clone whose history stops before the commits asked for.
* Nothing a commit author typed can make sezctl hold an unbounded amount of it: ``git log`` is
  read as a stream, each field cut at :data:`MAX_FIELD_BYTES` while it is read, and author names
  and subjects are cut again for display (:data:`MAX_AUTHOR_CHARS`, :data:`MAX_SUBJECT_CHARS`).
  Blob sizes are asked first (``cat-file --batch-check``), so a caller can leave a huge file
  unread.  Commit dates git cannot print (it prints the placeholder instead) read as 1970, as
  git itself shows them.

Users of this module: the editing commands' ``--commit`` (:func:`prepare_commit`,
:func:`commit_file`), ``check --base`` and ``--as-of`` (:func:`resolve_revision`,
:func:`read_files_at`), the history commands (:func:`log_changes`,
:func:`last_commit_before`, :func:`require_full_history`, and :func:`git_folders` for where
the history cache lives), and shell completion of revisions (:func:`list_revision_names`).
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

import os
import re
import subprocess
from collections.abc import Callable, Generator, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import NamedTuple

from sezctl.core.i18n import N_, _, format_day
from sezctl.core.problems import SezctlError

MAX_FIELD_BYTES = 64 * 1024
"""Bytes kept of one NUL-separated field of a ``git log`` stream (a path, a name, a subject);
the rest of an overlong field is read and dropped.  Real paths are far shorter (4,096 bytes on
Linux)."""

MAX_SUBJECT_CHARS = 200
"""Characters of a commit subject kept for reports; a longer one ends with an ellipsis."""

MAX_AUTHOR_CHARS = 100
"""Characters of an author name kept for reports."""

CI_FETCH_HINT = N_("in CI: actions/checkout with fetch-depth: 0, or GIT_DEPTH: 0 in GitLab")
"""How CI jobs get the whole history, for every message about missing history."""

_UNKNOWN_DATE = "1970-01-01T00:00:00+00:00"  # what git prints for a date it cannot represent


class GitError(SezctlError):
    """git is missing, the file is not in a repository, or a git command failed."""


class GitMissing(GitError):
    """There is no ``git`` program to run."""


class ShallowHistory(GitError):
    """The repository is a shallow clone and the history asked for goes past its cut."""


def _missing(purpose: str) -> GitMissing:
    return GitMissing(
        _("{purpose} needs git, and git is not installed (or not on PATH)").format(purpose=purpose)
    )


def _failed(args: tuple[str, ...], returncode: int, stderr: bytes) -> GitError:
    message = stderr.decode("utf-8", "replace").strip() or f"exit {returncode}"
    return GitError(_("git {command} failed: {message}").format(command=args[0], message=message))


def _git(folder: Path, *args: str, purpose: str = "--commit", stdin: bytes | None = None) -> bytes:
    """Run ``git -C folder ARGS...`` and return its standard output as bytes.

    ``purpose`` names the option that needed git, for the message when git is not installed.
    ``stdin`` is fed to the command (``cat-file --batch``); otherwise it reads nothing.
    """
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            check=False,
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise _missing(purpose) from None
    if done.returncode != 0:
        raise _failed(args, done.returncode, done.stderr)
    return done.stdout


def _git_fields(
    folder: Path, *args: str, separator: bytes = b"\0", purpose: str = "history"
) -> Generator[bytes, None, None]:
    """Run ``git -C folder ARGS...`` and yield its output piece by piece, split at
    ``separator``, each piece cut at :data:`MAX_FIELD_BYTES` while it is read: however long a
    commit message is, sezctl holds at most that much of it.  Stopping early (``break``) ends
    git; a failure is raised once the output is read."""
    import tempfile

    with tempfile.TemporaryFile() as errors:  # a file, so git never blocks on a full pipe
        try:
            process = subprocess.Popen(
                ["git", "-C", str(folder), *args],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=errors,
            )
        except FileNotFoundError:
            raise _missing(purpose) from None
        assert process.stdout is not None
        finished = False
        try:
            field = bytearray()  # the field the last chunk ended in, cut at the limit
            for chunk in iter(partial(process.stdout.read, 65536), b""):
                pieces = chunk.split(separator)
                end = pieces.pop()  # the start of a field the next chunk goes on with
                if pieces:
                    if field:
                        field += pieces[0][: MAX_FIELD_BYTES - len(field)]
                        pieces[0] = bytes(field)
                        field.clear()
                    # The fields whole in this chunk, as they are: no copy unless overlong.
                    if max(map(len, pieces)) > MAX_FIELD_BYTES:
                        pieces = [piece[:MAX_FIELD_BYTES] for piece in pieces]
                    yield from pieces
                field += end[: MAX_FIELD_BYTES - len(field)]
            if field:
                yield bytes(field)
            finished = True
        finally:
            if not finished:
                process.kill()
            process.stdout.close()
            returncode = process.wait()
        if returncode != 0:
            errors.seek(0)
            raise _failed(args, returncode, errors.read(MAX_FIELD_BYTES))


def _text(output: bytes) -> str:
    return output.decode("utf-8", "replace")


def literal(path: object) -> str:
    """``path`` as a pathspec that git takes literally: no glob, no magic, whatever it holds."""
    return f":(literal){path}"


# Characters that would act on a terminal or reorder the text around them instead of showing
# (C0 and C1 controls, line and paragraph separators, bidirectional overrides and isolates).
_BREAKS = re.compile("[\t\n\r\v\f\u2028\u2029]")
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def display_text(raw: bytes, limit: int) -> str:
    """Bytes a person typed into git (an author name, a subject) as one line of at most
    ``limit`` characters: invalid UTF-8 replaced, line breaks and tabs as spaces, other control
    characters as U+FFFD, and a longer text cut with an ellipsis."""
    text = raw[: 4 * (limit + 1)].decode("utf-8", "replace")
    if not text.isprintable():  # every character the patterns replace is unprintable
        text = _INVISIBLE.sub("\ufffd", _BREAKS.sub(" ", text))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- the work tree ------------------------------------------------------------------------------


def repository_root(path: Path, shown: object = None, purpose: str = "--commit") -> Path:
    """The top folder of the git work tree that holds ``path`` (named ``shown`` in messages).

    ``path`` may be a file or a folder; for a file, its folder is asked.
    """
    folder = path if path.is_dir() else path.parent
    try:
        return Path(_text(_git(folder, "rev-parse", "--show-toplevel", purpose=purpose)).strip())
    except GitMissing:
        raise
    except GitError:
        if purpose == "--commit":
            message = _("{path} is not inside a git repository; drop --commit")
        else:
            message = _("{path} is not inside a git repository; {purpose} needs one")
        raise GitError(message.format(path=shown or path, purpose=purpose)) from None


def require_clean(path: Path, shown: object = None) -> None:
    """Refuse when ``path`` is untracked or has uncommitted changes: the commit must hold this
    edit and nothing else.  ``shown`` is how messages name the file."""
    root = repository_root(path, shown)
    shown = shown or path
    status = _text(_git(root, "status", "--porcelain", "-z", "--", literal(path)))
    entries = [entry for entry in status.split("\0") if entry]
    if not entries:
        return
    if entries[0].startswith("??"):
        raise GitError(
            _("{path} is not tracked by git yet; add and commit it first").format(path=shown)
        )
    raise GitError(
        _(
            "{path} has uncommitted changes; commit or stash them first, so that the commit "
            "holds only this edit"
        ).format(path=shown)
    )


def prepare_commit(path: Path, shown: object = None) -> Path:
    """The file that ``--commit`` will commit for the roadmap ``path`` (its real file, symbolic
    links resolved), once everything that would stop the commit from holding exactly the edit
    has been ruled out, before anything is written: no repository, a symbolic link into another
    repository, an untracked file or one with uncommitted changes, no identity to commit with.

    The commit goes to the repository of the folder that holds ``path``: a link that leads into
    another repository (or out of any) is refused rather than committed over there.
    """
    shown = shown or path
    root = repository_root(path, shown)
    target = Path(os.path.realpath(path))
    try:
        target_root = repository_root(target, shown)
    except GitMissing:
        raise
    except GitError:
        target_root = None
    if target_root != root:
        if target_root is None:
            message = _(
                "{path} is a symbolic link to {target}, which is in no git repository, not in "
                "{root} where {path} is; --commit commits only in the roadmap folder's own "
                "repository. Edit without --commit and commit the change where the file is"
            )
        else:
            message = _(
                "{path} is a symbolic link to {target}, which is in the git repository {other}, "
                "not in {root} where {path} is; --commit commits only in the roadmap folder's "
                "own repository. Edit without --commit and commit the change where the file is"
            )
        raise GitError(message.format(path=shown, target=target, other=target_root, root=root))
    require_clean(target, shown)
    for identity in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        try:
            _git(root, "var", identity)
        except GitMissing:
            raise
        except GitError:
            raise GitError(
                _(
                    "git does not know who you are, so it cannot commit: set your name and e-mail "
                    'with `git config --global user.name "Your Name"` and '
                    "`git config --global user.email you@example.kz`, then run the command again"
                )
            ) from None
    return target


def commit_file(path: Path, message: str, shown: object = None) -> str:
    """Commit ``path`` alone (other staged changes stay staged and out of the commit) and
    return the short hash.

    The file is committed as it is in the work tree (``commit --only``) without staging it
    first, so a commit that fails (a pre-commit hook refuses, signing fails) leaves the index
    exactly as it was; the :class:`GitError` says so.
    """
    root = repository_root(path, shown)
    shown = shown or path
    try:
        _git(root, "commit", "--quiet", "--only", "-m", message, "--", literal(path))
    except GitMissing:
        raise
    except GitError as exc:
        name = _shell_path(str(shown))
        raise GitError(
            _(
                "{error}\n{path} is edited but not committed; nothing was staged, the git index "
                "is as it was. Fix what git reports, then commit the file (`git commit -- {name}`) "
                "or undo the edit (`git checkout -- {name}`)"
            ).format(error=exc, path=shown, name=name)
        ) from None
    return _text(_git(root, "rev-parse", "--short", "HEAD")).strip()


def commit_files(paths: list[Path], message: str, shown: list[str]) -> str:
    """Commit ``paths`` together, and nothing else, in one commit (``reschedule --cascade``):
    as :func:`commit_file`, for several files of one repository."""
    root = repository_root(paths[0], shown[0])
    try:
        _git(root, "commit", "--quiet", "--only", "-m", message, "--", *map(literal, paths))
    except GitMissing:
        raise
    except GitError as exc:
        names = " ".join(_shell_path(name) for name in shown)
        raise GitError(
            _(
                "{error}\n{paths} are edited but not committed; nothing was staged, the git "
                "index is as it was. Fix what git reports, then commit the files (`git commit "
                "-- {names}`) or undo the edit (`git checkout -- {names}`)"
            ).format(error=exc, paths=", ".join(shown), names=names)
        ) from None
    return _text(_git(root, "rev-parse", "--short", "HEAD")).strip()


def _shell_path(path: str) -> str:
    """``path`` as typed in a shell after ``git ... --``: quoted, and literal if git would
    otherwise read it as a pattern."""
    import shlex

    return shlex.quote(literal(path) if any(c in path for c in "*?[\\") else path)


# -- revisions ----------------------------------------------------------------------------------


def check_revision(revision: str) -> str:
    """The revision text, or a :class:`GitError` if git could mistake it for an option."""
    if not revision.strip():
        raise GitError(_("the revision is empty; give a branch, tag or commit, e.g. origin/main"))
    if revision.startswith("-"):
        raise GitError(
            _("revision {revision!r} starts with '-'; give a branch, tag or commit").format(
                revision=revision
            )
        )
    if any(char in revision for char in "\0\n\r"):
        raise GitError(
            _("revision {revision!r} contains a line break or NUL").format(revision=revision)
        )
    return revision


def resolve_revision(root: Path, revision: str, purpose: str = "--base") -> str:
    """The full commit id that ``revision`` names in the repository at ``root``."""
    check_revision(revision)
    try:
        output = _git(
            root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}",
            purpose=purpose,
        )  # fmt: skip
    except GitMissing:
        raise
    except GitError:
        raise GitError(
            _(
                "unknown revision {revision!r}: no such branch, tag or commit in {root}. If it "
                "exists on a remote, fetch it first (`git fetch`, and `git fetch --unshallow` in "
                "a shallow clone; {ci})"
            ).format(revision=revision, root=root, ci=_(CI_FETCH_HINT))
        ) from None
    return _text(output).strip()


@dataclass(frozen=True, slots=True)
class RevisionName:
    """A name a person can give for a revision, as shell completion offers it: ``kind`` is
    ``branch``, ``remote`` (a remote-tracking branch), ``tag`` or ``commit`` (``HEAD``,
    ``HEAD~N``); ``day`` (YYYY-MM-DD) and ``subject`` are of the commit (or tag) it names."""

    name: str
    kind: str
    day: str
    subject: str


REF_KINDS = {"refs/heads/": "branch", "refs/remotes/": "remote", "refs/tags/": "tag"}


def list_revision_names(root: Path, limit: int = 500, recent: int = 10) -> list[RevisionName]:
    """``HEAD`` and the ``recent - 1`` commits before it (``HEAD~1`` ...), then the branches,
    remote-tracking branches and tags of the repository at ``root`` (``git for-each-ref``, at
    most ``limit``, newest first).  Two git processes; names are git's short forms."""
    names = []
    # --first-parent: the n-th commit listed is then exactly HEAD~n, merges or not.
    log = _git(root, "log", "--first-parent", f"--max-count={recent}", "--format=%cs%x00%s",
               "HEAD", "--", purpose="completion")  # fmt: skip
    for back, line in enumerate(_text(log).splitlines()):
        day, subject = [*line.split("\0", 1), ""][:2]
        names.append(RevisionName(f"HEAD~{back}" if back else "HEAD", "commit", day, subject))
    refs = _git(
        root, "for-each-ref", f"--count={limit}", "--sort=-creatordate",
        "--format=%(refname)%00%(refname:short)%00%(creatordate:short)%00%(contents:subject)",
        *REF_KINDS, purpose="completion",
    )  # fmt: skip
    for line in _text(refs).splitlines():
        full, short, day, subject = [*line.split("\0"), "", "", ""][:4]
        kind = next((kind for prefix, kind in REF_KINDS.items() if full.startswith(prefix)), "")
        if kind and not full.endswith("/HEAD"):  # origin/HEAD only points at another branch
            names.append(RevisionName(short, kind, day, subject))
    return names


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """A regular file in a commit: its path from the repository root, blob id and size."""

    path: str
    blob: str
    size: int


def list_files_at(root: Path, commit: str, pathspecs: Iterable[str]) -> list[TreeEntry]:
    """Every regular file under ``pathspecs`` (paths from the root) in ``commit``, in git order,
    with its size (``ls-tree --long``), so a caller can leave a huge one unread.

    Symbolic links and submodules are left out: only file contents can be roadmaps.
    """
    check_revision(commit)
    output = _git(
        root, "ls-tree", "-r", "-z", "--long", "--full-tree", commit, "--",
        *map(literal, pathspecs),
    )  # fmt: skip
    entries = []
    for record in _text(output).split("\0"):
        if not record:
            continue
        meta, _, path = record.partition("\t")
        mode, kind, blob, size = meta.split()
        if kind == "blob" and mode in ("100644", "100755"):
            entries.append(TreeEntry(path, blob, int(size)))
    return entries


@dataclass(frozen=True, slots=True)
class TreePath:
    """One path in a commit as ``ls-tree`` names it: a file (``blob``, with its size), a
    folder (``tree``) or a submodule (``commit``)."""

    path: str
    mode: str
    kind: str
    object: str
    size: int  # 0 for a folder or a submodule


def list_paths_at(root: Path, commit: str, paths: Iterable[str]) -> list[TreePath]:
    """What each of ``paths`` (from the root, exact, not searched below) is in ``commit``;
    paths that do not exist there are left out.  One ``ls-tree``."""
    check_revision(commit)
    wanted = list(paths)
    if not wanted:
        return []
    output = _git(
        root, "ls-tree", "-z", "--long", "--full-tree", commit, "--", *map(literal, wanted)
    )
    found = []
    for record in _text(output).split("\0"):
        if not record:
            continue
        meta, _, path = record.partition("\t")
        mode, kind, name, size = meta.split()
        found.append(TreePath(path, mode, kind, name, int(size) if size.isdigit() else 0))
    return found


def blob_sizes(root: Path, blobs: Iterable[str]) -> dict[str, int]:
    """The size in bytes of each blob, through one ``git cat-file --batch-check`` process: what
    reading it would cost, asked before reading it."""
    wanted = list(dict.fromkeys(blobs))
    if not wanted:
        return {}
    output = _git(
        root, "cat-file", "--batch-check", stdin="".join(f"{b}\n" for b in wanted).encode()
    )
    sizes: dict[str, int] = {}
    for blob, line in zip(wanted, _text(output).splitlines(), strict=False):
        header = line.split(" ")
        if len(header) != 3:  # "<id> missing" or "<id> ambiguous"
            raise _object_error(blob, header)
        sizes[blob] = int(header[2])
    if len(sizes) != len(wanted):
        raise GitError(_("git cat-file --batch-check answered for fewer objects than asked"))
    return sizes


def read_blobs(root: Path, blobs: Iterable[str]) -> dict[str, bytes]:
    """The contents of many blobs at once, through one ``git cat-file --batch`` process.  It
    reads them whole: callers ask their sizes first (:func:`blob_sizes`, or the ``size`` of a
    :class:`TreeEntry`)."""
    wanted = list(dict.fromkeys(blobs))
    if not wanted:
        return {}
    output = _git(root, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in wanted).encode())
    contents: dict[str, bytes] = {}
    offset = 0
    for blob in wanted:
        end = output.index(b"\n", offset)
        header = output[offset:end].decode("ascii", "replace").split(" ")
        offset = end + 1
        if len(header) != 3:  # "<id> missing" or "<id> ambiguous"
            raise _object_error(blob, header)
        size = int(header[2])
        contents[blob] = output[offset : offset + size]
        offset += size + 1  # the content is followed by a newline
    return contents


@dataclass(frozen=True, slots=True)
class Contents:
    """Files read within a size limit: the contents of those within it, and the size of each
    one left unread because it is larger."""

    data: dict[str, bytes]
    too_large: dict[str, int]


def read_files_at(
    root: Path,
    commit: str,
    pathspecs: Iterable[str],
    max_bytes: int,
    keep: Callable[[str], bool] | None = None,
) -> Contents:
    """``{path from the root: bytes}`` of every regular file under ``pathspecs`` at ``commit``
    (only those whose path ``keep`` accepts, when given) of at most ``max_bytes`` bytes, and the
    size of each larger one, which is not read: one ``ls-tree`` and one ``cat-file --batch``,
    however many files.  ``commit`` is a name git resolves; callers pass what a user typed
    through :func:`resolve_revision` first, for its message about an unknown revision."""
    entries = [
        entry
        for entry in list_files_at(root, commit, pathspecs)
        if keep is None or keep(entry.path)
    ]
    small = [entry for entry in entries if entry.size <= max_bytes]
    blobs = read_blobs(root, (entry.blob for entry in small))
    return Contents(
        {entry.path: blobs[entry.blob] for entry in small},
        {entry.path: entry.size for entry in entries if entry.size > max_bytes},
    )


# -- history ------------------------------------------------------------------------------------


class FileChange(NamedTuple):  # one per change of a long history: a tuple is quick to make
    """One file changed by a commit: its path from the root and its new blob (None if deleted)."""

    path: str
    blob: str | None


class LogEntry(NamedTuple):
    """One commit of a ``git log`` stream, with the files it changed under the pathspecs.
    ``author`` and ``subject`` are cut for display (:func:`display_text`)."""

    commit: str
    author: str
    date: str  # author date, ISO 8601 with the author's offset
    subject: str
    changes: tuple[FileChange, ...]
    committed: int = 0  # committer date, seconds since 1970: what "on or before" compares


_HEADER_FIELDS = 5  # %H %an %aI %ct %s
_FILE_MODES = ("100644", "100755")


def log_changes(
    root: Path, pathspecs: Iterable[str], end: str, start: str | None = None
) -> list[LogEntry]:
    """Every commit on the first-parent line from ``start`` (excluded; from the first commit
    when None) to ``end`` that changed a file under ``pathspecs``, oldest first, with the new
    blob of each changed file: ONE ``git log`` process, however long the history.

    Merges are compared with their first parent, so the files' states along the line add up.
    Every field is NUL-separated (a subject may hold any other byte) and read as a bounded
    stream: a commit message of any size costs :data:`MAX_FIELD_BYTES` at most.
    """
    check_revision(end)
    revisions = [end] if start is None else [f"{check_revision(start)}..{end}"]
    fields = _git_fields(
        root, "log", "--reverse", "--first-parent", "--diff-merges=first-parent",
        "--no-renames", "--raw", "--no-abbrev", "-z", "--no-show-signature",
        "--format=%H%x00%an%x00%aI%x00%ct%x00%s", *revisions, "--", *map(literal, pathspecs),
    )  # fmt: skip
    entries: list[LogEntry] = []
    header: list[bytes] = []
    changes: list[FileChange] = []
    meta: list[str] | None = None  # a raw line read, waiting for its path
    authors: dict[bytes, str] = {}

    def finish() -> None:
        if len(header) == _HEADER_FIELDS:
            entries.append(_log_entry(header, changes, authors))
        elif header:
            raise GitError(_("git log ended in the middle of a commit; run the command again"))

    with closing(fields):  # an error below ends git at once
        for field in fields:
            # The commit's own fields come first, in order, whatever bytes they hold.
            if len(header) < _HEADER_FIELDS:
                if header or field.strip(b"\n"):
                    header.append(field if header else field.strip(b"\n"))
                continue
            if meta is not None:  # the path of the raw line just read
                path = _text(field)
                blob = meta[3] if meta[3].strip("0") and meta[1] in _FILE_MODES else None
                changes.append(FileChange(path, blob))
                meta = None
                continue
            line = field.lstrip(b"\n")
            if line.startswith(b":"):  # :old-mode new-mode old-blob new-blob status
                meta = _text(line).split(" ")
                continue
            finish()  # the next commit starts
            header, changes = [line] if line else [], []
    finish()
    return entries


def _log_entry(
    header: list[bytes], changes: list[FileChange], authors: dict[bytes, str]
) -> LogEntry:
    commit = _text(header[0])
    if len(commit) not in (40, 64) or commit.strip("0123456789abcdef"):
        raise GitError(
            _("git log printed {text!r} where a commit id belongs").format(text=commit[:80])
        )
    when = _text(header[2])
    try:
        datetime.fromisoformat(when)
    except ValueError:  # git prints "%aI" itself for a date it cannot represent
        when = _UNKNOWN_DATE
    committed = _text(header[3])
    author = authors.get(header[1])
    if author is None:  # a few people make most commits
        author = authors[header[1]] = display_text(header[1], MAX_AUTHOR_CHARS)
    return LogEntry(
        commit,
        author,
        when,
        display_text(header[4], MAX_SUBJECT_CHARS),
        tuple(changes),
        int(committed) if committed.isdigit() else 0,
    )


def last_commit_before(root: Path, moment: datetime, end: str = "HEAD") -> str | None:
    """The last commit on the first-parent line of ``end`` committed at or before ``moment``
    (an aware datetime), or None when the history starts later.

    The committer dates are compared here, not by ``--before``: git reads no year after 2099
    there (and takes a date before 1970 for now).  One ``rev-list --timestamp`` stream, read
    only as far as the answer.  In a shallow clone whose history stops before ``moment``, a
    :class:`ShallowHistory` error, since an earlier commit may exist that the clone lacks.
    """
    return last_commits_before(root, [moment], end)[0]


def last_commits_before(
    root: Path, moments: Sequence[datetime], end: str = "HEAD"
) -> list[str | None]:
    """:func:`last_commit_before` for each of ``moments`` (in any order), from one stream read
    as far as the earliest of them: the weekly meetings of a trend."""
    check_revision(end)
    answers: list[str | None] = [None] * len(moments)
    # The latest moment first, as the stream goes: newest commit first.
    waiting = sorted(range(len(moments)), key=lambda index: moments[index], reverse=True)
    limits = [moments[index].timestamp() for index in waiting]
    position = 0
    last = None
    if waiting:
        lines = _git_fields(
            root, "rev-list", "--first-parent", "--timestamp", end, "--", separator=b"\n"
        )
        with closing(lines):
            for line in lines:
                seconds, _, commit = _text(line).partition(" ")
                if not commit:
                    continue
                last = commit
                when = int(seconds) if seconds.isdigit() else 0
                while position < len(waiting) and when <= limits[position]:
                    answers[waiting[position]] = commit
                    position += 1
                if position == len(waiting):
                    return answers
    if last is not None and last in shallow_boundary(root):
        raise ShallowHistory(
            _shallow_message(
                N_(
                    "{root} is a shallow clone: its history stops at commit {commit}, so whether "
                    "a commit was made by {date} cannot be read from it. Fetch the whole history "
                    "with `git fetch --unshallow` ({ci})"
                ),
                root,
                last,
                date=format_day(moments[waiting[position]].date()),
            )
        )
    return answers


@dataclass(frozen=True, slots=True)
class GitFolders:
    """Where a repository keeps what sezctl reads besides objects: the list of a shallow
    clone's cut commits, and the git directory shared by all its worktrees (where sezctl keeps
    its cache)."""

    shallow: Path
    common: Path | None  # None in the odd repository whose folder names hold a line break


def git_folders(root: Path) -> GitFolders:
    """The :class:`GitFolders` of the repository at ``root``: one ``rev-parse``, which follows
    worktrees, ``GIT_DIR`` and ``GIT_COMMON_DIR`` as every other git command does."""
    answer = _git(root, "rev-parse", "--git-path", "shallow", "--git-common-dir", purpose="history")
    lines = _text(answer).split("\n")
    if len(lines) == 3 and not lines[2]:
        return GitFolders(root / lines[0], root / lines[1])
    # A line break in a folder name: the answers cannot be told apart, so ask for the one
    # that correctness needs alone, and go without the common folder.
    answer = _git(root, "rev-parse", "--git-path", "shallow", purpose="history")
    return GitFolders(root / _text(answer).removesuffix("\n"), None)


def shallow_boundary(root: Path, folders: GitFolders | None = None) -> frozenset[str]:
    """The commits where a shallow clone's history is cut (their parents were not fetched);
    empty for a full clone.  ``folders``, when the caller has them, saves asking git."""
    shallow = (folders or git_folders(root)).shallow
    try:
        text = shallow.read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return frozenset()
    except OSError as exc:
        raise GitError(
            _("cannot read {path}: {reason}").format(path=shallow, reason=exc.strerror)
        ) from None
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def require_full_history(
    root: Path, end: str, start: str | None = None, folders: GitFolders | None = None
) -> None:
    """A :class:`ShallowHistory` error when the first-parent line from ``start`` (excluded; the
    first commit when None) to ``end`` reaches the cut of a shallow clone: the files' history
    before the cut is missing, and every item would look added there.  A full clone costs one
    ``rev-parse`` (none when the caller passes ``folders``)."""
    cut = shallow_boundary(root, folders)
    if not cut:
        return
    check_revision(end)
    revisions = [end] if start is None else [f"{check_revision(start)}..{end}"]
    line = _text(_git(root, "rev-list", "--first-parent", *revisions, "--", purpose="history"))
    for commit in line.split():
        if commit in cut:
            if start is None:
                template = N_(
                    "{root} is a shallow clone: its history stops at commit {commit}, so the "
                    "history since the first commit cannot be read from it. Fetch the whole "
                    "history with `git fetch --unshallow` ({ci})"
                )
            else:
                template = N_(
                    "{root} is a shallow clone: its history stops at commit {commit}, so the "
                    "history since commit {start} cannot be read from it. Fetch the whole history "
                    "with `git fetch --unshallow` ({ci})"
                )
            raise ShallowHistory(_shallow_message(template, root, commit, start=(start or "")[:7]))


def _shallow_message(template: str, root: Path, commit: str, **values: object) -> str:
    """``template`` (a message about a shallow clone) in the language of the run."""
    return _(template).format(root=root, commit=commit[:7], ci=_(CI_FETCH_HINT), **values)


def _object_error(blob: str, header: list[str]) -> GitError:
    """``cat-file`` said ``missing`` or ``ambiguous`` (or nothing) instead of a blob's header."""
    state = " ".join(header[1:]) or _("unreadable")
    return GitError(_("git cat-file: object {blob} is {state}").format(blob=blob, state=state))


def has_commits(root: Path) -> bool:
    """True when the repository has at least one commit (``HEAD`` names one)."""
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", purpose="history")
    except GitMissing:
        raise
    except GitError:
        return False
    return True
