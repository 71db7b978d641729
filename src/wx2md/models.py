"""The data that flows between stages. Plain dataclasses: no behaviour, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from bs4 import Tag


class Kind(StrEnum):
    """What kind of post a page holds; it decides where the content and metadata are."""

    ARTICLE = "article"  # #js_content holds the body (or cgiDataNew holds its HTML)
    PICTURE = "picture"  # item_show_type 8: text and pictures in script data
    TEXT = "text"  # item_show_type 10: text in script data
    SHARE = "share"  # a repost card: the sharer's comment and a link to the original


@dataclass
class Metadata:
    """What the page says about the article, already decoded (no JS escapes, no entities)."""

    title: str = ""
    digest: str = ""  # msg_desc / og:description
    published: datetime | None = None  # timezone-aware, the page's own time; None when it gives none (never the clock)
    author: str = ""  # the writer (meta author), may be empty
    account: str = ""  # the Official Account's nickname (公众号)
    account_id: str = ""  # gh_… user name
    cover: str = ""  # cover image URL (cleaned)
    url: str = ""  # canonical article URL
    key: str = ""  # when no URL identifies the page: a hash of account, title and publish time
    source_url: str = ""  # 阅读原文 link, if any
    original: bool | None = None  # copyright_stat: 1 original, 2 reprint, else unknown
    tags: list[str] = field(default_factory=list)  # WeChat album tags / hashtags


@dataclass
class Article:
    """An extracted article: metadata plus one content tree, whatever the page kind.

    Picture, text and share pages carry their content in JavaScript; the extractor
    rebuilds it as ordinary HTML so every later stage sees one shape.
    """

    kind: Kind  # a StrEnum: compares equal to "article", "picture", "text", "share"
    meta: Metadata
    content: Tag  # a <div> holding the article body (bs4, lxml-parsed)


@dataclass
class Post:
    """A finished Jekyll post: ordered front matter plus a Markdown body.

    `images` lists the remote image URLs the body references (cleaned, in order,
    without duplicates); the image stage swaps them for local paths.
    """

    front_matter: dict[str, Any]
    body: str
    slug: str
    date: datetime  # in the site's time zone: it names the file
    images: list[str] = field(default_factory=list)
    source: str = ""  # canonical URL, used to recognise the same article on re-runs
    date_source: str = "page"  # "page", or "default" when the page had none (--default-date)

    @property
    def filename(self) -> str:
        return f"{self.date:%Y-%m-%d}-{self.slug}.md"
