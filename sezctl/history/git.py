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
with   a message that says what to do: git missing, not a repository, an unknown revision.

Users of this module: the editing commands' ``--commit`` (:func:`prepare_commit`,
:func:`commit_file`) and ``check --base`` (:func:`resolve_revision`, :func:`read_files_at`).
Reading history (``git log`` streams) belongs here too when it is needed.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sezctl.core.problems import SezctlError


class GitError(SezctlError):
    """git is missing, the file is not in a repository, or a git command failed."""


class GitMissing(GitError):
    """There is no ``git`` program to run."""


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
        raise GitMissing(
            f"{purpose} needs git, and git is not installed (or not on PATH)"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}"
        raise GitError(f"git {args[0]} failed: {message}")
    return done.stdout


def _text(output: bytes) -> str:
    return output.decode("utf-8", "replace")


def literal(path: object) -> str:
    """``path`` as a pathspec that git takes literally: no glob, no magic, whatever it holds."""
    return f":(literal){path}"


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
        hint = "drop --commit" if purpose == "--commit" else f"{purpose} needs one"
        raise GitError(f"{shown or path} is not inside a git repository; {hint}") from None


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
        raise GitError(f"{shown} is not tracked by git yet; add and commit it first")
    raise GitError(
        f"{shown} has uncommitted changes; commit or stash them first, so that the commit "
        "holds only this edit"
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
        where = f"the git repository {target_root}" if target_root else "no git repository"
        raise GitError(
            f"{shown} is a symbolic link to {target}, which is in {where}, not in {root} where "
            f"{shown} is; --commit commits only in the roadmap folder's own repository. Edit "
            "without --commit and commit the change where the file is"
        )
    require_clean(target, shown)
    for identity in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        try:
            _git(root, "var", identity)
        except GitMissing:
            raise
        except GitError:
            raise GitError(
                "git does not know who you are, so it cannot commit: set your name and e-mail "
                'with `git config --global user.name "Your Name"` and '
                "`git config --global user.email you@example.kz`, then run the command again"
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
            f"{exc}\n{shown} is edited but not committed; nothing was staged, the git index is "
            f"as it was. Fix what git reports, then commit the file (`git commit -- {name}`) or "
            f"undo the edit (`git checkout -- {name}`)"
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
        raise GitError("the revision is empty; give a branch, tag or commit, e.g. origin/main")
    if revision.startswith("-"):
        raise GitError(f"revision {revision!r} starts with '-'; give a branch, tag or commit")
    if any(char in revision for char in "\0\n\r"):
        raise GitError(f"revision {revision!r} contains a line break or NUL")
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
            f"unknown revision {revision!r}: no such branch, tag or commit in {root}. In CI, "
            "fetch the history first (actions/checkout with fetch-depth: 0, or "
            "GIT_DEPTH: 0 in GitLab)"
        ) from None
    return _text(output).strip()


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """A regular file in a commit: its path from the repository root and its blob id."""

    path: str
    blob: str


def list_files_at(root: Path, commit: str, pathspecs: Iterable[str]) -> list[TreeEntry]:
    """Every regular file under ``pathspecs`` (paths from the root) in ``commit``, in git order.

    Symbolic links and submodules are left out: only file contents can be roadmaps.
    """
    check_revision(commit)
    output = _git(
        root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *map(literal, pathspecs)
    )
    entries = []
    for record in _text(output).split("\0"):
        if not record:
            continue
        meta, _, path = record.partition("\t")
        mode, kind, blob = meta.split(" ")
        if kind == "blob" and mode in ("100644", "100755"):
            entries.append(TreeEntry(path, blob))
    return entries


def read_blobs(root: Path, blobs: Iterable[str]) -> dict[str, bytes]:
    """The contents of many blobs at once, through one ``git cat-file --batch`` process."""
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
            raise GitError(f"git cat-file: object {blob} is {' '.join(header[1:]) or 'unreadable'}")
        size = int(header[2])
        contents[blob] = output[offset : offset + size]
        offset += size + 1  # the content is followed by a newline
    return contents


def read_files_at(root: Path, commit: str, pathspecs: Iterable[str]) -> dict[str, bytes]:
    """``{path from the root: bytes}`` of every regular file under ``pathspecs`` at ``commit``:
    one ``ls-tree`` and one ``cat-file --batch``, however many files.  ``commit`` is a name git
    resolves; callers pass what a user typed through :func:`resolve_revision` first, for its
    message about an unknown revision."""
    entries = list_files_at(root, commit, pathspecs)
    blobs = read_blobs(root, (entry.blob for entry in entries))
    return {entry.path: blobs[entry.blob] for entry in entries}


# -- history ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file changed by a commit: its path from the root and its new blob (None if deleted)."""

    path: str
    blob: str | None


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One commit of a ``git log`` stream, with the files it changed under the pathspecs."""

    commit: str
    author: str
    date: str  # author date, ISO 8601 with the author's offset
    subject: str
    changes: tuple[FileChange, ...]
    committed: str = ""  # committer date, ISO 8601: what "on or before a date" compares


_ZERO_BLOB = "0" * 40


def log_changes(
    root: Path, pathspecs: Iterable[str], end: str, start: str | None = None
) -> list[LogEntry]:
    """Every commit on the first-parent line from ``start`` (excluded; from the first commit
    when None) to ``end`` that changed a file under ``pathspecs``, oldest first, with the new
    blob of each changed file: ONE ``git log`` process, however long the history.

    Merges are compared with their first parent, so the files' states along the line add up.
    """
    check_revision(end)
    revisions = [end] if start is None else [f"{check_revision(start)}..{end}"]
    output = _git(
        root, "log", "--reverse", "--first-parent", "--diff-merges=first-parent",
        "--no-renames", "--raw", "--no-abbrev", "-z",
        "--format=%x1e%H%x1f%an%x1f%aI%x1f%cI%x1f%s", *revisions, "--", *map(literal, pathspecs),
        purpose="history",
    )  # fmt: skip
    entries = []
    for record in _text(output).split("\x1e"):
        if not record:
            continue
        header, _, raw = record.partition("\0")
        commit, author, when, committed, subject = header.split("\x1f", 4)
        fields = raw.lstrip("\n").split("\0")
        changes = []
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            if not meta.startswith(":"):
                continue
            parts = meta.split(" ")  # :old-mode new-mode old-blob new-blob status
            blob = parts[3] if parts[3] != _ZERO_BLOB and parts[1] in ("100644", "100755") else None
            changes.append(FileChange(path, blob))
        entries.append(LogEntry(commit, author, when, subject, tuple(changes), committed))
    return entries


def last_commit_before(root: Path, moment: str, end: str = "HEAD") -> str | None:
    """The last commit on the first-parent line of ``end`` committed at or before ``moment``
    (an ISO 8601 time with its offset), or None when the history starts later."""
    check_revision(end)
    output = _git(
        root, "rev-list", "-1", "--first-parent", f"--before={moment}", end, "--",
        purpose="history",
    )  # fmt: skip
    return _text(output).strip() or None


def has_commits(root: Path) -> bool:
    """True when the repository has at least one commit (``HEAD`` names one)."""
    try:
        _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", purpose="history")
    except GitMissing:
        raise
    except GitError:
        return False
    return True
