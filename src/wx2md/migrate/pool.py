"""The worker processes: a pool renewed when a worker dies, and work sent to it in chunks.

The parent's CPU is what limits `-j`: every task sent alone costs it a pickle, a
queue wake-up and a future. So work goes out in chunks of a few items, as soon as
a worker would otherwise wait (a slow source, such as a URL list, still gets each
item converted at once) and in full chunks while the workers are busy. Results
come back in input order, so which copy of an article counts as the first does
not depend on timing.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

CHUNK = 8  # items per task while the workers are busy


class Workers:
    """The process pool, renewed if a worker dies: the items in flight are retried alone, the rest go on."""

    def __init__(self, jobs: int, initializer: Callable[..., None], initargs: tuple) -> None:
        self.jobs, self.initializer, self.initargs = jobs, initializer, initargs
        _preload()
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, initializer=self.initializer, initargs=self.initargs)

    def submit(self, fn: Callable[[Any], Any], arg: Any) -> Future:
        try:
            return self.pool.submit(fn, arg)
        except BrokenProcessPool:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new()
            return self.pool.submit(fn, arg)

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _preload() -> None:
    """Import what every worker needs before the pool forks: paid once here, not once per worker."""
    if multiprocessing.get_start_method(allow_none=False) != "fork":
        return
    import wx2md.images  # noqa: F401
    import wx2md.normalize  # noqa: F401
    from wx2md.post import make_slug

    make_slug("预热")  # pypinyin loads its tables on first use


class Chunked:
    """`fn` (a list of args -> a list of results) over args `put` one at a time, in chunks.

    Without a pool `fn` runs at once, in this process (with `batch_alone`, once a chunk is full,
    so what `fn` does once per chunk is done once per chunk here too). `before` runs before each
    chunk goes out (the runner commits the manifest there: a post's path is durable
    before any worker writes it). `failed(arg, why)` stands in for a result whose
    worker died twice.
    """

    def __init__(self, pool: Workers | None, fn: Callable[[list], list], *, failed: Callable[[Any, str], Any],
                 before: Callable[[], None] | None = None, size: int = CHUNK, batch_alone: bool = False) -> None:
        self.pool, self.fn, self.failed, self.before, self.size = pool, fn, failed, before, size
        self.batch_alone = batch_alone  # without a pool, still wait for a full chunk (`flush` sends one early)
        self.chunk: list[tuple[Any, Any]] = []  # (tag, arg) not yet sent
        self.pending: deque[tuple[list[tuple[Any, Any]], Future | list]] = deque()
        self.in_flight = 0  # items sent and not yet taken back

    def put(self, arg: Any, tag: Any = None) -> None:
        self.chunk.append((tag, arg))
        if len(self.chunk) >= self.size or self._idle():
            self.flush()

    def _idle(self) -> bool:
        """Fewer chunks running than workers: one of them would wait for this chunk to fill."""
        if self.pool is None:
            return not self.batch_alone
        running = 0
        for _, future in self.pending:
            running += not future.done()
        return running < self.pool.jobs

    def flush(self) -> None:
        if not self.chunk:
            return
        chunk, self.chunk = self.chunk, []
        if self.before is not None:
            self.before()
        args = [arg for _, arg in chunk]
        self.pending.append((chunk, self.fn(args) if self.pool is None else self.pool.submit(self.fn, args)))
        self.in_flight += len(chunk)

    def results(self, limit: int | None = None) -> Iterator[tuple[Any, Any]]:
        """(tag, result) in input order: those ready; then, while more than `limit` items are
        in flight, the oldest as they finish. `limit=0` sends the partial chunk and waits for all."""
        if limit == 0:
            self.flush()
        while self.pending:
            chunk, future = self.pending[0]
            if isinstance(future, Future) and not future.done() and (limit is None or self.in_flight <= limit):
                return
            self.pending.popleft()
            self.in_flight -= len(chunk)
            yield from zip((tag for tag, _ in chunk), self._settle(chunk, future))

    def _settle(self, chunk: list[tuple[Any, Any]], future: Future | list) -> list:
        """The chunk's results. A dead worker (out of memory, a crash in a C library) breaks the
        whole pool: each item of the chunk is tried once more, alone, so only the culprit fails."""
        if not isinstance(future, Future):
            return future
        try:
            return future.result()
        except BrokenProcessPool:
            pass
        assert self.pool is not None
        out = []
        for _, arg in chunk:
            try:
                out += self.pool.submit(self.fn, [arg]).result()
            except BrokenProcessPool as exc:
                out.append(self.failed(arg, f"worker process died: {exc}"))
        return out
