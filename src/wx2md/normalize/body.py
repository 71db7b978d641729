"""Body repairs for existing posts: fix what is broken, leave every other byte alone.

An old post is mostly good Markdown with scars: raw HTML from WeChat's editor or
another converter, SVG placeholder images, lazy-loader parameters on image URLs,
bold-wrapped or empty headings, Liquid-looking text that breaks the Jekyll build.
Re-flowing the whole file (what mdformat or prettier do) would break kramdown
attribute lines and churn every post, so the body is read line by line: fenced
code, math blocks and kramdown `{: … }` lines are never touched, HTML islands go
through the converter's own cleaner and Markdown writer, and ordinary lines only
get the few targeted fixes below.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape as html_unescape
from dataclasses import dataclass
from functools import cache

from wx2md.urls import IMAGE_NOISE_PARAMS, clean_image_url
from wx2md.wechat import IMAGE_CDN, IMAGE_CDN_HOSTS

# A line that opens an HTML block (CommonMark's "type 6" names plus WeChat's wrappers).
ISLAND_START = re.compile(
    r"^ {0,3}</?(?:div|section|p|table|center|figure|article|header|footer|aside|main|nav|blockquote|ul|ol|"
    r"h[1-6]|pre|dl|hr|mp-[\w-]+)(?=[\s/>]|$)",
    re.I,
)
TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*/?>", re.S)
ATTR_NAME = re.compile(r"\s([^\s=/>]+)(?=\s*=|\s|$)")
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# HTML that Markdown posts legitimately carry: an island made only of these is left alone.
CLEAN_TAGS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "br", "img", "a", "strong",
                        "em", "b", "i", "code", "sup", "sub", "del", "details", "summary", "ul", "ol", "li", "p",
                        "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "mark", "u", "dl",
                        "dt", "dd"})
CLEAN_ATTRS = frozenset({"href", "title", "src", "alt", "colspan", "rowspan", "start", "id", "name", "open"})
# Inline wrappers (`span`, `font`) whose attributes only carry presentation are unwrapped.
STYLE_ATTRS = frozenset({"style", "class", "lang", "color", "face", "size", "dir"})
IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
INLINE_TAG = re.compile(r"<(a|strong|b|em|i|u|s|sup|sub|code|mark|del|small|br|kbd)\b((?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?)*)\s*(/?)>", re.I)
ATTR = re.compile(r"\s+([^\s=/>]+)(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'>]+))?")
IMG_ATTR = re.compile(r"""\s([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
PRE_OPEN = re.compile(r"<pre\b", re.I)
PRE_CLOSE = re.compile(r"</pre\s*>", re.I)
WRAPPER_TAG = re.compile(r"</?(?:span|font)\b[^>]*>", re.I)
SVG_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?data:image/svg\+xml[^)\n]*\)")
MMBIZ_URL = re.compile(rf"https?://{IMAGE_CDN_HOSTS}/" + r"[^\s)\"'<>\]]+")
ATX = re.compile(r"^( {0,3})(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
WRAPPED_BOLD = re.compile(r"^(\*\*|__)(?!\s)((?:(?!\1).)+?)(?<!\s)\1$")
CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")
# What any repair starts from; a body without it only gets its blank edges trimmed.
NEEDS_WORK = re.compile(
    r"<|\*{4}|data:image/svg|\{\{|\{%|^ {0,3}#{1,6}[ \t]*(?:\*\*|__|#*[ \t]*$)"
    r"|http://" + re.escape(IMAGE_CDN) + "|" + re.escape(IMAGE_CDN)
    + r"[^\s)\"'<>\]]*(?:[?&](?:" + "|".join(sorted(IMAGE_NOISE_PARAMS)) + r")=|&amp;|#)",
    re.M,
)
IAL_LINE = re.compile(r"^ {0,3}\{:.*\}\s*$")
# `****text****`: bold inside bold, as wechat-article-exporter writes a bold run in a bold block.
# CommonMark shows it bold; kramdown (Jekyll) shows `**text**` with its asterisks.
DOUBLED_BOLD = re.compile(r"(?<!\*)(\*{4,})(?=[^*\s])([^*\n]*?[^*\s])\1(?!\*)")
# `**一****二**`: a bold run closed and reopened with nothing between: one run.
REOPENED_BOLD = re.compile(r"(?<=[^*\s])\*{4}(?=[^*\s])")
MATH_FENCE = re.compile(r"^ {0,3}\$\$\s*$")


@dataclass
class Block:
    """A run of lines the repairs treat as one thing."""

    kind: str  # text | code | math | html | blank
    lines: list[str]


def repair(body: str, *, guard_liquid: bool = True) -> str:
    """The body with every repair applied; already-clean Markdown comes back unchanged.

    `guard_liquid` is for Jekyll: other engines have template tags of their own
    (Hexo's `{% blockquote %}`, Hugo's shortcodes) that must reach them as written.
    """
    if not NEEDS_WORK.search(body):
        return _join(body.split("\n"))  # nothing any repair below would touch: the common case
    lines: list[str | None] = []
    gap_after = False  # a converted island is its own block: keep Markdown around it apart
    for block in _blocks(body.split("\n")):
        if block.kind == "html" and _junky(block.lines):
            converted = _island(block.lines)
            if converted != [None] and lines and (lines[-1] or "").strip():
                lines.append("")
            lines.extend(converted)
            gap_after = converted != [None]
            continue
        if gap_after and block.kind != "blank":
            lines.append("")
        gap_after = block.kind == "html"  # kept HTML too: CommonMark would fold the next line into it
        if block.kind == "text":
            lines.extend(_text_line(line) for line in block.lines)
        elif block.kind == "html":  # HTML the author chose stays; its WeChat image URLs are cleaned all the same
            lines.extend(_html_urls(line) if IMAGE_CDN in line else line for line in block.lines)
        else:
            lines.extend(block.lines)
    return protect_liquid(_join(lines)) if guard_liquid else _join(lines)


def islands_apart(body: str) -> tuple[str, list[int]]:
    """`body` with a blank line after each HTML island that Markdown follows directly, and where they went.

    The repairs read such a line as Markdown (as kramdown does); CommonMark would
    fold it into the HTML block. The text guard reads the original this way too,
    so both sides are the same blocks. The list holds the inserted lines' indexes.
    """
    if "<" not in body:
        return body, []
    lines = body.split("\n")
    out: list[str] = []
    added: list[int] = []
    for block in _blocks(lines):
        out.extend(block.lines)
        if block.kind == "html" and out[-1].strip():
            added.append(len(out))
            out.append("")
    return "\n".join(out), added


def protect_liquid(text: str) -> str:
    """Liquid shielding for existing posts (see liquid.py)."""
    from wx2md.normalize.liquid import protect

    return protect(text)


@cache
def _fence_line() -> re.Pattern[str]:
    """convert's fence pattern, imported on first use: the Markdown writer pulls in bs4,
    which a hook run over clean posts never needs (start-up counts for a git hook)."""
    from wx2md.markdown import FENCE_LINE

    return FENCE_LINE


# ------------------------------------------------------------------ blocks


def _blocks(lines: list[str]) -> Iterator[Block]:
    """Fences, math, HTML islands and the rest, in order."""
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _fence_line().match(line)
        if fence:
            end = fence_end(lines, i, fence.group(1))
            yield Block("code", lines[i:end])
            i = end
        elif MATH_FENCE.match(line):
            end = next((j + 1 for j in range(i + 1, len(lines)) if MATH_FENCE.match(lines[j])), i + 1)
            yield Block("math" if end > i + 1 else "text", lines[i:end])
            i = end
        elif ISLAND_START.match(line):
            end = _island_end(lines, i)
            yield Block("html", lines[i:end])
            i = end
        elif not line.strip():
            yield Block("blank", [line])
            i += 1
        else:
            yield Block("text", [line])
            i += 1


def fence_end(lines: list[str], start: int, opener: str) -> int:
    """Index after the closing fence (or the end: an unclosed fence runs to the end, as in CommonMark).

    The one fence reader of normalize's repairs and its Liquid shielding, so both
    see the same code blocks.
    """
    for j in range(start + 1, len(lines)):
        match = _fence_line().match(lines[j])
        if match and match.group(1)[0] == opener[0] and len(match.group(1)) >= len(opener) \
                and not lines[j].strip(opener[0] + " \t"):
            return j + 1
    return len(lines)


def _island_end(lines: list[str], start: int) -> int:
    """Where an HTML island ends: at the end of the line that balances its tags, else at a blank line.

    A blank line inside an open `<div>` keeps the island going only when HTML
    follows it: Markdown after a blank line is Markdown, whatever came before.
    Inside an open `<pre>` a blank line is the code's own: the island runs on to
    its `</pre>` (cut there, the code would end early and its rest turn to text).
    """
    depth = 0
    pre = 0
    i = start
    while i < len(lines):
        if not lines[i].strip():
            if pre > 0:
                i += 1
                continue
            if depth <= 0:
                return i
            nxt = next((j for j in range(i, len(lines)) if lines[j].strip()), None)
            if nxt is None or not lines[nxt].lstrip().startswith("<"):
                return i
            i = nxt
            continue
        depth += _depth_change(lines[i])
        if "pre" in lines[i].lower():
            pre += len(PRE_OPEN.findall(lines[i])) - len(PRE_CLOSE.findall(lines[i]))
        i += 1
        if depth <= 0:
            return i  # balanced: what follows is Markdown again (kramdown reads it so)
    return i


def _depth_change(line: str) -> int:
    change = 0
    for match in TAG.finditer(line):
        name = match.group(2).lower()
        if name in VOID or match.group(0).endswith("/>"):
            continue
        change += -1 if match.group(1) else 1
    return change


def _junky(lines: list[str]) -> bool:
    """Whether an island carries editor junk (wrappers, styles, data attributes) worth converting.

    A clean HTML table (merged cells have no Markdown form), `<details>` or a
    kramdown `markdown="1"` block is the author's choice and stays.
    """
    text = "\n".join(lines)
    if "markdown=" in text or not TAG.sub("", text).strip() and all(m.group(1) for m in TAG.finditer(text)):
        return False  # kramdown's Markdown-in-HTML, or the closing tags of such a block
    for match in TAG.finditer(text):
        name = match.group(2).lower()
        if name not in CLEAN_TAGS:
            return True
        attrs = {a.lower() for a in ATTR_NAME.findall(match.group(3) or "")}
        if attrs - CLEAN_ATTRS:
            return True
    return False


def _island(lines: list[str]) -> list[str | None]:
    """An HTML island as Markdown, through the converter's own cleaner and writer.

    Images the author sized pass the cleaner as stand-ins and come back as sized
    `<img>` tags (the cleaner keeps no sizes: WeChat's own are layout, not the author's).
    """
    markup = "\n".join(lines)
    sized: dict[str, str] = {}
    if "<img" in markup.lower() and any(word in markup for word in ("width", "height", "zoom")):
        def stand_in(match: re.Match[str]) -> str:
            tag = _sized_img(match.group(0))
            if tag is None:
                return match.group(0)
            key = f"wx2mdsizedimage{len(sized)}x"
            sized[key] = tag
            return key

        markup = IMG_TAG.sub(stand_in, markup)
    markdown = html_to_markdown(markup)
    for key, tag in sized.items():
        markdown = markdown.replace(key, tag)
    if not markdown.strip():
        return [None]
    return markdown.rstrip("\n").split("\n")


def html_to_markdown(markup: str) -> str:
    """A fragment of HTML as the Markdown `convert` would write for it (no Liquid shielding here)."""
    from wx2md.clean import clean  # late: bs4 and lxml only for posts that hold HTML
    from wx2md.markdown import PostConverter, tidy
    from wx2md.tree import parse_fragment

    return tidy(PostConverter().convert_soup(clean(parse_fragment(markup))))


# ------------------------------------------------------------------ ordinary lines


def _text_line(line: str) -> str | None:
    """One Markdown line with the targeted fixes; None when nothing of it should remain."""
    if IAL_LINE.match(line) or line.startswith(("    ", "\t")):
        return line  # kramdown attribute lines and indented code: byte for byte
    original = line
    if "<" in line or "data:image/svg" in line or IMAGE_CDN in line:
        line = _outside_code(line, _inline_fixes)
    if "****" in line:
        line = _outside_code(line, _one_bold_run)
    heading = ATX.match(line)
    if heading:
        return _heading(heading, line)
    if line != original and not line.strip():
        return None
    return line


def _one_bold_run(text: str) -> str:
    """Bold inside bold (`****x****`) and bold closed and reopened (`**a****b**`) as one bold run."""
    return REOPENED_BOLD.sub("", DOUBLED_BOLD.sub(r"**\2**", text))


def _outside_code(line: str, fix) -> str:
    """`fix` applied to the parts of a line that are not inline code."""
    out, last = [], 0
    for match in CODE_SPAN.finditer(line):
        out += [fix(line[last:match.start()]), match.group(0)]
        last = match.end()
    out.append(fix(line[last:]))
    return "".join(out)


def _inline_fixes(text: str) -> str:
    if "<" in text:
        text = IMG_TAG.sub(_img_tag, text)
        text = _unwrap_styles(text)
        if "style=" in text or "data-" in text or "class=" in text:
            text = INLINE_TAG.sub(_plain_inline_tag, text)
    if "data:image/svg" in text:
        text = SVG_IMAGE.sub("", text)
    if IMAGE_CDN in text:
        text = MMBIZ_URL.sub(_mmbiz, text)
    return text


def _img_tag(match: re.Match[str]) -> str:
    """An `<img>` from a lazy loader or editor as a Markdown image (or nothing, for a placeholder)."""
    tag = match.group(0)
    attrs = {a.lower() for a in ATTR_NAME.findall(tag[4:])}
    if not attrs - {"src", "alt", "title", "width", "height"} and "data:image/svg" not in tag \
            and IMAGE_CDN not in tag:
        return tag  # a plain <img> an author wrote on purpose (for a width, say)
    sized = _sized_img(tag)
    return sized if sized is not None else html_to_markdown(tag).strip()


def _sized_img(tag: str) -> str | None:
    """An `<img>` the author sized (`width`, `height`, Typora's `style="zoom:25%"`) as a plain sized `<img>`,
    its URL cleaned; None when it carries no size (it becomes a Markdown image)."""
    values = {m.group(1).lower(): m.group(2) if m.group(2) is not None else (m.group(3) or "")
              for m in IMG_ATTR.finditer(tag)}
    style = values.get("style", "")
    width = values.get("width") or _style_size(style, "zoom")  # Typora's zoom; WeChat's style widths are its own
    height = values.get("height")
    if not width and not height:
        return None
    src = next((values[k] for k in ("data-src", "data-original", "src") if values.get(k, "").startswith(("http", "//", "/"))), "")
    src = clean_image_url(src) or src if IMAGE_CDN in src or src.startswith("//") else src
    if not src:
        return None
    out = f'<img src="{src}"'
    if values.get("alt"):
        out += f' alt="{values["alt"]}"'
    out += f' width="{width}"' if width else ""
    out += f' height="{height}"' if height and not width else ""
    return out + ">"


def _style_size(style: str, prop: str) -> str:
    match = re.search(rf"(?:^|;)\s*{prop}\s*:\s*([\d.]+)(px|%)?", style, re.I)
    if not match:
        return ""
    number, unit = match.group(1), match.group(2) or ""
    return f"{number}%" if unit == "%" else number if unit == "px" or prop == "zoom" and not unit else ""


def _plain_inline_tag(match: re.Match[str]) -> str:
    """`<a href style class data-x>` as `<a href>`: an inline tag kept, its presentation dropped."""
    attrs = [m.group(0) for m in ATTR.finditer(match.group(2))
             if m.group(1).lower() not in STYLE_ATTRS and not m.group(1).lower().startswith("data-")]
    return f"<{match.group(1)}{''.join(attrs)}{match.group(3)}>"


def _unwrap_styles(text: str) -> str:
    """Presentational `<span style>`/`<font color>` tags go, their text stays.

    Closers pair with openers on the same line; a closer with no opener here
    belongs to one on an earlier line that was (or, for junk, would have been) dropped.
    """
    kept: list[bool] = []

    def one(match: re.Match[str]) -> str:
        tag = match.group(0)
        if tag.startswith("</"):
            return tag if kept and kept.pop() else ""
        attrs = {a.lower() for a in ATTR_NAME.findall(tag[5:])}
        keep = not all(a in STYLE_ATTRS or a.startswith("data-") for a in attrs)
        kept.append(keep)
        return tag if keep else ""

    return WRAPPER_TAG.sub(one, text)


def clean_image_urls(text: str) -> str:
    """Every WeChat image URL in `text` on https without lazy-load parameters (front matter covers)."""
    return MMBIZ_URL.sub(_mmbiz, text) if IMAGE_CDN in text else text


def _html_urls(line: str) -> str:
    """WeChat image URLs in an HTML line cleaned, `&` written `&amp;` where the line wrote it so."""
    def one(match: re.Match[str]) -> str:
        url = match.group(0)
        clean = _clean_mmbiz(html_unescape(url))
        return clean.replace("&", "&amp;") if "&amp;" in url else clean

    return MMBIZ_URL.sub(one, line)


def _mmbiz(match: re.Match[str]) -> str:
    return _clean_mmbiz(match.group(0))


def _clean_mmbiz(url: str) -> str:
    if url.startswith("https://") and not any(c in url for c in "&#") and not any(
            f"{p}=" in url for p in IMAGE_NOISE_PARAMS):
        return url  # already clean (the common case): skip the parse
    return clean_image_url(url) or url


def _heading(match: re.Match[str], line: str) -> str | None:
    """`## **title**` as `## title`; an empty heading goes; any other heading stays as it is."""
    indent, hashes, content = match.group(1), match.group(2), (match.group(3) or "")
    text = CLOSING_HASHES.sub("", content).strip() if content.strip(" #") else ""
    if not text or not text.strip("*_ "):
        return None
    bold = WRAPPED_BOLD.match(text)
    if bold and "**" not in bold.group(2) and "__" not in bold.group(2):
        return f"{indent}{hashes} {content.replace(text, bold.group(2), 1)}"
    return line


# ------------------------------------------------------------------ output


def _join(lines: list[str | None]) -> str:
    """Lines back into text: removed lines leave no gap behind, one final newline."""
    out: list[str] = []
    skip_blank = False
    for line in lines:
        if line is None:
            skip_blank = bool(out) and not out[-1].strip()
            continue
        if skip_blank and not line.strip():
            skip_blank = False
            continue
        skip_blank = False
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    while out and not out[0].strip():
        out.pop(0)
    return "\n".join(out) + "\n" if out else ""
