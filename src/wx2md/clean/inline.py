"""Inline markup: links, emphasis from tags or CSS, and marks Markdown cannot express reshaped."""

from __future__ import annotations

import re
from functools import lru_cache

from bs4 import BeautifulSoup, NavigableString, Tag
from lxml import etree

from wx2md.clean.nodes import classes, holds_block, is_blank, is_block, is_double_break, has_content, meaningful
from wx2md.tags import BLOCK_TAGS, EMPHASIS, INLINE_KEEP, INLINE_LEAVES, MARKS, NO_PUSH, RENAME
from wx2md.tree import first_tag, gone, is_br, tags_in
from wx2md.urls import canonical_article_url, clean_link
from wx2md.wechat import Class


def rewrite_links(root: Tag, base_url: str = "") -> None:
    """Links keep a clean target or become their text; a link inside a link is its text.

    Markdown has no nested links (`[[a](x)](y)` shows as raw text in Jekyll):
    the outer link is the one a reader would follow.
    """
    for a in tags_in(root, ("a",)):
        if _inside_link(a):
            a.unwrap()
            continue
        if Class.TOPIC_LINK in classes(a) or (a.get("data-topic") and not a.get("href")):
            a.unwrap()  # hashtags are text; their names go to front matter tags
            continue
        href = clean_link(a.get("href") or a.get("data-url") or a.get("data-linkurl"), base=base_url)
        href = canonical_article_url(href) if href else None
        if href is None:
            a.unwrap()
        else:
            a.attrs = {"href": href, **({"title": a["title"]} if a.get("title") else {})}


def _inside_link(a: Tag) -> bool:
    node = a.parent
    while node is not None:
        if node.name == "a":
            return True
        node = node.parent
    return False


def simplify_inline(root: Tag, soup: BeautifulSoup) -> None:
    """Rename presentational tags to semantic ones and unwrap everything meaningless.

    A span or font styled `display: block` shows on a line of its own: it is a
    block (`•为什么要放弃…？` and `•如果有人想要…？` are two lines, not one run).
    Innermost first: bs4's unwrap walks the unwrapped tag's descendants, so
    outer-first unwrapping of a thousand nested spans is quadratic.
    """
    for tag in reversed(tags_in(root)):
        if gone(tag) or tag.name == "pre":
            continue
        name = RENAME.get(tag.name, tag.name)
        if name != tag.name:
            tag.name = name
        if name in _BLOCKABLE and _shows_as_block(tag):
            _as_block(tag, _emphasis_of(tag, name), soup)
            continue
        if name in BLOCK_TAGS or name in INLINE_KEEP:
            if name == "strong" and css_emphasis(tag) == "":
                tag.unwrap()
            continue
        css = css_emphasis(tag) if name in ("span", "font") else None  # read only where it decides
        if css:
            tag.name = css
        else:  # presentational or unknown (editor widgets, mp-* leftovers): keep the text only
            tag.unwrap()


_DISPLAY_BLOCK = re.compile(r"(?:^|;)\s*display\s*:\s*block\b", re.I)
CELLS = frozenset({"td", "th"})


@lru_cache(maxsize=1024)
def _style_block(style: str) -> bool:
    return _DISPLAY_BLOCK.search(style) is not None


_BLOCKABLE = frozenset({"span", "font", "strong", "em"})  # what editors set on lines of their own with display: block


def _emphasis_of(tag: Tag, name: str) -> str | None:
    """The emphasis a tag shows: its own (bold unless its CSS says plain) or its CSS's."""
    css = css_emphasis(tag)
    if name in ("strong", "em"):
        return None if css == "" else name
    return css


def _shows_as_block(tag: Tag) -> bool:
    """`display: block` on a span that holds something, outside a table cell (a cell holds one line)."""
    style = tag.attrs.get("style") or ""
    if "block" not in style or not _style_block(style) or not tag.contents:
        return False
    node = tag.parent
    while node is not None:
        if node.name in CELLS:
            return False
        node = node.parent
    return True


def _as_block(tag: Tag, css: str | None, soup: BeautifulSoup) -> None:
    """The span becomes a layout block (a paragraph, once blocks are flattened), keeping its emphasis inside."""
    if css:
        mark = soup.new_tag(css)
        for child in list(tag.contents):
            mark.append(child.extract())
        tag.append(mark)
    tag.name = "section"
    tag.attrs = {}


# What the passes before `simplify_inline` read on a span: noise and code-block ids and
# classes, widget formulas, code languages (and CSS backgrounds, in `style`).
_READ_BEFORE_UNWRAP = frozenset({"id", "class", "data-formula", "data-lang"})


def plain_inline(element: etree._Element) -> bool:
    """Whether a `<span>` or `<font>` of an article body can be built as its content alone.

    `simplify_inline` unwraps every span and font whose style makes no
    emphasis (nor a block), and no pass before it reads such a span when it carries no id,
    class, formula, language or background image: building it unwrapped gives
    the same cleaned tree. Modern bodies are mostly such spans (nine in ten
    elements of a long 36kr repost), each built, walked by every early pass and
    unwrapped for nothing. Not for a body the footnote stage reads
    (`footnotes.may_hold_marks`): it reads the spans around its references.
    """
    attrib = element.attrib
    if not _READ_BEFORE_UNWRAP.isdisjoint(attrib.keys()):
        return False
    style = attrib.get("style") or ""
    return "url(" not in style and not _style_emphasis(style) and not ("block" in style and _style_block(style))


CSS_BOLD = re.compile(r"font-weight:(bold|bolder|[6-9]00)")
CSS_PLAIN = re.compile(r"font-weight:(normal|[1-4]00)")


def css_emphasis(tag: Tag) -> str | None:
    """What a tag's `style` says about emphasis: "strong", "em", "" (explicitly plain) or None.

    Editors bold with CSS (`<span style="font-weight: bold">`) and some write
    plain text as `<strong style="font-weight: normal">`.
    """
    return _style_emphasis(tag.attrs.get("style") or "")


@lru_cache(maxsize=1024)
def _style_emphasis(style: str) -> str | None:
    """`css_emphasis` of one `style` value: a body repeats a few dozen values over thousands of spans."""
    style = style.replace(" ", "").lower()
    if "font-" not in style:
        return None
    if CSS_BOLD.search(style):
        return "strong"
    if CSS_PLAIN.search(style):
        return ""
    if "font-style:italic" in style:
        return "em"
    return None


def merge_emphasis(root: Tag) -> None:
    """`<strong>第一</strong><strong>第二</strong>` -> one run; kramdown renders the split form wrongly.

    All bold first, then all italic, then all strikethrough (unwrapping a blank
    bold can make two italics adjacent). Merging one kind never adds or removes
    a tag of another, so one walk finds the tags of all three.
    """
    by_name: dict[str, list[Tag]] = {name: [] for name in EMPHASIS}
    for tag in tags_in(root, EMPHASIS):
        by_name[tag.name].append(tag)
    for name, tags in by_name.items():
        for tag in tags:
            if gone(tag) or tag.parent is None:
                continue
            if not tag.get_text().strip() and first_tag(tag, INLINE_LEAVES) is None:
                tag.unwrap()  # whitespace-only bold: keep the space, drop the markers
                continue
            _absorb_following(tag, name)
            for inner in tags_in(tag, (name,)):  # nested same emphasis adds nothing
                inner.unwrap()


def _absorb_following(tag: Tag, name: str) -> None:
    while True:
        nxt = tag.next_sibling
        gap: list[NavigableString] = []
        while is_blank(nxt):
            gap.append(nxt)
            nxt = nxt.next_sibling
        if not (isinstance(nxt, Tag) and nxt.name == name):
            return
        for space in gap:
            tag.append(space.extract())
        tag.append(nxt)  # moved whole, then opened where it now stands: one move, not one per child
        nxt.unwrap()
        nxt.decompose()


def repair_inline(root: Tag, soup: BeautifulSoup) -> None:
    """Inline markup that Markdown cannot express is reshaped, innermost first.

    `<strong>标题<br></strong>` would lose its break (the converter trims the
    markers' edges), and bold or a link wrapped around whole paragraphs or a
    `<br><br>` would print literal `**` or `[`: breaks move outside, and the
    mark is pushed down into each block it spans.
    """
    for tag in reversed(tags_in(root, MARKS)):
        if gone(tag) or tag.parent is None:
            continue
        _push_edge_breaks(tag)
        children = list(tag.contents)
        if holds_block(tag) or any(is_double_break(children, i) for i in range(len(children))):
            _split_around_blocks(tag, soup)


def _push_edge_breaks(tag: Tag) -> None:
    """Move <br>s (and blank text) at either edge of an inline mark outside it."""
    for index, put in ((-1, tag.insert_after), (0, tag.insert_before)):
        while tag.contents:
            edge = tag.contents[index]
            if not (is_br(edge) or (is_blank(edge) and len(tag.contents) > 1)):
                break
            put(edge.extract())


def _split_around_blocks(tag: Tag, soup: BeautifulSoup) -> None:
    pieces: list = []
    run: list = []

    def flush() -> None:
        if meaningful(run):
            clone = soup.new_tag(tag.name, attrs=dict(tag.attrs))
            for node in run:
                clone.append(node.extract())
            pieces.append(clone)
        else:
            pieces.extend(node.extract() for node in run)
        run.clear()

    children = list(tag.contents)
    for i, child in enumerate(children):
        if is_block(child):
            flush()
            if child.name not in NO_PUSH and has_content(child):
                inner = soup.new_tag(tag.name, attrs=dict(tag.attrs))
                for node in list(child.contents):
                    inner.append(node.extract())
                child.append(inner)
            pieces.append(child.extract())
        elif is_br(child) and (is_double_break(children, i) or not run):
            flush()
            pieces.append(child.extract())
        else:
            run.append(child)
    flush()
    for piece in pieces:
        tag.insert_before(piece)
    tag.decompose()
