"""`sezctl init`: the files of a new roadmap repository, and writing them without overwriting.

:func:`build_scaffold` returns the files as text (a pure function of the date, so the example
roadmap's dates sit around "today" and ``sezctl check`` passes on it); :func:`write_new_files`
writes them only if none of them exists yet, so an existing project is never touched.

The comments in the new files are for the clerk who fills them in, so they are written in the
language of the run (``sezctl init --lang ru``: Russian comments).  Keys, ids and values stay
English, as in every roadmap file, so the files load and pass ``sezctl check`` in any language.
A comment is one catalog message, line breaks included: a translation breaks its own lines.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sezctl.core.i18n import _, format_day
from sezctl.core.problems import SezctlError
from sezctl.source.schema import MODELINE, SCHEMA_FILE, render_schema

# The templates below are str.format patterns: {name} is a value or a comment in the language
# of the run, and a literal brace is doubled.

_ROADMAP = """\
{modeline}
{about}
roadmap: example
title: Example roadmap
owner: head
approved: {approved}
stages:
  - id: kick-off
    title: Kick-off meeting of the headquarters
    owner: head
    start: {kickoff_start}
    due: {kickoff_due}
    done: {kickoff_done}
    status: done
  - id: design
    title: Design documentation
    owner: engineer
    start: {design_start}
    due: {design_due}
    status: in-progress
    depends_on: [kick-off]
    tasks:
      - id: design-review
        title: Review of the design by the headquarters
        owner: head
        due: {review_due}
  - id: construction
    title: Start of construction
    owner: engineer
    due: {construction_due}
    depends_on: [design]
"""

_OWNERS = """\
{modeline}
{about}
owners:
  head:
    name: Head of the headquarters
    role: Chairs the weekly meeting
  engineer:
    name: Chief engineer
    role: Design and construction
"""

_CONFIG = """\
{about}

{settings}

{policy_about}
[policy]
{policy}
"""

_PRE_COMMIT = """\
{about}
repos:
  - repo: local
    hooks:
      - id: sezctl-check
        name: sezctl check
        entry: sezctl check
        language: system
        pass_filenames: false
        files: \\.(ya?ml)$|(^|/)sezctl\\.toml$
{from_repository}
#  - repo: {repository_url}
#    rev: {a_tag}
#    hooks:
#      - id: sezctl-check
"""

_WORKFLOW = """\
{about}
name: roadmap
on:
  push:
  pull_request:
permissions:
  contents: read
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  {fetch_depth}
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
{install}
      # pip install "sezctl @ git+{repository_url}@{tag}"
      - run: pip install sezctl
      - name: sezctl check
        if: github.event_name != 'pull_request'
        run: sezctl check --strict --format github
      - name: sezctl check, with the change policy
        if: github.event_name == 'pull_request'
        env:
          BASE_REF: ${{{{ github.base_ref }}}}
        run: sezctl check --strict --format github --base "origin/$BASE_REF"
"""


def _weekday(day: date) -> bool:
    return day.weekday() < 5


def _comment(text: str, indent: str = "") -> str:
    """``text`` as comment lines: each of its lines behind ``# ``."""
    return "\n".join(f"{indent}# {line}" for line in text.splitlines())


def _example_title() -> str:
    # TRANSLATORS: an example of the meeting pack's title, in sezctl.toml.
    return _("Operational headquarters")


def _settings() -> str:
    """The commented-out settings of sezctl.toml, each with what it does (translated)."""
    settings = [
        ('roadmaps = "roadmaps"        ', _("the folder with the roadmap files")),
        ('timezone = "Asia/Almaty"     ', _('the time zone in which "today" is taken')),
        ("warning_days = 14            ", _('the "due soon" window of `sezctl status`')),
        (
            'days = "calendar"            ',
            _('count days as "calendar" days or "working" days (Kazakhstan)'),
        ),
        ("holidays = []                ", _('extra days off, e.g. ["2026-12-31"]')),
        ("working_days = []            ", _('extra working days, e.g. ["2026-12-26"]')),
        (
            "warn_non_working_deadline = true   ",
            _("warn when an open deadline falls on a day off"),
        ),
        (
            'language = "ru"              ',
            _("kk, ru or en (default: SEZCTL_LANG, then the locale)"),
        ),
        (
            'date_format = "dmy"          ',
            _('dates for people: "dmy" (26.11.2026) or "iso" (2026-11-26)'),
        ),
        (
            'csv_dialect = "excel"        ',
            _('CSV cells separated by "," ("excel") or ";" ("excel-semicolon": Excel in KZ, RU)'),
        ),
        (
            'meetings = { weekday = "thursday", every_weeks = 1 }   ',
            _("when the headquarters meets, for sezctl agenda (docs/meetings.md)"),
        ),
        (
            'report = { title = "' + _example_title() + '" }   ',
            _("the title of the meeting pack, sezctl report (docs/git.md)"),
        ),
    ]
    return "\n".join(f"# {setting}# {meaning}" for setting, meaning in settings)


def build_scaffold(
    today: date, is_working_day: Callable[[date], bool] = _weekday
) -> dict[str, str]:
    """``{path in the new repository: text}`` for every file ``sezctl init`` writes.

    The example's dates lie around ``today``; each is moved forward to a working day (by
    ``is_working_day``), so that no deadline of the example falls on a day off.
    """
    from sezctl.rules.policy import OPT_IN_RULES, POLICY_RULES

    def day(offset: int) -> str:
        when = today + timedelta(days=offset)
        while not is_working_day(when):
            when += timedelta(days=1)
        return when.isoformat()

    try:
        roadmap = _ROADMAP.format(
            modeline=MODELINE,
            about=_comment(
                _(
                    "An example roadmap written by `sezctl init`: rename it, edit it, or replace "
                    "it with your own.\nThe file format is described in sezctl's docs/format.md; "
                    "check the files with `sezctl check`."
                )
            ),
            approved=day(-60),
            kickoff_start=day(-45),
            kickoff_due=day(-30),
            kickoff_done=day(-32),
            design_start=day(-29),
            design_due=day(14),
            review_due=day(10),
            construction_due=day(60),
        )
    except OverflowError:
        if today.year < 5000:
            message = _(
                "today ({today}) is too close to the first date sezctl can write ({limit}): the "
                "example roadmap's dates run from 60 days before to about 60 days after today. "
                "Give a date of this era with --today (or SEZCTL_TODAY), or leave both out"
            )
            limit = date.min
        else:
            message = _(
                "today ({today}) is too close to the last date sezctl can write ({limit}): the "
                "example roadmap's dates run from 60 days before to about 60 days after today. "
                "Give a date of this era with --today (or SEZCTL_TODAY), or leave both out"
            )
            limit = date.max
        raise SezctlError(
            message.format(today=format_day(today), limit=format_day(limit))
        ) from None
    owners_about = _(
        "The owners registry: every `owner:` in the roadmaps must be one of these ids."
    )
    config = _CONFIG.format(
        about=_comment(
            _("sezctl settings.  Every setting is optional; the values shown are the defaults.")
        ),
        settings=_settings(),
        policy_about=_comment(
            _(
                "The change policy of `sezctl check --base REV` (docs/ci.md): set a rule to false "
                "to\nswitch it off."
            )
        ),
        policy="\n".join(
            f"# {code} = {'false' if code in OPT_IN_RULES else 'true'}" for code in POLICY_RULES
        ),
    )
    pre_commit = _PRE_COMMIT.format(
        about=_comment(
            _(
                "pre-commit (https://pre-commit.com): after `pre-commit install`, every commit "
                "that touches a\nroadmap file runs `sezctl check` on the whole roadmaps folder "
                "first."
            )
        ),
        from_repository=_comment(
            _("Or let pre-commit install sezctl itself from sezctl's repository:")
        ),
        repository_url=_("<URL of the sezctl repository>"),
        a_tag=_("<a tag of it>"),
    )
    workflow = _WORKFLOW.format(
        about=_comment(
            _(
                "Checks the roadmaps on every push and pull request, with annotations on the "
                "changed lines.\nOn a pull request, the change policy is also checked against "
                "the target branch."
            )
        ),
        fetch_depth=_comment(_("the change policy reads the target branch's files")),
        install=_comment(
            _("Install sezctl the way your organisation does, e.g. from its git repository:"),
            indent="      ",
        ),
        repository_url=_("<URL of the sezctl repository>"),
        tag=_("<tag>"),
    )
    return {
        "roadmaps/example.yaml": roadmap,
        "roadmaps/owners.yaml": _OWNERS.format(modeline=MODELINE, about=_comment(owners_about)),
        SCHEMA_FILE: render_schema(),
        "sezctl.toml": config,
        ".pre-commit-config.yaml": pre_commit,
        ".github/workflows/roadmap.yml": workflow,
    }


def write_new_files(folder: Path, files: dict[str, str]) -> list[Path]:
    """Write every file under ``folder``, or none: an existing one is an error (exit 2).

    Files are created exclusively (``x`` mode), so a file that appears meanwhile is not
    overwritten either; on any failure the files written so far are removed again.
    """
    existing = [name for name in files if os.path.lexists(folder / name)]
    if existing:
        raise SezctlError(
            _(
                "{folder} already has {files}; sezctl init never overwrites a file, and wrote "
                "nothing. Move those files away or choose another folder."
            ).format(folder=folder, files=", ".join(existing))
        )
    written: list[Path] = []
    try:
        for name, text in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as stream:
                written.append(path)
                stream.write(text)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise SezctlError(
            _("cannot write {file}: {reason}; nothing was kept").format(
                file=exc.filename, reason=exc.strerror
            )
        ) from None
    return written
