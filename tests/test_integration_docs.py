"""docs/ci.md and docs/exports.md are tested like the other docs: every example session is
re-run and must print exactly what the page shows, and the pages name what exists.

To refresh the outputs after a deliberate change, run from the repository root:
``python -c "from tests.test_integration_docs import update_integration_docs as u; u()"``
and read the diff before keeping it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sezctl.rules.policy import POLICY_RULES
from tests import docsessions
from tests.conftest import REPO, Cli

DOCS = (REPO / "docs" / "ci.md", REPO / "docs" / "exports.md")


def sessions() -> list[Any]:
    return [session for doc in DOCS for session in docsessions.read_sessions(doc)]


def test_integration_docs_have_example_sessions() -> None:
    """Guards the parser: both pages yield example sessions with commands."""
    for doc in DOCS:
        found = docsessions.read_sessions(doc)
        assert found and all(session.steps for session in found), doc.name


@pytest.mark.parametrize("session", sessions(), ids=lambda session: session.name)
def test_integration_doc_session_prints_what_the_doc_says(
    cli: Cli, session: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-runs one documented example (git commands included) in an empty folder."""
    for key, value in {
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CEILING_DIRECTORIES": str(tmp_path.parent),
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    for step, actual in docsessions.run_session(cli, session, tmp_path):
        expected = "".join(line.rstrip() + "\n" for line in step.expected.splitlines())
        assert actual == expected, f"{session.name}: $ {step.command}"


def test_ci_doc_documents_every_policy_rule() -> None:
    """docs/ci.md has a section per change-policy rule quoting its docstring, and the rules
    table names each with its severity."""
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    flat = docsessions.normalise(text.replace("\n> ", "\n"))
    for code, rule in POLICY_RULES.items():
        assert f"### `{code}`" in text, code
        assert f"| `{code}` | {rule.severity.value} |" in text, code
        assert docsessions.normalise(rule.description) in flat, code


def test_ci_doc_shows_the_workflow_that_init_writes() -> None:
    """The GitHub Actions workflow in docs/ci.md is the one `sezctl init` writes."""
    from datetime import date

    from sezctl.editing.scaffold import build_scaffold

    workflow = build_scaffold(date(2026, 11, 26))[".github/workflows/roadmap.yml"]
    body = workflow.split("name: roadmap\n", 1)[1]
    assert body in (REPO / "docs" / "ci.md").read_text(encoding="utf-8")


def test_readme_documents_completion_and_links_the_new_docs() -> None:
    """README.md explains Typer's shell completion and links docs/ci.md and docs/exports.md."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "sezctl --install-completion" in readme
    assert "sezctl --show-completion" in readme
    assert "(docs/ci.md)" in readme and "(docs/exports.md)" in readme


def update_integration_docs() -> None:
    """Rewrite the console outputs of docs/ci.md and docs/exports.md from real runs."""
    import os

    os.environ.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
    docsessions.update_docs(DOCS)
