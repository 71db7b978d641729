"""urls.py: image URLs made canonical, links made absolute, article URLs without tracking noise."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wx2md.urls import (
    canonical_article_url,
    clean_image_url,
    clean_link,
    is_article_url,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("http://mmbiz.qpic.cn/mmbiz_png/ID/640?wx_fmt=png&tp=webp&wxfrom=5&wx_lazy=1&wx_co=1#imgIndex=2", "https://mmbiz.qpic.cn/mmbiz_png/ID/640?wx_fmt=png"),
        ("//mmbiz.qpic.cn/a/0?wx_fmt=gif&amp;amp;tp=webp", "https://mmbiz.qpic.cn/a/0?wx_fmt=gif"),
        ("//mmbiz.qpic.cn/a/640?wx_fmt=gif&tp=webp&wxfrom=5&wx_lazy=1&wx_co=1#imgIndex=3",
         "https://mmbiz.qpic.cn/a/640?wx_fmt=gif"),
        ("https://example.com/x.png?tp=webp", "https://example.com/x.png"),
        ("http://example.com/x.png", "http://example.com/x.png"),  # only hosts known to serve https are upgraded
        ("data:image/svg+xml,%3Csvg%3E", None),
        ("data:image/svg+xml,<svg/>", None),
        ("./page_files/640", None),
        ("", None),
        (None, None),
    ],
)
def test_clean_image_url(raw, clean):
    assert clean_image_url(raw) == clean


@pytest.mark.parametrize(
    ("raw", "base", "link"),
    [
        ("javascript:void(0)", "", None),
        ("#top", "", None),
        ("//example.com/a", "", "https://example.com/a"),
        ("/s/abc", "https://mp.weixin.qq.com/s/xyz", "https://mp.weixin.qq.com/s/abc"),
        ("https://example.com/a?b=1", "https://mp.weixin.qq.com/s/xyz", "https://example.com/a?b=1"),
    ],
)
def test_clean_link(raw, base, link):
    assert clean_link(raw, base) == link


def test_canonical_article_url_keeps_only_the_identity():
    long = "http://mp.weixin.qq.com/s?__biz=MzA==&mid=22&idx=1&sn=ab&chksm=x&scene=45#wechat_redirect"
    assert canonical_article_url(long) == "https://mp.weixin.qq.com/s?__biz=MzA==&mid=22&idx=1&sn=ab"
    assert canonical_article_url("https://mp.weixin.qq.com/s/AbC?scene=1#rd") == "https://mp.weixin.qq.com/s/AbC"
    assert canonical_article_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    assert canonical_article_url("") == ""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://mp.weixin.qq.com/s/AbC", True),
        ("https://mp.weixin.qq.com/s?__biz=MzA==&mid=1&idx=1", True),
        ("http://mp.weixin.qq.com/s?__biz=MzA=&mid=1&idx=1&sn=abc#rd", True),
        ("https://mp.weixin.qq.com/mp/appmsg/show?__biz=MzA==&appmsgid=1", True),
        ("https://mp.weixin.qq.com/s", False),
        ("https://mp.weixin.qq.com/", False),
        ("https://example.com/s/AbC", False),
        ("ftp://mp.weixin.qq.com/s/AbC", False),
    ],
)
def test_is_article_url(url, expected):
    assert is_article_url(url) is expected


@given(st.lists(st.tuples(st.sampled_from(["wx_fmt", "tp", "from", "wxfrom", "a_b", "", "x y", "k%20", "é", "a=b"]),
                          st.text(alphabet="ab/:,-._~=+%& é;", max_size=6)), max_size=5),
       st.sampled_from(["&", "&&", ";"]))
def test_plain_query_shortcut_writes_what_urlencode_writes(pairs, sep):
    from urllib.parse import parse_qsl, urlencode

    from wx2md.urls import IMAGE_NOISE_PARAMS, _clean_query

    query = sep.join(f"{k}={v}" if k != "" else v for k, v in pairs)
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in IMAGE_NOISE_PARAMS]
    assert _clean_query(query) == urlencode(kept, safe="/:,")
