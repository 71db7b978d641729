"""Post: an article's metadata and Markdown body as a post (front matter + body).

Front matter keys come in one fixed order and are written by a YAML library, so
titles with colons, quotes or `#` never break the build; `tags` and
`categories` are always lists because Jekyll splits strings on spaces. The
site's engine (`wx2md.engines`, named in the settings) has the last word on
keys, the date's form, the body's template guards and the head's syntax.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Callable
from datetime import datetime
from functools import partial
from itertools import islice
from typing import Any

from bs4 import Tag

from wx2md.errors import NoPublishDate
from wx2md.models import Article, Metadata, Post
from wx2md.settings import Settings

SLUG_MAX = 60
HASH_SLUG = "wechat-"  # a slug for a title with no letters: this prefix and a hash (normalize/names.py knows it)
SUBTITLE_MAX = 120  # about what a theme shows under the title
_SENTENCE_END = re.compile(r"[。！？!?…]+[”’」』）)]*|[.;](?=\s)")


def build_post(
    article: Article, content: Tag | str, images: list[str], settings: Settings, *, now: datetime | None = None
) -> Post:
    """The Post for an extracted article and its body (the cleaned tree, or Markdown text)."""
    meta = article.meta
    date = _post_date(meta, settings, now)
    return Post(
        head=front_matter(meta, date, settings, text=leading_text(article.content, len(meta.digest) + 1)),
        content=content,
        slug=make_slug(meta.title, fallback=meta.url or meta.title or markdown_body(content)[:200]),
        date=date,
        images=images,
        cover=meta.cover,
        cover_key=settings.cover_key,
        source=meta.url or meta.key,
        date_source="page" if meta.published else "default",
    )


def _post_date(meta: Metadata, settings: Settings, now: datetime | None) -> datetime:
    """The publish time in the site's zone: it names the file and drives the URL.

    Never the clock: a post dated the day it was converted is wrong for good and
    looks right. Without a date on the page, `now` (a date the caller chose, such
    as migrate's marker) or else `settings.default_date` is used; with neither,
    the page is refused.
    """
    when = meta.published or now or settings.default_when
    if when is None:
        raise NoPublishDate("the page says nothing of when it was published (give one with --default-date YYYY-MM-DD)")
    return when.astimezone(settings.tz)


def front_matter(meta: Metadata, date: datetime, settings: Settings, *, text: str = "") -> dict[str, Any]:
    """Front matter in the documented key order, as the site's engine wants it; empty optional keys are left out.

    `text` is the start of the post's text (see `subtitle`).
    """
    from wx2md.engines import for_posts

    return for_posts(settings).front_matter(_front_matter(meta, date, settings, text), settings)


def _front_matter(meta: Metadata, date: datetime, settings: Settings, text: str) -> dict[str, Any]:
    front: dict[str, Any] = {"title": meta.title or "Untitled"}  # the engine adds its own keys (Jekyll: layout)
    summary = subtitle(meta.digest, meta.title, text)
    if summary:
        front["subtitle"] = summary
    front["date"] = format_date(date, settings)
    front["author"] = meta.author or meta.account
    if meta.account:
        front["account"] = meta.account
    front["categories"] = list(settings.categories)
    front["tags"] = list(dict.fromkeys(t for t in meta.tags if t))
    if meta.url:
        front["source"] = meta.url
    elif meta.key:
        front["wx2md_key"] = meta.key  # what recognises the post when no URL does
    if meta.original is not None:
        front["original"] = meta.original
    if not front["author"]:
        del front["author"]
    return front


def subtitle(digest: str, title: str = "", text: str = "") -> str:
    """The digest as a subtitle: a summary, never the post's text and never cut mid-sentence.

    WeChat fills an empty digest with the start of the text (a picture post's and
    a share card's with all of it, or its first paragraphs): a digest that the
    text begins with repeats what the reader sees next, so it is left out. A real
    summary longer than a theme shows is cut at the last sentence end within
    SUBTITLE_MAX characters, or left out.
    """
    line = " ".join(digest.split())
    if not line or line == " ".join(title.split()):
        return ""
    key, body = _letters(line), _letters(text)
    if body and body.startswith(key):
        return ""  # the start of the text (or all of it)
    if len(line) <= SUBTITLE_MAX:
        return line
    ends = [m.end() for m in _SENTENCE_END.finditer(line, 0, SUBTITLE_MAX + 1) if m.end() <= SUBTITLE_MAX]
    return line[: ends[-1]].strip() if ends else ""


def leading_text(tree: Tag | None, limit: int) -> str:
    """The first `limit` characters of a content tree's text (enough to compare a digest with)."""
    if tree is None:
        return ""
    return "".join(islice((c for s in tree.strings for c in s), limit + 200))


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def format_date(when: datetime, settings: Settings | None = None) -> str:
    """The `date:` value for the site's engine; without settings, Jekyll's `YYYY-MM-DD HH:MM:SS +0800`."""
    from wx2md.engines import for_posts

    return for_posts(settings).format_date(when, settings)


def make_slug(title: str, *, fallback: str = "") -> str:
    """A short ASCII slug: pinyin for Chinese, words kept, never empty.

    python-slugify alone transliterates Chinese with Japanese-ish readings and
    mangles polyphones (重庆 -> zhong-qing), so pypinyin goes first. The slug is
    cut at SLUG_MAX only between whole syllables and words, and only at the end:
    slugify's own `max_length` skips a word that does not fit and goes on with
    shorter ones (新的账号，和 -> xin-de-zhang-he, 号 lost).
    """
    slug = _cut(_slug_words(title), SLUG_MAX)
    if slug:
        return slug
    digest = hashlib.sha1((fallback or title).encode("utf-8")).hexdigest()[:8]
    return f"{HASH_SLUG}{digest}"


def _slug_words(title: str) -> list[str]:
    """The slug's units in order: pinyin syllables and words (`gpt-4o` gives `gpt`, `4o`)."""
    from slugify import slugify

    units: list[str] = []
    for item in _pinyin()(title):
        for word in item.split():
            if word.isascii() and word.isalnum():
                units.append(word.lower())
            else:
                units.extend(unit for unit in slugify(word, lowercase=True).split("-") if unit)
    return units


def _cut(units: list[str], limit: int) -> str:
    """The units joined with `-`, as many from the start as fit in `limit`.

    A first unit longer than `limit` is kept whole; only a run of letters too long
    for any word (over twice the limit, such as a pasted hash) is cut.
    """
    slug = ""
    for unit in units:
        if not slug:
            slug = unit if len(unit) <= 2 * limit else unit[:limit]
            continue
        if len(slug) + 1 + len(unit) > limit:
            break
        slug = f"{slug}-{unit}"
    return slug


def _pinyin() -> Callable[[str], list[str]]:
    """pypinyin's toneless reading of a text, word by word (its tables load on first use).

    pypinyin copies its two tables on import unless PYPINYIN_NO_DICT_COPY is
    set; the copies only guard the tables against `load_phrases_dict`, which
    wx2md never calls, and cost a sixth of the import.
    """
    if "pypinyin" not in sys.modules and "PYPINYIN_NO_DICT_COPY" not in os.environ:
        os.environ["PYPINYIN_NO_DICT_COPY"] = "1"
        try:
            import pypinyin  # noqa: F401
        finally:
            del os.environ["PYPINYIN_NO_DICT_COPY"]
    from pypinyin import Style, lazy_pinyin

    return partial(lazy_pinyin, style=Style.NORMAL, errors="default")


def markdown_body(content: Tag | str, settings: Settings | None = None) -> str:
    """The Markdown body: written from the cleaned tree here, once, or given as text.

    The tree's text is guarded for the site's engine as it is written; text
    given as Markdown (an old post, maybe another engine's) is made right for
    it (`adopt_markdown`: Hexo's tags as Markdown, Liquid shields gone on Hugo).
    """
    from wx2md.engines import for_posts

    engine = for_posts(settings)
    if isinstance(content, str):
        return content if settings is None else engine.adopt_markdown(content, settings)
    from wx2md.markdown import to_markdown
    from wx2md.soup import tree_work

    with tree_work():
        return to_markdown(content, engine.guard)


def render(post: Post, settings: Settings | None = None) -> str:
    """The post file's text: front matter at byte 0, a blank line, the body.

    `settings` name the site's engine (Jekyll without them); it writes the head
    in its own syntax and has the last word on its keys.
    """
    from wx2md.engines import for_posts

    engine = for_posts(settings)
    head = engine.dump_head(engine.finish_head(post.front_matter, post, settings), settings)
    body = markdown_body(post.content, settings).strip("\n")
    return f"{head}\n{body}\n" if body else head
