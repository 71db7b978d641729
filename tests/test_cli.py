"""The command line end to end, on the bundled sample page and small hand-written pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLE, SAMPLE_IMAGES, invoke, png_bytes, serve_sample

from wx2md import __version__
from wx2md.errors import ExitCode

DELETED = """<html><head><title></title></head><body><div class="weui-msg"><div class="weui-msg__text-area">
<h2 class="weui-msg__title">该内容已被发布者删除</h2></div></div></body></html>"""


def front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_python_m_wx2md():
    out = subprocess.run([sys.executable, "-m", "wx2md", "--version"], capture_output=True, text=True, check=True)
    assert __version__ in out.stdout


def test_convert_sample_writes_post(tmp_path: Path):
    result = invoke("convert", str(SAMPLE), "--site", str(tmp_path), "--no-download")
    assert result.exit_code == 0, result.output
    posts = list((tmp_path / "_posts").glob("*.md"))
    assert len(posts) == 1
    assert posts[0].name == "2025-11-10-yong-wx2md-ba-gong-zhong-hao-wen-zhang-ban-jin-jekyll-yi-ge.md"
    meta = front(posts[0])
    assert list(meta)[:4] == ["layout", "title", "subtitle", "date"]
    assert meta["title"] == "用 wx2md 把公众号文章搬进 Jekyll：一个示例"
    assert meta["date"] == "2025-11-10 12:00:00"  # a site without `timezone:`: no offset (issue 17, item 7)
    assert meta["author"] == "示例作者" and meta["account"] == "wx2md 示例号"
    assert meta["source"] == "https://mp.weixin.qq.com/s/wx2mdSampleArticle00001"
    assert meta["original"] is True
    assert "Jekyll" in meta["tags"]
    body = posts[0].read_text(encoding="utf-8").split("---\n", 2)[2]
    assert "```python\ndef greet(name):\n    return f\"你好，{name}\"\n" in body
    assert "**用来演示**" in body
    assert "data-src" not in body and "style=" not in body and "<section" not in body
    assert "扫一扫" not in body and "广告" not in body


def test_convert_again_needs_force(tmp_path: Path):
    assert invoke("convert", str(SAMPLE), "--site", str(tmp_path), "--no-download").exit_code == 0
    again = invoke("convert", str(SAMPLE), "--site", str(tmp_path), "--no-download")
    assert again.exit_code == ExitCode.EXISTS
    assert "--force" in again.output
    forced = invoke("convert", str(SAMPLE), "--site", str(tmp_path), "--no-download", "--force")
    assert forced.exit_code == 0
    assert len(list((tmp_path / "_posts").glob("*.md"))) == 1


def test_stdout_writes_nothing(tmp_path: Path):
    result = invoke("convert", str(SAMPLE), "--site", str(tmp_path), "--stdout")
    assert result.exit_code == 0
    assert result.output.startswith("---\nlayout: post\n")
    assert not (tmp_path / "_posts").exists()


def test_config_yml_settings_used(tmp_path: Path):
    (tmp_path / "_config.yml").write_text("wx2md:\n  cover_key: header-img\n  categories: [wechat]\n", encoding="utf-8")
    assert invoke("convert", str(SAMPLE), "--site", str(tmp_path), "--no-download").exit_code == 0
    meta = front(next((tmp_path / "_posts").glob("*.md")))
    assert "header-img" in meta and "image" not in meta and meta["categories"] == ["wechat"]


def test_error_page_refused_with_one_line_and_nothing_written(tmp_path: Path):
    page = tmp_path / "deleted.html"
    page.write_text(DELETED, encoding="utf-8")
    result = invoke("convert", str(page), "--site", str(tmp_path))
    assert result.exit_code == ExitCode.UNAVAILABLE
    lines = [l for l in result.output.splitlines() if l.strip()]
    assert len(lines) == 1 and lines[0].startswith("wx2md: error:") and "删除" in lines[0]
    assert not (tmp_path / "_posts").exists()


def test_batch_goes_on_after_a_bad_item(tmp_path: Path):
    result = invoke("convert", str(tmp_path / "missing.html"), str(SAMPLE), "--site", str(tmp_path), "--no-download")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "missing.html" in result.output and "no such file" in result.output
    assert len(list((tmp_path / "_posts").glob("*.md"))) == 1


def test_not_a_wechat_page(tmp_path: Path):
    page = tmp_path / "x.html"
    page.write_text("<html><body><p>hello</p></body></html>", encoding="utf-8")
    result = invoke("convert", str(page), "--site", str(tmp_path))
    assert result.exit_code == ExitCode.BAD_INPUT and "not a WeChat" in result.output


def test_title_from_the_title_tag_only(tmp_path: Path):
    page = tmp_path / "t.html"
    page.write_text('<html><head><title>我的标题</title></head><body><div id="js_content"><p>正文</p></div>'
                    '<script>var ct = "1700000000";</script></body></html>', encoding="utf-8")
    result = invoke("convert", str(page), "--site", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert front(next((tmp_path / "_posts").glob("*.md")))["title"] == "我的标题"


def test_bad_url_and_bad_timezone(tmp_path: Path):
    assert invoke("convert", "https://example.com/x", "--site", str(tmp_path)).exit_code == ExitCode.BAD_INPUT
    result = invoke("convert", str(SAMPLE), "--site", str(tmp_path), "--timezone", "Mars/Base")
    assert result.exit_code == ExitCode.BAD_INPUT and "time zone" in result.output


def test_unwritable_site_is_one_line_error(tmp_path: Path):
    (tmp_path / "_posts").write_text("a file where the folder should be", encoding="utf-8")
    result = invoke("convert", str(SAMPLE), "--site", str(tmp_path), "--no-download")
    assert result.exit_code == ExitCode.UNSAFE and "cannot write" in result.output
    assert "Traceback" not in result.output


def test_no_sources_is_usage_error():
    assert invoke("convert").exit_code == ExitCode.USAGE


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help(flag):
    result = invoke("convert", flag)
    assert result.exit_code == 0 and "--no-download" in result.output


# ------------------------------------------------------------ URLs and images, end to end (127.0.0.1 only)


@pytest.fixture
def local_wechat(httpserver, monkeypatch):
    """The sample article served by a local server, its images too; the server counts as WeChat."""
    return httpserver, serve_sample(httpserver, monkeypatch)


def test_convert_url_downloads_images(tmp_path: Path, local_wechat):
    server, base = local_wechat
    for path in SAMPLE_IMAGES:
        server.expect_request(path).respond_with_data(png_bytes(), content_type="image/png")
    result = invoke("convert", base + "/s/sample", "--site", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "3 images" in result.output
    post = next((tmp_path / "_posts").glob("*.md"))
    text = post.read_text(encoding="utf-8")
    slug = post.stem[len("2025-11-10-"):]
    assert f"](/assets/img/posts/{slug}/001.png)" in text
    assert f"image: /assets/img/posts/{slug}/cover.png" in text
    assert (tmp_path / "assets" / "img" / "posts" / slug / "001.png").read_bytes() == png_bytes()


def test_failed_image_keeps_remote_url_and_exit_code_is_partial(tmp_path: Path, local_wechat):
    server, base = local_wechat
    server.expect_request("/img/mmbiz_png/wx2mdSampleImageNumberOne000000000000000000/640").respond_with_data(
        png_bytes(), content_type="image/png")
    server.expect_request("/img/mmbiz_jpg/wx2mdSampleBackgroundImage00000000000000000/640").respond_with_data(
        "<html>此图片来自微信公众平台</html>", content_type="image/jpeg")
    server.expect_request("/img/mmbiz_jpg/wx2mdSampleCoverImage0000000000000000000000/0").respond_with_data(
        "gone", status=404)
    result = invoke("convert", base + "/s/sample", "--site", str(tmp_path), "--jobs", "2")
    assert result.exit_code == ExitCode.PARTIAL
    assert "3 images, 2 failed" in result.output
    assert "wx2md: warning: image not downloaded" in result.output
    text = next((tmp_path / "_posts").glob("*.md")).read_text(encoding="utf-8")
    assert base + "/img/mmbiz_jpg/wx2mdSampleBackgroundImage00000000000000000/640" in text


def test_fetch_failure_is_network_exit_code(tmp_path: Path, local_wechat):
    server, base = local_wechat
    server.expect_request("/s/missing").respond_with_data("nope", status=404)
    result = invoke("convert", base + "/s/missing", "--site", str(tmp_path))
    assert result.exit_code == ExitCode.NETWORK and "HTTP 404" in result.output
    assert not (tmp_path / "_posts").exists()


def test_verification_wall_stops_the_batch(tmp_path: Path, local_wechat):
    server, base = local_wechat
    server.expect_request("/s/wall").respond_with_data(
        "", status=302, headers={"Location": "/mp/wappoc_appmsgcaptcha?x=1"})
    server.expect_request("/mp/wappoc_appmsgcaptcha").respond_with_data("<html>环境异常</html>")
    result = invoke("convert", base + "/s/wall", str(SAMPLE), "--site", str(tmp_path), "--no-download")
    assert result.exit_code == ExitCode.VERIFICATION
    assert "1 source(s) not tried" in result.output
    assert not (tmp_path / "_posts").exists()
