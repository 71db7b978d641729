"""markdown.py: how a cleaned body is written: escapes, lists, tables, fences, kramdown forms, Liquid."""

from __future__ import annotations

from conftest import body

from wx2md.engines.raw import shield_liquid


def test_author_line_breaks_kept_as_hard_breaks():
    assert body("<p>第一行<br>第二行<br></p>") == "第一行  \n第二行\n"


def test_text_that_looks_like_html_is_escaped():
    md = body("<p>用 &lt;div&gt; 包起来，写 &amp;nbsp; 表示空格</p>")
    assert "<div" not in md and "&nbsp;" not in md
    assert "&lt;div>" in md and "&amp;nbsp;" in md


def test_nested_lists_tight():
    md = body("<ul><li><section>一</section></li><li><p>二</p><ul><li>二点一</li></ul></li></ul>")
    assert md == "- 一\n- 二\n  - 二点一\n"


def test_ordered_list():
    assert body("<ol><li>甲</li><li>乙</li></ol>") == "1. 甲\n2. 乙\n"


def test_blockquote():
    assert body("<blockquote><p>引用一</p><p>引用二</p></blockquote>") == "> 引用一\n>\n> 引用二\n"


def test_code_with_backticks_gets_longer_fence():
    md = body("<pre><code>```\ninner\n```</code></pre>")
    assert md.startswith("````\n") and md.endswith("\n````\n")


def test_code_keeps_markdown_characters_unescaped():
    md = body("<pre><code>a_b * c &lt;div&gt;</code></pre>")
    assert "a_b * c <div>" in md


def test_inline_code():
    assert body("<p>运行 <code>ls -la</code> 查看</p>") == "运行 `ls -la` 查看\n"


def test_simple_table_is_gfm():
    md = body("<table><tr><td>甲</td><td>乙</td></tr><tr><td>1</td><td>2</td></tr></table>")
    assert md == "| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |\n"


def test_merged_cells_table_stays_html():
    md = body('<table style="width:100%"><tr><td colspan="2" style="color:red"><p>合并</p></td></tr><tr><td>1</td><td>2</td></tr></table>')
    assert md == '<table><tr><td colspan="2">合并</td></tr><tr><td>1</td><td>2</td></tr></table>\n'


def test_inline_math_asterisks_escaped_for_kramdown():
    assert body('<p><span data-formula="x*y*z"></span></p>') == "$x\\*y\\*z$\n"


def test_list_item_opening_with_code_keeps_fence_on_its_own_line():
    md = body("<ol><li><pre><code>first()</code></pre></li><li>二</li></ol>")
    assert md == "1. <!-- -->\n   ```\n   first()\n   ```\n2. 二\n"


def test_ordered_list_start_kept_for_kramdown():
    assert body('<ol start="3"><li>三</li><li>四</li></ol>') == '{: start="3"}\n3. 三\n4. 四\n'


def test_text_that_looks_like_markdown_stays_text():
    md = body("<p>2. 第二点</p><p>```不是代码</p><p>- 不是列表</p><p>第一行<br>---</p><p>[1]: https://x.cn</p><p>路径 C:\\d+</p>")
    assert md == ("2\\. 第二点\n\n\\```不是代码\n\n\\- 不是列表\n\n第一行  \n\\---\n\n"
                  "\\[1]: https://x.cn\n\n路径 C:\\d+\n")  # `\d` escapes nothing: left as written


def test_one_row_table_stays_html():
    assert body("<table><tr><td>提示：注意</td></tr></table>") == "<table><tr><td>提示：注意</td></tr></table>\n"


def test_images_and_breaks_inside_table_cells_kept():
    md = body('<table><tr><td>图</td><td>说明</td></tr><tr><td><p><img data-src="https://x.cn/a.png"></p></td>'
              '<td>一<br>二</td></tr></table>')
    assert "| ![](https://x.cn/a.png) | 一<br>二 |" in md


def test_liquid_text_is_wrapped_in_raw():
    md = body("<p>模板 {{ site.title }} 与 {% include x %}</p><p>普通段落</p>")
    assert md == "{% raw %}\n\n模板 {{ site.title }} 与 {% include x %}\n\n{% endraw %}\n\n普通段落\n"


def test_liquid_in_code_block_wrapped_around_fence():
    md = body("<pre><code>{{ x }}</code></pre>")
    # the post's first block: no blank line inside the shield, so `{% raw %}` alone is not the excerpt
    assert md == "{% raw %}\n```\n{{ x }}\n```\n{% endraw %}\n"
    md = body("<p>正文</p><pre><code>{{ x }}</code></pre>")
    assert md == "正文\n\n{% raw %}\n\n```\n{{ x }}\n```\n\n{% endraw %}\n"


def test_shield_liquid_escapes_endraw():
    out = shield_liquid("a {% endraw %} b\n")
    assert out == '{% raw %}\n\na {% endraw %}{{ "{%" }}{% raw %} endraw %} b\n\n{% endraw %}\n'
