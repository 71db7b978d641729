"""Code blocks: WeChat's three code styles rebuilt as `<pre data-lang>` holding plain text.

WeChat's editor writes one `<code>` per line beside a `<ul>` of line numbers;
mdnice writes `&nbsp;` for spaces and `<br>` for newlines with no newline
characters at all; older pages use highlight `<span>`s. Converters that walk
these as ordinary HTML collapse the code onto one line or keep the gutter.
Here each block becomes exactly its source text, one line per line.
"""

from __future__ import annotations

import re
from itertools import islice

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from wx2md.text import strip_invisible
from wx2md.tree import gone, iter_tags, tags_in
from wx2md.wechat import NOT_CODE_LANGUAGES, Class

GUTTER = re.compile(r"line-?index|line-?numbers?|linenums?|gutter|hljs-ln-numbers", re.I)
# `code-snippet__python` is WeChat's editor (wechat.Class.CODE_SNIPPET names its block).
LANG_CLASS = re.compile(r"^(?:language|lang|code-snippet_?_|hljs|brush:?)[-_]?(\w[\w+#.-]*)$", re.I)
LINE_BLOCKS = frozenset({"p", "div", "li", "section", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})


def rebuild_code_blocks(root: Tag, soup: BeautifulSoup) -> None:
    """Replace every code block under `root` with `<pre data-lang=…>plain text</pre>`."""
    for snippet in tags_in(root, where=_is_snippet):
        if not gone(snippet):
            _replace(snippet, _snippet_text(snippet), _language(snippet), soup)
    for pre in tags_in(root, ("pre",)):
        if gone(pre) or pre.find_parent("pre") is not None:
            continue
        _replace(pre, _pre_text(pre), _language(pre), soup)


def _is_snippet(tag: Tag) -> bool:
    """WeChat's own code block: a class containing `code-snippet__fix`."""
    value = tag.get("class")
    return bool(value) and Class.CODE_SNIPPET in (value if isinstance(value, str) else " ".join(value))


def _replace(block: Tag, text: str, lang: str, soup: BeautifulSoup) -> None:
    pre = soup.new_tag("pre")
    if lang:
        pre["data-lang"] = lang
    pre.append(NavigableString(tidy_code(text)))
    block.replace_with(pre)


def _snippet_text(snippet: Tag) -> str:
    """WeChat's editor: one <code> per line inside the <pre>; the <ul> is the gutter."""
    codes = [c for c in tags_in(snippet, ("code",)) if c.find_parent("code") is None]
    if not codes:
        pre = snippet.find("pre")
        return _pre_text(pre) if pre else ""
    return "\n".join(_pre_text(code).removesuffix("\n") for code in codes)


def _pre_text(block: Tag) -> str:
    """The text of a code block: <br> and block children end lines, gutters are skipped."""
    out: list[str] = []
    end = object()
    stack: list = list(reversed(block.contents))
    while stack:
        node = stack.pop()
        if node is end:
            _newline(out)
        elif isinstance(node, Comment):
            continue
        elif isinstance(node, NavigableString):
            out.append(str(node))
        elif isinstance(node, Tag):
            if node.name == "br":
                out.append("\n")
            elif node.name in ("script", "style") or _is_gutter(node):
                continue
            else:
                if node.name in LINE_BLOCKS:
                    _newline(out)
                    stack.append(end)
                stack.extend(reversed(node.contents))
    return "".join(out)


def _newline(out: list[str]) -> None:
    if out and not out[-1].endswith("\n"):
        out.append("\n")


def _is_gutter(tag: Tag) -> bool:
    """Line numbers beside the code: a list or box marked as such that holds only digits."""
    classes = tag.get("class") or []
    marked = any(GUTTER.search(c) for c in classes) or (tag.name == "ul" and tag.find("code") is None)
    return marked and not re.sub(r"[\d\s.:]", "", tag.get_text())


def tidy_code(text: str) -> str:
    """Plain code: spaces for NBSP, no zero-width characters, no trailing spaces or blank edges."""
    text = strip_invisible(text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " "))
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def _language(block: Tag) -> str:
    """The language from `data-lang` or a `language-x`/`lang-x` class on the block or its code."""
    candidates = [block, *islice(iter_tags(block, ("pre", "code"), None), 3)]
    for node in candidates:
        lang = (node.get("data-lang") or "").strip()
        if lang:
            return _safe_lang(lang)
    for node in candidates:
        for cls in node.get("class") or []:
            match = LANG_CLASS.match(cls)
            if match and match.group(1).lower() not in NOT_CODE_LANGUAGES:
                return _safe_lang(match.group(1))
    return ""


def _safe_lang(lang: str) -> str:
    """An info string kramdown and GFM both accept: one word, no backticks."""
    lang = lang.strip().split()[0].lower() if lang.strip() else ""
    return re.sub(r"[^\w+#.-]", "", lang)
