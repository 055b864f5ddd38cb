"""Run the command line: register the command being run, then let Typer dispatch it.

Each command group lives in its own module under :mod:`sezctl.cli.commands` and registers its
commands on :data:`sezctl.cli.app.app` when imported.  Typer builds the parameters of every
registered command at each start (about 1 ms a command: signatures and type hints), so a run
imports and registers only the command it runs; help, completion and unknown names get them
all.  This module imports the command modules; they never import it, nor each other.
"""

import importlib
import itertools
import os
import sys

import typer

from sezctl.cli.app import app

COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "sezctl.cli.commands.check": ("check",),
    "sezctl.cli.commands.status": ("status", "owners", "show"),
    "sezctl.cli.commands.critical": ("critical",),
    "sezctl.cli.commands.calendar": ("calendar",),
    "sezctl.cli.commands.edit": ("done", "start", "reschedule", "assign", "off-control"),
    "sezctl.cli.commands.history": ("diff", "history"),
    "sezctl.cli.commands.meeting": ("report",),
    "sezctl.cli.commands.agenda": ("agenda",),
    "sezctl.cli.commands.export": ("export",),
    "sezctl.cli.commands.schema": ("schema",),
    "sezctl.cli.commands.init": ("init",),
}


# Set by the script `sezctl --show-completion` prints, when the shell asks for candidates.
COMPLETION_VARIABLE = "_SEZCTL_COMPLETE"


def main() -> None:
    """Run the command line for ``sys.argv`` (the console script calls it through
    `sezctl.__main__`, which first sets the garbage collector up for a short run)."""
    from sezctl.cli import language

    if os.environ.get(COMPLETION_VARIABLE):
        complete()
        return
    language.choose_for_run(sys.argv[1:])
    language.chosen_by_main = True
    register_commands(sys.argv[1:])
    app(prog_name="sezctl")


def complete() -> None:
    """Answer the shell's request for candidates (:mod:`sezctl.cli.completion`).  Whatever goes
    wrong, nothing but candidates is printed: the output lands in the middle of the command
    line being typed.  A language setting sezctl does not know (``SEZCTL_LANG=de``), which
    every command refuses, just means English here."""
    from sezctl.cli import completion, language
    from sezctl.core.i18n import DEFAULT, use_language
    from sezctl.core.problems import SezctlError

    completion.prepare_completion_run(os.environ)
    try:
        language.apply_language(None)
    except SezctlError:
        use_language(DEFAULT)
    language.chosen_by_main = True
    register_commands(None)
    try:
        app(prog_name="sezctl")
    except KeyboardInterrupt:  # TAB, then Ctrl-C while it reads a large folder
        raise SystemExit(130) from None


def register_commands(argv: list[str] | None = None) -> None:
    """Register every command, or only the one that ``argv`` runs (importing its module).
    Called once per process, by `main`: the commands it leaves out are gone for that process."""
    options = list(itertools.takewhile(lambda arg: arg.startswith("-"), argv or ()))
    command = argv[len(options)] if argv and len(options) < len(argv) else None
    known = {name for names in COMMAND_MODULES.values() for name in names}
    everything = (
        argv is None
        or command not in known  # no command, or one click must reject
        or "--help" in options  # `sezctl --help status` shows the top-level help
        or "-h" in options
        or any(name.endswith("_COMPLETE") for name in os.environ)  # shell completion
    )
    for module, commands in COMMAND_MODULES.items():
        if everything or command in commands:
            importlib.import_module(module)
    if not everything:
        app.registered_commands = [
            info
            for info in app.registered_commands
            if info.callback is not None
            and (info.name or typer.main.get_command_name(info.callback.__name__)) == command
        ]
