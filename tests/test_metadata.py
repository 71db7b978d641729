"""Step 3: metadata fields, each from its sources in order of trust."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from conftest import CONTENT_LABELS, TZ8, needs_shared, read_page
from pagebuilders import (
    PICTURE_BODY,
    PICTURE_SCRIPTS,
    VAR_BLOCK,
    article_body,
    modern_article,
    page,
    text_post,
)

from wx2md.extract import extract
from wx2md.extract.metadata import TITLE_MAX
from wx2md.wechat import CHINA_TZ


def test_article_metadata_from_var_block():
    meta = extract(modern_article()).meta
    assert meta.title == "好险，就差1.5点&两手准备"
    assert meta.account == "波元霸"
    assert meta.account_id == "gh_139c40f8a7c6"
    assert meta.author == "元霸"
    assert meta.digest == '第一行\n第二行 "引号"'
    assert meta.published == datetime(2025, 11, 4, 15, 59, 29, tzinfo=TZ8)
    assert meta.published.utcoffset() == timedelta(hours=8)
    assert meta.cover == "https://mmbiz.qpic.cn/mmbiz_jpg/COVERcoverCOVERcoverCOVER/0?wx_fmt=jpeg"
    assert meta.url == "https://mp.weixin.qq.com/s?__biz=MzIxMTgzNjE5MA==&mid=2247494261&idx=1&sn=d2d5"
    assert meta.source_url == "https://example.com/original?a=1&b=2"
    assert meta.original is True


def test_var_block_wins_over_meta_tags_and_markup():
    head = '<meta property="og:title" content="OG 标题"><meta name="author" content="">'
    meta = extract(modern_article(head=head)).meta
    assert meta.title == "好险，就差1.5点&两手准备"
    assert meta.author == "元霸"  # empty meta author falls through to var author


def test_meta_tags_when_no_var_block():
    head = (
        '<meta name="author" content="Meta 作者"><meta property="og:title" content="OG &amp; 标题">'
        '<meta property="og:description" content="OG 摘要"><meta property="og:image" content="http://mmbiz.qpic.cn/a/0?wx_fmt=png">'
        '<meta property="og:url" content="http://mp.weixin.qq.com/s/AbCdEf">'
    )
    meta = extract(page(head=head, body=article_body(), scripts='var ct = "1600000000";')).meta
    assert meta.title == "OG & 标题"
    assert meta.author == "Meta 作者"
    assert meta.digest == "OG 摘要"
    assert meta.cover == "https://mmbiz.qpic.cn/a/0?wx_fmt=png"
    assert meta.url == "https://mp.weixin.qq.com/s/AbCdEf"
    assert meta.account == "页面公众号"  # a#js_name
    assert meta.published == datetime.fromtimestamp(1600000000, TZ8)


def test_activity_name_then_title_tag():
    meta = extract(page(body=article_body(), title="Title 标签")).meta
    assert meta.title == "页面标题"  # span.js_title_inner inside h1#activity-name
    assert meta.author == "页面作者"  # #js_author_name
    bare = article_body().replace('id="activity-name"', 'id="other"')
    assert extract(page(body=bare, title="Title 标签")).meta.title == "Title 标签"


def test_activity_name_without_inner_span():
    body = article_body().replace('<span class="js_title_inner">页面标题</span>', "\n   旧式标题\n  ")
    assert extract(page(body=body)).meta.title == "旧式标题"


def test_rich_media_title_inside_body_is_never_the_title():
    trap = '<h2 class="rich_media_title">来源：某某 编辑：某某</h2><p>正文</p>'
    body = article_body(trap).replace('id="activity-name"', 'id="x"')
    meta = extract(page(body=body, scripts='var nickname = "军渡君";')).meta
    assert "来源" not in meta.title
    assert meta.title == ""
    with_title = page(body=article_body(trap), scripts='var msg_title = "真正的标题";')
    assert extract(with_title).meta.title == "真正的标题"


def test_older_var_forms_double_quoted_title_and_publish_time():
    scripts = r'''
        var nickname = "华商报";
        var publish_time = "2018-04-06" || "";
        var user_name = "wxid_9443134431811";
        var msg_title = "4月6日\"周五\"【新闻】";
        var msg_link = "";
    '''
    meta = extract(page(body=article_body(), scripts=scripts)).meta
    assert meta.title == '4月6日"周五"【新闻】'
    assert meta.account == "华商报"
    assert meta.published == datetime(2018, 4, 6, tzinfo=CHINA_TZ)
    assert meta.url == ""


def test_unix_time_wins_over_publish_time():
    scripts = 'var ct="1522968980"*1; var publish_time = "2018-04-05" || ""; var msg_title = "t";'
    meta = extract(page(body=article_body(), scripts=scripts)).meta
    assert meta.published.astimezone(TZ8).strftime("%Y-%m-%d %H:%M") == "2018-04-06 06:56"


def test_rendered_publish_time_alone_is_not_trusted():
    body = article_body().replace('<em id="publish_time"></em>', '<em id="publish_time">昨天</em>')
    assert extract(page(body=body, scripts='var msg_title = "t";')).meta.published is None


def test_url_argument_is_the_last_resort():
    meta = extract(page(body=article_body(), scripts='var msg_title = "t";'), "http://mp.weixin.qq.com/s/XyZ?scene=1#rd").meta
    assert meta.url == "https://mp.weixin.qq.com/s/XyZ"
    assert extract(page(body=article_body()), "page.html").meta.url == ""


def test_url_built_from_biz_mid_idx_sn():
    scripts = 'var biz = "" || "MzA=="; var sn = "abc" || ""; var mid = "" || "22"; var idx = "1"; var msg_title = "t"; var msg_link = "";'
    assert extract(page(body=article_body(), scripts=scripts)).meta.url == "https://mp.weixin.qq.com/s?__biz=MzA==&mid=22&idx=1&sn=abc"


@pytest.mark.parametrize(("stat", "expected"), [("1", True), ("2", False), ("0", None), ("", None)])
def test_original_from_copyright_stat(stat, expected):
    scripts = f'var msg_title = "t"; var copyright_stat = "{stat}" * 1;'
    assert extract(page(body=article_body(), scripts=scripts)).meta.original is expected


def test_source_url_must_be_a_web_link():
    scripts = "var msg_title = 't'; var msg_source_url = 'javascript:void(0)';"
    assert extract(page(body=article_body(), scripts=scripts)).meta.source_url == ""


def test_js_escapes_and_entities_are_decoded_once():
    scripts = r"""
        var msg_title = 'It\'s \u4e2d\u6587 \x26lt;tag\x26gt; a\\b &amp;amp; &#39;q&#39;&nbsp;end'.html(false);
        var nickname = htmlDecode("A&amp;B");
    """
    meta = extract(page(body=article_body(), scripts=scripts)).meta
    assert meta.title == "It's 中文 <tag> a\\b &amp; 'q' end"
    assert meta.account == "A&B"


def test_account_falls_back_to_follow_nickname():
    body = article_body().replace('id="js_name"', 'id="other"').replace(
        '<div id="meta_content">', '<div id="meta_content"><div class="wx_follow_nickname ">关注名</div>'
    )
    assert extract(page(body=body, scripts='var msg_title = "t";')).meta.account == "关注名"


FULL_HEAD = (
    '<meta name="description" content="meta 摘要"><meta name="author" content="">'
    '<meta property="og:title" content="OG 标题"><meta property="og:url" content="https://mp.weixin.qq.com/s/OGURL">'
    '<meta property="og:image" content="https://mmbiz.qpic.cn/og/0"><meta property="og:description" content="OG 摘要">'
)


@pytest.mark.parametrize(
    ("drop", "field", "expected"),
    [
        ((), "title", "好险，就差1.5点&两手准备"),
        (("msg_title",), "title", "OG 标题"),
        ((), "digest", '第一行\n第二行 "引号"'),
        (("msg_desc",), "digest", "OG 摘要"),
        ((), "cover", "https://mmbiz.qpic.cn/mmbiz_jpg/COVERcoverCOVERcoverCOVER/0?wx_fmt=jpeg"),
        (("msg_cdn_url",), "cover", "https://mmbiz.qpic.cn/og/0"),
        ((), "url", "https://mp.weixin.qq.com/s?__biz=MzIxMTgzNjE5MA==&mid=2247494261&idx=1&sn=d2d5"),
        (("msg_link",), "url", "https://mp.weixin.qq.com/s/OGURL"),
        ((), "author", "元霸"),
        (("author",), "author", "页面作者"),
        ((), "account", "波元霸"),
        (("nickname",), "account", "页面公众号"),
        ((), "published", datetime.fromtimestamp(1762243169, TZ8)),
        (("ct",), "published", datetime.fromtimestamp(1762243169, TZ8)),  # var create_time
    ],
)
def test_fallback_order(drop, field, expected):
    scripts = "\n".join(line for line in VAR_BLOCK.splitlines() if not any(f"var {name} " in line for name in drop))
    meta = extract(page(head=FULL_HEAD, body=article_body(), scripts=scripts)).meta
    assert getattr(meta, field) == expected


def test_a_later_template_assignment_does_not_hide_the_var_block():
    scripts = VAR_BLOCK + "</script><script>function f(e) { var msg_title = e.title || ''; var nickname = e.n; }"
    meta = extract(modern_article(scripts=scripts)).meta
    assert meta.title == "好险，就差1.5点&两手准备" and meta.account == "波元霸"


def test_tags_from_albums_tag_markup_and_hashtags_in_order_once():
    header = (
        '<div id="js_tags" class="article-tag__list"><span class="article-tag__item-wrp">'
        '<span class="article-tag__item">#专辑甲</span></span>'
        '<span class="article-tag__item">#话题乙</span></div>'
        '<div id="js_tags_preview_toast" class="article-tag__error-tips">预览时标签不可点</div>'
    )
    content = '<p>正文 <a class="wx_topic_link" data-topic="1" topic-id="x">#话题丙</a> <a class="wx_topic_link">#话题乙</a></p>'
    scripts = VAR_BLOCK + """
        var album_info_list = [
            { title: '专辑甲', size: '21' * 1, id: 'https://x/?album_id=3457885223537541125'.match(/[0-9]{8,}/) ? 1 : 0 },
        ];
    """
    raw = page(body=article_body(content, header=header), scripts=scripts)
    assert extract(raw).meta.tags == ["专辑甲", "话题乙", "话题丙"]


def test_tags_from_cgi_public_tag_info():
    scripts = VAR_BLOCK + r"""
        window.cgiDataNew = {
            title: JsDecode('t'),
            public_tag_info: {
                tags: [
                    { tag_name: JsDecode('AI技术与AI编程'), tag_link: JsDecode('https://x\x26amp;y') },
                ],
            },
        };
    """
    assert extract(modern_article(scripts=scripts)).meta.tags == ["AI技术与AI编程"]


def test_picture_post_metadata_from_window_and_cgi_data():
    meta = extract(page(body=PICTURE_BODY, scripts=PICTURE_SCRIPTS)).meta
    assert meta.title == "图片消息标题"
    assert meta.account == "36氪"
    assert meta.account_id == "gh_240fbf8b33e4"
    assert meta.published == datetime(2025, 11, 5, 18, 30, tzinfo=TZ8)
    assert meta.cover == "https://mmbiz.qpic.cn/mmbiz_jpg/COVER/0?wx_fmt=jpeg"
    assert meta.url == "https://mp.weixin.qq.com/s/JJyPUpHLM2bGvfk5FNvTUA"


def test_picture_post_wall_clock_time_is_china_time():
    scripts = PICTURE_SCRIPTS.replace("window.ct = '1762338600' || '';", "")
    meta = extract(page(body=PICTURE_BODY, scripts=scripts)).meta
    assert meta.published == datetime(2025, 11, 5, 10, 30, tzinfo=timezone.utc)


def test_text_post_without_title_takes_its_first_line():
    text = r"这两年经常听到AI编程要取代程序员的论调，一开始我是嗤之以鼻的，但现在看法有一些微调了\x0a\x0a第二段"
    art = extract(text_post("", text, user_title="0"))
    assert art.kind == "text"
    assert art.meta.title == "这两年经常听到AI编程要取代程序员的论调…"
    assert len(art.meta.title) <= TITLE_MAX + 1
    assert "第二段" in art.content.get_text()


def test_text_post_whose_title_field_holds_the_whole_text():
    whole = r"今天天气不错。我们去公园散步吧，然后一起吃个饭，再去看一场好看的电影\x0a好不好"
    art = extract(text_post(whole, ""))
    assert art.meta.title == "今天天气不错"
    assert "好不好" in art.content.get_text()  # no content_noencode: the text comes from the title field


AUTHOR_FROM_PAGE = {
    "savetruth-2018-raw-h2-in-content.html": "美美大师姐",
    "sogou-2018-bgimage-headings.html": "🌏华商君",  # the <em> beside date and account
    # sogou-2018-mpvoice.html's <em> reads 读武汉关注☞ ("read Wuhan, follow ☞"): a prompt, no writer
}


@needs_shared
@pytest.mark.parametrize("row", CONTENT_LABELS, ids=[row["file"] for row in CONTENT_LABELS])
def test_real_page_kind_and_metadata(row):
    art = extract(read_page(row["file"]))
    assert art.kind == row["kind"]
    assert art.meta.title == row["title"]
    assert art.meta.account == row["account"]
    assert art.meta.author == AUTHOR_FROM_PAGE.get(row["file"], row["author"])
    assert art.meta.published is not None and art.meta.published.utcoffset() is not None
    assert art.meta.published.astimezone(TZ8).strftime("%Y-%m-%d %H:%M") == row["date"]
    assert art.content.name == "div"
    for value in (art.meta.title, art.meta.account, art.meta.author, art.meta.digest, *art.meta.tags):
        assert not re.search(r"\\x[0-9a-f]{2}|\\u[0-9a-f]{4}|&(amp|quot|lt|gt|nbsp|#39);", value)
    if art.meta.url:
        assert art.meta.url.startswith("https://mp.weixin.qq.com/s")
    if art.meta.cover:
        assert art.meta.cover.startswith("https://")


@needs_shared
def test_real_pages_more_metadata():
    mdnice = extract(read_page("exp-2025-code-mdnice-xuanyuan.html")).meta
    assert mdnice.account_id == "gh_fe02be2b2ff0"
    assert mdnice.tags == ["AI技术与AI编程"]
    assert mdnice.url == "https://mp.weixin.qq.com/s/KDWh_qGpFN5Vu1TR9t30Mw"
    assert mdnice.original is None
    assert extract(read_page("exp-2025-short-plain-p-br.html")).meta.original is True
    reprint = extract(read_page("exp-2025-reprint-36kr.html")).meta
    assert reprint.original is False and reprint.digest == "语言的贫瘠，本质上是思想的贫瘠。"
    saved = extract(read_page("saved-2020-js66-mdnice-code-lists.html")).meta
    assert saved.source_url == "https://juejin.im/post/6844904200917221389"
    assert saved.url == "https://mp.weixin.qq.com/s?__biz=MzAxODE2MjM1MA==&mid=2651562827&idx=1&sn=0bc0c4243229dfe58850e5b38bb80bf2"
    mpvoice = extract(read_page("sogou-2018-mpvoice.html")).meta
    assert mpvoice.digest.splitlines()[0] == "◇“老赖”将被限制不动产交易"



# ------------------------------------------------------------------ issue 6 and 8 rules


def test_digit_only_hashtags_are_not_tags():
    content = '<p>第325期 <a class="wx_topic_link" data-topic="1">#325</a> <a class="wx_topic_link" data-topic="1">#读书</a></p>'
    assert extract(modern_article(content)).meta.tags == ["读书"]


def test_url_from_biz_mid_idx_when_msg_link_is_empty_and_sn_missing():
    scripts = 'var biz = "MzA4ODUzNjAxOA=="; var mid = "2671068104"; var idx = "7"; var msg_title = "t"; var msg_link = "";'
    meta = extract(page(body=article_body(), scripts=scripts)).meta
    assert meta.url == "https://mp.weixin.qq.com/s?__biz=MzA4ODUzNjAxOA==&mid=2671068104&idx=7"
    assert meta.key == ""


def test_url_from_the_saved_from_comment():
    raw = "<!-- saved from url=(0049)https://mp.weixin.qq.com/s/AbCdEfGhIjKlMnOpQrStUv -->\n" + page(body=article_body())
    assert extract(raw).meta.url == "https://mp.weixin.qq.com/s/AbCdEfGhIjKlMnOpQrStUv"


def test_stable_key_when_nothing_identifies_the_page():
    scripts = 'var msg_title = "无链接的文章"; var nickname = "某号"; var ct = "1522968980";'
    first = extract(page(body=article_body(), scripts=scripts)).meta
    again = extract(page(body=article_body("<p>改过的正文</p>"), scripts=scripts)).meta
    other = extract(page(body=article_body(), scripts=scripts.replace("无链接的文章", "另一篇"))).meta
    assert first.url == "" and first.key.startswith("wx-")
    assert first.key == again.key  # the same article, whatever its body
    assert other.key != first.key


def test_a_page_with_no_time_is_known_by_its_text():
    """A saved copy with no scripts left shows no time (it is dated with --default-date): its
    account, title and text still identify it, so a second run finds its post."""
    first = extract(page(body=article_body(), scripts='var msg_title = "t";')).meta
    again = extract(page(body=article_body(), scripts='var msg_title = "t";')).meta
    other = extract(page(body=article_body("<p>另一篇的正文</p>"), scripts='var msg_title = "t";')).meta
    assert first.published is None and first.key.startswith("wx-") and first.key == again.key
    assert other.key != first.key


def scriptless(publish_time: str, *, before: str = "", field: str = "publish_time") -> str:
    """A page as export tools save it: scripts removed, the visible publish time left."""
    body = article_body().replace('<em id="publish_time"></em>', f'<em id="{field}">{publish_time}</em>')
    return before + page(body=body).replace("<script>var doc", "<noscript>var doc")


@pytest.mark.parametrize(
    ("visible", "expected"),
    [
        ("2025年11月04日 15:59", datetime(2025, 11, 4, 15, 59, tzinfo=TZ8)),
        ("2022-03-10 08:00", datetime(2022, 3, 10, 8, 0, tzinfo=TZ8)),
        ("2018-03-20", datetime(2018, 3, 20, tzinfo=TZ8)),
    ],
)
def test_visible_publish_time_when_the_scripts_are_gone(visible, expected):
    assert extract(scriptless(visible)).meta.published == expected


def test_old_post_date_is_read_too():
    raw = scriptless("2018-03-20", field="post-date")
    assert extract(raw).meta.published == datetime(2018, 3, 20, tzinfo=TZ8)


SINGLEFILE = "<!--\n Page saved with SingleFile \n url: https://mp.weixin.qq.com/s/x \n saved date: Wed Nov 05 2025 10:00:00 GMT+0800 (China Standard Time)\n-->"


@pytest.mark.parametrize(
    ("visible", "expected"),
    [
        ("昨天 15:59", datetime(2025, 11, 4, 15, 59, tzinfo=TZ8)),
        ("前天", datetime(2025, 11, 3, tzinfo=TZ8)),
        ("3天前", datetime(2025, 11, 2, tzinfo=TZ8)),
        ("5小时前", datetime(2025, 11, 5, 5, 0, tzinfo=TZ8)),
        ("Yesterday", datetime(2025, 11, 4, tzinfo=TZ8)),
    ],
)
def test_relative_publish_time_against_the_page_save_time(visible, expected):
    assert extract(scriptless(visible, before=SINGLEFILE)).meta.published == expected


def test_relative_time_with_a_date_meta_tag():
    raw = scriptless("2天前").replace("<title>", '<meta http-equiv="date" content="Wed, 05 Nov 2025 02:00:00 GMT"><title>')
    assert extract(raw).meta.published == datetime(2025, 11, 3, tzinfo=TZ8)


@pytest.mark.parametrize("visible", ["昨天", "3天前", "", "很久以前"])
def test_no_date_is_unknown_never_the_clock(visible):
    assert extract(scriptless(visible)).meta.published is None


HASHTAG_PICTURE_SCRIPTS = r"""
    window.item_show_type = '8' || '';
    window.ct = '1762338600' || '';
    window.msg_title = '周末随拍' || '';
    window.desc = '\\x3ca class=\\x22wx_topic_link\\x22 data-topic=\\x221\\x22\\x3e#城市漫步\\x3c/a\\x3e \\x3ca class=\\x22wx_topic_link\\x22 data-topic=\\x221\\x22\\x3e#胶片\\x3c/a\\x3e' || '';
    window.cgiDataNew = {
        title: JsDecode('周末随拍'),
        content_noencode: JsDecode('\x3ca class=\x22wx_topic_link\x22 data-topic=\x221\x22\x3e#城市漫步\x3c/a\x3e \x3ca class=\x22wx_topic_link\x22 data-topic=\x221\x22\x3e#胶片\x3c/a\x3e'),
        picture_page_info_list: [
            { cdn_url: JsDecode('https://mmbiz.qpic.cn/mmbiz_jpg/P1/0?wx_fmt=jpeg') },
        ],
    };
    var d = {};
    d.nick_name = (xml ? getXmlValue('nick_name.DATA') : '胶片日记').html(false);
"""


def test_hashtag_only_picture_post_text_tags_and_account():
    art = extract(page(body='<div id="js_article" class="share_content_page"><div id="img_list"></div></div>', scripts=HASHTAG_PICTURE_SCRIPTS))
    assert art.kind == "picture"
    assert art.meta.account == "胶片日记"
    assert art.meta.tags == ["城市漫步", "胶片"]
    assert art.meta.digest == "#城市漫步 #胶片"  # plain: no escapes or HTML
    assert " ".join(art.content.get_text(" ").split()) == "#城市漫步 #胶片"
    assert [a.get_text() for a in art.content.find_all("a", class_="wx_topic_link")] == ["#城市漫步", "#胶片"]


@pytest.mark.parametrize("visible", ["99999999天前", "昨天 25:61", "9999年99月99日"])
def test_impossible_visible_times_are_unknown(visible):
    assert extract(scriptless(visible, before=SINGLEFILE)).meta.published is None


def test_relative_time_against_the_response_date_when_the_page_has_none():
    received = datetime(2025, 11, 5, 10, 0, tzinfo=TZ8)
    assert extract(scriptless("昨天 15:59"), received=received).meta.published == datetime(2025, 11, 4, 15, 59, tzinfo=TZ8)
    own = extract(scriptless("昨天", before=SINGLEFILE), received=datetime(2030, 1, 1, tzinfo=TZ8)).meta.published
    assert own == datetime(2025, 11, 4, tzinfo=TZ8)  # the page's own save time wins


# ------------------------------------------------------------------ bylines on 2016-2018 pages


def meta_line_2017(*, original: bool, writer: str = "五百击") -> str:
    """The head of a 2016-2017 article as WeChat served it: 原创 badge, date, writer, account."""
    badge = '<span id="copyright_logo" class="rich_media_meta meta_original_tag">原创</span>' if original else ""
    return (
        '<div id="js_article" class="rich_media"><div class="rich_media_inner"><div id="page-content">'
        '<div id="img-content"><h2 class="rich_media_title" id="activity-name">\n  一篇2017年的文章 </h2>'
        f'<div id="meta_content" class="rich_media_meta_list">{badge}'
        '<em id="post-date" class="rich_media_meta rich_media_meta_text">2017-06-15</em>'
        f'<em class="rich_media_meta rich_media_meta_text">{writer}</em>'
        '<a class="rich_media_meta rich_media_meta_link rich_media_meta_nickname" href="##" id="post-user">某科技号</a>'
        '<span class="rich_media_meta rich_media_meta_text rich_media_meta_nickname">某科技号</span>'
        '<div id="js_profile_qrcode" class="profile_container" style="display:none;"><div class="profile_inner">'
        '<strong class="profile_nickname">某科技号</strong><p class="profile_meta"><label class="profile_meta_label">微信号</label>'
        '<span class="profile_meta_value">moukeji</span></p></div></div></div>'
        '<div class="rich_media_content " id="js_content"><p>正文。</p></div></div></div></div></div>'
    )


SCRIPTS_2017 = 'var nickname = "某科技号"; var msg_title = "一篇2017年的文章"; var publish_time = "2017-06-15" || "";'


def test_2017_writer_is_the_em_beside_date_and_account():
    meta = extract(page(body=meta_line_2017(original=True), scripts=SCRIPTS_2017)).meta
    assert meta.author == "五百击" and meta.account == "某科技号"
    assert meta.original is True  # the 原创 badge, when the scripts say nothing


def test_2017_page_without_badge_has_its_writer_and_no_original_flag():
    meta = extract(page(body=meta_line_2017(original=False), scripts=SCRIPTS_2017 + ' var copyright_stat = "0";')).meta
    assert meta.author == "五百击" and meta.original is None


def test_2018_writer_field_that_is_a_call_to_follow_is_no_writer():
    meta = extract(page(body=meta_line_2017(original=False, writer="读武汉关注☞"), scripts=SCRIPTS_2017)).meta
    assert meta.author == ""  # the post falls back to the account


def test_scripts_still_win_over_the_visible_line():
    scripts = SCRIPTS_2017 + ' var author = "脚本作者"; var copyright_stat = "2";'
    meta = extract(page(body=meta_line_2017(original=True), scripts=scripts)).meta
    assert meta.author == "脚本作者" and meta.original is False


def late_2018(writer_markup: str) -> str:
    return (
        '<div id="js_article" class="rich_media"><div id="img-content" class="rich_media_area_primary">'
        '<h2 class="rich_media_title" id="activity-name">一篇2018年的文章</h2>'
        '<div id="meta_content" class="rich_media_meta_list">'
        '<span id="copyright_logo" class="rich_media_meta rich_media_meta_text meta_tag_text">原创：</span>'
        f"{writer_markup}"
        '<span class="rich_media_meta rich_media_meta_nickname" id="profileBt">'
        '<a href="javascript:void(0);" id="js_name">科技小视</a></span>'
        '<em id="publish_time" class="rich_media_meta rich_media_meta_text"></em></div>'
        '<div class="rich_media_content " id="js_content"><p>正文。</p></div></div></div>'
    )


@pytest.mark.parametrize(
    "writer_markup",
    [
        '<span class="rich_media_meta rich_media_meta_text"><span id="js_author_name" class="rich_media_meta_link"'
        ' data-rewardsn="" data-timestamp="" data-canreward="0">小视本人</span></span>',
        '<span class="rich_media_meta rich_media_meta_text">小视本人</span>',  # no reward: no #js_author_name
    ],
)
def test_late_2018_original_line_gives_writer_and_original(writer_markup):
    meta = extract(page(body=late_2018(writer_markup), scripts='var msg_title = "t"; var ct = "1528160000";')).meta
    assert meta.author == "小视本人" and meta.account == "科技小视" and meta.original is True


def test_a_rendered_copy_with_the_original_line_as_one_text():
    """A read-later copy keeps the line under the title as plain text, ids gone."""
    body = (
        '<div id="js_article" class="rich_media"><div id="img-content">'
        '<h2 class="rich_media_title" id="activity-name">一篇文章</h2>'
        '<div class="rich_media_meta_list"><span>原创：小视本人</span> <span>科技小视</span> <em>2018-06-05</em></div>'
        '<div class="rich_media_content" id="js_content"><p>正文。</p></div></div></div>'
    )
    meta = extract(page(body=body, scripts='var nickname = "科技小视"; var ct = "1528160000";')).meta
    assert meta.author == "小视本人" and meta.original is True


def test_a_hidden_badge_is_not_original():
    body = meta_line_2017(original=True).replace('class="rich_media_meta meta_original_tag"', 'style="display:none;"')
    assert extract(page(body=body, scripts=SCRIPTS_2017)).meta.original is None
