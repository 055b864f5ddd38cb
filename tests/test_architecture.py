"""The package's layout is its architecture: the layers contract holds (import-linter, the same
contract CI runs), nothing outside the CLI imports it, and no module reaches into another
module's private names."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "sezctl"
MODULES = sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _private(name: str) -> bool:
    """``_name``, but not ``__dunder__`` nor ``_`` itself (gettext's public name)."""
    return name.startswith("_") and not name.startswith("__") and name != "_"


def private_uses(path: Path) -> list[str]:
    """``from sezctl.x import _name`` and ``module._name`` where ``module`` is another sezctl
    module this file imported: each as ``line: text``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: set[str] = set()  # local names bound to sezctl modules
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sezctl"):
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"{node.lineno}: from {node.module} import {alias.name}")
                if (PACKAGE / Path(*node.module.split(".")[1:]) / f"{alias.name}.py").exists():
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("sezctl.") and alias.asname:
                    modules.add(alias.asname)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and _private(node.attr)
        ):
            found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
    return found


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_no_module_uses_another_modules_private_names(path: Path) -> None:
    """A leading underscore means "this module only": another module that needs the name needs
    a public one."""
    assert private_uses(path) == []


def test_the_private_name_scan_finds_both_forms(tmp_path: Path) -> None:
    """The scan above is not blind: it reports an imported private name and a private
    attribute of an imported module."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from sezctl.cli.session import _today_typed\n"
        "from sezctl.history import git\n"
        "git._git(None)\n",
        encoding="utf-8",
    )
    assert private_uses(sample) == [
        "1: from sezctl.cli.session import _today_typed",
        "3: git._git",
    ]


@pytest.mark.parametrize(
    "path", [p for p in MODULES if not module_name(p).startswith("sezctl.cli")], ids=module_name
)
def test_nothing_below_the_cli_imports_it_or_typer(path: Path) -> None:
    """The library is usable without the command line: only sezctl.cli (and the entry point)
    imports sezctl.cli or Typer."""
    if module_name(path) == "sezctl.__main__":
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            imported.append(node.module or "")
    assert [name for name in imported if name.startswith(("sezctl.cli", "typer"))] == []


def test_the_layers_contract_holds() -> None:
    """`lint-imports` (import-linter, configured in pyproject.toml) keeps every import pointing
    down the layers and no cycle between sibling modules."""
    done = subprocess.run(
        [Path(sys.executable).with_name("lint-imports"), "--no-cache"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def test_every_offered_format_has_a_renderer_of_one_report() -> None:
    """Each report family's `--format` choices are exactly its renderers' formats, and every
    renderer imports and takes the one report object (the typed interface of sezctl.render)."""
    import inspect

    from sezctl import render
    from sezctl.cli import options

    offered = {
        "check": options.CheckFormat,
        "status": options.ReportFormat,
        "owners": options.ReportFormat,
        "discipline": options.ReportFormat,
        "show": options.DetailFormat,
        "critical": options.DetailFormat,
        "calendar": options.DetailFormat,
        "export": options.ExportFormat,
        "diff": options.DiffFormat,
        "history": options.DetailFormat,
        "report": options.MeetingFormat,
        "agenda": options.DiffFormat,
    }
    assert sorted(family.family for family in render.FAMILIES) == sorted(offered)
    for family in render.FAMILIES:
        assert list(family.formats) == [choice.value for choice in offered[family.family]]
        for fmt in family.formats:
            parameters = inspect.signature(family.renderer(fmt)).parameters
            assert len(parameters) == 1, (family.family, fmt)
