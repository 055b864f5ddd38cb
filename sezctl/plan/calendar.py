"""The Kazakhstan working-day calendar: the ``holidays`` package plus the project's additions.

The ``holidays`` package (``holidays.country_holidays("KZ")``) carries the Law "On holidays in
the Republic of Kazakhstan" as amended: public holidays, the days off that replace a holiday
falling on a Saturday or Sunday, the religious days off (Orthodox Christmas, the first day of
Kurban ait, which are not moved), and the days off that government decrees transfer, with the
Saturday or Sunday that becomes a working day in exchange.  Holiday data changes by decree
every year and sources disagree (see docs/calendar.md), so a project adds its own days off and
working days in ``sezctl.toml``; those win over the package.

Importing ``holidays`` costs tens of milliseconds, so it happens here, on the first question
about a year, and nothing on the path of ``sezctl status`` in calendar days imports this module.

The names of the days off are messages (:mod:`sezctl.core.i18n`): their value is what sezctl
has always written, in JSON and in English -- the package's Kazakh name of a holiday, as the law
writes it, or "Saturday" -- and they are shown in the language of the run.  The package names
Kazakhstan's holidays in Kazakh, English and Ukrainian, not in Russian, so the Russian names come
from sezctl's own catalog: :data:`HOLIDAY_NAMES` reads each of the package's Kazakh names as the
catalog key of its English name, and :func:`day_off_name` takes a composed name ("… (қайта
белгіленген демалыс)") apart into the holiday and the package's label, each translated.  A name
a future release of the package adds stays as the package writes it until the catalog has it.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sezctl.core.i18n import N_, M, Message, format_day
from sezctl.plan.days import WorkingDays

if TYPE_CHECKING:
    from sezctl.source.config import Config

COUNTRY = "KZ"
COUNTRY_NAME = N_("Kazakhstan")
LANGUAGE = "kk"  # the holiday names as the law writes them
# The package knows Kazakhstan from independence on; outside these years only Saturdays and
# Sundays are days off (plus what sezctl.toml adds).
FIRST_YEAR = 1991
LAST_YEAR = 2100
_WEEKDAY_NAMES = (
    M("Monday"), M("Tuesday"), M("Wednesday"), M("Thursday"), M("Friday"), M("Saturday"),
    M("Sunday"),
)  # fmt: skip
_DAY_OFF_IN_CONFIG = M("a day off in sezctl.toml")

# The package's names of Kazakhstan's holidays (its catalog keys, in Kazakh) and the English
# name that is the key of each in sezctl's catalog: the package's own English (en_US) names,
# but for 25 October, whose two names (Республика күні until 2008, Қазақстан Республикасы
# күні from 2026) the package writes "Republic Day" both.
HOLIDAY_NAMES = {
    "Жаңа жыл": N_("New Year's Day"),
    "Православиелік Рождество": N_("Orthodox Christmas"),
    "Халықаралық әйелдер күні": N_("International Women's Day"),
    "Наурыз мейрамы": N_("Nowruz Holiday"),
    "Қазақстан халқының бірлігі мерекесі": N_("Kazakhstan's People Solidarity Holiday"),
    "Отан Қорғаушы күні": N_("Defender of the Fatherland Day"),
    "Жеңіс күні": N_("Victory Day"),
    "Астана күні": N_("Capital Day"),
    "Қазақстан Республикасының Конституциясы күні": N_("Constitution Day"),
    "Республика күні": N_("Republic Day"),
    "Қазақстан Республикасы күні": N_("Republic of Kazakhstan Day"),
    "Қазақстан Республикасының Тұңғыш Президенті күні": N_("First President Day"),
    "Тәуелсіздік күні": N_("Independence Day"),
    "Құрбан айт": N_("Eid al-Adha"),
}
# The package's labels around a holiday's name (its `observed_estimated_label`,
# `observed_label`, `estimated_label`), and sezctl's catalog key of each.
_HOLIDAY_LABELS = (
    (" (қайта белгіленген демалыс, бағаланған)", N_("{holiday} (observed, estimated)")),
    (" (қайта белгіленген демалыс)", N_("{holiday} (observed)")),
    (" (бағаланған)", N_("{holiday} (estimated)")),
)
# The package's `substituted_label`: a day off moved by decree from a Saturday or Sunday (the
# date as its `substituted_date_format` writes it).
_SUBSTITUTED = ("Демалыс күні (", " бастап ауыстырылды)", "%d.%m.%Y")
_SEVERAL = "; "  # the package's separator of two holidays on one day


class DayOffName(Message):
    """The name of a day off as the ``holidays`` package writes it (in Kazakh): its value, in
    JSON and in English output as before; shown in Kazakh and Russian from sezctl's catalog,
    whose key is ``template`` (English)."""

    def __new__(cls, name: str, template: str, args: dict[str, object]) -> DayOffName:
        self = str.__new__(cls, name)
        self.template, self.plural, self.number, self.args = template, None, 1, args
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (DayOffName, (str(self), self.template, self.args))


def day_off_name(name: str) -> str:
    """The package's name of a day off as a :class:`DayOffName`, or ``name`` itself when it is
    one the catalog does not know (module docstring)."""
    if name in HOLIDAY_NAMES:
        return DayOffName(name, HOLIDAY_NAMES[name], {})
    if _SEVERAL in name:
        first, second = name.split(_SEVERAL, 1)
        holiday, other = day_off_name(first), day_off_name(second)
        if isinstance(holiday, DayOffName) and isinstance(other, DayOffName):
            return DayOffName(name, N_("{holiday}; {other}"), {"holiday": holiday, "other": other})
        return name
    for label, template in _HOLIDAY_LABELS:
        if name.endswith(label):
            holiday = day_off_name(name.removesuffix(label))
            if isinstance(holiday, DayOffName):
                return DayOffName(name, template, {"holiday": holiday})
            return name
    start, end, written = _SUBSTITUTED
    if name.startswith(start) and name.endswith(end):
        try:
            moved = datetime.strptime(name[len(start) : -len(end)], written).date()
        except ValueError:
            return name
        return DayOffName(name, N_("Day off (substituted from {day})"), {"day": _Day(moved)})
    return name


class _Day:
    """A date in a message, written as the language of the run writes dates when the message is
    shown (26.11.2026 or 2026-11-26), not when it is made."""

    __slots__ = ("day",)

    def __init__(self, day: date) -> None:
        self.day = day

    def __format__(self, spec: str) -> str:
        return format_day(self.day)


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """A day that is not simply "Monday to Friday works, Saturday and Sunday do not"."""

    day: date
    working: bool
    name: str
    source: str  # "holidays" (the package) or "config" (sezctl.toml)


@dataclass(frozen=True, slots=True)
class CalendarMonth:
    month: int
    calendar_days: int
    working_days: int


@dataclass(frozen=True, slots=True)
class CalendarYear:
    """What ``sezctl calendar YEAR`` shows: the exceptions and the working days per month."""

    year: int
    country: str  # ISO 3166 code of the calendar's country
    country_name: str
    days: list[CalendarDay]
    months: list[CalendarMonth]
    working_days: int
    package_version: str | None
    config_source: str | None


class KazakhstanCalendar:
    """Working days in Kazakhstan: the package's data for each year, then the project's own
    ``holidays`` (days off) and ``working_days`` from ``sezctl.toml`` on top."""

    @classmethod
    def for_config(cls, config: Config) -> KazakhstanCalendar:
        """The calendar with the days off and working days of a project's ``sezctl.toml``
        (reading it has already refused a day listed as both)."""
        source = os.path.relpath(config.source) if config.source else None
        return cls(config.holidays, config.working_days, source)

    def __init__(
        self,
        added_holidays: Iterable[date] = (),
        added_working_days: Iterable[date] = (),
        config_source: str | None = None,
    ) -> None:
        self.added_holidays = frozenset(added_holidays)
        self.added_working_days = frozenset(added_working_days)
        both = self.added_holidays & self.added_working_days
        if both:
            raise ValueError(
                "a day cannot be both a holiday and a working day: "
                + ", ".join(sorted(day.isoformat() for day in both))
            )
        self.config_source = config_source
        self._package: Any = None
        self._years: dict[int, tuple[dict[date, str], set[date]]] = {}
        self.days = WorkingDays(self._exceptions)

    def _package_holidays(self) -> Any:
        if self._package is None:
            self._package = _kazakhstan_holidays()
        return self._package

    @property
    def package_version(self) -> str:
        from importlib.metadata import version

        return version("holidays")

    def _package_year(self, year: int) -> tuple[dict[date, str], set[date]]:
        """The package's holidays (any weekday) and working weekend days of one year."""
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return {}, set()
        cached = self._years.get(year)
        if cached is None:
            package = self._package_holidays()
            package.get(date(year, 1, 1))  # the package fills in a year on first use
            named = {day: str(name) for day, name in package.items() if day.year == year}
            working = {day for day in package.weekend_workdays if day.year == year}
            cached = self._years[year] = (named, working)
        return cached[0], set(cached[1])

    def _exceptions(self, year: int) -> tuple[Collection[date], Collection[date]]:
        named, working = self._package_year(year)
        days_off = {day for day in named if day.weekday() < 5}
        days_off |= {day for day in self.added_holidays if day.year == year}
        days_off -= self.added_working_days
        working |= {day for day in self.added_working_days if day.year == year}
        working = {day for day in working if day.weekday() >= 5} - self.added_holidays
        return days_off, working

    def is_working_day(self, day: date) -> bool:
        return self.days.is_working_day(day)

    def day_off(self, day: date) -> str | None:
        """Why ``day`` is not a working day, or ``None`` when it is one."""
        if self.days.is_working_day(day):
            return None
        if day in self.added_holidays:
            return _DAY_OFF_IN_CONFIG
        named, _ = self._package_year(day.year)
        name = named.get(day)
        return _WEEKDAY_NAMES[day.weekday()] if name is None else day_off_name(name)

    def describe_year(self, year: int) -> CalendarYear:
        """The calendar of one year as sezctl uses it: every holiday and transferred day (also
        those on a weekend), every working Saturday or Sunday, and the counts per month."""
        named, working = self._package_year(year)
        days: dict[date, CalendarDay] = {}
        for day, name in named.items():
            days[day] = CalendarDay(day, False, day_off_name(name), "holidays")
        transferred = M("working day (transferred)")
        for day in working:
            days[day] = CalendarDay(day, True, transferred, "holidays")
        for day in self.added_holidays:
            if day.year == year:
                days[day] = CalendarDay(day, False, M("day off (sezctl.toml)"), "config")
        for day in self.added_working_days:
            if day.year == year:
                days[day] = CalendarDay(day, True, M("working day (sezctl.toml)"), "config")
        months = []
        for month in range(1, 13):
            first = date(year, month, 1)
            # The day before the next month's first, except in December: 9999 has no next year.
            last = date(year, 12, 31) if month == 12 else date(year, month + 1, 1) - timedelta(1)
            months.append(CalendarMonth(month, last.day, self.days.working_days_in(first, last)))
        return CalendarYear(
            year=year,
            country=COUNTRY,
            country_name=COUNTRY_NAME,
            days=[days[day] for day in sorted(days)],
            months=months,
            working_days=sum(month.working_days for month in months),
            package_version=self.package_version if FIRST_YEAR <= year <= LAST_YEAR else None,
            config_source=self.config_source,
        )


def _kazakhstan_holidays() -> Any:
    """The package's calendar of Kazakhstan, filled in year by year as it is asked about.

    ``holidays.country_holidays("KZ")`` first imports the modules of all the ~280 countries
    the package knows (about 50 ms, as much as importing the package itself).  The Kazakhstan
    module imports only the package's shared parts, so it is loaded on its own from the
    package's folder; if a release moves it, the public call is used instead.  The tests
    compare the two for every year the package covers.
    """
    import holidays  # heavy: only when a working-day question is asked

    try:
        return _load_country_module(holidays.__file__).Kazakhstan(language=LANGUAGE)
    except (OSError, ImportError, AttributeError):
        return holidays.country_holidays(COUNTRY, language=LANGUAGE)


def _load_country_module(package_file: str | None) -> Any:
    import importlib.util
    from pathlib import Path

    path = Path(package_file or "").with_name("countries") / "kazakhstan.py"
    spec = importlib.util.spec_from_file_location("sezctl._holidays_kazakhstan", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
