"""Cleaning rules and Markdown output, one rule per test, on small hand-written bodies."""

from __future__ import annotations

import sys

import pytest

from wx2md.clean import clean, iter_images, parse_fragment
from wx2md.markdown import shield_liquid, to_markdown


def body(markup: str, **kw) -> str:
    return to_markdown(clean(parse_fragment(markup), **kw))


# ------------------------------------------------------------ text and inline


def test_no_space_between_cjk_across_pretty_printed_spans():
    md = body("<p>\n  <span>第一句话</span>\n  <span>第二句话</span>\n</p>")
    assert md == "第一句话第二句话\n"


def test_space_kept_between_latin_words_across_lines():
    assert body("<p><span>hello</span>\n<span>world</span></p>") == "hello world\n"


def test_author_line_breaks_kept_as_hard_breaks():
    assert body("<p>第一行<br>第二行<br></p>") == "第一行  \n第二行\n"


def test_double_br_splits_paragraphs():
    assert body("<p>甲<br><br>乙</p>") == "甲\n\n乙\n"


def test_adjacent_bold_runs_merged_without_spaces():
    md = body("<p>前<strong>第一</strong><strong>第二</strong>后</p>")
    assert md == "前**第一第二**后\n"


def test_nested_bold_collapses():
    md = body("<p><strong>iOS</strong><strong>面试题<strong>技术点</strong></strong>；</p>")
    assert md == "**iOS面试题技术点**；\n"


def test_whitespace_only_bold_keeps_space():
    assert body("<p>a<strong> </strong>b</p>") == "a b\n"


def test_css_bold_and_italic_spans_become_emphasis():
    md = body('<p><span style="font-weight: bold;">加粗</span>与<span style="font-style: italic">斜体</span>'
              '<span style="font-weight: 400">常规</span></p>')
    assert md == "**加粗**与*斜体*常规\n"


def test_break_at_the_edge_of_bold_is_kept():
    assert body("<p><strong>小标题<br></strong>正文</p>") == "**小标题**  \n正文\n"
    assert body("<p>正文<strong><br>二、</strong>续</p>") == "正文  \n**二、**续\n"


def test_bold_around_paragraphs_is_pushed_into_each():
    assert body("<strong><p>甲</p><p>乙</p></strong>") == "**甲**\n\n**乙**\n"
    assert body("<p><strong>甲<br><br>乙</strong></p>") == "**甲**\n\n**乙**\n"


def test_link_around_blocks_links_each_block():
    md = body('<a href="https://x.cn/a"><section><img data-src="https://x.cn/i.png"></section><section>阅读更多</section></a>')
    assert md == "[![](https://x.cn/i.png)](https://x.cn/a)\n\n[阅读更多](https://x.cn/a)\n"


def test_list_item_text_before_a_block_stays_separate():
    assert body("<ul><li>开头<p>段落</p></li></ul>") == "- 开头\n\n  段落\n"


def test_relative_links_resolved_against_the_article():
    md = body('<p><a href="/s/abc">另一篇</a></p>', base_url="https://mp.weixin.qq.com/s/xyz")
    assert md == "[另一篇](https://mp.weixin.qq.com/s/abc)\n"


def test_double_escaped_image_urls_cleaned():
    md = body('<p><img data-src="https://mmbiz.qpic.cn/a/640?wx_fmt=png&amp;amp;tp=webp&amp;amp;wxfrom=5"></p>')
    assert md == "![](https://mmbiz.qpic.cn/a/640?wx_fmt=png)\n"


def test_b_and_i_become_strong_and_em():
    assert body("<p><b>粗</b>和<i>斜</i></p>") == "**粗**和*斜*\n"


def test_full_width_punctuation_untouched():
    text = "他说：“好的！”（注：见下文）……"
    assert body(f"<p>{text}</p>") == text + "\n"


def test_zero_width_characters_removed():
    assert body("<p>零\u200b宽\ufeff字符\u200d</p>") == "零宽字符\n"


def test_nbsp_in_prose_is_a_plain_space():
    md = body("<p>a&nbsp;&nbsp;b</p>")
    assert md == "a b\n" and "&nbsp;" not in md and "\xa0" not in md


def test_text_that_looks_like_html_is_escaped():
    md = body("<p>用 &lt;div&gt; 包起来，写 &amp;nbsp; 表示空格</p>")
    assert "<div" not in md and "&nbsp;" not in md
    assert "&lt;div>" in md and "&amp;nbsp;" in md


def test_inline_styles_and_attributes_gone():
    md = body('<section style="color:red" data-pm-slice="1"><p style="margin:0" class="x">文字</p></section>')
    assert md == "文字\n"


def test_sections_with_text_become_paragraphs():
    assert body("<section>段落一</section><section>段落二</section>") == "段落一\n\n段落二\n"


def test_mixed_section_wraps_loose_text():
    md = body("<section>开头<p>中间</p>结尾</section>")
    assert md == "开头\n\n中间\n\n结尾\n"


def test_empty_wrappers_removed():
    assert body("<section><p><br></p><span> </span><p>内容</p><section></section></section>") == "内容\n"


# ------------------------------------------------------------ headings, lists, quotes, links


def test_headings_kept_plain_without_bold():
    assert body("<h2><span><strong>一、标题</strong></span></h2><p>正文</p>") == "## 一、标题\n\n正文\n"


def test_links_in_headings_follow_the_heading():
    md = body('<h1>● <a href="http://mp.weixin.qq.com/s?__biz=OD&amp;mid=1&amp;idx=2&amp;sn=3&amp;chksm=x&amp;scene=21#wechat_redirect">男孩</a>被打</h1>')
    assert md == "# ● 男孩被打\n\n🔗 [男孩](https://mp.weixin.qq.com/s?__biz=OD&mid=1&idx=2&sn=3)\n"


def test_empty_heading_dropped():
    assert body("<h1><br></h1><p>正文</p>") == "正文\n"


def test_leading_title_heading_not_repeated():
    md = body("<h1>文章标题</h1><p>正文</p><h2>小节</h2>", title="文章标题")
    assert md == "正文\n\n## 小节\n"


def test_nested_lists_tight():
    md = body("<ul><li><section>一</section></li><li><p>二</p><ul><li>二点一</li></ul></li></ul>")
    assert md == "- 一\n- 二\n  - 二点一\n"


def test_ordered_list():
    assert body("<ol><li>甲</li><li>乙</li></ol>") == "1. 甲\n2. 乙\n"


def test_blockquote():
    assert body("<blockquote><p>引用一</p><p>引用二</p></blockquote>") == "> 引用一\n>\n> 引用二\n"


def test_links_kept_javascript_dropped():
    md = body('<p><a href="https://example.com/a">链接</a>和<a href="javascript:void(0)">假链接</a></p>')
    assert md == "[链接](https://example.com/a)和假链接\n"


def test_hashtag_links_become_text():
    md = body('<p><a class="wx_topic_link" data-topic="1" style="color:#576B95">#读书</a></p>')
    assert md == "#读书\n"


# ------------------------------------------------------------ images


def test_data_src_wins_and_lazy_params_dropped():
    root = clean(parse_fragment(
        '<p><img data-src="http://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png&amp;tp=webp&amp;wxfrom=5&amp;wx_lazy=1&amp;wx_co=1#imgIndex=2"'
        ' src="data:image/svg+xml,%3Csvg%3E" crossorigin="anonymous" data-fail="0" _width="100%"'
        ' style="visibility: visible !important"></p>'))
    md = to_markdown(root)
    assert md == "![](https://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png)\n"
    assert list(iter_images(root)) == ["https://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png"]


def test_svg_placeholder_images_dropped():
    md = body("<p>前<img src=\"data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg'></svg>\">后</p>")
    assert md == "前后\n"


def test_decorative_svg_removed():
    assert body('<p>文<svg viewBox="0 0 1 1"><rect/></svg>字</p>') == "文字\n"


def test_background_image_section_is_an_image():
    md = body('<section style="height:100px;background-image: url(&quot;https://mmbiz.qpic.cn/mmbiz_jpg/bg/640?wx_fmt=jpeg&quot;)"></section>')
    assert md == "![](https://mmbiz.qpic.cn/mmbiz_jpg/bg/640?wx_fmt=jpeg)\n"


def test_svg_backgrounds_are_decoration():
    md = body('<section style="background: url(https://mmbiz.qpic.cn/mmbiz_svg/x/0?wx_fmt=svg)"></section><p>正文</p>')
    assert md == "正文\n"


def test_figcaption_stays_visible_and_is_not_copied_to_alt():
    md = body('<figure><img data-src="https://mmbiz.qpic.cn/a/640"><figcaption>图注</figcaption></figure>')
    assert md == "![](https://mmbiz.qpic.cn/a/640)\n\n*图注*\n"


def test_same_image_listed_once():
    root = clean(parse_fragment('<p><img src="https://x.cn/a.png"></p><p><img src="https://x.cn/a.png"></p>'))
    assert list(iter_images(root)) == ["https://x.cn/a.png"]


# ------------------------------------------------------------ code


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


def test_code_with_backticks_gets_longer_fence():
    md = body("<pre><code>```\ninner\n```</code></pre>")
    assert md.startswith("````\n") and md.endswith("\n````\n")


def test_code_keeps_markdown_characters_unescaped():
    md = body("<pre><code>a_b * c &lt;div&gt;</code></pre>")
    assert "a_b * c <div>" in md


def test_inline_code():
    assert body("<p>运行 <code>ls -la</code> 查看</p>") == "运行 `ls -la` 查看\n"


# ------------------------------------------------------------ tables, formulas, embeds, liquid


def test_simple_table_is_gfm():
    md = body("<table><tr><td>甲</td><td>乙</td></tr><tr><td>1</td><td>2</td></tr></table>")
    assert md == "| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |\n"


def test_bold_first_row_is_a_plain_header():
    md = body("<table><tr><td><strong>甲</strong></td><td><b>乙</b></td></tr><tr><td>1</td><td><strong>2</strong></td></tr></table>")
    assert md == "| 甲 | 乙 |\n| --- | --- |\n| 1 | **2** |\n"


def test_merged_cells_table_stays_html():
    md = body('<table style="width:100%"><tr><td colspan="2" style="color:red"><p>合并</p></td></tr><tr><td>1</td><td>2</td></tr></table>')
    assert md == '<table><tr><td colspan="2">合并</td></tr><tr><td>1</td><td>2</td></tr></table>\n'


def test_formulas_inline_and_block():
    md = body('<p>质能<span data-formula="E=mc^2"><svg></svg></span>。</p><section data-formula="\\sum_{i=1}^n i"><svg></svg></section>')
    assert md == "质能$E=mc^2$。\n\n$$\n\\sum_{i=1}^n i\n$$\n"


def test_inline_math_asterisks_escaped_for_kramdown():
    assert body('<p><span data-formula="x*y*z"></span></p>') == "$x\\*y\\*z$\n"


def test_audio_becomes_a_link_line():
    md = body('<mpvoice name="早安" voice_encode_fileid="ABC" play_length="283000"></mpvoice>')
    assert md == "🎧 [早安 · 4:43](https://res.wx.qq.com/voice/getvoice?mediaid=ABC)\n"


def test_video_iframe_becomes_a_link_line():
    md = body('<iframe class="video_iframe" data-src="https://v.qq.com/iframe/preview.html?vid=o060&amp;width=500"></iframe>')
    assert md == "🎬 <https://v.qq.com/x/page/o060.html>\n"


def test_profile_card_links_to_the_account():
    md = body('<mp-common-profile data-nickname="某号" data-id="MzA=="></mp-common-profile>')
    assert md == "👤 [某号](https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzA==)\n"


def test_image_file_names_are_not_alt_text():
    md = body('<p><img data-src="https://mmbiz.qpic.cn/a/640" alt="1473153749101511.png" title="IMG_2001.JPG"></p>')
    assert md == "![](https://mmbiz.qpic.cn/a/640)\n"


def test_list_item_opening_with_code_keeps_fence_on_its_own_line():
    md = body("<ol><li><pre><code>first()</code></pre></li><li>二</li></ol>")
    assert md == "1. <!-- -->\n   ```\n   first()\n   ```\n2. 二\n"


def test_ordered_list_start_kept_for_kramdown():
    assert body('<ol start="3"><li>三</li><li>四</li></ol>') == '{: start="3"}\n3. 三\n4. 四\n'


def test_text_that_looks_like_markdown_stays_text():
    md = body("<p>2. 第二点</p><p>```不是代码</p><p>- 不是列表</p><p>第一行<br>---</p><p>[1]: https://x.cn</p><p>路径 C:\\d+</p>")
    assert md == ("2\\. 第二点\n\n\\```不是代码\n\n\\- 不是列表\n\n第一行  \n\\---\n\n"
                  "\\[1]: https://x.cn\n\n路径 C:\\d+\n")  # `\d` escapes nothing: left as written


def test_blank_lines_inside_code_kept():
    md = body("<pre><code>def a():\n    pass\n\n\ndef b():\n    pass</code></pre>")
    assert "pass\n\n\ndef b" in md


def test_one_row_table_stays_html():
    assert body("<table><tr><td>提示：注意</td></tr></table>") == "<table><tr><td>提示：注意</td></tr></table>\n"


def test_images_and_breaks_inside_table_cells_kept():
    md = body('<table><tr><td>图</td><td>说明</td></tr><tr><td><p><img data-src="https://x.cn/a.png"></p></td>'
              '<td>一<br>二</td></tr></table>')
    assert "| ![](https://x.cn/a.png) | 一<br>二 |" in md


def test_sup_and_sub_kept():
    assert body("<p>E=mc<sup>2</sup>，H<sub>2</sub>O</p>") == "E=mc<sup>2</sup>，H<sub>2</sub>O\n"


def test_music_and_profile_cards_are_short_lines():
    md = body('<qqmusic music_name="曲" singer="人" audiourl="http://m.example/a.m4a"></qqmusic>'
              '<mp-common-profile data-nickname="某号"></mp-common-profile>')
    assert md == "🎵 [曲 · 人](http://m.example/a.m4a)\n\n👤 某号\n"


def test_liquid_text_is_wrapped_in_raw():
    md = body("<p>模板 {{ site.title }} 与 {% include x %}</p><p>普通段落</p>")
    assert md == "{% raw %}\n\n模板 {{ site.title }} 与 {% include x %}\n\n{% endraw %}\n\n普通段落\n"


def test_liquid_in_code_block_wrapped_around_fence():
    md = body("<pre><code>{{ x }}</code></pre>")
    assert md == "{% raw %}\n\n```\n{{ x }}\n```\n\n{% endraw %}\n"


def test_shield_liquid_escapes_endraw():
    out = shield_liquid("a {% endraw %} b\n")
    assert out == '{% raw %}\n\na {% endraw %}{{ "{%" }}{% raw %} endraw %} b\n\n{% endraw %}\n'


# ------------------------------------------------------------ robustness


def test_page_furniture_removed():
    md = body('<p>正文</p><div id="js_pc_qr_code">扫码关注</div><div class="reward_area">赞赏</div>')
    assert md == "正文\n"


def test_scripts_and_styles_removed():
    assert body("<p>正文<script>var a=1;</script><style>p{}</style></p>") == "正文\n"


@pytest.mark.parametrize(
    "opener, closer, depth",
    [("<section><span>", "</span></section>", 300), ("<section><span>", "</span></section>", 3000),
     ("<div><p>", "</p></div>", 2000), ("<blockquote>", "</blockquote>", 1000)],
)
def test_deep_nesting_does_not_crash(opener, closer, depth):
    markup = opener * depth + "深处的文字" + closer * depth + "<p>之后</p>"
    assert sys.getrecursionlimit() <= 10_000
    md = body(markup)
    assert "深处的文字" in md and "之后" in md
