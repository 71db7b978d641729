"""Source -> raw page: read a saved page from disk or fetch an article URL.

This is the only stage (besides image downloads) that touches the outside
world, so every way it can fail becomes one typed error here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from wx2md.errors import BadInput, FetchError, VerificationWall
from wx2md.urls import ARTICLE_HOSTS, is_article_url

MAX_PAGE_BYTES = 64 * 1024 * 1024
CAPTCHA_MARK = "wappoc_appmsgcaptcha"
CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)


@dataclass(frozen=True)
class RawPage:
    html: str
    url: str  # the article URL when known ("" for a saved page)
    label: str  # how the user named it, for messages


def looks_like_url(source: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source))


def read_source(source: str, session_factory) -> RawPage:
    """Read `source`, a WeChat article URL or a saved page's path.

    `session_factory` is called only when a URL must be fetched, so converting
    local files never builds an HTTP stack.
    """
    if looks_like_url(source):
        url = source.strip()
        if not is_article_url(url):
            raise BadInput(f"not a WeChat article URL (expected https://{ARTICLE_HOSTS[0]}/s/…)")
        if url.startswith("http://") and "weixin.qq.com" in url.split("/")[2]:
            url = "https://" + url[len("http://"):]  # WeChat serves http only as a redirect
        return RawPage(fetch_page(url, session_factory()), url, source)
    return RawPage(read_file(Path(source)), "", source)


def read_file(path: Path) -> str:
    if not path.exists():
        raise BadInput("no such file")
    if not path.is_file():
        raise BadInput("not a file")
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise BadInput(f"file too large for a web page ({size // 1_048_576} MB)")
        return decode(path.read_bytes())
    except OSError as exc:
        raise BadInput(f"cannot read file: {exc.strerror or exc}") from exc


def decode(data: bytes) -> str:
    """UTF-8 (WeChat's own), else the page's declared charset, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = CHARSET.search(data[:4096])
    for encoding in ([match.group(1).decode("ascii")] if match else []) + ["gb18030"]:
        try:
            return data.decode(encoding, errors="replace")
        except LookupError:
            continue
    return data.decode("utf-8", errors="replace")


def fetch_page(url: str, session) -> str:
    """GET an article page; the verification wall and HTTP failures become typed errors."""
    import requests

    from wx2md.http import TIMEOUT

    try:
        response = session.get(url, timeout=TIMEOUT, allow_redirects=True)
    except requests.exceptions.TooManyRedirects as exc:
        raise FetchError("too many redirects") from exc
    except requests.exceptions.Timeout as exc:
        raise FetchError("timed out") from exc
    except requests.exceptions.RetryError as exc:
        raise FetchError("server kept failing (gave up after retries)") from exc
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"network error: {_reason(exc)}") from exc
    hops = [r.headers.get("Location", "") for r in response.history] + [response.url]
    if any(CAPTCHA_MARK in hop for hop in hops):
        raise VerificationWall("WeChat asks for verification (环境异常); wait, then retry later")
    if response.status_code >= 400:
        raise FetchError(f"HTTP {response.status_code} {response.reason or ''}".strip())
    if len(response.content) > MAX_PAGE_BYTES:
        raise FetchError("response too large for a web page")
    return decode(response.content)


def _reason(exc: Exception) -> str:
    text = str(exc.args[0]) if exc.args else exc.__class__.__name__
    text = re.sub(r"<[^>]+>", "", text)
    return (text.split(": ")[-1] if ": " in text else text)[:120]
