"""Step 4: the post's content as one `<div>`, built per kind.

Picture posts, text posts and share cards keep their content in script data;
their builders rebuild it as plain HTML (`<p>`, `<br/>`, `<img>`, `<a>`) so every
later stage sees one shape for every kind.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from bs4 import Tag
from lxml import etree
from lxml import html as lxml_html

from wx2md.clean import plain_inline
from wx2md.code import stand_in
from wx2md.extract import video
from wx2md.extract.page import Page, by_class, text_of
from wx2md.extract.sources import article_url, js_text, picture_urls, post_text, web_url
from wx2md.footnotes import may_hold_marks
from wx2md.models import Kind
from wx2md.soup import from_lxml
from wx2md.tree import parse_fragment
from wx2md.wechat import Cgi, Class, Id, Var

_BLANK_LINE = re.compile(r"\n[ \t\u3000\xa0]*\n\s*")
_BR = re.compile(r"<br\s*/?>", re.I)
_HTML_TAG_START = re.compile(r"<[A-Za-z!/]")
_CUT_CHARACTER = "\ufffd"  # what a surrogate pair cut in half decodes to (jsvars): shown as nothing


def build(page: Page, kind: Kind) -> Tag:
    return BUILDERS[kind](page)


def article(page: Page) -> Tag:
    """`div#js_content` itself; when it is empty, the HTML that cgiDataNew.content_noencode holds."""
    node = page.content
    if node is not None and page.content_has_body:
        if may_hold_marks(node):  # the footnote stage reads the markup around each mark: all of it, then
            return from_lxml(node)
        # plain code blocks built as their text, spans the cleaner would unwrap as their content
        return from_lxml(node, stand_in, plain_inline)
    data = js_text(page.scripts.cgi(Cgi.CONTENT)).replace(_CUT_CHARACTER, "")
    if _HTML_TAG_START.search(data):
        return parse_fragment(data)
    return parse_fragment(paragraphs(data))


def picture(page: Page) -> Tag:
    """The post's text, then every picture in order."""
    images = "".join(f'<p><img src="{html.escape(url)}" alt=""/></p>' for url in picture_urls(page))
    return parse_fragment(paragraphs(post_text(page, picture=True)) + images)


def text(page: Page) -> Tag:
    return parse_fragment(paragraphs(post_text(page, picture=False)))


def share(page: Page) -> Tag:
    """The sharer's comment as paragraphs, then a link to the shared article."""
    comment = ""
    for value in page.scripts.assigned(Var.SHARE_NOTICE_HTML):
        if isinstance(value, str) and value.strip():
            comment = markup_paragraphs(value)
            break
    notice = page.by_id(Id.SHARE_NOTICE)
    if not comment and notice is not None:
        comment = markup_paragraphs(_inner_html(notice))
    title, link = _share_target(page)
    original = ""
    if link:
        label = html.escape(title or link, quote=False)
        original = f'<p>🔗 <a href="{html.escape(link)}">{label}</a></p>'
    elif title:
        original = f"<p>🔗 {html.escape(title, quote=False)}</p>"
    body = _inner_html(page.content) if page.content_has_body else ""
    return parse_fragment(comment + body + original)


BUILDERS: dict[Kind, Callable[[Page], Tag]] = {
    Kind.ARTICLE: article,
    Kind.PICTURE: picture,
    Kind.TEXT: text,
    Kind.SHARE: share,
    Kind.VIDEO: video.body,
}


# ------------------------------------------------------------------ helpers


def _inner_html(node: etree._Element) -> str:
    parts = [html.escape(node.text or "", quote=False)]
    for child in node:
        if isinstance(child.tag, str) and child.tag in ("script", "style"):
            parts.append(html.escape(child.tail or "", quote=False))
            continue
        parts.append(etree.tostring(child, encoding="unicode", method="html"))
    return "".join(parts)


def _share_target(page: Page) -> tuple[str, str]:
    """The shared article's title and canonical link, read from the card."""
    card = page.by_id(Id.SHARE_CARD)
    if card is None:
        return "", ""
    title = ""
    found = card.xpath(" | ".join(f".//*[@id='{ident}']" for ident in Id.SHARE_TITLE))
    if found:
        title = text_of(found[0])
    else:
        panel = by_class(card, Class.SHARE_PANEL_TITLE)
        if panel:
            tips = {id(t) for t in by_class(panel[0], Class.SHARE_PANEL_TIPS)}
            title = " ".join(
                text_of(child) if isinstance(child.tag, str) else ""
                for child in panel[0]
                if id(child) not in tips
            ).strip() or text_of(panel[0])
    sources = card.xpath(f".//*[@id='{Id.SHARE_SOURCE}'][@data-url]") or card.xpath(".//*[@data-url]")
    link = article_url(sources[0].get("data-url") or "") if sources else ""
    return title, link


# The links WeChat writes into a picture or text post's text; any other `<b>` is the author's text.
# WeChat's always carry attributes (a bare `<a>` is the author's text). A digest cuts the text at a
# length: the last link may lack its end tag, or be cut inside its start tag.
_LINK = re.compile(r"<a\s[^>]*>(.*?)(?:</a\s*>|$)", re.S | re.I)
_CUT_START_TAG = re.compile(r"<a\s[^>]*$", re.I)
_TAG = re.compile(r"<[^>]*>")
# Links that stand for no page a blog can link to: a pointer to one of the post's pictures (图2),
# a mini-program (opens only inside WeChat). Their text is what the reader keeps.
_TEXT_ONLY_LINKS = frozenset({Class.IMAGE_REFER_LINK, Class.MINIPROGRAM_TEXT_LINK})


def _line_html(line: str) -> str:
    """One line of a post's text as HTML: the author's text escaped, WeChat's links kept as what they mean.

    Picture and text posts hold plain text, except for the links WeChat writes
    into it: `#hashtags` (`a.wx_topic_link`), links to other articles (`a[href]`),
    pointers to the post's pictures (`a.wx_img_refer_link` 图2) and mini-program
    links (`a.weapp_text_link`); the last two are their text. A character that a
    digest's cut split in half is not shown.
    """
    line = _CUT_START_TAG.sub("", line).replace(_CUT_CHARACTER, "")
    parts = []
    pos = 0
    for m in _LINK.finditer(line):
        parts.append(html.escape(line[pos : m.start()], quote=False))
        parts.append(_link_html(m.group(0)[: m.start(1) - m.start()], m.group(1)))
        pos = m.end()
    parts.append(html.escape(line[pos:], quote=False))
    return "".join(parts)


def _link_html(start_tag: str, inner: str) -> str:
    """One of WeChat's links in a post's text, as the HTML the cleaner reads (or as its text)."""
    attrs = _start_tag_attributes(start_tag)
    text = html.escape(_TAG.sub("", inner), quote=False)
    classes = set((attrs.get("class") or "").split())
    if Class.TOPIC_LINK in classes:
        return f'<a class="{Class.TOPIC_LINK}" data-topic="1">{text}</a>'
    if not _TEXT_ONLY_LINKS.isdisjoint(classes) or any(name.startswith("data-miniprogram") for name in attrs):
        return text
    href = web_url(attrs.get("href"))
    return f'<a href="{html.escape(href)}">{text}</a>' if href and text.strip() else text


def _start_tag_attributes(start_tag: str) -> dict[str, str]:
    """The attributes of one start tag, read by the HTML parser (quotes, entities, bare `&`)."""
    try:
        element = lxml_html.fragment_fromstring(start_tag + "</a>")
    except (etree.ParserError, ValueError):
        return {}
    return {str(k): str(v) for k, v in element.attrib.items()}


def paragraphs(value: str) -> str:
    """Plain text as HTML paragraphs: blank lines split paragraphs, single newlines (or `<br>`) become `<br/>`."""
    value = _BR.sub("\n", value.replace("\r\n", "\n").replace("\r", "\n")).strip("\n")
    parts = []
    for block in _BLANK_LINE.split(value):
        lines = [line.rstrip() for line in block.split("\n")]
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        if lines:
            parts.append("<p>" + "<br/>".join(_line_html(line) for line in lines) + "</p>")
    return "".join(parts)


def markup_paragraphs(markup: str) -> str:
    """An HTML snippet whose line breaks are `\\n` or `<br>` (a share comment) as paragraphs."""
    markup = _BR.sub("\n", markup.replace("\r\n", "\n").replace("\r", "\n")).strip("\n")
    parts = []
    for block in _BLANK_LINE.split(markup):
        lines = [line.strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            parts.append("<p>" + "<br/>".join(lines) + "</p>")
    return "".join(parts)
