"""Step 2: what kind of post a page holds (`models.Kind`), which decides where its content and metadata are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wx2md import jsvars
from wx2md.extract import video
from wx2md.extract.page import Page
from wx2md.extract.sources import js_text, picture_urls
from wx2md.models import Kind
from wx2md.wechat import Cgi, Class, Id, ShowType, Var


def picture_layout(page: Page) -> bool:
    """Whether `#js_article` uses the picture/text post layout (`share_content_page`)."""
    article = page.by_id(Id.ARTICLE)
    return article is not None and Class.PICTURE_PAGE in (article.get("class") or "").split()


def show_type(page: Page) -> int | None:
    """The layout the page's data declares: 0 article, 5 video, 8 picture post, 10 text post …"""
    scripts = page.scripts
    declared: list[Callable[[], list[Any]]] = [
        lambda: scripts.var(Var.SHOW_TYPE),
        lambda: scripts.assigned(f"var {Var.SHOW_TYPE}"),  # some pages declare it in a script of its own
        lambda: scripts.window(Var.SHOW_TYPE),
    ]
    if picture_layout(page):
        declared.reverse()  # picture and text posts keep their data in window.*
    for source in (*declared, lambda: [scripts.cgi(Cgi.SHOW_TYPE)]):
        for value in source():
            number = jsvars.to_number(value)
            if isinstance(number, int) and not isinstance(number, bool):
                return number
    return None


def declared_kind(page: Page) -> Kind | None:
    """The kind the page's own data declares, before looking at the body."""
    return {ShowType.PICTURE: Kind.PICTURE, ShowType.TEXT: Kind.TEXT}.get(show_type(page))


def detect(page: Page) -> Kind | None:
    """The page's kind, or None when it holds no post at all (never raises)."""
    declared = declared_kind(page)
    if declared:
        return declared
    if page.content is not None:
        if not page.content_has_body and page.by_id(Id.SHARE_CARD) is not None:
            return Kind.SHARE
        if page.content_has_body:
            if picture_layout(page) and page.content.xpath(f".//*[@id='{Id.TEXT_DESC}']"):
                return Kind.TEXT  # a text post whose item_show_type is missing
            return Kind.ARTICLE
    # No usable #js_content: the page data may still hold the post.
    if picture_urls(page):
        return Kind.PICTURE
    if js_text(page.scripts.cgi(Cgi.CONTENT)):
        return Kind.ARTICLE
    if video.is_video_page(page):
        return Kind.VIDEO
    if page.content is not None and page.scripts.data_block is not None:
        return Kind.ARTICLE  # a real article page whose body is empty
    return None
