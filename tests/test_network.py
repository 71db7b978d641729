"""The network edge (http.py) against servers on 127.0.0.1: deadlines, caps, hosts, causes.

No sleeps and no timing asserts: a fake clock and sleep drive throttling, and the
servers that never answer are checked by what the client says and how often it
came, not by how long it took.
"""

from __future__ import annotations

import gzip
import socket
import threading
import tracemalloc
from collections.abc import Iterator

import pytest
from werkzeug import Response

from wx2md import source
from wx2md.errors import FetchError, ImageError
from wx2md.http import BREAKER_THRESHOLD, HostBook, fetch, make_session
from wx2md.images import fetch_image
from wx2md.source import fetch_page


@pytest.fixture
def httpserver(httpserver_ipv4):
    return httpserver_ipv4


class FakeTime:
    """A clock that moves only when someone sleeps: waits are recorded, never spent."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class SilentServer:
    """Accepts connections and never answers: what a hung server or a black hole looks like.

    With `reply`, it reads the request, sends those exact bytes (what werkzeug would refuse to
    send) and hangs up.
    """

    def __init__(self, reply: bytes | None = None) -> None:
        self.reply = reply
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)
            if self.reply is not None:
                try:
                    conn.recv(65536)
                    conn.sendall(self.reply)
                    conn.shutdown(socket.SHUT_RDWR)  # and hang up, whatever the reply promised
                except OSError:  # the test is over and closed the connection first
                    return

    def close(self) -> None:
        self.sock.close()
        for conn in self.accepted:
            conn.close()


@pytest.fixture
def silent():
    server = SilentServer()
    yield server
    server.close()


def refused_url() -> str:
    """A port nobody listens on (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# ------------------------------------------------------------------ deadlines


def test_a_silent_server_costs_one_deadline_retries_included(silent):
    session = make_session(retries=3, backoff=0, page_deadline=0.3)  # read timeout alone: 30 s x 4 tries

    with pytest.raises(FetchError) as caught:
        fetch_page(silent.url + "/s/abc", session)

    assert caught.value.message == "timed out after 0.3 s"
    assert len(silent.accepted) == 1  # no retry started after the deadline


def test_an_image_has_its_own_deadline(silent):
    session = make_session(retries=3, backoff=0, image_deadline=0.2)

    with pytest.raises(ImageError) as caught:
        fetch_image(session, silent.url + "/mmbiz/640")

    assert caught.value.message == "timed out after 0.2 s"


def test_a_server_that_answers_headers_then_stalls_is_cut_at_the_deadline(httpserver):
    release = threading.Event()

    def stall() -> Iterator[bytes]:
        yield b"<html>" + b"x" * 1024
        release.wait(10)  # bounded: the server thread is freed even if the test fails
        yield b"</html>"

    httpserver.expect_request("/s/stall").respond_with_handler(lambda _r: Response(stall(), content_type="text/html"))
    try:
        with pytest.raises(FetchError, match=r"^timed out after 0.3 s$"):
            fetch_page(httpserver.url_for("/s/stall"), make_session(retries=0, page_deadline=0.3))
    finally:
        release.set()


# ------------------------------------------------------------------ size caps


def test_an_endless_page_is_cut_at_the_cap_while_reading(httpserver, monkeypatch):
    sent = []
    total = 64 * 1024 * 1024

    def endless() -> Iterator[bytes]:
        block = b"<p>" + b"x" * 65533
        for _ in range(total // len(block)):
            sent.append(len(block))
            yield block

    monkeypatch.setattr(source, "MAX_PAGE_BYTES", 1024 * 1024)
    httpserver.expect_request("/s/endless").respond_with_handler(lambda _r: Response(endless(), content_type="text/html"))

    with pytest.raises(FetchError, match=r"^page larger than 1 MB$"):
        fetch_page(httpserver.url_for("/s/endless"), make_session(retries=0))

    assert sum(sent) < total // 2  # the client hung up long before the end


def test_a_gzip_bomb_is_cut_on_its_decompressed_size(httpserver, monkeypatch):
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # ~64 KB on the wire
    monkeypatch.setattr(source, "MAX_PAGE_BYTES", 1024 * 1024)
    httpserver.expect_request("/s/bomb").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="text/html")

    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match=r"^page larger than 1 MB$"):
            fetch_page(httpserver.url_for("/s/bomb"), make_session(retries=0))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024  # never inflated whole


def test_an_image_bomb_is_cut_too(httpserver):
    bomb = gzip.compress(b"\0" * (8 * 1024 * 1024))
    httpserver.expect_request("/img").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})

    with pytest.raises(ImageError, match=r"^larger than 1 MB$"):
        fetch_image(make_session(retries=0), httpserver.url_for("/img"), max_bytes=1024 * 1024)


def test_a_page_under_the_cap_still_reads_whole(httpserver, monkeypatch):
    monkeypatch.setattr(source, "MAX_PAGE_BYTES", 1024 * 1024)
    page = "<html>" + "文" * 300_000 + "</html>"  # 900 KB of UTF-8
    httpserver.expect_request("/s/ok").respond_with_data(gzip.compress(page.encode()),
                                                         headers={"Content-Encoding": "gzip"})

    assert fetch_page(httpserver.url_for("/s/ok"), make_session(retries=0)) == page


# ------------------------------------------------------------------ Retry-After: a property of the host


def test_a_day_long_retry_after_fails_at_once_and_holds_the_host(httpserver):
    fake = FakeTime()
    session = make_session(retries=3, backoff=0, hosts=HostBook(clock=fake.clock, sleep=fake.sleep))
    httpserver.expect_request("/s/one").respond_with_data("slow down", status=429, headers={"Retry-After": "86400"})
    httpserver.expect_request("/s/two").respond_with_data("<html>ok</html>")

    with pytest.raises(FetchError) as first:
        fetch_page(httpserver.url_for("/s/one"), session)
    with pytest.raises(FetchError) as second:
        fetch_page(httpserver.url_for("/s/two"), session)

    assert first.value.message == "127.0.0.1 is throttling: Retry-After 86400 s is longer than we wait"
    assert second.value.message.startswith("127.0.0.1 asked to wait 86400 s more (Retry-After)")
    assert fake.slept == []  # no waiting at all, let alone 30 s per try per item
    assert len(httpserver.log) == 1  # the second item never asked


def test_a_short_retry_after_is_waited_once_for_the_host(httpserver):
    fake = FakeTime()
    hosts = HostBook(clock=fake.clock, sleep=fake.sleep)
    session = make_session(retries=3, backoff=0, hosts=hosts)
    httpserver.expect_ordered_request("/s/a").respond_with_data("busy", status=503, headers={"Retry-After": "7"})
    httpserver.expect_ordered_request("/s/a").respond_with_data("<html>a</html>")

    assert fetch_page(httpserver.url_for("/s/a"), session) == "<html>a</html>"

    assert fake.slept == [7.0]


def test_a_host_throttled_by_another_item_makes_this_one_wait_without_asking(httpserver):
    fake = FakeTime()
    hosts = HostBook(clock=fake.clock, sleep=fake.sleep)
    session = make_session(retries=3, backoff=0, hosts=hosts)
    httpserver.expect_request("/s/b").respond_with_data("<html>b</html>")
    hosts.throttle("127.0.0.1", 12)  # what a 429 seen by another thread leaves behind

    assert fetch_page(httpserver.url_for("/s/b"), session) == "<html>b</html>"

    assert fake.slept == [12.0] and len(httpserver.log) == 1


def test_retry_after_longer_than_the_cap_is_not_waited(httpserver):
    fake = FakeTime()
    session = make_session(retries=3, backoff=0, page_deadline=600,
                           hosts=HostBook(clock=fake.clock, sleep=fake.sleep))
    httpserver.expect_request("/s/c").respond_with_data("busy", status=503, headers={"Retry-After": "31"})

    with pytest.raises(FetchError, match="Retry-After 31 s"):
        fetch_page(httpserver.url_for("/s/c"), session)

    assert fake.slept == []


# ------------------------------------------------------------------ causes, one clean line


def test_a_dns_failure_says_so(monkeypatch):
    real = socket.getaddrinfo

    def no_dns(host, *args, **kwargs):
        if host == "mmbiz.qpic.cn":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(ImageError) as caught:
        fetch_image(make_session(retries=3, backoff=0), "https://mmbiz.qpic.cn/mmbiz_png/x/640")

    assert caught.value.message == "cannot resolve mmbiz.qpic.cn"


def test_connection_refused_says_so():
    url = refused_url()

    with pytest.raises(FetchError) as caught:
        fetch_page(url + "/s/x", make_session(retries=1, backoff=0))

    assert caught.value.message == "connection refused by 127.0.0.1"


@pytest.mark.parametrize("status", [404, 500])
def test_http_errors_are_one_clean_line(httpserver, status):
    httpserver.expect_request("/s/e").respond_with_data("no", status=status)

    with pytest.raises(FetchError) as caught:
        fetch_page(httpserver.url_for("/s/e"), make_session(retries=1, backoff=0))

    assert caught.value.message in ("HTTP 404 NOT FOUND", "HTTP 500 INTERNAL SERVER ERROR")
    assert "\n" not in caught.value.message and '"))' not in caught.value.message


# ------------------------------------------------------------------ the breaker


def test_a_host_that_keeps_failing_to_connect_is_given_up_and_said_once(monkeypatch):
    lookups = []
    real = socket.getaddrinfo

    def no_dns(host, *args, **kwargs):
        if host == "mmbiz.qpic.cn":
            lookups.append(host)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    session = make_session(retries=3, backoff=0)
    reasons = []
    for n in range(10):
        with pytest.raises(ImageError) as caught:
            fetch_image(session, f"https://mmbiz.qpic.cn/mmbiz_png/{n}/640")
        reasons.append(caught.value.message)

    assert len(lookups) == 1  # a failed lookup is not asked again in the run; each fetch still counts
    assert reasons[:BREAKER_THRESHOLD] == ["cannot resolve mmbiz.qpic.cn"] * BREAKER_THRESHOLD
    assert set(reasons[BREAKER_THRESHOLD:]) == {"skipped: mmbiz.qpic.cn is unreachable (cannot resolve mmbiz.qpic.cn)"}
    assert session.hosts.notices() == [
        "mmbiz.qpic.cn: 3 connections in a row failed (cannot resolve mmbiz.qpic.cn); not tried again in this run"]
    assert session.hosts.notices() == []  # said once


def test_a_success_resets_the_count(httpserver):
    hosts = HostBook()
    for _ in range(BREAKER_THRESHOLD - 1):
        hosts.connect_failed("127.0.0.1", "connection refused by 127.0.0.1")
    httpserver.expect_request("/ok").respond_with_data("fine")
    session = make_session(retries=0, hosts=hosts)

    assert fetch(session, httpserver.url_for("/ok"), deadline=5, max_bytes=100).content == b"fine"
    hosts.connect_failed("127.0.0.1", "connection refused by 127.0.0.1")

    assert not hosts.is_down("127.0.0.1") and hosts.notices() == []


def test_a_silent_host_trips_the_breaker_too(silent):
    session = make_session(retries=0, image_deadline=0.1)
    for n in range(BREAKER_THRESHOLD + 2):
        with pytest.raises(ImageError):
            fetch_image(session, f"{silent.url}/{n}")

    assert len(silent.accepted) == BREAKER_THRESHOLD
    assert len(session.hosts.notices()) == 1


@pytest.mark.parametrize("url", ["http://a:99999999/x.png", "http://[::1/x", "http://exa mple.com/x"])
def test_an_unusable_url_is_one_line_not_a_crash(url):
    with pytest.raises(ImageError) as caught:
        fetch_image(make_session(retries=1, backoff=0), url)
    assert caught.value.message == "invalid URL"


def test_a_redirect_to_an_unusable_url_is_one_line():
    server = SilentServer(reply=b"HTTP/1.1 302 Found\r\nLocation: http://[::1/x\r\nContent-Length: 0\r\n\r\n")
    try:
        with pytest.raises(FetchError) as caught:
            fetch_page(server.url + "/s/bad", make_session(retries=0, page_deadline=5))
    finally:
        server.close()
    assert caught.value.message == "redirected to an invalid URL"


def test_a_server_that_hangs_up_is_named_in_plain_words():
    server = SilentServer(reply=b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n<html>cut")
    try:
        with pytest.raises(FetchError) as caught:
            fetch_page(server.url + "/s/cut", make_session(retries=0, page_deadline=5))
    finally:
        server.close()
    assert caught.value.message == "connection broken while reading (the server hung up before the end)"


@pytest.mark.parametrize("reply, message", [
    (b"", "connection to 127.0.0.1 broken (the server hung up without answering)"),
    (b"garbage\r\n\r\n", "connection to 127.0.0.1 broken (not an HTTP answer)"),
])
def test_nonsense_and_hang_ups_are_plain_words(reply, message):
    server = SilentServer(reply=reply)
    try:
        with pytest.raises(FetchError) as caught:
            fetch_page(server.url + "/s/x", make_session(retries=1, backoff=0, page_deadline=5))
    finally:
        server.close()
    assert caught.value.message == message


def test_proxy_settings_are_read_once_per_host_and_still_honoured(monkeypatch):
    """requests reads the proxy environment for every request (a millisecond of held GIL per
    image); the session reads it once per scheme and host, with NO_PROXY still applied."""
    from wx2md.http import make_session

    monkeypatch.setenv("HTTP_PROXY", "http://proxy.invalid:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    session = make_session()
    reads = []
    real = session.merge_environment_settings
    monkeypatch.setattr(session, "merge_environment_settings", lambda *a: reads.append(a[0]) or real(*a))

    far = session.environment_for("http://example.com/a/640?wx_fmt=png")
    assert session.environment_for("http://example.com/b/0") is far
    assert far["proxies"].get("http") == "http://proxy.invalid:3128"
    assert not session.environment_for("http://127.0.0.1:9/x")["proxies"].get("http")
    assert reads == ["http://example.com/a/640?wx_fmt=png", "http://127.0.0.1:9/x"]
