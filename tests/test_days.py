"""Counting days: calendar and working days, and the Kazakhstan calendar against the official
figures for 2025 and 2026 (sources in docs/calendar.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sezctl.plan.calendar import KazakhstanCalendar
from sezctl.plan.days import CALENDAR_DAYS, WorkingDays
from tests.conftest import BUNDLED_ROADMAPS, REPO, modules_after_run

KZ = KazakhstanCalendar()
WORKING = KZ.days


def weekends_only(year: int) -> tuple[set[date], set[date]]:
    return set(), set()


def with_one_holiday(year: int) -> tuple[set[date], set[date]]:
    """Wednesday 2026-12-16 off; Saturday 2026-12-19 works."""
    if year == 2026:
        return {date(2026, 12, 16)}, {date(2026, 12, 19)}
    return set(), set()


# -- the three operations ------------------------------------------------------------------------


def test_calendar_days_are_plain_date_arithmetic() -> None:
    """Calendar days: between is end - start, add and latest_start shift by days."""
    assert CALENDAR_DAYS.between(date(2026, 9, 30), date(2026, 11, 26)) == 57
    assert CALENDAR_DAYS.between(date(2026, 11, 26), date(2026, 9, 30)) == -57
    assert CALENDAR_DAYS.add(date(2026, 11, 26), 44) == date(2027, 1, 9)
    assert CALENDAR_DAYS.latest_start(date(2027, 1, 9), 44) == date(2026, 11, 26)


def test_calendar_days_never_overflow_the_date_range() -> None:
    """A forecast pushed past 9999-12-31 stays there instead of raising OverflowError."""
    assert CALENDAR_DAYS.add(date(9999, 12, 1), 100) == date.max
    assert CALENDAR_DAYS.latest_start(date(1, 1, 5), 100) == date.min


def test_working_days_between_counts_the_days_after_start_up_to_end() -> None:
    """Friday to Monday is one working day; Friday to Saturday none; signs follow the order."""
    days = WorkingDays(weekends_only)
    friday, saturday, monday = date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 30)
    assert days.between(friday, monday) == 1
    assert days.between(friday, saturday) == 0
    assert days.between(monday, friday) == -1
    assert days.between(friday, friday) == 0
    assert days.between(date(2026, 11, 1), date(2026, 12, 1)) == 22  # Nov 2026: 21 + Tue Dec 1


def test_working_days_add_lands_on_the_nth_working_day() -> None:
    """add(Friday, 1) is Monday; add(Saturday, 1) is Monday too; add(x, 0) is x."""
    days = WorkingDays(weekends_only)
    assert days.add(date(2026, 11, 27), 1) == date(2026, 11, 30)
    assert days.add(date(2026, 11, 28), 1) == date(2026, 11, 30)
    assert days.add(date(2026, 11, 28), 0) == date(2026, 11, 28)
    assert days.add(date(2026, 11, 30), 5) == date(2026, 12, 7)
    assert days.add(date(2026, 11, 30), -1) == date(2026, 11, 27)


def test_working_days_latest_start_is_the_last_day_that_still_fits() -> None:
    """To finish 2 working days later by Friday 2026-12-04, start by Wednesday; to finish 1
    working day later by Monday, start by Sunday (the Friday before is also fine)."""
    days = WorkingDays(weekends_only)
    assert days.latest_start(date(2026, 12, 4), 2) == date(2026, 12, 2)
    assert days.latest_start(date(2026, 11, 30), 1) == date(2026, 11, 29)
    assert days.latest_start(date(2026, 11, 29), 1) == date(2026, 11, 26)  # by Sunday: Thursday
    assert days.latest_start(date(2026, 11, 29), 0) == date(2026, 11, 29)


def test_working_days_follow_the_yearly_exceptions() -> None:
    """A weekday off is skipped and a working Saturday counts."""
    days = WorkingDays(with_one_holiday)
    assert not days.is_working_day(date(2026, 12, 16))
    assert days.is_working_day(date(2026, 12, 19))
    assert days.between(date(2026, 12, 15), date(2026, 12, 21)) == 4  # Thu, Fri, Sat 19, Mon
    assert days.add(date(2026, 12, 15), 1) == date(2026, 12, 17)


def test_working_days_grow_over_many_years_in_both_directions() -> None:
    """Counting across decades extends the calendar without a gap or a loop."""
    days = WorkingDays(weekends_only)
    start = date(2026, 1, 1)
    far = days.add(start, 10_000)
    assert days.between(start, far) == 10_000
    assert days.add(far, -10_000) <= start
    assert days.latest_start(date(1990, 1, 1), 5_000) < date(1971, 1, 1)


DATES = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=300, deadline=None)
@given(DATES, DATES, st.sampled_from(["calendar", "working"]))
def test_between_is_antisymmetric(first: date, second: date, kind: str) -> None:
    """between(a, b) == -between(b, a), in calendar and working days."""
    days = CALENDAR_DAYS if kind == "calendar" else WORKING
    assert days.between(first, second) == -days.between(second, first)


@settings(max_examples=300, deadline=None)
@given(DATES, st.integers(min_value=0, max_value=400), st.sampled_from(["calendar", "working"]))
def test_add_and_latest_start_invert_between(start: date, count: int, kind: str) -> None:
    """between(a, add(a, n)) == n; latest_start(f, n) is the last start that finishes by f."""
    days = CALENDAR_DAYS if kind == "calendar" else WORKING
    assert days.between(start, days.add(start, count)) == count
    latest = days.latest_start(start, count)
    assert days.add(latest, count) <= start
    assert days.add(latest + timedelta(days=1), count) > start or count == 0


@settings(max_examples=200, deadline=None)
@given(DATES, DATES, st.integers(min_value=0, max_value=100))
def test_working_add_is_monotonic(first: date, second: date, count: int) -> None:
    """A later start never finishes earlier."""
    early, late = sorted((first, second))
    assert WORKING.add(early, count) <= WORKING.add(late, count)


# -- the Kazakhstan calendar: official figures -------------------------------------------------


def test_2025_has_246_working_days_as_the_official_production_calendar() -> None:
    """Five-day week, 2025: 246 working days; the months as hand-counted from the decree and
    the law (January: the 3rd is off in exchange for Sunday the 5th)."""
    year = KZ.describe_year(2025)
    assert year.working_days == 246
    assert [month.working_days for month in year.months] == [
        20, 20, 17, 22, 19, 20, 22, 21, 21, 22, 20, 22,
    ]  # fmt: skip


def test_2026_has_247_working_days_since_constitution_day_moved() -> None:
    """2026: 247 working days.  The production calendar of December 2025 had 246, with Monday
    31 August off for Constitution Day; the constitution adopted on 15 March 2026 moved that
    holiday to 15 March (from 2027), so 31 August 2026 is a working day.  Adding it back in
    sezctl.toml reproduces the December calendar."""
    year = KZ.describe_year(2026)
    assert year.working_days == 247
    assert [month.working_days for month in year.months] == [
        19, 20, 18, 22, 17, 22, 22, 21, 22, 21, 21, 22,
    ]  # fmt: skip
    december_2025_edition = KazakhstanCalendar(added_holidays=[date(2026, 8, 31)])
    assert december_2025_edition.describe_year(2026).working_days == 246


@pytest.mark.parametrize(
    "day",
    [
        "2025-01-01", "2025-01-02", "2025-01-03", "2025-01-07", "2025-03-10", "2025-03-21",
        "2025-03-24", "2025-03-25", "2025-05-01", "2025-05-07", "2025-05-09", "2025-06-06",
        "2025-07-07", "2025-09-01", "2025-10-27", "2025-12-16",
        "2026-01-01", "2026-01-02", "2026-01-07", "2026-03-09", "2026-03-23", "2026-03-24",
        "2026-03-25", "2026-05-01", "2026-05-07", "2026-05-11", "2026-05-27", "2026-07-06",
        "2026-10-26", "2026-12-16",
    ],
)  # fmt: skip
def test_weekday_holidays_and_moved_days_off_are_not_working_days(day: str) -> None:
    """Every weekday off of 2025 and 2026: public holidays, days off moved from a Saturday or
    Sunday holiday, Kurban ait (6 June 2025, 27 May 2026) and the transfer of 3 January 2025."""
    assert not KZ.is_working_day(date.fromisoformat(day))


@pytest.mark.parametrize(
    "day",
    ["2025-01-05", "2025-12-31", "2026-01-05", "2026-03-20", "2026-08-31", "2026-12-31"],
)
def test_working_days_around_the_holidays(day: str) -> None:
    """Sunday 5 January 2025 worked in exchange for the 3rd; 31 December is a working day;
    Oraza ait (20 March 2026) is not a day off; 31 August 2026 is no longer one."""
    assert KZ.is_working_day(date.fromisoformat(day))


def test_day_off_names_the_holiday_or_the_weekday() -> None:
    """The check's message names the holiday as the law does, or the day of the week."""
    assert KZ.day_off(date(2026, 12, 16)) == "Тәуелсіздік күні"
    assert KZ.day_off(date(2026, 11, 28)) == "Saturday"
    assert KZ.day_off(date(2026, 11, 27)) is None
    added = KazakhstanCalendar(added_holidays=[date(2026, 11, 27)])
    assert added.day_off(date(2026, 11, 27)) == "a day off in sezctl.toml"


def test_config_days_win_over_the_package() -> None:
    """A working day from sezctl.toml overrides a holiday; a holiday overrides a working
    Saturday; one day cannot be both."""
    calendar = KazakhstanCalendar(
        added_holidays=[date(2025, 1, 5)], added_working_days=[date(2026, 12, 16)]
    )
    assert not calendar.is_working_day(date(2025, 1, 5))
    assert calendar.is_working_day(date(2026, 12, 16))
    with pytest.raises(ValueError, match="both a holiday and a working day"):
        KazakhstanCalendar(added_holidays=[date(2026, 1, 5)], added_working_days=[date(2026, 1, 5)])


def test_years_without_package_data_count_weekends_only() -> None:
    """Before independence and far ahead, only Saturdays and Sundays are days off."""
    year = KZ.describe_year(1990)
    assert year.days == [] and year.package_version is None
    assert year.working_days == 261


def weekdays_in(first: date, last: date) -> int:
    """Mondays to Fridays from first to last, both included, counted one day at a time."""
    count, day = 0, first
    while True:
        count += day.weekday() < 5
        if day == last:
            return count
        day += timedelta(days=1)


@pytest.mark.parametrize(("year", "total"), [(1, 261), (9999, 261)])
def test_calendar_of_the_first_and_last_years_is_printed(
    tmp_path: Path, year: int, total: int
) -> None:
    """`sezctl calendar 1` and `sezctl calendar 9999` (the ends of the accepted range) ended in
    OverflowError and ValueError, exit 3: the day before 0001-01-01 and the first of January
    10000 do not exist.  Both print now (a real process), every month counted day by day."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    output = {}
    for fmt in ("json", "table"):
        done = subprocess.run(
            [sys.executable, "-m", "sezctl", "calendar", str(year), "--format", fmt],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
        output[fmt] = done.stdout
    shown = json.loads(output["json"])
    assert (shown["working_days"], shown["days"], shown["holidays_package"]) == (total, [], None)
    expected = [
        weekdays_in(
            date(year, month, 1),
            date(year, 12, 31) if month == 12 else date(year, month + 1, 1) - timedelta(days=1),
        )
        for month in range(1, 13)
    ]
    assert [month["working_days"] for month in shown["months"]] == expected
    assert sum(expected) == total
    assert f" Year         365       {total}" in output["table"]


def test_working_days_in_reaches_the_first_representable_day() -> None:
    """working_days_in counts from its first day itself: 0001-01-01 (a Monday) needs no day
    before it; an empty range is 0."""
    assert WORKING.working_days_in(date.min, date(1, 1, 7)) == 5
    assert WORKING.working_days_in(date(9999, 12, 27), date.max) == 5
    assert WORKING.working_days_in(date(2026, 1, 2), date(2026, 1, 1)) == 0


# -- the holidays import costs nothing unless asked for -----------------------------------------


def holidays_imported(*args: str, cwd: Path = REPO) -> bool:
    """Whether a real run of sezctl with ``args`` imported the `holidays` package."""
    code, modules = modules_after_run(*args, cwd=cwd)
    assert code in (0, 1), (args, code)
    return "holidays" in modules


def test_calendar_days_never_import_holidays() -> None:
    """`sezctl status`, `show`, `critical` in calendar days leave the `holidays` package
    unimported (it costs tens of milliseconds)."""
    roadmaps = str(BUNDLED_ROADMAPS)
    for args in (
        ["status", roadmaps, "--today", "2026-11-26", "--format", "json"],
        ["show", "power-grid", roadmaps, "--today", "2026-11-26"],
        ["critical", roadmaps, "--today", "2026-11-26"],
    ):
        assert holidays_imported(*args) is False, args


def test_working_days_and_check_import_holidays() -> None:
    """`--days working` and `sezctl check` (for its deadline warning) do load the calendar."""
    roadmaps = str(BUNDLED_ROADMAPS)
    assert holidays_imported("status", roadmaps, "--today", "2026-11-26", "--days", "working")
    assert holidays_imported("check", roadmaps, "--today", "2026-11-26")


def test_check_skips_the_calendar_when_the_warning_is_off(tmp_path: Path) -> None:
    """With warn_non_working_deadline = false, `sezctl check` does not import holidays."""
    (tmp_path / "sezctl.toml").write_text("warn_non_working_deadline = false\n")
    (tmp_path / "roadmaps").mkdir()
    for source in BUNDLED_ROADMAPS.glob("*.yaml"):
        (tmp_path / "roadmaps" / source.name).write_bytes(source.read_bytes())
    assert holidays_imported("check", "--today", "2026-11-26", cwd=tmp_path) is False


@settings(max_examples=300, deadline=None)
@given(DATES, DATES, st.none() | DATES, st.none() | DATES, st.booleans())
def test_slippage_fast_path_agrees_with_the_day_counter(
    today: date, due: date, done: date | None, baseline: date | None, cancelled: bool
) -> None:
    """compute_slippage's shortcut for calendar days gives what the counter gives."""
    from sezctl.core.model import Item, Position, Status
    from sezctl.plan.days import CalendarDays
    from sezctl.plan.slippage import compute_slippage

    item = Item(
        roadmap="r",
        id="a",
        title="a",
        owner="o",
        due=due,
        position=Position("x", 1, 1),
        key_positions={},
        done=done,
        baseline=baseline,
        status=Status.CANCELLED if cancelled else None,
    )
    assert compute_slippage(item, today) == compute_slippage(item, today, CalendarDays())


def test_the_kazakhstan_module_alone_gives_the_package_calendar() -> None:
    """Loading only the package's Kazakhstan module (to skip importing ~280 countries) gives
    exactly what holidays.country_holidays("KZ") gives, for every year the package covers."""
    import holidays

    from sezctl.plan.calendar import FIRST_YEAR, LAST_YEAR, _kazakhstan_holidays

    years = range(FIRST_YEAR, LAST_YEAR + 1)
    ours = _kazakhstan_holidays()
    for year in years:
        ours.get(date(year, 1, 1))
    reference = holidays.country_holidays("KZ", language="kk", years=years)
    assert dict(ours) == dict(reference)
    assert ours.weekend_workdays == reference.weekend_workdays


def test_the_calendar_falls_back_to_the_public_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """If a release of the package moves its Kazakhstan module, the public call is used."""
    import sezctl.plan.calendar

    def moved(package_file: str | None) -> None:
        raise ImportError("moved")

    monkeypatch.setattr(sezctl.plan.calendar, "_load_country_module", moved)
    assert KazakhstanCalendar().describe_year(2026).working_days == 247
