"""The editing commands as users meet them: `sezctl done|start|reschedule|assign` write exactly
the golden files, refuse what would break the folder, show a diff with --dry-run, fail cleanly
on read-only files and full disks, and commit to a real git repository with --commit."""

from __future__ import annotations

import errno
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import sezctl.source.loader
from tests.conftest import REPO, Cli, modules_after_run
from tests.helpers import CASE_NAMES, EDIT_CASES, case_args, pinned_git_env

TODAY = "2026-11-26"

ROADMAP = """\
owners:
  aitymbetov:
    name: Мақсат Айтымбетов
  grid-company:
    name: Өңірлік электр желілік компаниясы
roadmap: demo
title: Demo plan
stages:
  - id: grid
    title: Power grid  # the akim's main complaint
    owner: grid-company
    start: 2026-05-04
    due: 2026-09-30
    status: in-progress
  - id: works
    title: Construction works
    owner: aitymbetov
    due: 2026-11-30
    depends_on: [grid]
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with roadmaps/demo.yaml, as the working folder; returns the roadmap file."""
    (tmp_path / "roadmaps").mkdir()
    path = tmp_path / "roadmaps" / "demo.yaml"
    path.write_text(ROADMAP, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return path


def run(cli: Cli, *args: str, **kwargs: Any) -> Any:
    return cli(*args, "--today", TODAY, **kwargs)


# -- golden files through the command line --------------------------------------------------------


@pytest.mark.parametrize("name", CASE_NAMES)
def test_golden_edit_through_the_cli(
    cli: Cli, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command in NAME/args, run on a copy of NAME/before.yaml, writes NAME/after.yaml
    byte for byte and says what it did."""
    monkeypatch.chdir(tmp_path)
    shutil.copyfile(EDIT_CASES / name / "before.yaml", tmp_path / "case.yaml")
    args = case_args(name)
    result = run(cli, *args, "case.yaml")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "case.yaml").read_bytes() == (EDIT_CASES / name / "after.yaml").read_bytes()
    assert result.stdout.startswith(f"case.yaml: {args[0]} {args[1]}: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]


# -- what each command prints and writes ----------------------------------------------------------


def test_reschedule_writes_and_prints_the_change(cli: Cli, project: Path) -> None:
    """A consistent reschedule is written, and stdout names the file and the change."""
    result = run(
        cli, "reschedule", "demo/grid", "--to", "2026-10-31",
        "--reason", "Cable delivered late", "--ref", "HQ protocol No. 41",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "roadmaps/demo.yaml: reschedule demo/grid: 2026-09-30 -> 2026-10-31 "
        "(Cable delivered late; HQ protocol No. 41)\n"
    )
    assert result.stderr == ""
    assert project.read_text(encoding="utf-8") == ROADMAP.replace(
        "    due: 2026-09-30\n    status: in-progress\n",
        "    due: 2026-10-31\n"
        "    baseline: 2026-09-30\n"
        "    status: in-progress\n"
        "    reschedules:\n"
        "      - from: 2026-09-30\n"
        "        to: 2026-10-31\n"
        "        on: 2026-11-26\n"
        "        reason: Cable delivered late\n"
        "        ref: HQ protocol No. 41\n",
    )
    check = cli("check", "--today", TODAY)
    assert check.exit_code == 0, check.output


def test_dry_run_prints_a_unified_diff_and_writes_nothing(cli: Cli, project: Path) -> None:
    """--dry-run: the exact diff on stdout, a note on stderr, the file untouched."""
    before = project.stat()
    result = run(cli, "done", "grid", "--on", "2026-11-20", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "--- a/roadmaps/demo.yaml\n"
        "+++ b/roadmaps/demo.yaml\n"
        "@@ -11,7 +11,8 @@\n"
        "     owner: grid-company\n"
        "     start: 2026-05-04\n"
        "     due: 2026-09-30\n"
        "-    status: in-progress\n"
        "+    done: 2026-11-20\n"
        "+    status: done\n"
        "   - id: works\n"
        "     title: Construction works\n"
        "     owner: aitymbetov\n"
    )
    assert result.stderr == ("sezctl: dry run: done demo/grid: 2026-11-20; nothing was written.\n")
    assert project.read_text(encoding="utf-8") == ROADMAP
    assert project.stat().st_mtime_ns == before.st_mtime_ns


def test_on_defaults_to_today(cli: Cli, project: Path) -> None:
    """Without --on, the date is "today": --today here."""
    result = run(cli, "done", "grid")
    assert result.exit_code == 0, result.output
    assert "    done: 2026-11-26\n    status: done\n" in project.read_text(encoding="utf-8")


def test_on_defaults_to_sezctl_today(cli: Cli, project: Path) -> None:
    """SEZCTL_TODAY gives the default date too."""
    result = cli("start", "works", env={"SEZCTL_TODAY": "2026-11-23"})
    assert result.exit_code == 0, result.output
    assert result.stdout == "roadmaps/demo.yaml: start demo/works: 2026-11-23\n"
    assert "    start: 2026-11-23\n    due: 2026-11-30\n    status: in-progress\n" in (
        project.read_text(encoding="utf-8")
    )


def test_assign_writes_the_new_owner(cli: Cli, project: Path) -> None:
    """`assign ITEM OWNER` replaces the owner and prints old -> new."""
    result = run(cli, "assign", "demo/grid", "aitymbetov")
    assert result.exit_code == 0, result.output
    assert result.stdout == "roadmaps/demo.yaml: assign demo/grid: grid-company -> aitymbetov\n"
    # The hand-over is recorded after the item's last key (reassignments: follows reschedules:).
    written = project.read_text(encoding="utf-8")
    assert written.replace(
        "    reassignments:\n      - from: grid-company\n        to: aitymbetov\n"
        "        on: 2026-11-26\n",
        "",
    ) == ROADMAP.replace("owner: grid-company\n    start", "owner: aitymbetov\n    start")
    assert written.count("reassignments:") == 1


def test_nothing_to_change_exits_zero_and_leaves_the_file(cli: Cli, project: Path) -> None:
    """Asking for what is already so is fine: a note, exit 0, the file untouched."""
    mtime = project.stat().st_mtime_ns
    result = run(cli, "assign", "grid", "grid-company")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "sezctl: demo/grid is already owned by grid-company; nothing to change.\n"
    )
    assert project.stat().st_mtime_ns == mtime


def test_new_warnings_are_shown_but_do_not_block(cli: Cli, project: Path) -> None:
    """A warning the edit introduces is printed; the edit is still written."""
    result = run(cli, "start", "works", "--on", "2026-09-01")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "roadmaps/demo.yaml:21:18: warning[starts-before-prerequisite-due]: demo/works starts "
        "2026-09-01, before its prerequisite demo/grid is due (2026-09-30).\n"
    )
    assert "start: 2026-09-01" in project.read_text(encoding="utf-8")


def test_existing_problems_elsewhere_do_not_block_an_edit(
    cli: Cli, project: Path, write: Any
) -> None:
    """Only new errors refuse an edit: an error that was already in the folder does not."""
    other = project.parent / "other.yaml"
    other.write_text(
        "roadmap: other\ntitle: Other\nstages:\n"
        "  - id: a\n    title: A\n    owner: nobody\n    due: 2026-12-01\n",
        encoding="utf-8",
    )
    result = run(cli, "done", "grid")
    assert result.exit_code == 0, result.output
    assert "status: done" in project.read_text(encoding="utf-8")


# -- refusals -------------------------------------------------------------------------------------


def test_edit_that_breaks_consistency_is_refused_and_nothing_written(
    cli: Cli, project: Path
) -> None:
    """Moving grid past the deadline of what depends on it: the problem `sezctl check` would
    report, exit 1, and the file unchanged."""
    result = run(cli, "reschedule", "grid", "--to", "2026-12-15", "--reason", "Transformer late")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr == (
        "roadmaps/demo.yaml:25:18: error[due-not-after-prerequisite]: demo/works is due "
        "2026-11-30, not after its prerequisite demo/grid (due 2026-12-15); move one deadline.\n"
        "sezctl: refused: reschedule demo/grid: 2026-09-30 -> 2026-12-15 (Transformer late) "
        "would leave 1 error (above, at the lines the edited file would have); nothing was "
        "written.\n"
        "sezctl: add --cascade to move with it, by the same shift, the 1 item it would leave "
        "inconsistent (see the change first with --dry-run)\n"
    )
    assert project.read_text(encoding="utf-8") == ROADMAP


def test_edit_is_checked_against_the_whole_folder(cli: Cli, project: Path) -> None:
    """An item in another file that depends on the edited one is checked too: the refusal
    names the other file, and neither file changes."""
    other = project.parent / "investors.yaml"
    other_text = (
        "roadmap: investors\ntitle: Investors\nstages:\n"
        "  - id: plant\n    title: Plant\n    owner: aitymbetov\n    due: 2026-10-15\n"
        "    depends_on: [demo/grid]\n"
    )
    other.write_text(other_text, encoding="utf-8")
    result = run(cli, "reschedule", "grid", "--to", "2026-10-20", "--reason", "Late")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(
        "roadmaps/investors.yaml:8:18: error[due-not-after-prerequisite]: investors/plant is "
        "due 2026-10-15, not after its prerequisite demo/grid (due 2026-10-20)"
    )
    assert project.read_text(encoding="utf-8") == ROADMAP
    assert other.read_text(encoding="utf-8") == other_text


def test_dry_run_of_an_edit_that_would_be_refused_is_refused(cli: Cli, project: Path) -> None:
    """--dry-run runs the same checks: no diff for an edit that would not be accepted."""
    result = run(cli, "reschedule", "grid", "--to", "2026-12-15", "--reason", "Late", "--dry-run")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert "error[due-not-after-prerequisite]" in result.stderr


def test_done_in_the_future_is_refused(cli: Cli, project: Path) -> None:
    """A done date after today is an error, so `done --on` a future date is refused."""
    result = run(cli, "done", "grid", "--on", "2026-11-27")
    assert result.exit_code == 1, result.output
    assert "error[done-in-future]" in result.stderr
    assert project.read_text(encoding="utf-8") == ROADMAP


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["done", "gird"], "sezctl: error: no item 'gird' (did you mean 'grid'?)\n"),
        (["done", "demo/gird"], "sezctl: error: no item 'demo/gird' (did you mean 'demo/grid'?)\n"),
        (
            ["assign", "grid", "aitymbetv"],
            "sezctl: error: unknown owner 'aitymbetv' (did you mean 'aitymbetov'?); the owner "
            "must be in the owners registry (see `sezctl owners`)\n",
        ),
        (
            ["reschedule", "grid", "--to", "2026-10-31", "--reason", "  "],
            "sezctl: error: give the reason for the move: --reason TEXT (it is recorded)\n",
        ),
        (
            ["reschedule", "grid", "--to", "30.09.2026", "--reason", "x"],
            "sezctl: error: demo/grid is already due on 2026-09-30; nothing to move\n",
        ),
        (
            ["reschedule", "grid", "--to", "2026-31-12", "--reason", "x"],
            "sezctl: error: --to: '2026-31-12' is not a real calendar date\n",
        ),
        (
            ["done", "grid", "--on", "yesterday"],
            "sezctl: error: --on: 'yesterday' is not a date: write YYYY-MM-DD (2026-11-30) or "
            "DD.MM.YYYY (30.11.2026)\n",
        ),
        (
            ["done", "grid", "--dry-run", "--commit"],
            "sezctl: error: --dry-run writes nothing, so there is nothing to --commit; use one\n",
        ),
    ],
)
def test_usage_errors_exit_two_with_a_message_and_write_nothing(
    cli: Cli, project: Path, args: list[str], message: str
) -> None:
    """Unknown items and owners (with the closest suggestion), an empty reason, the same
    date, bad dates and conflicting options: exit 2, one line on stderr, the file untouched."""
    result = run(cli, *args)
    assert result.exit_code == 2, result.output
    assert result.stderr == message
    assert result.stdout == ""
    assert project.read_text(encoding="utf-8") == ROADMAP


def test_reschedule_requires_to_and_reason(cli: Cli, project: Path) -> None:
    """--to and --reason are required options: a usage error."""
    result = run(cli, "reschedule", "grid", "--to", "2026-10-31")
    assert result.exit_code == 2
    assert "Missing option '--reason'" in result.stderr


def test_read_only_file_is_a_clear_error_and_stays_intact(cli: Cli, project: Path) -> None:
    """A read-only roadmap: exit 2, a message that says so, the original untouched."""
    project.chmod(0o444)
    result = run(cli, "done", "grid")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "sezctl: error: roadmaps/demo.yaml: the file is read-only; nothing was written\n"
    )
    assert project.read_text(encoding="utf-8") == ROADMAP
    assert sorted(p.name for p in project.parent.iterdir()) == ["demo.yaml"]


def test_full_disk_is_a_clear_error_and_the_original_stays(
    cli: Cli, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No space left while writing: exit 2, the reason, the original whole, no temp file."""

    def full(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    result = run(cli, "done", "grid")
    monkeypatch.undo()
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "sezctl: error: roadmaps/demo.yaml: cannot write the file: no space left on the "
        "device; the original file is unchanged\n"
    )
    assert project.read_text(encoding="utf-8") == ROADMAP
    assert sorted(p.name for p in project.parent.iterdir()) == ["demo.yaml"]


def test_file_saved_by_someone_else_meanwhile_is_not_overwritten(
    cli: Cli, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the file changes on disk after sezctl read it (here: while the edit is being
    checked), the other change wins and sezctl exits 2."""
    real_load = sezctl.source.loader.load_roadmaps
    theirs = ROADMAP.replace("Power grid", "Power grid (edited by a colleague)")

    def load_while_a_colleague_saves(*args: Any, **kwargs: Any) -> Any:
        if len(args) > 1 or kwargs:  # the check of the edited text
            project.write_text(theirs, encoding="utf-8")
        return real_load(*args, **kwargs)

    monkeypatch.setattr(sezctl.source.loader, "load_roadmaps", load_while_a_colleague_saves)
    result = run(cli, "done", "grid")
    assert result.exit_code == 2, result.output
    assert "changed on disk while sezctl was editing it; nothing was written" in result.stderr
    assert project.read_text(encoding="utf-8") == theirs


def test_symlinked_roadmap_is_edited_through_the_link(
    cli: Cli, project: Path, tmp_path: Path
) -> None:
    """A roadmap that is a symbolic link: the target gets the edit, the link stays a link."""
    real = tmp_path / "shared-demo.yaml"
    project.rename(real)
    project.symlink_to(real)
    result = run(cli, "done", "grid")
    assert result.exit_code == 0, result.output
    assert project.is_symlink()
    assert "status: done" in real.read_text(encoding="utf-8")


# -- --commit against a real git repository -------------------------------------------------------


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A reproducible git: pinned identity and dates, no user or system configuration."""
    for key, value in pinned_git_env(tmp_path.parent).items():
        monkeypatch.setenv(key, value)


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def repository(project: Path, git_env: None) -> Path:
    """The project folder as a git repository with everything committed."""
    root = project.parent.parent
    git(root, "init", "--quiet")
    (root / "notes.txt").write_text("meeting notes\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "Initial roadmap")
    return root


def test_commit_records_just_that_file_with_a_structured_message(
    cli: Cli, project: Path, repository: Path
) -> None:
    """--commit: one commit, subject `reschedule REF: OLD -> NEW (reason; ref)`, only the
    roadmap file in it; other staged work stays staged and out of the commit."""
    (repository / "notes.txt").write_text("more notes\n", encoding="utf-8")
    git(repository, "add", "notes.txt")
    result = run(
        cli, "reschedule", "demo/grid", "--to", "2026-10-31",
        "--reason", "Cable delivered late", "--ref", "HQ protocol No. 41", "--commit",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    subject = (
        "reschedule demo/grid: 2026-09-30 -> 2026-10-31 (Cable delivered late; HQ protocol No. 41)"
    )
    short = git(repository, "rev-parse", "--short", "HEAD").strip()
    assert result.stdout == f"roadmaps/demo.yaml: {subject}\n[{short}] {subject}\n"
    assert git(repository, "log", "-1", "--format=%s%n%an <%ae>%n%aI") == (
        f"{subject}\nOperational HQ <hq@example.kz>\n2026-11-26T10:00:00+05:00\n"
    )
    assert git(repository, "show", "--name-only", "--format=", "HEAD") == "roadmaps/demo.yaml\n"
    assert git(repository, "status", "--porcelain") == "M  notes.txt\n"
    assert git(repository, "rev-list", "--count", "HEAD") == "2\n"


def test_commit_refuses_a_file_with_uncommitted_changes(
    cli: Cli, project: Path, repository: Path
) -> None:
    """The commit must hold only the edit: a file with other uncommitted changes is refused
    before anything is written."""
    changed = ROADMAP.replace("Power grid", "Power grid (draft)")
    project.write_text(changed, encoding="utf-8")
    result = run(cli, "done", "grid", "--commit")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "sezctl: error: roadmaps/demo.yaml has uncommitted changes; commit or stash them "
        "first, so that the commit holds only this edit\n"
    )
    assert project.read_text(encoding="utf-8") == changed
    assert git(repository, "rev-list", "--count", "HEAD") == "1\n"


def test_commit_outside_a_repository_is_refused_before_writing(
    cli: Cli, project: Path, git_env: None
) -> None:
    """--commit where there is no git repository: exit 2 and the file untouched."""
    result = run(cli, "done", "grid", "--commit")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "sezctl: error: roadmaps/demo.yaml is not inside a git repository; drop --commit\n"
    )
    assert project.read_text(encoding="utf-8") == ROADMAP


def test_commit_without_git_installed_is_refused_before_writing(
    cli: Cli, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No git on PATH: exit 2 with a message, and the file untouched."""
    empty = tmp_path / "no-programs-here"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run(cli, "done", "grid", "--commit")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "sezctl: error: --commit needs git, and git is not installed (or not on PATH)\n"
    )
    assert project.read_text(encoding="utf-8") == ROADMAP


def test_commit_refuses_an_untracked_file(cli: Cli, project: Path, repository: Path) -> None:
    """A roadmap git does not know yet is refused with a hint."""
    new = project.parent / "new.yaml"
    new.write_text(ROADMAP.replace("roadmap: demo", "roadmap: fresh"), encoding="utf-8")
    result = run(cli, "done", "fresh/grid", "--commit")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "sezctl: error: roadmaps/new.yaml is not tracked by git yet; add and commit it first\n"
    )
    assert "status: done" not in new.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("demo.yaml", "roadmaps/demo.yaml"),
        ("plan[2026].yaml", "':(literal)roadmaps/plan[2026].yaml'"),
    ],
)
def test_a_commit_git_refuses_leaves_the_edit_written_and_nothing_staged(
    cli: Cli, project: Path, repository: Path, name: str, typed: str
) -> None:
    """A pre-commit hook that refuses: exit 2 with git's reason; the file is edited, nothing is
    staged (the index is as it was, other staged work included), no commit, and the message
    says so and gives the commands to commit or undo, literal for a name git would read as a
    pattern."""
    if name != project.name:
        git(repository, "mv", "roadmaps/demo.yaml", f"roadmaps/{name}")
        git(repository, "commit", "--quiet", "-m", "Rename")
        project = project.parent / name
    (repository / "notes.txt").write_text("more notes\n", encoding="utf-8")
    git(repository, "add", "notes.txt")
    head = git(repository, "rev-parse", "HEAD")
    hook = repository / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'roadmaps need the HQ stamp' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    result = run(cli, "done", "grid", "--commit")
    assert result.exit_code == 2, result.output
    assert result.stdout == f"roadmaps/{name}: done demo/grid: 2026-11-26\n"
    assert result.stderr == (
        "sezctl: error: git commit failed: roadmaps need the HQ stamp\n"
        f"roadmaps/{name} is edited but not committed; nothing was staged, the git index is as "
        f"it was. Fix what git reports, then commit the file (`git commit -- {typed}`) or undo "
        f"the edit (`git checkout -- {typed}`)\n"
    )
    assert project.read_text(encoding="utf-8") == ROADMAP.replace(
        "    status: in-progress\n", "    done: 2026-11-26\n    status: done\n"
    )
    assert git(repository, "status", "--porcelain") == f"M  notes.txt\n M roadmaps/{name}\n"
    assert git(repository, "rev-parse", "HEAD") == head


def test_commit_without_a_git_identity_is_refused_before_writing(
    cli: Cli, project: Path, repository: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No name and e-mail for git: refused before anything is written or staged, with the
    commands that set them."""
    for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(key)
    monkeypatch.delenv("EMAIL", raising=False)
    # git could guess an identity from the host name; here, as on a host it cannot guess
    # from, it must not.
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "user.useConfigOnly")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "true")
    result = run(cli, "done", "grid", "--commit")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == (
        "sezctl: error: git does not know who you are, so it cannot commit: set your name and "
        'e-mail with `git config --global user.name "Your Name"` and '
        "`git config --global user.email you@example.kz`, then run the command again\n"
    )
    assert project.read_text(encoding="utf-8") == ROADMAP
    assert git(repository, "status", "--porcelain") == ""


@pytest.mark.parametrize("shared_repository", [True, False], ids=["other-repo", "no-repo"])
def test_commit_refuses_a_symlink_that_leads_out_of_the_repository(
    cli: Cli,
    project: Path,
    repository: Path,
    tmp_path_factory: pytest.TempPathFactory,
    shared_repository: bool,
) -> None:
    """roadmaps/demo.yaml is a link to a file in another repository (or in none): --commit
    would commit over there, so it is refused before anything is written."""
    shared_folder = Path(os.path.realpath(tmp_path_factory.mktemp("shared")))
    shared = shared_folder / "demo.yaml"
    shared.write_text(ROADMAP, encoding="utf-8")
    if shared_repository:
        git(shared_folder, "init", "--quiet")
        git(shared_folder, "add", "demo.yaml")
        git(shared_folder, "commit", "--quiet", "-m", "Shared roadmap")
    project.unlink()
    project.symlink_to(shared)
    git(repository, "add", "roadmaps/demo.yaml")
    git(repository, "commit", "--quiet", "-m", "Use the shared roadmap")
    result = run(cli, "done", "grid", "--commit")
    assert result.exit_code == 2, result.output
    where = f"the git repository {shared_folder}" if shared_repository else "no git repository"
    assert result.stderr == (
        f"sezctl: error: roadmaps/demo.yaml is a symbolic link to {shared}, which is in {where}, "
        f"not in {os.path.realpath(repository)} where roadmaps/demo.yaml is; --commit commits "
        "only in the roadmap folder's own repository. Edit without --commit and commit the "
        "change where the file is\n"
    )
    assert shared.read_text(encoding="utf-8") == ROADMAP
    assert git(repository, "rev-list", "--count", "HEAD") == "2\n"
    if shared_repository:
        assert git(shared_folder, "rev-list", "--count", "HEAD") == "1\n"
        assert git(shared_folder, "status", "--porcelain") == ""


def test_commit_through_a_symlink_inside_the_repository_commits_the_real_file(
    cli: Cli, project: Path, repository: Path
) -> None:
    """A link to another file of the same repository: the edit and the commit go to the file
    it points to, and the link stays a link."""
    shared = repository / "shared" / "demo.yaml"
    shared.parent.mkdir()
    project.rename(shared)
    project.symlink_to(Path("..") / "shared" / "demo.yaml")
    git(repository, "add", "--all")
    git(repository, "commit", "--quiet", "-m", "Move the roadmap, keep a link")
    result = run(cli, "done", "grid", "--commit")
    assert result.exit_code == 0, result.output
    assert git(repository, "show", "--name-only", "--format=%s", "HEAD") == (
        "done demo/grid: 2026-11-26\n\nshared/demo.yaml\n"
    )
    assert project.is_symlink()
    assert git(repository, "status", "--porcelain") == ""


def test_commit_takes_a_file_name_with_glob_characters_literally(
    cli: Cli, project: Path, repository: Path
) -> None:
    """To git, `plan[2026].yaml` is that file, not a pattern that also matches plan2.yaml: an
    uncommitted change in plan2.yaml neither blocks the commit nor gets into it."""
    git(repository, "mv", "roadmaps/demo.yaml", "roadmaps/plan[2026].yaml")
    other = project.parent / "plan2.yaml"
    other_text = (
        "roadmap: other\ntitle: Other\nstages:\n"
        "  - id: a\n    title: A\n    owner: aitymbetov\n    due: 2026-12-01\n"
    )
    other.write_text(other_text, encoding="utf-8")
    git(repository, "add", "--all")
    git(repository, "commit", "--quiet", "-m", "Plans")
    other.write_text(other_text.replace("title: A", "title: A (draft)"), encoding="utf-8")
    result = run(cli, "done", "grid", "--commit")
    assert result.exit_code == 0, result.output
    assert git(repository, "show", "--name-only", "--format=", "HEAD") == (
        "roadmaps/plan[2026].yaml\n"
    )
    assert git(repository, "status", "--porcelain") == " M roadmaps/plan2.yaml\n"


# -- text that is not UTF-8 on the command line -------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "shown"),
    [
        ("--reason", b"\xff", "0xff"),
        ("--reason", "Кабель кешікті".encode("cp1251"), "0xca, 0xe0, 0xe1, 0xe5, ..."),
        ("--ref", b"No. \xfe1", "0xfe"),
    ],
    ids=["one-byte", "cp1251-terminal", "ref"],
)
def test_text_that_is_not_utf8_on_the_command_line_is_a_clear_exit_2(
    project: Path, tmp_path: Path, option: str, value: bytes, shown: str
) -> None:
    """A real process given bytes a UTF-8 system cannot decode (`--reason $'\\xff'`): exit 2
    with the bytes named and what to do, not an internal error; the file is untouched."""
    args: list[str | bytes] = [
        sys.executable, "-m", "sezctl", "reschedule", "grid", "--to", "2026-10-31",
        "--today", TODAY, "--reason", "Late", option, value,
    ]  # fmt: skip
    env = {key: value for key, value in os.environ.items() if key != "SEZCTL_TODAY"}
    done = subprocess.run(
        args,
        cwd=tmp_path,
        env={**env, "LC_ALL": "C.UTF-8", "NO_COLOR": "1"},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == b""
    assert done.stderr.decode() == (
        f"sezctl: error: {option}: the text holds bytes that are not UTF-8 ({shown}), so it "
        "cannot be written to the file; type it again in a terminal set to UTF-8\n"
    )
    assert project.read_text(encoding="utf-8") == ROADMAP


def test_item_with_an_explicit_key_is_refused_with_what_to_do(cli: Cli, project: Path) -> None:
    """An item written with YAML's explicit `? key` form passes `sezctl check`, but editing it
    is refused (exit 2) with the key, its line and how to rewrite it; the file is untouched."""
    text = ROADMAP.replace("  - id: grid\n", "  - ? id\n    : grid\n")
    project.write_text(text, encoding="utf-8")
    assert run(cli, "check").exit_code == 0
    result = run(cli, "done", "grid")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "sezctl: error: demo/grid has its 'id' key written in the explicit form `? id` (line 9), "
        "which sezctl does not edit; rewrite it as `id: grid` on one line, then run the command "
        "again\n"
    )
    assert project.read_text(encoding="utf-8") == text


# -- start-up cost --------------------------------------------------------------------------------


EDITING_MODULES = {
    "sezctl.editing.edits",
    "sezctl.editing.safewrite",
    "sezctl.history.git",
    "sezctl.cli.commands.edit",
    "tempfile",
}


def test_editing_machinery_is_not_imported_on_start_up() -> None:
    """`sezctl status` pays nothing for the editing commands: a real run does not load the
    editing, writing or git modules, which a real `done --dry-run` does load."""
    code, modules = modules_after_run("status", "--today", "2026-11-26")
    assert code == 0
    assert "sezctl.reports.status" in modules  # the report really ran
    assert sorted(EDITING_MODULES & modules) == []
    code, modules = modules_after_run("done", "power-grid", "--dry-run", "--today", "2026-11-26")
    assert code == 0
    assert EDITING_MODULES - {"tempfile", "sezctl.history.git"} <= modules


def test_commands_are_registered() -> None:
    """The four editing commands are on the app."""
    from sezctl.cli.app import app

    names = {command.callback.__name__ for command in app.registered_commands if command.callback}
    assert {"done", "start", "reschedule", "assign"} <= names


def test_help_shows_examples(cli: Cli) -> None:
    """Each editing command's help shows how to call it."""
    for name in ("done", "start", "reschedule", "assign", "off-control"):
        result = cli(name, "--help")
        assert result.exit_code == 0, result.output
        assert f"sezctl {name} " in result.stdout
        assert "Examples:" in result.stdout


def test_shlex_args_round_trip() -> None:
    """The golden args files are single command lines (guards the data-driven tests)."""
    for name in CASE_NAMES:
        args = case_args(name)
        assert args[0] in ("done", "start", "reschedule", "assign"), name
        assert shlex.join(args)


# -- docs/editing.md ------------------------------------------------------------------------------


def editing_sessions() -> list[Any]:
    from tests.test_docs import read_sessions

    return read_sessions(REPO / "docs" / "editing.md")


@pytest.mark.parametrize("session", editing_sessions(), ids=lambda session: session.name)
def test_editing_doc_examples_print_what_the_doc_says(
    cli: Cli, session: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every example session in docs/editing.md, re-run in an empty folder, prints exactly
    what the page shows (the same runner as tests/test_docs.py)."""
    from tests.test_docs import run_session

    monkeypatch.chdir(tmp_path)
    for step, actual in run_session(cli, session, tmp_path):
        assert actual == step.expected, f"{session.name}: $ {step.command}"


def test_editing_doc_names_every_editing_command() -> None:
    """docs/editing.md documents each editing command under its own heading."""
    text = (REPO / "docs" / "editing.md").read_text(encoding="utf-8")
    for name in ("done", "start", "reschedule", "assign", "off-control"):
        assert f"### `sezctl {name}`" in text
