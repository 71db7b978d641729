"""The cleaner on HTML left inside real posts (the seeds): the same cleaner `normalize` will use."""

from __future__ import annotations

import re

from conftest import SEEDS

from wx2md.clean import clean, parse_fragment
from wx2md.markdown import to_markdown



def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_lazy_loader_img_tags_become_clean_images():
    tags = re.findall(r"<img[^>]*>", seed("000"))
    assert len(tags) == 10
    md = to_markdown(clean(parse_fragment("".join(tags))))
    images = re.findall(r"!\[\]\((https://mmbiz\.qpic\.cn/[^)]+)\)", md)
    assert len(images) == 10
    assert all("tp=webp" not in u and "wx_lazy" not in u and "style" not in u for u in images)
    assert "<img" not in md and "data-src" not in md


def test_hexo_html_body_becomes_paragraphs():
    body = seed("004").split("---", 2)[2]
    md = to_markdown(clean(parse_fragment(body)))
    assert "<p" not in md and "<div" not in md and "data-vmark" not in md
    assert md.startswith("年度计算机视觉顶级会议 CVPR（Conference on Computer Vision and Pattern Recognition 国际计算机视觉与模式识别会议）")
    assert md.count("\n\n") >= 5  # one Markdown paragraph per <p>
