"""``--skip-invalid``: which roadmap files a report leaves out, and what that does to the rest.

Without the option a report refuses files with errors (exit 1, nothing on standard output).
With it, :func:`leave_out_invalid` splits the checked portfolio into the roadmaps to report on
and the files left out, and the report still ends with exit 1.  The decisions it keeps:

* **A file with an error of its own is left out whole**: its YAML, its keys, any of its items,
  or a reference from it to an owner or item that exists nowhere.  A roadmap is reported whole
  or not at all: half a roadmap would show wrong counts, forecasts and critical paths without
  saying so.  Warnings never leave anything out.
* **Owner entries are never left out.**  An owner is a name for an id: the registry keeps every
  entry that loaded, from whatever file, so a typo in ``owners.yaml`` leaves out no roadmap and
  a roadmap file left out still names its owners for the others.  An owner whose entry did not
  load is shown by its id (:attr:`Skipped.owners_by_id`).
* **A reference into a left-out file keeps its item in the report, marked**
  (:attr:`Skipped.waiting`): the forecast cannot count the wait for a prerequisite it does not
  have, so the item may be later than it shows.  Only the direct prerequisite is named.
* A file that could not be read at all is left out like any other; the references other files
  make into it are not their errors (the checks report them as ``unchecked-references``
  warnings), so those files are kept and their items marked.

Pure: it reads the portfolio and the problems already found and prints nothing.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from sezctl.core.model import Portfolio
from sezctl.core.problems import Problem, Severity

if TYPE_CHECKING:
    from sezctl.history.changes import FileStates, State


class SkippedFile(NamedTuple):
    """A roadmap file left out of a report, and the first of its errors."""

    path: str  # as shown in problems
    roadmap: str | None  # the id of the roadmap it holds; None when none loaded from it
    items: int  # the items of that roadmap, every level
    owners: int  # the owner entries that loaded from it, which the report still uses
    errors: int
    first: Problem  # its first error, by position: where to start fixing


class Skipped(NamedTuple):
    """What ``--skip-invalid`` left out of one report (empty when every file loads)."""

    files: tuple[SkippedFile, ...] = ()
    # ref of a reported item -> the references of its prerequisites that are in left-out files
    waiting: Mapping[str, tuple[str, ...]] = {}
    # owner ids used in the reported roadmaps that are in no registry entry that loaded
    owners_by_id: tuple[str, ...] = ()

    def prerequisites_left_out(self, ref: str) -> tuple[str, ...]:
        """The prerequisites of item ``ref`` that are in a left-out file (none: ``()``)."""
        return self.waiting.get(ref, ())


def leave_out_invalid(portfolio: Portfolio, problems: list[Problem]) -> tuple[Portfolio, Skipped]:
    """The portfolio without the files that have errors, and what was left out.

    ``problems`` are those of loading and checking ``portfolio``, sorted by position.  When no
    file has an error the portfolio is returned as it is."""
    errors: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.severity is Severity.ERROR:
            errors.setdefault(problem.path, []).append(problem)
    if not errors:
        return portfolio, Skipped()
    kept = Portfolio(files=[path for path in portfolio.files if path not in errors])
    for owner in portfolio.owner_definitions:
        kept.add_owner(owner)
    roadmap_of: dict[str, str] = {}
    for roadmap in portfolio.roadmaps:
        if roadmap.position.path in errors:
            roadmap_of.setdefault(roadmap.position.path, roadmap.id)
        else:
            kept.add_roadmap(roadmap)
    left_out_items: dict[str, int] = {}
    for item in portfolio.items:
        path = item.position.path
        if path in errors:
            left_out_items[path] = left_out_items.get(path, 0) + 1
    owners: dict[str, int] = {}
    for owner in portfolio.owner_definitions:
        owners[owner.position.path] = owners.get(owner.position.path, 0) + 1
    # Files in the order they were read; a problem about a path that is not a roadmap file of
    # this run (none is known) still says why, after them.
    order = [path for path in portfolio.files if path in errors]
    order += sorted(errors.keys() - set(order))
    files = tuple(
        SkippedFile(
            path,
            roadmap_of.get(path),
            left_out_items.get(path, 0),
            owners.get(path, 0),
            len(errors[path]),
            errors[path][0],
        )
        for path in order
    )
    return kept, Skipped(files, _waiting(kept), _owners_by_id(kept))


def _waiting(kept: Portfolio) -> dict[str, tuple[str, ...]]:
    """Each reported item's prerequisites that the reported roadmaps do not hold: every one of
    them is in a left-out file, since a reference to nowhere is an error of the file it is in."""
    known = kept.items_by_ref
    waiting: dict[str, tuple[str, ...]] = {}
    for item in kept.items:
        if item.depends_on:
            missing = [reference.ref for reference in item.depends_on if reference.ref not in known]
            if missing:
                waiting[item.ref] = tuple(dict.fromkeys(missing))
    return waiting


def _owners_by_id(kept: Portfolio) -> tuple[str, ...]:
    used = {item.owner for item in kept.items}
    used.update(roadmap.owner for roadmap in kept.roadmaps if roadmap.owner is not None)
    return tuple(sorted(owner for owner in used if owner not in kept.owners))


# -- the same roadmaps left out of history --------------------------------------------------------


def left_out_roadmaps(
    skipped: Skipped, states: "FileStates", shown: Callable[[str], str]
) -> set[str]:
    """The ids of the roadmaps in the left-out files: as they load now, and as ``states`` (the
    files at a commit, by their path in the repository, which ``shown`` turns into the path
    problems name) had them, so that a file that cannot be read now is recognised too."""
    paths = {file.path for file in skipped.files}
    roadmaps = {file.roadmap for file in skipped.files if file.roadmap is not None}
    for name, state in states.files.items():
        if shown(name) in paths:
            roadmaps.update(ref.split("/", 1)[0] for ref in state.state)
    return roadmaps


def without_roadmaps(state: "State", roadmaps: set[str]) -> "State":
    """``state`` (facts by item reference) without the items of ``roadmaps``."""
    if not roadmaps:
        return state
    return {ref: facts for ref, facts in state.items() if ref.split("/", 1)[0] not in roadmaps}
