"""Benchmark: conversion time per page (fetching and images aside) and CLI start-up.

Usage: .venv/bin/python bench/bench_convert.py [PAGES_DIR] [--runs N]

Targets (issue 2): median conversion < 30 ms per page on the shared pages,
`wx2md --version` < 150 ms. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from wx2md.core import convert_html
from wx2md.errors import Wx2mdError

ROOT = Path(__file__).resolve().parents[1]


def time_pages(pages: Path, runs: int) -> list[tuple[str, float]]:
    rows = []
    for path in sorted(pages.glob("*.html")):
        html = path.read_text(encoding="utf-8", errors="replace")
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            try:
                convert_html(html, "")
            except Wx2mdError:
                pass  # error pages are refused: that is their conversion
            samples.append(time.perf_counter() - start)
        rows.append((path.name, statistics.median(samples)))
    return rows


def time_version(runs: int) -> float:
    exe = Path(sys.executable).with_name("wx2md")
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(exe), "--version"], check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="?", type=Path, default=ROOT.parent / "shared" / "wechat-pages")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = time_pages(args.pages, args.runs)
    for name, secs in rows:
        print(f"{secs * 1000:8.1f} ms  {name}")
    median = statistics.median(s for _, s in rows) * 1000
    version = time_version(10) * 1000
    print(f"median conversion: {median:.1f} ms/page over {len(rows)} pages (target < 30)")
    print(f"wx2md --version:   {version:.1f} ms (target < 150)")
    return 0 if median < 30 and version < 150 else 1


if __name__ == "__main__":
    sys.exit(main())
