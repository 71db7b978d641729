"""The command line end to end, on the bundled sample page and small hand-written pages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from wx2md import __version__
from wx2md.cli import main
from wx2md.errors import ExitCode

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "sample-article.html"

DELETED = """<html><head><title></title></head><body><div class="weui-msg"><div class="weui-msg__text-area">
<h2 class="weui-msg__title">该内容已被发布者删除</h2></div></div></body></html>"""


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


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
    assert meta["date"] == "2025-11-10 12:00:00 +0800"
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


def test_bad_url_and_bad_timezone(tmp_path: Path):
    assert invoke("convert", "https://example.com/x", "--site", str(tmp_path)).exit_code == ExitCode.BAD_INPUT
    result = invoke("convert", str(SAMPLE), "--site", str(tmp_path), "--timezone", "Mars/Base")
    assert result.exit_code == ExitCode.BAD_INPUT and "time zone" in result.output


def test_no_sources_is_usage_error():
    assert invoke("convert").exit_code == ExitCode.USAGE


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help(flag):
    result = invoke("convert", flag)
    assert result.exit_code == 0 and "--no-download" in result.output
