"""Benchmark: `wx2md normalize --check` on 1,000 already-clean posts, against `mdformat --check`.

Usage: .venv/bin/python bench/bench_normalize.py [--count 1000] [--runs 3] [--target 1.0]

The posts are the golden files of the seeds (fixtures/normalize/: Chinese and
English prose, images, headings, front matter), made clean under the default
settings and cycled under distinct names in a temporary `_posts/`. Each tool runs
as one process over all the files (start-up included), best of RUNS; the figures
are the child's CPU time (user + system) with the wall time beside it. Target
(issue 9): normalize under 1 s (CPU; the machine is shared, so wall time is noisy).
The ratio to mdformat is measured in the same run; mdformat is a bench-only
dependency (`pip install mdformat`), without it the ratio is skipped. A second
row times posts that do need repair (the seeds, cycled): only those are rendered
by markdown-it-py for the text guard, so that row carries its cost.
`section(quick)` gives the rows for bench/run.py; `main()` prints them and exits 1
above the target. Not a test.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple  # not dataclasses: bench/run.py loads this file without registering it

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "fixtures" / "normalize"
SEEDS = ROOT / "fixtures" / "seeds"  # real posts as they were: each needs repairs
BIN = Path(sys.executable).parent
TARGET_S = 1.0


class Timing(NamedTuple):
    cpu: float  # child's user + system seconds
    wall: float
    code: int


class Result(NamedTuple):
    count: int
    normalize: Timing
    mdformat: Timing | None
    repair: Timing | None = None  # normalize writing `repair_count` posts that need it
    repair_count: int = 0


def make_posts(folder: Path, count: int) -> list[Path]:
    """`count` clean posts (normalize's own fixed points) under distinct dated names."""
    from wx2md.normalize import normalize_text
    from wx2md.settings import Settings

    sources = sorted(GOLDEN.glob("*.md"))
    # The golden files under the default settings (000's is a Hux site's: header-img).
    texts = [normalize_text(p.read_text(encoding="utf-8"), name=p.name, settings=Settings()) for p in sources]
    posts = folder / "_posts"
    posts.mkdir(parents=True)
    paths = []
    for i in range(count):
        source = sources[i % len(sources)]
        path = posts / f"{source.stem[:10]}-{i:04d}-{source.stem[11:]}.md"
        path.write_text(texts[i % len(sources)], encoding="utf-8")
        paths.append(path)
    return paths


def make_dirty(folder: Path, count: int) -> list[str]:
    """`count` posts that need repairs (the seeds, cycled), as paths relative to `folder`; rewritten on each call."""
    sources = sorted(p for p in SEEDS.glob("*.txt") if not p.name.startswith("002"))  # 002 is clean Markdown
    posts = folder / "_posts"
    shutil.rmtree(posts, ignore_errors=True)
    posts.mkdir(parents=True)
    names = []
    for i in range(count):
        path = posts / f"2022-06-23-seed-{i:04d}.md"
        path.write_bytes(sources[i % len(sources)].read_bytes())
        names.append(str(path.relative_to(folder)))
    return names


def timed(command: list[str], cwd: Path, runs: int, setup=None) -> Timing:
    """The best of `runs` runs of `command` (by CPU time), and its exit code; `setup()` runs first each time."""
    best: Timing | None = None
    for _ in range(runs):
        if setup is not None:
            setup()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()[:500]}")
        if best is None or cpu < best.cpu:
            best = Timing(cpu, wall, done.returncode)
    assert best is not None
    return best


def measure(count: int = 1000, runs: int = 3, dirty: int = 0) -> Result:
    wx2md = shutil.which("wx2md", path=str(BIN)) or "wx2md"
    mdformat = shutil.which("mdformat", path=str(BIN)) or shutil.which("mdformat")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        names = [str(p.relative_to(site)) for p in make_posts(site, count)]
        ours = timed([wx2md, "normalize", "--check", *names], site, runs)
        theirs = timed([mdformat, "--check", *names], site, runs) if mdformat else None
    repair = None
    if dirty:
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp)
            seeds = make_dirty(site, dirty)
            repair = timed([wx2md, "normalize", *seeds], site, runs, setup=lambda: make_dirty(site, dirty))
    return Result(count, ours, theirs, repair, dirty)


def rows(result: Result) -> list[tuple[str, str, str]]:
    ours = result.normalize
    out = [(f"normalize --check: {result.count} clean posts", f"{ours.cpu:.2f} s CPU ({ours.wall:.2f} s wall)",
            f"one process, start-up included; target < {TARGET_S:g} s"
            + ("" if ours.code == 0 else f"; REPORTED CHANGES (exit {ours.code})"))]
    if result.mdformat:
        theirs = result.mdformat
        out += [
            ("mdformat --check: same posts", f"{theirs.cpu:.2f} s CPU ({theirs.wall:.2f} s wall)", "bench-only dependency"),
            ("normalize / mdformat", f"{ours.cpu / theirs.cpu:.2f}x CPU ({ours.wall / theirs.wall:.2f}x wall)", "same run"),
        ]
    else:
        out.append(("mdformat --check", "not installed", "pip install mdformat for the ratio"))
    if result.repair:
        fix = result.repair
        out.append((f"normalize: {result.repair_count} posts needing repair", f"{fix.cpu:.2f} s CPU ({fix.wall:.2f} s wall)",
                    "written; each rendered twice by markdown-it-py for the text guard"))
    return out


def section(quick: bool) -> list[tuple[str, str, str]]:
    """The rows bench/run.py adds to its table (quick: 200 posts, one run)."""
    return rows(measure(200 if quick else 1000, 1 if quick else 3, 40 if quick else 160))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--target", type=float, default=TARGET_S, help="CPU seconds allowed for normalize --check")
    parser.add_argument("--dirty", type=int, default=160, help="posts needing repair for the second row (0: none)")
    args = parser.parse_args(argv)
    result = measure(args.count, args.runs, args.dirty)
    for what, value, note in rows(result):
        print(f"{what:<42} {value:<28} {note}")
    return 0 if result.normalize.code == 0 and result.normalize.cpu < args.target else 1


if __name__ == "__main__":
    sys.exit(main())
