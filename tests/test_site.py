"""site.py: the post's path (same article, same name, --force) and writing it safely inside the site."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_article as article

from wx2md.errors import PostExists, UnsafePath
from wx2md.post import build_post, render
from wx2md.settings import Settings
from wx2md.site import PostIndex, atomic_write, choose_path, inside


def write(site: Path, post, force=False) -> Path:
    index = PostIndex(site)
    post, path = choose_path(site, post, index, force=force)
    return atomic_write(site, path, render(post).encode())


def test_same_name_different_article_gets_suffix(tmp_path: Path):
    first = write(tmp_path, build_post(article(), "一", [], Settings()))
    second = write(tmp_path, build_post(article(url="https://mp.weixin.qq.com/s/other"), "二", [], Settings()))
    assert first != second
    assert second.name == first.name.replace(".md", "-2.md")


def test_same_article_again_needs_force(tmp_path: Path):
    first = write(tmp_path, build_post(article(), "一", [], Settings()))
    again = build_post(article(url="http://mp.weixin.qq.com/s/abc"), "新", [], Settings())
    with pytest.raises(PostExists):
        write(tmp_path, again)
    assert write(tmp_path, again, force=True) == first
    assert first.read_text(encoding="utf-8").endswith("新\n")
    assert len(list((tmp_path / "_posts").iterdir())) == 1


def test_long_form_urls_match_despite_tracking_params(tmp_path: Path):
    url = "https://mp.weixin.qq.com/s?__biz=MzA=&mid=1&idx=1&sn=abc&chksm=zz&scene=21#wechat_redirect"
    write(tmp_path, build_post(article(url=url), "一", [], Settings()))
    with pytest.raises(PostExists):
        write(tmp_path, build_post(article(url=url.replace("scene=21", "scene=126")), "一", [], Settings()))


def test_never_writes_outside_the_site(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(UnsafePath):
        atomic_write(site, site / ".." / "evil.md", b"x")
    (site / "link").symlink_to(tmp_path)
    with pytest.raises(UnsafePath):
        atomic_write(site, site / "link" / "evil.md", b"x")
    assert not (tmp_path / "evil.md").exists()
    assert inside(site, site / "_posts" / "a.md") == (site / "_posts" / "a.md").resolve()


def test_atomic_write_leaves_no_temp_files(tmp_path: Path):
    path = atomic_write(tmp_path, tmp_path / "_posts" / "a.md", "内容".encode())
    assert path.read_text(encoding="utf-8") == "内容"
    assert [p.name for p in path.parent.iterdir()] == ["a.md"]
