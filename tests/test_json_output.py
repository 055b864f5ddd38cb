"""The JSON writer of every report writes exactly what ``json.dumps(indent=2)`` would."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sezctl.render.records import to_json

SCALARS = st.none() | st.booleans() | st.integers() | st.text() | st.floats()
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(VALUES)
def test_to_json_matches_json_dumps_byte_for_byte(value: Any) -> None:
    """Text (control characters, Kazakh, quotes), numbers (NaN and infinities too), nesting,
    empty containers."""
    assert to_json(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_to_json_leaves_other_keys_and_values_to_json_dumps() -> None:
    """Numeric keys are converted and unknown types refused, exactly as json.dumps does."""
    assert to_json({1: [1.5, None]}) == json.dumps({1: [1.5, None]}, indent=2) + "\n"
    try:
        to_json({"when": object()})
    except TypeError:
        pass
    else:
        raise AssertionError("an object() must not be serialised")


def test_to_json_refuses_a_record_instead_of_writing_it_as_an_array() -> None:
    """A NamedTuple record (a Position, a Problem) that reached the writer is a bug in a
    renderer: json.dumps would silently write it as an array; to_json refuses it by name."""
    import pytest

    from sezctl.core.model import Position

    with pytest.raises(TypeError, match=r"^Position is not JSON data; build a dict"):
        to_json({"where": [Position("plan.yaml", 3, 5)]})
