"""normalize follows the site's engine: Jekyll's date rule, its guards, where images land."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from wx2md.cli import main
from wx2md.normalize import normalize_text
from wx2md.post import format_date
from wx2md.settings import Settings

NO_ZONE = Settings(zone_in_dates=False)  # a Jekyll site whose _config.yml sets no `timezone:`


def _date_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("date:"))


def test_a_jekyll_site_without_timezone_gets_dates_without_an_offset_as_convert_writes_them():
    when = datetime(2020, 1, 2, 2, 0, tzinfo=timezone.utc)
    out = normalize_text("---\ntitle: A\n---\nhi\n", name="a.md", settings=NO_ZONE, first_commit=when)
    assert _date_line(out) == f"date: '{format_date(when.astimezone(NO_ZONE.tz), NO_ZONE)}'"
    assert "+0800" not in out
    # a wall time in another form is rewritten as a wall time: the URL's date does not move
    out = normalize_text("---\ntitle: D\ndate: 2020/1/5 02:00\n---\nhi\n", name="2020-01-05-d.md", settings=NO_ZONE)
    assert _date_line(out) == "date: '2020-01-05 02:00:00'"


def test_a_hook_run_never_flips_a_date_convert_or_the_author_wrote():
    for date in ("'2020-01-06 02:00:00'", "2020-01-06 02:00:00", "2020-01-06 02:00:00 +0800"):
        text = f"---\nlayout: post\ntitle: E\ndate: {date}\n---\n\nhi\n"
        assert normalize_text(text, name="2020-01-06-e.md", settings=NO_ZONE) == text
    # with a zone set, convert's offset form stays as it is too
    text = "---\nlayout: post\ntitle: E\ndate: 2020-01-06 02:00:00 +0800\n---\n\nhi\n"
    assert normalize_text(text, name="2020-01-06-e.md", settings=Settings()) == text


def test_a_site_with_a_timezone_still_gets_the_offset():
    out = normalize_text("---\ntitle: D\ndate: 2020/1/5 02:00\n---\nhi\n", name="2020-01-05-d.md", settings=Settings())
    assert _date_line(out) == "date: 2020-01-05 02:00:00 +0800"


def _excerpt(text: str) -> str:
    """What Jekyll takes as the excerpt: the body up to its first blank line."""
    body = text.split("\n---\n", 1)[1].lstrip("\n")
    return body.partition("\n\n")[0]


def test_a_jekyll_post_opening_with_a_code_fence_has_no_lone_guard_as_its_excerpt():
    text = "---\nlayout: post\ntitle: T\n---\n\n```html\n<div>{{ user.name }}</div>\n```\n\n正文 {{ a }}\n"
    out = normalize_text(text, name="2020-02-01-f.md", settings=Settings())
    excerpt = _excerpt(out)
    assert excerpt.count("{% raw %}") == excerpt.count("{% endraw %}") == 1  # balanced: Jekyll keeps it
    assert excerpt == "{% raw %}\n```html\n<div>{{ user.name }}</div>\n```\n{% endraw %}"
    assert all("{%" not in line for line in out.splitlines() if line.startswith("```"))
    assert normalize_text(out, name="2020-02-01-f.md", settings=Settings()) == out


def test_a_tight_shield_is_still_unwrapped_when_a_post_moves_to_hexo():
    from wx2md.engines import by_name

    moved = by_name("hexo").adopt_markdown("{% raw %}\n```\n{{ x }}\n```\n{% endraw %}\n\n正文\n")
    assert moved == "```\n{{ x }}\n```\n\n正文\n"


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(("renderer", "marked", "link"), [
    ("^0.3.0", "", "/blog/images/bei-jing/001.png"),  # an old renderer leaves links as written: the root is in it
    ("^4.0.0", "", "/images/bei-jing/001.png"),  # prependRoot by default: Hexo adds /blog/ itself
    ("^4.0.0", "marked:\n  prependRoot: false\n", "/blog/images/bei-jing/001.png"),
])
def test_download_images_on_a_hexo_site_under_a_sub_path_link_under_its_root(
        tmp_path: Path, httpserver, monkeypatch, renderer: str, marked: str, link: str):
    from wx2md.normalize import images

    monkeypatch.setattr(images, "WECHAT_HOSTS", images.WECHAT_HOSTS + ("127.0.0.1", "localhost"))
    httpserver.expect_request("/a.png").respond_with_data(_png(), content_type="image/png")
    httpserver.expect_request("/c.png").respond_with_data(_png(), content_type="image/png")
    site = tmp_path / "blog"
    (site / "source" / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text(f"title: t\ntimezone: ''\nroot: /blog/\n{marked}", encoding="utf-8")
    (site / "package.json").write_text(json.dumps({"dependencies": {"hexo": "^6.0.0", "hexo-renderer-marked": renderer}}),
                                       encoding="utf-8")
    monkeypatch.chdir(site)
    post = site / "source" / "_posts" / "bei-jing.md"
    post.write_text(f"---\ntitle: 北京\ncover: {httpserver.url_for('/c.png')}\n---\n\n![图]({httpserver.url_for('/a.png')})\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["normalize", "--download-images", str(post)])
    assert result.exit_code == 1, result.output
    assert post.read_text(encoding="utf-8") == (  # the cover without the root: themes add it (url_for)
        f"---\ntitle: 北京\ncover: /images/bei-jing/cover.png\n---\n\n![图]({link})\n")
    assert (site / "source" / "images" / "bei-jing" / "001.png").is_file()


BUNDLE = "content/post/2020-12-27-2020-xiao-he-zi-de-nian-du-zong-jie"


def test_download_images_into_a_real_hugo_bundle_land_beside_its_index_md(tmp_path: Path, httpserver, monkeypatch):
    import shutil

    from conftest import SHARED

    from wx2md.normalize import images

    real = SHARED / "real" / "blogs" / "xiaobox__xiaobox.github.io"
    if not real.is_dir():
        pytest.skip(f"{real} is not available")
    blog = tmp_path / "xiaobox"
    shutil.copytree(real, blog)
    monkeypatch.setattr(images, "WECHAT_HOSTS", images.WECHAT_HOSTS + ("127.0.0.1", "localhost"))
    httpserver.expect_request("/mmbiz_png/a/640").respond_with_data(_png(), content_type="image/png")
    post = blog / BUNDLE / "index.md"
    before = post.read_text(encoding="utf-8")
    post.write_text(before + f"\n![图一]({httpserver.url_for('/mmbiz_png/a/640')})\n", encoding="utf-8")
    monkeypatch.chdir(blog)
    result = CliRunner().invoke(main, ["normalize", "--download-images", str(post)])
    assert result.exit_code == 1, result.output
    assert (blog / BUNDLE / "001.png").is_file()  # in the bundle, beside index.md
    text = post.read_text(encoding="utf-8")
    assert text.endswith("\n![图一](001.png)\n")  # linked relatively, as Hugo resolves a bundle's resources
    assert text.startswith(before.split("\n---\n", 1)[0])  # the front matter as written
    assert not (blog / "content" / "posts").exists()


def test_existing_posts_on_hexo_and_hugo_are_guarded_by_the_engines_rule_for_blog_markdown():
    from wx2md.engines import by_name

    hexo = by_name("hexo")
    text = "---\ntitle: x\n---\n\n{% blockquote %}\n来源\n{% endblockquote %}\n\n正文 {{ x }} 与 `{{ y }}`\n\n![a](a.png)\n"
    out = normalize_text(text, name="a.md", settings=Settings(asset_folder=True), engine=hexo)
    assert "{% blockquote %}\n来源\n{% endblockquote %}" in out  # Hexo's own tag: the author's
    assert "正文 {% raw %}{{ x }}{% endraw %} 与 `{{ y }}`" in out  # Nunjucks would print nothing there
    assert out.endswith("![a](a.png)\n")  # the author's image link stays theirs
    assert normalize_text(out, name="a.md", settings=Settings(asset_folder=True), engine=hexo) == out
    hugo = by_name("hugo")
    text = "---\ntitle: x\n---\n\n{{< figure src=\"a.png\" >}}\n\n正文 {{< x\n"
    out = normalize_text(text, name="index.md", settings=Settings(), engine=hugo)
    assert '{{< figure src="a.png" >}}' in out and "正文 {{\\< x" in out  # an unclosed call would stop Hugo


def test_a_lone_img_tag_in_a_quote_followed_by_markdown_is_not_a_false_refusal():
    # found by hypothesis: CommonMark opens an HTML block at `> <img …>` and shows `[0](url)` as written;
    # kramdown and the repairs read the quoted lines as Markdown, so both sides are read that way.
    text = ('0\n> <img data-src="https://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png&wx_lazy=1" style="width:1px">\n'
            "> 0\n> [0](https://example.com/1)\n> 0\n")
    out = normalize_text(text, name="post.md", settings=Settings(), engine=by_name_hexo())
    assert out == "0\n> ![](https://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png)\n> 0\n> [0](https://example.com/1)\n> 0\n"


def by_name_hexo():
    from wx2md.engines import by_name

    return by_name("hexo")


def test_download_images_into_a_hexo_asset_folder_are_shown_with_hexos_asset_tag(tmp_path: Path, httpserver,
                                                                                  monkeypatch):
    from wx2md.normalize import images

    monkeypatch.setattr(images, "WECHAT_HOSTS", images.WECHAT_HOSTS + ("127.0.0.1", "localhost"))
    httpserver.expect_request("/a.png").respond_with_data(_png(), content_type="image/png")
    site = tmp_path / "blog"
    (site / "source" / "_posts" / "geo").mkdir(parents=True)
    (site / "_config.yml").write_text("title: t\ntimezone: ''\npost_asset_folder: true\n", encoding="utf-8")
    monkeypatch.chdir(site)
    post = site / "source" / "_posts" / "geo" / "北京.md"
    post.write_text(f"---\ntitle: 北京\n---\n\n![图]({httpserver.url_for('/a.png')})\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["normalize", "--download-images", str(post)])
    assert result.exit_code == 1, result.output
    assert (site / "source" / "_posts" / "geo" / "北京" / "001.png").is_file()  # the post's asset folder, beside it
    assert post.read_text(encoding="utf-8") == '---\ntitle: 北京\n---\n\n{% asset_img 001.png "图" %}\n'
    again = CliRunner().invoke(main, ["normalize", str(post)])
    assert again.exit_code == 0, again.output
