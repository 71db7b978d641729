"""The script index: a page's script data found by name, each script parsed once, on demand."""

from __future__ import annotations

import pytest
from conftest import PAGES
from pagebuilders import PICTURE_SCRIPTS

from wx2md.extract.page import Page
from wx2md.extract.scripts import ScriptIndex, _Script
from wx2md.wechat import Var


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
    scripts = index("var msg_title = 't'; window.ct = '1';", "var other = 1; window.ct = '2';")
    assert all("assignments" not in vars(s) for s in scripts._scripts)
    scripts.var("msg_title")  # read from its statement alone
    assert all("assignments" not in vars(s) for s in scripts._scripts)
    scripts.assigned("window.ct", scripts._scripts[:1])
    assert ["assignments" in vars(s) for s in scripts._scripts] == [True, False]


# ------------------------------------------------------------------ `var` read from its statements alone

DATA_BLOCK = """
    function htmlDecode(str) {
        return str.replace(/&#39;/g, '\\'').replace(/<br\\s*(\\/)?\\s*>/g, '\\n');
    }

    var item_show_type = "0";
    var ct = "1762819606";
    var nickname = htmlDecode("36氪");
    var msg_desc = htmlDecode("第一行<br/>第二行");
    var msg_title = '标题'.html(false);
    var author = ""; // the template leaves it empty;
    window.ct = ct;
    var d = {
        ct: ct,
        item_show_type: '0',
    };
    var album_info_list = [
        {"title": "合集", "id": "1"},
    ];
    if (album_info_list && album_info_list[0].id === ct) {
        var nickname = "again";
    }
    var msg_link = "https://mp.weixin.qq.com/s/x";
"""


def whole(text: str, name: str) -> list:
    """What the whole-script parse gives for `var name`."""
    script = _Script(text)
    assert script.assignments is not None  # parsed whole first: values() then reads the whole parse
    return script.values(f"var {name}")


def read_alone(text: str, name: str) -> tuple[bool, list]:
    """(whether only `name`'s statements were parsed, the values given)."""
    script = _Script(text)
    values = script.values(f"var {name}")
    return "assignments" not in vars(script), values


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("item_show_type", ["0"]),
        ("ct", ["1762819606"]),
        ("nickname", ["36氪", "again"]),  # declared twice: both, in page order
        ("msg_desc", ["第一行<br/>第二行"]),
        ("msg_title", ["标题"]),
        ("album_info_list", [[{"title": "合集", "id": "1"}]]),  # a statement over three lines
        ("msg_link", ["https://mp.weixin.qq.com/s/x"]),
        ("missing", []),
    ],
)
def test_a_data_block_var_is_read_from_its_statements_alone(name, value):
    assert read_alone(DATA_BLOCK, name) == (True, value)
    assert whole(DATA_BLOCK, name) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("var a = 1, ct = '2', b = 3;", ["2"]),  # a multi-declarator statement on one line
        ("var ct =\n    '1' +\n    '2';\nvar x = 1;", ["12"]),  # a declaration over lines ending in `;`
        ("var ct = '1';\nvar ct = '2'; var ct = e.ct;", ["1", "2"]),  # declared again; unknown left out
        ("d = { ct: 1 };\nf(a.ct, ct);\nif (ct === 2) {}", []),  # keys, members, uses: nothing parsed
        ("var ct = '1'\nvar x = 2;", ["1"]),  # ends without `;`: read with the statement after it
        ("var ct // the time\n    = '1';", ["1"]),  # a comment between the name and its `=`
        ("var ct\u200b= '1';", ["1"]),  # a space tree-sitter skips and Python's `\s` does not
        ("var x = {ct: 1}, y = a.ct, z = act, w = ct_1, v = ct == 1;", []),  # never a declaration of ct
        ("var o = {\n    url: 'https://x/?a=1&ct=2',\n};\nf(ct = 3); a;ct = 4;", []),  # nor after `&`, `(`, `;`
    ],
)
def test_statements_read_alone_give_what_the_whole_parse_gives(text, value):
    assert read_alone(text, "ct") == (True, value)
    assert whole(text, "ct") == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("var a = 1,\n    ct = '2';", ["2"]),  # a multi-declarator statement split over lines
        ("var x = 1;\nct = '2';", []),  # an assignment, not a declaration: only the whole parse says so
        ("var x = f(1,\nvar ct = '2';", []),  # the line before does not end a statement
        ("/* var ct = '9';\n*/ var ct = '1';", ["1"]),  # a name inside a block comment
        ("var s = `\nvar ct = '9';\n`;\nvar ct = '1';", ["1"]),  # a name inside a template literal
        ("var s = 'a\\\nvar ct = 9;';\nvar ct = '1';", ["1"]),  # a string continued over a line break
        ("var ct = '1' // a note;\n  + '2';", ["12"]),  # the last `;` is in a comment: the statement goes on
        ("var ct = {a: ;", []),  # the statement has an error
        ("var ct = '1'", ["1"]),  # no `;` at all
    ],
)
def test_anything_uncertain_is_read_from_the_whole_parse(text, value):
    assert _Script(text).declared("ct") is None
    assert read_alone(text, "ct") == (False, value)
    assert whole(text, "ct") == value


def test_every_real_page_reads_its_vars_as_the_whole_parse_does():
    """Each declared name in every data script of the shared pages: the same values, and no data block parsed whole."""
    pages = sorted(PAGES.glob("*.html")) if PAGES.is_dir() else []
    if not pages:
        pytest.skip(f"{PAGES} is not available")
    for path in pages:
        scripts = Page.read(path.read_text(encoding="utf-8", errors="replace")).scripts
        for script in scripts._scripts:
            for name in Var.DECLARED:
                alone = _Script(script.text).declared(name)
                if script is scripts.data_block:
                    assert alone is not None, (path.name, name)
                whole_parse = [n.text for n in script.assignments.get(f"var {name}", [])]
                if alone is not None:
                    assert [n.text for n in alone] == whole_parse, (path.name, name)
