"""Helpers shared by several test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.conftest import GitRepo

TESTS = Path(__file__).parent
GOLDEN = TESTS / "golden"
EDIT_CASES = TESTS / "data" / "edit"
CASE_NAMES = sorted(path.name for path in EDIT_CASES.iterdir() if path.is_dir())

# A reproducible git: a pinned identity and dates, and no user or system configuration.
PINNED_GIT = {
    "GIT_AUTHOR_NAME": "Operational HQ",
    "GIT_AUTHOR_EMAIL": "hq@example.kz",
    "GIT_COMMITTER_NAME": "Operational HQ",
    "GIT_COMMITTER_EMAIL": "hq@example.kz",
    "GIT_AUTHOR_DATE": "2026-11-26T10:00:00+05:00",
    "GIT_COMMITTER_DATE": "2026-11-26T10:00:00+05:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def pinned_git_env(ceiling: Path) -> dict[str, str]:
    """:data:`PINNED_GIT`, and git never looks for a repository above ``ceiling``."""
    return {**PINNED_GIT, "GIT_CEILING_DIRECTORIES": str(ceiling)}


def assert_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; SEZCTL_UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("SEZCTL_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
    with path.open(encoding="utf-8", newline="") as expected:
        assert actual == expected.read()


def case_args(name: str) -> list[str]:
    """The `sezctl` command line of the edit case tests/data/edit/NAME."""
    return shlex.split((EDIT_CASES / name / "args").read_text(encoding="utf-8"))


# -- a small history: tests/test_history.py and tests/test_meeting.py ---------------------

PLAN = """
owners:
  hq:
    name: Operational HQ
  aliya:
    name: Aliya Nurlanovna
roadmap: demo
title: Demo
stages:
  - id: survey
    title: Survey
    owner: hq
    due: 2026-02-01
    done: 2026-01-30
  - id: grid
    title: Power grid
    owner: hq
    due: 2026-09-30
  - id: works
    title: Works
    owner: hq
    due: 2026-12-01
"""


def commit_at(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch, when: str, message: str, author: str
) -> str:
    """Commit the work tree with pinned author and committer dates (10:00 in Almaty)."""
    moment = f"{when}T10:00:00+05:00"
    monkeypatch.setenv("GIT_AUTHOR_DATE", moment)
    monkeypatch.setenv("GIT_COMMITTER_DATE", moment)
    monkeypatch.setenv("GIT_AUTHOR_NAME", author)
    return repo.commit(message)


def edit(repo: GitRepo, old: str, new: str, name: str = "roadmaps/plan.yaml") -> None:
    path = repo.root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run_sezctl(
    *args: str, cwd: Path, columns: int = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """sezctl as a real process (``python -m sezctl``), with no colour and a fixed width;
    ``env`` adds to (or overrides) the suite's environment."""
    merged = {**os.environ, "NO_COLOR": "1", "COLUMNS": str(columns), "PYTHONIOENCODING": "utf-8"}
    merged.pop("SEZCTL_TODAY", None)
    merged.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "sezctl", *args],
        cwd=cwd,
        env=merged,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


# A small repository of decisions (issue 12): owners, one roadmap, the protocol of 2026-11-26.
DECISION_OWNERS = """
owners:
  hq:
    name: Operational HQ
  energy:
    name: Energy department
  akim:
    name: Deputy akim
"""

DECISION_PLAN = """
roadmap: demo
title: Demo
stages:
  - id: grid
    title: Power grid
    owner: hq
    due: 2026-12-15
  - id: survey
    title: Survey
    owner: hq
    due: 2026-12-18
"""

DECISION_PROTOCOL = """
protocol: "48"
date: 2026-11-26
chair: akim
points:
  - point: 1
    text: Move the grid.
    owner: hq
    due: 2026-12-10
  - point: 2
    text: Hand the grid to the energy department.
    owner: energy
    due: 2026-12-10
"""


class BundledHistory:
    """The bundled roadmaps copied into a new git repository at ``root`` (pinned identity and
    no global config), for tests that need a realistic weekly history: ``commit(day, message)``
    commits everything at noon in Almaty on ``day``, ``sezctl(*args)`` runs an edit in it."""

    def __init__(self, root: Path) -> None:
        import os
        import shutil
        import subprocess

        from tests.conftest import BUNDLED_ROADMAPS

        self.root = root
        shutil.copytree(BUNDLED_ROADMAPS, root / "roadmaps")
        self.env = {**os.environ, **pinned_git_env(root.parent)}
        self._git = ["git", "-C", str(root)]
        subprocess.run([*self._git, "init", "--quiet", "--initial-branch=main"], check=True,
                       env=self.env)  # fmt: skip

    def commit(self, day: str, message: str) -> None:
        import subprocess

        stamp = {
            "GIT_AUTHOR_DATE": f"{day}T12:00:00+05:00",
            "GIT_COMMITTER_DATE": f"{day}T12:00:00+05:00",
        }
        subprocess.run([*self._git, "add", "--all"], check=True, env=self.env)
        subprocess.run([*self._git, "commit", "--quiet", "-m", message], check=True,
                       env={**self.env, **stamp})  # fmt: skip

    def sezctl(self, *args: str) -> None:
        import subprocess
        import sys

        subprocess.run([sys.executable, "-m", "sezctl", *args, "--lang", "en"], cwd=self.root,
                       env=self.env, check=True, capture_output=True)  # fmt: skip
