"""Replace a file's content atomically, or leave it exactly as it was.

The new content goes to a temporary file in the same folder (so the final rename never crosses
a file system), is flushed and synced to disk, gets the original file's mode, and is then
renamed over the original in one step.  A crash or an error at any moment leaves either the old
file or the new one, whole.  An error or an interrupt removes the temporary file; a process that
is killed outright (SIGKILL, SIGTERM, a power cut) cannot, and the next edit of that folder
removes what it left (:func:`remove_stale_temporaries`, called under the edit lock of
:mod:`sezctl.editing.locks`).

* A symbolic link is followed: its target is rewritten and the link itself stays.
* A file that changed on disk since it was read (someone saved it in an editor meanwhile) is
  not overwritten: :func:`write_atomically` compares the bytes with the snapshot first.
* A read-only file is refused even where the folder would allow the rename (and even for
  root), because replacing a file someone marked read-only is not what they asked for.

Every failure is a :class:`WriteError` (a :class:`~sezctl.core.problems.SezctlError`, exit 2) whose
message says that the original is unchanged.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from sezctl.core.i18n import _
from sezctl.core.problems import SezctlError

TEMP_SUFFIX = ".sezctl-tmp"
"""Temporary files are named ``.NAME.<random>.sezctl-tmp`` next to the file they replace."""

_TEMPORARY_NAME = re.compile(r"\..+\.[0-9a-f]{8}" + re.escape(TEMP_SUFFIX), re.DOTALL)


class WriteError(SezctlError):
    """The file could not be replaced; the original is unchanged."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A file's bytes as read, and the real path they came from (symbolic links resolved)."""

    path: Path
    target: Path
    data: bytes


def read_snapshot(path: Path) -> Snapshot:
    """Read the file that ``path`` names (following symbolic links) for a later write."""
    target = Path(os.path.realpath(path))
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise WriteError(
            _("{path}: cannot read the file: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    return Snapshot(path, target, data)


def write_atomically(snapshot: Snapshot, data: bytes) -> None:
    """Replace the snapshot's file with ``data``, atomically; refuse if it changed on disk."""
    target = snapshot.target
    shown = snapshot.path
    try:
        info = os.stat(target)
    except OSError as exc:
        raise WriteError(_cannot_write(shown, exc.strerror)) from None
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise WriteError(_("{path}: the file is read-only; nothing was written").format(path=shown))
    _require_unchanged(snapshot)
    temporary, fd = _create_temporary(target, shown)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fchmod(fd, stat.S_IMODE(info.st_mode))
            _keep_owner(fd, info)
            os.fsync(fd)
        finally:
            os.close(fd)
        # Last look just before the rename: the window for a lost update is as small as it gets.
        _require_unchanged(snapshot)
        os.replace(temporary, target)
    except BaseException as exc:
        _remove(temporary)
        if isinstance(exc, OSError):
            raise WriteError(_cannot_write(shown, _describe(exc))) from None
        raise
    _sync_folder(target.parent)


def write_all_atomically(writes: list[tuple[Snapshot, bytes]]) -> None:
    """Replace several files (``reschedule --cascade``): all of them or, on any error, none.

    Every new content is first written whole to its temporary file and synced, and every file
    is checked read-only or changed on disk, before the first rename; only then are the
    temporaries renamed over their files one after another.  Should a rename still fail, the
    files already replaced get their old bytes back (atomically, the same way) and the error
    says that nothing was changed.  Only a crash in the instant between two renames can leave
    some files new and some old; ``sezctl check`` then shows the broken chain.
    """
    if len(writes) == 1:
        write_atomically(*writes[0])
        return
    prepared: list[tuple[Snapshot, str]] = []
    try:
        for snapshot, data in writes:
            try:
                info = os.stat(snapshot.target)
            except OSError as exc:
                raise WriteError(_cannot_write(snapshot.path, exc.strerror)) from None
            if not info.st_mode & 0o222 or not os.access(snapshot.target, os.W_OK):
                raise WriteError(
                    _("{path}: the file is read-only; nothing was written").format(
                        path=snapshot.path
                    )
                )
            _require_unchanged(snapshot)
            temporary, fd = _create_temporary(snapshot.target, snapshot.path)
            prepared.append((snapshot, temporary))
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                os.fchmod(fd, stat.S_IMODE(info.st_mode))
                _keep_owner(fd, info)
                os.fsync(fd)
            except OSError as exc:
                raise WriteError(_cannot_write(snapshot.path, _describe(exc))) from None
            finally:
                os.close(fd)
        for snapshot, _temporary in prepared:
            _require_unchanged(snapshot)
    except BaseException:
        for _snapshot, temporary in prepared:
            _remove(temporary)
        raise
    replaced: list[Snapshot] = []
    try:
        for snapshot, temporary in prepared:
            os.replace(temporary, snapshot.target)
            replaced.append(snapshot)
    except BaseException as exc:
        for _snapshot, temporary in prepared[len(replaced) :]:
            _remove(temporary)
        for snapshot in replaced:
            write_atomically(
                Snapshot(snapshot.path, snapshot.target, _read(snapshot)), snapshot.data
            )
        if isinstance(exc, OSError):
            shown = prepared[len(replaced)][0].path
            raise WriteError(_cannot_write(shown, _describe(exc))) from None
        raise
    for folder in dict.fromkeys(snapshot.target.parent for snapshot, _temporary in prepared):
        _sync_folder(folder)


def _read(snapshot: Snapshot) -> bytes:
    """The bytes the file holds now (to restore it over exactly what this write put there)."""
    return snapshot.target.read_bytes()


def _create_temporary(target: Path, shown: Path) -> tuple[str, int]:
    """Create ``.NAME.RANDOM.sezctl-tmp`` next to ``target`` (readable by the owner only until
    the mode is copied).  Named here rather than by :mod:`tempfile` so that the name is known
    even if the process is interrupted right after the file appears."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        temporary = str(target.parent / f".{target.name}.{os.urandom(4).hex()}{TEMP_SUFFIX}")
        try:
            return temporary, os.open(temporary, flags, 0o600)
        except FileExistsError:
            continue  # someone else's file: never remove it; pick another name
        except BaseException as exc:
            _remove(temporary)
            if isinstance(exc, OSError):
                raise WriteError(_cannot_write(shown, _describe(exc))) from None
            raise


def remove_stale_temporaries(folder: Path) -> list[tuple[Path, str | None]]:
    """Remove the temporary files of interrupted writes in ``folder``: each path, with the
    reason it could not be removed (or None when it was).

    Only call this while holding the folder's edit lock (:mod:`sezctl.editing.locks`): then no
    write is in progress there, and every such file was left by a process that was killed.
    Only regular files named exactly as :func:`_create_temporary` names them are touched.
    """
    found: list[tuple[Path, str | None]] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found  # an unreadable folder: the write itself will say what is wrong
    for entry in sorted(entries, key=lambda entry: entry.name):
        if not _TEMPORARY_NAME.fullmatch(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            os.unlink(entry.path)
        except FileNotFoundError:
            continue
        except OSError as exc:
            found.append((Path(entry.path), exc.strerror or str(exc)))
        else:
            found.append((Path(entry.path), None))
    return found


def _require_unchanged(snapshot: Snapshot) -> None:
    try:
        current = snapshot.target.read_bytes()
    except OSError as exc:
        raise WriteError(
            _("{path}: cannot read the file again: {reason}").format(
                path=snapshot.path, reason=exc.strerror
            )
        ) from None
    if current != snapshot.data:
        raise WriteError(
            _(
                "{path} changed on disk while sezctl was editing it; nothing was written. "
                "Run the command again."
            ).format(path=snapshot.path)
        )


def _keep_owner(fd: int, info: os.stat_result) -> None:
    """Give the new file the old one's owner and group where allowed (e.g. when run as root)."""
    # An ordinary user cannot give files away: the file becomes theirs, as with any editor.
    if hasattr(os, "fchown"):
        with contextlib.suppress(PermissionError):
            os.fchown(fd, info.st_uid, info.st_gid)


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable.  The new file is already in place, so a failure here
    (some file systems cannot sync a folder) is not an error."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        with contextlib.suppress(OSError):
            os.close(fd)


def _cannot_write(shown: Path, reason: str | None) -> str:
    return _("{path}: cannot write the file: {reason}").format(path=shown, reason=reason)


def _describe(exc: OSError) -> str:
    """Why a write failed, for people.  The system's own text (``exc.strerror``, in English:
    Python does not set the C library's message locale) is passed on as it is."""
    if exc.errno == errno.ENOSPC:
        return _("no space left on the device; the original file is unchanged")
    if exc.errno == errno.EDQUOT:
        return _("disk quota exceeded; the original file is unchanged")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("{reason} (no permission to write here); the original file is unchanged").format(
            reason=exc.strerror
        )
    return _("{reason}; the original file is unchanged").format(reason=exc.strerror or exc)
