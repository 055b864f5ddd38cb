"""Strict dates: YYYY-MM-DD or DD.MM.YYYY, real calendar days, nothing guessed."""

from __future__ import annotations

from datetime import date

import pytest

from sezctl.core.dates import DateFormatError, format_local, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-30", date(2026, 11, 30)),
        ("30.11.2026", date(2026, 11, 30)),
        ("2026-01-01", date(2026, 1, 1)),
        ("01.01.2026", date(2026, 1, 1)),
        ("2024-02-29", date(2024, 2, 29)),
        ("29.02.2000", date(2000, 2, 29)),
        ("0001-01-01", date(1, 1, 1)),
        ("31.12.9999", date(9999, 12, 31)),
    ],
)
def test_both_notations_parse_to_the_same_day(text: str, expected: date) -> None:
    """ISO and the local DD.MM.YYYY notation give exact dates."""
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "01/11/2026",
        "11/01/2026",
        "2026/11/01",  # slashes: day or month first?
        "1 ноября 2026",
        "1 қараша 2026",
        "November 1, 2026",
        "1 Nov 2026",  # words
        "2026-11-01T10:00:00",
        "2026-11-01 10:00",
        "2026-11-01Z",  # date-times
        "20261101",
        "2026-1-1",
        "1.11.2026",
        "01.11.26",
        "2026-11",
        "11.2026",  # wrong widths
        "26-11-01",
        "+2026-11-01",
        "2026-11-01.",
        "2026.11.01",
        "01-11-2026",
        "２０２６-１１-０１",
        "٢٠٢٦-١١-٠١",  # non-ASCII digits match \\d but are refused
        "",
        " ",
        "today",
        "2026-11-30\n2026-12-01",
    ],
)
def test_other_notations_are_refused_with_both_accepted_forms_named(text: str) -> None:
    """Anything but the two notations is a DateFormatError that shows both accepted forms."""
    with pytest.raises(DateFormatError) as error:
        parse_date(text)
    assert str(error.value) == (
        f"{text!r} is not a date: write YYYY-MM-DD (2026-11-30) or DD.MM.YYYY (30.11.2026)"
    )


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        (" 2026-03-31 ", "2026-03-31"),
        ("2026-03-31\n", "2026-03-31"),
        ("\t30.11.2026", "30.11.2026"),
        ("2026-03-31\u00a0", "2026-03-31"),
    ],
)
def test_a_date_with_spaces_or_a_line_break_around_it_is_refused(text: str, inner: str) -> None:
    """The value is exactly the date: whitespace around it is refused, with the date to write."""
    with pytest.raises(DateFormatError) as error:
        parse_date(text)
    assert str(error.value) == (
        f"{text!r} has spaces or a line break around the date: write only the date, {inner}"
    )


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",
        "30.02.2026",
        "2025-02-29",
        "29.02.1900",
        "2026-04-31",
        "2026-13-01",
        "00.01.2026",
        "2026-00-10",
        "0000-01-01",
        "31.06.2026",
    ],
)
def test_impossible_days_are_refused_as_not_real(text: str) -> None:
    """A well-formed date that does not exist (30 February, month 13, year 0) is refused."""
    with pytest.raises(DateFormatError) as error:
        parse_date(text)
    assert str(error.value) == f"{text!r} is not a real calendar date"


def test_date_format_error_is_a_value_error() -> None:
    """Callers that catch ValueError also catch a bad date."""
    assert issubclass(DateFormatError, ValueError)


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 11, 30), "30.11.2026"),
        (date(2026, 1, 5), "05.01.2026"),
        (date(999, 3, 4), "04.03.0999"),
        (date(1, 1, 1), "01.01.0001"),
    ],
)
def test_local_notation_is_zero_padded(day: date, text: str) -> None:
    """format_local writes DD.MM.YYYY with leading zeros, which parse_date reads back."""
    assert format_local(day) == text
    assert parse_date(text) == day
