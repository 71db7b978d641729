"""What flows through a migration: list Records and work Items. Plain, picklable data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Record:
    """What an article list says about one article; joined to its body, it fills the post's metadata."""

    title: str = ""
    url: str = ""  # canonical: what joins and dedupes
    link: str = ""  # as listed, unescaped: what gets fetched
    aid: str = ""  # `<appmsgid>_<itemidx>`, as the MP backend and the exporter write it
    digest: str = ""
    cover: str = ""
    published: datetime | None = None
    author: str = ""
    account: str = ""
    original: bool | None = None
    tags: list[str] = field(default_factory=list)
    text: str = ""  # a plain-text body, when the list carries one (exporter `content`)
    origin: str = ""  # the list file it came from, for the report
    ref: int = 0  # its row in the run's Catalog (rows sharing a title are told apart by it)


@dataclass
class Row:
    """One article of a dump: title and body, the rest optional."""

    title: str
    body: str
    date: str = ""
    author: str = ""
    url: str = ""


@dataclass
class Item:
    """One unit of work: becomes one post (or one report line saying why not).

    `identity` names the item the same way on every run (the manifest's key);
    `fingerprint` changes when its input does, so `--resume` redoes changed items.
    """

    identity: str
    source: str  # how the report names it
    shape: str  # saved-page | exporter-page | exporter-markdown | converter-markdown | markdown-post | dump | list | url
    kind: str  # page | row | markdown | url
    path: str = ""  # the file to read (page, markdown)
    url: str = ""
    row: Row | None = None
    record: Record | None = None  # joined before preparing, when the key is known without the body
    html: str = ""  # a fetched page
    fingerprint: str = ""
    title_hint: str = ""  # a title from the file name, for joining by title
    error: Exception | None = None  # fetching failed (the page is gone, the server refused)
    order: int = 0  # its place in the run (the report lists items in this order)
