"""What a person migrating their own archive expects (issue 14): nothing lost, nothing misread.

Small archives written here, one behaviour each: the best copy wins, identity is never
a title or an account name, unknown front matter survives, every file is accounted
for, list entries are not fetched unless asked, and the site's own trouble is one line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_migrate_helpers import archive, posts, report, run

LONG = "https://mp.weixin.qq.com/s?__biz=MzA5MTIzNDU2Nw==&mid=2247480001&idx=1&sn=abc"


def _page_with_images(folder: Path, name: str, a, held: int) -> None:
    """A saved page of article `a` holding `held` of its three pictures in `NAME_files/`."""
    (folder / f"{name}_files").mkdir(parents=True)
    images = []
    for n in range(3):
        remote = f"https://mmbiz.qpic.cn/mmbiz_png/best{n}/640?wx_fmt=png"
        if n < held:
            (folder / f"{name}_files" / f"{n}.png").write_bytes(archive.png((n * 40, 9, 9)))
            images.append(f'data-src="{remote}" src="./{name}_files/{n}.png"')
        else:
            images.append(f'data-src="{remote}"')
    (folder / f"{name}.html").write_text(archive.server_page(a, images), encoding="utf-8")


def test_the_copy_with_more_local_images_wins(tmp_path: Path):
    a = archive.article(1)
    _page_with_images(tmp_path / "arch", "a-browser-copy", a, held=1)
    _page_with_images(tmp_path / "arch", "b-complete-copy", a, held=3)
    site = tmp_path / "site"
    result = run(str(tmp_path / "arch"), "--site", str(site), "--no-download", "-j", "1",
                 "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    rows = {Path(r["source"]).name: r for r in report(tmp_path / "r.json")}
    assert rows["a-browser-copy.html"]["status"] == "duplicate"
    assert "b-complete-copy.html" in rows["a-browser-copy.html"]["reason"]
    assert rows["b-complete-copy.html"]["status"] == "written"
    (front, body), = posts(site).values()
    assert body.count("/assets/img/posts/") == 3


def test_an_account_in_source_and_same_titles_never_make_one_article(tmp_path: Path):
    for n in range(3):
        (tmp_path / f"a{n}.md").write_text(
            f"---\ntitle: 同名标题\nsource: 看雪学院\ndate: 2022-10-13\nfetch_date: 2024-05-02T10:00:00\n"
            f"url: {LONG.replace('idx=1', f'idx={n + 1}')}\n---\n\n第{n}篇不同的正文，内容彼此不同，足够长的一段话。\n",
            encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(tmp_path), "--site", str(site), "--no-download", "-j", "1", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    found = posts(site)
    assert len(found) == 3
    for front, _ in found.values():
        assert front["account"] == "看雪学院" and front["source"].startswith("https://mp.weixin.qq.com/s?__biz=")
        assert front["fetch_date"] == "2024-05-02T10:00:00"


def test_list_rows_sharing_a_title_stay_separate(tmp_path: Path):
    rows = [{"aid": f"22474800{n}_1", "title": "重名的文章", "link": f"https://mp.weixin.qq.com/s/row{n}",
             "create_time": 1600000000 + n * 86400, "content": f"第{n}行自己的正文，内容各不相同，长度足够。"}
            for n in range(2)]
    (tmp_path / "list.json").write_text(json.dumps({"app_msg_list": rows}, ensure_ascii=False), encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(tmp_path), "--site", str(site), "--no-download", "-j", "1", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    bodies = sorted((f["source"], b) for f, b in posts(site).values())
    assert [s for s, _ in bodies] == ["https://mp.weixin.qq.com/s/row0", "https://mp.weixin.qq.com/s/row1"]
    assert "第0行" in bodies[0][1] and "第1行" in bodies[1][1]
    assert all("from list text" in r["reason"] for r in report(tmp_path / "r.json"))


def test_every_file_is_in_the_report_and_skipped_kinds_exit_0(tmp_path: Path):
    a, b = archive.article(1), archive.article(2)
    arch = tmp_path / "arch"
    arch.mkdir()
    (arch / ".NET 介绍.md").write_text("---\ntitle: 点开头的文件\ndate: 2020-01-02\n---\n\n正文一段。\n", encoding="utf-8")
    (arch / "saved-page").write_text(archive.server_page(a), encoding="utf-8")  # no extension
    (arch / "README.md").write_text("# 我的存档\n", encoding="utf-8")
    (arch / "index.html").write_text("<html><body>" + "".join(f'<a href="p{n}.html">文章{n}</a>' for n in range(12))
                                     + "</body></html>", encoding="utf-8")
    (arch / "daily.md").write_text("# 每日\n\n" + "".join(f"- [文章{n}](https://mp.weixin.qq.com/s/x{n})\n"
                                                          for n in range(5)), encoding="utf-8")
    (arch / "ui.md").write_text("：  ，  。  视频  小程序  赞  ，轻点两下取消赞  在看  ，轻点两下取消在看\n", encoding="utf-8")
    (arch / "dump.json").write_text(json.dumps([{"title": b.title, "content": b.text, "publish_time": "2021-03-03 10:00",
                                                 "url": "https://mp.weixin.qq.com/s/dumped"}], ensure_ascii=False,
                                               indent=2), encoding="utf-8")
    _mhtml(arch / "copy.mhtml", archive.article(3))
    site = tmp_path / "site"
    result = run(str(arch), "--site", str(site), "--no-download", "-j", "1", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    rows = {Path(r["source"].split(":")[0]).name: r for r in report(tmp_path / "r.json", files=True)}
    assert {n: rows[n]["status"] for n in (".NET 介绍.md", "saved-page", "dump.json", "copy.mhtml")} == dict.fromkeys(
        (".NET 介绍.md", "saved-page", "dump.json", "copy.mhtml"), "written")
    assert {n: rows[n]["reason"] for n in ("README.md", "index.html", "daily.md", "ui.md")} == {
        "README.md": "README", "index.html": "site index page", "daily.md": "link list", "ui.md": "page UI only"}
    mhtml_post = [b for f, b in posts(site).values() if f["title"] == archive.article(3).title][0]
    assert "/assets/img/posts/" in mhtml_post  # its picture came out of the single file


def _mhtml(path: Path, a) -> None:
    import base64

    remote = "https://mmbiz.qpic.cn/mmbiz_png/mhtml1/640?wx_fmt=png"
    page = archive.server_page(a, [f'data-src="{remote}" src="{remote}"'])
    png = base64.b64encode(archive.png((1, 2, 3))).decode("ascii")
    path.write_text(
        "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n"
        ' type="text/html"; boundary="B"\r\n\r\n--B\r\nContent-Type: text/html\r\n'
        "Content-Transfer-Encoding: 8bit\r\nContent-Location: https://mp.weixin.qq.com/s/mhtml\r\n\r\n"
        f"{page}\r\n--B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        f"Content-Location: {remote}\r\n\r\n{png}\r\n--B--\r\n", encoding="utf-8")


def test_listed_articles_are_fetched_only_when_asked(tmp_path: Path):
    rows = [{"title": f"不在存档里{n}", "link": f"https://mp.weixin.qq.com/s/gone{n}", "date": "2025-06-04"}
            for n in range(4)]
    (tmp_path / "ArticleList.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(tmp_path), "--site", str(site), "-j", "1", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    got = report(tmp_path / "r.json")
    assert [r["status"] for r in got] == ["missing"] * 4 and "--fetch-missing" in got[0]["reason"]
    assert "4 not in the archive" in result.output


def test_without_report_the_summary_names_the_one_written(tmp_path: Path):
    archive.saved_pages(tmp_path / "arch", [archive.article(1)])
    site = tmp_path / "site"
    result = run(str(tmp_path / "arch"), "--site", str(site), "--no-download", "-j", "1")
    assert result.exit_code == 0, result.output
    named = Path(result.output.strip().splitlines()[-1].split(" -> ")[1])
    assert named.parent == site / ".wx2md" and named.name.startswith("report-") and named.is_file()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_site_is_one_line_and_exit_9(tmp_path: Path):
    archive.saved_pages(tmp_path / "arch", [archive.article(1)])
    site = tmp_path / "site"
    site.mkdir()
    site.chmod(0o555)
    try:
        result = run(str(tmp_path / "arch"), "--site", str(site), "--no-download", "-j", "1")
    finally:
        site.chmod(0o755)
    assert result.exit_code == 9 and "Traceback" not in result.output and "cannot write the site" in result.output


def test_a_read_only_site_in_a_subprocess_is_exit_9(tmp_path: Path, monkeypatch):
    """As root, chmod does not stop writes: the manifest's folder is made unwritable by a file in its way."""
    archive.saved_pages(tmp_path / "arch", [archive.article(1)])
    site = tmp_path / "site"
    site.mkdir()
    (site / ".wx2md").write_text("not a folder", encoding="utf-8")
    result = run(str(tmp_path / "arch"), "--site", str(site), "--no-download", "-j", "1")
    assert result.exit_code == 9, result.output
    assert "cannot write the site" in result.output and "internal error" not in result.output


def test_no_download_fetches_no_page(tmp_path: Path, httpserver):
    httpserver.expect_request("/s/art1").respond_with_data(archive.server_page(archive.article(1)),
                                                           content_type="text/html; charset=utf-8")
    (tmp_path / "urls.txt").write_text(httpserver.url_for("/s/art1") + "\n", encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(tmp_path / "urls.txt"), "--site", str(site), "--no-download", "-j", "1",
                 "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    assert not httpserver.log and not posts(site)
    assert [r["status"] for r in report(tmp_path / "r.json")] == ["not-fetched"]


def test_unknown_front_matter_of_any_type_is_carried_through(tmp_path: Path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: 键值\ndate: 2024-05-01 10:00:00 +0800\nwhen: 2024-05-02T10:00:00\nday: 2024-05-02\n"
        "listed: [a, 2024-05-03, 1.5]\nnothing: null\nnested: {a: 2024-05-02T10:00:00Z, b: [1, 2]}\n---\n\n正文一段。\n",
        encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(tmp_path / "a.md"), "--site", str(site), "--no-download", "-j", "1")
    assert result.exit_code == 0, result.output
    (front, _), = posts(site).values()
    assert str(front["when"]).startswith("2024-05-02 10:00:00") and str(front["day"]) == "2024-05-02"
    assert front["nothing"] is None and front["listed"][0] == "a" and front["nested"]["b"] == [1, 2]


def test_a_sites_own_pages_are_skipped_not_failed(tmp_path: Path):
    (tmp_path / "_layouts").mkdir()
    (tmp_path / "_layouts" / "post.html").write_text("<html><body>{{ content }}</body></html>", encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(tmp_path / "_layouts"), "--site", str(site), "--no-download", "-j", "1",
                 "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    assert [(r["status"], r["reason"]) for r in report(tmp_path / "r.json")] == [("skipped", "not a WeChat page")]


def test_an_unreadable_archive_image_is_linked_as_the_archive_had_it(tmp_path: Path):
    (tmp_path / "arch" / "p_files").mkdir(parents=True)
    (tmp_path / "arch" / "p_files" / "2.png").write_bytes(b"not an image")
    (tmp_path / "arch" / "p.html").write_text(archive.server_page(archive.article(1), ['src="./p_files/2.png"']),
                                              encoding="utf-8")
    site = tmp_path / "site"
    run(str(tmp_path / "arch"), "--site", str(site), "--no-download", "-j", "1")
    (front, body), = posts(site).values()
    assert "wx2md.invalid" not in body and "![](p_files/2.png)" in body


def test_the_lists_time_of_day_when_the_page_shows_only_the_day(tmp_path: Path):
    (tmp_path / "list.csv").write_text(f"title,url,time\n题目,{LONG},2022-10-13 11:19\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(f"---\ntitle: 题目\nurl: {LONG}\nsource: 某号\ndate: 2022-10-13\n---\n\n正文。\n",
                                   encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(tmp_path), "--site", str(site), "--no-download", "-j", "1")
    assert result.exit_code == 0, result.output
    (front, _), = posts(site).values()
    assert str(front["date"]).startswith("2022-10-13 11:19")


@pytest.mark.parametrize("indent", [None, 2])
def test_an_archives_own_index_of_links_is_a_list_never_fetched(tmp_path: Path, indent):
    index = {f"https://mp.weixin.qq.com/s/idx{n}": f"标题{n}" for n in range(50)}
    (tmp_path / "data.json").write_text(json.dumps(index, ensure_ascii=False, indent=indent), encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(tmp_path), "--site", str(site), "-j", "1", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    assert [r["status"] for r in report(tmp_path / "r.json")] == ["missing"] * 50
