"""``sezctl check``: validate the roadmap files, and with ``--base REV`` the change policy
(:mod:`sezctl.rules.policy`); with ``--format github`` also the job summary in
``$GITHUB_STEP_SUMMARY``."""

# No `from __future__ import annotations`: Typer reads this module's annotations when the
# command runs, and as strings they would be evaluated each time.

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from sezctl.cli.app import EXIT_OK, EXIT_PROBLEMS, app, handle_errors
from sezctl.cli.options import (
    AsOfOption,
    CheckFormat,
    CheckFormatOption,
    LangOption,
    PathsArgument,
    TodayOption,
    complete_revisions,
)
from sezctl.cli.output import render
from sezctl.cli.session import Session
from sezctl.core.i18n import N_, _
from sezctl.core.model import Portfolio
from sezctl.core.problems import Problem, Severity, SezctlError
from sezctl.render import CHECK
from sezctl.reports.check import CheckReport


@app.command(
    help=N_(
        "Validate roadmap files: YAML, the format, and deadline consistency.\n"
        "\n"
        "Every problem in every file is reported as path:line:col: severity[code]: message.\n"
        "Exit 0 when clean, 1 when problems are found (warnings only with --strict), 2 on a\n"
        "usage or I/O error.\n"
        "\n"
        "Examples:\n"
        "  sezctl check\n"
        "  sezctl check roadmaps/infrastructure.yaml --strict\n"
        "  sezctl check --format json | jq '.summary'\n"
        "  sezctl check --base origin/main --format github\n"
        "  sezctl check --as-of 2026-11-19     the files as committed then"
    )
)
@handle_errors
def check(
    paths: PathsArgument = None,
    output_format: CheckFormatOption = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help=N_("Fail on warnings too."))] = False,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            metavar=N_("REV"),
            help=N_("Also check the change policy against this git revision (see docs/ci.md)."),
            show_default=False,
            autocompletion=complete_revisions,
        ),
    ] = None,
    today: TodayOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
) -> None:
    """Validate roadmap files: YAML, the format, and deadline consistency."""
    session = Session(paths, today, as_of=as_of)
    portfolio, problems = session.load_and_check(deadline_check=True)
    if base is not None:
        policy = change_policy_problems(session, portfolio, problems, base)
        problems = sorted(problems + policy)
    render(CHECK, CheckReport(problems, len(session.files)), output_format.value)
    if output_format in (CheckFormat.text, CheckFormat.github):
        from sezctl.render.problems import count_summary

        sys.stderr.write(count_summary(problems, len(session.files)) + "\n")
    if output_format is CheckFormat.github:
        write_step_summary(problems, len(session.files))
    failing = [p for p in problems if strict or p.severity is Severity.ERROR]
    raise typer.Exit(EXIT_PROBLEMS if failing else EXIT_OK)


def change_policy_problems(
    session: Session,
    portfolio: Portfolio,
    problems: list[Problem],
    revision: str,
) -> list[Problem]:
    """The change-policy problems of the checked files since ``revision`` (``check --base``).
    The rules switched on and the roadmaps folder compared are those of ``revision``'s
    sezctl.toml (`sezctl.history.revision.load_base`): a change cannot opt out of its check."""
    from sezctl.history.revision import load_base
    from sezctl.rules.policy import PolicyContext, check_change_policy, enabled_rules

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
    config = base.config
    enabled = enabled_rules(config.disabled_policy_rules, config.enabled_policy_rules)
    return check_change_policy(context, enabled)


def write_step_summary(problems: list[Problem], files: int) -> None:
    """Append the Markdown summary to ``$GITHUB_STEP_SUMMARY`` when GitHub Actions set it."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from sezctl.render.github import render_step_summary

    try:
        with open(target, "a", encoding="utf-8") as summary:
            summary.write(render_step_summary(CheckReport(problems, files)))
    except OSError as exc:
        raise SezctlError(
            _("cannot write the job summary to {path}: {reason}").format(
                path=target, reason=exc.strerror
            )
        ) from None
