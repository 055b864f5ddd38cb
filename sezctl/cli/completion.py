"""What shell completion offers for the values sezctl takes: item references, owner ids, roadmap
ids, languages and git revisions.

Typer's completion (``sezctl --install-completion``, ``--show-completion``) already completes
command names, option names and choices such as ``--format``; the functions here are the
``autocompletion=`` of the other values, named where each option is declared
(:mod:`sezctl.cli.options` and the commands).  Typer keeps the candidates that start with what
was typed; bash shows the values, zsh and fish each value with its description.

Decisions kept here:

* Completion runs at every TAB, in a process the shell starts, and its output lands in the
  middle of a command line: it never prints anything but candidates.  Each function offers
  nothing rather than fail, whatever happens: a broken ``sezctl.toml``, no roadmaps folder, a
  file that does not parse, no git, not a repository.
* The files are read as the commands read them: the ``PATH`` arguments already typed, else the
  project's roadmaps folder, through the real loader (:mod:`sezctl.source.loader`), so what is
  offered is what the command will find; but without the consistency checks
  (:mod:`sezctl.rules`), which completion does not need.  A file with errors still offers what
  loaded from it; a file that cannot be parsed offers nothing, and the others still do.
* An item is offered as ``roadmap-id/item-id``, and by its bare id when that id is unique
  across roadmaps (what the commands accept: `sezctl.reports.status.find_ref`).
* Revisions come from git (:func:`sezctl.history.git.list_revision_names`, the one module
  that runs git, without a shell): ``HEAD``, ``HEAD~1`` ... ``HEAD~9``, then branches,
  remote-tracking branches and tags, newest first.  A date, which the same options accept, is
  not offered: there is no list of dates to choose from.
* A description is text from the files or from git (a title, a name, a commit subject): it is
  put on one line and stripped of control characters, so a title cannot drive the terminal
  through zsh's or fish's menu.  A value that a shell would have to quote is never offered.
* Typer 0.28 passes each description through Rich (``typer.rich_utils.rich_render_text``)
  before zsh and fish see it, which reads ``[...]`` as markup (``[/]`` in a title would end
  completion with a traceback) and wraps long text into a second line (which fish would offer
  as a value): descriptions are markup-escaped here, and :func:`prepare_completion_run` sets
  the width Rich wraps at out of reach.  The zsh and fish tests of tests/test_completion.py
  drive both in the real shells.
"""

# No `from __future__ import annotations`: Typer reads the annotations of these functions
# (which parameter is the context, which the text typed) at each start.

import re
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import typer

from sezctl.core.i18n import LANGUAGES, N_, _, format_day

Candidates = list[tuple[str, str]]

# A value offered must survive every shell's completion unquoted (ids are slugs; git branch
# names may hold more, but nothing a shell reads specially).
_OFFERABLE = re.compile(r"[^\s'\"\\`$;&|<>()*?\[\]{}!#]+")
DESCRIPTION_CHARS = 80

REVISION_KINDS = {
    "branch": N_("branch"),
    "remote": N_("remote branch"),
    "tag": N_("tag"),
}


def prepare_completion_run(environ: MutableMapping[str, str]) -> None:
    """Before a completion run (`sezctl.cli.main.main`): Rich, which Typer writes descriptions
    through, never wraps one (module docstring)."""
    environ["TERMINAL_WIDTH"] = "100000"


def _one_line(text: str | None) -> str:
    """``text`` as a description: one line, printable characters only, cut at
    :data:`DESCRIPTION_CHARS`, Rich's markup escaped (module docstring)."""
    if not text:
        return ""
    from rich.markup import escape

    line = " ".join("".join(char if char.isprintable() else " " for char in text).split())
    return escape(line if len(line) <= DESCRIPTION_CHARS else line[: DESCRIPTION_CHARS - 1] + "…")


def _offer(pairs: list[tuple[str, str | None]]) -> Candidates:
    """The pairs whose value a shell can take as it is, each description on one line."""
    return [(value, _one_line(help)) for value, help in pairs if _OFFERABLE.fullmatch(value)]


def _portfolio(ctx: typer.Context) -> Any:
    """The project's files as the command would read them (module docstring), loaded without
    checks; None when anything is in the way."""
    try:
        from sezctl.cli.language import project_config
        from sezctl.source.config import roadmap_paths
        from sezctl.source.loader import list_roadmap_files, load_roadmaps

        named = ctx.params.get("paths") or None
        files = list_roadmap_files(roadmap_paths(named, project_config(Path.cwd())))
        return load_roadmaps(files).portfolio
    except Exception:  # completion offers nothing rather than print (module docstring)
        return None


def complete_items(ctx: typer.Context, incomplete: str) -> Candidates:
    """Every ``roadmap-id/item-id``, and each bare item id that is unique across roadmaps."""
    portfolio = _portfolio(ctx)
    if portfolio is None:
        return []
    items = portfolio.items_by_ref.values()
    roadmaps_of: dict[str, int] = {}
    for item in items:
        roadmaps_of[item.id] = roadmaps_of.get(item.id, 0) + 1
    pairs = [(item.ref, item.title) for item in items]
    pairs += [(item.id, item.title) for item in items if roadmaps_of[item.id] == 1]
    return _offer(pairs)


def complete_owners(ctx: typer.Context, incomplete: str) -> Candidates:
    """The ids of the owners registry, each with the owner's name."""
    portfolio = _portfolio(ctx)
    if portfolio is None:
        return []
    return _offer([(owner.id, owner.name) for owner in portfolio.owners.values()])


def complete_roadmaps(ctx: typer.Context, incomplete: str) -> Candidates:
    """The roadmap ids, each with the roadmap's title."""
    portfolio = _portfolio(ctx)
    if portfolio is None:
        return []
    return _offer([(roadmap.id, roadmap.title) for roadmap in portfolio.roadmaps])


def complete_languages(incomplete: str) -> Candidates:
    """kk, ru and en, each with its name in its own language."""
    return list(LANGUAGES.items())


def complete_revisions(ctx: typer.Context, incomplete: str) -> Candidates:
    """``HEAD``, ``HEAD~N``, branches and tags of the repository that holds the roadmaps,
    each with the kind, the date and the subject of the commit it names."""
    try:
        from datetime import date

        from sezctl.cli.language import project_config
        from sezctl.history import git

        roadmaps = project_config(Path.cwd()).roadmaps
        folder = roadmaps if roadmaps is not None and roadmaps.is_dir() else Path.cwd()
        names = git.list_revision_names(folder)
        pairs: list[tuple[str, str | None]] = []
        for name in names:
            day = format_day(date.fromisoformat(name.day)) if name.day else ""
            kind = _(REVISION_KINDS.get(name.kind, name.kind))
            if name.kind == "commit":  # HEAD~N: the date and subject say which one
                pairs.append((name.name, f"{day}: {name.subject}"))
            else:
                pairs.append((name.name, f"{kind}, {day}: {name.subject}" if day else kind))
        return _offer(pairs)
    except Exception:  # completion offers nothing rather than print (module docstring)
        return []
