"""Commands and helpers for CI, editors, calendars and new projects.

``sezctl schema`` (the JSON Schema of the file format, for editors), ``sezctl export`` (ICS,
Mermaid, CSV, JSON) and ``sezctl init`` (a new roadmap repository), plus the two helpers that
``sezctl check`` calls for ``--base`` (the change policy, :mod:`sezctl.rules.policy`) and for
``--format github`` (the job summary in ``$GITHUB_STEP_SUMMARY``).

Exit codes are those of :mod:`sezctl.cli.app`.  Only Typer is imported at module level: every
start of ``sezctl`` imports this module, and the work lives in modules imported on use.
"""

# No `from __future__ import annotations` (as in sezctl.cli.app): Typer reads the annotations of
# this module's commands when they run, and as strings they would be evaluated each time.

import enum
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from sezctl.cli.app import (
    AsOfOption,
    PathsArgument,
    TodayOption,
    _render,
    _Session,
    app,
    handle_errors,
)
from sezctl.core.problems import Problem, SezctlError


class ExportFormat(enum.StrEnum):
    ics = "ics"
    mermaid = "mermaid"
    csv = "csv"
    json = "json"


# -- helpers of `sezctl check` ------------------------------------------------------------------


def change_policy_problems(
    session: _Session,
    portfolio: Any,
    problems: list[Problem],
    revision: str,
) -> list[Problem]:
    """The change-policy problems of the checked files since ``revision`` (``check --base``).
    The rules switched on and the roadmaps folder compared are those of ``revision``'s
    sezctl.toml (`sezctl.history.revision.load_base`): a change cannot opt out of its check."""
    from sezctl.core.problems import Severity
    from sezctl.history.revision import load_base
    from sezctl.rules.policy import POLICY_RULES, PolicyContext, check_change_policy

    source = session.history("--base")
    folder = session.config.roadmaps
    configured = folder is not None and [p.resolve() for p in session.named] == [folder.resolve()]
    base = load_base(source, revision, Path.cwd(), configured)
    context = PolicyContext(
        base=base.loaded.portfolio,
        current=portfolio,
        base_name=revision,
        current_has_errors=any(p.severity is Severity.ERROR for p in problems),
        base_paths=tuple(base.shown_paths(source.root)),
    )
    enabled = [code for code in POLICY_RULES if code not in base.config.disabled_policy_rules]
    return check_change_policy(context, enabled)


def write_step_summary(problems: list[Problem], files: int) -> None:
    """Append the Markdown summary to ``$GITHUB_STEP_SUMMARY`` when GitHub Actions set it."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from sezctl.render.github import render_step_summary

    try:
        with open(target, "a", encoding="utf-8") as summary:
            summary.write(render_step_summary(problems, files))
    except OSError as exc:
        raise SezctlError(f"cannot write the job summary to {target}: {exc.strerror}") from None


# -- commands -----------------------------------------------------------------------------------


@app.command()
@handle_errors
def schema() -> None:
    """Print the JSON Schema (draft-07) of the roadmap file format, for editors.

    YAML editors (VS Code with the YAML extension, JetBrains IDEs, Neovim...) validate a file
    while you type when its first line names the schema:

    \b
      # yaml-language-server: $schema=../schema/sezctl.schema.json

    \b
    Examples:
      sezctl schema > schema/sezctl.schema.json
      sezctl schema | jq '.definitions.item.required'
    """
    from sezctl.source.schema import render_schema

    sys.stdout.write(render_schema())


@app.command()
@handle_errors
def export(
    paths: PathsArgument = None,
    output_format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="ics (calendar), mermaid (Gantt), csv or json."),
    ] = ExportFormat.ics,
    owner: Annotated[
        str | None,
        typer.Option("--owner", metavar="OWNER-ID", help="Only this owner's items."),
    ] = None,
    today: TodayOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Export every item: deadlines for calendars, a Gantt chart, or a table.

    ICS gives each deadline as an all-day event; exporting an unchanged roadmap again gives
    the same bytes.  Mermaid gives a Gantt chart that GitHub and GitLab render in Markdown.
    CSV (for spreadsheets) and JSON list every item with its slippage as of --today.

    \b
    Examples:
      sezctl export > deadlines.ics
      sezctl export --owner grid-company > grid-company.ics
      sezctl export --format mermaid > gantt.mmd
      sezctl export --format csv > items.csv
      sezctl export --as-of 2026-11-19 --format csv > items-2026-11-19.csv
    """
    from sezctl.cli.app import _require_known
    from sezctl.reports.export import build_export

    session = _Session(paths, today, as_of=as_of)
    portfolio = session.load_valid()
    _require_known("owner", owner, portfolio.owners)
    report = build_export(
        portfolio, session.today, owner=owner, warning_days=session.config.warning_days
    )
    _render("export", output_format.value, report)


@app.command()
@handle_errors
def init(
    folder: Annotated[
        Path,
        typer.Argument(
            help="The folder of the new roadmap repository (created if missing).",
            metavar="DIR",
        ),
    ] = Path("."),
    today: TodayOption = None,
) -> None:
    """Start a new roadmap repository: an example roadmap, owners, config, CI.

    Writes roadmaps/example.yaml and roadmaps/owners.yaml (valid: `sezctl check` passes),
    schema/sezctl.schema.json for editors, a commented sezctl.toml, .pre-commit-config.yaml and
    .github/workflows/roadmap.yml.  Never overwrites a file: if any of them exists, nothing is
    written (exit 2).

    \b
    Examples:
      sezctl init
      sezctl init aktobe-roadmap && cd aktobe-roadmap && sezctl status
    """
    import shlex

    from sezctl.cli.app import _wall_clock
    from sezctl.editing.scaffold import build_scaffold, write_new_files
    from sezctl.source.config import DEFAULT_TIMEZONE, resolve_today

    if folder.exists() and not folder.is_dir():
        raise SezctlError(f"{folder} exists and is not a folder")
    from sezctl.plan.calendar import KazakhstanCalendar

    day = resolve_today(today, DEFAULT_TIMEZONE, _wall_clock)
    # The example's deadlines fall on working days of the calendar `sezctl check` warns about.
    files = build_scaffold(day, KazakhstanCalendar().is_working_day)
    written = write_new_files(folder, files)
    for path in written:
        sys.stdout.write(f"created {path.as_posix()}\n")
    where = "" if folder == Path(".") else f"cd {shlex.quote(str(folder))} && "
    sys.stderr.write(
        f"sezctl: a new roadmap repository; next: {where}sezctl status, then "
        "git init && git add . && git commit -m 'Roadmap'\n"
    )
