"""A list and the bodies beside it are one archive: find each body's record, merge its metadata.

Bodies are matched by what they carry, strongest first: the article link (any
escaping, any tracking tail), the `aid` (`mid_idx`), then the title with every
punctuation mark and space removed, because file-name-safe exporters strip them
(`[2025-12-20225424]标题里没有问号.md`).
"""

from __future__ import annotations

import pickle
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace

from wx2md.migrate.items import Record
from wx2md.migrate.lists import aid_of, message_id
from wx2md.models import Metadata, Post
from wx2md.post import format_date, front_matter, make_slug
from wx2md.settings import Settings
from wx2md.site import article_key


def title_key(title: str) -> str:
    return re.sub(r"[\W_]+", "", title or "").lower()


class Catalog:
    """Every record of the archive's lists, indexed for joining; remembers which were used.

    The records (with the article text an exporter's list carries) live in a private
    SQLite database on disk (`sqlite3.connect("")`: a temporary file, gone when closed),
    so a list of 100,000 articles costs the run no memory: a join is a key lookup.
    """

    def __init__(self) -> None:
        self.db = sqlite3.connect("")
        self.db.executescript("""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE records (id INTEGER PRIMARY KEY, used INTEGER NOT NULL DEFAULT 0, data BLOB NOT NULL);
            CREATE TABLE keys (key TEXT PRIMARY KEY, id INTEGER NOT NULL);
            CREATE TABLE titles (title TEXT NOT NULL, id INTEGER NOT NULL);
            CREATE INDEX titles_by_title ON titles (title);
        """)
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def close(self) -> None:
        self.db.close()

    def add(self, records: Iterable[Record]) -> int:
        """Records listed twice (lists overlap) are merged by link or id; rows that only share a
        title stay separate articles."""
        read = 0
        for record in records:
            read += 1
            keys = self._keys(record.url, record.aid)
            known = self._find(keys)
            if known is not None:
                merged = _fill(self._get(known), record)
                self.db.execute("UPDATE records SET data = ? WHERE id = ?", (_dump(merged), known))
                index = known
            else:
                index = self.db.execute("INSERT INTO records (data) VALUES (?)", (_dump(record),)).lastrowid
                self.count += 1
                if title_key(record.title):
                    self.db.execute("INSERT INTO titles VALUES (?, ?)", (title_key(record.title), index))
            self.db.executemany("INSERT OR IGNORE INTO keys VALUES (?, ?)", [(k, index) for k in keys])
        self.db.commit()
        return read

    @staticmethod
    def _keys(url: str, aid: str) -> list[str]:
        keys = []
        if url.startswith(("http://", "https://")):  # not a `wx2md_key` or an account name
            keys.append("url:" + article_key(url))
            if message_id(url):
                keys.append("msg:" + message_id(url))
        for a in (aid, aid_of(url)):
            if a:
                keys.append("aid:" + a)
        return keys

    def _find(self, keys: list[str]) -> int | None:
        """The record holding the strongest of `keys` (they come strongest first)."""
        for key in keys:
            row = self.db.execute("SELECT id FROM keys WHERE key = ?", (key,)).fetchone()
            if row:
                return row[0]
        return None

    def _by_title(self, titles: Iterable[str], url: str) -> int | None:
        """The record with one of `titles` whose link names no other article: the only one so titled
        (two copies of one article join the same record), else the first not yet joined."""
        mine = article_key(url) if url.startswith(("http://", "https://")) else ""
        for title in {title_key(t) for t in titles if title_key(t)}:
            rows = self.db.execute("SELECT titles.id, used FROM titles JOIN records ON records.id = titles.id "
                                   "WHERE title = ? ORDER BY titles.id", (title,)).fetchall()
            for index, used in rows:
                if used and len(rows) > 1:
                    continue
                record = self._get(index)
                if not (mine and record.url and article_key(record.url) != mine):
                    return index
        return None

    def _get(self, index: int) -> Record:
        record = pickle.loads(self.db.execute("SELECT data FROM records WHERE id = ?", (index,)).fetchone()[0])
        record.ref = index
        return record

    def match(self, url: str = "", aid: str = "", titles: Iterable[str] = ()) -> Record | None:
        if not self.count:  # no lists: nothing to look up (the common case for dumps and pages)
            return None
        index = self._find(self._keys(url, aid))
        if index is None:
            index = self._by_title(titles, url)
        if index is None:
            return None
        self._use(index)
        return self._get(index)

    def _use(self, index: int) -> None:
        self.db.execute("UPDATE records SET used = 1 WHERE id = ?", (index,))

    def claim(self, record: Record) -> None:
        index = record.ref or self._find(self._keys(record.url, record.aid))
        if index:
            self._use(index)

    def claim_keys(self, keys: Iterable[str]) -> None:
        """Mark the record holding any of these article keys (`url:…`, `msg:…`, `aid:…`) as joined."""
        index = self._find([k for k in keys if k.startswith(("url:", "msg:", "aid:"))])
        if index is not None:
            self._use(index)

    def unmatched(self) -> Iterator[Record]:
        """The records no body joined, in list order, read a page at a time."""
        last = 0
        while True:
            page = self.db.execute("SELECT id, data FROM records WHERE used = 0 AND id > ? ORDER BY id LIMIT 100",
                                   (last,)).fetchall()
            if not page:
                return
            for last, data in page:
                record = pickle.loads(data)
                record.ref = last
                yield record


def _dump(record: Record) -> bytes:
    return pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)


def _fill(old: Record, new: Record) -> Record:
    values = {k: v for k, v in vars(new).items() if v not in ("", None, []) and getattr(old, k) in ("", None, [])}
    return replace(old, **values) if values else old


# ------------------------------------------------------------------ merging


def apply_record(post: Post, record: Record, settings: Settings, *, weak_title: bool = False) -> Post:
    """The post with the record's metadata where the page had none.

    The page's own values win (they are what the reader saw); the list fills the
    gaps an exporter leaves: the link, the exact time, the writer, the cover, the
    album names. `weak_title`: the post's title only came from its file name (which
    lost its punctuation), so the list's wins. Front matter is rebuilt by
    `post.front_matter`, so the key order and formats stay the converter's.
    """
    fm = post.front_matter
    untitled = fm.get("title") in (None, "", "Untitled") or weak_title
    meta = Metadata(
        title=record.title if untitled and record.title else fm.get("title", ""),
        digest=fm.get("subtitle") or record.digest,
        author=fm.get("author") if fm.get("author") and fm.get("author") != fm.get("account") else record.author,
        account=fm.get("account") or record.account,
        cover=post.cover or record.cover,
        url=fm.get("source") or record.url,
        key="" if (fm.get("source") or record.url) else fm.get("wx2md_key", ""),
        original=fm.get("original") if fm.get("original") is not None else record.original,
        tags=list(fm.get("tags") or []) + [t for t in record.tags if t not in (fm.get("tags") or [])],
    )
    if not meta.author and fm.get("author"):
        meta.author = fm["author"]
    head = front_matter(meta, post.date, settings)
    for key, value in post.head.items():  # keys the converter added that Metadata does not model
        head.setdefault(key, value)
    head["date"] = post.head.get("date", head["date"])
    slug = make_slug(meta.title, fallback=meta.url or meta.title) if untitled and record.title else post.slug
    source = meta.url or post.source
    return replace(post, head=head, cover=meta.cover, slug=slug, source=source)


def redate(post: Post, when, settings: Settings) -> Post:
    """The post moved to `when` (in the site's zone): the date names the file and drives the URL."""
    when = when.astimezone(settings.tz)
    return replace(post, date=when, head={**post.head, "date": format_date(when, settings)})
