"""URL lists: fetched politely from a local server; the verification wall and a dead network stop the batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_migrate_helpers import archive, posts, report, run
from werkzeug.wrappers import Response

from wx2md.http import make_session
from wx2md.migrate import Options, migrate
from wx2md.migrate.fetch import Fetcher, Politeness
from wx2md.migrate.items import Item
from wx2md.settings import Settings


@pytest.fixture
def wechat(httpserver, monkeypatch):
    """A local server that counts as WeChat; article n is served at /s/art<n>."""
    monkeypatch.setattr("wx2md.urls.ARTICLE_HOSTS", ("mp.weixin.qq.com", "127.0.0.1", "localhost"))
    return httpserver


def _serve(server, n: int) -> str:
    a = archive.article(n)
    server.expect_request(f"/s/art{n}").respond_with_data(archive.server_page(a), content_type="text/html; charset=utf-8")
    return server.url_for(f"/s/art{n}")


def _requested(server) -> list[str]:
    return [request.path for request, _ in server.log]


def test_url_list_is_fetched_and_converted(tmp_path: Path, wechat):
    urls = [_serve(wechat, n) for n in range(3)]
    (tmp_path / "urls.txt").write_text("# my articles\n" + "\n".join(urls) + "\n", encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(tmp_path / "urls.txt"), "--site", str(site), "--delay", "0", "-j", "1",
                 "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    assert [r["status"] for r in report(tmp_path / "r.json")] == ["written"] * 3
    titles = sorted(front["title"] for front, _ in posts(site).values())
    assert titles == sorted(archive.article(n).title for n in range(3))


def test_list_without_bodies_fetches_each_link_once(tmp_path: Path, wechat):
    """An MP backend list alone: every record's link is fetched (escaped as the backend writes it)."""
    urls = [_serve(wechat, n) for n in range(2)]
    items = [{"aid": f"{n}_1", "title": archive.article(n).title, "link": u.replace("/", "\\/") + "#rd",
              "create_time": 1600000000 + n} for n, u in enumerate(urls)]
    (tmp_path / "list.json").write_text(json.dumps({"app_msg_list": items}), encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(tmp_path / "list.json"), "--site", str(site), "--delay", "0", "-j", "1",
                 "--fetch-missing")
    assert result.exit_code == 0, result.output
    assert sorted(_requested(wechat)) == ["/s/art0", "/s/art1"]
    assert len(posts(site)) == 2


def test_verification_wall_stops_the_batch_and_resume_carries_on(tmp_path: Path, wechat):
    first = _serve(wechat, 0)
    wechat.expect_request("/s/art1").respond_with_response(
        Response(status=302, headers={"Location": "/mp/wappoc_appmsgcaptcha?poc_token=x"}))
    wechat.expect_request("/mp/wappoc_appmsgcaptcha").respond_with_data("环境异常", content_type="text/html")
    third = wechat.url_for("/s/art2")
    (tmp_path / "urls.txt").write_text(f"{first}\n{wechat.url_for('/s/art1')}\n{third}\n", encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(tmp_path / "urls.txt"), "--site", str(site), "--delay", "0", "-j", "1")
    assert result.exit_code == 6
    assert "verification wall" in result.output and "--resume" in result.output
    assert "/s/art2" not in _requested(wechat)  # nothing after the wall is tried
    assert len(posts(site)) == 1

    wechat.clear()
    for n in range(3):
        _serve(wechat, n)
    again = run(str(tmp_path / "urls.txt"), "--site", str(site), "--delay", "0", "-j", "1",
                "--resume", "--report", str(tmp_path / "r.json"))
    assert again.exit_code == 0, again.output
    assert [r["status"] for r in report(tmp_path / "r.json")] == ["skipped", "written", "written"]
    assert "/s/art0" not in _requested(wechat)  # finished before: not fetched again
    assert len(posts(site)) == 3


def test_network_down_stops_after_a_few_failures(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("wx2md.urls.ARTICLE_HOSTS", ("mp.weixin.qq.com", "127.0.0.1"))
    urls = [f"http://127.0.0.1:9/s/down{n}" for n in range(6)]  # port 9 (discard): connection refused
    (tmp_path / "urls.txt").write_text("\n".join(urls) + "\n", encoding="utf-8")
    site = tmp_path / "site"
    options = Options(jobs=1, politeness=Politeness(delay=0, max_network_failures=3))
    seen = []

    def session():
        s = make_session(retries=0)
        s.hooks["response"].append(lambda r, *a, **k: seen.append(r.url))
        return s

    summary = migrate([str(tmp_path / "urls.txt")], site, Settings(), options, session_factory=session)
    assert summary.exit_code == 4 and "network seems down" in summary.stopped and "--resume" in summary.stopped
    assert summary.counts == {"failed": 3, "not-fetched": 3}  # the other three were not tried, and say so


def test_fetcher_waits_with_jitter_between_requests(monkeypatch):
    waits: list[float] = []
    fetched: list[str] = []
    monkeypatch.setattr("wx2md.migrate.fetch.fetch_page", lambda url, session: fetched.append(url) or "<html></html>")
    fetcher = Fetcher(lambda: None, Politeness(delay=2.0, jitter=0.5, jobs=1), sleep=waits.append)
    items = [Item(identity=str(n), source=str(n), shape="url", kind="url", url=f"https://x/{n}") for n in range(5)]
    out = list(fetcher.stream(items))
    assert [i.kind for i in out] == ["page"] * 5 and fetched == [f"https://x/{n}" for n in range(5)]
    assert len(waits) == 4  # none before the first request
    assert all(1.0 <= w <= 3.0 for w in waits) and len(set(waits)) > 1


def test_images_the_archive_holds_are_copied_the_rest_downloaded(tmp_path: Path, httpserver):
    """With downloads on: the saved copy serves its image (no request), the other image is fetched."""
    a = archive.article(1)
    held = httpserver.url_for("/img/held.png")
    remote = httpserver.url_for("/img/remote.png")
    httpserver.expect_request("/img/remote.png").respond_with_data(archive.png((0, 0, 0)), content_type="image/png")
    (tmp_path / "arch" / "page_files").mkdir(parents=True)
    (tmp_path / "arch" / "page_files" / "held.png").write_bytes(archive.png((9, 9, 9)))
    images = [f'data-src="{held}" src="./page_files/held.png"', f'data-src="{remote}"']
    (tmp_path / "arch" / "page.html").write_text(archive.server_page(a, images), encoding="utf-8")
    site = tmp_path / "site"
    result = run(str(tmp_path / "arch"), "--site", str(site), "-j", "1", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    assert report(tmp_path / "r.json")[0]["reason"] == "2 images"
    assert _requested(httpserver) == ["/img/remote.png"]  # the held one never went to the network
    (front, body), = posts(site).values()
    files = sorted(p.read_bytes() for p in (site / "assets").rglob("*.png"))
    assert files == sorted([archive.png((9, 9, 9)), archive.png((0, 0, 0))])
    assert "127.0.0.1" not in body
