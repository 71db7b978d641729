"""A list and the bodies beside it are one archive: find each body's record, merge its metadata.

Bodies are matched by what they carry, strongest first: the article link (any
escaping, any tracking tail), the `aid` (`mid_idx`), then the title with every
punctuation mark and space removed, because file-name-safe exporters strip them
(`[2025-12-20225424]标题里没有问号.md`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from wx2md.migrate.items import Record
from wx2md.migrate.lists import aid_of
from wx2md.models import Metadata, Post
from wx2md.post import format_date, front_matter, make_slug
from wx2md.settings import Settings
from wx2md.site import article_key


def title_key(title: str) -> str:
    return re.sub(r"[\W_]+", "", title or "").lower()


class Catalog:
    """Every record of the archive's lists, indexed for joining; remembers which were used."""

    def __init__(self) -> None:
        self.records: list[Record] = []
        self.used: set[int] = set()
        self._by: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.records)

    def add(self, records: Iterable[Record]) -> None:
        for record in records:
            keys = self._keys(record.url, record.aid, [record.title])
            known = next((self._by[k] for k in keys if k in self._by), None)
            if known is not None:  # the same article listed twice (lists overlap): merge
                self.records[known] = _fill(self.records[known], record)
                index = known
            else:
                index = len(self.records)
                self.records.append(record)
            for key in keys:
                self._by.setdefault(key, index)

    @staticmethod
    def _keys(url: str, aid: str, titles: Iterable[str]) -> list[str]:
        keys = []
        if url:
            keys.append("url:" + article_key(url))
        for a in (aid, aid_of(url)):
            if a:
                keys.append("aid:" + a)
        keys += ["title:" + t for t in map(title_key, titles) if t]
        return keys

    def match(self, url: str = "", aid: str = "", titles: Iterable[str] = ()) -> Record | None:
        for key in self._keys(url, aid, titles):
            index = self._by.get(key)
            if index is not None:
                self.used.add(index)
                return self.records[index]
        return None

    def claim(self, record: Record) -> None:
        for key in self._keys(record.url, record.aid, [record.title]):
            if key in self._by:
                self.used.add(self._by[key])
                return

    def unmatched(self) -> Iterator[Record]:
        for index, record in enumerate(self.records):
            if index not in self.used:
                yield record


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
    return replace(post, date=when, head={**post.head, "date": format_date(when)})
