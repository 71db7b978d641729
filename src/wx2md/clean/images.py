"""Pictures: real URLs, stickers as words, CSS backgrounds as images, alt text that says something."""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup, NavigableString, Tag

from wx2md.clean.nodes import same_text
from wx2md.stickers import is_sticker_url, sticker_text
from wx2md.tags import BLOCK_TAGS, IMAGE_BLOCKS
from wx2md.text import collapse_whitespace, strip_invisible
from wx2md.tree import gone, tags_in
from wx2md.urls import clean_image_url
from wx2md.wechat import IMAGE_SOURCES, SVG_IMAGE_PATH

FILENAME_LIKE = re.compile(r"^[\w\-. ()（）]*\.(?:png|jpe?g|gif|webp|bmp|svg|tiff?|heic|awebp)(?:\?.*)?$|^[\d\s._-]+$", re.I)
BACKGROUND_URL = re.compile(r"background(?:-image)?\s*:[^;]*?url\(\s*(['\"]?)(.*?)\1\s*\)", re.I)


def rewrite_images(root: Tag, soup: BeautifulSoup, *, captions: bool = True) -> list[Tag]:
    """Give every image its real URL; drop placeholders; surface CSS background images.

    `captions=False` when the body holds no `<figure>`: no walk to look for one.
    Returns the body's pictures (later passes move them, never copy them: no second walk to find them).
    """
    pictures: list[Tag] = []
    for tag in tags_in(root):
        if gone(tag):
            continue
        if tag.name == "img":
            _fix_img(tag)
            if not gone(tag) and tag.parent is not None:
                pictures.append(tag)
        elif tag.name != "pre" and "url(" in (tag.attrs.get("style") or ""):  # code blocks hold only text by now
            _background_to_img(tag, soup)
    if captions:
        for figure in tags_in(root, ("figure",)):
            caption_figure(figure, soup)
    return pictures


def _fix_img(img: Tag) -> None:
    src = None
    for attr in IMAGE_SOURCES:
        src = clean_image_url(img.get(attr))
        if src:
            break
    if not src:
        img.decompose()
        return
    if is_sticker_url(src):  # a sticker is a word in the sentence, not a picture
        img.replace_with(NavigableString(sticker_text(src) or ""))
        return
    img["src"] = src
    img["alt"] = _alt_text(img.get("alt") or img.get("title") or "")


# Placeholders that editors and scripts write where a description should be.
EMPTY_ALTS = frozenset({"图片", "图像", "image", "img", "picture", "photo", "pic", "null", "undefined", "none",
                        "nil", "nan", "false", "[object object]", "alt", "title", "#name#"})
HASH_LIKE = re.compile(r"^[0-9a-f]{16,}$|^https?://|^data:|^\W*$", re.I)


def _alt_text(alt: str) -> str:
    """Alt text that says something, or nothing.

    Editors fill alt/title with upload file names (`IMG_2001.JPG`,
    `1473153749101511.png`), numbers, hashes, URLs or a script's `null`/`undefined`:
    none of that describes the picture, and a reader would rather have nothing.
    """
    alt = collapse_whitespace(alt).strip()
    if alt.lower() in EMPTY_ALTS or FILENAME_LIKE.match(alt) or HASH_LIKE.match(alt):
        return ""
    return alt


def _background_to_img(tag: Tag, soup: BeautifulSoup) -> None:
    """A textless box painted with a raster image is how some editors place pictures."""
    style = tag.get("style") or ""
    if "url(" not in style:
        return
    match = BACKGROUND_URL.search(html.unescape(style))
    if not match:
        return
    url = clean_image_url(match.group(2))
    if not url or SVG_IMAGE_PATH in url or url.split("?")[0].endswith(".svg"):
        return
    if strip_invisible(tag.get_text()).strip() or tag.find("img"):
        return
    img = soup.new_tag("img", attrs={"src": url, "alt": ""})
    tag.insert(0, img)


def caption_figure(figure: Tag, soup: BeautifulSoup) -> None:
    """A caption stays the caption, an italic line under the picture; it is not repeated as alt text.

    Tools that write figures (doocs/md: `alt="${text}"` and `<figcaption>${text}`)
    put the same words in both; a screen reader would read them twice.
    """
    caption = figure.find("figcaption")
    if caption is None:
        return
    text = collapse_whitespace(caption.get_text()).strip()
    if text:
        for img in tags_in(figure, ("img",)):
            if same_text(img.get("alt") or "", text):
                img["alt"] = ""
        para = soup.new_tag("p")
        em = soup.new_tag("em")
        em.string = text
        para.append(em)
        caption.replace_with(para)
    else:
        caption.decompose()


def drop_caption_alts(root: Tag) -> None:
    """Alt text that repeats the caption line under the picture says it twice: keep the caption.

    WeChat's editor writes captions as the small paragraph after the image
    (no <figure>); some tools also put the same words in `alt`.
    """
    for img in tags_in(root, ("img",)):
        alt = img.attrs.get("alt")
        if not alt:
            continue
        block = img.parent  # img.find_parent(IMAGE_BLOCKS), without bs4's filter
        while block is not None and block.name not in IMAGE_BLOCKS:
            block = block.parent
        nxt = block.find_next_sibling() if block is not None and block.name == "p" else None
        if alt and nxt is not None and same_text(nxt.get_text(), alt):
            img["alt"] = ""


# From this width (CSS pixels) a picture is a picture of its own; narrower, an icon in the line (a bullet, a badge).
ICON_WIDTH = 100
_CSS_WIDTH = re.compile(r"(?:^|;)\s*width\s*:\s*(\d+(?:\.\d+)?)(px|%)", re.I)
LINE_BLOCKS = frozenset({"p", "li", "blockquote", "section", "div"})  # where a picture beside text is put on its own line


def separate_pictures(pictures: list[Tag], soup: BeautifulSoup) -> None:
    """A picture and the text beside it in one paragraph are two lines, as the reader saw them.

    WeChat's pictures fill the column, so the text next to one (`<p><img>▌本次赛题基本描述</p>`)
    shows on the next line; in Markdown they would run on (`![](…png)**▌本次赛题基本描述**`).
    An icon-sized picture, or one whose size nothing tells, stays in its line.
    """
    for img in pictures:
        if gone(img) or img.parent is None or not _wide(img):
            continue
        top = img
        while top.parent is not None and top.parent.name not in BLOCK_TAGS and _only_picture(top.parent):
            top = top.parent
        if _line_block(top) is None:
            continue
        before = _break_point(top, before=True)
        if before is not None:
            before.insert_before(soup.new_tag("br"))
        after = _break_point(top, before=False)
        if after is not None:
            after.insert_after(soup.new_tag("br"))


def _line_block(node: Tag) -> Tag | None:
    """The paragraph-like block `node` sits in, or None (a table cell or a heading has lines of its own rules)."""
    block = node.parent
    while block is not None and block.name not in BLOCK_TAGS:
        block = block.parent
    return block if block is not None and block.name in LINE_BLOCKS else None


def _wide(img: Tag) -> bool:
    """Whether the picture is drawn at least ICON_WIDTH wide: its style, its width, or WeChat's data-w says so."""
    match = _CSS_WIDTH.search(str(img.get("style") or ""))
    if match:
        return float(match.group(1)) >= (50 if match.group(2) == "%" else ICON_WIDTH)
    for value in (img.get("width"), img.get("data-w")):
        try:
            return float(str(value)) >= ICON_WIDTH
        except (TypeError, ValueError):
            continue
    return False


def _only_picture(tag: Tag) -> bool:
    """An inline wrapper (a link, a span) that shows nothing but its picture."""
    return not tag.get_text().strip()


def _break_point(top: Tag, *, before: bool) -> Tag | None:
    """Where a line break goes between `top` and the text before (after) it in its block, or None.

    The text may sit beside an inline mark that holds the picture (`说明<strong><img>标题</strong>`):
    the break goes beside that mark, so no `**` is left facing a line break.
    """
    node = top
    while node.parent is not None:
        sibling = node.previous_sibling if before else node.next_sibling
        while sibling is not None:
            if isinstance(sibling, NavigableString):
                if str(sibling).strip():
                    return node
            elif sibling.name == "br" or sibling.name in BLOCK_TAGS or sibling.name == "img":
                return None
            elif sibling.get_text().strip():
                return node
            sibling = sibling.previous_sibling if before else sibling.next_sibling
        if node.parent.name in BLOCK_TAGS:
            return None
        node = node.parent
    return None
