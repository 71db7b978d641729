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
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, ProcessingInstruction, Tag
from bs4.element import ResultSet
from lxml import etree, html as lxml_html

StandIn = Callable[[etree._Element], "etree._Element | None"]
Flatten = Callable[[etree._Element], bool]
ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"  # what bs4 reduces to one space or newline outside <pre>


class FastTag(Tag):
    """A bs4 tag whose `find_parent(name)` and `find_previous_siblings(name)` walk instead of building a filter.

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

    def find_previous_siblings(self, name=None, *args, **kwargs):  # type: ignore[override]
        """The earlier siblings named `name`, nearest first, found by walking back.

        markdownify numbers each item of an ordered list by counting the `<li>`s
        before it; bs4 builds a filter for each count. Any other query goes to bs4.
        """
        if not isinstance(name, str) or args or kwargs:
            return super().find_previous_siblings(name, *args, **kwargs)
        found = []
        node = self.previous_sibling
        while node is not None:
            if isinstance(node, Tag) and node.name == name:
                found.append(node)
            node = node.previous_sibling
        return ResultSet(None, found)

    def unwrap(self) -> FastTag:  # type: ignore[override]
        """Replace this tag with its children, relinking the neighbours once.

        bs4 extracts the tag, then re-inserts each child by itself (an index
        search, a walk to its last descendant and a dozen links per child); the
        cleaner unwraps thousands of spans per page. The children keep their
        order and their document-order links (the tag's first child already
        follows the tag, its last descendant already precedes what came after
        it), so only the edges change. The tag is left detached and empty, as
        bs4 leaves it.
        """
        parent = self.parent
        if parent is None:
            raise ValueError("Cannot replace an element with its contents when that element is not part of a tree.")
        children = self.contents
        if not children:
            self.extract()
            return self
        at = parent.index(self)
        before, after = self.previous_sibling, self.next_sibling
        first, last = children[0], children[-1]
        for child in children:
            child.parent = parent
        first.previous_sibling = before
        if before is not None:
            before.next_sibling = first
        last.next_sibling = after
        if after is not None:
            after.previous_sibling = last
        previous = self.previous_element
        first.previous_element = previous
        if previous is not None:
            previous.next_element = first
        parent.contents[at : at + 1] = children
        self.contents = []
        self.parent = self.previous_element = self.next_element = None
        self.previous_sibling = self.next_sibling = None
        return self

    def index(self, element) -> int:  # type: ignore[override]
        """Where `element` (this very object, not an equal one) sits in `contents`: the last child first.

        bs4 searches from the front, and `unwrap` moves a tag's children out
        last first, asking each time: unwrapping a wrapper of a thousand
        paragraphs was half a million steps.
        """
        contents = self.contents
        if contents and contents[-1] is element:
            return len(contents) - 1
        for i, child in enumerate(contents):
            if child is element:
                return i
        raise ValueError("Tag.index: element not in tag")


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


def from_lxml(element: etree._Element, stand_in: StandIn | None = None, flatten: Flatten | None = None) -> Tag:
    """`element` (without its tail) as a bs4 tag, under `<html><body>` as if parsed on its own.

    The result equals `BeautifulSoup(tostring(element), "lxml").body.contents[0]`
    for an element whose own parse gives it back (a `<div>`, a `<section>`).
    Parse with `huge_tree=True` and check `too_deep(parser)` first: a tree cut
    at libxml2's depth limit has lost text. `stand_in` may give, for a `<pre>`
    outside any other, an element to build in its place (see `code.stand_in`);
    `flatten` may name `<span>`s and `<font>`s outside `<pre>` to build as their
    content alone, text and children in place (see `clean.plain_inline`).
    """
    soup = new_soup()
    builder = _Builder(soup, stand_in, flatten)
    html = builder.tag("html", {}, soup)
    body = builder.tag("body", {}, html)
    return builder.add(element, body)


# A tag's own links and containers; everything else bs4's constructor sets depends on its name only.
_PER_TAG = frozenset({"parent", "previous_element", "next_element", "previous_sibling", "next_sibling",
                      "contents", "attrs", "_namespaces"})
_WORDS = re.compile(r"\S+")  # how bs4 splits `class` and the other list-valued attributes


class _Builder:
    """One document being built: its soup, and the last node added (for `next_element`).

    Tags are not built through `Tag.__init__` (a dozen attribute sets, builder
    lookups and a cdata-list pass per tag, a third of building a tree): the
    first tag of each name is, and the fields that depend on the name only are
    copied from it into each later one; the attributes are split the way bs4
    splits them. `<meta>` keeps the constructor (bs4 rewrites its charset).
    """

    def __init__(self, soup: BeautifulSoup, stand_in: StandIn | None = None, flatten: Flatten | None = None) -> None:
        self.soup = soup
        self.stand_in = stand_in
        self.flatten = flatten
        self.builder = soup.builder
        self.last = None  # bs4 links the document's first node to nothing before it, not to the soup
        self.keep_space = soup.builder.preserve_whitespace_tags  # pre, textarea
        self.containers = soup.builder.string_containers  # script, style, template…: their string classes
        self.tag_class = soup.element_classes.get(Tag, Tag)
        self.list_attrs = soup.builder.cdata_list_attributes or {}
        self.value_list = soup.builder.attribute_value_list_class
        self.shared: dict[str, tuple[dict, frozenset[str]]] = {}  # name -> (name-only fields, list-valued attributes)

    def add(self, element: etree._Element, parent: Tag):
        """Copy `element` and its subtree (not its tail) under `parent`, in document order.

        Iterative: bodies nest thousands deep. A child's tail is stacked under the
        child, so it is added once the child's whole subtree is. Strings are made
        here, inline, and every node is linked by `_link` directly (going through
        `tag`, `text` and `link`, three calls per node, was a third of building an
        article body).
        """
        top = None
        work: list[tuple[bool, object, Tag, bool, type | None]] = [(True, element, parent, False, None)]
        pop, push = work.pop, work.append
        keep_space, containers = self.keep_space, self.containers
        fresh = self.fresh
        new_str, plain = str.__new__, NavigableString
        last = self.last
        stand_in, flatten = self.stand_in, self.flatten
        while work:
            is_element, item, into, keep, container = pop()
            if is_element:
                kind = item.tag  # type: ignore[union-attr]
                if kind == "pre" and stand_in is not None and not keep:
                    swap = stand_in(item)  # type: ignore[arg-type]
                    if swap is not None:
                        item = swap
                elif (kind == "span" or kind == "font") and flatten is not None and not keep and top is not None \
                        and flatten(item):  # type: ignore[arg-type]
                    # its content in its place: its text first, then its children (tails stacked under them)
                    for child in reversed(list(item)):  # type: ignore[call-overload]
                        if child.tail:
                            push((False, child.tail, into, keep, container))
                        push((True, child, into, keep, container))
                    if item.text:  # type: ignore[union-attr]
                        push((False, item.text, into, keep, container))  # type: ignore[union-attr]
                    continue
                if not isinstance(kind, str) or kind == "meta":
                    self.last = last
                    if isinstance(kind, str):  # items(): see below
                        node = self.tag(kind, dict(item.items()), into)  # type: ignore[union-attr]
                    else:
                        node = self.node(item, into, keep)  # type: ignore[arg-type]
                    last = self.last
                    if top is None:
                        top = node
                    if not isinstance(node, Tag):
                        continue
                else:
                    # items(), not dict(attrib): lxml cannot look up a name holding a control character
                    node = fresh(kind, dict(item.items()))  # type: ignore[union-attr]
                    _link(node, into, last)
                    last = node
                    if top is None:
                        top = node
                if not keep and kind in keep_space:
                    keep = True
                container = containers.get(kind, container)
                data = item.text  # type: ignore[union-attr]
                children = list(item)  # type: ignore[call-overload]
                for child in reversed(children):
                    if child.tail:
                        push((False, child.tail, node, keep, container))
                    push((True, child, node, keep, container))
                if not data:
                    continue
                into = node
            else:
                data = item
            # a string (see `text`)
            if not keep and not data.strip(ASCII_SPACES):  # type: ignore[union-attr]
                data = "\n" if "\n" in data else " "  # type: ignore[operator]
            text = new_str(container or plain, data)  # NavigableString.__new__ minus its setup()
            text.hidden = False
            _link(text, into, last)
            last = text
        self.last = last
        return top

    def node(self, element: etree._Element, parent: Tag, keep: bool):
        """A comment or processing instruction (tags are built in `add`)."""
        kind = element.tag
        if kind is etree.Comment:
            return self.text(element.text or "", parent, keep, Comment, always=True)
        if kind is etree.PI:
            return self.text(f"{element.target} {element.text or ''}", parent, keep, ProcessingInstruction, always=True)
        return None  # entity references: lxml's HTML parser has resolved them

    def tag(self, name: str, attrs: dict[str, str], parent: Tag) -> Tag:
        if name == "meta":  # bs4 sets up a charset substitution in its constructor
            tag = self.tag_class(self.soup, self.builder, name, attrs=attrs)
        else:
            tag = self.fresh(name, attrs)
        self.link(tag, parent)
        return tag

    def fresh(self, name: str, attrs: dict[str, str]) -> Tag:
        """A new tag, not yet linked: the fields that depend on the name are those of the first tag so named."""
        shared = self.shared.get(name)
        if shared is None:
            model = self.tag_class(self.soup, self.builder, name, attrs={})
            fields = {k: v for k, v in model.__dict__.items() if k not in _PER_TAG}
            listed = frozenset(self.list_attrs.get("*", ())) | frozenset(self.list_attrs.get(name.lower(), ()))
            shared = self.shared[name] = (fields, listed)
        fields, listed = shared
        tag = object.__new__(self.tag_class)
        own = tag.__dict__
        own.update(fields)
        if attrs:
            for key in attrs.keys() & listed:
                attrs[key] = self.value_list(_WORDS.findall(attrs[key]))
        own["attrs"] = attrs
        own["contents"] = []
        own["_namespaces"] = {}
        return tag

    def text(self, data: str, parent: Tag, keep: bool, container: type | None, *, always: bool = False):
        """A string node; `always` for comments, which bs4 keeps even when empty (as one space)."""
        if not data and not always:
            return None
        if not keep and not data.strip(ASCII_SPACES):
            data = "\n" if "\n" in data else " "
        node = str.__new__(container or NavigableString, data)  # NavigableString.__new__ minus its setup()
        node.hidden = False
        self.link(node, parent)
        return node

    def link(self, node, parent: Tag) -> None:
        """Append `node` to `parent` and to the document order, as bs4's builder links it."""
        _link(node, parent, self.last)
        self.last = node


def _link(node, parent: Tag, last) -> None:
    """Append `node` to `parent`'s children and after `last` in document order, as bs4's builder links it."""
    own = node.__dict__
    own["parent"] = parent
    contents = parent.contents
    if contents:
        previous = contents[-1]
        own["previous_sibling"] = previous
        previous.next_sibling = node
    else:
        own["previous_sibling"] = None
    own["next_sibling"] = None
    contents.append(node)
    if last is not None:
        last.next_element = node
    own["previous_element"] = last
    own["next_element"] = None
