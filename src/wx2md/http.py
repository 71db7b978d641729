"""The network edge: one Session per run and one `fetch` that every download goes through.

Three promises hold for every request, page or image:

- A total deadline, retries and redirects included. requests only knows per-socket
  timeouts, and urllib3 retries inside the transport with the full timeout each
  time (4 tries x 30 s); so the retry loop runs here, asking urllib3's `Retry` what
  to retry and how long to back off, with every wait cut to the time left.
- A size cap enforced while reading, on the decompressed bytes (urllib3 >= 2.6
  inflates no more than it is asked for), so an endless body or a gzip bomb stops
  at the cap instead of filling memory.
- Name lookups are bounded too (`Resolver`, in resolver.py): the system resolver
  blocks outside every socket timeout, so each host is looked up once per run in a
  thread of its own and the connection waits only for the time it has left; urllib3's
  connections then connect to the answer (the name still goes in SNI and Host).
- Hosts are remembered for the run (`HostBook`): a `Retry-After` holds every
  request to that host until the same moment instead of each item backing off on
  its own, and a host that failed to connect `BREAKER_THRESHOLD` times in a row is
  not tried again; each is said once, as a notice the CLI prints.

Failures are `FetchError`s with one short line naming the real cause
(`cannot resolve mmbiz.qpic.cn`, `cannot resolve mmbiz.qpic.cn (no answer in 10 s)`,
`connection refused by …`, `timed out after 30 s`).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.cookies import extract_cookies_to_jar
from urllib3.exceptions import (
    ConnectTimeoutError,
    InvalidHeader,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)
from urllib3.exceptions import TimeoutError as Urllib3Timeout
from urllib3.util.retry import Retry

from wx2md.errors import FetchError
# NoAnswer and Resolver stay importable from here: the network's names, in one place for callers.
from wx2md.resolver import CONNECT_TIMEOUT, Lookup, NoAnswer, Resolver, ResolvingAdapter  # noqa: F401

if TYPE_CHECKING:
    from wx2md.settings import Settings

# WeChat serves a stripped page (or the verification wall) to obvious bots.
USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
)
WECHAT_REFERER = "https://mp.weixin.qq.com/"
READ_TIMEOUT = 30.0  # one silence while reading
TIMEOUT = (CONNECT_TIMEOUT, READ_TIMEOUT)
PAGE_DEADLINE = 30.0  # one article page, everything included
IMAGE_DEADLINE = 30.0  # one image, everything included
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 30.0  # the longest `Retry-After` worth waiting for; longer ones fail at once
BREAKER_THRESHOLD = 3  # connection failures in a row before a host is given up for the run
CHUNK = 64 * 1024
RETRY_STATUSES = (429, 500, 502, 503, 504)

Clock = Callable[[], float]
Sleep = Callable[[float], None]


@dataclass(frozen=True)
class Body:
    """A finished response: status, headers and (for 2xx) the whole body, within the cap."""

    url: str
    status: int
    reason: str
    headers: Mapping[str, str]
    content: bytes
    hops: list[str] = field(default_factory=list)  # every redirect's Location, then the final URL


class HostBook:
    """What the run has learnt about each host: throttled until when, connect failures in a row.

    Shared by every thread of a run (one per Session); `clock` and `sleep` are
    injectable so tests can throttle without waiting.
    """

    def __init__(self, *, clock: Clock = time.monotonic, sleep: Sleep = time.sleep,
                 threshold: int = BREAKER_THRESHOLD, lookup: Lookup | None = None) -> None:
        self.clock = clock
        self.sleep = sleep
        self.threshold = threshold
        self.resolver = Resolver(lookup)  # the run's name lookups (`lookup` is injectable for tests)
        self._lock = threading.Lock()
        self._not_before: dict[str, float] = {}
        self._failures: dict[str, int] = {}
        self._down: dict[str, str] = {}  # host -> why it was given up
        self._notices: list[str] = []

    def before_request(self, host: str, stop: float) -> None:
        """Wait out the host's throttling, or fail now when it is down or would pass `stop`."""
        with self._lock:
            down = self._down.get(host)
            until = self._not_before.get(host, 0.0)
        if down:
            raise FetchError(f"skipped: {host} is unreachable ({down})")
        wait = until - self.clock()
        if wait > 0:
            if self.clock() + wait > stop:
                raise FetchError(f"{host} asked to wait {wait:.0f} s more (Retry-After); not retried in this run")
            self.sleep(wait)

    def throttle(self, host: str, seconds: float) -> None:
        """`Retry-After: seconds` from `host`: every request to it waits until then."""
        with self._lock:
            until = self.clock() + seconds
            self._not_before[host] = max(self._not_before.get(host, 0.0), until)

    def connected(self, host: str) -> None:
        with self._lock:
            self._failures.pop(host, None)

    def connect_failed(self, host: str, reason: str) -> None:
        with self._lock:
            count = self._failures.get(host, 0) + 1
            self._failures[host] = count
            if count >= self.threshold and host not in self._down:
                self._down[host] = reason
                self._notices.append(
                    f"{host}: {count} connections in a row failed ({reason}); not tried again in this run"
                )

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """What a book in another process should know (picklable): hosts given up, and throttled
        until when. Throttling times are `time.monotonic` readings, the same clock in every process."""
        with self._lock:
            now = self.clock()
            return {"down": dict(self._down),
                    "not_before": {h: t for h, t in self._not_before.items() if t > now}}

    def absorb(self, snapshot: dict[str, dict[str, Any]], *, say: bool = True) -> None:
        """Take in another book's `snapshot`; with `say`, a host newly given up is a notice here too."""
        with self._lock:
            for host, until in snapshot.get("not_before", {}).items():
                self._not_before[host] = max(self._not_before.get(host, 0.0), until)
            for host, reason in snapshot.get("down", {}).items():
                if host not in self._down:
                    self._down[host] = reason
                    if say:
                        self._notices.append(f"{host}: given up ({reason}); not tried again in this run")

    def is_down(self, host: str) -> bool:
        with self._lock:
            return host in self._down

    def notices(self) -> list[str]:
        """What happened to hosts since the last call (each thing is said once)."""
        with self._lock:
            out, self._notices = self._notices, []
        return out


class Session(requests.Session):
    """A requests Session that also carries the run's limits, retry policy and host book."""

    def __init__(self, *, retry: Retry, hosts: HostBook, page_deadline: float, image_deadline: float) -> None:
        super().__init__()
        self.retry = retry
        self.hosts = hosts
        self.page_deadline = page_deadline
        self.image_deadline = image_deadline
        self.local_roots: set[Path] = set()  # folders `file:` images may be read from
        self._environment: dict[tuple[str, str], dict[str, Any]] = {}

    def environment_for(self, url: str) -> dict[str, Any]:
        """Proxies, CA bundle and client cert for `url`'s scheme and host, read once per run.

        requests reads them from the environment for every request (`no_proxy`
        matching walks os.environ twice): a millisecond of held GIL per image, which
        eight download threads then wait for in turn.
        """
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc)
        found = self._environment.get(key)
        if found is None:
            found = self._environment[key] = self.merge_environment_settings(url, {}, True, None, None)
        return found

    def allow_local(self, folder: Path) -> None:
        """Let the image stage copy files from `folder` (a saved page's own folder)."""
        self.local_roots.add(folder.resolve())


def make_session(
    *,
    retries: int = 3,
    backoff: float = 0.5,
    pool_size: int = 16,
    page_deadline: float = PAGE_DEADLINE,
    image_deadline: float = IMAGE_DEADLINE,
    hosts: HostBook | None = None,
) -> Session:
    """A Session with browser headers and the retry policy `fetch` applies.

    `pool_size` must be at least the number of concurrent image downloads, or
    urllib3 discards connections and the keep-alive benefit is lost.
    """
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        other=0,
        redirect=False,
        backoff_factor=backoff,
        backoff_max=MAX_RETRY_AFTER,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    session = Session(retry=retry, hosts=hosts or HostBook(),
                      page_deadline=page_deadline, image_deadline=image_deadline)
    # The adapter itself never retries: `fetch` does, so that waits fit the deadline.
    adapter = ResolvingAdapter(session.hosts.resolver, max_retries=0, pool_connections=pool_size,
                               pool_maxsize=pool_size)
    session.max_redirects = MAX_REDIRECTS
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update(
        {
            "User-Agent": USER_AGENT,
            "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8",
        }
    )
    return session


def session_for(settings: Settings, hosts: HostBook | None = None) -> Session:
    """The session a command's run uses: a pool for `settings.jobs` downloads, `settings.timeout` deadlines."""
    return make_session(pool_size=max(10, settings.jobs), page_deadline=settings.timeout,
                        image_deadline=settings.timeout, hosts=hosts)


# ------------------------------------------------------------------ fetch


def fetch(
    session: requests.Session,
    url: str,
    *,
    deadline: float,
    max_bytes: int,
    headers: Mapping[str, str] | None = None,
    timeout: float | tuple[float, float] = TIMEOUT,
    what: str = "response",
) -> Body:
    """GET `url` within `deadline` seconds in all, reading at most `max_bytes` of body.

    Redirects are followed (at most MAX_REDIRECTS); 429/5xx and connection errors
    are retried per the session's policy. Returns the final response, whatever its
    status (the body only for 2xx); raises FetchError with a one-line cause.
    """
    hosts: HostBook = getattr(session, "hosts", None) or HostBook()
    policy: Retry = getattr(session, "retry", None) or Retry(total=0, redirect=False, raise_on_status=False)
    stop = hosts.clock() + deadline
    hops: list[str] = []
    retry = policy.new()
    current = _checked(url)
    for _ in range(MAX_REDIRECTS + 1):
        response, retry = _attempts(session, current, headers, hosts, retry, stop, deadline, timeout)
        with response:
            if not response.is_redirect:
                hops.append(response.url)
                content = b""
                if 200 <= response.status_code < 300:
                    content = read_capped(response, max_bytes, stop=stop, clock=hosts.clock,
                                          deadline=deadline, what=what)
                return Body(response.url, response.status_code, response.reason or "",
                            response.headers, content, hops)
            location = session.get_redirect_target(response) or ""
            hops.append(location)
            current = _joined(response.url, location)
    raise FetchError("too many redirects")


def _joined(base: str, location: str) -> str:
    try:
        return _checked(urljoin(base, location), "redirected to an invalid URL")
    except ValueError:
        raise FetchError("redirected to an invalid URL") from None


def _checked(url: str, message: str = "invalid URL") -> str:
    """`url` if it can be parsed down to its host; `http://[` would raise ValueError everywhere."""
    try:
        urlsplit(url).hostname  # noqa: B018 - parsing is the check
    except ValueError:
        raise FetchError(message) from None
    return url


def _attempts(session, url, headers, hosts: HostBook, retry: Retry, stop: float, deadline: float,
              timeout) -> tuple[requests.Response, Retry]:
    """One hop, tried until it answers with something not worth retrying."""
    host = urlsplit(url).hostname or ""
    while True:
        hosts.before_request(host, stop)
        left = stop - hosts.clock()
        if left <= 0:
            raise FetchError(f"timed out after {deadline:g} s")
        attempt = _cut(timeout, left)
        try:
            response = _send(session, url, headers, attempt)
        except requests.RequestException as exc:
            cause = _root(exc)
            reason = describe(exc, host)
            if reason == "timed out":
                reason = f"timed out after {attempt[1]:g} s"
            if _is_connect_failure(cause):
                hosts.connect_failed(host, reason)
            if isinstance(cause, NameResolutionError) or hosts.is_down(host):
                raise FetchError(reason) from exc  # a failed lookup is not asked again in this run
            if isinstance(cause, Urllib3Timeout) and hosts.clock() >= stop - 0.001:
                raise FetchError(f"timed out after {deadline:g} s") from exc
            retry = _next(retry, url, reason, error=cause if isinstance(cause, Exception) else None)
            _back_off(hosts, retry.get_backoff_time(), stop, reason)
            continue
        hosts.connected(host)
        has_retry_after = "Retry-After" in response.headers
        if not retry.is_retry("GET", response.status_code, has_retry_after):
            return response, retry
        reason = f"HTTP {response.status_code}"
        wait = _retry_after(response)
        try:
            retry = retry.increment("GET", url, response=response.raw)
        except MaxRetryError:
            return response, retry  # retries spent: the caller reports the status
        response.close()
        if wait is not None:
            if wait > MAX_RETRY_AFTER or hosts.clock() + wait > stop:
                hosts.throttle(host, wait)
                raise FetchError(f"{host} is throttling: Retry-After {wait:.0f} s is longer than we wait")
            hosts.throttle(host, wait)  # before_request waits it out, for every thread
        else:
            _back_off(hosts, retry.get_backoff_time(), stop, reason)


def _send(session, url: str, headers, timeout) -> requests.Response:
    """One request through the session's adapter, streamed, redirects not followed.

    Session.send would read a redirect's whole body to prepare the next hop;
    going to the adapter keeps every body under our cap.
    """
    request = session.prepare_request(requests.Request("GET", url, headers=dict(headers or {})))
    if isinstance(session, Session):
        env = session.environment_for(request.url)
    else:
        env = session.merge_environment_settings(request.url, {}, True, None, None)
    adapter = session.get_adapter(request.url)
    response = adapter.send(request, stream=True, timeout=timeout, verify=env["verify"],
                            cert=env["cert"], proxies=env["proxies"])
    extract_cookies_to_jar(session.cookies, request, response.raw)
    return response


def _cut(timeout: float | tuple[float, float], left: float) -> tuple[float, float]:
    connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
    return (max(0.001, min(connect, left)), max(0.001, min(read, left)))


def _next(retry: Retry, url: str, reason: str, *, error: Exception | None) -> Retry:
    try:
        return retry.increment("GET", url, error=error)
    except MaxRetryError as exc:
        raise FetchError(reason) from exc
    except Exception as exc:  # noqa: BLE001 - Retry re-raises errors it will not retry
        raise FetchError(reason) from exc


def _back_off(hosts: HostBook, seconds: float, stop: float, reason: str) -> None:
    if seconds <= 0:
        return
    if hosts.clock() + seconds > stop:
        raise FetchError(f"{reason}; no time left to retry")
    hosts.sleep(seconds)


def _retry_after(response: requests.Response) -> float | None:
    """The response's `Retry-After` in seconds, uncapped; a malformed one counts as absent."""
    reader = Retry(respect_retry_after_header=True)
    reader.retry_after_max = 10**9  # urllib3 would say 6 h for a day: the message must tell the truth
    try:
        return reader.get_retry_after(response.raw)
    except InvalidHeader:
        return None


# ------------------------------------------------------------------ reading


def read_capped(response: requests.Response, max_bytes: int, *, stop: float | None = None,
                clock: Clock = time.monotonic, deadline: float = 0.0, what: str = "response") -> bytes:
    """The (decompressed) body, refused as soon as it passes `max_bytes` or `stop`.

    Before each read the socket's timeout is cut to the time left, so a server
    that trickles bytes cannot stretch the deadline.
    """
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes and "Content-Encoding" not in response.headers:
        raise FetchError(f"{what} larger than {size_text(max_bytes)}".strip())
    chunks, total = [], 0
    try:
        stream = response.raw.stream(CHUNK, decode_content=True)
        while True:
            if stop is not None:
                left = stop - clock()
                if left <= 0:
                    raise FetchError(f"timed out after {deadline:g} s")
                _set_socket_timeout(response, left)
            chunk = next(stream, None)
            if chunk is None:
                break
            total += len(chunk)
            if total > max_bytes:
                raise FetchError(f"{what} larger than {size_text(max_bytes)}".strip())
            chunks.append(chunk)
    except FetchError:
        raise
    except (Urllib3Timeout, socket.timeout) as exc:
        raise FetchError(f"timed out after {deadline:g} s" if deadline else "timed out") from exc
    except Exception as exc:  # noqa: BLE001 - urllib3 reports a cut body with several types
        raise FetchError(f"connection broken while reading ({_short(exc)})") from exc
    return b"".join(chunks)


def _set_socket_timeout(response: requests.Response, seconds: float) -> None:
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is not None:
        try:
            sock.settimeout(max(0.001, seconds))
        except OSError:
            pass


# ------------------------------------------------------------------ reasons


def describe(exc: BaseException, host: str = "") -> str:
    """One short line for a requests failure; its own messages run to several lines of repr."""
    cause = _root(exc)
    host = host or "the server"
    if isinstance(exc, requests.TooManyRedirects):
        return "too many redirects"
    if isinstance(cause, NameResolutionError):
        return f"cannot resolve {host}" + (f" ({cause.__cause__})" if isinstance(cause.__cause__, NoAnswer) else "")
    if isinstance(cause, NewConnectionError):  # before ConnectTimeoutError: urllib3 derives it from that
        errno_text = _errno_text(cause)
        return f"{errno_text} by {host}" if errno_text == "connection refused" else f"cannot connect to {host} ({errno_text})"
    if isinstance(cause, ConnectTimeoutError) or isinstance(exc, requests.ConnectTimeout):
        return f"cannot connect to {host} (timed out)"
    if isinstance(cause, Urllib3Timeout) or isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(cause, SSLError) or isinstance(exc, requests.exceptions.SSLError):
        return f"TLS error with {host}"
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema)):
        return "invalid URL"
    if isinstance(exc, requests.exceptions.InvalidHeader) or isinstance(cause, InvalidHeader):
        return "invalid response header"
    if isinstance(exc, requests.exceptions.InvalidSchema):
        return "redirected to a non-http(s) URL"
    if isinstance(cause, ProtocolError):
        return f"connection to {host} broken ({_short(cause)})"
    if isinstance(exc, requests.ConnectionError):
        return f"cannot connect to {host}"
    return f"request failed: {exc.__class__.__name__}"


def _root(exc: BaseException) -> BaseException:
    """The urllib3 error underneath requests' wrappers (MaxRetryError's reason, args[0])."""
    inner: Any = exc
    for _ in range(6):
        if isinstance(inner, MaxRetryError) and inner.reason is not None:
            inner = inner.reason
        elif isinstance(inner, requests.RequestException) and inner.args and isinstance(inner.args[0], BaseException):
            inner = inner.args[0]
        else:
            break
    return inner


def _is_connect_failure(cause: BaseException) -> bool:
    """The host did not let us in: DNS, refused, unreachable, or no answer to the request at all."""
    return isinstance(cause, (NewConnectionError, ConnectTimeoutError, ReadTimeoutError))


def _errno_text(exc: NewConnectionError) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return "connection refused"
    if "unreachable" in text:
        return "network unreachable"
    return "connection failed"


def _short(exc: BaseException, limit: int = 80) -> str:
    """The innermost reason of a nested urllib3/http.client error, as words, not repr.

    `ProtocolError('Connection aborted.', RemoteDisconnected('Remote end closed…'))`
    becomes `Remote end closed connection without response`.
    """
    inner: BaseException = exc
    for _ in range(6):
        nested = [a for a in inner.args if isinstance(a, BaseException)] or (
            [inner.__context__] if isinstance(inner.__context__, OSError) else [])
        if not nested:
            break
        inner = nested[-1]
    if inner.__class__.__name__ in _PLAIN:
        return _PLAIN[inner.__class__.__name__]
    if isinstance(inner, OSError) and inner.strerror:
        text = inner.strerror
    else:
        text = " ".join(str(a) for a in inner.args if isinstance(a, str))
    text = " ".join(text.split()).strip(" .")
    return text[:limit] or inner.__class__.__name__


# http.client's names for a server hanging up or talking nonsense, said plainly.
_PLAIN = {
    "IncompleteRead": "the server hung up before the end",
    "RemoteDisconnected": "the server hung up without answering",
    "BadStatusLine": "not an HTTP answer",
    "LineTooLong": "not an HTTP answer (a header line too long)",
}


def size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    if n >= 1024:
        return f"{n / 1024:g} KB"
    return f"{n} bytes"
