"""Shell completion of the values sezctl takes (item references, owner ids, roadmap ids,
languages, git revisions), driven through the real shells: bash with the script `sezctl
--show-completion bash` prints and its completion function, zsh at a real terminal (a
pseudo-terminal) pressing TAB, and fish's own `complete -C`.  A real git repository with pinned
dates gives exact revisions."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sezctl.cli.completion import OFFERABLE, _one_line
from tests.conftest import modules_after_run
from tests.helpers import PINNED_GIT

BIN = Path(sys.executable).parent  # the virtual environment's `sezctl` console script

OWNERS = """\
owners:
  hq:
    name: Operational HQ
  aliya:
    name: Aliya Nurlanovna
  marat:
    name: "Марат [/] Ахметов"
"""
PLAN = """\
roadmap: demo
title: Demo roadmap
stages:
  - id: grid
    title: Power grid
    owner: hq
    due: 2026-09-30
  - id: fence
    title: "Fence; with \\"quotes\\" and it's"
    owner: aliya
    due: 2026-10-30
"""
SECOND = """\
roadmap: second
title: Second roadmap
stages:
  - id: grid
    title: Second grid
    owner: marat
    due: 2026-09-30
  - id: road
    title: Дорога Ақтөбе
    owner: hq
    due: 2026-11-30
"""
ITEMS = ["demo/fence", "demo/grid", "fence", "road", "second/grid", "second/road"]
OWNER_IDS = ["aliya", "hq", "marat"]
REVISIONS = ["HEAD", "HEAD~1", "HEAD~2", "approved-2026-11", "feature", "main"]


def git(root: Path, *args: str, when: str = "2026-11-01") -> None:
    moment = f"{when}T10:00:00+05:00"
    env = {**os.environ, **PINNED_GIT, "GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment}
    subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True)


def make_project(root: Path) -> Path:
    """Two roadmaps (an item id in both), an owners registry, and three commits on main with
    a tag and a second branch at the first."""
    (root / "roadmaps").mkdir(parents=True)
    for name, text in (("owners.yaml", OWNERS), ("plan.yaml", PLAN), ("second.yaml", SECOND)):
        (root / "roadmaps" / name).write_text(text, encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", "Approved plan")
    git(root, "tag", "approved-2026-11")
    git(root, "branch", "feature")
    git(root, "commit", "--quiet", "--allow-empty", "-m", "Fence moved", when="2026-11-10")
    git(root, "commit", "--quiet", "--allow-empty", "-m", "Road added", when="2026-11-20")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("completion") / "hq")


def shell_env(home: Path, **extra: str) -> dict[str, str]:
    """A clean environment, as a new terminal has: sezctl on PATH, English, a private cache."""
    return {
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TERM": "xterm",
        "SEZCTL_LANG": "en",
        "XDG_CACHE_HOME": str(home / "cache"),
        **PINNED_GIT,
        **extra,
    }


@pytest.fixture(scope="module")
def bash_script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The script the README tells people to install, as `sezctl --show-completion` prints it."""
    done = subprocess.run(
        [BIN / "sezctl", "--show-completion", "bash"], capture_output=True, text=True, check=True
    )
    path = tmp_path_factory.mktemp("bash") / "sezctl.bash"
    path.write_text(done.stdout, encoding="utf-8")
    return path


def bash_complete(script: Path, cwd: Path, *words: str, **env: str) -> tuple[list[str], str]:
    """What bash offers when TAB is pressed after ``words`` (the last one is being typed):
    the script's completion function run with COMP_WORDS and COMP_CWORD set, as bash does.
    Returns the sorted candidates and what was printed on stderr (the user's terminal)."""
    program = (
        f"source {shlex.quote(str(script))}\n"
        f"COMP_WORDS=({' '.join(shlex.quote(word) for word in words)})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        "_sezctl_completion sezctl\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        cwd=cwd, env=shell_env(cwd.parent, **env), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return sorted(line for line in done.stdout.splitlines() if line), done.stderr


BASH_CASES = [
    # item references: every roadmap/id, and a bare id only when it is unique ("grid" is not)
    (["sezctl", "show", ""], ITEMS),
    (["sezctl", "show", "fe"], ["fence"]),
    (["sezctl", "show", "gr"], []),
    (["sezctl", "show", "second/"], ["second/grid", "second/road"]),
    (["sezctl", "done", "ro"], ["road"]),
    (["sezctl", "start", "demo/"], ["demo/fence", "demo/grid"]),
    (["sezctl", "reschedule", "f"], ["fence"]),
    (["sezctl", "assign", "r"], ["road"]),
    (["sezctl", "history", "demo/g"], ["demo/grid"]),
    # owner ids
    (["sezctl", "status", "--owner", ""], OWNER_IDS),
    (["sezctl", "export", "--owner", "a"], ["aliya"]),
    (["sezctl", "assign", "fence", ""], OWNER_IDS),
    # roadmap ids
    (["sezctl", "status", "--roadmap", ""], ["demo", "second"]),
    (["sezctl", "critical", "s"], ["second"]),
    (["sezctl", "report", "--roadmap", "demo", "--roadmap", ""], ["demo", "second"]),
    (["sezctl", "report", "--owner", "a"], ["aliya"]),
    # languages
    (["sezctl", "status", "--lang", ""], ["en", "kk", "ru"]),
    (["sezctl", "check", "--lang", "r"], ["ru"]),
    # git revisions
    (["sezctl", "diff", ""], REVISIONS),
    (["sezctl", "diff", "approved-2026-11", "HEAD~"], ["HEAD~1", "HEAD~2"]),
    (["sezctl", "status", "--baseline", "app"], ["approved-2026-11"]),
    (["sezctl", "report", "--since", "fe"], ["feature"]),
    (["sezctl", "check", "--base", "ma"], ["main"]),
    # the CSV dialects (a choice: Typer completes it)
    (["sezctl", "owners", "--csv-dialect", ""], ["excel", "excel-semicolon"]),
]


@pytest.mark.parametrize(("words", "expected"), BASH_CASES, ids=lambda v: " ".join(v))
def test_bash_completes_each_kind_of_value(
    bash_script: Path, project: Path, words: list[str], expected: list[str]
) -> None:
    """TAB in bash offers exactly the ids, languages and revisions that fit, and prints
    nothing else."""
    offered, stderr = bash_complete(bash_script, project, *words)
    assert offered == expected
    assert stderr == ""


def test_bash_completes_from_the_paths_typed(bash_script: Path, project: Path) -> None:
    """Owners come from the PATH arguments already on the line, as the command will read
    them, not from the project's roadmaps folder."""
    other = project / "elsewhere"
    other.mkdir(exist_ok=True)
    (other / "owners.yaml").write_text("owners:\n  zhanna:\n    name: Zhanna\n", "utf-8")
    offered, _ = bash_complete(bash_script, project, "sezctl", "status", "elsewhere", "--owner", "")
    assert offered == ["zhanna"]
    offered, _ = bash_complete(bash_script, project, "sezctl", "owners", "--lang", "")
    assert offered == ["en", "kk", "ru"]


def test_broken_files_offer_what_loads_and_print_nothing(bash_script: Path, tmp_path: Path) -> None:
    """A file that cannot be parsed offers nothing and the others still do; a file with
    errors the checks would report (an unknown owner) still offers its items.  Not a word on
    the terminal."""
    root = make_project(tmp_path / "hq")
    plan = root / "roadmaps" / "plan.yaml"
    plan.write_text(PLAN.replace("    owner: hq", "\towner: hq"), encoding="utf-8")
    second = root / "roadmaps" / "second.yaml"
    second.write_text(SECOND.replace("owner: marat", "owner: nobody"), encoding="utf-8")
    checked = subprocess.run(
        [BIN / "sezctl", "check"], cwd=root, env=shell_env(tmp_path), capture_output=True
    )
    assert checked.returncode == 1  # both files are broken for the commands
    offered, stderr = bash_complete(bash_script, root, "sezctl", "show", "")
    assert offered == ["grid", "road", "second/grid", "second/road"]
    assert stderr == ""
    offered, stderr = bash_complete(bash_script, root, "sezctl", "assign", "road", "")
    assert (offered, stderr) == (OWNER_IDS, "")


@pytest.mark.parametrize(
    ("setup", "items", "revisions"),
    [
        ("toml", [], REVISIONS),  # every command refuses the config; git still answers
        ("no-project", [], []),  # no roadmaps folder, no repository
        ("no-git-here", ITEMS, []),  # roadmaps, but not in a repository
        ("lang", ITEMS, REVISIONS),  # SEZCTL_LANG names a language sezctl does not speak
    ],
)
def test_nothing_but_candidates_whatever_is_missing(
    bash_script: Path, tmp_path: Path, setup: str, items: list[str], revisions: list[str]
) -> None:
    """A broken sezctl.toml, no project, no repository, an unknown SEZCTL_LANG: completion
    offers what it can and prints nothing on the terminal, where every command would stop
    with an error."""
    env: dict[str, str] = {}
    if setup == "no-project":
        root = tmp_path / "empty"
        root.mkdir()
        env["GIT_CEILING_DIRECTORIES"] = str(tmp_path)
    else:
        root = make_project(tmp_path / "hq")
    if setup == "toml":
        (root / "sezctl.toml").write_text('warning_days = "two weeks"\n', encoding="utf-8")
    if setup == "no-git-here":
        shutil.rmtree(root / ".git")
        env["GIT_CEILING_DIRECTORIES"] = str(tmp_path)
    if setup == "lang":
        env["SEZCTL_LANG"] = "de"
    assert bash_complete(bash_script, root, "sezctl", "show", "", **env) == (items, "")
    assert bash_complete(bash_script, root, "sezctl", "diff", "", **env) == (revisions, "")


def test_the_cache_serves_unchanged_files_and_rereads_changed_ones(
    bash_script: Path, tmp_path: Path
) -> None:
    """What each file offers is cached: an unchanged file is not read again (a value planted in
    its cache entry is offered), a changed one is, a damaged cache counts as empty, and
    SEZCTL_CACHE=0 or a cache folder that cannot be written changes nothing but speed."""
    root = make_project(tmp_path / "hq")
    cache = tmp_path / "cache" / "sezctl" / "completion"

    def items(**env: str) -> list[str]:
        offered, stderr = bash_complete(bash_script, root, "sezctl", "show", "", **env)
        assert stderr == ""
        return offered

    assert items(SEZCTL_CACHE="0") == ITEMS
    assert not cache.exists()
    assert items() == ITEMS  # cold: every file read, the cache written
    (cache_file,) = cache.iterdir()
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    plan = str((root / "roadmaps" / "plan.yaml").resolve())
    data["files"][plan]["items"] = [["demo", "planted", "From the cache"]]
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    # "grid" is then unique: the planted file no longer has it
    assert items() == ["demo/planted", "grid", "planted", "road", "second/grid", "second/road"]
    gate = "  - id: gate\n    title: Gate\n    owner: hq\n    due: 2026-12-01\n"
    (root / "roadmaps" / "plan.yaml").write_text(PLAN + gate, encoding="utf-8")
    assert items() == sorted([*ITEMS, "demo/gate", "gate"])  # the changed file, read again
    cache_file.write_bytes(b"\x00garbage{")
    assert items() == sorted([*ITEMS, "demo/gate", "gate"])
    assert json.loads(cache_file.read_text(encoding="utf-8"))["version"] == 1  # rewritten
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    assert items(XDG_CACHE_HOME=str(blocked)) == sorted([*ITEMS, "demo/gate", "gate"])


# -- zsh, at a real terminal ----------------------------------------------------------------


def zsh_session(cwd: Path, steps: list[str], timeout: float = 60) -> str:
    """Start an interactive zsh on a pseudo-terminal (100x40), load its completion system and
    the script `sezctl --show-completion zsh` prints, type each of ``steps`` (TAB presses it;
    each ends with Enter) once zsh shows its prompt again, and return what the terminal
    showed, escape sequences removed.  (Typed before the prompt, keys would meet the
    terminal's line editing instead of zsh's: Ctrl-U would erase them.)"""
    import fcntl
    import struct
    import termios

    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    process = subprocess.Popen(
        ["zsh", "-f", "-i"], cwd=cwd, env=shell_env(cwd.parent),
        stdin=secondary, stdout=secondary, stderr=secondary, start_new_session=True,
    )  # fmt: skip
    os.close(secondary)
    output = b""
    deadline = time.monotonic() + timeout

    def read_until(prompts: int) -> None:
        nonlocal output
        while output.count(b"ready> ") < prompts and time.monotonic() < deadline:
            ready, _, _ = select.select([primary], [], [], 0.2)
            if ready:
                try:
                    output += os.read(primary, 65536)
                except OSError:  # EIO: zsh exited and closed the terminal
                    return

    setup = (  # the prompt is spelt in two pieces so that the echoed line does not match it
        "PS1='rea''dy> '; autoload -Uz compinit; compinit -u -D; "
        "source <(sezctl --show-completion zsh)\r"
    )
    for count, keys in enumerate([setup, *steps, "exit\r"], start=1):
        os.write(primary, keys.encode())
        read_until(count)
    read_until(len(steps) + 3)  # to the end: zsh exits
    os.close(primary)
    assert process.wait(timeout=10) == 0
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x07", "", output.decode("utf-8", "replace"))


@pytest.mark.skipif(
    shutil.which("zsh") is None, reason="zsh is not installed (.ci/run installs it)"
)
def test_zsh_completes_at_a_real_terminal(project: Path) -> None:
    """In zsh, TAB completes a unique value on the line (shown by printing the line), and
    lists the candidates with their descriptions: names with Rich's markup characters, an
    apostrophe, Cyrillic, revisions with their dates and subjects."""
    shown = zsh_session(
        project,
        [
            "sezctl show fe\t\x01print -r -- LINE: \r",
            "sezctl status --baseline app\t\x01print -r -- LINE: \r",
            "sezctl status --owner \t\x15true\r",
            "sezctl show demo/\t\x15true\r",
            "sezctl diff HEAD~\t\t\x15true\r",  # the first TAB writes HEAD\\~
        ],
    )
    assert "LINE: sezctl show fence\r\n" in shown
    assert "LINE: sezctl status --baseline approved-2026-11\r\n" in shown
    for line in (
        "aliya  -- Aliya Nurlanovna",
        "hq     -- Operational HQ",
        "marat  -- Марат [/] Ахметов",
        "demo/fence  -- Fence; with “quotes” and it’s",
        "demo/grid   -- Power grid",
        "HEAD~1  -- 2026-11-10: Fence moved",
        "HEAD~2  -- 2026-11-01: Approved plan",
    ):
        assert line in shown, line
    assert "Traceback" not in shown


# -- fish ---------------------------------------------------------------------------------


def fish_complete(cwd: Path, line: str, **env: str) -> list[str]:
    """``complete -C LINE``: what fish offers for LINE with the script `sezctl
    --show-completion fish` prints, each as ``value<TAB>description``."""
    program = f"sezctl --show-completion fish | source; complete -C {shlex.quote(line)}"
    done = subprocess.run(
        ["fish", "--no-config", "-c", program],
        cwd=cwd, env=shell_env(cwd.parent, **env), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    return done.stdout.splitlines()


@pytest.mark.skipif(
    shutil.which("fish") is None, reason="fish is not installed (.ci/run installs it)"
)
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("sezctl show fe", ["fence\tFence; with “quotes” and it’s"]),
        ("sezctl show second/", ["second/grid\tSecond grid", "second/road\tДорога Ақтөбе"]),
        (
            "sezctl status --owner ",
            ["aliya\tAliya Nurlanovna", "hq\tOperational HQ", "marat\tМарат [/] Ахметов"],
        ),
        ("sezctl critical ", ["demo\tDemo roadmap", "second\tSecond roadmap"]),
        ("sezctl export --lang ", ["en\tEnglish", "kk\tқазақша", "ru\tрусский"]),
        (
            "sezctl diff ",
            [
                "HEAD\t2026-11-20: Road added",
                "HEAD~1\t2026-11-10: Fence moved",
                "HEAD~2\t2026-11-01: Approved plan",
                "approved-2026-11\ttag, 2026-11-01: Approved plan",
                "feature\tbranch, 2026-11-01: Approved plan",
                "main\tbranch, 2026-11-20: Road added",
            ],
        ),
    ],
)
def test_fish_completes_with_descriptions(project: Path, line: str, expected: list[str]) -> None:
    """fish offers each value with its title, name or commit, on one line."""
    assert sorted(fish_complete(project, line)) == expected


@pytest.mark.skipif(
    shutil.which("fish") is None, reason="fish is not installed (.ci/run installs it)"
)
def test_fish_gets_one_line_per_value_in_a_narrow_terminal(project: Path) -> None:
    """A description longer than the terminal is wide stays on its line: fish would offer a
    wrapped second line as a value of its own."""
    wide = fish_complete(project, "sezctl diff ")
    assert fish_complete(project, "sezctl diff ", COLUMNS="20") == wide
    assert len(wide) == len(REVISIONS)


# -- descriptions -------------------------------------------------------------------------


def test_a_description_is_one_safe_line() -> None:
    """Text from the files or git is put on one line, without control characters, markup
    escaped for Rich, quotes and apostrophes as zsh can show them, cut at 80 characters."""
    assert _one_line("Power\ngrid\t\x1b[2J [/] it's") == "Power grid [2J \\[/] it’s"
    assert _one_line('The "Aktobe" SEZ') == "The “Aktobe” SEZ"
    assert _one_line("x" * 100) == "x" * 79 + "…"
    assert _one_line(None) == ""
    assert [
        v for v in ("demo/grid", "HEAD~2", "a b", "x;y", "$(rm)", "") if re.fullmatch(OFFERABLE, v)
    ] == [
        "demo/grid",
        "HEAD~2",
    ]


def test_a_run_that_does_not_complete_imports_no_completion() -> None:
    """`sezctl status` pays nothing for completion, nor for CSV writing: neither module is
    loaded by a real run."""
    code, modules = modules_after_run("status", "--today", "2026-11-26")
    assert code == 0
    assert "sezctl.reports.status" in modules  # the report really ran
    assert {"sezctl.cli.completion", "sezctl.render.spreadsheet"} & modules == set()
    code, modules = modules_after_run("owners", "--format", "csv", "--today", "2026-11-26")
    assert (code, "sezctl.render.spreadsheet" in modules) == (0, True)
