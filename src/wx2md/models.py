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
    VIDEO = "video"  # WeChat's video page (/mp/videoplayer): a player, its title and description


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


# Front matter keys the cover goes before, when the head does not hold the cover key already.
AFTER_COVER = ("source", "wx2md_key", "original")


@dataclass
class Post:
    """A Jekyll post before it is written: front matter, cover and a body kept as structure.

    `content` is the cleaned tree for a converted post; Markdown is written from it
    once, when the post is rendered, so the image stage rewrites the tree's `<img>`
    nodes instead of searching text. A post that starts as Markdown (`normalize`)
    carries its Markdown text there instead. `images` lists the remote image URLs
    the body references (cleaned, in order, once each); `cover` is the cover image,
    written under `cover_key`.
    """

    head: dict[str, Any]  # front matter in order, without the cover
    content: Tag | str  # the cleaned tree, or Markdown text
    slug: str
    date: datetime  # in the site's time zone: it names the file
    images: list[str] = field(default_factory=list)
    cover: str = ""  # remote URL, or a site path once the image stage saved it
    cover_key: str = "image"  # Hux themes: header-img
    source: str = ""  # canonical URL, used to recognise the same article on re-runs
    date_source: str = "page"  # "page", or "default" when the page had none (--default-date)

    @property
    def filename(self) -> str:
        return f"{self.date:%Y-%m-%d}-{self.slug}.md"

    @property
    def body(self) -> str:
        """The Markdown body, for reading: written from the tree at each call.

        The writing path renders once (`post.render`); this is for tests and tools
        that look at a post's text.
        """
        from wx2md.post import markdown_body  # the Markdown writer lives with the post stage

        return markdown_body(self.content)

    @property
    def front_matter(self) -> dict[str, Any]:
        """The front matter as written: `head` with the cover under `cover_key`.

        The cover takes the key's place when `head` has it, else goes before
        `source` (the documented order); an empty cover writes no key.
        """
        front = {k: v for k, v in self.head.items() if k != self.cover_key or self.cover}
        if not self.cover or self.cover_key in front:
            if self.cover:
                front[self.cover_key] = self.cover
            return front
        keys = list(front)
        at = next((keys.index(k) for k in AFTER_COVER if k in front), len(keys))
        items = list(front.items())
        items.insert(at, (self.cover_key, self.cover))
        return dict(items)
