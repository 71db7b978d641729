"""`migrate` of a Hexo blog with `post_asset_folder`: `{% asset_img %}` images found in the post's folder.

Hexo keeps a post's pictures in `source/_posts/<post-stem>/` and names them by file
name in `{% asset_img name.png %}` (or a bare `![](name.png)`). Moving such a blog to
Jekyll or Hugo, each picture is copied into the target site where its engine keeps
images, and the post links it there; the real builds publish it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml
from PIL import Image
from test_migrate_helpers import run


def _hexo_blog(root: Path) -> Path:
    blog = root / "blog"
    posts = blog / "source" / "_posts"
    (posts / "hello-world").mkdir(parents=True)
    (posts / "second").mkdir()
    (blog / "_config.yml").write_text("title: 旧博客\npost_asset_folder: true\n", encoding="utf-8")
    Image.new("RGB", (40, 30), "red").save(posts / "hello-world" / "pic.png")
    Image.new("RGB", (40, 30), "blue").save(posts / "second" / "a b.jpg")
    (posts / "hello-world.md").write_text(
        "---\ntitle: 你好世界\ndate: 2021-05-06 10:00:00\n---\n\n第一段文字。\n\n{% asset_img pic.png 一张图 %}\n\n"
        "```\n{% asset_img pic.png 代码里的标签是文字 %}\n```\n", encoding="utf-8")
    (posts / "second.md").write_text(
        "---\ntitle: 第二篇\ndate: 2021-05-07 10:00:00\n---\n\n文字。\n\n{% asset_img \"a b.jpg\" \"蓝色 图\" %}\n\n"
        "![同一张](a%20b.jpg)\n", encoding="utf-8")
    return blog


def _body(path: Path) -> tuple[dict, str]:
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def test_asset_img_pictures_are_copied_into_a_jekyll_site(tmp_path: Path):
    blog = _hexo_blog(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text("title: 新博客\n", encoding="utf-8")
    result = run(str(blog), "--site", str(site), "--no-download", "-j", "1")
    assert result.exit_code == 0, result.output
    _, hello = _body(site / "_posts" / "2021-05-06-ni-hao-shi-jie.md")
    assert "![一张图](/assets/img/posts/ni-hao-shi-jie/001.png)" in hello
    assert "{% asset_img pic.png 代码里的标签是文字 %}" in hello  # in code it is text, and stays
    assert (site / "assets" / "img" / "posts" / "ni-hao-shi-jie" / "001.png").is_file()
    _, second = _body(site / "_posts" / "2021-05-07-di-er-pian.md")
    assert "![蓝色 图](/assets/img/posts/di-er-pian/001.jpg)" in second
    assert "![同一张](/assets/img/posts/di-er-pian/001.jpg)" in second  # the bare name: the same file
    assert "asset_img" not in second
    assert [p.name for p in (site / "assets" / "img" / "posts" / "di-er-pian").glob("*.jpg")] == ["001.jpg"]
    if shutil.which("jekyll") is None:
        return
    built = subprocess.run(["jekyll", "build", "--disable-disk-cache", "-s", str(site), "-d", str(tmp_path / "out")],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    page = (tmp_path / "out" / "2021" / "05" / "06" / "ni-hao-shi-jie.html").read_text(encoding="utf-8")
    assert 'src="/assets/img/posts/ni-hao-shi-jie/001.png"' in page
    assert (tmp_path / "out" / "assets" / "img" / "posts" / "ni-hao-shi-jie" / "001.png").is_file()


def test_asset_img_pictures_go_into_the_hugo_page_bundle(tmp_path: Path):
    blog = _hexo_blog(tmp_path)
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "新博客"\n', encoding="utf-8")
    result = run(str(blog), "--site", str(site), "--no-download", "-j", "1")
    assert result.exit_code == 0, result.output
    bundle = site / "content" / "posts" / "ni-hao-shi-jie"
    _, hello = _body(bundle / "index.md")
    assert "![一张图](001.png)" in hello and (bundle / "001.png").is_file()
    _, second = _body(site / "content" / "posts" / "di-er-pian" / "index.md")
    assert second.count("](001.jpg)") == 2 and "asset_img" not in second
    hugo = shutil.which("hugo")
    if hugo is None:
        return
    built = subprocess.run([hugo, "-s", str(site), "-d", str(tmp_path / "public")], capture_output=True, text=True,
                           timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (tmp_path / "public" / "posts" / "ni-hao-shi-jie" / "001.png").is_file()
