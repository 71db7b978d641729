"""The command line as a batch tool: dates never invented, local images, one-line reports."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, SAMPLE, invoke
from conftest import png_bytes as png

from wx2md import source as source_module
from wx2md.cli import main
from wx2md.errors import ExitCode, NoPublishDate
from wx2md.models import Article, Metadata
from wx2md.post import build_post
from wx2md.settings import Settings
from wx2md.source import read_source

DATED = '<script>var ct = "1700000000";</script>'


def page(body: str, *, title: str = "一篇文章", script: str = DATED) -> str:
    return (f"<html><head><title>{title}</title></head><body><div id=\"js_content\">{body}</div>"
            f"{script}</body></html>")


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


# ------------------------------------------------------------------ dates: never invented


def test_build_post_refuses_a_page_without_a_date_instead_of_taking_the_clock():
    from bs4 import BeautifulSoup

    article = Article("article", Metadata(title="无日期"), BeautifulSoup("<div></div>", "lxml").div)
    with pytest.raises(NoPublishDate):
        build_post(article, "正文", [], Settings())
    dated = build_post(article, "正文", [], Settings(default_date="2020-01-02 08:30"))
    assert dated.date.isoformat() == "2020-01-02T08:30:00+08:00" and dated.date_source == "default"


def test_an_undated_page_is_refused_with_its_own_exit_code(tmp_path: Path):
    src = tmp_path / "undated.html"
    src.write_text(page("<p>正文</p>", script=""), encoding="utf-8")

    result = invoke("convert", str(src), "--site", str(tmp_path / "site"))

    assert result.exit_code == ExitCode.NO_DATE
    errors = [line for line in result.output.splitlines() if line.startswith("wx2md: error:")]
    assert errors == [f"wx2md: error: {src}: the page says nothing of when it was published "
                      "(give one with --default-date YYYY-MM-DD)"]
    assert not (tmp_path / "site" / "_posts").exists()


def test_default_date_dates_it_and_says_so(tmp_path: Path):
    src = tmp_path / "undated.html"
    src.write_text(page("<p>正文</p>", script=""), encoding="utf-8")

    result = invoke("convert", str(src), "--site", str(tmp_path), "--default-date", "2019-05-04")

    assert result.exit_code == 0, result.output
    (post,) = (tmp_path / "_posts").glob("*.md")
    assert post.name.startswith("2019-05-04-") and front(post)["date"] == "2019-05-04 00:00:00"
    assert f"wx2md: warning: {src}: the page shows no publish date; dated 2019-05-04 (--default-date)" in result.output


def test_default_date_does_not_override_the_pages_own(tmp_path: Path):
    result = invoke("convert", str(SAMPLE), "--site", str(tmp_path), "--no-download", "--default-date", "2000-01-01")
    assert result.exit_code == 0 and "warning" not in result.output
    assert next((tmp_path / "_posts").glob("*.md")).name.startswith("2025-11-10-")


def test_a_bad_default_date_is_a_usage_line(tmp_path: Path):
    result = invoke("convert", str(SAMPLE), "--site", str(tmp_path), "--default-date", "yesterday")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "wx2md: error: --default-date: not a date: 'yesterday'" in result.output


# ------------------------------------------------------------------ a browser's "Save page as, complete"


def saved_complete(tmp_path: Path, name: str = "文章") -> Path:
    folder = tmp_path / "saved"
    (folder / f"{name}_files").mkdir(parents=True)
    (folder / f"{name}_files" / "640").write_bytes(png("red"))
    (folder / f"{name}_files" / "640(1)").write_bytes(png("blue"))
    (tmp_path / "secret.png").write_bytes(png("green"))
    html = page(f'<p>一</p><img src="./{name}_files/640"><p>二</p><img src="{name}_files/640(1)" alt="">'
                '<img src="../secret.png"><img src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E">')
    path = folder / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_saved_pages_local_images_are_copied_into_the_site(tmp_path: Path):
    src = saved_complete(tmp_path)
    site = tmp_path / "site"

    result = invoke("convert", str(src), "--site", str(site))

    assert result.exit_code == 0, result.output
    assert "2 images" in result.output
    post = next((site / "_posts").glob("*.md"))
    slug = post.stem[len("2023-11-15-"):]
    text = post.read_text(encoding="utf-8")
    assert f"(/assets/img/posts/{slug}/001.png)" in text and f"(/assets/img/posts/{slug}/002.png)" in text
    assert (site / "assets/img/posts" / slug / "001.png").read_bytes() == png("red")
    assert (site / "assets/img/posts" / slug / "002.png").read_bytes() == png("blue")
    assert "secret" not in text and "file:" not in text  # nothing outside the page's folder


def test_without_download_local_images_stay_file_links_and_it_is_said(tmp_path: Path):
    src = saved_complete(tmp_path)
    result = invoke("convert", str(src), "--site", str(tmp_path / "site"), "--no-download")
    assert result.exit_code == 0, result.output
    assert "2 images from the saved page's folder linked as file: URLs" in result.output
    text = next((tmp_path / "site" / "_posts").glob("*.md")).read_text(encoding="utf-8")
    assert (src.parent / "文章_files" / "640").resolve().as_uri() in text


def test_only_images_without_data_src_and_inside_the_folder_become_local(tmp_path: Path):
    src = saved_complete(tmp_path)
    folder = src.parent
    raw = read_source(str(src), lambda: None)
    assert raw.folder == folder.resolve()
    assert (folder / "文章_files" / "640").resolve().as_uri() in raw.html
    assert 'src="../secret.png"' in raw.html

    remote = page('<img src="./文章_files/640" data-src="https://mmbiz.qpic.cn/a/640">')
    (folder / "remote.html").write_text(remote, encoding="utf-8")
    assert read_source(str(folder / "remote.html"), lambda: None).html == remote


def test_a_fetched_page_cannot_make_us_copy_local_files(tmp_path: Path):
    from wx2md.errors import ImageError
    from wx2md.http import make_session
    from wx2md.images import fetch_image

    secret = tmp_path / "secret.png"
    secret.write_bytes(png())
    with pytest.raises(ImageError, match="outside the saved page's folder"):
        fetch_image(make_session(), secret.as_uri())


# ------------------------------------------------------------------ input forms and reports


def test_a_url_without_scheme_is_a_url(monkeypatch):
    fetched = []
    monkeypatch.setattr(source_module, "fetch_page", lambda url, session: fetched.append(url) or "<html></html>")

    raw = read_source("mp.weixin.qq.com/s/abc", lambda: "session")

    assert fetched == ["https://mp.weixin.qq.com/s/abc"] and raw.url == "https://mp.weixin.qq.com/s/abc"


def test_a_new_site_is_announced_once(tmp_path: Path):
    site = tmp_path / "blgo"
    result = invoke("convert", str(SAMPLE), str(SAMPLE), "--site", str(site), "--no-download")
    assert result.output.count(f"wx2md: warning: --site {site} does not exist yet; it will be created") == 1
    assert (site / "_posts").is_dir()
    again = invoke("convert", str(SAMPLE), "--site", str(site), "--no-download", "--force")
    assert "does not exist" not in again.output


def test_stdout_separates_several_posts(tmp_path: Path):
    other = tmp_path / "other.html"
    other.write_text(page("<p>另一篇</p>", title="另一篇"), encoding="utf-8")

    result = CliRunner().invoke(main, ["convert", str(SAMPLE), str(other), "--stdout"])

    assert result.exit_code == 0, result.output
    parts = re.split(r"^==> (.+) <==$", result.stdout, flags=re.M)
    assert parts[0] == "" and parts[1] == str(SAMPLE) and parts[3] == str(other)
    for text in (parts[2], parts[4]):
        assert text.lstrip("\n").startswith("---\n") and yaml.safe_load(text.split("---\n")[1])["title"]


def test_one_stdout_post_has_no_header():
    result = CliRunner().invoke(main, ["convert", str(SAMPLE), "--stdout"])
    assert result.stdout.startswith("---\n")


def test_a_batch_ends_with_a_summary(tmp_path: Path):
    deleted = tmp_path / "deleted.html"
    deleted.write_text('<html><body><div class="weui-msg"><h2 class="weui-msg__title">该内容已被发布者删除</h2>'
                       "</div></body></html>", encoding="utf-8")

    result = CliRunner().invoke(main, ["convert", str(SAMPLE), str(tmp_path / "missing.html"), str(deleted),
                                       "--site", str(tmp_path), "--no-download"])

    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.splitlines()[-1] == "wx2md: 1 converted, 2 refused, 0 failed"


def test_an_unreachable_image_host_is_given_up_and_said_once(tmp_path: Path, monkeypatch):
    real = socket.getaddrinfo
    lookups = []

    def offline(host, *args, **kwargs):
        if host == "mmbiz.qpic.cn":
            lookups.append(host)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", offline)
    imgs = "".join(f'<p>{n}</p><img data-src="https://mmbiz.qpic.cn/mmbiz_png/{n}/640">' for n in range(8))
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    first.write_text(page(imgs, title="甲"), encoding="utf-8")
    second.write_text(page(imgs.replace("/640", "/0"), title="乙"), encoding="utf-8")

    result = CliRunner().invoke(main, ["convert", str(first), str(second), "--site", str(tmp_path), "-j", "1"])

    assert result.exit_code == ExitCode.PARTIAL
    err = result.stderr
    assert len(lookups) == 1  # a failed lookup is not asked again in the run
    assert err.count("not tried again in this run") == 1
    assert err.count("(cannot resolve mmbiz.qpic.cn)") >= 3 and "timed out" not in err
    assert "5 images not downloaded, kept remote (skipped: mmbiz.qpic.cn is unreachable" in err
    assert "8 images not downloaded, kept remote (skipped: mmbiz.qpic.cn is unreachable" in err
    assert '"))' not in err
    assert err.splitlines()[-1] == "wx2md: 2 converted, 0 refused, 0 failed; images: 0 saved, 16 failed"


def test_the_readme_documents_every_exit_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = {int(m) for m in re.findall(r"^\| (\d+) \|", table, flags=re.M)}
    assert documented == {int(code) for code in ExitCode}


def test_timeout_bounds_a_url_that_never_answers(tmp_path: Path, monkeypatch):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)  # accepts (in the kernel's backlog) and never answers
    monkeypatch.setattr("wx2md.urls.ARTICLE_HOSTS", ("mp.weixin.qq.com", "127.0.0.1"))
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/s/hang"
    try:
        result = CliRunner().invoke(main, ["convert", url, "--site", str(tmp_path), "--timeout", "0.3"])
    finally:
        listener.close()
    assert result.exit_code == ExitCode.NETWORK
    assert result.stderr == f"wx2md: error: {url}: timed out after 0.3 s\n"


def test_a_name_too_long_for_the_file_system_is_one_short_line(tmp_path: Path):
    name = "页" * 3000
    result = CliRunner().invoke(main, ["convert", name, "--site", str(tmp_path)])
    assert result.exit_code == ExitCode.BAD_INPUT
    (line,) = result.stderr.splitlines()
    assert line.endswith(": no such file") and "…" in line and len(line) < 250
