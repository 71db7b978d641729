"""`wx2md normalize` end to end: exit codes, output lines, diffs, renames, images."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from wx2md.cli import main

DIRTY = "---\ntitle: t\ndate: Thu, 23 Jun 2022 02:32:25 GMT\n---\n\n## **标题**\n\n正文\n"
CLEAN = "---\nlayout: post\ntitle: t\ndate: 2022-06-23 10:32:25 +0800\n---\n\n## 标题\n\n正文\n"


@pytest.fixture
def site(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "blog"
    (root / "_posts").mkdir(parents=True)
    monkeypatch.chdir(root)
    return root


def post(site: Path, name: str, text: str, mode: int = 0o644) -> Path:
    path = site / "_posts" / name
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def invoke(*args: str):
    return CliRunner().invoke(main, ["normalize", *args])


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def test_fixes_in_place_one_line_per_changed_file_exit_1_then_0(site: Path):
    dirty = post(site, "2022-06-23-a.md", DIRTY)
    clean = post(site, "2022-06-23-b.md", CLEAN)
    result = invoke(str(dirty), str(clean))
    assert result.exit_code == 1
    assert result.output == "normalized _posts/2022-06-23-a.md\n"
    assert dirty.read_text(encoding="utf-8") == CLEAN
    assert dirty.stat().st_mode & 0o777 == 0o644  # still readable by the web server
    again = invoke(str(dirty), str(clean))
    assert again.exit_code == 0 and again.output == ""


def test_check_and_diff_write_nothing(site: Path):
    dirty = post(site, "2022-06-23-a.md", DIRTY)
    check = invoke("--check", str(dirty))
    assert check.exit_code == 1 and check.output == "would normalize _posts/2022-06-23-a.md\n"
    diff = invoke("--diff", str(dirty))
    assert diff.exit_code == 1
    assert "--- a/_posts/2022-06-23-a.md\n+++ b/_posts/2022-06-23-a.md\n" in diff.output
    assert "-## **标题**\n+## 标题\n" in diff.output and "+layout: post\n" in diff.output
    assert dirty.read_text(encoding="utf-8") == DIRTY


def test_errors_exit_2_name_the_file_and_the_batch_goes_on(site: Path):
    bad = post(site, "2022-06-23-bad.md", "---\ntitle: [oops\n---\nx\n")
    dirty = post(site, "2022-06-23-a.md", DIRTY)
    binary = site / "_posts" / "2022-06-23-gbk.md"
    binary.write_bytes("---\ntitle: 标题\n---\n".encode("gbk"))
    result = invoke(str(bad), str(dirty), str(binary))
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert any(line.startswith(f"wx2md: error: {bad}: front matter is not valid YAML") for line in lines)
    assert any(line.startswith(f"wx2md: error: {binary}: not valid UTF-8") for line in lines)
    assert "normalized _posts/2022-06-23-a.md" in lines
    assert "Traceback" not in result.output
    assert bad.read_text(encoding="utf-8") == "---\ntitle: [oops\n---\nx\n"


def test_lost_text_is_refused_and_the_file_kept(site: Path, monkeypatch):
    from wx2md.normalize import body

    monkeypatch.setattr(body, "repair", lambda text, **_: text.replace("正文", "正"))
    dirty = post(site, "2022-06-23-a.md", DIRTY)
    result = invoke(str(dirty))
    assert result.exit_code == 2
    assert f"wx2md: error: {dirty}: refusing to write, the rendered text would change at line 8: '标题正文' would read '标题正'" in result.output
    assert dirty.read_text(encoding="utf-8") == DIRTY


def test_bad_names_are_reported_and_renamed(site: Path):
    spaced = post(site, "2022-06-23-My Post.md", CLEAN)
    encoded = post(site, "2022-06-24-%E4%B8%AD%E6%96%87.md", CLEAN.replace("2022-06-23 ", "2022-06-24 "))
    capital = post(site, "2022-06-25-My-Post.md", CLEAN.replace("2022-06-23 ", "2022-06-25 "))
    report = invoke(str(spaced), str(encoded), str(capital))
    assert report.exit_code == 0  # nothing changed: a warning, said once, never a failed hook
    warnings = [line for line in report.output.splitlines() if line.startswith("wx2md: warning:")]
    assert len(warnings) == 1 and warnings[0].startswith("wx2md: warning: 2 post names Jekyll would skip or garble: ")
    assert "_posts/2022-06-23-My Post.md (spaces in the name -> 2022-06-23-my-post.md)" in warnings[0]
    assert "percent-encoded" in warnings[0] and "2022-06-24-zhong-wen.md" in warnings[0] and "My-Post" not in warnings[0]
    assert invoke("--check", str(spaced)).exit_code == 0
    capital.unlink()
    renamed = invoke("--rename", str(spaced), str(encoded))
    assert renamed.exit_code == 1
    assert sorted(p.name for p in (site / "_posts").iterdir()) == ["2022-06-23-my-post.md", "2022-06-24-zhong-wen.md"]
    assert "renamed _posts/2022-06-23-My Post.md -> _posts/2022-06-23-my-post.md" in renamed.output
    assert invoke(*(str(p) for p in (site / "_posts").iterdir())).exit_code == 0


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_undated_post_gets_its_first_commit_date_and_git_mv(site: Path):
    git(site, "init", "-q")
    git(site, "config", "user.email", "t@example.com")
    git(site, "config", "user.name", "t")
    undated = post(site, "Notes.md", "# 笔记\n\n正文\n")
    git(site, "add", ".")
    env = {**os.environ, "GIT_AUTHOR_DATE": "2021-05-06T01:02:03+00:00", "GIT_COMMITTER_DATE": "2021-05-06T01:02:03+00:00"}
    subprocess.run(["git", "commit", "-qm", "notes"], cwd=site, check=True, env=env)
    result = invoke("--rename", str(undated))
    assert result.exit_code == 1, result.output
    target = site / "_posts" / "2021-05-06-notes.md"
    assert target.read_text(encoding="utf-8").startswith(
        "---\nlayout: post\ntitle: 笔记\ndate: '2021-05-06 09:02:03'\n---\n\n# 笔记\n")  # no timezone: a wall time, as convert writes it
    assert git(site, "status", "--short").startswith("RM _posts/Notes.md -> _posts/2021-05-06-notes.md")  # staged rename, fixed text


def test_no_date_anywhere_is_flagged(site: Path):
    undated = post(site, "notes.md", "---\ntitle: t\n---\n\nx\n")
    result = invoke("--check", str(undated))
    assert result.exit_code == 1  # the front matter would change (layout), not the name
    assert "_posts/notes.md (no YYYY-MM-DD- date at the start of the name (Jekyll skips the post), add a date: to rename it)" \
        in result.output
    renamed = invoke("--rename", str(undated))
    assert renamed.exit_code == 2 and "cannot rename without a date" in renamed.output


def test_site_settings_choose_the_cover_key(site: Path):
    (site / "_config.yml").write_text("wx2md:\n  cover_key: header-img\n", encoding="utf-8")
    path = post(site, "2022-06-23-a.md", "---\ntitle: t\nheadimg: /img/a.jpg\n---\n\nx\n")
    assert invoke(str(path)).exit_code == 1
    assert "header-img: img/a.jpg\n" in path.read_text(encoding="utf-8")


# ------------------------------------------------------------------ images


@pytest.fixture
def httpserver(httpserver_ipv4):
    return httpserver_ipv4


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def test_no_network_without_download_images(site: Path, httpserver):
    url = httpserver.url_for("/mmbiz_png/a/640")
    path = post(site, "2022-06-23-a.md", CLEAN + f"\n![]({url})\n")
    assert invoke(str(path)).exit_code == 0
    assert len(httpserver.log) == 0


def test_download_images_stores_them_as_convert_does(site: Path, httpserver, monkeypatch):
    from wx2md.normalize import images

    monkeypatch.setattr(images, "WECHAT_HOSTS", images.WECHAT_HOSTS + ("127.0.0.1",))
    httpserver.expect_request("/mmbiz_png/a/640").respond_with_data(png(), content_type="image/jpeg")
    httpserver.expect_request("/cover.jpg").respond_with_data(png(), content_type="image/png")
    url = httpserver.url_for("/mmbiz_png/a/640")
    other = "https://example.com/own.png"
    text = (f"---\ntitle: t\nimage: {httpserver.url_for('/cover.jpg')}\n---\n\n"
            f"<img data-src=\"{url}\" style=\"x\">\n\n![]({other})\n")
    path = post(site, "2022-06-23-my-post.md", text)
    result = invoke("--download-images", str(path))
    assert result.exit_code == 1, result.output
    folder = site / "assets" / "img" / "posts" / "my-post"
    assert sorted(p.name for p in folder.iterdir()) == [".wx2md-images.json", "001.png", "cover.png"]
    out = path.read_text(encoding="utf-8")
    assert "image: /assets/img/posts/my-post/cover.png\n" in out
    assert "![](/assets/img/posts/my-post/001.png)\n" in out
    assert f"![]({other})" in out  # not a WeChat image: left alone
    requests_before = len(httpserver.log)
    assert invoke("--download-images", str(path)).exit_code == 0  # nothing left to do, nothing fetched
    assert len(httpserver.log) == requests_before


def test_a_failed_image_keeps_its_url_and_warns(site: Path, httpserver, monkeypatch):
    from wx2md.normalize import images

    monkeypatch.setattr(images, "WECHAT_HOSTS", images.WECHAT_HOSTS + ("127.0.0.1",))
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    url = httpserver.url_for("/gone")
    path = post(site, "2022-06-23-a.md", CLEAN + f"\n![]({url})\n")
    result = invoke("--download-images", str(path))
    assert result.exit_code == 0
    assert f"wx2md: warning: _posts/2022-06-23-a.md: image not downloaded, kept remote: {url}" in result.output
    assert f"![]({url})" in path.read_text(encoding="utf-8")


def test_download_images_leaves_a_post_without_wechat_images_alone(site: Path):
    text = "---\nlayout: post\ntitle:    aligned   # a comment\ndate: 2022-06-23 10:32:25 +0800\n---\n\n![](https://example.com/a.png)\n"
    path = post(site, "2022-06-23-a.md", text)
    assert invoke("--download-images", str(path)).exit_code == 0
    assert path.read_text(encoding="utf-8") == text


def test_a_folder_stands_for_its_posts(site: Path):
    post(site, "2022-06-23-a.md", DIRTY)
    post(site, "2022-06-23-b.markdown", CLEAN)
    (site / "_posts" / "notes.txt").write_text("<div style='x'>x</div>\n", encoding="utf-8")
    result = invoke("--check", "_posts")
    assert result.exit_code == 1 and result.output == "would normalize _posts/2022-06-23-a.md\n"


def test_the_site_is_found_from_a_folder_too(site: Path, tmp_path: Path, monkeypatch):
    (site / "_config.yml").write_text("wx2md:\n  cover_key: header-img\n", encoding="utf-8")
    path = post(site, "2022-06-23-a.md", "---\ntitle: t\nheadimg: /img/a.jpg\n---\n\nx\n")
    monkeypatch.chdir(tmp_path)
    assert invoke(str(site / "_posts")).exit_code == 1
    assert "header-img: img/a.jpg\n" in path.read_text(encoding="utf-8")


def test_download_images_on_a_project_site_with_a_baseurl(site: Path, httpserver, monkeypatch):
    from wx2md.normalize import images

    monkeypatch.setattr(images, "WECHAT_HOSTS", images.WECHAT_HOSTS + ("127.0.0.1",))
    (site / "_config.yml").write_text("baseurl: /blog\nwx2md:\n  cover_key: header-img\n", encoding="utf-8")
    httpserver.expect_request("/a").respond_with_data(png(), content_type="image/png")
    url = httpserver.url_for("/a")
    path = post(site, "2022-06-23-p.md", f"---\ntitle: t\nheadimg: {url}\n---\n\n![图]({url})\n")
    assert invoke("--download-images", str(path)).exit_code == 1
    out = path.read_text(encoding="utf-8")
    assert "header-img: assets/img/posts/p/001.png\n" in out  # one file for the same picture; Hux: relative
    assert "![图](/blog/assets/img/posts/p/001.png)\n" in out  # body links carry it


def test_name_rules_follow_jekylls():
    from wx2md.normalize.names import fixed_name, problems

    assert problems("2020-1-5-x.md") == []  # Jekyll reads single-digit months and days
    assert problems("2020-01-05-%E4%B8%AD.md") == [
        "percent-encoded name (Jekyll does not decode it: the URL comes out garbled)"]
    assert problems("2020-13-45-bad.md") == ["no YYYY-MM-DD- date at the start of the name (Jekyll skips the post)"]
    assert fixed_name("2020-01-05-%E4%B8%AD%E6%96%87.md", when=None) == "2020-01-05-zhong-wen.md"
    assert fixed_name("My Notes.markdown", when=None) is None


def test_a_bug_on_one_file_is_one_line_and_the_rest_goes_on(site: Path, monkeypatch):
    from wx2md.normalize import body

    def boom(text: str, **_) -> str:
        if "炸" in text:
            raise RuntimeError("boom")
        return text

    monkeypatch.setattr(body, "repair", boom)
    bad = post(site, "2022-06-23-a.md", CLEAN + "炸\n")
    good = post(site, "2022-06-23-b.md", DIRTY.replace("## **标题**", "## 标题"))
    result = invoke(str(bad), str(good))
    assert result.exit_code == 2
    assert f"wx2md: error: {bad}: internal error: RuntimeError: boom" in result.output
    assert "normalized _posts/2022-06-23-b.md" in result.output and "Traceback" not in result.output


def test_bad_site_settings_exit_2(site: Path):
    (site / "_config.yml").write_text("timezone: Mars/Base\n", encoding="utf-8")
    path = post(site, "2022-06-23-a.md", CLEAN)
    result = invoke(str(path))
    assert result.exit_code == 2 and "wx2md: error:" in result.output and "Mars/Base" in result.output


def test_an_export_tools_id_as_file_name_gives_way_to_the_title():
    from datetime import date

    from wx2md.normalize.names import fixed_name

    when = date(2020, 11, 26)
    assert fixed_name("000_74aac03e2311e7c9.md", when=when, title="企业行02 旷视") == "2020-11-26-qi-ye-xing-02-kuang-shi.md"
    assert fixed_name("My Post.md", when=when, title="企业行02 旷视") == "2020-11-26-my-post.md"
