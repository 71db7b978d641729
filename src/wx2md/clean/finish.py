"""The last passes: what shows nothing goes, only the attributes Markdown reads stay, depth is capped."""

from __future__ import annotations

from bs4 import Comment, Tag

from wx2md.footnotes import MARK as FOOTNOTE
from wx2md.tags import ATOMS, KEPT_EMPTY, SPACE_MARKS
from wx2md.tree import gone, tags_in

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


def prune_empty(root: Tag) -> None:
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


def strip_attributes(root: Tag) -> None:
    for tag in tags_in(root):
        keep = KEEP_ATTRS.get(tag.name, ())
        tag.attrs = {k: v for k, v in tag.attrs.items() if k in keep and v not in (None, "")}


def limit_depth(root: Tag) -> None:
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
