"""The migration run: items streamed from the walker, prepared by the worker processes,
placed here (duplicates, paths, the manifest: one owner for the whole run's view),
then written by the workers.

Workers do the CPU work (parse, clean, Markdown; images, YAML, the atomic write);
the parent keeps a bounded window of them busy (pool.py) and takes results back
*in input order*, so which copy of an article counts as the first (and gets the
post) does not depend on timing.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from wx2md.console import progress_bar
from wx2md.engines import for_posts
from wx2md.errors import ExitCode, Wx2mdError
from wx2md.migrate.fetch import Fetcher, Politeness, Stopped
from wx2md.migrate.items import Item
from wx2md.migrate.join import apply_record, redate, title_key
from wx2md.migrate.manifest import Manifest, ReportRow
from wx2md.migrate.pool import Chunked, Workers
from wx2md.migrate.prepare import Prepared, article_keys, prepare
from wx2md.migrate.report import summary_line
from wx2md.migrate.shapes import Walker, with_fingerprint
from wx2md.migrate.writer import Finish, Finished, finish, sync_written
from wx2md.models import Post
from wx2md.settings import Settings
from wx2md.site import PostIndex, choose_path, post_path, slug_of

GUESSED = "date not in the source"
KEPT_REMOTE = "(kept remote: "  # writer.localize's note when images failed
FROM_LIST = "from list text"  # a post written from a list's text alone


@dataclass
class Options:
    jobs: int = os.cpu_count() or 1
    resume: bool = False
    dry_run: bool = False
    download: bool = True
    default_date: datetime | None = None
    politeness: Politeness = field(default_factory=Politeness)
    progress: bool = False  # a bar on stderr (the CLI turns it on for terminals)
    notify: Callable[[str], None] | None = None  # one line per failed or unavailable item, as it happens
    sleep: Callable[[float], None] | None = None  # the fetcher's pause between pages (tests: no real waiting)
    fetch_missing: bool = False  # fetch listed articles whose body is not in the archive (else: reported)


@dataclass
class Summary:
    counts: dict[str, int]
    exit_code: int
    line: str
    stopped: str = ""  # why the batch stopped early, and how to go on


def migrate(sources: list[str], site: Path, settings: Settings, options: Options,
            *, session_factory: Callable[[], object] | None = None,
            report: Callable[[Iterable[ReportRow]], None] | None = None) -> Summary:
    """Migrate `sources` into `site`; the per-item report goes to `report` (rows streamed)."""
    run = _Run(site, settings, options, session_factory)
    try:
        run.all(sources)
    finally:  # Ctrl-C and errors too: the report and the manifest hold what was done
        run.close()
        try:
            if report is not None:
                report(run.manifest.report_rows())
        finally:
            counts = run.manifest.counts()
            flagged = run.manifest.flagged(GUESSED)
            kept = run.manifest.flagged(KEPT_REMOTE)
            from_list = run.manifest.flagged(FROM_LIST)
            run.manifest.close()
    line = summary_line(counts, flagged=flagged, images_kept=kept, from_list=from_list, dry_run=options.dry_run)
    return Summary(counts, run.exit_code(), line, run.stopped)


# ------------------------------------------------------------------ workers

_settings: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _settings
    _settings = settings


_network = None


def _work(item: Item) -> Prepared:
    assert _settings is not None
    return prepare(item, _settings)


def _prepare_chunk(items: list[Item]) -> list[Prepared]:
    return [_work(item) for item in items]


def _worker_network():
    """One HTTP session per worker process, made on the first download."""
    global _network
    if _network is None:
        from wx2md.http import session_for

        assert _settings is not None
        _network = session_for(_settings)
    return _network


def _finish_work(task: Finish) -> Finished:
    assert _settings is not None
    return finish(task, _settings, _worker_network, sync=False)


def _finish_chunk(tasks: list[Finish]) -> list[Finished]:
    return sync_written(tasks, [_finish_work(task) for task in tasks])


# ------------------------------------------------------------------ the run


class _Run:
    def __init__(self, site: Path, settings: Settings, options: Options, session_factory) -> None:
        self.site = site
        self.settings = settings
        self.options = options
        self.manifest = Manifest(site, dry_run=options.dry_run)
        self.index = PostIndex(site, for_posts(settings))
        self.manifest.taken_slugs(_taken_slugs(site, settings))  # every slug in _posts (this run's join them)
        self.order = 0  # items taken from the walker so far
        self.pool: Workers | None = None
        self.finishing: Chunked | None = None  # posts being written, by the workers
        self.first_failure: int | None = None
        self.partial = False
        self.stopped = ""
        self.stop_code = 0
        self._session = None
        self._session_factory = session_factory
        self._session_lock = threading.Lock()
        self.bar = progress_bar(None, quiet=not options.progress, unit="item", desc="migrate")
        self.ticker = _Ticker(self.bar)  # the bar shows and moves from the first second, lists being read too
        from wx2md.http import HostBook

        self.hosts = HostBook()  # the run's view of hosts, fed by every worker's (breaker, Retry-After)

    def close(self) -> None:
        self.ticker.stop()
        self.bar.close()
        if self._session is not None:
            self._session.close()

    def session(self):
        with self._session_lock:  # fetch workers are threads: one session for all of them
            return self._make_session()

    def _make_session(self):
        if self._session is None:
            if self._session_factory is not None:
                self._session = self._session_factory()
            else:
                from wx2md.http import session_for

                self._session = session_for(self.settings, self.hosts)
        return self._session

    def exit_code(self) -> int:
        if self.stop_code:
            return self.stop_code
        if self.first_failure is not None:
            return self.first_failure
        return int(ExitCode.PARTIAL) if self.partial else 0

    # -------------------------------------------------------------- streaming

    def all(self, sources: list[str]) -> None:
        walker = Walker(sources, exclude=[self.site])
        if self.options.jobs > 1:
            self.pool = Workers(self.options.jobs, _init_worker, (self.settings,))
        else:
            _init_worker(self.settings)
        # In one process the posts are written with the run's own session (one per run).
        write = _finish_chunk if self.pool is not None else (
            lambda tasks: sync_written(tasks, [finish(t, self.settings, self.session, sync=False) for t in tasks]))
        # Posts go out in chunks in one process too: one manifest commit and one folder fsync per chunk.
        self.finishing = Chunked(self.pool, write, before=self.manifest.commit, batch_alone=True,
                                 failed=lambda task, why: Finished("failed", why, exit_code=1))
        try:
            for phase in (walker.items, walker.unmatched_now):
                self._pass(phase(), walker)
        finally:
            self._collect(0)
            if self.pool is not None:
                self.pool.shutdown()
            walker.close()
        last = self.order + 1
        for path, what in walker.lists:
            self.manifest.add_report(ReportRow(path, "list", "list", "", what), last)
        for path, whose in walker.assets:
            self.manifest.add_report(ReportRow(path, "asset", "asset", "", whose), last)
        for path, why in walker.ignored:
            self.manifest.add_report(ReportRow(path, "unknown", "skipped", "", why), last)
        for source in walker.missing:
            self.manifest.add_report(ReportRow(source, "unknown", "failed", "", "no such file or directory"), last)
            self.first_failure = self.first_failure or int(ExitCode.BAD_INPUT)

    def _pass(self, items: Iterable[Item], walker: Walker) -> None:
        """One phase of the run. When the batch stops (the wall, the network), nothing more is
        fetched, but the rest is not dropped: what the archive holds is still converted, and
        every page left to fetch is reported `not fetched` (`--resume` fetches it)."""
        fetcher = Fetcher(self.session, self.options.politeness, sleep=self.options.sleep)
        upstream = self._in_archive(self._not_finished(items, walker))
        window = max(2, self.options.jobs * 16)  # a backlog keeps workers busy while the parent is descheduled
        preparing = Chunked(self.pool, _prepare_chunk,
                            failed=lambda item, why: Prepared(item, status="failed", reason=why, exit_code=1))
        todo = upstream if self.options.dry_run or self.stopped else fetcher.stream(self._written_first(upstream))
        try:
            self._feed(self._convertible(self._unfetched(todo) if self.stopped else todo), preparing, walker, window)
        except Stopped as stop:
            self.stopped, self.stop_code = stop.message, stop.exit_code
        if self.stopped:
            self._feed(self._convertible(self._unfetched(upstream)), preparing, walker, window)
        self._place_ready(preparing, walker, 0)  # what the workers already have is placed, not dropped

    def _feed(self, todo: Iterable[Item], preparing: Chunked, walker: Walker, window: int) -> None:
        stopped = self.stopped
        for item in todo:
            preparing.put(item)
            self._place_ready(preparing, walker, window)
            if self.stopped and not stopped:
                return  # the wall showed in a fetched page: the caller goes on without fetching

    def _written_first(self, items: Iterable[Item]) -> Iterator[Item]:
        """In one process, the posts waiting for their chunk to fill are written before a page is
        fetched: a slow source never holds a finished post (or the progress bar) back."""
        for item in items:
            if item.kind == "url" and self.pool is None and self.finishing is not None:
                self.finishing.flush()
                self._collect(None)
            yield item

    def _unfetched(self, items: Iterable[Item]) -> Iterator[Item]:
        """After a stop: pages left to fetch are reported, not fetched; the rest goes on."""
        for item in items:
            if item.kind == "url":
                self.manifest.add_report(ReportRow(item.source, item.shape, "not-fetched", "",
                                                   "not fetched: the batch stopped; --resume fetches it"), item.order)
                self.bar.update(1)
                continue
            yield item

    def _place_ready(self, preparing: Chunked, walker: Walker, limit: int) -> None:
        for _, prepared in preparing.results(limit):
            self._place(prepared, walker)
            self._collect(None)
        self._collect(limit)

    def _not_finished(self, items: Iterable[Item], walker: Walker) -> Iterator[Item]:
        """With `--resume`, finished items (same input as last time) cost nothing but this lookup.
        Their list records are claimed all the same, or each would come back as a post of its own."""
        for item in items:
            self.order += 1
            item.order = self.order
            done = self.manifest.finished(item.identity, with_fingerprint(item).fingerprint) if self.options.resume else None
            if done is None:
                yield item
                continue
            if done[1] and len(walker.catalog):
                walker.catalog.claim_keys(self.manifest.keys_of(done[1]))
            self.manifest.add_report(ReportRow(item.source, item.shape, "skipped", done[1],
                                               f"finished in an earlier run ({done[0]})"), item.order)
            self.bar.update(1)

    def _in_archive(self, items: Iterable[Item]) -> Iterator[Item]:
        """A list's entry whose body the archive lacks is fetched only when asked (`--fetch-missing`):
        an archive's own index of thousands of links must not start a day of fetching. With
        `--no-download` nothing is fetched at all, pages included."""
        for item in items:
            if item.kind == "url" and item.shape == "list" and not self.options.fetch_missing:
                self.manifest.add_report(ReportRow(item.source, item.shape, "missing", "",
                                                   "not in the archive (--fetch-missing fetches it)"), item.order)
            elif item.kind == "url" and not self.options.download:  # offline: no page, no picture
                self.manifest.add_report(ReportRow(item.source, item.shape, "not-fetched", "",
                                                   "not fetched: --no-download fetches nothing"), item.order)
            else:
                yield item
                continue
            self.bar.update(1)

    def _convertible(self, items: Iterable[Item]) -> Iterator[Item]:
        """Items a worker can convert; the rest (fetch errors, dry-run URLs, empty records) are reported here."""
        for item in items:
            if item.kind in ("page", "row", "markdown"):
                yield item
                continue
            if item.error is not None:
                error = item.error
                code = int(getattr(error, "exit_code", 1))
                status = "unavailable" if code == ExitCode.UNAVAILABLE else "failed"
                self._finish(item, ReportRow(item.source, item.shape, status, "", getattr(error, "message", str(error))),
                             code)
            elif item.kind == "url":
                self.manifest.add_report(ReportRow(item.source, item.shape, "skipped", "", "dry run: would fetch"), item.order)
                self.bar.update(1)
            else:
                self._finish(item, ReportRow(item.source, item.shape, "skipped", "", "listed, but no body and no link"))

    # -------------------------------------------------------------- one item

    def _place(self, prepared: Prepared, walker: Walker) -> None:
        item = prepared.item
        if prepared.post is None:
            if prepared.wall:
                self.stopped = (f"{prepared.reason} (at {item.source}): stopped; re-run the same command with "
                                "--resume later")
                self.stop_code = prepared.exit_code
            self._finish(item, ReportRow(item.source, item.shape, prepared.status, "", prepared.reason),
                         prepared.exit_code)
            return
        try:
            self._write(prepared, walker)
        except Wx2mdError as exc:
            self._finish(item, ReportRow(item.source, item.shape, "failed", "", exc.message), int(exc.exit_code))
        except OSError as exc:
            self._finish(item, ReportRow(item.source, item.shape, "failed", "", f"cannot write: {exc.strerror or exc}"),
                         int(ExitCode.UNSAFE))
        except (sqlite3.Error, KeyboardInterrupt):
            raise  # the run's own bookkeeping: nothing one item can be blamed for
        except Exception as exc:  # noqa: BLE001 - one bad item never costs another: it becomes its failed row
            self._finish(item, ReportRow(item.source, item.shape, "failed", "", _one_line(exc)), int(ExitCode.FAILED))

    def _write(self, prepared: Prepared, walker: Walker) -> None:
        item, post = prepared.item, prepared.post
        assert post is not None
        notes: list[str] = list(prepared.notes)
        record = item.record or walker.catalog.match(
            url=post.source, aid=prepared.aid, titles=[post.front_matter.get("title", ""), item.title_hint])
        if record is not None:
            post = apply_record(post, record, self.settings, weak_title=_title_from_name(post, item))
        if item.shape == "list" and item.kind == "row":
            notes.append(f"{FROM_LIST}: no paragraphs or images")
        post = self._dated(post, prepared, record, notes)
        if post is None:
            self._finish(item, ReportRow(item.source, item.shape, "failed", "",
                                         "no publish date found; pass --default-date YYYY-MM-DD"), int(ExitCode.NO_DATE))
            return
        keys = prepared.keys if record is None else article_keys(post.source, record.aid or prepared.aid,
                                                                 prepared.content_hash)
        first = self.manifest.claimed_by_other(keys, item.identity)
        if first is not None and not self._better(prepared, first):
            owner = self.manifest.owner(first)
            self._finish(item, ReportRow(item.source, item.shape, "duplicate", first,
                                         f"the same article as {owner[1] if owner else 'an earlier item'}"))
            return
        if first is not None:  # this copy is better: it takes the earlier copy's post
            self._collect(0)  # the earlier copy is written before this one replaces it
            _, old_source, _ = self.manifest.owner(first) or ("", "", ())
            path, existing, recovering = self.site / first, False, False
            post = replace(post, slug=slug_of(path) or post.slug)
            notes.append(f"kept over {old_source} (more text or images)")
        else:
            post, path, existing, recovering = self._path(post, keys, item.identity)
        rel = path.relative_to(self.site).as_posix()
        if first is not None:
            owner = self.manifest.owner(first)
            if owner is not None:
                self.manifest.demote(owner[0], owner[1], item.source, first)
        self.manifest.own(rel, item.identity, item.source, prepared.quality)
        self.manifest.claim(keys, item.identity, rel, post.slug)
        if self.options.dry_run:
            self._finish(item, ReportRow(item.source, item.shape, "updated" if existing else "written", rel,
                                         "; ".join(notes)))
            return
        self.manifest.reserve(item.identity, item.fingerprint, rel, keys)  # committed before the chunk goes out
        task = Finish(post, str(self.site), str(path), existing, recovering, prepared.images,
                      self.options.download, notes, hosts=self.hosts.snapshot())
        assert self.finishing is not None
        self.finishing.put(task, tag=(item, rel))

    def _collect(self, limit: int | None) -> None:
        """Report the posts the workers finished writing (in order): those done, then the oldest
        until at most `limit` are in flight (0: all)."""
        if self.finishing is not None:
            for (item, rel), outcome in self.finishing.results(limit):
                self._written(item, rel, outcome)

    def _written(self, item: Item, rel: str, outcome: Finished) -> None:
        self.hosts.absorb(outcome.hosts)  # a host one worker gave up (or was throttled by) is for all
        self.partial |= outcome.partial
        post = rel if outcome.status != "failed" else ""
        self._finish(item, ReportRow(item.source, item.shape, outcome.status, post, outcome.reason),
                     outcome.exit_code or None)

    def _dated(self, post: Post, prepared: Prepared, record, notes: list[str]) -> Post | None:
        if prepared.dated:
            return self._timed(post, record)
        if record is not None and record.published:
            return redate(post, record.published, self.settings)
        if prepared.text_date is not None:
            notes.append(f"{GUESSED}: taken from the text ({prepared.text_date:%Y-%m-%d})")
            return redate(post, prepared.text_date, self.settings)
        if self.options.default_date is not None:
            notes.append(f"{GUESSED}: --default-date")
            return redate(post, self.options.default_date, self.settings)
        return None

    def _better(self, prepared: Prepared, post: str) -> bool:
        """Whether this copy beats the one `post` holds: more text, then more archive images, then a
        real body over a list's text (ties: the first found stays)."""
        owner = self.manifest.owner(post)
        if owner is None or len(owner[2]) != 3:
            return False
        (text, held, real), (text0, held0, real0) = prepared.quality, owner[2]
        if abs(text - text0) > 0.02 * max(text, text0):  # a caption more is the same text
            return text > text0
        return (held, real) > (held0, real0)

    def _timed(self, post: Post, record) -> Post:
        """The list's time of day, when the page showed only the day (`2024-06-04` vs the list's 11:19)."""
        when = record.published if record is not None else None
        if when is None or post.date.hour or post.date.minute or post.date.second:
            return post
        listed = when.astimezone(self.settings.tz) if when.tzinfo else when.replace(tzinfo=self.settings.tz)
        if listed.date() == post.date.date() and (listed.hour or listed.minute):
            return redate(post, listed, self.settings)
        return post

    def _path(self, post: Post, keys: list[str], identity: str) -> tuple[Post, Path, bool, bool]:
        """(post, its file, whether the article had a post before, whether a killed run reserved it).

        The article's earlier file wins (the manifest's by article key, then by this
        item's last run, then the site's `source:`);
        a new post gets the first free slug. Free means no post in `_posts` has it,
        on any date, and none of this run has: the same rule as `site.choose_path`
        (whose image folder is named by the slug), checked against a table filled once,
        not by a glob per post, which would make a big archive quadratic.
        The claims live in the manifest's temp tables, so memory stays flat.
        """
        known = self.manifest.post_for(keys) or self.manifest.post_of(identity)
        if known and not self.manifest.placed_this_run(known):
            path = self.site / known
            return replace(post, slug=slug_of(path, self.settings) or post.slug), path, path.exists(), True
        if post.source and self.index.own_post(post.source) is not None:
            post, path = choose_path(self.site, post, self.index, force=True)
            return post, path, True, False
        slug, n = post.slug, 1
        while self.manifest.slug_taken(slug):
            n += 1
            slug = f"{post.slug}-{n}"
        post = replace(post, slug=slug)
        return post, post_path(self.site, post, self.settings), False, False

    def _finish(self, item: Item, row: ReportRow, code: int | None = None) -> None:
        if code and self.first_failure is None:
            self.first_failure = code
        self.manifest.finish(item.identity, item.fingerprint, row, item.order)
        if row.status in ("failed", "unavailable") and self.options.notify is not None:
            self.bar.clear()
            self.options.notify(f"{row.source}: {row.status}: {row.reason}")
        self._host_news()
        self.bar.update(1)

    def _host_news(self) -> None:
        """Hosts given up (by a worker or the page fetcher), each said once for the run."""
        books = {id(b): b for b in (self.hosts, getattr(self._session, "hosts", None)) if b is not None}
        for book in books.values():
            for line in book.notices():
                if self.options.notify is not None:
                    self.bar.clear()
                    self.options.notify(f"warning: {line}")


class _Ticker:
    """Redraws a tqdm bar twice a second (its clock and rate), even while no item finishes:
    reading a big list or starting the workers takes seconds, and a silent terminal looks hung."""

    def __init__(self, bar, every: float = 0.5) -> None:
        self.done = threading.Event()
        self.thread = None
        if hasattr(bar, "refresh"):
            bar.refresh()
            self.thread = threading.Thread(target=self._run, args=(bar, every), daemon=True, name="wx2md-bar")
            self.thread.start()

    def _run(self, bar, every: float) -> None:
        while not self.done.wait(every):
            bar.refresh()

    def stop(self) -> None:
        self.done.set()
        if self.thread is not None:
            self.thread.join()


def _one_line(exc: BaseException) -> str:
    return "internal error: " + " ".join(f"{exc.__class__.__name__}: {exc}".split())[:200]


def _title_from_name(post: Post, item: Item) -> bool:
    """Whether the post's title is only its file name (the normalizer's last resort)."""
    if not item.path:
        return False
    key = title_key(str(post.front_matter.get("title", "")))
    return key in (title_key(Path(item.path).stem), title_key(item.title_hint))


def _taken_slugs(site: Path, settings: Settings) -> Iterator[str]:
    """Slugs of the posts already in the site (any date): each names an image folder too."""
    engine = for_posts(settings)
    for path in engine.post_files(site):
        slug = engine.slug_of(path)
        if slug:
            yield slug
