"""The first pass: what is no content at all (comments, scripts, page furniture) goes."""

from __future__ import annotations

from bs4 import Comment, Tag

from wx2md.tags import DROP_TAGS
from wx2md.tree import gone, nodes_in
from wx2md.wechat import FURNITURE


def drop_noise(root: Tag) -> set[str]:
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
