"""Article lists -> Records: what exporters and scrapers saved about each article.

Shapes read here, all into one Record:
- wechat-article-exporter's `微信公众号文章.json` (an array of records) and `.xlsx`;
- MP backend pages saved by scrapers, as a JSON array or JSON Lines: `app_msg_list`
  items, `appmsgpublish` pages (`publish_page`/`publish_info` are JSON *strings*
  holding `appmsgex[]`), `profile_ext?action=getmsg` pages (`comm_msg_info` +
  `app_msg_ext_info` with `multi_app_msg_item_list`);
- CSV lists (`title,url,time,…`).

URLs arrive `&amp;`- and `\\/`-escaped with `#rd`/`#wechat_redirect` tails; `article_url`
undoes all of that so a link joins whatever form the body carries.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from wx2md.migrate.dates import parse_date
from wx2md.migrate.items import Record
from wx2md.urls import canonical_article_url
from wx2md.wechat import ARTICLE_HOST

HEAD_BYTES = 4096
# Keys that make a JSON object an article list (or a page of one) rather than a dump row.
LIST_KEYS = frozenset({"aid", "appmsgid", "link", "content_url", "app_msg_list", "publish_page",
                       "publish_list", "publish_info", "appmsgex", "general_msg_list", "comm_msg_info",
                       "app_msg_ext_info"})
# Keys holding JSON text inside JSON (the MP backend double-encodes its pages).
NESTED_JSON = frozenset({"publish_page", "publish_info", "general_msg_list"})
XLSX_COLUMNS = {
    "公众号": "account", "ID": "aid", "链接": "url", "标题": "title", "封面": "cover", "摘要": "digest",
    "创建时间": "created", "发布时间": "published", "作者": "author", "是否原创": "original",
    "所属合集": "tags", "文章内容": "text",
}
CSV_COLUMNS = {
    "title": "title", "标题": "title", "url": "url", "link": "url", "链接": "url", "content_url": "url",
    "time": "published", "date": "published", "create_time": "published", "publish_time": "published",
    "发布时间": "published", "创建时间": "published", "author": "author", "作者": "author",
    "digest": "digest", "摘要": "digest", "cover": "cover", "封面": "cover", "aid": "aid",
    "account": "account", "公众号": "account",
}


def fetchable_url(value: object) -> str:
    """A list's link as one can request it: unescaped (`&amp;`, `\\/`), no `#rd`, WeChat on https."""
    text = str(value or "").strip().replace("\\/", "/")
    for _ in range(3):
        if "&amp;" not in text and "&#" not in text:
            break
        text = html.unescape(text)
    if text.startswith("//"):
        text = "https:" + text
    if text.startswith(f"http://{ARTICLE_HOST}"):
        text = "https://" + text[len("http://"):]
    return text.split("#", 1)[0] if text.startswith(("http://", "https://")) else ""


def article_url(value: object) -> str:
    """A list's link as the canonical article URL: unescaped, https, no tracking or `#rd`."""
    text = fetchable_url(value)
    return canonical_article_url(text) if text else ""


def aid_of(url: str) -> str:
    """`<mid>_<idx>` from a long article URL: the same id the lists call `aid`."""
    params = dict(parse_qsl(urlsplit(url).query))
    mid, idx = params.get("mid") or params.get("appmsgid"), params.get("idx") or params.get("itemidx")
    return f"{mid}_{idx}" if mid and idx else ""


def message_id(url: str) -> str:
    """`<__biz>_<mid>_<idx>` from a long article URL: one article of one account, whatever else the URL
    carries (`sn`, `chksm`, tracking). `mid` alone repeats across accounts, so it is never a key alone."""
    try:
        params = dict(parse_qsl(urlsplit(url).query))
    except ValueError:
        return ""
    biz = params.get("__biz")
    mid, idx = params.get("mid") or params.get("appmsgid"), params.get("idx") or params.get("itemidx")
    return f"{biz}_{mid}_{idx}" if biz and mid and idx else ""


def is_list_object(data: object) -> bool:
    return isinstance(data, dict) and bool(LIST_KEYS & data.keys())


# ------------------------------------------------------------------ JSON


def is_mapping_list(data: dict, depth: int = 0) -> bool:
    """`{title: url}`, `{url: title}` or `{account: {title: url}}`: an index of article links."""
    if depth > 1 or not data:
        return False
    sample = list(data.items())[:20]
    if all(isinstance(v, dict) for _, v in sample):
        return all(is_mapping_list(v, depth + 1) for _, v in sample)
    return all(isinstance(v, str) for _, v in sample) and any(
        canonical_article_url(fetchable_url(x)) for k, v in sample for x in (k, v) if _is_link(x))


def _is_link(text: str) -> bool:
    return text.strip().startswith(("http://", "https://", "//"))


def records_from_mapping(data: dict, origin: str, account: str = "") -> Iterator[Record]:
    for key, value in data.items():
        if isinstance(value, dict):
            yield from records_from_mapping(value, origin, account=str(key))
        elif isinstance(value, str):
            title, link = (value, key) if _is_link(key) else (key, value)
            link = fetchable_url(link)
            if link:
                yield Record(title=_plain(title), url=article_url(link), link=link, account=account, origin=origin)


def records_from_json(data: Any, origin: str, *, date: object = None) -> Iterator[Record]:
    """Every article record inside `data`, however deeply the backend nested (and re-encoded) it."""
    if isinstance(data, list):
        for entry in data:
            yield from records_from_json(entry, origin, date=date)
        return
    if not isinstance(data, dict):
        return
    if "comm_msg_info" in data and isinstance(data["comm_msg_info"], dict):
        date = data["comm_msg_info"].get("datetime", date)
    if _is_article(data):
        yield _record(data, origin, date)
    for key, value in data.items():
        if key in NESTED_JSON and isinstance(value, str):
            value = _loads(value)
        if isinstance(value, (list, dict)):
            yield from records_from_json(value, origin, date=date)


def _is_article(data: dict) -> bool:
    return bool(data.get("title") or data.get("aid")) and bool(data.get("link") or data.get("content_url") or data.get("url"))


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _record(data: dict, origin: str, date: object) -> Record:
    link = fetchable_url(data.get("link") or data.get("content_url") or data.get("url"))
    url = article_url(link)
    aid = str(data.get("aid") or "")
    if not aid and data.get("appmsgid") is not None:
        aid = f"{data['appmsgid']}_{data.get('itemidx', 1)}"
    when = parse_date(data.get("create_time") or data.get("update_time") or data.get("datetime")
                      or data.get("publish_time") or data.get("date") or date)
    tags = [_plain(a.get("title")) for a in data.get("appmsg_album_infos") or [] if isinstance(a, dict) and a.get("title")]
    return Record(
        title=_plain(data.get("title")),
        url=url,
        link=link,
        aid=aid,
        digest=_plain(data.get("digest")),
        cover=article_cover(data.get("cover") or data.get("cover_img") or ""),
        published=when,
        author=_plain(data.get("author_name") or data.get("author")),
        account=_plain(data.get("nickname") or data.get("account")),
        original=_original(data.get("copyright_stat")),
        tags=tags,
        text=str(data.get("content") or "") if isinstance(data.get("content"), str) else "",
        origin=origin,
    )


def article_cover(value: object) -> str:
    text = str(value or "").strip().replace("\\/", "/")
    return html.unescape(text) if text.startswith(("http", "//")) else ""


def _plain(value: object) -> str:
    return html.unescape(str(value or "")).strip()


def _original(value: object) -> bool | None:
    text = str(value if value is not None else "").strip()
    if text in ("1", "11", "是", "原创", "true", "True"):
        return True
    if text in ("0", "2", "否", "转载", "false", "False", "100"):
        return False
    return None


def read_json_list(path: Path) -> Iterator[Record]:
    """Records streamed, so memory stays flat however long the list.

    A JSON array (the exporter's `微信公众号文章.json`, pretty-printed or on one line)
    is parsed element by element with ijson; JSON Lines one line at a time; a lone
    object (one saved backend page, small) whole. Raises ValueError at the first
    malformed spot: the records before it have been yielded.
    """
    import ijson

    origin = str(path)
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
        start = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
        handle.seek(start)
        if head[start:].lstrip().startswith(b"["):
            try:
                for entry in ijson.items(_Utf8Replaced(handle), "item", use_float=True, multiple_values=True):
                    yield from records_from_json(entry, origin)
            except ijson.JSONError as exc:
                raise ValueError(f"malformed JSON: {exc}") from None
            return
        text = io.TextIOWrapper(handle, encoding="utf-8", errors="replace")
        first = text.readline()
        if path.suffix.lower() in (".jsonl", ".ndjson") or _loads(first) is not None:
            for line in itertools.chain([first], text):
                if line.strip():
                    yield from _records(_loads(line), origin)
        else:
            yield from _records(_loads(first + text.read()), origin)


def _records(data: Any, origin: str) -> Iterator[Record]:
    if isinstance(data, dict) and not is_list_object(data) and is_mapping_list(data):
        return records_from_mapping(data, origin)
    return records_from_json(data, origin)


class _Utf8Replaced:
    """The file's bytes with invalid UTF-8 replaced (U+FFFD), as the other readers do, for ijson."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def read(self, size: int = -1) -> bytes:
        while True:
            chunk = self.raw.read(size)
            text = self.decoder.decode(chunk, final=not chunk)
            if text or not chunk:  # b"" only at the end: ijson takes it as the end
                return text.encode("utf-8")


# ------------------------------------------------------------------ XLSX and CSV


def read_xlsx_list(path: Path) -> Iterator[Record]:
    """wechat-article-exporter's spreadsheet, read in openpyxl's streaming mode."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.active.iter_rows(values_only=True)
        header = [str(c or "").strip() for c in next(rows, ())]
        names = [XLSX_COLUMNS.get(h, "") for h in header]
        for values in rows:
            cells = {n: v for n, v in zip(names, values) if n and v not in (None, "")}
            if cells.get("title") or cells.get("url"):
                yield _record_from_cells(cells, str(path))
    finally:
        book.close()


def csv_header_kind(header: list[str]) -> str:
    """`list` for `title,url,time,…`, else empty: CSV with a body column is a dump (dumps.py)."""
    names = {CSV_COLUMNS.get(h.strip().lower(), CSV_COLUMNS.get(h.strip(), "")) for h in header}
    return "list" if "url" in names and "title" in names else ""


def read_csv_list(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        names = [CSV_COLUMNS.get(h.strip().lower(), CSV_COLUMNS.get(h.strip(), "")) for h in header]
        for values in reader:
            cells = {n: v for n, v in zip(names, values) if n and v.strip()}
            if cells.get("title") or cells.get("url"):
                yield _record_from_cells(cells, str(path))


def _record_from_cells(cells: dict[str, Any], origin: str) -> Record:
    link = fetchable_url(cells.get("url"))
    url = article_url(link)
    tags = [t.strip() for t in str(cells.get("tags") or "").replace("，", ",").split(",") if t.strip()]
    return Record(
        title=_plain(cells.get("title")),
        url=url,
        link=link,
        aid=str(cells.get("aid") or "").strip(),
        digest=_plain(cells.get("digest")),
        cover=article_cover(cells.get("cover")),
        published=parse_date(cells.get("published") or cells.get("created")),
        author=_plain(cells.get("author")),
        account=_plain(cells.get("account")),
        original=_original(cells.get("original")),
        tags=tags,
        text=str(cells.get("text") or ""),
        origin=origin,
    )
