"""Lines a reader sees as lines (issue 17, items 8 and 11).

- list items written as `display: block` spans (WeChat's editor, 135editor): one line each;
- a picture and the heading text beside it in one `<p>`: the picture, then the text, on two lines.
"""

from __future__ import annotations

from conftest import body
from pagebuilders import modern_article

from wx2md.core import convert_html

BLOCK_ITEMS = (
    '<section style="margin: 10px 0;"><span style="display: block;"><span leaf="">•为什么要放弃年薪百万的工作？</span></span>'
    '<span style="display: block;"><span leaf="">•如果有人想要转行，该怎么开始？</span></span>'
    '<span style="font-size: 15px; display: block; font-weight: bold;"><span leaf="">•还有什么建议？</span></span></section>'
)


def test_display_block_spans_are_lines_of_their_own() -> None:
    md = body(BLOCK_ITEMS)
    assert md == "•为什么要放弃年薪百万的工作？\n\n•如果有人想要转行，该怎么开始？\n\n**•还有什么建议？**\n"


def test_display_block_spans_are_lines_in_a_whole_page_too() -> None:
    # the page's own build path (spans the cleaner would unwrap built as their content)
    md = convert_html(modern_article(BLOCK_ITEMS)).body
    assert "•为什么要放弃年薪百万的工作？\n\n•如果有人想要转行，该怎么开始？" in md


def test_inline_block_and_plain_spans_stay_in_the_line() -> None:
    md = body('<p><span style="display: inline-block;">甲</span><span style="color: red;">乙</span><span>丙</span></p>')
    assert md == "甲乙丙\n"


def test_a_display_block_span_in_a_table_cell_stays_in_its_cell() -> None:
    md = body('<table><tr><th>项</th><th>说明</th></tr><tr><td><span style="display:block">一</span></td><td>二</td></tr></table>')
    assert "| 一 | 二 |" in md


HEADING_PICTURE = (
    '<p style="text-align: left;"><img class="rich_pages wxw-img" data-src="https://mmbiz.qpic.cn/mmbiz_png/BAR/640?wx_fmt=png" '
    'data-ratio="0.0463" data-w="1080" data-type="png" style="width: 100%;">'
    '<strong><span style="color: rgb(0, 112, 192);">▌本次赛题基本描述</span></strong></p>'
)


def test_a_picture_and_the_heading_text_beside_it_are_two_lines() -> None:
    md = body(HEADING_PICTURE)
    assert md == "![](https://mmbiz.qpic.cn/mmbiz_png/BAR/640?wx_fmt=png)  \n**▌本次赛题基本描述**\n"


def test_text_before_a_wide_picture_in_a_link_is_its_own_line_too() -> None:
    md = body('<p>如下图：<a href="https://mp.weixin.qq.com/s/abc"><img data-src="https://mmbiz.qpic.cn/a/640" data-w="640"></a>'
              "图后文字</p>")
    assert md == "如下图：  \n[![](https://mmbiz.qpic.cn/a/640)](https://mp.weixin.qq.com/s/abc)  \n图后文字\n"


def test_an_icon_sized_picture_stays_in_its_line() -> None:
    md = body('<p><img data-src="https://mmbiz.qpic.cn/dot/640" data-w="640" style="width: 18px;">第一点</p>')
    assert md == "![](https://mmbiz.qpic.cn/dot/640)第一点\n"
    md = body('<p><img data-src="https://mmbiz.qpic.cn/dot/640" data-w="32">第二点</p>')
    assert md == "![](https://mmbiz.qpic.cn/dot/640)第二点\n"


def test_a_picture_inside_the_bold_heading_text_breaks_inside_the_bold() -> None:
    md = body('<p>见下：<strong><img data-src="https://mmbiz.qpic.cn/bar/640" data-w="1080">▌赛题描述</strong></p>')
    assert md == "见下：  \n**![](https://mmbiz.qpic.cn/bar/640)  \n▌赛题描述**\n"


def test_a_picture_beside_text_in_a_table_cell_stays_in_its_cell_line() -> None:
    md = body('<table><tr><th>图</th><th>说明</th></tr><tr><td><img data-src="https://mmbiz.qpic.cn/t/640" data-w="640">甲</td>'
              "<td>乙</td></tr></table>")
    assert "<br" not in md and "  \n" not in md


def test_bold_lines_set_display_block_are_bold_lines() -> None:
    md = body('<p><strong style="display: block;">•第一条</strong><strong style="display: block;">•第二条</strong></p>')
    assert md == "**•第一条**\n\n**•第二条**\n"
