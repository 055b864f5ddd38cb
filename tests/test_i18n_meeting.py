"""The meeting pack (`sezctl report`) in Kazakh and Russian: the Markdown pack word for word on
a real git history, the HTML page's language and headings, the plural forms of its counts, and
JSON that stays the same in every language."""

from __future__ import annotations

import json
import re

import pytest

from sezctl.core import i18n
from sezctl.render.meeting import overdue_now_line
from tests.conftest import Cli, GitRepo
from tests.helpers import assert_golden

TODAY = "2026-11-26"
PERMIT = "  - id: permit\n    title: Permit\n    owner: hq\n    due: 2026-11-21\n"
COUNTS = (1, 2, 5, 11, 21, 22)


@pytest.fixture
def meeting_repo(history_repo: tuple[GitRepo, dict[str, str]]) -> tuple[GitRepo, dict[str, str]]:
    """The history of tests/test_history.py plus an uncommitted item already overdue (as in
    tests/test_meeting.py): something in every section but "due next"."""
    repo, ids = history_repo
    path = repo.root / "roadmaps/plan.yaml"
    path.write_text(path.read_text(encoding="utf-8") + PERMIT, encoding="utf-8")
    return repo, ids


def report(cli: Cli, *args: str) -> str:
    result = cli("report", "--today", TODAY, "--weeks", "3", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_markdown_pack_golden_per_language(
    cli: Cli, meeting_repo: tuple[GitRepo, dict[str, str]], language: str
) -> None:
    """The Markdown pack in Kazakh and in Russian: headings, column names, the lead line with
    its plural forms, dates written 26.11.2026; titles, names and commit messages as they are."""
    assert_golden(f"meeting.{language}.md", report(cli, "--lang", language))


def test_the_lead_line_names_the_previous_meeting_in_each_language(
    cli: Cli, meeting_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """The previous meeting is "the meeting of" its day in the language's date format, never a
    commit hash; a revision is named as given.  Before the first commit the pack says that
    the changes cannot be shown."""
    _, ids = meeting_repo
    english = report(cli)
    assert "changes since the meeting of 2026-11-19.\n" in english
    assert ids["c2"][:7] not in english
    assert "изменения с заседания 19.11.2026.\n" in report(cli, "--lang", "ru")
    assert "19.11.2026 күнгі отырыстан бергі өзгерістер.\n" in report(cli, "--lang", "kk")
    before = report(cli, "--lang", "ru", "--since", "0001-01-01")
    assert "изменения с заседания 01.01.0001.\n" in before
    assert "\nНет более ранней записи: в git нет состояния дорожных карт до предыдущего " in before
    assert "алдыңғы отырыстан (HEAD~2) бергі" in report(cli, "--lang", "kk", "--since", "HEAD~2")


def test_working_days_are_named_in_every_header(
    cli: Cli, meeting_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """With --days working the headers say working days in Russian and Kazakh too, and a
    deadline's move says calendar days."""
    ru = report(cli, "--lang", "ru", "--days", "working")
    assert "Сейчас просрочено: **2** мероприятия, всего **13** рабочих дней просрочки." in ru
    assert "## Срок исполнения до следующего заседания (03.12.2026)\n" in ru
    assert "| На конец недели | Просрочено мероприятий | Просрочка, рабочих дней |" in ru
    assert (
        "| Мероприятие | Ответственный | Было | Стало | Календарные дни | Решение | Кто изменил |"
        in ru
    )
    kk = report(cli, "--lang", "kk", "--days", "working")
    assert "Қазір мерзімі өткені: **2** іс-шара, жалпы кешігуі **13** жұмыс күні." in kk
    assert "## Келесі отырысқа (03.12.2026) дейін орындалу мерзімі келетіндер\n" in kk
    assert "| Апта соңы | Мерзімі өткен іс-шаралар | Кешігу, жұмыс күні |" in kk


HTML_HEADINGS = {
    "en": [
        "What changed since the meeting of 2026-11-19",
        "Newly overdue",
        "Completed",
        "Deadlines moved",
        "Reassigned",
        "Added",
        "Removed",
        "At risk next",
        "Decisions the meeting must take",
        "Executive discipline by owner, 2026-01-01–2026-11-26",
        "Due before the next meeting (2026-12-03)",
        "Stages: planned against actual or forecast",
        "Milestone trend",
        "Slippage trend",
    ],
    "ru": [
        "Что изменилось с заседания 19.11.2026",
        "Вновь просроченные мероприятия",
        "Исполненные мероприятия",
        "Перенесённые сроки",
        "Сменён ответственный",
        "Добавлены",
        "Удалены",
        "Под угрозой срыва срока",
        "Решения, которые должно принять заседание",
        "Исполнительская дисциплина по ответственным, 01.01.2026–26.11.2026",
        "Срок исполнения до следующего заседания (03.12.2026)",
        "Этапы: план в сравнении с фактом или прогнозом",
        "Динамика контрольных точек",
        "Динамика отставания от сроков",
    ],
    "kk": [
        "19.11.2026 күнгі отырыстан бері не өзгерді",
        "Мерзімі жаңадан өткен іс-шаралар",
        "Орындалған іс-шаралар",
        "Ауыстырылған мерзімдер",
        "Жауаптысы ауыстырылғандар",
        "Қосылғандар",
        "Алып тасталғандар",
        "Мерзімі бұзылу қаупі барлар",
        "Отырыс қабылдауға тиіс шешімдер",
        "Жауаптылар бойынша атқарушылық тәртіп, 01.01.2026–26.11.2026",
        "Келесі отырысқа (03.12.2026) дейін орындалу мерзімі келетіндер",
        "Кезеңдер: жоспар мен нақты орындалуы немесе болжам",
        "Бақылау нүктелерінің динамикасы",
        "Мерзімнің кешігу динамикасы",
    ],
}

HTML_LINES = {
    "en": (
        "Meeting pack for 2026-11-26, changes since the meeting of 2026-11-19.",
        '<li>Overdue now: <span class="big late" data-figure="overdue">2</span> items, '
        '<span class="big late" data-figure="overdue_days">16</span> days in total.</li>',
        ">overdue items</text>",
        ">today 2026-11-26</text>",
    ),
    "ru": (
        "Материалы к заседанию 26.11.2026, изменения с заседания 19.11.2026.",
        '<li>Сейчас просрочено: <span class="big late" data-figure="overdue">2</span> '
        'мероприятия, всего <span class="big late" data-figure="overdue_days">16</span> дней '
        "просрочки.</li>",
        ">просроченные мероприятия</text>",
        ">сегодня 26.11.2026</text>",
    ),
    "kk": (
        "26.11.2026 күнгі отырысқа арналған материалдар, 19.11.2026 күнгі отырыстан бергі "
        "өзгерістер.",
        '<li>Қазір мерзімі өткені: <span class="big late" data-figure="overdue">2</span> '
        'іс-шара, жалпы кешігуі <span class="big late" data-figure="overdue_days">16</span> '
        "күн.</li>",
        ">мерзімі өткен іс-шаралар</text>",
        ">бүгін 26.11.2026</text>",
    ),
}


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_html_page_says_its_language_and_translates_its_headings(
    cli: Cli, meeting_repo: tuple[GitRepo, dict[str, str]], language: str
) -> None:
    """`<html lang>` follows the language; the headings, the lead line, the headline figures,
    the chart legend and the timeline's today line are in that language."""
    page = report(cli, "--lang", language, "--format", "html")
    assert page.startswith(f'<!DOCTYPE html>\n<html lang="{language}"><head>')
    assert re.findall(r"<h[23][^>]*>([^<]*)</h[23]>", page) == HTML_HEADINGS[language]
    lead, figures, legend, today = HTML_LINES[language]
    assert f'<p class="lead">{lead}</p>' in page
    assert figures in page and legend in page and today in page


def test_html_tooltips_and_dates_follow_the_language(
    cli: Cli, meeting_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """The timeline's tooltips and the table dates are written 21.11.2026 in Russian; the
    figures a test reads back keep their values."""
    page = report(cli, "--lang", "ru", "--format", "html")
    assert (
        "<title>Survey: demo/survey: по плану с 01.02.2026 по 01.02.2026; исполнено 30.01.2026"
        "</title>" in page
    )
    assert (
        "<title>Power grid: demo/grid: по плану с 15.11.2026 по 15.11.2026; прогноз 26.11.2026"
        "</title>" in page
    )
    assert 'aria-label="Динамика контрольных точек: Demo"' in page
    assert '<td data-field="due">21.11.2026</td>' in page
    assert '<td data-field="old">31.10.2026</td><td data-field="new">15.11.2026</td>' in page
    assert '<td data-field="days" class=n>+15</td>' in page
    assert 'aria-label="Динамика отставания от сроков"' in page
    assert "<title>Demo: 26.11.2026</title>" in page


def test_the_json_pack_is_the_same_in_every_language(
    cli: Cli, meeting_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """Keys, values and ISO dates of `report --format json` do not change with the language."""
    outputs = {lang: report(cli, "--lang", lang, "--format", "json") for lang in ("en", "ru", "kk")}
    assert outputs["en"] == outputs["ru"] == outputs["kk"]
    assert json.loads(outputs["kk"])["trend"][-1]["date"] == TODAY


def test_several_roadmaps_are_named_in_the_language_and_in_english_in_json(
    cli: Cli, meeting_repo: tuple[GitRepo, dict[str, str]]
) -> None:
    """With more than one roadmap and no [report] title, the pack's title is a generic one,
    English in the JSON and in the run's language in the Markdown pack, never the roadmaps'
    titles joined."""
    repo, _ = meeting_repo
    repo.write(
        "roadmaps/second.yaml",
        "roadmap: second\ntitle: Екінші\nstages:\n"
        "  - id: road\n    title: Road\n    owner: hq\n    due: 2027-05-01\n",
    )
    assert json.loads(report(cli, "--lang", "kk", "--format", "json"))["title"] == (
        "Meeting pack of the headquarters"
    )
    assert report(cli, "--lang", "kk").startswith("# Жедел штаб отырысының материалдары\n")
    assert report(cli, "--lang", "ru").startswith("# Материалы к заседанию оперативного штаба\n")


@pytest.mark.parametrize("output_format", ["markdown", "html"])
def test_no_english_is_left_outside_the_catalog(
    cli: Cli, meeting_repo: tuple[GitRepo, dict[str, str]], output_format: str
) -> None:
    """In the pseudo-language every word a person reads is inside ⟦…⟧, but the data of the
    files and of git (titles, names, ids, commit messages)."""
    text = report(cli, "--lang", "qps", "--days", "working", "--format", output_format)
    if output_format == "html":
        body = text.split("</style>", 1)[1]
        text = "\n".join(re.findall(r">([^<]+)<", body) + re.findall(r'aria-label="([^"]*)"', body))
    # The Mermaid block's syntax (keywords, tags, date formats) is for Mermaid, not people.
    syntax = (
        r"```(mermaid)?|%[mY]|#\d+;|\b(gantt|title|dateFormat|axisFormat|inclusiveEndDates|"
        r"section|done|crit|milestone|YYYY|MM|DD|\d+d)\b"
    )
    text = re.sub(syntax, "", text)
    while re.search(r"⟦[^⟦⟧]*⟧", text):
        text = re.sub(r"⟦[^⟦⟧]*⟧", "", text)
    data = [
        "Demo", "Permit", "Operational HQ", "Works accepted; grid to Aliya", "Aliya Nurlanovna",
        "Fix the file; grid again; fence", "Survey", "Power grid", "Works", "Fence", "hq",
    ]  # fmt: skip
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, "")
    text = re.sub(r"demo/[a-z]+", "", text)
    assert re.findall(r"[A-Za-z]{2,}", text) == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            [
                "Сейчас просрочено: 1 мероприятие, всего 1 день просрочки.",
                "Сейчас просрочено: 2 мероприятия, всего 2 дня просрочки.",
                "Сейчас просрочено: 5 мероприятий, всего 5 дней просрочки.",
                "Сейчас просрочено: 11 мероприятий, всего 11 дней просрочки.",
                "Сейчас просрочено: 21 мероприятие, всего 21 день просрочки.",
                "Сейчас просрочено: 22 мероприятия, всего 22 дня просрочки.",
            ],
        ),
        (
            "kk",
            [f"Қазір мерзімі өткені: {n} іс-шара, жалпы кешігуі {n} күн." for n in COUNTS],
        ),
        (
            "en",
            [
                "Overdue now: 1 item, 1 day in total.",
                *(f"Overdue now: {n} items, {n} days in total." for n in COUNTS[1:]),
            ],
        ),
    ],
)
def test_the_overdue_line_takes_the_plural_forms_of_the_language(
    language: str, expected: list[str]
) -> None:
    """Russian: 1 мероприятие, 2 мероприятия, 5 мероприятий, 21 день, 22 дня; Kazakh keeps the
    noun singular after a number; English has two forms."""
    i18n.use_language(language)
    assert [overdue_now_line(n, n, "calendar") for n in COUNTS] == expected


def test_the_overdue_line_in_working_days() -> None:
    """Working days take the same forms: 1 рабочий день, 3 рабочих дня, 25 рабочих дней."""
    i18n.use_language("ru")
    assert [overdue_now_line(n, n, "working") for n in (1, 3, 25)] == [
        "Сейчас просрочено: 1 мероприятие, всего 1 рабочий день просрочки.",
        "Сейчас просрочено: 3 мероприятия, всего 3 рабочих дня просрочки.",
        "Сейчас просрочено: 25 мероприятий, всего 25 рабочих дней просрочки.",
    ]
