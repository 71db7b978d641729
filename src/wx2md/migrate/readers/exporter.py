"""wechat-article-exporter's Markdown, every version.

Newer versions put the page's `<style>` text on the first line (the title, then 4 KB
of CSS), write the title setext-style (`title` over `====`), then
`原创 作者 公众号 2024-06-04 19:10 上海` and `> 原文地址: [link](link)`; older ones use
`# title`. The head becomes front matter; the body keeps everything after it.
"""

from __future__ import annotations

import re
from pathlib import Path

from wx2md.migrate.mdexports import body_after_head, read_head
from wx2md.migrate.readers import Export, furniture

CSS = re.compile(r"[\w*.#\\-]+\s*\{[^{}\n]*:[^{}\n]*;[^{}\n]*\}")
SETEXT = re.compile(r"^\s*=+\s*$")


def _normalized(text: str) -> str:
    """The CSS line dropped and a setext title made ATX, so the head reads like the older versions'."""
    lines = text.lstrip("\ufeff").split("\n")
    first = next((i for i, ln in enumerate(lines) if ln.strip()), 0)
    if lines and len(CSS.findall(lines[first])) >= 2:
        del lines[first]
    start = next((i for i, ln in enumerate(lines) if ln.strip()), 0)
    if start + 1 < len(lines) and SETEXT.match(lines[start + 1]) and not lines[start].startswith("#"):
        lines[start: start + 2] = ["# " + lines[start].strip()]
    return "\n".join(lines)


def detect(text: str, path: Path) -> bool:
    head = text[:8192]
    first = next((ln for ln in head.split("\n") if ln.strip()), "")
    if len(CSS.findall(first)) >= 2:
        return True
    return bool(read_head(_normalized(head)).url)


def _without_profile(body: str, account: str) -> str:
    """The account's avatar and name that close the page (`![](avatar) OpenDataLab`) are not the article's."""
    lines = body.rstrip().split("\n")
    last = lines[-1].strip() if lines else ""
    match = re.match(r"^!\[\]\([^)\s]+\)\s*(.+)$", last)
    if match and account and match.group(1).strip() == account:
        lines.pop()
    return "\n".join(lines).rstrip() + "\n"


def read(text: str, path: Path) -> Export:
    text = _normalized(text)
    head = read_head(text)
    body = _without_profile(furniture.strip(body_after_head(text, head)), head.account)
    return Export("wechat-article-exporter", body, title=head.title, author=head.author, account=head.account,
                  published=head.published, url=head.url, original=head.original)
