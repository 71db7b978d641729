"""code.py: WeChat's, mdnice's and older pages' code blocks rebuilt as plain text, one line per line."""

from __future__ import annotations

from conftest import body


def test_wechat_code_snippet_one_line_per_code_no_gutter():
    md = body(
        '<section class="code-snippet__fix code-snippet__js"><ul class="code-snippet__line-index"><li>1</li><li>2</li></ul>'
        '<pre class="code-snippet__js" data-lang="python"><code><span class="code-snippet_outer">def f():</span></code>'
        '<code><span class="code-snippet_outer">&nbsp;&nbsp;&nbsp;&nbsp;return 1&nbsp;&nbsp;</span></code></pre></section>'
    )
    assert md == "```python\ndef f():\n    return 1\n```\n"


def test_mdnice_code_br_and_nbsp():
    md = body(
        '<pre><span style="background: url(https://mmbiz.qpic.cn/mmbiz_svg/dots/0)"></span>'
        '<code class="language-js">if&nbsp;(a)&nbsp;{<br>&nbsp;&nbsp;go();<br>}</code></pre>'
    )
    assert md == "```js\nif (a) {\n  go();\n}\n```\n"


def test_old_pre_with_newlines_and_highlight_spans():
    md = body('<pre><code><span class="hljs-keyword">int</span> x;\n<span>x</span> = 1;\n</code></pre>')
    assert md == "```\nint x;\nx = 1;\n```\n"


def test_prettify_linenums_list_is_code_not_gutter():
    md = body('<pre class="prettyprint linenums"><code><ol class="linenums"><li>a = 1</li><li>b = 2</li></ol></code></pre>')
    assert md == "```\na = 1\nb = 2\n```\n"


def test_snippet_line_ending_in_br_adds_no_blank_line():
    md = body('<section class="code-snippet__fix"><pre data-lang="js"><code>a<br></code><code>b</code></pre></section>')
    assert md == "```js\na\nb\n```\n"


def test_blank_lines_inside_code_kept():
    md = body("<pre><code>def a():\n    pass\n\n\ndef b():\n    pass</code></pre>")
    assert "pass\n\n\ndef b" in md
