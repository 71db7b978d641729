"""Small facts about bs4 trees that several stages need."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator

from bs4 import NavigableString, PageElement, Tag


def gone(tag: Tag) -> bool:
    """Whether `tag` was decomposed earlier in a pass over a precomputed list.

    bs4's own `Tag.decomposed` falls through `Tag.__getattr__` into a subtree
    search on live tags; reading the flag from the instance dict is O(1).
    """
    return tag.__dict__.get("_decomposed", False)


def is_br(node: object) -> bool:
    """Whether `node` is a `<br>` (the cleaner and the footnote reader both step over them)."""
    return isinstance(node, Tag) and node.name == "br"


def parse_fragment(markup: str) -> Tag:
    """Parse an HTML fragment with lxml and return the `<div>` holding it.

    Wrapping in a div gives every fragment (a page's body slice, text rebuilt
    from JavaScript, raw HTML left in an old post) one root to clean.
    """
    from wx2md.soup import parse_document  # lxml parse, bs4 tree: see soup.py

    soup = parse_document(f"<div>{markup}</div>")
    div = soup.body.div if soup.body is not None else None
    if div is None:  # pragma: no cover - lxml always builds html/body
        div = soup.new_tag("div")
        soup.append(div)
    return div


def _walk(root: Tag) -> tuple[PageElement | None, PageElement | None]:
    """Where a walk below `root` in document order starts, and the node it stops at (None, None: nothing below)."""
    if not root.contents:
        return None, None
    return root.contents[0], root._last_descendant().next_element


def tags_in(root: Tag, names: Collection[str] | None = None, where: Callable[[Tag], bool] | None = None) -> list[Tag]:
    """The tags below `root` in document order: all, those named in `names`, or those `where` accepts.

    What `root.find_all(names)` or `root.find_all(where)` return, without bs4's
    filter machinery, which matches each element against each name or calls
    through several layers per element: ten times slower with a tuple of names,
    and the cleaner's passes run it thousands of times per page. One plain loop
    down the document order (`next_element`), not `descendants`: a generator
    step per node was most of a pass's time.
    """
    node, stop = _walk(root)
    out: list[Tag] = []
    if names is None and where is None:
        while node is not stop and node is not None:
            if isinstance(node, Tag):
                out.append(node)
            node = node.next_element
    else:
        while node is not stop and node is not None:
            if isinstance(node, Tag) and (names is None or node.name in names) and (where is None or where(node)):
                out.append(node)
            node = node.next_element
    return out


def nodes_in(root: Tag) -> list[PageElement]:
    """Every node below `root` (tags, text, comments) in document order.

    `list(root.descendants)`, without a generator step per node (see `tags_in`).
    """
    node, stop = _walk(root)
    out: list[PageElement] = []
    while node is not stop and node is not None:
        out.append(node)
        node = node.next_element
    return out


def first_tag(root: Tag, names: Collection[str]) -> Tag | None:
    """The first tag below `root` named in `names` (`root.find(names)`, fast: see `tags_in`)."""
    return next(iter_tags(root, names), None)


def iter_tags(
    root: Tag, names: Collection[str] | None = None, where: Callable[[Tag], bool] | None = None
) -> Iterator[Tag]:
    """`tags_in`, lazily: for a first match or the first few."""
    node, stop = _walk(root)
    while node is not stop and node is not None:
        following = node.next_element  # read first: the caller may change the tree between steps
        if isinstance(node, Tag) and (names is None or node.name in names) and (where is None or where(node)):
            yield node
        node = following


def replace_texts(changes: list[tuple[NavigableString, str]]) -> None:
    """Put a new text node with the given text in place of each old one.

    What `old.replace_with(NavigableString(text))` does, for a whole pass at
    once: bs4 searches the parent's children for each node and re-inserts it
    (a third of normalizing a page's text); here each parent's children are
    numbered once, and a one-for-one swap shifts no other position.
    """
    numbered: dict[int, dict[int, int]] = {}
    for old, text in changes:
        parent = old.parent
        if parent is None:
            continue
        positions = numbered.get(id(parent))
        if positions is None:
            positions = numbered[id(parent)] = {id(child): i for i, child in enumerate(parent.contents)}
        new = str.__new__(NavigableString, text)  # NavigableString(text) minus linking it to nothing:
        new.hidden = False  # every link is set right below
        new.parent = parent
        _take_place(old, new)
        at = positions.pop(id(old))
        parent.contents[at] = new
        positions[id(new)] = at
        old.parent = old.previous_sibling = old.next_sibling = old.previous_element = old.next_element = None


def _take_place(old: PageElement, new: PageElement) -> None:
    """Link `new` between `old`'s neighbours, among its siblings and in document order."""
    before, after = old.previous_sibling, old.next_sibling
    new.previous_sibling, new.next_sibling = before, after
    if before is not None:
        before.next_sibling = new
    if after is not None:
        after.previous_sibling = new
    before, after = old.previous_element, old.next_element
    new.previous_element, new.next_element = before, after
    if before is not None:
        before.next_element = new
    if after is not None:
        after.previous_element = new
