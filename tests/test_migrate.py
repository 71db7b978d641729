"""`wx2md migrate` over a mixed archive built here: every shape, the seeds and the real pages."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from test_migrate_helpers import PAGES, SEEDS, archive, by_title, posts, report, run


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """One archive of every shape, migrated once with two worker processes."""
    root = tmp_path_factory.mktemp("archive")
    arts = [archive.article(n) for n in range(40)]
    shapes = {
        "saved": archive.saved_pages(root / "saved", arts[0:3]),
        "exporter": archive.exporter_archive(root / "exporter", arts[3:6]),
        "xlsx": archive.exporter_archive(root / "exporter-xlsx", arts[6:8], list_format="xlsx"),
        "exporter-md": archive.exporter_markdown(root / "exporter-md", arts[8:10]),
        "mp": archive.mp_backend_lists(root / "mp", arts[10:16]),
        "csv": archive.csv_list(root / "csvlist", arts[16:20]),
        "converter": archive.converter_markdown(root / "converter", arts[20:22]),
        "dumps": archive.dumps(root / "dumps", arts[22:28]),
    }
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    site = tmp_path_factory.mktemp("site")
    sources = [str(root)] + ([str(PAGES)] if PAGES.is_dir() else [])
    result = run(*sources, "--site", str(site), "--no-download", "-j", "2", "--default-date", "2019-01-01",
                 "--report", str(site.parent / "report.json"))
    return site, shapes, result, report(site.parent / "report.json")


def _one(site: Path, article) -> tuple[str, dict, str]:
    found = by_title(site).get(article.title, [])
    assert len(found) == 1, (article.title, [f[0] for f in found])
    return found[0]


def test_every_generated_article_is_one_post_with_its_date_and_link(migrated):
    site, shapes, result, _ = migrated
    assert result.exit_code in (0, 5), result.output  # 5: the real error pages are unavailable
    for name, articles in shapes.items():
        for a in articles:
            file, front, body = _one(site, a)
            assert file.startswith(f"{a.when:%Y-%m-%d}-"), (name, file)
            if name not in ("converter", "dumps"):  # the shapes that carry no link
                assert front["source"] == a.url, name
            if name not in ("converter", "exporter-md", "csv", "dumps"):
                assert front["date"] == f"{a.when:%Y-%m-%d %H:%M:%S}", name  # no `timezone:`: no offset
            assert f"编号{a.n:05d}" in body, name


def test_exporter_folders_get_the_lists_metadata_and_their_local_images(migrated):
    site, shapes, _, _ = migrated
    for a in shapes["exporter"]:
        _, front, body = _one(site, a)
        assert front["author"] == f"作者{a.n}" and front["subtitle"] == f"摘要{a.n}"
        assert front["tags"] == ["迁移合集"] and front["original"] is True
        link = next(line for line in body.splitlines() if line.startswith("![]("))[4:-1]
        assert link.startswith("/assets/img/posts/") and link.endswith(".png")
        assert (site / link.lstrip("/")).read_bytes() == archive.png((30, 30, 200))
    for a in shapes["xlsx"]:  # the spreadsheet list joins the same way
        _, front, _ = _one(site, a)
        assert front["author"] == f"作者{a.n}" and front["original"] is True


def test_saved_pages_use_their_NAME_files_copy_instead_of_fetching(migrated):
    site, shapes, _, _ = migrated
    for a in shapes["saved"]:
        _, _, body = _one(site, a)
        assert "mmbiz.qpic.cn" not in body and "/assets/img/posts/" in body  # held by the archive: copied


def test_markdown_exports_and_converter_output(migrated):
    site, shapes, _, _ = migrated
    for a in shapes["exporter-md"]:
        _, front, body = _one(site, a)
        assert "原文地址" not in body and not body.lstrip().startswith("# ")
        assert front["author"] == f"作者{a.n}"
    for a in shapes["converter"]:
        file, front, body = _one(site, a)
        assert front["author"] == f"作者{a.n}" and front["account"] == "迁移测试号"
        assert "base64" not in body and body.count("/assets/img/posts/") == 2
        for link in [ln.split("(", 1)[1][:-1] for ln in body.splitlines() if ln.startswith("![](")]:
            assert (site / link.lstrip("/")).is_file()


def test_csv_list_restores_titles_and_unescapes_links(migrated):
    site, shapes, _, _ = migrated
    for a in shapes["csv"]:
        file, front, body = _one(site, a)  # the file names lost 「：」 and 「？」: the list's title wins
        assert "&amp;" not in front["source"] and front["date"].startswith(f"{a.when:%Y-%m-%d}")
        assert "第二段，来自 CSV 列表旁的文件。" in body


def test_mp_backend_lists_date_bodies_that_carry_none(migrated):
    site, shapes, _, rows = migrated
    for a in shapes["mp"]:
        _, front, _ = _one(site, a)
        assert front["date"] == f"{a.when:%Y-%m-%d %H:%M:%S}"
    assert not [r for r in rows if r["source"].endswith("msglist.jsonl")]  # a list (a file row), not an item


def test_dumps_html_and_text_bodies(migrated):
    site, shapes, _, _ = migrated
    bodies = {a.n: _one(site, a)[2] for a in shapes["dumps"]}
    assert "**加粗**" in bodies[23] and "<p>" not in bodies[23]
    assert "第二段。" in bodies[24] and "\n\n第二段。" in bodies[24]  # a blank line parts paragraphs


def test_seed_dump_without_header_or_dates(migrated):
    site, _, _, rows = migrated
    seed_rows = [r for r in rows if "001_" in r["source"]]
    assert len(seed_rows) == 5 and all(r["status"] == "written" for r in seed_rows)
    from_text = [r for r in seed_rows if "taken from the text (2018-08-07)" in r["reason"]]
    assert len(from_text) == 1 and from_text[0]["post"].startswith("_posts/2018-08-07-")
    assert sum("--default-date" in r["reason"] for r in seed_rows) == 4
    front, body = posts(site)[from_text[0]["post"].split("/")[-1]]
    assert front["title"] == "商汤科技领投影谱科技D轮融资 战略合作推动文娱产业技术升级"
    assert body.lstrip().startswith("（2018年8月7日，北京）由全球领先的人工智能平台公司商汤")


def test_seed_markdown_posts_go_through_the_normalizer(migrated):
    _, _, _, rows = migrated
    seed_posts = [r for r in rows if "/seeds/00" in r["source"] and "001_" not in r["source"]]
    assert len(seed_posts) == 4 and all(r["status"] == "written" for r in seed_posts), seed_posts
    hexo = next(r for r in seed_posts if "004_" in r["source"])
    assert hexo["post"].startswith("_posts/2022-06-23-")  # its RFC 2822 date, read by the normalizer


@pytest.mark.skipif(not PAGES.is_dir(), reason="../shared/wechat-pages is absent")
def test_real_pages_written_error_pages_reported(migrated):
    site, _, _, rows = migrated
    real = {Path(r["source"]).name: r for r in rows if r["source"].startswith(str(PAGES))}
    pages = sorted(p.name for p in PAGES.glob("*.html"))
    assert sorted(n for n in real if n.endswith(".html")) == pages
    unavailable = {n for n, r in real.items() if r["status"] == "unavailable"}
    assert unavailable == {"exp-deleted-by-author.html", "exp-temporarily-unavailable.html", "sogou-2018-expired-link.html"}
    assert all(r["status"] == "written" for n, r in real.items() if n.endswith(".html") and n not in unavailable)
    assert real["MANIFEST.tsv"]["status"] == "skipped"  # a table, not a dump


def test_report_covers_every_item_and_summary_line(migrated):
    site, _, result, rows = migrated
    assert {"source", "shape", "status", "post", "reason"} == set(rows[0])
    written = [r for r in rows if r["status"] == "written"]
    assert len(written) == len(posts(site))
    assert all((site / r["post"]).is_file() for r in written)
    assert result.output.strip().splitlines()[-1].startswith(f"migrate: {len(rows)} items: {len(written)} written")


# ------------------------------------------------------------------ duplicates, re-runs, resume


def _small_archive(root: Path):
    arts = [archive.article(n) for n in range(3)]
    archive.saved_pages(root / "saved", arts)
    archive.dumps(root / "dumps", [archive.article(n) for n in range(3, 6)])
    return arts


def test_same_article_twice_is_one_post(tmp_path: Path):
    a = archive.article(7)
    archive.saved_pages(tmp_path / "a", [a])
    archive.exporter_archive(tmp_path / "b", [a])  # the same article, exported: same link in its list
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "copy.html").write_text(archive.server_page(a), encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(tmp_path / "a"), str(tmp_path / "b"), str(tmp_path / "c"), "--site", str(site),
                 "--no-download", "-j", "1", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    rows = report(tmp_path / "r.json")
    assert [r["status"] for r in rows] == ["written", "duplicate", "duplicate"]
    assert rows[1]["post"] == rows[2]["post"] == rows[0]["post"]
    assert len(posts(site)) == 1


def test_same_text_without_links_is_one_post(tmp_path: Path):
    body = "同一篇文章的正文，被两个导出工具各存了一份，没有链接，只有文字本身可以比较。" * 2
    (tmp_path / "one.tsv").write_text(f"标题甲\t{body}\t2020-01-01\n", encoding="utf-8")
    (tmp_path / "two.jsonl").write_text('{"title": "标题乙", "body": "%s", "date": "2020-01-01"}\n' % body,
                                        encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(tmp_path), "--site", str(site), "--no-download", "-j", "1", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    assert sorted(r["status"] for r in report(tmp_path / "r.json")) == ["duplicate", "written"]


def test_rerun_updates_changed_and_skips_unchanged(tmp_path: Path):
    arts = _small_archive(tmp_path / "arch")
    site = tmp_path / "site"
    assert run(str(tmp_path / "arch"), "--site", str(site), "--no-download").exit_code == 0
    before = posts(site)
    page = tmp_path / "arch" / "saved" / "page-00001.html"
    page.write_text(page.read_text(encoding="utf-8").replace("第二段", "改过的第二段"), encoding="utf-8")
    result = run(str(tmp_path / "arch"), "--site", str(site), "--no-download", "--report", str(tmp_path / "r.json"))
    rows = report(tmp_path / "r.json")
    assert result.exit_code == 0
    assert sorted(r["status"] for r in rows) == ["skipped"] * 5 + ["updated"]
    after = posts(site)
    assert after.keys() == before.keys()  # updated in place: no -2 copies
    assert "改过的第二段" in after[next(r["post"] for r in rows if r["status"] == "updated").split("/")[-1]][1]
    assert arts


def test_resume_does_no_work_for_finished_items(tmp_path: Path, monkeypatch):
    _small_archive(tmp_path / "arch")
    site = tmp_path / "site"
    assert run(str(tmp_path / "arch"), "--site", str(site), "--no-download", "-j", "1").exit_code == 0
    stamps = {p: p.stat().st_mtime_ns for p in (site / "_posts").iterdir()}

    def no_work(item):
        raise AssertionError(f"prepared again: {item.source}")

    monkeypatch.setattr("wx2md.migrate.runner._work", no_work)
    result = run(str(tmp_path / "arch"), "--site", str(site), "--no-download", "-j", "1", "--resume",
                 "--report", str(tmp_path / "r.md"))
    assert result.exit_code == 0, result.output
    table = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert table.count("| skipped |") == 6 and "finished in an earlier run" in table
    assert {p: p.stat().st_mtime_ns for p in (site / "_posts").iterdir()} == stamps


def test_resume_retries_failed_items(tmp_path: Path):
    (tmp_path / "arch").mkdir()
    (tmp_path / "arch" / "d.tsv").write_text("无日期的文章\t" + "正文没有任何日期。" * 20 + "\n", encoding="utf-8")
    site = tmp_path / "site"
    first = run(str(tmp_path / "arch"), "--site", str(site), "--no-download")
    assert first.exit_code == 10 and "1 failed" in first.output  # 10: no date, as convert says
    second = run(str(tmp_path / "arch"), "--site", str(site), "--no-download", "--resume", "--default-date", "2017-05-04")
    assert second.exit_code == 0 and "1 written" in second.output
    assert [n for n in posts(site)] and next(iter(posts(site))).startswith("2017-05-04-")


def test_dry_run_writes_nothing(tmp_path: Path):
    _small_archive(tmp_path / "arch")
    site = tmp_path / "site"
    site.mkdir()
    result = run(str(tmp_path / "arch"), "--site", str(site), "--dry-run", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    assert list(site.iterdir()) == []
    assert [r["status"] for r in report(tmp_path / "r.json")] == ["written"] * 6


def test_one_bad_item_never_stops_the_rest(tmp_path: Path):
    _small_archive(tmp_path / "arch")
    (tmp_path / "arch" / "saved" / "broken.html").write_bytes(  # WeChat-ish, yet no article: a failure, not a skip
        b"<html><body>\xff\xfe not a WeChat page, saved from mp.weixin.qq.com</body></html>")
    (tmp_path / "arch" / "saved" / "empty.md").write_text("---\ntitle: [unclosed\n---\nbody\n", encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(tmp_path / "arch"), "--site", str(site), "--no-download", "-j", "2",
                 "--report", str(tmp_path / "r.json"))
    rows = report(tmp_path / "r.json")
    assert result.exit_code == 3, result.output
    failed = {Path(r["source"]).name: r["reason"] for r in rows if r["status"] == "failed"}
    assert set(failed) == {"broken.html", "empty.md"} and all(failed.values())
    assert len(posts(site)) == 6
    assert "Traceback" not in result.output
    assert sum(line.startswith("wx2md: ") and ": failed: " in line for line in result.output.splitlines()) == 2


def test_a_missing_source_is_bad_input_and_the_rest_goes_on(tmp_path: Path):
    _small_archive(tmp_path / "arch")
    site = tmp_path / "site"
    result = run(str(tmp_path / "nope"), str(tmp_path / "arch"), "--site", str(site), "--no-download",
                 "--report", str(tmp_path / "r.md"))
    assert result.exit_code == 3 and len(posts(site)) == 6
    assert "| failed |  | no such file or directory |" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_config_default_date_comes_after_the_text(tmp_path: Path):
    """`default_date:` in _config.yml is the last resort, as the flag is: a date in the text still wins."""
    (tmp_path / "arch").mkdir()
    shutil.copy(next(SEEDS.glob("001_*.txt")), tmp_path / "arch" / "dump.txt")
    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text("wx2md:\n  default_date: 2018-12-31\n", encoding="utf-8")
    result = run(str(tmp_path / "arch"), "--site", str(site), "--no-download", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    names = sorted(posts(site))
    assert sum(n.startswith("2018-08-07-") for n in names) == 1 and sum(n.startswith("2018-12-31-") for n in names) == 4
    assert all("date not in the source" in r["reason"] for r in report(tmp_path / "r.json"))


def test_posts_and_images_readable_by_a_web_server(tmp_path: Path):
    import os as _os

    _small_archive(tmp_path / "arch")
    site = tmp_path / "site"
    old = _os.umask(0o022)
    try:
        assert run(str(tmp_path / "arch"), "--site", str(site), "--no-download", "-j", "2").exit_code == 0
    finally:
        _os.umask(old)
    files = [*(site / "_posts").iterdir(), *(site / "assets").rglob("*.png")]
    assert len(files) >= 9 and all(p.stat().st_mode & 0o644 == 0o644 for p in files)


def test_bad_default_date_is_a_usage_error(tmp_path: Path):
    result = run(str(tmp_path), "--site", str(tmp_path / "site"), "--default-date", "someday")
    assert result.exit_code == 3 and "not a date" in result.output
    assert datetime  # noqa: B018


def test_listed_articles_without_a_body_come_from_the_lists_text(tmp_path: Path, monkeypatch):
    """Nothing is fetched that the archive holds: the exporter's `content` stands in for a missing folder."""
    arts = [archive.article(n) for n in range(3)]
    archive.exporter_archive(tmp_path / "arch", arts)
    import shutil as _shutil

    _shutil.rmtree(next(p for p in (tmp_path / "arch").iterdir() if p.is_dir() and "第2篇" in p.name))
    monkeypatch.setattr("wx2md.source.fetch_page", lambda *a: pytest.fail("fetched an article the archive holds"))
    site = tmp_path / "site"
    result = run(str(tmp_path / "arch"), "--site", str(site), "--no-download", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    rows = report(tmp_path / "r.json")
    assert [(r["shape"], r["status"]) for r in rows] == [("exporter-page", "written")] * 2 + [("list", "written")]
    _, front, body = by_title(site)[arts[2].title][0]
    assert front["source"] == arts[2].url and front["author"] == "作者2" and arts[2].text in body
    assert "\r" not in result.output and "it/s" not in result.output  # no progress bar off a terminal


def test_a_dying_worker_fails_its_items_not_the_run(tmp_path: Path, monkeypatch):
    arts = [archive.article(n) for n in range(12)]
    archive.dumps(tmp_path / "arch", arts)
    import os

    import wx2md.migrate.runner as runner

    real = runner.prepare

    def crashing(item, settings):
        if item.row is not None and item.row.title == arts[1].title:
            os._exit(1)  # a crash in a C library, an OOM kill
        return real(item, settings)

    monkeypatch.setattr(runner, "prepare", crashing)  # workers are forked: they see it too
    site = tmp_path / "site"
    result = run(str(tmp_path / "arch"), "--site", str(site), "--no-download", "-j", "2", "--report", str(tmp_path / "r.json"))
    rows = report(tmp_path / "r.json")
    assert len(rows) == 12 and result.exit_code == 1
    died = [r for r in rows if r["status"] == "failed"]
    assert [r["source"][-10:] for r in died] == ["dump.csv:2"]  # arts[1], the first CSV row: only the culprit
    assert "worker process died" in died[0]["reason"]
    assert len(posts(site)) == 11  # the items in flight with it were tried again in a fresh pool


def test_an_edited_dump_row_updates_its_own_post(tmp_path: Path):
    dump = tmp_path / "arch" / "d.tsv"
    dump.parent.mkdir()
    dump.write_text("标题\t" + "第一版的正文，没有链接。" * 8 + "\t2020-02-02\n", encoding="utf-8")
    site = tmp_path / "site"
    assert run(str(dump.parent), "--site", str(site), "--no-download").exit_code == 0
    dump.write_text("标题\t" + "第二版的正文，改过了。" * 8 + "\t2020-02-02\n", encoding="utf-8")
    result = run(str(dump.parent), "--site", str(site), "--no-download", "--resume", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0 and [r["status"] for r in report(tmp_path / "r.json")] == ["updated"]
    (name, (front, body)), = posts(site).items()  # still one post: the row's own, rewritten
    assert "第二版" in body and "第一版" not in body
