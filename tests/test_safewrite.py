"""Atomic file replacement (sezctl.editing.safewrite): mode kept, symlinks followed, concurrent
changes and read-only files refused, and a crash at any step leaves the old or the new file whole
with no temporary file behind."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sezctl.editing import safewrite
from sezctl.editing.safewrite import WriteError, read_snapshot, write_atomically

OLD = b"stages:\n  - id: grid  # old\n" * 50
NEW = "stages:\n  - id: grid  # new, Ақтөбе\n".encode() * 60


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "roadmap.yaml"
    path.write_bytes(OLD)
    path.chmod(0o640)
    return path


def test_write_replaces_the_content_and_keeps_the_mode(target: Path) -> None:
    """The new bytes are in place, the file mode is the original's, nothing else is left."""
    write_atomically(read_snapshot(target), NEW)
    assert target.read_bytes() == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in target.parent.iterdir()) == ["roadmap.yaml"]


def test_write_replaces_the_file_rather_than_rewriting_it(target: Path) -> None:
    """The rename gives a new inode: a reader holding the old file sees it whole."""
    before = target.stat().st_ino
    with target.open("rb") as reader:
        write_atomically(read_snapshot(target), NEW)
        assert reader.read() == OLD
    assert target.stat().st_ino != before


def test_symlink_target_is_written_and_the_link_stays(tmp_path: Path, target: Path) -> None:
    """Editing through a symbolic link rewrites its target; the link remains a link."""
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    write_atomically(read_snapshot(link), NEW)
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_bytes() == NEW


def test_file_changed_on_disk_is_not_overwritten(target: Path) -> None:
    """Someone saved the file after sezctl read it: their version stays, sezctl refuses."""
    snapshot = read_snapshot(target)
    target.write_bytes(OLD + b"# saved meanwhile\n")
    with pytest.raises(WriteError, match="changed on disk while sezctl was editing it"):
        write_atomically(snapshot, NEW)
    assert target.read_bytes() == OLD + b"# saved meanwhile\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["roadmap.yaml"]


def test_file_changed_during_the_write_is_not_overwritten(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change that lands while the temporary file is being written is caught by the last
    look before the rename."""
    real_fsync = os.fsync

    def save_meanwhile(fd: int) -> None:
        real_fsync(fd)
        target.write_bytes(b"# theirs\n")

    monkeypatch.setattr(os, "fsync", save_meanwhile)
    with pytest.raises(WriteError, match="changed on disk"):
        write_atomically(read_snapshot(target), NEW)
    monkeypatch.undo()
    assert target.read_bytes() == b"# theirs\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["roadmap.yaml"]


def test_read_only_file_is_refused_and_intact(target: Path) -> None:
    """A file marked read-only is not replaced, even where the folder would allow it."""
    target.chmod(0o444)
    with pytest.raises(
        WriteError, match=r"roadmap\.yaml: the file is read-only; nothing was written"
    ):
        write_atomically(read_snapshot(target), NEW)
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in target.parent.iterdir()) == ["roadmap.yaml"]


def test_full_disk_is_a_clear_error_and_the_original_is_intact(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC while writing the temporary file: a message that says so, the old file whole."""

    def full(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(WriteError) as caught:
        write_atomically(read_snapshot(target), NEW)
    monkeypatch.undo()
    assert str(caught.value) == (
        f"{target}: cannot write the file: no space left on the device; "
        "the original file is unchanged"
    )
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in target.parent.iterdir()) == ["roadmap.yaml"]


def test_missing_file_cannot_be_snapshot(tmp_path: Path) -> None:
    """Reading a file that is not there is an environment error, not a traceback."""
    with pytest.raises(WriteError, match="cannot read the file"):
        read_snapshot(tmp_path / "gone.yaml")


# -- a crash at every step ------------------------------------------------------------------------

# The os-level calls a write makes, in order; each is a point where the process could die.
STEPS = ("open", "write", "fchmod", "fchown", "fsync", "close", "replace")


def record_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Wrap the os functions a write uses and record the order in which they are called."""
    calls: list[str] = []
    for name in STEPS:
        real = getattr(os, name)

        def wrapper(
            *args: Any, _real: Callable[..., Any] = real, _name: str = name, **kw: Any
        ) -> Any:
            calls.append(_name)
            return _real(*args, **kw)

        monkeypatch.setattr(os, name, wrapper)
    return calls


def crash_at(
    monkeypatch: pytest.MonkeyPatch, index: int, after: bool, error: BaseException
) -> None:
    """Make the index-th call of the write raise ``error``, before or after doing its work."""
    count = [0]
    for name in STEPS:
        real = getattr(os, name)

        def wrapper(*args: Any, _real: Callable[..., Any] = real, **kw: Any) -> Any:
            count[0] += 1
            if count[0] - 1 != index:
                return _real(*args, **kw)
            if after:
                _real(*args, **kw)
            raise error

        monkeypatch.setattr(os, name, wrapper)


def the_write_steps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    path = tmp_path / "probe.yaml"
    path.write_bytes(OLD)
    with monkeypatch.context() as patch:
        calls = record_calls(patch)
        write_atomically(read_snapshot(path), NEW)
    path.unlink()
    return calls


def test_the_write_makes_the_expected_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guards the crash test below: the write opens, writes, sets the mode, syncs, closes and
    renames, then syncs the folder."""
    calls = the_write_steps(tmp_path, monkeypatch)
    assert calls[0] == "open" and "replace" in calls
    assert calls.index("fsync") < calls.index("close") < calls.index("replace")
    assert calls[calls.index("replace") + 1 :] == ["open", "fsync", "close"]


@pytest.mark.parametrize("after", [False, True], ids=["before-the-step", "after-the-step"])
@pytest.mark.parametrize(
    "error",
    [OSError(errno.EIO, "I/O error"), KeyboardInterrupt()],
    ids=["io-error", "interrupt"],
)
def test_a_crash_at_any_step_leaves_old_or_new_whole_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: bool, error: BaseException
) -> None:
    """At every os call of the write, before or after it does its work, an error or an
    interrupt leaves the file entirely old (before the rename took effect) or entirely new
    (after), and never a temporary file."""
    steps = the_write_steps(tmp_path, monkeypatch)
    rename = steps.index("replace")
    for index, step in enumerate(steps):
        path = tmp_path / "roadmap.yaml"
        path.write_bytes(OLD)
        with monkeypatch.context() as patch:
            crash_at(patch, index, after, error)
            with contextlib.suppress(WriteError, KeyboardInterrupt):
                write_atomically(read_snapshot(path), NEW)
        renamed = index > rename or (index == rename and after)
        assert path.read_bytes() == (NEW if renamed else OLD), (index, step)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["roadmap.yaml"], (index, step)


def test_an_error_before_the_rename_is_reported_as_a_write_error(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failing rename (e.g. a read-only folder) says the original is unchanged."""

    def refuse(*args: Any) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(WriteError, match=r"Permission denied .*the original file is unchanged"):
        write_atomically(read_snapshot(target), NEW)
    monkeypatch.undo()
    assert target.read_bytes() == OLD


def test_temporary_files_are_named_to_be_recognisable() -> None:
    """Should one ever be left by a power cut, its name says what it is."""
    assert safewrite.TEMP_SUFFIX == ".sezctl-tmp"


def test_stale_temporary_files_are_removed_and_nothing_else(tmp_path: Path) -> None:
    """Only regular files named exactly like a write's temporary file are removed (sorted, each
    reported); the roadmap, look-alikes, a folder and a link with such a name stay."""
    names = {
        "plan.yaml": "the roadmap",
        ".plan.yaml.0a1b2c3d.sezctl-tmp": "left by a killed edit",
        ".жол картасы.yaml.ffffffff.sezctl-tmp": "another file's, also stale",
        ".plan.yaml.notrandom.sezctl-tmp": "not a random part",
        ".plan.yaml.0A1B2C3D.sezctl-tmp": "upper case: never written so",
        "plan.yaml.0a1b2c3d.sezctl-tmp": "no leading dot",
        ".plan.yaml.0a1b2c3d.sezctl-tmp.bak": "a suffix after it",
    }
    for name, text in names.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / ".folder.yaml.11111111.sezctl-tmp").mkdir()
    (tmp_path / ".link.yaml.22222222.sezctl-tmp").symlink_to(tmp_path / "plan.yaml")
    removed = safewrite.remove_stale_temporaries(tmp_path)
    assert removed == [
        (tmp_path / ".plan.yaml.0a1b2c3d.sezctl-tmp", None),
        (tmp_path / ".жол картасы.yaml.ffffffff.sezctl-tmp", None),
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        {*names, ".folder.yaml.11111111.sezctl-tmp", ".link.yaml.22222222.sezctl-tmp"}
        - {".plan.yaml.0a1b2c3d.sezctl-tmp", ".жол картасы.yaml.ffffffff.sezctl-tmp"}
    )
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8") == "the roadmap"
