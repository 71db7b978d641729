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
from lxml import etree

from wx2md.tags import DROP_TAGS
from wx2md.text import strip_invisible
from wx2md.tree import gone, iter_tags, tags_in
from wx2md.wechat import FURNITURE, NOT_CODE_LANGUAGES, Class, Widget

GUTTER = re.compile(r"line-?index|line-?numbers?|linenums?|gutter|hljs-ln-numbers", re.I)
# `code-snippet__python` is WeChat's editor (wechat.Class.CODE_SNIPPET names its block).
LANG_CLASS = re.compile(r"^(?:language|lang|code-snippet_?_|hljs|brush:?)[-_]?(\w[\w+#.-]*)$", re.I)
LINE_BLOCKS = frozenset({"p", "div", "li", "section", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})


def rebuild_code_blocks(root: Tag, soup: BeautifulSoup) -> None:
    """Replace every code block under `root` with `<pre data-lang=…>plain text</pre>`."""
    # One walk for both kinds of block.
    found = tags_in(root, where=lambda tag: tag.name == "pre" or (tag.attrs.get("class") and _is_snippet(tag)))
    snippets = [tag for tag in found if _is_snippet(tag)]
    for snippet in snippets:
        if not gone(snippet):
            _replace(snippet, _snippet_text(snippet), _language(snippet), soup)
    # Rebuilt snippets took their <pre>s with them: walk again only then.
    pres = tags_in(root, ("pre",)) if snippets else [tag for tag in found if tag.name == "pre"]
    for pre in pres:
        if gone(pre) or pre.find_parent("pre") is not None:
            continue
        _replace(pre, _pre_text(pre), _language(pre), soup)


def _is_snippet(tag: Tag) -> bool:
    """WeChat's own code block: a class containing `code-snippet__fix`."""
    value = tag.get("class")
    return bool(value) and Class.CODE_SNIPPET in (value if isinstance(value, str) else " ".join(value))


def _replace(block: Tag, text: str, lang: str, soup: BeautifulSoup) -> None:
    """Put `<pre data-lang=lang>text</pre>` where `block` is.

    A `<pre>` is emptied and refilled where it stands: replacing it means
    finding it among its parent's children, and an mdnice body is one parent
    of hundreds of blocks. Its old content is decomposed, so a `<pre>` nested
    in it reads as `gone` and is not rebuilt on its own.
    """
    if block.name == "pre":
        block.attrs = {"data-lang": lang} if lang else {}
        block.clear(decompose=True)
        block.append(NavigableString(tidy_code(text)))
        return
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
        elif isinstance(node, Tag):
            name = node.name
            if name == "br":
                out.append("\n")
            elif name in ("script", "style") or ((node.attrs.get("class") or name == "ul") and _is_gutter(node)):
                continue  # (only a classed tag or a <ul> can be a gutter: asked first, it spares the call)
            else:
                if name in LINE_BLOCKS:
                    _newline(out)
                    stack.append(end)
                stack.extend(reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, Comment):
            out.append(node)
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


# ------------------------------------------------------------------ the shortcut for article bodies

# Tags the stages before this one read or change inside a block (widgets, noise, footnote
# marks, topic links, gutters, nested blocks): a block holding one is built in full.
_NOT_PLAIN = DROP_TAGS | {"pre", "sup", "a", "ul", "iframe", "video", *Widget.UNPREFIXED}


def stand_in(pre: etree._Element) -> etree._Element | None:
    """What a top-level `<pre>` of an article body can be built as instead; None when it is not plain.

    mdnice bodies hold thousands of highlight `<span>`s and `<br>`s inside
    `<pre>`, three quarters of the body's nodes, all flattened to text here
    later. A plain `<pre>` is built as `<pre>` holding that text and empty
    copies of its first `<code>`s (where `_language` looks): every stage before
    this one leaves such a block as it is, and this one gives the same code
    block for both. Not for a body the footnote stage reads
    (`footnotes.may_hold_marks`): it reads the text around its references.
    """
    for ancestor in pre.iterancestors():
        if _widget_or_snippet(ancestor):
            return None
    text = _plain_text(pre)
    if text is None:
        return None
    try:  # lxml refuses control characters in a new element's text or attributes
        stand_in = etree.Element("pre", dict(pre.items()))
        stand_in.text = text or None
        for code in islice(pre.iter("code"), 3):
            stand_in.append(etree.Element("code", dict(code.items())))
    except ValueError:
        return None
    return stand_in


def _widget_or_snippet(node: etree._Element) -> bool:
    name = node.tag
    if not isinstance(name, str):
        return False
    if name.startswith(Widget.PREFIX) or name in Widget.UNPREFIXED or name in ("iframe", "video") or node.get("data-formula"):
        return True
    return Class.CODE_SNIPPET in (node.get("class") or "")


# Attributes `_plain_text` reads; an element with none of them (an mdnice block is thousands of
# spans and <br>s carrying only `style`) is not asked for each one.
_READ_ATTRIBUTES = frozenset({"id", "class", "data-formula"})


def _plain_text(block: etree._Element) -> str | None:
    """`_pre_text` of the bs4 tree built from `block`; None when `block` is not plain.

    Plain: nothing the stages before this one read or change (no widget,
    noise, footnote mark, topic link, gutter, nested block, comment, script),
    checked on the same walk.
    """
    if next(block.iterdescendants(etree.Comment, etree.ProcessingInstruction, etree.Entity), None) is not None:
        return None  # (the walk below sees elements only)
    out: list[str] = []
    for event, node in etree.iterwalk(block, events=("start", "end")):
        name = node.tag
        if event == "start":
            if not isinstance(name, str) or (name in _NOT_PLAIN and node is not block) or name.startswith(Widget.PREFIX):
                return None
            if not _READ_ATTRIBUTES.isdisjoint(node.keys()) and _read_by_earlier_stages(node):
                return None
            if name == "br":
                out.append("\n")
            elif name in LINE_BLOCKS:
                _newline(out)
            if node.text:
                out.append(node.text)
        elif node is block:
            break
        else:
            if name in LINE_BLOCKS:
                _newline(out)
            if node.tail:
                out.append(node.tail)
    return "".join(out)


def _read_by_earlier_stages(node: etree._Element) -> bool:
    """Whether `node`'s attributes make it a formula, page furniture, a code snippet or a gutter."""
    if node.get("data-formula") or node.get("id") in FURNITURE:
        return True
    classes = node.get("class")
    # GUTTER holds no space: it matches the whole value where it matches one of its words
    return bool(classes) and (
        Class.CODE_SNIPPET in classes or GUTTER.search(classes) is not None or not FURNITURE.isdisjoint(classes.split())
    )
