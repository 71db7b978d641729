"""soup.py builds the very tree bs4's own lxml builder builds: nodes, classes, attributes and links."""

from __future__ import annotations


import lxml.html
import pytest
from bs4 import BeautifulSoup, Tag
from conftest import PAGES, SAMPLE

from wx2md.soup import FastTag, from_lxml, new_soup, parse_document
from wx2md.tree import parse_fragment

REAL = sorted(PAGES.glob("*.html")) if PAGES.is_dir() else []


def shape(root: Tag) -> list[tuple]:
    """Every node under `root` with its class, name, attributes and neighbours' kinds."""
    kind = lambda n: "Tag" if isinstance(n, Tag) else type(n).__name__  # noqa: E731 (FastTag is a Tag)
    out = []
    for node in [root, *root.descendants]:
        if isinstance(node, Tag):
            attrs = sorted((k, tuple(v) if isinstance(v, list) else v, kind(v)) for k, v in node.attrs.items())
            me = (kind(node), node.name, attrs, node.can_be_empty_element, len(node.contents))
        else:
            me = (kind(node), str(node))
        links = (kind(node.next_sibling), kind(node.previous_sibling), kind(node.next_element), kind(node.previous_element))
        out.append((me, links, node.parent.name if node.parent is not None else None))
    return out


def assert_same(expected: Tag, built: Tag) -> None:
    assert str(built) == str(expected)
    want, got = shape(expected), shape(built)
    # Outside the compared subtree: the root's own neighbours, and what follows its last node.
    assert got[0][0] == want[0][0] and got[1:-1] == want[1:-1]
    if len(want) > 1:
        assert got[-1][0] == want[-1][0] and got[-1][1][:2] == want[-1][1][:2]


@pytest.mark.parametrize(
    "markup",
    [
        "",
        " ",
        "text &amp; &nbsp; <b class='a  b'>b</b> tail",
        "<!---->a<!-- x --><!-- -->",
        "<pre>  \n <span> </span>\n</pre> \n <p> </p>\t<p>\n\n</p>",
        "<script> </script><style>a{}</style><textarea> x </textarea><template><p>t</p></template>",
        "<?php x ?><p>after</p>",
        "<p>unclosed <b>bold <i>both</p> after",
        "<table><tr><td rowspan=2>1<td>2</table><img src=x.png><br><hr>",
        "<svg viewBox='0 0 1 1'><rect/></svg><section data-x=1><span leaf=''>叶</span></section>",
        "<div>" * 3000 + "deep" + "</div>" * 3000,
    ],
)
def test_fragments_build_the_same_tree_as_bs4(markup):
    m = f"<div>{markup}</div>"
    assert_same(BeautifulSoup(m, "lxml").html, parse_document(m).html)
    assert str(parse_fragment(markup)) == str(BeautifulSoup(m, "lxml").body.div)


@pytest.mark.skipif(not REAL, reason="../shared/wechat-pages not present")
@pytest.mark.parametrize("page", REAL + [SAMPLE], ids=lambda p: p.name)
def test_real_pages_build_the_same_tree_as_bs4(page):
    html = page.read_text(encoding="utf-8", errors="replace")
    assert_same(BeautifulSoup(html, "lxml").html, parse_document(html).html)


CONTENT = [p for p in REAL + [SAMPLE] if 'id="js_content"' in p.read_text(encoding="utf-8", errors="replace")]


@pytest.mark.skipif(not REAL, reason="../shared/wechat-pages not present")
@pytest.mark.parametrize("page", CONTENT, ids=lambda p: p.name)
def test_the_content_element_of_one_lxml_parse_is_the_tree_bs4_gives(page):
    """What extraction needs: `#js_content` of the page's one lxml parse, as bs4, without parsing again."""
    html = page.read_text(encoding="utf-8", errors="replace")
    doc = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True, default_doctype=False))
    element = doc.xpath('//*[@id="js_content"]')[0]
    assert_same(BeautifulSoup(html, "lxml").find(id="js_content"), from_lxml(element))


def test_fast_find_parent_answers_as_bs4_does():
    markup = "<div><pre><code><span>x</span></code></pre><p><b>y</b></p></div>"
    fast, plain = new_soup(markup), BeautifulSoup(markup, "lxml")
    new = fast.new_tag("i")
    fast.b.append(new)
    assert isinstance(fast.span, FastTag) and isinstance(new, FastTag)
    for name in ("pre", "code", "div", "p", "table", "[document]"):
        for tag in ("span", "code", "b"):
            got, want = getattr(fast, tag).find_parent(name), getattr(plain, tag).find_parent(name)
            assert (got.name if got else None) == (want.name if want else None)
    assert new.find_parent("p") is fast.p and fast.span.find_parent(["pre"]) is fast.pre
    assert fast.span.find_parent("pre", attrs={"class": "x"}) is None


def test_tree_work_holds_the_collector_and_always_gives_it_back():
    import gc

    from wx2md.soup import tree_work

    assert gc.isenabled()
    with pytest.raises(ValueError):
        with tree_work():
            assert not gc.isenabled()
            raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with tree_work():
            pass
        assert not gc.isenabled()  # not ours to turn on
    finally:
        gc.enable()
