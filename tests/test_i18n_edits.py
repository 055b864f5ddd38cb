"""The editing commands and `sezctl init` in Kazakh and Russian: what an edit tells a person is
translated (confirmations, notes, refusals, errors, dates), while what it writes is not (the
file's bytes, the commit message); init's comments follow the language and its files still
load and pass `sezctl check`."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import tomllib
from datetime import date
from pathlib import Path

import pytest
import yaml

from sezctl.cli.commands.edit import refusal_note
from sezctl.core import i18n
from sezctl.core.problems import SezctlError
from sezctl.editing import locks
from sezctl.editing.edits import (
    AssignOwner,
    EditRefused,
    MarkDone,
    MarkStarted,
    MoveDeadline,
    edit_item,
)
from sezctl.editing.scaffold import build_scaffold
from tests.conftest import BUNDLED_ROADMAPS, Cli
from tests.helpers import assert_golden, pinned_git_env

TODAY = "2026-11-26"

# A problem line's message belongs to the checks (and their translators); the golden keeps only
# its `path:line:col: severity[code]:` prefix, which is the same in every language.
PROBLEM_LINE = re.compile(r"^(\S+:\d+:\d+: (?:error|warning)\[[a-z0-9-]+\]:) .*$", re.MULTILINE)

# What a clerk does in one sitting, on a copy of the bundled roadmaps: move a deadline with the
# decision behind it, record a completion, hand an item over, ask for what is already so, try a
# dry run, and try a move that would break what depends on it (refused, exit 1).
SESSION = [
    [
        "reschedule", "power-grid", "--to", "2026-10-30",
        "--reason", "Күштік трансформаторларды жеткізу кешіктірілді",
        "--ref", "Штаб хаттамасы № 41, 26.11.2026",
    ],
    ["done", "substation", "--on", "2026-11-20"],
    ["assign", "distribution-10kv", "energy-dept"],
    ["assign", "distribution-10kv", "energy-dept"],
    ["start", "power-grid"],
    ["start", "construction-start", "--on", "2026-11-24", "--dry-run"],
    ["reschedule", "power-grid", "--to", "2026-12-15", "--reason", "Жаңа кешігу"],
]  # fmt: skip


def run_session(cli: Cli, folder: Path, language: str) -> str:
    """Run :data:`SESSION` in ``folder`` and return its transcript: each command, its exit
    code, its stdout and its stderr (problem lines cut to their prefix)."""
    shutil.copytree(BUNDLED_ROADMAPS, folder / "roadmaps")
    transcript = []
    for args in SESSION:
        result = cli(*args, "--today", TODAY, "--lang", language)
        stderr = PROBLEM_LINE.sub(r"\1 …", result.stderr)
        transcript.append(
            f"$ sezctl {shlex.join(args)}\nexit {result.exit_code}\n"
            f"--- stdout\n{result.stdout}--- stderr\n{stderr}"
        )
    return "\n".join(transcript)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_edit_session_golden_per_language(
    cli: Cli, language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reschedule, a done, an assign, a no-op, a dry run and a refused edit, as a Kazakh or
    Russian clerk reads them: the change named in words, dates as 26.11.2026, the reason and
    the decision quoted as typed, the refusal counting its errors."""
    monkeypatch.chdir(tmp_path)
    assert_golden(f"edits.{language}.txt", run_session(cli, tmp_path, language))


def test_the_file_an_edit_writes_is_the_same_in_every_language(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The language changes what is said, never what is written: the same session leaves the
    same bytes in every roadmap file (dates in the file's own notation, the reason as typed)."""
    files = {}
    for language in ("en", "kk", "ru"):
        folder = tmp_path / language
        folder.mkdir()
        monkeypatch.chdir(folder)
        run_session(cli, folder, language)
        files[language] = {
            path.name: path.read_bytes() for path in sorted((folder / "roadmaps").glob("*.yaml"))
        }
    assert files["kk"] == files["en"] == files["ru"]
    assert files["en"] != {
        path.name: path.read_bytes() for path in sorted(BUNDLED_ROADMAPS.glob("*.yaml"))
    }


def test_english_output_of_an_edit_is_unchanged(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """English keeps today's words and ISO dates: the line of the commit subject."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(BUNDLED_ROADMAPS, tmp_path / "roadmaps")
    result = cli("done", "substation", "--on", "2026-11-20", "--today", TODAY, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "roadmaps/infrastructure.yaml: done aktobe-sez-infrastructure/substation: 2026-11-20\n"
    )


def test_the_commit_message_stays_english_whatever_the_language(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--commit --lang ru`: the clerk reads the change in Russian, git records it in English
    with ISO dates (the same subject whoever made it), and the `[abc1234]` line repeats what
    git recorded."""
    for key, value in pinned_git_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    repository = tmp_path / "repo"
    shutil.copytree(BUNDLED_ROADMAPS, repository / "roadmaps")
    monkeypatch.chdir(repository)

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=True)
        return done.stdout

    git("init", "--quiet")
    git("add", ".")
    git("commit", "--quiet", "-m", "Roadmaps")
    result = cli(
        "reschedule", "power-grid", "--to", "2026-10-30", "--reason", "Трансформатор",
        "--ref", "Протокол № 41", "--commit", "--today", TODAY, "--lang", "ru",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    subject = (
        "reschedule aktobe-sez-infrastructure/power-grid: 2026-09-30 -> 2026-10-30 "
        "(Трансформатор; Протокол № 41)"
    )
    short = git("rev-parse", "--short", "HEAD").strip()
    assert result.stdout == (
        "roadmaps/infrastructure.yaml: перенос срока мероприятия "
        "aktobe-sez-infrastructure/power-grid с 30.09.2026 на 30.10.2026 "
        f"(Трансформатор; Протокол № 41)\n[{short}] {subject}\n"
    )
    assert git("log", "-1", "--format=%s") == subject + "\n"


# -- counts --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", [
            "осталась бы 1 ошибка", "остались бы 2 ошибки", "осталось бы 5 ошибок",
            "осталось бы 11 ошибок", "осталась бы 21 ошибка", "остались бы 22 ошибки",
        ]),
        ("kk", [
            "1 қате қалар еді", "2 қате қалар еді", "5 қате қалар еді",
            "11 қате қалар еді", "21 қате қалар еді", "22 қате қалар еді",
        ]),
        ("en", [
            "leave 1 error ", "leave 2 errors ", "leave 5 errors ",
            "leave 11 errors ", "leave 21 errors ", "leave 22 errors ",
        ]),
    ],
)  # fmt: skip
def test_the_errors_a_refused_edit_would_leave_take_the_plural_form(
    language: str, expected: list[str]
) -> None:
    """Russian has three forms (1 ошибка, 2 ошибки, 5 ошибок, 11 ошибок, 21 ошибка, 22
    ошибки), Kazakh keeps the noun singular after a number, English has two."""
    i18n.use_language(language)
    notes = [refusal_note("S", count) for count in (1, 2, 5, 11, 21, 22)]
    for note, phrase in zip(notes, expected, strict=True):
        assert phrase in note, note


def test_the_refusal_note_in_full() -> None:
    """The whole refusal line, in each language, around the edit it names."""
    i18n.use_language("ru")
    assert refusal_note("перенос срока", 2) == (
        "изменение отклонено: перенос срока — после него остались бы 2 ошибки (см. выше; "
        "номера строк — по изменённому файлу); ничего не записано."
    )
    i18n.use_language("kk")
    assert refusal_note("мерзімді ауыстыру", 1) == (
        "өзгеріс қабылданбады: мерзімді ауыстыру — одан кейін 1 қате қалар еді (жоғарыда "
        "көрсетілген; жол нөмірлері өзгертілген файл бойынша); ештеңе жазылмады."
    )
    i18n.use_language("en")
    assert refusal_note("done x: 2026-11-20", 1) == (
        "refused: done x: 2026-11-20 would leave 1 error (above, at the lines the edited file "
        "would have); nothing was written."
    )


# -- what edits say, and what they keep --------------------------------------------------------

ITEM = """\
roadmap: demo
title: Demo
stages:
  - id: grid
    title: Power grid
    owner: grid-company
    start: 2026-05-04
    due: 30.09.2026
    status: in-progress
"""


@pytest.mark.parametrize(
    ("change", "english", "russian", "kazakh"),
    [
        (
            MarkDone(date(2026, 11, 20)),
            "done demo/grid: 2026-11-20",
            "отметка об исполнении мероприятия demo/grid: 20.11.2026",
            "demo/grid іс-шарасының орындалғаны туралы белгі: 20.11.2026",
        ),
        (
            MoveDeadline(date(2026, 12, 15), "Кешігу", date(2026, 11, 26), "№ 41"),
            "reschedule demo/grid: 2026-09-30 -> 2026-12-15 (Кешігу; № 41)",
            "перенос срока мероприятия demo/grid с 30.09.2026 на 15.12.2026 (Кешігу; № 41)",
            "demo/grid іс-шарасының мерзімін ауыстыру: 30.09.2026 → 15.12.2026 (Кешігу; № 41)",
        ),
        (
            AssignOwner("energy-dept"),
            "assign demo/grid: grid-company -> energy-dept",
            "смена ответственного по мероприятию demo/grid: grid-company → energy-dept",
            "demo/grid іс-шарасы бойынша жауаптыны ауыстыру: grid-company → energy-dept",
        ),
        (
            MarkStarted(date(2026, 11, 26)),
            "demo/grid is already in progress (started 2026-05-04)",
            "мероприятие demo/grid уже в работе (начато 04.05.2026)",
            "demo/grid іс-шарасы бұрыннан орындалуда (04.05.2026 күні басталған)",
        ),
    ],
)
def test_an_edit_is_shown_in_the_language_and_summarised_in_english(
    change: MarkDone | MoveDeadline | AssignOwner | MarkStarted,
    english: str,
    russian: str,
    kazakh: str,
) -> None:
    """`shown` speaks the run's language with its dates; `summary` (the commit message) and the
    edited text are the same in every language."""
    results = {}
    for language in ("en", "ru", "kk"):
        i18n.use_language(language)
        results[language] = edit_item(ITEM, "demo", "grid", change)
    assert [results[lang].shown for lang in ("en", "ru", "kk")] == [english, russian, kazakh]
    assert {results[lang].summary for lang in results} == {english}
    assert len({results[lang].text for lang in results}) == 1


@pytest.mark.parametrize(
    ("text", "change", "russian", "kazakh"),
    [
        (
            ITEM.replace("in-progress", "done"),
            MarkStarted(date(2026, 11, 26)),
            "мероприятие demo/grid уже исполнено; начать его снова нельзя",
            "demo/grid іс-шарасы орындалған; оны қайта бастауға болмайды",
        ),
        (
            ITEM.replace("in-progress", "cancelled"),
            MoveDeadline(date(2026, 12, 15), "x", date(2026, 11, 26)),
            "мероприятие demo/grid отменено; срок завершённого мероприятия не переносится",
            "demo/grid іс-шарасының күші жойылған; аяқталған іс-шараның мерзімі ауыстырылмайды",
        ),
        (
            ITEM.replace("status: in-progress", "done: 2026-11-20"),
            MarkDone(date(2026, 11, 21)),
            "мероприятие demo/grid уже отмечено исполненным 20.11.2026; чтобы исправить эту "
            "дату, отредактируйте файл",
            "demo/grid іс-шарасы 20.11.2026 күні орындалған деп белгіленген; бұл күнді түзету "
            "үшін файлды өңдеңіз",
        ),
        (
            ITEM,
            MoveDeadline(date(2026, 9, 30), "x", date(2026, 11, 26)),
            "срок мероприятия demo/grid и так 30.09.2026; переносить нечего",
            "demo/grid іс-шарасының мерзімі онсыз да 30.09.2026; ауыстыратын ештеңе жоқ",
        ),
        (
            ITEM,
            MoveDeadline(date(2026, 12, 15), "  ", date(2026, 11, 26)),
            "укажите причину переноса: --reason TEXT (она записывается в файл)",
            "ауыстыру себебін көрсетіңіз: --reason TEXT (ол файлға жазылады)",
        ),
    ],
)
def test_a_refusal_is_in_the_language_of_the_run(
    text: str,
    change: MarkStarted | MoveDeadline | MarkDone,
    russian: str,
    kazakh: str,
) -> None:
    """A change that does not fit the item is refused in the clerk's language, with dates
    as 26.11.2026 and the `--reason` option named as typed."""
    for language, expected in (("ru", russian), ("kk", kazakh)):
        i18n.use_language(language)
        with pytest.raises(EditRefused) as refused:
            edit_item(text, "demo", "grid", change)
        assert str(refused.value) == expected


def test_a_usage_error_of_an_edit_is_translated(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An owner not in the registry (exit 2): the message after `sezctl: error:` is Russian."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(BUNDLED_ROADMAPS, tmp_path / "roadmaps")
    result = cli("assign", "substation", "nobody", "--today", TODAY, "--lang", "ru")
    assert result.exit_code == 2, result.output
    assert result.stderr.endswith(
        ": неизвестный ответственный 'nobody'; ответственный должен быть в реестре "
        "ответственных (см. `sezctl owners`)\n"
    )


def test_the_lock_timeout_setting_is_explained_in_the_language() -> None:
    """A bad SEZCTL_LOCK_TIMEOUT: the variable and the example stay, the words are Kazakh."""
    i18n.use_language("kk")
    with pytest.raises(SezctlError) as error:
        locks.lock_timeout({"SEZCTL_LOCK_TIMEOUT": "ұзақ"})
    assert str(error.value) == (
        "SEZCTL_LOCK_TIMEOUT='ұзақ' секунд саны емес; мысалы, SEZCTL_LOCK_TIMEOUT=120 деп "
        "жазыңыз немесе әдепкі 30 с күту үшін айнымалыны алып тастаңыз"
    )


def test_a_read_only_file_is_explained_in_the_language(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safe writer's refusal of a read-only roadmap, in Russian; the file stays."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(BUNDLED_ROADMAPS, tmp_path / "roadmaps")
    path = tmp_path / "roadmaps" / "infrastructure.yaml"
    before = path.read_bytes()
    path.chmod(0o444)
    result = cli("done", "substation", "--today", TODAY, "--lang", "ru")
    assert result.exit_code == 2, result.output
    assert result.stderr.endswith(
        ": roadmaps/infrastructure.yaml: файл доступен только для чтения; ничего не записано\n"
    )
    assert path.read_bytes() == before


# -- sezctl init -------------------------------------------------------------------------------

SCAFFOLD_SHOWN = [
    "sezctl.toml",
    "roadmaps/example.yaml",
    "roadmaps/owners.yaml",
    ".pre-commit-config.yaml",
    ".github/workflows/roadmap.yml",
]


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_init_golden_per_language(
    cli: Cli, language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sezctl init --lang kk|ru`: what it prints, and the files it writes with their comments
    in that language (the JSON Schema aside: it is the same in every language); then `sezctl
    check` finds nothing in them."""
    monkeypatch.chdir(tmp_path)
    result = cli("init", "hq", "--today", TODAY, "--lang", language)
    assert result.exit_code == 0, result.output
    parts = [f"--- stdout\n{result.stdout}--- stderr\n{result.stderr}"]
    for name in SCAFFOLD_SHOWN:
        parts.append(f"==> {name} <==\n{(tmp_path / 'hq' / name).read_text(encoding='utf-8')}")
    assert_golden(f"init.{language}.txt", "\n".join(parts))
    monkeypatch.chdir(tmp_path / "hq")
    check = cli("check", "--strict", "--today", TODAY, "--lang", language, "--format", "json")
    assert check.exit_code == 0, check.output
    assert '"problems": []' in check.stdout


@pytest.mark.parametrize("language", ["kk", "ru", "qps"])
def test_init_translates_comments_only(language: str) -> None:
    """Keys, ids and values of every scaffold file are the English ones (the loader, the
    checks and CI read them); only the comments change, and the English files are ASCII."""
    day = date(2026, 11, 26)
    english = build_scaffold(day)
    i18n.use_language(language)
    translated = build_scaffold(day)
    assert translated.keys() == english.keys()
    for name, text in english.items():
        if name.endswith(".toml"):
            assert tomllib.loads(translated[name]) == tomllib.loads(text)
        elif name.endswith((".yaml", ".yml")):
            assert yaml.safe_load(translated[name]) == yaml.safe_load(text)
        else:
            assert translated[name] == text
        if name != "schema/sezctl.schema.json":
            assert translated[name] != text, name
            assert text.isascii(), name


def test_init_in_the_pseudo_language_leaves_no_english_outside_the_catalog(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--lang qps wraps every translated message in ⟦…⟧: each line init prints, and each comment
    of the clerk's files (bar the schema modeline), is one."""
    monkeypatch.chdir(tmp_path)
    result = cli("init", "hq", "--today", TODAY, "--lang", "qps")
    assert result.exit_code == 0, result.output
    assert all(line.startswith("⟦created ") for line in result.stdout.splitlines())
    assert result.stderr.startswith("sezctl: ⟦a new roadmap repository; next: cd hq && ")
    policy_rule = re.compile(
        r"[a-z-]+ = (?:true|false)"
    )  # `# rule = true`: a setting, not a comment
    for name in ("sezctl.toml", "roadmaps/example.yaml", "roadmaps/owners.yaml"):
        text = (tmp_path / "hq" / name).read_text(encoding="utf-8")
        comments = [
            line.rsplit("# ", 1)[1]
            for line in text.splitlines()
            if "# " in line and "yaml-language-server" not in line
        ]
        comments = [comment for comment in comments if not policy_rule.fullmatch(comment)]
        assert comments and all("⟦" in comment or "⟧" in comment for comment in comments), name
