"""post.py: front matter (order, values, YAML), dates in the site's zone, file names and slugs."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import yaml
from conftest import TZ8 as CST
from conftest import make_article as article

from wx2md.post import _slug_words, build_post, format_date, make_slug, render
from wx2md.settings import Settings


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


def test_slug_keeps_every_syllable_it_shows():
    # slugify's max_length skipped `hao` (it did not fit) and kept the shorter `he` after it
    title = "今天我们小伙伴们开通了新的账号，和大家见面"
    assert make_slug(title) == "jin-tian-wo-men-xiao-huo-ban-men-kai-tong-le-xin-de-zhang"
    assert make_slug("新的账号，和") == "xin-de-zhang-hao-he"


@pytest.mark.parametrize(
    "title",
    [
        "我们开通了一个新的账号，和大家一起分享更多的内容与想法吧朋友们",
        "Supercalifragilistic expialidocious 和 antidisestablishmentarianism 的故事很长很长很长",
        "重庆的火锅" * 10,
    ],
)
def test_a_long_slug_is_cut_at_the_end_between_whole_syllables(title):
    slug = make_slug(title)
    full = _slug_words(title)
    assert len(slug) <= 60
    parts = slug.split("-")
    assert full[: len(parts)] == parts  # a prefix of the whole slug, unit by unit: nothing skipped, nothing split


def test_a_first_word_longer_than_the_limit_stays_whole():
    word = "pneumonoultramicroscopicsilicovolcanoconiosisandmoreletters"
    assert make_slug(f"{word}x 你好") == f"{word}x"


def test_slug_never_empty():
    assert make_slug("🎉🎉", fallback="https://mp.weixin.qq.com/s/x").startswith("wechat-")
