"""Footnoted links whose text already holds a link, and mail addresses in reference lists (issue 17, items 2-3).

Shapes as mdnice and doocs/md leave them once WeChat's editor has stripped their classes
(see fixtures/footnotes/): the reference `<sup>[n]</sup>` after the link's words, the list
at the end (`[n] name: <em>url</em>`).
"""

from __future__ import annotations

from conftest import body

WEIXIN = "https://mp.weixin.qq.com/s?__biz=MzI4NDY5Mjc1Mg==&amp;mid=2247489133&amp;idx=1&amp;sn=3f2ab1c0#rd"
BLOG = "https://www.ruanyifeng.com/blog/2025/11/weekly-issue-372.html"
MDNICE_ITEM = (
    '<p style="font-size: 16px;"><span leaf="">1、</span><span style="color: #1e6bb8; font-weight: bold;">'
    f'<a href="{WEIXIN}" data-linktype="2"><span leaf="">制造业正在“零工化”</span></a></span>'
    '<sup style="line-height: 0; color: #1e6bb8; font-weight: bold;"><span leaf="">[1]</span></sup>'
    '<span leaf="">（英文）</span></p>'
)
MDNICE_LIST = (
    '<h3 style="margin-top: 30px;"><span leaf="">参考资料</span></h3><section>'
    '<span style="display: flex;"><span style="display: inline;"><span leaf="">[1] </span></span>'
    f'<p style="display: inline;"><span leaf="">制造业正在“零工化”: </span><em><span leaf="">{BLOG}</span></em></p></span></section>'
)


def test_a_footnoted_link_whose_words_hold_a_weixin_link_is_one_link_to_the_noted_url() -> None:
    md = body(MDNICE_ITEM + MDNICE_LIST)
    assert md == f"1、[制造业正在“零工化”]({BLOG})（英文）\n"


def test_doocs_words_holding_a_link_are_one_link() -> None:
    md = body('<p>推荐<span style="color: #576b95;"><a href="https://mp.weixin.qq.com/s/AbCdEf">这篇</a><sup>[1]</sup></span>。</p>'
              f"<h4>引用链接</h4><p><code>[1]</code> 这篇: <i>{BLOG}</i><br/></p>")
    assert md == f"推荐[这篇]({BLOG})。\n"


def test_a_link_inside_a_link_is_its_text() -> None:
    # The HTML parser closes a link where the next opens; trees built by the stages can nest them.
    from bs4 import BeautifulSoup

    from wx2md.clean import clean
    from wx2md.markdown import to_markdown

    soup = BeautifulSoup("<div><p>x</p></div>", "lxml")
    outer = soup.new_tag("a", attrs={"href": "https://example.com/a"})
    inner = soup.new_tag("a", attrs={"href": "https://example.com/b"})
    inner.string = "内层"
    outer.append("外层")
    outer.append(inner)
    soup.p.append(outer)
    assert to_markdown(clean(soup.div)) == "x[外层内层](https://example.com/a)\n"


def test_a_mailto_note_is_a_mail_link_not_a_footnote() -> None:
    md = body('<p>有问题请<span style="color: #576b95;">邮件联系<sup>[4]</sup></span>。</p>'
              '<h4>引用链接</h4><p><code>[4]</code> 邮件联系: <i>mailto:editor@example.com</i><br/></p>')
    assert md == "有问题请[邮件联系](mailto:editor@example.com)。\n"
    assert "[^" not in md


def test_a_bare_mailto_note_links_the_words_before_it() -> None:
    md = body('<p>投稿<span style="color: #576b95;">信箱<sup>[1]</sup></span></p>'
              "<h4>引用链接</h4><p><code>[1]</code> mailto:tougao@example.com<br/></p>")
    assert md == "投稿[信箱](mailto:tougao@example.com)\n"


def test_a_mailto_note_written_without_a_space() -> None:
    md = body('<p>欢迎<span style="color: #576b95;">邮件联系<sup>[4]</sup></span></p>'
              '<h4>引用链接</h4><p><code>[4]</code> 邮件联系:<i>mailto:editor@example.com</i><br/></p>')
    assert md == "欢迎[邮件联系](mailto:editor@example.com)\n"
