"""Kazakh, Russian and English: choosing the language, plural forms, dates, catalogs that
match the source, and machine output that never changes with the language."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sezctl.core import i18n
from sezctl.core.problems import SezctlError
from sezctl.render.text import count_days
from tests.conftest import BUNDLED_ROADMAPS, REPO, Cli, modules_after_run
from tests.helpers import assert_golden

TODAY = "2026-11-26"


def test_a_message_is_english_as_a_string_and_translated_when_localized() -> None:
    """Messages about the files keep their English for JSON and SARIF and are written in the
    run's language by `localize`; a message inside a message is localized with it."""
    import json
    import pickle

    late = i18n.Mn("{count} day", "{count} days", 22)
    outer = i18n.M("late by {late}: {title}", late=late, title="Техникалық шарттар")
    i18n.use_language("ru")
    assert outer == "late by 22 days: Техникалық шарттар"
    assert json.dumps(outer, ensure_ascii=False) == '"late by 22 days: Техникалық шарттар"'
    assert i18n.localize(late) == "22 дня"
    # No catalog entry for the outer template yet: its English, with the inner one translated.
    assert i18n.localize(outer) == "late by 22 дня: Техникалық шарттар"
    assert i18n.localize("Техникалық шарттар") == "Техникалық шарттар"
    assert pickle.loads(pickle.dumps(late)).args == {"count": 22}
    i18n.use_language("en")
    assert i18n.localize(late) == "22 days"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", ["1 день", "2 дня", "5 дней", "11 дней", "21 день", "22 дня"]),
        ("kk", ["1 күн", "2 күн", "5 күн", "11 күн", "21 күн", "22 күн"]),
        ("en", ["1 day", "2 days", "5 days", "11 days", "21 days", "22 days"]),
    ],
)
def test_day_counts_take_the_plural_form_of_the_language(
    language: str, expected: list[str]
) -> None:
    """Russian has three forms (1 день, 2 дня, 5 дней, 11 дней, 21 день, 22 дня), Kazakh keeps
    the noun singular after a number, English has two."""
    i18n.use_language(language)
    assert [count_days(n, "calendar") for n in (1, 2, 5, 11, 21, 22)] == expected


def test_working_days_and_summaries_in_russian() -> None:
    """The other counted phrases follow the same rules."""
    from sezctl.core.model import Position
    from sezctl.core.problems import Problem, Severity
    from sezctl.render.problems import count_summary

    i18n.use_language("ru")
    assert [count_days(n, "working") for n in (1, 3, 25)] == [
        "1 рабочий день",
        "3 рабочих дня",
        "25 рабочих дней",
    ]
    error = Problem("a.yaml", 1, 1, "bad-date", "x", Severity.ERROR)
    warning = Problem("a.yaml", 2, 1, "done-before-start", "x", Severity.WARNING)
    assert count_summary([error, warning, warning], 21) == "1 ошибка, 2 предупреждения в 21 файле"
    assert count_summary([], 4) == "0 ошибок, 0 предупреждений в 4 файлах"
    assert Position("a.yaml", 1, 1)  # the prefix of each problem line is not translated


@pytest.mark.parametrize(
    ("option", "environ", "configured", "expected"),
    [
        ("kk", {"SEZCTL_LANG": "ru", "LANG": "en_US.UTF-8"}, "en", "kk"),
        (None, {"SEZCTL_LANG": "ru", "LANG": "kk_KZ.UTF-8"}, "en", "ru"),
        (None, {"LANG": "ru_RU.UTF-8"}, "kk", "kk"),
        (None, {"LC_ALL": "kk_KZ.UTF-8", "LC_MESSAGES": "en_US", "LANG": "ru_RU"}, None, "kk"),
        (None, {"LC_MESSAGES": "ru_KZ.UTF-8", "LANG": "kk_KZ"}, None, "ru"),
        (None, {"LANG": "ru_RU.UTF-8"}, None, "ru"),
        (None, {"LANG": "de_DE.UTF-8"}, None, "en"),
        (None, {"LC_ALL": "C", "LANG": "ru_RU.UTF-8"}, None, "en"),
        (None, {}, None, "en"),
    ],
)
def test_the_language_comes_from_the_first_source_that_names_one(
    option: str | None, environ: dict[str, str], configured: str | None, expected: str
) -> None:
    """--lang, then SEZCTL_LANG, then `language` in sezctl.toml, then LC_ALL, LC_MESSAGES and
    LANG (the first one set decides, as POSIX says), then English."""
    assert i18n.choose_language(option, environ, configured) == expected


@pytest.mark.parametrize(
    ("option", "environ", "configured", "source"),
    [
        ("de", {}, None, "--lang"),
        (None, {"SEZCTL_LANG": "russian"}, None, "SEZCTL_LANG"),
        (None, {}, "KZ", "language in sezctl.toml"),
    ],
)
def test_an_unknown_language_named_on_purpose_is_an_error_listing_the_choices(
    option: str | None, environ: dict[str, str], configured: str | None, source: str
) -> None:
    """A language asked for by name must be one sezctl speaks; the message lists them."""
    with pytest.raises(SezctlError) as error:
        i18n.choose_language(option, environ, configured)
    wanted = option or environ.get("SEZCTL_LANG") or configured
    assert str(error.value) == (
        f"{source}: unknown language {wanted!r}; choose one of kk (қазақша), ru (русский), "
        "en (English)"
    )


def test_unknown_lang_option_is_exit_two(cli: Cli) -> None:
    """`--lang de` stops the run with exit 2 and the choices."""
    result = cli("status", str(BUNDLED_ROADMAPS), "--today", TODAY, "--lang", "de")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == (
        "sezctl: error: --lang: unknown language 'de'; choose one of kk (қазақша), "
        "ru (русский), en (English)\n"
    )


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_status_table_golden_per_language(cli: Cli, language: str) -> None:
    """The status view of the bundled roadmap, in Kazakh and in Russian (120 columns)."""
    result = cli("status", str(BUNDLED_ROADMAPS), "--today", TODAY, "--lang", language)
    assert result.exit_code == 0, result.output
    assert_golden(f"status-table.{language}.txt", result.stdout)


def test_machine_output_is_the_same_in_every_language(cli: Cli) -> None:
    """JSON and CSV (keys, values, dates) and the check line prefix do not change with the
    language; only the human summary of `check` does."""
    outputs = {}
    for language in ("en", "ru", "kk"):
        args = [str(BUNDLED_ROADMAPS), "--today", TODAY, "--lang", language]
        outputs[language] = (
            cli("status", *args, "--format", "json").stdout,
            cli("status", *args, "--format", "csv", "--all").stdout,
            cli("critical", *args, "--format", "json").stdout,
            cli("check", *args, "--format", "json").stdout,
        )
    assert outputs["en"] == outputs["ru"] == outputs["kk"]
    assert json.loads(outputs["ru"][0])["today"] == TODAY


def test_the_language_from_the_environment_config_and_locale(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SEZCTL_LANG, then `language` in sezctl.toml, then the locale: a real process each, the
    way a clerk's shell runs it, with dates written 26.11.2026 in Kazakh and Russian unless
    `date_format = "iso"`."""
    import shutil

    shutil.copytree(BUNDLED_ROADMAPS, tmp_path / "roadmaps")

    def run(env: dict[str, str]) -> str:
        clean = {k: v for k, v in os.environ.items() if k not in ("LANG", "SEZCTL_LANG")}
        done = subprocess.run(
            [sys.executable, "-m", "sezctl", "check", "--today", TODAY],
            cwd=tmp_path,
            env={**clean, **env},
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stderr

    assert run({"LANG": "ru_RU.UTF-8"}) == "0 ошибок, 0 предупреждений в 5 файлах\n"
    assert run({"LANG": "ru_RU.UTF-8", "SEZCTL_LANG": "kk"}) == "5 файлда: 0 қате, 0 ескерту\n"
    (tmp_path / "sezctl.toml").write_text('language = "kk"\n', encoding="utf-8")
    assert run({"LANG": "ru_RU.UTF-8"}) == "5 файлда: 0 қате, 0 ескерту\n"
    assert run({"LANG": "ru_RU.UTF-8", "SEZCTL_LANG": "en"}) == "0 errors, 0 warnings in 5 files\n"
    monkeypatch.chdir(tmp_path)
    ru = cli("status", "--today", TODAY, "--lang", "ru").stdout
    assert "26.11.2026: 83 мероприятия" in ru and "30.06.2026" in ru
    (tmp_path / "sezctl.toml").write_text('language = "ru"\ndate_format = "iso"\n', "utf-8")
    iso = cli("status", "--today", TODAY, env={"SEZCTL_LANG": None}).stdout
    assert "2026-11-26: 83 мероприятия" in iso and "2026-06-30" in iso


def test_dates_for_people_follow_the_language() -> None:
    """26.11.2026 in Kazakh and Russian, ISO in English, years below 1000 padded."""
    i18n.use_language("ru")
    assert i18n.format_day(date(2026, 11, 26)) == "26.11.2026"
    assert i18n.format_day(date(1, 1, 1)) == "01.01.0001"
    i18n.use_language("en")
    assert i18n.format_day(date(2026, 11, 26)) == "2026-11-26"


def test_the_catalogs_match_the_source_and_are_complete() -> None:
    """tools/catalogs.py check: the template holds exactly the marked strings, every kk and ru
    entry is translated and not fuzzy, and the compiled catalogs match the .po files."""
    done = subprocess.run(
        [sys.executable, "tools/catalogs.py", "check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def test_the_session_reuses_the_config_read_to_choose_the_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sezctl.toml is read once per run: the project found while choosing the language is the
    one the session gets for the same folder; another folder is looked up afresh."""
    from sezctl.cli import language

    project, elsewhere = tmp_path / "hq", tmp_path / "other"
    project.mkdir()
    elsewhere.mkdir()
    (project / "sezctl.toml").write_text('language = "ru"\n', encoding="utf-8")
    monkeypatch.chdir(project)
    monkeypatch.delenv("SEZCTL_LANG")
    assert language.apply_language(None) == "ru"
    first = language.project_config(project)
    assert first.language == "ru"
    assert language.project_config(project) is first
    assert language.project_config(elsewhere).language is None


@pytest.mark.parametrize("language", ["kk", "ru", "qps"])
def test_the_lazy_catalog_answers_as_python_gettext_does(language: str) -> None:
    """Every message and every plural form of the shipped catalogs comes out of the lazy
    catalog exactly as `gettext.GNUTranslations` gives it, and a message it lacks stays as
    written.  Its binary search relies on the keys being sorted byte by byte: checked too."""
    import gettext
    import struct

    path = i18n.LOCALE_DIR / language / "LC_MESSAGES" / "sezctl.mo"
    with path.open("rb") as stream:
        python = gettext.GNUTranslations(stream)
    with path.open("rb") as stream:
        lazy = i18n.LazyCatalog(stream)
    entries = python._catalog
    assert len(entries) > 600
    for key, value in entries.items():
        if isinstance(key, tuple):
            for count in (0, 1, 2, 5, 11, 21, 22, 101, 1000):
                assert lazy.ngettext(key[0], "-", count) == python.ngettext(key[0], "-", count)
        else:
            assert lazy.gettext(key) == value == python.gettext(key)
    assert lazy.gettext("not in the catalog") == "not in the catalog"
    assert lazy.ngettext("{count} nothing", "{count} nothings", 5) == "{count} nothings"
    data = path.read_bytes()
    count, keys_at = struct.unpack_from("<2I", data, 8)
    keys = [
        data[start : start + length]
        for length, start in (
            struct.unpack_from("<2I", data, keys_at + 8 * i) for i in range(count)
        )
    ]
    assert keys == sorted(keys)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_run_in_any_language_imports_no_babel(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Babel maintains the catalogs; a run reads the compiled one with the standard gettext."""
    monkeypatch.setenv("SEZCTL_LANG", language)
    code, modules = modules_after_run("status", "--today", TODAY)
    assert code == 0
    assert "gettext" in modules
    assert not {name for name in modules if name == "babel" or name.startswith("babel.")}
