"""Everything the command line writes: report output on stdout, diagnostics on stderr.

Only the CLI prints (renderers return strings or Rich renderables); this module is where it
does.  Data goes to stdout, so ``sezctl status --format json | jq`` always works; warnings,
progress and errors go to stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

from sezctl.core.i18n import _

if TYPE_CHECKING:
    from rich.console import RenderableType

    from sezctl.core.problems import Problem
    from sezctl.render import Renderers

R = TypeVar("R")

# A history walk this long shows its progress on a terminal.
PROGRESS_FROM = 200


def print_error(message: str) -> None:
    """One ``sezctl: error: ...`` line on stderr (the exit code is decided by the caller)."""
    sys.stderr.write(_("sezctl: error: {message}").format(message=message) + "\n")


def print_problems(problems: Iterable[Problem]) -> None:
    """Problems on stderr, one ``path:line:col: severity[code]: message`` line each."""
    from sezctl.render.text import problem_line

    for problem in sorted(set(problems)):
        sys.stderr.write(problem_line(problem) + "\n")


def emit(output: str | RenderableType) -> None:
    """Write a renderer's result to stdout: strings as they are, Rich renderables via Console."""
    if isinstance(output, str):
        sys.stdout.write(output)
        sys.stdout.flush()
        return
    from rich.console import Console

    Console(highlight=False, emoji=False, markup=False).print(output)


def render(renderers: Renderers[R], report: R, fmt: str) -> None:
    """Lay ``report`` out in ``fmt`` with its family's renderer, and write it to stdout."""
    emit(renderers.render(report, fmt))


def progress_printer() -> Callable[[int, int], None] | None:
    """A progress line on stderr for long history walks, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total >= PROGRESS_FROM and (done % 50 == 0 or done == total - 1):
            end = "\n" if done == total - 1 else ""
            line = _("reading history: commit {number} of {total}").format(
                number=done + 1, total=total
            )
            sys.stderr.write(f"\r{line}{end}")

    return show
