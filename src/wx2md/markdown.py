"""Markdown: the cleaned tree written out by a markdownify subclass, then tidied.

markdownify does the walking; this subclass only decides what kramdown (Jekyll's
Markdown) needs that markdownify's defaults do not give: fenced code with a
language and a safe fence, math kept verbatim, tables with merged cells kept as
HTML, hard breaks that survive, and Liquid-looking text shielded by `{% raw %}`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

from bs4 import Tag
from markdownify import MarkdownConverter

from wx2md.footnotes import MARK as FOOTNOTE
from wx2md.engines.raw import shield_liquid
from wx2md.tags import HEADINGS, INLINE_KEEP
from wx2md.tree import tags_in

FENCE_LINE = re.compile(r"^\s*(`{3,}|~{3,})")
BACKTICK_RUN = re.compile(r"`{3,}")
# Text that a Markdown reader would take for HTML: a tag opener or an entity.
TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
# Text at a line start that Markdown would read as structure: headings, quotes,
# fences, bullets, numbered items, rules, link definitions.
LINE_START_SYNTAX = re.compile(
    r"^(\s*)(#{1,6}(?=\s|$)|>|`{3,}|~{3,}|[-+](?=\s)|\d+(?=[.)](?:\s|$))|(?:-\s*){3,}$|(?:=\s*){3,}$|\[(?=[^\]]*\]:))"
)
# A backslash escapes the ASCII punctuation after it (and breaks the line at a line's end).
BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")
# `_` opens emphasis only at a word's edge; letters, digits and CJK on both sides are safe.
EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# Brackets a renderer would read as a link (`[a](b)`, `[a][b]`) or a footnote (`[^1]`).
LINK_LIKE = re.compile(r"\[(?=\^|[^\]\n]*\][(\[])")
# Where line-start syntax is not at a line start: heading text follows `# `, cells are inline.
CELLS = frozenset({"td", "th"})
NO_LINE_START = HEADINGS | CELLS
# Tags whose converter reads the tag's own text, never its children's Markdown.
WRITTEN_WHOLE = frozenset({"pre", "x-math"})
LINE_ENDING_BLOCKS = frozenset({"p", "ul", "ol", "pre", "table", "blockquote", "hr", "div",
                                "h1", "h2", "h3", "h4", "h5", "h6"})


class PostConverter(MarkdownConverter):
    """markdownify tuned for Jekyll posts in Chinese."""

    class Options(MarkdownConverter.DefaultOptions):
        heading_style = "atx"
        bullets = "-"
        newline_style = "spaces"
        strong_em_symbol = "*"
        table_infer_header = True
        keep_inline_images_in = ["td", "th", "a"]
        escape_misc = False
        sup_symbol = "<sup>"
        sub_symbol = "<sub>"
        escape_underscores = False  # done in escape(): only at a word's edge

    def process_tag(self, node, parent_tags=None) -> str:
        """Tags written from their own text alone skip markdownify's walk of their children.

        `convert_pre` and `convert_x_math` read the tag's raw text and never the
        children's Markdown, so writing the children first would be thrown away.
        """
        if node.name in WRITTEN_WHOLE:
            convert = self.get_conv_fn_cached(node.name)
            if convert is not None:
                return convert(node, "", parent_tags=set() if parent_tags is None else parent_tags)
        return super().process_tag(node, parent_tags)

    def process_text(self, el, parent_tags=None) -> str:
        """Text, escaped for what it is where it lands: line-start syntax only at a line's start.

        Where the text lands is only looked up (in `escape`) for text that opens
        with such syntax: most text does not.
        """
        self._text = (el, parent_tags)
        try:
            return super().process_text(el, parent_tags)
        finally:
            self._text = None

    def escape(self, text: str, parent_tags: set[str]) -> str:
        """Escape only what a renderer would otherwise read as markup, nothing more.

        `*` always (it opens emphasis anywhere); `_` only at a word's edge
        (`tshark_manager.cpp` needs nothing: an underscore inside a word opens
        nothing in CommonMark or kramdown); a backslash only where it would
        escape the next character; `<tag`, `&name;`, `[text](` and `[^`; and
        syntax such as `# `, `> `, `- `, `2. ` only where this text starts an
        output line (never inside a heading or a table cell).
        """
        if not text:
            return text
        # Each rule runs only where its character occurs: most text holds none of them.
        if "\\" in text:
            text = BACKSLASH.sub(r"\\\\", text)
        text = super().escape(text, parent_tags)
        if "_" in text:
            text = EDGE_UNDERSCORE.sub(r"\\_", text)
        if "&" in text:
            text = ENTITY_LIKE.sub("&amp;", text)
        if "<" in text:
            text = TAG_LIKE.sub("&lt;", text)
        if "[" in text:
            text = LINK_LIKE.sub(r"\\[", text)
        if LINE_START_SYNTAX.match(text) and self._starts_line():
            text = LINE_START_SYNTAX.sub(_escape_line_start, text, count=1)
        return text

    def _starts_line(self) -> bool:
        """Whether the text being written starts an output line (yes when called outside a text)."""
        where = getattr(self, "_text", None)
        return True if where is None else _starts_line(where[0], where[1] or set())

    def convert_pre(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        code = el.get_text()
        if not code.strip():
            return ""
        longest = max((len(m) for m in BACKTICK_RUN.findall(code)), default=0) if "```" in code else 0
        fence = "`" * max(3, longest + 1)
        lang = el.get("data-lang") or ""
        return f"\n\n{fence}{lang}\n{code}\n{fence}\n\n"

    def convert_x_math(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        latex = el.get_text().strip()
        if not latex:
            return ""
        if el.get("data-display") == "block" and "_inline" not in parent_tags:
            return f"\n\n$$\n{latex}\n$$\n\n"
        # kramdown leaves `$…$` to the page's MathJax but would read `*x*` inside as emphasis.
        return "$" + latex.replace("*", "\\*") + "$"

    def convert_table(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if _needs_html(el):
            return "\n\n" + _table_html(el) + "\n\n"
        return super().convert_table(el, text, parent_tags)

    def convert_td(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return super().convert_td(el, _cell(text), parent_tags)

    def convert_th(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        return super().convert_th(el, _cell(text), parent_tags)

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """An item that opens with a code fence gets an empty comment as its first line.

        kramdown only sees a fence that starts its own line inside an item, and
        an item whose first line is empty shifts its code; `<!-- -->` holds the
        line and renders as nothing.
        """
        if not CELLS.isdisjoint(parent_tags):
            return _cell_item(el, text)
        out = super().convert_li(el, text, parent_tags)
        bullet, _, rest = out.partition(" ")
        if rest.startswith(("```", "~~~")):
            return f"{bullet} <!-- -->\n" + " " * (len(bullet) + 1) + rest
        return out

    def convert_list(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """kramdown numbers every list from 1 unless told: `{: start="N"}` tells it."""
        if not CELLS.isdisjoint(parent_tags):
            return text  # a cell is one line: its items are `<br>`-separated (`_cell_item`)
        out = super().convert_list(el, text, parent_tags)
        start = str(el.get("start") or "1").strip()
        if el.name == "ol" and start.isdigit() and int(start) != 1 and "li" not in parent_tags:
            return f'\n\n{{: start="{int(start)}"}}\n' + out.lstrip("\n")
        return out

    convert_ol = convert_list
    convert_ul = convert_list

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if not CELLS.isdisjoint(parent_tags):  # markdownify keeps cell images only as direct children
            parent_tags = parent_tags - {"_inline"}
        return super().convert_img(el, text, parent_tags)

    def convert_br(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if not CELLS.isdisjoint(parent_tags):
            return "<br>"
        return super().convert_br(el, text, parent_tags)

    def convert_sup(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """A kept note's reference is kramdown's (and GitHub's) footnote: `[^n]`."""
        if el.get(FOOTNOTE):
            return f"[^{el[FOOTNOTE]}]"
        return super().convert_sup(el, text, parent_tags)

    def convert_p(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if el.get(FOOTNOTE) and not parent_tags & {"td", "th", "li", "blockquote"}:
            return f"\n\n[^{el[FOOTNOTE]}]: {text.strip()}\n\n"
        if not CELLS.isdisjoint(parent_tags):
            return text.strip() + "<br>"
        return super().convert_p(el, text, parent_tags)


def _starts_line(el, parent_tags: set[str]) -> bool:
    """Whether a text node begins an output line: first in its block, or right after a <br>.

    Text inside bold, links and the like never does: their markers come first.
    """
    if NO_LINE_START & parent_tags:
        return False
    parent = getattr(el, "parent", None)
    if parent is not None and parent.name in INLINE_KEEP:
        return False
    node = el.previous_sibling
    while node is not None:
        if isinstance(node, Tag):
            return node.name == "br" or node.name in LINE_ENDING_BLOCKS
        if str(node).strip():
            return False
        node = node.previous_sibling
    return True


def _escape_line_start(match: re.Match[str]) -> str:
    lead, syntax = match.group(1), match.group(2)
    if syntax[0].isdigit():
        return lead + syntax + "\\"  # `2. ` -> `2\. `: the escape goes on the dot
    return lead + "\\" + syntax


def _cell_item(el: Tag, text: str) -> str:
    """A list item inside a table cell: `• item<br>` (GFM cells hold no blocks; the item's text is kept
    whole, a number written as text would read as part of it)."""
    text = text.strip()
    while text.endswith("<br>"):
        text = text[: -len("<br>")].rstrip()
    return f"• {text}<br>" if text else ""


def _cell(text: str) -> str:
    """GFM cells are one line: paragraph breaks become <br>, pipes are escaped."""
    text = text.strip()
    while text.endswith("<br>"):
        text = text[: -len("<br>")].rstrip()
    text = re.sub(r" {2}\n", "<br>", text).replace("\n", " ")
    return text.replace("|", r"\|")


def _needs_html(table: Tag) -> bool:
    """Merged cells and nested tables have no GFM form; such a table stays HTML."""
    if table.find("table") is not None or len(tags_in(table, ("tr",))) < 2:
        return True  # nested, or one row: kramdown makes no table of a lone header row
    return any(
        str(cell.get(attr, "1")).strip() not in ("", "1")
        for cell in tags_in(table, ("td", "th"))
        for attr in ("colspan", "rowspan")
    )


def _table_html(table: Tag) -> str:
    """The cleaned table as compact HTML (attributes were already reduced to spans)."""
    markup = re.sub(r">\s+<", "><", str(table))
    markup = re.sub(r"</p>\s*<p>", "<br>", markup)
    return re.sub(r"</?p>", "", markup)


def to_markdown(root: Tag, guard: Callable[[str], str] = shield_liquid) -> str:
    """The Markdown body for a cleaned tree, tidied and guarded by the site's engine (Jekyll: Liquid)."""
    text = _converter().convert_soup(root)
    return guard(tidy(text))


_CONVERTERS = threading.local()


def _converter() -> PostConverter:
    """This thread's PostConverter: its options never change, and building one reads them all again.

    One per thread, as `process_text` keeps the text being written on the converter.
    """
    converter = getattr(_CONVERTERS, "converter", None)
    if converter is None:
        converter = _CONVERTERS.converter = PostConverter()
    return converter


def fenced_lines(lines: list[str]):
    """Each line with whether it belongs to a fenced code block (its fences included)."""
    fence = ""
    for line in lines:
        match = FENCE_LINE.match(line) if "`" in line or "~" in line else None
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) and not line.strip(fence[0] + " "):
                fence = ""
            yield line, True
        elif match:
            fence = match.group(1)
            yield line, True
        else:
            yield line, False


# Public: the image stage and normalize read fenced code exactly as the writer does.


def tidy(text: str) -> str:
    """Blank lines collapsed, trailing spaces gone except real hard breaks, code untouched."""
    out: list[str] = []
    lines = text.split("\n")
    # Without a fence in the text no line is code (the common case, and a cheaper loop).
    marked = fenced_lines(lines) if "```" in text or "~~~" in text else ((line, False) for line in lines)
    for line, code in marked:
        if code:
            out.append(line)
            continue
        stripped = line.rstrip()
        if stripped:
            out.append(stripped + "  " if line.endswith("  ") else stripped)
        elif out and out[-1]:
            out.append("")
    return "\n".join(out).strip("\n") + "\n"
