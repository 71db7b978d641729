"""clean/: each cleaning rule on a small hand-written body (text, inline marks, blocks, headings, images, links).

Each test reads the Markdown the cleaned body becomes: what a rule changes is what a reader sees.
"""

from __future__ import annotations

import sys

import pytest
from conftest import body

from wx2md.clean import clean, iter_images, parse_fragment
from wx2md.markdown import to_markdown


def test_no_space_between_cjk_across_pretty_printed_spans():
    md = body("<p>\n  <span>第一句话</span>\n  <span>第二句话</span>\n</p>")
    assert md == "第一句话第二句话\n"


def test_space_kept_between_latin_words_across_lines():
    assert body("<p><span>hello</span>\n<span>world</span></p>") == "hello world\n"


def test_spaces_in_a_row_across_tags_are_one_like_a_browser_shows_them():
    # 36kr's pretty-printed spans: three indented tag edges between two words were three spaces
    md = body("<p><font><span>hello</span>\n  </font>\n  <font>\n    <span>world</span></font></p>")
    assert md == "hello world\n"
    assert body("<p><span>hello</span> <span> </span> <b>world</b></p>") == "hello **world**\n"
    assert body("<p>完本，<span>&nbsp; </span><strong>&nbsp;154</strong> 万字</p>") == "完本， **154** 万字\n"


def test_no_space_from_line_breaks_between_chinese_text_and_its_quotes_or_ellipsis():
    md = body("<p><font><span>孩子回</span>\n  </font>\n  <font>\n    <span>“那咋了”</span></font></p>")
    assert md == "孩子回“那咋了”\n"
    assert body("<p><span>能力……</span>\n<span>而不只是</span>——<span>\n破折号</span></p>") == "能力……而不只是——破折号\n"
    assert body("<p><span>say</span>\n<span>“hi”</span></p>") == "say “hi”\n"  # Latin on one side: a space


def test_a_picture_between_two_spaces_keeps_both():
    md = body('<p>前 <img data-src="https://mmbiz.qpic.cn/a/640?wx_fmt=png"> 后</p>')
    assert md == "前 ![](https://mmbiz.qpic.cn/a/640?wx_fmt=png) 后\n"


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


def test_links_kept_javascript_dropped():
    md = body('<p><a href="https://example.com/a">链接</a>和<a href="javascript:void(0)">假链接</a></p>')
    assert md == "[链接](https://example.com/a)和假链接\n"


def test_hashtag_links_become_text():
    md = body('<p><a class="wx_topic_link" data-topic="1" style="color:#576B95">#读书</a></p>')
    assert md == "#读书\n"


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


def test_bold_first_row_is_a_plain_header():
    md = body("<table><tr><td><strong>甲</strong></td><td><b>乙</b></td></tr><tr><td>1</td><td><strong>2</strong></td></tr></table>")
    assert md == "| 甲 | 乙 |\n| --- | --- |\n| 1 | **2** |\n"


def test_image_file_names_are_not_alt_text():
    md = body('<p><img data-src="https://mmbiz.qpic.cn/a/640" alt="1473153749101511.png" title="IMG_2001.JPG"></p>')
    assert md == "![](https://mmbiz.qpic.cn/a/640)\n"


def test_sup_and_sub_kept():
    assert body("<p>E=mc<sup>2</sup>，H<sub>2</sub>O</p>") == "E=mc<sup>2</sup>，H<sub>2</sub>O\n"


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
