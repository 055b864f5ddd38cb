"""The result of ``sezctl check``: every problem found, and how many files were read."""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

from typing import NamedTuple

from sezctl.core.problems import Problem


class CheckReport(NamedTuple):
    """Problems sorted by position (loading, consistency and, with ``--base``, the change
    policy) and the number of files they were found in."""

    problems: list[Problem]
    files: int
