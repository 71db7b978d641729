"""Readers of single facts that several steps share: script values made plain, URLs, the post's text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from wx2md import jsvars
from wx2md.extract.page import Page
from wx2md.urls import canonical_article_url, clean_image_url
from wx2md.wechat import Cgi, Var

_WEB_URL = re.compile(r"https?://[^\s/]+")
_LEFTOVER_ESCAPE = re.compile(r"\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}")
_HTML_ELEMENT = re.compile(r"</?(?:a|p|br|span|strong|b|em|i|section|div|img|font|sup|sub|code)\b[^>]*>", re.I)


def plain(text: str) -> str:
    """Text for the front matter: no JS escapes, entities or HTML left (some pages escape twice).

    `<tag>` that is no HTML element stays: it is the author's text.
    """
    if _LEFTOVER_ESCAPE.search(text):
        text = jsvars.unescape_html(_LEFTOVER_ESCAPE.sub(lambda m: chr(int(m.group()[2:], 16)), text))
    if _HTML_ELEMENT.search(text):
        text = jsvars.unescape_html(_HTML_ELEMENT.sub("", text))
    return text


def js_text(value: Any) -> str:
    """A script value as plain text: JS escapes are gone already; now entities. Non-strings are ''."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return ""
    text = value if isinstance(value, str) else str(value)
    return jsvars.unescape_html(text).replace("\xa0", " ").strip()


def js_values(values: Iterable[Any]) -> list[Any]:
    """Script values with their strings made plain (numbers and lists kept for the field's parser)."""
    return [js_text(v) if isinstance(v, str) else v for v in values]


def dig(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def web_url(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if text.startswith("//"):
        text = "https:" + text
    return text if _WEB_URL.match(text) else ""


def article_url(value: Any) -> str:
    text = web_url(value)
    return canonical_article_url(text) if text else ""


def picture_urls(page: Page) -> list[str]:
    """A picture post's images: top-level `cdn_url`s of picture_page_info_list (nested ones are watermarks)."""
    for items in (page.scripts.cgi(Var.PICTURES), *page.scripts.window(Var.PICTURES)):
        if not isinstance(items, list):
            continue
        urls: list[str] = []
        for item in items:
            url = clean_image_url(js_text(dig(item, "cdn_url")))
            if url and url not in urls:
                urls.append(url)
        if urls:
            return urls
    return []


def post_text(page: Page, *, picture: bool) -> str:
    """The text of a picture or text post (JS escapes and entities decoded; may hold hashtag links)."""
    scripts = page.scripts
    sources: list[Callable[[], Iterable[Any]]] = [
        lambda: [scripts.cgi(Cgi.CONTENT)],
        lambda: scripts.assigned(f"var {Var.TEXT_CONTENT}"),
    ]
    if picture:
        sources += [lambda: [scripts.cgi(Cgi.DIGEST)], lambda: scripts.window("desc"), lambda: scripts.var(Var.DIGEST)]
    else:  # a text post without a title keeps its whole text in the title field
        sources += [lambda: [scripts.cgi(Cgi.TITLE)], lambda: scripts.window(Var.TITLE)]
    for source in sources:
        for value in source():
            text = js_text(value)
            if text:
                return text.replace("\r\n", "\n")
    return ""
