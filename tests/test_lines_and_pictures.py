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
