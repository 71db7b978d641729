"""Benchmark: image downloads, sequential (`--jobs 1`) against the default concurrency.

Usage: .venv/bin/python bench/bench_images.py [--count 200] [--delay 0.05] [--min-speedup 6]
(`bench/run.py` runs `measure()` as one section of its table.)

A local server on 127.0.0.1 serves COUNT distinct small PNGs, each answer held back
DELAY seconds server-side (a stand-in for CDN latency); one post references them all.
Target (issues 3 and 17): the default `jobs` is at least 6x faster than `jobs=1`. Exits 1
below the target or if any image failed. Not a test: timings depend on the machine.

The speedup also depends on the machine's load: the server's and the client's threads
share one interpreter here, so every millisecond an image holds the GIL (or waits on the
file system's journal for an fsync) is a millisecond the other downloads wait. The CPU
seconds each run spent in this process are printed too: that figure moves with the code,
not with the neighbours. `taskset -c 0 python bench/bench_images.py` shows a busy machine
(one core for client and server): in 7 paired runs, jobs=8 took 2.0-2.8 s before issue 17's
changes (4.8-6.7x) and 1.5-2.5 s after (5.2-8.2x), faster in every pair.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PIL import Image

from wx2md.images import ImageReport, localize_images
from wx2md.models import Post
from wx2md.settings import Settings


def make_pngs(count: int) -> list[bytes]:
    """Distinct 32x32 PNGs (the colour encodes the index), a few hundred bytes each."""
    out = []
    for i in range(count):
        buf = io.BytesIO()
        Image.new("RGB", (32, 32), (i % 256, (i // 256) % 256, 128)).save(buf, "PNG")
        out.append(buf.getvalue())
    return out


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    pngs: list[bytes] = []
    delay = 0.05


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a CDN would
    # Headers and body go out as two writes; with Nagle on, the client's delayed ACK
    # adds ~40 ms to every response and would flatter the speedup.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        server: _Server = self.server  # type: ignore[assignment]
        try:
            data = server.pngs[int(self.path.rsplit("/", 1)[-1].split(".")[0])]
        except (ValueError, IndexError):
            self.send_error(404)
            return
        time.sleep(server.delay)
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")  # WeChat's habit: the label lies
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args: object) -> None:
        pass


def start_server(pngs: list[bytes], delay: float) -> _Server:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.pngs, server.delay = pngs, delay
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def make_post(base: str, count: int) -> Post:
    urls = [f"{base}/img/{i}.png?wx_fmt=jpeg" for i in range(count)]
    body = "".join(f"![{i}]({u})\n\n" for i, u in enumerate(urls))
    return Post(head={"title": "bench"}, content=body, slug="bench",
                date=datetime(2025, 1, 1, tzinfo=timezone.utc), images=urls)


def timed_run(post: Post, jobs: int) -> tuple[float, ImageReport]:
    """Wall time of one run into a fresh site (nothing to reuse), with the stage's own session."""
    wall, _cpu, report = timed_cpu_run(post, jobs)
    return wall, report


def timed_cpu_run(post: Post, jobs: int) -> tuple[float, float, ImageReport]:
    """Wall time and this process's CPU time (server threads included) of one run."""
    with tempfile.TemporaryDirectory() as tmp:
        start, cpu = time.perf_counter(), time.process_time()
        _, report = localize_images(post, Path(tmp), Settings(jobs=jobs))
        return time.perf_counter() - start, time.process_time() - cpu, report


@dataclass
class Result:
    jobs: int  # the default concurrency
    sequential: float  # seconds with jobs=1
    parallel: float  # seconds with the default jobs
    seq_report: ImageReport
    par_report: ImageReport
    seq_cpu: float = 0.0  # CPU seconds of the sequential run (this process: client and server)
    par_cpu: float = 0.0

    @property
    def seq_summary(self) -> str:
        return self.seq_report.summary

    @property
    def par_summary(self) -> str:
        return self.par_report.summary


def measure(count: int = 200, delay: float = 0.05) -> Result:
    """Both runs against one local server holding `count` images, each answer held `delay` s."""
    default_jobs = Settings().jobs
    server = start_server(make_pngs(count), delay)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    post = make_post(base, count)
    try:
        timed_run(make_post(base, 2), 2)  # warm-up: imports, Pillow plugins
        sequential, seq_cpu, seq_report = timed_cpu_run(post, 1)
        parallel, par_cpu, par_report = timed_cpu_run(post, default_jobs)
    finally:
        server.shutdown()
    return Result(default_jobs, sequential, parallel, seq_report, par_report, seq_cpu, par_cpu)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--min-speedup", type=float, default=6.0)
    args = parser.parse_args()

    result = measure(args.count, args.delay)
    sequential, parallel = result.sequential, result.parallel
    floor = args.count * args.delay
    print(f"{args.count} images, {args.delay * 1000:.0f} ms server delay each (sequential floor {floor:.2f} s)")
    print(f"  jobs=1: {sequential:6.2f} s  ({result.seq_summary})  cpu {result.seq_cpu:.2f} s")
    print(f"  jobs={result.jobs}: {parallel:6.2f} s  ({result.par_summary})  floor {floor / result.jobs:.2f} s"
          f"  cpu {result.par_cpu:.2f} s")
    speedup = sequential / parallel
    print(f"  speedup: {speedup:.1f}x (target >= {args.min_speedup:g}x)")
    failed = result.seq_report.failed + result.par_report.failed
    for url, reason in failed[:5]:
        print(f"  failed: {url} ({reason})", file=sys.stderr)
    return 0 if speedup >= args.min_speedup and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
