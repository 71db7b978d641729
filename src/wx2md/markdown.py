"""Markdown: the cleaned tree written out by a markdownify subclass, then tidied.

markdownify does the walking; this subclass only decides what kramdown (Jekyll's
Markdown) needs that markdownify's defaults do not give: fenced code with a
language and a safe fence, math kept verbatim, tables with merged cells kept as
HTML, hard breaks that survive, and Liquid-looking text shielded by `{% raw %}`.
"""

from __future__ import annotations

import re

from bs4 import Tag
from markdownify import MarkdownConverter

LIQUID = re.compile(r"\{\{|\{%")
FENCE_LINE = re.compile(r"^\s*(`{3,}|~{3,})")
# Text that a Markdown reader would take for HTML: a tag opener or an entity.
TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
# Text at a line start that Markdown would read as structure: headings, quotes,
# fences, bullets, numbered items, rules, link definitions.
LINE_START_SYNTAX = re.compile(
    r"^(\s*)(#{1,6}(?=\s|$)|>|`{3,}|~{3,}|[-+](?=\s)|\d+(?=[.)](?:\s|$))|(?:-\s*){3,}$|(?:=\s*){3,}$|\[(?=[^\]]*\]:))",
    re.M,
)


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

    def escape(self, text: str, parent_tags: set[str]) -> str:
        """markdownify's escapes plus what kramdown would otherwise read as markup.

        Backslashes first (so `\\d` stays `\\d`), then `<tag`, `&name;`, and
        syntax at a line start (`# `, `>`, fences, `- `, `2. `, `---`, `[1]:`).
        """
        if not text:
            return text
        text = super().escape(text.replace("\\", "\\\\"), parent_tags)
        text = ENTITY_LIKE.sub("&amp;", text)
        text = TAG_LIKE.sub("&lt;", text)
        return LINE_START_SYNTAX.sub(_escape_line_start, text)

    def convert_pre(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        code = el.get_text()
        if not code.strip():
            return ""
        longest = max((len(m) for m in re.findall(r"`{3,}", code)), default=0)
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
        out = super().convert_li(el, text, parent_tags)
        bullet, _, rest = out.partition(" ")
        if rest.startswith(("```", "~~~")):
            return f"{bullet} <!-- -->\n" + " " * (len(bullet) + 1) + rest
        return out

    def convert_list(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """kramdown numbers every list from 1 unless told: `{: start="N"}` tells it."""
        out = super().convert_list(el, text, parent_tags)
        start = str(el.get("start") or "1").strip()
        if el.name == "ol" and start.isdigit() and int(start) != 1 and "li" not in parent_tags:
            return f'\n\n{{: start="{int(start)}"}}\n' + out.lstrip("\n")
        return out

    convert_ol = convert_list
    convert_ul = convert_list

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if {"td", "th"} & parent_tags:  # markdownify keeps cell images only as direct children
            parent_tags = parent_tags - {"_inline"}
        return super().convert_img(el, text, parent_tags)

    def convert_br(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if {"td", "th"} & parent_tags:
            return "<br>"
        return super().convert_br(el, text, parent_tags)

    def convert_p(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if {"td", "th"} & parent_tags:
            return text.strip() + "<br>"
        return super().convert_p(el, text, parent_tags)


def _escape_line_start(match: re.Match[str]) -> str:
    lead, syntax = match.group(1), match.group(2)
    if syntax[0].isdigit():
        return lead + syntax + "\\"  # `2. ` -> `2\. `: the escape goes on the dot
    return lead + "\\" + syntax


def _cell(text: str) -> str:
    """GFM cells are one line: paragraph breaks become <br>, pipes are escaped."""
    text = text.strip()
    while text.endswith("<br>"):
        text = text[: -len("<br>")].rstrip()
    text = re.sub(r" {2}\n", "<br>", text).replace("\n", " ")
    return text.replace("|", r"\|")


def _needs_html(table: Tag) -> bool:
    """Merged cells and nested tables have no GFM form; such a table stays HTML."""
    if table.find("table") is not None or len(table.find_all("tr")) < 2:
        return True  # nested, or one row: kramdown makes no table of a lone header row
    return any(
        str(cell.get(attr, "1")).strip() not in ("", "1")
        for cell in table.find_all(("td", "th"))
        for attr in ("colspan", "rowspan")
    )


def _table_html(table: Tag) -> str:
    """The cleaned table as compact HTML (attributes were already reduced to spans)."""
    markup = re.sub(r">\s+<", "><", str(table))
    markup = re.sub(r"</p>\s*<p>", "<br>", markup)
    return re.sub(r"</?p>", "", markup)


def to_markdown(root: Tag) -> str:
    """The Markdown body for a cleaned tree, tidied and shielded from Liquid."""
    text = PostConverter().convert_soup(root)
    return shield_liquid(tidy(text))


def _fenced(lines: list[str]):
    """Each line with whether it belongs to a fenced code block (its fences included)."""
    fence = ""
    for line in lines:
        match = FENCE_LINE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) and not line.strip(fence[0] + " "):
                fence = ""
            yield line, True
        elif match:
            fence = match.group(1)
            yield line, True
        else:
            yield line, False


def tidy(text: str) -> str:
    """Blank lines collapsed, trailing spaces gone except real hard breaks, code untouched."""
    out: list[str] = []
    for line, code in _fenced(text.split("\n")):
        if code:
            out.append(line)
            continue
        stripped = line.rstrip()
        if stripped or (out and out[-1]):
            out.append(stripped + ("  " if stripped and line.endswith("  ") else ""))
    return "\n".join(_drop_dangling_breaks(out)).strip("\n") + "\n"


def _drop_dangling_breaks(lines: list[str]) -> list[str]:
    """A hard break before a blank line (or the end) breaks nothing: remove its spaces."""
    result = list(lines)
    for i, line in enumerate(result):
        nxt = result[i + 1] if i + 1 < len(result) else ""
        if line.endswith("  ") and not nxt.strip():
            result[i] = line.rstrip()
    return result


def shield_liquid(text: str) -> str:
    """Wrap each block that Liquid would evaluate in `{% raw %}…{% endraw %}`.

    The tags go on the block's own first and last lines, so once Liquid has
    removed them the Markdown is exactly what it was (no stray blank lines to
    break a list or a paragraph).
    """
    if not LIQUID.search(text):
        return text
    blocks = _blocks(text)
    out = []
    for block in blocks:
        if LIQUID.search(block) and block.strip():
            block = block.replace("{% endraw %}", "{% endraw %}{{ '{% endraw %}' }}{% raw %}")
            out.append("{% raw %}" + block + "{% endraw %}")
        else:
            out.append(block)
    return "\n\n".join(out) + ("\n" if not out or not out[-1].endswith("\n") else "")


def _blocks(text: str) -> list[str]:
    """Split on blank lines, never inside a fenced code block."""
    blocks: list[str] = []
    current: list[str] = []
    for line, code in _fenced(text.rstrip("\n").split("\n")):
        if not code and not line.strip():
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks
