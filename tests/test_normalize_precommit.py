"""The hook as users run it: the real `pre-commit try-repo` against this repository.

pre-commit builds the hook's environment with pip from this checkout (PyPI for
the dependencies), in a PRE_COMMIT_HOME inside tmp_path so nothing leaks out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=60)


def try_repo(repo: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "wx2md-normalize", "--files", *files],
        cwd=repo, env=env, capture_output=True, text=True, timeout=300,
    )


def test_dirty_post_fails_the_hook_is_fixed_and_then_passes(tmp_path: Path):
    repo = tmp_path / "blog"
    (repo / "_posts").mkdir(parents=True)
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "t@example.com")
    git(repo, "config", "user.name", "t")
    dirty = repo / "_posts" / "2022-06-23-oppo-cvpr2022.md"
    dirty.write_bytes(next(SEEDS.glob("004_*.txt")).read_bytes())
    (repo / "notes.md").write_text("<div style='x'>not a post</div>\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "posts")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}

    first = try_repo(repo, env, "_posts/2022-06-23-oppo-cvpr2022.md", "notes.md")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "Failed" in first.stdout and "files were modified by this hook" in first.stdout
    assert "normalized _posts/2022-06-23-oppo-cvpr2022.md" in first.stdout
    fixed = dirty.read_text(encoding="utf-8")
    assert fixed.startswith("---\nlayout: post\n") and "date: 2022-06-23 10:32:25 +0800" in fixed
    assert "<p data-vmark" not in fixed
    assert (repo / "notes.md").read_text(encoding="utf-8") == "<div style='x'>not a post</div>\n"  # not under _posts/

    git(repo, "add", ".")
    git(repo, "commit", "-qm", "normalized")
    second = try_repo(repo, env, "_posts/2022-06-23-oppo-cvpr2022.md")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout
    assert dirty.read_text(encoding="utf-8") == fixed
