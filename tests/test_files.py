"""Files a blog needs: modes a web server can read, durable writes, nothing half-written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SAMPLE

from wx2md.cli import main
from wx2md.site import atomic_write


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_honours_the_umask(tmp_path: Path, umask_022):
    written = atomic_write(tmp_path, tmp_path / "_posts" / "a.md", b"x")
    assert mode(written) == 0o644


def test_a_stricter_umask_is_honoured_too(tmp_path: Path):
    old = os.umask(0o077)
    try:
        written = atomic_write(tmp_path, tmp_path / "b.md", b"x")
    finally:
        os.umask(old)
    assert mode(written) == 0o600


def test_an_existing_file_keeps_its_mode(tmp_path: Path, umask_022):
    target = tmp_path / "c.md"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write(tmp_path, target, b"new")
    assert mode(target) == 0o640 and target.read_bytes() == b"new"


def test_file_and_folder_are_synced_before_success(tmp_path: Path, monkeypatch):
    target = tmp_path / "d.md"
    synced: list[tuple[str, bool]] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        kind = "dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        synced.append((kind, target.exists()))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    atomic_write(tmp_path, target, b"x")

    assert synced == [("file", False), ("dir", True)]  # the data before the rename, the rename after


def test_a_failed_rename_leaves_no_temp_file(tmp_path: Path, monkeypatch):
    def broken(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        atomic_write(tmp_path, tmp_path / "e.md", b"x")
    assert list(tmp_path.iterdir()) == []


def test_the_post_written_by_convert_is_world_readable(tmp_path: Path, umask_022):
    result = CliRunner().invoke(main, ["convert", str(SAMPLE), "--site", str(tmp_path), "--no-download"])
    assert result.exit_code == 0, result.output
    (post,) = (tmp_path / "_posts").glob("*.md")
    assert mode(post) == 0o644
