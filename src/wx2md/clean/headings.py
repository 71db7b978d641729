"""Headings hold plain text; headings that read as paragraphs become paragraphs."""

from __future__ import annotations

import re
from collections.abc import Collection

from bs4 import BeautifulSoup, NavigableString, Tag

from wx2md.clean.nodes import same_text
from wx2md.tags import BLOCK_TAGS, HEADING_DROPS, HEADINGS
from wx2md.text import collapse_whitespace
from wx2md.tree import tags_in


def tidy_headings(root: Tag, soup: BeautifulSoup, title: str) -> None:
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
        if first and title and same_text(text, title) and head.find_previous(string=_visible) is None:
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
