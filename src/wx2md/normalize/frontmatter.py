"""Front matter of existing posts: find it, read any dialect, map it onto convert's schema.

Old posts come from Jekyll themes (Hux, Chirpy), Hexo and Hugo: YAML between `---`
lines (sometimes after a BOM or blank lines, which makes Jekyll print it as text),
TOML between `+++`, JSON, or Hexo's YAML with no opening `---`. Whatever came in,
YAML goes out, read and written round-trip (ruamel.yaml) so that keys we do not
know, their order and their comments survive; only the keys `convert` writes are
moved into its order and given its value shapes.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from wx2md.errors import BadInput
from wx2md.settings import Settings

# The keys `convert` writes, in its order (the cover key is the site's, inserted before `source`).
KNOWN_ORDER = ("layout", "title", "subtitle", "date", "author", "account", "categories", "tags", "<cover>",
               "source", "original")
# Cover images under the names themes use; all of them mean the site's cover key.
COVER_KEYS = ("image", "header-img", "headimg", "thumbnail", "cover")
# Relative-path cover keys: Hux joins `header-img` to the site URL itself.
RELATIVE_COVER_KEYS = frozenset({"header-img"})
# Other dates Jekyll plugins and themes read; normalised to the same form as `date`.
DATE_KEYS = ("date", "updated", "lastmod", "last_modified_at")
# Hugo's and others' names for the publish date, used when `date` is missing.
DATE_ALIASES = ("publishDate", "pubDate")  # not `published`: Jekyll reads it as a switch

YAML_FENCE = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S | re.M)
TOML_FENCE = re.compile(r"\A\+\+\+[ \t]*\n(.*?)^\+\+\+[ \t]*(?:\n|\Z)", re.S | re.M)
HEXO_JSON = re.compile(r"\A(\{.*?\})\s*\n;;;[ \t]*(?:\n|\Z)", re.S)
# Hexo also accepts YAML with only the closing `---`.
HEXO_BARE = re.compile(r"\A((?:[A-Za-z_][\w-]*:.*\n(?:[ \t]+.*\n|[ \t]*-.*\n)*)+)---[ \t]*(?:\n|\Z)")
HEXO_DATE = re.compile(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
JEKYLL_DATE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)
CANONICAL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$")
PLAIN_DATE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


def _plain_date_kept(value: Any, settings: Settings) -> bool:
    """On a Jekyll site without `timezone:` (see engines/jekyll.py) a wall time without an offset is
    kept as written: convert's own `'2020-01-02 08:00:00'`, or a YAML timestamp without a zone, which
    Jekyll reads the same way (in the build machine's zone)."""
    if settings.zone_in_dates:
        return False
    if isinstance(value, datetime):
        return value.tzinfo is None and not value.microsecond
    return isinstance(value, str) and bool(PLAIN_DATE.match(value))
TAG_SPLIT = re.compile(r"[,，、;；]\s*|\s+")
LEADING_TABS = re.compile(r"^\t+", re.M)
TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class Head:
    """A post split at its front matter: the raw block (None when there was none) and the body.

    The block is parsed round-trip only when asked (`data`): round-trip YAML is
    the slow part of normalizing, and a clean post never needs it (`unchanged`).
    """

    source: str | None
    body: str
    dialect: str  # yaml | toml | json | hexo | none
    name: str = ""
    _data: CommentedMap | None = field(default=None, repr=False)
    plain: Any = field(default=None, repr=False)  # the libyaml parse, when one was made
    first_line: int = 2  # the file line the block's source starts on (errors name file lines)

    @property
    def data(self) -> CommentedMap | None:
        if self.source is None:
            return None
        if self._data is None:
            self._data = _load(self.source, "yaml" if self.dialect == "hexo" else self.dialect, self.name,
                               self.first_line)
        return self._data


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.width = 10_000  # never wrap a long title
    y.allow_unicode = True
    y.indent(mapping=2, sequence=2, offset=0)
    y.preserve_quotes = True
    y.allow_duplicate_keys = True  # Jekyll's reader takes the last one; so do we
    return y


def split(text: str, *, name: str = "") -> Head:
    """The front matter and body of a post's text (BOM and leading blank lines ignored).

    Raises BadInput when a front matter block is there but cannot be read: better
    one clear error than a post whose metadata silently became body text.
    """
    text = text.lstrip("\ufeff")
    start = text.lstrip(" \t\n")
    skipped = text.count("\n", 0, len(text) - len(start))
    for pattern, dialect in ((YAML_FENCE, "yaml"), (TOML_FENCE, "toml"), (HEXO_JSON, "json")):
        match = pattern.match(start)
        if match:
            first = skipped + (1 if dialect == "json" else 2)  # Hexo's JSON has no opening line
            head = Head(match.group(1), start[match.end():], dialect, name, first_line=first)
            if dialect == "yaml":
                head.plain = _fast_load(head.source)
            if dialect != "yaml" or head.plain is None:
                head.data  # noqa: B018 - parse now: a broken block is an error, not body text
            return head
    if start.startswith("{"):  # Hugo's JSON front matter: one object, then the body
        try:
            data, end = json.JSONDecoder().raw_decode(start)
        except ValueError:
            data = None
        if isinstance(data, dict):
            head = Head(start[:end], start[end:].lstrip(" \t").removeprefix("\n"), "json", name, first_line=skipped + 1)
            head.data  # noqa: B018
            return head
    match = HEXO_BARE.match(start)
    if match:
        data = _fast_load(match.group(1))
        if isinstance(data, dict) and ("title" in data or "date" in data):
            return Head(match.group(1), start[match.end():], "hexo", name, first_line=skipped + 1)
    if start.startswith("---\n") or start.startswith("+++\n"):
        raise BadInput(f"{name or 'post'}: front matter is not closed (no second `{start[:3]}` line)")
    return Head(None, text, "none", name)


def _fast_load(source: str) -> Any:
    """The block as plain data through libyaml, or None when it will not load that way."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(source, Loader=loader)
    except (yaml.YAMLError, ValueError, TypeError):
        pass
    if "\t" not in source:
        return None
    try:
        return yaml.load(untab(source), Loader=loader)
    except (yaml.YAMLError, ValueError, TypeError):
        return None


def untab(source: str) -> str:
    """Leading tabs as two spaces each: how Hexo reads tab-indented front matter (YAML forbids tabs there)."""
    return LEADING_TABS.sub(lambda m: "  " * len(m.group(0)), source)


def plain_data(head: Head) -> dict:
    """The block's data as plain values for reading (title, date, cover), whatever its dialect; {} if none."""
    if head.source is None:
        return {}
    if isinstance(head.plain, dict):
        return head.plain
    data = _fast_load(head.source) if head.dialect in ("yaml", "hexo") else None
    if data is None:
        try:
            data = plain(head.data) if head.data is not None else {}
        except BadInput:
            data = {}
    return data if isinstance(data, dict) else {}


def unchanged(head: Head, settings: Settings, *, title: str = "", when: datetime | None = None,
              fill_date: bool = False) -> bool:
    """Whether mapping the block onto convert's schema would change nothing (then it stays byte for byte).

    Checked on a libyaml parse, which is fast; only a block that needs changes is
    read and written round-trip.
    """
    if head.dialect != "yaml" or head.source is None:
        return False
    data = head.plain
    if not isinstance(data, dict) or not data:
        return False
    try:
        mapped = to_schema(data, settings, title=title, when=when, fill_date=fill_date)
    except BadInput:
        return False
    return list(mapped.keys()) == list(data.keys()) and all(mapped[k] == data[k] for k in data)


def _load(source: str, dialect: str, name: str, first_line: int = 2) -> CommentedMap:
    label = name or "post"
    try:
        if dialect == "yaml":
            data = _load_yaml(source)
        elif dialect == "toml":
            import tomllib

            data = _commented(tomllib.loads(source))
        else:
            data = _commented(json.loads(source))
    except (YAMLError, ValueError) as exc:
        raise BadInput(f"{label}: front matter is not valid {dialect.upper()}{_where(exc, first_line)}") from exc
    if data is None:
        return CommentedMap()
    if not isinstance(data, dict):
        raise BadInput(f"{label}: front matter is not a mapping of keys to values")
    return data


def _load_yaml(source: str) -> Any:
    """Round-trip YAML; a block Hexo reads only with its tabs as spaces is read so too."""
    if not source.strip():
        return CommentedMap()
    try:
        return _yaml().load(source)
    except YAMLError:
        if "\t" not in source:
            raise
        try:
            return _yaml().load(untab(source))
        except YAMLError:
            pass
        raise


def _where(exc: Exception, first_line: int = 2) -> str:
    """` at line L, column C: problem` in the file's lines (the block starts on `first_line`), or the first words."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None)
    if mark is not None:
        return f" at line {mark.line + first_line}, column {mark.column + 1}: {problem or 'syntax error'}"
    line, col = getattr(exc, "lineno", None), getattr(exc, "colno", None)  # JSON
    if line is not None:
        return f" at line {line + first_line - 1}, column {col}: {getattr(exc, 'msg', exc)}"
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    toml = TOML_WHERE.search(first)  # tomllib says where in its message, counted in the block
    if toml:
        return f" at line {int(toml.group(1)) + first_line - 1}, column {toml.group(2)}: {first[:toml.start()].strip()}"
    return f" ({first})"


def _commented(value: Any) -> Any:
    """Plain dicts and lists (TOML, JSON) as ruamel's commented types, in their order."""
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = _commented(item)
        return out
    if isinstance(value, list):
        return CommentedSeq(_commented(item) for item in value)
    return value


# ------------------------------------------------------------------ mapping


def to_schema(data: CommentedMap, settings: Settings, *, title: str = "", when: datetime | None = None,
              fill_date: bool = False) -> CommentedMap:
    """`data` mapped onto convert's schema; unknown keys (with their comments) follow in their order.

    `title` fills a missing title; `when` fills a missing date when `fill_date` is
    set (a post whose file name carries its date needs no `date:`).
    """
    data = _copy(data)
    _alias(data, "category", "categories")
    _alias(data, "tag", "tags")
    for alias in DATE_ALIASES:
        _alias(data, alias, "date")
    for key in ("categories", "tags"):
        if key in data:
            data[key] = _as_list(data[key])
    for key in DATE_KEYS:
        if key in data and data[key] is not None and not _plain_date_kept(data[key], settings):
            data[key] = parse_date(data[key], settings.tz, key=key, settings=settings)
    _map_cover(data, settings.cover_key)
    if data.get("subtitle") in (None, ""):
        data.pop("subtitle", None)
    if not data.get("title") and title:
        data["title"] = title
    if "layout" not in data and settings.layout:
        data["layout"] = settings.layout
    if data.get("date") is None:
        data.pop("date", None)
        if fill_date and when is not None:
            data["date"] = format_date(when.astimezone(settings.tz), settings)
    return _ordered(data, settings.cover_key)


def _copy(data: dict) -> dict:
    """A shallow copy of the same kind (round-trip data, or a plain dict for the quick check)."""
    out = type(data)() if isinstance(data, CommentedMap) else {}
    for key, value in data.items():
        out[key] = value
    _carry_comments(data, out)
    return out


def _carry_comments(src: CommentedMap, dst: CommentedMap) -> None:
    """ruamel keeps comments beside the mapping, per key: carry them over."""
    if not isinstance(src, CommentedMap) or not isinstance(dst, CommentedMap):
        return
    dst.ca.comment = src.ca.comment
    for key, item in src.ca.items.items():
        dst.ca.items[key] = item
    if src.ca.end:
        dst.ca.end = src.ca.end


def _alias(data: CommentedMap, old: str, new: str) -> None:
    """Move `old` onto `new` when `new` is missing (Jekyll reads `category`, Hugo `publishDate`)."""
    if old in data and data.get(new) in (None, "", []):
        value = data.pop(old)
        data[new] = value
        if isinstance(data, CommentedMap) and old in data.ca.items:
            data.ca.items[new] = data.ca.items.pop(old)


def _as_list(value: Any) -> Any:
    """Jekyll splits a string on spaces: write the list it reads. Lists (Hexo hierarchies) stay."""
    if value is None:
        return CommentedSeq()
    if isinstance(value, (list, tuple)):
        return value
    if isinstance(value, str):
        return CommentedSeq(part for part in TAG_SPLIT.split(value.strip()) if part)
    return CommentedSeq([value])


def _map_cover(data: CommentedMap, cover_key: str) -> None:
    """Theme cover keys onto the site's key; a different picture under another key stays."""
    found = [k for k in (cover_key, *COVER_KEYS) if k in data and data[k] not in (None, "")]
    if not found:
        return
    first = found[0]
    value = data[first]
    if isinstance(value, str):
        value = _cover_path(value, cover_key)
    if first != cover_key:
        if isinstance(data, CommentedMap) and first in data.ca.items:
            data.ca.items[cover_key] = data.ca.items.pop(first)
        data.pop(first)
    data[cover_key] = value
    for key in dict.fromkeys(found[1:]):
        if key != cover_key and key in data and _same_picture(data[key], value):
            data.pop(key)


def _cover_path(value: str, cover_key: str) -> str:
    """Hux wants `header-img` relative (it prefixes the site URL); others read site paths."""
    value = value.strip()
    if "mmbiz.q" in value:  # a WeChat cover as the body's images: https, no lazy-load parameters
        from wx2md.urls import clean_image_url

        value = clean_image_url(value) or value
    if "://" in value or value.startswith("//") or value.startswith("data:"):
        return value
    if cover_key in RELATIVE_COVER_KEYS:
        return value.lstrip("/")
    return value if value.startswith("/") else "/" + value


def _same_picture(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().lstrip("/") == b.strip().lstrip("/")
    return a == b


def _ordered(data: CommentedMap, cover_key: str) -> CommentedMap:
    order = [cover_key if k == "<cover>" else k for k in KNOWN_ORDER]
    out = CommentedMap() if isinstance(data, CommentedMap) else {}
    for key in order:
        if key in data:
            out[key] = data[key]
    for key, value in data.items():
        if key not in out:
            out[key] = value
    _carry_comments(data, out)
    return out


# ------------------------------------------------------------------ dates


def format_date(when: datetime, settings: Settings | None = None) -> str:
    """convert's own date form, by the engine's rule (imported late: wx2md.post pulls in the whole model).

    With `settings` of a Jekyll site without `timezone:` it is the wall time without an offset."""
    from wx2md.post import format_date as convert_format

    return convert_format(when, settings)


def parse_date(value: Any, tz: tzinfo, *, key: str = "date", settings: Settings | None = None) -> str:
    """Any date a blog generator wrote, as `YYYY-MM-DD HH:MM:SS +0800` in the site's zone.

    A date without a zone means the site's zone (that is how Jekyll and Hexo read
    it); RFC 2822 (`Thu, 23 Jun 2022 02:32:25 GMT`), Hexo (`2013/7/13 20:46:25`),
    ISO 8601 and YAML timestamps are all read. Raises BadInput for anything else.
    On a Jekyll site without `timezone:` (`settings.zone_in_dates` off) a date
    written without a zone stays without one (`YYYY-MM-DD HH:MM:SS`, as convert
    writes it): Jekyll reads both in the build machine's zone, so the post's URL
    date never moves. A date with a zone keeps its moment, and so its offset.
    """
    when = to_datetime(value, tz)
    if when is None:
        raise BadInput(f"`{key}: {value}` is not a date wx2md can read (use YYYY-MM-DD HH:MM:SS +0800)")
    if settings is not None and not settings.zone_in_dates and _zoneless(value):
        return format_date(when, settings)
    if isinstance(value, str) and CANONICAL_DATE.match(value) \
            and _offset(value[-5:]).utcoffset(None) == when.utcoffset():
        return value  # already in the form and the zone: the common case, no formatting needed
    return format_date(when)


def _zoneless(value: Any) -> bool:
    """Whether a date value was written without a zone (a wall time Jekyll reads in the machine's)."""
    if isinstance(value, datetime):
        return value.tzinfo is None
    if isinstance(value, date):
        return True
    if not isinstance(value, str):
        return False
    try:
        parsed = _parse_string(value.strip())
    except (ValueError, OverflowError):
        return False
    return parsed is not None and parsed.tzinfo is None


def to_datetime(value: Any, tz: tzinfo) -> datetime | None:
    """`value` as an aware datetime in `tz`, or None when it is no date.

    Impossible dates (`2021-02-30`, an offset of `-2400`, a year 1 that a time zone
    would move to year 0) are no date either, not a crash."""
    try:
        return _to_datetime(value, tz)
    except (ValueError, OverflowError):
        return None


def _to_datetime(value: Any, tz: tzinfo) -> datetime | None:
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, date):
        when = datetime.combine(value, time())
    elif isinstance(value, str):
        when = _parse_string(value.strip())
        if when is None:
            return None
    else:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=tz)
    elif isinstance(when.tzinfo, timezone) or when.utcoffset() is not None:
        when = when.astimezone(timezone(when.utcoffset() or timedelta(0)))
    return when.astimezone(tz)


def _parse_string(text: str) -> datetime | None:
    match = JEKYLL_DATE.match(text)
    if match:
        y, mo, d, h, mi, s, zone = match.groups()
        when = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
        if zone:
            when = when.replace(tzinfo=_offset(zone))
        return when
    match = HEXO_DATE.match(text)
    if match:
        y, mo, d, h, mi, s = match.groups()
        return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _offset(zone: str) -> timezone:
    if zone == "Z":
        return timezone.utc
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


# ------------------------------------------------------------------ output


def dump(data: CommentedMap) -> str:
    """The front matter block, `---` lines included, as YAML."""
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return f"---\n{stream.getvalue()}---\n"


def plain(data: CommentedMap) -> dict[str, Any]:
    """The mapping as plain dicts and lists (for the Post model)."""
    def convert(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): convert(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [convert(v) for v in value]
        if isinstance(value, str):
            return str(value)
        return _base_type(value)

    return convert(data)


def _base_type(value: Any) -> Any:
    """ruamel's scalar subclasses (TimeStamp, ScalarFloat, ScalarInt…) as the plain types a YAML
    dumper knows: an unknown key's value (`fetch_date: 2024-05-02T10:00:00`) is carried through."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, value.hour, value.minute, value.second,
                        value.microsecond, tzinfo=value.tzinfo)
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    for kind in (int, float):
        if isinstance(value, kind):
            return kind(value)
    return str(value)
