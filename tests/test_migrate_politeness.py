"""URL lists' politeness settings: on the command line, and what they do (sleep injected, never real)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_migrate_helpers import archive, posts, run

from wx2md.migrate import Options, migrate
from wx2md.migrate.fetch import Fetcher, Politeness
from wx2md.migrate.items import Item
from wx2md.settings import Settings


@pytest.fixture
def wechat(httpserver, monkeypatch):
    monkeypatch.setattr("wx2md.urls.ARTICLE_HOSTS", ("mp.weixin.qq.com", "127.0.0.1", "localhost"))
    return httpserver


def _url_list(tmp_path: Path, server, count: int) -> Path:
    urls = []
    for n in range(count):
        a = archive.article(n)
        server.expect_request(f"/s/art{n}").respond_with_data(archive.server_page(a),
                                                              content_type="text/html; charset=utf-8")
        urls.append(server.url_for(f"/s/art{n}"))
    path = tmp_path / "urls.txt"
    path.write_text("\n".join(urls) + "\n", encoding="utf-8")
    return path


def test_two_fetch_workers_each_wait_between_their_pages(tmp_path: Path, wechat):
    """`jobs` pages at once: each worker's first request goes at once, every later one waits delay ± jitter."""
    urls = _url_list(tmp_path, wechat, 6)
    waits: list[float] = []
    options = Options(jobs=1, politeness=Politeness(delay=1.5, jitter=0.2, jobs=2),
                      sleep=waits.append)
    summary = migrate([str(urls)], tmp_path / "site", Settings(), options)
    assert summary.counts == {"written": 6}, summary
    assert sorted(r.path for r, _ in wechat.log) == sorted(f"/s/art{n}" for n in range(6))
    assert len(waits) == 6 - 2
    assert all(1.5 * 0.8 <= w <= 1.5 * 1.2 for w in waits)
    assert sorted(front["title"] for front, _ in posts(tmp_path / "site").values()) == sorted(
        archive.article(n).title for n in range(6))


def test_fetched_items_keep_their_order_with_several_fetch_workers(monkeypatch):
    monkeypatch.setattr("wx2md.migrate.fetch.fetch_page", lambda url, session: f"<html>{url}</html>")
    fetcher = Fetcher(lambda: None, Politeness(delay=0, jobs=3))
    items = [Item(identity=str(n), source=str(n), shape="url", kind="url", url=f"https://x/{n}") for n in range(10)]
    out = list(fetcher.stream(items))
    assert [i.html for i in out] == [f"<html>https://x/{n}</html>" for n in range(10)]


def test_command_line_sets_the_politeness(tmp_path: Path, monkeypatch):
    seen = {}

    def fake(sources, site, settings, options, **kwargs):
        seen["politeness"] = options.politeness
        from wx2md.migrate.runner import Summary

        return Summary({}, 0, "migrate: 0 items")

    monkeypatch.setattr("wx2md.migrate.command.migrate", fake)
    result = run("urls.txt", "--site", str(tmp_path / "site"), "--fetch-jobs", "2", "--delay", "0.5",
                 "--jitter", "0.1")
    assert result.exit_code == 0, result.output
    assert seen["politeness"] == Politeness(delay=0.5, jitter=0.1, jobs=2)
    result = run("urls.txt", "--site", str(tmp_path / "site"))
    assert seen["politeness"] == Politeness()  # the defaults: one page at a time, 2 s ± 50 %
    assert (Politeness().jobs, Politeness().delay, Politeness().jitter) == (1, 2.0, 0.5)


@pytest.mark.parametrize("option", [["--fetch-jobs", "0"], ["--jitter", "1.5"], ["--delay", "-1"]])
def test_bad_politeness_values_are_usage_errors(tmp_path: Path, option):
    result = run("urls.txt", "--site", str(tmp_path / "site"), *option)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
