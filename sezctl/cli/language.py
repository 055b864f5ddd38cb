"""Choosing the language of a run.

The language is chosen from the raw arguments before Click reads any of them
(:func:`choose_for_run`), so that the help, a usage error and every message speak it whatever
the place of ``--lang`` on the command line.  :func:`sezctl.cli.main.main` does it before any
command module is imported; the top-level group (`sezctl.cli.clicktext.TranslatedGroup`) does
it when it starts, which a run through Typer's test runner (which skips ``main``) needs too.
The ``--lang`` option of each command is then only read by Click, not acted on.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sezctl.core import i18n
from sezctl.core.problems import SezctlError

if TYPE_CHECKING:
    from sezctl.source.config import Config


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


# The project found while choosing the language, and the folder it was looked for from: the
# session of the same run takes it from here instead of reading sezctl.toml a second time.
_found: tuple[Path, Config] | None = None


def project_config(start: Path) -> Config:
    """The project of ``start`` (`sezctl.source.config.find_project`), read once per run."""
    from sezctl.source.config import find_project

    if _found is not None and _found[0] == start:
        return _found[1]
    return find_project(start)


def _configured() -> tuple[str | None, str | None]:
    """``language`` and ``date_format`` from the project's sezctl.toml; a broken file is
    reported by the command itself, with its location, so here it just counts as unset."""
    global _found
    from sezctl.source.config import find_project

    start = Path.cwd()
    _found = None
    try:
        config = find_project(start)
    except SezctlError:
        return None, None
    _found = (start, config)
    return config.language, config.date_format


# Set by `sezctl.cli.main.main`, which chose the language before Click read the arguments: the
# top-level group then has nothing left to do (and sezctl.toml is not read twice).
chosen_by_main = False


def apply_language(option: str | None) -> str:
    """Choose the language (``--lang``, ``SEZCTL_LANG``, sezctl.toml, the locale, English),
    switch every message to it, and return it.  An unknown name is exit 2."""
    if chosen_by_main:
        return i18n.language()
    configured, date_format = _configured()
    code = i18n.choose_language(option, os.environ, configured)
    i18n.use_language(code, date_format)
    return code


def choose_for_run(argv: Sequence[str]) -> None:
    """Choose the language of this run from its raw arguments (``--lang X`` wherever it is),
    the environment, sezctl.toml and the locale; an unknown name is exit 2, its message in
    English (no catalog is loaded yet), naming each language in its own words."""
    try:
        apply_language(option_from_argv(argv))
    except SezctlError as exc:
        from sezctl.cli.output import print_error

        print_error(str(exc))
        raise SystemExit(2) from None
