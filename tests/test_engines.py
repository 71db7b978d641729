"""The engine model: which engine a site runs, and what convert writes for Jekyll, Hexo and Hugo.

Fast checks on written files; tests/test_engines_build.py builds the same sites with the engines.
"""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLE, SAMPLE_IMAGES, TZ8, invoke, make_article, png_bytes, serve_sample
from test_migrate_helpers import archive

from wx2md.engines import by_name, detect, for_posts
from wx2md.engines.hexo import tags_to_markdown
from wx2md.engines.hugo import HUGO
from wx2md.post import build_post, render
from wx2md.settings import Settings, from_site


def hexo_site(root: Path, config: str = "title: t\ntimezone:\n") -> Path:
    (root / "source" / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(config, encoding="utf-8")
    return root


def hugo_site(root: Path, config: str = 'baseURL = "https://example.org/"\ntitle = "t"\n') -> Path:
    (root / "content").mkdir(parents=True)
    (root / "hugo.toml").write_text(config, encoding="utf-8")
    return root


def split(text: str) -> tuple[dict, str]:
    """(front matter, body) of a written post, YAML or TOML."""
    fence = text[:4]
    assert fence in ("---\n", "+++\n"), text[:40]
    head, body = text[4:].split("\n" + fence, 1)
    data = yaml.safe_load(head) if fence == "---\n" else tomllib.loads(head)
    return data, body


def only(folder: Path, pattern: str) -> Path:
    (path,) = folder.glob(pattern)
    return path


# ------------------------------------------------------------------ which engine


def test_detection_and_overrides(tmp_path: Path):
    assert detect(tmp_path / "new").name == "jekyll"
    assert detect(hexo_site(tmp_path / "hexo")).name == "hexo"
    assert detect(hugo_site(tmp_path / "hugo")).name == "hugo"
    jekyll = tmp_path / "jekyll"
    jekyll.mkdir()
    (jekyll / "_config.yml").write_text("title: j\n", encoding="utf-8")
    assert from_site(jekyll).engine == "jekyll"
    assert from_site(jekyll, engine="hugo").engine == "hugo"  # --engine
    (jekyll / "_config.yml").write_text("title: j\nwx2md:\n  engine: hexo\n", encoding="utf-8")
    assert from_site(jekyll).engine == "hexo"  # wx2md: engine:
    assert from_site(jekyll, engine="jekyll").engine == "jekyll"  # the flag over the file


def test_an_unknown_engine_name_is_one_clear_error(tmp_path: Path):
    (tmp_path / "_config.yml").write_text("wx2md:\n  engine: gatsby\n", encoding="utf-8")
    result = invoke("convert", str(SAMPLE), "--site", str(tmp_path))
    assert result.exit_code != 0
    assert "wx2md.engine" in result.output and "jekyll, hexo, hugo" in result.output
    assert "Traceback" not in result.output


def test_each_engine_has_its_own_defaults(tmp_path: Path):
    hexo = from_site(hexo_site(tmp_path / "hexo"))
    assert (hexo.cover_key, hexo.image_dir, hexo.asset_folder) == ("cover", "images", False)
    hugo = from_site(hugo_site(tmp_path / "hugo"))
    assert (hugo.cover_key, hugo.front_format) == ("images", "yaml")
    assert from_site(tmp_path / "new").cover_key == "image"


def test_hexo_settings_are_read_as_hexo_reads_them(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    empty = from_site(hexo_site(tmp_path / "a"))
    assert empty.timezone == "America/New_York"  # an empty timezone: is the machine's zone
    site = hexo_site(tmp_path / "b", "timezone: Asia/Tokyo\nroot: /blog/\npost_asset_folder: true\ntheme: fluid\n"
                                     "wx2md:\n  categories: [wechat]\n")
    settings = from_site(site)
    # `root:` is put in the body's links only where the renderer does not (here: `hexo init`'s marked adds it)
    assert (settings.timezone, settings.baseurl, settings.asset_folder) == ("Asia/Tokyo", "", True)
    (site / "package.json").write_text('{"dependencies": {"hexo-renderer-markdown-it": "^7.0.0"}}', encoding="utf-8")
    assert from_site(site).baseurl == "/blog/"
    assert settings.cover_key == "index_img" and settings.categories == ("wechat",)  # Fluid's cover key


def test_hugo_settings_from_toml_and_its_posts_format(tmp_path: Path):
    site = hugo_site(tmp_path / "h", 'timeZone = "Asia/Tokyo"\n[params.wx2md]\ncategories = ["wechat"]\n')
    (site / "content" / "posts").mkdir()
    (site / "content" / "posts" / "old.md").write_text('+++\ntitle = "old"\n+++\n', encoding="utf-8")
    settings = from_site(site)
    assert (settings.timezone, settings.front_format, settings.categories) == ("Asia/Tokyo", "toml", ("wechat",))


# ------------------------------------------------------------------ dates (issue 17, item 7)


def test_jekyll_dates_carry_an_offset_only_when_the_site_sets_a_zone(tmp_path: Path):
    when = datetime(2017, 1, 18, 0, 0, tzinfo=TZ8)
    post = build_post(make_article(published=when), "正文", [], from_site(tmp_path / "new"))
    assert post.head["date"] == "2017-01-18 00:00:00" and post.filename.startswith("2017-01-18-")
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "_config.yml").write_text("timezone: Asia/Shanghai\n", encoding="utf-8")
    zoned = build_post(make_article(published=when), "正文", [], from_site(tmp_path / "z"))
    assert zoned.head["date"] == "2017-01-18 00:00:00 +0800"


def test_dates_in_each_engines_form(tmp_path: Path):
    when = datetime(2025, 11, 10, 12, 0, 10, tzinfo=TZ8)
    hexo = Settings(engine="hexo", timezone="UTC")
    post = build_post(make_article(published=when), "正文", [], hexo)
    assert split(render(post, hexo))[0]["date"] == "2025-11-10 04:00:10"  # Hexo's form, in the site's zone
    hugo = Settings(engine="hugo")
    post = build_post(make_article(published=when), "正文", [], hugo)
    assert split(render(post, hugo))[0]["date"] == "2025-11-10T12:00:10+08:00"


# ------------------------------------------------------------------ front matter and guards


def _post(settings: Settings, body: str = "正文"):
    article = make_article(tags=["标签"])
    return build_post(article, body, [], settings)


def test_hugo_front_matter_has_no_jekyll_keys_and_its_own_draft_and_images():
    settings = Settings(engine="hugo", cover_key="images", categories=("wechat",))
    from dataclasses import replace

    post = replace(_post(settings), cover="cover.jpg")
    front, _ = split(render(post, settings))
    assert "layout" not in front and front["draft"] is False
    assert front["images"] == [f"posts/{post.slug}/cover.jpg"]  # from the site's top: Hugo's absURL reads it and front["categories"] == ["wechat"] and front["tags"] == ["标签"]
    assert list(front)[:3] == ["title", "date", "draft"]


def test_hugo_toml_front_matter_reads_back_whole():
    settings = Settings(engine="hugo", cover_key="images", front_format="toml")
    article = make_article(title='引号"和\\反斜杠\u2028', tags=["a", "b"])
    text = render(build_post(article, "正文", [], settings), settings)
    assert text.startswith("+++\n")
    front, body = split(text)
    assert front["title"] == 'Quote'.replace("Quote", '引号"和\\反斜杠\u2028') and front["tags"] == ["a", "b"]
    assert front["draft"] is False and body.strip() == "正文"


def test_template_syntax_is_guarded_the_engines_way():
    from bs4 import BeautifulSoup

    tree = BeautifulSoup("<div><p>用 {{ site.title }} 和 {% if %} 与 {# 注释 #}</p>"
                         "<p>短代码 {{% note %}}，未闭合 {{&lt; x</p><pre>{{&lt; youtube id &gt;}}</pre></div>",
                         "lxml").div
    jekyll = render(_post(Settings(), tree), Settings())
    assert "{% raw %}" in jekyll
    hexo = render(_post(Settings(engine="hexo"), tree), Settings(engine="hexo"))
    # Hexo puts raw blocks back after Markdown: shields stand inline, code is Hexo's own to escape.
    assert "{% raw %}{{ site.title }}{% endraw %}" in hexo and "{% raw %}{# 注释 #}{% endraw %}" in hexo
    assert "```\n{{< youtube id >}}\n```" in hexo and "layout" not in split(hexo)[0]
    hugo = render(_post(Settings(engine="hugo"), tree), Settings(engine="hugo"))
    assert "{% raw %}" not in hugo and "{% endraw %}" not in hugo
    assert "{{</* youtube id */>}}" in hugo and "{{%/* note */%}}" in hugo and "未闭合 {{\\< x" in hugo
    assert "{{ site.title }}" in hugo  # Hugo evaluates no Liquid: the text stays as written


def test_hexo_tags_become_markdown_for_other_engines():
    text = ("前文\n\n{% asset_img diagram.png 300 200 \"架构图\" %}\n\n"
            "{% blockquote 鲁迅, 呐喊 %}\n其实地上本没有路\n{% endblockquote %}\n\n"
            "{% codeblock app.js lang:javascript %}\nconsole.log(\"```\")\n{% endcodeblock %}\n\n"
            "```\n{% asset_img kept.png %}\n```\n")
    out = tags_to_markdown(text)
    assert "![架构图](diagram.png)" in out
    assert "> 其实地上本没有路\n>\n> —— 鲁迅, 呐喊" in out
    assert "````javascript\nconsole.log(\"```\")\n````" in out
    assert "{% asset_img kept.png %}" in out  # inside a fence: text, as on Hexo


def test_markdown_moving_to_hugo_loses_liquid_shields_and_hexo_tags():
    text = ("{% raw %}\n\n{{ x }}\n\n{% endraw %}\n\n{% asset_img a.png 图 %}\n\n"
            "Hexo 的 {% raw %}{{ y }}{% endraw %} 和 {{ \"{%\" }} endraw %}\n\n"
            "{{< figure src=\"b.png\" >}} 与 {% raw %}{{< 字面 >}}{% endraw %}\n")
    out = HUGO.adopt_markdown(text)
    assert '{{< figure src="b.png" >}} 与 {{</* 字面 */>}}' in out  # a Hugo blog's shortcode stays; shielded text is text
    assert "{% raw %}" not in out and "{{ x }}" in out and "![图](a.png)" in out
    assert "Hexo 的 {{ y }} 和 {% endraw %}" in out


# ------------------------------------------------------------------ convert: where posts and images go


def _saved_page(tmp_path: Path) -> Path:
    """A saved article whose one image is a file beside it (`assets/1.png`)."""
    archive.exporter_archive(tmp_path / "saved", [archive.article(1)])
    return only(tmp_path / "saved", "*/index.html")


def test_convert_into_hugo_writes_a_page_bundle_with_its_images(tmp_path: Path):
    site = hugo_site(tmp_path / "site")
    page = _saved_page(tmp_path)
    result = invoke("convert", str(page), "--site", str(site))
    assert result.exit_code == 0, result.output
    post = only(site / "content" / "posts", "*/index.md")
    front, body = split(post.read_text(encoding="utf-8"))
    assert "layout" not in front and front["draft"] is False
    images = [p.name for p in post.parent.iterdir() if p.suffix == ".png"]
    assert images and f"]({images[0]})" in body  # beside index.md, linked relatively
    again = invoke("convert", str(page), "--site", str(site))
    assert again.exit_code != 0 and "already converted" in again.output
    assert [p.name for p in (site / "content" / "posts").rglob("*")] == \
        [p.name for p in (site / "content" / "posts").rglob("*")]


def test_convert_into_hexo_puts_images_where_the_site_wants_them(tmp_path: Path):
    page = _saved_page(tmp_path)
    plain = hexo_site(tmp_path / "plain", "timezone: Asia/Shanghai\nroot: /blog/\n")
    assert invoke("convert", str(page), "--site", str(plain)).exit_code == 0
    post = only(plain / "source" / "_posts", "*.md")
    front, body = split(post.read_text(encoding="utf-8"))
    assert "layout" not in front and len(front["date"]) == 19
    # source/images/<slug>/, linked from the site's top: Hexo's renderer puts `root` in front.
    assert (plain / "source" / "images" / post.stem).is_dir()
    assert f"](/images/{post.stem}/" in body
    assets = hexo_site(tmp_path / "assets", "timezone: Asia/Shanghai\npost_asset_folder: true\n")
    assert invoke("convert", str(page), "--site", str(assets)).exit_code == 0
    post = only(assets / "source" / "_posts", "*.md")
    images = sorted(p.name for p in (assets / "source" / "_posts" / post.stem).glob("*.png"))
    # Hexo links a post asset with its own tag (a bare Markdown link would get `root` put in front).
    assert images and f"{{% asset_img {images[0]} %}}" in post.read_text(encoding="utf-8")


def test_convert_writes_the_cover_under_each_engines_key(tmp_path: Path, httpserver, monkeypatch):
    base = serve_sample(httpserver, monkeypatch)
    for path in SAMPLE_IMAGES:
        httpserver.expect_request(path).respond_with_data(png_bytes(), content_type="image/png")
    hugo = hugo_site(tmp_path / "hugo")
    assert invoke("convert", base + "/s/sample", "--site", str(hugo)).exit_code == 0
    post = only(hugo / "content" / "posts", "*/index.md")
    front, _ = split(post.read_text(encoding="utf-8"))
    (cover,) = front["images"]
    assert (hugo / "content" / cover).is_file()
    hexo = hexo_site(tmp_path / "hexo")
    assert invoke("convert", base + "/s/sample", "--site", str(hexo)).exit_code == 0
    post = only(hexo / "source" / "_posts", "*.md")
    cover = split(post.read_text(encoding="utf-8"))[0]["cover"]
    assert cover.startswith(f"/images/{post.stem}/") and (hexo / "source" / cover.lstrip("/")).is_file()


def test_for_posts_writes_jekyll_where_wx2md_writes_no_posts():
    assert for_posts(Settings(engine="eleventy")).name == "jekyll"
    assert for_posts(Settings(engine="hugo")) is by_name("hugo")


@pytest.mark.parametrize("engine", ["hexo", "hugo"])
def test_migrate_writes_for_the_sites_engine(tmp_path: Path, engine: str):
    from test_migrate_helpers import run

    root = tmp_path / "archive"
    arts = [archive.article(n) for n in range(3)]
    archive.saved_pages(root / "saved", arts[:2])
    archive.converter_markdown(root / "converter", arts[2:])
    site = hexo_site(tmp_path / "site") if engine == "hexo" else hugo_site(tmp_path / "site")
    result = run(str(root), "--site", str(site), "--no-download", "-j", "1", "--default-date", "2019-01-01", "-q")
    assert result.exit_code == 0, result.output
    posts = sorted((site / by_name(engine).posts_dir).rglob("*.md"))
    assert len(posts) == 3
    for path in posts:
        front, body = split(path.read_text(encoding="utf-8"))
        assert "layout" not in front and "{% raw %}" not in body
        assert (front["draft"] is False) if engine == "hugo" else ("T" not in str(front["date"]))
    again = run(str(root), "--site", str(site), "--no-download", "-j", "1", "--default-date", "2019-01-01", "-q")
    assert again.exit_code == 0 and sorted((site / by_name(engine).posts_dir).rglob("*.md")) == posts


@pytest.mark.parametrize("engine", ["jekyll", "hugo"])
def test_a_hexo_post_migrated_elsewhere_has_no_hexo_tags(tmp_path: Path, engine: str):
    from test_migrate_helpers import run

    posts = tmp_path / "hexo-blog" / "source" / "_posts"
    posts.mkdir(parents=True)
    (posts / "old.md").write_text(
        "---\ntitle: 旧文章\ndate: 2013/7/13 20:46:25\ntags: [a]\n---\n\n前言\n\n"
        "{% blockquote 鲁迅 %}\n其实地上本没有路\n{% endblockquote %}\n\n"
        "{% codeblock lang:python %}\nprint('{{ x }}')\n{% endcodeblock %}\n", encoding="utf-8")
    site = hugo_site(tmp_path / "site") if engine == "hugo" else tmp_path / "site"
    result = run(str(posts), "--site", str(site), "--engine", engine, "--no-download", "-j", "1", "-q")
    assert result.exit_code == 0, result.output
    (post,) = (site / by_name(engine).posts_dir).rglob("*.md")
    front, body = split(post.read_text(encoding="utf-8"))
    assert front["title"] == "旧文章" and "blockquote" not in body and "codeblock" not in body
    assert "> 其实地上本没有路" in body and "```python\nprint('{{ x }}')\n```" in body
    if engine == "hugo":
        assert "raw %}" not in body and "layout" not in front and front["draft"] is False


def test_a_sites_own_habits_win_its_section_and_its_themes_cover_key(tmp_path: Path):
    site = hugo_site(tmp_path / "hugo")
    old = site / "content" / "post" / "old"
    old.mkdir(parents=True)
    (old / "index.md").write_text("---\ntitle: old\nimage: cover.jpg\n---\n", encoding="utf-8")  # Stack's key
    settings = from_site(site)
    assert (settings.posts_dir, settings.cover_key) == ("content/post", "image")
    assert invoke("convert", str(_saved_page(tmp_path)), "--site", str(site)).exit_code == 0
    (post,) = [p for p in (site / "content" / "post").glob("*/index.md") if p.parent.name != "old"]
    assert list(post.parent.glob("*.png")) and not (site / "content" / "posts").exists()
    hexo = hexo_site(tmp_path / "hexo")
    (hexo / "source" / "_posts" / "old.md").write_text("---\ntitle: old\nthumbnail: /a.jpg\n---\n", encoding="utf-8")
    assert from_site(hexo).cover_key == "thumbnail"


def test_normalize_keeps_converts_dates_on_a_site_without_a_zone(tmp_path: Path):
    site = tmp_path / "site"
    assert invoke("convert", str(SAMPLE), "--site", str(site), "--no-download").exit_code == 0
    (post,) = (site / "_posts").glob("*.md")
    assert split(post.read_text(encoding="utf-8"))[0]["date"] == "2025-11-10 12:00:00"
    result = invoke("normalize", "--check", str(post), "--site", str(site))
    assert result.exit_code == 0, result.output  # the pre-commit hook agrees with convert


def test_a_migrated_post_on_a_site_without_a_zone_gets_the_same_date_rule(tmp_path: Path):
    from test_migrate_helpers import run

    old = tmp_path / "old" / "_posts"
    old.mkdir(parents=True)
    (old / "2017-01-18-early.md").write_text("---\ntitle: 清早\ndate: 2017-01-18 00:30:00 +0800\n---\n\n正文\n",
                                             encoding="utf-8")
    site = tmp_path / "site"
    assert run(str(old), "--site", str(site), "--no-download", "-j", "1", "-q").exit_code == 0
    (post,) = (site / "_posts").glob("*.md")
    assert post.name.startswith("2017-01-18-") and split(post.read_text(encoding="utf-8"))[0]["date"] == \
        "2017-01-18 00:30:00"


def test_jekylls_highlight_blocks_become_fences_elsewhere_and_stay_on_jekyll():
    from wx2md.engines.hexo import HEXO
    from wx2md.engines.jekyll import JEKYLL

    text = "前\n\n{% highlight ruby linenos %}\nputs \"{{ a }}\"\n{% endhighlight %}\n"
    for engine in (HUGO, HEXO):
        assert "```ruby\nputs \"{{ a }}\"\n```" in engine.adopt_markdown(text)
    assert JEKYLL.adopt_markdown(text) == text


def test_hugo_shortcodes_become_markdown_for_jekyll_and_hexo():
    from wx2md.engines.hexo import HEXO
    from wx2md.engines.jekyll import JEKYLL
    from wx2md.engines.raw import shield_liquid

    text = ('前\n\n{{< figure src="a.png" title="架构图" >}}\n\n{{< highlight go >}}\nfmt.Println("{{ x }}")\n'
            '{{< /highlight >}}\n\n{{< youtube dQw4w9WgXcQ >}}\n\n```\n{{< figure src="kept.png" >}}\n```\n')
    for engine in (JEKYLL, HEXO):
        for given in (text, shield_liquid(text)):  # as a Hugo post, or after the normalizer shielded it
            out = engine.adopt_markdown(given)
            image = '{% asset_img a.png "架构图" %}' if engine is HEXO else "![架构图](a.png)"  # Hexo: an asset
            assert image in out and "[YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)" in out
            assert "```go\nfmt.Println(\"" in out and "figure src=\"kept.png\"" in out
