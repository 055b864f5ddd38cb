"""The change policy: what may not change silently between a base revision and the work tree.

``sezctl check --base REV`` loads the roadmap files as they were at ``REV``
(:mod:`sezctl.history.revision` reads them) and compares each item with the same item now: the
same ``roadmap-id/item-id``, or, for an item whose id is gone, the one new item with the same
title and owner (:func:`match_renames`), so renaming an id does not make its record disappear.
Each rule is a small pure function registered in :data:`POLICY_RULES` under a stable code; its
docstring is its user documentation (docs/ci.md quotes it).  A project switches rules off in
``sezctl.toml`` (``[policy]``, one ``code = false`` per rule); the switches that count are those
of the base revision, so a change cannot switch off the rules it is held to.

Every finding is a :class:`~sezctl.core.problems.Problem` located in the current files, so it
prints, annotates and sorts like any other problem; its message is made with ``M``, English as
its value and written in the language of the run when shown, like the consistency checks'.
The base revision's own problems are not reported: it is history, and only what is being
changed now can be fixed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from sezctl.core.i18n import M, Message, _
from sezctl.core.model import Item, Portfolio, Position, Status
from sezctl.core.problems import Problem, SezctlError
from sezctl.rules.registry import Finding, Registry
from sezctl.rules.wording import day_message, status_message
from sezctl.source.config import CONFIG_FILE, Config


@dataclass(frozen=True, slots=True)
class PolicyContext:
    """The two sides of the comparison.

    ``current_has_errors`` is True when some current file has an error: an item that fails to
    load then looks deleted, so deletions are not judged until the files load cleanly.
    ``base_paths`` names where the base's files were read (for messages).
    """

    base: Portfolio
    current: Portfolio
    base_name: str
    current_has_errors: bool = False
    base_paths: tuple[str, ...] = ()
    decisions_required: bool = False  # ``move-without-decision`` is on: a move names one


POLICY_RULES: Registry[PolicyContext] = Registry("policy")
register = POLICY_RULES.register  # a breach of the change policy is an error

OPT_IN_RULES = frozenset({"move-without-decision"})
"""Rules that are off unless ``[policy]`` switches them on (``code = true``): they hold a
project to a stricter practice than a new repository can be assumed to follow."""


def enabled_rules(disabled: Iterable[str], switched_on: Iterable[str] = ()) -> list[str]:
    """The codes of the rules that run: every rule not switched off, except the opt-in rules
    not switched on."""
    off, on = set(disabled), set(switched_on)
    return [
        code
        for code in POLICY_RULES
        if code not in off and (code not in OPT_IN_RULES or code in on)
    ]


def check_change_policy(
    context: PolicyContext, enabled: Iterable[str] | None = None
) -> list[Problem]:
    """Run the enabled rules (all by default) and return their problems, sorted."""
    if enabled is not None:
        enabled = list(enabled)
        context = replace(context, decisions_required="move-without-decision" in enabled)
    return POLICY_RULES.run(context, enabled)


def match_renames(base: Portfolio, current: Portfolio) -> dict[str, Item]:
    """The items whose ``roadmap-id/item-id`` changed, as far as the files tell: base ref ->
    the item now.  An item gone since the base is matched with an item that is new since, when
    exactly one such pair has the same item id, title and owner (the roadmap id changed), else
    the same title and owner (the item id changed).  An ambiguous match is no match."""
    gone = [item for item in base.items if item.ref not in current.items_by_ref]
    new = [item for item in current.items if item.ref not in base.items_by_ref]
    matched: dict[str, Item] = {}
    keys: list[Callable[[Item], tuple[str, ...]]] = [
        lambda item: (item.id, item.title, item.owner),
        lambda item: (item.title, item.owner),
    ]
    for key in keys:
        taken = {id(item) for item in matched.values()}
        before = _unique(key, [item for item in gone if item.ref not in matched])
        after = _unique(key, [item for item in new if id(item) not in taken])
        for value, item in before.items():
            if value in after:
                matched[item.ref] = after[value]
    return matched


def _unique(
    key: Callable[[Item], tuple[str, ...]], items: list[Item]
) -> dict[tuple[str, ...], Item]:
    """The items by ``key``, leaving out every key that more than one item has."""
    found: dict[tuple[str, ...], Item] = {}
    repeated: set[tuple[str, ...]] = set()
    for item in items:
        value = key(item)
        if value in found:
            repeated.add(value)
        found[value] = item
    return {value: item for value, item in found.items() if value not in repeated}


def _pairs(context: PolicyContext) -> Iterator[tuple[Item, Item]]:
    """(item at the base revision, the same item now) for every item present on both sides,
    renamed ones included (:func:`match_renames`)."""
    current = context.current.items_by_ref
    renamed = match_renames(context.base, context.current)
    for before in context.base.items:
        after = current.get(before.ref) or renamed.get(before.ref)
        if after is not None:
            yield before, after


def _name(before: Item, after: Item, context: PolicyContext) -> str:
    """The item as messages name it: its ref, and the ref it had at the base if that differs."""
    if before.ref == after.ref:
        return after.ref
    return M("{item} ({old} at {base})", item=after.ref, old=before.ref, base=context.base_name)


def _when(day: date) -> Message:
    """A date in a message: ISO in English, as people write it in Kazakh and Russian."""
    return day_message(day)


def _where(item: Item, *keys: str) -> Position:
    """The position of the first of ``keys`` the item has, else of the item itself."""
    for key in keys:
        if key in item.key_positions:
            return item.where(key)
    return item.position


# -- the rules ----------------------------------------------------------------------------------


@register("deadline-moved-without-reschedule")
def check_deadline_moves(context: PolicyContext) -> Iterator[Finding]:
    """An item's deadline differs from the base revision, but its ``reschedules:`` list has no
    new entry recording that move: the new entries must start from the deadline at the base
    revision and end at the new one, each with a reason."""
    for before, after in _pairs(context):
        if before.due == after.due:
            continue
        new = after.reschedules[len(before.reschedules) :]
        if new and new[0].from_date == before.due and new[-1].to == after.due:
            continue
        # The command keeps the ISO date of `--to` in every language: it is typed, not read;
        # where moves must name their decision (`move-without-decision`), it names one.
        command = f'sezctl reschedule {after.ref} --to {after.due.isoformat()} --reason "..."'
        if context.decisions_required:
            command += " --decision protocol-YYYY-MM-DD/N"
        words = {
            "item": _name(before, after, context),
            "old": _when(before.due),
            "base": context.base_name,
            "new": _when(after.due),
            "command": command,
        }
        if new:
            message = M(
                "{item}: the deadline moved from {old} (at {base}) to {new}, but the new "
                "reschedules entries go from {first} to {last}. Put the deadline back to {old} "
                "and move it with `{command}`, which records why.",
                first=_when(new[0].from_date),
                last=_when(new[-1].to),
                **words,
            )
        else:
            message = M(
                "{item}: the deadline moved from {old} (at {base}) to {new}, but no new "
                "reschedules entry records it. Put the deadline back to {old} and move it with "
                "`{command}`, which records why.",
                **words,
            )
        yield _where(after, "due"), message


@register("reschedule-history-changed")
def check_reschedule_history(context: PolicyContext) -> Iterator[Finding]:
    """A ``reschedules:`` entry that existed at the base revision was changed or removed: the
    record of past moves only grows."""
    for before, after in _pairs(context):
        for index, old in enumerate(before.reschedules):
            new = after.reschedules[index] if index < len(after.reschedules) else None
            if new is not None and (old.from_date, old.to, old.on, old.reason, old.ref) == (
                new.from_date, new.to, new.on, new.reason, new.ref,
            ):  # fmt: skip
                continue
            words = {
                "item": _name(before, after, context),
                "number": index + 1,
                "start": _when(old.from_date),
                "end": _when(old.to),
                "reason": old.reason,
                "base": context.base_name,
            }
            if new is None:
                message = M(
                    "{item}: reschedules entry {number} ({start} -> {end}, {reason!r}) was "
                    "removed since {base}; past moves stay as recorded, add a new entry instead.",
                    **words,
                )
            else:
                message = M(
                    "{item}: reschedules entry {number} ({start} -> {end}, {reason!r}) was "
                    "changed since {base}; past moves stay as recorded, add a new entry instead.",
                    **words,
                )
            yield (
                new.position if new is not None else _where(after, "reschedules"),
                message,
            )
            break  # one finding per item: later entries shift when one is removed


@register("move-without-decision")
def check_decisions(context: PolicyContext) -> Iterator[Finding]:
    """Off unless switched on (``move-without-decision = true`` in ``[policy]``).  A deadline
    moved or an owner changed since the base revision must name the decision that allowed it:
    each new ``reschedules:`` or ``reassignments:`` entry needs a ``decision`` (the HQ protocol
    point, ``protocol-<date>/<point>``) or a ``ref`` (a decision outside the HQ: an order, a
    letter).  The message gives the command that records it."""
    for before, after in _pairs(context):
        item = _name(before, after, context)
        if before.due != after.due:
            new = after.reschedules[len(before.reschedules) :]
            missing = [entry for entry in new if not entry.decision and not entry.ref]
            # No new entry at all is `deadline-moved-without-reschedule`'s to report.
            if missing:
                words = {
                    "item": item,
                    "old": _when(before.due),
                    "new": _when(after.due),
                    "base": context.base_name,
                    "ref": after.ref,
                    "to": after.due.isoformat(),
                    "reason": missing[-1].reason,
                }
                yield (
                    missing[-1].where("reason"),
                    M(
                        "{item}: the deadline moved from {old} (at {base}) to {new} without a "
                        "recorded decision. Record the protocol point that decided it: put the "
                        "deadline back to {old} and run `sezctl reschedule {ref} --to {to} "
                        '--reason "{reason}" --decision protocol-YYYY-MM-DD/N` (or --ref with '
                        "the order or letter for a decision outside the headquarters).",
                        **words,
                    ),
                )
        if before.owner != after.owner:
            new_records = after.reassignments[len(before.reassignments) :]
            recorded = [entry for entry in new_records if entry.decision or entry.ref]
            if not recorded:
                words = {
                    "item": item,
                    "old": before.owner,
                    "new": after.owner,
                    "base": context.base_name,
                    "ref": after.ref,
                }
                yield (
                    new_records[-1].position if new_records else _where(after, "owner"),
                    M(
                        "{item}: the owner changed from {old} (at {base}) to {new} without a "
                        "recorded decision. Put the owner back to {old} and run `sezctl assign "
                        '{ref} {new} --reason "..." --decision protocol-YYYY-MM-DD/N` (or --ref '
                        "with the order or letter for a decision outside the headquarters).",
                        **words,
                    ),
                )


def approved_deadline(item: Item) -> date:
    """The deadline first approved for an item, as far as its file tells: the baseline, else
    where the first recorded move started, else the deadline itself."""
    if item.baseline is not None:
        return item.baseline
    if item.reschedules:
        return item.reschedules[0].from_date
    return item.due


@register("baseline-changed")
def check_baselines(context: PolicyContext) -> Iterator[Finding]:
    """The baseline, the originally approved deadline, differs from the base revision: it was
    changed or removed, or added with a date other than the deadline approved at the base
    revision."""
    for before, after in _pairs(context):
        item, base = _name(before, after, context), context.base_name
        if before.baseline is not None:
            if after.baseline == before.baseline:
                continue
            if after.baseline is None:
                message = M(
                    "{item}: the baseline was removed (since {base}); the baseline records the "
                    "approved plan and does not move. Move the deadline instead.",
                    item=item,
                    base=base,
                )
            else:
                message = M(
                    "{item}: the baseline changed from {old} to {new} (since {base}); the "
                    "baseline records the approved plan and does not move. Move the deadline "
                    "instead.",
                    item=item,
                    old=_when(before.baseline),
                    new=_when(after.baseline),
                    base=base,
                )
        else:
            expected = approved_deadline(before)
            if after.baseline is None or after.baseline == expected:
                continue
            message = M(
                "{item}: the baseline was added as {new}, but the deadline approved at {base} is "
                "{approved} (since {base}); the baseline records the approved plan and does not "
                "move. Move the deadline instead.",
                item=item,
                new=_when(after.baseline),
                approved=_when(expected),
                base=base,
            )
        yield _where(after, "baseline", "due"), message


@register("done-item-reopened")
def check_reopened(context: PolicyContext) -> Iterator[Finding]:
    """An item that was done at the base revision is no longer done."""
    for before, after in _pairs(context):
        if before.effective_status is Status.DONE and after.effective_status is not Status.DONE:
            words = {
                "item": _name(before, after, context),
                "base": context.base_name,
                "status": status_message(after.effective_status),
            }
            if before.done is None:  # `status: done` without its date, at the base
                # TRANSLATORS: "(on None)": the item had no done date at the base revision.
                message = M(
                    "{item} was done at {base} (on None) and is now {status}; finished work "
                    "is not reopened: add a new item for the remaining work.",
                    **words,
                )
            else:
                message = M(
                    "{item} was done at {base} (on {done}) and is now {status}; finished work "
                    "is not reopened: add a new item for the remaining work.",
                    done=_when(before.done),
                    **words,
                )
            yield _where(after, "status", "done"), message


@register("done-item-deleted")
def check_deleted(context: PolicyContext) -> Iterator[Finding]:
    """An item that was done at the base revision is gone: finished work stays in the roadmap
    as its record."""
    if context.current_has_errors:
        return
    current = context.current
    renamed = match_renames(context.base, current)
    roadmaps = {roadmap.id: roadmap for roadmap in current.roadmaps}
    for before in context.base.items:
        if before.effective_status is not Status.DONE or before.ref in current.items_by_ref:
            continue
        if before.ref in renamed:
            continue  # still here under another id
        position = Position(before.position.path, 0, 0)  # the file as a whole
        ancestor = before.parent
        while ancestor is not None and ancestor.ref not in current.items_by_ref:
            ancestor = ancestor.parent
        if ancestor is not None:
            position = _where(current.items_by_ref[ancestor.ref], "tasks")
        elif before.roadmap in roadmaps:
            position = roadmaps[before.roadmap].where("stages")
        words = {"item": before.ref, "title": before.title, "base": context.base_name}
        if before.done is None:  # `status: done` without its date, at the base
            # TRANSLATORS: "done on None": the item had no done date at the base revision.
            message = M(
                "{item} ({title!r}), done on None at {base}, was deleted; finished work stays "
                "in the roadmap as its record: restore it.",
                **words,
            )
        else:
            message = M(
                "{item} ({title!r}), done on {done} at {base}, was deleted; finished work stays "
                "in the roadmap as its record: restore it.",
                done=_when(before.done),
                **words,
            )
        yield position, message


@register("base-roadmaps-missing")
def check_base_has_roadmaps(context: PolicyContext) -> Iterator[Finding]:
    """The base revision has no roadmap files where they are compared (the roadmaps folder that
    the base revision's ``sezctl.toml`` names, or the paths given): nothing can be held to the
    policy, so the check fails rather than pass everything."""
    if context.base.files or not context.current.files:
        return
    if context.base_paths:
        message = M(
            "{base} has no roadmap files in {paths}, so nothing here can be compared with it and "
            "no change could break the policy. If this change moves the roadmaps, change the "
            "`roadmaps` setting of sezctl.toml with them (the files are then read where {base} "
            "keeps them); if it adds the first roadmaps, check it without --base.",
            base=context.base_name,
            paths=", ".join(context.base_paths),
        )
    else:
        message = M(
            "{base} has no roadmap files in the roadmaps folder, so nothing here can be compared "
            "with it and no change could break the policy. If this change moves the roadmaps, "
            "change the `roadmaps` setting of sezctl.toml with them (the files are then read "
            "where {base} keeps them); if it adds the first roadmaps, check it without --base.",
            base=context.base_name,
        )
    yield Position(context.current.files[0], 0, 0), message


def require_known_rules(config: Config) -> None:
    """Every code in the ``[policy]`` table of sezctl.toml must name a rule (exit 2 if not)."""
    written = config.disabled_policy_rules | config.enabled_policy_rules
    unknown = sorted(written - POLICY_RULES.keys())
    if unknown:
        shown = os.path.relpath(config.source) if config.source else CONFIG_FILE
        raise SezctlError(
            _("{path}: unknown policy rule {rule!r} in [policy]; known rules: {rules}").format(
                path=shown, rule=unknown[0], rules=", ".join(POLICY_RULES)
            )
        )
