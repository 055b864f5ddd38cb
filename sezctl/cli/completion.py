"""What shell completion offers for the values sezctl takes: item references, owner ids, roadmap
ids, languages and git revisions.

Typer's completion (``sezctl --install-completion``, ``--show-completion``) already completes
command names, option names and choices such as ``--format``; the functions here are the
``autocompletion=`` of the other values, named where each option is declared (through
:mod:`sezctl.cli.options`, which imports this module only when the shell asks).  Typer keeps
the candidates that start with what was typed; bash shows the values, zsh and fish each value
with its description.

Decisions kept here:

* Completion runs at every TAB, in a process the shell starts, and its output lands in the
  middle of a command line: it never prints anything but candidates.  Each function offers
  nothing rather than fail, whatever happens: a broken ``sezctl.toml``, no roadmaps folder, a
  file that does not parse, no git, not a repository.
* The files are read as the commands read them: the ``PATH`` arguments already typed, else the
  project's roadmaps folder, each file through the real loader (:mod:`sezctl.source.loader`),
  so what is offered is what the command will find; but without the consistency checks
  (:mod:`sezctl.rules`), which completion does not need.  A file with errors still offers
  what loaded from it; a file that cannot be parsed offers nothing, and the others still do.
* Parsing is most of the time (about 1.2 s of CPU for 10,000 items), so what each file offers
  is kept in a cache, ``$XDG_CACHE_HOME/sezctl/completion/`` (``~/.cache`` by default), one
  JSON file per roadmaps folder: a file whose size, modification and change times and inode
  are those cached is not read again.  The cache is never needed: it is plain data, checked
  when read, and one that is unreadable, damaged or from another version counts as empty; it
  is not written when it cannot be (a read-only home).  It can be deleted at any time, and
  ``SEZCTL_CACHE=0`` turns it off.
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
  as a value); its zsh script quotes a description in single quotes, where an apostrophe
  would vanish, as would a double quote.  So descriptions are markup-escaped, their quotes
  and apostrophes written as typographic ones (“ ” ’), and
  :func:`prepare_completion_run` sets the width Rich wraps at out of reach.  The zsh and fish
  tests of tests/test_completion.py drive both in the real shells.
"""

# No `from __future__ import annotations`: Typer reads the annotations of these functions
# (which parameter is the context, which the text typed) at each start.

import os
import re
from collections.abc import Iterable, MutableMapping
from pathlib import Path
from typing import Any, NamedTuple

import typer

from sezctl.core.i18n import LANGUAGES, N_, _, format_day

Candidates = list[tuple[str, str]]

# A value offered must survive every shell's completion unquoted (ids are slugs; git branch
# names may hold more, but nothing a shell reads specially).  Patterns are compiled on first
# use: this module is imported by every run, completing or not.
OFFERABLE = r"[^\s'\"\\`$;&|<>()*?\[\]{}!#]+"
OPENING_QUOTE = r'"(?=\w)'
DESCRIPTION_CHARS = 80
CACHE_VERSION = 1

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
    :data:`DESCRIPTION_CHARS`, safe from Rich and zsh's quoting (module docstring)."""
    if not text:
        return ""
    from rich.markup import escape

    line = " ".join("".join(char if char.isprintable() else " " for char in text).split())
    if len(line) > DESCRIPTION_CHARS:
        line = line[: DESCRIPTION_CHARS - 1] + "…"
    line = re.sub(OPENING_QUOTE, "“", line).replace('"', "”").replace("'", "’")
    return escape(line)


def _offer(pairs: Iterable[tuple[str, str | None]], incomplete: str) -> Candidates:
    """The pairs whose value starts with ``incomplete`` and a shell can take as it is, each
    description on one line (made only for those: a folder may offer 20,000 values)."""
    return [
        (value, _one_line(help))
        for value, help in pairs
        if value.startswith(incomplete) and re.fullmatch(OFFERABLE, value)
    ]


# -- what the files offer -------------------------------------------------------------------


class Offered(NamedTuple):
    """What the roadmap files offer: roadmaps ``(id, title)``, items ``(roadmap id, item id,
    title)``, owners ``(id, name)``, in file order."""

    roadmaps: list[tuple[str, str]]
    items: list[tuple[str, str, str]]
    owners: list[tuple[str, str]]


def read_offered(path: Path) -> Offered:
    """What one file offers, read with the real loader and no checks."""
    from sezctl.source.loader import load_roadmaps

    portfolio = load_roadmaps([path]).portfolio
    return Offered(
        [(roadmap.id, roadmap.title) for roadmap in portfolio.roadmaps],
        [(item.roadmap, item.id, item.title) for item in portfolio.items],
        [(owner.id, owner.name) for owner in portfolio.owner_definitions],
    )


def _fingerprint(path: Path) -> list[int]:
    """What changes when a file's content may have: size, times and inode."""
    info = path.stat()
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _cache_file(named: list[Path]) -> Path | None:
    """The cache of the folders ``named``, or None when caching is off or has no home."""
    import hashlib

    if os.environ.get("SEZCTL_CACHE") == "0":
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    key = "\0".join(sorted(str(path.resolve()) for path in named))
    return Path(base, "sezctl", "completion", hashlib.sha256(key.encode()).hexdigest()[:32])


def _rows(value: Any, width: int) -> list[Any]:
    """A cached list of rows of ``width`` strings; anything else is a damaged cache."""
    if not isinstance(value, list):
        raise ValueError
    rows = [tuple(row) for row in value]
    if any(len(row) != width or not all(isinstance(cell, str) for cell in row) for row in rows):
        raise ValueError
    return rows


def _read_cache(cache: Path) -> dict[str, tuple[list[int], Offered]]:
    """The cached files, ``{resolved path: (fingerprint, offered)}``; empty when the cache is
    missing, unreadable, damaged or of another version."""
    import json

    try:
        data = json.loads(cache.read_bytes())
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return {}
        entries = {}
        for name, entry in data["files"].items():
            fingerprint = entry["fingerprint"]
            if not isinstance(fingerprint, list) or not all(type(n) is int for n in fingerprint):
                raise ValueError
            offered = Offered(
                _rows(entry["roadmaps"], 2), _rows(entry["items"], 3), _rows(entry["owners"], 2)
            )
            entries[str(name)] = (fingerprint, offered)
        return entries
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _write_cache(cache: Path, entries: dict[str, tuple[list[int], Offered]]) -> None:
    """Replace the cache at once (a reader sees the old one or the new one); a cache that
    cannot be written is simply not written."""
    import json

    files = {
        name: {"fingerprint": fingerprint, **offered._asdict()}
        for name, (fingerprint, offered) in entries.items()
    }
    from sezctl.core.cachefile import write_cache

    data = json.dumps({"version": CACHE_VERSION, "files": files}, ensure_ascii=False)
    write_cache(cache, data.encode("utf-8"))


def offered_by_files(named: list[Path]) -> Offered:
    """What the roadmap files under ``named`` offer, each file read only when it changed since
    the cache saw it (module docstring)."""
    from sezctl.source.loader import list_roadmap_files

    files = list_roadmap_files(named)
    cache = _cache_file(named)
    cached = _read_cache(cache) if cache is not None else {}
    entries = {}
    for path in files:
        name = str(path.resolve())
        fingerprint = _fingerprint(path)
        hit = cached.get(name)
        entries[name] = hit if hit and hit[0] == fingerprint else (fingerprint, read_offered(path))
    if cache is not None and entries != cached:
        _write_cache(cache, entries)
    merged = Offered([], [], [])
    for _unchanged, offered in entries.values():
        merged.roadmaps.extend(offered.roadmaps)
        merged.items.extend(offered.items)
        merged.owners.extend(offered.owners)
    return merged


def _offered(ctx: typer.Context) -> Offered:
    """What the files the command would read offer (module docstring); nothing when anything
    is in the way."""
    try:
        from sezctl.cli.language import project_config
        from sezctl.source.config import roadmap_paths

        # PATH arguments typed before the value being completed: parsed, or (when Click's
        # lenient parsing stopped at that value) left in ctx.args; a word that names no file
        # or folder is some other argument.
        typed = [Path(path) for path in ctx.params.get("paths") or ()]
        typed += [Path(arg) for arg in ctx.args if Path(arg).exists()]
        named = roadmap_paths(typed or None, project_config(Path.cwd()))
        return offered_by_files(named)
    except Exception:  # completion offers nothing rather than print (module docstring)
        return Offered([], [], [])


# -- the autocompletion functions -----------------------------------------------------------


def _first(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """``{key: value}`` of the first pair with each key, as the loader keeps the first
    definition of a duplicate."""
    found: dict[str, str] = {}
    for key, value in pairs:
        found.setdefault(key, value)
    return found


def complete_items(ctx: typer.Context, incomplete: str) -> Candidates:
    """Every ``roadmap-id/item-id``, and each bare item id that is unique across roadmaps."""
    refs = _first((f"{roadmap}/{item}", title) for roadmap, item, title in _offered(ctx).items)
    roadmaps_of: dict[str, int] = {}
    for ref in refs:
        item = ref.split("/", 1)[1]
        roadmaps_of[item] = roadmaps_of.get(item, 0) + 1
    pairs = list(refs.items())
    pairs += [
        (ref.split("/", 1)[1], title)
        for ref, title in refs.items()
        if roadmaps_of[ref.split("/", 1)[1]] == 1
    ]
    return _offer(pairs, incomplete)


def complete_owners(ctx: typer.Context, incomplete: str) -> Candidates:
    """The ids of the owners registry, each with the owner's name."""
    return _offer(_first(_offered(ctx).owners).items(), incomplete)


def complete_roadmaps(ctx: typer.Context, incomplete: str) -> Candidates:
    """The roadmap ids, each with the roadmap's title."""
    return _offer(_first(_offered(ctx).roadmaps).items(), incomplete)


def complete_languages(ctx: typer.Context, incomplete: str) -> Candidates:
    """kk, ru and en, each with its name in its own language."""
    return _offer(LANGUAGES.items(), incomplete)


def complete_revisions(ctx: typer.Context, incomplete: str) -> Candidates:
    """``HEAD``, ``HEAD~N``, branches and tags of the repository that holds the roadmaps,
    each with the date and the subject of the commit it names."""
    try:
        from datetime import date

        from sezctl.cli.language import project_config
        from sezctl.core.problems import SezctlError
        from sezctl.history import git

        try:
            roadmaps = project_config(Path.cwd()).roadmaps
        except SezctlError:  # a broken sezctl.toml: git still knows the revisions
            roadmaps = None
        folder = roadmaps if roadmaps is not None and roadmaps.is_dir() else Path.cwd()
        pairs = []
        for name in git.list_revision_names(folder):
            day = format_day(date.fromisoformat(name.day)) if name.day else ""
            if name.kind == "commit":  # HEAD~N: the date and subject say which one
                pairs.append((name.name, f"{day}: {name.subject}"))
            else:
                kind = _(REVISION_KINDS.get(name.kind, name.kind))
                pairs.append((name.name, f"{kind}, {day}: {name.subject}" if day else kind))
        return _offer(pairs, incomplete)
    except Exception:  # completion offers nothing rather than print (module docstring)
        return []
