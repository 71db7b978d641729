"""File names Jekyll would skip or garble, and the name each such post should have.

Jekyll reads a post only as `_posts/YYYY-MM-DD-slug.ext` and skips anything else
without a word; it does not decode `%E4%B8%AD`, so such URLs come out garbled;
spaces make fragile URLs (capitals do not: Jekyll builds them fine). The fix is the name `convert` would give:
the date, then an ASCII slug (pinyin of Chinese).
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from pathlib import PurePath
from urllib.parse import unquote

POST_NAME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)\.(md|markdown|html)$")  # Jekyll allows 2020-1-5
DATED = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:-|$)")
PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
POST_EXTENSIONS = (".md", ".markdown", ".html")


def name_date(name: str) -> date | None:
    """The date a file name starts with (`2020-11-26-…`), or None."""
    match = DATED.match(PurePath(name).name)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def problems(name: str) -> list[str]:
    """What is wrong with a post's file name, in words; empty when Jekyll will read it well."""
    base = PurePath(name).name
    found: list[str] = []
    match = POST_NAME.match(base)
    if not match or name_date(base) is None:
        found.append("no YYYY-MM-DD- date at the start of the name (Jekyll skips the post)")
    if " " in base:
        found.append("spaces in the name")
    if PERCENT.search(base):
        found.append("percent-encoded name (Jekyll does not decode it: the URL comes out garbled)")
    return found  # upper case is no defect: Jekyll builds `2020-01-03-My-Post.md` fine


ID_LIKE = re.compile(r"[0-9a-f-]+")  # digits and hex only: a number or hash, not words


def fixed_name(name: str, *, when: datetime | date | None, title: str = "", tz: tzinfo | None = None) -> str | None:
    """The file name a post should have, or None when no date is known.

    Keeps the old slug when it only needed lower case and dashes; otherwise the
    pinyin slug of the old name, or of the title when the name has no words
    (an export tool's id such as `000_74aac03e2311e7c9` says nothing to a reader).
    """
    from wx2md.post import HASH_SLUG, make_slug  # late: pypinyin and the post model only when a name needs fixing

    base = PurePath(name)
    ext = base.suffix.lower() if base.suffix.lower() in POST_EXTENSIONS else ".md"
    stem = unquote(base.stem)
    day = name_date(base.name)
    if day is not None:
        stem = DATED.sub("", stem)
    elif when is None:
        return None
    elif isinstance(when, datetime):
        day = (when.astimezone(tz) if tz else when).date()
    else:
        day = when
    slug = make_slug(stem, fallback=title or stem)
    if title and (slug.startswith(HASH_SLUG) or ID_LIKE.fullmatch(slug)):
        slug = make_slug(title, fallback=title)
    return f"{day:%Y-%m-%d}-{slug}{ext}"
