"""Benchmark: `wx2md migrate` over a generated archive (saved pages with local images + dump rows).

Usage: .venv/bin/python bench/bench_migrate.py [--items N] [--rounds R] [--list-records N]

Reports items/s at `-j 1` and `-j 2` (the target: `-j 2` at least 1.6x faster on two
free cores), the peak memory of the parent and of the largest worker (at N/2 and N
items: flat means the same), a `--resume` re-run that must prepare nothing, and the
parent's peak memory on an exporter list of 10,000 records with their text (and 5,000).
Each run is a fresh child process, so peak memory is that run's own. Timings are
noisy on a shared machine: `-j 1` and `-j 2` alternate and the best of R rounds counts.
Not a test. `main()` is what `bench/run.py` calls.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# One migration in a child process: its wall time, counts and peak RSS (parent and largest worker).
CHILD = """
import json, resource, sys, time
from pathlib import Path
import wx2md.migrate.runner as runner
from wx2md.migrate import Options, migrate
from wx2md.settings import Settings
source, site, jobs, resume = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
prepared, busy = [], []
work, finish_work, place = runner._work, runner._finish_work, runner._Run._place
def timed(fn, arg):
    t = time.perf_counter()
    out = fn(arg)
    out.busy = time.perf_counter() - t  # rides back to the parent with the result
    return out
def counting(item):
    prepared.append(1)
    return timed(work, item)
def timed_finish(task):
    return timed(finish_work, task)
runner._work = counting  # counts only at -j 1 (workers are other processes); resume runs use -j 1
runner._finish_work = timed_finish
def placing(self, p, walker):
    busy.append(getattr(p, "busy", 0.0))
    return place(self, p, walker)
runner._Run._place = placing
written = runner._Run._written
def collecting(self, item, rel, outcome):
    busy.append(getattr(outcome, "busy", 0.0))
    return written(self, item, rel, outcome)
runner._Run._written = collecting
start = time.perf_counter()
summary = migrate([source], site, Settings(), Options(jobs=jobs, resume=resume, download=False,
                  default_date=None))
elapsed = time.perf_counter() - start
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": elapsed, "busy": sum(busy), "cpu_parent": me.ru_utime + me.ru_stime,
                  "cpu_workers": kids.ru_utime + kids.ru_stime, "counts": summary.counts, "exit": summary.exit_code,
                  "prepared": len(prepared) if jobs == 1 else None,
                  "rss_parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def _archive_module():
    spec = importlib.util.spec_from_file_location("migrate_archive", ROOT / "fixtures" / "migrate" / "archive.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def migrate_once(source: Path, site: Path, jobs: int, *, resume: bool = False) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(source), str(site), str(jobs), "1" if resume else "0"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


def measure(items: int, rounds: int, say=print) -> dict:
    """Every figure of the benchmark, printed as it comes (`say`) and returned."""
    archive = _archive_module()
    with tempfile.TemporaryDirectory(prefix="wx2md-bench-migrate-") as tmp:
        work = Path(tmp)
        big, half = work / "archive", work / "archive-half"
        archive.mixed(big, items)
        archive.mixed(half, items // 2)
        say(f"archive: {items} items (half saved pages with a local image each, half dump rows); "
            f"{os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}")
        best: dict[int, dict] = {}
        for round_ in range(rounds):
            for jobs in (1, 2):
                run = migrate_once(big, fresh(work / f"site-j{jobs}"), jobs)
                assert run["counts"].get("written") == items, run
                rate = items / run["seconds"]
                say(f"round {round_ + 1}: -j {jobs}: {run['seconds']:6.2f} s  {rate:7.1f} items/s  "
                    f"CPU parent {run['cpu_parent']:.1f} s, workers {run['cpu_workers']:.1f} s  "
                    f"peak RSS parent {run['rss_parent_mb']:.0f} MB, largest worker {run['rss_worker_mb']:.0f} MB  "
                    + (f"workers busy {run['busy'] / run['seconds'] / jobs:.0%} of the time  " if jobs > 1 else "")
                    + f"load {os.getloadavg()[0]:.1f}")
                if jobs not in best or run["seconds"] < best[jobs]["seconds"]:
                    best[jobs] = run
        one, two = best[1], best[2]
        speedup = one["seconds"] / two["seconds"]
        # Three processes share two cores: the parent alone, or all the CPU over two cores, bounds the time.
        ceiling = one["cpu_parent"] / max(two["cpu_parent"], (two["cpu_parent"] + two["cpu_workers"]) / 2)
        say(f"best: -j 1 {items / one['seconds']:.1f} items/s, -j 2 {items / two['seconds']:.1f} "
            f"items/s: speedup {speedup:.2f}x (target >= 1.6x on two free cores)")
        say(f"CPU: -j 1 {one['cpu_parent']:.1f} s; -j 2 parent {two['cpu_parent']:.1f} s + workers "
            f"{two['cpu_workers']:.1f} s: on two free cores that split allows about {ceiling:.2f}x "
            f"(wall-clock ratios depend on how free the cores were: see the load)")
        small = migrate_once(half, fresh(work / "site-half"), 1)
        say(f"peak RSS at -j 1: {small['rss_parent_mb']:.0f} MB for {items // 2} items, "
            f"{one['rss_parent_mb']:.0f} MB for {items} items")
        again = migrate_once(big, work / "site-j1", 1, resume=True)
        say(f"--resume re-run: {again['seconds']:.2f} s, {again['counts']}, items prepared: {again['prepared']}")
        items_only = {k: v for k, v in again["counts"].items() if k not in ("asset", "list")}  # file rows
        assert again["prepared"] == 0 and items_only == {"skipped": items}, again
    return {"items": items, "j1": one, "j2": two, "speedup": speedup, "ceiling": ceiling, "half": small,
            "resume": again}


def exporter_list(path: Path, records: int) -> None:
    """`微信公众号文章.json` as wechat-article-exporter writes it (pretty-printed), every record with
    its article text (about 1,500 characters): no bodies beside it, so each becomes a post from the list."""
    archive = _archive_module()
    path.mkdir(parents=True, exist_ok=True)
    with (path / "微信公众号文章.json").open("w", encoding="utf-8") as handle:
        handle.write("[\n")
        for n in range(records):
            a = archive.article(n)
            record = {"aid": a.aid, "link": a.url, "title": a.title, "digest": f"摘要{n}", "cover": "",
                      "create_time": int(a.when.timestamp()), "author_name": f"作者{n}", "copyright_stat": 1,
                      "content": (a.text + "\n\n") * 30}
            handle.write((",\n" if n else "") + json.dumps(record, ensure_ascii=False, indent=1))
        handle.write("\n]\n")


def list_memory(records: int, say=print) -> dict:
    """Peak memory of the parent migrating a list of `records` (and of half as many): flat means the same."""
    with tempfile.TemporaryDirectory(prefix="wx2md-bench-migrate-list-") as tmp:
        work = Path(tmp)
        out = {}
        for count in (records // 2, records):
            exporter_list(work / f"list-{count}", count)
            size = (work / f"list-{count}" / "微信公众号文章.json").stat().st_size / 1e6
            run = migrate_once(work / f"list-{count}", fresh(work / "site"), 2)
            assert run["counts"].get("written") == count, run
            out[count] = run
            say(f"list of {count} records ({size:.0f} MB of JSON), -j 2: {run['seconds']:.1f} s, "
                f"peak RSS parent {run['rss_parent_mb']:.0f} MB, largest worker {run['rss_worker_mb']:.0f} MB")
    return out


def section(quick: bool) -> list[tuple[str, str, str]]:
    """Rows for bench/run.py's table."""
    items = 1000 if not quick else 400
    m = measure(items, 1 if quick else 2, say=lambda _line: None)
    one, two = m["j1"], m["j2"]
    return [
        (f"migrate: -j 1, {items} items", f"{items / one['seconds']:.0f} items/s", "saved pages + dump rows"),
        (f"migrate: -j 2, {items} items", f"{items / two['seconds']:.0f} items/s",
         f"{m['speedup']:.2f}x wall (target >= 1.6x on free cores); CPU split allows {m['ceiling']:.2f}x"),
        ("migrate: peak memory", f"{one['rss_parent_mb']:.0f} MB",
         f"{m['half']['rss_parent_mb']:.0f} MB at half the items (flat)"),
        ("migrate: --resume re-run", f"{m['resume']['seconds']:.2f} s", "0 items prepared"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=1200)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--list-records", type=int, default=10_000,
                        help="records in the exporter list whose memory is measured (0: skip)")
    args = parser.parse_args(argv)
    if args.items:
        measure(args.items, args.rounds)
    if args.list_records:
        list_memory(args.list_records)
    return 0


if __name__ == "__main__":
    sys.exit(main())
