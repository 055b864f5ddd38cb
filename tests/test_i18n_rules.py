"""The consistency checks and the change policy in Kazakh and Russian: every finding is a message
kept in English (JSON, SARIF) and written in the language of the run by the text view, with
dates as people write them, status values explained, and the plural forms of each language;
docs/checks.kk.md and docs/checks.ru.md list every code the English docs list."""

from __future__ import annotations

import json
import pickle
import re
from datetime import date
from pathlib import Path

import pytest

from sezctl.core import i18n
from sezctl.core.model import Status
from sezctl.core.problems import LOADER_CODES
from sezctl.rules.checks import CHECKS
from sezctl.rules.policy import POLICY_RULES, PolicyContext, check_change_policy
from sezctl.rules.wording import day_message, status_message
from tests.conftest import DATA, REPO, Cli, GitRepo
from tests.docsessions import table_rows
from tests.helpers import assert_golden, edit

TODAY = "2026-11-26"
RULES_DATA = DATA / "i18n-rules"
LANGUAGES = ("kk", "ru")
PROBLEM_LINE = re.compile(r"^\S+:\d+:\d+: (error|warning)\[([a-z0-9-]+)\]: (.*)$")


def problem_codes(output: str) -> set[str]:
    return {match[2] for line in output.splitlines() if (match := PROBLEM_LINE.match(line))}


def messages(output: str) -> list[str]:
    return [match[3] for line in output.splitlines() if (match := PROBLEM_LINE.match(line))]


# -- the consistency checks ---------------------------------------------------------------------


def check_consistency(cli: Cli, *args: str) -> tuple[int, str, str]:
    result = cli("check", "consistency", "--today", TODAY, *args)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def in_rules_data(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tests run in tests/data/i18n-rules, so the paths printed are short and stable."""
    monkeypatch.chdir(RULES_DATA)
    return RULES_DATA


def test_the_consistency_case_reports_every_check(cli: Cli, in_rules_data: Path) -> None:
    """tests/data/i18n-rules/consistency breaks every consistency check, so the Kazakh and
    Russian goldens below show every check's message: a new check needs a case there.  The one
    loader problem, port.yaml's yaml-syntax, is there for unchecked-references to follow."""
    code, out, _ = check_consistency(cli)
    assert code == 1, out
    assert problem_codes(out) == set(CHECKS) | {"yaml-syntax"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_check_consistency_golden_per_language(
    cli: Cli, in_rules_data: Path, language: str
) -> None:
    """`sezctl check` on a folder with every consistency problem, in Kazakh and in Russian:
    the `path:line:col: severity[code]:` prefix as in English, the message translated, dates
    written 26.11.2026."""
    code, out, err = check_consistency(cli, "--lang", language)
    assert code == 1, out + err
    assert_golden(f"check-consistency.{language}.txt", out + err)


def test_machine_output_of_check_is_the_same_in_every_language(
    cli: Cli, in_rules_data: Path
) -> None:
    """JSON and SARIF carry the English message and ISO dates whatever the language; the text
    view in English is the one the docs and the other tests pin."""
    outputs = {
        language: tuple(
            check_consistency(cli, "--lang", language, "--format", kind)[1]
            for kind in ("json", "sarif")
        )
        for language in ("en", *LANGUAGES)
    }
    assert outputs["en"] == outputs["kk"] == outputs["ru"]
    found = json.loads(outputs["ru"][0])["problems"]
    assert (
        "industrial-park/water is marked done on 2026-12-10, which is after today (2026-11-26); "
        "record the date it was actually finished."
    ) in [problem["message"] for problem in found]
    english = check_consistency(cli, "--lang", "en")[1]
    assert [problem["message"] for problem in found] == messages(english)


def test_dates_in_findings_follow_date_format_of_sezctl_toml(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`date_format = "iso"` keeps ISO dates in a Russian message; without it they are
    written 26.11.2026."""
    folder = tmp_path / "hq"
    folder.mkdir()
    (folder / "plan.yaml").write_text(
        "owners:\n  hq:\n    name: HQ\nroadmap: demo\ntitle: Demo\nstages:\n"
        "  - id: a\n    title: A\n    owner: hq\n    start: 2026-12-10\n    due: 2026-12-01\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(folder)
    expected = "demo/a: начало {start} позже срока {due}; перенесите начало или срок."
    result = cli("check", "plan.yaml", "--today", TODAY, "--lang", "ru")
    assert messages(result.stdout) == [expected.format(start="10.12.2026", due="01.12.2026")]
    (folder / "sezctl.toml").write_text('date_format = "iso"\n', encoding="utf-8")
    result = cli("check", "plan.yaml", "--today", TODAY, "--lang", "ru")
    assert messages(result.stdout) == [expected.format(start="2026-12-10", due="2026-12-01")]


OPEN_TASKS = """
owners:
  hq:
    name: HQ
roadmap: demo
title: Demo
stages:
  - id: grid
    title: Grid
    owner: hq
    due: 2026-09-30
    done: 2026-09-28
    tasks:
{tasks}
"""


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            {
                1: "мероприятие исполнено, но его задача {tasks} ещё не завершена; исполните "
                "или отмените её.",
                **dict.fromkeys(
                    (2, 5, 11, 21, 22),
                    "мероприятие исполнено, но его задачи {tasks} ещё не завершены; исполните "
                    "или отмените их.",
                ),
            },
        ),
        (
            "kk",
            {
                1: "іс-шара орындалды, бірақ оның {tasks} міндеті әлі аяқталмаған; оны "
                "орындаңыз немесе күшін жойыңыз.",
                **dict.fromkeys(
                    (2, 5, 11, 21, 22),
                    "іс-шара орындалды, бірақ оның {tasks} міндеттері әлі аяқталмаған; оларды "
                    "орындаңыз немесе күшін жойыңыз.",
                ),
            },
        ),
        (
            "en",
            dict.fromkeys(
                (1, 2, 5, 11, 21, 22),
                "is done but its task(s) {tasks} are still open; finish or cancel them.",
            ),
        ),
    ],
)
def test_open_tasks_take_the_form_for_one_or_several(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    expected: dict[int, str],
) -> None:
    """One open task is singular, 2, 5, 11, 21 and 22 are plural in Russian and Kazakh: the
    message names the tasks without a number, so 21 tasks must not take Russian's form for 21
    (which is the singular of "21 задача")."""
    monkeypatch.chdir(tmp_path)
    for count, text in expected.items():
        ids = [f"t{number}" for number in range(1, count + 1)]
        tasks = "".join(
            f"      - id: {task}\n        title: T\n        owner: hq\n        due: 2026-09-01\n"
            for task in ids
        )
        (tmp_path / "plan.yaml").write_text(OPEN_TASKS.format(tasks=tasks), encoding="utf-8")
        result = cli("check", "plan.yaml", "--today", TODAY, "--lang", language)
        found = messages(result.stdout)
        separator = ": " if language != "en" else " "
        assert found == [f"demo/grid{separator}" + text.format(tasks=", ".join(ids))], count


def test_a_date_in_a_finding_is_iso_in_english_and_localized_when_shown() -> None:
    """day_message: the English value stays ISO (JSON, SARIF, sorting) in every language, and
    `localize` writes the date in the language of the moment; it survives pickling."""
    day = day_message(date(2026, 11, 26))
    i18n.use_language("ru")
    assert day == "2026-11-26"
    assert i18n.localize(day) == "26.11.2026"
    outer = i18n.M("{item} starts on {start}", item="demo/a", start=day)
    assert outer == "demo/a starts on 2026-11-26"
    assert i18n.localize(outer).endswith("26.11.2026")
    i18n.use_language("en")
    assert i18n.localize(day) == "2026-11-26"
    copy = pickle.loads(pickle.dumps(day))
    assert (copy, type(copy)) == ("2026-11-26", type(day))
    i18n.use_language("kk")
    assert i18n.localize(copy) == "26.11.2026"


@pytest.mark.parametrize(
    ("status", "quoted", "english", "russian", "kazakh"),
    [
        (Status.IN_PROGRESS, True, "'in-progress'", "'in-progress' (в работе)", None),
        (Status.BLOCKED, False, "blocked", "blocked (приостановлено)", "blocked (тоқтатылған)"),
        (Status.PLANNED, False, "planned", "planned (запланировано)", "planned (жоспарланған)"),
    ],
)
def test_a_status_in_a_finding_is_named_as_written_and_explained(
    status: Status, quoted: bool, english: str, russian: str, kazakh: str | None
) -> None:
    """The files keep English status values: a Kazakh or Russian message names the value as
    written and says what it means; the English text is as it always was."""
    message = status_message(status, quoted)
    i18n.use_language("ru")
    assert (message, i18n.localize(message)) == (english, russian)
    if kazakh is not None:
        i18n.use_language("kk")
        assert i18n.localize(message) == kazakh


def test_every_rule_yields_messages_that_translate(cli: Cli, in_rules_data: Path) -> None:
    """Each finding of a check is a Message (not a plain string, which would stay English), and
    in the pseudo-language every one of them is wrapped whole in ⟦…⟧."""
    from sezctl.rules.checks import check_loaded
    from sezctl.source.loader import load_roadmaps

    loaded = load_roadmaps(sorted((in_rules_data / "consistency").glob("*.yaml")))

    found = [p for p in check_loaded(loaded, date(2026, 11, 26)) if p.code in CHECKS]
    assert found and all(isinstance(p.message, i18n.Message) for p in found)
    i18n.use_language("qps")
    assert all(
        i18n.localize(p.message).startswith("⟦") and i18n.localize(p.message).endswith("⟧")
        for p in found
    )


# -- the change policy --------------------------------------------------------------------------

POLICY_PLAN = """
owners:
  hq:
    name: Operational HQ
  energy:
    name: Energy department
roadmap: demo
title: Demo
stages:
  - id: survey
    title: Survey
    owner: hq
    due: 2026-02-02
    done: 2026-01-30
  - id: permits
    title: Permits
    owner: hq
    due: 2026-03-02
    done: 2026-02-25
  - id: archive
    title: Archive of the surveys
    owner: hq
    due: 2026-03-31
    status: done
  - id: grid
    title: Power grid
    owner: hq
    due: 2026-09-30
  - id: water
    title: Water main
    owner: hq
    due: 2026-10-15
  - id: works
    title: Works
    owner: hq
    due: 2026-12-01
    baseline: 2026-11-02
    reschedules:
      - from: 2026-11-02
        to: 2026-12-01
        on: 2026-06-01
        reason: Late design
  - id: roads
    title: Roads
    owner: hq
    due: 2026-12-15
    baseline: 2026-12-15
  - id: gas
    title: Gas pipeline
    owner: hq
    due: 2027-01-29
  - id: lighting
    title: Street lighting
    owner: hq
    due: 2027-02-26
    reschedules:
      - from: 2027-01-29
        to: 2027-02-26
        on: 2026-10-01
        reason: Supplier delay
  - id: fencing
    title: Fencing
    owner: hq
    due: 2027-01-15
    reschedules:
      - from: 2026-12-01
        to: 2027-01-15
        on: 2026-09-01
        reason: Land dispute
  - id: telecom
    title: Fibre-optic line
    owner: hq
    due: 2027-03-31
"""

# What each edit breaks, in the order of the file.
POLICY_EDITS = [
    # done-item-reopened
    (
        "    due: 2026-02-02\n    done: 2026-01-30\n",
        "    due: 2026-02-02\n    status: in-progress\n",
    ),
    # done-item-deleted
    (
        "  - id: permits\n    title: Permits\n    owner: hq\n    due: 2026-03-02\n"
        "    done: 2026-02-25\n",
        "",
    ),
    # done-item-reopened, done without a date at the base
    ("    due: 2026-03-31\n    status: done\n", "    due: 2026-03-31\n    status: blocked\n"),
    # deadline-moved-without-reschedule, no entry
    ("    due: 2026-09-30\n", "    due: 2026-12-15\n"),
    # deadline-moved-without-reschedule, an entry that records another move
    (
        "    due: 2026-10-15\n",
        "    due: 2026-12-15\n    reschedules:\n      - from: 2026-10-30\n        to: 2026-12-15\n"
        "        on: 2026-11-20\n        reason: Made up\n",
    ),
    # baseline-changed: changed, removed, added with another date
    ("    baseline: 2026-11-02\n", "    baseline: 2026-11-20\n"),
    ("    due: 2026-12-15\n    baseline: 2026-12-15\n", "    due: 2026-12-15\n"),
    ("    due: 2027-01-29\n", "    due: 2027-01-29\n    baseline: 2026-12-31\n"),
    # reschedule-history-changed: changed, removed
    ("        reason: Supplier delay\n", "        reason: Supplier delay (revised)\n"),
    (
        "    reschedules:\n      - from: 2026-12-01\n        to: 2027-01-15\n"
        "        on: 2026-09-01\n        reason: Land dispute\n",
        "",
    ),
    # move-without-decision: the owner changed by hand, no reassignments entry
    (
        "  - id: roads\n    title: Roads\n    owner: hq\n",
        "  - id: roads\n    title: Roads\n    owner: energy\n",
    ),
    # a renamed item whose deadline moved: named with its id at the base
    ("  - id: telecom\n", "  - id: telecom-line\n"),
    ("    due: 2027-03-31\n", "    due: 2027-04-30\n"),
]


@pytest.fixture
def policy_repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A repository whose first commit (tagged `empty`) has no roadmaps, the second one the
    approved plan on main, and a work tree that breaks every rule of the change policy."""
    git_repo.write("README.md", "Operational HQ\n")
    git_repo.commit("Start")
    git_repo.git("tag", "empty")
    git_repo.write("roadmaps/plan.yaml", POLICY_PLAN)
    git_repo.write("sezctl.toml", "[policy]\nmove-without-decision = true\n")
    git_repo.commit("Approved plan")
    for old, new in POLICY_EDITS:
        edit(git_repo, old, new)
    monkeypatch.chdir(git_repo.root)
    return git_repo


def policy_runs(cli: Cli, language: str) -> str:
    """`check --base main`, and `check --base empty` on the roadmaps folder and on a path, as
    a transcript."""
    transcript = []
    for paths, base in (((), "main"), ((), "empty"), (("roadmaps/plan.yaml",), "empty")):
        args = ("check", *paths, "--base", base, "--today", TODAY, "--lang", language)
        result = cli(*args)
        transcript.append(
            f"$ sezctl {' '.join(args)}\n{result.stdout}{result.stderr}exit {result.exit_code}\n"
        )
    return "\n".join(transcript)


def test_the_policy_case_reports_every_rule(cli: Cli, policy_repo: GitRepo) -> None:
    """The work tree of the policy case breaks every change-policy rule and nothing else, so
    the goldens show every rule's message: a new rule needs a case there."""
    transcript = policy_runs(cli, "en")
    assert problem_codes(transcript) == set(POLICY_RULES)
    assert "demo/telecom-line (demo/telecom at main): the deadline moved" in transcript


@pytest.mark.parametrize("language", LANGUAGES)
def test_check_policy_golden_per_language(cli: Cli, policy_repo: GitRepo, language: str) -> None:
    """`sezctl check --base` findings in Kazakh and in Russian: every rule, the item renamed
    since the base, the base without roadmaps; the `sezctl reschedule` command keeps its ISO
    date, since it is typed, not read."""
    assert_golden(f"check-policy.{language}.txt", policy_runs(cli, language))


def test_policy_json_is_the_same_in_every_language(cli: Cli, policy_repo: GitRepo) -> None:
    """The policy findings in JSON are the English messages in every language."""
    outputs = {
        language: cli(
            "check", "--base", "main", "--today", TODAY, "--lang", language, "--format", "json"
        ).stdout
        for language in ("en", *LANGUAGES)
    }
    assert outputs["en"] == outputs["kk"] == outputs["ru"]
    assert "demo/grid: the deadline moved from 2026-09-30 (at main) to 2026-12-15" in outputs["ru"]


def test_a_base_without_the_roadmaps_folder_is_named_in_words() -> None:
    """When the compared folder is not a path of the repository, the message says "the roadmaps
    folder" in the language of the run."""
    from sezctl.source.loader import load_roadmaps

    loaded = load_roadmaps(sorted((REPO / "roadmaps").glob("*.yaml")))
    empty = load_roadmaps([])
    context = PolicyContext(empty.portfolio, loaded.portfolio, "v1")
    (problem,) = check_change_policy(context)
    assert problem.code == "base-roadmaps-missing"
    assert problem.message.startswith("v1 has no roadmap files in the roadmaps folder, so ")
    i18n.use_language("ru")
    assert i18n.localize(problem.message).startswith(
        "в версии v1 в папке дорожных карт нет ни одного файла дорожной карты, "
    )
    i18n.use_language("kk")
    assert i18n.localize(problem.message).startswith(
        "v1 нұсқасында жол карталары қалтасында бірде-бір жол картасының файлы жоқ, "
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "sezctl: error: sezctl.toml: unknown policy rule 'no-such-rule' in [policy]; "),
        ("ru", "sezctl: ошибка: sezctl.toml: неизвестное правило изменения 'no-such-rule' в "),
        (
            "kk",
            "sezctl: қате: sezctl.toml: [policy] ішінде белгісіз өзгерту ережесі 'no-such-rule'",
        ),
    ],
)
def test_an_unknown_policy_rule_is_exit_two_in_the_language_of_the_run(
    cli: Cli, policy_repo: GitRepo, language: str, expected: str
) -> None:
    """A code in [policy] that names no rule stops the run (exit 2) with the known rules."""
    policy_repo.write("sezctl.toml", "[policy]\nno-such-rule = false\n")
    result = cli("check", "--base", "main", "--today", TODAY, "--lang", language)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(expected)
    assert result.stderr.rstrip().endswith(", ".join(POLICY_RULES))


# -- docs/checks.kk.md and docs/checks.ru.md ----------------------------------------------------

EVERY_CODE = {
    **{code: "error" for code in LOADER_CODES},
    **{code: check.severity.value for code, check in CHECKS.items()},
    **{code: rule.severity.value for code, rule in POLICY_RULES.items()},
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_translated_code_list_names_every_code_with_its_severity(language: str) -> None:
    """docs/checks.<lang>.md lists exactly the codes sezctl can report (loader, consistency,
    change policy), each with the severity it is printed with and a meaning in that language:
    a new code without its Kazakh and Russian line fails here."""
    doc = (REPO / "docs" / f"checks.{language}.md").read_text(encoding="utf-8")
    rows = [row for row in table_rows(doc) if re.fullmatch(r"`[a-z0-9-]+`", row[0])]
    documented = {row[0].strip("`"): row[1].split()[0].strip("`") for row in rows}
    assert documented == EVERY_CODE
    assert len(rows) == len(documented), "a code is listed twice"
    for row in rows:
        assert re.search("[а-яәғқңөұүһі]", row[-1], re.IGNORECASE), row


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_translated_code_list_shows_real_output(language: str) -> None:
    """The example output on docs/checks.<lang>.md is what `sezctl check` prints for the
    consistency case in that language (the golden above), line for line."""
    doc = (REPO / "docs" / f"checks.{language}.md").read_text(encoding="utf-8")
    golden = (REPO / "tests" / "golden" / f"check-consistency.{language}.txt").read_text(
        encoding="utf-8"
    )
    shown = [
        line
        for block in re.findall(r"```text\n(.*?)```", doc, flags=re.DOTALL)
        for line in block.splitlines()
        if line.startswith("consistency/") or line[:1].isdigit()
    ]
    assert len(shown) == 3
    assert all(line in golden.splitlines() for line in shown), shown
