"""`wx2md normalize` on sites that are not Jekyll: the body repaired, everything the engine reads kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from wx2md.cli import main
from wx2md.engines import by_name
from wx2md.normalize import normalize_text
from wx2md.settings import Settings

S = Settings()
HEXO_POST = """---
title: 北京
date: 2019-08-08 07:13:00
cover: http://mmbiz.qpic.cn/mmbiz_jpg/abc/0?wx_fmt=jpeg&tp=webp&wxfrom=5&wx_lazy=1
categories:
\t- "地理"
\t- "城市"
---

{% blockquote %}
文章来源于公众号
{% endblockquote %}

<section style="color:red"><p>正文<span style="x">一段</span></p></section>

![图](https://mmbiz.qpic.cn/mmbiz_png/def/640?wx_fmt=png&tp=webp&wxfrom=5&wx_lazy=1)
"""


def invoke(*args: str):
    return CliRunner().invoke(main, ["normalize", *args])


def hexo_site(root: Path) -> Path:
    (root / "source" / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\ntimezone: ''\nnew_post_name: :title.md\n", encoding="utf-8")
    return root


def test_hexo_front_matter_names_and_tags_stay_the_body_is_repaired(tmp_path: Path, monkeypatch):
    site = hexo_site(tmp_path / "blog")
    monkeypatch.chdir(site)
    post = site / "source" / "_posts" / "Beijing City.md"
    post.write_text(HEXO_POST, encoding="utf-8")
    first = invoke("--rename", str(post))
    assert first.exit_code == 1, first.output  # the empty `timezone:` is "not set", not an error
    out = post.read_text(encoding="utf-8")
    head, body = out.split("\n---\n", 1)
    assert head == HEXO_POST.split("\n---\n", 1)[0].replace(
        "http://mmbiz.qpic.cn/mmbiz_jpg/abc/0?wx_fmt=jpeg&tp=webp&wxfrom=5&wx_lazy=1",
        "https://mmbiz.qpic.cn/mmbiz_jpg/abc/0?wx_fmt=jpeg")  # tabs, date, keys as written; the cover cleaned
    assert "{% blockquote %}\n文章来源于公众号\n{% endblockquote %}" in body and "{% raw %}" not in body
    assert "<section" not in body and 'style="' not in body and "正文一段" in body
    assert "wx_lazy" not in body
    assert post.exists() and "nothing renamed" in first.output  # Hexo names its own files
    assert "2 WeChat images (mmbiz) in 1 post will not show on the site" in first.output
    assert "--download-images" in first.output
    again = invoke(str(post))
    assert again.exit_code == 0 and post.read_text(encoding="utf-8") == out


def test_hugo_bundle_keeps_its_index_md_and_toml_front_matter(tmp_path: Path, monkeypatch):
    site = tmp_path / "blog"
    (site / "content" / "post" / "2020-12-27-x").mkdir(parents=True)
    (site / "hugo.toml").write_text('title = "t"\n', encoding="utf-8")
    monkeypatch.chdir(site)
    post = site / "content" / "post" / "2020-12-27-x" / "index.md"
    text = '+++\ntitle = "总结"\ndate = 2020-12-27T20:41:24+08:00\n+++\n\n{{< figure src="a.png" >}}\n\n<p style="x">正文</p>\n'
    post.write_text(text, encoding="utf-8")
    result = invoke("--rename", str(post))
    assert result.exit_code == 1 and post.exists()
    assert post.read_text(encoding="utf-8") == text.replace('<p style="x">正文</p>', "正文")


def test_a_notes_folder_without_front_matter_gets_none(tmp_path: Path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.html").write_text("<div id=app></div>\n", encoding="utf-8")
    note = tmp_path / "docs" / "README.md"
    note.write_text("# 笔记\n\n<div style=\"color:red\">正文</div>\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert invoke(str(note)).exit_code == 1
    assert note.read_text(encoding="utf-8") == "# 笔记\n\n正文\n"
    assert invoke("--check", str(note)).exit_code == 0


def test_engine_flag_overrides_the_guess(tmp_path: Path, monkeypatch):
    note = tmp_path / "2021-01-02-a.md"
    note.write_text("正文\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert invoke("--check", str(note)).exit_code == 0  # a bare folder: nothing to add
    assert invoke("--engine", "jekyll", str(note)).exit_code == 1
    assert note.read_text(encoding="utf-8").startswith("---\nlayout: post\ntitle: a\n")


def test_eleventy_dates_and_keys_untouched():
    text = "---\ntitle: t\ndate: 2019-08-06 16:42:00\npermalink: /blog/x/\n---\n正文 <span style=\"x\">一</span>\n"
    out = normalize_text(text, name="x.md", settings=S, engine=by_name("eleventy"))
    assert out == "---\ntitle: t\ndate: 2019-08-06 16:42:00\npermalink: /blog/x/\n---\n正文 一\n"


def test_jekyll_cover_key_follows_the_sites_posts(tmp_path: Path, monkeypatch):
    site = tmp_path / "blog"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: hux\n", encoding="utf-8")
    for i in range(3):
        (site / "_posts" / f"2020-01-0{i + 1}-p.md").write_text(
            f"---\nlayout: post\ntitle: p{i}\nheader-img: img/{i}.jpg\n---\n\nx\n", encoding="utf-8")
    new = site / "_posts" / "2020-02-01-new.md"
    new.write_text("---\ntitle: n\nimage: https://mmbiz.qpic.cn/a/640?wx_fmt=png&wx_lazy=1\n---\n\nx\n", encoding="utf-8")
    exported = site / "_posts" / "2020-02-02-exported.md"  # an export tool's: blank line first, its own key
    exported.write_text("\n---\ntitle: e\nheadimg: /img/e.jpg\n---\n\nx\n", encoding="utf-8")
    monkeypatch.chdir(site)
    assert invoke(str(new), str(exported)).exit_code == 1
    assert "header-img: https://mmbiz.qpic.cn/a/640?wx_fmt=png\n" in new.read_text(encoding="utf-8")
    assert "header-img: img/e.jpg\n" in exported.read_text(encoding="utf-8")
    assert invoke(*map(str, sorted((site / "_posts").iterdir()))).exit_code == 0  # Hux's key is not renamed


def test_tab_indented_front_matter_is_read_as_hexo_reads_it():
    text = "---\ntitle: t\ntags:\n\t- a\n\t- b\n---\n\n正文\n"
    hexo = normalize_text(text, name="a.md", settings=S, engine=by_name("hexo"))
    assert hexo == text
    jekyll = normalize_text(text, name="2020-01-02-a.md", settings=S)
    assert "tags:\n- a\n- b\n" in jekyll


def test_yaml_errors_name_line_and_column(tmp_path: Path, monkeypatch):
    from wx2md.errors import BadInput

    with pytest.raises(BadInput, match=r"front matter is not valid YAML at line 4, column 1: expected .,. or .\]."):
        normalize_text("---\ntitle: t\ntags: [a, b\n---\nx\n", name="2020-01-02-a.md", settings=S)


def test_pre_code_with_blank_lines_stays_one_block():
    text = ('<pre class="custom"><code class="hljs">function foo() {\n  console.log(this)\n}\n\n'
            'foo() <span class="hljs-comment" style="color: #75715e;">// Window</span>\n</code></pre>\n\n后文\n')
    out = normalize_text(text, name="a.md", settings=S, engine=by_name("unknown"))
    assert out == "```\nfunction foo() {\n  console.log(this)\n}\n\nfoo() // Window\n```\n\n后文\n"


def test_lists_in_table_cells_become_br_separated_items():
    text = ("<table style=\"width: 768px\"><tr><td><p>方案</p></td><td><p>优点</p></td></tr>"
            "<tr><td><p>串行命令</p></td><td><ol><li><p>编程简单</p></li><li><p>少量keys</p></li></ol></td></tr>"
            "</table>\n")
    out = normalize_text(text, name="a.md", settings=S, engine=by_name("unknown"))
    assert "| 串行命令 | • 编程简单<br>• 少量keys |" in out


def test_a_real_loss_is_refused_with_the_line_and_the_rendered_difference():
    from wx2md.normalize.safety import TextLost, check_text_kept

    check_text_kept("1. 预定义的值为 `<html>` 与 <https://a.example/x>\n", "1. 预定义的值为 `<html>` 与 <https://a.example/x>\n\n",
                    name="a.md")
    check_text_kept("- a `<html>`\n", "* a `<html>`\n", name="a.md")  # same rendering, other markup
    with pytest.raises(TextLost, match=r"a\.md: refusing to write, the rendered text would change at line 7: "
                                       r"'第一段第二段第三段' would read '第一段第二段'"):
        check_text_kept("第一段\n\n第二段\n\n第三段\n", "第一段\n\n第二段\n", name="a.md", first_line=3)


def test_download_images_on_hexo_land_where_hexo_serves_them(tmp_path: Path, httpserver, monkeypatch):
    import io

    from PIL import Image

    from wx2md.normalize import images

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    monkeypatch.setattr(images, "WECHAT_HOSTS", images.WECHAT_HOSTS + ("127.0.0.1", "localhost"))
    httpserver.expect_request("/a.png").respond_with_data(buffer.getvalue(), content_type="image/png")
    httpserver.expect_request("/c.png").respond_with_data(buffer.getvalue(), content_type="image/png")
    site = hexo_site(tmp_path / "blog")
    monkeypatch.chdir(site)
    post = site / "source" / "_posts" / "bei-jing.md"
    head = f"---\ntitle: 北京\ndate: 2019/8/8 07:13\ncover: {httpserver.url_for('/c.png')}\n---\n"
    post.write_text(head + f"\n![图]({httpserver.url_for('/a.png')})\n", encoding="utf-8")
    result = invoke("--download-images", str(post))
    assert result.exit_code == 1, result.output
    folder = site / "source" / "images" / "bei-jing"  # Hexo serves source/ at /
    assert sorted(p.name for p in folder.iterdir()) == [".wx2md-images.json", "001.png", "cover.png"]
    assert post.read_text(encoding="utf-8") == (
        "---\ntitle: 北京\ndate: 2019/8/8 07:13\ncover: /images/bei-jing/cover.png\n---\n\n"
        "![图](/images/bei-jing/001.png)\n")
    assert "will not show" not in result.output


def test_an_image_the_author_sized_stays_sized():
    from wx2md.normalize.body import repair

    typora = '<img src="http://mmbiz.qpic.cn/a/640?wx_fmt=png&wx_lazy=1" alt="缩略图" style="zoom:25%;" />\n'
    assert repair(typora) == '<img src="https://mmbiz.qpic.cn/a/640?wx_fmt=png" alt="缩略图" width="25%">\n'
    island = '<p style="text-align:center"><img src="https://a.example/y.png" width="120" class="c"></p>\n'
    assert repair(island) == '<img src="https://a.example/y.png" width="120">\n'
    wechat = '<div style="x"><img data-src="https://mmbiz.qpic.cn/a/640?wx_fmt=png" style="width: 50% !important"></div>\n'
    assert repair(wechat) == "![](https://mmbiz.qpic.cn/a/640?wx_fmt=png)\n"  # WeChat's layout, not the author's
    assert repair(repair(typora)) == repair(typora)


def test_a_setext_title_is_the_title():
    out = normalize_text("我的标题\n======\n\n正文\n", name="2021-01-02-a.md", settings=S)
    assert out.startswith("---\nlayout: post\ntitle: 我的标题\n")


def test_the_hook_runs_where_each_engine_keeps_its_posts():
    import re

    import yaml
    from conftest import ROOT

    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    files = re.compile(hook["files"])
    for path in ("_posts/2020-01-02-a.md", "source/_posts/a.md", "content/post/x/index.md"):
        assert files.search(path), path
    for path in ("notes.md", "README.md", "src/_posts.md"):
        assert not files.search(path), path


@pytest.mark.parametrize(("text", "where"), [
    ("\n---\ntitle: t\n  bad: x\n---\nx\n", "YAML at line 4, column 6: mapping values are not allowed here"),
    ('+++\ntitle = "a"\ndate = = 3\n+++\nx\n', "TOML at line 3, column 8: Invalid value"),
    ('{\n"title": "a",\n"x": [1,}\n;;;\nx\n', "JSON at line 3, column 9: Expecting value"),
])
def test_every_front_matter_error_names_the_files_line_and_column(text: str, where: str):
    from wx2md.errors import BadInput

    with pytest.raises(BadInput) as err:
        normalize_text(text, name="2020-01-02-a.md", settings=S)
    assert err.value.message == f"2020-01-02-a.md: front matter is not valid {where}"


def test_html_the_author_kept_has_its_wechat_image_urls_cleaned():
    from wx2md.normalize.body import repair

    table = ('<table><tr><td colspan="2"><img src="http://mmbiz.qpic.cn/a/640?wx_fmt=png&amp;tp=webp&amp;wx_lazy=1'
             '&amp;from=appmsg"></td></tr><tr><td>a</td><td>b</td></tr></table>\n')
    out = repair(table)
    assert out == table.replace("http://", "https://").replace("&amp;tp=webp&amp;wx_lazy=1", "")
    assert repair(out) == out


def test_inline_tags_in_markdown_lose_their_presentation_and_stay():
    from wx2md.normalize.body import repair

    line = '见 <a href="https://x.example" style="color:red" data-linktype="2">链接</a>，<strong class="c">粗</strong>，`<a style="x">`\n'
    assert repair(line) == '见 <a href="https://x.example">链接</a>，<strong>粗</strong>，`<a style="x">`\n'
