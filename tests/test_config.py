"""sezctl.toml is checked whole whenever it is read: its time zone even when --today makes it
unused, its size before it is read, and its roadmaps folder, which must stay inside the
repository (real `git init` repositories, real symbolic links)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sezctl.source.config import MAX_CONFIG_BYTES
from tests.conftest import OWNERS_YAML, Cli, GitRepo

TODAY = "2026-11-26"


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A repository with an owners file in roadmaps/, and the working folder at its root."""
    git_repo.write("roadmaps/owners.yaml", OWNERS_YAML)
    monkeypatch.chdir(git_repo.root)
    return git_repo


def sezctl_process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("SEZCTL_TODAY", None)
    return subprocess.run(
        [sys.executable, "-m", "sezctl", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


# -- the time zone -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "zone",
    [
        "Mars/Olympus",
        "Asia",  # a folder of the time zone database: ZoneInfo raised IsADirectoryError (exit 3)
        "Asia/" + "x" * 300,  # too long for a file name: OSError (exit 3)
        "../../etc/passwd",
    ],
)
@pytest.mark.parametrize("today", [["--today", TODAY], []])
def test_unknown_time_zone_is_exit_two_even_with_today(
    cli: Cli, repo: GitRepo, zone: str, today: list[str]
) -> None:
    """An unknown `timezone` used to pass unnoticed when --today was given (the clock was never
    read); it is now an error whenever sezctl.toml is read, with or without --today."""
    repo.write("sezctl.toml", f'timezone = "{zone}"\n')
    result = cli("check", *today)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == (
        f"sezctl: error: sezctl.toml: unknown time zone {zone!r} (expected an IANA name such "
        "as Asia/Almaty)\n"
    )


def test_unknown_time_zone_stops_a_real_process_that_names_the_date(repo: GitRepo) -> None:
    """The review's case as a process: `SEZCTL_TODAY`-style date given, bad zone, exit 2."""
    repo.write("sezctl.toml", 'timezone = "Asia/Almatyy"\n')
    done = sezctl_process("status", "--today", TODAY, cwd=repo.root)
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        "sezctl: error: sezctl.toml: unknown time zone 'Asia/Almatyy' (expected an IANA name "
        "such as Asia/Almaty)\n",
    )


def test_a_known_time_zone_is_accepted(cli: Cli, repo: GitRepo) -> None:
    """A real zone other than the default passes, with and without --today."""
    repo.write("sezctl.toml", 'timezone = "Asia/Aqtobe"\n')
    assert cli("check", "--today", TODAY).exit_code == 0
    assert cli("check").exit_code == 0


# -- the size of the settings file ---------------------------------------------------------------


def test_oversized_settings_file_is_refused_before_it_is_read_whole(
    cli: Cli, repo: GitRepo
) -> None:
    """A sezctl.toml over MAX_CONFIG_BYTES (here valid TOML: comments) is exit 2, not parsed."""
    repo.write("sezctl.toml", "# padding\n" * (MAX_CONFIG_BYTES // 10 + 1))
    result = cli("check", "--today", TODAY)
    assert result.exit_code == 2
    assert result.stderr == (
        f"sezctl: error: sezctl.toml: the config file is larger than {MAX_CONFIG_BYTES:,} "
        "bytes; it holds a few settings (see docs/format.md)\n"
    )


# -- the roadmaps folder stays in the repository -------------------------------------------------


def outside_message(what: str, target: Path | str, root: Path) -> str:
    return (
        f"sezctl: error: {what} leads to {target}, outside the repository {root}: sezctl reads "
        "only roadmaps inside the repository. Move the folder into it, or name the files on the "
        "command line (sezctl check PATH...)\n"
    )


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder of roadmap files next to the repository, not in it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.yaml").write_text("owners:\n  Bad: {name: X}\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("written", ["../elsewhere", "{elsewhere}", "roadmaps/../../elsewhere"])
def test_settings_cannot_point_the_roadmaps_outside_the_repository(
    repo: GitRepo, elsewhere: Path, written: str
) -> None:
    """`roadmaps = "../elsewhere"` (or absolute, or through ..) was followed silently: a
    committed sezctl.toml could make CI read and quote any folder of the machine.  It is
    exit 2 now, naming the setting, where it leads and the repository, before any file is
    read (a real process in a real repository)."""
    value = written.format(elsewhere=elsewhere)
    repo.write("sezctl.toml", f'roadmaps = "{value}"\n')
    repo.commit("Roadmaps elsewhere")
    done = sezctl_process("check", "--today", TODAY, cwd=repo.root)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == outside_message(
        f"sezctl.toml: roadmaps = {value!r}", elsewhere.resolve(), repo.root.resolve()
    )


def test_committed_roadmaps_link_to_outside_the_repository_is_refused(
    cli: Cli, git_repo: GitRepo, elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without settings, a `roadmaps` symbolic link committed to point outside is refused the
    same way, also from a subfolder."""
    (git_repo.root / "roadmaps").symlink_to(elsewhere)
    git_repo.write("docs/readme.md", "x\n")
    git_repo.commit("A link out")
    monkeypatch.chdir(git_repo.root / "docs")
    result = cli("check", "--today", TODAY)
    assert result.exit_code == 2
    assert result.stderr == outside_message(
        "the folder ../roadmaps", elsewhere.resolve(), git_repo.root.resolve()
    )


def test_roadmaps_inside_the_repository_are_fine_however_written(cli: Cli, repo: GitRepo) -> None:
    """A link or a path with .. that stays inside the repository is accepted, and sezctl.toml
    in a subfolder may name a folder beside it (still inside the repository)."""
    (repo.root / "plans").symlink_to("roadmaps")
    repo.write("sezctl.toml", 'roadmaps = "roadmaps/../plans"\n')
    assert cli("check", "--today", TODAY).exit_code == 0
    (repo.root / "sezctl.toml").unlink()
    repo.write("settings/sezctl.toml", 'roadmaps = "../roadmaps"\n')
    os.chdir(repo.root / "settings")
    result = cli("check", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stderr == "0 errors, 0 warnings in 1 file\n"


def test_paths_named_on_the_command_line_are_not_limited(
    cli: Cli, repo: GitRepo, elsewhere: Path
) -> None:
    """The limit is on what a file in the repository names: a path the user types is read."""
    result = cli("check", str(elsewhere), "--today", TODAY)
    assert result.exit_code == 1
    assert "error[bad-id]: owner id 'Bad'" in result.stdout


def test_the_settings_limits_are_the_documented_ones() -> None:
    """docs/format.md gives the size limit of sezctl.toml as the code has it."""
    doc = " ".join((Path(__file__).parent.parent / "docs" / "format.md").read_text().split())
    assert f"a file over {MAX_CONFIG_BYTES:,} bytes" in doc


def test_where_a_link_leads_is_quoted_in_the_message(
    cli: Cli, git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The target of a committed link is data from the repository: a folder name with ESC is
    shown quoted, never sent to the terminal."""
    target = tmp_path / "out\x1b[2J"
    target.mkdir()
    (git_repo.root / "roadmaps").symlink_to(target)
    monkeypatch.chdir(git_repo.root)
    result = cli("check", "--today", TODAY)
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert result.stderr == outside_message(
        "the folder roadmaps", f'"{tmp_path.resolve()}/out\\x1b[2J"', git_repo.root.resolve()
    )
