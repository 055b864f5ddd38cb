"""The command line in Kazakh and Russian: the help of every command and option, Typer's and
Click's own words, usage errors and the errors that end a run with exit 2.  English stays
byte-for-byte what it was (its goldens are here too)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sezctl.cli import clicktext
from sezctl.cli.main import COMMAND_MODULES
from sezctl.core import i18n
from tests.conftest import BUNDLED_ROADMAPS, REPO, Cli, GitRepo
from tests.helpers import assert_golden

TODAY = "2026-11-26"
COMMANDS = [name for names in COMMAND_MODULES.values() for name in names]

RUN_MAIN = """
import sys
from sezctl.cli.main import main
sys.argv = ["sezctl", *sys.argv[1:]]
main()
"""


def run_main(
    *args: str, cwd: Path, language: str | None = None
) -> subprocess.CompletedProcess[str]:
    """sezctl through `sezctl.cli.main.main` in a fresh interpreter, as the console script runs
    it: 100 columns, no colour, the C locale, and ``SEZCTL_LANG=language`` when given."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SEZCTL_LANG", "SEZCTL_TODAY", "LC_ALL", "LC_MESSAGES", "LANGUAGE")
        and not key.endswith("_COMPLETE")
    }
    env.update(COLUMNS="100", NO_COLOR="1", TERM="dumb", LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    if language is not None:
        env["SEZCTL_LANG"] = language
    return subprocess.run(
        [sys.executable, "-c", RUN_MAIN, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def golden_name(stem: str, language: str) -> str:
    return f"{stem}.txt" if language == "en" else f"{stem}.{language}.txt"


# -- help ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_top_level_help_golden_per_language(tmp_path: Path, language: str) -> None:
    """`sezctl --help` (its language from SEZCTL_LANG: --lang belongs to each command) in a
    real process: Click's words, the options and the list of commands, in each language."""
    done = run_main("--help", cwd=tmp_path, language=language)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert_golden(golden_name("help-sezctl", language), done.stdout)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_status_help_golden_per_language(tmp_path: Path, language: str) -> None:
    """`sezctl status --help --lang X` in a real process: the usage line with its translated
    placeholders, the text and examples, every option with its notes ([default: …])."""
    done = run_main("status", "--help", "--lang", language, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert_golden(golden_name("help-status", language), done.stdout)


def test_lang_before_or_after_help_gives_the_same_help(cli: Cli) -> None:
    """The language is chosen from the raw arguments before Click reads them, so `--lang`
    may come after `--help`, in Typer's test runner as in a real process."""
    before = cli("status", "--lang", "ru", "--help")
    after = cli("status", "--help", "--lang", "ru")
    assert before.exit_code == after.exit_code == 0, before.output
    assert before.stdout == after.stdout
    assert before.stdout.startswith("Использование: sezctl status [ПАРАМЕТРЫ] [ПУТЬ]\n")
    assert "  -h, --help                      Показать эту справку и выйти.\n" in after.stdout


def _untranslated(text: str) -> list[str]:
    """The English-looking words of ``text`` (qps) outside ⟦…⟧; a command's summary in the
    list of commands is the first sentence of its help, without the closing bracket, so ⟦ to
    the end of that entry (its wrapped lines too) counts as translated.  Options (--today),
    choices (<table|json>), paths and the names of commands are what a person types, the
    same in every language."""
    previous = None
    while previous != text:  # innermost first: a message may hold a message
        previous, text = text, re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
    text = re.sub(r"^(  [a-z][a-z-]* +)⟦[^⟦⟧]*?(?=\n  [a-z]|\n\n|\Z)", r"\1", text, flags=re.M)
    for command in COMMANDS:  # a name with a hyphen (off-control) is one word typed as it is
        text = text.replace(command, " ") if "-" in command else text
    words = re.findall(r"(?<![-\w.<|/])[A-Za-z][A-Za-z_]{2,}", text)
    return [word for word in words if word not in (*COMMANDS, "sezctl")]


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_is_translated(cli: Cli, command: str) -> None:
    """In the pseudo-language qps every message is wrapped in ⟦…⟧: no English word of any
    command's help (or of the top-level help) is left outside them."""
    if command:
        result = cli(command, "--help", "--lang", "qps")
    else:
        result = cli("--help", env={"SEZCTL_LANG": "qps"})
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("⟦Usage: ⟧sezctl ")
    assert _untranslated(result.stdout) == []


def test_no_help_text_holds_clicks_no_rewrap_marker() -> None:
    """Click's \\b marker is added when the help is shown (a paragraph with an indented line
    is kept as written), never stored in a catalog, where it would be invisible; every
    translation keeps the example lines of its help, indented, with the same commands."""
    from babel.messages.pofile import read_po

    for language in ("kk", "ru"):
        path = REPO / "sezctl" / "locale" / language / "LC_MESSAGES" / "sezctl.po"
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not isinstance(message.id, str) or not message.id:
                continue
            assert "\b" not in message.id and "\b" not in message.string, message.id

            def examples(text: str) -> list[list[str]]:
                lines = text.splitlines()
                return [line.split()[:2] for line in lines if line.startswith("  sezctl ")]

            assert examples(message.string) == examples(message.id), (language, message.id)


def test_examples_are_kept_as_written_and_prose_is_rewrapped() -> None:
    """The rule that stands for Click's \\b: only a paragraph with an indented line gets it."""
    text = "One line\nof prose.\n\nExamples:\n  sezctl status\n\n  # a comment"
    assert clicktext.keep_examples_as_written(text) == (
        "One line\nof prose.\n\n\b\nExamples:\n  sezctl status\n\n\b\n  # a comment"
    )
    assert clicktext.keep_examples_as_written("\b\nExamples:\n  x") == "\b\nExamples:\n  x"


# -- usage errors -------------------------------------------------------------------------------


ENGLISH_USAGE_ERRORS = {
    ("status", "--nope"): (
        "Usage: sezctl status [OPTIONS] [PATH]\n"
        "Try 'sezctl status -h' for help.\n"
        "\n"
        "Error: No such option: --nope (Possible options: --owner)\n"
    ),
    ("show",): (
        "Usage: sezctl show [OPTIONS] {ITEM} [PATH]\n"
        "Try 'sezctl show -h' for help.\n"
        "\n"
        "Error: Missing argument 'ITEM'.\n"
    ),
}


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("args", list(ENGLISH_USAGE_ERRORS), ids=["status-nope", "show"])
def test_usage_error_golden_per_language(
    tmp_path: Path, args: tuple[str, ...], language: str
) -> None:
    """`sezctl status --nope` (with its suggestion) and `sezctl show` without ITEM, in a real
    process: the usage line, the hint and the error in the language, exit 2, nothing on
    stdout; English exactly as Click writes it."""
    done = run_main(*args, "--lang", language, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    if language == "en":
        assert done.stderr == ENGLISH_USAGE_ERRORS[args]
    else:
        stem = "-".join(["usage", *(arg.lstrip("-") for arg in args)])
        assert_golden(golden_name(stem, language), done.stderr)


USAGE_ERRORS = [
    (
        ["status", "--format", "xx"],
        "Error: Invalid value for '--format' / '-f': 'xx' is not one of 'table', 'json', "
        "'csv', 'markdown'.",
        "Ошибка: Недопустимое значение '--format' / '-f': 'xx' не входит в список: 'table', "
        "'json', 'csv', 'markdown'.",
        "Қате: '--format' / '-f' мәні жарамсыз: 'xx' мына мәндердің бірі емес: 'table', "
        "'json', 'csv', 'markdown'.",
    ),
    (
        ["status", "--fromat", "json"],
        "Error: No such option: --fromat (Possible options: --format, --roadmap)",
        "Ошибка: Нет такого параметра: --fromat (возможно, имелось в виду: --format, --roadmap)",
        "Қате: Мұндай параметр жоқ: --fromat (--format, --roadmap деп жазбақ болдыңыз ба?)",
    ),
    (
        ["status", "-x"],
        "Error: No such option: -x",
        "Ошибка: Нет такого параметра: -x",
        "Қате: Мұндай параметр жоқ: -x",
    ),
    (
        ["calendar", "2026", "2027"],
        "Error: Got unexpected extra argument(s) (2027)",
        "Ошибка: Лишние аргументы (2027)",
        "Қате: Артық аргументтер (2027)",
    ),
    (
        ["calendar", "0"],
        "Error: Invalid value for '[YEAR]': 0 is not in the range 1<=x<=9999.",
        "Ошибка: Недопустимое значение '[ГОД]': 0 вне допустимого диапазона 1<=x<=9999.",
        "Қате: '[ЖЫЛ]' мәні жарамсыз: 0 рұқсат етілген 1<=x<=9999 аралығынан тыс.",
    ),
    (
        ["calendar", "abc"],
        "Error: Invalid value for '[YEAR]': 'abc' is not a valid int range.",
        "Ошибка: Недопустимое значение '[ГОД]': 'abc' — не целое число.",
        "Қате: '[ЖЫЛ]' мәні жарамсыз: 'abc' бүтін сан емес.",
    ),
    (
        ["status", "--owner"],
        "Error: Option '--owner' requires an argument.",
        "Ошибка: Для параметра '--owner' нужно указать значение.",
        "Қате: '--owner' параметріне мән беру керек.",
    ),
    (
        ["status", "--all=yes"],
        "Error: Option '--all' does not take a value.",
        "Ошибка: Параметр '--all' не принимает значения.",
        "Қате: '--all' параметрі мән қабылдамайды.",
    ),
    (
        ["reschedule", "x", "--reason", "y"],
        "sezctl: error: give the new deadline with --to DATE or the shift with --by 1m",
        "sezctl: ошибка: укажите новый срок (--to ДАТА) или сдвиг (--by 1m), одно из двух",
        "sezctl: қате: жаңа мерзімді (--to КҮН) немесе жылжуды (--by 1m) көрсетіңіз, "
        "екеуінің бірін",
    ),
    (
        ["statu"],
        "Error: No such command 'statu'. Did you mean 'status', 'start'?",
        "Ошибка: Нет такой команды: 'statu'. Возможно, имелось в виду: 'status', 'start'?",
        "Қате: Мұндай команда жоқ: 'statu'. 'status', 'start' деп жазбақ болдыңыз ба?",
    ),
    (
        ["nope"],
        "Error: No such command 'nope'.",
        "Ошибка: Нет такой команды: 'nope'.",
        "Қате: Мұндай команда жоқ: 'nope'.",
    ),
]


@pytest.mark.parametrize(
    ("args", "en", "ru", "kk"), USAGE_ERRORS, ids=[" ".join(case[0]) for case in USAGE_ERRORS]
)
def test_usage_errors_in_each_language(
    cli: Cli, args: list[str], en: str, ru: str, kk: str
) -> None:
    """Each kind of usage error Click raises, in its own words in English and translated in
    Kazakh and Russian (`--lang` read even when Click stops before it), always exit 2."""
    for language, expected in (("en", en), ("ru", ru), ("kk", kk)):
        result = cli(args[0], "--lang", language, *args[1:])
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert result.stderr.splitlines()[-1] == expected


@pytest.mark.parametrize("args", [case[0] for case in USAGE_ERRORS] + [["show"], []])
def test_every_usage_error_is_translated(cli: Cli, args: list[str]) -> None:
    """qps: nothing of a usage error (nor of the help `sezctl` alone shows) is left outside
    ⟦…⟧ but the command, its options and what was typed."""
    result = cli(*args, env={"SEZCTL_LANG": "qps"})
    assert result.exit_code == 2, result.output
    typed = {word for arg in args for word in re.findall(r"[A-Za-z]+", arg)}
    assert [word for word in _untranslated(result.stderr) if word not in typed] == []


def test_a_message_click_words_differently_stays_english() -> None:
    """A usage error that no template matches (a new Click wording) is shown as it is, and
    Typer's notes after an option's help are translated one by one."""
    i18n.use_language("ru")
    assert clicktext.translate_click_message("Something Click says now.") == (
        "Something Click says now."
    )
    assert clicktext.translate_notes("Output format.  [env var: X; default: table; required]") == (
        "Output format.  [переменная окружения: X; по умолчанию: table; обязательно]"
    )
    assert clicktext.translate_notes("[x>=0]") == "[x>=0]"
    assert clicktext.translate_notes("No notes here.") == "No notes here."


# -- errors that exit 2 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "sezctl: error: --on: '2026-02-30' is not a real calendar date\n"),
        ("ru", "sezctl: ошибка: --on: '2026-02-30' — такой даты нет в календаре\n"),
        ("kk", "sezctl: қате: --on: '2026-02-30' — күнтізбеде мұндай күн жоқ\n"),
    ],
)
def test_a_bad_date_option_in_each_language(cli: Cli, language: str, expected: str) -> None:
    """A date the parser refuses keeps its English for the loader's messages and is shown in
    the run's language after the option's name (exit 2, nothing written)."""
    result = cli(
        "done", "power-grid", str(BUNDLED_ROADMAPS), "--on", "2026-02-30", "--today", TODAY,
        "--dry-run", "--lang", language,
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert (result.stdout, result.stderr) == ("", expected)


@pytest.mark.parametrize(
    ("language", "start"),
    [
        ("en", "sezctl: error: unknown owner 'aitymbetof'"),
        ("ru", "sezctl: ошибка: неизвестный ответственный 'aitymbetof'"),
        ("kk", "sezctl: қате: белгісіз жауапты 'aitymbetof'"),
    ],
)
def test_an_unknown_owner_in_each_language(cli: Cli, language: str, start: str) -> None:
    """`--owner` naming nobody: exit 2, the message in the language (the "did you mean" hint
    after it belongs to the loader's messages)."""
    result = cli(
        "status", str(BUNDLED_ROADMAPS), "--today", TODAY, "--owner", "aitymbetof",
        "--lang", language,
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(start)
    assert "'aitymbetov'" in result.stderr


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "sezctl: error: unknown revision 'no-such-tag': no such branch, tag or commit in "
            "{root}. If it exists on a remote, fetch it first (`git fetch`, and `git fetch "
            "--unshallow` in a shallow clone; in CI: actions/checkout with fetch-depth: 0, or "
            "GIT_DEPTH: 0 in GitLab)\n",
        ),
        (
            "ru",
            "sezctl: ошибка: неизвестная ревизия 'no-such-tag': в {root} нет такой ветки, тега "
            "или коммита. Если она есть в удалённом репозитории, сначала получите её (`git "
            "fetch`, а в неполном клоне — `git fetch --unshallow`; в CI: actions/checkout с "
            "fetch-depth: 0 или GIT_DEPTH: 0 в GitLab)\n",
        ),
        (
            "kk",
            "sezctl: қате: белгісіз ревизия 'no-such-tag': {root} ішінде мұндай тармақ, тег "
            "немесе коммит жоқ. Ол қашықтағы репозиторийде болса, алдымен оны алыңыз (`git "
            "fetch`, ал толық емес клонда `git fetch --unshallow`; CI-да: actions/checkout үшін "
            "fetch-depth: 0 немесе GitLab-та GIT_DEPTH: 0)\n",
        ),
    ],
)
def test_an_unknown_revision_in_each_language(
    cli: Cli, history_repo: tuple[GitRepo, dict[str, str]], language: str, expected: str
) -> None:
    """git errors are whole sentences in the language, with the CI hint translated inside."""
    repo, _ = history_repo
    result = cli("check", "--base", "no-such-tag", "--lang", language)
    assert result.exit_code == 2, result.output
    assert result.stderr == expected.format(root=repo.root)


def _broken_roadmap(count: int) -> str:
    """A roadmap with ``count`` items whose deadline is no real date: ``count`` errors."""
    items = "".join(
        f"  - id: s{n}\n    title: S{n}\n    owner: hq\n    due: 2026-02-30\n"
        for n in range(1, count + 1)
    )
    return f"owners:\n  hq:\n    name: HQ\nroadmap: demo\ntitle: Demo\nstages:\n{items}"


REFUSALS = {
    "en": "sezctl: {errors}, 0 warnings in 1 file; fix the files before a report can be trusted.",
    "ru": "sezctl: {errors}, 0 предупреждений в 1 файле; исправьте файлы, прежде чем доверять "
    "отчёту.",
    "kk": "sezctl: 1 файлда: {errors}, 0 ескерту; есепке сену үшін алдымен файлдарды түзетіңіз.",
}


@pytest.mark.parametrize(
    ("language", "errors"),
    [
        ("ru", ["1 ошибка", "2 ошибки", "5 ошибок", "11 ошибок", "21 ошибка", "22 ошибки"]),
        ("kk", ["1 қате", "2 қате", "5 қате", "11 қате", "21 қате", "22 қате"]),
        ("en", ["1 error", "2 errors", "5 errors", "11 errors", "21 errors", "22 errors"]),
    ],
)
def test_the_refusal_counts_errors_in_the_plural_form_of_the_language(
    cli: Cli, tmp_path: Path, language: str, errors: list[str]
) -> None:
    """A report refused over broken files says how many errors, in the plural form the number
    takes (ru: 1 ошибка, 2 ошибки, 5 ошибок, 21 ошибка; kk: the noun stays singular)."""
    lines = []
    for count in (1, 2, 5, 11, 21, 22):
        path = tmp_path / f"plan-{count}" / "plan.yaml"
        path.parent.mkdir()
        path.write_text(_broken_roadmap(count), encoding="utf-8")
        result = cli("status", str(path.parent), "--today", TODAY, "--lang", language)
        assert result.exit_code == 1, result.output
        lines.append(result.stderr.splitlines()[-1])
    assert lines == [REFUSALS[language].format(errors=phrase) for phrase in errors]
