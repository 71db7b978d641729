"""FastTag's own unwrap and index leave the tree exactly as bs4's do: same markup, same links."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import assert_linked

from wx2md.soup import FastTag, new_soup
from wx2md.tree import nodes_in, tags_in

FRAGMENTS = [
    "<p>a<span>b<em>c</em>d</span>e</p>",
    "<div><span></span><span>x</span><span><b>y</b></span></div>tail",
    "<section><section><p>1</p><p>2</p></section><p>3</p></section><br>",
    "<p><strong><a href='x'>l</a></strong><!-- c -->t</p>" * 3,
    "<span>only</span>",
    "<ul><li><span>a<br>b</span></li><li>c</li></ul>",
]


def _links(root: Tag) -> list[tuple]:
    """Each node's text or name with the positions of its parent and neighbours in document order."""
    order = [root, *nodes_in(root)]
    where = {id(node): i for i, node in enumerate(order)}
    pos = lambda node: where.get(id(node)) if node is not None else None
    out = []
    for node in order[1:]:
        me = node.name if isinstance(node, Tag) else str(node)
        out.append((me, pos(node.parent), pos(node.previous_sibling), pos(node.next_sibling),
                    pos(node.previous_element), pos(node.next_element)))
    return out


def _count(markup: str) -> int:
    return len(tags_in(BeautifulSoup(markup, "lxml").body))


@pytest.mark.parametrize("markup", FRAGMENTS)
@pytest.mark.parametrize("reverse", [False, True])
def test_unwrap_matches_bs4_for_every_tag(markup, reverse):
    for i in range(_count(markup)):
        fast, slow = new_soup(markup).body, BeautifulSoup(markup, "lxml").body
        fast_tag, slow_tag = tags_in(fast)[i], tags_in(slow)[i]
        assert isinstance(fast_tag, FastTag) and type(slow_tag) is Tag
        assert fast_tag.unwrap() is fast_tag
        slow_tag.unwrap()
        assert str(fast) == str(slow)
        assert _links(fast) == _links(slow)
        assert_linked(fast)
        assert fast_tag.parent is None and fast_tag.contents == []


@pytest.mark.parametrize("markup", FRAGMENTS)
def test_unwrapping_everything_in_either_order_matches_bs4(markup):
    for order in (list, lambda tags: list(reversed(tags))):
        fast, slow = new_soup(markup).body, BeautifulSoup(markup, "lxml").body
        for tag in order(tags_in(fast)):
            tag.unwrap()
        for tag in order(tags_in(slow)):
            tag.unwrap()
        assert str(fast) == str(slow)
        assert _links(fast) == _links(slow)
        assert_linked(fast)


def test_index_finds_the_very_object_not_an_equal_one():
    body = new_soup("<p>x</p><p>x</p>" + "<b>y</b>" * 30 + "<p>x</p>").body
    paragraphs = tags_in(body, ("p",))
    assert [body.index(p) for p in paragraphs] == [0, 1, 32]
    with pytest.raises(ValueError):
        body.index(new_soup("<p>x</p>").body.p)


def test_unwrap_of_a_detached_tag_is_refused_like_bs4():
    with pytest.raises(ValueError):
        new_soup().new_tag("span").unwrap()


@pytest.mark.parametrize("markup", FRAGMENTS)
def test_replace_texts_matches_replace_with(markup):
    from bs4 import NavigableString

    from wx2md.tree import replace_texts

    fast, slow = new_soup(markup).body, BeautifulSoup(markup, "lxml").body
    pick = lambda root: [n for n in nodes_in(root) if type(n) is NavigableString]
    replace_texts([(node, f"<{node}>") for node in pick(fast)])
    for node in pick(slow):
        node.replace_with(NavigableString(f"<{node}>"))
    assert str(fast) == str(slow)
    assert _links(fast) == _links(slow)
    assert_linked(fast)


@pytest.mark.parametrize("markup", [
    "<ol><li>a</li> <li>b</li><!-- c --><p>x</p><li>c</li>text<li>d</li></ol>",
    "<ol start='3'><li>a</li></ol>",
    "<div><li>a</li><span>s</span><li>b</li></div>",
])
def test_find_previous_siblings_by_name_is_bs4s(markup):
    fast, plain = new_soup(markup), BeautifulSoup(markup, "lxml")
    for mine, theirs in zip(fast.find_all(True), plain.find_all(True)):
        assert isinstance(mine, FastTag)
        for name in ("li", "p", "span", "b"):
            assert [str(t) for t in mine.find_previous_siblings(name)] == [str(t) for t in theirs.find_previous_siblings(name)]
        assert len(mine.find_previous_siblings("li", limit=1)) == len(theirs.find_previous_siblings("li", limit=1))
