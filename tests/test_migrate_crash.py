"""`kill -9` in the middle of a migration: no partial post, and a re-run completes the rest."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from test_migrate_helpers import archive, by_title, posts, report, run

# Runs migrate in a child process whose 4th post write dies half-way (SIGKILL, no clean-up).
DYING = """
import os, signal, sys, tempfile
import wx2md.migrate.writer as writer
real, calls = writer.atomic_write, []
def dying(root, path, data, **options):
    calls.append(path)
    if len(calls) == 4:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.write(fd, data[: len(data) // 2])
        os.kill(os.getpid(), signal.SIGKILL)
    return real(root, path, data, **options)
writer.atomic_write = dying
from wx2md.cli import main
main(sys.argv[1:])
"""


def test_kill_9_leaves_no_partial_post_and_a_rerun_completes(tmp_path: Path):
    arts = [archive.article(n) for n in range(8)]
    archive.saved_pages(tmp_path / "arch" / "saved", arts[:4])
    archive.dumps(tmp_path / "arch" / "dumps", arts[4:])
    site = tmp_path / "site"
    args = ["migrate", str(tmp_path / "arch"), "--site", str(site), "--no-download", "-j", "1", "-q"]
    child = subprocess.run([sys.executable, "-c", DYING, *args], capture_output=True, text=True, timeout=300)
    assert child.returncode == -signal.SIGKILL, child.stderr

    done = posts(site)  # every post file parses: none is half-written
    assert len(done) == 3
    assert len(list((site / "_posts").glob(".*.tmp"))) == 1  # the half-written temp: a dot-file Jekyll ignores

    result = run(str(tmp_path / "arch"), "--site", str(site), "--no-download", "-j", "2", "--resume",
                 "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    statuses = [r["status"] for r in report(tmp_path / "r.json")]
    assert statuses.count("skipped") == 3 and statuses.count("written") == 5
    titles = by_title(site)
    assert sorted(titles) == sorted(a.title for a in arts)
    assert all(len(found) == 1 for found in titles.values())  # the interrupted post was not written twice
    assert not list((site / "_posts").glob(".*.tmp"))  # and its stale temp file is gone
