"""The project as it was at one git revision: its roadmap files and its ``sezctl.toml``, read
from git without touching the work tree (``--as-of``, ``check --base``).

Decisions kept here:

* A file is read at a revision only when its size (asked first) is within the loader's limit;
  a larger one is the loader's own ``file-too-large`` problem, exactly as on disk.
* ``check --base REV`` holds a change to the rules of ``REV``, not to its own: the
  ``[policy]`` switches and the roadmaps folder come from the ``sezctl.toml`` that ``REV``
  has, found the way :func:`sezctl.source.config.find_project` finds one on disk (from the
  working folder up to the repository root).  A change that switches a rule off, or moves the
  roadmaps and points ``roadmaps =`` at the new folder, is still compared with the base's
  rules and the base's files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sezctl.core.i18n import _, ngettext
from sezctl.core.problems import Severity, SezctlError
from sezctl.history import git
from sezctl.history.changes import HistorySource, too_large_problem
from sezctl.source.build import FILE
from sezctl.source.config import CONFIG_FILE, DEFAULT_ROADMAPS, Config, parse_config
from sezctl.source.loader import (
    FileMemo,
    LoadResult,
    UnreadSource,
    display_path,
    load_roadmaps,
)

MAX_CONFIG_BYTES = 1024 * 1024
"""A ``sezctl.toml`` at a revision larger than this is refused unread (a real one is < 2 KB)."""


def load_at_commit(source: HistorySource, commit: str, memo: FileMemo | None = None) -> LoadResult:
    """The roadmap files of ``source`` as they were at ``commit`` (a full id), shown with the
    paths they have now.  A file over the loader's size limit is not read: it is reported as
    ``file-too-large``, as the same file on disk would be.  ``memo``: files loaded before,
    reused where unchanged (`sezctl.source.loader.FileMemo`)."""
    if not source.specs:
        return load_roadmaps([])
    files = source.read_roadmap_files(commit)
    overrides = {Path(source.shown(name)): data for name, data in files.data.items()}
    too_large = {Path(source.shown(name)): size for name, size in files.too_large.items()}
    result = load_roadmaps(sorted(overrides), overrides, memo)
    if too_large:
        every = sorted([*overrides, *too_large])
        result.portfolio.files[:] = [display_path(path) for path in every]
        refused = [
            too_large_problem(display_path(path), commit, size, Severity.ERROR)
            for path, size in too_large.items()
        ]
        result.problems.extend(refused)
        result.problems.sort()
        # What those versions define is unknown, as for a file too large on disk: references
        # into them are unchecked, not unknown (sezctl.source.build.UnreadSource).
        unread = tuple(UnreadSource(problem, FILE, None, True) for problem in refused)
        result = result._replace(unread=result.unread + unread)
    return result


# -- the base revision of `check --base` --------------------------------------------------------


@dataclass(slots=True)
class BaseRevision:
    """What ``check --base REV`` compares with: the commit, the project's settings then, the
    paths compared (from the repository root) and the roadmap files loaded from them."""

    revision: str
    commit: str
    config: Config
    paths: list[str]
    loaded: LoadResult

    def shown_paths(self, root: Path) -> list[str]:
        """The compared paths as messages name them (relative to the working folder)."""
        return [Path(os.path.relpath(root / path)).as_posix() for path in self.paths]


def load_base(
    source: HistorySource, revision: str, start: Path, configured: bool = True
) -> BaseRevision:
    """The base of ``check --base REVISION``, in the repository of ``source``.

    ``configured`` says the files checked now are the project's roadmaps folder (no paths on
    the command line): then the roadmaps folder that the ``sezctl.toml`` found at the base from
    ``start`` names is compared (``roadmaps/`` without one).  Otherwise the paths of ``source``
    are compared, as they were at the base.
    """
    commit = git.resolve_revision(source.root, revision)
    config = find_project_at(source.root, commit, revision, start)
    if configured:
        paths = []
        if config.roadmaps is not None:
            relative = Path(os.path.relpath(config.roadmaps, source.root)).as_posix()
            if relative != ".." and not relative.startswith("../"):
                paths = [relative]
        compared = HistorySource(source.root, dict.fromkeys(paths, True))
    else:
        compared = source
    return BaseRevision(
        revision, commit, config, list(compared.specs), load_at_commit(compared, commit)
    )


def find_project_at(root: Path, commit: str, revision: str, start: Path) -> Config:
    """The project's settings at ``commit`` (named ``revision`` in messages), found as on disk:
    from ``start`` up to the repository root ``root``, the first folder with a ``sezctl.toml``
    (read) or a ``roadmaps/`` folder (the defaults); the defaults when neither exists."""
    folders = _folders_up_to(root, start)
    wanted = [f"{folder}{name}" for folder in folders for name in (CONFIG_FILE, DEFAULT_ROADMAPS)]
    entries = {entry.path: entry for entry in git.list_paths_at(root, commit, wanted)}
    for folder in folders:
        config_entry = entries.get(folder + CONFIG_FILE)
        # A regular file only: a symbolic link's blob is its target's name, not settings.
        if config_entry is not None and config_entry.mode in ("100644", "100755"):
            # TRANSLATORS: a file as it was at a git revision: "sezctl.toml at origin/main".
            shown = _("{path} at {revision}").format(
                path=os.path.relpath(root / config_entry.path), revision=revision
            )
            if config_entry.size > MAX_CONFIG_BYTES:
                raise SezctlError(
                    ngettext(
                        "{path}: the config file is {count:,} byte; the limit is {limit:,} bytes",
                        "{path}: the config file is {count:,} bytes; the limit is {limit:,} bytes",
                        config_entry.size,
                    ).format(path=shown, count=config_entry.size, limit=MAX_CONFIG_BYTES)
                )
            content = git.read_blobs(root, [config_entry.object])[config_entry.object]
            return parse_config(content, root / config_entry.path, shown)
        roadmaps = entries.get(folder + DEFAULT_ROADMAPS)
        if roadmaps is not None and roadmaps.kind == "tree":
            return Config(roadmaps=root / roadmaps.path)
    return Config()


def _folders_up_to(root: Path, start: Path) -> list[str]:
    """The folders from ``start`` up to ``root`` as prefixes from the root ("a/b/", "a/", "");
    only the root when ``start`` is outside it."""
    try:
        parts = start.resolve().relative_to(root.resolve()).parts
    except ValueError:
        return [""]
    return ["".join(f"{part}/" for part in parts[:depth]) for depth in range(len(parts), -1, -1)]
