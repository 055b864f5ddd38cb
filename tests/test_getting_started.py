"""Getting started: `sezctl init` scaffolds a working roadmap repository and never overwrites a
file; shell completion works; outside any roadmap folder sezctl gives a hint, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from sezctl.rules.policy import OPT_IN_RULES, POLICY_RULES
from sezctl.source.config import _CONFIG_KEYS
from sezctl.source.schema import MODELINE, render_schema
from tests.conftest import REPO, Cli, modules_after_run

TODAY = "2026-11-26"
SCAFFOLD = [
    "roadmaps/example.yaml",
    "roadmaps/owners.yaml",
    "schema/sezctl.schema.json",
    "sezctl.toml",
    ".pre-commit-config.yaml",
    ".github/workflows/roadmap.yml",
]


def init(cli: Cli, folder: Path) -> None:
    result = cli("init", str(folder), "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == "".join(f"created {folder.as_posix()}/{name}\n" for name in SCAFFOLD)


def test_init_creates_a_repository_that_checks_clean(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file is written into a new folder; `check --strict` and `status` work there at
    once, the example has overdue-free, due-soon and done items around the given day."""
    folder = tmp_path / "new-roadmap"
    init(cli, folder)
    monkeypatch.chdir(folder)
    check = cli("check", "--strict", "--today", TODAY)
    assert check.exit_code == 0, check.output
    assert check.stderr == "0 errors, 0 warnings in 2 files\n"
    status = cli("status", "--today", TODAY, "--format", "json")
    assert status.exit_code == 0, status.output
    assert "example/design-review" in status.stdout  # due within the warning window


def test_init_in_the_current_folder_and_its_hint(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without DIR, init writes into the current folder; stderr says what to do next."""
    monkeypatch.chdir(tmp_path)
    result = cli("init", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert sorted(
        p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()
    ) == sorted(SCAFFOLD)
    assert "next: sezctl status" in result.stderr


def test_init_refuses_to_overwrite_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    """One existing file (here sezctl.toml) is enough: exit 2, it is named, and no other file
    is created."""
    (tmp_path / "sezctl.toml").write_text("warning_days = 7\n", encoding="utf-8")
    result = cli("init", str(tmp_path), "--today", TODAY)
    assert result.exit_code == 2
    assert "already has sezctl.toml" in result.stderr
    assert "wrote nothing" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["sezctl.toml"]
    assert (tmp_path / "sezctl.toml").read_text(encoding="utf-8") == "warning_days = 7\n"


def test_init_twice_is_refused(cli: Cli, tmp_path: Path) -> None:
    """Running init again on its own output changes nothing."""
    init(cli, tmp_path / "r")
    before = {p: p.read_bytes() for p in (tmp_path / "r").rglob("*") if p.is_file()}
    result = cli("init", str(tmp_path / "r"), "--today", "2027-01-01")
    assert result.exit_code == 2
    assert {p: p.read_bytes() for p in (tmp_path / "r").rglob("*") if p.is_file()} == before


def test_init_on_a_file_is_exit_two(cli: Cli, tmp_path: Path) -> None:
    """DIR must be a folder."""
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = cli("init", str(target))
    assert result.exit_code == 2
    assert "is not a folder" in result.stderr


def test_scaffolded_files_are_what_they_claim(cli: Cli, tmp_path: Path) -> None:
    """Roadmaps name the schema on line 1 and the schema is sezctl's; the config parses and
    lists every setting and policy rule commented; the pre-commit config and the workflow
    run sezctl check (the workflow with annotations and, on pull requests, --base)."""
    init(cli, tmp_path)
    for name in ("roadmaps/example.yaml", "roadmaps/owners.yaml"):
        assert (tmp_path / name).read_text(encoding="utf-8").splitlines()[0] == MODELINE
    assert (tmp_path / "schema/sezctl.schema.json").read_text(encoding="utf-8") == (render_schema())
    config = (tmp_path / "sezctl.toml").read_text(encoding="utf-8")
    assert tomllib.loads(config) == {"policy": {}}
    for key in _CONFIG_KEYS:
        assert f"# {key} = " in config or f"[{key}]" in config, key
    for code in POLICY_RULES:  # each with its default: the opt-in rules are off
        assert f"# {code} = {'false' if code in OPT_IN_RULES else 'true'}" in config
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = hooks["repos"][0]["hooks"][0]
    assert (hook["id"], hook["entry"], hook["pass_filenames"]) == (
        "sezctl-check",
        "sezctl check",
        False,
    )
    workflow = yaml.safe_load(
        (tmp_path / ".github/workflows/roadmap.yml").read_text(encoding="utf-8")
    )
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert "sezctl check --strict --format github" in runs
    assert 'sezctl check --strict --format github --base "origin/$BASE_REF"' in runs
    checkout = workflow["jobs"]["check"]["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0


def test_pre_commit_accepts_the_scaffolded_config(cli: Cli, tmp_path: Path) -> None:
    """pre-commit itself validates the generated .pre-commit-config.yaml."""
    init(cli, tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_pre_commit_system_hook_of_the_scaffold_runs_sezctl(cli: Cli, tmp_path: Path) -> None:
    """The scaffold's local hook, run by pre-commit with this sezctl on PATH, passes on the
    example and fails once an owner is misspelt."""
    init(cli, tmp_path)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / ".pre-commit-home"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "SEZCTL_TODAY": TODAY,
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            list(args), cwd=tmp_path, env=env, capture_output=True, text=True, check=False
        )

    assert run("git", "init", "--quiet").returncode == 0
    assert run("git", "add", ".").returncode == 0
    passed = run(sys.executable, "-m", "pre_commit", "run", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    example = tmp_path / "roadmaps" / "example.yaml"
    example.write_text(
        example.read_text(encoding="utf-8").replace("owner: engineer", "owner: enginer", 1),
        encoding="utf-8",
    )
    failed = run(sys.executable, "-m", "pre_commit", "run", "--all-files")
    assert failed.returncode == 1
    assert "error[unknown-owner]" in failed.stdout


# -- start-up ---------------------------------------------------------------------------------


INTEGRATION_MODULES = {
    "sezctl.history.git",
    "sezctl.rules.policy",
    "sezctl.source.schema",
    "sezctl.reports.export",
    "sezctl.editing.scaffold",
    "sezctl.render.sarif",
    "sezctl.render.github",
    "sezctl.render.ics",
    "sezctl.render.mermaid",
    "icalendar",
    "json",
}


def test_integrations_are_not_imported_on_start_up() -> None:
    """`sezctl status` pays nothing for the CI, editor, export and init machinery: a real run
    loads none of their modules, nor icalendar, while `export` does load what it needs."""
    code, modules = modules_after_run("status", "--today", "2026-11-26")
    assert code == 0
    assert "sezctl.reports.status" in modules  # the report really ran
    assert sorted(INTEGRATION_MODULES & modules) == []
    code, modules = modules_after_run("export", "--today", "2026-11-26")
    assert code == 0
    assert {"sezctl.reports.export", "sezctl.render.ics", "icalendar"} <= modules


# -- shell completion ----------------------------------------------------------------------------


def test_completion_options_are_offered(cli: Cli) -> None:
    """Typer's --install-completion and --show-completion are on `sezctl --help`."""
    result = cli("--help")
    assert "--install-completion" in result.stdout
    assert "--show-completion" in result.stdout


def test_show_completion_prints_a_bash_script() -> None:
    """`sezctl --show-completion bash` prints the script the README tells people to install."""
    done = subprocess.run(
        [sys.executable, "-m", "sezctl", "--show-completion", "bash"],
        capture_output=True, text=True, check=False, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "_SEZCTL_COMPLETE=complete_bash" in done.stdout


@pytest.mark.parametrize(
    ("words", "word", "expected"),
    [
        ("sezctl exp", "1", {"export"}),
        ("sezctl check --format ", "3", {"text", "json", "github", "sarif"}),
        ("sezctl export --format ", "3", {"ics", "mermaid", "csv", "json"}),
    ],
)
def test_completion_completes_commands_and_formats(
    words: str, word: str, expected: set[str]
) -> None:
    """What the shell gets when TAB is pressed: command names and the --format choices."""
    done = subprocess.run(
        [sys.executable, "-m", "sezctl"],
        capture_output=True, text=True, check=False, cwd=REPO,
        env={**os.environ, "_SEZCTL_COMPLETE": "complete_bash", "COMP_WORDS": words,
             "COMP_CWORD": word},
    )  # fmt: skip
    assert set(done.stdout.split()) == expected, done.stdout + done.stderr


# -- outside a roadmap folder --------------------------------------------------------------------


def test_outside_any_roadmap_folder_a_hint_mentions_init(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a repository without roadmaps, `sezctl status` says how to proceed (exit 2), names
    `sezctl init`, and shows no traceback."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    result = cli("status")
    assert result.exit_code == 2
    assert result.stderr == (
        "sezctl: error: no roadmaps/ folder here or in any parent folder up to the repository "
        "root.\nRun sezctl inside a roadmap repository, or name the files: sezctl status "
        "PATH...\nTo start a new roadmap repository here: sezctl init\n"
    )


def test_outside_a_roadmap_folder_in_a_real_process(tmp_path: Path) -> None:
    """The same as a user meets it: a real process, exit 2, two lines of advice, no Python."""
    (tmp_path / ".git").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "sezctl", "check"],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
    assert "sezctl init" in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 3
