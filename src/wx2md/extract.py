"""Extract stage: a raw WeChat page -> Article (metadata + one content tree).

WeChat pages are 2-4 MB, nearly all of it scripts and styles, so the whole page
is never parsed as HTML. Instead:

- metadata comes from JavaScript data (WeChat's `var …` block, found from the
  end of the page; `window.*` and `window.cgiDataNew` on picture and text
  posts; see `jsvars`), the `<head>` meta tags, and the small slice of markup
  between the top of `#js_article` and the body (title, account, author, tags),
  parsed with lxml;
- the body of an ordinary article is the `div#js_content` element, cut out of the
  raw text by counting `<div>`/`</div>` depth and parsed on its own;
- picture posts (item_show_type 8), text posts (10) and share cards keep their
  content in JavaScript; it is rebuilt here as plain HTML (`<p>`, `<br/>`,
  `<img>`, `<a>`) so later stages see one shape for every kind.

WeChat's own error pages (deleted, blocked, expired, unavailable) and its
verification wall raise the matching `wx2md.errors` exceptions; they are only
considered when the page holds no article, since real articles carry the same
phrases in their script templates.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from functools import cached_property
from typing import Any

import lxml.html
from bs4 import BeautifulSoup, Tag
from lxml import etree
from lxml.html import HtmlElement as LxmlElement

from wx2md import jsvars
from wx2md.errors import BadInput, PageUnavailable, VerificationWall
from wx2md.models import Article, Metadata
from wx2md.tree import parse_fragment
from wx2md.urls import canonical_article_url, clean_image_url

__all__ = ["extract", "CHINA_TZ"]

# WeChat's wall-clock strings (create_time: JsDecode('2025-11-05 18:30'),
# publish_time = "2018-12-05") are China time.
CHINA_TZ = timezone(timedelta(hours=8))

TITLE_MAX = 30  # a title made from a text post's first line is cut near here

# ------------------------------------------------------------------ patterns

_VAR_NAMES = (
    "msg_title", "nickname", "ct", "create_time", "publish_time", "user_name", "author",
    "copyright_stat", "_copyright_stat", "msg_desc", "msg_link", "msg_source_url",
    "msg_cdn_url", "cdn_url_1_1", "cdn_url_235_1", "item_show_type", "biz", "mid", "idx", "sn",
    "album_info_list",
)
# "var " is a literal prefix, so the regex engine skips quickly through 4 MB.
_VAR_RE = re.compile(r"var \s*(" + "|".join(_VAR_NAMES) + r")\s*=\s*")
_WINDOW_NAMES = (
    "ct", "item_show_type", "msg_title", "msg_desc", "msg_link", "msg_source_url", "msg_cdn_url",
    "cdn_url_1_1", "user_name", "nickname", "name", "author", "biz", "mid", "idx", "sn", "desc",
    "copyright_stat", "create_time", "publish_time",
)
# Long lists read on demand, found by their literal name (str.find is the fastest scan).
_WINDOW_LISTS = {
    "picture_page_info_list": "window.picture_page_info_list",
    "appmsgalbuminfo": "window.appmsgalbuminfo",
    "topics": "cgiData.topics",
}
_WINDOW_RE = re.compile(r"window\.(" + "|".join(_WINDOW_NAMES) + r")\s*=(?!=)\s*")
_CGI_RE = re.compile(r"cgiDataNew\s*=\s*(?=\{)")
_SHARE_NOTICE_RE = re.compile(r"getElementById\(\s*['\"]js_share_notice['\"]\s*\)\.innerHTML\s*=\s*")
_TEXT_CONTENT_RE = re.compile(r"TextContentNoEncode\s*=\s*")
_USER_TITLE_RE = re.compile(r"is_user_title\s*[:=]\s*['\"]?(\d)")

_ID_BEFORE = re.compile(r"(?:^|[\s\"'])[iI][dD]\s*=\s*[\"']?$")
_OPEN_TAG = re.compile(r"<([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_DEPTH_PATTERNS: dict[str, re.Pattern[str]] = {}
_META_TAG = re.compile(r"<meta\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTR = re.compile(r"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))")
_TITLE_TAG = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)
_SCRIPT_OR_STYLE = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.I | re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n[ \t\u3000\xa0]*\n\s*")
_BR = re.compile(r"<br\s*/?>", re.I)
_DATE_TIME = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")
_HTML_TAG_START = re.compile(r"<[A-Za-z!/]")

_FIRST_KEY_INDENT = re.compile(r"\{[ \t]*\r?\n(?:[ \t]*\r?\n)*([ \t]*)[A-Za-z_$]")
_KEY_COLON = re.compile(r"[ \t]*:[ \t]*")
_SCATTERED_VARS = frozenset({"biz", "mid", "idx", "sn"})
_ASSIGN = re.compile(r"\s*=(?!=)\s*")


# ------------------------------------------------------------------ entry point


def extract(html: str, url: str = "") -> Article:
    """Read a WeChat page: its kind, its metadata and its body as one `<div>`.

    Raises PageUnavailable for WeChat's error pages, VerificationWall for the
    captcha page and BadInput for anything that is not a WeChat article.
    """
    if isinstance(html, (bytes, bytearray)):
        html = bytes(html).decode("utf-8", "replace")
    page = _Page(html or "", url or "")
    kind = page.kind
    meta = page.metadata()
    content = page.content()
    meta.tags = page.tags(content)
    return Article(kind=kind, meta=meta, content=content)


# ------------------------------------------------------------------ markup helpers


class _Element:
    """Where one element sits in the raw text."""

    __slots__ = ("name", "start", "open_end", "close_start", "close_end", "attrs")

    def __init__(self, name: str, start: int, open_end: int, attrs: str) -> None:
        self.name = name
        self.start = start
        self.open_end = open_end
        self.close_start = open_end
        self.close_end = open_end
        self.attrs = attrs


def _in_script(raw: str, pos: int) -> bool:
    """Whether `pos` lies inside a `<script>` element (a template string, not markup)."""
    start = raw.rfind("<script", 0, pos)
    return start >= 0 and raw.find("</script", start, pos) < 0


def _find_by_id(
    raw: str, ident: str, start: int = 0, end: int | None = None, *, close: bool = True
) -> _Element | None:
    """The first element with `id="ident"` in raw[start:end] that is real markup, not script text."""
    end = len(raw) if end is None else end
    pos = start
    size = len(ident)
    while True:
        i = raw.find(ident, pos, end)
        if i < 0:
            return None
        pos = i + size
        after = raw[i + size : i + size + 1]
        if after and after not in "\"' \t\r\n/>":
            continue
        if not _ID_BEFORE.search(raw, max(0, i - 24), i):
            continue
        lt = raw.rfind("<", max(0, i - 20000), i)
        if lt < 0 or raw.find(">", lt, i) >= 0:
            continue
        m = _OPEN_TAG.match(raw, lt)
        if not m or m.end() <= i or _in_script(raw, lt):
            continue
        element = _Element(m.group(1).lower(), lt, m.end(), m.group(2))
        if close:
            _close(raw, element)
        return element


def _any_case(word: str) -> str:
    """A pattern for `word` in any letter case (cheaper than re.I for the whole scan)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)


def _depth_pattern(name: str) -> re.Pattern[str]:
    pattern = _DEPTH_PATTERNS.get(name)
    if pattern is None:
        pattern = re.compile(
            r"<(/?)" + _any_case(name) + r"\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
            r"|<" + _any_case("script") + r"\b.*?</" + _any_case("script") + r"\s*>|<!--.*?-->",
            re.S,
        )
        _DEPTH_PATTERNS[name] = pattern
    return pattern


def _close(raw: str, element: _Element) -> None:
    """Find the end tag matching `element` by counting same-name tags (scripts and comments skipped)."""
    depth = 1
    for m in _depth_pattern(element.name).finditer(raw, element.open_end):
        slash = m.group(1)
        if slash is None:  # script or comment
            continue
        if slash:
            depth -= 1
            if depth == 0:
                element.close_start, element.close_end = m.start(), m.end()
                return
        elif not m.group(0).endswith("/>") or element.name in ("div", "section", "p", "span"):
            depth += 1
    # Unbalanced (a truncated page): the element runs to the end of the text.
    element.close_start = element.close_end = len(raw)


def _inner(raw: str, element: _Element) -> str:
    return raw[element.open_end : element.close_start]


def _has_content(fragment: str) -> bool:
    stripped = fragment.strip()
    if not stripped:
        return False
    if len(stripped) > 4000:
        return True
    return bool(_COMMENT.sub("", stripped).strip())


def _text(fragment: str) -> str:
    """Visible text of an HTML fragment on one line."""
    fragment = _SCRIPT_OR_STYLE.sub(" ", fragment)
    fragment = _COMMENT.sub(" ", fragment)
    return _Decoded(_one_line(jsvars.unescape_html(_TAG.sub(" ", fragment))))


def _literal_at(raw: str, pos: int) -> bool:
    """Whether a string literal starts at `pos` (WeChat's data) rather than an expression (template code)."""
    return raw[pos : pos + 1] in ("'", '"') and isinstance(jsvars.value_at(raw, pos), str)


def _lxml_parse(markup: str) -> LxmlElement | None:
    if not markup.strip():
        return None
    try:
        return lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return None


def _by_id(root: LxmlElement, ident: str) -> list[LxmlElement]:
    return root.xpath(".//*[@id=$v]", v=ident)


def _by_class(root: LxmlElement, cls: str) -> list[LxmlElement]:
    return root.xpath(".//*[contains(concat(' ', normalize-space(@class), ' '), $v)]", v=f" {cls} ")


def _lxml_text(node: LxmlElement) -> str:
    """Visible text of an lxml element on one line (scripts and styles left out)."""
    return _Decoded(_one_line(" ".join(node.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]"))))


def _lxml_inner_html(node: LxmlElement) -> str:
    for junk in node.xpath(".//script|.//style"):
        junk.drop_tree()
    return (html_lib.escape(node.text or "", quote=False)) + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in node
    )


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\xa0", " ").replace("\u3000", " ")).strip()


def _attrs(fragment: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in _ATTR.finditer(fragment):
        key = m.group(1).lower()
        if key not in found:
            value = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4)
            found[key] = _Decoded(jsvars.unescape_html(value or ""))
    return found


def _head_end(raw: str) -> int:
    """End of `<head>`, skipping copies of `</head>` inside comments (a browser extension's trap)."""
    pos = 0
    while True:
        i = raw.find("</head>", pos)
        if i < 0:
            return -1
        opened = raw.rfind("<!--", max(0, i - 8192), i)
        if opened < 0 or raw.find("-->", opened, i) >= 0:
            return i
        pos = i + 7


def _paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs: blank lines split paragraphs, single newlines become `<br/>`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    parts = []
    for block in _BLANK_LINE.split(text):
        lines = [line.rstrip() for line in block.split("\n")]
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        if lines:
            parts.append("<p>" + "<br/>".join(html_lib.escape(line, quote=False) for line in lines) + "</p>")
    return "".join(parts)


def _html_paragraphs(markup: str) -> str:
    """An HTML snippet whose line breaks are `\\n` or `<br>` (a share comment) as paragraphs."""
    markup = _BR.sub("\n", markup.replace("\r\n", "\n").replace("\r", "\n")).strip("\n")
    parts = []
    for block in _BLANK_LINE.split(markup):
        lines = [line.strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            parts.append("<p>" + "<br/>".join(lines) + "</p>")
    return "".join(parts)


_SENTENCE_END = "。！？!?…"
_CLAUSE_END = ("；;", "，,、：:")
_TRAILING = "。，,、；;：: "


def _short_title(text: str) -> str:
    """A title for a post that has none: its first line, cut near TITLE_MAX at a sensible boundary.

    A cut at a sentence end needs no mark; a cut at a clause or a word adds "…".
    """
    line = next((_one_line(part) for part in text.split("\n") if part.strip()), "")
    if len(line) <= TITLE_MAX:
        return line.rstrip(_TRAILING) or line
    head = line[: TITLE_MAX + 1]
    least = TITLE_MAX // 3
    cut = max(head.rfind(mark) for mark in _SENTENCE_END)
    if cut >= TITLE_MAX // 5:
        return line[: cut + 1].rstrip(_TRAILING)
    for marks in _CLAUSE_END:
        cut = max(head.rfind(mark) for mark in marks)
        if cut >= least:
            return line[:cut].rstrip(_TRAILING) + "…"
    cut = head.rfind(" ")
    if cut >= least:
        return line[:cut].rstrip(_TRAILING) + "…"
    return line[:TITLE_MAX].rstrip(_TRAILING) + "…"


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


# ------------------------------------------------------------------ value helpers


class _Decoded(str):
    """Text already decoded by an HTML parser: its entities must not be decoded twice."""


def _clean_str(value: Any) -> str:
    """A page string fully decoded (JS escapes are gone already; now entities), stripped."""
    if isinstance(value, _Decoded):
        return value.replace("\xa0", " ").strip()
    if isinstance(value, bool) or value is None or value is jsvars.UNKNOWN:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        return ""
    return jsvars.unescape_html(value).replace("\xa0", " ").strip()


def _pick(*sources: Any) -> str:
    """The first non-blank one-line string among the sources, tried in order.

    Each source is a callable returning a value or a list of values; a later
    source is never evaluated when an earlier one answers (lookups are lazy).
    """
    for source in sources:
        values = source() if callable(source) else source
        if isinstance(values, (str, bytes, dict)) or not isinstance(values, Iterable):
            values = [values]
        for value in values:
            text = _one_line(_clean_str(value))
            if text:
                return text
    return ""


def _timestamp(value: Any) -> datetime | None:
    number = jsvars.to_number(value)
    if number is jsvars.UNKNOWN or isinstance(number, bool) or not number:
        return None
    if number > 1e11:  # milliseconds
        number = number / 1000
    if not 1e8 < number < 1e10:
        return None
    return datetime.fromtimestamp(int(number), CHINA_TZ)


def _wall_clock(value: Any) -> datetime | None:
    text = _clean_str(value)
    m = _DATE_TIME.match(text)
    if not m:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in m.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=CHINA_TZ)
    except ValueError:
        return None


def _web_url(value: Any) -> str:
    text = _clean_str(value)
    if text.startswith("//"):
        text = "https:" + text
    return text if re.match(r"https?://[^\s/]+", text) else ""


def _article_url(value: Any) -> str:
    text = _web_url(value)
    return canonical_article_url(text) if text else ""


def _dig(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


# ------------------------------------------------------------------ the page


class _Page:
    """One raw page and the lazily-read facts about it.

    Every lookup runs at most once and only when a field needs it; metadata
    sources are tried in order of trust and later ones are never read when an
    earlier one answers (see `_pick`).
    """

    def __init__(self, raw: str, url: str) -> None:
        self.raw = raw
        self.url = url

    # ---------------------------------------------------------- JavaScript data

    @cached_property
    def var_block(self) -> dict[str, list[Any]] | None:
        """`var …` assignments of the inline script that declares msg_title (WeChat's metadata block).

        Found from the end of the page (where the block sits), so a 4 MB page is
        not scanned end to end; None when the page has no such block.
        """
        raw = self.raw
        end = len(raw)
        while True:
            i = raw.rfind("var msg_title", 0, end)
            if i < 0:
                return None
            m = _VAR_RE.match(raw, i)
            # The block assigns a literal ('…'.html(false) or "…"); templates assign expressions.
            if m and _literal_at(raw, m.end()):
                break
            end = i
        start = max(0, raw.rfind("<script", 0, i))
        stop = raw.find("</script", i)
        return jsvars.scan_assignments(raw, _VAR_RE, start, stop if stop >= 0 else len(raw))

    @cached_property
    def all_vars(self) -> dict[str, list[Any]]:
        """Every `var …` assignment of interest in the page (the article body, plain markup, skipped)."""
        content = self.content_element
        if content is None:
            return jsvars.scan_assignments(self.raw, _VAR_RE)
        found = jsvars.scan_assignments(self.raw, _VAR_RE, 0, content.start)
        for name, values in jsvars.scan_assignments(self.raw, _VAR_RE, content.close_end).items():
            found.setdefault(name, []).extend(values)
        return found

    def var(self, name: str) -> list[Any]:
        """Values of `var <name> = …`, from the metadata block (or the whole page when there is none).

        Only the link parts (biz, mid, idx, sn), which old pages declare in `<head>`,
        are looked for outside the block.
        """
        if self.kind_hint and self.window_style:
            return []  # picture and text pages keep their data in window.* and cgiDataNew
        block = self.var_block
        if block is not None:
            if name in block or name not in _SCATTERED_VARS:
                return block.get(name, [])
        elif self.kind_hint:
            return []  # picture and text pages keep their data in window.* and cgiDataNew
        return self.all_vars.get(name, [])

    @cached_property
    def window(self) -> dict[str, list[Any]]:
        """`window.name = value` assignments of the script that declares window.item_show_type.

        Picture and text posts keep their metadata there instead of in a var block.
        """
        raw = self.raw
        for needle in ("window.item_show_type", "window.msg_title", "window.ct"):
            pos = 0
            while True:
                i = raw.find(needle, pos)
                if i < 0:
                    break
                pos = i + len(needle)
                m = _ASSIGN.match(raw, pos)
                if m and _literal_at(raw, m.end()):
                    start = max(0, raw.rfind("<script", 0, i))
                    stop = raw.find("</script", i)
                    return jsvars.scan_assignments(raw, _WINDOW_RE, start, stop if stop >= 0 else len(raw))
        return {}

    def win(self, name: str) -> list[Any]:
        return self.window.get(name, [])

    def window_list(self, name: str) -> Any:
        """`window.<name> = [ … ]` (or `window.cgiData.topics = [ … ]`), read on demand: these lists are long."""
        raw = self.raw
        needle = _WINDOW_LISTS[name]
        i = raw.find(needle)
        while i >= 0:
            m = _ASSIGN.match(raw, i + len(needle))
            if m and raw.startswith("[", m.end()):
                return jsvars.value_at(raw, m.end())
            i = raw.find(needle, i + len(needle))
        return None

    @cached_property
    def uses_window_data(self) -> bool:
        """Whether window.* and cgiDataNew are first-hand sources: a picture/text post, or no var block."""
        return bool(self.kind_hint) or self.var_block is None

    @cached_property
    def window_style(self) -> bool:
        """Whether the page uses the picture/text layout (`#js_article.share_content_page`)."""
        article = self.top_article
        return article is not None and "share_content_page" in article.attrs

    def late(self, window_name: str, cgi_name: str | None = None) -> Iterator[Any]:
        """Values from cgiDataNew, then `window.*`, for pages that keep their data there (lazily)."""
        if not self.uses_window_data:
            return
        if self.cgi_span:
            yield self.cgi_key(cgi_name or window_name)
        yield from self.win(window_name)

    @cached_property
    def cgi_span(self) -> tuple[int, int] | None:
        m = _CGI_RE.search(self.raw)
        if not m:
            return None
        end = self.raw.find("</script", m.end())
        return m.end(), (end if end >= 0 else len(self.raw))

    @cached_property
    def cgi_indent(self) -> str | None:
        """Indentation of cgiDataNew's top-level keys (the template writes one key per line)."""
        if not self.cgi_span:
            return None
        m = _FIRST_KEY_INDENT.match(self.raw, self.cgi_span[0])
        return m.group(1) if m else None

    @cached_property
    def cgi(self) -> dict[str, Any]:
        """All of cgiDataNew, parsed (only for pages whose template is not one key per line)."""
        if not self.cgi_span:
            return {}
        value = jsvars.value_at(self.raw, *self.cgi_span)
        return value if isinstance(value, dict) else {}

    def cgi_key(self, key: str) -> Any:
        """One top-level field of `window.cgiDataNew`, read without parsing the rest of it.

        A line starting with the top-level indentation and `key:` cannot be inside a
        string (JavaScript strings do not span lines) nor a nested object (deeper
        indentation), so only that field's value is parsed.
        """
        if not self.cgi_span:
            return None
        indent = self.cgi_indent
        if indent is None:
            return self.cgi.get(key)
        start, end = self.cgi_span
        needle = "\n" + indent + key
        i = self.raw.find(needle, start, end)
        while i >= 0:
            m = _KEY_COLON.match(self.raw, i + len(needle))
            if m:
                value = jsvars.value_at(self.raw, m.end(), end)
                return None if value is jsvars.UNKNOWN else value
            i = self.raw.find(needle, i + len(needle), end)
        return None

    @cached_property
    def item_show_type(self) -> int | None:
        """The page's declared layout: 0 article, 5 video, 8 picture post, 10 text post …"""
        raw = self.raw
        candidates: list[Any] = []
        if self.window_style:
            candidates.extend(self.window.get("item_show_type", []))
            block = None
        else:
            block = self.var_block
            if block is not None:
                candidates.extend(block.get("item_show_type", []))
        needles = ("var item_show_type", "window.item_show_type")
        for needle in needles if block is not None else needles[::-1]:
            if candidates:
                break
            pos = 0
            while not candidates:
                i = raw.find(needle, pos)
                if i < 0:
                    break
                pos = i + len(needle)
                m = _ASSIGN.match(raw, pos)
                if m:
                    value = jsvars.value_at(raw, m.end())
                    if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
                        candidates.append(value)
        if not candidates and self.cgi_span:
            candidates.append(self.cgi_key("item_show_type"))
        for value in candidates:
            number = jsvars.to_number(value)
            if isinstance(number, int) and not isinstance(number, bool):
                return number
        return None

    # ---------------------------------------------------------- markup

    @cached_property
    def head_end(self) -> int:
        end = _head_end(self.raw)
        if end < 0:
            content = self.content_element
            end = content.start if content else min(len(self.raw), 400_000)
        return end

    @cached_property
    def meta_tags(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for m in _META_TAG.finditer(self.raw, 0, self.head_end):
            attrs = _attrs(m.group(1))
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if key and "content" in attrs and key not in found:
                found[key] = attrs["content"]
        return found

    def meta(self, *keys: str) -> list[str]:
        return [self.meta_tags[k] for k in keys if k in self.meta_tags]

    @cached_property
    def title_tag(self) -> str:
        m = _TITLE_TAG.search(self.raw, 0, self.head_end)
        return _text(m.group(1)) if m else ""

    @cached_property
    def content_element(self) -> _Element | None:
        return _find_by_id(self.raw, "js_content")

    @cached_property
    def content_html(self) -> str:
        element = self.content_element
        return _inner(self.raw, element) if element else ""

    @cached_property
    def has_body(self) -> bool:
        return _has_content(self.content_html)

    @cached_property
    def top_article(self) -> _Element | None:
        """The opening tag of `#js_article` (the article's outer container), not closed."""
        return _find_by_id(self.raw, "js_article", close=False)

    @cached_property
    def article_element(self) -> _Element | None:
        """The article container: `#js_article` (or an older wrapper) before the body."""
        content = None if self.kind_hint == "picture" else self.content_element
        end = content.start if content else None
        element = self.top_article
        if element is not None and end is not None and element.start > end:
            element = None
        if element is None:
            for ident in ("img-content", "page-content"):
                element = _find_by_id(self.raw, ident, 0, end, close=False)
                if element:
                    break
        if element is not None and content is None:
            element = _Element(element.name, element.start, element.open_end, element.attrs)
            _close(self.raw, element)
        return element

    @cached_property
    def header(self) -> LxmlElement | None:
        """The markup from the top of the article to the start of its body: title, names, tags.

        For text posts (whose #js_content is a layout wrapper) the wrapper is included.
        Parsed with lxml directly: it is only read, never handed on.
        """
        content = None if self.kind_hint == "picture" else self.content_element
        article = self.article_element
        if content is not None:
            end = content.close_end if self.kind_hint == "text" else content.start
            if article is not None and article.start < content.start:
                start = article.start
            else:
                start = max(0, content.start - 30_000)
        elif article is not None:
            start, end = article.start, article.close_end
        else:
            return None
        if end - start > 300_000:
            start = end - 300_000
        return _lxml_parse(self.raw[start:end])

    def header_node(self, ident: str = "", cls: str = "") -> LxmlElement | None:
        """The first header element with this id or class."""
        if self.header is None:
            return None
        found = _by_id(self.header, ident) if ident else _by_class(self.header, cls)
        return found[0] if found else None

    def header_text(self, ident: str = "", cls: str = "") -> str:
        node = self.header_node(ident, cls)
        return _lxml_text(node) if node is not None else ""

    @cached_property
    def share_element(self) -> _Element | None:
        content = self.content_element
        if content is None:
            return None
        start = self.article_element.start if self.article_element else max(0, content.start - 50_000)
        return _find_by_id(self.raw, "js_share_content", start, content.start)

    # ---------------------------------------------------------- kind

    @cached_property
    def kind_hint(self) -> str:
        """The kind the page's own data declares (before looking at the body)."""
        show = self.item_show_type
        if show == 8:
            return "picture"
        if show == 10:
            return "text"
        return ""

    @cached_property
    def kind(self) -> str:
        hint = self.kind_hint
        if hint:
            return hint
        content = self.content_element
        if content is not None:
            if not self.has_body and self.share_element is not None:
                return "share"
            if self.has_body:
                if self.window_style and 'id="js_text_desc"' in self.content_html[:20_000]:
                    return "text"  # a text post whose item_show_type is missing
                return "article"
        # No usable #js_content: the page data may still hold the post.
        if self.picture_urls:
            return "picture"
        if self.cgi_span and _clean_str(self.cgi_key("content_noencode")):
            return "article"
        if content is not None and self.var_block is not None:
            return "article"  # a real article page whose body is empty
        _raise_error_page(self.raw, self.url)
        raise BadInput("not a WeChat article page")

    # ---------------------------------------------------------- metadata

    def metadata(self) -> Metadata:
        return Metadata(
            title=self.title(),
            digest=self.digest(),
            published=self.published(),
            author=_pick(
                lambda: self.meta("author", "og:article:author"),
                lambda: self.var("author"),
                lambda: self.header_text("js_author_name"),
                lambda: self.late("author"),
            ),
            account=_pick(
                lambda: self.var("nickname"),
                lambda: self.late("nickname", "nick_name"),
                lambda: self.header_text("js_name"),
                lambda: self.header_text(cls="wx_follow_nickname"),
                lambda: self.header_text(cls="profile_nickname"),
                lambda: self.cgi_key("nick_name"),
                lambda: self.win("name") if self.uses_window_data else [],
            ),
            account_id=_pick(
                lambda: self.var("user_name"), lambda: self.late("user_name"), lambda: self.cgi_key("user_name")
            ),
            cover=self.cover(),
            url=self.canonical_url(),
            source_url=self.source_url(),
            original=self.original(),
        )

    def title(self) -> str:
        title = _pick(
            lambda: self.var("msg_title"),
            lambda: self.late("msg_title", "title"),
            lambda: self.meta("og:title", "twitter:title"),
            self.activity_name,
            lambda: self.header_text("js_text_title"),
        )
        if self.kind == "text":
            text = self.post_text
            declared = [_clean_str(v) for v in (*self.var("msg_title"), *self.late("msg_title", "title"))]
            user_title = _USER_TITLE_RE.search(self.raw, self.cgi_span[0] if self.cgi_span else 0)
            is_text = (
                not title
                or any("\n" in t for t in declared)
                or (bool(text) and _norm(title) == _norm(text))
                or (bool(text) and len(title) > 2 * TITLE_MAX and _norm(text).startswith(_norm(title)))
                or (user_title is not None and user_title.group(1) == "0")
            )
            if is_text and text:
                return _short_title(text)
        if not title and self.title_tag != "微信公众平台":
            title = _clean_str(self.title_tag)
        return title

    def activity_name(self) -> str:
        node = self.header_node("activity-name")
        if node is None:
            return ""
        inner = _by_class(node, "js_title_inner")
        return _lxml_text(inner[0] if inner else node)

    def digest(self) -> str:
        for source in (
            lambda: self.var("msg_desc"),
            lambda: self.late("msg_desc", "desc"),
            lambda: self.meta("og:description", "description"),
        ):
            for value in source():
                text = _clean_str(value).replace("\r\n", "\n").strip()
                if text:
                    return text
        return ""

    def published(self) -> datetime | None:
        unix_times = (lambda: self.var("ct"), lambda: self.var("create_time"), lambda: self.late("ct", "ori_create_time"))
        for source in unix_times:
            for value in source():
                when = _timestamp(value)
                if when:
                    return when
        wall_clocks = (lambda: self.late("create_time"), lambda: self.var("publish_time"), lambda: self.late("publish_time"))
        for source in wall_clocks:
            for value in source():
                when = _timestamp(value) or _wall_clock(value)
                if when:
                    return when
        return None

    def cover(self) -> str:
        for source in (
            lambda: self.var("msg_cdn_url"),
            lambda: self.var("cdn_url_1_1"),
            lambda: self.var("cdn_url_235_1"),
            lambda: self.late("msg_cdn_url", "cdn_url"),
            lambda: self.meta("og:image", "twitter:image"),
        ):
            for value in source():
                url = clean_image_url(_clean_str(value))
                if url:
                    return url
        return ""

    def canonical_url(self) -> str:
        links = (lambda: self.var("msg_link"), lambda: self.late("msg_link", "link"), lambda: self.meta("og:url"))
        for source in links:
            for value in source():
                url = _article_url(value)
                if url:
                    return url
        parts = [_pick(lambda n=name: self.var(n), lambda n=name: self.late(n)) for name in ("biz", "mid", "idx", "sn")]
        if all(parts):
            biz, mid, idx, sn = parts
            return canonical_article_url(f"https://mp.weixin.qq.com/s?__biz={biz}&mid={mid}&idx={idx}&sn={sn}")
        return _article_url(self.url)

    def source_url(self) -> str:
        for source in (lambda: self.var("msg_source_url"), lambda: self.late("msg_source_url", "source_url")):
            for value in source():
                url = _web_url(value)
                if url:
                    return url
        return ""

    def original(self) -> bool | None:
        for source in (
            lambda: self.var("copyright_stat"),
            lambda: self.var("_copyright_stat"),
            lambda: [_dig(self.cgi_key("copyright_info"), "copyright_stat")] if self.uses_window_data else [],
        ):
            for value in source():
                number = jsvars.to_number(value)
                if number == 1:
                    return True
                if number == 2:
                    return False
        return None

    # ---------------------------------------------------------- tags

    def tags(self, content: Tag) -> list[str]:
        """Album and tag names shown with the article, then the body's #hashtags; in order, once each."""
        names: list[Any] = []
        for albums in self.var("album_info_list")[:1]:
            if isinstance(albums, list):
                names.extend(_dig(item, "title") for item in albums)
        if self.cgi_span:
            tags = _dig(self.cgi_key("public_tag_info"), "tags")
            if isinstance(tags, list):
                names.extend(_dig(item, "tag_name") for item in tags)
        if self.uses_window_data:
            topics = self.window_list("topics")
            if isinstance(topics, list):
                names.extend(_dig(item, "tag_name") for item in topics)
            albums = self.window_list("appmsgalbuminfo")
            if isinstance(albums, list):
                names.extend(_dig(item, "title") for item in albums)
        if self.header is not None:
            names.extend(_lxml_text(node) for node in _by_class(self.header, "article-tag__item"))
        if self.kind != "article" or "wx_topic_link" in self.content_html:
            for link in content.find_all("a", class_="wx_topic_link"):
                if link.has_attr("data-topic") or link.get_text().strip().startswith(("#", "＃")):
                    names.append(_Decoded(link.get_text(" ")))
        seen: dict[str, None] = {}
        for name in names:
            text = _one_line(_clean_str(name)).lstrip("#＃").strip()
            if text and text not in seen:
                seen[text] = None
        return list(seen)

    # ---------------------------------------------------------- content

    def content(self) -> Tag:
        kind = self.kind
        if kind == "picture":
            return self.picture_content()
        if kind == "text":
            return parse_fragment(_paragraphs(self.post_text))
        if kind == "share":
            return self.share_content()
        return self.article_content()

    def article_content(self) -> Tag:
        element = self.content_element
        if element is not None and self.has_body:
            soup = BeautifulSoup(self.raw[element.start : element.close_end], "lxml")
            node = soup.body.find(True, recursive=False) if soup.body is not None else None
            if isinstance(node, Tag):
                return node
        # The body lives only in the page data (cgiDataNew.content_noencode holds its HTML).
        data = self.cgi_key("content_noencode") if self.cgi_span else None
        if isinstance(data, str) and _HTML_TAG_START.search(data):
            return parse_fragment(data)  # markup: its entities are the HTML parser's to decode
        return parse_fragment(_paragraphs(_clean_str(data)))

    @cached_property
    def post_text(self) -> str:
        """The text of a picture or text post, decoded (entities too)."""
        sources: list[Any] = [
            lambda: [self.cgi_key("content_noencode")],
            self.text_content_noencode,
        ]
        if self.kind_hint == "picture" or (not self.kind_hint and self.picture_urls):
            sources += [lambda: self.late("desc"), lambda: self.var("msg_desc")]
        else:  # a text post without a title keeps its whole text in the title field
            sources += [lambda: [self.cgi_key("title")], lambda: self.win("msg_title")]
        for source in sources:
            for value in source():
                text = _clean_str(value)
                if text:
                    return text.replace("\r\n", "\n")
        return ""

    def text_content_noencode(self) -> list[Any]:
        m = _TEXT_CONTENT_RE.search(self.raw)
        return [jsvars.value_at(self.raw, m.end())] if m else []

    @cached_property
    def picture_urls(self) -> list[str]:
        lists = (lambda: self.cgi_key("picture_page_info_list"), lambda: self.window_list("picture_page_info_list"))
        for read in lists:
            items = read()
            if not isinstance(items, list):
                continue
            urls: list[str] = []
            for item in items:  # top-level entries only: nested cdn_urls are watermarks and share covers
                url = clean_image_url(_clean_str(_dig(item, "cdn_url")))
                if url and url not in urls:
                    urls.append(url)
            if urls:
                return urls
        return []

    def picture_content(self) -> Tag:
        images = "".join(f'<p><img src="{html_lib.escape(url)}" alt=""/></p>' for url in self.picture_urls)
        return parse_fragment(_paragraphs(self.post_text) + images)

    def share_content(self) -> Tag:
        """The sharer's comment as paragraphs, then a link to the shared article."""
        raw = self.raw
        comment = ""
        m = _SHARE_NOTICE_RE.search(raw, self.article_element.start if self.article_element else 0)
        if m:
            value = jsvars.value_at(raw, m.end())
            if isinstance(value, str):
                comment = _html_paragraphs(value)
        if not comment:
            notice = self.header_node("js_share_notice")
            if notice is not None:
                comment = _html_paragraphs(_lxml_inner_html(notice))
        title = link = ""
        card = self.share_element
        root = _lxml_parse(raw[card.start : card.close_end]) if card is not None else None
        if root is not None:
            found = _by_id(root, "original_panel_title") or _by_id(root, "js_share_title")
            if found:
                title = _lxml_text(found[0])
            else:
                panel = _by_class(root, "original_panel_title")
                if panel:
                    for tip in _by_class(panel[0], "original_panel_tips"):
                        tip.drop_tree()
                    title = _lxml_text(panel[0])
            sources = root.xpath('.//*[@id="js_share_source"][@data-url]') or root.xpath(".//*[@data-url]")
            if sources:
                link = _article_url(_Decoded(sources[0].get("data-url") or ""))
        original = ""
        if link:
            label = html_lib.escape(title or link, quote=False)
            original = f'<p>🔗 <a href="{html_lib.escape(link)}">{label}</a></p>'
        elif title:
            original = f"<p>🔗 {html_lib.escape(title, quote=False)}</p>"
        body = self.content_html if self.has_body else ""
        return parse_fragment(comment + body + original)


# ------------------------------------------------------------------ error pages

_ERROR_CLASSES = ("weui-msg__title", "mesg-block", "global_error_msg", "weui-msg__desc")
_DELETED = ("已被发布者删除", "已被作者删除", "已被发送人删除", "has been deleted")
_BLOCKED = ("违规无法查看", "涉嫌违规", "被投诉", "violat")
_EXPIRED = ("链接已过期", "已过期", "has expired")
_UNAVAILABLE = ("暂时无法查看", "无法查看", "unavailable")
_CAPTCHA = ("环境异常", "完成验证后即可继续访问")


def _class_text(raw: str, cls: str) -> str:
    """Visible text of the first element (outside scripts) whose class list holds `cls`."""
    pattern = re.compile(
        r"<([A-Za-z][\w-]*)\b[^>]*\bclass\s*=\s*[\"'][^\"']*(?<![\w-])"
        + re.escape(cls)
        + r"(?![\w-])[^\"']*[\"'][^>]*>"
    )
    for m in pattern.finditer(raw):
        if _in_script(raw, m.start()):
            continue
        element = _Element(m.group(1).lower(), m.start(), m.end(), "")
        _close(raw, element)
        text = _text(_inner(raw, element))
        if text:
            return text
    return ""


def _raise_error_page(raw: str, url: str) -> None:
    """Raise the exception that matches WeChat's error page, if `raw` is one (called only without an article)."""
    texts = {cls: _class_text(raw, cls) for cls in _ERROR_CLASSES}
    head_end = _head_end(raw)
    m = _TITLE_TAG.search(raw, 0, head_end if head_end > 100 else min(len(raw), 200_000))
    page_title = _text(m.group(1)) if m else ""
    headline = texts["weui-msg__title"] or texts["global_error_msg"] or texts["mesg-block"]
    signals = [t for t in (texts["weui-msg__title"], texts["global_error_msg"], texts["mesg-block"], page_title) if t]

    def says(words: tuple[str, ...]) -> str:
        return next((t for t in signals if any(w in t for w in words)), "")

    if says(_DELETED):
        raise PageUnavailable("deleted", "article deleted by its author (该内容已被发布者删除)")
    if says(_BLOCKED):
        reason = texts["weui-msg__desc"][:300]
        message = "article blocked by WeChat (此内容因违规无法查看)"
        raise PageUnavailable("blocked", f"{message}: {reason}" if reason else message)
    if says(_EXPIRED):
        raise PageUnavailable("expired", "article link has expired (链接已过期)")
    wechat = any(mark in raw for mark in ("weui", "mp.weixin.qq.com", "res.wx.qq.com", "wappoc_appmsgcaptcha"))
    visible = _text(raw) if wechat and len(raw) < 600_000 else ""
    if (
        "wappoc_appmsgcaptcha" in url
        or any(word in text for text in (*signals, texts["weui-msg__desc"], visible) for word in _CAPTCHA)
        or ("wappoc_appmsgcaptcha" in raw and not headline)
    ):
        raise VerificationWall("WeChat asks for a verification (环境异常，完成验证后即可继续访问): stop and retry later")
    unavailable = says(_UNAVAILABLE)
    if unavailable and "暂时无法查看" in unavailable:
        raise PageUnavailable("unavailable", "article temporarily unavailable (该内容暂时无法查看)")
    generic = unavailable or headline
    if generic:
        raise PageUnavailable("unavailable", f"article unavailable ({generic[:200]})")
