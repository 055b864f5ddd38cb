"""The words of Typer and Click in the language of the run, and when sezctl's help is translated.

Decisions kept here:

* Every help text sezctl declares (a command's ``help=``, an option's ``help=``, a metavar) is
  marked with ``N_()`` and translated when the command is about to be used: when it reads its
  arguments, when its help is shown, when the top-level help lists it.  Typer builds the Click
  objects at each start, before a run through its test runner has chosen a language, so a text
  translated when its module is imported could be in the wrong one.
* The top-level group chooses the language from the raw arguments before Click reads any of
  them (`sezctl.cli.language.choose_for_run`): the help, a usage error and ``sezctl`` alone
  speak it whatever the order of ``--lang`` and ``--help``, in a real process or in the tests.
* The help is Click's plain layout (``rich_markup_mode=None`` in :mod:`sezctl.cli.app`).  The
  constants of ``typer.rich_utils`` (panel titles, ``[default: …]``, and the highlighter's
  ``Usage: `` regex) serve only Rich's layout, so setting them would change nothing.  Click's
  own words are replaced through its extension points, with no global state changed:
  ``Context.formatter_class`` (:class:`TranslatedHelpFormatter`: ``Usage:``, the headings, the
  ``[default: …]``, ``[env var: …]``, ``[required]`` notes), the command classes Typer takes as
  ``cls`` (the texts above, the ``--help`` option's own help, ``[OPTIONS]``), and the usage
  errors, which :class:`TranslatedGroup` turns into :class:`TranslatedUsageError` where they
  are raised (parsing, finding the command), so that Typer shows them with our ``show()``, exit
  code 2 kept.
* A usage error's text is found by matching Click's English message against the templates of
  :data:`USAGE_ERRORS` (their English is Click's, word for word): the message is what Click
  guarantees to print, while the attributes of its exception classes are not public.  A
  message no template matches is shown in English, never garbled.
* Typer 0.28 vendors Click as ``typer._click``, which it calls private and subject to change;
  the few names taken from it are imported here and nowhere else, and the English and
  translated help goldens of tests/test_i18n_cli.py fail the day they move.
* Click keeps a paragraph as written (no re-wrapping) when it starts with a ``\\b`` line.  That
  control character would be invisible in the catalogs, so the texts hold none: a paragraph
  with an indented line (the examples) gets its ``\\b`` here, when the help is shown.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from sezctl.core.i18n import N_, _

if TYPE_CHECKING:
    from typer._click.core import Context

# Click's and Typer's words, marked for the catalog; their English is Typer 0.28's own.
HELP_OPTION_HELP = N_("Show this message and exit.")
TYPER_TEXTS = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)

# Click's usage errors, the longer of two that start alike first.  `{reason}` is one of
# REASONS (what a type says about a value), translated in turn.
USAGE_ERRORS = (
    N_("No such option: {option} (Possible options: {options})"),
    N_("No such option: {option}"),
    N_("Missing argument {name}."),
    N_("Missing option {name}."),
    N_("Invalid value for {name}: {reason}"),
    N_("Invalid value: {reason}"),
    N_("Got unexpected extra argument(s) ({arguments})"),
    N_("Option {name} requires an argument."),
    N_("Option {name} does not take a value."),
    N_("No such command {name}. Did you mean {suggestions}?"),
    N_("No such command {name}."),
    N_("Missing command."),
)
REASONS = (
    N_("{value} is not one of {choices}."),
    N_("{value} is not in the range {range}."),
    N_("{value} is not a valid integer."),
    N_("{value} is not a valid int range."),
)

# The notes Typer appends to an option's help: "  [env var: X; default: Y; 1<=x<=9; required]"
# (compiled on first use, like the patterns below: most runs show no help).
NOTES = r"(?P<help>.*?)(?P<gap>  )?\[(?P<notes>[^\[\]]*)\]"
NOTE_TEMPLATES = {"default: ": N_("default: {default}"), "env var: ": N_("env var: {var}")}
REQUIRED = N_("required")


@functools.cache
def _pattern(template: str) -> re.Pattern[str]:
    """A regex that matches what ``template`` prints, each ``{name}`` a named group."""
    pieces = re.split(r"\{(\w+)\}", template)
    return re.compile(
        "".join(
            re.escape(piece) if index % 2 == 0 else f"(?P<{piece}>.+?)"
            for index, piece in enumerate(pieces)
        ),
        re.DOTALL,
    )


def translate_click_message(message: str, templates: Sequence[str] = USAGE_ERRORS) -> str:
    """Click's English ``message`` in the language of the run, or as it is when no template
    matches it."""
    for template in templates:
        match = _pattern(template).fullmatch(message)
        if match is not None:
            values = match.groupdict()
            if "reason" in values:
                values["reason"] = translate_click_message(values["reason"], REASONS)
            return _(template).format(**values)
    return message


def translate_notes(text: str) -> str:
    """The ``[default: …; required]`` notes at the end of an option's help, translated."""
    match = re.fullmatch(NOTES, text, re.DOTALL)
    if match is None:
        return text
    notes = []
    for note in match["notes"].split("; "):
        if note == REQUIRED:
            note = _(REQUIRED)
        for prefix, template in NOTE_TEMPLATES.items():
            if note.startswith(prefix):
                note = _(template).format(default=note[len(prefix) :], var=note[len(prefix) :])
        notes.append(note)
    return f"{match['help']}{match['gap'] or ''}[{'; '.join(notes)}]"


def keep_examples_as_written(text: str) -> str:
    """``text`` with Click's ``\\b`` before each paragraph that has an indented line (and no
    ``\\b`` yet: a help taken from a docstring may have one)."""
    return "\n\n".join(
        f"\b\n{paragraph}"
        if not paragraph.startswith("\b")
        and any(line.startswith(" ") for line in paragraph.splitlines())
        else paragraph
        for paragraph in text.split("\n\n")
    )


def first_sentence(text: str) -> str:
    """A command's summary in the list of commands and in completion menus: the first sentence
    of its help, whole.  (Click cuts the first paragraph at the width left beside the name and
    ends it with "...", however wide the terminal; the list wraps a long sentence instead.)"""
    words = text.split("\n\n", 1)[0].split()
    if words[:1] == ["\b"]:
        words = words[1:]
    for index, word in enumerate(words):
        if word.endswith((".", "?", "!")):
            return " ".join(words[: index + 1])
    return " ".join(words)


class TranslatedHelpFormatter(HelpFormatter):
    """Click's help layout with its words in the language of the run."""

    _heading = ""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self._heading = heading
        super().write_heading(_(heading))

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        if self._heading != "Commands":  # a command's summary has no notes
            rows = [(term, translate_notes(text)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


class TranslatedContext(typer.Context):
    formatter_class = TranslatedHelpFormatter


class TranslatedUsageError(UsageError):
    """A usage error of Click, shown in the language of the run (same layout, same exit code)."""

    def __init__(self, error: UsageError) -> None:
        super().__init__(error.format_message(), error.ctx)
        self.exit_code = error.exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        text = ""
        if self.ctx is not None:
            hint = ""
            if self.ctx.command.get_help_option(self.ctx) is not None:
                hint = _("Try '{command} {option}' for help.").format(
                    command=self.ctx.command_path, option=self.ctx.help_option_names[0]
                )
                hint += "\n"
            text = f"{self.ctx.get_usage()}\n{hint}\n"
        message = translate_click_message(self.message)
        text += _("Error: {message}").format(message=message) + "\n"
        typer.echo(text, file=file, nl=False, err=True)


@contextlib.contextmanager
def usage_errors_translated() -> Iterator[None]:
    """Raise Click's usage errors as :class:`TranslatedUsageError` (``sezctl`` alone, which
    shows the help, stays as it is)."""
    try:
        yield
    except (NoArgsIsHelpError, TranslatedUsageError):
        raise
    except UsageError as error:
        raise TranslatedUsageError(error) from None


def translate_texts(command: TranslatedCommand | TranslatedGroup) -> None:
    """The help texts and metavars of ``command`` in the language of the run, once."""
    if command.texts_translated:
        return
    command.texts_translated = True
    if command.help:
        command.help = keep_examples_as_written(_(command.help))
    if command.short_help:
        command.short_help = _(command.short_help)
    if command.options_metavar:
        command.options_metavar = _(command.options_metavar)
    if isinstance(command, TranslatedGroup) and command.subcommand_metavar:
        command.subcommand_metavar = _(command.subcommand_metavar)
    for param in command.params:
        if isinstance(param, TyperOption | TyperArgument) and param.help:
            param.help = _(param.help)
        if isinstance(param.metavar, str):
            param.metavar = _(param.metavar)


def translate_help_option(command: TyperCommand | TyperGroup, ctx: Context) -> None:
    """The ``--help`` option's own help (Click makes that option when it is first asked for)."""
    option = command.get_help_option(ctx)
    if option is not None:
        option.help = _(HELP_OPTION_HELP)


class TranslatedCommand(TyperCommand):
    """A command whose help, usage line and errors are in the language of the run."""

    context_class = TranslatedContext
    texts_translated = False

    def make_context(
        self, info_name: str | None, args: list[str], parent: Context | None = None, **extra: Any
    ) -> Context:
        translate_texts(self)
        return super().make_context(info_name, args, parent, **extra)

    def get_short_help_str(self, limit: int = 45) -> str:
        translate_texts(self)
        if self.help and not self.short_help:
            return first_sentence(self.help)
        return super().get_short_help_str(limit)

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        translate_texts(self)
        translate_help_option(self, ctx)
        super().format_help(ctx, formatter)


class TranslatedGroup(TyperGroup):
    """The top-level ``sezctl``: it chooses the language before reading any argument, and its
    own help and usage errors (and those of its commands) are in that language."""

    context_class = TranslatedContext
    texts_translated = False

    def make_context(
        self, info_name: str | None, args: list[str], parent: Context | None = None, **extra: Any
    ) -> Context:
        if parent is None:
            from sezctl.cli.language import choose_for_run

            choose_for_run(args)
        translate_texts(self)
        with usage_errors_translated():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Context) -> Any:
        with usage_errors_translated():
            return super().invoke(ctx)

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        translate_texts(self)
        translate_help_option(self, ctx)
        super().format_help(ctx, formatter)
