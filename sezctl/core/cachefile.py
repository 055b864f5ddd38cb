"""Writing a cache file: at once, best effort, never in the way.

sezctl keeps two caches that are never required for correctness: what it read from each git
blob (`sezctl.history.versions`, in the repository's git folder) and what each roadmap file
offers to shell completion (`sezctl.cli.completion`, in the user's cache folder).  Both are
written here the same way: to a temporary file beside the cache, renamed over it, so a reader
sees the old cache or the new one, never half of one; a disk or folder that does not allow it
means the cache is simply not written.  Temporary files left by a writer that was killed are
removed by a later one.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

STALE_TEMPORARY_SECONDS = 3600
"""A temporary file left this long by a writer that was killed is removed by the next one."""

_TEMPORARY_SUFFIX = ".tmp"


def write_cache(file: Path, *parts: bytes) -> bool:
    """Write ``parts``, one after the other, to a temporary file beside ``file`` and rename it
    over ``file``; False, with nothing left behind, when the disk or the folder does not allow
    it.  (Several parts: a large cache need not be joined into one more copy of itself.)"""
    temporary = file.with_name(
        f".{file.name}.{os.getpid()}.{os.urandom(4).hex()}{_TEMPORARY_SUFFIX}"
    )
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return False
    try:
        with open(descriptor, "wb") as out:
            for part in parts:
                out.write(part)
        os.replace(temporary, file)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            return False
        raise
    _remove_stale_temporaries(file)
    return True


def _remove_stale_temporaries(file: Path) -> None:
    """Temporary files left beside ``file`` by writers that were killed, once they are old."""
    prefix, limit = f".{file.name}.", time.time() - STALE_TEMPORARY_SECONDS
    with contextlib.suppress(OSError):
        for entry in os.scandir(file.parent):
            if entry.name.startswith(prefix) and entry.name.endswith(_TEMPORARY_SUFFIX):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < limit:
                        os.unlink(entry.path)
