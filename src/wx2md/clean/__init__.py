"""Cleaned tree: the article body reduced to the HTML that Markdown can say.

WeChat bodies are deep nests of inline-styled `section`s and `span`s, lazy-loaded
images, editor widgets and decorative SVG. Markdown converters choke on that mess
(lost line breaks, spaces inside Chinese text, code on one line), so this stage
rewrites the tree into plain semantic HTML first: paragraphs, headings, lists,
quotes, tables, `<pre>` blocks holding exactly the code text, images with real
URLs, links, bold and italic. Whatever reaches `markdown.py` is unambiguous.

The same cleaner repairs raw HTML left in old posts (`normalize`), so it must
accept any fragment, not only WeChat's.

The passes live in one module per concern: `noise` (what is no content),
`images`, `inline` (links, emphasis, marks), `whitespace`, `blocks`
(paragraphs, lists, tables), `headings`, `finish` (pruning, attributes,
depth); `nodes` holds the small questions they share.
"""

from __future__ import annotations

from collections.abc import Iterator

from bs4 import BeautifulSoup, Tag

from wx2md import embeds
from wx2md.clean.blocks import (
    flatten_blocks,
    lift_lost_subitems,
    plain_header_cells,
    split_double_breaks,
    tighten_list_items,
)
from wx2md.clean.finish import limit_depth, prune_empty, strip_attributes
from wx2md.clean.headings import tidy_headings
from wx2md.clean.images import drop_caption_alts, rewrite_images, separate_pictures
from wx2md.clean.inline import merge_emphasis, plain_inline, repair_inline, rewrite_links, simplify_inline
from wx2md.clean.noise import drop_noise
from wx2md.clean.whitespace import normalize_text
from wx2md.code import rebuild_code_blocks
from wx2md.footnotes import restore_links
from wx2md.tags import HEADINGS
from wx2md.tree import parse_fragment, tags_in

__all__ = ["clean", "iter_images", "parse_fragment", "plain_inline"]  # parse_fragment: clean(parse_fragment(html))


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
    held = drop_noise(root)
    if "sup" in held:
        restore_links(root, soup)
    rebuild_code_blocks(root, soup)
    pictures = rewrite_images(root, soup, captions="figure" in held)
    rewrite_links(root, base_url)
    simplify_inline(root, soup)
    normalize_text(root)
    merge_emphasis(root)
    repair_inline(root, soup)
    prune_empty(root)  # first here too: empty wrappers make block flattening slow
    flatten_blocks(root, soup)
    split_double_breaks(root, soup)
    if pictures:
        separate_pictures(pictures, soup)
    if "li" in held:
        tighten_list_items(root)
        lift_lost_subitems(root, soup)
    if "table" in held:
        plain_header_cells(root)
    if not HEADINGS.isdisjoint(held):
        tidy_headings(root, soup, title)
    if "img" in held:  # (the only pictures made later, from CSS backgrounds, have no alt)
        drop_caption_alts(root)
    prune_empty(root)
    strip_attributes(root)
    limit_depth(root)
    return root


def _owner(tag: Tag) -> BeautifulSoup:
    node: Tag | None = tag
    while node is not None and not isinstance(node, BeautifulSoup):
        node = node.parent
    if node is None:  # a detached tag: give it a document so new_tag works
        soup = BeautifulSoup("", "lxml")
        soup.append(tag)
        return soup
    return node


def iter_images(root: Tag) -> Iterator[str]:
    """Image URLs in document order, each once."""
    seen: set[str] = set()
    for img in tags_in(root, ("img",)):
        src = img.get("src")
        if src and src not in seen:
            seen.add(src)
            yield src
