"""Markdown that exporters and other converters wrote: a `# title` line and a meta block on top.

wechat-article-exporter writes `# title`, a meta line and `> 原文地址: [link](link)`;
other converters write `<title>/<title>.md` starting `# title` and a meta line
`<author> <account> 2006-01-02 15:04`. The head is read into metadata and dropped
from the body (the post carries it in front matter); the body then goes through
the normalizer like any other Markdown post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from wx2md.migrate.dates import parse_date
from wx2md.migrate.lists import article_url

TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$")
SOURCE_LINE = re.compile(r"^>?\s*(?:原文地址|原文链接|原文|来源|source|url)\s*[:：]\s*(.*)$", re.I)
LINK = re.compile(r"\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>|(https?://[^\s\[\]()<>]+)")
META_DATE = re.compile(r"(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)")
LABELLED = re.compile(r"(作者|公众号|发布时间|时间|author|account|date)\s*[:：]\s*([^|｜\s]+(?:\s\d{1,2}:\d{2})?)", re.I)
HEAD_LINES = 6


@dataclass
class ExportHead:
    title: str = ""
    author: str = ""
    account: str = ""
    published: datetime | None = None
    url: str = ""
    original: bool | None = None  # the meta line said 原创
    lines: int = 0  # how many lines the head took
    meta: bool = False  # a meta line or a source line was found: this is an export, not a post


def read_head(text: str) -> ExportHead:
    """The export's head; `meta` False when the text does not start like an export."""
    lines = text.lstrip("\ufeff").split("\n")
    head = ExportHead()
    i = _skip_blank(lines, 0)
    if i >= len(lines) or not TITLE.match(lines[i]):
        return head
    head.title = TITLE.match(lines[i]).group(1).strip()
    i += 1
    seen = 0
    while i < len(lines) and seen < HEAD_LINES:
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        if not (_source(line, head) or _meta(line, head)):
            break
        head.meta = True
        seen += 1
        i += 1
    head.lines = i
    return head


def body_after_head(text: str, head: ExportHead) -> str:
    return "\n".join(text.lstrip("\ufeff").split("\n")[head.lines:]).strip("\n") + "\n"


def _skip_blank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _source(line: str, head: ExportHead) -> bool:
    match = SOURCE_LINE.match(line)
    if not match:
        return False
    links = [next(g for g in m.groups() if g) for m in LINK.finditer(match.group(1))]
    if links:
        target = links[-1]  # `[text](target)`: the target comes last
        head.url = article_url(target) or target
    return True


def _meta(line: str, head: ExportHead) -> bool:
    """`作者 公众号 2025-11-04 15:59`, or labelled `作者: x | 公众号: y | 发布时间: …`."""
    plain = re.sub(r"[*_`>]", "", line).strip()
    labelled = LABELLED.findall(plain)
    if labelled:
        for label, value in labelled:
            label = label.lower()
            if label in ("作者", "author"):
                head.author = value
            elif label in ("公众号", "account"):
                head.account = value
            else:
                head.published = parse_date(value) or head.published
        return True
    date = META_DATE.search(plain)
    if not date or len(plain) > 120:
        return False
    head.published = parse_date(date.group(1))
    names = plain[: date.start()].split()
    while names and names[0] in ("原创", "转载"):  # the 原创 mark, not a writer called 原创
        head.original = names.pop(0) == "原创"
    if len(names) >= 2:
        head.author, head.account = names[0], " ".join(names[1:])
    elif names:
        head.account = names[0]
    return True
