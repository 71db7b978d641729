"""Picture and text posts whose text holds WeChat's links (issue 17, item 1).

WeChat keeps such text in `content_noencode`, JS-escaped (`\\x3ca href=\\x22…\\x22\\x3e`):
links to other articles, `a.wx_img_refer_link` pointers to the post's pictures (图2),
`a.weapp_text_link` mini-program links, and emoticon codes (`[加油]`) as text.
"""

from __future__ import annotations

from pagebuilders import PICTURE_BODY, PICTURE_SCRIPTS, page, text_post

from wx2md.core import convert_html

ARTICLE = "https://mp.weixin.qq.com/s?__biz=MzA3NjE2NzY2MQ==&amp;mid=2651112233&amp;idx=1&amp;sn=4c2b1e0d9a8f7e6d#rd"
REFER = '<a class="wx_img_refer_link js_wx_tap_highlight wx_tap_link js_img_refer_link" data-seq="2" data-refer="图2" style="">图2</a>'
WEAPP = ('<a class="weapp_text_link" data-miniprogram-type="text" data-miniprogram-appid="wxe81de4a47ea1ab33" '
         'data-miniprogram-path="pages/index/index?id=12" data-miniprogram-nickname="报名助手" '
         'data-miniprogram-servicetype="" href="">点这里报名</a>')
TEXT = (
    f'上周的文章：<a href="{ARTICLE}" target="_blank" data-linktype="2">新的账号，和新的开始</a>[加油]\n'
    f"看{REFER}的右下角[强]\n\n"
    f"想参加的同学：{WEAPP}\n"
    "第三行 <b>不是标签</b>"
)


def js_escape(text: str) -> str:
    """Text the way WeChat writes it inside `JsDecode('…')`."""
    for char, code in (("\\", "\\\\"), ("<", "\\x3c"), (">", "\\x3e"), ('"', "\\x22"), ("'", "\\x27"), ("\n", "\\x0a")):
        text = text.replace(char, code)
    return text


def picture_page(text: str) -> str:
    scripts = PICTURE_SCRIPTS.replace(
        r"content_noencode: JsDecode('第一段第一行\x0a第一段第二行\x0a\x0a第二段 #话题 \x22引号\x22 \x3cb\x3e不是标签\x3c/b\x3e'),",
        f"content_noencode: JsDecode('{js_escape(text)}'),",
    )
    assert scripts != PICTURE_SCRIPTS
    return page(body=PICTURE_BODY, scripts=scripts)


def markdown_of(html: str) -> str:
    return convert_html(html).body


def test_picture_post_links_are_links_and_pointers_and_mini_programs_their_text() -> None:
    md = markdown_of(picture_page(TEXT))
    assert "上周的文章：[新的账号，和新的开始](https://mp.weixin.qq.com/s?__biz=MzA3NjE2NzY2MQ==&mid=2651112233&idx=1&sn=4c2b1e0d9a8f7e6d)[加油]" in md
    assert "看图2的右下角[强]" in md
    assert "想参加的同学：点这里报名" in md
    assert "&lt;a" not in md and "<a" not in md and "wx_img_refer_link" not in md and "miniprogram" not in md
    assert "第三行 &lt;b>不是标签&lt;/b>" in md  # any other tag is the author's text: shown as typed, not bold
    assert md.count("![](https://mmbiz.qpic.cn/") == 3  # the pictures still follow


def test_text_post_links_become_markdown_links() -> None:
    md = markdown_of(text_post("标题", js_escape(TEXT)))
    assert "[新的账号，和新的开始](https://mp.weixin.qq.com/s?__biz=" in md
    assert "看图2的右下角[强]" in md
    assert "想参加的同学：点这里报名" in md
    assert "&lt;a" not in md


def test_line_breaks_written_as_br_are_line_breaks() -> None:
    md = markdown_of(picture_page("第一行<br/>第二行<br><br>第二段"))
    assert "第一行  \n第二行" in md or "第一行\\\n第二行" in md
    assert "\n\n第二段" in md
    assert "br" not in md


def test_text_cut_mid_character_by_a_digest_shows_no_broken_character() -> None:
    # A digest cut at a length: the last link lacks its end tag, an emoji's surrogate pair is cut in half.
    cut = f'😳有许多同学<a href="{ARTICLE}">现在就处\\ud83d'
    scripts = PICTURE_SCRIPTS.replace(
        r"content_noencode: JsDecode('第一段第一行\x0a第一段第二行\x0a\x0a第二段 #话题 \x22引号\x22 \x3cb\x3e不是标签\x3c/b\x3e'),", ""
    ).replace("desc: JsDecode('摘要'),", f"desc: JsDecode('{js_escape(cut).replace(chr(92) * 2 + 'ud83d', chr(92) + 'ud83d')}'),")
    md = markdown_of(page(body=PICTURE_BODY, scripts=scripts))
    assert "\ufffd" not in md
    assert "😳有许多同学[现在就处](https://mp.weixin.qq.com/s?__biz=" in md


def test_a_start_tag_cut_by_the_digest_leaves_no_markup() -> None:
    scripts = PICTURE_SCRIPTS.replace(
        r"content_noencode: JsDecode('第一段第一行\x0a第一段第二行\x0a\x0a第二段 #话题 \x22引号\x22 \x3cb\x3e不是标签\x3c/b\x3e'),", ""
    ).replace("desc: JsDecode('摘要'),", f"desc: JsDecode('{js_escape('看这篇' + '<a href=' + chr(34) + 'https://mp.weixin.qq.com/s?__b')}'),")
    md = markdown_of(page(body=PICTURE_BODY, scripts=scripts))
    assert "看这篇" in md
    assert "<a" not in md and "&lt;" not in md and "__b" not in md


def test_a_bare_a_tag_the_author_typed_stays_text() -> None:
    md = markdown_of(text_post("标题", js_escape("HTML 的 <a> 标签和 <b> 标签")))
    assert "HTML 的 &lt;a> 标签和 &lt;b> 标签" in md


def test_in_an_article_body_pointers_and_mini_program_links_are_their_text_too() -> None:
    from conftest import body

    md = body(f"<p>看{REFER}，或{WEAPP}；原文<a href=\"javascript:void(0);\" class=\"weapp_text_link\">小程序</a>。</p>")
    assert md == "看图2，或点这里报名；原文小程序。\n"
