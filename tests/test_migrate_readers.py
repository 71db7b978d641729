"""The readers of other tools' Markdown (migrate/readers/), on small inputs shaped like their output."""

from __future__ import annotations

from pathlib import Path

from wx2md.migrate import readers
from wx2md.migrate.readers import furniture
from wx2md.migrate.readers.byline import words

CSS = "     标题在前 \\* { margin: 0; padding: 0; } body { font-family: x; line-height: 1.5; } .a { color: red; }"
FOOTER = ["预览时标签不可点", "阅读原文", "![]()", "微信扫一扫", "关注该公众号", "继续滑动看下一个", "轻触阅读原文",
          "看雪学苑", "向上滑动看下一个", "知道了", "微信扫一扫", "使用小程序", "取消", "允许", "×", "分析",
          "![跳转二维码]()", "：", "，", "。", "视频", "小程序", "赞", "，轻点两下取消赞", "在看", "，轻点两下取消在看",
          "分享", "留言", "收藏", "听过"]


def test_the_page_footer_goes_and_the_article_stays():
    body = "正文第一段。\n\n精品课程，立即学习\n\n" + "\n\n".join(FOOTER) + "\n"
    assert furniture.strip(body).strip() == "正文第一段。\n\n精品课程，立即学习"


def test_a_quoted_button_word_inside_the_article_stays():
    body = "文章说：点“在看”支持我们。\n\n赞\n\n然后正文继续，这一段很长，不是页面的按钮，而是作者写的内容。\n"
    assert furniture.strip(body) == body


def test_ui_only_text():
    assert furniture.ui_only("：  ，  。  视频  小程序  赞  ，轻点两下取消赞  在看  ，轻点两下取消在看\n")
    assert not furniture.ui_only("今日停更一天")


def test_bylines():
    assert words(r"原创  我是哥飞  [ 哥飞 ](javascript:void\(0\);)") == (["我是哥飞", "哥飞"], True)
    assert words("原创  **哥飞**") == (["哥飞"], True)


def test_exporter_markdown_with_css_and_setext_title(tmp_path: Path):
    text = (f"{CSS}\n\n标题：第一篇\n=======\n\n原创 作者甲 某公众号 2024-06-04 19:10 上海\n\n"
            "> 原文地址: [https://mp.weixin.qq.com/s/abc](https://mp.weixin.qq.com/s/abc)\n\n正文。\n")
    export = readers.read(text, tmp_path / "x.md")
    assert export.tool == "wechat-article-exporter" and export.title == "标题：第一篇"
    assert (export.author, export.account, export.original) == ("作者甲", "某公众号", True)
    assert export.published.strftime("%Y-%m-%d %H:%M") == "2024-06-04 19:10"
    assert export.url == "https://mp.weixin.qq.com/s/abc" and export.body.strip() == "正文。"


def test_wechatmp2markdown_original_mark_is_not_the_author(tmp_path: Path):
    export = readers.read("# 标题\n\n原创 作者乙 某公众号 2020-01-02 03:04\n\n正文。\n", tmp_path / "标题.md")
    assert (export.author, export.account, export.original) == ("作者乙", "某公众号", True)


def test_crawler_front_matter(tmp_path: Path):
    text = ("---\ntitle: 题目\nurl: https://mp.weixin.qq.com/s?__biz=AA==&mid=1&idx=2&sn=x#rd\nsource: 某号\n"
            "date: 2022-10-13\nfetch_date: 2025-10-03T19:47:18.280882\n---\n\n# 题目\n\n"
            "![cover_image](https://mmbiz.qpic.cn/c/0?wx_fmt=jpeg)\n\n# 题目\n\n原创\n\n作者丙\n\n某号\n\n正文。\n")
    export = readers.read(text, tmp_path / "某号_题目.md")
    assert export.tool == "crawler" and export.account == "某号" and export.author == "作者丙"
    assert export.url == "https://mp.weixin.qq.com/s?__biz=AA==&mid=1&idx=2&sn=x"
    assert export.cover == "https://mmbiz.qpic.cn/c/0?wx_fmt=jpeg" and export.original is True
    assert export.extra == {"fetch_date": "2025-10-03T19:47:18.280882"} and export.body.strip() == "正文。"


def test_wechatdownload(tmp_path: Path):
    (tmp_path / "封面").mkdir()
    (tmp_path / "封面" / "把工作当做自己的作品.jpg").write_bytes(b"jpeg")
    text = ("：  ，  。  视频  小程序  赞  ，轻点两下取消赞\n\n#  把工作当做自己的作品\n\n"
            "原创  我是哥飞  [ 哥飞 ](javascript:void\\(0\\);)\n\n__ _ _ _ _\n\n第一段。\\x0a第二行。\n\n,\n\n****\n\n  收藏\n")
    export = readers.read(text, tmp_path / "20200414把工作当做自己的作品.md")
    assert export.tool == "wechatDownload" and export.title == "把工作当做自己的作品"
    assert (export.author, export.account, export.original) == ("我是哥飞", "哥飞", True)
    assert export.published.strftime("%Y-%m-%d") == "2020-04-14"
    assert export.cover.endswith("把工作当做自己的作品.jpg")
    assert export.body == "第一段。  \n第二行。\n"  # a single `\\x0a` is a line break: a hard break, not run together


def test_plain_markdown_is_no_export(tmp_path: Path):
    assert readers.read("---\ntitle: 博客文章\ndate: 2020-01-01\n---\n\n正文。\n", tmp_path / "2020-01-01-a.md") is None
