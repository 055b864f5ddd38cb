"""The little git that the editing commands need, run as ``git`` subprocesses (never a shell).

``--commit`` records one edit as one commit of exactly one file: :func:`require_clean` is asked
before the file is written (so a refusal leaves nothing half done), :func:`commit_file` after.
Every failure is a :class:`GitError` (exit 2) carrying git's own message.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from sezctl.problems import SezctlError


class GitError(SezctlError):
    """git is missing, the file is not in a repository, or a git command failed."""


class GitMissing(GitError):
    """There is no ``git`` program to run."""


def _git(folder: Path, *args: str) -> str:
    """Run ``git -C folder ARGS...`` and return its standard output."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitMissing("--commit needs git, and git is not installed (or not on PATH)") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}"
        raise GitError(f"git {args[0]} failed: {message}")
    return done.stdout.decode("utf-8", "replace")


def repository_root(path: Path, shown: object = None) -> Path:
    """The top folder of the git work tree that holds ``path`` (named ``shown`` in messages)."""
    try:
        return Path(_git(path.parent, "rev-parse", "--show-toplevel").strip())
    except GitMissing:
        raise
    except GitError:
        raise GitError(f"{shown or path} is not inside a git repository; drop --commit") from None


def require_clean(path: Path, shown: object = None) -> None:
    """Refuse when ``path`` is untracked or has uncommitted changes: the commit must hold this
    edit and nothing else.  ``shown`` is how messages name the file."""
    root = repository_root(path, shown)
    shown = shown or path
    status = _git(root, "status", "--porcelain", "-z", "--", str(path))
    entries = [entry for entry in status.split("\0") if entry]
    if not entries:
        return
    if entries[0].startswith("??"):
        raise GitError(f"{shown} is not tracked by git yet; add and commit it first")
    raise GitError(
        f"{shown} has uncommitted changes; commit or stash them first, so that the commit "
        "holds only this edit"
    )


def commit_file(path: Path, message: str) -> str:
    """Commit ``path`` alone (other staged changes stay staged) and return the short hash."""
    root = repository_root(path)
    _git(root, "add", "--", str(path))
    _git(root, "commit", "--quiet", "--only", "-m", message, "--", str(path))
    return _git(root, "rev-parse", "--short", "HEAD").strip()
