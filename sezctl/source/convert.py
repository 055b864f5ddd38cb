"""Loading, step 2 of 3: single values written as text -> typed values (ids, dates, statuses,
item references).

Every scalar in a roadmap file stays the exact text that was written
(:mod:`sezctl.source.yaml_nodes`); this module decides what it means.  The converters are pure
functions of that text: each returns the typed value, or an :class:`Invalid` that says what is
wrong (a problem code and a message a person can act on) but not where.
:func:`convert_values` converts all the single-value keys of one mapping, in the shape
:mod:`sezctl.source.validate` accepted, and locates each refusal at its value in the file's
:class:`~sezctl.source.validate.ProblemLog`.
"""

from collections.abc import Collection
from datetime import date

from sezctl.core.dates import DateFormatError, parse_date
from sezctl.core.i18n import M, Message
from sezctl.core.model import Status
from sezctl.source.fileformat import (
    ID_PATTERN,
    POINT_PATTERN,
    PROTOCOL_PREFIX,
    REFERENCE_PATTERN,
    STATUS_VALUES,
    Field,
    Kind,
)
from sezctl.source.suggestions import describe_lookalikes, fold_lookalikes, lookalike_hint, suggest
from sezctl.source.validate import Validator
from sezctl.source.yaml_nodes import Mapping


class Invalid:
    """Why a text cannot be converted: a problem code and message, not yet located.  (A plain
    class: a named tuple takes about 0.2 ms longer to define, at every start.)"""

    __slots__ = ("code", "message")

    def __init__(self, code: str, message: Message) -> None:
        self.code = code
        self.message = message


def lookalike_id(text: str) -> Message | None:
    """What is wrong with ``text`` when it is a valid id written with a look-alike Cyrillic or
    Greek letter ('pоwer-grid'): the letters to retype, or None."""
    folded = fold_lookalikes(text)
    if folded == text or not ID_PATTERN.fullmatch(folded):
        return None
    return describe_lookalikes(text)


def convert_id(text: str, key: str, example: str = "power-grid") -> str | Invalid:
    """An id (``power-grid``): lowercase latin letters, digits and single hyphens."""
    if ID_PATTERN.fullmatch(text):
        return text
    lookalike = lookalike_id(text)
    if lookalike is not None:
        # TRANSLATORS: {key} is the key of the file (id, roadmap, owner), kept in English;
        # {lookalike} is "'pоwer-grid' contains the Cyrillic letter 'о' (U+043E); type the
        # Latin 'o'".
        return Invalid("bad-id", M("{key} {lookalike}.", key=key, lookalike=lookalike))
    return Invalid(
        "bad-id",
        # TRANSLATORS: {key} is the key of the file (id, roadmap, owner), kept in English.
        M(
            "{key} {text!r} is not a valid id: use lowercase latin letters, digits and single "
            "hyphens, e.g. {example!r}.",
            key=key,
            text=text,
            example=example,
        ),
    )


def convert_owner_id(text: str) -> str | Invalid:
    """An owner id, a key of ``owners:`` (``abdikarimov``), with the same rule as any id."""
    if ID_PATTERN.fullmatch(text):
        return text
    lookalike = lookalike_id(text)
    if lookalike is not None:
        return Invalid("bad-id", M("owner id {lookalike}.", lookalike=lookalike))
    return Invalid(
        "bad-id",
        M(
            "owner id {text!r} is not a valid id: use lowercase latin letters, digits and single "
            "hyphens, e.g. {example!r}.",
            text=text,
            example="abdikarimov",
        ),
    )


def convert_date(text: str, key: str) -> date | Invalid:
    """A date in either notation (:func:`sezctl.core.dates.parse_date`)."""
    try:
        return parse_date(text)
    except DateFormatError as exc:
        return Invalid("bad-date", M("{key}: {reason}.", key=key, reason=exc.reason))


# TRANSLATORS: the status values stay as they are written in the files; say what each means:
# "planned (запланировано), in-progress (в работе), ...".
ALLOWED_STATUSES = M("planned, in-progress, blocked, done, cancelled")
"""The statuses a file may use, as the bad-status message lists them: in English exactly
``", ".join(STATUS_VALUES)`` (a test keeps the two in step), in Kazakh and Russian each value
with what it means."""


_STATUS_OF = {value: Status(value) for value in STATUS_VALUES}
"""Each status by its spelling: ``Status(text)`` goes through the enum's Python-level lookup."""


def convert_status(text: str) -> Status | Invalid:
    """A status, spelt exactly as in :data:`~sezctl.source.fileformat.STATUS_VALUES`."""
    status = _STATUS_OF.get(text)
    if status is not None:
        return status
    return Invalid(
        "bad-status",
        M(
            "status {text!r} is not one of {allowed}{hint}.",
            text=text,
            allowed=ALLOWED_STATUSES,
            hint=lookalike_hint(text, STATUS_VALUES) or suggest(text.lower(), STATUS_VALUES),
        ),
    )


def convert_reference(text: str, roadmap_id: str) -> tuple[str, str] | Invalid:
    """A ``depends_on`` entry as (roadmap id, item id); ``item-id`` alone is in ``roadmap_id``."""
    match = REFERENCE_PATTERN.fullmatch(text)
    if match is None:
        if REFERENCE_PATTERN.fullmatch(fold_lookalikes(text)):
            lookalike = describe_lookalikes(text)
            if lookalike is not None:
                # TRANSLATORS: {lookalike} is "'pоwer-grid' contains the Cyrillic letter 'о'
                # (U+043E); type the Latin 'o'".
                message = M("the reference {lookalike}.", lookalike=lookalike)
                return Invalid("bad-reference", message)
        return Invalid(
            "bad-reference",
            M(
                "{text!r} is not an item reference: write 'item-id' for this roadmap or "
                "'roadmap-id/item-id' for another one.",
                text=text,
            ),
        )
    other_roadmap, item_id = match.groups()
    return other_roadmap or roadmap_id, item_id


SINGLE_VALUE_KINDS = frozenset({Kind.TEXT, Kind.ID, Kind.OWNER, Kind.DATE, Kind.STATUS})
"""The kinds of value :func:`convert_values` converts; the others are lists and mappings."""


def single_value_fields(fields: dict[str, Field]) -> dict[str, Field]:
    """The fields of a table that hold a single value, for :func:`convert_values`."""
    return {key: field for key, field in fields.items() if field.kind in SINGLE_VALUE_KINDS}


# Module-level names for the kinds: `Kind.DATE` is an enum attribute lookup (~90 ns), and the
# conversion loop below runs for every value of every item.
_TEXT, _DATE, _STATUS = Kind.TEXT, Kind.DATE, Kind.STATUS


class ConvertedValues:
    """The converted single values of one mapping, by type.  A key is absent when it was not
    written, was empty, or could not be converted (a problem says so)."""

    __slots__ = ("dates", "statuses", "texts")

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}  # text, ids and owner ids
        self.dates: dict[str, date] = {}
        self.statuses: dict[str, Status] = {}


def convert_values(
    validator: Validator,
    mapping: Mapping,
    fields: dict[str, Field],
    required: Collection[str] = (),
) -> ConvertedValues:
    """Check and convert each key of ``mapping`` that ``fields`` declares as a single value
    (``fields`` is a table of :func:`single_value_fields`).

    A key is required when its field says so or it is in ``required`` (the keys a roadmap needs
    only because the file holds one).  Unknown and missing keys are
    :meth:`~sezctl.source.validate.Validator.keys`' to report.
    """
    values = ConvertedValues()
    texts, dates, statuses = values.texts, values.dates, values.statuses
    report, single_value = validator.log.add, validator.single_value
    for key, (_, node) in mapping.pairs.items():  # only the keys present: this is hot
        field = fields.get(key)
        if field is None:
            continue
        kind = field.kind
        scalar = single_value(node, key, kind, field.required or key in required)
        if scalar is None:
            continue
        text = scalar.value
        if kind is _TEXT:
            texts[key] = text
        elif kind is _DATE:
            day = convert_date(text, key)
            if isinstance(day, Invalid):
                report(scalar, day.code, day.message)
            else:
                dates[key] = day
        elif kind is _STATUS:
            status = convert_status(text)
            if isinstance(status, Invalid):
                report(scalar, status.code, status.message)
            else:
                statuses[key] = status
        else:  # an id or an owner id
            ident = convert_id(text, key)
            if isinstance(ident, Invalid):
                report(scalar, ident.code, ident.message)
            else:
                texts[key] = ident
    return values


def convert_point_number(text: str) -> str | Invalid:
    """A protocol point's number: 1, 2, 3 ... as written on the protocol."""
    if POINT_PATTERN.fullmatch(text):
        return text
    return Invalid(
        "bad-id",
        M("point {text!r} is not a point number: write 1, 2, 3 ... as on the protocol.", text=text),
    )


def convert_protocol_point(text: str) -> tuple[str, str] | Invalid:
    """An ``off_control: by:`` value as (protocol group id, point): ``protocol-2026-12-03/2``."""
    group, _, point = text.partition("/")
    if (
        group.startswith(PROTOCOL_PREFIX)
        and isinstance(convert_date(group[len(PROTOCOL_PREFIX) :], "by"), date)
        and POINT_PATTERN.fullmatch(point)
    ):
        return group, point
    return Invalid(
        "bad-reference",
        M(
            "{text!r} is not a protocol point: write protocol-YYYY-MM-DD/N, e.g. "
            "'protocol-2026-12-03/2'.",
            text=text,
        ),
    )


def convert_item_reference(text: str) -> tuple[str, str] | Invalid:
    """An entry of a point's ``items:``: a roadmap item named in full, ``roadmap-id/item-id``."""
    match = REFERENCE_PATTERN.fullmatch(text)
    if match is None or match[1] is None:
        return Invalid(
            "bad-reference",
            M(
                "{text!r} is not a roadmap item: a protocol point names items in full, "
                "'roadmap-id/item-id'.",
                text=text,
            ),
        )
    return match[1], match[2]
