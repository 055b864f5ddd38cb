"""The project as it was at one git revision: its roadmap files, read from git without touching
the work tree (``--as-of``, ``check --base``).

A file is read at a revision only when its size (asked first) is within the loader's
limit; a larger one is the loader's own ``file-too-large`` problem, exactly as on disk.
"""

from __future__ import annotations

from pathlib import Path

from sezctl.core.problems import Severity
from sezctl.history import git
from sezctl.history.changes import HistorySource, too_large_problem
from sezctl.source.loader import LoadResult, display_path, load_roadmaps
from sezctl.source.yaml_nodes import MAX_FILE_BYTES


def load_at_commit(source: HistorySource, commit: str) -> LoadResult:
    """The roadmap files of ``source`` as they were at ``commit`` (a full id), shown with the
    paths they have now.  A file over the loader's size limit is not read: it is reported as
    ``file-too-large``, as the same file on disk would be."""
    if not source.specs:
        return load_roadmaps([])
    files = git.read_files_at(source.root, commit, list(source.specs), MAX_FILE_BYTES)
    overrides = {
        Path(source.shown(name)): data
        for name, data in files.data.items()
        if source.is_roadmap(name)  # the same rule as on disk: suffixes, nothing hidden
    }
    too_large = {
        Path(source.shown(name)): size
        for name, size in files.too_large.items()
        if source.is_roadmap(name)
    }
    result = load_roadmaps(sorted(overrides), overrides)
    if too_large:
        every = sorted([*overrides, *too_large])
        result.portfolio.files[:] = [display_path(path) for path in every]
        result.problems.extend(
            too_large_problem(display_path(path), commit, size, Severity.ERROR)
            for path, size in too_large.items()
        )
        result.problems.sort()
    return result
