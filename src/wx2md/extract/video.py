"""WeChat's video page: `/mp/videoplayer` (and a video post, item_show_type 5) as a post.

The page holds no `#js_content`: a `js_mpvedio` player, then the video's title,
account, date and description. The player's own text (已关注, Replay, 观看更多,
视频加载失败…) is no content, so the post is built from what the page says about
the video: a 🎬 line with its link, then the description as paragraphs.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, unquote, urlsplit

from bs4 import Tag
from lxml import etree

from wx2md.extract.page import Page, by_class, one_line
from wx2md.extract.sources import js_text
from wx2md.urls import VIDEO_PAGE
from wx2md.wechat import MPVIDEO_URL, Class, Id, ShowType, Var

_VID = re.compile(r"(wxv_\d+)(?!\d)")
_SKIPPED = ("script", "style", "noscript", "video", "svg", "button")


def is_video_page(page: Page) -> bool:
    """A video page: its player, title or declared layout, and no article body to hold it.

    Checked only once the page is known to hold no other kind of post.
    """
    if page.content_has_body:
        return False
    return (
        player(page) is not None
        or page.by_id(Id.VIDEO_TITLE) is not None
        or _declared_video(page)
        or urlsplit(page.url).path.rstrip("/") == VIDEO_PAGE
    )


def _declared_video(page: Page) -> bool:
    from wx2md.extract.kind import show_type  # kind imports this module

    return show_type(page) == ShowType.VIDEO


def player(page: Page) -> etree._Element | None:
    """The `js_mpvedio` player (its wrapper when the page has one)."""
    if page.root is None:
        return None
    found = page.all_by_class(Class.VIDEO_PLAYER)
    if not found:
        found = page.root.xpath("//*[starts-with(@id, $prefix)]", prefix=Id.VIDEO_PLAYER_PREFIX)
    if not found:
        return None
    node = found[0]
    for ancestor in node.iterancestors():  # the wrapper WeChat puts around it (js_mpvedio_wrapper_wxv_…)
        if (ancestor.get("id") or "").startswith(Id.VIDEO_PLAYER_PREFIX):
            node = ancestor
    return node


def video_id(page: Page) -> str:
    """The video's `wxv_…` id: from the player's id or attributes, the page's data, or its URL."""
    node = player(page)
    candidates: list[str] = []
    if node is not None:
        for element in (node, *node.iter()):
            if isinstance(element.tag, str):
                candidates += [element.get("id") or "", element.get("data-vid") or "", element.get("vid") or ""]
    scripts = page.scripts
    candidates += [js_text(v) for v in (*scripts.var("vid"), scripts.cgi("vid"), *scripts.window("vid"))]
    candidates += [js_text(v) for v in scripts.assigned(Var.CGI_DATA_VID)]
    candidates += parse_qs(urlsplit(page.url).query).get("vid", [])
    for candidate in candidates:
        m = _VID.search(candidate)
        if m:
            return m.group(1)
    return ""


def poster(page: Page) -> str:
    """The picture the player shows before it plays (`<video poster>`, or the player's `data-cover`)."""
    node = player(page)
    if node is None:
        return ""
    for element in node.iter():
        if isinstance(element.tag, str):
            value = (element.get("poster") or element.get("data-cover") or "").strip()
            if value:  # data-cover is percent-encoded (`http%3A%2F%2Fmmbiz…`)
                return unquote(value) if value.lower().startswith(("http%3a", "https%3a")) else value
    return ""


def visible_texts(page: Page) -> list[str]:
    """The texts a reader sees beside the player, in order: the player, scripts and styles left out."""
    if page.root is None:
        return []
    skip = player(page)
    body = page.root.find("body")
    texts: list[str] = []
    _walk(body if body is not None else page.root, skip, texts)
    return texts


def _walk(node: etree._Element, skip: etree._Element | None, texts: list[str]) -> None:
    if node is skip or not isinstance(node.tag, str) or node.tag in _SKIPPED:
        return
    if "display:none" in (node.get("style") or "").replace(" ", "").lower():
        return
    _add(node.text, texts)
    for child in node:
        _walk(child, skip, texts)
        _add(child.tail, texts)


def _add(text: str | None, texts: list[str]) -> None:
    line = one_line(text or "")
    if line:
        texts.append(line)


def shown(page: Page, xpath: str) -> str:
    """The text of the first element `xpath` finds outside the player (a title, an account's name)."""
    if page.root is None:
        return ""
    skip = player(page)
    for node in page.root.xpath(xpath):
        if skip is not None and (node is skip or any(a is skip for a in node.iterancestors())):
            continue
        text = one_line(" ".join(node.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")))
        if text:
            return text
    return ""


# What a video page shows, whatever its template calls it: a heading or a `…title…` block,
# and a `…nickname…` block for the account.
SHOWN_TITLE = "//body//*[self::h1 or self::h2 or contains(@class, 'title')]"
SHOWN_ACCOUNT = "//body//*[contains(@class, 'nickname')]"


def description(page: Page, digest: str) -> str:
    """The video's description: the page's digest, else the text it shows in a `…desc…` block."""
    if digest.strip():
        return digest
    if page.root is None:
        return ""
    skip = player(page)
    for node in page.root.xpath("//body//*[contains(@id, 'desc') or contains(@class, 'desc')]"):
        if skip is not None and (node is skip or any(a is skip for a in node.iterancestors())):
            continue
        if by_class(node, Class.ERROR_DESC) or Class.ERROR_DESC in (node.get("class") or ""):
            continue
        text = "\n".join(one_line(t) for t in node.xpath(".//text()[not(ancestor::script)]") if one_line(t))
        if text:
            return text
    return ""


def body(page: Page) -> Tag:
    """The post's body: `🎬 [title](link)`, then the description as paragraphs.

    The link is the video's player page (`wxv_…` id), else the page's own address.
    """
    from wx2md.extract import metadata  # both import this module
    from wx2md.extract.content import paragraphs
    from wx2md.models import Kind
    from wx2md.tree import parse_fragment

    fields = metadata.FIELDS
    title = metadata.first(fields["title"], page, Kind.VIDEO) or ""
    digest = metadata.first(fields["digest"], page, Kind.VIDEO) or ""
    vid = video_id(page)
    href = MPVIDEO_URL.format(vid) if vid else metadata.first(fields["url"], page, Kind.VIDEO) or ""
    label = html.escape(title or "视频", quote=False)
    line = f'<p>🎬 <a href="{html.escape(href)}">{label}</a></p>' if href else f"<p>🎬 {label}</p>"
    return parse_fragment(line + paragraphs(description(page, digest)))
