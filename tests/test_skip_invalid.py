"""`--skip-invalid`: one typo does not cancel the meeting (issue #14, point 4).

Every test runs sezctl as a real process on a copy of the bundled roadmaps in which one owner
id of infrastructure.yaml is misspelt (`grid-compnay`, line 30).  The investors' five plant
construction tasks depend on `aktobe-sez-infrastructure/construction-start`, so they wait for
the file that is left out.  The rules are in sezctl/reports/skipped.py and docs/exit-codes.md.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUNDLED_ROADMAPS
from tests.helpers import assert_golden, pinned_git_env, run_sezctl
from tests.test_pseudo_locale import ALLOWED, _data_words, leftover_english

TODAY = "2026-11-26"
INFRASTRUCTURE = "roadmaps/infrastructure.yaml"
PROTOCOL = "roadmaps/protocols/2026-11-26.yaml"
TYPO_ERROR = (
    "roadmaps/infrastructure.yaml:30:9: error[unknown-owner]: owner 'grid-compnay' is not in the "
    "owners registry (did you mean 'grid-company'?); add them under 'owners:' or fix the id."
)
# The items that depend on an item of infrastructure.yaml, and what they wait for.
WAITING = {
    f"aktobe-sez-investors/{plant}-construction": ["aktobe-sez-infrastructure/construction-start"]
    for plant in ("thermal-insulation", "ppe", "truck-assembly", "rebar", "used-oil-recycling")
}
# The protocol of 26.11.2026 (roadmaps/protocols/) is a group of its own, and is kept too.
ROADMAPS_KEPT = {"aktobe-sez-hq", "aktobe-sez-investors", "protocol-2026-11-26"}
HEADING = {
    "en": "Left out of this report, because their files have errors (`sezctl check` lists them "
    "all):",
    "ru": "Не вошли в отчёт, так как в их файлах есть ошибки (все ошибки покажет `sezctl check`):",
    "kk": "Файлдарында қате болғандықтан, есепке енгізілмеді (барлық қатені `sezctl check` "
    "көрсетеді):",
}


def misspell(root: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A copy of the bundled roadmaps, without errors."""
    root = tmp_path / "hq"
    shutil.copytree(BUNDLED_ROADMAPS, root / "roadmaps")
    return root


@pytest.fixture
def typo(bundled: Path) -> Path:
    """The bundled roadmaps with one owner typo in infrastructure.yaml."""
    misspell(bundled, INFRASTRUCTURE, "owner: grid-company", "owner: grid-compnay")
    return bundled


def sezctl(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_sezctl(*args, "--today", TODAY, cwd=root)


def golden_name(stem: str, language: str, suffix: str) -> str:
    """tests/golden/STEM.SUFFIX in English, STEM.LANGUAGE.SUFFIX in another language."""
    return f"{stem}.{suffix}" if language == "en" else f"{stem}.{language}.{suffix}"


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


# -- status: the other roadmaps, the left-out file at the top, exit 1 -----------------------------


@pytest.mark.parametrize("language", ["en", "ru"])
def test_status_reports_the_other_roadmaps_with_the_left_out_file_named_first(
    typo: Path, language: str
) -> None:
    """The table covers hq and investors, opens with the left-out file and its first error,
    and the run still exits 1; stderr names the error and the file left out."""
    done = sezctl(typo, "status", "--skip-invalid", "--lang", language)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(HEADING[language] + "\n")
    assert "aktobe-sez-infrastructure/" not in done.stdout.split("\n\n", 1)[1]
    assert_golden(golden_name("skip-invalid-status", language, "txt"), done.stdout)
    expected_last = {
        "en": "sezctl: 1 error, 0 warnings in 5 files; the report leaves out "
        "roadmaps/infrastructure.yaml.",
        "ru": "sezctl: 1 ошибка, 0 предупреждений в 5 файлах; в отчёт не вошли файлы с ошибками: "
        "roadmaps/infrastructure.yaml.",
    }
    assert lines(done.stderr)[-1] == expected_last[language]
    assert len(lines(done.stderr)) == 2
    if language == "en":
        assert lines(done.stderr)[0] == TYPO_ERROR


def test_without_the_option_nothing_is_printed_and_the_first_problem_is_named(typo: Path) -> None:
    """Strict as before: exit 1, nothing on stdout; the error itself is named, and the last line
    offers --skip-invalid with the file it would leave out."""
    done = sezctl(typo, "status")
    assert done.returncode == 1
    assert done.stdout == ""
    assert lines(done.stderr) == [
        TYPO_ERROR,
        "sezctl: 1 error, 0 warnings in 5 files; fix the files before a report can be trusted. "
        "Add --skip-invalid to report without roadmaps/infrastructure.yaml.",
    ]


def test_a_refusal_names_the_first_three_errors_and_counts_the_rest(typo: Path) -> None:
    """Four errors: three are named, `… and 1 more` gives the command that lists them all (with
    the paths that were given), and the last line counts them."""
    misspell(typo, "roadmaps/investors.yaml", "owner: inv-ppe", "owner: inv-pe", 3)
    done = run_sezctl("status", "roadmaps", "--today", TODAY, cwd=typo)
    assert done.returncode == 1
    assert done.stdout == ""
    assert lines(done.stderr) == [
        TYPO_ERROR,
        "roadmaps/investors.yaml:57:5: error[unknown-owner]: owner 'inv-pe' is not in the owners "
        "registry (did you mean 'inv-ppe'?); add them under 'owners:' or fix the id.",
        "roadmaps/investors.yaml:64:9: error[unknown-owner]: owner 'inv-pe' is not in the owners "
        "registry (did you mean 'inv-ppe'?); add them under 'owners:' or fix the id.",
        "… and 1 more: `sezctl check roadmaps`",
        "sezctl: 4 errors, 0 warnings in 5 files; fix the files before a report can be trusted. "
        "Add --skip-invalid to report without roadmaps/infrastructure.yaml, "
        "roadmaps/investors.yaml.",
    ]


def test_a_file_that_cannot_be_read_is_named_first(bundled: Path) -> None:
    """owners.yaml saved as Windows-1251: its encoding error opens the refusal, before what its
    absence makes of the other files."""
    registry = bundled / "roadmaps" / "owners.yaml"
    registry.write_bytes(registry.read_text(encoding="utf-8").encode("cp1251", errors="replace"))
    done = sezctl(bundled, "status")
    assert done.returncode == 1
    assert done.stdout == ""
    assert lines(done.stderr)[0].startswith("roadmaps/owners.yaml:2:27: error[encoding]: ")


def test_the_json_lists_the_skipped_file_and_marks_the_items_that_wait_for_it(typo: Path) -> None:
    """`skipped` names the file, its roadmap and its first error as `check` writes a problem;
    each item has `skipped_prerequisites`, non-empty exactly for the five plants."""
    done = sezctl(typo, "status", "--all", "--skip-invalid", "--format", "json")
    assert done.returncode == 1, done.stderr
    record = json.loads(done.stdout)
    assert record["skipped"] == [
        {
            "path": "roadmaps/infrastructure.yaml",
            "roadmap": "aktobe-sez-infrastructure",
            "items": 26,
            "owners": 0,
            "errors": 1,
            "first_error": {
                "path": "roadmaps/infrastructure.yaml",
                "line": 30,
                "column": 9,
                "severity": "error",
                "code": "unknown-owner",
                "message": TYPO_ERROR.split(": error[unknown-owner]: ")[1],
            },
        }
    ]
    items = record["items"]
    assert {item["roadmap"] for item in items} == ROADMAPS_KEPT
    assert record["summary"]["items"] == len(items) == 57  # 16 + 36 items, 5 protocol points
    marked = {item["ref"]: item["skipped_prerequisites"] for item in items}
    assert {ref: refs for ref, refs in marked.items() if refs} == WAITING


def test_markdown_and_tables_mark_the_items_that_wait_for_a_left_out_file(typo: Path) -> None:
    """The Markdown rows of the five plants end their id with †, and no other row does; the
    critical path table marks the same five."""
    done = sezctl(typo, "status", "--all", "--skip-invalid", "--format", "markdown")
    assert done.returncode == 1, done.stderr
    marked = re.findall(r"^\| ([\w-]+) \| ([\w\\-]+) † \|", done.stdout, re.M)
    assert {f"{roadmap}/{item.replace(chr(92), '')}" for roadmap, item in marked} == set(WAITING)
    assert "5 items wait for items in left-out files and are marked †" in done.stdout
    table = sezctl(typo, "critical", "aktobe-sez-investors", "--skip-invalid")
    assert table.returncode == 1, table.stderr
    note, rows = table.stdout.split("\n\n", 1)
    assert note.count("†") == 1
    assert rows.count("†") == len(WAITING)


def test_the_markdown_notice_opens_the_status_page(typo: Path) -> None:
    """In Markdown the notice follows the title: the heading, the file and its first error, the
    note on marked items."""
    done = sezctl(typo, "status", "--skip-invalid", "--format", "markdown")
    assert lines(done.stdout)[:7] == [
        "# Roadmap status, 2026-11-26",
        "",
        "**Left out of this report, because their files have errors (`sezctl check` lists them "
        "all):**",
        "",
        "- roadmaps/infrastructure.yaml: roadmap aktobe-sez-infrastructure, 26 items; 1 error — "
        "line 30: owner 'grid-compnay' is not in the owners registry (did you mean "
        "'grid-company'?); add them under 'owners:' or fix the id.",
        "",
        "5 items wait for items in left-out files and are marked †: their forecasts do not count "
        "that wait.",
    ]


# -- the other commands ---------------------------------------------------------------------------


def test_owners_counts_the_other_roadmaps(typo: Path) -> None:
    """`owners --skip-invalid`: the notice without the note on marked items (the table lists
    no item), every registered owner, the counts of the other roadmaps; JSON has `skipped`."""
    done = sezctl(typo, "owners", "--skip-invalid")
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(HEADING["en"])
    assert "†" not in done.stdout
    record = json.loads(sezctl(typo, "owners", "--skip-invalid", "--format", "json").stdout)
    assert [entry["path"] for entry in record["skipped"]] == [INFRASTRUCTURE]
    grid = next(row for row in record["owners"] if row["owner"] == "grid-company")
    # Its roadmap items are in infrastructure.yaml; point 1 of the protocol, open, is its own.
    assert (grid["open"], grid["overdue"]) == (1, 0)


@pytest.mark.parametrize("fmt", ["json", "csv", "ics", "mermaid"])
def test_export_leaves_the_file_out_of_every_format(typo: Path, fmt: str) -> None:
    """`export --skip-invalid` in each format: no item of the left-out roadmap, exit 1; JSON
    has `skipped` and CSV a last `skipped_prerequisites` column."""
    done = sezctl(typo, "export", "--skip-invalid", "--format", fmt)
    assert done.returncode == 1, done.stderr
    assert lines(done.stderr)[-1].endswith("the report leaves out roadmaps/infrastructure.yaml.")
    if fmt == "json":
        record = json.loads(done.stdout)
        assert [entry["roadmap"] for entry in record["skipped"]] == ["aktobe-sez-infrastructure"]
        assert {item["roadmap"] for item in record["items"]} == ROADMAPS_KEPT
        waiting = {i["ref"]: i["skipped_prerequisites"] for i in record["items"]}
        assert {ref: refs for ref, refs in waiting.items() if refs} == WAITING
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(done.stdout.lstrip("\ufeff"))))
        assert {row["roadmap"] for row in rows} == ROADMAPS_KEPT
        assert list(rows[0])[-1] == "skipped_prerequisites"
        assert {row["ref"] for row in rows if row["skipped_prerequisites"]} == set(WAITING)
    elif fmt == "ics":
        assert "UID:aktobe-sez-infrastructure/" not in done.stdout
        assert "UID:aktobe-sez-investors/" in done.stdout
    else:  # each roadmap is a section of the chart, named by its title
        assert "section «Ақтөбе» АЭА инфрақұрылымын" not in done.stdout
        assert "section «Ақтөбе» АЭА инвесторларын" in done.stdout


def test_critical_of_a_left_out_roadmap_is_not_an_unknown_roadmap(typo: Path) -> None:
    """A roadmap id that exists but is left out is no usage error (exit 2): the notice says why
    it is missing, and the run exits 1.  The same for `status --roadmap`."""
    done = sezctl(typo, "critical", "aktobe-sez-infrastructure", "--skip-invalid")
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(HEADING["en"])
    assert "aktobe-sez-infrastructure:" not in done.stdout
    status = sezctl(typo, "status", "--roadmap", "aktobe-sez-infrastructure", "--skip-invalid")
    assert status.returncode == 1, status.stderr
    assert "0 items" in status.stdout


def test_critical_json_marks_the_open_items_that_wait(typo: Path) -> None:
    """In `critical --format json` the five plants, open items of the investors' roadmap, carry
    their prerequisite in the left-out file; the report lists the file."""
    done = sezctl(typo, "critical", "aktobe-sez-investors", "--skip-invalid", "--format", "json")
    assert done.returncode == 1, done.stderr
    record = json.loads(done.stdout)
    assert [entry["path"] for entry in record["skipped"]] == [INFRASTRUCTURE]
    [roadmap] = record["roadmaps"]
    rows = roadmap["critical_path"] + roadmap["other_open_items"]
    waiting = {row["ref"]: row["skipped_prerequisites"] for row in rows}
    assert {ref: refs for ref, refs in waiting.items() if refs} == WAITING


# -- the meeting pack -----------------------------------------------------------------------------


@pytest.fixture
def typo_history(typo: Path) -> Path:
    """The typo'd copy in a git repository: the roadmaps as committed on 2026-11-12 (without the
    typo), then the typo left in the work tree."""
    env = {**os.environ, **pinned_git_env(typo.parent)}
    moment = "2026-11-12T12:00:00+05:00"
    env.update(GIT_AUTHOR_DATE=moment, GIT_COMMITTER_DATE=moment)
    git = ["git", "-C", str(typo)]
    subprocess.run([*git, "init", "--quiet", "--initial-branch=main"], check=True, env=env)
    # Commit the files without the typo, then put it back.
    clean = (BUNDLED_ROADMAPS / "infrastructure.yaml").read_bytes()
    typoed = (typo / INFRASTRUCTURE).read_bytes()
    (typo / INFRASTRUCTURE).write_bytes(clean)
    subprocess.run([*git, "add", "--all"], check=True, env=env)
    subprocess.run([*git, "commit", "--quiet", "-m", "Roadmaps approved"], check=True, env=env)
    (typo / INFRASTRUCTURE).write_bytes(typoed)
    return typo


@pytest.mark.parametrize("language", ["en", "ru"])
def test_report_makes_the_meeting_pack_of_the_other_roadmaps(
    typo_history: Path, language: str
) -> None:
    """`report --skip-invalid`: the pack of hq and investors with the left-out file named under
    its lead, exit 1."""
    done = sezctl(typo_history, "report", "--skip-invalid", "--lang", language)
    assert done.returncode == 1, done.stderr
    assert f"**{HEADING[language]}**" in done.stdout
    assert "aktobe-sez-infrastructure/" not in done.stdout
    assert_golden(golden_name("skip-invalid-report", language, "md"), done.stdout)


def test_report_trend_counts_the_same_roadmaps_as_today(typo_history: Path) -> None:
    """The history still holds infrastructure.yaml; its items are left out of the trend too, so
    each week counts what `status --skip-invalid` counts on that day."""
    done = sezctl(typo_history, "report", "--skip-invalid", "--format", "json", "--weeks", "2")
    assert done.returncode == 1, done.stderr
    pack = json.loads(done.stdout)
    assert [entry["path"] for entry in pack["skipped"]] == [INFRASTRUCTURE]
    assert pack["due_next"]
    assert all(row["skipped_prerequisites"] == [] for row in pack["due_next"])
    for point in pack["trend"]:
        status = run_sezctl(
            "status",
            "--skip-invalid",
            "--format",
            "json",
            "--today",
            point["date"],
            cwd=typo_history,
        )
        assert point["overdue"] == json.loads(status.stdout)["summary"]["overdue"], point
    html = sezctl(typo_history, "report", "--skip-invalid", "--format", "html")
    assert html.returncode == 1
    assert '<div class="skipped" data-figure="skipped">' in html.stdout
    assert "roadmaps/infrastructure.yaml" in html.stdout


def test_a_baseline_leaves_out_the_same_roadmaps(typo_history: Path) -> None:
    """`status --baseline REV --skip-invalid`: the left-out roadmap was in REV, but its items
    are not "removed since REV"; they are left out there too."""
    done = sezctl(
        typo_history, "status", "--skip-invalid", "--baseline", "2026-11-12", "--format", "json"
    )
    assert done.returncode == 1, done.stderr
    baseline = json.loads(done.stdout)["baseline"]
    assert (baseline["revision"], baseline["removed"]) == ("2026-11-12", [])


# -- what leaves a file out, and what does not ----------------------------------------------------


def test_a_file_that_cannot_be_read_is_left_out_alone(bundled: Path) -> None:
    """A new file indented with a tab cannot be read: it is left out, nothing could be read from
    it, and every roadmap of the bundle is reported."""
    (bundled / "roadmaps" / "extra.yaml").write_text("roadmap: extra\n\tstages: []\n", "utf-8")
    done = sezctl(bundled, "status", "--all", "--skip-invalid", "--format", "json")
    assert done.returncode == 1, done.stderr
    record = json.loads(done.stdout)
    [skipped] = record["skipped"]
    assert (skipped["path"], skipped["roadmap"], skipped["items"], skipped["owners"]) == (
        "roadmaps/extra.yaml",
        None,
        0,
        0,
    )
    assert skipped["first_error"]["code"] == "yaml-syntax"
    assert record["summary"]["items"] == 83  # 78 roadmap items, 5 protocol points
    table = sezctl(bundled, "status", "--skip-invalid")
    assert lines(table.stdout)[1] == "  roadmaps/extra.yaml: nothing could be read from it; 1 error"


def test_an_error_in_the_owners_registry_leaves_out_no_roadmap(bundled: Path) -> None:
    """A misspelt key in one owner entry: owners.yaml is listed with its first error, every
    roadmap is reported, and that owner's items show its id (no name)."""
    misspell(bundled, "roadmaps/owners.yaml", "    name: Асхат Шахаров", "    nmae: Асхат Шахаров")
    done = sezctl(bundled, "status", "--all", "--skip-invalid", "--format", "json")
    assert done.returncode == 1, done.stderr
    record = json.loads(done.stdout)
    [skipped] = record["skipped"]
    assert (skipped["path"], skipped["roadmap"], skipped["items"]) == (
        "roadmaps/owners.yaml",
        None,
        0,
    )
    assert skipped["owners"] > 0  # the other entries of the registry are used
    assert record["summary"]["items"] == 83  # 78 roadmap items, 5 protocol points
    shakharov = [item for item in record["items"] if item["owner"] == "shakharov"]
    assert shakharov and all(item["owner_name"] is None for item in shakharov)
    others = [item for item in record["items"] if item["owner"] == "aitymbetov"]
    assert others and all(item["owner_name"] == "Мақсат Айтымбетов" for item in others)
    table = sezctl(bundled, "status", "--skip-invalid")
    assert lines(table.stdout)[1:4] == [
        "  roadmaps/owners.yaml: owners registry: its owners without errors are used; 2 errors",
        "    line 15: owner 'shakharov' has no 'name' key (required).",
        "Owners not in the registry are shown by their id: shakharov.",
    ]


def test_a_left_out_roadmap_file_still_names_its_owners(typo: Path) -> None:
    """Owner entries are never left out: an owner defined in the left-out infrastructure.yaml
    still names its item in headquarters.yaml."""
    registry = typo / "roadmaps" / "owners.yaml"
    entry = (
        "  aitymbetov:\n    name: Мақсат Айтымбетов\n    role: Presented the 7-stage SEZ "
        "infrastructure development plan (position not stated in the source)\n"
    )
    misspell(typo, "roadmaps/owners.yaml", entry, "")
    infrastructure = typo / INFRASTRUCTURE
    infrastructure.write_text(
        "owners:\n" + entry + infrastructure.read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert entry not in registry.read_text(encoding="utf-8")
    done = sezctl(typo, "status", "--all", "--skip-invalid", "--format", "json")
    assert done.returncode == 1, done.stderr
    record = json.loads(done.stdout)
    assert [entry["roadmap"] for entry in record["skipped"]] == ["aktobe-sez-infrastructure"]
    assert record["skipped"][0]["owners"] == 1
    named = [item["owner_name"] for item in record["items"] if item["owner"] == "aitymbetov"]
    assert named == ["Мақсат Айтымбетов"]


def test_with_every_roadmap_in_error_there_is_nothing_to_report(typo: Path) -> None:
    """An error in each roadmap file and in the protocol: the report is refused even with the
    option.  (With the protocol valid, its points are still reported: see the next test.)"""
    misspell(typo, "roadmaps/investors.yaml", "owner: inv-ppe", "owner: inv-pe")
    misspell(typo, "roadmaps/headquarters.yaml", "owner: shakharov", "owner: shakarov")
    misspell(typo, PROTOCOL, "chair: abdikarimov", "chair: abdikarimv")
    done = sezctl(typo, "status", "--skip-invalid")
    assert done.returncode == 1
    assert done.stdout == ""
    assert lines(done.stderr)[-1] == (
        "sezctl: 4 errors, 0 warnings in 5 files; every roadmap has errors, so there is nothing "
        "to report."
    )
    strict = sezctl(typo, "status")
    assert lines(strict.stderr)[-1] == (
        "sezctl: 4 errors, 0 warnings in 5 files; fix the files before a report can be trusted."
    )


def test_with_every_roadmap_in_error_the_protocol_is_still_reported(typo: Path) -> None:
    """A protocol is a group like a roadmap: with the three roadmap files left out, its five
    points are the report, and each left-out file is named."""
    misspell(typo, "roadmaps/investors.yaml", "owner: inv-ppe", "owner: inv-pe")
    misspell(typo, "roadmaps/headquarters.yaml", "owner: shakharov", "owner: shakarov")
    done = sezctl(typo, "status", "--all", "--skip-invalid", "--format", "json")
    assert done.returncode == 1, done.stderr
    record = json.loads(done.stdout)
    assert [entry["path"] for entry in record["skipped"]] == [
        "roadmaps/headquarters.yaml",
        INFRASTRUCTURE,
        "roadmaps/investors.yaml",
    ]
    assert {item["roadmap"] for item in record["items"]} == {"protocol-2026-11-26"}
    assert record["summary"]["items"] == 5


def test_without_errors_the_option_changes_only_the_json_shape(bundled: Path) -> None:
    """On files without errors the table is the same and the exit code 0; the JSON says that
    nothing was skipped, in the keys a script reads with the option."""
    plain = sezctl(bundled, "status")
    skipping = sezctl(bundled, "status", "--skip-invalid")
    assert (skipping.returncode, skipping.stdout, skipping.stderr) == (0, plain.stdout, "")
    record = json.loads(sezctl(bundled, "status", "--skip-invalid", "--format", "json").stdout)
    assert record["skipped"] == []
    assert all(item["skipped_prerequisites"] == [] for item in record["items"])
    strict = json.loads(sezctl(bundled, "status", "--format", "json").stdout)
    assert "skipped" not in strict
    assert all("skipped_prerequisites" not in item for item in strict["items"])


def test_as_of_reports_the_roadmaps_that_loaded_then(typo_history: Path) -> None:
    """With --as-of the files as committed then are the ones split: here the commit has no
    typo, so nothing is left out and the run exits 0."""
    done = run_sezctl("status", "--as-of", "2026-11-20", "--skip-invalid", cwd=typo_history)
    assert done.returncode == 0, done.stderr
    assert not done.stdout.startswith(HEADING["en"])


# -- in the language of the run ---------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--skip-invalid"],
        ["status", "--skip-invalid", "--format", "markdown"],
        ["owners", "--skip-invalid"],
        ["critical", "aktobe-sez-investors", "--skip-invalid"],
        ["report", "--skip-invalid"],
        ["report", "--skip-invalid", "--format", "html"],
        ["status"],
    ],
    ids=lambda args: "-".join(args),
)
def test_every_word_of_the_notice_comes_from_the_catalog(
    typo_history: Path, args: list[str]
) -> None:
    """In the pseudo-language every word of the notice, the marks' note and the lines on stderr
    is bracketed: nothing bypassed the catalog."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "1000", "SEZCTL_LANG": "qps"}
    env.pop("SEZCTL_TODAY", None)
    done = subprocess.run(
        [sys.executable, "-m", "sezctl", *args, "--today", TODAY],
        cwd=typo_history,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 1, done.stderr
    output = done.stdout + done.stderr
    assert "⟦" in output
    allowed = ALLOWED | _data_words(typo_history / "roadmaps") | {"roadmaps", "approved"}
    assert leftover_english(output, allowed) == [], output


def test_the_row_limit_keeps_the_option_in_the_command_that_shows_the_rest(typo: Path) -> None:
    """With --skip-invalid and a row limit, "… and K more" names a command that keeps the
    option (without it the files in error would refuse the report), and a shown row that waits
    for the left-out file keeps its mark."""
    limited = sezctl(
        typo, "status", "--skip-invalid", "--owner", "inv-rebar", "--all", "--limit", "1"
    )
    assert limited.returncode == 1, limited.stderr
    more = [line for line in lines(limited.stdout) if line.startswith("… and ")]
    assert more == [
        f"… and 2 more: sezctl status --owner inv-rebar --today {TODAY} --skip-invalid --all "
        "--limit 3"
    ]
    shown = sezctl(
        typo, "status", "--skip-invalid", "--owner", "inv-rebar", "--all", "--limit", "3"
    )
    assert any(line.startswith(" rebar-construction † ") for line in lines(shown.stdout))
