"""Front matter, slugs, file names and safe writing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from wx2md.errors import PostExists, UnsafePath
from wx2md.models import Article, Metadata
from wx2md.post import build_post, format_date, make_slug, render
from wx2md.settings import Settings, from_site
from wx2md.site import PostIndex, atomic_write, choose_path, inside

CST = timezone(timedelta(hours=8))


def article(**meta) -> Article:
    from bs4 import BeautifulSoup

    defaults = dict(title="标题：带冒号 #和井号", account="某公众号", url="https://mp.weixin.qq.com/s/abc",
                    published=datetime(2025, 11, 10, 12, 0, 10, tzinfo=CST))
    defaults.update(meta)
    return Article("article", Metadata(**defaults), BeautifulSoup("<div></div>", "lxml").div)


def test_front_matter_order_and_values():
    post = build_post(article(author="作者", digest="摘要", cover="https://mmbiz.qpic.cn/c/0", original=True,
                              tags=["AI", "AI", "编程"]), "正文\n", [], Settings())
    text = render(post)
    assert text.startswith("---\nlayout: post\n")
    data = yaml.safe_load(text.split("---\n")[1])
    assert list(data) == ["layout", "title", "subtitle", "date", "author", "account", "categories", "tags",
                          "image", "source", "original"]
    assert data["title"] == "标题：带冒号 #和井号"
    assert data["date"] == "2025-11-10 12:00:10 +0800"
    assert data["tags"] == ["AI", "编程"] and data["categories"] == []
    assert data["original"] is True
    assert text.endswith("---\n\n正文\n")


def test_author_falls_back_to_account_and_cover_key_is_configurable():
    post = build_post(article(cover="https://x/c.jpg"), "", [], Settings(cover_key="header-img", categories=("wechat",)))
    assert post.front_matter["author"] == "某公众号"
    assert post.front_matter["header-img"] == "https://x/c.jpg" and "image" not in post.front_matter
    assert post.front_matter["categories"] == ["wechat"]


def test_date_in_site_time_zone_names_the_file():
    when = datetime(2022, 6, 23, 20, 0, tzinfo=timezone.utc)  # 24 June in +0800
    post = build_post(article(published=when), "", [], Settings())
    assert post.filename.startswith("2022-06-24-")
    assert post.front_matter["date"] == "2022-06-24 04:00:00 +0800"
    utc = build_post(article(published=when), "", [], Settings(timezone="UTC"))
    assert utc.filename.startswith("2022-06-23-") and utc.front_matter["date"] == "2022-06-23 20:00:00 +0000"


def test_format_date():
    assert format_date(datetime(2020, 1, 2, 3, 4, 5, tzinfo=CST)) == "2020-01-02 03:04:05 +0800"


@pytest.mark.parametrize(
    "title, slug",
    [
        ("重庆的火锅", "chong-qing-de-huo-guo"),
        ("AI编程害死我了，给我的抓包软件埋了一个大雷！", "ai-bian-cheng-hai-si-wo-le-gei-wo-de-zhua-bao-ruan-jian-mai"),
        ("Hello, World: 2025", "hello-world-2025"),
    ],
)
def test_slug_is_short_ascii_pinyin(title, slug):
    result = make_slug(title)
    assert result == slug
    assert result.isascii() and len(result) <= 60


def test_slug_never_empty():
    assert make_slug("🎉🎉", fallback="https://mp.weixin.qq.com/s/x").startswith("wechat-")


def test_config_section_and_flags_precedence(tmp_path: Path):
    (tmp_path / "_config.yml").write_text(
        "timezone: UTC\nwx2md:\n  cover_key: header-img\n  categories: wechat\n  layout: article\n", encoding="utf-8")
    settings = from_site(tmp_path)
    assert settings.cover_key == "header-img" and settings.categories == ("wechat",) and settings.timezone == "UTC"
    assert settings.merged(layout="post", cover_key=None).layout == "post"
    assert settings.merged(cover_key=None).cover_key == "header-img"


def test_bad_config_is_bad_input(tmp_path: Path):
    from wx2md.errors import BadInput

    (tmp_path / "_config.yml").write_text("wx2md: [unclosed\n", encoding="utf-8")
    with pytest.raises(BadInput):
        from_site(tmp_path)


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
