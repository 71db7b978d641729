"""Small questions the cleaner's passes ask of nodes: is it a block, blank, a double break."""

from __future__ import annotations

import re

from bs4 import Comment, NavigableString, Tag

from wx2md.tags import BLOCK_TAGS, SHOWN_INSIDE, VISIBLE_LEAVES
from wx2md.tree import first_tag, is_br


def classes(tag: Tag) -> set[str]:
    value = tag.get("class") or []
    return set(value.split() if isinstance(value, str) else value)


def is_block(node: object) -> bool:
    return isinstance(node, Tag) and node.name in BLOCK_TAGS


def holds_block(tag: Tag) -> bool:
    """Whether a child of `tag` is a block (asked of every wrapper, often more than once)."""
    for child in tag.contents:
        if isinstance(child, Tag) and child.name in BLOCK_TAGS:
            return True
    return False


def is_blank(node: object) -> bool:
    """Whitespace-only text (comments are not text)."""
    return isinstance(node, NavigableString) and not isinstance(node, Comment) and not str(node).strip()


def meaningful(nodes: list) -> bool:
    """Whether inline nodes hold anything but breaks and blank text."""
    return any(not (is_br(n) or is_blank(n) or isinstance(n, Comment)) for n in nodes)



def has_content(tag: Tag) -> bool:
    """True when the element shows something: text, an image, a rule, code or math."""
    if tag.name in VISIBLE_LEAVES or tag.name == "br":
        return tag.name != "br"
    if tag.get_text().strip():
        return True
    return first_tag(tag, SHOWN_INSIDE) is not None


def is_double_break(children: list, i: int) -> bool:
    return is_br(children[i]) and next_is_br(children, i)


def next_is_br(children: list, i: int) -> bool:
    j = i + 1
    while j < len(children) and is_blank(children[j]):
        j += 1
    return j < len(children) and is_br(children[j])


def same_text(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", "", s).lower()  # noqa: E731
    return norm(a) == norm(b)
