"""Shared fixtures: a CLI runner with fixed width and no colour, and file-writing helpers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from sezctl.cli.app import app
from sezctl.cli.main import register_commands
from tests.helpers import PLAN, commit_at, edit, pinned_git_env

# The console script registers only the command it runs; tests drive every command.
register_commands()

TESTS = Path(__file__).parent
DATA = TESTS / "data"
REPO = TESTS.parent
BUNDLED_ROADMAPS = REPO / "roadmaps"

# Rich reads these when a Console is created: a fixed width and no colour make output stable.
# SEZCTL_TODAY is unset (None) unless a test sets it.
CLI_ENV: dict[str, str | None] = {
    "COLUMNS": "120",
    "LINES": "50",
    "NO_COLOR": "1",
    "TERM": "dumb",
    "SEZCTL_TODAY": None,
    "SEZCTL_LANG": "en",
}

# The suite's own language is English, whatever the machine's locale and although the bundled
# repository's sezctl.toml says Kazakh: messages are checked word for word.  Tests of other
# languages ask for them (--lang, SEZCTL_LANG, sezctl.toml, a locale) and unset this.
for _variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "C.UTF-8"
os.environ["SEZCTL_LANG"] = "en"


@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    """A test that switched the language (in-process) leaves English behind it."""
    yield
    from sezctl.cli.language import apply_language

    apply_language("en")


class Cli:
    """Runs sezctl in-process with stable output; stdout and stderr kept apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str | None] | None = None) -> Result:
        merged = {**CLI_ENV, **(env or {})}
        return self.runner.invoke(app, list(args), env=merged, catch_exceptions=False)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.delenv("SEZCTL_TODAY", raising=False)
    return Cli()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a dedented text file under tmp_path and return its path."""

    def write_file(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write_file


OWNERS_YAML = """
owners:
  abdikarimov:
    name: Абзал Әбдікәрімов
    role: Deputy akim
  aitymbetov:
    name: Мақсат Айтымбетов
"""


# -- real git repositories ----------------------------------------------------------------------


@pytest.fixture
def git_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """An empty `git init` repository in tmp_path/repo, with a pinned identity, pinned dates
    and no user or system git configuration."""
    for key, value in pinned_git_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    repo = GitRepo(tmp_path / "repo")
    repo.root.mkdir()
    repo.git("init", "--quiet", "--initial-branch=main")
    return repo


class GitRepo:
    """A test repository: write files, commit them, run git."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.root), *args], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def commit(self, message: str) -> str:
        """Commit everything in the work tree; returns the new commit's full id."""
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


def run_in_terminal(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 60) -> str:
    """Run a command attached to a pseudo-terminal (stdin, stdout and stderr) and return all
    the terminal received; the command must exit 0."""
    import os
    import pty
    import subprocess

    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdin=secondary, stdout=secondary, stderr=secondary
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    assert process.wait(timeout=timeout) == 0
    return b"".join(chunks).decode("utf-8")


MODULES_AFTER_RUN = """
import sys
from sezctl.cli.main import main
sys.argv = ["sezctl", *sys.argv[1:]]
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code
modules = sorted(sys.modules)
import json
print("\\n" + json.dumps([code, modules]))
"""


def modules_after_run(*argv: str, cwd: Path = REPO) -> tuple[int, set[str]]:
    """Run the real entry point (`sezctl.cli.main.main`) with ``argv`` in a fresh interpreter
    and return its exit code and every module it had imported by the end."""
    env = {key: value for key, value in os.environ.items() if not key.endswith("_COMPLETE")}
    env.update(NO_COLOR="1", COLUMNS="120")
    env.pop("SEZCTL_TODAY", None)
    done = subprocess.run(
        [sys.executable, "-c", MODULES_AFTER_RUN, *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    code, modules = json.loads(done.stdout.splitlines()[-1])
    return code, set(modules)


@pytest.fixture
def history_repo(
    git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> tuple[GitRepo, dict[str, str]]:
    """Five commits over November 2026: approval, a move, a completion and a reassignment, a
    broken file, a fix with a second move and a new item.  The tests run inside the repo."""
    repo = git_repo
    ids: dict[str, str] = {}
    repo.write("roadmaps/plan.yaml", PLAN)
    repo.write("README.md", "not a roadmap\n")
    ids["c1"] = commit_at(repo, monkeypatch, "2026-11-01", "Approved plan", "Operational HQ")
    edit(repo, "due: 2026-09-30", "due: 2026-10-31")
    ids["c2"] = commit_at(
        repo, monkeypatch, "2026-11-10", "Grid: substation delivery slipped", "Aliya Nurlanovna"
    )
    edit(repo, "    due: 2026-12-01", "    due: 2026-12-01\n    done: 2026-11-19")
    edit(repo, "owner: hq\n    due: 2026-10-31", "owner: aliya\n    due: 2026-10-31")
    ids["c3"] = commit_at(
        repo, monkeypatch, "2026-11-20", "Works accepted; grid to Aliya", "Operational HQ"
    )
    good = (repo.root / "roadmaps/plan.yaml").read_text(encoding="utf-8")
    (repo.root / "roadmaps/plan.yaml").write_text(good + "  - id: [broken\n", encoding="utf-8")
    ids["c4"] = commit_at(repo, monkeypatch, "2026-11-22", "WIP", "Operational HQ")
    (repo.root / "roadmaps/plan.yaml").write_text(
        good.replace("due: 2026-10-31", "due: 2026-11-15")
        + "  - id: fence\n    title: Fence\n    owner: hq\n    due: 2027-03-01\n",
        encoding="utf-8",
    )
    ids["c5"] = commit_at(
        repo, monkeypatch, "2026-11-24", "Fix the file; grid again; fence", "Aliya Nurlanovna"
    )
    monkeypatch.chdir(repo.root)
    return repo, ids
