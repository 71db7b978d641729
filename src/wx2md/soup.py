"""bs4 trees built straight from lxml elements: the same tree as `BeautifulSoup(html, "lxml")`, twice as fast.

The cleaner and markdownify work on bs4 trees, but bs4's lxml builder is driven
by parser callbacks, several Python calls per tag and per text run; building the
content tree that way was a quarter of a conversion. Here the page is parsed by
lxml once and its elements are copied into bs4 objects in one loop, linked the way
bs4's own builder links them (document order, siblings, `class` as a list,
whitespace-only text reduced to one space or newline outside `<pre>` and
`<textarea>`, `<script>`/`<style>` text in their string classes), so every later
stage sees exactly the tree it saw before. tests/test_soup.py holds the two
builders to the same result on every shared page.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag
from lxml import etree, html as lxml_html

ASCII_SPACES = frozenset("\x20\x0a\x09\x0c\x0d")


class FastTag(Tag):
    """A bs4 tag whose `find_parent(name)` walks up the parents instead of building a filter.

    markdownify asks every tag it writes `find_parent("pre")`, and the code stage
    asks every block; through bs4's filter machinery (a matcher built per call)
    that was two thirds of writing Markdown. Any other query goes to bs4.
    """

    def find_parent(self, name=None, attrs=None, **kwargs):  # type: ignore[override]
        if not isinstance(name, str) or attrs or kwargs:
            return super().find_parent(name, attrs, **kwargs)
        parent = self.parent
        while parent is not None:
            if parent.name == name:
                return parent
            parent = parent.parent
        return None


@contextmanager
def tree_work() -> Iterator[None]:
    """Hold the cyclic garbage collector while a page's tree is built, cleaned or written.

    A bs4 tree is hundreds of thousands of objects, all alive until the page is
    done; the collector, triggered every 700 allocations, would walk them again
    and again (a fifth of a conversion's time). Garbage left meanwhile is
    collected as usual right after. Whoever turned the collector off turns it back on.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def new_soup(markup: str = "") -> BeautifulSoup:
    """`BeautifulSoup(markup, "lxml")` whose tags, new ones included, are FastTags."""
    return BeautifulSoup(markup, "lxml", element_classes={Tag: FastTag})


def parse_document(markup: str) -> BeautifulSoup:
    """`BeautifulSoup(markup, "lxml")`, built from an lxml parse of `markup`.

    Everything from `<html>` down is the same; whitespace between the document's
    top-level nodes (after the doctype, after `</html>`) is not kept: lxml's tree
    has no place for it, and no stage reads it. libxml2 builds no tree deeper
    than 2048 elements (bs4's callbacks have no such limit), so a deeper document
    is left to bs4's own builder rather than lose its innermost content.
    """
    parser = lxml_html.HTMLParser(huge_tree=True, default_doctype=False)
    try:
        root = lxml_html.document_fromstring(markup, parser=parser)
    except etree.ParserError:  # nothing to parse: an empty document, as bs4 gives
        return new_soup()
    if too_deep(parser):
        return new_soup(markup)
    soup = new_soup()
    builder = _Builder(soup)
    info = root.getroottree().docinfo
    if info.doctype:
        builder.link(Doctype.for_name_and_ids(info.root_name, info.public_id, info.system_url), soup)
    for node in [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]:
        builder.add(node, soup)
    return soup


def too_deep(parser: etree.HTMLParser) -> bool:
    """Whether the last parse hit libxml2's depth limit (its tree then lacks the innermost content)."""
    return any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)


def from_lxml(element: etree._Element) -> Tag:
    """`element` (without its tail) as a bs4 tag, under `<html><body>` as if parsed on its own.

    The result equals `BeautifulSoup(tostring(element), "lxml").body.contents[0]`
    for an element whose own parse gives it back (a `<div>`, a `<section>`).
    Parse with `huge_tree=True` and check `too_deep(parser)` first: a tree cut
    at libxml2's depth limit has lost text.
    """
    soup = new_soup()
    builder = _Builder(soup)
    html = builder.tag("html", {}, soup)
    body = builder.tag("body", {}, html)
    return builder.add(element, body)


class _Builder:
    """One document being built: its soup, and the last node added (for `next_element`)."""

    def __init__(self, soup: BeautifulSoup) -> None:
        self.soup = soup
        self.builder = soup.builder
        self.last = None  # bs4 links the document's first node to nothing before it, not to the soup
        self.keep_space = soup.builder.preserve_whitespace_tags  # pre, textarea
        self.containers = soup.builder.string_containers  # script, style, template…: their string classes
        self.tag_class = soup.element_classes.get(Tag, Tag)

    def add(self, element: etree._Element, parent: Tag):
        """Copy `element` and its subtree (not its tail) under `parent`, in document order.

        Iterative: bodies nest thousands deep. A child's tail is stacked under the
        child, so it is added once the child's whole subtree is.
        """
        top = None
        work: list[tuple[bool, object, Tag, bool, type | None]] = [(True, element, parent, False, None)]
        while work:
            is_element, item, into, keep, container = work.pop()
            if not is_element:
                self.text(item, into, keep, container)  # type: ignore[arg-type]
                continue
            node = self.node(item, into, keep)  # type: ignore[arg-type]
            top = top or node
            if not isinstance(node, Tag):
                continue
            keep = keep or node.name in self.keep_space
            container = self.containers.get(node.name, container)
            if item.text:  # type: ignore[union-attr]
                self.text(item.text, node, keep, container)  # type: ignore[union-attr]
            for child in reversed(item):  # type: ignore[call-overload]
                if child.tail:
                    work.append((False, child.tail, node, keep, container))
                work.append((True, child, node, keep, container))
        return top

    def node(self, element: etree._Element, parent: Tag, keep: bool):
        kind = element.tag
        if isinstance(kind, str):
            # items(), not dict(attrib): lxml cannot look up a name holding a control character
            return self.tag(kind, dict(element.items()), parent)
        if kind is etree.Comment:
            return self.text(element.text or "", parent, keep, Comment, always=True)
        if kind is etree.PI:
            return self.text(f"{element.target} {element.text or ''}", parent, keep, ProcessingInstruction, always=True)
        return None  # entity references: lxml's HTML parser has resolved them

    def tag(self, name: str, attrs: dict[str, str], parent: Tag) -> Tag:
        tag = self.tag_class(self.soup, self.builder, name, attrs=attrs)
        self.link(tag, parent)
        return tag

    def text(self, data: str, parent: Tag, keep: bool, container: type | None, *, always: bool = False):
        """A string node; `always` for comments, which bs4 keeps even when empty (as one space)."""
        if not data and not always:
            return None
        if not keep and all(c in ASCII_SPACES for c in data):
            data = "\n" if "\n" in data else " "
        node = (container or NavigableString)(data)
        self.link(node, parent)
        return node

    def link(self, node, parent: Tag) -> None:
        """Append `node` to `parent` and to the document order, as bs4's builder links it."""
        node.parent = parent
        contents = parent.contents
        previous = contents[-1] if contents else None
        node.previous_sibling = previous
        if previous is not None:
            previous.next_sibling = node
        node.next_sibling = None
        contents.append(node)
        if self.last is not None:
            self.last.next_element = node
        node.previous_element = self.last
        node.next_element = None
        self.last = node
