"""Nothing a person reads is left in English: every command and human format run in ``qps``.

``qps`` is the pseudo-language of the catalogs (docs/i18n.md): every translated message is its
English wrapped in ``⟦…⟧``.  Each case below runs sezctl as a real process (so ``--help`` texts,
made when a command module is imported, are in the language too) on a copy of the bundled
roadmaps with a short git history, and fails on any English word outside the brackets that is
not data from the files (titles, names, ids, paths), a command, an option or a format keyword.
Machine formats (JSON, CSV, SARIF) are not run here: tests/test_i18n.py proves they are the
same bytes in every language.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sezctl.cli.main import COMMAND_MODULES
from tests.conftest import DATA
from tests.helpers import BundledHistory, run_sezctl

TODAY = "2026-11-26"

# Words that are not English sentences: the program's name, its commands and format names,
# the status values and keys of the files (messages name them on purpose, next to their
# translation), and the syntax of the formats (Mermaid, ICS).
# Every registered command, so a new one is tested the day it exists.
COMMANDS = [name for names in COMMAND_MODULES.values() for name in names]
ALLOWED = {
    "sezctl",
    "git",
    "yaml",
    "toml",
    "json",
    "csv",
    "ics",
    "html",
    "markdown",
    "mermaid",
    "sarif",
    "github",
    "utf",
    "iso",
    "yyyy",
    "mm",
    "dd",
    "kk",
    "ru",
    "en",
    "qps",
    "qазақша",
    "http",
    "https",
    "www",
    *COMMANDS,
    # keys and status values of the files (quoted in messages, explained next to them)
    "planned",
    "in-progress",
    "blocked",
    "cancelled",
    "roadmap",
    "title",
    "stages",
    "tasks",
    "owner",
    "due",
    "depends_on",
    "reason",
    "ref",
    "name",
    "id",
    "days",
    "working",
    "language",
    "date_format",
    "warning_days",
    "roadmaps",
    "timezone",
    "policy",
    "progress",
    # Mermaid's Gantt syntax and ICS property names
    "gantt",
    "dateformat",
    "axisformat",
    "section",
    "crit",
    "active",
    "after",
    "tickinterval",
    "todaymarker",
    "inclusiveenddates",
    "milestone",
    "excludes",
    "weekends",
    # keys of the pre-commit configuration that init's comments show as an example
    "repos",
    "repo",
    "rev",
    "hooks",
    # values the scaffold's comments give as examples
    "asia",
    "almaty",
    "holidays",
    "working_days",
    "warn_non_working_deadline",
    "dmy",
    "meetings",
    "weekday",
    "thursday",
    "every_weeks",
    "rrule",
    "csv_dialect",
    "excel",
    "pip",
    "install",
    "true",
    "false",
    "begin",
    "vcalendar",
    "vevent",
    "end",
    "version",
    "prodid",
    "uid",
    "dtstamp",
    "dtstart",
    "dtend",
    "summary",
    "description",
    "value",
    "date",
    "calscale",
    "gregorian",
    "method",
    "publish",
    "categories",
    "confirmed",
    "tentative",
    "x-wr-calname",
    "sequence",
    "transp",
    "transparent",
    "url",
}
WORD = re.compile(r"(?<![\w/.@-])--?[a-z][a-z-]*|[A-Za-z][A-Za-z0-9_'’-]{2,}")
BRACKETED = re.compile(r"⟦[^⟦⟧]*⟧")
SEVERITY_CODE = re.compile(r"\b(?:error|warning)\[[a-z-]+\]")


def _data_words(root: Path) -> set[str]:
    """Every word of every value and key in the roadmap files: data, not the program's text."""
    words: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif node is not None:
            words.update(word.lower() for word in re.findall(r"[A-Za-z][A-Za-z0-9_'-]*", str(node)))

    for path in root.rglob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
        words.update(part.lower() for part in re.split(r"[^A-Za-z0-9_-]+", path.name) if part)
    return words


def _commit_words(root: Path) -> set[str]:
    """The words of the commit messages and authors: data from git, shown as written."""
    log = subprocess.run(
        ["git", "-C", str(root), "log", "--format=%s %an"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {word.lower() for word in re.findall(r"[A-Za-z][A-Za-z0-9_'-]*", log)}


def leftover_english(text: str, allowed: set[str], html: bool = True) -> list[str]:
    """English words of ``text`` that did not come through the catalog (outside ⟦…⟧); with
    ``html``, tags and their attributes are markup, not words."""
    if text.startswith("BEGIN:VCALENDAR"):  # unfold the 75-octet lines of RFC 5545
        lines = text.replace("\r\n ", "").replace("\n ", "").splitlines()
        # Only the text people read; the rest is the format's syntax and machine values.
        text = "\n".join(
            line.split(":", 1)[1]
            for line in lines
            if line.startswith(("SUMMARY:", "DESCRIPTION:", "X-WR-CALNAME:", "LOCATION:"))
        )
        text = re.sub(r"\\([nN;,\\])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)
    text = re.sub(
        r"^::(?:error|warning|notice) [^\n]*?::", " ", text, flags=re.M
    )  # GitHub's syntax
    text = SEVERITY_CODE.sub(" ", text)  # `error[code]`: the prefix editors and CI parse
    if html:
        text = re.sub(r"<style.*?</style>|<script.*?</script>", " ", text, flags=re.S)
        text = re.sub(r"<[^>]*>", " ", text)  # HTML and SVG tags with their attributes
    text = re.sub(r"&[a-z]+;|&#x?[0-9a-f]+;", " ", text)
    # A command's summary in the list of commands is the first sentence of its help, so its
    # closing bracket is left out: from ⟦ to the end of that entry, wrapped lines included.
    text = re.sub(r"^(  [a-z][a-z-]* +)⟦[^⟦⟧]*?(?=\n  [a-z]|\n\n|\Z)", r"\1", text, flags=re.M)
    while True:  # a message inside a message: brackets nest
        shorter = BRACKETED.sub(" ", text)
        if shorter == text:
            break
        text = shorter
    text = re.sub(r"\S+\.(?:ya?ml|toml|md|html|ics|json|csv)\b", " ", text)  # file names
    text = re.sub(r"\b[0-9a-f]{7,40}\b", " ", text)  # commit ids
    found = []
    for word in WORD.findall(text):
        bare = word.lower().strip("'’-")
        if word.startswith("-") or bare in allowed or bare.replace("-", "_") in allowed:
            continue
        if all(part in allowed or part.isdigit() for part in bare.split("-") if part):
            continue
        found.append(word)
    return found


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled roadmaps in a git repository with three weeks of history: a move with its
    reason, a completion, then a reassignment by a protocol point and a move by an order, so
    diff, history and the meeting pack have rows and decisions."""
    repo = BundledHistory(tmp_path_factory.mktemp("qps") / "repo")
    commit, root, env = repo.commit, repo.root, repo.env
    commit("2026-11-12", "Roadmap approved")
    for args in (
        ["reschedule", "design-acceleration", "--to", "2027-02-20", "--reason", "Мердігер кешікті"],
        ["done", "design-networks", "--on", "2026-11-17"],
    ):
        subprocess.run(
            [sys.executable, "-m", "sezctl", *args, "--today", "2026-11-19", "--lang", "en"],
            cwd=root,
            env=env,
            check=True,
            capture_output=True,
        )
    commit("2026-11-19", "Weekly update")
    for args in (  # a week later: a hand-over by a protocol point, a move by an akim's order
        ["assign", "gas-pipeline", "grid-company", "--reason", "Желі компаниясына берілді",
         "--decision", "protocol-2026-11-26/4"],
        ["reschedule", "design-acceleration", "--to", "2027-03-01", "--reason", "Құбыр кешікті",
         "--ref", "Әкімнің № 12 өкімі"],
    ):  # fmt: skip
        subprocess.run(
            [sys.executable, "-m", "sezctl", *args, "--on", "2026-11-27", "--today", "2026-11-27"],
            cwd=root,
            env=env,
            check=True,
            capture_output=True,
        )
    commit("2026-11-27", "Decisions of protocol No. 48")
    return root


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A real process in qps, wide enough that no table wraps a word."""
    return run_sezctl(*args, cwd=cwd, columns=1000, env={"SEZCTL_LANG": "qps"})


CASES: dict[str, list[str]] = {
    "help": ["--help"],
    **{f"help-{command}": [command, "--help"] for command in COMMANDS},
    "usage-no-such-option": ["status", "--nope"],
    "usage-missing-argument": ["show"],
    "usage-bad-choice": ["status", "--format", "xml"],
    "usage-unknown-command": ["stauts"],
    "check": ["check", "--today", TODAY, "--strict"],
    "check-github": ["check", "--today", TODAY, "--format", "github"],
    "check-protocol-mistakes": [
        "check",
        str(DATA / "invalid" / "protocol-points"),
        "--today",
        TODAY,
    ],
    "show-protocol-point": ["show", "protocol-2026-11-26/1", "--today", TODAY],
    "status": ["status", "--today", TODAY],
    "agenda": ["agenda", "--today", TODAY],
    "agenda-markdown": ["agenda", "--today", TODAY, "--format", "markdown"],
    "agenda-off-cadence": ["agenda", "--today", TODAY, "--date", "2026-11-27"],
    "status-markdown": ["status", "--today", TODAY, "--format", "markdown"],
    "status-working-days": ["status", "--today", TODAY, "--days", "working"],
    "owners": ["owners", "--today", TODAY],
    "owners-period": ["owners", "--period", "2026", "--today", TODAY],
    "owners-period-markdown": [
        "owners",
        "--period",
        "2026-Q4",
        "--today",
        TODAY,
        "--format",
        "markdown",
    ],
    "error-bad-period": ["owners", "--period", "2026-13", "--today", TODAY],
    "show": ["show", "construction-start", "--today", TODAY],
    "show-done": ["show", "design-networks", "--today", TODAY],
    "critical": ["critical", "--today", TODAY],
    "calendar": ["calendar", "2026"],
    "diff": ["diff", "HEAD~1", "--today", TODAY],
    "diff-markdown": ["diff", "HEAD~1", "--today", TODAY, "--format", "markdown"],
    "history": ["history", "design-acceleration"],
    "diff-decisions": ["diff", "HEAD~2", "--today", TODAY],
    "diff-decisions-markdown": ["diff", "HEAD~2", "--today", TODAY, "--format", "markdown"],
    "history-reassigned-by-decision": ["history", "gas-pipeline"],
    "show-decisions": ["show", "gas-pipeline", "--today", TODAY],
    "check-unknown-decision": [
        "check", str(DATA / "invalid" / "unknown-decision"), "--today", TODAY,
    ],
    "report": ["report", "--today", TODAY],
    "report-html": ["report", "--today", TODAY, "--format", "html"],
    "report-filtered": [
        "report",
        "--today",
        TODAY,
        "--roadmap",
        "aktobe-sez-infrastructure",
        "--owner",
        "construction-dept",
        "--days",
        "working",
    ],
    "report-no-earlier-record": ["report", "--today", TODAY, "--since", "2026-01-01"],
    "report-weeks-before-history": ["report", "--today", TODAY, "--weeks", "8", "--format", "html"],
    "error-report-unknown-roadmap": ["report", "--today", TODAY, "--roadmap", "aktobe-sez"],
    "export-ics": ["export", "--today", TODAY, "--format", "ics"],
    "export-mermaid": ["export", "--today", TODAY, "--format", "mermaid"],
    "error-unknown-item": ["show", "no-such-item", "--today", TODAY],
    "error-bad-date": ["status", "--today", "26/11/2026"],
    "edit-refused": ["done", "construction-start", "--on", "2030-01-01", "--today", TODAY],
    "edit-reschedule": [
        "reschedule",
        "design-acceleration",
        "--to",
        "2027-03-15",
        "--reason",
        "x",
        "--today",
        TODAY,
    ],
    "edit-assign": ["assign", "design-acceleration", "aitymbetov", "--today", TODAY],
    "edit-cascade": [
        "reschedule",
        "design-documentation",
        "--by",
        "3m",
        "--cascade",
        "--reason",
        "x",
        "--today",
        TODAY,
    ],
    "edit-cascade-refused": [
        "reschedule",
        "design-documentation",
        "--by",
        "3m",
        "--reason",
        "x",
        "--today",
        TODAY,
    ],
    "edit-start-kept": ["start", "state-expertise", "--on", "2026-11-20", "--today", TODAY],
    "error-bad-shift": ["reschedule", "design-documentation", "--by", "3q", "--reason", "x"],
    "edit-assign-decision": [
        "assign", "design-acceleration", "aitymbetov", "--reason", "x",
        "--decision", "protocol-2026-11-26/2", "--today", TODAY,
    ],
    "error-decision-no-point": [
        "reschedule", "design-acceleration", "--to", "2027-03-15", "--reason", "x",
        "--decision", "protocol-2026-11-26/99", "--today", TODAY,
    ],
    "error-decision-not-a-point": [
        "assign", "design-acceleration", "aitymbetov", "--decision", "48/2", "--today", TODAY,
    ],
    "error-decision-after-change": [
        "reschedule", "design-acceleration", "--to", "2027-03-15", "--reason", "x",
        "--decision", "protocol-2026-11-26/2", "--on", "2026-11-20", "--today", TODAY,
    ],
    "error-decision-no-protocol": [
        "reschedule", "design-acceleration", "--to", "2027-03-15", "--reason", "x",
        "--decision", "protocol-2026-11-27/1", "--today", TODAY,
    ],
    # Protocol points as edits: dry runs and refusals on tests/data/points (two protocols).
    "edit-point-off-control": [
        "off-control", "protocol-2026-11-19/1", str(DATA / "points"), "--by",
        "protocol-2026-11-26/2", "--reason", "x", "--today", TODAY, "--dry-run",
    ],
    "edit-point-start": [
        "start", "protocol-2026-11-19/1", str(DATA / "points"), "--today", TODAY, "--dry-run",
    ],
    "error-point-off-control-not-later": [
        "off-control", "protocol-2026-11-19/1", str(DATA / "points"), "--by",
        "protocol-2026-11-19/2", "--reason", "x", "--today", TODAY,
    ],
    "error-point-off-control-executed": [
        "off-control", "protocol-2026-11-19/3", str(DATA / "points"), "--by",
        "protocol-2026-11-26/2", "--reason", "x", "--today", TODAY,
    ],
    "error-point-already-off-control": [
        "done", "protocol-2026-11-19/4", str(DATA / "points"), "--today", TODAY,
    ],
    "error-point-off-control-item": [
        "off-control", "demo/grid", str(DATA / "points"), "--by", "protocol-2026-11-26/2",
        "--reason", "x", "--today", TODAY,
    ],
    "error-point-off-control-after-today": [
        "off-control", "protocol-2026-11-19/1", str(DATA / "points"), "--by",
        "protocol-2026-11-26/2", "--reason", "x", "--on", "2026-11-27", "--today", TODAY,
    ],
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_word_a_person_reads_comes_from_the_catalog(case: str, workspace: Path) -> None:
    done = _run(CASES[case], workspace)
    if case.startswith("edit-"):
        subprocess.run(["git", "-C", str(workspace), "checkout", "--quiet", "--", "."], check=True)
    output = done.stdout + done.stderr
    assert output.strip(), f"{case}: no output (exit {done.returncode})"
    assert "Traceback" not in output
    allowed = ALLOWED | _data_words(workspace / "roadmaps") | _commit_words(workspace)
    allowed |= _data_words(DATA / "points")  # the protocol-point edit cases' folder
    assert leftover_english(output, allowed) == [], output


def test_the_scaffold_of_init_is_in_the_language(tmp_path: Path) -> None:
    done = _run(["init", str(tmp_path / "hq")], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    written = {
        path: path.read_text(encoding="utf-8")
        for path in (tmp_path / "hq").rglob("*")
        if path.is_file() and path.suffix != ".json"  # the JSON Schema is for editors
    }
    assert written
    from sezctl.rules.policy import POLICY_RULES

    allowed = ALLOWED | _data_words(tmp_path / "hq") | {"yaml-language-server", *POLICY_RULES}
    for path, text in written.items():
        comments = "\n".join(line.split("#", 1)[1] for line in text.splitlines() if "#" in line)
        assert leftover_english(comments, allowed, html=False) == [], path
    assert leftover_english(done.stdout + done.stderr, allowed) == []


def test_the_detector_finds_english_outside_the_brackets() -> None:
    """The check above can fail: it sees a bare English word, and not a bracketed one."""
    allowed = {"sezctl"}
    assert leftover_english("⟦Overdue⟧ Айтымбетов: late by ⟦5 days⟧", allowed) == ["late"]
    assert leftover_english("⟦late by ⟦5 days⟧⟧ sezctl --all", allowed) == []
    assert leftover_english('<html lang="qps"><p>⟦Newly overdue⟧</p>', allowed) == []
