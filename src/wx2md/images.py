"""Images: every picture of a post copied into the site, so the post outlives WeChat's CDN.

WeChat's CDN refuses requests without its Referer, lies about formats (`wx_fmt=jpeg`
on a GIF, WebP when asked nicely) and sometimes answers with an HTML error page; so
the Referer is always sent, the file's format is read from its bytes, and the bytes
are written exactly as received (re-encoding would kill GIF animation).

One bad image must never lose the post: each failure is recorded in the report and
that image keeps its cleaned remote URL. A manifest in the post's image folder
(`.wx2md-images.json`, a dot-file Jekyll does not publish) remembers which URL became
which file, so re-runs download nothing twice and file numbers stay put.
"""

from __future__ import annotations

import copy as copy_module
import html
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from urllib.parse import urlsplit

import requests
from bs4 import Tag
from PIL import Image, UnidentifiedImageError

from wx2md.engines import for_posts
from wx2md.errors import FetchError, ImageError
from wx2md.http import IMAGE_DEADLINE, TIMEOUT, WECHAT_REFERER, describe, fetch, make_session, read_capped
from wx2md.models import Post
from wx2md.settings import Settings
from wx2md.site import atomic_file, atomic_write, inside, sync_folder
from wx2md.source import read_local_image
from wx2md.tree import tags_in
from wx2md.urls import clean_image_url

MANIFEST = ".wx2md-images.json"
MAX_IMAGE_BYTES = 20 * 1024 * 1024  # WeChat's own upload limit is 10 MB; leave headroom
CHUNK = 64 * 1024
# No `image/webp`: WeChat's CDN answers it with WebP, which turns GIFs into stills.
ACCEPT = "image/png,image/jpeg,image/gif,image/svg+xml;q=0.9,*/*;q=0.5"
# Formats a browser can show, as Pillow names them, and the extension each gets.
EXTENSIONS = {
    "JPEG": "jpg",
    "MPO": "jpg",  # phone photos: JPEG with an extra preview frame
    "PNG": "png",
    "GIF": "gif",
    "WEBP": "webp",
    "BMP": "bmp",
    "ICO": "ico",
    "TIFF": "tiff",
    "AVIF": "avif",
}
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*\.[a-z0-9]{1,5}$")
_SVG_HEAD = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?\s*
    (?:<\?xml[^>]*>\s*)?
    (?:(?:<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)\s*)*
    <svg[\s>/]""",
    re.S | re.I | re.X,
)
# A Markdown image node up to its destination: `![alt](` then `<url>` or a URL (balanced parentheses).
MD_IMAGE = re.compile(r"(!\[(?:[^\]\\]|\\.)*\]\(\s*)(<[^<>\n]*>|(?:[^\s()<>\\]|\\.|\([^\s()]*\))+)")
# An <img> tag's src attribute, quoted (raw HTML kept in Markdown: tables with merged cells).
HTML_IMG_SRC = re.compile(r"(<img\b[^>]*?\ssrc\s*=\s*)([\"'])(.*?)\2", re.I | re.S)
_HTML_HEAD = re.compile(rb"<(?:!doctype\s+html|html|head|body|title|script)\b", re.I)

Progress = Callable[[int], object]


@dataclass
class ImageReport:
    """What happened to a post's images; the CLI turns it into warnings and an exit code."""

    total: int = 0  # distinct images handled (content + cover)
    downloaded: int = 0  # fetched this run
    reused: int = 0  # already on disk from an earlier run
    failed: list[tuple[str, str]] = field(default_factory=list)  # (cleaned url, one-line reason)

    @property
    def summary(self) -> str:
        """`12 images` or `12 images, 1 failed`: the failure count only when there is one."""
        text = f"{self.total} image{'' if self.total == 1 else 's'}"
        return f"{text}, {len(self.failed)} failed" if self.failed else text


@dataclass
class _Job:
    """One distinct image: its URL, the file stem it gets, and its file if already on disk."""

    url: str
    stem: str
    existing: str | None = None


@dataclass
class _Outcome:
    url: str
    name: str | None = None  # file name in the post's folder, when the image is local
    reason: str = ""  # why not, when it is not
    fetched: bool = False


# ------------------------------------------------------------------ entry points


@dataclass
class Localized:
    """What the image stage did for one post: the links to use, and the report.

    `links` maps every image URL it was given (content and cover, cleaned) to the
    link the body should use: the site path of the saved file (under Jekyll's
    `baseurl`), or the URL itself when the image failed.
    """

    links: dict[str, str] = field(default_factory=dict)
    cover: str = ""  # the cover's link ("" without a cover); as the engine links a cover
    report: ImageReport = field(default_factory=ImageReport)


def localize_images(
    post: Post,
    site: Path,
    settings: Settings,
    session: requests.Session | None = None,
    *,
    timeout: float | tuple[float, float] = TIMEOUT,
    max_bytes: int = MAX_IMAGE_BYTES,
    progress: Progress | None = None,
) -> tuple[Post, ImageReport]:
    """The post with its images (content and cover) saved in the site and linked locally.

    The post's image references are rewritten where they live: the `<img>` nodes of
    a converted post's tree (a copy: the input post is untouched), the image nodes
    of a post that is Markdown text. Never raises for a bad image: failures are in
    the report and keep their cleaned remote URL. Raises UnsafePath when the image
    folder would be outside `site`. With `settings.download` off it does nothing.
    """
    done = download_images(
        post.images, post.cover, site=site, slug=post.slug, settings=settings, session=session,
        timeout=timeout, max_bytes=max_bytes, progress=progress,
    )
    if not done.links:
        return replace(post), done.report
    return replace(post, content=relink(post.content, done.links), cover=done.cover or post.cover), done.report


def download_images(
    images: Iterable[str],
    cover: str | None,
    *,
    site: Path,
    slug: str,
    settings: Settings,
    session: requests.Session | None = None,
    timeout: float | tuple[float, float] = TIMEOUT,
    max_bytes: int = MAX_IMAGE_BYTES,
    progress: Progress | None = None,
) -> Localized:
    """Save a post's images in `site` and say which link each URL gets: the stage without a Post.

    The post is known by its slug (its folder is `image_dir/slug`); `images` are the
    body's image URLs in order, `cover` the cover's. Any command that has image
    URLs (`convert`, `normalize` on an old post) calls this, then rewrites its own
    references with `links` (see `relink`). Same manifest, numbering and failures
    as `localize_images`.
    """
    content = list(dict.fromkeys(u for u in images if u))
    cover_url = _cover_url(cover)
    if not settings.download or (not content and not cover_url):
        return Localized()
    engine = for_posts(settings)  # where the site's engine keeps a post's images, and how it links them
    folder = inside(site, site.joinpath(*engine.image_parts(slug, settings)))
    manifest = _read_manifest(folder)
    jobs = _plan(content, cover_url, manifest, folder)
    outcomes = _run(jobs, site, folder, settings, session, timeout, max_bytes, progress)
    if any(o.fetched for o in outcomes):
        sync_folder(folder)  # the renames of every file saved, durable at once
    _save_manifest(site, folder, manifest, outcomes)
    links = {o.url: engine.image_link(slug, o.name, settings) if o.name else o.url for o in outcomes}
    cover = next((o for o in outcomes if o.url == cover_url), None) if cover_url else None
    cover_link = "" if cover is None else engine.image_link(slug, cover.name, settings, cover=True) if cover.name \
        else cover.url
    return Localized(links, cover_link, _report(outcomes))


def _cover_url(value: object) -> str | None:
    """The cover's URL as the image stage keys it: cleaned when it can be, else as given."""
    if not isinstance(value, str) or not value.strip():
        return None
    return clean_image_url(value) or value.strip()


# ------------------------------------------------------------------ planning


def _read_manifest(folder: Path) -> dict[str, str]:
    """URL -> file name from an earlier run; a missing or damaged manifest is just empty."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    # Names are ours; anything else (a path, a dot-file) means someone edited it: ignore.
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str) and SAFE_NAME.match(v)}


def _plan(content: list[str], cover: str | None, manifest: dict[str, str], folder: Path) -> list[_Job]:
    """A stem for every distinct image: the manifest's, else the next free number.

    Numbers follow the order of the post's images on a first run; later runs keep
    every number they handed out, so links in older copies of the post stay valid.
    """
    taken = {Path(n).stem for n in manifest.values()}
    claimed: set[str] = set()
    jobs = []
    number = _numbers(taken, claimed)
    for url in content:
        jobs.append(_job(url, manifest, folder, claimed, number))
    if cover and cover not in content:
        # A post has one cover: a new cover URL takes over `cover.*` from the old one.
        jobs.append(_job(cover, manifest, folder, claimed, lambda: _free_stem("cover", claimed)))
    return jobs


def _job(url: str, manifest: dict[str, str], folder: Path, claimed: set[str], fresh: Callable[[], str]) -> _Job:
    known = manifest.get(url)
    stem = Path(known).stem if known and Path(known).stem not in claimed else fresh()
    claimed.add(stem)
    existing = known if known and Path(known).stem == stem and _non_empty(folder / known) else None
    return _Job(url, stem, existing)


def _numbers(taken: set[str], claimed: set[str]) -> Callable[[], str]:
    """The free numbers (`001`, `002`…) in order, one per call: none in `taken` or `claimed`.

    Every stem claimed besides these is a manifest's, so in `taken` already: the next
    free number never goes down, and each call starts where the last one stopped
    (looking from 1 each time made planning quadratic in the post's images).
    """
    n = 0

    def next_free() -> str:
        nonlocal n
        n += 1
        while f"{n:03d}" in taken or f"{n:03d}" in claimed:
            n += 1
        return f"{n:03d}"

    return next_free


def _free_stem(base: str, taken: set[str]) -> str:
    stem, n = base, 2
    while stem in taken:
        stem, n = f"{base}-{n}", n + 1
    return stem


def _non_empty(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


# ------------------------------------------------------------------ running


def _run(
    jobs: list[_Job],
    site: Path,
    folder: Path,
    settings: Settings,
    session: requests.Session | None,
    timeout: float | tuple[float, float],
    max_bytes: int,
    progress: Progress | None,
) -> list[_Outcome]:
    """Every job's outcome, in job order; downloads run on `settings.jobs` threads."""
    tick = progress or _no_progress
    done: dict[str, _Outcome] = {}
    for job in jobs:
        if job.existing:
            done[job.url] = _Outcome(job.url, name=job.existing)
            tick(1)
    todo = [j for j in jobs if not j.existing]
    if todo:
        with _session_for(session, settings.jobs) as shared:
            fetch = partial(_localize, session=shared, site=site, folder=folder, timeout=timeout, max_bytes=max_bytes)
            for outcome in _map(fetch, todo, max(1, min(settings.jobs, len(todo)))):
                done[outcome.url] = outcome
                tick(1)
    return [done[j.url] for j in jobs]


def _no_progress(_n: int) -> None:
    pass


@contextmanager
def _session_for(session: requests.Session | None, jobs: int) -> Iterator[requests.Session]:
    """The caller's session, or our own with a pool wide enough for `jobs` threads (closed after)."""
    if session is not None:
        yield session
        return
    own = make_session(pool_size=max(jobs, 10))
    try:
        yield own
    finally:
        own.close()


def _map(fn: Callable[[_Job], _Outcome], jobs: list[_Job], workers: int) -> Iterable[_Outcome]:
    """Outcomes as they finish; in this thread when there is nothing to overlap."""
    if workers == 1:
        yield from map(fn, jobs)
        return
    _web_formats()  # register Pillow's plugins once, before threads race to import them
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="wx2md-img")
    try:
        for future in as_completed([pool.submit(fn, job) for job in jobs]):
            yield future.result()
    finally:
        # On UnsafePath or Ctrl-C, don't start the queued downloads.
        pool.shutdown(wait=True, cancel_futures=True)


def _localize(
    job: _Job,
    *,
    session: requests.Session,
    site: Path,
    folder: Path,
    timeout: float | tuple[float, float],
    max_bytes: int,
) -> _Outcome:
    """Download, check and save one image; any failure becomes the outcome's reason.

    The catch-alls are deliberate: this is the boundary where one image's surprise
    (a Pillow quirk, a full disk) must not take the post down. UnsafePath is let
    through: writing outside the site is a bug or an attack, not a bad image.
    """
    try:
        data = fetch_image(session, job.url, timeout=timeout, max_bytes=max_bytes)
        name = f"{job.stem}.{image_format(data)}"
    except ImageError as exc:
        return _Outcome(job.url, reason=exc.message)
    except Exception as exc:  # noqa: BLE001 - see docstring
        return _Outcome(job.url, reason=_one_line(f"unexpected {exc.__class__.__name__}: {exc}"))
    try:
        # Each file is fsynced before its rename; the folder once for all (download_images):
        # a folder fsync per image serialised the threads on the file system's journal.
        with atomic_file(site, folder / name, sync_folder=False) as handle:
            handle.write(data)
    except OSError as exc:
        return _Outcome(job.url, reason=_one_line(f"could not save {name}: {exc.strerror or exc}"))
    return _Outcome(job.url, name=name, fetched=True)


# ------------------------------------------------------------------ download


def fetch_image(
    session: requests.Session,
    url: str,
    *,
    timeout: float | tuple[float, float] = TIMEOUT,
    max_bytes: int = MAX_IMAGE_BYTES,
) -> bytes:
    """An image's bytes, or ImageError with a one-line reason.

    `timeout` bounds each wait; the session's image deadline bounds the whole
    download, retries included (http.fetch). A `file:` URL (an image a browser
    saved beside its page) is read from disk, if the session was told that folder.
    """
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "file":
        return read_local_image(session, url, max_bytes)
    if scheme not in ("http", "https"):
        raise ImageError("not an http(s) URL")
    headers = {"Referer": WECHAT_REFERER, "Accept": ACCEPT}
    deadline = getattr(session, "image_deadline", IMAGE_DEADLINE)
    try:
        response = fetch(session, url, deadline=deadline, max_bytes=max_bytes, headers=headers,
                         timeout=timeout, what="")
    except FetchError as exc:
        raise ImageError(exc.message) from exc
    if not 200 <= response.status < 300:
        raise ImageError(f"HTTP {response.status}")
    return response.content


def _read_capped(response: requests.Response, max_bytes: int) -> bytes:
    try:
        return read_capped(response, max_bytes, what="")
    except FetchError as exc:
        raise ImageError(exc.message) from exc


def _network_reason(exc: Exception) -> str:
    """A short reason for a requests failure (http.describe, named after the request's host)."""
    try:
        host = urlsplit(getattr(getattr(exc, "request", None), "url", "") or "").hostname or ""
    except ValueError:
        host = ""
    return describe(exc, host)


# ------------------------------------------------------------------ format


def image_format(data: bytes) -> str:
    """The file extension `data` deserves (`png`, `jpg`, `gif`, `svg`…), read from the bytes.

    Raises ImageError when `data` is no complete, displayable image: an HTML error
    page, a truncated download, or a decompression bomb.
    """
    if not data:
        raise ImageError("empty response")
    if _is_svg(data):
        return "svg"
    return _raster_format(data)


def _is_svg(data: bytes) -> bool:
    """SVG is text, invisible to Pillow: `<svg` first, after an optional prolog and comments."""
    return bool(_SVG_HEAD.match(data[:65536])) and b"</svg" in data.lower()


def _raster_format(data: bytes) -> str:
    fmt = ""
    try:
        with Image.open(io.BytesIO(data), formats=_web_formats()) as im:
            fmt = im.format or ""
            _check_pixels(im.size, Image.MAX_IMAGE_PIXELS)
            im.verify()  # checksums (PNG): cheap, catches corruption load() may not
        with Image.open(io.BytesIO(data), formats=_web_formats()) as im:
            _decode_fully(im)
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(f"too many pixels (decompression bomb guard, limit {Image.MAX_IMAGE_PIXELS})") from exc
    except UnidentifiedImageError as exc:
        raise ImageError(_not_image_reason(data)) from exc
    except Exception as exc:  # noqa: BLE001 - Pillow reports bad data with many exception types
        raise ImageError(f"broken or truncated {fmt or 'image'} ({_one_line(str(exc)) or exc.__class__.__name__})") from exc
    if fmt not in EXTENSIONS:
        raise ImageError(f"unsupported image format {fmt or '?'}")
    return EXTENSIONS[fmt]


def _check_pixels(size: tuple[int, int], limit: int | None) -> None:
    """Pillow only *warns* between 1x and 2x its limit, and warnings can't be caught thread-safely."""
    pixels = size[0] * size[1]
    if limit is not None and pixels > limit:
        raise ImageError(f"too many pixels: {size[0]}x{size[1]} (decompression bomb guard, limit {limit})")


def _decode_fully(im: Image.Image) -> None:
    """Decode the image (first and last frame when animated): only that proves it is complete."""
    im.load()
    if getattr(im, "is_animated", False):
        im.seek(getattr(im, "n_frames", 1) - 1)
        im.load()


@cache
def _web_formats() -> tuple[str, ...]:
    """The browser formats this Pillow can open: restricts guessing so noise can't pass as TGA."""
    Image.init()
    return tuple(f for f in EXTENSIONS if f in Image.OPEN)


def _not_image_reason(data: bytes) -> str:
    if _HTML_HEAD.search(data[:1024]):
        return "not an image (an HTML page)"
    return "not an image"


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------ results


def _save_manifest(site: Path, folder: Path, manifest: dict[str, str], outcomes: list[_Outcome]) -> None:
    """Record this run's new files; written only when something changed, so re-runs touch nothing."""
    fetched = {o.url: o.name for o in outcomes if o.fetched and o.name}
    # A file overwritten under a reused stem (a new cover) no longer holds the old URL's image.
    stems = {Path(name).stem for name in fetched.values()}
    updated = {u: n for u, n in manifest.items() if u in fetched or Path(n).stem not in stems}
    updated.update(fetched)
    if updated == manifest:
        return
    text = json.dumps(updated, ensure_ascii=False, indent=1) + "\n"
    try:
        atomic_write(site, folder / MANIFEST, text.encode("utf-8"))
    except OSError:
        pass  # the images are saved; without the manifest the next run re-downloads them


# ------------------------------------------------------------------ relinking


def relink(content: Tag | str, links: dict[str, str]) -> Tag | str:
    """A post body with each image reference pointing where `links` says; the input is untouched."""
    if isinstance(content, str):
        return relink_markdown(content, links)
    return relink_tree(content, links)


def relink_tree(tree: Tag, links: dict[str, str]) -> Tag:
    """A copy of a cleaned tree whose `<img src>` follow `links` (the tree a post is written from)."""
    if not any(url != link for url, link in links.items()):
        return tree
    copy = _copy_tree(tree)
    for img in tags_in(copy, ("img",)):
        src = img.get("src")
        if isinstance(src, str) and src in links:
            img["src"] = links[src]
    return copy


def _copy_tree(tree: Tag) -> Tag:
    """A deep copy of `tree` inside a document of its own, so later stages can still make tags."""
    from wx2md.soup import new_soup

    soup = new_soup()
    copy = copy_module.copy(tree)
    soup.append(copy)
    return copy


def relink_markdown(text: str, links: dict[str, str]) -> str:
    """Markdown whose image nodes follow `links`: `![alt](URL "title")` and raw-HTML `<img src>`.

    Only an image node's destination changes, and only when it is a whole URL in
    `links`: link targets, text and fenced code are left alone. Raw HTML carries
    the URL entity-escaped (`&amp;`), so the attribute is read and written that way.
    """
    if not any(url != link for url, link in links.items()) or ("![" not in text and "<img" not in text.lower()):
        return text
    from wx2md.markdown import fenced_lines

    out = []
    for line, code in fenced_lines(text.split("\n")):
        if not code:
            line = MD_IMAGE.sub(lambda m: _swap_markdown(m, links), line)
            line = HTML_IMG_SRC.sub(lambda m: _swap_attribute(m, links), line)
        out.append(line)
    return "\n".join(out)


def _swap_markdown(match: re.Match[str], links: dict[str, str]) -> str:
    dest = match.group(2)
    bare = dest[1:-1] if dest.startswith("<") else dest
    if bare not in links:
        return match.group(0)
    return match.group(1) + (f"<{links[bare]}>" if dest.startswith("<") else links[bare])


def _swap_attribute(match: re.Match[str], links: dict[str, str]) -> str:
    url = html.unescape(match.group(3))
    if url not in links:
        return match.group(0)
    return f"{match.group(1)}{match.group(2)}{html.escape(links[url], quote=True)}{match.group(2)}"


def _report(outcomes: list[_Outcome]) -> ImageReport:
    return ImageReport(
        total=len(outcomes),
        downloaded=sum(1 for o in outcomes if o.fetched),
        reused=sum(1 for o in outcomes if o.name and not o.fetched),
        failed=[(o.url, o.reason) for o in outcomes if not o.name],
    )
