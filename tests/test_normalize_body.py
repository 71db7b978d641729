"""normalize on small posts: each repair, and what must stay byte for byte."""

from __future__ import annotations

import pytest

from wx2md.errors import BadInput
from wx2md.normalize import TextLost, normalize_text
from wx2md.normalize.frontmatter import parse_date
from wx2md.settings import Settings, zone

S = Settings()
NAME = "2021-01-02-a-post.md"
HEAD = "---\nlayout: post\ntitle: t\n---\n\n"


def norm(text: str, name: str = NAME, settings: Settings = S) -> str:
    out = normalize_text(text, name=name, settings=settings)
    assert normalize_text(out, name=name, settings=settings) == out, "not idempotent"
    return out


def body(text: str) -> str:
    return norm(HEAD + text)[len(HEAD):]


# ------------------------------------------------------------------ kept byte for byte

KEPT = [
    "```python\n<div style=\"x\"><img data-src=x></div>\n## **x**\n```\n",
    "~~~\n#\n~~~\n",
    "A paragraph.\n{: .note }\n\n- item\n* other\n+ third\n\n1) one\n",
    "$$\n\\frac{a}{b} <span style=x>\n$$\n",
    "Some *emphasis*, __strong__, `code <img data-src=x>`.\nLong line that is not wrapped " + "word " * 40 + "\n",
    "<table><tr><td colspan=\"2\">合并</td></tr><tr><td>a</td><td>b</td></tr></table>\n",
    "<details><summary>更多</summary>\n\n内容\n\n</details>\n",
    "<div markdown=\"1\">\n\n## 标题\n\n</div>\n",
    "    indented <span style=\"x\">code</span>\n",
    "Hard break  \nnext line\n",
    "{% include figure.html src=\"a.png\" %}\n\n{{ site.baseurl }}/x and {{ page.title }}\n",
    "{% raw %}{{ already }}{% endraw %}\n",
    "<img src=\"a.png\" alt=\"small\">\n",
    "<!-- more -->\n",
    "中文段落，全角标点。\n作者的换行。\n",
]


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_markdown_is_kept_byte_for_byte(text: str):
    assert body(text) == text


# ------------------------------------------------------------------ repairs


def test_crlf_bom_and_blank_lines_before_front_matter():
    out = norm("\ufeff\n\r\n---\r\ntitle: t\r\n---\r\n\r\n正文\r\n\r\n\r\n")
    assert out == "---\nlayout: post\ntitle: t\n---\n\n正文\n"


def test_bold_and_empty_headings():
    assert body("## **标题**\n\n#\n\n### __x__ ###\n\n## **a** and **b**\n\n#### \n\n文字\n") == \
        "## 标题\n\n### x ###\n\n## **a** and **b**\n\n文字\n"


def test_svg_placeholders_and_lazy_params():
    text = ("![](https://pic1.zhimg.com/a.jpg)![](data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg'></svg>)\n\n"
            "![](data:image/svg+xml;utf8,<svg></svg>)\n\n"
            "[![x](http://mmbiz.qpic.cn/b/640?wx_fmt=gif&tp=webp&wxfrom=5&wx_lazy=1)](http://mmbiz.qpic.cn/b/640?wx_fmt=gif&wx_co=1)\n")
    assert body(text) == ("![](https://pic1.zhimg.com/a.jpg)\n\n"
                          "[![x](https://mmbiz.qpic.cn/b/640?wx_fmt=gif)](https://mmbiz.qpic.cn/b/640?wx_fmt=gif)\n")


def test_wechat_html_island_goes_through_the_cleaner():
    text = ('前文\n\n<section style="margin:0"><p data-vmark="a"><span style="color:red">红字</span>'
            '<strong>粗</strong></p><p><img data-src="https://mmbiz.qpic.cn/c/640?wx_fmt=png" '
            'src="data:image/svg+xml,%3Csvg%3E" style="width:1px" crossorigin="anonymous" data-fail="0"></p>'
            '</section>\n\n后文\n')
    assert body(text) == "前文\n\n红字**粗**\n\n![](https://mmbiz.qpic.cn/c/640?wx_fmt=png)\n\n后文\n"


def test_inline_style_wrappers_and_lazy_img_tags_in_a_line():
    text = '文字<span style="color:red">红</span>和<font color="blue">蓝</font><img data-src="https://mmbiz.qpic.cn/d/0?wx_fmt=jpeg" style="x">\n'
    assert body(text) == "文字红和蓝![](https://mmbiz.qpic.cn/d/0?wx_fmt=jpeg)\n"


def test_html_island_across_a_blank_line_ends_where_markdown_starts():
    text = "<div style=\"a\">\n<p>一</p>\n\n<p>二</p>\n</div>\n\n## 标题\n\n正文\n"
    assert body(text) == "一\n\n二\n\n## 标题\n\n正文\n"


def test_liquid_is_shielded_as_convert_does_never_on_a_fence_line():
    text = ("Vue: {{ message }}\n\n{% asset_img a.png %}\n\n```html\n<p>{{ name }}</p>\n```\n\n{{ site.url }}\n\n"
            "- item {{ x }}\n\n  more {{ y }}\n")
    out = body(text)
    # The first paragraph gets its guards inline: a lone `{% raw %}` would be Jekyll's excerpt.
    assert out == ("Vue: {% raw %}{{ message }}{% endraw %}\n\n{% raw %}\n\n{% asset_img a.png %}\n\n"
                   "```html\n<p>{{ name }}</p>\n```\n\n"
                   "{% endraw %}\n\n{{ site.url }}\n\n{% raw %}\n\n- item {{ x }}\n\n{% endraw %}\n\n"
                   "  {% raw %}\n\n  more {{ y }}\n\n  {% endraw %}\n")
    for line in out.splitlines()[1:]:
        if line.lstrip().startswith("```"):
            assert "raw" not in line
        if "raw %}" in line:
            assert line.strip() in ("{% raw %}", "{% endraw %}")  # on lines of their own


def test_shielding_matches_convert_for_a_block_convert_would_write():
    from wx2md.engines.raw import shield_liquid

    text = "前文\n\n段落 {{ a }}\n\n```\n{% b %}\n```\n"
    assert body(text) == shield_liquid(text)


def test_no_guard_is_the_first_paragraph_and_fences_are_guarded_whole():
    out = body("段落 {{ a }}\n\n```html\n<div>{{ user.name }}</div>\n{% if x %}\n```\n")
    assert out.startswith("段落 {% raw %}{{ a }}{% endraw %}\n\n")  # Jekyll's excerpt is whole, no warning
    assert "{% raw %}\n\n```html\n<div>{{ user.name }}</div>\n{% if x %}\n```\n\n{% endraw %}\n" in out
    assert body(out) == out


def test_a_lone_raw_tag_cannot_break_the_build():
    opened = body("前文\n\n用 {% raw %} 开头\n")
    assert opened == "前文\n\n用 {% raw %}{% raw %}{% endraw %} 开头\n" and body(opened) == opened
    closed = body("前文\n\n用 {% endraw %} 结尾\n")
    assert closed == '前文\n\n用 {% raw %}{% endraw %}{{ "{%" }}{% raw %} endraw %}{% endraw %} 结尾\n'
    assert body(closed) == closed


def test_liquid_in_math_is_shielded():
    assert body("$$\n\\frac{{a}}{b}\n$$\n") == "{% raw %}\n\n$$\n\\frac{{a}}{b}\n$$\n\n{% endraw %}\n"


def test_literal_endraw_survives_shielding():
    out = body("前文\n\n{{ x }} and {% endraw %} {% raw %}x{% endraw %}\n")
    assert out == ('前文\n\n{% raw %}{{ x }}{% endraw %} and {% raw %}{% endraw %}{{ "{%" }}{% raw %} endraw %}{% endraw %} '
                   '{% raw %}x{% endraw %}\n')  # the author's raw block kept working
    assert body(out) == out


# ------------------------------------------------------------------ front matter


def test_missing_front_matter_title_from_heading_else_name():
    assert norm("# **标题** 一\n\n正文\n").startswith("---\nlayout: post\ntitle: 标题 一\ndate: 2021-01-02 00:00:00 +0800\n---\n\n")
    assert norm("正文\n", name="2021-01-02-hello-world.md").startswith("---\nlayout: post\ntitle: hello world\n")


def test_unknown_keys_order_and_comments_survive():
    text = "---\n# site-wide\ncustom: 1   # why\ntitle: x\ntags: a b\npin: true\ncategory: news\n---\n\n正文\n"
    out = norm(text)
    assert out.startswith("---\n# site-wide\nlayout: post\ntitle: x\ncategories:\n- news\ntags:\n- a\n- b\n"
                          "custom: 1   # why\npin: true\n---\n")


@pytest.mark.parametrize("value, expected", [
    ("Thu, 23 Jun 2022 02:32:25 GMT", "2022-06-23 10:32:25 +0800"),
    ("2013/7/13 20:46:25", "2013-07-13 20:46:25 +0800"),
    ("2022-06-23T02:32:25Z", "2022-06-23 10:32:25 +0800"),
    ("2022-06-23T20:00:00+00:00", "2022-06-24 04:00:00 +0800"),
    ("2020-11-26 10:00:00 +0800", "2020-11-26 10:00:00 +0800"),
    ("2020-11-26 10:00", "2020-11-26 10:00:00 +0800"),
    ("2020-11-26", "2020-11-26 00:00:00 +0800"),
])
def test_dates(value: str, expected: str):
    assert parse_date(value, zone("Asia/Shanghai")) == expected
    out = norm(f"---\ntitle: t\ndate: {value}\n---\n\nx\n")
    assert f"\ndate: {expected}\n" in out


def test_dates_in_another_site_zone():
    out = norm("---\ntitle: t\ndate: Thu, 23 Jun 2022 02:32:25 GMT\n---\n\nx\n", settings=Settings(timezone="UTC"))
    assert "\ndate: 2022-06-23 02:32:25 +0000\n" in out


def test_toml_json_and_bare_hexo_front_matter():
    toml = '+++\ntitle = "T"\ndate = 2022-01-02T03:04:05+08:00\ntags = ["a"]\ndraft = true\n+++\n\nx\n'
    assert norm(toml) == "---\nlayout: post\ntitle: T\ndate: 2022-01-02 03:04:05 +0800\ntags:\n- a\ndraft: true\n---\n\nx\n"
    json_fm = '{"title": "J", "tags": "a", "cover": "/c.png"}\n;;;\n\nx\n'
    assert norm(json_fm) == "---\nlayout: post\ntitle: J\ntags:\n- a\nimage: /c.png\n---\n\nx\n"
    bare = "title: Hexo\ndate: 2013/7/13 20:46:25\n---\n\nx\n"
    assert norm(bare) == "---\nlayout: post\ntitle: Hexo\ndate: 2013-07-13 20:46:25 +0800\n---\n\nx\n"


def test_a_different_picture_under_another_cover_key_stays():
    out = norm("---\ntitle: t\nheader-img: img/a.jpg\nthumbnail: /b.jpg\n---\n\nx\n")
    assert "image: /img/a.jpg\n" in out and "thumbnail: /b.jpg\n" in out


def test_bad_input_is_a_clear_error():
    with pytest.raises(BadInput, match="not closed"):
        normalize_text("---\ntitle: t\n\nx\n", name=NAME, settings=S)
    with pytest.raises(BadInput, match="not a date"):
        normalize_text("---\ntitle: t\ndate: yesterday\n---\nx\n", name=NAME, settings=S)


def test_text_lost_is_refused_with_the_first_difference(monkeypatch):
    from wx2md.normalize import body as body_module

    monkeypatch.setattr(body_module, "repair", lambda text, **_: text.replace("丢失", ""))
    with pytest.raises(TextLost) as err:
        normalize_text(HEAD + "没有丢失的字\n", name=NAME, settings=S)
    assert NAME in err.value.message and "没有丢失的字" in err.value.message


def test_html_posts_keep_their_html_body():
    text = "---\ntitle: t\n---\n<div style=\"x\"><p>一</p></div>\n"
    assert normalize_text(text, name="2021-01-02-a.html", settings=S) == \
        "---\nlayout: post\ntitle: t\n---\n\n<div style=\"x\"><p>一</p></div>\n"


def test_meaningful_spans_stay_with_their_closers():
    text = '<span title="提示">有意义</span>和<span style="color:red">样式<span id="x">锚</span></span>\n'
    assert body(text) == '<span title="提示">有意义</span>和样式<span id="x">锚</span>\n'


def test_a_converted_island_stays_its_own_block():
    text = "前文\n<div style=\"x\"><p>一</p></div>\n后文\n"
    assert body(text) == "前文\n\n一\n\n后文\n"


def test_meant_liquid_in_the_same_block_keeps_working():
    text = "{% highlight js %}\nvar t = '{{ name }}';\n{% endhighlight %}\n"
    assert body(text) == "{% highlight js %}\nvar t = '{% raw %}{{ name }}{% endraw %}';\n{% endhighlight %}\n"


def test_jekylls_published_switch_and_hugos_publish_date():
    out = norm("---\ntitle: t\npublished: false\npublishDate: 2022-01-02T03:04:05+08:00\n---\n\nx\n")
    assert out == "---\nlayout: post\ntitle: t\ndate: 2022-01-02 03:04:05 +0800\npublished: false\n---\n\nx\n"


def test_bold_inside_bold_becomes_one_bold_run():
    """wechat-article-exporter writes `****标题****`; kramdown shows it as `**标题**` with its asterisks."""
    from wx2md.normalize.body import repair

    assert repair("****MinerU最新版特点****\n") == "**MinerU最新版特点**\n"
    assert repair("****● 定义****  \n下一行\n") == "**● 定义**  \n下一行\n"
    assert repair("代码 `****x****` 与 ****y****\n") == "代码 `****x****` 与 **y**\n"  # code spans stay
    assert repair("******3DTrans 代码库******\n") == "**3DTrans 代码库**\n"
    assert repair("**快速目标域自适应****：**\n") == "**快速目标域自适应：**\n"
    for kept in ("****\n", "```\n****x****\n```\n"):  # a thematic break, a fence
        assert repair(kept) == kept
