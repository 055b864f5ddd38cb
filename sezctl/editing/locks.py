"""One edit at a time per roadmap folder: an advisory lock held from reading to committing.

An edit reads the folder, checks the edited file against it, writes the file and, with
``--commit``, commits it.  Two edits running at once could both read the same old file, and the
second rename would throw the first edit away while both exit 0.  So an edit that writes takes
an exclusive :func:`fcntl.flock` on every folder that holds the roadmap files it loads, and keeps
it until it has written and committed.  Another sezctl edit of a file in those folders waits.

Decisions kept here:

* The lock is on the folder itself (opened read-only), not on a lock file: nothing is left
  behind for ``git status`` to show, and a folder keeps its identity while the file does not
  (every atomic write gives the file a new inode).  Locking the folders rather than the one file
  also makes the check against the other files of the folder part of the same critical section.
* The folders are the real ones (symbolic links resolved), so two edits that reach the same file
  through different links wait for each other, and each folder is locked once, in one global
  order (device, inode): two edits whose folders overlap cannot deadlock.
* Waiting is bounded: :data:`DEFAULT_TIMEOUT` seconds, or ``SEZCTL_LOCK_TIMEOUT``; then
  :class:`LockTimeout` (exit 2) names the file and the folder, and nothing is written.
* While the lock is held no other sezctl edit is writing in the folder, so any temporary file
  (``.NAME.RANDOM.sezctl-tmp``) found there is left over from an edit that was killed: it is
  removed, and the caller is told.
* The lock is advisory: it does not stop an editor from saving the file meanwhile.  The
  changed-on-disk check of :mod:`sezctl.editing.safewrite` still catches that.
"""

from __future__ import annotations

import contextlib
import math
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from sezctl.core.i18n import _
from sezctl.core.problems import SezctlError
from sezctl.editing.safewrite import remove_stale_temporaries
from sezctl.source.loader import display_path

DEFAULT_TIMEOUT = 30.0
"""Seconds an edit waits for another one to finish before it gives up."""

TIMEOUT_VARIABLE = "SEZCTL_LOCK_TIMEOUT"
"""The environment variable that sets another wait, in seconds."""

_POLL_SECONDS = 0.05


class LockTimeout(SezctlError):
    """Another edit held the folder's lock for longer than the timeout; nothing was written."""


def lock_timeout(environ: Mapping[str, str]) -> float:
    """The wait in seconds: ``SEZCTL_LOCK_TIMEOUT`` from ``environ``, or :data:`DEFAULT_TIMEOUT`."""
    text = environ.get(TIMEOUT_VARIABLE, "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise SezctlError(
            _(
                "{variable}={text!r} is not a number of seconds; write e.g. {variable}=120, or "
                "unset it for the default of {default:g} s"
            ).format(variable=TIMEOUT_VARIABLE, text=text, default=DEFAULT_TIMEOUT)
        )
    return seconds


@contextlib.contextmanager
def hold_edit_lock(
    files: Iterable[Path], shown: str, *, timeout: float, notify: Callable[[str], object]
) -> Iterator[None]:
    """Hold the edit lock of every folder that holds one of ``files`` for the ``with`` block.

    ``shown`` names the file to be edited in messages.  ``notify`` receives the notes a person
    should see: that the edit waits for another one, and each left-over temporary file removed.
    Raises :class:`LockTimeout` after ``timeout`` seconds of waiting.
    """
    opened: dict[tuple[int, int], tuple[int, Path]] = {}
    try:
        for folder in dict.fromkeys(Path(os.path.realpath(file)).parent for file in files):
            fd = _open_folder(folder, shown)
            info = os.fstat(fd)
            key = (info.st_dev, info.st_ino)
            if key in opened:  # the same folder under another name: one lock, or a self-deadlock
                os.close(fd)
            else:
                opened[key] = (fd, folder)
        deadline = time.monotonic() + timeout
        for key in sorted(opened):
            _lock(*opened[key], shown, deadline, timeout, notify)
        for _fd, folder in opened.values():
            for leftover, error in remove_stale_temporaries(folder):
                name = display_path(leftover)
                if error is None:
                    notify(
                        _("removed {name}, a temporary file left by an interrupted edit").format(
                            name=name
                        )
                    )
                else:
                    notify(
                        _("could not remove {name}, left by an interrupted edit: {error}").format(
                            name=name, error=error
                        )
                    )
        yield
    finally:
        for fd, _folder in opened.values():
            os.close(fd)  # closing the folder releases its lock


def _open_folder(folder: Path, shown: str) -> int:
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(folder, flags)
    except OSError as exc:
        raise SezctlError(
            _(
                "{file}: cannot open the folder {folder} to lock it for the edit: {reason}; "
                "nothing was written"
            ).format(file=shown, folder=_folder_name(folder), reason=exc.strerror)
        ) from None


def _lock(
    fd: int,
    folder: Path,
    shown: str,
    deadline: float,
    timeout: float,
    notify: Callable[[str], object],
) -> None:
    """Take the lock of one folder, waiting until ``deadline`` (polling: a blocking flock
    could only be interrupted by a signal, and a library does not own the signals)."""
    import fcntl

    waiting = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        except OSError as exc:
            raise SezctlError(
                _(
                    "{file}: cannot lock the folder {folder} for the edit ({reason}; the file "
                    "system may not support locks); nothing was written"
                ).format(file=shown, folder=_folder_name(folder), reason=exc.strerror)
            ) from None
        if time.monotonic() >= deadline:
            raise LockTimeout(
                _(
                    "{file}: another sezctl edit in {folder} still holds its lock after "
                    "{timeout:g} s; nothing was written. Run the command again when that edit "
                    "is done, or set {variable}=SECONDS to wait longer"
                ).format(
                    file=shown,
                    folder=_folder_name(folder),
                    timeout=timeout,
                    variable=TIMEOUT_VARIABLE,
                )
            )
        if not waiting:
            waiting = True
            notify(
                _(
                    "{file}: another sezctl edit in {folder} is in progress; waiting for it "
                    "(at most {timeout:g} s)"
                ).format(file=shown, folder=_folder_name(folder), timeout=timeout)
            )
        time.sleep(_POLL_SECONDS)


def _folder_name(folder: Path) -> str:
    name = display_path(folder)
    return name if name.endswith("/") else name + "/"
