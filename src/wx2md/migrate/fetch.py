"""Polite fetching for URL lists: one page at a time by default, a delay with jitter between.

WeChat answers fast crawlers with its verification wall (环境异常), and once it
shows, every further request meets it too: so the first wall stops the batch
(progress is kept in the manifest; `--resume` later carries on). A network that
is down would fail every remaining item slowly, one timeout each, so a few
consecutive network failures stop the batch as well.
"""

from __future__ import annotations

import queue
import random
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from wx2md.errors import FetchError, VerificationWall, Wx2mdError
from wx2md.migrate.items import Item
from wx2md.source import fetch_page


@dataclass(frozen=True)
class Politeness:
    delay: float = 2.0  # seconds each fetch worker waits between its requests
    jitter: float = 0.5  # +/- this fraction of the delay, so requests don't tick like a bot
    jobs: int = 1  # pages fetched at once (fetch workers)
    max_network_failures: int = 3  # consecutive: the network is down, stop


@dataclass
class Fetched:
    url: str
    html: str = ""
    error: Wx2mdError | None = None


class Stopped(Exception):
    """The batch must stop: the wall, or the network. `message` says how to go on."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class Fetcher:
    """Fetches pages for URL items in order, `jobs` at a time, pausing between requests."""

    def __init__(self, session_factory: Callable[[], object], politeness: Politeness,
                 sleep: Callable[[float], None] | None = None) -> None:
        self.session_factory = session_factory
        self.politeness = politeness
        self.sleep = sleep or time.sleep
        self.failures = 0
        self.stop: Stopped | None = None
        # One slot per fetch worker, taken in turn: a slot's first request goes at once, each
        # later one waits the delay. Which slot a request gets does not depend on timing.
        self._slots: queue.Queue[list[int]] = queue.Queue()
        for _ in range(max(1, politeness.jobs)):
            self._slots.put([0])

    def _pause(self, slot: list[int]) -> None:
        p = self.politeness
        if slot[0] and p.delay > 0:
            self.sleep(max(0.0, p.delay * (1 + random.uniform(-p.jitter, p.jitter))))

    def _one(self, url: str) -> Fetched:
        slot = self._slots.get()
        try:
            self._pause(slot)
            slot[0] += 1
            try:
                return Fetched(url, html=fetch_page(url, self.session_factory()))
            except Wx2mdError as exc:
                return Fetched(url, error=exc)
        finally:
            self._slots.put(slot)

    def stream(self, items: Iterable[Item]) -> Iterator[Item]:
        """The items in order, URL items with their page fetched (kind `page`) or their error set.

        Up to `jobs` fetches run ahead of the consumer; raises Stopped at the wall or
        when the network is down (items not yet yielded are left for `--resume`).
        """
        jobs = max(1, self.politeness.jobs)
        window: deque[tuple[Item, Future[Fetched] | None]] = deque()
        with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="wx2md-fetch") as pool:
            try:
                for item in items:
                    future = pool.submit(self._one, item.url) if item.kind == "url" else None
                    window.append((item, future))
                    while window and (sum(f is not None for _, f in window) >= jobs or window[0][1] is None):
                        yield self._done(*window.popleft())
                        self._stop_if_needed()
                while window:
                    yield self._done(*window.popleft())
                    self._stop_if_needed()
            finally:
                for _, future in window:
                    if future is not None:
                        future.cancel()

    def _stop_if_needed(self) -> None:
        if self.stop is not None:
            raise self.stop

    def _done(self, item: Item, future: Future[Fetched] | None) -> Item:
        """The item, its page or error set; a stopping error is raised after the item is reported."""
        if future is None:
            return item
        fetched = future.result()
        try:
            self._check(fetched)
        except Stopped as stop:
            self.stop = stop
        if fetched.error is not None:
            item.error = fetched.error
        else:
            item.kind, item.html = "page", fetched.html
        return item

    def _check(self, fetched: Fetched) -> Fetched:
        error = fetched.error
        if isinstance(error, VerificationWall):
            raise Stopped(f"WeChat shows its verification wall (环境异常) at {fetched.url}: stopped; "
                          "wait a while, then re-run the same command with --resume", int(error.exit_code))
        if isinstance(error, FetchError):
            self.failures += 1
            if self.failures >= self.politeness.max_network_failures:
                raise Stopped(f"{self.failures} network failures in a row (last: {error.message}): the network "
                              "seems down; stopped; re-run the same command with --resume", int(error.exit_code))
        else:
            self.failures = 0
        return fetched
