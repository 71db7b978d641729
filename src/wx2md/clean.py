"""Cleaned tree: the article body reduced to the HTML that Markdown can say.

WeChat bodies are deep nests of inline-styled `section`s and `span`s, lazy-loaded
images, editor widgets and decorative SVG. Markdown converters choke on that mess
(lost line breaks, spaces inside Chinese text, code on one line), so this stage
rewrites the tree into plain semantic HTML first: paragraphs, headings, lists,
quotes, tables, `<pre>` blocks holding exactly the code text, images with real
URLs, links, bold and italic. Whatever reaches `markdown.py` is unambiguous.

The same cleaner repairs raw HTML left in old posts (`normalize`), so it must
accept any fragment, not only WeChat's.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Iterator
from functools import lru_cache

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from lxml import etree

from wx2md import embeds
from wx2md.code import rebuild_code_blocks
from wx2md.footnotes import MARK as FOOTNOTE
from wx2md.footnotes import restore_links
from wx2md.stickers import is_sticker_url, sticker_text
from wx2md.tags import (
    ATOMS, BLOCK_TAGS, DROP_TAGS, EDGE_MARKS, EMPHASIS, HEADING_DROPS, HEADINGS, IMAGE_BLOCKS, INLINE_KEEP,
    INLINE_LEAVES, KEPT_EMPTY, MARKS, NO_PARAGRAPHS, NO_PUSH, PARAGRAPH_HOLDERS, RENAME, SHOWN_INSIDE, SPACE_MARKS,
    TEXT_BARRIERS, VISIBLE_LEAVES, WRAPPERS,
)
from wx2md.text import INVISIBLE, collapse_visible, collapse_whitespace, strip_invisible
from wx2md.tree import first_tag, gone, is_br, nodes_in, parse_fragment, replace_texts, tags_in  # noqa: F401  (re-exported: clean(parse_fragment(html)))
from wx2md.urls import canonical_article_url, clean_image_url, clean_link
from wx2md.wechat import FURNITURE, IMAGE_SOURCES, SVG_IMAGE_PATH, Class

KEEP_ATTRS = {
    "a": ("href", "title"),
    "img": ("src", "alt"),
    "td": ("colspan", "rowspan"),
    "th": ("colspan", "rowspan"),
    "ol": ("start",),
    "pre": ("data-lang",),
    "x-math": ("data-display",),
    "sup": (FOOTNOTE,),  # a kept note's reference and definition (footnotes.py)
    "p": (FOOTNOTE,),
}
# Beyond this depth the Markdown converter would recurse too deep: flatten.
MAX_DEPTH = 60
FILENAME_LIKE = re.compile(r"^[\w\-. ()（）]*\.(?:png|jpe?g|gif|webp|bmp|svg|tiff?|heic|awebp)(?:\?.*)?$|^[\d\s._-]+$", re.I)
BACKGROUND_URL = re.compile(r"background(?:-image)?\s*:[^;]*?url\(\s*(['\"]?)(.*?)\1\s*\)", re.I)


def clean(root: Tag, *, base_url: str = "", title: str = "") -> Tag:
    """Clean `root` in place and return it.

    `title` lets a leading copy of the article's title be dropped (the post
    carries it in front matter; a second one in the body is noise). A pass
    that acts only on tags no pass creates (notes, list items, tables,
    headings, pictures with alt text, figures) is skipped when the body held
    none: each pass is a walk over the whole tree.
    """
    soup = _owner(root)
    embeds.rewrite(root, soup, base_url)
    held = _drop_noise(root)
    if "sup" in held:
        restore_links(root, soup)
    rebuild_code_blocks(root, soup)
    _rewrite_images(root, soup, captions="figure" in held)
    _rewrite_links(root, base_url)
    _simplify_inline(root)
    _normalize_text(root)
    _merge_emphasis(root)
    _repair_inline(root, soup)
    _prune_empty(root)  # first here too: empty wrappers make block flattening slow
    _flatten_blocks(root, soup)
    _split_double_breaks(root, soup)
    if "li" in held:
        _tighten_list_items(root)
    if "table" in held:
        _plain_header_cells(root)
    if not HEADINGS.isdisjoint(held):
        _tidy_headings(root, soup, title)
    if "img" in held:  # (the only pictures made later, from CSS backgrounds, have no alt)
        _drop_caption_alts(root)
    _prune_empty(root)
    _strip_attributes(root)
    _limit_depth(root)
    return root


# ------------------------------------------------------------------ helpers


def _owner(tag: Tag) -> BeautifulSoup:
    node: Tag | None = tag
    while node is not None and not isinstance(node, BeautifulSoup):
        node = node.parent
    if node is None:  # a detached tag: give it a document so new_tag works
        soup = BeautifulSoup("", "lxml")
        soup.append(tag)
        return soup
    return node


def _tags(root: Tag) -> list[Tag]:
    return tags_in(root)


def _classes(tag: Tag) -> set[str]:
    value = tag.get("class") or []
    return set(value.split() if isinstance(value, str) else value)


def _is_block(node: object) -> bool:
    return isinstance(node, Tag) and node.name in BLOCK_TAGS


def _holds_block(tag: Tag) -> bool:
    """Whether a child of `tag` is a block (asked of every wrapper, often more than once)."""
    for child in tag.contents:
        if isinstance(child, Tag) and child.name in BLOCK_TAGS:
            return True
    return False


def _is_blank(node: object) -> bool:
    """Whitespace-only text (comments are not text)."""
    return isinstance(node, NavigableString) and not isinstance(node, Comment) and not str(node).strip()


def _meaningful(nodes: list) -> bool:
    """Whether inline nodes hold anything but breaks and blank text."""
    return any(not (is_br(n) or _is_blank(n) or isinstance(n, Comment)) for n in nodes)



def _has_content(tag: Tag) -> bool:
    """True when the element shows something: text, an image, a rule, code or math."""
    if tag.name in VISIBLE_LEAVES or tag.name == "br":
        return tag.name != "br"
    if tag.get_text().strip():
        return True
    return first_tag(tag, SHOWN_INSIDE) is not None


# ------------------------------------------------------------------ passes


def _drop_noise(root: Tag) -> set[str]:
    """Remove comments, scripts, widgets' chrome, decorative SVG and page furniture.

    Returns the names of the tags the body held before (a census on the walk
    this pass makes anyway: `clean` skips the passes that would find nothing).
    """
    tags: list[Tag] = []
    for node in nodes_in(root):  # one walk for both (bodies run to ten thousand nodes)
        if isinstance(node, Tag):
            tags.append(node)
        elif isinstance(node, Comment):
            node.extract()  # a comment has no subtree: the walk's list stays valid
    names = {tag.name for tag in tags}  # read before a tag is decomposed (its name goes with it)
    for tag in tags:
        if gone(tag):
            continue
        if tag.name in DROP_TAGS:
            tag.decompose()
            continue
        attrs = tag.attrs
        if not attrs:
            continue
        classes = attrs.get("class") or ()
        if attrs.get("id") in FURNITURE or not FURNITURE.isdisjoint(classes.split() if isinstance(classes, str) else classes):
            tag.decompose()
    return names


def _rewrite_images(root: Tag, soup: BeautifulSoup, *, captions: bool = True) -> None:
    """Give every image its real URL; drop placeholders; surface CSS background images.

    `captions=False` when the body holds no `<figure>`: no walk to look for one.
    """
    for tag in _tags(root):
        if gone(tag):
            continue
        if tag.name == "img":
            _fix_img(tag)
        elif tag.name != "pre" and "url(" in (tag.attrs.get("style") or ""):  # code blocks hold only text by now
            _background_to_img(tag, soup)
    if captions:
        for figure in tags_in(root, ("figure",)):
            _caption_figure(figure, soup)


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


def _caption_figure(figure: Tag, soup: BeautifulSoup) -> None:
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
            if _same_text(img.get("alt") or "", text):
                img["alt"] = ""
        para = soup.new_tag("p")
        em = soup.new_tag("em")
        em.string = text
        para.append(em)
        caption.replace_with(para)
    else:
        caption.decompose()


def _drop_caption_alts(root: Tag) -> None:
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
        if alt and nxt is not None and _same_text(nxt.get_text(), alt):
            img["alt"] = ""


def _rewrite_links(root: Tag, base_url: str = "") -> None:
    for a in tags_in(root, ("a",)):
        if Class.TOPIC_LINK in _classes(a) or (a.get("data-topic") and not a.get("href")):
            a.unwrap()  # hashtags are text; their names go to front matter tags
            continue
        href = clean_link(a.get("href") or a.get("data-url") or a.get("data-linkurl"), base=base_url)
        href = canonical_article_url(href) if href else None
        if href is None:
            a.unwrap()
        else:
            a.attrs = {"href": href, **({"title": a["title"]} if a.get("title") else {})}


def _simplify_inline(root: Tag) -> None:
    """Rename presentational tags to semantic ones and unwrap everything meaningless.

    Innermost first: bs4's unwrap walks the unwrapped tag's descendants, so
    outer-first unwrapping of a thousand nested spans is quadratic.
    """
    for tag in reversed(_tags(root)):
        if gone(tag) or tag.name == "pre":
            continue
        name = RENAME.get(tag.name, tag.name)
        if name != tag.name:
            tag.name = name
        if name in BLOCK_TAGS or name in INLINE_KEEP:
            if name == "strong" and _css_emphasis(tag) == "":
                tag.unwrap()
            continue
        css = _css_emphasis(tag) if name in ("span", "font") else None  # read only where it decides
        if css:
            tag.name = css
        else:  # presentational or unknown (editor widgets, mp-* leftovers): keep the text only
            tag.unwrap()


# What the passes before `_simplify_inline` read on a span: noise and code-block ids and
# classes, widget formulas, code languages (and CSS backgrounds, in `style`).
_READ_BEFORE_UNWRAP = frozenset({"id", "class", "data-formula", "data-lang"})


def plain_inline(element: etree._Element) -> bool:
    """Whether a `<span>` or `<font>` of an article body can be built as its content alone.

    `_simplify_inline` unwraps every span and font whose style makes no
    emphasis, and no pass before it reads such a span when it carries no id,
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
    return "url(" not in style and not _style_emphasis(style)


CSS_BOLD = re.compile(r"font-weight:(bold|bolder|[6-9]00)")
CSS_PLAIN = re.compile(r"font-weight:(normal|[1-4]00)")


def _css_emphasis(tag: Tag) -> str | None:
    """What a tag's `style` says about emphasis: "strong", "em", "" (explicitly plain) or None.

    Editors bold with CSS (`<span style="font-weight: bold">`) and some write
    plain text as `<strong style="font-weight: normal">`.
    """
    return _style_emphasis(tag.attrs.get("style") or "")


@lru_cache(maxsize=1024)
def _style_emphasis(style: str) -> str | None:
    """`_css_emphasis` of one `style` value: a body repeats a few dozen values over thousands of spans."""
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


def _normalize_text(root: Tag) -> None:
    """Collapse source whitespace like a browser does, without spaces inside CJK text.

    Pretty-printed pages put newlines and indentation between `<span>`s; a browser
    drops a line break that sits between two CJK characters and so must we, or
    every such break becomes a stray space in Chinese prose. Like a browser, a
    space that follows another (in the next text node, with only tags between)
    is dropped: three indented tag boundaries are one space, not three.
    """
    stream = _text_stream(root)
    texts = _visible_texts(stream)
    before = _edge_chars(texts, last=True)
    after = list(reversed(_edge_chars(list(reversed(texts)), last=False)))
    changes, emptied = [], []
    spaced = False  # the run so far ends in a space
    for node, text, b, a in zip(stream, texts, before, after):
        if not isinstance(node, NavigableString):  # a block edge or a picture: what follows shows its own space
            spaced = False
            continue
        new = collapse_visible(text, before=b, after=a)  # (stripped above)
        if spaced and new.startswith(" "):
            new = new.lstrip(" ")
        if not new:
            emptied.append(node)
            continue
        spaced = new.endswith(" ")
        if new != node:
            changes.append((node, new))
    replace_texts(changes)  # node.replace_with(NavigableString(new)) for each, in one go
    for node in emptied:  # gone, not left empty: markdownify takes an empty neighbour for none and trims
        node.extract()


def _visible_texts(stream: list[NavigableString | Tag | None]) -> list[str | None]:
    """Each text of `stream` without invisible characters (None stays None, a picture is "").

    Most bodies hold none: one search over all their text decides whether
    each run needs stripping at all.
    """
    texts = [None if node is None else "" if isinstance(node, Tag) else node for node in stream]
    if INVISIBLE.search("".join(text for text in texts if text)) is None:
        return texts
    return [None if text is None else strip_invisible(str(text)) for text in texts]


def _text_stream(root: Tag) -> list[NavigableString | Tag | None]:
    """Text nodes in document order, with None wherever a block or <br> separates them.

    Pictures stand in the stream as themselves: no barrier to the text either
    side (one run), but something shown between two spaces. Iterative on
    purpose: bodies can be thousands of wrappers deep.
    """
    out: list[NavigableString | Tag | None] = []
    end = object()
    stack: list = [root]
    while stack:
        node = stack.pop()
        if node is end:
            out.append(None)
        elif isinstance(node, Tag):
            if node.name in TEXT_BARRIERS or node.name in BLOCK_TAGS:
                out.append(None)
                if node.name in TEXT_BARRIERS:
                    continue
                stack.append(end)
            elif node.name in INLINE_LEAVES:
                out.append(node)
                continue
            stack.extend(reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, Comment):
            out.append(node)
    return out


def _edge_chars(texts: list[str | None], *, last: bool) -> list[str]:
    """For each entry, the nearest visible character before it in the same block run.

    Called on the reversed list (last=False) to get the character after it.
    """
    result: list[str] = []
    current = ""
    for text in texts:
        result.append(current)
        if text is None:
            current = ""
            continue
        stripped = text.strip(" \t\r\n\f\xa0")
        if stripped:
            current = stripped[-1] if last else stripped[0]
    return result


def _merge_emphasis(root: Tag) -> None:
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
        while _is_blank(nxt):
            gap.append(nxt)
            nxt = nxt.next_sibling
        if not (isinstance(nxt, Tag) and nxt.name == name):
            return
        for space in gap:
            tag.append(space.extract())
        tag.append(nxt)  # moved whole, then opened where it now stands: one move, not one per child
        nxt.unwrap()
        nxt.decompose()


def _repair_inline(root: Tag, soup: BeautifulSoup) -> None:
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
        if _holds_block(tag) or any(_is_double_break(children, i) for i in range(len(children))):
            _split_around_blocks(tag, soup)


def _push_edge_breaks(tag: Tag) -> None:
    """Move <br>s (and blank text) at either edge of an inline mark outside it."""
    for index, put in ((-1, tag.insert_after), (0, tag.insert_before)):
        while tag.contents:
            edge = tag.contents[index]
            if not (is_br(edge) or (_is_blank(edge) and len(tag.contents) > 1)):
                break
            put(edge.extract())


def _is_double_break(children: list, i: int) -> bool:
    return is_br(children[i]) and _next_is_br(children, i)


def _split_around_blocks(tag: Tag, soup: BeautifulSoup) -> None:
    pieces: list = []
    run: list = []

    def flush() -> None:
        if _meaningful(run):
            clone = soup.new_tag(tag.name, attrs=dict(tag.attrs))
            for node in run:
                clone.append(node.extract())
            pieces.append(clone)
        else:
            pieces.extend(node.extract() for node in run)
        run.clear()

    children = list(tag.contents)
    for i, child in enumerate(children):
        if _is_block(child):
            flush()
            if child.name not in NO_PUSH and _has_content(child):
                inner = soup.new_tag(tag.name, attrs=dict(tag.attrs))
                for node in list(child.contents):
                    inner.append(node.extract())
                child.append(inner)
            pieces.append(child.extract())
        elif is_br(child) and (_is_double_break(children, i) or not run):
            flush()
            pieces.append(child.extract())
        else:
            run.append(child)
    flush()
    for piece in pieces:
        tag.insert_before(piece)
    tag.decompose()


def _flatten_blocks(root: Tag, soup: BeautifulSoup) -> None:
    """Turn layout wrappers into paragraphs (when they hold text) or nothing (when they hold blocks).

    Deepest first, so each wrapper sees its children already resolved.
    """
    for tag in reversed(tags_in(root, WRAPPERS | {"p"})):
        if gone(tag) or tag is root:
            continue
        if not _holds_block(tag):
            if tag.name in WRAPPERS:
                tag.name = "p"
                tag.attrs = {}
            continue
        _wrap_inline_runs(tag, soup)
        tag.unwrap()
    _wrap_inline_runs(root, soup)
    for container in tags_in(root, PARAGRAPH_HOLDERS):
        _wrap_inline_runs(container, soup)


def _wrap_inline_runs(parent: Tag, soup: BeautifulSoup) -> None:
    """Inside a block container, put each run of inline content into its own <p>."""
    if parent.name in NO_PARAGRAPHS:
        return
    if not _holds_block(parent):
        return
    run: list = []
    for child in list(parent.contents):
        if _is_block(child):
            if run:  # (blocks in a row leave nothing between them to close)
                _close_run(run, soup)
                run = []
        else:
            run.append(child)
    if run:
        _close_run(run, soup)


def _close_run(run: list, soup: BeautifulSoup) -> None:
    if not _meaningful(run):
        for node in run:
            if is_br(node):
                node.decompose()
        return
    para = soup.new_tag("p")
    run[0].insert_before(para)
    for node in run:
        para.append(node.extract())


def _split_double_breaks(root: Tag, soup: BeautifulSoup) -> None:
    """`<br><br>` inside a paragraph is a paragraph break; a trailing <br> is nothing."""
    for para in tags_in(root, ("p",)):
        _trim_breaks(para)
        if gone(para) or not any(is_br(child) for child in para.contents):
            continue  # (no <br>, no double one: most paragraphs)
        parts: list[list] = [[]]
        children = list(para.contents)
        i = 0
        while i < len(children):
            child = children[i]
            if _is_double_break(children, i):
                parts.append([])
                i = _skip_breaks(children, i)
                continue
            parts[-1].append(child)
            i += 1
        if len(parts) > 1:
            for part in parts:
                if not part:
                    continue
                new = soup.new_tag("p")
                para.insert_before(new)
                for node in part:
                    new.append(node.extract())
                _trim_breaks(new)
            para.decompose()


def _next_is_br(children: list, i: int) -> bool:
    j = i + 1
    while j < len(children) and _is_blank(children[j]):
        j += 1
    return j < len(children) and is_br(children[j])


def _skip_breaks(children: list, i: int) -> int:
    while i < len(children) and (is_br(children[i]) or _is_blank(children[i])):
        i += 1
    return i


def _trim_breaks(block: Tag) -> None:
    """Drop <br>s (and blank text) at the start and end of a block, however deeply nested."""
    for edge in ("first", "last"):
        while True:
            node = _edge_leaf(block, edge)
            if node is None:
                break
            if _is_blank(node):
                node.extract()
            elif is_br(node):
                node.decompose()
            elif isinstance(node, Tag) and node.name in EDGE_MARKS and not node.contents:
                node.decompose()
            else:
                break


def _edge_leaf(block: Tag, edge: str):
    node = block
    while isinstance(node, Tag) and node.contents:
        child = node.contents[0] if edge == "first" else node.contents[-1]
        if isinstance(child, Tag) and child.name in EDGE_MARKS and child.contents:
            node = child
            continue
        return child
    return node if node is not block else None


def _tighten_list_items(root: Tag) -> None:
    """`<li><p>text</p><ul>…` is a tight list item: a lone paragraph in an item is just its text."""
    for item in tags_in(root, ("li",)):
        paras = [c for c in item.contents if isinstance(c, Tag) and c.name == "p"]
        first = next((c for c in item.contents if isinstance(c, Tag) or str(c).strip()), None)
        if len(paras) == 1 and first is paras[0]:
            paras[0].unwrap()


def _plain_header_cells(root: Tag) -> None:
    """A first table row written all in bold is a header row: GFM already makes it bold."""
    for table in tags_in(root, ("table",)):
        row = table.find("tr")
        cells = row.find_all(("td", "th"), recursive=False) if row else []
        texts = [c for c in cells if c.get_text().strip()]
        if texts and all(_all_bold(c) for c in texts):
            for cell in texts:
                for strong in tags_in(cell, ("strong",)):
                    strong.unwrap()


def _all_bold(cell: Tag) -> bool:
    bold = "".join(s.get_text() for s in tags_in(cell, ("strong",)) if s.find_parent("strong") is None)
    return bold.strip() == cell.get_text().strip()


def _tidy_headings(root: Tag, soup: BeautifulSoup, title: str) -> None:
    """Headings hold plain text: no bold inside (`## **x**`), no images, no line breaks."""
    first = True
    for head in tags_in(root, HEADINGS):
        if _reads_as_paragraph(collapse_whitespace(head.get_text()).strip()):
            head.name = "p"  # keeps its bold and links: it was only set in heading type
            continue
        inside = tags_in(head)  # one walk: each step takes its own kind and leaves the others where they are
        for tag in _named(inside, HEADING_DROPS):
            tag.unwrap()
        for br in _named(inside, ("br",)):
            br.replace_with(" ")
        for img in reversed(_named(inside, ("img",))):
            para = soup.new_tag("p")
            head.insert_after(para)
            para.append(img.extract())
        _move_links_after(head, _named(inside, ("a",)), soup)
        for block in _named(inside, BLOCK_TAGS):
            block.unwrap()
        text = collapse_whitespace(head.get_text())
        if not text:
            head.decompose()
            continue
        if first and title and _same_text(text, title) and head.find_previous(string=_visible) is None:
            head.decompose()
        first = False


LONG_HEADING = 80  # characters: past this a "heading" is a paragraph in big type
BULLETS = "●•■◆▪▶►◼"
SENTENCE_END = re.compile(r"[。！？；][^。！？；]")


def _reads_as_paragraph(text: str) -> bool:
    """News accounts set whole items in <h1>: long, bulleted, or more than one sentence.

    A reader sees paragraphs there; as Markdown headings they would crowd the
    table of contents and lose their bold and links.
    """
    if len(text) > LONG_HEADING:
        return True
    if text[:1] in BULLETS and ("。" in text or len(text) > 30):
        return True
    return len(text) > 40 and SENTENCE_END.search(text) is not None


def _named(tags: list[Tag], names: Collection[str]) -> list[Tag]:
    return [tag for tag in tags if tag.name in names]


def _move_links_after(head: Tag, links: list[Tag], soup: BeautifulSoup) -> None:
    """A heading keeps its text; its `links` follow it as a line, so TOCs and anchors stay plain."""
    if not links:
        return
    para = soup.new_tag("p")
    para.append("🔗 ")
    for i, a in enumerate(links):
        if i:
            para.append(" ")
        copy = soup.new_tag("a", attrs={"href": a["href"]})
        copy.string = collapse_whitespace(a.get_text()).strip() or a["href"]
        para.append(copy)
        a.unwrap()
    head.insert_after(para)


def _visible(s: object) -> bool:
    return isinstance(s, NavigableString) and bool(str(s).strip())


def _same_text(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", "", s).lower()  # noqa: E731
    return norm(a) == norm(b)



def _prune_empty(root: Tag) -> None:
    """Remove elements that show nothing, deepest first, in one linear pass.

    Whether a tag shows something is worked out from its children's answers,
    never by re-reading its whole subtree (bodies can be thousands deep).
    """
    shows: dict[int, bool] = {}
    for tag in reversed(tags_in(root)):
        if gone(tag):
            continue
        if tag.name in KEPT_EMPTY or tag.name == "br":
            shows[id(tag)] = tag.name != "br"
            continue
        visible = False
        for child in tag.contents:
            if shows.get(id(child), False) if isinstance(child, Tag) else (not isinstance(child, Comment) and child.strip()):
                visible = True
                break
        shows[id(tag)] = visible
        if visible:
            continue
        if tag.name in SPACE_MARKS and tag.get_text():
            tag.unwrap()  # keep the spaces they held
        else:
            tag.decompose()


def _strip_attributes(root: Tag) -> None:
    for tag in _tags(root):
        keep = KEEP_ATTRS.get(tag.name, ())
        tag.attrs = {k: v for k, v in tag.attrs.items() if k in keep and v not in (None, "")}


def _limit_depth(root: Tag) -> None:
    """Unwrap elements nested deeper than MAX_DEPTH; their text stays."""
    stack: list[tuple[Tag, int]] = [(root, 0)]
    too_deep: list[Tag] = []
    while stack:
        tag, depth = stack.pop()
        for child in tag.contents:
            if isinstance(child, Tag):
                if depth + 1 > MAX_DEPTH and child.name not in ATOMS:
                    too_deep.append(child)
                stack.append((child, depth + 1))
    for tag in reversed(too_deep):
        if not gone(tag) and tag.parent is not None:
            tag.unwrap()


def iter_images(root: Tag) -> Iterator[str]:
    """Image URLs in document order, each once."""
    seen: set[str] = set()
    for img in tags_in(root, ("img",)):
        src = img.get("src")
        if src and src not in seen:
            seen.add(src)
            yield src

