"""Where the roadmaps are, the optional ``sezctl.toml``, and what "today" means.

Run from any folder inside a repository, sezctl walks up to the repository root looking for a
``sezctl.toml`` or a ``roadmaps/`` folder.  "Today" is an input: the ``--today`` option (or the
``SEZCTL_TODAY`` variable) wins; otherwise the CLI passes the current time, which is read in the
configured time zone (Asia/Almaty by default), not in the machine's.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path

from sezctl.dates import DateFormatError, parse_date
from sezctl.problems import SezctlError
from sezctl.report import DEFAULT_WARNING_DAYS

CONFIG_FILE = "sezctl.toml"
DEFAULT_ROADMAPS = "roadmaps"
DEFAULT_TIMEZONE = "Asia/Almaty"


@dataclass(frozen=True, slots=True)
class Config:
    """Project settings; every field has a default so a project needs no config file."""

    roadmaps: Path | None = None
    timezone: str = DEFAULT_TIMEZONE
    warning_days: int = DEFAULT_WARNING_DAYS
    source: Path | None = None


_CONFIG_KEYS = {"roadmaps": str, "timezone": str, "warning_days": int}


def read_config(path: Path) -> Config:
    """Read a ``sezctl.toml``; a malformed one is an environment error (exit 2)."""
    import tomllib  # only projects with a config file pay for the import

    shown = os.path.relpath(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SezctlError(f"{shown}: cannot read the config file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SezctlError(f"{shown}: invalid TOML: {exc}") from None
    for key, value in data.items():
        expected = _CONFIG_KEYS.get(key)
        if expected is None:
            raise SezctlError(
                f"{shown}: unknown setting {key!r}; known settings: {', '.join(_CONFIG_KEYS)}"
            )
        if not isinstance(value, expected) or isinstance(value, bool):
            raise SezctlError(f"{shown}: {key} must be a {expected.__name__}")
    if data.get("warning_days", 0) < 0:
        raise SezctlError(f"{shown}: warning_days cannot be negative")
    return Config(
        roadmaps=path.parent / data.get("roadmaps", DEFAULT_ROADMAPS),
        timezone=data.get("timezone", DEFAULT_TIMEZONE),
        warning_days=data.get("warning_days", DEFAULT_WARNING_DAYS),
        source=path,
    )


def find_project(start: Path) -> Config:
    """Walk up from ``start`` to the repository root for ``sezctl.toml`` or ``roadmaps/``."""
    folder = start.resolve()
    while True:
        config_file = folder / CONFIG_FILE
        if config_file.is_file():
            return read_config(config_file)
        if (folder / DEFAULT_ROADMAPS).is_dir():
            return Config(roadmaps=folder / DEFAULT_ROADMAPS)
        if (folder / ".git").exists() or folder.parent == folder:
            return Config()
        folder = folder.parent


def roadmap_paths(arguments: list[Path] | None, config: Config) -> list[Path]:
    """Paths named on the command line, or the project's roadmaps folder."""
    if arguments:
        return arguments
    if config.roadmaps is None:
        raise SezctlError(
            "no roadmaps/ folder here or in any parent folder up to the repository root.\n"
            "Run sezctl inside a roadmap repository, or name the files: sezctl status PATH..."
        )
    if not config.roadmaps.is_dir():
        raise SezctlError(f"the roadmaps folder {config.roadmaps} does not exist")
    # Shown relative to where the user stands (../../roadmaps/x.yaml), like git does.
    return [Path(os.path.relpath(config.roadmaps))]


def resolve_today(option: str | None, timezone: str, clock: Callable[[tzinfo], datetime]) -> date:
    """The date the report is for: the ``--today`` value, or ``clock`` read in ``timezone``."""
    if option is not None:
        try:
            return parse_date(option)
        except DateFormatError as exc:
            raise SezctlError(f"--today / SEZCTL_TODAY: {exc}") from None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SezctlError(f"unknown time zone {timezone!r} (expected e.g. Asia/Almaty)") from None
    return clock(zone).date()
