"""Reading sources: files, URLs, and every way fetching an article fails (local server only)."""

from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug import Response

from wx2md.errors import BadInput, FetchError, VerificationWall
from wx2md.http import make_session
from wx2md.source import decode, fetch_page, read_source


def no_session():
    raise AssertionError("a file source must not build an HTTP session")


def test_file_source_reads_utf8(tmp_path: Path):
    page = tmp_path / "a.html"
    page.write_text("<p>中文</p>", encoding="utf-8")
    raw = read_source(str(page), no_session)
    assert raw.html == "<p>中文</p>" and raw.url == ""


def test_missing_file_and_directory_are_bad_input(tmp_path: Path):
    with pytest.raises(BadInput, match="no such file"):
        read_source(str(tmp_path / "nope.html"), no_session)
    with pytest.raises(BadInput, match="not a file"):
        read_source(str(tmp_path), no_session)


def test_decode_falls_back_to_declared_charset():
    assert decode('<meta charset="gbk"><p>中文</p>'.encode("gbk")).endswith("<p>中文</p>")
    assert decode(b"\xef\xbb\xbf<p>x</p>") == "<p>x</p>"


def test_non_article_url_is_bad_input():
    with pytest.raises(BadInput, match="not a WeChat article URL"):
        read_source("https://example.com/page", no_session)


def session():
    return make_session(retries=2, backoff=0)


def test_fetch_ok(httpserver):
    httpserver.expect_request("/s/abc").respond_with_data("<html>文章</html>", content_type="text/html; charset=utf-8")
    assert "文章" in fetch_page(httpserver.url_for("/s/abc"), session())


def test_fetch_sends_browser_user_agent(httpserver):
    seen = {}

    def handler(request):
        seen["ua"] = request.headers.get("User-Agent", "")
        return Response("ok")

    httpserver.expect_request("/s/ua").respond_with_handler(handler)
    fetch_page(httpserver.url_for("/s/ua"), session())
    assert "Mozilla/5.0" in seen["ua"]


def test_fetch_retries_503_then_succeeds(httpserver):
    httpserver.expect_ordered_request("/s/flaky").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/s/flaky").respond_with_data("<html>ok</html>")
    assert fetch_page(httpserver.url_for("/s/flaky"), session()) == "<html>ok</html>"


def test_fetch_http_error_is_network_failure(httpserver):
    httpserver.expect_request("/s/gone").respond_with_data("no", status=404)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_page(httpserver.url_for("/s/gone"), session())


def test_fetch_redirect_to_captcha_is_verification_wall(httpserver):
    httpserver.expect_request("/s/wall").respond_with_data(
        "", status=302, headers={"Location": "/mp/wappoc_appmsgcaptcha?poc_token=x"})
    httpserver.expect_request("/mp/wappoc_appmsgcaptcha").respond_with_data("<html>环境异常</html>")
    with pytest.raises(VerificationWall):
        fetch_page(httpserver.url_for("/s/wall"), session())


def test_fetch_redirect_loop_is_network_failure(httpserver):
    httpserver.expect_request("/s/a").respond_with_data("", status=302, headers={"Location": "/s/b"})
    httpserver.expect_request("/s/b").respond_with_data("", status=302, headers={"Location": "/s/a"})
    with pytest.raises(FetchError, match="redirect"):
        fetch_page(httpserver.url_for("/s/a"), session())


def test_fetch_connection_refused_is_network_failure():
    with pytest.raises(FetchError):
        fetch_page("http://127.0.0.1:9/s/x", make_session(retries=0))
