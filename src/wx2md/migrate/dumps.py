"""Dumps -> Rows: TSV, CSV and JSON Lines with a title and a body per article, streamed.

Columns are found by their header when there is one (`title`, `body`/`content`,
`date`, `author`, `url`, or their Chinese names); a header-less dump (seed 001:
`title<TAB>body<TAB>`) is read by position, the optional columns recognised by
what they hold (a date, a URL, else an author).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wx2md.migrate.dates import parse_date
from wx2md.migrate.items import Row

COLUMNS = {
    "title": "title", "标题": "title", "name": "title",
    "body": "body", "content": "body", "html": "body", "text": "body", "markdown": "body",
    "正文": "body", "内容": "body", "文章内容": "body",
    "date": "date", "time": "date", "published": "date", "publish_time": "date", "create_time": "date",
    "日期": "date", "时间": "date", "发布时间": "date",
    "author": "author", "作者": "author",
    "url": "url", "link": "url", "链接": "url", "source": "url",
}
URL = re.compile(r"^https?://\S+$")
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # one article's body can be megabytes


def column_names(cells: list[str]) -> list[str] | None:
    """The row as a header (field names per column), or None when it is data."""
    names = [COLUMNS.get(c.strip().lower(), "") for c in cells]
    return names if "title" in names and "body" in names else None


def read_dump(path: Path) -> Iterator[tuple[int, Row]]:
    """(line number, Row) for every article in the dump; rows without a body are left out."""
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        yield from _json_rows(path)
        return
    delimiter = "," if path.suffix.lower() == ".csv" else "\t"
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        quoting = csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE
        reader = csv.reader(handle, delimiter=delimiter, quoting=quoting)
        names: list[str] | None = None
        for number, cells in enumerate(reader, 1):
            if number == 1:
                names = column_names(cells)
                if names:
                    continue
            row = _row(cells, names)
            if row is not None:
                yield reader.line_num, row


def _row(cells: list[str], names: list[str] | None) -> Row | None:
    if names:
        values = {n: c for n, c in zip(names, cells) if n and c.strip()}
    else:
        values = _by_position(cells)
    title, body = values.get("title", "").strip(), values.get("body", "")
    if not body.strip():
        return None
    return Row(title=title, body=body, date=values.get("date", "").strip(),
               author=values.get("author", "").strip(), url=values.get("url", "").strip())


def _by_position(cells: list[str]) -> dict[str, str]:
    values = {"title": cells[0] if cells else "", "body": cells[1] if len(cells) > 1 else ""}
    for cell in cells[2:]:
        text = cell.strip()
        if not text:
            continue
        if URL.match(text):
            values.setdefault("url", text)
        elif parse_date(text):
            values.setdefault("date", text)
        else:
            values.setdefault("author", text)
    return values


def first_array_element(path: Path) -> object:
    """The first element of a JSON array file (streamed: a dump can be large), or None."""
    import ijson

    try:
        with path.open("rb") as handle:
            return next(ijson.items(handle, "item", use_float=True), None)
    except (ijson.JSONError, OSError, UnicodeDecodeError):
        return None


def _array_rows(path: Path) -> Iterator[tuple[int, Row]]:
    """A JSON array of articles (`[{title, content, publish_time, url, author}]`), element by element."""
    import ijson

    with path.open("rb") as handle:
        for number, data in enumerate(ijson.items(handle, "item", use_float=True), 1):
            row = _json_row(data)
            if row is not None:
                yield number, row


def _json_row(data: Any) -> Row | None:
    """One JSON object of a dump as a Row (its keys named by COLUMNS), else None."""
    if not isinstance(data, dict):
        return None
    values = {COLUMNS.get(str(k).lower(), ""): v for k, v in data.items()}
    values.pop("", None)
    return _row_from(values)


def _json_rows(path: Path) -> Iterator[tuple[int, Row]]:
    with path.open("rb") as raw:
        if raw.read(4096).lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"["):
            yield from _array_rows(path)
            return
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            try:
                data = json.loads(line) if line.strip() else None
            except ValueError:
                continue
            row = _json_row(data)
            if row is not None:
                yield number, row


def _row_from(values: dict) -> Row | None:
    body = values.get("body")
    if not isinstance(body, str) or not body.strip():
        return None
    return Row(title=str(values.get("title") or "").strip(), body=body, date=str(values.get("date") or "").strip(),
               author=str(values.get("author") or "").strip(), url=str(values.get("url") or "").strip())


def looks_like_dump_line(line: str) -> bool:
    """A header-less TSV line: a short title, a tab, a body much longer than the title.

    Unknown headers (`file<TAB>repo<TAB>…`) and other tables fail the length test.
    """
    cells = line.split("\t")
    if len(cells) < 2:
        return False
    title, body = cells[0].strip(), cells[1].strip()
    return 0 < len(title) <= 200 and len(body) >= max(40, 2 * len(title))
