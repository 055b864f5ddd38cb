"""``sezctl init``: a new roadmap repository (:mod:`sezctl.editing.scaffold`)."""

# No `from __future__ import annotations`: Typer reads this module's annotations when the
# command runs, and as strings they would be evaluated each time.

import sys
from pathlib import Path
from typing import Annotated

import typer

from sezctl.cli.app import app, handle_errors
from sezctl.cli.options import (
    LangOption,
    TodayOption,
)
from sezctl.cli.session import wall_clock
from sezctl.core.i18n import N_, _
from sezctl.core.problems import SezctlError


@app.command(
    help=N_(
        "Start a new roadmap repository: an example roadmap, owners, config, CI.\n"
        "\n"
        "Writes roadmaps/example.yaml and roadmaps/owners.yaml (valid: `sezctl check` passes),\n"
        "schema/sezctl.schema.json for editors, a commented sezctl.toml, "
        ".pre-commit-config.yaml and\n"
        ".github/workflows/roadmap.yml.  Never overwrites a file: if any of them exists, "
        "nothing is\n"
        "written (exit 2).\n"
        "\n"
        "Examples:\n"
        "  sezctl init\n"
        "  sezctl init aktobe-roadmap && cd aktobe-roadmap && sezctl status"
    )
)
@handle_errors
def init(
    folder: Annotated[
        Path,
        typer.Argument(
            help=N_("The folder of the new roadmap repository (created if missing)."),
            metavar=N_("DIR"),
        ),
    ] = Path("."),
    today: TodayOption = None,
    lang: LangOption = None,
) -> None:
    """Start a new roadmap repository: an example roadmap, owners, config, CI."""
    import shlex

    from sezctl.editing.scaffold import build_scaffold, write_new_files
    from sezctl.source.config import DEFAULT_TIMEZONE, resolve_today

    if folder.exists() and not folder.is_dir():
        raise SezctlError(_("{folder} exists and is not a folder").format(folder=folder))
    from sezctl.plan.calendar import KazakhstanCalendar

    day = resolve_today(today, DEFAULT_TIMEZONE, wall_clock)
    # The example's deadlines fall on working days of the calendar `sezctl check` warns about.
    files = build_scaffold(day, KazakhstanCalendar().is_working_day)
    written = write_new_files(folder, files)
    for path in written:
        sys.stdout.write(_("created {path}").format(path=path.as_posix()) + "\n")
    where = "" if folder == Path(".") else f"cd {shlex.quote(str(folder))} && "
    note = _(
        "a new roadmap repository; next: {where}sezctl status, then "
        "git init && git add . && git commit -m 'Roadmap'"
    ).format(where=where)
    sys.stderr.write(f"sezctl: {note}\n")
