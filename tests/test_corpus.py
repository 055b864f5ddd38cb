"""The data-driven corpora: every bad file in tests/data/invalid/ and every good one in
tests/data/valid/, run through the real `sezctl check` (see tests/data/invalid/README.md)."""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from sezctl.core.model import Item, Owner, Roadmap
from sezctl.core.problems import LOADER_CODES
from sezctl.rules.checks import CHECKS
from sezctl.source.loader import list_roadmap_files, load_roadmaps
from sezctl.source.yaml_nodes import MAX_FILE_BYTES
from tests.conftest import DATA, OWNERS_YAML, Cli, GitRepo

INVALID = DATA / "invalid"
VALID = DATA / "valid"
TODAY = "2026-11-26"

INVALID_CASES = sorted(path for path in INVALID.iterdir() if path.is_dir())
VALID_CASES = sorted(path for path in VALID.iterdir() if path.is_dir())

# Codes whose inputs cannot be committed; the tests below generate them in a temporary folder.
GENERATED_CODES = {"file-too-large", "file-unreadable", "special-file"}

PROBLEM_LINE = re.compile(
    r"^(?P<where>(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): "
    r"(?P<severity>error|warning)\[(?P<code>[a-z0-9-]+)\]): (?P<message>.+)$"
)
EXPECTED_LINE = re.compile(
    r"^(?P<where>[^:\n]+:\d+:\d+: (?P<severity>error|warning)\[(?P<code>[a-z0-9-]+)\])"
    r"(?: ~ (?P<fragment>.+))?$"
)
SUMMARY = re.compile(r"(\d+) errors?, (\d+) warnings? in (\d+) files?")


@dataclass(frozen=True)
class ExpectedProblem:
    """One line of an expected.txt: the exact location and code, and a message fragment."""

    where: str
    severity: str
    code: str
    fragment: str | None


def read_expected(folder: Path) -> list[ExpectedProblem]:
    """Parse a case's expected.txt; comments start with '#'."""
    expected = []
    for number, line in enumerate(
        (folder / "expected.txt").read_text(encoding="utf-8").splitlines(), start=1
    ):
        if not line.strip() or line.startswith("#"):
            continue
        match = EXPECTED_LINE.match(line)
        assert match, f"{folder.name}/expected.txt:{number}: malformed line {line!r}"
        expected.append(
            ExpectedProblem(match["where"], match["severity"], match["code"], match["fragment"])
        )
    return expected


def run_check(cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch, *options: str) -> Result:
    """`sezctl check FOLDER` run from inside the folder, so printed paths are relative to it."""
    monkeypatch.chdir(folder)
    return cli("check", str(folder), "--today", TODAY, *options)


def assert_reports_exactly(output: str, expected: list[ExpectedProblem]) -> None:
    """Every output line is a located problem, and they are exactly the expected ones."""
    lines = output.splitlines()
    unlocated = [line for line in lines if not PROBLEM_LINE.match(line)]
    assert unlocated == [], output
    matches = [PROBLEM_LINE.match(line) for line in lines]
    assert [m["where"] for m in matches if m] == [problem.where for problem in expected], output
    for match, problem in zip(matches, expected, strict=True):
        assert match is not None
        if problem.fragment is not None:
            assert problem.fragment in match["message"], match.group()


def summary_counts(stderr: str) -> tuple[int, int, int]:
    match = SUMMARY.search(stderr)
    assert match, stderr
    errors, warnings, files = match.groups()
    return int(errors), int(warnings), int(files)


def yaml_files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.suffix in (".yaml", ".yml")]


# -- the invalid corpus --------------------------------------------------------------------


def test_invalid_corpus_is_large_and_every_case_is_complete() -> None:
    """The corpus holds at least 45 cases, each with a description, a file and a problem."""
    assert len(INVALID_CASES) >= 45
    for folder in INVALID_CASES:
        text = (folder / "expected.txt").read_text(encoding="utf-8")
        assert text.startswith("# "), f"{folder.name}: expected.txt must start with a description"
        assert read_expected(folder), f"{folder.name}: no expected problem"
        assert yaml_files(folder), f"{folder.name}: no roadmap file"


@pytest.mark.parametrize("folder", INVALID_CASES, ids=lambda path: path.name)
def test_invalid_case_reports_exactly_the_expected_problems(
    cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each bad case prints exactly its located problems, exits 1 under --strict, no traceback."""
    expected = read_expected(folder)
    result = run_check(cli, folder, monkeypatch, "--strict")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert_reports_exactly(result.stdout, expected)
    errors = sum(1 for problem in expected if problem.severity == "error")
    assert summary_counts(result.stderr) == (
        errors,
        len(expected) - errors,
        len(yaml_files(folder)),
    )


@pytest.mark.parametrize("folder", INVALID_CASES, ids=lambda path: path.name)
def test_invalid_case_fails_without_strict_unless_it_only_warns(
    cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --strict, a case fails (exit 1) when it has an error and passes (0) on warnings."""
    expected = read_expected(folder)
    warnings_only = all(problem.severity == "warning" for problem in expected)
    result = run_check(cli, folder, monkeypatch)
    assert result.exit_code == (0 if warnings_only else 1), result.output
    assert "Traceback" not in result.output
    assert_reports_exactly(result.stdout, expected)


@pytest.mark.parametrize("folder", INVALID_CASES, ids=lambda path: path.name)
def test_invalid_case_json_output_has_the_same_problems(
    cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check --format json` reports the same located problems as the text output."""
    expected = read_expected(folder)
    result = run_check(cli, folder, monkeypatch, "--format", "json", "--strict")
    assert result.exit_code == 1, result.output
    problems = json.loads(result.stdout)["problems"]
    assert [
        f"{p['path']}:{p['line']}:{p['column']}: {p['severity']}[{p['code']}]" for p in problems
    ] == [problem.where for problem in expected]


# Warnings that by design follow an error elsewhere and never come alone: the error that
# stopped a file (or a part of one) from being read.
FOLLOW_ON_WARNINGS = {"unchecked-references"}


def test_warning_only_cases_exist_for_every_warning_check() -> None:
    """Each warning check has a case where it is the only finding (exit 0 unless --strict),
    except the follow-on warnings, which come with the error they follow in every case."""
    warning_codes = {code for code, check in CHECKS.items() if check.severity.value == "warning"}
    alone = {
        read_expected(folder)[0].code
        for folder in INVALID_CASES
        if len(read_expected(folder)) == 1 and read_expected(folder)[0].severity == "warning"
    }
    assert warning_codes - FOLLOW_ON_WARNINGS == alone
    for folder in INVALID_CASES:
        expected = read_expected(folder)
        if any(problem.code in FOLLOW_ON_WARNINGS for problem in expected):
            assert any(problem.severity == "error" for problem in expected), folder.name


def test_corpus_exercises_every_problem_code() -> None:
    """Every loader code and every registered check is expected by at least one case, so the
    corpus cannot silently lose coverage when a code is added."""
    expected_codes = {problem.code for folder in INVALID_CASES for problem in read_expected(folder)}
    all_codes = set(LOADER_CODES) | set(CHECKS)
    assert all_codes - expected_codes == GENERATED_CODES
    assert expected_codes <= all_codes


def test_file_too_large_is_refused_before_parsing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file one byte over MAX_FILE_BYTES gives file-too-large at 0:0; other files still load."""
    (tmp_path / "owners.yaml").write_text(OWNERS_YAML, encoding="utf-8")
    padding = "# " + "x" * 98 + "\n"
    text = "roadmap: big\n" + padding * (MAX_FILE_BYTES // len(padding) + 1)
    (tmp_path / "roadmap.yaml").write_text(text[: MAX_FILE_BYTES + 1], encoding="utf-8")
    result = run_check(cli, tmp_path, monkeypatch)
    assert result.exit_code == 1, result.output
    assert_reports_exactly(
        result.stdout,
        [
            ExpectedProblem(
                "roadmap.yaml:0:0: error[file-too-large]",
                "error",
                "file-too-large",
                f"the file is {MAX_FILE_BYTES + 1:,} bytes",
            )
        ],
    )
    assert summary_counts(result.stderr) == (1, 0, 2)


def test_dangling_symlink_is_an_unreadable_file_not_a_crash(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A *.yaml that cannot be read gives file-unreadable at 0:0 and the other files are checked."""
    (tmp_path / "owners.yaml").write_text(OWNERS_YAML + "  bad_id:\n    name: X\n", "utf-8")
    (tmp_path / "roadmap.yaml").symlink_to(tmp_path / "missing-target.yaml")
    result = run_check(cli, tmp_path, monkeypatch)
    assert result.exit_code == 1, result.output
    assert_reports_exactly(
        result.stdout,
        [
            ExpectedProblem("owners.yaml:8:3: error[bad-id]", "error", "bad-id", "'bad_id'"),
            ExpectedProblem(
                "roadmap.yaml:0:0: error[file-unreadable]",
                "error",
                "file-unreadable",
                "No such file or directory",
            ),
        ],
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file whatever its mode")
def test_file_without_read_permission_is_an_unreadable_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file with mode 000 gives file-unreadable (Permission denied), exit 1."""
    locked = tmp_path / "roadmap.yaml"
    locked.write_text(OWNERS_YAML, encoding="utf-8")
    locked.chmod(0)
    try:
        result = run_check(cli, tmp_path, monkeypatch)
    finally:
        locked.chmod(0o644)
    assert result.exit_code == 1, result.output
    assert_reports_exactly(
        result.stdout,
        [
            ExpectedProblem(
                "roadmap.yaml:0:0: error[file-unreadable]",
                "error",
                "file-unreadable",
                "Permission denied",
            )
        ],
    )


def check_in_a_process(folder: Path, memory: int | None = None) -> subprocess.CompletedProcess[str]:
    """`sezctl check .` in a real process run from ``folder`` (at most 30 s; with ``memory``,
    its address space limited to that many bytes, as a small CI runner would)."""

    def limit_memory() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "SEZCTL_TODAY": TODAY, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "sezctl", "check", "."],
        cwd=folder, env=env, capture_output=True, text=True, timeout=30, check=False,
        preexec_fn=limit_memory,
    )  # fmt: skip


SPECIAL_FILE = (
    "not a regular file, so sezctl did not open it. Remove it, or rename it so that its name "
    "does not end in .yaml or .yml."
)


def test_fifo_named_like_a_roadmap_is_reported_not_opened(tmp_path: Path) -> None:
    """A FIFO named x.yaml made every command wait forever for a writer; it is a located
    special-file problem now, found from its kind before anything opens it."""
    (tmp_path / "owners.yaml").write_text(OWNERS_YAML, encoding="utf-8")
    os.mkfifo(tmp_path / "x.yaml")
    done = check_in_a_process(tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (
        1,
        f"x.yaml:0:0: error[special-file]: this is a named pipe (FIFO), {SPECIAL_FILE}\n",
        "1 error, 0 warnings in 2 files\n",
    )


def test_committed_link_to_dev_zero_is_reported_without_reading_it(git_repo: GitRepo) -> None:
    """A symbolic link to /dev/zero, committed and checked out, made `check` read without end
    (3.4 GB in 10 s, then MemoryError, exit 3).  Under a 512 MB address-space limit the check
    now ends at once with the located problem; the other files are still checked."""
    git_repo.write("roadmaps/owners.yaml", OWNERS_YAML + "  Bad: {name: X}\n")
    (git_repo.root / "roadmaps" / "zero.yaml").symlink_to("/dev/zero")
    git_repo.commit("A link to /dev/zero")
    assert git_repo.git("ls-files", "-s", "roadmaps/zero.yaml").startswith("120000 ")
    done = check_in_a_process(git_repo.root, memory=512 * 1024 * 1024)
    assert (done.returncode, done.stdout, done.stderr) == (
        1,
        "roadmaps/owners.yaml:7:3: error[bad-id]: owner id 'Bad' is not a valid id: use "
        "lowercase latin letters, digits and single hyphens, e.g. 'abdikarimov'.\n"
        "roadmaps/zero.yaml:0:0: error[special-file]: this is a character device (the name is "
        f"a symbolic link to it), {SPECIAL_FILE}\n",
        "2 errors, 0 warnings in 2 files\n",
    )


def test_sparse_gigabyte_file_is_refused_from_its_size_not_read(tmp_path: Path) -> None:
    """A 1 GB sparse file cost 1 GB of memory before file-too-large (and MemoryError under a
    limit); its size is now read from the file system, and nothing of it is read."""
    (tmp_path / "owners.yaml").write_text(OWNERS_YAML, encoding="utf-8")
    with open(tmp_path / "big.yaml", "wb") as big:
        big.truncate(1024**3)
    done = check_in_a_process(tmp_path, memory=512 * 1024 * 1024)
    assert (done.returncode, done.stdout) == (
        1,
        "big.yaml:0:0: error[file-too-large]: the file is 1,073,741,824 bytes; the limit is "
        "4,194,304 bytes. Split the roadmap into several files.\n",
    )


# -- what follows from a file that could not be read, for the causes that cannot be committed


ROADMAP_USING_OWNERS = """roadmap: hq
title: Штаб
owner: abdikarimov
stages:
  - {id: a, title: A, owner: aitymbetov, due: 2026-12-31}
  - {id: b, title: B, owner: abdikarimv, due: 2027-03-31, depends_on: [a, other/x]}
"""


def unchecked_owners(cause: str) -> str:
    return (
        f"roadmap.yaml:3:1: warning[unchecked-references]: 3 'owner' values ('abdikarimov', "
        f"'aitymbetov', 'abdikarimv') could not be checked because {cause}; fix that first: "
        "they may well be right.\n"
    )


def unchecked_reference(cause: str) -> str:
    return (
        "roadmap.yaml:6:75: warning[unchecked-references]: 1 'depends_on' entry ('other/x') "
        f"could not be checked because {cause}; fix that first: it may well be right.\n"
    )


def test_owners_in_a_fifo_are_unchecked_not_unknown(tmp_path: Path) -> None:
    """owners.yaml that is a FIFO (special-file): what it would define is unknown, so the
    owners of roadmap.yaml and its reference into a roadmap that did not load are unchecked
    (one warning each), not reported as unknown."""
    os.mkfifo(tmp_path / "owners.yaml")
    (tmp_path / "roadmap.yaml").write_text(ROADMAP_USING_OWNERS, encoding="utf-8")
    done = check_in_a_process(tmp_path)
    cause = "owners.yaml could not be read (special-file)"
    assert (done.returncode, done.stdout, done.stderr) == (
        1,
        f"owners.yaml:0:0: error[special-file]: this is a named pipe (FIFO), {SPECIAL_FILE}\n"
        + unchecked_owners(cause)
        + unchecked_reference(cause),
        "1 error, 2 warnings in 2 files\n",
    )


def test_owners_in_a_file_too_large_are_unchecked_not_unknown(tmp_path: Path) -> None:
    """An owners.yaml over the size limit is not read at all: the same two warnings, naming
    file-too-large; with the file back under the limit, the typo 'abdikarimv' and the
    reference into the missing roadmap are errors again."""
    (tmp_path / "roadmap.yaml").write_text(ROADMAP_USING_OWNERS, encoding="utf-8")
    owners = tmp_path / "owners.yaml"
    owners.write_text(OWNERS_YAML + "#" * MAX_FILE_BYTES, encoding="utf-8")
    done = check_in_a_process(tmp_path)
    cause = "owners.yaml could not be read (file-too-large)"
    assert done.returncode == 1
    assert done.stdout.splitlines(keepends=True)[1:] == [
        unchecked_owners(cause),
        unchecked_reference(cause),
    ]
    owners.write_text(OWNERS_YAML, encoding="utf-8")
    done = check_in_a_process(tmp_path)
    assert [line.split(": ", 2)[1] for line in done.stdout.splitlines()] == [
        "error[unknown-owner]",
        "error[unknown-dependency]",
    ]


def test_a_version_too_large_in_history_leaves_its_references_unchecked(
    cli: Cli, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check --as-of` a commit where owners.yaml was over the size limit: that version is not
    read (file-too-large, naming the commit), and the owners using it are unchecked, not
    unknown, as for the same file on disk."""
    git_repo.write("roadmaps/roadmap.yaml", ROADMAP_USING_OWNERS)
    git_repo.write("roadmaps/owners.yaml", OWNERS_YAML + "#" * MAX_FILE_BYTES)
    commit = git_repo.commit("owners with a pasted dump")  # on 2026-11-26 (pinned)
    git_repo.write("roadmaps/owners.yaml", OWNERS_YAML)  # fixed on disk, not in that commit
    monkeypatch.chdir(git_repo.root)
    result = cli("check", "--as-of", TODAY)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[0].startswith(
        f"roadmaps/owners.yaml:0:0: error[file-too-large]: at commit {commit[:7]} the file is "
    )
    assert result.stdout.splitlines()[1:] == [
        line.replace("roadmap.yaml", "roadmaps/roadmap.yaml")
        for line in (
            unchecked_owners("roadmaps/owners.yaml could not be read (file-too-large)")
            + unchecked_reference("roadmaps/owners.yaml could not be read (file-too-large)")
        ).splitlines()
    ]


def test_references_are_checked_again_once_the_file_is_fixed(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's tab in infrastructure.yaml: fixing the tab (the only edit the warning asks
    for) leaves a clean check; the five references it could not check were right."""
    case = INVALID / "issue-tab-in-bundled-infrastructure"
    for path in yaml_files(case):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    infrastructure = tmp_path / "infrastructure.yaml"
    infrastructure.write_bytes(infrastructure.read_bytes().replace(b"\towner:", b"    owner:"))
    result = run_check(cli, tmp_path, monkeypatch)
    assert (result.exit_code, result.stdout) == (0, "")


# -- the valid corpus ----------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def describe_item(item: Item) -> dict[str, Any]:
    """An item as plain data, in the vocabulary of expected.json."""
    return {
        "title": item.title,
        "owner": item.owner,
        "start": _iso(item.start),
        "due": _iso(item.due),
        "baseline": _iso(item.baseline),
        "done": _iso(item.done),
        "status": item.status.value if item.status else None,
        "depends_on": [reference.ref for reference in item.depends_on],
        "note": item.note,
        "parent": item.parent.ref if item.parent else None,
        "tasks": [task.id for task in item.tasks],
        "position": f"{item.position.path}:{item.position.line}:{item.position.column}",
        "origin": describe_origin(item),
    }


def describe_origin(item: Item) -> dict[str, Any] | None:
    """Where a protocol point comes from (None for a roadmap item), as plain data."""
    origin = item.origin
    if origin is None:
        return None
    off = origin.off_control
    return {
        "number": origin.number,
        "date": origin.date.isoformat(),
        "point": origin.point,
        "acts_on": [reference.ref for reference in origin.acts_on],
        "evidence": origin.evidence,
        "off_control": None
        if off is None
        else {
            "by": off.by.ref,
            "reason": off.reason,
            "position": f"{off.position.path}:{off.position.line}:{off.position.column}",
        },
    }


def describe_roadmap(roadmap: Roadmap) -> dict[str, Any]:
    return {
        "title": roadmap.title,
        "owner": roadmap.owner,
        "approved": _iso(roadmap.approved),
        "position": f"{roadmap.position.path}:{roadmap.position.line}:{roadmap.position.column}",
    }


def describe_owner(owner: Owner) -> dict[str, Any]:
    return {
        "name": owner.name,
        "role": owner.role,
        "org": owner.org,
        "email": owner.email,
        "phone": owner.phone,
        "position": f"{owner.position.path}:{owner.position.line}:{owner.position.column}",
    }


def only(fields: dict[str, Any], described: dict[str, Any]) -> dict[str, Any]:
    return {key: described[key] for key in fields}


def test_valid_corpus_has_the_documented_cases() -> None:
    """The valid corpus covers notations, encodings, layouts and languages named in the spec."""
    assert {path.name for path in VALID_CASES} == {
        "bom",
        "crlf",
        "cross-roadmap-dependencies",
        "date-notations",
        "deep-tasks",
        "empty-optional-values",
        "flow-style",
        "kazakh-russian-text",
        "owners-only",
        "protocols",
        "yaml11-words-stay-text",
    }


@pytest.mark.parametrize("folder", VALID_CASES, ids=lambda path: path.name)
def test_valid_case_is_clean_even_with_strict(
    cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A valid case prints no problem and exits 0 under --strict."""
    result = run_check(cli, folder, monkeypatch, "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert summary_counts(result.stderr) == (0, 0, len(yaml_files(folder)))


@pytest.mark.parametrize("folder", VALID_CASES, ids=lambda path: path.name)
def test_valid_case_loads_the_expected_values(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading a valid case gives exactly the roadmaps, owners and item values in expected.json."""
    monkeypatch.chdir(folder)
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    result = load_roadmaps(list_roadmap_files([folder]))
    assert result.problems == []
    portfolio = result.portfolio
    roadmaps = {roadmap.id: roadmap for roadmap in portfolio.roadmaps}
    assert roadmaps.keys() == expected["roadmaps"].keys()
    for roadmap_id, fields in expected["roadmaps"].items():
        assert only(fields, describe_roadmap(roadmaps[roadmap_id])) == fields, roadmap_id
    assert portfolio.owners.keys() == expected["owners"].keys()
    for owner_id, fields in expected["owners"].items():
        assert only(fields, describe_owner(portfolio.owners[owner_id])) == fields, owner_id
    assert len(portfolio.items) == expected["item_count"]
    for ref, fields in expected["items"].items():
        assert only(fields, describe_item(portfolio.items_by_ref[ref])) == fields, ref
