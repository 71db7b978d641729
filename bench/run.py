"""The benchmark: one command, one table. `python bench/run.py [--pages DIR] [--runs N] [--quick]`

What it measures, over the shared content pages (error pages are left out: they
hold no article):
- `convert_html` in process: per-page median, p95, max, mean and MB/s;
- two floors on the same pages and in the same process, so their ratios hold even
  on a busy machine: bare markdownify on `#js_content` (a BeautifulSoup/lxml parse
  of the page, then `MarkdownConverter().convert_soup`) and a plain lxml parse
  of the page's UTF-8 bytes (the way convert parses it);
- the whole run: `wx2md convert` of all pages into a fresh site against a script
  doing bare markdownify on the same files, each a new process, so imports and
  file reading count on both sides;
- start-up (`wx2md --version`);
- image downloads at the default `jobs` against `--jobs 1`, from a local server
  (see bench/bench_images.py).

Other bench files join the table when they are present: a `bench/bench_<name>.py`
listed in OPTIONAL that defines `section(quick: bool) -> list[Row]` adds its rows
(a `main()` without `section` is run and its output printed after the table).

Timings are noisy on a shared machine, so in-process figures are CPU time of this
process (`time.process_time`) and whole runs report the child's CPU time (user +
system) beside the wall time; compare the ratios, which are measured in the same
run. Not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_PAGES = ROOT.parent / "shared" / "wechat-pages"
OPTIONAL = ("bench_normalize", "bench_migrate")
# Targets from issue 7 (conversion) and issues 2-3 (start-up, images).
TARGET_MEAN_MS, TARGET_MAX_MS, TARGET_RUN_RATIO = 20.0, 80.0, 1.0
TARGET_STARTUP_MS, TARGET_IMAGE_SPEEDUP = 150.0, 6.0

BARE_MARKDOWNIFY = """\
import sys
from pathlib import Path
from bs4 import BeautifulSoup
from markdownify import MarkdownConverter
out = Path(sys.argv[1])
for name in sys.argv[2:]:
    html = Path(name).read_text(encoding="utf-8", errors="replace")
    node = BeautifulSoup(html, "lxml").find(id="js_content")
    text = MarkdownConverter().convert_soup(node) if node is not None else ""
    (out / (Path(name).stem + ".md")).write_text(text, encoding="utf-8")
"""


class Row(NamedTuple):
    """One line of the table: what, the figure, and what it is compared with."""

    what: str
    value: str
    note: str = ""


# ------------------------------------------------------------------ machine


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_line() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu_model()}, {os.cpu_count()} cores (load {load:.1f}), "
            f"Python {platform.python_version()} ({platform.python_implementation()})")


# ------------------------------------------------------------------ pages


def content_pages(folder: Path) -> list[tuple[str, str]]:
    """(name, html) of every page that converts: error pages are refused, not converted."""
    from wx2md.core import convert_html
    from wx2md.errors import Wx2mdError

    pages = []
    for path in sorted(folder.glob("*.html")):
        html = path.read_text(encoding="utf-8", errors="replace")
        try:
            convert_html(html, "")
        except Wx2mdError:
            continue
        pages.append((path.name, html))
    return pages


def bare_markdownify(html: str) -> str:
    from bs4 import BeautifulSoup
    from markdownify import MarkdownConverter

    node = BeautifulSoup(html, "lxml").find(id="js_content")
    return MarkdownConverter().convert_soup(node) if node is not None else ""


def lxml_parse(html: str) -> object:
    """The page parsed as convert parses it: UTF-8 bytes to libxml2's HTML parser.

    (lxml parses a `str` three times slower than its UTF-8 bytes, encoding included.)
    """
    from lxml import etree

    return etree.fromstring(html.encode("utf-8", "surrogatepass"), etree.HTMLParser(encoding="utf-8"))


def convert(html: str) -> object:
    from wx2md.core import convert_html
    from wx2md.post import render

    return render(convert_html(html, ""))


def per_page(pages: list[tuple[str, str]], runs: int) -> dict[str, list[float]]:
    """Median seconds per page for each contender, runs interleaved so load hits all alike."""
    contenders: dict[str, Callable[[str], object]] = {
        "convert": convert, "markdownify": bare_markdownify, "lxml": lxml_parse}
    for fn in contenders.values():  # warm-up: imports and first-call caches
        fn(pages[0][1])
    out: dict[str, list[float]] = {name: [] for name in contenders}
    for _, html in pages:
        samples: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(runs):
            for name, fn in contenders.items():
                start = time.process_time()
                fn(html)
                samples[name].append(time.process_time() - start)
        for name in contenders:
            out[name].append(statistics.median(samples[name]))
    return out


def p95(values: list[float]) -> float:
    """The nearest-rank 95th percentile: with 14 pages, the largest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def page_rows(pages: list[tuple[str, str]], times: dict[str, list[float]]) -> list[Row]:
    conv, md, lx = times["convert"], times["markdownify"], times["lxml"]
    megabytes = sum(len(html.encode("utf-8")) for _, html in pages) / 1e6
    ms = lambda s: f"{s * 1000:.1f} ms"  # noqa: E731
    mbs = lambda t: f"{megabytes / sum(t):.0f} MB/s"  # noqa: E731
    return [
        Row("pages", f"{len(pages)}", f"{megabytes:.1f} MB of HTML"),
        Row("convert: median / p95 per page", f"{ms(statistics.median(conv))} / {ms(p95(conv))}",
            "in process, CPU time, median of runs per page"),
        Row("convert: mean / max per page", f"{ms(statistics.mean(conv))} / {ms(max(conv))}",
            f"target <= {TARGET_MEAN_MS:g} / {TARGET_MAX_MS:g} ms; max: {pages[conv.index(max(conv))][0]}"),
        Row("convert: throughput", mbs(conv), "page bytes over total time"),
        Row("bare markdownify: median / p95", f"{ms(statistics.median(md))} / {ms(p95(md))}", mbs(md)),
        Row("lxml parse: median / p95", f"{ms(statistics.median(lx))} / {ms(p95(lx))}", mbs(lx)),
        Row("convert / bare markdownify (sum)", f"{sum(conv) / sum(md):.2f}x", "same process, same pages"),
        Row("convert / lxml parse (sum)", f"{sum(conv) / sum(lx):.1f}x", "same process, same pages"),
    ]


def detail(pages: list[tuple[str, str]], times: dict[str, list[float]]) -> str:
    lines = ["| page | KB | convert ms | markdownify ms | lxml ms |", "|---|---:|---:|---:|---:|"]
    for i, (name, html) in enumerate(pages):
        lines.append(f"| {name} | {len(html.encode('utf-8')) // 1024} | {times['convert'][i] * 1000:.1f} | "
                     f"{times['markdownify'][i] * 1000:.1f} | {times['lxml'][i] * 1000:.1f} |")
    return "\n".join(lines)


# ------------------------------------------------------------------ whole runs


def wx2md_cmd() -> list[str]:
    """`python -m wx2md`: the installed command's code, or the one PYTHONPATH points at (to compare versions)."""
    return [sys.executable, "-m", "wx2md"]


def whole_run(paths: list[Path], repeats: int) -> list[Row]:
    """`wx2md convert` of every page in one process against bare markdownify in one process.

    One untimed run of each first: it writes wx2md's bytecode, as installing a
    package does (see `_timed`), and warms the disk cache for both sides.
    """
    ours, floor = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(-1, repeats):
            site, out = Path(tmp) / f"site{i}", Path(tmp) / f"md{i}"
            site.mkdir()
            out.mkdir()
            floor_run = _timed([sys.executable, "-c", BARE_MARKDOWNIFY, str(out), *map(str, paths)])
            our_run = _timed([*wx2md_cmd(), "convert", *map(str, paths), "--site", str(site), "--no-download", "-q"])
            if i >= 0:
                floor.append(floor_run)
                ours.append(our_run)
    (a_wall, a_cpu), (b_wall, b_cpu) = _medians(ours), _medians(floor)
    return [
        Row("whole run: wx2md convert", f"{a_cpu:.2f} s CPU ({a_wall:.2f} s wall)",
            f"{len(paths)} pages, one process, median of {repeats}"),
        Row("whole run: bare markdownify", f"{b_cpu:.2f} s CPU ({b_wall:.2f} s wall)", "same files, one process"),
        Row("whole run: convert / markdownify", f"{a_cpu / b_cpu:.2f}x CPU ({a_wall / b_wall:.2f}x wall)",
            f"target <= {TARGET_RUN_RATIO:g}x"),
    ]


def _timed(cmd: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of a child process.

    The child may write bytecode even where PYTHONDONTWRITEBYTECODE is set (as
    on the CI machine): markdownify and bs4 were compiled when pip installed
    them, while an editable wx2md would otherwise compile the 30-odd modules convert loads from
    source on every run (50 ms), which no installed copy does.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _medians(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def startup(runs: int) -> list[Row]:
    version = _medians([_timed([*wx2md_cmd(), "--version"]) for _ in range(runs)])
    bare = _medians([_timed([sys.executable, "-c", "pass"]) for _ in range(runs)])
    slug = _medians([_timed([sys.executable, "-c", "from pypinyin import lazy_pinyin; lazy_pinyin('重庆')"])
                     for _ in range(runs)])
    return [
        Row("start-up: python -m wx2md --version", f"{version[0] * 1000:.0f} ms",
            f"python -c pass: {bare[0] * 1000:.0f} ms; target < {TARGET_STARTUP_MS:g} ms"),
        Row("import pypinyin (slugs)", f"{(slug[1] - bare[1]) * 1000:.0f} ms CPU",
            "paid once per run by convert, not by the floor"),
    ]


# ------------------------------------------------------------------ sections


def images_section(quick: bool) -> list[Row]:
    sys.path.insert(0, str(HERE))
    import bench_images

    count = 60 if quick else 200
    result = bench_images.measure(count=count, delay=0.05)
    return [
        Row(f"images: {count} x 50 ms, jobs=1", f"{result.sequential:.2f} s", result.seq_summary),
        Row(f"images: jobs={result.jobs} (default)", f"{result.parallel:.2f} s", result.par_summary),
        Row("images: speedup", f"{result.sequential / result.parallel:.1f}x", f"target >= {TARGET_IMAGE_SPEEDUP:g}x"),
    ]


def optional_sections(quick: bool, folder: Path = HERE) -> tuple[list[Row], list[str]]:
    """Rows from optional bench files that define `section`, and the names of those with only `main`."""
    rows, mains = [], []
    for name in OPTIONAL:
        path = folder / f"{name}.py"
        if not path.exists():
            continue
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        if hasattr(module, "section"):
            rows.extend(Row(*r) for r in module.section(quick))
        elif hasattr(module, "main"):
            mains.append(name)
    return rows, mains


def table(rows: list[Row]) -> str:
    lines = ["| measure | value | note |", "|---|---:|---|"]
    lines += [f"| {r.what} | {r.value} | {r.note} |" for r in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="folder of WeChat pages (*.html)")
    parser.add_argument("--runs", type=int, default=5, help="runs per page in process")
    parser.add_argument("--quick", action="store_true", help="fewer runs and images: a rough table fast")
    parser.add_argument("--detail", action="store_true", help="also print one line per page")
    parser.add_argument("--no-images", action="store_true", help="skip the image download section")
    args = parser.parse_args()
    if not args.pages.is_dir():
        print(f"bench: no pages at {args.pages} (pass --pages DIR)", file=sys.stderr)
        return 2
    runs = 2 if args.quick else args.runs
    pages = content_pages(args.pages)
    times = per_page(pages, runs)
    rows = page_rows(pages, times)
    rows += whole_run([args.pages / name for name, _ in pages], 1 if args.quick else 3)
    rows += startup(5 if args.quick else 10)
    if not args.no_images:
        rows += images_section(args.quick)
    extra, mains = optional_sections(args.quick)
    rows += extra
    print(f"wx2md benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(machine_line())
    print()
    print(table(rows))
    if args.detail:
        print()
        print(detail(pages, times))
    for name in mains:
        print(f"\n## {name}")
        sys.stdout.flush()
        subprocess.run([sys.executable, str(HERE / f"{name}.py")], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
