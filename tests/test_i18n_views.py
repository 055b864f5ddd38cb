"""The views other than `status` in Kazakh and Russian: `show`, `critical`, `owners`,
`calendar`, `diff`, `history`, the Markdown views and the human text of the exports; plural
forms of their counts; holiday names; machine output that never changes with the language."""

from __future__ import annotations

import json
from datetime import date
from importlib.metadata import version
from pathlib import Path

import icalendar
import pytest

from sezctl.core import i18n
from sezctl.plan.calendar import FIRST_YEAR, LAST_YEAR, KazakhstanCalendar, day_off_name
from tests.conftest import BUNDLED_ROADMAPS, Cli, GitRepo
from tests.helpers import assert_golden, edit

TODAY = "2026-11-26"
LANGUAGES = ["kk", "ru"]
NUMBERS = (1, 2, 5, 11, 21, 22)


def run(cli: Cli, *args: str) -> str:
    """The standard output of a command that must succeed (warnings on stderr are allowed: the
    history of the `history_repo` fixture has a version that does not load)."""
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


# -- golden views ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["show", "construction-start"], "show-construction-start"),
        (["critical", "aktobe-sez-infrastructure"], "critical-infrastructure"),
        (["owners"], "owners-table"),
    ],
)
def test_bundled_views_golden_per_language(
    cli: Cli, args: list[str], name: str, language: str
) -> None:
    """`show`, `critical` and `owners` of the bundled roadmap as of 2026-11-26, in Kazakh and in
    Russian (120 columns): labels, headings, column names, day counts and dates translated,
    ids, titles and names as the files write them."""
    output = run(cli, *args, str(BUNDLED_ROADMAPS), "--today", TODAY, "--lang", language)
    assert_golden(f"{name}.{language}.txt", output)


@pytest.mark.parametrize("language", LANGUAGES)
def test_calendar_golden_per_language(
    cli: Cli, language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sezctl calendar 2025`: holidays named in the language (Russian from sezctl's catalog,
    Kazakh as the law writes them), a day off moved by decree, a working Sunday, month names."""
    monkeypatch.chdir(tmp_path)  # no sezctl.toml around
    output = run(cli, "calendar", "2025", "--lang", language)
    assert_golden(f"calendar-2025.{language}.txt", output.replace(version("holidays"), "VERSION"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_diff_golden_per_language(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]], language: str
) -> None:
    """`sezctl diff` on a real git history: the kinds of change, Was and Now (dates and
    statuses in words, owners' ids as written), commits counted in the language."""
    output = run(cli, "diff", "2026-11-05", "HEAD", "--lang", language)
    assert_golden(f"diff.{language}.txt", output)


@pytest.mark.parametrize("language", LANGUAGES)
def test_diff_markdown_golden_per_language(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]], language: str
) -> None:
    """`sezctl diff --format markdown`: the headings, column names and closing summary."""
    output = run(cli, "diff", "2026-11-05", "HEAD", "--format", "markdown", "--lang", language)
    assert_golden(f"diff-md.{language}.txt", output)


@pytest.mark.parametrize("language", LANGUAGES)
def test_history_golden_per_language(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]], language: str
) -> None:
    """`sezctl history ITEM`: the changes named by what they change, the summary with its three
    counts.  (The version that does not load is a warning on stderr, another engineer's.)"""
    result = cli("history", "demo/grid", "--lang", language)
    assert result.exit_code == 0, result.output
    assert_golden(f"history-grid.{language}.txt", result.stdout)


@pytest.mark.parametrize("language", LANGUAGES)
def test_ics_description_golden_per_language(cli: Cli, language: str) -> None:
    """The DESCRIPTION of one ICS event (power-grid: owner, status, start, baseline, its
    prerequisite) and the calendar's name are written in the language; UID, DTSTART and
    CATEGORIES are not."""
    ics = run(cli, "export", str(BUNDLED_ROADMAPS), "--today", TODAY, "--lang", language)
    calendar = icalendar.Calendar.from_ical(ics)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    grid = events["aktobe-sez-infrastructure/power-grid@sezctl"]
    assert grid.decoded("DTSTART") == date(2026, 9, 30)
    assert str(grid["CATEGORIES"].to_ical(), "utf-8") == "aktobe-sez-infrastructure"
    name = str(calendar["X-WR-CALNAME"])
    assert_golden(f"ics-power-grid.{language}.txt", f"{name}\n\n{grid['DESCRIPTION']}\n")


# -- plural forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            [
                "1 изменение; срок переносился 1 раз, всего +1 день",
                "2 изменения; срок переносился 2 раза, всего +2 дня",
                "5 изменений; срок переносился 5 раз, всего +5 дней",
                "11 изменений; срок переносился 11 раз, всего +11 дней",
                "21 изменение; срок переносился 21 раз, всего +21 день",
                "22 изменения; срок переносился 22 раза, всего +22 дня",
            ],
        ),
        (
            "kk",
            [
                "1 өзгеріс; мерзім 1 рет ауыстырылды, барлығы +1 күн",
                "2 өзгеріс; мерзім 2 рет ауыстырылды, барлығы +2 күн",
                "5 өзгеріс; мерзім 5 рет ауыстырылды, барлығы +5 күн",
                "11 өзгеріс; мерзім 11 рет ауыстырылды, барлығы +11 күн",
                "21 өзгеріс; мерзім 21 рет ауыстырылды, барлығы +21 күн",
                "22 өзгеріс; мерзім 22 рет ауыстырылды, барлығы +22 күн",
            ],
        ),
        (
            "en",
            [
                "1 change; the deadline moved 1 time, +1 day in total",
                "2 changes; the deadline moved 2 times, +2 days in total",
                "5 changes; the deadline moved 5 times, +5 days in total",
                "11 changes; the deadline moved 11 times, +11 days in total",
                "21 changes; the deadline moved 21 times, +21 days in total",
                "22 changes; the deadline moved 22 times, +22 days in total",
            ],
        ),
    ],
)
def test_history_summary_counts_take_the_plural_form_of_the_language(
    language: str, expected: list[str]
) -> None:
    """`history`'s summary: changes, moves of the deadline and days, each in its own form
    (Russian 1 раз, 2 раза, 5 раз; Kazakh keeps the noun singular after a number)."""
    from sezctl.history.changes import CommitInfo, FieldChange, ItemHistory, RecordedDecision
    from sezctl.render.history import _history_summary

    commit = CommitInfo("0" * 40, "HQ", "2026-11-26T10:00:00+05:00", "moved")
    # Each move by a recorded decision: the summary counts no move without one.
    record = RecordedDecision(date(2026, 11, 26), "Late", "protocol-2026-11-26/1", None)
    i18n.use_language(language)
    summaries = []
    for n in NUMBERS:
        # n moves of one day each: n changes, n moves, +n days.
        changes = tuple(
            FieldChange(
                "demo/grid", "Grid", "due", date(2026, 1, k), date(2026, 1, k + 1), commit, record
            )
            for k in range(1, n + 1)
        )
        summaries.append(_history_summary(ItemHistory("demo/grid", "Grid", changes)))
    assert summaries == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", ["коммит", "коммита", "коммитов", "коммитов", "коммит", "коммита"]),
        ("kk", ["коммит"] * 6),
        ("en", ["commit", "commits", "commits", "commits", "commits", "commits"]),
    ],
)
def test_diff_heading_counts_commits_in_the_language(language: str, expected: list[str]) -> None:
    """`diff`'s heading: "(1 commit)", "(2 commits)"; Russian 1 коммит, 2 коммита, 5 коммитов,
    21 коммит, 22 коммита; Kazakh 5 коммит."""
    from sezctl.history.changes import DiffReport
    from sezctl.render.history import _diff_heading

    i18n.use_language(language)
    headings = [_diff_heading(DiffReport("v1", "HEAD", "a" * 40, "b" * 40, (), n)) for n in NUMBERS]
    assert [heading.rsplit("(", 1)[1] for heading in headings] == [
        f"{n} {word})" for n, word in zip(NUMBERS, expected, strict=True)
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", ["1 рабочий день", "2 рабочих дня", "5 рабочих дней", "11 рабочих дней",
                "21 рабочий день", "22 рабочих дня"]),
        ("kk", [f"{n} жұмыс күні" for n in NUMBERS]),
        ("en", ["1 working day", "2 working days", "5 working days", "11 working days",
                "21 working days", "22 working days"]),
    ],
)  # fmt: skip
def test_show_counts_working_days_left_in_the_language(
    cli: Cli, language: str, expected: list[str]
) -> None:
    """`show --days working`: the days left carry their unit in the plural form of the
    language (1 working day, not "1 working days")."""
    from sezctl.render.text import count_days

    i18n.use_language(language)
    assert [count_days(n, "working") for n in NUMBERS] == expected
    output = run(
        cli, "show", "construction-start", str(BUNDLED_ROADMAPS), "--today", TODAY,
        "--days", "working", "--lang", language,
    )  # fmt: skip
    left = {"ru": "Осталось", "kk": "Қалды", "en": "Left"}[language]
    line = next(line for line in output.splitlines() if line.startswith(left + " "))
    assert line.split() == [left, "2", *expected[1].split()[1:]]


# -- holiday names --------------------------------------------------------------------------------


def package_names() -> set[str]:
    """Every name the holidays package gives a day off in Kazakhstan, in every year it knows."""
    from sezctl.plan.calendar import _kazakhstan_holidays

    package = _kazakhstan_holidays()
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        package.get(date(year, 1, 1))
    return {str(name) for name in package.values()}


def test_every_holiday_name_of_the_package_is_in_the_catalog() -> None:
    """Each name the package writes (observed, estimated, moved by decree, two on one day) is
    taken apart and translated: in Kazakh it reads exactly as the package writes it, in Russian
    no Kazakh letter is left, and its value stays the package's (JSON, English)."""
    names = package_names()
    assert len(names) > 30
    kazakh_letters = set("әғқңөұүһі")
    for name in sorted(names):
        message = day_off_name(name)
        assert isinstance(message, i18n.Message), name
        assert message == name
        i18n.use_language("kk")
        assert i18n.localize(message) == name
        i18n.use_language("ru")
        russian = i18n.localize(message)
        assert not kazakh_letters & set(russian.lower()), (name, russian)
        i18n.use_language("en")
        assert i18n.localize(message) == name


def test_russian_holiday_names() -> None:
    """The Russian names of a few days off, as the law names them in Russian."""
    i18n.use_language("ru")
    calendar = KazakhstanCalendar()
    named = {day.day: i18n.localize(day.name) for day in calendar.describe_year(2025).days}
    assert named[date(2025, 1, 3)] == "Выходной день (перенесён с 05.01.2025)"
    assert named[date(2025, 1, 5)] == "рабочий день (перенесён)"
    assert named[date(2025, 3, 24)] == "Наурыз мейрамы (перенесённый выходной)"
    assert named[date(2025, 5, 1)] == "Праздник единства народа Казахстана"
    assert named[date(2025, 12, 16)] == "День Независимости"
    assert i18n.localize(day_off_name("Қазақстан Республикасы күні")) == "День Республики Казахстан"
    assert i18n.localize(day_off_name("Құрбан айт (бағаланған)")) == "Курбан айт (расчётная дата)"
    both = "Жеңіс күні (қайта белгіленген демалыс); Құрбан айт (бағаланған)"
    assert i18n.localize(day_off_name(both)) == (
        "День Победы (перенесённый выходной); Курбан айт (расчётная дата)"
    )


def test_a_name_the_catalog_does_not_know_stays_as_the_package_writes_it() -> None:
    """A holiday a later release of the package adds is shown as the package writes it."""
    i18n.use_language("ru")
    for name in ("Жаңа мереке", "Жаңа мереке (қайта белгіленген демалыс)", "Жаңа жыл; Басқа"):
        assert day_off_name(name) == name
        assert i18n.localize(day_off_name(name)) == name


def test_day_off_reasons_are_messages() -> None:
    """Why a day is off, as `check` quotes it: English (or the package's Kazakh) as a string,
    so JSON is the same in every language, and in the run's language when localized."""
    calendar = KazakhstanCalendar(added_holidays=[date(2026, 11, 27)])
    reasons = [calendar.day_off(date(2026, 11, day)) for day in (28, 29, 27)]
    reasons.append(calendar.day_off(date(2026, 12, 16)))
    assert reasons == ["Saturday", "Sunday", "a day off in sezctl.toml", "Тәуелсіздік күні"]
    i18n.use_language("ru")
    assert [i18n.localize(reason or "") for reason in reasons] == [
        "суббота", "воскресенье", "выходной день по sezctl.toml", "День Независимости",
    ]  # fmt: skip
    i18n.use_language("kk")
    assert [i18n.localize(reason or "") for reason in reasons] == [
        "сенбі", "жексенбі", "sezctl.toml бойынша демалыс күні", "Тәуелсіздік күні",
    ]  # fmt: skip


# -- what does not change with the language ------------------------------------------------------


def test_machine_output_of_the_views_is_the_same_in_every_language(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JSON and CSV of owners, show, critical, calendar and export: the same bytes in kk, ru
    and en (holiday names as the package writes them, weekdays and dates as before)."""
    outputs = {}
    for language in ("en", "ru", "kk"):
        args = [str(BUNDLED_ROADMAPS), "--today", TODAY, "--lang", language]
        outputs[language] = [
            run(cli, "owners", *args, "--format", "json"),
            run(cli, "owners", *args, "--format", "csv"),
            run(cli, "show", "power-grid", *args, "--format", "json"),
            run(cli, "critical", *args, "--format", "json"),
            run(cli, "export", *args, "--format", "json"),
            run(cli, "export", *args, "--format", "csv"),
        ]
    monkeypatch.chdir(tmp_path)
    for language in ("en", "ru", "kk"):
        calendar = run(cli, "calendar", "2025", "--format", "json", "--lang", language)
        outputs[language].append(calendar)
    assert outputs["en"] == outputs["ru"] == outputs["kk"]
    days = json.loads(outputs["ru"][-1])["days"]
    assert days[0] == {
        "date": "2025-01-01", "weekday": "Wed", "working": False, "name": "Жаңа жыл",
        "source": "holidays",
    }  # fmt: skip


def test_machine_output_of_the_history_is_the_same_in_every_language(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """`diff` and `history` JSON: the same bytes in every language (kinds, fields, ISO dates,
    the labels of the points compared)."""
    outputs = {
        language: (
            run(cli, "diff", "2026-11-05", "HEAD", "--format", "json", "--lang", language),
            cli("history", "grid", "--format", "json", "--lang", language).stdout,
        )
        for language in ("en", "ru", "kk")
    }
    assert outputs["en"] == outputs["ru"] == outputs["kk"]


def test_uncommitted_changes_are_named_in_the_language(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """A change in the work tree has no commit: the Commit cell says so in the language, and a
    status is named in words (the value of the file stays in JSON)."""
    repo, _ = history_repo
    edit(repo, "owner: aliya\n    due: 2026-11-15", "owner: aliya\n    due: 2026-11-15\n"
         "    status: in-progress")  # fmt: skip
    ru = run(cli, "diff", "--today", TODAY, "--lang", "ru")
    status_changed = ru[ru.index("Изменён статус") :]
    assert "demo/grid" in status_changed
    assert "запланировано" in status_changed and "в работе" in status_changed
    assert "не зафиксировано в git" in status_changed
