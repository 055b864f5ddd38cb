"""The loader's messages in Kazakh and Russian: problems about the files (YAML, encoding, the
format, values), did-you-mean hints, sezctl.toml errors, with their plural forms, while the
English text, the JSON and the problem codes stay what they were."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sezctl.core import i18n
from sezctl.core.problems import LOADER_CODES, SezctlError
from tests.conftest import Cli
from tests.helpers import assert_golden

TODAY = "2026-11-26"
INVALID = Path(__file__).parent / "data" / "invalid"

# Cases of the invalid corpus whose file is refused as a whole (nothing of it is loaded), and
# cases whose file is loaded in part: those hold the same owners and roadmap id, so each copy
# gets its own (a suffix), or the consistency checks would report them as duplicates.
WHOLE_FILE_CASES = (
    "yaml-unclosed-flow-list",
    "tabs-for-indentation",
    "encoding-cp1251",
    "encoding-latin1",
    "duplicate-key-in-item",
    "tag-custom",
    "anchor-and-alias",
    "merge-key",
    "multiple-documents",
    "escaped-control-characters",
    "encoding-utf16-owners",  # its owners.yaml: UTF-16
    # YAML syntax at the line to edit, with the fix (issue #14)
    "yaml-missing-colon",
    "yaml-no-space-after-colon",
    "yaml-unquoted-colon-in-value",
    "yaml-value-starts-with-at",
    "yaml-unclosed-double-quote",
    "yaml-apostrophe-in-single-quotes",
    "yaml-backslash-in-double-quotes",
    "yaml-dash-without-space",
    "yaml-bad-indentation",
    "yaml-key-lined-up-with-no-level",
    "yaml-key-without-its-dash",
)
PARTLY_LOADED_CASES = (
    "unknown-key-did-you-mean",
    "missing-keys-in-item",
    "roadmap-keys-in-owners-file",
    "wrong-type-title-list",
    "wrong-type-depends-on-text",
    "empty-values",
    "bad-date-impossible",
    "bad-date-words",
    "bad-date-spaces-around",
    "bad-status-capitalised",
    "bad-id-underscore",
    "bad-reference",
    # look-alike letters named (issue #14)
    "lookalike-cyrillic-o-in-key",
    "lookalike-greek-letter-in-key",
    "lookalike-in-owner-value",
    "lookalike-in-status",
    "lookalike-in-reference",
)


def broken_folder(root: Path) -> Path:
    """``root/broken``: one file per case above, named after the case."""
    folder = root / "broken"
    folder.mkdir()
    for case in WHOLE_FILE_CASES:
        name = "owners.yaml" if (INVALID / case / "owners.yaml").exists() else "roadmap.yaml"
        shutil.copyfile(INVALID / case / name, folder / f"{case}.yaml")
    for number, case in enumerate(PARTLY_LOADED_CASES, start=1):
        text = (INVALID / case / "roadmap.yaml").read_bytes().decode("utf-8")
        for name in ("aktobe-sez-infrastructure", "abdikarimov", "aitymbetov"):
            text = text.replace(name, f"{name}-{number}")
        (folder / f"{case}.yaml").write_bytes(text.encode("utf-8"))
    return folder


def check_lines(cli: Cli, language: str, *options: str) -> str:
    result = cli("check", "broken", "--today", TODAY, "--lang", language, *options)
    assert result.exit_code == 1, result.output
    return result.stdout


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_check_of_broken_files_golden_per_language(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """`sezctl check` on a folder of broken files (yaml-syntax, encoding, duplicate-key, tag,
    anchor, alias, merge-key, multiple-documents, control-character, unknown-key with a
    suggestion, missing-key, wrong-type, empty-value, bad-date, bad-status, bad-id,
    bad-reference) writes every message in Kazakh or Russian, the prefix unchanged."""
    broken_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    output = check_lines(cli, language)
    codes = {line.split("[", 1)[1].split("]", 1)[0] for line in output.splitlines()}
    assert codes <= LOADER_CODES.keys(), "only the loader's own problems belong in this golden"
    assert {"yaml-syntax", "encoding", "duplicate-key", "unknown-key", "missing-key"} <= codes
    assert {"wrong-type", "bad-date", "bad-status", "bad-id", "bad-reference"} <= codes
    assert {"tag", "anchor", "alias", "control-character", "empty-value"} <= codes
    assert_golden(f"check-invalid.{language}.txt", output)


def test_check_of_broken_files_json_is_the_same_in_every_language(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The JSON of the same run is byte for byte the same in English, Kazakh and Russian:
    messages in it stay English."""
    broken_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    outputs = {
        language: check_lines(cli, language, "--format", "json") for language in ["en", "kk", "ru"]
    }
    assert outputs["en"] == outputs["kk"] == outputs["ru"]
    messages = [problem["message"] for problem in json.loads(outputs["ru"])["problems"]]
    assert (
        "status 'Done' is not one of planned, in-progress, blocked, done, cancelled "
        "(did you mean 'done'?)." in messages
    )


def test_every_loader_message_is_wrapped_by_the_pseudo_language(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --lang qps every message after the unchanged prefix comes from the catalog (wrapped
    in ⟦…⟧), including the hints and status lists inside it."""
    broken_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    lines = check_lines(cli, "qps").splitlines()
    assert lines
    for line in lines:
        message = line.split("]: ", 1)[1]
        assert message.startswith("⟦") and message.endswith("⟧"), line
    assert any("⟦ (did you mean 'due'?)⟧" in line for line in lines)
    assert any("⟦planned, in-progress, blocked, done, cancelled⟧" in line for line in lines)
    assert any("⟦It looks like Windows-1251" in line for line in lines)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            "статус 'Done' не подходит (возможно, имелось в виду 'done'?): допустимо "
            "planned (запланировано), in-progress (в работе), blocked (приостановлено), "
            "done (исполнено), cancelled (отменено).",
        ),
        (
            "kk",
            "'Done' мәртебесі жарамсыз ('done' деп жазғыңыз келді ме?): рұқсат етілген мәндер — "
            "planned (жоспарланған), in-progress (орындалуда), blocked (тоқтатылған), "
            "done (орындалды), cancelled (күші жойылды).",
        ),
        (
            "en",
            "status 'Done' is not one of planned, in-progress, blocked, done, cancelled "
            "(did you mean 'done'?).",
        ),
    ],
)
def test_a_bad_status_says_what_each_allowed_value_means(language: str, expected: str) -> None:
    """The status values stay English, as the files write them; Kazakh and Russian say what each
    means, and the English message is exactly what it was."""
    from sezctl.source.convert import Invalid, convert_status

    invalid = convert_status("Done")
    assert isinstance(invalid, Invalid)
    i18n.use_language(language)
    assert i18n.localize(invalid.message) == expected
    assert invalid.message == (
        "status 'Done' is not one of planned, in-progress, blocked, done, cancelled "
        "(did you mean 'done'?)."
    )


def test_the_listed_statuses_are_the_statuses_of_the_file_format() -> None:
    """The English of the status list is the file format's own list, so the two cannot drift."""
    from sezctl.source.convert import ALLOWED_STATUSES
    from sezctl.source.fileformat import STATUS_VALUES

    assert ", ".join(STATUS_VALUES) == ALLOWED_STATUSES


COUNTS = (1, 2, 5, 11, 21, 22)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", ["1 байт", "2 байта", "5 байт", "11 байт", "21 байт", "22 байта"]),
        ("kk", ["1 байт", "2 байт", "5 байт", "11 байт", "21 байт", "22 байт"]),
        ("en", ["1 byte", "2 bytes", "5 bytes", "11 bytes", "21 bytes", "22 bytes"]),
    ],
)
def test_file_sizes_take_the_plural_form_of_the_language(
    language: str, expected: list[str]
) -> None:
    """A file's size in a file-too-large message: 2 байта, 5 байт, 21 байт in Russian; the noun
    stays singular after a number in Kazakh."""
    from sezctl.source.yaml_nodes import size_in_bytes

    i18n.use_language(language)
    assert [i18n.localize(size_in_bytes(n)) for n in COUNTS] == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            [
                "далее ещё 1 невидимый или управляющий символ",
                "далее ещё 2 невидимых или управляющих символа",
                "далее ещё 5 невидимых или управляющих символов",
                "далее ещё 11 невидимых или управляющих символов",
                "далее ещё 21 невидимый или управляющий символ",
                "далее ещё 22 невидимых или управляющих символа",
            ],
        ),
        (
            "kk",
            [f"осы жерден бастап тағы {n} көрінбейтін немесе басқару таңбасы бар" for n in COUNTS],
        ),
        # English keeps its one form, "characters" even after 1, as it always wrote it.
        ("en", [f"{n} more invisible or control characters from here on" for n in COUNTS]),
    ],
)
def test_counted_control_characters_take_the_plural_form_of_the_language(
    language: str, expected: list[str]
) -> None:
    """The count of the control characters not reported one by one, in each plural form."""
    from sezctl.source.yaml_nodes import MAX_CHARACTER_PROBLEMS, find_forbidden_characters

    i18n.use_language(language)
    found = []
    for count in COUNTS:
        problems = find_forbidden_characters("\x00" * (MAX_CHARACTER_PROBLEMS + count), "a.yaml")
        found.append(i18n.localize(problems[-1].message).split(";")[0])
    assert found == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            ["1 уровня;", "2 уровней;", "5 уровней;", "11 уровней;", "21 уровня;", "22 уровней;"],
        ),
        (
            "kk",
            [
                "1 деңгейден",
                "2 деңгейден",
                "5 деңгейден",
                "11 деңгейден",
                "21 деңгейден",
                "22 деңгейден",
            ],
        ),
        ("en", ["1 level;", "2 levels;", "5 levels;", "11 levels;", "21 levels;", "22 levels;"]),
    ],
)
def test_nesting_levels_take_the_plural_form_of_the_language(
    language: str, expected: list[str]
) -> None:
    """ "deeper than N levels": the genitive in Russian (глубже 1 уровня, глубже 5 уровней)."""
    from sezctl.core.i18n import Mn

    i18n.use_language(language)
    texts = [
        i18n.localize(
            Mn(
                "nesting is deeper than {count} level; flatten the structure.",
                "nesting is deeper than {count} levels; flatten the structure.",
                n,
            )
        )
        for n in COUNTS
    ]
    for text, wanted in zip(texts, expected, strict=True):
        assert f" {wanted}" in text, text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ru",
            "due: '01/11/2026' — не дата: укажите дату в виде ГГГГ-ММ-ДД (2026-11-30) или "
            "ДД.ММ.ГГГГ (30.11.2026).",
        ),
        (
            "kk",
            "due: '01/11/2026' күн ретінде танылмады: ЖЖЖЖ-АА-КК (2026-11-30) немесе "
            "КК.АА.ЖЖЖЖ (30.11.2026) түрінде жазыңыз.",
        ),
    ],
)
def test_a_bad_date_is_explained_in_the_language(language: str, expected: str) -> None:
    """The date parser's reason is a Message: English as ``str(error)``, translated in a
    problem."""
    from sezctl.core.dates import DateFormatError, parse_date
    from sezctl.source.convert import Invalid, convert_date

    with pytest.raises(DateFormatError) as error:
        parse_date("01/11/2026")
    assert str(error.value) == (
        "'01/11/2026' is not a date: write YYYY-MM-DD (2026-11-30) or DD.MM.YYYY (30.11.2026)"
    )
    invalid = convert_date("01/11/2026", "due")
    assert isinstance(invalid, Invalid)
    i18n.use_language(language)
    assert i18n.localize(invalid.message) == expected


def test_a_did_you_mean_hint_is_translated_inside_the_message_it_completes() -> None:
    """A hint is a Message: an argument of another message, translated with it."""
    from sezctl.source.suggestions import Suggester, suggest

    hint = Suggester(["aitymbetov", "abdikarimov"]).hint("aitymbetof")
    assert hint == " (did you mean 'aitymbetov'?)"
    assert suggest("zzz", ["aitymbetov"]) == ""
    i18n.use_language("ru")
    assert i18n.localize(hint) == " (возможно, имелось в виду 'aitymbetov'?)"
    i18n.use_language("kk")
    assert i18n.localize(hint) == " ('aitymbetov' деп жазғыңыз келді ме?)"


@pytest.mark.parametrize(
    ("content", "language", "expected"),
    [
        (
            'days = "weekly"\n',
            "ru",
            'sezctl.toml: значение days должно быть "calendar" или "working", а не \'weekly\'',
        ),
        (
            'days = "weekly"\n',
            "kk",
            'sezctl.toml: days мәні \'weekly\' емес, "calendar" немесе "working" болуы керек',
        ),
        (
            "warning_days = true\n",
            "ru",
            "sezctl.toml: значение warning_days должно быть целым числом",
        ),
        ("warning_days = true\n", "en", "sezctl.toml: warning_days must be a int"),
        (
            'holidays = ["31.02.2026"]\n',
            "ru",
            "sezctl.toml: holidays: '31.02.2026' — такой даты нет в календаре",
        ),
        (
            'holidays = ["31.02.2026"]\n',
            "kk",
            "sezctl.toml: holidays: '31.02.2026' — күнтізбеде мұндай күн жоқ",
        ),
        (
            'holidays = [2026-03-09]\nworking_days = ["09.03.2026"]\n',
            "ru",
            "sezctl.toml: 09.03.2026 указан и в holidays, и в working_days; оставьте что-то одно",
        ),
        (
            'holidays = [2026-03-09]\nworking_days = ["09.03.2026"]\n',
            "en",
            "sezctl.toml: 2026-03-09 is in both holidays and working_days; keep one",
        ),
        (
            'timezone = "Asia/Aktobe-City"\n',
            "kk",
            "sezctl.toml: белгісіз уақыт белдеуі 'Asia/Aktobe-City' (IANA атауы керек, мысалы, "
            "Asia/Almaty)",
        ),
    ],
)
def test_sezctl_toml_errors_are_written_in_the_language(
    tmp_path: Path, content: str, language: str, expected: str
) -> None:
    """A malformed sezctl.toml is exit 2 with a message in the language of the run (dates as
    people read them); English keeps its exact text."""
    from sezctl.source.config import parse_config

    i18n.use_language(language)
    with pytest.raises(SezctlError) as error:
        parse_config(content.encode(), tmp_path / "sezctl.toml", "sezctl.toml")
    assert str(error.value) == expected


def test_a_file_too_large_in_git_history_is_counted_in_the_language() -> None:
    """History's file-too-large problem: the size with its plural form, the limit after
    "не более" in the genitive."""
    from sezctl.core.problems import Severity
    from sezctl.history.changes import too_large_problem

    problem = too_large_problem("roadmaps/a.yaml", "0123456789abcdef", 5_000_002, Severity.WARNING)
    assert problem.message == (
        "at commit 0123456 the file is 5,000,002 bytes; the limit is 4,194,304 bytes, so that "
        "version is skipped unread."
    )
    i18n.use_language("ru")
    assert i18n.localize(problem.message) == (
        "в коммите 0123456 размер файла — 5000002 байта; допустимо не более 4194304 байт, "
        "поэтому эта версия пропущена без чтения."
    )


def test_a_file_sezctl_does_not_open_is_explained_in_the_language(tmp_path: Path) -> None:
    """A FIFO named like a roadmap and a dangling symbolic link: what they are and why they
    were not read, in Russian; the C library's reason, when it is one of the usual ones, too."""
    import os

    from sezctl.source.loader import load_roadmaps

    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere")
    problems = load_roadmaps([tmp_path / "gone.yaml", tmp_path / "pipe.yaml"]).problems
    assert [problem.message for problem in problems] == [
        "cannot read the file: No such file or directory.",
        "this is a named pipe (FIFO), not a regular file, so sezctl did not open it. Remove it, "
        "or rename it so that its name does not end in .yaml or .yml.",
    ]
    i18n.use_language("ru")
    assert [i18n.localize(problem.message) for problem in problems] == [
        "не удаётся прочитать файл: нет такого файла или папки.",
        "это именованный канал (FIFO), а не обычный файл, поэтому sezctl не открывал этот "
        "объект. Удалите его или переименуйте так, чтобы имя не оканчивалось на .yaml или .yml.",
    ]
