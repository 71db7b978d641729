"""Blocks: layout wrappers become paragraphs, `<br><br>` splits them, list items and header rows tighten."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from wx2md.clean.nodes import holds_block, is_blank, is_block, is_double_break, meaningful
from wx2md.tags import EDGE_MARKS, NO_PARAGRAPHS, PARAGRAPH_HOLDERS, WRAPPERS
from wx2md.tree import gone, is_br, tags_in


def flatten_blocks(root: Tag, soup: BeautifulSoup) -> None:
    """Turn layout wrappers into paragraphs (when they hold text) or nothing (when they hold blocks).

    Deepest first, so each wrapper sees its children already resolved.
    """
    for tag in reversed(tags_in(root, WRAPPERS | {"p"})):
        if gone(tag) or tag is root:
            continue
        if not holds_block(tag):
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
    if not holds_block(parent):
        return
    run: list = []
    for child in list(parent.contents):
        if is_block(child):
            if run:  # (blocks in a row leave nothing between them to close)
                _close_run(run, soup)
                run = []
        else:
            run.append(child)
    if run:
        _close_run(run, soup)


def _close_run(run: list, soup: BeautifulSoup) -> None:
    if not meaningful(run):
        for node in run:
            if is_br(node):
                node.decompose()
        return
    para = soup.new_tag("p")
    run[0].insert_before(para)
    for node in run:
        para.append(node.extract())


def split_double_breaks(root: Tag, soup: BeautifulSoup) -> None:
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
            if is_double_break(children, i):
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


def _skip_breaks(children: list, i: int) -> int:
    while i < len(children) and (is_br(children[i]) or is_blank(children[i])):
        i += 1
    return i


def _trim_breaks(block: Tag) -> None:
    """Drop <br>s (and blank text) at the start and end of a block, however deeply nested."""
    for edge in ("first", "last"):
        while True:
            node = _edge_leaf(block, edge)
            if node is None:
                break
            if is_blank(node):
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


def tighten_list_items(root: Tag) -> None:
    """`<li><p>text</p><ul>…` is a tight list item: a lone paragraph in an item is just its text."""
    for item in tags_in(root, ("li",)):
        paras = [c for c in item.contents if isinstance(c, Tag) and c.name == "p"]
        first = next((c for c in item.contents if isinstance(c, Tag) or str(c).strip()), None)
        if len(paras) == 1 and first is paras[0]:
            paras[0].unwrap()


LOST_ITEM_SEP = " - "
LOST_ITEM_MAX = 40  # characters: a sub-item's words, not a sentence


def lift_lost_subitems(root: Tag, soup: BeautifulSoup) -> None:
    """`<li>float - left<ul><li>right</li></ul>` (mdnice's renderer, when the author's first sub-item
    followed its parent line) is `float` with the sub-items `left` and `right`: the words after each
    ` - ` in the item's own text, just before its nested list, become that list's first items."""
    for item in tags_in(root, ("li",)):
        nested = next((c for c in item.contents if isinstance(c, Tag) and c.name in ("ul", "ol")), None)
        if nested is None:
            continue
        head = item.contents[: item.contents.index(nested)]
        if not any(not isinstance(n, Tag) and LOST_ITEM_SEP in str(n) for n in head):
            continue
        segments = _split_at_dashes(head)
        words = ["".join(_text(n) for n in seg).strip() for seg in segments]
        if len(words) < 2 or not words[0] or not all(0 < len(w) <= LOST_ITEM_MAX for w in words[1:]):
            continue
        _move_to_items(soup, nested, head, segments)


def _text(node) -> str:
    return node.get_text() if isinstance(node, Tag) else str(node)


def _split_at_dashes(nodes: list) -> list[list]:
    """The nodes split at each ` - ` of their own text (text inside a tag, code too, is never split)."""
    segments: list[list] = [[]]
    for node in nodes:
        if isinstance(node, Tag) or LOST_ITEM_SEP not in str(node):
            segments[-1].append(node)
            continue
        parts = str(node).split(LOST_ITEM_SEP)
        for n, part in enumerate(parts):
            if n:
                segments.append([])
            if part:
                segments[-1].append(part)
    return segments


def _move_to_items(soup: BeautifulSoup, nested: Tag, head: list, segments: list[list]) -> None:
    for node in head:
        node.extract()
    for node in _trimmed(segments[0]):
        nested.insert_before(node)
    for at, segment in enumerate(segments[1:]):
        new = soup.new_tag("li")
        for node in _trimmed(segment):
            new.append(node)
        nested.insert(at, new)


def _trimmed(segment: list) -> list:
    """The segment's nodes as tree nodes, without the spaces around the ` - ` that split it."""
    from bs4 import NavigableString

    nodes = list(segment)  # Tags, and text (str) split from the item's own text nodes
    if nodes and not isinstance(nodes[0], Tag):
        nodes[0] = str(nodes[0]).lstrip()
    if nodes and not isinstance(nodes[-1], Tag):
        nodes[-1] = str(nodes[-1]).rstrip()
    return [n if isinstance(n, Tag) else NavigableString(n) for n in nodes if isinstance(n, Tag) or n]


def plain_header_cells(root: Tag) -> None:
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
