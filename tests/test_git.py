"""sezctl.history.git, the one module that runs git: argument lists, NUL-separated output, files
read at a revision in bulk, and clear errors; always against real `git init` repositories."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sezctl.history import git
from tests.conftest import GitRepo


def files_at(repo: GitRepo, commit: str, pathspecs: list[str]) -> dict[str, bytes]:
    """The files under ``pathspecs`` at ``commit``, all read (a limit none of them reaches)."""
    contents = git.read_files_at(repo.root, commit, pathspecs, max_bytes=1 << 20)
    assert contents.too_large == {}
    return contents.data


def test_read_files_at_reads_every_file_under_a_folder_at_a_revision(git_repo: GitRepo) -> None:
    """Files as they were at the revision, keyed by path from the root; later edits, new
    files and files outside the folder do not appear."""
    git_repo.write("roadmaps/plan.yaml", "roadmap: old\n")
    git_repo.write("roadmaps/sub/owners.yaml", "owners: {}\n")
    git_repo.write("notes.txt", "outside\n")
    first = git_repo.commit("first")
    git_repo.write("roadmaps/plan.yaml", "roadmap: new\n")
    git_repo.write("roadmaps/added.yaml", "roadmap: added\n")
    git_repo.commit("second")
    files = files_at(git_repo, first, ["roadmaps"])
    assert files == {
        "roadmaps/plan.yaml": b"roadmap: old\n",
        "roadmaps/sub/owners.yaml": b"owners: {}\n",
    }
    assert files_at(git_repo, "HEAD~1", ["roadmaps/plan.yaml"]) == {
        "roadmaps/plan.yaml": b"roadmap: old\n"
    }


def test_odd_file_names_and_binary_contents_survive(git_repo: GitRepo) -> None:
    """Names with spaces, a line break, Cyrillic letters; contents with NUL bytes, CRLF, a BOM
    and no final newline: NUL-separated output and sized reads keep them exact."""
    names = ["roadmaps/жол картасы.yaml", "roadmaps/with space.yaml", "roadmaps/line\nbreak.yaml"]
    contents = [b"\xef\xbb\xbfroadmap: a\r\n", b"a\x00b\n\n", b"no newline"]
    for name, data in zip(names, contents, strict=True):
        path = git_repo.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    git_repo.commit("odd names")
    assert files_at(git_repo, "HEAD", ["roadmaps"]) == dict(zip(names, contents, strict=True))


def test_identical_files_are_read_once_and_empty_files_read_as_empty(git_repo: GitRepo) -> None:
    """Two files with the same content share a blob; an empty file is b''."""
    git_repo.write("roadmaps/a.yaml", "same\n")
    git_repo.write("roadmaps/b.yaml", "same\n")
    (git_repo.root / "roadmaps" / "empty.yaml").write_bytes(b"")
    git_repo.commit("blobs")
    assert files_at(git_repo, "HEAD", ["roadmaps"]) == {
        "roadmaps/a.yaml": b"same\n",
        "roadmaps/b.yaml": b"same\n",
        "roadmaps/empty.yaml": b"",
    }


def test_symbolic_links_are_not_read_as_files(git_repo: GitRepo) -> None:
    """A committed symlink is its target's name, not a roadmap: it is left out."""
    git_repo.write("roadmaps/real.yaml", "roadmap: r\n")
    (git_repo.root / "roadmaps" / "link.yaml").symlink_to("real.yaml")
    git_repo.commit("link")
    assert list(files_at(git_repo, "HEAD", ["roadmaps"])) == ["roadmaps/real.yaml"]


def test_a_folder_missing_at_the_revision_gives_no_files(git_repo: GitRepo) -> None:
    """Nothing under the path at that revision is not an error: everything is new since."""
    git_repo.write("README.md", "x\n")
    git_repo.commit("no roadmaps yet")
    assert files_at(git_repo, "HEAD", ["roadmaps"]) == {}


@pytest.mark.parametrize("revision", ["-h", "--output=/tmp/x", "", " ", "main\nHEAD"])
def test_revisions_that_git_could_read_as_options_are_refused(
    git_repo: GitRepo, revision: str
) -> None:
    """A revision starting with '-' (or empty, or with a line break) never reaches git."""
    with pytest.raises(git.GitError, match=r"revision|empty"):
        git.resolve_revision(git_repo.root, revision)


def test_unknown_revision_says_so_and_hints_at_shallow_clones(git_repo: GitRepo) -> None:
    """An unknown branch is a GitError (exit 2) naming it, with the CI fetch-depth hint."""
    git_repo.write("a.yaml", "x\n")
    git_repo.commit("one")
    with pytest.raises(git.GitError) as caught:
        git.resolve_revision(git_repo.root, "origin/nope")
    assert "unknown revision 'origin/nope'" in str(caught.value)
    assert "fetch-depth: 0" in str(caught.value)


def test_a_revision_naming_a_blob_is_not_a_commit(git_repo: GitRepo) -> None:
    """`HEAD:a.yaml` names a file, not a commit: refused as an unknown revision."""
    git_repo.write("a.yaml", "x\n")
    git_repo.commit("one")
    with pytest.raises(git.GitError, match="unknown revision"):
        git.resolve_revision(git_repo.root, "HEAD:a.yaml")


def test_resolve_revision_gives_the_full_commit_id(git_repo: GitRepo) -> None:
    """Branches, tags and abbreviated ids resolve to the 40-hex commit id."""
    git_repo.write("a.yaml", "x\n")
    commit = git_repo.commit("one")
    git_repo.git("tag", "plan-approved")
    for name in ("main", "plan-approved", commit[:8], "HEAD"):
        assert git.resolve_revision(git_repo.root, name) == commit


def test_outside_a_repository_is_a_clear_error(tmp_path: Path, git_repo: GitRepo) -> None:
    """A folder that is not in a work tree gives 'not inside a git repository' and which
    option needed one."""
    outside = tmp_path / "plain"
    outside.mkdir()
    with pytest.raises(git.GitError) as caught:
        git.repository_root(outside, "plain", purpose="--base")
    assert str(caught.value) == "plain is not inside a git repository; --base needs one"


def test_missing_git_program_is_a_clear_error(
    git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No git on PATH: GitMissing naming the option that needed it."""
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(git.GitMissing, match="--base needs git"):
        git.resolve_revision(git_repo.root, "HEAD")


def test_read_blobs_reports_a_missing_object(git_repo: GitRepo) -> None:
    """A blob id git does not have is an error, not a silent empty file."""
    git_repo.write("a.yaml", "x\n")
    git_repo.commit("one")
    with pytest.raises(git.GitError, match="missing"):
        git.read_blobs(git_repo.root, ["0" * 40])


def test_paths_with_glob_characters_are_taken_literally(git_repo: GitRepo) -> None:
    """A roadmap named `plan[2026].yaml` or a folder `2026*` is that path to git, never a
    pattern: reading files and history at a revision sees only what was named."""
    git_repo.write("roadmaps/plan[2026].yaml", "roadmap: literal\n")
    git_repo.write("roadmaps/plan2.yaml", "roadmap: matched-by-the-pattern\n")
    git_repo.write("2026*/a.yaml", "roadmap: star\n")
    git_repo.write("2026-q1/b.yaml", "roadmap: matched-by-the-star\n")
    git_repo.commit("files whose names are patterns")
    files = git.read_files_at(git_repo.root, "HEAD", ["roadmaps/plan[2026].yaml", "2026*"], 1000)
    assert files.data == {
        "2026*/a.yaml": b"roadmap: star\n",
        "roadmaps/plan[2026].yaml": b"roadmap: literal\n",
    }
    git_repo.write("roadmaps/plan2.yaml", "roadmap: changed\n")
    git_repo.commit("only the file the pattern would match")
    changes = git.log_changes(git_repo.root, ["roadmaps/plan[2026].yaml"], "HEAD")
    assert [entry.subject for entry in changes] == ["files whose names are patterns"]


# -- what commit authors typed, read within bounds ----------------------------------------------


def fast_import(root: Path, commits: list[tuple[bytes, bytes, bytes, dict[str, bytes]]]) -> None:
    """Append commits to the ``main`` branch of the repository at ``root`` with ``git
    fast-import``, which takes any bytes git can store: each commit is (its author and
    committer line after the name: ``NAME <EMAIL> SECONDS +ZONE``, ..., the message, the files
    it writes)."""
    stream = []
    for author, committer, message, files in commits:
        stream.append(
            b"commit refs/heads/main\n"
            + b"author " + author + b"\n"
            + b"committer " + committer + b"\n"
            + b"data %d\n%s\n" % (len(message), message)
            + b"".join(
                b"M 100644 inline %s\ndata %d\n%s\n" % (name.encode(), len(data), data)
                for name, data in files.items()
            )
        )  # fmt: skip
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)


def test_log_cuts_long_subjects_and_names_and_keeps_fields_apart(git_repo: GitRepo) -> None:
    """A 5 MB subject, a subject of 1,000,000 combining accents (zero columns wide, so git's own
    %<(N,trunc) would not cut it), a 1 MB author name, and the bytes sezctl once split its
    stream at (0x1E, 0x1F) with a terminal escape: each commit is one entry with its own
    file, its subject and name at most 200 and 100 characters, controls shown as U+FFFD."""
    when = b"1795000000 +0500"
    fast_import(
        git_repo.root,
        [
            (b"Ann <a@hq> " + when, b"Ann <a@hq> " + when, b"S" * 5_000_000, {"r/a.yaml": b"1\n"}),
            (
                b"B" * 1_000_000 + b" <b@hq> " + when,
                b"Ann <a@hq> " + when,
                "a\u0301".encode() * 1_000_000,
                {"r/b.yaml": b"2\n"},
            ),
            (
                b"Eve\x1f\x1e <e@hq> " + when,
                b"Ann <a@hq> " + when,
                b"evil\x1e:100644 100644 x y M\x1fr/z.yaml\x1b[2J tail",
                {"r/c.yaml": b"3\n"},
            ),
        ],
    )
    entries = git.log_changes(git_repo.root, ["r"], "main")
    assert [(e.author, e.subject, [c.path for c in e.changes]) for e in entries] == [
        ("Ann", "S" * 199 + "…", ["r/a.yaml"]),
        ("B" * 99 + "…", ("a\u0301" * 100)[:199] + "…", ["r/b.yaml"]),
        (
            "Eve\ufffd\ufffd",
            "evil\ufffd:100644 100644 x y M\ufffdr/z.yaml\ufffd[2J tail",
            ["r/c.yaml"],
        ),
    ]
    assert {e.date for e in entries} == {"2026-11-18T16:06:40+05:00"}
    assert {e.committed for e in entries} == {1_795_000_000}


def test_log_reads_dates_git_cannot_print_as_1970(git_repo: GitRepo) -> None:
    """A commit whose date git cannot represent (git prints its placeholder, `%aI`, instead)
    reads as 1970-01-01, as `git log` shows it, never as text that breaks date arithmetic."""
    git_repo.write("r/a.yaml", "x\n")
    parent = git_repo.commit("first")
    git_repo.write("r/a.yaml", "y\n")
    tree = git_repo.git("rev-parse", git_repo.commit("to be replaced") + "^{tree}").strip()
    raw = (
        f"tree {tree}\nparent {parent}\nauthor A <a@hq> soon +0500\n"
        f"committer A <a@hq> soon +0500\n\nBroken date\n"
    )
    broken = subprocess.run(
        ["git", "-C", str(git_repo.root), "hash-object", "-t", "commit", "-w", "--literally",
         "--stdin"],
        input=raw.encode(), capture_output=True, check=True,
    ).stdout.decode().strip()  # fmt: skip
    git_repo.git("update-ref", "refs/heads/main", broken)
    git_repo.write("r/a.yaml", "z\n")
    git_repo.commit("after")
    entries = git.log_changes(git_repo.root, ["r"], "main")
    assert [(e.subject, e.date, e.committed) for e in entries] == [
        ("first", "2026-11-26T10:00:00+05:00", 1_795_669_200),
        ("Broken date", "1970-01-01T00:00:00+00:00", 0),
        ("after", "2026-11-26T10:00:00+05:00", 1_795_669_200),
    ]


# -- sizes before contents ----------------------------------------------------------------------


def test_files_over_the_limit_are_sized_not_read(git_repo: GitRepo) -> None:
    """read_files_at reads the files within the limit and only sizes the larger ones (from
    `ls-tree --long`); blob_sizes answers from `cat-file --batch-check`."""
    git_repo.write("roadmaps/small.yaml", "x\n")
    (git_repo.root / "roadmaps" / "big.yaml").write_bytes(b"#" * 1001)
    git_repo.commit("sizes")
    contents = git.read_files_at(git_repo.root, "HEAD", ["roadmaps"], max_bytes=1000)
    assert contents.data == {"roadmaps/small.yaml": b"x\n"}
    assert contents.too_large == {"roadmaps/big.yaml": 1001}
    blobs = [entry.blob for entry in git.list_files_at(git_repo.root, "HEAD", ["roadmaps"])]
    assert git.blob_sizes(git_repo.root, blobs) == dict(zip(blobs, [1001, 2], strict=True))
    with pytest.raises(git.GitError, match="missing"):
        git.blob_sizes(git_repo.root, ["0" * 40])


# -- dates and shallow clones -------------------------------------------------------------------


def test_last_commit_before_compares_dates_past_2099(git_repo: GitRepo) -> None:
    """git's --before reads no year after 2099; sezctl compares the commit dates itself, so
    the years 2100 to 9999 (and commits made then) work, and a moment before 1970 finds
    nothing."""
    fast_import(
        git_repo.root,
        [
            (b"A <a@hq> 1795000000 +0500", b"A <a@hq> 1795000000 +0500", b"2026", {"a": b"1"}),
            (b"A <a@hq> 4133980800 +0000", b"A <a@hq> 4133980800 +0000", b"2101", {"a": b"2"}),
        ],
    )
    first, last = git_repo.git("rev-list", "--reverse", "main").split()

    def at(*moment: int) -> str | None:
        when = datetime(*moment, tzinfo=UTC)  # type: ignore[misc]
        return git.last_commit_before(git_repo.root, when, "main")

    assert at(2100, 1, 1) == first
    assert at(2101, 1, 1) == last
    assert at(9999, 12, 31, 23, 59, 59) == last
    assert at(2026, 11, 18, 11, 6, 40) == first  # the exact second of the first commit
    assert at(2026, 11, 18, 11, 6, 39) is None
    assert at(1, 1, 1) is None


def test_last_commits_before_answers_each_moment_as_one_call_would(git_repo: GitRepo) -> None:
    """The meetings of a trend are answered from one rev-list stream, in the order asked, each
    as last_commit_before answers it alone: before the first commit None, the exact second of
    a commit that commit, years past 2099 the last one."""
    fast_import(
        git_repo.root,
        [
            (f"A <a@hq> {seconds} +0500".encode(), f"A <a@hq> {seconds} +0500".encode(),
             b"c", {"a": str(seconds).encode()})
            for seconds in (1795000000, 1795600000, 1796200000, 4133980800)
        ],
    )  # fmt: skip
    moments = [
        datetime(*moment, tzinfo=UTC)  # type: ignore[misc]
        for moment in [
            (2026, 11, 26), (1, 1, 1), (2026, 11, 18, 11, 6, 40), (2101, 1, 1),
            (2026, 11, 18, 11, 6, 39), (2026, 12, 2, 9), (2026, 11, 26),
        ]
    ]  # fmt: skip
    commits = git_repo.git("rev-list", "--reverse", "main").split()
    answers = git.last_commits_before(git_repo.root, moments, "main")
    assert answers == [git.last_commit_before(git_repo.root, moment, "main") for moment in moments]
    assert answers == [commits[1], None, commits[0], commits[3], None, commits[2], commits[1]]
    assert git.last_commits_before(git_repo.root, [], "main") == []


def test_shallow_clone_history_is_refused_past_its_cut(git_repo: GitRepo, tmp_path: Path) -> None:
    """In a clone of depth 2, the last commit's own range is readable; the history from the
    first commit, or a date older than the cut, is a ShallowHistory error naming the cut
    commit and `git fetch --unshallow`."""
    for number in range(4):
        git_repo.write("r/a.yaml", f"{number}\n")
        git_repo.commit(f"c{number}")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "2", f"file://{git_repo.root}", str(clone)],
        check=True,
    )
    cut = git_repo.git("rev-parse", "HEAD~1").strip()
    assert git.shallow_boundary(clone) == {cut}
    assert git.shallow_boundary(git_repo.root) == frozenset()
    git.require_full_history(clone, "HEAD", "HEAD~1")
    git.require_full_history(git_repo.root, "HEAD")
    with pytest.raises(git.ShallowHistory) as caught:
        git.require_full_history(clone, "HEAD")
    assert str(caught.value) == (
        f"{clone} is a shallow clone: its history stops at commit {cut[:7]}, so the history "
        "since the first commit cannot be read from it. Fetch the whole history with "
        "`git fetch --unshallow` (in CI: actions/checkout with fetch-depth: 0, or GIT_DEPTH: 0 "
        "in GitLab)"
    )
    assert git.last_commit_before(clone, datetime(2026, 11, 27, tzinfo=UTC)) is not None
    with pytest.raises(git.ShallowHistory, match="whether a commit was made by 2026-11-25"):
        git.last_commit_before(clone, datetime(2026, 11, 25, tzinfo=UTC))
    meetings = [datetime(2026, 11, day, tzinfo=UTC) for day in (27, 24, 25)]
    with pytest.raises(git.ShallowHistory, match="whether a commit was made by 2026-11-25"):
        git.last_commits_before(clone, meetings)  # the latest one the clone cannot answer


def test_log_ignores_a_users_signature_display_setting(git_repo: GitRepo) -> None:
    """`log.showSignature = true` (a user's or a repository's setting) makes git print each
    commit's signature check into the stream; sezctl asks for none, so a signed history reads
    the same."""
    import shutil

    if shutil.which("ssh-keygen") is None:
        pytest.skip("needs ssh-keygen to sign a commit (apt-get install openssh-client)")
    key = git_repo.root.parent / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    git_repo.git("config", "gpg.format", "ssh")
    git_repo.git("config", "user.signingkey", str(key))
    git_repo.write("r/a.yaml", "x\n")
    git_repo.git("add", "--all")
    git_repo.git("commit", "--quiet", "-S", "-m", "signed")
    git_repo.git("config", "log.showSignature", "true")
    [entry] = git.log_changes(git_repo.root, ["r"], "main")
    assert (entry.subject, [change.path for change in entry.changes]) == ("signed", ["r/a.yaml"])
