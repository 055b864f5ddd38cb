"""The cache of what each version of a roadmap file reads as (sezctl/history/versions.py):
with it, without it, cold, warm or damaged, the history commands print exactly the same, on
real git repositories; a warm walk parses nothing and reads no blob; the cache lives in the
git folder shared by worktrees and never makes a command fail."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sezctl.core import cachefile
from sezctl.core.i18n import M, Message, Mn
from sezctl.core.problems import Problem
from sezctl.history import changes, git, versions
from sezctl.history.changes import HistorySource, walk_history
from sezctl.history.versions import (
    CACHE_FILE,
    CACHE_FOLDER,
    ItemFacts,
    Version,
    VersionCache,
)
from tests.conftest import Cli, GitRepo
from tests.helpers import commit_at, edit

TODAY = "2026-11-26"
SECOND = """\
roadmap: second
title: Second
stages:
  - id: a
    title: Stage A
    owner: hq
    due: 2026-12-10
  - id: b
    title: Stage B
    owner: hq
    due: 2026-12-20
"""
BIG = 5 * 1024 * 1024  # over the loader's 4 MiB limit


@pytest.fixture
def cache_repo(
    history_repo: tuple[GitRepo, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> tuple[GitRepo, dict[str, str]]:
    """history_repo (c1-c5: a move, a completion and a reassignment, a broken version, a fix)
    and three more commits: c6 edits two files at once (a second roadmap is added, the fence
    moves); c7 reorders the second roadmap and moves B, copies the broken version of c4 to
    another name and makes plan.yaml 5 MB; c8 deletes the copy and restores plan.yaml with
    the grid moved again.  No cache is left behind by building it."""
    repo, ids = history_repo
    plan = repo.root / "roadmaps/plan.yaml"
    repo.write("roadmaps/second.yaml", SECOND)
    edit(repo, "due: 2027-03-01", "due: 2027-04-01")
    ids["c6"] = commit_at(repo, monkeypatch, "2026-11-25", "Second roadmap; fence", "Aliya")
    reordered = SECOND.replace("  - id: a\n", "  - id: c\n", 1)
    a_block, b_block = reordered.split("  - id: b\n")
    head, a_block = a_block.split("stages:\n")
    reordered = (
        head
        + "stages:\n  - id: b\n"
        + b_block.replace("2026-12-20", "2027-01-15")
        + a_block.replace("  - id: c\n", "  - id: a\n")
    )
    (repo.root / "roadmaps/second.yaml").write_text(reordered, encoding="utf-8")
    broken = repo.git("show", f"{ids['c4']}:roadmaps/plan.yaml")
    (repo.root / "roadmaps/copy.yaml").write_text(broken, encoding="utf-8")
    good = plan.read_bytes()
    plan.write_bytes(good + b"#" * (BIG - len(good)))
    ids["c7"] = commit_at(repo, monkeypatch, TODAY, "Reordered; a copy; a dump", "Eve")
    (repo.root / "roadmaps/copy.yaml").unlink()
    plan.write_bytes(good.replace(b"2026-11-15", b"2026-12-01"))
    ids["c8"] = commit_at(repo, monkeypatch, TODAY, "Restored; grid moved", "Aliya")
    return repo, ids


def cache_path(repo: GitRepo) -> Path:
    return repo.root / ".git" / CACHE_FOLDER / CACHE_FILE


def commands(ids: dict[str, str]) -> list[tuple[str, ...]]:
    """The history commands compared: one item's history, diffs from two revisions and from a
    week ago to the work tree, two meeting packs, baselines at a good and a broken version."""
    return [
        ("history", "grid"),
        ("history", "demo/fence", "--format", "json"),
        ("history", "second/b", "--format", "json"),
        ("diff", ids["c1"], "HEAD", "--format", "json"),
        ("diff", ids["c2"], ids["c7"], "--format", "markdown"),
        ("diff", "--today", TODAY),
        ("report", "--format", "json", "--today", TODAY, "--weeks", "3"),
        ("report", "--today", TODAY, "--since", ids["c2"]),
        ("status", "--all", "--baseline", ids["c1"], "--format", "json", "--today", TODAY),
        ("status", "--baseline", ids["c4"], "--today", TODAY),
    ]


Output = tuple[int, str, str]


def run(cli: Cli, args: tuple[str, ...], cache: bool = True) -> Output:
    result = cli(*args, env={"SEZCTL_CACHE": None if cache else "0"})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the file versions parsed through the loader, in order."""
    parsed: list[str] = []
    real = changes.read_version

    def counting(path: Path, data: bytes) -> Version:
        parsed.append(path.as_posix())
        return real(path, data)

    monkeypatch.setattr(changes, "read_version", counting)
    return parsed


# -- the same output, whatever the cache holds -------------------------------------------------


def rewrite_body(file: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Edit the cache's body and write it back with a header that matches it, so only the
    edited entry can surprise the reader."""
    data = file.read_bytes()
    end = data.index(b"\n")
    header, body = json.loads(data[:end]), json.loads(data[end + 1 :])
    change(body)
    raw = json.dumps(body, separators=(",", ":")).encode()
    header.update(bytes=len(raw), blake2b=hashlib.blake2b(raw, digest_size=16).hexdigest())
    file.write_bytes(json.dumps(header).encode() + b"\n" + raw)


def rewrite_header(file: Path, **fields: object) -> None:
    data = file.read_bytes()
    end = data.index(b"\n")
    header = json.loads(data[:end])
    header.update(fields)
    file.write_bytes(json.dumps(header).encode() + data[end:])


def bad_date(body: dict[str, Any]) -> None:
    body["facts"][0][3] = "2026-01-01"


def bad_record_number(body: dict[str, Any]) -> None:
    blob = next(blob for blob, entry in body["versions"].items() if isinstance(entry, str))
    body["versions"][blob] = "/////w=="  # record 4294967295


DAMAGE: dict[str, Callable[[Path], None]] = {
    "garbage bytes": lambda file: file.write_bytes(bytes(range(256)) * 40),
    "a truncated file": lambda file: file.write_bytes(
        file.read_bytes()[: file.stat().st_size // 2]
    ),
    "an empty file": lambda file: file.write_bytes(b""),
    "a file from another version": lambda file: rewrite_header(file, version=0),
    "a file made by other code": lambda file: rewrite_header(file, code="0" * 32),
    "a header that lies about the body": lambda file: rewrite_header(file, bytes=1),
    "a record with a text for a date": lambda file: rewrite_body(file, bad_date),
    "a version naming a record that does not exist": lambda file: rewrite_body(
        file, bad_record_number
    ),
    "a folder where the file is": lambda file: (file.unlink(), file.mkdir()),
}


def test_every_history_command_prints_the_same_with_no_cold_warm_or_damaged_cache(
    cli: Cli, cache_repo: tuple[GitRepo, dict[str, str]], parses: list[str]
) -> None:
    """history, diff, report and status --baseline: exit code, stdout and stderr are the same
    with the cache off (the reference), cold (deleted before each command), warm, and after
    each kind of damage (which is ignored, and replaced by a valid file)."""
    repo, ids = cache_repo
    file = cache_path(repo)
    reference = {args: run(cli, args, cache=False) for args in commands(ids)}
    assert not (repo.root / ".git" / CACHE_FOLDER).exists(), "SEZCTL_CACHE=0 wrote a cache"
    assert reference[("history", "grid")][2].count("warning[file-too-large]") == 1
    assert reference[("history", "grid")][2].count("warning[history-file-skipped]") == 2

    for args in commands(ids):
        shutil.rmtree(file.parent, ignore_errors=True)
        assert run(cli, args) == reference[args], ("cold", args)
    for args in commands(ids):
        assert run(cli, args) == reference[args], ("warm", args)
    warm = file.read_bytes()
    for damage, make in DAMAGE.items():
        for args in commands(ids):
            shutil.rmtree(file, ignore_errors=True)
            file.write_bytes(warm)
            make(file)
            assert run(cli, args) == reference[args], (damage, args)
            if file.is_file():  # replaced by a valid cache (a folder cannot be)
                assert VersionCache.open(file.parent.parent).version_count() > 0, (damage, args)


def test_a_warm_walk_parses_nothing_and_reads_no_blob(
    cache_repo: tuple[GitRepo, dict[str, str]],
    parses: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Cold, the walk parses each version once (the broken copy again under its own name, the
    5 MB one never) and runs git as before; warm, it parses none and runs only the rev-parse
    and the log; one commit later it parses the one new version."""
    repo, _ = cache_repo
    calls: list[list[str]] = []
    real_popen = subprocess.Popen

    def counting_popen(args: list[str], *more: Any, **kwargs: Any) -> Any:
        calls.append(args[3:5])
        return real_popen(args, *more, **kwargs)

    monkeypatch.setattr(git.subprocess, "Popen", counting_popen)
    cold = walk_history(HistorySource.for_paths([Path("roadmaps")]), "HEAD")
    assert parses == [
        "roadmaps/plan.yaml",  # c1
        "roadmaps/plan.yaml",  # c2
        "roadmaps/plan.yaml",  # c3
        "roadmaps/plan.yaml",  # c4, broken
        "roadmaps/plan.yaml",  # c5
        "roadmaps/plan.yaml",  # c6
        "roadmaps/second.yaml",  # c6
        "roadmaps/copy.yaml",  # c7: c4's broken blob, under another name
        "roadmaps/second.yaml",  # c7
        "roadmaps/plan.yaml",  # c8
    ]
    assert calls[1:] == [
        ["rev-parse", "--git-path"],
        ["log", "--reverse"],
        ["cat-file", "--batch-check"],
        ["cat-file", "--batch"],
    ]
    parses.clear()
    calls.clear()
    warm = walk_history(HistorySource.for_paths([Path("roadmaps")]), "HEAD")
    assert parses == []
    assert calls[1:] == [["rev-parse", "--git-path"], ["log", "--reverse"]]
    assert (warm.changes, warm.problems, warm.commits) == (
        cold.changes,
        cold.problems,
        cold.commits,
    )
    assert warm.final.merged() == cold.final.merged()

    edit(repo, "due: 2026-12-01", "due: 2026-12-24")
    commit_at(repo, monkeypatch, TODAY, "Grid again", "Aliya")
    walk_history(HistorySource.for_paths([Path("roadmaps")]), "HEAD")
    assert parses == ["roadmaps/plan.yaml"]


def test_the_cache_is_shared_by_worktrees_and_follows_a_separate_git_folder(
    cli: Cli, cache_repo: tuple[GitRepo, dict[str, str]], parses: list[str], tmp_path: Path
) -> None:
    """A walk in a linked worktree keeps its cache in the main repository's git folder, which
    the main work tree then uses warm; a repository whose git folder is elsewhere (a .git
    file, as `git init --separate-git-dir` makes) keeps it there."""
    repo, ids = cache_repo
    worktree = tmp_path / "linked"
    repo.git("worktree", "add", "--quiet", str(worktree), ids["c8"])
    os.chdir(worktree)
    expected = run(cli, ("history", "grid"), cache=False)
    parses.clear()
    assert run(cli, ("history", "grid")) == expected
    assert len(parses) == 10
    assert cache_path(repo).is_file()
    assert not (repo.root / ".git" / "worktrees" / "linked" / CACHE_FOLDER).exists()
    os.chdir(repo.root)
    parses.clear()
    assert run(cli, ("history", "grid")) == expected
    assert parses == []

    store = tmp_path / "store.git"
    repo.git("worktree", "remove", "--force", str(worktree))
    shutil.rmtree(repo.root / ".git" / CACHE_FOLDER)
    (repo.root / ".git").rename(store)
    (repo.root / ".git").write_text(f"gitdir: {store}\n", encoding="utf-8")
    assert run(cli, ("history", "grid")) == expected
    assert (store / CACHE_FOLDER / CACHE_FILE).is_file()


# -- never a reason to fail --------------------------------------------------------------------


def test_a_full_disk_or_an_unwritable_folder_leaves_the_cache_unwritten(
    cli: Cli,
    cache_repo: tuple[GitRepo, dict[str, str]],
    parses: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When the write fails (ENOSPC at the rename) or the cache folder cannot be made (a file
    has its name), every command prints what it prints without a cache, no temporary file is
    left, and the next run simply parses again."""
    repo, ids = cache_repo
    file = cache_path(repo)
    expected = {args: run(cli, args, cache=False) for args in commands(ids)}

    def full_disk(source: object, target: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(versions.os, "replace", full_disk)
        for args in commands(ids):
            assert run(cli, args) == expected[args], ("full disk", args)
    assert os.listdir(file.parent) == []
    file.parent.rmdir()
    file.parent.write_bytes(b"not a folder")
    parses.clear()
    for args in commands(ids):
        assert run(cli, args) == expected[args], ("unwritable", args)
    assert file.parent.read_bytes() == b"not a folder"
    assert parses.count("roadmaps/second.yaml") >= 2 * 3  # every walk parsed again


def test_a_fifo_or_a_link_to_a_device_in_place_of_the_cache_is_not_read(
    cache_repo: tuple[GitRepo, dict[str, str]],
) -> None:
    """A FIFO at the cache's path (nobody will write to it) or a link to /dev/zero: the
    command neither waits nor reads, and replaces it with the cache (a real process, with a
    time limit)."""
    repo, _ = cache_repo
    file = cache_path(repo)
    file.parent.mkdir()
    for plant in (lambda: os.mkfifo(file), lambda: file.symlink_to("/dev/zero")):
        plant()
        env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
        done = subprocess.run(
            [sys.executable, "-m", "sezctl", "history", "grid", "--format", "json"],
            cwd=repo.root, env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["ref"] == "demo/grid"
        assert file.is_file() and not file.is_symlink()
        file.unlink()


def test_sezctl_cache_0_reads_and_writes_nothing(
    cli: Cli, cache_repo: tuple[GitRepo, dict[str, str]], parses: list[str]
) -> None:
    """With SEZCTL_CACHE=0 a warm cache is not read (every version is parsed) nor written."""
    repo, _ = cache_repo
    run(cli, ("history", "grid"))
    before = cache_path(repo).read_bytes()
    parses.clear()
    for switch in ("0", "off", "No", "FALSE"):
        result = cli("history", "grid", env={"SEZCTL_CACHE": switch})
        assert result.exit_code == 0, result.output
    assert len(parses) == 4 * 10
    assert cache_path(repo).read_bytes() == before


# -- the cache itself --------------------------------------------------------------------------


def facts(ref: str, due: date, title: str = "T") -> ItemFacts:
    return ItemFacts(ref, title, "hq", due, "planned", None, None)


def test_equal_facts_are_one_object_and_survive_a_round_trip(tmp_path: Path) -> None:
    """Two versions that share an item share its facts object; written and read back, every
    version gives equal facts, in the same order, still shared, dates and all."""
    file = tmp_path / CACHE_FOLDER / CACHE_FILE
    cache = VersionCache(file, "code")
    a, b = facts("x/a", date(2026, 1, 1)), facts("x/b", date(2026, 2, 1), title="Б «қ» \ud800")
    done = ItemFacts("x/c", "C", "hq", date(1, 1, 1), "done", date(9999, 12, 31), date(2026, 3, 1))
    first = cache.add("1" * 40, Version((a, b, done)))
    second = cache.add("2" * 40, Version((facts("x/a", date(2026, 1, 1)), facts("x/b", date.max))))
    assert first.records is not None and second.records is not None
    assert second.records[0] is first.records[0]
    cache.save()
    again = VersionCache.load(file, "code")
    read_first, read_second = again.version("1" * 40, "any"), again.version("2" * 40, "x")
    assert read_first is not None and read_second is not None
    assert read_first.records == (a, b, done)
    assert list(read_first.state) == ["x/a", "x/b", "x/c"]
    assert read_second.records == (a, facts("x/b", date.max))
    assert read_second.records is not None and read_first.records is not None
    assert read_second.records[0] is read_first.records[0]
    assert again.version("3" * 40, "x") is None


@pytest.mark.parametrize("part", [1, 2, 3, 4096])
def test_the_body_written_in_parts_is_the_compact_json_of_the_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part: int
) -> None:
    """Written a few entries at a time (to keep a second copy of a large cache out of memory),
    the file is a header line and ``json.dumps(payload, separators=(",", ":"))`` byte for byte,
    whose length and digest the header gives; and it reads back."""
    monkeypatch.setattr(versions, "_PART_ENTRIES", part)
    file = tmp_path / CACHE_FOLDER / CACHE_FILE
    cache = VersionCache(file, "code")
    for number in range(5):
        day = date(2026, 1, 1 + number)
        cache.add(str(number) * 40, Version((facts(f"x/{number}", day), facts("x/z", day))))
    cache.save()
    data = file.read_bytes()
    end = data.index(b"\n")
    header, body = json.loads(data[:end]), data[end + 1 :]
    payload = json.loads(body)
    assert len(payload["facts"]) == 10 and len(payload["versions"]) == 5
    assert body == json.dumps(payload, separators=(",", ":")).encode()
    assert header["bytes"] == len(body)
    assert header["blake2b"] == hashlib.blake2b(body, digest_size=16).hexdigest()
    again = VersionCache.load(file, "code").version("4" * 40, "x")
    assert again is not None and again.records == (
        facts("x/4", date(2026, 1, 5)),
        facts("x/z", date(2026, 1, 5)),
    )


def test_a_version_that_does_not_load_is_kept_with_its_name_and_its_message(
    tmp_path: Path,
) -> None:
    """The first error is kept with the name the version was shown under (another name is a
    miss); a message shown in the run's language comes back as the same Message (template,
    plural, arguments, nested messages), a size as a size; a message holding something JSON
    cannot keep is not written."""
    file = tmp_path / CACHE_FILE
    cache = VersionCache(file, "code")
    nested = M("unknown owner {owner!r}{hint}", owner="aliya", hint=M("; did you mean {x}?", x="a"))
    counted = Mn("{count} day late", "{count} days late", 3, flag=True, ratio=0.5, none=None)
    cache.add("1" * 40, Version(error=Problem("roadmaps/a.yaml", 3, 5, "bad-owner", nested)))
    cache.add("2" * 40, Version(error=Problem("roadmaps/b.yaml", 1, 1, "x", counted)))
    cache.add("3" * 40, Version(error=Problem("roadmaps/c.yaml", 1, 1, "x", "plain text")))
    cache.add("4" * 40, Version(size=5_000_000))
    cache.add("5" * 40, Version(error=Problem("roadmaps/e.yaml", 1, 1, "x", M("{d}", d=date.max))))
    cache.save()
    again = VersionCache.load(file, "code")
    assert again.version("1" * 40, "roadmaps/other.yaml") is None
    kept = again.version("1" * 40, "roadmaps/a.yaml")
    assert kept is not None and kept.error is not None
    assert kept.error == Problem("roadmaps/a.yaml", 3, 5, "bad-owner", nested)
    message = kept.error.message
    assert isinstance(message, Message) and message.template == nested.template
    assert message.args["owner"] == "aliya" and isinstance(message.args["hint"], Message)
    assert message.args["hint"].args == {"x": "a"}
    plural = again.version("2" * 40, "roadmaps/b.yaml")
    assert plural is not None and plural.error is not None
    assert isinstance(plural.error.message, Message)
    assert (plural.error.message, plural.error.message.args) == (counted, counted.args)
    plain = again.version("3" * 40, "roadmaps/c.yaml")
    assert plain is not None and plain.error is not None
    assert type(plain.error.message) is str and plain.error.message == "plain text"
    size = again.version("4" * 40, "whatever")
    assert size is not None and (size.size, size.records, size.error) == (5_000_000, None, None)
    assert again.version("5" * 40, "roadmaps/e.yaml") is None


@pytest.mark.parametrize(
    "template",
    ["{x.__class__}", "{x[0]}", "{x:>999999999}", "{x:{y}}", "{0}", "{x!z}", "{"],
)
def test_a_planted_message_template_that_could_do_more_than_fill_in_names_is_a_surprise(
    tmp_path: Path, template: str
) -> None:
    """A template in the file could reach attributes, indexes or a huge width through
    str.format: it is refused, and the cache starts again empty."""
    file = tmp_path / CACHE_FILE
    cache = VersionCache(file, "code")
    cache.add("1" * 40, Version(error=Problem("a.yaml", 1, 1, "x", M("{x}", x="a", y="b"))))
    cache.add("2" * 40, Version(size=5_000_000))
    cache.save()
    rewrite_body(
        file,
        lambda body: body["versions"]["1" * 40]["error"]["a.yaml"][3]["message"].__setitem__(
            0, template
        ),
    )
    again = VersionCache.load(file, "code")
    assert again.version("1" * 40, "a.yaml") is None
    assert again.version("2" * 40, "a.yaml") is None  # emptied


def test_a_cache_over_its_size_limit_starts_again_with_the_versions_of_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past MAX_CACHE_BYTES the file keeps only what the writing run used or read; when even
    that is too large, nothing is written."""
    file = tmp_path / CACHE_FILE
    old = VersionCache(file, "code")
    for number in range(50):
        old.add(f"{number:040d}", Version((facts(f"x/i{number}", date(2026, 1, 1)),)))
    old.save()
    monkeypatch.setattr(versions, "MAX_CACHE_BYTES", file.stat().st_size)
    run = VersionCache.load(file, "code")
    assert run.version_count() == 50
    assert run.version(f"{7:040d}", "x") is not None
    run.add("f" * 40, Version((facts("x/new", date(2026, 1, 2)),)))
    run.save()
    final = VersionCache.load(file, "code")
    assert final.version_count() == 2
    monkeypatch.setattr(versions, "MAX_CACHE_BYTES", 10)
    final.add("e" * 40, Version(size=5_000_000))
    final.save()
    monkeypatch.setattr(versions, "MAX_CACHE_BYTES", 64 << 20)
    assert VersionCache.load(file, "code").version_count() == 2  # unchanged


def test_temporaries_of_killed_writers_are_removed_once_old(tmp_path: Path) -> None:
    """A write removes the temporary files an interrupted writer left beside the cache an hour
    ago or more; a fresh one (a writer at work) stays."""
    folder = tmp_path / CACHE_FOLDER
    folder.mkdir()
    old = folder / f".{CACHE_FILE}.123.0badf00d.tmp"
    fresh = folder / f".{CACHE_FILE}.456.0badf00d.tmp"
    other = folder / "notes.tmp"
    for path in (old, fresh, other):
        path.write_bytes(b"x")
    hours_ago = time.time() - 2 * cachefile.STALE_TEMPORARY_SECONDS
    os.utime(old, (hours_ago, hours_ago))
    os.utime(other, (hours_ago, hours_ago))
    cache = VersionCache(folder / CACHE_FILE, "code")
    cache.add("1" * 40, Version(size=5_000_000))
    cache.save()
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [CACHE_FILE, fresh.name, other.name]
    )


def test_the_key_holds_the_code_that_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fingerprint changes with the loader's source, the cache format and PyYAML's version;
    it is the same at every run of the same code."""
    import yaml

    first = versions.code_fingerprint()
    assert first is not None and first == versions.code_fingerprint()
    monkeypatch.setattr(versions, "CACHE_VERSION", versions.CACHE_VERSION + 1)
    assert versions.code_fingerprint() not in (None, first)
    monkeypatch.undo()
    monkeypatch.setattr(yaml, "__version__", "0.0")
    assert versions.code_fingerprint() not in (None, first)
    monkeypatch.undo()
    real = Path.read_bytes

    def edited(path: Path) -> bytes:
        data = real(path)
        return data + b"# edited" if path.name == "convert.py" else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert versions.code_fingerprint() not in (None, first)


@pytest.fixture(autouse=True)
def no_cache_switch(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """These tests turn the cache off only where they say so."""
    monkeypatch.delenv("SEZCTL_CACHE", raising=False)
    yield
