"""Where the roadmaps are, the optional ``sezctl.toml``, and what "today" means.

Run from any folder inside a repository, sezctl walks up to the repository root looking for a
``sezctl.toml`` or a ``roadmaps/`` folder.  "Today" is an input: the ``--today`` option (or the
``SEZCTL_TODAY`` variable) wins; otherwise the CLI passes the current time, which is read in the
configured time zone (Asia/Almaty by default), not in the machine's.

The settings file is checked whole whenever it is read, whatever the command needs of it: a time
zone that does not exist is an error even when ``--today`` makes it unused.  The roadmaps folder
it names (or a ``roadmaps/`` link) must resolve inside the repository that holds it: a file in
a repository does not get to point sezctl at files elsewhere on the machine.  Paths named on
the command line are the user's own choice and are not limited.
"""

# No `from __future__ import annotations`: typing.NamedTuple compiles each annotation
# written as a string, at every start (docs/performance.md).

import os
import re
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import NamedTuple

from sezctl.core.dates import DateFormatError, parse_date
from sezctl.core.i18n import N_, _, format_day, localize, ngettext
from sezctl.core.problems import SezctlError

CONFIG_FILE = "sezctl.toml"
DEFAULT_ROADMAPS = "roadmaps"
DEFAULT_TIMEZONE = "Asia/Almaty"
# How days are counted: the values of `days` here and of `--days` (sezctl.plan.days).
CALENDAR = "calendar"
WORKING = "working"
DAY_KINDS = (CALENDAR, WORKING)
# How CSV cells are separated: the values of `csv_dialect` here and of `--csv-dialect`
# (docs/exports.md).  Excel splits a CSV file at the "list separator" of the regional settings:
# a comma in English ones, a semicolon in Kazakhstan's and Russia's (where the comma is the
# decimal sign), so a file for them needs ";".
CSV_DELIMITERS = {"excel": ",", "excel-semicolon": ";"}
DEFAULT_CSV_DIALECT = "excel"
DEFAULT_WARNING_DAYS = 14
"""The "due soon" window, in days, when neither sezctl.toml nor --warning-days sets one."""
MAX_CONFIG_BYTES = 64 * 1024
"""A settings file is a few lines; a larger one is refused before it is read whole."""


class Config(NamedTuple):
    """Project settings; every field has a default so a project needs no config file."""

    roadmaps: Path | None = None
    timezone: str = DEFAULT_TIMEZONE
    warning_days: int = DEFAULT_WARNING_DAYS
    source: Path | None = None
    # Change-policy rules switched off in the [policy] table (`sezctl check --base`).
    disabled_policy_rules: frozenset[str] = frozenset()
    # Opt-in change-policy rules switched on in [policy] (`code = true`).
    enabled_policy_rules: frozenset[str] = frozenset()
    # How days are counted (docs/calendar.md): "calendar" or "working" (Kazakhstan's calendar,
    # with these extra days off and working days on top of the `holidays` package).
    days: str = CALENDAR
    holidays: tuple[date, ...] = ()
    working_days: tuple[date, ...] = ()
    warn_non_working_deadline: bool = True
    # The language people read (docs/i18n.md): "kk", "ru" or "en"; None: from the locale.
    language: str | None = None
    # Dates in human output: "dmy" (26.11.2026) or "iso" (2026-11-26); None: by language.
    date_format: str | None = None
    # How CSV output separates cells: a key of CSV_DELIMITERS.
    csv_dialect: str = DEFAULT_CSV_DIALECT
    # The meeting cadence of the [meetings] table (docs/meetings.md): an RFC 5545 rule
    # ("FREQ=WEEKLY;BYDAY=TH"; `weekday` and `every_weeks` are written as one), and the first
    # meeting it counts from.  None: weekly, on the weekday of the latest protocol.
    meeting_rule: str | None = None
    meeting_start: date | None = None
    # ``title`` of the [report] table: the heading of the meeting pack (``sezctl report``),
    # the headquarters' name.  None: the one roadmap's title, or a generic title.
    report_title: str | None = None


_CONFIG_KEYS = {
    "roadmaps": str,
    "timezone": str,
    "warning_days": int,
    "policy": dict,
    "days": str,
    "holidays": list,
    "working_days": list,
    "warn_non_working_deadline": bool,
    "language": str,
    "date_format": str,
    "csv_dialect": str,
    "meetings": dict,
    "report": dict,
}
# The longest pack title accepted: a headquarters' full name fits many times over.
MAX_REPORT_TITLE = 200
# What a setting of each type must be, one whole sentence each (a translation declines the noun).
_KIND_MESSAGES: dict[type, str] = {
    str: N_("{path}: {key} must be a str"),
    int: N_("{path}: {key} must be a int"),
    dict: N_("{path}: {key} must be a table ([policy])"),
    list: N_("{path}: {key} must be a list of dates"),
    bool: N_("{path}: {key} must be a true or false"),
}


def read_config(path: Path) -> Config:
    """Read a ``sezctl.toml``; a malformed one is an environment error (exit 2)."""
    shown = os.path.relpath(path)
    try:
        with open(path, "rb") as stream:
            content = stream.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise SezctlError(_cannot_read(shown, exc)) from None
    if len(content) > MAX_CONFIG_BYTES:
        raise SezctlError(
            ngettext(
                "{path}: the config file is larger than {count:,} byte; it holds a few settings "
                "(see docs/format.md)",
                "{path}: the config file is larger than {count:,} bytes; it holds a few settings "
                "(see docs/format.md)",
                MAX_CONFIG_BYTES,
            ).format(path=shown, count=MAX_CONFIG_BYTES)
        )
    return parse_config(content, path, shown)


def parse_config(content: bytes, path: Path, shown: str) -> Config:
    """The settings in the bytes of a ``sezctl.toml`` that lives (or lived, at a git revision)
    at ``path``, named ``shown`` in messages; a malformed one is an environment error (exit 2).
    The roadmaps folder is resolved from ``path``'s folder."""
    import tomllib  # only projects with a config file pay for the import

    try:
        # Line ends read as a text file reads them (universal newlines), on disk or from git.
        text = content.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise SezctlError(_cannot_read(shown, exc)) from None
    except tomllib.TOMLDecodeError as exc:
        # TRANSLATORS: {error} is the TOML reader's own English ("Expected '=' after a key").
        invalid = _("{path}: invalid TOML: {error}")
        raise SezctlError(invalid.format(path=shown, error=exc)) from None
    for key, value in data.items():
        expected = _CONFIG_KEYS.get(key)
        if expected is None:
            raise SezctlError(
                _("{path}: unknown setting {key!r}; known settings: {known}").format(
                    path=shown, key=key, known=", ".join(_CONFIG_KEYS)
                )
            )
        if key == "meetings" and not isinstance(value, dict):
            raise SezctlError(_("{path}: meetings must be a table ([meetings])").format(path=shown))
        if key == "report" and not isinstance(value, dict):
            raise SezctlError(_("{path}: report must be a table ([report])").format(path=shown))
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            raise SezctlError(_(_KIND_MESSAGES[expected]).format(path=shown, key=key))
    if data.get("warning_days", 0) < 0:
        raise SezctlError(_("{path}: warning_days cannot be negative").format(path=shown))
    days = data.get("days", CALENDAR)
    if days not in DAY_KINDS:
        raise SezctlError(
            _('{path}: days must be "calendar" or "working", not {value!r}').format(
                path=shown, value=days
            )
        )
    holidays = _config_dates(data.get("holidays", []), "holidays", shown)
    working_days = _config_dates(data.get("working_days", []), "working_days", shown)
    if both := sorted(set(holidays) & set(working_days)):
        raise SezctlError(
            _("{path}: {day} is in both holidays and working_days; keep one").format(
                path=shown, day=format_day(both[0])
            )
        )
    timezone = data.get("timezone", DEFAULT_TIMEZONE)
    if "timezone" in data:
        load_timezone(timezone, f"{shown}: ")
    roadmaps = path.parent / data.get("roadmaps", DEFAULT_ROADMAPS)
    if "roadmaps" in data:
        _require_inside_repository(
            roadmaps, path.parent, f"{shown}: roadmaps = {data['roadmaps']!r}"
        )
    date_format = data.get("date_format")
    if date_format not in (None, "dmy", "iso"):
        raise SezctlError(
            _('{path}: date_format must be "dmy" or "iso", not {value!r}').format(
                path=shown, value=date_format
            )
        )
    meeting_rule, meeting_start = _meeting_cadence(data.get("meetings", {}), shown)
    report_title = _report_title(data.get("report", {}), shown)
    csv_dialect = data.get("csv_dialect", DEFAULT_CSV_DIALECT)
    if csv_dialect not in CSV_DELIMITERS:
        raise SezctlError(
            _('{path}: csv_dialect must be "excel" or "excel-semicolon", not {value!r}').format(
                path=shown, value=csv_dialect
            )
        )
    return Config(
        roadmaps=roadmaps,
        timezone=timezone,
        warning_days=data.get("warning_days", DEFAULT_WARNING_DAYS),
        source=path,
        disabled_policy_rules=_disabled_policy_rules(data.get("policy", {}), shown),
        enabled_policy_rules=frozenset(
            code for code, value in data.get("policy", {}).items() if value is True
        ),
        days=days,
        holidays=holidays,
        working_days=working_days,
        warn_non_working_deadline=data.get("warn_non_working_deadline", True),
        language=data.get("language"),
        date_format=date_format,
        csv_dialect=csv_dialect,
        meeting_rule=meeting_rule,
        meeting_start=meeting_start,
        report_title=report_title,
    )


def _report_title(table: dict[str, object], shown: str) -> str | None:
    """The ``[report]`` table: ``title = "..."``, one line of text, the pack's heading."""
    for key in table:
        if key != "title":
            raise SezctlError(
                _("{path}: unknown setting {key!r}; known settings: {known}").format(
                    path=shown, key=f"report.{key}", known="report.title"
                )
            )
    title = table.get("title")
    if title is None:
        return None
    if (
        not isinstance(title, str)
        or not title.strip()
        or "\n" in title
        or len(title) > MAX_REPORT_TITLE
    ):
        raise SezctlError(
            _("{path}: [report] title must be one line of text, 1 to {count} characters").format(
                path=shown, count=MAX_REPORT_TITLE
            )
        )
    return title.strip()


def _cannot_read(shown: str, error: Exception) -> str:
    # TRANSLATORS: {error} is the system's own words ("[Errno 13] Permission denied: ...").
    return _("{path}: cannot read the config file: {error}").format(path=shown, error=error)


def _config_dates(values: list[object], key: str, shown: str) -> tuple[date, ...]:
    """A list of days: TOML dates (2026-08-31) or strings in either date notation."""
    days = []
    for value in values:
        if isinstance(value, datetime) or not isinstance(value, date | str):
            raise SezctlError(
                _("{path}: {key} must list dates like 2026-08-31, not {value!r}").format(
                    path=shown, key=key, value=value
                )
            )
        if isinstance(value, str):
            try:
                value = parse_date(value)
            except DateFormatError as exc:
                raise SezctlError(
                    _("{path}: {key}: {reason}").format(
                        path=shown, key=key, reason=localize(exc.reason)
                    )
                ) from None
        days.append(value)
    return tuple(days)


def _disabled_policy_rules(table: dict[str, object], shown: str) -> frozenset[str]:
    """The ``[policy]`` table: ``rule-code = false`` switches a change-policy rule off.  The
    codes are checked against the rules by `sezctl.rules.policy.require_known_rules`."""
    for code, value in table.items():
        if not isinstance(value, bool):
            raise SezctlError(
                _("{path}: [policy] {code} must be true or false").format(path=shown, code=code)
            )
    return frozenset(code for code, value in table.items() if value is False)


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The parts of an RFC 5545 rule that a meeting cadence may use; dateutil parses the rule when
# the agenda needs it (sezctl.plan.meetings), so this check keeps every other command from
# importing it.
_RULE_PART = re.compile(
    r"(FREQ=(?:DAILY|WEEKLY|MONTHLY|YEARLY)|INTERVAL=[1-9][0-9]{0,2}|WKST=(?:MO|TU|WE|TH|FR|SA|SU)"
    r"|BY(?:DAY|MONTHDAY|MONTH|SETPOS|WEEKNO|YEARDAY)=[-+0-9A-Z,]{1,80})"
)


def _meeting_cadence(table: dict[str, object], shown: str) -> tuple[str | None, date | None]:
    """The ``[meetings]`` table: ``rrule = "FREQ=WEEKLY;BYDAY=TH"``, or ``weekday =
    "thursday"`` with ``every_weeks = 1``; and ``start``, the first meeting counted."""
    known = ("weekday", "every_weeks", "rrule", "start")
    for key in table:
        if key not in known:
            raise SezctlError(
                _("{path}: unknown setting {key!r}; known settings: {known}").format(
                    path=shown, key=f"meetings.{key}", known=", ".join(known)
                )
            )
    if not table:
        return None, None
    rule = table.get("rrule")
    weekday = table.get("weekday")
    every = table.get("every_weeks", 1)
    if rule is not None and ("weekday" in table or "every_weeks" in table):
        raise SezctlError(
            _("{path}: [meetings] takes rrule, or weekday with every_weeks, not both").format(
                path=shown
            )
        )
    if rule is None:
        if not isinstance(weekday, str) or weekday.lower() not in WEEKDAYS:
            raise SezctlError(
                _("{path}: [meetings] weekday must be one of {days}, not {value!r}").format(
                    path=shown, days=", ".join(WEEKDAYS), value=weekday
                )
            )
        if isinstance(every, bool) or not isinstance(every, int) or not 1 <= every <= 52:
            raise SezctlError(
                _("{path}: [meetings] every_weeks must be a whole number from 1 to 52").format(
                    path=shown
                )
            )
        rule = f"FREQ=WEEKLY;INTERVAL={every};BYDAY={weekday[:2].upper()}"
    elif not isinstance(rule, str) or not _is_meeting_rule(rule):
        raise SezctlError(
            _(
                "{path}: [meetings] rrule must be an RFC 5545 rule such as "
                '"FREQ=WEEKLY;BYDAY=TH", not {value!r}'
            ).format(path=shown, value=rule)
        )
    start = table.get("start")
    first = None if start is None else _config_dates([start], "meetings.start", shown)[0]
    return rule, first


def _is_meeting_rule(rule: str) -> bool:
    parts = rule.upper().split(";")
    return parts[0].startswith("FREQ=") and all(_RULE_PART.fullmatch(part) for part in parts)


def repository_root(folder: Path) -> Path:
    """The top folder of the git repository that holds ``folder`` (the nearest one with a
    ``.git``), or ``folder`` itself outside any repository."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def _require_inside_repository(roadmaps: Path, named_in: Path, what: str) -> None:
    """Refuse a roadmaps folder that resolves (``..``, an absolute path, a symbolic link)
    outside the repository holding ``named_in``, the folder that names it: exit 2, not a
    silent read."""
    root = repository_root(named_in.resolve())
    target = roadmaps.resolve()
    if not target.is_relative_to(root):
        from sezctl.source.loader import quote_file_name  # a link's target is data too

        # TRANSLATORS: {what} is "sezctl.toml: roadmaps = '../x'" or "the folder roadmaps".
        outside = _(
            "{what} leads to {target}, outside the repository {root}: sezctl reads only "
            "roadmaps inside the repository. Move the folder into it, or name the files on "
            "the command line (sezctl check PATH...)"
        )
        raise SezctlError(
            outside.format(
                what=what, target=quote_file_name(str(target)), root=quote_file_name(str(root))
            )
        )


def find_project(start: Path) -> Config:
    """Walk up from ``start`` to the repository root for ``sezctl.toml`` or ``roadmaps/``."""
    folder = start.resolve()
    while True:
        config_file = folder / CONFIG_FILE
        if config_file.is_file():
            return read_config(config_file)
        if (folder / DEFAULT_ROADMAPS).is_dir():
            roadmaps = folder / DEFAULT_ROADMAPS
            if roadmaps.is_symlink():
                _require_inside_repository(
                    roadmaps,
                    folder,
                    _("the folder {path}").format(path=os.path.relpath(roadmaps)),
                )
            return Config(roadmaps=roadmaps)
        if (folder / ".git").exists() or folder.parent == folder:
            return Config()
        folder = folder.parent


def roadmap_paths(arguments: list[Path] | None, config: Config) -> list[Path]:
    """Paths named on the command line, or the project's roadmaps folder."""
    if arguments:
        return arguments
    if config.roadmaps is None:
        raise SezctlError(
            _(
                "no roadmaps/ folder here or in any parent folder up to the repository root.\n"
                "Run sezctl inside a roadmap repository, or name the files: sezctl status "
                "PATH...\n"
                "To start a new roadmap repository here: sezctl init"
            )
        )
    if not config.roadmaps.is_dir():
        raise SezctlError(
            _("the roadmaps folder {path} does not exist").format(path=config.roadmaps)
        )
    # Shown relative to where the user stands (../../roadmaps/x.yaml), like git does.
    return [Path(os.path.relpath(config.roadmaps))]


def resolve_today(option: str | None, timezone: str, clock: Callable[[tzinfo], datetime]) -> date:
    """The date the report is for: the ``--today`` value, or ``clock`` read in ``timezone``."""
    if option is not None:
        try:
            return parse_date(option)
        except DateFormatError as exc:
            raise SezctlError(
                _("--today / SEZCTL_TODAY: {reason}").format(reason=localize(exc.reason))
            ) from None
    return clock(load_timezone(timezone)).date()


def load_timezone(name: str, where: str = "") -> tzinfo:
    """The IANA time zone ``name``; an unknown one is an environment error (exit 2), its
    message starting with ``where`` (the settings file)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    # ZoneInfo raises IsADirectoryError for "Asia" and OSError for a name too long for a path.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # TRANSLATORS: {where} is empty or "sezctl.toml: ".
        unknown = _("{where}unknown time zone {name!r} (expected an IANA name such as Asia/Almaty)")
        raise SezctlError(unknown.format(where=where, name=name)) from None
