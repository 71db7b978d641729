"""Source whitespace as a browser shows it, without spaces inside Chinese text."""

from __future__ import annotations

from bs4 import Comment, NavigableString, Tag

from wx2md.tags import BLOCK_TAGS, INLINE_LEAVES, TEXT_BARRIERS
from wx2md.text import INVISIBLE, collapse_visible, strip_invisible
from wx2md.tree import replace_texts


def normalize_text(root: Tag) -> None:
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
