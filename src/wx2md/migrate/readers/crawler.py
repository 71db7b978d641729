"""Crawler Markdown with front matter: `title`, `url`, `source` (the account's name), `date`, `fetch_date`.

Such crawlers (chainreactors/picker and its kin) copy the whole page: the title twice,
the cover as `![cover_image](…)`, the byline (`原创` / writer / account) one word a line,
then the article, then the page's buttons. `source:` here names the account, not a
link: it must never become the post's `source:` (the article's identity). Other keys
(`fetch_date`…) are carried through as they are.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import yaml

from wx2md.migrate.dates import parse_date
from wx2md.migrate.lists import article_url
from wx2md.migrate.readers import Export, furniture
from wx2md.migrate.readers.byline import MARKS

FRONT = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
IMAGE = re.compile(r"^!\[[^\]\n]*\]\(([^)\s]+)\)\s*$")
COVER = re.compile(r"^!\[cover_image\]\(([^)\s]+)\)\s*$")
KNOWN = ("title", "url", "link", "source", "date", "author", "account", "cover", "cover_image", "image")
NOT_A_NAME = re.compile(r"[。！？：:，,!?]|^[#!*\[>|`-]|^\d+[.、]")


def _front(text: str) -> dict | None:
    match = FRONT.match(text)
    if not match:
        return None
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def detect(text: str, path: Path) -> bool:
    data = _front(text[:8192])
    if not data:
        return False
    return "fetch_date" in data or bool(article_url(data.get("url") or data.get("link") or "")) and \
        not str(data.get("source") or "").startswith(("http://", "https://"))


def read(text: str, path: Path) -> Export:
    data = _front(text) or {}
    match = FRONT.match(text)
    body = text[match.end():] if match else text
    source = str(data.get("source") or "")
    url = str(data.get("url") or data.get("link") or "")
    if not url and source.startswith(("http://", "https://")):
        url, source = source, ""
    title = str(data.get("title") or "")
    out = Export("crawler", "", title=title, url=article_url(url) or url, account=str(data.get("account") or source),
                 author=str(data.get("author") or ""), published=_when(data.get("date")))
    out.extra = {k: _plain(v) for k, v in data.items() if k not in KNOWN}
    out.cover = next((str(data[k]) for k in ("cover", "cover_image", "image") if isinstance(data.get(k), str)), "")
    out.body = furniture.strip(_without_head(body, out))
    return out


def _when(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return parse_date(str(value)) if value else None


def _plain(value: object) -> object:
    """YAML's own types stay; a timestamp is carried as the ISO text the crawler wrote."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _without_head(body: str, out: Export) -> str:
    """The body after the page's head: title headings, the cover line, and the byline under them."""
    lines = body.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        cover = COVER.match(line)
        if not line or (line.startswith("#") and out.title and _squeezed(line.lstrip("#")) == _squeezed(out.title)):
            i += 1
        elif cover or (IMAGE.match(line) and _title_next(lines, i + 1, out.title)):  # the cover, between titles
            out.cover = out.cover or (cover or IMAGE.match(line)).group(1)
            i += 1
        else:
            break
    names, end, original = _byline(lines, i, out.account)
    if names:
        out.original = original
        if len(names) >= 2:
            out.author = out.author or names[0]
        return "\n".join(lines[end:]).strip("\n") + "\n"
    return "\n".join(lines[i:]).strip("\n") + "\n"


def _title_next(lines: list[str], i: int, title: str) -> bool:
    following = next((ln.strip() for ln in lines[i:] if ln.strip()), "")
    return following.startswith("#") and _squeezed(following.lstrip("#")) == _squeezed(title)


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\\]+", "", text)


def _byline(lines: list[str], i: int, account: str) -> tuple[list[str], int, bool | None]:
    """(names, where the article starts, 原创) when lines[i:] start with the page's byline."""
    names: list[str] = []
    original = None
    while i < len(lines) and len(names) < 3:
        word = furniture.plain(lines[i])
        if not word:
            i += 1
            continue
        if word in MARKS and not names and original is None:
            original = word in ("原创", "Original")
        elif len(word) <= 20 and not NOT_A_NAME.search(word) and len(names) < 2:
            names.append(word)
        else:
            break
        i += 1
    if not names:
        return [], i, None
    if original or any(_alike(n, account) for n in names):
        return names, i, original
    return [], i, None


def _alike(name: str, account: str) -> bool:
    return bool(account) and (name in account or account in name or name[:2] == account[:2])
