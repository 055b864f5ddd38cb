"""`reschedule --by/--cascade/--keep-start` and `start --move`: one HQ decision moves a chain of
items in one atomic edit across files, with the start kept in step so the forecast invents no
risk; a refused cascade and a dry run write nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from sezctl.core.problems import SezctlError
from sezctl.editing.cascade import Shift, parse_shift
from tests.conftest import BUNDLED_ROADMAPS, REPO, Cli
from tests.helpers import assert_golden, pinned_git_env

TODAY = "2026-11-26"
INFRA = "aktobe-sez-infrastructure"


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled roadmaps and sezctl.toml, as the working folder."""
    shutil.copytree(BUNDLED_ROADMAPS, tmp_path / "roadmaps")
    shutil.copyfile(REPO / "sezctl.toml", tmp_path / "sezctl.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under roadmaps/, the protocols/ subfolder included, by its relative path."""
    root = folder / "roadmaps"
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def at_risk(cli: Cli) -> list[tuple[str, str]]:
    result = cli("status", "--today", TODAY, "--format", "json")
    assert result.exit_code == 0, result.output
    return [(row["ref"], row["due"]) for row in json.loads(result.stdout)["at_risk"]]


# -- shifts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("1m", date(2026, 1, 31), date(2026, 2, 28)),  # the month end, not 3 March
        ("1m", date(2028, 1, 31), date(2028, 2, 29)),  # a leap year
        ("-1m", date(2026, 3, 31), date(2026, 2, 28)),
        ("3m", date(2026, 11, 30), date(2027, 2, 28)),
        ("1y", date(2028, 2, 29), date(2029, 2, 28)),
        ("2w", date(2026, 12, 25), date(2027, 1, 8)),
        ("-3d", date(2026, 3, 1), date(2026, 2, 26)),
        ("+10d", date(2026, 11, 26), date(2026, 12, 6)),
    ],
)
def test_shift_is_calendar_arithmetic(text: str, day: date, expected: date) -> None:
    """--by counts months on the calendar: a month end stays inside the shorter month."""
    assert parse_shift(text).apply(day) == expected


@pytest.mark.parametrize("text", ["", "1", "m", "0d", "1.5m", "1 month", "3q", "--1d"])
def test_bad_shift_is_a_usage_error(text: str) -> None:
    """Anything but a signed number with d, w, m or y is refused, naming the forms."""
    with pytest.raises(SezctlError, match="is not a shift; write a number and a unit"):
        parse_shift(text)


def test_shift_without_months_needs_no_dateutil() -> None:
    """Days and weeks are plain date arithmetic (dateutil is imported only for months)."""
    assert Shift(days=7).apply(date(2026, 1, 31)) == date(2026, 2, 7)


# -- the HQ decision on the bundled roadmaps ---------------------------------------------------


def test_one_decision_moves_the_whole_chain_and_status_invents_no_risk(
    cli: Cli, bundled: Path
) -> None:
    """Design documents +3 months: expertise, procurement, construction and the investors'
    plants that wait for it move in one command, each by the same shift with its start, and
    `status` then has nothing at risk (with --keep-start the stale starts make 9 items look at
    risk)."""
    result = cli(
        "reschedule", "design-documentation", "--by", "3m", "--cascade",
        "--reason", "HQ decision", "--ref", "HQ protocol No. 41", "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "roadmaps/infrastructure.yaml: reschedule aktobe-sez-infrastructure/design-documentation:"
        " 2026-08-31 -> 2026-11-30 (HQ decision; HQ protocol No. 41)\n"
        "roadmaps/infrastructure.yaml: with it (--cascade): reschedule aktobe-sez-infrastructure/"
        "state-expertise: 2026-10-15 -> 2027-01-15, start 2026-09-01 -> 2026-12-02 (HQ decision;"
        " HQ protocol No. 41)\n"
        "roadmaps/infrastructure.yaml: with it (--cascade): reschedule aktobe-sez-infrastructure/"
        "construction-start: 2026-11-30 -> 2027-02-28 (HQ decision; HQ protocol No. 41)\n"
        "roadmaps/infrastructure.yaml: with it (--cascade): reschedule aktobe-sez-infrastructure/"
        "contractor-procurement: 2026-11-27 -> 2027-02-27 (HQ decision; HQ protocol No. 41)\n"
        "roadmaps/infrastructure.yaml: with it (--cascade): reschedule aktobe-sez-infrastructure/"
        "phase-1-works: 2026-11-30 -> 2027-02-28 (HQ decision; HQ protocol No. 41)\n"
        "roadmaps/investors.yaml: with it (--cascade): reschedule aktobe-sez-investors/"
        "rebar-construction: 2027-03-01 -> 2027-06-01, start 2026-12-01 -> 2027-03-03 (HQ "
        "decision; HQ protocol No. 41)\n"
        "roadmaps/investors.yaml: with it (--cascade): reschedule aktobe-sez-investors/rebar: "
        "2027-03-01 -> 2027-06-01 (HQ decision; HQ protocol No. 41)\n"
        "roadmaps/headquarters.yaml: with it (--cascade): reschedule aktobe-sez-hq/hq-closure: "
        "2027-04-15 -> 2027-07-15 (HQ decision; HQ protocol No. 41)\n"
    )
    assert cli("check").exit_code == 0
    assert at_risk(cli) == []
    text = (bundled / "roadmaps" / "investors.yaml").read_text(encoding="utf-8")
    assert (
        "    reschedules:\n      - from: 2027-03-01\n        to: 2027-06-01\n"
        "        on: 2026-11-26\n        reason: HQ decision\n        ref: HQ protocol No. 41\n"
    ) in text


def test_keeping_stale_starts_invents_risk(cli: Cli, bundled: Path) -> None:
    """The same decision with --keep-start: only deadlines move, and the forecast, which keeps
    each item's (now longer) planned duration, reports items at risk that are not."""
    result = cli(
        "reschedule", "design-documentation", "--by", "3m", "--cascade", "--keep-start",
        "--reason", "HQ decision", "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(at_risk(cli)) == 9


def test_one_month_moves_only_what_would_become_inconsistent(cli: Cli, bundled: Path) -> None:
    """+1 month: expertise would start before its prerequisite is due, so it moves (start and
    deadline); procurement, due after the new expertise deadline, does not."""
    result = cli(
        "reschedule", f"{INFRA}/design-documentation", "--by", "1m", "--cascade",
        "--reason", "HQ decision", "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (bundled / "roadmaps" / "infrastructure.yaml").read_text(encoding="utf-8")
    original = (BUNDLED_ROADMAPS / "infrastructure.yaml").read_text(encoding="utf-8")
    expected = (
        original.replace(
            "    start: 2026-04-01\n    due: 2026-08-31\n",
            "    start: 2026-04-01\n    due: 2026-09-30\n",  # in progress: its start is a fact
        )
        .replace(
            "      Срок уже переносился с 2026-06-30 на 2026-08-31 и снова сорван.\n",
            "      Срок уже переносился с 2026-06-30 на 2026-08-31 и снова сорван.\n"
            "    reschedules:\n      - from: 2026-08-31\n        to: 2026-09-30\n"
            "        on: 2026-11-26\n        reason: HQ decision\n",
        )
        .replace(
            "    start: 2026-09-01\n    due: 2026-10-15\n",
            "    start: 2026-10-02\n    due: 2026-11-15\n",
        )
        .replace(
            "    note: ЖСҚ дайын болмағандықтан сараптамаға әлі тапсырылған жоқ.\n",
            "    note: ЖСҚ дайын болмағандықтан сараптамаға әлі тапсырылған жоқ.\n"
            "    reschedules:\n      - from: 2026-10-15\n        to: 2026-11-15\n"
            "        on: 2026-11-26\n        reason: HQ decision\n",
        )
    )
    assert text == expected
    for name in ("investors.yaml", "headquarters.yaml", "owners.yaml"):
        assert (bundled / "roadmaps" / name).read_bytes() == (BUNDLED_ROADMAPS / name).read_bytes()


def test_refused_without_cascade_writes_nothing_and_says_how(cli: Cli, bundled: Path) -> None:
    """Without --cascade the chain would break: exit 1, every file untouched, and the refusal
    says how many items --cascade would move."""
    before = snapshot(bundled)
    result = cli(
        "reschedule", "design-documentation", "--by", "3m", "--reason", "x", "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert result.stderr.endswith(
        "sezctl: add --cascade to move with it, by the same shift, the 7 items it would leave "
        "inconsistent (see the change first with --dry-run)\n"
    )
    assert snapshot(bundled) == before


def test_refused_cascade_writes_no_file(cli: Cli, bundled: Path) -> None:
    """A cascade that would still break the folder (a done item cannot move) is refused as a
    whole: exit 1 and no file of the three it would touch changes."""
    path = bundled / "roadmaps" / "infrastructure.yaml"
    # distribution-10kv is done in this copy, so moving the substation past it cannot cascade.
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "        due: 2026-09-30\n        status: blocked\n",
            "        due: 2026-09-30\n        done: 2026-09-30\n        status: done\n",
        ),
        encoding="utf-8",
    )
    before = snapshot(bundled)
    result = cli(
        "reschedule", "substation", "--by", "1m", "--cascade", "--reason", "x", "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "error[due-not-after-prerequisite]: aktobe-sez-infrastructure/distribution-10kv" in (
        result.stderr
    )
    assert snapshot(bundled) == before


def test_dry_run_shows_every_file_and_writes_nothing(cli: Cli, bundled: Path) -> None:
    """--dry-run prints the diff of each of the three files and leaves them as they were."""
    before = snapshot(bundled)
    result = cli(
        "reschedule", "design-documentation", "--by", "3m", "--cascade", "--reason", "x",
        "--today", TODAY, "--dry-run",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [line for line in result.stdout.splitlines() if line.startswith("+++")] == [
        "+++ b/roadmaps/infrastructure.yaml",
        "+++ b/roadmaps/investors.yaml",
        "+++ b/roadmaps/headquarters.yaml",
    ]
    assert "-    due: 2027-04-15\n+    due: 2027-07-15\n" in result.stdout
    assert snapshot(bundled) == before


def test_cascade_is_one_commit(cli: Cli, bundled: Path) -> None:
    """--commit commits the three files in one commit whose body lists what moved with it."""
    env = pinned_git_env(bundled.parent)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=bundled, env=env, check=True)
    subprocess.run(["git", "add", "-A"], cwd=bundled, env=env, check=True)
    subprocess.run(["git", "commit", "-qm", "approved"], cwd=bundled, env=env, check=True)
    result = cli(
        "reschedule", "design-documentation", "--by", "3m", "--cascade", "--reason", "HQ",
        "--today", TODAY, "--commit", env=dict(env),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    log = subprocess.run(
        ["git", "log", "-1", "--format=%B", "--name-only"],
        cwd=bundled, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert log.startswith(
        "reschedule aktobe-sez-infrastructure/design-documentation: 2026-08-31 -> 2026-11-30 "
        "(HQ)\n\nMoved with it (--cascade):\n- reschedule aktobe-sez-infrastructure/"
        "state-expertise: 2026-10-15 -> 2027-01-15, start 2026-09-01 -> 2026-12-02 (HQ)\n"
    )
    assert log.endswith(
        "roadmaps/headquarters.yaml\nroadmaps/infrastructure.yaml\nroadmaps/investors.yaml\n"
    )
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=bundled, env=env, capture_output=True, text=True
    )
    assert status.stdout == ""


def test_to_moves_the_start_by_the_same_days(cli: Cli, bundled: Path) -> None:
    """--to on a planned item moves its start too, keeping the 44 planned days; --keep-start
    moves only the deadline."""
    result = cli("reschedule", "state-expertise", "--to", "2026-11-20", "--reason", "x",
                 "--today", TODAY, "--dry-run")  # fmt: skip
    assert "-    start: 2026-09-01\n-    due: 2026-10-15\n+    start: 2026-10-07\n" in (
        result.stdout
    )
    result = cli("reschedule", "state-expertise", "--to", "2026-11-20", "--reason", "x",
                 "--today", TODAY, "--dry-run", "--keep-start")  # fmt: skip
    assert "start:" not in "".join(
        line for line in result.stdout.splitlines(keepends=True) if line[:1] in "+-"
    )


def test_to_and_by_together_is_a_usage_error(cli: Cli, bundled: Path) -> None:
    """Exactly one of --to and --by."""
    result = cli("reschedule", "state-expertise", "--to", "2026-12-15", "--by", "1m",
                 "--reason", "x")  # fmt: skip
    assert result.exit_code == 2
    assert "give the new deadline with --to DATE or the shift with --by 1m" in result.stderr


# -- start --on with a start already there ---------------------------------------------------


def test_start_on_another_day_says_the_start_is_kept(cli: Cli, bundled: Path) -> None:
    """`start --on D` on an item planned to start on another day keeps the planned start,
    says so and gives the --move command; --move then records D."""
    result = cli("start", "state-expertise", "--on", "2026-11-20", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "sezctl: aktobe-sez-infrastructure/state-expertise already has a start date, "
        "2026-09-01, which is kept; to record 2026-11-20 as its start instead, run `sezctl "
        "start aktobe-sez-infrastructure/state-expertise --on 2026-11-20 --move` (to move the "
        "deadline with it: `sezctl reschedule aktobe-sez-infrastructure/state-expertise --to "
        "DATE --reason TEXT`)\n"
    )
    result = cli("start", "state-expertise", "--on", "2026-10-01", "--move", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "roadmaps/infrastructure.yaml: start aktobe-sez-infrastructure/state-expertise: "
        "2026-10-01\n"
    )
    text = (bundled / "roadmaps" / "infrastructure.yaml").read_text(encoding="utf-8")
    assert "    start: 2026-10-01\n    due: 2026-10-15\n" in text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_messages_in_kazakh_and_russian(cli: Cli, bundled: Path, lang: str) -> None:
    """The cascade, its refusal hint and the kept-start note, as an official reads them."""
    outputs = []
    for args in (
        ["reschedule", "design-documentation", "--by", "3m", "--reason", "x"],
        ["reschedule", "design-documentation", "--by", "3m", "--cascade", "--reason", "x",
         "--dry-run"],
        ["start", "state-expertise", "--on", "2026-11-20", "--dry-run"],
    ):  # fmt: skip
        result = cli(*args, "--today", TODAY, "--lang", lang)
        outputs.append(f"$ {' '.join(args)}\nexit {result.exit_code}\n{result.stderr}")
    assert_golden(f"cascade-{lang}.txt", "\n".join(outputs))
