"""The pure entry points `migrate` builds on: post_from_markdown and normalize_text."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from wx2md.errors import BadInput, MissingDate
from wx2md.normalize import TextLost, normalize_text, post_from_markdown
from wx2md.settings import Settings

HEXO = """
---
title: 'A: b'
categories: 新闻 科技
headimg: 'https://example.com/c.jpg'
thumbnail: 'https://example.com/c.jpg'
date: Thu, 23 Jun 2022 20:32:25 GMT
---

<div><p data-vmark="1">第一段</p><p style="color:red">第二段</p></div>
"""


def test_post_from_markdown_maps_hexo_onto_converts_schema():
    post = post_from_markdown(HEXO, name="x.md", settings=Settings())
    assert list(post.front_matter) == ["layout", "title", "date", "categories", "image"]
    assert post.front_matter["date"] == "2022-06-24 04:32:25 +0800"
    assert post.date == datetime(2022, 6, 23, 20, 32, 25, tzinfo=timezone.utc)
    assert post.date.strftime("%Y-%m-%d") == "2022-06-24"  # in the site's zone: it names the file
    assert post.front_matter["categories"] == ["新闻", "科技"]
    assert post.body == "第一段\n\n第二段\n"
    assert post.slug == "a-b"


def test_post_from_markdown_dates_from_name_then_git_then_error():
    text = "# 标题\n\n正文\n"
    assert post_from_markdown(text, name="2021-03-04-x.md", settings=Settings()).front_matter["date"] == \
        "2021-03-04 00:00:00 +0800"
    commit = datetime(2021, 5, 6, 1, 2, 3, tzinfo=timezone.utc)
    post = post_from_markdown(text, name="x.md", settings=Settings(), first_commit=commit)
    assert post.front_matter["date"] == "2021-05-06 09:02:03 +0800"
    assert post.front_matter["title"] == "标题"
    with pytest.raises(MissingDate) as err:
        post_from_markdown(text, name="notes.md", settings=Settings())
    assert "notes.md" in err.value.message and isinstance(err.value, BadInput)


def test_post_from_markdown_lists_remote_images():
    text = "---\ntitle: t\ndate: 2020-01-01\n---\n![](http://mmbiz.qpic.cn/a/640?wx_fmt=png&tp=webp)\n"
    post = post_from_markdown(text, name="a.md", settings=Settings())
    assert post.images == ["https://mmbiz.qpic.cn/a/640?wx_fmt=png"]


def test_bad_front_matter_is_a_bad_input():
    with pytest.raises(BadInput, match="not valid YAML"):
        normalize_text("---\ntitle: [unclosed\n---\nx\n", name="2020-01-01-a.md", settings=Settings())


def test_normalize_text_is_idempotent_on_hexo():
    once = normalize_text(HEXO, name="2022-06-24-a.md", settings=Settings())
    assert once.startswith("---\nlayout: post\ntitle: 'A: b'\n")
    assert normalize_text(once, name="2022-06-24-a.md", settings=Settings()) == once


def test_text_lost_is_refused():
    assert issubclass(TextLost, BadInput)


def test_hugo_json_front_matter():
    text = '{\n  "title": "Hugo",\n  "date": "2022-01-02T03:04:05+08:00",\n  "draft": false\n}\n\n正文\n'
    out = normalize_text(text, name="x.md", settings=Settings())
    assert out == "---\nlayout: post\ntitle: Hugo\ndate: 2022-01-02 03:04:05 +0800\ndraft: false\n---\n\n正文\n"
    assert normalize_text("{% raw %}{{ x }}{% endraw %}\n", name="2020-01-01-x.md", settings=Settings()).endswith(
        "---\n\n{% raw %}{{ x }}{% endraw %}\n")


def test_html_post_becomes_markdown_for_migrate():
    text = "---\ntitle: t\ndate: 2020-01-01\n---\n<div style='x'><p>一</p><p>{{ x }}</p></div>\n"
    post = post_from_markdown(text, name="2020-01-01-a.html", settings=Settings())
    assert post.body == "一\n\n{% raw %}\n\n{{ x }}\n\n{% endraw %}\n"
    assert post.slug == "a"
