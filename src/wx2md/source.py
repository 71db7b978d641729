"""Source -> raw page: read a saved page from disk or fetch an article URL.

This is the only stage (besides image downloads) that touches the outside
world, so every way it can fail becomes one typed error here.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wx2md.errors import BadInput, FetchError, ImageError, VerificationWall
from wx2md.urls import ARTICLE_HOSTS, is_article_url
from wx2md.wechat import ARTICLE_HOST, CAPTCHA_PATH, LAZY_SRC

MAX_PAGE_BYTES = 64 * 1024 * 1024
CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)
IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
SRC_ATTR = re.compile(r"""\ssrc\s*=\s*(["'])(.*?)\1""", re.I | re.S)
LAZY_SRC_ATTR = re.compile(r"\s" + LAZY_SRC + r"""\s*=\s*["']\s*[^"'\s]""", re.I)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


@dataclass(frozen=True)
class RawPage:
    html: str
    url: str  # the article URL when known ("" for a saved page)
    folder: Path | None = None  # a saved page's folder: its local images may be read from there


def looks_like_url(source: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source))


def _bare_article_url(source: str) -> bool:
    """`mp.weixin.qq.com/s/abc`, as copied from an address bar: a URL unless such a file exists."""
    host = source.strip().split("/", 1)[0].lower()
    return host in ARTICLE_HOSTS and "/" in source and not _exists(Path(source))


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a name too long for the file system names no file
        return False


def read_source(source: str, session_factory) -> RawPage:
    """Read `source`, a WeChat article URL or a saved page's path.

    `session_factory` is called only when a URL must be fetched, so converting
    local files never builds an HTTP stack.
    """
    if not looks_like_url(source) and _bare_article_url(source):
        source = "https://" + source.strip()
    if looks_like_url(source):
        url = source.strip()
        if not is_article_url(url):
            raise BadInput(f"not a WeChat article URL (expected https://{ARTICLE_HOSTS[0]}/s/…)")
        if url.startswith("http://") and ARTICLE_HOST in url.split("/")[2]:
            url = "https://" + url[len("http://"):]  # WeChat serves http only as a redirect
        return RawPage(fetch_page(url, session_factory()), url)
    path = Path(source)
    html = read_file(path)
    folder = path.resolve().parent
    return RawPage(link_local_images(html, folder), "", folder)


def read_file(path: Path) -> str:
    if not _exists(path):
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


def fetch_page(url: str, session, *, deadline: float | None = None) -> str:
    """GET an article page within its deadline and size cap; failures become typed errors."""
    from wx2md.http import PAGE_DEADLINE, fetch

    if deadline is None:
        deadline = getattr(session, "page_deadline", PAGE_DEADLINE)
    response = fetch(session, url, deadline=deadline, max_bytes=MAX_PAGE_BYTES, what="page")
    if any(CAPTCHA_PATH in hop for hop in response.hops):
        raise VerificationWall("WeChat asks for verification (环境异常); wait, then retry later")
    if response.status >= 400:
        raise FetchError(f"HTTP {response.status} {response.reason}".strip())
    return decode(response.content)


# ------------------------------------------------------------------ a saved page's own images


def link_local_images(page: str, folder: Path) -> str:
    """A saved page with its local images (`./NAME_files/640`, `assets/1.jpg`) as `file:` URLs.

    A browser's "Save page as, complete" keeps the pictures beside the page and
    links them relatively, often with no `data-src` left; the cleaner only knows
    absolute URLs, so those images would vanish. Only an `<img>` without a
    `data-src` (which names the original) and whose file exists inside the page's
    folder is touched.
    """
    if "<img" not in page and "<IMG" not in page:
        return page

    pieces, last = [], 0
    for match in IMG_TAG.finditer(page):  # no re.sub: copying a 4 MB page for nothing costs more
        tag = match.group(0)
        src = SRC_ATTR.search(tag)
        if not src or LAZY_SRC_ATTR.search(tag):
            continue
        path = _local_file(htmllib.unescape(src.group(2)), folder)
        if path is not None:
            pieces += [page[last: match.start() + src.start(2)], path.as_uri()]
            last = match.start() + src.end(2)
    return "".join(pieces) + page[last:] if pieces else page


def _local_file(src: str, folder: Path) -> Path | None:
    src = src.strip()
    if not src or SCHEME.match(src):
        return None
    relative = src.split("#", 1)[0].split("?", 1)[0]
    for candidate in dict.fromkeys((relative, unquote(relative))):
        try:
            path = (folder / candidate).resolve()
        except (OSError, ValueError):
            continue
        if folder in path.parents and path.is_file():
            return path
    return None


def read_local_image(session, url: str, max_bytes: int) -> bytes:
    """The bytes of a `file:` image, only from a folder the run allowed (a saved page's own).

    A page fetched from the web could name any file on this machine; copying it
    into the site would publish it. So the folder must be in `session.local_roots`.
    """
    from urllib.request import url2pathname  # late: urllib.request pulls in http.client, email and ssl (30 ms)

    path = Path(url2pathname(unquote(urlsplit(url).path))).resolve()
    roots = getattr(session, "local_roots", ()) or ()
    if not any(root in path.parents for root in roots):
        raise ImageError("a local file outside the saved page's folder")
    try:
        if path.stat().st_size > max_bytes:
            from wx2md.http import size_text

            raise ImageError(f"larger than {size_text(max_bytes)}")
        return path.read_bytes()
    except OSError as exc:
        raise ImageError(f"cannot read the local file: {exc.strerror or exc}") from exc
