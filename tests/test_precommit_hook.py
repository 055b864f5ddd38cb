"""The pre-commit hook in .pre-commit-hooks.yaml, run by the real pre-commit in a real
repository: pre-commit clones sezctl at a commit, installs it in its own virtualenv with pip,
and runs `sezctl check` before each commit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import OWNERS_YAML, REPO
from tests.helpers import PINNED_GIT

ROADMAP = """\
roadmap: demo
title: Demo
stages:
  - id: grid
    title: Power grid
    owner: {owner}
    due: 2026-09-30
"""

# What pre-commit needs to build sezctl from a clone: the package, its metadata and the hook.
HOOK_REPO_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "sezctl")


def run(folder: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=folder, env=env, capture_output=True, text=True, check=False, timeout=600
    )


def git(folder: Path, *args: str, env: dict[str, str]) -> str:
    done = run(folder, "git", *args, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def make_hook_repository(target: Path, env: dict[str, str]) -> str:
    """A git repository holding this working tree's sezctl (committed or not); its HEAD."""
    for name in HOOK_REPO_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "--quiet", env=env)
    git(target, "add", ".", env=env)
    git(target, "commit", "--quiet", "-m", "sezctl under test", env=env)
    return git(target, "rev-parse", "HEAD", env=env).strip()


def test_hooks_manifest_runs_sezctl_check_on_the_whole_folder() -> None:
    """The manifest declares one python hook running `sezctl check`, on YAML changes, without
    file names (checks span files: owners, cross-roadmap dependencies)."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["sezctl-check"]
    hook = hooks[0]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "sezctl check",
        "python",
        False,
    )
    assert "ya?ml" in hook["files"]


def test_pre_commit_validates_the_hooks_manifest() -> None:
    """pre-commit itself accepts .pre-commit-hooks.yaml."""
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_hook_blocks_a_commit_with_a_bad_roadmap_and_lets_a_good_one_through(
    tmp_path: Path,
) -> None:
    """In a repository using the hook, `git commit` fails on an unknown owner (with the
    located problem in the output), and succeeds once the file is fixed."""
    env = {**os.environ, **PINNED_GIT, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    env.pop("SEZCTL_TODAY", None)
    revision = make_hook_repository(tmp_path / "sezctl", env)

    project = tmp_path / "roadmap-repository"
    (project / "roadmaps").mkdir(parents=True)
    (project / "roadmaps" / "owners.yaml").write_text(OWNERS_YAML.lstrip(), encoding="utf-8")
    plan = project / "roadmaps" / "plan.yaml"
    plan.write_text(ROADMAP.format(owner="aitymbetv"), encoding="utf-8")
    config = {
        "repos": [
            {
                "repo": str(tmp_path / "sezctl"),
                "rev": revision,
                "hooks": [{"id": "sezctl-check", "args": ["--today", "2026-11-26"]}],
            }
        ]
    }
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    git(project, "init", "--quiet", env=env)
    installed = run(project, sys.executable, "-m", "pre_commit", "install", env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    git(project, "add", ".", env=env)

    refused = run(project, "git", "commit", "-m", "Roadmap with a typo", env=env)
    output = refused.stdout + refused.stderr
    assert refused.returncode == 1, output
    assert "sezctl check" in output and "Failed" in output
    assert "roadmaps/plan.yaml:6:5: error[unknown-owner]" in output
    assert "did you mean 'aitymbetov'?" in output
    assert run(project, "git", "rev-parse", "--verify", "HEAD", env=env).returncode != 0

    plan.write_text(ROADMAP.format(owner="aitymbetov"), encoding="utf-8")
    git(project, "add", ".", env=env)
    accepted = run(project, "git", "commit", "-m", "Roadmap", env=env)
    output = accepted.stdout + accepted.stderr
    assert accepted.returncode == 0, output
    assert "sezctl check" in output and "Passed" in output
    assert git(project, "log", "--format=%s", env=env) == "Roadmap\n"


@pytest.fixture(autouse=True)
def _needs_git() -> None:
    if shutil.which("git") is None:  # pragma: no cover - git is part of the test machine
        pytest.fail("these tests need git")
