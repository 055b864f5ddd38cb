"""The change policy, `sezctl check --base REV`: deadlines move only with a recorded reason,
baselines stay, finished work is neither reopened nor deleted.  Each rule is tested through
the real command in a real git repository, where the base is a commit and the change is an
edit of the work tree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Cli, GitRepo

TODAY = "2026-11-26"

PLAN = """
owners:
  hq:
    name: Operational HQ
roadmap: demo
title: Demo
stages:
  - id: survey
    title: Survey
    owner: hq
    start: 2026-01-10
    due: 2026-02-01
    done: 2026-01-30
    status: done
  - id: grid
    title: Power grid
    owner: hq
    due: 2026-09-30
    tasks:
      - id: cable
        title: Cable
        owner: hq
        due: 2026-05-01
        done: 2026-04-30
  - id: works
    title: Works
    owner: hq
    due: 2026-12-01
    baseline: 2026-11-01
    reschedules:
      - from: 2026-11-01
        to: 2026-12-01
        on: 2026-06-01
        reason: Late design
"""


@pytest.fixture
def repo(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """A roadmap repository with PLAN committed on main; the tests run inside it."""
    git_repo.write("roadmaps/plan.yaml", PLAN)
    git_repo.commit("Approved plan")
    monkeypatch.chdir(git_repo.root)
    return git_repo


def edit(repo: GitRepo, old: str, new: str, name: str = "roadmaps/plan.yaml") -> None:
    path = repo.root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_base(cli: Cli, *args: str) -> tuple[int, str, str]:
    result = cli("check", "--base", "main", "--today", TODAY, *args)
    return result.exit_code, result.stdout, result.stderr


def codes(output: str) -> list[str]:
    return re.findall(r"^(\S+: (?:error|warning)\[[a-z-]+\])", output, flags=re.MULTILINE)


def test_unchanged_files_pass(cli: Cli, repo: GitRepo) -> None:
    """Nothing changed since the base: exit 0, no problem."""
    assert check_base(cli) == (0, "", "0 errors, 0 warnings in 1 file\n")


def test_moved_deadline_without_a_reschedule_entry_is_an_error(cli: Cli, repo: GitRepo) -> None:
    """Editing `due:` by hand: error at the due line, saying from what to what, and how to do
    it properly."""
    edit(repo, "due: 2026-09-30", "due: 2026-12-15")
    code, out, err = check_base(cli)
    assert code == 1, out + err
    assert codes(out) == ["roadmaps/plan.yaml:17:5: error[deadline-moved-without-reschedule]"]
    assert "demo/grid: the deadline moved from 2026-09-30 (at main) to 2026-12-15" in out
    assert "no new reschedules entry records it" in out
    assert "sezctl reschedule demo/grid --to 2026-12-15" in out


def test_deadline_moved_with_sezctl_reschedule_passes(cli: Cli, repo: GitRepo) -> None:
    """The proper way: `sezctl reschedule` records the move (and the baseline): clean."""
    result = cli(
        "reschedule", "demo/grid", "--to", "2026-12-15", "--reason", "Transformer late",
        "--ref", "HQ protocol No. 41", "--today", TODAY,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert check_base(cli) == (0, "", "0 errors, 0 warnings in 1 file\n")


def test_reschedule_entry_that_does_not_match_the_move_is_an_error(cli: Cli, repo: GitRepo) -> None:
    """A new entry that records another move than the one made does not count."""
    edit(repo, "due: 2026-09-30", "due: 2026-12-15\n    baseline: 2026-09-30")
    edit(
        repo,
        "    tasks:\n      - id: cable",
        "    reschedules:\n      - from: 2026-10-30\n        to: 2026-12-15\n"
        "        on: 2026-11-20\n        reason: Made up\n    tasks:\n      - id: cable",
    )
    code, out, err = check_base(cli)
    assert code == 1, out + err
    assert codes(out) == ["roadmaps/plan.yaml:17:5: error[deadline-moved-without-reschedule]"]
    assert "the new reschedules entries go from 2026-10-30 to 2026-12-15" in out


def test_changed_baseline_is_an_error(cli: Cli, repo: GitRepo) -> None:
    """Moving the baseline rewrites the approved plan: error at the baseline line."""
    edit(repo, "baseline: 2026-11-01", "baseline: 2026-11-20")
    edit(repo, "      - from: 2026-11-01", "      - from: 2026-11-20")
    code, out, _ = check_base(cli)
    assert code == 1
    assert codes(out) == [
        "roadmaps/plan.yaml:28:5: error[baseline-changed]",
        "roadmaps/plan.yaml:30:9: error[reschedule-history-changed]",
    ]
    assert "the baseline changed from 2026-11-01 to 2026-11-20 (since main)" in out


def test_removed_baseline_is_an_error(cli: Cli, repo: GitRepo) -> None:
    """Deleting the baseline is a change too, reported at the item's deadline."""
    edit(repo, "    baseline: 2026-11-01\n", "")
    code, out, _ = check_base(cli)
    assert code == 1
    assert codes(out) == ["roadmaps/plan.yaml:27:5: error[baseline-changed]"]
    assert "the baseline was removed" in out


def test_added_baseline_must_be_the_approved_deadline(cli: Cli, repo: GitRepo) -> None:
    """A first baseline must be the deadline approved at the base; any other date is an
    error, the right one passes."""
    edit(repo, "due: 2026-09-30", "due: 2026-09-30\n    baseline: 2026-08-31")
    code, out, _ = check_base(cli)
    assert code == 1
    assert codes(out) == ["roadmaps/plan.yaml:18:5: error[baseline-changed]"]
    assert "added as 2026-08-31, but the deadline approved at main is 2026-09-30" in out
    edit(repo, "baseline: 2026-08-31", "baseline: 2026-09-30")
    assert check_base(cli)[0] == 0


def test_reopened_done_item_is_an_error(cli: Cli, repo: GitRepo) -> None:
    """A done stage set back to in-progress: error at its status line."""
    edit(repo, "    done: 2026-01-30\n    status: done", "    status: in-progress")
    code, out, _ = check_base(cli)
    assert code == 1
    assert codes(out) == ["roadmaps/plan.yaml:12:5: error[done-item-reopened]"]
    assert "demo/survey was done at main (on 2026-01-30) and is now in-progress" in out


def test_deleted_done_items_are_errors_at_their_parent(cli: Cli, repo: GitRepo) -> None:
    """A deleted done stage is reported at the roadmap's stages key, a deleted done task at
    its parent (whose tasks key went with it); deleting an open item is allowed."""
    text = (repo.root / "roadmaps/plan.yaml").read_text(encoding="utf-8")
    start, end = text.index("  - id: survey"), text.index("  - id: grid")
    text = text[:start] + text[end:]
    start, end = text.index("    tasks:"), text.index("  - id: works")
    text = text[:start] + text[end:]
    (repo.root / "roadmaps/plan.yaml").write_text(text, encoding="utf-8")
    code, out, _ = check_base(cli)
    assert code == 1
    assert codes(out) == [
        "roadmaps/plan.yaml:6:1: error[done-item-deleted]",
        "roadmaps/plan.yaml:7:5: error[done-item-deleted]",
    ]
    assert "demo/survey ('Survey'), done on 2026-01-30 at main, was deleted" in out
    assert "demo/cable ('Cable')" in out


def test_deleting_an_open_item_is_allowed(cli: Cli, repo: GitRepo) -> None:
    """Only finished work is protected: an open stage may be dropped from the plan."""
    text = (repo.root / "roadmaps/plan.yaml").read_text(encoding="utf-8")
    (repo.root / "roadmaps/plan.yaml").write_text(
        text[: text.index("  - id: works")], encoding="utf-8"
    )
    assert check_base(cli) == (0, "", "0 errors, 0 warnings in 1 file\n")


def test_deleted_done_task_is_located_at_its_surviving_parent(cli: Cli, repo: GitRepo) -> None:
    """Only the task is gone: the finding points at the parent's tasks key."""
    edit(
        repo,
        "    tasks:\n      - id: cable\n        title: Cable\n        owner: hq\n"
        "        due: 2026-05-01\n        done: 2026-04-30\n",
        "    tasks: []\n",
    )
    _, out, _ = check_base(cli)
    assert codes(out) == ["roadmaps/plan.yaml:18:5: error[done-item-deleted]"]


def test_deleted_roadmap_file_reports_at_the_file(cli: Cli, repo: GitRepo) -> None:
    """A whole file gone: its done items are reported at path:0:0 (the file as a whole)."""
    repo.write("roadmaps/owners.yaml", "owners:\n  hq:\n    name: Operational HQ\n")
    (repo.root / "roadmaps/plan.yaml").unlink()
    code, out, _ = check_base(cli)
    assert code == 1
    assert codes(out) == ["roadmaps/plan.yaml:0:0: error[done-item-deleted]"] * 2


def test_deletions_are_not_judged_while_a_file_has_errors(cli: Cli, repo: GitRepo) -> None:
    """A file that does not load looks as if its items were deleted: only the load error is
    reported until it is fixed."""
    edit(repo, "title: Survey", "title: [Survey")
    code, out, _ = check_base(cli)
    assert code == 1
    assert [c.split("[")[1] for c in codes(out)] == ["yaml-syntax]"]


def test_rules_can_be_switched_off_in_sezctl_toml(cli: Cli, repo: GitRepo) -> None:
    """`[policy]` with `rule = false` in the base revision's sezctl.toml switches that rule
    off; the others stay on."""
    repo.write("sezctl.toml", "[policy]\ndeadline-moved-without-reschedule = false\n")
    repo.commit("The HQ decided: deadlines move without a recorded reason")
    edit(repo, "due: 2026-09-30", "due: 2026-12-15")
    edit(repo, "baseline: 2026-11-01", "baseline: 2026-11-20")
    _, out, _ = check_base(cli)
    assert [c.split("[")[1] for c in codes(out)] == ["baseline-changed]"]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("[policy]\nno-such-rule = false\n", "unknown policy rule 'no-such-rule'"),
        ("[policy]\nbaseline-changed = 0\n", "[policy] baseline-changed must be true or false"),
        ("policy = 1\n", "policy must be a table"),
    ],
)
def test_bad_policy_settings_are_exit_two(
    cli: Cli, repo: GitRepo, config: str, message: str
) -> None:
    """A mistake in [policy] stops the run with a message naming the setting."""
    repo.write("sezctl.toml", config)
    code, _, err = check_base(cli)
    assert code == 2
    assert message in err


def test_base_can_be_any_revision_and_runs_from_a_subfolder(
    cli: Cli, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit id works like a branch, and paths in findings are relative to where the user
    stands (as for every other problem)."""
    first = repo.git("rev-parse", "HEAD").strip()
    edit(repo, "due: 2026-09-30", "due: 2026-12-15")
    (repo.root / "docs").mkdir()
    monkeypatch.chdir(repo.root / "docs")
    result = cli("check", "--base", first[:10], "--today", TODAY)
    assert result.exit_code == 1
    assert codes(result.stdout) == [
        "../roadmaps/plan.yaml:17:5: error[deadline-moved-without-reschedule]"
    ]


def test_base_with_explicit_paths_compares_those_paths(cli: Cli, repo: GitRepo) -> None:
    """Paths on the command line are compared with the same paths at the revision; a file
    that did not exist there is new, so nothing in it can break the policy."""
    edit(repo, "due: 2026-09-30", "due: 2026-12-15")
    repo.write(
        "roadmaps/new.yaml",
        "roadmap: fresh\ntitle: New\nstages:\n"
        "  - id: a\n    title: A\n    owner: hq\n    due: 2026-12-01\n",
    )
    result = cli("check", "roadmaps/plan.yaml", "--base", "main", "--today", TODAY)
    assert codes(result.stdout) == [
        "roadmaps/plan.yaml:17:5: error[deadline-moved-without-reschedule]"
    ]
    result = cli(
        "check", "roadmaps/new.yaml", "roadmaps/plan.yaml", "--base", "HEAD", "--today", TODAY
    )
    assert len(codes(result.stdout)) == 1


def test_unknown_base_revision_is_exit_two(cli: Cli, repo: GitRepo) -> None:
    """A revision git does not know: exit 2 with the fetch-depth hint."""
    result = cli("check", "--base", "origin/main", "--today", TODAY)
    assert result.exit_code == 2
    assert "unknown revision 'origin/main'" in result.stderr
    assert "fetch-depth: 0" in result.stderr


def test_option_like_base_revision_is_refused(cli: Cli, repo: GitRepo) -> None:
    """`--base=--output=x` never reaches git as an option."""
    result = cli("check", "--base=--output=x", "--today", TODAY)
    assert result.exit_code == 2
    assert "starts with '-'" in result.stderr


def test_base_outside_a_repository_is_exit_two(
    cli: Cli, tmp_path: Path, git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Roadmaps that are not in a git work tree: exit 2, saying --base needs a repository."""
    folder = tmp_path / "plain"
    (folder / "roadmaps").mkdir(parents=True)
    (folder / "roadmaps" / "plan.yaml").write_text(PLAN, encoding="utf-8")
    (folder / ".git").mkdir()  # stops the roadmaps search here, but is no repository
    monkeypatch.chdir(folder)
    result = cli("check", "--base", "main", "--today", TODAY)
    assert result.exit_code == 2
    assert "is not inside a git repository; --base needs one" in result.stderr


def test_policy_findings_are_annotations_too(cli: Cli, repo: GitRepo) -> None:
    """With --format github, a policy finding is an ::error annotation on its line."""
    edit(repo, "due: 2026-09-30", "due: 2026-12-15")
    code, out, _ = check_base(cli, "--format", "github")
    assert code == 1
    assert out.startswith(
        "::error file=roadmaps/plan.yaml,line=17,col=5,"
        "title=sezctl deadline-moved-without-reschedule::demo/grid: the deadline moved"
    )


# -- hardening (issue #16): a change cannot take itself out of the policy -----------------------


def test_a_rule_switched_off_by_the_change_itself_still_applies(cli: Cli, repo: GitRepo) -> None:
    """The [policy] switches are read from sezctl.toml at the base: a pull request that adds
    `deadline-moved-without-reschedule = false` and moves a deadline is still refused."""
    repo.write("sezctl.toml", "[policy]\ndeadline-moved-without-reschedule = false\n")
    edit(repo, "due: 2026-09-30", "due: 2026-12-15")
    code, out, _ = check_base(cli)
    assert code == 1
    assert codes(out) == ["roadmaps/plan.yaml:17:5: error[deadline-moved-without-reschedule]"]


def test_a_rule_switched_off_at_the_base_stays_off_when_the_change_turns_it_on(
    cli: Cli, repo: GitRepo
) -> None:
    """Symmetrically, switching a rule back on takes effect once it is merged: the base says
    it is off."""
    repo.write("sezctl.toml", "[policy]\ndeadline-moved-without-reschedule = false\n")
    repo.commit("Moves need no record for now")
    repo.write("sezctl.toml", "[policy]\ndeadline-moved-without-reschedule = true\n")
    edit(repo, "due: 2026-09-30", "due: 2026-12-15")
    assert check_base(cli) == (0, "", "0 errors, 0 warnings in 1 file\n")


def test_moving_the_roadmaps_folder_compares_with_the_base_folder(cli: Cli, repo: GitRepo) -> None:
    """`git mv roadmaps plans` with `roadmaps = "plans"` left nothing to compare; the base's
    own folder (roadmaps/, as its sezctl.toml or its absence says) is compared now, also when
    the moved folder is named on the command line."""
    repo.git("mv", "roadmaps", "plans")
    repo.write("sezctl.toml", 'roadmaps = "plans"\n')
    edit(repo, "due: 2026-09-30", "due: 2026-12-15", name="plans/plan.yaml")
    for args in ((), ("plans",)):
        result = cli("check", *args, "--base", "main", "--today", TODAY)
        assert result.exit_code == 1, result.output
        assert codes(result.stdout) == [
            "plans/plan.yaml:17:5: error[deadline-moved-without-reschedule]"
        ]


def test_renamed_roadmap_and_item_ids_are_followed(cli: Cli, repo: GitRepo) -> None:
    """Renaming the roadmap id (every ref changes) and an item id together with a move made the
    items look new, so the move passed; the item gone and the new one with the same title and
    owner are compared, and the finding names both refs."""
    edit(repo, "roadmap: demo", "roadmap: demo-2026")
    edit(repo, "id: grid", "id: power-grid")
    edit(repo, "due: 2026-09-30", "due: 2026-12-15")
    edit(repo, "    done: 2026-01-30\n    status: done", "    status: in-progress")
    code, out, _ = check_base(cli)
    assert code == 1
    assert codes(out) == [
        "roadmaps/plan.yaml:12:5: error[done-item-reopened]",
        "roadmaps/plan.yaml:16:5: error[deadline-moved-without-reschedule]",
    ]
    assert (
        "demo-2026/power-grid (demo/grid at main): the deadline moved from 2026-09-30 (at main) "
        "to 2026-12-15" in out
    )
    assert "demo-2026/survey (demo/survey at main) was done at main (on 2026-01-30)" in out


def test_a_renamed_done_item_is_not_reported_deleted(cli: Cli, repo: GitRepo) -> None:
    """A done item under a new id (same title and owner) is still there: no finding."""
    edit(repo, "id: survey", "id: site-survey")
    assert check_base(cli) == (0, "", "0 errors, 0 warnings in 1 file\n")


def test_two_candidates_for_a_rename_are_no_rename(cli: Cli, repo: GitRepo) -> None:
    """When the title and owner do not tell which new item an old one became, none is taken
    for it: the done item counts as deleted."""
    text = (repo.root / "roadmaps/plan.yaml").read_text(encoding="utf-8")
    survey = text[text.index("  - id: survey") : text.index("  - id: grid")]
    text = text.replace(survey, survey.replace("id: survey", "id: survey-a"))
    text += survey.replace("id: survey", "id: survey-b")
    (repo.root / "roadmaps/plan.yaml").write_text(text, encoding="utf-8")
    code, out, _ = check_base(cli)
    assert code == 1
    assert [c.split("[")[1] for c in codes(out)] == ["done-item-deleted]"]


def test_a_base_without_roadmaps_at_the_compared_path_fails(cli: Cli, repo: GitRepo) -> None:
    """Nothing at the base where the files are compared (the folder moved without the
    setting, and is named on the command line): exit 1 with base-roadmaps-missing, not a pass
    with nothing compared."""
    repo.git("mv", "roadmaps", "plans")
    edit(repo, "due: 2026-09-30", "due: 2026-12-15", name="plans/plan.yaml")
    result = cli("check", "plans", "--base", "main", "--today", TODAY)
    assert result.exit_code == 1
    assert result.stdout == (
        "plans/plan.yaml:0:0: error[base-roadmaps-missing]: main has no roadmap files in plans, "
        "so nothing here can be compared with it and no change could break the policy. If this "
        "change moves the roadmaps, change the `roadmaps` setting of sezctl.toml with them (the "
        "files are then read where main keeps them); if it adds the first roadmaps, check it "
        "without --base.\n"
    )


def test_the_base_config_is_found_from_a_subfolder_and_must_be_valid(
    cli: Cli, repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The base's sezctl.toml is found as on disk, from the working folder up to the root; a
    malformed one at the base is exit 2 naming the file and the revision."""
    repo.write("sezctl.toml", "[policy]\ndone-item-reopened = false\n")
    (repo.root / "docs").mkdir()
    repo.write("docs/README.md", "docs\n")
    repo.commit("Reopening allowed")
    edit(repo, "    done: 2026-01-30\n    status: done", "    status: in-progress")
    monkeypatch.chdir(repo.root / "docs")
    result = cli("check", "--base", "main", "--today", TODAY)
    assert (result.exit_code, result.stdout) == (0, "")
    repo.write("sezctl.toml", "[policy\n")
    repo.commit("Broken config")
    repo.write("sezctl.toml", "[policy]\n")  # the change mends it; the base still has it
    result = cli("check", "--base", "main", "--today", TODAY)
    assert result.exit_code == 2
    assert result.stderr.startswith("sezctl: error: ../sezctl.toml at main: invalid TOML: ")


def test_a_symlinked_sezctl_toml_at_the_base_is_not_read_as_settings(
    cli: Cli, repo: GitRepo
) -> None:
    """In git a symbolic link is its target's name, not the settings: at the base it is passed
    over (every rule on), never read as TOML."""
    repo.write("config/policy.toml", "[policy]\ndeadline-moved-without-reschedule = false\n")
    (repo.root / "sezctl.toml").symlink_to("config/policy.toml")
    repo.commit("Settings kept in config/")
    edit(repo, "due: 2026-09-30", "due: 2026-12-15")
    code, out, _ = check_base(cli)
    assert code == 1
    assert codes(out) == ["roadmaps/plan.yaml:17:5: error[deadline-moved-without-reschedule]"]
