"""Publish times as WeChat writes them: unix seconds, China wall-clock strings, and the visible text.

The visible `#publish_time` is what export tools leave when they strip the
scripts: absolute (`2025年11月04日 15:59`, `2022-03-10 08:00`) or, in rendered
copies, relative (`昨天`, `3天前`, `5小时前`). A relative time is read against the
page's own save time when the page records one, and is otherwise unknown: a
date is never taken from the clock.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from wx2md import jsvars
from wx2md.wechat import CHINA_TZ

_WALL_CLOCK = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*[ T]?\s*(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?)?\s*$"
)
_DAYS_AGO = {"今天": 0, "昨天": 1, "前天": 2, "today": 0, "yesterday": 1}
_RELATIVE_WORD = re.compile(r"^\s*(今天|昨天|前天|today|yesterday)\s*(?:(\d{1,2})\s*[:：]\s*(\d{2}))?\s*$", re.I)
_AGO = re.compile(r"^\s*(\d+)\s*(分钟|小时|天|周|minutes?|hours?|days?|weeks?)\s*(?:前|ago)\s*$", re.I)
_JUST_NOW = ("刚刚", "just now")
_UNITS = {"分钟": "minutes", "小时": "hours", "天": "days", "周": "weeks"}
_SINGLEFILE_DATE = re.compile(r"saved date:\s*(.+?)(?:\s*\(|$)", re.M)


def from_timestamp(value: Any) -> datetime | None:
    """Unix seconds (or milliseconds) as China time; None for anything else."""
    number = jsvars.to_number(value)
    if number is jsvars.UNKNOWN or isinstance(number, bool) or not number:
        return None
    if number > 1e11:  # milliseconds
        number = number / 1000
    if not 1e8 < number < 1e10:
        return None
    return datetime.fromtimestamp(int(number), CHINA_TZ)


def from_wall_clock(value: Any) -> datetime | None:
    """`2025-11-05 18:30`, `2018-12-05`, `2025年11月04日 15:59` as China time."""
    m = _WALL_CLOCK.match(value) if isinstance(value, str) else None
    if not m:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in m.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=CHINA_TZ)
    except ValueError:
        return None


def from_script(value: Any) -> datetime | None:
    return from_timestamp(value) or from_wall_clock(value)


def from_visible(text: str, saved: datetime | None) -> datetime | None:
    """The time a reader saw: absolute, or relative to `saved` (the page's save time) when known."""
    try:
        return _visible(text, saved)
    except (OverflowError, ValueError):  # `99999999天前`
        return None


def _visible(text: str, saved: datetime | None) -> datetime | None:
    when = from_wall_clock(text)
    if when or saved is None:
        return when
    saved = saved.astimezone(CHINA_TZ)
    if text.strip().lower() in _JUST_NOW:
        return saved.replace(second=0, microsecond=0)
    m = _RELATIVE_WORD.match(text)
    if m:
        day = saved - timedelta(days=_DAYS_AGO[m.group(1).lower()])
        hour, minute = (int(m.group(2)), int(m.group(3))) if m.group(2) else (0, 0)
        return day.replace(hour=hour, minute=minute, second=0, microsecond=0)
    m = _AGO.match(text)
    if m:
        unit = _UNITS.get(m.group(2)) or m.group(2).lower().rstrip("s") + "s"
        when = saved - timedelta(**{unit: int(m.group(1))})
        return when.replace(second=0, microsecond=0) if unit in ("minutes", "hours") else when.replace(
            hour=0, minute=0, second=0, microsecond=0
        )
    return None


def looks_like_time(text: str) -> bool:
    """Whether a visible text is a time at all (absolute or relative), whatever it is relative to."""
    stripped = text.strip()
    return bool(
        _WALL_CLOCK.match(stripped) or _RELATIVE_WORD.match(stripped) or _AGO.match(stripped)
        or stripped.lower() in _JUST_NOW
    )


def save_time(comments: list[str], meta: dict[str, str]) -> datetime | None:
    """When the page was saved, if the page says: SingleFile's `saved date:` comment or a date meta tag."""
    candidates = [m.group(1) for text in comments for m in _SINGLEFILE_DATE.finditer(text)]
    candidates += [meta[key] for key in ("date", "last-modified", "dc.date", "article:modified_time") if key in meta]
    for text in candidates:
        when = _http_date(text) or _iso_date(text)
        if when is not None:
            return when
    return None


def _http_date(text: str) -> datetime | None:
    from email.utils import parsedate_to_datetime  # late: the email package costs 8 ms to import, most pages need none

    cleaned = re.sub(r"GMT([+-]\d{4})", r"\1", text.strip())
    try:
        when = parsedate_to_datetime(cleaned)
    except (TypeError, ValueError, IndexError):
        when = _js_date(cleaned)
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=CHINA_TZ)
    return when


def _js_date(text: str) -> datetime | None:
    """`Wed Nov 05 2025 10:00:00 +0800` (JavaScript's Date.toString, as SingleFile writes it)."""
    try:
        return datetime.strptime(text, "%a %b %d %Y %H:%M:%S %z")
    except ValueError:
        return None


def _iso_date(text: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return from_wall_clock(text)
    return when if when.tzinfo else when.replace(tzinfo=CHINA_TZ)
