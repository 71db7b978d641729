"""Markdown other tools wrote, one reader module per tool (as jekyll-import has one importer per system).

Each module has `detect(text, path) -> bool` and `read(text, path) -> Export`: the
tool's metadata (title, date, author, account, link, cover) for the front matter, and
the body without the tool's furniture (its head, bylines, the page's buttons). The
body then goes through `normalize` like any Markdown post. Markdown no reader claims
(a Jekyll or Hexo post) gets only the page furniture taken out.

    exporter.py          wechat-article-exporter: CSS first line, setext/ATX title, meta line, 原文地址
    wechatdownload.py    wechatDownload: date-prefixed names, avatar + account, javascript:void byline, 封面/
    crawler.py           crawlers writing front matter (title, url, source = the account, date, fetch_date)
    wechatmp2markdown.py wechatmp2markdown: `# title` and an `author account date` line
    furniture.py         the WeChat page's own UI text, wherever a tool left it
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any


PLACEHOLDER_TITLES = frozenset({"", "title", "untitled", "无标题"})  # a name that names nothing


@dataclass
class Export:
    tool: str
    body: str
    title: str = ""
    author: str = ""
    account: str = ""
    published: datetime | None = None
    url: str = ""
    cover: str = ""  # a remote URL or a file beside the export
    original: bool | None = None
    tags: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # the tool's other front matter, carried through
    title_from_name: bool = False  # the title is only the file name's


def read(text: str, path: Path) -> Export | None:
    """The export as the tool that wrote it meant it, or None for Markdown no tool here wrote."""
    from wx2md.migrate.readers import crawler, exporter, wechatdownload, wechatmp2markdown

    for reader in (crawler, exporter, wechatdownload, wechatmp2markdown):
        if reader.detect(text, path):
            return reader.read(text, path)
    return None
