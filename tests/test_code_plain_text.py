"""The code stage's plain-block reader (`code._plain_text`) on lxml, held to `_pre_text` on the bs4 tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from wx2md.code import _plain_text, _pre_text, rebuild_code_blocks
from wx2md.soup import from_lxml, new_soup
from wx2md.tree import parse_fragment

PAGES = Path(__file__).resolve().parents[2] / "shared" / "wechat-pages"

NOT_PLAIN = {
    "furniture id": '<pre>a<span id="js_pc_qr_code">b</span></pre>',
    "furniture class": '<pre>a<span class="x rich_media_tool">b</span></pre>',
    "gutter class": '<pre><span class="line-numbers">1</span>a</pre>',
    "snippet class": '<pre><span class="code-snippet__fix">a</span></pre>',
    "formula": '<pre><span data-formula="x^2">x</span></pre>',
    "formula on the block": '<pre data-formula="x^2">x</pre>',
    "widget": "<pre><mp-common-profile>x</mp-common-profile></pre>",
    "footnote mark": "<pre>a<sup>[1]</sup></pre>",
}
PLAIN = {
    "highlight classes": '<pre><code class="hljs"><span class="hljs-keyword">def</span>&nbsp;f():<br>pass</code></pre>',
    "empty formula attribute": '<pre><span data-formula="">x</span>y</pre>',
    "style only": '<pre><span style="color: red">a</span><br style="x">b</pre>',
    "line blocks": "<pre><p>one</p><div>two</div>three<br>four</pre>",
}


def _pre(body: str):
    return lxml_html.fragment_fromstring(f"<div>{body}</div>").find(".//pre")


@pytest.mark.parametrize("body", NOT_PLAIN.values(), ids=NOT_PLAIN.keys())
def test_blocks_an_earlier_stage_reads_are_not_plain(body: str) -> None:
    assert _plain_text(_pre(body)) is None


@pytest.mark.parametrize("body", PLAIN.values(), ids=PLAIN.keys())
def test_plain_text_is_the_text_the_full_tree_gives(body: str) -> None:
    pre = _pre(body)
    assert _plain_text(pre) == _pre_text(from_lxml(pre))


@pytest.mark.skipif(not PAGES.is_dir(), reason="shared pages absent")
def test_every_real_plain_block_reads_the_same() -> None:
    checked = 0
    for path in sorted(PAGES.glob("*.html")):
        for pre in lxml_html.parse(str(path)).getroot().iter("pre"):
            text = _plain_text(pre)
            if text is not None:
                assert text == _pre_text(from_lxml(pre)), path.name
                checked += 1
    assert checked > 100


def test_a_pre_is_rebuilt_where_it_stands_and_its_inner_pre_is_not_rebuilt_again() -> None:
    root = parse_fragment('<p>before</p><pre class="x" style="y">a<pre>b</pre>c</pre><p>after</p>')
    pre = root.find("pre")
    rebuild_code_blocks(root, new_soup())
    assert root.find("pre") is pre
    assert [str(child) for child in root.children] == ["<p>before</p>", "<pre>abc</pre>", "<p>after</p>"]
