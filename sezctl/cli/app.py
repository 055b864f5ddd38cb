"""The Typer application, the exit codes and the one place that turns errors into them.

The command line is a package: this module (the ``app`` and the error handling),
:mod:`~sezctl.cli.options` (option declarations shared by the commands),
:mod:`~sezctl.cli.clicktext` (Typer's and Click's words, and the help, in the run's language),
:mod:`~sezctl.cli.session` (the files, the date and the project one command works on),
:mod:`~sezctl.cli.output` (everything printed) and one module per command group in
:mod:`sezctl.cli.commands`, which :mod:`sezctl.cli.main` imports for the command being run.
Only this package imports Typer and prints; nothing outside it imports it.

Exit codes, decided here and nowhere else:

====  =====================================================================================
0     success: no problems (``check``), nothing that fails the run (``status``)
1     problems found: invalid or inconsistent roadmap files; warnings too with ``--strict``;
      a breach of the change policy with ``check --base``; anything overdue with
      ``status --fail-on-overdue``
2     usage or environment error: bad option or argument, unreadable or missing path,
      unknown item, bad ``--today``, no roadmaps folder, bad ``sezctl.toml``; git missing,
      no repository or an unknown revision for ``--base`` and the history commands
      (``diff``, ``history``, ``report``, ``--baseline``, ``--as-of``); a file ``init`` would
      overwrite
3     internal error (a bug in sezctl): a short "please report" message, no traceback
====  =====================================================================================
"""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and as strings they would be evaluated again each time (1.5 ms of every run).

import functools
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from sezctl import __version__
from sezctl.cli.clicktext import TranslatedCommand, TranslatedGroup
from sezctl.cli.output import print_error
from sezctl.core.i18n import N_, _, localize
from sezctl.core.problems import SezctlError

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

BUG_REPORT_HINT = N_(
    "This is a bug in sezctl, not in your files. Please report it with the command you ran "
    "and the output above (set SEZCTL_DEBUG=1 to see the traceback)."
)

F = TypeVar("F", bound=Callable[..., Any])


class SezctlTyper(typer.Typer):
    """A Typer whose commands speak the language of the run (`sezctl.cli.clicktext`): every
    ``@app.command`` is a :class:`~sezctl.cli.clicktext.TranslatedCommand` unless it says
    otherwise, so a new command cannot forget it."""

    def command(  # type: ignore[override]
        self, name: str | None = None, *, cls: type[TranslatedCommand] | None = None, **kwargs: Any
    ) -> Callable[[F], F]:
        return super().command(name, cls=cls or TranslatedCommand, **kwargs)


# Help texts are marked with N_() and translated when shown (sezctl.cli.clicktext).
app = SezctlTyper(
    name="sezctl",
    cls=TranslatedGroup,
    help=N_("Roadmaps as plain YAML files: validate deadlines, see what is late and who owns it."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def handle_errors(command: F) -> F:
    """Turn environment errors into exit 2 and bugs into exit 3, in one place."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except SezctlError as exc:
            # A message made with M() (sezctl.core.i18n) is shown in the language of the run.
            print_error(localize(exc.args[0]) if len(exc.args) == 1 else str(exc))
            raise typer.Exit(EXIT_USAGE) from None
        except BrokenPipeError:
            # The reader went away (`sezctl status | head`): not an error worth a message.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(EXIT_OK) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except Exception as exc:
            if os.environ.get("SEZCTL_DEBUG"):
                raise
            print_error(
                _("internal error: {kind}: {error}").format(kind=type(exc).__name__, error=exc)
            )
            sys.stderr.write(_(BUG_REPORT_HINT) + "\n")
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"sezctl {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help=N_("Show the version and exit."),
        ),
    ] = False,
) -> None:
    """Roadmaps as plain YAML files: validate deadlines, see what is late and who owns it.

    \b
    Examples:
      sezctl status                       what is overdue today
      sezctl check                        validate every roadmap file (for CI)
      sezctl status --today 2026-11-26    the picture as of a past meeting
    """
