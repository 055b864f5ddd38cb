"""Shared fixtures: a CLI runner with fixed width and no colour, and file-writing helpers."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from sezctl.cli import app

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
}


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
