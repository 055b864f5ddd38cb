"""The JSON Schema (draft-07) of the roadmap file format, generated from
:mod:`sezctl.source.fileformat`.

Editors validate a file while it is typed when the file names this schema on a
``# yaml-language-server: $schema=...`` line.  Nothing here is written by hand: every property,
description and requirement comes from the format tables (``ROOT_FIELDS``, ``OWNER_FIELDS``,
``ITEM_FIELDS``, ``RESCHEDULE_FIELDS``, ``ROADMAP_REQUIRED``), the id and reference patterns
and the status values, so the schema cannot drift from the loader.  A test validates both test
corpora with it and checks that it rejects exactly the files in which the loader finds a
schema-level problem (:data:`SCHEMA_LEVEL_CODES`).

How loader rules become schema rules:

* A required key (``required`` in its table, or in ``ROADMAP_REQUIRED`` for a roadmap) must be
  present and not empty: text must have a visible character, a list of items at least one item.
  An optional key may be left empty (``~``, ``null`` or nothing), which JSON calls ``null``.
* Text keys also accept numbers and booleans: an editor reads ``phone: 87012345678`` or
  ``title: 2026`` by YAML 1.2's rules, while sezctl keeps every value as the text written.
* Dates are the two notations of :mod:`sezctl.core.dates` with the calendar built into the pattern
  (month lengths and leap years), so ``2026-02-30`` is refused here as it is by the loader.
* A file holds owners, a roadmap, or both: once any of ``roadmap``, ``title``, ``stages`` is
  there, all three are required; without them, ``owners`` is, and ``owner``/``approved`` are not
  allowed.

Patterns use only syntax common to ECMA-262 (editors) and Python's ``re`` (``jsonschema``):
``[0-9]`` rather than ``\\d`` (which Python extends to every script's digits) and ``$(?!\\n)``
rather than ``$`` (which Python also lets match before a final line break).
"""

from __future__ import annotations

import json
from typing import Any

from sezctl.source.fileformat import (
    ID_PATTERN,
    ITEM_FIELDS,
    OFF_CONTROL_FIELDS,
    OWNER_FIELDS,
    POINT_FIELDS,
    POINT_PATTERN,
    PROTOCOL_FIELDS,
    PROTOCOL_PREFIX,
    REASSIGNMENT_FIELDS,
    RESCHEDULE_FIELDS,
    ROADMAP_REQUIRED,
    ROOT_FIELDS,
    STATUS_VALUES,
    Field,
    Kind,
)

SCHEMA_ID = "urn:sezctl:schema:roadmap-file"
"""The schema's ``$id``: a name, not a download address (the file ships with each project)."""

SCHEMA_FILE = "schema/sezctl.schema.json"
"""Where a project keeps the generated schema; bundled roadmaps point at it."""

MODELINE = "# yaml-language-server: $schema=../schema/sezctl.schema.json"
"""The first line of a roadmap file in ``roadmaps/``: tells YAML editors where the schema is."""

SCHEMA_LEVEL_CODES = frozenset(
    {
        "root-not-mapping",
        "empty-file",
        "missing-key",
        "unknown-key",
        "wrong-type",
        "empty-value",
        "bad-id",
        "bad-date",
        "bad-status",
        "bad-reference",
    }
)
"""Problem codes about the shape of one file, which the schema reports too.  Other codes are
about bytes and YAML (the file never becomes a JSON value) or about several values at once
(consistency checks), which a schema cannot see."""

_END = "$(?!\\n)"
_YEAR = "(?!0000)[0-9]{4}"  # Python's date starts at year 1
_LEAP_YEAR = "(?!0000)(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_MONTH_DAY = (
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_DAY_MONTH = (
    "(?:(?:0[1-9]|[12][0-9]|3[01])\\.(?:0[13578]|1[02])"
    "|(?:0[1-9]|[12][0-9]|30)\\.(?:0[469]|11)"
    "|(?:0[1-9]|1[0-9]|2[0-8])\\.02)"
)
DATE_PATTERN = (
    "^(?:"
    f"{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29"
    f"|{_DAY_MONTH}\\.{_YEAR}|29\\.02\\.{_LEAP_YEAR}"
    f"){_END}"
)
"""A real calendar date in ``YYYY-MM-DD`` or ``DD.MM.YYYY`` and nothing around it (no spaces,
no line break), as :func:`sezctl.core.dates.parse_date` reads it."""


ID_SCHEMA_PATTERN = f"^{ID_PATTERN.pattern}{_END}"
REFERENCE_SCHEMA_PATTERN = f"^(?:{ID_PATTERN.pattern}/)?{ID_PATTERN.pattern}{_END}"
"""``item-id`` or ``roadmap-id/item-id``: :data:`sezctl.source.fileformat.REFERENCE_PATTERN`."""

_NULL = {"type": "null"}
POINT_SCHEMA_PATTERN = f"^{POINT_PATTERN.pattern}{_END}"
FULL_REFERENCE_SCHEMA_PATTERN = f"^{ID_PATTERN.pattern}/{ID_PATTERN.pattern}{_END}"
PROTOCOL_POINT_SCHEMA_PATTERN = (
    f"^{PROTOCOL_PREFIX}[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}/{POINT_PATTERN.pattern}{_END}"
)


def _value_schema(kind: Kind, required: bool, description: str) -> dict[str, Any]:
    """The schema of one key's value."""
    if kind is Kind.TEXT:
        schema: dict[str, Any] = {"type": ["string", "number", "boolean"]}
        if required:
            schema["pattern"] = "\\S"  # applies to strings only: a number is never blank
    elif kind in (Kind.ID, Kind.OWNER):
        schema = {
            "anyOf": [
                {"type": "string", "pattern": ID_SCHEMA_PATTERN},
                {"type": "integer", "minimum": 0},  # `id: 2026` in an editor's YAML 1.2
            ]
        }
    elif kind is Kind.DATE:
        schema = {"type": "string", "pattern": DATE_PATTERN}
    elif kind is Kind.STATUS:
        schema = {"type": "string", "enum": list(STATUS_VALUES)}
    elif kind is Kind.REFERENCES:
        schema = {
            "type": "array",
            "items": {"type": "string", "pattern": REFERENCE_SCHEMA_PATTERN},
        }
    elif kind is Kind.ITEMS:
        schema = {"type": "array", "items": {"$ref": "#/definitions/item"}}
        if required:
            schema["minItems"] = 1
    elif kind is Kind.RESCHEDULES:
        schema = {"type": "array", "items": {"$ref": "#/definitions/reschedule"}}
    elif kind is Kind.REASSIGNMENTS:
        schema = {"type": "array", "items": {"$ref": "#/definitions/reassignment"}}
    elif kind is Kind.OWNERS:
        schema = {
            "type": "object",
            "propertyNames": {"pattern": ID_SCHEMA_PATTERN},
            "additionalProperties": {"$ref": "#/definitions/owner"},
        }
    elif kind is Kind.POINTS:
        schema = {"type": "array", "items": {"$ref": "#/definitions/point"}, "minItems": 1}
    elif kind is Kind.POINT:
        schema = {
            "anyOf": [
                {"type": "string", "pattern": POINT_SCHEMA_PATTERN},
                {"type": "integer", "minimum": 1, "maximum": 9999},
            ]
        }
    elif kind is Kind.OFF_CONTROL:
        schema = {"$ref": "#/definitions/off_control"}
    elif kind is Kind.PROTOCOL_POINT:
        schema = {"type": "string", "pattern": PROTOCOL_POINT_SCHEMA_PATTERN}
    else:  # pragma: no cover - a new Kind must be given a schema here
        raise AssertionError(f"no schema for {kind}")
    if not required and kind is not Kind.OWNERS:  # an optional key may be left empty
        schema = (
            {"anyOf": [*schema["anyOf"], _NULL]}
            if "anyOf" in schema
            else {"anyOf": [schema, _NULL]}
        )
    return {"description": description, **schema}


def _object_schema(
    description: str, fields: dict[str, Field], required: tuple[str, ...] = ()
) -> dict[str, Any]:
    """A mapping whose keys are exactly the table's; ``required`` adds keys required here."""
    must = [key for key, spec in fields.items() if spec.required or key in required]
    schema: dict[str, Any] = {
        "description": description,
        "type": "object",
        "properties": {
            key: _value_schema(spec.kind, key in must, spec.description)
            for key, spec in fields.items()
        },
        "additionalProperties": False,
    }
    if must:
        schema["required"] = must
    return schema


def build_schema() -> dict[str, Any]:
    """The JSON Schema of one roadmap file, as a JSON-ready dict."""
    root = _object_schema(
        "A sezctl roadmap file: an owners registry, a roadmap, or both.",
        ROOT_FIELDS,
        required=ROADMAP_REQUIRED,
    )
    # The root's requirements depend on what the file holds (see the module docstring), so its
    # required keys move into the if/then/else below.
    root.pop("required")
    roadmap_only = [key for key in ROOT_FIELDS if key != "owners"]
    roadmap_file = {
        **root,
        "if": {"anyOf": [{"required": [key]} for key in ROADMAP_REQUIRED]},
        "then": {"required": list(ROADMAP_REQUIRED)},
        "else": {
            "required": ["owners"],
            "not": {"anyOf": [{"required": [key]} for key in roadmap_only]},
        },
    }
    point = _object_schema("One numbered instruction of a protocol.", POINT_FIELDS)
    # A point names roadmap items in full: roadmap-id/item-id, never an item id alone.
    point["properties"]["items"]["anyOf"][0]["items"]["pattern"] = FULL_REFERENCE_SCHEMA_PATTERN
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "sezctl roadmap file",
        "description": "A sezctl file: an owners registry, a roadmap, both, or a protocol.",
        # A file with a `protocol:` key is a protocol (docs/format.md); any other is a roadmap
        # file.
        "if": {"type": "object", "required": ["protocol"]},
        "then": {"$ref": "#/definitions/protocol"},
        "else": roadmap_file,
        "definitions": {
            "protocol": _object_schema(
                "A meeting's protocol: its number, date, chair and numbered points.",
                PROTOCOL_FIELDS,
            ),
            "point": point,
            "off_control": _object_schema(
                "The later protocol point that took this point off control, and why.",
                OFF_CONTROL_FIELDS,
            ),
            "owner": _object_schema("A responsible person or body.", OWNER_FIELDS),
            "item": _object_schema(
                "A stage or task; tasks nest to any depth with the same keys.", ITEM_FIELDS
            ),
            "reschedule": _object_schema("One recorded move of the deadline.", RESCHEDULE_FIELDS),
            "reassignment": _object_schema(
                "One recorded change of the owner.", REASSIGNMENT_FIELDS
            ),
        },
    }


def render_schema() -> str:
    """The schema as the text ``sezctl schema`` prints and projects commit."""
    return json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n"
