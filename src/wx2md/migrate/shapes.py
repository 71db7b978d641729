"""Sources -> Items: walk the archive, tell each file's shape, stream out the work.

A directory is read in two passes: first every article list in it (small: they
become the join Catalog), then every body (saved pages, exporter folders,
Markdown, dumps, URL lists), streamed one Item at a time. Files that belong to a
body (a page's `NAME_files/`, an exporter's `assets/`, images beside Markdown)
are not items of their own.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from wx2md.migrate import dumps, lists
from wx2md.migrate.items import Item, Record, Row
from wx2md.migrate.join import Catalog
from wx2md.source import looks_like_url
from wx2md.urls import canonical_article_url

EXPORTER_LISTS = ("微信公众号文章.json", "微信公众号文章.xlsx")
PAGE_EXT = (".html", ".htm", ".xhtml", ".mhtml", ".mht")
MARKDOWN_EXT = (".md", ".markdown")
README = re.compile(r"^readme(\.|$)", re.I)
NOT_ARTICLES = re.compile(r"^(license|licence|changelog|contributing|copying|authors)(\.|$)|^_config\.ya?ml$"
                          r"|^\.(gitignore|gitattributes|ds_store|editorconfig|nojekyll)$|^thumbs\.db$", re.I)
TOOL_DIRS = frozenset({".git", ".hg", ".svn", ".github", ".idea", ".vscode", ".venv", "venv", "node_modules",
                       "__pycache__", ".wx2md", "_site", ".jekyll-cache", ".sass-cache"})
ASSET_EXT = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".svg", ".mp3", ".mp4", ".m4a", ".css", ".js",
             ".woff", ".woff2", ".ttf", ".ico", ".pdf")
STAMP = re.compile(r"^(?:\[\d{4}-?\d{2}-?\d{2}\d{0,6}\]|\d{8}(?!\d))\s*")
HEAD = 4096


def fingerprint(*parts: bytes | str) -> str:
    digest = hashlib.sha1()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def file_fingerprint(path: Path) -> str:
    digest = hashlib.sha1()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def with_fingerprint(item: Item) -> Item:
    """The item with the fingerprint of its input filled in. Left empty by the walker, so
    that hashing every file costs the parent nothing: the worker fills it, or `--resume`."""
    if not item.fingerprint:
        if item.path and item.kind in ("page", "markdown"):
            item.fingerprint = file_fingerprint(Path(item.path))
        elif item.row is not None:
            row = item.row
            item.fingerprint = fingerprint(row.title, row.body, row.date, row.author, row.url)
    return item


def title_hint(path: Path) -> str:
    """A title from a file name: the exporter folder for `index.html`, the stem without a date stamp."""
    stem = path.parent.name if path.stem.lower() == "index" else path.stem
    return STAMP.sub("", stem).strip()

T = TypeVar("T")


class Walker:
    """Turns the command's SOURCE arguments into Items; the lists it meets go into `catalog`."""

    def __init__(self, sources: list[str], *, exclude: Iterable[Path] = ()) -> None:
        self.sources = sources
        self.exclude = {p.resolve() for p in exclude}  # the site itself, when it sits inside a source
        self.catalog = Catalog()
        self.ignored: list[tuple[str, str]] = []  # (path, why): reported as skipped
        self.missing: list[str] = []  # SOURCE arguments that do not exist: reported as failed
        self.lists: list[tuple[str, str]] = []  # (path, what it holds): reported as `list`
        self.assets: list[tuple[str, str]] = []  # (path, whose): reported as `asset`

    def close(self) -> None:
        self.catalog.close()

    def items(self) -> Iterator[Item]:
        """Every body of every source, after every list of every source is in the catalog:
        a list joins the bodies of the whole run, whichever argument names it."""
        for source in self.sources:
            path = Path(source)
            if looks_like_url(source):
                continue
            if path.is_dir():
                self._lists(_walk(path, self.exclude))  # two walks, not a list of every path: memory stays flat
            elif path.is_file():
                self._lists([path])
        for source in self.sources:
            if looks_like_url(source):
                yield url_item(source)
                continue
            path = Path(source)
            if path.is_dir():
                yield from self._directory(path)
            elif path.is_file():
                yield from self._file(path, exporter=False)
            else:
                self.missing.append(source)

    def unmatched_now(self) -> Iterator[Item]:
        """Items for list records no body joined: the list's own text, else its link to fetch."""
        for record in self.catalog.unmatched():
            self.catalog.claim(record)
            yield record_item(record)

    # -------------------------------------------------------------- directories

    def _directory(self, root: Path) -> Iterator[Item]:
        for path in _walk(root, self.exclude, self.assets):
            exporter = path.name.lower() == "index.html" and (path.parent / "assets").is_dir()
            yield from self._file(path, exporter=exporter)

    def _lists(self, files: Iterable[Path]) -> None:
        for path in files:
            if is_list(path):
                n = self.catalog.add(self._readable(path, read_list(path)))
                self.lists.append((str(path), f"{n} article{'' if n == 1 else 's'} listed"))

    def _readable(self, path: Path, items: Iterator[T]) -> Iterator[T]:
        """`items` until the file turns out unreadable (a damaged spreadsheet, a folder we may not
        read): then what was read stands and the file is reported, instead of the run crashing."""
        try:
            yield from items
        except Exception as exc:  # noqa: BLE001 - openpyxl, zipfile, csv and the OS each have their own
            self.ignored.append((str(path), f"cannot read it ({exc.__class__.__name__}: {_first_line(exc)})"))

    def _file(self, path: Path, *, exporter: bool) -> Iterator[Item]:
        """The file's items; a file that is none (README, an image, a settings file) is reported as such."""
        name, suffix = path.name, path.suffix.lower()
        if README.match(name):
            self.ignored.append((str(path), "README"))
            return
        if NOT_ARTICLES.match(name):
            self.ignored.append((str(path), "not an article"))
            return
        if suffix in ASSET_EXT:
            self.assets.append((str(path), ""))
            return
        if not suffix or name.startswith(".") and suffix not in (*PAGE_EXT, *MARKDOWN_EXT):
            suffix = _sniff(path)  # no extension (or a dotfile): its content says what it is
        if suffix in PAGE_EXT:
            shape = "exporter-page" if exporter else "saved-page"
            yield Item(identity=f"file:{path.resolve()}", source=str(path), shape=shape, kind="page",
                       path=str(path), title_hint=title_hint(path))
        elif suffix in (".txt", ".urls", ".list") and is_url_list(path):
            yield from url_list_items(path)
        elif suffix in MARKDOWN_EXT or (suffix == ".txt" and _markdown_text(path)):
            yield Item(identity=f"file:{path.resolve()}", source=str(path), shape=markdown_shape(path),
                       kind="markdown", path=str(path), title_hint=title_hint(path))
        elif is_list(path):
            return
        elif suffix in (".tsv", ".csv", ".jsonl", ".ndjson", ".json", ".txt") and is_dump(path):
            yield from self._readable(path, dump_items(path))
        else:
            self.ignored.append((str(path), "not an article, list or dump"))


def _sniff(path: Path) -> str:
    """The extension a file without one would have: `.html`, `.mhtml`, `.md`, `.json`, or ``."""
    head = _head(path).lstrip("\ufeff \r\n\t")
    low = head[:2048].lower()
    if low.startswith(("mime-version:", "from:", "content-type: multipart/related")) or \
            ("mime-version:" in low and "multipart/related" in low):
        return ".mhtml"
    if low.startswith(("<!doctype html", "<html", "<?xml")) or ("<head" in low and "<body" in low) or \
            "rich_media_content" in low or "js_content" in low:
        return ".html"
    if head.startswith(("---", "+++", "# ")) or re.search(r"(?m)^#{1,3} \S", head[:1024]):
        return ".md"
    if head.startswith(("{", "[")):
        return ".json"
    return ""


def _first_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:120]


def _walk(root: Path, exclude: set[Path], resources: list[tuple[str, str]] | None = None) -> Iterator[Path]:
    """Every file below `root`, in a stable order; resource folders (listed in `resources` when
    given) and `exclude` not entered, nor version-control and tool folders."""
    if root.resolve() in exclude:
        return
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        kept = []
        for d in sorted(dirs):
            if d in TOOL_DIRS or (here / d).resolve() in exclude:
                continue
            if _resource_dir(here, d):
                if resources is not None and not d.startswith("."):
                    resources.append((str(here / d) + os.sep, "images of the page beside it"))
                continue
            kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            yield here / name


def _resource_dir(parent: Path, name: str) -> bool:
    """`NAME_files/` beside a saved page, `assets/` in an exporter folder, dot-folders, a site's `_site`."""
    if name.startswith((".", "_site")) or name == "node_modules":
        return True
    if name.endswith("_files") and any((parent / f"{name[:-6]}{ext}").exists() for ext in PAGE_EXT):
        return True
    return name == "assets" and (parent / "index.html").exists()


def _head(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(HEAD).decode("utf-8-sig", errors="replace")
    except OSError:
        return ""


# ------------------------------------------------------------------ lists


def is_list(path: Path) -> bool:
    suffix = path.suffix.lower()
    if path.name in EXPORTER_LISTS:
        return True
    if suffix == ".xlsx":
        return True
    if suffix in (".json", ".jsonl", ".ndjson"):
        return _first_json_is_list(path)
    if suffix == ".csv":
        first = _csv_header(path)
        return dumps.column_names(first) is None and lists.csv_header_kind(first) == "list"
    return False


def _csv_header(path: Path) -> list[str]:
    """The first row's cells; a line the csv module cannot read (a stray CR, binary) has none."""
    try:
        return next(csv.reader([(_head(path).splitlines() or [""])[0]]), [])
    except csv.Error:
        return []


def _first_json_is_list(path: Path) -> bool:
    text = _head(path).lstrip()
    first_line = text.split("\n", 1)[0]
    try:
        data = json.loads(first_line)
    except ValueError:
        data = None
    if data is None:  # a JSON array (maybe pretty-printed): look at the first keys
        if text.startswith("{") and re.search(r'"(?:https?:)?//mp\.weixin\.qq\.com/', text):
            return _mapping(path)  # `{account: {title: url}}`, `{url: title}`: an index of links
        return bool(re.search(r'"(?:%s)"\s*:' % "|".join(sorted(lists.LIST_KEYS)), text))
    if isinstance(data, list):
        data = data[0] if data else None
    return lists.is_list_object(data) or isinstance(data, dict) and lists.is_mapping_list(data)


def _mapping(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and lists.is_mapping_list(data)


def read_list(path: Path) -> Iterator[Record]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return lists.read_xlsx_list(path)
    if suffix == ".csv":
        return lists.read_csv_list(path)
    return lists.read_json_list(path)


def record_item(record: Record) -> Item:
    key = record.aid or canonical_article_url(record.url) or f"{record.origin}#{record.ref}"  # never the title
    if record.text.strip():
        row = Row(title=record.title, body=record.text, url=record.url, author=record.author)
        return Item(identity=f"record:{key}", source=f"{record.origin} [{record.title or record.url}]",
                    shape="list", kind="row", row=row, record=record, url=record.url,
                    fingerprint=fingerprint(record.title, record.text, record.url))
    item = url_item(record.link or record.url) if record.url else Item(identity=f"record:{key}", source=record.origin,
                                                        shape="list", kind="none")
    item.shape, item.record = "list", record
    item.source = f"{record.origin} [{record.title or record.url}]"
    return item


# ------------------------------------------------------------------ dumps, URL lists, Markdown


def is_dump(path: Path) -> bool:
    head = _head(path)
    first = head.split("\n", 1)[0]
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        try:
            data = json.loads(first)
        except ValueError:
            data = dumps.first_array_element(path) if head.lstrip().startswith("[") else None
        return isinstance(data, dict) and not lists.is_list_object(data) and any(
            dumps.COLUMNS.get(str(k).lower()) == "body" for k in data)
    if suffix == ".csv":
        return dumps.column_names(_csv_header(path)) is not None
    cells = first.split("\t")
    return dumps.column_names(cells) is not None or ("\t" in first and dumps.looks_like_dump_line(first))


def dump_items(path: Path) -> Iterator[Item]:
    resolved = path.resolve()
    for line, row in dumps.read_dump(path):
        yield Item(identity=f"row:{resolved}:{line}", source=f"{path}:{line}", shape="dump", kind="row", row=row,
                   url=row.url)


def is_url_list(path: Path) -> bool:
    lines = [ln.strip() for ln in _head(path).splitlines() if ln.strip() and not ln.startswith("#")]
    return bool(lines) and all(looks_like_url(ln) for ln in lines[:50])


def url_list_items(path: Path) -> Iterator[Item]:
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("#") and looks_like_url(line):
                yield url_item(line, origin=str(path))


def url_item(url: str, origin: str = "") -> Item:
    """A URL to fetch: as given (unescaped, no `#rd`), its canonical form names it in the manifest."""
    fetch = lists.fetchable_url(url) or url.strip()
    canonical = lists.article_url(fetch) or fetch
    return Item(identity=f"url:{canonical}", source=url.strip(), shape="url", kind="url", url=fetch,
                fingerprint=fingerprint(canonical))


def _markdown_text(path: Path) -> bool:
    head = _head(path).lstrip("\n\r ")
    return head.startswith(("---", "+++", "# ", "{"))


SHAPES = {"wechat-article-exporter": "exporter-markdown", "wechatmp2markdown": "converter-markdown",
          "wechatDownload": "wechatdownload-markdown", "crawler": "crawler-markdown"}


def markdown_shape(path: Path) -> str:
    """The report's name for the tool that wrote this Markdown (from its first 4 KB), else `markdown-post`."""
    from wx2md.migrate.readers import crawler, exporter, wechatdownload, wechatmp2markdown

    head = _head(path)
    for reader, tool in ((crawler, "crawler"), (exporter, "wechat-article-exporter"),
                         (wechatdownload, "wechatDownload"), (wechatmp2markdown, "wechatmp2markdown")):
        if reader.detect(head, path):
            return SHAPES[tool]
    return "markdown-post"
