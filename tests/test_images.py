"""The image stage against a real HTTP server on 127.0.0.1: what lands on disk and in the post."""

from __future__ import annotations

import io
import json
import os
import struct
import threading
import zlib
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

import pytest
import requests
from PIL import Image
from pytest_httpserver import HTTPServer
from conftest import TZ8
from werkzeug import Request, Response

from wx2md.errors import ImageError, UnsafePath
from wx2md.http import MAX_REDIRECTS, WECHAT_REFERER, make_session
from wx2md.images import MANIFEST, ImageReport, image_format, localize_images
from wx2md.models import Post
from wx2md.post import markdown_body
from wx2md.settings import Settings
from wx2md.urls import clean_image_url

IMG_DIR = "assets/img/posts"
SLUG = "a-post"


# ------------------------------------------------------------------ fixtures and image bytes


@pytest.fixture
def httpserver(httpserver_ipv4):
    """pytest-httpserver bound to 127.0.0.1 (its default, `localhost`, may resolve to ::1)."""
    return httpserver_ipv4


@pytest.fixture
def session():
    """Few retries, no backoff: failing cases stay fast, 503-then-200 still recovers."""
    with make_session(retries=1, backoff=0, pool_size=10) as s:
        yield s


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    return root


def encode(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


@cache
def noise(size: int = 48) -> Image.Image:
    """Random pixels: they don't compress, so a half file really is missing image data."""
    return Image.frombytes("RGB", (size, size), os.urandom(size * size * 3))


@cache
def png() -> bytes:
    return encode(noise(), "PNG")


@cache
def png2() -> bytes:
    return encode(noise(40), "PNG")


@cache
def jpeg() -> bytes:
    return encode(noise(), "JPEG", quality=90)


@cache
def gif() -> bytes:
    """An animated GIF, two frames."""
    frames = [Image.new("RGB", (16, 16), color) for color in ((255, 0, 0), (0, 0, 255))]
    return encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@cache
def bomb(side: int = 15000) -> bytes:
    """A valid 1-bit PNG of side x side white pixels: ~40 KB on the wire, 225 Mpx decoded."""
    packer = zlib.compressobj(9)
    row = b"\0" * (1 + (side + 7) // 8)
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn by hand -->\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>\n'
)
HTML = b"<!DOCTYPE html><html><head><title>403</title></head><body>Forbidden</body></html>"


def make_post(urls: list[str], *, body: str | None = None, cover: str | None = None,
              key: str = "image", slug: str = SLUG) -> Post:
    if body is None:
        body = "".join(f"Paragraph {i}.\n\n![picture {i}]({u})\n\n" for i, u in enumerate(urls, 1))
    """A post that is Markdown text (as `normalize` has them); `converted` below gives one with a tree."""
    head = {"layout": "post", "title": "T", "source": "https://mp.weixin.qq.com/s/abc"}
    return Post(head=head, content=body, slug=slug, images=list(urls), cover=cover or "", cover_key=key,
                date=datetime(2025, 1, 2, 3, 4, 5, tzinfo=TZ8))


def md(post: Post) -> str:
    return markdown_body(post.content)


def serve(httpserver, path: str, data: bytes, content_type: str = "image/jpeg", **kw) -> str:
    """Serve `data` at `path` (any query) and return the image's cleaned URL."""
    httpserver.expect_request(path.split("?")[0]).respond_with_data(data, content_type=content_type, **kw)
    return clean_image_url(httpserver.url_for(path))


def folder(site: Path, slug: str = SLUG) -> Path:
    return site / IMG_DIR / slug


def files(site: Path, slug: str = SLUG) -> list[str]:
    """Every file in the post's image folder, dot-files (manifest, temp files) included."""
    d = folder(site, slug)
    return sorted(p.name for p in d.iterdir()) if d.is_dir() else []


def requests_to(httpserver, path: str) -> int:
    return sum(1 for request, _ in httpserver.log if request.path == path)


def localize(post: Post, site: Path, session, **kw) -> tuple[Post, ImageReport]:
    settings = kw.pop("settings", None) or Settings(jobs=4)
    return localize_images(post, site, settings, session, **kw)


# ------------------------------------------------------------------ image_format alone


@pytest.mark.parametrize(
    ("data", "ext"),
    [
        (lambda: png(), "png"),
        (lambda: jpeg(), "jpg"),
        (lambda: gif(), "gif"),
        (lambda: encode(noise(), "WEBP"), "webp"),
        (lambda: encode(noise(), "BMP"), "bmp"),
        (lambda: SVG, "svg"),
        (lambda: b"\n  <svg xmlns='http://www.w3.org/2000/svg'/></svg>", "svg"),
    ],
)
def test_format_comes_from_the_bytes(data, ext):
    assert image_format(data()) == ext


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (lambda: b"", "empty response"),
        (lambda: HTML, "not an image (an HTML page)"),
        (lambda: b'{"errcode": 40001}', "not an image"),
        (lambda: png()[: len(png()) // 2], "broken or truncated PNG"),
        (lambda: jpeg()[: len(jpeg()) // 2], "broken or truncated JPEG"),
        (lambda: b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "not an image"),
        (lambda: bomb(), "too many pixels"),
    ],
)
def test_format_refuses_what_is_not_a_complete_image(data, reason):
    with pytest.raises(ImageError) as caught:
        image_format(data())
    assert caught.value.message.startswith(reason)
    assert "\n" not in caught.value.message


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_pixels_between_pillows_warning_and_error_are_refused_too(monkeypatch):
    """Pillow only warns from 1x to 2x its limit; the stage must refuse those as well."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 48 * 48 - 1)
    with pytest.raises(ImageError, match=r"too many pixels: 48x48"):
        image_format(png())


# ------------------------------------------------------------------ the happy path


def test_images_and_cover_land_in_the_post_folder_with_site_absolute_links(httpserver, session, site):
    a = serve(httpserver, "/a/640?wx_fmt=png&tp=webp&wx_lazy=1", png())
    b = serve(httpserver, "/b/640?wx_fmt=jpeg", jpeg())
    c = serve(httpserver, "/c/0?wx_fmt=png", png2())
    post = make_post([a, b], cover=c)

    new, report = localize(post, site, session)

    assert files(site) == [MANIFEST, "001.png", "002.jpg", "cover.png"]
    assert (folder(site) / "001.png").read_bytes() == png()
    assert (folder(site) / "002.jpg").read_bytes() == jpeg()
    assert (folder(site) / "cover.png").read_bytes() == png2()
    assert f"![picture 1](/{IMG_DIR}/{SLUG}/001.png)" in md(new)
    assert f"![picture 2](/{IMG_DIR}/{SLUG}/002.jpg)" in md(new)
    assert "127.0.0.1" not in md(new)
    assert new.front_matter["image"] == f"/{IMG_DIR}/{SLUG}/cover.png"
    assert list(new.front_matter) == list(post.front_matter)  # key order kept
    assert md(post).count("127.0.0.1") == 2 and post.front_matter["image"] == c  # input untouched
    assert (report.total, report.downloaded, report.reused, report.failed) == (3, 3, 0, [])
    assert report.summary == "3 images"
    manifest = json.loads((folder(site) / MANIFEST).read_text(encoding="utf-8"))
    assert manifest == {a: "001.png", b: "002.jpg", c: "cover.png"}
    for request, _ in httpserver.log:
        assert request.headers.get("Referer") == WECHAT_REFERER
        assert "webp" not in request.headers.get("Accept", "")
        assert "tp" not in request.args and "wx_lazy" not in request.args


def test_referer_gate_passes_with_wechat_referer(httpserver, session, site):
    def gate(request: Request) -> Response:
        if request.headers.get("Referer") != WECHAT_REFERER:
            return Response(b"hotlinking forbidden", status=403, content_type="text/plain")
        return Response(png(), content_type="image/png")

    httpserver.expect_request("/gated").respond_with_handler(gate)
    url = httpserver.url_for("/gated")
    assert requests.get(url, timeout=5).status_code == 403  # the gate is real

    new, report = localize(make_post([url]), site, session)

    assert report.failed == [] and report.downloaded == 1
    assert (folder(site) / "001.png").read_bytes() == png()
    assert f"/{IMG_DIR}/{SLUG}/001.png" in md(new)


def test_a_403_is_a_failure_that_keeps_the_remote_url(httpserver, session, site):
    httpserver.expect_request("/forbidden").respond_with_data(b"no", status=403)
    ok = serve(httpserver, "/ok", png())
    bad = httpserver.url_for("/forbidden")

    new, report = localize(make_post([bad, ok]), site, session)

    assert report.failed == [(bad, "HTTP 403")]
    assert f"![picture 1]({bad})" in md(new)
    assert f"![picture 2](/{IMG_DIR}/{SLUG}/002.png)" in md(new)
    assert files(site) == [MANIFEST, "002.png"]
    assert report.summary == "2 images, 1 failed"


def test_503_then_200_is_retried(httpserver, session, site):
    httpserver.expect_ordered_request("/busy").respond_with_data(b"busy", status=503, headers={"Retry-After": "0"})
    httpserver.expect_ordered_request("/busy").respond_with_data(png(), content_type="image/png")
    url = httpserver.url_for("/busy")

    _, report = localize(make_post([url]), site, session)

    assert report.failed == [] and report.downloaded == 1
    assert requests_to(httpserver, "/busy") == 2
    assert (folder(site) / "001.png").read_bytes() == png()
    httpserver.check_assertions()


def test_a_malformed_retry_after_is_a_failure_not_a_crash(httpserver, session, site):
    httpserver.expect_request("/odd").respond_with_data(b"busy", status=503, headers={"Retry-After": "soon"})
    url = httpserver.url_for("/odd")

    _, report = localize(make_post([url]), site, session)

    assert report.failed == [(url, "HTTP 503")]  # the header is ignored, the retry fails again


def test_a_response_slower_than_the_timeout_fails_without_waiting_for_it(httpserver, site):
    release = threading.Event()

    def slow(_request: Request) -> Response:
        release.wait(5)  # bounded: the server is freed even if the test fails
        return Response(png(), content_type="image/png")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    url = httpserver.url_for("/slow")
    try:
        with make_session(retries=0, backoff=0) as no_retry:
            new, report = localize(make_post([url]), site, no_retry, timeout=0.2)
    finally:
        release.set()
    assert report.failed == [(url, "timed out after 0.2 s")]
    assert f"![picture 1]({url})" in md(new)
    assert files(site) == []


def test_html_served_as_jpeg_is_a_failure_not_a_file(httpserver, session, site):
    url = serve(httpserver, "/error/640?wx_fmt=jpeg", HTML, content_type="image/jpeg")

    new, report = localize(make_post([url]), site, session)

    assert report.failed == [(url, "not an image (an HTML page)")]
    assert url in md(new)
    assert files(site) == []


def test_a_truncated_image_is_a_failure(httpserver, session, site):
    url = serve(httpserver, "/half.png", png()[: len(png()) // 2], content_type="image/png")

    _, report = localize(make_post([url]), site, session)

    assert len(report.failed) == 1 and report.failed[0][1].startswith("broken or truncated PNG")
    assert files(site) == []


def test_a_gif_labelled_jpeg_is_saved_as_the_same_animated_gif(httpserver, session, site):
    url = serve(httpserver, "/anim/640?wx_fmt=jpeg&tp=webp", gif(), content_type="image/jpeg")
    assert "wx_fmt=jpeg" in url

    new, report = localize(make_post([url]), site, session)

    saved = folder(site) / "001.gif"
    assert saved.read_bytes() == gif()  # not re-encoded
    with Image.open(saved) as im:
        assert im.format == "GIF" and im.n_frames == 2
    assert f"/{IMG_DIR}/{SLUG}/001.gif" in md(new) and report.failed == []


def test_a_decompression_bomb_is_a_failure(httpserver, session, site):
    url = serve(httpserver, "/bomb.png", bomb(), content_type="image/png")

    new, report = localize(make_post([url]), site, session)

    assert len(report.failed) == 1 and report.failed[0][1].startswith("too many pixels")
    assert url in md(new) and files(site) == []


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_lowered_pixel_limit_applies_on_worker_threads(httpserver, session, site, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 2000)  # Pillow itself only warns up to 4000
    small = serve(httpserver, "/small.png", encode(Image.new("RGB", (20, 20)), "PNG"), content_type="image/png")
    big = serve(httpserver, "/big.png", png(), content_type="image/png")  # 48x48 = 2304 px

    _, report = localize(make_post([small, big]), site, session)

    assert [u for u, _ in report.failed] == [big]
    assert report.failed[0][1].startswith("too many pixels: 48x48")
    assert files(site) == [MANIFEST, "001.png"]


def test_a_redirect_loop_is_a_failure(httpserver, session, site):
    a, b = httpserver.url_for("/loop-a"), httpserver.url_for("/loop-b")
    httpserver.expect_request("/loop-a").respond_with_data(b"", status=302, headers={"Location": b})
    httpserver.expect_request("/loop-b").respond_with_data(b"", status=302, headers={"Location": a})

    new, report = localize(make_post([a]), site, session)

    assert report.failed == [(a, "too many redirects")]
    assert len(httpserver.log) <= MAX_REDIRECTS + 1
    assert a in md(new) and files(site) == []


def test_one_redirect_is_followed(httpserver, session, site):
    target = serve(httpserver, "/real.png", png())
    httpserver.expect_request("/moved").respond_with_data(b"", status=301, headers={"Location": target})

    _, report = localize(make_post([httpserver.url_for("/moved")]), site, session)

    assert report.failed == [] and (folder(site) / "001.png").read_bytes() == png()


def test_the_same_image_twice_is_one_file_and_one_request(httpserver, session, site):
    url = serve(httpserver, "/same.png", png())
    other = serve(httpserver, "/other.jpg", jpeg())
    body = f"![first]({url})\n\n![second]({other})\n\n![again]({url})\n"
    post = make_post([url, other, url], body=body, cover=url)  # also the cover

    new, report = localize(post, site, session)

    assert requests_to(httpserver, "/same.png") == 1
    assert files(site) == [MANIFEST, "001.png", "002.jpg"]
    local = f"/{IMG_DIR}/{SLUG}/001.png"
    assert md(new) == f"![first]({local})\n\n![second](/{IMG_DIR}/{SLUG}/002.jpg)\n\n![again]({local})\n"
    assert new.front_matter["image"] == local
    assert (report.total, report.downloaded) == (2, 2)


def test_a_rerun_downloads_nothing(httpserver, session, site):
    urls = [serve(httpserver, "/r1.png", png()), serve(httpserver, "/r2.gif", gif(), content_type="image/gif")]
    cover = serve(httpserver, "/rc.jpg", jpeg())
    post = make_post(urls, cover=cover)
    first, _ = localize(post, site, session)
    requests_before = len(httpserver.log)
    manifest_time = (folder(site) / MANIFEST).stat().st_mtime_ns

    again, report = localize(post, site, session)

    assert len(httpserver.log) == requests_before == 3
    assert (report.total, report.downloaded, report.reused, report.failed) == (3, 0, 3, [])
    assert md(again) == md(first) and again.front_matter == first.front_matter
    assert (folder(site) / MANIFEST).stat().st_mtime_ns == manifest_time  # nothing rewritten


def test_numbers_stay_stable_across_runs_and_failed_images_are_retried(httpserver, session, site):
    a, c = serve(httpserver, "/n-a.png", png()), serve(httpserver, "/n-c.jpg", jpeg())
    b = httpserver.url_for("/n-b.gif")
    httpserver.expect_oneshot_request("/n-b.gif").respond_with_data(b"down", status=404)
    _, first = localize(make_post([a, b, c]), site, session)
    assert first.failed == [(b, "HTTP 404")]
    assert files(site) == [MANIFEST, "001.png", "003.jpg"]

    httpserver.expect_request("/n-b.gif").respond_with_data(gif(), content_type="image/gif")
    new = serve(httpserver, "/n-new.png", png2())
    log_before = len(httpserver.log)
    post, second = localize(make_post([new, a, b, c]), site, session)

    assert (second.downloaded, second.reused, second.failed) == (2, 2, [])
    assert len(httpserver.log) - log_before == 2
    # Files handed out keep their numbers; new ones take the free numbers in post order.
    assert files(site) == [MANIFEST, "001.png", "002.png", "003.jpg", "004.gif"]
    assert (folder(site) / "002.png").read_bytes() == png2()
    assert [md(post).index(f"/{n}") for n in ("002.png", "001.png", "004.gif", "003.jpg")] == sorted(
        md(post).index(f"/{n}") for n in ("002.png", "001.png", "004.gif", "003.jpg"))


def test_a_missing_file_is_downloaded_again_under_its_old_name(httpserver, session, site):
    url = serve(httpserver, "/gone.png", png())
    localize(make_post([url]), site, session)
    (folder(site) / "001.png").unlink()

    _, report = localize(make_post([url]), site, session)

    assert report.downloaded == 1 and (folder(site) / "001.png").read_bytes() == png()


def test_a_damaged_manifest_only_costs_a_download(httpserver, session, site):
    url = serve(httpserver, "/m.png", png())
    folder(site).mkdir(parents=True)
    (folder(site) / MANIFEST).write_text('{"x": "../../etc/passwd", ', encoding="utf-8")

    _, report = localize(make_post([url]), site, session)

    assert report.downloaded == 1 and files(site) == [MANIFEST, "001.png"]


# ------------------------------------------------------------------ the cover


def test_hux_header_img_gets_a_path_without_leading_slash(httpserver, session, site):
    cover = serve(httpserver, "/hux.jpg", jpeg())
    settings = Settings(cover_key="header-img", jobs=2)

    new, _ = localize(make_post([], cover=cover, key="header-img"), site, session, settings=settings)

    assert new.front_matter["header-img"] == f"{IMG_DIR}/{SLUG}/cover.jpg"
    assert (folder(site) / "cover.jpg").read_bytes() == jpeg()


def test_a_failed_cover_keeps_its_cleaned_remote_url(httpserver, session, site):
    httpserver.expect_request("/nocover").respond_with_data(HTML, content_type="image/png")
    raw = httpserver.url_for("/nocover?wx_fmt=png&tp=webp#imgIndex=0")

    new, report = localize(make_post([], cover=raw), site, session)

    cleaned = clean_image_url(raw)
    assert new.front_matter["image"] == cleaned
    assert report.failed == [(cleaned, "not an image (an HTML page)")]


def test_a_new_cover_replaces_the_old_one_and_its_manifest_entry(httpserver, session, site):
    old = serve(httpserver, "/old-cover.png", png())
    new_cover = serve(httpserver, "/new-cover.png", png2())
    localize(make_post([], cover=old), site, session)

    localize(make_post([], cover=new_cover), site, session)

    assert (folder(site) / "cover.png").read_bytes() == png2()
    assert json.loads((folder(site) / MANIFEST).read_text(encoding="utf-8")) == {new_cover: "cover.png"}


# ------------------------------------------------------------------ limits and safety


def test_non_http_urls_fail_without_a_request(httpserver, session, site):
    urls = ["ftp://127.0.0.1/x.png", "file:///etc/passwd"]

    new, report = localize(make_post(urls), site, session)

    assert report.failed == [(urls[0], "not an http(s) URL"), (urls[1], "a local file outside the saved page's folder")]
    assert httpserver.log == [] and files(site) == []
    assert all(u in md(new) for u in urls)


def test_the_size_cap_stops_a_declared_large_image(httpserver, session, site):
    url = serve(httpserver, "/large.png", png())

    _, report = localize(make_post([url]), site, session, max_bytes=1024)

    assert report.failed == [(url, "larger than 1 KB")]
    assert files(site) == []


def test_the_size_cap_stops_a_stream_without_content_length(httpserver, session, site):
    chunks = [png()[i:i + 512] for i in range(0, len(png()), 512)]
    httpserver.expect_request("/stream.png").respond_with_handler(
        lambda _r: Response(iter(chunks), content_type="image/png"))
    url = httpserver.url_for("/stream.png")

    _, report = localize(make_post([url]), site, session, max_bytes=2048)

    assert report.failed == [(url, "larger than 2 KB")]
    assert files(site) == []


@pytest.mark.parametrize("settings", [Settings(), Settings(image_dir="../outside")])
def test_never_writes_outside_the_site(httpserver, session, site, settings):
    url = serve(httpserver, "/x.png", png())
    post = make_post([url], slug="../../../../escape" if settings.image_dir == IMG_DIR else SLUG)

    with pytest.raises(UnsafePath):
        localize_images(post, site, settings, session)
    assert httpserver.log == []
    assert not (site.parent / "outside").exists() and not (site.parent / "escape").exists()


def test_a_symlinked_image_folder_pointing_outside_is_refused(httpserver, session, site, tmp_path):
    url = serve(httpserver, "/sym.png", png())
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (site / IMG_DIR).mkdir(parents=True)
    folder(site).symlink_to(outside, target_is_directory=True)

    with pytest.raises(UnsafePath):
        localize(make_post([url]), site, session)
    assert httpserver.log == [] and list(outside.iterdir()) == []


def test_an_unwritable_folder_is_a_failure_not_a_crash(httpserver, session, site):
    url = serve(httpserver, "/nowhere.png", png())
    (site / IMG_DIR).mkdir(parents=True)
    folder(site).write_bytes(b"a file where the folder should be")

    new, report = localize(make_post([url]), site, session)

    assert len(report.failed) == 1 and report.failed[0][1].startswith("could not save 001.png")
    assert url in md(new)


def test_no_download_setting_leaves_the_post_alone(httpserver, site):
    post = make_post(["http://127.0.0.1:9/a.png"], cover="http://127.0.0.1:9/c.png")

    new, report = localize_images(post, site, Settings(download=False))

    assert (md(new), new.front_matter) == (md(post), post.front_matter)
    assert report.total == 0 and list(site.iterdir()) == []


def test_image_dir_is_configurable_and_a_leading_slash_still_means_the_site(httpserver, session, site):
    url = serve(httpserver, "/cfg.png", png())

    new, _ = localize(make_post([url]), site, session, settings=Settings(image_dir="/img/wx/"))

    assert (site / "img/wx" / SLUG / "001.png").read_bytes() == png()
    assert f"(/img/wx/{SLUG}/001.png)" in md(new)


def test_entity_escaped_urls_in_raw_html_tables_are_swapped_too(httpserver, session, site):
    url = serve(httpserver, "/t.png?wx_fmt=png&from=appmsg", png())
    assert "&" in url
    escaped = url.replace("&", "&amp;")
    body = f'<table><tr><td rowspan="2"><img src="{escaped}"/></td></tr></table>\n\n![x]({url})\n'

    new, _ = localize(make_post([url], body=body), site, session)

    local = f"/{IMG_DIR}/{SLUG}/001.png"
    assert md(new) == f'<table><tr><td rowspan="2"><img src="{local}"/></td></tr></table>\n\n![x]({local})\n'


def test_a_url_inside_a_longer_url_is_not_mangled(httpserver, session, site):
    httpserver.expect_request("/p.png", query_string="v=2").respond_with_data(b"x", status=404)
    short = serve(httpserver, "/p.png", png())
    longer = short + "?v=2"

    new, _ = localize(make_post([longer, short]), site, session)

    assert f"![picture 1]({longer})" in md(new)
    assert f"![picture 2](/{IMG_DIR}/{SLUG}/002.png)" in md(new)


def test_a_failed_url_in_raw_html_stays_entity_escaped(httpserver, session, site):
    httpserver.expect_request("/f.png").respond_with_data(b"gone", status=404)
    url = clean_image_url(httpserver.url_for("/f.png?wx_fmt=png&from=appmsg"))
    body = f'<td><img src="{url.replace("&", "&amp;")}"/></td>\n'

    new, report = localize(make_post([url], body=body), site, session)

    assert md(new) == body and report.failed == [(url, "HTTP 404")]


def test_only_whole_urls_are_swapped(httpserver, session, site):
    url = serve(httpserver, "/w.png", png())
    body = f'![a]({url} "title")\n\n[original]({url}/large)\n'

    new, _ = localize(make_post([url], body=body), site, session)

    assert md(new) == f'![a](/{IMG_DIR}/{SLUG}/001.png "title")\n\n[original]({url}/large)\n'


def test_sequential_mode_and_progress_once_per_image(httpserver, session, site):
    urls = [serve(httpserver, f"/s{i}.png", png()) for i in range(3)]
    ticks: list[int] = []

    _, report = localize(make_post(urls), site, session, settings=Settings(jobs=1), progress=ticks.append)

    assert report.downloaded == 3 and ticks == [1, 1, 1]
    assert files(site) == [MANIFEST, "001.png", "002.png", "003.png"]


@pytest.fixture
def threaded_server():
    """A server that answers requests in parallel, to see the client's concurrency."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_downloads_run_in_parallel_but_never_more_than_jobs(threaded_server, session, site):
    jobs, count = 3, 9
    rendezvous = threading.Barrier(jobs, timeout=5)  # passes only when `jobs` requests are in flight
    lock, active, peak = threading.Lock(), [0], [0]

    def handler(_request: Request) -> Response:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        try:
            rendezvous.wait()
        finally:
            with lock:
                active[0] -= 1
        return Response(png(), content_type="image/png")

    threaded_server.expect_request("/par.png").respond_with_handler(handler)
    urls = [threaded_server.url_for(f"/par.png?i={i}") for i in range(count)]

    _, report = localize(make_post(urls), site, session, settings=Settings(jobs=jobs))

    assert report.failed == [] and report.downloaded == count
    assert peak[0] == jobs


def test_a_post_without_images_touches_nothing(httpserver, site):
    post = make_post([], body="Just text.\n")

    new, report = localize_images(post, site, Settings(), None)

    assert md(new) == md(post) and new is not post
    assert report.summary == "0 images" and list(site.iterdir()) == []


def test_no_temp_files_are_left_after_failures(httpserver, session, site):
    good = serve(httpserver, "/good.png", png())
    bad = serve(httpserver, "/bad.png", HTML)
    unsavable = serve(httpserver, "/unsavable.png", png2())
    (folder(site) / "003.png").mkdir(parents=True)  # the rename onto it fails after the temp file is written

    _, report = localize(make_post([good, bad, unsavable]), site, session)

    assert [u for u, _ in report.failed] == [bad, unsavable]
    assert not [n for n in files(site) if n.endswith(".tmp")]


def test_summary_wording():
    assert ImageReport(total=1).summary == "1 image"
    assert ImageReport(total=12, downloaded=11, failed=[("u", "r")]).summary == "12 images, 1 failed"
    assert ImageReport().summary == "0 images"


# ------------------------------------------------------------------ references as structure


def converted(markup: str, *, cover: str = "", key: str = "image") -> Post:
    """A post as `convert` builds it: the cleaned tree is its body, rendered only when written."""
    from wx2md.clean import clean, iter_images
    from wx2md.models import Article, Metadata
    from wx2md.post import build_post
    from wx2md.tree import parse_fragment

    tree = clean(parse_fragment(markup))
    meta = Metadata(title="A post", url="https://mp.weixin.qq.com/s/abc", cover=cover,
                    published=datetime(2025, 1, 2, 3, 4, 5, tzinfo=TZ8))
    return build_post(Article("article", meta, tree), tree, list(iter_images(tree)), Settings(cover_key=key))


def test_a_converted_post_has_its_tree_relinked_and_is_rendered_once_at_the_end(httpserver, session, site):
    from bs4 import Tag

    from wx2md.post import render

    a = serve(httpserver, "/tree/a.png?wx_fmt=png&from=appmsg", png())
    b = serve(httpserver, "/tree/b.jpg", jpeg())
    c = serve(httpserver, "/tree/c.png", png2())
    table = (f'<table><tr><td rowspan="2"><img src="{a.replace("&", "&amp;")}"></td><td>x</td></tr>'
             "<tr><td>y</td></tr></table>")
    post = converted(f'<p>甲</p><p><img src="{a}" alt="一"></p><p><a href="{b}">原图</a></p>'
                     f'<p><img src="{b}"></p>{table}', cover=c)
    before = render(post)
    assert isinstance(post.content, Tag) and post.images == [a, b]

    new, report = localize(post, site, session)

    local_a, local_b = f"/{IMG_DIR}/{SLUG}/001.png", f"/{IMG_DIR}/{SLUG}/002.jpg"
    text = render(new)
    assert f"![一]({local_a})" in text and f"![]({local_b})" in text
    assert f'<td rowspan="2"><img src="{local_a}"/></td>' in text  # the table kept as HTML too
    assert f"[原图]({b})" in text  # a link to the same URL is not an image reference
    assert "127.0.0.1" not in text.replace(f"[原图]({b})", "")
    assert new.cover == f"/{IMG_DIR}/{SLUG}/cover.png" and f"image: {new.cover}\nsource:" in text
    assert render(post) == before  # the input post, its tree included, is untouched
    assert report.summary == "3 images"


def test_download_images_alone_gives_the_links_for_any_command(httpserver, session, site):
    """What `normalize` calls for a post that starts as Markdown: URLs in, links and report out."""
    from wx2md.images import download_images

    ok = serve(httpserver, "/dl/ok.png", png())
    bad = httpserver.url_for("/dl/missing.png")
    cover = serve(httpserver, "/dl/cover.jpg", jpeg())

    done = download_images([ok, bad, ok], cover, site=site, slug=SLUG, settings=Settings(cover_key="header-img"),
                           session=session)

    assert done.links == {ok: f"/{IMG_DIR}/{SLUG}/001.png", bad: bad, cover: f"/{IMG_DIR}/{SLUG}/cover.jpg"}
    assert done.cover == f"{IMG_DIR}/{SLUG}/cover.jpg"  # header-img: relative
    assert [u for u, _ in done.report.failed] == [bad]
    assert json.loads((folder(site) / MANIFEST).read_text(encoding="utf-8")) == {
        ok: "001.png", cover: "cover.jpg"}


def test_relink_markdown_touches_image_nodes_only():
    from wx2md.images import relink_markdown

    url, local = "https://mmbiz.qpic.cn/a/640?wx_fmt=png&from=appmsg", "/img/001.png"
    text = (f'![a]({url} "title")\n\n[![b](<{url}>)]({url})\n\n```\n![code]({url})\n```\n\n'
            f'<td><img alt="" src="{url.replace("&", "&amp;")}"/></td> and {url} in text\n')

    out = relink_markdown(text, {url: local, "https://other/x.png": "/img/002.png"})

    assert out == (f'![a]({local} "title")\n\n[![b](<{local}>)]({url})\n\n```\n![code]({url})\n```\n\n'
                   f'<td><img alt="" src="{local}"/></td> and {url} in text\n')
    assert relink_markdown(text, {url: url}) == text


@pytest.mark.parametrize(
    ("head", "cover", "keys"),
    [
        ({"layout": "post", "tags": [], "source": "s", "original": True}, "c", ["layout", "tags", "image", "source", "original"]),
        ({"layout": "post", "original": True}, "c", ["layout", "image", "original"]),
        ({"layout": "post"}, "c", ["layout", "image"]),
        ({"image": "old", "layout": "post", "source": "s"}, "c", ["image", "layout", "source"]),  # keeps its place
        ({"image": "old", "layout": "post"}, "", ["layout"]),
    ],
)
def test_the_cover_is_a_field_written_in_its_place(head, cover, keys):
    post = Post(head=head, content="", slug="s", date=datetime(2025, 1, 1, tzinfo=timezone.utc), cover=cover)
    assert list(post.front_matter) == keys
    assert post.front_matter.get("image", "") == cover


def test_under_a_baseurl_body_links_carry_it_and_the_cover_does_not(httpserver, session, site):
    a = serve(httpserver, "/base/a.png", png())
    c = serve(httpserver, "/base/c.jpg", jpeg())
    settings = Settings(baseurl="/blog/", jobs=2)

    tree_post, _ = localize(converted(f'<p><img src="{a}"></p>', cover=c), site, session, settings=settings)
    text_post, _ = localize(make_post([a], cover=c), site, session, settings=settings)

    for new in (tree_post, text_post):
        assert f"(/blog/{IMG_DIR}/{SLUG}/001.png)" in md(new)
        assert new.cover == f"/{IMG_DIR}/{SLUG}/cover.jpg"  # themes put site.baseurl in front of covers


def test_the_image_folder_is_synced_once_for_all_its_files(httpserver, session, site, monkeypatch):
    """Every image file is fsynced before its rename; the folder once after the last (and once
    for the manifest): a folder fsync per image held the download threads in line."""
    import wx2md.images as images_module
    import wx2md.site as site_module

    synced: list[Path] = []
    real = site_module._sync_folder
    monkeypatch.setattr(site_module, "_sync_folder", lambda f: synced.append(f) or real(f))
    monkeypatch.setattr(images_module, "sync_folder", lambda f: synced.append(f) or real(f))
    urls = [serve(httpserver, f"/many/{i}/640", png()) for i in range(6)]

    _, report = localize(make_post(urls), site, session)

    assert report.downloaded == 6 and not report.failed
    assert synced == [folder(site), folder(site)]  # the images' renames, then the manifest's
