"""Consistency checks: small pure functions over a loaded portfolio, one stable code each.

Each check is registered in :data:`CHECKS` with its code and severity; it yields
``(position, message)`` pairs and knows nothing about printing.  A message is made with ``M``
or ``Mn`` (:mod:`sezctl.core.i18n`): its value is the English text, and the text view writes it
in Kazakh or Russian, with dates and status values as :mod:`sezctl.rules.wording` words them.
The docstring of each check is its user documentation (``docs/checks.md`` lists them, and a
test keeps the two in step).  Checks take ``today`` as data and never read the clock.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

from collections.abc import Callable, Iterator
from datetime import date
from typing import NamedTuple, Protocol

from sezctl.core.i18n import M, Message, Mn
from sezctl.core.model import (
    Item,
    Portfolio,
    Position,
    ProtocolOrigin,
    Reassignment,
    Reschedule,
    Status,
)
from sezctl.core.problems import Problem, Severity
from sezctl.rules.registry import Finding, Registry
from sezctl.rules.wording import day_message, status_message
from sezctl.source.build import FILE, ITEMS, OWNERS
from sezctl.source.loader import LoadResult, Suggester, UnreadSource


class WorkingCalendar(Protocol):
    """The working-day calendar as a check sees it (``sezctl.plan.calendar.KazakhstanCalendar``)."""

    def day_off(self, day: date) -> str | None:
        """Why ``day`` is not a working day (a holiday's name, "Saturday", ...), or ``None``."""
        ...


class CheckContext(NamedTuple):
    """Everything a check may look at.  ``calendar`` is ``None`` unless the command asked for
    the working-day calendar (it costs the ``holidays`` import).  ``broken_refs``,
    ``broken_owners`` and ``unread`` say what exists but could not be loaded, or could not be
    read at all (:class:`~sezctl.source.loader.LoadResult`)."""

    portfolio: Portfolio
    today: date
    broken_refs: frozenset[str] = frozenset()
    broken_owners: frozenset[str] = frozenset()
    calendar: WorkingCalendar | None = None
    unread: tuple[UnreadSource, ...] = ()


CHECKS: Registry[CheckContext] = Registry("check")
register = CHECKS.register


def run_checks(portfolio: Portfolio, context: CheckContext) -> list[Problem]:
    """Run every registered check and return the problems sorted by position."""
    return CHECKS.run(context._replace(portfolio=portfolio))


def check_loaded(
    result: LoadResult, today: date, calendar: WorkingCalendar | None = None
) -> list[Problem]:
    """Loading problems plus consistency problems, in one sorted list."""
    context = CheckContext(
        result.portfolio,
        today,
        frozenset(result.broken_refs),
        frozenset(result.broken_owners),
        calendar,
        result.unread,
    )
    return sorted(result.problems + run_checks(result.portfolio, context))


def _when(day: date) -> Message:
    """A date in a message: ISO in English, as people write it in Kazakh and Russian."""
    return day_message(day)


def _at(position: Position) -> str:
    """``path:line``, where something was first written."""
    return f"{position.path}:{position.line}"


# -- identity ----------------------------------------------------------------------------------


@register("duplicate-item-id")
def check_duplicate_item_ids(context: CheckContext) -> Iterator[Finding]:
    """Item ids must be unique within a roadmap, at every nesting level, so that
    ``roadmap-id/item-id`` names exactly one item."""
    for item in context.portfolio.items:
        first = context.portfolio.items_by_ref[item.ref]
        if first is not item:
            if item.origin is not None:
                yield (
                    item.where("id"),
                    M(
                        "point {point} is written twice in protocol {protocol} (first at "
                        "{first}); number the points 1, 2, 3 ... once each.",
                        point=item.id,
                        protocol=item.origin.number,
                        first=_at(first.position),
                    ),
                )
                continue
            yield (
                item.where("id"),
                M(
                    "item id {id!r} is used twice in roadmap {roadmap!r} (first at {first}); "
                    "rename one of them.",
                    id=item.id,
                    roadmap=item.roadmap,
                    first=_at(first.position),
                ),
            )


@register("duplicate-roadmap-id")
def check_duplicate_roadmap_ids(context: CheckContext) -> Iterator[Finding]:
    """Roadmap ids must be unique across the whole folder."""
    seen: dict[str, Position] = {}
    for roadmap in context.portfolio.roadmaps:
        where = roadmap.where("roadmap")
        if roadmap.id in seen:
            first = seen[roadmap.id]
            yield (
                where,
                M(
                    "roadmap id {id!r} is already used in {first}; each roadmap needs its own id.",
                    id=roadmap.id,
                    first=_at(first),
                ),
            )
        else:
            seen[roadmap.id] = where


@register("duplicate-owner-id")
def check_duplicate_owner_ids(context: CheckContext) -> Iterator[Finding]:
    """Owner ids are global to the folder: an id may be defined in only one ``owners:`` entry."""
    for owner in context.portfolio.owner_definitions:
        first = context.portfolio.owners[owner.id]
        if first is not owner:
            yield (
                owner.position,
                M(
                    "owner {owner!r} is already defined at {first}; keep one definition.",
                    owner=owner.id,
                    first=_at(first.position),
                ),
            )


@register("unknown-owner")
def check_unknown_owners(context: CheckContext) -> Iterator[Finding]:
    """Every item's ``owner`` and every roadmap's ``owner`` must be an id from an ``owners:``
    registry in the folder; the closest existing id is suggested."""
    portfolio = context.portfolio
    if _owner_sources(context):
        return  # owners may be defined where nobody could read: unchecked-references says so
    known = portfolio.owners.keys() | context.broken_owners
    suggestions = Suggester(portfolio.owners)

    def message(owner: str) -> Message:
        hint = suggestions.closest(owner)
        if hint is None:
            return M(
                "owner {owner!r} is not in the owners registry; "
                "add them under 'owners:' or fix the id.",
                owner=owner,
            )
        return M(
            "owner {owner!r} is not in the owners registry (did you mean {hint!r}?); "
            "add them under 'owners:' or fix the id.",
            owner=owner,
            hint=hint,
        )

    for roadmap in portfolio.roadmaps:
        if roadmap.owner is not None and roadmap.owner not in known:
            yield roadmap.where("owner"), message(roadmap.owner)
    for item in portfolio.items:
        if item.owner not in known:
            yield item.where("owner"), message(item.owner)


# -- one item's own dates and status ----------------------------------------------------------


@register("start-after-due")
def check_start_after_due(context: CheckContext) -> Iterator[Finding]:
    """An item cannot start after its own deadline."""
    for item in context.portfolio.items:
        if item.start is not None and item.start > item.due:
            yield (
                item.where("start"),
                M(
                    "{item} starts on {start}, after its deadline {due}; "
                    "move the start or the deadline.",
                    item=item.ref,
                    start=_when(item.start),
                    due=_when(item.due),
                ),
            )


@register("done-in-future")
def check_done_in_future(context: CheckContext) -> Iterator[Finding]:
    """A ``done`` date is a fact, so it cannot be later than today."""
    for item in context.portfolio.items:
        if item.done is not None and item.done > context.today:
            yield (
                item.where("done"),
                M(
                    "{item} is marked done on {done}, which is after today ({today}); "
                    "record the date it was actually finished.",
                    item=item.ref,
                    done=_when(item.done),
                    today=_when(context.today),
                ),
            )


@register("done-before-start", Severity.WARNING)
def check_done_before_start(context: CheckContext) -> Iterator[Finding]:
    """Warns when an item was finished before it started: one of the two dates is wrong."""
    for item in context.portfolio.items:
        if item.done is not None and item.start is not None and item.done < item.start:
            yield (
                item.where("done"),
                M(
                    "{item} was done on {done}, before its start {start}; "
                    "one of the two dates is wrong.",
                    item=item.ref,
                    done=_when(item.done),
                    start=_when(item.start),
                ),
            )


@register("done-without-date")
def check_done_without_date(context: CheckContext) -> Iterator[Finding]:
    """``status: done`` needs the date it was done (``done: YYYY-MM-DD``)."""
    for item in context.portfolio.items:
        if item.status is Status.DONE and item.done is None:
            yield (
                item.where("status"),
                M(
                    "{item} has status done but no 'done' date; add done: YYYY-MM-DD.",
                    item=item.ref,
                ),
            )


@register("done-date-not-done")
def check_done_date_with_open_status(context: CheckContext) -> Iterator[Finding]:
    """A ``done`` date with a status other than ``done`` (or ``cancelled``, see below) is a
    contradiction: either the item is finished or it is not."""
    for item in context.portfolio.items:
        if item.done is not None and item.status not in (None, Status.DONE, Status.CANCELLED):
            yield (
                item.where("done"),
                M(
                    "{item} has a done date but status {status}; "
                    "set status: done or remove the done date.",
                    item=item.ref,
                    status=status_message(item.status, quoted=True),
                ),
            )


@register("cancelled-with-done-date")
def check_cancelled_with_done_date(context: CheckContext) -> Iterator[Finding]:
    """A cancelled item was never done, so it cannot have a ``done`` date."""
    for item in context.portfolio.items:
        if item.done is not None and item.status is Status.CANCELLED:
            yield (
                item.where("done"),
                M("{item} is cancelled but has a done date; remove one of the two.", item=item.ref),
            )


# -- tasks against their parent ---------------------------------------------------------------


@register("task-due-after-parent")
def check_task_due_after_parent(context: CheckContext) -> Iterator[Finding]:
    """A nested task must be due on or before the deadline of the item it belongs to."""
    for item in context.portfolio.items:
        parent = item.parent
        if parent is not None and item.due > parent.due:
            yield (
                item.where("due"),
                M(
                    "{item} is due {due}, after its parent {parent} ({parent_due}); "
                    "a task must finish by its parent's deadline.",
                    item=item.ref,
                    due=_when(item.due),
                    parent=parent.id,
                    parent_due=_when(parent.due),
                ),
            )


@register("task-starts-before-parent", Severity.WARNING)
def check_task_starts_before_parent(context: CheckContext) -> Iterator[Finding]:
    """Warns when a task starts before the item it belongs to starts."""
    for item in context.portfolio.items:
        parent = item.parent
        if (
            parent is not None
            and item.start is not None
            and parent.start is not None
            and item.start < parent.start
        ):
            yield (
                item.where("start"),
                M(
                    "{item} starts {start}, before its parent {parent} ({parent_start}).",
                    item=item.ref,
                    start=_when(item.start),
                    parent=parent.id,
                    parent_start=_when(parent.start),
                ),
            )


@register("parent-done-with-open-tasks", Severity.WARNING)
def check_parent_done_with_open_tasks(context: CheckContext) -> Iterator[Finding]:
    """Warns when an item is done while a task under it is still open."""
    for item in context.portfolio.items:
        if item.effective_status is Status.DONE:
            open_tasks = [task.id for task in item.tasks if task.is_open]
            if open_tasks:
                # One task or several: no number is shown, so the form is picked by 1 or 2 (21
                # open tasks must not take the Russian form of 21, which is the singular).
                yield (
                    item.where("status" if item.status else "done"),
                    Mn(
                        "{item} is done but its task(s) {tasks} are still open; "
                        "finish or cancel them.",
                        "{item} is done but its task(s) {tasks} are still open; "
                        "finish or cancel them.",
                        1 if len(open_tasks) == 1 else 2,
                        item=item.ref,
                        tasks=", ".join(open_tasks),
                    ),
                )


# -- dependencies -----------------------------------------------------------------------------


@register("unknown-dependency")
def check_unknown_dependencies(context: CheckContext) -> Iterator[Finding]:
    """Every ``depends_on`` entry must name an existing item (``item-id`` in the same roadmap or
    ``roadmap-id/item-id``); the closest existing reference is suggested."""
    portfolio = context.portfolio
    known = portfolio.items_by_ref.keys() | context.broken_refs
    suggestions = Suggester(portfolio.items_by_ref)  # built once: see Suggester for the cost
    unread_in = _reference_sources(context)
    for item in portfolio.items:
        for reference in item.depends_on:
            if reference.ref not in known and not unread_in(reference.roadmap):
                hint = suggestions.closest(reference.ref, exclude=item.ref)
                if hint is None:
                    message = M(
                        "{item} depends on {reference!r}, which does not exist.",
                        item=item.ref,
                        reference=reference.ref,
                    )
                else:
                    message = M(
                        "{item} depends on {reference!r}, which does not exist "
                        "(did you mean {hint!r}?).",
                        item=item.ref,
                        reference=reference.ref,
                        hint=hint,
                    )
                yield reference.position, message


# -- what could not be checked ------------------------------------------------------------------


def _owner_sources(context: CheckContext) -> tuple[UnreadSource, ...]:
    """The files and parts of files that could not be read and may define owners."""
    return tuple(source for source in context.unread if source.owners)


def _reference_sources(context: CheckContext) -> Callable[[str], tuple[UnreadSource, ...]]:
    """For a roadmap id, the unread files and parts that may hold items of that roadmap: those
    that name it, and, for a roadmap that did not load at all, those that may hold any."""
    loaded = {roadmap.id for roadmap in context.portfolio.roadmaps}
    cache: dict[str, tuple[UnreadSource, ...]] = {}

    def sources(roadmap_id: str) -> tuple[UnreadSource, ...]:
        found = cache.get(roadmap_id)
        if found is None:
            found = cache[roadmap_id] = tuple(
                source
                for source in context.unread
                if (
                    roadmap_id not in loaded
                    if source.roadmaps is None
                    else roadmap_id in source.roadmaps
                )
            )
        return found

    return sources


def _unread_cause(source: UnreadSource) -> Message:
    """Why a reference could not be checked, in words: what could not be read, and its error."""
    cause = source.cause
    if source.part == FILE:
        if cause.line == 0:
            return M("{path} could not be read ({code})", path=cause.path, code=cause.code)
        return M(
            "{path} could not be read ({code}, line {line})",
            path=cause.path,
            code=cause.code,
            line=cause.line,
        )
    where = f"{cause.path}:{cause.line}"
    if source.part == OWNERS:
        return M("the owners registry at {where} could not be read ({code})", where=where,
                 code=cause.code)  # fmt: skip
    if source.part == ITEMS:
        return M("the items at {where} could not be read ({code})", where=where, code=cause.code)
    return M("the roadmap at {where} could not be read ({code})", where=where, code=cause.code)


def _unread_causes(sources: tuple[UnreadSource, ...]) -> Message:
    """Every cause, the first one first."""
    first = _unread_cause(sources[0])
    if len(sources) == 1:
        return first
    # TRANSLATORS: two reasons why something could not be read, each a whole clause.
    return M("{first}, and {rest}", first=first, rest=_unread_causes(sources[1:]))


def _named(targets: list[str]) -> str:
    """The first three names, quoted, and … when there are more."""
    shown = ", ".join(repr(target) for target in targets[:3])
    return shown + (", …" if len(targets) > 3 else "")


@register("unchecked-references", Severity.WARNING)
def check_unchecked_references(context: CheckContext) -> Iterator[Finding]:
    """Warns when ``owner`` values or ``depends_on`` entries could not be checked because the
    file that would define them could not be read (a YAML syntax error, another encoding, a
    file too large or not a regular file) or a part of a file could not be (an ``owners:`` that
    is not a mapping, ``stages:`` that are not a list, an item without a valid id).  They are
    not reported as unknown, since they may well be right; one warning per file says how many
    there are and what could not be read.  Fix that error first, and they are checked again.
    The warning never comes alone: the error that stopped the reading fails the check."""
    if not context.unread:
        return
    portfolio = context.portfolio
    found: dict[tuple[str, str, tuple[UnreadSource, ...]], list[tuple[Position, str]]] = {}
    owner_sources = _owner_sources(context)
    if owner_sources:
        known = portfolio.owners.keys() | context.broken_owners
        owners = [
            (roadmap.where("owner"), roadmap.owner)
            for roadmap in portfolio.roadmaps
            if roadmap.owner is not None
        ] + [(item.where("owner"), item.owner) for item in portfolio.items]
        for where, owner in owners:
            if owner not in known:
                found.setdefault((where.path, "owner", owner_sources), []).append((where, owner))
    references_known = portfolio.items_by_ref.keys() | context.broken_refs
    unread_in = _reference_sources(context)
    for item in portfolio.items:
        for reference in item.depends_on:
            sources = unread_in(reference.roadmap)
            if sources and reference.ref not in references_known:
                key = (reference.position.path, "depends_on", sources)
                found.setdefault(key, []).append((reference.position, reference.ref))
    for (_, kind, sources), references in found.items():
        references.sort()
        targets = list(dict.fromkeys(target for _, target in references))
        arguments = {"targets": _named(targets), "cause": _unread_causes(sources)}
        if kind == "owner":
            message = Mn(
                "{count} 'owner' value ({targets}) could not be checked because {cause}; fix "
                "that first: it may well be right.",
                "{count} 'owner' values ({targets}) could not be checked because {cause}; fix "
                "that first: they may well be right.",
                len(references),
                **arguments,
            )
        else:
            message = Mn(
                "{count} 'depends_on' entry ({targets}) could not be checked because {cause}; "
                "fix that first: it may well be right.",
                "{count} 'depends_on' entries ({targets}) could not be checked because {cause}; "
                "fix that first: they may well be right.",
                len(references),
                **arguments,
            )
        yield references[0][0], message


@register("dependency-cycle")
def check_dependency_cycles(context: CheckContext) -> Iterator[Finding]:
    """Dependencies must not form a cycle (an item that, through its prerequisites, waits for
    itself); the cycle is named in full."""
    graph = context.portfolio.items_by_ref
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    reported: set[frozenset[str]] = set()
    for start in context.portfolio.items:
        if start.ref in state:
            continue
        path: list[str] = [start.ref]
        iterators = [iter(start.depends_on)]
        state[start.ref] = 1
        while iterators:  # iterative depth-first search: chains of any length are safe
            reference = next(iterators[-1], None)
            if reference is None:
                state[path.pop()] = 2
                iterators.pop()
                continue
            target = reference.ref
            if target not in graph:
                continue
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    yield (
                        reference.position,
                        M(
                            "dependency cycle: {cycle}; remove one of the links.",
                            cycle=" -> ".join(cycle),
                        ),
                    )
            elif target not in state:
                state[target] = 1
                path.append(target)
                iterators.append(iter(graph[target].depends_on))


def _prerequisites(portfolio: Portfolio, item: Item) -> Iterator[tuple[Position, Item]]:
    for reference in item.depends_on:
        prerequisite = portfolio.items_by_ref.get(reference.ref)
        if prerequisite is not None and prerequisite is not item:
            yield reference.position, prerequisite


@register("due-not-after-prerequisite")
def check_due_after_prerequisites(context: CheckContext) -> Iterator[Finding]:
    """An item must be due strictly after the deadline of every item it depends on: a deadline
    on or before a prerequisite's deadline cannot be met if the prerequisite uses its time."""
    for item in context.portfolio.items:
        for where, prerequisite in _prerequisites(context.portfolio, item):
            if prerequisite.effective_status is Status.CANCELLED:
                continue
            if item.due <= prerequisite.due:
                yield (
                    where,
                    M(
                        "{item} is due {due}, not after its prerequisite {prerequisite} "
                        "(due {prerequisite_due}); move one deadline.",
                        item=item.ref,
                        due=_when(item.due),
                        prerequisite=prerequisite.ref,
                        prerequisite_due=_when(prerequisite.due),
                    ),
                )


@register("starts-before-prerequisite-due", Severity.WARNING)
def check_start_before_prerequisite_due(context: CheckContext) -> Iterator[Finding]:
    """Warns when an item is planned to start before a prerequisite is due."""
    for item in context.portfolio.items:
        if item.start is None:
            continue
        for where, prerequisite in _prerequisites(context.portfolio, item):
            if prerequisite.effective_status is Status.CANCELLED:
                continue
            if item.start < prerequisite.due:
                yield (
                    where,
                    M(
                        "{item} starts {start}, before its prerequisite {prerequisite} is due "
                        "({prerequisite_due}).",
                        item=item.ref,
                        start=_when(item.start),
                        prerequisite=prerequisite.ref,
                        prerequisite_due=_when(prerequisite.due),
                    ),
                )


@register("done-before-prerequisite", Severity.WARNING)
def check_done_before_prerequisite(context: CheckContext) -> Iterator[Finding]:
    """Warns when an item was done before an item it depends on was done (or while that item is
    still open)."""
    for item in context.portfolio.items:
        if item.done is None:
            continue
        for where, prerequisite in _prerequisites(context.portfolio, item):
            status = prerequisite.effective_status
            if status is Status.CANCELLED:
                continue
            if prerequisite.done is None:
                if status is Status.DONE:
                    continue  # done without a date: done-without-date already reports it
                yield (
                    where,
                    M(
                        "{item} was done on {done} but its prerequisite {prerequisite} "
                        "is not done yet.",
                        item=item.ref,
                        done=_when(item.done),
                        prerequisite=prerequisite.ref,
                    ),
                )
            elif item.done < prerequisite.done:
                yield (
                    where,
                    M(
                        "{item} was done on {done}, before its prerequisite {prerequisite} "
                        "({prerequisite_done}).",
                        item=item.ref,
                        done=_when(item.done),
                        prerequisite=prerequisite.ref,
                        prerequisite_done=_when(prerequisite.done),
                    ),
                )


# -- recorded deadline moves ------------------------------------------------------------------


@register("reschedule-chain")
def check_reschedule_chain(context: CheckContext) -> Iterator[Finding]:
    """The ``reschedules:`` entries of an item record every move of its deadline, oldest first,
    so they must chain: each entry's ``from`` equals the previous entry's ``to``, and the last
    entry's ``to`` equals the item's ``due`` (a deadline moved by hand without a record breaks
    the chain; ``sezctl reschedule`` keeps it)."""
    for item in context.portfolio.items:
        entries = item.reschedules
        for index in range(1, len(entries)):
            previous, entry = entries[index - 1], entries[index]
            if entry.from_date != previous.to:
                yield (
                    entry.where("from"),
                    M(
                        "{item}: this move starts from {start}, but the previous one moved the "
                        "deadline to {previous}; the entries must chain.",
                        item=item.ref,
                        start=_when(entry.from_date),
                        previous=_when(previous.to),
                    ),
                )
        if entries and entries[-1].to != item.due:
            yield (
                entries[-1].where("to"),
                M(
                    "{item}: the last recorded move is to {last}, but the deadline is {due}; "
                    "record the move with `sezctl reschedule` or fix the dates.",
                    item=item.ref,
                    last=_when(entries[-1].to),
                    due=_when(item.due),
                ),
            )


# -- the working-day calendar ------------------------------------------------------------------


@register("non-working-deadline", Severity.WARNING)
def check_non_working_deadline(context: CheckContext) -> Iterator[Finding]:
    """Warns when the deadline of an open item, today or later, falls on a day off in
    Kazakhstan: a Saturday or Sunday that is not a working day, a public holiday, or a day off
    moved there (the calendar of ``sezctl calendar``, with the days ``sezctl.toml`` adds).
    Deadlines already passed and finished items are left alone.  Switch the warning off with
    ``warn_non_working_deadline = false`` in ``sezctl.toml``."""
    calendar = context.calendar
    if calendar is None:
        return
    for item in context.portfolio.items:
        if item.due < context.today or not item.is_open:
            continue
        reason = calendar.day_off(item.due)
        if reason is not None:
            yield (
                item.where("due"),
                M(
                    "{item} is due {due}, a day off in Kazakhstan ({reason}); move the deadline "
                    "to a working day (see `sezctl calendar {year}`).",
                    item=item.ref,
                    due=_when(item.due),
                    reason=reason,  # a holiday's name or a weekday: localized if a Message
                    year=item.due.year,
                ),
            )


# -- protocols ----------------------------------------------------------------------------------


def _points(portfolio: Portfolio) -> Iterator[tuple[Item, ProtocolOrigin]]:
    """The points of every protocol, with where each comes from."""
    for item in portfolio.items:
        if item.origin is not None:
            yield item, item.origin


@register("protocol-unknown-item")
def check_protocol_unknown_items(context: CheckContext) -> Iterator[Finding]:
    """Every entry of a protocol point's ``items:`` must name an existing roadmap item, in full
    (``roadmap-id/item-id``); the closest existing reference is suggested."""
    portfolio = context.portfolio
    known = portfolio.items_by_ref.keys() | context.broken_refs
    suggestions = Suggester(portfolio.items_by_ref)
    unread_in = _reference_sources(context)
    for item, origin in _points(portfolio):
        for reference in origin.acts_on:
            if reference.ref in known or unread_in(reference.roadmap):
                continue
            hint = suggestions.closest(reference.ref, exclude=item.ref)
            if hint is None:
                message = M(
                    "point {point} of protocol {protocol} acts on {reference!r}, which is not "
                    "an item of any roadmap.",
                    point=origin.point,
                    protocol=origin.number,
                    reference=reference.ref,
                )
            else:
                message = M(
                    "point {point} of protocol {protocol} acts on {reference!r}, which is not "
                    "an item of any roadmap (did you mean {hint!r}?).",
                    point=origin.point,
                    protocol=origin.number,
                    reference=reference.ref,
                    hint=hint,
                )
            yield reference.position, message


@register("point-due-before-protocol")
def check_point_due_before_protocol(context: CheckContext) -> Iterator[Finding]:
    """A protocol point's deadline cannot come before the meeting that set it."""
    for item, origin in _points(context.portfolio):
        if item.due < origin.date:
            yield (
                item.where("due"),
                M(
                    "point {point} is due {due}, before its protocol's date {date}: a meeting "
                    "sets deadlines after it is held.",
                    point=origin.point,
                    due=_when(item.due),
                    date=_when(origin.date),
                ),
            )


@register("off-control-unknown-point")
def check_off_control_unknown_point(context: CheckContext) -> Iterator[Finding]:
    """A point's ``off_control: by:`` must name a point of a protocol in the folder
    (``protocol-YYYY-MM-DD/N``): the decision that took it off control must be on record."""
    portfolio = context.portfolio
    known = portfolio.items_by_ref.keys() | context.broken_refs
    unread_in = _reference_sources(context)
    for _item, origin in _points(portfolio):
        off = origin.off_control
        if off is None or off.by.ref in known or unread_in(off.by.roadmap):
            continue
        yield (
            off.by.position,
            M(
                "point {point} was taken off control by {decision!r}, which is not a point of "
                "any protocol in the folder; add that protocol or fix the reference.",
                point=origin.point,
                decision=off.by.ref,
            ),
        )


@register("off-control-date")
def check_off_control_date(context: CheckContext) -> Iterator[Finding]:
    """Only a later decision takes a point off control: the protocol named in
    ``off_control: by:`` must be dated after the point's own protocol, and not after today."""
    portfolio = context.portfolio
    for _item, origin in _points(portfolio):
        off = origin.off_control
        decision = portfolio.items_by_ref.get(off.by.ref) if off is not None else None
        if off is None or decision is None or decision.origin is None:
            continue
        decided = decision.origin.date
        if decided <= origin.date:
            yield (
                off.by.position,
                M(
                    "point {point} of {date} was taken off control by {decision!r} of "
                    "{decided}: only a later meeting's decision can do that.",
                    point=origin.point,
                    date=_when(origin.date),
                    decision=off.by.ref,
                    decided=_when(decided),
                ),
            )
        elif decided > context.today:
            yield (
                off.by.position,
                M(
                    "point {point} was taken off control by {decision!r} of {decided}, which "
                    "is after today ({today}).",
                    point=origin.point,
                    decision=off.by.ref,
                    decided=_when(decided),
                    today=_when(context.today),
                ),
            )


@register("unknown-decision")
def check_unknown_decision(context: CheckContext) -> Iterator[Finding]:
    """Every ``decision:`` of an item's ``reschedules:`` or ``reassignments:`` must name a point
    of a protocol in the folder (``protocol-YYYY-MM-DD/N``): the protocol point that decided
    the move or the hand-over must be on record.  When the protocol exists its points are
    listed; when it does not, the same point of the protocol of the closest date is suggested
    (a date typed wrong), else the protocols in the folder are listed.  And that protocol must
    be dated on or before the entry's ``on``: a decision comes before what it allows.  A
    decision that may be in a protocol file that could not be read is not reported (as
    ``unchecked-references`` explains, fix that file first)."""
    portfolio = context.portfolio
    points = {item.ref: origin for item, origin in _points(portfolio)}
    groups: dict[str, list[str]] = {}
    for ref in points:
        group, _slash, point = ref.partition("/")
        groups.setdefault(group, []).append(point)
    unread_in = _reference_sources(context)
    for item in portfolio.items:
        entries: list[Reschedule | Reassignment] = [*item.reschedules, *item.reassignments]
        for entry in entries:
            decision = entry.decision
            if decision is None:
                continue
            where = entry.where("decision")
            origin = points.get(decision)
            if origin is not None:
                if origin.date > entry.on:
                    yield (
                        where,
                        M(
                            "{item}: decision {decision!r} is protocol No. {number} of {decided}, "
                            "after the change it allowed ({on}); a decision comes before what it "
                            "allows: fix the decision or the entry's 'on'.",
                            item=item.ref,
                            decision=decision,
                            number=origin.number,
                            decided=_when(origin.date),
                            on=_when(entry.on),
                        ),
                    )
                continue
            group = decision.partition("/")[0]
            if decision in context.broken_refs or unread_in(group):
                continue  # the point exists but has an error, or may be in a file not read
            yield where, _unknown_decision_message(item, decision, groups)


def _unknown_decision_message(item: Item, decision: str, groups: dict[str, list[str]]) -> Message:
    """The protocol exists: its points; it does not: the same point of a protocol whose date
    is close (a typo in the date), else the protocols there are."""
    group, _slash, point = decision.partition("/")
    if group in groups:
        return M(
            "{item}: decision {decision!r} names point {point} of {protocol}, which has no such "
            "point (its points: {points}); fix the point number.",
            item=item.ref,
            decision=decision,
            point=point,
            protocol=group,
            points=", ".join(groups[group]),
        )
    same_point = [f"{other}/{point}" for other, numbers in groups.items() if point in numbers]
    hint = Suggester(same_point).closest(decision)
    if hint is None:
        return M(
            "{item}: decision {decision!r} is not a point of any protocol in the folder "
            "(protocols: {protocols}); add that protocol or fix the reference.",
            item=item.ref,
            decision=decision,
            protocols=", ".join(sorted(groups)) or "-",
        )
    return M(
        "{item}: decision {decision!r} is not a point of any protocol in the folder (did you "
        "mean {hint!r}?); add that protocol or fix the reference.",
        item=item.ref,
        decision=decision,
        hint=hint,
    )
