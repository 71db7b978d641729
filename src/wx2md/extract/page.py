"""The parsed page every extraction step reads: one lxml tree, one script index.

lxml parses a real 2-4 MB page in about 10 ms, so the page is parsed once, whole,
and each step asks the tree; nothing scans the raw text for markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from lxml import etree

from wx2md.extract.scripts import ScriptIndex
from wx2md.jsvars import unescape_html
from wx2md.wechat import Id

_SPACES = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_XML_SPACES = re.compile("[\x20\t\r\n]+")  # what XPath's normalize-space() collapses


def parse_html(raw: str) -> tuple[etree._Element | None, bool]:
    """The page's element tree, and whether libxml2 built it (and so indexed its ids).

    libxml2 stops building at 256 levels of nesting (2048 with its "huge" option,
    which costs a third more time on every page); a page that deep is parsed again
    through a tree builder target, which has no such limit (and is 4x slower).
    """
    declaration = _XML_DECLARATION.match(raw)
    if declaration:  # lxml refuses text that names its encoding: it is decoded already
        raw = raw[declaration.end() :]
    if not raw or raw.isspace():
        return None, False
    data = raw.encode("utf-8", "surrogatepass")
    # etree's parser, not lxml.html's: the same tree, but no Python class lookup per
    # element (lxml.html asks one for every element a step touches); no step uses
    # lxml.html's element methods.
    parser = etree.HTMLParser(encoding="utf-8")
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        return None, False
    if root is None:  # nothing but comments or a doctype: what lxml.html calls an empty document
        return None, False
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        deep = etree.HTMLParser(target=etree.TreeBuilder(), encoding="utf-8", huge_tree=True)
        try:
            return etree.fromstring(data, parser=deep), False
        except (etree.LxmlError, ValueError):  # the builder refuses control characters libxml2 kept
            pass  # keep the first parse, cut at libxml2's depth
    return root, True


def one_line(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\xa0", " ").replace("\u3000", " ")).strip()


def text_of(node: etree._Element | None) -> str:
    """Visible text of an element on one line (scripts and styles left out)."""
    if node is None:
        return ""
    return one_line(" ".join(node.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")))


def by_class(base: etree._Element, cls: str) -> list[etree._Element]:
    """The elements under `base` whose class list holds `cls`, in document order.

    libxml2 passes most elements by at C speed when asked only whether they have
    a class, then whether it holds the text (the word test in XPath, a
    `concat(normalize-space())` per element, took six times as long on a large
    page); the few candidates are then split as XPath would split them.
    """
    found = base.xpath("descendant::*[@class][contains(@class, $cls)]", cls=cls)
    return [node for node in found if cls in _XML_SPACES.split(node.get("class", ""))]


@dataclass
class Page:
    """A raw page, its tree and its script data."""

    raw: str
    url: str
    root: etree._Element | None
    scripts: ScriptIndex = field(repr=False)
    received: datetime | None = None  # when the page was fetched (the response's Date), if known
    ids_indexed: bool = False  # libxml2 built the tree, and indexed its ids as it went

    @classmethod
    def read(cls, raw: str, url: str = "", received: datetime | None = None) -> Page:
        root, indexed = parse_html(raw)
        scripts = [] if root is None else [s.text or "" for s in root.iter("script") if not s.get("src")]
        return cls(raw=raw, url=url, root=root, scripts=ScriptIndex(scripts), received=received, ids_indexed=indexed)

    @cached_property
    def ids(self) -> dict[str, etree._Element]:
        """Every element with an id, by id (the first one wins, as in a browser)."""
        found: dict[str, etree._Element] = {}
        for node in [] if self.root is None else self.root.xpath("//*[@id]"):
            found.setdefault(node.get("id"), node)
        return found

    def by_id(self, ident: str) -> etree._Element | None:
        """The first element with this id, from libxml2's own id table where it has one.

        The table answers in microseconds where collecting every id takes a walk of
        the page (3 ms on a large one). For an HTML document libxml2 also files an
        `<a name>` under its name, so an answer without that very id goes to the walk;
        so does an empty id or one holding a space (the table never files the first,
        and XPath's `id()` splits its argument into words).
        """
        if self.root is None:
            return None
        if self.ids_indexed and ident and _XML_SPACES.search(ident) is None:
            found = self.root.xpath("id($ident)", ident=ident)
            if not found:
                return None
            if found[0].get("id") == ident:
                return found[0]
        return self.ids.get(ident)

    def all_by_class(self, cls: str, under: etree._Element | None = None) -> list[etree._Element]:
        base = under if under is not None else self.root
        return [] if base is None else by_class(base, cls)

    @cached_property
    def content(self) -> etree._Element | None:
        """`#js_content`: the body of an ordinary article (a layout wrapper on text posts)."""
        return self.by_id(Id.CONTENT)

    @cached_property
    def content_has_body(self) -> bool:
        node = self.content
        if node is None:
            return False
        if (node.text or "").strip():
            return True
        return any(not isinstance(child, etree._Comment) for child in node)

    @cached_property
    def article(self) -> etree._Element | None:
        """The article's outer container (`#js_article`, or an older wrapper)."""
        for ident in (Id.ARTICLE, *Id.OLD_ARTICLE):
            node = self.by_id(ident)
            if node is not None:
                return node
        return None

    def header(self, ident: str = "", cls: str = "", *, in_body: bool = False) -> etree._Element | None:
        """The first element with this id or class outside the article body (titles and names live there)."""
        if self.root is None:
            return None
        if ident:
            node = self.by_id(ident)
            return node if node is not None and (in_body or not self.in_body(node)) else None
        found = by_class(self.root, cls)
        return next((node for node in found if in_body or not self.in_body(node)), None)

    def in_body(self, node: etree._Element) -> bool:
        """Whether `node` lies inside `#js_content`."""
        body = self.content
        return body is not None and any(ancestor is body for ancestor in node.iterancestors()) or node is body

    def header_text(self, ident: str = "", cls: str = "", *, in_body: bool = False) -> str:
        return text_of(self.header(ident, cls, in_body=in_body))

    @cached_property
    def meta_tags(self) -> dict[str, str]:
        """`<meta>` contents by property/name/itemprop (lower case), first one wins."""
        found: dict[str, str] = {}
        if self.root is None:
            return found
        for meta in self.root.iter("meta"):
            key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv") or "").lower()
            content = meta.get("content")
            if key and content is not None and key not in found:
                found[key] = unescape_html(content)
        return found

    def meta(self, *keys: str) -> list[str]:
        return [self.meta_tags[k] for k in keys if k in self.meta_tags]

    @cached_property
    def title_tag(self) -> str:
        if self.root is None:
            return ""
        found = self.root.xpath("//title")
        return text_of(found[0]) if found else ""

    @cached_property
    def comments(self) -> list[str]:
        """Top-level comments (`<!-- saved from url=… -->`, SingleFile's `saved date:`)."""
        if self.root is None:
            return []
        return [c.text or "" for c in self.root.xpath("/comment() | /html/comment() | /html/head/comment()")][:20]
