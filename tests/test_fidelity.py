"""Issue 6: the post reads like the article, and its Markdown renders the same everywhere.

Each test is built from the shapes real pages and real tools produce (quoted
where they come from); the Jekyll tests run the real `jekyll build`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PAGES, SAMPLE_IMAGES, body, jekyll_build, needs_jekyll, png_bytes, serve_sample
from conftest import jekyll_site as new_site

LAYOUT = "<html><body>{{ content }}</body></html>\n"


def jekyll_site(tmp_path: Path, config: str = "") -> Path:
    return new_site(tmp_path / "site", f"title: t\nmarkdown: kramdown\n{config}", LAYOUT)


def render_post(tmp_path: Path, markdown: str) -> str:
    """The HTML Jekyll makes of `markdown` as a post body."""
    site = jekyll_site(tmp_path)
    (site / "_posts" / "2020-01-01-a.md").write_text(f"---\nlayout: post\ntitle: a\n---\n\n{markdown}", encoding="utf-8")
    run = jekyll_build(site)
    assert run.returncode == 0, run.stdout + run.stderr
    return (site / "_site" / "2020" / "01" / "01" / "a.html").read_text(encoding="utf-8")


# ------------------------------------------------------------ rule 2: portable Markdown


FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def _fence_lines(md: str) -> list[str]:
    return [line for line in md.split("\n") if FENCE.match(line)]


def test_raw_tags_stand_on_their_own_lines_outside_fences():
    md = body('<p>模板 {{ site.title }}</p><pre data-lang="liquid"><code>{% if a %}\n{{ b }}\n{% endif %}</code></pre><p>后文</p>')
    assert md == ("{% raw %}\n\n模板 {{ site.title }}\n\n```liquid\n{% if a %}\n{{ b }}\n{% endif %}\n```\n\n"
                  "{% endraw %}\n\n后文\n")
    for line in _fence_lines(md):  # a fence line carries the fence and its info string only
        assert re.fullmatch(r"\s*(`{3,}|~{3,})[\w+-]*", line), line


def test_raw_tags_inside_a_list_item_are_indented_with_it():
    md = body("<ol><li><p>步骤</p><pre><code>{{ x }}</code></pre></li><li>下一步</li></ol>")
    assert "   {% raw %}\n\n   ```\n   {{ x }}\n   ```\n\n   {% endraw %}" in md


def test_underscore_inside_a_word_is_not_escaped():
    md = body("<p>编译 tshark_manager.cpp 和 中文_下划线 与 _开头 和 __init__</p>")
    assert md == "编译 tshark_manager.cpp 和 中文_下划线 与 \\_开头 和 \\_\\_init\\_\\_\n"


def test_numbers_escaped_only_where_a_list_would_start():
    md = body("<h3>2. &amp;&amp; 运算</h3><p>第 2. 条</p><p>2. 第二点</p><p>一<br>3. 三</p>"
              "<table><tr><td>1. 甲</td><td>乙</td></tr><tr><td>丙</td><td>丁</td></tr></table><p><strong>4. 粗</strong></p>")
    assert md.startswith("### 2. && 运算\n\n第 2. 条\n\n2\\. 第二点\n\n一  \n3\\. 三\n\n| 1. 甲 | 乙 |")
    assert md.endswith("**4. 粗**\n")


def test_text_after_a_block_in_a_list_item_starts_a_line():
    assert body("<ul><li><p>甲</p>2. 乙</li></ul>") == "- 甲\n\n  2\\. 乙\n"


def test_backslash_escaped_only_before_punctuation():
    assert body("<p>路径 C:\\Users\\d 与 \\* 与 a\\</p>") == "路径 C:\\Users\\d 与 \\\\\\* 与 a\\\\\n"


def test_link_like_brackets_in_text_stay_text():
    assert body("<p>见 [注](1) 和 [^1]</p>") == "见 \\[注](1) 和 \\[^1]\n"


@needs_jekyll
def test_literal_raw_and_endraw_in_an_article_build(tmp_path):
    md = body("<p>Liquid 用 {% raw %} 开始、用 {% endraw %} 结束，{%endraw%} 也一样。</p>"
              "<pre><code>{% endraw %}\n{{ page.title }}</code></pre><p>tshark_manager.cpp</p>")
    page = render_post(tmp_path, md)
    assert "Liquid 用 {% raw %} 开始、用 {% endraw %} 结束，{%endraw%} 也一样。" in page
    assert "{% endraw %}\n{{ page.title }}" in page
    assert "tshark_manager.cpp" in page and "<em>" not in page


# ------------------------------------------------------------ rule 3: headings are headings


NEWS_H1 = (  # the shape of sogou-2018-bgimage-headings: a news item set in <h1 accuse="qTitle">
    '<h1 accuse="qTitle" style="white-space: normal;line-height: 25.6px;">● <a\n'
    ' href="http://mp.weixin.qq.com/s?__biz=ODUz&amp;mid=26&amp;idx=2&amp;sn=32dc&amp;chksm=01&amp;scene=21#wechat_redirect"\n'
    ' target="_blank"><span style="text-decoration: underline;"><strong><span\n'
    ' style="color: rgb(214, 168, 65);">15岁男孩被人殴打后身亡</span></strong></span></a>，犯罪嫌疑人为男子王某。'
    '昨日，警方已将王某刑事拘留。<strong><span\n style="color: rgb(0, 122, 170);">警方仍在进一步调查。 &nbsp;</span></strong>\n</h1>'
)


def test_news_item_in_h1_is_a_paragraph_keeping_bold_and_links():
    md = body(NEWS_H1 + "<h1>真正的小标题</h1>")
    assert md == ("● [**15岁男孩被人殴打后身亡**](https://mp.weixin.qq.com/s?__biz=ODUz&mid=26&idx=2&sn=32dc)，"
                  "犯罪嫌疑人为男子王某。昨日，警方已将王某刑事拘留。**警方仍在进一步调查。**\n\n# 真正的小标题\n")
    assert "🔗" not in md


def test_short_heading_with_a_link_keeps_the_link_after_it():
    md = body('<h2>阅读 <a href="https://example.com/x">原文</a></h2>')
    assert md == "## 阅读 原文\n\n🔗 [原文](https://example.com/x)\n"


# ------------------------------------------------------------ rule 4: alt text


@pytest.mark.parametrize("alt", ["null", "undefined", "640", "2", "IMG_2001.JPG", "微信图片_20200101.png",
                                 "d41d8cd98f00b204e9800998ecf8427e", "https://mmbiz.qpic.cn/a/640", "图片", "  "])
def test_alt_text_that_says_nothing_is_dropped(alt):
    md = body(f'<p><img data-src="https://mmbiz.qpic.cn/a/640?wx_fmt=png" alt="{alt}"></p>')
    assert md == "![](https://mmbiz.qpic.cn/a/640?wx_fmt=png)\n"


def test_alt_text_that_describes_the_picture_is_kept():
    md = body('<p><img data-src="https://mmbiz.qpic.cn/a/640" alt="架构图：三层缓存"></p>')
    assert md == "![架构图：三层缓存](https://mmbiz.qpic.cn/a/640)\n"


def test_caption_is_the_caption_not_a_copy_in_alt():
    # doocs/md writes `<figure><img alt="${text}"/><figcaption>${text}</figcaption></figure>`
    md = body('<figure style="margin:1.5em 8px"><img style="display:block" src="https://mmbiz.qpic.cn/b/640" '
              'title="null" alt="系统架构"/><figcaption style="text-align:center">系统架构</figcaption></figure>')
    assert md == "![](https://mmbiz.qpic.cn/b/640)\n\n*系统架构*\n"


def test_caption_paragraph_under_the_picture_is_not_repeated_in_alt():
    # WeChat's editor: the caption is the small grey paragraph after the image, no <figure>
    md = body('<section style="text-align:center"><img data-src="https://mmbiz.qpic.cn/c/640" alt="图1 调用链路"></section>'
              '<p style="font-size:12px;color:#888;text-align:center"><span>图1 调用链路</span></p>')
    assert md == "![](https://mmbiz.qpic.cn/c/640)\n\n图1 调用链路\n"


# ------------------------------------------------------------ rule 6: what the reader saw


def test_audio_line_shows_name_author_and_length():
    # exp-2025-mpaudio-svg-gif: <mp-common-mpaudio name author play_length voice_encode_fileid>
    md = body('<mp-common-mpaudio class="js_editor_audio" name="【Day 15】大题给分点" author="金榜时代官微" '
              'play_length="66000" voice_encode_fileid="MzIz_22" data-topic_id="" cover="https://mmbiz.qpic.cn/c/0">'
              '</mp-common-mpaudio>')
    assert md == "🎧 [【Day 15】大题给分点 · 金榜时代官微 · 1:06](https://res.wx.qq.com/voice/getvoice?mediaid=MzIz_22)\n"


def test_old_voice_and_music_show_their_names():
    md = body('<mpvoice class="res_iframe js_editor_audio audio_iframe" name="早安武汉3月19日" '
              'voice_encode_fileid="MjM5" play_length="283"></mpvoice>'
              '<qqmusic music_name="晴天" singer="周杰伦" audiourl="http://ws.stream.qqmusic.qq.com/C1.m4a"></qqmusic>')
    assert md == ("🎧 [早安武汉3月19日 · 4:43](https://res.wx.qq.com/voice/getvoice?mediaid=MjM5)\n\n"
                  "🎵 [晴天 · 周杰伦](http://ws.stream.qqmusic.qq.com/C1.m4a)\n")


def test_video_and_account_cards_show_their_names():
    md = body('<mpvideo data-mpvid="wxv_123" data-title="发布会回顾"></mpvideo>'
              '<mp-common-profile data-nickname="轩辕的编程宇宙" data-id="MzA==" data-signature="写代码的"></mp-common-profile>')
    assert md == ("🎬 [发布会回顾](https://mp.weixin.qq.com/mp/readtemplate?t=pages/video_player_tmpl&action=mpvideo&vid=wxv_123)\n\n"
                  '👤 [轩辕的编程宇宙](https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=MzA== "写代码的")\n')


def test_stickers_become_their_emoji_or_text():
    # exp-2025-mpaudio-svg-gif and exp-2026-longform-nested-spans carry these, inline in sentences
    md = body('<p><span>留言哦~老师会亲自解答滴！<img data-src="https://res.wx.qq.com/t/wx_fed/we-emoji/res/assets/'
              'Expression/Expression_5@2x.png" class="rich_pages wxw-img" data-ratio="1" data-w="20"></span>'
              '<img data-src="https://res.wx.qq.com/t/wx_fed/we-emoji/res/assets/newemoji/Party.png?tp=webp&amp;'
              'wxfrom=5&amp;wx_lazy=1#imgIndex=12" alt="图片">'
              '<img src="https://res.wx.qq.com/mpres/htmledition/images/icon/emotion/0.gif">'
              '<img data-src="https://res.wx.qq.com/t/wx_fed/we-emoji/res/assets/newemoji/Cold.png"></p>')
    assert md == "留言哦~老师会亲自解答滴！😎🎉🙂[Emm]\n"  # Emm has no emoji: WeChat's text form


def test_real_sticker_pages_have_no_sticker_images():
    pages = PAGES
    if not pages.is_dir():
        pytest.skip("../shared is not here")
    from wx2md.core import convert_html

    for name, text in (("exp-2025-mpaudio-svg-gif.html", "解答滴！😎"), ("exp-2026-longform-nested-spans.html", "[Emm]")):
        post = convert_html((pages / name).read_text(encoding="utf-8"), "")
        assert "we-emoji" not in post.body and not any("we-emoji" in u for u in post.images)
        assert text in post.body


# ------------------------------------------------------------ rule 1: footnoted links come back


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "footnotes"
MDNICE_MD = ("## 为什么学 Rust\n\n最近在看[Rust 官方文档](https://www.rust-lang.org/learn)，也读了 "
             '[The Book](https://doc.rust-lang.org/book/ "The Rust Programming Language") 的中文版[^3]，'
             "**所有权**一章最难。\n\n[^3]: 社区志愿者翻译，2023 年更新。\n")


def fixture_body(name: str) -> str:
    return body((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["mdnice.html", "mdnice-wechat.html"])
def test_mdnice_footnotes_become_links_and_real_notes_stay_notes(name):
    # with its classes (footnote-word, footnote-ref, footnotes-sep, footnote-item, footnote-num)
    # and as WeChat serves it, classes stripped and text in <span leaf>: the same post
    assert fixture_body(name) == MDNICE_MD


def test_doocs_md_references_become_links():
    md = fixture_body("doocs.html")
    assert md == ("推荐先读 [Vue 官方文档](https://cn.vuejs.org/guide/introduction.html)，构建工具用 "
                  "[**Vite**](https://vitejs.dev/)，更多见[这里](https://github.com/doocs/md)。"
                  '微信文章链接保留：[上一篇](https://mp.weixin.qq.com/s/AbCdEf "上一篇")。\n')


def test_md2wechat_references_become_links_or_footnotes():
    md = fixture_body("md2wechat.html")
    assert md == ("代码托管在 [GitHub](https://github.com/lyricat/wechat-format) 上，文档用 "
                  "[MkDocs](https://www.mkdocs.org/) 生成。参见[维基百科](https://zh.wikipedia.org/wiki/Markdown)。"
                  "如前所述[^4]。\n\n[^4]: 2024 年度报告: https://example.org/report.pdf\n")  # no text to hang it on


def test_styled_sentence_ending_in_a_note_links_only_the_note_name():
    md = body('<p><span style="color:#333">全文很长，数据来自国家统计局<sup>[1]</sup></span>。</p>'
              "<h4>引用链接</h4><p><code>[1]</code> 国家统计局: <i>https://www.stats.gov.cn/</i><br/></p>")
    assert md == "全文很长，数据来自[国家统计局](https://www.stats.gov.cn/)。\n"


def test_markdown_it_footnote_list_with_its_classes():
    # markdown-it-footnote's default renderer (Typora-style exports, raw HTML left in old posts)
    md = body('<p>原理见论文<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>，'
              '实现另说<sup class="footnote-ref"><a href="#fn2" id="fnref2">[2]</a></sup>。</p>'
              '<hr class="footnotes-sep"><section class="footnotes"><ol class="footnotes-list">'
              '<li id="fn1" class="footnote-item"><p>论文: https://arxiv.org/abs/1706.03762 '
              '<a href="#fnref1" class="footnote-backref">↩︎</a></p></li>'
              '<li id="fn2" class="footnote-item"><p>作者私下说明。 <a href="#fnref2" class="footnote-backref">↩︎</a></p></li>'
              "</ol></section>")
    assert md == "原理见[论文](https://arxiv.org/abs/1706.03762)，实现另说[^2]。\n\n[^2]: 作者私下说明。\n"


def test_reference_list_without_footnote_marks_is_left_alone():
    # exp-2025-reprint-36kr ends with a 参考资料 list of titles and no [n] marks in the text
    md = body("<p>正文。</p><p>参考资料</p><section>1.《刷梗的隐喻》，青年记者</section><section>2.《当梗吃掉了语言》</section>")
    assert md == "正文。\n\n参考资料\n\n1.《刷梗的隐喻》，青年记者\n\n2.《当梗吃掉了语言》\n"  # `1.《` starts no list


def test_code_after_a_note_is_never_taken_for_the_list():
    md = body("<p>见文档<sup>[1]</sup>。</p><pre><code>[1] = first\n[2] = second</code></pre>")
    assert md == "见文档<sup>[1]</sup>。\n\n```\n[1] = first\n[2] = second\n```\n"


def test_superscript_without_a_reference_list_stays():
    assert body("<p>据统计<sup>[1]</sup>，增长了 10<sup>2</sup> 倍。</p>") == "据统计<sup>[1]</sup>，增长了 10<sup>2</sup> 倍。\n"


def test_entries_nobody_cites_stay_as_linked_lines():
    md = body("<p>见官网<sup>[1]</sup>。</p><h4>引用链接</h4><p><code>[1]</code> 官网: <i>https://a.example/</i><br/>"
              "<code>[2]</code> 延伸阅读: <i>https://b.example/</i><br/></p>")
    assert md == "见[官网](https://a.example/)。\n\n#### 引用链接\n\n[2] 延伸阅读: <https://b.example/>\n"


@needs_jekyll
def test_restored_links_and_notes_render_in_jekyll(tmp_path):
    page = render_post(tmp_path, fixture_body("mdnice-wechat.html"))
    assert '<a href="https://www.rust-lang.org/learn">Rust 官方文档</a>' in page
    assert '<a href="#fn:3" class="footnote"' in page and "社区志愿者翻译，2023 年更新。" in page
    assert "参考资料" not in page and "[1]" not in page


# ------------------------------------------------------------ rule 8: sites with a baseurl


def test_site_link_puts_body_paths_under_baseurl():
    from wx2md.settings import Settings

    assert Settings(baseurl="/blog").site_link("/assets/a.png") == "/blog/assets/a.png"
    assert Settings(baseurl="blog/").site_link("/assets/a.png") == "/blog/assets/a.png"
    assert Settings(baseurl="/").site_link("/assets/a.png") == "/assets/a.png"
    assert Settings(baseurl="/blog").site_link("https://mmbiz.qpic.cn/a/640") == "https://mmbiz.qpic.cn/a/640"


def test_baseurl_read_from_config(tmp_path):
    from wx2md.settings import from_site

    (tmp_path / "_config.yml").write_text("baseurl: /blog\nwx2md:\n  layout: post\n", encoding="utf-8")
    assert from_site(tmp_path).baseurl == "/blog"


@needs_jekyll
def test_project_site_under_baseurl_serves_every_image(tmp_path, httpserver_ipv4, monkeypatch):
    from click.testing import CliRunner

    from wx2md.cli import main

    base = serve_sample(httpserver_ipv4, monkeypatch)
    for path in SAMPLE_IMAGES:
        httpserver_ipv4.expect_request(path).respond_with_data(png_bytes(), content_type="image/png")
    site = jekyll_site(tmp_path, "baseurl: /blog\n")
    (site / "_layouts" / "post.html").write_text(
        '<html><body><img class="cover" src="{{ page.image | relative_url }}">{{ content }}</body></html>\n',
        encoding="utf-8")
    result = CliRunner().invoke(main, ["convert", base + "/s/sample", "--site", str(site), "-q"])
    assert result.exit_code == 0, result.output
    text = next((site / "_posts").glob("*.md")).read_text(encoding="utf-8")
    assert "](/blog/assets/img/posts/" in text  # the body link carries the prefix
    assert "\nimage: /assets/img/posts/" in text  # the cover does not: the theme adds it
    run = jekyll_build(site)
    assert run.returncode == 0, run.stdout + run.stderr
    html = next((site / "_site").rglob("*.html")).read_text(encoding="utf-8")
    sources = re.findall(r'<img[^>]+src="([^"]+)"', html)
    assert len(sources) == 3  # cover, content image, background image
    for src in sources:  # served under /blog, each path must be a file of the built site
        assert src.startswith("/blog/"), src
        assert (site / "_site" / src[len("/blog/"):]).is_file(), src
