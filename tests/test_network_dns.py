"""Name lookups bounded by the fetch's deadline, asked once per run, and connected to by name.

No network and no real DNS: the resolver is injected (a dict, or a lookup that
never answers), servers run on 127.0.0.1. No sleeps, no timing asserts: the
blocked lookup is told by the message and by how often it was asked.
"""

from __future__ import annotations

import socket
import ssl
import threading

import pytest
from pytest_httpserver import HTTPServer

from wx2md.errors import FetchError, ImageError
from wx2md.http import BREAKER_THRESHOLD, HostBook, Resolver, fetch, make_session
from wx2md.images import fetch_image

NAME = "blog.example"


class Lookups:
    """An injected getaddrinfo: `answers` maps names to addresses; others never answer."""

    def __init__(self, answers: dict[str, str] | None = None) -> None:
        self.answers = answers or {}
        self.asked: list[str] = []
        self.release = threading.Event()  # set only at teardown, so blocked threads can end

    def __call__(self, host, port, family=0, type=0, *args):
        self.asked.append(host)
        if host in self.answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (self.answers[host], 0))]
        self.release.wait()
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")


@pytest.fixture
def lookups():
    fake = Lookups()
    yield fake
    fake.release.set()


def test_a_lookup_that_never_answers_is_cut_at_the_deadline_and_said_plainly(lookups):
    session = make_session(retries=3, backoff=0, image_deadline=0.05, hosts=HostBook(lookup=lookups))

    with pytest.raises(ImageError) as caught:
        fetch_image(session, "https://mmbiz.qpic.cn/mmbiz_png/x/640")

    assert caught.value.message.startswith("cannot resolve mmbiz.qpic.cn (no answer in ")
    assert caught.value.message.endswith(" s)") and "\n" not in caught.value.message


def test_a_host_whose_lookup_hangs_is_asked_once_and_given_up_after_the_breaker_opens(lookups):
    session = make_session(retries=3, backoff=0, image_deadline=0.05, hosts=HostBook(lookup=lookups))
    reasons = []
    for n in range(BREAKER_THRESHOLD + 3):
        with pytest.raises(ImageError) as caught:
            fetch_image(session, f"https://mmbiz.qpic.cn/mmbiz_png/{n}/640")
        reasons.append(caught.value.message)

    assert lookups.asked == ["mmbiz.qpic.cn"]  # not asked again: the first answer (none) stands for the run
    assert all(r.startswith("cannot resolve mmbiz.qpic.cn (no answer in") for r in reasons[:BREAKER_THRESHOLD])
    assert {r.split(" (")[0] for r in reasons[BREAKER_THRESHOLD:]} == {"skipped: mmbiz.qpic.cn is unreachable"}
    notices = session.hosts.notices()
    assert len(notices) == 1 and notices[0].startswith("mmbiz.qpic.cn: 3 connections in a row failed (cannot resolve")
    assert session.hosts.is_down("mmbiz.qpic.cn")


def test_a_page_fetch_waits_no_longer_than_its_deadline_for_the_resolver(lookups):
    session = make_session(retries=0, hosts=HostBook(lookup=lookups))

    with pytest.raises(FetchError, match=r"^cannot resolve mp\.weixin\.qq\.com \(no answer in 0\.0[1-5] s\)$"):
        fetch(session, "https://mp.weixin.qq.com/s/abc", deadline=0.05, max_bytes=100)


def test_other_hosts_are_not_held_up_by_a_hanging_lookup(lookups, httpserver_ipv4):
    lookups.answers[NAME] = "127.0.0.1"
    session = make_session(retries=0, hosts=HostBook(lookup=lookups))
    httpserver_ipv4.expect_request("/ok").respond_with_data("fine")
    with pytest.raises(FetchError):
        fetch(session, "http://hangs.example/x", deadline=0.05, max_bytes=100)

    body = fetch(session, f"http://{NAME}:{httpserver_ipv4.port}/ok", deadline=5, max_bytes=100)

    assert body.content == b"fine"


def test_the_answer_is_used_and_the_name_still_goes_in_the_host_header(httpserver_ipv4):
    lookups = Lookups({NAME: "127.0.0.1"})
    session = make_session(retries=0, hosts=HostBook(lookup=lookups))
    seen = []
    httpserver_ipv4.expect_request("/a").respond_with_handler(
        lambda request: seen.append(request.headers["Host"]) or __import__("werkzeug").Response("ok"))

    for _ in range(3):
        assert fetch(session, f"http://{NAME}:{httpserver_ipv4.port}/a", deadline=5, max_bytes=100).status == 200

    assert seen == [f"{NAME}:{httpserver_ipv4.port}"] * 3
    assert lookups.asked == [NAME]  # cached for the run


def test_a_failed_lookup_is_remembered_not_asked_again():
    asked = []

    def nxdomain(host, *args):
        asked.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    resolver = Resolver(nxdomain)
    for _ in range(3):
        with pytest.raises(socket.gaierror):
            resolver.addresses("gone.example", 1.0)

    assert asked == ["gone.example"]


def test_numeric_hosts_are_not_looked_up():
    resolver = Resolver(lambda *a: pytest.fail("looked up a numeric address"))

    assert resolver.addresses("127.0.0.1", 0) == ["127.0.0.1"]
    assert resolver.addresses("[::1]", 0) == ["::1"]


def test_the_next_address_is_tried_when_the_first_refuses(httpserver_ipv4):
    # 127.0.0.3 is loopback too, but nobody listens there: refused, then the next address answers.
    answers = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.3", 0)),
               (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 0))]
    session = make_session(retries=0, hosts=HostBook(lookup=lambda *a: answers))
    httpserver_ipv4.expect_request("/b").respond_with_data("second")

    body = fetch(session, f"http://{NAME}:{httpserver_ipv4.port}/b", deadline=5, max_bytes=100)

    assert body.content == b"second"


# ------------------------------------------------------------------ TLS: SNI and the certificate name


@pytest.fixture
def tls_server(monkeypatch):
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):  # requests lets these beat session.verify
        monkeypatch.delenv(name, raising=False)
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(NAME).configure_cert(context)
    names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.start()
    with ca.cert_pem.tempfile() as ca_file:
        yield server, ca_file, names
    server.clear()
    if server.is_running():
        server.stop()


def test_https_to_the_resolved_address_sends_the_name_for_sni_and_checks_the_certificate(tls_server):
    server, ca_file, names = tls_server
    server.expect_request("/s/x").respond_with_data("secure")
    session = make_session(retries=0, hosts=HostBook(lookup=Lookups({NAME: "127.0.0.1"})))
    session.verify = ca_file

    body = fetch(session, f"https://{NAME}:{server.port}/s/x", deadline=5, max_bytes=100)

    assert body.content == b"secure"
    assert names == [NAME]


def test_a_certificate_for_another_name_is_still_refused(tls_server):
    server, ca_file, _ = tls_server
    session = make_session(retries=0, hosts=HostBook(lookup=Lookups({"other.example": "127.0.0.1"})))
    session.verify = ca_file

    with pytest.raises(FetchError, match=r"^TLS error with other\.example$"):
        fetch(session, f"https://other.example:{server.port}/s/x", deadline=5, max_bytes=100)


def test_through_an_http_proxy_only_the_proxy_is_connected_to(lookups, httpserver_ipv4, monkeypatch):
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    httpserver_ipv4.expect_request("/s/p").respond_with_data("via proxy")
    session = make_session(retries=0, hosts=HostBook(lookup=lookups))
    session.proxies = {"http": f"http://127.0.0.1:{httpserver_ipv4.port}"}

    body = fetch(session, "http://unresolvable.example/s/p", deadline=5, max_bytes=100)

    assert body.content == b"via proxy"
    assert lookups.asked == []  # the proxy resolves the target, not us
