"""The migration run: items streamed from the walker, prepared in a process pool, placed and
written here, one at a time, so paths, duplicates and the manifest have one owner.

Workers do the CPU work (parse, clean, Markdown); the parent keeps a bounded window
of them busy and takes results back *in input order*, so which copy of an article
counts as the first (and gets the post) does not depend on timing.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from wx2md.errors import ExitCode, Wx2mdError
from wx2md.migrate.assets import ArchiveImages, archive_session
from wx2md.migrate.fetch import Fetcher, Politeness, Stopped
from wx2md.migrate.items import Item
from wx2md.migrate.join import apply_record, redate, title_key
from wx2md.migrate.manifest import Manifest, ReportRow
from wx2md.migrate.prepare import Prepared, prepare
from wx2md.migrate.report import summary_line
from wx2md.migrate.shapes import Walker
from wx2md.models import Post
from wx2md.post import render
from wx2md.settings import Settings
from wx2md.site import PostIndex, article_key, atomic_write, choose_path

GUESSED = "date not in the source"


@dataclass
class Options:
    jobs: int = os.cpu_count() or 1
    resume: bool = False
    dry_run: bool = False
    download: bool = True
    default_date: datetime | None = None
    politeness: Politeness = field(default_factory=Politeness)
    progress: bool = False  # a bar on stderr (the CLI turns it on for terminals)


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
    finally:
        run.close()
    if report is not None:
        report(run.manifest.report_rows())
    counts = run.manifest.counts()
    line = summary_line(counts, flagged=run.manifest.flagged(GUESSED), dry_run=options.dry_run)
    summary = Summary(counts, run.exit_code(), line, run.stopped)
    run.manifest.close()
    return summary


# ------------------------------------------------------------------ workers

_settings: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _settings
    _settings = settings


def _work(item: Item) -> Prepared:
    assert _settings is not None
    return prepare(item, _settings)


def ordered(pool: Executor | None, fn: Callable[[Item], Prepared], items: Iterable[Item], window: int) -> Iterator[Prepared]:
    """`fn` over `items` in order, at most `window` in flight: streamed, so memory stays flat."""
    if pool is None:
        yield from map(fn, items)
        return
    pending: deque = deque()
    for item in items:
        pending.append((item, pool.submit(fn, item)))
        if len(pending) >= window:
            yield _result(*pending.popleft())
    while pending:
        yield _result(*pending.popleft())


def _result(item: Item, future) -> Prepared:
    try:
        return future.result()
    except BrokenProcessPool as exc:  # a worker died (out of memory, a crash in a C library)
        return Prepared(item, status="failed", reason=f"worker process died: {exc}", exit_code=1)


# ------------------------------------------------------------------ the run


class _Run:
    def __init__(self, site: Path, settings: Settings, options: Options, session_factory) -> None:
        self.site = site
        self.settings = settings
        self.options = options
        self.manifest = Manifest(site, dry_run=options.dry_run)
        self.index = PostIndex(site)
        self.claims: dict[str, tuple[str, str]] = {}  # article key -> (identity, post) this run
        self.slugs: set[str] = set()  # slugs handed out this run
        self.first_failure: int | None = None
        self.partial = False
        self.stopped = ""
        self.stop_code = 0
        self._session = None
        self._session_factory = session_factory
        self.bar = _bar(options.progress)

    def close(self) -> None:
        self.bar.close()
        if self._session is not None:
            self._session.close()

    def session(self):
        if self._session is None:
            if self._session_factory is not None:
                self._session = self._session_factory()
            else:
                from wx2md.http import make_session

                self._session = make_session(pool_size=max(10, self.settings.jobs))
        return self._session

    def exit_code(self) -> int:
        if self.stop_code:
            return self.stop_code
        if self.first_failure is not None:
            return self.first_failure
        return int(ExitCode.PARTIAL) if self.partial else 0

    # -------------------------------------------------------------- streaming

    def all(self, sources: list[str]) -> None:
        walker = Walker(sources)
        pool = None
        if self.options.jobs > 1:
            pool = ProcessPoolExecutor(max_workers=self.options.jobs, initializer=_init_worker,
                                       initargs=(self.settings,))
        else:
            _init_worker(self.settings)
        try:
            for phase in (walker.items, walker.unmatched_now):
                self._pass(phase(), walker, pool)
                if self.stopped:
                    break
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        for path, why in walker.ignored:
            self.manifest.add_report(ReportRow(path, "unknown", "skipped", "", why))

    def _pass(self, items: Iterable[Item], walker: Walker, pool) -> None:
        fetcher = Fetcher(self.session, self.options.politeness)
        todo = self._not_finished(items)
        if not self.options.dry_run:
            todo = fetcher.stream(todo)
        todo = self._convertible(todo)
        window = max(2, self.options.jobs * 4)
        try:
            for prepared in ordered(pool, _work, todo, window):
                self._place(prepared, walker)
                self.bar.update(1)
                if self.stopped:
                    return
        except Stopped as stop:
            self.stopped, self.stop_code = stop.message, stop.exit_code

    def _not_finished(self, items: Iterable[Item]) -> Iterator[Item]:
        """With `--resume`, finished items (same input as last time) cost nothing but this lookup."""
        for item in items:
            done = self.manifest.finished(item.identity, item.fingerprint) if self.options.resume else None
            if done is None:
                yield item
                continue
            self.manifest.add_report(ReportRow(item.source, item.shape, "skipped", done[1],
                                               f"finished in an earlier run ({done[0]})"))
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
                self.manifest.add_report(ReportRow(item.source, item.shape, "skipped", "", "dry run: would fetch"))
            else:
                self._finish(item, ReportRow(item.source, item.shape, "skipped", "", "listed, but no body and no link"))
            self.bar.update(1)

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

    def _write(self, prepared: Prepared, walker: Walker) -> None:
        item, post = prepared.item, prepared.post
        assert post is not None
        notes: list[str] = []
        record = item.record or walker.catalog.match(
            url=post.source, aid=prepared.aid, titles=[post.front_matter.get("title", ""), item.title_hint])
        if record is not None:
            post = apply_record(post, record, self.settings, weak_title=_title_from_name(post, item))
        post = self._dated(post, prepared, record, notes)
        if post is None:
            self._finish(item, ReportRow(item.source, item.shape, "failed", "",
                                         "no publish date found; pass --default-date YYYY-MM-DD"), int(ExitCode.BAD_INPUT))
            return
        keys = _keys(post, prepared, record)
        first = next((self.claims[k] for k in keys if k in self.claims and self.claims[k][0] != item.identity), None)
        if first is not None:
            self._finish(item, ReportRow(item.source, item.shape, "duplicate", first[1], "the same article as an earlier item"))
            return
        post, path, existing = self._path(post, keys)
        rel = path.relative_to(self.site).as_posix()
        for key in keys:
            self.claims[key] = (item.identity, rel)
        self.slugs.add(post.slug)
        status = "updated" if existing else "written"
        if not self.options.dry_run:
            self.manifest.reserve(item.identity, item.fingerprint, rel, keys)
            post, image_note = self._images(post, prepared.images)
            if image_note:
                notes.append(image_note)
            data = render(post).encode("utf-8")
            if existing and _same_bytes(path, data):
                status = "skipped"
                notes.insert(0, "unchanged")
            else:
                _drop_stale_temps(path)
                atomic_write(self.site, path, data)
            self.index.remember(post.source, path)
        self._finish(item, ReportRow(item.source, item.shape, status, rel, "; ".join(notes)))

    def _dated(self, post: Post, prepared: Prepared, record, notes: list[str]) -> Post | None:
        if prepared.dated:
            return post
        if record is not None and record.published:
            return redate(post, record.published, self.settings)
        if prepared.text_date is not None:
            notes.append(f"{GUESSED}: taken from the text ({prepared.text_date:%Y-%m-%d})")
            return redate(post, prepared.text_date, self.settings)
        if self.options.default_date is not None:
            notes.append(f"{GUESSED}: --default-date")
            return redate(post, self.options.default_date, self.settings)
        return None

    def _path(self, post: Post, keys: list[str]) -> tuple[Post, Path, bool]:
        """The post's file: the one this article had before (manifest, then `source:`), else a free name."""
        known = self.manifest.post_for(keys)
        if known:
            path = self.site / known
            slug = _slug_of(path) or post.slug
            return replace(post, slug=slug), path, path.exists()
        if post.source and self.index.own_post(post.source) is not None:
            post, path = choose_path(self.site, post, self.index, force=True)
            return post, path, True
        base, n = post.slug, 1
        while True:
            candidate = replace(post, slug=base if n == 1 else f"{base}-{n}")
            candidate, path = choose_path(self.site, candidate, self.index, force=True)
            if candidate.slug not in self.slugs:
                return candidate, path, False
            n += 1

    def _images(self, post: Post, images: ArchiveImages) -> tuple[Post, str]:
        """Archive images copied in and, unless `--no-download`, remote ones downloaded."""
        from wx2md.images import localize_images
        from wx2md.urls import clean_image_url

        download = self.options.download
        if not download and not images:
            return post, ""
        network = self.session() if download else None
        session = archive_session(images, network)
        key = self.settings.cover_key
        cover = post.front_matter.get(key)
        keep_cover = download or (isinstance(cover, str) and images.holds(clean_image_url(cover) or cover))
        subject = post if download else replace(
            post, images=[u for u in post.images if images.holds(u)],
            front_matter={k: v for k, v in post.front_matter.items() if k != key or keep_cover})
        try:
            done, report = localize_images(subject, self.site, self.settings.merged(download=True), session)
        finally:
            session.close()  # the archive adapter only: the network session stays open
        if not keep_cover and cover is not None:
            done = replace(done, front_matter={k: (cover if k == key else done.front_matter.get(k, v))
                                               for k, v in post.front_matter.items()})
        if report.failed:
            self.partial = True
            return done, f"{report.summary} (kept remote: {report.failed[0][0]}: {report.failed[0][1]})"
        return done, report.summary if report.total else ""

    def _finish(self, item: Item, row: ReportRow, code: int | None = None) -> None:
        if code is not None and self.first_failure is None:
            self.first_failure = code
        self.manifest.finish(item.identity, item.fingerprint, row)


def _keys(post: Post, prepared: Prepared, record) -> list[str]:
    keys = []
    if post.source:
        keys.append("url:" + article_key(post.source))
    aid = (record.aid if record is not None else "") or prepared.aid
    if aid:
        keys.append("aid:" + aid)
    if prepared.content_hash:
        keys.append("hash:" + prepared.content_hash)
    return keys


def _title_from_name(post: Post, item: Item) -> bool:
    """Whether the post's title is only its file name (the normalizer's last resort)."""
    if not item.path:
        return False
    key = title_key(str(post.front_matter.get("title", "")))
    return key in (title_key(Path(item.path).stem), title_key(item.title_hint))


def _slug_of(path: Path) -> str:
    import re

    match = re.match(r"^\d{4}-\d{2}-\d{2}-(.+)\.(?:md|markdown)$", path.name)
    return match.group(1) if match else ""


def _drop_stale_temps(path: Path) -> None:
    """Temp files for this post left by a run that was killed mid-write: the path is ours (reserved)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


class _NoBar:
    def update(self, *_: object) -> None:
        pass

    def close(self) -> None:
        pass


def _bar(enabled: bool):
    if not enabled or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    return tqdm(unit="item", file=sys.stderr, leave=False, desc="migrate")

