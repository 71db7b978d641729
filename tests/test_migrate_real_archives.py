"""`migrate` on real archives people exported and committed (../shared/real/archives; skipped when absent).

Each test reads the posts migrate wrote, as a user would: no crash, no false
duplicates, the other tools' furniture gone, their metadata in the front matter.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import SHARED
from test_migrate_helpers import run

ARCHIVES = SHARED / "real" / "archives"


def _migrate(tmp_path: Path, name: str, *extra: str) -> tuple[Path, list[dict], object]:
    source = ARCHIVES / name
    if not source.is_dir():
        pytest.skip(f"{source} is not available")
    archive = tmp_path / name
    shutil.copytree(source, archive)
    site = tmp_path / "site"
    result = run(str(archive), "--site", str(site), "--no-download", "-j", "1", "--report", str(tmp_path / "r.json"),
                 *extra)
    return site, json.loads((tmp_path / "r.json").read_text(encoding="utf-8")), result


def _posts(site: Path) -> list[tuple[dict, str]]:
    out = []
    for path in sorted((site / "_posts").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        out.append((yaml.safe_load(front), body))
    return out


def test_crawler_front_matter_keeps_every_article_and_its_fetch_date(tmp_path: Path):
    site, rows, result = _migrate(tmp_path, "chainreactors__picker")
    assert result.exit_code == 0, result.output
    posts = _posts(site)
    assert len(posts) == 30 and not [r for r in rows if r["status"] in ("duplicate", "failed")]
    assert all(str(f["source"]).startswith("https://mp.weixin.qq.com/s?__biz=") for f, _ in posts)  # not the account
    kanxue = [f for f, _ in posts if f["title"] == "《安卓逆向入门》"][0]
    assert kanxue["account"] == "看雪学院" and kanxue["fetch_date"] == "2025-10-03T19:47:18.280882"
    assert kanxue["original"] is True and kanxue["image"].startswith("https://mmbiz.qpic.cn/")
    for front, body in posts:
        assert "微信扫一扫" not in body and "轻点两下取消赞" not in body and "![]()" not in body
        assert f"# {front['title']}" not in body  # the title is in the front matter, once
    skipped = {Path(r["source"]).name: r["reason"] for r in rows if r["status"] == "skipped"}
    assert skipped == {"daily.md": "link list", "pick.md": "link list"}
    assert [r["reason"] for r in rows if r["status"] == "list"] == ["30 articles listed"]


def test_wechatdownload_bylines_covers_and_dated_names(tmp_path: Path):
    site, rows, result = _migrate(tmp_path, "mundane799699__gefei_mp_export")
    assert result.exit_code == 0, result.output
    posts = _posts(site)
    for front, body in posts:
        assert "javascript:void" not in body and "\\x0a" not in body and not body.rstrip().endswith("收藏")
        assert not str(front["title"])[:8].isdigit()
    work = [f for f, _ in posts if f["title"] == "把工作当做自己的作品"][0]
    assert work["author"] == "我是哥飞" and work["account"] == "哥飞" and work["original"] is True
    assert work["image"].startswith("/assets/img/posts/") and (site / work["image"].lstrip("/")).is_file()
    picture = [b for f, b in posts if str(f["title"]).startswith("因为今天白天有事")][0]  # a text post, `\x0a` lines
    assert "导致的。  \n也就是说" in picture  # the author's line breaks stay line breaks (hard breaks)
    assert "wx_fmt=png&from=appmsg)" in picture and "x26" not in picture  # `\\x26amp;` in the image URL is its `&`
    skipped = {Path(r["source"]).name: r["reason"] for r in rows if r["status"] == "skipped"}
    assert skipped["readme.md"] == "README"
    assert skipped["20240720150140title.md"] == skipped["20240720150610title.md"] == "page UI only"
    assert sum(r["status"] == "asset" for r in rows) == 27  # the covers in 封面/


def test_exporter_markdown_head_becomes_front_matter(tmp_path: Path):
    site, rows, result = _migrate(tmp_path, "nanhongchuan__opendatalab-wechat-article-skills")
    assert result.exit_code == 0, result.output
    from_md = [r for r in rows if r["source"].endswith(".md")]
    assert len(from_md) == 32 and all(r["status"] == "written" for r in from_md)
    posts = {f["title"]: (f, b) for f, b in _posts(site)}
    front, body = posts["MinerU 新版本发布，API内测开放申请，诚邀开发者共建"]
    assert front["author"] == "MinerU" and front["account"] == "OpenDataLab" and front["original"] is True
    assert str(front["date"]).startswith("2024-11-08 16:46")
    assert front["source"] == "https://mp.weixin.qq.com/s/_DXuYAXBvUnzfFIvFztk5A"
    assert "margin: 0" not in body and "原文地址" not in body and "=====" not in body
    titles = [r["source"] for r in rows if r["shape"] == "list"]
    assert len(titles) == 345 - 32 + 1  # the list's other articles come from its text, and the list itself


def test_listed_articles_not_in_the_archive_are_reported_not_fetched(tmp_path: Path):
    site, rows, result = _migrate(tmp_path, "haosizheng__wechat-article-god")
    assert result.exit_code == 0, result.output
    missing = [r for r in rows if r["status"] == "missing"]
    assert len(missing) == 135 and all("not in the archive" in r["reason"] for r in missing)
    assert len(_posts(site)) == 3  # from the JSON arrays and the CSV, each article once
    assert {r["status"] for r in rows if "articles_detailed" in r["source"]} <= {"written", "duplicate"}
    assert "135 not in the archive" in result.output


def test_migrated_real_archives_build_with_jekyll(tmp_path: Path):
    if shutil.which("jekyll") is None:
        pytest.skip("jekyll is not installed")
    import subprocess

    for name in ("chainreactors__picker", "mundane799699__gefei_mp_export"):
        site, _, _ = _migrate(tmp_path / name, name)
        (site / "_config.yml").write_text("title: check\ntimezone: Asia/Shanghai\n", encoding="utf-8")
        built = subprocess.run(["jekyll", "build", "--strict_front_matter", "--disable-disk-cache", "-s", str(site),
                                "-d", str(tmp_path / name / "out")], capture_output=True, text=True, timeout=600)
        assert built.returncode == 0, built.stdout + built.stderr
        assert "javascript:void" not in "".join(p.read_text(encoding="utf-8")
                                                for p in (tmp_path / name / "out").rglob("*.html"))


def test_every_migrated_post_builds_even_with_liquid_in_its_text(tmp_path: Path):
    """Issue 14 item 10: a lone `{% raw %}`/`{% endraw %}`, a Hexo tag, `{{ … }}` in text; the build succeeds
    and the reader sees the text as written. A crawler's export is WeChat text, where even Jekyll's own
    `{{ page.title }}` and `{% include %}` (which would fail the build) are words, not Liquid."""
    if shutil.which("jekyll") is None:
        pytest.skip("jekyll is not installed")
    import subprocess

    texts = ["一个没有结尾的 {% raw %} 留在正文里。", "结尾 {% endraw %} 没有开头。",
             "Hexo 的标签 {% asset_img a.png 图 %} 和模板 {{ site.title }}。"]
    (tmp_path / "arch").mkdir()
    for n, text in enumerate(texts):
        (tmp_path / "arch" / f"p{n}.md").write_text(f"---\ntitle: 第{n}篇\ndate: 2020-01-0{n + 1}\n---\n\n{text}\n",
                                                    encoding="utf-8")
    crawled = "段落里的 {{ page.title }} 和 {% include wechat.html %} 都是文字，{% endraw %} 也是。"
    (tmp_path / "arch" / "crawled.md").write_text(
        "---\ntitle: 抓取的文章\nurl: https://mp.weixin.qq.com/s/AbCdEfGhIjKlMnOpQrStUv\nsource: 某公众号\n"
        f"date: 2020-01-09\nfetch_date: 2024-05-02T10:00:00\n---\n\n{crawled}\n", encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(tmp_path / "arch"), "--site", str(site), "--no-download", "-j", "1")
    assert result.exit_code == 0, result.output
    (site / "_config.yml").write_text("title: check\n", encoding="utf-8")
    built = subprocess.run(["jekyll", "build", "--disable-disk-cache", "-s", str(site), "-d", str(tmp_path / "out")],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    import html
    import re

    pages = {p.stem: html.unescape(re.sub(r"<[^>]+>", "", p.read_text(encoding="utf-8")))
             for p in (tmp_path / "out").rglob("*.html")}
    assert "一个没有结尾的 {% raw %} 留在正文里。" in pages["di-0-pian"]
    assert "结尾 {% endraw %} 没有开头。" in pages["di-1-pian"]
    assert crawled in pages["zhua-qu-de-wen-zhang"]
