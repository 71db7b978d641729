"""The speed shortcuts give exactly what the slow paths give, on generated input.

Each shortcut (spans built as their content, a `var` read from its own
statement, a cgiDataNew key read from its lines, the id table and the class
prefilter, the quick query cut) promises the very result of the path it replaces; hypothesis draws WeChat-like bodies,
scripts and pages from small grammars and holds the two side by side.
"""

from __future__ import annotations

import html
import re
import string
from datetime import datetime, timezone
from unittest.mock import patch
from urllib.parse import parse_qsl, urlencode

import lxml.html
import pytest
from conftest import assert_linked
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pagebuilders import modern_article

from wx2md import jsvars
from wx2md.clean import clean, plain_inline
from wx2md.clean.inline import css_emphasis
from wx2md.code import stand_in
from wx2md.core import convert_html
from wx2md.extract.page import Page, by_class
from wx2md.extract.scripts import ScriptIndex, _index, _Script
from wx2md.footnotes import may_hold_marks
from wx2md.markdown import to_markdown
from wx2md.post import render
from wx2md.soup import from_lxml
from wx2md.tree import nodes_in, tags_in
from wx2md.urls import IMAGE_NOISE_PARAMS, _clean_query

URL = "https://mp.weixin.qq.com/s/abc"


def examples(n: int) -> settings:
    """Modest runs: the whole file stays well under half a minute."""
    return settings(max_examples=n, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ------------------------------------------------------------------ 1. spans built as their content

TEXTS = ["中文", " ", "\n  ", "a_b", "# x", "1. y", "*星*", "x", "", "\u200b", "\xa0", "[1]", "`c`", "{{ v }}"]
STYLES = ["", "", "", "", "color:red", "color:red", "font-weight:bold", "font-weight: 700", "font-weight:normal",
          "font-style:italic", "background-image:url(https://mmbiz.qpic.cn/x/640)", "font-size:15px",
          "FONT-WEIGHT:BOLD", "display:none", "font-weight:400;font-style:italic",
          "background:URL(https://mmbiz.qpic.cn/y/640)"]
# Weighted by repetition: most spans carry nothing the cleaner reads (the shortcut's case),
# a few carry what it must see; one body in ten or so holds a <sup> (no shortcut then).
PLAIN_ATTRS = ['', '', '', ' leaf=""', ' textstyle=""', ' data-pm-slice="0 0 []"', ' lang="en"']
EXTRA_ATTRS = PLAIN_ATTRS * 3 + [
    ' class="k"', ' id="i"', ' class="js_darkmode__1"', ' data-lang="py"', ' data-formula="x^2"', ' data-formula=""',
    ' class="code-snippet__fix"', ' id="js_top_ad_area"', ' class="wx_topic_link"']
INLINE_WRAPPERS = ["span"] * 10 + ["font"] * 3 + ["strong", "b", "em", "i", "code", "a", "label", "mp-style-type"]
BLOCK_WRAPPERS = ["section", "section", "p", "p", "div", "h2", "li", "ul", "ol", "blockquote", "pre", "td", "figure",
                  "figcaption", "mp-common-profile", "mp-unknown", "table", "tr"]
LEAVES = [
    '<br>', '<br/>', '<img data-src="https://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png">', '<img src="">',
    '<a class="wx_topic_link" data-topic="1">#话题</a>', '<span data-formula="E=mc^2"></span>',
    '<mp-common-profile data-nickname="某号" data-id="MzA=="></mp-common-profile>', '<!-- c -->',
    '<img data-src="https://res.wx.qq.com/mpres/htmledition/images/icon/common/emotion_panel/smiley/smiley_0.png">',
    '<hr>',
]


def _text() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(TEXTS), min_size=1, max_size=3).map(lambda parts: html.escape("".join(parts)))


def _open(name: str, style: str, extra: str) -> str:
    attrs = (f' style="{style}"' if style else "") + extra
    if name == "a":
        attrs += ' href="https://mp.weixin.qq.com/s/abc"'
    return f"<{name}{attrs}>"


@st.composite
def _element(draw, children: st.SearchStrategy[str]) -> str:
    name = draw(st.sampled_from(INLINE_WRAPPERS + BLOCK_WRAPPERS))
    style = draw(st.sampled_from(STYLES))
    extra = draw(st.sampled_from(EXTRA_ATTRS))
    inner = "".join(draw(st.lists(children, max_size=4)))
    return f"{_open(name, style, extra)}{inner}</{name}>"


NODES = st.recursive(
    st.one_of(_text(), st.sampled_from(LEAVES)),
    lambda children: _element(children),
    max_leaves=24,
)
BODIES = st.tuples(st.lists(NODES, min_size=1, max_size=5), st.sampled_from([""] * 9 + ["<sup>1</sup>"])).map(
    lambda drawn: "".join(drawn[0]) + drawn[1])


def stand_in_for(body):
    """The shortcuts as `extract.content` takes them: off where the footnote stage reads the body."""
    return None if may_hold_marks(body) else stand_in


def plain_inline_for(body):
    return None if may_hold_marks(body) else plain_inline


def _body(markup: str):
    return lxml.html.fragment_fromstring(markup, create_parent="div")


def _cleaned(markup: str, flat: bool):
    body = _body(markup)
    return clean(from_lxml(body, stand_in_for(body), plain_inline_for(body) if flat else None))


def _same_cleaning(markup: str) -> None:
    flat, full = _cleaned(markup, True), _cleaned(markup, False)
    assert str(flat) == str(full)
    assert to_markdown(flat) == to_markdown(full)


@examples(400)
@given(BODIES)
def test_spans_built_as_their_content_clean_to_the_same_tree_and_markdown(markup):
    _same_cleaning(markup)


@examples(300)
@given(BODIES)
def test_the_built_tree_is_the_full_one_with_those_spans_unwrapped(markup):
    """Before any cleaning: the same nodes, linked as bs4 links them."""
    body = _body(markup)
    flatten = plain_inline_for(body)
    flat, full = from_lxml(body, flatten=flatten), from_lxml(body)
    if flatten is not None:
        for span in reversed(tags_in(full, ("span", "font"))):
            read = span.attrs.keys() & {"id", "class", "data-formula", "data-lang"}
            if span.find_parent(("pre", "textarea")) is None and not read \
                    and "url(" not in (span.get("style") or "") and not css_emphasis(span):
                span.unwrap()
    assert [str(node) for node in nodes_in(flat)] == [str(node) for node in nodes_in(full)]
    assert [type(node) for node in nodes_in(flat)] == [type(node) for node in nodes_in(full)]
    assert_linked(flat)


@examples(150)
@given(BODIES)
def test_the_same_inside_a_page_content_div(markup):
    page = f'<html><body><div class="rich_media_content" id="js_content">{markup}</div></body></html>'
    doc = lxml.html.document_fromstring(page, parser=lxml.html.HTMLParser(huge_tree=True, default_doctype=False))
    body = doc.xpath('//*[@id="js_content"]')[0]
    flat = clean(from_lxml(body, stand_in_for(body), plain_inline_for(body)))
    full = clean(from_lxml(body, stand_in_for(body)))
    assert str(flat) == str(full)
    assert to_markdown(flat) == to_markdown(full)


# ------------------------------------------------------------------ 2. `var name` read from its statements

NAME = "ct"  # the name asked for; the others only surround it
VALUES = [
    "'1'", '"中文"', "'a;b'", "'var ct = 9;'", '"x\\"; var ct = 8;"', "'\\u4e2d'", "1", "0x1F", "1.5", "-2",
    "'1' * 1", "'t'.html(false)", "htmlDecode('某号')", "e.ct", "a || 'b'", "x ? 'y' : 'z'", "[1, 'a']",
    "{a: 1, 'b': [2]}", "[\n    {\"title\": \"合集\", \"id\": \"1\"},\n]", "{\n    ct: ct,\n    n: '0',\n}",
    "'1' +\n    '2'", "function (e) { var ct = e.ct; return ct; }", "/;var ct = 1;/g", "`ct`", "`\nvar ct = 7;\n`",
    "null", "true", "void 0", "a\n(b)", "'\\\nvar ct = 6;'",
]
OTHER = ["a", "b", "nickname", "ct_1", "act", "$ct"]
SPACE = st.sampled_from([" ", "", "  ", "\t", "\u200b", "\u2060", "\ufeff", "\xa0", "\u3000", "\x0b", "\x1c"])
LINE_END = st.sampled_from(["\n", "\n", "\r\n", "\n\n", " \n", ";\n", "\n    ", "\u2028", "\r", "\u2029"])


# Block comments, template literals and strings continued over lines send a whole script to
# the full parse: the second grammar leaves them out, so most of its scripts take the shortcut.
_LINE_SPANNING = ("`", "/*", "\\\n")
VALUES_LINEWISE = [v for v in VALUES if not any(mark in v for mark in _LINE_SPANNING)]


@st.composite
def _statement(draw, linewise: bool = False) -> str:
    values = st.sampled_from(VALUES_LINEWISE if linewise else VALUES)
    value = draw(values)
    other = draw(st.sampled_from(OTHER))
    name = draw(st.sampled_from([NAME, NAME, other]))
    space = draw(SPACE)
    end = draw(st.sampled_from([";", ";", ";", "", "; // note;"] + ([] if linewise else [" /* c */;"])))
    forms = [
        f"var {name}{space}={space}{value}{end}",
        f"var {other} = {draw(values)}, {name} = {value}{end}",
        f"var {other} = 1,\n    {name} = {value}{end}",
        f"var {name}\n    = {value}{end}",
        f"var {name} // the value\n    = {value}{end}",
        f"var {name} /* c */ = {value}{end}",
        f"{name} = {value}{end}",
        f"window.{name} = {value}{end}",
        f"let {name} = {value}{end}",
        f"const {name} = {value}{end}",
        f"function f(e) {{ var {name} = e.{name}; }}",
        f"function f(e) {{\n    var {name} = {value};\n}}",
        f"if ({other}) {{\n    var {name} = {value};\n}}",
        f"if ({other})\nvar {name} = {value}{end}",
        f"for (var {name} = 0; {name} < 1; {name}++) {{}}",
        f"// var {name} = {value};",
        f"/* var {name} = {value};\n*/",
        f"var s = '{name}; var {name} = 1;'{end}",
        f"d = {{ {name}: {value} }}{end}",
        f"f(a.{name}, {name}){end}",
        f"url = 'https://x/?a=1&{name}=2'{end}",
        f"var {name} = {value}{end} var {other} = {value}{end}",
        f"x = 1; var {name} = {value}{end}",
        f"<!-- var {name} = 1;",
        f"var {other} = f(1,",
    ]
    if linewise:  # also without what sends a script to the full parse when it names the name asked for
        unsure = (f"{name} =", f"let {name}", f"const {name}", f")\nvar {name}", f"(var {name}", f"// var {name}",
                  f"; var {name}", f"<!-- var {name}", ",\n", "f(1,")
        forms = [form for form in forms if not any(mark in form for mark in _LINE_SPANNING)
                 and (name != NAME or not any(mark in form for mark in unsure))]
    return draw(st.sampled_from(forms))


def _scripts(linewise: bool) -> st.SearchStrategy[str]:
    return st.lists(st.tuples(_statement(linewise), LINE_END), min_size=1, max_size=8).map(
        lambda parts: "".join(s + e for s, e in parts))


SCRIPTS = _scripts(False) | _scripts(True)


def _texts(nodes) -> list[bytes]:
    return [node.text for node in nodes]


@examples(600)
@given(SCRIPTS)
def test_a_var_read_from_its_statements_is_what_the_whole_parse_reads(text):
    whole = jsvars.parse(text.encode("utf-8", "surrogatepass"))
    if whole.has_error:  # the promise is for scripts a browser runs (a broken one may be recovered otherwise)
        return
    expected = _index(whole).get(f"var {NAME}", [])
    alone = _Script(text).declared(NAME)
    if alone is not None:
        assert _texts(alone) == _texts(expected)
        assert [jsvars.evaluate(n) for n in alone] == [jsvars.evaluate(n) for n in expected]
    assert _Script(text).values(f"var {NAME}") == [
        v for v in (jsvars.evaluate(n) for n in expected) if v is not jsvars.UNKNOWN]


# ------------------------------------------------------------------ 3. the id table and the class prefilter

ID_PARTS = ["js_content", "a", "b", "中", " ", "\t", "\n", "&amp;", "&lt;", "x-1", "\xa0", "'", "\u3000"]
CLASS_WORDS = ["rich_media_content", "a", "ab", "b-a", "中文", "A", "js_a"]
CLASS_GAPS = [" ", "  ", "\t", "\n", "\r\n", "\xa0", "\x0c", "\u3000", ""]
TAGS = ["div", "section", "p", "span", "a", "img", "ul", "li", "table", "td", "body", "html", "head", "template"]
ids = st.lists(st.sampled_from(ID_PARTS), max_size=3).map("".join)
class_values = st.lists(st.tuples(st.sampled_from(CLASS_GAPS), st.sampled_from(CLASS_WORDS)), max_size=3).map(
    lambda parts: "".join(g + w for g, w in parts)) | st.sampled_from(["", " a ", "a\n", "ab a", "中文a"])


@st.composite
def _page_element(draw, children: st.SearchStrategy[str]) -> str:
    name = draw(st.sampled_from(TAGS))
    attrs = ""
    for attribute, values in (("id", ids), ("class", class_values), ("name", ids)):
        if draw(st.booleans()):
            attrs += f' {attribute}="{draw(values)}"'
    inner = "".join(draw(st.lists(children, max_size=3)))
    return f"<{name}{attrs}>{inner}</{name}>"


PAGE_NODES = st.recursive(st.sampled_from(["t", "中文", "<br>", "<!-- c -->", "<img>"]), _page_element, max_leaves=16)
PAGES = st.lists(PAGE_NODES, min_size=1, max_size=4).map(lambda parts: f"<html><body>{''.join(parts)}</body></html>")


@examples(400)
@given(PAGES, ids)
def test_the_id_table_gives_the_first_element_with_that_very_id(markup, other):
    page = Page.read(markup)
    for ident in [*page.ids, other, "js_content", ""]:
        assert page.by_id(ident) is page.ids.get(ident)


def test_ids_the_table_never_files_are_found_by_the_walk():
    """Found by hypothesis: `id()` splits its argument into words, and libxml2 files no empty id."""
    page = Page.read('<html><body><div id="a b">1</div><div id=" c ">2</div><div id="">3</div></body></html>')
    assert page.ids_indexed
    assert [page.by_id(ident).text for ident in ("a b", " c ", "")] == ["1", "2", "3"]


@examples(400)
@given(PAGES, st.sampled_from(CLASS_WORDS))
def test_the_class_prefilter_keeps_exactly_the_elements_holding_the_word(markup, word):
    page = Page.read(markup)
    if page.root is None:
        return
    for base in page.root.iter():
        expected = [node for node in base.iterdescendants()
                    if isinstance(node.tag, str) and word in re.split("[\x20\t\r\n]+", node.get("class", ""))]
        assert by_class(base, word) == expected


# ------------------------------------------------------------------ 1 again, through the whole conversion

@examples(100)
@given(BODIES)
def test_a_converted_page_is_the_same_post_with_spans_built_in_full(markup):
    """Front matter (hashtags are read from the body before cleaning), body and image list alike."""
    page = modern_article(markup)
    now = datetime(2025, 11, 5, 12, 0, tzinfo=timezone.utc)
    flat = convert_html(page, URL, now=now)
    with patch("wx2md.extract.content.plain_inline", None):
        full = convert_html(page, URL, now=now)
    assert render(flat) == render(full)
    assert flat.images == full.images


# ------------------------------------------------------------------ 4. the quick cut of plain image queries

@examples(300)
@given(st.text(alphabet=string.ascii_letters[:6] + string.digits[:3] + "&=_.~/:,-+%;?# é中\x00", max_size=30)
       | st.lists(st.sampled_from(["wx_fmt=png", "tp=webp", "from=appmsg", "wxfrom=5", "a=", "=b", "&", "x",
                                   "wx_lazy=1", "usePicPrefetch=1", "k=v/w:x,y", "%41=1"]), max_size=6).map("&".join))
def test_any_query_is_cut_as_parse_qsl_and_urlencode_cut_it(query):
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in IMAGE_NOISE_PARAMS]
    assert _clean_query(query) == urlencode(kept, safe="/:,")


# ------------------------------------------------------------------ 2 again: cgiDataNew read one key at a time

CGI_KEYS = ["title", "nick_name", "desc", "create_time", "base_resp", "picture_page_info_list", "title_x", "ret"]
CGI_TEXT = st.lists(st.sampled_from(["中文", "a", ": ", ", ", "}", "{", "\\x0a", "\\'", "\\x26amp;", "\n    ti"]),
                    max_size=4).map(lambda parts: "".join(parts).replace("\n", "\\n"))


@st.composite
def _cgi_value(draw, indent: str, depth: int = 0) -> str:
    """A value written the way WeChat's template writes it, nested ones indented one step deeper."""
    inner = indent + "    "
    forms = ["'1' * 1", "'1762338600' * 1", f"JsDecode('{draw(CGI_TEXT)}')", f"'{draw(CGI_TEXT)}'", "'' || ''",
             "a ? 'x' : 'y'", "-1", "[]", "{}", "true"]
    if depth < 2:
        forms += ["object", "array"]
    form = draw(st.sampled_from(forms))
    if form == "object":
        keys = draw(st.lists(st.sampled_from(CGI_KEYS), min_size=1, max_size=3, unique=True))
        lines = "".join(f"\n{inner}{key}: {draw(_cgi_value(inner, depth + 1))}," for key in keys)
        return f"{{{lines}\n{indent}}}"
    if form == "array":
        items = draw(st.lists(_cgi_value(inner, depth + 1), min_size=1, max_size=2))
        return "[" + "".join(f"\n{inner}{item}," for item in items) + f"\n{indent}]"
    return form


@st.composite
def _cgi_script(draw) -> str:
    indent = draw(st.sampled_from(["    ", "\t", "                ", "  "]))
    keys = draw(st.lists(st.sampled_from(CGI_KEYS), min_size=1, max_size=6, unique=True))
    lines = [f"{indent}{key}: {draw(_cgi_value(indent))}" for key in keys]
    last = draw(st.sampled_from([",", ""]))
    body = ",\n".join(lines) + last
    outer = indent[: len(indent) // 2]
    return f"try {{\n{outer}window.cgiDataNew = {{\n{body}\n{outer}}};\n}} catch (e) {{}}\n"


@examples(300)
@given(_cgi_script())
def test_a_cgi_key_read_from_its_lines_is_what_the_whole_object_holds(text):
    scripts = ScriptIndex([text])
    data = scripts.cgi_data
    assert data is not None and data.indent is not None
    whole = {key: None if value is jsvars.UNKNOWN else value for key, value in data.whole.items()}
    for key in CGI_KEYS:
        assert scripts.cgi(key) == whole.get(key), key


@pytest.mark.parametrize("after", ["    title: 'second',\n", "};\nvar other = {\n    ret: 2,\n"])
def test_a_key_written_twice_or_past_the_object(after):
    """Found by hypothesis, outside WeChat's format: JavaScript keeps a key's last value, and `ret` is not cgiDataNew's."""
    scripts = ScriptIndex([f"window.cgiDataNew = {{\n    title: 'first',\n{after}}};"])
    assert {key: scripts.cgi(key) for key in ("title", "ret")} == {
        key: scripts.cgi_data.whole.get(key) for key in ("title", "ret")}
