"""Choosing the language of a run, and making Click and Typer speak it too.

The language is applied twice, to the same effect: by :func:`sezctl.cli.main.main` from the raw
arguments before any command is registered (so that ``--help`` texts, built when a command
module is imported, are translated), and by the eager ``--lang`` option of every command (so
that a run through Typer's test runner, which skips ``main``, speaks it too).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from pathlib import Path

from sezctl.core import i18n
from sezctl.core.problems import SezctlError

# Click's and Typer's modules that show people text through ``gettext`` (usage lines, "Error:",
# "No such option", "Show this message and exit.").  Their strings are in sezctl's catalog
# (sezctl/cli/click_messages.py), so a run in Kazakh has no English scaffolding around it.
_FRAMEWORK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
    "typer.core",
)


def option_from_argv(argv: Sequence[str]) -> str | None:
    """The value of ``--lang X`` or ``--lang=X`` in raw arguments (the last one wins)."""
    found = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            found = argv[index + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found


def _configured() -> tuple[str | None, str | None]:
    """``language`` and ``date_format`` from the project's sezctl.toml; a broken file is
    reported by the command itself, with its location, so here it just counts as unset."""
    from sezctl.source.config import find_project

    try:
        config = find_project(Path.cwd())
    except SezctlError:
        return None, None
    return config.language, config.date_format


def apply_language(option: str | None) -> str:
    """Choose the language (``--lang``, ``SEZCTL_LANG``, sezctl.toml, the locale, English),
    switch every message to it, and return it.  An unknown name is exit 2."""
    configured, date_format = _configured()
    code = i18n.choose_language(option, os.environ, configured)
    i18n.use_language(code, date_format)
    for name in _FRAMEWORK_MODULES:
        module = importlib.import_module(name)
        # Click binds gettext's functions into each module when it is imported.
        for attribute, function in (("_", i18n._), ("ngettext", i18n.ngettext)):
            if hasattr(module, attribute):
                setattr(module, attribute, function)
    return code
