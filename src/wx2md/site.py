"""Files: where a post goes in the site (its engine says), and writing it safely.

Three promises live here: a post never overwrites a different post (names get
`-2`, `-3`…), the same article maps to its own file on every run (found by its
`source:` URL), and nothing is ever written outside the site directory or left
half-written (temp file in the same folder, then an atomic rename).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from wx2md.engines import Engine, for_posts
from wx2md.engines.jekyll import JEKYLL
from wx2md.errors import PostExists, UnsafePath
from wx2md.models import Post
from wx2md.urls import canonical_article_url

POSTS_DIR = JEKYLL.posts_dir  # Jekyll's; other engines say their own (`Engine.posts_dir`)
# `source: URL` in YAML front matter, or `source = "URL"` in TOML (Hugo).
SOURCE_LINE = re.compile(r"^(?:source|wx2md_key)\s*[:=]\s*['\"]?(.*?)['\"]?\s*$", re.M)
HEAD_FENCES = ("---", "+++")
HEAD_BYTES = 8192


def inside(root: Path, path: Path) -> Path:
    """`path` resolved, or UnsafePath when it would land outside `root` (via .. or a symlink)."""
    root = root.resolve()
    target = path.resolve()
    if target != root and root not in target.parents:
        raise UnsafePath(f"refusing to write outside the site: {path}")
    return target


def atomic_write(root: Path, path: Path, data: bytes, *, sync_folder: bool = True) -> Path:
    """Write `data` to `path` (inside `root`) all at once: readers see the old file or the new one.

    The temp file is created with mode 0666 so the umask applies, as for any file
    a user creates (0644 in practice): a web server running as another user must
    read what Jekyll copies. An existing file keeps its mode. File and folder are
    fsynced before the rename counts as done, so a crash never leaves an empty post;
    a caller writing many files into one folder (the image stage) passes
    `sync_folder=False` and calls `sync_folder` once after the last.
    """
    with atomic_file(root, path, sync_folder=sync_folder) as handle:
        handle.write(data)
    return inside(root, path)


@contextmanager
def atomic_file(root: Path, path: Path, *, sync_folder: bool = True) -> Iterator[BinaryIO]:
    """`atomic_write` for data written a piece at a time (a report streamed row by row):
    the same temp file, modes, fsyncs and rename, done when the block ends without error."""
    target = inside(root, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    inside(root, target.parent)  # a symlinked folder could point elsewhere
    fd, tmp = _temp_file(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            _keep_mode(handle.fileno(), target)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if sync_folder:
        _sync_folder(target.parent)


def _temp_file(target: Path) -> tuple[int, Path]:
    """A new, private-named file beside `target`; `tempfile` would force mode 0600."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    while True:
        tmp = target.parent / f".{target.name}.{os.urandom(4).hex()}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue


def drop_stale_temps(target: Path) -> None:
    """Temp files `_temp_file` made for `target` in a run killed mid-write (the caller owns the path)."""
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        stale.unlink(missing_ok=True)


def _keep_mode(fd: int, target: Path) -> None:
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return  # a new file: the umask decided
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)


def _sync_folder(folder: Path) -> None:
    """Make the renames into `folder` durable (POSIX; Windows cannot open a folder for this)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


sync_folder = _sync_folder  # public: after writes made with sync_folder=False


class PostIndex:
    """The site's existing posts by article, read once per run (their front matter heads only)."""

    def __init__(self, site: Path, engine: Engine = JEKYLL) -> None:
        self.site = site
        self.engine = engine
        self.posts_dir = site / engine.posts_dir
        self._by_source: dict[str, Path] | None = None

    def _load(self) -> dict[str, Path]:
        found: dict[str, Path] = {}
        for path in self.engine.post_files(self.site):
            source = _source_of(path)
            if source:
                found.setdefault(article_key(source), path)
        return found

    @property
    def by_source(self) -> dict[str, Path]:
        if self._by_source is None:
            self._by_source = self._load()
        return self._by_source

    def own_post(self, source: str) -> Path | None:
        return self.by_source.get(article_key(source)) if source else None

    def remember(self, source: str, path: Path) -> None:
        if source:
            self.by_source[article_key(source)] = path


def _source_of(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return ""
    head = head.lstrip("\ufeff")
    fence = head[:3]
    if fence not in HEAD_FENCES:
        return ""
    end = head.find("\n" + fence, 3)
    match = SOURCE_LINE.search(head[: end if end > 0 else len(head)])
    return match.group(1).strip() if match else ""


def article_key(url: str) -> str:
    """What makes two URLs the same article: its canonical form, scheme aside."""
    return re.sub(r"^https?://", "", canonical_article_url(url)).rstrip("/")


def choose_path(site: Path, post: Post, index: PostIndex, *, force: bool) -> tuple[Post, Path]:
    """The post's file (and the post, its slug made unique) without clobbering anyone.

    The same article again: its existing file, only with `force`. A different
    post already holding the name (or its image folder): the next free `-N` suffix.
    """
    engine = index.engine
    own = index.own_post(post.source)
    if own is not None:
        if not force:
            raise PostExists(f"already converted as {_rel(site, own)} (use --force to update it)")
        slug = engine.slug_of(own) or post.slug
        return _with_slug(post, slug), own
    slug = post.slug
    n = 1
    while True:
        path = engine.post_path(site, slug, post.date)
        if not path.exists() and not engine.slug_taken(site, slug):
            return _with_slug(post, slug), path
        n += 1
        slug = f"{post.slug}-{n}"


def post_path(site: Path, post: Post, settings=None) -> Path:
    """Where a new post goes in the site of `settings`' engine (Jekyll without settings)."""
    return for_posts(settings).post_path(site, post.slug, post.date)


def slug_of(path: Path, settings=None) -> str:
    """The slug a post's path carries for the site's engine (Jekyll: `2024-01-02-slug.md`), or ""."""
    return for_posts(settings).slug_of(path)


def _with_slug(post: Post, slug: str) -> Post:
    from dataclasses import replace

    return post if slug == post.slug else replace(post, slug=slug)


def _rel(site: Path, path: Path) -> str:
    try:
        return str(path.relative_to(site))
    except ValueError:
        return str(path)
