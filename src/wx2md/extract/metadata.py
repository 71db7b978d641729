"""Step 3: metadata, one table per field of sources in order of trust, read by one function.

Each source returns candidate values (strings already plain: JS escapes and
entities decoded where the value came from a script); the field's parser turns
a candidate into the field's value or rejects it, and the first accepted value
wins. Later sources are never read once an earlier one answers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bs4 import Tag
from lxml import etree

from wx2md import jsvars
from wx2md.extract import dates, video
from wx2md.extract.page import Page, one_line, text_of
from wx2md.extract.sources import (
    article_url,
    dig,
    js_text,
    js_values,
    plain,
    post_text,
    web_url,
)
from wx2md.models import Kind, Metadata
from wx2md.tree import tags_in
from wx2md.urls import canonical_article_url, clean_image_url
from wx2md.wechat import ARTICLE_URL, FOLLOW_PROMPT, GENERIC_TITLE, MPVIDEO_URL, ORIGINAL_MARKS, Cgi, Class, Id, Var

TITLE_MAX = 30  # a title made from a text post's first line is cut near here

Source = Callable[[Page, Kind], Iterable[Any]]


def window_data(page: Page, kind: Kind) -> bool:
    """Whether window.* and cgiDataNew are first-hand sources: a picture/text post, or no var block."""
    return kind in (Kind.PICTURE, Kind.TEXT) or page.scripts.data_block is None


# ------------------------------------------------------------------ sources


def var(name: str) -> Source:
    """`var name = …` (picture and text posts keep their data elsewhere)."""
    return lambda page, kind: [] if kind in (Kind.PICTURE, Kind.TEXT) else js_values(page.scripts.var(name))


def late(window_name: str, cgi_key: str | None = None) -> Source:
    """cgiDataNew's key, then `window.name`, on pages that keep their data there."""

    def read(page: Page, kind: Kind) -> Iterable[Any]:
        if not window_data(page, kind):
            return []
        return js_values([page.scripts.cgi(cgi_key or window_name), *page.scripts.window(window_name)])

    return read


def cgi(key: str, *path: str) -> Source:
    return lambda page, kind: js_values([dig(page.scripts.cgi(key), *path)])


def meta(*keys: str) -> Source:
    return lambda page, kind: page.meta(*keys)


def header(ident: str = "", cls: str = "") -> Source:
    return lambda page, kind: [page.header_text(ident, cls, in_body=kind == Kind.TEXT)]


def activity_name(page: Page, kind: Kind) -> Iterable[str]:
    node = page.header(Id.TITLE)
    if node is None:
        return []
    inner = page.all_by_class(Class.TITLE_INNER, node)
    return [text_of(inner[0] if inner else node)]


def copyright_info(page: Page, kind: Kind) -> Iterable[Any]:
    return [dig(page.scripts.cgi(Cgi.COPYRIGHT), "copyright_stat")] if window_data(page, kind) else []


def data_account(page: Page, kind: Kind) -> Iterable[Any]:
    """`d.nick_name = (xml ? … : '36氪')`: the account in the page's app-data block."""
    return js_values(page.scripts.assigned(Var.DATA_ACCOUNT))


def window_name(page: Page, kind: Kind) -> Iterable[Any]:
    return js_values(page.scripts.window("name")) if window_data(page, kind) else []


def visible_time(page: Page, kind: Kind) -> Iterable[datetime | None]:
    """`#publish_time` / `em#post-date` as a reader saw them (pages whose scripts are gone)."""
    saved = dates.save_time(page.comments, page.meta_tags) or page.received
    texts = (page.header_text(Id.PUBLISH_TIME, in_body=True), page.header_text(Id.POST_DATE, in_body=True))
    return [dates.from_visible(text, saved) for text in texts if text]


# The writer and the 原创 badge in the line under the title (#meta_content). 2016-2018 pages
# show `原创 2017-06-15 五百击 某账号`, the writer an <em> of its own; late-2018 pages
# `原创：小视本人 某账号`; rendered copies keep such a line as plain text.
_ORIGINAL_LINE = re.compile(r"^(?:%s)\s*[:：]\s*(.*)$" % "|".join(ORIGINAL_MARKS), re.S)
_HIDDEN = re.compile(r"display\s*:\s*none", re.I)


def meta_line(page: Page) -> etree._Element | None:
    """The line under the title (`#meta_content`; its class on copies that lost the id)."""
    line = page.header(Id.META)
    return line if line is not None else page.header(cls=Class.META_LIST)


def _hidden(node: etree._Element, within: etree._Element | None) -> bool:
    """Whether `node`, or an ancestor up to `within`, is styled away (`display: none`)."""
    for element in (node, *node.iterancestors()):
        if _HIDDEN.search(element.get("style") or ""):
            return True
        if element is within:
            break
    return False


def _is_writer(text: str) -> bool:
    """A name, not the line's date, badge or a call to follow the account (读武汉关注☞)."""
    if not text or FOLLOW_PROMPT in text or _ORIGINAL_LINE.match(text):
        return False
    return not dates.looks_like_time(text)


def byline(page: Page, kind: Kind) -> Iterable[str]:
    """The writer as an item of its own in the line under the title, beside date and account.

    2016-2018 pages: `<em class="rich_media_meta rich_media_meta_text">五百击</em>`; today a
    `<span>` of the same class. Items with an id (the date, #copyright_logo), the account's
    item, items holding named elements (#js_author_name, read by its own source) and hidden
    ones are not the writer.
    """
    line = meta_line(page)
    if line is None:
        return []
    for node in page.all_by_class(Class.META_TEXT, line):
        if node.get("id") or Class.META_NICKNAME in (node.get("class") or "").split():
            continue
        if node.xpath("boolean(.//*[@id])") or _hidden(node, line):
            continue
        text = text_of(node)
        if _is_writer(text):
            return [text]
    return []


def _header_texts(page: Page) -> list[str]:
    """The visible texts of the line under the title, in order (of the article's head before
    the body when the page has no such line): scripts, styles and hidden items left out."""
    region = meta_line(page)
    if region is None:
        region = page.article
    if region is None:
        return []
    body, texts = page.content, []
    for element in region.iter():
        if element is body:
            break
        if not isinstance(element.tag, str) or element.tag in ("script", "style") or _hidden(element, region):
            continue
        texts.append(element.text or "")
        texts.extend(child.tail or "" for child in element)  # the text between its children
    return [one_line(text) for text in texts if one_line(text)]


def original_writer(page: Page, kind: Kind) -> Iterable[str]:
    """The name after `原创：` (`原创：小视本人` as one text, or `原创：` and the name beside it)."""
    texts = _header_texts(page)
    for i, text in enumerate(texts):
        m = _ORIGINAL_LINE.match(text)
        if m:
            name = m.group(1).strip() or next((t for t in texts[i + 1 :] if t), "")
            return [name] if _is_writer(name) else []
    return []


def original_badge(page: Page, kind: Kind) -> Iterable[bool]:
    """`#copyright_logo` (原创) shown, or a `原创：` line under the title: an original article."""
    logo = page.header(Id.COPYRIGHT)
    if logo is not None and not _hidden(logo, page.article) and any(m in text_of(logo) for m in ORIGINAL_MARKS):
        return [True]
    return [True] if any(_ORIGINAL_LINE.match(text) for text in _header_texts(page)) else []


def video_shown(xpath: str) -> Source:
    """On a video page only: the first text outside the player that `xpath` finds."""
    return lambda page, kind: [video.shown(page, xpath)] if kind == Kind.VIDEO else []


def video_time(page: Page, kind: Kind) -> Iterable[datetime | None]:
    """The first time a video page shows beside its player (its date has no id of its own there)."""
    if kind != Kind.VIDEO:
        return []
    saved = dates.save_time(page.comments, page.meta_tags) or page.received
    for text in video.visible_texts(page):
        if dates.looks_like_time(text):
            return [dates.from_visible(text, saved)]
    return []


def video_link(page: Page, kind: Kind) -> Iterable[str]:
    """A video page that names no address is known by its video's player page (`wxv_…`)."""
    vid = video.video_id(page) if kind == Kind.VIDEO else ""
    return [MPVIDEO_URL.format(vid)] if vid else []


def link_parts(page: Page, kind: Kind) -> Iterable[str]:
    """The article URL built from biz, mid, idx (and sn) when the page names no link (2018 pages)."""
    parts = {}
    for name in Var.LINK_PARTS:
        values = [*var(name)(page, kind), *late(name)(page, kind), page.scripts.cgi(name), *page.scripts.window(name)]
        parts[name] = next((js_text(v) for v in values if js_text(v)), "")
    if not (parts["biz"] and parts["mid"] and parts["idx"]):
        return []
    url = ARTICLE_URL.format(**parts) + (f"&sn={parts['sn']}" if parts["sn"] else "")
    return [canonical_article_url(url)]


_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)")


def saved_from(page: Page, kind: Kind) -> Iterable[str]:
    """The URL a browser noted when saving the page (`<!-- saved from url=(0060)https://… -->`)."""
    return [m.group(1) for text in page.comments for m in _SAVED_FROM.finditer(text)] + [
        m.group(1) for m in _SAVED_FROM.finditer(page.raw[:2000])
    ]


def given_url(page: Page, kind: Kind) -> Iterable[str]:
    return [page.url]


# ------------------------------------------------------------------ parsers


def plain_line(value: Any) -> str:
    return one_line(plain(value)) if isinstance(value, str) else ""


def plain_text(value: Any) -> str:
    """Text whose line breaks matter (a digest)."""
    return plain(value).replace("\r\n", "\n").strip() if isinstance(value, str) else ""


def cover_url(value: Any) -> str:
    return clean_image_url(value if isinstance(value, str) else "") or ""


def published(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else dates.from_script(value)


def copyright(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value  # the badge, seen on the page
    number = jsvars.to_number(value)
    return {1: True, 2: False}.get(number) if isinstance(number, int) else None


@dataclass(frozen=True)
class Field:
    sources: tuple[Source, ...]
    parse: Callable[[Any], Any]


def first(field: Field, page: Page, kind: Kind) -> Any:
    """The first value a source gives that the field's parser accepts (None when none does)."""
    for source in field.sources:
        for value in source(page, kind):
            result = field.parse(value)
            if result is not None and result != "":
                return result
    return None


FIELDS: dict[str, Field] = {
    "title": Field(
        (
            var(Var.TITLE),
            late(Var.TITLE, Cgi.TITLE),
            meta("og:title", "twitter:title"),
            activity_name,
            header(Id.TEXT_TITLE),
            header(Id.VIDEO_TITLE),
            video_shown(video.SHOWN_TITLE),
        ),
        plain_line,
    ),
    "digest": Field(
        (var(Var.DIGEST), late(Var.DIGEST, Cgi.DIGEST), late("desc"), meta("og:description", "description")), plain_text
    ),
    "published": Field(
        (
            *(var(name) for name in Var.UNIX_TIME),
            late("ct", Cgi.UNIX_TIME),
            late(Cgi.WALL_CLOCK),
            var(Var.DAY),
            late(Var.DAY),
            visible_time,
            video_time,
        ),
        published,
    ),
    "author": Field(
        (
            meta("author", "og:article:author"),
            var(Var.AUTHOR),
            header(Id.AUTHOR),
            late(Var.AUTHOR),
            original_writer,
            byline,
        ),
        plain_line,
    ),
    "account": Field(
        (
            var(Var.ACCOUNT),
            late(Var.ACCOUNT, Cgi.ACCOUNT),
            header(Id.ACCOUNT),
            header(cls=Class.FOLLOW_NICKNAME),
            header(cls=Class.PROFILE_NICKNAME),
            header(cls=Class.ACCOUNT_NICKNAME),
            cgi(Cgi.ACCOUNT),
            window_name,
            data_account,
            video_shown(video.SHOWN_ACCOUNT),
        ),
        plain_line,
    ),
    "account_id": Field((var(Var.ACCOUNT_ID), late(Var.ACCOUNT_ID), cgi(Cgi.ACCOUNT_ID)), plain_line),
    "cover": Field(
        (
            *(var(name) for name in Var.COVER),
            late(Var.COVER[0], Cgi.COVER),
            meta("og:image", "twitter:image"),
            lambda page, kind: [video.poster(page)] if kind == Kind.VIDEO else [],
        ),
        cover_url,
    ),
    "url": Field(
        (var(Var.LINK), late(Var.LINK, Cgi.LINK), meta("og:url"), link_parts, saved_from, given_url, video_link),
        article_url,
    ),
    "source_url": Field((var(Var.SOURCE_URL), late(Var.SOURCE_URL, Cgi.SOURCE_URL)), web_url),
    "original": Field((*(var(name) for name in Var.COPYRIGHT), copyright_info, original_badge), copyright),
}


def read(page: Page, kind: Kind) -> Metadata:
    """Every field of the page's metadata (tags come later: they need the content)."""
    values = {name: first(field, page, kind) for name, field in FIELDS.items()}
    meta = Metadata(**{name: value for name, value in values.items() if value is not None})
    meta.title = title(page, kind, meta.title)
    if not meta.url:
        meta.key = stable_key(meta, page, kind)
    return meta


# ------------------------------------------------------------------ title rules


_SENTENCE_END = "。！？!?…"
_CLAUSE_END = ("；;", "，,、：:")
_TRAILING = "。，,、；;：: "


def title(page: Page, kind: Kind, declared: str) -> str:
    """The declared title, except on a text post whose 'title' is its text: then its first line."""
    if kind == Kind.TEXT:
        text = post_text(page, picture=False)
        scripts = page.scripts
        fields = [js_text(v) for v in (*scripts.var(Var.TITLE), scripts.cgi(Cgi.TITLE), *scripts.window(Var.TITLE))]
        page_info = scripts.cgi(Cgi.TEXT_PAGE)
        user_title = dig(page_info, "is_user_title") if isinstance(page_info, dict) else None
        is_text = (
            not declared
            or any("\n" in f for f in fields)
            or (bool(text) and _norm(declared) == _norm(text))
            or (bool(text) and len(declared) > 2 * TITLE_MAX and _norm(text).startswith(_norm(declared)))
            or str(user_title) == "0"
        )
        if is_text and text:
            return short_title(text)
    if not declared and page.title_tag != GENERIC_TITLE:
        return page.title_tag
    return declared


def short_title(text: str) -> str:
    """A title for a post that has none: its first line, cut near TITLE_MAX at a sensible boundary.

    A cut at a sentence end needs no mark; a cut at a clause or a word adds "…".
    """
    line = next((one_line(part) for part in text.split("\n") if part.strip()), "")
    if len(line) <= TITLE_MAX:
        return line.rstrip(_TRAILING) or line
    head = line[: TITLE_MAX + 1]
    least = TITLE_MAX // 3
    cut = max(head.rfind(mark) for mark in _SENTENCE_END)
    if cut >= TITLE_MAX // 5:
        return line[: cut + 1].rstrip(_TRAILING)
    for marks in _CLAUSE_END:
        cut = max(head.rfind(mark) for mark in marks)
        if cut >= least:
            return line[:cut].rstrip(_TRAILING) + "…"
    cut = head.rfind(" ")
    if cut >= least:
        return line[:cut].rstrip(_TRAILING) + "…"
    return line[:TITLE_MAX].rstrip(_TRAILING) + "…"


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def stable_key(meta: Metadata, page: Page | None = None, kind: Kind = Kind.ARTICLE) -> str:
    """An identity for a page nothing else identifies, so converting it again finds its post.

    Account, title and publish time, hashed. A page that shows no time (a saved
    copy whose scripts are gone, dated with --default-date) is known by its
    account, title and the start of its text instead: without it such a page had
    no key, and every run wrote it again as a `-2` post. Empty only when the page
    gives neither a time nor any text.
    """
    if meta.title and meta.published is not None:
        basis = "\n".join((meta.account, meta.title, meta.published.isoformat()))
    else:
        text = _norm(page_text(page, kind))[:KEY_TEXT] if page is not None else ""
        if not text:
            return ""
        basis = "\n".join((meta.account, meta.title, text))
    return "wx-" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


KEY_TEXT = 2000  # letters of a page's text that identify it (enough to tell posts apart, past any late edit)


def page_text(page: Page, kind: Kind) -> str:
    """The post's own text as the page holds it: a picture or text post's, else the body's or the card's."""
    if kind in (Kind.PICTURE, Kind.TEXT):
        text = post_text(page, picture=kind == Kind.PICTURE)
        if text:
            return text
    for node in (page.content, page.by_id(Id.SHARE_CARD), page.article):
        text = text_of(node)
        if text:
            return text
    return ""


# ------------------------------------------------------------------ tags


def _is_topic_link(tag: Tag) -> bool:
    return Class.TOPIC_LINK in (tag.get("class") or ())


def tags(page: Page, kind: Kind, content: Tag) -> list[str]:
    """Album and tag names shown with the article, then the body's #hashtags; in order, once each.

    Names that are only digits (issue numbers such as `#325`) are not tags.
    """
    scripts = page.scripts
    names: list[Any] = []
    for albums in scripts.var(Var.ALBUMS)[:1]:
        if isinstance(albums, list):
            names.extend(dig(item, "title") for item in albums)
    found = dig(scripts.cgi(Cgi.TAGS), "tags")
    if isinstance(found, list):
        names.extend(dig(item, "tag_name") for item in found)
    if window_data(page, kind):
        for topics in scripts.assigned(Var.TOPICS)[:1]:
            if isinstance(topics, list):
                names.extend(dig(item, "tag_name") for item in topics)
        for albums in scripts.window(Var.WINDOW_ALBUMS)[:1]:
            if isinstance(albums, list):
                names.extend(dig(item, "title") for item in albums)
    names = [js_text(name) for name in names]
    names.extend(text_of(node) for node in page.all_by_class(Class.TAG_ITEM) if not page.in_body(node))
    hashtags = tags_in(content, ("a",), _is_topic_link)  # a walk of the body: 6x cheaper than a search of the raw page
    for link in hashtags:
        if link.has_attr("data-topic") or link.get_text().strip().startswith(("#", "＃")):
            names.append(one_line(link.get_text(" ")))
    seen: dict[str, None] = {}
    for name in names:
        text = one_line(plain(name)).lstrip("#＃").strip() if isinstance(name, str) else ""
        if text and not text.isdigit() and text not in seen:
            seen[text] = None
    return list(seen)

