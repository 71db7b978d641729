"""The code stage's shortcut: a plain `<pre>` built as its text gives the same post as the full tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from wx2md.clean import clean
from wx2md.code import stand_in
from wx2md.footnotes import may_hold_marks
from wx2md.markdown import to_markdown
from wx2md.soup import from_lxml, tree_work


def stand_in_for(body):
    """The code shortcut as `extract.content` takes it: off where the footnote stage reads the body."""
    return None if may_hold_marks(body) else stand_in


PAGES = Path(__file__).resolve().parents[2] / "shared" / "wechat-pages"

BODIES = {
    "mdnice": '<section><pre class="custom"><code class="hljs language-python">'
    '<span class="hljs-keyword">def</span>&nbsp;f():<br>&nbsp;&nbsp;<span>return</span>&nbsp;1<br></code></pre><p>after</p></section>',
    "line blocks": "<pre><p>one</p><div>two</div>three<br>four<section><p>five</p></section></pre>",
    "data-lang": '<pre data-lang="js"><code>let a\n  = 1;\n</code></pre>',
    "lang on second code": '<pre><code>a</code><code class="lang-rust">b</code></pre>',
    "gutter": '<pre><ul class="code-snippet__line-index"><li>1</li></ul><code>x = 1</code></pre>',
    "comment": "<pre>a<!-- note -->b</pre>",
    "script": "<pre>a<script>var x;</script>b</pre>",
    "link": '<pre><a href="https://example.com/">link</a> text</pre>',
    "footnote": "<p>word<sup>[1]</sup></p><pre>[1] not a note</pre><p>[1] https://example.com/</p>",
    "snippet": '<section class="code-snippet__fix code-snippet__js"><ul class="code-snippet__line-index">'
    '<li></li></ul><pre class="code-snippet__js" data-lang="javascript"><code><span>let x</span></code>'
    "<code><span>x++</span></code></pre></section>",
    "nested": "<pre>a<pre>b</pre>c</pre>",
    "widget around": '<mp-common-profile data-nickname="n"><pre>code</pre></mp-common-profile>',
    "empty": "<pre></pre><pre><code></code></pre>",
    "blank lines": "<pre>\n\n  x\n\n</pre>",
}


def _markdown(body: str, shortcut: bool) -> str:
    node = lxml_html.fragment_fromstring(f'<div id="js_content">{body}</div>')
    with tree_work():
        tree = from_lxml(node, stand_in_for(node) if shortcut else None)
        return to_markdown(clean(tree))


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_same_markdown_with_and_without_the_shortcut(body: str) -> None:
    assert _markdown(body, True) == _markdown(body, False)


def test_plain_block_is_built_as_text() -> None:
    node = lxml_html.fragment_fromstring(f"<div>{BODIES['mdnice']}</div>")
    pre = from_lxml(node, stand_in_for(node)).find("pre")
    assert [c.name for c in pre.find_all(True)] == ["code"]
    assert pre.get_text() == "def\xa0f():\n\xa0\xa0return\xa01\n"


def test_blocks_the_earlier_stages_read_are_built_in_full() -> None:
    for name in ("gutter", "comment", "script", "link", "snippet", "widget around"):
        node = lxml_html.fragment_fromstring(f"<div>{BODIES[name]}</div>")
        full = from_lxml(node)
        assert str(from_lxml(node, stand_in_for(node))) == str(full), name
    node = lxml_html.fragment_fromstring(f"<div>{BODIES['footnote']}</div>")
    assert stand_in_for(node) is None


@pytest.mark.skipif(not PAGES.is_dir(), reason="shared pages absent")
@pytest.mark.parametrize("name", ["saved-2020-js66-mdnice-code-lists.html", "saved-2022-code-snippet-ios.html"])
def test_real_code_pages_give_the_same_markdown(name: str) -> None:
    page = (PAGES / name).read_text(encoding="utf-8", errors="replace")
    node = lxml_html.document_fromstring(page).get_element_by_id("js_content")
    with tree_work():
        fast = to_markdown(clean(from_lxml(node, stand_in_for(node))))
        full = to_markdown(clean(from_lxml(node)))
    assert fast == full
