"""Step 4: the content tree of each kind of post."""

from __future__ import annotations

import re

import pytest
from bs4 import Tag
from conftest import CONTENT_LABELS, TZ8, needs_shared, read_page
from pagebuilders import (
    PICTURE_BODY,
    PICTURE_SCRIPTS,
    SHARE_BODY,
    VAR_BLOCK,
    article_body,
    js_decode,
    modern_article,
    page,
    squash,
    text_of,
    text_post,
)

from wx2md.extract import extract


def test_article_content_is_the_js_content_div():
    art = extract(modern_article("<section><p>正文<strong>加粗</strong></p><img data-src='https://mmbiz.qpic.cn/x/640'></section>"))
    assert art.kind == "article"
    assert isinstance(art.content, Tag)
    assert art.content.name == "div" and art.content.get("id") == "js_content"
    assert art.content.find("strong").get_text() == "加粗"
    assert art.content.find("img")["data-src"] == "https://mmbiz.qpic.cn/x/640"
    assert "template" not in art.content.get_text()  # the script's copy of the tag was not taken


def test_divs_in_scripts_and_comments_inside_the_body_do_not_end_it():
    content = (
        "<div><p>一</p></div><!-- </div></div> -->"
        "<script>var s = '</div></div></div>';</script>"
        "<div><div><p>二</p></div></div><p>三</p>"
    )
    art = extract(modern_article(content))
    assert text_of(art.content) == "一 二 三"


def test_truncated_page_keeps_what_there_is():
    raw = modern_article("<div><p>开头</p><div><p>被截断")
    raw = raw[: raw.index("被截断") + 3]
    art = extract(raw)
    assert "开头" in art.content.get_text() and "被截断" in art.content.get_text()


def test_deep_nesting_is_kept():
    content = "<section>" * 5000 + "<p>最里面的字</p>" + "</section>" * 5000 + "<p>后面</p>"
    art = extract(modern_article(content))
    assert "最里面的字" in art.content.get_text()
    assert art.content.find_all("p")[-1].get_text() == "后面"


def test_browser_saved_copy_with_runtime_attributes():
    content = (
        '<p><img src="./page_files/640" data-src="https://mmbiz.qpic.cn/mmbiz_png/ID/640?wx_fmt=png&amp;tp=webp&amp;wxfrom=5" '
        'crossorigin="anonymous" _width="677px" style="visibility: visible !important"></p><p>文字</p>'
    )
    raw = modern_article(content).replace("visibility: hidden; opacity: 0;", "visibility: visible;")
    art = extract(raw)
    assert art.kind == "article" and art.content.find("img")["src"] == "./page_files/640"


def test_empty_body_with_data_in_cgi_data_new():
    scripts = VAR_BLOCK + r"""
        window.cgiDataNew = {
            title: JsDecode('t'),
            content_noencode: JsDecode('\x3cp\x3e来自数据的正文\x3c/p\x3e'),
        };
    """
    art = extract(page(body=article_body(""), scripts=scripts))
    assert art.kind == "article"
    assert text_of(art.content) == "来自数据的正文"


def test_picture_post_text_and_three_images_in_order():
    art = extract(page(body=PICTURE_BODY, scripts=PICTURE_SCRIPTS))
    assert art.kind == "picture"
    paragraphs = art.content.find_all("p")
    assert str(paragraphs[0]) == "<p>第一段第一行<br/>第一段第二行</p>"
    assert paragraphs[1].get_text() == '第二段 #话题 "引号" <b>不是标签</b>'  # text, escaped; the hashtag stays
    assert paragraphs[1].find("b") is None
    assert [img["src"] for img in art.content.find_all("img")] == [
        "https://mmbiz.qpic.cn/mmbiz_png/PIC1/0?wx_fmt=png&from=appmsg",
        "https://mmbiz.qpic.cn/mmbiz_png/PIC2/0?wx_fmt=png",
        "https://mmbiz.qpic.cn/mmbiz_png/PIC3/0?wx_fmt=png",
    ]


def test_picture_post_with_minified_cgi_data():
    start = PICTURE_SCRIPTS.index("window.cgiDataNew")
    end = PICTURE_SCRIPTS.index("})();")
    minified = PICTURE_SCRIPTS[:start] + re.sub(r"\n\s*", "", PICTURE_SCRIPTS[start:end]) + PICTURE_SCRIPTS[end:]
    art = extract(page(body=PICTURE_BODY, scripts=minified))
    assert len(art.content.find_all("img")) == 3
    assert art.meta.account_id == "gh_240fbf8b33e4"


def test_picture_list_from_window_when_cgi_data_has_none():
    scripts = r"""
        window.item_show_type = '8';
        window.msg_title = 'T';
        window.picture_page_info_list = [
            { width: '1' * 1, height: '2' * 1, cdn_url: 'https://mmbiz.qpic.cn/a/A1/0?wx_fmt=png\x26amp;from=appmsg',
              disable_theme_color: 'true' === 'true' ? 1 : 0,
              watermark_info: { cdn_url: 'http://mmbiz.qpic.cn/a/WM/0' } },
            { width: '1' * 1, height: '2' * 1, cdn_url: 'https://mmbiz.qpic.cn/a/A2/0' },
        ].slice(0, 20);
    """
    art = extract(page(body=PICTURE_BODY, scripts=scripts))
    assert art.kind == "picture"
    assert [img["src"] for img in art.content.find_all("img")] == [
        "https://mmbiz.qpic.cn/a/A1/0?wx_fmt=png&from=appmsg",
        "https://mmbiz.qpic.cn/a/A2/0",
    ]


def test_text_post_with_title():
    art = extract(text_post("AI编程带给程序员的危与机", r"先说结论：\x0a1、前端危\x0a2、后端危\x0a\x0a第二段"))
    assert art.kind == "text"
    assert art.meta.title == "AI编程带给程序员的危与机"
    assert art.meta.account == "轩辕的编程宇宙"
    assert art.meta.published.astimezone(TZ8).strftime("%Y-%m-%d %H:%M") == "2025-10-07 14:13"
    assert [str(p) for p in art.content.find_all("p")] == [
        "<p>先说结论：<br/>1、前端危<br/>2、后端危</p>",
        "<p>第二段</p>",
    ]
    assert art.content.find(id="js_text_title") is None  # the layout wrapper is not the body


def test_share_card_comment_and_link_to_the_original():
    scripts = 'var item_show_type = "0"; var nickname = htmlDecode("阮一峰的网络日志"); var msg_title = \'和死神赛跑\'.html(false); var ct = "1574683643";'
    art = extract(page(body=SHARE_BODY, scripts=scripts))
    assert art.kind == "share"
    assert art.meta.title == "和死神赛跑"
    assert art.meta.account == "阮一峰的网络日志"
    paragraphs = art.content.find_all("p")
    assert paragraphs[0].get_text() == "上周我推荐&转发。"
    assert str(paragraphs[1]) == "<p>当时我说 <b>很好</b><br/>第二行</p>"
    link = paragraphs[-1].find("a")
    assert paragraphs[-1].get_text() == "🔗 和死神赛跑：原文标题"
    assert link["href"] == "https://mp.weixin.qq.com/s?__biz=MzIx==&mid=22&idx=1&sn=8c"  # canonical: no scene, no fragment


def test_share_card_without_title_links_with_the_url():
    body = SHARE_BODY.replace('<span id="original_panel_title">和死神赛跑：原文标题</span>', "")
    body = body.replace('<div class="original_panel_title">', '<div class="x">')
    art = extract(page(body=body, scripts='var msg_title = "t";'))
    link = art.content.find_all("p")[-1].find("a")
    assert link.get_text() == link["href"]


@needs_shared
@pytest.mark.parametrize(
    "name", [row["file"] for row in CONTENT_LABELS if row["kind"] == "article"]
)
def test_real_article_body_matches_a_full_parse(name):
    """The sliced #js_content holds exactly the text and images a full lxml parse of the page finds."""
    import lxml.html

    raw = read_page(name)
    root = lxml.html.fromstring(raw).xpath('//*[@id="js_content"]')[0]
    for bad in root.xpath(".//script|.//style"):
        bad.getparent().remove(bad)
    art = extract(raw)
    assert art.content.get("id") == "js_content"
    for bad in art.content.find_all(["script", "style"]):
        bad.decompose()
    assert squash(art.content.get_text()) == squash(root.text_content())
    assert len(art.content.find_all("img")) == len(root.xpath(".//img"))


@needs_shared
def test_real_picture_post_has_all_its_pictures():
    raw = read_page("exp-2025-picture-item8.html")
    start = raw.index("window.picture_page_info_list = [")
    block = raw[start : raw.index(".slice(", start)]
    expected = re.findall(r"height:\s*'\d+'\s*\*\s*1,\s*cdn_url:\s*'([^']+)'", block)
    assert len(expected) == 4
    art = extract(raw)
    ids = lambda urls: [re.search(r"mmbiz_\w+/([\w-]{20,})/", u).group(1) for u in urls]  # noqa: E731
    assert ids(img["src"] for img in art.content.find_all("img")) == ids(js_decode(u) for u in expected)
    text = js_decode(re.search(r"content_noencode:\s*JsDecode\('(.*?)'\)", raw, re.S).group(1))
    assert squash(art.content.get_text()) == squash(text)
    assert art.meta.tags == ["36氪透视图"]


@needs_shared
def test_real_text_post_yields_its_text():
    raw = read_page("exp-2025-textshare-item10.html")
    art = extract(raw)
    text = js_decode(re.search(r"content_noencode:\s*JsDecode\('(.*?)'\)", raw, re.S).group(1))
    assert squash(art.content.get_text()) == squash(text)
    assert len(art.content.find_all("p")) == len([b for b in text.split("\n\n") if b.strip()])
    assert art.content.find("br") is not None  # "先说结论：" and its list keep their line breaks


@needs_shared
def test_real_share_card_yields_comment_and_link():
    raw = read_page("exp-2019-share-card-empty-content.html")
    art = extract(raw)
    comment = js_decode(re.search(r"js_share_notice'\)\.innerHTML\s*=\s*\"(.*?)\"\.replace", raw, re.S).group(1))
    paragraphs = art.content.find_all("p")
    assert [p.get_text() for p in paragraphs[:-1]] == [b for b in comment.split("\n\n") if b.strip()]
    link = paragraphs[-1].find("a")
    assert paragraphs[-1].get_text().startswith("🔗 ")
    assert link.get_text() == "和死神赛跑：趁父亲还在世，我想用人工智能留住他"
    assert link["href"] == "https://mp.weixin.qq.com/s?__biz=MzIxNzE3MjEwNg==&mid=2247483687&idx=1&sn=8c05352c98185e08f8100947f6f0b621"

