"""Dates as archives write them: unix seconds, local-time strings, file-name stamps and prose.

Every date here is read as China time unless it says otherwise: WeChat is China's,
and the exporters write local wall-clock times without a zone.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8), "CST")
_NUMERIC = re.compile(r"^\s*(\d{9,13})(?:\.\d+)?\s*$")
_WALL = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}))?)?"
)
# `2018年8月7日` in running text: the year must be there, or it is no date.
_PROSE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_STAMP = re.compile(r"^\[?((?:19|20)\d{2})-?(\d{2})-?(\d{2})(?:(\d{2})(\d{2})(\d{2}))?\]?")


def parse_date(value: object) -> datetime | None:
    """A date from a list cell: unix seconds (or ms), `2025-11-04 15:59[:00]`, `2025年11月04日 15:59`, a datetime."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=CHINA)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_number(float(value))
    text = str(value or "").strip()
    if not text:
        return None
    number = _NUMERIC.match(text)
    if number:
        return _from_number(float(number.group(1)))
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=CHINA)
    except ValueError:
        pass
    return _wall(_WALL.search(text))


def date_in_text(text: str) -> datetime | None:
    """The first full date written in prose (`（2018年8月7日，北京）`), at midnight China time."""
    match = _PROSE.search(text)
    return _wall(match) if match else None


def date_in_name(name: str) -> datetime | None:
    """`[2025-12-20225424]标题.md` or `20241101标题.md`: the stamp that starts a file name."""
    match = _STAMP.match(name)
    return _wall(match) if match else None


def _from_number(number: float) -> datetime | None:
    if number > 1e11:
        number /= 1000
    if not 1e8 < number < 1e10:
        return None
    return datetime.fromtimestamp(int(number), CHINA)


def _wall(match: re.Match[str] | None) -> datetime | None:
    if match is None:
        return None
    parts = [int(g) if g else 0 for g in match.groups()]
    parts += [0] * (6 - len(parts))
    try:
        return datetime(*parts[:6], tzinfo=CHINA)
    except ValueError:
        return None
