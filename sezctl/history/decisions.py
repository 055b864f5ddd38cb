"""The decisions a record names, resolved through the loaded protocols.

A ``reschedules:`` or ``reassignments:`` entry, or a point's ``off_control:``, names the
decision behind it as ``protocol-<date>/<point>`` (:class:`~sezctl.history.versions.
RecordedDecision`).  People read it as the protocol's number and the point, and who decided:
the protocol's chair.  :class:`DecisionBook` holds, for every point of the protocols of one
loaded portfolio, what those words need, so every output (``diff``, ``history``, ``show``, the
meeting pack) resolves a record the same way: through the protocols of the *current* files,
which is where a protocol's number and chair are kept.  A record that names a point not among
them keeps its reference as written (the ``unknown-decision`` check reports it).

Pure and small: no git, no printing, no clock.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from sezctl.core.model import Portfolio

if TYPE_CHECKING:  # `show` imports this module: nothing more at run time (docs/performance.md)
    from typing import TypeAlias

    from sezctl.core.model import Reassignment, Reschedule
    from sezctl.history.versions import RecordedDecision

    Decided: TypeAlias = RecordedDecision | Reschedule | Reassignment
    """Anything that records why: a record of history, or a ``reschedules:`` /
    ``reassignments:`` entry of the files (each has ``reason``, ``decision`` and ``ref``)."""


class ProtocolPoint(NamedTuple):
    """A point of a loaded protocol, as a decision names it: ``reference`` is
    ``protocol-<date>/<point>``; ``number`` is the protocol's number ("48"); ``chair`` the
    owner id of its chair and ``chair_name`` their name (None when not in the registry)."""

    reference: str
    number: str
    date: date
    point: str
    chair: str | None
    chair_name: str | None


class DecisionBook:
    """The points of every loaded protocol, by reference (empty: nothing resolves)."""

    __slots__ = ("points",)

    def __init__(self, points: dict[str, ProtocolPoint] | None = None) -> None:
        self.points: dict[str, ProtocolPoint] = {} if points is None else points

    @classmethod
    def of(cls, portfolio: Portfolio) -> "DecisionBook":
        """The points of the protocols of ``portfolio`` (the first definition of each wins)."""
        points: dict[str, ProtocolPoint] = {}
        for roadmap in portfolio.roadmaps:
            if roadmap.protocol is None:
                continue
            chair = roadmap.owner
            name = portfolio.owner_name(chair) if chair is not None else None
            for item in roadmap.stages:
                origin = item.origin
                if origin is None:
                    continue
                points.setdefault(
                    item.ref,
                    ProtocolPoint(item.ref, origin.number, origin.date, origin.point, chair, name),
                )
        return cls(points)

    def point(self, record: "Decided | None") -> ProtocolPoint | None:
        """The protocol point ``record`` names, if it names one that is loaded."""
        if record is None or record.decision is None:
            return None
        return self.points.get(record.decision)
