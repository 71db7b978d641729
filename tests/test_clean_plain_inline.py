"""Spans built as their content (`clean.plain_inline`) give the very tree the cleaner would have made."""

from __future__ import annotations

import lxml.html
import pytest
from conftest import PAGES, SAMPLE, assert_linked

from wx2md.clean import clean, plain_inline
from wx2md.footnotes import may_hold_marks
from wx2md.soup import from_lxml
from wx2md.tree import nodes_in, tags_in

REAL = sorted(PAGES.glob("*.html")) if PAGES.is_dir() else []
FRAGMENTS = [
    '<div><p>a<span style="color:red">b<em>c</em>d</span>e</p></div>',
    '<div><span>lead</span><span style="x"><span>in</span>ner</span> tail<font face="x">f</font></div>',
    '<div><span style="font-weight:bold">bold</span><span style="font-style:italic">it</span>'
    '<span style="font-weight:normal">plain</span></div>',
    '<div><span class="k">kept</span><span id="i">kept</span><span data-formula="x">m</span>'
    '<span style="background:url(a.png)">bg</span></div>',
    '<div><pre><span>code</span>\n<span style="color:red">x</span></pre><span>  </span><span>\n</span></div>',
    '<div><span><p>block in span</p></span><span><!-- c --><img src="https://mmbiz.qpic.cn/a/640"></span></div>',
]


def plain_inline_for(body):
    """The span shortcut as `extract.content` takes it: off where the footnote stage reads the body."""
    return None if may_hold_marks(body) else plain_inline


def _element(markup: str):
    return lxml.html.fragment_fromstring(markup)


def _built(markup: str, flatten: bool):
    element = _element(markup)
    return from_lxml(element, flatten=plain_inline_for(element) if flatten else None)


@pytest.mark.parametrize("markup", FRAGMENTS)
def test_flattened_spans_are_what_unwrapping_them_gives(markup):
    flat, full = _built(markup, True), _built(markup, False)
    for span in reversed(tags_in(full, ("span", "font"))):
        if span.find_parent("pre") is None and not span.attrs.keys() & {"id", "class", "data-formula", "data-lang"}:
            style = span.get("style") or ""
            if "url(" not in style and "bold" not in style and "italic" not in style:
                span.unwrap()
    assert [str(n) for n in nodes_in(flat)] == [str(n) for n in nodes_in(full)]
    assert_linked(flat)


def test_which_spans_are_flattened():
    flat = _built(FRAGMENTS[3], True)
    assert [t.get("class") or t.get("id") or t.get("data-formula") or t.get("style") for t in flat("span")] == [
        ["k"], "i", "x", "background:url(a.png)"]
    assert len(_built(FRAGMENTS[2], True)("span")) == 2  # bold and italic stay for the cleaner to rename
    assert len(_built(FRAGMENTS[4], True)("span")) == 2  # never inside <pre>


def test_no_flattening_where_the_body_holds_footnote_marks():
    assert plain_inline_for(_element("<div><span>a</span><sup>[1]</sup></div>")) is None


@pytest.mark.skipif(not REAL, reason="../shared/wechat-pages not present")
@pytest.mark.parametrize("page", [p for p in REAL + [SAMPLE] if 'id="js_content"' in p.read_text(errors="replace")],
                         ids=lambda p: p.name)
def test_real_bodies_clean_to_the_same_tree(page):
    doc = lxml.html.document_fromstring(page.read_text(encoding="utf-8", errors="replace"),
                                        parser=lxml.html.HTMLParser(huge_tree=True, default_doctype=False))
    body = doc.xpath('//*[@id="js_content"]')[0]
    flat = clean(from_lxml(body, flatten=plain_inline_for(body)))
    full = clean(from_lxml(body))
    assert str(flat) == str(full)
