"""Images the archive already holds: copied into the site by the image stage, never fetched.

Exporters save pictures beside the page (`<name>/assets/3.jpg`, a browser's
`NAME_files/640`, `<md5>.png` beside a Markdown file, base64 in the file itself).
The cleaner drops relative image paths (they point nowhere on the web), so each
one that exists is first given a stand-in URL under `ARCHIVE_HOST` (a reserved
`.invalid` name that can never resolve) and the image stage is handed a requests
Session whose adapter answers those URLs, and any remote URL the archive holds a
copy of, from disk. The image stage then checks, names and saves them exactly as
it does downloads: one code path for both.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3.response import HTTPResponse

from wx2md.urls import clean_image_url
from wx2md.wechat import LAZY_SRC

ARCHIVE_HOST = "archive.wx2md.invalid"
MAX_LOCAL_BYTES = 20 * 1024 * 1024
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
_ATTR = re.compile(r"\b(" + LAZY_SRC + r"""|src)\s*=\s*(["'])(.*?)\2""", re.I | re.S)
_MD_IMAGE = re.compile(r"(!\[[^\]\n]*\]\()\s*<?([^)\s>]+)>?((?:\s+\"[^\"]*\")?\s*\))")
_MD_REF_DEF = re.compile(r"^( {0,3}\[[^\]\n]+\]:\s*)<?(\S+?)>?(\s.*)?$\n?", re.M)
_MD_REF_IMAGE = re.compile(r"!\[([^\]\n]*)\]\[([^\]\n]*)\]")
_DATA_URI = re.compile(r"^data:image/([a-z0-9.+-]+);base64,(.+)$", re.I | re.S)


class ArchiveImages:
    """URL -> local file (or bytes) for one item; picklable, so workers hand it to the parent."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self.blobs: dict[str, bytes] = {}

    def __bool__(self) -> bool:
        return bool(self.files or self.blobs)

    def holds(self, url: str) -> bool:
        return url in self.files or url in self.blobs

    def local_file(self, path: Path) -> str:
        """The stand-in URL for an archive file (stable: the same file, the same URL)."""
        key = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:12]
        url = f"https://{ARCHIVE_HOST}/{key}/{quote(_safe_name(path.name))}"
        self.files[url] = str(path)
        return url

    def blob(self, data: bytes, ext: str) -> str:
        key = hashlib.sha1(data).hexdigest()[:16]
        url = f"https://{ARCHIVE_HOST}/{key}/image.{ext}"
        self.blobs[url] = data
        return url

    def alias(self, remote: str, path: Path) -> None:
        """A remote image the archive holds a copy of: served from the copy."""
        url = clean_image_url(remote)
        if url:
            self.files[url] = str(path)

    def read(self, url: str) -> bytes | None:
        if url in self.blobs:
            return self.blobs[url]
        path = self.files.get(url)
        if path is None:
            return None
        with open(path, "rb") as handle:
            return handle.read(MAX_LOCAL_BYTES + 1)


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name) or "image"


def _local(base: Path, root: Path, ref: str) -> Path | None:
    """The archive file `ref` names, relative to the page, if it exists inside the archive."""
    ref = html.unescape(ref.strip())
    if not ref or re.match(r"^[a-z][a-z0-9+.-]*:|^//", ref, re.I):
        return None
    ref = unquote(ref.split("#")[0].split("?")[0])
    try:
        path = (base / ref).resolve()
        root = root.resolve()
    except (OSError, ValueError):
        return None
    if (path == root or root in path.parents) and path.is_file():
        return path
    return None


# ------------------------------------------------------------------ rewriting sources


def localize_html(markup: str, base: Path, root: Path, images: ArchiveImages) -> str:
    """Relative `<img>` sources that exist in the archive become stand-in URLs; remote ones with a
    local copy are aliased to it. Attribute-level only, so the page is otherwise untouched."""

    def tag(match: re.Match[str]) -> str:
        text = match.group(0)
        attrs = {m.group(1).lower(): m.group(3) for m in _ATTR.finditer(text)}
        local_src = _local(base, root, attrs.get("src", ""))
        local_data = _local(base, root, attrs.get(LAZY_SRC, ""))
        copy = local_data or local_src
        if copy is None:
            return text
        remote = attrs.get(LAZY_SRC, "") if local_data is None else ""
        if remote and clean_image_url(remote):
            images.alias(remote, copy)  # the cleaner picks data-src: serve it from the copy
            return text
        url = images.local_file(copy)
        return _ATTR.sub(lambda m: f'{m.group(1)}="{url}"', text)

    return _IMG_TAG.sub(tag, markup)


def localize_markdown(text: str, base: Path, root: Path, images: ArchiveImages) -> str:
    """Markdown image links and reference definitions to archive files or base64 data."""

    def target(ref: str) -> str | None:
        data = _DATA_URI.match(ref.strip())
        if data:
            try:
                raw = base64.b64decode(data.group(2), validate=False)
            except ValueError:
                return None
            return images.blob(raw, data.group(1).lower().replace("jpeg", "jpg").split("+")[0])
        path = _local(base, root, ref)
        return images.local_file(path) if path else None

    def inline(match: re.Match[str]) -> str:
        url = target(match.group(2))
        return f"{match.group(1)}{url}{match.group(3)}" if url else match.group(0)

    # Reference-style images (`![][image1]` … `[image1]: data:…`) become inline images: the image
    # stage relinks image nodes, and one line per picture reads the same in every renderer.
    refs: dict[str, str] = {}

    def definition(match: re.Match[str]) -> str:
        url = target(match.group(2))
        if not url:
            return match.group(0)
        refs[match.group(1).strip().strip("[]:").strip().lower()] = url
        return ""

    text = _MD_REF_DEF.sub(definition, text)
    if refs:
        text = _MD_REF_IMAGE.sub(lambda m: _ref_image(m, refs), text)
        text = re.sub(r"\n{3,}", "\n\n", text)
    return _MD_IMAGE.sub(inline, text)


def _ref_image(match: re.Match[str], refs: dict[str, str]) -> str:
    alt, label = match.group(1), match.group(2)
    url = refs.get((label or alt).strip().lower())
    return f"![{alt}]({url})" if url else match.group(0)


# ------------------------------------------------------------------ serving them


class ArchiveAdapter(BaseAdapter):
    """A requests transport that answers from the archive; everything else goes to `fallback`
    (the network) or, without one, fails the way an unreachable image does."""

    def __init__(self, images: ArchiveImages, fallback: BaseAdapter | None) -> None:
        super().__init__()
        self.images = images
        self.fallback = fallback

    def send(self, request, **kwargs):  # type: ignore[override]
        url = request.url
        data = self.images.read(url) if self.images.holds(url) else None
        if data is None:
            if self.fallback is not None and urlsplit(url).hostname != ARCHIVE_HOST:
                return self.fallback.send(request, **kwargs)
            raise requests.ConnectionError("not in the archive, and downloads are off")
        raw = HTTPResponse(body=io.BytesIO(data), headers={"Content-Length": str(len(data))}, status=200,
                           reason="OK", preload_content=False, decode_content=False, request_url=url)
        return HTTPAdapter().build_response(request, raw)  # a Response exactly as the network gives one

    def close(self) -> None:
        pass  # the fallback belongs to the caller's session: it closes it


def archive_session(images: ArchiveImages, network: requests.Session | None) -> requests.Session:
    """A Session that serves archive images from disk and, if `network` is given, the rest from it."""
    session = requests.Session()
    session.trust_env = network is not None  # offline, no proxy applies: requests reads none per image
    if network is not None:
        session.headers.update(network.headers)
        session.max_redirects = network.max_redirects
        plain = vars(requests.Session())
        for name, value in vars(network).items():  # what the project's session carries beyond requests'
            if name not in plain:
                setattr(session, name, value)
    fallback = network.get_adapter("https://") if network is not None else None
    adapter = ArchiveAdapter(images, fallback)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
