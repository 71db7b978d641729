"""Benchmark: `wx2md normalize --check` on 1,000 already-clean posts, against `mdformat --check`.

Usage: .venv/bin/python bench/bench_normalize.py [--count 1000] [--runs 3] [--target 1.0]

The posts are the golden files of the seeds (fixtures/normalize/, Chinese and
English prose, images, headings, front matter) cycled under distinct names in a
temporary `_posts/`. Both tools run as one process over all the files (start-up
included), best of RUNS. Target (issue 9): normalize under 1 s; the ratio to
mdformat is printed (both measured in the same run: on a shared machine only the
ratio is comparable). mdformat is a bench-only dependency (`pip install mdformat`);
without it the ratio is skipped. Exits 1 above the target. Not a test.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "fixtures" / "normalize"
BIN = Path(sys.executable).parent


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


def best_time(command: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    """Best wall time of `runs` runs, and the exit code."""
    best, code = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        best = min(best, time.perf_counter() - start)
        code = done.returncode
        if code not in (0, 1):
            raise SystemExit(f"{command[0]} failed ({code}): {done.stderr.strip()[:500]}")
    return best, code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--target", type=float, default=1.0, help="seconds allowed for normalize --check")
    args = parser.parse_args(argv)
    wx2md = shutil.which("wx2md", path=str(BIN)) or "wx2md"
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        paths = make_posts(site, args.count)
        names = [str(p.relative_to(site)) for p in paths]
        ours, code = best_time([wx2md, "normalize", "--check", *names], site, args.runs)
        if code != 0:
            print(f"normalize --check reported changes on clean posts (exit {code})", file=sys.stderr)
            return 1
        print(f"normalize --check, {args.count} clean posts, one process: {ours:.3f} s "
              f"({ours / args.count * 1000:.2f} ms/post; target < {args.target:.1f} s)")
        mdformat = shutil.which("mdformat", path=str(BIN)) or shutil.which("mdformat")
        if mdformat:
            theirs, _ = best_time([mdformat, "--check", *names], site, args.runs)
            print(f"mdformat --check, same posts:                 {theirs:.3f} s "
                  f"(normalize takes {ours / theirs:.2f}x mdformat's time; same run)")
        else:
            print("mdformat not installed (pip install mdformat): ratio skipped")
    return 0 if ours < args.target else 1


if __name__ == "__main__":
    sys.exit(main())
