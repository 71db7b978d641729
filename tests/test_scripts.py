"""The script index: a page's script data found by name, each script parsed once, on demand."""

from __future__ import annotations

from pagebuilders import PICTURE_SCRIPTS

from wx2md.extract.page import Page
from wx2md.extract.scripts import ScriptIndex


def index(*scripts: str) -> ScriptIndex:
    return ScriptIndex(list(scripts))


def test_var_block_is_the_script_that_assigns_a_literal_title():
    template = "function f(e) { var msg_title = e.title || ''; var nickname = e.n; }"
    block = "var msg_title = '真正的标题'.html(false); var nickname = htmlDecode('某号');"
    scripts = index(block, template)
    assert scripts.var("msg_title") == ["真正的标题"]
    assert scripts.var("nickname") == ["某号"]


def test_link_parts_are_found_outside_the_block_but_other_names_are_not():
    head = 'var biz = "MzA=="; var mid = "22"; var author = "模板里的作者";'
    block = "var msg_title = 't'; var idx = '1';"
    scripts = index(head, block)
    assert scripts.var("biz") == ["MzA=="] and scripts.var("idx") == ["1"]
    assert scripts.var("author") == []  # only the block speaks for the page


def test_without_a_block_every_script_counts():
    assert index('var nickname = "甲";', 'var nickname = "乙";').var("nickname") == ["甲", "乙"]


def test_window_values_and_expressions_the_templates_use():
    scripts = index("window.ct = '1762338600' || ''; window.item_show_type = '8' * 1; window.nickname = e.n;")
    assert scripts.window("ct") == ["1762338600"]
    assert scripts.window("item_show_type") == [8]
    assert scripts.window("nickname") == []  # computed at run time: not given here


def test_any_target_by_name():
    share = "document.getElementById(\"js_share_notice\").innerHTML = \"评论\\x0a第二行\".replace(/\\n/g, '<br>');"
    data = "var d = {}; d.nick_name = (xml ? getXmlValue('nick_name.DATA') : '某号').html(false);"
    scripts = index(share, data)
    assert scripts.assigned("document.getElementById('js_share_notice').innerHTML") == ["评论\n第二行"]
    assert scripts.assigned("d.nick_name") == ["某号"]


def test_cgi_data_keys_one_at_a_time():
    scripts = Page.read(f"<html><body><script>{PICTURE_SCRIPTS}</script></body></html>").scripts
    assert scripts.cgi("nick_name") == "36氪"
    assert scripts.cgi("create_time") == "2025-11-05 18:30"
    assert [item["cdn_url"] for item in scripts.cgi("picture_page_info_list")][1].endswith("PIC2/0?wx_fmt=png&amp;tp=webp")
    assert scripts.cgi("missing") is None


def test_cgi_data_minified_or_at_column_zero():
    for text in ("window.cgiDataNew = {title: JsDecode('甲'), n: '1' * 1};", "window.cgiDataNew = {\ntitle: '甲',\nn: '1' * 1\n};"):
        scripts = index(text)
        assert scripts.cgi("title") == "甲" and scripts.cgi("n") == 1


def test_broken_script_gives_nothing_rather_than_an_error():
    scripts = index("var msg_title = 'ok'; var nickname = {a: ; var ct = '1';")
    assert scripts.var("msg_title") == ["ok"]
    assert scripts.var("nickname") == []


def test_nothing_is_parsed_until_asked_for():
    scripts = index("var msg_title = 't';", "var other = 1;")
    assert all("assignments" not in vars(s) for s in scripts._scripts)
    scripts.var("msg_title")
    assert ["assignments" in vars(s) for s in scripts._scripts] == [True, False]
