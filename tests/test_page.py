"""The parsed page: id and class lookups give what a browser's DOM would."""

from __future__ import annotations

import pytest
from conftest import needs_shared, read_page

from wx2md.extract.page import Page, by_class


def test_by_id_first_element_wins():
    page = Page.read('<html><body><div id="x">1</div><p id="x">2</p></body></html>')
    assert page.ids_indexed
    assert page.by_id("x").tag == "div"


def test_by_id_is_not_fooled_by_an_anchor_name():
    # libxml2 files <a name> under the name too: the element with the id must come back.
    page = Page.read('<html><body><a name="js_content"></a><div id="js_content">body</div></body></html>')
    assert page.by_id("js_content").tag == "div"
    assert Page.read('<html><body><a name="js_content"></a></body></html>').by_id("js_content") is None


def test_by_id_of_an_absent_or_spaced_id():
    page = Page.read('<html><body><div id="a b">1</div><p id="a">2</p></body></html>')
    assert page.by_id("missing") is None
    assert page.by_id("a b").tag == "div"
    assert page.by_id("a").tag == "p"


def test_by_id_on_a_page_too_deep_for_libxml2():
    # Over 256 levels the page is rebuilt through a tree builder, which indexes no ids.
    deep = "<div>" * 300 + '<span id="inner">x</span>' + "</div>" * 300
    page = Page.read(f'<html><body><div id="js_content">{deep}</div></body></html>')
    assert not page.ids_indexed
    assert page.by_id("inner").text == "x"
    assert page.by_id("js_content").tag == "div"


def test_by_class_matches_whole_words_only():
    page = Page.read('<html><body><p class="a-b">1</p><p class=" x\tab\n">2</p><p class="abc">3</p></body></html>')
    assert [node.text for node in by_class(page.root, "ab")] == ["2"]
    assert [node.text for node in page.all_by_class("a-b")] == ["1"]


@needs_shared
@pytest.mark.parametrize("name", ["saved-2020-js66-mdnice-code-lists.html", "exp-2025-reprint-36kr.html"])
def test_by_id_agrees_with_a_walk_on_real_pages(name):
    page = Page.read(read_page(name))
    for ident, node in page.ids.items():
        if " " not in ident:
            assert page.by_id(ident) is node
