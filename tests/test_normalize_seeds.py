"""Golden files: the four seed posts, normalized, against hand-checked expected outputs.

The expected files in fixtures/normalize/ were reviewed line by line against the
seeds (the diff is only the repairs the issue lists); a change in them is a change
in behaviour and must be reviewed the same way.
"""

from __future__ import annotations


import pytest
from conftest import ROOT, SEEDS

from wx2md.normalize import normalize_text
from wx2md.normalize.safety import visible_text
from wx2md.settings import Settings

GOLDEN = ROOT / "fixtures" / "normalize"

# seed -> (the post's file name in a blog, the site's settings)
CASES = {
    "000": ("2020-11-26-qi-ye-xing-02-kuang-shi.md", Settings(cover_key="header-img")),  # a Hux blog
    "002": ("2022-01-18-ood-researcher-openings.md", Settings()),
    "003": ("2019-06-18-tencent-youtu-cv.md", Settings()),
    "004": ("2022-06-23-oppo-cvpr2022.md", Settings()),
}


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", sorted(CASES))
def test_seed_matches_golden_file(prefix: str):
    name, settings = CASES[prefix]
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert normalize_text(seed(prefix), name=name, settings=settings) == expected


@pytest.mark.parametrize("prefix", sorted(CASES))
def test_golden_files_are_fixed_points(prefix: str):
    name, settings = CASES[prefix]
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert normalize_text(expected, name=name, settings=settings) == expected


def _body(text: str) -> str:
    return text.lstrip("\n").split("\n---\n", 1)[1] if text.lstrip("\n").startswith("---") else text


@pytest.mark.parametrize("prefix", sorted(CASES))
def test_seed_text_is_kept(prefix: str):
    name, settings = CASES[prefix]
    out = normalize_text(seed(prefix), name=name, settings=settings)
    assert visible_text(_body(out)) == visible_text(_body(seed(prefix)))
    assert len(visible_text(_body(out))) > 500


def test_hux_post_000():
    name, settings = CASES["000"]
    out = normalize_text(seed("000"), name=name, settings=settings)
    head = out.split("---\n")[1]
    assert head.splitlines()[:4] == ["layout: post", "title: 【企业行·20x02期】旷视研究院期中就业实践活动圆满结束!",
                                     "date: 2020-11-26 00:00:00 +0800", "author: 实践外联部"]
    assert "subtitle" not in head  # empty: convert leaves it out
    assert "header-img: img/post-bg-20201126.jpeg\ncatalog: true\n" in head  # unknown key kept after
    assert "<img" not in out and "wx_lazy" not in out and "wxfrom" not in out and "tp=webp" not in out
    assert out.count("![](https://mmbiz.qpic.cn/") == 18


def test_markdown_without_front_matter_002():
    out = normalize_text(seed("002"), name="2022-01-18-ood-researcher-openings.md", settings=Settings())
    assert out.startswith("---\nlayout: post\ntitle: OOD-Related Researcher Openings at SenseTime EIG Research\n"
                          "date: 2022-01-18 00:00:00 +0800\n---\n\n# OOD-Related")
    assert out.split("---\n\n", 1)[1] == seed("002")  # the body is byte for byte the author's


def test_zhihu_export_003():
    out = normalize_text(seed("003"), name="2019-06-18-tencent-youtu-cv.md", settings=Settings())
    assert "data:image/svg" not in out
    assert "## **" not in out and "## 鹅厂加码CV，不设KPI\n" in out
    assert "\n# \n" not in out
    assert "—**完**—" in out  # bold that is not a whole heading stays
    assert out.endswith("追踪AI技术和产品新动态\n")


def test_hexo_post_004():
    out = normalize_text(seed("004"), name="2022-06-23-oppo-cvpr2022.md", settings=Settings())
    assert out.startswith("---\nlayout: post\n")
    assert "date: 2022-06-23 10:32:25 +0800\n" in out
    assert "image: https://picsum.photos/400/300?random=3045\n" in out
    assert "headimg" not in out and "thumbnail" not in out  # the same picture, now under the cover key
    assert "comments: false\n" in out
    assert "<p" not in out and "<div" not in out and "data-vmark" not in out
    assert "\n**7 篇论文获得收录，OPPO 正在助力 AI 认知水平升级**\n" in out


def test_cover_key_of_a_hux_site_for_the_hexo_post():
    out = normalize_text(seed("004"), name="2022-06-23-oppo-cvpr2022.md", settings=Settings(cover_key="header-img"))
    assert "header-img: https://picsum.photos/400/300?random=3045\n" in out
